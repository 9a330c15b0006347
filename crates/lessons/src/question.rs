//! "Predict, then reveal": a question whose answer is a figure of the run,
//! computed when the step begins (on a copy of the run taken forward to
//! where the step ends), never written in the lesson file. Choices are
//! ranges of that figure; a number answer has a tolerance.

use serde::Deserialize;

use crate::figure::Figure;

/// Where the answer is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum When {
    /// When the step begins.
    Now,
    /// Where the step ends (the event it waits for, or the learner's deed).
    #[default]
    After,
}

/// One choice: the range of the figure it stands for (a bound left out is
/// open).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the learner reads.
    pub label: String,
    /// The least value it stands for.
    #[serde(default)]
    pub min: Option<f64>,
    /// The greatest value it stands for.
    #[serde(default)]
    pub max: Option<f64>,
}

impl Choice {
    /// True if `value` lies in this choice's range.
    #[must_use]
    pub fn holds(&self, value: f64) -> bool {
        self.min.is_none_or(|m| value >= m) && self.max.is_none_or(|m| value <= m)
    }
}

/// A question asked before the run goes on.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question (`{figure}` placeholders show the run's figures).
    pub question: String,
    /// The figure that answers it.
    pub figure: Figure,
    /// The key, for `cache-version`, `store-version`, `cache-value` and `store-value`.
    #[serde(default)]
    pub key: Option<u32>,
    /// Where the figure is read (default: where the step ends).
    #[serde(default)]
    pub when: When,
    /// Ask for the change of the figure over the step, not its value.
    #[serde(default)]
    pub change: bool,
    /// The choices; none means the learner types a number.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// For a number: how far from the figure an answer may be and still be right.
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// Why the answer is what it is, and where on the page it shows
    /// (`{figure}` placeholders show the run's figures when it is revealed).
    pub why: String,
}

/// The run's answer to a question.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    /// The figure (or its change).
    pub value: f64,
    /// The figure's name and how it is shown.
    pub figure: Figure,
    /// The choice that holds it, for a multiple-choice question.
    pub choice: Option<usize>,
}

impl Expected {
    /// The figure as a lesson shows it.
    #[must_use]
    pub fn shown(&self) -> String {
        self.figure.format(self.value)
    }
}

/// What the learner answered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reply {
    /// The index of a choice.
    Choice(usize),
    /// A number.
    Number(f64),
}

/// A reply, graded.
#[derive(Clone, Debug, PartialEq)]
pub struct Graded {
    /// What the learner answered.
    pub reply: Reply,
    /// True if it was right.
    pub right: bool,
    /// The run's answer.
    pub expected: Expected,
}

impl Question {
    /// The answer for a figure that came out as `value`: which choice holds
    /// it (exactly one must), or an error saying which do.
    pub fn expect(&self, value: f64) -> Result<Expected, String> {
        let choice = if self.choices.is_empty() {
            None
        } else {
            let holding: Vec<usize> = (0..self.choices.len())
                .filter(|&i| self.choices[i].holds(value))
                .collect();
            match holding.as_slice() {
                [one] => Some(*one),
                [] => {
                    return Err(format!(
                        "the run's answer is {}, which no choice holds",
                        self.figure.format(value)
                    ))
                }
                many => {
                    let many: Vec<String> = many.iter().map(ToString::to_string).collect();
                    return Err(format!(
                        "the run's answer is {}, which choices {} all hold",
                        self.figure.format(value),
                        many.join(", ")
                    ));
                }
            }
        };
        Ok(Expected {
            value,
            figure: self.figure,
            choice,
        })
    }

    /// Grades `reply` against the run's answer.
    #[must_use]
    pub fn grade(&self, reply: Reply, expected: &Expected) -> Graded {
        let right = match reply {
            Reply::Choice(i) => expected.choice == Some(i),
            Reply::Number(x) => (x - expected.value).abs() <= self.tolerance.unwrap_or(0.0) + 1e-9,
        };
        Graded {
            reply,
            right,
            expected: expected.clone(),
        }
    }
}
