//! Side by side: 2 to 4 runs of one workload and seed under different
//! policies, advanced together in virtual time (not step count), a crash
//! scheduled in all of them at the same instant, and a table of their
//! differences. The page's lesson module draws it.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use alloc::{format, vec};

use crate::fault::{ScheduledFault, CRASH_DOWNTIME_US};
use crate::policy::{Policy, WriteBehind};
use crate::products::{self, Personality, SynchronousCommit};
use crate::time::{Micros, SimTime};
use crate::wal::WalSpec;
use crate::{Fault, Scenario, Sim};

/// A policy a comparison can put beside the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Its id in the address (`compare=wt,wb,wb-gc`).
    pub id: &'static str,
    /// Its column's heading.
    pub label: &'static str,
}

/// The policies on offer, then the products' personalities
/// ([`crate::products`]).
pub const VARIANTS: [Variant; 18] = [
    Variant {
        id: "wt",
        label: "write-through",
    },
    Variant {
        id: "wb",
        label: "write-behind",
    },
    Variant {
        id: "wb-fsync",
        label: "write-behind + fsync per write",
    },
    Variant {
        id: "wb-gc",
        label: "write-behind + group commit 10 ms, no wait",
    },
    Variant {
        id: "ca",
        label: "cache-aside",
    },
    Variant {
        id: "wa",
        label: "write-around",
    },
    // Personalities: products as docs/products.md describes them.
    Variant {
        id: "hazelcast",
        label: "Hazelcast MapStore write-behind",
    },
    Variant {
        id: "ehcache3",
        label: "Ehcache 3 batched write-behind",
    },
    Variant {
        id: "ehcache2",
        label: "Ehcache 2 write-behind",
    },
    Variant {
        id: "ignite",
        label: "Apache Ignite write-behind",
    },
    Variant {
        id: "innodb-1",
        label: "InnoDB, flush_log_at_trx_commit = 1",
    },
    Variant {
        id: "innodb-2",
        label: "InnoDB, flush_log_at_trx_commit = 2",
    },
    Variant {
        id: "innodb-0",
        label: "InnoDB, flush_log_at_trx_commit = 0",
    },
    Variant {
        id: "pg-off",
        label: "PostgreSQL, synchronous_commit = off",
    },
    Variant {
        id: "pg-local",
        label: "PostgreSQL, synchronous_commit = local",
    },
    Variant {
        id: "pg-remote-write",
        label: "PostgreSQL, synchronous_commit = remote_write",
    },
    Variant {
        id: "pg-on",
        label: "PostgreSQL, synchronous_commit = on",
    },
    Variant {
        id: "pg-remote-apply",
        label: "PostgreSQL, synchronous_commit = remote_apply",
    },
];

/// What "crash all" does to every column, at one instant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CrashAll {
    /// Crash the cache node (the default).
    #[default]
    Cache,
    /// Cut the store's power (its layers below lose what a power cut takes).
    Power,
    /// Lose the store's machine for good: its standby takes over (every
    /// column needs a standby).
    Primary,
}

impl CrashAll {
    /// The three, in the order the panel offers them.
    pub const ALL: [CrashAll; 3] = [CrashAll::Cache, CrashAll::Power, CrashAll::Primary];

    /// Its id in the address (`crash_kind=power`).
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            CrashAll::Cache => "cache",
            CrashAll::Power => "power",
            CrashAll::Primary => "primary",
        }
    }

    /// Its words on the panel.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            CrashAll::Cache => "crash the cache node",
            CrashAll::Power => "cut the store's power",
            CrashAll::Primary => "lose the primary, its standby taking over",
        }
    }

    /// The one with `id`, if any.
    #[must_use]
    pub fn parse(id: &str) -> Option<CrashAll> {
        CrashAll::ALL.into_iter().find(|k| k.id() == id)
    }

    /// An address's `crash_kind` (absent: the cache node), or a message
    /// naming the parameter and what it may be.
    pub fn from_query(id: Option<&str>) -> Result<CrashAll, String> {
        match id {
            None => Ok(CrashAll::Cache),
            Some(k) => CrashAll::parse(k).ok_or_else(|| {
                let ids: Vec<&str> = CrashAll::ALL.iter().map(|k| k.id()).collect();
                format!("crash_kind must be one of {}, got \"{k}\"", ids.join(", "))
            }),
        }
    }

    /// The fault it schedules.
    #[must_use]
    pub const fn fault(self) -> Fault {
        match self {
            CrashAll::Cache => Fault::CrashCache {
                downtime_us: CRASH_DOWNTIME_US,
            },
            CrashAll::Power => Fault::StoreCrash {
                kind: crate::storage::CrashKind::Power,
                downtime_us: CRASH_DOWNTIME_US,
            },
            CrashAll::Primary => Fault::LosePrimary,
        }
    }
}

/// The comparison a link opens when it names none.
pub const DEFAULT: [&str; 3] = ["wt", "wb", "wb-gc"];

/// A column's policy, and the layers under its store if it sets them.
fn personality(id: &str) -> Option<Personality> {
    let plain = |policy| {
        Some(Personality {
            policy,
            storage: None,
            standby: None,
            backup: None,
        })
    };
    match id {
        "hazelcast" => Some(products::hazelcast()),
        "ehcache3" => Some(products::ehcache3()),
        "ehcache2" => Some(products::ehcache2()),
        "ignite" => Some(products::ignite()),
        "innodb-1" => Some(products::innodb(1)),
        "innodb-2" => Some(products::innodb(2)),
        "innodb-0" => Some(products::innodb(0)),
        "pg-off" => Some(products::postgres(SynchronousCommit::Off)),
        "pg-local" => Some(products::postgres(SynchronousCommit::Local)),
        "pg-remote-write" => Some(products::postgres(SynchronousCommit::RemoteWrite)),
        "pg-on" => Some(products::postgres(SynchronousCommit::On)),
        "pg-remote-apply" => Some(products::postgres(SynchronousCommit::RemoteApply)),
        other => plain(policy(other)?),
    }
}

fn policy(id: &str) -> Option<Policy> {
    let behind = |wal| {
        Policy::WriteBehind(Box::new(WriteBehind {
            wal,
            ..WriteBehind::default()
        }))
    };
    Some(match id {
        "wt" => Policy::WriteThrough(Default::default()),
        "wb" => behind(WalSpec::None),
        "wb-fsync" => behind(WalSpec::FsyncEveryWrite),
        "wb-gc" => behind(WalSpec::GroupCommit {
            interval_us: 10_000,
            ack_after_fsync: false,
        }),
        "ca" => Policy::CacheAside(Default::default()),
        "wa" => Policy::WriteAround(Default::default()),
        _ => return None,
    })
}

/// Runs side by side.
#[derive(Clone, Debug)]
pub struct Compare {
    /// The workload's scenario (its policy is replaced in each column).
    pub base: Scenario,
    /// The columns.
    pub variants: Vec<Variant>,
    /// The runs, one per column.
    pub sims: Vec<Sim>,
    /// The instant all of them have reached.
    pub t: SimTime,
    /// The instant of the crash scheduled in all of them, if any.
    pub crash: Option<SimTime>,
    /// What that crash is.
    pub crash_kind: CrashAll,
}

/// Reads `wt,wb,wb-gc`: 2 to 4 known variants, each once; an error says
/// which are known.
pub fn parse(ids: &str) -> Result<Vec<Variant>, String> {
    let mut out: Vec<Variant> = Vec::new();
    for id in ids.split(',').filter(|s| !s.is_empty()) {
        let v = VARIANTS.iter().find(|v| v.id == id).ok_or_else(|| {
            let known: Vec<&str> = VARIANTS.iter().map(|v| v.id).collect();
            format!(
                "compare: `{id}` is not a policy to compare; the policies are {}",
                known.join(", ")
            )
        })?;
        if !out.contains(v) {
            out.push(*v);
        }
    }
    if !(2..=4).contains(&out.len()) {
        return Err(format!("compare: name 2 to 4 policies, got {}", out.len()));
    }
    Ok(out)
}

impl Compare {
    /// Columns `variants` of `base`'s workload, at time zero.
    pub fn new(base: Scenario, variants: Vec<Variant>) -> Result<Compare, String> {
        let mut c = Compare {
            base,
            variants,
            sims: Vec::new(),
            t: SimTime::ZERO,
            crash: None,
            crash_kind: CrashAll::Cache,
        };
        c.rebuild()?;
        Ok(c)
    }

    /// Columns `variants` of `base`'s workload crashed at `crash` (if any),
    /// then advanced to `t`: a comparison as its address describes it.
    pub fn at(
        base: Scenario,
        variants: Vec<Variant>,
        crash: Option<(SimTime, CrashAll)>,
        t: SimTime,
    ) -> Result<Compare, String> {
        let mut c = Compare::new(base, variants)?;
        if let Some((at, kind)) = crash {
            c.advance_to(at);
            c.crash_all_now(kind)?;
        }
        c.advance_to(t);
        Ok(c)
    }

    /// Column `i`'s scenario: the workload under its policy, with the
    /// comparison's crash scheduled.
    #[must_use]
    pub fn scenario(&self, i: usize) -> Scenario {
        let mut s = self.base.clone();
        if let Some(p) = self.variants.get(i).and_then(|v| personality(v.id)) {
            s.policy = p.policy;
            if p.storage.is_some() {
                s.store.storage = p.storage;
            }
            if p.standby.is_some() {
                s.store.standby = p.standby;
            }
            if p.backup.is_some() {
                s.cache.backup = p.backup;
            }
        }
        let label = self.variants.get(i).map_or("", |v| v.label);
        let mut name = String::new();
        for c in format!("{} ({label})", self.base.name).chars() {
            if name.len() + c.len_utf8() > Scenario::MAX_NAME_LEN {
                break;
            }
            name.push(c);
        }
        s.name = name;
        if let Some(at) = self.crash {
            s.faults.push(ScheduledFault {
                at_us: at.as_micros(),
                fault: self.crash_kind.fault(),
            });
        }
        s
    }

    /// Makes every run again from its scenario, up to the comparison's instant.
    fn rebuild(&mut self) -> Result<(), String> {
        self.sims = (0..self.variants.len())
            .map(|i| Sim::new(self.scenario(i)).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        let t = self.t;
        for s in &mut self.sims {
            let _ = s.run_until(t);
        }
        Ok(())
    }

    /// Every run up to instant `t`.
    pub fn advance_to(&mut self, t: SimTime) {
        self.t = self.t.max(t);
        let t = self.t;
        for s in &mut self.sims {
            let _ = s.run_until(t);
        }
    }

    /// Every run to the next instant any of them has an event.
    pub fn step(&mut self) {
        if let Some(next) = self.sims.iter().filter_map(Sim::next_at).min() {
            self.advance_to(next);
        }
    }

    /// Every run to the end.
    pub fn run_to_end(&mut self) {
        for s in &mut self.sims {
            let _ = s.run_to_end();
        }
        self.t = self.sims.iter().map(Sim::now).max().unwrap_or(self.t);
    }

    /// True when no run has anything left.
    #[must_use]
    pub fn done(&self) -> bool {
        self.sims.iter().all(Sim::is_done)
    }

    /// Crashes the cache node in every run at the comparison's instant (a
    /// crash scheduled in each scenario, so a column opened alone crashes
    /// there too).
    pub fn crash_now(&mut self) -> Result<(), String> {
        self.crash_all_now(CrashAll::Cache)
    }

    /// As [`Compare::crash_now`], with the crash `kind` says: the cache
    /// node, the store's power, or the primary (refused, naming them, if a
    /// column has no standby to take over).
    pub fn crash_all_now(&mut self, kind: CrashAll) -> Result<(), String> {
        if self.crash.is_some() {
            return Err("the runs have crashed once already".into());
        }
        if kind == CrashAll::Primary {
            let lacking: Vec<&str> = (0..self.variants.len())
                .filter(|&i| self.scenario(i).store.standby.is_none())
                .map(|i| self.variants[i].id)
                .collect();
            if !lacking.is_empty() {
                return Err(format!(
                    "losing the primary needs a standby in every column; {} {} none (the PostgreSQL personalities do)",
                    lacking.join(", "),
                    if lacking.len() == 1 { "has" } else { "have" }
                ));
            }
        }
        self.crash = Some(self.t);
        self.crash_kind = kind;
        self.rebuild()
    }

    /// The table of differences: a row per figure, a cell per column.
    #[must_use]
    pub fn rows(&self) -> Vec<(&'static str, Vec<String>)> {
        let cell = |f: &dyn Fn(&Sim) -> String| self.sims.iter().map(f).collect::<Vec<_>>();
        vec![
            (
                "writes acknowledged",
                cell(&|s| s.metrics().writes_acked.to_string()),
            ),
            (
                "write p50",
                cell(&|s| Micros(s.metrics().write_latency.percentile(50.0).0).to_string()),
            ),
            (
                "write p99",
                cell(&|s| Micros(s.metrics().write_latency.percentile(99.0).0).to_string()),
            ),
            (
                "store rows written",
                cell(&|s| s.metrics().store_writes.to_string()),
            ),
            (
                "client writes per store row",
                cell(&|s| s.metrics().coalescing_ratio_text()),
            ),
            ("at risk now", cell(&|s| s.crash_would_lose().len().to_string())),
            (
                "at risk below the store",
                cell(&|s| {
                    s.below().map_or_else(
                        || "–".to_string(),
                        |b| b.at_risk.iter().sum::<usize>().to_string(),
                    )
                }),
            ),
            ("writes lost", cell(&|s| s.metrics().writes_lost.to_string())),
            ("stale reads", cell(&|s| s.metrics().stale_reads.to_string())),
        ]
    }

    /// The table as CSV: a header of the columns, then a line per figure.
    #[must_use]
    pub fn csv(&self) -> String {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut out = String::from("figure");
        for v in &self.variants {
            out.push(',');
            out.push_str(&quote(v.label));
        }
        out.push('\n');
        for (label, cells) in self.rows() {
            out.push_str(&quote(label));
            for c in cells {
                out.push(',');
                out.push_str(&quote(&c));
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column runs its own policy, whatever the base scenario's: a
    /// base of cache-aside, and each plain variant's policy by name
    /// (`policy`'s arms deleted would leave the base's).
    #[test]
    fn each_column_runs_the_policy_its_label_names() {
        let base = Scenario {
            policy: Policy::CacheAside(Default::default()),
            ..Scenario::default()
        };
        let c = Compare::new(base, VARIANTS.to_vec()).unwrap();
        for (i, v) in VARIANTS.iter().enumerate() {
            assert!(personality(v.id).is_some(), "{}", v.id);
            let s = c.scenario(i);
            let expected = match v.id {
                "wt" => Some(("write-through", WalSpec::None)),
                "wb" => Some(("write-behind", WalSpec::None)),
                "wb-fsync" => Some(("write-behind", WalSpec::FsyncEveryWrite)),
                "wb-gc" => Some((
                    "write-behind",
                    WalSpec::GroupCommit {
                        interval_us: 10_000,
                        ack_after_fsync: false,
                    },
                )),
                "wa" => Some(("write-around", WalSpec::None)),
                "ca" => Some(("cache-aside", WalSpec::None)),
                _ => None,
            };
            if let Some((name, wal)) = expected {
                assert_eq!(s.policy.name(), name, "{}", v.id);
                let got = match &s.policy {
                    Policy::WriteBehind(wb) => wb.wal,
                    _ => WalSpec::None,
                };
                assert_eq!(got, wal, "{}", v.id);
            }
        }
    }

    /// A column is named after the base and its label, cut at a character
    /// boundary to the longest name a scenario may have (`scenario`'s
    /// length test, `+` turned to `*` or `>` to `<`).
    #[test]
    fn a_column_is_named_after_the_base_and_its_label_within_the_limit() {
        let mut base = Scenario {
            name: "Mine".into(),
            ..Scenario::default()
        };
        let c = Compare::new(base.clone(), parse("wt,wb").unwrap()).unwrap();
        assert_eq!(c.scenario(1).name, "Mine (write-behind)");
        // 150 two-byte letters: 300 bytes; 100 of them fill the 200.
        base.name = "é".repeat(150);
        let c = Compare::new(base, parse("wt,wb").unwrap()).unwrap();
        assert_eq!(c.scenario(0).name, "é".repeat(100));
        // A one-byte letter fills the last byte.
        let c = Compare::new(
            Scenario {
                name: "a".repeat(199),
                ..Scenario::default()
            },
            parse("wt,wb").unwrap(),
        )
        .unwrap();
        assert_eq!(c.scenario(0).name, format!("{} ", "a".repeat(199)));
    }

    /// `run_to_end` runs every column out and the comparison stands at the
    /// last one's end; `done` says so (replaced by nothing and by `false`).
    #[test]
    fn run_to_end_ends_every_column() {
        let mut c = Compare::new(Scenario::default(), parse("wt,wb,ca").unwrap()).unwrap();
        assert!(!c.done());
        c.run_to_end();
        assert!(c.done());
        assert!(c.sims.iter().all(|s| s.is_done() && s.metrics().ops_sent == 200));
        let last = c.sims.iter().map(Sim::now).max().unwrap();
        assert!(last > SimTime::ZERO);
        assert_eq!(c.t, last);
    }

    /// Each crash of every column has its own words and id.
    #[test]
    fn each_crash_of_every_column_has_its_own_words() {
        let labels: Vec<&str> = CrashAll::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(
            labels,
            [
                "crash the cache node",
                "cut the store's power",
                "lose the primary, its standby taking over"
            ]
        );
        for k in CrashAll::ALL {
            assert_eq!(CrashAll::parse(k.id()), Some(k));
        }
    }
}
