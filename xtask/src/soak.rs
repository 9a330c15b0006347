//! `cargo xtask soak [CASES]`: the property tests of the core
//! (`crates/sim/tests/invariants.rs`) at CASES random scenarios per
//! property (10,000 by default), release build, a fresh seed each run
//! (printed by proptest on a failure). `cargo xtask test` runs 1,000 per
//! property with a fixed seed in CI. Not part of `test`.

use crate::cmd;

/// Runs the property tests at `cases` scenarios each.
pub fn run(cases: u64) -> Result<(), String> {
    let t0 = std::time::Instant::now();
    let (passed, failed) = cmd::run_tests(
        cmd::new("cargo")
            .args(["test", "--release", "-p", "dirtybit-sim", "--test", "invariants"])
            .env("DIRTYBIT_SOAK_CASES", cases.to_string()),
    )?;
    println!(
        "xtask: soak: {passed} properties passed, {failed} failed, {cases} random scenarios each, in {:.0} s",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
