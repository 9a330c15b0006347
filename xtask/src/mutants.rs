//! `cargo xtask mutants [FILE ...]`: mutation testing of the core with
//! cargo-mutants (installed at a pinned version when missing). Each mutant
//! is a small change to `dirtybit-sim` (an operator flipped, a function body
//! replaced); the crate's tests must fail on it. Not part of `test`: a run
//! over the whole crate takes hours on this machine. The results go in
//! `mutants.out/`; docs/reliability.md records the figures and every
//! survivor's verdict.

use crate::{cmd, tools};

/// cargo-mutants, pinned.
pub const CARGO_MUTANTS_VERSION: &str = "27.1.0";

/// Runs cargo-mutants on `files` of dirtybit-sim (all of it if none).
pub fn run(files: &[String]) -> Result<(), String> {
    // `cargo-mutants --version` run by itself does not answer: ask cargo.
    let have = cmd::output(cmd::new("cargo").args(["mutants", "--version"])).unwrap_or_default();
    if !have.contains(CARGO_MUTANTS_VERSION) {
        tools::cargo_tool("cargo-mutants", "cargo-mutants", CARGO_MUTANTS_VERSION, true)?;
    }
    let mut c = cmd::new("cargo");
    // A mutant that loops forever is caught by the timeout.
    c.args([
        "mutants",
        "-p",
        "dirtybit-sim",
        "--timeout",
        "180",
        "--no-shuffle",
    ]);
    for f in files {
        c.args(["-f", f]);
    }
    cmd::run(&mut c)
}
