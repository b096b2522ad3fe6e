//! Erasing an attendee from every row: their own rows are deleted, and the rows that stay
//! because they belong to others (their tablemates' queued emails, the conference's plans and
//! jobs, other attendees' wishes to meet them) are rewritten without them. Callers run it in one
//! transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, sea_query::IntoIden,
};
use serde_json::Value;
use uuid::Uuid;

use super::stored;
use crate::domain::erasure::{Erased, ErasureActor, ErasureKind, ErasureRecord, scrub_json};
use crate::domain::records::{EmailKind, EmailPayload, OutboxStatus};
use crate::entities::{
    attendee, attendee_handle, attendee_interest, attendee_token, calendar_sequence, conference,
    email_preference, erasure, interest, job, meetup, meetup_participation, meetup_table,
    outbox_email, plan, plan_change, plan_seat, plan_table, pretix_connection, wanted_connection,
};

/// How many rows an erasure touched, by what was done to them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Touched {
    pub rows_deleted: u64,
    pub emails_rewritten: u64,
    pub plan_records_anonymised: u64,
}

/// Erases `who`, an attendee of `conference_id`, from every row.
pub async fn erase_attendee(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    who: &Erased,
) -> Result<Touched, sea_orm::DbErr> {
    let mut touched = Touched::default();
    touched.rows_deleted += forget_wishes_for(db, conference_id, who.id).await?;
    touched.emails_rewritten += rewrite_tablemates_emails(db, conference_id, who).await?;
    touched.plan_records_anonymised += anonymise_plans(db, conference_id, who).await?;
    let held: Vec<Uuid> = attendee_interest::Entity::find()
        .select_only()
        .column(attendee_interest::Column::InterestId)
        .filter(attendee_interest::Column::AttendeeId.eq(who.id))
        .into_tuple()
        .all(db)
        .await?;
    touched.rows_deleted += plan_seat::Entity::delete_many()
        .filter(plan_seat::Column::AttendeeId.eq(who.id))
        .exec(db)
        .await?
        .rows_affected;
    touched.rows_deleted += meetup_participation::Entity::delete_many()
        .filter(meetup_participation::Column::AttendeeId.eq(who.id))
        .exec(db)
        .await?
        .rows_affected;
    touched.rows_deleted += email_preference::Entity::delete_many()
        .filter(email_preference::Column::AttendeeId.eq(who.id))
        .exec(db)
        .await?
        .rows_affected;
    touched.rows_deleted += super::calendar_sequences::erase(db, who.id).await?;
    touched.rows_deleted +=
        super::webhooks::deliveries::forget_attendee(db, conference_id, Some(who.id)).await?;
    touched.rows_deleted += super::attendees::erase(db, who.id).await?;
    touched.rows_deleted += forget_unheld_interests(db, &held).await?;
    Ok(touched)
}

/// Other attendees' wishes to meet the person name the person's handles: they go too.
async fn forget_wishes_for(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    id: Uuid,
) -> Result<u64, sea_orm::DbErr> {
    let handles: Vec<(String, String)> = attendee_handle::Entity::find()
        .select_only()
        .column(attendee_handle::Column::Network)
        .column(attendee_handle::Column::Handle)
        .filter(attendee_handle::Column::AttendeeId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    if handles.is_empty() {
        return Ok(0);
    }
    let mut naming = Condition::any();
    for (network, handle) in handles {
        naming = naming.add(
            Condition::all()
                .add(wanted_connection::Column::Network.eq(network))
                .add(wanted_connection::Column::Handle.eq(handle)),
        );
    }
    Ok(wanted_connection::Entity::delete_many()
        .filter(wanted_connection::Column::ConferenceId.eq(conference_id))
        .filter(naming)
        .exec(db)
        .await?
        .rows_affected)
}

/// Interest rows (the text people typed) that nobody holds any more after the erasure.
async fn forget_unheld_interests(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<u64, sea_orm::DbErr> {
    let mut deleted = 0;
    for chunk in ids.chunks(500) {
        deleted += interest::Entity::delete_many()
            .filter(interest::Column::Id.is_in(chunk.iter().copied()))
            .filter(
                interest::Column::Id.not_in_subquery(
                    Query::select()
                        .column(attendee_interest::Column::InterestId)
                        .from(attendee_interest::Entity)
                        .and_where(
                            attendee_interest::Column::InterestId.is_in(chunk.iter().copied()),
                        )
                        .to_owned(),
                ),
            )
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(deleted)
}

/// The kinds whose payload shows the recipient's tablemates.
const SHOWING_TABLEMATES: [EmailKind; 4] = [
    EmailKind::TableIntroduction,
    EmailKind::TableChanged,
    EmailKind::MeetupReminder,
    EmailKind::MeetupChanged,
];

/// Emails to other attendees of the conference not yet sent (pending, failed, cancelled: a sent
/// one holds no content) lose the person from their tablemates and shared interests.
async fn rewrite_tablemates_emails(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    who: &Erased,
) -> Result<u64, sea_orm::DbErr> {
    let rows: Vec<(Uuid, String, String)> = outbox_email::Entity::find()
        .select_only()
        .column(outbox_email::Column::Id)
        .column(outbox_email::Column::Kind)
        .column(outbox_email::Column::Payload)
        .filter(outbox_email::Column::Status.ne(OutboxStatus::Sent.as_str()))
        .filter(outbox_email::Column::Kind.is_in(SHOWING_TABLEMATES.map(EmailKind::as_str)))
        .filter(outbox_email::Column::AttendeeId.ne(who.id))
        .filter(
            outbox_email::Column::AttendeeId.in_subquery(
                Query::select()
                    .column(attendee::Column::Id)
                    .from(attendee::Entity)
                    .and_where(attendee::Column::ConferenceId.eq(conference_id))
                    .to_owned(),
            ),
        )
        .filter(mentions(outbox_email::Column::Payload.into_iden(), who))
        .into_tuple()
        .all(db)
        .await?;
    let mut rewritten = 0;
    for (id, kind, payload) in rows {
        let kind: EmailKind = stored("outbox_emails.kind", &kind)?;
        let Ok(json) = serde_json::from_str(&payload) else {
            continue;
        };
        let Ok(mut payload) = EmailPayload::from_json(kind, json) else {
            continue;
        };
        if !payload.without(who) {
            continue;
        }
        rewritten += outbox_email::Entity::update_many()
            .col_expr(
                outbox_email::Column::Payload,
                Expr::value(payload.to_json().to_string()),
            )
            .filter(outbox_email::Column::Id.eq(id))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(rewritten)
}

/// Rows whose `column` text may name the person (their id or their name); the exact test is
/// made on the parsed value.
fn mentions(column: sea_orm::sea_query::DynIden, who: &Erased) -> Condition {
    let like = |needle: &str| {
        Expr::col(column.clone()).like(
            LikeExpr::new(format!("%{}%", super::attendees::escape_like(needle))).escape('\\'),
        )
    };
    Condition::any()
        .add(like(&who.id.to_string()))
        .add(like(&who.name))
}

/// The conference's plans (explanations, metrics, change logs) and jobs (parameters, results,
/// errors, progress) lose the person.
async fn anonymise_plans(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    who: &Erased,
) -> Result<u64, sea_orm::DbErr> {
    let plans_of_conference = || {
        plan::Column::Id.in_subquery(
            Query::select()
                .column(plan::Column::Id)
                .from(plan::Entity)
                .and_where(
                    plan::Column::MeetupId.in_subquery(
                        Query::select()
                            .column(meetup::Column::Id)
                            .from(meetup::Entity)
                            .and_where(meetup::Column::ConferenceId.eq(conference_id))
                            .to_owned(),
                    ),
                )
                .to_owned(),
        )
    };
    let mut changed = 0;

    let tables: Vec<(Uuid, i32, String)> = plan_table::Entity::find()
        .select_only()
        .column(plan_table::Column::PlanId)
        .column(plan_table::Column::Number)
        .column(plan_table::Column::Explanation)
        .filter(
            plan_table::Column::PlanId.in_subquery(
                Query::select()
                    .column(plan::Column::Id)
                    .from(plan::Entity)
                    .cond_where(plans_of_conference())
                    .to_owned(),
            ),
        )
        .filter(mentions(plan_table::Column::Explanation.into_iden(), who))
        .into_tuple()
        .all(db)
        .await?;
    for (plan_id, number, explanation) in tables {
        if let Some(text) = scrubbed(&explanation, who) {
            changed += plan_table::Entity::update_many()
                .col_expr(plan_table::Column::Explanation, Expr::value(text))
                .filter(plan_table::Column::PlanId.eq(plan_id))
                .filter(plan_table::Column::Number.eq(number))
                .exec(db)
                .await?
                .rows_affected;
        }
    }

    let plans: Vec<(Uuid, String, String)> = plan::Entity::find()
        .select_only()
        .column(plan::Column::Id)
        .column(plan::Column::Params)
        .column(plan::Column::Metrics)
        .filter(plans_of_conference())
        .filter(
            Condition::any()
                .add(mentions(plan::Column::Params.into_iden(), who))
                .add(mentions(plan::Column::Metrics.into_iden(), who)),
        )
        .into_tuple()
        .all(db)
        .await?;
    for (id, params, metrics) in plans {
        let (params, metrics) = (scrubbed(&params, who), scrubbed(&metrics, who));
        if params.is_none() && metrics.is_none() {
            continue;
        }
        let mut update = plan::Entity::update_many();
        if let Some(params) = params {
            update = update.col_expr(plan::Column::Params, Expr::value(params));
        }
        if let Some(metrics) = metrics {
            update = update.col_expr(plan::Column::Metrics, Expr::value(metrics));
        }
        changed += update
            .filter(plan::Column::Id.eq(id))
            .exec(db)
            .await?
            .rows_affected;
    }

    let changes: Vec<(Uuid, String, String)> = plan_change::Entity::find()
        .select_only()
        .column(plan_change::Column::Id)
        .column(plan_change::Column::Reason)
        .column(plan_change::Column::Moves)
        .filter(
            plan_change::Column::PlanId.in_subquery(
                Query::select()
                    .column(plan::Column::Id)
                    .from(plan::Entity)
                    .cond_where(plans_of_conference())
                    .to_owned(),
            ),
        )
        .filter(
            Condition::any()
                .add(mentions(plan_change::Column::Reason.into_iden(), who))
                .add(mentions(plan_change::Column::Moves.into_iden(), who)),
        )
        .into_tuple()
        .all(db)
        .await?;
    for (id, reason, moves) in changes {
        let (reason, moves) = (scrubbed(&reason, who), scrubbed(&moves, who));
        if reason.is_none() && moves.is_none() {
            continue;
        }
        let mut update = plan_change::Entity::update_many();
        if let Some(reason) = reason {
            update = update.col_expr(plan_change::Column::Reason, Expr::value(reason));
        }
        if let Some(moves) = moves {
            update = update.col_expr(plan_change::Column::Moves, Expr::value(moves));
        }
        changed += update
            .filter(plan_change::Column::Id.eq(id))
            .exec(db)
            .await?
            .rows_affected;
    }

    type JobTexts = (Uuid, String, Option<String>, Option<String>, Option<String>);
    let jobs: Vec<JobTexts> = job::Entity::find()
        .select_only()
        .column(job::Column::Id)
        .column(job::Column::Params)
        .column(job::Column::Result)
        .column(job::Column::Error)
        .column(job::Column::ProgressSnapshot)
        .filter(job::Column::ConferenceId.eq(conference_id))
        .filter(
            Condition::any()
                .add(mentions(job::Column::Params.into_iden(), who))
                .add(mentions(job::Column::Result.into_iden(), who))
                .add(mentions(job::Column::Error.into_iden(), who))
                .add(mentions(job::Column::ProgressSnapshot.into_iden(), who)),
        )
        .into_tuple()
        .all(db)
        .await?;
    for (id, params, result, error, progress) in jobs {
        let mut update = job::Entity::update_many();
        let mut any = false;
        if let Some(text) = scrubbed(&params, who) {
            update = update.col_expr(job::Column::Params, Expr::value(text));
            any = true;
        }
        for (column, value) in [
            (job::Column::Result, result),
            (job::Column::Error, error),
            (job::Column::ProgressSnapshot, progress),
        ] {
            if let Some(text) = value.as_deref().and_then(|v| scrubbed(v, who)) {
                update = update.col_expr(column, Expr::value(text));
                any = true;
            }
        }
        if any {
            changed += update
                .filter(job::Column::Id.eq(id))
                .exec(db)
                .await?
                .rows_affected;
        }
    }
    Ok(changed)
}

/// `stored` (JSON, or plain text such as a reason or an error) without the person, or `None`
/// when it does not name them.
fn scrubbed(stored: &str, who: &Erased) -> Option<String> {
    match serde_json::from_str::<Value>(stored) {
        Ok(mut json) => scrub_json(&mut json, who).then(|| json.to_string()),
        Err(_) => {
            let mut text = Value::String(stored.to_owned());
            scrub_json(&mut text, who).then(|| text.as_str().unwrap_or_default().to_owned())
        }
    }
}

/// Adds an entry to the audit log of erasures.
pub async fn record(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    kind: ErasureKind,
    actor: ErasureActor,
    touched: Touched,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    erasure::Entity::insert(erasure::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(conference_id),
        kind: Set(kind.as_str().to_owned()),
        actor: Set(actor.as_str().to_owned()),
        rows_deleted: Set(count(touched.rows_deleted)),
        emails_rewritten: Set(count(touched.emails_rewritten)),
        plan_records_anonymised: Set(count(touched.plan_records_anonymised)),
        erased_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The newest `limit` entries of the conference's audit log of erasures, newest first.
pub async fn list_for_conference(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    limit: u64,
) -> Result<Vec<ErasureRecord>, sea_orm::DbErr> {
    erasure::Entity::find()
        .filter(erasure::Column::ConferenceId.eq(conference_id))
        .order_by_desc(erasure::Column::ErasedAt)
        .order_by_desc(erasure::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            let count = |n: i64| u64::try_from(n).unwrap_or_default();
            Ok(ErasureRecord {
                id: row.id,
                conference_id: row.conference_id,
                kind: stored("erasures.kind", &row.kind)?,
                actor: stored("erasures.actor", &row.actor)?,
                rows_deleted: count(row.rows_deleted),
                emails_rewritten: count(row.emails_rewritten),
                plan_records_anonymised: count(row.plan_records_anonymised),
                erased_at: row.erased_at,
            })
        })
        .collect()
}

/// Deletes the conference and every row that belongs to it: attendees with everything of
/// theirs, meetups, plans, jobs, emails; returns how many rows went. (The foreign keys would
/// cascade; deleting each table in turn counts the rows and does not depend on them.)
pub async fn delete_conference(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<u64, sea_orm::DbErr> {
    let mut deleted = forget_attendees(db, conference_id).await?;
    deleted += super::webhooks::deliveries::delete_of_conference(db, conference_id).await?;
    let meetups_of = Query::select()
        .column(meetup::Column::Id)
        .from(meetup::Entity)
        .and_where(meetup::Column::ConferenceId.eq(conference_id))
        .to_owned();
    deleted += meetup_table::Entity::delete_many()
        .filter(meetup_table::Column::MeetupId.in_subquery(meetups_of.clone()))
        .exec(db)
        .await?
        .rows_affected;
    deleted += meetup::Entity::delete_many()
        .filter(meetup::Column::ConferenceId.eq(conference_id))
        .exec(db)
        .await?
        .rows_affected;
    // The pretix token is sealed, but it is the organizer's credential elsewhere: it goes too.
    deleted += pretix_connection::Entity::delete_by_id(conference_id)
        .exec(db)
        .await?
        .rows_affected;
    deleted += conference::Entity::delete_by_id(conference_id)
        .exec(db)
        .await?
        .rows_affected;
    Ok(deleted)
}

/// Deletes every attendee of the conference and everything that holds their data (emails,
/// plans, jobs, interests), keeping the conference and its meetups; returns how many rows went.
pub async fn forget_attendees(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<u64, sea_orm::DbErr> {
    let attendees_of = Query::select()
        .column(attendee::Column::Id)
        .from(attendee::Entity)
        .and_where(attendee::Column::ConferenceId.eq(conference_id))
        .to_owned();
    let meetups_of = Query::select()
        .column(meetup::Column::Id)
        .from(meetup::Entity)
        .and_where(meetup::Column::ConferenceId.eq(conference_id))
        .to_owned();
    let plans_of = Query::select()
        .column(plan::Column::Id)
        .from(plan::Entity)
        .and_where(plan::Column::MeetupId.in_subquery(meetups_of.clone()))
        .to_owned();
    let mut deleted = super::webhooks::deliveries::forget_attendee(db, conference_id, None).await?;
    deleted += outbox_email::Entity::delete_many()
        .filter(outbox_email::Column::AttendeeId.in_subquery(attendees_of.clone()))
        .exec(db)
        .await?
        .rows_affected;
    deleted += attendee_token::Entity::delete_many()
        .filter(attendee_token::Column::AttendeeId.in_subquery(attendees_of.clone()))
        .exec(db)
        .await?
        .rows_affected;
    deleted += attendee_interest::Entity::delete_many()
        .filter(attendee_interest::Column::AttendeeId.in_subquery(attendees_of.clone()))
        .exec(db)
        .await?
        .rows_affected;
    deleted += email_preference::Entity::delete_many()
        .filter(email_preference::Column::AttendeeId.in_subquery(attendees_of.clone()))
        .exec(db)
        .await?
        .rows_affected;
    deleted += calendar_sequence::Entity::delete_many()
        .filter(calendar_sequence::Column::MeetupId.in_subquery(meetups_of.clone()))
        .exec(db)
        .await?
        .rows_affected;
    deleted += meetup_participation::Entity::delete_many()
        .filter(meetup_participation::Column::MeetupId.in_subquery(meetups_of.clone()))
        .exec(db)
        .await?
        .rows_affected;
    deleted += plan_seat::Entity::delete_many()
        .filter(plan_seat::Column::PlanId.in_subquery(plans_of.clone()))
        .exec(db)
        .await?
        .rows_affected;
    deleted += plan_change::Entity::delete_many()
        .filter(plan_change::Column::PlanId.in_subquery(plans_of.clone()))
        .exec(db)
        .await?
        .rows_affected;
    deleted += plan_table::Entity::delete_many()
        .filter(plan_table::Column::PlanId.in_subquery(plans_of))
        .exec(db)
        .await?
        .rows_affected;
    deleted += plan::Entity::delete_many()
        .filter(plan::Column::MeetupId.in_subquery(meetups_of))
        .exec(db)
        .await?
        .rows_affected;
    deleted += job::Entity::delete_many()
        .filter(job::Column::ConferenceId.eq(conference_id))
        .exec(db)
        .await?
        .rows_affected;
    deleted += wanted_connection::Entity::delete_many()
        .filter(wanted_connection::Column::ConferenceId.eq(conference_id))
        .exec(db)
        .await?
        .rows_affected;
    deleted += attendee_handle::Entity::delete_many()
        .filter(attendee_handle::Column::ConferenceId.eq(conference_id))
        .exec(db)
        .await?
        .rows_affected;
    deleted += interest::Entity::delete_many()
        .filter(interest::Column::ConferenceId.eq(conference_id))
        .exec(db)
        .await?
        .rows_affected;
    deleted += attendee::Entity::delete_many()
        .filter(attendee::Column::ConferenceId.eq(conference_id))
        .exec(db)
        .await?
        .rows_affected;
    Ok(deleted)
}

/// Conferences that ended before `date` and still have attendees (at most `limit`).
pub async fn ended_with_attendees(
    db: &impl ConnectionTrait,
    date: chrono::NaiveDate,
    limit: u64,
) -> Result<Vec<Uuid>, sea_orm::DbErr> {
    conference::Entity::find()
        .select_only()
        .column(conference::Column::Id)
        .filter(conference::Column::EndsOn.lt(date))
        .filter(
            conference::Column::Id.in_subquery(
                Query::select()
                    .column(attendee::Column::ConferenceId)
                    .from(attendee::Entity)
                    .to_owned(),
            ),
        )
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Registrations still waiting for confirmation that were made before `before` (at most
/// `limit`, oldest first).
pub async fn unconfirmed_before(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Uuid>, sea_orm::DbErr> {
    attendee::Entity::find()
        .select_only()
        .column(attendee::Column::Id)
        .filter(
            attendee::Column::Status
                .eq(crate::domain::AttendeeStatus::PendingConfirmation.as_str()),
        )
        .filter(attendee::Column::CreatedAt.lt(before))
        .order_by_asc(attendee::Column::CreatedAt)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Deletes attendees' tokens, organizers' sessions and sign-in links that expired before
/// `now`: they open nothing any more; returns how many went.
pub async fn purge_expired(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    use crate::entities::{organizer_session, organizer_sign_in_link};
    let mut deleted = attendee_token::Entity::delete_many()
        .filter(attendee_token::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected;
    deleted += organizer_session::Entity::delete_many()
        .filter(organizer_session::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected;
    deleted += organizer_sign_in_link::Entity::delete_many()
        .filter(organizer_sign_in_link::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected;
    Ok(deleted)
}
