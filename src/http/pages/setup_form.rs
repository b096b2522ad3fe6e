//! The console's setup forms (a conference, a meetup, a series of meetups) as typed, turned into
//! the JSON API's bodies so the API's rules validate both, and the API's field errors put back
//! next to the inputs. What only a form has is parsed here: dates and local times as text (a
//! meetup's times are the conference's local time on the form), numbers as text.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone as _, Utc};
use serde::Serialize;

use super::form::{Fields, FormErrors, SummaryItem};
use crate::domain::TableBounds;
use crate::domain::records::{Conference, Meetup, MeetupFields};
use crate::domain::{ParseError, TimeZone};
use crate::error::{Error, FieldError};
use crate::http::dto::conferences::{ConferenceIn, ConferencePatch, TableSizeIn};
use crate::http::dto::meetups::{MeetupIn, MeetupPatch};
use crate::http::reasons;

/// How a `datetime-local` input writes a time.
const LOCAL_TIME: &str = "%Y-%m-%dT%H:%M";

/// Most rounds one series form creates.
pub const MAX_ROUNDS: u32 = 30;

/// Field errors found while reading the form (under the API's field names), and the API's own
/// errors of the body built from it; a field the form could not read is reported once, by the
/// form, and the comparison of two times is left out while one of them is unreadable.
pub fn merged<T>(parsed: Vec<FieldError>, checked: Result<T, Error>) -> Result<T, Error> {
    if parsed.is_empty() {
        return checked;
    }
    let mut errors = parsed;
    let a_time_failed = errors.iter().any(|e| {
        matches!(
            e.field.as_str(),
            "starts_on" | "starts_at" | "ends_on" | "ends_at"
        )
    });
    if let Err(Error::Validation(more)) = checked {
        for e in more {
            let ordering = matches!(e.field.as_str(), "ends_on" | "ends_at") && a_time_failed;
            if !ordering && !errors.iter().any(|p| p.field == e.field) {
                errors.push(e);
            }
        }
    }
    Err(Error::Validation(errors))
}

/// Reads whole numbers, dates and times of a form, collecting what it cannot read.
#[derive(Default)]
struct Reader(Vec<FieldError>);

impl Reader {
    fn number(&mut self, field: &str, raw: &str) -> Option<i64> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        match raw.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.0
                    .push(FieldError::coded(field, reasons::whole_number()));
                None
            }
        }
    }

    fn date(&mut self, field: &str, raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").unwrap_or_else(|_| {
            self.0.push(FieldError::coded(field, reasons::date()));
            NaiveDate::default()
        })
    }

    /// A local time of `zone` typed on the form, as UTC (the earlier one when the clocks go
    /// back and it happens twice).
    fn local_time(&mut self, field: &str, raw: &str, zone: TimeZone) -> Option<NaiveDateTime> {
        let raw = raw.trim();
        let parsed = NaiveDateTime::parse_from_str(raw, LOCAL_TIME)
            .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"));
        match parsed {
            Ok(local) if in_zone(local, zone).is_some() => Some(local),
            Ok(_) => {
                self.0.push(FieldError::coded(
                    field,
                    ParseError::coded(
                        "field-time-skipped",
                        [("zone", zone.as_str().into())],
                        format!(
                            "does not exist in {}: the clocks go forward then",
                            zone.as_str()
                        ),
                    ),
                ));
                None
            }
            Err(_) => {
                self.0.push(FieldError::coded(field, reasons::date_time()));
                None
            }
        }
    }
}

fn in_zone(local: NaiveDateTime, zone: TimeZone) -> Option<DateTime<Utc>> {
    zone.tz()
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// A time as the form shows it: local to the conference, as a `datetime-local` input writes it.
fn local_text(at: DateTime<Utc>, zone: TimeZone) -> String {
    at.with_timezone(&zone.tz()).format(LOCAL_TIME).to_string()
}

/// Where the UTC fields of an unreadable time go: a placeholder the API accepts, whose errors
/// are dropped by [`merged`].
const PLACEHOLDER: DateTime<Utc> = DateTime::<Utc>::UNIX_EPOCH;

fn checked(fields: &Fields, name: &str) -> bool {
    !matches!(fields.get(name), "" | "false" | "off" | "0")
}

/// The conference form, as typed or as stored.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ConferenceForm {
    pub name: String,
    pub slug: String,
    pub time_zone: String,
    pub starts_on: String,
    pub ends_on: String,
    pub venue: String,
    pub description: String,
    /// Comma-separated.
    pub suggested_interests: String,
    pub table_min: String,
    pub table_max: String,
    pub registration_open: bool,
    /// `en` or `de`.
    pub default_language: String,
}

impl ConferenceForm {
    /// A new conference's form: the default table size, registration closed.
    pub fn blank() -> Self {
        let size = TableBounds::default_size();
        Self {
            table_min: size.min().to_string(),
            table_max: size.max().to_string(),
            default_language: "en".to_owned(),
            ..Self::default()
        }
    }

    /// A form without the language menu (an older page still open) keeps the language as is.
    fn chosen_language(&self) -> Option<String> {
        Some(self.default_language.clone()).filter(|l| !l.is_empty())
    }

    pub fn from_fields(fields: &Fields) -> Self {
        Self {
            name: fields.get("name").to_owned(),
            slug: fields.get("slug").to_owned(),
            time_zone: fields.get("time_zone").to_owned(),
            starts_on: fields.get("starts_on").to_owned(),
            ends_on: fields.get("ends_on").to_owned(),
            venue: fields.get("venue").to_owned(),
            description: fields.get("description").to_owned(),
            suggested_interests: fields.get("suggested_interests").to_owned(),
            table_min: fields.get("table_min").to_owned(),
            table_max: fields.get("table_max").to_owned(),
            registration_open: checked(fields, "registration_open"),
            default_language: fields.get("default_language").to_owned(),
        }
    }

    pub fn from_conference(c: &Conference) -> Self {
        let f = &c.fields;
        Self {
            name: f.name.clone(),
            slug: c.slug.to_string(),
            time_zone: f.time_zone.as_str().to_owned(),
            starts_on: f.starts_on.to_string(),
            ends_on: f.ends_on.to_string(),
            venue: f.venue.clone(),
            description: f.description.clone(),
            suggested_interests: f.suggested_interests.join(", "),
            table_min: f.table_min.to_string(),
            table_max: f.table_max.to_string(),
            registration_open: c.registration_open,
            default_language: f.default_language.as_str().to_owned(),
        }
    }

    fn interests(&self) -> Vec<String> {
        self.suggested_interests
            .split([',', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The parts every conference body has, with what could not be read.
    fn read(&self) -> (Reader, NaiveDate, NaiveDate, TableSizeIn) {
        let mut r = Reader::default();
        let starts_on = r.date("starts_on", &self.starts_on);
        let ends_on = r.date("ends_on", &self.ends_on);
        let size = TableSizeIn {
            min: r
                .number("table_size.min", &self.table_min)
                .unwrap_or_else(|| required(&mut r, "table_size.min", &self.table_min)),
            max: r
                .number("table_size.max", &self.table_max)
                .unwrap_or_else(|| required(&mut r, "table_size.max", &self.table_max)),
        };
        (r, starts_on, ends_on, size)
    }

    /// The API's create body, and what the form could not read.
    pub fn to_create(&self) -> (ConferenceIn, Vec<FieldError>) {
        let (r, starts_on, ends_on, size) = self.read();
        let body = ConferenceIn {
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            venue: self.venue.clone(),
            time_zone: self.time_zone.clone(),
            starts_on,
            ends_on,
            registration_open: self.registration_open,
            suggested_interests: self.interests(),
            table_size: Some(size),
            default_language: self.chosen_language(),
        };
        (body, r.0)
    }

    /// The API's change body replacing every field the form shows (registration is opened and
    /// closed by its own form), and what the form could not read.
    pub fn to_patch(&self) -> (ConferencePatch, Vec<FieldError>) {
        let (r, starts_on, ends_on, size) = self.read();
        let body = ConferencePatch {
            name: Some(self.name.clone()),
            description: Some(self.description.clone()),
            venue: Some(self.venue.clone()),
            time_zone: Some(self.time_zone.clone()),
            starts_on: Some(starts_on),
            ends_on: Some(ends_on),
            suggested_interests: Some(self.interests()),
            table_size: Some(size),
            default_language: self.chosen_language(),
        };
        (body, r.0)
    }
}

/// A number the form must have: an error when it is blank (one that is not a number was
/// reported already), and a placeholder.
fn required(r: &mut Reader, field: &str, raw: &str) -> i64 {
    if raw.trim().is_empty() {
        r.0.push(FieldError::coded(field, reasons::blank()));
    }
    0
}

/// The form field an API field path of a conference body refers to.
pub fn conference_field(path: &str) -> String {
    match path {
        "name" | "slug" | "time_zone" | "starts_on" | "ends_on" | "venue" | "description"
        | "default_language" => path.to_owned(),
        "table_size.min" => "table_min".to_owned(),
        "table_size.max" | "table_size" => "table_max".to_owned(),
        p if p.starts_with("suggested_interests") => "suggested_interests".to_owned(),
        _ => "form".to_owned(),
    }
}

/// The catalogue id of how the conference form labels a field, for the error summary.
pub fn conference_label(field: &str) -> &'static str {
    match field {
        "name" => "att-name",
        "slug" => "conf-form-address",
        "time_zone" => "conf-form-zone",
        "starts_on" => "conf-form-first-day",
        "ends_on" => "conf-form-last-day",
        "venue" => "conf-form-venue",
        "description" => "conf-form-description",
        "suggested_interests" => "conf-form-interests",
        "table_min" => "console-table-min",
        "table_max" => "console-table-max",
        "default_language" => "conf-form-language",
        _ => "console-this-form",
    }
}

/// The meetup form (and the series form, which adds how many rounds and how far apart).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeetupForm {
    pub name: String,
    pub series: String,
    /// Local to the conference, as `2026-06-02T12:30`.
    pub starts_at: String,
    pub ends_at: String,
    pub location: String,
    pub opt_in_only: bool,
    pub table_count: String,
    pub table_min: String,
    pub table_max: String,
    pub rounds: String,
    pub days_apart: String,
}

/// The numbers the edit form shows for `fields`' tables: their count, and the size of the first.
fn table_numbers(fields: &MeetupFields) -> (String, String, String) {
    let first = fields.tables.first();
    (
        fields.tables.len().to_string(),
        first.map(|t| t.min.to_string()).unwrap_or_default(),
        first.map(|t| t.max.to_string()).unwrap_or_default(),
    )
}

impl MeetupForm {
    /// A new meetup's form: tables of the conference's size; for a series, rounds a day apart.
    pub fn blank(conference: &Conference) -> Self {
        Self {
            table_min: conference.fields.table_min.to_string(),
            table_max: conference.fields.table_max.to_string(),
            rounds: "3".to_owned(),
            days_apart: "1".to_owned(),
            ..Self::default()
        }
    }

    pub fn from_fields(fields: &Fields) -> Self {
        let text = |name: &str| fields.get(name).to_owned();
        Self {
            name: text("name"),
            series: text("series"),
            starts_at: text("starts_at"),
            ends_at: text("ends_at"),
            location: text("location"),
            opt_in_only: checked(fields, "opt_in_only"),
            table_count: text("table_count"),
            table_min: text("table_min"),
            table_max: text("table_max"),
            rounds: text("rounds"),
            days_apart: text("days_apart"),
        }
    }

    pub fn from_meetup(meetup: &Meetup, zone: TimeZone) -> Self {
        let f = &meetup.fields;
        let (table_count, table_min, table_max) = table_numbers(f);
        Self {
            name: f.name.clone(),
            series: f.series.clone().unwrap_or_default(),
            starts_at: local_text(f.starts_at, zone),
            ends_at: local_text(f.ends_at, zone),
            location: f.location.clone(),
            opt_in_only: f.opt_in_only,
            table_count,
            table_min,
            table_max,
            rounds: String::new(),
            days_apart: String::new(),
        }
    }

    /// The meetup's times, `days` later than typed, in UTC.
    fn times(&self, r: &mut Reader, zone: TimeZone, days: u64) -> (DateTime<Utc>, DateTime<Utc>) {
        let mut at = |field: &str, raw: &str| {
            r.local_time(field, raw, zone)
                .and_then(|t| t.checked_add_days(Days::new(days)))
                .and_then(|t| in_zone(t, zone))
                .unwrap_or(PLACEHOLDER)
        };
        (
            at("starts_at", &self.starts_at),
            at("ends_at", &self.ends_at),
        )
    }

    fn meetup_in(&self, r: &mut Reader, zone: TimeZone, name: String, days: u64) -> MeetupIn {
        let (starts_at, ends_at) = self.times(r, zone, days);
        MeetupIn {
            name,
            series: Some(self.series.clone()),
            starts_at,
            ends_at,
            location: self.location.clone(),
            opt_in_only: self.opt_in_only,
            tables: None,
            table_count: r.number("table_count", &self.table_count),
            table_min: r.number("table_min", &self.table_min),
            table_max: r.number("table_max", &self.table_max),
        }
    }

    /// The API's create body for one meetup of `conference`, and what the form could not read.
    pub fn to_create(&self, conference: &Conference) -> (MeetupIn, Vec<FieldError>) {
        let mut r = Reader::default();
        let body = self.meetup_in(&mut r, conference.fields.time_zone, self.name.clone(), 0);
        (body, r.0)
    }

    /// The rounds of a series, checked by the API's rules: each named "{name}, round {k}",
    /// `days_apart` days after the one before, in the series `series` (else `name`).
    pub fn to_series(&self, conference: &Conference) -> Result<Vec<MeetupFields>, Error> {
        let mut r = Reader::default();
        let rounds = r.number("rounds", &self.rounds);
        let days_apart = r.number("days_apart", &self.days_apart);
        let rounds = match rounds {
            Some(n) if (2..=i64::from(MAX_ROUNDS)).contains(&n) => n as u64,
            Some(_) | None => {
                if !r.0.iter().any(|e| e.field == "rounds") {
                    r.0.push(FieldError::coded(
                        "rounds",
                        reasons::between(2, MAX_ROUNDS as i64),
                    ));
                }
                2
            }
        };
        let days_apart = match days_apart {
            Some(n) if (1..=28).contains(&n) => n as u64,
            Some(_) | None => {
                if !r.0.iter().any(|e| e.field == "days_apart") {
                    r.0.push(FieldError::coded("days_apart", reasons::between(1, 28)));
                }
                1
            }
        };
        let mut form = self.clone();
        if form.series.trim().is_empty() {
            form.series = form.name.trim().to_owned();
        }
        let zone = conference.fields.time_zone;
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for k in 0..rounds {
            let mut round = Reader::default();
            let name = format!("{}, round {}", form.name.trim(), k + 1);
            let body = form.meetup_in(&mut round, zone, name, k * days_apart);
            // The form's own errors are the same for every round: reported once, below.
            match body.into_fields(conference) {
                Ok(fields) => out.push(fields),
                Err(Error::Validation(found)) => {
                    for e in found {
                        if !errors.iter().any(|x: &FieldError| x.field == e.field) {
                            errors.push(e);
                        }
                    }
                }
                Err(e) => return Err(e),
            }
            if k == 0 {
                r.0.extend(round.0);
            }
        }
        let checked = if errors.is_empty() {
            Ok(out)
        } else {
            Err(Error::Validation(errors))
        };
        merged(r.0, checked)
    }

    /// The API's change body for `current` (a meetup of a conference in `zone`), and what the
    /// form could not read. The tables are replaced only when their count or size was changed
    /// on the form, so a meetup whose tables have names or sizes of their own keeps them.
    pub fn to_patch(
        &self,
        current: &MeetupFields,
        zone: TimeZone,
    ) -> (MeetupPatch, Vec<FieldError>) {
        let mut r = Reader::default();
        let (starts_at, ends_at) = self.times(&mut r, zone, 0);
        let (count, min, max) = table_numbers(current);
        let unchanged = (
            self.table_count.trim(),
            self.table_min.trim(),
            self.table_max.trim(),
        ) == (count.as_str(), min.as_str(), max.as_str());
        let mut patch = MeetupPatch {
            name: Some(self.name.clone()),
            series: Some(Some(self.series.clone()).filter(|s| !s.trim().is_empty())),
            starts_at: Some(starts_at),
            ends_at: Some(ends_at),
            location: Some(self.location.clone()),
            opt_in_only: Some(self.opt_in_only),
            ..MeetupPatch::default()
        };
        if !unchanged {
            patch.table_count = r.number("table_count", &self.table_count);
            patch.table_min = r.number("table_min", &self.table_min);
            patch.table_max = r.number("table_max", &self.table_max);
            if patch.table_count.is_none() && !r.0.iter().any(|e| e.field == "table_count") {
                r.0.push(FieldError::coded("table_count", reasons::blank()));
            }
        }
        (patch, r.0)
    }
}

/// The form field an API field path of a meetup body refers to.
pub fn meetup_field(path: &str) -> String {
    match path {
        "name" | "series" | "starts_at" | "ends_at" | "location" | "table_count" | "table_min"
        | "table_max" | "rounds" | "days_apart" => path.to_owned(),
        p if p.starts_with("tables") => "table_count".to_owned(),
        _ => "form".to_owned(),
    }
}

/// The catalogue id of how the meetup and series forms label a field, for the error summary.
pub fn meetup_label(field: &str) -> &'static str {
    match field {
        "name" => "att-name",
        "series" => "mform-series",
        "starts_at" => "mform-starts",
        "ends_at" => "mform-ends",
        "location" => "mform-location",
        "table_count" => "mform-table-count",
        "table_min" => "console-table-min",
        "table_max" => "console-table-max",
        "rounds" => "mform-rounds",
        "days_apart" => "mform-days-apart",
        _ => "console-this-form",
    }
}

/// The messages of `err` by form field (`field_of` maps the API's paths, `label_of` names the
/// fields in the summary); `None` for an error that is not about the form.
pub fn errors_of(
    err: &Error,
    field_of: fn(&str) -> String,
    label_of: fn(&str) -> &'static str,
) -> Option<FormErrors> {
    let list: Vec<FieldError> = match err {
        Error::Validation(list) => list.clone(),
        Error::Conflict { .. } => err.conflict_as_field("form").into_iter().collect(),
        _ => return None,
    };
    let mut out = FormErrors {
        errors: HashMap::new(),
        summary: Vec::new(),
    };
    for e in list {
        let field = field_of(&e.field);
        let message = super::field_message::localized(&e);
        if !out.errors.contains_key(&field) {
            out.summary.push(SummaryItem {
                target: if field == "form" {
                    "error-summary-title".to_owned()
                } else {
                    format!("f-{field}")
                },
                text: if field == "form" {
                    message.clone()
                } else {
                    format!(
                        "{}: {message}",
                        crate::i18n::text(crate::http::language::current(), label_of(&field), &[]),
                    )
                },
            });
        }
        out.errors.entry(field).or_default().push(message);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn local_times_become_utc_in_the_conference_zone() {
        let zone = TimeZone::parse("Europe/Berlin").expect("zone");
        let form = MeetupForm::from_fields(&fields(&[
            ("starts_at", "2026-06-02T12:30"),
            ("ends_at", "2026-06-02T13:30"),
        ]));
        let mut r = Reader::default();
        let (starts, ends) = form.times(&mut r, zone, 1);
        assert!(r.0.is_empty());
        assert_eq!(starts.to_rfc3339(), "2026-06-03T10:30:00+00:00");
        assert_eq!(ends.to_rfc3339(), "2026-06-03T11:30:00+00:00");
        assert_eq!(local_text(starts, zone), "2026-06-03T12:30");
    }

    #[test]
    fn a_time_the_clocks_skip_is_an_error_of_its_field() {
        let zone = TimeZone::parse("Europe/Berlin").expect("zone");
        let mut r = Reader::default();
        assert!(
            r.local_time("starts_at", "2026-03-29T02:30", zone)
                .is_none()
        );
        assert_eq!(r.0[0].field, "starts_at");
        assert!(r.0[0].message.contains("clocks go forward"), "{:?}", r.0);
    }

    #[test]
    fn an_unreadable_date_is_reported_once_and_hides_the_ordering_error() {
        let checked: Result<(), Error> = Err(Error::Validation(vec![
            FieldError::new("ends_on", "must not be before starts_on"),
            FieldError::new("name", "must not be blank"),
        ]));
        let Err(Error::Validation(errors)) = merged(
            vec![FieldError::new(
                "starts_on",
                "must be a date like 2026-06-01",
            )],
            checked,
        ) else {
            panic!("errors");
        };
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["starts_on", "name"]);
    }
}
