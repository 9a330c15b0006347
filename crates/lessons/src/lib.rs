//! # dirtybit-lessons
//!
//! Guided lessons over the dirtybit model. A lesson is data (a JSON file
//! under `lessons/`): a scenario, then steps that narrate with the run's
//! live figures, highlight a part of the page, ask a question whose answer
//! the run computes, and end on Next, on an event of the model, or when the
//! learner does something. It lives beside the model crate, not in it:
//! the model stays about caches and stores; this crate only reads its
//! events and views, so a lesson runs natively (tests, the walk) exactly
//! as in the page.
//!
//! ## Module map
//!
//! | module | owns |
//! | --- | --- |
//! | [`lesson`] | the lesson file: its fields, reading and checking it |
//! | [`figure`] | the run's figures a lesson shows and asks about, and narration |
//! | [`question`] | questions, choices, the run's answer, grading |
//! | [`until`] | how a step ends: Next, an event, a number of events, a learner's deed |
//! | [`course`] | a run taken through a lesson: ending a step, computing an answer on a copy |
//! | [`tutor`] | a learner's place in a lesson: step, answer, reply, deeds |
//! | [`walk`] | a whole lesson run headlessly, as a learner who does what it asks |
//! | [`error`] | a broken lesson, named by lesson, step and field |
//!
//! ## Example
//!
//! ```
//! use dirtybit_lessons::lesson::Lesson;
//! use dirtybit_lessons::walk::walk;
//!
//! let text = r#"{
//!   "id": "tiny", "title": "A write", "line": "One write-through write.",
//!   "source": {"text": "000_b42d0e33520e4e6a.txt", "section": "Solution"},
//!   "minutes": 1,
//!   "scenario": {"workload": {"ops": 0, "script": [{"at_us": 0, "op": "write", "key": 0}]}},
//!   "steps": [{
//!     "say": "The store holds k0 at version {store-version:0}.",
//!     "ask": {"question": "Which version will the store hold once the write is acknowledged?",
//!             "figure": "store-version", "key": 0,
//!             "choices": [{"label": "v1", "max": 1}, {"label": "v2", "min": 2}],
//!             "why": "Write-through acknowledges after the store commits."},
//!     "until": {"event": "write-acked"}
//!   }],
//!   "summary": ["A write-through write is in the store when acknowledged."]
//! }"#;
//! let lesson = Lesson::decode(text, "tiny.json").unwrap();
//! let scenario = lesson.scenario(|_| None).unwrap();
//! let visits = walk(&lesson, scenario).unwrap();
//! assert_eq!(visits[0].said, "The store holds k0 at version 1.");
//! assert_eq!(visits[0].expected.as_ref().unwrap().choice, Some(1));
//! ```

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod course;
pub mod error;
pub mod figure;
pub mod lesson;
pub mod question;
pub mod tutor;
pub mod until;
pub mod walk;
