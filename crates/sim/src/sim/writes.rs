//! The write paths that reach the store synchronously: write-through (the
//! store first, then the cache; or the cache set afterwards, asynchronously),
//! write-around (the store only), and the application's own writes under
//! cache-aside and read-through (the store, then invalidate or update).

use super::{Action, Answer, NodeTimer, Origin, Reply, Request, Sim, Work};
use crate::event::{EventKind, FailReason};
use crate::latency::Hop;
use crate::policy::{CacheUpdate, OnWrite, Policy};
use crate::spent::Part;
use crate::{Key, Value, Versioned};

impl Sim {
    /// A write-through or write-around write reaches the cache node, which
    /// forwards it to the store.
    pub(super) fn write_received(&mut self, req: Request, key: Key, value: Value) -> EventKind {
        self.cache.write_started(key);
        let hop = self.hop_for(&req, Hop::CacheStore, Part::StoreHop);
        self.send_to_store(Origin::CacheWrite(req), Work::Write(key, value), hop);
        EventKind::WriteReceived {
            op: req.id,
            key,
            value,
        }
    }

    /// The store's answer to a forwarded write reaches the cache node.
    pub(super) fn write_stored(&mut self, req: Request, answer: Answer) -> Option<EventKind> {
        let key = req.op.key();
        let Answer::Wrote(v) = answer else {
            self.cache.write_ended(key);
            self.fail_write(req, None, FailReason::StoreDown);
            return None;
        };
        let class = self.class_of(key);
        let event = match &self.classes[class].policy {
            Policy::WriteThrough(wt) if wt.cache_update == CacheUpdate::Async => {
                self.ack_write(req, v);
                let delay = self.hop(Hop::CacheOp);
                self.node_after(delay, NodeTimer::AsyncCacheSet { req, written: v });
                EventKind::AckedBeforeCacheSet {
                    op: req.id,
                    key,
                    value: v,
                }
            }
            Policy::WriteAround(wa) => {
                let invalidate = wa.invalidate;
                self.cache.write_ended(key);
                self.ack_write(req, v);
                if invalidate {
                    let held = self.cache.invalidate(key);
                    EventKind::Invalidated {
                        op: req.id,
                        key,
                        held,
                    }
                } else {
                    let held = self.cache.held(key).is_some();
                    EventKind::LeftAlone {
                        op: req.id,
                        key,
                        held,
                    }
                }
            }
            _ => {
                self.cache.write_ended(key);
                let (stored, ev) = self.cache.fill(key, v, self.now, true);
                self.schedule_eviction(ev);
                let set = self.hop(Hop::CacheOp);
                self.ack_write_in(req, v, set);
                EventKind::CacheUpdated {
                    op: req.id,
                    key,
                    value: v,
                    stored,
                }
            }
        };
        Some(event)
    }

    /// Asynchronous write-through: the cache set lands after the ack.
    pub(super) fn async_cache_set(&mut self, req: Request, v: Versioned) -> EventKind {
        let key = req.op.key();
        self.cache.write_ended(key);
        let (stored, ev) = self.cache.fill(key, v, self.now, true);
        self.schedule_eviction(ev);
        EventKind::CacheUpdated {
            op: req.id,
            key,
            value: v,
            stored,
        }
    }

    /// The store's answer to the application's own write reaches it.
    pub(super) fn app_write_done(&mut self, req: Request, answer: Answer) -> Option<EventKind> {
        match answer {
            Answer::Wrote(v) => {
                let d = self.hop_for(&req, Hop::ClientCache, Part::ClientHop)
                    + self.hop_for(&req, Hop::CacheOp, Part::CacheWork);
                self.after(d, Action::AppInvalidate { req, written: v });
                None
            }
            _ => Some(self.at_client(req, Reply::Failed(FailReason::StoreDown))),
        }
    }

    /// The application's invalidation (or update) after its store write
    /// reaches the cache; the write is acknowledged when it returns.
    pub(super) fn app_invalidate(&mut self, req: Request, v: Versioned) -> EventKind {
        let key = req.op.key();
        self.ack_write(req, v);
        if !self.cache_up() {
            return EventKind::CacheUnreachable { op: req.id, key };
        }
        let on_write = match &self.classes[self.class_of(key)].policy {
            Policy::CacheAside(ca) | Policy::ReadThrough(ca) => ca.on_write,
            _ => OnWrite::Invalidate,
        };
        match on_write {
            OnWrite::Invalidate => {
                let held = self.cache.invalidate(key);
                EventKind::Invalidated {
                    op: req.id,
                    key,
                    held,
                }
            }
            OnWrite::Update => {
                // A plain SET: a slower writer can overwrite a newer value.
                let (stored, ev) = self.cache.fill(key, v, self.now, false);
                self.schedule_eviction(ev);
                EventKind::CacheUpdated {
                    op: req.id,
                    key,
                    value: v,
                    stored,
                }
            }
        }
    }
}
