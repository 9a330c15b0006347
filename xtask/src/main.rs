//! `cargo xtask`: the README's commands. Each installs what is missing, at
//! pinned versions, skips what is already there, then does its job.
//!
//! ```text
//! cargo xtask serve   set up, then serve the playground on 127.0.0.1:8080
//! cargo xtask test    set up, then run every check and test (native and browser)
//! cargo xtask dist    set up, then build the release page into dist/ and report its size
//! cargo xtask bench   run the benchmarks and write docs/performance.md
//! cargo xtask page    only the page checks of `test` (CSP, accessibility, embedding)
//! cargo xtask mutants [FILE ...]   mutation testing of dirtybit-sim (not in CI: slow)
//! cargo xtask fuzz [SECONDS]       coverage-guided fuzzing, each target SECONDS (not in CI)
//! cargo xtask soak [CASES]         the property tests at CASES scenarios each (not in CI)
//! ```

mod bench;
mod checks;
mod cmd;
mod fuzz;
mod mutants;
mod page;
mod soak;
mod tools;

use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask <serve | test | dist | bench | page | mutants [FILE ...] | fuzz [SECONDS] | soak [CASES]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("test") => checks::all(),
        Some("dist") => dist().map(|_| ()),
        Some("bench") => bench::run(),
        Some("mutants") => mutants::run(&args[1..]),
        Some("soak") => match args.get(1).map(|s| s.parse::<u64>()) {
            None => soak::run(10_000),
            Some(Ok(cases)) => soak::run(cases),
            Some(Err(_)) => Err(format!("soak takes a number of cases, got {}\n{USAGE}", args[1])),
        },
        Some("fuzz") => match args.get(1).map(|s| s.parse::<u64>()) {
            None => fuzz::run(60),
            Some(Ok(seconds)) => fuzz::run(seconds),
            Some(Err(_)) => Err(format!(
                "fuzz takes a number of seconds, got {}\n{USAGE}",
                args[1]
            )),
        },
        Some("page") => tools::chromium()
            .and_then(|(chrome, _)| page::check(&chrome))
            .and_then(|(_, failed)| {
                if failed == 0 {
                    Ok(())
                } else {
                    Err(format!("{failed} page check(s) failed"))
                }
            }),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Installs trunk and wasm-bindgen, then runs `trunk serve` (127.0.0.1:8080).
fn serve() -> Result<(), String> {
    let env = tools::web_build()?;
    println!("xtask: serving on http://127.0.0.1:8080/ (Ctrl-C stops)");
    cmd::run(cmd::new("trunk").arg("serve").envs(env))
}

/// What a browser loads to show the page: the rest (the lesson module, its
/// styles, lesson files, the embedding example) loads only when asked for.
pub const FIRST_PAINT: [&str; 6] = [
    "index.html",
    "loader.js",
    "dirtybit-web.js",
    "dirtybit-web_bg.wasm",
    "style.css",
    "favicon.svg",
];

/// The files loaded when a lesson or the share panel opens (lesson files
/// come on top, one per lesson opened).
pub const ON_DEMAND: [&str; 4] = [
    "lessons-loader.js",
    "lessons.css",
    "dirtybit-lessons-web.js",
    "dirtybit-lessons-web_bg.wasm",
];

/// Builds the release page into `dist/`, minifies its JavaScript glue, and
/// prints each file's size, raw and gzipped, with the first paint's total
/// and the lesson module's.
pub fn dist() -> Result<Vec<(String, u64, u64)>, String> {
    let mut env = tools::web_build()?;
    env.extend(tools::wasm_opt()?);
    cmd::run(cmd::new("trunk").args(["build", "--release"]).envs(env))?;
    let terser = tools::terser()?;
    for glue in ["dirtybit-web.js", "dirtybit-lessons-web.js"] {
        let path = format!("dist/{glue}");
        cmd::run(
            cmd::new("node")
                .arg(&terser)
                .arg(&path)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&path),
        )?;
    }
    let sizes = cmd::dist_sizes("dist")?;
    for (name, r, g) in &sizes {
        println!("  {name:<40} {r:>9} B  {g:>8} B gzipped");
    }
    let sum = |set: &[&str]| {
        sizes
            .iter()
            .filter(|(n, _, _)| set.contains(&n.as_str()))
            .fold((0, 0), |(r, g), (_, a, b)| (r + a, g + b))
    };
    let (raw, gz) = sum(&FIRST_PAINT);
    println!("  {:<40} {raw:>9} B  {gz:>8} B gzipped", "first paint");
    let (raw, gz) = sum(&ON_DEMAND);
    println!(
        "  {:<40} {raw:>9} B  {gz:>8} B gzipped",
        "lesson module (on demand)"
    );
    Ok(sizes)
}
