//! Seating plans as organizers use them: run the matcher (a background job), look at the draft
//! and why each table is what it is, adjust it by hand, publish it, and repair it when people
//! come or go after publication.

pub mod auto_repair;
mod convert;
pub mod edit;
mod input;
mod notify;
pub mod preview;
pub mod repair;
pub mod run;
pub mod together;

use chrono::{DateTime, Utc};
use tracing::instrument;
use uuid::Uuid;

use crate::domain::ParseError;
use crate::domain::records::{
    Conference, Job, JobError, JobFailure, JobFilter, JobKind, Meetup, MeetupShown, Plan,
    PlanStatus, PlanSummary,
};
use crate::error::{Error, FieldError};
use crate::store;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;
use run::{MAX_SECONDS, RunParams};

/// Refuses to `act` on `meetup` once it was cancelled: a 409 that says so.
pub(crate) fn refuse_if_cancelled(meetup: &Meetup, act: &str) -> Result<(), Error> {
    if meetup.is_cancelled() {
        let name = &meetup.fields.name;
        return Err(Error::refused(
            None,
            crate::domain::ParseError::coded(
                "conflict-meetup-cancelled",
                [("meetup", name.as_str().into()), ("act", act.into())],
                format!("the meetup \"{name}\" was cancelled; it can no longer be {act}"),
            ),
        ));
    }
    Ok(())
}

/// What an organizer asks a run to do.
#[derive(Debug, Clone, Default)]
pub struct RunRequest {
    /// The meetups to seat together; empty with `series` set: every meetup of that series.
    pub meetup_ids: Vec<Uuid>,
    pub series: Option<String>,
    pub seed: Option<u64>,
    pub iterations: Option<u64>,
    pub max_seconds: Option<f64>,
    pub keep_locks: Option<bool>,
}

/// Checks the run and queues it as a job; the caller wakes the job runner.
#[instrument(skip(ctx, request, now))]
pub async fn start_run(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    request: RunRequest,
    now: DateTime<Utc>,
) -> Result<Job, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let meetup_ids = meetups_of(
        ctx,
        &conference,
        &request.meetup_ids,
        request.series.as_deref(),
    )
    .await?;
    let max_seconds = request.max_seconds.unwrap_or(30.0);
    if !(max_seconds > 0.0 && max_seconds <= MAX_SECONDS) {
        return Err(Error::field(
            "max_seconds",
            format!("must be more than 0 and at most {MAX_SECONDS}"),
        ));
    }
    if request.iterations == Some(0) {
        return Err(Error::field("iterations", "must be at least 1"));
    }
    let keep_locks = request.keep_locks.unwrap_or(true);
    let loaded = run::load(ctx, conference.id, &meetup_ids).await?;
    for meetup in &loaded.meetups {
        refuse_if_cancelled(meetup, "seated")?;
    }
    let prepared = run::prepare(&loaded, keep_locks);
    run::validate(&loaded, &prepared, &meetup_ids)?;
    let params = RunParams {
        meetup_ids,
        // A seed from the clock when none is given; stored, so the run can be repeated.
        seed: request
            .seed
            .unwrap_or_else(|| now.timestamp_nanos_opt().unwrap_or_default() as u64 % (1 << 53)),
        iterations: request.iterations,
        max_seconds,
        keep_locks,
    };
    let params = serde_json::to_value(&params).map_err(Error::internal)?;
    Ok(store::jobs::insert(&ctx.db.write, conference.id, JobKind::Plan, &params, now).await?)
}

/// A rule over the pair names both fields, so a client can mark either one.
fn either_meetup_ids_or_series(reason: ParseError) -> Error {
    Error::Validation(vec![
        FieldError::coded("meetup_ids", reason.clone()),
        FieldError::coded("series", reason),
    ])
}

/// The meetups a run or a preview names: `meetup_ids`, or every meetup of `series`; each once.
async fn meetups_of(
    ctx: &Context,
    conference: &Conference,
    meetup_ids: &[Uuid],
    series: Option<&str>,
) -> Result<Vec<Uuid>, Error> {
    let mut meetup_ids = meetup_ids.to_vec();
    if let Some(series) = series {
        if !meetup_ids.is_empty() {
            return Err(either_meetup_ids_or_series(ParseError::coded(
                "field-run-meetups-and-series",
                [],
                "give either meetup_ids or series, not both",
            )));
        }
        meetup_ids = store::meetups::list(&ctx.db.read, conference.id)
            .await?
            .into_iter()
            .filter(|m| m.fields.series.as_deref() == Some(series) && !m.is_cancelled())
            .map(|m| m.id)
            .collect();
        if meetup_ids.is_empty() {
            return Err(Error::rejected(
                "series",
                ParseError::coded(
                    "field-run-series-empty",
                    [("series", series.into())],
                    format!("no meetup belongs to the series {series:?}"),
                ),
            ));
        }
    }
    if meetup_ids.is_empty() {
        return Err(either_meetup_ids_or_series(ParseError::coded(
            "field-run-no-meetup",
            [],
            "name at least one meetup, or a series",
        )));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(i) = meetup_ids.iter().position(|id| !seen.insert(*id)) {
        return Err(Error::field(
            format!("meetup_ids[{i}]"),
            "this meetup is listed twice",
        ));
    }
    Ok(meetup_ids)
}

/// A job of the organizer's conference.
pub async fn job(ctx: &Context, organizer_id: Uuid, slug: &str, id: Uuid) -> Result<Job, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    store::jobs::find(&ctx.db.read, id)
        .await?
        .filter(|j| j.conference_id == conference.id)
        .ok_or(Error::NotFound("job"))
}

/// One page of the conference's jobs (plan runs and automatic repairs), newest first, and
/// how many match `filter`.
pub async fn jobs(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    filter: &JobFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Job>, u64), Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    Ok(
        store::jobs::list_for_conference(&ctx.db.read, conference.id, filter, page, per_page)
            .await?,
    )
}

/// Tells everyone seated in the published plan of `updated` that the organizer changed its
/// time, name or place (it was `previous`), in the caller's transaction; nothing when it has no
/// published plan or has started. Returns whether anyone was told.
pub(crate) async fn announce_meetup_change(
    txn: &sea_orm::DatabaseTransaction,
    ctx: &Context,
    conference: &Conference,
    previous: &Meetup,
    updated: &Meetup,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    if updated.fields.starts_at <= now {
        return Ok(false);
    }
    let Some(plan) =
        store::plans::latest_with_status(txn, updated.id, PlanStatus::Published).await?
    else {
        return Ok(false);
    };
    let seated: Vec<Uuid> = plan.seats.iter().map(|s| s.attendee_id).collect();
    store::outbox::show_meetup_in_pending(
        txn,
        updated.id,
        &seated,
        &MeetupShown::of(conference, updated),
        now,
    )
    .await?;
    let mailing = notify::Mailing {
        conference,
        meetup: updated,
        reminders: ctx.reminders,
        now,
    };
    notify::meetup_changed(txn, &mailing, &plan, previous).await?;
    Ok(true)
}

/// Tells everyone seated in the published plan of `meetup` that it was cancelled, with a
/// calendar cancellation, in the caller's transaction, withdrawing the table emails about it
/// not sent yet; nothing when it has no published plan or has started. Returns whether anyone
/// was told.
pub(crate) async fn announce_cancellation(
    txn: &sea_orm::DatabaseTransaction,
    ctx: &Context,
    conference: &Conference,
    meetup: &Meetup,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    if meetup.fields.starts_at <= now {
        return Ok(false);
    }
    let Some(plan) =
        store::plans::latest_with_status(txn, meetup.id, PlanStatus::Published).await?
    else {
        return Ok(false);
    };
    let seated: std::collections::HashSet<Uuid> =
        plan.seats.iter().map(|s| s.attendee_id).collect();
    let ids: Vec<Uuid> = seated.iter().copied().collect();
    store::outbox::cancel_table_emails(
        txn,
        meetup.id,
        &ids,
        "not sent: the meetup was cancelled",
        now,
    )
    .await?;
    let roster = store::roster::load(txn, conference.id, None).await?;
    let people: Vec<&crate::domain::records::Member> =
        roster.iter().filter(|m| seated.contains(&m.id)).collect();
    let mailing = notify::Mailing {
        conference,
        meetup,
        reminders: ctx.reminders,
        now,
    };
    notify::cancellations(txn, &mailing, notify::Cancelled::Meetup, &people).await?;
    Ok(true)
}

/// A plan with the names of the people it seats, as organizers look at it.
pub struct PlanView {
    pub plan: Plan,
    pub names: std::collections::HashMap<Uuid, String>,
}

pub(crate) async fn view(
    ctx: &Context,
    conference_id: Uuid,
    plan: Plan,
) -> Result<PlanView, Error> {
    let names = store::roster::names(&ctx.db.read, conference_id).await?;
    Ok(PlanView { plan, names })
}

/// A plan of the organizer's conference, for viewing.
pub async fn show(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
) -> Result<PlanView, Error> {
    let (meetup, plan) = get(ctx, organizer_id, slug, id).await?;
    view(ctx, meetup.conference_id, plan).await
}

/// The newest plan of a meetup with `status` (draft or published), for viewing.
pub async fn current(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    meetup_id: Uuid,
    status: PlanStatus,
) -> Result<PlanView, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    store::meetups::find(&ctx.db.read, conference.id, meetup_id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    let plan = store::plans::latest_with_status(&ctx.db.read, meetup_id, status)
        .await?
        .ok_or(Error::NotFound("plan"))?;
    view(ctx, conference.id, plan).await
}

/// A plan of the organizer's conference, with the meetup it seats.
pub async fn get(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
) -> Result<(crate::domain::records::Meetup, Plan), Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let plan = store::plans::find(&ctx.db.read, id)
        .await?
        .ok_or(Error::NotFound("plan"))?;
    let meetup = store::meetups::find(&ctx.db.read, conference.id, plan.meetup_id)
        .await?
        .ok_or(Error::NotFound("plan"))?;
    Ok((meetup, plan))
}

/// The plans of a meetup, newest first (headers only).
pub async fn list_for_meetup(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    meetup_id: Uuid,
) -> Result<Vec<PlanSummary>, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    store::meetups::find(&ctx.db.read, conference.id, meetup_id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    Ok(store::plans::list_for_meetup(&ctx.db.read, meetup_id).await?)
}

/// The repairs made to a plan.
pub async fn changes(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
) -> Result<Vec<crate::domain::records::Change>, Error> {
    let (_, plan) = get(ctx, organizer_id, slug, id).await?;
    Ok(store::plans::changes(&ctx.db.read, plan.id).await?)
}

/// A job's failure from `error`; a database out of reach makes it worth another try.
fn job_error(failure: JobFailure, error: Error) -> JobError {
    JobError {
        transient: matches!(error, Error::Unavailable(_)),
        ..JobError::new(failure, error)
    }
}
