//! What the page templates show of a conference and of an attendee's own registration.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::records::{Attendee, Conference};

#[derive(Debug, Serialize)]
pub struct ConferenceView {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub venue: String,
    pub dates: String,
    pub registration_open: bool,
}

impl From<&Conference> for ConferenceView {
    fn from(c: &Conference) -> Self {
        Self {
            slug: c.slug.to_string(),
            name: c.fields.name.clone(),
            description: c.fields.description.clone(),
            venue: c.fields.venue.clone(),
            dates: date_range(c.fields.starts_on, c.fields.ends_on),
            registration_open: c.registration_open,
        }
    }
}

/// "1–3 June 2026", "30 June – 2 July 2026", "31 December 2026 – 1 January 2027".
pub fn date_range(start: NaiveDate, end: NaiveDate) -> String {
    let full = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    if start == end {
        full(start)
    } else if start.year() != end.year() {
        format!("{} – {}", full(start), full(end))
    } else if start.month() != end.month() {
        format!("{} – {}", start.format("%-d %B"), full(end))
    } else {
        format!("{}–{}", start.day(), full(end))
    }
}

/// The attendee's own registration, beyond the form fields.
#[derive(Debug, Serialize)]
pub struct RegistrationView {
    pub name: String,
    pub email: String,
    pub status: String,
    pub emails_consented: bool,
}

impl From<&Attendee> for RegistrationView {
    fn from(a: &Attendee) -> Self {
        Self {
            name: a.fields.name.to_string(),
            email: a.fields.email.to_string(),
            status: a.status.as_str().to_owned(),
            emails_consented: a.email_consent_at.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    #[test]
    fn date_ranges_name_each_part_once() {
        assert_eq!(date_range(d(2026, 6, 1), d(2026, 6, 3)), "1–3 June 2026");
        assert_eq!(date_range(d(2026, 6, 1), d(2026, 6, 1)), "1 June 2026");
        assert_eq!(
            date_range(d(2026, 6, 30), d(2026, 7, 2)),
            "30 June – 2 July 2026"
        );
        assert_eq!(
            date_range(d(2026, 12, 31), d(2027, 1, 1)),
            "31 December 2026 – 1 January 2027"
        );
    }
}
