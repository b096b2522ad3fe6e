//! Attendee bodies: registration, edits by the attendee or the organizer, and the views each of
//! them gets back.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::domain::AttendeeStatus;
use crate::domain::privacy::Observer;
use crate::domain::records::{Attendee, AttendeeFields, Handle, Wanted};
use crate::domain::{
    Affiliation, Bio, EmailAddress, Interest, Language, MAX_INTERESTS, MAX_WANTED, Network,
    ParseError, PersonName, Role, SocialHandle, Visibility,
};
use crate::error::{Error, FieldErrors};
use crate::workflows::attendees::{AttendeeChanges, FieldsPatch};
use crate::workflows::registration::AttendeeInput;

use super::{add_validation_errors, double_option};
use crate::http::extract::ObjectPaths;
use crate::http::reasons;

#[derive(Debug, Deserialize, Serialize, Validate, Clone)]
#[serde(deny_unknown_fields)]
pub struct HandleIn {
    pub network: String,
    #[validate(length(
        max = 2000,
        code = "field-too-long",
        message = "must be at most 2,000 characters"
    ))]
    pub handle: String,
    #[serde(default)]
    pub visibility: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, Validate, Clone)]
#[serde(deny_unknown_fields)]
pub struct WantedIn {
    pub network: String,
    #[validate(length(
        max = 2000,
        code = "field-too-long",
        message = "must be at most 2,000 characters"
    ))]
    pub handle: String,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct VisibilityIn {
    pub affiliation: Option<String>,
    pub bio: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ConsentsIn {
    /// Agreement to the processing needed to seat the attendee; registration requires it.
    pub privacy: bool,
    /// Agreement to reminders and other non-essential email.
    #[serde(default)]
    pub emails: bool,
}

/// A registration, from the public form or from an organizer.
#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct AttendeeIn {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub affiliation: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub bio: Option<String>,
    #[serde(default)]
    #[validate(
        length(
            max = 6,
            code = "field-handles-too-many",
            message = "at most one handle per network (6)"
        ),
        nested
    )]
    pub handles: Vec<HandleIn>,
    #[serde(default)]
    pub interests: Vec<String>,
    #[serde(default)]
    #[validate(nested)]
    pub wants_to_meet: Vec<WantedIn>,
    #[serde(default)]
    pub visibility: VisibilityIn,
    pub consents: ConsentsIn,
    /// `en` or `de`; absent or `null` follows the conference's default language.
    #[serde(default)]
    pub language: Option<String>,
}

/// Changes to an attendee: absent fields stay, `null` clears an optional one.
#[derive(Debug, Deserialize, Validate, Default)]
#[serde(deny_unknown_fields)]
pub struct AttendeePatch {
    pub name: Option<String>,
    pub email: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub affiliation: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub role: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub bio: Option<Option<String>>,
    #[validate(
        length(
            max = 6,
            code = "field-handles-too-many",
            message = "at most one handle per network (6)"
        ),
        nested
    )]
    pub handles: Option<Vec<HandleIn>>,
    pub interests: Option<Vec<String>>,
    #[validate(nested)]
    pub wants_to_meet: Option<Vec<WantedIn>>,
    pub visibility: Option<VisibilityIn>,
    /// `null` goes back to following the conference's default language.
    #[serde(default, deserialize_with = "double_option")]
    pub language: Option<Option<String>>,
}

impl ObjectPaths for AttendeeIn {
    const OBJECT_PATHS: &'static [&'static str] =
        &["", "visibility", "consents", "handles[]", "wants_to_meet[]"];
}

impl ObjectPaths for AttendeePatch {
    const OBJECT_PATHS: &'static [&'static str] =
        &["", "visibility", "handles[]", "wants_to_meet[]"];
}

impl AttendeeIn {
    pub fn into_input(self) -> Result<AttendeeInput, Error> {
        let mut errors = FieldErrors::default();
        if let Err(found) = self.validate() {
            add_validation_errors(&mut errors, "", found);
        }
        if !self.consents.privacy {
            errors.reject(
                "consents.privacy",
                ParseError::coded(
                    "field-consent-privacy",
                    [],
                    "must be true: we need your agreement to store your registration",
                ),
            );
        }
        let name = errors.check("name", PersonName::parse(&self.name));
        let email = errors.check("email", EmailAddress::parse(&self.email));
        let affiliation = optional(
            &mut errors,
            "affiliation",
            self.affiliation,
            Affiliation::parse,
        );
        let role = optional(&mut errors, "role", self.role, Role::parse);
        let bio = optional(&mut errors, "bio", self.bio, Bio::parse);
        let affiliation_visibility = visibility(
            &mut errors,
            "visibility.affiliation",
            self.visibility.affiliation.as_deref(),
        );
        let bio_visibility = visibility(
            &mut errors,
            "visibility.bio",
            self.visibility.bio.as_deref(),
        );
        let handles = handles(&mut errors, &self.handles);
        let interests = interests(&mut errors, &self.interests);
        let wanted = wanted(&mut errors, &self.wants_to_meet);
        let language = language(&mut errors, self.language.as_deref());
        errors.finish()?;
        let (Some(name), Some(email)) = (name, email) else {
            return Err(Error::internal(anyhow::anyhow!(
                "validation passed without values"
            )));
        };
        Ok(AttendeeInput {
            fields: AttendeeFields {
                name,
                email,
                affiliation: affiliation.flatten(),
                role: role.flatten(),
                bio: bio.flatten(),
                affiliation_visibility,
                bio_visibility,
                language,
            },
            handles,
            interests,
            wanted,
            email_consent: self.consents.emails,
        })
    }
}

impl AttendeePatch {
    pub fn into_changes(self) -> Result<AttendeeChanges, Error> {
        let mut errors = FieldErrors::default();
        if let Err(found) = self.validate() {
            add_validation_errors(&mut errors, "", found);
        }
        let name = self
            .name
            .and_then(|n| errors.check("name", PersonName::parse(&n)));
        let email = self
            .email
            .and_then(|e| errors.check("email", EmailAddress::parse(&e)));
        let affiliation = self
            .affiliation
            .map(|v| optional(&mut errors, "affiliation", v, Affiliation::parse).flatten());
        let role = self
            .role
            .map(|v| optional(&mut errors, "role", v, Role::parse).flatten());
        let bio = self
            .bio
            .map(|v| optional(&mut errors, "bio", v, Bio::parse).flatten());
        let vis = self.visibility.unwrap_or_default();
        let affiliation_visibility = vis
            .affiliation
            .as_deref()
            .map(|v| visibility(&mut errors, "visibility.affiliation", Some(v)));
        let bio_visibility = vis
            .bio
            .as_deref()
            .map(|v| visibility(&mut errors, "visibility.bio", Some(v)));
        let handles = self.handles.as_deref().map(|h| handles(&mut errors, h));
        let interests = self.interests.as_deref().map(|i| interests(&mut errors, i));
        let wanted = self
            .wants_to_meet
            .as_deref()
            .map(|w| wanted(&mut errors, w));
        let language = self.language.map(|l| language(&mut errors, l.as_deref()));
        errors.finish()?;
        Ok(AttendeeChanges {
            fields: FieldsPatch {
                name,
                email,
                affiliation,
                role,
                bio,
                affiliation_visibility,
                bio_visibility,
                language,
            },
            handles,
            interests,
            wanted,
        })
    }
}

fn optional<T: ToString, E: Into<ParseError>>(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<String>,
    parse: impl Fn(&str) -> Result<Option<T>, E>,
) -> Option<Option<String>> {
    match raw {
        None => Some(None),
        Some(raw) => errors
            .check(field, parse(&raw))
            .map(|v| v.map(|v| v.to_string())),
    }
}

/// A chosen language; `None` (absent, `null` or empty) follows the conference's default.
fn language(errors: &mut FieldErrors, raw: Option<&str>) -> Option<Language> {
    raw.filter(|r| !r.trim().is_empty())
        .and_then(|r| errors.check("language", Language::from_str(r)))
}

fn visibility(errors: &mut FieldErrors, field: &str, raw: Option<&str>) -> Visibility {
    match raw {
        None => Visibility::Tablemates,
        Some(raw) => errors
            .check(
                field,
                Visibility::from_str(raw)
                    .map_err(|_| reasons::one_of(&["nobody", "tablemates", "organizer"])),
            )
            .unwrap_or(Visibility::Tablemates),
    }
}

fn network(errors: &mut FieldErrors, field: String, raw: &str) -> Option<Network> {
    errors.check(
        field,
        Network::from_str(raw).map_err(|_| {
            reasons::one_of(&["x", "mastodon", "bluesky", "linkedin", "github", "website"])
        }),
    )
}

fn handles(errors: &mut FieldErrors, list: &[HandleIn]) -> Vec<Handle> {
    let mut out: Vec<Handle> = Vec::new();
    for (i, h) in list.iter().enumerate() {
        let Some(net) = network(errors, format!("handles[{i}].network"), &h.network) else {
            continue;
        };
        let vis = visibility(
            errors,
            &format!("handles[{i}].visibility"),
            h.visibility.as_deref(),
        );
        let Some(handle) = errors.check(
            format!("handles[{i}].handle"),
            SocialHandle::parse(net, &h.handle),
        ) else {
            continue;
        };
        if out.iter().any(|o| o.network() == net) {
            errors.reject(
                format!("handles[{i}].network"),
                ParseError::coded(
                    "field-handle-network-twice",
                    [],
                    "only one handle per network",
                ),
            );
            continue;
        }
        out.push(Handle {
            handle,
            visibility: vis,
            verified: None,
        });
    }
    out
}

fn interests(errors: &mut FieldErrors, list: &[String]) -> Vec<String> {
    if list.len() > MAX_INTERESTS {
        errors.reject(
            "interests",
            ParseError::coded(
                "field-interests-too-many",
                [("max", MAX_INTERESTS.into())],
                format!("at most {MAX_INTERESTS} interests"),
            ),
        );
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in list.iter().enumerate() {
        if let Some(interest) = errors.check(format!("interests[{i}]"), Interest::parse(raw)) {
            let name = interest.as_str().to_owned();
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

fn wanted(errors: &mut FieldErrors, list: &[WantedIn]) -> Vec<Wanted> {
    if list.len() > MAX_WANTED {
        errors.reject(
            "wants_to_meet",
            ParseError::coded(
                "field-wanted-too-many",
                [("max", MAX_WANTED.into())],
                format!("at most {MAX_WANTED} people"),
            ),
        );
        return Vec::new();
    }
    let mut out: Vec<Wanted> = Vec::new();
    for (i, w) in list.iter().enumerate() {
        let Some(net) = network(errors, format!("wants_to_meet[{i}].network"), &w.network) else {
            continue;
        };
        if let Some(handle) = errors.check(
            format!("wants_to_meet[{i}].handle"),
            SocialHandle::parse(net, &w.handle),
        ) {
            let wanted = Wanted { handle };
            if !out.contains(&wanted) {
                out.push(wanted);
            }
        }
    }
    out
}

#[derive(Debug, Serialize)]
pub struct HandleOut {
    pub network: Network,
    pub handle: String,
    pub display: String,
    pub url: String,
    pub visibility: Visibility,
    /// How and when the attendee proved the handle; `null` while it is only claimed.
    pub verified: Option<crate::domain::Verified>,
}

#[derive(Debug, Serialize)]
pub struct WantedOut {
    pub network: Network,
    pub handle: String,
    /// The attendee holding this handle, once they registered (organizer view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendee_id: Option<Uuid>,
}

#[derive(Debug, Serialize)]
pub struct VisibilityOut {
    pub affiliation: Visibility,
    pub bio: Visibility,
}

#[derive(Debug, Serialize)]
pub struct ConsentsOut {
    /// `None` while an imported attendee has not accepted their invitation.
    pub privacy_at: Option<DateTime<Utc>>,
    pub emails_at: Option<DateTime<Utc>>,
}

/// An attendee's registration. The attendee sees all of it; an organizer sees the fields not
/// marked `nobody`, plus who each wanted handle resolved to.
#[derive(Debug, Serialize)]
pub struct AttendeeOut {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    pub bio: Option<String>,
    pub status: AttendeeStatus,
    pub handles: Vec<HandleOut>,
    pub interests: Vec<String>,
    pub wants_to_meet: Vec<WantedOut>,
    pub visibility: VisibilityOut,
    pub consents: ConsentsOut,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The address an organizer changed the email to, until it confirms; `email` stays in use
    /// until then.
    pub pending_email: Option<String>,
    /// The attendee's language for pages and emails; `null` follows the conference's default.
    pub language: Option<Language>,
}

/// Whose eyes a view is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Attendee,
    Organizer,
}

impl Viewer {
    fn observer(self) -> Observer {
        match self {
            Viewer::Attendee => Observer::Themself,
            Viewer::Organizer => Observer::Organizer,
        }
    }
}

impl From<Handle> for HandleOut {
    fn from(h: Handle) -> Self {
        Self {
            display: h.handle.display(),
            url: h.handle.profile_url(),
            network: h.network(),
            handle: h.handle.as_str().to_owned(),
            visibility: h.visibility,
            verified: h.verified,
        }
    }
}

impl AttendeeOut {
    pub fn new(a: Attendee, viewer: Viewer) -> Self {
        let observer = viewer.observer();
        let affiliation = observer.reveal(a.fields.affiliation_visibility, a.fields.affiliation);
        let bio = observer.reveal(a.fields.bio_visibility, a.fields.bio);
        let handles = a
            .handles
            .into_iter()
            .filter(|h| observer.sees(h.visibility))
            .map(HandleOut::from)
            .collect();
        let wants_to_meet = a
            .wanted
            .into_iter()
            .map(|w| WantedOut {
                network: w.handle.network(),
                handle: w.handle.as_str().to_owned(),
                attendee_id: w.attendee_id.filter(|_| viewer == Viewer::Organizer),
            })
            .collect();
        Self {
            id: a.id,
            name: a.fields.name.to_string(),
            email: a.fields.email.to_string(),
            affiliation,
            role: a.fields.role,
            bio,
            status: a.status,
            handles,
            interests: a.interests,
            wants_to_meet,
            visibility: VisibilityOut {
                affiliation: a.fields.affiliation_visibility,
                bio: a.fields.bio_visibility,
            },
            consents: ConsentsOut {
                privacy_at: a.privacy_consent_at,
                emails_at: a.email_consent_at,
            },
            confirmed_at: a.confirmed_at,
            withdrawn_at: a.withdrawn_at,
            created_at: a.created_at,
            updated_at: a.updated_at,
            pending_email: a.pending_email.map(|e| e.to_string()),
            language: a.fields.language,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AttendeePage {
    pub items: Vec<AttendeeOut>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// Query of the organizer's attendee list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendeeListQuery {
    /// Numbers arrive as text so a bad one is reported under its own name.
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub q: Option<String>,
    pub status: Option<String>,
}

/// The answer to every registration, new or repeated.
#[derive(Debug, Serialize)]
pub struct RegistrationAccepted {
    pub status: &'static str,
    pub detail: &'static str,
}

/// Everything the service holds about the attendee (`GET /api/v1/me/data.json`).
#[derive(Debug, Serialize)]
pub struct MyDataOut {
    pub exported_at: DateTime<Utc>,
    pub registration: AttendeeOut,
    pub meetups: Vec<MyMeetupChoiceOut>,
    pub tables: Vec<crate::workflows::exports::me::MyTable>,
    pub emails: Vec<MyEmailOut>,
    /// False once they unsubscribed from emails about tables and meetups.
    pub table_emails: bool,
}

#[derive(Debug, Serialize)]
pub struct MyMeetupChoiceOut {
    pub meetup_id: Uuid,
    pub name: String,
    pub attending: bool,
}

#[derive(Debug, Serialize)]
pub struct MyEmailOut {
    pub kind: crate::domain::records::EmailKind,
    pub status: crate::domain::records::OutboxStatus,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl MyDataOut {
    pub fn new(held: crate::workflows::attendees::HeldAbout, now: DateTime<Utc>) -> Self {
        Self {
            exported_at: now,
            registration: AttendeeOut::new(held.attendee, Viewer::Attendee),
            meetups: held
                .meetups
                .into_iter()
                .map(|m| MyMeetupChoiceOut {
                    meetup_id: m.meetup.id,
                    name: m.meetup.fields.name,
                    attending: m.attending,
                })
                .collect(),
            tables: held.tables,
            emails: held
                .emails
                .into_iter()
                .map(|e| MyEmailOut {
                    kind: e.kind,
                    status: e.status,
                    created_at: e.created_at,
                    sent_at: e.sent_at,
                })
                .collect(),
            table_emails: held.wants_table_emails,
        }
    }
}
