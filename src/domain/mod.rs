//! Pure domain types: parsing and normalising what attendees and organizers type.
//!
//! Every type here is valid by construction: the only way to get one is its `parse`, which trims,
//! checks and normalises the input, or returns a [`ParseError`] whose message a person can act
//! on. The HTTP layer attaches the field name; these messages never name the field themselves.
//! Nothing here does I/O, reads the clock or draws random numbers.

mod attendee_status;
mod conference_slug;
mod email;
pub mod erasure;
mod hostname;
mod interest;
mod language;
pub mod links;
mod list;
mod person_name;
pub mod privacy;
mod profile_text;
pub mod records;
mod social;
mod supported_dates;
mod table_bounds;
mod text;
mod time_zone;
pub mod verification;
mod visibility;
mod wanted;
pub mod webhooks;

use std::fmt;

pub use attendee_status::AttendeeStatus;
pub use conference_slug::ConferenceSlug;
pub use email::EmailAddress;
pub use interest::{Interest, MAX_INTERESTS, parse_interests};
pub use language::Language;
pub use list::ListError;
pub use person_name::PersonName;
pub use profile_text::{Affiliation, Bio, Role};
pub use social::{MAX_HANDLE_CHARS, Network, SocialHandle, is_bluesky_did};
pub use supported_dates::{FIRST_YEAR, LAST_YEAR, supported_day, supported_instant};
pub use table_bounds::{MAX_TABLE_SIZE, MIN_TABLE_SIZE, TableBounds, TableBoundsError};
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) use text::is_invisible_format;
pub use text::{single_line, strip_invisible};
pub use time_zone::TimeZone;
pub use verification::{VerificationMethod, Verified};
pub use visibility::Visibility;
pub use wanted::{MAX_WANTED, WantedHandle, parse_wanted};

/// Why a single value was rejected, phrased for the person who typed it
/// (e.g. "must be 1 to 15 letters, digits or underscores, optionally starting with @").
///
/// The message never names the field: the caller knows which field it parsed and adds that.
/// Beside the English message it carries the catalogue id (`code`) and the arguments that
/// render it in another language, so a German page need not show the API's English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    code: &'static str,
    args: Vec<(&'static str, MessageArg)>,
    message: String,
}

/// A value a coded message is rendered with: a number (formatted, and chosen on, per language)
/// or text shown as it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum MessageArg {
    Number(i64),
    Text(String),
}

impl From<i64> for MessageArg {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<u32> for MessageArg {
    fn from(n: u32) -> Self {
        Self::Number(i64::from(n))
    }
}

impl From<i32> for MessageArg {
    fn from(n: i32) -> Self {
        Self::Number(i64::from(n))
    }
}

impl From<u64> for MessageArg {
    fn from(n: u64) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<usize> for MessageArg {
    fn from(n: usize) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<&str> for MessageArg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for MessageArg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl ParseError {
    /// A rejection with the catalogue id `code`, its `args`, and the English `message`, which
    /// must say what the English catalogue's message for `code` says with these arguments.
    pub fn coded<const N: usize>(
        code: &'static str,
        args: [(&'static str, MessageArg); N],
        message: impl Into<String>,
    ) -> Self {
        Self::coded_with(code, args.into(), message)
    }

    /// A rejection put back together from its parts (a field error's, or arguments gathered
    /// at run time).
    pub fn coded_with(
        code: &'static str,
        args: Vec<(&'static str, MessageArg)>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            args,
            message: message.into(),
        }
    }

    /// "must not be empty", the reason most fields share.
    pub fn empty() -> Self {
        Self::coded("field-empty", [], "must not be empty")
    }

    /// "is required", for a field that must be given.
    pub fn required() -> Self {
        Self::coded("field-required", [], "is required")
    }

    /// The reason, suitable to show next to the field.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The catalogue id of the reason.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The arguments the catalogue message for [`Self::code`] takes.
    pub fn args(&self) -> &[(&'static str, MessageArg)] {
        &self.args
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}
