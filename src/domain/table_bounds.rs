//! `TableBounds`: how many people a table seats, at least and at most.

use std::fmt;

use serde::Serialize;

use super::ParseError;

/// Largest table size an organizer may configure.
pub const MAX_TABLE_SIZE: u32 = 50;

/// Smallest minimum an organizer may configure: a table of one is somebody eating alone, the
/// opposite of what the service is for.
pub const MIN_TABLE_SIZE: u32 = 2;

/// Table size when the organizer names none: small enough that every table fills, large enough
/// that losing one person never leaves a pair staring at each other.
pub const DEFAULT_TABLE_MIN: u32 = 3;
pub const DEFAULT_TABLE_MAX: u32 = 8;

/// Seats per table. Invariant: `2 <= min <= max <= 50`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TableBounds {
    min: u32,
    max: u32,
}

/// Why a pair of numbers is no table size, and which of them is at fault, so the caller can
/// name the field the client sent (`table_size.min`, `tables[3].max`, or the pair as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableBoundsError {
    /// The minimum alone is out of range.
    Min(ParseError),
    /// The maximum alone is out of range.
    Max(ParseError),
    /// Each is fine alone; together they are not (the minimum exceeds the maximum).
    Inverted(ParseError),
}

impl TableBoundsError {
    /// The reason, suitable to show next to the field.
    pub fn message(&self) -> &str {
        match self {
            Self::Min(e) | Self::Max(e) | Self::Inverted(e) => e.message(),
        }
    }
}

impl fmt::Display for TableBoundsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for TableBoundsError {}

impl From<TableBoundsError> for ParseError {
    fn from(err: TableBoundsError) -> Self {
        match err {
            TableBoundsError::Min(e) | TableBoundsError::Max(e) | TableBoundsError::Inverted(e) => {
                e
            }
        }
    }
}

impl TableBounds {
    /// Takes the numbers as given in the request (any integer), so negative or huge values get a
    /// clear message instead of a deserialisation error.
    pub fn parse(min: i64, max: i64) -> Result<Self, TableBoundsError> {
        if min < i64::from(MIN_TABLE_SIZE) {
            return Err(TableBoundsError::Min(ParseError::coded(
                "field-table-min",
                [("min", MIN_TABLE_SIZE.into())],
                format!("a table needs at least {MIN_TABLE_SIZE} people: nobody should sit alone"),
            )));
        }
        if max > i64::from(MAX_TABLE_SIZE) {
            return Err(TableBoundsError::Max(ParseError::coded(
                "field-table-max",
                [("max", MAX_TABLE_SIZE.into())],
                format!("the maximum table size must be at most {MAX_TABLE_SIZE}"),
            )));
        }
        if min > max {
            return Err(TableBoundsError::Inverted(ParseError::coded(
                "field-table-inverted",
                [],
                "the minimum table size must not be larger than the maximum",
            )));
        }
        // Both lie within MIN_TABLE_SIZE..=MAX_TABLE_SIZE now, so the casts are exact.
        Ok(Self {
            min: min as u32,
            max: max as u32,
        })
    }

    /// The size of a table nobody said anything about.
    pub fn default_size() -> Self {
        Self {
            min: DEFAULT_TABLE_MIN,
            max: DEFAULT_TABLE_MAX,
        }
    }

    pub fn min(self) -> u32 {
        self.min
    }

    pub fn max(self) -> u32 {
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALONE: &str = "a table needs at least 2 people: nobody should sit alone";

    #[test]
    fn accepts_bounds_within_2_to_50() {
        for (min, max) in [(2, 2), (4, 8), (50, 50), (2, 50)] {
            let bounds = TableBounds::parse(min, max).unwrap();
            assert_eq!(
                (i64::from(bounds.min()), i64::from(bounds.max())),
                (min, max)
            );
        }
    }

    #[test]
    fn a_table_of_one_is_refused_as_a_bad_minimum() {
        for (min, max) in [(1, 1), (1, 8), (0, 8), (-3, 8), (i64::MIN, 8)] {
            assert_eq!(
                TableBounds::parse(min, max),
                Err(TableBoundsError::Min(ParseError::coded(
                    "field-table-min",
                    [("min", 2.into())],
                    ALONE
                ))),
                "{min}..{max}"
            );
        }
    }

    #[test]
    fn rejects_a_maximum_over_50_or_inverted_bounds_naming_the_culprit() {
        for (min, max) in [(4, 51), (4, i64::MAX)] {
            let err = TableBounds::parse(min, max).unwrap_err();
            assert!(matches!(err, TableBoundsError::Max(_)), "{err:?}");
            assert_eq!(err.message(), "the maximum table size must be at most 50");
        }
        for (min, max) in [(9, 8), (3, 2), (3, 1), (60, 40)] {
            let err = TableBounds::parse(min, max).unwrap_err();
            assert!(matches!(err, TableBoundsError::Inverted(_)), "{err:?}");
            assert_eq!(
                err.to_string(),
                "the minimum table size must not be larger than the maximum"
            );
        }
    }

    #[test]
    fn the_default_size_is_3_to_8_and_valid() {
        let d = TableBounds::default_size();
        assert_eq!((d.min(), d.max()), (3, 8));
        assert_eq!(TableBounds::parse(3, 8), Ok(d));
    }

    #[test]
    fn serializes_min_and_max() {
        let bounds = TableBounds::parse(4, 8).unwrap();
        assert_eq!(
            serde_json::to_string(&bounds).unwrap(),
            r#"{"min":4,"max":8}"#
        );
    }

    proptest! {
        #[test]
        fn accepted_bounds_hold_the_invariant(min in -5i64..60, max in -5i64..60) {
            if let Ok(bounds) = TableBounds::parse(min, max) {
                prop_assert!(2 <= bounds.min() && bounds.min() <= bounds.max() && bounds.max() <= 50);
                prop_assert_eq!((i64::from(bounds.min()), i64::from(bounds.max())), (min, max));
            } else {
                prop_assert!(!(2 <= min && min <= max && max <= 50));
            }
        }
    }
}
