//! Bodies of a conference's organizers: whom to add, and how each is shown.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::records::{ConferenceOrganizer, OrganizerRole};
use crate::domain::{EmailAddress, PersonName};
use crate::error::{Error, FieldErrors};
use crate::http::extract::ObjectPaths;
use crate::http::reasons;
use crate::workflows::co_organizers::NewCoOrganizer;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoOrganizerIn {
    pub email: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

impl ObjectPaths for CoOrganizerIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl CoOrganizerIn {
    /// The role is `helper` unless named; every invalid field is listed at once.
    pub fn into_new(self) -> Result<NewCoOrganizer, Error> {
        let mut errors = FieldErrors::default();
        let email = errors.check("email", EmailAddress::parse(&self.email));
        let role = match self.role.as_deref().map(str::trim) {
            None => Some(OrganizerRole::Helper),
            Some(raw) => errors.check(
                "role",
                raw.parse::<OrganizerRole>().map_err(|_| {
                    reasons::must_be(<OrganizerRole as strum::VariantArray>::VARIANTS)
                }),
            ),
        };
        let name = match self.name.as_deref() {
            None => None,
            Some(raw) => errors.check("name", PersonName::parse(raw)),
        };
        errors.finish()?;
        match (email, role) {
            (Some(email), Some(role)) => Ok(NewCoOrganizer { email, role, name }),
            _ => Err(Error::field("body", "is invalid")),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CoOrganizerOut {
    pub organizer_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: OrganizerRole,
    /// The organizer who created the conference: an owner who cannot be removed.
    pub creator: bool,
    pub added_at: DateTime<Utc>,
}

impl From<ConferenceOrganizer> for CoOrganizerOut {
    fn from(c: ConferenceOrganizer) -> Self {
        Self {
            organizer_id: c.organizer.id,
            email: c.organizer.email.to_string(),
            name: c.organizer.name.to_string(),
            role: c.role,
            creator: c.creator,
            added_at: c.added_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CoOrganizerList {
    pub items: Vec<CoOrganizerOut>,
}
