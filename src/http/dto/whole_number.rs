//! Whole numbers in JSON bodies. JSON has one number type, and JSON Schema's `integer` (what
//! openapi.yaml promises) counts `22.0` as the integer 22, so both spellings are taken; a number
//! with a fraction, or one outside the field's range, is refused naming the field.
//!
//! Use as `#[serde(deserialize_with = "whole_number::exact")]`, or `whole_number::optional`
//! (with `default`) for an `Option`.

use serde::de::Unexpected;
use serde::{Deserialize, Deserializer};

/// Largest float that converts to `i64` without saturating: 2^63 is one past `i64::MAX`.
const I64_BOUND: f64 = 9_223_372_036_854_775_808.0;

fn convert<T, E>(number: serde_json::Number) -> Result<T, E>
where
    T: TryFrom<i64> + TryFrom<u64>,
    E: serde::de::Error,
{
    let expected = &"a whole number in range";
    if let Some(n) = number.as_i64() {
        return T::try_from(n).map_err(|_| E::invalid_value(Unexpected::Signed(n), expected));
    }
    if let Some(n) = number.as_u64() {
        return T::try_from(n).map_err(|_| E::invalid_value(Unexpected::Unsigned(n), expected));
    }
    let f = number.as_f64().unwrap_or(f64::NAN);
    if f.fract() != 0.0 || !(-I64_BOUND..I64_BOUND).contains(&f) {
        return Err(E::invalid_value(Unexpected::Float(f), expected));
    }
    // Whole and within i64 now, so the cast is exact.
    let n = f as i64;
    T::try_from(n).map_err(|_| E::invalid_value(Unexpected::Float(f), expected))
}

/// A required whole number.
pub fn exact<'de, D, T>(de: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64>,
{
    convert(serde_json::Number::deserialize(de)?)
}

/// A whole number that may be `null` (or, with `#[serde(default)]`, absent).
pub fn optional<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64>,
{
    Option::<serde_json::Number>::deserialize(de)?
        .map(convert)
        .transpose()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Sizes {
        #[serde(deserialize_with = "super::exact")]
        version: i32,
        #[serde(default, deserialize_with = "super::optional")]
        max: Option<i64>,
    }

    fn parse(json: &str) -> Result<Sizes, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn a_whole_number_with_a_zero_fraction_is_the_integer() {
        let sizes = parse(r#"{"version": 3.0, "max": 22.0}"#).unwrap();
        assert_eq!((sizes.version, sizes.max), (3, Some(22)));
        let sizes = parse(r#"{"version": -4, "max": null}"#).unwrap();
        assert_eq!((sizes.version, sizes.max), (-4, None));
        assert_eq!(parse(r#"{"version": 1}"#).unwrap().max, None);
    }

    #[test]
    fn fractions_and_numbers_out_of_range_are_refused() {
        for json in [
            r#"{"version": 2.5}"#,
            r#"{"version": 3000000000}"#,
            r#"{"version": 1e300}"#,
            r#"{"version": 1, "max": 9.3e18}"#,
            r#"{"version": 1, "max": 18446744073709551615}"#,
            r#"{"version": "1"}"#,
        ] {
            assert!(parse(json).is_err(), "{json}");
        }
    }
}
