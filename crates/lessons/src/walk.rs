//! A lesson run headlessly, start to end, the way a learner who does
//! exactly what each step asks would take it: every trigger must fire,
//! every question must have an answer the run computes (and exactly one
//! choice must hold it). The tests and the page's Back use it.

use dirtybit_sim::time::SimTime;
use dirtybit_sim::Scenario;

use crate::course::Course;
use crate::error::LessonError;
use crate::figure::narrate;
use crate::lesson::Lesson;
use crate::question::Expected;

/// One step as the walk found it.
#[derive(Clone, Debug)]
pub struct Visit {
    /// The narration with the run's figures filled in.
    pub said: String,
    /// The run when the step began.
    pub course: Course,
    /// The answer to the step's question, if it asks one.
    pub expected: Option<Expected>,
    /// When the step ended, and after how many events.
    pub ended: (SimTime, u64),
}

/// Walks `lesson` over `scenario` (its resolved preset or scenario); the
/// steps as visited, or an error naming the step and what went wrong.
pub fn walk(lesson: &Lesson, scenario: Scenario) -> Result<Vec<Visit>, LessonError> {
    let mut course = Course::new(scenario).map_err(|m| LessonError::new(&lesson.id, "scenario", m))?;
    let mut visits = Vec::with_capacity(lesson.steps.len());
    for (i, step) in lesson.steps.iter().enumerate() {
        let expected = course
            .answer(step)
            .transpose()
            .map_err(|m| LessonError::new(&lesson.id, format!("steps[{i}].ask"), m))?;
        let said = narrate(&step.say, &course.sim);
        let begun = course.clone();
        course
            .forward(step)
            .map_err(|m| LessonError::new(&lesson.id, format!("steps[{i}].until"), m))?;
        visits.push(Visit {
            said,
            course: begun,
            expected,
            ended: (course.sim.now(), course.sim.steps()),
        });
    }
    Ok(visits)
}
