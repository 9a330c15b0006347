//! The `dirtybit` binary, run as a user runs it.

use std::path::PathBuf;
use std::process::{Command, Output};

fn dirtybit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dirtybit"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn scenarios() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("scenarios/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("dirtybit-cli-test-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn every_scenario_file_runs_and_reports_json() {
    let files = scenarios();
    assert!(!files.is_empty());
    for file in files {
        let out = dirtybit(&["run", file.to_str().unwrap(), "--json"]);
        assert!(
            out.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        let sent = v["ops_sent"].as_u64().unwrap();
        let answered = ["reads", "writes_acked", "reads_failed", "writes_failed"]
            .iter()
            .map(|k| v[k].as_u64().unwrap())
            .sum::<u64>();
        assert!(sent > 0, "{}", file.display());
        assert_eq!(sent, answered, "{}: every operation is answered", file.display());
    }
}

#[test]
fn the_table_names_the_policy_and_the_counts() {
    let file = temp_file("table.json", r#"{"workload": {"ops": 10, "read_percent": 0}}"#);
    let out = dirtybit(&["run", file.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(text.contains("write-through"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("writes acknowledged") && l.trim_end().ends_with(" 10")),
        "{text}"
    );
}

#[test]
fn an_invalid_scenario_exits_2_naming_the_field() {
    let file = temp_file("bad.json", r#"{"workload": {"keys": 0}}"#);
    let out = dirtybit(&["run", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("workload.keys: must be 1..=100000, got 0"), "{err}");
}

#[test]
fn malformed_json_exits_2_with_the_position() {
    let file = temp_file("broken.json", "{\"seed\": 1,\n  \"workload\": }");
    let out = dirtybit(&["run", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn a_bad_command_line_exits_2_with_usage() {
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["run"][..],
        &["run", "a.json", "--bogus"][..],
    ] {
        let out = dirtybit(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage: dirtybit run"),
            "{args:?}"
        );
    }
}
