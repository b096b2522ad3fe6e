//! The organizer's attendee import endpoint: reads a CSV body (tablemates, pretix or Indico) or
//! a pretix JSON export under its own size limit and answers the import report with its preview
//! of the file (200), or the report inside a 422 when rows are invalid.

use actix_web::{HttpMessage, HttpRequest, HttpResponse, http::header, web};
use chrono::Utc;
use futures_util::StreamExt;
use serde::Deserialize;

use super::AppState;
use super::dto::import::{ImportProblem, ImportReportOut, parse};
use super::dto::import_sources::ConsentColumns;
use super::extract::{OrganizerAuth, Query};
use super::problem::PROBLEM_JSON;
use crate::error::{Error, FieldErrors};
use crate::workflows::import::{self as wf, ImportOptions};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Flags arrive as text so a bad one is reported under its own name.
    pub skip_invalid: Option<String>,
    pub dry_run: Option<String>,
    /// The source column (a pretix question identifier in JSON) that asked for the privacy
    /// consent tablemates needs; without it a pretix or Indico file carries none.
    pub privacy_consent_column: Option<String>,
    /// The source column that asked for consent to non-essential email.
    pub email_consent_column: Option<String>,
}

/// Media types a CSV upload arrives with: browsers send `application/vnd.ms-excel` for `.csv`
/// files on systems where Excel is installed.
const CSV_TYPES: &[&str] = &[
    "text/csv",
    "application/csv",
    "text/plain",
    "application/vnd.ms-excel",
];

pub async fn import(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    Query(query): Query<ImportQuery>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    let mut errors = FieldErrors::default();
    let skip_invalid = flag(&mut errors, "skip_invalid", query.skip_invalid.as_deref());
    let dry_run = flag(&mut errors, "dry_run", query.dry_run.as_deref());
    errors.finish()?;
    let mime = req.mime_type().ok().flatten();
    let essence = mime.as_ref().map(|m| m.essence_str().to_owned());
    let is_json = essence.as_deref() == Some("application/json");
    if !is_json && !essence.is_some_and(|e| CSV_TYPES.contains(&e.as_str())) {
        return Err(Error::UnsupportedMediaType(
            "send the file as text/csv, or a pretix JSON export as application/json".into(),
        ));
    }
    let consents = ConsentColumns {
        privacy: named(query.privacy_consent_column),
        emails: named(query.email_consent_column),
    };
    let body = read_limited(&req, payload, state.max_import_bytes).await?;
    let parsed = parse(&body, is_json, &consents)?;
    drop(body);
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
    // Newcomers may need seating in a published plan.
    state.jobs.wake();
    let refused = report.rejected > 0 && !skip_invalid;
    let out = ImportReportOut::new(report, parsed.meta, dry_run);
    if refused {
        return Ok(HttpResponse::UnprocessableEntity()
            .content_type(PROBLEM_JSON)
            .json(ImportProblem::new(out)));
    }
    Ok(HttpResponse::Ok().json(out))
}

fn named(raw: Option<String>) -> Option<String> {
    raw.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty())
}

fn flag(errors: &mut FieldErrors, name: &str, raw: Option<&str>) -> bool {
    match raw.map(str::trim) {
        None => false,
        Some("true") => true,
        Some("false") => false,
        Some(_) => {
            errors.reject(name, super::reasons::either(&["true", "false"]));
            false
        }
    }
}

/// The body, refused with 413 as soon as it is known to exceed `limit` (from Content-Length,
/// or while reading a chunked body).
async fn read_limited(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<web::BytesMut, Error> {
    let too_large = || {
        Error::PayloadTooLarge(format!(
            "the file is larger than the {limit} bytes the service accepts \
             (TABLEMATES_MAX_IMPORT_BYTES); split it"
        ))
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| Error::BadRequest(format!("the body could not be read: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
