//! The figures a lesson may show in its narration and ask about: each read
//! from the model's views, its metrics or the event that ended a step, so a
//! number in a lesson is always the run's, never the lesson file's.

use dirtybit_sim::cache::EntryState;
use dirtybit_sim::event::EventKind;
use dirtybit_sim::{Event, Key, Sim};
use serde::Deserialize;

/// A figure of the run at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Figure {
    /// Acknowledged writes a crash now would lose ([`Sim::crash_would_lose`]).
    AtRisk,
    /// Entries waiting in the flush queues.
    Queued,
    /// Cache entries holding an acknowledged write the store lacks.
    Dirty,
    /// Entries the cache holds.
    CacheHeld,
    /// The run's clock, in ms.
    NowMs,
    /// Reads answered or failed.
    Reads,
    /// Cache hits.
    Hits,
    /// Cache misses.
    Misses,
    /// Reads that returned a version older than the store's.
    StaleReads,
    /// Misses that joined a load already in flight.
    JoinedLoads,
    /// Writes acknowledged to clients.
    WritesAcked,
    /// Writes that failed (store down, node down, queue full).
    WritesFailed,
    /// Writes refused by a full queue.
    WritesRejected,
    /// Writes that waited for room in a full queue.
    WritesBlocked,
    /// Reads the store executed.
    StoreReads,
    /// Rows the store wrote.
    StoreWrites,
    /// Round trips that carried those rows.
    StoreWriteTrips,
    /// Client writes that reached the store.
    WritesStored,
    /// Flushes sent.
    Flushes,
    /// Flushes that failed.
    FlushFailures,
    /// Entries evicted.
    Evictions,
    /// Acknowledged writes lost, for any reason.
    WritesLost,
    /// Acknowledged writes lost in crashes.
    WritesLostInCrashes,
    /// Log records replayed by recovery.
    Recovered,
    /// Crashes so far.
    Crashes,
    /// Hits per read answered from the cache or the store, in percent.
    HitPercent,
    /// Client writes stored per row the store wrote.
    CoalescingRatio,
    /// Operations answered per second of the run's time.
    ThroughputPerS,
    /// Median write latency, in ms.
    WriteP50Ms,
    /// 99th-percentile write latency, in ms.
    WriteP99Ms,
    /// Mean write latency, in ms.
    WriteMeanMs,
    /// Median read latency, in ms.
    ReadP50Ms,
    /// 99th-percentile read latency, in ms.
    ReadP99Ms,
    /// Mean read latency, in ms.
    ReadMeanMs,
    /// The longest a read has been stale, in ms.
    MaxStalenessMs,
    /// The version the cache holds of `key` (0 if none).
    CacheVersion,
    /// The version the store holds of `key` (0 if none).
    StoreVersion,
    /// The value the cache holds of `key` (0 if none).
    CacheValue,
    /// The value the store holds of `key` (0 if none).
    StoreValue,
    /// The key of the event that ended the step.
    EventKey,
    /// The version that event carried (a hit's, a read's answer, a write's).
    EventVersion,
    /// The latency that event reports (a read's or write's answer), in ms.
    EventLatencyMs,
    /// The rows that event carried (a flush, a store batch).
    EventRows,
    /// The client writes that event carried (a flush, a store batch).
    EventWrites,
    /// The writes that event lost (a crash).
    EventLost,
    /// The log records that event replayed (a restart).
    EventReplayed,
}

/// Every figure with its name, for narration placeholders and messages.
pub const FIGURES: [(&str, Figure); 46] = [
    ("at-risk", Figure::AtRisk),
    ("queued", Figure::Queued),
    ("dirty", Figure::Dirty),
    ("cache-held", Figure::CacheHeld),
    ("now-ms", Figure::NowMs),
    ("reads", Figure::Reads),
    ("hits", Figure::Hits),
    ("misses", Figure::Misses),
    ("stale-reads", Figure::StaleReads),
    ("joined-loads", Figure::JoinedLoads),
    ("writes-acked", Figure::WritesAcked),
    ("writes-failed", Figure::WritesFailed),
    ("writes-rejected", Figure::WritesRejected),
    ("writes-blocked", Figure::WritesBlocked),
    ("store-reads", Figure::StoreReads),
    ("store-writes", Figure::StoreWrites),
    ("store-write-trips", Figure::StoreWriteTrips),
    ("writes-stored", Figure::WritesStored),
    ("flushes", Figure::Flushes),
    ("flush-failures", Figure::FlushFailures),
    ("evictions", Figure::Evictions),
    ("writes-lost", Figure::WritesLost),
    ("writes-lost-in-crashes", Figure::WritesLostInCrashes),
    ("recovered", Figure::Recovered),
    ("crashes", Figure::Crashes),
    ("hit-percent", Figure::HitPercent),
    ("coalescing-ratio", Figure::CoalescingRatio),
    ("throughput-per-s", Figure::ThroughputPerS),
    ("write-p50-ms", Figure::WriteP50Ms),
    ("write-p99-ms", Figure::WriteP99Ms),
    ("write-mean-ms", Figure::WriteMeanMs),
    ("read-p50-ms", Figure::ReadP50Ms),
    ("read-p99-ms", Figure::ReadP99Ms),
    ("read-mean-ms", Figure::ReadMeanMs),
    ("max-staleness-ms", Figure::MaxStalenessMs),
    ("cache-version", Figure::CacheVersion),
    ("store-version", Figure::StoreVersion),
    ("cache-value", Figure::CacheValue),
    ("store-value", Figure::StoreValue),
    ("event-key", Figure::EventKey),
    ("event-version", Figure::EventVersion),
    ("event-latency-ms", Figure::EventLatencyMs),
    ("event-rows", Figure::EventRows),
    ("event-writes", Figure::EventWrites),
    ("event-lost", Figure::EventLost),
    ("event-replayed", Figure::EventReplayed),
];

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

impl Figure {
    /// The figure called `name` (`at-risk`, `store-writes`, ...).
    #[must_use]
    pub fn named(name: &str) -> Option<Figure> {
        FIGURES.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// Its name in lesson files.
    #[must_use]
    pub fn name(self) -> &'static str {
        FIGURES.iter().find(|(_, f)| *f == self).map_or("", |(n, _)| n)
    }

    /// What it counts, in words (`writes lost in crashes`, `p99 write, ms`).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Figure::AtRisk => "writes a crash would lose",
            Figure::Queued => "entries queued",
            Figure::Dirty => "dirty entries",
            Figure::CacheHeld => "entries cached",
            Figure::NowMs => "time, ms",
            Figure::Reads => "reads",
            Figure::Hits => "hits",
            Figure::Misses => "misses",
            Figure::StaleReads => "stale reads",
            Figure::JoinedLoads => "joined loads",
            Figure::WritesAcked => "writes acknowledged",
            Figure::WritesFailed => "writes failed",
            Figure::WritesRejected => "writes refused",
            Figure::WritesBlocked => "writers blocked",
            Figure::StoreReads => "store reads",
            Figure::StoreWrites => "store rows written",
            Figure::StoreWriteTrips => "store round trips",
            Figure::WritesStored => "client writes stored",
            Figure::Flushes => "flushes",
            Figure::FlushFailures => "failed flushes",
            Figure::Evictions => "evictions",
            Figure::WritesLost => "writes lost",
            Figure::WritesLostInCrashes => "writes lost in crashes",
            Figure::Recovered => "records recovered",
            Figure::Crashes => "crashes",
            Figure::HitPercent => "hit ratio, %",
            Figure::CoalescingRatio => "client writes per store row",
            Figure::ThroughputPerS => "operations per second",
            Figure::WriteP50Ms => "median write, ms",
            Figure::WriteP99Ms => "p99 write, ms",
            Figure::WriteMeanMs => "mean write, ms",
            Figure::ReadP50Ms => "median read, ms",
            Figure::ReadP99Ms => "p99 read, ms",
            Figure::ReadMeanMs => "mean read, ms",
            Figure::MaxStalenessMs => "longest staleness, ms",
            Figure::CacheVersion => "the cache's version",
            Figure::StoreVersion => "the store's version",
            Figure::CacheValue => "the cache's value",
            Figure::StoreValue => "the store's value",
            Figure::EventKey => "the key",
            Figure::EventVersion => "the version",
            Figure::EventLatencyMs => "latency, ms",
            Figure::EventRows => "rows",
            Figure::EventWrites => "client writes",
            Figure::EventLost => "writes lost",
            Figure::EventReplayed => "records replayed",
        }
    }

    /// True for the figures that need a `key`.
    #[must_use]
    pub fn needs_key(self) -> bool {
        matches!(
            self,
            Figure::CacheVersion | Figure::StoreVersion | Figure::CacheValue | Figure::StoreValue
        )
    }

    /// True for the figures read from the event that ended a step.
    #[must_use]
    pub fn needs_event(self) -> bool {
        self.name().starts_with("event-")
    }

    /// True for figures in milliseconds (shown with up to 3 decimals).
    #[must_use]
    pub fn in_ms(self) -> bool {
        self.name().ends_with("-ms")
    }

    /// The figure now; `None` when it does not apply (an event figure with
    /// no event, or an event of a kind that does not carry it).
    #[must_use]
    pub fn measure(self, sim: &Sim, key: Option<Key>, event: Option<&Event>) -> Option<f64> {
        let m = sim.metrics();
        let n = |v: u64| Some(v as f64);
        match self {
            Figure::AtRisk => n(sim.crash_would_lose().len() as u64),
            Figure::Queued => n(sim.behind_totals().map_or(0, |t| t.queued as u64)),
            Figure::Dirty => n(sim
                .cache_entries()
                .iter()
                .filter(|e| matches!(e.state, EntryState::Dirty | EntryState::Flushing))
                .count() as u64),
            Figure::CacheHeld => n(sim.cache_held().0 as u64),
            Figure::NowMs => Some(ms(sim.now().0)),
            Figure::Reads => n(m.reads),
            Figure::Hits => n(m.hits),
            Figure::Misses => n(m.misses),
            Figure::StaleReads => n(m.stale_reads),
            Figure::JoinedLoads => n(m.joined_loads),
            Figure::WritesAcked => n(m.writes_acked),
            Figure::WritesFailed => n(m.writes_failed),
            Figure::WritesRejected => n(m.writes_rejected),
            Figure::WritesBlocked => n(m.writes_blocked),
            Figure::StoreReads => n(m.store_reads),
            Figure::StoreWrites => n(m.store_writes),
            Figure::StoreWriteTrips => n(m.store_write_trips),
            Figure::WritesStored => n(m.writes_stored),
            Figure::Flushes => n(m.flushes),
            Figure::FlushFailures => n(m.flush_failures),
            Figure::Evictions => n(m.evictions),
            Figure::WritesLost => n(m.writes_lost),
            Figure::WritesLostInCrashes => n(m.writes_lost_in_crashes),
            Figure::Recovered => n(m.recovered),
            Figure::Crashes => n(m.crashes),
            Figure::HitPercent => Some(m.hit_ratio() * 100.0),
            Figure::CoalescingRatio => Some(m.coalescing_ratio()),
            Figure::ThroughputPerS => Some(m.throughput_per_s(sim.now())),
            Figure::WriteP50Ms => Some(ms(m.write_latency.percentile(50.0).0)),
            Figure::WriteP99Ms => Some(ms(m.write_latency.percentile(99.0).0)),
            Figure::WriteMeanMs => Some(ms(m.write_latency.mean().0)),
            Figure::ReadP50Ms => Some(ms(m.read_latency.percentile(50.0).0)),
            Figure::ReadP99Ms => Some(ms(m.read_latency.percentile(99.0).0)),
            Figure::ReadMeanMs => Some(ms(m.read_latency.mean().0)),
            Figure::MaxStalenessMs => Some(ms(m.max_staleness_us)),
            Figure::CacheVersion => {
                let key = key?;
                let held = sim.cache_entries().into_iter().find(|e| e.key == key);
                n(held.and_then(|e| e.held).map_or(0, |v| v.version.0))
            }
            Figure::StoreVersion => n(sim.store().version(key?).0),
            Figure::CacheValue => {
                let key = key?;
                let held = sim.cache_entries().into_iter().find(|e| e.key == key);
                n(held.and_then(|e| e.held).map_or(0, |v| v.value.0))
            }
            Figure::StoreValue => n(sim.store().read(key?).map_or(0, |v| v.value.0)),
            Figure::EventKey => Some(f64::from(event?.kind.key()?.0)),
            Figure::EventVersion => event_version(&event?.kind),
            Figure::EventLatencyMs => match event?.kind {
                EventKind::ReadReturned { latency, .. }
                | EventKind::WriteAcked { latency, .. }
                | EventKind::Failed { latency, .. } => Some(ms(latency.0)),
                _ => None,
            },
            Figure::EventRows => match &event?.kind {
                EventKind::StoreBatchWrote { entries, .. } | EventKind::FlushSent { entries, .. } => {
                    n(entries.len() as u64)
                }
                EventKind::FlushAcked { entries, .. } => n(u64::from(*entries)),
                EventKind::StoreWrote { .. } => n(1),
                _ => None,
            },
            Figure::EventWrites => match &event?.kind {
                EventKind::StoreBatchWrote { writes, .. } | EventKind::FlushSent { writes, .. } => {
                    n(u64::from(*writes))
                }
                _ => None,
            },
            Figure::EventLost => match &event?.kind {
                EventKind::Crashed { lost, .. }
                | EventKind::FlushOrphaned { lost, .. }
                | EventKind::StoreCrashed { lost, .. }
                | EventKind::PrimaryLost { lost, .. } => n(lost.len() as u64),
                _ => None,
            },
            Figure::EventReplayed => match event?.kind {
                EventKind::Restarted { replayed } => n(u64::from(replayed)),
                _ => None,
            },
        }
    }

    /// `value` as the narration shows it: whole numbers plainly, times in
    /// ms with up to 3 decimals, ratios and percentages with 1.
    #[must_use]
    pub fn format(self, value: f64) -> String {
        if self.in_ms() {
            decimal(value, 3)
        } else if matches!(
            self,
            Figure::HitPercent | Figure::CoalescingRatio | Figure::ThroughputPerS
        ) {
            decimal(value, 1)
        } else {
            decimal(value, 0)
        }
    }
}

pub use dirtybit_sim::decimal::trimmed as decimal;

fn event_version(kind: &EventKind) -> Option<f64> {
    let v = match kind {
        EventKind::Hit { value, .. }
        | EventKind::CacheUpdated { value, .. }
        | EventKind::AppSet { value, .. }
        | EventKind::AckedBeforeCacheSet { value, .. } => value.version,
        EventKind::ReadReturned { value, .. } => value.map_or(dirtybit_sim::Version(0), |v| v.version),
        EventKind::Filled { found, .. } | EventKind::StoreRead { found, .. } => {
            found.map_or(dirtybit_sim::Version(0), |v| v.version)
        }
        EventKind::StoreWrote { version, .. } | EventKind::Accepted { version, .. } => *version,
        _ => return None,
    };
    Some(v.0 as f64)
}

/// One piece of narration: text, or a figure to fill in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Words as written.
    Text(&'a str),
    /// `{name}` or `{name:K}`: a figure of the run now.
    Figure(Figure, Option<Key>),
}

/// Splits narration into text and `{figure}` / `{figure:K}` placeholders
/// (a brace not followed by a lowercase letter is text, as in `{"mode": ...}`);
/// an error names the placeholder that is not a figure (or needs a key, or
/// reads an event, which narration cannot).
pub fn pieces(text: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if !after.starts_with(|c: char| c.is_ascii_lowercase()) {
            // Not a placeholder (`{"mode": ...}` in prose): text up to and with the brace.
            out.push(Piece::Text(&rest[..=open]));
            rest = after;
            continue;
        }
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let close = after
            .find('}')
            .ok_or_else(|| format!("a `{{` with no `}}` after \"{}\"", &rest[..open]))?;
        let inner = &after[..close];
        let (name, key) = match inner.split_once(':') {
            Some((n, k)) => {
                let key = k
                    .parse::<u32>()
                    .map_err(|_| format!("`{{{inner}}}`: the key after `:` must be a whole number"))?;
                (n, Some(Key(key)))
            }
            None => (inner, None),
        };
        let figure = Figure::named(name).ok_or_else(|| {
            format!(
                "`{{{inner}}}` is not a figure; the figures are {}",
                FIGURES.map(|(n, _)| n).join(", ")
            )
        })?;
        if figure.needs_event() {
            return Err(format!("`{{{inner}}}` reads an event, which narration cannot"));
        }
        if figure.needs_key() != key.is_some() {
            return Err(match key {
                None => format!("`{{{inner}}}` needs a key: `{{{name}:3}}`"),
                Some(_) => format!("`{{{inner}}}` takes no key"),
            });
        }
        out.push(Piece::Figure(figure, key));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// The narration with its figures filled in from the run now (a
/// placeholder that does not parse is left as written: lessons are checked
/// when loaded).
#[must_use]
pub fn narrate(text: &str, sim: &Sim) -> String {
    match pieces(text) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_string(),
                Piece::Figure(f, key) => f
                    .measure(sim, key, None)
                    .map_or_else(String::new, |v| f.format(v)),
            })
            .collect(),
        Err(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narration_placeholders_name_a_figure_and_a_key_where_one_is_needed() {
        assert_eq!(
            pieces("a {at-risk} b {store-version:3}").unwrap(),
            [
                Piece::Text("a "),
                Piece::Figure(Figure::AtRisk, None),
                Piece::Text(" b "),
                Piece::Figure(Figure::StoreVersion, Some(Key(3)))
            ]
        );
        assert_eq!(
            pieces(r#"set {"mode": "none"}"#).unwrap().len(),
            2,
            "a brace before a quote is text"
        );
        for (bad, says) in [
            ("{at-rsk}", "is not a figure"),
            ("{store-version}", "needs a key"),
            ("{hits:2}", "takes no key"),
            ("{event-lost}", "reads an event"),
            ("{hits", "with no `}`"),
            ("{store-value:x}", "must be a whole number"),
        ] {
            let e = pieces(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        let names: Vec<&str> = FIGURES.iter().map(|(n, _)| *n).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "every figure has its own name");
        for (name, f) in FIGURES {
            assert_eq!(Figure::named(name), Some(f));
            assert_eq!(f.name(), name);
            assert!(!f.label().is_empty());
        }
    }
}
