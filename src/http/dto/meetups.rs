//! Meetup bodies: what organizers send, what organizers and attendees get back.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::records::{Conference, Meetup, MeetupFields, TableDef};
use crate::domain::{TableBounds, TableBoundsError, single_line, supported_instant};
use crate::error::{Error, FieldErrors};
use crate::http::extract::ObjectPaths;
use crate::http::reasons;
use crate::workflows::meetups::MyMeetup;

/// Most tables one meetup may have.
pub const MAX_TABLES: usize = 5_000;

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct TableIn {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub min: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub max: Option<i64>,
}

/// A new meetup. Tables are either listed (`tables`) or generated (`table_count`); sizes not
/// given per table come from `table_min`/`table_max`, else from the conference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetupIn {
    pub name: String,
    #[serde(default)]
    pub series: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub opt_in_only: bool,
    #[serde(default)]
    pub tables: Option<Vec<TableIn>>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub table_count: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub table_min: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub table_max: Option<i64>,
}

/// Changes to a meetup; absent fields stay. Giving `tables` or `table_count` replaces the tables.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MeetupPatch {
    pub name: Option<String>,
    /// `null` takes the meetup out of its series.
    #[serde(default, with = "double_option")]
    pub series: Option<Option<String>>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub location: Option<String>,
    pub opt_in_only: Option<bool>,
    pub tables: Option<Vec<TableIn>>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub table_count: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub table_min: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub table_max: Option<i64>,
}

mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

impl ObjectPaths for MeetupIn {
    const OBJECT_PATHS: &'static [&'static str] = &["", "tables[]"];
}

impl ObjectPaths for MeetupPatch {
    const OBJECT_PATHS: &'static [&'static str] = &["", "tables[]"];
}

struct Draft<'a> {
    name: &'a str,
    series: Option<&'a str>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    location: &'a str,
    opt_in_only: bool,
}

fn build(
    errors: &mut FieldErrors,
    d: Draft<'_>,
    tables: Option<Vec<TableDef>>,
) -> Option<MeetupFields> {
    // Each is one line of visible text; a line break would reach calendar files and subjects.
    let mut line = |field: &str, raw: &str| {
        errors
            .check(field, single_line(raw, usize::MAX))
            .unwrap_or_else(|| "-".to_owned())
    };
    let name = line("name", d.name);
    let series = d
        .series
        .map(|s| line("series", s))
        .filter(|s| !s.is_empty());
    let location = line("location", d.location);
    if name.is_empty() || name.chars().count() > 200 {
        errors.reject("name", reasons::length_between(1, 200));
    }
    if series.as_ref().is_some_and(|s| s.chars().count() > 64) {
        errors.reject("series", reasons::too_long(64));
    }
    if location.chars().count() > 200 {
        errors.reject("location", reasons::too_long(200));
    }
    for (field, at) in [("starts_at", d.starts_at), ("ends_at", d.ends_at)] {
        errors.check(field, supported_instant(at));
    }
    // A rule over two fields names both, so a client can mark either one.
    if d.ends_at <= d.starts_at {
        errors.reject(
            "starts_at",
            reasons::fixed("field-starts-at-after-end", "must be before ends_at"),
        );
        errors.reject(
            "ends_at",
            reasons::fixed("field-ends-at-before-start", "must be after starts_at"),
        );
    }
    Some(MeetupFields {
        name,
        series,
        starts_at: d.starts_at,
        ends_at: d.ends_at,
        location,
        opt_in_only: d.opt_in_only,
        tables: tables?,
    })
}

/// Where a size of a table comes from, so an invalid one is reported under the field the client
/// sent: the table's own `min`/`max`, the request's `table_min`/`table_max`, or neither (the
/// conference's size, or the tables as they were).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Table,
    Request(&'static str),
    Inherited,
}

/// A size to use for tables that do not give their own.
#[derive(Debug, Clone, Copy)]
struct Fallback {
    value: i64,
    source: Source,
}

impl Fallback {
    /// `given` (the request's `field`) if present, else `inherited`.
    fn new(given: Option<i64>, field: &'static str, inherited: i64) -> Self {
        match given {
            Some(value) => Self {
                value,
                source: Source::Request(field),
            },
            None => Self {
                value: inherited,
                source: Source::Inherited,
            },
        }
    }

    /// The table's own number (from `source`) if it has one, else this fallback.
    fn or_own(self, own: Option<i64>, source: Source) -> Self {
        own.map_or(self, |value| Self { value, source })
    }
}

/// The fields an invalid size of table `i` is reported under.
fn bounds_fields(i: usize, min: Source, max: Source, error: &TableBoundsError) -> Vec<String> {
    let table = format!("tables[{i}]");
    let named = |source: Source, part: &str| match source {
        Source::Table => format!("{table}.{part}"),
        Source::Request(field) => field.to_owned(),
        Source::Inherited => table.clone(),
    };
    match error {
        TableBoundsError::Min(_) => vec![named(min, "min")],
        TableBoundsError::Max(_) => vec![named(max, "max")],
        // The pair is at fault: every field the client sent for it, so either can be marked;
        // the table itself when both sizes were inherited.
        TableBoundsError::Inverted(_) => {
            let sent: Vec<String> = [(min, "min"), (max, "max")]
                .into_iter()
                .filter(|(source, _)| *source != Source::Inherited)
                .map(|(source, part)| named(source, part))
                .collect();
            if sent.is_empty() { vec![table] } else { sent }
        }
    }
}

/// The tables from a listing or a count; `None` (with errors recorded) when invalid. `listed`
/// sizes come from `listed_source` (the client, or the tables as they were). A size wrong in
/// `table_min`/`table_max` is reported once, not once per table.
fn tables(
    errors: &mut FieldErrors,
    (listed, listed_source): (Option<Vec<TableIn>>, Source),
    count: Option<i64>,
    min: Fallback,
    max: Fallback,
) -> Option<Vec<TableDef>> {
    let items: Vec<TableIn> = match (listed, count) {
        (Some(_), Some(_)) => {
            let both = || {
                reasons::fixed(
                    "field-tables-and-count",
                    "give either tables or table_count, not both",
                )
            };
            errors.reject("tables", both());
            errors.reject("table_count", both());
            return None;
        }
        (Some(list), None) => list,
        (None, Some(n)) => {
            if !(1..=MAX_TABLES as i64).contains(&n) {
                errors.reject("table_count", reasons::between(1, MAX_TABLES as i64));
                return None;
            }
            vec![
                TableIn {
                    label: None,
                    min: None,
                    max: None
                };
                n as usize
            ]
        }
        (None, None) => {
            errors.reject(
                "tables",
                reasons::fixed(
                    "field-tables-missing",
                    "give the tables, or table_count to generate them",
                ),
            );
            return None;
        }
    };
    if items.is_empty() || items.len() > MAX_TABLES {
        errors.reject("tables", reasons::table_list(MAX_TABLES));
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    let mut reported: HashSet<String> = HashSet::new();
    for (i, t) in items.into_iter().enumerate() {
        let number = i as i32 + 1;
        let label = match t.label.as_deref().map(|l| single_line(l, usize::MAX)) {
            Some(Ok(l)) if !l.is_empty() => l,
            Some(Err(e)) => {
                errors.reject(format!("tables[{i}].label"), e);
                ok = false;
                String::new()
            }
            Some(Ok(_)) | None => format!("Table {number}"),
        };
        if label.chars().count() > 200 {
            errors.reject(format!("tables[{i}].label"), reasons::too_long(200));
            ok = false;
        }
        let (min, max) = (
            min.or_own(t.min, listed_source),
            max.or_own(t.max, listed_source),
        );
        match TableBounds::parse(min.value, max.value) {
            Ok(b) => out.push(TableDef {
                number,
                label,
                min: b.min() as i32,
                max: b.max() as i32,
            }),
            Err(e) => {
                for field in bounds_fields(i, min.source, max.source, &e) {
                    if reported.insert(field.clone()) {
                        errors.reject(field, e.clone());
                    }
                }
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

impl MeetupIn {
    pub fn into_fields(self, conference: &Conference) -> Result<MeetupFields, Error> {
        let mut errors = FieldErrors::default();
        let min = Fallback::new(
            self.table_min,
            "table_min",
            conference.fields.table_min.into(),
        );
        let max = Fallback::new(
            self.table_max,
            "table_max",
            conference.fields.table_max.into(),
        );
        let tables = tables(
            &mut errors,
            (self.tables, Source::Table),
            self.table_count,
            min,
            max,
        );
        let fields = build(
            &mut errors,
            Draft {
                name: &self.name,
                series: self.series.as_deref(),
                starts_at: self.starts_at,
                ends_at: self.ends_at,
                location: &self.location,
                opt_in_only: self.opt_in_only,
            },
            tables,
        );
        errors.finish()?;
        fields.ok_or_else(|| Error::internal(anyhow::anyhow!("validation passed without values")))
    }
}

impl MeetupPatch {
    pub fn apply(self, current: &MeetupFields) -> Result<MeetupFields, Error> {
        let mut errors = FieldErrors::default();
        let replace_tables = self.tables.is_some() || self.table_count.is_some();
        // New tables take the size of the current first one unless the patch names one.
        let (first_min, first_max) = current.tables.first().map_or_else(
            || {
                let d = TableBounds::default_size();
                (d.min().into(), d.max().into())
            },
            |t| (t.min.into(), t.max.into()),
        );
        let min = Fallback::new(self.table_min, "table_min", first_min);
        let max = Fallback::new(self.table_max, "table_max", first_max);
        let tables = if replace_tables {
            tables(
                &mut errors,
                (self.tables, Source::Table),
                self.table_count,
                min,
                max,
            )
        } else if self.table_min.is_some() || self.table_max.is_some() {
            // Each table keeps the size the patch does not name; an error points at the
            // patch's `table_min`/`table_max`, the only sizes the client sent.
            let resized: Vec<TableIn> = current
                .tables
                .iter()
                .map(|t| TableIn {
                    label: Some(t.label.clone()),
                    min: self.table_min.is_none().then_some(t.min.into()),
                    max: self.table_max.is_none().then_some(t.max.into()),
                })
                .collect();
            tables(
                &mut errors,
                (Some(resized), Source::Inherited),
                None,
                min,
                max,
            )
        } else {
            Some(current.tables.clone())
        };
        let series = match &self.series {
            Some(s) => s.as_deref(),
            None => current.series.as_deref(),
        };
        let fields = build(
            &mut errors,
            Draft {
                name: self.name.as_deref().unwrap_or(&current.name),
                series,
                starts_at: self.starts_at.unwrap_or(current.starts_at),
                ends_at: self.ends_at.unwrap_or(current.ends_at),
                location: self.location.as_deref().unwrap_or(&current.location),
                opt_in_only: self.opt_in_only.unwrap_or(current.opt_in_only),
            },
            tables,
        );
        errors.finish()?;
        fields.ok_or_else(|| Error::internal(anyhow::anyhow!("validation passed without values")))
    }
}

#[derive(Debug, Serialize)]
pub struct TableOut {
    pub number: i32,
    pub label: String,
    pub min: i32,
    pub max: i32,
}

/// A meetup as organizers and attendees see it.
#[derive(Debug, Serialize)]
pub struct MeetupOut {
    pub id: Uuid,
    pub name: String,
    pub series: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub opt_in_only: bool,
    pub tables: Vec<TableOut>,
    /// When the organizer cancelled it; `null` while it takes place.
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Meetup> for MeetupOut {
    fn from(m: Meetup) -> Self {
        Self {
            id: m.id,
            name: m.fields.name,
            series: m.fields.series,
            starts_at: m.fields.starts_at,
            ends_at: m.fields.ends_at,
            location: m.fields.location,
            opt_in_only: m.fields.opt_in_only,
            tables: m
                .fields
                .tables
                .into_iter()
                .map(|t| TableOut {
                    number: t.number,
                    label: t.label,
                    min: t.min,
                    max: t.max,
                })
                .collect(),
            cancelled_at: m.cancelled_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MeetupList {
    pub items: Vec<MeetupOut>,
}

/// A meetup from the attendee's side: when, where, and whether they take part.
#[derive(Debug, Serialize)]
pub struct MyMeetupOut {
    pub id: Uuid,
    pub name: String,
    pub series: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub opt_in_only: bool,
    pub attending: bool,
}

impl From<MyMeetup> for MyMeetupOut {
    fn from(m: MyMeetup) -> Self {
        Self {
            id: m.meetup.id,
            name: m.meetup.fields.name,
            series: m.meetup.fields.series,
            starts_at: m.meetup.fields.starts_at,
            ends_at: m.meetup.fields.ends_at,
            location: m.meetup.fields.location,
            opt_in_only: m.meetup.fields.opt_in_only,
            attending: m.attending,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MyMeetupList {
    pub items: Vec<MyMeetupOut>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendingIn {
    pub attending: bool,
}

impl ObjectPaths for AttendingIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}
