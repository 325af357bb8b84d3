//! The Conversation object (spec §8.1–§8.3). The JS entry gives it the original's key order and
//! defaults from a template; `ToJson` writes the fields with data.

use super::group::GroupProfile;
use super::json::{Json, ToJson};
use super::message::LastMessage;
use super::profile::Profile;

/// A conversation's kind, from its ID (spec §8.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ConvType {
    C2c,
    Group,
    Topic,
    System,
}

pub const SYSTEM_ID: &str = "@TIM#SYSTEM";

impl ConvType {
    pub fn as_str(self) -> &'static str {
        match self {
            ConvType::C2c => "C2C",
            ConvType::Group => "GROUP",
            ConvType::Topic => "TOPIC",
            ConvType::System => SYSTEM_ID,
        }
    }

    /// The type of a conversation ID (spec §8.2).
    pub fn of(id: &str) -> ConvType {
        if id == SYSTEM_ID {
            ConvType::System
        } else if let Some(rest) = id.strip_prefix("GROUP") {
            // (A byte-window scan: `str::contains` pulls in a large searcher.)
            if rest.starts_with("@TGS#_") && rest.as_bytes().windows(8).any(|w| w == b"@TOPIC#_") {
                ConvType::Topic
            } else {
                ConvType::Group
            }
        } else {
            ConvType::C2c
        }
    }
}

/// The peer (user ID or group ID) of a conversation ID: the ID without its prefix.
pub fn target_of(id: &str) -> &str {
    id.strip_prefix("C2C")
        .or_else(|| id.strip_prefix("GROUP"))
        .unwrap_or("")
}

pub fn c2c_id(user_id: &str) -> String {
    format!("C2C{user_id}")
}

pub fn group_id(group_id: &str) -> String {
    format!("GROUP{group_id}")
}

/// An @-mention of the viewer in a group message (`groupAtInfoList` item).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AtInfo {
    pub from: String,
    pub group_id: String,
    pub sequence: u64,
    pub random: u32,
    /// `TYPES.CONV_AT_ME` 1, `CONV_AT_ALL` 2, both 3.
    pub kind: u8,
}

impl ToJson for AtInfo {
    fn write(&self, j: &mut Json) {
        j.open()
            .key("from")
            .str(&self.from)
            .key("groupID")
            .str(&self.group_id)
            .key("topicID")
            .str("");
        j.key("messageSequence")
            .num(self.sequence)
            .key("atTypeArray")
            .open_array()
            .num(self.kind as u64)
            .close_array();
        j.key("__random")
            .num(self.random as u64)
            .key("__sequence")
            .num(self.sequence)
            .close();
    }
}

/// A conversation as the app sees it.
#[derive(Clone, Debug)]
pub struct Conversation {
    pub conversation_id: String,
    pub unread_count: u32,
    pub kind: ConvType,
    pub last_message: LastMessage,
    pub is_info_completed: bool,
    pub peer_read_time: u64,
    /// @-mentions of the user in group messages not read yet (`groupAtInfoList`).
    pub group_at_list: Vec<AtInfo>,
    pub remark: String,
    pub is_pinned: bool,
    /// `None` is `undefined` in JS, as on the original's locally created conversations.
    pub message_remind_type: Option<String>,
    pub mark_list: Vec<u64>,
    pub custom_data: String,
    pub conversation_group_list: Vec<String>,
    pub draft_text: String,
    pub user_profile: Option<Profile>,
    pub group_profile: Option<GroupProfile>,
    pub sub_type: String,
}

/// A conversation as one JSON array, its fields by place (js/shapes.js `Conversation` gives them
/// their keys): `[conversationID, unreadCount, type, lastMessage (null: none),
/// _isInfoCompleted, peerReadTime, groupAtInfoList, remark, isPinned, messageRemindType (null:
/// undefined), markList, customData, conversationGroupList, draftText, userProfile (null: none),
/// groupProfile (null: none), subType]`. A login hands thousands to the page at once: without
/// the keys the text is less than half as long, and the engine parses arrays faster.
impl ToJson for Conversation {
    fn write(&self, j: &mut Json) {
        j.open_array()
            .str(&self.conversation_id)
            .num(self.unread_count as u64)
            .str(self.kind.as_str());
        self.last_message.write(j);
        j.bool(self.is_info_completed)
            .num(self.peer_read_time)
            .open_array();
        for a in &self.group_at_list {
            a.write(j);
        }
        j.close_array().str(&self.remark).bool(self.is_pinned);
        self.message_remind_type.write(j);
        j.open_array();
        for m in &self.mark_list {
            j.num(*m);
        }
        j.close_array()
            .str(&self.custom_data)
            .strs(&self.conversation_group_list)
            .str(&self.draft_text);
        self.user_profile.write(j);
        self.group_profile.write(j);
        j.str(&self.sub_type).close_array();
    }
}

impl Conversation {
    /// A conversation with the original's defaults for `id`.
    pub fn new(id: &str) -> Self {
        let kind = ConvType::of(id);
        Conversation {
            conversation_id: id.to_string(),
            unread_count: 0,
            kind,
            last_message: LastMessage::default(),
            is_info_completed: false,
            peer_read_time: 0,
            group_at_list: Vec::new(),
            remark: String::new(),
            is_pinned: false,
            message_remind_type: None,
            mark_list: Vec::new(),
            custom_data: String::new(),
            conversation_group_list: Vec::new(),
            draft_text: String::new(),
            user_profile: (kind == ConvType::C2c).then(|| Profile::new(target_of(id))),
            group_profile: None,
            sub_type: String::new(),
        }
    }

    /// Hidden conversations are kept but never listed (spec §8.5).
    pub fn is_visible(&self) -> bool {
        if self.kind == ConvType::Topic {
            return false;
        }
        !matches!(
            self.group_profile.as_ref().map(|g| g.kind.as_str()),
            Some("Room") | Some("Live")
        )
    }

    /// Counts toward the total unread (spec §8.6).
    pub fn counts_toward_total(&self) -> bool {
        self.is_visible()
            && self.kind != ConvType::System
            && matches!(
                self.message_remind_type.as_deref(),
                Some("") | Some("AcceptAndNotify")
            )
    }

    pub fn last_time(&self) -> u64 {
        self.last_message.last_time()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_from_ids() {
        assert_eq!(ConvType::of("C2Calice"), ConvType::C2c);
        assert_eq!(ConvType::of("GROUPg1"), ConvType::Group);
        assert_eq!(ConvType::of("GROUP@TGS#_x@TOPIC#_y"), ConvType::Topic);
        assert_eq!(ConvType::of("@TIM#SYSTEM"), ConvType::System);
        assert_eq!(target_of("C2Calice"), "alice");
        assert_eq!(target_of("GROUPg1"), "g1");
        assert_eq!(target_of("@TIM#SYSTEM"), "");
    }
}
