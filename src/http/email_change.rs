//! The API side of an organizer's email change: the new address confirms it, the attendee may
//! cancel it from their personal link.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::attendees::{AttendeeOut, Viewer};
use super::dto::email_change::{EmailChangeIn, EmailChanged};
use super::extract::{AttendeeAuth, JsonBody};
use crate::error::Error;
use crate::workflows::email_change as wf;

/// The bearer of the emailed confirmation link confirms the new address. The answer names only
/// the address: confirming proves the inbox, not who the attendee is.
pub async fn confirm(
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<EmailChangeIn>,
) -> Result<HttpResponse, Error> {
    let token = body.into_token()?;
    let (attendee, _) = wf::confirm(&state.ctx, &token, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(EmailChanged {
        status: "confirmed",
        email: attendee.fields.email.to_string(),
    }))
}

/// The attendee cancels a change an organizer asked for.
pub async fn cancel(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let me = wf::cancel(&state.ctx, id, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(AttendeeOut::new(me, Viewer::Attendee)))
}
