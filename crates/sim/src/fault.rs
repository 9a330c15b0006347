//! Faults: crashing the cache node and taking the store down, scheduled in
//! the scenario or injected live with [`crate::Sim::inject`].

use crate::error::{check_range, ScenarioError};
use crate::storage::CrashKind;
use crate::time::SimTime;

/// How long a crash keeps the cache node down when nobody says: the page's
/// crash button, a lesson's `do: crash`, a comparison's crash and a crash
/// sweep (the command line's `--downtime-us` default).
pub const CRASH_DOWNTIME_US: u64 = 50_000;

/// Something that goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "fault", rename_all = "kebab-case", try_from = "crate::repr::FaultRepr")
)]
pub enum Fault {
    /// The cache node loses its memory (entries, dirty values, the flush
    /// queue, unsynced log records) and comes back empty after `downtime_us`,
    /// replaying the log if there is one.
    CrashCache {
        /// How long it stays down.
        downtime_us: u64,
    },
    /// The store is down for `duration_us`: operations arriving fail.
    StoreOutage {
        /// How long it stays down.
        duration_us: u64,
    },
    /// Only the cache node's process crashes: as [`Fault::CrashCache`], but
    /// the OS keeps what the log had appended and not yet fsynced, so
    /// recovery replays those records too.
    CacheProcessCrash {
        /// How long it stays down.
        downtime_us: u64,
    },
    /// The cache node's power is cut: as [`Fault::CrashCache`], and its log
    /// device's volatile cache is lost too: log records a device that lies
    /// had acknowledged as fsynced and not yet written to its medium.
    CachePowerLoss {
        /// How long it stays down.
        downtime_us: u64,
    },
    /// The store's machine crashes and is down for `downtime_us`: running
    /// operations die, and the layers below the store that `kind` takes
    /// (see [`crate::storage`]) are emptied.
    StoreCrash {
        /// Its process, its OS, or its power.
        kind: CrashKind,
        /// How long it stays down.
        downtime_us: u64,
    },
    /// The store's standby crashes (its process, OS or power, `kind`) and
    /// is back after `downtime_us`; see [`crate::standby`].
    StandbyCrash {
        /// Its process, its OS, or its power.
        kind: CrashKind,
        /// How long it stays down.
        downtime_us: u64,
    },
    /// The store's machine is lost for good (its disks with it): the
    /// standby is promoted after `store.standby.failover_us`, with what it
    /// had received.
    LosePrimary,
    /// The store goes down until [`Fault::StoreUp`].
    StoreDown,
    /// The store comes back.
    StoreUp,
}

impl Fault {
    /// The longest downtime or outage accepted: one hour.
    pub const MAX_US: u64 = 3_600_000_000;

    /// Checks the durations.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        match *self {
            Fault::CrashCache { downtime_us } => {
                check_range("faults[].downtime_us", downtime_us, 0, Self::MAX_US)
            }
            Fault::StoreCrash { downtime_us, .. }
            | Fault::StandbyCrash { downtime_us, .. }
            | Fault::CacheProcessCrash { downtime_us }
            | Fault::CachePowerLoss { downtime_us } => {
                check_range("faults[].downtime_us", downtime_us, 0, Self::MAX_US)
            }
            Fault::StoreOutage { duration_us } => {
                check_range("faults[].duration_us", duration_us, 1, Self::MAX_US)
            }
            Fault::StoreDown | Fault::StoreUp | Fault::LosePrimary => Ok(()),
        }
    }
}

/// A fault at an instant of the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "crate::repr::ScheduledFaultRepr"))]
pub struct ScheduledFault {
    /// When, in microseconds from the start.
    pub at_us: u64,
    /// What.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub fault: Fault,
}

impl ScheduledFault {
    /// When it strikes.
    #[must_use]
    pub fn at(&self) -> SimTime {
        SimTime(self.at_us)
    }
}
