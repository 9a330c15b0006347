//! The lesson beside the playground (above it on a narrow screen): where
//! the lesson comes from, step k of n, the narration with the run's live
//! figures, the question and its feedback, and the way on (Next, run to an
//! event, or the learner's task, which the lesson can also do for them).

use std::rc::Rc;

use dirtybit_lessons::figure::narrate;
use dirtybit_lessons::lesson::Lesson;
use dirtybit_lessons::question::{Expected, Graded, Reply};
use dirtybit_sim::Sim;
use yew::prelude::*;

use crate::lesson_run::{Driver, LessonAction};

/// What the panel shows, made by the page from the lesson and the run.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonShown {
    /// The lesson.
    pub lesson: Rc<Lesson>,
    /// The step shown (`steps.len()`: the summary).
    pub step: usize,
    /// The narration, its figures filled in from the run now.
    pub said: String,
    /// The run's answer to the step's question, or why there is none.
    pub expected: Option<Result<Expected, String>>,
    /// The learner's graded reply.
    pub graded: Option<Graded>,
    /// The reply's explanation, its figures filled in.
    pub why: String,
    /// `do: step`: presses so far.
    pub presses: u32,
    /// True while the learner explores on their own.
    pub away: bool,
    /// Something the lesson could not do.
    pub trouble: Option<String>,
    /// True while the playground gets to the state the lesson asked for.
    pub waiting: bool,
}

impl LessonShown {
    /// The panel's view of the driver's lesson over its run.
    #[must_use]
    pub fn of(l: &Driver) -> LessonShown {
        let sim: &Sim = &l.run().sim;
        let t = &l.tutor;
        let step = t.current();
        LessonShown {
            lesson: Rc::clone(&t.lesson),
            step: t.step,
            said: step.map(|s| narrate(&s.say, sim)).unwrap_or_default(),
            expected: t.expected.clone(),
            graded: t.graded.clone(),
            why: step
                .and_then(|s| s.ask.as_ref())
                .filter(|_| t.graded.is_some())
                .map(|q| narrate(&q.why, sim))
                .unwrap_or_default(),
            presses: t.presses,
            away: l.away,
            trouble: l.trouble.clone(),
            waiting: l.waiting(),
        }
    }
}

/// Props of [`LessonPanel`].
#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// What to show.
    pub shown: LessonShown,
    /// Where the learner's requests go.
    pub on_action: Callback<LessonAction>,
}

/// The lesson panel.
#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let number = use_node_ref();
    let s = &props.shown;
    let lesson = &s.lesson;
    let n = lesson.steps.len();
    let send = |a: LessonAction| {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let head = html! {
        <header class="lesson-head">
            <p class="lesson-kicker">{ "Lesson" }</p>
            <h2 id="lesson-title">{ lesson.title.clone() }</h2>
            <p class="lesson-source" id="lesson-source">
                { format!("From {}, {}", lesson.source.text, lesson.source.section) }
            </p>
        </header>
    };
    if s.away {
        return html! {
            <section class="lesson away" id="lesson" aria-labelledby="lesson-title">
                { head }
                <p id="lesson-away">{ format!("You left the lesson at step {} of {n} to explore on your own.", (s.step + 1).min(n)) }</p>
                <div class="lesson-nav">
                    <button type="button" id="lesson-return" onclick={send(LessonAction::Return)}>
                        { format!("Return to step {}", (s.step + 1).min(n)) }
                    </button>
                    <button type="button" id="lesson-close" onclick={send(LessonAction::Close)}>{ "Close the lesson" }</button>
                </div>
            </section>
        };
    }
    let Some(step) = lesson.steps.get(s.step) else {
        return html! {
            <section class="lesson" id="lesson" aria-labelledby="lesson-title">
                { head }
                <p class="lesson-progress" id="lesson-progress">{ format!("Done: {n} of {n} steps") }</p>
                <h3>{ "What you saw" }</h3>
                <ul id="lesson-summary">
                    { for lesson.summary.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                </ul>
                <div class="lesson-nav">
                    <button type="button" id="lesson-back" onclick={send(LessonAction::Back)}>{ "← Back" }</button>
                    <button type="button" id="lesson-again" onclick={send(LessonAction::Again)}>{ "Start again" }</button>
                    <button type="button" id="lesson-close" onclick={send(LessonAction::Close)}>{ "Close the lesson" }</button>
                </div>
            </section>
        };
    };
    let awaits = step.ask.is_some() && s.graded.is_none();
    let question = step.ask.as_ref().map(|q| {
        let feedback = s.graded.as_ref().map(|g| {
            let what = if q.change {
                format!("change in {}", g.expected.figure.label())
            } else {
                g.expected.figure.label().to_string()
            };
            let truth = match g.expected.choice.and_then(|i| q.choices.get(i)) {
                Some(c) => format!("The run's answer: {} ({what}: {}).", c.label, g.expected.shown()),
                None => format!("The run's answer: {} ({what}).", g.expected.shown()),
            };
            html! {
                <div class={classes!("feedback", if g.right { "right" } else { "wrong" })} id="lesson-feedback" role="status">
                    <p><strong>{ if g.right { "✓ Right." } else { "✗ Not quite." } }</strong>{ " " }{ truth }</p>
                    <p id="lesson-why">{ s.why.clone() }</p>
                </div>
            }
        });
        let broken = match &s.expected {
            Some(Err(e)) => Some(html! { <p class="field-error" id="lesson-broken">{ format!("This question has no answer from the run: {e}.") }</p> }),
            _ => None,
        };
        let inputs = if q.choices.is_empty() {
            let on_check = {
                let cb = props.on_action.clone();
                let number = number.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    if let Some(input) = number.cast::<web_sys::HtmlInputElement>() {
                        let x = input.value_as_number();
                        if x.is_finite() {
                            cb.emit(LessonAction::Reply(Reply::Number(x)));
                        }
                    }
                })
            };
            html! {
                <form class="lesson-number" onsubmit={on_check}>
                    <label>{ "Your answer " }
                        <input id="lesson-number" type="number" step="any" disabled={!awaits} ref={number.clone()} />
                    </label>
                    <button type="submit" id="lesson-check" disabled={!awaits}>{ "Check" }</button>
                </form>
            }
        } else {
            html! {
                <div class="lesson-choices" role="group" aria-label="Choices">
                    { for q.choices.iter().enumerate().map(|(i, c)| {
                        let picked = s.graded.as_ref().is_some_and(|g| g.reply == Reply::Choice(i));
                        html! {
                            <button type="button" id={format!("lesson-choice-{i}")} disabled={!awaits}
                                    class={classes!("choice", picked.then_some("picked"))} aria-pressed={picked.to_string()}
                                    onclick={send(LessonAction::Reply(Reply::Choice(i)))}>
                                { c.label.clone() }
                            </button>
                        }
                    }) }
                </div>
            }
        };
        html! {
            <div class="lesson-question" id="lesson-question">
                <p class="ask"><strong>{ "Predict: " }</strong>{ q.question.clone() }</p>
                { inputs }
                { for broken }
                { for feedback }
            </div>
        }
    });
    let until = &step.until;
    let way = match until.task_words() {
        Some(words) => {
            let left = match (until.task, until.times) {
                (Some(dirtybit_lessons::until::Task::Step), Some(t)) if t > 1 => {
                    format!(" ({} to go)", t - s.presses)
                }
                _ => String::new(),
            };
            html! {
                <div class="lesson-task" id="lesson-task">
                    <p>{ format!("Your turn: {words}{left}.") }</p>
                    <button type="button" id="lesson-forward" disabled={awaits || s.waiting} onclick={send(LessonAction::Forward)}>{ "Do it for me" }</button>
                </div>
            }
        }
        None => html! {
            <button type="button" id="lesson-forward" class="primary" disabled={awaits || s.waiting} onclick={send(LessonAction::Forward)}>
                { if awaits { "Answer first".to_string() } else { format!("{} →", until.button()) } }
            </button>
        },
    };
    html! {
        <section class="lesson" id="lesson" aria-labelledby="lesson-title">
            { head }
            <p class="lesson-progress" id="lesson-progress">{ format!("Step {} of {n}", s.step + 1) }</p>
            <p class="lesson-say" id="lesson-say">{ s.said.clone() }</p>
            { for question }
            if let Some(t) = &s.trouble { <p class="field-error" id="lesson-trouble">{ t.clone() }</p> }
            <div class="lesson-nav">
                <button type="button" id="lesson-back" disabled={s.step == 0} onclick={send(LessonAction::Back)}>{ "← Back" }</button>
                { way }
            </div>
            <p class="lesson-leave">
                <button type="button" class="link" id="lesson-leave" onclick={send(LessonAction::Leave)}>{ "Explore on my own" }</button>
                { " · " }
                <button type="button" class="link" id="lesson-close" onclick={send(LessonAction::Close)}>{ "Close the lesson" }</button>
            </p>
        </section>
    }
}
