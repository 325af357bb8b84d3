//! A user's profile. Only the fields the local cloud keeps are here; the JS entry gives the
//! object the original's full shape (`userID, nick, gender, …, profileCustomField`).

use super::json::{Json, ToJson};

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Profile {
    pub user_id: String,
    pub nick: String,
    pub avatar: String,
    /// Milliseconds, as the original's `lastUpdatedTime`.
    pub last_updated_time: u64,
}

impl Profile {
    pub fn new(user_id: &str) -> Self {
        Profile { user_id: user_id.to_string(), nick: String::new(), avatar: String::new(), last_updated_time: 0 }
    }
}

impl ToJson for Profile {
    fn write(&self, j: &mut Json) {
        j.open().key("userID").str(&self.user_id).field("nick", &self.nick).field("avatar", &self.avatar);
        j.field_num("lastUpdatedTime", self.last_updated_time).close();
    }
}
