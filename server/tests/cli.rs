//! The server binary as an operator runs it: bad configuration exits non-zero with one line;
//! with no `--app` it keeps a development app in the database (the same one after a restart) and
//! answers `/dev/usersig` with sigs that verify; `/healthz`; SIGTERM ends it cleanly.

mod common;
use common::*;
use tim_server::usersig;

#[test]
fn bad_configuration_exits_with_one_line() {
    for args in [
        vec!["--listen", "nowhere"],
        vec!["--app", "x:y"],
        vec!["--database", "mysql://h/db"],
        vec!["--whatever"],
    ] {
        let out = server(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("tim-server: "), "{err}");
    }
    // A Postgres that cannot be reached: one line naming it, the password hidden.
    let out = server(&[
        "--database",
        "postgres://u:secret@127.0.0.1:1/x",
        "--listen",
        "127.0.0.1:0",
    ])
    .output()
    .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("database postgres://u:***@127.0.0.1:1/x"),
        "{err}"
    );
    assert!(!err.contains("secret"), "{err}");
}

#[test]
fn the_development_app_is_kept_and_its_sigs_verify() {
    let db = temp_db("dev");
    let s = Running::start(&["--listen", "127.0.0.1:0", "--database", &db]);
    let dev = s
        .printed
        .iter()
        .find_map(|l| l.strip_prefix("development app (no --app given): SDKAppID "))
        .expect("the dev app is printed")
        .to_string();
    let (app, key) = dev.split_once(" secret key ").unwrap();
    let app: u64 = app.parse().unwrap();
    assert_eq!(s.http("GET", "/healthz", ""), (200, "ok".to_string()));
    let (status, body) = s.http("POST", "/dev/usersig", r#"{"userID":"alice"}"#);
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["SDKAppID"].as_u64(), Some(app));
    let sig = v["userSig"].as_str().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let key_of = |a: u64| (a == app).then_some(key);
    assert!(usersig::verify(sig, app, "alice", key_of, now).is_ok());
    assert_eq!(
        usersig::verify(sig, app, "bob", key_of, now)
            .unwrap_err()
            .code,
        usersig::OTHER_USER
    );
    // Bad input: a clear 400, never a crash.
    assert_eq!(s.http("POST", "/dev/usersig", "{not json").0, 400);
    assert_eq!(s.http("POST", "/dev/usersig", r#"{"userID":""}"#).0, 400);
    assert_eq!(
        s.http(
            "POST",
            "/dev/usersig",
            &format!(r#"{{"userID":"{}"}}"#, "x".repeat(100_000))
        )
        .0,
        413
    );
    assert_eq!(
        s.http("GET", "/healthz", ""),
        (200, "ok".to_string()),
        "still serving"
    );
    assert!(s.stop().success(), "SIGTERM ends it cleanly");
    // A restart reuses the same app.
    let again = Running::start(&["--listen", "127.0.0.1:0", "--database", &db]);
    assert!(
        again.printed.iter().any(|l| l.ends_with(&dev)),
        "{:?}",
        again.printed
    );
    assert!(again.stop().success());
}

#[test]
fn with_apps_given_there_is_no_dev_endpoint() {
    let db = temp_db("apps");
    let s = Running::start(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        &db,
        "--app",
        "1400000001:secret",
    ]);
    assert!(
        s.printed.iter().all(|l| !l.contains("secret")),
        "the key is not printed: {:?}",
        s.printed
    );
    assert_eq!(s.http("GET", "/healthz", "").0, 200);
    assert_eq!(
        s.http("POST", "/dev/usersig", r#"{"userID":"alice"}"#).0,
        404
    );
    assert!(s.stop().success());
}

#[test]
fn the_rest_api_checks_callers_in_tencents_order_and_answers_in_its_envelope() {
    let db = temp_db("rest");
    let s = Running::start(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        &db,
        "--admin",
        "boss",
    ]);
    let (app, key) = dev_app(&s.printed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let sig = |who: &str| usersig::generate(app, &key, who, now, 3600);
    let call = |app: u64, who: &str, sig: &str, path: &str, body: &str| {
        let (status, out) = s.http(
            "POST",
            &format!(
                "{path}?sdkappid={app}&identifier={who}&usersig={sig}&random=7&contenttype=json"
            ),
            body,
        );
        assert_eq!(
            status, 200,
            "Tencent's API answers HTTP 200 whatever the outcome"
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        (
            v["ActionStatus"].as_str().unwrap().to_string(),
            v["ErrorCode"].as_u64().unwrap(),
        )
    };
    assert_eq!(
        call(
            app + 1,
            "boss",
            &sig("boss"),
            "/v4/recentcontact/get_list",
            "{}"
        ),
        ("FAIL".into(), 60006)
    );
    assert_eq!(
        call(app, "boss", "junk", "/v4/recentcontact/get_list", "{}"),
        ("FAIL".into(), 70003)
    );
    assert_eq!(
        call(
            app,
            "alice",
            &sig("alice"),
            "/v4/recentcontact/get_list",
            "{}"
        ),
        ("FAIL".into(), 60010)
    );
    assert_eq!(
        call(
            app,
            "boss",
            &sig("boss"),
            "/v4/recentcontact/get_list",
            "{oops"
        ),
        ("FAIL".into(), 60003)
    );
    // Past the checks: a command this API does not have says so with a code.
    assert_eq!(
        call(
            app,
            "boss",
            &sig("boss"),
            "/v4/recentcontact/no_such_command",
            r#"{"From_Account":"alice"}"#
        ),
        ("FAIL".into(), 2998)
    );
    assert!(s.stop().success());
}

#[test]
fn metrics_are_served_on_their_own_listener_only() {
    let s = Running::start(&[
        "--listen",
        "127.0.0.1:0",
        "--metrics-listen",
        "127.0.0.1:0",
        "--database",
        &temp_db("metrics"),
    ]);
    let at = s
        .printed
        .iter()
        .find_map(|l| l.strip_prefix("tim-server metrics on http://"))
        .and_then(|l| l.strip_suffix("/metrics"))
        .expect("the metrics address is printed")
        .to_string();
    // One REST call (refused for its sig, but counted as a call only once past the checks).
    let (app, key) = dev_app(&s.printed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let sig = usersig::generate(app, &key, "administrator", now, 3600);
    s.http(
        "POST",
        &format!("/v4/recentcontact/get_list?sdkappid={app}&identifier=administrator&usersig={sig}&random=1&contenttype=json"),
        r#"{"From_Account":"alice"}"#,
    );
    let (status, text) = http(&at, "GET", "/metrics", "");
    assert_eq!(status, 200);
    for line in [
        "# TYPE tim_connections gauge",
        "tim_connections 0",
        "tim_rest_calls_total 1",
        "tim_pushes_total 0",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
    }
    // Not on the public listener.
    assert_eq!(s.http("GET", "/metrics", "").0, 404);
    assert!(s.stop().success());
}
