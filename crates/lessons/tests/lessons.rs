//! Every lesson under `lessons/` walked to its end through the model, as a
//! learner who does what each step asks: every trigger fires, every
//! question has an answer the run computes, and the answers are pinned in
//! `answers.txt` (a model change that moves one names the lesson and step).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;

use dirtybit_lessons::lesson::Lesson;
use dirtybit_lessons::question::Reply;
use dirtybit_lessons::tutor::{Progress, Tutor};
use dirtybit_lessons::until::Deed;
use dirtybit_lessons::walk::{walk, Visit};
use dirtybit_sim::{Key, Scenario};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn preset(name: &str) -> Option<Scenario> {
    let text = std::fs::read_to_string(root().join(format!("scenarios/{name}.json"))).ok()?;
    dirtybit_sim::json::scenario(&text).ok()
}

fn index() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("lessons/index.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn load(id: &str) -> Lesson {
    let path = root().join(format!("lessons/{id}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Lesson::decode(&text, &format!("{id}.json")).unwrap_or_else(|e| panic!("{e}"))
}

fn walked(id: &str) -> Vec<Visit> {
    let lesson = load(id);
    let scenario = lesson.scenario(preset).unwrap_or_else(|e| panic!("{e}"));
    walk(&lesson, scenario).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_index_lists_every_lesson_file_once_and_each_id_is_its_file_name() {
    let listed = index();
    let mut files: Vec<String> = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "index.json")
        .map(|n| {
            n.strip_suffix(".json")
                .unwrap_or_else(|| panic!("{n}: not a .json file"))
                .to_string()
        })
        .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), listed.len(), "an id is listed twice");
    assert_eq!(sorted, files, "lessons/index.json and the files differ");
    assert!(listed.len() >= 12, "at least 12 lessons, got {}", listed.len());
    for id in &listed {
        assert_eq!(&load(id).id, id, "lessons/{id}.json's id");
    }
}

/// `lesson step answer` lines, one per question, in index order.
fn answers() -> String {
    let mut out = String::new();
    for id in index() {
        for (i, v) in walked(&id).iter().enumerate() {
            if let Some(e) = &v.expected {
                let choice = e.choice.map_or("-".to_string(), |c| c.to_string());
                out.push_str(&format!("{id} {i} {} {choice}\n", e.shown()));
            }
        }
    }
    out
}

#[test]
fn every_lesson_walks_to_its_end_and_its_answers_are_pinned() {
    let got = answers();
    let pinned_path = root().join("crates/lessons/tests/answers.txt");
    if std::env::var_os("DIRTYBIT_PIN_ANSWERS").is_some() {
        std::fs::write(&pinned_path, &got).unwrap();
    }
    let pinned = std::fs::read_to_string(&pinned_path).unwrap();
    let by_step = |text: &str| -> BTreeMap<(String, usize), String> {
        text.lines()
            .map(|l| {
                let mut parts = l.splitn(3, ' ');
                let id = parts.next().unwrap().to_string();
                let step = parts.next().unwrap().parse().unwrap();
                ((id, step), parts.next().unwrap().to_string())
            })
            .collect()
    };
    let (got, pinned) = (by_step(&got), by_step(&pinned));
    for (at, want) in &pinned {
        match got.get(at) {
            Some(have) => assert_eq!(
                have, want,
                "lesson `{}`, steps[{}]: the run's answer (and choice) moved; \
                 re-derive it, then pin with DIRTYBIT_PIN_ANSWERS=1",
                at.0, at.1
            ),
            None => panic!(
                "lesson `{}`, steps[{}]: pinned, but the step asks nothing now",
                at.0, at.1
            ),
        }
    }
    for at in got.keys() {
        assert!(
            pinned.contains_key(at),
            "lesson `{}`, steps[{}]: an answer that is not pinned",
            at.0,
            at.1
        );
    }
}

fn answer(id: &str, step: usize) -> (f64, Option<usize>) {
    let v = walked(id);
    let e = v[step]
        .expected
        .as_ref()
        .unwrap_or_else(|| panic!("{id} steps[{step}] asks nothing"));
    (e.value, e.choice)
}

#[test]
fn answers_derived_by_hand_from_the_hops() {
    // Default hops: client<->cache 0.5 ms, cache op 0.5, cache<->store 1,
    // store read 10, write 5, commit 2.
    // A hit: 0.5 there (+0.5 get) + 0.5 back.
    assert_eq!(answer("cache-aside-basics", 1).0, 1.5);
    // Write-through: 0.5 + 1 + 5 + 2 + 1 + 0.5 (set) + 0.5.
    assert_eq!(answer("write-through-dax", 0).0, 10.5);
    // Write-behind: 0.5 there, 0.5 set, 0.5 back.
    assert_eq!(answer("write-behind-loss-window", 0).0, 1.5);
    // Four writes at 0..15 ms, flush due at 1 s: a crash at 16.5 ms loses 4.
    assert_eq!(answer("write-behind-loss-window", 2), (4.0, Some(2)));
    // A store read started at 2.5 ms (1.5 ms miss answer + 1 ms to the
    // store) sees v1; the write commits v2 at 3 + 1 + 5 + 2 = 11 ms.
    assert_eq!(answer("cache-aside-race", 0), (1.0, Some(0)));
    // Coalescing: 12 writes to 2 keys -> 2 rows; without: batches of 10.
    assert_eq!(answer("coalescing-batching", 0).0, 2.0);
    assert_eq!(answer("coalescing-batching", 2).0, 10.0);
    // Group commit every 10 ms from the first append (0.5 + 0.01 ms): the
    // fsync at 10.51 ms covers the writes taken at 0.5, 5.5 and 10.5 ms;
    // the one taken at 15.5 ms waits for 20.51 ms, after the crash at 20.
    assert_eq!(answer("wal-closing-window", 5), (1.0, Some(1)));
    // Hit 0.25 + 0.5 + 0.25 = 1 ms; miss 0.25 + 0.5 + 8.5 + 0.5 + 0.25 = 10.
    // 1 miss in 10 reads: (10 + 9) / 10; in 20: (10 + 19) / 20.
    assert_eq!(answer("cost-model", 0).0, 1.9);
    assert_eq!(answer("cost-model", 1).0, 1.45);
    // Twenty concurrent misses, no single-flight: 20 store reads; with it, 1.
    assert_eq!(answer("read-through-herd", 0).0, 20.0);
    assert_eq!(answer("read-through-herd", 2).0, 1.0);
}

const TINY: &str = r#"{
  "id": "tiny", "title": "T", "line": "L",
  "source": {"text": "000_b42d0e33520e4e6a.txt", "section": "Solution"},
  "minutes": 1,
  "scenario": {"workload": {"ops": 0, "keys": 2, "script": [{"at_us": 0, "op": "write", "key": 0}]}},
  "steps": [
    {"say": "Wait for the write.", "until": {"event": "write-acked"}},
    {"say": "Crash it.", "until": {"do": "crash"}},
    {"say": "Press Step twice.", "until": {"do": "step", "times": 2}},
    {"say": "Which version?",
     "ask": {"question": "Q", "figure": "store-version", "key": 0, "when": "now",
             "choices": [{"label": "v1", "max": 1}, {"label": "v2", "min": 2}], "why": "W"}}
  ],
  "summary": ["S"]
}"#;

fn broken(from: &str, to: &str) -> String {
    assert!(TINY.contains(from), "{from}");
    let text = TINY.replacen(from, to, 1);
    Lesson::decode(&text, "tiny.json")
        .map(|_| ())
        .unwrap_err()
        .to_string()
}

#[test]
fn a_broken_lesson_names_the_lesson_the_step_and_the_field() {
    assert!(Lesson::decode(TINY, "tiny.json").is_ok());
    let cases = [
        (
            r#""until": {"do": "crash"}"#,
            r#""until": {"do": "crash", "evnt": "hit"}"#,
            "lesson `tiny.json`, steps[1].until.evnt:",
        ),
        (
            r#""do": "crash""#,
            r#""event": "flushed""#,
            "lesson `tiny`, steps[1].until.event: `flushed` is not an event",
        ),
        (
            r#""times": 2"#,
            r#""times": 0"#,
            "lesson `tiny`, steps[2].until.times: must be 1..=1000, got 0",
        ),
        (
            r#""key": 0, "when""#,
            r#""when""#,
            "lesson `tiny`, steps[3].ask.key: `store-version` needs a key",
        ),
        (
            r#"{"label": "v2", "min": 2}"#,
            r#"{"label": "v2", "min": 1}"#,
            "lesson `tiny`, steps[3].ask.choices[1]: overlaps choice 0",
        ),
        (
            r#""say": "Crash it.""#,
            r#""say": "{at-rsk}""#,
            "lesson `tiny`, steps[1].say: `{at-rsk}` is not a figure",
        ),
        (
            r#""minutes": 1"#,
            r#""minutes": -1"#,
            "lesson `tiny.json`, minutes: invalid value: integer `-1`, expected a whole number",
        ),
        (
            r#""ops": 0"#,
            r#""ops": -3"#,
            "lesson `tiny.json`, scenario.workload.ops: invalid value: integer `-3`",
        ),
        (
            r#""keys": 2"#,
            r#""keys": 0"#,
            "lesson `tiny`, scenario.workload.keys: must be 1..=100000, got 0",
        ),
        (
            r#""until": {"do": "crash"}"#,
            r#""until": {"do": "set", "set": {"wal": {"mode": "fsync"}}}"#,
            "lesson `tiny.json`, steps[1].until.set.wal",
        ),
        (
            r#""until": {"do": "crash"}"#,
            r#""until": {"do": "set"}"#,
            "lesson `tiny`, steps[1].until.set: `do: set` needs `set`",
        ),
        (
            r#""when": "now""#,
            r#""when": "after""#,
            "lesson `tiny`, steps[3].ask.when: a step that ends with Next has no after",
        ),
    ];
    for (from, to, want) in cases {
        let got = broken(from, to);
        assert!(got.starts_with(want), "{to}\n  got:  {got}\n  want: {want}…");
    }
}

#[test]
fn a_question_no_choice_holds_fails_the_walk_naming_the_step() {
    let text = TINY.replacen(r#"{"label": "v2", "min": 2}"#, r#"{"label": "v5", "min": 5}"#, 1);
    let lesson = Lesson::decode(&text, "tiny.json").unwrap();
    let err = walk(&lesson, lesson.scenario(|_| None).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("lesson `tiny`, steps[3].ask: the run's answer is"),
        "{err}"
    );
}

#[test]
fn the_tutor_counts_deeds_and_grades_the_first_reply_only() {
    let lesson = Rc::new(Lesson::decode(TINY, "tiny.json").unwrap());
    let scenario = lesson.scenario(|_| None).unwrap();
    let visits = walk(&lesson, scenario).unwrap();
    let mut t = Tutor::new(Rc::clone(&lesson));
    t.enter(1, None);
    assert_eq!(t.deed(&Deed::Step), Progress::Nothing, "not the task");
    assert_eq!(t.deed(&Deed::Write(Key(0))), Progress::Nothing);
    assert_eq!(t.deed(&Deed::Crash), Progress::Done);
    t.enter(2, None);
    assert_eq!(t.deed(&Deed::Step), Progress::Nothing, "one press of two");
    assert_eq!(t.deed(&Deed::Step), Progress::Done);
    let expected = visits[3].expected.clone().unwrap();
    assert_eq!(
        (expected.value, expected.choice),
        (2.0, Some(1)),
        "the write is in the store"
    );
    t.enter(3, Some(Ok(expected)));
    assert!(t.awaits_reply());
    assert!(!t.reply(Reply::Choice(0)).unwrap().right);
    assert!(
        !t.reply(Reply::Choice(1)).unwrap().right,
        "the first reply counts"
    );
    assert!(!t.awaits_reply());
    t.enter(4, None);
    assert!(t.finished());
}
