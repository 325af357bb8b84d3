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

/// A C2C message to a user who blacklisted its sender is refused (Tencent's server code).
#[cfg(feature = "full")]
pub const ERR_BLOCKED: u32 = 20007;

#[cfg(feature = "full")]
impl Cloud {
    /// Adds `ids` to `user`'s blacklist (not the user, not twice, empty IDs skipped) or removes
    /// them; returns the list after. A change reaches the user's other sessions.
    pub(super) fn change_blacklist(
        &mut self,
        user: &str,
        session: super::SessionId,
        add: bool,
        ids: &[String],
        out: &mut super::Outcome,
    ) -> Vec<String> {
        let list = &mut self
            .users
            .get_or_insert_with(user, Default::default)
            .relations
            .blacklist;
        let before = list.len();
        if add {
            for id in ids {
                if !id.is_empty() && id != user && !list.contains(id) {
                    list.push(id.clone());
                }
            }
        } else {
            list.retain(|b| !ids.contains(b));
        }
        let list = list.clone();
        // Adding only grows the list and removing only shrinks it: a change shows in its length.
        if list.len() != before {
            out.push(
                user,
                Some(session),
                super::protocol::PushBody::Blacklist(list.clone()),
            );
        }
        list
    }

    /// Whether `user` blacklisted `sender`.
    pub(super) fn blocks(&self, user: &str, sender: &str) -> bool {
        self.users
            .get(user)
            .is_some_and(|s| s.relations.blacklist.iter().any(|b| b == sender))
    }
}
