//! The attendee form of the pages: reading an `application/x-www-form-urlencoded` body, turning
//! it into the same bodies the JSON API takes (so one set of rules validates both), filling it
//! from a stored registration, and putting each field error back next to its input.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde::Serialize;

use crate::domain::records::Attendee;
use crate::domain::{Interest, MAX_WANTED, Network, Visibility};
use crate::error::{Error, FieldError};
use crate::http::dto::attendees::{
    AttendeeIn, AttendeePatch, ConsentsIn, HandleIn, VisibilityIn, WantedIn,
};

use super::field_message::localized;
use super::render::PageError;
use crate::i18n::{self, Arg};

/// The fields of a form body, in order, repeated names kept (checkboxes). A body that is not a
/// form: 415; over the size limit: 413.
pub struct FormBody(pub Fields);

impl FromRequest for FormBody {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_form = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|m| m.essence_str() == mime::APPLICATION_WWW_FORM_URLENCODED);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_form {
                return Err(Error::UnsupportedMediaType(
                    "send the form as application/x-www-form-urlencoded".into(),
                )
                .into());
            }
            let bytes = bytes
                .await
                .map_err(|err| match err.as_error::<PayloadError>() {
                    Some(PayloadError::Overflow) => {
                        Error::PayloadTooLarge(super::render::FORM_TOO_LARGE.into())
                    }
                    _ => Error::BadRequest(format!("the form could not be read: {err}")),
                })?;
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
                .map_err(|e| Error::BadRequest(format!("the form could not be read: {e}")))?;
            Ok(FormBody(Fields(pairs)))
        })
    }
}

/// Name/value pairs of a form.
#[derive(Debug, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn checked(&self, name: &str) -> bool {
        !matches!(self.get(name), "" | "false" | "off" | "0")
    }
}

/// One social network's row: the handle and who may see it.
#[derive(Debug, Clone, Serialize)]
pub struct HandleRow {
    pub network: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub value: String,
    pub visibility: String,
}

/// One "people you hope to meet" row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WantedRow {
    pub network: String,
    pub handle: String,
}

/// A suggested interest, as a checkbox.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub value: String,
    pub checked: bool,
}

/// What the attendee form shows, as typed (or as stored when editing).
#[derive(Debug, Clone, Default, Serialize)]
pub struct AttendeeForm {
    pub name: String,
    pub email: String,
    pub affiliation: String,
    pub affiliation_visibility: String,
    pub role: String,
    pub bio: String,
    pub bio_visibility: String,
    pub handles: Vec<HandleRow>,
    /// Interests typed in the free-text field, comma-separated.
    pub interests: String,
    /// Suggested interests that are ticked (normalised).
    pub interests_ticked: Vec<String>,
    pub wanted: Vec<WantedRow>,
    pub consent_privacy: bool,
    pub consent_emails: bool,
    /// `en`, `de`, or "" to follow the conference's default.
    pub language: String,
}

/// Empty "people you hope to meet" rows to offer below those already filled in.
const SPARE_WANTED_ROWS: usize = 3;

/// A form may name row numbers up to this; higher numbers are ignored, so a crafted body
/// cannot make the page render thousands of rows.
const MAX_WANTED_ROW: usize = MAX_WANTED + SPARE_WANTED_ROWS;

fn handle_row(network: Network, value: String, visibility: String) -> HandleRow {
    HandleRow {
        network: network.as_str(),
        label: network.display_name(),
        hint: network.example_handle(),
        value,
        visibility,
    }
}

/// A visibility the form chose, or none (the API's default, or no change).
fn chosen(visibility: &str) -> Option<String> {
    (!visibility.trim().is_empty()).then(|| visibility.to_owned())
}

/// Form field names of a network's handle and its visibility.
fn handle_field(network: &str) -> String {
    format!("handle_{network}")
}

impl AttendeeForm {
    /// An empty form: everything visible to tablemates, as the API defaults.
    pub fn blank() -> Self {
        let default = Visibility::Tablemates.as_str().to_owned();
        Self {
            affiliation_visibility: default.clone(),
            bio_visibility: default.clone(),
            handles: Network::ALL
                .into_iter()
                .map(|n| handle_row(n, String::new(), default.clone()))
                .collect(),
            ..Self::default()
        }
        .with_spare_rows()
    }

    /// The form as posted. Unknown fields are ignored, as browsers send what the page has. A
    /// missing or empty visibility stays empty: the default on registration, unchanged on edit.
    pub fn from_fields(fields: &Fields) -> Self {
        let handles = Network::ALL
            .into_iter()
            .map(|n| {
                let name = handle_field(n.as_str());
                handle_row(
                    n,
                    fields.get(&name).to_owned(),
                    fields.get(&format!("{name}_visibility")).to_owned(),
                )
            })
            .collect();
        let mut rows: BTreeMap<usize, WantedRow> = BTreeMap::new();
        for (key, value) in &fields.0 {
            let Some(rest) = key.strip_prefix("wanted_") else {
                continue;
            };
            let Some((index, part)) = rest.split_once('_') else {
                continue;
            };
            let Some(index) = index.parse::<usize>().ok().filter(|i| *i < MAX_WANTED_ROW) else {
                continue;
            };
            let row = rows.entry(index).or_default();
            match part {
                "network" => row.network = value.clone(),
                "handle" => row.handle = value.clone(),
                _ => {}
            }
        }
        Self {
            name: fields.get("name").to_owned(),
            email: fields.get("email").to_owned(),
            affiliation: fields.get("affiliation").to_owned(),
            affiliation_visibility: fields.get("affiliation_visibility").to_owned(),
            role: fields.get("role").to_owned(),
            bio: fields.get("bio").to_owned(),
            bio_visibility: fields.get("bio_visibility").to_owned(),
            handles,
            interests: fields.get("interests").to_owned(),
            interests_ticked: fields
                .all("interest")
                .filter_map(|i| Interest::parse(i).ok())
                .map(|i| i.as_str().to_owned())
                .collect(),
            wanted: rows.into_values().collect(),
            consent_privacy: fields.checked("consent_privacy"),
            consent_emails: fields.checked("consent_emails"),
            language: fields.get("language").to_owned(),
        }
        .with_spare_rows()
    }

    /// The form filled from a stored registration; `suggested` are the conference's suggested
    /// interests, which appear as ticked boxes instead of text.
    pub fn from_attendee(attendee: &Attendee, suggested: &[String]) -> Self {
        let default = Visibility::Tablemates.as_str().to_owned();
        let handles = Network::ALL
            .into_iter()
            .map(|n| {
                let stored = attendee.handles.iter().find(|h| h.network() == n);
                handle_row(
                    n,
                    stored
                        .map(|h| h.handle.as_str().to_owned())
                        .unwrap_or_default(),
                    stored
                        .map(|h| h.visibility.as_str().to_owned())
                        .unwrap_or_else(|| default.clone()),
                )
            })
            .collect();
        let (ticked, typed): (Vec<String>, Vec<String>) = attendee
            .interests
            .iter()
            .cloned()
            .partition(|i| suggested.contains(i));
        let f = &attendee.fields;
        Self {
            name: f.name.to_string(),
            email: f.email.to_string(),
            affiliation: f.affiliation.clone().unwrap_or_default(),
            affiliation_visibility: f.affiliation_visibility.as_str().to_owned(),
            role: f.role.clone().unwrap_or_default(),
            bio: f.bio.clone().unwrap_or_default(),
            bio_visibility: f.bio_visibility.as_str().to_owned(),
            handles,
            interests: typed.join(", "),
            interests_ticked: ticked,
            wanted: attendee
                .wanted
                .iter()
                .map(|w| WantedRow {
                    network: w.handle.network().as_str().to_owned(),
                    handle: w.handle.as_str().to_owned(),
                })
                .collect(),
            consent_privacy: true,
            consent_emails: attendee.email_consent_at.is_some(),
            language: f
                .language
                .map(|l| l.as_str().to_owned())
                .unwrap_or_default(),
        }
        .with_spare_rows()
    }

    fn with_spare_rows(mut self) -> Self {
        let keep = self
            .wanted
            .iter()
            .rposition(|r| !r.handle.trim().is_empty())
            .map_or(0, |i| i + 1);
        self.wanted.truncate(keep);
        let target = (keep + SPARE_WANTED_ROWS).min(MAX_WANTED_ROW);
        while self.wanted.len() < target {
            self.wanted.push(WantedRow::default());
        }
        self
    }

    /// The suggested interests as checkboxes, ticked as in this form.
    pub fn suggestions(&self, suggested: &[String]) -> Vec<Suggestion> {
        suggested
            .iter()
            .map(|s| Suggestion {
                value: s.clone(),
                checked: self.interests_ticked.contains(s),
            })
            .collect()
    }

    fn filled_handles(&self) -> Vec<&HandleRow> {
        self.handles
            .iter()
            .filter(|h| !h.value.trim().is_empty())
            .collect()
    }

    /// Indexes into `self.wanted` of the rows that name someone, in order.
    fn filled_wanted(&self) -> Vec<usize> {
        (0..self.wanted.len())
            .filter(|&i| !self.wanted[i].handle.trim().is_empty())
            .collect()
    }

    fn interest_list(&self) -> Vec<String> {
        self.interests_ticked
            .iter()
            .cloned()
            .chain(
                self.interests
                    .split([',', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            )
            .collect()
    }

    fn handles_in(&self) -> Vec<HandleIn> {
        self.filled_handles()
            .into_iter()
            .map(|h| HandleIn {
                network: h.network.to_owned(),
                handle: h.value.clone(),
                visibility: chosen(&h.visibility),
            })
            .collect()
    }

    fn wanted_in(&self) -> Vec<WantedIn> {
        self.filled_wanted()
            .into_iter()
            .map(|i| WantedIn {
                network: self.wanted[i].network.clone(),
                handle: self.wanted[i].handle.clone(),
            })
            .collect()
    }

    fn visibility_in(&self) -> VisibilityIn {
        VisibilityIn {
            affiliation: chosen(&self.affiliation_visibility),
            bio: chosen(&self.bio_visibility),
        }
    }

    /// The JSON API's registration body this form stands for.
    pub fn to_registration(&self) -> AttendeeIn {
        AttendeeIn {
            name: self.name.clone(),
            email: self.email.clone(),
            affiliation: Some(self.affiliation.clone()),
            role: Some(self.role.clone()),
            bio: Some(self.bio.clone()),
            handles: self.handles_in(),
            interests: self.interest_list(),
            wants_to_meet: self.wanted_in(),
            visibility: self.visibility_in(),
            consents: ConsentsIn {
                privacy: self.consent_privacy,
                emails: self.consent_emails,
            },
            language: Some(self.language.clone()),
        }
    }

    /// The JSON API's edit body this form stands for: every part replaced, the email kept.
    pub fn to_patch(&self) -> AttendeePatch {
        AttendeePatch {
            name: Some(self.name.clone()),
            email: None,
            affiliation: Some(Some(self.affiliation.clone())),
            role: Some(Some(self.role.clone())),
            bio: Some(Some(self.bio.clone())),
            handles: Some(self.handles_in()),
            interests: Some(self.interest_list()),
            wants_to_meet: Some(self.wanted_in()),
            visibility: Some(self.visibility_in()),
            language: Some(Some(self.language.clone())),
        }
    }

    /// The form field an API field path (`handles[1].handle`) refers to, so its message can
    /// stand next to that input. Paths the form has no input for go to `form`.
    pub fn field_of(&self, path: &str) -> String {
        let indexed = |prefix: &str| -> Option<(usize, String)> {
            let rest = path.strip_prefix(prefix)?.strip_prefix('[')?;
            let (index, rest) = rest.split_once(']')?;
            Some((index.parse().ok()?, rest.trim_start_matches('.').to_owned()))
        };
        match path {
            "name" | "email" | "affiliation" | "role" | "bio" | "language" => {
                return path.to_owned();
            }
            "visibility.affiliation" => return "affiliation_visibility".to_owned(),
            "visibility.bio" => return "bio_visibility".to_owned(),
            "consents.privacy" => return "consent_privacy".to_owned(),
            "consents.emails" => return "consent_emails".to_owned(),
            "handles" => return "handles".to_owned(),
            "wants_to_meet" => return "wanted".to_owned(),
            _ => {}
        }
        if path == "interests" || path.starts_with("interests[") {
            return "interests".to_owned();
        }
        if let Some((i, part)) = indexed("handles") {
            return match self.filled_handles().get(i) {
                Some(row) if part == "visibility" => {
                    format!("{}_visibility", handle_field(row.network))
                }
                Some(row) => handle_field(row.network),
                None => "handles".to_owned(),
            };
        }
        if let Some((i, part)) = indexed("wants_to_meet") {
            return match self.filled_wanted().get(i) {
                Some(row) if part == "network" => format!("wanted_{row}_network"),
                Some(row) => format!("wanted_{row}_handle"),
                None => "wanted".to_owned(),
            };
        }
        "form".to_owned()
    }

    /// The messages of `err` by form field, when it concerns fields; `None` for any other error.
    pub fn errors_of(&self, err: &Error) -> Option<FormErrors> {
        self.errors_labelled(err, |field| self.label_of(field))
    }

    /// Like [`Self::errors_of`], with the summary naming each field by `label` (a page that
    /// words its labels differently, e.g. the organizer's).
    pub fn errors_labelled(
        &self,
        err: &Error,
        label: impl Fn(&str) -> String,
    ) -> Option<FormErrors> {
        let list: Vec<FieldError> = match err {
            Error::Validation(list) => list.clone(),
            Error::Conflict { field: Some(_), .. } => {
                err.conflict_as_field("").into_iter().collect()
            }
            _ => return None,
        };
        let mut out = FormErrors::default();
        for e in list {
            let field = self.field_of(&e.field);
            let message = localized(&e);
            if !out.errors.contains_key(&field) {
                out.summary.push(SummaryItem {
                    target: target_of(&field),
                    text: format!("{}: {message}", label(&field)),
                });
            }
            out.errors.entry(field).or_default().push(message);
        }
        Some(out)
    }

    /// How the page labels a form field, for the error summary, in the page's language.
    pub fn label_of(&self, field: &str) -> String {
        let language = crate::http::language::current();
        let text = |id: &str, args: &[(&str, Arg)]| i18n::text(language, id, args);
        let fixed = match field {
            "name" => "label-name",
            "email" => "label-email",
            "role" => "label-role",
            "affiliation" => "label-affiliation",
            "affiliation_visibility" => "label-affiliation-visibility",
            "bio" => "label-bio",
            "bio_visibility" => "label-bio-visibility",
            "handles" => "legend-online",
            "interests" => "legend-interests",
            "wanted" => "legend-wanted",
            "consent_privacy" => "label-consent",
            "consent_emails" => "label-emails",
            "language" => "label-language",
            _ => "",
        };
        if !fixed.is_empty() {
            return text(fixed, &[]);
        }
        if let Some(rest) = field.strip_prefix("handle_") {
            let (network, visibility) = match rest.strip_suffix("_visibility") {
                Some(network) => (network, true),
                None => (rest, false),
            };
            if let Some(row) = self.handles.iter().find(|h| h.network == network) {
                return if visibility {
                    text(
                        "label-handle-visibility-of",
                        &[("network", Arg::Text(row.label.to_owned()))],
                    )
                } else {
                    row.label.to_owned()
                };
            }
        }
        if let Some(rest) = field.strip_prefix("wanted_")
            && let Some((row, part)) = rest.split_once('_')
            && let Ok(row) = row.parse::<usize>()
        {
            let id = if part == "network" {
                "label-wanted-network"
            } else {
                "label-wanted-handle"
            };
            return text(id, &[("number", Arg::Number(row as i64 + 1))]);
        }
        text("label-this-form", &[])
    }
}

/// Where the summary links to: the input, or the message of a group of inputs.
fn target_of(field: &str) -> String {
    match field {
        "handles" | "wanted" => format!("{field}-error"),
        "form" => "error-summary-title".to_owned(),
        _ => format!("f-{field}"),
    }
}

/// One line of the summary above a form with errors, linking to the field.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryItem {
    pub target: String,
    pub text: String,
}

/// The errors of a submitted form: by form field, next to the inputs, and as a summary list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FormErrors {
    pub errors: HashMap<String, Vec<String>>,
    pub summary: Vec<SummaryItem>,
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
    fn a_posted_form_becomes_the_json_registration() {
        let form = AttendeeForm::from_fields(&fields(&[
            ("name", "Ada"),
            ("email", "ada@example.org"),
            ("handle_github", "@ada-l"),
            ("handle_github_visibility", "nobody"),
            ("handle_x", ""),
            ("interest", "Rust"),
            ("interests", "looms, , engines"),
            ("wanted_0_network", "x"),
            ("wanted_0_handle", ""),
            ("wanted_1_network", "x"),
            ("wanted_1_handle", "@grace"),
            ("consent_privacy", "on"),
        ]));
        let body = form.to_registration();
        assert_eq!(body.handles.len(), 1);
        assert_eq!(body.handles[0].network, "github");
        assert_eq!(body.handles[0].visibility.as_deref(), Some("nobody"));
        assert_eq!(body.interests, ["rust", "looms", "engines"]);
        assert_eq!(body.wants_to_meet.len(), 1);
        assert_eq!(body.wants_to_meet[0].handle, "@grace");
        assert!(body.consents.privacy && !body.consents.emails);
        assert!(body.into_input().is_ok());
    }

    #[test]
    fn api_field_paths_map_back_to_the_inputs_that_caused_them() {
        let form = AttendeeForm::from_fields(&fields(&[
            ("handle_mastodon", "not a handle"),
            ("handle_website", "example.org"),
            ("wanted_0_handle", ""),
            ("wanted_2_network", "github"),
            ("wanted_2_handle", "!!"),
        ]));
        assert_eq!(form.field_of("handles[0].handle"), "handle_mastodon");
        assert_eq!(
            form.field_of("handles[1].visibility"),
            "handle_website_visibility"
        );
        assert_eq!(form.field_of("wants_to_meet[0].handle"), "wanted_1_handle");
        assert_eq!(form.field_of("interests[3]"), "interests");
        assert_eq!(form.field_of("consents.privacy"), "consent_privacy");
        assert_eq!(form.field_of("visibility.bio"), "bio_visibility");
        assert_eq!(form.field_of("something.else"), "form");
    }

    #[test]
    fn rows_of_crafted_forms_are_bounded() {
        let form = AttendeeForm::from_fields(&fields(&[
            ("wanted_999999_handle", "x"),
            ("wanted_18446744073709551616_handle", "x"),
        ]));
        assert_eq!(form.wanted.len(), SPARE_WANTED_ROWS);
    }
}
