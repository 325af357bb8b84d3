//! getGroupOnlineMemberCount against the server binary: a group's members with a connection,
//! on one node (SQLite) and across two nodes of one Postgres; a user counts once however many
//! connections, from the moment they are welcomed, and stops counting when the last one closes;
//! the REST API's openim/query_online_status answers from the same rows.

mod common;
use common::pg::TempPg;
use common::ws::*;
use common::*;
use tim_wasm::cloud::wire::Answered;
use tim_wasm::cloud::{Request, Response};

const APP: u64 = 1400000778;
const KEY: &str = "presence-test-key";

fn node(db: &str) -> Running {
    Running::start(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        db,
        "--app",
        &format!("{APP}:{KEY}"),
    ])
}

async fn count(c: &mut Client, id: u64) -> u64 {
    match c
        .call(
            id,
            Request::OnlineCount {
                group_id: "team".into(),
            },
        )
        .await
    {
        Answered::Ok(Response::Count(n)) => n,
        other => panic!("{other:?}"),
    }
}

/// Asks until the count is `want` (a closed connection is noticed by the server a moment
/// later); the last count seen otherwise.
async fn count_becomes(c: &mut Client, id: &mut u64, want: u64) -> u64 {
    let mut n = u64::MAX;
    for _ in 0..100 {
        *id += 1;
        n = count(c, *id).await;
        if n == want {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    n
}

/// `a` and `b`: the addresses the three users connect to (one node, or two).
async fn members_online(a: &str, b: &str) {
    let (mut ann, _) = Client::login(a, APP, KEY, "ann", 0, 0).await;
    let made = ann
        .call(
            1,
            Request::CreateGroup {
                group_id: Some("team".into()),
                name: "Team".into(),
                kind: "Public".into(),
                members: vec!["bob".into(), "cat".into()],
            },
        )
        .await;
    assert!(matches!(made, Answered::Ok(Response::Group(_))), "{made:?}");
    let mut id = 1;
    // ann alone: counted from her welcome on.
    assert_eq!(count_becomes(&mut ann, &mut id, 1).await, 1);
    // bob on the other node, twice; dan (not a member) anywhere: bob counts once.
    let (bob1, _) = Client::login(b, APP, KEY, "bob", 0, 0).await;
    let (bob2, _) = Client::login(a, APP, KEY, "bob", 0, 0).await;
    let (_dan, _) = Client::login(b, APP, KEY, "dan", 0, 0).await;
    id += 1;
    assert_eq!(count(&mut ann, id).await, 2, "counted as soon as welcomed");
    // cat from the other node sees the same.
    let (mut cat, _) = Client::login(b, APP, KEY, "cat", 0, 0).await;
    assert_eq!(count(&mut cat, 1).await, 3);
    // The REST API's openim/query_online_status sees the same, on any node.
    let status = |addr: &str| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let sig = tim_server::usersig::generate(APP, KEY, "administrator", now, 3600);
        let body =
            serde_json::json!({"To_Account": ["ann", "bob", "cat", "nobody"], "IsNeedDetail": 1});
        let (code, out) = http(
            addr,
            "POST",
            &format!("/v4/openim/query_online_status?sdkappid={APP}&identifier=administrator&usersig={sig}&random=7&contenttype=json"),
            &body.to_string(),
        );
        assert_eq!(code, 200);
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let seen = status(b);
    assert_eq!(seen["ActionStatus"], "OK", "{seen}");
    let web = serde_json::json!([{"Platform": "Web", "Status": "Online"}]);
    assert_eq!(
        seen["QueryResult"],
        serde_json::json!([
            {"To_Account": "ann", "Status": "Online", "Detail": web},
            {"To_Account": "bob", "Status": "Online", "Detail": web},
            {"To_Account": "cat", "Status": "Online", "Detail": web},
        ])
    );
    assert_eq!(
        seen["ErrorList"],
        serde_json::json!([{"To_Account": "nobody", "ErrorCode": 70107}])
    );
    // One of bob's connections closes: he is still online; the other too: he is not.
    drop(bob1);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    id += 1;
    assert_eq!(count(&mut ann, id).await, 3);
    drop(bob2);
    assert_eq!(count_becomes(&mut ann, &mut id, 2).await, 2);
    assert_eq!(count_becomes(&mut cat, &mut id, 2).await, 2);
    let seen = status(a);
    assert_eq!(
        seen["QueryResult"][1],
        serde_json::json!({"To_Account": "bob", "Status": "Offline", "Detail": []})
    );
}

#[test]
fn online_members_on_one_node() {
    let db = temp_db("presence");
    let s = node(&db);
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(members_online(&s.addr, &s.addr));
}

#[test]
fn online_members_across_two_nodes() {
    let pg = TempPg::start();
    let url = pg.database("presence");
    let (a, b) = (node(&url), node(&url));
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(members_online(&a.addr, &b.addr));
}
