//! The store: the system of record. Each key holds a value and its version.
//! A connection pool bounds how many operations run at once (the rest wait
//! in line, first come first served), and during an outage operations fail.
//! Also the scenario's description of the store ([`StoreSpec`]).

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::error::{check_range, ScenarioError};
use crate::standby::{Standby, StandbySpec};
use crate::storage::{KeyLoss, Storage, StorageSpec};
use crate::time::SimTime;
use crate::{Key, Value, Version, Versioned};

/// How the store starts and how many operations it runs at once.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StoreSpec {
    /// When true, every key of the workload starts in the store with value 0
    /// as `v1`, like the rows of an existing table; when false the store
    /// starts empty and reads of unwritten keys find nothing.
    pub preloaded: bool,
    /// Connections in the pool: operations running at once.
    pub pool_size: u32,
    /// The layers under the store (page cache, device cache, medium) and how
    /// its writer syncs; absent, a commit is durable at once.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub storage: Option<StorageSpec>,
    /// A standby fed by streaming replication, and what a commit waits for
    /// from it; absent, there is none.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub standby: Option<StandbySpec>,
}

crate::names::fields!(StoreSpec {
    preloaded,
    pool_size,
    storage,
    standby
});

impl Default for StoreSpec {
    fn default() -> Self {
        StoreSpec {
            preloaded: true,
            pool_size: 10,
            storage: None,
            standby: None,
        }
    }
}

impl StoreSpec {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_range("store.pool_size", u64::from(self.pool_size), 1, 10_000)?;
        self.storage.as_ref().map_or(Ok(()), StorageSpec::validate)?;
        self.standby.as_ref().map_or(Ok(()), StandbySpec::validate)
    }
}

/// The store's contents, its pool, and whether it is up. Operations that
/// find every connection busy wait in the simulation's line (first come,
/// first served) until [`Store::release`].
#[derive(Clone, Debug)]
pub struct Store {
    rows: Vec<Option<Versioned>>,
    /// When each of a key's latest versions was written, oldest first.
    written: Vec<VecDeque<(Version, SimTime)>>,
    pool_size: u32,
    busy: u32,
    down: bool,
    /// The layers below, when the scenario describes them.
    storage: Option<Storage>,
    /// The standby, while there is one (promotion ends it).
    standby: Option<Standby>,
    /// The store process's life: bumped by each crash of its machine, so an
    /// operation that was running then is known to have died.
    life: u32,
}

impl Store {
    /// A store as `spec` describes it, for a workload of `keys` keys.
    #[must_use]
    pub fn new(spec: &StoreSpec, keys: u32) -> Self {
        let mut store = Store {
            rows: alloc::vec![None; keys as usize],
            written: alloc::vec![VecDeque::new(); keys as usize],
            pool_size: spec.pool_size,
            busy: 0,
            down: false,
            storage: spec.storage.as_ref().map(|s| Storage::new(s, keys)),
            standby: spec.standby.as_ref().map(|s| Standby::new(s, keys)),
            life: 0,
        };
        if spec.preloaded {
            let v1 = Versioned {
                value: Value(0),
                version: Version(1),
            };
            for k in 0..keys {
                store.write(Key(k), v1.value, v1.version, SimTime::ZERO);
                if let Some(s) = store.storage.as_mut() {
                    s.preload(Key(k), v1);
                }
                if let Some(s) = store.standby.as_mut() {
                    s.preload(Key(k), v1);
                }
            }
        }
        store
    }

    /// Takes a free connection, if there is one.
    pub fn try_acquire(&mut self) -> bool {
        if self.busy < self.pool_size {
            self.busy += 1;
            true
        } else {
            false
        }
    }

    /// Frees a connection.
    pub fn release(&mut self) {
        self.busy = self.busy.saturating_sub(1);
    }

    /// How many write instants are kept per key, for staleness ages.
    pub const HISTORY: usize = 4;

    /// Writes `value` at `version`, at instant `at`.
    pub fn write(&mut self, key: Key, value: Value, version: Version, at: SimTime) {
        self.rows[key.0 as usize] = Some(Versioned { value, version });
        let h = &mut self.written[key.0 as usize];
        if h.len() == Self::HISTORY {
            h.pop_front();
        }
        h.push_back((version, at));
    }

    /// When the store first held a version of `key` newer than `version`:
    /// how long a cached `version` has been stale. When more than
    /// [`Store::HISTORY`] newer writes came since, the oldest one kept (so
    /// the age is a lower bound).
    #[must_use]
    pub fn newer_since(&self, key: Key, version: Version) -> Option<SimTime> {
        if self.version(key) <= version {
            return None;
        }
        self.written[key.0 as usize]
            .iter()
            .find(|(v, _)| *v > version)
            .map(|(_, at)| *at)
    }

    /// Writes `value` at `version` unless the store holds a newer version
    /// (flushes carry versions, so a late one never rolls a key back).
    /// Returns whether it was written.
    pub fn write_if_newer(&mut self, key: Key, value: Value, version: Version, at: SimTime) -> bool {
        if self.version(key) < version {
            self.write(key, value, version, at);
            true
        } else {
            false
        }
    }

    /// What the store holds for `key`, if anything.
    #[must_use]
    pub fn read(&self, key: Key) -> Option<Versioned> {
        self.rows.get(key.0 as usize).copied().flatten()
    }

    /// The key's current version; `Version(0)` if it was never written.
    #[must_use]
    pub fn version(&self, key: Key) -> Version {
        self.rows
            .get(key.0 as usize)
            .copied()
            .flatten()
            .map_or(Version(0), |v| v.version)
    }

    /// The layers below, if the scenario describes them.
    #[must_use]
    pub fn storage(&self) -> Option<&Storage> {
        self.storage.as_ref()
    }

    /// The layers below, to change.
    pub(crate) fn storage_mut(&mut self) -> Option<&mut Storage> {
        self.storage.as_mut()
    }

    /// The standby, while there is one.
    #[must_use]
    pub fn standby(&self) -> Option<&Standby> {
        self.standby.as_ref()
    }

    /// The standby, to change.
    pub(crate) fn standby_mut(&mut self) -> Option<&mut Standby> {
        self.standby.as_mut()
    }

    /// The newest version of `key` that survives the loss of any one
    /// machine: the current one without layers below; with them, the
    /// newest safe from power loss; with a standby, and flushed there too.
    #[must_use]
    pub fn safe_version(&self, key: Key) -> Version {
        let here = self
            .storage
            .as_ref()
            .map_or_else(|| self.version(key), |s| s.safe_version(key));
        self.standby
            .as_ref()
            .map_or(here, |s| here.min(s.flushed_version(key)))
    }

    /// The primary is lost for good and the standby takes over with `rows`
    /// (what it had received): the keys whose rows differ go back to them,
    /// on a fresh copy of the layers below (promotion flushes them), with no
    /// standby after. Returns each key that went back: its row before, and
    /// now.
    pub fn promote(&mut self, rows: &[Option<Versioned>]) -> Vec<(Key, Versioned, Option<Versioned>)> {
        self.life += 1;
        self.busy = 0;
        self.standby = None;
        let mut losses = Vec::new();
        for (k, now) in rows.iter().enumerate() {
            let before = self.rows[k];
            if let (Some(was), true) = (before, before != *now) {
                losses.push((Key(k as u32), was, *now));
            }
            self.rows[k] = *now;
        }
        if let Some(s) = self.storage.as_mut() {
            *s = s.promoted(rows);
        }
        losses
    }

    /// The store process's life (see [`Store::crash`]).
    #[must_use]
    pub fn life(&self) -> u32 {
        self.life
    }

    /// A crash of the store's machine: every running operation dies (its
    /// connection with it), and the layers `kind` takes are emptied; each
    /// key that lost content goes back to what survived. Returns the losses.
    pub fn crash(&mut self, kind: crate::storage::CrashKind) -> Vec<KeyLoss> {
        self.life += 1;
        self.busy = 0;
        let losses = self.storage.as_mut().map(|s| s.crash(kind)).unwrap_or_default();
        for l in &losses {
            self.rows[l.key.0 as usize] = l.now;
        }
        losses
    }

    /// Takes the store down or brings it up.
    pub fn set_down(&mut self, down: bool) {
        self.down = down;
    }

    /// True during an outage.
    #[must_use]
    pub fn is_down(&self) -> bool {
        self.down
    }

    /// Connections in use.
    #[must_use]
    pub fn busy(&self) -> u32 {
        self.busy
    }

    /// Connections in all.
    #[must_use]
    pub fn pool_size(&self) -> u32 {
        self.pool_size
    }

    /// Every row, by key.
    pub fn rows(&self) -> impl Iterator<Item = (Key, Versioned)> + '_ {
        self.rows
            .iter()
            .enumerate()
            .filter_map(|(k, v)| v.map(|v| (Key(k as u32), v)))
    }

    /// How many keys the store holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.iter().filter(|r| r.is_some()).count()
    }

    /// True when nothing was ever written.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.iter().all(Option::is_none)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        let spec = StoreSpec {
            preloaded: false,
            ..StoreSpec::default()
        };
        Store::new(&spec, 2)
    }

    #[test]
    fn staleness_counts_from_the_first_newer_write_and_an_equal_version_is_not_rewritten() {
        let mut s = store();
        s.write(Key(0), Value(1), Version(2), SimTime(10));
        s.write(Key(0), Value(2), Version(3), SimTime(20));
        // A cached v1 has been stale since v2 arrived, not since v3.
        assert_eq!(s.newer_since(Key(0), Version(1)), Some(SimTime(10)));
        assert_eq!(s.newer_since(Key(0), Version(2)), Some(SimTime(20)));
        assert_eq!(s.newer_since(Key(0), Version(3)), None);
        // The same version again is not newer: nothing changes.
        assert!(!s.write_if_newer(Key(0), Value(9), Version(3), SimTime(30)));
        assert_eq!(s.read(Key(0)).map(|v| v.value), Some(Value(2)));
        assert_eq!(s.newer_since(Key(0), Version(2)), Some(SimTime(20)));
        assert!(s.write_if_newer(Key(0), Value(4), Version(4), SimTime(40)));
        // Without layers below or a standby, what the store holds is safe.
        assert_eq!(s.safe_version(Key(0)), Version(4));
        assert_eq!(s.safe_version(Key(1)), Version(0));
    }
}
