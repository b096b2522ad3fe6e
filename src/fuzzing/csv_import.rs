//! The attendee import's CSV reader on arbitrary bytes: a refused file names the body or a
//! column; every rejected row names its row and a column the file has; every accepted row holds
//! values that the registration's own parsers give back unchanged.

use super::assert_clean;
use crate::domain::{EmailAddress, SocialHandle};
use crate::error::Error;
use crate::http::dto::import::{MAX_ROWS, parse_csv};

/// The canonical column names an error may name.
const COLUMNS: [&str; 13] = [
    "name",
    "email",
    "affiliation",
    "role",
    "bio",
    "x",
    "mastodon",
    "bluesky",
    "linkedin",
    "github",
    "website",
    "interests",
    "wants",
];

pub fn csv_import(data: &[u8]) {
    let parsed = match parse_csv(data) {
        Ok(parsed) => parsed,
        Err(Error::Validation(errors)) => {
            assert!(!errors.is_empty(), "a refusal without a reason");
            for e in errors {
                assert!(
                    e.field == "body" || COLUMNS.contains(&e.field.as_str()),
                    "the file is refused naming {:?}: {}",
                    e.field,
                    e.message
                );
                assert!(!e.message.is_empty());
            }
            return;
        }
        Err(other) => panic!("a file is refused as {other:?}, not as a validation error"),
    };
    let rows = &parsed.file.rows;
    assert!(rows.len() <= MAX_ROWS);
    let mut previous = 1;
    for row in rows {
        assert!(row.row > previous, "row {} after row {previous}", row.row);
        previous = row.row;
        match &row.input {
            Err(errors) => {
                assert!(
                    !errors.is_empty(),
                    "row {} is rejected without a reason",
                    row.row
                );
                for e in errors {
                    assert!(
                        parsed.meta.headers.contains_key(e.field.as_str()),
                        "row {}: the error names {:?}, not a column of the file ({:?}): {}",
                        row.row,
                        e.field,
                        parsed.meta.headers,
                        e.message
                    );
                }
            }
            Ok(input) => {
                let fields = &input.fields;
                assert_eq!(fields.email.as_str(), row.email);
                assert_eq!(
                    EmailAddress::parse(fields.email.normalized()).as_ref(),
                    Ok(&fields.email)
                );
                assert_clean("name", fields.name.as_str());
                for text in [&fields.affiliation, &fields.role].into_iter().flatten() {
                    assert_clean("one-line text", text);
                }
                for handle in input.handles.iter().map(|h| &h.handle) {
                    let again = SocialHandle::parse(handle.network(), handle.as_str());
                    assert_eq!(again.as_ref(), Ok(handle), "row {}", row.row);
                }
                for interest in &input.interests {
                    assert_clean("interest", interest);
                }
            }
        }
    }
}
