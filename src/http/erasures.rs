//! Organizer endpoints for erasure: deleting a whole conference, and the audit log of erasures.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::erasures::{ErasureList, ErasureOut};
use super::extract::OrganizerAuth;
use crate::error::Error;
use crate::workflows::erasure as wf;

/// Deletes the conference with everything in it (204); after that it is not found (404).
pub async fn delete_conference(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    wf::delete_conference(&state.ctx, organizer.id, &slug, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn list(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let items = wf::list(&state.ctx, organizer.id, &slug).await?;
    Ok(HttpResponse::Ok().json(ErasureList {
        items: items.into_iter().map(ErasureOut::from).collect(),
    }))
}
