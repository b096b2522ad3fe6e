//! Emails in the outbox: what kind, to whom, with what, and where each stands.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::EmailPayload;

named_enum! {
    /// The kinds of email the service sends; each has a folder under `email_templates/` named
    /// after it.
    pub enum EmailKind {
        RegistrationConfirmation,
        AlreadyRegistered,
        AccessLink,
        WithdrawalConfirmation,
        TableIntroduction,
        TableChanged,
        MeetupReminder,
        MeetupCancelled,
        MeetupChanged,
        /// The one-time link an organizer signs in to the console with.
        OrganizerSignIn,
        /// To the address an organizer changed an attendee's email to: confirm it.
        EmailChangeConfirmation,
        /// To the attendee's current address: an organizer asked to change it.
        EmailChangeNotice,
        /// To someone an organizer imported: complete the profile (and accept, when the source
        /// did not ask for consent).
        ImportInvitation,
    }
}

impl EmailKind {
    /// The kinds a person may opt out of.
    pub fn optional() -> Vec<EmailKind> {
        <EmailKind as strum::VariantArray>::VARIANTS
            .iter()
            .copied()
            .filter(|k| !k.is_transactional())
            .collect()
    }

    /// Whether the email is sent whatever the recipient chose: the direct answer to something
    /// they did (registering, asking for their link, withdrawing). The other kinds carry
    /// `List-Unsubscribe` (RFC 8058 one-click) and are not sent to someone who unsubscribed.
    pub fn is_transactional(self) -> bool {
        matches!(
            self,
            EmailKind::RegistrationConfirmation
                | EmailKind::AlreadyRegistered
                | EmailKind::AccessLink
                | EmailKind::WithdrawalConfirmation
                | EmailKind::OrganizerSignIn
                | EmailKind::EmailChangeConfirmation
                | EmailKind::EmailChangeNotice
                | EmailKind::ImportInvitation
        )
    }

    /// Whether the email carries the recipient attendee's personal link, which the mailer
    /// mints when it sends the email (a withdrawal has nothing left to manage; the sign-in
    /// email carries the organizer's sign-in link instead).
    pub fn carries_personal_link(self) -> bool {
        // The confirmation goes to an address that is not the attendee's yet: it carries the
        // link that confirms it, never the personal link (that would hand the registration to
        // whoever typed the address).
        !matches!(
            self,
            EmailKind::WithdrawalConfirmation
                | EmailKind::OrganizerSignIn
                | EmailKind::EmailChangeConfirmation
        )
    }
}

named_enum! {
    /// Where an email in the outbox stands.
    pub enum OutboxStatus {
        /// Waiting to be sent (possibly again, after a failed attempt).
        Pending,
        /// Accepted by the mail server (or written to the mail folder).
        Sent,
        /// Given up on after too many attempts, or impossible to render.
        Failed,
        /// Withdrawn because its recipient unsubscribed before it went out: neither sent nor
        /// failed, and never tried again.
        Skipped,
        /// Withdrawn before it went out because what it said no longer holds (a reminder of a table
        /// the attendee no longer sits at, of a meetup they left or that was deleted); `last_error`
        /// says why. Never sent, never tried again.
        Cancelled,
    }
}

/// An email waiting to be queued.
#[derive(Debug, Clone)]
pub struct NewEmail {
    pub dedupe_key: String,
    pub attendee_id: Option<Uuid>,
    pub recipient: String,
    /// What it says; its kind is the payload's.
    pub payload: EmailPayload,
    /// When it may go out; `None` for at once.
    pub due_at: Option<DateTime<Utc>>,
}

impl NewEmail {
    pub fn kind(&self) -> EmailKind {
        self.payload.kind()
    }
}

/// An email in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEmail {
    pub id: Uuid,
    pub kind: EmailKind,
    pub dedupe_key: String,
    pub attendee_id: Option<Uuid>,
    pub recipient: String,
    /// What the email says, as stored; [`OutboxEmail::payload`] reads it as its kind's struct.
    pub payload: serde_json::Value,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub due_at: DateTime<Utc>,
    pub lease_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl OutboxEmail {
    /// What the email says, read as the struct of its kind.
    pub fn payload(&self) -> Result<EmailPayload, serde_json::Error> {
        EmailPayload::from_json(self.kind, self.payload.clone())
    }
}

/// Which of a conference's emails an organizer lists.
#[derive(Debug, Clone, Default)]
pub struct EmailFilter {
    pub status: Option<OutboxStatus>,
    pub attendee_id: Option<Uuid>,
    pub kind: Option<EmailKind>,
    /// Part of the recipient's address, any case.
    pub recipient: Option<String>,
}
