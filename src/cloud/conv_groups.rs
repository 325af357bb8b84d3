//! Conversation groups as the server keeps them (CONTRACT §4): at most 20 per user, names of
//! 1–32 UTF-8 bytes and unique, at most 1000 conversations per group. Membership belongs to
//! the user, independent of the conversation list.

use super::protocol::{PushBody, Response};
use super::state::Cloud;
use super::wire_decode::Read;
use super::{Outcome, SessionId};
use crate::core::error::Error;
use crate::core::json::Json;
use crate::core::keyed::Keyed;
use crate::core::value::Value;

/// Per-conversation result codes of a group operation.
pub type ItemCodes = Vec<(String, u32)>;

pub const MAX_GROUPS: usize = 20;
pub const MAX_NAME_BYTES: usize = 32;
pub const MAX_MEMBERS: usize = 1000;

pub const ERR_TOO_MANY_CONVERSATIONS: u32 = 51008;
pub const ERR_NO_SUCH_GROUP: u32 = 51009;
pub const ERR_TOO_MANY_GROUPS: u32 = 51010;
pub const ERR_BAD_NAME: u32 = 51011;
pub const ERR_DUPLICATE_NAME: u32 = 51013;

/// A group and its members in the order they were added. Insert, remove and membership tests
/// are O(1) amortised (removal leaves a hole; holes are compacted when they outnumber members),
/// so a 1000-conversation call does no quadratic work.
#[derive(Clone, Debug, Default)]
pub struct ConvGroup {
    pub id: u64,
    pub name: String,
    slots: Vec<Option<String>>,
    index: Keyed<usize>,
}

/// Equal when ID, name and members (in order) are: holes left by removals do not count.
impl PartialEq for ConvGroup {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.name == other.name && self.members().eq(other.members())
    }
}

impl ConvGroup {
    pub fn members(&self) -> impl Iterator<Item = &String> {
        self.slots.iter().flatten()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Adds a conversation: `Ok(true)` if added, `Ok(false)` if already in, `Err` when full.
    fn insert(&mut self, id: &str) -> Result<bool, u32> {
        if self.index.contains_key(id) {
            return Ok(false);
        }
        if self.index.len() >= MAX_MEMBERS {
            return Err(ERR_TOO_MANY_CONVERSATIONS);
        }
        self.index.insert(id.to_string(), self.slots.len());
        self.slots.push(Some(id.to_string()));
        Ok(true)
    }

    fn remove(&mut self, id: &str) -> bool {
        let Some(at) = self.index.remove(id) else {
            return false;
        };
        self.slots[at] = None;
        if self.slots.len() > 2 * self.index.len() + 16 {
            self.slots.retain(Option::is_some);
            for (i, s) in self.slots.iter().enumerate() {
                if let Some(s) = s {
                    self.index.insert(s.clone(), i);
                }
            }
        }
        true
    }
}

/// One user's conversation groups, in creation order. Stored (server) as
/// `{next_id, groups: [[id, name, [conversationID…]]…]}`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "Stored", into = "Stored")]
pub struct ConvGroups {
    groups: Vec<ConvGroup>,
    next_id: u64,
}

/// The written form of [`ConvGroups`].
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    next_id: u64,
    groups: Vec<(u64, String, Vec<String>)>,
}

impl From<ConvGroups> for Stored {
    fn from(c: ConvGroups) -> Stored {
        Stored {
            next_id: c.next_id,
            groups: c
                .groups
                .iter()
                .map(|g| (g.id, g.name.clone(), g.members().cloned().collect()))
                .collect(),
        }
    }
}

impl From<Stored> for ConvGroups {
    /// Limits are the cloud's to keep when it writes; reading keeps what was written (a
    /// repeated member is kept once).
    fn from(s: Stored) -> ConvGroups {
        let groups = s
            .groups
            .into_iter()
            .map(|(id, name, members)| {
                let mut g = ConvGroup {
                    id,
                    name,
                    ..Default::default()
                };
                for m in members {
                    if !g.index.contains_key(&m) {
                        g.index.insert(m.clone(), g.slots.len());
                        g.slots.push(Some(m));
                    }
                }
                g
            })
            .collect();
        ConvGroups {
            groups,
            next_id: s.next_id,
        }
    }
}

impl ConvGroups {
    /// Writes the stored form (serde's JSON form of `Stored`: what the server's rows hold).
    pub(super) fn write_stored(&self, j: &mut Json) {
        j.open()
            .key("next_id")
            .num(self.next_id)
            .key("groups")
            .open_array();
        for g in &self.groups {
            j.open_array()
                .num(g.id)
                .str(&g.name)
                .strs(g.members())
                .close_array();
        }
        j.close_array().close();
    }
}

impl Read for ConvGroups {
    fn read(v: &Value) -> Self {
        let groups: Vec<(u64, String, Vec<String>)> = Read::read(v.get("groups"));
        ConvGroups::from(Stored {
            next_id: Read::read(v.get("next_id")),
            groups,
        })
    }
}

fn check_name(name: &str) -> Result<(), Error> {
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return Err(Error::raw(
            ERR_BAD_NAME,
            format!(
                "conversation group name must be 1 to {MAX_NAME_BYTES} bytes (UTF-8), got {} bytes",
                name.len()
            ),
        ));
    }
    Ok(())
}

fn duplicate(name: &str) -> Error {
    Error::raw(
        ERR_DUPLICATE_NAME,
        format!("conversation group \"{name}\" already exists"),
    )
}

fn no_such_group(name: &str) -> Error {
    Error::raw(
        ERR_NO_SUCH_GROUP,
        format!("conversation group \"{name}\" does not exist"),
    )
}

impl ConvGroups {
    pub fn list(&self) -> Vec<(u64, String)> {
        self.groups.iter().map(|g| (g.id, g.name.clone())).collect()
    }

    pub fn get(&self, name: &str) -> Option<&ConvGroup> {
        self.groups.iter().find(|g| g.name == name)
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut ConvGroup> {
        self.groups.iter_mut().find(|g| g.name == name)
    }

    /// Names of the groups holding `conv_id`, in group order.
    pub fn names_of(&self, conv_id: &str) -> Vec<String> {
        let mut names = Vec::new();
        for g in &self.groups {
            if g.contains(conv_id) {
                names.push(g.name.clone());
            }
        }
        names
    }

    /// [`names_of`](Self::names_of) for every conversation in a group, from one pass over the
    /// groups' members: a login's answer asks for every conversation, and a lookup in every
    /// group for each was a third of it.
    pub fn names_by_conversation(&self) -> Keyed<Vec<String>> {
        let mut names: Keyed<Vec<String>> = Keyed::new();
        for g in &self.groups {
            for id in g.members() {
                names.get_or_insert_with(id, Vec::new).push(g.name.clone());
            }
        }
        names
    }

    /// Creates a group: checks name (51011), duplicate (51013), count (51010), then adds each
    /// conversation (51008 per item past 1000). Returns the ID and per-item codes.
    pub fn create(
        &mut self,
        name: &str,
        ids: &[String],
    ) -> Result<(u64, Vec<(String, u32)>), Error> {
        check_name(name)?;
        if self.get(name).is_some() {
            return Err(duplicate(name));
        }
        if self.groups.len() >= MAX_GROUPS {
            return Err(Error::raw(
                ERR_TOO_MANY_GROUPS,
                format!("at most {MAX_GROUPS} conversation groups per user"),
            ));
        }
        self.next_id += 1;
        let mut group = ConvGroup {
            id: self.next_id,
            name: name.to_string(),
            ..Default::default()
        };
        let results = ids
            .iter()
            .map(|id| (id.clone(), group.insert(id).err().unwrap_or(0)))
            .collect();
        self.groups.push(group);
        Ok((self.next_id, results))
    }

    pub fn delete(&mut self, name: &str) -> Result<ConvGroup, Error> {
        let i = self
            .groups
            .iter()
            .position(|g| g.name == name)
            .ok_or_else(|| no_such_group(name))?;
        Ok(self.groups.remove(i))
    }

    /// Renames: existence (51009), name (51011), duplicate (51013). Renaming to the same name
    /// changes nothing (`changed == false`).
    pub fn rename(&mut self, old: &str, new: &str) -> Result<(u64, bool), Error> {
        let id = self
            .get(old)
            .map(|g| g.id)
            .ok_or_else(|| no_such_group(old))?;
        check_name(new)?;
        if old == new {
            return Ok((id, false));
        }
        if self.get(new).is_some() {
            return Err(duplicate(new));
        }
        if let Some(g) = self.get_mut(old) {
            g.name = new.to_string();
        }
        Ok((id, true))
    }

    /// Adds or removes conversations. Per item: 0 (done, or nothing to do) or 51008 (full).
    /// Also returns which IDs actually changed.
    pub fn update(
        &mut self,
        name: &str,
        add: bool,
        ids: &[String],
    ) -> Result<(ItemCodes, Vec<String>), Error> {
        let g = self.get_mut(name).ok_or_else(|| no_such_group(name))?;
        let mut results = Vec::with_capacity(ids.len());
        let mut changed = Vec::new();
        for id in ids {
            let outcome = if add { g.insert(id) } else { Ok(g.remove(id)) };
            match outcome {
                Ok(true) => {
                    changed.push(id.clone());
                    results.push((id.clone(), 0));
                }
                Ok(false) => results.push((id.clone(), 0)),
                Err(code) => results.push((id.clone(), code)),
            }
        }
        Ok((results, changed))
    }
}

impl ConvGroups {
    /// Puts the named groups first, in that order; the others keep theirs after them (new
    /// groups are created last). 51009 for a name that is no group; a repeated name is refused.
    /// Whether the order changed.
    #[cfg(feature = "full")]
    pub fn set_order(&mut self, names: &[String]) -> Result<bool, Error> {
        for (i, n) in names.iter().enumerate() {
            if self.get(n).is_none() {
                return Err(no_such_group(n));
            }
            if names.iter().take(i).any(|m| m == n) {
                return Err(Error::new(
                    crate::core::error::Code::InvalidParameter,
                    format!("conversation group \"{n}\" is named twice"),
                ));
            }
        }
        let before: Vec<u64> = self.groups.iter().map(|g| g.id).collect();
        let mut rest = std::mem::take(&mut self.groups);
        for n in names {
            if let Some(i) = rest.iter().position(|g| g.name == *n) {
                self.groups.push(rest.remove(i));
            }
        }
        self.groups.extend(rest);
        Ok(self.groups.iter().map(|g| g.id).ne(before))
    }
}

#[cfg(feature = "full")]
impl Cloud {
    pub fn order_conv_groups(
        &mut self,
        user: &str,
        session: Option<SessionId>,
        names: &[String],
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let groups = &mut self.user(user).conv_groups;
        let changed = groups.set_order(names)?;
        let list = groups.list();
        if changed {
            out.push(user, session, PushBody::ConvGroupOrder(list.clone()));
        }
        Ok(Response::ConvGroupOrder(list))
    }

    /// Reads every conversation of the group, each as setMessageRead reads it (the same pushes
    /// and read receipts).
    pub fn read_conv_group(
        &mut self,
        user: &str,
        session: SessionId,
        name: &str,
        now: u64,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let ids: Vec<String> = self
            .users
            .get(user)
            .and_then(|s| s.conv_groups.get(name))
            .ok_or_else(|| no_such_group(name))?
            .members()
            .cloned()
            .collect();
        for id in ids {
            self.set_read(user, session, &id, now, out);
        }
        Ok(Response::Done)
    }
}

impl Cloud {
    pub fn create_conv_group(
        &mut self,
        user: &str,
        session: Option<SessionId>,
        name: &str,
        ids: &[String],
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let (id, results) = self.user(user).conv_groups.create(name, ids)?;
        let mut members = Vec::new();
        for (i, c) in &results {
            if *c == 0 {
                members.push(i.clone());
            }
        }
        out.push(
            user,
            session,
            PushBody::ConvGroupCreated {
                id,
                name: name.to_string(),
                members,
            },
        );
        Ok(Response::ConvGroupCreated { id, results })
    }

    pub fn delete_conv_group(
        &mut self,
        user: &str,
        session: Option<SessionId>,
        name: &str,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let g = self.user(user).conv_groups.delete(name)?;
        out.push(
            user,
            session,
            PushBody::ConvGroupDeleted {
                id: g.id,
                name: g.name,
            },
        );
        Ok(Response::ConvGroupDeleted { id: g.id })
    }

    pub fn rename_conv_group(
        &mut self,
        user: &str,
        session: Option<SessionId>,
        old: &str,
        new: &str,
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let (id, changed) = self.user(user).conv_groups.rename(old, new)?;
        if changed {
            out.push(
                user,
                session,
                PushBody::ConvGroupRenamed {
                    id,
                    old: old.to_string(),
                    new: new.to_string(),
                },
            );
        }
        Ok(Response::ConvGroupRenamed { id, changed })
    }

    pub fn update_conv_group(
        &mut self,
        user: &str,
        session: Option<SessionId>,
        name: &str,
        add: bool,
        ids: &[String],
        out: &mut Outcome,
    ) -> Result<Response, Error> {
        let (results, changed) = self.user(user).conv_groups.update(name, add, ids)?;
        if !changed.is_empty() {
            let (added, removed) = if add {
                (changed, Vec::new())
            } else {
                (Vec::new(), changed)
            };
            out.push(
                user,
                session,
                PushBody::ConvGroupMembers {
                    name: name.to_string(),
                    added,
                    removed,
                },
            );
        }
        Ok(Response::ConvGroupUpdated { results })
    }
}

impl Cloud {
    /// A user's conversation groups and their members, in order (the admin's get_contact_group).
    pub fn conversation_groups_of(&self, user: &str) -> Vec<(String, Vec<String>)> {
        self.users
            .get(user)
            .map(|s| {
                s.conv_groups
                    .groups
                    .iter()
                    .map(|g| (g.name.clone(), g.members().cloned().collect()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn create_checks_name_then_duplicate_then_count() {
        let mut g = ConvGroups::default();
        assert_eq!(g.create("", &[]).unwrap_err().code, 51011);
        assert_eq!(
            g.create(&"组".repeat(11), &[]).unwrap_err().code,
            51011,
            "33 bytes"
        );
        assert!(g.create(&"组".repeat(10), &[]).is_ok(), "30 bytes");
        for i in 1..20 {
            g.create(&format!("g{i}"), &[]).unwrap();
        }
        // 20 groups now: a duplicate name is reported before the count.
        assert_eq!(g.create("g1", &[]).unwrap_err().code, 51013);
        assert_eq!(g.create("g21", &[]).unwrap_err().code, 51010);
        assert_eq!(g.create(&"x".repeat(33), &[]).unwrap_err().code, 51011);
    }

    #[test]
    fn rename_checks_existence_then_name_then_duplicate() {
        let mut g = ConvGroups::default();
        g.create("a", &[]).unwrap();
        g.create("b", &[]).unwrap();
        assert_eq!(g.rename("zz", "").unwrap_err().code, 51009);
        assert_eq!(g.rename("a", "").unwrap_err().code, 51011);
        assert_eq!(g.rename("a", "b").unwrap_err().code, 51013);
        assert_eq!(g.rename("a", "a").unwrap(), (1, false));
        assert_eq!(g.rename("a", "c").unwrap(), (1, true));
        assert_eq!(g.list(), vec![(1, "c".to_string()), (2, "b".to_string())]);
    }

    #[test]
    fn membership_limits_and_idempotence() {
        let mut g = ConvGroups::default();
        let many: Vec<String> = (0..1001).map(|i| format!("C2Cu{i}")).collect();
        let (_, results) = g.create("big", &many).unwrap();
        assert!(results[..1000].iter().all(|(_, c)| *c == 0));
        assert_eq!(results[1000].1, 51008);
        let (res, changed) = g.update("big", true, &ids(&["C2Cu0", "C2Cnew"])).unwrap();
        assert_eq!(
            res,
            vec![("C2Cu0".to_string(), 0), ("C2Cnew".to_string(), 51008)]
        );
        assert!(changed.is_empty());
        let (res, changed) = g.update("big", false, &ids(&["C2Cu1", "C2Cnot"])).unwrap();
        assert_eq!(res.iter().map(|r| r.1).collect::<Vec<_>>(), vec![0, 0]);
        assert_eq!(changed, ids(&["C2Cu1"]));
        assert_eq!(g.update("nope", true, &[]).unwrap_err().code, 51009);
        assert_eq!(g.delete("nope").unwrap_err().code, 51009);
        assert_eq!(g.names_of("C2Cu2"), vec!["big".to_string()]);
        g.delete("big").unwrap();
        assert!(g.names_of("C2Cu2").is_empty());
    }
}
