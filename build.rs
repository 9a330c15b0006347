//! Writes the lesson catalog (id, title, one line, source, minutes of every
//! lesson, in `lessons/index.json` order) into the page, so the picker shows
//! at first paint; a lesson's steps are fetched only when it opens.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=lessons");
    let dir = Path::new("lessons");
    let index = std::fs::read_to_string(dir.join("index.json")).expect("lessons/index.json");
    let index: serde_json::Value = serde_json::from_str(&index).expect("lessons/index.json is JSON");
    let mut out = String::from("/// Every lesson's (id, title, line, source text, section, minutes), in menu order.\npub const CATALOG: &[Entry] = &[\n");
    for id in index["lessons"]
        .as_array()
        .expect("lessons/index.json: `lessons` is a list")
    {
        let id = id.as_str().expect("a lesson id is a string");
        let path = dir.join(format!("{id}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let s = |field: &str| v[field].as_str().unwrap_or_default().to_string();
        writeln!(
            out,
            "    Entry {{ id: {:?}, title: {:?}, line: {:?}, text: {:?}, section: {:?}, minutes: {} }},",
            id,
            s("title"),
            s("line"),
            v["source"]["text"].as_str().unwrap_or_default(),
            v["source"]["section"].as_str().unwrap_or_default(),
            v["minutes"].as_u64().unwrap_or(0)
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog.rs");
    std::fs::write(dest, out).unwrap();
}
