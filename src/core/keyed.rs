//! `Keyed<T>`: a map from string keys to values, for every map of the crate. Each
//! `HashMap<String, T>` instantiates the whole hash table code again for its `T`; here one
//! table of slots serves every map, with the keys in one `Vec` and the values in another, which
//! keeps the wasm several KB smaller (the size budget, CONTRACT §1). Each key is held once: the
//! table (hashbrown's `HashTable`) holds only positions, and compares through the keys' `Vec`.
//! A bulk load (a snapshot's rows) so makes one string per key, not two. Lookups stay O(1);
//! removal swaps the last entry into the freed slot. Iteration order is not meaningful (as
//! with `HashMap`). hashbrown 0.14 rather than a later one: its code came out 180 B gzip
//! smaller in the full build, which has little room left.
//!
//! The table hashes with rustc-hash's Fx hash rather than std's SipHash: conversation IDs are
//! short strings looked up thousands of times per list change, and SipHash was a fifth of the
//! time of a 10k-conversation update. Flooding a map is no threat here: the page's maps hold the
//! user's own state, and a server slice holds one request's rows.

use core::hash::BuildHasher;
use hashbrown::HashTable;

/// The table's hash of a key.
fn hash(key: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// Slots (positions in a `Keyed`'s keys and values) found by the hash of their key. Each key is
/// held once, in `Keyed::keys`. Not generic over the value type: one copy of the hash table's
/// code serves every map.
#[derive(Clone, Debug, Default)]
struct Index(HashTable<u32>);

/// The table's two closures, each made in one place so that the hash table's code is
/// instantiated once for them.
fn hasher(keys: &[String]) -> impl Fn(&u32) -> u64 + '_ {
    move |&i| hash(&keys[i as usize])
}

fn holds<'a>(keys: &'a [String], key: &'a str) -> impl Fn(&u32) -> bool + 'a {
    move |&i| keys[i as usize] == key
}

impl Index {
    fn find(&self, key: &str, keys: &[String]) -> Option<usize> {
        let i = self.0.find(hash(key), holds(keys, key))?;
        Some(*i as usize)
    }

    /// The slot of `key`; when missing, `key` takes the next slot (`keys.len()`) and `Err` says
    /// so.
    fn find_or_put(&mut self, key: &str, keys: &[String]) -> Result<usize, usize> {
        let n = keys.len();
        match self.0.entry(hash(key), holds(keys, key), hasher(keys)) {
            hashbrown::hash_table::Entry::Occupied(o) => Ok(*o.get() as usize),
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(n as u32);
                Err(n)
            }
        }
    }

    /// Takes `key` out; its slot's entry is then to be swapped out for the last one's.
    fn remove(&mut self, key: &str, keys: &[String]) -> Option<usize> {
        let e = self.0.find_entry(hash(key), holds(keys, key)).ok()?;
        let i = e.remove().0 as usize;
        // The last entry moves into the freed place: its slot follows it.
        let last = keys.len() - 1;
        if i != last {
            let moved = &keys[last];
            if let Ok(mut e) = self.0.find_entry(hash(moved), holds(keys, moved)) {
                *e.get_mut() = i as u32;
            }
        }
        Some(i)
    }

    fn reserve(&mut self, n: usize, keys: &[String]) {
        self.0.reserve(n, hasher(keys));
    }

    /// Indexes `keys` again.
    fn rebuild(&mut self, keys: &[String]) {
        self.0.clear();
        for (i, k) in keys.iter().enumerate() {
            self.0.insert_unique(hash(k), i as u32, hasher(keys));
        }
    }
}

#[derive(Clone, Debug)]
pub struct Keyed<T> {
    index: Index,
    keys: Vec<String>,
    values: Vec<T>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed {
            index: Index::default(),
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T> Keyed<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        let i = self.index.find(key, &self.keys)?;
        Some(&self.values[i])
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        let i = self.index.find(key, &self.keys)?;
        Some(&mut self.values[i])
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.index.find(key, &self.keys).is_some()
    }

    /// Sets the value of `key`; returns the previous one.
    pub fn insert(&mut self, key: String, value: T) -> Option<T> {
        // One hash of the key, found or not (a bulk load inserts tens of thousands).
        match self.index.find_or_put(&key, &self.keys) {
            Ok(i) => Some(std::mem::replace(&mut self.values[i], value)),
            Err(_) => {
                self.keys.push(key);
                self.values.push(value);
                None
            }
        }
    }

    /// The value of `key`, inserted from `make` when missing.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> T) -> &mut T {
        let i = match self.index.find_or_put(key, &self.keys) {
            Ok(i) => i,
            Err(i) => {
                self.keys.push(key.to_string());
                self.values.push(make());
                i
            }
        };
        &mut self.values[i]
    }

    pub fn remove(&mut self, key: &str) -> Option<T> {
        let i = self.index.remove(key, &self.keys)?;
        self.keys.swap_remove(i);
        Some(self.values.swap_remove(i))
    }

    /// Room for `n` more entries (a bulk load grows once).
    pub fn reserve(&mut self, n: usize) {
        self.index.reserve(n, &self.keys);
        self.keys.reserve(n);
        self.values.reserve(n);
    }

    pub fn clear(&mut self) {
        self.index.0.clear();
        self.keys.clear();
        self.values.clear();
    }

    /// Keeps the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut T) -> bool) {
        let mut kept = 0;
        for i in 0..self.keys.len() {
            if keep(&self.keys[i], &mut self.values[i]) {
                self.keys.swap(kept, i);
                self.values.swap(kept, i);
                kept += 1;
            }
        }
        if kept != self.keys.len() {
            self.keys.truncate(kept);
            self.values.truncate(kept);
            self.index.rebuild(&self.keys);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.keys.iter().zip(&self.values)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut T)> {
        self.keys.iter().zip(&mut self.values)
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.values.iter()
    }
}

/// Equal when both hold the same keys with equal values, in any order.
impl<T: PartialEq> PartialEq for Keyed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

#[cfg(test)]
mod tests {
    use super::Keyed;

    #[test]
    fn behaves_as_a_map() {
        let mut m = Keyed::new();
        assert_eq!(m.insert("a".into(), 1), None);
        assert_eq!(m.insert("b".into(), 2), None);
        assert_eq!(m.insert("c".into(), 3), None);
        assert_eq!(m.insert("a".into(), 10), Some(1));
        assert_eq!(m.remove("a"), Some(10));
        assert_eq!(
            (m.get("b"), m.get("c"), m.get("a"), m.len()),
            (Some(&2), Some(&3), None, 2)
        );
        *m.get_or_insert_with("d", || 4) += 1;
        *m.get_or_insert_with("b", || 0) += 1;
        assert_eq!((m.get("d"), m.get("b")), (Some(&5), Some(&3)));
        m.retain(|k, _| k != "c");
        assert_eq!((m.get("c"), m.get("d"), m.len()), (None, Some(&5), 2));
        let mut other = Keyed::new();
        other.insert("d".into(), 5);
        other.insert("b".into(), 3);
        assert_eq!(m, other);
        assert_eq!(m.remove("zz"), None);
    }

    #[test]
    fn matches_a_std_map_through_many_changes() {
        // Inserts, removals (each moving the last entry into the freed place), retains and
        // lookups, checked against std's map after every step.
        let mut m = Keyed::new();
        let mut std = std::collections::HashMap::new();
        let mut x: u32 = 7;
        for step in 0..20_000u32 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let key = format!("k{}", (x >> 8) % 500);
            match (x >> 4) % 8 {
                0..=3 => assert_eq!(m.insert(key.clone(), step), std.insert(key, step)),
                4 | 5 => assert_eq!(m.remove(&key), std.remove(&key)),
                6 => assert_eq!(
                    *m.get_or_insert_with(&key, || step),
                    *std.entry(key).or_insert(step)
                ),
                _ if step % 97 == 0 => {
                    m.retain(|k, v| !(k.len() + *v as usize).is_multiple_of(3));
                    std.retain(|k, v| !(k.len() + *v as usize).is_multiple_of(3));
                }
                _ => assert_eq!(m.get(&key), std.get(&key)),
            }
            assert_eq!(m.len(), std.len());
        }
        for (k, v) in &std {
            assert_eq!(m.get(k), Some(v));
        }
        assert_eq!(m.iter().count(), std.len());
    }
}
