//! Why a lesson cannot be used: the lesson, the field (a path such as
//! `steps[3].until.event`) and what is allowed there.

use core::fmt;

use dirtybit_sim::ScenarioError;

/// A broken lesson file, or a lesson whose run does not do what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// The lesson's id (or its file name when the id could not be read).
    pub lesson: String,
    /// The path of the field, e.g. `steps[2].ask.choices`.
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lesson `{}`, {}: {}", self.lesson, self.field, self.message)
    }
}

impl std::error::Error for LessonError {}

impl LessonError {
    /// An error about `field` of `lesson`.
    pub fn new(lesson: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        LessonError {
            lesson: lesson.into(),
            field: field.into(),
            message: message.into(),
        }
    }

    /// A scenario error inside the lesson, under `prefix` (`scenario.`,
    /// `steps[4].until.value.`).
    pub fn from_scenario(lesson: &str, prefix: &str, e: ScenarioError) -> Self {
        LessonError::new(lesson, format!("{prefix}{}", e.field), e.message)
    }
}
