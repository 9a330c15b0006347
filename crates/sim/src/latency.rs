//! Latency of every hop a request can take, as a distribution per hop,
//! sampled from the run's seeded generator.
//!
//! A hop is written as a plain number of microseconds (constant) or as a
//! distribution: `{"dist": "uniform", "min_us": .., "max_us": ..}`,
//! `{"dist": "lognormal", "p50_us": .., "p99_us": ..}` (fitted so that its
//! median and 99th percentile are those), `{"dist": "exponential",
//! "mean_us": ..}`, `{"dist": "empirical", "points": [[50, 15], [99, 50],
//! [100, 2000]]}` (percentile, value; linear in between), or a preset:
//! `{"dist": "device", "device": "nvme"}`, `{"dist": "network", "network":
//! "same-rack"}`.
//!
//! The defaults are the "typical" column of the latency anatomy in the
//! write-through performance text (shared/reference/001): network to cache
//! 0.5 ms, cache write 0.5 ms, network to database 1 ms, database write 5 ms,
//! commit/fsync 2 ms; a database query 10 ms (its read comparison, 10-50 ms).

use alloc::vec::Vec;

use crate::error::{check_range, ScenarioError};
use crate::rng::Rng;
use crate::time::Micros;

/// A storage device, with the latency of one durable 4 KB write
/// (shared/reference/002): the median is the table's device I/O time, the
/// 99th percentile the top of its latency range (NVMe: its distribution
/// table's P99).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    /// 7200 RPM disk: p50 12 ms, p99 20 ms.
    Hdd7200,
    /// 15000 RPM disk: p50 6 ms (the geometric middle of 4-10 ms), p99 10 ms.
    Hdd15000,
    /// SATA SSD: p50 50 µs, p99 100 µs.
    SataSsd,
    /// NVMe SSD: the storage text's whole distribution, p50 15 µs, p90
    /// 25 µs, p99 50 µs, p99.9 200 µs (garbage collection), p99.99 2 ms
    /// (block erases), between its random-write floor of 10 µs and an
    /// erase's 5 ms.
    Nvme,
    /// Intel Optane: p50 8 µs, p99 10 µs.
    Optane,
    /// Battery-backed NVRAM: under 1 µs; 1 µs here.
    Nvram,
}

crate::names::named!(Device { Hdd7200 => "hdd7200", Hdd15000 => "hdd15000", SataSsd => "sata-ssd", Nvme => "nvme", Optane => "optane", Nvram => "nvram" });

impl Device {
    /// Every latency percentile the storage text gives for the device, as
    /// (percent, µs): NVMe's five; for the others the throughput table's
    /// `T_io` as the median and the top of the latency table's range as p99.
    #[must_use]
    pub const fn text_points(self) -> &'static [(f64, u64)] {
        match self {
            Device::Hdd7200 => &[(50.0, 12_000), (99.0, 20_000)],
            Device::Hdd15000 => &[(50.0, 6_000), (99.0, 10_000)],
            Device::SataSsd => &[(50.0, 50), (99.0, 100)],
            Device::Nvme => &[(50.0, 15), (90.0, 25), (99.0, 50), (99.9, 200), (99.99, 2_000)],
            Device::Optane => &[(50.0, 8), (99.0, 10)],
            Device::Nvram => &[(50.0, 1), (99.0, 1)],
        }
    }

    /// (p50, p99) in microseconds.
    #[must_use]
    pub const fn percentiles(self) -> (u64, u64) {
        match self {
            Device::Hdd7200 => (12_000, 20_000),
            Device::Hdd15000 => (6_000, 10_000),
            Device::SataSsd => (50, 100),
            Device::Nvme => (15, 50),
            Device::Optane => (8, 10),
            Device::Nvram => (1, 1),
        }
    }
}

/// A network path, one way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    /// Loopback on one host: p50 20 µs, p99 100 µs (not from the reference
    /// texts: a typical Linux loopback round trip is tens of microseconds).
    SameHost,
    /// Same rack: p50 100 µs, p99 1 ms (the reference's "Network: 0.1-1ms").
    SameRack,
    /// Across availability zones: p50 500 µs, p99 5 ms ("Network: 0.5-5ms").
    CrossZone,
}

crate::names::named!(Network { SameHost => "same-host", SameRack => "same-rack", CrossZone => "cross-zone" });

impl Network {
    /// (p50, p99) in microseconds.
    #[must_use]
    pub const fn percentiles(self) -> (u64, u64) {
        match self {
            Network::SameHost => (20, 100),
            Network::SameRack => (100, 1_000),
            Network::CrossZone => (500, 5_000),
        }
    }
}

/// A latency distribution.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "dist", rename_all = "kebab-case", try_from = "crate::repr::DistRepr")
)]
pub enum Dist {
    /// Always `us`.
    Constant {
        /// The latency.
        us: u64,
    },
    /// Uniform in `min_us..=max_us`.
    Uniform {
        /// Smallest.
        min_us: u64,
        /// Largest.
        max_us: u64,
    },
    /// Log-normal with the given median and 99th percentile.
    Lognormal {
        /// Median.
        p50_us: u64,
        /// 99th percentile.
        p99_us: u64,
    },
    /// Exponential with the given mean.
    Exponential {
        /// Mean.
        mean_us: u64,
    },
    /// A table of (percentile, value) points, linear in between; the first
    /// point's value below it, the last's above.
    Empirical {
        /// (percentile 0..=100, microseconds), percentiles increasing.
        points: Vec<(f64, u64)>,
    },
    /// A storage device's durable-write latency.
    Device {
        /// Which.
        device: Device,
    },
    /// A network path's one-way latency.
    Network {
        /// Which.
        network: Network,
    },
}

/// One hop's latency as a scenario writes it: a number (constant) or a
/// distribution.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum Latency {
    /// A constant number of microseconds.
    Fixed(u64),
    /// A distribution.
    Dist(Dist),
}

impl From<u64> for Latency {
    fn from(us: u64) -> Self {
        Latency::Fixed(us)
    }
}

/// The z-score of the 99th percentile of a standard normal distribution.
const Z99: f64 = 2.326_347_874_040_841;

impl Latency {
    /// The longest latency accepted anywhere: 60 s.
    pub const MAX_US: u64 = 60_000_000;

    /// Checks the parameters; `field` names the hop.
    pub fn validate(&self, field: &'static str) -> Result<(), ScenarioError> {
        let max = Self::MAX_US;
        let bad = |message: &str| ScenarioError {
            field: field.into(),
            message: message.into(),
        };
        match self {
            Latency::Fixed(us) | Latency::Dist(Dist::Constant { us }) => check_range(field, *us, 0, max),
            Latency::Dist(Dist::Uniform { min_us, max_us }) => {
                check_range(field, *max_us, 0, max)?;
                if min_us > max_us {
                    return Err(bad("min_us must be at most max_us"));
                }
                Ok(())
            }
            Latency::Dist(Dist::Lognormal { p50_us, p99_us }) => {
                check_range(field, *p99_us, 1, max)?;
                if *p50_us == 0 || p50_us > p99_us {
                    return Err(bad("needs 1 <= p50_us <= p99_us"));
                }
                Ok(())
            }
            Latency::Dist(Dist::Exponential { mean_us }) => check_range(field, *mean_us, 0, max),
            Latency::Dist(Dist::Empirical { points }) => {
                if points.is_empty() || points.len() > 64 {
                    return Err(bad("points must hold 1..=64 (percentile, us) pairs"));
                }
                let mut last = -1.0;
                for &(p, us) in points {
                    if !(0.0..=100.0).contains(&p) || p <= last {
                        return Err(bad("percentiles must increase within 0..=100"));
                    }
                    check_range(field, us, 0, max)?;
                    last = p;
                }
                if points.windows(2).any(|w| w[0].1 > w[1].1) {
                    return Err(bad("values must not decrease as percentiles increase"));
                }
                Ok(())
            }
            Latency::Dist(Dist::Device { .. } | Dist::Network { .. }) => Ok(()),
        }
    }

    /// The compiled sampler.
    #[must_use]
    pub fn sampler(&self) -> Sampler {
        let lognormal = |p50: u64, p99: u64| {
            let mu = libm::log(p50 as f64);
            let sigma = (libm::log(p99 as f64) - mu) / Z99;
            Sampler::Lognormal { mu, sigma }
        };
        match self {
            Latency::Fixed(us) | Latency::Dist(Dist::Constant { us }) => Sampler::Constant(*us),
            Latency::Dist(Dist::Uniform { min_us, max_us }) => Sampler::Uniform(*min_us, *max_us),
            Latency::Dist(Dist::Lognormal { p50_us, p99_us }) => lognormal(*p50_us, *p99_us),
            Latency::Dist(Dist::Exponential { mean_us }) => Sampler::Exponential(*mean_us as f64),
            Latency::Dist(Dist::Empirical { points }) => Sampler::Empirical(points.clone()),
            // The whole distribution the text gives, through its points.
            Latency::Dist(Dist::Device { device: Device::Nvme }) => {
                let mut points = alloc::vec![(0.0, 10)];
                points.extend_from_slice(Device::Nvme.text_points());
                points.push((100.0, 5_000));
                Sampler::Empirical(points)
            }
            Latency::Dist(Dist::Device { device }) => {
                let (p50, p99) = device.percentiles();
                lognormal(p50, p99)
            }
            Latency::Dist(Dist::Network { network }) => {
                let (p50, p99) = network.percentiles();
                lognormal(p50, p99)
            }
        }
    }

    /// The constant, if it is one (for hand-computed figures).
    #[must_use]
    pub fn constant(&self) -> Option<u64> {
        match self {
            Latency::Fixed(us) | Latency::Dist(Dist::Constant { us }) => Some(*us),
            _ => None,
        }
    }
}

/// A hop's distribution, ready to sample.
#[derive(Clone, Debug, PartialEq)]
pub enum Sampler {
    /// Always this many microseconds.
    Constant(u64),
    /// Uniform between the two, inclusive.
    Uniform(u64, u64),
    /// exp(mu + sigma * N(0, 1)).
    Lognormal {
        /// ln of the median.
        mu: f64,
        /// The spread.
        sigma: f64,
    },
    /// Exponential with this mean.
    Exponential(f64),
    /// Inverse CDF by linear interpolation of (percentile, value).
    Empirical(Vec<(f64, u64)>),
}

impl Sampler {
    /// Draws one latency.
    pub fn sample(&self, rng: &mut Rng) -> Micros {
        let us = match self {
            Sampler::Constant(us) => return Micros(*us),
            Sampler::Uniform(lo, hi) => return Micros(lo + rng.below(hi - lo + 1)),
            Sampler::Lognormal { mu, sigma } => libm::exp(mu + sigma * standard_normal(rng)),
            Sampler::Exponential(mean) => -mean * libm::log(1.0 - rng.unit()),
            Sampler::Empirical(points) => interpolate(points, rng.unit() * 100.0),
        };
        Micros(libm::round(us.clamp(0.0, Latency::MAX_US as f64)) as u64)
    }
}

/// A standard normal draw (Box-Muller).
fn standard_normal(rng: &mut Rng) -> f64 {
    let u1 = 1.0 - rng.unit(); // in (0, 1]
    let u2 = rng.unit();
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(core::f64::consts::TAU * u2)
}

fn interpolate(points: &[(f64, u64)], p: f64) -> f64 {
    let (first, last) = (points[0], points[points.len() - 1]);
    if p <= first.0 {
        return first.1 as f64;
    }
    if p >= last.0 {
        return last.1 as f64;
    }
    // `p` is past the first point and short of the last, so some point's
    // percentile reaches it, and not the first.
    let Some(i) = points.iter().position(|&(q, _)| q >= p) else {
        return last.1 as f64;
    };
    let (p0, v0) = points[i - 1];
    let (p1, v1) = points[i];
    v0 as f64 + (v1 as f64 - v0 as f64) * (p - p0) / (p1 - p0)
}

/// The hops, in the order of [`Latencies::samplers`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hop {
    /// Client to cache node, one way.
    ClientCache,
    /// A get or set in the cache node.
    CacheOp,
    /// Cache node (or application) to store, one way.
    CacheStore,
    /// The store executing a read.
    StoreRead,
    /// The store executing a write (per row).
    StoreWrite,
    /// The store's commit.
    StoreCommit,
    /// Appending to the cache node's log.
    LogAppend,
    /// An fsync of that log.
    LogFsync,
}

/// The latency of every hop.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Latencies {
    /// One way between a client and the cache node.
    pub client_cache_us: Latency,
    /// A get or set inside the cache node.
    pub cache_op_us: Latency,
    /// One way between the cache node (or the application) and the store.
    pub cache_store_us: Latency,
    /// The store executing a read.
    pub store_read_us: Latency,
    /// The store executing a write, before its commit (per row).
    pub store_write_us: Latency,
    /// The store's commit (log flush / fsync) that makes a write durable.
    pub store_commit_us: Latency,
    /// Appending a record to the cache node's write-ahead log.
    pub log_append_us: Latency,
    /// An fsync of that log (default 2 ms, the same commit figure as the store's).
    pub log_fsync_us: Latency,
}

crate::names::fields!(Latencies {
    client_cache_us,
    cache_op_us,
    cache_store_us,
    store_read_us,
    store_write_us,
    store_commit_us,
    log_append_us,
    log_fsync_us
});

impl Default for Latencies {
    fn default() -> Self {
        Latencies {
            client_cache_us: 500.into(),
            cache_op_us: 500.into(),
            cache_store_us: 1_000.into(),
            store_read_us: 10_000.into(),
            store_write_us: 5_000.into(),
            store_commit_us: 2_000.into(),
            log_append_us: 10.into(),
            log_fsync_us: 2_000.into(),
        }
    }
}

impl Latencies {
    /// Checks every hop.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        for (field, hop) in self.named() {
            hop.validate(field)?;
        }
        Ok(())
    }

    fn named(&self) -> [(&'static str, &Latency); 8] {
        [
            ("latency.client_cache_us", &self.client_cache_us),
            ("latency.cache_op_us", &self.cache_op_us),
            ("latency.cache_store_us", &self.cache_store_us),
            ("latency.store_read_us", &self.store_read_us),
            ("latency.store_write_us", &self.store_write_us),
            ("latency.store_commit_us", &self.store_commit_us),
            ("latency.log_append_us", &self.log_append_us),
            ("latency.log_fsync_us", &self.log_fsync_us),
        ]
    }

    /// The hop's latency spec.
    #[must_use]
    pub fn hop(&self, hop: Hop) -> &Latency {
        match hop {
            Hop::ClientCache => &self.client_cache_us,
            Hop::CacheOp => &self.cache_op_us,
            Hop::CacheStore => &self.cache_store_us,
            Hop::StoreRead => &self.store_read_us,
            Hop::StoreWrite => &self.store_write_us,
            Hop::StoreCommit => &self.store_commit_us,
            Hop::LogAppend => &self.log_append_us,
            Hop::LogFsync => &self.log_fsync_us,
        }
    }

    /// Samplers for all hops, in [`Hop`] order.
    #[must_use]
    pub fn samplers(&self) -> Vec<Sampler> {
        self.named().iter().map(|(_, l)| l.sampler()).collect()
    }
}

#[cfg(test)]
mod tests {
    /// The sample's `percent` percentile (nearest rank).
    fn quantile(sorted: &[u64], percent: f64) -> u64 {
        let rank = ((percent / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    /// Each device's percentiles from the storage text, over 100,000 draws
    /// for each of 10 seeds. In probability: the share of draws at or below
    /// each of the text's values is its percentile, within four binomial
    /// standard errors (for p99.9: 0.1% +- 0.04%). In value: within 5% where
    /// the draws are dense enough for 100,000 of them to say. Above NVMe's
    /// p99 they are not: the text's own tail puts 0.9% of the mass over
    /// 150 µs (p99 to p99.9) and 0.09% over 1.8 ms (p99.9 to p99.99), so
    /// the sample quantile's standard error is about 5 µs (10%) at p99,
    /// 200 µs (100%) at p99.9 and 63 µs below / 960 µs above p99.99: no
    /// distribution with the text's percentiles meets 5% there at this
    /// sample size, and the probability check is the one that can.
    #[test]
    fn each_device_reproduces_the_texts_percentiles_over_100000_samples() {
        let n = 100_000usize;
        for device in [
            Device::Hdd7200,
            Device::Hdd15000,
            Device::SataSsd,
            Device::Nvme,
            Device::Optane,
            Device::Nvram,
        ] {
            let sampler = Latency::Dist(Dist::Device { device }).sampler();
            for seed in 0..10 {
                let mut rng = Rng::new(seed);
                let mut v: Vec<u64> = (0..n).map(|_| sampler.sample(&mut rng).0).collect();
                v.sort_unstable();
                for &(percent, want) in device.text_points() {
                    let p = percent / 100.0;
                    let share = v.partition_point(|&x| x < want) as f64 / n as f64;
                    let at_or_below = v.partition_point(|&x| x <= want) as f64 / n as f64;
                    let se = libm::sqrt(p * (1.0 - p) / n as f64);
                    // Integer draws tie at `want`: the percentile lies within the tie.
                    assert!(
                        share - 4.0 * se <= p && p <= at_or_below + 4.0 * se,
                        "{device:?} seed {seed}: {share}..{at_or_below} of draws below {want} µs, the text's p{percent}"
                    );
                    if percent <= 90.0 || device != Device::Nvme {
                        let got = quantile(&v, percent) as f64;
                        let off = (got - want as f64).abs();
                        assert!(
                            off <= 0.05 * want as f64 || off < 1.0,
                            "{device:?} seed {seed}: p{percent} = {got} µs, the text says {want}"
                        );
                    }
                }
            }
        }
        // The sampler passes through the text's points exactly.
        let Sampler::Empirical(points) = Latency::Dist(Dist::Device { device: Device::Nvme }).sampler()
        else {
            panic!("NVMe draws from the text's points");
        };
        for &(percent, want) in Device::Nvme.text_points() {
            assert_eq!(interpolate(&points, percent), want as f64);
        }
    }

    use super::*;

    fn percentile(sorted: &[u64], p: f64) -> u64 {
        sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
    }

    fn draw(l: &Latency, n: usize) -> Vec<u64> {
        let s = l.sampler();
        let mut rng = Rng::new(42);
        let mut v: Vec<u64> = (0..n).map(|_| s.sample(&mut rng).0).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn lognormal_reproduces_its_p50_and_p99_within_5_percent_over_100k_samples() {
        for (p50, p99) in [
            (15u64, 50u64),
            (5_000, 20_000),
            (12_000, 20_000),
            (1_000, 100_000),
        ] {
            let v = draw(
                &Latency::Dist(Dist::Lognormal {
                    p50_us: p50,
                    p99_us: p99,
                }),
                100_000,
            );
            let (got50, got99) = (percentile(&v, 0.50), percentile(&v, 0.99));
            assert!(
                (got50 as f64 - p50 as f64).abs() <= 0.05 * p50 as f64,
                "p50 {got50} vs {p50}"
            );
            assert!(
                (got99 as f64 - p99 as f64).abs() <= 0.05 * p99 as f64,
                "p99 {got99} vs {p99}"
            );
        }
    }

    #[test]
    fn each_network_draws_its_documented_p50_and_p99() {
        // The doc of each path: same host 20 µs / 100 µs, same rack
        // 100 µs / 1 ms, across zones 500 µs / 5 ms.
        for (network, p50, p99) in [
            (Network::SameHost, 20u64, 100u64),
            (Network::SameRack, 100, 1_000),
            (Network::CrossZone, 500, 5_000),
        ] {
            let v = draw(&Latency::Dist(Dist::Network { network }), 100_000);
            let (got50, got99) = (percentile(&v, 0.50), percentile(&v, 0.99));
            assert!(
                got50.abs_diff(p50) * 20 <= p50,
                "{network:?}: p50 {got50} vs {p50}"
            );
            assert!(
                got99.abs_diff(p99) * 20 <= p99,
                "{network:?}: p99 {got99} vs {p99}"
            );
        }
    }

    #[test]
    fn exponential_has_its_mean_and_uniform_its_bounds() {
        let v = draw(&Latency::Dist(Dist::Exponential { mean_us: 1_000 }), 100_000);
        let mean = v.iter().sum::<u64>() as f64 / v.len() as f64;
        assert!((mean - 1_000.0).abs() < 20.0, "mean {mean}");
        let v = draw(
            &Latency::Dist(Dist::Uniform {
                min_us: 10,
                max_us: 20,
            }),
            10_000,
        );
        assert_eq!((v[0], v[v.len() - 1]), (10, 20));
    }

    /// A table's bounds (`validate`'s `len() > 64` turned to `>=`, its
    /// starting `last = -1.0` made `1.0`, its `>` between values turned
    /// to `==`): 64 points and no more; a first point at the 0th or 1st
    /// percentile; a flat stretch.
    #[test]
    fn an_empirical_table_may_start_at_zero_stay_flat_and_hold_64_points() {
        let table =
            |points: alloc::vec::Vec<(f64, u64)>| Latency::Dist(Dist::Empirical { points }).validate("t");
        let many = |n: u64| (0..n).map(|i| (i as f64, 10 + i)).collect();
        assert_eq!(table(many(64)), Ok(()));
        assert_eq!(
            table(many(65)).unwrap_err().message,
            "points must hold 1..=64 (percentile, us) pairs"
        );
        assert_eq!(table(alloc::vec![(0.0, 5), (1.0, 5), (100.0, 9)]), Ok(()));
        assert_eq!(table(alloc::vec![(0.5, 5)]), Ok(()));
        assert_eq!(
            table(alloc::vec![(50.0, 9), (90.0, 8)]).unwrap_err().message,
            "values must not decrease as percentiles increase"
        );
    }

    /// A degenerate uniform (`min_us == max_us`) or lognormal (`p50_us ==
    /// p99_us`) is a constant, and allowed; only a reversed one is refused
    /// (`validate`'s `>` turned to `==` or `>=`).
    #[test]
    fn a_distribution_may_be_a_constant_but_not_reversed() {
        let uniform = |min_us, max_us| Latency::Dist(Dist::Uniform { min_us, max_us }).validate("u");
        let lognormal = |p50_us, p99_us| Latency::Dist(Dist::Lognormal { p50_us, p99_us }).validate("l");
        assert_eq!(uniform(5, 5), Ok(()));
        assert_eq!(
            uniform(6, 5).unwrap_err().message,
            "min_us must be at most max_us"
        );
        assert_eq!(lognormal(5, 5), Ok(()));
        assert_eq!(
            lognormal(6, 5).unwrap_err().message,
            "needs 1 <= p50_us <= p99_us"
        );
        assert_eq!(
            draw(&Latency::Dist(Dist::Lognormal { p50_us: 7, p99_us: 7 }), 100),
            [7; 100]
        );
    }

    #[test]
    fn empirical_follows_its_table() {
        let table = Latency::Dist(Dist::Empirical {
            points: alloc::vec![(50.0, 15), (90.0, 25), (99.0, 50), (99.9, 200), (100.0, 2_000)],
        });
        let v = draw(&table, 100_000);
        assert!((14..=16).contains(&percentile(&v, 0.5)));
        assert!((24..=26).contains(&percentile(&v, 0.9)));
        assert!((48..=52).contains(&percentile(&v, 0.99)));
        assert!(v[v.len() - 1] <= 2_000);
    }

    #[test]
    fn bad_parameters_name_the_hop() {
        let mut l = Latencies {
            store_write_us: Latency::Dist(Dist::Lognormal {
                p50_us: 50,
                p99_us: 10,
            }),
            ..Latencies::default()
        };
        let err = l.validate().unwrap_err();
        assert_eq!(err.field, "latency.store_write_us");
        l.store_write_us = Latency::Dist(Dist::Empirical {
            points: alloc::vec![(90.0, 5), (50.0, 9)],
        });
        assert!(l.validate().unwrap_err().message.contains("increase"));
    }
}
