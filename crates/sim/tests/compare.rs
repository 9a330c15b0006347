//! Side by side: runs advance together in virtual time, a crash strikes
//! every column at one instant and loses only where the policy allows, a
//! column opened alone is the same run, and the table's CSV.

use dirtybit_sim::compare::{parse, Compare, CrashAll};
use dirtybit_sim::time::SimTime;
use dirtybit_sim::{Scenario, Sim};

fn base() -> Scenario {
    dirtybit_sim::json::scenario(
        r#"{"workload": {"ops": 400, "read_percent": 50, "keys": 8,
            "arrivals": {"kind": "fixed", "interval_us": 1000}}}"#,
    )
    .unwrap()
}

#[test]
fn runs_advance_together_in_virtual_time_and_a_crash_loses_only_where_allowed() {
    let mut c = Compare::new(base(), parse("wt,wb,wb-fsync").unwrap()).unwrap();
    c.advance_to(SimTime(150_000));
    assert!(c
        .sims
        .iter()
        .all(|s| s.now() <= SimTime(150_000) && s.now() > SimTime(140_000)));
    c.crash_now().unwrap();
    c.advance_to(SimTime(300_000));
    let lost: Vec<u64> = c.sims.iter().map(|s| s.metrics().writes_lost).collect();
    assert_eq!(lost[0], 0, "write-through loses nothing");
    assert!(
        lost[1] > 0,
        "write-behind without a log loses its unflushed writes"
    );
    assert_eq!(lost[2], 0, "a log fsynced per write loses nothing");
    // A column opened alone is the same run.
    let mut alone = Sim::new(c.scenario(1)).unwrap();
    let _ = alone.run_until(SimTime(300_000));
    assert_eq!(alone.metrics(), c.sims[1].metrics());
    assert!(c.crash_now().is_err(), "one crash per comparison");
    let csv = c.csv();
    assert!(
        csv.starts_with("figure,\"write-through\",\"write-behind\""),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + c.rows().len());
}

#[test]
fn a_comparison_names_two_to_four_known_policies() {
    assert_eq!(parse("wt,wb").unwrap().len(), 2);
    assert_eq!(parse("wt,wt,wb").unwrap().len(), 2, "once each");
    assert!(parse("wt").unwrap_err().contains("name 2 to 4 policies, got 1"));
    assert!(parse("wt,wb,ca,wa,wb-gc").unwrap_err().contains("got 5"));
    let e = parse("wt,fast").unwrap_err();
    assert!(
        e.contains("`fast` is not a policy to compare") && e.contains("wb-gc"),
        "{e}"
    );
}

#[test]
fn a_comparison_made_from_its_address_is_the_one_that_was_stepped_there() {
    let mut stepped = Compare::new(base(), parse("wt,wb").unwrap()).unwrap();
    stepped.advance_to(SimTime(120_000));
    stepped.crash_now().unwrap();
    stepped.advance_to(SimTime(250_000));
    let made = Compare::at(
        base(),
        parse("wt,wb").unwrap(),
        Some((SimTime(120_000), CrashAll::Cache)),
        SimTime(250_000),
    )
    .unwrap();
    assert_eq!((made.t, made.crash), (stepped.t, stepped.crash));
    assert_eq!(made.crash, Some(SimTime(120_000)));
    for (a, b) in made.sims.iter().zip(&stepped.sims) {
        assert_eq!((a.steps(), a.metrics()), (b.steps(), b.metrics()));
    }
    assert!(made.sims[1].metrics().writes_lost > 0, "the crash struck");
    // No crash: the runs only advance.
    let quiet = Compare::at(base(), parse("wt,wb").unwrap(), None, SimTime(250_000)).unwrap();
    assert_eq!((quiet.crash, quiet.t), (None, SimTime(250_000)));
    assert_eq!(quiet.sims[1].metrics().writes_lost, 0);
}

#[test]
fn a_ratio_with_no_store_row_yet_is_a_dash_not_zero() {
    let c = Compare::new(base(), parse("wt,wb").unwrap()).unwrap();
    let row = |c: &Compare| {
        c.rows()
            .into_iter()
            .find(|(label, _)| *label == "client writes per store row")
            .unwrap()
            .1
    };
    assert_eq!(row(&c), ["–", "–"]);
    let mut c = c;
    c.advance_to(SimTime(100_000));
    let m = c.sims[0].metrics();
    assert!(m.store_writes > 0);
    assert_eq!(row(&c)[0], "1.00", "write-through: one row per write");
}

#[test]
fn losing_the_primary_in_every_column_separates_the_synchronous_commit_levels() {
    // PostgreSQL's five levels, a write every 2 ms (half of them writes):
    // at 101 ms the primary is lost in all. off and local answered commits
    // the standby had not received (off: all since the WAL writer's flush
    // at 100 ms; local: those within the last 1 ms link); the waiting
    // levels answered none, so they lose none.
    let s = |ids: &str| {
        let mut c = Compare::new(base(), parse(ids).unwrap()).unwrap();
        c.advance_to(SimTime(101_000));
        c.crash_all_now(CrashAll::Primary).unwrap();
        c.run_to_end();
        c.sims
            .iter()
            .map(|s| s.ledger().counts().lost_failover)
            .collect::<Vec<u64>>()
    };
    let lost = s("pg-off,pg-local,pg-on,pg-remote-apply");
    assert!(lost[0] > 0, "{lost:?}");
    assert!(lost[1] <= 1, "{lost:?}");
    assert_eq!(&lost[2..], &[0, 0], "{lost:?}");
    let lost = s("pg-remote-write,pg-on");
    assert_eq!(lost, vec![0, 0]);
    // A column without a standby cannot lose its primary: refused by name.
    let mut c = Compare::new(base(), parse("wt,pg-on").unwrap()).unwrap();
    let e = c.crash_all_now(CrashAll::Primary).unwrap_err();
    assert!(e.contains("wt has none"), "{e}");
    assert_eq!(c.crash, None);
    // A power cut in every column: InnoDB 2 loses what its OS held, 1 nothing.
    let mut c = Compare::new(base(), parse("innodb-1,innodb-2").unwrap()).unwrap();
    c.advance_to(SimTime(150_000));
    c.crash_all_now(CrashAll::Power).unwrap();
    c.advance_to(SimTime(300_000));
    let lost: Vec<u64> = c.sims.iter().map(|s| s.metrics().writes_lost).collect();
    assert_eq!(lost[0], 0);
    assert!(lost[1] > 0, "{lost:?}");
    assert_eq!(CrashAll::parse("power"), Some(CrashAll::Power));
    assert_eq!(CrashAll::parse("meteor"), None);
    // From an address: absent is the cache node; a stranger is named.
    assert_eq!(CrashAll::from_query(None), Ok(CrashAll::Cache));
    assert_eq!(CrashAll::from_query(Some("primary")), Ok(CrashAll::Primary));
    assert_eq!(
        CrashAll::from_query(Some("meteor")).unwrap_err(),
        "crash_kind must be one of cache, power, primary, got \"meteor\""
    );
}
