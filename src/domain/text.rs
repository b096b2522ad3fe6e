//! Shared checks for free text people type: trimming, length in characters, control characters.

use super::ParseError;

/// Trims `raw` and returns it, or `None` when nothing but whitespace was typed.
///
/// Rejects text over `max` characters (Unicode scalar values, counted after trimming) and text with
/// control characters; when `multiline`, line breaks and tabs are allowed and `\r\n` becomes `\n`.
pub(super) fn optional_text(
    raw: &str,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, ParseError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let text = if multiline {
        trimmed.replace("\r\n", "\n")
    } else {
        trimmed.to_owned()
    };
    let allowed = |c: char| multiline && matches!(c, '\n' | '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(ParseError::new(if multiline {
            "must not contain control characters other than line breaks and tabs"
        } else {
            "must be a single line without control characters"
        }));
    }
    let count = text.chars().count();
    if count > max {
        return Err(ParseError::new(format!(
            "must be at most {max} characters (this is {count})"
        )));
    }
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_only_is_none() {
        assert_eq!(optional_text(" \t\n ", 10, true), Ok(None));
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(
            optional_text(" Zoë Ærø ", 7, false),
            Ok(Some("Zoë Ærø".to_owned()))
        );
        assert!(optional_text("Zoë Ærøx", 7, false).is_err());
    }

    #[test]
    fn multiline_keeps_line_breaks_and_normalises_crlf() {
        assert_eq!(
            optional_text("a\r\nb\tc", 10, true),
            Ok(Some("a\nb\tc".to_owned()))
        );
    }

    #[test]
    fn single_line_rejects_line_breaks() {
        let error = optional_text("a\nb", 10, false).unwrap_err();
        assert_eq!(
            error.message(),
            "must be a single line without control characters"
        );
    }

    #[test]
    fn multiline_still_rejects_other_control_characters() {
        assert!(optional_text("a\u{7}b", 10, true).is_err());
    }

    #[test]
    fn too_long_message_states_limit_and_length() {
        let error = optional_text("abcdef", 5, false).unwrap_err();
        assert_eq!(error.message(), "must be at most 5 characters (this is 6)");
    }
}
