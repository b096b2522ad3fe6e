//! `TimeZone`: a conference's IANA time zone, for showing times and writing calendar files.

use std::fmt;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Serialize, Serializer};

use super::ParseError;

/// An IANA time zone such as `Europe/Berlin`. Times are stored in UTC; this says how to show them.
/// Names are matched exactly as the tz database spells them (case-sensitive), after trimming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeZone(Tz);

impl TimeZone {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        raw.trim().parse::<Tz>().map(Self).map_err(|_| {
            ParseError::coded(
                "field-time-zone",
                [],
                "must be an IANA time zone name like Europe/Berlin, America/New_York or UTC",
            )
        })
    }

    pub fn tz(self) -> Tz {
        self.0
    }

    /// The canonical tz database name.
    pub fn as_str(&self) -> &'static str {
        self.0.name()
    }

    /// "Tuesday 1 December 2026, 12:30–13:30 (Europe/Berlin)", with both dates when the span
    /// ends on another day in this zone: how emails and pages show a meetup's time.
    pub fn span(self, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> String {
        let starts = starts_at.with_timezone(&self.0);
        let ends = ends_at.with_timezone(&self.0);
        const DAY: &str = "%A %-d %B %Y";
        let span = if starts.date_naive() == ends.date_naive() {
            format!(
                "{}, {}–{}",
                starts.format(DAY),
                starts.format("%H:%M"),
                ends.format("%H:%M")
            )
        } else {
            format!(
                "{}, {} – {}, {}",
                starts.format(DAY),
                starts.format("%H:%M"),
                ends.format(DAY),
                ends.format("%H:%M")
            )
        };
        format!("{span} ({})", self.0)
    }
}

impl std::str::FromStr for TimeZone {
    type Err = ParseError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse(raw)
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TimeZone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone as _, Timelike, Utc};

    use super::*;

    #[test]
    fn accepts_iana_names() {
        for name in ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"] {
            assert_eq!(TimeZone::parse(name).unwrap().as_str(), name);
        }
        assert_eq!(
            TimeZone::parse(" Europe/Paris\n").unwrap().to_string(),
            "Europe/Paris"
        );
    }

    #[test]
    fn converts_utc_times_for_display() {
        let berlin = TimeZone::parse("Europe/Berlin").unwrap().tz();
        let noon_utc = Utc.with_ymd_and_hms(2025, 7, 1, 12, 0, 0).unwrap();
        assert_eq!(noon_utc.with_timezone(&berlin).hour(), 14);
    }

    #[test]
    fn rejects_unknown_names_with_examples() {
        for raw in ["", "Berlin", "Mars/Olympus", "CEST+2"] {
            let error = TimeZone::parse(raw).unwrap_err();
            assert!(
                error
                    .message()
                    .starts_with("must be an IANA time zone name"),
                "{raw}"
            );
        }
    }

    #[test]
    fn serializes_as_its_name() {
        let zone = TimeZone::parse("Europe/Berlin").unwrap();
        assert_eq!(serde_json::to_string(&zone).unwrap(), "\"Europe/Berlin\"");
    }
}
