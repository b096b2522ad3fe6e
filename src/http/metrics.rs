//! `GET /metrics` (Prometheus text format), and the counting of every request by method,
//! matched route pattern and status.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::AppState;
use crate::error::Error;

/// The route label of a request no route matched (answered 404).
const UNMATCHED: &str = "(unmatched)";

/// What Prometheus asks for with the text format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Counts the request once its response head is ready: the duration does not include the
/// streaming of a large body (exports), which the client's pace decides.
pub async fn count(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let Some(metrics) = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.ctx.metrics.clone())
    else {
        return next.call(req).await;
    };
    // The pattern (`/unsubscribe/{token}`), never the path, which may hold a token.
    let route = req.match_pattern();
    let method = method_label(req.method());
    let outcome = next.call(req).await;
    let status = match &outcome {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    metrics.request(
        method,
        route.unwrap_or_else(|| UNMATCHED.to_owned()),
        status.as_u16(),
        started.elapsed().as_secs_f64(),
    );
    outcome
}

/// Any method outside the standard ones counts as `other`, so that made-up methods cannot
/// add series.
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [(Method, &str); 9] = [
        (Method::GET, "GET"),
        (Method::HEAD, "HEAD"),
        (Method::POST, "POST"),
        (Method::PUT, "PUT"),
        (Method::PATCH, "PATCH"),
        (Method::DELETE, "DELETE"),
        (Method::OPTIONS, "OPTIONS"),
        (Method::CONNECT, "CONNECT"),
        (Method::TRACE, "TRACE"),
    ];
    KNOWN
        .iter()
        .find(|(m, _)| m == method)
        .map_or("other", |(_, label)| label)
}

/// The exposition; with `TABLEMATES_METRICS_TOKEN` set, only for `Authorization: Bearer` that
/// token.
pub async fn scrape(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    if let Some(expected) = &state.metrics_token {
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        let matches = presented.is_some_and(|token| {
            // Hashed first, so the comparison takes as long whatever the lengths.
            Sha256::digest(token.as_bytes())
                .ct_eq(&Sha256::digest(expected.as_bytes()))
                .into()
        });
        if !matches {
            return Err(Error::Unauthorized(
                "GET /metrics needs Authorization: Bearer with the metrics token".into(),
            ));
        }
    }
    let body = crate::workflows::metrics::exposition(&state.ctx).await?;
    Ok(HttpResponse::Ok().content_type(CONTENT_TYPE).body(body))
}
