//! Walks lesson files and prints each step as a learner doing what it asks
//! would see it: `cargo run -p dirtybit-lessons --example walk lessons/*.json`.

use dirtybit_lessons::lesson::Lesson;
use dirtybit_lessons::walk::walk;

fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("a readable lesson file");
        let result = Lesson::decode(&text, &path).and_then(|lesson| {
            let scenario = lesson.scenario(|name| {
                let text = std::fs::read_to_string(format!("scenarios/{name}.json")).ok()?;
                dirtybit_sim::json::scenario(&text).ok()
            })?;
            Ok((walk(&lesson, scenario)?, lesson))
        });
        match result {
            Ok((visits, lesson)) => {
                println!("== {} ({} steps)", lesson.id, visits.len());
                for (i, v) in visits.iter().enumerate() {
                    println!(
                        "[{i}] t={} #{} -> t={} #{}",
                        v.course.sim.now().0,
                        v.course.sim.steps(),
                        v.ended.0 .0,
                        v.ended.1
                    );
                    println!("    {}", v.said);
                    if let Some(e) = &v.expected {
                        println!("    ANSWER {} (choice {:?})", e.shown(), e.choice);
                    }
                }
            }
            Err(e) => println!("ERROR {e}"),
        }
    }
}
