//! The layers below the store, in the run: what a commit costs by the sync
//! mode and the device, where the committed write lands and when it moves
//! down (the OS's write-back, the device's destage), and crashes of the
//! store's machine, which take the layers their kind takes and lose the
//! acknowledged writes that were only there. See [`crate::storage`].

use alloc::vec::Vec;

use super::{Action, Answer, Sim};
use crate::event::{EventKind, KeyValue, Landing};
use crate::latency::Hop;
use crate::storage::{CrashKind, Layer, WriteCache};
use crate::time::Micros;
use crate::{Key, Versioned};

/// A move down a layer that may be due.
#[derive(Clone, Copy, Debug)]
pub(super) enum BelowTimer {
    /// The OS writes `key`'s dirty page back.
    WriteBack(Key),
    /// The device writes `key`'s cached block to the medium.
    Destage(Key),
    /// The store's periodic flush.
    Flush,
}

impl Sim {
    /// How long committing `rows` rows takes: the store's own commit hop
    /// without layers below; with them, the device work the sync mode asks
    /// for (see [`crate::storage`]'s table).
    pub(super) fn commit_time(&mut self, rows: u32) -> Micros {
        // Two small fields, not a clone of the whole spec (on every commit).
        let Some(storage) = self.store.storage_mut() else {
            return self.hop(Hop::StoreCommit);
        };
        let (sync, write_cache) = (storage.spec().sync, storage.spec().write_cache);
        let plan = sync.plan(rows);
        storage.count_commit(plan);
        let Some((medium, cache)) = self.hops.device.as_ref() else {
            return Micros(0);
        };
        let rng = &mut self.hops.rng;
        let through = match write_cache {
            WriteCache::None => true,
            WriteCache::Volatile => plan.fua,
            WriteCache::Lying | WriteCache::Backed => false,
        };
        let mut t = Micros(0);
        for _ in 0..plan.writes {
            t = t + if through {
                medium.sample(rng)
            } else {
                cache.sample(rng)
            };
        }
        if plan.flush {
            t = t + match write_cache {
                WriteCache::None => Micros(0),
                // The flush writes what the cache took to the medium.
                WriteCache::Volatile => {
                    let mut f = Micros(0);
                    for _ in 0..plan.writes {
                        f = f + medium.sample(rng);
                    }
                    f
                }
                // Answered at once: it lies, or has nothing it must write.
                WriteCache::Lying | WriteCache::Backed => cache.sample(rng),
            };
        }
        t
    }

    /// The store committed `v` of `key`: with layers below, it lands where
    /// the sync mode puts it and is durable only once it is safe from power
    /// loss; without them it is durable now.
    pub(super) fn committed(&mut self, key: Key, v: Versioned) -> Option<Landing> {
        let now = self.now;
        let Some(storage) = self.store.storage_mut() else {
            let safe = self.store.safe_version(key);
            self.ledger.durable_in_store(key, safe, now);
            self.ship(key, v);
            return None;
        };
        let (layer, due) = storage.commit(key, v, now);
        let durable = storage.spec().is_safe(layer);
        if layer <= Layer::PageCache {
            if let Some(at) = storage.arm_flush(now) {
                self.agenda.schedule(at, Action::Below(BelowTimer::Flush));
            }
        }
        self.landed(key, v, layer, due);
        Some(Landing { layer, durable })
    }

    /// `v` of `key` is in `layer` now; its next move is due at `due`.
    fn landed(&mut self, key: Key, v: Versioned, layer: Layer, due: Option<crate::time::SimTime>) {
        if layer == Layer::Process {
            // Only the periodic flush moves it (armed by the commit).
            self.ledger.reached(key, v.version, layer);
            return;
        }
        let safe = self.store.storage().is_some_and(|s| s.spec().is_safe(layer));
        self.ledger.reached(key, v.version, layer);
        if safe {
            // With a standby, only as far as it has flushed too.
            let safe = self.store.safe_version(key);
            self.ledger.durable_in_store(key, safe, self.now);
        }
        // Out of the store process: the stream to the standby takes it.
        self.ship(key, v);
        if let Some(at) = due {
            let timer = match layer {
                Layer::PageCache => BelowTimer::WriteBack(key),
                _ => BelowTimer::Destage(key),
            };
            self.agenda.schedule(at, Action::Below(timer));
        }
    }

    /// A write-back or destage falls due (if what it was set for is still there).
    pub(super) fn below_timer(&mut self, timer: BelowTimer) -> Option<EventKind> {
        let now = self.now;
        let storage = self.store.storage_mut()?;
        match timer {
            BelowTimer::WriteBack(key) => {
                let (v, to, due) = storage.write_back(key, now)?;
                self.landed(key, v, to, due);
                Some(EventKind::WrittenBack { key, value: v, to })
            }
            BelowTimer::Destage(key) => {
                let v = storage.destage(key, now)?;
                self.landed(key, v, Layer::Medium, None);
                Some(EventKind::Destaged { key, value: v })
            }
            BelowTimer::Flush => {
                storage.flush_ticked();
                let to = storage.spec().flushed_layer();
                let moved = storage.flush_all(now);
                for &(key, v, layer, due) in &moved {
                    self.landed(key, v, layer, due);
                }
                (!moved.is_empty()).then_some(EventKind::StoreFlushed {
                    rows: moved.len() as u32,
                    to,
                })
            }
        }
    }

    /// `key` went back to `kept` in a crash (`from` the layer it lost) or a
    /// failover (`None`): the ledger loses the writes after it up to
    /// `upto`, less those a write-behind flusher still holds (it sends them
    /// again, or drops them and counts the loss then). Returns
    /// them as key = value.
    pub(super) fn lose_reverted(
        &mut self,
        key: Key,
        kept: Option<Versioned>,
        upto: crate::Version,
        from: Option<Layer>,
    ) -> Vec<KeyValue> {
        let now = self.now;
        let kept = kept.map_or(crate::Version(0), |v| v.version);
        let kept = kept.max(
            self.classes[self.class_of(key)]
                .behind
                .as_ref()
                .map_or(crate::Version(0), |b| b.still_holds(key)),
        );
        let gone = match from {
            Some(layer) => self.ledger.lose_below(key, kept, upto, layer, now),
            None => self.ledger.lose_failover(key, kept, upto, now),
        };
        gone.iter().map(|r| (r.key, r.value)).collect()
    }

    /// The store's machine is gone (crashed, or lost for good) and is back
    /// after `downtime`: operations waiting for a connection, and commits
    /// waiting for the standby (their connections died), fail.
    pub(super) fn store_gone_for(&mut self, downtime: Micros) {
        self.store.set_down(true);
        for job in core::mem::take(&mut self.store_line) {
            self.answer(job, Answer::Failed);
        }
        for p in core::mem::take(&mut self.parked) {
            self.answer(p.job, Answer::Failed);
        }
        self.after(downtime, Action::Fault(crate::Fault::StoreUp));
    }

    /// The store's machine crashes (`kind`) and is down for `downtime`:
    /// running operations die, waiting ones are turned away, and the layers
    /// the crash takes are emptied; each write that was only there is lost.
    pub(super) fn crash_store(&mut self, kind: CrashKind, downtime: Micros) -> EventKind {
        let losses = self.store.crash(kind);
        let mut lost: Vec<KeyValue> = Vec::new();
        for l in &losses {
            lost.extend(self.lose_reverted(l.key, l.now, l.lost.version, Some(l.from)));
        }
        self.store_gone_for(downtime);
        EventKind::StoreCrashed {
            crash: kind,
            lost,
            reverted: losses.len() as u32,
        }
    }
}
