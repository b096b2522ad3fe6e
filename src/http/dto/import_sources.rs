//! Where an attendee file comes from and what its columns mean: the tablemates CSV, the pretix
//! order data exports (CSV, and JSON through `dto::pretix_export`) and the Indico registrant
//! CSV, each told apart by its header line and read with its own column names.
//!
//! A consent column is never guessed for a pretix or Indico file: those sources ask their own
//! questions, and only the organizer knows which of them asked for tablemates' consent, so they
//! name it (`privacy_consent_column`, `email_consent_column`). A tablemates CSV may carry its
//! own `privacy_consent` and `email_consent` columns.

use serde::Serialize;

use crate::domain::Network;

/// A file's header and data rows, each with the number the report gives it.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// The kind of file, as the preview names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    TablematesCsv,
    PretixCsv,
    PretixJson,
    IndicoCsv,
}

/// A column the import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    GivenName,
    FamilyName,
    Email,
    /// The buyer's address, used when a ticket names no attendee email (pretix).
    OrderEmail,
    Affiliation,
    Role,
    Bio,
    Handle(Network),
    Interests,
    Wanted,
    /// The order or registration state; some values mean cancelled.
    Status,
    PrivacyConsent,
    EmailConsent,
}

impl Column {
    /// The canonical name errors and the preview use.
    pub fn field(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::GivenName => "given_name",
            Column::FamilyName => "family_name",
            Column::Email => "email",
            Column::OrderEmail => "order_email",
            Column::Affiliation => "affiliation",
            Column::Role => "role",
            Column::Bio => "bio",
            Column::Handle(network) => network.as_str(),
            Column::Interests => "interests",
            Column::Wanted => "wants",
            Column::Status => "status",
            Column::PrivacyConsent => "privacy_consent",
            Column::EmailConsent => "email_consent",
        }
    }
}

/// Which source columns the organizer says carry the consents (pretix question identifiers
/// for the JSON export, headers for CSV files).
#[derive(Debug, Clone, Default)]
pub struct ConsentColumns {
    pub privacy: Option<String>,
    pub emails: Option<String>,
}

/// Header compared trimmed, lowercased, with `_` and `-` as spaces and runs of spaces as one.
pub fn key(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Source {
    /// Tells a CSV file's source from its header line.
    pub fn of_csv(headers: &[String]) -> Source {
        let keys: Vec<String> = headers.iter().map(|h| key(h)).collect();
        let has = |k: &str| keys.iter().any(|h| h == k);
        if has("order code")
            && keys
                .iter()
                .any(|h| h == "attendee email" || h.starts_with("attendee name"))
        {
            Source::PretixCsv
        } else if has("email address")
            && (has("registration state") || (has("first name") && has("last name")))
        {
            Source::IndicoCsv
        } else {
            Source::TablematesCsv
        }
    }

    /// What a header means in this source, the organizer's consent columns first.
    pub fn column(self, header: &str, consents: &ConsentColumns) -> Option<Column> {
        let name = key(header);
        let named = |c: &Option<String>| c.as_deref().is_some_and(|c| key(c) == name);
        if named(&consents.privacy) {
            return Some(Column::PrivacyConsent);
        }
        if named(&consents.emails) {
            return Some(Column::EmailConsent);
        }
        match self {
            Source::TablematesCsv => tablemates_column(&name),
            Source::PretixCsv | Source::PretixJson => pretix_column(&name),
            Source::IndicoCsv => indico_column(&name),
        }
    }

    /// Whether a status cell says the registration is not settled yet: a pending (unpaid)
    /// pretix order, an Indico registration awaiting approval or payment. pretix's own check-in
    /// lists leave pending orders out unless told otherwise; so does the import.
    pub fn is_unpaid(self, status: &str) -> bool {
        let status = key(status);
        match self {
            Source::PretixCsv | Source::PretixJson => status == "n" || status.contains("pending"),
            Source::IndicoCsv => matches!(status.as_str(), "pending" | "unpaid"),
            Source::TablematesCsv => false,
        }
    }

    /// Whether a status cell says the registration was cancelled.
    pub fn is_cancelled(self, status: &str) -> bool {
        let status = key(status);
        match self {
            // pretix writes its status names in the event's language; the JSON export and the
            // API use one-letter codes (`c` cancelled, `e` expired, `r` refunded in old ones).
            Source::PretixCsv | Source::PretixJson => {
                matches!(status.as_str(), "c" | "e" | "r")
                    || ["cancel", "expired", "refunded"]
                        .iter()
                        .any(|w| status.contains(w))
            }
            Source::IndicoCsv => matches!(status.as_str(), "withdrawn" | "rejected"),
            Source::TablematesCsv => matches!(status.as_str(), "withdrawn" | "cancelled"),
        }
    }
}

/// Whether a consent cell says yes: a ticked box or a yes answer, in the words pretix and Indico
/// export (`True`, `Yes`) and those spreadsheets use.
pub fn agreed(cell: &str) -> bool {
    matches!(
        key(cell).as_str(),
        "yes" | "y" | "true" | "1" | "x" | "on" | "checked" | "agreed" | "accepted" | "ja" | "oui"
    )
}

fn tablemates_column(name: &str) -> Option<Column> {
    Some(match name {
        "name" | "full name" => Column::Name,
        "email" | "e mail" | "email address" | "e mail address" => Column::Email,
        "affiliation" | "company" | "organization" | "organisation" => Column::Affiliation,
        "role" | "title" | "job title" => Column::Role,
        "bio" => Column::Bio,
        "x" | "twitter" => Column::Handle(Network::X),
        "mastodon" => Column::Handle(Network::Mastodon),
        "bluesky" => Column::Handle(Network::Bluesky),
        "linkedin" => Column::Handle(Network::Linkedin),
        "github" => Column::Handle(Network::Github),
        "website" | "url" | "homepage" => Column::Handle(Network::Website),
        "interests" => Column::Interests,
        "wants" | "want to meet" => Column::Wanted,
        "status" => Column::Status,
        "privacy consent" => Column::PrivacyConsent,
        "email consent" | "emails consent" => Column::EmailConsent,
        _ => return None,
    })
}

/// pretix's "Order data" export (the "Order positions" sheet) and the JSON export, whose
/// columns `dto::pretix_export` names the same way.
fn pretix_column(name: &str) -> Option<Column> {
    Some(match name {
        "attendee name" => Column::Name,
        "attendee name: given name" | "attendee name: first name" => Column::GivenName,
        "attendee name: family name" | "attendee name: last name" | "attendee name: surname" => {
            Column::FamilyName
        }
        "attendee email" => Column::Email,
        "email" => Column::OrderEmail,
        "company" => Column::Affiliation,
        "job title" => Column::Role,
        "status" => Column::Status,
        _ => return None,
    })
}

/// Indico's registrant export: `ID`, `Name`, one column per form field (titled as in the
/// form: the personal data fields are `First Name`, `Last Name`, `Email Address`,
/// `Affiliation`, `Position`…) and the registration's state.
fn indico_column(name: &str) -> Option<Column> {
    Some(match name {
        "name" => Column::Name,
        "first name" => Column::GivenName,
        "last name" => Column::FamilyName,
        "email address" | "email" => Column::Email,
        "affiliation" => Column::Affiliation,
        "position" => Column::Role,
        "registration state" => Column::Status,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_name_in_the_consoles_catalogues() {
        use crate::domain::{Language, Network};
        let mut columns = vec![
            Column::Name,
            Column::GivenName,
            Column::FamilyName,
            Column::Email,
            Column::OrderEmail,
            Column::Affiliation,
            Column::Role,
            Column::Bio,
            Column::Interests,
            Column::Wanted,
            Column::Status,
            Column::PrivacyConsent,
            Column::EmailConsent,
        ];
        columns.extend(Network::ALL.map(Column::Handle));
        for language in Language::ALL {
            let ids = crate::i18n::message_ids(language);
            for column in &columns {
                let id = format!("import-field-{}", column.field());
                assert!(ids.contains(&id), "{language} lacks {id}");
            }
        }
    }

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn the_header_line_tells_the_source() {
        assert_eq!(
            Source::of_csv(&headers(
                "Order code,Position ID,Status,Email,Attendee name,Attendee email"
            )),
            Source::PretixCsv
        );
        assert_eq!(
            Source::of_csv(&headers(
                "ID,Name,First Name,Last Name,Email Address,Affiliation"
            )),
            Source::IndicoCsv
        );
        assert_eq!(
            Source::of_csv(&headers("name,email,email address")),
            Source::TablematesCsv
        );
    }

    #[test]
    fn consent_columns_are_only_the_ones_the_organizer_names_outside_tablemates() {
        let none = ConsentColumns::default();
        assert_eq!(Source::PretixCsv.column("Privacy consent", &none), None);
        assert_eq!(
            Source::PretixCsv.column("Job Title", &none),
            Some(Column::Role)
        );
        assert_eq!(
            Source::TablematesCsv.column("privacy_consent", &none),
            Some(Column::PrivacyConsent)
        );
        let named = ConsentColumns {
            privacy: Some("may we seat you?".into()),
            emails: None,
        };
        assert_eq!(
            Source::IndicoCsv.column(" May we seat you? ", &named),
            Some(Column::PrivacyConsent)
        );
    }

    #[test]
    fn cancelled_states_and_yes_answers() {
        assert!(Source::PretixCsv.is_cancelled("Canceled"));
        assert!(Source::PretixJson.is_cancelled("c"));
        assert!(!Source::PretixJson.is_cancelled("p"));
        assert!(!Source::PretixCsv.is_cancelled("Paid"));
        assert!(Source::IndicoCsv.is_cancelled("Withdrawn"));
        assert!(!Source::IndicoCsv.is_cancelled("Complete"));
        assert!(Source::PretixJson.is_unpaid("n"));
        assert!(Source::PretixCsv.is_unpaid("Pending"));
        assert!(!Source::PretixCsv.is_unpaid("Paid"));
        assert!(!Source::PretixJson.is_unpaid("c"));
        assert!(Source::IndicoCsv.is_unpaid("Unpaid"));
        assert!(Source::IndicoCsv.is_unpaid("Pending"));
        assert!(!Source::IndicoCsv.is_unpaid("Complete"));
        assert!(!Source::TablematesCsv.is_unpaid("pending"));
        assert!(agreed("True") && agreed(" yes ") && agreed("1"));
        assert!(!agreed("No") && !agreed("") && !agreed("False"));
    }
}
