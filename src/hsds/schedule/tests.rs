//! Reading HSDS rows, both ways.

use chrono::NaiveDate;

use super::read::parse_time;
use super::*;

fn row(freq: &str, byday: &str, opens: &str, closes: &str) -> Row {
    Row {
        id: "r".into(),
        freq: (!freq.is_empty()).then(|| freq.into()),
        byday: (!byday.is_empty()).then(|| byday.into()),
        opens_at: Some(opens.into()),
        closes_at: Some(closes.into()),
        ..Row::default()
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hours(rows: &[Row]) -> String {
    rows_to_hours(rows, day(2026, 6, 1))
        .hours
        .unwrap_or_default()
}

#[test]
fn times_with_seconds_and_offsets() {
    assert_eq!(parse_time("09:00"), Some((540, false)));
    assert_eq!(parse_time("09:00:00"), Some((540, false)));
    assert_eq!(parse_time("09:00:00Z"), Some((540, true)));
    assert_eq!(parse_time("09:00-05:00"), Some((540, true)));
    assert_eq!(parse_time("09:00:00.000+01:00"), Some((540, true)));
    assert_eq!(parse_time("23:59:59"), Some((1440, false)));
    assert_eq!(parse_time("24:00"), Some((1440, false)));
    assert_eq!(parse_time("25:00"), None);
    assert_eq!(parse_time("9am"), None);
}

#[test]
fn split_days_and_monthly_rows() {
    let rows = [
        row("WEEKLY", "MO,TU,WE,TH", "09:00:00Z", "12:00:00Z"),
        row("WEEKLY", "MO,TU,WE,TH", "15:00:00Z", "17:00:00Z"),
        row("MONTHLY", "1SA", "09:00:00Z", "17:00:00Z"),
    ];
    assert_eq!(
        hours(&rows),
        "Mo-Th 09:00-12:00,15:00-17:00, Sa[1] 09:00-17:00"
    );
    let rows = [row("MONTHLY", "-1FR,1MO,3MO", "10:00", "14:00")];
    assert_eq!(hours(&rows), "Mo[1,3] 10:00-14:00, Fr[-1] 10:00-14:00");
}

#[test]
fn overnight_and_all_week() {
    let rows = [row("WEEKLY", "FR,SA", "22:00", "06:00")];
    assert_eq!(hours(&rows), "Fr,Sa 22:00-06:00");
    let all = [row("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")];
    assert_eq!(hours(&all), "24/7");
}

#[test]
fn expired_and_inexpressible_rows() {
    let mut old = row("WEEKLY", "MO", "09:00", "17:00");
    old.valid_to = Some("2020-12-20".into());
    let mut fortnightly = row("WEEKLY", "TU", "09:00", "17:00");
    fortnightly.interval = Some("2".into());
    let out = rows_to_hours(&[old, fortnightly], day(2026, 6, 1));
    assert_eq!(out.hours, None);
    assert_eq!(out.dropped.len(), 1);
    assert_eq!(out.unexpressed.len(), 1);
}

#[test]
fn export_reads_back() {
    for (expr, rows) in [
        ("24/7", 1),
        ("Mo-Fr 09:00-17:00; PH off", 1),
        ("Fr,Sa 22:00-04:00", 1),
        ("Mo-Th 09:00-12:00,15:00-17:00, Sa[1] 09:00-17:00", 3),
        ("Mo-Su 00:00-24:00; Sa[1] off", 2),
        ("Mo-Fr 08:00-18:00; We 10:00-12:00", 2),
    ] {
        let out = hours_to_rows(expr);
        assert_eq!(out.rows.len(), rows, "{expr}: {out:?}");
    }
    let out = hours_to_rows("Fr,Sa 22:00-04:00");
    assert_eq!(out.rows[0].opens_at(), "22:00");
    assert_eq!(out.rows[0].closes_at(), "04:00");
    assert!(out.lost.is_empty());
    assert_eq!(hours_to_rows("Mo-Fr 09:00-17:00; PH off").lost.len(), 1);
    let all = hours_to_rows("24/7");
    assert_eq!(all.rows[0].byday, "MO,TU,WE,TH,FR,SA,SU");
    assert_eq!(all.rows[0].closes_at(), "23:59");
    assert!(hours_to_rows("Mo-Fr \"by appointment\"").rows.is_empty());
}
