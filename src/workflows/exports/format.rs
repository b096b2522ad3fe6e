//! The bytes of an export: CSV (safe to open in a spreadsheet, optionally with a BOM for
//! Excel) or a JSON array, written row by row into a buffer the caller drains in chunks.

use std::borrow::Cow;

use uuid::Uuid;

use super::{SeatRow, TableRow};
use crate::error::Error;

/// Which rows an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Seats,
    Tables,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// The columns of `seats.csv`; a column the two files share has the same name in both.
const SEAT_HEADER: [&str; 11] = [
    "meetup_id",
    "meetup",
    "starts_at",
    "table_number",
    "table_label",
    "attendee_id",
    "name",
    "email",
    "affiliation",
    "tablemates",
    "shared_interests",
];
/// The columns of `tables.csv`.
const TABLE_HEADER: [&str; 9] = [
    "meetup_id",
    "meetup",
    "starts_at",
    "table_number",
    "table_label",
    "size",
    "attendee_ids",
    "members",
    "shared_topics",
];
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `cell` as a spreadsheet will show it rather than run it: a leading `=`, `+`, `-`, `@`, tab or
/// carriage return would start a formula, so such cells get a leading `'` (OWASP's advice for
/// CSV injection).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

fn joined(items: &[String]) -> String {
    items.join("; ")
}

#[expect(
    clippy::large_enum_variant,
    reason = "one writer per export, never moved in a hot loop"
)]
enum Inner {
    Csv(csv::Writer<Vec<u8>>),
    Json { buf: Vec<u8>, first: bool },
}

/// Accumulates rows; [`Writer::take`] hands out what is written so far.
pub struct Writer {
    inner: Inner,
    header: Option<&'static [&'static str]>,
}

impl Writer {
    pub fn new(kind: Kind, format: Format, bom: bool) -> Self {
        let header: &'static [&'static str] = match kind {
            Kind::Seats => &SEAT_HEADER,
            Kind::Tables => &TABLE_HEADER,
        };
        match format {
            Format::Csv => {
                let buf = if bom { BOM.to_vec() } else { Vec::new() };
                Self {
                    inner: Inner::Csv(csv::Writer::from_writer(buf)),
                    header: Some(header),
                }
            }
            Format::Json => Self {
                inner: Inner::Json {
                    buf: b"[".to_vec(),
                    first: true,
                },
                header: None,
            },
        }
    }

    fn csv_record<'a>(
        &mut self,
        cells: impl IntoIterator<Item = Cow<'a, str>>,
    ) -> Result<(), Error> {
        let Inner::Csv(w) = &mut self.inner else {
            return Ok(());
        };
        if let Some(header) = self.header.take() {
            w.write_record(header).map_err(Error::internal)?;
        }
        w.write_record(cells.into_iter().map(|c| neutralise(&c).into_owned()))
            .map_err(Error::internal)
    }

    fn json(&mut self, row: &impl serde::Serialize) -> Result<(), Error> {
        let Inner::Json { buf, first } = &mut self.inner else {
            return Ok(());
        };
        if !*first {
            buf.push(b',');
        }
        *first = false;
        serde_json::to_writer(&mut *buf, row).map_err(Error::internal)
    }

    pub fn seat(&mut self, row: &SeatRow) -> Result<(), Error> {
        if matches!(self.inner, Inner::Json { .. }) {
            return self.json(row);
        }
        self.csv_record([
            Cow::Owned(row.meetup_id.to_string()),
            Cow::Borrowed(row.meetup.as_str()),
            Cow::Borrowed(row.starts_at.as_str()),
            Cow::Owned(row.table_number.to_string()),
            Cow::Borrowed(row.table_label.as_str()),
            Cow::Owned(row.attendee_id.to_string()),
            Cow::Borrowed(row.name.as_str()),
            Cow::Borrowed(row.email.as_str()),
            Cow::Borrowed(row.affiliation.as_deref().unwrap_or("")),
            Cow::Owned(joined(&row.tablemates)),
            Cow::Owned(joined(&row.shared_interests)),
        ])
    }

    pub fn table(&mut self, row: &TableRow) -> Result<(), Error> {
        if matches!(self.inner, Inner::Json { .. }) {
            return self.json(row);
        }
        let ids: Vec<String> = row.attendee_ids.iter().map(Uuid::to_string).collect();
        self.csv_record([
            Cow::Owned(row.meetup_id.to_string()),
            Cow::Borrowed(row.meetup.as_str()),
            Cow::Borrowed(row.starts_at.as_str()),
            Cow::Owned(row.table_number.to_string()),
            Cow::Borrowed(row.table_label.as_str()),
            Cow::Owned(row.size.to_string()),
            Cow::Owned(joined(&ids)),
            Cow::Owned(joined(&row.members)),
            Cow::Owned(joined(&row.shared_topics)),
        ])
    }

    /// Bytes written so far and not yet taken (CSV rows sit in the csv crate's own buffer until
    /// it flushes them, about 8 KiB at a time).
    pub fn len(&self) -> usize {
        match &self.inner {
            Inner::Csv(w) => w.get_ref().len(),
            Inner::Json { buf, .. } => buf.len(),
        }
    }

    /// Hands out the bytes written so far.
    pub fn take(&mut self) -> Vec<u8> {
        match &mut self.inner {
            // The csv writer only gives its buffer up by value: swap in a fresh one.
            Inner::Csv(w) => std::mem::replace(w, csv::Writer::from_writer(Vec::new()))
                .into_inner()
                .unwrap_or_default(),
            Inner::Json { buf, .. } => std::mem::take(buf),
        }
    }

    /// The remaining bytes, with the header of an empty CSV and the closing bracket of JSON.
    pub fn finish(mut self) -> Result<Vec<u8>, Error> {
        if let (Inner::Csv(w), Some(header)) = (&mut self.inner, self.header.take()) {
            w.write_record(header).map_err(Error::internal)?;
        }
        if let Inner::Json { buf, .. } = &mut self.inner {
            buf.push(b']');
        }
        Ok(self.take())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_text_is_not() {
        for cell in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["Ada", "", "1+1", "a=b", "'quoted"] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn an_empty_csv_has_its_header_and_json_is_an_empty_array() {
        let csv = Writer::new(Kind::Tables, Format::Csv, true)
            .finish()
            .unwrap();
        assert_eq!(
            csv,
            b"\xEF\xBB\xBFmeetup_id,meetup,starts_at,table_number,table_label,size,attendee_ids,members,shared_topics\n"
        );
        let json = Writer::new(Kind::Seats, Format::Json, true)
            .finish()
            .unwrap();
        assert_eq!(json, b"[]");
    }
}
