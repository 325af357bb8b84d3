//! A user's profile: the standard fields of the original (`userID, nick, gender, birthday,
//! location, selfSignature, allowType, language, avatar, messageSettings, adminForbidType, level,
//! role, lastUpdatedTime, profileCustomField`). Fields never set are left out of the JSON; the
//! JS entry gives the object the original's full shape and defaults.

use super::error::Error;
use super::json::{Json, ToJson};
use super::value::Value;

/// The standard fields that hold text, besides `nick` and `avatar`.
pub const TEXT_FIELDS: [&str; 5] = [
    "gender",
    "selfSignature",
    "allowType",
    "location",
    "adminForbidType",
];
/// The standard fields that hold a non-negative integer (uint32 at Tencent).
pub const NUMBER_FIELDS: [&str; 5] = ["birthday", "language", "messageSettings", "level", "role"];

#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Profile {
    pub user_id: String,
    pub nick: String,
    pub avatar: String,
    /// Milliseconds, as the original's `lastUpdatedTime`.
    pub last_updated_time: u64,
    /// Text fields set (`TEXT_FIELDS`), in the order first set.
    pub texts: Vec<(String, String)>,
    /// Number fields set (`NUMBER_FIELDS`).
    pub numbers: Vec<(String, u64)>,
    /// `profileCustomField`: `{key, value}` pairs.
    pub custom: Vec<(String, String)>,
}

/// A change to a profile: only what is `Some` (or listed) changes.
#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ProfileChange {
    pub nick: Option<String>,
    pub avatar: Option<String>,
    pub texts: Vec<(String, String)>,
    pub numbers: Vec<(String, u64)>,
    /// Custom fields set (replacing a field of the same key); `None`: none given.
    pub custom: Option<Vec<(String, String)>>,
}

fn set<T: Clone>(list: &mut Vec<(String, T)>, k: &str, v: T) {
    match list.iter_mut().find(|(key, _)| key == k) {
        Some(slot) => slot.1 = v,
        None => list.push((k.to_string(), v)),
    }
}

impl Profile {
    pub fn new(user_id: &str) -> Self {
        Profile {
            user_id: user_id.to_string(),
            ..Profile::default()
        }
    }

    /// Applies a change; `now_ms` becomes `lastUpdatedTime`.
    pub fn apply(&mut self, change: &ProfileChange, now_ms: u64) {
        if let Some(n) = &change.nick {
            self.nick = n.clone();
        }
        if let Some(a) = &change.avatar {
            self.avatar = a.clone();
        }
        for (k, v) in &change.texts {
            set(&mut self.texts, k, v.clone());
        }
        for (k, v) in &change.numbers {
            set(&mut self.numbers, k, *v);
        }
        for (k, v) in change.custom.iter().flatten() {
            set(&mut self.custom, k, v.clone());
        }
        self.last_updated_time = now_ms;
    }
}

impl ProfileChange {
    /// `updateMyProfile`'s options: known keys with values of the right kind (numbers uint32,
    /// as at Tencent), at least one; else 2721 naming the key.
    pub fn parse(o: &Value) -> Result<ProfileChange, Error> {
        let bad = |why: String| Error::raw(2721, format!("updateMyProfile: {why}"));
        let Value::Object(fields) = o else {
            return Err(bad("options must be an object".into()));
        };
        if fields.is_empty() {
            return Err(bad("nothing to update".into()));
        }
        for (k, v) in fields {
            let ok = match k.as_str() {
                "nick" | "avatar" => v.as_str().is_some(),
                k if TEXT_FIELDS.contains(&k) => v.as_str().is_some(),
                k if NUMBER_FIELDS.contains(&k) => v
                    .as_number()
                    .is_some_and(|n| (0.0..=u32::MAX as f64).contains(&n) && n.fract() == 0.0),
                "profileCustomField" => v.as_array().is_some_and(|items| {
                    items.iter().all(|i| {
                        i.get("key").as_str().is_some_and(|k| !k.is_empty())
                            && i.get("value").as_str().is_some()
                    })
                }),
                _ => false,
            };
            if !ok {
                return Err(bad(format!("invalid value or unknown key \"{k}\"")));
            }
        }
        Ok(ProfileChange::from_value(o))
    }

    /// Reads a profile change from an admin operation's or a journal entry's fields.
    pub fn from_value(o: &Value) -> ProfileChange {
        let text = |k: &str| o.get(k).as_str().map(str::to_string);
        ProfileChange {
            nick: text("nick"),
            avatar: text("avatar"),
            texts: TEXT_FIELDS
                .iter()
                .filter_map(|k| text(k).map(|v| (k.to_string(), v)))
                .collect(),
            numbers: NUMBER_FIELDS
                .iter()
                .filter_map(|k| o.get(k).as_number().map(|n| (k.to_string(), n as u64)))
                .collect(),
            custom: o.get("profileCustomField").as_array().map(|items| {
                items
                    .iter()
                    .filter_map(|i| {
                        Some((
                            i.get("key").as_str()?.to_string(),
                            i.get("value").as_str()?.to_string(),
                        ))
                    })
                    .collect()
            }),
        }
    }

    /// The fields as JSON object members (after an already-opened object).
    pub fn write_fields(&self, j: &mut Json) {
        if let Some(n) = &self.nick {
            j.key("nick").str(n);
        }
        if let Some(a) = &self.avatar {
            j.key("avatar").str(a);
        }
        for (k, v) in &self.texts {
            j.key(k).str(v);
        }
        for (k, v) in &self.numbers {
            j.key(k).num(*v);
        }
        if let Some(c) = &self.custom {
            write_custom(j, c);
        }
    }
}

fn write_custom(j: &mut Json, custom: &[(String, String)]) {
    j.key("profileCustomField").open_array();
    for (k, v) in custom {
        j.open().key("key").str(k).key("value").str(v).close();
    }
    j.close_array();
}

impl ToJson for Profile {
    fn write(&self, j: &mut Json) {
        j.open()
            .key("userID")
            .str(&self.user_id)
            .field("nick", &self.nick)
            .field("avatar", &self.avatar);
        for (k, v) in &self.texts {
            j.key(k).str(v);
        }
        for (k, v) in &self.numbers {
            j.key(k).num(*v);
        }
        if !self.custom.is_empty() {
            write_custom(j, &self.custom);
        }
        j.field_num("lastUpdatedTime", self.last_updated_time)
            .close();
    }
}
