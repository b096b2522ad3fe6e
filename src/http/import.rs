//! The organizer's attendee import endpoint: reads a CSV body under its own size limit and
//! answers the import report (200), or the report inside a 422 when rows are invalid.

use actix_web::{HttpMessage, HttpRequest, HttpResponse, http::header, web};
use chrono::Utc;
use futures_util::StreamExt;
use serde::Deserialize;

use super::AppState;
use super::dto::import::{ImportProblem, ImportReportOut, parse_csv};
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
    let is_csv = req
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|m| CSV_TYPES.contains(&m.essence_str()));
    if !is_csv {
        return Err(Error::UnsupportedMediaType(
            "send the file as text/csv".into(),
        ));
    }
    let body = read_limited(&req, payload, state.max_import_bytes).await?;
    let parsed = parse_csv(&body)?;
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
    let out = ImportReportOut::new(report, &parsed.headers, parsed.unknown_columns, dry_run);
    if refused {
        return Ok(HttpResponse::UnprocessableEntity()
            .content_type(PROBLEM_JSON)
            .json(ImportProblem::new(out)));
    }
    Ok(HttpResponse::Ok().json(out))
}

fn flag(errors: &mut FieldErrors, name: &str, raw: Option<&str>) -> bool {
    match raw.map(str::trim) {
        None => false,
        Some("true") => true,
        Some("false") => false,
        Some(_) => {
            errors.push(name, "must be true or false");
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
