//! How a step ends: the learner presses Next, the run reaches an event of a
//! kind (the first flush, a stale read, the crash), a number of events
//! pass, or the learner does something (crashes the node, sets a knob,
//! presses Step). The same rules end a step in the page and in the
//! headless walk.

use dirtybit_sim::event::EventKind;
use dirtybit_sim::queue::Queued;
use dirtybit_sim::{Event, Key, Scenario};
use serde::Deserialize;

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
    /// `do: set`: the scenario field, as a dotted path (`policy.wal`).
    #[serde(default)]
    pub field: Option<String>,
    /// `do: set`: the value it must have.
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    /// `do: set`: start the run over from time zero with the new setting
    /// (default: make it again to the same step, as a knob does).
    #[serde(default)]
    pub restart: bool,
    /// `do: crash`: how long the node stays down when the walk crashes it
    /// (default: the page's crash button's 50 ms).
    #[serde(default)]
    pub downtime_us: Option<u64>,
}

/// The page's crash button's downtime, which the walk uses too.
pub const CRASH_DOWNTIME_US: u64 = 50_000;

/// Something the learner did, as the engine sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Deed<'a> {
    /// Crashed the cache node.
    Crash,
    /// Took the store down.
    StoreDown,
    /// Brought the store back.
    StoreUp,
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
    /// the caller counts); `Edited` is checked with [`Until::set_holds`].
    #[must_use]
    pub fn done_by(&self, deed: &Deed<'_>) -> bool {
        match (self.task, deed) {
            (Some(Task::Crash), Deed::Crash)
            | (Some(Task::StoreDown), Deed::StoreDown)
            | (Some(Task::StoreUp), Deed::StoreUp)
            | (Some(Task::Step), Deed::Step) => true,
            (Some(Task::Read), Deed::Read(k)) | (Some(Task::Write), Deed::Write(k)) => {
                self.key.is_none_or(|want| want == k.0)
            }
            (Some(Task::Set), Deed::Edited(s)) => self.set_holds(s),
            _ => false,
        }
    }

    /// `do: set`: true if `scenario`'s field has the value asked for.
    #[must_use]
    pub fn set_holds(&self, scenario: &Scenario) -> bool {
        let (Some(field), Some(want)) = (&self.field, &self.value) else {
            return false;
        };
        let Ok(json) = serde_json::to_value(scenario) else {
            return false;
        };
        lookup(&json, field).is_some_and(|have| same(have, want))
    }

    /// `do: set`: `scenario` with the field set, or why it cannot be.
    pub fn apply_set(&self, scenario: &Scenario) -> Result<Scenario, String> {
        let (Some(field), Some(want)) = (&self.field, &self.value) else {
            return Err("`do: set` needs `field` and `value`".into());
        };
        let mut json = serde_json::to_value(scenario).map_err(|e| e.to_string())?;
        let slot =
            lookup_mut(&mut json, field).ok_or_else(|| format!("the scenario has no field `{field}`"))?;
        *slot = want.clone();
        let text = json.to_string();
        let s = dirtybit_sim::json::scenario(&text).map_err(|e| e.to_string())?;
        if !self.set_holds(&s) {
            return Err(format!("`{field}` did not take the value {want}"));
        }
        Ok(s)
    }
}

/// Numbers compare by value (1 and 1.0 are the same setting).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => match (a, b) {
            (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
                // Every field asked for must match; fields left out may be defaults.
                y.iter().all(|(k, v)| x.get(k).is_some_and(|have| same(have, v)))
            }
            _ => a == b,
        },
    }
}

fn lookup<'a>(json: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(json, |v, part| v.get(part))
}

fn lookup_mut<'a>(json: &'a mut serde_json::Value, path: &str) -> Option<&'a mut serde_json::Value> {
    path.split('.').try_fold(json, |v, part| v.get_mut(part))
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
            Task::Read => format!("read k{key} by hand (pick k{key}, then “Read it”)"),
            Task::Write => format!("write k{key} by hand (pick k{key}, then “Write it”)"),
            Task::Step => match self.times.unwrap_or(1) {
                1 => "press Step once".into(),
                n => format!("press Step {n} times"),
            },
            Task::Set => format!(
                "set {} to {} (the knobs or the editor)",
                self.field.as_deref().unwrap_or(""),
                self.value.as_ref().map(ToString::to_string).unwrap_or_default()
            ),
        })
    }
}
