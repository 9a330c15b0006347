//! The playground's state: the one owner of the [`Sim`], the event log the
//! page shows, and whether it is playing. Changed only through [`Action`]s,
//! each of which returns a new state (Yew's `Reducible`).

use std::collections::VecDeque;
use std::rc::Rc;

use dirtybit_sim::{Event, Key, Scenario, ScenarioError, Sim};
use yew::Reducible;

/// How many events the log keeps on screen; older ones scroll away.
pub const LOG_CAPACITY: usize = 200;

/// The slowest and fastest play speeds, in steps per second.
pub const SPEED_RANGE: (u32, u32) = (1, 60);

/// Everything the page shows, derived from one [`Sim`].
#[derive(Clone, Debug)]
pub struct Playground {
    /// The run as it stands.
    pub sim: Sim,
    /// The run at time zero, for Reset.
    pub start: Sim,
    /// The latest events, oldest first.
    pub log: VecDeque<Event>,
    /// True while the play timer runs.
    pub playing: bool,
    /// Steps per second while playing.
    pub speed: u32,
}

/// What the user (or the play timer) asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Process one event.
    Step,
    /// Start the play timer.
    Play,
    /// Stop the play timer.
    Pause,
    /// Back to time zero, paused.
    Reset,
    /// Change the play speed (clamped to [`SPEED_RANGE`]).
    SetSpeed(u32),
}

impl Playground {
    /// A paused playground at time zero of `scenario`.
    pub fn new(scenario: Scenario) -> Result<Self, ScenarioError> {
        let sim = Sim::new(scenario)?;
        Ok(Playground {
            start: sim.clone(),
            sim,
            log: VecDeque::new(),
            playing: false,
            speed: 4,
        })
    }

    /// The key the latest event concerns, to highlight it.
    #[must_use]
    pub fn last_key(&self) -> Option<Key> {
        self.log.back().and_then(|e| e.kind.key())
    }

    fn step(&mut self) {
        match self.sim.step() {
            Some(event) => {
                if self.log.len() == LOG_CAPACITY {
                    self.log.pop_front();
                }
                self.log.push_back(event);
            }
            // Nothing left: playing on would do nothing.
            None => self.playing = false,
        }
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match action {
            Action::Step => next.step(),
            Action::Play => next.playing = !next.sim.is_done(),
            Action::Pause => next.playing = false,
            Action::Reset => {
                next.sim = next.start.clone();
                next.log.clear();
                next.playing = false;
            }
            Action::SetSpeed(s) => next.speed = s.clamp(SPEED_RANGE.0, SPEED_RANGE.1),
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

    #[test]
    fn step_logs_the_event_and_reset_returns_to_zero() {
        let mut p = Playground::new(Scenario::default()).unwrap();
        for _ in 0..5 {
            p = reduce(p, Action::Step);
        }
        assert_eq!(p.log.len(), 5);
        assert_eq!(p.sim.steps(), 5);
        p = reduce(p, Action::Reset);
        assert!(p.log.is_empty());
        assert_eq!(p.sim.steps(), 0);
    }

    #[test]
    fn the_log_keeps_only_the_latest_events() {
        let mut p = Playground::new(Scenario::default()).unwrap();
        for _ in 0..LOG_CAPACITY + 7 {
            p = reduce(p, Action::Step);
        }
        assert_eq!(p.log.len(), LOG_CAPACITY);
        assert_eq!(p.log.front().unwrap().seq, 7);
    }

    #[test]
    fn playing_stops_when_the_run_ends() {
        let mut s = Scenario::default();
        s.workload.ops = 1;
        let mut p = reduce(Playground::new(s).unwrap(), Action::Play);
        assert!(p.playing);
        for _ in 0..10 {
            p = reduce(p, Action::Step);
        }
        assert!(!p.playing);
        assert!(
            !reduce(p, Action::Play).playing,
            "a finished run does not start playing"
        );
    }

    #[test]
    fn speed_is_clamped() {
        let p = Playground::new(Scenario::default()).unwrap();
        assert_eq!(reduce(p.clone(), Action::SetSpeed(0)).speed, SPEED_RANGE.0);
        assert_eq!(reduce(p, Action::SetSpeed(1_000)).speed, SPEED_RANGE.1);
    }
}
