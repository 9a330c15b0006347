//! Faults and recovery: a crash of the cache node loses its memory (entries,
//! dirty values, the flush queue, unsynced log records) and every
//! acknowledged write that was durable nowhere; the node restarts empty after
//! its downtime and replays its log. A store outage fails what arrives.

use alloc::vec::Vec;

use super::{Action, NodeTimer, Reply, Sim};
use crate::event::{EventKind, FailReason, KeyValue};
use crate::fault::Fault;
use crate::storage::CrashKind;
use crate::time::Micros;

impl Sim {
    /// A fault strikes now.
    pub(super) fn fault(&mut self, fault: Fault) -> EventKind {
        match fault {
            Fault::CrashCache { downtime_us } => self.crash(Micros(downtime_us), CrashKind::Os),
            Fault::CacheProcessCrash { downtime_us } => self.crash(Micros(downtime_us), CrashKind::Process),
            Fault::CachePowerLoss { downtime_us } => self.crash(Micros(downtime_us), CrashKind::Power),
            Fault::StoreOutage { duration_us } => {
                self.after(Micros(duration_us), Action::Fault(Fault::StoreUp));
                self.store_down()
            }
            Fault::StoreCrash { kind, downtime_us } => self.crash_store(kind, Micros(downtime_us)),
            Fault::StandbyCrash { kind, downtime_us } => self.crash_standby(kind, Micros(downtime_us)),
            Fault::LosePrimary => self.lose_primary(),
            Fault::StoreDown => self.store_down(),
            Fault::StoreUp => {
                self.store.set_down(false);
                EventKind::StoreUp
            }
        }
    }

    /// The store goes down: operations waiting for a connection fail too
    /// (each at the next steps, as it is turned away).
    fn store_down(&mut self) -> EventKind {
        self.store.set_down(true);
        for job in core::mem::take(&mut self.store_line) {
            self.agenda.schedule(self.now, Action::StoreArrive(job));
        }
        EventKind::StoreDown
    }

    /// The cache node crashes (`kind`: its process only, its OS, or its
    /// power): see [`crate::wal`] for what its log keeps of each.
    fn crash(&mut self, downtime: Micros, kind: CrashKind) -> EventKind {
        let now = self.now;
        // Lost: what `crash_would_lose_to` says such a crash now loses (a
        // batch the store may still apply decides its writes' fate when it
        // answers).
        let doomed = self.crash_would_lose_to(kind);
        // (`crash_would_lose` leaves out what the backup member holds.)
        let (backed_up, takeover) = self.backups_at_crash();
        let lost: Vec<KeyValue> = doomed
            .into_iter()
            .filter_map(|r| self.ledger.lose(r.key, r.version, now))
            .map(|r| (r.key, r.value))
            .collect();
        let dirty = self.cache.crash().len() as u32;
        let (mut queued, mut log_kept) = (0, 0);
        for class in 0..self.classes.len() {
            let (q, k) = self.crash_behind(class, kind);
            queued += q;
            log_kept += k;
        }
        for waiter in core::mem::take(&mut self.load_waiters).into_values().flatten() {
            self.reply(waiter, Reply::Failed(FailReason::CacheCrashed));
        }
        self.epoch += 1;
        // With a backup, service comes back when it takes over; the crashed
        // member rejoins as the backup after its downtime (not before then).
        let back = match (takeover, self.scenario.cache.backup.as_ref()) {
            (true, Some(b)) => Micros(b.takeover_us),
            _ => downtime,
        };
        self.restarts_at = Some(now + back);
        self.node_after(back, NodeTimer::Restart);
        if takeover {
            self.rejoin_after(downtime.max(back));
        }
        EventKind::Crashed {
            lost,
            dirty,
            queued,
            log_kept,
            backed_up,
            power: kind == CrashKind::Power,
        }
    }

    /// The node comes back empty; recovery replays the log into the store.
    pub(super) fn restart(&mut self) -> Option<EventKind> {
        self.restarts_at.take()?;
        let replayed = (0..self.classes.len()).map(|class| self.replay_log(class)).sum();
        let taking_over = self
            .classes
            .iter()
            .any(|c| c.behind.as_ref().is_some_and(|b| b.backup.taking_over()));
        if taking_over {
            let requeued = self.take_over();
            return Some(EventKind::TookOver { requeued, replayed });
        }
        Some(EventKind::Restarted { replayed })
    }
}
