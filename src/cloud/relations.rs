//! Each user's relationship chain: friends, friend groups, the blacklist and friend
//! applications. The lists are read by every client at start (the TUIKit engine asks for all
//! four); the requests that change them come with the friends and blacklist methods.

use super::state::Cloud;

/// A friend application, incoming (someone asked this user) or outgoing.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Application {
    pub user_id: String,
    pub incoming: bool,
    pub word: String,
    pub source: String,
    pub time: u64,
}

/// One user's relationships, in the order they were made.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Relations {
    /// Friends: user ID, remark, time added (seconds).
    pub friends: Vec<(String, String, u64)>,
    /// Friend groups: name and members.
    pub friend_groups: Vec<(String, Vec<String>)>,
    pub blacklist: Vec<String>,
    pub applications: Vec<Application>,
}

impl Cloud {
    /// A user's relationships (none for a user never seen).
    pub fn relations(&self, user: &str) -> Relations {
        self.users
            .get(user)
            .map(|u| u.relations.clone())
            .unwrap_or_default()
    }
}
