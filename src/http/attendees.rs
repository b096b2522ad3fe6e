//! Organizer endpoints for a conference's attendees.

use std::str::FromStr;

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::attendees::{
    AttendeeIn, AttendeeListQuery, AttendeeOut, AttendeePage, AttendeePatch, Viewer,
};
use super::extract::{JsonBody, OrganizerAuth, Query, paging, parse_id};
use super::reasons;
use crate::domain::AttendeeStatus;
use crate::domain::records::AttendeeFilter;
use crate::error::{Error, FieldErrors};
use crate::workflows::attendees as wf;

pub async fn list(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    Query(query): Query<AttendeeListQuery>,
) -> Result<HttpResponse, Error> {
    let (filter, page, per_page) = list_request(query)?;
    let result = wf::list(&state.ctx, organizer.id, &slug, &filter, page, per_page).await?;
    Ok(HttpResponse::Ok().json(AttendeePage {
        items: result
            .items
            .into_iter()
            .map(|a| AttendeeOut::new(a, Viewer::Organizer))
            .collect(),
        page,
        per_page,
        total: result.total,
    }))
}

/// The filter and paging a list query asks for; every bad parameter is named at once. The
/// console's attendee list reads its query with this too.
pub(crate) fn list_request(query: AttendeeListQuery) -> Result<(AttendeeFilter, u64, u64), Error> {
    let mut errors = FieldErrors::default();
    let (page, per_page) = paging(
        &mut errors,
        query.page.as_deref(),
        query.per_page.as_deref(),
    );
    let status = query.status.as_deref().and_then(|s| {
        errors.check(
            "status",
            AttendeeStatus::from_str(s)
                .map_err(|_| reasons::one_of(&["pending", "confirmed", "withdrawn"])),
        )
    });
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        errors.reject("q", reasons::too_long(200));
    }
    errors.finish()?;
    let filter = AttendeeFilter {
        query: query
            .q
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
        status,
    };
    Ok((filter, page, per_page))
}

pub async fn get(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "attendee")?;
    let attendee = wf::get(&state.ctx, organizer.id, &slug, id).await?;
    Ok(HttpResponse::Ok().json(AttendeeOut::new(attendee, Viewer::Organizer)))
}

pub async fn create(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    JsonBody(body): JsonBody<AttendeeIn>,
) -> Result<HttpResponse, Error> {
    let input = body.into_input()?;
    let created = wf::create(&state.ctx, organizer.id, &slug, input, Utc::now()).await?;
    // A published plan may need repairing now.
    state.jobs.wake();
    Ok(HttpResponse::Created().json(AttendeeOut::new(created, Viewer::Organizer)))
}

pub async fn update(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<AttendeePatch>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "attendee")?;
    let changes = body.into_changes()?;
    let updated = wf::update(&state.ctx, organizer.id, &slug, id, changes, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(AttendeeOut::new(updated, Viewer::Organizer)))
}
