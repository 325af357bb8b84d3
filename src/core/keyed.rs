//! `Keyed<T>`: a map from string keys to values, for every map of the crate. Each
//! `HashMap<String, T>` instantiates the whole hash table code again for its `T`; here one
//! table type (key → slot) serves every map and the values sit in a `Vec`, which keeps the wasm
//! several KB smaller (the size budget, CONTRACT §1). Lookups stay O(1); removal swaps the last
//! value into the freed slot. Iteration order is not meaningful (as with `HashMap`).
//!
//! The table hashes with rustc-hash's Fx hash rather than std's SipHash: conversation IDs are
//! short strings looked up thousands of times per list change, and SipHash was a fifth of the
//! time of a 10k-conversation update. Flooding a map is no threat here: the page's maps hold the
//! user's own state, and a server slice holds one request's rows.

type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

#[derive(Clone, Debug)]
pub struct Keyed<T> {
    index: HashMap<String, u32>,
    items: Vec<(String, T)>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed {
            index: HashMap::default(),
            items: Vec::new(),
        }
    }
}

impl<T> Keyed<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn slot(&self, key: &str) -> Option<usize> {
        self.index.get(key).map(|&i| i as usize)
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.slot(key).map(|i| &self.items[i].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.slot(key).map(|i| &mut self.items[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// Sets the value of `key`; returns the previous one.
    pub fn insert(&mut self, key: String, value: T) -> Option<T> {
        // One hash of the key, found or not (a bulk load inserts tens of thousands).
        match self.index.entry(key) {
            std::collections::hash_map::Entry::Occupied(o) => {
                let i = *o.get() as usize;
                Some(std::mem::replace(&mut self.items[i].1, value))
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                let key = v.key().clone();
                v.insert(self.items.len() as u32);
                self.items.push((key, value));
                None
            }
        }
    }

    /// The value of `key`, inserted from `make` when missing.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> T) -> &mut T {
        let i = match self.slot(key) {
            Some(i) => i,
            None => {
                self.insert(key.to_string(), make());
                self.items.len() - 1
            }
        };
        &mut self.items[i].1
    }

    pub fn remove(&mut self, key: &str) -> Option<T> {
        let i = self.index.remove(key)? as usize;
        let (_, value) = self.items.swap_remove(i);
        if let Some((moved, _)) = self.items.get(i) {
            if let Some(slot) = self.index.get_mut(moved.as_str()) {
                *slot = i as u32;
            }
        }
        Some(value)
    }

    /// Room for `n` more entries (a bulk load grows once).
    pub fn reserve(&mut self, n: usize) {
        self.index.reserve(n);
        self.items.reserve(n);
    }

    pub fn clear(&mut self) {
        self.index.clear();
        self.items.clear();
    }

    /// Keeps the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut T) -> bool) {
        let before = self.items.len();
        self.items.retain_mut(|(k, v)| keep(k, v));
        if self.items.len() != before {
            self.index.clear();
            for (i, (k, _)) in self.items.iter().enumerate() {
                self.index.insert(k.clone(), i as u32);
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.items.iter().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut T)> {
        self.items.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.items.iter().map(|(_, v)| v)
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
}
