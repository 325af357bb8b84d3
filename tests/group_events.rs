//! Beyond the original (full build): the fine-grained conversation-group events, fired besides
//! CONVERSATION_GROUP_LIST_UPDATED and CONVERSATION_IN_GROUP_UPDATED, on the device that made
//! the change and on the user's others, once per real change and never when nothing changed.

mod common;

use common::World;
use serde_json::{json, Value as J};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::event::Event;
use tim_wasm::core::value::{obj, s, Value};

/// The fine-grained events session `i` got since last asked: (name, data), the conversation
/// lists as their IDs.
fn fine(w: &mut World, i: usize) -> Vec<(String, J)> {
    std::mem::take(&mut w.pushed[i])
        .into_iter()
        .filter_map(|e| match e {
            Event::GroupConvs(name, group, ids) => Some((
                name.to_string(),
                json!({"groupName": group, "conversationList": ids}),
            )),
            Event::Keyed(name, _, data) if name.starts_with("onConversationGroup") => {
                Some((name.to_string(), serde_json::from_str(&data).unwrap()))
            }
            _ => None,
        })
        .collect()
}

fn members(name: &str, ids: &[&str]) -> Value {
    obj(&[
        ("groupName", s(name)),
        (
            "conversationIDList",
            Value::Array(ids.iter().map(|x| s(x)).collect()),
        ),
    ])
}

#[test]
fn each_group_change_is_told_once_on_every_device() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let (b, _) = w.login("alice");
    for from in ["bob", "carol"] {
        w.admin_send(from, ConvType::C2c, "alice", "hi");
    }
    fine(&mut w, a);
    fine(&mut w, b);

    w.call_json(a, "createConversationGroup", members("work", &["C2Cbob"]))
        .unwrap();
    let created = (
        "onConversationGroupCreated".to_string(),
        json!({"groupName": "work", "conversationList": ["C2Cbob"]}),
    );
    assert_eq!(fine(&mut w, a), vec![created.clone()]);
    assert_eq!(fine(&mut w, b), vec![created]);

    // Only what changed: bob is in already.
    w.call_json(
        b,
        "addConversationsToGroup",
        members("work", &["C2Ccarol", "C2Cbob"]),
    )
    .unwrap();
    let added = (
        "onConversationsAddedToGroup".to_string(),
        json!({"groupName": "work", "conversationList": ["C2Ccarol"]}),
    );
    assert_eq!(fine(&mut w, b), vec![added.clone()]);
    assert_eq!(fine(&mut w, a), vec![added]);
    w.call_json(a, "addConversationsToGroup", members("work", &["C2Cbob"]))
        .unwrap();
    assert!(
        fine(&mut w, a).is_empty() && fine(&mut w, b).is_empty(),
        "nothing changed"
    );

    w.call_json(
        a,
        "deleteConversationsFromGroup",
        members("work", &["C2Cbob"]),
    )
    .unwrap();
    let removed = (
        "onConversationsDeletedFromGroup".to_string(),
        json!({"groupName": "work", "conversationList": ["C2Cbob"]}),
    );
    assert_eq!(fine(&mut w, a), vec![removed.clone()]);
    assert_eq!(fine(&mut w, b), vec![removed]);

    let rename = |old: &str, new: &str| obj(&[("oldName", s(old)), ("newName", s(new))]);
    w.call_json(b, "renameConversationGroup", rename("work", "work"))
        .unwrap();
    assert!(fine(&mut w, b).is_empty(), "the same name: no change");
    w.call_json(b, "renameConversationGroup", rename("work", "team"))
        .unwrap();
    let renamed = (
        "onConversationGroupNameChanged".to_string(),
        json!({"oldName": "work", "newName": "team"}),
    );
    assert_eq!(fine(&mut w, b), vec![renamed.clone()]);
    assert_eq!(fine(&mut w, a), vec![renamed]);

    w.call_json(a, "deleteConversationGroup", s("team"))
        .unwrap();
    let deleted = (
        "onConversationGroupDeleted".to_string(),
        json!({"groupName": "team"}),
    );
    assert_eq!(fine(&mut w, a), vec![deleted.clone()]);
    assert_eq!(fine(&mut w, b), vec![deleted]);
    assert_eq!(
        w.call_json(a, "deleteConversationGroup", s("team")),
        Err(51009)
    );
    assert!(fine(&mut w, a).is_empty());
}
