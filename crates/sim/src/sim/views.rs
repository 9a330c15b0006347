//! Read-only views of a run, for the UI, the CLI and the tests. Everything a
//! viewer shows is computed here, from the model's state.

use alloc::vec::Vec;

use super::{Action, FlushView, Sim};
use crate::cache::EntryState;
use crate::ledger::{Ledger, WriteRecord};
use crate::metrics::Metrics;
use crate::policy::Policy;
use crate::standby::ReplicaWait;
use crate::storage::{Layer, SyncMode, WriteCache};
use crate::store::Store;
use crate::time::{Micros, SimTime};
use crate::{Key, Version, Versioned};

/// Messages and work in flight between the parts, for the path diagram.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InFlight {
    /// Requests on their way from clients to the cache node.
    pub to_cache: u32,
    /// Answers on their way back to clients.
    pub to_clients: u32,
    /// Operations on their way to the store (or running in it).
    pub to_store: u32,
    /// Store answers on their way back.
    pub from_store: u32,
    /// Store connections in use, and in all.
    pub store_busy: u32,
    /// Store connections in all.
    pub store_pool: u32,
    /// Store operations waiting for a connection.
    pub store_waiting: u32,
}

/// What a crash at this instant would lose.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LossWindow {
    /// The acknowledged writes durable nowhere and not in a flush the store
    /// may still apply, oldest acknowledgement first.
    pub writes: Vec<WriteRecord>,
    /// How long ago the oldest of them was acknowledged.
    pub oldest_age: Option<Micros>,
}

/// The write-behind machinery's totals over all key classes, for the diagram.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BehindTotals {
    /// Entries waiting in flush queues.
    pub queued: usize,
    /// Log records held, if there is a log: (all, fsynced).
    pub log: Option<(usize, usize)>,
    /// Writes a backup member holds copies of (0 without one).
    pub backed_up: usize,
}

/// The layers below the store, as the views show them: the writes in
/// each volatile layer now, and the work the device has done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BelowView {
    /// How the store's writer syncs.
    pub sync: SyncMode,
    /// The device's write cache.
    pub write_cache: WriteCache,
    /// Commits in the store process's log buffer, by key.
    pub process: Vec<(Key, Versioned)>,
    /// Dirty pages in the OS page cache, by key.
    pub page: Vec<(Key, Versioned)>,
    /// Blocks in the device's cache not yet on the medium, by key.
    pub device: Vec<(Key, Versioned)>,
    /// Keys whose newest content is on the medium.
    pub medium: usize,
    /// Keys whose newest content a power cut now would take, by key.
    pub volatile: Vec<Key>,
    /// Blocks written to the device by commits, and cache flushes.
    pub device_work: (u64, u64),
    /// Acknowledged writes at risk, by the layer they have reached (log
    /// buffer, page cache, device cache): what a power cut now would take.
    pub at_risk: [usize; 3],
}

/// The store's standby as the page draws it (while there is one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandbyView {
    /// What a commit waits for from it.
    pub waits_for: ReplicaWait,
    /// Down after a crash.
    pub down: bool,
    /// The last row shipped.
    pub shipped: u64,
    /// The standby's positions: received, flushed, applied.
    pub at: [u64; 3],
    /// Rows on their way to it (shipped, not received), by key.
    pub on_the_way: Vec<(Key, Versioned)>,
    /// Rows it has received and not yet flushed (only in its OS), by key.
    pub received: Vec<(Key, Versioned)>,
    /// Commits on the primary waiting for its report.
    pub commits_waiting: usize,
    /// Acknowledged writes it has not received: what losing the primary
    /// now would lose.
    pub primary_loss_would_lose: usize,
    /// Keys whose newest row in the store it has not flushed, by key.
    pub unreplicated: Vec<Key>,
}

/// One cache entry as the views show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EntryView {
    /// The key.
    pub key: Key,
    /// What the cache holds, if anything.
    pub held: Option<Versioned>,
    /// Its state.
    pub state: EntryState,
    /// The store's version of the key now.
    pub store_version: Version,
    /// When the held value last changed.
    pub changed_at: SimTime,
    /// When it expires, if it has a TTL.
    pub expires_at: Option<SimTime>,
    /// Its key class (0 unless selective).
    pub class: usize,
    /// How long the store has held a newer version than the one held.
    pub stale_for: Option<Micros>,
}

impl Sim {
    /// Every key the cache holds or has a request in flight for, with its state.
    #[must_use]
    pub fn cache_entries(&self) -> Vec<EntryView> {
        self.cache
            .slots()
            .map(|(key, slot)| {
                let store_version = self.store.version(key);
                EntryView {
                    key,
                    held: slot.held(),
                    state: slot.state(self.now, store_version),
                    store_version,
                    changed_at: slot.changed_at(),
                    expires_at: slot.expires_at(),
                    class: self.class_of(key),
                    stale_for: slot
                        .held()
                        .and_then(|h| self.store.newer_since(key, h.version))
                        .map(|t| self.now - t),
                }
            })
            .collect()
    }

    /// What is in flight between the parts right now.
    #[must_use]
    pub fn in_flight(&self) -> InFlight {
        let mut f = InFlight {
            store_busy: self.store.busy(),
            store_pool: self.store.pool_size(),
            store_waiting: self.store_line.len() as u32,
            ..InFlight::default()
        };
        for action in self.agenda.items() {
            match action {
                Action::AtCache(_) | Action::AppSet { .. } | Action::AppInvalidate { .. } => f.to_cache += 1,
                Action::AtClient { .. } => f.to_clients += 1,
                Action::StoreArrive(_) | Action::StoreDone(_) => f.to_store += 1,
                Action::StoreReply { .. } => f.from_store += 1,
                _ => {}
            }
        }
        f
    }

    /// How far the generated workload has come, 0.0..=1.0 (by operations,
    /// or by time when a duration bounds it); 1.0 once nothing is left.
    #[must_use]
    pub fn progress(&self) -> f64 {
        if self.is_done() {
            return 1.0;
        }
        let w = &self.scenario.workload;
        let by_ops = if w.ops == 0 {
            1.0
        } else {
            self.metrics.ops_sent as f64 / w.ops as f64
        };
        let by_time = if w.duration_us == 0 {
            0.0
        } else {
            self.now.as_micros() as f64 / w.duration_us as f64
        };
        by_ops.max(by_time).min(0.999)
    }

    /// The figures sampled over time.
    #[must_use]
    pub fn series(&self) -> &crate::series::Series {
        &self.series
    }

    /// The store: rows, versions, pool, outage.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Running totals.
    #[must_use]
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The durability ledger.
    #[must_use]
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The flush machinery of each write-behind class.
    #[must_use]
    pub fn flush_queues(&self) -> Vec<FlushView> {
        self.classes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.behind.as_ref().map(|b| b.view(i, self.now)))
            .collect()
    }

    /// What a crash of the cache node at this instant would lose: the
    /// acknowledged writes that are durable nowhere, not in a flush the store
    /// may still apply, and not in the store (in a layer below it).
    #[must_use]
    pub fn crash_would_lose(&self) -> Vec<WriteRecord> {
        self.crash_would_lose_to(crate::storage::CrashKind::Os)
    }

    /// What a crash of the cache node of `kind` at this instant would lose:
    /// [`Sim::crash_would_lose`] is an OS crash (the machine's memory
    /// goes); a process crash spares what the log had appended, a power cut
    /// also takes what a log device that lies held in its cache.
    #[must_use]
    pub fn crash_would_lose_to(&self, kind: crate::storage::CrashKind) -> Vec<WriteRecord> {
        let now = self.now;
        // Only a process crash, or a crash over a log device that lies,
        // can spare log records the ledger does not count durable (a power
        // cut at the instant a record is destaged keeps it, whichever of
        // the two comes first).
        let lies = self.scenario.cache.log_device.as_ref().is_some_and(|d| d.lies());
        let log_may_keep = kind == crate::storage::CrashKind::Process || lies;
        self.ledger
            .at_risk()
            .into_iter()
            // Writes the store has (in a volatile layer below it) are not the
            // cache node's to lose.
            .filter(|r| r.layer.is_none())
            .filter(|r| {
                !self.classes[self.class_of(r.key)]
                    .behind
                    .as_ref()
                    .is_some_and(|b| b.in_flight_covers(r.key, r.version))
            })
            // A copy on the backup member survives the node.
            .filter(|r| !self.backed_up(r.key, r.version))
            // So does a log record the crash spares.
            .filter(|r| {
                !log_may_keep
                    || !self.classes[self.class_of(r.key)]
                        .behind
                        .as_ref()
                        .is_some_and(|b| b.log_keeps(r.key, r.version, kind, now))
            })
            .collect()
    }

    /// [`Sim::crash_would_lose`] with the age of the oldest of them.
    #[must_use]
    pub fn loss_window(&self) -> LossWindow {
        let writes = self.crash_would_lose();
        let oldest_age = writes.first().and_then(|r| r.acked_at).map(|t| self.now - t);
        LossWindow { writes, oldest_age }
    }

    /// The flush queues' and logs' totals; `None` without write-behind.
    #[must_use]
    pub fn behind_totals(&self) -> Option<BehindTotals> {
        let mut classes = self.classes.iter().filter_map(|c| c.behind.as_ref()).peekable();
        classes.peek()?;
        let now = self.now;
        let (queued, all, fsynced, backed_up) = classes.fold((0, 0, 0, 0), |(q, a, f, c), b| {
            let (all, fsynced) = b.log_counts();
            (q + b.queued(), a + all, f + fsynced, c + b.backup.held(now))
        });
        Some(BehindTotals {
            queued,
            log: (all > 0).then_some((all, fsynced)),
            backed_up,
        })
    }

    /// The layers below the store, if the scenario describes them.
    #[must_use]
    pub fn below(&self) -> Option<BelowView> {
        let storage = self.store.storage()?;
        let mut view = BelowView {
            sync: storage.spec().sync,
            write_cache: storage.spec().write_cache,
            process: Vec::new(),
            page: Vec::new(),
            device: Vec::new(),
            medium: 0,
            volatile: Vec::new(),
            device_work: storage.device_work(),
            at_risk: [0, 0, 0],
        };
        for (key, l) in storage.keys() {
            if let Some((v, _)) = l.process {
                view.process.push((key, v));
            }
            if let Some((v, _)) = l.page {
                view.page.push((key, v));
            }
            if let Some((v, _)) = l.device {
                view.device.push((key, v));
            }
            match l.top() {
                Some((_, Layer::Medium)) => view.medium += 1,
                Some((_, layer)) if !storage.spec().is_safe(layer) => view.volatile.push(key),
                _ => {}
            }
        }
        for r in self.ledger.at_risk() {
            match r.layer {
                Some(Layer::Process) => view.at_risk[0] += 1,
                Some(Layer::PageCache) => view.at_risk[1] += 1,
                Some(Layer::DeviceCache) => view.at_risk[2] += 1,
                _ => {}
            }
        }
        Some(view)
    }

    /// The store's standby, while it has one.
    #[must_use]
    pub fn standby_view(&self) -> Option<StandbyView> {
        let s = self.store.standby()?;
        let (shipped, at) = s.positions();
        let mut view = StandbyView {
            waits_for: s.spec().waits_for,
            down: s.is_down(),
            shipped,
            at,
            on_the_way: Vec::new(),
            received: Vec::new(),
            commits_waiting: self.parked.len(),
            primary_loss_would_lose: 0,
            unreplicated: self
                .store
                .rows()
                .filter(|(k, v)| v.version > s.flushed_version(*k))
                .map(|(k, _)| k)
                .collect(),
        };
        for r in s.unflushed() {
            let list = if r.pos > at[0] {
                &mut view.on_the_way
            } else {
                &mut view.received
            };
            list.push((r.key, r.row));
        }
        let has = |key: Key| s.key(key).received.map_or(Version(0), |v| v.version);
        view.primary_loss_would_lose = self
            .ledger
            .at_risk()
            .iter()
            .filter(|r| r.version > has(r.key))
            .count();
        Some(view)
    }

    /// How many entries the cache node holds, and how many it may hold.
    #[must_use]
    pub fn cache_held(&self) -> (usize, u32) {
        (self.cache.len(), self.scenario.cache.capacity)
    }

    /// True unless the cache node is down after a crash.
    #[must_use]
    pub fn cache_up(&self) -> bool {
        self.restarts_at.is_none()
    }

    /// While the cache node is down after a crash: when it comes back.
    #[must_use]
    pub fn cache_restarts_at(&self) -> Option<SimTime> {
        self.restarts_at
    }

    /// The name of key class `class`: its name if selective, else the policy's.
    #[must_use]
    pub fn class_name(&self, class: usize) -> &str {
        match &self.scenario.policy {
            Policy::Selective(sel) => sel.classes.get(class).map_or("", |c| c.name.as_str()),
            p => p.name(),
        }
    }
}
