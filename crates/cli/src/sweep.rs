//! `dirtybit sweep`: a crash at many instants of one run (forks of it), or
//! one knob over a list of values (a full run each), as a table, JSON or CSV.

use dirtybit_sim::sweep::crash_sweep;
use dirtybit_sim::time::Micros;

use crate::{load, usage, Failure};

pub const HELP: &str =
    "usage: dirtybit sweep crash <scenario.json> [--points N] [--downtime-us D] [--json | --csv]
       dirtybit sweep knob <scenario.json> --knob PATH --values V1,V2,... [--json | --csv]

crash: crashes the cache node at N instants (1..=1000, default 100) spread
evenly over the run, each a fork of one run, and prints per instant the
acknowledged writes at risk just before, those the crash lost, the log
records recovery replayed, and how long until the node served again
(downtime D µs, default 50000).

knob: runs the scenario once per value of one field, named by its dotted
path (policy.write_delay_us, policy.batch_size, policy.wal.interval_us,
store.pool_size, cache.capacity, workload.read_percent,
workload.arrivals.interval_us, ...), and prints per value the write p99,
store rows written per second, the most writes at risk at once, and the
writes lost.

Exit codes: 0 done; 2 a bad command line, an unknown knob or a value out of
range (named with what is allowed); 1 a file that cannot be read.
";

#[derive(PartialEq, Clone, Copy)]
enum Format {
    Table,
    Json,
    Csv,
}

fn format_of(flag: &str, f: &mut Format) -> bool {
    match flag {
        "--json" => *f = Format::Json,
        "--csv" => *f = Format::Csv,
        _ => return false,
    }
    true
}

fn number(flag: &str, value: Option<&String>) -> Result<u64, Failure> {
    value
        .ok_or_else(|| usage(&format!("{flag} needs a number")))?
        .parse()
        .map_err(|_| usage(&format!("{flag} must be a whole number 0 or more")))
}

/// `dirtybit sweep ...`.
pub fn run(args: &[String]) -> Result<String, Failure> {
    let (kind, rest) = args
        .split_first()
        .ok_or_else(|| usage("sweep needs `crash` or `knob`"))?;
    match kind.as_str() {
        "crash" => crash(rest),
        "knob" => knob(rest),
        other => Err(usage(&format!("unknown sweep {other}: `crash` or `knob`"))),
    }
}

fn crash(args: &[String]) -> Result<String, Failure> {
    let (mut points, mut downtime, mut format, mut file) =
        (100, dirtybit_sim::fault::CRASH_DOWNTIME_US, Format::Table, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--points" => points = number(a, it.next())?,
            "--downtime-us" => downtime = number(a, it.next())?,
            f if format_of(f, &mut format) => {}
            f if f.starts_with("--") => return Err(usage(&format!("unknown option {f}"))),
            p if file.is_none() => file = Some(p),
            extra => return Err(usage(&format!("unexpected argument {extra}"))),
        }
    }
    let path = file.ok_or_else(|| usage("sweep crash needs a scenario file"))?;
    let scenario = load::scenario_file(path)?;
    let points = usize::try_from(points).unwrap_or(usize::MAX);
    let outcomes = crash_sweep(&scenario, points, downtime).map_err(|e| Failure {
        code: 2,
        message: format!("sweep crash: {e}"),
    })?;
    Ok(match format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string(&outcomes).expect("outcomes serialize")
        ),
        Format::Csv => dirtybit_sim::sweep::csv(&outcomes),
        Format::Table => {
            let mut s = format!(
                "{}\ncrash at        at risk   lost  recovered  back after\n",
                scenario.name
            );
            for o in &outcomes {
                s.push_str(&format!(
                    "{:<14} {:>8} {:>6} {:>10}  {}\n",
                    Micros(o.at_us).to_string(),
                    o.at_risk,
                    o.lost,
                    o.recovered,
                    Micros(o.recovery_us)
                ));
            }
            s
        }
    })
}

fn knob(args: &[String]) -> Result<String, Failure> {
    let (mut path, mut values, mut format, mut file) = (None, None, Format::Table, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--knob" => path = Some(it.next().ok_or_else(|| usage("--knob needs a dotted path"))?),
            "--values" => values = Some(it.next().ok_or_else(|| usage("--values needs a list"))?),
            f if format_of(f, &mut format) => {}
            f if f.starts_with("--") => return Err(usage(&format!("unknown option {f}"))),
            p if file.is_none() => file = Some(p),
            extra => return Err(usage(&format!("unexpected argument {extra}"))),
        }
    }
    let file = file.ok_or_else(|| usage("sweep knob needs a scenario file"))?;
    let path = path.ok_or_else(|| usage("sweep knob needs --knob PATH"))?;
    let values = values.ok_or_else(|| usage("sweep knob needs --values V1,V2,..."))?;
    let scenario = load::scenario_file(file)?;
    let values = dirtybit_sim::json::knob_values(values);
    let points = dirtybit_sim::json::knob_sweep(&scenario, path, &values).map_err(|e| Failure {
        code: 2,
        message: if e.field == *path {
            format!("--knob {path}: {}", e.message)
        } else {
            format!("--knob {path}: {e}")
        },
    })?;
    if points.is_empty() {
        return Err(usage("--values needs at least one value"));
    }
    Ok(match format {
        Format::Json => format!("{}\n", serde_json::to_string(&points).expect("points serialize")),
        Format::Csv => dirtybit_sim::json::knob_csv(path, &points),
        Format::Table => {
            let mut s = format!(
                "{}\n{path:<24} write p99   store rows/s  most at risk  lost\n",
                scenario.name
            );
            for p in &points {
                s.push_str(&format!(
                    "{:<24} {:<11} {:>12.1} {:>13} {:>5}\n",
                    p.value.to_string(),
                    Micros(p.write_p99_us).to_string(),
                    p.store_writes_per_s,
                    p.max_at_risk,
                    p.writes_lost
                ));
            }
            s
        }
    })
}
