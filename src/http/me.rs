//! Endpoints for attendees, authenticated by the token in their personal link.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::attendees::{AttendeeOut, AttendeePatch, MyDataOut, Viewer};
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

/// Everything held about the attendee, as a file to keep.
pub async fn data(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let held = wf::held_about(&state.ctx, id).await?;
    Ok(my_data(MyDataOut::new(held, Utc::now())))
}

/// The attendee's tables as a calendar file.
pub async fn calendar(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let ics = crate::workflows::exports::me::calendar(&state.ctx, id, Utc::now()).await?;
    Ok(calendar_file(ics))
}

/// A calendar file, private to whoever downloads it.
pub fn calendar_file(ics: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"tablemates.ics\"",
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .insert_header((actix_web::http::header::REFERRER_POLICY, "no-referrer"))
        .body(ics)
}

/// The data file, private to whoever downloads it.
pub fn my_data(data: MyDataOut) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"my-tablemates-data.json\"",
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .insert_header((actix_web::http::header::REFERRER_POLICY, "no-referrer"))
        .json(data)
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
