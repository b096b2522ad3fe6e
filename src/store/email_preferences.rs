//! Attendees' email preferences: whether they agreed to non-essential email, whether they
//! unsubscribed from non-transactional email, and the queued emails such a choice withdraws.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, SelectGetableTuple,
    Selector, Set,
};
use uuid::Uuid;

use crate::domain::records::{EmailKind, OutboxStatus};
use crate::entities::{attendee, email_preference, outbox_email};

/// Records that the attendee wants no more non-transactional email; returns whether this
/// changed anything (unsubscribing twice is not an error, and keeps the first time).
pub async fn unsubscribe(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    email_preference::Entity::insert_many([email_preference::ActiveModel {
        attendee_id: Set(attendee_id),
        unsubscribed_at: Set(None),
        updated_at: Set(now),
    }])
    .on_conflict_do_nothing_on([email_preference::Column::AttendeeId])
    .exec_without_returning(db)
    .await?;
    let changed = email_preference::Entity::update_many()
        .col_expr(email_preference::Column::UnsubscribedAt, Expr::value(now))
        .col_expr(email_preference::Column::UpdatedAt, Expr::value(now))
        .filter(email_preference::Column::AttendeeId.eq(attendee_id))
        .filter(email_preference::Column::UnsubscribedAt.is_null())
        .exec(db)
        .await?;
    Ok(changed.rows_affected > 0)
}

/// Whether the attendee may be sent table introductions, changes, reminders and
/// cancellations (they have not unsubscribed).
pub async fn wants_table_emails(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
) -> Result<bool, sea_orm::DbErr> {
    Ok(unsubscribed_among(db, &[attendee_id]).await?.is_empty())
}

/// Those of `attendee_ids` who unsubscribed: one query for a whole seating plan.
pub async fn unsubscribed_among(
    db: &impl ConnectionTrait,
    attendee_ids: &[Uuid],
) -> Result<HashSet<Uuid>, sea_orm::DbErr> {
    ids_among(db, attendee_ids, |chunk| {
        email_preference::Entity::find()
            .select_only()
            .column(email_preference::Column::AttendeeId)
            .filter(email_preference::Column::AttendeeId.is_in(chunk))
            .filter(email_preference::Column::UnsubscribedAt.is_not_null())
            .into_tuple::<Uuid>()
    })
    .await
}

/// Those of `attendee_ids` who agreed to non-essential email when they registered
/// (`consents.emails`, worded "Send me reminders and news" on the form).
pub async fn consented_among(
    db: &impl ConnectionTrait,
    attendee_ids: &[Uuid],
) -> Result<HashSet<Uuid>, sea_orm::DbErr> {
    ids_among(db, attendee_ids, |chunk| {
        attendee::Entity::find()
            .select_only()
            .column(attendee::Column::Id)
            .filter(attendee::Column::Id.is_in(chunk))
            .filter(attendee::Column::EmailConsentAt.is_not_null())
            .into_tuple::<Uuid>()
    })
    .await
}

/// The ids `query` selects from `ids`, asked 500 at a time so that no backend meets a list
/// longer than it takes.
async fn ids_among<F>(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    query: F,
) -> Result<HashSet<Uuid>, sea_orm::DbErr>
where
    F: Fn(Vec<Uuid>) -> Selector<SelectGetableTuple<Uuid>>,
{
    let mut out = HashSet::new();
    for chunk in ids.chunks(500) {
        out.extend(query(chunk.to_vec()).all(db).await?);
    }
    Ok(out)
}

/// Marks the attendee's pending emails of `kinds` as skipped, so the outbox worker never
/// claims them; an email a worker holds right now (its lease has not run out) is already on
/// its way and is left alone. Returns how many were withdrawn.
pub async fn skip_queued(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    kinds: &[EmailKind],
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let result = outbox_email::Entity::update_many()
        .col_expr(
            outbox_email::Column::Status,
            Expr::value(OutboxStatus::Skipped.as_str()),
        )
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value("not sent: the recipient unsubscribed"),
        )
        .filter(outbox_email::Column::AttendeeId.eq(attendee_id))
        .filter(outbox_email::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .filter(outbox_email::Column::Kind.is_in(kinds.iter().map(|k| k.as_str())))
        .filter(
            sea_orm::Condition::any()
                .add(outbox_email::Column::LeaseUntil.is_null())
                .add(outbox_email::Column::LeaseUntil.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Marks one claimed email as skipped (for the outbox worker, when it finds that the
/// recipient of a non-transactional email unsubscribed after it was queued), releasing its
/// lease. Only a pending row changes.
pub async fn mark_skipped(db: &impl ConnectionTrait, email_id: Uuid) -> Result<(), sea_orm::DbErr> {
    outbox_email::Entity::update_many()
        .col_expr(
            outbox_email::Column::Status,
            Expr::value(OutboxStatus::Skipped.as_str()),
        )
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value("not sent: the recipient unsubscribed"),
        )
        .col_expr(
            outbox_email::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox_email::Column::Id.eq(email_id))
        .filter(outbox_email::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .exec(db)
        .await?;
    Ok(())
}
