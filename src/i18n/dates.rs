//! Dates and times as each language writes them: "5 December 2026, 12:30" and
//! "5. Dezember 2026, 12:30". A small table of names per language, rather than chrono's
//! locale feature, which would pull its whole locale database in for two languages.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc, Weekday};

use crate::domain::{Language, TimeZone};

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const WEEKDAYS_DE: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];

fn month(language: Language, date: NaiveDate) -> &'static str {
    let i = date.month0() as usize;
    match language {
        Language::En => MONTHS_EN[i],
        Language::De => MONTHS_DE[i],
    }
}

fn weekday(language: Language, day: Weekday) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match language {
        Language::En => WEEKDAYS_EN[i],
        Language::De => WEEKDAYS_DE[i],
    }
}

/// "5 December" / "5. Dezember".
pub fn day_month(language: Language, date: NaiveDate) -> String {
    match language {
        Language::En => format!("{} {}", date.day(), month(language, date)),
        Language::De => format!("{}. {}", date.day(), month(language, date)),
    }
}

/// "5 December 2026" / "5. Dezember 2026".
pub fn date(language: Language, date: NaiveDate) -> String {
    format!("{} {}", day_month(language, date), date.year())
}

/// "Saturday 5 December 2026" / "Samstag, 5. Dezember 2026".
pub fn long_date(language: Language, d: NaiveDate) -> String {
    match language {
        Language::En => format!("{} {}", weekday(language, d.weekday()), date(language, d)),
        Language::De => format!("{}, {}", weekday(language, d.weekday()), date(language, d)),
    }
}

/// "5 December 2026, 12:30" / "5. Dezember 2026, 12:30".
pub fn date_time(language: Language, at: NaiveDateTime) -> String {
    format!("{}, {}", date(language, at.date()), at.format("%H:%M"))
}

/// "5 December 2026, 12:30:05" / "5. Dezember 2026, 12:30:05".
pub fn date_time_seconds(language: Language, at: NaiveDateTime) -> String {
    format!("{}, {}", date(language, at.date()), at.format("%H:%M:%S"))
}

/// A meetup's time in its zone: "Tuesday 1 December 2026, 12:30–13:30 (Europe/Berlin)" or
/// "Dienstag, 1. Dezember 2026, 12:30–13:30 (Europe/Berlin)", with both dates when it ends on
/// another day there.
pub fn span(
    language: Language,
    zone: TimeZone,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> String {
    let starts = starts_at.with_timezone(&zone.tz()).naive_local();
    let ends = ends_at.with_timezone(&zone.tz()).naive_local();
    let span = if starts.date() == ends.date() {
        format!(
            "{}, {}–{}",
            long_date(language, starts.date()),
            starts.format("%H:%M"),
            ends.format("%H:%M")
        )
    } else {
        format!(
            "{}, {} – {}, {}",
            long_date(language, starts.date()),
            starts.format("%H:%M"),
            long_date(language, ends.date()),
            ends.format("%H:%M")
        )
    };
    format!("{span} ({zone})")
}

/// A conference's days: "5 December 2026", "5–7 December 2026", "30 November – 2 December
/// 2026" (and the German forms), the year written once when both ends share it.
pub fn date_range(language: Language, start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        date(language, start)
    } else if start.year() != end.year() {
        format!("{} – {}", date(language, start), date(language, end))
    } else if start.month() == end.month() {
        match language {
            Language::En => format!("{}–{}", start.day(), date(language, end)),
            Language::De => format!("{}.–{}", start.day(), date(language, end)),
        }
    } else {
        format!("{} – {}", day_month(language, start), date(language, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn german_writes_the_day_with_a_point_and_its_own_month_names() {
        let at = d(2026, 12, 5).and_hms_opt(12, 30, 0).expect("time");
        assert_eq!(date_time(Language::De, at), "5. Dezember 2026, 12:30");
        assert_eq!(date_time(Language::En, at), "5 December 2026, 12:30");
        assert_eq!(date(Language::De, d(2026, 3, 1)), "1. März 2026");
        assert_eq!(
            long_date(Language::De, d(2026, 12, 5)),
            "Samstag, 5. Dezember 2026"
        );
        assert_eq!(
            long_date(Language::En, d(2026, 12, 5)),
            "Saturday 5 December 2026"
        );
    }

    #[test]
    fn a_span_reads_in_its_zone_and_language() {
        let zone = TimeZone::parse("Europe/Berlin").expect("zone");
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("time");
        assert_eq!(
            span(
                Language::De,
                zone,
                at("2026-12-01T11:30:00Z"),
                at("2026-12-01T12:30:00Z")
            ),
            "Dienstag, 1. Dezember 2026, 12:30–13:30 (Europe/Berlin)"
        );
        assert_eq!(
            span(
                Language::En,
                zone,
                at("2026-12-01T11:30:00Z"),
                at("2026-12-01T12:30:00Z")
            ),
            zone.span(at("2026-12-01T11:30:00Z"), at("2026-12-01T12:30:00Z"))
        );
    }

    #[test]
    fn ranges_write_what_both_ends_share_once() {
        assert_eq!(
            date_range(Language::De, d(2026, 12, 5), d(2026, 12, 7)),
            "5.–7. Dezember 2026"
        );
        assert_eq!(
            date_range(Language::En, d(2026, 11, 30), d(2026, 12, 2)),
            "30 November – 2 December 2026"
        );
        assert_eq!(
            date_range(Language::En, d(2026, 12, 31), d(2027, 1, 1)),
            "31 December 2026 – 1 January 2027"
        );
        assert_eq!(
            date_range(Language::De, d(2026, 12, 5), d(2026, 12, 5)),
            "5. Dezember 2026"
        );
    }
}
