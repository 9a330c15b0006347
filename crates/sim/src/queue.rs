//! The write-behind flush queue: acknowledged writes waiting to reach the
//! store, in the order they were first queued. With coalescing, a key has at
//! most one waiting entry and a newer write replaces its value in place (the
//! last value wins, the order per key is kept). Entries ripen after the write
//! delay; nearly ripe ones can ride along with a flush (Coherence's
//! write-batch-factor).

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::time::{Micros, SimTime};
use crate::{Key, Value, Version};

/// One waiting store write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct QueueEntry {
    /// The key.
    pub key: Key,
    /// The value to store (the latest, with coalescing).
    pub value: Value,
    /// Its version.
    pub version: Version,
    /// How many client writes this entry carries (more than 1 when coalesced).
    pub writes: u32,
    /// When the first of them was queued.
    pub queued_at: SimTime,
    /// When it is ripe for flushing.
    pub ripe_at: SimTime,
}

const NONE: i64 = i64::MIN;

/// What [`FlushQueue::push`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Queued {
    /// A new entry at the back.
    Appended,
    /// Replaced the value of the key's waiting entry.
    Coalesced,
}

/// The queue: a ring of slots ordered by position (positions grow at the
/// back and shrink at the front, so requeued entries can go back to the
/// head); a removed entry leaves a hole that is skipped and trimmed. Every
/// operation but `expedite` is O(1) amortised.
#[derive(Clone, Debug, Default)]
pub struct FlushQueue {
    slots: VecDeque<Option<QueueEntry>>,
    /// The position of `slots[0]`.
    base: i64,
    len: usize,
    /// The position of each key's waiting entry (with coalescing), or NONE.
    by_key: Vec<i64>,
    coalescing: bool,
}

impl FlushQueue {
    /// An empty queue for keys `0..keys`.
    #[must_use]
    pub fn new(coalescing: bool, keys: u32) -> Self {
        FlushQueue {
            coalescing,
            by_key: alloc::vec![NONE; if coalescing { keys as usize } else { 0 }],
            ..FlushQueue::default()
        }
    }

    fn waiting_pos(&self, key: Key) -> Option<i64> {
        self.by_key.get(key.0 as usize).copied().filter(|p| *p != NONE)
    }

    fn get_mut(&mut self, pos: i64) -> Option<&mut QueueEntry> {
        let i = usize::try_from(pos - self.base).ok()?;
        self.slots.get_mut(i)?.as_mut()
    }

    /// Entries waiting (not counting a batch in flight).
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing waits.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// True when a write to `key` would coalesce rather than take a new place.
    #[must_use]
    pub fn would_coalesce(&self, key: Key) -> bool {
        self.coalescing && self.waiting_pos(key).is_some()
    }

    /// Queues a write that ripens at `ripe_at`.
    pub fn push(
        &mut self,
        key: Key,
        value: Value,
        version: Version,
        now: SimTime,
        ripe_at: SimTime,
    ) -> Queued {
        if self.coalescing {
            if let Some(pos) = self.waiting_pos(key) {
                if let Some(e) = self.get_mut(pos) {
                    e.value = value;
                    e.version = version;
                    e.writes += 1;
                    return Queued::Coalesced;
                }
            }
        }
        self.push_back(QueueEntry {
            key,
            value,
            version,
            writes: 1,
            queued_at: now,
            ripe_at,
        });
        Queued::Appended
    }

    fn push_back(&mut self, e: QueueEntry) {
        let pos = self.base + self.slots.len() as i64;
        if self.coalescing {
            self.by_key[e.key.0 as usize] = pos;
        }
        self.slots.push_back(Some(e));
        self.len += 1;
    }

    fn push_front(&mut self, e: QueueEntry) {
        self.base -= 1;
        if self.coalescing {
            self.by_key[e.key.0 as usize] = self.base;
        }
        self.slots.push_front(Some(e));
        self.len += 1;
    }

    fn remove_at(&mut self, i: usize) -> Option<QueueEntry> {
        let e = self.slots.get_mut(i)?.take()?;
        self.len -= 1;
        // With coalescing a key has one waiting entry at most: this one.
        // (Comparing its recorded place with `base + i` could not fail: a
        // mutant that got the place wrong survived every test.)
        if self.coalescing {
            self.by_key[e.key.0 as usize] = NONE;
        }
        while matches!(self.slots.front(), Some(None)) {
            self.slots.pop_front();
            self.base += 1;
        }
        while matches!(self.slots.back(), Some(None)) {
            self.slots.pop_back();
        }
        Some(e)
    }

    /// When the flusher has something ripe: the head's ripe time. Entries
    /// at the back ripen in the order they came (one delay after queueing);
    /// entries put at the front (requeued, expedited) are ripe already. So if
    /// the head is not ripe, nothing is, and it ripens first.
    #[must_use]
    pub fn next_ripe(&self) -> Option<SimTime> {
        self.entries().next().map(|e| e.ripe_at)
    }

    /// Takes up to `max` entries for one flush: every ripe entry from the head,
    /// then entries ripening within `ride_along` of now.
    pub fn take_batch(&mut self, now: SimTime, max: usize, ride_along: Micros) -> Vec<QueueEntry> {
        let horizon = now + ride_along;
        let mut batch = Vec::new();
        while batch.len() < max {
            let Some(i) = self.slots.iter().position(Option::is_some) else {
                break;
            };
            if self.slots[i].as_ref().is_some_and(|e| e.ripe_at > horizon) {
                break;
            }
            batch.extend(self.remove_at(i));
        }
        batch
    }

    /// Makes `key`'s waiting entry ripe now and moves it to the head (to
    /// flush a dirty entry before evicting it). Returns whether one waited.
    pub fn expedite(&mut self, key: Key, now: SimTime) -> bool {
        let i = self
            .slots
            .iter()
            .position(|e| e.as_ref().is_some_and(|e| e.key == key));
        match i.and_then(|i| self.remove_at(i)) {
            Some(mut e) => {
                e.ripe_at = now;
                self.push_front(e);
                true
            }
            None => false,
        }
    }

    /// Puts failed entries back at the head, in their order. With
    /// coalescing, an entry whose key has a newer waiting entry is dropped:
    /// the newer value supersedes it. Returns the entries actually requeued.
    pub fn requeue(&mut self, batch: Vec<QueueEntry>, now: SimTime) -> usize {
        let mut n = 0;
        for mut e in batch.into_iter().rev() {
            if self.would_coalesce(e.key) {
                if let Some(w) = self.waiting_pos(e.key).and_then(|p| self.get_mut(p)) {
                    w.writes += e.writes;
                }
                continue;
            }
            e.ripe_at = now;
            self.push_front(e);
            n += 1;
        }
        n
    }

    /// Everything waiting, head first.
    pub fn entries(&self) -> impl Iterator<Item = &QueueEntry> + '_ {
        self.slots.iter().flatten()
    }

    /// A crash: the queue lived in memory. Returns what it held.
    pub fn clear(&mut self) -> Vec<QueueEntry> {
        self.by_key.fill(NONE);
        self.len = 0;
        self.base = 0;
        core::mem::take(&mut self.slots).into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ms: u64) -> SimTime {
        SimTime::from_millis(ms)
    }

    #[test]
    fn taking_entries_forgets_their_places_and_counts_what_waits() {
        let mut q = FlushQueue::new(true, 4);
        assert!(q.is_empty());
        for k in 0..3 {
            q.push(Key(k), Value(u64::from(k)), Version(2), t(0), t(0));
        }
        assert!(!q.is_empty());
        // One at a time from the head: the second is taken where the queue's
        // first place is no longer 0.
        for k in 0..2 {
            let batch = q.take_batch(t(1), 1, Micros(0));
            assert_eq!(batch[0].key, Key(k));
            assert!(!q.would_coalesce(Key(k)), "k{k} no longer waits");
        }
        assert!(q.would_coalesce(Key(2)));
        assert_eq!(q.len(), 1);
        q.take_batch(t(1), 8, Micros(0));
        assert!(q.is_empty());
        assert_eq!(q.len(), 0);
        // A key taken can queue again, as a new entry.
        assert_eq!(q.push(Key(1), Value(9), Version(3), t(2), t(2)), Queued::Appended);
    }

    #[test]
    fn requeue_says_how_many_went_back() {
        let mut q = FlushQueue::new(true, 4);
        q.push(Key(0), Value(1), Version(2), t(0), t(0));
        q.push(Key(1), Value(2), Version(2), t(0), t(0));
        let batch = q.take_batch(t(1), 8, Micros(0));
        // k0 was written again while the batch was out: its entry supersedes.
        q.push(Key(0), Value(3), Version(3), t(1), t(5));
        assert_eq!(q.requeue(batch, t(2)), 1);
        assert_eq!(q.len(), 2);
        // The superseding entry carries the failed write too: two writes.
        let k0: Vec<_> = q
            .entries()
            .filter(|e| e.key == Key(0))
            .map(|e| (e.value, e.writes))
            .collect();
        assert_eq!(k0, [(Value(3), 2)]);
    }

    #[test]
    fn coalescing_keeps_one_entry_per_key_in_place_with_the_last_value() {
        let mut q = FlushQueue::new(true, 8);
        assert_eq!(
            q.push(Key(1), Value(10), Version(2), t(0), t(100)),
            Queued::Appended
        );
        assert_eq!(
            q.push(Key(2), Value(11), Version(2), t(1), t(101)),
            Queued::Appended
        );
        assert_eq!(
            q.push(Key(1), Value(12), Version(3), t(2), t(102)),
            Queued::Coalesced
        );
        let keys: Vec<_> = q.entries().map(|e| (e.key, e.value, e.writes)).collect();
        assert_eq!(keys, [(Key(1), Value(12), 2), (Key(2), Value(11), 1)]);
    }

    #[test]
    fn without_coalescing_every_write_is_an_entry() {
        let mut q = FlushQueue::new(false, 8);
        q.push(Key(1), Value(10), Version(2), t(0), t(100));
        q.push(Key(1), Value(12), Version(3), t(2), t(102));
        assert_eq!(q.len(), 2);
    }

    #[test]
    fn a_batch_takes_ripe_entries_and_those_riding_along() {
        let mut q = FlushQueue::new(true, 8);
        for k in 0..5 {
            q.push(
                Key(k),
                Value(1),
                Version(2),
                t(u64::from(k) * 10),
                t(100 + u64::from(k) * 10),
            );
        }
        // At 110 ms, k0 and k1 are ripe; with 25 ms ride-along k2 and k3 join.
        let batch = q.take_batch(t(110), 10, Micros(25_000));
        assert_eq!(batch.iter().map(|e| e.key.0).collect::<Vec<_>>(), [0, 1, 2, 3]);
        // The batch size caps it.
        let mut q2 = FlushQueue::new(true, 8);
        for k in 0..5 {
            q2.push(Key(k), Value(1), Version(2), t(0), t(0));
        }
        assert_eq!(q2.take_batch(t(0), 2, Micros(0)).len(), 2);
        assert_eq!(q2.len(), 3);
    }

    #[test]
    fn requeued_entries_go_back_to_the_head_unless_superseded() {
        let mut q = FlushQueue::new(true, 8);
        q.push(Key(1), Value(1), Version(2), t(0), t(0));
        q.push(Key(2), Value(2), Version(2), t(0), t(0));
        let batch = q.take_batch(t(0), 10, Micros(0));
        q.push(Key(3), Value(3), Version(2), t(1), t(9));
        q.push(Key(2), Value(4), Version(3), t(1), t(9)); // newer k2 waits
        assert_eq!(q.requeue(batch, t(5)), 1);
        let order: Vec<_> = q.entries().map(|e| (e.key.0, e.value.0)).collect();
        assert_eq!(order, [(1, 1), (3, 3), (2, 4)]);
    }
}
