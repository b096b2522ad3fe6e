//! Extractors that turn request parts into typed values or a problem+json error: JSON bodies
//! (with the path of a wrongly typed field), query strings, and bearer tokens.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, http::header, web};
use chrono::Utc;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::domain::records::Organizer;
use crate::error::{Error, FieldError, FieldErrors};
use crate::workflows;

use super::AppState;
use super::guard_first::GuardCheck;

/// A JSON request body. Wrong content type: 415; over the size limit: 413; not JSON: 400; JSON
/// of the wrong shape: 422 naming the field.
pub struct JsonBody<T>(pub T);

/// The JSON paths of a request body that must hold objects (`""` is the body itself, `a[]` the
/// elements of array `a`). serde's derived structs also accept a positional array, which the
/// contract does not allow, so bodies list their object paths and the extractor checks them.
pub trait ObjectPaths {
    const OBJECT_PATHS: &'static [&'static str];
}

impl<T: DeserializeOwned + ObjectPaths + 'static> FromRequest for JsonBody<T> {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|m| m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON));
        let bytes = web::Bytes::from_request(req, payload);
        let guard = GuardCheck::of(req);
        let body = async move {
            if !is_json {
                return Err(Error::UnsupportedMediaType(
                    "send the body as application/json".into(),
                ));
            }
            let bytes = bytes
                .await
                .map_err(|err| match err.as_error::<PayloadError>() {
                    Some(PayloadError::Overflow) => {
                        Error::PayloadTooLarge("the body is larger than the service accepts".into())
                    }
                    _ => Error::BadRequest(format!("the body could not be read: {err}")),
                })?;
            parse_json(&bytes).map(JsonBody)
        };
        Box::pin(async move { GuardCheck::after(guard, body.await).await })
    }
}

fn parse_json<T: DeserializeOwned + ObjectPaths>(bytes: &[u8]) -> Result<T, Error> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::BadRequest(format!("the body is not valid JSON: {e}")))?;
    for path in T::OBJECT_PATHS {
        if let Some(bad) = not_an_object(&value, path, String::new()) {
            let field = if bad.is_empty() {
                "body".to_owned()
            } else {
                bad
            };
            return Err(Error::field(field, "must be a JSON object"));
        }
    }
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let field = if path == "." {
            missing_field(&inner.to_string()).unwrap_or_else(|| "body".to_owned())
        } else {
            path
        };
        Error::Validation(vec![FieldError::new(field, clean_message(&inner))])
    })
}

/// The first place along `path` where `value` holds something other than an object (absent
/// and `null` values are left to the deserializer).
fn not_an_object(value: &serde_json::Value, path: &str, at: String) -> Option<String> {
    use serde_json::Value;
    if value.is_null() {
        return None;
    }
    let Some(object) = value.as_object() else {
        return (path.is_empty()).then_some(at);
    };
    if path.is_empty() {
        return None;
    }
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let join = |name: &str| {
        if at.is_empty() {
            name.to_owned()
        } else {
            format!("{at}.{name}")
        }
    };
    match head.strip_suffix("[]") {
        Some(name) => match object.get(name) {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| not_an_object(item, rest, format!("{}[{i}]", join(name)))),
            _ => None,
        },
        None => object
            .get(head)
            .and_then(|child| not_an_object(child, rest, join(head))),
    }
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
}

/// serde's message without the " at line 1 column 9" suffix a person does not need.
fn clean_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    }
}

/// A query string; a malformed one is a 422 naming the parameter where serde says which.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> Query<T> {
    pub fn parse(req: &HttpRequest) -> Result<Self, Error> {
        serde_urlencoded::from_str::<T>(req.query_string())
            .map(Query)
            .map_err(|e| Error::field("query", e.to_string()))
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(GuardCheck::after(GuardCheck::of(req), Self::parse(req)))
    }
}

fn bearer(req: &HttpRequest) -> Result<String, Error> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| Error::Unauthorized("send an Authorization: Bearer token".into()))?
        .to_str()
        .map_err(|_| Error::Unauthorized("the Authorization header is not text".into()))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::Unauthorized("the Authorization header must be Bearer".into()))?;
    Ok(token.to_owned())
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, Error> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| Error::internal(anyhow::anyhow!("application state is not registered")))
}

/// The organizer behind the bearer token. A read-scope token reads (GET, HEAD) and nothing
/// else: any other method is 403 naming the scope, checked here so that no route can forget.
pub struct OrganizerAuth(pub Organizer);

impl FromRequest for OrganizerAuth {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = state(req);
        let method = req.method().clone();
        Box::pin(GuardCheck::guard(req, async move {
            let (token, state) = (token?, state?);
            let signed_in =
                workflows::organizers::authenticate(&state.ctx, &token, Utc::now()).await?;
            allowed(&signed_in, &method).map(OrganizerAuth)
        }))
    }
}

/// The organizer, if the token's scope lets it make a `method` request.
fn allowed(
    signed_in: &workflows::organizers::Authenticated,
    method: &actix_web::http::Method,
) -> Result<Organizer, Error> {
    use crate::domain::records::TokenScope;
    use actix_web::http::Method;
    let reads = *method == Method::GET || *method == Method::HEAD;
    if signed_in.scope == TokenScope::Read && !reads {
        return Err(Error::Forbidden(
            "this token's scope is read: it may only read and export (GET); use a token \
             with scope full to change anything"
                .into(),
        ));
    }
    Ok(signed_in.organizer.clone())
}

/// The cookie that carries an organizer's console session.
pub const SESSION_COOKIE: &str = "tm_session";

/// The organizer behind the bearer token; else behind the console's session cookie, so a
/// signed-in browser downloads without a token in the address; else behind `?access_token=`
/// (RFC 6750 §2.3). Only downloads a browser opens as a link use it; their answers carry
/// `Cache-Control: no-store` and `Referrer-Policy: no-referrer`.
pub struct OrganizerQueryAuth(pub Organizer);

impl OrganizerQueryAuth {
    pub async fn authenticate(req: &HttpRequest) -> Result<Organizer, Error> {
        let ctx = &state(req)?.ctx;
        if req.headers().contains_key(header::AUTHORIZATION) {
            let signed_in =
                workflows::organizers::authenticate(ctx, &bearer(req)?, Utc::now()).await?;
            return allowed(&signed_in, req.method());
        }
        if let Some(session) = req.cookie(SESSION_COOKIE) {
            return workflows::organizer_sessions::organizer(ctx, session.value(), Utc::now())
                .await;
        }
        let signed_in =
            workflows::organizers::authenticate(ctx, &query_token(req)?, Utc::now()).await?;
        allowed(&signed_in, req.method())
    }
}

fn query_token(req: &HttpRequest) -> Result<String, Error> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string())
        .map_err(|e| Error::field("query", e.to_string()))?;
    pairs
        .into_iter()
        .find(|(k, _)| k == "access_token")
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            Error::Unauthorized("send an Authorization: Bearer token or ?access_token=".into())
        })
}

impl FromRequest for OrganizerQueryAuth {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let owned = req.clone();
        Box::pin(GuardCheck::guard(req, async move {
            Self::authenticate(&owned).await.map(OrganizerQueryAuth)
        }))
    }
}

/// The attendee behind a personal-link token.
pub struct AttendeeAuth(pub Uuid);

impl FromRequest for AttendeeAuth {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = state(req);
        Box::pin(GuardCheck::guard(req, async move {
            let (token, state) = (token?, state?);
            workflows::attendees::authenticate(&state.ctx, &token, chrono::Utc::now())
                .await
                .map(AttendeeAuth)
        }))
    }
}

/// A UUID path segment; anything else is a path that names no resource.
pub fn parse_id(raw: &str, what: &'static str) -> Result<Uuid, Error> {
    Uuid::parse_str(raw).map_err(|_| Error::NotFound(what))
}

/// Most items a list endpoint returns per page.
pub const MAX_PER_PAGE: u64 = 200;

/// The `page` (1-based) and `per_page` (50 unless given, at most [`MAX_PER_PAGE`]) query
/// parameters of a list.
pub fn paging(errors: &mut FieldErrors, page: Option<&str>, per_page: Option<&str>) -> (u64, u64) {
    (
        query_number(errors, "page", page, 1, 1..=1_000_000),
        query_number(errors, "per_page", per_page, 50, 1..=MAX_PER_PAGE),
    )
}

/// The variant of `T` named `raw`; otherwise `None`, with an error under `field` naming them.
pub fn one_of<T>(errors: &mut FieldErrors, field: &str, raw: Option<&str>) -> Option<T>
where
    T: strum::VariantArray + Copy + 'static,
    for<'a> &'a T: Into<&'static str>,
{
    let raw = raw?;
    errors.check(
        field,
        T::VARIANTS
            .iter()
            .copied()
            .find(|known| Into::<&'static str>::into(known) == raw)
            .ok_or_else(|| {
                let names: Vec<&'static str> = T::VARIANTS.iter().map(Into::into).collect();
                super::reasons::one_of(&names)
            }),
    )
}

/// A whole number from a query parameter within `range`; `default` when absent. A bad value is
/// recorded under `field` (and `default` returned) so every bad parameter is reported at once.
pub fn query_number(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<&str>,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
) -> u64 {
    let Some(raw) = raw else { return default };
    match raw.trim().parse::<u64>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.reject(
                field,
                super::reasons::whole_number_between(*range.start(), *range.end()),
            );
            default
        }
    }
}
