//! What the page templates show of a conference and of an attendee's own registration.

use serde::Serialize;
use uuid::Uuid;

use crate::domain::TimeZone;
use crate::domain::records::{Attendee, Conference, VisibleHandle};
use crate::workflows::exports::me::MyTable;
use crate::workflows::meetups::MyMeetup;

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
            dates: crate::i18n::dates::date_range(
                crate::http::language::current(),
                c.fields.starts_on,
                c.fields.ends_on,
            ),
            registration_open: c.registration_open,
        }
    }
}

/// The attendee's own registration, beyond the form fields.
#[derive(Debug, Serialize)]
pub struct RegistrationView {
    pub name: String,
    pub email: String,
    pub status: String,
    pub emails_consented: bool,
    /// Imported without consent: accepting is agreeing.
    pub invited: bool,
    /// An address an organizer changed the email to, waiting for it to confirm.
    pub pending_email: Option<String>,
}

impl From<&Attendee> for RegistrationView {
    fn from(a: &Attendee) -> Self {
        Self {
            name: a.fields.name.to_string(),
            email: a.fields.email.to_string(),
            status: a.status.as_str().to_owned(),
            emails_consented: a.email_consent_at.is_some(),
            invited: a.privacy_consent_at.is_none(),
            pending_email: a.pending_email.as_ref().map(|e| e.to_string()),
        }
    }
}

/// One of the attendee's tables at a published meetup, as their page shows it.
#[derive(Debug, Serialize)]
pub struct MyTableView {
    pub meetup: String,
    pub when: String,
    pub location: String,
    pub table: String,
    pub tablemates: Vec<TablemateView>,
    /// What the table shares, with who shares it (first names as the table list shows them).
    pub shared: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TablemateView {
    pub name: String,
    pub affiliation: Option<String>,
    pub handles: Vec<VisibleHandle>,
}

impl MyTableView {
    pub fn new(table: MyTable, time_zone: TimeZone, me: Uuid) -> Self {
        let name_of = |id: &Uuid| -> Option<String> {
            if *id == me {
                return Some("you".to_owned());
            }
            table
                .tablemates
                .iter()
                .find(|m| m.attendee_id == *id)
                .map(|m| m.name.clone())
        };
        let shared = table
            .shared_interests
            .iter()
            .map(|s| {
                let who: Vec<String> = s.attendee_ids.iter().filter_map(name_of).collect();
                format!("{} ({})", s.interest, who.join(", "))
            })
            .collect();
        Self {
            meetup: table.meetup.clone(),
            when: crate::i18n::dates::span(
                crate::http::language::current(),
                time_zone,
                table.starts_at,
                table.ends_at,
            ),
            location: table.location.clone(),
            table: table.table_label.clone(),
            shared,
            tablemates: table
                .tablemates
                .into_iter()
                .map(|m| TablemateView {
                    name: m.name,
                    affiliation: m.affiliation,
                    handles: m.handles,
                })
                .collect(),
        }
    }
}

/// A meetup of the conference and whether the attendee takes part, with the toggle's value.
#[derive(Debug, Serialize)]
pub struct MeetupChoiceView {
    pub id: Uuid,
    pub name: String,
    pub when: String,
    pub attending: bool,
}

impl MeetupChoiceView {
    pub fn new(choice: &MyMeetup, time_zone: TimeZone) -> Self {
        let m = &choice.meetup;
        Self {
            id: m.id,
            name: m.fields.name.clone(),
            when: crate::i18n::dates::span(
                crate::http::language::current(),
                time_zone,
                m.fields.starts_at,
                m.fields.ends_at,
            ),
            attending: choice.attending,
        }
    }
}
