//! A field error's message in the page's language: the catalogue's words for its code
//! (`locales/*/errors.ftl`), or, for a reason nobody has coded, the API's English message.

use crate::domain::{Language, MessageArg};
use crate::error::FieldError;
use crate::i18n::{self, Arg};

/// The message of `error` in the language of the page being built.
pub fn localized(error: &FieldError) -> String {
    message_in(crate::http::language::current(), error)
}

/// The sentence of a refusal (a conflict with stored state) in the language of the page being
/// built; `None` for any other error.
pub fn refusal(err: &crate::error::Error) -> Option<String> {
    err.conflict_as_field("").map(|e| localized(&e))
}

/// The message of `error` in `language`. A code the catalogue lacks is a defect the catalogue
/// tests catch; should one slip through, the English message is shown rather than an id.
pub fn message_in(language: Language, error: &FieldError) -> String {
    let args = error.args.iter().map(|(name, value)| (*name, value));
    coded_in(language, error.code, args, &error.message)
}

/// The message of a stored reason (`code` with `args`, else the English `message`) in the
/// language of the page being built: a failed job's field errors.
pub fn stored(
    code: Option<&str>,
    args: &std::collections::BTreeMap<String, MessageArg>,
    message: &str,
) -> String {
    let args = args.iter().map(|(name, value)| (name.as_str(), value));
    coded_in(crate::http::language::current(), code, args, message)
}

fn coded_in<'a>(
    language: Language,
    code: Option<&str>,
    args: impl Iterator<Item = (&'a str, &'a MessageArg)>,
    message: &str,
) -> String {
    let Some(code) = code else {
        return message.to_owned();
    };
    let args: Vec<(&str, Arg)> = args
        .map(|(name, value)| {
            let value = match value {
                MessageArg::Number(n) => Arg::Text(number(language, *n)),
                MessageArg::Text(text) => Arg::Text(text.clone()),
            };
            (name, value)
        })
        .collect();
    i18n::translate(language, code, &args).unwrap_or_else(|e| {
        tracing::error!(error = %e, "missing translation of a field error");
        message.to_owned()
    })
}

/// `n` with the digit grouping of `language` (2,000 / 2.000), as both write limits in prose.
pub(super) fn number(language: Language, n: i64) -> String {
    let separator = match language {
        Language::En => ',',
        Language::De => '.',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EmailAddress, PersonName, TableBounds, supported_day};
    use crate::error::FieldErrors;

    fn coded(reason: impl Into<crate::domain::ParseError>) -> FieldError {
        FieldError::coded("field", reason)
    }

    #[test]
    fn numbers_are_grouped_as_each_language_writes_them() {
        assert_eq!(number(Language::En, 7), "7");
        assert_eq!(number(Language::En, 200), "200");
        assert_eq!(number(Language::En, 2000), "2,000");
        assert_eq!(number(Language::De, 2000), "2.000");
        assert_eq!(number(Language::De, 1_000_000), "1.000.000");
        assert_eq!(number(Language::En, -12345), "-12,345");
    }

    #[test]
    fn a_failed_jobs_stored_field_error_keeps_its_code_and_values() {
        use crate::domain::records::JobFieldError;
        let error = coded(crate::http::reasons::length_between(1, 200));
        let stored = JobFieldError {
            field: error.field.clone(),
            message: error.message.clone(),
            code: error.code.map(str::to_owned),
            args: error
                .args
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone()))
                .collect(),
        };
        let json = serde_json::to_value(&stored).expect("serialises");
        let read: JobFieldError = serde_json::from_value(json).expect("reads back");
        let args = read.args.iter().map(|(name, value)| (name.as_str(), value));
        assert_eq!(
            coded_in(Language::De, read.code.as_deref(), args, &read.message),
            "muss 1 bis 200 Zeichen lang sein"
        );
        let old: JobFieldError =
            serde_json::from_value(serde_json::json!({"field": "x", "message": "too long"}))
                .expect("an error stored before codes");
        assert_eq!(stored_in_english(&old), "too long");
    }

    fn stored_in_english(e: &crate::domain::records::JobFieldError) -> String {
        stored(e.code.as_deref(), &e.args, &e.message)
    }

    #[test]
    fn a_number_argument_is_formatted_per_language() {
        let error = coded(crate::http::reasons::length_between(1, 200));
        assert_eq!(
            message_in(Language::En, &error),
            "must be 1 to 200 characters"
        );
        assert_eq!(
            message_in(Language::De, &error),
            "muss 1 bis 200 Zeichen lang sein"
        );
        let error = coded(crate::http::reasons::too_long(10_000));
        assert_eq!(
            message_in(Language::En, &error),
            "must be at most 10,000 characters"
        );
        assert_eq!(
            message_in(Language::De, &error),
            "darf höchstens 10.000 Zeichen lang sein"
        );
    }

    #[test]
    fn two_number_arguments_fill_their_own_places() {
        let error = coded(PersonName::parse(&"a".repeat(101)).unwrap_err());
        assert_eq!(
            message_in(Language::De, &error),
            "darf höchstens 100 Zeichen lang sein (hier sind es 101)"
        );
    }

    #[test]
    fn a_text_argument_is_shown_as_it_is() {
        let error = coded(crate::http::reasons::one_of(&["nobody", "organizer"]));
        assert_eq!(
            message_in(Language::De, &error),
            "muss einer dieser Werte sein: nobody, organizer"
        );
        let error = coded(supported_day(chrono::NaiveDate::MIN).unwrap_err());
        assert!(
            message_in(Language::De, &error).starts_with("muss zwischen 2"),
            "{}",
            message_in(Language::De, &error)
        );
    }

    #[test]
    fn a_reason_without_a_code_keeps_its_english_message() {
        let error = FieldError::new("field", "something nobody coded");
        for language in Language::ALL {
            assert_eq!(message_in(language, &error), "something nobody coded");
        }
    }

    /// The English catalogue says what the API says: a reason rendered in English is its
    /// `message`, word for word (numbers aside, which the catalogue groups: 2,000).
    #[test]
    fn the_english_catalogue_renders_the_api_message() {
        let mut errors = FieldErrors::default();
        for raw in [
            "",
            "noat",
            "a@b@c",
            "a@localhost",
            ".a@example.org",
            "a b@example.org",
        ] {
            errors.check("email", EmailAddress::parse(raw));
        }
        errors.check("name", PersonName::parse(&"n".repeat(101)));
        errors.check("name", PersonName::parse("a\nb"));
        for (min, max) in [(1, 8), (3, 60), (9, 8)] {
            errors.check("table_size", TableBounds::parse(min, max));
        }
        for network in crate::domain::Network::ALL {
            errors.check(
                "handle",
                crate::domain::SocialHandle::parse(network, "!! not a handle !!"),
            );
        }
        errors.check("day", supported_day(chrono::NaiveDate::MIN));
        let Err(crate::error::Error::Validation(mut list)) = errors.finish() else {
            panic!("no errors");
        };
        // A registration wrong in every way the API checks, the validator's rules included.
        let body: crate::http::dto::attendees::AttendeeIn =
            serde_json::from_value(serde_json::json!({
                "name": "",
                "email": "ada@",
                "bio": "x".repeat(3000),
                "handles": (0..7)
                    .map(|_| serde_json::json!({"network": "x", "handle": "h".repeat(2001)}))
                    .collect::<Vec<_>>(),
                "interests": vec!["rust"; 40],
                "wants_to_meet": (0..60)
                    .map(|_| serde_json::json!({"network": "nope", "handle": "@x"}))
                    .collect::<Vec<_>>(),
                "visibility": {"bio": "everyone"},
                "consents": {"privacy": false},
                "language": "fr",
            }))
            .expect("a body");
        let Err(crate::error::Error::Validation(found)) = body.into_input() else {
            panic!("no errors");
        };
        list.extend(found);
        assert!(list.len() > 25, "{list:?}");
        for error in &list {
            assert!(error.code.is_some(), "{error:?}");
            // The catalogue groups digits where the API's English does not always.
            let english = message_in(Language::En, error).replace(",000", "000");
            assert_eq!(english, error.message.replace(",000", "000"), "{error:?}");
            assert_ne!(message_in(Language::De, error), error.message, "{error:?}");
        }
    }
}
