//! How a step ends: the learner presses Next, the run reaches an event of a
//! kind (the first flush, a stale read, the crash), a number of events
//! pass, or the learner does something (crashes the node, sets a knob,
//! presses Step). The same rules end a step in the page and in the
//! headless walk.

use dirtybit_sim::event::EventKind;
use dirtybit_sim::latency::{Dist, Latency};
use dirtybit_sim::policy::{BackPressure, Policy};
use dirtybit_sim::queue::Queued;
use dirtybit_sim::standby::ReplicaWait;
use dirtybit_sim::storage::{CrashKind, SyncMode, WriteCache};
use dirtybit_sim::time::Micros;
use dirtybit_sim::wal::WalSpec;
use dirtybit_sim::{Event, Key, Scenario};
use serde::Deserialize;

/// A setting a `do: set` step asks for: one knob of the scenario, typed
/// (read with the scenario's own readers, so a bad value is named as in a
/// scenario file).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Setting {
    /// `cache.single_flight`.
    SingleFlight(bool),
    /// `cache.capacity`.
    Capacity(u32),
    /// `policy`, the whole of it.
    Policy(Policy),
    /// `policy.coalescing` (write-behind).
    Coalescing(bool),
    /// `policy.back_pressure` (write-behind).
    BackPressure(BackPressure),
    /// `policy.wal` (write-behind).
    Wal(WalSpec),
    /// `latency.store_commit_us`.
    StoreCommitUs(Latency),
    /// `store.storage.write_cache` (a store with layers below it).
    WriteCache(WriteCache),
    /// `store.storage.sync` (a store with layers below it).
    Sync(SyncMode),
    /// `store.standby.waits_for` (a store with a standby).
    WaitsFor(ReplicaWait),
}

impl Setting {
    /// The scenario field it sets, as a path.
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            Setting::SingleFlight(_) => "cache.single_flight",
            Setting::Capacity(_) => "cache.capacity",
            Setting::Policy(_) => "policy",
            Setting::Coalescing(_) => "policy.coalescing",
            Setting::BackPressure(_) => "policy.back_pressure",
            Setting::Wal(_) => "policy.wal",
            Setting::StoreCommitUs(_) => "latency.store_commit_us",
            Setting::WriteCache(_) => "store.storage.write_cache",
            Setting::Sync(_) => "store.storage.sync",
            Setting::WaitsFor(_) => "store.standby.waits_for",
        }
    }

    /// True if `s` has this setting.
    #[must_use]
    pub fn holds(&self, s: &Scenario) -> bool {
        let behind = match &s.policy {
            Policy::WriteBehind(wb) => Some(wb),
            _ => None,
        };
        match self {
            Setting::SingleFlight(v) => s.cache.single_flight == *v,
            Setting::Capacity(v) => s.cache.capacity == *v,
            Setting::Policy(p) => s.policy == *p,
            Setting::Coalescing(v) => behind.is_some_and(|wb| wb.coalescing == *v),
            Setting::BackPressure(v) => behind.is_some_and(|wb| wb.back_pressure == *v),
            Setting::Wal(v) => behind.is_some_and(|wb| wb.wal == *v),
            Setting::StoreCommitUs(v) => s.latency.store_commit_us == *v,
            Setting::WriteCache(v) => s.store.storage.as_ref().is_some_and(|st| st.write_cache == *v),
            Setting::Sync(v) => s.store.storage.as_ref().is_some_and(|st| st.sync == *v),
            Setting::WaitsFor(v) => s.store.standby.as_ref().is_some_and(|st| st.waits_for == *v),
        }
    }

    /// `s` with this setting, checked; why not if it cannot be.
    pub fn apply(&self, s: &Scenario) -> Result<Scenario, String> {
        let mut s = s.clone();
        let behind = match &mut s.policy {
            Policy::WriteBehind(wb) => Some(wb),
            _ => None,
        };
        let need = || format!("`{}` needs a write-behind policy", self.field());
        let storage = || {
            format!(
                "`{}` needs a store with layers below it (`store.storage`)",
                self.field()
            )
        };
        match self {
            Setting::SingleFlight(v) => s.cache.single_flight = *v,
            Setting::Capacity(v) => s.cache.capacity = *v,
            Setting::Policy(p) => s.policy = p.clone(),
            Setting::Coalescing(v) => behind.ok_or_else(need)?.coalescing = *v,
            Setting::BackPressure(v) => behind.ok_or_else(need)?.back_pressure = *v,
            Setting::Wal(v) => behind.ok_or_else(need)?.wal = *v,
            Setting::StoreCommitUs(v) => s.latency.store_commit_us = v.clone(),
            Setting::WriteCache(v) => s.store.storage.as_mut().ok_or_else(storage)?.write_cache = *v,
            Setting::Sync(v) => s.store.storage.as_mut().ok_or_else(storage)?.sync = *v,
            Setting::WaitsFor(v) => {
                let standby = || {
                    format!(
                        "`{}` needs a store with a standby (`store.standby`)",
                        self.field()
                    )
                };
                s.store.standby.as_mut().ok_or_else(standby)?.waits_for = *v;
            }
        }
        s.validate().map_err(|e| e.to_string())?;
        Ok(s)
    }

    /// The setting as a person reads it: `policy.wal = fsync-every-write`.
    #[must_use]
    pub fn words(&self) -> String {
        let value = match self {
            Setting::SingleFlight(v) | Setting::Coalescing(v) => v.to_string(),
            Setting::Capacity(v) => v.to_string(),
            Setting::Policy(p) => p.name().to_string(),
            Setting::BackPressure(b) => match b {
                BackPressure::Block => "block".into(),
                BackPressure::Reject => "reject".into(),
                BackPressure::SyncFlush => "sync-flush".into(),
            },
            Setting::Wal(w) => match w {
                WalSpec::None => "none".into(),
                WalSpec::FsyncEveryWrite => "fsync-every-write".into(),
                WalSpec::GroupCommit {
                    interval_us,
                    ack_after_fsync,
                } => format!(
                    "group-commit every {}{}",
                    Micros(*interval_us),
                    if *ack_after_fsync {
                        ", writers wait for it"
                    } else {
                        ", writers do not wait"
                    }
                ),
            },
            Setting::StoreCommitUs(l) => match l {
                Latency::Fixed(us) | Latency::Dist(Dist::Constant { us }) => Micros(*us).to_string(),
                Latency::Dist(Dist::Lognormal { p50_us, p99_us }) => {
                    format!("a lognormal, median {}, p99 {}", Micros(*p50_us), Micros(*p99_us))
                }
                _ => "the lesson's distribution".into(),
            },
            Setting::WriteCache(c) => match c {
                WriteCache::None => "none".into(),
                WriteCache::Volatile => "volatile".into(),
                WriteCache::Lying => "lying".into(),
                WriteCache::Backed => "backed".into(),
            },
            Setting::Sync(m) => m.name().into(),
            Setting::WaitsFor(w) => w.name().into(),
        };
        format!("{} = {value}", self.field())
    }
}

/// What the learner is asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Task {
    /// Crash the cache node.
    Crash,
    /// Take the store down.
    StoreDown,
    /// Bring the store back.
    StoreUp,
    /// Cut the power of the store's machine.
    PowerCut,
    /// Lose the store's machine for good (its standby takes over).
    LosePrimary,
    /// Issue a read of `key`.
    Read,
    /// Issue a write to `key`.
    Write,
    /// Press Step `times` times.
    Step,
    /// Set the scenario's `field` to `value` (a knob or the editor).
    Set,
}

/// How a step ends. At most one of `event`, `steps` and `do` is given;
/// none means the learner presses Next.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Until {
    /// Run until an event of this kind ([`EventKind::NAMES`]).
    #[serde(default)]
    pub event: Option<String>,
    /// Only an event about this key.
    #[serde(default)]
    pub key: Option<u32>,
    /// Only a hit that is (or is not) stale.
    #[serde(default)]
    pub stale: Option<bool>,
    /// Only a write-behind acceptance that coalesced (or did not).
    #[serde(default)]
    pub coalesced: Option<bool>,
    /// The nth matching event from the start of the step (default 1).
    #[serde(default)]
    pub nth: Option<u32>,
    /// Run this many events.
    #[serde(default)]
    pub steps: Option<u64>,
    /// Wait until the learner does this.
    #[serde(default, rename = "do")]
    pub task: Option<Task>,
    /// `do: step`: how many presses (default 1).
    #[serde(default)]
    pub times: Option<u32>,
    /// `do: set`: the setting asked for (`{"wal": {"mode": "fsync-every-write"}}`).
    #[serde(default)]
    pub set: Option<Setting>,
    /// `do: set`: start the run over from time zero with the new setting
    /// (default: make it again to the same step, as a knob does).
    #[serde(default)]
    pub restart: bool,
    /// `do: crash`: how long the node stays down when the walk crashes it
    /// (default: [`dirtybit_sim::fault::CRASH_DOWNTIME_US`], as the page's crash button).
    #[serde(default)]
    pub downtime_us: Option<u64>,
}

/// Something the learner did, as the engine sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Deed<'a> {
    /// Crashed the cache node.
    Crash,
    /// Took the store down.
    StoreDown,
    /// Brought the store back.
    StoreUp,
    /// Crashed the store's machine: its process, its OS or its power.
    StoreCrash(CrashKind),
    /// Crashed the store's standby.
    StandbyCrash(CrashKind),
    /// Lost the store's machine for good (its standby takes over).
    LosePrimary,
    /// Issued a read.
    Read(Key),
    /// Issued a write.
    Write(Key),
    /// Pressed Step.
    Step,
    /// Changed the scenario (a knob, the editor).
    Edited(&'a Scenario),
}

impl Until {
    /// The nth event to wait for.
    #[must_use]
    pub fn nth(&self) -> u32 {
        self.nth.unwrap_or(1)
    }

    /// True if `event` is one this step waits for (before counting `nth`).
    #[must_use]
    pub fn matches(&self, event: &Event) -> bool {
        let Some(name) = &self.event else { return false };
        if event.kind.name() != name {
            return false;
        }
        if let Some(k) = self.key {
            if event.kind.key() != Some(Key(k)) {
                return false;
            }
        }
        if let Some(stale) = self.stale {
            let is = matches!(
                event.kind,
                EventKind::Hit {
                    stale_for: Some(_),
                    ..
                }
            );
            if is != stale {
                return false;
            }
        }
        if let Some(coalesced) = self.coalesced {
            let is = matches!(
                event.kind,
                EventKind::Accepted {
                    queued: Queued::Coalesced,
                    ..
                }
            );
            if is != coalesced {
                return false;
            }
        }
        true
    }

    /// True if `deed` is the task (for `do: step`, one press of several:
    /// the caller counts); `Edited` holds if the scenario has [`Until::set`].
    #[must_use]
    pub fn done_by(&self, deed: &Deed<'_>) -> bool {
        match (self.task, deed) {
            (Some(Task::Crash), Deed::Crash)
            | (Some(Task::StoreDown), Deed::StoreDown)
            | (Some(Task::StoreUp), Deed::StoreUp)
            | (Some(Task::PowerCut), Deed::StoreCrash(CrashKind::Power))
            | (Some(Task::LosePrimary), Deed::LosePrimary)
            | (Some(Task::Step), Deed::Step) => true,
            (Some(Task::Read), Deed::Read(k)) | (Some(Task::Write), Deed::Write(k)) => {
                self.key.is_none_or(|want| want == k.0)
            }
            (Some(Task::Set), Deed::Edited(s)) => self.set.as_ref().is_some_and(|set| set.holds(s)),
            _ => false,
        }
    }

    /// `do: set`: `scenario` with the setting, or why it cannot be.
    pub fn apply_set(&self, scenario: &Scenario) -> Result<Scenario, String> {
        self.set
            .as_ref()
            .ok_or_else(|| "`do: set` needs `set`".to_string())?
            .apply(scenario)
    }
}

/// How an event kind reads in a button: "Run until …".
fn event_phrase(name: &str) -> &'static str {
    match name {
        "sent" => "a client sends a request",
        "hit" => "a read hits",
        "miss" => "a read misses",
        "joined-load" => "a miss joins a load in flight",
        "filled" => "a load fills the cache",
        "app-set" => "the application sets the cache",
        "write-received" => "a write reaches the cache node",
        "cache-updated" => "the cache takes a written value",
        "invalidated" => "a write deletes the cached entry",
        "left-alone" => "a write goes around the cache",
        "acked-before-cache-set" => "a write is acknowledged before the cache set",
        "accepted" => "write-behind takes a write",
        "blocked" => "a writer blocks on a full queue",
        "unblocked" => "a blocked writer gets room",
        "evicted" => "an entry is evicted",
        "eviction-flush" => "a dirty victim is flushed",
        "cache-unreachable" => "a request finds the cache down",
        "log-fsynced" => "the log is fsynced",
        "log-destaged" => "the log device destages its cache",
        "store-queued" => "a store operation waits for a connection",
        "store-read" => "the store executes a read",
        "store-wrote" => "the store commits a write",
        "store-batch-wrote" => "the store commits a flush",
        "store-failed" => "a store operation fails",
        "flush-sent" => "a flush is sent",
        "flush-acked" => "a flush is acknowledged",
        "flush-failed" => "a flush fails",
        "flush-retried" => "a flush is retried",
        "flush-orphaned" => "a flush's answer finds the node crashed",
        "read-returned" => "a read returns",
        "write-acked" => "a write is acknowledged",
        "failed" => "a request fails",
        "crashed" => "the cache node crashes",
        "restarted" => "the cache node restarts",
        "store-down" => "the store goes down",
        "store-up" => "the store comes back",
        "store-crashed" => "the store's machine crashes",
        "written-back" => "the OS writes a page back",
        "destaged" => "the device writes its cache to the medium",
        _ => "the event",
    }
}

impl Until {
    /// What the step's button says: `Next`, `Run until a write is
    /// acknowledged (the 3rd)`, `Run 40 events`, `Run to the end`.
    #[must_use]
    pub fn button(&self) -> String {
        if let Some(name) = &self.event {
            let mut s = format!("Run until {}", event_phrase(name));
            if let Some(k) = self.key {
                s.push_str(&format!(" (k{k})"));
            }
            if self.stale == Some(true) {
                s.push_str(" (stale)");
            }
            if self.nth() > 1 {
                s.push_str(&format!(" ({} times)", self.nth()));
            }
            return s;
        }
        match self.steps {
            Some(n) if n >= 1_000_000 => "Run to the end".into(),
            Some(n) => format!("Run {n} events"),
            None => "Next".into(),
        }
    }

    /// The learner's task in words, if the step waits for one.
    #[must_use]
    pub fn task_words(&self) -> Option<String> {
        let key = self.key.unwrap_or(0);
        Some(match self.task? {
            Task::Crash => "crash the cache node (the ⚠ crash button)".into(),
            Task::StoreDown => "take the store down (the “Take the store down” button)".into(),
            Task::StoreUp => "bring the store back (the “Bring the store up” button)".into(),
            Task::PowerCut => "cut the store's power (the “Cut the store's power” button)".into(),
            Task::LosePrimary => "lose the primary (the “Lose the primary” button)".into(),
            Task::Read => format!("read k{key} by hand (pick k{key}, then “Read it”)"),
            Task::Write => format!("write k{key} by hand (pick k{key}, then “Write it”)"),
            Task::Step => match self.times.unwrap_or(1) {
                1 => "press Step once".into(),
                n => format!("press Step {n} times"),
            },
            Task::Set => format!(
                "set {} (the knobs or the editor)",
                self.set.as_ref().map(Setting::words).unwrap_or_default()
            ),
        })
    }
}
