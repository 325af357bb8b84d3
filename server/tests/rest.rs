//! The REST admin API's commands in Tencent's field names, against the server binary, with a
//! logged-in client watching: each change reaches it as the push a client's own call would make.

mod common;
use common::ws::*;
use common::*;
use serde_json::{json, Value};
use tim_wasm::cloud::wire::ServerFrame;
use tim_wasm::cloud::PushBody;
use tim_wasm::core::message::Payload;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A server with a development app and `boss` as its administrator: it, the app and its key.
fn server(name: &str) -> (Running, u64, String) {
    let s = Running::start(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        &temp_db(name),
        "--admin",
        "boss",
    ]);
    let (app, key) = dev_app(&s.printed);
    (s, app, key)
}

/// A REST call as the administrator: the reply's JSON (HTTP 200, as Tencent's).
fn admin_rest(s: &Running, app: u64, key: &str, path: &str, body: Value) -> Value {
    let sig = tim_server::usersig::generate(app, key, "boss", now(), 3600);
    let (status, out) = s.http(
        "POST",
        &format!(
            "/v4/{path}?sdkappid={app}&identifier=boss&usersig={sig}&random=1&contenttype=json"
        ),
        &body.to_string(),
    );
    assert_eq!(status, 200);
    serde_json::from_str(&out).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn rest_commands_change_the_cloud_and_reach_connected_clients() {
    let (s, app, key) = server("rest-commands");
    let rest = |path: &str, body: Value| admin_rest(&s, app, &key, path, body);
    let ok = |v: &Value| {
        assert_eq!(
            (v["ActionStatus"].as_str(), v["ErrorCode"].as_u64()),
            (Some("OK"), Some(0)),
            "{v}"
        );
    };
    let (mut alice, _) = Client::login(&s.addr, app, &key, "alice", 0, 0).await;

    // A profile set ahead, then a message from that user: alice sees it with the nick.
    ok(&rest(
        "im_open_login_svc/account_import",
        json!({"UserID": "bob", "Nick": "Bob", "FaceUrl": "b.png"}),
    ));
    let sent = rest(
        "openim/sendmsg",
        json!({"SyncOtherMachine": 2, "From_Account": "bob", "To_Account": "alice", "MsgRandom": 7,
               "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi via REST"}}]}),
    );
    ok(&sent);
    assert!(
        sent["MsgTime"].as_u64().is_some()
            && sent["MsgKey"]
                .as_str()
                .is_some_and(|k| k.ends_with(&format!("_7_{}", sent["MsgTime"]))),
        "{sent}"
    );
    match &alice.pushes(1).await[0].1 {
        PushBody::Message { message, .. } => {
            assert_eq!(
                (message.from.as_str(), message.nick.as_str()),
                ("bob", "Bob")
            );
            assert_eq!(
                message.payload,
                Payload::Text {
                    text: "hi via REST".into()
                }
            );
        }
        other => panic!("{other:?}"),
    }

    // Conversation groups for alice, made by the backend: create, rename, read back, delete.
    let created = rest(
        "recentcontact/create_contact_group",
        json!({"From_Account": "alice", "GroupContactItem": [{"GroupName": "Work", "ContactItem": [{"Type": 1, "To_Account": "bob"}]}]}),
    );
    ok(&created);
    assert_eq!(
        created["GroupResultItem"][0]["GroupItem"],
        json!({"GroupName": "Work", "GroupId": 1})
    );
    assert_eq!(
        created["GroupResultItem"][0]["ResultItem"],
        json!([{"Type": 1, "To_Account": "bob", "ResultCode": 0}])
    );
    assert!(
        matches!(&alice.pushes(2).await[1].1, PushBody::ConvGroupCreated { name, members, .. } if name == "Work" && members == &["C2Cbob".to_string()])
    );
    ok(&rest(
        "recentcontact/update_contact_group",
        json!({"From_Account": "alice", "UpdateType": 1, "UpdateGroup": {"UpdateGroupType": 1, "OldGroupName": "Work", "NewGroupName": "Job"}}),
    ));
    assert!(
        matches!(&alice.pushes(3).await[2].1, PushBody::ConvGroupRenamed { new, .. } if new == "Job")
    );
    let listed = rest(
        "recentcontact/get_contact_group",
        json!({"From_Account": "alice", "StartIndex": 0}),
    );
    ok(&listed);
    assert_eq!(
        listed["GroupItem"],
        json!([{"GroupName": "Job", "GroupId": 1}])
    );
    assert_eq!(listed["ContactItem"][0]["To_Account"], "bob");
    assert_eq!(listed["ContactItem"][0]["ContactGroupId"], json!([1]));
    assert_eq!(listed["CompleteFlag"], 1);
    // A group that does not exist: the cloud's own code, in the envelope.
    let missing = rest(
        "recentcontact/update_contact_group",
        json!({"From_Account": "alice", "UpdateType": 1, "UpdateGroup": {"UpdateGroupType": 1, "OldGroupName": "Nope", "NewGroupName": "X"}}),
    );
    assert_eq!(
        (
            missing["ActionStatus"].as_str(),
            missing["ErrorCode"].as_u64()
        ),
        (Some("FAIL"), Some(51009))
    );
    let deleted = rest(
        "recentcontact/del_contact_group",
        json!({"From_Account": "alice", "GroupName": ["Job"]}),
    );
    ok(&deleted);
    assert_eq!(
        deleted["GroupItem"],
        json!([{"GroupName": "Job", "GroupId": 1}])
    );
    assert!(
        matches!(&alice.pushes(4).await[3].1, PushBody::ConvGroupDeleted { name, .. } if name == "Job")
    );

    // A chat group with alice in it, then carol added.
    let group = rest(
        "group_open_http_svc/create_group",
        json!({"Owner_Account": "bob", "Type": "Public", "GroupId": "team", "Name": "Team", "MemberList": [{"Member_Account": "alice"}]}),
    );
    ok(&group);
    assert_eq!(group["GroupId"], "team");
    let added = rest(
        "group_open_http_svc/add_group_member",
        json!({"GroupId": "team", "MemberList": [{"Member_Account": "carol"}]}),
    );
    ok(&added);
    assert_eq!(
        added["MemberList"],
        json!([{"Member_Account": "carol", "Result": 1}])
    );
    let pushes = alice.pushes(7).await;
    assert!(
        pushes
            .iter()
            .any(|(_, p)| matches!(p, PushBody::GroupListChanged)),
        "{pushes:?}"
    );

    // Bad input: a coded envelope, never a crash.
    let bad = rest(
        "openim/sendmsg",
        json!({"To_Account": "alice", "MsgBody": [{"MsgType": "TIMNoSuchElem", "MsgContent": {}}]}),
    );
    assert_eq!(bad["ErrorCode"], 90005);
    // Over Tencent's 12 KB a message: 80002, nothing sent.
    let big = rest(
        "openim/sendmsg",
        json!({"From_Account": "bob", "To_Account": "alice", "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "x".repeat(12 * 1024 + 1)}}]}),
    );
    assert_eq!(big["ErrorCode"], 80002, "{big}");
    let bad = rest(
        "recentcontact/create_contact_group",
        json!({"GroupContactItem": []}),
    );
    assert_eq!(bad["ErrorCode"], 60003);
    let bad = rest(
        "recentcontact/no_such_command",
        json!({"From_Account": "alice"}),
    );
    assert_eq!(bad["ErrorCode"], 2998);

    // Marks (bit numbers) and the custom mark; the list and a search show them.
    let marked = rest(
        "recentcontact/mark_contact",
        json!({"From_Account": "alice", "MarkItem": [{"OptType": 3, "ContactItem": {"Type": 1, "To_Account": "bob"}, "SetMark": [0, 3], "CustomMark": "vip"}]}),
    );
    ok(&marked);
    assert_eq!(marked["ResultItem"][0]["StandardMark"], "1001");
    assert_eq!(marked["ResultItem"][0]["CustomMark"], "vip");
    let found = rest(
        "recentcontact/search_contact_group",
        json!({"From_Account": "alice", "ContactItem": [{"Type": 1, "To_Account": "bob"}, {"Type": 1, "To_Account": "nobody"}]}),
    );
    ok(&found);
    assert_eq!(found["ContactResultItem"][0]["StandardMark"], "1001");
    assert_eq!(found["ContactResultItem"][1]["ContactGroupId"], json!([]));
    let listed = rest(
        "recentcontact/get_list",
        json!({"From_Account": "alice", "TimeStamp": 0, "StartIndex": 0, "TopTimeStamp": 0, "TopStartIndex": 0, "AssistFlags": 63}),
    );
    ok(&listed);
    let sessions = listed["SessionItem"].as_array().unwrap();
    assert!(
        sessions
            .iter()
            .any(|s| s["Type"] == 1 && s["To_Account"] == "bob" && s["CustomMark"] == "vip"),
        "{listed}"
    );
    assert!(
        sessions
            .iter()
            .any(|s| s["Type"] == 2 && s["GroupId"] == "team"),
        "{listed}"
    );
    assert_eq!(listed["CompleteFlag"], 1);

    // Deleting the conversation, then kicking alice: she is told, and the connection ends.
    ok(&rest(
        "recentcontact/delete",
        json!({"From_Account": "alice", "Type": 1, "To_Account": "bob", "ClearRamble": 1}),
    ));
    loop {
        match next(&mut alice.ws).await {
            Some(ServerFrame::Push {
                body: PushBody::ConvDeleted(ids),
                ..
            }) => {
                assert_eq!(ids, vec!["C2Cbob".to_string()]);
                break;
            }
            Some(ServerFrame::Push { .. }) => continue,
            other => panic!("{other:?}"),
        }
    }
    ok(&rest("im_open_login_svc/kick", json!({"UserID": "alice"})));
    assert_eq!(
        next(&mut alice.ws).await,
        Some(ServerFrame::Kicked {
            reason: "REST_API_Kick".into()
        })
    );
    assert_eq!(next(&mut alice.ws).await, None);
    assert!(s.stop().success());
}

/// The `sns/*` commands: friends, the blacklist and friend groups of any user, with Tencent's
/// result items; the users' clients get the pushes their own calls would make.
#[tokio::test(flavor = "current_thread")]
async fn sns_commands_manage_friends_blacklists_and_friend_groups() {
    use tim_wasm::cloud::friends::RelationOp;
    use tim_wasm::cloud::protocol::Request;
    use tim_wasm::cloud::wire::Answered;
    let (s, app, key) = server("rest-sns");
    let rest = |path: &str, body: Value| admin_rest(&s, app, &key, path, body);
    let (mut alice, _) = Client::login(&s.addr, app, &key, "alice", 0, 0).await;

    // bob asks (alice confirms friends, Tencent's default): 30539, and alice's client is told.
    let added = rest(
        "sns/friend_add",
        json!({"From_Account": "bob", "AddFriendItem": [{"To_Account": "alice", "AddSource": "AddSource_Type_Rest", "Remark": "Al"}]}),
    );
    assert_eq!(added["ActionStatus"], "OK", "{added}");
    assert_eq!(
        added["ResultItem"],
        json!([{"To_Account": "alice", "ResultCode": 30539, "ResultInfo": "Err_SNS_FriendAdd_Need_Confirm"}])
    );
    assert_eq!(added["Fail_Account"], json!(["alice"]));
    match &alice.pushes(1).await[0].1 {
        PushBody::Relations { relations, .. } => {
            assert_eq!(relations.applications[0].user_id, "bob");
            assert!(relations.applications[0].incoming);
        }
        other => panic!("{other:?}"),
    }
    // alice accepts from her client; the backend sees both ways.
    let accept = RelationOp {
        op: "acceptFriendApplication".into(),
        ids: vec!["bob".into()],
        both: true,
        ..Default::default()
    };
    assert!(matches!(
        alice.call(1, Request::Relation(accept)).await,
        Answered::Ok(_)
    ));
    let checked = rest(
        "sns/friend_check",
        json!({"From_Account": "bob", "To_Account": ["alice", "carol"], "CheckType": "CheckResult_Type_Both"}),
    );
    assert_eq!(
        checked["InfoItem"][0]["Relation"], "CheckResult_Type_BothWay",
        "{checked}"
    );
    assert_eq!(
        checked["InfoItem"][1]["Relation"],
        "CheckResult_Type_NoRelation"
    );
    let got = rest(
        "sns/friend_get",
        json!({"From_Account": "bob", "StartIndex": 0}),
    );
    assert_eq!(got["FriendNum"], 1);
    assert_eq!(got["UserDataItem"][0]["To_Account"], "alice");
    assert_eq!(
        got["UserDataItem"][0]["ValueItem"][0],
        json!({"Tag": "Tag_SNS_IM_Remark", "Value": "Al"})
    );

    // Friend groups.
    let made = rest(
        "sns/group_add",
        json!({"From_Account": "bob", "GroupName": ["Close"], "To_Account": ["alice"]}),
    );
    assert_eq!(
        made["ResultItem"],
        json!([{"To_Account": "alice", "ResultCode": 0, "ResultInfo": ""}]),
        "{made}"
    );
    let got = rest("sns/friend_get", json!({"From_Account": "bob"}));
    assert_eq!(
        got["UserDataItem"][0]["ValueItem"][1]["Value"],
        json!(["Close"])
    );
    assert_eq!(
        rest(
            "sns/group_delete",
            json!({"From_Account": "bob", "GroupName": ["Close"]})
        )["ErrorCode"],
        0
    );
    assert_eq!(
        rest(
            "sns/group_delete",
            json!({"From_Account": "bob", "GroupName": ["Close"]})
        )["ErrorCode"],
        30001
    );

    // alice blocks bob: the friendship ends both ways; a repeat is a per-user 30001.
    let blocked = rest(
        "sns/black_list_add",
        json!({"From_Account": "alice", "To_Account": ["bob"]}),
    );
    assert_eq!(blocked["ResultItem"][0]["ResultCode"], 0, "{blocked}");
    let again = rest(
        "sns/black_list_add",
        json!({"From_Account": "alice", "To_Account": ["bob"]}),
    );
    assert_eq!(again["ResultItem"][0]["ResultCode"], 30001);
    assert_eq!(
        rest("sns/black_list_get", json!({"From_Account": "alice"}))["BlackListItem"],
        json!([{"To_Account": "bob", "AddBlackTimeStamp": 0}])
    );
    assert_eq!(
        rest("sns/friend_get", json!({"From_Account": "bob"}))["FriendNum"],
        0
    );
    let deleted = rest(
        "sns/friend_delete",
        json!({"From_Account": "bob", "To_Account": ["alice"]}),
    );
    assert_eq!(deleted["ResultItem"][0]["ResultCode"], 2700);
    assert_eq!(
        rest(
            "sns/black_list_delete",
            json!({"From_Account": "alice", "To_Account": ["bob"]})
        )["ResultItem"][0]["ResultCode"],
        0
    );

    // Imported friends: into the list at once, one way; a client cannot ask for it.
    let imported = rest(
        "sns/friend_import",
        json!({"From_Account": "carol", "AddFriendItem": [{"To_Account": "alice", "AddSource": "AddSource_Type_Import", "Remark": "A"}, {"To_Account": "carol"}]}),
    );
    assert_eq!(imported["ResultItem"][0]["ResultCode"], 0, "{imported}");
    assert_eq!(imported["Fail_Account"], json!(["carol"]));
    let got = rest("sns/friend_get", json!({"From_Account": "carol"}));
    assert_eq!(got["UserDataItem"][0]["To_Account"], "alice");
    let from_client = RelationOp {
        op: "importFriend".into(),
        ids: vec!["dave".into()],
        ..Default::default()
    };
    match alice.call(2, Request::Relation(from_client)).await {
        Answered::Err { code, message } => assert_eq!(code, 6017, "{message}"),
        other => panic!("{other:?}"),
    }
    // Too many IDs in one request: refused at the wire.
    let many = Request::Blacklist {
        add: true,
        user_ids: (0..2000).map(|i| format!("u{i}")).collect(),
    };
    assert!(matches!(
        alice.call(3, many).await,
        Answered::Err { code: 6017, .. }
    ));

    // Friends by page (100 a page, as Tencent's), the blacklist by MaxLimited.
    for chunk in [0..100, 100..200, 200..205] {
        let items: Vec<Value> = chunk
            .map(
                |i| json!({"To_Account": format!("f{i:03}"), "AddSource": "AddSource_Type_Import"}),
            )
            .collect();
        let done = rest(
            "sns/friend_import",
            json!({"From_Account": "pager", "AddFriendItem": items}),
        );
        assert_eq!(done["Fail_Account"], json!([]), "{done}");
    }
    let (mut seen, mut start, mut pages) = (Vec::new(), 0, Vec::new());
    loop {
        let page = rest(
            "sns/friend_get",
            json!({"From_Account": "pager", "StartIndex": start}),
        );
        let items = page["UserDataItem"].as_array().unwrap();
        seen.extend(items.iter().map(|f| f["To_Account"].clone()));
        pages.push((
            items.len(),
            page["NextStartIndex"].clone(),
            page["CompleteFlag"].clone(),
        ));
        assert_eq!(page["FriendNum"], 205);
        if page["CompleteFlag"] == 1 {
            break;
        }
        start = page["NextStartIndex"].as_u64().unwrap();
    }
    assert_eq!(
        pages,
        [
            (100, json!(100), json!(0)),
            (100, json!(200), json!(0)),
            (5, json!(0), json!(1))
        ]
    );
    let want: Vec<Value> = (0..205).map(|i| json!(format!("f{i:03}"))).collect();
    assert_eq!(seen, want);
    rest(
        "sns/black_list_add",
        json!({"From_Account": "pager", "To_Account": ["b1", "b2", "b3", "b4", "b5"]}),
    );
    let (mut blocked, mut start) = (Vec::new(), 0);
    loop {
        let page = rest(
            "sns/black_list_get",
            json!({"From_Account": "pager", "StartIndex": start, "MaxLimited": 2, "LastSequence": 0}),
        );
        let items = page["BlackListItem"].as_array().unwrap();
        assert!(items.len() <= 2, "{page}");
        blocked.extend(items.iter().map(|b| b["To_Account"].clone()));
        start = page["StartIndex"].as_u64().unwrap();
        if start == 0 {
            break;
        }
    }
    assert_eq!(
        blocked,
        json!(["b1", "b2", "b3", "b4", "b5"])
            .as_array()
            .unwrap()
            .clone()
    );

    // Bad input: a clear code.
    assert_eq!(rest("sns/friend_get", json!({}))["ErrorCode"], 60003);
    assert_eq!(
        rest("sns/friend_delete", json!({"From_Account": "bob"}))["ErrorCode"],
        60003
    );
    assert_eq!(
        rest("sns/no_such", json!({"From_Account": "bob"}))["ErrorCode"],
        2998
    );
}

#[tokio::test(flavor = "current_thread")]
async fn group_attribute_and_counter_commands_need_no_membership_and_reach_members() {
    use tim_wasm::cloud::group_keys::GroupKeysOp;
    use tim_wasm::cloud::protocol::Request;
    use tim_wasm::cloud::wire::Answered;
    let (s, app, key) = server("rest-group-keys");
    let rest = |path: &str, body: Value| admin_rest(&s, app, &key, path, body);
    let (mut alice, _) = Client::login(&s.addr, app, &key, "alice", 0, 0).await;
    let made = rest(
        "group_open_http_svc/create_group",
        json!({"Owner_Account": "bob", "Type": "Public", "GroupId": "room", "Name": "Room", "MemberList": [{"Member_Account": "alice"}]}),
    );
    assert_eq!(made["ActionStatus"], "OK", "{made}");
    // The join tip and the group list (pushes count from the login on).
    let _ = alice.pushes(2).await;

    // The administrator is no member, and replaces, then changes, the attributes.
    let set = rest(
        "group_open_http_svc/set_group_attr",
        json!({"GroupId": "room", "GroupAttr": [{"key": "topic", "value": "launch"}, {"key": "seat", "value": "bob"}]}),
    );
    assert_eq!(set["ActionStatus"], "OK", "{set}");
    match &alice.pushes(3).await[2].1 {
        PushBody::GroupAttributes {
            group_id, updated, ..
        } => assert_eq!((group_id.as_str(), updated.len()), ("room", 2)),
        other => panic!("{other:?}"),
    }
    rest(
        "group_open_http_svc/modify_group_attr",
        json!({"GroupId": "room", "GroupAttr": [{"key": "seat", "value": "alice"}]}),
    );
    rest(
        "group_open_http_svc/delete_group_attr",
        json!({"GroupId": "room", "GroupAttr": [{"key": "topic"}]}),
    );
    let got = rest(
        "group_open_attr_http_svc/get_group_attr",
        json!({"GroupId": "room"}),
    );
    assert_eq!(
        got["GroupAttrAry"],
        json!([{"key": "seat", "value": "alice"}])
    );

    // Counters: set, then increase; alice sees the values change.
    let counted = rest(
        "group_open_http_svc/update_group_counter",
        json!({"GroupId": "room", "GroupCounter": [{"Key": "likes", "Value": 2}]}),
    );
    assert_eq!(
        counted["GroupCounter"],
        json!([{"Key": "likes", "Value": 2}])
    );
    let counted = rest(
        "group_open_http_svc/update_group_counter",
        json!({"GroupId": "room", "Mode": "Increase", "GroupCounter": [{"Key": "likes", "Value": 5}]}),
    );
    assert_eq!(
        counted["GroupCounter"],
        json!([{"Key": "likes", "Value": 7}])
    );
    let pushes = alice.pushes(7).await;
    assert!(
        matches!(&pushes[6].1, PushBody::GroupCounters { counters, .. } if counters == &[("likes".to_string(), 7)]),
        "{pushes:?}"
    );
    let got = rest(
        "group_open_http_svc/get_group_counter",
        json!({"GroupId": "room", "GroupCounterKeys": ["likes", "none"]}),
    );
    assert_eq!(got["GroupCounter"], json!([{"Key": "likes", "Value": 7}]));

    // Tencent's codes; and a client cannot claim the administrator's pass.
    let missing = rest(
        "group_open_attr_http_svc/get_group_attr",
        json!({"GroupId": "nope"}),
    );
    assert_eq!(missing["ErrorCode"], 10010, "{missing}");
    let long = rest(
        "group_open_http_svc/modify_group_attr",
        json!({"GroupId": "room", "GroupAttr": [{"key": "k".repeat(33), "value": "v"}]}),
    );
    assert_eq!(long["ErrorCode"], 10045, "{long}");
    let bad = rest(
        "group_open_http_svc/update_group_counter",
        json!({"GroupId": "room", "Mode": "Double", "GroupCounter": [{"Key": "likes", "Value": 1}]}),
    );
    assert_eq!(bad["ErrorCode"], 60003, "{bad}");
    let (mut carol, _) = Client::login(&s.addr, app, &key, "carol", 0, 0).await;
    let claim = GroupKeysOp {
        op: "getGroupAttributes".into(),
        group_id: "room".into(),
        by_admin: true,
        ..Default::default()
    };
    assert!(matches!(
        carol.call(1, Request::GroupKeys(claim)).await,
        Answered::Err { .. }
    ));
    let plain = GroupKeysOp {
        op: "getGroupAttributes".into(),
        group_id: "room".into(),
        ..Default::default()
    };
    assert!(matches!(
        carol.call(2, Request::GroupKeys(plain)).await,
        Answered::Err { code: 10007, .. }
    ));
}

#[tokio::test(flavor = "current_thread")]
async fn create_group_takes_the_whole_profile_and_admins_in_tencents_names() {
    let (s, app, key) = server("rest-create-group");
    let rest = |path: &str, body: Value| admin_rest(&s, app, &key, path, body);
    let made = rest(
        "group_open_http_svc/create_group",
        json!({"Owner_Account": "bob", "Type": "Public", "GroupId": "crew", "Name": "Crew",
               "Introduction": "We ship", "Notification": "Fri", "FaceUrl": "https://example.com/c.png",
               "ApplyJoinOption": "FreeAccess", "MuteAllMember": "On",
               "AppDefinedData": [{"Key": "tier", "Value": "gold"}],
               "MemberList": [{"Member_Account": "alice", "Role": "Admin"},
                              {"Member_Account": "carol", "AppMemberDefinedData": [{"Key": "seat", "Value": "3A"}]}]}),
    );
    assert_eq!(
        (&made["ActionStatus"], &made["GroupId"]),
        (&json!("OK"), &json!("crew")),
        "{made}"
    );
    let info = rest(
        "group_open_http_svc/get_group_info",
        json!({"GroupIdList": ["crew"]}),
    );
    let g = &info["GroupInfo"][0];
    assert_eq!(
        (
            &g["Introduction"],
            &g["Notification"],
            &g["FaceUrl"],
            &g["ApplyJoinOption"],
            &g["MuteAllMember"],
            &g["MemberNum"]
        ),
        (
            &json!("We ship"),
            &json!("Fri"),
            &json!("https://example.com/c.png"),
            &json!("FreeAccess"),
            &json!("On"),
            &json!(3)
        ),
        "{info}"
    );
    assert_eq!(
        g["AppDefinedData"],
        json!([{"Key": "tier", "Value": "gold"}])
    );
    let roles = rest(
        "group_open_http_svc/get_role_in_group",
        json!({"GroupId": "crew", "User_Account": ["bob", "alice", "carol"]}),
    );
    assert_eq!(
        roles["UserIdList"],
        json!([{"Member_Account": "bob", "Role": "Owner"}, {"Member_Account": "alice", "Role": "Admin"},
               {"Member_Account": "carol", "Role": "Member"}])
    );
    // The first members' own custom fields.
    let members = rest(
        "group_open_http_svc/get_group_member_info",
        json!({"GroupId": "crew"}),
    );
    let seats: Vec<(Value, Value)> = members["MemberList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["Member_Account"].clone(),
                m["AppMemberDefinedData"].clone(),
            )
        })
        .collect();
    assert!(
        seats.contains(&(json!("carol"), json!([{"Key": "seat", "Value": "3A"}])))
            && seats.contains(&(json!("alice"), json!([]))),
        "{members}"
    );
    // Checked before anything is made: a bad join option, a bad role; the ID stays free.
    for body in [
        json!({"Type": "Public", "GroupId": "x", "Name": "X", "ApplyJoinOption": "Anyone"}),
        json!({"Type": "Public", "GroupId": "x", "Name": "X", "MemberList": [{"Member_Account": "a", "Role": "Boss"}]}),
    ] {
        let bad = rest("group_open_http_svc/create_group", body);
        assert_eq!(bad["ActionStatus"], "FAIL", "{bad}");
    }
    let info = rest(
        "group_open_http_svc/get_group_info",
        json!({"GroupIdList": ["x"]}),
    );
    assert_eq!(info["GroupInfo"][0]["ErrorCode"], 10010, "{info}");
}

#[tokio::test(flavor = "current_thread")]
async fn group_management_commands_read_and_change_groups_in_the_owners_name() {
    let (s, app, key) = server("rest-group-admin");
    let rest = |path: &str, body: Value| admin_rest(&s, app, &key, path, body);
    let ok = |v: Value| {
        assert_eq!(v["ActionStatus"], "OK", "{v}");
        v
    };
    let (mut alice, _) = Client::login(&s.addr, app, &key, "alice", 0, 0).await;
    ok(rest(
        "group_open_http_svc/create_group",
        json!({"Owner_Account": "bob", "Type": "Public", "GroupId": "club", "Name": "Club",
               "MemberList": [{"Member_Account": "alice"}, {"Member_Account": "carol"}]}),
    ));
    let _ = alice.pushes(2).await;
    let club_info = || {
        ok(rest(
            "group_open_http_svc/get_group_info",
            json!({"GroupIdList": ["club"]}),
        ))["GroupInfo"][0]
            .clone()
    };

    // The profile, and a group that does not exist answered in its own item.
    let info = ok(rest(
        "group_open_http_svc/get_group_info",
        json!({"GroupIdList": ["club", "nope"]}),
    ));
    let club = &info["GroupInfo"][0];
    assert_eq!(
        (&club["Owner_Account"], &club["MemberNum"], &club["Name"]),
        (&json!("bob"), &json!(3), &json!("Club"))
    );
    assert_eq!(club["MemberList"].as_array().map(Vec::len), Some(3));
    assert_eq!(info["GroupInfo"][1]["ErrorCode"], 10010, "{info}");

    // The base profile: name, introduction, everyone muted, a custom field.
    ok(rest(
        "group_open_http_svc/modify_group_base_info",
        json!({"GroupId": "club", "Name": "Club 2", "Introduction": "hello",
               "MuteAllMember": "On", "AppDefinedData": [{"Key": "tag", "Value": "x"}]}),
    ));
    let club = club_info();
    assert_eq!(
        (&club["Name"], &club["Introduction"], &club["MuteAllMember"]),
        (&json!("Club 2"), &json!("hello"), &json!("On"))
    );
    assert_eq!(
        club["AppDefinedData"],
        json!([{"Key": "tag", "Value": "x"}])
    );
    // alice sees the profile tip (6) of the owner's change.
    let tip = |p: &(u64, PushBody)| match &p.1 {
        PushBody::Message { message, .. } => match &message.payload {
            Payload::GroupTip { operation_type, .. } => Some(*operation_type),
            _ => None,
        },
        _ => None,
    };
    let pushes = alice.pushes(4).await;
    assert!(pushes.iter().any(|p| tip(p) == Some(6)), "{pushes:?}");

    // A member: role, name card, mute; roles read back.
    ok(rest(
        "group_open_http_svc/modify_group_member_info",
        json!({"GroupId": "club", "Member_Account": "alice", "Role": "Admin", "NameCard": "Al", "ShutUpTime": 60}),
    ));
    ok(rest(
        "group_open_http_svc/forbid_send_msg",
        json!({"GroupId": "club", "Members_Account": ["carol"], "MuteTime": 120}),
    ));
    let members = ok(rest(
        "group_open_http_svc/get_group_member_info",
        json!({"GroupId": "club"}),
    ));
    assert_eq!(members["MemberNum"], 3);
    let member = |id: &str| {
        members["MemberList"]
            .as_array()
            .and_then(|l| l.iter().find(|m| m["Member_Account"] == id))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        (&member("alice")["Role"], &member("alice")["NameCard"]),
        (&json!("Admin"), &json!("Al"))
    );
    assert!(member("alice")["ShutUpUntil"].as_u64().unwrap_or(0) > now());
    assert!(member("carol")["ShutUpUntil"].as_u64().unwrap_or(0) >= now() + 100);
    let admins = ok(rest(
        "group_open_http_svc/get_group_member_info",
        json!({"GroupId": "club", "MemberRoleFilter": ["Admin"]}),
    ));
    assert_eq!(
        admins["MemberList"].as_array().map(Vec::len),
        Some(1),
        "{admins}"
    );
    let roles = ok(rest(
        "group_open_http_svc/get_role_in_group",
        json!({"GroupId": "club", "User_Account": ["bob", "alice", "zed"]}),
    ));
    assert_eq!(
        roles["UserIdList"],
        json!([{"Member_Account": "bob", "Role": "Owner"}, {"Member_Account": "alice", "Role": "Admin"},
               {"Member_Account": "zed", "Role": "NotMember"}])
    );
    // The cloud's codes come back: a role that does not exist.
    let bad = rest(
        "group_open_http_svc/modify_group_member_info",
        json!({"GroupId": "club", "Member_Account": "alice", "Role": "King"}),
    );
    assert_eq!(bad["ErrorCode"], 2683, "{bad}");

    // Ownership moves; a member goes; the group goes.
    ok(rest(
        "group_open_http_svc/change_group_owner",
        json!({"GroupId": "club", "NewOwner_Account": "alice"}),
    ));
    ok(rest(
        "group_open_http_svc/delete_group_member",
        json!({"GroupId": "club", "MemberToDel_Account": ["carol"]}),
    ));
    let club = club_info();
    assert_eq!(
        (&club["Owner_Account"], &club["MemberNum"]),
        (&json!("alice"), &json!(2))
    );
    let joined = ok(rest(
        "group_open_http_svc/get_joined_group_list",
        json!({"Member_Account": "carol"}),
    ));
    assert_eq!(joined["TotalCount"], 0, "{joined}");
    assert_eq!(
        ok(rest(
            "group_open_http_svc/get_joined_group_list",
            json!({"Member_Account": "bob"})
        ))["GroupIdList"],
        json!([{"GroupId": "club", "Name": "Club 2", "Type": "Public"}])
    );
    ok(rest(
        "group_open_http_svc/destroy_group",
        json!({"GroupId": "club"}),
    ));
    let gone = rest(
        "group_open_http_svc/get_group_info",
        json!({"GroupIdList": ["club"]}),
    );
    assert_eq!(gone["GroupInfo"][0]["ErrorCode"], 10010, "{gone}");
    let missing = rest("group_open_http_svc/destroy_group", json!({}));
    assert_eq!(missing["ErrorCode"], 60003, "{missing}");
}

#[tokio::test(flavor = "current_thread")]
async fn history_reads_page_a_chat_by_time_and_a_group_by_sequence_newest_first() {
    use tim_wasm::cloud::protocol::Request;
    use tim_wasm::cloud::wire::Answered;
    let (s, app, key) = server("rest-history");
    let rest = |path: &str, body: Value| admin_rest(&s, app, &key, path, body);
    for i in 0..25 {
        let sent = rest(
            "openim/sendmsg",
            json!({"From_Account": "bob", "To_Account": "alice", "MsgRandom": 1000 + i,
                   "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": format!("c{i}")}}]}),
        );
        assert_eq!(sent["ActionStatus"], "OK", "{sent}");
    }
    // A chat, by time, newest first: pages of 10 go on from LastMsgTime and LastMsgKey.
    let (mut seen, mut max, mut key_back, mut pages) = (Vec::new(), now() + 10, String::new(), 0);
    loop {
        let page = rest(
            "openim/admin_getroammsg",
            json!({"Operator_Account": "alice", "Peer_Account": "bob", "MaxCnt": 10, "MinTime": 0,
                   "MaxTime": max, "LastMsgKey": key_back}),
        );
        assert_eq!(page["ActionStatus"], "OK", "{page}");
        let list = page["MsgList"].as_array().unwrap();
        assert_eq!(page["MsgCnt"], list.len());
        seen.extend(
            list.iter()
                .map(|m| m["MsgBody"][0]["MsgContent"]["Text"].clone()),
        );
        assert!(list
            .iter()
            .all(|m| m["From_Account"] == "bob" && m["To_Account"] == "alice"));
        pages += 1;
        if page["Complete"] == 1 {
            break;
        }
        max = page["LastMsgTime"].as_u64().unwrap();
        key_back = page["LastMsgKey"].as_str().unwrap().to_string();
    }
    let want: Vec<Value> = (0..25).rev().map(|i| json!(format!("c{i}"))).collect();
    assert_eq!((seen, pages), (want, 3));
    // Nothing sent from MinTime on: none, complete.
    let none = rest(
        "openim/admin_getroammsg",
        json!({"Operator_Account": "alice", "Peer_Account": "bob", "MaxCnt": 10,
               "MinTime": now() + 100, "MaxTime": now() + 200}),
    );
    assert_eq!(
        (&none["MsgCnt"], &none["Complete"]),
        (&json!(0), &json!(1)),
        "{none}"
    );

    // A group, by sequence: 20 a page at most, IsFinished on the last.
    rest(
        "group_open_http_svc/create_group",
        json!({"Owner_Account": "alice", "Type": "Public", "GroupId": "hist", "Name": "Hist"}),
    );
    let (mut alice, _) = Client::login(&s.addr, app, &key, "alice", 0, 0).await;
    for i in 0..22u64 {
        let send = Request::SendMessage {
            conv_type: tim_wasm::core::conversation::ConvType::Group,
            to: "hist".into(),
            payload: tim_wasm::core::message::Payload::Text {
                text: format!("g{i}"),
            },
            cloud_custom_data: String::new(),
            random: i as u32,
            client_time: 1,
            flags: 0,
        };
        assert!(matches!(alice.call(i + 1, send).await, Answered::Ok(_)));
    }
    let first = rest(
        "group_open_http_svc/group_msg_get_simple",
        json!({"GroupId": "hist", "ReqMsgNumber": 20}),
    );
    let list = first["RspMsgList"].as_array().unwrap();
    assert_eq!(
        (list.len(), &first["IsFinished"]),
        (20, &json!(0)),
        "{first}"
    );
    assert_eq!(list[0]["MsgBody"][0]["MsgContent"]["Text"], "g21");
    let oldest = list[19]["MsgSeq"].as_u64().unwrap();
    let rest_page = rest(
        "group_open_http_svc/group_msg_get_simple",
        json!({"GroupId": "hist", "ReqMsgNumber": 20, "ReqMsgSeq": oldest - 1}),
    );
    let texts: Vec<Value> = rest_page["RspMsgList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["MsgBody"][0]["MsgContent"]["Text"].clone())
        .collect();
    // g1, g0 and the group's creation tip (no body here).
    assert_eq!(texts, [json!("g1"), json!("g0"), Value::Null]);
    assert_eq!(rest_page["IsFinished"], 1);
    let bad = rest(
        "group_open_http_svc/group_msg_get_simple",
        json!({"GroupId": "hist", "ReqMsgNumber": 21}),
    );
    assert_eq!(bad["ErrorCode"], 60003, "{bad}");
    // A location goes in and comes back with its numbers as given; a number as text is refused.
    let body = json!({"MsgType": "TIMLocationElem",
                      "MsgContent": {"Desc": "gate", "Latitude": 39.916527, "Longitude": -116.5e-3}});
    let sent = rest(
        "openim/sendmsg",
        json!({"From_Account": "carol", "To_Account": "alice", "MsgRandom": 7, "MsgBody": [body]}),
    );
    assert_eq!(sent["ActionStatus"], "OK", "{sent}");
    let page = rest(
        "openim/admin_getroammsg",
        json!({"Operator_Account": "alice", "Peer_Account": "carol", "MaxCnt": 10, "MinTime": 0,
               "MaxTime": now() + 10}),
    );
    assert_eq!(page["MsgList"][0]["MsgBody"][0], body, "{page}");
    let text = rest(
        "openim/sendmsg",
        json!({"From_Account": "carol", "To_Account": "alice", "MsgBody": [{"MsgType": "TIMLocationElem",
               "MsgContent": {"Desc": "x", "Latitude": "1", "Longitude": 2}}]}),
    );
    assert_eq!(text["ErrorCode"], 60003, "{text}");
}
