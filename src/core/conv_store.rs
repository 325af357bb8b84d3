//! The client's conversation state: the map, its sorted order (spec §8.4), the
//! conversation-group map (spec §11), list filters (spec §9.1) and the unread total (spec §8.6).

use super::conversation::Conversation;
use super::json::ToJson;
use super::value::Value;
use crate::core::keyed::Keyed;

/// A conversation, its JSON and its revision: a new revision means a new JS object
/// (CONTRACT §6). The JSON doubles as the change detector: equal JSON, no change.
#[derive(Clone, Debug)]
pub struct Entry {
    pub conv: Conversation,
    pub json: String,
    pub rev: u64,
}

/// A place in the list order, with the sort key the conversation had when it was put there.
#[derive(Clone, Debug, Default)]
struct Slot {
    id: String,
    key: [u64; 3],
}

#[derive(Debug, Default)]
pub struct ConvStore {
    entries: Keyed<Entry>,
    /// The list order. Slots not in `moved` are in ascending key order (ties: as placed);
    /// `sort` puts the moved ones back in place.
    order: Vec<Slot>,
    /// Conversations new, or whose sort key changed, or moved by hand since the last `sort`.
    moved: Keyed<()>,
    /// The unread total (spec §8.6), kept as conversations change.
    total: u64,
    /// Conversation groups known to this client: (cloud ID, name), in the cloud's order.
    groups: Vec<(u64, String)>,
    pub sync_completed: bool,
    /// The last total delivered in TOTAL_UNREAD_MESSAGE_COUNT_UPDATED.
    pub emitted_total: u32,
    revs: u64,
    /// Goes up with every change to the visible list (content or order); never goes back, even
    /// across `clear`: the facade caches the list's JS array under it.
    version: u64,
}

impl ConvStore {
    pub fn clear(&mut self) {
        let version = self.version + 1;
        *self = ConvStore {
            version,
            ..ConvStore::default()
        };
    }

    /// See the field: equal versions, equal visible lists.
    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn get(&self, id: &str) -> Option<&Conversation> {
        self.entries.get(id).map(|e| &e.conv)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.entries.contains_key(id)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Inserts or replaces a conversation; returns true when it differs from what was there.
    /// New conversations go to the end; call [`ConvStore::sort`] where the original re-sorts.
    pub fn put(&mut self, conv: Conversation) -> bool {
        let json = conv.to_json();
        match self.entries.get_mut(&conv.conversation_id) {
            Some(e) if e.json == json => false,
            Some(e) => {
                self.revs += 1;
                self.version += 1;
                self.total = self.total - counted(&e.conv) + counted(&conv);
                if sort_key(&e.conv) != sort_key(&conv) {
                    self.moved.insert(conv.conversation_id.clone(), ());
                }
                *e = Entry {
                    conv,
                    json,
                    rev: self.revs,
                };
                true
            }
            None => {
                self.revs += 1;
                self.version += 1;
                self.total += counted(&conv);
                self.order.push(Slot {
                    id: conv.conversation_id.clone(),
                    key: sort_key(&conv),
                });
                self.moved.insert(conv.conversation_id.clone(), ());
                self.entries.insert(
                    conv.conversation_id.clone(),
                    Entry {
                        conv,
                        json,
                        rev: self.revs,
                    },
                );
                true
            }
        }
    }

    /// Changes one conversation in place; bumps its revision when `f` reports a change.
    pub fn update(&mut self, id: &str, f: impl FnOnce(&mut Conversation) -> bool) -> bool {
        let Some(e) = self.entries.get_mut(id) else {
            return false;
        };
        let before = sort_key(&e.conv);
        let was = counted(&e.conv);
        if f(&mut e.conv) {
            self.total = self.total - was + counted(&e.conv);
            self.revs += 1;
            self.version += 1;
            e.rev = self.revs;
            e.json = e.conv.to_json();
            if sort_key(&e.conv) != before {
                self.moved.insert(id.to_string(), ());
            }
            true
        } else {
            false
        }
    }

    /// Every conversation's ID, in list order.
    pub fn ids(&self) -> Vec<String> {
        self.order.iter().map(|s| s.id.clone()).collect()
    }

    pub fn remove(&mut self, id: &str) -> bool {
        if let Some(e) = self.entries.remove(id) {
            self.total -= counted(&e.conv);
            self.order.retain(|x| x.id != id);
            self.moved.remove(id);
            self.version += 1;
            true
        } else {
            false
        }
    }

    /// Sorts as the original (spec §8.4): pinned with a last message, pinned without, unpinned
    /// with, unpinned without; by last-message time, newest first, ties by arrival (CONTRACT §7).
    /// Equal keys keep their order in the list (a stable sort).
    ///
    /// The work follows the change: only the conversations that moved since the last sort are
    /// placed again (sorted among themselves, then merged into the rest, which is in order
    /// already), so one new message at 10k conversations costs one pass, not a sort of all.
    pub fn sort(&mut self) {
        if self.moved.is_empty() {
            return;
        }
        // Which slots moved (a cheap filter first: a slot whose ID's bit is not set did not
        // move, and needs no lookup — most of them, when few moved).
        let mut mask = 0u64;
        for (id, _) in self.moved.iter() {
            mask |= id_bit(id);
        }
        let mut old = std::mem::take(&mut self.order);
        let n = old.len();
        let mut is_moved = vec![false; n];
        let mut moved = Vec::new();
        for i in 0..n {
            if mask & id_bit(&old[i].id) != 0 && self.moved.contains_key(&old[i].id) {
                if let Some(e) = self.entries.get(&old[i].id) {
                    old[i].key = sort_key(&e.conv);
                }
                is_moved[i] = true;
                moved.push(i);
            }
        }
        self.moved = Keyed::new();
        let keys: Vec<[u64; 3]> = moved.iter().map(|&i| old[i].key).collect();
        let moved: Vec<usize> = stable_order(keys).into_iter().map(|j| moved[j]).collect();
        // Merge by (key, place now): exactly what a stable sort of the whole list gives.
        let mut at = Vec::with_capacity(n);
        let mut m = 0;
        for i in 0..n {
            if is_moved[i] {
                continue;
            }
            while m < moved.len() && (old[moved[m]].key, moved[m]) < (old[i].key, i) {
                at.push(moved[m]);
                m += 1;
            }
            at.push(i);
        }
        at.extend_from_slice(&moved[m..]);
        self.order = at
            .into_iter()
            .map(|i| std::mem::take(&mut old[i]))
            .collect();
        self.version += 1;
    }

    /// Visible conversations in list order (spec §8.5).
    pub fn visible(&self) -> impl Iterator<Item = &Entry> {
        self.order
            .iter()
            .filter_map(|s| self.entries.get(&s.id))
            .filter(|e| e.conv.is_visible())
    }

    /// The unread total (spec §8.6), kept as conversations change.
    pub fn total_unread(&self) -> u32 {
        u32::try_from(self.total).unwrap_or(u32::MAX)
    }

    /// `getConversationList(options)` (spec §9.1).
    pub fn list(&self, options: &Value) -> Vec<&Entry> {
        match options {
            Value::Undefined => self.visible().collect(),
            Value::Array(ids) => {
                let mut wanted = Keyed::new();
                for id in ids.iter().filter_map(Value::as_str) {
                    wanted.insert(id.to_string(), ());
                }
                self.visible()
                    .filter(|e| wanted.contains_key(&e.conv.conversation_id))
                    .collect()
            }
            Value::Object(_) => self
                .visible()
                .filter(|e| passes(&e.conv, options))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Visible conversations in conversation group `name`.
    pub fn in_group(&self, name: &str) -> Vec<&Entry> {
        self.visible()
            .filter(|e| e.conv.conversation_group_list.iter().any(|g| g == name))
            .collect()
    }

    // --- conversation-group map (spec §11) ---

    pub fn group_names(&self) -> Vec<String> {
        self.groups.iter().map(|(_, n)| n.clone()).collect()
    }

    pub fn set_groups(&mut self, groups: Vec<(u64, String)>) {
        self.groups = groups;
    }

    /// Sets `map[id] = name` (appending an unknown ID); true when the map changed.
    pub fn set_group(&mut self, id: u64, name: &str) -> bool {
        match self.groups.iter_mut().find(|(i, _)| *i == id) {
            Some((_, n)) if n == name => false,
            Some((_, n)) => {
                *n = name.to_string();
                true
            }
            None => {
                self.groups.push((id, name.to_string()));
                true
            }
        }
    }

    pub fn remove_group(&mut self, id: u64) -> bool {
        let before = self.groups.len();
        self.groups.retain(|(i, _)| *i != id);
        before != self.groups.len()
    }

    /// Adds `name` to a conversation's groups; true if it changed.
    pub fn add_to_group(&mut self, conv_id: &str, name: &str) -> bool {
        self.update(conv_id, |c| {
            if c.conversation_group_list.iter().any(|g| g == name) {
                false
            } else {
                c.conversation_group_list.push(name.to_string());
                true
            }
        })
    }

    /// Removes `name` from a conversation's groups; true if it changed.
    pub fn remove_from_group(&mut self, conv_id: &str, name: &str) -> bool {
        self.update(conv_id, |c| {
            let before = c.conversation_group_list.len();
            c.conversation_group_list.retain(|g| g != name);
            before != c.conversation_group_list.len()
        })
    }

    /// Applies `f` to every conversation holding group `name`; returns whether any changed.
    pub fn for_each_in_group(&mut self, name: &str, f: &mut dyn FnMut(&mut Vec<String>)) -> bool {
        let ids: Vec<String> = self
            .entries
            .values()
            .filter(|e| e.conv.conversation_group_list.iter().any(|g| g == name))
            .map(|e| e.conv.conversation_id.clone())
            .collect();
        let mut changed = false;
        for id in ids {
            changed |= self.update(&id, |c| {
                f(&mut c.conversation_group_list);
                true
            });
        }
        changed
    }
}

/// What a conversation adds to the unread total.
fn counted(c: &Conversation) -> u64 {
    if c.counts_toward_total() {
        u64::from(c.unread_count)
    } else {
        0
    }
}

/// One of 64 bits for an ID, from its length and last byte (IDs of one kind differ there).
fn id_bit(id: &str) -> u64 {
    let last = id.as_bytes().last().copied().unwrap_or(0);
    1u64 << ((id.len() as u32 * 7 + u32::from(last)) % 64)
}

/// Where a conversation sorts (spec §8.4): bucket (pinned with a last message, pinned without,
/// unpinned with, unpinned without), then newest last-message time and arrival first.
fn sort_key(c: &Conversation) -> [u64; 3] {
    let has_time = !c.last_message.is_empty() && c.last_time() != 0;
    let bucket = match (c.is_pinned, has_time) {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (false, false) => 3,
    };
    // Newest first: ascending on the complement.
    let (t, a) = if has_time {
        (c.last_time(), c.last_message.arrival)
    } else {
        (0, 0)
    };
    [bucket, u64::MAX - t, u64::MAX - a]
}

/// The positions of `keys` in ascending order; equal keys keep their order (a stable sort).
/// A bottom-up merge sort written out here: it is the crate's only sort, and the standard
/// library's sorts cost about 4 KB of wasm (the size budget, CONTRACT §1).
pub fn stable_order(keys: Vec<[u64; 3]>) -> Vec<usize> {
    let n = keys.len();
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut l, mut r) = (start, mid);
            for slot in &mut b[start..end] {
                if l < mid && (r >= end || keys[a[l]] <= keys[a[r]]) {
                    *slot = a[l];
                    l += 1;
                } else {
                    *slot = a[r];
                    r += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// The object filters of spec §9.1, ANDed; a value of the wrong kind means "no filter".
fn passes(c: &Conversation, o: &Value) -> bool {
    if let Some(t) = o.get("type").as_str() {
        if (t == "C2C" || t == "GROUP") && c.kind.as_str() != t {
            return false;
        }
    }
    if let Some(m) = o.get("markType").as_number().filter(|n| !n.is_nan()) {
        let ok = if m == 0.0 {
            c.mark_list.is_empty()
        } else {
            c.mark_list.iter().any(|x| *x as f64 == m)
        };
        if !ok {
            return false;
        }
    }
    if let Some(g) = o.get("groupName").as_str() {
        let ok = if g.is_empty() {
            c.conversation_group_list.is_empty()
        } else {
            c.conversation_group_list.iter().any(|x| x == g)
        };
        if !ok {
            return false;
        }
    }
    if let Some(b) = o.get("hasUnreadCount").as_bool() {
        if b != (c.unread_count >= 1) {
            return false;
        }
    }
    if let Some(b) = o.get("hasGroupAtInfo").as_bool() {
        if b != !c.group_at_list.is_empty() {
            return false;
        }
    }
    true
}

impl ConvStore {
    /// Moves `id` to just after the leading run of pinned conversations (spec §8.4).
    pub fn insert_after_pinned(&mut self, id: &str) {
        let Some(i) = self.order.iter().position(|x| x.id == id) else {
            return;
        };
        let slot = self.order.remove(i);
        let at = self
            .order
            .iter()
            .position(|x| !self.entries.get(&x.id).is_some_and(|e| e.conv.is_pinned))
            .unwrap_or(self.order.len());
        self.order.insert(at, slot);
        // Out of key order now: the next sort places it again.
        self.moved.insert(id.to_string(), ());
        self.version += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::stable_order;

    #[test]
    fn the_version_moves_with_every_change_to_the_visible_list_and_only_then() {
        use super::{ConvStore, Conversation};
        let mut s = ConvStore::default();
        let mut v = s.version();
        let mut changed = |s: &ConvStore| {
            let moved = s.version() != v;
            v = s.version();
            moved
        };
        assert!(s.put(Conversation::new("C2Ca")) && changed(&s));
        assert!(
            !s.put(Conversation::new("C2Ca")) && !changed(&s),
            "the same conversation again: no change"
        );
        assert!(
            s.update("C2Ca", |c| std::mem::replace(&mut c.unread_count, 3) != 3) && changed(&s)
        );
        assert!(!s.update("C2Ca", |_| false) && !changed(&s));
        s.put(Conversation::new("C2Cb"));
        changed(&s);
        s.sort();
        assert!(changed(&s));
        s.insert_after_pinned("C2Cb");
        assert!(changed(&s));
        assert!(s.remove("C2Ca") && changed(&s));
        s.clear();
        assert!(
            changed(&s) && s.version() > 0,
            "a cleared store never reuses a version"
        );
    }

    #[test]
    fn stable_order_sorts_and_keeps_ties_in_place() {
        assert_eq!(stable_order(vec![]), Vec::<usize>::new());
        let keys = vec![
            [2, 0, 0],
            [1, 5, 0],
            [2, 0, 0],
            [0, 9, 9],
            [1, 5, 0],
            [1, 4, 0],
            [3, 0, 0],
        ];
        assert_eq!(stable_order(keys.clone()), vec![3, 5, 1, 4, 0, 2, 6]);
        // Against the standard library's stable sort on a larger pseudo-random input.
        let mut x: u64 = 7;
        let big: Vec<[u64; 3]> = (0..1000)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                [x >> 62, (x >> 40) & 3, 0]
            })
            .collect();
        let mut expect: Vec<usize> = (0..big.len()).collect();
        expect.sort_by_key(|&i| big[i]);
        assert_eq!(stable_order(big), expect);
    }
}
