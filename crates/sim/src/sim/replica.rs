//! The standby in the run: rows shipped as they leave the store process,
//! received, flushed and applied on the standby, its reports back, the
//! commits that wait for them, a crash of the standby, and losing the
//! primary, which promotes the standby. See [`crate::standby`].

use alloc::vec::Vec;

use super::{Action, Answer, Job, Sim, Work};
use crate::event::{EventKind, KeyValue};
use crate::latency::Sampler;
use crate::spent::Part;
use crate::standby::{ReplicaWait, Stage};
use crate::storage::CrashKind;
use crate::time::Micros;
use crate::{Key, Versioned};

/// Something due on the stream between the primary and the standby.
#[derive(Clone, Copy, Debug)]
pub(super) enum StandbyTimer {
    /// The row at `pos` reaches the standby (of its life `life`).
    Arrive { pos: u64, life: u32 },
    /// The standby's flush covering up to `upto` is done.
    Flushed { upto: u64, life: u32 },
    /// The standby has applied up to `upto`.
    Applied { upto: u64, life: u32 },
    /// The standby's report that it is at `pos` in `stage` reaches the primary.
    Report { stage: Stage, pos: u64 },
    /// The standby is back after a crash.
    Up,
}

/// A commit done on the primary, waiting for the standby's report that
/// covers its rows, with its connection held.
#[derive(Clone, Debug)]
pub(super) struct Parked {
    /// The last row of the commit in the stream.
    pub(super) pos: u64,
    pub(super) job: Job,
    pub(super) answer: Answer,
}

/// The latencies of the stream: the link (one way), the standby's flush, its apply.
#[derive(Clone, Debug)]
pub(super) struct StandbyHops {
    link: Sampler,
    flush: Sampler,
    apply: Sampler,
}

impl StandbyHops {
    pub(super) fn new(spec: &crate::standby::StandbySpec) -> Self {
        StandbyHops {
            link: spec.link_us.sampler(),
            flush: spec.flush_us.sampler(),
            apply: spec.apply_us.sampler(),
        }
    }
}

/// Which of the stream's latencies to draw.
#[derive(Clone, Copy)]
enum StreamHop {
    Link,
    Flush,
    Apply,
}

impl Sim {
    fn stream_hop(&mut self, which: StreamHop) -> Micros {
        let Some(h) = self.hops.standby.as_ref() else {
            return Micros(0);
        };
        let s = match which {
            StreamHop::Link => &h.link,
            StreamHop::Flush => &h.flush,
            StreamHop::Apply => &h.apply,
        };
        s.sample(&mut self.hops.rng)
    }

    /// The last position shipped, if there is a standby.
    pub(super) fn shipped_upto(&self) -> u64 {
        self.store.standby().map_or(0, |s| s.positions().0)
    }

    /// True when a commit may have to wait for the standby.
    pub(super) fn commits_wait(&self, work: &Work) -> bool {
        !matches!(work, Work::Read(..))
            && self
                .store
                .standby()
                .is_some_and(|s| s.spec().waits_for != ReplicaWait::None)
    }

    /// The row `v` of `key` has left the store process: it goes down the
    /// stream, unless it went already (or the standby is down: it is sent
    /// again when the standby is back).
    pub(super) fn ship(&mut self, key: Key, v: Versioned) {
        let Some(s) = self.store.standby_mut() else {
            return;
        };
        let Some(row) = s.ship(key, v) else { return };
        if s.is_down() {
            return;
        }
        self.send_down(row.pos);
    }

    fn send_down(&mut self, pos: u64) {
        let link = self.stream_hop(StreamHop::Link);
        let now = self.now;
        let Some(s) = self.store.standby_mut() else {
            return;
        };
        let at = s.arrival(now, link);
        let life = s.life();
        self.agenda
            .schedule(at, Action::Standby(StandbyTimer::Arrive { pos, life }));
    }

    /// A commit finished on the primary: if its level asks it to, it waits
    /// for the standby to report everything shipped so far (its commit
    /// record comes after all of it in the stream, whether or not it
    /// changed a row: a retried flush whose rows are there already waits
    /// for them to reach the standby too); otherwise its connection is
    /// freed and its answer goes back.
    pub(super) fn finish_commit(&mut self, job: Job, answer: Answer) {
        let pos = self.shipped_upto();
        let needed = self
            .store
            .standby()
            .and_then(|s| Stage::needed(s.spec().waits_for).map(|st| (st, s.heard()[st as usize])));
        match needed {
            Some((_, heard)) if heard < pos => {
                if let Some(req) = job.origin.request() {
                    self.wait(&req, Part::ReplicaWait);
                }
                self.parked.push_back(Parked { pos, job, answer });
            }
            _ => {
                self.free_connection();
                self.answer(job, answer);
            }
        }
    }

    /// Frees a connection and lets the next operation in line have it.
    pub(super) fn free_connection(&mut self) {
        self.store.release();
        if let Some(next) = self.store_line.pop_front() {
            self.agenda.schedule(self.now, Action::StoreArrive(next));
        }
    }

    /// Something due on the stream.
    pub(super) fn standby_timer(&mut self, timer: StandbyTimer) -> Option<EventKind> {
        match timer {
            StandbyTimer::Arrive { pos, life } => self.standby_arrive(pos, life),
            StandbyTimer::Flushed { upto, life } => self.standby_flushed(upto, life),
            StandbyTimer::Applied { upto, life } => {
                let s = self.store.standby_mut().filter(|s| s.life() == life)?;
                s.applied(upto);
                self.report(Stage::Applied, upto);
                Some(EventKind::StandbyApplied { upto })
            }
            StandbyTimer::Report { stage, pos } => self.standby_report(stage, pos),
            StandbyTimer::Up => {
                let again = self.store.standby_mut()?.restart();
                for row in &again {
                    self.send_down(row.pos);
                }
                self.start_standby_flush();
                Some(EventKind::StandbyUp {
                    resent: again.len() as u32,
                })
            }
        }
    }

    fn standby_arrive(&mut self, pos: u64, life: u32) -> Option<EventKind> {
        let s = self.store.standby_mut().filter(|s| s.life() == life)?;
        if !s.receive(pos) {
            return None;
        }
        let row = s.row_at(pos)?;
        self.report(Stage::Written, pos);
        self.start_standby_flush();
        Some(EventKind::StandbyReceived {
            key: row.key,
            value: row.row,
            pos,
        })
    }

    /// Starts the standby's next flush, if it has rows to flush and none runs.
    fn start_standby_flush(&mut self) {
        let Some(s) = self.store.standby_mut() else {
            return;
        };
        let Some(upto) = s.start_flush() else { return };
        let life = s.life();
        let t = self.stream_hop(StreamHop::Flush);
        self.after(t, Action::Standby(StandbyTimer::Flushed { upto, life }));
    }

    fn standby_flushed(&mut self, upto: u64, life: u32) -> Option<EventKind> {
        let s = self.store.standby_mut().filter(|s| s.life() == life)?;
        let rows = s.flushed(upto);
        let now = self.now;
        for r in &rows {
            // Durable once safe on both machines.
            let safe = self.store.safe_version(r.key);
            self.ledger.durable_in_store(r.key, safe, now);
        }
        let t = self.stream_hop(StreamHop::Apply);
        self.after(t, Action::Standby(StandbyTimer::Applied { upto, life }));
        self.report(Stage::Flushed, upto);
        self.start_standby_flush();
        Some(EventKind::StandbyFlushed {
            rows: rows.len() as u32,
            upto,
        })
    }

    /// The standby reports its position in `stage` to the primary.
    fn report(&mut self, stage: Stage, pos: u64) {
        let t = self.stream_hop(StreamHop::Link);
        self.after(t, Action::Standby(StandbyTimer::Report { stage, pos }));
    }

    /// A report reaches the primary: the commits it covers answer.
    fn standby_report(&mut self, stage: Stage, pos: u64) -> Option<EventKind> {
        let s = self.store.standby_mut()?;
        let news = s.hear(stage, pos);
        if !news || Stage::needed(s.spec().waits_for) != Some(stage) {
            return None;
        }
        let mut released = 0;
        let mut i = 0;
        while i < self.parked.len() {
            if self.parked[i].pos <= pos {
                let Some(p) = self.parked.remove(i) else { break };
                self.free_connection();
                self.answer(p.job, p.answer);
                released += 1;
            } else {
                i += 1;
            }
        }
        (released > 0).then_some(EventKind::StandbyReported {
            stage,
            upto: pos,
            released,
        })
    }

    /// The standby crashes (`kind`) and is back after `downtime`.
    pub(super) fn crash_standby(&mut self, kind: CrashKind, downtime: Micros) -> EventKind {
        let dropped = match self.store.standby_mut() {
            Some(s) if !s.is_down() => {
                let d = s.crash(kind);
                self.after(downtime, Action::Standby(StandbyTimer::Up));
                Some(d)
            }
            _ => None,
        };
        EventKind::StandbyCrashed { crash: kind, dropped }
    }

    /// The primary is lost for good: the standby takes over with what it
    /// had received, after the failover time. Every acknowledged write it
    /// had not received is lost; commits waiting for it fail.
    pub(super) fn lose_primary(&mut self) -> EventKind {
        let Some(s) = self.store.standby() else {
            return EventKind::PrimaryLost {
                lost: Vec::new(),
                reverted: 0,
                failover_us: None,
            };
        };
        let rows = s.promoted_rows();
        let failover = s.spec().failover_us;
        let now = self.now;
        let reverted = self.store.promote(&rows);
        let mut lost: Vec<KeyValue> = Vec::new();
        for &(key, was, kept) in &reverted {
            lost.extend(self.lose_reverted(key, kept, was.version, None));
        }
        // The new primary holds what it was promoted with, safely.
        for k in 0..rows.len() as u32 {
            let safe = self.store.safe_version(Key(k));
            self.ledger.durable_in_store(Key(k), safe, now);
        }
        self.store_gone_for(Micros(failover));
        EventKind::PrimaryLost {
            lost,
            reverted: reverted.len() as u32,
            failover_us: Some(failover),
        }
    }

    /// Commits waiting for the standby now.
    #[must_use]
    pub fn commits_waiting(&self) -> usize {
        self.parked.len()
    }
}
