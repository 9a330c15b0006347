//! Something done to a run at an instant, as a person does it from the
//! page or a lesson does it for them: a read or a write of a key, or a
//! fault. The page's inputs, a link's inputs and a lesson's tasks are all
//! acts, applied and recognised the same way.

use crate::event::EventKind;
use crate::fault::Fault;
use crate::scenario::ScenarioError;
use crate::sim::Sim;
use crate::{Event, Key, Op};

/// An act.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// A read of a key.
    Read(Key),
    /// A write to a key (its value is the next write number).
    Write(Key),
    /// A crash or an outage.
    Fault(Fault),
}

impl Act {
    /// Does it to `sim` now; an error if the sim refuses the request.
    pub fn apply(self, sim: &mut Sim) -> Result<(), ScenarioError> {
        match self {
            Act::Read(key) => sim.submit(Op::Read { key }),
            Act::Write(key) => {
                let value = sim.next_value();
                sim.submit(Op::Write { key, value })
            }
            Act::Fault(f) => {
                sim.inject(f);
                Ok(())
            }
        }
    }

    /// True if `event` is the first thing it caused: its request sent, its
    /// fault struck.
    #[must_use]
    pub fn caused(self, event: &Event) -> bool {
        match (self, &event.kind) {
            (Act::Read(key), EventKind::Sent { request, .. }) => *request == Op::Read { key },
            (
                Act::Write(key),
                EventKind::Sent {
                    request: Op::Write { key: k, .. },
                    ..
                },
            ) => *k == key,
            (
                Act::Fault(
                    Fault::CrashCache { .. } | Fault::CacheProcessCrash { .. } | Fault::CachePowerLoss { .. },
                ),
                EventKind::Crashed { .. },
            ) => true,
            (Act::Fault(Fault::StoreDown | Fault::StoreOutage { .. }), EventKind::StoreDown) => true,
            (Act::Fault(Fault::StoreUp), EventKind::StoreUp) => true,
            (Act::Fault(Fault::StoreCrash { kind, .. }), EventKind::StoreCrashed { crash, .. })
            | (Act::Fault(Fault::StandbyCrash { kind, .. }), EventKind::StandbyCrashed { crash, .. }) => {
                kind == *crash
            }
            (Act::Fault(Fault::LosePrimary), EventKind::PrimaryLost { .. }) => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standby::StandbySpec;
    use crate::storage::CrashKind;
    use crate::Scenario;

    /// The first event of a quiet run (no generated operations, a
    /// standby) that `act` is applied to.
    fn first_event(act: Act) -> Event {
        let mut s = Scenario::default();
        s.workload.ops = 0;
        s.store.standby = Some(StandbySpec::default());
        let mut sim = Sim::new(s).unwrap();
        act.apply(&mut sim).unwrap();
        sim.step().unwrap()
    }

    /// `Act::caused` replaced by `true`, each arm deleted, the crash
    /// kinds' `==` turned to `!=`: each act causes the first event of its
    /// own kind, and of no other act's.
    #[test]
    fn each_act_causes_its_own_first_event_and_no_other() {
        use Fault::*;
        let acts = [
            Act::Read(Key(1)),
            Act::Read(Key(2)),
            Act::Write(Key(1)),
            Act::Fault(CrashCache { downtime_us: 10 }),
            Act::Fault(CacheProcessCrash { downtime_us: 10 }),
            Act::Fault(CachePowerLoss { downtime_us: 10 }),
            Act::Fault(StoreDown),
            Act::Fault(StoreOutage { duration_us: 10 }),
            Act::Fault(StoreCrash {
                kind: CrashKind::Os,
                downtime_us: 10,
            }),
            Act::Fault(StoreCrash {
                kind: CrashKind::Power,
                downtime_us: 10,
            }),
            Act::Fault(StandbyCrash {
                kind: CrashKind::Os,
                downtime_us: 10,
            }),
            Act::Fault(StandbyCrash {
                kind: CrashKind::Power,
                downtime_us: 10,
            }),
            Act::Fault(LosePrimary),
        ];
        // The acts that cause the same first event: the three crashes of
        // the cache node (3, 4, 5), and the store going down for good or
        // for a while (6, 7).
        let alike = |i: usize, j: usize| {
            i == j
                || (3..=5).contains(&i) && (3..=5).contains(&j)
                || (6..=7).contains(&i) && (6..=7).contains(&j)
        };
        for (j, &done) in acts.iter().enumerate() {
            let e = first_event(done);
            for (i, act) in acts.iter().enumerate() {
                assert_eq!(
                    act.caused(&e),
                    alike(i, j),
                    "{act:?} and the first event of {done:?}: {:?}",
                    e.kind
                );
            }
        }
        // The store back up: its event, caused by StoreUp alone.
        let mut s = Scenario::default();
        s.workload.ops = 0;
        let mut sim = Sim::new(s).unwrap();
        Act::Fault(StoreDown).apply(&mut sim).unwrap();
        let _ = sim.step();
        Act::Fault(StoreUp).apply(&mut sim).unwrap();
        let e = sim.step().unwrap();
        assert!(Act::Fault(StoreUp).caused(&e), "{:?}", e.kind);
        assert!(acts.iter().all(|a| !a.caused(&e)));
    }
}
