//! The Conversation object (spec §8.1–§8.3): fields in the original's own-key order.

use super::group::GroupProfile;
use super::message::LastMessage;
use super::profile::Profile;
use serde::Serialize;

/// A conversation's kind, from its ID (spec §8.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ConvType {
    #[serde(rename = "C2C")]
    C2c,
    #[serde(rename = "GROUP")]
    Group,
    #[serde(rename = "TOPIC")]
    Topic,
    #[serde(rename = "@TIM#SYSTEM")]
    System,
}

pub const SYSTEM_ID: &str = "@TIM#SYSTEM";

impl ConvType {
    /// The type of a conversation ID (spec §8.2).
    pub fn of(id: &str) -> ConvType {
        if id == SYSTEM_ID {
            ConvType::System
        } else if let Some(rest) = id.strip_prefix("GROUP") {
            if rest.starts_with("@TGS#_") && rest.contains("@TOPIC#_") {
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
    id.strip_prefix("C2C").or_else(|| id.strip_prefix("GROUP")).unwrap_or("")
}

pub fn c2c_id(user_id: &str) -> String {
    format!("C2C{user_id}")
}

pub fn group_id(group_id: &str) -> String {
    format!("GROUP{group_id}")
}

/// An @-mention record (kept for shape; filled when group @-messages arrive).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupAtInfo {
    pub from: String,
    #[serde(rename = "groupID")]
    pub group_id: String,
    #[serde(rename = "topicID")]
    pub topic_id: String,
    pub message_sequence: u64,
    pub at_type_array: Vec<u8>,
}

/// A conversation as the app sees it. Serialised with the original's keys and key order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    #[serde(rename = "conversationID")]
    pub conversation_id: String,
    pub unread_count: u32,
    #[serde(rename = "type")]
    pub kind: ConvType,
    pub last_message: LastMessage,
    #[serde(rename = "_isInfoCompleted")]
    pub is_info_completed: bool,
    pub peer_read_time: u64,
    pub group_at_info_list: Vec<GroupAtInfo>,
    pub remark: String,
    pub is_pinned: bool,
    /// `None` serialises as `undefined`, as the original's locally created conversations have.
    pub message_remind_type: Option<String>,
    pub mark_list: Vec<u64>,
    pub custom_data: String,
    pub conversation_group_list: Vec<String>,
    pub draft_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_profile: Option<Profile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_profile: Option<GroupProfile>,
    pub sub_type: String,
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
            group_at_info_list: Vec::new(),
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
        !matches!(self.group_profile.as_ref().map(|g| g.kind.as_str()), Some("Room") | Some("Live"))
    }

    /// Counts toward the total unread (spec §8.6).
    pub fn counts_toward_total(&self) -> bool {
        self.is_visible()
            && self.kind != ConvType::System
            && matches!(self.message_remind_type.as_deref(), Some("") | Some("AcceptAndNotify"))
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
