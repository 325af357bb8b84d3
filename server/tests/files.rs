//! Files of file messages, against the server binary: the signatures a client gets in `Welcome`
//! store a file of its own name once and read it back; nothing else is stored or read; the REST
//! API's history gives a file message in Tencent's element with a signed URL that reads it —
//! with the bytes in the database and in `--files DIR`.

mod common;
use common::ws::*;
use common::*;
use serde_json::{json, Value};
use tim_wasm::cloud::protocol::Request;
use tim_wasm::cloud::wire::{Answered, ServerFrame};
use tim_wasm::core::conversation::ConvType;
use tim_wasm::core::message::Payload;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// One HTTP/1.1 request with a binary body; the status, headers and body.
fn request(addr: &str, method: &str, path: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).unwrap();
    s.write_all(body).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let at = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&out[..at]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), out[at + 4..].to_vec())
}

async fn files_of_messages(dir: Option<&str>) {
    let db = temp_db(&format!("files-{}", dir.is_some()));
    let mut args = vec![
        "--listen",
        "127.0.0.1:0",
        "--database",
        &db,
        "--admin",
        "boss",
    ];
    if let Some(d) = dir {
        args.extend(["--files", d]);
    }
    let s = Running::start(&args);
    let (app, key) = dev_app(&s.printed);

    // alice's Welcome carries her signatures: `<expiry>.<read>.<write>`.
    let mut ws = connect(&s.addr).await;
    let sig = tim_server::usersig::generate(app, &key, "alice", now(), 3600);
    send(&mut ws, &hello(app, "alice", &sig)).await;
    let Some(ServerFrame::Welcome { files, .. }) = next(&mut ws).await else {
        panic!("welcome")
    };
    let parts: Vec<&str> = files.split('.').collect();
    assert_eq!(parts.len(), 3, "{files}");
    let e: u64 = parts[0].parse().unwrap();
    assert!(e > now() + 3600 && e <= now() + tim_server::files::LIFETIME + 5);
    let at = |name: &str, user: &str, sig: &str| {
        format!(
            "/files/{}?u={user}&e={e}&s={sig}",
            tim_server::files::escape(name)
        )
    };
    let name = format!("{app}-alice-Ab12.txt");
    let put = |name: &str| {
        request(
            &s.addr,
            "PUT",
            &at(name, "alice", parts[2]),
            b"hello\x00\xff",
        )
    };
    assert_eq!(put(&name).0, 201);
    assert_eq!(put(&name).0, 409, "a name is written once");
    // Not her name, not a name of the form, another app's: refused.
    assert_eq!(put(&format!("{app}-bob-Ab12")).0, 403);
    assert_eq!(put(&format!("{app}-alice-a/b")).0, 403);
    assert_eq!(put(&format!("{app}-alice-")).0, 403);
    assert_eq!(put(&format!("{}-alice-x", app + 1)).0, 404);
    // The read signature does not write; the write one does not read.
    assert_eq!(
        request(
            &s.addr,
            "PUT",
            &at(&format!("{app}-alice-Z"), "alice", parts[1]),
            b"x"
        )
        .0,
        403
    );
    assert_eq!(
        request(&s.addr, "GET", &at(&name, "alice", parts[2]), b"").0,
        403
    );
    let (status, head, body) = request(&s.addr, "GET", &at(&name, "alice", parts[1]), b"");
    assert_eq!((status, body.as_slice()), (200, &b"hello\x00\xff"[..]));
    assert!(head.contains("content-type: text/plain"), "{head}");
    assert!(head.contains("content-disposition: attachment"), "{head}");
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
    assert_eq!(
        request(&s.addr, "GET", &format!("/files/{name}"), b"").0,
        403
    );
    assert_eq!(
        request(&s.addr, "OPTIONS", &format!("/files/{name}"), b"").0,
        204
    );
    // A file message names it; the REST history hands out a URL that reads it.
    let mut alice = Client::login(&s.addr, app, &key, "alice", 0, 0).await.0;
    let body = json!({"downloadFlag": 2, "fileUrl": "", "remoteFileUrl": "", "uuid": name,
                      "fileName": "hello.txt", "fileSize": 7});
    let send_file = Request::SendMessage {
        conv_type: ConvType::C2c,
        to: "bob".into(),
        payload: Payload::Media {
            kind: 1,
            body: body.to_string(),
        },
        cloud_custom_data: String::new(),
        random: 1,
        client_time: 1,
        flags: 0,
    };
    assert!(matches!(alice.call(1, send_file).await, Answered::Ok(_)));
    let boss = tim_server::usersig::generate(app, &key, "boss", now(), 3600);
    let (status, out) = s.http(
        "POST",
        &format!("/v4/openim/admin_getroammsg?sdkappid={app}&identifier=boss&usersig={boss}&random=1&contenttype=json"),
        &json!({"Operator_Account": "bob", "Peer_Account": "alice", "MaxCnt": 10, "MinTime": 0,
                "MaxTime": now() + 10}).to_string(),
    );
    assert_eq!(status, 200);
    let page: Value = serde_json::from_str(&out).unwrap();
    let elem = &page["MsgList"][0]["MsgBody"][0];
    assert_eq!(elem["MsgType"], "TIMFileElem", "{page}");
    let c = &elem["MsgContent"];
    assert_eq!(
        [
            &c["UUID"],
            &c["FileName"],
            &c["FileSize"],
            &c["Download_Flag"]
        ],
        [&json!(name), &json!("hello.txt"), &json!(7), &json!(2)]
    );
    let url = c["Url"].as_str().unwrap();
    assert!(
        url.starts_with("/files/") && url.contains("u=boss"),
        "{url}"
    );
    assert_eq!(request(&s.addr, "GET", url, b"").2, b"hello\x00\xff");
    // A backend's image with its own URLs (`openim/sendmsg`): kept as given, read back so.
    let image = json!({"MsgType": "TIMImageElem", "MsgContent": {"UUID": "cdn-1", "ImageFormat": 3,
        "ImageInfoArray": [
            {"Type": 1, "Size": 900, "Width": 300, "Height": 200, "URL": "https://cdn.example/a.png"},
            {"Type": 2, "Size": 0, "Width": 300, "Height": 200, "URL": "https://cdn.example/a-720.png"},
            {"Type": 3, "Size": 0, "Width": 297, "Height": 198, "URL": "https://cdn.example/a-198.png"}]}});
    let (status, out) = s.http(
        "POST",
        &format!("/v4/openim/sendmsg?sdkappid={app}&identifier=boss&usersig={boss}&random=2&contenttype=json"),
        &json!({"From_Account": "carol", "To_Account": "bob", "MsgBody": [image]}).to_string(),
    );
    assert_eq!(status, 200);
    assert!(out.contains("\"OK\""), "{out}");
    let (_, out) = s.http(
        "POST",
        &format!("/v4/openim/admin_getroammsg?sdkappid={app}&identifier=boss&usersig={boss}&random=3&contenttype=json"),
        &json!({"Operator_Account": "bob", "Peer_Account": "carol", "MaxCnt": 10, "MinTime": 0,
                "MaxTime": now() + 10}).to_string(),
    );
    let page: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(page["MsgList"][0]["MsgBody"][0], image, "{page}");
    // A server without a file of the name says so.
    let missing = tim_server::files::path(&key, "bob", &format!("{app}-alice-none"), now());
    assert_eq!(request(&s.addr, "GET", &missing, b"").0, 404);
    // An expired signature reads nothing.
    let old = tim_server::files::path(&key, "bob", &name, now() - 2 * tim_server::files::LIFETIME);
    assert_eq!(request(&s.addr, "GET", &old, b"").0, 403);
    if let Some(d) = dir {
        let kept: Vec<_> = std::fs::read_dir(format!("{d}/{app}")).unwrap().collect();
        assert_eq!(kept.len(), 1, "one file, no leftovers");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn files_in_the_database() {
    files_of_messages(None).await;
}

#[tokio::test(flavor = "current_thread")]
async fn files_in_a_directory() {
    let dir = std::env::temp_dir().join(format!("tim-files-{}-{}", std::process::id(), now()));
    files_of_messages(Some(dir.to_str().unwrap())).await;
}
