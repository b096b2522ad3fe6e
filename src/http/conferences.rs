//! Organizer endpoints for their conferences.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::conferences::{ConferenceIn, ConferenceList, ConferenceOut, ConferencePatch};
use super::extract::{JsonBody, OrganizerAuth};
use crate::error::Error;
use crate::workflows::conferences as wf;

pub async fn create(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    JsonBody(body): JsonBody<ConferenceIn>,
) -> Result<HttpResponse, Error> {
    let (slug, fields, open) = body.into_parts()?;
    let created = wf::create(&state.ctx, organizer.id, &slug, &fields, open, Utc::now()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/conferences/{}", created.slug)))
        .json(ConferenceOut::from(created)))
}

pub async fn list(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
) -> Result<HttpResponse, Error> {
    let items = wf::list_owned(&state.ctx, organizer.id).await?;
    Ok(HttpResponse::Ok().json(ConferenceList {
        items: items.into_iter().map(ConferenceOut::from).collect(),
    }))
}

pub async fn get(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let conference = wf::get_owned(&state.ctx, organizer.id, &slug).await?;
    Ok(HttpResponse::Ok().json(ConferenceOut::from(conference)))
}

pub async fn update(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    JsonBody(body): JsonBody<ConferencePatch>,
) -> Result<HttpResponse, Error> {
    let updated = wf::update(
        &state.ctx,
        organizer.id,
        &slug,
        |current| body.apply(current),
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(ConferenceOut::from(updated)))
}

pub async fn open_registration(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let c = wf::set_registration_open(&state.ctx, organizer.id, &slug, true, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(ConferenceOut::from(c)))
}

pub async fn close_registration(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let c = wf::set_registration_open(&state.ctx, organizer.id, &slug, false, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(ConferenceOut::from(c)))
}
