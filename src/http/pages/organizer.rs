//! The organizer's sign-in and console home: `/organizer/sign-in` (an emailed one-time link, or
//! the API token), `/organizer` (their conferences) and sign-out. The session travels in an
//! `HttpOnly`, `SameSite=Lax` cookie (`Secure` behind https); every form of a signed-in page
//! carries the session's CSRF token, checked before anything changes.

use std::collections::HashMap;

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use super::form::{Fields, FormBody, FormErrors, SummaryItem};
use super::render::{PageError, page, see_other};
use super::view::ConferenceView;
use crate::domain::EmailAddress;
use crate::domain::records::Organizer;
use crate::error::{Error, FieldError};
use crate::http::AppState;
use crate::http::client_address::ClientAddress;
use crate::http::extract::SESSION_COOKIE;
use crate::secrets;
use crate::workflows::organizer_sessions::{self as wf, LINK_MINUTES, NewSession, SESSION_HOURS};

#[derive(Serialize)]
struct SignInPage<'a> {
    email: &'a str,
    notice: Option<&'a str>,
    link_minutes: i64,
    #[serde(flatten)]
    errors: FormErrors,
}

fn sign_in_page(
    status: StatusCode,
    email: &str,
    notice: Option<&str>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let context = SignInPage {
        email,
        notice,
        link_minutes: LINK_MINUTES,
        errors,
    };
    Ok(page(status, "organizer_sign_in.html", &context)?)
}

/// One field's error, as the form shows it.
fn field_error(field: &str, message: &str) -> FormErrors {
    FormErrors {
        errors: HashMap::from([(field.to_owned(), vec![message.to_owned()])]),
        summary: vec![SummaryItem {
            target: format!("f-{field}"),
            text: message.to_owned(),
        }],
    }
}

pub async fn sign_in_form() -> Result<HttpResponse, PageError> {
    sign_in_page(StatusCode::OK, "", None, FormErrors::default())
}

/// Emails a sign-in link; the answer is the same whether the address is an organizer's, and
/// whether its mailbox has had its share of emails (then nothing is sent).
pub async fn request_link(
    state: web::Data<AppState>,
    client: ClientAddress,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let raw = fields.get("email");
    let email = match EmailAddress::parse(raw) {
        Ok(email) => email,
        Err(e) => {
            return sign_in_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                raw,
                None,
                field_error(
                    "email",
                    &super::field_message::localized(&FieldError::coded("email", e)),
                ),
            );
        }
    };
    let now = Utc::now();
    let db = &state.ctx.db.write;
    state.limiter.check_client(db, client.0, now).await?;
    if state.limiter.mailbox_allows(db, &email, now).await? {
        // The email speaks the language of the page the organizer asked from.
        let language = crate::http::language::current();
        wf::request_link(&state.ctx, &email, language, now).await?;
    }
    Ok(page(
        StatusCode::OK,
        "organizer_link_sent.html",
        &serde_json::json!({"link_minutes": LINK_MINUTES}),
    )?)
}

/// The catalogue id of the notice a used or expired link shows.
const DEAD_LINK: &str = "signin-dead-link";

/// The page a sign-in link opens: a button, so that a mail scanner following the link does not
/// use it up.
pub async fn link_page(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query: HashMap<String, String> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let token = query.get("token").map(|t| t.trim()).unwrap_or_default();
    if token.is_empty() || !wf::link_is_live(&state.ctx, token, Utc::now()).await? {
        return sign_in_page(StatusCode::GONE, "", Some(DEAD_LINK), FormErrors::default());
    }
    Ok(page(
        StatusCode::OK,
        "organizer_link.html",
        &serde_json::json!({"token": token}),
    )?)
}

pub async fn sign_in_with_link(
    state: web::Data<AppState>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    match wf::sign_in_with_link(
        &state.ctx,
        fields.get("token").trim(),
        Utc::now(),
        &mut rand::rng(),
    )
    .await
    {
        Ok(session) => Ok(signed_in(&state, session)),
        Err(Error::Unauthorized(_)) => {
            sign_in_page(StatusCode::GONE, "", Some(DEAD_LINK), FormErrors::default())
        }
        Err(e) => Err(e.into()),
    }
}

/// Counted against the client's address like the link form, so it is no faster way to guess.
pub async fn sign_in_with_token(
    state: web::Data<AppState>,
    client: ClientAddress,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    state
        .limiter
        .check_client(&state.ctx.db.write, client.0, Utc::now())
        .await?;
    match wf::sign_in_with_token(
        &state.ctx,
        fields.get("token"),
        Utc::now(),
        &mut rand::rng(),
    )
    .await
    {
        Ok(session) => Ok(signed_in(&state, session)),
        Err(Error::Unauthorized(_)) => sign_in_page(
            StatusCode::UNAUTHORIZED,
            "",
            None,
            field_error(
                "token",
                &crate::i18n::text(crate::http::language::current(), "signin-error-token", &[]),
            ),
        ),
        Err(e) => Err(e.into()),
    }
}

/// The cookie of `session`, or the one that ends it (`None`).
fn session_cookie(state: &AppState, session: Option<&NewSession>) -> Cookie<'static> {
    let mut cookie = Cookie::build(
        SESSION_COOKIE,
        session.map(|s| s.raw.clone()).unwrap_or_default(),
    )
    .path("/")
    .http_only(true)
    .same_site(SameSite::Lax)
    .secure(state.ctx.links.is_https())
    .finish();
    match session {
        // The session was opened just now: it lasts exactly its full time.
        Some(_) => cookie.set_max_age(time::Duration::hours(SESSION_HOURS)),
        None => cookie.make_removal(),
    }
    cookie
}

fn signed_in(state: &AppState, session: NewSession) -> HttpResponse {
    let mut response = see_other("/organizer");
    if let Err(e) = response.add_cookie(&session_cookie(state, Some(&session))) {
        tracing::error!(error = %e, "the session cookie could not be set");
    }
    response
}

/// The raw session secret the request's cookie carries, if any.
fn session_of(req: &HttpRequest) -> Option<String> {
    req.cookie(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

/// The signed-in organizer and their session secret; `None` when the request has no live
/// session.
pub(super) async fn signed_in_organizer(
    state: &AppState,
    req: &HttpRequest,
) -> Result<Option<(Organizer, String)>, Error> {
    let Some(raw) = session_of(req) else {
        return Ok(None);
    };
    match wf::organizer(&state.ctx, &raw, Utc::now()).await {
        Ok(organizer) => Ok(Some((organizer, raw))),
        Err(Error::Unauthorized(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

#[derive(Serialize)]
struct OrganizerView {
    name: String,
    email: String,
}

#[derive(Serialize)]
struct HomePage {
    organizer: OrganizerView,
    conferences: Vec<ConferenceView>,
    csrf: String,
}

/// The console's first page: the organizer's conferences.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other("/organizer/sign-in"));
    };
    let conferences = crate::workflows::conferences::list_owned(&state.ctx, organizer.id).await?;
    let context = HomePage {
        organizer: OrganizerView {
            name: organizer.name.to_string(),
            email: organizer.email.to_string(),
        },
        conferences: conferences.iter().map(ConferenceView::from).collect(),
        csrf: secrets::csrf_token(&raw),
    };
    Ok(page(StatusCode::OK, "organizer_home.html", &context)?)
}

/// Refuses a form of session `raw` that does not carry its CSRF token, before anything changes.
pub(super) fn check_csrf(raw: &str, fields: &Fields) -> Result<(), Error> {
    if secrets::csrf_matches(raw, fields.get("csrf")) {
        Ok(())
    } else {
        Err(Error::Forbidden(super::render::STALE_FORM.into()))
    }
}

/// Ends the session and forgets the cookie; a request without the session's CSRF token
/// changes nothing. A cookie whose session has already ended (expired, signed out, unknown)
/// is no session, as on every console page: on to sign in, not a 403 for its form.
pub async fn sign_out(
    state: web::Data<AppState>,
    req: HttpRequest,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((_, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other("/organizer/sign-in"));
    };
    check_csrf(&raw, &fields)?;
    wf::sign_out(&state.ctx, &raw).await?;
    let mut response = see_other("/");
    // The seating charts the browser kept (the only console answers it may keep) go too.
    response.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("clear-site-data"),
        actix_web::http::header::HeaderValue::from_static("\"cache\""),
    );
    if let Err(e) = response.add_cookie(&session_cookie(&state, None)) {
        tracing::error!(error = %e, "the session cookie could not be removed");
    }
    Ok(response)
}
