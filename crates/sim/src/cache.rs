//! The cache node's memory: per key, the value it holds (if any) and the
//! requests for that key that are passing through it right now.

use alloc::collections::BTreeMap;

use crate::time::SimTime;
use crate::{Key, Versioned};

/// What the cache knows about one key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slot {
    /// The value held, if any.
    pub held: Option<Versioned>,
    /// Writes to this key accepted by the cache and not yet acknowledged.
    pub writes_in_flight: u32,
    /// Loads from the store for this key that have not come back.
    pub loads_in_flight: u32,
    /// When the held value last changed.
    pub changed_at: SimTime,
}

/// The state of a cache entry as a student sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum EntryState {
    /// Holds the store's current version and nothing is in flight.
    Clean,
    /// A write to this key is on its way through the cache, not yet acknowledged.
    Writing,
    /// A load from the store is in flight and nothing is held yet.
    Loading,
    /// Holds a version older than the store's.
    Stale,
}

impl EntryState {
    /// A word for the state, shown beside its colour.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            EntryState::Clean => "clean",
            EntryState::Writing => "writing",
            EntryState::Loading => "loading",
            EntryState::Stale => "stale",
        }
    }
}

/// The cache's contents, by key.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    slots: BTreeMap<Key, Slot>,
}

impl Cache {
    /// The slot for `key`, created empty if absent.
    pub fn slot_mut(&mut self, key: Key) -> &mut Slot {
        self.slots.entry(key).or_default()
    }

    /// The slot for `key`, if the cache has ever seen it.
    #[must_use]
    pub fn slot(&self, key: Key) -> Option<&Slot> {
        self.slots.get(&key)
    }

    /// What the cache holds for `key`.
    #[must_use]
    pub fn held(&self, key: Key) -> Option<Versioned> {
        self.slots.get(&key).and_then(|s| s.held)
    }

    /// Stores `value` unless the cache already holds a newer version (a late
    /// reply must not overwrite a newer value). Returns whether it was stored.
    pub fn fill(&mut self, key: Key, value: Versioned, now: SimTime) -> bool {
        let slot = self.slot_mut(key);
        if slot.held.is_some_and(|h| h.version > value.version) {
            return false;
        }
        slot.held = Some(value);
        slot.changed_at = now;
        true
    }

    /// Every slot, by key.
    pub fn slots(&self) -> impl Iterator<Item = (Key, &Slot)> + '_ {
        self.slots.iter().map(|(k, s)| (*k, s))
    }
}
