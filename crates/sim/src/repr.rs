//! How the tagged parts of a scenario are read from JSON: each through one
//! flat struct holding every field any of its variants may have, then
//! checked and converted. The file format is the same as serde's internally
//! tagged enums (`{"kind": "write-behind", "write_delay_us": ...}`), but no
//! field is buffered on the way, which keeps the web page small. A field
//! that belongs to another variant is an error that names it.
//!
//! Which fields each variant takes is written once, in a table beside its
//! flat struct (`DIST_FIELDS`, `POLICY_FIELDS`, ...); the structs are
//! declared with `flat_repr!`, which also lists the fields a file gave.

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
use crate::storage::CrashKind;
use crate::wal::WalSpec;
use crate::workload::{Arrivals, Popularity};

/// Each variant of a tagged part, by its name in a file, and the optional
/// fields it takes.
type FieldTable = [(&'static str, &'static [&'static str])];

/// Fails if a field in `given` is not one `variant` takes (per `table`).
fn only(table: &FieldTable, variant: &str, given: &[&str]) -> Result<(), String> {
    let takes = table
        .iter()
        .find(|(v, _)| *v == variant)
        .map_or(&[][..], |(_, f)| *f);
    match given.iter().find(|f| !takes.contains(f)) {
        Some(field) => Err(format!("field `{field}` does not belong to `{variant}`")),
        None => Ok(()),
    }
}

/// The value of a required field.
fn need<T>(variant: &str, field: &str, v: Option<T>) -> Result<T, String> {
    v.ok_or_else(|| format!("`{variant}` needs the field `{field}`"))
}

/// Declares a flat struct: its tag, any fields every variant has, then the
/// optional fields of all variants; `given()` names the optional ones set.
/// It is read as an object through [`crate::names::Fields`] (one shared
/// visitor, not serde's derive for each: the page stays small); the tag and
/// the shared fields are required, as `tag()` and `need_*` say.
macro_rules! flat_repr {
    ($name:ident { $tag:ident: $tag_ty:ty $(, $plain:ident: $plain_ty:ty)*; $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(Default)]
        pub(crate) struct $name {
            $tag: Option<$tag_ty>,
            $($plain: Option<$plain_ty>,)*
            $($field: Option<$ty>,)*
        }

        impl crate::names::Fields for $name {
            const FIELDS: &'static [&'static str] = &[stringify!($tag), $(stringify!($plain),)* $(stringify!($field)),*];
            fn set<'de, A: de::MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
                if i == 0 {
                    self.$tag = Some(map.next_value()?);
                    return Ok(());
                }
                let mut n = 1;
                $(
                    if i == n {
                        self.$plain = Some(map.next_value()?);
                        return Ok(());
                    }
                    n += 1;
                )*
                $(
                    if i == n {
                        self.$field = map.next_value()?;
                        return Ok(());
                    }
                    n += 1;
                )*
                let _ = n;
                Ok(())
            }

            fn missing(&self) -> Option<&'static str> {
                if self.$tag.is_none() {
                    return Some(stringify!($tag));
                }
                $(if self.$plain.is_none() {
                    return Some(stringify!($plain));
                })*
                None
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::names::object(d)
            }
        }

        impl $name {
            /// The optional fields the file gave, in declaration order.
            fn given(&self) -> Vec<&'static str> {
                let mut given = Vec::new();
                $(if self.$field.is_some() {
                    given.push(stringify!($field));
                })*
                given
            }

            /// The tag, which every object must give.
            fn tag(&self) -> Result<$tag_ty, String> {
                self.$tag.ok_or_else(|| format!("missing field `{}`", stringify!($tag)))
            }
        }
    };
}

#[derive(Clone, Copy, PartialEq)]
enum DistKind {
    Constant,
    Uniform,
    Lognormal,
    Exponential,
    Empirical,
    Device,
    Network,
}

crate::names::named!(DistKind { Constant => "constant", Uniform => "uniform", Lognormal => "lognormal", Exponential => "exponential", Empirical => "empirical", Device => "device", Network => "network" });

flat_repr!(DistRepr {
    dist: DistKind;
    us: u64,
    min_us: u64,
    max_us: u64,
    p50_us: u64,
    p99_us: u64,
    mean_us: u64,
    points: Vec<(f64, u64)>,
    device: Device,
    network: Network,
});

/// The fields of each latency distribution.
const DIST_FIELDS: &FieldTable = &[
    ("constant", &["us"]),
    ("uniform", &["min_us", "max_us"]),
    ("lognormal", &["p50_us", "p99_us"]),
    ("exponential", &["mean_us"]),
    ("empirical", &["points"]),
    ("device", &["device"]),
    ("network", &["network"]),
];

impl TryFrom<DistRepr> for Dist {
    type Error = String;
    fn try_from(r: DistRepr) -> Result<Self, String> {
        let given = r.given();
        let only = |variant: &str| only(DIST_FIELDS, variant, &given);
        Ok(match r.tag()? {
            DistKind::Constant => {
                only("constant")?;
                Dist::Constant {
                    us: need("constant", "us", r.us)?,
                }
            }
            DistKind::Uniform => {
                only("uniform")?;
                Dist::Uniform {
                    min_us: need("uniform", "min_us", r.min_us)?,
                    max_us: need("uniform", "max_us", r.max_us)?,
                }
            }
            DistKind::Lognormal => {
                only("lognormal")?;
                Dist::Lognormal {
                    p50_us: need("lognormal", "p50_us", r.p50_us)?,
                    p99_us: need("lognormal", "p99_us", r.p99_us)?,
                }
            }
            DistKind::Exponential => {
                only("exponential")?;
                Dist::Exponential {
                    mean_us: need("exponential", "mean_us", r.mean_us)?,
                }
            }
            DistKind::Empirical => {
                only("empirical")?;
                Dist::Empirical {
                    points: need("empirical", "points", r.points)?,
                }
            }
            DistKind::Device => {
                only("device")?;
                Dist::Device {
                    device: need("device", "device", r.device)?,
                }
            }
            DistKind::Network => {
                only("network")?;
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

#[derive(Clone, Copy, PartialEq)]
enum ArrivalKind {
    Fixed,
    Poisson,
    ClosedLoop,
}

crate::names::named!(ArrivalKind { Fixed => "fixed", Poisson => "poisson", ClosedLoop => "closed-loop" });

flat_repr!(ArrivalsRepr {
    kind: ArrivalKind;
    interval_us: u64,
    rate_per_s: u64,
    clients: u32,
    think_us: u64,
});

/// The fields of each arrival process.
const ARRIVALS_FIELDS: &FieldTable = &[
    ("fixed", &["interval_us"]),
    ("poisson", &["rate_per_s"]),
    ("closed-loop", &["clients", "think_us"]),
];

impl TryFrom<ArrivalsRepr> for Arrivals {
    type Error = String;
    fn try_from(r: ArrivalsRepr) -> Result<Self, String> {
        let given = r.given();
        let only = |variant: &str| only(ARRIVALS_FIELDS, variant, &given);
        Ok(match r.tag()? {
            ArrivalKind::Fixed => {
                only("fixed")?;
                Arrivals::Fixed {
                    interval_us: need("fixed", "interval_us", r.interval_us)?,
                }
            }
            ArrivalKind::Poisson => {
                only("poisson")?;
                Arrivals::Poisson {
                    rate_per_s: need("poisson", "rate_per_s", r.rate_per_s)?,
                }
            }
            ArrivalKind::ClosedLoop => {
                only("closed-loop")?;
                Arrivals::ClosedLoop {
                    clients: need("closed-loop", "clients", r.clients)?,
                    think_us: r.think_us.unwrap_or(0),
                }
            }
        })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum PopularityKind {
    Uniform,
    Zipf,
    HotSet,
}

crate::names::named!(PopularityKind { Uniform => "uniform", Zipf => "zipf", HotSet => "hot-set" });

flat_repr!(PopularityRepr {
    kind: PopularityKind;
    exponent: f64,
    keys_percent: u8,
    traffic_percent: u8,
});

/// The fields of each key popularity.
const POPULARITY_FIELDS: &FieldTable = &[
    ("uniform", &[]),
    ("zipf", &["exponent"]),
    ("hot-set", &["keys_percent", "traffic_percent"]),
];

impl TryFrom<PopularityRepr> for Popularity {
    type Error = String;
    fn try_from(r: PopularityRepr) -> Result<Self, String> {
        let given = r.given();
        let only = |variant: &str| only(POPULARITY_FIELDS, variant, &given);
        Ok(match r.tag()? {
            PopularityKind::Uniform => {
                only("uniform")?;
                Popularity::Uniform
            }
            PopularityKind::Zipf => {
                only("zipf")?;
                Popularity::Zipf {
                    exponent: need("zipf", "exponent", r.exponent)?,
                }
            }
            PopularityKind::HotSet => {
                only("hot-set")?;
                Popularity::HotSet {
                    keys_percent: need("hot-set", "keys_percent", r.keys_percent)?,
                    traffic_percent: need("hot-set", "traffic_percent", r.traffic_percent)?,
                }
            }
        })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum WalMode {
    None,
    FsyncEveryWrite,
    GroupCommit,
}

crate::names::named!(WalMode { None => "none", FsyncEveryWrite => "fsync-every-write", GroupCommit => "group-commit" });

flat_repr!(WalRepr {
    mode: WalMode;
    interval_us: u64,
    ack_after_fsync: bool,
});

/// The fields of each log mode.
const WAL_FIELDS: &FieldTable = &[
    ("none", &[]),
    ("fsync-every-write", &[]),
    ("group-commit", &["interval_us", "ack_after_fsync"]),
];

impl TryFrom<WalRepr> for WalSpec {
    type Error = String;
    fn try_from(r: WalRepr) -> Result<Self, String> {
        let given = r.given();
        let only = |variant: &str| only(WAL_FIELDS, variant, &given);
        Ok(match r.tag()? {
            WalMode::None => {
                only("none")?;
                WalSpec::None
            }
            WalMode::FsyncEveryWrite => {
                only("fsync-every-write")?;
                WalSpec::FsyncEveryWrite
            }
            WalMode::GroupCommit => WalSpec::GroupCommit {
                interval_us: need("group-commit", "interval_us", r.interval_us)?,
                ack_after_fsync: need("group-commit", "ack_after_fsync", r.ack_after_fsync)?,
            },
        })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum FaultKind {
    CrashCache,
    CacheProcessCrash,
    CachePowerLoss,
    StoreCrash,
    StandbyCrash,
    LosePrimary,
    StoreOutage,
    StoreDown,
    StoreUp,
}

crate::names::named!(FaultKind { CrashCache => "crash-cache", CacheProcessCrash => "cache-process-crash", CachePowerLoss => "cache-power-loss", StoreCrash => "store-crash", StandbyCrash => "standby-crash", LosePrimary => "lose-primary", StoreOutage => "store-outage", StoreDown => "store-down", StoreUp => "store-up" });

/// The fields of each fault.
const FAULT_FIELDS: &FieldTable = &[
    ("crash-cache", &["downtime_us"]),
    ("cache-process-crash", &["downtime_us"]),
    ("cache-power-loss", &["downtime_us"]),
    ("store-crash", &["kind", "downtime_us"]),
    ("standby-crash", &["kind", "downtime_us"]),
    ("lose-primary", &[]),
    ("store-outage", &["duration_us"]),
    ("store-down", &[]),
    ("store-up", &[]),
];

/// The optional fields of a fault, whichever it is.
struct FaultFields {
    kind: Option<CrashKind>,
    downtime_us: Option<u64>,
    duration_us: Option<u64>,
}

fn fault(fault: FaultKind, given: &[&str], f: FaultFields) -> Result<Fault, String> {
    let FaultFields {
        kind,
        downtime_us,
        duration_us,
    } = f;
    let only = |variant: &str| only(FAULT_FIELDS, variant, given);
    Ok(match fault {
        FaultKind::CrashCache => {
            only("crash-cache")?;
            Fault::CrashCache {
                downtime_us: need("crash-cache", "downtime_us", downtime_us)?,
            }
        }
        FaultKind::CacheProcessCrash => {
            only("cache-process-crash")?;
            Fault::CacheProcessCrash {
                downtime_us: need("cache-process-crash", "downtime_us", downtime_us)?,
            }
        }
        FaultKind::CachePowerLoss => {
            only("cache-power-loss")?;
            Fault::CachePowerLoss {
                downtime_us: need("cache-power-loss", "downtime_us", downtime_us)?,
            }
        }
        FaultKind::StoreCrash => {
            only("store-crash")?;
            Fault::StoreCrash {
                kind: need("store-crash", "kind", kind)?,
                downtime_us: need("store-crash", "downtime_us", downtime_us)?,
            }
        }
        FaultKind::StandbyCrash => {
            only("standby-crash")?;
            Fault::StandbyCrash {
                kind: need("standby-crash", "kind", kind)?,
                downtime_us: need("standby-crash", "downtime_us", downtime_us)?,
            }
        }
        FaultKind::LosePrimary => {
            only("lose-primary")?;
            Fault::LosePrimary
        }
        FaultKind::StoreOutage => {
            only("store-outage")?;
            Fault::StoreOutage {
                duration_us: need("store-outage", "duration_us", duration_us)?,
            }
        }
        FaultKind::StoreDown => {
            only("store-down")?;
            Fault::StoreDown
        }
        FaultKind::StoreUp => {
            only("store-up")?;
            Fault::StoreUp
        }
    })
}

flat_repr!(FaultRepr {
    fault: FaultKind;
    kind: CrashKind,
    downtime_us: u64,
    duration_us: u64,
});

impl TryFrom<FaultRepr> for Fault {
    type Error = String;
    fn try_from(r: FaultRepr) -> Result<Self, String> {
        let given = r.given();
        let fields = FaultFields {
            kind: r.kind,
            downtime_us: r.downtime_us,
            duration_us: r.duration_us,
        };
        fault(r.tag()?, &given, fields)
    }
}

flat_repr!(ScheduledFaultRepr {
    fault: FaultKind, at_us: u64;
    kind: CrashKind,
    downtime_us: u64,
    duration_us: u64,
});

impl TryFrom<ScheduledFaultRepr> for ScheduledFault {
    type Error = String;
    fn try_from(r: ScheduledFaultRepr) -> Result<Self, String> {
        let given = r.given();
        let fields = FaultFields {
            kind: r.kind,
            downtime_us: r.downtime_us,
            duration_us: r.duration_us,
        };
        Ok(ScheduledFault {
            at_us: r.at_us.ok_or("missing field `at_us`")?,
            fault: fault(r.tag()?, &given, fields)?,
        })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum PolicyKind {
    CacheAside,
    ReadThrough,
    WriteThrough,
    WriteAround,
    WriteBehind,
    Selective,
}

crate::names::named!(PolicyKind { CacheAside => "cache-aside", ReadThrough => "read-through", WriteThrough => "write-through", WriteAround => "write-around", WriteBehind => "write-behind", Selective => "selective" });

flat_repr!(PolicyRepr {
    kind: PolicyKind;
    on_write: OnWrite,
    cache_update: CacheUpdate,
    invalidate: bool,
    write_delay_us: u64,
    batch_size: u32,
    coalescing: bool,
    batch_factor_percent: u8,
    rate_limit_per_s: u32,
    retry: Retry,
    queue_capacity: u32,
    back_pressure: BackPressure,
    flush_at_len: u32,
    wal: WalSpec,
    classes: Vec<KeyClass>,
});

/// The fields of each policy.
const POLICY_FIELDS: &FieldTable = &[
    ("cache-aside", &["on_write"]),
    ("read-through", &["on_write"]),
    ("write-through", &["cache_update"]),
    ("write-around", &["invalidate"]),
    ("selective", &["classes"]),
    (
        "write-behind",
        &[
            "write_delay_us",
            "batch_size",
            "coalescing",
            "batch_factor_percent",
            "rate_limit_per_s",
            "retry",
            "queue_capacity",
            "back_pressure",
            "flush_at_len",
            "wal",
        ],
    ),
];

impl TryFrom<PolicyRepr> for Policy {
    type Error = String;
    fn try_from(r: PolicyRepr) -> Result<Self, String> {
        let given = r.given();
        let only = |variant: &str| only(POLICY_FIELDS, variant, &given);
        Ok(match r.tag()? {
            PolicyKind::CacheAside => {
                only("cache-aside")?;
                Policy::CacheAside(CacheAside {
                    on_write: r.on_write.unwrap_or_default(),
                })
            }
            PolicyKind::ReadThrough => {
                only("read-through")?;
                Policy::ReadThrough(CacheAside {
                    on_write: r.on_write.unwrap_or_default(),
                })
            }
            PolicyKind::WriteThrough => {
                only("write-through")?;
                Policy::WriteThrough(WriteThrough {
                    cache_update: r.cache_update.unwrap_or_default(),
                })
            }
            PolicyKind::WriteAround => {
                only("write-around")?;
                Policy::WriteAround(WriteAround {
                    invalidate: r.invalidate.unwrap_or_default(),
                })
            }
            PolicyKind::Selective => {
                only("selective")?;
                Policy::Selective(Selective {
                    classes: r.classes.unwrap_or_default(),
                })
            }
            PolicyKind::WriteBehind => {
                only("write-behind")?;
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

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    /// Every variant a table names is one the tag accepts, and a field the
    /// table does not give it is refused by name.
    #[test]
    fn each_table_names_real_variants_and_only_their_fields() {
        fn check<R: for<'de> Deserialize<'de>>(tag: &str, table: &FieldTable) {
            for (variant, fields) in table {
                let text = format!("{{\"{tag}\": \"{variant}\"}}");
                if let Err(e) = serde_json::from_str::<R>(&text) {
                    assert!(!e.to_string().contains("unknown variant"), "{variant}: {e}");
                }
                let stranger = ["us", "interval_us", "exponent", "downtime_us", "on_write"]
                    .into_iter()
                    .find(|f| !fields.contains(f))
                    .unwrap_or("us");
                let given = alloc::vec![stranger];
                let e = only(table, variant, &given).unwrap_err();
                assert!(e.contains(stranger) && e.contains(variant), "{e}");
                assert!(only(table, variant, fields).is_ok(), "{variant}");
            }
        }
        check::<DistRepr>("dist", DIST_FIELDS);
        check::<ArrivalsRepr>("kind", ARRIVALS_FIELDS);
        check::<PopularityRepr>("kind", POPULARITY_FIELDS);
        check::<WalRepr>("mode", WAL_FIELDS);
        check::<FaultRepr>("fault", FAULT_FIELDS);
        check::<PolicyRepr>("kind", POLICY_FIELDS);
    }

    #[test]
    fn a_field_of_another_variant_is_named() {
        let e = serde_json::from_str::<PolicyRepr>(r#"{"kind": "cache-aside", "wal": {"mode": "none"}}"#)
            .map_err(|e| e.to_string())
            .and_then(Policy::try_from)
            .unwrap_err();
        assert_eq!(e, "field `wal` does not belong to `cache-aside`");
        let e = serde_json::from_str::<DistRepr>(r#"{"dist": "constant", "us": 5, "p99_us": 9}"#)
            .map_err(|e| e.to_string())
            .and_then(Dist::try_from)
            .unwrap_err();
        assert_eq!(e, "field `p99_us` does not belong to `constant`");
    }
}
