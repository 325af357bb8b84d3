//! A native test world: one local cloud and several clients (sessions), with pushes routed
//! as the browser facade routes them.
#![allow(dead_code)]

pub mod histories;
pub mod json;
pub mod rng;

use tim_wasm::client::Client;
use tim_wasm::cloud::{CloudLink, ConvChange, Push, PushBody, Replica, Request, Response};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::event::Event;
use tim_wasm::core::message::Payload;
use tim_wasm::core::session::LoginStart;

pub const APP: f64 = 1400000001.0;

pub struct World {
    /// The cloud, behind its journal: every request is recorded (see `Drop`).
    pub cloud: Replica,
    pub clients: Vec<Client>,
    pub now: u64,
    /// Events delivered to each client by pushes (not by its own calls).
    pub pushed: Vec<Vec<Event>>,
}

impl World {
    pub fn new() -> Self {
        World {
            cloud: Replica::new(APP),
            clients: Vec::new(),
            now: 1_700_000_000,
            pushed: Vec::new(),
        }
    }

    /// Logs a new session in as `user`; returns its index and its login events.
    pub fn login(&mut self, user: &str) -> (usize, Vec<Event>) {
        let idx = self.clients.len();
        let mut c = Client::new(APP, idx as u64 + 1, 12345 + idx as u32);
        let LoginStart::Started(t) = c.session.begin_login(APP, user).unwrap() else {
            panic!("login")
        };
        c.session.finish_login(t, Ok(())).unwrap();
        let events = c.load(&mut self.cloud, self.now, true).unwrap();
        c.session.become_ready(t);
        self.clients.push(c);
        self.pushed.push(Vec::new());
        (idx, events)
    }

    pub fn tick(&mut self, secs: u64) {
        self.now += secs;
    }

    /// Routes the cloud's pushes to every other session of their user (one task each).
    pub fn route(&mut self, pushes: Vec<Push>) {
        for i in 0..self.clients.len() {
            let user = self.clients[i].user();
            let sid = self.clients[i].session_id;
            let mine: Vec<PushBody> = pushes
                .iter()
                .filter(|p| p.user == user && p.except != Some(sid))
                .map(|p| p.body.clone())
                .collect();
            if !mine.is_empty() {
                let ev = self.clients[i].apply_pushes(mine);
                self.pushed[i].extend(ev);
            }
        }
    }

    /// Routes what client `i`'s last call produced.
    pub fn flush(&mut self, i: usize) {
        let out = self.clients[i].take_outbox();
        self.route(out);
    }

    /// The admin handle: a message from `from` to a user, delivered by push.
    pub fn admin_send(&mut self, from: &str, kind: ConvType, to: &str, text: &str) {
        self.tick(1);
        let req = Request::SendMessage {
            conv_type: kind,
            to: to.into(),
            payload: Payload::Text { text: text.into() },
            cloud_custom_data: String::new(),
            random: self.now as u32,
            client_time: self.now,
            flags: 0,
        };
        let (res, pushes) = self.cloud.request(from, 0, req, self.now);
        res.unwrap();
        self.route(pushes);
    }

    pub fn admin_create_group(&mut self, owner: &str, id: &str, members: &[&str]) {
        self.tick(1);
        let (res, pushes) = self.cloud.request(
            owner,
            0,
            Request::CreateGroup {
                group_id: Some(id.into()),
                name: id.into(),
                kind: "Public".into(),
                members: members.iter().map(|s| s.to_string()).collect(),
            },
            self.now,
        );
        assert!(matches!(res, Ok(Response::Group(_))));
        self.route(pushes);
    }

    /// `name(args…)` on session `i` a second later, pushes routed; the data of a method that
    /// resolves `{code: 0, data}` as JSON, or the error code. Its own events are kept in
    /// `pushed[i]` too.
    pub fn call_data(
        &mut self,
        i: usize,
        name: &str,
        args: &[tim_wasm::core::value::Value],
    ) -> Result<serde_json::Value, u32> {
        use tim_wasm::client::Output;
        self.tick(1);
        let (c, cloud, now) = self.c(i);
        let res = c.call(cloud, now, name, args).expect("built");
        self.flush(i);
        match res {
            Ok((Output::Data(_, text), events)) => {
                self.pushed[i].extend(events);
                Ok(serde_json::from_str(&text).expect("JSON"))
            }
            Ok((other, _)) => panic!("{other:?}"),
            Err(e) => Err(e.code),
        }
    }

    /// Calls `name({..})` on session `i` a second later, routes its pushes; the data as JSON
    /// (`null` for `undefined`), or the error code. Its own events are kept in `pushed[i]` too.
    pub fn call_json(
        &mut self,
        i: usize,
        name: &str,
        arg: tim_wasm::core::value::Value,
    ) -> Result<serde_json::Value, u32> {
        use tim_wasm::client::Output;
        self.tick(1);
        let (c, cloud, now) = self.c(i);
        let res = c.call(cloud, now, name, &[arg]).expect("built");
        self.flush(i);
        match res {
            Ok((out, events)) => {
                self.pushed[i].extend(events);
                Ok(match out {
                    Output::Data(_, text) => serde_json::from_str(&text).expect("JSON"),
                    Output::Undefined => serde_json::Value::Null,
                    // The message object updated (sendMessage, revokeMessage): `{message}`.
                    Output::Sent(_, text) => {
                        serde_json::json!({ "message": serde_json::from_str::<serde_json::Value>(&text).expect("JSON") })
                    }
                    // The IDs of the caller's objects marked deleted.
                    Output::Deleted(ids) => serde_json::json!({ "messageList": ids }),
                    // getConversationListByFilter: the page's conversation IDs.
                    Output::Page(ids, next, finished) => {
                        serde_json::json!({ "conversationList": ids, "nextSeq": next, "isFinished": finished })
                    }
                    Output::Conversation(_, text, _) => {
                        serde_json::json!({ "conversation": conversation_json(&text) })
                    }
                    other => panic!("{other:?}"),
                })
            }
            Err(e) => Err(e.code),
        }
    }

    /// Session `i` creates and sends a text message to `to` (`kind`: C2C or GROUP); the sent
    /// message as JSON.
    pub fn send_text(&mut self, i: usize, kind: &str, to: &str, text: &str) -> serde_json::Value {
        self.send_text_with(i, kind, to, text, &[])
    }

    /// The same with options of createTextMessage (`needReadReceipt`, `isSupportExtension`…).
    pub fn send_text_with(
        &mut self,
        i: usize,
        kind: &str,
        to: &str,
        text: &str,
        options: &[(&str, tim_wasm::core::value::Value)],
    ) -> serde_json::Value {
        use tim_wasm::core::value::{obj, s};
        let mut fields = vec![
            ("to", s(to)),
            ("conversationType", s(kind)),
            ("payload", obj(&[("text", s(text))])),
        ];
        fields.extend(options.iter().cloned());
        let draft = obj(&fields);
        self.tick(1);
        let (c, cloud, now) = self.c(i);
        let Some(Ok((tim_wasm::client::Output::Draft(id, _), _))) =
            c.call(cloud, now, "createTextMessage", &[draft])
        else {
            panic!("createTextMessage")
        };
        self.call_json(i, "sendMessage", obj(&[("ID", s(&id))]))
            .expect("sent")["message"]
            .clone()
    }

    /// `user`'s newest messages (up to 15) of `conv`, read from the cloud as session `session`.
    pub fn history(
        &mut self,
        user: &str,
        session: u64,
        conv: &str,
    ) -> Vec<tim_wasm::core::message::Message> {
        let (res, _) = self.cloud.request(
            user,
            session,
            Request::GetMessages {
                conversation_id: conv.into(),
                before: None,
                count: 15,
            },
            self.now,
        );
        match res {
            Ok(Response::Messages { messages, .. }) => messages,
            other => panic!("messages, got {other:?}"),
        }
    }

    pub fn take_pushed(&mut self, i: usize) -> Vec<Event> {
        std::mem::take(&mut self.pushed[i])
    }

    pub fn c(&mut self, i: usize) -> (&mut Client, &mut Replica, u64) {
        (&mut self.clients[i], &mut self.cloud, self.now)
    }
}

pub fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// `userID:role` of each member of a getGroupMemberList / getGroupMemberProfile answer.
pub fn member_roles(page: &serde_json::Value) -> Vec<String> {
    page["memberList"]
        .as_array()
        .expect("memberList")
        .iter()
        .map(|m| {
            format!(
                "{}:{}",
                m["userID"].as_str().unwrap_or_default(),
                m["role"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

/// The names of the original's events among these (the full build's additions left out: their
/// own tests are tests/by_filter.rs and tests/group_events.rs).
pub fn names(events: &[Event]) -> Vec<&'static str> {
    const ADDITIONS: [&str; 6] = [
        "onUnreadMessageCountByFilterUpdated",
        "onConversationGroupCreated",
        "onConversationGroupDeleted",
        "onConversationGroupNameChanged",
        "onConversationsAddedToGroup",
        "onConversationsDeletedFromGroup",
    ];
    events
        .iter()
        .map(|e| e.name())
        .filter(|n| !ADDITIONS.contains(n))
        .collect()
}

/// Every world checks, when it ends, that its journal rebuilds its cloud exactly: a fresh
/// replica replaying the recorded entries reaches the same state (what a reload or another tab
/// does).
impl Drop for World {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let entries = self
            .cloud
            .take_pending()
            .into_iter()
            .map(|(n, e)| (n, json::parse(&e)))
            .collect();
        let mut fresh = Replica::new(APP);
        let (_, errors) = fresh.catch_up(entries);
        assert!(
            errors.is_empty(),
            "journal entries failed to decode: {errors:?}"
        );
        assert!(
            fresh.cloud == self.cloud.cloud,
            "replaying the journal gave a different cloud"
        );
    }
}

/// One request of every kind that can change the cloud, with awkward values (quotes, emoji,
/// large numbers): what the journal and the wire must carry unchanged.
pub fn every_change() -> Vec<Request> {
    let message_op = |op: &str, conv: &str, messages: &[&str], reaction: &str| {
        Request::MessageOp(tim_wasm::cloud::message_ops::MessageOp {
            op: op.into(),
            conversation_id: conv.into(),
            ids: ids(messages),
            reaction: reaction.into(),
            ..Default::default()
        })
    };
    let send = |conv_type, payload| Request::SendMessage {
        conv_type,
        to: "bob".into(),
        payload,
        cloud_custom_data: "c\"d".into(),
        random: 4_000_000_000,
        client_time: 1_700_000_123,
        flags: 3,
    };
    vec![
        send(
            ConvType::C2c,
            Payload::Text {
                text: "hé \"there\"\n😀".into(),
            },
        ),
        send(
            ConvType::Group,
            Payload::TextAt {
                text: "@bob hi".into(),
                at_user_list: ids(&["bob", "__kImSDK_MesssageAtALL__"]),
            },
        ),
        send(
            ConvType::Group,
            Payload::TextAt {
                text: "nobody".into(),
                at_user_list: Vec::new(),
            },
        ),
        send(
            ConvType::Group,
            Payload::Custom {
                data: "{\"a\":1}".into(),
                description: "d".into(),
                extension: "e".into(),
            },
        ),
        send(
            ConvType::C2c,
            Payload::Media {
                kind: 3,
                body: "{\"videoUUID\":\"u\\\"1\",\"videoSecond\":2.5,\"a\":[{}]}".into(),
            },
        ),
        Request::SendOnline {
            conv_type: ConvType::C2c,
            to: "bob".into(),
            payload: Payload::Custom {
                data: "typing".into(),
                description: String::new(),
                extension: String::new(),
            },
            cloud_custom_data: String::new(),
            random: 7,
            client_time: 1_700_000_124,
        },
        Request::ModifyMessage {
            conversation_id: "C2Cbob".into(),
            message_id: "bob-1-2".into(),
            cloud_custom_data: Some("{}".into()),
            payload: None,
            version: Some(0),
        },
        Request::ModifyMessage {
            conversation_id: "GROUPg".into(),
            message_id: "bob-1-3".into(),
            cloud_custom_data: None,
            payload: Some(Payload::Text {
                text: "edited".into(),
            }),
            version: None,
        },
        Request::SetRead {
            conversation_id: "C2Cbob".into(),
        },
        Request::SetAllRead {
            c2c: true,
            group: false,
        },
        Request::DeleteConversations {
            ids: ids(&["C2Cbob", "GROUPg"]),
            clear_history: false,
        },
        Request::UpdateConvs {
            ids: ids(&["C2Cbob"]),
            change: ConvChange::Pin(true),
        },
        Request::UpdateConvs {
            ids: ids(&["C2Cbob"]),
            change: ConvChange::Mark(1 << 40, true),
        },
        Request::UpdateConvs {
            ids: ids(&["C2Cbob"]),
            change: ConvChange::CustomData("x".into()),
        },
        Request::UpdateConvs {
            ids: ids(&["C2Cbob"]),
            change: ConvChange::Remind("AcceptNotNotify".into()),
        },
        Request::ClearHistory {
            conversation_id: "GROUPg".into(),
        },
        Request::CreateConvGroup {
            name: "Wörk".into(),
            ids: ids(&["C2Cbob"]),
        },
        Request::DeleteConvGroup {
            name: "Wörk".into(),
        },
        Request::RenameConvGroup {
            old: "a".into(),
            new: "b".into(),
        },
        Request::ConvGroupOrder {
            names: ids(&["b", "Wörk \"x\""]),
        },
        Request::ReadConvGroup {
            name: "Wörk".into(),
        },
        Request::UpdateConvGroup {
            name: "a".into(),
            add: true,
            ids: ids(&["C2Cx"]),
        },
        Request::UpdateConvGroup {
            name: "a".into(),
            add: false,
            ids: ids(&["C2Cx"]),
        },
        Request::CreateGroup {
            group_id: Some("g".into()),
            name: "G".into(),
            kind: "Work".into(),
            members: ids(&["bob"]),
        },
        Request::CreateGroup {
            group_id: None,
            name: "G".into(),
            kind: "Public".into(),
            members: Vec::new(),
        },
        Request::JoinGroup {
            group_id: "g".into(),
            by_admin: false,
        },
        Request::JoinGroup {
            group_id: "g".into(),
            by_admin: true,
        },
        Request::QuitGroup {
            group_id: "g".into(),
        },
        Request::DismissGroup {
            group_id: "g".into(),
        },
        Request::UpdateProfile(tim_wasm::core::profile::ProfileChange {
            nick: Some("N".into()),
            ..Default::default()
        }),
        Request::UpdateProfile(tim_wasm::core::profile::ProfileChange {
            avatar: Some("a.png".into()),
            ..Default::default()
        }),
        Request::UpdateProfile(tim_wasm::core::profile::ProfileChange {
            texts: vec![
                ("gender".into(), "Gender_Type_Female".into()),
                ("selfSignature".into(), "hé \"q\"".into()),
            ],
            numbers: vec![
                ("birthday".into(), 19900101),
                ("level".into(), 4_000_000_000),
            ],
            custom: Some(vec![("Tag_Profile_Custom_Hobby".into(), "chess".into())]),
            ..Default::default()
        }),
        Request::Blacklist {
            add: true,
            user_ids: ids(&["bob", "x\"y😀"]),
        },
        Request::Blacklist {
            add: false,
            user_ids: ids(&["x\"y😀"]),
        },
        Request::Relation(tim_wasm::cloud::friends::RelationOp {
            op: "addFriend".into(),
            ids: ids(&["bob"]),
            name: "Wörk \"1\"".into(),
            text: "remark 😀".into(),
            word: "hi".into(),
            source: "AddSource_Type_Web".into(),
            both: true,
            custom: vec![("Tag_SNS_Custom_X".into(), "v".into())],
            has_text: true,
        }),
        Request::GroupKeys(tim_wasm::cloud::group_keys::GroupKeysOp {
            op: "setGroupAttributes".into(),
            group_id: "g".into(),
            attributes: vec![
                ("k\"1".into(), "v 😀\n".into()),
                ("e".into(), String::new()),
            ],
            ..Default::default()
        }),
        Request::GroupKeys(tim_wasm::cloud::group_keys::GroupKeysOp {
            op: "setGroupCounters".into(),
            group_id: "g".into(),
            counters: vec![("neg".into(), -42), ("big".into(), 1 << 52)],
            ..Default::default()
        }),
        Request::GroupKeys(tim_wasm::cloud::group_keys::GroupKeysOp {
            op: "deleteGroupAttributes".into(),
            group_id: "g".into(),
            keys: ids(&["e"]),
            by_admin: true,
            ..Default::default()
        }),
        Request::GroupMember(tim_wasm::cloud::members::MemberOp {
            op: "setGroupMemberCustomField".into(),
            group_id: "g".into(),
            user_id: "bob".into(),
            text: "card \"😀\"".into(),
            seconds: 1 << 40,
            custom: vec![("k".into(), "v\n".into())],
            profile: vec![("name".into(), "n\"😀".into())],
            ids: ids(&["x\"y", "bob"]),
            note: "note \"😀\"\n".into(),
            member_custom: vec![("bob".into(), "k\"".into(), "v😀".into())],
        }),
        Request::GroupMember(tim_wasm::cloud::members::MemberOp {
            op: "createGroup".into(),
            group_id: "made".into(),
            ids: ids(&["bob", "carol"]),
            profile: vec![
                ("type".into(), "Public".into()),
                ("name".into(), "Made".into()),
                ("introduction".into(), "intro \"😀\"".into()),
                ("joinOption".into(), "FreeAccess".into()),
                ("admin".into(), "bob".into()),
            ],
            custom: vec![("tier".into(), "gold".into())],
            member_custom: vec![("carol".into(), "seat".into(), "3\"A".into())],
            ..Default::default()
        }),
        Request::SendMessage {
            conv_type: ConvType::C2c,
            to: "bob".into(),
            payload: Payload::Face {
                index: 1 << 40,
                data: "smile \"😀\"".into(),
            },
            cloud_custom_data: String::new(),
            random: 8,
            client_time: 8,
            flags: 0,
        },
        // A message in that group, for the reactions below.
        Request::SendMessage {
            conv_type: ConvType::Group,
            to: "made".into(),
            payload: Payload::Text {
                text: "react".into(),
            },
            cloud_custom_data: String::new(),
            random: 9,
            client_time: 9,
            flags: 0,
        },
        message_op(
            "addMessageReaction",
            "C2Cbob",
            &["ann-1700000123-4000000000"],
            "x\"😀",
        ),
        message_op("addMessageReaction", "GROUPmade", &["ann-9-9"], "smile"),
        message_op(
            "removeMessageReaction",
            "C2Cbob",
            &["ann-1700000123-4000000000"],
            "x\"😀",
        ),
        message_op(
            "addMessageReaction",
            "C2Cbob",
            &["ann-1700000123-4000000000"],
            "👍",
        ),
        message_op("revokeMessage", "C2Cbob", &["alice-1-2", "x\"😀"], ""),
        message_op("deleteMessage", "GROUPg", &["bob-1-2", "x\"😀"], ""),
        Request::GroupMember(tim_wasm::cloud::members::MemberOp {
            op: "joinGroup".into(),
            group_id: "g".into(),
            note: "let me in 😀".into(),
            ..Default::default()
        }),
        Request::GroupMember(tim_wasm::cloud::members::MemberOp {
            op: "handleGroupApplication".into(),
            group_id: "g".into(),
            user_id: "bob".into(),
            text: "Agree".into(),
            note: "welcome".into(),
            ..Default::default()
        }),
        Request::Sync,
    ]
}

/// A conversation's JSON (an array, its fields by place: src/core/conversation.rs) as an object
/// with the app's keys, each only when it holds more than its default (what js/shapes.js's
/// `Conversation` reads from each place).
#[allow(dead_code)]
pub fn conversation_json(text: &str) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let c: Vec<Value> = serde_json::from_str(text).expect("a conversation's array");
    assert_eq!(c.len(), 17, "{text}");
    let keep = |v: &Value| {
        !matches!(v, Value::Null | Value::Bool(false))
            && *v != json!(0)
            && *v != json!("")
            && *v != json!([])
    };
    let keyed = |keys: &[&str], vals: &[Value]| {
        let mut o = Map::new();
        for (k, v) in keys.iter().zip(vals) {
            if keep(v) {
                o.insert(k.to_string(), v.clone());
            }
        }
        Value::Object(o)
    };
    const LAST: [&str; 11] = [
        "lastTime",
        "lastSequence",
        "fromAccount",
        "messageForShow",
        "payload",
        "type",
        "cloudCustomData",
        "nick",
        "nameCard",
        "isPeerRead",
        "revoker",
    ];
    const CONV: [&str; 17] = [
        "conversationID",
        "unreadCount",
        "type",
        "lastMessage",
        "_isInfoCompleted",
        "peerReadTime",
        "groupAtInfoList",
        "remark",
        "isPinned",
        "messageRemindType",
        "markList",
        "customData",
        "conversationGroupList",
        "draftText",
        "userProfile",
        "groupProfile",
        "subType",
    ];
    let mut out = keyed(&CONV, &c);
    if let Value::Array(m) = &c[3] {
        let mut last = keyed(&LAST, m);
        if keep(&m[10]) {
            last["isRevoked"] = json!(true);
        }
        // Always there with a message, as the page's object has them.
        for k in ["lastTime", "lastSequence", "fromAccount", "messageForShow"] {
            let i = LAST.iter().position(|x| *x == k).unwrap_or(0);
            last[k] = m[i].clone();
        }
        out["lastMessage"] = last;
    }
    // Always there (the page's object has them whatever they hold).
    out["conversationID"] = c[0].clone();
    out["unreadCount"] = c[1].clone();
    out["type"] = c[2].clone();
    out
}

/// The conversation IDs of a getConversationList result (its handles in `c`'s store).
#[allow(dead_code)]
pub fn listed(c: &tim_wasm::client::Client, out: &tim_wasm::client::Output) -> Vec<String> {
    let tim_wasm::client::Output::List(handles) = out else {
        panic!("not a list: {out:?}")
    };
    handles
        .iter()
        .map(|&h| {
            c.store
                .by_handle(h)
                .expect("a handle of the store")
                .conv
                .conversation_id
                .clone()
        })
        .collect()
}
