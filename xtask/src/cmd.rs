//! Running commands: echo them, fail with a message that names them.

use std::path::Path;
use std::process::Command;

/// A command for `program`, with `~/.cargo/bin` first on PATH so freshly
/// installed tools are found.
pub fn new(program: &str) -> Command {
    let mut c = Command::new(program);
    c.env("PATH", path_with_cargo_bin());
    c
}

/// PATH with `$CARGO_HOME/bin` (or `~/.cargo/bin`) in front.
pub fn path_with_cargo_bin() -> String {
    let path = std::env::var("PATH").unwrap_or_default();
    format!("{}:{path}", cargo_bin().display())
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin() -> std::path::PathBuf {
    let home = std::env::var("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| Path::new(&std::env::var("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin")
}

/// Runs `c`, echoing it first; an error names it and its exit status.
pub fn run(c: &mut Command) -> Result<(), String> {
    println!("xtask: $ {}", describe(c));
    let status = c
        .status()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(c)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(c)))
    }
}

/// Runs `c`, echoing its output; returns what follows `marker` on each
/// line that has it.
pub fn result_lines(c: &mut Command, marker: &str) -> Result<Vec<String>, String> {
    println!("xtask: $ {}", describe(c));
    let out = c
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(c)))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    if !out.status.success() {
        return Err(format!("`{}` failed ({})", describe(c), out.status));
    }
    Ok(stdout
        .lines()
        .filter_map(|l| l.split_once(marker).map(|(_, r)| r.to_string()))
        .collect())
}

/// Runs a test command like [`run`], echoing its output, and adds up the
/// `test result: ... N passed; M failed` lines it prints.
pub fn run_tests(c: &mut Command) -> Result<(u64, u64), String> {
    use std::io::{BufRead, BufReader};
    println!("xtask: $ {}", describe(c));
    let mut child = c
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(c)))?;
    let (mut passed, mut failed) = (0, 0);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.trim().strip_prefix("test result: ") {
                let count = |word: &str| {
                    rest.split(';')
                        .find_map(|part| {
                            part.trim()
                                .trim_start_matches("ok. ")
                                .trim_start_matches("FAILED. ")
                                .strip_suffix(word)
                        })
                        .and_then(|n| n.trim().parse::<u64>().ok())
                        .unwrap_or(0)
                };
                passed += count(" passed");
                failed += count(" failed");
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok((passed, failed))
    } else {
        Err(format!("`{}` failed ({status})", describe(c)))
    }
}

/// The trimmed stdout of `c`, or `None` if it cannot run or fails.
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().to_string();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Each .wasm, .js and .css file under `dir`: name, raw bytes, gzip -9 bytes.
pub fn dist_sizes(dir: &str) -> Result<Vec<(String, u64, u64)>, String> {
    let mut sizes = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {dir}: {e}"))?;
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["wasm", "js", "css", "html", "svg", "json"].contains(&ext) {
            continue;
        }
        let raw = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
        let gz = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .map_err(|e| format!("gzip: {e}"))?
            .stdout
            .len() as u64;
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        sizes.push((name, raw, gz));
    }
    Ok(sizes)
}
