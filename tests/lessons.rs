//! Browser tests of a lesson, both halves of the page in one: the playground
//! ([`App`]) and the lesson module ([`LessonApp`]), mounted side by side as
//! the real page mounts them, talking through the same window events. Run
//! with `wasm-pack test --headless --chrome` (via `cargo xtask test`).
//! Nothing sleeps: every wait is on a DOM mutation.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{cache_picture, next_mutation, preset_hash, set_address, svg_document};
use dirtybit::lessons_app::LessonApp;
use dirtybit::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

type Mounted = (yew::AppHandle<App>, yew::AppHandle<LessonApp>, Element, Element);

thread_local! {
    static MOUNTED: std::cell::RefCell<Option<Mounted>> = const { std::cell::RefCell::new(None) };
}

fn body() -> Element {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .into()
}

/// Mounts the playground and the lesson module at an address, as the page
/// does (two roots side by side); the lesson files are read from the
/// repository instead of fetched.
async fn mount_at(search_and_hash: &str) {
    if let Some((app, lessons, a, b)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        lessons.destroy();
        app.destroy();
        a.remove();
        b.remove();
        yew::scheduler::flush().await;
    }
    for (id, text) in [
        (
            "write-behind-loss-window",
            include_str!("../lessons/write-behind-loss-window.json"),
        ),
        (
            "coalescing-batching",
            include_str!("../lessons/coalescing-batching.json"),
        ),
        ("below-the-store", include_str!("../lessons/below-the-store.json")),
        (
            "standby-synchronous-commit",
            include_str!("../lessons/standby-synchronous-commit.json"),
        ),
    ] {
        dirtybit::lesson_files::remember(id, text).unwrap();
    }
    dirtybit::lessons_app::mark_here();
    set_address(search_and_hash);
    let document = web_sys::window().unwrap().document().unwrap();
    let app_root = document.create_element("div").unwrap();
    let lesson_root = document.create_element("aside").unwrap();
    lesson_root.set_class_name("lesson-slot");
    body().append_child(&app_root).unwrap();
    body().append_child(&lesson_root).unwrap();
    let app = yew::Renderer::<App>::with_root(app_root.clone()).render();
    yew::scheduler::flush().await;
    let lessons = yew::Renderer::<LessonApp>::with_root(lesson_root.clone()).render();
    yew::scheduler::flush().await;
    MOUNTED.with(|m| *m.borrow_mut() = Some((app, lessons, app_root, lesson_root)));
}

fn find(selector: &str) -> Element {
    body()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn exists(selector: &str) -> bool {
    body().query_selector(selector).unwrap().is_some()
}

fn text(selector: &str) -> String {
    find(selector).text_content().unwrap_or_default()
}

/// Waits (on DOM mutations anywhere in the page) until `cond` holds.
async fn until(cond: impl Fn() -> bool) {
    while !cond() {
        next_mutation(&body()).await;
    }
}

async fn click(selector: &str) {
    find(selector).unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
}

async fn at_step(k: usize, of: usize) {
    let want = format!("Step {k} of {of}");
    until(|| exists("#lesson-progress") && text("#lesson-progress") == want).await;
}

/// Answers the step's number question with `value` and checks it is graded right.
async fn answer_number_right(value: &str) {
    find("#lesson-number")
        .unchecked_into::<HtmlInputElement>()
        .set_value(value);
    click("#lesson-check").await;
    until(|| exists("#lesson-feedback")).await;
    assert!(
        find("#lesson-feedback").class_list().contains("right"),
        "{}",
        text("#lesson-feedback")
    );
}

/// The cache's entries as "key=state:value", the clock and the metrics strip.
fn picture() -> (Vec<String>, String, String) {
    let cache = cache_picture(&body());
    (cache, text("#clock"), text("#metrics dl"))
}

#[wasm_bindgen_test]
async fn a_lesson_walks_from_its_link_through_questions_triggers_back_and_a_reload() {
    mount_at("?lesson=write-behind-loss-window").await;
    at_step(1, 5).await;
    assert!(text("#lesson-title").starts_with("Write-behind"));
    assert!(text("#lesson-source").contains("000_b42d0e33520e4e6a.txt"));
    assert!(
        text("#clock").contains("step 0"),
        "the lesson's run starts at 0: {}",
        text("#clock")
    );
    // Predict first: the way on is closed until the question is answered.
    assert!(find("#lesson-forward")
        .unchecked_into::<HtmlElement>()
        .has_attribute("disabled"));
    // A number, right: 1.5 ms.
    answer_number_right("1.5").await;
    assert!(
        text("#lesson-feedback").contains("The run's answer: 1.5 (latency, ms)."),
        "{}",
        text("#lesson-feedback")
    );
    // An event trigger: run until the write is acknowledged.
    click("#lesson-forward").await;
    at_step(2, 5).await;
    until(|| text("#clock").contains("t = 1.5 ms")).await;
    click("#lesson-forward").await;
    at_step(3, 5).await;
    // The loss panel is the part this step talks about.
    assert_eq!(find("main").get_attribute("data-focus").as_deref(), Some("loss"));
    // A choice, wrong: "None" when the crash loses 4.
    click("#lesson-choice-0").await;
    until(|| exists("#lesson-feedback")).await;
    assert!(find("#lesson-feedback").class_list().contains("wrong"));
    assert!(
        text("#lesson-feedback").contains("3 or 4 (writes lost: 4)"),
        "{}",
        text("#lesson-feedback")
    );
    let before_crash = picture();
    let window = web_sys::window().unwrap();
    // The address follows (written at most every 100 ms): the lesson's step and the run's.
    until(|| window.location().hash().unwrap().starts_with("#l=2&")).await;
    let address_before = window.location().hash().unwrap();
    // A learner action: the crash button, pressed by the learner, ends the step.
    click("#crash").await;
    at_step(4, 5).await;
    assert!(
        text("#lesson-say").contains("The crash lost 4 acknowledged writes"),
        "{}",
        text("#lesson-say")
    );
    // Back: the run exactly as it was when step 3 began.
    click("#lesson-back").await;
    at_step(3, 5).await;
    until(|| picture() == before_crash).await;
    // A reload of the address lands on the same step, the run as it was.
    until(|| window.location().hash().unwrap() == address_before).await;
    let address = format!(
        "{}{}",
        window.location().search().unwrap(),
        window.location().hash().unwrap()
    );
    mount_at(&address).await;
    at_step(3, 5).await;
    until(|| picture() == before_crash).await;
}

#[wasm_bindgen_test]
async fn a_knob_the_learner_sets_starts_the_run_over_and_the_lesson_goes_on() {
    mount_at("?lesson=coalescing-batching").await;
    at_step(1, 5).await;
    click("#lesson-choice-0").await;
    click("#lesson-forward").await;
    at_step(2, 5).await;
    assert!(
        text("#lesson-task").contains("policy.coalescing = false"),
        "{}",
        text("#lesson-task")
    );
    // Do it for me: the setting is applied and the run starts over.
    click("#lesson-forward").await;
    at_step(3, 5).await;
    assert!(text("#clock").contains("step 0"), "{}", text("#clock"));
    let editor = find("#scenario-json")
        .unchecked_into::<web_sys::HtmlTextAreaElement>()
        .value();
    assert!(
        editor.contains("\"coalescing\": false"),
        "the editor shows the new setting"
    );
}

#[wasm_bindgen_test]
async fn leaving_the_lesson_keeps_it_and_returning_restores_its_step() {
    mount_at("?lesson=write-behind-loss-window").await;
    at_step(1, 5).await;
    find("#lesson-number")
        .unchecked_into::<HtmlInputElement>()
        .set_value("2");
    click("#lesson-check").await;
    click("#lesson-forward").await;
    at_step(2, 5).await;
    let at = picture();
    click("#lesson-leave").await;
    until(|| exists("#lesson-away")).await;
    for _ in 0..5 {
        click("#step").await;
    }
    until(|| picture() != at).await;
    click("#lesson-return").await;
    at_step(2, 5).await;
    until(|| picture() == at).await;
}

#[wasm_bindgen_test]
async fn the_list_of_lessons_opens_one() {
    mount_at("#").await;
    click("#lessons-open").await;
    until(|| exists("#lesson-pick-coalescing-batching")).await;
    assert_eq!(
        body().query_selector_all(".lesson-pick").unwrap().length(),
        dirtybit::lesson_files::CATALOG.len() as u32
    );
    assert!(text("#lesson-pick-coalescing-batching").contains("000_b42d0e33520e4e6a.txt"));
    click("#lesson-pick-coalescing-batching").await;
    at_step(1, 5).await;
    assert!(text("#lesson-title").starts_with("Coalescing and batching"));
}

#[wasm_bindgen_test]
async fn a_bad_lesson_link_says_what_is_wrong_and_the_page_still_works() {
    mount_at("?lesson=nope").await;
    until(|| exists("#notice")).await;
    let notice = text("#notice");
    assert!(notice.contains("There is no lesson called \"nope\""), "{notice}");
    assert!(
        notice.contains("write-behind-loss-window"),
        "it lists the lessons: {notice}"
    );
    click("#step").await;
    until(|| text("#clock").contains("step 1")).await;
    // A lesson step that is not a number.
    mount_at("?lesson=write-behind-loss-window#l=x").await;
    until(|| exists("#notice")).await;
    assert!(
        text("#notice").contains("(l=) must be a whole number"),
        "{}",
        text("#notice")
    );
    at_step(1, 5).await;
}

#[wasm_bindgen_test]
async fn a_crash_sweep_draws_every_instant_opens_one_and_saves_csv_and_svg() {
    mount_at(&preset_hash("write-behind-ehcache2")).await;
    click("#sweep-show").await;
    until(|| exists("#sweep-chart")).await;
    assert_eq!(
        body().query_selector_all("#sweep-chart rect").unwrap().length(),
        100
    );
    // Pick an instant where a crash loses writes, and open it.
    let slider = find("#sweep-instant").unchecked_into::<HtmlInputElement>();
    let mut lost = 0;
    for i in (0..100).rev() {
        slider.set_value(&i.to_string());
        slider
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        yew::scheduler::flush().await;
        let chosen = text("#sweep-chosen");
        lost = chosen
            .split(" loses ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        if lost > 0 {
            break;
        }
    }
    assert!(lost > 0, "some instant loses writes under write-behind");
    click("#sweep-open").await;
    until(|| exists("#cache-down")).await;
    assert!(
        text("#narration").contains("from the sweep"),
        "{}",
        text("#narration")
    );
    // The playground, crashed there, lost what the sweep said (the crash's
    // own sentence; the run's total also counts its scheduled crash).
    let said = text("#narration");
    assert!(said.contains(&format!("; {lost} acknowledged write")), "{said}");
    // A click on an instant's bar opens the run crashed there, too.
    let bar = body()
        .query_selector_all("#sweep-chart rect")
        .unwrap()
        .item(10)
        .unwrap();
    bar.unchecked_ref::<web_sys::Element>()
        .dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    until(|| {
        text("#sweep-chosen").starts_with("A crash at") && text("#narration").contains("from the sweep")
    })
    .await;
    // Both files are offered, and they read back.
    click("#sweep-csv").await;
    let (name, csv) = dirtybit::lessons_app::last_download().unwrap();
    assert!(
        name.starts_with("dirtybit-crash-sweep-write-behind-like-ehcache-2") && name.ends_with(".csv"),
        "{name}"
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "at_us,steps,at_risk,lost,recovered,recovery_us");
    assert_eq!(lines.len(), 101);
    assert!(lines[1..]
        .iter()
        .all(|l| l.split(',').all(|f| f.parse::<u64>().is_ok())));
    click("#sweep-svg").await;
    let (name, svg) = dirtybit::lessons_app::last_download().unwrap();
    assert!(name.ends_with(".svg"));
    let doc = svg_document(&svg);
    assert_eq!(doc.get_elements_by_tag_name("rect").length(), 100);
}

#[wasm_bindgen_test]
async fn the_formulas_sit_beside_the_run_with_inputs_from_its_hops() {
    mount_at(&preset_hash("write-through")).await;
    click("#calc-show").await;
    until(|| exists("#calc-table")).await;
    // The default hops: a hit 0.5 + 0.5 + 0.5 ms; a miss adds a set and a
    // store read there and back, 0.5 + 2 × 1 + 10; a database write
    // 2 × 1 + 5 + 2; a cache write 0.5.
    let inputs = text("#calc-inputs");
    assert!(
        inputs.contains(
            "a hit costs 1.500 ms, a miss 14.000 ms, a database write 9.000 ms, a cache write 0.500 ms"
        ),
        "{inputs}"
    );
    // A write-through write: the formula's 9 + 0.5; the run's every write
    // 0.5 + 1 + 5 + 2 + 1 + 0.5 + 0.5 = 10.5 ms (it also crosses from the
    // client to the cache node and back).
    let table = text("#calc-table");
    assert!(table.contains("write, ms9.50010.500"), "{table}");
    assert!(text("#calc-net").contains("Break-even hit rate"));
    // The store's 2 ms commit at queue depth 1: 1e6 / 2,000 µs = 500 ops/s.
    assert!(
        table.contains("the store's commit at queue depth 1, ops/s500busy"),
        "{table}"
    );
}

/// The table's cells for the row labelled `label`.
fn table_row(label: &str) -> Vec<String> {
    let rows = body().query_selector_all("#compare-table tbody tr").unwrap();
    (0..rows.length())
        .map(|i| rows.item(i).unwrap().unchecked_into::<Element>())
        .find(|r| r.query_selector("th").unwrap().unwrap().text_content().unwrap() == label)
        .map(|r| {
            let cells = r.query_selector_all("td").unwrap();
            (0..cells.length())
                .map(|k| cells.item(k).unwrap().text_content().unwrap())
                .collect()
        })
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[wasm_bindgen_test]
async fn side_by_side_a_crash_at_one_instant_loses_only_where_the_policy_allows() {
    mount_at(&preset_hash("write-through")).await;
    click("#compare-show").await;
    until(|| exists("#compare-table")).await;
    click("#compare-run").await;
    until(|| text("#compare-clock").contains("t = 100 ms")).await;
    click("#compare-crash").await;
    until(|| text("#compare-clock").contains("crashed at t = 100 ms")).await;
    click("#compare-run").await;
    until(|| text("#compare-clock").starts_with("All at t = 200 ms")).await;
    let lost = table_row("writes lost");
    assert_eq!(lost[0], "0", "write-through loses nothing: {lost:?}");
    assert!(
        lost[1].parse::<u64>().unwrap() > 0,
        "write-behind loses its unflushed writes: {lost:?}"
    );
    // The comparison is in the address; a reload reopens it as it was.
    let window = web_sys::window().unwrap();
    until(|| {
        window
            .location()
            .search()
            .unwrap()
            .contains("compare=wt,wb,wb-gc&at=200000&crash=100000")
    })
    .await;
    let address = format!(
        "{}{}",
        window.location().search().unwrap(),
        window.location().hash().unwrap()
    );
    mount_at(&address).await;
    until(|| exists("#compare-table") && text("#compare-clock").starts_with("All at t = 200 ms")).await;
    assert_eq!(table_row("writes lost"), lost);
    // Play moves every run on together, by timer, until paused.
    click("#compare-play").await;
    until(|| !text("#compare-clock").starts_with("All at t = 200 ms")).await;
    click("#compare-play").await;
    assert_eq!(
        find("#compare-play").get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    // The table saves as CSV.
    click("#compare-csv").await;
    let (name, csv) = dirtybit::lessons_app::last_download().unwrap();
    assert!(
        name.starts_with("dirtybit-compare-") && name.ends_with(".csv"),
        "{name}"
    );
    assert!(
        csv.starts_with("figure,\"write-through\",\"write-behind\""),
        "{csv}"
    );
    // A column opens alone: the playground runs write-behind, with the
    // comparison's crash, at the instant the comparison reached.
    let at = text("#compare-clock");
    let at = at
        .trim_start_matches("All at t = ")
        .split(" · ")
        .next()
        .unwrap()
        .to_string();
    click("#compare-open-1").await;
    until(|| text("#scenario-name").contains("(write-behind)")).await;
    assert!(
        text("#narration").contains(&format!("at t = {at}")),
        "{} / {at}",
        text("#narration")
    );
}

#[wasm_bindgen_test]
async fn a_knob_sweep_runs_each_value_and_moves_the_way_the_model_implies() {
    mount_at(&preset_hash("write-behind-hazelcast")).await;
    click("#knob-show").await;
    until(|| exists("#knob-run")).await;
    // The write delay, 0 to 1 s: fewer store rows a second, more at risk.
    click("#knob-run").await;
    until(|| exists("#knob-table")).await;
    let rows = body().query_selector_all("#knob-table tbody tr").unwrap();
    assert_eq!(rows.length(), 4);
    let cell = |r: u32, c: u32| -> f64 {
        let row: Element = rows.item(r).unwrap().unchecked_into();
        row.query_selector_all("td")
            .unwrap()
            .item(c)
            .unwrap()
            .text_content()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(cell(0, 1) > cell(3, 1), "rows/s fall as the delay grows");
    assert!(cell(0, 2) < cell(3, 2), "more is at risk as the delay grows");
    click("#knob-csv").await;
    let (name, csv) = dirtybit::lessons_app::last_download().unwrap();
    assert!(
        name.starts_with("dirtybit-knob-sweep-policy-write-delay-us-"),
        "{name}"
    );
    assert_eq!(
        csv.lines().next(),
        Some("policy.write_delay_us,write_p99_us,store_writes_per_s,max_at_risk,writes_lost")
    );
    assert_eq!(csv.lines().count(), 5);
    click("#knob-svg").await;
    let (_, svg) = dirtybit::lessons_app::last_download().unwrap();
    let doc = svg_document(&svg);
    assert_eq!(doc.get_elements_by_tag_name("polyline").length(), 4);
    // Closing another panel leaves the sweep and its column open.
    click("#share-open").await;
    until(|| exists("#share-close")).await;
    click("#share-close").await;
    until(|| !exists("#share-close")).await;
    assert!(exists("#knob-sweep"));
    assert!(
        body().class_list().contains("has-lesson"),
        "the column stays open"
    );
    // A knob this scenario does not have is named, with nothing run.
    let select = find("#knob-pick").unchecked_into::<web_sys::HtmlSelectElement>();
    select.set_value("2");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click("#knob-run").await;
    until(|| exists("#knob-error")).await;
    assert!(
        text("#knob-error").starts_with("policy.wal.interval_us: the scenario has no such field"),
        "{}",
        text("#knob-error")
    );
}

#[wasm_bindgen_test]
async fn the_series_and_every_chart_save_as_files_that_read_back() {
    mount_at("#").await;
    for _ in 0..60 {
        click("#step").await;
    }
    click("#share-open").await;
    until(|| exists("#export-series")).await;
    click("#export-series").await;
    let (name, csv) = dirtybit::lessons_app::last_download().unwrap();
    assert!(
        name.starts_with("dirtybit-series-") && name.ends_with("-step-60.csv"),
        "{name}"
    );
    assert_eq!(csv.lines().next(), Some(dirtybit_sim::series::CSV_HEADER));
    assert!(csv.lines().count() > 1);
    click("#export-charts").await;
    let (name, svg) = dirtybit::lessons_app::last_download().unwrap();
    assert!(
        name.starts_with("dirtybit-chart-") && name.ends_with(".svg"),
        "{name}"
    );
    let doc = svg_document(&svg);
    // The computed style travels with it, written on each element (the
    // test page has no stylesheet, so these are the browser's defaults).
    let lines = doc.get_elements_by_tag_name("line");
    assert!(lines.length() > 0);
    for attribute in ["stroke", "fill", "font-size"] {
        assert!(
            lines.item(0).unwrap().get_attribute(attribute).is_some(),
            "{attribute}: {svg}"
        );
    }
}

/// The storage lesson: the learner cuts the store's power with the page's
/// button, the lying device's acknowledged writes are gone, and the lesson
/// grades the prediction; then a backed cache, set for them, keeps them.
#[wasm_bindgen_test]
async fn the_learner_cuts_the_power_and_the_lesson_counts_what_a_lying_device_lost() {
    mount_at("?lesson=below-the-store").await;
    at_step(1, 10).await;
    assert_eq!(find("main").get_attribute("data-focus").as_deref(), Some("below"));
    answer_number_right("8.503").await;
    click("#lesson-forward").await;
    at_step(2, 10).await;
    click("#lesson-forward").await;
    at_step(3, 10).await;
    // The writes sit in the device's cache, and the panel says so.
    until(|| exists("#layer-device .chips li")).await;
    assert!(
        text("#layer-device").contains("4 acknowledged writes"),
        "{}",
        text("#layer-device")
    );
    click("#lesson-choice-0").await;
    until(|| exists("#lesson-feedback")).await;
    assert!(
        text("#lesson-feedback").contains("3 or 4 (writes lost: 4)"),
        "{}",
        text("#lesson-feedback")
    );
    // The learner's own press of the page's button ends the step.
    click("#power-cut").await;
    at_step(4, 10).await;
    assert!(text("#lesson-say").contains("Lost: 4"), "{}", text("#lesson-say"));
    assert!(text("#loss").contains("below the store"), "{}", text("#loss"));
    // Do it for me: a backed cache; the run starts over.
    click("#lesson-forward").await;
    at_step(5, 10).await;
    assert!(text("#below").contains("battery-backed"), "{}", text("#below"));
}

/// Personalities side by side: InnoDB's flush_log_at_trx_commit = 1 and 0
/// on one workload; at 500 ms the second has commits only in its log
/// buffer, the first none.
#[wasm_bindgen_test]
async fn products_run_side_by_side_as_personalities() {
    mount_at(&format!(
        "?compare=innodb-1,innodb-0&at=500000{}",
        preset_hash("write-through")
    ))
    .await;
    until(|| exists("#compare-table") && text("#compare-clock").starts_with("All at t = 500 ms")).await;
    assert!(text("#compare-table").contains("InnoDB, flush_log_at_trx_commit = 0"));
    let risk = table_row("at risk below the store");
    assert_eq!(risk[0], "0", "{risk:?}");
    assert!(risk[1].parse::<u64>().unwrap() > 0, "{risk:?}");
}

/// The standby lesson: under `local` the learner loses the primary with the
/// page's button and the acknowledged write is gone; with `on`, set for
/// them, the write waits 50.5 ms for the standby and survives.
#[wasm_bindgen_test]
async fn the_learner_loses_the_primary_and_the_lesson_counts_what_local_lost() {
    mount_at("?lesson=standby-synchronous-commit").await;
    at_step(1, 6).await;
    assert_eq!(
        find("main").get_attribute("data-focus").as_deref(),
        Some("standby")
    );
    answer_number_right("10.5").await;
    click("#lesson-forward").await;
    at_step(2, 6).await;
    until(|| exists("#standby-link .chips li")).await;
    assert!(
        text("#standby-risk").contains("lose 1 acknowledged write"),
        "{}",
        text("#standby-risk")
    );
    click("#lesson-choice-1").await;
    until(|| exists("#lesson-feedback")).await;
    click("#lose-primary").await;
    at_step(3, 6).await;
    assert!(text("#lesson-say").contains("Lost: 1"), "{}", text("#lesson-say"));
    // Do it for me: waits_for = flush; the run starts over.
    click("#lesson-forward").await;
    at_step(4, 6).await;
    assert!(
        text("#standby").contains("flushed them (on)"),
        "{}",
        text("#standby")
    );
    answer_number_right("50.5").await;
}

/// PostgreSQL's levels side by side, the primary lost in every column from
/// the panel: `off` loses the commits its WAL writer had not yet flushed
/// (and so never shipped), `on` none.
#[wasm_bindgen_test]
async fn losing_the_primary_in_every_column_separates_the_postgresql_levels() {
    mount_at(&format!(
        "?compare=pg-off,pg-on&at=150000{}",
        preset_hash("write-through")
    ))
    .await;
    until(|| exists("#compare-table") && text("#compare-clock").starts_with("All at t = 150 ms")).await;
    let select: web_sys::HtmlSelectElement = find("#compare-crash-kind").unchecked_into();
    select.set_value("primary");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click("#compare-crash").await;
    until(|| text("#compare-clock").contains("lose the primary")).await;
    click("#compare-run").await;
    until(|| text("#compare-clock").starts_with("All at t = 250 ms")).await;
    let lost = table_row("writes lost");
    assert!(lost[0].parse::<u64>().unwrap() > 0, "{lost:?}");
    assert_eq!(lost[1], "0", "{lost:?}");
}
