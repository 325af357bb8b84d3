//! The full build's group applications: getGroupApplicationList and handleGroupApplication,
//! as the original gives them.

use super::api::Output;
use super::step::Step;
use super::Client;
use crate::cloud::members::MemberOp;
use crate::cloud::protocol::{Request, Response};
use crate::core::error::{Code, Error};
use crate::core::json::{Json, ToJson};
use crate::core::value::Value;

impl Client {
    /// `getGroupApplicationList()` → `{applicationList: [{applicant, applicantNick, groupName,
    /// groupID, authentication, messageKey, applicationType, userID, note}]}`: the applications
    /// pending in the groups the user owns or administers.
    /// `handleGroupApplication({handleAction, handleMessage?, message | application})` →
    /// `{group}`: the application named by a system notice (`message`, which wins) or by an
    /// entry of the list (`application`).
    pub(crate) fn group_app_step(&self, name: &str, a0: &Value) -> Step<Output> {
        use super::api::text;
        let mut op = MemberOp {
            op: name.to_string(),
            ..MemberOp::default()
        };
        if name == "handleGroupApplication" {
            let notice = a0.get("message").get("payload");
            let app = a0.get("application");
            (op.group_id, op.user_id) = match notice.get("groupProfile").get("groupID").as_str() {
                Some(id) => (id.to_string(), text(notice, "operatorID")),
                None => (text(app, "groupID"), text(app, "applicant")),
            };
            op.text = text(a0, "handleAction");
            op.note = text(a0, "handleMessage");
            // Handled from its notice: the notice leaves the handler's system conversation.
            if let Some(id) = a0.get("message").get("ID").as_str() {
                op.ids = vec![id.to_string()];
            }
        }
        Step::ask(Request::GroupMember(op), move |c, res| {
            let res = res?;
            let own = c.take_own_pushes();
            let events = c.apply_pushes(own);
            match res {
                Response::Group(g) => {
                    let json = format!("{{\"group\":{}}}", g.to_json());
                    Ok((Output::Data("groupResult", json), events))
                }
                Response::GroupApplications(apps) => {
                    let mut j = Json::new();
                    j.open().key("applicationList").open_array();
                    for a in &apps {
                        j.open()
                            .key("applicant")
                            .str(&a.applicant)
                            .key("applicantNick")
                            .str(&a.applicant_nick)
                            .key("groupName")
                            .str(&a.group_name)
                            .key("groupID")
                            .str(&a.group_id);
                        j.key("authentication")
                            .str("")
                            .key("messageKey")
                            .num(a.time)
                            .key("applicationType")
                            .num(0)
                            .key("userID")
                            .str("")
                            .key("note")
                            .str(&a.note)
                            .close();
                    }
                    j.close_array().close();
                    Ok((Output::Data("json", j.finish()), events))
                }
                _ => Err(Error::of(Code::UncaughtError)),
            }
        })
    }
}
