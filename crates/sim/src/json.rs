//! Reading JSON with errors that name the field: a value of the wrong type
//! or sign says where it is (`cache.capacity`, `workload.script[3].key`,
//! `policy.classes[1].policy.batch_size`) and what is allowed there, as
//! validation errors do. Needs the `json` feature (std).

use serde::de::DeserializeOwned;

use crate::scenario::{Scenario, ScenarioError};

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

/// Decodes `text` as a `T`; an error names the path of the field it is
/// about (`field` is `(the document)` for the document as a whole) and says
/// what is allowed there.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ScenarioError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let mut message = e.inner().to_string();
        for (serde_says, allowed) in RANGES {
            message = message.replace(serde_says, allowed);
        }
        let field = if path == "." {
            "(the document)".into()
        } else {
            path
        };
        ScenarioError { field, message }
    })?;
    de.end().map_err(|e| ScenarioError {
        field: "(the document)".into(),
        message: e.to_string(),
    })?;
    Ok(value)
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
