//! The Group object (`groupProfile` on GROUP conversations, getGroupProfile, getGroupList).
//! Only the fields with data are kept; the JS entry gives the original's full shape.

use super::json::{Json, ToJson};

#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct GroupProfile {
    pub group_id: String,
    pub name: String,
    pub kind: String,
    pub owner_id: String,
    pub create_time: u64,
    pub member_count: u32,
    pub max_member_count: u32,
    pub join_option: String,
    /// The viewer's membership: role ("Owner"/"Member"/""), join time, remind type.
    pub role: String,
    pub join_time: u64,
    pub remind: String,
    pub viewer: String,
    pub last_time: u64,
    pub last_sequence: u64,
    pub last_from: String,
    pub last_for_show: String,
    pub next_message_seq: u64,
    /// What the full build's updateGroupProfile sets.
    #[cfg(feature = "full")]
    #[serde(default)]
    pub more: GroupMore,
}

/// A group's profile fields past its name (the full build's updateGroupProfile): the
/// original's names, `joinOption` only when set (else the type's own).
#[cfg(feature = "full")]
#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct GroupMore {
    pub introduction: String,
    pub notification: String,
    pub avatar: String,
    pub join_option: String,
    pub mute_all: bool,
    pub custom: Vec<(String, String)>,
}

impl ToJson for GroupProfile {
    fn write(&self, j: &mut Json) {
        j.open()
            .key("groupID")
            .str(&self.group_id)
            .field("name", &self.name)
            .field("type", &self.kind);
        j.field("ownerID", &self.owner_id)
            .field_num("createTime", self.create_time)
            .field_num("lastInfoTime", self.create_time);
        j.key("selfInfo")
            .open()
            .field("messageRemindType", &self.remind)
            .field_num("joinTime", self.join_time);
        j.field("role", &self.role)
            .field("userID", &self.viewer)
            .close();
        j.key("lastMessage")
            .open()
            .field_num("lastTime", self.last_time)
            .field_num("lastSequence", self.last_sequence);
        j.field("fromAccount", &self.last_from)
            .field("messageForShow", &self.last_for_show)
            .close();
        j.field_num("nextMessageSeq", self.next_message_seq)
            .field_num("memberCount", self.member_count as u64);
        j.field_num("maxMemberCount", self.max_member_count as u64)
            .field("joinOption", &self.join_option);
        #[cfg(feature = "full")]
        {
            let m = &self.more;
            j.field("introduction", &m.introduction)
                .field("notification", &m.notification)
                .field("avatar", &m.avatar)
                .flag("muteAllMembers", m.mute_all);
            if !m.custom.is_empty() {
                j.key("groupCustomField").open_array();
                for (k, v) in &m.custom {
                    j.open().key("key").str(k).key("value").str(v).close();
                }
                j.close_array();
            }
        }
        j.close();
    }
}
