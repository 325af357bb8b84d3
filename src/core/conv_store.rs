//! The client's conversation state: the map, its sorted order (spec §8.4), the
//! conversation-group map (spec §11), list filters (spec §9.1) and the unread total (spec §8.6).
//!
//! Each conversation has a small number, its handle, for as long as it is in the store: entries
//! live in a table by handle and the order is a list of handles, so walking the list, sorting it
//! and telling the facade what changed index arrays instead of hashing IDs. The facade keeps its
//! JS objects by the same handles (`src/wasm/objects.rs`).

use super::conversation::Conversation;
use super::value::Value;
use crate::core::keyed::Keyed;

/// A conversation and its revision: a new revision means a new JS object (CONTRACT §6).
#[derive(Clone, Debug)]
pub struct Entry {
    pub conv: Conversation,
    pub rev: u64,
    /// Its place in the store's table, stable while it stays in the store.
    pub handle: u32,
}

/// Per handle: the sort key its slot was placed with, and the bits of its conversation's
/// groups (`ConvStore::names`): a dense array that listing a group scans.
#[derive(Clone, Copy, Debug, Default)]
struct Placed {
    key: [u64; 3],
    groups: u64,
}

/// A place in the list order, with the sort key the conversation had when it was put there.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    handle: u32,
    key: [u64; 3],
}

#[derive(Debug, Default)]
pub struct ConvStore {
    /// ID → handle.
    index: Keyed<u32>,
    /// Entries by handle (`None`: a free handle, listed in `free`).
    table: Vec<Option<Entry>>,
    free: Vec<u32>,
    /// Per handle: new, or its sort key changed, or moved by hand since the last `sort`.
    moved: Vec<bool>,
    /// The handles flagged in `moved`, in flagging order (some may have been removed since;
    /// empty: nothing to sort).
    moved_list: Vec<u32>,
    /// Per handle: the sort key its slot was placed with, and its conversation groups' bits.
    placed: Vec<Placed>,
    /// Per handle: whether the conversation is in the visible list (spec §8.5), so the list's
    /// handles are one pass over dense arrays.
    shown: Vec<bool>,
    /// How many conversations are in the store but not visible: none (the usual case) makes a
    /// visible index a list index.
    hidden: u32,
    /// How the visible list's order changed since the facade last laid it out: conversations
    /// moved one at a time (visible index from, to), or in any other way (`relaid`).
    moves: Vec<(u32, u32)>,
    relaid: bool,
    /// Per handle: changed (or removed) since the facade last took the changes: 1 only its
    /// conversation groups, 2 anything.
    dirty: Vec<u8>,
    dirty_list: Vec<u32>,
    /// The list order. Slots not moved are in ascending key order (ties: as placed); `sort`
    /// puts the moved ones back in place.
    order: Vec<Slot>,
    /// The unread total (spec §8.6), kept as conversations change.
    total: u64,
    /// Conversation-group names given a bit in each handle's `Placed::groups`, in order of first
    /// sight: listing a group, renaming or deleting it then scans a dense array instead of every
    /// conversation's list of names. Up to 64 names have one at a time (a deleted or renamed
    /// group's is freed); a name without a bit is looked for in the lists.
    /// Invariant: a conversation has the bit of a name exactly when its list holds that name (a
    /// name takes a bit when first seen, in any conversation).
    names: Names,
    /// Conversation groups known to this client: (cloud ID, name), in the cloud's order.
    groups: Vec<(u64, String)>,
    pub sync_completed: bool,
    /// The last total delivered in TOTAL_UNREAD_MESSAGE_COUNT_UPDATED.
    pub emitted_total: u32,
    revs: u64,
    /// The subscribed filters' unread counts (`subscribeUnreadMessageCountByFilter`), kept as
    /// conversations change, as the total is.
    #[cfg(feature = "full")]
    pub subs: Vec<Sub>,
}

/// A subscribed filter (its normal form, `client/by_filter.rs`), its unread count and the count
/// last delivered in UNREAD_MESSAGE_COUNT_BY_FILTER_UPDATED.
#[cfg(feature = "full")]
#[derive(Debug)]
pub struct Sub {
    pub filter: Value,
    pub count: u64,
    pub emitted: u64,
}

/// Takes a conversation's unread count out of (or puts it into) the counts of the subscribed
/// filters it passes.
#[cfg(feature = "full")]
#[inline(never)]
fn adjust(subs: &mut [Sub], c: &Conversation, add: bool) {
    // Nothing subscribed (the usual case): no work on the store's hot paths.
    if subs.is_empty() {
        return;
    }
    let n = counted(c);
    if n == 0 {
        return;
    }
    for s in subs.iter_mut().filter(|s| passes(c, &s.filter)) {
        s.count = if add {
            s.count + n
        } else {
            s.count.saturating_sub(n)
        };
    }
}

/// Equal as the app sees them: the arrival order (the sort's tie-break) is not part of the
/// object, so a conversation that differs only there is not a change.
fn same(a: &Conversation, b: &Conversation) -> bool {
    #[cfg(feature = "full")]
    if a.last_message.revoker != b.last_message.revoker {
        return false;
    }
    a.last_message.payload == b.last_message.payload
        && a.last_message.time == b.last_message.time
        && a.last_message.sequence == b.last_message.sequence
        && a.last_message.from == b.last_message.from
        && a.last_message.cloud_custom_data == b.last_message.cloud_custom_data
        && a.last_message.nick == b.last_message.nick
        && a.last_message.name_card == b.last_message.name_card
        && a.last_message.is_peer_read == b.last_message.is_peer_read
        && a.last_message.message_for_show == b.last_message.message_for_show
        && a.conversation_id == b.conversation_id
        && a.unread_count == b.unread_count
        && a.kind == b.kind
        && a.is_info_completed == b.is_info_completed
        && a.peer_read_time == b.peer_read_time
        && a.group_at_list == b.group_at_list
        && a.remark == b.remark
        && a.is_pinned == b.is_pinned
        && a.message_remind_type == b.message_remind_type
        && a.mark_list == b.mark_list
        && a.custom_data == b.custom_data
        && a.conversation_group_list == b.conversation_group_list
        && a.draft_text == b.draft_text
        && a.user_profile == b.user_profile
        && a.group_profile == b.group_profile
        && a.sub_type == b.sub_type
}

/// What changed in a conversation the facade has not seen yet.
const GROUPS: u8 = 1;
const FULL: u8 = 2;

/// The per-handle value of `h` in `v`, which grows (with defaults) to hold it.
fn slot<T: Clone + Default>(v: &mut Vec<T>, h: u32) -> &mut T {
    let i = h as usize;
    if v.len() <= i {
        v.resize(i + 1, T::default());
    }
    &mut v[i]
}

/// Conversation-group names given bits (`ConvStore::names`): at most 64, a free one `""`.
#[derive(Debug, Default)]
struct Names {
    list: Vec<String>,
    /// A name was refused a bit (all 64 taken): a name without one may be in a list now, and
    /// one could not be set on those lists, so no name takes a bit any more.
    crowded: bool,
}

impl Names {
    /// The bit of group `name`; 0 when it has none (or is `""`).
    fn bit(&self, name: &str) -> u64 {
        // From the last: a group's change looks its name up for each of its conversations, and
        // the group made last is the usual one.
        match self.list.iter().rposition(|n| n == name) {
            Some(i) if !name.is_empty() => 1 << i,
            _ => 0,
        }
    }

    /// The bit of group `name`; a name seen first takes a free one while there is one.
    fn intern(&mut self, name: &str) -> u64 {
        let bit = self.bit(name);
        if bit != 0 || name.is_empty() || self.crowded {
            return bit;
        }
        // A free bit: one freed, or a new one while fewer than 64.
        if self.list.len() < 64 {
            self.list.push(String::new());
        }
        let Some(i) = self.list.iter().position(String::is_empty) else {
            self.crowded = true;
            return 0;
        };
        if let Some(n) = self.list.get_mut(i) {
            name.clone_into(n);
        }
        1 << i
    }

    /// Frees `bit`, which no conversation has any more.
    fn free(&mut self, bit: u64) {
        if let Some(n) = self.list.get_mut(bit.trailing_zeros() as usize) {
            n.clear();
        }
    }
}

fn is_set(v: &[bool], h: u32) -> bool {
    v.get(h as usize).copied().unwrap_or(false)
}

impl ConvStore {
    /// Forgets everything; the facade lays its list out again.
    pub fn clear(&mut self) {
        *self = ConvStore {
            relaid: true,
            ..ConvStore::default()
        };
    }

    fn at(&self, h: u32) -> Option<&Entry> {
        self.table.get(h as usize).and_then(Option::as_ref)
    }

    /// The entry of a handle (`None` once its conversation is removed).
    pub fn by_handle(&self, h: u32) -> Option<&Entry> {
        self.at(h)
    }

    pub fn get(&self, id: &str) -> Option<&Conversation> {
        self.entry(id).map(|e| &e.conv)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.index.get(id).and_then(|h| self.at(*h))
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Room for `n` more conversations (a login's load grows each array once).
    pub fn reserve(&mut self, n: usize) {
        self.index.reserve(n);
        self.table.reserve(n);
        self.order.reserve(n);
        self.moved_list.reserve(n);
        self.dirty_list.reserve(n);
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// A change to the entry at `h`: a new revision, and the facade told.
    fn touch(&mut self, h: u32) -> u64 {
        self.touch_as(h, FULL)
    }

    fn show(&mut self, h: u32, visible: bool) {
        if std::mem::replace(slot(&mut self.shown, h), visible) != visible {
            self.relaid = true;
            if visible {
                self.hidden -= 1;
            } else {
                self.hidden += 1;
            }
        }
    }

    /// How the visible list's order changed since the last call: `Some(moves)`, each a visible
    /// conversation taken from one index and put at another, in order (none: the same order);
    /// `None` when it changed otherwise, and is to be laid out again from `visible_handles`.
    pub fn take_layout(&mut self) -> Option<Vec<(u32, u32)>> {
        let moves = std::mem::take(&mut self.moves);
        if std::mem::replace(&mut self.relaid, false) {
            None
        } else {
            Some(moves)
        }
    }

    /// Visible conversations in `order[..end]`.
    fn shown_before(&self, end: usize) -> u32 {
        if self.hidden == 0 {
            return end as u32;
        }
        let mut n = 0;
        for s in self.order.get(..end).unwrap_or_default() {
            n += u32::from(is_set(&self.shown, s.handle));
        }
        n
    }

    fn touch_as(&mut self, h: u32, kind: u8) -> u64 {
        self.revs += 1;
        let dirty = slot(&mut self.dirty, h);
        if *dirty == 0 {
            self.dirty_list.push(h);
        }
        *dirty = (*dirty).max(kind);
        self.revs
    }

    fn mark_moved(&mut self, h: u32) {
        if !std::mem::replace(slot(&mut self.moved, h), true) {
            self.moved_list.push(h);
        }
    }

    /// The slot of `h` is placed with `key`.
    fn place(&mut self, h: u32, key: [u64; 3]) {
        slot(&mut self.placed, h).key = key;
    }

    /// One conversation moved (a new message, the usual case): found by binary search on the
    /// key it was placed with and moved to its new place, without a pass over the list. Gives
    /// up (false, nothing changed) where the list is not in the shape this needs — a slot not
    /// where its key says, or an equal key next to the new place (a stable sort decides those
    /// by position) — and the merge does the work.
    fn sort_one(&mut self, h: u32) -> bool {
        let (Some(&Placed { key: old, .. }), Some(e)) = (self.placed.get(h as usize), self.at(h))
        else {
            return false;
        };
        let new = sort_key(&e.conv);
        let i = self.order.partition_point(|s| s.key < old);
        let o = &self.order;
        // It must be where its key says: between neighbours that bracket its key (a slot moved
        // by hand is not, and the others are in order, so then everything before it is below
        // and everything after it above).
        let placed = o.get(i).is_some_and(|s| s.handle == h)
            && (i == 0 || o[i - 1].key <= old)
            && o.get(i + 1).is_none_or(|s| old <= s.key);
        if !placed {
            return false;
        }
        let from = is_set(&self.shown, h).then(|| self.shown_before(i));
        let o = &self.order;
        let tie = |p: usize| o.get(p).is_some_and(|s| s.key == new);
        let p = if new < old {
            let p = o[..i].partition_point(|s| s.key < new);
            if tie(p) && p < i {
                return false;
            }
            // A rotation by one, as `copy_within` (a memmove): `rotate_*` brings 800 B of wasm.
            let s = self.order[i];
            self.order.copy_within(p..i, p + 1);
            self.order[p] = s;
            p
        } else {
            let p = i + 1 + o[i + 1..].partition_point(|s| s.key < new);
            if tie(p) || (p > i + 1 && tie(p - 1)) {
                return false;
            }
            let s = self.order[i];
            self.order.copy_within(i + 1..p, i);
            self.order[p - 1] = s;
            p - 1
        };
        self.order[p].key = new;
        self.place(h, new);
        if let Some(from) = from {
            // Its visible index before, and among the others after (where it goes back in).
            let to = self.shown_before(p);
            if from != to {
                self.moves.push((from, to));
            }
        }
        true
    }

    /// The handles changed or removed since the last call, each once, with whether only their
    /// conversation groups changed (the facade builds their JS objects again, or drops them).
    pub fn take_changed(&mut self) -> Vec<(u32, bool)> {
        let list = std::mem::take(&mut self.dirty_list);
        let mut out = Vec::with_capacity(list.len());
        for h in list {
            let kind = std::mem::replace(&mut self.dirty[h as usize], 0);
            out.push((h, kind == GROUPS));
        }
        out
    }

    /// Inserts or replaces a conversation; returns true when it differs from what was there.
    /// New conversations go to the end; call [`ConvStore::sort`] where the original re-sorts.
    pub fn put(&mut self, conv: Conversation) -> bool {
        if let Some(&h) = self.index.get(&conv.conversation_id) {
            let Some(e) = self.table.get(h as usize).and_then(Option::as_ref) else {
                return false;
            };
            if same(&e.conv, &conv) {
                return false;
            }
            #[cfg(feature = "full")]
            {
                adjust(&mut self.subs, &e.conv, false);
                adjust(&mut self.subs, &conv, true);
            }
            let (was, key) = (counted(&e.conv), sort_key(&e.conv));
            let rev = self.touch(h);
            self.total = self.total - was + counted(&conv);
            if sort_key(&conv) != key {
                self.mark_moved(h);
            }
            self.show(h, conv.is_visible());
            self.table[h as usize] = Some(Entry {
                conv,
                rev,
                handle: h,
            });
            self.remask(h);
            return true;
        }
        let h = match self.free.pop() {
            Some(h) => h,
            None => {
                self.table.push(None);
                (self.table.len() - 1) as u32
            }
        };
        let rev = self.touch(h);
        self.total += counted(&conv);
        #[cfg(feature = "full")]
        adjust(&mut self.subs, &conv, true);
        let key = sort_key(&conv);
        self.order.push(Slot { handle: h, key });
        self.relaid = true;
        self.place(h, key);
        self.mark_moved(h);
        // A new entry counts as hidden until shown (its handle's flag is clear).
        self.hidden += 1;
        self.show(h, conv.is_visible());
        self.index.insert(conv.conversation_id.clone(), h);
        self.table[h as usize] = Some(Entry {
            conv,
            rev,
            handle: h,
        });
        self.remask(h);
        true
    }

    /// Changes one conversation in place; bumps its revision when `f` reports a change.
    pub fn update(&mut self, id: &str, f: impl FnOnce(&mut Conversation) -> bool) -> bool {
        match self.index.get(id) {
            Some(&h) => self.update_at(h, f),
            None => false,
        }
    }

    fn update_at(&mut self, h: u32, f: impl FnOnce(&mut Conversation) -> bool) -> bool {
        let Some(e) = self.table.get_mut(h as usize).and_then(Option::as_mut) else {
            return false;
        };
        let before = sort_key(&e.conv);
        let was = counted(&e.conv);
        // `f` leaves the groups alone (`update_groups_at` changes them, and their bits).
        #[cfg(debug_assertions)]
        let groups = e.conv.conversation_group_list.clone();
        #[cfg(feature = "full")]
        adjust(&mut self.subs, &e.conv, false);
        let changed = f(&mut e.conv);
        #[cfg(debug_assertions)]
        debug_assert_eq!(groups, e.conv.conversation_group_list);
        #[cfg(feature = "full")]
        adjust(&mut self.subs, &e.conv, true);
        if !changed {
            return false;
        }
        let (now, key, visible) = (counted(&e.conv), sort_key(&e.conv), e.conv.is_visible());
        let rev = self.touch(h);
        self.show(h, visible);
        if let Some(e) = self.table.get_mut(h as usize).and_then(Option::as_mut) {
            e.rev = rev;
        }
        self.total = self.total - was + now;
        if key != before {
            self.mark_moved(h);
        }
        true
    }

    /// Every conversation's ID, in list order.
    pub fn ids(&self) -> Vec<String> {
        self.order
            .iter()
            .filter_map(|s| self.at(s.handle))
            .map(|e| e.conv.conversation_id.clone())
            .collect()
    }

    pub fn remove(&mut self, id: &str) -> bool {
        let Some(h) = self.index.remove(id) else {
            return false;
        };
        if let Some(e) = self.table.get_mut(h as usize).and_then(Option::take) {
            self.total -= counted(&e.conv);
            #[cfg(feature = "full")]
            adjust(&mut self.subs, &e.conv, false);
        }
        self.order.retain(|x| x.handle != h);
        self.relaid = true;
        slot(&mut self.placed, h).groups = 0;
        if let Some(m) = self.moved.get_mut(h as usize) {
            *m = false;
        }
        // Its handle's flag is cleared for the next entry to use it.
        if !std::mem::take(slot(&mut self.shown, h)) {
            self.hidden -= 1;
        }
        self.touch(h);
        self.free.push(h);
        true
    }

    /// Sorts as the original (spec §8.4): pinned with a last message, pinned without, unpinned
    /// with, unpinned without; by last-message time, newest first, ties by arrival (CONTRACT §7).
    /// Equal keys keep their order in the list (a stable sort).
    ///
    /// The work follows the change: only the conversations that moved since the last sort are
    /// placed again (sorted among themselves, then merged into the rest, which is in order
    /// already), so one new message at 10k conversations costs one pass, not a sort of all.
    pub fn sort(&mut self) {
        if self.moved_list.is_empty() {
            return;
        }
        let list = std::mem::take(&mut self.moved_list);
        let mut live = list.iter().filter(|&&h| is_set(&self.moved, h));
        if let (Some(&h), None) = (live.next(), live.next()) {
            self.moved[h as usize] = false;
            if self.sort_one(h) {
                return;
            }
            self.moved[h as usize] = true;
        }
        let mut old = std::mem::take(&mut self.order);
        let n = old.len();
        let mut is_moved = vec![false; n];
        let mut moved = Vec::new();
        for i in 0..n {
            let h = old[i].handle;
            if is_set(&self.moved, h) {
                self.moved[h as usize] = false;
                if let Some(e) = self.at(h) {
                    old[i].key = sort_key(&e.conv);
                }
                let key = old[i].key;
                self.place(h, key);
                is_moved[i] = true;
                moved.push(i);
            }
        }
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
                at.push(old[moved[m]]);
                m += 1;
            }
            at.push(old[i]);
        }
        for &i in &moved[m..] {
            at.push(old[i]);
        }
        self.order = at;
        self.relaid = true;
    }

    /// Visible conversations in list order (spec §8.5).
    pub fn visible(&self) -> impl Iterator<Item = &Entry> {
        self.visible_in("")
    }

    /// Visible conversations in list order; when group `name` has a bit, only those in it.
    /// `""`: all of them.
    fn visible_in(&self, name: &str) -> impl Iterator<Item = &Entry> {
        let bit = self.bit(name);
        self.order.iter().filter_map(move |s| {
            self.has(s.handle, bit)
                .then(|| self.at(s.handle))
                .flatten()
                .filter(|e| e.conv.is_visible())
        })
    }

    /// Whether handle `h` may be in the group of `bit` (0: any).
    fn has(&self, h: u32, bit: u64) -> bool {
        bit == 0
            || self
                .placed
                .get(h as usize)
                .is_some_and(|p| p.groups & bit != 0)
    }

    /// The bit of group `name`; 0 when it has none (or is `""`).
    fn bit(&self, name: &str) -> u64 {
        self.names.bit(name)
    }

    /// Sets the bits of the conversation at `h` from its groups.
    #[inline(never)]
    fn remask(&mut self, h: u32) {
        let Some(e) = self.table.get(h as usize).and_then(Option::as_ref) else {
            return;
        };
        let mut mask = 0;
        for g in &e.conv.conversation_group_list {
            mask |= self.names.intern(g);
        }
        slot(&mut self.placed, h).groups = mask;
    }

    /// The handles of the visible conversations, in list order.
    pub fn visible_handles(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.order.len());
        for s in &self.order {
            if is_set(&self.shown, s.handle) {
                out.push(s.handle);
            }
        }
        out
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
            Value::Object(_) => {
                let mut f = Filter::of(options);
                let group = f.group.unwrap_or_default();
                // A group with a bit: the bits say who is in it.
                if self.bit(group) != 0 {
                    f.group = None;
                }
                self.visible_in(group)
                    .filter(|e| f.passes(&e.conv))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// The unread count of the conversations `filter` (a normal form) passes, counted as the
    /// total is (Do-Not-Disturb ones left out).
    #[cfg(feature = "full")]
    pub fn unread_by(&self, filter: &Value) -> u64 {
        let f = Filter::of(filter);
        self.table
            .iter()
            .flatten()
            .filter(|e| f.passes(&e.conv))
            .map(|e| counted(&e.conv))
            .sum()
    }

    /// Visible conversations in conversation group `name` (a group's name: `""` lists those in
    /// none, as the filter does).
    pub fn in_group(&self, name: &str) -> Vec<&Entry> {
        self.list(&Value::Object(vec![(
            "groupName".into(),
            Value::Str(name.to_string()),
        )]))
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

    /// The groups in a new order (`setConversationGroupOrder`); each conversation's group list
    /// follows it, as a new login lists it. Whether any conversation's list changed.
    #[cfg(feature = "full")]
    pub fn reorder_groups(&mut self, groups: Vec<(u64, String)>) -> bool {
        self.groups = groups;
        let handles: Vec<u32> = self
            .table
            .iter()
            .flatten()
            .filter(|e| e.conv.conversation_group_list.len() > 1)
            .map(|e| e.handle)
            .collect();
        let order = self.group_names();
        let mut changed = false;
        for h in handles {
            let Some(e) = self.table.get_mut(h as usize).and_then(Option::as_mut) else {
                continue;
            };
            let list = &e.conv.conversation_group_list;
            // The known groups in `order`'s order, then the others as they were.
            let mut sorted: Vec<String> = Vec::new();
            for n in &order {
                if list.contains(n) {
                    sorted.push(n.clone());
                }
            }
            for g in list {
                if !order.contains(g) {
                    sorted.push(g.clone());
                }
            }
            if sorted != *list {
                changed |= self.update_groups_at(h, |list| {
                    *list = sorted;
                    true
                });
            }
        }
        changed
    }

    pub fn remove_group(&mut self, id: u64) -> bool {
        let before = self.groups.len();
        self.groups.retain(|(i, _)| *i != id);
        before != self.groups.len()
    }

    /// Adds `name` to a conversation's groups, in the user's order of groups (as a new login
    /// lists them); true if it changed.
    #[inline(never)]
    pub fn add_to_group(&mut self, conv_id: &str, name: &str) -> bool {
        let Some(&h) = self.index.get(conv_id) else {
            return false;
        };
        let groups = &self.groups;
        let rank = |g: &str| {
            groups
                .iter()
                .position(|(_, n)| n == g)
                .unwrap_or(usize::MAX)
        };
        let Some(e) = self.table.get(h as usize).and_then(Option::as_ref) else {
            return false;
        };
        let list = &e.conv.conversation_group_list;
        // A new group is the last one (the usual case): one comparison.
        let mine = match groups.last() {
            Some((_, n)) if n == name => groups.len() - 1,
            _ => rank(name),
        };
        if mine == usize::MAX && list.iter().any(|g| g == name) {
            return false;
        }
        // Where it goes: after the entries ranked before it. A list follows the groups' order
        // (as every change keeps it), so each entry is looked for from where the last was found:
        // one pass over the groups for the whole list (an entry not found that way is looked up
        // anew), which also finds `name` already there.
        let (mut from, mut at) = (0, 0);
        for g in list {
            let r = match groups
                .get(from..)
                .and_then(|rest| rest.iter().position(|(_, n)| n == g))
            {
                Some(p) => {
                    from += p + 1;
                    from - 1
                }
                None => rank(g),
            };
            if r == mine && mine != usize::MAX {
                return false;
            }
            if r <= mine {
                at += 1;
            }
        }
        let added = self.update_groups_at(h, |list| {
            list.insert(at, name.to_string());
            true
        });
        slot(&mut self.placed, h).groups |= self.names.intern(name);
        added
    }

    /// Removes `name` from a conversation's groups; true if it changed.
    pub fn remove_from_group(&mut self, conv_id: &str, name: &str) -> bool {
        let Some(&h) = self.index.get(conv_id) else {
            return false;
        };
        let removed = self.update_groups_at(h, |list| {
            let before = list.len();
            list.retain(|g| g != name);
            before != list.len()
        });
        slot(&mut self.placed, h).groups &= !self.bit(name);
        removed
    }

    /// Changes a conversation's group list: nothing else (its place, the unread total, whether
    /// it is visible) depends on it, so nothing else is looked at.
    fn update_groups_at(&mut self, h: u32, f: impl FnOnce(&mut Vec<String>) -> bool) -> bool {
        let Some(e) = self.table.get_mut(h as usize).and_then(Option::as_mut) else {
            return false;
        };
        // Subscribed filters may name a group.
        #[cfg(feature = "full")]
        adjust(&mut self.subs, &e.conv, false);
        let changed = f(&mut e.conv.conversation_group_list);
        #[cfg(feature = "full")]
        adjust(&mut self.subs, &e.conv, true);
        if !changed {
            return false;
        }
        let rev = self.touch_as(h, GROUPS);
        if let Some(e) = self.table.get_mut(h as usize).and_then(Option::as_mut) {
            e.rev = rev;
        }
        true
    }

    /// Takes group `name` out of every conversation's list (`new`: `None`), or renames it there
    /// to `new`; whether any changed.
    pub fn regroup_all(&mut self, name: &str, new: Option<&str>) -> bool {
        let bit = self.bit(name);
        let mut handles = Vec::new();
        for h in 0..self.table.len() as u32 {
            if self.has(h, bit)
                && self.at(h).is_some_and(|e| {
                    bit != 0 || e.conv.conversation_group_list.iter().any(|g| g == name)
                })
            {
                handles.push(h);
            }
        }
        // The bits follow: the new name's set, the old one's cleared, and then freed (no
        // conversation holds that name now).
        let set = new.map_or(0, |n| self.names.intern(n));
        let mut changed = false;
        for h in handles {
            changed |= self.update_groups_at(h, |list| {
                match new {
                    None => list.retain(|g| g != name),
                    Some(new) => {
                        for g in list.iter_mut() {
                            if g == name {
                                new.clone_into(g);
                            }
                        }
                    }
                }
                true
            });
            let p = slot(&mut self.placed, h);
            p.groups = p.groups & !bit | set;
        }
        if new != Some(name) {
            self.names.free(bit);
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
#[cfg(feature = "full")]
pub(crate) fn passes(c: &Conversation, o: &Value) -> bool {
    Filter::of(o).passes(c)
}

/// A filter object's fields (spec §9.1), read once for a whole list instead of once per
/// conversation.
pub(crate) struct Filter<'a> {
    kind: Option<&'a str>,
    mark: Option<f64>,
    group: Option<&'a str>,
    unread: Option<bool>,
    at: Option<bool>,
}

impl<'a> Filter<'a> {
    pub(crate) fn of(o: &'a Value) -> Self {
        Filter {
            kind: o
                .get("type")
                .as_str()
                .filter(|t| *t == "C2C" || *t == "GROUP"),
            mark: o.get("markType").as_number().filter(|n| !n.is_nan()),
            group: o.get("groupName").as_str(),
            unread: o.get("hasUnreadCount").as_bool(),
            at: o.get("hasGroupAtInfo").as_bool(),
        }
    }

    pub(crate) fn passes(&self, c: &Conversation) -> bool {
        if self.kind.is_some_and(|t| c.kind.as_str() != t) {
            return false;
        }
        if let Some(m) = self.mark {
            let ok = if m == 0.0 {
                c.mark_list.is_empty()
            } else {
                c.mark_list.iter().any(|x| *x as f64 == m)
            };
            if !ok {
                return false;
            }
        }
        if let Some(g) = self.group {
            let ok = if g.is_empty() {
                c.conversation_group_list.is_empty()
            } else {
                c.conversation_group_list.iter().any(|x| x == g)
            };
            if !ok {
                return false;
            }
        }
        if self.unread.is_some_and(|b| b != (c.unread_count >= 1)) {
            return false;
        }
        self.at.is_none_or(|b| b != c.group_at_list.is_empty())
    }
}

impl ConvStore {
    /// Moves `id` to just after the leading run of pinned conversations (spec §8.4).
    pub fn insert_after_pinned(&mut self, id: &str) {
        let Some(&h) = self.index.get(id) else {
            return;
        };
        let Some(i) = self.order.iter().position(|x| x.handle == h) else {
            return;
        };
        let slot = self.order.remove(i);
        let at = self
            .order
            .iter()
            .position(|x| !self.at(x.handle).is_some_and(|e| e.conv.is_pinned))
            .unwrap_or(self.order.len());
        self.order.insert(at, slot);
        self.relaid = true;
        // Out of key order now: the next sort places it again.
        self.mark_moved(h);
    }
}

#[cfg(test)]
mod tests {
    use super::stable_order;

    #[test]
    fn the_facade_is_told_of_every_change_to_the_visible_list_and_only_then() {
        use super::{ConvStore, Conversation};
        let mut s = ConvStore::default();
        // What the facade sees: changed conversations, or a list order that moved.
        let changed = |s: &mut ConvStore| {
            let content = !s.take_changed().is_empty();
            let order = s.take_layout() != Some(vec![]);
            content || order
        };
        assert!(s.put(Conversation::new("C2Ca")) && changed(&mut s));
        assert!(
            !s.put(Conversation::new("C2Ca")) && !changed(&mut s),
            "the same conversation again: no change"
        );
        assert!(
            s.update("C2Ca", |c| std::mem::replace(&mut c.unread_count, 3) != 3) && changed(&mut s)
        );
        assert!(!s.update("C2Ca", |_| false) && !changed(&mut s));
        s.put(Conversation::new("C2Cb"));
        changed(&mut s);
        s.sort();
        assert!(changed(&mut s));
        s.insert_after_pinned("C2Cb");
        assert!(changed(&mut s));
        assert!(s.remove("C2Ca") && changed(&mut s));
        s.clear();
        assert!(changed(&mut s), "a cleared store is laid out again");
    }

    #[test]
    fn the_facade_is_told_each_changed_handle_once_and_handles_are_reused() {
        use super::{ConvStore, Conversation};
        let mut s = ConvStore::default();
        s.put(Conversation::new("C2Ca"));
        s.put(Conversation::new("C2Cb"));
        assert_eq!(s.take_changed(), vec![(0, false), (1, false)]);
        assert_eq!(s.take_changed(), vec![], "nothing new");
        s.add_to_group("C2Ca", "Work");
        assert_eq!(s.take_changed(), vec![(0, true)], "only its groups");
        s.add_to_group("C2Ca", "Home");
        s.update("C2Ca", |c| std::mem::replace(&mut c.unread_count, 1) != 1);
        assert_eq!(s.take_changed(), vec![(0, false)], "groups, then more");
        s.update("C2Ca", |c| std::mem::replace(&mut c.unread_count, 2) != 2);
        s.update("C2Ca", |c| std::mem::replace(&mut c.unread_count, 3) != 3);
        assert!(
            !s.put(s.get("C2Cb").cloned().unwrap()),
            "an equal put is no change"
        );
        assert_eq!(
            s.take_changed(),
            vec![(0, false)],
            "two changes, one mention"
        );
        s.remove("C2Cb");
        assert!(s.by_handle(1).is_none());
        s.put(Conversation::new("C2Cc"));
        assert_eq!(
            s.entry("C2Cc").map(|e| e.handle),
            Some(1),
            "the free handle again"
        );
        assert_eq!(s.take_changed(), vec![(1, false)]);
        s.sort();
        assert_eq!(s.visible_handles().len(), s.visible().count());
        assert_eq!(s.ids(), vec!["C2Ca".to_string(), "C2Cc".to_string()]);
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
