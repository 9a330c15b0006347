//! How the tagged parts of a scenario are read from JSON: each through one
//! flat struct holding every field any of its variants may have, then
//! checked and converted. The file format is the same as serde's internally
//! tagged enums (`{"kind": "write-behind", "write_delay_us": ...}`), but no
//! field is buffered on the way, which keeps the web page small. A field
//! that belongs to another variant is an error that names it.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::Deserialize;

use crate::fault::{Fault, ScheduledFault};
use crate::latency::{Device, Dist, Latency, Network};
use crate::policy::{
    BackPressure, CacheAside, CacheUpdate, KeyClass, OnWrite, Policy, Retry, Selective, WriteAround,
    WriteBehind, WriteThrough,
};
use crate::wal::WalSpec;
use crate::workload::{Arrivals, Popularity};

/// Fails if any of `extra` is set: they belong to other variants.
fn only(variant: &str, extra: &[(&str, bool)]) -> Result<(), String> {
    match extra.iter().find(|(_, set)| *set) {
        Some((field, _)) => Err(format!("field `{field}` does not belong to `{variant}`")),
        None => Ok(()),
    }
}

/// The value of a required field.
fn need<T>(variant: &str, field: &str, v: Option<T>) -> Result<T, String> {
    v.ok_or_else(|| format!("`{variant}` needs the field `{field}`"))
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum DistKind {
    Constant,
    Uniform,
    Lognormal,
    Exponential,
    Empirical,
    Device,
    Network,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DistRepr {
    dist: DistKind,
    us: Option<u64>,
    min_us: Option<u64>,
    max_us: Option<u64>,
    p50_us: Option<u64>,
    p99_us: Option<u64>,
    mean_us: Option<u64>,
    points: Option<Vec<(f64, u64)>>,
    device: Option<Device>,
    network: Option<Network>,
}

impl TryFrom<DistRepr> for Dist {
    type Error = String;
    fn try_from(r: DistRepr) -> Result<Self, String> {
        let set = [
            ("us", r.us.is_some()),
            ("min_us", r.min_us.is_some()),
            ("max_us", r.max_us.is_some()),
            ("p50_us", r.p50_us.is_some()),
            ("p99_us", r.p99_us.is_some()),
            ("mean_us", r.mean_us.is_some()),
            ("points", r.points.is_some()),
            ("device", r.device.is_some()),
            ("network", r.network.is_some()),
        ];
        let others = |keep: &[&str]| -> Vec<(&str, bool)> {
            set.iter().copied().filter(|(f, _)| !keep.contains(f)).collect()
        };
        Ok(match r.dist {
            DistKind::Constant => {
                only("constant", &others(&["us"]))?;
                Dist::Constant {
                    us: need("constant", "us", r.us)?,
                }
            }
            DistKind::Uniform => {
                only("uniform", &others(&["min_us", "max_us"]))?;
                Dist::Uniform {
                    min_us: need("uniform", "min_us", r.min_us)?,
                    max_us: need("uniform", "max_us", r.max_us)?,
                }
            }
            DistKind::Lognormal => {
                only("lognormal", &others(&["p50_us", "p99_us"]))?;
                Dist::Lognormal {
                    p50_us: need("lognormal", "p50_us", r.p50_us)?,
                    p99_us: need("lognormal", "p99_us", r.p99_us)?,
                }
            }
            DistKind::Exponential => {
                only("exponential", &others(&["mean_us"]))?;
                Dist::Exponential {
                    mean_us: need("exponential", "mean_us", r.mean_us)?,
                }
            }
            DistKind::Empirical => {
                only("empirical", &others(&["points"]))?;
                Dist::Empirical {
                    points: need("empirical", "points", r.points)?,
                }
            }
            DistKind::Device => {
                only("device", &others(&["device"]))?;
                Dist::Device {
                    device: need("device", "device", r.device)?,
                }
            }
            DistKind::Network => {
                only("network", &others(&["network"]))?;
                Dist::Network {
                    network: need("network", "network", r.network)?,
                }
            }
        })
    }
}

impl<'de> Deserialize<'de> for Latency {
    /// A number of microseconds, or a distribution object.
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Latency;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a number of microseconds or a distribution such as {\"dist\": \"lognormal\", ...}",
                )
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Latency, E> {
                Ok(Latency::Fixed(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Latency, A::Error> {
                let repr = DistRepr::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Dist::try_from(repr).map(Latency::Dist).map_err(de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ArrivalKind {
    Fixed,
    Poisson,
    ClosedLoop,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArrivalsRepr {
    kind: ArrivalKind,
    interval_us: Option<u64>,
    rate_per_s: Option<u64>,
    clients: Option<u32>,
    think_us: Option<u64>,
}

impl TryFrom<ArrivalsRepr> for Arrivals {
    type Error = String;
    fn try_from(r: ArrivalsRepr) -> Result<Self, String> {
        let (i, p, c, t) = (
            r.interval_us.is_some(),
            r.rate_per_s.is_some(),
            r.clients.is_some(),
            r.think_us.is_some(),
        );
        Ok(match r.kind {
            ArrivalKind::Fixed => {
                only("fixed", &[("rate_per_s", p), ("clients", c), ("think_us", t)])?;
                Arrivals::Fixed {
                    interval_us: need("fixed", "interval_us", r.interval_us)?,
                }
            }
            ArrivalKind::Poisson => {
                only("poisson", &[("interval_us", i), ("clients", c), ("think_us", t)])?;
                Arrivals::Poisson {
                    rate_per_s: need("poisson", "rate_per_s", r.rate_per_s)?,
                }
            }
            ArrivalKind::ClosedLoop => {
                only("closed-loop", &[("interval_us", i), ("rate_per_s", p)])?;
                Arrivals::ClosedLoop {
                    clients: need("closed-loop", "clients", r.clients)?,
                    think_us: r.think_us.unwrap_or(0),
                }
            }
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum PopularityKind {
    Uniform,
    Zipf,
    HotSet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PopularityRepr {
    kind: PopularityKind,
    exponent: Option<f64>,
    keys_percent: Option<u8>,
    traffic_percent: Option<u8>,
}

impl TryFrom<PopularityRepr> for Popularity {
    type Error = String;
    fn try_from(r: PopularityRepr) -> Result<Self, String> {
        let (e, k, t) = (
            r.exponent.is_some(),
            r.keys_percent.is_some(),
            r.traffic_percent.is_some(),
        );
        Ok(match r.kind {
            PopularityKind::Uniform => {
                only(
                    "uniform",
                    &[("exponent", e), ("keys_percent", k), ("traffic_percent", t)],
                )?;
                Popularity::Uniform
            }
            PopularityKind::Zipf => {
                only("zipf", &[("keys_percent", k), ("traffic_percent", t)])?;
                Popularity::Zipf {
                    exponent: need("zipf", "exponent", r.exponent)?,
                }
            }
            PopularityKind::HotSet => {
                only("hot-set", &[("exponent", e)])?;
                Popularity::HotSet {
                    keys_percent: need("hot-set", "keys_percent", r.keys_percent)?,
                    traffic_percent: need("hot-set", "traffic_percent", r.traffic_percent)?,
                }
            }
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum WalMode {
    None,
    FsyncEveryWrite,
    GroupCommit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WalRepr {
    mode: WalMode,
    interval_us: Option<u64>,
    ack_after_fsync: Option<bool>,
}

impl TryFrom<WalRepr> for WalSpec {
    type Error = String;
    fn try_from(r: WalRepr) -> Result<Self, String> {
        let extra = [
            ("interval_us", r.interval_us.is_some()),
            ("ack_after_fsync", r.ack_after_fsync.is_some()),
        ];
        Ok(match r.mode {
            WalMode::None => {
                only("none", &extra)?;
                WalSpec::None
            }
            WalMode::FsyncEveryWrite => {
                only("fsync-every-write", &extra)?;
                WalSpec::FsyncEveryWrite
            }
            WalMode::GroupCommit => WalSpec::GroupCommit {
                interval_us: need("group-commit", "interval_us", r.interval_us)?,
                ack_after_fsync: need("group-commit", "ack_after_fsync", r.ack_after_fsync)?,
            },
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum FaultKind {
    CrashCache,
    StoreOutage,
    StoreDown,
    StoreUp,
}

fn fault(kind: FaultKind, downtime_us: Option<u64>, duration_us: Option<u64>) -> Result<Fault, String> {
    let (d, o) = (downtime_us.is_some(), duration_us.is_some());
    Ok(match kind {
        FaultKind::CrashCache => {
            only("crash-cache", &[("duration_us", o)])?;
            Fault::CrashCache {
                downtime_us: need("crash-cache", "downtime_us", downtime_us)?,
            }
        }
        FaultKind::StoreOutage => {
            only("store-outage", &[("downtime_us", d)])?;
            Fault::StoreOutage {
                duration_us: need("store-outage", "duration_us", duration_us)?,
            }
        }
        FaultKind::StoreDown => {
            only("store-down", &[("downtime_us", d), ("duration_us", o)])?;
            Fault::StoreDown
        }
        FaultKind::StoreUp => {
            only("store-up", &[("downtime_us", d), ("duration_us", o)])?;
            Fault::StoreUp
        }
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaultRepr {
    fault: FaultKind,
    downtime_us: Option<u64>,
    duration_us: Option<u64>,
}

impl TryFrom<FaultRepr> for Fault {
    type Error = String;
    fn try_from(r: FaultRepr) -> Result<Self, String> {
        fault(r.fault, r.downtime_us, r.duration_us)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScheduledFaultRepr {
    at_us: u64,
    fault: FaultKind,
    downtime_us: Option<u64>,
    duration_us: Option<u64>,
}

impl TryFrom<ScheduledFaultRepr> for ScheduledFault {
    type Error = String;
    fn try_from(r: ScheduledFaultRepr) -> Result<Self, String> {
        Ok(ScheduledFault {
            at_us: r.at_us,
            fault: fault(r.fault, r.downtime_us, r.duration_us)?,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum PolicyKind {
    CacheAside,
    ReadThrough,
    WriteThrough,
    WriteAround,
    WriteBehind,
    Selective,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyRepr {
    kind: PolicyKind,
    on_write: Option<OnWrite>,
    cache_update: Option<CacheUpdate>,
    invalidate: Option<bool>,
    write_delay_us: Option<u64>,
    batch_size: Option<u32>,
    coalescing: Option<bool>,
    batch_factor_percent: Option<u8>,
    rate_limit_per_s: Option<u32>,
    retry: Option<Retry>,
    queue_capacity: Option<u32>,
    back_pressure: Option<BackPressure>,
    flush_at_len: Option<u32>,
    wal: Option<WalSpec>,
    classes: Option<Vec<KeyClass>>,
}

impl TryFrom<PolicyRepr> for Policy {
    type Error = String;
    fn try_from(r: PolicyRepr) -> Result<Self, String> {
        let behind = [
            ("write_delay_us", r.write_delay_us.is_some()),
            ("batch_size", r.batch_size.is_some()),
            ("coalescing", r.coalescing.is_some()),
            ("batch_factor_percent", r.batch_factor_percent.is_some()),
            ("rate_limit_per_s", r.rate_limit_per_s.is_some()),
            ("retry", r.retry.is_some()),
            ("queue_capacity", r.queue_capacity.is_some()),
            ("back_pressure", r.back_pressure.is_some()),
            ("flush_at_len", r.flush_at_len.is_some()),
            ("wal", r.wal.is_some()),
        ];
        let simple = [
            ("on_write", r.on_write.is_some()),
            ("cache_update", r.cache_update.is_some()),
            ("invalidate", r.invalidate.is_some()),
            ("classes", r.classes.is_some()),
        ];
        let except = |name: &str, keep: &str| -> Result<(), String> {
            let all: Vec<(&str, bool)> = behind
                .iter()
                .chain(simple.iter())
                .copied()
                .filter(|(f, _)| *f != keep)
                .collect();
            only(name, &all)
        };
        Ok(match r.kind {
            PolicyKind::CacheAside => {
                except("cache-aside", "on_write")?;
                Policy::CacheAside(CacheAside {
                    on_write: r.on_write.unwrap_or_default(),
                })
            }
            PolicyKind::ReadThrough => {
                except("read-through", "on_write")?;
                Policy::ReadThrough(CacheAside {
                    on_write: r.on_write.unwrap_or_default(),
                })
            }
            PolicyKind::WriteThrough => {
                except("write-through", "cache_update")?;
                Policy::WriteThrough(WriteThrough {
                    cache_update: r.cache_update.unwrap_or_default(),
                })
            }
            PolicyKind::WriteAround => {
                except("write-around", "invalidate")?;
                Policy::WriteAround(WriteAround {
                    invalidate: r.invalidate.unwrap_or_default(),
                })
            }
            PolicyKind::Selective => {
                except("selective", "classes")?;
                Policy::Selective(Selective {
                    classes: r.classes.unwrap_or_default(),
                })
            }
            PolicyKind::WriteBehind => {
                only("write-behind", &simple)?;
                let d = WriteBehind::default();
                Policy::WriteBehind(Box::new(WriteBehind {
                    write_delay_us: r.write_delay_us.unwrap_or(d.write_delay_us),
                    batch_size: r.batch_size.unwrap_or(d.batch_size),
                    coalescing: r.coalescing.unwrap_or(d.coalescing),
                    batch_factor_percent: r.batch_factor_percent.unwrap_or(d.batch_factor_percent),
                    rate_limit_per_s: r.rate_limit_per_s.unwrap_or(d.rate_limit_per_s),
                    retry: r.retry.unwrap_or(d.retry),
                    queue_capacity: r.queue_capacity.unwrap_or(d.queue_capacity),
                    back_pressure: r.back_pressure.unwrap_or(d.back_pressure),
                    flush_at_len: r.flush_at_len.unwrap_or(d.flush_at_len),
                    wal: r.wal.unwrap_or(d.wal),
                }))
            }
        })
    }
}
