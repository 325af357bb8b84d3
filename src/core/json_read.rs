//! JSON text to a [`Value`], in Rust: the journal's entries and snapshot are read here rather
//! than by `JSON.parse` and a walk of the resulting JS object, which crosses into JavaScript for
//! every field (measured: the walk was most of a journal replay). Strict JSON (RFC 8259): what
//! is not JSON reads as `Undefined`; nesting deeper than [`MAX_DEPTH`] is refused, never a stack
//! overflow. No float parser is linked in (the size budget): integers are exact, and other
//! numbers are read as mantissa × 10^exponent, exact where both fit in an f64's exact range —
//! every number this crate writes is an integer.

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use super::value::Value;

/// Deeper nesting is refused (the journal's and snapshot's own nesting is under 10).
pub const MAX_DEPTH: u32 = 128;

/// The value of a JSON text, or `Undefined` when it is not JSON.
pub fn parse(text: &str) -> Value {
    let mut p = Parser::new(text);
    match p.value(0) {
        Some(v) => {
            p.space();
            if p.at == p.s.len() {
                v
            } else {
                Value::Undefined
            }
        }
        None => Value::Undefined,
    }
}

/// Reads a JSON object whose values are scalars or arrays of rows, handing `row` each row of an
/// array (and each other value) with its key as soon as it is read: a large text (a snapshot)
/// never becomes one tree in memory. False when the text is not such an object (rows read
/// before the fault were handed out already).
pub fn for_each_row(text: &str, row: &mut dyn FnMut(&str, Value)) -> bool {
    let mut p = Parser::new(text);
    p.rows(row).is_some()
}

struct Parser<'a> {
    t: &'a str,
    s: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn new(t: &'a str) -> Self {
        Parser {
            t,
            s: t.as_bytes(),
            at: 0,
        }
    }

    fn peek(&self) -> u8 {
        self.s.get(self.at).copied().unwrap_or(0)
    }

    fn space(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> Option<()> {
        if self.s.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Some(())
        } else {
            None
        }
    }

    /// `{"key": [row, ...] or value, ...}` and the end of the text (see [`for_each_row`]).
    fn rows(&mut self, row: &mut dyn FnMut(&str, Value)) -> Option<()> {
        self.space();
        self.eat(b"{")?;
        let mut more = self.first(b'}');
        while more {
            let k = self.key()?;
            self.space();
            if self.eat(b"[").is_some() {
                let mut items = self.first(b']');
                while items {
                    row(&k, self.value(2)?);
                    items = self.next_or_end(b']')?;
                }
            } else {
                row(&k, self.value(1)?);
            }
            more = self.next_or_end(b'}')?;
        }
        self.space();
        (self.at == self.s.len()).then_some(())
    }

    /// Just after an opening bracket: false (and past it) when `end` closes it at once.
    fn first(&mut self, end: u8) -> bool {
        self.space();
        let empty = self.peek() == end;
        self.at += usize::from(empty);
        !empty
    }

    /// `"key":` of an object's member.
    fn key(&mut self) -> Option<String> {
        self.space();
        if self.peek() != b'"' {
            return None;
        }
        let k = self.string()?;
        self.space();
        self.eat(b":")?;
        Some(k)
    }

    /// After an item: a comma (true: another follows) or `end` (false).
    fn next_or_end(&mut self, end: u8) -> Option<bool> {
        self.space();
        let c = self.peek();
        self.at += 1;
        match c {
            b',' => Some(true),
            c if c == end => Some(false),
            _ => None,
        }
    }

    fn value(&mut self, depth: u32) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek() {
            b'{' => {
                self.at += 1;
                let mut fields = Vec::new();
                let mut more = self.first(b'}');
                while more {
                    let k = self.key()?;
                    fields.push((k, self.value(depth + 1)?));
                    more = self.next_or_end(b'}')?;
                }
                Some(Value::Object(fields))
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                let mut more = self.first(b']');
                while more {
                    items.push(self.value(depth + 1)?);
                    more = self.next_or_end(b']')?;
                }
                Some(Value::Array(items))
            }
            b'"' => self.string().map(Value::Str),
            b't' => self.eat(b"true").map(|_| Value::Bool(true)),
            b'f' => self.eat(b"false").map(|_| Value::Bool(false)),
            b'n' => self.eat(b"null").map(|_| Value::Null),
            _ => self.number().map(Value::Number),
        }
    }

    fn digits(&mut self) -> (u64, u32, usize) {
        // (value of the first 19 digits, digits beyond them, count)
        let (mut m, mut extra, mut n) = (0u64, 0u32, 0usize);
        while let c @ b'0'..=b'9' = self.peek() {
            if n < 19 {
                m = m * 10 + u64::from(c - b'0');
            } else {
                extra += 1;
            }
            n += 1;
            self.at += 1;
        }
        (m, extra, n)
    }

    fn number(&mut self) -> Option<f64> {
        let negative = self.peek() == b'-';
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let (mut m, extra, n) = self.digits();
        // No leading zeros ("01"), at least one digit.
        if n == 0 || (n > 1 && self.s.get(start) == Some(&b'0')) {
            return None;
        }
        let mut exp = extra as i32;
        if self.peek() == b'.' {
            self.at += 1;
            let before = self.at;
            while let c @ b'0'..=b'9' = self.peek() {
                if m < 1_000_000_000_000_000_000 {
                    m = m * 10 + u64::from(c - b'0');
                    exp -= 1;
                }
                self.at += 1;
            }
            if self.at == before {
                return None;
            }
        }
        if matches!(self.peek(), b'e' | b'E') {
            self.at += 1;
            let sign = match self.peek() {
                b'-' => {
                    self.at += 1;
                    -1
                }
                b'+' => {
                    self.at += 1;
                    1
                }
                _ => 1,
            };
            let (e, _, k) = self.digits();
            if k == 0 {
                return None;
            }
            exp = exp.saturating_add(sign * e.min(100_000) as i32);
        }
        let mut v = m as f64;
        // Exact powers of ten up to 1e22: exact results for exact mantissas (Clinger's fast path).
        let mut e = exp;
        while e > 0 {
            let k = e.min(22);
            v *= POW10.get(k as usize).copied().unwrap_or(1.0);
            e -= k;
        }
        while e < 0 {
            let k = (-e).min(22);
            v /= POW10.get(k as usize).copied().unwrap_or(1.0);
            e += k;
        }
        Some(if negative { -v } else { v })
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let d = (self.peek() as char).to_digit(16)?;
            n = n * 16 + d;
            self.at += 1;
        }
        Some(n)
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.at;
            while !matches!(self.peek(), b'"' | b'\\' | 0..=0x1f) {
                self.at += 1;
            }
            // The stops are ASCII, so character boundaries: a slice of the text, not validated
            // again.
            out.push_str(self.t.get(start..self.at)?);
            match self.peek() {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let c = self.peek();
                    self.at += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi)
                                && self.s.get(self.at..self.at + 2) == Some(b"\\u")
                            {
                                let back = self.at;
                                self.at += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    // A lone high surrogate, then another escape: read it next.
                                    self.at = back;
                                    0xFFFD
                                }
                            } else {
                                hi
                            };
                            // Lone surrogates become U+FFFD, as JavaScript's TextEncoder does.
                            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                        }
                        _ => return None,
                    }
                }
                // End of text, or a raw control character.
                _ => return None,
            }
        }
    }
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn to_serde(v: &Value) -> serde_json::Value {
        match v {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Number(n) => {
                serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into)
            }
            Value::Str(s) => s.clone().into(),
            Value::Array(a) => a.iter().map(to_serde).collect(),
            Value::Object(o) => o
                .iter()
                .map(|(k, v)| (k.clone(), to_serde(v)))
                .collect::<serde_json::Map<_, _>>()
                .into(),
            _ => panic!("not JSON: {v:?}"),
        }
    }

    /// Numbers as f64 (serde_json keeps integers as integers).
    fn norm(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Number(n) => serde_json::Number::from_f64(n.as_f64().unwrap())
                .unwrap()
                .into(),
            serde_json::Value::Array(a) => a.into_iter().map(norm).collect(),
            serde_json::Value::Object(o) => o
                .into_iter()
                .map(|(k, v)| (k, norm(v)))
                .collect::<serde_json::Map<_, _>>()
                .into(),
            v => v,
        }
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a":[1,-2,3.5,1e3,-0.25,12345678901234567,true,false,null],"b":{"c":"x\"y\\z\n\u00e9\ud83d\ude00/"}}"#,
            r#"  [ ]  "#,
            r#"{}"#,
            r#""\u0000\t""#,
            r#"0"#,
            r#"[1700000000123, 4294967295, 9007199254740993]"#,
            r#"{"k":"é中😀","n":-0}"#,
        ] {
            let want: serde_json::Value = serde_json::from_str(text).unwrap();
            let got = parse(text);
            assert_eq!(norm(to_serde(&got)), norm(want), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            "[",
            "{\"a\"}",
            "[1,]",
            "01",
            "1.",
            "-",
            "tru",
            "\"a",
            "\"\u{1}\"",
            "[1] x",
            "{\"a\":1,}",
            "\"\\x\"",
            "1e",
            "NaN",
        ] {
            assert_eq!(parse(text), Value::Undefined, "{text:?}");
        }
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(&deep),
            Value::Undefined,
            "deep nesting is refused, not a crash"
        );
    }

    #[test]
    fn lone_surrogates_read_as_the_replacement_character() {
        assert_eq!(parse(r#""\ud800x""#), Value::Str("\u{FFFD}x".into()));
        assert_eq!(parse(r#""\udc00""#), Value::Str("\u{FFFD}".into()));
        assert_eq!(parse(r#""\ud800\u0041""#), Value::Str("\u{FFFD}A".into()));
    }
}
