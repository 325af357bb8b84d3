//! A JavaScript value as the validator and the argument decoders see it.
//!
//! The facade converts call arguments into `Value` once; everything after that is pure Rust,
//! so validation and decoding run natively in tests and fuzzers.

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

/// One JavaScript value, reduced to what the SDK's rules look at.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    Array(Vec<Value>),
    /// A plain object or a class instance (tag "object"): own enumerable keys in order.
    Object(Vec<(String, Value)>),
    /// A function and its declared parameter count (`fn.length`).
    Function {
        arity: u32,
    },
    /// Anything else, by its lower-cased `Object.prototype.toString` tag ("map", "date", ...),
    /// with whether it counts as empty (an empty Map/Set/File, an Error without message).
    Other {
        tag: String,
        empty: bool,
    },
}

impl Value {
    /// The lower-cased `Object.prototype.toString` tag.
    pub fn tag(&self) -> &str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Function { .. } => "function",
            Value::Other { tag, .. } => tag,
        }
    }

    /// The original's `isEmpty` (spec §5.1): `0` is empty, `NaN` and `false` are not.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Undefined | Value::Null => true,
            Value::Bool(_) => false,
            Value::Number(n) => *n == 0.0,
            Value::Str(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            Value::Function { arity } => *arity == 0,
            Value::Other { empty, .. } => *empty,
        }
    }

    /// A field of an object (`undefined` for a missing key or a non-object).
    pub fn get(&self, key: &str) -> &Value {
        match self {
            Value::Object(fields) => fields
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or(&UNDEFINED),
            _ => &UNDEFINED,
        }
    }

    /// Whether an object has the key (the `in` operator on own keys).
    pub fn has(&self, key: &str) -> bool {
        matches!(self, Value::Object(fields) if fields.iter().any(|(k, _)| k == key))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The strings of an array (others skipped; not an array: none). One function for every
    /// such list: each `collect` of its own iterator costs the wasm a copy.
    pub fn strings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for x in self.as_array().unwrap_or_default() {
            if let Value::Str(s) = x {
                out.push(s.clone());
            }
        }
        out
    }

    /// Length as JavaScript counts it: UTF-16 code units.
    pub fn js_len(s: &str) -> usize {
        s.encode_utf16().count()
    }
}

pub static UNDEFINED: Value = Value::Undefined;

/// Builds an object value from pairs (handy in tests).
pub fn obj(fields: &[(&str, Value)]) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

/// Builds a string value.
pub fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

/// Builds an array of strings.
pub fn strs(items: &[&str]) -> Value {
    Value::Array(items.iter().map(|v| s(v)).collect())
}
