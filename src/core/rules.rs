//! The parameter rules of the original's validator (spec §5.3), as data.

use super::value::Value;

/// The expected `Object.prototype.toString` tag of a parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ty {
    String,
    Number,
    Boolean,
    Array,
    Object,
    Function,
}

impl Ty {
    pub fn tag(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
            Ty::Array => "array",
            Ty::Object => "object",
            Ty::Function => "function",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Ty::String => "String",
            Ty::Number => "Number",
            Ty::Boolean => "Boolean",
            Ty::Array => "Array",
            Ty::Object => "Object",
            Ty::Function => "Function",
        }
    }
}

/// A custom check and the rule it enforces, in words (for the error message).
#[derive(Clone, Copy)]
pub struct Check {
    pub test: fn(&Value) -> bool,
    pub rule: &'static str,
}

/// One parameter: a field of the options object, or a positional argument.
#[derive(Clone, Copy)]
pub struct Spec {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub check: Option<Check>,
}

/// A method's rule: fields of one options object, or positional arguments.
#[derive(Clone, Copy)]
pub enum Rule {
    Object(&'static [Spec]),
    Positional(&'static [Spec]),
}

const fn req(name: &'static str, ty: Ty) -> Spec {
    Spec {
        name,
        ty,
        required: true,
        check: None,
    }
}

const fn req_with(name: &'static str, ty: Ty, check: Check) -> Spec {
    Spec {
        name,
        ty,
        required: true,
        check: Some(check),
    }
}

const fn opt(name: &'static str, ty: Ty) -> Spec {
    Spec {
        name,
        ty,
        required: false,
        check: None,
    }
}

const fn opt_with(name: &'static str, ty: Ty, check: Check) -> Spec {
    Spec {
        name,
        ty,
        required: false,
        check: Some(check),
    }
}

/// The conversation-ID check of spec §5.2.
pub fn is_conversation_id(id: &str) -> bool {
    id.starts_with("C2C") || id.starts_with("GROUP") || id == "@TIM#SYSTEM"
}

fn conv_id(v: &Value) -> bool {
    v.as_str().is_some_and(is_conversation_id)
}

fn non_empty_string(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.is_empty())
}

fn is_function(v: &Value) -> bool {
    matches!(v, Value::Function { .. })
}

/// Whether `v` is a string of `prefix` and at most 8 characters after it (Tencent's keys).
#[cfg(feature = "full")]
fn tagged(v: &Value, prefix: &str) -> bool {
    v.as_str()
        .and_then(|s| s.strip_prefix(prefix))
        .is_some_and(|k| Value::js_len(k) <= 8)
}

/// A filter of the additions (getConversationList's object form): an object whose `markType`,
/// when a number, is a whole one (the count events report it back).
#[cfg(feature = "full")]
fn filter(v: &Value) -> bool {
    let whole = |n: f64| n.is_nan() || (n >= 0.0 && n.fract() == 0.0 && n <= 9007199254740991.0);
    matches!(v, Value::Object(_)) && v.get("markType").as_number().is_none_or(whole)
}
#[cfg(feature = "full")]
const FILTER_RULE: &str =
    "must be an object (getConversationList's filter) whose markType, if a number, is a whole one";
#[cfg(feature = "full")]
const FILTER: Check = Check {
    test: filter,
    rule: FILTER_RULE,
};
#[cfg(feature = "full")]
const FILTER_OPT: Check = Check {
    test: |v| matches!(v, Value::Undefined) || filter(v),
    rule: FILTER_RULE,
};
/// setConversationGroupOrder's list: group names, none twice.
#[cfg(feature = "full")]
const DISTINCT_NAMES: Check = Check {
    test: |v| {
        v.as_array().is_some_and(|a| {
            a.iter()
                .enumerate()
                .all(|(i, n)| n.as_str().is_some() && !a.iter().take(i).any(|m| m == n))
        })
    },
    rule: "must be an array of conversation group names, none repeated",
};
#[cfg(feature = "full")]
const NEXT_SEQ: Check = Check {
    test: |v| v.as_number().is_none_or(|n| n >= 0.0 && n.fract() == 0.0),
    rule: "must be 0 or the nextSeq of the previous page",
};

/// deleteMessage's `messageList`: not empty.
#[cfg(feature = "full")]
const NON_EMPTY_LIST: Check = Check {
    test: |v| v.as_array().is_some_and(|a| !a.is_empty()),
    rule: "must not be empty",
};

/// revokeMessage's `message`: not a system notice, not revoked already.
#[cfg(feature = "full")]
const REVOCABLE: Check = Check {
    test: |m| {
        m.get("conversationType").as_str() != Some("@TIM#SYSTEM")
            && m.get("isRevoked").as_bool() != Some(true)
    },
    rule: "must be a one-to-one or group message not revoked yet",
};

/// getMessageListHopping's `direction`: 0 (older) or 1 (newer).
#[cfg(feature = "full")]
const DIRECTION: Check = Check {
    test: |v| v.as_number().is_none_or(|n| n == 0.0 || n == 1.0),
    rule: "must be 0 or 1",
};

/// The reaction methods' `message`: sent (status `success`), as the original requires.
#[cfg(feature = "full")]
const SENT: Check = Check {
    test: |m| m.get("status").as_str() == Some("success"),
    rule: "must be a message sent successfully",
};

/// The extension methods' `message`: sent, and created with `isSupportExtension: true`, as the
/// original requires.
#[cfg(feature = "full")]
const EXTENSIBLE: Check = Check {
    test: |m| {
        m.get("status").as_str() == Some("success")
            && m.get("isSupportExtension").as_bool() == Some(true)
    },
    rule: "must be a message sent successfully, created with isSupportExtension: true",
};

/// addFriend's `source`: `AddSource_Type_` and at most 8 characters after it.
#[cfg(feature = "full")]
const ADD_SOURCE: Check = Check {
    test: |v| tagged(v, "AddSource_Type_"),
    rule: "must start with \"AddSource_Type_\" and have at most 8 characters after it",
};

/// updateFriend's `friendCustomField`: `{key, value}` items, keys `Tag_SNS_Custom_` and at most
/// 8 characters after it, string values.
#[cfg(feature = "full")]
const FRIEND_CUSTOM: Check = Check {
    test: |v| {
        v.as_array().is_none_or(|items| {
            items
                .iter()
                .all(|f| tagged(f.get("key"), "Tag_SNS_Custom_") && f.get("value").as_str().is_some())
        })
    },
    rule: "must be {key, value} items: keys \"Tag_SNS_Custom_\" and at most 8 characters after it, string values",
};

/// A friend's remark: at most 96 characters.
#[cfg(feature = "full")]
const REMARK: Check = Check {
    test: |v| v.as_str().is_none_or(|s| Value::js_len(s) <= 96),
    rule: "must be at most 96 characters",
};

/// Group attributes: an object of string values.
#[cfg(feature = "full")]
const ATTRIBUTES: Check = Check {
    test: |v| match v {
        Value::Object(fields) => fields.iter().all(|(_, x)| x.as_str().is_some()),
        _ => true,
    },
    rule: "must be an object whose values are strings",
};

/// A list of keys, given even when empty (`[]`: all of them): strings.
#[cfg(feature = "full")]
const KEYS: Check = Check {
    test: |v| {
        v.as_array()
            .is_some_and(|items| items.iter().all(|k| k.as_str().is_some()))
    },
    rule: "must be an array of strings",
};

/// setGroupMemberMuteTime's `muteTime`: given, not negative.
#[cfg(feature = "full")]
const MUTE_TIME: Check = Check {
    test: |v| v.as_number().is_some_and(|n| n >= 0.0),
    rule: "must be a number of seconds, 0 or more",
};

/// setGroupMemberNameCard's `nameCard`: given (`""` clears it), at most 50 bytes (Tencent's).
#[cfg(feature = "full")]
const NAME_CARD: Check = Check {
    test: |v| v.as_str().is_some_and(|s| s.len() <= 50),
    rule: "must be a string of at most 50 bytes",
};

/// increaseGroupCounter / decreaseGroupCounter's `value`: not 0.
#[cfg(feature = "full")]
const NOT_ZERO: Check = Check {
    test: |v| v.as_number() != Some(0.0),
    rule: "must not be 0",
};

fn group_name(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| !s.is_empty() && Value::js_len(s) <= 32)
}

fn is_string(v: &Value) -> bool {
    v.as_str().is_some()
}

fn custom_data(v: &Value) -> bool {
    v.as_str().is_some_and(|s| Value::js_len(s) <= 256)
}

fn mark_type(v: &Value) -> bool {
    v.as_number()
        .is_some_and(|n| n > 0.0 && n < 18_446_744_073_709_551_616.0 && n.fract() == 0.0)
}

fn read_all_scope(v: &Value) -> bool {
    match v {
        Value::Undefined | Value::Null | Value::Bool(false) => true,
        Value::Number(n) => *n == 0.0 || n.is_nan(),
        Value::Str(s) => {
            s.is_empty()
                || ["readAllC2CMessage", "readAllGroupMessage", "readAllMessage"]
                    .contains(&s.as_str())
        }
        _ => false,
    }
}

const CONV_ID: Check = Check {
    test: conv_id,
    rule: "must be a conversation ID (C2C…, GROUP… or @TIM#SYSTEM)",
};
const NON_EMPTY: Check = Check {
    test: non_empty_string,
    rule: "must be a non-empty string",
};
const FUNCTION: Check = Check {
    test: is_function,
    rule: "must be a function",
};
const GROUP_NAME: Check = Check {
    test: group_name,
    rule: "must be a non-empty string of at most 32 characters",
};
const STRING: Check = Check {
    test: is_string,
    rule: "must be a string",
};
const CUSTOM_DATA: Check = Check {
    test: custom_data,
    rule: "must be a string of at most 256 characters",
};
const MARK_TYPE: Check = Check {
    test: mark_type,
    rule: "must be an integer greater than 0 and less than 2^64",
};
const SCOPE: Check = Check {
    test: read_all_scope,
    rule: "must be one of readAllC2CMessage, readAllGroupMessage, readAllMessage",
};

fn text_payload(v: &Value) -> bool {
    v.get("text").as_str().is_some_and(|t| !t.is_empty())
}

fn text_at_payload(v: &Value) -> bool {
    let at = v.get("atUserList");
    text_payload(v)
        && (at.is_empty()
            || at
                .as_array()
                .is_some_and(|a| a.iter().all(|x| x.as_str().is_some())))
}

/// Each of `data`, `description`, `extension` is a string when it is set (truthy).
fn custom_payload(v: &Value) -> bool {
    ["data", "description", "extension"].iter().all(|k| {
        let f = v.get(k);
        f.is_empty() || matches!(f, Value::Str(_))
    })
}

/// A positive integer count, as `/^[1-9][0-9]*$/` on its string form.
fn count(v: &Value) -> bool {
    match v {
        Value::Undefined => true,
        Value::Number(n) => n.is_finite() && *n >= 1.0 && n.fract() == 0.0,
        _ => false,
    }
}

fn member_list(v: &Value) -> bool {
    match v {
        Value::Undefined => true,
        Value::Array(items) => items
            .iter()
            .all(|m| m.get("userID").as_str().is_some_and(|s| !s.is_empty())),
        _ => false,
    }
}

const TEXT_PAYLOAD: Check = Check {
    test: text_payload,
    rule: "must be {text: non-empty string}",
};
const TEXT_AT_PAYLOAD: Check = Check {
    test: text_at_payload,
    rule: "must be {text: non-empty string, atUserList?: array of strings}",
};
const CUSTOM_PAYLOAD: Check = Check {
    test: custom_payload,
    rule: "must be {data, description, extension} with string values",
};
/// createFaceMessage's `payload`, as the original's validator.
#[cfg(feature = "full")]
const FACE_PAYLOAD: Check = Check {
    test: |p| p.get("index").as_number().is_some() && p.get("data").as_str().is_some(),
    rule: "must be {index: number, data: string}",
};
/// createLocationMessage's `payload`, as the original's validator.
#[cfg(feature = "full")]
const LOCATION_PAYLOAD: Check = Check {
    test: |p| {
        p.get("description").as_str().is_some()
            && p.get("longitude").as_number().is_some()
            && p.get("latitude").as_number().is_some()
    },
    rule: "must be {description: string, longitude: number, latitude: number}",
};
/// createMergerMessage's `payload`, as the original's validator: a non-empty messageList with
/// no failed message, and a compatibleText.
#[cfg(feature = "full")]
const MERGER_PAYLOAD: Check = Check {
    test: |p| {
        p.get("messageList")
            .as_array()
            .is_some_and(|l| !l.is_empty() && l.iter().all(|m| m.get("status").as_str() != Some("fail")))
            && p.get("compatibleText").as_str().is_some_and(|t| !t.is_empty())
    },
    rule: "must be {messageList: a non-empty array of messages none of which failed, compatibleText: non-empty string, title?, abstractList?}",
};
const COUNT: Check = Check {
    test: count,
    rule: "must be a positive integer",
};
const MEMBER_LIST: Check = Check {
    test: member_list,
    rule: "must be an array of {userID: non-empty string}",
};

const LISTENER: &[Spec] = &[
    opt_with("eventName", Ty::String, NON_EMPTY),
    opt_with("handler", Ty::Function, FUNCTION),
];

/// The rule for a method, or `None` when the original validates nothing (spec §5.1).
pub fn rule_for(api: &str) -> Option<Rule> {
    use Rule::{Object as O, Positional as P};
    Some(match api {
        "login" => O(const { &[req("userID", Ty::String), req("userSig", Ty::String)] }),
        "on" | "off" | "once" => P(LISTENER),
        "getConversationProfile" | "clearHistoryMessage" => {
            P(const { &[req_with("conversationID", Ty::String, CONV_ID)] })
        }
        "setMessageRead" => O(const { &[req_with("conversationID", Ty::String, CONV_ID)] }),
        "setAllMessageRead" => O(const { &[opt_with("scope", Ty::String, SCOPE)] }),
        "pinConversation" => O(const {
            &[
                req_with("conversationID", Ty::String, CONV_ID),
                req("isPinned", Ty::Boolean),
            ]
        }),
        "setConversationDraft" => O(const {
            &[
                req_with("conversationID", Ty::String, CONV_ID),
                opt_with("draftText", Ty::String, STRING),
            ]
        }),
        "setConversationCustomData" => O(const {
            &[
                req("conversationIDList", Ty::Array),
                opt_with("customData", Ty::String, CUSTOM_DATA),
            ]
        }),
        "markConversation" => O(const {
            &[
                req("conversationIDList", Ty::Array),
                opt_with("markType", Ty::Number, MARK_TYPE),
                req("enableMark", Ty::Boolean),
            ]
        }),
        "createConversationGroup" => O(const {
            &[
                req("conversationIDList", Ty::Array),
                req_with("groupName", Ty::String, GROUP_NAME),
            ]
        }),
        "deleteConversationGroup" => P(const { &[req("groupName", Ty::String)] }),
        "renameConversationGroup" => O(const {
            &[
                req("oldName", Ty::String),
                req_with("newName", Ty::String, GROUP_NAME),
            ]
        }),
        "addConversationsToGroup" | "deleteConversationsFromGroup" => O(const {
            &[
                req("conversationIDList", Ty::Array),
                req("groupName", Ty::String),
            ]
        }),
        "createTextMessage" => O(const {
            &[
                req("to", Ty::String),
                req("conversationType", Ty::String),
                req_with("payload", Ty::Object, TEXT_PAYLOAD),
            ]
        }),
        "createTextAtMessage" => O(const {
            &[
                req("to", Ty::String),
                req("conversationType", Ty::String),
                req_with("payload", Ty::Object, TEXT_AT_PAYLOAD),
            ]
        }),
        "createCustomMessage" => O(const {
            &[
                req("to", Ty::String),
                req("conversationType", Ty::String),
                req_with("payload", Ty::Object, CUSTOM_PAYLOAD),
            ]
        }),
        #[cfg(feature = "full")]
        "createFaceMessage" => O(const {
            &[
                req("to", Ty::String),
                req("conversationType", Ty::String),
                req_with("payload", Ty::Object, FACE_PAYLOAD),
            ]
        }),
        // The page's facade (js/media.js) checks the file first and passes the payload it made.
        #[cfg(feature = "full")]
        "createImageMessage" | "createFileMessage" | "createAudioMessage"
        | "createVideoMessage" => O(const {
            &[
                req("to", Ty::String),
                req("conversationType", Ty::String),
                req("payload", Ty::Object),
            ]
        }),
        #[cfg(feature = "full")]
        "createMergerMessage" => O(const {
            &[
                req("to", Ty::String),
                req("conversationType", Ty::String),
                req_with("payload", Ty::Object, MERGER_PAYLOAD),
            ]
        }),
        #[cfg(feature = "full")]
        "downloadMergerMessage" => P(const { &[req("message", Ty::Object)] }),
        #[cfg(feature = "full")]
        "createLocationMessage" => O(const {
            &[
                req("to", Ty::String),
                req("conversationType", Ty::String),
                req_with("payload", Ty::Object, LOCATION_PAYLOAD),
            ]
        }),
        "sendMessage" => P(const { &[req("message", Ty::Object)] }),
        "modifyMessage" => P(const { &[req("message", Ty::Object)] }),
        #[cfg(feature = "full")]
        "deleteMessage" | "sendMessageReadReceipt" | "getMessageReadReceiptList" => {
            P(const { &[req_with("messageList", Ty::Array, NON_EMPTY_LIST)] })
        }
        #[cfg(feature = "full")]
        "revokeMessage" => P(const { &[req_with("message", Ty::Object, REVOCABLE)] }),
        #[cfg(feature = "full")]
        "addMessageReaction" | "removeMessageReaction" => P(const {
            &[
                req_with("message", Ty::Object, SENT),
                req("reactionID", Ty::String),
            ]
        }),
        #[cfg(feature = "full")]
        "getMessageReactions" => O(const { &[req("messageList", Ty::Array)] }),
        #[cfg(feature = "full")]
        "setMessageExtensions" => P(const {
            &[
                req_with("message", Ty::Object, EXTENSIBLE),
                req("extensions", Ty::Array),
            ]
        }),
        #[cfg(feature = "full")]
        "getMessageExtensions" => P(const { &[req_with("message", Ty::Object, EXTENSIBLE)] }),
        #[cfg(feature = "full")]
        "deleteMessageExtensions" => P(const {
            &[
                req_with("message", Ty::Object, EXTENSIBLE),
                opt("keyList", Ty::Array),
            ]
        }),
        #[cfg(feature = "full")]
        "getAllUserListOfMessageReaction" => O(const {
            &[
                req_with("message", Ty::Object, SENT),
                req("reactionID", Ty::String),
                opt("nextSeq", Ty::Number),
                opt("count", Ty::Number),
            ]
        }),
        "getMessageList" => O(const {
            &[
                req_with("conversationID", Ty::String, CONV_ID),
                opt("nextReqMessageID", Ty::String),
                opt_with("count", Ty::Number, COUNT),
            ]
        }),
        #[cfg(feature = "full")]
        "getUnreadMessageCountByFilter"
        | "subscribeUnreadMessageCountByFilter"
        | "unsubscribeUnreadMessageCountByFilter" => {
            P(const { &[opt_with("filter", Ty::Object, FILTER)] })
        }
        #[cfg(feature = "full")]
        "setConversationGroupOrder" => {
            P(const { &[opt_with("groupNameList", Ty::Array, DISTINCT_NAMES)] })
        }
        #[cfg(feature = "full")]
        "markConversationGroupAsRead" => P(const { &[req("groupName", Ty::String)] }),
        #[cfg(feature = "full")]
        "getConversationListByFilter" => O(const {
            &[
                opt_with("filter", Ty::Object, FILTER_OPT),
                opt_with("nextSeq", Ty::Number, NEXT_SEQ),
                opt_with("count", Ty::Number, COUNT),
            ]
        }),
        #[cfg(feature = "full")]
        "getMessageListHopping" => O(const {
            &[
                req_with("conversationID", Ty::String, CONV_ID),
                opt("sequence", Ty::Number),
                opt("time", Ty::Number),
                opt_with("direction", Ty::Number, DIRECTION),
                opt_with("count", Ty::Number, COUNT),
            ]
        }),
        "createGroup" => O(const {
            &[
                req("name", Ty::String),
                opt_with("memberList", Ty::Array, MEMBER_LIST),
            ]
        }),
        "joinGroup" => O(const {
            &[
                req("groupID", Ty::String),
                opt("type", Ty::String),
                opt("applyMessage", Ty::String),
            ]
        }),
        "getGroupProfile" => O(const {
            &[
                req("groupID", Ty::String),
                opt("groupCustomFieldFilter", Ty::Array),
                opt("memberCustomFieldFilter", Ty::Array),
            ]
        }),
        "updateMyProfile" => O(const { &[opt("profileCustomField", Ty::Array)] }),
        "quitGroup" | "dismissGroup" => P(const { &[req("groupID", Ty::String)] }),
        "getUserProfile" => O(const { &[req("userIDList", Ty::Array)] }),
        #[cfg(feature = "full")]
        "addToBlacklist"
        | "removeFromBlacklist"
        | "deleteFriend"
        | "checkFriend"
        | "getFriendProfile" => O(const { &[req("userIDList", Ty::Array)] }),
        #[cfg(feature = "full")]
        "addFriend" => O(const {
            &[
                req("to", Ty::String),
                req_with("source", Ty::String, ADD_SOURCE),
                opt("wording", Ty::String),
                opt("type", Ty::String),
                opt_with("remark", Ty::String, REMARK),
                opt("groupName", Ty::String),
            ]
        }),
        #[cfg(feature = "full")]
        "updateFriend" => O(const {
            &[
                req("userID", Ty::String),
                opt_with("remark", Ty::String, REMARK),
                opt_with("friendCustomField", Ty::Array, FRIEND_CUSTOM),
            ]
        }),
        #[cfg(feature = "full")]
        "acceptFriendApplication" | "refuseFriendApplication" | "deleteFriendApplication" => {
            O(const { &[req("userID", Ty::String)] })
        }
        #[cfg(feature = "full")]
        "createFriendGroup" | "deleteFriendGroup" => O(const { &[req("name", Ty::String)] }),
        #[cfg(feature = "full")]
        "addToFriendGroup" | "removeFromFriendGroup" => {
            O(const { &[req("name", Ty::String), req("userIDList", Ty::Array)] })
        }
        #[cfg(feature = "full")]
        "getGroupMemberProfile" => O(const {
            &[
                req("groupID", Ty::String),
                req("userIDList", Ty::Array),
                opt("memberCustomFieldFilter", Ty::Array),
            ]
        }),
        #[cfg(feature = "full")]
        "getGroupMemberList" => O(const {
            &[
                req("groupID", Ty::String),
                opt("count", Ty::Number),
                opt("role", Ty::String),
            ]
        }),
        #[cfg(feature = "full")]
        "initGroupAttributes" | "setGroupAttributes" => O(const {
            &[
                req("groupID", Ty::String),
                req_with("groupAttributes", Ty::Object, ATTRIBUTES),
            ]
        }),
        #[cfg(feature = "full")]
        "deleteGroupAttributes" | "getGroupAttributes" => O(const {
            &[
                req("groupID", Ty::String),
                opt_with("keyList", Ty::Array, KEYS),
            ]
        }),
        #[cfg(feature = "full")]
        "setGroupCounters" => {
            O(const { &[req("groupID", Ty::String), req("counters", Ty::Object)] })
        }
        #[cfg(feature = "full")]
        "increaseGroupCounter" | "decreaseGroupCounter" => O(const {
            &[
                req("groupID", Ty::String),
                req("key", Ty::String),
                req_with("value", Ty::Number, NOT_ZERO),
            ]
        }),
        #[cfg(feature = "full")]
        "getGroupCounters" => O(const { &[req("groupID", Ty::String)] }),
        #[cfg(feature = "full")]
        "searchGroupByID" | "getGroupOnlineMemberCount" => {
            P(const { &[req("groupID", Ty::String)] })
        }
        #[cfg(feature = "full")]
        "updateGroupProfile" => O(const {
            &[
                req("groupID", Ty::String),
                opt("muteAllMembers", Ty::Boolean),
                opt("groupCustomField", Ty::Array),
            ]
        }),
        #[cfg(feature = "full")]
        "addGroupMember" => {
            O(const { &[req("groupID", Ty::String), req("userIDList", Ty::Array)] })
        }
        // The original checks only the group ID (a missing list is its TypeError; ours an
        // empty list, answered as such).
        #[cfg(feature = "full")]
        "deleteGroupMember" => O(const { &[req("groupID", Ty::String)] }),
        #[cfg(feature = "full")]
        "changeGroupOwner" => {
            O(const { &[req("groupID", Ty::String), req("newOwnerID", Ty::String)] })
        }
        #[cfg(feature = "full")]
        "setGroupMemberRole" => O(const {
            &[
                req("groupID", Ty::String),
                req("userID", Ty::String),
                req("role", Ty::String),
            ]
        }),
        #[cfg(feature = "full")]
        "setGroupMemberMuteTime" => O(const {
            &[
                req("groupID", Ty::String),
                req("userID", Ty::String),
                opt_with("muteTime", Ty::Number, MUTE_TIME),
            ]
        }),
        #[cfg(feature = "full")]
        "setGroupMemberNameCard" => O(const {
            &[
                req("groupID", Ty::String),
                opt("userID", Ty::String),
                opt_with("nameCard", Ty::String, NAME_CARD),
            ]
        }),
        #[cfg(feature = "full")]
        "setGroupMemberCustomField" => O(const {
            &[
                req("groupID", Ty::String),
                opt("userID", Ty::String),
                req("memberCustomField", Ty::Array),
            ]
        }),
        #[cfg(feature = "full")]
        "renameFriendGroup" => {
            O(const { &[req("oldName", Ty::String), req("newName", Ty::String)] })
        }
        _ => return None,
    })
}
