//! Login state and the ready gate (spec §7).

use super::api;
use super::error::{Code, Error};
use super::event::Event;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Not logged in; the gate answers with the stored reason (2024, 3001, 3005).
    Out,
    /// `login()` is in flight.
    LoggingIn,
    /// `login()` resolved; `SDK_READY` not yet delivered (the gate still answers 3000).
    LoggedIn,
    Ready,
}

/// What `begin_login` decided.
#[derive(Debug, PartialEq)]
pub enum LoginStart {
    /// A new login started; finish it with this ticket.
    Started(u64),
    /// Already logged in: the original resolves with `repeatLogin: true` and keeps the user.
    Repeat { current_user: String },
}

/// The login state machine. `ticket`s tie an async login to the session that started it, so a
/// logout in between makes the late completion fail instead of logging the user back in.
#[derive(Debug)]
pub struct Session {
    phase: Phase,
    reason: Code,
    user_id: String,
    generation: u64,
    destroyed: bool,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            phase: Phase::Out,
            reason: Code::UserNotLoggedIn,
            user_id: String::new(),
            generation: 0,
            destroyed: false,
        }
    }
}

impl Session {
    pub fn is_ready(&self) -> bool {
        self.phase == Phase::Ready
    }

    /// The logged-in user, or `""` (spec §7.7).
    pub fn login_user(&self) -> &str {
        match self.phase {
            Phase::LoggedIn | Phase::Ready => &self.user_id,
            _ => "",
        }
    }

    /// Changes at every login and logout: a call that started in another generation was cut off.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn is_destroyed(&self) -> bool {
        self.destroyed
    }

    /// The ready gate (spec §7.2): `Err` carries the not-ready reason as its code.
    pub fn gate(&self, api_name: &str) -> Result<(), Error> {
        if self.is_ready() || api::is_whitelisted(api_name) {
            return Ok(());
        }
        let reason = self.reason;
        Err(Error::new(
            reason,
            format!("{} | {} | The SDK is not ready", reason.text(), api_name),
        ))
    }

    pub fn begin_login(&mut self, sdk_app_id: f64, user_id: &str) -> Result<LoginStart, Error> {
        if self.destroyed {
            return Err(Error::new(
                Code::SessionEnded,
                "this instance was destroyed; call TencentCloudChat.create again",
            ));
        }
        if sdk_app_id == 0.0 {
            return Err(Error::of(Code::NoSdkAppId));
        }
        match self.phase {
            Phase::LoggedIn | Phase::Ready => Ok(LoginStart::Repeat {
                current_user: self.user_id.clone(),
            }),
            Phase::LoggingIn => Err(Error::of(Code::RepeatLogin)),
            Phase::Out => {
                self.generation += 1;
                self.phase = Phase::LoggingIn;
                self.reason = Code::LoggingIn;
                self.user_id = user_id.to_string();
                Ok(LoginStart::Started(self.generation))
            }
        }
    }

    /// Completes a login once the user's state is loaded (`Err` when it failed to load).
    pub fn finish_login(&mut self, ticket: u64, outcome: Result<(), Error>) -> Result<(), Error> {
        if ticket != self.generation || self.phase != Phase::LoggingIn {
            return Err(Error::new(
                Code::SessionEnded,
                "login was cut off by logout or destroy",
            ));
        }
        match outcome {
            Ok(()) => {
                self.phase = Phase::LoggedIn;
                Ok(())
            }
            Err(e) => {
                self.phase = Phase::Out;
                self.reason = Code::LoginFailed;
                self.user_id.clear();
                Err(e)
            }
        }
    }

    /// The login of `ticket` could not load the user's state (storage failed): the same state
    /// as a failed login. Does nothing if a logout or another login came in between.
    pub fn fail_login(&mut self, ticket: u64) {
        if ticket == self.generation && matches!(self.phase, Phase::LoggingIn | Phase::LoggedIn) {
            self.generation += 1;
            self.phase = Phase::Out;
            self.reason = Code::LoginFailed;
            self.user_id.clear();
        }
    }

    /// `Ok` while the login of `ticket` is still the current session.
    pub fn still(&self, ticket: u64) -> Result<(), Error> {
        if ticket == self.generation && self.phase == Phase::LoggedIn {
            Ok(())
        } else {
            Err(Error::new(
                Code::SessionEnded,
                "login was cut off by logout or destroy",
            ))
        }
    }

    /// Delivers readiness after `login()` resolved (the original does it one timer tick later).
    pub fn become_ready(&mut self, ticket: u64) -> Vec<Event> {
        if ticket != self.generation || self.phase != Phase::LoggedIn {
            return Vec::new();
        }
        self.phase = Phase::Ready;
        vec![Event::SdkReady]
    }

    /// `logout()`: 2024 when nobody is logged in (spec §7.3).
    pub fn logout(&mut self) -> Result<Vec<Event>, Error> {
        if self.phase == Phase::Out {
            return Err(Error::of(Code::UserNotLoggedIn));
        }
        self.generation += 1;
        self.phase = Phase::Out;
        self.reason = Code::LoggedOut;
        self.user_id.clear();
        Ok(vec![Event::SdkNotReady])
    }

    /// The server ended the session (spec §7.5): `KICKED_OUT {type}`, then `SDK_NOT_READY`; the
    /// gate answers 3004 (`userSigExpired`) or 3006 (`REST_API_Kick`) from then on. Nothing when
    /// nobody is logged in.
    pub fn kicked(&mut self, kind: &str) -> Vec<Event> {
        if self.phase == Phase::Out {
            return Vec::new();
        }
        self.generation += 1;
        self.phase = Phase::Out;
        self.reason = if kind == "userSigExpired" {
            Code::KickedOutUserSigExpired
        } else {
            Code::KickedOutRestApi
        };
        self.user_id.clear();
        vec![Event::KickedOut(kind.to_string()), Event::SdkNotReady]
    }

    /// `destroy()`: logs out if needed, then ends the instance (spec §7.4). The logout outcome
    /// is returned for the Promise; `SDK_DESTROY` is delivered either way.
    pub fn destroy(&mut self, sdk_app_id: f64) -> (Result<(), Error>, Vec<Event>) {
        let (result, mut events) = match self.logout() {
            Ok(ev) => (Ok(()), ev),
            Err(e) => (Err(e), Vec::new()),
        };
        self.destroyed = true;
        events.push(Event::SdkDestroy { sdk_app_id });
        (result, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_reasons_follow_the_lifecycle() {
        let mut s = Session::default();
        assert_eq!(s.gate("getConversationList").unwrap_err().code, 2024);
        assert!(s.gate("login").is_ok());
        let LoginStart::Started(t) = s.begin_login(1400000001.0, "alice").unwrap() else {
            panic!()
        };
        assert_eq!(s.gate("getConversationList").unwrap_err().code, 3000);
        assert_eq!(s.begin_login(1.0, "alice").unwrap_err().code, 2025);
        s.finish_login(t, Ok(())).unwrap();
        assert_eq!(s.login_user(), "alice");
        assert_eq!(s.gate("getConversationList").unwrap_err().code, 3000);
        assert_eq!(s.become_ready(t), vec![Event::SdkReady]);
        assert!(s.gate("getConversationList").is_ok());
        assert_eq!(
            s.begin_login(1.0, "bob").unwrap(),
            LoginStart::Repeat {
                current_user: "alice".into()
            }
        );
        assert_eq!(s.logout().unwrap(), vec![Event::SdkNotReady]);
        let e = s.gate("getConversationList").unwrap_err();
        assert_eq!(e.code, 3005);
        assert!(e.message.contains("getConversationList"));
        assert_eq!(s.logout().unwrap_err().code, 2024);
    }

    #[test]
    fn failed_login_and_cut_off_login() {
        let mut s = Session::default();
        assert_eq!(s.begin_login(0.0, "a").unwrap_err().code, 2000);
        let LoginStart::Started(t) = s.begin_login(1.0, "a").unwrap() else {
            panic!()
        };
        assert!(s
            .finish_login(t, Err(Error::of(Code::UncaughtError)))
            .is_err());
        assert_eq!(s.gate("x").unwrap_err().code, 3001);
        let LoginStart::Started(t) = s.begin_login(1.0, "a").unwrap() else {
            panic!()
        };
        s.logout().unwrap();
        assert_eq!(s.finish_login(t, Ok(())).unwrap_err().code, 2982);
        assert!(s.become_ready(t).is_empty());
        assert!(!s.is_ready());
    }

    #[test]
    fn destroy_before_login_rejects_but_destroys() {
        let mut s = Session::default();
        let (r, ev) = s.destroy(7.0);
        assert_eq!(r.unwrap_err().code, 2024);
        assert_eq!(ev, vec![Event::SdkDestroy { sdk_app_id: 7.0 }]);
        assert!(s.is_destroyed());
    }
}
