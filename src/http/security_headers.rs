//! Headers every response gets unless its handler chose its own: nothing is cached or sniffed
//! (most answers hold personal data, and the few public ones are small), no referrer leaks a
//! link, every HTML page is locked down against framing and foreign content, and browsers are
//! told to keep to HTTPS when the service is served over it.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use super::AppState;

/// The policy of an HTML response that set none: it may load nothing from anywhere.
const HTML_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                        frame-ancestors 'none'; base-uri 'none'";
/// A year, as browsers' preload lists ask.
const HSTS: &str = "max-age=31536000";

pub async fn add(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let https = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.ctx.links.base_url.scheme() == "https");
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    default(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    default(headers, header::REFERRER_POLICY, "no-referrer");
    default(headers, header::CACHE_CONTROL, "no-store");
    if html {
        default(headers, header::CONTENT_SECURITY_POLICY, HTML_CSP);
        default(headers, header::X_FRAME_OPTIONS, "DENY");
    }
    if https {
        default(headers, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    Ok(response)
}

fn default(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}
