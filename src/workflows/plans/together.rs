//! Publishing several drafts at once (the rounds of a series seated by one run): all of them
//! in one transaction or none, and one introduction per person listing all their tables.

use crate::domain::webhooks::Event;
use crate::workflows::webhooks;
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use tracing::instrument;
use uuid::Uuid;

use super::edit::{check_publishable, stale};
use super::notify::{Mailing, introductions_together};
use crate::domain::records::{Meetup, Plan, PlanStatus, PlanSummary};
use crate::error::Error;
use crate::store::plans;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;

/// Most drafts one publication takes.
pub const MAX_PLANS: usize = 50;

/// Publishes the drafts `plans` (id, version each), each of a different meetup of the
/// organizer's conference, all or nothing: the first that cannot be published (not a draft any
/// more, another version, no longer matching who takes part) refuses the whole request, naming
/// it as `plans[i]`. Returns the published plans in the order given.
#[instrument(skip(ctx, now))]
pub async fn publish_together(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    items: &[(Uuid, i32)],
    now: DateTime<Utc>,
) -> Result<Vec<Plan>, Error> {
    if items.is_empty() {
        return Err(Error::field("plans", "name at least one plan"));
    }
    if items.len() > MAX_PLANS {
        return Err(Error::field(
            "plans",
            format!("at most {MAX_PLANS} plans at once"),
        ));
    }
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let mut loaded: Vec<(Meetup, Plan, i32)> = Vec::with_capacity(items.len());
    let mut seen_plans = HashSet::new();
    let mut seen_meetups = HashSet::new();
    for (i, &(id, version)) in items.iter().enumerate() {
        if !seen_plans.insert(id) {
            return Err(Error::field(
                format!("plans[{i}].id"),
                "this plan is listed twice",
            ));
        }
        let (meetup, plan) =
            super::get(ctx, organizer_id, slug, id)
                .await
                .map_err(|e| match e {
                    Error::NotFound(_) => {
                        Error::field(format!("plans[{i}].id"), "no such plan in this conference")
                    }
                    e => e,
                })?;
        if !seen_meetups.insert(meetup.id) {
            return Err(Error::field(
                format!("plans[{i}].id"),
                format!(
                    "another listed plan is of the same meetup ({:?}); a meetup publishes one plan",
                    meetup.fields.name
                ),
            ));
        }
        check_publishable(ctx, &meetup, &plan, version)
            .await
            .map_err(|e| naming(e, i, &meetup))?;
        loaded.push((meetup, plan, version));
    }
    let txn = ctx.db.write.begin().await?;
    for (i, (meetup, plan, version)) in loaded.iter().enumerate() {
        if !plans::publish(&txn, plan.id, meetup.id, *version, now).await? {
            return Err(naming(stale(*version), i, meetup));
        }
    }
    let published: Vec<(Mailing<'_>, Uuid)> = loaded
        .iter()
        .map(|(meetup, plan, _)| {
            let mailing = Mailing {
                conference: &conference,
                meetup,
                reminders: ctx.reminders,
                now,
            };
            (mailing, plan.id)
        })
        .collect();
    introductions_together(&txn, &published).await?;
    let events: Vec<Event> = loaded
        .iter()
        .map(|(meetup, plan, version)| Event::PlanPublished {
            meetup_id: meetup.id,
            plan_id: plan.id,
            version: *version,
        })
        .collect();
    webhooks::emit(&txn, &conference, &events, now).await?;
    txn.commit().await?;
    let mut out = Vec::with_capacity(loaded.len());
    for (_, plan, _) in &loaded {
        out.push(
            plans::find(&ctx.db.read, plan.id)
                .await?
                .ok_or(Error::NotFound("plan"))?,
        );
    }
    Ok(out)
}

/// A refusal about one of the plans, said of `plans[i]` and its meetup.
fn naming(e: Error, i: usize, meetup: &Meetup) -> Error {
    match e {
        // Said of one meetup among several: the English names it, which a code cannot.
        Error::Conflict { detail, field, .. } => Error::Conflict {
            detail: format!("{}: {detail}", meetup.fields.name),
            field: Some(format!("plans[{i}].{}", field.as_deref().unwrap_or("id"))),
            reason: None,
        },
        e => e,
    }
}

/// The drafts the run that made `plan` made for its other meetups, where each is still its
/// meetup's newest draft, with `plan` itself, in the run's order; empty when that run seated
/// one meetup only or `plan` came from no run. `meetups` are the conference's. The console
/// offers to publish them together.
pub async fn drafts_of_same_run(
    ctx: &Context,
    meetups: &[Meetup],
    plan: &Plan,
) -> Result<Vec<(Meetup, PlanSummary)>, Error> {
    let Some(job_id) = plan.job_id else {
        return Ok(Vec::new());
    };
    let Ok(params) = serde_json::from_value::<super::run::RunParams>(plan.params.clone()) else {
        return Ok(Vec::new());
    };
    if params.meetup_ids.len() < 2 {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for meetup_id in params.meetup_ids {
        let Some(meetup) = meetups.iter().find(|m| m.id == meetup_id) else {
            continue;
        };
        let draft = plans::latest_summary_with_status(&ctx.db.read, meetup_id, PlanStatus::Draft)
            .await?
            .filter(|d| d.job_id == Some(job_id));
        out.extend(draft.map(|d| (meetup.clone(), d)));
    }
    Ok(out)
}
