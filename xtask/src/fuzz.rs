//! `cargo xtask fuzz [SECONDS]`: coverage-guided fuzzing (cargo-fuzz with
//! the nightly toolchain; cargo-fuzz is installed when missing) of the
//! scenario decoder and validator, the page's address decoder, and whole
//! simulations under the ledger's invariants, each for SECONDS (default
//! 60). Corpora live in `target/fuzz-corpus/` and are seeded from
//! `scenarios/`. Prints each target's executions; a crash stops with the
//! input that caused it (make it a regression test). Not part of `test`.

use std::path::Path;

use crate::cmd;

/// The targets in `fuzz/fuzz_targets/`.
pub const TARGETS: [&str; 3] = ["scenario", "address", "simulation"];
/// cargo-fuzz, pinned.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Runs every target for `seconds`.
pub fn run(seconds: u64) -> Result<(), String> {
    let toolchains = cmd::output(cmd::new("rustup").args(["toolchain", "list"])).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        return Err("cargo-fuzz needs the nightly toolchain: rustup toolchain install nightly".into());
    }
    let have = cmd::output(cmd::new("cargo").args(["+nightly", "fuzz", "--version"])).unwrap_or_default();
    if !have.contains(CARGO_FUZZ_VERSION) {
        cmd::run(cmd::new("cargo").args([
            "+nightly",
            "install",
            "cargo-fuzz",
            "--locked",
            "--version",
            CARGO_FUZZ_VERSION,
        ]))?;
    }
    let mut report = Vec::new();
    for target in TARGETS {
        let corpus = Path::new("target/fuzz-corpus").join(target);
        seed(target, &corpus)?;
        let mut c = cmd::new("cargo");
        // No sanitizer: the core and the page's decoders are safe Rust
        // (`#![deny(unsafe_code)]`), so AddressSanitizer finds nothing there
        // and costs the simulation target five times its speed.
        c.args(["+nightly", "fuzz", "run", "--sanitizer", "none", target])
            .arg(&corpus)
            .args([
                "--",
                &format!("-max_total_time={seconds}"),
                "-print_final_stats=1",
            ]);
        println!("xtask: fuzzing {target} for {seconds} s");
        let out = c.output().map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
        // libFuzzer reports on stderr.
        let err = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            eprint!("{err}");
            return Err(format!(
                "fuzz target {target} failed ({}): see the input above",
                out.status
            ));
        }
        let runs = err
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .map_or("?".to_string(), |n| n.trim().to_string());
        report.push(format!("{target}: {runs} executions in {seconds} s, no failure"));
    }
    for line in report {
        println!("xtask: fuzz {line}");
    }
    Ok(())
}

/// Seeds `corpus` for `target` from the example scenarios (once).
fn seed(target: &str, corpus: &Path) -> Result<(), String> {
    std::fs::create_dir_all(corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let entries = std::fs::read_dir("scenarios").map_err(|e| format!("cannot read scenarios/: {e}"))?;
    for entry in entries.filter_map(Result::ok) {
        let text = std::fs::read_to_string(entry.path()).map_err(|e| e.to_string())?;
        let seed = match target {
            "scenario" => text,
            // The JSON a link's #s= carries (the target also tries it as a hash).
            "address" => format!("{{\"scenario\": {text}, \"inputs\": [[3, {{\"input\": \"write\", \"key\": 1}}]], \"step\": 20}}"),
            // Bytes that choose a small scenario: the file's first bytes do.
            _ => text.chars().filter(char::is_ascii_digit).take(32).collect(),
        };
        let name = format!("seed-{}", entry.file_name().to_string_lossy());
        std::fs::write(corpus.join(name), seed).map_err(|e| e.to_string())?;
    }
    Ok(())
}
