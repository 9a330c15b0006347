//! `cargo xtask test`: every check CI runs, in order, stopping at the first
//! failure: formatting, lints (native and wasm32), docs, native tests, the
//! no_std build of the core, the browser tests in headless Chrome, and the
//! page checks (the page served under a strict CSP, an accessibility audit,
//! embedding).

use crate::{cmd, tools};

/// The property tests' seed in CI.
const CI_PROPTEST_SEED: &str = "20261122";

/// Runs everything.
pub fn all() -> Result<(), String> {
    tools::wasm_target()?;
    tools::wasm_bindgen()?;
    tools::wasm_pack()?;
    let (chrome, driver) = tools::chromium()?;

    cmd::run(cmd::new("cargo").args(["fmt", "--all", "--", "--check"]))?;
    cmd::run(cmd::new("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    cmd::run(cmd::new("cargo").args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "dirtybit",
        "-p",
        "dirtybit-sim",
        "--all-targets",
        "--features",
        "dirtybit/browser-bench",
        "--",
        "-D",
        "warnings",
    ]))?;
    cmd::run(
        cmd::new("cargo")
            .args(["doc", "--workspace", "--no-deps", "--quiet"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    println!("xtask: native tests");
    let mut native_tests = cmd::new("cargo");
    native_tests.args(["test", "--workspace"]);
    // CI explores one fixed set of random scenarios, so a run is repeatable;
    // elsewhere each run draws new ones (PROPTEST_RNG_SEED overrides both).
    if std::env::var_os("CI").is_some() && std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        println!("xtask: CI: property tests with PROPTEST_RNG_SEED={CI_PROPTEST_SEED}");
        native_tests.env("PROPTEST_RNG_SEED", CI_PROPTEST_SEED);
    }
    let native = cmd::run_tests(&mut native_tests)?;
    println!("xtask: no_std build of dirtybit-sim (without and with serde)");
    for features in ["", "serde"] {
        cmd::run(cmd::new("cargo").args([
            "build",
            "-p",
            "dirtybit-sim",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--features",
            features,
        ]))?;
    }
    println!("xtask: browser tests (headless Chrome)");
    let browser = cmd::run_tests(
        cmd::new("wasm-pack")
            .args([
                "test",
                "--headless",
                "--chrome",
                "--mode",
                "no-install",
                "--chromedriver",
            ])
            .arg(&driver)
            .arg(".")
            .env("CHROMEDRIVER", &driver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )?;
    println!("xtask: page checks (served under a strict CSP, axe-core audit, embedding)");
    let page = crate::page::check(&chrome)?;
    if page.1 > 0 {
        println!(
            "{} passed, {} failed",
            native.0 + browser.0 + page.0,
            native.1 + browser.1 + page.1
        );
        return Err(format!("{} page check(s) failed", page.1));
    }
    println!(
        "xtask: all checks passed: {} native, {} browser tests and {} page checks",
        native.0, browser.0, page.0
    );
    println!(
        "{} passed, {} failed",
        native.0 + browser.0 + page.0,
        native.1 + browser.1 + page.1
    );
    Ok(())
}
