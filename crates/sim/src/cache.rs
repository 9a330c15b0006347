//! The cache node's memory: per key, the value held (if any), whether it is
//! dirty (acknowledged but not yet in the store), its expiry, its place in
//! the LRU order, and the requests for it passing through right now. Also the
//! scenario's description of the cache ([`CacheSpec`]).
//!
//! Capacity counts held entries. Inserting past it evicts the least recently
//! used entry; a dirty victim is flushed first and leaves once its flush is
//! acknowledged ([`Eviction::FlushFirst`]).

use alloc::vec::Vec;

use crate::error::{check_range, ScenarioError};
use crate::time::{Micros, SimTime};
use crate::{Key, Value, Versioned};

/// Size, expiry and fill behaviour of the cache.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CacheSpec {
    /// Most entries held; the least recently used is evicted past it.
    pub capacity: u32,
    /// Time to live of a filled or written entry; 0 for none. The default is
    /// DAX's item TTL and the reference cache-aside `ttl=300`: 5 minutes.
    pub ttl_us: u64,
    /// Concurrent misses on one key share one store read (a coalesced fill)
    /// instead of each reading the store: the cure for a thundering herd.
    pub single_flight: bool,
    /// A second member holding a copy of each write-behind write until it
    /// is stored (Hazelcast's backups); absent, there is none.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub backup: Option<BackupSpec>,
    /// The device under the write-behind log, its write cache and whether
    /// that cache honours an fsync; absent, an fsync reaches the medium.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub log_device: Option<crate::wal::LogDevice>,
}

crate::names::fields!(CacheSpec {
    capacity,
    ttl_us,
    single_flight,
    backup,
    log_device
});

/// A backup member of the cache node, as Hazelcast keeps backups of a map's
/// entries and of its write-behind queue on another member: each write the
/// node accepts is copied there; a copy is dropped once the node's flush
/// of it is acknowledged. When the node crashes, the backup member takes
/// over after `takeover_us` with its copies: it holds them as dirty entries
/// and queues them for flushing, so a crash loses only the writes whose copy
/// had not arrived (with `sync`, none that were acknowledged). The crashed
/// member rejoins as the backup after its downtime.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BackupSpec {
    /// A write is acknowledged only once its copy is on the backup
    /// (Hazelcast `backup-count`, default 1); false: at once, the copy
    /// following (`async-backup-count`).
    pub sync: bool,
    /// One way between the node and its backup. Default 500 µs, as between
    /// a client and the node.
    pub hop_us: crate::latency::Latency,
    /// From the node's crash to the backup serving its entries: how long
    /// the cluster takes to notice a member gone. Default 60 s, Hazelcast's
    /// `hazelcast.max.no.heartbeat.seconds` (a machine that stops answering;
    /// a process that dies closes its connections and is noticed sooner).
    pub takeover_us: u64,
}

crate::names::fields!(BackupSpec {
    sync,
    hop_us,
    takeover_us
});

impl Default for BackupSpec {
    fn default() -> Self {
        BackupSpec {
            sync: true,
            hop_us: crate::latency::Latency::Fixed(500),
            takeover_us: 60_000_000,
        }
    }
}

impl Default for CacheSpec {
    fn default() -> Self {
        CacheSpec {
            capacity: 1_000,
            ttl_us: 300_000_000,
            single_flight: false,
            backup: None,
            log_device: None,
        }
    }
}

impl CacheSpec {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_range("cache.capacity", u64::from(self.capacity), 1, 1_000_000)?;
        check_range("cache.ttl_us", self.ttl_us, 0, 86_400_000_000)?;
        if let Some(b) = &self.backup {
            b.hop_us.validate("cache.backup.hop_us")?;
            check_range("cache.backup.takeover_us", b.takeover_us, 0, 3_600_000_000)?;
        }
        if let Some(d) = &self.log_device {
            d.validate()?;
        }
        Ok(())
    }
}

/// What the cache knows about one key. Only [`Cache`] changes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// The value held, if any.
    held: Option<Versioned>,
    /// The held value is acknowledged but not yet in the store (write-behind).
    dirty: bool,
    /// The held dirty value is in a flush on its way to the store.
    flushing: bool,
    /// The held value was dropped by the flusher: it will never reach the store.
    lost: bool,
    /// Leaves as soon as its flush is acknowledged (a dirty LRU victim).
    evicting: bool,
    /// Writes to this key inside the node, not yet acknowledged.
    writes_in_flight: u32,
    /// Loads from the store for this key that have not come back.
    loads_in_flight: u32,
    /// When the held value expires.
    expires_at: Option<SimTime>,
    /// When the held value last changed.
    changed_at: SimTime,
    /// Neighbours in the LRU list (more and less recently used).
    newer: u32,
    older: u32,
}

impl Default for Slot {
    fn default() -> Self {
        Slot {
            held: None,
            dirty: false,
            flushing: false,
            lost: false,
            evicting: false,
            writes_in_flight: 0,
            loads_in_flight: 0,
            expires_at: None,
            changed_at: SimTime::ZERO,
            newer: NIL,
            older: NIL,
        }
    }
}

impl Slot {
    /// True when the cache holds something for the key or has a request for
    /// it in flight.
    #[must_use]
    pub fn in_use(&self) -> bool {
        self.held.is_some() || self.writes_in_flight > 0 || self.loads_in_flight > 0
    }

    /// The value held, if any.
    #[must_use]
    pub fn held(&self) -> Option<Versioned> {
        self.held
    }

    /// When the held value last changed.
    #[must_use]
    pub fn changed_at(&self) -> SimTime {
        self.changed_at
    }

    /// When the held value expires, if it has a TTL.
    #[must_use]
    pub fn expires_at(&self) -> Option<SimTime> {
        self.expires_at
    }

    /// Its state at `now`, beside the store's version of the key.
    #[must_use]
    pub fn state(&self, now: SimTime, store_version: crate::Version) -> EntryState {
        if self.lost {
            EntryState::Lost
        } else if self.flushing {
            EntryState::Flushing
        } else if self.dirty {
            EntryState::Dirty
        } else if self.writes_in_flight > 0 {
            EntryState::Writing
        } else if self.held.is_none() {
            EntryState::Loading
        } else if self.expires_at.is_some_and(|t| t <= now) {
            EntryState::Expired
        } else if self.held.is_some_and(|h| h.version < store_version) {
            EntryState::Stale
        } else {
            EntryState::Clean
        }
    }
}

const NIL: u32 = u32::MAX;

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

/// The cache's contents: a slot per key, and the held ones in an intrusive
/// LRU list (most recently used at the head), so a hit costs O(1).
#[derive(Clone, Debug, Default)]
pub struct Cache {
    slots: Vec<Slot>,
    newest: u32,
    oldest: u32,
    held: usize,
    evicting: usize,
    capacity: usize,
    ttl: Option<Micros>,
}

impl Cache {
    /// An empty cache of the given size and TTL, for keys `0..keys`.
    #[must_use]
    pub fn new(spec: &CacheSpec, keys: u32) -> Self {
        Cache {
            slots: alloc::vec![Slot::default(); keys as usize],
            newest: NIL,
            oldest: NIL,
            held: 0,
            evicting: 0,
            capacity: spec.capacity as usize,
            ttl: (spec.ttl_us > 0).then_some(Micros(spec.ttl_us)),
        }
    }

    fn slot_mut(&mut self, key: Key) -> &mut Slot {
        &mut self.slots[key.0 as usize]
    }

    /// A write to `key` enters the node (write-through, write-around).
    pub fn write_started(&mut self, key: Key) {
        self.slot_mut(key).writes_in_flight += 1;
    }

    /// A write to `key` inside the node is answered.
    pub fn write_ended(&mut self, key: Key) {
        self.slot_mut(key).writes_in_flight -= 1;
    }

    /// A load of `key` from the store starts.
    pub fn load_started(&mut self, key: Key) {
        self.slot_mut(key).loads_in_flight += 1;
    }

    /// A load of `key` comes back or is given up.
    pub fn load_ended(&mut self, key: Key) {
        let slot = self.slot_mut(key);
        slot.loads_in_flight = slot.loads_in_flight.saturating_sub(1);
    }

    /// True while a load of `key` is in flight.
    #[must_use]
    pub fn is_loading(&self, key: Key) -> bool {
        self.slots[key.0 as usize].loads_in_flight > 0
    }

    /// The held value of `key`, if it is `version`, is in a flush on its way
    /// to the store (`true`), or no longer (`false`: the flush gave up).
    pub fn set_flushing(&mut self, key: Key, version: crate::Version, flushing: bool) {
        let slot = self.slot_mut(key);
        if slot.held.is_some_and(|h| h.version == version) {
            slot.flushing = flushing;
        }
    }

    /// The flusher dropped `key` at `version`: if that is what is held, it is
    /// no longer dirty, and will never reach the store.
    pub fn flush_dropped(&mut self, key: Key, version: crate::Version) {
        let slot = self.slot_mut(key);
        if slot.held.is_some_and(|h| h.version == version) {
            slot.dirty = false;
            slot.lost = true;
        }
    }

    /// What the cache holds for `key`, expired or not.
    #[must_use]
    pub fn held(&self, key: Key) -> Option<Versioned> {
        self.slots[key.0 as usize].held
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
        let slot = &self.slots[key.0 as usize];
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
        let slot = &self.slots[key.0 as usize];
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
        let slot = &mut self.slots[key.0 as usize];
        let was_held = slot.held.is_some();
        slot.held = Some(value);
        slot.dirty = dirty;
        slot.lost = false;
        slot.changed_at = now;
        slot.expires_at = ttl.map(|t| now + t);
        if was_held {
            self.touch(key);
        } else {
            self.held += 1;
            self.push_newest(key.0);
        }
        self.make_room(key)
    }

    /// The flush of `key` at `value.version` was acknowledged: clean unless a
    /// newer dirty value came in since. Returns true if the entry was
    /// waiting to be evicted and has now left.
    pub fn flushed(&mut self, key: Key, value: Versioned) -> bool {
        let slot = &mut self.slots[key.0 as usize];
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
        let held = self.slots[key.0 as usize].held.is_some();
        if held {
            self.drop_held(key);
        }
        held
    }

    fn drop_held(&mut self, key: Key) {
        let slot = &mut self.slots[key.0 as usize];
        if slot.held.take().is_none() {
            return;
        }
        if slot.evicting {
            slot.evicting = false;
            self.evicting -= 1;
        }
        slot.dirty = false;
        slot.flushing = false;
        slot.lost = false;
        slot.expires_at = None;
        self.held -= 1;
        self.unlink(key.0);
    }

    fn unlink(&mut self, k: u32) {
        let (newer, older) = {
            let s = &self.slots[k as usize];
            (s.newer, s.older)
        };
        match newer {
            NIL => self.newest = older,
            n => self.slots[n as usize].older = older,
        }
        match older {
            NIL => self.oldest = newer,
            o => self.slots[o as usize].newer = newer,
        }
        let s = &mut self.slots[k as usize];
        s.newer = NIL;
        s.older = NIL;
    }

    fn push_newest(&mut self, k: u32) {
        let old_newest = self.newest;
        {
            let s = &mut self.slots[k as usize];
            s.newer = NIL;
            s.older = old_newest;
        }
        match old_newest {
            NIL => self.oldest = k,
            n => self.slots[n as usize].newer = k,
        }
        self.newest = k;
    }

    fn touch(&mut self, key: Key) {
        if self.newest != key.0 {
            self.unlink(key.0);
            self.push_newest(key.0);
        }
    }

    /// Evicts the least recently used entry (not `keep`) while over capacity.
    fn make_room(&mut self, keep: Key) -> Option<Eviction> {
        if self.held - self.evicting <= self.capacity {
            return None;
        }
        let mut k = self.oldest;
        while k != NIL && (k == keep.0 || self.slots[k as usize].evicting) {
            k = self.slots[k as usize].newer;
        }
        if k == NIL {
            return None;
        }
        let victim = Key(k);
        let slot = &mut self.slots[k as usize];
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
    pub fn crash(&mut self) -> Vec<(Key, Value)> {
        let dirty = self
            .slots()
            .filter(|(_, s)| s.dirty)
            .filter_map(|(k, s)| s.held.map(|h| (k, h.value)))
            .collect();
        let keys = self.slots.len();
        for s in &mut self.slots {
            *s = Slot::default();
        }
        self.slots.truncate(keys);
        self.newest = NIL;
        self.oldest = NIL;
        self.held = 0;
        self.evicting = 0;
        dirty
    }

    /// Every slot in use, by key.
    pub fn slots(&self) -> impl Iterator<Item = (Key, &Slot)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.in_use())
            .map(|(k, s)| (Key(k as u32), s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::versioned as v;

    fn cache(capacity: u32, ttl_us: u64) -> Cache {
        Cache::new(
            &CacheSpec {
                capacity,
                ttl_us,
                single_flight: false,
                ..CacheSpec::default()
            },
            16,
        )
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

    fn slot(c: &Cache, key: u32) -> Option<&Slot> {
        c.slots().find(|(k, _)| *k == Key(key)).map(|(_, s)| s)
    }

    #[test]
    fn a_slot_says_when_it_changed_and_expires_and_whether_it_is_in_use() {
        let mut c = cache(10, 100);
        assert!(c.is_empty(), "a new cache holds nothing");
        c.fill(Key(1), v(1), SimTime(10), true);
        assert!(!c.is_empty());
        assert_eq!(c.held(Key(1)), Some(v(1)));
        let s = slot(&c, 1).unwrap();
        assert_eq!(
            (s.changed_at(), s.expires_at()),
            (SimTime(10), Some(SimTime(110)))
        );
        let mut c = cache(10, 0);
        c.fill(Key(1), v(1), SimTime(10), true);
        assert_eq!(slot(&c, 1).unwrap().expires_at(), None, "no TTL, no expiry");
        // A load in flight with nothing held yet is a slot in use (a
        // loading tile); so is a write in flight.
        c.load_started(Key(2));
        assert_eq!(
            slot(&c, 2).unwrap().state(SimTime(0), crate::Version(1)),
            EntryState::Loading
        );
        c.load_ended(Key(2));
        assert!(slot(&c, 2).is_none());
        c.write_started(Key(3));
        assert_eq!(
            slot(&c, 3).unwrap().state(SimTime(0), crate::Version(1)),
            EntryState::Writing
        );
    }

    #[test]
    fn an_entry_behind_the_store_is_stale_and_each_state_has_its_own_label() {
        let mut c = cache(10, 0);
        c.fill(Key(1), v(1), SimTime(0), true);
        let s = slot(&c, 1).unwrap();
        assert_eq!(s.state(SimTime(0), crate::Version(2)), EntryState::Stale);
        assert_eq!(s.state(SimTime(0), crate::Version(1)), EntryState::Clean);
        let all = [
            EntryState::Clean,
            EntryState::Dirty,
            EntryState::Flushing,
            EntryState::Writing,
            EntryState::Loading,
            EntryState::Stale,
            EntryState::Expired,
            EntryState::Lost,
        ];
        let labels: alloc::collections::BTreeSet<&str> = all.iter().map(|s| s.label()).collect();
        assert_eq!(labels.len(), all.len(), "each its own");
        assert!(labels
            .iter()
            .all(|l| l.len() > 3 && l.chars().all(|c| c.is_ascii_lowercase())));
        assert_eq!(EntryState::Dirty.label(), "dirty");
    }

    #[test]
    fn only_the_held_version_is_marked_flushing() {
        let mut c = cache(10, 0);
        c.put_dirty(Key(1), v(2), SimTime(0));
        c.set_flushing(Key(1), crate::Version(1), true);
        assert_eq!(
            slot(&c, 1).unwrap().state(SimTime(0), crate::Version(1)),
            EntryState::Dirty
        );
        c.set_flushing(Key(1), crate::Version(2), true);
        assert_eq!(
            slot(&c, 1).unwrap().state(SimTime(0), crate::Version(1)),
            EntryState::Flushing
        );
        c.set_flushing(Key(1), crate::Version(2), false);
        assert_eq!(
            slot(&c, 1).unwrap().state(SimTime(0), crate::Version(1)),
            EntryState::Dirty
        );
    }

    #[test]
    fn a_fill_of_the_version_held_is_taken_and_restarts_its_ttl() {
        let mut c = cache(10, 100);
        c.fill(Key(1), v(5), SimTime(0), true);
        assert!(c.fill(Key(1), v(5), SimTime(50), true).0);
        assert_eq!(slot(&c, 1).unwrap().expires_at(), Some(SimTime(150)));
    }

    #[test]
    fn an_entry_waiting_for_its_flush_to_leave_is_not_counted_against_the_capacity() {
        let mut c = cache(2, 0);
        c.put_dirty(Key(1), v(1), SimTime(0));
        c.fill(Key(2), v(2), SimTime(1), true);
        let (_, ev) = c.fill(Key(3), v(3), SimTime(2), true);
        assert_eq!(
            ev,
            Some(Eviction::FlushFirst(Key(1))),
            "the dirty LRU victim is flushed first"
        );
        // Three held, one of them leaving: a refill of k3 evicts nothing.
        let (_, ev) = c.fill(Key(3), v(4), SimTime(3), true);
        assert_eq!(ev, None);
        // A new key passes over the leaving k1 to the next oldest, k2.
        let (_, ev) = c.fill(Key(4), v(5), SimTime(4), true);
        assert_eq!(ev, Some(Eviction::Evicted(Key(2), v(2))));
        // k1 leaves by an invalidation instead of its flush: it no longer
        // counts as leaving, so the next new key evicts one more.
        assert!(c.invalidate(Key(1)));
        assert_eq!(c.len(), 2);
        let (_, ev) = c.fill(Key(5), v(6), SimTime(5), true);
        assert_eq!(ev, Some(Eviction::Evicted(Key(3), v(4))));
        assert_eq!(c.len(), 2);
    }
}
