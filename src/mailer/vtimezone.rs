//! The VTIMEZONE component that a calendar file needs beside times written with `TZID=`:
//! the zone's offsets and their changes, read from the tz database compiled into chrono-tz.
//!
//! Neither the `icalendar` crate nor any well-kept crate writes VTIMEZONE from tz data, so it
//! is built here. Instead of guessing recurrence rules (which the tz data does not carry and
//! which change when governments change them), it lists the actual changes within the whole
//! calendar years the events span, each as its own STANDARD or DAYLIGHT observance with one
//! DTSTART: RFC 5545 allows observances without RRULE, and every calendar reads them.
//!
//! It is written as text: the `icalendar` writer adds a UID and DTSTAMP to every component,
//! which a VTIMEZONE must not carry.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// One offset in force from `from` (UTC) on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    from: DateTime<Utc>,
    offset_from: i32,
    offset_to: i32,
    daylight: bool,
    name: String,
}

/// `calendar` (VCALENDAR text from the `icalendar` writer) with the VTIMEZONE of `tz` covering
/// the calendar years (UTC) from `first`'s to `last`'s placed before its first component.
pub fn insert(calendar: &str, tz: Tz, first: DateTime<Utc>, last: DateTime<Utc>) -> String {
    let zone = text(tz, first, last);
    // Property values are escaped or folded, so a line that begins a component is one.
    let at = ["\r\nBEGIN:", "\r\nEND:VCALENDAR"]
        .iter()
        .filter_map(|marker| calendar.find(marker))
        .min()
        .map_or(calendar.len(), |i| i + 2);
    format!("{}{zone}{}", &calendar[..at], &calendar[at..])
}

/// The VTIMEZONE as RFC 5545 text (CRLF line ends).
fn text(tz: Tz, first: DateTime<Utc>, last: DateTime<Utc>) -> String {
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    for o in observances(tz, first, last) {
        let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
        let local = o.from.naive_utc() + Duration::seconds(i64::from(o.offset_from));
        out.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nTZNAME:{}\r\nEND:{kind}\r\n",
            local.format("%Y%m%dT%H%M%S"),
            utc_offset(o.offset_from),
            utc_offset(o.offset_to),
            o.name,
        ));
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

/// The offset in force at the start of `first`'s year, then every change until the end of
/// `last`'s year.
fn observances(tz: Tz, first: DateTime<Utc>, last: DateTime<Utc>) -> Vec<Observance> {
    let start = year_start(first.year());
    let end = year_start(last.year() + 1);
    let at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let opening = at(start);
    let mut out = vec![Observance {
        from: start,
        offset_from: opening.fix().local_minus_utc(),
        offset_to: opening.fix().local_minus_utc(),
        daylight: opening.dst_offset() != Duration::zero(),
        name: name(&opening),
    }];
    let mut t = start;
    while t < end {
        let next = (t + Duration::days(1)).min(end);
        let (before, after) = (at(t), at(next));
        if before.fix() != after.fix() || before.abbreviation() != after.abbreviation() {
            let change = first_change(tz, t, next);
            let now = at(change);
            out.push(Observance {
                from: change,
                offset_from: before.fix().local_minus_utc(),
                offset_to: now.fix().local_minus_utc(),
                daylight: now.dst_offset() != Duration::zero(),
                name: name(&now),
            });
        }
        t = next;
    }
    out
}

/// The first second in `(lo, hi]` whose offset differs from `lo`'s (zones change at most
/// once a day, so one change lies in the interval).
fn first_change(tz: Tz, mut lo: DateTime<Utc>, mut hi: DateTime<Utc>) -> DateTime<Utc> {
    let offset = |t: DateTime<Utc>| {
        let o = tz.offset_from_utc_datetime(&t.naive_utc());
        (o.fix(), o.abbreviation().map(str::to_owned))
    };
    let before = offset(lo);
    while hi - lo > Duration::seconds(1) {
        let mid = lo + (hi - lo) / 2;
        if offset(mid) == before {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

fn year_start(year: i32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(DateTime::<Utc>::MIN_UTC, |t: NaiveDateTime| t.and_utc())
}

fn name(offset: &chrono_tz::TzOffset) -> String {
    offset
        .abbreviation()
        .map_or_else(|| utc_offset(offset.fix().local_minus_utc()), str::to_owned)
}

/// `+0100`, `-0330`, `+053000` (seconds only when the zone has them, as in old LMT offsets).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("time")
    }

    #[test]
    fn berlin_over_one_year_opens_in_winter_time_and_lists_both_changes() {
        let tz: Tz = "Europe/Berlin".parse().expect("zone");
        let text = text(tz, utc("2026-03-01T10:00:00Z"), utc("2026-11-01T10:00:00Z"));
        let blocks: Vec<&str> = text.split("BEGIN:").skip(2).collect();
        assert_eq!(blocks.len(), 3, "{text}");
        assert!(
            blocks[0].starts_with("STANDARD\r\nDTSTART:20260101T010000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nTZNAME:CET"),
            "{text}"
        );
        // The clocks go forward at 02:00 local winter time on the last Sunday of March.
        assert!(
            blocks[1].starts_with("DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST"),
            "{text}"
        );
        assert!(
            blocks[2].starts_with("STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET"),
            "{text}"
        );
    }

    #[test]
    fn a_zone_without_changes_has_one_observance_and_a_span_of_years_covers_each() {
        let kolkata: Tz = "Asia/Kolkata".parse().expect("zone");
        let text = text(
            kolkata,
            utc("2026-12-31T20:00:00Z"),
            utc("2027-01-01T02:00:00Z"),
        );
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{text}");
        assert!(text.contains("TZOFFSETTO:+0530"), "{text}");
        let new_york: Tz = "America/New_York".parse().expect("zone");
        let text = text_of_years(new_york, 2026, 2027);
        assert_eq!(text.matches("BEGIN:DAYLIGHT").count(), 2, "{text}");
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 3, "{text}");
    }

    fn text_of_years(tz: Tz, first: i32, last: i32) -> String {
        text(tz, year_start(first), year_start(last))
    }

    #[test]
    fn the_zone_goes_before_the_events_and_parses_with_its_name() {
        use icalendar::{Calendar, CalendarComponent, Component};
        let tz: Tz = "America/New_York".parse().expect("zone");
        let mut calendar = Calendar::empty();
        calendar
            .append_property(icalendar::Property::new("VERSION", "2.0"))
            .push(icalendar::Event::new().summary("x").done());
        let ics = insert(
            &calendar.to_string(),
            tz,
            utc("2026-06-01T00:00:00Z"),
            utc("2026-06-02T00:00:00Z"),
        );
        assert!(
            ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\n"),
            "{ics}"
        );
        assert!(ics.contains("END:VTIMEZONE\r\nBEGIN:VEVENT"), "{ics}");
        let parsed: Calendar = ics.parse().expect("parses");
        let Some(CalendarComponent::Other(zone)) = parsed.iter().next() else {
            panic!("VTIMEZONE first: {ics}");
        };
        assert_eq!(zone.component_kind(), "VTIMEZONE");
        assert_eq!(zone.property_value("TZID"), Some("America/New_York"));
        assert_eq!(zone.components().len(), 3);
    }

    #[test]
    fn offsets_with_minutes_and_seconds_are_written_in_full() {
        assert_eq!(utc_offset(-(3 * 3600 + 30 * 60)), "-0330");
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(3208), "+005328");
    }
}
