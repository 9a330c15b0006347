//! `dirtybit`: runs scenarios natively and prints what happened.
//!
//! ```text
//! dirtybit run <scenario.json> [--json]
//! ```
//!
//! Exit codes: 0 success, 2 a bad command line or an invalid scenario (the
//! message names the field and the allowed range), 1 a file that cannot be read.

mod load;
mod report;

use std::process::ExitCode;

const USAGE: &str = "usage: dirtybit run <scenario.json> [--json]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dirtybit: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}

/// A failure and the exit code it maps to.
pub struct Failure {
    /// The process exit code.
    pub code: u8,
    /// What to tell the user.
    pub message: String,
}

fn usage(message: &str) -> Failure {
    Failure {
        code: 2,
        message: format!("{message}\n{USAGE}"),
    }
}

fn run(args: &[String]) -> Result<String, Failure> {
    let (command, rest) = args.split_first().ok_or_else(|| usage("no command given"))?;
    match command.as_str() {
        "run" => {
            let mut json = false;
            let mut file = None;
            for arg in rest {
                match arg.as_str() {
                    "--json" => json = true,
                    flag if flag.starts_with("--") => return Err(usage(&format!("unknown option {flag}"))),
                    path if file.is_none() => file = Some(path),
                    extra => return Err(usage(&format!("unexpected argument {extra}"))),
                }
            }
            let path = file.ok_or_else(|| usage("run needs a scenario file"))?;
            let scenario = load::scenario_file(path)?;
            let metrics = report::run_to_end(scenario.clone());
            Ok(if json {
                report::json(&metrics)
            } else {
                report::table(&scenario, &metrics)
            })
        }
        "-h" | "--help" | "help" => Ok(format!("{USAGE}\n")),
        other => Err(usage(&format!("unknown command {other}"))),
    }
}
