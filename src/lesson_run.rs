//! The lesson module's state: the tutor (from `dirtybit-lessons`), the run
//! as the playground has it (a replica, kept in step from the playground's
//! news: the run is deterministic, so the same scenario, inputs and step
//! give the same state here as there), the run when each step began (so
//! Back rebuilds it exactly), and the deeds the learner's presses amount
//! to. It never changes the playground itself: it asks, with a [`Goto`],
//! and moves on when the news says the run is there.

use std::rc::Rc;

use dirtybit_lessons::course::{Act, Course};
use dirtybit_lessons::lesson::Lesson;
use dirtybit_lessons::question::Reply;
use dirtybit_lessons::tutor::{Progress, Tutor};
use dirtybit_lessons::until::Deed;
use dirtybit_sim::Fault;

use crate::bridge::{Checkpoint, Goto, LessonMeta, RunNews};
use crate::model::Input;

/// What a pressed input amounts to for a lesson.
#[must_use]
pub fn deed_of(input: Input) -> Deed<'static> {
    match input {
        Input::Read { key } => Deed::Read(key),
        Input::Write { key } => Deed::Write(key),
        Input::Fault { fault } => match fault {
            Fault::CrashCache { .. } | Fault::CacheProcessCrash { .. } | Fault::CachePowerLoss { .. } => {
                Deed::Crash
            }
            Fault::StoreDown | Fault::StoreOutage { .. } => Deed::StoreDown,
            Fault::StoreUp => Deed::StoreUp,
            Fault::StoreCrash { kind, .. } => Deed::StoreCrash(kind),
            Fault::StandbyCrash { kind, .. } => Deed::StandbyCrash(kind),
            Fault::LosePrimary => Deed::LosePrimary,
        },
    }
}

fn checkpoint(course: &Course) -> Checkpoint {
    Checkpoint {
        scenario: course.scenario.clone(),
        inputs: course.acts.iter().map(|&(at, act)| (at, act.into())).collect(),
        steps: course.sim.steps(),
    }
}

/// What the learner asks of the lesson panel.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonAction {
    /// End the step as it says: Next, run to its event, or do its task.
    Forward,
    /// Back to the previous step, the run exactly as it was then.
    Back,
    /// Answer the question.
    Reply(Reply),
    /// Explore freely; the lesson waits.
    Leave,
    /// Back to the lesson, the run as it was when the step began.
    Return,
    /// Start the lesson again.
    Again,
    /// Close the lesson.
    Close,
}

/// A step to show once the run is where the lesson asked it to be.
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    target: Checkpoint,
    then: usize,
}

/// A lesson in progress, over a replica of the playground's run.
#[derive(Clone, Debug)]
pub struct Driver {
    /// Where the learner is, the run's answer, the reply.
    pub tutor: Tutor,
    /// The run when each step up to the current one began.
    begun: Vec<Checkpoint>,
    /// True while the learner explores on their own; the lesson waits.
    pub away: bool,
    /// Something the lesson could not do.
    pub trouble: Option<String>,
    /// The playground's run, as its news says.
    replica: Course,
    presses: u64,
    edits: u64,
    pending: Option<Pending>,
}

/// The replica for `news`.
fn replica_of(news: &RunNews) -> Result<Course, String> {
    let scenario = news.scenario.clone();
    let acts = news.inputs.iter().map(|&(at, i)| (at, i.into())).collect();
    Course::replay(scenario, acts, news.step)
}

impl Driver {
    /// `lesson` over the run in `news`, the runs of its first steps `begun`.
    fn over(lesson: Rc<Lesson>, news: &RunNews, begun: Vec<Checkpoint>) -> Result<Driver, String> {
        Ok(Driver {
            tutor: Tutor::new(lesson),
            begun,
            away: false,
            trouble: None,
            replica: replica_of(news)?,
            presses: news.presses,
            edits: news.edits,
            pending: None,
        })
    }

    /// `lesson` from its first step: asks the playground to load the
    /// lesson's scenario at time zero (nothing to ask if it has), and shows
    /// the step once it has.
    pub fn open(lesson: Rc<Lesson>, news: &RunNews) -> Result<(Driver, Option<Goto>), String> {
        let scenario = lesson
            .scenario(crate::presets::preset)
            .map_err(|e| e.to_string())?;
        let said = format!("Lesson: {}. The run starts at step 0.", lesson.title);
        let mut d = Driver::over(lesson, news, Vec::new())?;
        let target = Checkpoint {
            scenario,
            inputs: Vec::new(),
            steps: 0,
        };
        let g = d.go(target, 0, Some(said));
        Ok((d, g))
    }

    /// `lesson` at step `k` over the run as the playground has it (a link,
    /// a reload); the earlier steps' runs are the lesson walked headlessly.
    pub fn resume(lesson: Rc<Lesson>, k: usize, news: &RunNews) -> Result<Driver, String> {
        let k = k.min(lesson.steps.len());
        let begun: Vec<Checkpoint> = lesson
            .scenario(crate::presets::preset)
            .ok()
            .and_then(|s| dirtybit_lessons::walk::walk(&lesson, s).ok())
            .map(|visits| visits.iter().take(k).map(|v| checkpoint(&v.course)).collect())
            .unwrap_or_default();
        let mut d = Driver::over(lesson, news, begun)?;
        let k = d.begun.len();
        d.enter(k);
        Ok(d)
    }

    /// The lesson.
    #[must_use]
    pub fn lesson(&self) -> &Lesson {
        &self.tutor.lesson
    }

    /// The run as the playground has it.
    #[must_use]
    pub fn run(&self) -> &Course {
        &self.replica
    }

    /// What the playground shows about the lesson.
    #[must_use]
    pub fn meta(&self) -> LessonMeta {
        LessonMeta {
            id: self.lesson().id.clone(),
            title: self.lesson().title.clone(),
            step: self.tutor.step,
            focus: self
                .tutor
                .current()
                .and_then(|s| s.focus)
                .map(|f| f.name().to_string()),
            away: self.away,
        }
    }

    /// True while the lesson waits for the playground to reach a state.
    #[must_use]
    pub fn waiting(&self) -> bool {
        self.pending.is_some()
    }

    /// Shows step `k` over the run as it stands, with the run's answer.
    fn enter(&mut self, k: usize) {
        self.begun.truncate(k);
        self.begun.push(checkpoint(&self.replica));
        let expected = self
            .tutor
            .lesson
            .steps
            .get(k)
            .and_then(|step| self.replica.answer(step));
        self.tutor.enter(k, expected);
        self.away = false;
        self.pending = None;
    }

    /// Enters the pending step if the run is where it was asked to be.
    fn settle(&mut self) {
        if let Some(p) = &self.pending {
            if checkpoint(&self.replica) == p.target {
                let then = p.then;
                self.enter(then);
            }
        }
    }

    /// The playground's run changed: follow it, count the learner's deeds,
    /// and move on when the step's task is done. May ask for a state (a
    /// `do: set` that starts the run over).
    pub fn news(&mut self, news: &RunNews) -> Option<Goto> {
        let before = self.replica.acts.len();
        let old_scenario = self.replica.scenario.clone();
        let scenario = news.scenario.clone();
        let acts: Vec<(u64, Act)> = news.inputs.iter().map(|&(at, i)| (at, i.into())).collect();
        let same = scenario == old_scenario;
        if !(same && self.replica.catch_up(&acts, news.step)) {
            match Course::replay(scenario, acts, news.step) {
                Ok(c) => self.replica = c,
                Err(e) => self.trouble = Some(e),
            }
        }
        let presses = news.presses.saturating_sub(self.presses);
        let edited = news.edits > self.edits && !same;
        self.presses = news.presses;
        self.edits = news.edits;
        if self.pending.is_some() {
            self.settle();
            return None;
        }
        if self.away {
            return None;
        }
        let mut done = false;
        for _ in 0..presses {
            done |= self.tutor.deed(&Deed::Step) == Progress::Done;
        }
        if same {
            let new: Vec<Input> = news.inputs.iter().skip(before).map(|&(_, i)| i).collect();
            for input in new {
                done |= self.tutor.deed(&deed_of(input)) == Progress::Done;
            }
        }
        if edited {
            let s = self.replica.scenario.clone();
            done |= self.tutor.deed(&Deed::Edited(&s)) == Progress::Done;
        }
        if !done {
            return None;
        }
        let k = self.tutor.step;
        let restart = self.tutor.current().is_some_and(|s| s.until.restart);
        if restart {
            let target = Checkpoint {
                scenario: self.replica.scenario.clone(),
                inputs: Vec::new(),
                steps: 0,
            };
            return self.go(
                target,
                k + 1,
                Some("Set: the run starts over with the new setting.".into()),
            );
        }
        self.enter(k + 1);
        None
    }

    /// Asks for `target` and shows step `then` once the run is there (at
    /// once if it already is).
    fn go(&mut self, target: Checkpoint, then: usize, said: Option<String>) -> Option<Goto> {
        let g = Goto {
            scenario: target.scenario.clone(),
            inputs: target.inputs.clone(),
            step: target.steps,
            said,
        };
        self.pending = Some(Pending { target, then });
        self.settle();
        self.pending.is_some().then_some(g)
    }

    /// What the learner asked of the panel; a state for the playground to
    /// go to, if the lesson needs one.
    pub fn act(&mut self, action: &LessonAction) -> Option<Goto> {
        match action {
            LessonAction::Reply(r) => {
                self.tutor.reply(*r);
                None
            }
            LessonAction::Leave => {
                self.away = true;
                None
            }
            LessonAction::Return | LessonAction::Back => {
                let k = self.tutor.step;
                let k = if *action == LessonAction::Back {
                    k.saturating_sub(1)
                } else {
                    k
                };
                let cp = self.begun.get(k)?.clone();
                self.go(
                    cp,
                    k,
                    Some(format!(
                        "Back at step {} of the lesson, the run as it was then.",
                        k + 1
                    )),
                )
            }
            LessonAction::Again => {
                let cp = self.begun.first()?.clone();
                self.go(cp, 0, Some("The lesson starts again.".into()))
            }
            LessonAction::Close => None,
            LessonAction::Forward => self.forward(),
        }
    }

    fn forward(&mut self) -> Option<Goto> {
        if self.tutor.awaits_reply() || self.away || self.pending.is_some() {
            return None;
        }
        let lesson = Rc::clone(&self.tutor.lesson);
        let k = self.tutor.step;
        let step = lesson.steps.get(k)?;
        let u = &step.until;
        if u.event.is_none() && u.steps.is_none() && u.task.is_none() {
            self.enter(k + 1);
            return None;
        }
        let mut fork = self.replica.clone();
        match fork.forward(step) {
            Ok(event) => {
                self.trouble = None;
                let said = event.map(|e| format!("Ran to t = {}: {}.", e.at.human(), e.kind));
                let mut target = checkpoint(&fork);
                if u.restart {
                    target.inputs.clear();
                    target.steps = 0;
                }
                self.go(target, k + 1, said)
            }
            Err(e) => {
                self.trouble = Some(format!("The lesson could not go on: {e}."));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! The lesson module and the playground, both halves natively: the
    //! playground's model takes the lesson's Gotos, the driver takes the
    //! playground's news, as the two wasm modules do through the bridge.

    use std::rc::Rc;

    use dirtybit_lessons::lesson::Lesson;
    use dirtybit_lessons::question::Reply;
    use dirtybit_sim::{Fault, Key};
    use yew::Reducible;

    use super::{Driver, LessonAction};
    use crate::bridge::{Goto, RunNews};
    use crate::model::{Action, Input, Playground};

    fn reduce(p: Playground, a: Action) -> Playground {
        Rc::unwrap_or_clone(Rc::new(p).reduce(a))
    }

    fn lesson(id: &str) -> Rc<Lesson> {
        let path = format!("{}/lessons/{id}.json", env!("CARGO_MANIFEST_DIR"));
        Rc::new(Lesson::decode(&std::fs::read_to_string(path).unwrap(), id).unwrap())
    }

    fn news(p: &Playground) -> RunNews {
        let run = p.run();
        RunNews {
            scenario: run.scenario.clone(),
            inputs: run.inputs.clone(),
            step: run.sim.steps(),
            presses: p.presses,
            edits: p.edits,
        }
    }

    /// The page: the playground and the lesson module, talking.
    struct Page {
        p: Playground,
        d: Driver,
    }

    impl Page {
        fn open(id: &str) -> Page {
            let p = Playground::new(crate::presets::default_scenario()).unwrap();
            let (d, g) = Driver::open(lesson(id), &news(&p)).unwrap();
            let mut page = Page { p, d };
            page.deliver(g);
            page
        }

        /// The playground goes where asked; the driver hears the news.
        fn deliver(&mut self, mut goto: Option<Goto>) {
            while let Some(g) = goto.take() {
                self.p = reduce(self.p.clone(), Action::Goto(Box::new(g)));
                goto = self.d.news(&news(&self.p));
            }
        }

        fn lesson(&mut self, a: LessonAction) {
            let g = self.d.act(&a);
            self.deliver(g);
        }

        fn playground(&mut self, a: Action) {
            self.p = reduce(self.p.clone(), a);
            let g = self.d.news(&news(&self.p));
            self.deliver(g);
        }

        fn step(&self) -> usize {
            self.d.tutor.step
        }

        fn steps(&self) -> u64 {
            self.p.run().sim.steps()
        }
    }

    #[test]
    fn a_lesson_loads_its_scenario_runs_to_its_event_and_waits_for_the_learners_crash() {
        let mut page = Page::open("write-behind-loss-window");
        assert_eq!((page.step(), page.steps()), (0, 0));
        assert!(
            page.p.run().scenario.name.starts_with("Write-behind lesson"),
            "the lesson's scenario is loaded"
        );
        // Step 0 asks first: forward does nothing until the reply.
        page.lesson(LessonAction::Forward);
        assert_eq!(page.step(), 0);
        page.lesson(LessonAction::Reply(Reply::Number(1.5)));
        assert!(page.d.tutor.graded.as_ref().unwrap().right);
        page.lesson(LessonAction::Forward);
        assert_eq!(page.step(), 1, "ran to the first acknowledgement");
        assert_eq!(page.p.run().sim.metrics().writes_acked, 1);
        page.lesson(LessonAction::Forward);
        assert_eq!((page.step(), page.p.run().sim.metrics().writes_acked), (2, 4));
        page.lesson(LessonAction::Reply(Reply::Choice(0)));
        assert!(
            !page.d.tutor.graded.as_ref().unwrap().right,
            "4 are lost, not none"
        );
        // A Step press is not the task.
        let before = page.steps();
        page.playground(Action::Step);
        assert_eq!((page.step(), page.steps()), (2, before + 1));
        // That step sent the first flush, of k0 alone (the only ripe entry):
        // a flush the store may still apply is no longer at risk.
        let at_risk = page.p.run().sim.crash_would_lose().len() as u64;
        assert_eq!(at_risk, 3);
        page.playground(Action::Input(Input::Fault {
            fault: Fault::CrashCache {
                downtime_us: dirtybit_sim::fault::CRASH_DOWNTIME_US,
            },
        }));
        assert_eq!(page.step(), 3, "the crash was the task");
        assert_eq!(page.p.run().sim.metrics().writes_lost_in_crashes, at_risk);
        // The replica is the playground's run, exactly.
        assert_eq!(page.d.run().sim.steps(), page.steps());
        assert_eq!(page.d.run().sim.metrics(), page.p.run().sim.metrics());
    }

    #[test]
    fn back_rebuilds_the_run_exactly_as_the_step_began() {
        let mut page = Page::open("write-behind-loss-window");
        page.lesson(LessonAction::Reply(Reply::Number(1.0)));
        page.lesson(LessonAction::Forward);
        page.lesson(LessonAction::Forward);
        let (steps, entries, metrics) = {
            let run = page.p.run();
            (
                run.sim.steps(),
                run.sim.cache_entries(),
                run.sim.metrics().clone(),
            )
        };
        page.lesson(LessonAction::Reply(Reply::Choice(2)));
        page.lesson(LessonAction::Forward);
        assert_eq!(page.step(), 3, "the crash, done for the learner");
        assert!(page.p.run().sim.metrics().crashes == 1);
        page.lesson(LessonAction::Back);
        assert_eq!(page.step(), 2);
        let run = page.p.run();
        assert_eq!(run.sim.steps(), steps);
        assert_eq!(run.sim.cache_entries(), entries);
        assert_eq!(run.sim.metrics(), &metrics);
        assert!(run.sim.cache_up(), "before the crash");
    }

    #[test]
    fn leaving_to_explore_and_returning_restores_the_step() {
        let mut page = Page::open("cache-aside-race");
        page.lesson(LessonAction::Reply(Reply::Choice(0)));
        page.lesson(LessonAction::Forward);
        let at = page.steps();
        page.lesson(LessonAction::Leave);
        for _ in 0..5 {
            page.playground(Action::Step);
        }
        page.playground(Action::Input(Input::Write { key: Key(1) }));
        assert_eq!(page.step(), 1, "the lesson waits while away");
        page.lesson(LessonAction::Return);
        assert!(!page.d.away);
        assert_eq!((page.step(), page.steps()), (1, at));
        assert!(page.p.run().inputs.is_empty(), "the explored inputs are gone");
    }

    #[test]
    fn a_set_task_done_for_the_learner_restarts_the_run_when_the_lesson_says_so() {
        let mut page = Page::open("read-through-herd");
        page.lesson(LessonAction::Reply(Reply::Number(20.0)));
        page.lesson(LessonAction::Forward);
        assert_eq!(page.step(), 1);
        assert!(page.steps() > 0);
        page.lesson(LessonAction::Forward);
        assert_eq!((page.step(), page.steps()), (2, 0));
        assert!(page.p.run().scenario.cache.single_flight);
    }

    #[test]
    fn a_knob_the_learner_sets_is_the_task_and_the_run_starts_over() {
        let mut page = Page::open("coalescing-batching");
        page.lesson(LessonAction::Reply(Reply::Choice(0)));
        page.lesson(LessonAction::Forward);
        assert_eq!(page.step(), 1);
        let mut s = page.p.run().scenario.clone();
        if let dirtybit_sim::Policy::WriteBehind(wb) = &mut s.policy {
            wb.coalescing = false;
        }
        page.playground(Action::Edit(Box::new(s)));
        assert_eq!((page.step(), page.steps()), (2, 0));
    }

    #[test]
    fn resuming_at_a_step_rebuilds_earlier_steps_from_the_walk() {
        let l = lesson("write-through-dax");
        let p = Playground::new(l.scenario(crate::presets::preset).unwrap()).unwrap();
        let d = Driver::resume(Rc::clone(&l), 3, &news(&p)).unwrap();
        let mut page = Page { p, d };
        assert_eq!(page.step(), 3);
        page.lesson(LessonAction::Back);
        assert_eq!(page.step(), 2);
        // Step 2 began after the read at 20 ms: 8 events in.
        assert_eq!(page.steps(), 8);
    }
}
