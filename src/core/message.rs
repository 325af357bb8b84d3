//! Messages: payloads, the Message object, and a conversation's `lastMessage` (spec §8.3).
//! Only fields with data are kept; the JS entry gives the objects the original's full shape
//! (the Message's 50 keys, `lastMessage`'s 14) from templates.

use super::json::{Json, ToJson};
use super::value::Value;

/// Element types (`TYPES.MSG_*`).
pub const MSG_TEXT: &str = "TIMTextElem";
pub const MSG_CUSTOM: &str = "TIMCustomElem";
pub const MSG_GRP_TIP: &str = "TIMGroupTipElem";
#[cfg(feature = "full")]
pub const MSG_GRP_SYS_NOTICE: &str = "TIMGroupSystemNoticeElem";
#[cfg(feature = "full")]
pub const MSG_FACE: &str = "TIMFaceElem";
#[cfg(feature = "full")]
pub const MSG_LOCATION: &str = "TIMLocationElem";
#[cfg(feature = "full")]
pub const MSG_MERGER: &str = "TIMRelayElem";

/// The kinds of file a message carries (the full build's), by [`Payload::Media`]'s `kind`: the
/// element type and `messageForShow` in English and Chinese.
#[cfg(feature = "full")]
pub const MEDIA: [(&str, &str, &str); 4] = [
    ("TIMImageElem", "[Image]", "[图片]"),
    ("TIMFileElem", "[File]", "[文件]"),
    ("TIMSoundElem", "[Voice]", "[语音]"),
    ("TIMVideoFileElem", "[Video]", "[视频]"),
];

/// A caller's value as JSON, as `JSON.stringify` writes it (undefined members and functions
/// left out, numbers by [`number_text`]): the messages a merger carries.
#[cfg(feature = "full")]
pub fn write_value(j: &mut Json, v: &Value) {
    match v {
        Value::Bool(b) => {
            j.bool(*b);
        }
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => {
            if *n < 0.0 {
                j.raw(&number_text(*n));
            } else {
                j.num(*n as u64);
            }
        }
        Value::Number(n) => {
            j.raw(&number_text(*n));
        }
        Value::Str(s) => {
            j.str(s);
        }
        Value::Array(items) => {
            j.open_array();
            for x in items {
                write_value(j, x);
            }
            j.close_array();
        }
        Value::Object(fields) => {
            j.open();
            for (k, x) in fields {
                if !matches!(x, Value::Undefined | Value::Function { .. }) {
                    j.key(k);
                    write_value(j, x);
                }
            }
            j.close();
        }
        _ => {
            j.null();
        }
    }
}

/// A number as the JSON text JavaScript writes for it (`null` when not finite, as
/// `JSON.stringify`). Natively Rust's shortest round-trip form; in the page the facade supplies
/// the engine's own (`set_number_text`): Rust's float formatting would cost the wasm ~10 KB.
#[cfg(feature = "full")]
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return "null".to_string();
    }
    #[cfg(not(target_arch = "wasm32"))]
    return format!("{n}");
    #[cfg(target_arch = "wasm32")]
    NUMBER_TEXT.with(|f| f.get().map_or_else(|| "null".to_string(), |f| f(n)))
}

/// Whether `s` is a JSON number (or `null`, a number that was not finite): what a location's
/// numbers must be before they are written into JSON as they are (a server checks what
/// clients send).
#[cfg(feature = "full")]
pub fn is_json_number(s: &str) -> bool {
    if s == "null" {
        return true;
    }
    let b = s.strip_prefix('-').unwrap_or(s).as_bytes();
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let int = digits(0);
    if int == 0 || (int > 1 && b[0] == b'0') {
        return false;
    }
    let mut i = int;
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

#[cfg(all(feature = "full", target_arch = "wasm32"))]
type NumberText = fn(f64) -> String;

#[cfg(all(feature = "full", target_arch = "wasm32"))]
thread_local! {
    static NUMBER_TEXT: std::cell::Cell<Option<NumberText>> = const { std::cell::Cell::new(None) };
}

/// The page's number formatter (see [`number_text`]).
#[cfg(all(feature = "full", target_arch = "wasm32"))]
pub fn set_number_text(f: NumberText) {
    NUMBER_TEXT.with(|c| c.set(Some(f)));
}

/// A message's content.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Payload {
    Text {
        text: String,
    },
    /// A text that @-mentions users (`createTextAtMessage`): `atUserList` holds user IDs or
    /// `__kImSDK_MesssageAtALL__` (everyone). Shown and typed as a text.
    TextAt {
        text: String,
        at_user_list: Vec<String>,
    },
    Custom {
        data: String,
        description: String,
        extension: String,
    },
    /// A face (an animated sticker, `createFaceMessage`; the full build's): `{index, data}`.
    #[cfg(feature = "full")]
    Face {
        index: u64,
        data: String,
    },
    /// A location (`createLocationMessage`; the full build's): `{description, longitude,
    /// latitude}`, the numbers kept as their JSON text (no float formatting in the wasm).
    #[cfg(feature = "full")]
    Location {
        description: String,
        longitude: String,
        latitude: String,
    },
    /// Messages merged into one (`createMergerMessage`; the full build's): their list as the
    /// original's entries (JSON text, kept inline: no `downloadKey`), title, abstracts and the
    /// text older clients show.
    #[cfg(feature = "full")]
    Merger {
        title: String,
        abstract_list: Vec<String>,
        compatible_text: String,
        message_list: String,
    },
    /// An image, a file, a sound or a video ([`MEDIA`]; the full build's): the payload the
    /// page wrote as its JSON text (an object), its URLs empty — the page fills them in from the
    /// file's UUID where it shows the message (an object URL of the bytes it keeps, or a
    /// server's signed URL).
    #[cfg(feature = "full")]
    Media {
        kind: u8,
        body: String,
    },
    /// A group tip: `{operatorID, operationType, userIDList}` (1 joined, 2 quit).
    GroupTip {
        operator_id: String,
        operation_type: u8,
        user_id_list: Vec<String>,
        /// `memberList` of a member-profile tip (7): each user's mute time in seconds (the full
        /// build's).
        #[cfg(feature = "full")]
        #[serde(default)]
        member_list: Vec<(String, u64)>,
        /// `newGroupProfile` of a group-profile tip (6): the fields that changed, by the
        /// original's names (the full build's).
        #[cfg(feature = "full")]
        #[serde(default)]
        new_profile: Vec<(String, String)>,
    },
    /// A group system notice (the full build's), in the user's `@TIM#SYSTEM` conversation:
    /// `operationType` 1 an application to join (to the owner and admins), 2 accepted, 3
    /// refused (to the applicant), 4 kicked out, 5 dismissed, 8 quit.
    #[cfg(feature = "full")]
    GroupSystemNotice {
        operation_type: u8,
        operator_id: String,
        group_id: String,
        group_name: String,
        group_type: String,
        /// The applicant's note (1), or the handler's message (2, 3).
        handle_message: String,
        /// The application's time (seconds): `messageKey`.
        message_key: u64,
    },
}

/// Tencent's limit on a message's content: 12 KB (its text or data, descriptions and
/// `cloudCustomData`, in UTF-8 bytes).
pub const MAX_CONTENT_BYTES: usize = 12 * 1024;

impl Payload {
    /// The bytes of what the sender wrote (the texts of the kinds a client sends; a tip or a
    /// notice, written by the cloud, counts 0).
    pub fn content_len(&self) -> usize {
        match self {
            Payload::Text { text } => text.len(),
            Payload::TextAt { text, at_user_list } => {
                text.len() + at_user_list.iter().map(String::len).sum::<usize>()
            }
            Payload::Custom {
                data,
                description,
                extension,
            } => data.len() + description.len() + extension.len(),
            #[cfg(feature = "full")]
            Payload::Face { data, .. } => data.len(),
            #[cfg(feature = "full")]
            Payload::Location { description, .. } => description.len(),
            #[cfg(feature = "full")]
            Payload::Media { body, .. } => body.len(),
            #[cfg(feature = "full")]
            Payload::Merger {
                title,
                abstract_list,
                compatible_text,
                message_list,
            } => {
                title.len()
                    + compatible_text.len()
                    + message_list.len()
                    + abstract_list.iter().map(String::len).sum::<usize>()
            }
            _ => 0,
        }
    }
    /// A text from its JS form `{text}`: an @-text when `at` is an array of user IDs (even
    /// empty).
    pub fn text(p: &Value, at: Option<&Value>) -> Payload {
        let text = p.get("text").as_str().unwrap_or_default().to_string();
        match at.filter(|a| a.as_array().is_some()) {
            Some(users) => Payload::TextAt {
                text,
                at_user_list: users.strings(),
            },
            None => Payload::Text { text },
        }
    }

    /// A custom payload from its JS form `{data, description, extension}`.
    pub fn custom(p: &Value) -> Payload {
        let s = |k: &str| p.get(k).as_str().unwrap_or_default().to_string();
        Payload::Custom {
            data: s("data"),
            description: s("description"),
            extension: s("extension"),
        }
    }

    /// A face payload from its JS form `{index, data}` (an index that is not a whole number
    /// from 0 is 0).
    #[cfg(feature = "full")]
    pub fn face(p: &Value) -> Payload {
        Payload::Face {
            index: p
                .get("index")
                .as_number()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .map_or(0, |n| n as u64),
            data: p.get("data").as_str().unwrap_or_default().to_string(),
        }
    }

    /// A location payload from its JS form `{description, longitude, latitude}`.
    #[cfg(feature = "full")]
    pub fn location(p: &Value) -> Payload {
        let n = |k: &str| number_text(p.get(k).as_number().unwrap_or(f64::NAN));
        Payload::Location {
            description: p
                .get("description")
                .as_str()
                .unwrap_or_default()
                .to_string(),
            longitude: n("longitude"),
            latitude: n("latitude"),
        }
    }

    /// A merger from createMergerMessage's `{messageList, title, abstractList,
    /// compatibleText}`: each message becomes the original's entry (`{from, messageSender,
    /// time, messageSequence, clientSequence, messageRandom, cloudCustomData, clientTime, ID,
    /// nick, avatar, messageBody, receiverUserID | receiverGroupID, messageReceiver}`); an entry
    /// given (a merger forwarded) stays as it is.
    #[cfg(feature = "full")]
    pub fn merger(p: &Value) -> Payload {
        let s = |v: &Value, k: &str| v.get(k).as_str().unwrap_or_default().to_string();
        let mut j = Json::new();
        j.open_array();
        for m in p.get("messageList").as_array().unwrap_or_default() {
            if !matches!(m.get("messageBody"), Value::Undefined) || m.get("ID").is_empty() {
                write_value(&mut j, m);
                continue;
            }
            let from = s(m, "from");
            let seq = m.get("sequence");
            j.open()
                .key("from")
                .str(&from)
                .key("messageSender")
                .str(&from);
            for (k, v) in [
                ("time", m.get("time")),
                ("messageSequence", seq),
                ("clientSequence", seq),
                ("messageRandom", m.get("random")),
            ] {
                j.key(k);
                write_value(&mut j, v);
            }
            j.key("cloudCustomData").str(&s(m, "cloudCustomData"));
            if m.get("clientTime").as_number().is_some_and(|n| n != 0.0) {
                j.key("clientTime");
                write_value(&mut j, m.get("clientTime"));
            }
            j.key("ID")
                .str(&s(m, "ID"))
                .key("nick")
                .str(&s(m, "nick"))
                .key("avatar")
                .str(&s(m, "avatar"))
                .key("messageBody")
                .open_array()
                .open()
                .key("type")
                .str(&s(m, "type"))
                .key("payload");
            write_value(&mut j, m.get("payload"));
            j.close().close_array();
            let to = s(m, "to");
            j.key(if s(m, "conversationType") == "GROUP" {
                "receiverGroupID"
            } else {
                "receiverUserID"
            })
            .str(&to)
            .key("messageReceiver")
            .str(&to)
            .close();
        }
        j.close_array();
        Payload::Merger {
            title: s(p, "title"),
            abstract_list: p.get("abstractList").strings(),
            compatible_text: s(p, "compatibleText"),
            message_list: j.finish(),
        }
    }

    /// A file's payload (kind `kind` of [`MEDIA`]) from the object the page made of it.
    #[cfg(feature = "full")]
    pub fn media(kind: u8, p: &Value) -> Payload {
        let mut j = Json::new();
        write_value(&mut j, p);
        Payload::Media {
            kind,
            body: j.finish(),
        }
    }

    /// A text or custom (in the full build also face) payload by element type; `None` for any
    /// other type.
    pub fn of(elem_type: &str, p: &Value, at: Option<&Value>) -> Option<Payload> {
        match elem_type {
            MSG_TEXT => Some(Payload::text(p, at)),
            MSG_CUSTOM => Some(Payload::custom(p)),
            #[cfg(feature = "full")]
            MSG_FACE => Some(Payload::face(p)),
            #[cfg(feature = "full")]
            MSG_LOCATION => Some(Payload::location(p)),
            #[cfg(feature = "full")]
            MSG_MERGER => Some(Payload::merger(p)),
            _ => None,
        }
    }

    pub fn elem_type(&self) -> &'static str {
        match self {
            Payload::Text { .. } | Payload::TextAt { .. } => MSG_TEXT,
            Payload::Custom { .. } => MSG_CUSTOM,
            #[cfg(feature = "full")]
            Payload::Face { .. } => MSG_FACE,
            #[cfg(feature = "full")]
            Payload::Location { .. } => MSG_LOCATION,
            #[cfg(feature = "full")]
            Payload::Merger { .. } => MSG_MERGER,
            #[cfg(feature = "full")]
            Payload::Media { kind, .. } => MEDIA[*kind as usize & 3].0,
            Payload::GroupTip { .. } => MSG_GRP_TIP,
            #[cfg(feature = "full")]
            Payload::GroupSystemNotice { .. } => MSG_GRP_SYS_NOTICE,
        }
    }

    /// `messageForShow`: the text, or a bracketed label in English or Chinese (spec §8.3).
    pub fn for_show(&self, intl: bool) -> String {
        match self {
            Payload::Text { text } | Payload::TextAt { text, .. } => text.clone(),
            Payload::Custom { .. } => (if intl {
                "[Custom Messages]"
            } else {
                "[自定义消息]"
            })
            .to_string(),
            #[cfg(feature = "full")]
            Payload::Face { .. } => (if intl {
                "[Animated Sticker]"
            } else {
                "[动画表情]"
            })
            .to_string(),
            #[cfg(feature = "full")]
            Payload::Location { .. } => (if intl { "[Location]" } else { "[位置]" }).to_string(),
            #[cfg(feature = "full")]
            Payload::Media { kind, .. } => {
                let (_, en, zh) = MEDIA[*kind as usize & 3];
                (if intl { en } else { zh }).to_string()
            }
            #[cfg(feature = "full")]
            Payload::Merger { .. } => (if intl {
                "[Chat Record]"
            } else {
                "[聊天记录]"
            })
            .to_string(),
            Payload::GroupTip { .. } => (if intl {
                "[Group Notification]"
            } else {
                "[群提示消息]"
            })
            .to_string(),
            #[cfg(feature = "full")]
            Payload::GroupSystemNotice { .. } => (if intl {
                "[Group System Message]"
            } else {
                "[群系统通知]"
            })
            .to_string(),
        }
    }
}

impl ToJson for Payload {
    fn write(&self, j: &mut Json) {
        #[cfg(feature = "full")]
        if let Payload::Media { body, .. } = self {
            j.raw(body);
            return;
        }
        j.open();
        match self {
            Payload::Text { text } | Payload::TextAt { text, .. } => {
                j.key("text").str(text);
            }
            // Written above.
            #[cfg(feature = "full")]
            Payload::Media { .. } => {}
            Payload::Custom {
                data,
                description,
                extension,
            } => {
                j.key("data")
                    .str(data)
                    .key("description")
                    .str(description)
                    .key("extension")
                    .str(extension);
            }
            #[cfg(feature = "full")]
            Payload::Face { index, data } => {
                j.key("index").num(*index).key("data").str(data);
            }
            #[cfg(feature = "full")]
            Payload::Location {
                description,
                longitude,
                latitude,
            } => {
                j.key("description")
                    .str(description)
                    .key("longitude")
                    .raw(longitude)
                    .key("latitude")
                    .raw(latitude);
            }
            #[cfg(feature = "full")]
            Payload::Merger {
                title,
                abstract_list,
                compatible_text,
                message_list,
            } => {
                j.key("downloadKey")
                    .str("")
                    .key("pbDownloadKey")
                    .str("")
                    .key("messageList")
                    .raw(message_list)
                    .key("title")
                    .str(title)
                    .key("abstractList")
                    .strs(abstract_list)
                    .key("compatibleText")
                    .str(compatible_text)
                    .key("version")
                    .num(0)
                    .key("layersOverLimit")
                    .bool(false);
            }
            Payload::GroupTip {
                operator_id,
                operation_type,
                user_id_list,
                ..
            } => {
                j.key("operatorID")
                    .str(operator_id)
                    .key("operationType")
                    .num(*operation_type as u64);
                j.key("userIDList").strs(user_id_list);
                #[cfg(feature = "full")]
                if let Payload::GroupTip {
                    member_list,
                    new_profile,
                    ..
                } = self
                {
                    if !new_profile.is_empty() {
                        new_group_profile(j, new_profile);
                    }
                    if !member_list.is_empty() {
                        j.key("memberList").open_array();
                        for (u, secs) in member_list {
                            j.open()
                                .key("userID")
                                .str(u)
                                .key("muteTime")
                                .num(*secs)
                                .close();
                        }
                        j.close_array();
                    }
                }
            }
            #[cfg(feature = "full")]
            Payload::GroupSystemNotice {
                operation_type,
                operator_id,
                group_id,
                group_name,
                group_type,
                handle_message,
                message_key,
            } => {
                j.key("operationType")
                    .num(u64::from(*operation_type))
                    .key("operatorID")
                    .str(operator_id);
                j.key("groupProfile")
                    .open()
                    .key("groupID")
                    .str(group_id)
                    .key("name")
                    .str(group_name)
                    .key("groupType")
                    .str(group_type)
                    .close();
                j.key("handleMessage")
                    .str(handle_message)
                    .key("authentication")
                    .str("")
                    .key("remarkInfo")
                    .str("")
                    .key("messageKey")
                    .num(*message_key);
                j.key("memberInfoList")
                    .open()
                    .key("userID")
                    .str(operator_id)
                    .key("nick")
                    .str("")
                    .key("avatar")
                    .str("")
                    .close();
            }
        }
        j.close();
    }
}

/// Whether an SDKAppID is served in English (spec §1.1, `isIntl`).
pub fn is_intl(sdk_app_id: f64) -> bool {
    sdk_app_id == 0.0 || (2e7..9e7).contains(&sdk_app_id) || (1.72e9..1.79e9).contains(&sdk_app_id)
}

/// A message ID as the sender's client makes it: `<sender>-<client time>-<random>`.
pub fn message_id(from: &str, time: u64, random: u64) -> String {
    format!("{from}-{time}-{random}")
}

/// A conversation's `lastMessage` (`None` payload: no message yet).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LastMessage {
    pub payload: Option<Payload>,
    /// The cloud's arrival order, for the sort's tie-break (not part of the JS object).
    pub arrival: u64,
    pub time: u64,
    pub sequence: u64,
    pub from: String,
    pub cloud_custom_data: String,
    pub nick: String,
    pub name_card: String,
    pub is_peer_read: bool,
    pub message_for_show: String,
    /// Who revoked it (empty: not revoked).
    #[cfg(feature = "full")]
    pub revoker: String,
}

impl LastMessage {
    pub fn last_time(&self) -> u64 {
        self.time
    }

    pub fn is_empty(&self) -> bool {
        self.payload.is_none()
    }
}

/// A last message as one JSON array, its fields by place (js/shapes.js `lastMessageOf`):
/// `[lastTime, lastSequence, fromAccount, messageForShow, payload, type, cloudCustomData, nick,
/// nameCard, isPeerRead, revoker ("": not revoked)]`, or `null` when there is no message yet
/// (part of [`Conversation`](super::conversation::Conversation)'s JSON).
impl ToJson for LastMessage {
    fn write(&self, j: &mut Json) {
        let Some(p) = &self.payload else {
            j.null();
            return;
        };
        j.open_array()
            .num(self.time)
            .num(self.sequence)
            .str(&self.from)
            .str(&self.message_for_show);
        p.write(j);
        j.str(p.elem_type())
            .str(&self.cloud_custom_data)
            .str(&self.nick)
            .str(&self.name_card)
            .bool(self.is_peer_read);
        #[cfg(feature = "full")]
        j.str(&self.revoker);
        #[cfg(not(feature = "full"))]
        j.str("");
        j.close_array();
    }
}

/// Message status.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Status {
    UnSend,
    Success,
}

/// A message as one user sees it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    pub id: String,
    pub conversation_id: String,
    /// "C2C" or "GROUP".
    pub conversation_type: String,
    pub time: u64,
    pub sequence: u64,
    pub random: u32,
    pub nick: String,
    pub avatar: String,
    pub from: String,
    pub to: String,
    /// `flow: "in"` (received) rather than `"out"`.
    pub incoming: bool,
    pub status: Status,
    pub cloud_custom_data: String,
    pub client_time: u64,
    pub payload: Payload,
    /// The cloud's arrival order (not part of the JS object).
    pub arrival: u64,
    /// Times the message was modified.
    pub version: u32,
    /// C2C, sent by the viewer: the peer has read it (`isPeerRead`).
    pub peer_read: bool,
    /// Who revoked it (`revoker`; empty: not revoked, `isRevoked` false).
    #[cfg(feature = "full")]
    #[serde(default)]
    pub revoker: String,
    /// Its options as its sender created it ([`flags`]).
    #[cfg(feature = "full")]
    #[serde(default)]
    pub flags: u8,
}

/// A message's options, as `create*Message` takes them (the full build keeps them).
#[cfg(feature = "full")]
pub mod flags {
    /// `needReadReceipt: true`.
    pub const READ_RECEIPT: u8 = 1;
    /// `isSupportExtension: true`.
    pub const EXTENSION: u8 = 2;
}

impl Message {
    /// A message as the sender's client creates it (`create*Message`): not sent yet.
    pub fn draft(
        from: &str,
        conv_type: &str,
        to: &str,
        payload: Payload,
        cloud_custom_data: String,
        random: u32,
        now: u64,
    ) -> Message {
        Message {
            id: message_id(from, now, random as u64),
            conversation_id: format!("{conv_type}{to}"),
            conversation_type: conv_type.to_string(),
            time: now,
            sequence: 0,
            random,
            nick: String::new(),
            avatar: String::new(),
            from: from.to_string(),
            to: to.to_string(),
            incoming: false,
            status: Status::UnSend,
            cloud_custom_data,
            client_time: now,
            payload,
            arrival: 0,
            version: 0,
            peer_read: false,
            #[cfg(feature = "full")]
            revoker: String::new(),
            #[cfg(feature = "full")]
            flags: 0,
        }
    }

    /// The conversation's `lastMessage` built from this message.
    pub fn into_last(self, intl: bool) -> LastMessage {
        let c2c = self.conversation_type == "C2C";
        LastMessage {
            message_for_show: self.payload.for_show(intl),
            payload: Some(self.payload),
            arrival: self.arrival,
            time: self.time,
            sequence: self.sequence,
            from: self.from,
            cloud_custom_data: self.cloud_custom_data,
            nick: if c2c { String::new() } else { self.nick },
            name_card: String::new(),
            is_peer_read: c2c && !self.incoming && self.peer_read,
            #[cfg(feature = "full")]
            revoker: self.revoker,
        }
    }
}

impl ToJson for Message {
    fn write(&self, j: &mut Json) {
        j.open()
            .key("ID")
            .str(&self.id)
            .key("conversationID")
            .str(&self.conversation_id);
        j.key("conversationType")
            .str(&self.conversation_type)
            .key("time")
            .num(self.time);
        j.key("sequence")
            .num(self.sequence)
            .key("clientSequence")
            .num(self.sequence)
            .key("random")
            .num(self.random as u64);
        j.field("nick", &self.nick)
            .field("avatar", &self.avatar)
            .key("from")
            .str(&self.from)
            .key("to")
            .str(&self.to);
        j.key("flow")
            .str(if self.incoming { "in" } else { "out" })
            .key("isRead")
            .bool(!self.incoming);
        let status = match self.status {
            Status::UnSend => "unSend",
            Status::Success => "success",
        };
        j.key("status")
            .str(status)
            .field("cloudCustomData", &self.cloud_custom_data)
            .key("clientTime")
            .num(self.client_time);
        j.key("payload");
        self.payload.write(j);
        if let Payload::TextAt { at_user_list, .. } = &self.payload {
            j.key("atUserList").strs(at_user_list);
        }
        j.field_num("version", self.version as u64)
            .flag("isPeerRead", self.peer_read);
        #[cfg(feature = "full")]
        {
            revoked(j, &self.revoker);
            j.flag("needReadReceipt", self.flags & flags::READ_RECEIPT != 0)
                .flag("isSupportExtension", self.flags & flags::EXTENSION != 0);
        }
        j.key("type").str(self.payload.elem_type()).close();
    }
}

/// `isRevoked: true` and `revoker` of a revoked message (nothing for one that is not).
#[cfg(feature = "full")]
fn revoked(j: &mut Json, revoker: &str) {
    if !revoker.is_empty() {
        j.key("isRevoked").bool(true).key("revoker").str(revoker);
    }
}

/// A profile tip's `newGroupProfile`: the fields that changed, `muteAllMembers` a boolean, the
/// custom fields (`groupCustomField:<key>`) as `groupCustomField: [{key, value}]`.
#[cfg(feature = "full")]
fn new_group_profile(j: &mut Json, changes: &[(String, String)]) {
    const CUSTOM: &str = "groupCustomField:";
    j.key("newGroupProfile").open();
    for (k, v) in changes.iter().filter(|(k, _)| !k.starts_with(CUSTOM)) {
        j.key(k);
        if k == "muteAllMembers" {
            j.bool(v == "true");
        } else {
            j.str(v);
        }
    }
    let mut custom = changes
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(CUSTOM)?, v)))
        .peekable();
    if custom.peek().is_some() {
        j.key("groupCustomField").open_array();
        for (k, v) in custom {
            j.open().key("key").str(k).key("value").str(v).close();
        }
        j.close_array();
    }
    j.close();
}
