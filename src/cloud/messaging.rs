//! Messages: sending (C2C and group), history, read state, conversation deletion.

use super::protocol::{ConvChange, ConvSnapshot, PushBody, Response};
use super::state::{Cloud, ConvRecord, Stored};
use super::{Outcome, SessionId};
use crate::core::conversation::{c2c_id, group_id, AtInfo, ConvType};
use crate::core::error::Error;
use crate::core::message::Payload;

pub const ERR_GROUP_NOT_FOUND: u32 = 10010;
pub const ERR_TOO_MANY_PINNED: u32 = 51012;
pub const MAX_PINNED: usize = 50;
pub const ERR_NOT_A_MEMBER: u32 = 10007;
/// Tencent's MODIFY_MESSAGE_NOT_EXIST: no message with that ID in that conversation.
pub const ERR_MESSAGE_NOT_FOUND: u32 = 20026;
/// Ours: `modifyMessage` may not change a message's type.
pub const ERR_MODIFY_KIND: u32 = 2987;
/// Tencent's ERR_SVR_COMM_BODY_SIZE_LIMIT: a message's content over 12 KB.
pub const ERR_BODY_SIZE_LIMIT: u32 = 80002;
/// `TYPES.MSG_AT_ALL` in an `atUserList`: everyone in the group.
pub const AT_ALL: &str = "__kImSDK_MesssageAtALL__";

impl Cloud {
    /// Stores a message from `user` and fans it out. `session` is the sending session (it
    /// learns from the response); every other session of every participant gets a push.
    /// `online`: an online-only message — the same checks and audience, delivered to the
    /// sessions online now and kept nowhere (no sequence, no conversation, no unread count).
    #[allow(clippy::too_many_arguments)]
    pub fn send_message(
        &mut self,
        user: &str,
        session: Option<SessionId>,
        conv_type: ConvType,
        to: &str,
        (payload, flags): (Payload, u8),
        cloud_custom_data: String,
        id: String,
        random: u32,
        now: u64,
        online: bool,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        #[cfg(not(feature = "full"))]
        let _ = flags;
        check_size(&payload, &cloud_custom_data)?;
        let (sender_conv, recipients) = self.audience(user, conv_type, to)?;
        // A muted member's messages are refused (the tips of what they do are not).
        #[cfg(feature = "full")]
        if conv_type == ConvType::Group
            && !matches!(payload, Payload::GroupTip { .. })
            && self.groups.get(to).is_some_and(|g| g.muted(user, now))
        {
            return Err(Error::raw(
                super::members::code::MUTED,
                format!("{user} is muted in group {to}"),
            ));
        }
        if online {
            let stored = Stored {
                id,
                no: 0,
                seq: 0,
                random,
                time: now,
                from: user.to_string(),
                payload,
                cloud_custom_data,
                version: 0,
                #[cfg(feature = "full")]
                revoker: String::new(),
                #[cfg(feature = "full")]
                reactions: Vec::new(),
                #[cfg(feature = "full")]
                extensions: Vec::new(),
                #[cfg(feature = "full")]
                flags,
                #[cfg(feature = "full")]
                readers: Vec::new(),
            };
            for (member, conv) in &recipients {
                if !out.wants(member) {
                    continue;
                }
                let except = if member == user { session } else { None };
                out.push(
                    member,
                    except,
                    PushBody::OnlineMessage(self.view(member, conv, &stored)),
                );
            }
            return Ok(Response::SentOnline {
                message: self.view(user, &sender_conv, &stored),
            });
        }
        let key = Self::thread_key(user, &sender_conv);
        // The same message again (a send re-tried after its answer was lost): the stored one,
        // nothing stored or pushed twice.
        if let Some(m) = self
            .threads
            .get(&key)
            .and_then(|t| t.messages.iter().rev().find(|m| m.id == id))
            .cloned()
        {
            let conv = self
                .snapshot(user, &sender_conv)
                .ok_or_else(|| Error::raw(2903, "conversation missing after send"))?;
            return Ok(Response::Sent {
                message: self.view(user, &sender_conv, &m),
                conv,
            });
        }
        let no = self.next();
        let thread = self
            .threads
            .get_or_insert_with(&key, super::state::Thread::default);
        let seq = thread.messages.last().map_or(1, |m| m.seq + 1);
        let stored = Stored {
            id,
            no,
            seq,
            random,
            time: now,
            from: user.to_string(),
            payload,
            cloud_custom_data,
            version: 0,
            #[cfg(feature = "full")]
            revoker: String::new(),
            #[cfg(feature = "full")]
            reactions: Vec::new(),
            #[cfg(feature = "full")]
            extensions: Vec::new(),
            #[cfg(feature = "full")]
            flags,
            #[cfg(feature = "full")]
            readers: Vec::new(),
        };
        thread.messages.push(stored.clone());
        let at_users = match &stored.payload {
            Payload::TextAt { at_user_list, .. } if conv_type == ConvType::Group => {
                Some(at_user_list.clone())
            }
            _ => None,
        };
        for (member, conv) in &recipients {
            let rec = self.conv_record(member, conv);
            rec.hidden = false;
            if member != user {
                rec.unread += 1;
                // An @-mention of this member (or of everyone) stays until they read the group.
                if let Some(at) = &at_users {
                    let kind = match (
                        at.iter().any(|u| u == member),
                        at.iter().any(|u| u == AT_ALL),
                    ) {
                        (true, true) => 3,
                        (true, false) => 1,
                        (false, true) => 2,
                        (false, false) => 0,
                    };
                    if kind > 0 {
                        rec.at_infos.push(AtInfo {
                            from: user.to_string(),
                            group_id: to.to_string(),
                            sequence: seq,
                            random,
                            kind,
                        });
                    }
                }
            }
        }
        for (member, conv) in &recipients {
            if !out.wants(member) {
                continue;
            }
            let except = if member == user { session } else { None };
            if let Some(snap) = self.snapshot(member, conv) {
                let message = self.view(member, conv, &stored);
                out.push(
                    member,
                    except,
                    PushBody::Message {
                        message,
                        conv: snap,
                    },
                );
            }
        }
        if out.replay {
            return Ok(Response::Done);
        }
        let message = self.view(user, &sender_conv, &stored);
        let conv = self
            .snapshot(user, &sender_conv)
            .ok_or_else(|| Error::raw(2903, "conversation missing after send"))?;
        Ok(Response::Sent { message, conv })
    }

    /// modifyMessage's conflict (2480): the message as it is now, when the caller saw another
    /// version of it (`None`: no conflict, or no such message, which modify_message reports).
    #[cfg(feature = "full")]
    pub(super) fn modify_conflict(
        &self,
        user: &str,
        conv_id: &str,
        message_id: &str,
        seen: u64,
    ) -> Option<Response> {
        let kind = ConvType::of(conv_id);
        let target = crate::core::conversation::target_of(conv_id);
        let (conv, _) = self.participants(user, kind, target).ok()?;
        let m = self
            .threads
            .get(&Self::thread_key(user, &conv))?
            .messages
            .iter()
            .find(|m| m.id == message_id && u64::from(m.version) != seen)?;
        Some(Response::ModifyConflict {
            message: self.view(user, &conv, m),
        })
    }

    /// `modifyMessage`: a participant changes a stored message's `cloudCustomData` and/or its
    /// payload (same kind only); its version goes up, and every other session of every
    /// participant is told (MESSAGE_MODIFIED, and the conversation when it was the last message).
    #[allow(clippy::too_many_arguments)]
    pub fn modify_message(
        &mut self,
        user: &str,
        session: SessionId,
        conv_id: &str,
        message_id: &str,
        cloud_custom_data: Option<String>,
        payload: Option<Payload>,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let (conv_type, to) = (
            ConvType::of(conv_id),
            crate::core::conversation::target_of(conv_id).to_string(),
        );
        let (sender_conv, recipients) = self.audience(user, conv_type, &to)?;
        let key = Self::thread_key(user, &sender_conv);
        let stored = {
            let m = self
                .threads
                .get_mut(&key)
                .and_then(|t| t.messages.iter_mut().find(|m| m.id == message_id))
                .ok_or_else(|| {
                    Error::raw(
                        ERR_MESSAGE_NOT_FOUND,
                        format!("modifyMessage: no message {message_id} in {conv_id}"),
                    )
                })?;
            if let Some(p) = &payload {
                if p.elem_type() != m.payload.elem_type() {
                    return Err(Error::raw(
                        ERR_MODIFY_KIND,
                        "modifyMessage: a message keeps its type",
                    ));
                }
            }
            check_size(
                payload.as_ref().unwrap_or(&m.payload),
                cloud_custom_data.as_ref().unwrap_or(&m.cloud_custom_data),
            )?;
            if let Some(p) = payload {
                m.payload = p;
            }
            if let Some(c) = cloud_custom_data {
                m.cloud_custom_data = c;
            }
            m.version += 1;
            m.clone()
        };
        self.push_modified(user, session, &recipients, &stored, out);
        Ok(Response::Modified {
            message: self.view(user, &sender_conv, &stored),
            conv: self.snapshot(user, &sender_conv),
        })
    }

    /// Tells every session of `recipients` (each with the conversation it sees the message in)
    /// but `user`'s `session` that `stored` changed, with the conversation as it is now.
    pub(super) fn push_modified(
        &self,
        user: &str,
        session: SessionId,
        recipients: &[(String, String)],
        stored: &Stored,
        out: &mut Outcome,
    ) {
        for (member, conv) in recipients {
            if !out.wants(member) {
                continue;
            }
            let except = (member == user).then_some(session);
            let message = self.view(member, conv, stored);
            out.push(
                member,
                except,
                PushBody::MessageModified {
                    message,
                    conv: self.snapshot(member, conv),
                },
            );
        }
    }

    /// Who a message from `user` to `to` reaches: the sender's conversation ID, and each
    /// recipient (the sender included) with the conversation it lands in. A C2C message to
    /// someone who blacklisted the sender is refused.
    fn audience(
        &mut self,
        user: &str,
        conv_type: ConvType,
        to: &str,
    ) -> Result<(String, Vec<(String, String)>), Error> {
        self.ensure_account(user);
        if conv_type == ConvType::C2c {
            #[cfg(feature = "full")]
            if self.blocks(to, user) {
                return Err(Error::raw(
                    super::relations::ERR_BLOCKED,
                    format!("{to} has blacklisted {user}: the message was not delivered"),
                ));
            }
            self.ensure_account(to);
        }
        self.participants(user, conv_type, to)
    }

    /// The participants of `user`'s chat with `to`: the sender's conversation ID, and each
    /// participant (the sender included) with the conversation it sees. A group's are its
    /// members, `user` among them (10010, 10007).
    pub(super) fn participants(
        &self,
        user: &str,
        conv_type: ConvType,
        to: &str,
    ) -> Result<(String, Vec<(String, String)>), Error> {
        match conv_type {
            ConvType::C2c => {
                let mut r = vec![(user.to_string(), c2c_id(to))];
                if to != user {
                    r.push((to.to_string(), c2c_id(user)));
                }
                Ok((c2c_id(to), r))
            }
            ConvType::Group => {
                let g = self.member_group(user, to)?;
                let cid = group_id(to);
                let members = g.members.iter().map(|(m, _)| (m.clone(), cid.clone()));
                Ok((cid.clone(), members.collect()))
            }
            _ => Err(Error::raw(
                2106,
                "messages go to C2C or GROUP conversations",
            )),
        }
    }

    /// Up to `count` messages older than `before_seq`, oldest first. A group's history is for
    /// its members (10010 for a group that does not exist, 10007 for one the user is not in).
    pub(super) fn get_messages(
        &self,
        user: &str,
        conv_id: &str,
        before: Option<&str>,
        count: usize,
    ) -> Result<Response, Error> {
        self.may_read_history(user, conv_id)?;
        Ok(self.get_messages_of(user, conv_id, before, count))
    }

    /// A group's history is for its members (see [`Cloud::member_group`]).
    pub(super) fn may_read_history(&self, user: &str, conv_id: &str) -> Result<(), Error> {
        if ConvType::of(conv_id) == ConvType::Group {
            self.member_group(user, crate::core::conversation::target_of(conv_id))?;
        }
        Ok(())
    }

    /// Group `id`, which `user` is a member of: 10010 for a group that does not exist, 10007
    /// for one the user is not in.
    fn member_group(&self, user: &str, id: &str) -> Result<&super::state::Group, Error> {
        let g = self
            .groups
            .get(id)
            .ok_or_else(|| Error::raw(ERR_GROUP_NOT_FOUND, format!("group {id} does not exist")))?;
        if !g.has(user) {
            return Err(Error::raw(
                ERR_NOT_A_MEMBER,
                format!("{user} is not a member of group {id}"),
            ));
        }
        Ok(g)
    }

    fn get_messages_of(
        &self,
        user: &str,
        conv_id: &str,
        before: Option<&str>,
        count: usize,
    ) -> Response {
        let rec = self.users.get(user).and_then(|s| s.convs.get(conv_id));
        let cleared = rec.map_or(0, |r| r.cleared_to);
        // The user's deleted messages are left out: the window grows by as many, so a page
        // still holds `count` when there are (`slice::page_size` reads the same window).
        #[cfg(feature = "full")]
        let (deleted, window) = {
            let d = rec.map_or(&[][..], |r| &r.deleted[..]);
            (d, count + d.len())
        };
        #[cfg(not(feature = "full"))]
        let window = count;
        let Some(thread) = self.threads.get(&Self::thread_key(user, conv_id)) else {
            return Response::Messages {
                messages: Vec::new(),
                complete: true,
            };
        };
        let end = match before {
            Some(id) => thread
                .messages
                .iter()
                .rposition(|m| m.id == id)
                .unwrap_or(0),
            None => thread.messages.len(),
        };
        let start_all = thread.messages.partition_point(|m| m.seq <= cleared);
        let start = end.saturating_sub(window).max(start_all);
        let kept = thread.messages[start..end.max(start)].iter();
        #[cfg(feature = "full")]
        let (kept, skip) = {
            let kept: Vec<&Stored> = kept
                .filter(|m| deleted.binary_search(&m.seq).is_err())
                .collect();
            let skip = kept.len().saturating_sub(count);
            (kept.into_iter().skip(skip), skip)
        };
        #[cfg(not(feature = "full"))]
        let skip = 0;
        Response::Messages {
            messages: kept.map(|m| self.view(user, conv_id, m)).collect(),
            complete: start <= start_all && skip == 0,
        }
    }

    fn push_conv(&self, user: &str, session: SessionId, conv_id: &str, out: &mut Outcome) {
        if !out.wants(user) {
            return;
        }
        if let Some(snap) = self.snapshot(user, conv_id) {
            out.push(user, Some(session), PushBody::ConvUpdated(snap));
        }
    }

    pub(super) fn push_convs(
        &self,
        user: &str,
        session: SessionId,
        ids: &[String],
        out: &mut Outcome,
    ) {
        for id in ids {
            self.push_conv(user, session, id, out);
        }
    }

    /// Pins, marks, custom data, remind type (CONTRACT §4: at most 50 pinned, 51012).
    pub(super) fn update_convs(
        &mut self,
        user: &str,
        session: SessionId,
        ids: &[String],
        change: &ConvChange,
        out: &mut Outcome,
    ) -> Result<Vec<ConvSnapshot>, Error> {
        if *change == ConvChange::Pin(true) {
            let pinned = self.users.get(user).map_or(0, |s| {
                s.convs
                    .iter()
                    .filter(|(id, r)| r.pinned && !r.hidden && !ids.contains(id))
                    .count()
            });
            if pinned + ids.len() > MAX_PINNED {
                return Err(Error::raw(
                    ERR_TOO_MANY_PINNED,
                    format!("at most {MAX_PINNED} pinned conversations"),
                ));
            }
        }
        let mut visible = Vec::new();
        for id in ids {
            let existed = self
                .users
                .get(user)
                .is_some_and(|s| s.convs.contains_key(id));
            let rec = self.conv_record(user, id);
            // A remind type alone does not make a conversation appear (or reappear).
            if !matches!(change, ConvChange::Remind(_)) {
                rec.hidden = false;
            } else if !existed {
                rec.hidden = true;
            }
            match change {
                ConvChange::Pin(p) => rec.pinned = *p,
                ConvChange::Mark(m, true) => {
                    if !rec.marks.contains(m) {
                        rec.marks.push(*m);
                    }
                }
                ConvChange::Mark(m, false) => rec.marks.retain(|x| x != m),
                ConvChange::CustomData(d) => rec.custom_data = d.clone(),
                ConvChange::Remind(r) => rec.remind = r.clone(),
            }
            if !rec.hidden {
                visible.push(id.clone());
            }
        }
        // Conversations the user does not see (a remind type set ahead) are not handed out.
        self.push_convs(user, session, &visible, out);
        Ok(visible
            .iter()
            .filter_map(|id| self.snapshot(user, id))
            .collect())
    }

    pub(super) fn set_read(
        &mut self,
        user: &str,
        session: SessionId,
        conv_id: &str,
        now: u64,
        out: &mut Outcome,
    ) -> Response {
        let changed = self
            .users
            .get_mut(user)
            .and_then(|s| s.convs.get_mut(conv_id))
            .is_some_and(ConvRecord::read);
        if changed {
            self.push_conv(user, session, conv_id, out);
            self.tell_peer_read(user, conv_id, now, out);
        }
        Response::Done
    }

    /// A C2C read receipt: the peer's conversation with `user` learns that everything that
    /// arrived so far was read at `now`, and the peer's sessions are told.
    fn tell_peer_read(&mut self, user: &str, conv_id: &str, now: u64, out: &mut Outcome) {
        if ConvType::of(conv_id) != ConvType::C2c {
            return;
        }
        let peer = crate::core::conversation::target_of(conv_id).to_string();
        let theirs = c2c_id(user);
        let read_to = self.counter;
        let Some(rec) = self
            .users
            .get_mut(&peer)
            .and_then(|s| s.convs.get_mut(&theirs))
        else {
            return;
        };
        rec.peer_read_time = now;
        rec.peer_read_no = read_to;
        if let Some(snap) = out
            .wants(&peer)
            .then(|| self.snapshot(&peer, &theirs))
            .flatten()
        {
            out.push(&peer, None, PushBody::ConvUpdated(snap));
        }
    }

    pub(super) fn set_all_read(
        &mut self,
        user: &str,
        session: SessionId,
        c2c: bool,
        group: bool,
        now: u64,
        out: &mut Outcome,
    ) -> Response {
        let mut changed = Vec::new();
        let mut created = Vec::new();
        if let Some(state) = self.users.get_mut(user) {
            for (id, rec) in state.convs.iter_mut() {
                let kind = ConvType::of(id);
                if ((c2c && kind == ConvType::C2c) || (group && kind == ConvType::Group))
                    && rec.read()
                {
                    changed.push(id.clone());
                    created.push([rec.created, 0, 0]);
                }
            }
        }
        // In the order the conversations appeared: the same wherever the records were kept (the
        // list's own ordering, rather than another sort in the wasm).
        let changed: Vec<String> = crate::core::conv_store::stable_order(created)
            .into_iter()
            .map(|i| changed[i].clone())
            .collect();
        for id in &changed {
            self.push_conv(user, session, id, out);
            self.tell_peer_read(user, id, now, out);
        }
        Response::Done
    }

    /// Deletes conversations from the user's list; their group memberships stay with the user.
    pub(super) fn delete_conversations(
        &mut self,
        user: &str,
        session: SessionId,
        ids: &[String],
        clear_history: bool,
        out: &mut Outcome,
    ) -> Response {
        let mut deleted = Vec::new();
        for id in ids {
            let last_seq = self.last_seq(user, id);
            if let Some(rec) = self.users.get_mut(user).and_then(|s| s.convs.get_mut(id)) {
                if rec.hidden {
                    continue;
                }
                rec.hidden = true;
                rec.unread = 0;
                // A deleted conversation that comes back with a message comes back unpinned (it
                // would otherwise pass the 50 pins others were let take meanwhile).
                rec.pinned = false;
                if clear_history {
                    rec.cleared_to = last_seq;
                    #[cfg(feature = "full")]
                    rec.deleted.clear();
                }
                deleted.push(id.clone());
            }
        }
        if !deleted.is_empty() {
            out.push(user, Some(session), PushBody::ConvDeleted(deleted.clone()));
        }
        Response::Deleted(deleted)
    }
}

/// 80002 when a message's content and `cloudCustomData` together pass 12 KB (Tencent's rule).
fn check_size(payload: &Payload, cloud_custom_data: &str) -> Result<(), Error> {
    if payload.content_len() + cloud_custom_data.len() > crate::core::message::MAX_CONTENT_BYTES {
        return Err(Error::raw(
            ERR_BODY_SIZE_LIMIT,
            "the message is over 12 KB, the most a message may have",
        ));
    }
    Ok(())
}
