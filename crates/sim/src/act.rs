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
