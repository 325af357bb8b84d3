//! A short fixed-seed fuzz of every method through the pure dispatcher (CONTRACT §8: ≤ 2000
//! calls in the test command). Random arguments of every JS kind must give a result or an
//! error with a code — never a panic — and the conversation store must stay consistent.

mod common;
use common::rng::Rng;
use common::*;
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::validate::validate;
use tim_wasm::core::value::Value;

const METHODS: &[&str] = &[
    "getConversationList",
    "getConversationProfile",
    "deleteConversation",
    "getTotalUnreadMessageCount",
    "setMessageRead",
    "setAllMessageRead",
    "setConversationDraft",
    "pinConversation",
    "markConversation",
    "setConversationCustomData",
    "setMessageRemindType",
    "clearHistoryMessage",
    "getConversationGroupList",
    "createConversationGroup",
    "deleteConversationGroup",
    "renameConversationGroup",
    "addConversationsToGroup",
    "deleteConversationsFromGroup",
    "createTextMessage",
    "createCustomMessage",
    "sendMessage",
    "getMessageList",
    "createGroup",
    "joinGroup",
    "quitGroup",
    "dismissGroup",
    "getGroupList",
    "getGroupProfile",
    "getMyProfile",
    "getUserProfile",
    "updateMyProfile",
    "getFriendList",
    "getFriendGroupList",
    "getBlacklist",
    "getFriendApplicationList",
    "createTextAtMessage",
    "modifyMessage",
];

const KEYS: &[&str] = &[
    "conversationID",
    "conversationIDList",
    "groupName",
    "oldName",
    "newName",
    "isPinned",
    "markType",
    "enableMark",
    "customData",
    "draftText",
    "scope",
    "type",
    "hasUnreadCount",
    "to",
    "conversationType",
    "payload",
    "text",
    "groupID",
    "name",
    "memberList",
    "userID",
    "userIDList",
    "messageRemindType",
    "nick",
    "count",
    "nextReqMessageID",
    "clearHistoryMessage",
    "ID",
    "atUserList",
    "cloudCustomData",
    "gender",
    "birthday",
    "profileCustomField",
    "key",
    "value",
];

const STRINGS: &[&str] = &[
    "C2Cbob",
    "C2Cu1",
    "GROUPteam",
    "@TIM#SYSTEM",
    "foo",
    "",
    "g",
    "组组组组组组组组组组组",
    "C2C",
    "GROUP",
    "team",
    "bob",
    "C2Cnobody",
];

trait Values {
    fn value(&mut self, depth: u32) -> Value;
}

impl Values for Rng {
    fn value(&mut self, depth: u32) -> Value {
        match self.below(if depth > 2 { 6 } else { 9 }) {
            0 => Value::Undefined,
            1 => Value::Null,
            2 => Value::Bool(self.below(2) == 0),
            3 => Value::Number([0.0, 1.0, 2.0, 8.0, -1.0, 1e300, f64::NAN, 6.0][self.below(8)]),
            4 | 5 => Value::Str(STRINGS[self.below(STRINGS.len())].to_string()),
            6 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
            7 => Value::Other {
                tag: "map".into(),
                empty: self.below(2) == 0,
            },
            _ => Value::Object(
                (0..self.below(5))
                    .map(|_| {
                        (
                            KEYS[self.below(KEYS.len())].to_string(),
                            self.value(depth + 1),
                        )
                    })
                    .collect(),
            ),
        }
    }
}

#[test]
fn two_thousand_random_calls_never_panic() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    w.admin_send("bob", ConvType::C2c, "alice", "hi");
    w.admin_create_group("bob", "team", &["alice"]);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut outcomes = [0usize; 3];
    for _ in 0..2000 {
        let name = METHODS[rng.below(METHODS.len())];
        let args: Vec<Value> = (0..rng.below(3)).map(|_| rng.value(0)).collect();
        // As the facade does: validation first (a throw), then the method.
        if validate(name, &args).is_err() {
            outcomes[0] += 1;
            continue;
        }
        let (c, cloud, now) = w.c(a);
        match c.call(cloud, now, name, &args) {
            Some(Ok(_)) => outcomes[1] += 1,
            Some(Err(e)) => {
                assert!(e.code > 0 && !e.message.is_empty(), "{name}: {e:?}");
                outcomes[2] += 1;
            }
            None => assert_eq!(name, "getFriendList"),
        }
        w.flush(a);
        // The list holds each conversation once, and only conversations the store has.
        let store = &w.clients[a].store;
        let mut ids: Vec<&str> = store
            .visible()
            .map(|e| e.conv.conversation_id.as_str())
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "after {name}");
        assert!(n <= store.len());
    }
    // Each kind of outcome happened: the fuzz reached past validation into the methods.
    assert!(outcomes.iter().all(|n| *n > 50), "{outcomes:?}");
}
