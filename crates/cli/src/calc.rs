//! `dirtybit calc`: the reference texts' formulas ([`dirtybit_sim::calc`])
//! from the command line, as text or JSON.

use dirtybit_sim::calc;
use serde::Serialize;

use crate::{usage, Failure};

pub const HELP: &str = "usage: dirtybit calc <calculator> [inputs] [--json]

Calculators (every input is required unless a default is shown):
  net-impact       --reads-per-s R --writes-per-s W --db-read-ms A --db-write-ms B
                   --cache-read-ms C --cache-write-ms D --hit-rate H (0..=1)
                   the write-through performance text's model: direct_ms_per_s,
                   write_through_ms_per_s, improvement_percent,
                   break_even_hit_rate (a fraction), break_even_read_write_ratio
  pool-throughput  --pool N --write-ms W --cache-ms C
                   theoretical_per_s (N x 1000 / (W + C)), practical_per_s (70 %)
  qd1              --device-us T [--overhead-us O (default 0)]
                   ops_per_s at queue depth 1: 1e6 / (T + O)

Exit codes: 0 done; 2 a bad command line (a missing input, a number that is
not one, a value out of range).
";

/// Reads `--name value` pairs into numbers; `--json` is a flag.
struct Inputs<'a> {
    pairs: Vec<(&'a str, f64)>,
    json: bool,
}

fn inputs(args: &[String]) -> Result<Inputs<'_>, Failure> {
    let mut pairs = Vec::new();
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--json" {
            json = true;
            continue;
        }
        let name = a
            .strip_prefix("--")
            .ok_or_else(|| usage(&format!("unexpected argument {a}")))?;
        let value = it
            .next()
            .ok_or_else(|| usage(&format!("--{name} needs a number")))?;
        let x: f64 = value
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| usage(&format!("--{name}: `{value}` is not a number")))?;
        pairs.push((name, x));
    }
    Ok(Inputs { pairs, json })
}

impl Inputs<'_> {
    fn get(&self, name: &str, min: f64, max: f64) -> Result<f64, Failure> {
        let x = self
            .pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, x)| *x)
            .ok_or_else(|| usage(&format!("--{name} is needed")))?;
        if x < min || x > max {
            return Err(usage(&format!("--{name}: must be {min}..={max}, got {x}")));
        }
        Ok(x)
    }

    fn only(&self, known: &[&str]) -> Result<(), Failure> {
        match self.pairs.iter().find(|(n, _)| !known.contains(n)) {
            Some((n, _)) => Err(usage(&format!(
                "unknown input --{n}; this calculator takes --{}",
                known.join(", --")
            ))),
            None => Ok(()),
        }
    }
}

fn print<T: Serialize>(json: bool, value: &T) -> String {
    let v = serde_json::to_value(value).expect("figures serialize");
    if json {
        return format!("{v}\n");
    }
    let mut s = String::new();
    if let serde_json::Value::Object(map) = v {
        for (k, x) in map {
            s.push_str(&format!("{k:<30} {x}\n"));
        }
    }
    s
}

#[derive(Serialize)]
struct NetImpact {
    direct_ms_per_s: f64,
    write_through_ms_per_s: f64,
    improvement_percent: f64,
    break_even_hit_rate: f64,
    break_even_read_write_ratio: f64,
}

#[derive(Serialize)]
struct Pool {
    theoretical_per_s: f64,
    practical_per_s: f64,
}

#[derive(Serialize)]
struct Qd1 {
    ops_per_s: f64,
}

/// `dirtybit calc ...`.
pub fn run(args: &[String]) -> Result<String, Failure> {
    let (which, rest) = args
        .split_first()
        .ok_or_else(|| usage("calc needs a calculator: see dirtybit calc --help"))?;
    let i = inputs(rest)?;
    const BIG: f64 = 1e12;
    match which.as_str() {
        "net-impact" => {
            i.only(&[
                "reads-per-s",
                "writes-per-s",
                "db-read-ms",
                "db-write-ms",
                "cache-read-ms",
                "cache-write-ms",
                "hit-rate",
            ])?;
            let w = calc::Workload {
                reads_per_s: i.get("reads-per-s", 0.0, BIG)?,
                writes_per_s: i.get("writes-per-s", 0.0, BIG)?,
                db_read_ms: i.get("db-read-ms", 0.0, BIG)?,
                db_write_ms: i.get("db-write-ms", 0.0, BIG)?,
                cache_read_ms: i.get("cache-read-ms", 0.0, BIG)?,
                cache_write_ms: i.get("cache-write-ms", 0.0, BIG)?,
                hit_rate: i.get("hit-rate", 0.0, 1.0)?,
            };
            let n = calc::net_impact(&w);
            Ok(print(
                i.json,
                &NetImpact {
                    direct_ms_per_s: n.direct_ms_per_s,
                    write_through_ms_per_s: n.write_through_ms_per_s,
                    improvement_percent: n.improvement_percent,
                    break_even_hit_rate: n.break_even_hit_rate,
                    break_even_read_write_ratio: n.break_even_read_write_ratio,
                },
            ))
        }
        "pool-throughput" => {
            i.only(&["pool", "write-ms", "cache-ms"])?;
            let pool = i.get("pool", 1.0, 1e6)?;
            let p = calc::pool_throughput(
                pool as u32,
                i.get("write-ms", 0.001, BIG)?,
                i.get("cache-ms", 0.0, BIG)?,
            );
            Ok(print(
                i.json,
                &Pool {
                    theoretical_per_s: p.theoretical_per_s,
                    practical_per_s: p.practical_per_s,
                },
            ))
        }
        "qd1" => {
            i.only(&["device-us", "overhead-us"])?;
            let overhead = if i.pairs.iter().any(|(n, _)| *n == "overhead-us") {
                i.get("overhead-us", 0.0, BIG)?
            } else {
                0.0
            };
            let ops = calc::qd1_ops_per_s(i.get("device-us", 0.001, BIG)?, overhead);
            Ok(print(i.json, &Qd1 { ops_per_s: ops }))
        }
        other => Err(usage(&format!(
            "unknown calculator {other}: net-impact, pool-throughput or qd1 (dirtybit calc --help)"
        ))),
    }
}
