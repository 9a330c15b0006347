//! The playground's state: the one owner of the [`Sim`], the inputs a user
//! made (reads, writes, faults, each after a given step), snapshots to step
//! back through, the event log the page shows, and whether it is playing or
//! running to the end. Changed only through [`Action`]s (Yew's `Reducible`).
//!
//! The run (the `Sim`, its snapshots and the log) is large, so it is not
//! copied per action: [`Playground`] holds it behind one `Rc<RefCell<_>>`
//! that only [`Playground::reduce`] borrows mutably, and each action returns
//! a new, small `Playground` around the same run, so Yew still sees a new
//! state. Components never see the cell: they get plain props.

use std::cell::{Ref, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use dirtybit_sim::act::Act;
use dirtybit_sim::event::Topic;
use dirtybit_sim::{Event, Fault, Key, Scenario, ScenarioError, Sim};
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::bridge::{Checkpoint, Goto, LessonMeta};

/// How many events of each filter the log keeps on screen (earlier ones
/// are found again by replaying the run, a page at a time).
pub const LOG_CAPACITY: usize = 200;
/// The slowest and fastest play speeds, in steps per second.
pub const SPEED_RANGE: (u32, u32) = (1, 60);
/// Events processed by the first slice of a run to the end; the page then
/// sizes slices to take about [`SLICE_MS`] each, so it keeps painting.
pub const FIRST_SLICE: u64 = 5_000;
/// How long one slice of a run to the end should take, in ms.
pub const SLICE_MS: f64 = 16.0;
/// The most steps a shared link may ask for.
pub const MAX_LINK_STEP: u64 = 50_000_000;
/// How many key-steps of snapshots are kept: 256 snapshots of a small
/// cache, fewer of a big one (memory stays bounded either way).
const SNAPSHOT_BUDGET: usize = 256 * 250;
/// The most steps the page runs to make a pressed input take effect.
const INPUT_REACH: u32 = 100_000;

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

/// An input's fields as a link has them (read through the core's shared
/// object reader: unknown and repeated fields refused by name).
#[derive(Default)]
struct InputRepr {
    input: Option<String>,
    key: Option<Key>,
    fault: Option<Fault>,
}

impl dirtybit_sim::names::Fields for InputRepr {
    const FIELDS: &'static [&'static str] = &["input", "key", "fault"];
    fn set<'de, A: serde::de::MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
        match i {
            0 => self.input = Some(map.next_value()?),
            1 => self.key = Some(map.next_value()?),
            _ => self.fault = Some(map.next_value()?),
        }
        Ok(())
    }
    fn missing(&self) -> Option<&'static str> {
        self.input.is_none().then_some("input")
    }
}

impl<'de> Deserialize<'de> for InputRepr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        dirtybit_sim::names::object(d)
    }
}

impl TryFrom<InputRepr> for Input {
    type Error = String;
    fn try_from(r: InputRepr) -> Result<Self, String> {
        match (r.input.as_deref(), r.key, r.fault) {
            (Some("read"), Some(key), None) => Ok(Input::Read { key }),
            (Some("write"), Some(key), None) => Ok(Input::Write { key }),
            (Some("fault"), None, Some(fault)) => Ok(Input::Fault { fault }),
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
    /// Where `self` is in [`LogFilter::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        LogFilter::ALL.iter().position(|(f, _)| *f == self).unwrap_or(0)
    }

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

    /// Which filters of [`LogFilter::ALL`] `e` passes, in that order (its
    /// topics read once).
    #[must_use]
    pub fn passed_by(e: &Event) -> [bool; LogFilter::ALL.len()] {
        let topics = e.kind.topics();
        let stale = e.kind.is_stale_read();
        LogFilter::ALL.map(|(filter, _)| match filter {
            LogFilter::All => true,
            LogFilter::About(topic) => topics.contains(&topic),
            LogFilter::Stale => stale,
        })
    }

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

/// How many events of each filter (in [`LogFilter::ALL`] order) the run has
/// had so far.
pub type LogCounts = [u64; LogFilter::ALL.len()];

/// The run: the `Sim`, the inputs, snapshots and the log. Owned by a
/// [`Playground`], changed only by its actions.
#[derive(Clone, Debug)]
pub struct Run {
    /// The scenario the run was made from.
    pub scenario: Scenario,
    /// The user's inputs, each applied after its number of steps, in order.
    pub inputs: Vec<(u64, Input)>,
    /// How many of `inputs` the current run has applied.
    applied: usize,
    /// The run as it stands.
    pub sim: Sim,
    /// Earlier states (with the inputs applied and the log counts), oldest first.
    snapshots: Vec<(Sim, usize, LogCounts)>,
    /// The latest events of each filter, oldest first. Kept by value: most
    /// events hold no heap data, so a copy is cheaper than sharing one.
    logs: Vec<VecDeque<Event>>,
    /// How many events of each filter the run has had.
    pub counts: LogCounts,
    /// An earlier page of one filter's events (oldest first), found by
    /// replaying the run; dropped by the next step.
    pub earlier: Option<(LogFilter, Vec<Event>)>,
    /// How many snapshots the run has taken (each a copy of the `Sim`).
    snapshots_taken: u64,
    /// An input the sim refused while replaying, to say so.
    refused: Option<String>,
}

/// Everything the page shows, derived from one [`Sim`].
#[derive(Clone, Debug)]
pub struct Playground {
    run: Rc<RefCell<Run>>,
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
    /// What the user's last action did, said in a sentence (an input that
    /// took effect, a knob that re-ran the scenario).
    pub said: Option<String>,
    /// The lesson open in the lesson module, if one is.
    pub lesson: Option<LessonMeta>,
    /// The tool open in the lesson column, as address parameters.
    pub tool: Option<String>,
    /// How many times Step was pressed (a lesson counts them).
    pub presses: u64,
    /// How many times the scenario was edited or loaded (a lesson watches).
    pub edits: u64,
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
    /// Process the next slice of a run to the end: at most this many
    /// events (the page sizes slices so each takes a frame or two).
    RunSlice(u64),
    /// Back to time zero, paused, without the user's inputs.
    Reset,
    /// Change the play speed (clamped to [`SPEED_RANGE`]).
    SetSpeed(u32),
    /// Apply an input now, and run until it has taken effect.
    Input(Input),
    /// Start over with another scenario (a preset, the editor).
    Load(Box<Scenario>),
    /// Change the scenario but keep the user's inputs and the step: the run
    /// is made again from the new scenario up to where it was (a knob).
    Edit(Box<Scenario>),
    /// Show only some events.
    SetFilter(LogFilter),
    /// Show the page of the current filter's events before those listed.
    LogEarlier,
    /// Hide the message.
    Dismiss,
    /// Go to a state another part of the page asked for (a lesson's
    /// step): the scenario (if given), the inputs and the step; the run is
    /// made again if they differ from the run's, else it steps there.
    Goto(Box<Goto>),
    /// What the lesson module says is open (`None`: no lesson).
    LessonMeta(Option<LessonMeta>),
    /// Show a message (a lesson that could not be opened).
    Notice(String),
    /// The lesson column's tool, as address parameters (or none).
    Tool(Option<String>),
}

impl From<Input> for Act {
    fn from(input: Input) -> Act {
        match input {
            Input::Read { key } => Act::Read(key),
            Input::Write { key } => Act::Write(key),
            Input::Fault { fault } => Act::Fault(fault),
        }
    }
}

impl From<Act> for Input {
    fn from(act: Act) -> Input {
        match act {
            Act::Read(key) => Input::Read { key },
            Act::Write(key) => Input::Write { key },
            Act::Fault(fault) => Input::Fault { fault },
        }
    }
}

/// Applies the inputs due at the sim's current step; returns a message for
/// an input the sim refused.
fn apply_inputs(sim: &mut Sim, inputs: &[(u64, Input)], applied: &mut usize) -> Option<String> {
    let mut refused = None;
    while let Some((at, input)) = inputs.get(*applied).copied() {
        if at != sim.steps() {
            break;
        }
        *applied += 1;
        if let Err(e) = Act::from(input).apply(sim) {
            refused = Some(format!("That input was not applied: {e}"));
        }
    }
    refused
}

impl Run {
    pub(crate) fn new(scenario: Scenario) -> Result<Self, ScenarioError> {
        let sim = Sim::new(scenario.clone())?;
        Ok(Run {
            scenario,
            inputs: Vec::new(),
            applied: 0,
            snapshots: vec![(sim.clone(), 0, LogCounts::default())],
            sim,
            logs: vec![VecDeque::new(); LogFilter::ALL.len()],
            counts: LogCounts::default(),
            earlier: None,
            snapshots_taken: 0,
            refused: None,
        })
    }

    /// `scenario` with `inputs`, made again up to `steps` (a lesson's Back).
    pub(crate) fn rebuild(cp: &Checkpoint) -> Result<Self, ScenarioError> {
        let mut run = Run::new(cp.scenario.clone())?;
        run.inputs = cp.inputs.clone();
        let _ = run.rewind_to(cp.steps.min(MAX_LINK_STEP));
        Ok(run)
    }

    /// The latest events `filter` passes, oldest first.
    pub fn log(&self, filter: LogFilter) -> &VecDeque<Event> {
        &self.logs[filter.index()]
    }

    /// The key the latest event concerns, to highlight it.
    #[must_use]
    pub fn last_key(&self) -> Option<Key> {
        self.log(LogFilter::All).back().and_then(|e| e.kind.key())
    }

    fn apply_due_inputs(&mut self) -> Option<String> {
        let before = self.applied;
        let refused = apply_inputs(&mut self.sim, &self.inputs, &mut self.applied);
        if self.applied > before {
            self.snapshot();
        }
        refused
    }

    /// One event forward (or `None` when the run is over), logged.
    fn step(&mut self) -> Option<Event> {
        let event = self.advance()?;
        let passes = LogFilter::passed_by(&event);
        for (log, passes) in self.logs.iter_mut().zip(passes) {
            if passes {
                if log.len() == LOG_CAPACITY {
                    log.pop_front();
                }
                log.push_back(event.clone());
            }
        }
        Some(event)
    }

    /// Up to `n` events forward; false once the run is over. Only the
    /// latest [`LOG_CAPACITY`] events of each filter are copied into the
    /// logs, at the end: a slice of a run to the end costs little more than
    /// the simulation itself.
    fn run_slice(&mut self, n: u64) -> bool {
        // In chunks, so a link to step 50,000,000 holds 65,536 events at most.
        const CHUNK: u64 = 1 << 16;
        let mut left = n;
        while left > 0 {
            let want = left.min(CHUNK);
            left -= want;
            let mut batch = Vec::with_capacity(want as usize);
            let mut more = true;
            for _ in 0..want {
                match self.advance() {
                    Some(event) => batch.push(event),
                    None => {
                        more = false;
                        break;
                    }
                }
            }
            self.log_latest(&batch);
            if !more {
                return false;
            }
        }
        true
    }

    /// Appends the latest [`LOG_CAPACITY`] events of `batch` each filter
    /// passes to its log: one pass from the end, each event's topics read
    /// once, stopping when every filter has its fill.
    fn log_latest(&mut self, batch: &[Event]) {
        let n = LogFilter::ALL.len();
        let mut latest: Vec<Vec<&Event>> = vec![Vec::new(); n];
        let mut full = 0;
        for e in batch.iter().rev() {
            for (i, passes) in LogFilter::passed_by(e).into_iter().enumerate() {
                if passes && latest[i].len() < LOG_CAPACITY {
                    latest[i].push(e);
                    full += usize::from(latest[i].len() == LOG_CAPACITY);
                }
            }
            if full == n {
                break;
            }
        }
        for (log, events) in self.logs.iter_mut().zip(latest) {
            for e in events.into_iter().rev() {
                if log.len() == LOG_CAPACITY {
                    log.pop_front();
                }
                log.push_back(e.clone());
            }
        }
    }

    /// One event forward, counted by filter, with a snapshot when one is
    /// due; the caller logs it.
    fn advance(&mut self) -> Option<Event> {
        if let Some(refused) = self.apply_due_inputs() {
            self.refused.get_or_insert(refused);
        }
        let event = self.sim.step()?;
        self.earlier = None;
        for (i, passes) in LogFilter::passed_by(&event).into_iter().enumerate() {
            self.counts[i] += u64::from(passes);
        }
        // Snapshots grow sparser as the run grows: a step back replays at
        // most 1/16 of the run; about 64 + 16 ln(steps / 4096) are taken,
        // thinned to a budget.
        // (`steps % (steps / 64) == 0` held at every 64th step: 9,000
        // snapshots of a 600,000-event run.)
        let steps = self.sim.steps();
        let last = self.snapshots.last().map_or(0, |(s, _, _)| s.steps());
        if steps - last >= (steps / 16).max(64) {
            self.snapshot();
        }
        Some(event)
    }

    /// How many snapshots to keep: fewer of a big cache.
    fn max_snapshots(&self) -> usize {
        (SNAPSHOT_BUDGET / self.scenario.workload.keys.max(1) as usize).clamp(16, 256)
    }

    fn snapshot(&mut self) {
        if self
            .snapshots
            .last()
            .is_some_and(|(s, a, _)| s.steps() == self.sim.steps() && *a == self.applied)
        {
            return;
        }
        self.snapshots.push((self.sim.clone(), self.applied, self.counts));
        self.snapshots_taken += 1;
        if self.snapshots.len() > self.max_snapshots() {
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
    fn rewind_to(&mut self, target: u64) -> Option<String> {
        let (snap, applied, counts) = self
            .snapshots
            .iter()
            .rev()
            .find(|(s, _, _)| s.steps() <= target)
            .cloned()
            .unwrap_or_else(|| self.snapshots[0].clone());
        self.snapshots.retain(|(s, _, _)| s.steps() <= snap.steps());
        self.sim = snap;
        self.applied = applied;
        self.counts = counts;
        self.earlier = None;
        let from = self.sim.steps();
        for log in &mut self.logs {
            log.retain(|e| e.seq < from);
        }
        self.refused = None;
        if target > from {
            self.run_slice(target - from);
        }
        let refused = self.refused.take();
        refused.or(self.apply_due_inputs())
    }

    /// Records and applies a user input now, then runs until it has taken
    /// effect; inputs later than now (from before a step back) are dropped:
    /// the run branches here. Says what happened.
    fn input(&mut self, input: Input) -> Result<String, String> {
        let now = self.sim.steps();
        self.inputs.truncate(self.applied);
        self.inputs.retain(|(at, _)| *at <= now);
        self.inputs.push((now, input));
        if let Some(refused) = self.apply_due_inputs() {
            return Err(refused);
        }
        let mut before = 0;
        while before < INPUT_REACH {
            match self.step() {
                Some(e) if Act::from(input).caused(&e) => {
                    let first = match before {
                        0 => String::new(),
                        1 => " (1 event already due at that instant ran first)".to_string(),
                        n => format!(" ({n} events already due at that instant ran first)"),
                    };
                    return Ok(format!("Done at t = {}{first}: {}.", e.at.human(), e.kind));
                }
                Some(_) => before += 1,
                None => break,
            }
        }
        Err("That input did not take effect: the run ended first.".to_string())
    }

    /// The `n` events `filter` passes just before event `before`, oldest
    /// first, found by replaying the run from time zero with its inputs.
    fn replay_page(&self, filter: LogFilter, before: u64, n: usize) -> Vec<Event> {
        let mut sim = self.snapshots[0].0.clone();
        let mut applied = 0;
        let mut page = VecDeque::with_capacity(n);
        while sim.steps() < before {
            let _ = apply_inputs(&mut sim, &self.inputs, &mut applied);
            let Some(event) = sim.step() else { break };
            if filter.accepts(&event) {
                if page.len() == n {
                    page.pop_front();
                }
                page.push_back(event);
            }
        }
        page.into()
    }
}

impl Playground {
    /// A paused playground at time zero of `scenario`.
    pub fn new(scenario: Scenario) -> Result<Self, ScenarioError> {
        Ok(Playground {
            run: Rc::new(RefCell::new(Run::new(scenario)?)),
            playing: false,
            running: false,
            speed: 4,
            filter: LogFilter::All,
            notice: None,
            said: None,
            lesson: None,
            tool: None,
            presses: 0,
            edits: 0,
        })
    }

    /// A playground replaying `inputs` up to `step` (a shared link).
    pub fn replay(scenario: Scenario, inputs: Vec<(u64, Input)>, step: u64) -> Result<Self, ScenarioError> {
        let p = Playground::new(scenario)?;
        {
            let mut run = p.run.borrow_mut();
            run.inputs = inputs;
            let _ = run.rewind_to(step.min(MAX_LINK_STEP));
        }
        Ok(p)
    }

    /// The run, to read. Never hold it across a dispatch.
    #[must_use]
    pub fn run(&self) -> Ref<'_, Run> {
        self.run.borrow()
    }

    /// The run itself, shared: the same cell for the playground's whole
    /// life (actions change it in place). To read, never across a dispatch.
    #[must_use]
    pub fn shared_run(&self) -> Rc<RefCell<Run>> {
        Rc::clone(&self.run)
    }

    fn stop(&mut self) {
        self.playing = false;
        self.running = false;
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // A small copy: the run itself is shared and changed in place.
        let mut next = (*self).clone();
        let cell = Rc::clone(&next.run);
        let mut run = cell.borrow_mut();
        // What the last action did is said until the next one that changes
        // the run (a filter, a page of the log or the speed does not).
        if !matches!(
            action,
            Action::SetFilter(_)
                | Action::LogEarlier
                | Action::SetSpeed(_)
                | Action::Tool(_)
                | Action::LessonMeta(_)
                | Action::Notice(_)
        ) {
            next.said = None;
        }
        match action {
            Action::Step => {
                if run.step().is_none() {
                    next.stop();
                } else {
                    next.presses += 1;
                }
            }
            Action::StepBack => {
                next.stop();
                let target = run.sim.steps().saturating_sub(1);
                let _ = run.rewind_to(target);
            }
            Action::JumpTo(seq) => {
                next.stop();
                let _ = run.rewind_to(seq + 1);
            }
            Action::Play => next.playing = !run.sim.is_done(),
            Action::Pause => next.stop(),
            Action::RunToEnd => {
                next.playing = false;
                next.running = !run.sim.is_done();
            }
            Action::RunSlice(events) => {
                if next.running && !run.run_slice(events.max(1)) {
                    next.stop();
                }
            }
            Action::Reset => {
                run.inputs.clear();
                let _ = run.rewind_to(0);
                next.stop();
                next.notice = None;
            }
            Action::SetSpeed(s) => next.speed = s.clamp(SPEED_RANGE.0, SPEED_RANGE.1),
            Action::Input(input) => match run.input(input) {
                Ok(said) => next.said = Some(said),
                Err(e) => next.notice = Some(e),
            },
            Action::Load(scenario) => match Run::new(*scenario) {
                Ok(fresh) => {
                    *run = fresh;
                    next.stop();
                    next.filter = LogFilter::All;
                    next.said = Some(format!(
                        "Loaded \"{}\": the run starts at step 0.",
                        run.scenario.name
                    ));
                    next.edits += 1;
                }
                Err(e) => next.notice = Some(format!("That scenario was not loaded: {e}")),
            },
            Action::Edit(scenario) => match Run::new(*scenario) {
                Ok(mut fresh) => {
                    let step = run.sim.steps();
                    fresh.inputs = std::mem::take(&mut run.inputs);
                    let refused = fresh.rewind_to(step);
                    *run = fresh;
                    next.stop();
                    next.said = Some(format!(
                        "Changed: the new scenario was run again from the start, with your inputs, to step {}.",
                        run.sim.steps()
                    ));
                    if let Some(e) = refused {
                        next.notice = Some(e);
                    }
                    next.edits += 1;
                }
                Err(e) => next.notice = Some(format!("That change was not applied: {e}")),
            },
            Action::SetFilter(f) => {
                next.filter = f;
                run.earlier = None;
            }
            Action::LogEarlier => {
                let filter = next.filter;
                let before = match &run.earlier {
                    Some((_, page)) => page.first().map(|e| e.seq),
                    None => run.log(filter).front().map(|e| e.seq),
                };
                if let Some(before) = before {
                    let page = run.replay_page(filter, before, LOG_CAPACITY);
                    run.earlier = Some((filter, page));
                }
            }
            Action::Dismiss => next.notice = None,
            Action::Goto(goto) => {
                next.stop();
                let same = goto.scenario == run.scenario && goto.inputs == run.inputs;
                if same {
                    let _ = run.rewind_to(goto.step.min(MAX_LINK_STEP));
                } else {
                    let cp = Checkpoint {
                        scenario: goto.scenario.clone(),
                        inputs: goto.inputs.clone(),
                        steps: goto.step,
                    };
                    match Run::rebuild(&cp) {
                        Ok(fresh) => *run = fresh,
                        Err(e) => next.notice = Some(format!("That state could not be made: {e}.")),
                    }
                }
                if let Some(said) = &goto.said {
                    next.said = Some(said.clone());
                }
            }
            Action::LessonMeta(meta) => next.lesson = meta,
            Action::Notice(message) => next.notice = Some(message),
            Action::Tool(query) => next.tool = query,
        }
        drop(run);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dirtybit_sim::event::EventKind;
    use dirtybit_sim::Op;

    fn reduce(p: Playground, a: Action) -> Playground {
        Rc::unwrap_or_clone(Rc::new(p).reduce(a))
    }

    fn trace(p: &Playground) -> Vec<String> {
        p.run()
            .log(LogFilter::All)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn steps(p: &Playground) -> u64 {
        p.run().sim.steps()
    }

    fn stepped(s: Scenario, n: usize) -> Playground {
        let mut p = Playground::new(s).unwrap();
        for _ in 0..n {
            p = reduce(p, Action::Step);
        }
        p
    }

    #[test]
    fn step_logs_the_event_and_reset_returns_to_zero() {
        let mut p = stepped(Scenario::default(), 5);
        assert_eq!((p.run().log(LogFilter::All).len(), steps(&p)), (5, 5));
        p = reduce(p, Action::Reset);
        assert!(p.run().log(LogFilter::All).is_empty());
        assert_eq!(steps(&p), 0);
    }

    #[test]
    fn an_action_changes_the_run_in_place_and_returns_a_new_state() {
        let p = Rc::new(stepped(Scenario::default(), 3));
        let before = Rc::clone(&p.run);
        let next = Rc::clone(&p).reduce(Action::Step);
        assert!(!Rc::ptr_eq(&p, &next), "Yew must see a new state");
        assert!(Rc::ptr_eq(&before, &next.run), "the run is not copied");
        assert_eq!(next.run().sim.steps(), 4);
    }

    #[test]
    fn step_back_returns_to_exactly_the_earlier_state() {
        let mut p = stepped(Scenario::default(), 300);
        let at_299 = stepped(Scenario::default(), 299);
        p = reduce(p, Action::StepBack);
        assert_eq!(steps(&p), 299);
        assert_eq!(p.run().sim.cache_entries(), at_299.run().sim.cache_entries());
        assert_eq!(p.run().sim.metrics(), at_299.run().sim.metrics());
        assert_eq!(p.run().counts, at_299.run().counts);
        // The log may hold fewer old events after a step back, never other ones.
        let (back, fresh) = (trace(&p), trace(&at_299));
        assert!(
            back.len() > 100 && fresh.ends_with(&back),
            "the log after stepping back differs"
        );
    }

    #[test]
    fn inputs_replay_when_stepping_back_and_forward_and_in_a_link() {
        let mut p = stepped(Scenario::default(), 40);
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
        let inputs = p.run().inputs.clone();
        let link = Playground::replay(Scenario::default(), inputs, steps(&p)).unwrap();
        assert!(trace(&link) == forward, "a link replays the same events");
    }

    #[test]
    fn an_input_takes_effect_when_pressed_even_behind_events_due_at_that_instant() {
        // Write-through: step until several events are due at the same
        // instant as now, then crash. The crash is the last event logged.
        let mut p = stepped(Scenario::default(), 7);
        let t = p.run().sim.now();
        p = reduce(
            p,
            Action::Input(Input::Fault {
                fault: Fault::CrashCache { downtime_us: 5_000 },
            }),
        );
        let run = p.run();
        let last = run.log(LogFilter::All).back().unwrap().clone();
        assert!(matches!(last.kind, EventKind::Crashed { .. }), "{last}");
        assert_eq!(last.at, t, "the crash happens at the instant it was pressed");
        assert!(!run.sim.cache_up());
        assert_eq!(
            run.sim.cache_restarts_at(),
            Some(t + dirtybit_sim::time::Micros(5_000))
        );
        let said = p.said.clone().unwrap();
        assert!(said.starts_with("Done at t = "), "{said}");
        drop(run);
        // A write by hand: its request is sent at once.
        let p = reduce(p, Action::Input(Input::Write { key: Key(2) }));
        let run = p.run();
        let last = run.log(LogFilter::All).back().unwrap().clone();
        assert!(
            matches!(
                last.kind,
                EventKind::Sent {
                    request: Op::Write { key: Key(2), .. },
                    ..
                }
            ),
            "{last}"
        );
    }

    #[test]
    fn jump_to_an_event_lands_right_after_it() {
        let mut p = stepped(Scenario::default(), 50);
        p = reduce(p, Action::JumpTo(9));
        assert_eq!(steps(&p), 10);
        assert_eq!(p.run().log(LogFilter::All).back().unwrap().seq, 9);
    }

    #[test]
    fn run_to_end_runs_in_slices_until_done() {
        let mut s = Scenario::default();
        s.workload.ops = 20_000;
        let mut p = reduce(Playground::new(s).unwrap(), Action::RunToEnd);
        let mut slices = 0;
        while p.running {
            p = reduce(p, Action::RunSlice(FIRST_SLICE));
            slices += 1;
        }
        assert!(p.run().sim.is_done());
        assert!(slices >= 2, "{slices} slices");
        assert_eq!(p.run().log(LogFilter::All).len(), LOG_CAPACITY);
    }

    #[test]
    fn a_long_run_takes_few_snapshots_and_keeps_fewer() {
        let mut s = Scenario::default();
        s.workload.ops = 20_000;
        let mut p = reduce(Playground::new(s).unwrap(), Action::RunToEnd);
        while p.running {
            p = reduce(p, Action::RunSlice(FIRST_SLICE));
        }
        let run = p.run();
        let events = run.sim.steps();
        assert!(events > 50_000, "{events}");
        // Spacing grows with the run: about 64 + 16 ln(events / 4096).
        assert!(
            run.snapshots_taken < 150,
            "{} snapshots for {events} events",
            run.snapshots_taken
        );
        assert!(run.snapshots.len() <= run.max_snapshots());
    }

    #[test]
    fn every_filter_counts_all_its_events_and_pages_back_to_the_first() {
        let mut s = Scenario::default();
        s.workload.ops = 3_000;
        let mut p = reduce(Playground::new(s.clone()).unwrap(), Action::RunToEnd);
        while p.running {
            p = reduce(p, Action::RunSlice(FIRST_SLICE));
        }
        // Count by hand from a plain run of the same scenario.
        let mut sim = Sim::new(s).unwrap();
        let all: Vec<Event> = std::iter::from_fn(|| sim.step()).collect();
        for (i, (filter, label)) in LogFilter::ALL.iter().enumerate() {
            let want: Vec<u64> = all.iter().filter(|e| filter.accepts(e)).map(|e| e.seq).collect();
            assert_eq!(p.run().counts[i], want.len() as u64, "{label}");
            p = reduce(p, Action::SetFilter(*filter));
            let mut seen: Vec<u64> = p.run().log(*filter).iter().map(|e| e.seq).collect();
            while (seen.len() as u64) < p.run().counts[i] {
                p = reduce(p, Action::LogEarlier);
                let run = p.run();
                let (f, page) = run.earlier.as_ref().unwrap();
                assert_eq!(f, filter);
                assert!(!page.is_empty(), "{label}: an earlier page is empty");
                let mut older: Vec<u64> = page.iter().map(|e| e.seq).collect();
                older.extend(seen);
                seen = older;
            }
            assert_eq!(seen, want, "{label}: the pages reach every event");
        }
        assert_eq!(
            p.run().counts[LogFilter::Stale.index()],
            p.run().sim.metrics().stale_reads
        );
    }

    #[test]
    fn a_knob_change_keeps_the_step_and_the_inputs() {
        let mut p = stepped(Scenario::default(), 30);
        p = reduce(p, Action::Input(Input::Write { key: Key(3) }));
        let at = steps(&p);
        let mut s = p.run().scenario.clone();
        s.cache.ttl_us = 123_000;
        p = reduce(p, Action::Edit(Box::new(s)));
        assert_eq!(steps(&p), at);
        assert_eq!(p.run().scenario.cache.ttl_us, 123_000);
        assert_eq!(p.run().inputs.len(), 1);
        assert!(p.said.as_deref().unwrap().contains(&format!("to step {at}")));
        // Loading a preset starts over, and says so.
        let p = reduce(p, Action::Load(Box::default()));
        assert_eq!(steps(&p), 0);
        assert!(p.said.as_deref().unwrap().contains("step 0"));
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
