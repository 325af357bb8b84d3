//! UserSig verification against sigs minted by Tencent's own generator (npm `tls-sig-api-v2`,
//! tests/fixtures/usersig/make.mjs): each accept and each refusal code, in CONTRACT §9's order.

use serde::Deserialize;
use tim_server::usersig::{self, Refused, Verified};

#[derive(Deserialize)]
struct Case {
    name: String,
    app: u64,
    key: String,
    user: String,
    expire: u64,
    time: u64,
    sig: String,
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/usersig/sigs.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("the fixture"))
        .expect("fixture JSON")
}

/// The server knows the fixture's apps, and app 1400000099 with some other key.
fn keys<'a>(c: &'a Case) -> impl Fn(u64) -> Option<&'a str> + 'a {
    move |app| match app {
        a if a == c.app => Some(c.key.as_str()),
        1400000099 => Some("not the key"),
        _ => None,
    }
}

fn code(r: Result<Verified, Refused>) -> u32 {
    r.map_or_else(|e| e.code, |_| 0)
}

#[test]
fn tencents_sigs_verify_until_they_expire() {
    for c in cases() {
        let v = usersig::verify(&c.sig, c.app, &c.user, keys(&c), c.time + 1)
            .unwrap_or_else(|e| panic!("{}: {e:?}", c.name));
        assert_eq!(
            v,
            Verified {
                sdk_app_id: c.app,
                user_id: c.user.clone(),
                expires_at: c.time + c.expire
            },
            "{}",
            c.name
        );
        assert_eq!(
            code(usersig::verify(
                &c.sig,
                c.app,
                &c.user,
                keys(&c),
                c.time + c.expire - 1
            )),
            0,
            "{}",
            c.name
        );
        assert_eq!(
            code(usersig::verify(
                &c.sig,
                c.app,
                &c.user,
                keys(&c),
                c.time + c.expire
            )),
            usersig::EXPIRED,
            "{}",
            c.name
        );
    }
}

#[test]
fn each_refusal_has_its_code() {
    for c in cases() {
        let now = c.time + 1;
        let at =
            |sig: &str, app: u64, user: &str| code(usersig::verify(sig, app, user, keys(&c), now));
        assert_eq!(
            at("", c.app, &c.user),
            usersig::UNPARSEABLE,
            "{}: empty",
            c.name
        );
        assert_eq!(
            at("not a sig at all", c.app, &c.user),
            usersig::UNPARSEABLE,
            "{}: garbage",
            c.name
        );
        assert_eq!(
            at(&c.sig[..c.sig.len() / 2], c.app, &c.user),
            usersig::UNPARSEABLE,
            "{}: truncated",
            c.name
        );
        assert_eq!(
            at(&"A".repeat(100_000), c.app, &c.user),
            usersig::UNPARSEABLE,
            "{}: huge",
            c.name
        );
        assert_eq!(
            at(&c.sig, 1400000777, &c.user),
            usersig::UNKNOWN_APP,
            "{}: app not served",
            c.name
        );
        assert_eq!(
            at(&c.sig, 1400000099, &c.user),
            usersig::OTHER_APP,
            "{}: a sig of another app",
            c.name
        );
        assert_eq!(
            at(&c.sig, c.app, "mallory"),
            usersig::OTHER_USER,
            "{}: another user",
            c.name
        );
        let wrong_key = |app: u64| (app == c.app).then_some("a different key");
        assert_eq!(
            code(usersig::verify(&c.sig, c.app, &c.user, wrong_key, now)),
            usersig::BAD_SIGNATURE,
            "{}: wrong key",
            c.name
        );
    }
}

#[test]
fn checks_run_in_contract_order() {
    let c = &cases()[0];
    let late = c.time + c.expire + 10;
    let at = |sig: &str, app: u64, user: &str, now: u64| {
        code(usersig::verify(sig, app, user, keys(c), now))
    };
    // Unparseable before an unknown app; unknown app before everything about the sig.
    assert_eq!(at("%%%", 1400000777, "mallory", late), usersig::UNPARSEABLE);
    assert_eq!(
        at(&c.sig, 1400000777, "mallory", late),
        usersig::UNKNOWN_APP
    );
    // Another app before another user; another user before the signature and the clock.
    assert_eq!(at(&c.sig, 1400000099, "mallory", late), usersig::OTHER_APP);
    assert_eq!(at(&c.sig, c.app, "mallory", late), usersig::OTHER_USER);
    // The signature before the clock.
    let forged = usersig::generate(c.app, "a guess", &c.user, c.time, c.expire);
    assert_eq!(at(&forged, c.app, &c.user, late), usersig::BAD_SIGNATURE);
    assert_eq!(at(&c.sig, c.app, &c.user, late), usersig::EXPIRED);
}

#[test]
fn our_generator_makes_what_tencents_does() {
    for c in cases().iter().filter(|c| !c.name.contains("userbuf")) {
        // Same fields, same key: the same signature (the JSON and compression may differ).
        let ours = usersig::generate(c.app, &c.key, &c.user, c.time, c.expire);
        assert_eq!(
            usersig::decode(&ours).unwrap(),
            usersig::decode(&c.sig).unwrap(),
            "{}",
            c.name
        );
        assert!(usersig::verify(&ours, c.app, &c.user, keys(c), c.time).is_ok());
    }
}

#[test]
fn tampered_fields_do_not_verify() {
    let c = &cases()[0];
    let mut doc = usersig::decode(&c.sig).unwrap();
    assert_eq!(
        (doc.identifier.as_str(), doc.sdk_app_id, doc.expire),
        (c.user.as_str(), c.app, c.expire)
    );
    // A longer life with the same signature: the signature no longer matches.
    doc.expire *= 100;
    let json = serde_json::json!({"TLS.ver": "2.0", "TLS.identifier": doc.identifier, "TLS.sdkappid": doc.sdk_app_id, "TLS.time": doc.time, "TLS.expire": doc.expire, "TLS.sig": doc.sig});
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, json.to_string().as_bytes()).unwrap();
    use base64::Engine;
    let sig = base64::engine::general_purpose::STANDARD
        .encode(z.finish().unwrap())
        .replace('+', "*")
        .replace('/', "-")
        .replace('=', "_");
    assert_eq!(
        code(usersig::verify(
            &sig,
            c.app,
            &c.user,
            keys(c),
            c.time + c.expire + 1
        )),
        usersig::BAD_SIGNATURE
    );
}
