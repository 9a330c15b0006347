//! Write-behind: a write is taken into the cache as dirty, logged if there is
//! a log, queued, and acknowledged (at once, after the log fsync, or after its
//! flush when the queue is past capacity in sync-flush mode). A single
//! flusher per class sends ripe entries to the store in batches, at most one
//! batch in flight (so the order per key is kept), under an optional rate
//! limit, retrying failures with exponential backoff.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use super::{Action, Answer, Job, NodeTimer, Origin, Reply, Request, Sim, Work};
use crate::event::{AckWhen, AfterFailure, EventKind, FailReason};
use crate::latency::Hop;
use crate::policy::{AfterLastRetry, BackPressure, WriteBehind};
use crate::queue::{FlushQueue, QueueEntry};
use crate::spent::Part;
use crate::storage::CrashKind;
use crate::time::{Micros, SimTime};
use crate::wal::{LogRecord, Wal, WalSpec};
use crate::{Key, Value, Version, Versioned};

/// The write-behind machinery of one key class.
#[derive(Clone, Debug)]
pub(super) struct Behind {
    pub(super) spec: WriteBehind,
    pub(super) queue: FlushQueue,
    in_flight: Option<Vec<QueueEntry>>,
    /// The store has applied the batch in flight and its success is on
    /// the way back: the flusher will count its writes as flushed.
    confirmed: bool,
    /// Batches sent by an earlier life of the node, not yet answered, each
    /// with whether its success is on the way back.
    orphans: Vec<(Vec<QueueEntry>, bool)>,
    attempt: u32,
    tick_gen: u64,
    tick_at: Option<SimTime>,
    next_allowed: SimTime,
    blocked: VecDeque<(Request, SimTime)>,
    /// Writes whose ack waits for their flush (sync-flush).
    flush_waiters: Vec<(Request, Versioned)>,
    /// Writes whose ack waits for a log fsync.
    fsync_waiters: Vec<(Request, Versioned)>,
    wal: Wal,
    group_pending: bool,
    /// The backup member's copies of this class's writes.
    pub(super) backup: super::backup::Backup,
}

/// One class's flush machinery, as the views show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlushView {
    /// The class's index (0 unless selective).
    pub class: usize,
    /// Entries waiting, head first, each with how the flusher sees it.
    pub waiting: Vec<Waiting>,
    /// The batch on its way to the store, if any.
    pub in_flight: Vec<QueueEntry>,
    /// Failed attempts of the batch in flight.
    pub attempt: u32,
    /// Writers blocked on a full queue.
    pub blocked: usize,
    /// The log, oldest record first.
    pub log: Vec<LogRecord>,
    /// Writes the backup member holds copies of (0 without one).
    pub backed_up: usize,
}

/// A waiting entry as the flusher sees it now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// The entry.
    pub entry: QueueEntry,
    /// The flusher would send it now if it were at the head: its write
    /// delay has passed, or the queue is long enough to flush without
    /// waiting (`flush_at_len`).
    pub ripe: bool,
    /// The flush that would carry it (0: the next), if no write came and
    /// each flush were answered at once: the flusher's own batching (batch
    /// size, ride-along, the queue length that flushes at once) played
    /// forward on the entries waiting now.
    pub batch: u32,
}

impl Behind {
    pub(super) fn new(spec: &WriteBehind, keys: u32) -> Self {
        Behind {
            queue: FlushQueue::new(spec.coalescing, keys),
            spec: spec.clone(),
            in_flight: None,
            confirmed: false,
            orphans: Vec::new(),
            attempt: 0,
            tick_gen: 0,
            tick_at: None,
            next_allowed: SimTime::ZERO,
            blocked: VecDeque::new(),
            flush_waiters: Vec::new(),
            fsync_waiters: Vec::new(),
            wal: Wal::default(),
            group_pending: false,
            backup: super::backup::Backup::default(),
        }
    }

    /// Entries waiting in the queue.
    pub(super) fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Log records held and how many of them are fsynced.
    pub(super) fn log_counts(&self) -> (usize, usize) {
        let all = self.wal.records().count();
        (all, all - self.wal.unsynced())
    }

    /// True when `key` at `version` is covered by a batch on its way to the
    /// store (this life's, or an earlier one's not yet answered).
    pub(super) fn in_flight_covers(&self, key: Key, version: Version) -> bool {
        self.in_flight
            .iter()
            .chain(self.orphans.iter().map(|(b, _)| b))
            .any(|b| b.iter().any(|e| e.key == key && e.version >= version))
    }

    /// True when the log would keep `key` at `version` through a crash of
    /// `kind` at `now`.
    pub(super) fn log_keeps(&self, key: Key, version: Version, kind: CrashKind, now: SimTime) -> bool {
        self.wal.would_keep(key, version, kind, now)
    }

    /// The store has answered `entries` with success (`current`: the
    /// batch in flight of this life; otherwise an earlier life's).
    pub(super) fn confirmed(&mut self, current: bool, entries: &[QueueEntry]) {
        if current {
            self.confirmed = true;
        } else if let Some(o) = self.orphans.iter_mut().find(|(b, done)| !done && b == entries) {
            o.1 = true;
        }
    }

    /// The newest version of `key` the flusher still holds and decides the
    /// fate of (`Version(0)`: none): queued, or in a batch whose answer is
    /// not a success on its way (not sent yet, in line or running at the
    /// store, waiting for the standby, or failing), of this life or an
    /// earlier one. A store that goes back below it has not lost it: the
    /// flusher sends it again, or drops it and counts the loss then.
    pub(super) fn still_holds(&self, key: Key) -> Version {
        let current = self.in_flight.iter().filter(|_| !self.confirmed);
        let orphans = self.orphans.iter().filter(|(_, done)| !done).map(|(b, _)| b);
        current
            .chain(orphans)
            .flatten()
            .chain(self.queue.entries())
            .filter(|e| e.key == key)
            .map(|e| e.version)
            .max()
            .unwrap_or(Version(0))
    }

    pub(super) fn view(&self, class: usize, now: SimTime) -> FlushView {
        FlushView {
            class,
            waiting: self.plan(now),
            in_flight: self.in_flight.clone().unwrap_or_default(),
            attempt: self.attempt,
            blocked: self.blocked.len(),
            log: self.wal.records().copied().collect(),
            backed_up: self.backup.held(now),
        }
    }

    /// True when `waiting` entries are enough to flush without waiting
    /// (`flush_at_len`): every entry counts as ripe.
    fn pressing(&self, waiting: usize) -> bool {
        self.spec.flush_at_len > 0 && waiting >= self.spec.flush_at_len as usize
    }

    /// How far a flush reaches past the ripe entries, with `waiting`
    /// entries in the queue: all of them while it is pressing, else the
    /// entries ripening within `batch_factor_percent` of the write delay.
    fn ride_along(&self, waiting: usize) -> Micros {
        if self.pressing(waiting) {
            Micros(u64::MAX / 2)
        } else {
            Micros(self.spec.write_delay_us / 100 * u64::from(self.spec.batch_factor_percent))
        }
    }

    /// The waiting entries with the flush each would go in, as
    /// [`Waiting::batch`] describes: batches are taken from the head, at
    /// most `batch_size` each, up to the first entry that is not ripe by
    /// the flush's horizon (see `FlushQueue::take_batch`); each flush goes
    /// when its head is ripe, and no sooner than the rate limit allows.
    fn plan(&self, now: SimTime) -> Vec<Waiting> {
        let entries: Vec<QueueEntry> = self.queue.entries().copied().collect();
        let max = self.spec.batch_size.max(1) as usize;
        let pressing_now = self.pressing(entries.len());
        let mut plan = Vec::with_capacity(entries.len());
        let mut at = now.max(self.next_allowed);
        let mut batch = 0;
        while plan.len() < entries.len() {
            let left = entries.len() - plan.len();
            if !self.pressing(left) {
                at = at.max(entries[plan.len()].ripe_at);
            }
            let horizon = at + self.ride_along(left);
            let start = plan.len();
            for e in &entries[start..] {
                if plan.len() - start == max || (plan.len() > start && e.ripe_at > horizon) {
                    break;
                }
                plan.push(Waiting {
                    entry: *e,
                    ripe: pressing_now || e.ripe_at <= now,
                    batch,
                });
            }
            if self.spec.rate_limit_per_s > 0 {
                let sent = (plan.len() - start) as u64;
                at = at + Micros(sent * 1_000_000 / u64::from(self.spec.rate_limit_per_s));
            }
            batch += 1;
        }
        plan
    }

    /// A crash: memory is gone; fsynced log records survive. Returns the
    /// requests that were waiting (to fail them), how many entries were
    /// queued, and how many log records survive.
    pub(super) fn crash(
        &mut self,
        kind: CrashKind,
        now: SimTime,
    ) -> (Vec<(Request, Option<Versioned>)>, u32, u32) {
        let mut waiting: Vec<(Request, Option<Versioned>)> =
            self.blocked.drain(..).map(|(r, _)| (r, None)).collect();
        waiting.extend(self.flush_waiters.drain(..).map(|(r, v)| (r, Some(v))));
        waiting.extend(self.fsync_waiters.drain(..).map(|(r, v)| (r, Some(v))));
        waiting.extend(self.backup.waiters.drain(..).map(|(r, v, _)| (r, Some(v))));
        let queued = self.queue.clear().len() as u32;
        if let Some(batch) = self.in_flight.take() {
            self.orphans.push((batch, self.confirmed));
        }
        self.confirmed = false;
        self.attempt = 0;
        // A tick scheduled before the crash may still fire: it finds the
        // queue empty (cleared here; whatever refills it kicks the flusher,
        // which, with no tick pending, moves to a new generation first).
        self.tick_at = None;
        self.group_pending = false;
        let kept = self.wal.crash(kind, now) as u32;
        (waiting, queued, kept)
    }
}

impl Sim {
    fn behind(&mut self, class: usize) -> &mut Behind {
        self.classes[class]
            .behind
            .as_mut()
            .expect("a write-behind class has its machinery")
    }

    /// A write reaches the cache node of a write-behind class.
    pub(super) fn behind_accept(
        &mut self,
        req: Request,
        class: usize,
        key: Key,
        value: Value,
    ) -> Option<EventKind> {
        let now = self.now;
        let b = self.behind(class);
        let cap = b.spec.queue_capacity as usize;
        let full = cap > 0 && b.queue.len() >= cap && !b.queue.would_coalesce(key);
        let mut ack = AckWhen::Now;
        if full {
            match b.spec.back_pressure {
                BackPressure::Block => {
                    b.blocked.push_back((req, now));
                    self.wait(&req, Part::Blocked);
                    let b = self.behind(class);
                    let queue_len = b.queue.len() as u32;
                    return Some(EventKind::Blocked {
                        op: req.id,
                        key,
                        queue_len,
                    });
                }
                BackPressure::Reject => {
                    self.reply(req, Reply::Failed(FailReason::QueueFull));
                    return None;
                }
                BackPressure::SyncFlush => ack = AckWhen::AfterFlush,
            }
        }
        let version = self.next_version(key);
        let v = Versioned { value, version };
        self.ledger.accept(req.id, key, value, version, now);
        let eviction = self.cache.put_dirty(key, v, now);
        self.schedule_eviction(eviction);
        let b = self.behind(class);
        let ripe_at = now + Micros(b.spec.write_delay_us);
        let queued = b.queue.push(key, value, version, now, ripe_at);
        if ack == AckWhen::AfterFlush {
            b.queue.expedite(key, now);
            b.flush_waiters.push((req, v));
            self.wait(&req, Part::Blocked);
        }
        let b = self.behind(class);
        let wal = b.spec.wal;
        if wal.enabled() {
            b.wal.append(LogRecord {
                key,
                value,
                version,
                appended_at: now,
                fsynced: false,
                volatile_until: None,
            });
        }
        let queue_len = b.queue.len() as u32;
        match wal {
            WalSpec::None => {}
            WalSpec::FsyncEveryWrite => {
                if ack == AckWhen::Now {
                    ack = AckWhen::AfterFsync;
                    b.fsync_waiters.push((req, v));
                    self.wait(&req, Part::LogFsync);
                }
                let d = self.hop(Hop::LogAppend) + self.log_fsync_time();
                self.node_after(d, NodeTimer::LogFsyncOne { class, key, version });
            }
            WalSpec::GroupCommit {
                interval_us,
                ack_after_fsync,
            } => {
                if ack == AckWhen::Now && ack_after_fsync {
                    ack = AckWhen::AfterFsync;
                    b.fsync_waiters.push((req, v));
                    self.wait(&req, Part::LogFsync);
                }
                let b = self.behind(class);
                if !b.group_pending {
                    b.group_pending = true;
                    let d = self.hop(Hop::LogAppend) + Micros(interval_us);
                    self.node_after(d, NodeTimer::GroupFsync { class });
                }
            }
        }
        // A copy to the backup member, if there is one.
        let replica = self.back_up(class, key, v);
        if ack == AckWhen::Now {
            // The set in the node's memory (as write-through's set), the
            // backup's acknowledgement if it is synchronous, then the answer.
            let set = self.hop(Hop::CacheOp);
            if replica == Micros(0) {
                self.ack_write_in(req, v, set);
            } else {
                self.await_backup(class, req, v, set, replica);
            }
        }
        self.kick(class);
        Some(EventKind::Accepted {
            op: req.id,
            key,
            value,
            version,
            queued,
            queue_len,
            ack,
        })
    }

    /// Schedules the flusher's next look at the queue, if it has work.
    pub(super) fn kick(&mut self, class: usize) {
        let now = self.now;
        let b = self.behind(class);
        if b.in_flight.is_some() {
            return;
        }
        let Some(mut ripe) = b.queue.next_ripe() else {
            return;
        };
        if b.pressing(b.queue.len()) {
            ripe = now;
        }
        let at = ripe.max(b.next_allowed).max(now);
        if b.tick_at == Some(at) {
            return;
        }
        b.tick_gen += 1;
        b.tick_at = Some(at);
        let gen = b.tick_gen;
        self.agenda.schedule(at, Action::FlushTick { class, gen });
    }

    /// Flushes `key` next (a dirty LRU victim).
    pub(super) fn expedite(&mut self, class: usize, key: Key) {
        let now = self.now;
        if let Some(b) = self.classes[class].behind.as_mut() {
            b.queue.expedite(key, now);
            self.kick(class);
        }
    }

    /// The flusher wakes: it sends what is ripe (and what rides along).
    pub(super) fn flush_tick(&mut self, class: usize, gen: u64) -> Option<EventKind> {
        let now = self.now;
        let up = self.cache_up();
        let b = self.behind(class);
        if gen != b.tick_gen || b.in_flight.is_some() || !up {
            return None;
        }
        b.tick_at = None;
        let ride = b.ride_along(b.queue.len());
        let batch = b.queue.take_batch(now, b.spec.batch_size as usize, ride);
        if batch.is_empty() {
            self.kick(class);
            return None;
        }
        let ride_along = batch.iter().filter(|e| e.ripe_at > now).count() as u32;
        let writes = batch.iter().map(|e| e.writes).sum();
        if b.spec.rate_limit_per_s > 0 {
            let gap = batch.len() as u64 * 1_000_000 / u64::from(b.spec.rate_limit_per_s);
            b.next_allowed = now + Micros(gap);
        }
        b.in_flight = Some(batch.clone());
        b.confirmed = false;
        b.attempt = 0;
        let room = match b.spec.queue_capacity as usize {
            0 => usize::MAX,
            cap => cap.saturating_sub(b.queue.len()),
        };
        let unblock = room.min(b.blocked.len());
        for e in &batch {
            self.cache.set_flushing(e.key, e.version, true);
        }
        for _ in 0..unblock {
            self.node_after(Micros(0), NodeTimer::Unblock { class });
        }
        let entries = batch.iter().map(|e| (e.key, e.value)).collect();
        let hop = self.hop(Hop::CacheStore);
        self.send_to_store(Origin::Flush(class), Work::Batch(batch), hop);
        Some(EventKind::FlushSent {
            entries,
            writes,
            ride_along,
        })
    }

    /// A blocked writer gets room: its write is taken now.
    pub(super) fn unblock(&mut self, class: usize) -> Option<EventKind> {
        let now = self.now;
        let (req, since) = self.behind(class).blocked.pop_front()?;
        self.waited(&req);
        self.agenda.schedule(now, Action::AtCache(req));
        Some(EventKind::Unblocked {
            op: req.id,
            key: req.op.key(),
            waited: now - since,
        })
    }

    /// The store's answer to a flush of an earlier life of the node: nobody
    /// will retry it, so a failed batch's writes are lost.
    pub(super) fn flush_orphaned(&mut self, class: usize, job: Job, answer: Answer) -> Option<EventKind> {
        let now = self.now;
        let Work::Batch(entries) = job.work else {
            return None;
        };
        let b = self.behind(class);
        if let Some(i) = b.orphans.iter().position(|(o, _)| *o == entries) {
            b.orphans.remove(i);
        }
        let mut lost = Vec::new();
        if matches!(answer, Answer::Failed) {
            for e in &entries {
                lost.extend(
                    self.ledger
                        .lose_upto(e.key, e.version, now)
                        .iter()
                        .map(|r| (r.key, r.value)),
                );
            }
        }
        Some(EventKind::FlushOrphaned {
            entries: entries.len() as u32,
            lost,
        })
    }

    /// The store's answer to a flush reaches the cache node.
    pub(super) fn flush_done(&mut self, class: usize, job: Job, answer: Answer) -> Option<EventKind> {
        let Work::Batch(entries) = job.work else {
            return None;
        };
        let n = entries.len() as u32;
        if matches!(answer, Answer::Failed) {
            return Some(self.flush_failed(class, entries));
        }
        let b = self.behind(class);
        b.in_flight = None;
        b.confirmed = false;
        b.attempt = 0;
        b.backup.forget(&entries);
        let waiters = core::mem::take(&mut b.flush_waiters);
        let mut evicted = 0;
        for e in &entries {
            let v = Versioned {
                value: e.value,
                version: e.version,
            };
            if self.cache.flushed(e.key, v) {
                evicted += 1;
            }
        }
        let mut unblocked = 0;
        for (req, v) in waiters {
            let done = entries
                .iter()
                .any(|e| e.key == req.op.key() && e.version >= v.version);
            if done {
                self.ack_write(req, v);
                unblocked += 1;
            } else {
                self.behind(class).flush_waiters.push((req, v));
            }
        }
        self.kick(class);
        Some(EventKind::FlushAcked {
            entries: n,
            evicted,
            unblocked,
        })
    }

    fn flush_failed(&mut self, class: usize, entries: Vec<QueueEntry>) -> EventKind {
        let now = self.now;
        let b = self.behind(class);
        b.attempt += 1;
        let attempt = b.attempt;
        let n = entries.len() as u32;
        let retry = b.spec.retry.clone();
        if attempt <= retry.attempts || retry.after_last == AfterLastRetry::Forever {
            let after = Micros(retry.backoff_us << (attempt - 1).min(6));
            self.node_after(after, NodeTimer::FlushRetry { class });
            return EventKind::FlushFailed {
                entries: n,
                attempt,
                next: AfterFailure::Retry { after },
            };
        }
        let b = self.behind(class);
        b.in_flight = None;
        b.confirmed = false;
        b.attempt = 0;
        for e in &entries {
            self.cache.set_flushing(e.key, e.version, false);
        }
        let next = match retry.after_last {
            AfterLastRetry::Drop => {
                let mut lost = 0;
                for e in &entries {
                    lost += self.ledger.lose_upto(e.key, e.version, now).len() as u32;
                    self.cache.flush_dropped(e.key, e.version);
                }
                self.behind(class).backup.forget(&entries);
                // Writers waiting for these flushes will never be acknowledged.
                let b = self.behind(class);
                let (failed, kept): (Vec<_>, Vec<_>) = core::mem::take(&mut b.flush_waiters)
                    .into_iter()
                    .partition(|(r, v)| {
                        entries
                            .iter()
                            .any(|e| e.key == r.op.key() && e.version >= v.version)
                    });
                b.flush_waiters = kept;
                for (req, v) in failed {
                    self.fail_write(req, Some(v), FailReason::StoreDown);
                }
                AfterFailure::Dropped { lost }
            }
            _ => {
                self.behind(class).queue.requeue(entries, now);
                AfterFailure::Requeued
            }
        };
        self.kick(class);
        EventKind::FlushFailed {
            entries: n,
            attempt,
            next,
        }
    }

    /// The flusher sends its failed batch again.
    pub(super) fn flush_retry(&mut self, class: usize) -> Option<EventKind> {
        let b = self.behind(class);
        let batch = b.in_flight.clone()?;
        let attempt = b.attempt;
        let n = batch.len() as u32;
        let hop = self.hop(Hop::CacheStore);
        self.send_to_store(Origin::Flush(class), Work::Batch(batch), hop);
        Some(EventKind::FlushRetried { entries: n, attempt })
    }

    /// What one log fsync costs: the medium's (`latency.log_fsync_us`),
    /// or the device's cache's when the device answers from it.
    fn log_fsync_time(&mut self) -> Micros {
        match self.hops.log_cache.as_ref() {
            Some(cache) => cache.sample(&mut self.hops.rng),
            None => self.hop(Hop::LogFsync),
        }
    }

    /// Until when a record fsynced now stays in a volatile device cache
    /// (`None`: it is safe from power loss at once).
    fn log_volatile_until(&self) -> Option<SimTime> {
        let d = self.scenario.cache.log_device.as_ref().filter(|d| d.lies())?;
        Some(self.now + Micros(d.destage_us))
    }

    /// One write's log fsync completes (fsync every write).
    pub(super) fn log_fsync_one(&mut self, class: usize, key: Key, version: Version) -> Option<EventKind> {
        let now = self.now;
        if !self.behind(class).wal.holds(key, version) {
            return None;
        }
        let until = self.log_volatile_until();
        let volatile = until.is_some();
        if let Some(at) = until {
            self.agenda.schedule(at, Action::LogDestage { class });
        }
        let b = self.behind(class);
        b.wal.fsync_one(key, version, until);
        let waiting = b
            .fsync_waiters
            .iter()
            .position(|(r, v)| r.op.key() == key && v.version == version);
        let waiter = waiting.map(|i| b.fsync_waiters.remove(i));
        if !volatile {
            self.ledger.durable_in_log(key, version, now);
        }
        let acked = u32::from(waiter.is_some());
        if let Some((req, v)) = waiter {
            self.ack_write(req, v);
        }
        Some(EventKind::LogFsynced {
            records: 1,
            acked,
            volatile,
        })
    }

    /// A group commit: one fsync makes every appended record durable (or,
    /// on a device that lies, puts it in its volatile cache).
    pub(super) fn group_fsync(&mut self, class: usize) -> Option<EventKind> {
        let now = self.now;
        let b = self.behind(class);
        b.group_pending = false;
        let until = self.log_volatile_until();
        let b = self.behind(class);
        let synced = b.wal.fsync_all(until);
        let waiters = core::mem::take(&mut b.fsync_waiters);
        // Records only in a lying device's cache are durable at its destage.
        if let (Some(at), false) = (until, synced.is_empty()) {
            self.agenda.schedule(at, Action::LogDestage { class });
        } else {
            for (key, version) in &synced {
                self.ledger.durable_in_log(*key, *version, now);
            }
        }
        let acked = waiters.len() as u32;
        for (req, v) in waiters {
            self.ack_write(req, v);
        }
        (!synced.is_empty()).then_some(EventKind::LogFsynced {
            records: synced.len() as u32,
            acked,
            volatile: until.is_some(),
        })
    }

    /// The log device has written what it held long enough to its medium:
    /// those records are durable now.
    pub(super) fn log_destage(&mut self, class: usize) -> Option<EventKind> {
        let now = self.now;
        let safe = self.behind(class).wal.destaged(now);
        for (key, version) in &safe {
            self.ledger.durable_in_log(*key, *version, now);
        }
        (!safe.is_empty()).then_some(EventKind::LogDestaged {
            records: safe.len() as u32,
        })
    }

    /// Drops log records the store already holds where no crash can take
    /// them (with layers below the store: safe from power loss).
    pub(super) fn truncate_log(&mut self, class: usize) {
        if let Some(b) = self.classes[class].behind.as_mut() {
            let store = &self.store;
            b.wal.truncate(|r| store.safe_version(r.key) >= r.version);
        }
    }

    /// Recovery: replays fsynced log records the store lacks. Returns how many.
    pub(super) fn replay_log(&mut self, class: usize) -> u32 {
        let Some(b) = self.classes[class].behind.as_ref() else {
            return 0;
        };
        let records: Vec<LogRecord> = b.wal.records().copied().collect();
        let mut replayed = 0;
        for r in records {
            if self.store.write_if_newer(r.key, r.value, r.version, self.now) {
                self.ledger.recovered();
                // Durable now (a record the OS kept after a process crash
                // was not, until this replay).
                let v = Versioned {
                    value: r.value,
                    version: r.version,
                };
                self.committed(r.key, v);
                replayed += 1;
            }
        }
        self.truncate_log(class);
        replayed
    }

    /// A crash of the node: see [`Behind::crash`].
    pub(super) fn crash_behind(&mut self, class: usize, kind: CrashKind) -> (u32, u32) {
        let now = self.now;
        let Some(b) = self.classes[class].behind.as_mut() else {
            return (0, 0);
        };
        let (waiting, queued, kept) = b.crash(kind, now);
        for (req, v) in waiting {
            self.fail_write(req, v, FailReason::CacheCrashed);
        }
        (queued, kept)
    }
}
