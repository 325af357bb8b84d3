//! The local cloud natively: accounts, messages, chat groups, pushes and their codes, and the
//! client's view of them (MESSAGE_RECEIVED, conversations, unread counts).

mod common;
use common::*;
use tim_wasm::cloud::{CloudLink, PushBody, Request, Response};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::event::Event;
use tim_wasm::core::message::Payload;
use tim_wasm::core::value::{obj, s, Value};

fn text(t: &str) -> Payload {
    Payload::Text { text: t.into() }
}

fn send(w: &mut World, user: &str, kind: ConvType, to: &str, t: &str) -> Result<Response, u32> {
    w.tick(1);
    let (res, pushes) = w.cloud.request(
        user,
        99,
        Request::SendMessage {
            conv_type: kind,
            to: to.into(),
            payload: text(t),
            cloud_custom_data: String::new(),
            random: 5,
            client_time: w.now,
            flags: 0,
        },
        w.now,
    );
    w.route(pushes);
    res.map_err(|e| e.code)
}

#[test]
fn accounts_exist_on_first_use_and_profiles_update() {
    let mut w = World::new();
    assert_eq!(w.cloud.cloud.profile("nobody").nick, "");
    let (kind, json) = w
        .cloud
        .admin(
            "importAccount",
            &obj(&[("userID", s("bob")), ("nick", s("Bob"))]),
            1000,
            1,
        )
        .0
        .unwrap();
    assert_eq!(
        (kind, json.as_str()),
        (
            "profile",
            r#"{"userID":"bob","nick":"Bob","lastUpdatedTime":1000000}"#
        )
    );
    assert_eq!(
        w.cloud
            .admin("nope", &obj(&[("userID", s("bob"))]), 1, 1)
            .0
            .unwrap_err()
            .code,
        2905
    );
    assert_eq!(
        w.cloud
            .admin("sendMessage", &obj(&[("from", s("bob"))]), 1, 1)
            .0
            .unwrap_err()
            .code,
        6017
    );
    let (a, _) = w.login("alice");
    let (c, cloud, now) = w.c(a);
    let change = tim_wasm::core::profile::ProfileChange {
        nick: Some("Alice".into()),
        avatar: Some("a.png".into()),
        ..Default::default()
    };
    let (p, ev) = c.update_my_profile(cloud, now, change).unwrap();
    assert_eq!((p.nick.as_str(), p.avatar.as_str()), ("Alice", "a.png"));
    assert_eq!(names(&ev), vec!["onProfileUpdated"]);
    assert_eq!(
        c.get_profiles(cloud, now, ids(&["alice", "bob"]))
            .unwrap()
            .iter()
            .map(|p| p.nick.clone())
            .collect::<Vec<_>>(),
        ids(&["Alice", "Bob"])
    );
}

#[test]
fn every_profile_field_is_kept_and_others_see_it() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (c, cloud, now) = w.c(a);
    let opts = obj(&[
        ("gender", s("Gender_Type_Female")),
        ("selfSignature", s("hi")),
        ("allowType", s("AllowType_Type_NeedConfirm")),
        ("birthday", Value::Number(19900101.0)),
        ("level", Value::Number(3.0)),
        (
            "profileCustomField",
            Value::Array(vec![obj(&[
                ("key", s("Tag_Profile_Custom_Hobby")),
                ("value", s("chess")),
            ])]),
        ),
    ]);
    let (out, _) = c
        .call(cloud, now, "updateMyProfile", &[opts])
        .unwrap()
        .unwrap();
    let tim_wasm::client::Output::Data("profile", json) = out else {
        panic!("{out:?}")
    };
    assert_eq!(
        json,
        r#"{"userID":"alice","gender":"Gender_Type_Female","selfSignature":"hi","allowType":"AllowType_Type_NeedConfirm","birthday":19900101,"level":3,"profileCustomField":[{"key":"Tag_Profile_Custom_Hobby","value":"chess"}],"lastUpdatedTime":1700000000000}"#
    );
    // A later change keeps what it does not name; a custom field of the same key is replaced.
    let (c, cloud, now) = w.c(a);
    let more = obj(&[
        ("nick", s("Al")),
        (
            "profileCustomField",
            Value::Array(vec![obj(&[
                ("key", s("Tag_Profile_Custom_Hobby")),
                ("value", s("go")),
            ])]),
        ),
    ]);
    c.call(cloud, now, "updateMyProfile", &[more])
        .unwrap()
        .unwrap();
    let p = w.cloud.cloud.profile("alice");
    assert_eq!(
        (p.nick.as_str(), p.texts.len(), p.custom.clone()),
        (
            "Al",
            3,
            vec![("Tag_Profile_Custom_Hobby".to_string(), "go".to_string())]
        )
    );
    // Bad values are refused with 2721, and change nothing.
    for bad in [
        obj(&[("birthday", Value::Number(-1.0))]),
        obj(&[("level", Value::Number(1.5))]),
        obj(&[("profileCustomField", s("x"))]),
        obj(&[("mood", s("x"))]),
    ] {
        let (c, cloud, now) = w.c(a);
        assert_eq!(
            c.call(cloud, now, "updateMyProfile", &[bad])
                .unwrap()
                .unwrap_err()
                .code,
            2721
        );
    }
    assert_eq!(w.cloud.cloud.profile("alice"), p);
}

#[test]
fn c2c_messages_reach_the_peer_with_events_and_unread() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("bob");
    let Response::Sent { message, conv } =
        send(&mut w, "bob", ConvType::C2c, "alice", "hi").unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (
            message.conversation_id.as_str(),
            message.incoming,
            message.sequence
        ),
        ("C2Calice", false, 1)
    );
    assert_eq!(conv.unread, 0, "the sender's own message is not unread");
    let ev = w.take_pushed(a);
    assert_eq!(
        names(&ev),
        vec![
            "onMessageReceived",
            "onConversationListUpdated",
            "onTotalUnreadMessageCountUpdated"
        ]
    );
    let Event::MessageReceived(msgs) = &ev[0] else {
        panic!()
    };
    assert_eq!(
        (
            msgs[0].conversation_id.as_str(),
            msgs[0].incoming,
            msgs[0].from.as_str(),
            msgs[0].to.as_str()
        ),
        ("C2Cbob", true, "bob", "alice")
    );
    assert_eq!(ev[2], Event::TotalUnreadUpdated(1));
    let conv = w.clients[a].store.get("C2Cbob").unwrap();
    assert_eq!(conv.unread_count, 1);
    assert_eq!(conv.last_message.message_for_show, "hi");
    assert_eq!(conv.user_profile.as_ref().unwrap().user_id, "bob");
    // The message was sent from another of bob's devices (session 99): this one syncs it.
    let ev = w.take_pushed(b);
    let Event::MessageReceived(msgs) = &ev[0] else {
        panic!("{ev:?}")
    };
    assert!(!msgs[0].incoming, "his own message, flow out");
    assert_eq!(w.clients[b].store.get("C2Calice").unwrap().unread_count, 0);
    // Reading clears the unread count and tells alice's other sessions.
    let (a2, _) = w.login("alice");
    let (c, cloud, now) = w.c(a);
    let ((), ev) = c.set_message_read(cloud, now, "C2Cbob").unwrap();
    assert_eq!(
        names(&ev),
        vec![
            "onConversationListUpdated",
            "onTotalUnreadMessageCountUpdated"
        ]
    );
    w.flush(a);
    assert_eq!(w.clients[a2].store.get("C2Cbob").unwrap().unread_count, 0);
}

#[test]
fn history_pages_oldest_first() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    for i in 0..20 {
        send(&mut w, "bob", ConvType::C2c, "alice", &format!("m{i}")).unwrap();
    }
    let (c, cloud, now) = w.c(a);
    let p1 = c.get_message_list(cloud, now, "C2Cbob", None, 15).unwrap();
    assert_eq!(p1.messages.len(), 15);
    assert!(!p1.is_completed);
    let texts = |v: &[tim_wasm::core::message::Message]| {
        v.iter()
            .map(|m| match &m.payload {
                Payload::Text { text } => text.clone(),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&p1.messages).first().unwrap(), "m5");
    let p2 = c
        .get_message_list(
            cloud,
            now,
            "C2Cbob",
            Some(p1.next_req_message_id.clone()),
            15,
        )
        .unwrap();
    assert_eq!(
        texts(&p2.messages),
        (0..5).map(|i| format!("m{i}")).collect::<Vec<_>>()
    );
    assert!(p2.is_completed);
}

#[test]
fn groups_members_tips_and_codes() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    w.admin_create_group("bob", "team", &["alice"]);
    let ev = w.take_pushed(a);
    assert!(names(&ev).contains(&"onGroupListUpdated"));
    let conv = w.clients[a].store.get("GROUPteam").unwrap();
    assert_eq!(
        conv.last_message.payload,
        Some(Payload::GroupTip {
            operator_id: "bob".into(),
            operation_type: 1,
            user_id_list: ids(&["alice"]),
            member_list: Vec::new(),
            new_profile: Vec::new(),
        })
    );
    assert_eq!(conv.group_profile.as_ref().unwrap().role, "Member");
    assert_eq!(
        send(&mut w, "mallory", ConvType::Group, "team", "x").unwrap_err(),
        10007
    );
    assert_eq!(
        send(&mut w, "alice", ConvType::Group, "nope", "x").unwrap_err(),
        10010
    );
    let (c, cloud, now) = w.c(a);
    assert_eq!(c.quit_group(cloud, now, "nope").unwrap_err().code, 10010);
    let g = c
        .create_group(cloud, now, None, "Mine", "Public", ids(&["bob"]))
        .unwrap()
        .0;
    assert!(g.group_id.starts_with("@TGS#"));
    assert_eq!(g.role, "Owner");
    assert_eq!(
        c.create_group(cloud, now, Some("team".into()), "dup", "Public", vec![])
            .unwrap_err()
            .code,
        10021
    );
    assert_eq!(
        c.create_group(cloud, now, None, "bad", "Nope", vec![])
            .unwrap_err()
            .code,
        10004
    );
    assert_eq!(
        c.quit_group(cloud, now, &g.group_id).unwrap_err().code,
        10009
    );
    assert_eq!(c.dismiss_group(cloud, now, "team").unwrap_err().code, 10007);
    assert_eq!(c.get_group_list(cloud, now).unwrap().len(), 2);
    c.quit_group(cloud, now, "team").unwrap();
    c.dismiss_group(cloud, now, &g.group_id).unwrap();
    assert!(
        c.store.get(&format!("GROUP{}", g.group_id)).is_none(),
        "a dismissed group's conversation goes away"
    );
    assert!(c.get_group_list(cloud, now).unwrap().is_empty());
    // A Public group asks for permission: an application, nothing joined.
    assert!(c.join_group(cloud, now, "team").unwrap().0.is_none());
}

#[test]
fn every_method_runs_through_the_pure_dispatcher() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    w.admin_send("bob", ConvType::C2c, "alice", "hi");
    let (c, cloud, now) = w.c(a);
    let call = |c: &mut tim_wasm::client::Client,
                cloud: &mut tim_wasm::cloud::Replica,
                name: &str,
                args: &[Value]| c.call(cloud, now, name, args);
    assert!(
        call(c, cloud, "pinGroupMessage", &[]).is_none(),
        "not built: handed back"
    );
    // The relationship lists a client reads at start: the user's, from the cloud (none yet).
    for (name, json) in [
        ("getFriendList", "[]"),
        ("getFriendGroupList", "[]"),
        ("getBlacklist", "[]"),
        (
            "getFriendApplicationList",
            r#"{"friendApplicationList":[],"unreadCount":0}"#,
        ),
    ] {
        let (out, events) = call(c, cloud, name, &[]).unwrap().unwrap();
        assert_eq!(
            out,
            tim_wasm::client::Output::Data("json", json.into()),
            "{name}"
        );
        assert!(events.is_empty());
    }
    let (out, _) = call(
        c,
        cloud,
        "getConversationList",
        &[obj(&[("type", s("C2C"))])],
    )
    .unwrap()
    .unwrap();
    assert_eq!(listed(c, &out), ids(&["C2Cbob"]));
    let err = call(c, cloud, "deleteConversation", &[s("bogus")])
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, 6017);
    let (out, _) = call(
        c,
        cloud,
        "createConversationGroup",
        &[obj(&[
            ("groupName", s("G")),
            ("conversationIDList", Value::Array(vec![s("C2Cbob")])),
        ])],
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        out,
        tim_wasm::client::Output::Data(
            "json",
            r#"{"successConversationIDList":["C2Cbob"],"failureConversationIDList":[]}"#.into()
        )
    );
    let (out, _) = call(c, cloud, "deleteConversationGroup", &[s("G")])
        .unwrap()
        .unwrap();
    assert_eq!(out, tim_wasm::client::Output::Undefined);
    let pushes: Vec<PushBody> = Vec::new();
    assert!(c.apply_pushes(pushes).is_empty());
}

#[test]
fn user_ids_with_separators_never_share_a_chat() {
    let mut w = World::new();
    let (a, _) = w.login("a");
    send(
        &mut w,
        "a:b",
        ConvType::C2c,
        "c",
        "secret between a:b and c",
    )
    .unwrap();
    let (c, cloud, now) = w.c(a);
    assert!(c
        .get_message_list(cloud, now, "C2Cb:c", None, 15)
        .unwrap()
        .messages
        .is_empty());
}

#[test]
fn online_only_messages_reach_online_sessions_and_are_kept_nowhere() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("bob");
    w.admin_send("bob", ConvType::C2c, "alice", "hello");
    w.take_pushed(a);
    let before = w.clients[a].store.entry("C2Cbob").unwrap().rev;
    let (cb, cloud, now) = w.c(b);
    let typing = cb
        .call(
            cloud,
            now,
            "createCustomMessage",
            &[obj(&[
                ("to", s("alice")),
                ("conversationType", s("C2C")),
                ("payload", obj(&[("data", s("typing"))])),
            ])],
        )
        .unwrap()
        .unwrap()
        .0;
    let tim_wasm::client::Output::Draft(id, _) = typing else {
        panic!("a draft")
    };
    let (cb, cloud, now) = w.c(b);
    let (out, events) = cb
        .call(
            cloud,
            now,
            "sendMessage",
            &[
                obj(&[("ID", s(&id))]),
                obj(&[("onlineUserOnly", Value::Bool(true))]),
            ],
        )
        .unwrap()
        .unwrap();
    assert!(matches!(out, tim_wasm::client::Output::Sent(..)));
    assert!(
        events.is_empty(),
        "the sender's list does not change: {events:?}"
    );
    w.flush(b);
    // Alice, online, is told of it — and nothing else: no list change, no unread.
    let pushed = w.take_pushed(a);
    assert_eq!(names(&pushed), vec!["onMessageReceived"]);
    assert_eq!(w.clients[a].store.entry("C2Cbob").unwrap().rev, before);
    assert_eq!(w.clients[a].store.total_unread(), 1);
    // Kept nowhere: the history holds only the stored message, for both.
    for (user, conv) in [("alice", "C2Cbob"), ("bob", "C2Calice")] {
        let (res, _) = w.cloud.request(
            user,
            50,
            Request::GetMessages {
                conversation_id: conv.into(),
                before: None,
                count: 15,
            },
            w.now,
        );
        let Ok(Response::Messages { messages, .. }) = res else {
            panic!("messages")
        };
        assert_eq!(messages.len(), 1, "{user}");
    }
}

#[test]
fn modify_message_changes_the_stored_message_for_everyone() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("bob");
    let (ca, cloud, now) = w.c(a);
    let draft = ca
        .call(
            cloud,
            now,
            "createTextMessage",
            &[obj(&[
                ("to", s("bob")),
                ("conversationType", s("C2C")),
                ("payload", obj(&[("text", s("root"))])),
            ])],
        )
        .unwrap()
        .unwrap()
        .0;
    let tim_wasm::client::Output::Draft(id, _) = draft else {
        panic!("a draft")
    };
    let (ca, cloud, now) = w.c(a);
    ca.call(cloud, now, "sendMessage", &[obj(&[("ID", s(&id))])])
        .unwrap()
        .unwrap();
    w.flush(a);
    w.take_pushed(b);
    // Bob (the recipient) records a reply on alice's message, as TUIKit's reply flow does.
    let replies = r#"{"messageReplies":{"replies":[{"messageID":"x"}]}}"#;
    let edited = obj(&[
        ("ID", s(&id)),
        ("conversationID", s("C2Calice")),
        ("type", s("TIMTextElem")),
        ("payload", obj(&[("text", s("root"))])),
        ("cloudCustomData", s(replies)),
    ]);
    let (cb, cloud, now) = w.c(b);
    let (out, events) = cb
        .call(cloud, now, "modifyMessage", std::slice::from_ref(&edited))
        .unwrap()
        .unwrap();
    // The full build updates the caller's object (`Sent`), the default build gives a new one.
    let (tim_wasm::client::Output::Data("messageResult", json)
    | tim_wasm::client::Output::Sent(_, json)) = out
    else {
        panic!("{out:?}")
    };
    assert!(
        json.contains(r#""version":1"#) && json.contains("messageReplies"),
        "{json}"
    );
    assert_eq!(
        names(&events),
        vec!["onConversationListUpdated"],
        "bob's last message changed"
    );
    w.flush(b);
    let pushed = w.take_pushed(a);
    assert_eq!(
        names(&pushed),
        vec!["onMessageModified", "onConversationListUpdated"]
    );
    let Event::MessageModified(m) = &pushed[0] else {
        panic!()
    };
    assert_eq!(
        (m[0].cloud_custom_data.as_str(), m[0].version, m[0].incoming),
        (replies, 1, false)
    );
    assert_eq!(
        w.clients[a]
            .store
            .get("C2Cbob")
            .unwrap()
            .last_message
            .cloud_custom_data,
        replies
    );
    // The history has it, for both.
    let messages = w.history("alice", 50, "C2Cbob");
    assert_eq!(
        (messages[0].cloud_custom_data.as_str(), messages[0].version),
        (replies, 1)
    );
    // Alice edits from her object, which shows version 0: bob modified it meanwhile, so it is a
    // conflict (2480, MSG_MODIFY_CONFLICT) carrying the message as it is now; nothing changes.
    // From the version she now sees, her edit goes through.
    let stale = |version: f64, text: &str| {
        obj(&[
            ("ID", s(&id)),
            ("conversationID", s("C2Cbob")),
            ("type", s("TIMTextElem")),
            ("payload", obj(&[("text", s(text))])),
            ("version", Value::Number(version)),
        ])
    };
    let (ca, cloud, now) = w.c(a);
    let err = ca
        .call(cloud, now, "modifyMessage", &[stale(0.0, "mine")])
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, 2480);
    let latest = w.clients[a]
        .conflict
        .take()
        .expect("the message as it is now");
    assert!(
        latest.contains("messageReplies") && latest.contains(r#""version":1"#),
        "{latest}"
    );
    w.flush(a);
    assert!(w.take_pushed(b).is_empty(), "a conflict changes nothing");
    assert_eq!(
        w.history("alice", 50, "C2Cbob")[0].payload,
        Payload::Text {
            text: "root".into()
        }
    );
    let (ca, cloud, now) = w.c(a);
    let (out, _) = ca
        .call(cloud, now, "modifyMessage", &[stale(1.0, "mine")])
        .unwrap()
        .unwrap();
    assert!(
        matches!(out, tim_wasm::client::Output::Sent(_, ref j) if j.contains(r#""version":2"#)),
        "{out:?}"
    );
    w.flush(a);
    // Unknown message: 20026 (Tencent's MODIFY_MESSAGE_NOT_EXIST); another type: 2987 (ours).
    let (cb, cloud, now) = w.c(b);
    let unknown = obj(&[
        ("ID", s("alice-1-1")),
        ("conversationID", s("C2Calice")),
        ("type", s("TIMTextElem")),
        ("payload", obj(&[("text", s("x"))])),
    ]);
    assert_eq!(
        cb.call(cloud, now, "modifyMessage", &[unknown])
            .unwrap()
            .unwrap_err()
            .code,
        20026
    );
    let (cb, cloud, now) = w.c(b);
    let retyped = obj(&[
        ("ID", s(&id)),
        ("conversationID", s("C2Calice")),
        ("type", s("TIMCustomElem")),
        ("payload", obj(&[("data", s("x"))])),
    ]);
    assert_eq!(
        cb.call(cloud, now, "modifyMessage", &[retyped])
            .unwrap()
            .unwrap_err()
            .code,
        2987
    );
}

#[test]
fn c2c_read_receipts_reach_the_sender() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("bob");
    send(&mut w, "alice", ConvType::C2c, "bob", "one").unwrap();
    send(&mut w, "alice", ConvType::C2c, "bob", "two").unwrap();
    w.take_pushed(a);
    assert!(
        !w.clients[a]
            .store
            .get("C2Cbob")
            .unwrap()
            .last_message
            .is_peer_read
    );
    // Bob reads: alice is told, and her last message reads as read by the peer.
    let (cb, cloud, now) = w.c(b);
    cb.set_message_read(cloud, now, "C2Calice").unwrap();
    w.flush(b);
    let pushed = w.take_pushed(a);
    assert_eq!(
        names(&pushed),
        vec!["onMessageReadByPeer", "onConversationListUpdated"]
    );
    assert_eq!(
        pushed[0],
        Event::MessageReadByPeer {
            conversation_id: "C2Cbob".into(),
            time: w.now
        }
    );
    let conv = w.clients[a].store.get("C2Cbob").unwrap();
    assert_eq!(
        (conv.peer_read_time, conv.last_message.is_peer_read),
        (w.now, true)
    );
    // The history says so message by message; a message sent after the read is not read yet.
    send(&mut w, "alice", ConvType::C2c, "bob", "three").unwrap();
    let messages = w.history("alice", 1, "C2Cbob");
    assert_eq!(
        messages.iter().map(|m| m.peer_read).collect::<Vec<_>>(),
        vec![true, true, false]
    );
    // Reading with nothing unread tells nobody; bob's own view of alice's messages has no receipt.
    w.take_pushed(a);
    let (cb, cloud, now) = w.c(b);
    cb.set_message_read(cloud, now, "C2Calice").unwrap();
    let (cb, cloud, now) = w.c(b);
    cb.set_message_read(cloud, now, "C2Calice").unwrap();
    w.flush(b);
    assert_eq!(
        names(&w.take_pushed(a)),
        vec!["onMessageReadByPeer", "onConversationListUpdated"],
        "one receipt for the one unread message"
    );
    let messages = w.history("bob", 2, "C2Calice");
    assert!(messages.iter().all(|m| !m.peer_read));
}

#[test]
fn at_mentions_reach_the_members_named_until_they_read() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("bob");
    let (c, _) = w.login("carol");
    let (ca, cloud, now) = w.c(a);
    ca.create_group(
        cloud,
        now,
        Some("team".into()),
        "Team",
        "Public",
        ids(&["bob", "carol"]),
    )
    .unwrap();
    w.flush(a);
    let at = |users: &[&str], text: &str| {
        obj(&[
            ("to", s("team")),
            ("conversationType", s("GROUP")),
            (
                "payload",
                obj(&[
                    ("text", s(text)),
                    (
                        "atUserList",
                        Value::Array(users.iter().map(|u| s(u)).collect()),
                    ),
                ]),
            ),
        ])
    };
    for (users, text) in [
        (vec!["bob"], "@bob"),
        (vec!["__kImSDK_MesssageAtALL__"], "@all"),
        (vec!["bob", "__kImSDK_MesssageAtALL__"], "@bob @all"),
    ] {
        let (ca, cloud, now) = w.c(a);
        let tim_wasm::client::Output::Draft(id, _) = ca
            .call(cloud, now, "createTextAtMessage", &[at(&users, text)])
            .unwrap()
            .unwrap()
            .0
        else {
            panic!()
        };
        let (ca, cloud, now) = w.c(a);
        ca.call(cloud, now, "sendMessage", &[obj(&[("ID", s(&id))])])
            .unwrap()
            .unwrap();
        w.flush(a);
    }
    let kinds = |w: &World, i: usize| {
        w.clients[i]
            .store
            .get("GROUPteam")
            .unwrap()
            .group_at_list
            .iter()
            .map(|x| (x.kind, x.from.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kinds(&w, b),
        vec![
            (1, "alice".to_string()),
            (2, "alice".to_string()),
            (3, "alice".to_string())
        ]
    );
    assert_eq!(
        kinds(&w, c),
        vec![(2, "alice".to_string()), (2, "alice".to_string())]
    );
    assert!(
        kinds(&w, a).is_empty(),
        "the sender is not mentioned by their own message"
    );
    // The hasGroupAtInfo filter sees them; reading the group clears them, here and in the cloud.
    let (cb, cloud, now) = w.c(b);
    let (out, _) = cb
        .call(
            cloud,
            now,
            "getConversationList",
            &[obj(&[("hasGroupAtInfo", Value::Bool(true))])],
        )
        .unwrap()
        .unwrap();
    assert_eq!(listed(cb, &out), ids(&["GROUPteam"]));
    let (cb, cloud, now) = w.c(b);
    cb.set_message_read(cloud, now, "GROUPteam").unwrap();
    assert!(kinds(&w, b).is_empty());
    assert!(w
        .cloud
        .cloud
        .snapshot("bob", "GROUPteam")
        .unwrap()
        .at_infos
        .is_empty());
    assert_eq!(
        w.cloud
            .cloud
            .snapshot("carol", "GROUPteam")
            .unwrap()
            .at_infos
            .len(),
        2
    );
}

#[test]
fn remind_types_take_thirty_users_at_most_as_the_original() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let users: Vec<Value> = (0..35).map(|i| s(&format!("u{i}"))).collect();
    let (c, cloud, now) = w.c(a);
    let args = obj(&[
        ("userIDList", Value::Array(users)),
        ("messageRemindType", s("AcceptNotNotify")),
    ]);
    let (out, _) = c
        .call(cloud, now, "setMessageRemindType", &[args])
        .unwrap()
        .unwrap();
    let tim_wasm::client::Output::Data(_, json) = out else {
        panic!()
    };
    assert_eq!(json.matches("userID").count(), 30, "{json}");
    assert!(json.contains(r#"{"userID":"u29"}"#) && !json.contains("u30"));
    assert_eq!(
        w.cloud.cloud.snapshot("alice", "C2Cu30").map(|s| s.remind),
        None,
        "the rest is ignored"
    );
}

#[test]
fn a_groups_messages_show_only_to_its_members_and_to_a_former_one_up_to_their_leaving() {
    let mut w = World::new();
    w.admin_create_group("carol", "team", &["bob"]);
    send(&mut w, "carol", ConvType::Group, "team", "secret").unwrap();
    let last = |w: &mut World, user: &str| -> Option<String> {
        let (res, _) = w.cloud.request(user, 7, Request::Sync, w.now);
        match res.unwrap() {
            Response::Snapshot { convs, .. } => convs
                .into_iter()
                .find(|c| c.id == "GROUPteam")
                .and_then(|c| c.last)
                .map(|m| match m.payload {
                    Payload::Text { text } => text,
                    other => format!("{other:?}"),
                }),
            other => panic!("{other:?}"),
        }
    };
    // eve, not a member, pins the group's conversation: she gets a record, not the messages.
    let (res, _) = w.cloud.request(
        "eve",
        7,
        Request::UpdateConvs {
            ids: vec!["GROUPteam".into()],
            change: tim_wasm::cloud::ConvChange::Pin(true),
        },
        w.now,
    );
    match res.unwrap() {
        Response::Conversations(snaps) => {
            assert!(snaps.iter().all(|c| c.last.is_none()), "{snaps:?}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(last(&mut w, "eve"), None);
    assert_eq!(last(&mut w, "bob").as_deref(), Some("secret"));
    // bob leaves: the tip of his leaving stays his last message; what follows is not his.
    w.tick(1);
    let (res, pushes) = w.cloud.request(
        "bob",
        7,
        Request::QuitGroup {
            group_id: "team".into(),
        },
        w.now,
    );
    res.unwrap();
    w.route(pushes);
    assert!(last(&mut w, "bob").is_some());
    send(&mut w, "carol", ConvType::Group, "team", "after bob").unwrap();
    assert_eq!(last(&mut w, "bob"), None);
    assert_eq!(last(&mut w, "eve"), None);
    assert_eq!(last(&mut w, "carol").as_deref(), Some("after bob"));
}
