//! Seating plans: a header row, the tables as the plan uses them (with their explanations), one
//! seat per attendee, and the change log of repairs. Every write to a plan's seats goes through
//! [`bump_version`], a compare-and-set on the version, so two organizers (or two servers)
//! editing one plan never overwrite each other silently.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use uuid::Uuid;

use super::stored;
use crate::domain::records::{Change, NewPlan, Plan, PlanStatus, PlanSummary, PlanTable, Seat};
use crate::entities::{plan, plan_change, plan_seat, plan_table};

/// Stores `new` as the meetup's draft; older drafts of the meetup become superseded.
pub async fn insert_draft(
    db: &impl ConnectionTrait,
    new: &NewPlan,
    now: DateTime<Utc>,
) -> Result<Uuid, sea_orm::DbErr> {
    plan::Entity::update_many()
        .col_expr(
            plan::Column::Status,
            Expr::value(PlanStatus::Superseded.as_str()),
        )
        .col_expr(plan::Column::UpdatedAt, Expr::value(now))
        .filter(plan::Column::MeetupId.eq(new.meetup_id))
        .filter(plan::Column::Status.eq(PlanStatus::Draft.as_str()))
        .exec(db)
        .await?;
    let id = Uuid::now_v7();
    plan::Entity::insert(plan::ActiveModel {
        id: Set(id),
        meetup_id: Set(new.meetup_id),
        job_id: Set(new.job_id),
        status: Set(PlanStatus::Draft.as_str().to_owned()),
        version: Set(1),
        seed: Set(new.seed as i64),
        params: Set(new.params.to_string()),
        inputs_hash: Set(new.inputs_hash.clone()),
        metrics: Set(new.metrics.to_string()),
        created_at: Set(now),
        updated_at: Set(now),
        published_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    insert_tables(db, id, &new.tables).await?;
    insert_seats(db, id, &new.seats).await?;
    Ok(id)
}

async fn insert_tables(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    tables: &[PlanTable],
) -> Result<(), sea_orm::DbErr> {
    for chunk in tables.chunks(500) {
        plan_table::Entity::insert_many(chunk.iter().map(|t| plan_table::ActiveModel {
            plan_id: Set(plan_id),
            number: Set(t.number),
            label: Set(t.label.clone()),
            min_size: Set(t.min),
            max_size: Set(t.max),
            locked: Set(t.locked),
            explanation: Set(t.explanation.to_string()),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

async fn insert_seats(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    seats: &[Seat],
) -> Result<(), sea_orm::DbErr> {
    for chunk in seats.chunks(1000) {
        plan_seat::Entity::insert_many(chunk.iter().map(|s| plan_seat::ActiveModel {
            plan_id: Set(plan_id),
            attendee_id: Set(s.attendee_id),
            table_number: Set(s.table_number),
            locked: Set(s.locked),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Plan>, sea_orm::DbErr> {
    find_seating(db, id, SeatsLoaded::All).await
}

/// Which of a plan's seats to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatsLoaded {
    All,
    /// Only the seats a re-run keeps: locked ones and everyone at a locked table. What a
    /// feasibility preview needs of a plan the page does not show (5,000 rows fewer).
    Locks,
    /// The locks, and everyone at these tables: what a page of a plan's tables shows.
    LocksAnd(Vec<i32>),
}

/// The plan with only the seats `which` says; `None` when there is no such plan.
pub async fn find_seating(
    db: &impl ConnectionTrait,
    id: Uuid,
    which: SeatsLoaded,
) -> Result<Option<Plan>, sea_orm::DbErr> {
    let Some(row) = plan::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(Some(hydrate(db, row, which).await?))
}

/// The numbers of the plan's tables that seat someone, in order: a page of the plan is chosen
/// from these without loading anyone's seat.
pub async fn occupied_tables(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
) -> Result<Vec<i32>, sea_orm::DbErr> {
    plan_seat::Entity::find()
        .select_only()
        .column(plan_seat::Column::TableNumber)
        .filter(plan_seat::Column::PlanId.eq(plan_id))
        .distinct()
        .order_by_asc(plan_seat::Column::TableNumber)
        .into_tuple()
        .all(db)
        .await
}

/// The meetup's plan with `status`, newest first.
pub async fn latest_with_status(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
    status: PlanStatus,
) -> Result<Option<Plan>, sea_orm::DbErr> {
    let Some(row) = plan::Entity::find()
        .filter(plan::Column::MeetupId.eq(meetup_id))
        .filter(plan::Column::Status.eq(status.as_str()))
        .order_by_desc(plan::Column::CreatedAt)
        .order_by_desc(plan::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(hydrate(db, row, SeatsLoaded::All).await?))
}

/// The header of the meetup's newest plan with `status` (no tables, no seats).
pub async fn latest_summary_with_status(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
    status: PlanStatus,
) -> Result<Option<PlanSummary>, sea_orm::DbErr> {
    plan::Entity::find()
        .filter(plan::Column::MeetupId.eq(meetup_id))
        .filter(plan::Column::Status.eq(status.as_str()))
        .order_by_desc(plan::Column::CreatedAt)
        .order_by_desc(plan::Column::Id)
        .one(db)
        .await?
        .map(summary_of)
        .transpose()
}

/// How many people the plan seats.
pub async fn seat_count(db: &impl ConnectionTrait, plan_id: Uuid) -> Result<u64, sea_orm::DbErr> {
    plan_seat::Entity::find()
        .filter(plan_seat::Column::PlanId.eq(plan_id))
        .count(db)
        .await
}

/// Which of these meetups have a draft and which a published plan, in one query: (meetup id,
/// status) pairs, each at most once.
pub async fn live_statuses(
    db: &impl ConnectionTrait,
    meetup_ids: &[Uuid],
) -> Result<Vec<(Uuid, PlanStatus)>, sea_orm::DbErr> {
    if meetup_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Uuid, String)> = plan::Entity::find()
        .select_only()
        .column(plan::Column::MeetupId)
        .column(plan::Column::Status)
        .filter(plan::Column::MeetupId.is_in(meetup_ids.iter().copied()))
        .filter(
            plan::Column::Status
                .is_in([PlanStatus::Draft.as_str(), PlanStatus::Published.as_str()]),
        )
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(id, status)| Ok((id, stored("plans.status", &status)?)))
        .collect()
}

/// The header rows of the meetup's plans (no seats), newest first.
pub async fn list_for_meetup(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
) -> Result<Vec<PlanSummary>, sea_orm::DbErr> {
    plan::Entity::find()
        .filter(plan::Column::MeetupId.eq(meetup_id))
        .order_by_desc(plan::Column::CreatedAt)
        .order_by_desc(plan::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(summary_of)
        .collect()
}

fn summary_of(row: plan::Model) -> Result<PlanSummary, sea_orm::DbErr> {
    Ok(PlanSummary {
        id: row.id,
        meetup_id: row.meetup_id,
        job_id: row.job_id,
        status: stored("plans.status", &row.status)?,
        version: row.version,
        seed: row.seed as u64,
        // Written from JSON values only, so a parse failure means a hand-edited row.
        params: serde_json::from_str(&row.params).unwrap_or_default(),
        inputs_hash: row.inputs_hash,
        metrics: serde_json::from_str(&row.metrics).unwrap_or_default(),
        created_at: row.created_at,
        updated_at: row.updated_at,
        published_at: row.published_at,
    })
}

async fn hydrate(
    db: &impl ConnectionTrait,
    row: plan::Model,
    which: SeatsLoaded,
) -> Result<Plan, sea_orm::DbErr> {
    // A plan loaded for its locks alone is not shown: its tables' explanations (600 JSON
    // documents at 600 tables) are left unread.
    let explained = which != SeatsLoaded::Locks;
    let seats = match which {
        SeatsLoaded::All => None,
        SeatsLoaded::Locks => Some(Vec::new()),
        SeatsLoaded::LocksAnd(extra) => Some(extra),
    };
    // Outside a transaction the two load on connections of their own, side by side.
    let (tables, seats) = tokio::try_join!(
        tables_of(db, row.id, explained),
        seats_of(db, row.id, seats)
    )?;
    let h = summary_of(row)?;
    Ok(Plan {
        id: h.id,
        meetup_id: h.meetup_id,
        job_id: h.job_id,
        status: h.status,
        version: h.version,
        seed: h.seed,
        params: h.params,
        inputs_hash: h.inputs_hash,
        metrics: h.metrics,
        created_at: h.created_at,
        updated_at: h.updated_at,
        published_at: h.published_at,
        tables,
        seats,
    })
}

/// The plan's tables in order, with their explanations when `explained`.
async fn tables_of(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    explained: bool,
) -> Result<Vec<PlanTable>, sea_orm::DbErr> {
    let rows = plan_table::Entity::find()
        .select_only()
        .column(plan_table::Column::Number)
        .column(plan_table::Column::Label)
        .column(plan_table::Column::MinSize)
        .column(plan_table::Column::MaxSize)
        .column(plan_table::Column::Locked)
        .apply_if(
            explained.then_some(plan_table::Column::Explanation),
            QuerySelect::column,
        )
        .filter(plan_table::Column::PlanId.eq(plan_id))
        .order_by_asc(plan_table::Column::Number)
        .into_model::<TableRow>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|t| PlanTable {
            number: t.number,
            label: t.label,
            min: t.min_size,
            max: t.max_size,
            locked: t.locked,
            explanation: t
                .explanation
                .and_then(|e| serde_json::from_str(&e).ok())
                .unwrap_or_default(),
        })
        .collect())
}

/// A row of [`tables_of`]; the explanation is absent when it was not asked for.
#[derive(sea_orm::FromQueryResult)]
struct TableRow {
    number: i32,
    label: String,
    min_size: i32,
    max_size: i32,
    locked: bool,
    explanation: Option<String>,
}

/// The plan's seats in table order; with `tables`, only the locked seats, those at locked
/// tables and those at these tables. Only the columns a seat holds: 5,000 seats would decode
/// the plan's id 5,000 times.
async fn seats_of(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    tables: Option<Vec<i32>>,
) -> Result<Vec<Seat>, sea_orm::DbErr> {
    let locked_tables = sea_orm::sea_query::Query::select()
        .column(plan_table::Column::Number)
        .from(plan_table::Entity)
        .and_where(plan_table::Column::PlanId.eq(plan_id))
        .and_where(plan_table::Column::Locked.eq(true))
        .to_owned();
    Ok(plan_seat::Entity::find()
        .select_only()
        .column(plan_seat::Column::AttendeeId)
        .column(plan_seat::Column::TableNumber)
        .column(plan_seat::Column::Locked)
        .filter(plan_seat::Column::PlanId.eq(plan_id))
        .apply_if(tables, |query, tables| {
            query.filter(
                Condition::any()
                    .add(plan_seat::Column::Locked.eq(true))
                    .add(plan_seat::Column::TableNumber.in_subquery(locked_tables))
                    .add(plan_seat::Column::TableNumber.is_in(tables)),
            )
        })
        .order_by_asc(plan_seat::Column::TableNumber)
        .order_by_asc(plan_seat::Column::AttendeeId)
        .into_tuple::<(Uuid, i32, bool)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(attendee_id, table_number, locked)| Seat {
            attendee_id,
            table_number,
            locked,
        })
        .collect())
}

/// Moves the plan from `expected` to the next version; false when someone else changed it
/// first (or it is gone).
pub async fn bump_version(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected: i32,
    metrics: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let result = plan::Entity::update_many()
        .col_expr(plan::Column::Version, Expr::value(expected + 1))
        .col_expr(plan::Column::Metrics, Expr::value(metrics.to_string()))
        .col_expr(plan::Column::UpdatedAt, Expr::value(now))
        .filter(plan::Column::Id.eq(id))
        .filter(plan::Column::Version.eq(expected))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Replaces the plan's tables and seats (after [`bump_version`] succeeded in the same
/// transaction).
pub async fn replace_contents(
    db: &impl ConnectionTrait,
    id: Uuid,
    tables: &[PlanTable],
    seats: &[Seat],
) -> Result<(), sea_orm::DbErr> {
    plan_seat::Entity::delete_many()
        .filter(plan_seat::Column::PlanId.eq(id))
        .exec(db)
        .await?;
    plan_table::Entity::delete_many()
        .filter(plan_table::Column::PlanId.eq(id))
        .exec(db)
        .await?;
    insert_tables(db, id, tables).await?;
    insert_seats(db, id, seats).await
}

/// Publishes draft `id`; the meetup's previously published plan becomes superseded. False when
/// the plan is not a draft at `version` any more.
pub async fn publish(
    db: &impl ConnectionTrait,
    id: Uuid,
    meetup_id: Uuid,
    version: i32,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    plan::Entity::update_many()
        .col_expr(
            plan::Column::Status,
            Expr::value(PlanStatus::Superseded.as_str()),
        )
        .col_expr(plan::Column::UpdatedAt, Expr::value(now))
        .filter(plan::Column::MeetupId.eq(meetup_id))
        .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
        .exec(db)
        .await?;
    let result = plan::Entity::update_many()
        .col_expr(
            plan::Column::Status,
            Expr::value(PlanStatus::Published.as_str()),
        )
        .col_expr(plan::Column::PublishedAt, Expr::value(now))
        .col_expr(plan::Column::UpdatedAt, Expr::value(now))
        .filter(plan::Column::Id.eq(id))
        .filter(plan::Column::Status.eq(PlanStatus::Draft.as_str()))
        .filter(plan::Column::Version.eq(version))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn insert_change(
    db: &impl ConnectionTrait,
    change: &Change,
) -> Result<(), sea_orm::DbErr> {
    plan_change::Entity::insert(plan_change::ActiveModel {
        id: Set(change.id),
        plan_id: Set(change.plan_id),
        version: Set(change.version),
        reason: Set(change.reason.clone()),
        moves: Set(change.moves.to_string()),
        changed_tables: Set(serde_json::to_string(&change.changed_tables).unwrap_or_default()),
        created_at: Set(change.created_at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn changes(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
) -> Result<Vec<Change>, sea_orm::DbErr> {
    Ok(plan_change::Entity::find()
        .filter(plan_change::Column::PlanId.eq(plan_id))
        .order_by_asc(plan_change::Column::Version)
        .all(db)
        .await?
        .into_iter()
        .map(|c| Change {
            id: c.id,
            plan_id: c.plan_id,
            version: c.version,
            reason: c.reason,
            moves: serde_json::from_str(&c.moves).unwrap_or_default(),
            changed_tables: serde_json::from_str(&c.changed_tables).unwrap_or_default(),
            created_at: c.created_at,
        })
        .collect())
}

/// Published plans of these meetups (one per meetup at most), for "my tables" and history.
pub async fn published_for_meetups(
    db: &impl ConnectionTrait,
    meetup_ids: &[Uuid],
) -> Result<Vec<Plan>, sea_orm::DbErr> {
    let mut out = Vec::new();
    for &meetup_id in meetup_ids {
        if let Some(p) = latest_with_status(db, meetup_id, PlanStatus::Published).await? {
            out.push(p);
        }
    }
    Ok(out)
}

/// The ids of the published plans of these meetups.
pub async fn published_ids_for_meetups(
    db: &impl ConnectionTrait,
    meetup_ids: &[Uuid],
) -> Result<Vec<Uuid>, sea_orm::DbErr> {
    if meetup_ids.is_empty() {
        return Ok(Vec::new());
    }
    plan::Entity::find()
        .select_only()
        .column(plan::Column::Id)
        .filter(plan::Column::MeetupId.is_in(meetup_ids.iter().copied()))
        .filter(plan::Column::Status.eq(PlanStatus::Published.as_str()))
        .order_by_asc(plan::Column::Id)
        .into_tuple()
        .all(db)
        .await
}
