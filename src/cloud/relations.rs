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
    /// The remark and friend group the applicant chose for the friend (the full build's).
    #[cfg(feature = "full")]
    #[serde(default)]
    pub remark: String,
    #[cfg(feature = "full")]
    #[serde(default)]
    pub group: String,
}

/// What the full build keeps of a friend besides the user ID, remark and time.
#[cfg(feature = "full")]
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FriendFields {
    pub user_id: String,
    /// `AddSource_Type_…`.
    pub source: String,
    /// `friendCustomField`: `Tag_SNS_Custom_…` keys and their values.
    pub custom: Vec<(String, String)>,
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
    /// Each friend's source and custom fields (the full build's), in any order.
    #[cfg(feature = "full")]
    pub friend_fields: Vec<FriendFields>,
    /// Incoming applications up to this time (seconds) were read (`setFriendApplicationRead`).
    #[cfg(feature = "full")]
    pub applications_read: u64,
}

impl Cloud {
    /// The profiles a user's relations show: each friend's, in order; in the full build then
    /// each application's other user's (their nick and avatar).
    pub fn relation_profiles(&self, r: &Relations) -> Vec<crate::core::profile::Profile> {
        let friends = r.friends.iter().map(|(u, _, _)| u);
        #[cfg(feature = "full")]
        let friends = friends.chain(r.applications.iter().map(|a| &a.user_id));
        friends.map(|u| self.profile(u)).collect()
    }

    /// A user's relationships, to change (made for a user never seen).
    #[cfg(feature = "full")]
    pub(super) fn relations_mut(&mut self, user: &str) -> &mut Relations {
        &mut self
            .users
            .get_or_insert_with(user, Default::default)
            .relations
    }

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
        let list = &mut self.relations_mut(user).blacklist;
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
        if add {
            // Blacklisting ends a friendship both ways, and any application between the two.
            for id in ids.iter().filter(|id| list.contains(id)) {
                self.part(user, id, Some(session), out);
            }
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
