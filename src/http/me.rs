//! Endpoints for attendees, authenticated by the token in their personal link.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::attendees::{AttendeeOut, AttendeePatch, Viewer};
use super::extract::{AttendeeAuth, JsonBody};
use crate::error::Error;
use crate::workflows::attendees as wf;

pub async fn get(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let me = wf::me(&state.ctx, id).await?;
    Ok(HttpResponse::Ok().json(AttendeeOut::new(me, Viewer::Attendee)))
}

pub async fn update(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
    JsonBody(body): JsonBody<AttendeePatch>,
) -> Result<HttpResponse, Error> {
    let changes = body.into_changes()?;
    let me = wf::update_me(&state.ctx, id, changes, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(AttendeeOut::new(me, Viewer::Attendee)))
}

pub async fn confirm(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let me = wf::confirm(&state.ctx, id, Utc::now()).await?;
    // A published plan may need repairing now.
    state.jobs.wake();
    Ok(HttpResponse::Ok().json(AttendeeOut::new(me, Viewer::Attendee)))
}

pub async fn withdraw(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let me = wf::withdraw(&state.ctx, id, Utc::now()).await?;
    // A published plan may need repairing now.
    state.jobs.wake();
    Ok(HttpResponse::Ok().json(AttendeeOut::new(me, Viewer::Attendee)))
}

pub async fn erase(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    wf::erase(&state.ctx, id, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
