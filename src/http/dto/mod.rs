//! Request and response bodies of the JSON API, and their conversion to and from the types
//! workflows take. Entity types never appear here.

pub mod access_link;
pub mod attendees;
pub mod co_organizers;
pub mod conferences;
pub mod email_change;
pub mod emails;
pub mod erasures;
pub mod import;
pub mod import_sources;
pub mod meetups;
pub mod organizer_tokens;
pub mod plans;
pub mod pretix;
pub mod pretix_export;
pub mod verification;
pub mod webhooks;
pub mod whole_number;

use serde::{Deserialize, Deserializer};
use validator::ValidationErrors;

use crate::domain::MessageArg;
use crate::error::{FieldError, FieldErrors};

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`), so PATCH can clear a
/// value without clearing every value it does not mention.
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// Adds the `validator` crate's findings to `errors`, one entry per field path.
pub fn add_validation_errors(errors: &mut FieldErrors, prefix: &str, found: ValidationErrors) {
    for (field, kind) in found.into_errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            validator::ValidationErrorsKind::Field(list) => {
                for e in list {
                    errors.add(validation_error(path.clone(), e));
                }
            }
            validator::ValidationErrorsKind::Struct(inner) => {
                add_validation_errors(errors, &path, *inner)
            }
            validator::ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    add_validation_errors(errors, &format!("{path}[{i}]"), *inner);
                }
            }
        }
    }
}

/// One finding of the `validator` crate as a field error. Rules name their catalogue id as
/// `code` (`length(max = 200, code = "field-too-long", message = …)`); the catalogue message
/// takes the rule's `min` and `max`.
fn validation_error(field: String, e: validator::ValidationError) -> FieldError {
    let message = e
        .message
        .as_ref()
        .map(|m| m.to_string())
        .unwrap_or_else(|| e.code.to_string());
    let mut error = FieldError::new(field, message);
    if let std::borrow::Cow::Borrowed(code) = e.code
        && code.starts_with("field-")
    {
        error.code = Some(code);
        for name in ["min", "max"] {
            if let Some(n) = e.params.get(name).and_then(serde_json::Value::as_i64) {
                error.args.push((name, MessageArg::Number(n)));
            }
        }
    }
    error
}
