//! Organizer endpoints for meetups, and attendee endpoints for taking part in them.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::meetups::{
    AttendingIn, MeetupIn, MeetupList, MeetupOut, MeetupPatch, MyMeetupList, MyMeetupOut,
};
use super::extract::{AttendeeAuth, JsonBody, OrganizerAuth, parse_id};
use crate::error::Error;
use crate::workflows::meetups as wf;

pub async fn create(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    JsonBody(body): JsonBody<MeetupIn>,
) -> Result<HttpResponse, Error> {
    let created = wf::create(
        &state.ctx,
        organizer.id,
        &slug,
        |conference| body.into_fields(conference),
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/conferences/{slug}/meetups/{}", created.id),
        ))
        .json(MeetupOut::from(created)))
}

pub async fn list(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let items = wf::list(&state.ctx, organizer.id, &slug).await?;
    Ok(HttpResponse::Ok().json(MeetupList {
        items: items.into_iter().map(MeetupOut::from).collect(),
    }))
}

pub async fn get(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let meetup = wf::get(&state.ctx, organizer.id, &slug, parse_id(&id, "meetup")?).await?;
    Ok(HttpResponse::Ok().json(MeetupOut::from(meetup)))
}

pub async fn update(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<MeetupPatch>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "meetup")?;
    let updated = wf::update(
        &state.ctx,
        organizer.id,
        &slug,
        id,
        |current| body.apply(current),
        // Seeded from the OS: the emails mint personal links, and the handler's future must be Send.
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(MeetupOut::from(updated)))
}

pub async fn delete(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    wf::delete(
        &state.ctx,
        organizer.id,
        &slug,
        parse_id(&id, "meetup")?,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Cancels a meetup (kept, marked cancelled; everyone seated is told). Cancelling it again
/// answers the same and mails nobody.
pub async fn cancel(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let cancelled = wf::cancel(
        &state.ctx,
        organizer.id,
        &slug,
        parse_id(&id, "meetup")?,
        // Seeded from the OS: the emails mint personal links, and the handler's future must be Send.
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(MeetupOut::from(cancelled)))
}

pub async fn mine(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let items = wf::mine(&state.ctx, id).await?;
    Ok(HttpResponse::Ok().json(MyMeetupList {
        items: items.into_iter().map(MyMeetupOut::from).collect(),
    }))
}

pub async fn set_attending(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
    meetup_id: web::Path<String>,
    JsonBody(body): JsonBody<AttendingIn>,
) -> Result<HttpResponse, Error> {
    let meetup_id = parse_id(&meetup_id, "meetup")?;
    let mine = wf::set_attending(&state.ctx, id, meetup_id, body.attending, Utc::now()).await?;
    // A published plan may need repairing now.
    state.jobs.wake();
    Ok(HttpResponse::Ok().json(MyMeetupOut::from(mine)))
}
