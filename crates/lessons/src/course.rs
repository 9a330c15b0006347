//! A run taken through a lesson: the scenario, what was done to it and
//! when, and the `Sim`. It ends a step the way the lesson says (running to
//! an event, doing the learner's task the way the page's buttons do it) and
//! computes a question's answer on a copy of itself taken to the end of the
//! step. Rebuilt, never patched: the same scenario and acts give the same
//! run.

use dirtybit_sim::{Event, Fault, Key, Scenario, Sim};

use crate::lesson::Step;
use crate::question::{Expected, When};
use crate::until::{Task, Until};
use dirtybit_sim::fault::CRASH_DOWNTIME_US;
use dirtybit_sim::storage::CrashKind;

/// The most events a step may run while waiting for its event.
pub const REACH: u64 = 2_000_000;

pub use dirtybit_sim::act::Act;

/// A run inside a lesson.
#[derive(Clone, Debug)]
pub struct Course {
    /// The scenario as it stands (a `do: set` step changes it).
    pub scenario: Scenario,
    /// What was done, each after its number of steps, in order.
    pub acts: Vec<(u64, Act)>,
    /// The run.
    pub sim: Sim,
}

impl Course {
    /// A run of `scenario` at time zero.
    pub fn new(scenario: Scenario) -> Result<Course, String> {
        let sim = Sim::new(scenario.clone()).map_err(|e| e.to_string())?;
        Ok(Course {
            scenario,
            acts: Vec::new(),
            sim,
        })
    }

    /// `scenario` run to `steps` events with `acts` applied on the way.
    pub fn replay(scenario: Scenario, acts: Vec<(u64, Act)>, steps: u64) -> Result<Course, String> {
        let mut sim = Sim::new(scenario.clone()).map_err(|e| e.to_string())?;
        let mut next = 0;
        loop {
            while let Some((at, act)) = acts.get(next).copied() {
                if at != sim.steps() {
                    break;
                }
                next += 1;
                act.apply(&mut sim).map_err(|e| e.to_string())?;
            }
            if sim.steps() >= steps || sim.step().is_none() {
                break;
            }
        }
        Ok(Course { scenario, acts, sim })
    }

    /// Brings this run up to `acts` and `steps` by running forward, if it
    /// can (its acts are the start of `acts`, and none of the new ones is
    /// due before now); false if it must be rebuilt instead.
    pub fn catch_up(&mut self, acts: &[(u64, Act)], steps: u64) -> bool {
        let known = self.acts.len();
        let now = self.sim.steps();
        if acts.len() < known || acts[..known] != self.acts[..] || steps < now {
            return false;
        }
        if acts[known..].iter().any(|(at, _)| *at < now) {
            return false;
        }
        let mut next = known;
        loop {
            while let Some(&(at, act)) = acts.get(next) {
                if at != self.sim.steps() {
                    break;
                }
                next += 1;
                self.acts.push((at, act));
                if act.apply(&mut self.sim).is_err() {
                    return false;
                }
            }
            if self.sim.steps() >= steps || self.sim.step().is_none() {
                break;
            }
        }
        true
    }

    /// Does `act` now and runs until it has taken effect; the event it caused.
    pub fn act(&mut self, act: Act) -> Result<Event, String> {
        self.acts.push((self.sim.steps(), act));
        act.apply(&mut self.sim).map_err(|e| e.to_string())?;
        for _ in 0..REACH {
            match self.sim.step() {
                Some(e) if act.caused(&e) => return Ok(e),
                Some(_) => {}
                None => break,
            }
        }
        Err("it did not take effect: the run ended first".into())
    }

    /// Runs until the nth event `until` waits for; that event.
    pub fn run_until_event(&mut self, until: &Until) -> Result<Event, String> {
        let mut seen = 0;
        for _ in 0..REACH {
            let Some(e) = self.sim.step() else {
                return Err(format!(
                    "the run ended after {seen} of the {} `{}` events the step waits for",
                    until.nth(),
                    until.event.as_deref().unwrap_or("")
                ));
            };
            if until.matches(&e) {
                seen += 1;
                if seen == until.nth() {
                    return Ok(e);
                }
            }
        }
        Err(format!(
            "no `{}` event within {REACH} events",
            until.event.as_deref().unwrap_or("")
        ))
    }

    /// Ends `step` the way the lesson says, doing the learner's task as the
    /// page's buttons do; the event that ended it, if it waited for one.
    pub fn forward(&mut self, step: &Step) -> Result<Option<Event>, String> {
        let u = &step.until;
        if u.event.is_some() {
            return self.run_until_event(u).map(Some);
        }
        if let Some(n) = u.steps {
            self.sim.run_steps(n);
            return Ok(None);
        }
        let key = Key(u.key.unwrap_or(0));
        match u.task {
            None => Ok(None),
            Some(Task::Crash) => self
                .act(Act::Fault(Fault::CrashCache {
                    downtime_us: u.downtime_us.unwrap_or(CRASH_DOWNTIME_US),
                }))
                .map(Some),
            Some(Task::StoreDown) => self.act(Act::Fault(Fault::StoreDown)).map(Some),
            Some(Task::StoreUp) => self.act(Act::Fault(Fault::StoreUp)).map(Some),
            Some(Task::PowerCut) => self
                .act(Act::Fault(Fault::StoreCrash {
                    kind: CrashKind::Power,
                    downtime_us: u.downtime_us.unwrap_or(CRASH_DOWNTIME_US),
                }))
                .map(Some),
            Some(Task::LosePrimary) => self.act(Act::Fault(Fault::LosePrimary)).map(Some),
            Some(Task::Read) => self.act(Act::Read(key)).map(Some),
            Some(Task::Write) => self.act(Act::Write(key)).map(Some),
            Some(Task::Step) => {
                self.sim.run_steps(u64::from(u.times.unwrap_or(1)));
                Ok(None)
            }
            Some(Task::Set) => {
                let scenario = u.apply_set(&self.scenario)?;
                *self = if u.restart {
                    Course::new(scenario)?
                } else {
                    let steps = self.sim.steps();
                    Course::replay(scenario, core::mem::take(&mut self.acts), steps)?
                };
                Ok(None)
            }
        }
    }

    /// The answer to `step`'s question, computed from the run: now, or on a
    /// copy taken to the end of the step. `None` if the step asks nothing.
    pub fn answer(&self, step: &Step) -> Option<Result<Expected, String>> {
        let q = step.ask.as_ref()?;
        let key = q.key.map(Key);
        let now = q.figure.measure(&self.sim, key, None);
        let value = match q.when {
            When::Now => now,
            When::After => {
                let mut fork = self.clone();
                let event = match fork.forward(step) {
                    Ok(e) => e,
                    Err(e) => return Some(Err(e)),
                };
                let after = q.figure.measure(&fork.sim, key, event.as_ref());
                if q.change {
                    after.zip(now).map(|(a, n)| a - n)
                } else {
                    after
                }
            }
        };
        Some(match value {
            Some(v) => q.expect(v),
            None => Err(format!("`{}` does not apply here", q.figure.name())),
        })
    }
}
