//! The language a request's `Accept-Language` prefers among those with a catalogue.

use crate::domain::Language;

/// The supported language `header` ranks highest (by `q`, then by order); `None` when it names
/// none of them (or only `*`), so the caller's own default applies. Regional tags count for
/// their language (`de-AT` is German).
pub fn preferred(header: &str) -> Option<Language> {
    let mut best: Option<(Language, u16)> = None;
    for range in header.split(',') {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let quality = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1000), quality)
            .unwrap_or(0);
        if quality == 0 {
            continue;
        }
        let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        let Ok(language) = primary.parse::<Language>() else {
            continue;
        };
        if best.is_none_or(|(_, q)| quality > q) {
            best = Some((language, quality));
        }
    }
    best.map(|(language, _)| language)
}

/// A `q` value in thousandths; `None` when it is not one.
fn quality(raw: &str) -> Option<u16> {
    let value: f32 = raw.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_ranked_supported_language_wins() {
        assert_eq!(preferred("de-DE,de;q=0.9,en;q=0.8"), Some(Language::De));
        assert_eq!(preferred("fr-FR, en;q=0.5, de;q=0.7"), Some(Language::De));
        assert_eq!(preferred("en-GB,en;q=0.9,de;q=0.8"), Some(Language::En));
        assert_eq!(preferred("de-AT"), Some(Language::De));
    }

    #[test]
    fn unsupported_refused_or_wildcard_only_leaves_the_choice_to_the_caller() {
        assert_eq!(preferred("fr, it;q=0.5"), None);
        assert_eq!(preferred("*"), None);
        assert_eq!(preferred("de;q=0, fr"), None);
        assert_eq!(preferred(""), None);
        assert_eq!(preferred("de;q=banana"), None);
    }

    #[test]
    fn ties_go_to_the_first_named() {
        assert_eq!(preferred("en, de"), Some(Language::En));
        assert_eq!(preferred("de, en"), Some(Language::De));
    }
}
