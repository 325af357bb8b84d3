//! The Group object (`groupProfile` on GROUP conversations, getGroupProfile, getGroupList),
//! with the original's keys and key order (spec §8.1).

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SelfInfo {
    pub message_remind_type: String,
    pub join_time: u64,
    pub name_card: String,
    pub role: String,
    #[serde(rename = "userID")]
    pub user_id: String,
    pub member_custom_field: Vec<()>,
    pub readed_sequence: u64,
    pub excluded_unread_sequence_list: Vec<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct GroupLastMessage {
    pub last_time: u64,
    pub last_sequence: u64,
    pub from_account: String,
    pub message_for_show: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupProfile {
    #[serde(rename = "groupID")]
    pub group_id: String,
    pub name: String,
    pub avatar: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub introduction: String,
    pub notification: String,
    #[serde(rename = "ownerID")]
    pub owner_id: String,
    pub create_time: u64,
    pub info_sequence: u64,
    pub last_info_time: u64,
    pub self_info: SelfInfo,
    pub last_message: GroupLastMessage,
    pub next_message_seq: u64,
    pub member_count: u32,
    pub max_member_count: u32,
    pub join_option: String,
    pub invite_option: String,
    pub group_custom_field: Vec<()>,
    pub mute_all_members: bool,
    pub is_support_topic: bool,
    #[serde(rename = "_lastRevokedTime")]
    pub last_revoked_time: u64,
}
