//! The store side: operations arrive, wait for a pooled connection, run for
//! their service time, apply their effect, and their answer travels back to
//! whoever asked (the cache node, the application, or a flusher).

use super::{Action, Answer, Job, Origin, Reply, Sim, Work};
use crate::event::{EventKind, FailReason, StoreWork};
use crate::latency::Hop;
use crate::spent::Part;
use crate::time::Micros;

impl Sim {
    /// Sends `work` to the store; it arrives after `delay`.
    pub(super) fn send_to_store(&mut self, origin: Origin, work: Work, delay: Micros) {
        let job = Job {
            origin,
            work,
            epoch: self.epoch,
            store_life: 0,
        };
        self.after(delay, Action::StoreArrive(job));
    }

    /// An operation reaches the store: it fails during an outage, runs if a
    /// connection is free, or waits in line.
    pub(super) fn store_arrive(&mut self, job: Job) -> Option<EventKind> {
        let work = job.work.summary();
        // Back from the line (a connection came free, or the store went down).
        if let Some(req) = job.origin.request() {
            self.waited(&req);
        }
        if self.store.is_down() {
            self.answer(job, Answer::Failed);
            return Some(EventKind::StoreFailed { work });
        }
        if self.store.try_acquire() {
            let mut job = job;
            job.store_life = self.store.life();
            if let Work::Read(key, snapshot) = &mut job.work {
                *snapshot = Some((self.now, self.store.read(*key)));
            }
            let (work_t, commit_t) = self.service_time(&job.work);
            if let Some(req) = job.origin.request() {
                self.charge(&req, Part::StoreWork, work_t);
                self.charge(&req, Part::Commit, commit_t);
            }
            self.after(work_t + commit_t, Action::StoreDone(job));
            None
        } else {
            if let Some(req) = job.origin.request() {
                self.wait(&req, Part::PoolWait);
            }
            let ahead = self.store_line.len() as u32;
            self.store_line.push_back(job);
            Some(EventKind::StoreQueued { work, ahead })
        }
    }

    /// How long the store works on `work`, and then commits it: a read; a
    /// write and its commit; or a batch of rows written one by one with one
    /// commit.
    fn service_time(&mut self, work: &Work) -> (Micros, Micros) {
        match work {
            Work::Read(..) => (self.hop(Hop::StoreRead), Micros(0)),
            Work::Write(..) => {
                let row = self.hop(Hop::StoreWrite);
                (row, self.commit_time(1))
            }
            Work::Batch(entries) => {
                let commit = self.commit_time(entries.len() as u32);
                let mut t = Micros(0);
                for _ in entries {
                    t = t + self.hop(Hop::StoreWrite);
                }
                (t, commit)
            }
        }
    }

    /// An operation finishes: its effect is applied, its connection passes to
    /// the next in line, and its answer goes back.
    pub(super) fn store_done(&mut self, job: Job) -> EventKind {
        if job.store_life != self.store.life() {
            // The store's process died while it ran: nothing was applied.
            let work = job.work.summary();
            self.answer(job, Answer::Failed);
            return EventKind::StoreFailed { work };
        }
        // A commit that may wait for the standby keeps its connection until
        // it knows; any other frees it first (the order runs always had).
        let may_wait = self.commits_wait(&job.work);
        if !may_wait {
            self.free_connection();
        }
        let (answer, event) = match &job.work {
            Work::Read(key, snapshot) => {
                let (started, found) = snapshot.unwrap_or((self.now, self.store.read(*key)));
                let op = job.origin.request().map_or(crate::OpId(0), |r| r.id);
                let event = EventKind::StoreRead {
                    op,
                    key: *key,
                    found,
                    started,
                };
                (Answer::Read(found), event)
            }
            Work::Write(key, value) => {
                let version = self.next_version(*key);
                self.store.write(*key, *value, version, self.now);
                let op = job.origin.request().map_or(crate::OpId(0), |r| r.id);
                self.ledger.accept(op, *key, *value, version, self.now);
                let v = crate::Versioned {
                    value: *value,
                    version,
                };
                let landed = self.committed(*key, v);
                let event = EventKind::StoreWrote {
                    op,
                    key: *key,
                    value: *value,
                    version,
                    landed,
                };
                (Answer::Wrote(v), event)
            }
            Work::Batch(entries) => {
                let mut landed = None;
                for e in entries {
                    let v = crate::Versioned {
                        value: e.value,
                        version: e.version,
                    };
                    if self.store.write_if_newer(e.key, e.value, e.version, self.now) {
                        landed = self.committed(e.key, v).or(landed);
                    } else if self.store.safe_version(e.key) >= e.version {
                        // A newer write is safe already: this one is superseded.
                        self.ledger.durable_in_store(e.key, e.version, self.now);
                    }
                }
                if let Origin::Flush(class) = job.origin {
                    self.truncate_log(class);
                }
                let list = entries.iter().map(|e| (e.key, e.value)).collect();
                let writes = entries.iter().map(|e| e.writes).sum();
                let event = EventKind::StoreBatchWrote {
                    entries: list,
                    writes,
                    landed,
                };
                (Answer::Batch, event)
            }
        };
        if may_wait {
            self.finish_commit(job, answer);
        } else {
            self.answer(job, answer);
        }
        event
    }

    /// Sends the store's answer back over one cache<->store hop.
    pub(super) fn answer(&mut self, job: Job, answer: Answer) {
        let hop = self.hop(Hop::CacheStore);
        if let (Origin::Flush(class), Work::Batch(entries), false) =
            (job.origin, &job.work, matches!(answer, Answer::Failed))
        {
            if let Some(b) = self.classes[class].behind.as_mut() {
                b.confirmed(job.epoch == self.epoch, entries);
            }
        }
        if let Some(req) = job.origin.request() {
            self.waited(&req);
            self.charge(&req, Part::StoreHop, hop);
        }
        self.after(hop, Action::StoreReply { job, answer });
    }

    /// The store's answer reaches whoever asked. An answer to the cache node
    /// of an earlier life (it has crashed since) is an orphan: nobody there
    /// waits for it.
    pub(super) fn store_reply(&mut self, job: Job, answer: Answer) -> Option<EventKind> {
        let orphan = job.epoch != self.epoch;
        match job.origin {
            Origin::AppRead(req) => Some(self.app_read_done(req, answer)),
            Origin::AppWrite(req) => self.app_write_done(req, answer),
            Origin::CacheLoad(req) if orphan => {
                self.reply(req, Reply::Failed(FailReason::CacheCrashed));
                None
            }
            Origin::CacheWrite(req) if orphan => {
                // The client never hears back, whether or not the store applied it.
                let written = match answer {
                    Answer::Wrote(v) => Some(v),
                    _ => None,
                };
                self.fail_write(req, written, FailReason::CacheCrashed);
                None
            }
            Origin::Flush(class) if orphan => self.flush_orphaned(class, job, answer),
            Origin::CacheLoad(req) => self.filled(req, answer),
            Origin::CacheWrite(req) => self.write_stored(req, answer),
            Origin::Flush(class) => self.flush_done(class, job, answer),
        }
    }
}

impl Origin {
    /// The client request behind it, if any.
    pub(super) fn request(&self) -> Option<super::Request> {
        match *self {
            Origin::CacheLoad(r) | Origin::CacheWrite(r) | Origin::AppRead(r) | Origin::AppWrite(r) => {
                Some(r)
            }
            Origin::Flush(_) => None,
        }
    }
}

impl Work {
    /// What it is, for sentences.
    pub(super) fn summary(&self) -> StoreWork {
        match self {
            Work::Read(key, _) => StoreWork::Read { key: *key },
            Work::Write(key, _) => StoreWork::Write { key: *key },
            Work::Batch(entries) => StoreWork::Batch {
                entries: entries.len() as u32,
            },
        }
    }
}
