//! Why the HTTP layer rejects a field, for the rules it holds itself (lengths the validator
//! checks, rules over two fields, form values it cannot read): each reason with its catalogue
//! id (`locales/*/errors.ftl`) and the English message the JSON API has always sent.

use crate::domain::ParseError;

/// "must be one of a, b, c": `choices` are the values a client sends, shown as they are.
pub fn one_of(choices: &[&str]) -> ParseError {
    let choices = choices.join(", ");
    ParseError::coded(
        "field-one-of",
        [("choices", choices.clone().into())],
        format!("must be one of {choices}"),
    )
}

/// "must be 1 to 200 characters".
pub fn length_between(min: usize, max: usize) -> ParseError {
    ParseError::coded(
        "field-length-between",
        [("min", min.into()), ("max", max.into())],
        format!("must be {min} to {max} characters"),
    )
}

/// "must be at most 200 characters".
pub fn too_long(max: usize) -> ParseError {
    ParseError::coded(
        "field-too-long",
        [("max", max.into())],
        format!("must be at most {max} characters"),
    )
}

/// A name of spaces only.
pub fn blank() -> ParseError {
    ParseError::coded("field-blank", [], "must not be blank")
}

/// A whole number outside `min..=max` or no number at all.
pub fn whole_number_between(min: u64, max: u64) -> ParseError {
    ParseError::coded(
        "field-whole-number-between",
        [
            ("min", i64::try_from(min).unwrap_or(i64::MAX).into()),
            ("max", i64::try_from(max).unwrap_or(i64::MAX).into()),
        ],
        format!("must be a whole number from {min} to {max}"),
    )
}

/// Text that is no UUID where one is needed.
pub fn uuid() -> ParseError {
    ParseError::coded("field-uuid", [], "must be a UUID")
}

/// A form value that is no whole number.
pub fn whole_number() -> ParseError {
    ParseError::coded("field-whole-number", [], "must be a whole number")
}

/// A form value that is no date.
pub fn date() -> ParseError {
    ParseError::coded("field-date", [], "must be a date like 2026-06-01")
}

/// A form value that is no date and time.
pub fn date_time() -> ParseError {
    ParseError::coded(
        "field-date-time",
        [],
        "must be a date and time like 2026-06-01T12:30",
    )
}

/// A reason without arguments, said once where it applies: `message` is the English the API
/// sends (it may name another field as clients know it, `ends_on`), and the catalogue message
/// for `code` says it in words a page's reader knows.
pub fn fixed(code: &'static str, message: &'static str) -> ParseError {
    ParseError::coded(code, [], message)
}

/// A list of tables that is empty or longer than `max`.
pub fn table_list(max: usize) -> ParseError {
    ParseError::coded(
        "field-table-list",
        [("max", max.into())],
        format!("must list 1 to {max} tables"),
    )
}

/// "must be helper or owner": one of the values a client sends (`variants` of an enum), the
/// last joined by "or", as [`crate::domain::records::one_of`] words them.
pub fn must_be<T>(variants: &[T]) -> ParseError
where
    for<'a> &'a T: Into<&'static str>,
{
    let names: Vec<&'static str> = variants.iter().map(Into::into).collect();
    either(&names)
}

/// "must be draft or published": one of `names`, the last joined by "or".
pub fn either(names: &[&str]) -> ParseError {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let choices = rest.join(", ");
            ParseError::coded(
                "field-must-be-either",
                [
                    ("choices", choices.clone().into()),
                    ("last", (*last).into()),
                ],
                format!("must be {choices} or {last}"),
            )
        }
        _ => {
            let value = names.join(", ");
            ParseError::coded(
                "field-must-be",
                [("value", value.clone().into())],
                format!("must be {value}"),
            )
        }
    }
}

/// "must be 1 to 28": a number out of its range, where the field says what it counts.
pub fn between(min: i64, max: i64) -> ParseError {
    ParseError::coded(
        "field-between",
        [("min", min.into()), ("max", max.into())],
        format!("must be {min} to {max}"),
    )
}

/// A page number, or another count that starts at `min`, that is none.
pub fn whole_number_from(min: i64) -> ParseError {
    ParseError::coded(
        "field-whole-number-from",
        [("min", min.into())],
        format!("must be a whole number from {min}"),
    )
}
