//! The scenarios the page ships with: the same files under `scenarios/`
//! that the command-line runner and its tests use.

use dirtybit_sim::Scenario;

/// (id, JSON) of every preset, in menu order; the first opens by default.
pub const PRESETS: [(&str, &str); 17] = [
    ("write-through", include_str!("../scenarios/write-through.json")),
    (
        "write-through-async",
        include_str!("../scenarios/write-through-async.json"),
    ),
    ("cache-aside", include_str!("../scenarios/cache-aside.json")),
    ("read-through", include_str!("../scenarios/read-through.json")),
    ("write-around", include_str!("../scenarios/write-around.json")),
    (
        "write-behind-hazelcast",
        include_str!("../scenarios/write-behind-hazelcast.json"),
    ),
    (
        "write-behind-ehcache2",
        include_str!("../scenarios/write-behind-ehcache2.json"),
    ),
    (
        "write-behind-ehcache3",
        include_str!("../scenarios/write-behind-ehcache3.json"),
    ),
    (
        "write-behind-redo-log",
        include_str!("../scenarios/write-behind-redo-log.json"),
    ),
    (
        "write-behind-lying-log",
        include_str!("../scenarios/write-behind-lying-log.json"),
    ),
    (
        "write-behind-group-commit",
        include_str!("../scenarios/write-behind-group-commit.json"),
    ),
    ("page-cache", include_str!("../scenarios/page-cache.json")),
    (
        "write-through-lying-ssd",
        include_str!("../scenarios/write-through-lying-ssd.json"),
    ),
    (
        "store-innodb-trx-commit-2",
        include_str!("../scenarios/store-innodb-trx-commit-2.json"),
    ),
    (
        "store-postgres-async-commit",
        include_str!("../scenarios/store-postgres-async-commit.json"),
    ),
    (
        "store-postgres-sync-standby",
        include_str!("../scenarios/store-postgres-sync-standby.json"),
    ),
    ("selective", include_str!("../scenarios/selective.json")),
];

/// The preset called `id`, if there is one.
#[must_use]
pub fn preset(id: &str) -> Option<Scenario> {
    let (_, json) = PRESETS.iter().find(|(name, _)| *name == id)?;
    // Through the same decoder as the editor and links (one copy of the
    // deserializer in the page, not two).
    dirtybit_sim::json::decode(json).ok()
}

/// The id of the preset `s` is, unchanged, if it is one.
#[must_use]
pub fn id_of(s: &Scenario) -> Option<&'static str> {
    PRESETS
        .iter()
        .map(|(id, _)| *id)
        .find(|id| preset(id).as_ref() == Some(s))
}

/// The scenario the page opens with.
#[must_use]
pub fn default_scenario() -> Scenario {
    preset(PRESETS[0].0).expect("the presets parse (checked by the tests)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_validates() {
        for (id, _) in PRESETS {
            let s = preset(id).unwrap_or_else(|| panic!("{id} does not parse"));
            assert_eq!(s.validate(), Ok(()), "{id}");
        }
    }

    #[test]
    fn a_preset_is_recognised_and_an_edited_one_is_not() {
        let mut s = preset("cache-aside").unwrap();
        assert_eq!(id_of(&s), Some("cache-aside"));
        s.seed += 1;
        assert_eq!(id_of(&s), None);
    }

    #[test]
    fn every_scenario_file_is_a_preset() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        let files = std::fs::read_dir(dir).unwrap().count();
        assert_eq!(files, PRESETS.len());
    }
}
