//! The public methods as one pure dispatcher: arguments (core `Value`s, already validated by
//! the rule table) in, an [`Output`] describing the JS result out. The facade only converts;
//! native tests and fuzzers drive every method through here.

use super::step::Step;
use super::{Client, Reply};
use crate::cloud::{CloudLink, ConvChange};
use crate::core::conversation::{c2c_id, group_id};
use crate::core::error::{Code, Error};
use crate::core::json::{Json, ToJson};
use crate::core::message::Payload;
use crate::core::profile::ProfileChange;
use crate::core::validate::delete_conversation_args;
use crate::core::value::Value;

/// What a method gives back to JavaScript.
#[derive(Debug, PartialEq)]
pub enum Output {
    /// Resolves `{code: 0, data}`, `data` built by the JS entry's `hydrate(kind, json)`.
    Data(&'static str, String),
    /// Resolves the bare value `undefined` (deleteConversationGroup, renameConversationGroup).
    Undefined,
    /// Resolves `{code: 0, data: {conversationList, isSyncCompleted}}` with the objects of these
    /// conversations, by their handles in the store (no ID copied or looked up again).
    List(Vec<u32>),
    /// The same with the whole visible list (no filter).
    Visible,
    /// Resolves `{code: 0, data: {conversation}}` (the cached object when it is in the list);
    /// `{code: 0, data: {code: 0, conversation}}` when the flag is set (setConversationDraft).
    Conversation(String, String, bool),
    /// Returns synchronously: a number.
    Number(f64),
    /// Returns synchronously: a new message (`create*Message`), kept by the facade until sent.
    Draft(String, String),
    /// Resolves `{code: 0, data: {message}}` after updating the created message object.
    Sent(String, String),
    /// Resolves `{code: 0, data: {messageList}}`: the caller's message objects with these IDs,
    /// marked `isDeleted`.
    #[cfg(feature = "full")]
    Deleted(Vec<String>),
    /// Resolves `{code: 0, data: {conversationList, nextSeq, isFinished}}` with these IDs'
    /// objects (getConversationListByFilter).
    #[cfg(feature = "full")]
    Page(Vec<String>, f64, bool),
    /// Resolves `{code: 0, data: {messageList}}`: the caller's message objects, their
    /// `readReceiptInfo` given these fields (`{messageID: {field: value}}`).
    #[cfg(feature = "full")]
    Receipts(String),
}

/// A count argument: a whole number up to `max`; absent, not finite or below 1 gives `max`.
#[cfg(feature = "full")]
pub(super) fn count_of(v: &Value, max: usize) -> usize {
    v.as_number()
        .filter(|n| n.is_finite() && *n >= 1.0)
        .map_or(max, |n| (n as usize).min(max))
}

pub(super) fn text(v: &Value, key: &str) -> String {
    v.get(key).as_str().unwrap_or_default().to_string()
}

fn opt(v: &Value, key: &str) -> Option<String> {
    v.get(key).as_str().map(str::to_string)
}

pub(crate) fn list(v: &Value) -> Vec<String> {
    v.strings()
}

/// `[{key, value}]` (custom fields) as pairs; items without a string key and value are skipped.
#[cfg(feature = "full")]
pub(super) fn key_values(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap_or_default()
        .iter()
        .filter_map(|f| {
            Some((
                f.get("key").as_str()?.to_string(),
                f.get("value").as_str()?.to_string(),
            ))
        })
        .collect()
}

fn data(kind: &'static str, json: String) -> Output {
    Output::Data(kind, json)
}

/// `{"key": <json>}` around an already-written value.
fn wrap(key: &str, json: &str) -> String {
    let mut j = Json::new();
    j.open().key(key).raw(json).close();
    j.finish()
}

/// Methods that answer from the client's own state, without asking the cloud.
const LOCAL: [&str; 8] = [
    "getConversationList",
    "getTotalUnreadMessageCount",
    "setConversationDraft",
    "getConversationGroupList",
    "createTextMessage",
    "createTextAtMessage",
    "createCustomMessage",
    "createForwardMessage",
];

/// Methods that ask the cloud: the facade runs them in a storage transaction, after the
/// changes other tabs committed.
pub const CLOUD: [&str; 30] = [
    "getConversationProfile",
    "deleteConversation",
    "setMessageRead",
    "setAllMessageRead",
    "pinConversation",
    "markConversation",
    "setConversationCustomData",
    "setMessageRemindType",
    "clearHistoryMessage",
    "createConversationGroup",
    "deleteConversationGroup",
    "renameConversationGroup",
    "addConversationsToGroup",
    "deleteConversationsFromGroup",
    "sendMessage",
    "getMessageList",
    "createGroup",
    "joinGroup",
    "quitGroup",
    "dismissGroup",
    "getGroupList",
    "getGroupProfile",
    "getMyProfile",
    "getUserProfile",
    "updateMyProfile",
    "getFriendList",
    "getFriendGroupList",
    "getBlacklist",
    "getFriendApplicationList",
    "modifyMessage",
];

/// The full build's methods (feature `full`, `tim-wasm/full`) that ask the cloud.
pub const FULL_CLOUD: [&str; 54] = [
    "getGroupMemberList",
    "sendMessageReadReceipt",
    "getMessageReadReceiptList",
    "getGroupMessageReadMemberList",
    "getGroupOnlineMemberCount",
    "getGroupMemberProfile",
    "addToBlacklist",
    "removeFromBlacklist",
    "getFriendProfile",
    "addFriend",
    "deleteFriend",
    "checkFriend",
    "updateFriend",
    "acceptFriendApplication",
    "refuseFriendApplication",
    "deleteFriendApplication",
    "setFriendApplicationRead",
    "createFriendGroup",
    "deleteFriendGroup",
    "addToFriendGroup",
    "removeFromFriendGroup",
    "renameFriendGroup",
    "initGroupAttributes",
    "setGroupAttributes",
    "deleteGroupAttributes",
    "getGroupAttributes",
    "setGroupCounters",
    "increaseGroupCounter",
    "decreaseGroupCounter",
    "getGroupCounters",
    "setGroupMemberRole",
    "setGroupMemberMuteTime",
    "setGroupMemberNameCard",
    "setGroupMemberCustomField",
    "changeGroupOwner",
    "searchGroupByID",
    "updateGroupProfile",
    "addGroupMember",
    "deleteGroupMember",
    "getGroupApplicationList",
    "handleGroupApplication",
    "revokeMessage",
    "deleteMessage",
    "resendMessage",
    "addMessageReaction",
    "removeMessageReaction",
    "getMessageReactions",
    "getAllUserListOfMessageReaction",
    "getMessageListHopping",
    "setConversationGroupOrder",
    "markConversationGroupAsRead",
    "setMessageExtensions",
    "getMessageExtensions",
    "deleteMessageExtensions",
];

/// Whether `name` asks the cloud (in the full build, its methods too).
pub fn is_cloud(name: &str) -> bool {
    CLOUD.contains(&name) || (cfg!(feature = "full") && FULL_CLOUD.contains(&name))
}

/// Whether [`Client::call`] runs `name` from the client's own state, without the cloud.
pub fn is_local(name: &str) -> bool {
    LOCAL.contains(&name) || (cfg!(feature = "full") && is_full_local(name))
}

#[cfg(feature = "full")]
fn is_full_local(name: &str) -> bool {
    name == "createFaceMessage"
        || name == "createLocationMessage"
        || MEDIA_CREATE.contains(&name)
        || name == "createMergerMessage"
        || name == "downloadMergerMessage"
        || super::by_filter::METHODS.contains(&name)
}

/// The create methods of [`crate::core::message::MEDIA`]'s kinds, in its order. The page's
/// facade (js/media.js) reads the file and passes its payload object in the original's shape.
#[cfg(feature = "full")]
const MEDIA_CREATE: [&str; 4] = [
    "createImageMessage",
    "createFileMessage",
    "createAudioMessage",
    "createVideoMessage",
];

#[cfg(not(feature = "full"))]
fn is_full_local(_: &str) -> bool {
    false
}

impl Client {
    /// Runs public method `name` against a cloud in this process; `None` when it is not one of
    /// these (the facade's lifecycle methods, or a method not built yet). An `Err` with code
    /// 6017 is an invalid argument and is thrown synchronously; any other `Err` rejects.
    pub fn call(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        name: &str,
        args: &[Value],
    ) -> Option<Reply<Output>> {
        let step = self.begin(now, name, args)?;
        Some(self.drive(link, now, step))
    }

    /// Starts public method `name` (sans-I/O): its result, or the request it needs from the
    /// cloud and how to finish with the answer. `None` when it is not one of these.
    pub fn begin(&mut self, now: u64, name: &str, args: &[Value]) -> Option<Step<Output>> {
        let a0 = args.first().unwrap_or(&crate::core::value::UNDEFINED);
        let done = |r: Reply<Output>| Some(Step::Done(r));
        match name {
            "getConversationList" => {
                if matches!(a0, Value::Undefined) {
                    return done(Ok((Output::Visible, Vec::new())));
                }
                let handles = self.store.list(a0).iter().map(|e| e.handle).collect();
                done(Ok((Output::List(handles), Vec::new())))
            }
            "getTotalUnreadMessageCount" => done(Ok((
                Output::Number(self.store.total_unread() as f64),
                Vec::new(),
            ))),
            "getConversationProfile" => {
                let id = a0.as_str().unwrap_or_default().to_string();
                Some(
                    self.get_conversation_profile_step(&id)
                        .map(move |c| Output::Conversation(id, c.to_json(), false)),
                )
            }
            "deleteConversation" => match delete_conversation_args(args) {
                Err(e) => done(Err(e)),
                Ok((ids, clear, string_form)) => Some(
                    self.delete_conversations_step(&ids, clear)
                        .map(move |deleted| {
                            let json = if string_form {
                                wrap(
                                    "conversationID",
                                    &deleted.first().cloned().unwrap_or_default().to_json(),
                                )
                            } else {
                                wrap("conversationIDList", &deleted.to_json())
                            };
                            data("json", json)
                        }),
                ),
            },
            "setMessageRead" => Some(
                self.set_message_read_step(&text(a0, "conversationID"))
                    .map(|_| data("json", "{}".into())),
            ),
            "setAllMessageRead" => Some(
                self.set_all_message_read_step(&text(a0, "scope"))
                    .map(|_| data("json", "{}".into())),
            ),
            "setConversationDraft" => {
                let id = text(a0, "conversationID");
                done(
                    self.set_draft(&id, &text(a0, "draftText"))
                        .map(|(c, ev)| (Output::Conversation(id, c.to_json(), true), ev)),
                )
            }
            "pinConversation" => {
                let id = text(a0, "conversationID");
                let pinned = a0.get("isPinned").as_bool().unwrap_or(false);
                Some(
                    self.pin_conversation_step(&id, pinned)
                        .map(move |_| data("json", wrap("conversationID", &id.to_json()))),
                )
            }
            "markConversation" | "setConversationCustomData" => {
                let change = if name == "markConversation" {
                    ConvChange::Mark(
                        a0.get("markType").as_number().unwrap_or(0.0) as u64,
                        a0.get("enableMark").as_bool().unwrap_or(false),
                    )
                } else {
                    ConvChange::CustomData(text(a0, "customData"))
                };
                Some(
                    self.update_conversations_step(&list(a0.get("conversationIDList")), change)
                        .map(|r| data("json", r.to_json())),
                )
            }
            "setMessageRemindType" => {
                let remind = text(a0, "messageRemindType");
                let group = text(a0, "groupID");
                // As the original: the first 30 users only, the rest ignored.
                let users: Vec<String> = list(a0.get("userIDList")).into_iter().take(30).collect();
                let ids = if group.is_empty() {
                    users.iter().map(|u| c2c_id(u)).collect()
                } else {
                    vec![group_id(&group)]
                };
                Some(
                    Self::set_remind_type_step(ids, &remind).map(move |profile| {
                        if !group.is_empty() {
                            // `{group}`: the group as it is now (absent when it is not one of the user's).
                            return match profile {
                                Some(g) => data("groupResult", wrap("group", &g.to_json())),
                                None => data("json", "{}".into()),
                            };
                        }
                        let json = {
                            let mut j = Json::new();
                            // As the original: `[{userID}]` (failures would be `[{userID, code}]`).
                            j.open().key("successUserIDList").open_array();
                            for u in &users {
                                j.open().key("userID").str(u).close();
                            }
                            j.close_array()
                                .key("failureUserIDList")
                                .open_array()
                                .close_array()
                                .close();
                            j.finish()
                        };
                        data("json", json)
                    }),
                )
            }
            "clearHistoryMessage" => {
                let id = a0.as_str().unwrap_or_default().to_string();
                Some(
                    self.clear_history_step(&id)
                        .map(move |_| data("json", wrap("conversationID", &id.to_json()))),
                )
            }
            "getConversationGroupList" => done(Ok((
                data("json", self.get_conversation_group_list().to_json()),
                Vec::new(),
            ))),
            "createConversationGroup" => {
                let ids = list(a0.get("conversationIDList"));
                Some(
                    self.create_conversation_group_step(&text(a0, "groupName"), &ids)
                        .map(|r| data("json", r.to_json())),
                )
            }
            "deleteConversationGroup" => {
                let name = a0.as_str().unwrap_or_default().to_string();
                Some(
                    self.delete_conversation_group_step(&name)
                        .map(|_| Output::Undefined),
                )
            }
            "renameConversationGroup" => Some(
                self.rename_conversation_group_step(&text(a0, "oldName"), &text(a0, "newName"))
                    .map(|_| Output::Undefined),
            ),
            "addConversationsToGroup" | "deleteConversationsFromGroup" => {
                let ids = list(a0.get("conversationIDList"));
                let add = name == "addConversationsToGroup";
                Some(
                    self.update_conversation_group_step(&text(a0, "groupName"), &ids, add)
                        .map(|r| data("json", r.to_json())),
                )
            }
            #[cfg(feature = "full")]
            _ if super::by_filter::METHODS.contains(&name) => done(self.by_filter(name, a0)),
            #[cfg(feature = "full")]
            "setConversationGroupOrder" => Some(
                self.set_group_order_step(list(a0))
                    .map(|names| data("json", wrap("groupNameList", &names.to_json()))),
            ),
            #[cfg(feature = "full")]
            "markConversationGroupAsRead" => Some(
                self.read_group_step(a0.as_str().unwrap_or_default())
                    .map(|_| data("json", "{}".into())),
            ),
            // downloadMergerMessage(message): a merger's list is kept inline (no `downloadKey`),
            // so there is nothing to download: the original's 2451 for such a message, 2450 for
            // one that is not a merger.
            #[cfg(feature = "full")]
            "downloadMergerMessage" => {
                done(Err(
                    if text(a0, "type") != crate::core::message::MSG_MERGER {
                        Error::raw(2450, "the message is not a merger (TIMRelayElem)")
                    } else {
                        Error::raw(2451, "the merger's messages are in its payload.messageList: nothing to download")
                    },
                ))
            }
            #[cfg(feature = "full")]
            _ if matches!(
                name,
                "createFaceMessage" | "createLocationMessage" | "createMergerMessage"
            ) || MEDIA_CREATE.contains(&name) =>
            {
                let (kind, to) = (text(a0, "conversationType"), text(a0, "to"));
                let p = a0.get("payload");
                let payload = match (name, MEDIA_CREATE.iter().position(|m| *m == name)) {
                    (_, Some(k)) => Payload::media(k as u8, p),
                    ("createFaceMessage", _) => Payload::face(p),
                    ("createLocationMessage", _) => Payload::location(p),
                    _ => Payload::merger(p),
                };
                let m = self.create_message(&kind, &to, payload, text(a0, "cloudCustomData"), now);
                let m = self.with_flags(m, a0);
                done(Ok((Output::Draft(m.id.clone(), m.to_json()), Vec::new())))
            }
            "createTextMessage"
            | "createTextAtMessage"
            | "createCustomMessage"
            | "createForwardMessage" => {
                let p = a0.get("payload");
                let mut custom_data = text(a0, "cloudCustomData");
                let payload = match name {
                    "createTextMessage" => Payload::text(p, None),
                    "createTextAtMessage" => Payload::text(p, Some(p.get("atUserList"))),
                    "createForwardMessage" => {
                        // `payload` is a message: its element goes again, with its custom data
                        // unless other is given. A group tip, or a kind not carried, is 2453
                        // (MSG_FORWARD_TYPE_INVALID); not a message, 2454.
                        if p.get("_elements").as_array().is_none() {
                            return done(Err(Error::raw(2454, "payload must be a message")));
                        }
                        if custom_data.is_empty() {
                            custom_data = text(p, "cloudCustomData");
                        }
                        match Payload::of(&text(p, "type"), p.get("payload"), None) {
                            Some(x) => x,
                            None => {
                                return done(Err(Error::raw(
                                    2453,
                                    "only text and custom messages are forwarded",
                                )))
                            }
                        }
                    }
                    _ => Payload::custom(p),
                };
                let kind = text(a0, "conversationType");
                let m = self.create_message(&kind, &text(a0, "to"), payload, custom_data, now);
                #[cfg(feature = "full")]
                let m = self.with_flags(m, a0);
                done(Ok((Output::Draft(m.id.clone(), m.to_json()), Vec::new())))
            }
            "sendMessage" => {
                let id = text(a0, "ID");
                let online = args
                    .get(1)
                    .is_some_and(|o| o.get("onlineUserOnly").as_bool() == Some(true));
                #[cfg(feature = "full")]
                self.stored_file(&id, args.get(2));
                Some(
                    self.send_message_step(&id, online)
                        .map(move |m| Output::Sent(id, m.to_json())),
                )
            }
            // resendMessage(message, options?): a message whose send failed, sent again (the
            // cloud keeps one copy of a message whose first send did arrive); the object is
            // marked `isResend`.
            #[cfg(feature = "full")]
            "resendMessage" => {
                let id = text(a0, "ID");
                self.stored_file(&id, args.get(2));
                let online = args
                    .get(1)
                    .is_some_and(|o| o.get("onlineUserOnly").as_bool() == Some(true));
                Some(self.send_message_step(&id, online).map(move |m| {
                    let json = m.to_json();
                    let open = json.strip_suffix('}').unwrap_or(&json);
                    Output::Sent(id, format!("{open},\"isResend\":true}}"))
                }))
            }
            // The full build updates the caller's object (its version too: a later change from it
            // is no conflict), as the original updates its cached message.
            #[cfg(feature = "full")]
            "modifyMessage" => {
                let id = text(a0, "ID");
                Some(Self::modify_message_step(a0).map(move |m| Output::Sent(id, m.to_json())))
            }
            #[cfg(not(feature = "full"))]
            "modifyMessage" => Some(
                Self::modify_message_step(a0)
                    .map(|m| data("messageResult", wrap("message", &m.to_json()))),
            ),
            "getMessageList" => {
                let next = opt(a0, "nextReqMessageID").filter(|s| !s.is_empty());
                let count = a0
                    .get("count")
                    .as_number()
                    .filter(|n| n.is_finite())
                    .map_or(15, |n| n.clamp(1.0, 15.0) as usize);
                Some(
                    Self::get_message_list_step(&text(a0, "conversationID"), next, count).map(
                        |p| {
                            let mut j = Json::new();
                            j.open()
                                .key("nextReqMessageID")
                                .str(&p.next_req_message_id)
                                .key("messageList");
                            p.messages.write(&mut j);
                            j.key("isCompleted").bool(p.is_completed).close();
                            data("messageList", j.finish())
                        },
                    ),
                )
            }
            "createGroup" | "joinGroup" | "quitGroup" | "dismissGroup" | "getGroupList"
            | "getGroupProfile" | "getMyProfile" | "getUserProfile" | "updateMyProfile" => {
                Some(self.groups_and_profiles(name, a0))
            }
            "getFriendList"
            | "getFriendGroupList"
            | "getBlacklist"
            | "getFriendApplicationList" => Some(Self::relation_list_step(name)),
            #[cfg(feature = "full")]
            "addToBlacklist" | "removeFromBlacklist" => {
                Some(self.blacklist_step(name == "addToBlacklist", a0))
            }
            // getGroupOnlineMemberCount(groupID) → `{memberCount}`: 0 before login, as for a group
            // the user is not in (the original's answer for a group it does not hold).
            #[cfg(feature = "full")]
            "getGroupOnlineMemberCount" => Some(if self.user().is_empty() {
                Step::Done(Ok((
                    Output::Data("json", "{\"memberCount\":0}".into()),
                    Vec::new(),
                )))
            } else {
                Step::ask(
                    crate::cloud::Request::OnlineCount {
                        group_id: a0.as_str().unwrap_or_default().to_string(),
                    },
                    |_, res| match res? {
                        crate::cloud::Response::Count(n) => Ok((
                            Output::Data("json", format!("{{\"memberCount\":{n}}}")),
                            Vec::new(),
                        )),
                        _ => Err(Error::of(Code::UncaughtError)),
                    },
                )
            }),
            #[cfg(feature = "full")]
            "sendMessageReadReceipt"
            | "getMessageReadReceiptList"
            | "getGroupMessageReadMemberList" => Some(self.receipt_step(name, a0)),
            #[cfg(feature = "full")]
            "getGroupMemberList" | "getGroupMemberProfile" => {
                Some(self.group_members_step(a0, name == "getGroupMemberProfile"))
            }
            #[cfg(feature = "full")]
            _ if name.starts_with("setGroupMember")
                || name == "changeGroupOwner"
                || name == "updateGroupProfile"
                || name.ends_with("GroupMember") =>
            {
                Some(self.member_change_step(name, a0))
            }
            // searchGroupByID(groupID): any group but a Work group, which cannot be searched.
            #[cfg(feature = "full")]
            "searchGroupByID" => Some(
                Self::get_group_profile_step(a0.as_str().unwrap_or_default()).try_map(|g| {
                    if g.kind == "Private" {
                        return Err(Error::raw(
                            crate::cloud::members::code::NO_PERMISSION,
                            "a Work group cannot be searched",
                        ));
                    }
                    Ok(data("groupResult", wrap("group", &g.to_json())))
                }),
            ),
            #[cfg(feature = "full")]
            // Named in full: `str::contains` would bring in the substring searcher (3 KB).
            "initGroupAttributes"
            | "setGroupAttributes"
            | "deleteGroupAttributes"
            | "getGroupAttributes"
            | "setGroupCounters"
            | "increaseGroupCounter"
            | "decreaseGroupCounter"
            | "getGroupCounters" => Some(self.group_keys_step(name, a0)),
            #[cfg(feature = "full")]
            "revokeMessage" => Some(self.revoke_step(a0)),
            #[cfg(feature = "full")]
            "deleteMessage" => Some(self.delete_step(a0)),
            #[cfg(feature = "full")]
            "addMessageReaction"
            | "removeMessageReaction"
            | "getMessageReactions"
            | "getAllUserListOfMessageReaction" => Some(self.reaction_step(name, args)),
            #[cfg(feature = "full")]
            "setMessageExtensions" | "getMessageExtensions" | "deleteMessageExtensions" => {
                Some(self.extension_step(name, args))
            }
            #[cfg(feature = "full")]
            "getMessageListHopping" => Some(self.hop_step(a0)),
            #[cfg(feature = "full")]
            "getGroupApplicationList" | "handleGroupApplication" => {
                Some(self.group_app_step(name, a0))
            }
            #[cfg(feature = "full")]
            _ if FULL_CLOUD.contains(&name) => self.friend_step(name, a0),
            _ => None,
        }
    }

    fn groups_and_profiles(&mut self, name: &str, a0: &Value) -> Step<Output> {
        let me = self.user();
        if me.is_empty() {
            return Step::Done(Err(Error::of(Code::UserNotLoggedIn)));
        }
        match name {
            "createGroup" => {
                #[cfg(feature = "full")]
                let step = Self::create_group_full_step(a0);
                #[cfg(not(feature = "full"))]
                let step = Self::create_group_step(
                    opt(a0, "groupID"),
                    &text(a0, "name"),
                    &text(a0, "type"),
                    a0.get("memberList")
                        .as_array()
                        .unwrap_or_default()
                        .iter()
                        .map(|m| text(m, "userID"))
                        .collect(),
                );
                step.map(|g| {
                    let mut j = Json::new();
                    j.open()
                        .key("group")
                        .raw(&g.to_json())
                        .key("overLimitUserIDList")
                        .open_array()
                        .close_array()
                        .close();
                    data("groupResult", j.finish())
                })
            }
            // Already a member: nothing changed, no events, `{status: 'AlreadyInGroup'}` (no group);
            // an application kept: `{status: 'WaitAdminApproval'}`.
            "joinGroup" => Self::join_group_step(&text(a0, "groupID"), &text(a0, "applyMessage"))
                .map_reply(|r| {
                    r.map(|(g, ev)| {
                        let mut j = Json::new();
                        let Some(g) = g else {
                            j.open().key("status").str("WaitAdminApproval").close();
                            return (data("groupResult", j.finish()), ev);
                        };
                        if ev.is_empty() {
                            j.open().key("status").str("AlreadyInGroup").close();
                        } else {
                            j.open()
                                .key("status")
                                .str("JoinedSuccess")
                                .key("group")
                                .raw(&g.to_json())
                                .close();
                        }
                        (data("groupResult", j.finish()), ev)
                    })
                }),
            "quitGroup" | "dismissGroup" => {
                let id = a0.as_str().unwrap_or_default().to_string();
                let step = if name == "quitGroup" {
                    Self::quit_group_step(&id)
                } else {
                    Self::dismiss_group_step(&id)
                };
                step.map(move |_| data("json", wrap("groupID", &id.to_json())))
            }
            "getGroupList" => Self::get_group_list_step()
                .map(|g| data("groupList", wrap("groupList", &g.to_json()))),
            "getGroupProfile" => Self::get_group_profile_step(&text(a0, "groupID"))
                .map(|g| data("groupResult", wrap("group", &g.to_json()))),
            "getMyProfile" => Self::get_profiles_step(vec![me]).map(|p| {
                data(
                    "profile",
                    p.first().map(ToJson::to_json).unwrap_or_default(),
                )
            }),
            "getUserProfile" => Self::get_profiles_step(list(a0.get("userIDList")))
                .map(|p| data("profiles", p.to_json())),
            _ => match ProfileChange::parse(a0) {
                Err(e) => Step::Done(Err(e)),
                Ok(change) => {
                    Self::update_my_profile_step(change).map(|p| data("profile", p.to_json()))
                }
            },
        }
    }
}
