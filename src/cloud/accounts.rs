//! Accounts and profiles: any user ID is an account, created on first use (CONTRACT §7).

use super::protocol::PushBody;
use super::state::Cloud;
use super::Outcome;
use crate::core::profile::{Profile, ProfileChange};

impl Cloud {
    pub fn has_account(&self, user: &str) -> bool {
        self.accounts.contains_key(user)
    }

    pub(super) fn ensure_account(&mut self, user: &str) {
        if !self.accounts.contains_key(user) {
            self.accounts.insert(user.to_string(), Profile::new(user));
        }
    }

    /// A user's profile (the defaults for a user never seen).
    pub fn profile(&self, user: &str) -> Profile {
        self.accounts
            .get(user)
            .cloned()
            .unwrap_or_else(|| Profile::new(user))
    }

    pub(super) fn update_profile(
        &mut self,
        user: &str,
        change: &ProfileChange,
        now: u64,
        out: &mut Outcome,
    ) -> Profile {
        self.ensure_account(user);
        let Some(p) = self.accounts.get_mut(user) else {
            return Profile::new(user);
        };
        // Milliseconds, as the original's lastUpdatedTime.
        p.apply(change, now * 1000);
        let p = p.clone();
        out.push(user, None, PushBody::ProfileUpdated(p.clone()));
        #[cfg(feature = "full")]
        self.tell_friends(user, &p, out);
        p
    }
}
