//! Endpoints anyone may call: a conference's public data, registration, and asking for one's
//! personal link again.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::client_address::ClientAddress;
use super::dto::access_link::{AccessLinkAccepted, AccessLinkIn};
use super::dto::attendees::{AttendeeIn, RegistrationAccepted};
use super::dto::conferences::PublicConferenceOut;
use super::extract::JsonBody;
use crate::error::Error;
use crate::workflows;

pub async fn conference(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let conference = workflows::conferences::public(&state.ctx, &slug).await?;
    Ok(HttpResponse::Ok().json(PublicConferenceOut::from(conference)))
}

/// Registers, or quietly re-sends the link of an existing registration: the same 202 either
/// way, so nobody can probe who attends. The same 202, too, when the address's mailbox has had
/// its share of emails, and then nothing is stored or sent.
pub async fn register(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    client: ClientAddress,
    JsonBody(body): JsonBody<AttendeeIn>,
) -> Result<HttpResponse, Error> {
    let input = body.into_input()?;
    workflows::registration::register_limited(
        &state.ctx,
        &state.conferences,
        &state.registrar,
        &state.limiter,
        client.0,
        &slug,
        input,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Accepted().json(RegistrationAccepted {
        status: "accepted",
        detail: "Check your email: we sent a link to confirm and manage your registration.",
    }))
}

/// Emails a fresh personal link if the address is registered; the same 202 either way, sent
/// before the address is even looked up.
pub async fn access_link(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    client: ClientAddress,
    JsonBody(body): JsonBody<AccessLinkIn>,
) -> Result<HttpResponse, Error> {
    let email = body.into_email()?;
    let now = Utc::now();
    state
        .limiter
        .check_client(&state.ctx.db.write, client.0, now)
        .await?;
    workflows::access_link::request(
        &state.ctx,
        &state.conferences,
        &state.limiter,
        &slug,
        email,
        now,
    )
    .await?;
    Ok(HttpResponse::Accepted().json(AccessLinkAccepted {
        status: "accepted",
        detail: "If this address is registered, we sent it a new personal link.",
    }))
}
