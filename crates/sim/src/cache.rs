//! The cache node's memory: per key, the value held (if any), whether it is
//! dirty (acknowledged but not yet in the store), its expiry, its place in
//! the LRU order, and the requests for it passing through right now. Also the
//! scenario's description of the cache ([`CacheSpec`]).
//!
//! Capacity counts held entries. Inserting past it evicts the least recently
//! used entry; a dirty victim is flushed first and leaves once its flush is
//! acknowledged ([`Eviction::FlushFirst`]).

use alloc::collections::BTreeMap;

use crate::scenario::{check_range, ScenarioError};
use crate::time::{Micros, SimTime};
use crate::{Key, Value, Versioned};

/// Size, expiry and fill behaviour of the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct CacheSpec {
    /// Most entries held; the least recently used is evicted past it.
    pub capacity: u32,
    /// Time to live of a filled or written entry; 0 for none. The default is
    /// DAX's item TTL and the reference cache-aside `ttl=300`: 5 minutes.
    pub ttl_us: u64,
    /// Concurrent misses on one key share one store read (a coalesced fill)
    /// instead of each reading the store: the cure for a thundering herd.
    pub single_flight: bool,
}

impl Default for CacheSpec {
    fn default() -> Self {
        CacheSpec {
            capacity: 1_000,
            ttl_us: 300_000_000,
            single_flight: false,
        }
    }
}

impl CacheSpec {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_range("cache.capacity", u64::from(self.capacity), 1, 1_000_000)?;
        check_range("cache.ttl_us", self.ttl_us, 0, 86_400_000_000)
    }
}

/// What the cache knows about one key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slot {
    /// The value held, if any.
    pub held: Option<Versioned>,
    /// The held value is acknowledged but not yet in the store (write-behind).
    pub dirty: bool,
    /// The held dirty value is in a flush on its way to the store.
    pub flushing: bool,
    /// The held value was dropped by the flusher: it will never reach the store.
    pub lost: bool,
    /// Leaves as soon as its flush is acknowledged (a dirty LRU victim).
    pub evicting: bool,
    /// Writes to this key inside the node, not yet acknowledged.
    pub writes_in_flight: u32,
    /// Loads from the store for this key that have not come back.
    pub loads_in_flight: u32,
    /// When the held value expires.
    pub expires_at: Option<SimTime>,
    /// When the held value last changed.
    pub changed_at: SimTime,
    lru_tick: u64,
}

/// The state of a cache entry as a student sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum EntryState {
    /// Holds the store's current version and nothing is in flight.
    Clean,
    /// Acknowledged to the client, not yet in the store: a crash loses it.
    Dirty,
    /// Dirty, and in a flush on its way to the store.
    Flushing,
    /// A write to this key is on its way through the cache, not yet acknowledged.
    Writing,
    /// A load from the store is in flight and nothing is held yet.
    Loading,
    /// Holds a version older than the store's.
    Stale,
    /// Past its TTL: the next read misses.
    Expired,
    /// Holds a value the flusher dropped: it will never reach the store.
    Lost,
}

impl EntryState {
    /// A word for the state, shown beside its colour.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            EntryState::Clean => "clean",
            EntryState::Dirty => "dirty",
            EntryState::Flushing => "flushing",
            EntryState::Writing => "writing",
            EntryState::Loading => "loading",
            EntryState::Stale => "stale",
            EntryState::Expired => "expired",
            EntryState::Lost => "lost",
        }
    }
}

/// The outcome of a lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The value held.
    Hit(Versioned),
    /// Nothing held.
    Miss,
    /// A value was held but its TTL ran out; it is gone now.
    Expired(Versioned),
}

/// What making room did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Eviction {
    /// A clean entry left.
    Evicted(Key, Versioned),
    /// A dirty entry must be flushed before it can leave.
    FlushFirst(Key),
}

/// The cache's contents, by key.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    slots: BTreeMap<Key, Slot>,
    lru: BTreeMap<u64, Key>,
    tick: u64,
    held: usize,
    evicting: usize,
    capacity: usize,
    ttl: Option<Micros>,
}

impl Cache {
    /// An empty cache of the given size and TTL.
    #[must_use]
    pub fn new(spec: &CacheSpec) -> Self {
        Cache {
            capacity: spec.capacity as usize,
            ttl: (spec.ttl_us > 0).then_some(Micros(spec.ttl_us)),
            ..Cache::default()
        }
    }

    /// The slot for `key`, created empty if absent.
    pub fn slot_mut(&mut self, key: Key) -> &mut Slot {
        self.slots.entry(key).or_default()
    }

    /// The slot for `key`, if the cache has one.
    #[must_use]
    pub fn slot(&self, key: Key) -> Option<&Slot> {
        self.slots.get(&key)
    }

    /// What the cache holds for `key`, expired or not.
    #[must_use]
    pub fn held(&self, key: Key) -> Option<Versioned> {
        self.slots.get(&key).and_then(|s| s.held)
    }

    /// Entries held (including dirty ones waiting to be evicted).
    #[must_use]
    pub fn len(&self) -> usize {
        self.held
    }

    /// True when nothing is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.held == 0
    }

    /// Reads `key` at `now`: a hit refreshes its LRU place; an expired clean
    /// entry is dropped.
    pub fn lookup(&mut self, key: Key, now: SimTime) -> Lookup {
        let Some(slot) = self.slots.get(&key) else {
            return Lookup::Miss;
        };
        let Some(v) = slot.held else {
            return Lookup::Miss;
        };
        if !slot.dirty && slot.expires_at.is_some_and(|t| t <= now) {
            self.drop_held(key);
            return Lookup::Expired(v);
        }
        self.touch(key);
        Lookup::Hit(v)
    }

    /// Holds `value` as clean, unless `guard` is set and a newer version is
    /// held or the held value is dirty. Returns whether it was stored and what
    /// making room evicted.
    pub fn fill(
        &mut self,
        key: Key,
        value: Versioned,
        now: SimTime,
        guard: bool,
    ) -> (bool, Option<Eviction>) {
        let slot = self.slot_mut(key);
        if guard && (slot.dirty || slot.held.is_some_and(|h| h.version > value.version)) {
            return (false, None);
        }
        let ev = self.put(key, value, now, false);
        (true, ev)
    }

    /// Holds `value` as dirty (write-behind accepted it).
    pub fn put_dirty(&mut self, key: Key, value: Versioned, now: SimTime) -> Option<Eviction> {
        self.put(key, value, now, true)
    }

    fn put(&mut self, key: Key, value: Versioned, now: SimTime, dirty: bool) -> Option<Eviction> {
        let ttl = self.ttl;
        let slot = self.slots.entry(key).or_default();
        let was_held = slot.held.is_some();
        slot.held = Some(value);
        slot.dirty = dirty;
        slot.lost = false;
        slot.changed_at = now;
        slot.expires_at = ttl.map(|t| now + t);
        if !was_held {
            self.held += 1;
        }
        self.touch(key);
        self.make_room(key)
    }

    /// The flush of `key` at `value.version` was acknowledged: clean unless a
    /// newer dirty value came in since. Returns true if the entry was
    /// waiting to be evicted and has now left.
    pub fn flushed(&mut self, key: Key, value: Versioned) -> bool {
        let Some(slot) = self.slots.get_mut(&key) else {
            return false;
        };
        if slot.held.is_some_and(|h| h.version == value.version) {
            slot.dirty = false;
            slot.flushing = false;
            if slot.evicting {
                self.drop_held(key);
                return true;
            }
        }
        false
    }

    /// Deletes the held value of `key` (an invalidation).
    pub fn invalidate(&mut self, key: Key) -> bool {
        let held = self.slots.get(&key).is_some_and(|s| s.held.is_some());
        if held {
            self.drop_held(key);
        }
        held
    }

    fn drop_held(&mut self, key: Key) {
        if let Some(slot) = self.slots.get_mut(&key) {
            if slot.held.take().is_some() {
                self.held -= 1;
            }
            if slot.evicting {
                slot.evicting = false;
                self.evicting -= 1;
            }
            slot.dirty = false;
            slot.flushing = false;
            slot.lost = false;
            slot.expires_at = None;
            self.lru.remove(&slot.lru_tick);
        }
        self.prune(key);
    }

    /// Removes the slot if it holds nothing and nothing is in flight.
    pub fn prune(&mut self, key: Key) {
        if self
            .slots
            .get(&key)
            .is_some_and(|s| s.held.is_none() && s.writes_in_flight == 0 && s.loads_in_flight == 0)
        {
            self.slots.remove(&key);
        }
    }

    fn touch(&mut self, key: Key) {
        self.tick += 1;
        let tick = self.tick;
        if let Some(slot) = self.slots.get_mut(&key) {
            self.lru.remove(&slot.lru_tick);
            slot.lru_tick = tick;
            self.lru.insert(tick, key);
        }
    }

    /// Evicts the least recently used entry (not `keep`) while over capacity.
    fn make_room(&mut self, keep: Key) -> Option<Eviction> {
        if self.held - self.evicting <= self.capacity {
            return None;
        }
        let victim = self
            .lru
            .values()
            .copied()
            .find(|k| *k != keep && self.slots.get(k).is_some_and(|s| !s.evicting))?;
        let slot = self.slots.get_mut(&victim)?;
        if slot.dirty {
            slot.evicting = true;
            self.evicting += 1;
            Some(Eviction::FlushFirst(victim))
        } else {
            let value = slot.held?;
            self.drop_held(victim);
            Some(Eviction::Evicted(victim, value))
        }
    }

    /// A crash: memory is gone. Returns the dirty values it held.
    pub fn crash(&mut self) -> alloc::vec::Vec<(Key, Value)> {
        let dirty = self
            .slots
            .iter()
            .filter(|(_, s)| s.dirty)
            .filter_map(|(k, s)| s.held.map(|h| (*k, h.value)))
            .collect();
        let capacity = self.capacity;
        let ttl = self.ttl;
        *self = Cache {
            capacity,
            ttl,
            ..Cache::default()
        };
        dirty
    }

    /// Every slot, by key.
    pub fn slots(&self) -> impl Iterator<Item = (Key, &Slot)> + '_ {
        self.slots.iter().map(|(k, s)| (*k, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Version;

    fn v(n: u64) -> Versioned {
        Versioned {
            value: Value(n),
            version: Version(n),
        }
    }

    fn cache(capacity: u32, ttl_us: u64) -> Cache {
        Cache::new(&CacheSpec {
            capacity,
            ttl_us,
            single_flight: false,
        })
    }

    #[test]
    fn the_least_recently_used_clean_entry_is_evicted() {
        let mut c = cache(2, 0);
        c.fill(Key(1), v(1), SimTime(0), true);
        c.fill(Key(2), v(2), SimTime(1), true);
        assert_eq!(c.lookup(Key(1), SimTime(2)), Lookup::Hit(v(1)));
        let (_, ev) = c.fill(Key(3), v(3), SimTime(3), true);
        assert_eq!(ev, Some(Eviction::Evicted(Key(2), v(2))));
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn a_dirty_victim_is_flushed_before_it_leaves() {
        let mut c = cache(1, 0);
        c.put_dirty(Key(1), v(1), SimTime(0));
        let (_, ev) = c.fill(Key(2), v(2), SimTime(1), true);
        assert_eq!(ev, Some(Eviction::FlushFirst(Key(1))));
        assert_eq!(c.len(), 2, "it stays until flushed");
        assert!(c.flushed(Key(1), v(1)));
        assert_eq!(c.len(), 1);
        assert_eq!(c.held(Key(1)), None);
    }

    #[test]
    fn a_clean_entry_expires_but_a_dirty_one_does_not() {
        let mut c = cache(10, 100);
        c.fill(Key(1), v(1), SimTime(0), true);
        c.put_dirty(Key(2), v(2), SimTime(0));
        assert_eq!(c.lookup(Key(1), SimTime(99)), Lookup::Hit(v(1)));
        assert_eq!(c.lookup(Key(1), SimTime(100)), Lookup::Expired(v(1)));
        assert_eq!(c.lookup(Key(1), SimTime(101)), Lookup::Miss);
        assert_eq!(c.lookup(Key(2), SimTime(500)), Lookup::Hit(v(2)));
    }

    #[test]
    fn a_guarded_fill_never_replaces_a_newer_or_dirty_value() {
        let mut c = cache(10, 0);
        c.fill(Key(1), v(5), SimTime(0), true);
        assert!(!c.fill(Key(1), v(4), SimTime(1), true).0);
        assert!(
            c.fill(Key(1), v(4), SimTime(1), false).0,
            "an unguarded SET overwrites"
        );
        c.put_dirty(Key(1), v(6), SimTime(2));
        assert!(!c.fill(Key(1), v(7), SimTime(3), true).0);
    }
}
