//! The crate's JSON reader (`core/json_read.rs`, used for the journal and its snapshot) against
//! serde_json on random documents: every text serde_json writes reads back as the same value.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use tim_wasm::core::json_read::{for_each_row, parse};
use tim_wasm::core::value::Value;

fn doc() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(Into::into),
        (-(1i64 << 53)..(1i64 << 53)).prop_map(Into::into),
        (-1_000_000i64..1_000_000, 0u32..4).prop_map(|(m, d)| {
            serde_json::Number::from_f64(m as f64 / 10f64.powi(d as i32))
                .unwrap()
                .into()
        }),
        any::<String>().prop_map(Into::into),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Into::into),
            prop::collection::vec((any::<String>(), inner), 0..8)
                .prop_map(|kv| { serde_json::Value::Object(kv.into_iter().collect()) }),
        ]
    })
}

fn same(v: &Value, j: &serde_json::Value) -> bool {
    match (v, j) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (Value::Number(a), serde_json::Value::Number(b)) => Some(*a) == b.as_f64(),
        (Value::Str(a), serde_json::Value::String(b)) => a == b,
        (Value::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), serde_json::Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y)))
        }
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn reads_back_what_serde_json_writes(d in doc(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&d) } else { serde_json::to_string(&d) }.unwrap();
        let v = parse(&text);
        prop_assert!(same(&v, &d), "{} read as {:?}", text, v);
    }

    /// Row by row: an object of scalars and arrays hands out each array item and each other
    /// value with its key, in order, the same values a whole parse gives; and it says whether
    /// the text was such an object.
    #[test]
    fn rows_are_the_items_a_whole_parse_gives(
        sections in prop::collection::vec((any::<String>(), doc()), 0..6),
        pretty in any::<bool>(),
    ) {
        let o = serde_json::Value::Object(sections.into_iter().collect());
        let text = if pretty { serde_json::to_string_pretty(&o) } else { serde_json::to_string(&o) }.unwrap();
        let mut got = Vec::new();
        prop_assert!(for_each_row(&text, &mut |k, v| got.push((k.to_string(), v))));
        let mut want = Vec::new();
        for (k, v) in o.as_object().unwrap() {
            match v {
                serde_json::Value::Array(items) => want.extend(items.iter().map(|i| (k.clone(), i.clone()))),
                other => want.push((k.clone(), other.clone())),
            }
        }
        prop_assert_eq!(got.len(), want.len());
        for ((gk, gv), (wk, wv)) in got.iter().zip(&want) {
            prop_assert_eq!(gk, wk);
            prop_assert!(same(gv, wv), "{} read as {:?}", text, gv);
        }
        // Anything after the object, or a cut, is not such a text.
        let trailing = format!("{text} 1");
        prop_assert!(!for_each_row(&trailing, &mut |_, _| ()));
        prop_assert!(!for_each_row(&text[..text.len() - 1], &mut |_, _| ()));
    }
}

#[test]
fn rows_of_what_is_not_an_object_of_rows_are_refused() {
    for bad in [
        "",
        "[]",
        "1",
        "{",
        "{\"a\":[1,]}",
        "{\"a\":[1 2]}",
        "{\"a\":1,}",
        "{a:1}",
    ] {
        assert!(!for_each_row(bad, &mut |_, _| ()), "{bad}");
    }
    let mut n = 0;
    assert!(for_each_row(" { } ", &mut |_, _| n += 1));
    assert!(for_each_row("{\"a\":[],\"b\":[[]]}", &mut |_, _| n += 1));
    assert_eq!(n, 1);
}
