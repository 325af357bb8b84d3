//! The crate's JSON reader (`core/json_read.rs`, used for the journal and its snapshot) against
//! serde_json on random documents: every text serde_json writes reads back as the same value.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use tim_wasm::core::json_read::parse;
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
}
