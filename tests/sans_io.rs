//! The client is sans-I/O toward its cloud: a method yields the request it needs and finishes
//! when it is handed the answer — from any host (the page's embedded cloud, a network, or a
//! test answering by hand, as here). Nothing changes in the client until the answer arrives.

mod common;
use common::*;
use tim_wasm::client::{Output, Step};
use tim_wasm::cloud::{Request, Response};
use tim_wasm::core::error::Error;
use tim_wasm::core::value::{obj, s, strs};

#[test]
fn a_method_asks_then_finishes_with_whatever_answer_it_is_given() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    w.admin_send(
        "bob",
        tim_wasm::core::conversation::ConvType::C2c,
        "alice",
        "hi",
    );
    let c = &mut w.clients[a];
    let args = [obj(&[
        ("groupName", s("Work")),
        ("conversationIDList", strs(&["C2Cbob"])),
    ])];

    // 1. The request, and no change yet.
    let Some(Step::Ask(req, then)) = c.begin(w.now, "createConversationGroup", &args) else {
        panic!("asks the cloud")
    };
    assert_eq!(
        req,
        Request::CreateConvGroup {
            name: "Work".into(),
            ids: ids(&["C2Cbob"])
        }
    );
    assert!(c.get_conversation_group_list().is_empty());
    // 2. The host answers (here by hand, as a server's frame would): the client applies it.
    let Step::Done(Ok((out, events))) = then(
        c,
        Ok(Response::ConvGroupCreated {
            id: 7,
            results: vec![("C2Cbob".into(), 0)],
        }),
    ) else {
        panic!("done")
    };
    assert_eq!(
        out,
        Output::Data(
            "json",
            r#"{"successConversationIDList":["C2Cbob"],"failureConversationIDList":[]}"#.into()
        )
    );
    assert_eq!(
        names(&events),
        vec![
            "onConversationGroupListUpdated",
            "onConversationListUpdated"
        ]
    );
    assert_eq!(c.get_conversation_group_list(), vec!["Work".to_string()]);

    // An error answer is the call's error; nothing changes.
    let Some(Step::Ask(_, then)) = c.begin(
        w.now,
        "renameConversationGroup",
        &[obj(&[("oldName", s("Work")), ("newName", s("Job"))])],
    ) else {
        panic!()
    };
    let Step::Done(Err(e)) = then(c, Err(Error::raw(51013, "taken"))) else {
        panic!("fails")
    };
    assert_eq!(e.code, 51013);
    assert_eq!(c.get_conversation_group_list(), vec!["Work".to_string()]);
}

#[test]
fn local_answers_and_prechecks_never_ask() {
    let mut w = World::new();
    let (a, _) = w.login("alice");
    let c = &mut w.clients[a];
    for (name, args) in [
        ("getConversationList", vec![]),
        ("getTotalUnreadMessageCount", vec![]),
        ("getConversationGroupList", vec![]),
        // Every ID fails the local pre-check (2500): no request at all.
        (
            "createConversationGroup",
            vec![obj(&[
                ("groupName", s("G")),
                ("conversationIDList", strs(&["C2Cnobody"])),
            ])],
        ),
        // Nothing unread: nothing to tell the cloud.
        ("setAllMessageRead", vec![obj(&[])]),
    ] {
        assert!(
            matches!(c.begin(w.now, name, &args), Some(Step::Done(Ok(_)))),
            "{name}"
        );
    }
    // A read asks once and finishes with the answer, with no events.
    let Some(Step::Ask(req, then)) = c.begin(w.now, "getGroupList", &[]) else {
        panic!()
    };
    assert_eq!(req, Request::GetJoinedGroups);
    assert!(
        matches!(then(c, Ok(Response::Groups(Vec::new()))), Step::Done(Ok((Output::Data("groupList", _), ev))) if ev.is_empty())
    );
}
