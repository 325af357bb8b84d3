//! Signaling invitations (TSignaling) travel as custom messages whose `payload.data` is a JSON
//! object with `inviteID` and `actionType`. `getSignalingInfo(message)` reads it back; any other
//! message gives `null`.

use super::json::Json;
use super::value::Value;

/// The signaling information of a custom message (`data`: its `payload.data`, parsed), as JSON;
/// `None` when it is not a signaling message.
pub fn info(elem_type: &str, data: &Value) -> Option<String> {
    if elem_type != "TIMCustomElem" {
        return None;
    }
    let invite_id = data.get("inviteID").as_str()?;
    let action = data
        .get("actionType")
        .as_number()
        .filter(|n| n.is_finite() && *n >= 0.0)?;
    let text = |k: &str| data.get(k).as_str().unwrap_or_default().to_string();
    let num = |k: &str| {
        data.get(k)
            .as_number()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .unwrap_or(0.0) as u64
    };
    let invitees = data.get("inviteeList").strings();
    let mut j = Json::new();
    j.open()
        .key("inviteID")
        .str(invite_id)
        .key("groupID")
        .str(&text("groupID"))
        .key("inviter")
        .str(&text("inviter"));
    j.key("inviteeList")
        .strs(&invitees)
        .key("data")
        .str(&text("data"))
        .key("actionType")
        .num(action as u64);
    j.key("businessID")
        .num(num("businessID"))
        .key("timeout")
        .num(num("timeout"))
        .close();
    Some(j.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::value::{obj, s, strs};

    #[test]
    fn reads_an_invitation_and_nothing_else() {
        let data = obj(&[
            ("businessID", Value::Number(1.0)),
            ("inviteID", s("inv-1")),
            ("inviter", s("alice")),
            ("actionType", Value::Number(1.0)),
            ("inviteeList", strs(&["bob"])),
            ("data", s("{\"call\":1}")),
            ("timeout", Value::Number(30.0)),
        ]);
        assert_eq!(
            info("TIMCustomElem", &data).as_deref(),
            Some(
                r#"{"inviteID":"inv-1","groupID":"","inviter":"alice","inviteeList":["bob"],"data":"{\"call\":1}","actionType":1,"businessID":1,"timeout":30}"#
            )
        );
        assert_eq!(info("TIMTextElem", &data), None);
        assert_eq!(info("TIMCustomElem", &obj(&[("inviteID", s("x"))])), None);
        assert_eq!(info("TIMCustomElem", &Value::Undefined), None);
    }
}
