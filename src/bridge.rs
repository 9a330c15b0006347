//! The two halves of the page talk through this: the playground (the first
//! paint) and the lesson module (a second wasm module, loaded when a lesson
//! opens, so the page's first paint carries no lesson code). Each sends a
//! short text in a `CustomEvent` on `window` (the run's state in the page's
//! own link format: no second JSON encoder in the playground's module): the
//! playground tells what the run
//! is and what the learner did; the lesson module asks for a state of the
//! run (a step's start, an event it waits for, a task done for the learner)
//! and says which lesson and step are open. Both are deterministic: a state
//! is a scenario, inputs and a step count, and either side can rebuild it.

use dirtybit_sim::Scenario;
use wasm_bindgen::JsCast;

use crate::model::Input;
use crate::url::{self, Shared};

/// The event the playground listens to.
pub const TO_MAIN: &str = "dirtybit:to-main";
/// The event the lesson module listens to.
pub const TO_LESSONS: &str = "dirtybit:to-lessons";

/// A state of the run: scenario, inputs, step.
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    /// The scenario.
    pub scenario: Scenario,
    /// The inputs, each after its number of steps.
    pub inputs: Vec<(u64, Input)>,
    /// How many steps into the run.
    pub steps: u64,
}

/// A state the lesson module asks the playground to go to.
#[derive(Clone, Debug, PartialEq)]
pub struct Goto {
    /// The scenario.
    pub scenario: Scenario,
    /// The inputs.
    pub inputs: Vec<(u64, Input)>,
    /// The step.
    pub step: u64,
    /// What to say about it.
    pub said: Option<String>,
}

/// Which lesson is open, for the playground's layout and address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonMeta {
    /// The lesson's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The step shown, from 0 (`steps`: the summary).
    pub step: usize,
    /// The part of the page the step talks about (`cache`, `loss`, ...).
    pub focus: Option<String>,
    /// True while the learner explores on their own.
    pub away: bool,
}

/// The run as the playground has it, and what the learner has done.
#[derive(Clone, Debug, PartialEq)]
pub struct RunNews {
    /// The scenario.
    pub scenario: Scenario,
    /// The inputs.
    pub inputs: Vec<(u64, Input)>,
    /// The step.
    pub step: u64,
    /// How many times Step was pressed, ever.
    pub presses: u64,
    /// How many times the scenario was edited or loaded, ever.
    pub edits: u64,
}

/// To the playground.
#[derive(Clone, Debug, PartialEq)]
pub enum ToMain {
    /// The lesson module is up: send it the run.
    Hello,
    /// Go to this state.
    Goto(Box<Goto>),
    /// This lesson is open (or none: the lesson column closes).
    Meta(Option<LessonMeta>),
    /// Say this (a lesson that could not be opened).
    Trouble(String),
    /// The tool open in the column, as query parameters for the address
    /// (`compare=wt,wb&at=T`), or none.
    Query(Option<String>),
}

/// To the lesson module.
#[derive(Clone, Debug, PartialEq)]
pub enum ToLessons {
    /// Open lesson `id` (at step `at` over the run as it is, for a link).
    Open {
        /// The lesson.
        id: String,
        /// The step, from a link.
        at: Option<usize>,
    },
    /// Show the list of lessons.
    Picker,
    /// Show the share panel.
    Share,
    /// Show the crash-point sweep of the run's scenario.
    Sweep,
    /// Show the texts' formulas beside the run's figures.
    Calc,
    /// Show the knob sweep.
    Knob,
    /// Compare policies side by side on the run's workload: the policies'
    /// ids (none: the default three), the instant reached, the crash's.
    Compare {
        /// `wt,wb,wb-gc`, or empty.
        ids: String,
        /// The instant all runs had reached, µs.
        at: Option<u64>,
        /// The instant they crashed, µs.
        crash: Option<u64>,
        /// What crashed (`cache`, `power`, `primary`; none: the cache node).
        crash_kind: Option<String>,
    },
    /// The run changed.
    News(Box<RunNews>),
}

/// The run's state as a link's hash (the page's own format: no second
/// encoder in the playground's module).
fn hash(scenario: &Scenario, inputs: &[(u64, Input)], step: u64) -> String {
    url::to_hash(&Shared {
        scenario: scenario.clone(),
        inputs: inputs.to_vec(),
        step,
    })
}

fn shared(hash: &str) -> Option<Shared> {
    url::from_hash(hash).ok().flatten()
}

impl ToMain {
    /// As a line-separated text.
    #[must_use]
    pub fn encode(&self) -> String {
        match self {
            ToMain::Hello => "hello".into(),
            ToMain::Goto(g) => format!(
                "goto\n{}\n{}",
                hash(&g.scenario, &g.inputs, g.step),
                g.said.as_deref().unwrap_or("")
            ),
            ToMain::Meta(None) => "meta".into(),
            ToMain::Meta(Some(m)) => format!(
                "meta\n{}\n{}\n{}\n{}\n{}",
                m.step,
                u8::from(m.away),
                m.focus.as_deref().unwrap_or(""),
                m.id,
                m.title
            ),
            ToMain::Trouble(message) => format!("trouble\n{message}"),
            ToMain::Query(None) => "query".into(),
            ToMain::Query(Some(q)) => format!("query\n{q}"),
        }
    }

    /// Reads [`ToMain::encode`]'s text.
    #[must_use]
    pub fn decode(text: &str) -> Option<ToMain> {
        let mut lines = text.splitn(6, '\n');
        Some(match lines.next()? {
            "hello" => ToMain::Hello,
            "goto" => {
                let s = shared(lines.next()?)?;
                let said = lines.next().filter(|s| !s.is_empty()).map(str::to_string);
                ToMain::Goto(Box::new(Goto {
                    scenario: s.scenario,
                    inputs: s.inputs,
                    step: s.step,
                    said,
                }))
            }
            "meta" => match lines.next() {
                None => ToMain::Meta(None),
                Some(step) => ToMain::Meta(Some(LessonMeta {
                    step: step.parse().ok()?,
                    away: lines.next()? == "1",
                    focus: lines.next().filter(|f| !f.is_empty()).map(str::to_string),
                    id: lines.next()?.to_string(),
                    title: lines.next()?.to_string(),
                })),
            },
            "trouble" => ToMain::Trouble(lines.next()?.to_string()),
            "query" => ToMain::Query(lines.next().map(str::to_string)),
            _ => return None,
        })
    }
}

impl ToLessons {
    /// As a line-separated text.
    #[must_use]
    pub fn encode(&self) -> String {
        match self {
            ToLessons::Open { id, at } => {
                format!("open\n{id}\n{}", at.map(|k| k.to_string()).unwrap_or_default())
            }
            ToLessons::Picker => "picker".into(),
            ToLessons::Share => "share".into(),
            ToLessons::Sweep => "sweep".into(),
            ToLessons::Calc => "calc".into(),
            ToLessons::Knob => "knob".into(),
            ToLessons::Compare {
                ids,
                at,
                crash,
                crash_kind,
            } => {
                let n = |x: &Option<u64>| x.map(|v| v.to_string()).unwrap_or_default();
                let kind = crash_kind.as_deref().unwrap_or_default();
                format!("compare\n{ids}\n{}\n{}\n{kind}", n(at), n(crash))
            }
            ToLessons::News(n) => format!(
                "news\n{}\n{}\n{}",
                n.presses,
                n.edits,
                hash(&n.scenario, &n.inputs, n.step)
            ),
        }
    }

    /// Reads [`ToLessons::encode`]'s text.
    #[must_use]
    pub fn decode(text: &str) -> Option<ToLessons> {
        let mut lines = text.splitn(5, '\n');
        Some(match lines.next()? {
            "open" => ToLessons::Open {
                id: lines.next()?.to_string(),
                at: lines.next().and_then(|k| k.parse().ok()),
            },
            "picker" => ToLessons::Picker,
            "share" => ToLessons::Share,
            "sweep" => ToLessons::Sweep,
            "calc" => ToLessons::Calc,
            "knob" => ToLessons::Knob,
            "compare" => ToLessons::Compare {
                ids: lines.next().unwrap_or_default().to_string(),
                at: lines.next().and_then(|v| v.parse().ok()),
                crash: lines.next().and_then(|v| v.parse().ok()),
                crash_kind: lines.next().filter(|k| !k.is_empty()).map(str::to_string),
            },
            "news" => {
                let presses = lines.next()?.parse().ok()?;
                let edits = lines.next()?.parse().ok()?;
                let s = shared(lines.next()?)?;
                ToLessons::News(Box::new(RunNews {
                    scenario: s.scenario,
                    inputs: s.inputs,
                    step: s.step,
                    presses,
                    edits,
                }))
            }
            _ => return None,
        })
    }
}

/// Sends `text` as event `name` on `window`.
pub fn send(name: &str, text: &str) {
    let Some(window) = web_sys::window() else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&text.into());
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = window.dispatch_event(&event);
    }
}

/// Listens for event `name` on `window` until the returned guard drops.
pub fn listen(name: &'static str, on: impl Fn(String) + 'static) -> Listening {
    let closure = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Ok(e) = e.dyn_into::<web_sys::CustomEvent>() else {
            return;
        };
        if let Some(text) = e.detail().as_string() {
            on(text);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    }
    Listening { name, closure }
}

/// A listener; removed when dropped.
pub struct Listening {
    name: &'static str,
    closure: wasm_bindgen::closure::Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ =
                window.remove_event_listener_with_callback(self.name, self.closure.as_ref().unchecked_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_reads_back_as_written() {
        let scenario = Scenario::default();
        let inputs = vec![(
            3,
            Input::Write {
                key: dirtybit_sim::Key(1),
            },
        )];
        let to_main = [
            ToMain::Hello,
            ToMain::Goto(Box::new(Goto {
                scenario: scenario.clone(),
                inputs: inputs.clone(),
                step: 9,
                said: Some("Ran to t = 1 ms.".into()),
            })),
            ToMain::Goto(Box::new(Goto {
                scenario: scenario.clone(),
                inputs: Vec::new(),
                step: 0,
                said: None,
            })),
            ToMain::Meta(None),
            ToMain::Meta(Some(LessonMeta {
                id: "cost-model".into(),
                title: "The cost model: a title".into(),
                step: 2,
                focus: Some("metrics".into()),
                away: true,
            })),
            ToMain::Meta(Some(LessonMeta {
                id: "x".into(),
                title: "T".into(),
                step: 0,
                focus: None,
                away: false,
            })),
            ToMain::Trouble("There is no lesson called \"y\".".into()),
            ToMain::Query(None),
            ToMain::Query(Some("compare=wt,wb&at=5".into())),
        ];
        for m in to_main {
            assert_eq!(ToMain::decode(&m.encode()), Some(m.clone()), "{}", m.encode());
        }
        let to_lessons = [
            ToLessons::Open {
                id: "a".into(),
                at: Some(4),
            },
            ToLessons::Open {
                id: "a".into(),
                at: None,
            },
            ToLessons::Picker,
            ToLessons::Share,
            ToLessons::Sweep,
            ToLessons::Calc,
            ToLessons::Knob,
            ToLessons::Compare {
                ids: "wt,wb".into(),
                at: Some(7),
                crash: None,
                crash_kind: None,
            },
            ToLessons::Compare {
                ids: String::new(),
                at: None,
                crash: Some(3),
                crash_kind: Some("primary".into()),
            },
            ToLessons::News(Box::new(RunNews {
                scenario,
                inputs,
                step: 12,
                presses: 5,
                edits: 1,
            })),
        ];
        for m in to_lessons {
            assert_eq!(ToLessons::decode(&m.encode()), Some(m.clone()), "{}", m.encode());
        }
        assert_eq!(ToMain::decode("nonsense"), None);
        assert_eq!(ToLessons::decode("news\nx"), None);
    }
}
