//! `TableBounds`: how many people a table seats, at least and at most.

use serde::Serialize;

use super::ParseError;

/// Largest table size an organizer may configure.
pub const MAX_TABLE_SIZE: u32 = 50;

/// Seats per table. Invariant: `1 <= min <= max <= 50`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TableBounds {
    min: u32,
    max: u32,
}

impl TableBounds {
    /// Takes the numbers as given in the request (any integer), so negative or huge values get a
    /// clear message instead of a deserialisation error.
    pub fn parse(min: i64, max: i64) -> Result<Self, ParseError> {
        if min < 1 {
            return Err(ParseError::new("the minimum table size must be at least 1"));
        }
        if max > i64::from(MAX_TABLE_SIZE) {
            return Err(ParseError::new(format!(
                "the maximum table size must be at most {MAX_TABLE_SIZE}"
            )));
        }
        if min > max {
            return Err(ParseError::new(
                "the minimum table size must not be larger than the maximum",
            ));
        }
        let to_u32 = |n: i64| u32::try_from(n).map_err(|_| ParseError::new("out of range"));
        Ok(Self {
            min: to_u32(min)?,
            max: to_u32(max)?,
        })
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

    #[test]
    fn accepts_bounds_within_1_to_50() {
        for (min, max) in [(1, 1), (4, 8), (50, 50), (1, 50)] {
            let bounds = TableBounds::parse(min, max).unwrap();
            assert_eq!(
                (i64::from(bounds.min()), i64::from(bounds.max())),
                (min, max)
            );
        }
    }

    #[test]
    fn rejects_out_of_range_or_inverted_bounds() {
        for (min, max, message) in [
            (0, 8, "the minimum table size must be at least 1"),
            (-3, 8, "the minimum table size must be at least 1"),
            (4, 51, "the maximum table size must be at most 50"),
            (4, i64::MAX, "the maximum table size must be at most 50"),
            (
                9,
                8,
                "the minimum table size must not be larger than the maximum",
            ),
        ] {
            assert_eq!(TableBounds::parse(min, max).unwrap_err().message(), message);
        }
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
                prop_assert!(1 <= bounds.min() && bounds.min() <= bounds.max() && bounds.max() <= 50);
            } else {
                prop_assert!(!(1 <= min && min <= max && max <= 50));
            }
        }
    }
}
