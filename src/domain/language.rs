//! `Language`: the languages pages and emails are written in. Problem details stay English:
//! they are the API, not something a person reads on a page.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ParseError;

/// A language with a complete catalogue under `locales/`. Adding one means a catalogue, a row
/// in [`Language::ALL`] and its month and weekday names in `i18n::dates`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    De,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::De];

    /// The BCP 47 tag, as `<html lang>`, the API and the database spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
        }
    }

    /// The language's own name for itself, as a language menu offers it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "Deutsch",
        }
    }
}

impl FromStr for Language {
    type Err = ParseError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let tag = raw.trim();
        Language::ALL
            .into_iter()
            .find(|l| l.as_str() == tag)
            .ok_or_else(|| ParseError::coded("field-language", [], "must be one of en or de"))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_back() {
        for l in Language::ALL {
            assert_eq!(l.as_str().parse::<Language>().expect("parses"), l);
        }
        assert!("fr".parse::<Language>().is_err());
        assert!("EN".parse::<Language>().is_err());
    }
}
