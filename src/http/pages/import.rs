//! The console's attendee import (`/organizer/c/{slug}/attendees/import`): a CSV file uploaded
//! (or its rows pasted), checked first with a dry run whose per-row report the page shows, then
//! imported for real from the same text, which the report page carries in a hidden field so
//! nothing is uploaded twice. The file is read, and each row validated, by the JSON import's
//! own parser and workflow.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::Utc;
use futures_util::StreamExt;
use serde::Serialize;

use super::attendees::thousands;
use super::console::SIGN_IN;
use super::form::{Fields, FormErrors, SummaryItem};
use super::organizer::{check_csrf, signed_in_organizer};
use super::render::{PageError, page, see_other};
use super::view::ConferenceView;
use crate::domain::records::Conference;
use crate::error::{Error, FieldError};
use crate::http::AppState;
use crate::http::dto::import::{
    ColumnOut, ConsentsCarriedOut, ImportReportOut, RowOut, parse, parse_csv,
};
use crate::http::dto::import_sources::{ConsentColumns, Source};
use crate::secrets;
use crate::workflows::conferences::get_owned;
use crate::workflows::import::{self as wf, ImportOptions};

/// The largest file the page takes, whatever the API's limit: the report page carries the text
/// back in a hidden field and lists every row. Larger files go through the API.
const PAGE_LIMIT: usize = 2 * 1024 * 1024;

/// Room for the form's other fields and the multipart framing around the file.
const FORM_OVERHEAD: usize = 64 * 1024;

fn import_path(slug: &str) -> String {
    format!("/organizer/c/{slug}/attendees/import")
}

/// The form as posted: its text fields, and the uploaded file's bytes (empty when none was
/// chosen).
struct Upload {
    fields: Fields,
    file: Vec<u8>,
}

/// Why an upload could not be read as the form.
enum Unreadable {
    TooLarge,
    Broken(String),
}

/// Reads the multipart form, refusing it as soon as it passes `limit` bytes of file and text.
async fn read_upload(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Upload, Unreadable> {
    let mut multipart = Multipart::new(req.headers(), payload);
    let mut upload = Upload {
        fields: Fields::default(),
        file: Vec::new(),
    };
    let mut total = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| Unreadable::Broken(e.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| Unreadable::Broken(e.to_string()))?;
            total += chunk.len();
            if total > limit + FORM_OVERHEAD {
                return Err(Unreadable::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        if name == "file" {
            upload.file = bytes;
        } else {
            let text = String::from_utf8(bytes)
                .map_err(|_| Unreadable::Broken(format!("the field {name} is not UTF-8 text")))?;
            upload.fields.0.push((name, text));
        }
    }
    Ok(upload)
}

/// One column the import reads, for the table on the page.
#[derive(Serialize)]
struct ColumnDoc {
    header: &'static str,
    meaning: &'static str,
}

/// The columns the import understands (the headers `dto::import` accepts), as the page
/// documents them: catalogue ids of the headers and of what each means.
const COLUMNS: &[ColumnDoc] = &[
    ColumnDoc {
        header: "import-col-name",
        meaning: "import-col-name-meaning",
    },
    ColumnDoc {
        header: "import-col-email",
        meaning: "import-col-email-meaning",
    },
    ColumnDoc {
        header: "import-col-affiliation",
        meaning: "import-col-affiliation-meaning",
    },
    ColumnDoc {
        header: "import-col-role",
        meaning: "import-col-role-meaning",
    },
    ColumnDoc {
        header: "import-col-bio",
        meaning: "import-col-bio-meaning",
    },
    ColumnDoc {
        header: "import-col-handles",
        meaning: "import-col-handles-meaning",
    },
    ColumnDoc {
        header: "import-col-interests",
        meaning: "import-col-interests-meaning",
    },
    ColumnDoc {
        header: "import-col-wants",
        meaning: "import-col-wants-meaning",
    },
];

#[derive(Serialize, Default)]
struct Summary {
    created: String,
    updated: String,
    unchanged: String,
    skipped: String,
}

#[derive(Serialize)]
struct ReportView {
    source: &'static str,
    columns: Vec<ColumnOut>,
    consents: ConsentsCarriedOut,
    invited: usize,
    withdrawn: usize,
    skipped: usize,
    unpaid: usize,
    created: usize,
    updated: usize,
    unchanged: usize,
    rejected: usize,
    rows: usize,
    unknown_columns: Vec<String>,
    /// Rejected rows with every reason.
    problems: Vec<RowOut>,
    /// Every row with its outcome.
    all: Vec<RowOut>,
}

impl From<ImportReportOut> for ReportView {
    fn from(out: ImportReportOut) -> Self {
        let (mut problems, fine): (Vec<RowOut>, Vec<RowOut>) =
            out.rows.into_iter().partition(|r| !r.errors.is_empty());
        for error in problems.iter_mut().flat_map(|r| r.errors.iter_mut()) {
            if let Some((reason, item)) = &error.reason {
                let said = super::field_message::localized(&FieldError::coded(
                    error.field.clone(),
                    reason.clone(),
                ));
                error.message = match item {
                    Some(item) => format!("{item:?}: {said}"),
                    None => said,
                };
            }
        }
        let mut all: Vec<RowOut> = problems
            .iter()
            .map(|r| RowOut {
                row: r.row,
                email: r.email.clone(),
                outcome: r.outcome,
                invited: r.invited,
                attendee_id: r.attendee_id,
                errors: Vec::new(),
            })
            .chain(fine)
            .collect();
        all.sort_by_key(|r| r.row);
        Self {
            source: match out.source {
                Source::TablematesCsv => "import-source-tablemates",
                Source::PretixCsv => "import-source-pretix-csv",
                Source::PretixJson => "import-source-pretix-json",
                Source::IndicoCsv => "import-source-indico",
            },
            columns: out.columns,
            consents: out.consents,
            invited: out.invited,
            withdrawn: out.withdrawn,
            skipped: out.skipped,
            unpaid: out.unpaid,
            created: out.created,
            updated: out.updated,
            unchanged: out.unchanged,
            rejected: out.rejected,
            rows: all.len(),
            unknown_columns: out.unknown_columns,
            problems,
            all,
        }
    }
}

#[derive(Serialize)]
struct ImportPage<'a> {
    conference: ConferenceView,
    columns: &'static [ColumnDoc],
    limit: String,
    /// The text to import, carried to the second step.
    csv: &'a str,
    /// Whether the text came from the textarea (shown there again) rather than a file.
    pasted: bool,
    skip_invalid: bool,
    /// The consent columns the organizer named, carried to the second step.
    privacy_consent_column: &'a str,
    email_consent_column: &'a str,
    report: Option<ReportView>,
    /// Nothing was imported because rows are invalid and skipping them was not asked for.
    refused: bool,
    done: Option<Summary>,
    #[serde(flatten)]
    errors: FormErrors,
    csrf: String,
}

struct Shown<'a> {
    conference: &'a Conference,
    csv: &'a str,
    pasted: bool,
    skip_invalid: bool,
    consents: (&'a str, &'a str),
    report: Option<ReportView>,
    refused: bool,
    done: Option<Summary>,
    errors: FormErrors,
    raw: &'a str,
}

fn import_page(status: StatusCode, shown: Shown<'_>) -> Result<HttpResponse, PageError> {
    let context = ImportPage {
        conference: ConferenceView::from(shown.conference),
        columns: COLUMNS,
        limit: format!("{} KB", thousands((PAGE_LIMIT / 1024) as u64)),
        csv: shown.csv,
        pasted: shown.pasted,
        skip_invalid: shown.skip_invalid,
        privacy_consent_column: shown.consents.0,
        email_consent_column: shown.consents.1,
        report: shown.report,
        refused: shown.refused,
        done: shown.done,
        errors: shown.errors,
        csrf: secrets::csrf_token(shown.raw),
    };
    Ok(page(status, "organizer_import.html", &context)?)
}

/// A summary entry about the file, in the page's language.
fn the_file(message: &str) -> String {
    crate::i18n::text(
        crate::http::language::current(),
        "import-the-file",
        &[("message", crate::i18n::Arg::Text(message.to_owned()))],
    )
}

/// The form's one error, under the file input.
fn file_error(message: impl Into<String>) -> FormErrors {
    let message = message.into();
    FormErrors {
        errors: [("file".to_owned(), vec![message.clone()])].into(),
        summary: vec![SummaryItem {
            target: "f-file".to_owned(),
            text: the_file(&message),
        }],
    }
}

/// The import form, and after an import its summary (from the redirect's query).
pub async fn form(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = get_owned(&state.ctx, organizer.id, &slug).await?;
    let query = Fields(serde_urlencoded::from_str(req.query_string()).unwrap_or_default());
    let count = |name: &str| thousands(query.get(name).parse::<u64>().unwrap_or(0));
    let done = (query.get("done") == "imported").then(|| Summary {
        created: count("created"),
        updated: count("updated"),
        unchanged: count("unchanged"),
        skipped: count("skipped"),
    });
    import_page(
        StatusCode::OK,
        Shown {
            conference: &conference,
            csv: "",
            pasted: false,
            skip_invalid: false,
            consents: ("", ""),
            report: None,
            refused: false,
            done,
            errors: FormErrors::default(),
            raw: &raw,
        },
    )
}

/// Checks the file (`action=check`, a dry run that stores nothing) or imports it
/// (`action=import`); an import that stored rows goes on to the summary.
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, PageError> {
    let is_multipart = req
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|m| m.essence_str() == mime::MULTIPART_FORM_DATA);
    if !is_multipart {
        return Err(
            Error::UnsupportedMediaType("send the form as multipart/form-data".into()).into(),
        );
    }
    // The session first, so that nobody without one has a large body read.
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = get_owned(&state.ctx, organizer.id, &slug).await?;
    let limit = PAGE_LIMIT.min(state.max_import_bytes);
    let upload = match read_upload(&req, payload, limit).await {
        Ok(upload) => upload,
        Err(Unreadable::Broken(why)) => {
            return Err(Error::BadRequest(format!("the form could not be read: {why}")).into());
        }
        Err(Unreadable::TooLarge) => {
            // Nothing changes, so the CSRF token (which may not have been read) is not needed
            // to show the form again.
            return import_page(
                StatusCode::PAYLOAD_TOO_LARGE,
                Shown {
                    conference: &conference,
                    csv: "",
                    pasted: false,
                    skip_invalid: false,
                    consents: ("", ""),
                    report: None,
                    refused: false,
                    done: None,
                    errors: file_error(crate::i18n::text(
                        crate::http::language::current(),
                        "import-error-too-large",
                        &[(
                            "size",
                            crate::i18n::Arg::Text(thousands((limit / 1024) as u64)),
                        )],
                    )),
                    raw: &raw,
                },
            );
        }
    };
    let Upload { fields, file } = upload;
    check_csrf(&raw, &fields)?;
    let skip_invalid = !matches!(fields.get("skip_invalid"), "" | "false" | "off" | "0");
    let dry_run = fields.get("action") != "import";
    let pasted = file.is_empty();
    let privacy_column = fields.get("privacy_consent_column").trim();
    let email_column = fields.get("email_consent_column").trim();
    let consents = ConsentColumns {
        privacy: Some(privacy_column.to_owned()).filter(|c| !c.is_empty()),
        emails: Some(email_column.to_owned()).filter(|c| !c.is_empty()),
    };
    let shown = |errors: FormErrors| Shown {
        conference: &conference,
        csv: "",
        pasted,
        skip_invalid,
        consents: (privacy_column, email_column),
        report: None,
        refused: false,
        done: None,
        errors,
        raw: &raw,
    };
    let text = if pasted {
        fields.get("csv").to_owned()
    } else {
        match String::from_utf8(file) {
            Ok(text) => text,
            Err(err) => {
                // The parser names the line that is not UTF-8.
                let bytes = err.into_bytes();
                let message = match parse_csv(&bytes) {
                    Err(Error::Validation(list)) => {
                        list.first().map(|e| e.message.clone()).unwrap_or_default()
                    }
                    _ => crate::i18n::text(
                        crate::http::language::current(),
                        "import-error-not-utf8",
                        &[],
                    ),
                };
                return import_page(StatusCode::UNPROCESSABLE_ENTITY, shown(file_error(message)));
            }
        }
    };
    if text.trim().is_empty() {
        return import_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            shown(file_error(crate::i18n::text(
                crate::http::language::current(),
                "import-error-empty",
                &[],
            ))),
        );
    }
    // A pretix JSON export is an object; no CSV header line starts with a brace.
    let json = text.trim_start().starts_with('{');
    let parsed = match parse(text.as_bytes(), json, &consents) {
        Ok(parsed) => parsed,
        Err(Error::Validation(list)) => {
            let mut errors = FormErrors::default();
            for e in list {
                let message = if e.field == "body" {
                    super::field_message::localized(&e)
                } else {
                    format!("{} ({})", super::field_message::localized(&e), e.field)
                };
                errors.summary.push(SummaryItem {
                    target: "f-file".to_owned(),
                    text: the_file(&message),
                });
                errors
                    .errors
                    .entry("file".to_owned())
                    .or_default()
                    .push(message);
            }
            let mut again = shown(errors);
            if pasted {
                again.csv = &text;
            }
            return import_page(StatusCode::UNPROCESSABLE_ENTITY, again);
        }
        Err(err) => return Err(err.into()),
    };
    let options = ImportOptions {
        skip_invalid,
        dry_run,
    };
    let report = wf::import(
        &state.ctx,
        organizer.id,
        &slug,
        parsed.file,
        options,
        Utc::now(),
    )
    .await?;
    if report.stored {
        // Newcomers may need seating in a published plan.
        state.jobs.wake();
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("done", "imported")
            .append_pair("created", &report.created.to_string())
            .append_pair("updated", &report.updated.to_string())
            .append_pair("unchanged", &report.unchanged.to_string())
            .append_pair("skipped", &report.rejected.to_string())
            .finish();
        return Ok(see_other(&format!("{}?{query}", import_path(&slug))));
    }
    let refused = !dry_run;
    let out = ImportReportOut::new(report, parsed.meta, dry_run);
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    import_page(
        status,
        Shown {
            conference: &conference,
            csv: &text,
            pasted,
            skip_invalid,
            consents: (privacy_column, email_column),
            report: Some(ReportView::from(out)),
            refused,
            done: None,
            errors: FormErrors::default(),
            raw: &raw,
        },
    )
}
