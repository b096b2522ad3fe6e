//! Attendee files (CSV) and the import report: finds the delimiter and the columns, turns each
//! row into the registration body and converts it with the registration's own conversion, so a
//! row is valid exactly when the same registration would be.

use std::collections::HashMap;

use serde::Serialize;
use uuid::Uuid;

use super::attendees::{AttendeeIn, ConsentsIn, HandleIn, VisibilityIn, WantedIn};
use super::import_sources::{Column, ConsentColumns, Source, Table, agreed};
use crate::domain::{Network, ParseError};
use crate::error::{Error, FieldError};
use crate::workflows::import::{
    ImportFile, ImportReport, ImportRow, Present, RowConsents, RowError,
};

/// Most data rows one file may hold.
pub const MAX_ROWS: usize = 50_000;

/// A file read and converted, with what the report needs to name columns as the file does.
pub struct ParsedImport {
    pub file: ImportFile,
    pub meta: FileMeta,
}

/// What the preview says of a file: its source and how its columns were read.
#[derive(Debug, Clone)]
pub struct FileMeta {
    pub source: Source,
    /// Each understood column: header as written → canonical field, in file order.
    pub mapping: Vec<(String, &'static str)>,
    pub unknown_columns: Vec<String>,
    /// Canonical field → header as written in the file.
    pub headers: HashMap<&'static str, String>,
}

/// Reads a tablemates CSV with no consent columns named: [`parse`] for CSV.
pub fn parse_csv(body: &[u8]) -> Result<ParsedImport, Error> {
    parse(body, false, &ConsentColumns::default())
}

/// Reads an attendee file: a CSV (UTF-8 with or without BOM, `,` `;` or tab separated,
/// whichever the header line uses most) from tablemates, pretix or Indico, or (`json`) a pretix
/// JSON export. A missing name or email column, a column given twice, a consent column named
/// but not in the file, text that is not UTF-8, CSV or pretix JSON is a 422.
pub fn parse(body: &[u8], json: bool, consents: &ConsentColumns) -> Result<ParsedImport, Error> {
    let (source, table) = if json {
        (Source::PretixJson, super::pretix_export::parse(body)?)
    } else {
        let table = read_csv(body)?;
        (Source::of_csv(&table.headers), table)
    };
    from_table(source, table, consents)
}

/// Converts a table of a known source: maps its columns and converts every row.
pub fn from_table(
    source: Source,
    table: Table,
    consents: &ConsentColumns,
) -> Result<ParsedImport, Error> {
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(table.headers.len());
    let mut headers: HashMap<&'static str, String> = HashMap::new();
    let mut mapping = Vec::new();
    let mut unknown_columns = Vec::new();
    let mut errors: Vec<FieldError> = Vec::new();
    for raw in &table.headers {
        let column = source.column(raw, consents);
        match column {
            Some(c) => {
                if let Some(first) = headers.get(c.field()) {
                    errors.push(FieldError::new(
                        c.field(),
                        format!(
                            "the columns {first:?} and {:?} both hold the {}",
                            raw.trim(),
                            c.field()
                        ),
                    ));
                } else {
                    headers.insert(c.field(), raw.trim().to_owned());
                    mapping.push((raw.trim().to_owned(), c.field()));
                }
            }
            None if !raw.trim().is_empty() => unknown_columns.push(raw.trim().to_owned()),
            None => {}
        }
        columns.push(column);
    }
    let has = |c: Column| columns.contains(&Some(c));
    if !has(Column::Name) && !has(Column::GivenName) && !has(Column::FamilyName) {
        errors.push(FieldError::new(
            "name",
            format!(
                "the file has no name column (headed {})",
                accepted(source, "name")
            ),
        ));
    }
    if !has(Column::Email) && !has(Column::OrderEmail) {
        errors.push(FieldError::new(
            "email",
            format!(
                "the file has no email column (headed {})",
                accepted(source, "email")
            ),
        ));
    }
    for (named, column, field) in [
        (
            &consents.privacy,
            Column::PrivacyConsent,
            "privacy_consent_column",
        ),
        (
            &consents.emails,
            Column::EmailConsent,
            "email_consent_column",
        ),
    ] {
        if let Some(name) = named
            && !has(column)
        {
            errors.push(FieldError::new(
                field,
                format!("the file has no column {name:?}; the preview lists its columns"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let present = Present {
        affiliation: has(Column::Affiliation),
        role: has(Column::Role),
        bio: has(Column::Bio),
        networks: Network::ALL
            .into_iter()
            .filter(|n| has(Column::Handle(*n)))
            .collect(),
        interests: has(Column::Interests),
        wanted: has(Column::Wanted),
    };

    let mut rows = Vec::new();
    for (number, record) in &table.rows {
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(Error::field(
                "body",
                format!("has more than {MAX_ROWS} rows; split the file"),
            ));
        }
        let cells: HashMap<Column, &str> = columns
            .iter()
            .zip(record.iter())
            .filter_map(|(c, cell)| c.map(|c| (c, cell.as_str())))
            .collect();
        rows.push(convert(source, *number, &cells, &present));
    }
    Ok(ParsedImport {
        file: ImportFile { present, rows },
        meta: FileMeta {
            source,
            mapping,
            unknown_columns,
            headers,
        },
    })
}

/// The headers a source's file names a required column with, for the error.
fn accepted(source: Source, field: &str) -> &'static str {
    match (source, field) {
        (Source::TablematesCsv, "name") => "name or full name",
        (Source::TablematesCsv, _) => "email, e-mail or email address",
        (Source::PretixCsv | Source::PretixJson, "name") => "Attendee name",
        (Source::PretixCsv | Source::PretixJson, _) => "Attendee email or Email",
        (Source::IndicoCsv, "name") => "Name, or First Name and Last Name",
        (Source::IndicoCsv, _) => "Email Address",
    }
}

/// The CSV body as a table; data rows are numbered as a spreadsheet shows them (header is 1).
fn read_csv(body: &[u8]) -> Result<Table, Error> {
    let text = std::str::from_utf8(body).map_err(|e| {
        let line = body[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Error::field(
            "body",
            format!(
                "is not UTF-8 text (line {line}); save the file as \"CSV UTF-8\" and upload it again"
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::field(
            "body",
            "is empty; send a header line and rows",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    let mut filled = 0;
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(csv_error)?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        // One row past the limit is enough for `from_table` to refuse the file.
        filled += 1;
        if filled > MAX_ROWS + 1 {
            break;
        }
        rows.push((index as u64 + 2, record.iter().map(str::to_owned).collect()));
    }
    Ok(Table { headers, rows })
}

/// The separator the header line uses most (outside quotes); `,` on a tie.
fn delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(slot) = counts.iter_mut().find(|(d, _)| *d == b) {
                    slot.1 += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = counts[0];
    for candidate in &counts[1..] {
        if candidate.1 > best.1 {
            best = *candidate;
        }
    }
    best.0
}

fn csv_error(err: csv::Error) -> Error {
    let line = err
        .position()
        .map(|p| format!(" (line {})", p.line()))
        .unwrap_or_default();
    Error::field("body", format!("is not readable as CSV{line}: {err}"))
}

/// One row as a registration body, converted by `AttendeeIn::into_input`, with the consents
/// its consent cells carry and whether the source says it was cancelled.
fn convert(
    source: Source,
    row: u64,
    cells: &HashMap<Column, &str>,
    present: &Present,
) -> ImportRow {
    let cell = |c: Column| cells.get(&c).copied().unwrap_or("");
    let optional = |c: Column, has: bool| has.then(|| cell(c).to_owned());
    let name = match cell(Column::Name).trim() {
        "" => [
            cell(Column::GivenName).trim(),
            cell(Column::FamilyName).trim(),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" "),
        name => name.to_owned(),
    };
    let email = match cell(Column::Email).trim() {
        "" => cell(Column::OrderEmail).trim(),
        email => email,
    }
    .to_owned();
    let consents = RowConsents {
        privacy: agreed(cell(Column::PrivacyConsent)),
        emails: agreed(cell(Column::EmailConsent)),
    };
    let cancelled = source.is_cancelled(cell(Column::Status));
    let unpaid = source.is_unpaid(cell(Column::Status));
    let mut errors: Vec<RowError> = Vec::new();
    let networks: Vec<Network> = Network::ALL
        .into_iter()
        .filter(|n| !cell(Column::Handle(*n)).trim().is_empty())
        .collect();
    let handles = networks
        .iter()
        .map(|n| HandleIn {
            network: n.as_str().to_owned(),
            handle: cell(Column::Handle(*n)).trim().to_owned(),
            visibility: None,
        })
        .collect();
    let interests: Vec<String> = split(cell(Column::Interests), &[',', ';', '|'])
        .map(str::to_owned)
        .collect();
    let mut wants_to_meet = Vec::new();
    for token in split(cell(Column::Wanted), &[',', ';', '|', ' ', '\t', '\n']) {
        match wanted_network(token) {
            Some((network, handle)) => wants_to_meet.push(WantedIn {
                network: network.to_owned(),
                handle: handle.to_owned(),
            }),
            None => errors.push(RowError::coded(
                "wants",
                ParseError::coded(
                    "field-import-wanted-network",
                    [],
                    "name the network, like github:ada, x:@ada, mastodon:@ada@example.social, \
                     or give a profile URL",
                ),
                Some(token),
            )),
        }
    }
    let body = AttendeeIn {
        name,
        email: email.clone(),
        affiliation: optional(Column::Affiliation, present.affiliation),
        role: optional(Column::Role, present.role),
        bio: optional(Column::Bio, present.bio),
        handles,
        interests: interests.clone(),
        wants_to_meet: wants_to_meet.clone(),
        visibility: VisibilityIn::default(),
        consents: ConsentsIn {
            privacy: true,
            emails: false,
        },
        language: None,
    };
    let input = match body.into_input() {
        Ok(input) if errors.is_empty() => Ok(input),
        Ok(_) => Err(errors),
        Err(Error::Validation(found)) => {
            errors.extend(found.into_iter().map(|e| {
                let (field, item) = column_of(&e.field, &networks);
                let item = match item {
                    Some(i) if field == "interests" => interests.get(i),
                    Some(i) => wants_to_meet.get(i).map(|w| &w.handle),
                    None => None,
                };
                match e.code {
                    Some(code) => RowError::coded(
                        field,
                        ParseError::coded_with(code, e.args, e.message),
                        item.map(String::as_str),
                    ),
                    None => RowError::new(field, quoted(item, &e.message)),
                }
            }));
            Err(errors)
        }
        Err(other) => Err(vec![RowError::new("row", other.to_string())]),
    };
    ImportRow {
        row,
        email,
        input,
        consents,
        cancelled,
        unpaid,
    }
}

fn split<'a>(cell: &'a str, separators: &'a [char]) -> impl Iterator<Item = &'a str> + 'a {
    cell.split(separators)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn quoted(item: Option<&String>, message: &str) -> String {
    match item {
        Some(item) => format!("{item:?}: {message}"),
        None => message.to_owned(),
    }
}

/// The column a registration error path comes from, and the list item for `interests[3]` and
/// `wants_to_meet[1].handle`.
fn column_of(path: &str, networks: &[Network]) -> (String, Option<usize>) {
    let index = |rest: &str| {
        rest.strip_prefix('[')
            .and_then(|r| r.split(']').next())
            .and_then(|i| i.parse::<usize>().ok())
    };
    if let Some(rest) = path.strip_prefix("handles") {
        let network = index(rest).and_then(|i| networks.get(i));
        return (network.map_or("handles", |n| n.as_str()).to_owned(), None);
    }
    if let Some(rest) = path.strip_prefix("interests") {
        return ("interests".to_owned(), index(rest));
    }
    if let Some(rest) = path.strip_prefix("wants_to_meet") {
        return ("wants".to_owned(), index(rest));
    }
    (path.to_owned(), None)
}

/// The network of a wanted-connection token: `network:handle`, a profile URL of a known
/// network, or a Mastodon address (`@user@server`).
fn wanted_network(token: &str) -> Option<(&'static str, &str)> {
    let lower = token.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let rest = lower.split_once("://").map_or("", |(_, r)| r);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = host.strip_prefix("www.").unwrap_or(host);
        let network = match host {
            "x.com" | "twitter.com" | "mobile.twitter.com" => "x",
            "github.com" => "github",
            "bsky.app" => "bluesky",
            "linkedin.com" => "linkedin",
            _ if path.starts_with('@') => "mastodon",
            _ => return None,
        };
        return Some((network, token));
    }
    if let Some((prefix, handle)) = token.split_once(':')
        && let Ok(network) = prefix.parse::<Network>()
    {
        return Some((network.as_str(), handle));
    }
    if token.trim_start_matches('@').contains('@') {
        return Some(("mastodon", token));
    }
    None
}

#[derive(Debug, Serialize)]
pub struct RowErrorOut {
    /// The canonical column: `name`, `email`, `github`, `interests`, `wants`…
    pub field: String,
    /// The column's header as the file writes it, when the file has that column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    pub message: String,
    /// The catalogue id of the reason, as in a field error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The reason with its arguments and the list entry it is about, for pages.
    #[serde(skip)]
    pub reason: Option<(ParseError, Option<String>)>,
}

#[derive(Debug, Serialize)]
pub struct RowOut {
    pub row: u64,
    pub email: String,
    pub outcome: &'static str,
    /// A created row the source carries no privacy consent for: stored as invited.
    pub invited: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendee_id: Option<Uuid>,
    pub errors: Vec<RowErrorOut>,
}

/// A source column and the field it was read as.
#[derive(Debug, Serialize)]
pub struct ColumnOut {
    pub column: String,
    pub field: &'static str,
}

/// Whether the file carries a consent, and in which column.
#[derive(Debug, Serialize)]
pub struct ConsentOut {
    pub carried: bool,
    pub column: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ConsentsCarriedOut {
    pub privacy: ConsentOut,
    pub emails: ConsentOut,
}

impl ConsentsCarriedOut {
    fn of(headers: &HashMap<&'static str, String>) -> Self {
        let of = |field: &str| ConsentOut {
            carried: headers.contains_key(field),
            column: headers.get(field).cloned(),
        };
        Self {
            privacy: of(Column::PrivacyConsent.field()),
            emails: of(Column::EmailConsent.field()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ImportReportOut {
    pub source: Source,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub withdrawn: usize,
    pub skipped: usize,
    pub unpaid: usize,
    /// Of the created: stored as invited, without privacy consent.
    pub invited: usize,
    /// False for a dry run and for a file refused because of rejected rows.
    pub stored: bool,
    pub dry_run: bool,
    pub columns: Vec<ColumnOut>,
    pub unknown_columns: Vec<String>,
    pub consents: ConsentsCarriedOut,
    pub rows: Vec<RowOut>,
}

impl ImportReportOut {
    pub fn new(report: ImportReport, meta: FileMeta, dry_run: bool) -> Self {
        let parsed_headers = &meta.headers;
        Self {
            source: meta.source,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
            rejected: report.rejected,
            withdrawn: report.withdrawn,
            skipped: report.skipped,
            unpaid: report.unpaid,
            invited: report.invited,
            stored: report.stored,
            dry_run,
            columns: meta
                .mapping
                .iter()
                .map(|(column, field)| ColumnOut {
                    column: column.clone(),
                    field,
                })
                .collect(),
            consents: ConsentsCarriedOut::of(parsed_headers),
            unknown_columns: meta.unknown_columns.clone(),
            rows: report
                .rows
                .into_iter()
                .map(|r| RowOut {
                    row: r.row,
                    email: r.email,
                    outcome: r.outcome.as_str(),
                    invited: r.invited,
                    attendee_id: r.attendee_id,
                    errors: r
                        .errors
                        .into_iter()
                        .map(|e| RowErrorOut {
                            column: parsed_headers.get(e.field.as_str()).cloned(),
                            field: e.field,
                            message: e.message,
                            code: e.reason.as_ref().map(ParseError::code),
                            reason: e.reason.map(|r| (r, e.item)),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// One invalid value in the 422 answer: the row and the column it is in.
#[derive(Debug, Serialize)]
pub struct RowProblemOut {
    pub row: u64,
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

/// The 422 answer to a file with rejected rows and `skip_invalid` off: a validation problem
/// that lists every invalid value with its row, and the whole report.
#[derive(Debug, Serialize)]
pub struct ImportProblem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    pub errors: Vec<RowProblemOut>,
    pub report: ImportReportOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ImportProblem {
    pub fn new(report: ImportReportOut) -> Self {
        let errors: Vec<RowProblemOut> = report
            .rows
            .iter()
            .flat_map(|r| {
                r.errors.iter().map(|e| RowProblemOut {
                    row: r.row,
                    field: e.field.clone(),
                    column: e.column.clone(),
                    message: e.message.clone(),
                    code: e.code,
                })
            })
            .collect();
        Self {
            kind: "/problems/validation",
            title: "Some rows are invalid",
            status: 422,
            detail: format!(
                "{} of {} rows are invalid, so nothing was imported; correct them, or send \
                 skip_invalid=true to import the valid rows only",
                report.rejected,
                report.rows.len()
            ),
            errors,
            report,
            request_id: crate::http::request_id::current(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(csv: &str) -> Vec<ImportRow> {
        parse_csv(csv.as_bytes()).expect("parses").file.rows
    }

    #[test]
    fn headers_map_case_insensitively_with_aliases_and_unknown_ones_are_listed() {
        let parsed = parse_csv(
            "\u{feff} Full Name ;E-Mail;Company;Job Title;Twitter;Homepage;Shoe size\n\
             Ada;ada@example.org;Babbage;Maths;@ada;https://ada.example;38\n"
                .as_bytes(),
        )
        .expect("parses");
        assert_eq!(parsed.meta.unknown_columns, ["Shoe size"]);
        assert_eq!(parsed.meta.headers["email"], "E-Mail");
        let input = parsed.file.rows[0].input.as_ref().expect("valid");
        assert_eq!(input.fields.affiliation.as_deref(), Some("Babbage"));
        assert_eq!(input.fields.role.as_deref(), Some("Maths"));
        let networks: Vec<&str> = input.handles.iter().map(|h| h.network().as_str()).collect();
        assert_eq!(networks, ["x", "website"]);
    }

    #[test]
    fn the_header_line_decides_the_delimiter() {
        assert_eq!(delimiter("name;email\na,b;c"), b';');
        assert_eq!(delimiter("\"a;b\",name,email"), b',');
        assert_eq!(delimiter("name\temail"), b'\t');
        assert_eq!(delimiter("name"), b',');
    }

    #[test]
    fn a_missing_name_or_email_column_is_named() {
        let Err(Error::Validation(errors)) = parse_csv(b"Full name,company\nAda,B\n") else {
            panic!("a validation error")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email"]);
    }

    #[test]
    fn text_that_is_not_utf8_names_the_body_and_line() {
        let Err(Error::Validation(errors)) = parse_csv(b"name,email\nJos\xe9,j@x.org\n") else {
            panic!("a validation error")
        };
        assert_eq!(errors[0].field, "body");
        assert!(
            errors[0].message.contains("line 2"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn row_errors_name_the_column_and_the_item() {
        let found = rows(
            "name,email,github,interests,wants\n\
             ,not-an-email,-bad-,rust|  |ok,github:ada sometimes\n",
        );
        assert_eq!(found[0].row, 2);
        let errors = found[0].input.as_ref().expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["wants", "name", "email", "github"]);
        assert!(errors[0].message.starts_with("\"sometimes\""));
    }

    #[test]
    fn lists_split_on_commas_semicolons_and_bars_and_wants_name_their_network() {
        let found = rows(
            "name,email,interests,want to meet\n\
             Ada,ada@example.org,\"Rust; Poetry|rust , Looms\",\
             \"github:grace https://x.com/Alan @bob@hachyderm.io https://bsky.app/profile/c.bsky.social\"\n",
        );
        let input = found[0].input.as_ref().expect("valid");
        assert_eq!(input.interests, ["rust", "poetry", "looms"]);
        let wanted: Vec<String> = input
            .wanted
            .iter()
            .map(|w| format!("{}:{}", w.handle.network(), w.handle.as_str()))
            .collect();
        assert_eq!(
            wanted,
            [
                "github:grace",
                "x:alan",
                "mastodon:@bob@hachyderm.io",
                "bluesky:c.bsky.social"
            ]
        );
    }

    #[test]
    fn blank_rows_are_skipped_but_keep_their_number() {
        let found = rows("name,email\n,\nAda,ada@example.org\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].row, 3);
    }
}
