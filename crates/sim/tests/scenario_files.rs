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
    let err = serde_json::from_str::<Scenario>(r#"{"workload": {"kees": 3}}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `kees`"), "{err}");
}

#[test]
fn an_out_of_range_field_is_named_with_its_range() {
    let s: Scenario = serde_json::from_str(r#"{"workload": {"read_percent": 150}}"#).unwrap();
    let err = s.validate().unwrap_err();
    assert_eq!(err.to_string(), "workload.read_percent: must be 0..=100, got 150");
}
