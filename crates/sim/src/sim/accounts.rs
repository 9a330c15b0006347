//! The accounts of the requests in flight: for each, its time by part so
//! far and what it has been waiting for since when; and the latest
//! answered request's parts. A request holds its account's slot; a slot is
//! reused once its request is answered. See [`crate::spent`].

use alloc::vec::Vec;

use crate::spent::{Part, Spent};
use crate::time::{Micros, SimTime};
use crate::OpId;

/// One request's running account.
#[derive(Clone, Copy, Debug, Default)]
struct Account {
    spent: Spent,
    waiting: Option<(Part, SimTime)>,
}

/// The accounts, by slot.
#[derive(Clone, Debug, Default)]
pub(super) struct Accounts {
    slots: Vec<Account>,
    free: Vec<u32>,
    last: Option<(OpId, Spent)>,
}

impl Accounts {
    /// A fresh account; its slot.
    pub(super) fn open(&mut self) -> u32 {
        self.free.pop().unwrap_or_else(|| {
            self.slots.push(Account::default());
            (self.slots.len() - 1) as u32
        })
    }

    /// Moves `d` of account `slot` from `from` to `to`.
    pub(super) fn shift(&mut self, slot: u32, from: Part, to: Part, d: Micros) {
        self.slots[slot as usize].spent.shift(from, to, d);
    }

    /// Charges `d` to `part` on account `slot`.
    pub(super) fn charge(&mut self, slot: u32, part: Part, d: Micros) {
        self.slots[slot as usize].spent.add(part, d);
    }

    /// Account `slot` starts waiting for `part` at `now` (a wait before it
    /// is over first).
    pub(super) fn wait(&mut self, slot: u32, part: Part, now: SimTime) {
        self.waited(slot, now);
        self.slots[slot as usize].waiting = Some((part, now));
    }

    /// Account `slot` stops waiting at `now`: the time since it began goes
    /// to what it waited for.
    pub(super) fn waited(&mut self, slot: u32, now: SimTime) {
        if let Some((part, since)) = self.slots[slot as usize].waiting.take() {
            self.charge(slot, part, now - since);
        }
    }

    /// The request `op` on account `slot` is answered at `now`: its parts,
    /// kept as the latest answer; the slot is free again.
    pub(super) fn settle(&mut self, slot: u32, op: OpId, now: SimTime) -> Spent {
        self.waited(slot, now);
        let spent = core::mem::take(&mut self.slots[slot as usize]).spent;
        self.free.push(slot);
        self.last = Some((op, spent));
        spent
    }

    /// The latest answered request and its parts.
    pub(super) fn last(&self) -> Option<(OpId, Spent)> {
        self.last
    }
}
