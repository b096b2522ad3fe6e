//! Organizer endpoints for plan runs, jobs and plans.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::plans::{
    AdjustIn, ChangeList, ChangeOut, JobListQuery, JobOut, JobPage, PlanList, PlanOut,
    PlanSummaryOut, PreviewIn, PreviewOut, PublishIn, RepairIn, RepairOut, RunIn,
};
use super::extract::{JsonBody, OrganizerAuth, Query, one_of, paging, parse_id};
use crate::domain::records::{JobFilter, PlanStatus};
use crate::error::{Error, FieldErrors};
use crate::workflows::plans as wf;

/// Queues a run and answers 202 with the job to poll.
pub async fn run(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    JsonBody(body): JsonBody<RunIn>,
) -> Result<HttpResponse, Error> {
    let job = wf::start_run(&state.ctx, organizer.id, &slug, body.into(), Utc::now()).await?;
    state.jobs.wake();
    Ok(HttpResponse::Accepted()
        .insert_header((
            "Location",
            format!("/api/v1/conferences/{slug}/jobs/{}", job.id),
        ))
        .json(JobOut::at(job, Utc::now())))
}

/// What a run of these meetups would face, without running it.
pub async fn preview(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    JsonBody(body): JsonBody<PreviewIn>,
) -> Result<HttpResponse, Error> {
    let meetups = wf::preview::preview(&state.ctx, organizer.id, &slug, body.into()).await?;
    Ok(HttpResponse::Ok().json(PreviewOut::from(meetups)))
}

pub async fn job(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let job = wf::job(&state.ctx, organizer.id, &slug, parse_id(&id, "job")?).await?;
    Ok(HttpResponse::Ok().json(JobOut::at(job, Utc::now())))
}

/// The conference's jobs, newest first: plan runs and automatic repairs, so an organizer sees
/// a repair that failed without knowing its id.
pub async fn jobs(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    Query(query): Query<JobListQuery>,
) -> Result<HttpResponse, Error> {
    let mut errors = FieldErrors::default();
    let (page, per_page) = paging(
        &mut errors,
        query.page.as_deref(),
        query.per_page.as_deref(),
    );
    let status = one_of(&mut errors, "status", query.status.as_deref());
    let kind = one_of(&mut errors, "kind", query.kind.as_deref());
    errors.finish()?;
    let filter = JobFilter { status, kind };
    let (items, total) = wf::jobs(&state.ctx, organizer.id, &slug, &filter, page, per_page).await?;
    Ok(HttpResponse::Ok().json(JobPage {
        items: {
            let now = Utc::now();
            items.into_iter().map(|j| JobOut::at(j, now)).collect()
        },
        page,
        per_page,
        total,
    }))
}

pub async fn list_for_meetup(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let items =
        wf::list_for_meetup(&state.ctx, organizer.id, &slug, parse_id(&id, "meetup")?).await?;
    Ok(HttpResponse::Ok().json(PlanList {
        items: items.into_iter().map(PlanSummaryOut::from).collect(),
    }))
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentQuery {
    #[serde(default)]
    status: Option<String>,
}

/// The meetup's newest draft (default) or its published plan.
pub async fn current(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
    query: super::extract::Query<CurrentQuery>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let status = match query.0.status.as_deref() {
        None | Some("draft") => PlanStatus::Draft,
        Some("published") => PlanStatus::Published,
        Some(_) => return Err(Error::field("status", "must be draft or published")),
    };
    let view = wf::current(
        &state.ctx,
        organizer.id,
        &slug,
        parse_id(&id, "meetup")?,
        status,
    )
    .await?;
    Ok(HttpResponse::Ok().json(PlanOut::new(view.plan, &view.names)))
}

pub async fn get(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let view = wf::show(&state.ctx, organizer.id, &slug, parse_id(&id, "plan")?).await?;
    Ok(HttpResponse::Ok().json(PlanOut::new(view.plan, &view.names)))
}

pub async fn adjust(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<AdjustIn>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "plan")?;
    let (version, operations) = body.into_operations()?;
    let view = wf::edit::adjust(
        &state.ctx,
        organizer.id,
        &slug,
        id,
        version,
        &operations,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(PlanOut::new(view.plan, &view.names)))
}

pub async fn publish(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<PublishIn>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "plan")?;
    let view = wf::edit::publish(
        &state.ctx,
        organizer.id,
        &slug,
        id,
        body.version,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(PlanOut::new(view.plan, &view.names)))
}

pub async fn repair(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<RepairIn>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let id = parse_id(&id, "plan")?;
    let reason = body.reason()?;
    let repaired =
        wf::repair::repair_plan(&state.ctx, organizer.id, &slug, id, reason, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(RepairOut {
        plan: PlanOut::new(repaired.plan.plan, &repaired.plan.names),
        change: repaired.change.map(ChangeOut::from),
    }))
}

pub async fn changes(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (slug, id) = path.into_inner();
    let items = wf::changes(&state.ctx, organizer.id, &slug, parse_id(&id, "plan")?).await?;
    Ok(HttpResponse::Ok().json(ChangeList {
        items: items.into_iter().map(ChangeOut::from).collect(),
    }))
}

/// Publishes several drafts in one transaction, all or nothing (the rounds of a series): each
/// person gets one introduction listing all their tables.
pub async fn publish_together(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    JsonBody(body): JsonBody<super::dto::plans::PublishTogetherIn>,
) -> Result<HttpResponse, Error> {
    let published =
        wf::together::publish_together(&state.ctx, organizer.id, &slug, &body.items(), Utc::now())
            .await?;
    Ok(HttpResponse::Ok().json(super::dto::plans::PublishedList::from(published)))
}
