//! A learner's way through a lesson: which step they are on, the run's
//! answer to its question, their graded reply, and whether the learner's
//! deeds have done the step's task. The page holds one; it never runs the
//! model itself (the page's run does, through [`crate::course`]).

use std::rc::Rc;

use crate::lesson::{Lesson, Step};
use crate::question::{Expected, Graded, Reply};
use crate::until::{Deed, Task};

/// Where a learner is in a lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Tutor {
    /// The lesson.
    pub lesson: Rc<Lesson>,
    /// The step shown; `lesson.steps.len()` means the summary.
    pub step: usize,
    /// The run's answer to the step's question (or why it has none).
    pub expected: Option<Result<Expected, String>>,
    /// The learner's reply, graded.
    pub graded: Option<Graded>,
    /// `do: step`: presses so far.
    pub presses: u32,
}

/// What a deed did to the lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Nothing: it was not the step's task (or not all of it yet).
    Nothing,
    /// The step's task is done: go to the next step.
    Done,
}

impl Tutor {
    /// At the first step of `lesson`.
    #[must_use]
    pub fn new(lesson: Rc<Lesson>) -> Tutor {
        Tutor {
            lesson,
            step: 0,
            expected: None,
            graded: None,
            presses: 0,
        }
    }

    /// The step shown, unless the lesson is at its summary.
    #[must_use]
    pub fn current(&self) -> Option<&Step> {
        self.lesson.steps.get(self.step)
    }

    /// True at the summary.
    #[must_use]
    pub fn finished(&self) -> bool {
        self.step >= self.lesson.steps.len()
    }

    /// Shows step `k` (clamped to the summary), with the run's answer to
    /// its question.
    pub fn enter(&mut self, k: usize, expected: Option<Result<Expected, String>>) {
        self.step = k.min(self.lesson.steps.len());
        self.expected = expected;
        self.graded = None;
        self.presses = 0;
    }

    /// True while the step's question waits for a reply: the run does not
    /// go on before it.
    #[must_use]
    pub fn awaits_reply(&self) -> bool {
        self.current().is_some_and(|s| s.ask.is_some()) && self.graded.is_none()
    }

    /// Grades `reply` (once: the first reply counts); `None` if there is
    /// nothing to grade.
    pub fn reply(&mut self, reply: Reply) -> Option<&Graded> {
        if self.graded.is_none() {
            let q = self.current()?.ask.as_ref()?;
            let expected = self.expected.as_ref()?.as_ref().ok()?;
            self.graded = Some(q.grade(reply, expected));
        }
        self.graded.as_ref()
    }

    /// Counts a learner's deed against the step's task.
    pub fn deed(&mut self, deed: &Deed<'_>) -> Progress {
        if self.awaits_reply() {
            return Progress::Nothing;
        }
        let lesson = Rc::clone(&self.lesson);
        let Some(step) = lesson.steps.get(self.step) else {
            return Progress::Nothing;
        };
        let until = &step.until;
        if !until.done_by(deed) {
            return Progress::Nothing;
        }
        if until.task == Some(Task::Step) {
            self.presses += 1;
            if self.presses < until.times.unwrap_or(1) {
                return Progress::Nothing;
            }
        }
        Progress::Done
    }
}
