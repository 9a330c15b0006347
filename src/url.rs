//! The page's address: `?preset=NAME` picks a preset, `?embed` hides the
//! editor chrome, and `#s=...` carries the shared state (the scenario, the
//! user's inputs and the current step) as base64url-encoded JSON. Decoding
//! never panics: a bad link gives a message that says what is wrong.

use dirtybit_sim::compare::Compare;
use dirtybit_sim::Scenario;
use serde::{Deserialize, Serialize};

use crate::model::Input;

/// What a link shares.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shared {
    /// The scenario.
    pub scenario: Scenario,
    /// The user's inputs, each after its number of steps.
    pub inputs: Vec<(u64, Input)>,
    /// How many steps into the run.
    pub step: u64,
}

/// [`Shared`] as read, field by field, through the core's shared object
/// reader (unknown and repeated fields refused by name; `scenario` must be
/// given, and be an object).
#[derive(Default)]
struct SharedRepr {
    scenario: Option<Scenario>,
    inputs: Vec<(u64, Input)>,
    step: u64,
}

/// A scenario that must be a JSON object.
struct ObjectScenario(Scenario);

impl<'de> Deserialize<'de> for ObjectScenario {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        dirtybit_sim::json::object(d).map(ObjectScenario)
    }
}

impl dirtybit_sim::names::Fields for SharedRepr {
    const FIELDS: &'static [&'static str] = &["scenario", "inputs", "step"];
    fn set<'de, A: serde::de::MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
        match i {
            0 => self.scenario = Some(map.next_value::<ObjectScenario>()?.0),
            1 => self.inputs = map.next_value()?,
            _ => self.step = map.next_value()?,
        }
        Ok(())
    }
    fn missing(&self) -> Option<&'static str> {
        self.scenario.is_none().then_some("scenario")
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r: SharedRepr = dirtybit_sim::names::object(d)?;
        Ok(Shared {
            scenario: r.scenario.unwrap_or_default(),
            inputs: r.inputs,
            step: r.step,
        })
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
#[must_use]
pub fn encode_b64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url (padding optional); `None` on a character outside it.
#[must_use]
pub fn decode_b64(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text
        .trim_end_matches('=')
        .bytes()
        .map(|c| ALPHABET.iter().position(|a| *a == c).map(|p| p as u32))
        .collect::<Option<_>>()?;
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | d << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// The hash for `shared`: `#s=...`.
#[must_use]
#[inline(never)] // one copy: the address, links and the lesson bridge all call it
pub fn to_hash(shared: &Shared) -> String {
    let json = serde_json::to_string(shared).unwrap_or_default();
    format!("#s={}", encode_b64(json.as_bytes()))
}

/// Reads a hash; `Ok(None)` when it shares nothing, `Err` with a message
/// for a link that is damaged or holds an invalid scenario.
#[inline(never)] // one copy: the page's start and the lesson bridge both call it
pub fn from_hash(hash: &str) -> Result<Option<Shared>, String> {
    let hash = hash.trim_start_matches('#');
    let Some(data) = hash.split('&').find_map(|p| p.strip_prefix("s=")) else {
        return Ok(None);
    };
    let bytes = decode_b64(data).ok_or("This link is damaged: its #s= part is not valid base64url.")?;
    let text =
        String::from_utf8(bytes).map_err(|_| "This link is damaged: its #s= part is not UTF-8 text.")?;
    let unreadable = |e: dirtybit_sim::ScenarioError| format!("This link could not be read: {e}.");
    dirtybit_sim::json::must_be_object(&text, "(the link)").map_err(unreadable)?;
    let shared: Shared = dirtybit_sim::json::decode(&text).map_err(unreadable)?;
    shared
        .scenario
        .validate()
        .map_err(|e| format!("This link's scenario is invalid: {}.", e.nested("", "scenario.")))?;
    Ok(Some(shared))
}

/// The hash for `shared` at step `lesson` of an open lesson: `#l=K&s=...`.
#[must_use]
pub fn to_hash_at(shared: &Shared, lesson: Option<usize>) -> String {
    let hash = to_hash(shared);
    match lesson {
        Some(k) => format!("#l={k}&{}", &hash[1..]),
        None => hash,
    }
}

/// The lesson step in a hash (`l=K`, counted from 0); an error names it.
pub fn lesson_step(hash: &str) -> Result<Option<usize>, String> {
    let Some(v) = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|p| p.strip_prefix("l="))
    else {
        return Ok(None);
    };
    v.parse()
        .map(Some)
        .map_err(|_| format!("This link's lesson step (l=) must be a whole number 0 or more, got \"{v}\"; the lesson opened at its first step."))
}

/// A comparison's address parameters: `compare=wt,wb&at=T&crash=T`, read
/// back by [`parse_query`].
#[must_use]
pub fn compare_query(c: &Compare) -> String {
    let ids: Vec<&str> = c.variants.iter().map(|v| v.id).collect();
    let mut q = format!("compare={}&at={}", ids.join(","), c.t.as_micros());
    if let Some(at) = c.crash {
        q.push_str(&format!("&crash={}", at.as_micros()));
        if c.crash_kind != dirtybit_sim::compare::CrashAll::Cache {
            q.push_str(&format!("&crash_kind={}", c.crash_kind.id()));
        }
    }
    q
}

/// `search` with `lesson=ID` set (or removed), the open tool's parameters
/// (`compare=...&at=...`) in place of any it had, and `extra` parameters in
/// place of any `embed`, `hide` or `present` it had (`extra` empty keeps them).
#[must_use]
pub fn search_with(search: &str, lesson: Option<&str>, tool: Option<&str>, extra: &[String]) -> String {
    let mut parts: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let k = p.split('=').next().unwrap_or_default();
            !matches!(k, "lesson" | "compare" | "at" | "crash" | "crash_kind")
                && (extra.is_empty() || !matches!(k, "embed" | "hide" | "present"))
        })
        .map(str::to_string)
        .collect();
    if let Some(id) = lesson {
        parts.push(format!("lesson={id}"));
    }
    if let Some(tool) = tool {
        parts.push(tool.to_string());
    }
    parts.extend(extra.iter().cloned());
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The query's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// `?embed`: hide the editor chrome.
    pub embed: bool,
    /// `?preset=NAME`.
    pub preset: Option<String>,
    /// `?lesson=ID`: open a lesson.
    pub lesson: Option<String>,
    /// `?hide=editor,knobs,log`: the parts an instructor hid (given, even
    /// empty, it replaces `?embed`'s default of hiding the editor and knobs).
    pub hide: Option<Vec<String>>,
    /// `?present`: large type and high contrast, for a projector.
    pub present: bool,
    /// `?compare=wt,wb&at=T&crash=T`: policies side by side.
    pub compare: Option<String>,
    /// `at=T`: the instant a comparison had reached, µs.
    pub at: Option<u64>,
    /// `crash=T`: the instant a comparison crashed, µs.
    pub crash: Option<u64>,
    /// `crash_kind=power`: what crashed then (`cache`, `power`, `primary`;
    /// absent: the cache node).
    pub crash_kind: Option<String>,
}

/// Reads a query string such as `?preset=write-through&embed`.
#[must_use]
pub fn parse_query(search: &str) -> Query {
    let mut q = Query::default();
    for part in search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k {
            "embed" => q.embed = v != "0" && v != "false",
            "preset" => q.preset = Some(v.to_string()),
            "lesson" => q.lesson = Some(v.to_string()),
            "hide" => {
                q.hide = Some(
                    v.split(',')
                        .filter(|p| !p.is_empty())
                        .map(str::to_string)
                        .collect(),
                )
            }
            "present" => q.present = v != "0" && v != "false",
            "compare" => q.compare = Some(v.to_string()),
            "at" => q.at = v.parse().ok(),
            "crash" => q.crash = v.parse().ok(),
            "crash_kind" => q.crash_kind = Some(v.to_string()),
            _ => {}
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lessons_hidden_parts_and_the_lesson_step_live_in_the_address() {
        let q = parse_query("?lesson=cost-model&embed&hide=editor,log&present");
        assert_eq!(q.lesson.as_deref(), Some("cost-model"));
        assert_eq!(q.hide, Some(vec!["editor".to_string(), "log".to_string()]));
        assert_eq!(parse_query("?embed&hide=").hide, Some(vec![]));
        assert_eq!(parse_query("?embed").hide, None);
        assert!(q.embed && q.present);
        assert_eq!(lesson_step("#l=3&s=abc"), Ok(Some(3)));
        assert_eq!(lesson_step("#s=abc"), Ok(None));
        let e = lesson_step("#l=x&s=abc").unwrap_err();
        assert!(e.contains("(l=)") && e.contains("\"x\""), "{e}");
        let shared = Shared {
            scenario: dirtybit_sim::Scenario::default(),
            inputs: Vec::new(),
            step: 4,
        };
        let hash = to_hash_at(&shared, Some(2));
        assert!(hash.starts_with("#l=2&s="), "{hash}");
        assert_eq!(from_hash(&hash).unwrap().unwrap(), shared);
        assert_eq!(
            search_with("?preset=x&lesson=a", Some("b"), None, &[]),
            "?preset=x&lesson=b"
        );
        assert_eq!(search_with("?lesson=a&embed", None, None, &[]), "?embed");
        assert_eq!(
            search_with(
                "?embed&hide=log",
                Some("b"),
                None,
                &["embed".into(), "hide=editor".into()]
            ),
            "?lesson=b&embed&hide=editor"
        );
        assert_eq!(search_with("", None, None, &[]), "");
        assert_eq!(
            search_with("?compare=wt,wb&at=5&embed", None, Some("compare=wt,ca&at=9"), &[]),
            "?embed&compare=wt,ca&at=9"
        );
        // What crashed is the comparison's too: replaced, never repeated.
        assert_eq!(
            search_with(
                "?compare=pg-on,pg-off&at=5&crash=3&crash_kind=primary",
                None,
                Some("compare=pg-on,pg-off&at=9&crash=3&crash_kind=primary"),
                &[]
            ),
            "?compare=pg-on,pg-off&at=9&crash=3&crash_kind=primary"
        );
        let q = parse_query("?compare=wt,wb&at=300000&crash=150000");
        assert_eq!(
            (q.compare.as_deref(), q.at, q.crash),
            (Some("wt,wb"), Some(300_000), Some(150_000))
        );
        // A comparison's parameters, written and read back.
        let mut c = Compare::new(
            Scenario::default(),
            dirtybit_sim::compare::parse("wt,wb,wb-fsync").unwrap(),
        )
        .unwrap();
        assert_eq!(compare_query(&c), "compare=wt,wb,wb-fsync&at=0");
        c.advance_to(dirtybit_sim::time::SimTime(150_000));
        c.crash_now().unwrap();
        c.advance_to(dirtybit_sim::time::SimTime(300_000));
        let q = compare_query(&c);
        assert_eq!(q, "compare=wt,wb,wb-fsync&at=300000&crash=150000");
        let back = parse_query(&format!("?{q}"));
        assert_eq!(
            (back.compare.as_deref(), back.at, back.crash),
            (Some("wt,wb,wb-fsync"), Some(300_000), Some(150_000))
        );
        assert_eq!(back.crash_kind, None, "the cache node: the default, left out");
        // What crashed, when it was not the cache node.
        let mut c = Compare::new(
            Scenario::default(),
            dirtybit_sim::compare::parse("pg-local,pg-on").unwrap(),
        )
        .unwrap();
        c.advance_to(dirtybit_sim::time::SimTime(150_000));
        c.crash_all_now(dirtybit_sim::compare::CrashAll::Primary).unwrap();
        let q = compare_query(&c);
        assert_eq!(
            q,
            "compare=pg-local,pg-on&at=150000&crash=150000&crash_kind=primary"
        );
        assert_eq!(
            parse_query(&format!("?{q}")).crash_kind.as_deref(),
            Some("primary")
        );
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..50u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
            let text = encode_b64(&bytes);
            assert!(text.bytes().all(|c| ALPHABET.contains(&c)));
            assert_eq!(decode_b64(&text), Some(bytes));
        }
        assert_eq!(encode_b64(b"Man"), "TWFu");
        assert_eq!(encode_b64(b"Ma"), "TWE");
    }

    #[test]
    fn a_shared_state_round_trips_through_the_hash() {
        let mut scenario = Scenario::default();
        scenario.workload.keys = 5;
        let shared = Shared {
            scenario,
            inputs: vec![(
                12,
                Input::Fault {
                    fault: dirtybit_sim::Fault::CrashCache { downtime_us: 5 },
                },
            )],
            step: 40,
        };
        assert_eq!(from_hash(&to_hash(&shared)), Ok(Some(shared)));
    }

    #[test]
    fn bad_links_give_messages() {
        assert_eq!(from_hash(""), Ok(None));
        assert_eq!(from_hash("#other=1"), Ok(None));
        assert!(from_hash("#s=***").unwrap_err().contains("not valid base64url"));
        let not_json = format!("#s={}", encode_b64(b"{nope"));
        assert!(from_hash(&not_json).unwrap_err().contains("could not be read"));
        let invalid = format!("#s={}", encode_b64(br#"{"scenario": {"workload": {"keys": 0}}}"#));
        assert!(from_hash(&invalid)
            .unwrap_err()
            .contains("scenario.workload.keys: must be 1..=100000, got 0"));
        // A value of the wrong sign, an array for the scenario, an input
        // with a bad key: each names its field's full path.
        let signed = format!(
            "#s={}",
            encode_b64(br#"{"scenario": {"cache": {"capacity": -1}}}"#)
        );
        let e = from_hash(&signed).unwrap_err();
        assert!(
            e.contains("scenario.cache.capacity: invalid value: integer `-1`"),
            "{e}"
        );
        let array = format!("#s={}", encode_b64(br#"{"scenario": []}"#));
        let e = from_hash(&array).unwrap_err();
        assert!(
            e.contains("scenario: invalid type: sequence, expected a JSON object"),
            "{e}"
        );
        let top = format!("#s={}", encode_b64(b"[]"));
        assert!(from_hash(&top)
            .unwrap_err()
            .contains("(the link): must be a JSON object"));
        let input = format!(
            "#s={}",
            encode_b64(br#"{"scenario": {}, "inputs": [[1, {"input": "read", "key": 0}], [2, {"input": "read", "key": -1}]]}"#)
        );
        let e = from_hash(&input).unwrap_err();
        assert!(e.contains("inputs[1]"), "{e}");
    }

    #[test]
    fn the_query_names_a_preset_and_embedding() {
        assert_eq!(parse_query(""), Query::default());
        let q = parse_query("?preset=cache-aside&embed");
        assert_eq!((q.embed, q.preset.as_deref()), (true, Some("cache-aside")));
    }
}
