//! The page: the header (what it is, the scenario picker, the shortcuts),
//! the controls, the loss window, the path diagram,
//! the cache, queue and store panels, inputs by hand, charts, the event log
//! and the scenario editor. Owns the timers (play, run-to-end slices), so
//! dropping the page stops them; keeps the address in step with the run.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::{Interval, Timeout};
use yew::prelude::*;

use crate::bridge::{self, RunNews, ToLessons, ToMain, TO_LESSONS, TO_MAIN};
use crate::lesson_files::CATALOG;
use crate::model::{Action, LogFilter, Playground, FIRST_SLICE, SLICE_MS};
use crate::presets;
use crate::url::{self, Query, Shared};
use crate::view::{
    below_panel, cache_view, charts, controls, diagram, event_log, intro, loss_view, metrics_view,
    queue_view, spent_view, standby_panel, store_view, CacheViewProps, ChartsProps, ControlsProps,
    DiagramProps, Editor, EventLogProps, InputsView, IntroProps, Knobs, LossViewProps, MetricsViewProps,
    QueueViewProps, SpentViewProps, StoreViewProps,
};

/// What the "Where the time went" panel shows: the core's breakdowns of
/// the percentiles, and of the latest event if it is an answer.
fn spent_props(sim: &dirtybit_sim::Sim, last: Option<&dirtybit_sim::Event>) -> SpentViewProps {
    use dirtybit_sim::EventKind;
    let m = sim.metrics();
    // The latest event, if it answered a request (after a press in the log,
    // the pressed one): the run's own account of it.
    let last = last.and_then(|e| {
        let (op, spent) = sim.last_answer().filter(|(op, _)| e.kind.op() == Some(*op))?;
        let what = match &e.kind {
            EventKind::ReadReturned { key, .. } => format!("{op}, a read of {key}"),
            EventKind::WriteAcked { key, .. } => format!("{op}, a write of {key}"),
            EventKind::Failed { .. } => format!("{op}, which failed"),
            _ => return None,
        };
        Some((what, spent.total(), spent))
    });
    SpentViewProps {
        writes: m.breakdowns(true),
        reads: m.breakdowns(false),
        last,
    }
}

/// Where the page starts: the shared state in the hash, else the preset in
/// the query, else the default; a bad link shows a message over the default.
fn initial() -> Playground {
    let location = web_sys::window().map(|w| w.location());
    let search = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let hash = location.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
    let query = url::parse_query(&search);
    let mut notice = None;
    let start = match query.preset.as_deref() {
        None => presets::default_scenario(),
        Some(id) => presets::preset(id).unwrap_or_else(|| {
            let known: Vec<&str> = presets::PRESETS.iter().map(|(id, _)| *id).collect();
            notice = Some(format!(
                "There is no preset called \"{id}\"; the presets are {}.",
                known.join(", ")
            ));
            presets::default_scenario()
        }),
    };
    let mut p = match url::from_hash(&hash) {
        Ok(Some(shared)) => {
            Playground::replay(shared.scenario, shared.inputs, shared.step).unwrap_or_else(|e| {
                Playground::new(start.clone())
                    .map(|mut p| {
                        p.notice = Some(format!("This link's scenario is invalid: {e}."));
                        p
                    })
                    .unwrap_or_else(|e| panic!("a preset is invalid: {e}"))
            })
        }
        Ok(None) => Playground::new(start).unwrap_or_else(|e| panic!("a preset is invalid: {e}")),
        Err(message) => {
            notice = Some(message);
            Playground::new(start).unwrap_or_else(|e| panic!("a preset is invalid: {e}"))
        }
    };
    if notice.is_some() {
        p.notice = notice;
    }
    p
}

fn query() -> Query {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    url::parse_query(&search)
}

/// The path, query and hash of what is on screen: the run, and the lesson
/// and its step if one is open.
fn address_of(p: &Playground) -> String {
    let run = p.run();
    let shared = Shared {
        scenario: run.scenario.clone(),
        inputs: run.inputs.clone(),
        step: run.sim.steps(),
    };
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let lesson = p.lesson.as_ref().map(|l| l.id.as_str());
    let step = p.lesson.as_ref().filter(|l| !l.away).map(|l| l.step);
    format!(
        "{path}{}{}",
        url::search_with(&search, lesson, p.tool.as_deref(), &[]),
        url::to_hash_at(&shared, step)
    )
}

/// Writes the shared state into the address bar without a new history
/// entry, keeping the path and every query parameter (`?embed`, `?preset`).
fn write_hash(p: &Playground) {
    let address = address_of(p);
    let Some(window) = web_sys::window() else { return };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// The lesson module, as the playground sees it.
#[derive(Default)]
struct LessonModule {
    /// It said hello: it listens.
    up: bool,
    /// Its script was added to the page.
    asked: bool,
    /// The playground's run (shared, changed in place), to tell a module
    /// that says hello where it stands.
    run: Option<Rc<RefCell<crate::model::Run>>>,
    /// Step presses and scenario edits so far.
    presses: u64,
    edits: u64,
    /// What to ask of it once it is up.
    asks: Vec<ToLessons>,
}

impl LessonModule {
    /// Where the run stands, and what the learner has done.
    fn news(&self) -> Option<RunNews> {
        let run = self.run.as_ref()?.borrow();
        Some(RunNews {
            scenario: run.scenario.clone(),
            inputs: run.inputs.clone(),
            step: run.sim.steps(),
            presses: self.presses,
            edits: self.edits,
        })
    }
}

/// Adds the lesson module's loader to the page, once (unless the module is
/// part of this one, as in the browser tests).
fn load_lesson_module(module: &mut LessonModule) {
    if module.asked || crate::lessons_app::here() {
        return;
    }
    module.asked = true;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let (Ok(script), Some(head)) = (document.create_element("script"), document.head()) {
        let _ = script.set_attribute("type", "module");
        let _ = script.set_attribute("src", "lessons-loader.js");
        let _ = head.append_child(&script);
    }
}

/// Asks the lesson module for something (a lesson, the list): now if it
/// is up, else once it is (loading it).
fn ask_lessons(module: &mut LessonModule, ask: ToLessons) {
    if module.up {
        bridge::send(TO_LESSONS, &ask.encode());
    } else {
        module.asks.push(ask);
        load_lesson_module(module);
    }
}

thread_local! {
    static LAST_HEIGHT: std::cell::Cell<i32> = const { std::cell::Cell::new(-1) };
}

/// The shortest time between two writes of the address, in ms.
const ADDRESS_EVERY_MS: f64 = 100.0;

/// When the address was last written, and a write waiting for its turn.
#[derive(Default)]
struct AddressWrites {
    last_ms: f64,
    pending: Option<Timeout>,
}

/// Milliseconds on the page's clock.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Posts `dirtybit:height:N` (the document's height in px) to the parent
/// frame, if there is one and the height changed since the last post.
fn post_height() {
    let Some(window) = web_sys::window() else { return };
    // The content's own height: <html>'s box, not its scrollHeight, which
    // never drops below the frame's height (a frame could grow, never shrink).
    let height = window
        .document()
        .and_then(|d| d.document_element())
        .map_or(0, |e| e.get_bounding_client_rect().height().ceil() as i32);
    if LAST_HEIGHT.with(|h| h.replace(height)) == height {
        return;
    }
    if let Ok(Some(parent)) = window.parent() {
        if parent != window {
            let _ = parent.post_message(&format!("dirtybit:height:{height}").into(), "*");
        }
    }
}

/// Posts the height whenever the page's size changes, rendered or not (a
/// folded section opened): a ResizeObserver on the document.
fn watch_height() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(post_height);
    if let Ok(observer) = web_sys::ResizeObserver::new(wasm_bindgen::JsCast::unchecked_ref(callback.as_ref()))
    {
        observer.observe(&root);
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            observer.observe(&body);
        }
    }
    // Lives as long as the page.
    callback.forget();
}

/// The whole playground.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial);
    let query = use_memo((), |_| query());
    let embed = query.embed;
    // `?hide=` names what is hidden; without it, `?embed` hides the editor and knobs.
    let hidden = |part: &str| match &query.hide {
        Some(list) => list.iter().any(|h| h == part),
        None => embed && matches!(part, "editor" | "knobs"),
    };
    // The lesson column is open: a lesson or the list was asked for.
    let column = use_state(|| false);
    // A lesson asked for from a link and not open yet.
    let wanted = use_state(|| None::<String>);
    let module = use_mut_ref(LessonModule::default);
    let main_ref = use_node_ref();
    let address = use_mut_ref(AddressWrites::default);
    let slice = use_memo((), |_| std::cell::Cell::new(FIRST_SLICE));
    let run = state.run();
    // The editor's text and the preset's name change only with the scenario.
    let json = use_memo(run.scenario.clone(), |s| {
        crate::view::pretty(&serde_json::to_string(s).unwrap_or_default())
    });
    let preset = *use_memo(run.scenario.clone(), presets::id_of);
    let steps = run.sim.steps();
    let inputs = run.inputs.len();
    {
        // The shortcuts work at once on a page of its own; an embedded frame
        // does not take the focus from the course page around it.
        let main_ref = main_ref.clone();
        use_effect_with((), move |_| {
            if !embed {
                if let Some(el) = main_ref.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    // In a course page's frame, tell the page around it how tall the
    // content is, so it can size the frame (static/embed-resize.js).
    use_effect(move || {
        if embed {
            post_height();
        }
    });
    use_effect_with((), move |_| {
        if embed {
            watch_height();
        }
    });
    {
        // The lesson module's messages; `?lesson=ID` asks for a lesson.
        let dispatcher = state.dispatcher();
        let module = module.clone();
        let wanted = wanted.clone();
        let column = column.clone();
        let id = query.lesson.clone();
        let (compare, at, crash) = (query.compare.clone(), query.at, query.crash);
        let crash_kind = query.crash_kind.clone();
        use_effect_with((), move |_| {
            let listening = {
                let module = module.clone();
                let wanted = wanted.clone();
                let column = column.clone();
                let dispatcher = dispatcher.clone();
                bridge::listen(TO_MAIN, move |text| match ToMain::decode(&text) {
                    Some(ToMain::Hello) => {
                        let mut m = module.borrow_mut();
                        m.up = true;
                        if let Some(news) = m.news() {
                            bridge::send(TO_LESSONS, &ToLessons::News(Box::new(news)).encode());
                        }
                        for ask in std::mem::take(&mut m.asks) {
                            bridge::send(TO_LESSONS, &ask.encode());
                        }
                    }
                    Some(ToMain::Goto(g)) => dispatcher.dispatch(Action::Goto(g)),
                    Some(ToMain::Meta(meta)) => {
                        wanted.set(None);
                        column.set(meta.is_some());
                        dispatcher.dispatch(Action::LessonMeta(meta));
                    }
                    Some(ToMain::Query(q)) => dispatcher.dispatch(Action::Tool(q)),
                    Some(ToMain::Trouble(message)) => {
                        // A lesson that could not open: the column closes (an open
                        // lesson keeps it open) and the page says why.
                        wanted.set(None);
                        column.set(false);
                        dispatcher.dispatch(Action::Notice(message));
                    }
                    None => {}
                })
            };
            if let Some(ids) = compare {
                column.set(true);
                ask_lessons(
                    &mut module.borrow_mut(),
                    ToLessons::Compare {
                        ids,
                        at,
                        crash,
                        crash_kind,
                    },
                );
            }
            if let Some(id) = id {
                let hash = web_sys::window()
                    .and_then(|w| w.location().hash().ok())
                    .unwrap_or_default();
                let shared = matches!(url::from_hash(&hash), Ok(Some(_)));
                let at = match url::lesson_step(&hash) {
                    Ok(at) => at.filter(|_| shared),
                    Err(message) => {
                        dispatcher.dispatch(Action::Notice(message));
                        None
                    }
                };
                wanted.set(Some(id.clone()));
                column.set(true);
                ask_lessons(&mut module.borrow_mut(), ToLessons::Open { id, at });
            }
            move || drop(listening)
        });
    }
    {
        // Tell the lesson module, once it is up, where the run is.
        let module = module.clone();
        let state = state.clone();
        use_effect_with(
            (steps, inputs, json.clone(), state.presses, state.edits),
            move |_| {
                let mut m = module.borrow_mut();
                m.run.get_or_insert_with(|| state.shared_run());
                m.presses = state.presses;
                m.edits = state.edits;
                if m.up {
                    if let Some(news) = m.news() {
                        bridge::send(TO_LESSONS, &ToLessons::News(Box::new(news)).encode());
                    }
                }
            },
        );
    }
    {
        let dispatcher = state.dispatcher();
        use_effect_with((state.playing, state.speed), move |&(playing, speed)| {
            let timer = playing.then(|| {
                let period_ms = 1_000 / speed.max(1);
                Interval::new(period_ms, move || dispatcher.dispatch(Action::Step))
            });
            move || drop(timer)
        });
    }
    {
        // Run to the end one slice per task, so the page keeps painting.
        // Each slice is sized from the time the last one's events took
        // (the reducer runs inside `dispatch`), to take about SLICE_MS.
        let dispatcher = state.dispatcher();
        let slice = slice.clone();
        use_effect_with((state.running, steps), move |&(running, _)| {
            let timer = if running {
                Some(Timeout::new(0, move || {
                    let events = slice.get();
                    let t0 = now_ms();
                    dispatcher.dispatch(Action::RunSlice(events));
                    let took = (now_ms() - t0).max(0.5);
                    let next = (events as f64 * SLICE_MS / took) as u64;
                    // At most 4x larger at a time: one quick slice (a run
                    // that just ended) must not make the next one huge.
                    slice.set(next.clamp(1_000, events.saturating_mul(4)));
                }))
            } else {
                slice.set(FIRST_SLICE);
                None
            };
            move || drop(timer)
        });
    }
    {
        // The address follows the run, but not on every step: Chrome ignores
        // history updates past about 200 in 10 s (then a link or a reload
        // would show an old state). At most one write per ADDRESS_EVERY_MS,
        // the last one always; none while playing or running to the end.
        let state = state.clone();
        let address = address.clone();
        let main_ref = main_ref.clone();
        let busy = state.playing || state.running;
        let lesson_at = state.lesson.clone();
        let tool = state.tool.clone();
        use_effect_with((steps, inputs, busy, json.clone(), lesson_at, tool), move |_| {
            let mut a = address.borrow_mut();
            a.pending = None;
            if !busy {
                let write = {
                    let address = address.clone();
                    move || {
                        write_hash(&state);
                        let mut a = address.borrow_mut();
                        a.last_ms = now_ms();
                        // A mark the browser tests can wait on.
                        if let Some(main) = main_ref.cast::<web_sys::Element>() {
                            let _ = main.set_attribute("data-address-step", &steps.to_string());
                        }
                    }
                };
                let wait = ADDRESS_EVERY_MS - (now_ms() - a.last_ms);
                if wait <= 0.0 {
                    drop(a);
                    write();
                } else {
                    a.pending = Some(Timeout::new(wait.ceil() as u32, write));
                }
            }
        });
    }

    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };
    let on_key = {
        let on_action = on_action.clone();
        let busy = state.playing || state.running;
        Callback::from(move |e: KeyboardEvent| {
            let tag = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .map(|el| el.tag_name())
                .unwrap_or_default();
            let key = e.key();
            // Form fields keep their keys; a focused button keeps Space and Enter.
            if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || (tag == "BUTTON" && matches!(key.as_str(), " " | "Enter"))
                || e.ctrl_key()
                || e.meta_key()
                || e.alt_key()
            {
                return;
            }
            let action = match key.as_str() {
                " " => Some(if busy { Action::Pause } else { Action::Play }),
                "ArrowRight" => Some(Action::Step),
                "ArrowLeft" => Some(Action::StepBack),
                "r" | "R" => Some(Action::Reset),
                _ => None,
            };
            if let Some(a) = action {
                e.prevent_default();
                on_action.emit(a);
            }
        })
    };
    let dismiss = {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Dismiss))
    };

    let p: &Playground = &state;
    let sim = &run.sim;
    let scenario = sim.scenario();
    let highlight = run.last_key();
    let busy = p.playing || p.running;
    let narration = match (busy, &p.said, run.log(LogFilter::All).back()) {
        (false, Some(said), _) => said.clone(),
        (false, None, Some(event)) => event.kind.to_string(),
        (false, None, None) => {
            "Paused at the start. Press Step (or the right arrow) to see the first event.".to_string()
        }
        (true, _, _) => String::new(),
    };
    let queues = sim.flush_queues();
    let below = sim.below();
    let standby = sim.standby_view();
    // Acknowledged writes lost (a write a crash below the store took while
    // its answer was on its way counts once the answer lands).
    let lost: Vec<_> = sim
        .ledger()
        .lost()
        .filter(|r| r.acked_at.is_some())
        .take(crate::view::LOSS_LIST_SHOWN)
        .copied()
        .collect();
    let lost_below = sim.metrics().writes_lost_below;
    let (events, earlier) = match &run.earlier {
        Some((f, page)) if *f == p.filter => (page.iter().rev().cloned().collect::<Vec<_>>(), true),
        _ => (run.log(p.filter).iter().rev().cloned().collect(), false),
    };
    let down_until = sim.cache_restarts_at();
    let figures = html! {
        <>
            { metrics_view(&MetricsViewProps { metrics: sim.metrics().clone(), now: sim.now(), scenario: scenario.clone() }) }
            { spent_view(&spent_props(sim, run.log(LogFilter::All).back())) }
            { charts(&ChartsProps { series: sim.series().points().to_vec(), reads: sim.metrics().read_latency.summary(), writes: sim.metrics().write_latency.summary(), interval_us: scenario.sample_us }) }
        </>
    };

    let focus = p
        .lesson
        .as_ref()
        .filter(|l| !l.away)
        .and_then(|l| l.focus.clone());
    // Each button opens a part of the teaching layer in the lesson column
    // (loading the lesson module the first time).
    let tools: Vec<(&str, String, Callback<MouseEvent>)> = [
        (
            "lessons-open",
            format!("Guided lessons ({})", CATALOG.len()),
            ToLessons::Picker,
        ),
        ("share-open", "Share or embed this".to_string(), ToLessons::Share),
        (
            "sweep-show",
            "Crash at every instant".to_string(),
            ToLessons::Sweep,
        ),
        (
            "compare-show",
            "Compare side by side".to_string(),
            ToLessons::Compare {
                ids: String::new(),
                at: None,
                crash: None,
                crash_kind: None,
            },
        ),
        ("knob-show", "Sweep a knob".to_string(), ToLessons::Knob),
        ("calc-show", "The texts' formulas".to_string(), ToLessons::Calc),
    ]
    .into_iter()
    .map(|(id, label, ask)| {
        let module = module.clone();
        let column = column.clone();
        let open = Callback::from(move |_: MouseEvent| {
            column.set(true);
            ask_lessons(&mut module.borrow_mut(), ask.clone());
        });
        (id, label, open)
    })
    .collect();
    let lesson_open = p.lesson.is_some();
    let column_open = *column || lesson_open;

    // The lesson column (`#lesson-root`, beside this root) shows while open.
    // The presenter view (`?present`) scales both columns: a class on <html>.
    let present = query.present;
    use_effect_with(column_open, move |&open| {
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(body) = document.as_ref().and_then(|d| d.body()) {
            let _ = body.class_list().toggle_with_force("has-lesson", open);
        }
        if let Some(root) = document.and_then(|d| d.document_element()) {
            let _ = root.class_list().toggle_with_force("present", present);
        }
    });

    html! {
        <main ref={main_ref} class={classes!("playground", embed.then_some("embed"))}
              data-focus={focus} tabindex="0" onkeydown={on_key}
              aria-label="dirtybit simulator: Space plays or pauses, arrows step, R resets">
            if let (Some(id), false) = (&*wanted, lesson_open) {
                <p class="lesson-loading" id="lesson-wait">{ format!("Loading the lesson “{id}”…") }</p>
            }
            { intro(&IntroProps { preset, name: scenario.name.clone(), policy: scenario.policy.name().to_string(), embed, on_action: on_action.clone() }) }
            if !embed {
                <p class="lessons-entry">
                    { for tools.into_iter().filter(|(id, _, _)| !(lesson_open && *id == "lessons-open")).map(|(id, label, open)| html! {
                        <button type="button" id={id} onclick={open}>{ label }</button>
                    }) }
                </p>
            }
            if let Some(text) = &p.notice {
                <div class="notice" id="notice" role="alert">
                    <span>{ text.clone() }</span>
                    <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
            { controls(&ControlsProps { playing: p.playing, running: p.running, done: sim.is_done(), can_step_back: steps > 0, speed: p.speed, progress: sim.progress(), on_action: on_action.clone() }) }
            <p class="clock" id="clock">
                { format!("t = {} since the start · step {}", sim.now().human(), steps) }
                if sim.is_done() { { " · the run is over" } }
            </p>
            <p class="narration" role="status" id="narration">{ narration }</p>
            if let Some(at) = down_until {
                <p class="down-note" id="cache-down">
                    if let Some(n) = sim.takeover_due() {
                        { format!("The cache node is down: its backup member takes over at t = {} ({} from now), with the {n} {} it holds.",
                                  at.human(), at.since(sim.now()).human(), if n == 1 { "write" } else { "writes" }) }
                    } else {
                        { format!("The cache node is down: it restarts at t = {} ({} from now), empty{}.",
                                  at.human(), at.since(sim.now()).human(),
                                  if sim.behind_totals().is_some_and(|b| b.log.is_some()) { ", and replays its log" } else { "" }) }
                    }
                </p>
            }
            { loss_view(&LossViewProps { window: sim.loss_window(), lost, lost_total: sim.ledger().counts().lost, lost_in_crashes: sim.metrics().writes_lost_in_crashes, lost_below, below_at_risk: below.as_ref().map(|b| b.at_risk.iter().sum()), at_risk_total: sim.ledger().counts().at_risk(), backed_up: sim.behind_totals().map_or(0, |t| t.backed_up), power_cut: scenario.cache.log_device.as_ref().filter(|d| d.lies()).map(|_| sim.crash_would_lose_to(dirtybit_sim::storage::CrashKind::Power).len()) }) }
            { diagram(&DiagramProps { in_flight: sim.in_flight(), cache_up: sim.cache_up(), store_down: sim.store().is_down(), behind: sim.behind_totals(), sent: sim.metrics().ops_sent, held: sim.cache_held() }) }
            <div class={classes!("path", (!queues.is_empty()).then_some("with-queue"))}>
                { cache_view(&CacheViewProps { entries: sim.cache_entries(), keys: scenario.workload.keys, highlight, up: sim.cache_up() }) }
                if !queues.is_empty() { { queue_view(&QueueViewProps { queues: queues.clone(), now: sim.now() }) } }
                { store_view(&StoreViewProps { rows: sim.store().rows().collect::<Vec<_>>(), keys: scenario.workload.keys, highlight, volatile: below.as_ref().map(|b| b.volatile.clone()).unwrap_or_default(), unreplicated: standby.as_ref().map(|s| s.unreplicated.clone()).unwrap_or_default() }) }
            </div>
            if let Some(view) = &below { { below_panel(view) } }
            if let Some(view) = &standby { { standby_panel(view) } }
            <InputsView keys={scenario.workload.keys} store_down={sim.store().is_down()} cache_up={sim.cache_up()}
                        layers={below.is_some()} standby={standby.is_some()} log_device={scenario.cache.log_device.is_some()} on_action={on_action.clone()} />
            if embed {
                // Compact in a course page's frame: the figures fold away.
                <details class="more" id="more">
                    <summary>{ "Figures and charts" }</summary>
                    { figures }
                </details>
            } else {
                { figures }
            }
            if !hidden("log") {
                { event_log(&EventLogProps { events, earlier, counts: run.counts, filter: p.filter, on_action: on_action.clone() }) }
            }
            if !hidden("knobs") {
                <Knobs scenario={run.scenario.clone()} on_action={on_action.clone()} />
            }
            if !hidden("editor") {
                <Editor json={(*json).clone()} on_action={on_action} />
            }
        </main>
    }
}
