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
        // Each percentile's parts add up to it, and it is the histogram's.
        for (kind, hist) in [("reads", "read_latency"), ("writes", "write_latency")] {
            let by = v["breakdown"][kind].as_object().unwrap();
            if v[hist]["count"].as_u64().unwrap() > 0 {
                assert_eq!(by.len(), 3, "{}: {kind}", file.display());
                assert_eq!(by["p99"]["latency_us"], v[hist]["p99_us"], "{}", file.display());
            }
            for (p, at) in by {
                let sum: u64 = at["parts"]
                    .as_object()
                    .unwrap()
                    .values()
                    .map(|x| x.as_u64().unwrap())
                    .sum();
                assert_eq!(
                    sum,
                    at["latency_us"].as_u64().unwrap(),
                    "{}: {kind} {p}",
                    file.display()
                );
            }
        }
        let sent = v["ops_sent"].as_u64().unwrap();
        let answered = ["reads", "writes_acked", "reads_failed", "writes_failed"]
            .iter()
            .map(|k| v[k].as_u64().unwrap())
            .sum::<u64>();
        assert!(sent > 0, "{}", file.display());
        assert_eq!(sent, answered, "{}: every operation is answered", file.display());
        // The ratio counts only writes that reached the store: never more
        // than those acknowledged and not lost before reaching it (a crash
        // below the store loses writes the store had), plus those that
        // failed after the store had them (the node crashed before the
        // answer came back).
        let get = |k: &str| v[k].as_u64().unwrap();
        let (stored, rows) = (get("writes_stored"), get("store_writes"));
        let ratio = v["coalescing_ratio"].as_f64().unwrap();
        let below = |k: &str| v["below"][k].as_u64().unwrap_or(0);
        let lost_above = get("writes_lost")
            - below("lost_from_log_buffer")
            - below("lost_from_page_cache")
            - below("lost_from_device_cache");
        assert!(
            stored <= get("writes_acked") - lost_above + get("writes_failed"),
            "{}",
            file.display()
        );
        if rows > 0 {
            assert!(
                (ratio - stored as f64 / rows as f64).abs() < 1e-12,
                "{}",
                file.display()
            );
        }
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

#[test]
fn trace_writes_every_event_as_a_json_line() {
    let file = temp_file("trace-in.json", r#"{"workload": {"ops": 20}}"#);
    let trace = std::env::temp_dir().join(format!("dirtybit-cli-test-{}-trace.jsonl", std::process::id()));
    let out = dirtybit(&[
        "run",
        file.to_str().unwrap(),
        "--json",
        "--trace",
        trace.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = std::fs::read_to_string(&trace).unwrap();
    assert_eq!(lines.lines().count() as u64, v["events"].as_u64().unwrap());
    for (i, line) in lines.lines().enumerate() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(e["seq"].as_u64(), Some(i as u64));
        assert!(e["kind"]["kind"].is_string(), "{line}");
    }
}

#[test]
fn csv_prints_the_time_series() {
    let file = temp_file("csv.json", r#"{"workload": {"ops": 100}, "sample_us": 20000}"#);
    let out = dirtybit(&["run", file.to_str().unwrap(), "--csv"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("t_us,reads,hits,misses,hit_ratio"));
    let rows: Vec<Vec<u64>> = lines
        .map(|l| {
            l.split(',')
                .filter(|f| !f.contains('.'))
                .map(|f| f.parse().unwrap())
                .collect()
        })
        .collect();
    // 100 operations 2 ms apart end after 200 ms: about ten 20 ms points.
    assert!((9..=12).contains(&rows.len()), "{text}");
    assert_eq!(rows[0][0], 20_000);
    let reads: u64 = rows.iter().map(|r| r[1]).sum();
    let json = dirtybit(&["run", file.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(reads <= v["reads"].as_u64().unwrap() && reads + 5 >= v["reads"].as_u64().unwrap());
}

#[test]
fn compare_prints_a_column_per_scenario() {
    let files = scenarios();
    let a = files.iter().find(|p| p.ends_with("write-through.json")).unwrap();
    let b = files
        .iter()
        .find(|p| p.ends_with("write-behind-ehcache2.json"))
        .unwrap();
    let out = dirtybit(&["compare", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.contains("write-through.json") && header.contains("write-behind-ehcache2.json"));
    let policy = text
        .lines()
        .find(|l| l.trim_start().starts_with("policy"))
        .unwrap();
    assert!(
        policy.contains("write-through") && policy.contains("write-behind"),
        "{policy}"
    );
    let lost = text
        .lines()
        .find(|l| l.contains("acknowledged writes lost"))
        .unwrap();
    let cells: Vec<&str> = lost.split_whitespace().rev().take(2).collect();
    assert_eq!(cells[1], "0", "write-through loses nothing: {lost}");
    assert_ne!(
        cells[0], "0",
        "write-behind without a log loses its queue at the crash: {lost}"
    );
}

#[test]
fn a_value_of_the_wrong_type_names_its_full_path() {
    for (name, json, want) in [
        (
            "sign.json",
            r#"{"cache":{"capacity":-1}}"#,
            "cache.capacity: invalid value: integer `-1`, expected a whole number 0..=4294967295",
        ),
        (
            "type.json",
            r#"{"cache": {"capacity": "big"}}"#,
            "cache.capacity: invalid type: string \"big\"",
        ),
        (
            "array.json",
            "[]",
            "(the scenario): must be a JSON object { ... }, got an array",
        ),
        (
            "script.json",
            r#"{"workload": {"keys": 2, "script": [{"at_us": 0, "op": "read", "key": 0}, {"at_us": 1, "op": "read", "key": 5}]}}"#,
            "workload.script[1].key: must be 0..=1, got 5",
        ),
    ] {
        let file = temp_file(name, json);
        let out = dirtybit(&["run", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(want), "{name}: {err}");
    }
}

#[test]
fn each_subcommand_answers_help_and_a_piped_run_prints_no_progress() {
    for (command, want) in [
        ("run", "--trace also writes every"),
        ("compare", "a column per scenario"),
    ] {
        let out = dirtybit(&[command, "--help"]);
        assert!(out.status.success(), "{command}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with(&format!("usage: dirtybit {command}")) && text.contains(want),
            "{text}"
        );
    }
    let file = temp_file("quiet.json", r#"{"workload": {"ops": 300000}}"#);
    let out = dirtybit(&["run", file.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "stderr is a pipe here: {:?}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn json_of(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON value")
}

/// `dirtybit calc net-impact --json` for R reads and W writes a second on
/// 15/20 ms database and 1/2 ms cache reads/writes, 95 % hits.
fn net_impact(reads: &str, writes: &str) -> serde_json::Value {
    json_of(&dirtybit(&[
        "calc",
        "net-impact",
        "--reads-per-s",
        reads,
        "--writes-per-s",
        writes,
        "--db-read-ms",
        "15",
        "--db-write-ms",
        "20",
        "--cache-read-ms",
        "1",
        "--cache-write-ms",
        "2",
        "--hit-rate",
        "0.95",
        "--json",
    ]))
}

/// Runs `args` and checks it exits 2 saying `says` on stderr.
fn fails_saying(args: &[&str], says: &str) {
    let out = dirtybit(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(says), "{args:?}: {err}");
}

fn close(v: &serde_json::Value, want: f64) -> bool {
    (v.as_f64().unwrap() - want).abs() < 1e-9 * want.abs().max(1.0)
}

#[test]
fn calc_gives_the_texts_formulas_by_hand_and_names_bad_inputs() {
    // 10,000 reads and 100 writes a second, 15/20 ms database, 1/2 ms cache,
    // 95 % hits: direct 152,000 ms/s, write-through 19,200, improvement
    // 132,800 / 152,000, break-even hit rate 200 / 140,000, ratio 2 / 13.3.
    let v = net_impact("10000", "100");
    assert!(close(&v["direct_ms_per_s"], 152_000.0));
    assert!(close(&v["write_through_ms_per_s"], 19_200.0));
    assert!(close(&v["improvement_percent"], 132_800.0 / 152_000.0 * 100.0));
    assert!(close(&v["break_even_hit_rate"], 200.0 / 140_000.0));
    assert!(close(&v["break_even_read_write_ratio"], 2.0 / 13.3));
    // Write-heavy: it does not pay (direct 201,500; write-through 220,170).
    let v = net_impact("100", "10000");
    assert!(close(&v["improvement_percent"], -18_670.0 / 201_500.0 * 100.0));
    // 100 connections, 20 + 1 ms: 100,000 / 21 and 70 % of it.
    let v = json_of(&dirtybit(&[
        "calc",
        "pool-throughput",
        "--pool",
        "100",
        "--write-ms",
        "20",
        "--cache-ms",
        "1",
        "--json",
    ]));
    assert!(close(&v["theoretical_per_s"], 100_000.0 / 21.0));
    assert!(close(&v["practical_per_s"], 70_000.0 / 21.0));
    // 50 µs + 6 µs: 1e6 / 56.
    let v = json_of(&dirtybit(&[
        "calc",
        "qd1",
        "--device-us",
        "50",
        "--overhead-us",
        "6",
        "--json",
    ]));
    assert!(close(&v["ops_per_s"], 1e6 / 56.0));
    for (args, says) in [
        (vec!["calc", "qd1"], "--device-us is needed"),
        (
            vec!["calc", "qd1", "--device-us", "fast"],
            "`fast` is not a number",
        ),
        (
            vec![
                "calc",
                "net-impact",
                "--hit-rate",
                "1.5",
                "--reads-per-s",
                "1",
                "--writes-per-s",
                "1",
                "--db-read-ms",
                "1",
                "--db-write-ms",
                "1",
                "--cache-read-ms",
                "1",
                "--cache-write-ms",
                "1",
            ],
            "--hit-rate: must be 0..=1, got 1.5",
        ),
        (vec!["calc", "qd1", "--device", "5"], "unknown input --device"),
        (vec!["calc", "nope"], "unknown calculator nope"),
    ] {
        fails_saying(&args, says);
    }
    let help = dirtybit(&["calc", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for name in ["net-impact", "pool-throughput", "qd1", "break_even_hit_rate"] {
        assert!(help.contains(name), "calc --help lists {name}");
    }
}

#[test]
fn sweeps_crash_every_instant_and_move_a_knob_the_way_the_model_implies() {
    let hazelcast =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/write-behind-hazelcast.json");
    let file = hazelcast.to_str().unwrap();
    let v = json_of(&dirtybit(&["sweep", "crash", file, "--points", "20", "--json"]));
    let points = v.as_array().unwrap();
    assert_eq!(points.len(), 20);
    for p in points {
        assert!(p["lost"].as_u64().unwrap() <= p["at_risk"].as_u64().unwrap());
        assert_eq!(p["recovered"], 0, "no log: nothing to recover");
    }
    let csv = dirtybit(&["sweep", "crash", file, "--points", "3", "--csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert_eq!(
        csv.lines().next(),
        Some("at_us,steps,at_risk,lost,recovered,recovery_us")
    );
    assert_eq!(csv.lines().count(), 4);
    // A longer write delay: fewer store writes a second, more at risk.
    let v = json_of(&dirtybit(&[
        "sweep",
        "knob",
        file,
        "--knob",
        "policy.write_delay_us",
        "--values",
        "0,100000,1000000",
        "--json",
    ]));
    let rows = v.as_array().unwrap();
    let writes: Vec<f64> = rows
        .iter()
        .map(|r| r["store_writes_per_s"].as_f64().unwrap())
        .collect();
    let risk: Vec<u64> = rows.iter().map(|r| r["max_at_risk"].as_u64().unwrap()).collect();
    assert!(writes[0] > writes[1] && writes[1] > writes[2], "{writes:?}");
    assert!(risk[0] < risk[2], "{risk:?}");
    for (args, says) in [
        (
            vec!["sweep", "knob", file, "--knob", "policy.nope", "--values", "1"],
            "--knob policy.nope: the scenario has no such field",
        ),
        (
            vec![
                "sweep",
                "knob",
                file,
                "--knob",
                "policy.batch_size",
                "--values",
                "0",
            ],
            "policy.batch_size: must be 1..=10000, got 0",
        ),
        (
            vec!["sweep", "crash", file, "--points", "0"],
            "points: must be 1..=1000, got 0",
        ),
        (vec!["sweep", "sideways", file], "unknown sweep sideways"),
    ] {
        fails_saying(&args, says);
    }
}
