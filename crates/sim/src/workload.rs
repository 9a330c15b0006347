//! What the clients do: how many operations (or for how long), how they
//! arrive (a fixed interval, Poisson, or closed-loop clients with think
//! time), which keys they touch (uniform, Zipf, or a hot set), the share of
//! reads, bursts of writes to one key, and an explicit script for lessons.
//! Written values are numbered 1, 2, 3, ... in the order the writes are
//! issued, so every value on screen names the write that produced it.

use alloc::vec::Vec;

use crate::error::{check_range, ScenarioError};
use crate::rng::Rng;
use crate::time::{Micros, SimTime};
use crate::{Key, Op, Value};

/// How operations arrive.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        tag = "kind",
        rename_all = "kebab-case",
        try_from = "crate::repr::ArrivalsRepr"
    )
)]
pub enum Arrivals {
    /// Open loop, one operation every `interval_us`.
    Fixed {
        /// Time between two operations.
        interval_us: u64,
    },
    /// Open loop, a Poisson process of `rate_per_s` operations per second.
    Poisson {
        /// Mean operations per second.
        rate_per_s: u64,
    },
    /// Closed loop: `clients` clients, each sending its next operation
    /// `think_us` after the answer to its last.
    ClosedLoop {
        /// How many clients.
        clients: u32,
        /// Pause between an answer and the next request.
        think_us: u64,
    },
}

/// Which keys the operations touch.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        tag = "kind",
        rename_all = "kebab-case",
        try_from = "crate::repr::PopularityRepr"
    )
)]
pub enum Popularity {
    /// Every key equally likely.
    Uniform,
    /// Key k with weight 1 / (k + 1)^exponent.
    Zipf {
        /// The skew, 0 (uniform) to 5.
        exponent: f64,
    },
    /// `keys_percent` of the keys get `traffic_percent` of the operations.
    HotSet {
        /// Share of keys that are hot.
        keys_percent: u8,
        /// Share of operations that go to them.
        traffic_percent: u8,
    },
}

/// Bursts: every `every_us`, `writes` writes to one random key spread over
/// `window_us` (on top of the regular arrivals).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Burst {
    /// Writes per burst.
    pub writes: u32,
    /// Over how long.
    pub window_us: u64,
    /// Time between bursts.
    pub every_us: u64,
}

/// One operation of a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ScriptedOp {
    /// When it is sent.
    pub at_us: u64,
    /// `"read"` or `"write"`.
    pub op: ScriptKind,
    /// The key's number.
    pub key: u32,
    /// The value a write writes; by default the next write number.
    #[cfg_attr(feature = "serde", serde(default))]
    pub value: Option<u64>,
}

/// A scripted read or write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptKind {
    /// A read.
    Read,
    /// A write.
    Write,
}

crate::names::named!(ScriptKind { Read => "read", Write => "write" });

/// What the clients do.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Workload {
    /// How many generated operations in all.
    pub ops: u64,
    /// Stop generating after this long; 0 for no limit.
    pub duration_us: u64,
    /// The share of generated operations that are reads, in percent.
    pub read_percent: u8,
    /// How many distinct keys.
    pub keys: u32,
    /// Which keys are touched.
    pub popularity: Popularity,
    /// How generated operations arrive.
    pub arrivals: Arrivals,
    /// Bursts of writes to one key, if any.
    pub burst: Option<Burst>,
    /// Operations at given instants, on top of the generated ones.
    pub script: Vec<ScriptedOp>,
}

crate::names::fields!(Workload {
    ops,
    duration_us,
    read_percent,
    keys,
    popularity,
    arrivals,
    burst,
    script
});

impl Default for Workload {
    fn default() -> Self {
        Workload {
            ops: 200,
            duration_us: 0,
            read_percent: 80,
            keys: 8,
            popularity: Popularity::Uniform,
            arrivals: Arrivals::Fixed { interval_us: 2_000 },
            burst: None,
            script: Vec::new(),
        }
    }
}

impl Workload {
    /// The most operations one run may generate.
    pub const MAX_OPS: u64 = 100_000_000;
    /// The most distinct keys.
    pub const MAX_KEYS: u64 = 100_000;
    /// The longest interval, think time, window or duration: one hour (the
    /// duration: a day).
    pub const MAX_US: u64 = 3_600_000_000;

    /// Checks every field.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_range("workload.ops", self.ops, 0, Self::MAX_OPS)?;
        check_range("workload.duration_us", self.duration_us, 0, 24 * Self::MAX_US)?;
        check_range("workload.read_percent", u64::from(self.read_percent), 0, 100)?;
        check_range("workload.keys", u64::from(self.keys), 1, Self::MAX_KEYS)?;
        match self.popularity {
            Popularity::Uniform => {}
            Popularity::Zipf { exponent } => {
                if !(0.0..=5.0).contains(&exponent) {
                    return Err(ScenarioError {
                        field: "workload.popularity.exponent".into(),
                        message: {
                            // In hundredths, without float formatting (smaller for the web page).
                            // The sign from the value itself: -0.001 reads
                            // "-0.00", not a "0.00" that looks allowed.
                            let h = libm::round(exponent * 100.0) as i64;
                            let sign = if exponent.is_sign_negative() { "-" } else { "" };
                            alloc::format!("must be 0..=5, got {sign}{}.{:02}", h.abs() / 100, h.abs() % 100)
                        },
                    });
                }
            }
            Popularity::HotSet {
                keys_percent,
                traffic_percent,
            } => {
                check_range(
                    "workload.popularity.keys_percent",
                    u64::from(keys_percent),
                    1,
                    100,
                )?;
                check_range(
                    "workload.popularity.traffic_percent",
                    u64::from(traffic_percent),
                    0,
                    100,
                )?;
            }
        }
        match self.arrivals {
            Arrivals::Fixed { interval_us } => {
                check_range("workload.arrivals.interval_us", interval_us, 1, Self::MAX_US)?;
            }
            Arrivals::Poisson { rate_per_s } => {
                check_range("workload.arrivals.rate_per_s", rate_per_s, 1, 10_000_000)?;
            }
            Arrivals::ClosedLoop { clients, think_us } => {
                check_range("workload.arrivals.clients", u64::from(clients), 1, 10_000)?;
                check_range("workload.arrivals.think_us", think_us, 0, Self::MAX_US)?;
            }
        }
        if let Some(b) = &self.burst {
            check_range("workload.burst.writes", u64::from(b.writes), 1, 10_000)?;
            check_range("workload.burst.window_us", b.window_us, 0, Self::MAX_US)?;
            check_range("workload.burst.every_us", b.every_us, 1, Self::MAX_US)?;
        }
        check_range("workload.script", self.script.len() as u64, 0, 100_000)?;
        for (i, s) in self.script.iter().enumerate() {
            check_range(
                alloc::format!("workload.script[{i}].at_us"),
                s.at_us,
                0,
                24 * Self::MAX_US,
            )?;
            check_range(
                alloc::format!("workload.script[{i}].key"),
                u64::from(s.key),
                0,
                u64::from(self.keys) - 1,
            )?;
        }
        Ok(())
    }
}

impl Workload {
    /// The operations this workload generates with `seed`, in order,
    /// ignoring arrivals, duration, bursts and the script: the same draws a
    /// run makes, for benchmarks that replay the key sequence elsewhere.
    pub fn ops_iter(&self, seed: u64) -> impl Iterator<Item = Op> {
        let mut spec = self.clone();
        spec.duration_us = 0;
        let mut g = Generator::new(spec, seed);
        core::iter::from_fn(move || g.next_op(SimTime::ZERO))
    }
}

/// The workload's state during a run.
#[derive(Clone, Debug)]
pub(crate) struct Generator {
    spec: Workload,
    rng: Rng,
    issued: u64,
    writes: u64,
    /// Cumulative weights of the keys (Zipf), for sampling by bisection.
    cdf: Vec<f64>,
}

impl Generator {
    pub(crate) fn new(spec: Workload, seed: u64) -> Self {
        let cdf = match spec.popularity {
            Popularity::Zipf { exponent } => {
                let mut acc = 0.0;
                let mut cdf: Vec<f64> = (0..spec.keys)
                    .map(|k| {
                        acc += 1.0 / libm::pow(f64::from(k) + 1.0, exponent);
                        acc
                    })
                    .collect();
                for c in &mut cdf {
                    *c /= acc;
                }
                cdf
            }
            _ => Vec::new(),
        };
        Generator {
            spec,
            rng: Rng::new(seed),
            issued: 0,
            writes: 0,
            cdf,
        }
    }

    /// True while generated operations remain to be issued at `now`.
    pub(crate) fn has_more(&self, now: SimTime) -> bool {
        self.issued < self.spec.ops && (self.spec.duration_us == 0 || now.as_micros() < self.spec.duration_us)
    }

    /// The next generated operation, or `None` once all are issued.
    pub(crate) fn next_op(&mut self, now: SimTime) -> Option<Op> {
        if !self.has_more(now) {
            return None;
        }
        self.issued += 1;
        let read = self.rng.percent(self.spec.read_percent);
        let key = self.next_key();
        Some(if read {
            Op::Read { key }
        } else {
            Op::Write {
                key,
                value: self.next_value(),
            }
        })
    }

    /// A key drawn by the popularity.
    pub(crate) fn next_key(&mut self) -> Key {
        let n = u64::from(self.spec.keys);
        let k = match self.spec.popularity {
            Popularity::Uniform => self.rng.below(n),
            Popularity::Zipf { .. } => {
                // The last weight is `acc / acc`, exactly 1.0, and `u` is
                // below 1.0, so the point is always a key's index.
                let u = self.rng.unit();
                self.cdf.partition_point(|c| *c <= u) as u64
            }
            Popularity::HotSet {
                keys_percent,
                traffic_percent,
            } => {
                let hot = (n * u64::from(keys_percent) / 100).clamp(1, n);
                if hot == n || self.rng.percent(traffic_percent) {
                    self.rng.below(hot)
                } else {
                    hot + self.rng.below(n - hot)
                }
            }
        };
        Key(k as u32)
    }

    /// A fresh value, for a generated write or one a user submits.
    pub(crate) fn next_value(&mut self) -> Value {
        self.writes += 1;
        Value(self.writes)
    }

    /// Time until the next open-loop arrival; `None` for closed loop.
    pub(crate) fn next_gap(&mut self) -> Option<Micros> {
        match self.spec.arrivals {
            Arrivals::Fixed { interval_us } => Some(Micros(interval_us)),
            Arrivals::Poisson { rate_per_s } => {
                let mean = 1_000_000.0 / rate_per_s as f64;
                let gap = -mean * libm::log(1.0 - self.rng.unit());
                Some(Micros(libm::round(gap) as u64))
            }
            Arrivals::ClosedLoop { .. } => None,
        }
    }

    /// The closed-loop clients and their think time, if closed loop.
    pub(crate) fn closed_loop(&self) -> Option<(u32, Micros)> {
        match self.spec.arrivals {
            Arrivals::ClosedLoop { clients, think_us } => Some((clients, Micros(think_us))),
            _ => None,
        }
    }

    /// The burst settings.
    pub(crate) fn burst(&self) -> Option<&Burst> {
        self.spec.burst.as_ref()
    }

    /// The script.
    pub(crate) fn script(&self) -> &[ScriptedOp] {
        &self.spec.script
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(popularity: Popularity, n: usize) -> Vec<u32> {
        let spec = Workload {
            keys: 10,
            ops: n as u64,
            popularity,
            ..Workload::default()
        };
        let mut g = Generator::new(spec, 9);
        let mut c = alloc::vec![0u32; 10];
        for _ in 0..n {
            c[g.next_key().0 as usize] += 1;
        }
        c
    }

    #[test]
    fn zipf_favours_low_keys_in_proportion() {
        let c = counts(Popularity::Zipf { exponent: 1.0 }, 100_000);
        // Weights 1, 1/2, ..., 1/10 sum to 2.929: key 0 gets 34.1 %, key 1 17.1 %.
        assert!((33_000..35_200).contains(&c[0]), "{c:?}");
        assert!((16_300..17_900).contains(&c[1]), "{c:?}");
        assert!(c.windows(2).all(|w| w[0] > w[1]), "{c:?}");
    }

    #[test]
    fn a_hot_set_gets_its_share() {
        let c = counts(
            Popularity::HotSet {
                keys_percent: 20,
                traffic_percent: 90,
            },
            100_000,
        );
        let hot: u32 = c[..2].iter().sum();
        assert!((89_000..91_000).contains(&hot), "{c:?}");
    }

    #[test]
    fn poisson_gaps_average_to_the_rate() {
        let spec = Workload {
            arrivals: Arrivals::Poisson { rate_per_s: 1_000 },
            ..Workload::default()
        };
        let mut g = Generator::new(spec, 3);
        let total: u64 = (0..100_000).map(|_| g.next_gap().unwrap().0).sum();
        let mean = total as f64 / 100_000.0;
        assert!((mean - 1_000.0).abs() < 15.0, "mean gap {mean} µs");
    }
}
