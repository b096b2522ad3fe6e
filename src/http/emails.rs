//! Organizer endpoints for the delivery of a conference's emails: list them with their status,
//! and queue a failed one again.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use uuid::Uuid;

use super::AppState;
use super::dto::emails::{EmailListQuery, EmailOut, EmailPage};
use super::extract::{OrganizerAuth, Query, one_of, paging, parse_id};
use crate::domain::records::EmailFilter;
use crate::error::{Error, FieldErrors};
use crate::workflows::emails as wf;

pub async fn list(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    Query(query): Query<EmailListQuery>,
) -> Result<HttpResponse, Error> {
    let mut errors = FieldErrors::default();
    let (page, per_page) = paging(
        &mut errors,
        query.page.as_deref(),
        query.per_page.as_deref(),
    );
    let status = one_of(&mut errors, "status", query.status.as_deref());
    let attendee_id = query.attendee_id.as_deref().and_then(|raw| {
        errors.check(
            "attendee_id",
            Uuid::parse_str(raw.trim()).map_err(|_| super::reasons::uuid()),
        )
    });
    errors.finish()?;
    let filter = EmailFilter {
        status,
        attendee_id,
        ..EmailFilter::default()
    };
    let result = wf::list(&state.ctx, organizer.id, &slug, &filter, page, per_page).await?;
    Ok(HttpResponse::Ok().json(EmailPage {
        items: result.items.into_iter().map(EmailOut::from).collect(),
        page,
        per_page,
        total: result.total,
    }))
}

pub async fn retry(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "email")?;
    let email = wf::retry(&state.ctx, organizer.id, &slug, id, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(EmailOut::from(email)))
}
