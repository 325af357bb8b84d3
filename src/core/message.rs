//! Messages: payloads, the Message object, and a conversation's `lastMessage` (spec §8.3).

use serde::Serialize;

/// Element types (`TYPES.MSG_*`).
pub const MSG_TEXT: &str = "TIMTextElem";
pub const MSG_CUSTOM: &str = "TIMCustomElem";
pub const MSG_GRP_TIP: &str = "TIMGroupTipElem";

/// A message's content.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Payload {
    Text { text: String },
    Custom { data: String, description: String, extension: String },
    GroupTip(GroupTip),
}

/// A group tip (`TIMGroupTipElem`): members joined, quit, were kicked...
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupTip {
    #[serde(rename = "operatorID")]
    pub operator_id: String,
    pub operation_type: u8,
    #[serde(rename = "userIDList")]
    pub user_id_list: Vec<String>,
}

impl Payload {
    pub fn elem_type(&self) -> &'static str {
        match self {
            Payload::Text { .. } => MSG_TEXT,
            Payload::Custom { .. } => MSG_CUSTOM,
            Payload::GroupTip(_) => MSG_GRP_TIP,
        }
    }

    /// `messageForShow`: the text, or a bracketed label in English or Chinese (spec §8.3).
    pub fn for_show(&self, intl: bool) -> String {
        match self {
            Payload::Text { text } => text.clone(),
            Payload::Custom { .. } => (if intl { "[Custom Messages]" } else { "[自定义消息]" }).to_string(),
            Payload::GroupTip(_) => (if intl { "[Group Notification]" } else { "[群提示消息]" }).to_string(),
        }
    }
}

/// Whether an SDKAppID is served in English (spec §1.1, `isIntl`).
pub fn is_intl(sdk_app_id: f64) -> bool {
    sdk_app_id == 0.0 || (2e7..9e7).contains(&sdk_app_id) || (1.72e9..1.79e9).contains(&sdk_app_id)
}

/// Which kind of conversation a `lastMessage` came from (none yet, C2C or GROUP).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum LastKind {
    #[default]
    Empty,
    C2c,
    Group,
}

/// A conversation's `lastMessage`, in the key order the original's object has after a message
/// arrives or is sent (its default object, updated in place).
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LastMessage {
    #[serde(skip)]
    pub kind: LastKind,
    /// The cloud's arrival order (not serialised; see [`Message::arrival`]).
    #[serde(skip)]
    pub arrival: u64,
    #[serde(rename = "lastTime")]
    pub time: u64,
    #[serde(rename = "lastSequence")]
    pub sequence: u64,
    #[serde(rename = "fromAccount")]
    pub from: String,
    pub message_for_show: String,
    pub payload: Option<Payload>,
    #[serde(rename = "type")]
    pub elem_type: String,
    pub is_revoked: bool,
    pub cloud_custom_data: String,
    pub online_only_flag: bool,
    pub nick: String,
    pub name_card: String,
    pub version: u32,
    pub is_peer_read: bool,
    pub revoker: Option<String>,
}

impl LastMessage {
    pub fn last_time(&self) -> u64 {
        self.time
    }
}

/// `readReceiptInfo` of a Message.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct ReadReceiptInfo {
    pub timestamp: u64,
}

/// `revokerInfo` of a Message.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct RevokerInfo {
    #[serde(rename = "userID")]
    pub user_id: String,
    pub nick: String,
    pub avatar: String,
}

/// One element of `_elements`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Element {
    #[serde(rename = "type")]
    pub elem_type: String,
    pub content: Payload,
}

/// The Message object, with the original's own enumerable keys in its order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "conversationID")]
    pub conversation_id: String,
    pub conversation_type: String,
    pub time: u64,
    pub sequence: u64,
    pub client_sequence: u64,
    pub random: u32,
    pub priority: String,
    pub nick: String,
    pub avatar: String,
    pub is_peer_read: bool,
    pub name_card: String,
    pub has_risk_content: bool,
    #[serde(rename = "_elements")]
    pub elements: Vec<Element>,
    pub is_place_message: u8,
    pub is_revoked: bool,
    pub from: String,
    pub to: String,
    pub flow: String,
    pub is_system_message: bool,
    pub protocol: String,
    pub is_resend: bool,
    pub is_read: bool,
    pub status: String,
    #[serde(rename = "_onlineOnlyFlag")]
    pub online_only_flag: bool,
    #[serde(rename = "_groupAtInfoList")]
    pub group_at_info_list: Vec<()>,
    #[serde(rename = "_relayFlag")]
    pub relay_flag: bool,
    pub at_user_list: Vec<String>,
    pub cloud_custom_data: String,
    pub is_deleted: bool,
    pub is_modified: bool,
    #[serde(rename = "_isExcludedFromUnreadCount")]
    pub excluded_from_unread: bool,
    #[serde(rename = "_isExcludedFromLastMessage")]
    pub excluded_from_last: bool,
    pub client_time: u64,
    #[serde(rename = "senderTinyID")]
    pub sender_tiny_id: String,
    pub read_receipt_info: ReadReceiptInfo,
    pub need_read_receipt: bool,
    pub version: u32,
    pub is_broadcast_message: bool,
    pub is_support_extension: bool,
    pub revoker: String,
    pub revoker_info: RevokerInfo,
    pub revoke_reason: String,
    pub pinner_info: Option<()>,
    pub level: u32,
    pub payload: Payload,
    #[serde(rename = "type")]
    pub elem_type: String,
    /// The cloud's arrival order of this message (not part of the JS object): it breaks ties
    /// between conversations whose last messages share a second (CONTRACT §7).
    #[serde(skip)]
    pub arrival: u64,
}

impl Message {
    /// A message as the sender's client creates it (`create*Message`): not sent yet.
    pub fn draft(from: &str, conv_type: &str, to: &str, payload: Payload, cloud_custom_data: String, random: u32, now: u64) -> Message {
        let conversation_id = format!("{conv_type}{to}");
        let elem_type = payload.elem_type().to_string();
        Message {
            id: format!("{from}-{now}-{random}"),
            conversation_id,
            conversation_type: conv_type.to_string(),
            time: now,
            sequence: 0,
            client_sequence: 0,
            random,
            priority: "Normal".into(),
            nick: String::new(),
            avatar: String::new(),
            is_peer_read: false,
            name_card: String::new(),
            has_risk_content: false,
            elements: vec![Element { elem_type: elem_type.clone(), content: payload.clone() }],
            is_place_message: 0,
            is_revoked: false,
            from: from.to_string(),
            to: to.to_string(),
            flow: "out".into(),
            is_system_message: false,
            protocol: "JSON".into(),
            is_resend: false,
            is_read: true,
            status: "unSend".into(),
            online_only_flag: false,
            group_at_info_list: Vec::new(),
            relay_flag: false,
            at_user_list: Vec::new(),
            cloud_custom_data,
            is_deleted: false,
            is_modified: false,
            excluded_from_unread: false,
            excluded_from_last: false,
            client_time: now,
            sender_tiny_id: String::new(),
            read_receipt_info: ReadReceiptInfo::default(),
            need_read_receipt: false,
            version: 0,
            is_broadcast_message: false,
            is_support_extension: false,
            revoker: String::new(),
            revoker_info: RevokerInfo::default(),
            revoke_reason: String::new(),
            pinner_info: None,
            level: 0,
            payload,
            elem_type,
            arrival: 0,
        }
    }

    /// The conversation's `lastMessage` built from this message, for a viewer.
    pub fn to_last(&self, intl: bool, peer_read_time: u64) -> LastMessage {
        let c2c = self.conversation_type == "C2C";
        LastMessage {
            kind: if c2c { LastKind::C2c } else { LastKind::Group },
            arrival: self.arrival,
            time: self.time,
            sequence: self.sequence,
            from: self.from.clone(),
            elem_type: self.elem_type.clone(),
            payload: Some(self.payload.clone()),
            cloud_custom_data: self.cloud_custom_data.clone(),
            is_revoked: self.is_revoked,
            online_only_flag: false,
            nick: if c2c { String::new() } else { self.nick.clone() },
            name_card: if c2c { String::new() } else { self.name_card.clone() },
            version: 0,
            is_peer_read: c2c && self.flow == "out" && self.time <= peer_read_time,
            revoker: None,
            message_for_show: self.payload.for_show(intl),
        }
    }
}
