//! A conference's organizers: list (any of them), add and remove (owners).

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::co_organizers::{CoOrganizerIn, CoOrganizerList, CoOrganizerOut};
use super::extract::{JsonBody, OrganizerAuth, parse_id};
use crate::error::Error;
use crate::workflows::co_organizers as wf;

pub async fn list(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let items = wf::list(&state.ctx, organizer.id, &slug).await?;
    Ok(HttpResponse::Ok().json(CoOrganizerList {
        items: items.into_iter().map(CoOrganizerOut::from).collect(),
    }))
}

pub async fn add(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    JsonBody(body): JsonBody<CoOrganizerIn>,
) -> Result<HttpResponse, Error> {
    let new = body.into_new()?;
    let added = wf::add(&state.ctx, organizer.id, &slug, new, Utc::now()).await?;
    Ok(HttpResponse::Created().json(CoOrganizerOut::from(added)))
}

pub async fn remove(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let member = parse_id(&id, "organizer")?;
    wf::remove(&state.ctx, organizer.id, &slug, member).await?;
    Ok(HttpResponse::NoContent().finish())
}
