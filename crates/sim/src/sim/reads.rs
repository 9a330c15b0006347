//! The read path: hits, misses, expiry, loads by the cache node
//! (read-through) or by the application (cache-aside), and single-flight
//! fills that let concurrent misses share one store read.

use super::{Action, Answer, Origin, Reply, Request, Sim, Work};
use crate::cache::Lookup;
use crate::event::{EventKind, FailReason, Loader};
use crate::latency::Hop;
use crate::policy::Policy;
use crate::spent::Part;
use crate::Versioned;

impl Sim {
    /// A read reaches the cache node (the lookup is done).
    pub(super) fn read_at_cache(&mut self, req: Request, class: usize) -> Option<EventKind> {
        let key = req.op.key();
        let app_driven = matches!(self.classes[class].policy, Policy::CacheAside(_));
        if !self.cache_up() {
            if app_driven {
                // A cache outage degrades cache-aside to direct store reads.
                let d = self.hop_for(&req, Hop::ClientCache, Part::ClientHop)
                    + self.hop_for(&req, Hop::CacheStore, Part::StoreHop);
                self.send_to_store(Origin::AppRead(req), Work::Read(key, None), d);
                return Some(EventKind::CacheUnreachable { op: req.id, key });
            }
            self.reply(req, Reply::Failed(FailReason::CacheDown));
            return None;
        }
        let expired = match self.cache.lookup(key, self.now) {
            Lookup::Hit(value) => {
                self.reply(req, Reply::Read(Some(value)));
                let stale_for = self.store.newer_since(key, value.version).map(|t| self.now - t);
                return Some(EventKind::Hit {
                    op: req.id,
                    key,
                    value,
                    store_version: self.store.version(key),
                    stale_for,
                });
            }
            Lookup::Miss => false,
            Lookup::Expired(_) => true,
        };
        if self.scenario.cache.single_flight && self.cache.is_loading(key) {
            self.wait(&req, Part::JoinedLoad);
            self.load_waiters.entry(key).or_default().push(req);
            return Some(EventKind::JoinedLoad { op: req.id, key });
        }
        self.cache.load_started(key);
        let loader = if app_driven {
            // The miss goes back to the application, which reads the store.
            let d = self.hop_for(&req, Hop::ClientCache, Part::ClientHop)
                + self.hop_for(&req, Hop::CacheStore, Part::StoreHop);
            self.send_to_store(Origin::AppRead(req), Work::Read(key, None), d);
            Loader::Application
        } else {
            let d = self.hop_for(&req, Hop::CacheStore, Part::StoreHop);
            self.send_to_store(Origin::CacheLoad(req), Work::Read(key, None), d);
            Loader::Cache
        };
        Some(EventKind::Miss {
            op: req.id,
            key,
            expired,
            loader,
        })
    }

    /// The cache node's load comes back (read-through).
    pub(super) fn filled(&mut self, req: Request, answer: Answer) -> Option<EventKind> {
        let key = req.op.key();
        self.cache.load_ended(key);
        let found = match answer {
            Answer::Read(found) => found,
            _ => {
                self.answer_load(req, Reply::Failed(FailReason::StoreDown));
                return None;
            }
        };
        let stored = match found {
            Some(v) => {
                let (stored, ev) = self.cache.fill(key, v, self.now, true);
                self.schedule_eviction(ev);
                stored
            }
            None => true,
        };
        // The client gets what the cache now holds: the loaded value, or a
        // newer one that arrived while the load was in flight.
        let answer = self.cache.held(key).or(found);
        self.answer_load(req, Reply::Read(answer));
        Some(EventKind::Filled {
            op: req.id,
            key,
            found,
            stored,
        })
    }

    /// Answers a load's requester and every request that joined it, once
    /// the cache set is done.
    fn answer_load(&mut self, req: Request, reply: Reply) {
        let set = self.hop(Hop::CacheOp);
        self.reply_in(req, reply, set);
        for waiter in self.load_waiters.remove(&req.op.key()).unwrap_or_default() {
            self.reply_in(waiter, reply, set);
        }
    }

    /// The store's answer reaches the application after a cache-aside miss:
    /// the read is over, and the application sends a SET to the cache.
    pub(super) fn app_read_done(&mut self, req: Request, answer: Answer) -> EventKind {
        let key = req.op.key();
        match answer {
            Answer::Read(found) => {
                let d = self.hop(Hop::ClientCache) + self.hop(Hop::CacheOp);
                self.after(d, Action::AppSet { req, found });
                self.at_client(req, Reply::Read(found))
            }
            _ => {
                // The application gives up its fill (its lease runs out).
                self.cache.load_ended(key);
                for waiter in self.load_waiters.remove(&key).unwrap_or_default() {
                    self.reply(waiter, Reply::Failed(FailReason::StoreDown));
                }
                self.at_client(req, Reply::Failed(FailReason::StoreDown))
            }
        }
    }

    /// The application's SET reaches the cache: a plain SET, so an older
    /// value can overwrite a newer one (the cache-aside race).
    pub(super) fn app_set(&mut self, req: Request, found: Option<Versioned>) -> Option<EventKind> {
        let key = req.op.key();
        if !self.cache_up() {
            return None;
        }
        self.cache.load_ended(key);
        let waiters = self.load_waiters.remove(&key).unwrap_or_default();
        for waiter in waiters {
            self.reply(waiter, Reply::Read(found));
        }
        let value = found?;
        let (stored, ev) = self.cache.fill(key, value, self.now, false);
        self.schedule_eviction(ev);
        Some(EventKind::AppSet {
            op: req.id,
            key,
            value,
            stored,
        })
    }
}
