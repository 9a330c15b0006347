//! A lesson over the playground's run. The tutor (from `dirtybit-lessons`)
//! says which step is shown and grades replies; this module keeps the run as
//! it was when each step began, so Back rebuilds it exactly (the run is
//! deterministic: rebuilt from scenario, inputs and step, never patched),
//! turns the page's actions into the learner's deeds, and ends a step the
//! way the lesson says, through the same run the page shows.

use std::rc::Rc;

use dirtybit_lessons::course::{Act, Course, REACH};
use dirtybit_lessons::lesson::{Lesson, Step};
use dirtybit_lessons::tutor::{Progress, Tutor};
use dirtybit_lessons::until::{Deed, Task, CRASH_DOWNTIME_US};
use dirtybit_sim::{Fault, Key, Scenario};

use crate::model::{Input, Run};

/// The run when a step began.
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    /// The scenario.
    pub scenario: Scenario,
    /// The inputs, each after its number of steps.
    pub inputs: Vec<(u64, Input)>,
    /// How many steps into the run.
    pub steps: u64,
}

impl Checkpoint {
    /// Where `run` stands now.
    #[must_use]
    pub fn of(run: &Run) -> Checkpoint {
        Checkpoint {
            scenario: run.scenario.clone(),
            inputs: run.inputs.clone(),
            steps: run.sim.steps(),
        }
    }

    /// Where `course` stands (a step of the lesson walked headlessly).
    #[must_use]
    pub fn of_course(course: &Course) -> Checkpoint {
        Checkpoint {
            scenario: course.scenario.clone(),
            inputs: course.acts.iter().map(|&(at, act)| (at, input_of(act))).collect(),
            steps: course.sim.steps(),
        }
    }
}

/// The page's input for a lesson's act.
#[must_use]
pub fn input_of(act: Act) -> Input {
    match act {
        Act::Read(key) => Input::Read { key },
        Act::Write(key) => Input::Write { key },
        Act::Fault(fault) => Input::Fault { fault },
    }
}

/// The lesson's act for a page's input.
#[must_use]
pub fn act_of(input: Input) -> Act {
    match input {
        Input::Read { key } => Act::Read(key),
        Input::Write { key } => Act::Write(key),
        Input::Fault { fault } => Act::Fault(fault),
    }
}

/// What a pressed input amounts to for a lesson.
#[must_use]
pub fn deed_of(input: Input) -> Deed<'static> {
    match input {
        Input::Read { key } => Deed::Read(key),
        Input::Write { key } => Deed::Write(key),
        Input::Fault { fault } => match fault {
            Fault::CrashCache { .. } => Deed::Crash,
            Fault::StoreDown | Fault::StoreOutage { .. } => Deed::StoreDown,
            Fault::StoreUp => Deed::StoreUp,
        },
    }
}

/// A lesson in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonRun {
    /// Where the learner is, the run's answer, the reply.
    pub tutor: Tutor,
    /// The run when each step up to the current one began.
    begun: Vec<Checkpoint>,
    /// True while the learner explores on their own; the lesson waits.
    pub away: bool,
    /// Something the lesson could not do (a trigger that never fired).
    pub trouble: Option<String>,
}

impl LessonRun {
    /// `lesson` at its first step, over `run` (the lesson's scenario at time zero).
    #[must_use]
    pub fn open(lesson: Rc<Lesson>, run: &Run) -> LessonRun {
        let mut l = LessonRun {
            tutor: Tutor::new(lesson),
            begun: Vec::new(),
            away: false,
            trouble: None,
        };
        l.enter(0, run);
        l
    }

    /// `lesson` at step `k` over `run` as it stands (a link or a reload):
    /// the earlier steps' runs are the lesson walked headlessly.
    #[must_use]
    pub fn resume(lesson: Rc<Lesson>, k: usize, run: &Run) -> LessonRun {
        let k = k.min(lesson.steps.len());
        let mut begun: Vec<Checkpoint> = lesson
            .scenario(crate::presets::preset)
            .ok()
            .and_then(|s| dirtybit_lessons::walk::walk(&lesson, s).ok())
            .map(|visits| visits.iter().take(k).map(|v| Checkpoint::of_course(&v.course)).collect())
            .unwrap_or_default();
        begun.truncate(k);
        let mut l = LessonRun {
            tutor: Tutor::new(lesson),
            begun,
            away: false,
            trouble: None,
        };
        let k = l.begun.len();
        l.enter(k, run);
        l
    }

    /// The lesson.
    #[must_use]
    pub fn lesson(&self) -> &Lesson {
        &self.tutor.lesson
    }

    /// Shows step `k` over `run` as it stands now, with the run's answer to
    /// its question.
    pub fn enter(&mut self, k: usize, run: &Run) {
        self.begun.truncate(k);
        self.begun.push(Checkpoint::of(run));
        let expected = self.tutor.lesson.steps.get(k).and_then(|step| course_of(run).answer(step));
        self.tutor.enter(k, expected);
        self.away = false;
    }

    /// The run when step `k` began.
    #[must_use]
    pub fn begun(&self, k: usize) -> Option<&Checkpoint> {
        self.begun.get(k)
    }

    /// Counts a deed against the step's task; true if the step is done.
    pub fn deed(&mut self, deed: &Deed<'_>) -> bool {
        !self.away && self.tutor.deed(deed) == Progress::Done
    }
}

/// `run` as a lesson's course (to compute an answer on a copy of it).
fn course_of(run: &Run) -> Course {
    Course {
        scenario: run.scenario.clone(),
        acts: run.inputs.iter().map(|&(at, i)| (at, act_of(i))).collect(),
        sim: run.sim.clone(),
    }
}

/// What ends `step` when the learner presses its button: run to its event,
/// run its events, or do its task for them. Returns a sentence saying what
/// happened, or why it could not.
pub fn forward(step: &Step, run: &mut Run) -> Result<ForwardDone, String> {
    let u = &step.until;
    if u.event.is_some() {
        let e = run.run_until(|e| u.matches(e), u.nth(), REACH)?;
        return Ok(ForwardDone::Said(format!("Ran to t = {}: {}.", e.at.human(), e.kind)));
    }
    if let Some(n) = u.steps {
        let before = run.sim.steps();
        run.run_events(n);
        let ran = run.sim.steps() - before;
        let end = if run.sim.is_done() { " (the run is over)" } else { "" };
        return Ok(ForwardDone::Said(format!("Ran {ran} events to t = {}{end}.", run.sim.now().human())));
    }
    let key = Key(u.key.unwrap_or(0));
    let input = match u.task {
        None => return Ok(ForwardDone::Said(String::new())),
        Some(Task::Crash) => Input::Fault {
            fault: Fault::CrashCache {
                downtime_us: u.downtime_us.unwrap_or(CRASH_DOWNTIME_US),
            },
        },
        Some(Task::StoreDown) => Input::Fault { fault: Fault::StoreDown },
        Some(Task::StoreUp) => Input::Fault { fault: Fault::StoreUp },
        Some(Task::Read) => Input::Read { key },
        Some(Task::Write) => Input::Write { key },
        Some(Task::Step) => return Ok(ForwardDone::Steps(u.times.unwrap_or(1))),
        Some(Task::Set) => return u.apply_set(&run.scenario).map(|s| ForwardDone::Set(Box::new(s), u.restart)),
    };
    Ok(ForwardDone::Input(input))
}

/// What [`forward`] leaves for the playground to do.
#[derive(Debug)]
pub enum ForwardDone {
    /// The step is over; say this.
    Said(String),
    /// Apply this input, as if pressed.
    Input(Input),
    /// Press Step this many times.
    Steps(u32),
    /// Change the scenario to this (and start over if true).
    Set(Box<Scenario>, bool),
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use dirtybit_lessons::lesson::Lesson;
    use dirtybit_lessons::question::Reply;
    use yew::Reducible;

    use crate::model::{Action, Input, Playground};
    use dirtybit_sim::Fault;

    fn reduce(p: Playground, a: Action) -> Playground {
        Rc::unwrap_or_clone(Rc::new(p).reduce(a))
    }

    fn lesson(id: &str) -> Rc<Lesson> {
        let path = format!("{}/lessons/{id}.json", env!("CARGO_MANIFEST_DIR"));
        Rc::new(Lesson::decode(&std::fs::read_to_string(path).unwrap(), id).unwrap())
    }

    fn step_of(p: &Playground) -> usize {
        p.lesson.as_ref().unwrap().tutor.step
    }

    fn opened(id: &str) -> Playground {
        let p = Playground::new(crate::presets::default_scenario()).unwrap();
        reduce(p, Action::OpenLesson(lesson(id)))
    }

    #[test]
    fn a_lesson_runs_to_its_event_waits_for_the_reply_and_for_the_learners_crash() {
        let mut p = opened("write-behind-loss-window");
        assert_eq!((step_of(&p), p.run().sim.steps()), (0, 0));
        // Step 0 asks first: forward does nothing until the reply.
        p = reduce(p, Action::LessonForward);
        assert_eq!(step_of(&p), 0);
        p = reduce(p, Action::LessonReply(Reply::Number(1.5)));
        assert!(p.lesson.as_ref().unwrap().tutor.graded.as_ref().unwrap().right);
        p = reduce(p, Action::LessonForward);
        assert_eq!(step_of(&p), 1, "ran to the first acknowledgement");
        assert_eq!(p.run().sim.metrics().writes_acked, 1);
        p = reduce(p, Action::LessonForward);
        assert_eq!((step_of(&p), p.run().sim.metrics().writes_acked), (2, 4));
        // Step 2 waits for the learner's crash (after a reply): a Step press is not it.
        p = reduce(p, Action::LessonReply(Reply::Choice(0)));
        assert!(!p.lesson.as_ref().unwrap().tutor.graded.as_ref().unwrap().right, "4 are lost, not none");
        let before = p.run().sim.steps();
        p = reduce(p, Action::Step);
        assert_eq!((step_of(&p), p.run().sim.steps()), (2, before + 1));
        // That step sent the first flush, of k0 alone (the only ripe entry):
        // a flush the store may still apply is no longer at risk.
        let at_risk = p.run().sim.crash_would_lose().len() as u64;
        assert_eq!(at_risk, 3);
        p = reduce(
            p,
            Action::Input(Input::Fault {
                fault: Fault::CrashCache { downtime_us: 50_000 },
            }),
        );
        assert_eq!(step_of(&p), 3, "the crash was the task");
        assert_eq!(p.run().sim.metrics().writes_lost_in_crashes, at_risk);
    }

    #[test]
    fn back_rebuilds_the_run_exactly_as_the_step_began() {
        let mut p = opened("write-behind-loss-window");
        p = reduce(p, Action::LessonReply(Reply::Number(1.0)));
        p = reduce(p, Action::LessonForward);
        p = reduce(p, Action::LessonForward);
        let (steps, entries, metrics) = {
            let run = p.run();
            (run.sim.steps(), run.sim.cache_entries(), run.sim.metrics().clone())
        };
        // On to step 3 (crash done for the learner), then Back.
        p = reduce(p, Action::LessonReply(Reply::Choice(2)));
        p = reduce(p, Action::LessonForward);
        assert_eq!(step_of(&p), 3);
        p = reduce(p, Action::LessonBack);
        assert_eq!(step_of(&p), 2);
        let run = p.run();
        assert_eq!(run.sim.steps(), steps);
        assert_eq!(run.sim.cache_entries(), entries);
        assert_eq!(run.sim.metrics(), &metrics);
        assert!(run.sim.cache_up(), "before the crash");
    }

    #[test]
    fn leaving_to_explore_and_returning_restores_the_step() {
        let mut p = opened("cache-aside-race");
        p = reduce(p, Action::LessonReply(Reply::Choice(0)));
        p = reduce(p, Action::LessonForward);
        let at = p.run().sim.steps();
        p = reduce(p, Action::LessonLeave);
        for _ in 0..5 {
            p = reduce(p, Action::Step);
        }
        p = reduce(p, Action::Input(Input::Write { key: dirtybit_sim::Key(1) }));
        assert_eq!(step_of(&p), 1, "the lesson waits while away");
        p = reduce(p, Action::LessonReturn);
        assert!(!p.lesson.as_ref().unwrap().away);
        assert_eq!((step_of(&p), p.run().sim.steps()), (1, at));
        assert!(p.run().inputs.is_empty(), "the explored inputs are gone");
    }

    #[test]
    fn a_set_task_done_for_the_learner_restarts_the_run_when_the_lesson_says_so() {
        let mut p = opened("read-through-herd");
        p = reduce(p, Action::LessonReply(Reply::Number(20.0)));
        p = reduce(p, Action::LessonForward);
        assert_eq!(step_of(&p), 1);
        assert!(p.run().sim.steps() > 0);
        p = reduce(p, Action::LessonForward);
        assert_eq!((step_of(&p), p.run().sim.steps()), (2, 0));
        assert!(p.run().scenario.cache.single_flight);
    }

    #[test]
    fn resuming_at_a_step_rebuilds_earlier_steps_from_the_walk() {
        let l = lesson("write-through-dax");
        let p = Playground::new(l.scenario(crate::presets::preset).unwrap()).unwrap();
        let mut p = reduce(p, Action::ResumeLesson(Rc::clone(&l), 3));
        assert_eq!(step_of(&p), 3);
        p = reduce(p, Action::LessonBack);
        assert_eq!(step_of(&p), 2);
        // Step 2 began after the read at 20 ms: 8 events in.
        assert_eq!(p.run().sim.steps(), 8);
    }
}
