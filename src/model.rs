//! The playground's state: the one owner of the [`Sim`], the inputs a user
//! made (reads, writes, faults, each after a given step), snapshots to step
//! back through, the event log the page shows, and whether it is playing or
//! running to the end. Changed only through [`Action`]s, each of which
//! returns a new state (Yew's `Reducible`).

use std::collections::VecDeque;
use std::rc::Rc;

use dirtybit_sim::event::Topic;
use dirtybit_sim::{Event, Fault, Key, Op, Scenario, ScenarioError, Sim};
use serde::{Deserialize, Serialize};
use yew::Reducible;

/// How many events the log keeps on screen.
pub const LOG_CAPACITY: usize = 200;
/// The slowest and fastest play speeds, in steps per second.
pub const SPEED_RANGE: (u32, u32) = (1, 60);
/// Events processed per slice of a run to the end (the page stays responsive).
pub const CHUNK: u64 = 25_000;
/// The most steps a shared link may ask for.
pub const MAX_LINK_STEP: u64 = 50_000_000;
const MAX_SNAPSHOTS: usize = 256;

/// Something a user did to the run, after a given number of steps. Read
/// from a link through a flat struct (no buffering: a smaller page).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "input", rename_all = "kebab-case", try_from = "InputRepr")]
pub enum Input {
    /// A read issued by hand.
    Read {
        /// The key.
        key: Key,
    },
    /// A write issued by hand; its value is the next write number.
    Write {
        /// The key.
        key: Key,
    },
    /// A crash or outage injected by hand.
    Fault {
        /// The fault.
        fault: Fault,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum InputKind {
    Read,
    Write,
    Fault,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputRepr {
    input: InputKind,
    key: Option<Key>,
    fault: Option<Fault>,
}

impl TryFrom<InputRepr> for Input {
    type Error = String;
    fn try_from(r: InputRepr) -> Result<Self, String> {
        match (r.input, r.key, r.fault) {
            (InputKind::Read, Some(key), None) => Ok(Input::Read { key }),
            (InputKind::Write, Some(key), None) => Ok(Input::Write { key }),
            (InputKind::Fault, None, Some(fault)) => Ok(Input::Fault { fault }),
            _ => Err("an input is {\"input\": \"read\" | \"write\", \"key\": K} or {\"input\": \"fault\", \"fault\": ...}".into()),
        }
    }
}

/// Which events the log shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFilter {
    /// Everything.
    #[default]
    All,
    /// The events about one topic (the core says which those are).
    About(Topic),
    /// Stale reads only.
    Stale,
}

impl LogFilter {
    /// Every filter with its label.
    pub const ALL: [(LogFilter, &'static str); 7] = [
        (LogFilter::All, "all events"),
        (LogFilter::About(Topic::Reads), "reads"),
        (LogFilter::About(Topic::Writes), "writes"),
        (LogFilter::About(Topic::Store), "store"),
        (LogFilter::About(Topic::Flush), "flushes and log"),
        (LogFilter::About(Topic::Faults), "faults and losses"),
        (LogFilter::Stale, "stale reads"),
    ];

    /// Whether `e` passes.
    #[must_use]
    pub fn accepts(self, e: &Event) -> bool {
        match self {
            LogFilter::All => true,
            LogFilter::About(topic) => e.kind.topics().contains(&topic),
            LogFilter::Stale => e.kind.is_stale_read(),
        }
    }
}

/// Everything the page shows, derived from one [`Sim`].
#[derive(Clone, Debug)]
pub struct Playground {
    /// The scenario the run was made from.
    pub scenario: Scenario,
    /// The user's inputs, each applied after its number of steps, in order.
    pub inputs: Vec<(u64, Input)>,
    /// How many of `inputs` the current run has applied.
    applied: usize,
    /// The run as it stands.
    pub sim: Sim,
    /// Earlier states (with how many inputs each had applied), oldest first.
    snapshots: Vec<(Sim, usize)>,
    /// The latest events, oldest first.
    pub log: VecDeque<Event>,
    /// True while the play timer runs.
    pub playing: bool,
    /// True while running to the end in slices.
    pub running: bool,
    /// Steps per second while playing.
    pub speed: u32,
    /// Which events the log shows.
    pub filter: LogFilter,
    /// A message for the user (a bad link, a rejected input).
    pub notice: Option<String>,
}

/// What the user (or a timer) asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Process one event.
    Step,
    /// Go back one event.
    StepBack,
    /// Go to the state right after event `seq`.
    JumpTo(u64),
    /// Start or stop the play timer.
    Play,
    /// Stop playing or running.
    Pause,
    /// Run to the end in slices.
    RunToEnd,
    /// Process the next slice of a run to the end.
    RunSlice,
    /// Back to time zero, paused, without the user's inputs.
    Reset,
    /// Change the play speed (clamped to [`SPEED_RANGE`]).
    SetSpeed(u32),
    /// Apply an input now.
    Input(Input),
    /// Start over with another scenario.
    Load(Box<Scenario>),
    /// Show only some events.
    SetFilter(LogFilter),
    /// Hide the message.
    Dismiss,
}

impl Playground {
    /// A paused playground at time zero of `scenario`.
    pub fn new(scenario: Scenario) -> Result<Self, ScenarioError> {
        let sim = Sim::new(scenario.clone())?;
        Ok(Playground {
            scenario,
            inputs: Vec::new(),
            applied: 0,
            snapshots: vec![(sim.clone(), 0)],
            sim,
            log: VecDeque::new(),
            playing: false,
            running: false,
            speed: 4,
            filter: LogFilter::All,
            notice: None,
        })
    }

    /// A playground replaying `inputs` up to `step` (a shared link).
    pub fn replay(scenario: Scenario, inputs: Vec<(u64, Input)>, step: u64) -> Result<Self, ScenarioError> {
        let mut p = Playground::new(scenario)?;
        p.inputs = inputs;
        p.rewind_to(step.min(MAX_LINK_STEP));
        Ok(p)
    }

    /// The key the latest event concerns, to highlight it.
    #[must_use]
    pub fn last_key(&self) -> Option<dirtybit_sim::Key> {
        self.log.back().and_then(|e| e.kind.key())
    }

    /// Applies the inputs due at the current step.
    fn apply_due_inputs(&mut self) {
        while let Some((at, input)) = self.inputs.get(self.applied).copied() {
            if at != self.sim.steps() {
                break;
            }
            self.applied += 1;
            let op = match input {
                Input::Read { key } => Some(Op::Read { key }),
                Input::Write { key } => Some(Op::Write {
                    key,
                    value: self.sim.next_value(),
                }),
                Input::Fault { fault } => {
                    self.sim.inject(fault);
                    None
                }
            };
            if let Some(Err(e)) = op.map(|op| self.sim.submit(op)) {
                self.notice = Some(format!("That input was not applied: {e}"));
            }
            self.snapshot();
        }
    }

    /// One event forward; false when the run is over.
    fn step(&mut self) -> bool {
        self.apply_due_inputs();
        match self.sim.step() {
            Some(event) => {
                if self.log.len() == LOG_CAPACITY {
                    self.log.pop_front();
                }
                self.log.push_back(event);
                let every = (self.sim.steps() / 64).max(64);
                if self.sim.steps() % every == 0 {
                    self.snapshot();
                }
                true
            }
            None => {
                self.playing = false;
                self.running = false;
                false
            }
        }
    }

    fn snapshot(&mut self) {
        if self
            .snapshots
            .last()
            .is_some_and(|(s, a)| s.steps() == self.sim.steps() && *a == self.applied)
        {
            return;
        }
        self.snapshots.push((self.sim.clone(), self.applied));
        if self.snapshots.len() > MAX_SNAPSHOTS {
            // Thin out the older half; keep time zero and the recent ones.
            let half = self.snapshots.len() / 2;
            let mut i = 0;
            self.snapshots.retain(|_| {
                i += 1;
                i == 1 || i > half || i % 2 == 0
            });
        }
    }

    /// Goes to the state after `target` steps, replaying from the nearest
    /// snapshot (and re-applying the inputs on the way).
    fn rewind_to(&mut self, target: u64) {
        let (snap, applied) = self
            .snapshots
            .iter()
            .rev()
            .find(|(s, _)| s.steps() <= target)
            .cloned()
            .unwrap_or_else(|| self.snapshots[0].clone());
        self.snapshots.retain(|(s, _)| s.steps() <= snap.steps());
        self.sim = snap;
        self.applied = applied;
        let from = self.sim.steps();
        self.log.retain(|e| e.seq < from);
        while self.sim.steps() < target && self.step() {}
        self.apply_due_inputs();
    }

    /// Records and applies a user input now; inputs later than now (from
    /// before a step back) are dropped: the run branches here.
    fn input(&mut self, input: Input) {
        let now = self.sim.steps();
        self.inputs.truncate(self.applied);
        self.inputs.retain(|(at, _)| *at <= now);
        self.inputs.push((now, input));
        self.apply_due_inputs();
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match action {
            Action::Step => {
                next.step();
            }
            Action::StepBack => {
                next.playing = false;
                next.running = false;
                let target = next.sim.steps().saturating_sub(1);
                next.rewind_to(target);
            }
            Action::JumpTo(seq) => {
                next.playing = false;
                next.running = false;
                next.rewind_to(seq + 1);
            }
            Action::Play => next.playing = !next.sim.is_done(),
            Action::Pause => {
                next.playing = false;
                next.running = false;
            }
            Action::RunToEnd => {
                next.playing = false;
                next.running = !next.sim.is_done();
            }
            Action::RunSlice => {
                if next.running {
                    for _ in 0..CHUNK {
                        if !next.step() {
                            break;
                        }
                    }
                }
            }
            Action::Reset => {
                next.inputs.clear();
                next.rewind_to(0);
                next.playing = false;
                next.running = false;
                next.notice = None;
            }
            Action::SetSpeed(s) => next.speed = s.clamp(SPEED_RANGE.0, SPEED_RANGE.1),
            Action::Input(input) => next.input(input),
            Action::Load(scenario) => match Playground::new(*scenario) {
                Ok(mut p) => {
                    p.speed = next.speed;
                    next = p;
                }
                Err(e) => next.notice = Some(format!("That scenario was not loaded: {e}")),
            },
            Action::SetFilter(f) => next.filter = f,
            Action::Dismiss => next.notice = None,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(p: Playground, a: Action) -> Playground {
        Rc::unwrap_or_clone(Rc::new(p).reduce(a))
    }

    fn trace(p: &Playground) -> Vec<String> {
        p.log.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn step_logs_the_event_and_reset_returns_to_zero() {
        let mut p = Playground::new(Scenario::default()).unwrap();
        for _ in 0..5 {
            p = reduce(p, Action::Step);
        }
        assert_eq!((p.log.len(), p.sim.steps()), (5, 5));
        p = reduce(p, Action::Reset);
        assert!(p.log.is_empty());
        assert_eq!(p.sim.steps(), 0);
    }

    #[test]
    fn step_back_returns_to_exactly_the_earlier_state() {
        let mut p = Playground::new(Scenario::default()).unwrap();
        for _ in 0..300 {
            p = reduce(p, Action::Step);
        }
        let at_299 = {
            let mut q = Playground::new(Scenario::default()).unwrap();
            for _ in 0..299 {
                q = reduce(q, Action::Step);
            }
            q
        };
        p = reduce(p, Action::StepBack);
        assert_eq!(p.sim.steps(), 299);
        assert_eq!(p.sim.cache_entries(), at_299.sim.cache_entries());
        assert_eq!(p.sim.metrics(), at_299.sim.metrics());
        // The log may hold fewer old events after a step back, never other ones.
        let (back, fresh) = (trace(&p), trace(&at_299));
        assert!(
            back.len() > 100 && fresh.ends_with(&back),
            "the log after stepping back differs"
        );
    }

    #[test]
    fn inputs_replay_when_stepping_back_and_forward_and_in_a_link() {
        let mut p = Playground::new(Scenario::default()).unwrap();
        for _ in 0..40 {
            p = reduce(p, Action::Step);
        }
        p = reduce(
            p,
            Action::Input(Input::Fault {
                fault: Fault::CrashCache { downtime_us: 1_000 },
            }),
        );
        p = reduce(p, Action::Input(Input::Write { key: Key(1) }));
        for _ in 0..60 {
            p = reduce(p, Action::Step);
        }
        let forward = trace(&p);
        assert!(forward.iter().any(|l| l.contains("CRASH")));
        for _ in 0..30 {
            p = reduce(p, Action::StepBack);
        }
        for _ in 0..30 {
            p = reduce(p, Action::Step);
        }
        assert!(
            trace(&p) == forward,
            "step back then forward replays the same events"
        );
        let link = Playground::replay(Scenario::default(), p.inputs.clone(), p.sim.steps()).unwrap();
        assert!(trace(&link) == forward, "a link replays the same events");
    }

    #[test]
    fn jump_to_an_event_lands_right_after_it() {
        let mut p = Playground::new(Scenario::default()).unwrap();
        for _ in 0..50 {
            p = reduce(p, Action::Step);
        }
        p = reduce(p, Action::JumpTo(9));
        assert_eq!(p.sim.steps(), 10);
        assert_eq!(p.log.back().unwrap().seq, 9);
    }

    #[test]
    fn run_to_end_runs_in_slices_until_done() {
        let mut s = Scenario::default();
        s.workload.ops = 20_000;
        let mut p = reduce(Playground::new(s).unwrap(), Action::RunToEnd);
        let mut slices = 0;
        while p.running {
            p = reduce(p, Action::RunSlice);
            slices += 1;
        }
        assert!(p.sim.is_done());
        assert!(slices >= 2, "{slices} slices");
        assert_eq!(p.log.len(), LOG_CAPACITY);
    }

    #[test]
    fn speed_is_clamped_and_playing_stops_at_the_end() {
        let p = Playground::new(Scenario::default()).unwrap();
        assert_eq!(reduce(p.clone(), Action::SetSpeed(0)).speed, SPEED_RANGE.0);
        assert_eq!(reduce(p, Action::SetSpeed(1_000)).speed, SPEED_RANGE.1);
        let mut s = Scenario::default();
        s.workload.ops = 1;
        let mut p = reduce(Playground::new(s).unwrap(), Action::Play);
        for _ in 0..10 {
            p = reduce(p, Action::Step);
        }
        assert!(!p.playing);
    }
}
