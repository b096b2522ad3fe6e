//! Organizer endpoints for webhooks: a conference's endpoints, their secrets, and the log of
//! what was delivered to each, with replay.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::webhooks::{
    DeliveryListQuery, DeliveryOut, DeliveryPage, EndpointIn, EndpointList, EndpointOut,
};
use super::extract::{JsonBody, OrganizerAuth, Query, paging, parse_id};
use crate::error::{Error, FieldErrors};
use crate::workflows::webhooks as wf;

pub async fn list(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let items = wf::list(&state.ctx, organizer.id, &slug).await?;
    Ok(HttpResponse::Ok().json(EndpointList {
        items: items.into_iter().map(EndpointOut::hidden).collect(),
    }))
}

pub async fn create(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    JsonBody(body): JsonBody<EndpointIn>,
) -> Result<HttpResponse, Error> {
    let made = wf::create(
        &state.ctx,
        organizer.id,
        &slug,
        body.into(),
        Utc::now(),
        &mut rand::rng(),
    )
    .await?;
    Ok(HttpResponse::Created().json(EndpointOut::revealed(made)))
}

pub async fn get(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "webhook endpoint")?;
    let endpoint = wf::get(&state.ctx, organizer.id, &slug, id).await?;
    Ok(HttpResponse::Ok().json(EndpointOut::hidden(endpoint)))
}

pub async fn update(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<EndpointIn>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "webhook endpoint")?;
    let endpoint = wf::update(&state.ctx, organizer.id, &slug, id, body.into(), Utc::now()).await?;
    Ok(HttpResponse::Ok().json(EndpointOut::hidden(endpoint)))
}

pub async fn rotate_secret(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "webhook endpoint")?;
    let endpoint = wf::rotate_secret(
        &state.ctx,
        organizer.id,
        &slug,
        id,
        Utc::now(),
        &mut rand::rng(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(EndpointOut::revealed(endpoint)))
}

pub async fn delete(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "webhook endpoint")?;
    wf::delete(&state.ctx, organizer.id, &slug, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn deliveries(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
    Query(query): Query<DeliveryListQuery>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "webhook endpoint")?;
    let mut errors = FieldErrors::default();
    let (page, per_page) = paging(
        &mut errors,
        query.page.as_deref(),
        query.per_page.as_deref(),
    );
    errors.finish()?;
    let (items, total) =
        wf::deliveries(&state.ctx, organizer.id, &slug, id, page, per_page).await?;
    Ok(HttpResponse::Ok().json(DeliveryPage {
        items: items.into_iter().map(DeliveryOut::from).collect(),
        page,
        per_page,
        total,
    }))
}

pub async fn replay(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id, delivery) = path.into_inner();
    let id = parse_id(&id, "webhook endpoint")?;
    let delivery = parse_id(&delivery, "webhook delivery")?;
    let replayed = wf::replay(&state.ctx, organizer.id, &slug, id, delivery, Utc::now()).await?;
    Ok(HttpResponse::Accepted().json(DeliveryOut::from(replayed)))
}
