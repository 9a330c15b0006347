//! The simulation: a pure state machine that turns a [`Scenario`] into a
//! sequence of [`Event`]s, one per call to [`Sim::step`].
//!
//! Call order: [`Sim::new`], then any mix of [`Sim::step`] (or
//! `run_steps` / `run_until` / `run_to_end`), [`Sim::submit`] (a request
//! issued by hand at the current instant) and the read-only views
//! ([`Sim::now`], [`Sim::cache_entries`], [`Sim::store`], [`Sim::metrics`]).
//! Nothing happens between calls: time moves only inside `step`.

use alloc::vec::Vec;

use crate::agenda::Agenda;
use crate::cache::{Cache, EntryState};
use crate::event::{Event, EventKind};
use crate::metrics::Metrics;
use crate::scenario::{Scenario, ScenarioError};
use crate::store::Store;
use crate::time::SimTime;
use crate::workload::Generator;
use crate::{Key, Op, OpId, Value, Version, Versioned};

/// A request on its way through the system.
#[derive(Clone, Copy, Debug)]
struct Request {
    id: OpId,
    op: Op,
    sent_at: SimTime,
}

/// What the client gets back.
#[derive(Clone, Copy, Debug)]
enum Reply {
    Read(Option<Versioned>),
    Write(Value),
}

/// Something due to happen; processing one yields exactly one [`Event`].
#[derive(Clone, Copy, Debug)]
enum Action {
    /// A client sends `op`, or the workload's next operation when `None`.
    Send(Option<Op>),
    /// A request reaches the cache node (and, for a read, the lookup is done).
    AtCache(Request),
    /// The store executes a read.
    StoreRead(Request),
    /// The store's read answer reaches the cache.
    Fill(Request, Option<Versioned>),
    /// The store executes and commits a write.
    StoreWrite(Request, Value),
    /// The store's write acknowledgement reaches the cache.
    WriteAckAtCache(Request, Versioned),
    /// The answer reaches the client.
    AtClient(Request, Reply),
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
}

/// A running simulation. Cloning it snapshots the whole run, future included.
#[derive(Clone, Debug)]
pub struct Sim {
    scenario: Scenario,
    now: SimTime,
    steps: u64,
    next_op: u64,
    agenda: Agenda<Action>,
    workload: Generator,
    cache: Cache,
    store: Store,
    metrics: Metrics,
}

impl Sim {
    /// Validates `scenario` and sets up its run at time zero.
    pub fn new(scenario: Scenario) -> Result<Sim, ScenarioError> {
        scenario.validate()?;
        let workload = Generator::new(scenario.workload.clone(), scenario.seed);
        let store = if scenario.store.preloaded {
            Store::preloaded(scenario.workload.keys)
        } else {
            Store::default()
        };
        let mut agenda = Agenda::default();
        if workload.has_more() {
            agenda.schedule(SimTime::ZERO, Action::Send(None));
        }
        Ok(Sim {
            scenario,
            now: SimTime::ZERO,
            steps: 0,
            next_op: 1,
            agenda,
            workload,
            cache: Cache::default(),
            store,
            metrics: Metrics::default(),
        })
    }

    /// The scenario this run was made from.
    #[must_use]
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The current instant.
    #[must_use]
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// How many events have happened.
    #[must_use]
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// When the next event is due, if any.
    #[must_use]
    pub fn next_at(&self) -> Option<SimTime> {
        self.agenda.next_at()
    }

    /// True when nothing is left to happen.
    #[must_use]
    pub fn is_done(&self) -> bool {
        self.agenda.is_empty()
    }

    /// Running totals.
    #[must_use]
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The store's contents.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Every key the cache holds or has a request in flight for, with its state.
    #[must_use]
    pub fn cache_entries(&self) -> Vec<EntryView> {
        self.cache
            .slots()
            .filter(|(_, slot)| slot.held.is_some() || slot.writes_in_flight > 0 || slot.loads_in_flight > 0)
            .map(|(key, slot)| {
                let store_version = self.store.version(key);
                let state = if slot.writes_in_flight > 0 {
                    EntryState::Writing
                } else if slot.held.is_none() && slot.loads_in_flight > 0 {
                    EntryState::Loading
                } else if slot.held.is_some_and(|h| h.version < store_version) {
                    EntryState::Stale
                } else {
                    EntryState::Clean
                };
                EntryView {
                    key,
                    held: slot.held,
                    state,
                    store_version,
                    changed_at: slot.changed_at,
                }
            })
            .collect()
    }

    /// A fresh value for a write issued by hand: the next write number.
    pub fn next_value(&mut self) -> Value {
        self.workload.next_value()
    }

    /// Has a client send `op` at the current instant; it happens at the next
    /// step (after anything else already due now).
    pub fn submit(&mut self, op: Op) {
        self.agenda.schedule(self.now, Action::Send(Some(op)));
    }

    /// Processes the next event; `None` when nothing is left.
    #[must_use = "the event is the only record of what happened"]
    pub fn step(&mut self) -> Option<Event> {
        let (at, _, action) = self.agenda.pop()?;
        self.now = at;
        let kind = self.apply(action);
        self.metrics.observe(&kind);
        let event = Event {
            at,
            seq: self.steps,
            kind,
        };
        self.steps += 1;
        Some(event)
    }

    /// Runs up to `n` steps; returns how many happened.
    pub fn run_steps(&mut self, n: u64) -> u64 {
        let mut done = 0;
        while done < n && self.step().is_some() {
            done += 1;
        }
        done
    }

    /// Runs every event due at or before `t`, then moves the clock to `t`.
    /// Returns how many events happened.
    pub fn run_until(&mut self, t: SimTime) -> u64 {
        let mut done = 0;
        while self.agenda.next_at().is_some_and(|at| at <= t) {
            let _ = self.step();
            done += 1;
        }
        self.now = self.now.max(t);
        done
    }

    /// Runs until nothing is left; returns how many events happened.
    pub fn run_to_end(&mut self) -> u64 {
        self.run_steps(u64::MAX)
    }

    fn after(&mut self, delay: crate::time::Micros, action: Action) {
        self.agenda.schedule(self.now + delay, action);
    }

    /// Carries out one action and says what happened.
    fn apply(&mut self, action: Action) -> EventKind {
        let lat = self.scenario.latency;
        match action {
            Action::Send(op) => {
                let op = match op {
                    Some(op) => op,
                    None => {
                        let op = self
                            .workload
                            .next_op()
                            .expect("an arrival is scheduled only while ops remain");
                        if self.workload.has_more() {
                            let gap = self.workload.interval();
                            self.after(gap, Action::Send(None));
                        }
                        op
                    }
                };
                let req = Request {
                    id: OpId(self.next_op),
                    op,
                    sent_at: self.now,
                };
                self.next_op += 1;
                let delay = match op {
                    Op::Read { .. } => lat.client_cache() + lat.cache_op(),
                    Op::Write { .. } => lat.client_cache(),
                };
                self.after(delay, Action::AtCache(req));
                EventKind::Sent {
                    op: req.id,
                    request: op,
                }
            }
            Action::AtCache(req) => match req.op {
                Op::Read { key } => match self.cache.held(key) {
                    Some(value) => {
                        self.after(
                            lat.client_cache(),
                            Action::AtClient(req, Reply::Read(Some(value))),
                        );
                        EventKind::Hit {
                            op: req.id,
                            key,
                            value,
                            store_version: self.store.version(key),
                        }
                    }
                    None => {
                        self.cache.slot_mut(key).loads_in_flight += 1;
                        self.after(lat.cache_store() + lat.store_read(), Action::StoreRead(req));
                        EventKind::Miss { op: req.id, key }
                    }
                },
                Op::Write { key, value } => {
                    self.cache.slot_mut(key).writes_in_flight += 1;
                    self.after(
                        lat.cache_store() + lat.store_write_durable(),
                        Action::StoreWrite(req, value),
                    );
                    EventKind::WriteReceived {
                        op: req.id,
                        key,
                        value,
                    }
                }
            },
            Action::StoreRead(req) => {
                let key = req.op.key();
                let found = self.store.read(key);
                self.after(lat.cache_store() + lat.cache_op(), Action::Fill(req, found));
                EventKind::StoreRead {
                    op: req.id,
                    key,
                    found,
                }
            }
            Action::Fill(req, found) => {
                let key = req.op.key();
                let slot = self.cache.slot_mut(key);
                slot.loads_in_flight -= 1;
                let stored = match found {
                    Some(v) => self.cache.fill(key, v, self.now),
                    None => true,
                };
                // The client gets what the cache now holds: the loaded value,
                // or a newer one that arrived while the load was in flight.
                let answer = self.cache.held(key).or(found);
                self.after(lat.client_cache(), Action::AtClient(req, Reply::Read(answer)));
                EventKind::Filled {
                    op: req.id,
                    key,
                    found,
                    stored,
                }
            }
            Action::StoreWrite(req, value) => {
                let key = req.op.key();
                let version = self.store.write(key, value);
                let written = Versioned { value, version };
                self.after(
                    lat.cache_store() + lat.cache_op(),
                    Action::WriteAckAtCache(req, written),
                );
                EventKind::StoreWrote {
                    op: req.id,
                    key,
                    value,
                    version,
                }
            }
            Action::WriteAckAtCache(req, written) => {
                let key = req.op.key();
                self.cache.slot_mut(key).writes_in_flight -= 1;
                let stored = self.cache.fill(key, written, self.now);
                self.after(
                    lat.client_cache(),
                    Action::AtClient(req, Reply::Write(written.value)),
                );
                EventKind::CacheUpdated {
                    op: req.id,
                    key,
                    value: written,
                    stored,
                }
            }
            Action::AtClient(req, reply) => {
                let latency = self.now - req.sent_at;
                let key = req.op.key();
                match reply {
                    Reply::Read(value) => EventKind::ReadReturned {
                        op: req.id,
                        key,
                        value,
                        latency,
                    },
                    Reply::Write(value) => EventKind::WriteAcked {
                        op: req.id,
                        key,
                        value,
                        latency,
                    },
                }
            }
        }
    }
}
