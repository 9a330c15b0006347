//! The durability ledger: for every write the system took on, when it was
//! acknowledged, when it became durable (in the store, or fsynced in the
//! log), and whether a crash lost it or recovery replayed it.
//!
//! Memory stays bounded by what is open: a record is kept while its write is
//! unacknowledged or not durable; once both, it is counted and only the
//! latest [`Ledger::RECENT`] settled records are kept for display. Lost
//! records are kept (up to [`Ledger::LOST_KEPT`]) so a crash can be explained.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::storage::Layer;
use crate::time::SimTime;
use crate::{Key, OpId, Value, Version};

/// Numbers every write the system accepts, in acceptance order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct WriteId(pub u64);

/// Where a write became durable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Durability {
    /// The store committed it (or a newer write to the same key).
    Store,
    /// An fsync put it in the write-ahead log.
    Log,
}

/// The life of one write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WriteRecord {
    /// Its number.
    pub id: WriteId,
    /// The request that made it.
    pub op: OpId,
    /// Its key.
    pub key: Key,
    /// Its value.
    pub value: Value,
    /// Its version.
    pub version: Version,
    /// When the system took it on.
    pub accepted_at: SimTime,
    /// When the client was told it succeeded.
    pub acked_at: Option<SimTime>,
    /// When it became durable, and where.
    pub durable: Option<(SimTime, Durability)>,
    /// It became durable because a newer write of its key did (coalesced
    /// away: the store never held this value itself).
    pub superseded: bool,
    /// When a crash (or a dropped flush) lost it.
    pub lost_at: Option<SimTime>,
    /// The deepest layer below the store it reached (`None`: it has not
    /// reached the store, or the store has no layers). A lost record's says
    /// where it was lost from.
    pub layer: Option<Layer>,
    /// Lost when the primary was lost: the standby had not received it.
    pub failed_over: bool,
}

impl WriteRecord {
    /// Acknowledged and not durable: a crash now could lose it.
    #[must_use]
    pub fn at_risk(&self) -> bool {
        self.acked_at.is_some() && self.durable.is_none() && self.lost_at.is_none()
    }
}

/// Totals of the ledger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LedgerCounts {
    /// Writes acknowledged to clients.
    pub acked: u64,
    /// Acknowledged writes that became durable.
    pub acked_durable: u64,
    /// Acknowledged writes lost.
    pub lost: u64,
    /// Of them, those a crash below the store took, by the layer they were
    /// lost from: the log buffer, the page cache, the device's cache.
    pub lost_below: [u64; 3],
    /// Of them, those lost with the primary: its standby had not received them.
    pub lost_failover: u64,
    /// Log records replayed into the store by recovery.
    pub recovered: u64,
}

impl LedgerCounts {
    /// Acknowledged writes neither durable nor lost: at risk now.
    #[must_use]
    pub fn at_risk(&self) -> u64 {
        self.acked - self.acked_durable - self.lost
    }
}

/// The ledger: the open records of each key, oldest version first.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    open: Vec<VecDeque<WriteRecord>>,
    recent: VecDeque<WriteRecord>,
    lost: VecDeque<WriteRecord>,
    counts: LedgerCounts,
    next_id: u64,
}

impl Ledger {
    /// How many settled records are kept for display.
    pub const RECENT: usize = 64;
    /// How many lost records are kept.
    pub const LOST_KEPT: usize = 10_000;

    /// An empty ledger for keys `0..keys`.
    #[must_use]
    pub fn new(keys: u32) -> Self {
        Ledger {
            open: alloc::vec![VecDeque::new(); keys as usize],
            ..Ledger::default()
        }
    }

    fn find(&mut self, key: Key, version: Version) -> Option<&mut WriteRecord> {
        self.open[key.0 as usize]
            .iter_mut()
            .rev()
            .find(|r| r.version == version)
    }

    /// Records a write the system just took on; returns its number. A key's
    /// writes are taken on in version order.
    pub fn accept(&mut self, op: OpId, key: Key, value: Value, version: Version, now: SimTime) -> WriteId {
        self.next_id += 1;
        let id = WriteId(self.next_id);
        let records = &mut self.open[key.0 as usize];
        debug_assert!(
            records.back().is_none_or(|r| r.version < version),
            "versions out of order"
        );
        records.push_back(WriteRecord {
            id,
            op,
            key,
            value,
            version,
            accepted_at: now,
            acked_at: None,
            durable: None,
            superseded: false,
            lost_at: None,
            layer: None,
            failed_over: false,
        });
        id
    }

    /// The client was told the write of `key` at `version` succeeded. A
    /// write a crash below the store took before its answer left counts as
    /// acknowledged and lost.
    pub fn ack(&mut self, key: Key, version: Version, now: SimTime) {
        let Some(r) = self.find(key, version) else {
            let lost = self
                .lost
                .iter_mut()
                .rev()
                .find(|r| r.key == key && r.version == version && r.acked_at.is_none());
            if let Some(r) = lost {
                r.acked_at = Some(now);
                let r = *r;
                self.counts.acked += 1;
                self.count_lost(&r);
            }
            return;
        };
        r.acked_at = Some(now);
        let durable = r.durable.is_some();
        self.counts.acked += 1;
        if durable {
            self.counts.acked_durable += 1;
            self.settle(key);
        }
    }

    /// The write will never be acknowledged (it failed): forget it.
    pub fn abandon(&mut self, key: Key, version: Version) {
        self.open[key.0 as usize].retain(|r| r.version != version);
        self.lost
            .retain(|r| !(r.key == key && r.version == version && r.acked_at.is_none()));
    }

    /// Counts an acknowledged write lost: with the primary, or from the
    /// layer below the store it was in, if it had reached one.
    fn count_lost(&mut self, r: &WriteRecord) {
        self.counts.lost += 1;
        if r.failed_over {
            self.counts.lost_failover += 1;
            return;
        }
        let below = match r.layer {
            Some(Layer::Process) => 0,
            Some(Layer::PageCache) => 1,
            Some(Layer::DeviceCache) => 2,
            Some(Layer::Medium) | None => return,
        };
        self.counts.lost_below[below] += 1;
    }

    /// The store's write of `key` at `version` reached `layer` below it (a
    /// commit, a write-back, a destage); so did the older open writes it
    /// overwrote.
    pub fn reached(&mut self, key: Key, version: Version, layer: Layer) {
        for r in self.open[key.0 as usize].iter_mut() {
            if r.version > version {
                break;
            }
            if r.durable.is_none() && r.layer.is_none_or(|l| l < layer) {
                r.layer = Some(layer);
            }
        }
    }

    /// A crash below the store took the versions of `key` after `kept` up
    /// to `upto` from `layer`: every such write not yet durable is lost
    /// (one whose answer has not left yet counts when it does). Returns them.
    pub fn lose_below(
        &mut self,
        key: Key,
        kept: Version,
        upto: Version,
        layer: Layer,
        now: SimTime,
    ) -> Vec<WriteRecord> {
        self.lose_after(key, kept, upto, now, |r| WriteRecord {
            layer: Some(layer),
            ..r
        })
    }

    /// The primary was lost and its standby, promoted, holds `key` at
    /// `kept`: the versions after it up to `upto` not yet durable are lost
    /// (as [`Ledger::lose_below`]). Returns them.
    pub fn lose_failover(
        &mut self,
        key: Key,
        kept: Version,
        upto: Version,
        now: SimTime,
    ) -> Vec<WriteRecord> {
        self.lose_after(key, kept, upto, now, |r| WriteRecord {
            failed_over: true,
            ..r
        })
    }

    fn lose_after(
        &mut self,
        key: Key,
        kept: Version,
        upto: Version,
        now: SimTime,
        mark: impl Fn(WriteRecord) -> WriteRecord,
    ) -> Vec<WriteRecord> {
        let records = &mut self.open[key.0 as usize];
        let mut gone = Vec::new();
        let mut i = 0;
        while i < records.len() {
            let r = records[i];
            if r.version > kept && r.version <= upto && r.durable.is_none() {
                records.remove(i);
                gone.push(mark(WriteRecord {
                    lost_at: Some(now),
                    ..r
                }));
            } else {
                i += 1;
            }
        }
        for r in &gone {
            if r.acked_at.is_some() {
                self.count_lost(r);
            }
            if self.lost.len() == Self::LOST_KEPT {
                self.lost.pop_front();
            }
            self.lost.push_back(*r);
        }
        gone
    }

    /// The store holds `key` at `version`: that write and every older open
    /// write of the key (superseded) are durable.
    pub fn durable_in_store(&mut self, key: Key, version: Version, now: SimTime) {
        self.mark_durable(key, Version(0), version, now, Durability::Store);
    }

    /// An fsync made the logged write of `key` at `version` durable.
    pub fn durable_in_log(&mut self, key: Key, version: Version, now: SimTime) {
        self.mark_durable(key, version, version, now, Durability::Log);
    }

    fn mark_durable(&mut self, key: Key, from: Version, to: Version, now: SimTime, via: Durability) {
        let mut any = false;
        for r in self.open[key.0 as usize].iter_mut() {
            if r.version < from {
                continue;
            }
            if r.version > to {
                break;
            }
            // (A lost record has left `open`: only durability decides.)
            if r.durable.is_none() {
                r.durable = Some((now, via));
                r.superseded = r.version < to;
                if r.acked_at.is_some() {
                    self.counts.acked_durable += 1;
                    any = true;
                }
            }
        }
        if any {
            self.settle(key);
        }
    }

    /// Loses an acknowledged, not yet durable write (a crash, a dropped batch).
    pub fn lose(&mut self, key: Key, version: Version, now: SimTime) -> Option<WriteRecord> {
        let records = &mut self.open[key.0 as usize];
        let i = records.iter().position(|r| r.version == version && r.at_risk())?;
        let mut r = records.remove(i)?;
        r.lost_at = Some(now);
        self.counts.lost += 1;
        if self.lost.len() == Self::LOST_KEPT {
            self.lost.pop_front();
        }
        self.lost.push_back(r);
        Some(r)
    }

    /// Loses every acknowledged, not durable write of `key` up to `version`
    /// (a flush entry carries its coalesced predecessors).
    pub fn lose_upto(&mut self, key: Key, version: Version, now: SimTime) -> Vec<WriteRecord> {
        let versions: Vec<Version> = self.open[key.0 as usize]
            .iter()
            .filter(|r| r.version <= version && r.at_risk())
            .map(|r| r.version)
            .collect();
        versions
            .into_iter()
            .filter_map(|v| self.lose(key, v, now))
            .collect()
    }

    /// Counts a log record replayed into the store by recovery.
    pub fn recovered(&mut self) {
        self.counts.recovered += 1;
    }

    /// Moves the key's settled records (acknowledged and durable) to `recent`.
    fn settle(&mut self, key: Key) {
        let records = &mut self.open[key.0 as usize];
        while let Some(i) = records
            .iter()
            .position(|r| r.acked_at.is_some() && r.durable.is_some())
        {
            let Some(r) = records.remove(i) else { break };
            if self.recent.len() == Self::RECENT {
                self.recent.pop_front();
            }
            self.recent.push_back(r);
        }
    }

    fn all_open(&self) -> impl Iterator<Item = &WriteRecord> + '_ {
        self.open.iter().flatten()
    }

    /// Acknowledged writes that are not durable, oldest acknowledgement first.
    #[must_use]
    pub fn at_risk(&self) -> Vec<WriteRecord> {
        let mut v: Vec<_> = self.all_open().filter(|r| r.at_risk()).copied().collect();
        v.sort_by_key(|r| (r.acked_at, r.id));
        v
    }

    /// The acknowledged, not durable write acknowledged longest ago.
    #[must_use]
    pub fn oldest_at_risk(&self) -> Option<WriteRecord> {
        self.all_open()
            .filter(|r| r.at_risk())
            .min_by_key(|r| (r.acked_at, r.id))
            .copied()
    }

    /// The latest settled records (acknowledged and durable), oldest first.
    pub fn recent(&self) -> impl Iterator<Item = &WriteRecord> + '_ {
        self.recent.iter()
    }

    /// Lost writes, oldest first (the latest [`Ledger::LOST_KEPT`]).
    pub fn lost(&self) -> impl Iterator<Item = &WriteRecord> + '_ {
        self.lost.iter()
    }

    /// Totals.
    #[must_use]
    pub fn counts(&self) -> LedgerCounts {
        self.counts
    }

    /// How many records are open (not yet acknowledged, or not durable):
    /// what the ledger holds besides its bounded lists.
    #[must_use]
    pub fn open_len(&self) -> usize {
        self.open.iter().map(VecDeque::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(us: u64) -> SimTime {
        SimTime(us)
    }

    #[test]
    fn a_write_settles_once_acknowledged_and_durable() {
        let mut l = Ledger::new(4);
        l.accept(OpId(1), Key(0), Value(5), Version(2), t(0));
        l.ack(Key(0), Version(2), t(1));
        assert_eq!(l.oldest_at_risk().map(|r| r.value), Some(Value(5)));
        l.durable_in_store(Key(0), Version(2), t(9));
        assert!(l.at_risk().is_empty());
        let settled: Vec<_> = l.recent().collect();
        assert_eq!(settled[0].durable, Some((t(9), Durability::Store)));
        assert_eq!(l.counts().acked_durable, 1);
    }

    #[test]
    fn a_newer_durable_write_makes_older_ones_durable_as_superseded() {
        let mut l = Ledger::new(4);
        for (v, at) in [(2, 0), (3, 1)] {
            l.accept(OpId(v), Key(0), Value(v), Version(v), t(at));
            l.ack(Key(0), Version(v), t(at));
        }
        l.durable_in_store(Key(0), Version(3), t(10));
        let settled: Vec<_> = l.recent().map(|r| (r.version, r.superseded)).collect();
        assert_eq!(settled, [(Version(2), true), (Version(3), false)]);
    }

    #[test]
    fn writes_are_numbered_in_order_and_acknowledgements_counted() {
        let mut l = Ledger::new(4);
        assert_eq!(l.accept(OpId(1), Key(0), Value(1), Version(2), t(0)), WriteId(1));
        assert_eq!(l.accept(OpId(2), Key(1), Value(2), Version(2), t(0)), WriteId(2));
        assert_eq!(l.accept(OpId(3), Key(0), Value(3), Version(3), t(0)), WriteId(3));
        l.ack(Key(0), Version(2), t(1));
        l.ack(Key(1), Version(2), t(1));
        assert_eq!(l.counts().acked, 2);
        assert_eq!(l.open_len(), 3);
    }

    #[test]
    fn a_failed_write_is_forgotten() {
        let mut l = Ledger::new(4);
        l.accept(OpId(1), Key(0), Value(1), Version(2), t(0));
        l.accept(OpId(2), Key(0), Value(2), Version(3), t(0));
        l.abandon(Key(0), Version(2));
        assert_eq!(l.open_len(), 1, "only the other write is open");
        l.ack(Key(0), Version(3), t(1));
        l.durable_in_store(Key(0), Version(3), t(2));
        assert_eq!(l.open_len(), 0, "nothing is left behind");
        assert_eq!(l.recent().map(|r| r.version).collect::<Vec<_>>(), [Version(3)]);
    }

    #[test]
    fn a_crash_loses_the_version_it_names_and_up_to_it_only_those_at_risk() {
        let mut l = Ledger::new(4);
        for v in 2..=5 {
            l.accept(OpId(v), Key(0), Value(v * 10), Version(v), t(v));
            l.ack(Key(0), Version(v), t(v));
        }
        // One named version: that one, not another.
        let lost = l.lose(Key(0), Version(4), t(9)).unwrap();
        assert_eq!((lost.version, lost.value), (Version(4), Value(40)));
        // Up to v3: v2 and v3, not v5 (newer) and not v4 (already lost).
        let upto: Vec<_> = l
            .lose_upto(Key(0), Version(3), t(9))
            .iter()
            .map(|r| r.version)
            .collect();
        assert_eq!(upto, [Version(2), Version(3)]);
        assert_eq!(
            l.at_risk().iter().map(|r| r.version).collect::<Vec<_>>(),
            [Version(5)]
        );
        assert_eq!(l.counts().lost, 3);
        // Every loss is kept to explain the crash, in the order lost.
        let kept: Vec<_> = l.lost().map(|r| r.version).collect();
        assert_eq!(kept, [Version(4), Version(2), Version(3)]);
    }

    #[test]
    fn a_write_durable_in_the_log_stays_durable_from_then_even_when_the_store_has_it_later() {
        let mut l = Ledger::new(4);
        l.accept(OpId(1), Key(0), Value(1), Version(2), t(0));
        l.durable_in_log(Key(0), Version(2), t(1));
        // The store commits it before the client hears back.
        l.durable_in_store(Key(0), Version(2), t(5));
        l.ack(Key(0), Version(2), t(6));
        let settled: Vec<_> = l.recent().map(|r| r.durable).collect();
        assert_eq!(settled, [Some((t(1), Durability::Log))]);
        assert_eq!(l.counts().acked_durable, 1);
    }

    #[test]
    fn only_acknowledged_writes_durable_nowhere_can_be_lost() {
        let mut l = Ledger::new(4);
        l.accept(OpId(1), Key(0), Value(1), Version(2), t(0));
        assert!(l.lose(Key(0), Version(2), t(1)).is_none(), "not acknowledged yet");
        l.ack(Key(0), Version(2), t(2));
        l.accept(OpId(2), Key(1), Value(2), Version(2), t(0));
        l.durable_in_log(Key(1), Version(2), t(1));
        l.ack(Key(1), Version(2), t(2));
        assert!(l.lose(Key(1), Version(2), t(3)).is_none(), "durable in the log");
        assert_eq!(
            l.lose(Key(0), Version(2), t(3)).map(|r| r.lost_at),
            Some(Some(t(3)))
        );
        assert_eq!(l.counts().lost, 1);
        assert_eq!(l.lost().count(), 1);
    }
}
