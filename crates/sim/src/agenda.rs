//! The agenda: what will happen, and when. A min-heap ordered by
//! (time, sequence number), so two things due at the same instant happen in
//! the order they were scheduled, on every target.

use alloc::collections::BinaryHeap;
use core::cmp::Ordering;

use crate::time::SimTime;

/// One scheduled item: due at `at`, scheduled as the `seq`-th item.
#[derive(Clone, Debug)]
struct Due<T> {
    at: SimTime,
    seq: u64,
    item: T,
}

impl<T> PartialEq for Due<T> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl<T> Eq for Due<T> {}
impl<T> PartialOrd for Due<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Due<T> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// Items due at instants, popped in (time, scheduling order).
#[derive(Clone, Debug)]
pub struct Agenda<T> {
    heap: BinaryHeap<Due<T>>,
    next_seq: u64,
}

impl<T> Default for Agenda<T> {
    fn default() -> Self {
        Agenda {
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }
}

impl<T> Agenda<T> {
    /// Schedules `item` at `at`; returns its sequence number.
    pub fn schedule(&mut self, at: SimTime, item: T) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Due { at, seq, item });
        seq
    }

    /// Removes and returns the earliest item with its time and sequence number.
    pub fn pop(&mut self) -> Option<(SimTime, u64, T)> {
        self.heap.pop().map(|d| (d.at, d.seq, d.item))
    }

    /// When the earliest item is due.
    #[must_use]
    pub fn next_at(&self) -> Option<SimTime> {
        self.heap.peek().map(|d| d.at)
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
        let order: alloc::vec::Vec<char> = core::iter::from_fn(|| agenda.pop().map(|(_, _, c)| c)).collect();
        assert_eq!(order, ['a', 'b', 'c', 'd']);
    }
}
