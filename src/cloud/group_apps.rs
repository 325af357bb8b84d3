//! The full build's applications to join a group and group system notices.
//!
//! A group whose join option is `NeedPermission` (Public groups unless set otherwise) keeps
//! each application (one per applicant: a new one replaces the old) until its owner or an admin
//! handles it. Those concerned learn of it by a system notice: a message of type
//! `TIMGroupSystemNoticeElem` in their `@TIM#SYSTEM` conversation (1 to the owner and admins,
//! 2 accepted / 3 refused to the applicant; 4 kicked out, 5 dismissed, 8 quit elsewhere).

use super::members::MemberOp;
use super::messaging::ERR_NOT_A_MEMBER;
use super::protocol::{PushBody, Response};
use super::state::{Cloud, Group, Stored, Thread};
use super::Outcome;
use crate::core::conversation::SYSTEM_ID;
use crate::core::error::Error;
use crate::core::message::Payload;

/// `operationType` of the system notices.
pub const NOTICE_APPLY: u8 = 1;
pub const NOTICE_ACCEPTED: u8 = 2;
pub const NOTICE_REFUSED: u8 = 3;
pub const NOTICE_KICKED: u8 = 4;
pub const NOTICE_DISMISSED: u8 = 5;
pub const NOTICE_QUIT: u8 = 8;

/// Tencent's: no such application pending (handled already, or never made).
pub const ERR_NO_APPLICATION: u32 = 10024;
/// Tencent's: a parameter out of its values (`handleAction` not `Agree` or `Reject`).
pub const ERR_INVALID: u32 = 10004;

/// An application to join a group, kept by the group until handled.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Application {
    pub user_id: String,
    pub note: String,
    /// When it was made (seconds): its `messageKey`.
    pub time: u64,
}

/// An application as getGroupApplicationList shows it to a handler.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ApplicationView {
    pub group_id: String,
    pub group_name: String,
    pub applicant: String,
    pub applicant_nick: String,
    pub note: String,
    pub time: u64,
}

impl Group {
    /// The join option in effect: the one set, else the type's (Public groups ask for
    /// permission; Work groups admit by invitation only; the others are free to join).
    pub fn join_option(&self) -> &str {
        if !self.more.join_option.is_empty() {
            return &self.more.join_option;
        }
        match self.kind.as_str() {
            "Public" | "Private" => "NeedPermission",
            _ => "FreeAccess",
        }
    }

    /// Who handles applications: the owner, then the admins.
    pub fn handlers(&self) -> Vec<String> {
        let mut h = vec![self.owner.clone()];
        h.extend(
            self.member_info
                .iter()
                .filter(|i| i.role == "Admin")
                .map(|i| i.user_id.clone()),
        );
        h
    }
}

impl Cloud {
    /// A system notice about group `g`.
    fn notice(g: &Group, op: u8, operator: &str, message: &str, key: u64) -> Payload {
        Payload::GroupSystemNotice {
            operation_type: op,
            operator_id: operator.to_string(),
            group_id: g.id.clone(),
            group_name: g.name.clone(),
            group_type: g.kind.clone(),
            handle_message: message.to_string(),
            message_key: key,
        }
    }

    /// Puts a system notice about group `id` into `users`' `@TIM#SYSTEM` conversations (one
    /// unread message each), and tells their sessions.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn notify(
        &mut self,
        users: &[String],
        id: &str,
        op: u8,
        operator: &str,
        message: &str,
        key: u64,
        now: u64,
        out: &mut Outcome,
    ) {
        let Some(payload) = self
            .groups
            .get(id)
            .map(|g| Self::notice(g, op, operator, message, key))
        else {
            return;
        };
        for user in users {
            let no = self.next();
            let thread = self
                .threads
                .get_or_insert_with(&Self::thread_key(user, SYSTEM_ID), Thread::default);
            let stored = Stored {
                id: crate::core::message::message_id(SYSTEM_ID, now, no),
                no,
                seq: thread.messages.last().map_or(1, |m| m.seq + 1),
                random: no as u32,
                time: now,
                from: SYSTEM_ID.to_string(),
                payload: payload.clone(),
                cloud_custom_data: String::new(),
                version: 0,
                #[cfg(feature = "full")]
                revoker: String::new(),
                #[cfg(feature = "full")]
                reactions: Vec::new(),
                #[cfg(feature = "full")]
                extensions: Vec::new(),
                #[cfg(feature = "full")]
                flags: 0,
                #[cfg(feature = "full")]
                readers: Vec::new(),
            };
            thread.messages.push(stored.clone());
            let rec = self.conv_record(user, SYSTEM_ID);
            rec.hidden = false;
            rec.unread += 1;
            if !out.wants(user) {
                continue;
            }
            if let Some(conv) = self.snapshot(user, SYSTEM_ID) {
                let message = self.view(user, SYSTEM_ID, &stored);
                out.push(user, None, PushBody::Message { message, conv });
            }
        }
    }

    /// joinGroup of a group that asks for permission: the application is kept (replacing an
    /// earlier one of the same user) and its handlers are told (notice 1).
    pub(super) fn apply_to_join(
        &mut self,
        user: &str,
        id: &str,
        note: &str,
        now: u64,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        let g = self.group_mut(id)?;
        g.applications.retain(|a| a.user_id != user);
        g.applications.push(Application {
            user_id: user.to_string(),
            note: note.to_string(),
            time: now,
        });
        let handlers = g.handlers();
        self.notify(&handlers, id, NOTICE_APPLY, user, note, now, now, out);
        Ok(())
    }

    /// getGroupApplicationList: the applications pending in the groups `user` owns or
    /// administers, by group ID, each group's in the order they were made.
    pub(super) fn group_applications(&self, user: &str) -> Response {
        let mut list = Vec::new();
        let handled = self
            .groups
            .values()
            .filter(|g| matches!(g.role_of(user), "Owner" | "Admin"));
        for g in handled {
            for a in &g.applications {
                list.push(ApplicationView {
                    group_id: g.id.clone(),
                    group_name: g.name.clone(),
                    applicant: a.user_id.clone(),
                    applicant_nick: self.profile(&a.user_id).nick,
                    note: a.note.clone(),
                    time: a.time,
                });
            }
        }
        Response::GroupApplications(list)
    }

    /// handleGroupApplication: the owner or an admin agrees (the applicant joins: a join tip,
    /// their group list) or refuses; either way the application is gone and the applicant is
    /// told (notice 2 or 3 with the handler's message). The answer: the group as the handler
    /// sees it.
    pub(super) fn handle_application(
        &mut self,
        user: &str,
        op: MemberOp,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let agree = match op.text.as_str() {
            "Agree" => true,
            "Reject" => false,
            _ => {
                return Err(Error::raw(
                    ERR_INVALID,
                    "handleAction must be \"Agree\" or \"Reject\"",
                ))
            }
        };
        let applicant = op.user_id;
        let g = self.group_mut(&op.group_id)?;
        if !matches!(g.role_of(user), "Owner" | "Admin") {
            return Err(Error::raw(
                ERR_NOT_A_MEMBER,
                "only the group's owner or an admin handles applications",
            ));
        }
        let Some(at) = g.applications.iter().position(|a| a.user_id == applicant) else {
            return Err(Error::raw(
                ERR_NO_APPLICATION,
                format!("no application of {applicant} is pending"),
            ));
        };
        let key = g.applications.remove(at).time;
        if agree && !g.has(&applicant) {
            self.admit(&applicant, &op.group_id, now, out)?;
        }
        let kind = if agree {
            NOTICE_ACCEPTED
        } else {
            NOTICE_REFUSED
        };
        self.notify(
            &[applicant],
            &op.group_id,
            kind,
            user,
            &op.note,
            key,
            now,
            out,
        );
        // The notice it was handled from leaves the handler's system conversation.
        self.forget_messages(user, SYSTEM_ID, &op.ids, out);
        self.group_profile_checked(user, &op.group_id)
            .map(Response::Group)
    }
}
