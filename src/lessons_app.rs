//! The lesson module's root: mounted into the playground's lesson slot
//! when a lesson opens (its own wasm module, loaded then). It hears the
//! playground's news, fetches the lesson file, keeps the [`Driver`], draws
//! the panel, and sends the playground the states the lesson needs and the
//! lesson that is open.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::bridge::{self, RunNews, ToLessons, ToMain, TO_LESSONS, TO_MAIN};
use crate::lesson_files;
use crate::lesson_run::{Driver, LessonAction};
use crate::url::{self, Shared};
use crate::view::{
    CalcPanel, CalcView, CompareAsk, ComparePanel, KnobAsk, KnobPanel, LessonPanel, LessonPicker,
    LessonShown, Share, SweepPanel,
};
use dirtybit_sim::compare::{Compare, CrashAll};
use dirtybit_sim::fault::CRASH_DOWNTIME_US;
use dirtybit_sim::sweep::CrashOutcome;

/// The lesson module's state.
#[derive(Clone, Default)]
pub struct LessonModel {
    /// The lesson open, if one: shared by every copy of the model and
    /// changed in place (a message copies the model, not the lesson's run).
    pub driver: Rc<RefCell<Option<Driver>>>,
    /// The playground's latest news.
    pub news: Option<RunNews>,
    /// True while the list of lessons is shown (no lesson open).
    pub picking: bool,
    /// The lesson being fetched, if one.
    pub loading: Option<String>,
    /// True while the share panel is shown.
    pub sharing: bool,
    /// The crash-point sweep shown, if one: its scenario and outcomes.
    pub sweep: Option<Rc<(dirtybit_sim::Scenario, Vec<CrashOutcome>)>>,
    /// The texts' formulas beside the run, if shown.
    pub calc: Option<Rc<CalcView>>,
    /// Policies side by side, if shown: shared and changed in place, as
    /// the lesson is.
    pub compare: Rc<RefCell<Option<Compare>>>,
    /// The knob sweep, if shown: the knob and its results, or why it failed.
    pub knob: Option<Rc<KnobState>>,
    /// Messages for the playground, sent after the next render.
    outbox: Rc<RefCell<Vec<ToMain>>>,
}

/// The knob sweep's last result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KnobState {
    /// The knob's path and a point per value.
    pub result: Option<(String, Vec<dirtybit_sim::json::KnobPoint>)>,
    /// Why the last sweep did not run.
    pub error: Option<String>,
}

/// What changes the lesson module's state.
pub enum LessonMsg {
    /// The playground's run changed.
    News(Box<RunNews>),
    /// Show the list of lessons.
    Picker,
    /// Show (true) or close (false) the share panel.
    Sharing(bool),
    /// Sweep crashes over the run's scenario and show them.
    Sweep,
    /// Open the run crashed at the sweep's instant `i`.
    SweepOpen(usize),
    /// Close the sweep.
    SweepClose,
    /// Show the texts' formulas beside the run's figures.
    Calc,
    /// Close them.
    CalcClose,
    /// Compare policies side by side (ids, or the default; instant; crash
    /// and what crashed).
    Compare(String, Option<u64>, Option<u64>, Option<String>),
    /// What the side-by-side panel asks for.
    CompareAsk(CompareAsk),
    /// Show the knob sweep.
    Knob,
    /// What the knob sweep panel asks for.
    KnobAsk(KnobAsk),
    /// A lesson is being fetched.
    Loading(String),
    /// A lesson file was read: open it (at a step, for a link).
    Loaded(Rc<dirtybit_lessons::lesson::Lesson>, Option<usize>),
    /// The learner pressed something in the panel.
    Act(LessonAction),
    /// Something went wrong: tell the playground.
    Trouble(String),
}

impl LessonModel {
    fn post(&self, m: ToMain) {
        self.outbox.borrow_mut().push(m);
    }

    /// Closes the column if nothing is left in it.
    fn close_if_empty(&self) {
        if self.driver.borrow().is_none()
            && !self.picking
            && !self.sharing
            && self.sweep.is_none()
            && self.calc.is_none()
            && self.compare.borrow().is_none()
            && self.knob.is_none()
        {
            self.post(ToMain::Meta(None));
        }
    }
}

impl Reducible for LessonModel {
    type Action = LessonMsg;

    fn reduce(self: Rc<Self>, msg: LessonMsg) -> Rc<Self> {
        let mut next = (*self).clone();
        let before = next.driver.borrow().as_ref().map(Driver::meta);
        match msg {
            LessonMsg::Picker => next.picking = true,
            LessonMsg::Sharing(on) => {
                next.sharing = on;
                if !on {
                    next.close_if_empty();
                }
            }
            LessonMsg::Loading(id) => next.loading = Some(id),
            LessonMsg::Sweep => match next.news.as_ref().map(|n| n.scenario.clone()) {
                Some(scenario) => {
                    match dirtybit_sim::sweep::crash_sweep(&scenario, SWEEP_POINTS, CRASH_DOWNTIME_US) {
                        Ok(outcomes) => next.sweep = Some(Rc::new((scenario, outcomes))),
                        Err(e) => next.post(ToMain::Trouble(format!("The sweep could not run: {e}."))),
                    }
                }
                None => next.post(ToMain::Trouble(
                    "The sweep could not run: the playground has not said where the run is.".into(),
                )),
            },
            LessonMsg::SweepOpen(i) => {
                if let Some(g) = next.sweep.as_ref().and_then(|s| crashed_at(&s.0, s.1.get(i)?)) {
                    next.post(ToMain::Goto(Box::new(g)));
                }
            }
            LessonMsg::SweepClose => {
                next.sweep = None;
                next.close_if_empty();
            }
            LessonMsg::Calc => match next.news.as_ref().and_then(|n| CalcView::of(&n.scenario)) {
                Some(view) => next.calc = Some(Rc::new(view)),
                None => next.post(ToMain::Trouble(
                    "The formulas could not be computed for this run.".into(),
                )),
            },
            LessonMsg::Knob => next.knob = Some(Rc::new(KnobState::default())),
            LessonMsg::KnobAsk(KnobAsk::Close) => {
                next.knob = None;
                next.close_if_empty();
            }
            LessonMsg::KnobAsk(KnobAsk::Run(path, values)) => {
                let values = dirtybit_sim::json::knob_values(&values);
                let state = match next.news.as_ref() {
                    None => KnobState {
                        result: None,
                        error: Some("the playground has not said where the run is".into()),
                    },
                    Some(_) if values.is_empty() => KnobState {
                        result: None,
                        error: Some("give at least one value".into()),
                    },
                    Some(n) => match dirtybit_sim::json::knob_sweep(&n.scenario, &path, &values) {
                        Ok(points) => KnobState {
                            result: Some((path, points)),
                            error: None,
                        },
                        Err(e) => KnobState {
                            result: None,
                            error: Some(format!("{e}")),
                        },
                    },
                };
                next.knob = Some(Rc::new(state));
            }
            LessonMsg::KnobAsk(ask @ (KnobAsk::Csv | KnobAsk::Svg)) => {
                if let (Some((path, points)), Some(n)) =
                    (next.knob.as_ref().and_then(|k| k.result.as_ref()), &next.news)
                {
                    let base = format!("dirtybit-knob-sweep-{}-{}", slug(path), slug(&n.scenario.name));
                    if ask == KnobAsk::Csv {
                        download(
                            &format!("{base}.csv"),
                            "text/csv",
                            &dirtybit_sim::json::knob_csv(path, points),
                        );
                    } else {
                        download(&format!("{base}.svg"), "image/svg+xml", &svg_of("knob-chart"));
                    }
                }
            }
            LessonMsg::CalcClose => {
                next.calc = None;
                next.close_if_empty();
            }
            LessonMsg::Compare(ids, at, crash, crash_kind) => {
                let ids = if ids.is_empty() {
                    dirtybit_sim::compare::DEFAULT.join(",")
                } else {
                    ids
                };
                let made = dirtybit_sim::compare::parse(&ids).and_then(|variants| {
                    let base = next
                        .news
                        .as_ref()
                        .ok_or("the playground has not said where the run is")?
                        .scenario
                        .clone();
                    let kind = CrashAll::from_query(crash_kind.as_deref())?;
                    Compare::at(
                        base,
                        variants,
                        crash.map(|t| (dirtybit_sim::time::SimTime(t), kind)),
                        dirtybit_sim::time::SimTime(at.unwrap_or(0)),
                    )
                });
                match made {
                    Ok(c) => {
                        next.post(ToMain::Query(Some(crate::url::compare_query(&c))));
                        *next.compare.borrow_mut() = Some(c);
                    }
                    Err(e) => next.post(ToMain::Trouble(format!("The comparison could not be made: {e}."))),
                }
            }
            LessonMsg::CompareAsk(ask) => {
                let outbox = Rc::clone(&next.outbox);
                let post = |m: ToMain| outbox.borrow_mut().push(m);
                let closing = ask == CompareAsk::Close;
                if let Some(c) = next.compare.borrow_mut().as_mut() {
                    match ask {
                        CompareAsk::Step => c.step(),
                        CompareAsk::Run(us) => c.advance_to(c.t + dirtybit_sim::time::Micros(us)),
                        CompareAsk::End => c.run_to_end(),
                        CompareAsk::Crash(kind) => {
                            if let Err(e) = c.crash_all_now(kind) {
                                post(ToMain::Trouble(format!("Not crashed: {e}.")));
                            }
                        }
                        CompareAsk::Open(i) => {
                            let g = crate::bridge::Goto {
                                scenario: c.scenario(i),
                                inputs: Vec::new(),
                                step: c.sims.get(i).map_or(0, dirtybit_sim::Sim::steps),
                                said: Some(format!(
                                    "Opened alone from the comparison: {}, at t = {}.",
                                    c.variants.get(i).map_or("", |v| v.label),
                                    c.t.human()
                                )),
                            };
                            post(ToMain::Goto(Box::new(g)));
                        }
                        CompareAsk::Pick(ids) => match dirtybit_sim::compare::parse(&ids).and_then(|v| {
                            Compare::at(c.base.clone(), v, c.crash.map(|t| (t, c.crash_kind)), c.t)
                        }) {
                            Ok(fresh) => *c = fresh,
                            Err(e) => post(ToMain::Trouble(e)),
                        },
                        CompareAsk::Csv => {
                            download(
                                &format!("dirtybit-compare-{}.csv", slug(&c.base.name)),
                                "text/csv",
                                &c.csv(),
                            );
                        }
                        CompareAsk::Close => {}
                    }
                    let query = crate::url::compare_query(c);
                    if closing {
                        post(ToMain::Query(None));
                    } else {
                        post(ToMain::Query(Some(query)));
                    }
                }
                if closing {
                    *next.compare.borrow_mut() = None;
                    next.close_if_empty();
                }
            }
            LessonMsg::News(news) => {
                if let Some(d) = next.driver.borrow_mut().as_mut() {
                    if let Some(g) = d.news(&news) {
                        next.post(ToMain::Goto(Box::new(g)));
                    }
                }
                next.news = Some(*news);
            }
            LessonMsg::Loaded(lesson, at) => {
                next.loading = None;
                next.picking = false;
                let Some(news) = next.news.clone() else {
                    next.post(ToMain::Trouble(
                        "The lesson could not start: the playground has not said where the run is.".into(),
                    ));
                    return Rc::new(next);
                };
                let steps = lesson.steps.len();
                if let Some(k) = at.filter(|&k| k > steps) {
                    next.post(ToMain::Trouble(format!(
                        "This link's lesson step (l={k}) must be 0..={steps} for this lesson; it opened at its summary."
                    )));
                }
                let opened = match at {
                    Some(k) => Driver::resume(lesson, k, &news).map(|d| (d, None)),
                    None => Driver::open(lesson, &news),
                };
                match opened {
                    Ok((d, g)) => {
                        *next.driver.borrow_mut() = Some(d);
                        if let Some(g) = g {
                            next.post(ToMain::Goto(Box::new(g)));
                        }
                    }
                    Err(e) => next.post(ToMain::Trouble(format!("This lesson could not be opened: {e}."))),
                }
            }
            LessonMsg::Act(LessonAction::Close) => {
                *next.driver.borrow_mut() = None;
                next.picking = false;
                next.close_if_empty();
            }
            LessonMsg::Act(action) => {
                if let Some(d) = next.driver.borrow_mut().as_mut() {
                    if let Some(g) = d.act(&action) {
                        next.post(ToMain::Goto(Box::new(g)));
                    }
                }
            }
            LessonMsg::Trouble(message) => {
                next.loading = None;
                next.post(ToMain::Trouble(message));
            }
        }
        let after = next.driver.borrow().as_ref().map(Driver::meta);
        if after.is_some() && after != before {
            next.post(ToMain::Meta(after));
        }
        Rc::new(next)
    }
}

/// Reads lesson `id` (fetched, or kept), then opens it.
fn load(id: String, at: Option<usize>, dispatcher: UseReducerDispatcher<LessonModel>) {
    dispatcher.dispatch(LessonMsg::Loading(id.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        match lesson_files::load(&id).await {
            Ok(lesson) => dispatcher.dispatch(LessonMsg::Loaded(lesson, at)),
            Err(message) => dispatcher.dispatch(LessonMsg::Trouble(message)),
        }
    });
}

/// The lesson module's root component.
#[component]
pub fn LessonApp() -> Html {
    let state = use_reducer(LessonModel::default);
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listening = bridge::listen(TO_LESSONS, move |text| match ToLessons::decode(&text) {
                Some(ToLessons::News(news)) => dispatcher.dispatch(LessonMsg::News(news)),
                Some(ToLessons::Open { id, at }) => load(id, at, dispatcher.clone()),
                Some(ToLessons::Picker) => dispatcher.dispatch(LessonMsg::Picker),
                Some(ToLessons::Share) => dispatcher.dispatch(LessonMsg::Sharing(true)),
                Some(ToLessons::Sweep) => dispatcher.dispatch(LessonMsg::Sweep),
                Some(ToLessons::Calc) => dispatcher.dispatch(LessonMsg::Calc),
                Some(ToLessons::Knob) => dispatcher.dispatch(LessonMsg::Knob),
                Some(ToLessons::Compare {
                    ids,
                    at,
                    crash,
                    crash_kind,
                }) => dispatcher.dispatch(LessonMsg::Compare(ids, at, crash, crash_kind)),
                None => {}
            });
            bridge::send(TO_MAIN, &ToMain::Hello.encode());
            move || drop(listening)
        });
    }
    {
        // After each render, what the reducer had to say to the playground.
        let outbox = Rc::clone(&state.outbox);
        use_effect(move || {
            let messages: Vec<ToMain> = outbox.borrow_mut().drain(..).collect();
            for m in messages {
                bridge::send(TO_MAIN, &m.encode());
            }
        });
    }
    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |a: LessonAction| dispatcher.dispatch(LessonMsg::Act(a)))
    };
    let on_pick = {
        let dispatcher = state.dispatcher();
        Callback::from(move |id: String| load(id, None, dispatcher.clone()))
    };
    let share = state.sharing.then(|| {
        let news = state.news.clone();
        let meta = state.driver.borrow().as_ref().map(Driver::meta);
        let title = meta
            .as_ref()
            .map(|m| m.title.clone())
            .or_else(|| news.as_ref().map(|n| n.scenario.name.clone()))
            .unwrap_or_default();
        let make_link =
            Callback::from(move |extra: Vec<String>| address(news.as_ref(), meta.as_ref(), &extra));
        let dispatcher = state.dispatcher();
        let on_close = Callback::from(move |()| dispatcher.dispatch(LessonMsg::Sharing(false)));
        let series_news = state.news.clone();
        let on_series = Callback::from(move |()| {
            if let Some(n) = &series_news {
                let acts = n.inputs.iter().map(|&(at, i)| (at, i.into())).collect();
                if let Ok(c) = dirtybit_lessons::course::Course::replay(n.scenario.clone(), acts, n.step) {
                    let name = format!("dirtybit-series-{}-step-{}.csv", slug(&n.scenario.name), n.step);
                    download(
                        &name,
                        "text/csv",
                        &dirtybit_sim::series::csv(c.sim.series().points()),
                    );
                }
            }
        });
        let charts_name = state
            .news
            .as_ref()
            .map(|n| slug(&n.scenario.name))
            .unwrap_or_default();
        let on_charts = Callback::from(move |()| save_charts(&charts_name));
        html! { <Share make_link={make_link} title={title} {on_series} {on_charts} on_close={on_close} /> }
    });
    let sweep = state.sweep.as_ref().map(|s| {
        let dispatcher = state.dispatcher();
        let data = Rc::clone(s);
        let slug = slug(&s.0.name);
        let on_open = {
            let dispatcher = dispatcher.clone();
            Callback::from(move |i: usize| dispatcher.dispatch(LessonMsg::SweepOpen(i)))
        };
        let on_csv = {
            let (data, slug) = (Rc::clone(&data), slug.clone());
            Callback::from(move |()| download(&format!("dirtybit-crash-sweep-{slug}.csv"), "text/csv", &dirtybit_sim::sweep::csv(&data.1)))
        };
        let on_svg = Callback::from(move |()| {
            download(&format!("dirtybit-crash-sweep-{slug}.svg"), "image/svg+xml", &svg_of("sweep-chart"));
        });
        let on_close = Callback::from(move |()| dispatcher.dispatch(LessonMsg::SweepClose));
        html! { <SweepPanel outcomes={s.1.clone()} name={s.0.name.clone()} {on_open} {on_csv} {on_svg} {on_close} /> }
    });
    let calc = state.calc.as_ref().map(|v| {
        let dispatcher = state.dispatcher();
        let on_close = Callback::from(move |()| dispatcher.dispatch(LessonMsg::CalcClose));
        html! { <CalcPanel view={(**v).clone()} {on_close} /> }
    });
    let compare = state.compare.borrow().as_ref().map(|c| {
        let dispatcher = state.dispatcher();
        let on_ask = Callback::from(move |a: CompareAsk| dispatcher.dispatch(LessonMsg::CompareAsk(a)));
        html! {
            <ComparePanel columns={c.variants.iter().map(|v| (v.id, v.label)).collect::<Vec<_>>()} rows={c.rows()}
                          t={c.t} crash={c.crash} crash_kind={c.crash_kind} done={c.done()} {on_ask} />
        }
    });
    let knob = state.knob.as_ref().map(|k| {
        let dispatcher = state.dispatcher();
        let on_ask = Callback::from(move |a: KnobAsk| dispatcher.dispatch(LessonMsg::KnobAsk(a)));
        html! { <KnobPanel result={k.result.clone()} error={k.error.clone()} {on_ask} /> }
    });
    let driver = state.driver.borrow();
    let main = match driver.as_ref() {
        Some(d) if d.tutor.step == 0 && d.waiting() => {
            html! { <p class="lesson-loading" id="lesson-loading">{ "Setting up the lesson's run…" }</p> }
        }
        Some(d) => html! { <LessonPanel shown={LessonShown::of(d)} on_action={on_action} /> },
        None if state.picking || state.loading.is_some() => html! {
            <LessonPicker loading={state.loading.clone()} on_pick={on_pick}
                          on_close={on_action.reform(|_: ()| LessonAction::Close)} />
        },
        None => html! {},
    };
    html! { <>{ for share }{ for compare }{ for sweep }{ for knob }{ for calc }{ main }</> }
}

/// The full address of the run in `news` (and the open lesson's step),
/// with `extra` query parameters in place of `embed`, `hide`, `present`.
fn address(news: Option<&RunNews>, meta: Option<&crate::bridge::LessonMeta>, extra: &[String]) -> String {
    let Some(news) = news else { return String::new() };
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let shared = Shared {
        scenario: news.scenario.clone(),
        inputs: news.inputs.clone(),
        step: news.step,
    };
    format!(
        "{}{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        url::search_with(
            &location.search().unwrap_or_default(),
            meta.map(|m| m.id.as_str()),
            None,
            extra
        ),
        url::to_hash_at(&shared, meta.filter(|m| !m.away).map(|m| m.step))
    )
}

/// How many instants the page's sweep crashes at (each for
/// [`CRASH_DOWNTIME_US`]).
const SWEEP_POINTS: usize = 100;

/// The state just after a crash at the sweep's instant `o`: the scenario,
/// the crash as an input after `o.steps` events, and the step right after
/// the crash.
fn crashed_at(scenario: &dirtybit_sim::Scenario, o: &CrashOutcome) -> Option<crate::bridge::Goto> {
    use dirtybit_lessons::course::{Act, Course};
    let crash = dirtybit_sim::Fault::CrashCache {
        downtime_us: CRASH_DOWNTIME_US,
    };
    let mut c = Course::replay(scenario.clone(), Vec::new(), o.steps).ok()?;
    let e = c.act(Act::Fault(crash)).ok()?;
    Some(crate::bridge::Goto {
        scenario: scenario.clone(),
        inputs: vec![(o.steps, crate::model::Input::Fault { fault: crash })],
        step: c.sim.steps(),
        said: Some(format!(
            "Crashed at t = {} (from the sweep): {}.",
            e.at.human(),
            e.kind
        )),
    })
}

/// A file name's version of `name`: lowercase words joined by `-`.
fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 48 {
            break;
        }
    }
    s.trim_end_matches('-').to_string()
}

/// Offers `text` as a file called `name` to save.
fn download(name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = wasm_bindgen::JsCast::unchecked_into(a);
        a.set_href(&url);
        a.set_download(name);
        a.set_id("last-download");
        a.click();
    }
    // Kept for the browser tests to read back; freed on the next download.
    LAST_DOWNLOAD.with(|l| {
        if let Some(old) = l.replace(Some((name.to_string(), text.to_string(), url))) {
            let _ = web_sys::Url::revoke_object_url(&old.2);
        }
    });
}

/// An SVG element of the page, as a file: its colours and type sizes
/// written onto each element (the page's stylesheet does not travel).
fn svg_of(id: &str) -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let Some(svg) = window.document().and_then(|d| d.get_element_by_id(id)) else {
        return String::new();
    };
    let Ok(copy) = svg.clone_node_with_deep(true) else {
        return String::new();
    };
    let copy: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(copy);
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let (Ok(from), Ok(to)) = (svg.query_selector_all("*"), copy.query_selector_all("*")) else {
        return copy.outer_html();
    };
    for i in 0..from.length().min(to.length()) {
        let (Some(a), Some(b)) = (from.item(i), to.item(i)) else {
            continue;
        };
        let a: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(a);
        let b: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(b);
        if let Ok(Some(style)) = window.get_computed_style(&a) {
            for property in ["fill", "stroke", "stroke-width", "font-size", "font-family"] {
                if let Ok(v) = style.get_property_value(property) {
                    if !v.is_empty() {
                        let _ = b.set_attribute(property, &v);
                    }
                }
            }
        }
    }
    copy.outer_html()
}

/// Saves every chart of the playground as an SVG file of its own.
fn save_charts(scenario_slug: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(figures) = document.query_selector_all("figure.chart") else {
        return;
    };
    for i in 0..figures.length() {
        let Some(figure) = figures.item(i) else { continue };
        let figure: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(figure);
        let Ok(Some(svg)) = figure.query_selector("svg") else {
            continue;
        };
        let id = format!("{}-svg", figure.id());
        svg.set_id(&id);
        let name = format!("dirtybit-{}-{scenario_slug}.svg", figure.id());
        download(&name, "image/svg+xml", &svg_of(&id));
    }
}

thread_local! {
    static LAST_DOWNLOAD: RefCell<Option<(String, String, String)>> = const { RefCell::new(None) };
}

/// The last file offered (name, contents), for tests.
#[must_use]
pub fn last_download() -> Option<(String, String)> {
    LAST_DOWNLOAD.with(|l| l.borrow().as_ref().map(|(n, t, _)| (n.clone(), t.clone())))
}

thread_local! {
    static HERE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True if the lesson module runs inside this wasm module (the browser
/// tests mount both halves in one); the playground then loads no script.
#[must_use]
pub fn here() -> bool {
    HERE.with(std::cell::Cell::get)
}

/// Says the lesson module runs inside this wasm module (for tests).
pub fn mark_here() {
    HERE.with(|h| h.set(true));
}

/// Starts the lesson module: mounts [`LessonApp`] into the lesson column
/// (`#lesson-root`, beside the playground's root, not inside it: each
/// module's Yew then sees only its own events).
pub fn start() {
    crate::panic_banner::install();
    let slot = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("lesson-root"));
    if let Some(slot) = slot {
        yew::Renderer::<LessonApp>::with_root(slot).render();
    }
}
