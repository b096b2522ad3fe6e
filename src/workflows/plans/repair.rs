//! Repair of a published plan after people registered late, withdrew or opted out: the engine's
//! fewest-moves repair, a change record naming every move and every table that changed, and
//! emails to exactly those tables (plus a calendar cancellation for whoever left). Reminders
//! not sent yet follow: those of the changed tables are replaced by ones naming the new
//! tablemates, and those of whoever left are cancelled.

use crate::domain::webhooks::Event;
use crate::workflows::webhooks;
use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use serde_json::json;
use tracing::instrument;
use uuid::Uuid;

use super::edit::{current_participants, explain_seats};
use super::input::{Cast, table_index, table_specs};
use super::notify::{
    Cancelled, Extra, Mailing, TableEmail, TableKind, cancellations, reminder, table_emails,
};
use crate::domain::records::{Change, ChangeWhy, Conference, Meetup, Plan, PlanStatus, Seat};
use crate::error::Error;
use crate::matching::conference::ConferenceAffinity;
use crate::matching::model::{PersonId, Problem, TableId};
use crate::matching::repair::{MoveReason, RepairError, RepairOptions, repair};
use crate::store;
use crate::store::outbox;
use crate::store::plans;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;

/// The reason a repair records when someone erased their registration: the emails say it in
/// each attendee's language.
pub const ERASED: &str = "someone left and deleted their registration";

/// The result of a repair: the plan as it is now, and the change made (`None` when the plan
/// already seated exactly the people who take part).
pub struct Repaired {
    pub plan: super::PlanView,
    pub change: Option<Change>,
}

#[instrument(skip(ctx, now))]
pub async fn repair_plan(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    plan_id: Uuid,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<Repaired, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let (meetup, plan) = super::get(ctx, organizer_id, slug, plan_id).await?;
    repair_published(ctx, &conference, &meetup, plan, reason, now).await
}

/// Repairs `plan` (of `meetup`, of `conference`) as the organizer or the automatic repair asks.
pub(super) async fn repair_published(
    ctx: &Context,
    conference: &Conference,
    meetup: &Meetup,
    plan: Plan,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<Repaired, Error> {
    super::refuse_if_cancelled(meetup, "repaired")?;
    if plan.status != PlanStatus::Published {
        let status = plan.status.to_string();
        return Err(Error::refused(
            Some("status"),
            crate::domain::ParseError::coded(
                "conflict-repair-not-published",
                [("status", status.as_str().into())],
                format!(
                    "this plan is {status}; only the published plan is repaired (re-run the matcher for a draft)"
                ),
            ),
        ));
    }
    let taking_part = current_participants(ctx, meetup).await?;
    let seated: HashSet<Uuid> = plan.seats.iter().map(|s| s.attendee_id).collect();
    let joined: BTreeSet<Uuid> = taking_part.difference(&seated).copied().collect();
    let left: BTreeSet<Uuid> = seated.difference(&taking_part).copied().collect();
    if joined.is_empty() && left.is_empty() {
        return Ok(Repaired {
            plan: super::view(ctx, conference.id, plan).await?,
            change: None,
        });
    }

    let roster = store::roster::load(&ctx.db.read, conference.id, None).await?;
    let cast = Cast::of(&roster, &taking_part);
    let history = super::run::load(ctx, conference.id, &[meetup.id])
        .await?
        .history;
    let history_plans: Vec<&Plan> = history.iter().collect();
    let index_of: HashMap<i32, TableId> = table_index(meetup);
    let locked_tables: HashSet<i32> = plan
        .tables
        .iter()
        .filter(|t| t.locked)
        .map(|t| t.number)
        .collect();
    let old: HashMap<Uuid, Seat> = plan.seats.iter().map(|s| (s.attendee_id, *s)).collect();
    let previous: Vec<Option<TableId>> = cast
        .members
        .iter()
        .map(|m| {
            old.get(&m.id)
                .and_then(|s| index_of.get(&s.table_number).copied())
        })
        .collect();
    let locked_seats: Vec<(PersonId, TableId)> = cast
        .members
        .iter()
        .enumerate()
        .filter_map(|(p, m)| {
            let seat = old.get(&m.id)?;
            (seat.locked || locked_tables.contains(&seat.table_number))
                .then(|| Some((p as PersonId, *index_of.get(&seat.table_number)?)))
                .flatten()
        })
        .collect();
    let problem = Problem {
        tables: table_specs(meetup, &locked_tables),
        locked_seats,
        ..cast.problem(cast.history(&history_plans))
    };
    let affinity = ConferenceAffinity::new(&problem).map_err(Error::internal)?;
    let outcome =
        repair(&problem, &affinity, &previous, RepairOptions::default()).map_err(|e| match e {
            RepairError::Infeasible { .. } | RepairError::NoPlanFound => {
                Error::conflict(Some("plan"), format!("the plan cannot be repaired: {e}"))
            }
            other => Error::internal(anyhow::anyhow!("{other}")),
        })?;

    let number = |t: TableId| meetup.fields.tables[t as usize].number;
    let seats: Vec<Seat> = cast
        .members
        .iter()
        .zip(&outcome.assignment.table_of)
        .map(|(m, &t)| Seat {
            attendee_id: m.id,
            table_number: number(t),
            locked: old.get(&m.id).is_some_and(|s| s.locked),
        })
        .collect();
    let mut changed: BTreeSet<i32> = outcome.changed_tables.iter().map(|&t| number(t)).collect();
    changed.extend(
        left.iter()
            .filter_map(|id| old.get(id))
            .map(|s| s.table_number),
    );
    let moves: Vec<serde_json::Value> = outcome
        .moves
        .iter()
        .map(|mv| {
            json!({
                "attendee_id": cast.id(mv.person),
                "from_table": mv.from.map(number),
                "to_table": number(mv.to),
                "reason": reason_text(&mv.reason, &cast),
            })
        })
        .chain(left.iter().map(|id| {
            json!({
                "attendee_id": id,
                "from_table": old.get(id).map(|s| s.table_number),
                "to_table": null,
                "reason": "left the meetup",
            })
        }))
        .collect();
    let recomputed = explain_seats(&roster, meetup, &seats, &locked_tables, &history)?;
    let why = match reason.as_deref() {
        None => Some(ChangeWhy::Roster {
            joined: joined.len() as u64,
            left: left.len() as u64,
        }),
        Some(ERASED) => Some(ChangeWhy::Erased),
        Some(_) => None,
    };
    let reason = reason.unwrap_or_else(|| format!("{} joined, {} left", joined.len(), left.len()));

    let txn = ctx.db.write.begin().await?;
    if !plans::bump_version(&txn, plan.id, plan.version, &recomputed.metrics, now).await? {
        return Err(Error::refused(
            Some("version"),
            crate::domain::ParseError::coded(
                "conflict-repair-raced",
                [],
                "the plan changed while it was being repaired; try again",
            ),
        ));
    }
    plans::replace_contents(&txn, plan.id, &recomputed.tables, &seats).await?;
    let change = Change {
        id: Uuid::now_v7(),
        plan_id: plan.id,
        version: plan.version + 1,
        reason,
        moves: json!(moves),
        changed_tables: changed.iter().copied().collect(),
        created_at: now,
    };
    plans::insert_change(&txn, &change).await?;
    let updated = plans::find(&txn, plan.id)
        .await?
        .ok_or(Error::NotFound("plan"))?;
    let mailing = Mailing {
        conference,
        meetup,
        reminders: ctx.reminders,
        now,
    };
    let told: Vec<Uuid> = updated
        .seats
        .iter()
        .filter(|s| changed.contains(&s.table_number))
        .map(|s| s.attendee_id)
        .collect();
    let left_ids: Vec<Uuid> = left.iter().copied().collect();
    outbox::cancel_reminders(
        &txn,
        meetup.id,
        Some(&told),
        "not sent: the table changed after it was queued",
        now,
    )
    .await?;
    outbox::cancel_reminders(
        &txn,
        meetup.id,
        Some(&left_ids),
        "not sent: the attendee left the meetup",
        now,
    )
    .await?;
    // Someone who joined has had no table before: theirs is an introduction, not a change.
    let (newcomers, moved): (Vec<Uuid>, Vec<Uuid>) =
        told.iter().partition(|id| joined.contains(id));
    let mut emails = vec![
        TableEmail::at_once(
            TableKind::Changed,
            change.id.to_string(),
            Extra {
                reason: Some(change.reason.clone()),
                why,
                ..Extra::default()
            },
            moved,
        ),
        TableEmail::at_once(
            TableKind::Introduction,
            change.id.to_string(),
            Extra::default(),
            newcomers,
        ),
    ];
    emails.extend(reminder(&txn, &mailing, change.id, &told).await?);
    table_emails(&txn, &mailing, &updated, &roster, &emails).await?;
    let gone: Vec<&crate::domain::records::Member> =
        roster.iter().filter(|m| left.contains(&m.id)).collect();
    cancellations(
        &txn,
        &mailing,
        Cancelled::Seat {
            change_id: change.id,
        },
        &gone,
    )
    .await?;
    let changed_tables = Event::TableChanged {
        meetup_id: meetup.id,
        plan_id: plan.id,
        version: change.version,
        change_id: change.id,
        tables: change.changed_tables.clone(),
    };
    webhooks::emit(&txn, conference, &[changed_tables], now).await?;
    txn.commit().await?;
    Ok(Repaired {
        plan: super::view(ctx, conference.id, updated).await?,
        change: Some(change),
    })
}

fn reason_text(reason: &MoveReason, cast: &Cast<'_>) -> String {
    match reason {
        MoveReason::Newcomer => "joined the meetup".into(),
        MoveReason::LockedElsewhere => "locked to another table".into(),
        MoveReason::TableLocked => "their table was locked without them".into(),
        MoveReason::TableGone => "their table no longer exists".into(),
        MoveReason::Blocked { with } => {
            format!("must not sit with {}", cast.members[*with as usize].name)
        }
        MoveReason::TableOverfull => "their table had more people than seats".into(),
        MoveReason::FillTable => "a table fell under its minimum".into(),
        MoveReason::MakeRoom => "made room for someone who could not be placed otherwise".into(),
    }
}
