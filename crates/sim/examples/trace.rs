//! Prints the event log of a scenario file, one sentence per line.
//!
//! `cargo run -p dirtybit-sim --example trace --features serde -- scenario.json`

fn main() {
    let path = std::env::args().nth(1).expect("usage: trace <scenario.json>");
    let text = std::fs::read_to_string(&path).expect("readable scenario file");
    let scenario: dirtybit_sim::Scenario = serde_json::from_str(&text).expect("a valid scenario");
    let mut sim = dirtybit_sim::Sim::new(scenario).expect("a valid scenario");
    while let Some(event) = sim.step() {
        println!("{event}");
    }
}
