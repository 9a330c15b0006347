//! The cache node's backup member, in the run (see
//! [`crate::cache::BackupSpec`]): each write-behind write is copied there
//! (the write waits for the copy's acknowledgement when the backup is
//! synchronous), a copy goes once the node's flush of it is acknowledged or
//! dropped, a crash of the node loses only what the backup lacks, the backup
//! takes over with its copies, and the crashed member rejoins as the backup.

use alloc::vec::Vec;

use super::{Action, NodeTimer, Request, Sim};
use crate::event::EventKind;
use crate::queue::QueueEntry;
use crate::spent::Part;
use crate::time::{Micros, SimTime};
use crate::{Key, Version, Versioned};

/// One write copied to the backup member, and when the copy got there.
#[derive(Clone, Copy, Debug)]
struct Copy {
    key: Key,
    v: Versioned,
    landed: SimTime,
}

/// A class's backup member: its copies, and whether it is there.
#[derive(Clone, Debug, Default)]
pub(super) struct Backup {
    copies: Vec<Copy>,
    /// A member is there to hold copies (false after a takeover, until the
    /// crashed member rejoins; always false without a backup).
    up: bool,
    /// The node crashed with the backup up: it takes over at the restart.
    taking_over: bool,
    /// Writes waiting for the backup's acknowledgement of their copy.
    pub(super) waiters: Vec<(Request, Versioned, Micros)>,
}

impl Backup {
    /// A backup member, if the scenario has one.
    pub(super) fn new(present: bool) -> Self {
        Backup {
            up: present,
            ..Backup::default()
        }
    }

    /// True while a takeover is due.
    pub(super) fn taking_over(&self) -> bool {
        self.taking_over
    }

    /// True when a copy of `key` at `version` or newer is on the backup at `now`.
    pub(super) fn holds(&self, key: Key, version: Version, now: SimTime) -> bool {
        self.up
            && self
                .copies
                .iter()
                .any(|c| c.key == key && c.v.version >= version && c.landed <= now)
    }

    /// How many writes the backup holds at `now`.
    pub(super) fn held(&self, now: SimTime) -> usize {
        if self.up {
            self.copies.iter().filter(|c| c.landed <= now).count()
        } else {
            0
        }
    }

    /// The flush of `entries` is over (stored, or dropped for good): their
    /// copies go.
    pub(super) fn forget(&mut self, entries: &[QueueEntry]) {
        self.copies
            .retain(|c| !entries.iter().any(|e| e.key == c.key && e.version >= c.v.version));
    }
}

impl Sim {
    /// Copies the accepted write `v` of `key` to `class`'s backup member;
    /// returns how long the write waits for the copy's acknowledgement (a
    /// round trip when the backup is synchronous, nothing otherwise).
    pub(super) fn back_up(&mut self, class: usize, key: Key, v: Versioned) -> Micros {
        let up = self.classes[class].behind.as_ref().is_some_and(|b| b.backup.up);
        let Some(spec) = self.scenario.cache.backup.as_ref().filter(|_| up) else {
            return Micros(0);
        };
        let sync = spec.sync;
        let Some(hop) = self.hops.backup.as_ref() else {
            return Micros(0);
        };
        let there = hop.sample(&mut self.hops.rng);
        let landed = self.now + there;
        let back = if sync {
            hop.sample(&mut self.hops.rng)
        } else {
            Micros(0)
        };
        if let Some(b) = self.classes[class].behind.as_mut() {
            b.backup.copies.push(Copy { key, v, landed });
        }
        if sync {
            there + back
        } else {
            Micros(0)
        }
    }

    /// The write `v` of `req` waits for the node's `set` and the backup's
    /// acknowledgement (`replica`, a round trip) before it is acknowledged;
    /// a crash of the node before then fails it.
    pub(super) fn await_backup(
        &mut self,
        class: usize,
        req: Request,
        v: Versioned,
        set: Micros,
        replica: Micros,
    ) {
        let delay = set + replica;
        let key = req.op.key();
        if let Some(b) = self.classes[class].behind.as_mut() {
            b.backup.waiters.push((req, v, set));
        }
        self.wait(&req, Part::ReplicaWait);
        self.node_after(
            delay,
            NodeTimer::BackupAck {
                class,
                key,
                version: v.version,
            },
        );
    }

    /// The backup's acknowledgement of `key` at `version` is back: the
    /// write is acknowledged.
    pub(super) fn backup_acked(&mut self, class: usize, key: Key, version: Version) -> Option<EventKind> {
        let b = self.classes[class].behind.as_mut()?;
        let i = b
            .backup
            .waiters
            .iter()
            .position(|(r, v, _)| r.op.key() == key && v.version == version)?;
        let (req, v, set) = b.backup.waiters.remove(i);
        // The wait covered the set too: that part is the node's work.
        self.waited(&req);
        self.accounts
            .shift(req.slot, Part::ReplicaWait, Part::CacheWork, set);
        self.ack_write_in(req, v, Micros(0));
        None
    }

    /// True when `key` at `version` is on its class's backup member now.
    pub(super) fn backed_up(&self, key: Key, version: Version) -> bool {
        self.classes[self.class_of(key)]
            .behind
            .as_ref()
            .is_some_and(|b| b.backup.holds(key, version, self.now))
    }

    /// The node crashed: each class's backup keeps the copies that had
    /// arrived and will take over. Returns how many writes it holds, and
    /// whether any class's backup takes over.
    pub(super) fn backups_at_crash(&mut self) -> (u32, bool) {
        let now = self.now;
        let mut held = 0;
        let mut any = false;
        for c in &mut self.classes {
            let Some(b) = c.behind.as_mut() else { continue };
            if !b.backup.up {
                continue;
            }
            b.backup.copies.retain(|c| c.landed <= now);
            held += b.backup.copies.len() as u32;
            b.backup.taking_over = true;
            any = true;
        }
        (held, any)
    }

    /// The backup member takes over: its copies become the node's dirty
    /// entries, queued for flushing; it has no backup of its own until the
    /// crashed member rejoins. Returns how many it queued.
    pub(super) fn take_over(&mut self) -> u32 {
        let now = self.now;
        let mut queued = 0;
        for class in 0..self.classes.len() {
            let Some(b) = self.classes[class].behind.as_mut() else {
                continue;
            };
            if !core::mem::take(&mut b.backup.taking_over) {
                continue;
            }
            b.backup.up = false;
            let mut copies = core::mem::take(&mut b.backup.copies);
            copies.sort_by_key(|c| c.v.version);
            let ripe = now + Micros(b.spec.write_delay_us);
            for c in &copies {
                let b = self.classes[class].behind.as_mut().expect("a write-behind class");
                b.queue.push(c.key, c.v.value, c.v.version, now, ripe);
                let eviction = self.cache.put_dirty(c.key, c.v, now);
                self.schedule_eviction(eviction);
                queued += 1;
            }
            self.kick(class);
        }
        queued
    }

    /// The crashed member is back and becomes the backup: the node's waiting
    /// writes are copied to it (as a partition's migration would).
    pub(super) fn backup_rejoins(&mut self) -> Option<EventKind> {
        let now = self.now;
        let mut copies = 0;
        for c in &mut self.classes {
            let Some(b) = c.behind.as_mut() else { continue };
            if b.backup.up || b.backup.taking_over {
                continue;
            }
            b.backup.up = true;
            b.backup.copies = b
                .queue
                .entries()
                .map(|e| Copy {
                    key: e.key,
                    v: Versioned {
                        value: e.value,
                        version: e.version,
                    },
                    landed: now,
                })
                .collect();
            copies += b.backup.copies.len() as u32;
        }
        Some(EventKind::BackupRejoined { copies })
    }

    /// While the node is down and its backup member is due to take over:
    /// how many writes it will take over with.
    #[must_use]
    pub fn takeover_due(&self) -> Option<usize> {
        let due: Vec<usize> = self
            .classes
            .iter()
            .filter_map(|c| c.behind.as_ref())
            .filter(|b| b.backup.taking_over)
            .map(|b| b.backup.copies.len())
            .collect();
        (!due.is_empty()).then(|| due.iter().sum())
    }

    /// Schedules the crashed member's return as the backup.
    pub(super) fn rejoin_after(&mut self, delay: Micros) {
        self.after(delay, Action::BackupRejoin);
    }
}
