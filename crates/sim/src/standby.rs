//! A standby beside the store: streaming replication as PostgreSQL does it,
//! and what a commit waits for from it (`synchronous_commit`). Also the
//! scenario's description ([`StandbySpec`]).
//!
//! The store (the primary) ships each committed row once it has left the
//! store process (written to the OS, as PostgreSQL's WAL sender sends only
//! WAL written out; under `log-buffer` that is at the periodic flush). A
//! row reaches the standby after `link_us`, which writes it to its OS at
//! once ("received"), then flushes what it has received (`flush_us`, one
//! flush at a time, each covering everything received before it began),
//! then applies it (`apply_us`), so a query on the standby sees it. The
//! standby reports each of the three positions back over the link.
//!
//! A commit waits, holding its connection, until the standby's report of
//! the stage `waits_for` names covers the commit's rows:
//!
//! | PostgreSQL `synchronous_commit` | here |
//! | --- | --- |
//! | `off` | `store.storage.sync = "log-buffer"`, `waits_for = "none"` |
//! | `local` | a syncing mode, `waits_for = "none"` |
//! | `remote_write` | `waits_for = "write"` |
//! | `on` (with a synchronous standby) | `waits_for = "flush"` |
//! | `remote_apply` | `waits_for = "apply"` |
//!
//! With a standby, a write is durable once the primary holds it safe from
//! power loss *and* the standby has flushed it: then no single machine's
//! loss takes it. Losing the primary (the fault `lose-primary`) promotes
//! the standby after `failover_us`, with everything it had received (its
//! OS still has it; promotion replays and flushes it): what the standby had
//! not received is lost. A crash of the standby takes what it had not
//! flushed if its OS goes (`os`, `power`), or nothing (`process`), and
//! while it is down commits that wait for it wait (PostgreSQL's commits
//! hang without their synchronous standby); on its return the primary sends
//! again everything after what the standby kept.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::error::{check_range, ScenarioError};
use crate::latency::Latency;
use crate::storage::CrashKind;
use crate::time::SimTime;
use crate::{Key, Version, Versioned};

/// What a commit waits for from the standby.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReplicaWait {
    /// Nothing: the commit answers at once (`off`, `local`).
    None,
    /// The standby has written the rows to its OS (`remote_write`).
    Write,
    /// The standby has flushed them to its disk (`on`).
    Flush,
    /// The standby has applied them: visible there (`remote_apply`).
    Apply,
}

crate::names::named!(ReplicaWait { None => "none", Write => "write", Flush => "flush", Apply => "apply" });

impl ReplicaWait {
    /// Every level, weakest first.
    pub const ALL: [ReplicaWait; 4] = [
        ReplicaWait::None,
        ReplicaWait::Write,
        ReplicaWait::Flush,
        ReplicaWait::Apply,
    ];

    /// Its name in a scenario file.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            ReplicaWait::None => "none",
            ReplicaWait::Write => "write",
            ReplicaWait::Flush => "flush",
            ReplicaWait::Apply => "apply",
        }
    }
}

/// A stage a shipped row passes on the standby.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Stage {
    /// Received and written to the standby's OS.
    Written,
    /// Flushed to the standby's disk.
    Flushed,
    /// Applied: visible to queries on the standby.
    Applied,
}

impl Stage {
    /// The three stages, in order.
    pub const ALL: [Stage; 3] = [Stage::Written, Stage::Flushed, Stage::Applied];

    /// A word for it.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Stage::Written => "received",
            Stage::Flushed => "flushed",
            Stage::Applied => "applied",
        }
    }

    /// The stage a commit waiting at `wait` needs, if any.
    #[must_use]
    pub const fn needed(wait: ReplicaWait) -> Option<Stage> {
        match wait {
            ReplicaWait::None => None,
            ReplicaWait::Write => Some(Stage::Written),
            ReplicaWait::Flush => Some(Stage::Flushed),
            ReplicaWait::Apply => Some(Stage::Applied),
        }
    }
}

/// The standby, as a scenario describes it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StandbySpec {
    /// What a commit waits for. Default `flush`: PostgreSQL's default
    /// `synchronous_commit = on` with the standby named in
    /// `synchronous_standby_names`.
    pub waits_for: ReplicaWait,
    /// One way between the primary and the standby. Default 1 ms, as the
    /// cache-to-store hop (two machines in one data centre).
    pub link_us: Latency,
    /// The standby's flush of what it received. Default 2 ms, as the
    /// store's own commit.
    pub flush_us: Latency,
    /// Applying a flushed row. Default 100 µs (not from the texts: replay
    /// of a small record).
    pub apply_us: Latency,
    /// From losing the primary to the standby taking over. Default 10 s
    /// (not from the texts: noticing the loss and promoting).
    pub failover_us: u64,
}

crate::names::fields!(StandbySpec {
    waits_for,
    link_us,
    flush_us,
    apply_us,
    failover_us
});

impl Default for StandbySpec {
    fn default() -> Self {
        StandbySpec {
            waits_for: ReplicaWait::Flush,
            link_us: Latency::Fixed(1_000),
            flush_us: Latency::Fixed(2_000),
            apply_us: Latency::Fixed(100),
            failover_us: 10_000_000,
        }
    }
}

impl StandbySpec {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.link_us.validate("store.standby.link_us")?;
        self.flush_us.validate("store.standby.flush_us")?;
        self.apply_us.validate("store.standby.apply_us")?;
        check_range("store.standby.failover_us", self.failover_us, 0, 3_600_000_000)
    }
}

/// One row shipped to the standby, at its place in the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shipped {
    /// Its place in the stream, from 1.
    pub pos: u64,
    /// The key.
    pub key: Key,
    /// The row.
    pub row: Versioned,
}

/// What the standby holds of one key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StandbyKey {
    /// The newest row received (in the standby's OS, perhaps not flushed).
    pub received: Option<Versioned>,
    /// The newest row flushed to its disk.
    pub flushed: Option<Versioned>,
}

/// The standby and the primary's side of the stream.
#[derive(Clone, Debug)]
pub struct Standby {
    spec: StandbySpec,
    keys: Vec<StandbyKey>,
    /// Rows shipped and not yet flushed by the standby: the primary keeps
    /// them to send again after a crash of the standby.
    unflushed: VecDeque<Shipped>,
    /// The newest version of each key shipped.
    shipped: Vec<Version>,
    /// The last position shipped.
    sent: u64,
    /// The standby's positions: received, flushed, applied.
    at: [u64; 3],
    /// The positions the primary has heard of, by stage.
    heard: [u64; 3],
    /// Up to where the flush running covers, while one runs.
    flushing: Option<u64>,
    /// When the last row sent arrives: the stream keeps its order.
    last_arrival: SimTime,
    /// Down after a crash, until it is back.
    down: bool,
    /// Bumped by each crash: work of an earlier life is dropped.
    life: u32,
}

impl Standby {
    /// A standby holding the rows the store starts with.
    #[must_use]
    pub fn new(spec: &StandbySpec, keys: u32) -> Self {
        Standby {
            spec: spec.clone(),
            keys: alloc::vec![StandbyKey::default(); keys as usize],
            unflushed: VecDeque::new(),
            shipped: alloc::vec![Version(0); keys as usize],
            sent: 0,
            at: [0; 3],
            heard: [0; 3],
            flushing: None,
            last_arrival: SimTime::ZERO,
            down: false,
            life: 0,
        }
    }

    /// The description.
    #[must_use]
    pub fn spec(&self) -> &StandbySpec {
        &self.spec
    }

    /// A row the store starts with (the standby was cloned from it).
    pub fn preload(&mut self, key: Key, v: Versioned) {
        self.keys[key.0 as usize] = StandbyKey {
            received: Some(v),
            flushed: Some(v),
        };
        self.shipped[key.0 as usize] = v.version;
    }

    /// What it holds of `key`.
    #[must_use]
    pub fn key(&self, key: Key) -> StandbyKey {
        self.keys[key.0 as usize]
    }

    /// Every key's rows, by key.
    pub fn keys(&self) -> impl Iterator<Item = (Key, &StandbyKey)> + '_ {
        self.keys.iter().enumerate().map(|(k, s)| (Key(k as u32), s))
    }

    /// The newest version of `key` the standby has flushed.
    #[must_use]
    pub fn flushed_version(&self, key: Key) -> Version {
        self.keys[key.0 as usize]
            .flushed
            .map_or(Version(0), |v| v.version)
    }

    /// The last position shipped, and the standby's positions by stage.
    #[must_use]
    pub fn positions(&self) -> (u64, [u64; 3]) {
        (self.sent, self.at)
    }

    /// The positions the primary has heard of, by stage.
    #[must_use]
    pub fn heard(&self) -> [u64; 3] {
        self.heard
    }

    /// True while it is down after a crash.
    #[must_use]
    pub fn is_down(&self) -> bool {
        self.down
    }

    /// Its life (see [`Standby::crash`]).
    #[must_use]
    pub fn life(&self) -> u32 {
        self.life
    }

    /// Ships `row` of `key` if it is newer than what was shipped; returns
    /// its place in the stream.
    pub fn ship(&mut self, key: Key, row: Versioned) -> Option<Shipped> {
        let shipped = &mut self.shipped[key.0 as usize];
        if row.version <= *shipped {
            return None;
        }
        *shipped = row.version;
        self.sent += 1;
        let s = Shipped {
            pos: self.sent,
            key,
            row,
        };
        self.unflushed.push_back(s);
        Some(s)
    }

    /// When a row sent now with a link time of `link` arrives: never
    /// before the row sent ahead of it.
    pub fn arrival(&mut self, now: SimTime, link: crate::time::Micros) -> SimTime {
        let at = (now + link).max(self.last_arrival);
        self.last_arrival = at;
        at
    }

    /// The row at `pos` arrives: written to the standby's OS if it is the
    /// next one it expects (a row of an earlier life or out of turn is
    /// dropped: the stream sends it again). Returns whether it was taken.
    pub fn receive(&mut self, pos: u64) -> bool {
        if self.down || pos != self.at[0] + 1 {
            return false;
        }
        let Some(s) = self.row_at(pos) else {
            return false;
        };
        let k = &mut self.keys[s.key.0 as usize];
        if k.received.is_none_or(|r| r.version < s.row.version) {
            k.received = Some(s.row);
        }
        self.at[0] = pos;
        true
    }

    /// The rows shipped and not yet flushed by the standby, in order.
    pub fn unflushed(&self) -> impl Iterator<Item = &Shipped> + '_ {
        self.unflushed.iter()
    }

    /// The row at `pos`, while the primary keeps it (until it is flushed).
    #[must_use]
    pub fn row_at(&self, pos: u64) -> Option<Shipped> {
        self.unflushed.iter().find(|s| s.pos == pos).copied()
    }

    /// Starts a flush of everything received, if none is running and there
    /// is something to flush; returns up to where it covers.
    pub fn start_flush(&mut self) -> Option<u64> {
        if self.down || self.flushing.is_some() || self.at[0] <= self.at[1] {
            return None;
        }
        self.flushing = Some(self.at[0]);
        self.flushing
    }

    /// The flush covering up to `upto` is done: those rows are on its disk.
    /// Returns them.
    pub fn flushed(&mut self, upto: u64) -> Vec<Shipped> {
        self.flushing = None;
        let mut done = Vec::new();
        while self.unflushed.front().is_some_and(|s| s.pos <= upto) {
            let Some(s) = self.unflushed.pop_front() else {
                break;
            };
            let k = &mut self.keys[s.key.0 as usize];
            if k.flushed.is_none_or(|f| f.version < s.row.version) {
                k.flushed = Some(s.row);
            }
            done.push(s);
        }
        self.at[1] = self.at[1].max(upto);
        done
    }

    /// Rows up to `upto` are applied.
    pub fn applied(&mut self, upto: u64) {
        self.at[2] = self.at[2].max(upto);
    }

    /// The primary hears that the standby is at `pos` in `stage`; returns
    /// whether that is news.
    pub fn hear(&mut self, stage: Stage, pos: u64) -> bool {
        let h = &mut self.heard[stage as usize];
        let news = pos > *h;
        *h = (*h).max(pos);
        news
    }

    /// The standby crashes (`kind`): its process's work in progress is gone,
    /// and with its OS what it had received and not flushed. Returns how
    /// many received rows it lost.
    pub fn crash(&mut self, kind: CrashKind) -> u64 {
        self.down = true;
        self.life += 1;
        self.flushing = None;
        let dropped = if kind == CrashKind::Process {
            0
        } else {
            for k in &mut self.keys {
                k.received = k.flushed;
            }
            let d = self.at[0] - self.at[1];
            self.at[0] = self.at[1];
            d
        };
        self.at[2] = self.at[2].min(self.at[1]);
        dropped
    }

    /// The standby is back: the rows the primary sends again (everything
    /// after what it kept), in order.
    pub fn restart(&mut self) -> Vec<Shipped> {
        self.down = false;
        self.last_arrival = SimTime::ZERO;
        let from = self.at[0];
        self.unflushed.iter().filter(|s| s.pos > from).copied().collect()
    }

    /// The rows the standby would hold as a new primary: everything it
    /// received (promotion replays and flushes it).
    #[must_use]
    pub fn promoted_rows(&self) -> Vec<Option<Versioned>> {
        self.keys.iter().map(|k| k.received).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Micros;
    use crate::versioned as v;

    #[test]
    fn rows_are_received_in_order_flushed_together_and_sent_again_after_an_os_crash() {
        let mut s = Standby::new(&StandbySpec::default(), 3);
        s.preload(Key(0), v(1));
        assert_eq!(s.ship(Key(0), v(1)), None, "already there");
        let a = s.ship(Key(0), v(2)).unwrap();
        let b = s.ship(Key(1), v(5)).unwrap();
        assert_eq!((a.pos, b.pos), (1, 2));
        // The stream keeps its order: a quicker link does not overtake.
        assert_eq!(s.arrival(SimTime(0), Micros(10)), SimTime(10));
        assert_eq!(s.arrival(SimTime(1), Micros(3)), SimTime(10));
        assert!(!s.receive(2), "out of turn");
        assert!(s.receive(1));
        assert_eq!(s.start_flush(), Some(1));
        assert!(s.receive(2));
        assert_eq!(s.start_flush(), None, "one flush at a time");
        assert_eq!(s.flushed(1).len(), 1);
        assert_eq!(s.flushed_version(Key(0)), Version(2));
        assert_eq!(s.flushed_version(Key(1)), Version(0));
        assert_eq!(s.key(Key(1)).received, Some(v(5)));
        assert_eq!(s.crash(CrashKind::Os), 1, "received, not flushed");
        assert_eq!(s.key(Key(1)).received, None);
        assert!(!s.receive(2), "down");
        let again = s.restart();
        assert_eq!(again, vec![b]);
        assert!(s.receive(2));
        assert_eq!(s.promoted_rows(), vec![Some(v(2)), Some(v(5)), None]);
    }

    #[test]
    fn a_process_crash_keeps_what_the_os_has() {
        let mut s = Standby::new(&StandbySpec::default(), 1);
        s.ship(Key(0), v(3));
        assert!(s.receive(1));
        assert_eq!(s.crash(CrashKind::Process), 0);
        assert_eq!(s.restart(), vec![]);
        assert_eq!(s.positions(), (1, [1, 0, 0]));
    }

    #[test]
    fn each_level_waits_for_its_stage() {
        assert_eq!(
            ReplicaWait::ALL.map(Stage::needed),
            [
                None,
                Some(Stage::Written),
                Some(Stage::Flushed),
                Some(Stage::Applied)
            ]
        );
        assert_eq!(
            ReplicaWait::ALL.map(ReplicaWait::name),
            ["none", "write", "flush", "apply"]
        );
        let mut s = Standby::new(&StandbySpec::default(), 1);
        assert!(s.hear(Stage::Flushed, 4));
        assert!(!s.hear(Stage::Flushed, 3), "old news");
        assert_eq!(s.heard(), [0, 4, 0]);
        let bad = StandbySpec {
            failover_us: 3_600_000_001,
            ..StandbySpec::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("store.standby.failover_us"));
    }
}
