//! The records every layer passes around: what the store reads and writes, the workflows decide
//! on, the mailer renders and the HTTP layer shows. Statuses and kinds are enums with one name
//! each (the one stored in the database and shown in the API), so no layer compares string
//! literals.
//!
//! Records hold values that were validated when they were written; the store is the only place
//! that turns rows into records and back.

/// Declares an enum whose variants have one name each (snake_case), the same in the database, the
/// API and the logs: parsing, display, serde and the list of variants all come from it.
macro_rules! named_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            strum::EnumString,
            strum::IntoStaticStr,
            strum::Display,
            strum::VariantArray,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        $vis enum $name {
            $($(#[$vmeta])* $variant),*
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }
    };
}

mod attendee;
mod conference;
mod conference_organizer;
mod email;
mod email_payload;
mod job;
mod meetup;
mod organizer_token;
mod plan;
mod pretix;
mod webhook;

pub use attendee::{
    Attendee, AttendeeFields, AttendeeFilter, Handle, Member, NewAttendee, ResolvedWanted, Wanted,
};
pub use conference::{Conference, ConferenceFields, Organizer};
pub use conference_organizer::{ConferenceOrganizer, OrganizerRole};
pub use email::{EmailFilter, EmailKind, NewEmail, OutboxEmail, OutboxStatus};
pub use email_payload::{
    AccessLink, AlreadyRegistered, CalendarShown, Cancellation, ChangeWhy, ClaimedHandle,
    Confirmation, EmailChangeConfirmation, EmailChangeNotice, EmailPayload, ImportInvitation,
    MeetupShown, OrganizerSignIn, SharedInterestShown, TableAt, TableLetter, TableShown,
    TablemateShown, VisibleHandle, Withdrawal,
};
pub use job::{
    Job, JobError, JobFailure, JobFieldError, JobFilter, JobKind, JobOutcome, JobResult, JobStatus,
    PlanMade,
};
pub use meetup::{Meetup, MeetupFields, TableDef};
pub use organizer_token::{OrganizerToken, TokenScope};
pub use plan::{Change, NewPlan, Plan, PlanStatus, PlanSummary, PlanTable, Seat};
pub use pretix::PretixConnection;
pub use webhook::{DeliveryStatus, WebhookDelivery, WebhookEndpoint};

/// The names of an enum's variants as a person reads them in an error: "a, b or c".
pub fn one_of<T>(variants: &[T]) -> String
where
    for<'a> &'a T: Into<&'static str>,
{
    let names: Vec<&'static str> = variants.iter().map(Into::into).collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use strum::VariantArray;

    use super::*;

    #[test]
    fn variants_are_listed_as_a_person_reads_them() {
        assert_eq!(
            one_of(JobStatus::VARIANTS),
            "queued, running, succeeded or failed"
        );
        assert_eq!(one_of(&[JobKind::Plan]), "plan");
    }

    #[test]
    fn every_name_round_trips_through_text_and_json() {
        fn check<T>(variants: &[T])
        where
            T: Copy + PartialEq + std::fmt::Debug + std::str::FromStr + serde::Serialize,
            T: serde::de::DeserializeOwned,
            for<'a> &'a T: Into<&'static str>,
        {
            for v in variants {
                let name: &'static str = v.into();
                assert_eq!(name.parse::<T>().ok(), Some(*v), "{name}");
                assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{name}\""));
                assert_eq!(
                    serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(),
                    *v
                );
            }
        }
        check(PlanStatus::VARIANTS);
        check(JobKind::VARIANTS);
        check(JobStatus::VARIANTS);
        check(EmailKind::VARIANTS);
        check(OutboxStatus::VARIANTS);
    }

    #[test]
    fn stored_names_do_not_change() {
        // These strings are in existing databases and in the API: renaming a variant must not
        // rename them.
        assert_eq!(PlanStatus::Superseded.as_str(), "superseded");
        assert_eq!(JobKind::PlanRepair.as_str(), "plan_repair");
        assert_eq!(
            EmailKind::RegistrationConfirmation.as_str(),
            "registration_confirmation"
        );
        assert_eq!(EmailKind::MeetupReminder.as_str(), "meetup_reminder");
        assert_eq!(OutboxStatus::Skipped.as_str(), "skipped");
    }
}
