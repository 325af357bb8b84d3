//! The REST admin API's history reads, in Tencent's field names: a group's messages by sequence
//! (`group_open_http_svc/group_msg_get_simple`, read as the group's owner) and a one-to-one
//! chat's by time (`openim/admin_getroammsg`, read as its operator), newest first. Both are the
//! cloud's history pages from a point (getMessageListHopping's request), taken until the page
//! asked for is full. Also the file elements both ways: a message's in Tencent's form
//! (`msg_body`) and, for `openim/sendmsg`, the payload a client makes of one (`media_of`).

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use crate::commands::{msg_key, need, Admin, Failed, BAD_FIELD};
use serde_json::{json, Value};
use tim_wasm::cloud::hopping::HOP_MAX;
use tim_wasm::cloud::message_ops::MessageOp;
use tim_wasm::cloud::protocol::{Request, Response};
use tim_wasm::core::message::{Message, Payload};

/// A message's `MsgBody` in Tencent's elements: text (also @-text), custom, face, location and
/// file messages (their URLs `/files/…` on this server, signed for `file_url`'s reader); the
/// cloud's own kinds (group tips, system notices) have none here.
fn msg_body(p: &Payload, file_url: &dyn Fn(&str) -> String) -> Value {
    match p {
        Payload::Text { text } | Payload::TextAt { text, .. } => {
            json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}])
        }
        Payload::Custom {
            data,
            description,
            extension,
        } => {
            json!([{"MsgType": "TIMCustomElem", "MsgContent": {"Data": data, "Desc": description, "Ext": extension}}])
        }
        Payload::Face { index, data } => {
            json!([{"MsgType": "TIMFaceElem", "MsgContent": {"Index": index, "Data": data}}])
        }
        Payload::Location {
            description,
            longitude,
            latitude,
        } => {
            let num = |t: &str| serde_json::from_str::<Value>(t).unwrap_or(Value::Null);
            json!([{"MsgType": "TIMLocationElem", "MsgContent": {"Desc": description, "Latitude": num(latitude), "Longitude": num(longitude)}}])
        }
        Payload::Media { kind, body } => {
            let p: Value = serde_json::from_str(body).unwrap_or(Value::Null);
            // serde_json's `get`: a field that is not there reads as null.
            let at = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
            let g = |k: &str| at(&p, k);
            let text = |k: &str| {
                p.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let uuid = text("uuid");
            // A URL the sender gave (`openim/sendmsg`) as it is; else this server's, signed.
            let given = |v: &Value, k: &str| {
                v.get(k)
                    .and_then(Value::as_str)
                    .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                    .map(str::to_string)
            };
            let (elem, content) = match kind {
                0 => {
                    let infos: Vec<Value> = p
                        .get("imageInfoArray")
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .map(|i| {
                                    json!({"Type": at(i, "sizeType"), "Size": at(i, "size"),
                                    "Width": at(i, "width"), "Height": at(i, "height"),
                                    "URL": given(i, "url").unwrap_or_else(|| file_url(&uuid))})
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    (
                        "TIMImageElem",
                        json!({"UUID": uuid, "ImageFormat": g("imageFormat"),
                        "ImageInfoArray": infos}),
                    )
                }
                1 => (
                    "TIMFileElem",
                    json!({"Url": given(&p, "fileUrl").unwrap_or_else(|| file_url(&uuid)), "UUID": uuid,
                    "FileSize": g("fileSize"), "FileName": g("fileName"), "Download_Flag": 2}),
                ),
                2 => (
                    "TIMSoundElem",
                    json!({"Url": given(&p, "url").unwrap_or_else(|| file_url(&uuid)), "UUID": uuid,
                    "Size": g("size"), "Second": g("second"), "Download_Flag": 2}),
                ),
                _ => {
                    let (video, thumb) = (text("videoUUID"), text("thumbUUID"));
                    let url = |u: &str| {
                        if u.is_empty() {
                            String::new()
                        } else {
                            file_url(u)
                        }
                    };
                    (
                        "TIMVideoFileElem",
                        json!({"VideoUrl": given(&p, "videoUrl").unwrap_or_else(|| url(&video)), "VideoUUID": video,
                        "VideoSize": g("videoSize"), "VideoSecond": g("videoSecond"),
                        "VideoFormat": g("videoFormat"), "VideoDownloadFlag": 2,
                        "ThumbUrl": given(&p, "thumbUrl").unwrap_or_else(|| url(&thumb)), "ThumbUUID": thumb, "ThumbSize": g("thumbSize"),
                        "ThumbWidth": g("thumbWidth"), "ThumbHeight": g("thumbHeight"),
                        "ThumbFormat": g("thumbFormat"), "ThumbDownloadFlag": 2}),
                    )
                }
            };
            json!([{"MsgType": elem, "MsgContent": content}])
        }
        _ => json!([]),
    }
}

/// A file message from Tencent's element `elem` (`openim/sendmsg`): the payload a client makes
/// (`Payload::Media`, the original's keys in its order), the element's URLs kept (the page
/// shows an http(s) URL it has no file of its own for as it is).
pub(crate) fn media_of(elem: &str, c: &Value) -> Payload {
    let n = |k: &str| json!(c.get(k).and_then(Value::as_u64).unwrap_or(0));
    let s = |k: &str| json!(c.get(k).and_then(Value::as_str).unwrap_or_default());
    // Ordered: `json!` would sort the keys.
    let obj = |fields: &[(&str, Value)]| {
        let inner: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}:{v}", json!(k)))
            .collect();
        format!("{{{}}}", inner.join(","))
    };
    let (kind, body) = match elem {
        "TIMImageElem" => {
            let infos: Vec<String> = c
                .get("ImageInfoArray")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .take(3)
                        .enumerate()
                        .map(|(i, e)| {
                            let g = |k: &str| json!(e.get(k).and_then(Value::as_u64).unwrap_or(0));
                            let url =
                                json!(e.get("URL").and_then(Value::as_str).unwrap_or_default());
                            obj(&[
                                ("instanceID", json!(0)),
                                ("sizeType", g("Type")),
                                ("type", json!(i)),
                                ("size", g("Size")),
                                ("width", g("Width")),
                                ("height", g("Height")),
                                ("imageUrl", url.clone()),
                                ("url", url),
                            ])
                        })
                        .collect()
                })
                .unwrap_or_default();
            let format = c.get("ImageFormat").and_then(Value::as_u64).unwrap_or(255);
            (
                0,
                format!(
                    "{{\"imageFormat\":{format},\"uuid\":{},\"imageInfoArray\":[{}]}}",
                    s("UUID"),
                    infos.join(",")
                ),
            )
        }
        "TIMFileElem" => (
            1,
            obj(&[
                ("downloadFlag", json!(2)),
                ("fileUrl", s("Url")),
                ("remoteFileUrl", s("Url")),
                ("uuid", s("UUID")),
                ("fileName", s("FileName")),
                ("fileSize", n("FileSize")),
            ]),
        ),
        "TIMSoundElem" => (
            2,
            obj(&[
                ("downloadFlag", json!(2)),
                ("second", n("Second")),
                ("size", n("Size")),
                ("url", s("Url")),
                ("remoteAudioUrl", s("Url")),
                ("uuid", s("UUID")),
            ]),
        ),
        _ => (
            3,
            obj(&[
                ("remoteVideoUrl", s("VideoUrl")),
                ("videoFormat", s("VideoFormat")),
                ("videoSecond", n("VideoSecond")),
                ("videoSize", n("VideoSize")),
                ("videoUrl", s("VideoUrl")),
                ("videoDownloadFlag", json!(2)),
                ("videoUUID", s("VideoUUID")),
                ("thumbUUID", s("ThumbUUID")),
                ("thumbFormat", s("ThumbFormat")),
                ("thumbWidth", n("ThumbWidth")),
                ("snapshotWidth", n("ThumbWidth")),
                ("thumbHeight", n("ThumbHeight")),
                ("snapshotHeight", n("ThumbHeight")),
                ("thumbSize", n("ThumbSize")),
                ("snapshotSize", n("ThumbSize")),
                ("thumbDownloadFlag", json!(2)),
                ("thumbUrl", s("ThumbUrl")),
                ("snapshotUrl", s("ThumbUrl")),
                ("remoteSnapshotUrl", s("ThumbUrl")),
                ("remoteThumbUrl", s("ThumbUrl")),
            ]),
        ),
    };
    Payload::Media { kind, body }
}

/// A whole-number field in `range`, or `default` when absent.
fn count(body: &Value, key: &str, range: std::ops::RangeInclusive<u64>) -> Result<u64, Failed> {
    match body.get(key) {
        Some(v) => v.as_u64().filter(|n| range.contains(n)).ok_or_else(|| {
            (
                BAD_FIELD,
                format!("{key} is {} to {}", range.start(), range.end()),
            )
        }),
        None => Err((BAD_FIELD, format!("{key} is required"))),
    }
}

impl Admin<'_> {
    /// A file's URL on this server for the administrator (`files::path`).
    fn file_url(&self) -> impl Fn(&str) -> String {
        let (key, admin, now) = (self.key.to_string(), self.admin.to_string(), self.now);
        move |name| crate::files::path(&key, &admin, name, now)
    }

    /// Runs one of the history commands (`None`: not one of them).
    pub(crate) fn history(&mut self, command: &str, body: &Value) -> Option<Result<Value, Failed>> {
        Some(match command {
            "group_open_http_svc/group_msg_get_simple" => self.group_msg_get_simple(body),
            "openim/admin_getroammsg" => self.admin_getroammsg(body),
            _ => return None,
        })
    }

    /// Up to `want` messages of `user`'s conversation `conv` from `next` (a group's sequence,
    /// a one-to-one chat's time; 0: the newest) down, past message `cursor`, newest first, and
    /// whether none is left; `stop` ends the history at the first message it refuses.
    fn older(
        &mut self,
        user: &str,
        conv: &str,
        mut next: u64,
        mut cursor: Option<String>,
        want: usize,
        stop: impl Fn(&Message) -> bool,
    ) -> Result<(Vec<Message>, bool), Failed> {
        let group = conv.starts_with("GROUP");
        let mut out: Vec<Message> = Vec::new();
        loop {
            let op = MessageOp {
                op: "getMessageListHopping".into(),
                conversation_id: conv.to_string(),
                ids: cursor.take().into_iter().collect(),
                count: (want - out.len()).min(HOP_MAX) as u64,
                next,
                ..MessageOp::default()
            };
            let Response::Messages { messages, complete } =
                self.call(user, Request::MessageOp(op))?
            else {
                return Err((BAD_FIELD, "no messages in the answer".into()));
            };
            let empty = messages.is_empty();
            for m in messages.into_iter().rev() {
                if stop(&m) {
                    return Ok((out, true));
                }
                out.push(m);
            }
            let Some(last) = out
                .last()
                .filter(|_| !complete && !empty && out.len() < want)
            else {
                return Ok((out, complete));
            };
            // On from the oldest so far: a group's next sequence down; a one-to-one chat's
            // time, past that message.
            if group {
                // Sequence 0 would mean the newest: nothing is older than the first.
                if last.sequence <= 1 {
                    return Ok((out, true));
                }
                next = last.sequence - 1;
            } else {
                next = last.time;
                cursor = Some(last.id.clone());
            }
        }
    }

    /// `{GroupId, ReqMsgNumber (1–20), ReqMsgSeq?}` → `{GroupId, IsFinished, RspMsgList}`: the
    /// group's messages at or before ReqMsgSeq (the newest without), newest first.
    fn group_msg_get_simple(&mut self, body: &Value) -> Result<Value, Failed> {
        let group_id = need(body, "GroupId")?.to_string();
        let want = count(body, "ReqMsgNumber", 1..=20)? as usize;
        let from = body.get("ReqMsgSeq").and_then(Value::as_u64).unwrap_or(0);
        let owner = self.group(&group_id)?.owner_id;
        let conv = format!("GROUP{group_id}");
        let file_url = self.file_url();
        let (list, complete) = self.older(&owner, &conv, from, None, want, |_| false)?;
        let items: Vec<Value> = list
            .iter()
            .map(|m| {
                json!({"From_Account": m.from, "IsPlaceMsg": 0, "MsgBody": msg_body(&m.payload, &file_url),
                       "MsgPriority": 1, "MsgRandom": m.random, "MsgSeq": m.sequence,
                       "MsgTimeStamp": m.time})
            })
            .collect();
        Ok(json!({ "GroupId": group_id, "IsFinished": u8::from(complete), "RspMsgList": items }))
    }

    /// `{Operator_Account, Peer_Account, MaxCnt (1–100), MinTime, MaxTime, LastMsgKey?}` →
    /// `{Complete, MsgCnt, LastMsgTime, LastMsgKey, MsgList}`: the chat's messages sent from
    /// MinTime to MaxTime, newest first; the next page passes LastMsgTime as MaxTime and
    /// LastMsgKey back (an opaque key: the last message's ID here).
    fn admin_getroammsg(&mut self, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "Operator_Account")?.to_string();
        let peer = need(body, "Peer_Account")?.to_string();
        let want = count(body, "MaxCnt", 1..=100)? as usize;
        let min = count(body, "MinTime", 0..=u64::MAX)?;
        let max = count(body, "MaxTime", 0..=u64::MAX)?;
        let key = body
            .get("LastMsgKey")
            .and_then(Value::as_str)
            .filter(|k| !k.is_empty())
            .map(str::to_string);
        let conv = format!("C2C{peer}");
        let file_url = self.file_url();
        let (list, complete) = self.older(&user, &conv, max.max(1), key, want, |m| m.time < min)?;
        let items: Vec<Value> = list
            .iter()
            .map(|m| {
                json!({"From_Account": m.from, "To_Account": m.to, "MsgSeq": m.sequence,
                       "MsgRandom": m.random, "MsgTimeStamp": m.time, "MsgFlagBits": 0,
                       "MsgKey": msg_key(m),
                       "MsgBody": msg_body(&m.payload, &file_url), "CloudCustomData": m.cloud_custom_data})
            })
            .collect();
        let last = list.last();
        Ok(json!({
            "Complete": u8::from(complete),
            "MsgCnt": items.len(),
            "LastMsgTime": last.map_or(0, |m| m.time),
            "LastMsgKey": last.map_or(String::new(), |m| m.id.clone()),
            "MsgList": items,
        }))
    }
}
