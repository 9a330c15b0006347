//! `dirtybit`: runs scenarios natively and prints what happened.
//!
//! ```text
//! dirtybit run <scenario.json> [--json] [--csv] [--trace <out.jsonl>]
//! dirtybit compare <a.json> <b.json> ...
//! dirtybit sweep crash <scenario.json> [--points N] [--downtime-us D] [--json | --csv]
//! dirtybit sweep knob <scenario.json> --knob PATH --values V1,V2,... [--json | --csv]
//! dirtybit calc <net-impact | pool-throughput | qd1> [inputs] [--json]
//! ```
//!
//! `run` prints a table of metrics, or with `--json` one JSON object, or
//! with `--csv` the time series; `--trace` also writes every event as one
//! JSON line. `compare` runs each scenario and prints one table with a
//! column per scenario.
//!
//! Exit codes: 0 success, 2 a bad command line or an invalid scenario (the
//! message names the field's full path and the allowed range), 1 a file
//! that cannot be read or written. Each subcommand answers `--help`; a long
//! run shows its progress on stderr when stderr is a terminal.

mod calc;
mod export;
mod load;
mod progress;
mod report;
mod sweep;

use std::process::ExitCode;

const USAGE: &str = "usage: dirtybit run <scenario.json> [--json] [--csv] [--trace <out.jsonl>]\n       \
                     dirtybit compare <a.json> <b.json> ...\n       \
                     dirtybit sweep <crash | knob> <scenario.json> ...\n       \
                     dirtybit calc <net-impact | pool-throughput | qd1> ...\n       \
                     dirtybit <run | compare | sweep | calc> --help";

const RUN_HELP: &str = "usage: dirtybit run <scenario.json> [--json] [--csv] [--trace <out.jsonl>]

Runs the scenario to the end and prints its figures: a table, or with --json
one JSON object, or with --csv the time series. --trace also writes every
event to a file, one JSON object a line. While it runs, a line on stderr
shows its progress if stderr is a terminal (nothing otherwise).

Exit codes: 0 done; 2 a bad command line or an invalid scenario (the
message names the field's full path and what is allowed there); 1 a file
that cannot be read or written.
";

const COMPARE_HELP: &str = "usage: dirtybit compare <a.json> <b.json> ...

Runs each scenario to the end and prints one table, a column per scenario.
Exit codes as for `dirtybit run --help`.
";

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

/// What `run` was asked to print.
#[derive(PartialEq)]
enum Format {
    Table,
    Json,
    Csv,
}

fn run(args: &[String]) -> Result<String, Failure> {
    let (command, rest) = args.split_first().ok_or_else(|| usage("no command given"))?;
    let wants_help = rest.iter().any(|a| a == "--help" || a == "-h");
    match command.as_str() {
        "run" if wants_help => Ok(RUN_HELP.to_string()),
        "compare" if wants_help => Ok(COMPARE_HELP.to_string()),
        "sweep" if wants_help => Ok(sweep::HELP.to_string()),
        "calc" if wants_help => Ok(calc::HELP.to_string()),
        "sweep" => sweep::run(rest),
        "calc" => calc::run(rest),
        "run" => {
            let mut format = Format::Table;
            let mut trace = None;
            let mut file = None;
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--json" => format = Format::Json,
                    "--csv" => format = Format::Csv,
                    "--trace" => trace = Some(it.next().ok_or_else(|| usage("--trace needs a file"))?),
                    flag if flag.starts_with("--") => return Err(usage(&format!("unknown option {flag}"))),
                    path if file.is_none() => file = Some(path),
                    extra => return Err(usage(&format!("unexpected argument {extra}"))),
                }
            }
            let path = file.ok_or_else(|| usage("run needs a scenario file"))?;
            let scenario = load::scenario_file(path)?;
            let outcome = match trace {
                Some(out) => export::run_with_trace(scenario.clone(), out)?,
                None => report::run_to_end(scenario.clone()),
            };
            Ok(match format {
                Format::Table => report::table(&[(path, &scenario, &outcome)]),
                Format::Json => report::json(&outcome),
                Format::Csv => export::csv(&outcome),
            })
        }
        "compare" => {
            if rest.len() < 2 {
                return Err(usage("compare needs at least two scenario files"));
            }
            let mut runs = Vec::new();
            for path in rest {
                let scenario = load::scenario_file(path)?;
                let outcome = report::run_to_end(scenario.clone());
                runs.push((path.as_str(), scenario, outcome));
            }
            let cols: Vec<_> = runs.iter().map(|(p, s, o)| (*p, s, o)).collect();
            Ok(report::table(&cols))
        }
        "-h" | "--help" | "help" => Ok(format!("{USAGE}\n")),
        other => Err(usage(&format!("unknown command {other}"))),
    }
}
