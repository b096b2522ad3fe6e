//! Conference bodies: what organizers send and what organizers and the public get back.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::domain::records::{Conference, ConferenceFields};
use crate::domain::{
    ConferenceSlug, Interest, Language, TableBounds, TableBoundsError, TimeZone, single_line,
    supported_day,
};
use crate::error::{Error, FieldErrors};

use super::add_validation_errors;
use crate::http::extract::ObjectPaths;
use crate::http::reasons;

#[derive(Debug, Deserialize, Serialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct TableSizeIn {
    #[serde(deserialize_with = "super::whole_number::exact")]
    pub min: i64,
    #[serde(deserialize_with = "super::whole_number::exact")]
    pub max: i64,
}

/// A new conference.
#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ConferenceIn {
    pub slug: String,
    #[validate(length(
        min = 1,
        max = 200,
        code = "field-length-between",
        message = "must be 1 to 200 characters"
    ))]
    pub name: String,
    #[serde(default)]
    #[validate(length(
        max = 10000,
        code = "field-too-long",
        message = "must be at most 10,000 characters"
    ))]
    pub description: String,
    #[serde(default)]
    #[validate(length(
        max = 200,
        code = "field-too-long",
        message = "must be at most 200 characters"
    ))]
    pub venue: String,
    pub time_zone: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[serde(default)]
    pub registration_open: bool,
    #[serde(default)]
    #[validate(length(
        max = 200,
        code = "field-suggested-interests-too-many",
        message = "at most 200 suggested interests"
    ))]
    pub suggested_interests: Vec<String>,
    #[serde(default)]
    pub table_size: Option<TableSizeIn>,
    /// `en` (when absent) or `de`: pages and emails for attendees who chose no language.
    #[serde(default)]
    pub default_language: Option<String>,
}

/// Changes to a conference; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, Default)]
#[serde(deny_unknown_fields)]
pub struct ConferencePatch {
    #[validate(length(
        min = 1,
        max = 200,
        code = "field-length-between",
        message = "must be 1 to 200 characters"
    ))]
    pub name: Option<String>,
    #[validate(length(
        max = 10000,
        code = "field-too-long",
        message = "must be at most 10,000 characters"
    ))]
    pub description: Option<String>,
    #[validate(length(
        max = 200,
        code = "field-too-long",
        message = "must be at most 200 characters"
    ))]
    pub venue: Option<String>,
    pub time_zone: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    #[validate(length(
        max = 200,
        code = "field-suggested-interests-too-many",
        message = "at most 200 suggested interests"
    ))]
    pub suggested_interests: Option<Vec<String>>,
    pub table_size: Option<TableSizeIn>,
    pub default_language: Option<String>,
}

impl ObjectPaths for ConferenceIn {
    const OBJECT_PATHS: &'static [&'static str] = &["", "table_size"];
}

impl ObjectPaths for ConferencePatch {
    const OBJECT_PATHS: &'static [&'static str] = &["", "table_size"];
}

impl ConferenceIn {
    /// The slug and the validated fields, or every invalid field at once.
    pub fn into_parts(self) -> Result<(ConferenceSlug, ConferenceFields, bool), Error> {
        let mut errors = FieldErrors::default();
        if let Err(found) = self.validate() {
            add_validation_errors(&mut errors, "", found);
        }
        let slug = errors.check("slug", ConferenceSlug::parse(&self.slug));
        let fields = build_fields(
            &mut errors,
            self.name,
            self.description,
            self.venue,
            &self.time_zone,
            self.starts_on,
            self.ends_on,
            &self.suggested_interests,
            self.table_size.unwrap_or_else(|| {
                let d = TableBounds::default_size();
                TableSizeIn {
                    min: d.min().into(),
                    max: d.max().into(),
                }
            }),
            self.default_language.as_deref().unwrap_or("en"),
        );
        errors.finish()?;
        match (slug, fields) {
            (Some(slug), Some(fields)) => Ok((slug, fields, self.registration_open)),
            _ => Err(Error::internal(anyhow::anyhow!(
                "validation passed without values"
            ))),
        }
    }
}

impl ConferencePatch {
    /// Applies the changes to `current`, validating the result as a whole.
    pub fn apply(self, current: &ConferenceFields) -> Result<ConferenceFields, Error> {
        let mut errors = FieldErrors::default();
        if let Err(found) = self.validate() {
            add_validation_errors(&mut errors, "", found);
        }
        let fields = build_fields(
            &mut errors,
            self.name.unwrap_or_else(|| current.name.clone()),
            self.description
                .unwrap_or_else(|| current.description.clone()),
            self.venue.unwrap_or_else(|| current.venue.clone()),
            self.time_zone
                .as_deref()
                .unwrap_or(current.time_zone.as_str()),
            self.starts_on.unwrap_or(current.starts_on),
            self.ends_on.unwrap_or(current.ends_on),
            self.suggested_interests
                .as_deref()
                .unwrap_or(&current.suggested_interests),
            self.table_size.unwrap_or(TableSizeIn {
                min: current.table_min.into(),
                max: current.table_max.into(),
            }),
            self.default_language
                .as_deref()
                .unwrap_or(current.default_language.as_str()),
        );
        errors.finish()?;
        fields.ok_or_else(|| Error::internal(anyhow::anyhow!("validation passed without values")))
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one argument per conference field"
)]
fn build_fields(
    errors: &mut FieldErrors,
    name: String,
    description: String,
    venue: String,
    time_zone: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    suggested: &[String],
    table_size: TableSizeIn,
    default_language: &str,
) -> Option<ConferenceFields> {
    // Lengths are the validator's; here a name and a venue are one line of visible text.
    let name = errors
        .check("name", single_line(&name, usize::MAX))
        .unwrap_or_else(|| "-".to_owned());
    if name.is_empty() {
        errors.reject("name", reasons::blank());
    }
    let venue = errors
        .check("venue", single_line(&venue, usize::MAX))
        .unwrap_or_default();
    let time_zone = errors.check("time_zone", TimeZone::parse(time_zone));
    let default_language = errors.check("default_language", Language::from_str(default_language));
    errors.check("starts_on", supported_day(starts_on));
    errors.check("ends_on", supported_day(ends_on));
    // A rule over two fields names both, so a client can mark either one.
    if ends_on < starts_on {
        errors.reject(
            "starts_on",
            reasons::fixed("field-starts-on-after-end", "must not be after ends_on"),
        );
        errors.reject(
            "ends_on",
            reasons::fixed("field-ends-on-before-start", "must not be before starts_on"),
        );
    }
    let mut interests: Vec<String> = Vec::new();
    for (i, raw) in suggested.iter().enumerate() {
        if let Some(interest) =
            errors.check(format!("suggested_interests[{i}]"), Interest::parse(raw))
        {
            let name = interest.as_str().to_owned();
            if !interests.contains(&name) {
                interests.push(name);
            }
        }
    }
    let bounds = match TableBounds::parse(table_size.min, table_size.max) {
        Ok(bounds) => Some(bounds),
        Err(e) => {
            match e {
                TableBoundsError::Min(_) => errors.reject("table_size.min", e),
                TableBoundsError::Max(_) => errors.reject("table_size.max", e),
                TableBoundsError::Inverted(_) => {
                    errors.reject(
                        "table_size.min",
                        reasons::fixed(
                            "field-table-min-above-max",
                            "must not be larger than table_size.max",
                        ),
                    );
                    errors.reject(
                        "table_size.max",
                        reasons::fixed(
                            "field-table-max-below-min",
                            "must not be smaller than table_size.min",
                        ),
                    );
                }
            }
            None
        }
    };
    let (time_zone, bounds, default_language) = (time_zone?, bounds?, default_language?);
    Some(ConferenceFields {
        name,
        description: description.trim().to_owned(),
        venue,
        time_zone,
        starts_on,
        ends_on,
        suggested_interests: interests,
        table_min: bounds.min() as i32,
        table_max: bounds.max() as i32,
        default_language,
    })
}

#[derive(Debug, Serialize)]
pub struct TableSizeOut {
    pub min: i32,
    pub max: i32,
}

/// A conference as its organizer sees it.
#[derive(Debug, Serialize)]
pub struct ConferenceOut {
    pub id: uuid::Uuid,
    pub slug: ConferenceSlug,
    pub name: String,
    pub description: String,
    pub venue: String,
    pub time_zone: TimeZone,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub registration_open: bool,
    pub suggested_interests: Vec<String>,
    pub table_size: TableSizeOut,
    pub default_language: Language,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Conference> for ConferenceOut {
    fn from(c: Conference) -> Self {
        Self {
            id: c.id,
            slug: c.slug,
            name: c.fields.name,
            description: c.fields.description,
            venue: c.fields.venue,
            time_zone: c.fields.time_zone,
            starts_on: c.fields.starts_on,
            ends_on: c.fields.ends_on,
            registration_open: c.registration_open,
            suggested_interests: c.fields.suggested_interests,
            table_size: TableSizeOut {
                min: c.fields.table_min,
                max: c.fields.table_max,
            },
            default_language: c.fields.default_language,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// A conference as anyone may see it: no ids, no organizer, no attendees.
#[derive(Debug, Serialize)]
pub struct PublicConferenceOut {
    pub slug: ConferenceSlug,
    pub name: String,
    pub description: String,
    pub venue: String,
    pub time_zone: TimeZone,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub registration_open: bool,
    pub suggested_interests: Vec<String>,
    pub default_language: Language,
}

impl From<Conference> for PublicConferenceOut {
    fn from(c: Conference) -> Self {
        Self {
            slug: c.slug,
            name: c.fields.name,
            description: c.fields.description,
            venue: c.fields.venue,
            time_zone: c.fields.time_zone,
            starts_on: c.fields.starts_on,
            ends_on: c.fields.ends_on,
            registration_open: c.registration_open,
            suggested_interests: c.fields.suggested_interests,
            default_language: c.fields.default_language,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ConferenceList {
    pub items: Vec<ConferenceOut>,
}
