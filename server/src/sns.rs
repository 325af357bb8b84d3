//! The REST admin API's relationship-chain commands (`sns/*`), in Tencent's field names: friends,
//! the blacklist and friend groups of the user `From_Account` names, run as that user's own
//! requests (the same rules as the client's methods; the pushes reach both users' devices).

// Reads outside data: no indexing or slicing that could panic on it (clippy, in the test command).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use crate::commands::{list, need, Admin, Failed};
use serde_json::{json, Value};
use tim_wasm::cloud::friends::{RelationOp, RELATIONS};
use tim_wasm::cloud::protocol::{Request, Response};
use tim_wasm::cloud::relations::Relations;

/// Tencent's texts for the result codes the relationship chain answers.
fn info(code: u32) -> &'static str {
    match code {
        0 => "",
        2700 => "Err_SNS_FriendDelete_Not_Friend",
        30515 => "Err_SNS_FriendAdd_Peer_In_Your_Black_List",
        30516 => "Err_SNS_FriendAdd_Peer_Forbid_Add_Friend",
        30525 => "Err_SNS_FriendAdd_You_In_Peer_Black_List",
        30539 => "Err_SNS_FriendAdd_Need_Confirm",
        _ => "Err_SNS_Invalid_Request",
    }
}

/// The strings of a list field (of strings).
fn strings(body: &Value, key: &str) -> Result<Vec<String>, Failed> {
    Ok(list(body, key)?
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect())
}

fn result_items(results: &[(String, u32)]) -> Value {
    results
        .iter()
        .map(|(id, code)| json!({"To_Account": id, "ResultCode": code, "ResultInfo": info(*code)}))
        .collect()
}

impl Admin<'_> {
    fn relations_of(&mut self, user: &str) -> Result<Relations, Failed> {
        match self.call(user, Request::GetRelations)? {
            Response::Relations(r, _) => Ok(r),
            _ => Ok(Relations::default()),
        }
    }

    fn relation(&mut self, user: &str, op: RelationOp) -> Result<Vec<(String, u32)>, Failed> {
        match self.call(user, Request::Relation(op))? {
            Response::Relation { results, .. } => Ok(results),
            _ => Ok(Vec::new()),
        }
    }

    /// Runs `sns/<command>`.
    pub(crate) fn sns(&mut self, command: &str, body: &Value) -> Result<Value, Failed> {
        let user = need(body, "From_Account")?.to_string();
        let text = |v: &Value, k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let op = |name: &str| RelationOp {
            op: name.to_string(),
            ..RelationOp::default()
        };
        match command {
            // {From_Account, AddFriendItem: [{To_Account, AddSource, Remark?, GroupName?,
            // AddWording?}], AddType?}
            "sns/friend_add" => {
                let both = body.get("AddType").and_then(Value::as_str) != Some("Add_Type_Single");
                let mut results = Vec::new();
                for item in list(body, "AddFriendItem")? {
                    let to = need(item, "To_Account")?;
                    let mut add = op("addFriend");
                    add.ids = vec![to.to_string()];
                    add.source = text(item, "AddSource");
                    add.text = text(item, "Remark");
                    add.name = text(item, "GroupName");
                    add.word = text(item, "AddWording");
                    add.both = both;
                    results.extend(self.relation(&user, add)?);
                }
                Ok(
                    json!({ "ResultItem": result_items(&results), "Fail_Account": failed(&results) }),
                )
            }
            // {From_Account, AddFriendItem: [{To_Account, AddSource, Remark?, GroupName?}]}: into
            // the user's list at once (one way), as Tencent's import.
            "sns/friend_import" => {
                let mut results = Vec::new();
                for item in list(body, "AddFriendItem")? {
                    let mut import = op("importFriend");
                    import.ids = vec![need(item, "To_Account")?.to_string()];
                    import.source = text(item, "AddSource");
                    import.text = text(item, "Remark");
                    import.name = text(item, "GroupName");
                    results.extend(self.relation(&user, import)?);
                }
                Ok(
                    json!({ "ResultItem": result_items(&results), "Fail_Account": failed(&results) }),
                )
            }
            // {From_Account, To_Account: [...], DeleteType?}
            "sns/friend_delete" => {
                let mut del = op("deleteFriend");
                del.ids = strings(body, "To_Account")?;
                del.both =
                    body.get("DeleteType").and_then(Value::as_str) != Some("Delete_Type_Single");
                let results = self.relation(&user, del)?;
                Ok(
                    json!({ "ResultItem": result_items(&results), "Fail_Account": failed(&results) }),
                )
            }
            // {From_Account, To_Account: [...], CheckType}
            "sns/friend_check" => {
                let mut check = op("checkFriend");
                check.ids = strings(body, "To_Account")?;
                check.both = need(body, "CheckType")? != "CheckResult_Type_Single";
                let items: Vec<Value> = self
                    .relation(&user, check)?
                    .iter()
                    .map(|(id, rel)| {
                        json!({"To_Account": id, "Relation": RELATIONS.get((*rel & 3) as usize), "ResultCode": 0, "ResultInfo": ""})
                    })
                    .collect();
                Ok(json!({ "InfoItem": items, "Fail_Account": [] }))
            }
            // {From_Account, StartIndex?}: the friends from StartIndex, FRIEND_PAGE a page, with
            // their remark, groups, source and time as Tencent's standard tags; NextStartIndex
            // and CompleteFlag say where the next page starts.
            "sns/friend_get" => {
                let r = self.relations_of(&user)?;
                let (start, end, next) = page(body, "StartIndex", FRIEND_PAGE, r.friends.len());
                let items: Vec<Value> = r
                    .friends
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .map(|(id, remark, time)| {
                        let groups: Vec<&String> = r
                            .friend_groups
                            .iter()
                            .filter(|(_, m)| m.contains(id))
                            .map(|(n, _)| n)
                            .collect();
                        let source = r
                            .friend_fields
                            .iter()
                            .find(|f| f.user_id == *id)
                            .map_or("", |f| f.source.as_str());
                        json!({"To_Account": id, "ValueItem": [
                            {"Tag": "Tag_SNS_IM_Remark", "Value": remark},
                            {"Tag": "Tag_SNS_IM_Group", "Value": groups},
                            {"Tag": "Tag_SNS_IM_AddSource", "Value": source},
                            {"Tag": "Tag_SNS_IM_AddTime", "Value": time},
                        ]})
                    })
                    .collect();
                Ok(json!({
                    "UserDataItem": items, "FriendNum": r.friends.len(), "NextStartIndex": next,
                    "CompleteFlag": u8::from(next == 0), "StandardSequence": 0, "CustomSequence": 0,
                }))
            }
            // {From_Account, To_Account: [...]}: a result per user (30001: already there, or
            // not there to remove).
            "sns/black_list_add" | "sns/black_list_delete" => {
                let ids = strings(body, "To_Account")?;
                let add = command == "sns/black_list_add";
                let before = self.relations_of(&user)?.blacklist;
                self.call(
                    &user,
                    Request::Blacklist {
                        add,
                        user_ids: ids.clone(),
                    },
                )?;
                let results: Vec<(String, u32)> = ids
                    .into_iter()
                    .map(|id| {
                        let applies = before.contains(&id) != add && id != user;
                        let code = if applies { 0 } else { 30001 };
                        (id, code)
                    })
                    .collect();
                Ok(
                    json!({ "ResultItem": result_items(&results), "Fail_Account": failed(&results) }),
                )
            }
            // {From_Account, StartIndex?, MaxLimited?, LastSequence?}: MaxLimited users (all
            // when absent) from StartIndex; the answer's StartIndex is where the next page
            // starts (0: none left).
            "sns/black_list_get" => {
                let list = self.relations_of(&user)?.blacklist;
                let size = body.get("MaxLimited").and_then(Value::as_u64).unwrap_or(0);
                let size = if size == 0 { list.len() } else { size as usize };
                let (start, end, next) = page(body, "StartIndex", size, list.len());
                let items: Vec<Value> = list
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .map(|id| json!({"To_Account": id, "AddBlackTimeStamp": 0}))
                    .collect();
                Ok(json!({ "BlackListItem": items, "StartIndex": next, "CurruentSequence": 0 }))
            }
            // {From_Account, GroupName: [...], To_Account?: [...]}: friend groups, with these
            // friends in each.
            "sns/group_add" => {
                let members = match body.get("To_Account") {
                    Some(_) => strings(body, "To_Account")?,
                    None => Vec::new(),
                };
                let mut results = Vec::new();
                for name in strings(body, "GroupName")? {
                    let mut create = op("createFriendGroup");
                    create.name = name.clone();
                    create.ids = members.clone();
                    let out = self.relation(&user, create)?;
                    if out.iter().any(|(n, c)| *c != 0 && *n == name) {
                        return Err((30001, format!("the friend group {name} exists")));
                    }
                    results.extend(out);
                }
                Ok(
                    json!({ "ResultItem": result_items(&results), "Fail_Account": failed(&results), "CurrentSequence": 0 }),
                )
            }
            // {From_Account, GroupName: [...]}
            "sns/group_delete" => {
                let mut del = op("deleteFriendGroup");
                let mut missing = Vec::new();
                for name in strings(body, "GroupName")? {
                    del.ids = vec![name.clone()];
                    del.name = name.clone();
                    if self
                        .relation(&user, del.clone())?
                        .iter()
                        .any(|(_, c)| *c != 0)
                    {
                        missing.push(name);
                    }
                }
                if missing.is_empty() {
                    Ok(json!({ "CurrentSequence": 0 }))
                } else {
                    Err((
                        30001,
                        format!("no such friend group: {}", missing.join(", ")),
                    ))
                }
            }
            _ => Err((
                crate::rest::NOT_SERVED,
                format!("{command} is not a command of this API"),
            )),
        }
    }
}

/// Friends one `friend_get` page holds (Tencent's).
const FRIEND_PAGE: usize = 100;

/// The page of `len` items from `body[key]` (0 when absent), `size` long: its start, its end,
/// and where the next page starts (0 when this one reaches the end).
fn page(body: &Value, key: &str, size: usize, len: usize) -> (usize, usize, usize) {
    let start = body.get(key).and_then(Value::as_u64).unwrap_or(0);
    let start = usize::try_from(start).unwrap_or(usize::MAX).min(len);
    let end = start.saturating_add(size).min(len);
    (start, end, if end < len { end } else { 0 })
}

fn failed(results: &[(String, u32)]) -> Vec<&String> {
    results
        .iter()
        .filter(|(_, c)| *c != 0)
        .map(|(id, _)| id)
        .collect()
}
