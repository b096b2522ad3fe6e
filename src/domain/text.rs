//! Shared checks for free text people type: trimming, length in characters, control characters,
//! and the invisible formatting characters that let one text pass for another.

use super::ParseError;

/// Bidirectional controls (embeddings, overrides, isolates, marks) and zero-width characters.
/// They draw nothing themselves but change how the text around them reads: an override turns
/// "Ada" into what looks like another name, a zero-width space makes two equal-looking names
/// differ. They are removed from everything people type here; the one loss is the joiners
/// (U+200C, U+200D) some scripts and emoji sequences use between letters, which then show
/// their letters unjoined.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// `raw` without [`is_invisible_format`] characters.
pub fn strip_invisible(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.chars().any(is_invisible_format) {
        raw.chars().filter(|c| !is_invisible_format(*c)).collect()
    } else {
        raw.into()
    }
}

/// One line of text (a name, a title, a place, a label): trimmed, invisible formatting
/// characters removed, refused when it holds a line break or another control character or is
/// over `max` characters. May be empty; callers that need text say so themselves.
pub fn single_line(raw: &str, max: usize) -> Result<String, ParseError> {
    Ok(optional_text(raw, max, false)?.unwrap_or_default())
}

/// Trims `raw` and returns it, or `None` when nothing but whitespace was typed.
///
/// Rejects text over `max` characters (Unicode scalar values, counted after trimming) and text with
/// control characters; when `multiline`, line breaks and tabs are allowed and `\r\n` becomes `\n`.
pub(super) fn optional_text(
    raw: &str,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, ParseError> {
    let stripped = strip_invisible(raw);
    let trimmed = stripped.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let text = if multiline {
        trimmed.replace("\r\n", "\n")
    } else {
        trimmed.to_owned()
    };
    let allowed = |c: char| multiline && matches!(c, '\n' | '\t' | '\u{2028}' | '\u{2029}');
    let refused = |c: char| (c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) && !allowed(c);
    if text.chars().any(refused) {
        return Err(if multiline {
            ParseError::coded(
                "field-control-characters-multiline",
                [],
                "must not contain control characters other than line breaks and tabs",
            )
        } else {
            ParseError::coded(
                "field-control-characters",
                [],
                "must be a single line without control characters",
            )
        });
    }
    let count = text.chars().count();
    if count > max {
        return Err(ParseError::coded(
            "field-too-long-count",
            [("max", max.into()), ("count", count.into())],
            format!("must be at most {max} characters (this is {count})"),
        ));
    }
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    const INVISIBLE: [char; 16] = [
        '\u{061C}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}',
        '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2060}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{FEFF}',
    ];

    proptest! {
        #[test]
        fn no_accepted_text_keeps_an_invisible_formatting_character(
            parts in proptest::collection::vec(("[a-zA-Zé李 ]{0,5}", 0..INVISIBLE.len()), 0..6),
            multiline in any::<bool>(),
        ) {
            let raw: String = parts.iter().map(|(t, i)| format!("{t}{}", INVISIBLE[*i])).collect();
            let visible: String = parts.iter().map(|(t, _)| t.as_str()).collect();
            let parsed = optional_text(&raw, 1000, multiline).expect("only letters and spaces");
            prop_assert_eq!(parsed, optional_text(&visible, 1000, multiline).expect("letters"));
        }

        #[test]
        fn single_lines_refuse_every_line_break(
            before in "[a-z]{1,5}",
            after in "[a-z]{1,5}",
            brk in prop::sample::select(vec!["\r", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]),
        ) {
            let raw = format!("{before}{brk}{after}");
            prop_assert!(single_line(&raw, 100).is_err(), "{:?}", raw);
        }
    }

    #[test]
    fn an_override_cannot_disguise_a_name() {
        assert_eq!(
            single_line("\u{202E}ecilA\u{202C} ", 100),
            Ok("ecilA".to_owned())
        );
        assert_eq!(single_line("\u{200B}", 100), Ok(String::new()));
    }

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
