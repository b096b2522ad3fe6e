//! Handle verification: the attendee's status and "verify" request (`/api/v1/me/verification`),
//! and the public page profiles link back to (`/v/{code}`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use super::AppState;
use super::client_address::ClientAddress;
use super::dto::verification::{VerificationOut, VerifyIn};
use super::extract::{AttendeeAuth, JsonBody};
use super::pages::{PageError, page};
use crate::domain::records::VisibleHandle;
use crate::domain::verification::CODE_BYTES;
use crate::error::Error;
use crate::workflows::verification as wf;

/// Random bytes for a verification code, in case the attendee has none yet.
fn fresh_code() -> [u8; CODE_BYTES] {
    rand::random()
}

/// The attendee's handles with their proofs, and the page address to link from profiles.
pub async fn status(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let status = wf::status(&state.ctx, id, &fresh_code()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(VerificationOut::from(status)))
}

/// Checks one handle against its network now. Each check makes the server fetch from the
/// network, so it counts against the client address's abuse limit.
pub async fn verify(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
    client: ClientAddress,
    JsonBody(body): JsonBody<VerifyIn>,
) -> Result<HttpResponse, Error> {
    let network = body.network()?;
    let now = Utc::now();
    state
        .limiter
        .check_client(&state.ctx.db.write, client.0, now)
        .await?;
    let status = wf::verify(&state.ctx, id, network, &fresh_code(), now).await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(VerificationOut::from(status)))
}

#[derive(Serialize)]
struct PageView {
    page_url: String,
    handles: Vec<VisibleHandle>,
}

/// The public verification page.
pub async fn public_page(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let found = wf::public_page(&state.ctx, &code).await?;
    let view = PageView {
        page_url: found.page_url,
        handles: found
            .handles
            .into_iter()
            .map(|h| VisibleHandle {
                network: h.network().as_str().to_owned(),
                handle: h.handle.display(),
                url: h.handle.profile_url(),
                verified: h.verified.is_some(),
            })
            .collect(),
    };
    Ok(page(StatusCode::OK, "verification.html", &view)?)
}
