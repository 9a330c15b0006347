//! The simulation: a pure state machine that turns a [`Scenario`] into a
//! sequence of [`Event`]s, one per call to [`Sim::step`].
//!
//! Call order: [`Sim::new`], then any mix of [`Sim::step`] (or
//! `run_steps` / `run_until` / `run_to_end`), [`Sim::submit`] (a request
//! issued by hand at the current instant), [`Sim::inject`] (a fault now) and
//! the read-only views. Nothing happens between calls: time moves only
//! inside `step`.
//!
//! The work is split by path: `reads` (hits, misses, fills, single-flight),
//! `writes` (write-through, write-around, cache-aside writes), `behind`
//! (write-behind: accept, queue, log, flush, retry), `store_ops` (the pool
//! and the store's answers), `faults` (crashes, outages, recovery).

mod accounts;
mod backup;
mod behind;
mod below;
mod faults;
mod reads;
mod replica;
mod store_ops;
mod views;
mod writes;

use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;

use crate::agenda::Agenda;
use crate::cache::{Cache, Eviction};
use crate::error::ScenarioError;
use crate::event::{Event, EventKind, FailReason};
use crate::fault::Fault;
use crate::latency::{Hop, Sampler};
use crate::ledger::Ledger;
use crate::metrics::Metrics;
use crate::policy::Policy;
use crate::queue::QueueEntry;
use crate::rng::Rng;
use crate::scenario::Scenario;
use crate::series::{Gauges, Series};
use crate::spent::{Part, Spent};
use crate::store::Store;
use crate::time::{Micros, SimTime};
use crate::workload::Generator;
use crate::{Key, Op, OpId, Value, Version, Versioned};
use accounts::Accounts;

pub use behind::{FlushView, Waiting};
pub use views::{BehindTotals, BelowView, EntryView, InFlight, LossWindow, StandbyView};

/// A request on its way through the system.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Request {
    id: OpId,
    op: Op,
    sent_at: SimTime,
    /// The closed-loop client that sent it, which sends again when answered.
    client: Option<u32>,
    /// Its account of where its time goes, in `Sim::accounts`.
    slot: u32,
}

/// Where a request to send comes from.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// The workload's next operation (for a closed-loop client, if given).
    Generated(Option<u32>),
    /// An operation given as is (by hand, or a script with a value).
    Given(Op),
    /// A write with the next write number (a script without a value).
    NumberedWrite(Key),
    /// One write of a burst to `key`.
    BurstWrite(Key),
}

/// What the client gets back. The ledger records an acknowledgement when
/// it is sent (the system has committed to it), not when it lands.
#[derive(Clone, Copy, Debug)]
enum Reply {
    Read(Option<Versioned>),
    Write(Value),
    Failed(FailReason),
}

/// Who asked the store, and so where its answer goes.
#[derive(Clone, Copy, Debug)]
enum Origin {
    /// The cache node loads a miss (read-through).
    CacheLoad(Request),
    /// The cache node forwards a write (write-through, write-around).
    CacheWrite(Request),
    /// The application reads after a cache-aside miss.
    AppRead(Request),
    /// The application writes (cache-aside, read-through).
    AppWrite(Request),
    /// The write-behind flusher of a class.
    Flush(usize),
}

/// What the store is asked to do.
#[derive(Clone, Debug)]
enum Work {
    /// A read; once it starts, it holds what the store had then (a snapshot,
    /// as an MVCC read does), returned when the read finishes.
    Read(Key, Option<(SimTime, Option<Versioned>)>),
    Write(Key, Value),
    Batch(Vec<QueueEntry>),
}

/// One store operation.
#[derive(Clone, Debug)]
struct Job {
    origin: Origin,
    work: Work,
    /// The cache node's life when it was sent: an answer to an earlier life
    /// is an orphan.
    epoch: u32,
    /// The store process's life when it took the job: a job of an earlier
    /// life died with that process.
    store_life: u32,
}

/// The store's answer.
#[derive(Clone, Copy, Debug)]
enum Answer {
    Read(Option<Versioned>),
    Wrote(Versioned),
    Batch,
    Failed,
}

/// Something due to happen; processing one yields at most one [`Event`].
#[derive(Clone, Debug)]
enum Action {
    Send(Source),
    Burst,
    AtCache(Request),
    /// The application's SET after a cache-aside miss reaches the cache.
    AppSet {
        req: Request,
        found: Option<Versioned>,
    },
    /// The application's invalidation (or update) after its own store write.
    AppInvalidate {
        req: Request,
        written: Versioned,
    },
    StoreArrive(Job),
    StoreDone(Job),
    StoreReply {
        job: Job,
        answer: Answer,
    },
    AtClient {
        req: Request,
        reply: Reply,
    },
    /// The flusher of `class` looks at its queue; only the latest look
    /// scheduled (`gen`) counts.
    FlushTick {
        class: usize,
        gen: u64,
    },
    Fault(Fault),
    /// The layers below the store move a key's content down, if it is due.
    Below(below::BelowTimer),
    /// Something on the stream between the store and its standby.
    Standby(replica::StandbyTimer),
    /// The crashed cache node's member is back, as the backup.
    BackupRejoin,
    /// The device under `class`'s log writes what it has held long enough
    /// to its medium. Not the node's work: the device goes on through a
    /// crash of the node's process or OS (a power cut empties its cache).
    LogDestage {
        class: usize,
    },
    /// Work of one life of the cache node: dropped unheard if the node has
    /// crashed since (`epoch` is no longer the node's), checked in one place,
    /// [`Sim::apply`].
    Node {
        epoch: u32,
        timer: NodeTimer,
    },
}

/// Work the cache node has set itself, which its crash cancels.
#[derive(Clone, Debug)]
enum NodeTimer {
    /// The event of an eviction (a step after the fill that caused it).
    Evict(Eviction),
    /// Asynchronous write-through: the cache set after the ack.
    AsyncCacheSet { req: Request, written: Versioned },
    /// The flusher of `class` sends its failed batch again.
    FlushRetry { class: usize },
    /// The fsync of one log record (fsync every write).
    LogFsyncOne {
        class: usize,
        key: Key,
        version: Version,
    },
    /// The group commit of `class`'s log.
    GroupFsync { class: usize },
    /// A writer blocked on `class`'s full queue gets room.
    Unblock { class: usize },
    /// The backup's acknowledgement of a write's copy is back.
    BackupAck {
        class: usize,
        key: Key,
        version: Version,
    },
    /// The node comes back after its downtime.
    Restart,
}

/// One key class: a range of keys under one policy.
#[derive(Clone, Debug)]
struct KeyClass {
    policy: Policy,
    /// The first key after the class's last.
    end: u32,
    /// The flush machinery, when the policy is write-behind.
    behind: Option<behind::Behind>,
}

impl KeyClass {
    fn new(policy: Policy, end: u32, keys: u32) -> Self {
        let behind = match &policy {
            Policy::WriteBehind(wb) => Some(behind::Behind::new(wb, keys)),
            _ => None,
        };
        KeyClass { policy, end, behind }
    }
}

/// The latency of each hop: a sampler per hop, in [`Hop`] order, and the
/// stream they draw from (apart from the workload's, so changing a latency
/// does not change which operations are issued).
#[derive(Clone, Debug)]
struct Hops {
    samplers: Vec<Sampler>,
    rng: Rng,
    /// One block to the medium, and one into the device's cache, when the
    /// store has layers below.
    device: Option<(Sampler, Sampler)>,
    /// The stream to the standby, when there is one.
    standby: Option<replica::StandbyHops>,
    /// To the cache node's backup member, when there is one.
    backup: Option<Sampler>,
    /// A log fsync answered from the log device's cache, when it lies or
    /// its cache is backed.
    log_cache: Option<Sampler>,
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
    store_line: VecDeque<Job>,
    /// Commits done on the store that wait for its standby.
    parked: VecDeque<replica::Parked>,
    metrics: Metrics,
    ledger: Ledger,
    /// The key classes, in key order (one unless selective).
    classes: Vec<KeyClass>,
    /// The last version handed out per key.
    versions: Vec<Version>,
    /// Requests waiting on a load already in flight (single-flight).
    load_waiters: BTreeMap<Key, Vec<Request>>,
    /// The cache node's current life; bumped by each crash.
    epoch: u32,
    /// The latency of each hop.
    hops: Hops,
    /// The figures sampled over time.
    series: Series,
    /// When the crashed node comes back, while it is down (`None`: it is up).
    restarts_at: Option<SimTime>,
    /// Where the time of each request in flight has gone so far.
    accounts: Accounts,
}

impl Sim {
    /// Validates `scenario` and sets up its run at time zero.
    pub fn new(scenario: Scenario) -> Result<Sim, ScenarioError> {
        scenario.validate()?;
        let workload = Generator::new(scenario.workload.clone(), scenario.seed);
        let keys = scenario.workload.keys;
        let classes = match &scenario.policy {
            Policy::Selective(sel) => {
                let mut end = 0;
                sel.classes
                    .iter()
                    .map(|c| {
                        end += c.keys;
                        KeyClass::new(c.policy.clone(), end, keys)
                    })
                    .collect()
            }
            single => alloc::vec![KeyClass::new(single.clone(), keys, keys)],
        };
        let mut classes = classes;
        for c in &mut classes {
            if let Some(b) = c.behind.as_mut() {
                b.backup = backup::Backup::new(scenario.cache.backup.is_some());
            }
        }
        let store = Store::new(&scenario.store, keys);
        let versions = (0..keys).map(|k| store.version(Key(k))).collect();
        let mut agenda = Agenda::default();
        if workload.has_more(SimTime::ZERO) {
            match workload.closed_loop() {
                Some((clients, _)) => {
                    for c in 0..clients {
                        agenda.schedule(SimTime::ZERO, Action::Send(Source::Generated(Some(c))));
                    }
                }
                None => {
                    agenda.schedule(SimTime::ZERO, Action::Send(Source::Generated(None)));
                }
            }
        }
        for s in workload.script().to_vec() {
            let key = Key(s.key);
            let source = match (s.op, s.value) {
                (crate::workload::ScriptKind::Read, _) => Source::Given(Op::Read { key }),
                (crate::workload::ScriptKind::Write, Some(v)) => {
                    Source::Given(Op::Write { key, value: Value(v) })
                }
                (crate::workload::ScriptKind::Write, None) => Source::NumberedWrite(key),
            };
            agenda.schedule(SimTime(s.at_us), Action::Send(source));
        }
        if let Some(b) = workload.burst() {
            agenda.schedule(SimTime(b.every_us), Action::Burst);
        }
        for f in &scenario.faults {
            agenda.schedule(f.at(), Action::Fault(f.fault));
        }
        Ok(Sim {
            hops: Hops {
                samplers: scenario.latency.samplers(),
                rng: Rng::new(scenario.seed ^ 0x5EED_1A7E_2C1E_0001),
                device: scenario
                    .store
                    .storage
                    .as_ref()
                    .map(|s| (s.medium_us.sampler(), s.cache_us.sampler())),
                standby: scenario.store.standby.as_ref().map(replica::StandbyHops::new),
                backup: scenario.cache.backup.as_ref().map(|b| b.hop_us.sampler()),
                log_cache: scenario
                    .cache
                    .log_device
                    .as_ref()
                    .filter(|d| d.answers_from_cache())
                    .map(|d| d.cache_us.sampler()),
            },
            series: Series::new(scenario.sample_us),
            cache: Cache::new(&scenario.cache, scenario.workload.keys),
            scenario,
            now: SimTime::ZERO,
            steps: 0,
            next_op: 1,
            agenda,
            workload,
            store,
            store_line: VecDeque::new(),
            parked: VecDeque::new(),
            metrics: Metrics::default(),
            ledger: Ledger::new(keys),
            classes,
            versions,
            load_waiters: BTreeMap::new(),
            accounts: Accounts::default(),
            epoch: 0,
            restarts_at: None,
        })
    }

    /// Records the time-series point due now.
    fn sample(&mut self) {
        let c = self.ledger.counts();
        let t = SimTime(self.series.next_at());
        let gauges = Gauges {
            at_risk: c.at_risk(),
            oldest_at_risk_us: self
                .ledger
                .oldest_at_risk()
                .and_then(|r| r.acked_at)
                .map_or(0, |a| t.since(a).0),
            queued: self.behind_totals().map_or(0, |t| t.queued as u64),
        };
        self.series.sample(&self.metrics, gauges);
    }

    /// Draws the latency of one `hop`.
    fn hop(&mut self, hop: Hop) -> Micros {
        self.hops.samplers[hop as usize].sample(&mut self.hops.rng)
    }

    /// The scenario this run was made from.
    #[must_use]
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The latest request answered (a read returned, a write acknowledged,
    /// a request failed) and where its time went: its parts add up to its
    /// latency exactly.
    #[must_use]
    pub fn last_answer(&self) -> Option<(OpId, Spent)> {
        self.accounts.last()
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

    /// A fresh value for a write issued by hand: the next write number.
    pub fn next_value(&mut self) -> Value {
        self.workload.next_value()
    }

    /// Has a client send `op` at the current instant; it happens at the next
    /// step (after anything else already due now). The key must be one of
    /// the workload's.
    pub fn submit(&mut self, op: Op) -> Result<(), ScenarioError> {
        let keys = self.scenario.workload.keys;
        crate::error::check_range("op.key", u64::from(op.key().0), 0, u64::from(keys) - 1)?;
        self.agenda.schedule(self.now, Action::Send(Source::Given(op)));
        Ok(())
    }

    /// Injects `fault` at the current instant; it strikes at the next step.
    pub fn inject(&mut self, fault: Fault) {
        self.agenda.schedule(self.now, Action::Fault(fault));
    }

    /// Processes the next event; `None` when nothing is left.
    #[must_use = "the event is the only record of what happened"]
    pub fn step(&mut self) -> Option<Event> {
        self.step_before(SimTime(u64::MAX))
    }

    /// Processes the next event due at or before `limit` (`None` when
    /// nothing a step would show is due by then; the clock stays put).
    #[must_use = "the event is the only record of what happened"]
    pub fn step_before(&mut self, limit: SimTime) -> Option<Event> {
        loop {
            let at = self.agenda.next_at()?;
            if at > limit {
                return None;
            }
            while self.series.next_at() <= at.as_micros() {
                self.sample();
            }
            let (at, action) = self.agenda.pop()?;
            self.now = at;
            if let Some(kind) = self.apply(action) {
                self.metrics.observe(&kind);
                // Losses are the ledger's to count (one a crash below the
                // store took while its answer was on its way counts when
                // the answer lands).
                let c = self.ledger.counts();
                self.metrics.writes_lost = c.lost;
                self.metrics.writes_lost_below = c.lost_below.iter().sum();
                self.metrics.writes_lost_failover = c.lost_failover;
                let event = Event {
                    at,
                    seq: self.steps,
                    kind,
                };
                self.steps += 1;
                return Some(event);
            }
        }
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
        while self.step_before(t).is_some() {
            done += 1;
        }
        self.now = self.now.max(t);
        done
    }

    /// Runs until nothing is left; returns how many events happened.
    pub fn run_to_end(&mut self) -> u64 {
        self.run_steps(u64::MAX)
    }

    fn after(&mut self, delay: Micros, action: Action) {
        self.agenda.schedule(self.now + delay, action);
    }

    /// The class (index into `classes`) of `key`.
    fn class_of(&self, key: Key) -> usize {
        self.classes
            .iter()
            .position(|c| key.0 < c.end)
            .unwrap_or(self.classes.len() - 1)
    }

    /// Hands out the next version of `key`.
    fn next_version(&mut self, key: Key) -> Version {
        let v = &mut self.versions[key.0 as usize];
        *v = v.next();
        *v
    }

    fn new_request(&mut self, op: Op, client: Option<u32>) -> Request {
        let slot = self.accounts.open();
        let req = Request {
            id: OpId(self.next_op),
            op,
            sent_at: self.now,
            client,
            slot,
        };
        self.next_op += 1;
        req
    }

    /// Charges `d` of `req`'s time to `part`.
    fn charge(&mut self, req: &Request, part: Part, d: Micros) {
        self.accounts.charge(req.slot, part, d);
    }

    /// Draws `hop` for `req` and charges it to `part`.
    fn hop_for(&mut self, req: &Request, hop: Hop, part: Part) -> Micros {
        let d = self.hop(hop);
        self.charge(req, part, d);
        d
    }

    /// `req` starts waiting for `part` now (a wait before it is over).
    fn wait(&mut self, req: &Request, part: Part) {
        self.accounts.wait(req.slot, part, self.now);
    }

    /// `req` stops waiting: the time since it began goes to what it waited for.
    fn waited(&mut self, req: &Request) {
        self.accounts.waited(req.slot, self.now);
    }

    /// Carries out one action and says what happened (`None`: nothing a
    /// student would see, such as a timer of a node that has crashed since).
    fn apply(&mut self, action: Action) -> Option<EventKind> {
        match action {
            Action::Send(source) => self.send(source),
            Action::Burst => self.burst(),
            Action::AtCache(req) => self.at_cache(req),
            Action::AppSet { req, found } => self.app_set(req, found),
            Action::AppInvalidate { req, written } => Some(self.app_invalidate(req, written)),
            Action::StoreArrive(job) => self.store_arrive(job),
            Action::StoreDone(job) => Some(self.store_done(job)),
            Action::StoreReply { job, answer } => self.store_reply(job, answer),
            Action::AtClient { req, reply } => Some(self.at_client(req, reply)),
            Action::FlushTick { class, gen } => self.flush_tick(class, gen),
            Action::LogDestage { class } => self.log_destage(class),
            Action::Fault(f) => Some(self.fault(f)),
            Action::Below(timer) => self.below_timer(timer),
            Action::Standby(timer) => self.standby_timer(timer),
            Action::BackupRejoin => self.backup_rejoins(),
            Action::Node { epoch, .. } if epoch != self.epoch => None,
            Action::Node { timer, .. } => self.node_timer(timer),
        }
    }

    /// Carries out work the node set itself in its current life.
    fn node_timer(&mut self, timer: NodeTimer) -> Option<EventKind> {
        match timer {
            NodeTimer::Evict(ev) => Some(self.evict(ev)),
            NodeTimer::AsyncCacheSet { req, written } => Some(self.async_cache_set(req, written)),
            NodeTimer::FlushRetry { class } => self.flush_retry(class),
            NodeTimer::LogFsyncOne { class, key, version } => self.log_fsync_one(class, key, version),
            NodeTimer::GroupFsync { class } => self.group_fsync(class),
            NodeTimer::Unblock { class } => self.unblock(class),
            NodeTimer::BackupAck { class, key, version } => self.backup_acked(class, key, version),
            NodeTimer::Restart => self.restart(),
        }
    }

    /// Schedules `timer` after `delay`, for the node's current life.
    fn node_after(&mut self, delay: Micros, timer: NodeTimer) {
        let epoch = self.epoch;
        self.after(delay, Action::Node { epoch, timer });
    }

    /// A client sends a request: the workload's next, a scripted or burst
    /// write, or one given by hand. `None` once the workload is exhausted.
    fn send(&mut self, source: Source) -> Option<EventKind> {
        let (op, client) = match source {
            Source::Given(op) => (op, None),
            Source::NumberedWrite(key) | Source::BurstWrite(key) => {
                let value = self.workload.next_value();
                (Op::Write { key, value }, None)
            }
            Source::Generated(client) => {
                let op = self.workload.next_op(self.now)?;
                if client.is_none() {
                    if let Some(gap) = self.workload.next_gap() {
                        self.after(gap, Action::Send(Source::Generated(None)));
                    }
                }
                (op, client)
            }
        };
        let req = self.new_request(op, client);
        let class = self.class_of(op.key());
        match (op, &self.classes[class].policy) {
            // The application writes the store itself.
            (Op::Write { key, value }, Policy::CacheAside(_) | Policy::ReadThrough(_)) => {
                let d = self.hop_for(&req, Hop::CacheStore, Part::StoreHop);
                self.send_to_store(Origin::AppWrite(req), Work::Write(key, value), d);
            }
            (Op::Read { .. }, _) => {
                let d = self.hop_for(&req, Hop::ClientCache, Part::ClientHop)
                    + self.hop_for(&req, Hop::CacheOp, Part::CacheWork);
                self.after(d, Action::AtCache(req));
            }
            (Op::Write { .. }, _) => {
                let d = self.hop_for(&req, Hop::ClientCache, Part::ClientHop);
                self.after(d, Action::AtCache(req));
            }
        }
        Some(EventKind::Sent {
            op: req.id,
            request: op,
        })
    }

    /// A burst: `writes` writes to one key spread over the window.
    fn burst(&mut self) -> Option<EventKind> {
        let b = self.workload.burst()?.clone();
        if !self.workload.has_more(self.now) {
            return None;
        }
        let key = self.workload.next_key();
        for i in 0..u64::from(b.writes) {
            let at = Micros(b.window_us * i / u64::from(b.writes));
            self.after(at, Action::Send(Source::BurstWrite(key)));
        }
        self.after(Micros(b.every_us), Action::Burst);
        None
    }

    /// A request reaches the cache node.
    fn at_cache(&mut self, req: Request) -> Option<EventKind> {
        let class = self.class_of(req.op.key());
        match req.op {
            Op::Read { .. } => self.read_at_cache(req, class),
            Op::Write { .. } if !self.cache_up() => {
                self.reply(req, Reply::Failed(FailReason::CacheDown));
                None
            }
            Op::Write { key, value } => match &self.classes[class].policy {
                Policy::WriteBehind(_) => self.behind_accept(req, class, key, value),
                _ => Some(self.write_received(req, key, value)),
            },
        }
    }

    /// Sends the answer back to the client (one client<->cache hop).
    fn reply(&mut self, req: Request, reply: Reply) {
        self.reply_in(req, reply, Micros(0));
    }

    /// Sends the answer back after `work` more time in the cache node (a
    /// cache set before the answer leaves), then one client<->cache hop.
    fn reply_in(&mut self, req: Request, reply: Reply, work: Micros) {
        self.waited(&req);
        self.charge(&req, Part::CacheWork, work);
        let hop = self.hop_for(&req, Hop::ClientCache, Part::ClientHop);
        self.after(work + hop, Action::AtClient { req, reply });
    }

    /// The answer reaches the client: the request is over (and a
    /// closed-loop client thinks, then sends its next).
    fn at_client(&mut self, req: Request, reply: Reply) -> EventKind {
        let latency = self.now - req.sent_at;
        let spent = self.accounts.settle(req.slot, req.id, self.now);
        debug_assert_eq!(spent.total(), latency, "{:?}: its parts add up", req.id);
        match reply {
            Reply::Read(_) => self.metrics.read_parts.record(&spent),
            Reply::Write(_) => self.metrics.write_parts.record(&spent),
            Reply::Failed(_) => {}
        }
        if let (Some(client), Some((_, think))) = (req.client, self.workload.closed_loop()) {
            if self.workload.has_more(self.now) {
                self.after(think, Action::Send(Source::Generated(Some(client))));
            }
        }
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
            Reply::Failed(reason) => EventKind::Failed {
                op: req.id,
                request: req.op,
                reason,
                latency,
            },
        }
    }

    /// Acknowledges a write the system took on as `v`: the ledger records the
    /// acknowledgement now, the client gets it one hop later.
    fn ack_write(&mut self, req: Request, v: Versioned) {
        self.ack_write_in(req, v, Micros(0));
    }

    /// Acknowledges a write once `work` more time in the node is done.
    fn ack_write_in(&mut self, req: Request, v: Versioned, work: Micros) {
        self.ledger.ack(req.op.key(), v.version, self.now + work);
        self.reply_in(req, Reply::Write(v.value), work);
    }

    /// Fails a write the system had taken on as `v` (never acknowledged).
    fn fail_write(&mut self, req: Request, v: Option<Versioned>, reason: FailReason) {
        if let Some(v) = v {
            self.ledger.abandon(req.op.key(), v.version);
        }
        self.reply(req, Reply::Failed(reason));
    }

    /// Schedules the event of an eviction (a separate step after the fill).
    fn schedule_eviction(&mut self, ev: Option<Eviction>) {
        if let Some(ev) = ev {
            self.node_after(Micros(0), NodeTimer::Evict(ev));
        }
    }

    fn evict(&mut self, ev: Eviction) -> EventKind {
        match ev {
            Eviction::Evicted(key, value) => EventKind::Evicted { key, value },
            Eviction::FlushFirst(key) => {
                let class = self.class_of(key);
                self.expedite(class, key);
                EventKind::EvictionFlush { key }
            }
        }
    }
}
