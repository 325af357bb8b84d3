//! A minimal JSON writer for the objects handed to JavaScript.
//!
//! Written by hand rather than with serde_json: every output type writes only the fields that
//! carry data (a conversation: every field, by place, without keys), and the JS entry fills in
//! the original's full shape (key order and defaults) from templates. One small non-generic
//! writer keeps the wasm within its size budget (CONTRACT §1); serde's per-type serialisers cost
//! several times more.

/// Builds one JSON text. Objects and arrays insert their commas themselves.
#[derive(Default)]
pub struct Json {
    out: String,
    /// Whether the next value in the current container needs a leading comma.
    comma: bool,
}

impl Json {
    pub fn new() -> Self {
        Json::default()
    }

    /// A writer with room for `n` bytes (a long text grows once).
    pub fn with_capacity(n: usize) -> Self {
        Json {
            out: String::with_capacity(n),
            comma: false,
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    pub fn open(&mut self) -> &mut Self {
        self.sep();
        self.out.push('{');
        self.comma = false;
        self
    }

    pub fn close(&mut self) -> &mut Self {
        self.out.push('}');
        self.comma = true;
        self
    }

    pub fn open_array(&mut self) -> &mut Self {
        self.sep();
        self.out.push('[');
        self.comma = false;
        self
    }

    pub fn close_array(&mut self) -> &mut Self {
        self.out.push(']');
        self.comma = true;
        self
    }

    /// An object key; the next call writes its value.
    pub fn key(&mut self, k: &str) -> &mut Self {
        self.sep();
        self.quote(k);
        self.out.push(':');
        self.comma = false;
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.sep();
        self.quote(s);
        self
    }

    pub fn num(&mut self, n: u64) -> &mut Self {
        self.sep();
        push_digits(&mut self.out, n);
        self
    }

    /// A signed integer (the full build's group counters).
    #[cfg(feature = "full")]
    pub fn int(&mut self, n: i64) -> &mut Self {
        if n < 0 {
            self.sep();
            self.out.push('-');
            // The sign is this value's start: no separator before the digits.
            self.comma = false;
        }
        self.num(n.unsigned_abs())
    }

    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.sep();
        self.out.push_str(if b { "true" } else { "false" });
        self
    }

    pub fn null(&mut self) -> &mut Self {
        self.sep();
        self.out.push_str("null");
        self
    }

    /// Writes already-valid JSON as one value.
    pub fn raw(&mut self, json: &str) -> &mut Self {
        self.sep();
        self.out.push_str(json);
        self
    }

    pub fn strs<'a>(&mut self, items: impl IntoIterator<Item = &'a String>) -> &mut Self {
        self.open_array();
        for s in items {
            self.str(s);
        }
        self.close_array()
    }

    /// `"key": "value"` only when the value is not empty (the template has `""`).
    pub fn field(&mut self, k: &str, v: &str) -> &mut Self {
        if !v.is_empty() {
            self.key(k).str(v);
        }
        self
    }

    /// `"key": n` only when `n` is not 0.
    pub fn field_num(&mut self, k: &str, n: u64) -> &mut Self {
        if n != 0 {
            self.key(k).num(n);
        }
        self
    }

    /// `"key": true` only when set.
    pub fn flag(&mut self, k: &str, b: bool) -> &mut Self {
        if b {
            self.key(k).bool(true);
        }
        self
    }

    /// Writes `s` quoted: runs that need no escape are copied whole (most strings are one run).
    fn quote(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push('"');
        let bytes = s.as_bytes();
        let mut run = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b >= 0x20 && b != b'"' && b != b'\\' {
                continue;
            }
            // Escapes are ASCII, so `i` is a character boundary.
            self.out.push_str(s.get(run..i).unwrap_or_default());
            run = i + 1;
            match b {
                b'"' => self.out.push_str("\\\""),
                b'\\' => self.out.push_str("\\\\"),
                b'\n' => self.out.push_str("\\n"),
                b'\r' => self.out.push_str("\\r"),
                b'\t' => self.out.push_str("\\t"),
                _ => {
                    self.out.push_str("\\u00");
                    self.out.push(HEX[usize::from(b >> 4)] as char);
                    self.out.push(HEX[usize::from(b & 15)] as char);
                }
            }
        }
        self.out.push_str(s.get(run..).unwrap_or_default());
        self.out.push('"');
    }
}

/// Something written as one JSON value.
pub trait ToJson {
    fn write(&self, j: &mut Json);

    fn to_json(&self) -> String
    where
        Self: Sized,
    {
        json_of(self)
    }
}

/// One non-generic body for every type's `to_json` (the wasm size budget, CONTRACT §1).
pub fn json_of(v: &dyn ToJson) -> String {
    let mut j = Json::new();
    v.write(&mut j);
    j.finish()
}

impl<T: ToJson> ToJson for [T] {
    fn write(&self, j: &mut Json) {
        j.open_array();
        for item in self {
            item.write(j);
        }
        j.close_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write(&self, j: &mut Json) {
        self.as_slice().write(j)
    }
}

impl ToJson for String {
    fn write(&self, j: &mut Json) {
        j.str(self);
    }
}

/// A value, or `null` without one.
impl<T: ToJson> ToJson for Option<T> {
    fn write(&self, j: &mut Json) {
        match self {
            Some(v) => v.write(j),
            None => {
                j.null();
            }
        }
    }
}

/// `n` in decimal at the end of `out`, by hand: no formatter, no allocation (numbers are most
/// of a list's values).
pub fn push_digits(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &buf[i..] {
        out.push(d as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_values_and_escapes() {
        let mut j = Json::new();
        j.open()
            .key("a")
            .str("x\"y\\\n\u{1}")
            .key("b")
            .open_array()
            .num(1)
            .bool(false)
            .null()
            .close_array();
        j.key("c")
            .open()
            .close()
            .field("empty", "")
            .field_num("zero", 0)
            .flag("no", false)
            .close();
        assert_eq!(
            j.finish(),
            r#"{"a":"x\"y\\\n\u0001","b":[1,false,null],"c":{}}"#
        );
        assert_eq!(
            vec!["p".to_string(), "q".to_string()].to_json(),
            r#"["p","q"]"#
        );
    }

    #[test]
    fn numbers_and_strings_match_serde_json() {
        for n in [0u64, 7, 10, 99, 1_700_000_000, u64::MAX] {
            let mut j = Json::new();
            j.num(n);
            assert_eq!(j.finish(), n.to_string());
        }
        for s in ["", "plain", "é中😀", "\u{1f}\t\r\"\\", "a\u{0}b", "end\\"] {
            let mut j = Json::new();
            j.str(s);
            let text = j.finish();
            assert_eq!(serde_json::from_str::<String>(&text).unwrap(), s, "{text}");
        }
    }
}
