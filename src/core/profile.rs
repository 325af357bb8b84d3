//! A user's profile, shaped as the original's `userProfile` / Profile object (spec §8.1).

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    #[serde(rename = "userID")]
    pub user_id: String,
    pub nick: String,
    pub gender: String,
    pub birthday: u32,
    pub location: String,
    pub self_signature: String,
    pub allow_type: String,
    pub language: u32,
    pub avatar: String,
    pub message_settings: u32,
    pub admin_forbid_type: String,
    pub level: u32,
    pub role: u32,
    pub last_updated_time: u64,
    pub profile_custom_field: Vec<CustomField>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomField {
    pub key: String,
    pub value: String,
}

impl Profile {
    /// The original's defaults for a user it knows nothing about.
    pub fn new(user_id: &str) -> Self {
        Profile {
            user_id: user_id.to_string(),
            nick: String::new(),
            gender: String::new(),
            birthday: 0,
            location: String::new(),
            self_signature: String::new(),
            allow_type: "AllowType_Type_AllowAny".into(),
            language: 0,
            avatar: String::new(),
            message_settings: 0,
            admin_forbid_type: "AdminForbid_Type_None".into(),
            level: 0,
            role: 0,
            last_updated_time: 0,
            profile_custom_field: Vec::new(),
        }
    }
}
