//! The error for list-valued fields (interests, wanted connections): which element, or the length.

use std::fmt;

use super::ParseError;

/// Why a list was rejected: one element is invalid, or there are too many elements.
///
/// `index` is zero-based, counted in the list as submitted (before de-duplication), so the HTTP
/// layer can point at e.g. `interests[3]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListError {
    /// More than `max` elements were submitted.
    TooLong { max: usize, actual: usize },
    /// The element at `index` is invalid.
    Item { index: usize, error: ParseError },
}

impl ListError {
    /// The offending element's position, if the error is about one element.
    pub fn index(&self) -> Option<usize> {
        match self {
            Self::TooLong { .. } => None,
            Self::Item { index, .. } => Some(*index),
        }
    }

    /// The reason without the position, suitable to show next to the element.
    pub fn message(&self) -> String {
        match self {
            Self::TooLong { max, actual } => {
                format!("must have at most {max} entries, got {actual}")
            }
            Self::Item { error, .. } => error.message().to_owned(),
        }
    }
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong { .. } => f.write_str(&self.message()),
            Self::Item { index, error } => write!(f, "entry {index}: {error}"),
        }
    }
}

impl std::error::Error for ListError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_error_names_the_index_and_the_reason() {
        let error = ListError::Item {
            index: 3,
            error: ParseError::empty(),
        };
        assert_eq!(error.index(), Some(3));
        assert_eq!(error.to_string(), "entry 3: must not be empty");
        assert_eq!(error.message(), "must not be empty");
    }

    #[test]
    fn too_long_error_states_the_limit_and_the_count() {
        let error = ListError::TooLong {
            max: 30,
            actual: 31,
        };
        assert_eq!(error.index(), None);
        assert_eq!(error.to_string(), "must have at most 30 entries, got 31");
    }
}
