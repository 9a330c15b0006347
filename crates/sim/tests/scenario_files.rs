//! Scenarios as JSON: a round trip, defaults for omitted fields, and errors
//! that name the field.

use dirtybit_sim::Scenario;

#[test]
fn a_scenario_survives_a_json_round_trip() {
    let s = Scenario::default();
    let json = serde_json::to_string(&s).unwrap();
    let back: Scenario = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
}

#[test]
fn omitted_fields_take_their_defaults() {
    let s: Scenario = serde_json::from_str(r#"{"workload": {"keys": 3}}"#).unwrap();
    assert_eq!(s.workload.keys, 3);
    assert_eq!(s.workload.ops, Scenario::default().workload.ops);
    assert_eq!(s.latency, Scenario::default().latency);
}

#[test]
fn an_unknown_field_is_named() {
    assert_rejected(r#"{"workload": {"kees": 3}}"#, "unknown field `kees`");
}

#[test]
fn an_out_of_range_field_is_named_with_its_range() {
    let s: Scenario = serde_json::from_str(r#"{"workload": {"read_percent": 150}}"#).unwrap();
    let err = s.validate().unwrap_err();
    assert_eq!(err.to_string(), "workload.read_percent: must be 0..=100, got 150");
}

#[test]
fn tagged_parts_read_the_documented_shapes_and_name_foreign_fields() {
    let s: Scenario = serde_json::from_str(
        r#"{"policy": {"kind": "write-behind", "batch_size": 3, "wal": {"mode": "group-commit", "interval_us": 5, "ack_after_fsync": true}},
            "latency": {"store_write_us": {"dist": "device", "device": "nvme"}, "cache_op_us": 7},
            "workload": {"arrivals": {"kind": "closed-loop", "clients": 4}, "popularity": {"kind": "zipf", "exponent": 1.1}},
            "faults": [{"at_us": 9, "fault": "crash-cache", "downtime_us": 100}]}"#,
    )
    .unwrap();
    assert_eq!(s.validate(), Ok(()));
    assert_eq!(
        serde_json::from_str::<Scenario>(&serde_json::to_string(&s).unwrap()).unwrap(),
        s
    );
    assert_rejected(
        r#"{"policy": {"kind": "write-through", "batch_size": 3}}"#,
        "field `batch_size` does not belong to `write-through`",
    );
    assert_rejected(
        r#"{"latency": {"store_read_us": {"dist": "lognormal", "p50_us": 5}}}"#,
        "`lognormal` needs the field `p99_us`",
    );
    assert_rejected(
        r#"{"workload": {"arrivals": {"kind": "fixed", "intervall_us": 5}}}"#,
        "unknown field `intervall_us`",
    );
}

/// `json` is refused with a message that says `why`.
fn assert_rejected(json: &str, why: &str) {
    let err = serde_json::from_str::<Scenario>(json).unwrap_err().to_string();
    assert!(err.contains(why), "{err}");
}
