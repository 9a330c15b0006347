//! A lesson as data: where it comes from, the run it uses, its steps
//! (narration, the part of the page it talks about, a question, how the
//! step ends) and a summary. Read from JSON and checked, with errors that
//! name the lesson, the step and the field.

use dirtybit_sim::event::EventKind;
use dirtybit_sim::Scenario;
use serde::Deserialize;

use crate::error::LessonError;
use crate::figure::{decimal, pieces};
use crate::question::{Question, When};
use crate::until::{Task, Until};

/// The reference text a lesson teaches from.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Its file under `reference/` (or a product's documentation).
    pub text: String,
    /// The section it teaches.
    pub section: String,
}

/// A part of the page a step talks about, highlighted while it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// Step, Play, Reset.
    Controls,
    /// The read, write, crash and outage buttons.
    Inputs,
    /// The path from clients through the cache to the store.
    Diagram,
    /// The cache's entries.
    Cache,
    /// The store's rows.
    Store,
    /// The layers below the store.
    Below,
    /// The store's standby.
    Standby,
    /// The flush queue.
    Queue,
    /// What a crash now would lose, and what was lost.
    Loss,
    /// The figures.
    Metrics,
    /// The charts.
    Charts,
    /// The event log.
    Log,
    /// The knobs.
    Knobs,
    /// The scenario editor.
    Editor,
}

impl Part {
    /// Its name in lesson files (and the page's `data-focus`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Part::Controls => "controls",
            Part::Inputs => "inputs",
            Part::Diagram => "diagram",
            Part::Cache => "cache",
            Part::Store => "store",
            Part::Below => "below",
            Part::Standby => "standby",
            Part::Queue => "queue",
            Part::Loss => "loss",
            Part::Metrics => "metrics",
            Part::Charts => "charts",
            Part::Log => "log",
            Part::Knobs => "knobs",
            Part::Editor => "editor",
        }
    }
}

/// One step of a lesson.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What the step says; `{figure}` and `{figure:K}` show the run's figures.
    pub say: String,
    /// The part of the page it talks about.
    #[serde(default)]
    pub focus: Option<Part>,
    /// A question to answer before the run goes on.
    #[serde(default)]
    pub ask: Option<Question>,
    /// How the step ends (default: Next).
    #[serde(default)]
    pub until: Until,
}

/// A lesson.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Its id, used in `?lesson=ID` (the file is `lessons/ID.json`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// One line for the picker.
    pub line: String,
    /// What it teaches from.
    pub source: Source,
    /// About how long it takes, in minutes.
    pub minutes: u32,
    /// The preset it runs, by name (or `scenario`).
    #[serde(default)]
    pub preset: Option<String>,
    /// The scenario it runs (or `preset`).
    #[serde(default, deserialize_with = "some_object")]
    pub scenario: Option<Scenario>,
    /// Its steps, in order.
    pub steps: Vec<Step>,
    /// What the learner saw, a sentence each, shown at the end.
    pub summary: Vec<String>,
}

/// A scenario that must be a JSON object, as in a link.
fn some_object<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Scenario>, D::Error> {
    dirtybit_sim::json::object(d).map(Some)
}

/// The longest narration, question or summary line accepted, in bytes.
pub const MAX_TEXT: usize = 2000;
/// The most steps in a lesson.
pub const MAX_STEPS: usize = 40;

impl Lesson {
    /// Reads a lesson file and checks it; `name` names it in errors until
    /// its id is known.
    pub fn decode(text: &str, name: &str) -> Result<Lesson, LessonError> {
        dirtybit_sim::json::must_be_object(text, "(the lesson)")
            .map_err(|e| LessonError::new(name, e.field, e.message))?;
        let lesson: Lesson =
            dirtybit_sim::json::decode(text).map_err(|e| LessonError::new(name, e.field, e.message))?;
        lesson.validate()?;
        Ok(lesson)
    }

    /// The scenario the lesson runs, with `preset` resolving a preset's name.
    pub fn scenario(&self, preset: impl Fn(&str) -> Option<Scenario>) -> Result<Scenario, LessonError> {
        match (&self.preset, &self.scenario) {
            (Some(name), None) => {
                preset(name).ok_or_else(|| self.error("preset", format!("there is no preset `{name}`")))
            }
            (None, Some(s)) => s
                .validate()
                .map(|()| s.clone())
                .map_err(|e| LessonError::from_scenario(&self.id, "scenario.", e)),
            _ => Err(self.error("preset", "give exactly one of `preset` and `scenario`")),
        }
    }

    fn error(&self, field: impl Into<String>, message: impl Into<String>) -> LessonError {
        LessonError::new(&self.id, field, message)
    }

    /// Checks everything that can be checked without running the lesson.
    pub fn validate(&self) -> Result<(), LessonError> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(self.error("id", "must be 1 to 64 of a-z, 0-9 and -"));
        }
        for (field, text) in [
            ("title", &self.title),
            ("line", &self.line),
            ("source.text", &self.source.text),
            ("source.section", &self.source.section),
        ] {
            text_ok(text).map_err(|m| self.error(field, m))?;
        }
        if !(1..=120).contains(&self.minutes) {
            return Err(self.error("minutes", format!("must be 1..=120, got {}", self.minutes)));
        }
        if self.preset.is_some() == self.scenario.is_some() {
            return Err(self.error("preset", "give exactly one of `preset` and `scenario`"));
        }
        if let Some(s) = &self.scenario {
            s.validate()
                .map_err(|e| LessonError::from_scenario(&self.id, "scenario.", e))?;
        }
        if self.steps.is_empty() || self.steps.len() > MAX_STEPS {
            return Err(self.error(
                "steps",
                format!("must hold 1..={MAX_STEPS} steps, got {}", self.steps.len()),
            ));
        }
        for (i, step) in self.steps.iter().enumerate() {
            step.validate()
                .map_err(|(field, m)| self.error(format!("steps[{i}].{field}"), m))?;
        }
        if self.summary.is_empty() {
            return Err(self.error("summary", "must hold at least one sentence"));
        }
        for (i, s) in self.summary.iter().enumerate() {
            text_ok(s).map_err(|m| self.error(format!("summary[{i}]"), m))?;
        }
        Ok(())
    }
}

fn text_ok(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        Err("must not be empty".into())
    } else if text.len() > MAX_TEXT {
        Err(format!("must be at most {MAX_TEXT} bytes, got {}", text.len()))
    } else {
        Ok(())
    }
}

type FieldError = (String, String);

fn at(field: &str, message: impl Into<String>) -> FieldError {
    (field.to_string(), message.into())
}

impl Step {
    fn validate(&self) -> Result<(), FieldError> {
        text_ok(&self.say).map_err(|m| at("say", m))?;
        pieces(&self.say).map_err(|m| at("say", m))?;
        validate_until(&self.until)?;
        if let Some(q) = &self.ask {
            validate_question(q, &self.until).map_err(|(f, m)| (format!("ask.{f}"), m))?;
        }
        Ok(())
    }
}

fn validate_until(u: &Until) -> Result<(), FieldError> {
    let ways =
        usize::from(u.event.is_some()) + usize::from(u.steps.is_some()) + usize::from(u.task.is_some());
    if ways > 1 {
        return Err(at("until", "give at most one of `event`, `steps` and `do`"));
    }
    if let Some(name) = &u.event {
        if !EventKind::NAMES.contains(&name.as_str()) {
            return Err(at(
                "until.event",
                format!(
                    "`{name}` is not an event; the events are {}",
                    EventKind::NAMES.join(", ")
                ),
            ));
        }
        if u.stale.is_some() && name != "hit" {
            return Err(at("until.stale", "applies to `event: hit` only"));
        }
        if u.coalesced.is_some() && name != "accepted" {
            return Err(at("until.coalesced", "applies to `event: accepted` only"));
        }
        if let Some(n) = u.nth {
            if !(1..=100_000).contains(&n) {
                return Err(at("until.nth", format!("must be 1..=100000, got {n}")));
            }
        }
    } else {
        for (set, field) in [
            (u.stale.is_some(), "stale"),
            (u.coalesced.is_some(), "coalesced"),
            (u.nth.is_some(), "nth"),
        ] {
            if set {
                return Err(at(&format!("until.{field}"), "applies with `event` only"));
            }
        }
    }
    if let Some(n) = u.steps {
        if !(1..=10_000_000).contains(&n) {
            return Err(at("until.steps", format!("must be 1..=10000000, got {n}")));
        }
    }
    let task = u.task;
    let keyed = u.event.is_some() || matches!(task, Some(Task::Read | Task::Write));
    if u.key.is_some() && !keyed {
        return Err(at("until.key", "applies with `event` or `do: read | write` only"));
    }
    if matches!(task, Some(Task::Read | Task::Write)) && u.key.is_none() {
        return Err(at("until.key", "`do: read | write` needs the key"));
    }
    if u.times.is_some() && task != Some(Task::Step) {
        return Err(at("until.times", "applies with `do: step` only"));
    }
    if let Some(t) = u.times {
        if !(1..=1000).contains(&t) {
            return Err(at("until.times", format!("must be 1..=1000, got {t}")));
        }
    }
    if u.downtime_us.is_some() && task != Some(Task::Crash) {
        return Err(at("until.downtime_us", "applies with `do: crash` only"));
    }
    if let Some(d) = u.downtime_us {
        if d > dirtybit_sim::Fault::MAX_US {
            return Err(at(
                "until.downtime_us",
                format!("must be 0..={}, got {d}", dirtybit_sim::Fault::MAX_US),
            ));
        }
    }
    let set = task == Some(Task::Set);
    if u.restart && !set {
        return Err(at("until.restart", "applies with `do: set` only"));
    }
    if set != u.set.is_some() {
        return Err(at(
            "until.set",
            "`do: set` needs `set` (one setting), and only it takes one",
        ));
    }
    Ok(())
}

fn validate_question(q: &Question, until: &Until) -> Result<(), FieldError> {
    text_ok(&q.question).map_err(|m| at("question", m))?;
    pieces(&q.question).map_err(|m| at("question", m))?;
    text_ok(&q.why).map_err(|m| at("why", m))?;
    pieces(&q.why).map_err(|m| at("why", m))?;
    if q.figure.needs_key() != q.key.is_some() {
        return Err(at(
            "key",
            format!(
                "`{}` {}",
                q.figure.name(),
                if q.key.is_some() {
                    "takes no key"
                } else {
                    "needs a key"
                }
            ),
        ));
    }
    let after = q.when == When::After;
    let ends_on_event = until.event.is_some()
        || matches!(
            until.task,
            Some(
                Task::Crash
                    | Task::StoreDown
                    | Task::StoreUp
                    | Task::PowerCut
                    | Task::LosePrimary
                    | Task::Read
                    | Task::Write
            )
        );
    if q.figure.needs_event() && (!after || !ends_on_event) {
        return Err(at(
            "figure",
            format!(
                "`{}` reads the event that ends the step: it needs `when: after` and `until.event` or a `do` that causes one",
                q.figure.name()
            ),
        ));
    }
    if q.change && !after {
        return Err(at("change", "a change is over the step: it needs `when: after`"));
    }
    if after && until.task == Some(Task::Set) {
        return Err(at(
            "when",
            "a step that ends when a knob is set can only ask about `now`",
        ));
    }
    if after && until.event.is_none() && until.steps.is_none() && until.task.is_none() {
        return Err(at(
            "when",
            "a step that ends with Next has no after: use `when: now`",
        ));
    }
    if q.choices.len() == 1 || q.choices.len() > 8 {
        return Err(at(
            "choices",
            format!(
                "give 2..=8 choices, or none for a number; got {}",
                q.choices.len()
            ),
        ));
    }
    for (i, c) in q.choices.iter().enumerate() {
        text_ok(&c.label).map_err(|m| at(&format!("choices[{i}].label"), m))?;
        if c.min.is_none() && c.max.is_none() {
            return Err(at(&format!("choices[{i}]"), "needs `min`, `max` or both"));
        }
        if let (Some(lo), Some(hi)) = (c.min, c.max) {
            if lo > hi {
                return Err(at(
                    &format!("choices[{i}].max"),
                    format!("must be at least min ({lo}), got {hi}"),
                ));
            }
        }
    }
    // Ranges must not overlap, so at most one choice holds any answer.
    for i in 0..q.choices.len() {
        for j in i + 1..q.choices.len() {
            let (a, b) = (&q.choices[i], &q.choices[j]);
            let lo = a
                .min
                .unwrap_or(f64::NEG_INFINITY)
                .max(b.min.unwrap_or(f64::NEG_INFINITY));
            let hi = a.max.unwrap_or(f64::INFINITY).min(b.max.unwrap_or(f64::INFINITY));
            if lo <= hi {
                return Err(at(&format!("choices[{j}]"), format!("overlaps choice {i}")));
            }
        }
    }
    if !q.choices.is_empty() && q.tolerance.is_some() {
        return Err(at("tolerance", "applies to number answers (no choices) only"));
    }
    if let Some(t) = q.tolerance {
        if !(t >= 0.0 && t.is_finite()) {
            return Err(at(
                "tolerance",
                format!("must be a number 0 or more, got {}", decimal(t, 3)),
            ));
        }
    }
    Ok(())
}
