//! The store: the system of record. Each key holds a value and a version
//! that counts the writes the store has applied to that key. Also the
//! scenario's description of the store ([`StoreSpec`]).

use alloc::collections::BTreeMap;

use crate::{Key, Value, Version, Versioned};

/// How the store starts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct StoreSpec {
    /// When true, every key of the workload starts in the store with value 0
    /// as `v1`, like the rows of an existing table; when false the store
    /// starts empty and reads of unwritten keys find nothing.
    pub preloaded: bool,
}

impl Default for StoreSpec {
    fn default() -> Self {
        StoreSpec { preloaded: true }
    }
}

/// The store's contents.
#[derive(Clone, Debug, Default)]
pub struct Store {
    rows: BTreeMap<Key, Versioned>,
}

impl Store {
    /// A store holding value 0 as `v1` for each of `keys` keys.
    #[must_use]
    pub fn preloaded(keys: u32) -> Self {
        let mut store = Store::default();
        for k in 0..keys {
            store.write(Key(k), Value(0));
        }
        store
    }

    /// Applies a write and returns the version it got: one more than the
    /// key's previous version.
    pub fn write(&mut self, key: Key, value: Value) -> Version {
        let version = self.version(key).next();
        self.rows.insert(key, Versioned { value, version });
        version
    }

    /// What the store holds for `key`, if anything.
    #[must_use]
    pub fn read(&self, key: Key) -> Option<Versioned> {
        self.rows.get(&key).copied()
    }

    /// The key's current version; `Version(0)` if it was never written.
    #[must_use]
    pub fn version(&self, key: Key) -> Version {
        self.rows.get(&key).map_or(Version(0), |v| v.version)
    }

    /// Every row, by key.
    pub fn rows(&self) -> impl Iterator<Item = (Key, Versioned)> + '_ {
        self.rows.iter().map(|(k, v)| (*k, *v))
    }

    /// How many keys the store holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when nothing was ever written.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
