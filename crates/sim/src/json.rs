//! Reading JSON with errors that name the field: a value of the wrong type
//! or sign says where it is (`cache.capacity`, `workload.script[3].key`,
//! `policy.classes[1].policy.batch_size`) and what is allowed there, as
//! validation errors do. serde_json says where (line and column) a value
//! was refused; [`path_at`] turns that place into the field's path by
//! reading the text up to it (no second, path-tracking deserializer: the
//! page stays small). Needs the `json` feature (std).

use alloc::string::String;
use alloc::vec::Vec;

use serde::de::DeserializeOwned;

use crate::error::ScenarioError;
use crate::scenario::Scenario;

/// What serde calls a number type, as the whole numbers it allows.
const RANGES: [(&str, &str); 8] = [
    ("expected u8", "expected a whole number 0..=255"),
    ("expected u16", "expected a whole number 0..=65535"),
    ("expected u32", "expected a whole number 0..=4294967295"),
    ("expected u64", "expected a whole number 0..=18446744073709551615"),
    (
        "expected usize",
        "expected a whole number 0..=18446744073709551615",
    ),
    ("expected i64", "expected a whole number"),
    ("expected f64", "expected a number"),
    ("expected a boolean", "expected true or false"),
];

/// Where the document as a whole is meant.
const DOCUMENT: &str = "(the document)";

/// Decodes `text` as a `T`; an error names the path of the field it is
/// about (`(the document)` for the document as a whole) and says what is
/// allowed there.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ScenarioError> {
    serde_json::from_str(text).map_err(|e| {
        let path = path_at(text, e.line(), e.column());
        let mut message = e.to_string();
        for (serde_says, allowed) in RANGES {
            message = message.replace(serde_says, allowed);
        }
        ScenarioError {
            field: if path.is_empty() { DOCUMENT.into() } else { path },
            message,
        }
    })
}

/// One level of nesting while reading: an object (and the key whose value
/// is being read) or an array (and the index of the item being read).
enum Level {
    Object(Option<String>),
    Array(usize),
}

/// The path (`cache.capacity`, `workload.script[3].key`) of the value being
/// read at `line` and `column` (1-based, as serde_json counts them) of
/// `text`; empty at the top level.
#[must_use]
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let end = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + column;
    let bytes = &text.as_bytes()[..end.min(text.len())];
    let mut levels: Vec<Level> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => levels.push(Level::Object(None)),
            b'[' => levels.push(Level::Array(0)),
            b'}' | b']' => {
                levels.pop();
            }
            b',' => match levels.last_mut() {
                Some(Level::Array(n)) => *n += 1,
                Some(Level::Object(key)) => *key = None,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                // A string where a key is due is the key.
                if let Some(Level::Object(key @ None)) = levels.last_mut() {
                    *key = Some(String::from_utf8_lossy(&bytes[start..i.min(bytes.len())]).into_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for level in &levels {
        match level {
            Level::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Level::Object(None) => {}
            Level::Array(n) => path.push_str(&alloc::format!("[{n}]")),
        }
    }
    path
}

/// For `#[serde(deserialize_with = "dirtybit_sim::json::object")]` on a
/// field that holds a struct: serde reads a struct from an array too (`[]`
/// is the default scenario); this takes an object only.
pub fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    struct ObjectOnly<T>(core::marker::PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for ObjectOnly<T> {
        type Value = T;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("a JSON object { ... }")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(ObjectOnly(core::marker::PhantomData))
}

/// Reads a scenario: it must be a JSON object (not `[]`, a number or a
/// string), decode, and validate. Every error names the field.
pub fn scenario(text: &str) -> Result<Scenario, ScenarioError> {
    must_be_object(text, "(the scenario)")?;
    let s: Scenario = decode(text)?;
    s.validate()?;
    Ok(s)
}

/// Fails unless `text`, past white space, starts a JSON object.
pub fn must_be_object(text: &str, what: &str) -> Result<(), ScenarioError> {
    match text.trim_start().chars().next() {
        Some('{') => Ok(()),
        first => Err(ScenarioError {
            field: what.into(),
            message: alloc::format!(
                "must be a JSON object {{ ... }}, got {}",
                match first {
                    None => "nothing",
                    Some('[') => "an array",
                    Some('"') => "a string",
                    Some('n') => "null",
                    Some('t' | 'f') => "a boolean",
                    Some(_) => "something else",
                }
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn refused(text: &str) -> alloc::string::String {
        scenario(text).unwrap_err().to_string()
    }

    #[test]
    fn a_value_of_the_wrong_type_or_sign_names_its_field_and_what_is_allowed() {
        let e = refused(r#"{"cache":{"capacity":-1}}"#);
        assert!(
            e.starts_with(
                "cache.capacity: invalid value: integer `-1`, expected a whole number 0..=4294967295"
            ),
            "{e}"
        );
        let e = refused(r#"{"cache": {"capacity": "big"}}"#);
        assert!(
            e.starts_with("cache.capacity: invalid type: string \"big\""),
            "{e}"
        );
        let e = refused(r#"{"policy": {"kind": "write-behind", "batch_size": 1.5}}"#);
        assert!(
            e.starts_with("policy.batch_size: invalid type: floating point `1.5`"),
            "{e}"
        );
    }

    #[test]
    fn fields_inside_lists_are_named_with_their_index() {
        let script = r#"{"workload": {"keys": 4, "script": [
            {"at_us": 0, "op": "read", "key": 0}, {"at_us": 1, "op": "read", "key": 1},
            {"at_us": 2, "op": "read", "key": 2}, {"at_us": 3, "op": "read", "key": -3}]}}"#;
        assert!(
            refused(script).starts_with("workload.script[3].key: invalid value"),
            "{}",
            refused(script)
        );
        let out_of_range = script.replace("-3", "9");
        assert_eq!(
            refused(&out_of_range),
            "workload.script[3].key: must be 0..=3, got 9"
        );
        let faults = r#"{"faults": [{"at_us": 1, "fault": "store-down"}, {"at_us": 2, "fault": "store-up"},
            {"at_us": 3, "fault": "crash-cache", "downtime_us": 99999999999}]}"#;
        assert_eq!(
            refused(faults),
            "faults[2].downtime_us: must be 0..=3600000000, got 99999999999"
        );
        let bad_at =
            r#"{"faults": [{"at_us": 1, "fault": "store-down"}, {"at_us": -2, "fault": "store-up"}]}"#;
        assert!(
            refused(bad_at).starts_with("faults[1].at_us: invalid value"),
            "{}",
            refused(bad_at)
        );
        let classes = r#"{"workload": {"keys": 8}, "policy": {"kind": "selective", "classes": [
            {"name": "a", "keys": 4, "policy": {"kind": "write-through"}},
            {"name": "b", "keys": 4, "policy": {"kind": "write-behind", "batch_size": 0}}]}}"#;
        assert_eq!(
            refused(classes),
            "policy.classes[1].policy.batch_size: must be 1..=10000, got 0"
        );
        let typed = classes.replace("\"batch_size\": 0", "\"batch_size\": \"x\"");
        assert!(
            refused(&typed).starts_with("policy.classes[1].policy.batch_size: invalid type"),
            "{}",
            refused(&typed)
        );
    }

    #[test]
    fn anything_but_an_object_is_refused() {
        for (text, got) in [
            ("[]", "an array"),
            ("  42", "something else"),
            ("\"s\"", "a string"),
            ("", "nothing"),
        ] {
            assert_eq!(
                refused(text),
                alloc::format!("(the scenario): must be a JSON object {{ ... }}, got {got}")
            );
        }
        assert_eq!(scenario("{}"), Ok(Scenario::default()));
    }

    #[test]
    fn the_path_at_a_place_names_the_keys_and_indexes_on_the_way() {
        let text = "{\"a\": {\"b\": [1, {\"c\": \"x,]}\"}, 3]}, \"d\": 4}";
        let at = |needle: &str| {
            let offset = text.find(needle).unwrap() + needle.len();
            path_at(text, 1, offset)
        };
        assert_eq!(at("[1"), "a.b[0]");
        assert_eq!(
            at("\"x,]}\""),
            "a.b[1].c",
            "brackets inside a string do not count"
        );
        assert_eq!(at(", 3"), "a.b[2]");
        assert_eq!(at("\"d\": 4"), "d");
        assert_eq!(path_at("{\n  \"k\": [\n 1,\n 2", 4, 2), "k[1]");
    }

    /// A string cut off by the end of the text (`path_at`'s scan of a
    /// string bounded by `<`, not `<=`), and a list where an object is due,
    /// refused in the visitor's words (`expecting` emptied).
    #[test]
    fn a_cut_off_string_and_a_list_for_an_object_name_their_field() {
        let text = "{\"cache\": {\"name\": \"unfinished";
        assert_eq!(path_at(text, 1, text.len()), "cache.name");
        #[derive(Debug, serde::Deserialize)]
        struct Holder {
            #[serde(deserialize_with = "object")]
            s: Scenario,
        }
        let e = serde_json::from_str::<Holder>("{\"s\": []}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected a JSON object { ... }"), "{e}");
        let held: Holder = serde_json::from_str("{\"s\": {}}").unwrap();
        assert_eq!(held.s, Scenario::default());
    }

    /// What each decoder expected, in its own words (the `expecting` of a
    /// name, of a tagged object and of a latency emptied).
    #[test]
    fn each_decoder_says_what_it_expected() {
        for (text, field, expected) in [
            (
                "{\"policy\": {\"kind\": 5}}",
                "policy.kind",
                "expected one of its names",
            ),
            ("{\"cache\": 5}", "cache", "expected an object"),
            (
                "{\"latency\": {\"store_read_us\": \"slow\"}}",
                "latency.store_read_us",
                "expected a number of microseconds or a distribution such as {\"dist\": \"lognormal\", ...}",
            ),
        ] {
            let e = scenario(text).unwrap_err();
            assert_eq!(e.field, field);
            assert!(e.message.contains(expected), "{text}: {}", e.message);
        }
    }

    #[test]
    fn trailing_text_and_syntax_errors_say_where() {
        let e = refused("{} x");
        assert!(
            e.starts_with("(the document): trailing characters at line 1 column 4"),
            "{e}"
        );
        let e = refused("{\"seed\": }");
        assert!(e.contains("line 1 column 10"), "{e}");
    }
}

/// `scenario` with the field at the dotted `path` (`policy.write_delay_us`)
/// set to `value`, read and checked as a scenario file is; an error names
/// the path when the scenario has no such field (or it is an object).
pub fn with_field(base: &Scenario, path: &str, value: &serde_json::Value) -> Result<Scenario, ScenarioError> {
    let mut json = serde_json::to_value(base).map_err(|e| ScenarioError {
        field: DOCUMENT.into(),
        message: e.to_string(),
    })?;
    let slot = path
        .split('.')
        .try_fold(&mut json, |v, part| v.get_mut(part))
        .filter(|v| !v.is_object())
        .ok_or_else(|| ScenarioError {
            field: path.into(),
            message: "the scenario has no such field (a dotted path to a value, e.g. policy.write_delay_us)"
                .into(),
        })?;
    *slot = value.clone();
    scenario(&json.to_string())
}

/// One run of a knob sweep.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct KnobPoint {
    /// The knob's value.
    pub value: serde_json::Value,
    /// The 99th-percentile write latency, µs.
    pub write_p99_us: u64,
    /// Rows the store wrote per second of the run.
    pub store_writes_per_s: f64,
    /// The most acknowledged writes at risk at once (the series' peak).
    pub max_at_risk: u64,
    /// Acknowledged writes lost.
    pub writes_lost: u64,
}

/// Runs `scenario` once per value of the field at `path`, to the end.
pub fn knob_sweep(
    base: &Scenario,
    path: &str,
    values: &[serde_json::Value],
) -> Result<Vec<KnobPoint>, ScenarioError> {
    values
        .iter()
        .map(|value| {
            let s = with_field(base, path, value)?;
            let mut sim = crate::Sim::new(s)?;
            let _ = sim.run_to_end();
            let m = sim.metrics();
            let secs = sim.now().as_micros() as f64 / 1e6;
            Ok(KnobPoint {
                value: value.clone(),
                write_p99_us: m.write_latency.percentile(99.0).0,
                store_writes_per_s: if secs > 0.0 {
                    m.store_writes as f64 / secs
                } else {
                    0.0
                },
                max_at_risk: sim.series().points().iter().map(|p| p.at_risk).max().unwrap_or(0),
                writes_lost: m.writes_lost,
            })
        })
        .collect()
}

/// Reads a list of knob values, `0,1000,10000` or `block,reject`: each a
/// JSON value where it is one, else a string.
#[must_use]
pub fn knob_values(text: &str) -> Vec<serde_json::Value> {
    text.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| serde_json::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.into())))
        .collect()
}

/// A knob sweep as CSV: the knob's path and the figures, a line per value.
#[must_use]
pub fn knob_csv(path: &str, points: &[KnobPoint]) -> String {
    use core::fmt::Write as _;
    let mut s = alloc::format!("{path},write_p99_us,store_writes_per_s,max_at_risk,writes_lost\n");
    for p in points {
        let _ = writeln!(
            s,
            "{},{},{},{},{}",
            p.value,
            p.write_p99_us,
            crate::decimal::fixed(p.store_writes_per_s, 1),
            p.max_at_risk,
            p.writes_lost
        );
    }
    s
}

#[cfg(test)]
mod sweep_tests {
    use super::*;
    use serde_json::json;

    /// `with_field` refuses a path to an object (its `!` deleted), and
    /// sets a value at a path to one.
    #[test]
    fn a_field_is_a_path_to_a_value_not_to_an_object() {
        let base = Scenario::default();
        assert_eq!(with_field(&base, "cache", &json!(5)).unwrap_err().field, "cache");
        assert_eq!(
            with_field(&base, "cache.capacity", &json!(5))
                .unwrap()
                .cache
                .capacity,
            5
        );
    }

    /// A sweep of the pool size: each point is a run with that value to
    /// its end, its rows per second the store's rows over the run's
    /// seconds (`/` turned to `%`, `secs > 0.0` to `<`); the values read
    /// from a list and the CSV written (`knob_values`, `knob_csv`).
    #[test]
    fn a_knob_sweep_runs_each_value_and_writes_a_line_for_it() {
        assert_eq!(knob_values("1, 2,,block"), [json!(1), json!(2), json!("block")]);
        let base = Scenario::default();
        let points = knob_sweep(&base, "store.pool_size", &knob_values("1,10")).unwrap();
        assert_eq!(points.len(), 2);
        for (p, pool) in points.iter().zip([1, 10]) {
            let mut s = base.clone();
            s.store.pool_size = pool;
            let mut sim = crate::Sim::new(s).unwrap();
            let _ = sim.run_to_end();
            let rows = sim.metrics().store_writes as f64;
            let secs = sim.now().as_micros() as f64 / 1e6;
            assert!(secs > 0.0);
            assert_eq!(p.store_writes_per_s, rows / secs);
            assert_eq!(p.write_p99_us, sim.metrics().write_latency.percentile(99.0).0);
        }
        let csv = knob_csv("store.pool_size", &points);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "store.pool_size,write_p99_us,store_writes_per_s,max_at_risk,writes_lost"
        );
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("1,") && lines[2].starts_with("10,"), "{csv}");
    }
}
