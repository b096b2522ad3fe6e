//! The dates the service accepts: those every backend stores and reads back faithfully.
//!
//! MariaDB keeps instants in `TIMESTAMP` columns, which end on 2038-01-19 (and, past it, store
//! the current time instead of failing); SQLite keeps text, which sorts wrongly outside four-digit
//! years; MariaDB refuses negative years outright. So every date, and every meetup's start and
//! end, lies within the years 2000 to 2037. A day of that range stays inside `TIMESTAMP` in
//! every time zone.

use chrono::{DateTime, NaiveDate, Utc};

use super::ParseError;

/// The first year accepted.
pub const FIRST_YEAR: i32 = 2000;
/// The last year accepted.
pub const LAST_YEAR: i32 = 2037;

fn out_of_range() -> ParseError {
    ParseError::coded(
        "field-date-range",
        [
            ("first", format!("{FIRST_YEAR}-01-01").into()),
            ("last", format!("{LAST_YEAR}-12-31").into()),
        ],
        format!("must be between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31"),
    )
}

/// `day` if it lies in the supported years.
pub fn supported_day(day: NaiveDate) -> Result<NaiveDate, ParseError> {
    use chrono::Datelike;
    if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        Ok(day)
    } else {
        Err(out_of_range())
    }
}

/// `at` if it lies in the supported years (in UTC).
pub fn supported_instant(at: DateTime<Utc>) -> Result<DateTime<Utc>, ParseError> {
    supported_day(at.date_naive())
        .map(|_| at)
        .map_err(|_| out_of_range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_2000_to_2037_inclusive() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        for ok in [day(2000, 1, 1), day(2026, 6, 1), day(2037, 12, 31)] {
            assert_eq!(supported_day(ok), Ok(ok));
        }
        for bad in [
            day(-1, 1, 1),
            day(1, 1, 1),
            day(1999, 12, 31),
            day(2038, 1, 1),
            day(9999, 12, 31),
        ] {
            assert_eq!(
                supported_day(bad).unwrap_err().message(),
                "must be between 2000-01-01 and 2037-12-31",
                "{bad}"
            );
        }
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("a time");
        assert!(supported_instant(at("2037-12-31T23:59:59Z")).is_ok());
        assert!(supported_instant(at("2038-01-01T00:00:00Z")).is_err());
        assert!(supported_instant(at("1999-12-31T23:59:59Z")).is_err());
    }
}
