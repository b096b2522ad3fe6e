//! What each kind of email says: one struct per kind, stored in the outbox as JSON and rendered
//! by the mailer's templates from that JSON. A workflow fills the struct when it queues the
//! email; a later change (a meetup moved) rewrites the struct, never JSON keys.
//!
//! No struct holds a link with a secret in it (personal link, sign-in link, unsubscribe link):
//! the mailer mints those when it renders the email for sending, so the outbox never holds
//! anything that works as a credential. A payload stored before that still reads: the keys it
//! had for links are ignored, and the mailer mints fresh links for it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Conference, EmailKind, Meetup};
use crate::domain::{Language, Network};

/// The meetup as every meetup email shows it; times stay UTC, the templates format them in
/// `time_zone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetupShown {
    pub id: Uuid,
    pub name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    pub location: String,
}

impl MeetupShown {
    pub fn of(conference: &Conference, meetup: &Meetup) -> Self {
        Self {
            id: meetup.id,
            name: meetup.fields.name.clone(),
            starts_at: meetup.fields.starts_at,
            ends_at: meetup.fields.ends_at,
            time_zone: conference.fields.time_zone.to_string(),
            location: meetup.fields.location.clone(),
        }
    }
}

/// The calendar invitation an email carries: its UID (one per attendee and meetup), its
/// SEQUENCE and method (`REQUEST` or `CANCEL`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarShown {
    pub uid: String,
    pub sequence: i64,
    pub method: String,
}

impl CalendarShown {
    /// The UID of an attendee's event for a meetup: the same in every email and file, so a
    /// calendar replaces the event instead of adding another.
    pub fn uid_for(meetup_id: Uuid, attendee_id: Uuid) -> String {
        format!("meetup-{meetup_id}-attendee-{attendee_id}@tablemates")
    }
}

/// A handle as a tablemate may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisibleHandle {
    pub network: String,
    /// As people write it (`@ada@hachyderm.io`, `@ada`, `in/ada`).
    pub handle: String,
    pub url: String,
    /// Whether its holder proved it; otherwise it is only claimed. An older payload lacks it
    /// and reads as claimed.
    #[serde(default)]
    pub verified: bool,
}

/// Someone at the recipient's table, as the recipient may see them. What an older payload
/// lacks reads as not shown and not wanted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TablemateShown {
    pub name: String,
    pub affiliation: Option<String>,
    pub bio: Option<String>,
    pub handles: Vec<VisibleHandle>,
    pub mutual_want: bool,
    pub you_wanted: bool,
    pub wanted_you: bool,
}

/// An interest the table shares, and who at the table has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedInterestShown {
    pub interest: String,
    pub people: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableShown {
    pub label: String,
    pub number: i32,
}

/// A handle the registration asked for that someone else in the conference holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimedHandle {
    pub network: Network,
    pub handle: String,
}

/// "Please confirm your registration".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub attendee_name: String,
    pub conference_name: String,
    pub conference_slug: String,
    pub handles_claimed_by_someone_else: Vec<ClaimedHandle>,
}

/// "You were imported": complete your profile, and accept when `needs_acceptance` (the source
/// carried no privacy consent, so nothing is shown or seated until they accept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportInvitation {
    pub attendee_name: String,
    pub conference_name: String,
    pub conference_slug: String,
    pub needs_acceptance: bool,
}

/// "You are already registered", sent instead of a second registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlreadyRegistered {
    pub conference_name: String,
    pub conference_slug: String,
}

/// The personal link, asked for again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLink {
    pub attendee_name: String,
    pub conference_name: String,
    pub conference_slug: String,
}

/// The link an organizer signs in with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerSignIn {
    /// Whom the mailer mints the link for; a payload queued before links were minted at
    /// sending lacks it, and the mailer finds the organizer by the recipient's address.
    #[serde(default)]
    pub organizer_id: Option<Uuid>,
    pub organizer_name: String,
    /// How long the link works.
    pub minutes: i64,
    /// The language of the page the organizer asked from (no attendee row says it); a payload
    /// queued before this was recorded is sent in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// Why the service changed a published table, when it was not the organizer's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeWhy {
    /// People joined or left the meetup since the plan was published.
    Roster { joined: u64, left: u64 },
    /// Someone left and erased their registration.
    Erased,
}

/// "You have withdrawn".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub attendee_name: String,
    pub conference_name: String,
    pub conference_slug: String,
}

/// The recipient's table at a meetup: the introduction, a change, the reminder, or the meetup
/// moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableLetter {
    pub attendee_id: Uuid,
    pub attendee_name: String,
    pub conference_name: String,
    pub conference_slug: String,
    pub meetup: MeetupShown,
    pub table: TableShown,
    pub tablemates: Vec<TablemateShown>,
    pub shared_interests: Vec<SharedInterestShown>,
    /// `None` for the reminder, which carries no invitation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarShown>,
    /// Why the table changed (table changes only): the organizer's words, or the service's
    /// English when `why` says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The service's own reason, which the email says in the attendee's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<ChangeWhy>,
    /// The meetup as it was (meetup changes only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<MeetupShown>,
    /// The recipient's tables at the other meetups published together with this one (a series
    /// published at once), in time order: one introduction lists them all, each with its own
    /// invitation, instead of one email per meetup in the same second.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_tables: Vec<TableAt>,
}

/// One more of the recipient's tables in a letter about several meetups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableAt {
    pub meetup: MeetupShown,
    pub table: TableShown,
    pub tablemates: Vec<TablemateShown>,
    pub shared_interests: Vec<SharedInterestShown>,
    pub calendar: Option<CalendarShown>,
}

/// "Your seat at this meetup is cancelled" (a repair took the recipient out) or "this meetup is
/// cancelled" (the organizer cancelled it), with a CANCEL invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    pub attendee_id: Uuid,
    pub attendee_name: String,
    pub conference_name: String,
    pub conference_slug: String,
    pub meetup: MeetupShown,
    pub calendar: CalendarShown,
    /// True when the whole meetup was cancelled, false when only the recipient's seat was (a
    /// payload stored before meetups could be cancelled reads as false).
    #[serde(default)]
    pub meetup_cancelled: bool,
}

/// "Confirm this address": an organizer changed an attendee's email to it, and the change
/// waits for this address to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailChangeConfirmation {
    pub attendee_name: String,
    pub conference_name: String,
    pub conference_slug: String,
    pub new_email: String,
}

/// "The organizer asked to change your address", to the address in use, with the attendee's
/// personal link so they can see the change waiting and cancel it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailChangeNotice {
    pub attendee_name: String,
    pub conference_name: String,
    pub conference_slug: String,
    pub new_email: String,
}

/// What an email says, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailPayload {
    RegistrationConfirmation(Confirmation),
    AlreadyRegistered(AlreadyRegistered),
    AccessLink(AccessLink),
    WithdrawalConfirmation(Withdrawal),
    TableIntroduction(TableLetter),
    TableChanged(TableLetter),
    MeetupReminder(TableLetter),
    MeetupChanged(TableLetter),
    MeetupCancelled(Cancellation),
    OrganizerSignIn(OrganizerSignIn),
    EmailChangeConfirmation(EmailChangeConfirmation),
    EmailChangeNotice(EmailChangeNotice),
    ImportInvitation(ImportInvitation),
}

impl EmailPayload {
    pub fn kind(&self) -> EmailKind {
        match self {
            EmailPayload::RegistrationConfirmation(_) => EmailKind::RegistrationConfirmation,
            EmailPayload::AlreadyRegistered(_) => EmailKind::AlreadyRegistered,
            EmailPayload::AccessLink(_) => EmailKind::AccessLink,
            EmailPayload::WithdrawalConfirmation(_) => EmailKind::WithdrawalConfirmation,
            EmailPayload::TableIntroduction(_) => EmailKind::TableIntroduction,
            EmailPayload::TableChanged(_) => EmailKind::TableChanged,
            EmailPayload::MeetupReminder(_) => EmailKind::MeetupReminder,
            EmailPayload::MeetupChanged(_) => EmailKind::MeetupChanged,
            EmailPayload::MeetupCancelled(_) => EmailKind::MeetupCancelled,
            EmailPayload::OrganizerSignIn(_) => EmailKind::OrganizerSignIn,
            EmailPayload::EmailChangeConfirmation(_) => EmailKind::EmailChangeConfirmation,
            EmailPayload::EmailChangeNotice(_) => EmailKind::EmailChangeNotice,
            EmailPayload::ImportInvitation(_) => EmailKind::ImportInvitation,
        }
    }

    /// The language the payload itself asks for, over the recipient's attendee record: only an
    /// organizer's sign-in email, which has no such record, carries one.
    pub fn language(&self) -> Option<Language> {
        match self {
            EmailPayload::OrganizerSignIn(p) => p.language,
            _ => None,
        }
    }

    /// The payload as stored and as the templates see it: the struct of its kind, as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let json = match self {
            EmailPayload::RegistrationConfirmation(p) => serde_json::to_value(p),
            EmailPayload::AlreadyRegistered(p) => serde_json::to_value(p),
            EmailPayload::AccessLink(p) => serde_json::to_value(p),
            EmailPayload::WithdrawalConfirmation(p) => serde_json::to_value(p),
            EmailPayload::TableIntroduction(p)
            | EmailPayload::TableChanged(p)
            | EmailPayload::MeetupReminder(p)
            | EmailPayload::MeetupChanged(p) => serde_json::to_value(p),
            EmailPayload::MeetupCancelled(p) => serde_json::to_value(p),
            EmailPayload::OrganizerSignIn(p) => serde_json::to_value(p),
            EmailPayload::EmailChangeConfirmation(p) => serde_json::to_value(p),
            EmailPayload::EmailChangeNotice(p) => serde_json::to_value(p),
            EmailPayload::ImportInvitation(p) => serde_json::to_value(p),
        };
        // Plain structs of strings, numbers and lists always serialise.
        json.unwrap_or_default()
    }

    /// The payload of a `kind` email stored as `json`.
    pub fn from_json(kind: EmailKind, json: serde_json::Value) -> Result<Self, serde_json::Error> {
        use serde_json::from_value as read;
        Ok(match kind {
            EmailKind::RegistrationConfirmation => {
                EmailPayload::RegistrationConfirmation(read(json)?)
            }
            EmailKind::AlreadyRegistered => EmailPayload::AlreadyRegistered(read(json)?),
            EmailKind::AccessLink => EmailPayload::AccessLink(read(json)?),
            EmailKind::WithdrawalConfirmation => EmailPayload::WithdrawalConfirmation(read(json)?),
            EmailKind::TableIntroduction => EmailPayload::TableIntroduction(read(json)?),
            EmailKind::TableChanged => EmailPayload::TableChanged(read(json)?),
            EmailKind::MeetupReminder => EmailPayload::MeetupReminder(read(json)?),
            EmailKind::MeetupChanged => EmailPayload::MeetupChanged(read(json)?),
            EmailKind::MeetupCancelled => EmailPayload::MeetupCancelled(read(json)?),
            EmailKind::OrganizerSignIn => EmailPayload::OrganizerSignIn(read(json)?),
            EmailKind::EmailChangeConfirmation => {
                EmailPayload::EmailChangeConfirmation(read(json)?)
            }
            EmailKind::EmailChangeNotice => EmailPayload::EmailChangeNotice(read(json)?),
            EmailKind::ImportInvitation => EmailPayload::ImportInvitation(read(json)?),
        })
    }

    /// The meetup the email is about, if it is about one.
    pub fn meetup(&self) -> Option<&MeetupShown> {
        match self {
            EmailPayload::TableIntroduction(p)
            | EmailPayload::TableChanged(p)
            | EmailPayload::MeetupReminder(p)
            | EmailPayload::MeetupChanged(p) => Some(&p.meetup),
            EmailPayload::MeetupCancelled(p) => Some(&p.meetup),
            _ => None,
        }
    }

    /// The calendar invitations the email carries, each with its meetup's id: the letter's own
    /// and those of the other meetups a series introduction lists.
    pub fn calendars_mut(&mut self) -> Vec<(Uuid, &mut CalendarShown)> {
        match self {
            EmailPayload::TableIntroduction(p)
            | EmailPayload::TableChanged(p)
            | EmailPayload::MeetupReminder(p)
            | EmailPayload::MeetupChanged(p) => p
                .calendar
                .as_mut()
                .map(|c| (p.meetup.id, c))
                .into_iter()
                .chain(
                    p.more_tables
                        .iter_mut()
                        .filter_map(|t| Some((t.meetup.id, t.calendar.as_mut()?))),
                )
                .collect(),
            EmailPayload::MeetupCancelled(p) => vec![(p.meetup.id, &mut p.calendar)],
            _ => Vec::new(),
        }
    }

    /// Whether the email is about meetup `id` (a letter about several meetups is about each).
    pub fn is_about(&self, id: Uuid) -> bool {
        match self {
            EmailPayload::TableIntroduction(p)
                if p.more_tables.iter().any(|t| t.meetup.id == id) =>
            {
                true
            }
            _ => self.meetup().is_some_and(|m| m.id == id),
        }
    }

    /// Makes the email show `meetup` as it is now; false (and nothing changed) when the email
    /// is about no meetup. In a letter about several meetups, the one with `meetup`'s id.
    pub fn show_meetup(&mut self, meetup: &MeetupShown) -> bool {
        match self {
            EmailPayload::TableIntroduction(p)
                if p.more_tables.iter().any(|t| t.meetup.id == meetup.id) =>
            {
                for t in p
                    .more_tables
                    .iter_mut()
                    .filter(|t| t.meetup.id == meetup.id)
                {
                    t.meetup = meetup.clone();
                }
            }
            EmailPayload::TableIntroduction(p)
            | EmailPayload::TableChanged(p)
            | EmailPayload::MeetupReminder(p)
            | EmailPayload::MeetupChanged(p) => p.meetup = meetup.clone(),
            EmailPayload::MeetupCancelled(p) => p.meetup = meetup.clone(),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> TableLetter {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        TableLetter {
            attendee_id: Uuid::nil(),
            attendee_name: "Ada".into(),
            conference_name: "Conf".into(),
            conference_slug: "conf".into(),
            meetup: MeetupShown {
                id: Uuid::nil(),
                name: "Lunch".into(),
                starts_at: at,
                ends_at: at,
                time_zone: "UTC".into(),
                location: "Hall".into(),
            },
            table: TableShown {
                label: "Table 1".into(),
                number: 1,
            },
            tablemates: Vec::new(),
            shared_interests: Vec::new(),
            calendar: None,
            reason: None,
            why: None,
            previous: None,
            more_tables: Vec::new(),
        }
    }

    #[test]
    fn a_payload_reads_back_as_its_kind_and_absent_parts_stay_absent() {
        let payload = EmailPayload::MeetupReminder(letter());
        let json = payload.to_json();
        assert!(json.get("calendar").is_none(), "{json}");
        assert!(json.get("reason").is_none(), "{json}");
        assert_eq!(
            EmailPayload::from_json(EmailKind::MeetupReminder, json.clone()).unwrap(),
            payload
        );
        // A cancellation needs the invitation a reminder lacks.
        assert!(EmailPayload::from_json(EmailKind::MeetupCancelled, json).is_err());
    }

    #[test]
    fn a_letter_about_several_meetups_is_about_each_and_shows_each_moved_in_its_place() {
        let mut second = letter().meetup;
        second.id = Uuid::from_u128(2);
        second.name = "Lunch, day 2".into();
        let mut series = letter();
        series.more_tables.push(TableAt {
            meetup: second.clone(),
            table: series.table.clone(),
            tablemates: Vec::new(),
            shared_interests: Vec::new(),
            calendar: None,
        });
        let mut payload = EmailPayload::TableIntroduction(series);
        assert!(payload.is_about(Uuid::nil()) && payload.is_about(second.id));
        assert!(!payload.is_about(Uuid::from_u128(3)));
        let mut moved = second.clone();
        moved.location = "Roof".into();
        assert!(payload.show_meetup(&moved));
        let EmailPayload::TableIntroduction(p) = &payload else {
            unreachable!()
        };
        assert_eq!(
            p.meetup,
            letter().meetup,
            "the first meetup stays as it was"
        );
        assert_eq!(p.more_tables[0].meetup.location, "Roof");
        let json = payload.to_json();
        assert_eq!(
            EmailPayload::from_json(EmailKind::TableIntroduction, json).unwrap(),
            payload
        );
    }

    #[test]
    fn a_payload_stored_with_links_reads_and_keeps_none_of_them() {
        let stored = serde_json::json!({
            "attendee_name": "Ada", "conference_name": "Conf", "conference_slug": "conf",
            "manage_url": "http://x/manage?token=tm_att_old",
            "handles_claimed_by_someone_else": [],
        });
        let payload = EmailPayload::from_json(EmailKind::RegistrationConfirmation, stored)
            .expect("an old confirmation still reads");
        assert!(!payload.to_json().to_string().contains("tm_att_"));
        let sign_in = serde_json::json!({
            "organizer_name": "Olga", "minutes": 15,
            "sign_in_url": "http://x/organizer/sign-in/link?token=tm_sin_old",
        });
        let EmailPayload::OrganizerSignIn(p) =
            EmailPayload::from_json(EmailKind::OrganizerSignIn, sign_in).expect("reads")
        else {
            unreachable!()
        };
        assert_eq!(p.organizer_id, None);
        assert!(!serde_json::to_string(&p).expect("json").contains("tm_sin_"));
    }

    #[test]
    fn showing_a_moved_meetup_changes_only_emails_about_a_meetup() {
        let mut moved = letter().meetup;
        moved.location = "Hall B".into();
        let mut payload = EmailPayload::TableChanged(letter());
        assert!(payload.show_meetup(&moved));
        assert_eq!(payload.meetup(), Some(&moved));
        let mut other = EmailPayload::WithdrawalConfirmation(Withdrawal {
            attendee_name: "Ada".into(),
            conference_name: "Conf".into(),
            conference_slug: "conf".into(),
        });
        assert!(!other.show_meetup(&moved));
    }
}
