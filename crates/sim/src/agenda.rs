//! The agenda: what will happen, and when. A min-heap ordered by
//! (time, sequence number), so two things due at the same instant happen in
//! the order they were scheduled, on every target. The heap holds small
//! keys packed into one `u128` (time, then sequence, then slot: one compare
//! orders them); the items wait in a slab, so sifting the heap never moves
//! them.

use alloc::collections::BinaryHeap;
use alloc::vec::Vec;
use core::cmp::Reverse;

use crate::time::SimTime;

/// Items due at instants, popped in (time, scheduling order).
#[derive(Clone, Debug)]
pub struct Agenda<T> {
    heap: BinaryHeap<Reverse<u128>>,
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    next_seq: u64,
}

impl<T> Default for Agenda<T> {
    fn default() -> Self {
        Agenda {
            heap: BinaryHeap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            next_seq: 0,
        }
    }
}

impl<T> Agenda<T> {
    /// Schedules `item` at `at`, after everything already due then.
    pub fn schedule(&mut self, at: SimTime, item: T) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let slot = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(item);
                i
            }
            None => {
                self.slots.push(Some(item));
                (self.slots.len() - 1) as u32
            }
        };
        debug_assert!(seq < 1 << 40 && u64::from(slot) < 1 << 24, "agenda limits");
        // Three fields in disjoint bits (the assertion above): `|` packs
        // them, as `^` or `+` would.
        let key = u128::from(at.0) << 64 | u128::from(seq) << 24 | u128::from(slot);
        self.heap.push(Reverse(key));
    }

    /// Removes and returns the earliest item with its time.
    pub fn pop(&mut self) -> Option<(SimTime, T)> {
        let Reverse(key) = self.heap.pop()?;
        let (at, slot) = (SimTime((key >> 64) as u64), (key as u32) & 0x00FF_FFFF);
        self.free.push(slot);
        let item = self.slots[slot as usize]
            .take()
            .expect("a scheduled slot holds its item");
        Some((at, item))
    }

    /// When the earliest item is due.
    #[must_use]
    pub fn next_at(&self) -> Option<SimTime> {
        self.heap.peek().map(|Reverse(key)| SimTime((*key >> 64) as u64))
    }

    /// Every scheduled item, in no particular order.
    pub fn items(&self) -> impl Iterator<Item = &T> + '_ {
        self.slots.iter().flatten()
    }

    /// How many items are scheduled.
    #[must_use]
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when nothing is scheduled.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_time_then_by_scheduling_order() {
        let mut agenda = Agenda::default();
        agenda.schedule(SimTime(5), 'c');
        agenda.schedule(SimTime(1), 'a');
        agenda.schedule(SimTime(5), 'd');
        agenda.schedule(SimTime(1), 'b');
        let order: Vec<char> = core::iter::from_fn(|| agenda.pop().map(|(_, c)| c)).collect();
        assert_eq!(order, ['a', 'b', 'c', 'd']);
    }

    #[test]
    fn slots_are_reused() {
        let mut agenda = Agenda::default();
        for round in 0..100u64 {
            agenda.schedule(SimTime(round), round);
            agenda.schedule(SimTime(round), round + 1);
            assert_eq!(agenda.pop().map(|(_, v)| v), Some(round));
            assert_eq!(agenda.pop().map(|(_, v)| v), Some(round + 1));
        }
        assert_eq!(agenda.slots.len(), 2);
    }

    #[test]
    fn len_counts_what_is_scheduled_and_not_yet_popped() {
        let mut agenda = Agenda::default();
        assert!(agenda.is_empty());
        agenda.schedule(SimTime(3), 'a');
        agenda.schedule(SimTime(1), 'b');
        assert_eq!((agenda.len(), agenda.next_at()), (2, Some(SimTime(1))));
        assert_eq!(agenda.pop(), Some((SimTime(1), 'b')));
        assert_eq!(agenda.len(), 1);
        assert!(!agenda.is_empty());
    }
}
