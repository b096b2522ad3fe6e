//! The request id: the caller's `X-Request-Id` when it is a sane one (a proxy's or a client's
//! own, so their logs and ours can be joined), else a fresh UUID. It is echoed in the response
//! header, logged with every line of the request (see `log_span`) and written into every
//! problem+json and HTML error page, so a report quoting it finds the log lines.

use std::sync::Arc;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;

pub const HEADER: &str = "x-request-id";

/// Longer incoming ids are replaced: an id is for joining logs, not for carrying data.
const MAX_LEN: usize = 128;

tokio::task_local! {
    /// The id of the request being handled, for error responses, which are made without
    /// access to the request.
    static CURRENT: Arc<str>;
}

/// The request's id, stored in its extensions for the log span.
#[derive(Clone, Debug)]
pub struct RequestId(pub Arc<str>);

/// The id of the request this task is answering; `None` outside a request.
pub fn current() -> Option<String> {
    CURRENT.try_with(|id| id.to_string()).ok()
}

/// Letters, digits and `-_.:` only: nothing that could forge a log line or a header.
fn sane(value: &HeaderValue) -> Option<&str> {
    let text = value.to_str().ok()?;
    let fits = (1..=MAX_LEN).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    fits.then_some(text)
}

/// The outermost middleware: every layer inside, and every error turned into a response,
/// sees the id.
pub async fn assign(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id: Arc<str> = req
        .headers()
        .get(HEADER)
        .and_then(sane)
        .map_or_else(|| uuid::Uuid::new_v4().to_string().into(), Into::into);
    req.extensions_mut().insert(RequestId(id.clone()));
    let header = HeaderValue::from_str(&id).ok();
    let echo = |headers: &mut HeaderMap| {
        if let Some(value) = &header {
            headers.insert(HeaderName::from_static(HEADER), value.clone());
        }
    };
    match CURRENT.scope(id.clone(), next.call(req)).await {
        Ok(mut response) => {
            echo(response.headers_mut());
            Ok(response)
        }
        // An error a middleware let through becomes its response here, inside the scope, so
        // its problem+json carries the id too.
        Err(error) => {
            let mut response = CURRENT.sync_scope(id, || error.error_response());
            echo(response.headers_mut());
            Err(InternalError::from_response(error, response).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_ids_are_taken_from_the_caller() {
        let ok = |s: &str| sane(&HeaderValue::from_str(s).expect("a header value")).is_some();
        assert!(ok("3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"));
        assert!(ok("lb-01:req.42_x"));
        assert!(!ok(""));
        assert!(!ok("has space"));
        assert!(!ok("quote\"d"));
        assert!(!ok(&"a".repeat(MAX_LEN + 1)));
        assert!(ok(&"a".repeat(MAX_LEN)));
    }
}
