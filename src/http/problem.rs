//! The one mapping from `Error` to an HTTP status and an RFC 9457 `application/problem+json`
//! body. Extractor failures, unknown paths and unsupported methods come through here too, so a
//! client never sees actix's plain-text defaults.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use super::request_id;
use crate::error::{Error, FieldError, RETRY_UNAVAILABLE_AFTER};

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [FieldError],
    /// The request's id (also in the `X-Request-Id` header), for quoting in a report.
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<String>,
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        match self {
            Error::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Conflict { .. } => StatusCode::CONFLICT,
            Error::Unauthorized(_) | Error::LinkReplaced { .. } => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let mut extra_errors = Vec::new();
        let (kind, title, detail) = match self {
            Error::Validation(errors) => (
                "/problems/validation",
                "Some fields are invalid",
                Some(summary(errors)),
            ),
            Error::BadRequest(d) => ("/problems/bad-request", "Bad request", Some(d.clone())),
            Error::PayloadTooLarge(d) => (
                "/problems/payload-too-large",
                "Request body too large",
                Some(d.clone()),
            ),
            Error::UnsupportedMediaType(d) => (
                "/problems/unsupported-media-type",
                "Unsupported media type",
                Some(d.clone()),
            ),
            Error::NotFound(what) => (
                "/problems/not-found",
                "Not found",
                Some(format!("no such {what}")),
            ),
            Error::Conflict { detail, field, .. } => {
                if field.is_some()
                    && let Some(error) = self.conflict_as_field("")
                {
                    extra_errors.push(error);
                }
                ("/problems/conflict", "Conflict", Some(detail.clone()))
            }
            Error::Unauthorized(d) => (
                "/problems/unauthorized",
                "Authentication required",
                Some(d.clone()),
            ),
            Error::LinkReplaced { conference_slug } => (
                "/problems/link-replaced",
                "Link replaced",
                Some(format!(
                    "a newer personal link was emailed to you and replaced this one; use the \
                     newest email's link, or ask for a new one with POST \
                     /api/v1/public/conferences/{conference_slug}/access-link"
                )),
            ),
            Error::Forbidden(d) => ("/problems/forbidden", "Forbidden", Some(d.clone())),
            Error::TooManyRequests { retry_after } => (
                "/problems/too-many-requests",
                "Too many requests",
                Some(format!(
                    "too many requests from this address; try again in {retry_after} seconds"
                )),
            ),
            Error::Unavailable(cause) => {
                log_unavailable(cause);
                (
                    "/problems/unavailable",
                    "Service unavailable",
                    Some(format!(
                        "the database cannot be used right now; nothing was changed, try again \
                         in {RETRY_UNAVAILABLE_AFTER} seconds"
                    )),
                )
            }
            Error::Internal(cause) => {
                tracing::error!(
                    request_id = request_id::current().unwrap_or_default(),
                    error = ?cause,
                    "internal error"
                );
                ("/problems/internal", "Internal server error", None)
            }
        };
        let errors: &[FieldError] = match self {
            Error::Validation(errors) => errors,
            _ => &extra_errors,
        };
        let mut response = HttpResponse::build(status);
        if matches!(self, Error::Unauthorized(_) | Error::LinkReplaced { .. }) {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let Error::TooManyRequests { retry_after } = self {
            response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        if let Error::Unavailable(_) = self {
            response.insert_header((header::RETRY_AFTER, RETRY_UNAVAILABLE_AFTER.to_string()));
        }
        response.content_type(PROBLEM_JSON).json(Problem {
            kind,
            title,
            status: status.as_u16(),
            detail,
            errors,
            request_id: request_id::current(),
        })
    }
}

/// One warning per refused request, naming the cause (refused connection, pool timeout, full
/// disk) so an operator reading the log sees what to fix.
pub(crate) fn log_unavailable(cause: &anyhow::Error) {
    tracing::warn!(
        request_id = request_id::current().unwrap_or_default(),
        error = %format!("{cause:#}"),
        "database unavailable; answered 503"
    );
}

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Answers paths that match no route.
pub async fn not_found() -> Result<HttpResponse, Error> {
    Err(Error::NotFound("resource"))
}

/// Answers a known path with a method it does not support, listing the ones it does.
pub fn method_not_allowed(allowed: &str) -> HttpResponse {
    HttpResponse::build(StatusCode::METHOD_NOT_ALLOWED)
        .insert_header((header::ALLOW, allowed.to_owned()))
        .content_type(PROBLEM_JSON)
        .json(Problem {
            kind: "/problems/method-not-allowed",
            title: "Method not allowed",
            status: 405,
            detail: Some(format!("this path supports {allowed}")),
            errors: &[],
            request_id: request_id::current(),
        })
}
