//! The tools the web build and the browser tests need, installed when
//! missing at pinned versions and skipped when present (checked by
//! `--version`, so a machine that has them spends seconds, not minutes).
//! The recipe is `shared/TOOLCHAIN.md`'s.

use std::path::PathBuf;

use crate::cmd;

/// trunk, pinned: 0.22 needs a newer rustc than the machine's.
pub const TRUNK_VERSION: &str = "0.21.14";
/// wasm-pack, pinned.
pub const WASM_PACK_VERSION: &str = "0.15.1";
/// binaryen from npm: the first that reads current Rust wasm here.
pub const BINARYEN_VERSION: &str = "132";

/// Makes sure the wasm32 target, trunk and the matching wasm-bindgen CLI are
/// installed and the crates fetched; returns the environment for trunk.
pub fn web_build() -> Result<Vec<(String, String)>, String> {
    wasm_target()?;
    cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    wasm_bindgen()?;
    // trunk runs offline (Trunk.toml), so every crate must be here first.
    cmd::run(cmd::new("cargo").args(["fetch", "--quiet"]))?;
    Ok(vec![("PATH".into(), cmd::path_with_cargo_bin())])
}

/// Adds the wasm32 target unless it is installed.
pub fn wasm_target() -> Result<(), String> {
    let installed =
        cmd::output(cmd::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    cmd::run(cmd::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// Installs `krate` at `version` with `cargo install` unless `bin --version`
/// already reports that version.
pub fn cargo_tool(bin: &str, krate: &str, version: &str, locked: bool) -> Result<(), String> {
    let have = cmd::output(cmd::new(bin).arg("--version")).unwrap_or_default();
    if have
        .split_whitespace()
        .any(|w| w.trim_start_matches('v') == version)
    {
        println!("xtask: {bin} {version} is installed");
        return Ok(());
    }
    println!(
        "xtask: installing {krate} {version} (found: {})",
        if have.is_empty() { "none" } else { &have }
    );
    let mut c = cmd::new("cargo");
    c.args(["install", krate, "--version", version]);
    if locked {
        c.arg("--locked");
    }
    cmd::run(&mut c)
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string("Cargo.lock").map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// Installs the wasm-bindgen CLI matching Cargo.lock.
pub fn wasm_bindgen() -> Result<(), String> {
    let version = wasm_bindgen_version()?;
    cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &version, false)
}

/// Installs wasm-pack (which drives the browser tests).
pub fn wasm_pack() -> Result<(), String> {
    cargo_tool("wasm-pack", "wasm-pack", WASM_PACK_VERSION, false)
}

/// Installs npm's binaryen (for wasm-opt) into a cache folder unless there;
/// returns PATH with its `.bin` in front.
pub fn wasm_opt() -> Result<Vec<(String, String)>, String> {
    let home = std::env::var("HOME").unwrap_or_default();
    let prefix = PathBuf::from(home)
        .join(".cache/dirtybit")
        .join(format!("binaryen-{BINARYEN_VERSION}"));
    let bin = prefix.join("node_modules/.bin");
    let have = cmd::output(cmd::new(bin.join("wasm-opt").to_str().unwrap_or("wasm-opt")).arg("--version"));
    if have.is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}"))) {
        println!("xtask: wasm-opt {BINARYEN_VERSION} is installed");
    } else {
        if cmd::output(cmd::new("npm").arg("--version")).is_none() {
            return Err("npm is not installed; wasm-opt comes from npm's binaryen. \
                        Install Node.js and npm (e.g. apt-get install nodejs npm) and run again"
                .into());
        }
        std::fs::create_dir_all(&prefix).map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
        cmd::run(
            cmd::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&prefix)
                .arg(format!("binaryen@{BINARYEN_VERSION}")),
        )?;
    }
    Ok(vec![(
        "PATH".into(),
        format!("{}:{}", bin.display(), cmd::path_with_cargo_bin()),
    )])
}

/// npm's terser: minifies the wasm-bindgen glue of the release page (trunk's
/// own minifier cannot read its `export default`).
pub const TERSER: &str = "terser@5.36.0";

/// The terser command, installing it first if missing.
pub fn terser() -> Result<PathBuf, String> {
    Ok(npm_packages("terser", &[TERSER])?.join("terser/bin/terser"))
}

/// Installs the npm `packages` (pinned `name@version`) into a cache folder
/// called `name` unless each is there; returns its `node_modules`.
pub fn npm_packages(name: &str, packages: &[&str]) -> Result<PathBuf, String> {
    let home = std::env::var("HOME").unwrap_or_default();
    let prefix = PathBuf::from(home).join(".cache/dirtybit").join(name);
    let modules = prefix.join("node_modules");
    let installed = |spec: &&str| {
        let (pkg, version) = spec.rsplit_once('@').unwrap_or((spec, ""));
        std::fs::read_to_string(modules.join(pkg).join("package.json"))
            .is_ok_and(|json| json.contains(&format!("\"version\": \"{version}\"")))
    };
    if packages.iter().all(installed) {
        println!("xtask: {} installed", packages.join(", "));
        return Ok(modules);
    }
    if cmd::output(cmd::new("npm").arg("--version")).is_none() {
        return Err(format!(
            "npm is not installed; xtask needs {} from it. Install Node.js and npm and run again",
            packages.join(", ")
        ));
    }
    std::fs::create_dir_all(&prefix).map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    cmd::run(
        cmd::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .args(packages),
    )?;
    Ok(modules)
}

/// Paths of Chromium and its driver, installing Debian's packages when
/// missing and running as root; otherwise a message saying what to install.
pub fn chromium() -> Result<(PathBuf, PathBuf), String> {
    let find = || {
        let browser = ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|b| which(b));
        browser.zip(which("chromedriver"))
    };
    if let Some(found) = find() {
        return Ok(found);
    }
    let root = cmd::output(std::process::Command::new("id").arg("-u")).as_deref() == Some("0");
    if !root {
        return Err(
            "Chromium and ChromeDriver are needed for the browser tests and are not installed. \
                    Install them as root: apt-get install -y chromium chromium-driver"
                .into(),
        );
    }
    cmd::run(std::process::Command::new("apt-get").arg("update"))?;
    cmd::run(std::process::Command::new("apt-get").args(["install", "-y", "chromium", "chromium-driver"]))?;
    find()
        .ok_or_else(|| "apt-get installed chromium, but chromium or chromedriver is still not on PATH".into())
}

/// The first `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&cmd::path_with_cargo_bin())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}
