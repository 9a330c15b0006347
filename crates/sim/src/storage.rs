//! Below the store: the layers a committed write passes on its way to the
//! persistent medium (the OS page cache, the device's write cache, the
//! medium), how the store's writer syncs, what the device does with a cache
//! flush or a Forced Unit Access write, and what each kind of crash takes
//! away. Also the scenario's description ([`StorageSpec`]).
//!
//! Without a `store.storage` the store is one box, durable the moment it
//! commits (the model before this module). With one, a commit puts the
//! write in the layer its sync mode reaches, the OS writes dirty pages back
//! after `dirty_expire_us` (at the next `writeback_interval_us` tick, as
//! Linux's flusher does), and a volatile device cache writes to the medium
//! after `destage_us`. A write is durable once it is on the medium, or in a
//! battery- or capacitor-backed device cache.
//!
//! What a commit costs, in device writes (data and metadata blocks) and
//! cache flushes, for `n` rows committed together:
//!
//! | sync | device writes | flush | forced unit access |
//! | --- | --- | --- | --- |
//! | `log-buffer` (nothing: the periodic flush) | 0 | no | no |
//! | `buffered` (write() alone) | 0 | no | no |
//! | `fdatasync` | n | yes | no |
//! | `fsync` | n + 1 (the inode) | yes | no |
//! | `o-dsync` | n | no | every write |
//! | `o-sync` | 2n (data and metadata each write) | no | every write |
//! | `o-direct-fsync` | n + 1 (direct data, then fsync's metadata) | yes | no |
//!
//! A write into a device cache costs `cache_us`; a write to the medium (no
//! cache, or a forced unit access the device honours) costs `medium_us`; a
//! flush costs one `medium_us` per block the cache took since the commit
//! began, unless the device lies (it answers at once and keeps the data in
//! its volatile cache) or its cache is backed (nothing needs flushing).

use alloc::vec::Vec;

use crate::error::{check_range, ScenarioError};
use crate::latency::{Device, Dist, Latency};
use crate::time::{Micros, SimTime};
use crate::{Key, Version, Versioned};

/// How the store's writer makes a commit durable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyncMode {
    /// Nothing at commit: the commit is in the store process's log buffer
    /// until the periodic flush writes and fsyncs it (InnoDB's
    /// `innodb_flush_log_at_trx_commit = 0`, PostgreSQL's
    /// `synchronous_commit = off`).
    LogBuffer,
    /// `write()` and nothing more: the commit is in the OS page cache.
    Buffered,
    /// `write()` then `fdatasync()`: the data, and a cache flush.
    Fdatasync,
    /// `write()` then `fsync()`: the data and the inode, and a cache flush.
    Fsync,
    /// A file opened `O_DSYNC`: each write goes to the device with FUA.
    ODsync,
    /// A file opened `O_SYNC`: each write's data and metadata, with FUA.
    OSync,
    /// `O_DIRECT` writes (past the page cache) then `fsync()`.
    ODirectFsync,
}

crate::names::named!(SyncMode { LogBuffer => "log-buffer", Buffered => "buffered", Fdatasync => "fdatasync", Fsync => "fsync", ODsync => "o-dsync", OSync => "o-sync", ODirectFsync => "o-direct-fsync" });

impl SyncMode {
    /// Every mode, in the order the texts list them.
    pub const ALL: [SyncMode; 7] = [
        SyncMode::LogBuffer,
        SyncMode::Buffered,
        SyncMode::Fdatasync,
        SyncMode::Fsync,
        SyncMode::ODsync,
        SyncMode::OSync,
        SyncMode::ODirectFsync,
    ];

    /// Its name in a scenario file.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            SyncMode::LogBuffer => "log-buffer",
            SyncMode::Buffered => "buffered",
            SyncMode::Fdatasync => "fdatasync",
            SyncMode::Fsync => "fsync",
            SyncMode::ODsync => "o-dsync",
            SyncMode::OSync => "o-sync",
            SyncMode::ODirectFsync => "o-direct-fsync",
        }
    }

    /// What committing `rows` rows together costs (see the module's table).
    #[must_use]
    pub const fn plan(self, rows: u32) -> CommitPlan {
        let (writes, flush, fua) = match self {
            SyncMode::LogBuffer | SyncMode::Buffered => (0, false, false),
            SyncMode::Fdatasync => (rows, true, false),
            SyncMode::Fsync | SyncMode::ODirectFsync => (rows + 1, true, false),
            SyncMode::ODsync => (rows, false, true),
            SyncMode::OSync => (2 * rows, false, true),
        };
        CommitPlan { writes, flush, fua }
    }
}

/// The device's write cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WriteCache {
    /// No write cache (or one turned off, `hdparm -W0`): every write is on
    /// the medium when the device answers.
    None,
    /// A volatile cache that honours flushes and FUA: a sync reaches the medium.
    Volatile,
    /// A volatile cache that acknowledges flushes and FUA without writing
    /// through: a device that lies. Power loss takes what it holds.
    Lying,
    /// A battery- or capacitor-backed cache: what it holds survives power loss.
    Backed,
}

crate::names::named!(WriteCache { None => "none", Volatile => "volatile", Lying => "lying", Backed => "backed" });

/// Where a committed write is, from the top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Layer {
    /// The store process's own memory (its log buffer).
    Process,
    /// The OS page cache of the store's machine (dirty, not yet written back).
    PageCache,
    /// The device's write cache.
    DeviceCache,
    /// The persistent medium.
    Medium,
}

impl Layer {
    /// The three layers, from the top.
    pub const ALL: [Layer; 4] = [
        Layer::Process,
        Layer::PageCache,
        Layer::DeviceCache,
        Layer::Medium,
    ];

    /// A few words for it.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Layer::Process => "the store process's log buffer",
            Layer::PageCache => "the OS page cache",
            Layer::DeviceCache => "the device's write cache",
            Layer::Medium => "the medium",
        }
    }
}

/// What kind of crash hits the store's machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CrashKind {
    /// The store's process dies; the OS keeps its page cache.
    Process,
    /// The OS crashes: the page cache is gone; the device keeps power.
    Os,
    /// The power goes: the page cache and every volatile device cache are
    /// gone; a backed cache keeps what it holds.
    Power,
}

crate::names::named!(CrashKind { Process => "process", Os => "os", Power => "power" });

impl CrashKind {
    /// Its name in a scenario file.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            CrashKind::Process => "process",
            CrashKind::Os => "os",
            CrashKind::Power => "power",
        }
    }

    /// The deepest layer this crash empties (and every one above it).
    #[must_use]
    pub const fn empties(self, cache: WriteCache) -> Option<Layer> {
        match (self, cache) {
            (CrashKind::Process, _) => Some(Layer::Process),
            (CrashKind::Os, _) | (CrashKind::Power, WriteCache::None | WriteCache::Backed) => {
                Some(Layer::PageCache)
            }
            (CrashKind::Power, WriteCache::Volatile | WriteCache::Lying) => Some(Layer::DeviceCache),
        }
    }
}

/// The device work of one commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitPlan {
    /// Blocks written to the device (data and metadata).
    pub writes: u32,
    /// A cache flush follows the writes.
    pub flush: bool,
    /// Each write is a forced unit access.
    pub fua: bool,
}

/// The layers under the store, as a scenario describes them.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StorageSpec {
    /// How the store's writer syncs a commit. Default `fdatasync`,
    /// PostgreSQL's `wal_sync_method` on Linux.
    pub sync: SyncMode,
    /// One block written to the medium. Default the storage text's NVMe
    /// SSD (p50 15 µs, p99 50 µs).
    pub medium_us: Latency,
    /// The device's write cache. Default volatile, honouring flushes (the
    /// text: "most SSDs have internal DRAM caches").
    pub write_cache: WriteCache,
    /// One block written into the device's cache. Default 1 µs (the text's
    /// "NVRAM/Battery-backed <1µs").
    pub cache_us: Latency,
    /// How old a dirty page gets before the OS writes it back: Linux's
    /// `dirty_expire_centisecs`, default 3000 (30 s).
    pub dirty_expire_us: u64,
    /// How often the OS's flusher wakes: `dirty_writeback_centisecs`,
    /// default 500 (5 s).
    pub writeback_interval_us: u64,
    /// How long a volatile or backed device cache holds a block before
    /// writing it to the medium on its own. Not from the texts (no device
    /// documents it): 1 s.
    pub destage_us: u64,
    /// A background flush this often (0: none) writes the log buffer and
    /// fsyncs everything not yet on the device: InnoDB's once-per-second
    /// log flush (`innodb_flush_log_at_trx_commit` 0 and 2, 1 s),
    /// PostgreSQL's WAL writer (`wal_writer_delay`, 200 ms).
    pub flush_every_us: u64,
}

crate::names::fields!(StorageSpec {
    sync,
    medium_us,
    write_cache,
    cache_us,
    dirty_expire_us,
    writeback_interval_us,
    destage_us,
    flush_every_us
});

impl Default for StorageSpec {
    fn default() -> Self {
        StorageSpec {
            sync: SyncMode::Fdatasync,
            medium_us: Latency::Dist(Dist::Device { device: Device::Nvme }),
            write_cache: WriteCache::Volatile,
            cache_us: Latency::Fixed(1),
            dirty_expire_us: 30_000_000,
            writeback_interval_us: 5_000_000,
            destage_us: 1_000_000,
            flush_every_us: 0,
        }
    }
}

impl StorageSpec {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.medium_us.validate("store.storage.medium_us")?;
        self.cache_us.validate("store.storage.cache_us")?;
        let hour = 3_600_000_000;
        check_range("store.storage.dirty_expire_us", self.dirty_expire_us, 0, hour)?;
        check_range(
            "store.storage.writeback_interval_us",
            self.writeback_interval_us,
            1,
            hour,
        )?;
        check_range("store.storage.destage_us", self.destage_us, 0, hour)?;
        check_range("store.storage.flush_every_us", self.flush_every_us, 0, hour)
    }

    /// True when a write that reached `layer` survives power loss.
    #[must_use]
    pub fn is_safe(&self, layer: Layer) -> bool {
        match layer {
            Layer::Process | Layer::PageCache => false,
            Layer::DeviceCache => self.write_cache == WriteCache::Backed,
            Layer::Medium => true,
        }
    }

    /// The layer a commit reaches by its sync mode: the page cache when
    /// buffered; else through the device, which keeps it in its cache if
    /// the cache lies or is backed.
    #[must_use]
    pub fn commit_layer(&self) -> Layer {
        match (self.sync, self.write_cache) {
            (SyncMode::LogBuffer, _) => Layer::Process,
            (SyncMode::Buffered, _) => Layer::PageCache,
            (_, WriteCache::None | WriteCache::Volatile) => Layer::Medium,
            (_, WriteCache::Lying | WriteCache::Backed) => Layer::DeviceCache,
        }
    }

    /// The layer a written-back page reaches (a plain write, no flush).
    #[must_use]
    pub fn writeback_layer(&self) -> Layer {
        match self.write_cache {
            WriteCache::None => Layer::Medium,
            _ => Layer::DeviceCache,
        }
    }

    /// The layer the periodic flush (a write and an fsync) takes data to.
    #[must_use]
    pub fn flushed_layer(&self) -> Layer {
        match self.write_cache {
            WriteCache::None | WriteCache::Volatile => Layer::Medium,
            WriteCache::Lying | WriteCache::Backed => Layer::DeviceCache,
        }
    }

    /// The periodic flush's next tick after `now`, if there is one.
    #[must_use]
    pub fn next_flush(&self, now: SimTime) -> Option<SimTime> {
        (self.flush_every_us > 0).then(|| SimTime((now.0 / self.flush_every_us + 1) * self.flush_every_us))
    }

    /// When a page first dirtied at `since` is written back: the flusher's
    /// first wake-up once the page is `dirty_expire_us` old.
    #[must_use]
    pub fn writeback_at(&self, since: SimTime) -> SimTime {
        let due = since.0 + self.dirty_expire_us;
        let tick = self.writeback_interval_us.max(1);
        SimTime(due.div_ceil(tick) * tick)
    }
}

/// One key's content below the store: what is dirty in the page cache and
/// in the device's cache (with when it got there), and what is on the medium.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyLayers {
    /// In the store process's log buffer since the instant, newest content.
    pub process: Option<(Versioned, SimTime)>,
    /// Dirty in the page cache since the instant, newest content.
    pub page: Option<(Versioned, SimTime)>,
    /// In the device's cache, not yet on the medium, since the instant.
    pub device: Option<(Versioned, SimTime)>,
    /// On the medium.
    pub medium: Option<Versioned>,
}

impl KeyLayers {
    /// The newest content and the layer it is in.
    #[must_use]
    pub fn top(&self) -> Option<(Versioned, Layer)> {
        self.process
            .map(|(v, _)| (v, Layer::Process))
            .or(self.page.map(|(v, _)| (v, Layer::PageCache)))
            .or(self.device.map(|(v, _)| (v, Layer::DeviceCache)))
            .or(self.medium.map(|v| (v, Layer::Medium)))
    }
}

/// What a crash took from one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyLoss {
    /// The key.
    pub key: Key,
    /// The newest content it had (now gone).
    pub lost: Versioned,
    /// The layer that content was in.
    pub from: Layer,
    /// What the key holds now, if anything.
    pub now: Option<Versioned>,
}

/// The layers under the store: per key, what each holds.
#[derive(Clone, Debug)]
pub struct Storage {
    spec: StorageSpec,
    /// When the periodic flush next runs, while one is set.
    flush_at: Option<SimTime>,
    keys: Vec<KeyLayers>,
    device_writes: u64,
    flushes: u64,
}

impl Storage {
    /// Empty layers for keys `0..keys` (preloaded rows are on the medium).
    #[must_use]
    pub fn new(spec: &StorageSpec, keys: u32) -> Self {
        Storage {
            spec: spec.clone(),
            flush_at: None,
            keys: alloc::vec![KeyLayers::default(); keys as usize],
            device_writes: 0,
            flushes: 0,
        }
    }

    /// The description.
    #[must_use]
    pub fn spec(&self) -> &StorageSpec {
        &self.spec
    }

    /// A row the store starts with, on the medium.
    pub fn preload(&mut self, key: Key, v: Versioned) {
        self.keys[key.0 as usize].medium = Some(v);
    }

    /// One key's layers.
    #[must_use]
    pub fn key(&self, key: Key) -> KeyLayers {
        self.keys[key.0 as usize]
    }

    /// Every key's layers, by key.
    pub fn keys(&self) -> impl Iterator<Item = (Key, &KeyLayers)> + '_ {
        self.keys.iter().enumerate().map(|(k, l)| (Key(k as u32), l))
    }

    /// Blocks written to the device by commits, and cache flushes issued.
    #[must_use]
    pub fn device_work(&self) -> (u64, u64) {
        (self.device_writes, self.flushes)
    }

    /// The newest version of `key` that survives power loss.
    #[must_use]
    pub fn safe_version(&self, key: Key) -> Version {
        let l = &self.keys[key.0 as usize];
        let device = l
            .device
            .filter(|_| self.spec.is_safe(Layer::DeviceCache))
            .map(|(v, _)| v.version);
        device.or(l.medium.map(|v| v.version)).unwrap_or(Version(0))
    }

    /// Counts the device work of a commit of `rows` rows.
    pub fn count_commit(&mut self, plan: CommitPlan) {
        self.device_writes += u64::from(plan.writes);
        self.flushes += u64::from(plan.flush);
    }

    /// A commit puts `v` of `key` in the layer its sync mode reaches.
    /// Returns that layer and when the next move down is due, if one is.
    pub fn commit(&mut self, key: Key, v: Versioned, now: SimTime) -> (Layer, Option<SimTime>) {
        let layer = self.spec.commit_layer();
        (layer, self.put(key, v, layer, now))
    }

    /// Puts `v` in `layer` (replacing older content above it); returns when
    /// its next move down is due.
    fn put(&mut self, key: Key, v: Versioned, layer: Layer, now: SimTime) -> Option<SimTime> {
        let spec = &self.spec;
        let l = &mut self.keys[key.0 as usize];
        match layer {
            Layer::Process => {
                let since = l.process.map_or(now, |(_, since)| since);
                l.process = Some((v, since));
                None
            }
            // Nothing sits above a page-cache or device-cache write: a
            // scenario's one sync mode fills the log buffer only with
            // `log-buffer`, whose flush empties it (and the page cache)
            // before it writes below, as the OS's write-back empties the
            // page first. (cargo-mutants found the filters once here dead.)
            Layer::PageCache => {
                debug_assert!(l.process.is_none(), "nothing above the page cache");
                // A page dirty already keeps its age: the flusher goes by
                // when it was first dirtied.
                let since = l.page.map_or(now, |(_, since)| since);
                let fresh = l.page.is_none();
                l.page = Some((v, since));
                fresh.then(|| spec.writeback_at(since))
            }
            Layer::DeviceCache => {
                debug_assert!(
                    l.process.is_none() && l.page.is_none(),
                    "nothing above the device"
                );
                let fresh = l.device.is_none();
                let since = l.device.map_or(now, |(_, since)| since);
                l.device = Some((v, since));
                fresh.then(|| since + Micros(spec.destage_us))
            }
            Layer::Medium => {
                l.process = l.process.filter(|(p, _)| p.version > v.version);
                l.page = l.page.filter(|(p, _)| p.version > v.version);
                l.device = l.device.filter(|(d, _)| d.version > v.version);
                l.medium = Some(v);
                None
            }
        }
    }

    /// The layers of a standby promoted with `rows`: all on the medium
    /// (promotion replays and flushes what it received); the device work
    /// counted so far carries on.
    #[must_use]
    pub fn promoted(&self, rows: &[Option<Versioned>]) -> Storage {
        let mut fresh = Storage {
            device_writes: self.device_writes,
            flushes: self.flushes,
            ..Storage::new(&self.spec, rows.len() as u32)
        };
        for (k, row) in rows.iter().enumerate() {
            if let Some(v) = row {
                fresh.preload(Key(k as u32), *v);
            }
        }
        fresh
    }

    /// The OS's flusher writes `key`'s dirty page back, if it is due at
    /// `now`. Returns what moved, where to, and when its next move is due.
    pub fn write_back(&mut self, key: Key, now: SimTime) -> Option<(Versioned, Layer, Option<SimTime>)> {
        let (v, since) = self.keys[key.0 as usize].page?;
        if self.spec.writeback_at(since) > now {
            return None;
        }
        self.keys[key.0 as usize].page = None;
        let to = self.spec.writeback_layer();
        let next = self.put(key, v, to, now);
        Some((v, to, next))
    }

    /// The periodic flush: everything in the log buffer and the page cache
    /// is written and fsynced. Returns each key's content that moved and
    /// where to, with when its next move is due; counts the device work.
    pub fn flush_all(&mut self, now: SimTime) -> Vec<(Key, Versioned, Layer, Option<SimTime>)> {
        let to = self.spec.flushed_layer();
        let mut moved = Vec::new();
        for k in 0..self.keys.len() {
            let Some((v, layer)) = self.keys[k].top() else {
                continue;
            };
            if layer > Layer::PageCache {
                continue;
            }
            self.keys[k].process = None;
            self.keys[k].page = None;
            let next = self.put(Key(k as u32), v, to, now);
            moved.push((Key(k as u32), v, to, next));
        }
        if !moved.is_empty() {
            self.count_commit(SyncMode::Fdatasync.plan(moved.len() as u32));
        }
        moved
    }

    /// Sets the periodic flush's next tick if there is none set and the
    /// scenario has one; returns it if it was just set.
    pub fn arm_flush(&mut self, now: SimTime) -> Option<SimTime> {
        if self.flush_at.is_some() {
            return None;
        }
        self.flush_at = self.spec.next_flush(now);
        self.flush_at
    }

    /// The periodic flush's tick: it is no longer set.
    pub fn flush_ticked(&mut self) {
        self.flush_at = None;
    }

    /// The device writes `key`'s cached block to the medium, if it is due.
    pub fn destage(&mut self, key: Key, now: SimTime) -> Option<Versioned> {
        let (v, since) = self.keys[key.0 as usize].device?;
        if since + Micros(self.spec.destage_us) > now {
            return None;
        }
        self.put(key, v, Layer::Medium, now);
        Some(v)
    }

    /// A crash of `kind`: empties the layers it takes. Returns each key that
    /// lost its newest content.
    pub fn crash(&mut self, kind: CrashKind) -> Vec<KeyLoss> {
        let Some(deepest) = kind.empties(self.spec.write_cache) else {
            return Vec::new();
        };
        let mut losses = Vec::new();
        for (k, l) in self.keys.iter_mut().enumerate() {
            let Some((lost, from)) = l.top() else { continue };
            l.process = None;
            if deepest >= Layer::PageCache {
                l.page = None;
            }
            if deepest == Layer::DeviceCache {
                l.device = None;
            }
            let now = l.top().map(|(v, _)| v);
            if now != Some(lost) {
                losses.push(KeyLoss {
                    key: Key(k as u32),
                    lost,
                    from,
                    now,
                });
            }
        }
        losses
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::versioned as v;

    fn spec(sync: SyncMode, write_cache: WriteCache) -> StorageSpec {
        StorageSpec {
            sync,
            write_cache,
            ..StorageSpec::default()
        }
    }

    /// A mode's name is the one scenario files use.
    #[cfg(feature = "json")]
    #[test]
    fn each_sync_mode_is_named_as_in_scenario_files() {
        for m in SyncMode::ALL {
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                alloc::format!("\"{}\"", m.name())
            );
        }
        assert_eq!(SyncMode::ODirectFsync.name(), "o-direct-fsync");
    }

    #[test]
    fn each_layer_and_crash_has_its_own_words() {
        for (i, a) in Layer::ALL.iter().enumerate() {
            assert!(!a.label().is_empty());
            assert!(Layer::ALL[i + 1..]
                .iter()
                .all(|b| b.label() != a.label() && b > a));
        }
        assert_eq!(
            SyncMode::ALL.map(SyncMode::name),
            [
                "log-buffer",
                "buffered",
                "fdatasync",
                "fsync",
                "o-dsync",
                "o-sync",
                "o-direct-fsync"
            ]
        );
        let crashes = [CrashKind::Process, CrashKind::Os, CrashKind::Power];
        let names: alloc::vec::Vec<_> = crashes.iter().map(|c| c.name()).collect();
        assert_eq!(names, ["process", "os", "power"]);
    }

    #[test]
    fn a_bad_field_is_refused_by_its_path() {
        let bad = StorageSpec {
            writeback_interval_us: 0,
            ..StorageSpec::default()
        };
        let e = bad.validate().unwrap_err().to_string();
        assert!(e.starts_with("store.storage.writeback_interval_us"), "{e}");
        assert!(StorageSpec::default().validate().is_ok());
    }

    #[test]
    fn the_device_work_adds_up_commit_by_commit() {
        let mut s = Storage::new(&spec(SyncMode::Fsync, WriteCache::None), 2);
        s.count_commit(SyncMode::Fsync.plan(1));
        s.count_commit(SyncMode::Fsync.plan(3));
        assert_eq!(s.device_work(), (2 + 4, 2));
    }

    #[test]
    fn without_a_device_cache_a_written_back_page_is_on_the_medium() {
        let mut s = Storage::new(&spec(SyncMode::Buffered, WriteCache::None), 2);
        s.commit(Key(1), v(4), SimTime(0));
        assert_eq!(s.key(Key(1)).page, Some((v(4), SimTime(0))));
        let (moved, to, next) = s.write_back(Key(1), SimTime(30_000_000)).unwrap();
        assert_eq!((moved, to, next), (v(4), Layer::Medium, None));
        assert_eq!(s.key(Key(1)).medium, Some(v(4)));
        assert_eq!(s.safe_version(Key(1)), Version(4));
    }

    #[test]
    fn o_sync_writes_one_more_block_per_write_than_o_dsync() {
        for rows in [1, 2, 7] {
            let sync = SyncMode::OSync.plan(rows);
            let dsync = SyncMode::ODsync.plan(rows);
            assert_eq!(sync.writes, dsync.writes + rows);
            assert!(sync.fua && dsync.fua && !sync.flush);
        }
        assert_eq!(
            SyncMode::Fsync.plan(1).writes,
            SyncMode::Fdatasync.plan(1).writes + 1
        );
        assert_eq!(SyncMode::Buffered.plan(3).writes, 0);
    }

    #[test]
    fn an_fsynced_write_on_a_lying_device_dies_with_the_power_not_with_the_process() {
        let mut s = Storage::new(&spec(SyncMode::Fsync, WriteCache::Lying), 4);
        s.preload(Key(1), v(1));
        assert_eq!(
            s.commit(Key(1), v(2), SimTime(10)),
            (Layer::DeviceCache, Some(SimTime(1_000_010)))
        );
        assert!(s.crash(CrashKind::Process).is_empty());
        assert!(s.crash(CrashKind::Os).is_empty(), "the device kept power");
        let lost = s.crash(CrashKind::Power);
        assert_eq!(
            lost,
            vec![KeyLoss {
                key: Key(1),
                lost: v(2),
                from: Layer::DeviceCache,
                now: Some(v(1)),
            }]
        );
    }

    #[test]
    fn a_backed_cache_keeps_what_power_loss_takes_from_a_volatile_one() {
        for (cache, kept) in [(WriteCache::Backed, true), (WriteCache::Lying, false)] {
            let mut s = Storage::new(&spec(SyncMode::Fdatasync, cache), 2);
            s.commit(Key(0), v(3), SimTime(0));
            assert_eq!(s.crash(CrashKind::Power).is_empty(), kept, "{cache:?}");
            assert_eq!(s.safe_version(Key(0)), Version(if kept { 3 } else { 0 }));
        }
    }

    #[test]
    fn a_buffered_write_waits_for_the_flusher_then_for_the_destage() {
        let mut s = Storage::new(&spec(SyncMode::Buffered, WriteCache::Volatile), 2);
        // Dirtied at 1 s: 31 s old at the 35 s tick (the 30 s tick is too early).
        let (layer, due) = s.commit(Key(0), v(1), SimTime(1_000_000));
        assert_eq!((layer, due), (Layer::PageCache, Some(SimTime(35_000_000))));
        // A second write keeps the page's age: no new due time.
        assert_eq!(s.commit(Key(0), v(2), SimTime(2_000_000)).1, None);
        assert_eq!(s.write_back(Key(0), SimTime(34_999_999)), None);
        let (moved, to, next) = s.write_back(Key(0), SimTime(35_000_000)).unwrap();
        assert_eq!(
            (moved, to, next),
            (v(2), Layer::DeviceCache, Some(SimTime(36_000_000)))
        );
        assert_eq!(s.crash(CrashKind::Os), vec![], "the page is on the device now");
        assert_eq!(s.destage(Key(0), SimTime(36_000_000)), Some(v(2)));
        assert_eq!(s.safe_version(Key(0)), Version(2));
        assert!(s.crash(CrashKind::Power).is_empty());
    }

    #[test]
    fn an_os_crash_takes_the_page_cache_and_the_key_goes_back() {
        let mut s = Storage::new(&spec(SyncMode::Buffered, WriteCache::None), 3);
        s.preload(Key(2), v(1));
        s.commit(Key(2), v(4), SimTime(5));
        s.commit(Key(0), v(7), SimTime(5));
        let lost = s.crash(CrashKind::Os);
        assert_eq!(lost.len(), 2);
        assert_eq!((lost[0].key, lost[0].now), (Key(0), None));
        assert_eq!(
            (lost[1].key, lost[1].lost, lost[1].now),
            (Key(2), v(4), Some(v(1)))
        );
        assert!(lost.iter().all(|l| l.from == Layer::PageCache));
    }

    #[test]
    fn the_flusher_wakes_on_its_interval() {
        let s = spec(SyncMode::Buffered, WriteCache::None);
        assert_eq!(s.writeback_at(SimTime(0)), SimTime(30_000_000));
        assert_eq!(s.writeback_at(SimTime(1)), SimTime(35_000_000));
    }

    /// A write to the medium replaces only older content above it: a destage
    /// of the device's copy leaves newer content in the log buffer or the
    /// page cache, and a flush that takes newer content to the medium drops
    /// the older copy in the device's cache (`Storage::put`'s filters, each
    /// `>` turned to `==`, `<` or, on the device's, `>=`).
    #[test]
    fn a_write_to_the_medium_replaces_only_older_content_above_it() {
        // The log buffer over a lying device: v1 flushed to the device, v2
        // in the buffer; the device destages v1.
        let mut s = Storage::new(&spec(SyncMode::LogBuffer, WriteCache::Lying), 1);
        assert_eq!(s.commit(Key(0), v(1), SimTime(0)).0, Layer::Process);
        let moved = s.flush_all(SimTime(10));
        assert_eq!(
            moved,
            [(Key(0), v(1), Layer::DeviceCache, Some(SimTime(1_000_010)))]
        );
        s.commit(Key(0), v(2), SimTime(20));
        assert_eq!(s.destage(Key(0), SimTime(1_000_010)), Some(v(1)));
        let l = s.key(Key(0));
        assert_eq!(
            (l.process, l.device, l.medium),
            (Some((v(2), SimTime(20))), None, Some(v(1)))
        );

        // The page cache over a volatile device cache: v1 written back to
        // the device, v2 dirty in the page cache; the device destages v1.
        let mut s = Storage::new(&spec(SyncMode::Buffered, WriteCache::Volatile), 1);
        assert_eq!(s.commit(Key(0), v(1), SimTime(0)).0, Layer::PageCache);
        let (_, to, next) = s.write_back(Key(0), SimTime(30_000_000)).unwrap();
        assert_eq!((to, next), (Layer::DeviceCache, Some(SimTime(31_000_000))));
        s.commit(Key(0), v(2), SimTime(30_000_005));
        assert_eq!(s.destage(Key(0), SimTime(31_000_000)), Some(v(1)));
        let l = s.key(Key(0));
        assert_eq!(
            (l.page, l.device, l.medium),
            (Some((v(2), SimTime(30_000_005))), None, Some(v(1)))
        );

        // The same, flushed before the device destages: v2 goes to the
        // medium and the device's older v1 is dropped, never to destage
        // over it.
        let mut s = Storage::new(&spec(SyncMode::Buffered, WriteCache::Volatile), 1);
        s.commit(Key(0), v(1), SimTime(0));
        s.write_back(Key(0), SimTime(30_000_000)).unwrap();
        s.commit(Key(0), v(2), SimTime(30_000_005));
        assert_eq!(
            s.flush_all(SimTime(30_000_010)),
            [(Key(0), v(2), Layer::Medium, None)]
        );
        let l = s.key(Key(0));
        assert_eq!((l.page, l.device, l.medium), (None, None, Some(v(2))));
        assert_eq!(s.destage(Key(0), SimTime(31_000_000)), None);
    }

    /// The periodic flush counts one fdatasync of the rows it moved, and
    /// nothing when nothing moved (`flush_all`'s `!` deleted); a promoted
    /// standby carries the device work on (`promoted`'s fields deleted).
    #[test]
    fn the_periodic_flush_and_a_promotion_keep_the_device_work() {
        let mut s = Storage::new(&spec(SyncMode::Buffered, WriteCache::None), 3);
        s.commit(Key(0), v(1), SimTime(0));
        s.commit(Key(2), v(2), SimTime(0));
        assert_eq!(s.flush_all(SimTime(5)).len(), 2);
        // fdatasync of 2 rows: 2 writes and a cache flush.
        assert_eq!(s.device_work(), (2, 1));
        assert!(s.flush_all(SimTime(6)).is_empty());
        assert_eq!(s.device_work(), (2, 1), "an empty flush does no work");
        let p = s.promoted(&[Some(v(1)), None, Some(v(2))]);
        assert_eq!(p.device_work(), (2, 1));
        assert_eq!(p.key(Key(2)).medium, Some(v(2)));
        assert_eq!(p.key(Key(1)), KeyLayers::default());
    }
}
