//! The span every request is logged in. It is tracing-actix-web's, with one change: the logged
//! target has its secrets blanked. Personal links, sign-in links, unsubscribe links and the
//! organizer token's query fallback all carry a bearer secret in the URL, and a log line that
//! keeps one hands whoever reads the logs a working link. Its request id is the one
//! `request_id` chose, and each request ends with one "request finished" line.

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

use crate::secrets;

/// What replaces a secret in a logged URL.
const REDACTED: &str = "[redacted]";

/// Query parameters whose value is a secret whatever it looks like.
const SECRET_PARAMETERS: [&str; 3] = ["token", "access_token", "csrf"];

pub struct RedactedRootSpan;

impl RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let target = redact(request.uri().path_and_query().map_or("", |p| p.as_str()));
        let route = request.match_pattern().unwrap_or_default();
        // `request_id::assign`, the outermost middleware, stored it.
        let request_id = request
            .extensions()
            .get::<super::request_id::RequestId>()
            .map(|id| id.0.to_string())
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.client_ip = %request.connection_info().realip_remote_addr().unwrap_or(""),
            http.target = %target,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span.clone(), outcome);
        // The access log: one line per request, in its span (route, redacted target, id).
        let status = match outcome {
            Ok(response) => response.status(),
            Err(error) => error.as_response_error().status_code(),
        };
        tracing::info!(parent: &span, status = status.as_u16(), "request finished");
    }
}

/// `target` (a path and query) with every path segment that is one of the service's tokens,
/// and the value of every secret query parameter, replaced.
pub fn redact(target: &str) -> String {
    let (path, query) = target
        .split_once('?')
        .map_or((target, None), |(p, q)| (p, Some(q)));
    let path = path
        .split('/')
        .map(|segment| {
            if looks_like_token(segment) {
                REDACTED
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    let Some(query) = query else {
        return path;
    };
    let query = query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if SECRET_PARAMETERS.contains(&key) || looks_like_token(value) {
                format!("{key}={REDACTED}")
            } else {
                pair.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&");
    format!("{path}?{query}")
}

fn looks_like_token(value: &str) -> bool {
    secrets::PREFIXES.iter().any(|p| value.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn tokens_in_paths_and_queries_are_blanked() {
        assert_eq!(
            redact("/manage?token=tm_att_abc&done=saved"),
            "/manage?token=[redacted]&done=saved"
        );
        assert_eq!(
            redact("/api/v1/conferences/x/exports/seats.csv?access_token=anything&meetup_id=1"),
            "/api/v1/conferences/x/exports/seats.csv?access_token=[redacted]&meetup_id=1"
        );
        assert_eq!(redact("/unsubscribe/tm_uns_xyz"), "/unsubscribe/[redacted]");
        assert_eq!(redact("/x?other=tm_org_abc"), "/x?other=[redacted]");
    }

    #[test]
    fn ordinary_targets_are_kept() {
        assert_eq!(
            redact("/api/v1/conferences?page=2"),
            "/api/v1/conferences?page=2"
        );
        assert_eq!(redact("/healthz"), "/healthz");
        assert_eq!(redact("/c/rustconf?token"), "/c/rustconf?token=[redacted]");
    }
}
