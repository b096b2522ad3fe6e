//! The email outbox: rows written in the same transaction as the change that causes an email,
//! so an email is never lost nor sent for a change that rolled back. A unique dedupe key makes
//! a repeated enqueue a no-op.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, IntoIden, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::stored;
use crate::domain::records::{
    EmailFilter, EmailKind, EmailPayload, MeetupShown, NewEmail, OutboxEmail, OutboxStatus,
};
use crate::entities::{attendee, outbox_email};

/// Inserts `email` unless one with its dedupe key exists; returns whether it was inserted.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    email: NewEmail,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let key = email.dedupe_key.clone();
    Ok(super::batch::enqueue_emails(db, vec![email], now)
        .await?
        .contains(&key))
}

/// Claims up to `limit` due pending emails for `lease` by setting their `lease_until`, and
/// returns the rows this caller claimed, oldest due first. Two workers (or two processes)
/// racing never both get a row (see [`super::lease`]). A worker that dies mid-send leaves its
/// lease to expire; the row is then claimed again.
pub async fn claim_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: u64,
) -> Result<Vec<OutboxEmail>, sea_orm::DbErr> {
    let columns = super::lease::Claim {
        id: outbox_email::Column::Id,
        order: outbox_email::Column::DueAt,
        lease_until: outbox_email::Column::LeaseUntil,
    };
    let mut rows =
        super::lease::claim::<outbox_email::Entity>(db, columns, due(now), now + lease, limit)
            .await?;
    rows.sort_by_key(|r| (r.due_at, r.id));
    rows.into_iter().map(email_of).collect()
}

/// An outbox row as the record it stores.
fn email_of(row: outbox_email::Model) -> Result<OutboxEmail, sea_orm::DbErr> {
    Ok(OutboxEmail {
        id: row.id,
        kind: stored("outbox_emails.kind", &row.kind)?,
        dedupe_key: row.dedupe_key,
        attendee_id: row.attendee_id,
        recipient: row.recipient,
        // Not an error here: one unreadable payload must not stop the claim of a whole batch.
        // The mailer fails that email for good when its templates find nothing to render.
        payload: serde_json::from_str(&row.payload).unwrap_or(serde_json::Value::Null),
        status: stored("outbox_emails.status", &row.status)?,
        attempts: row.attempts,
        due_at: row.due_at,
        lease_until: row.lease_until,
        last_error: row.last_error,
        created_at: row.created_at,
        sent_at: row.sent_at,
    })
}

/// Records that the emails `ids` were handed to the mail server, in one statement per
/// thousand rows. A sent row keeps only what its delivery status needs (see
/// [`forget_content`]).
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    for chunk in ids.chunks(1000) {
        forget_content(outbox_email::Entity::update_many())
            .col_expr(
                outbox_email::Column::Status,
                Expr::value(OutboxStatus::Sent.as_str()),
            )
            .col_expr(outbox_email::Column::SentAt, Expr::value(now))
            .col_expr(
                outbox_email::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(outbox_email::Column::Id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// What a row no longer needs once it cannot be sent again: the address, what the email said
/// (names, affiliations, bios, handles, interests of the recipient's tablemates) and the mail
/// server's last answer (which often quotes the address). Kind, attendee id, status, attempts,
/// times and the dedupe key (ids only) stay, for the delivery list and idempotent re-runs.
fn forget_content(
    update: sea_orm::UpdateMany<outbox_email::Entity>,
) -> sea_orm::UpdateMany<outbox_email::Entity> {
    update
        .col_expr(
            outbox_email::Column::Recipient,
            Expr::value(FORGOTTEN_RECIPIENT),
        )
        .col_expr(
            outbox_email::Column::Payload,
            Expr::value(FORGOTTEN_PAYLOAD),
        )
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value(Option::<String>::None),
        )
}

/// The recipient column of a row whose content is forgotten (the column is `NOT NULL`).
pub const FORGOTTEN_RECIPIENT: &str = "";
/// The payload column of a row whose content is forgotten: valid JSON, no kind's payload.
pub const FORGOTTEN_PAYLOAD: &str = "{}";

/// Shows the attendee's address on rows whose own address is forgotten (sent ones): the
/// delivery list tells people apart by it, and the attendee row still holds it.
async fn show_recipients(
    db: &impl ConnectionTrait,
    rows: &mut [OutboxEmail],
) -> Result<(), sea_orm::DbErr> {
    let ids: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.recipient == FORGOTTEN_RECIPIENT)
        .filter_map(|r| r.attendee_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut emails = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        emails.extend(
            attendee::Entity::find()
                .select_only()
                .column(attendee::Column::Id)
                .column(attendee::Column::Email)
                .filter(attendee::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<(Uuid, String)>()
                .all(db)
                .await?,
        );
    }
    for row in rows
        .iter_mut()
        .filter(|r| r.recipient == FORGOTTEN_RECIPIENT)
    {
        if let Some(email) = row.attendee_id.and_then(|id| emails.get(&id)) {
            row.recipient = email.clone();
        }
    }
    Ok(())
}

/// Gives back claimed rows that were not attempted (the worker is stopping, or its batch ran
/// out of time), so that the next worker claims them at once instead of after the lease.
pub async fn release(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<(), sea_orm::DbErr> {
    for chunk in ids.chunks(1000) {
        outbox_email::Entity::update_many()
            .col_expr(
                outbox_email::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(outbox_email::Column::Id.is_in(chunk.iter().copied()))
            .filter(outbox_email::Column::Status.eq(OutboxStatus::Pending.as_str()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Records a failed attempt at `id`: the attempt count becomes `attempts`, and the row is
/// released to be tried again at `retry_at`, or marked failed for good when `retry_at` is
/// `None`.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    id: Uuid,
    attempts: i32,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), sea_orm::DbErr> {
    let mut update = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Attempts, Expr::value(attempts))
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value(error.chars().take(2000).collect::<String>()),
        )
        .col_expr(
            outbox_email::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match retry_at {
        Some(at) => update.col_expr(outbox_email::Column::DueAt, Expr::value(at)),
        None => update.col_expr(
            outbox_email::Column::Status,
            Expr::value(OutboxStatus::Failed.as_str()),
        ),
    };
    update
        .filter(outbox_email::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// One page (1-based) of the emails to attendees of `conference_id`, newest first, and the
/// total count matching `filter`.
pub async fn list_for_conference(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    filter: &EmailFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<OutboxEmail>, u64), sea_orm::DbErr> {
    let mut condition = of_conference(conference_id);
    if let Some(status) = &filter.status {
        condition = condition.add(outbox_email::Column::Status.eq(status.as_str()));
    }
    if let Some(attendee_id) = filter.attendee_id {
        condition = condition.add(outbox_email::Column::AttendeeId.eq(attendee_id));
    }
    if let Some(kind) = filter.kind {
        condition = condition.add(outbox_email::Column::Kind.eq(kind.as_str()));
    }
    if let Some(q) = filter.recipient.as_deref() {
        let pattern = format!("%{}%", super::attendees::escape_like(&q.to_lowercase()));
        let like = |col: sea_orm::sea_query::DynIden| {
            Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(col)))
                .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'))
        };
        // A sent row has forgotten its address: it is found by its attendee's.
        let by_attendee = outbox_email::Column::AttendeeId.in_subquery(
            Query::select()
                .column(attendee::Column::Id)
                .from(attendee::Entity)
                .and_where(attendee::Column::ConferenceId.eq(conference_id))
                .and_where(like(attendee::Column::Email.into_iden()))
                .to_owned(),
        );
        condition = condition.add(
            Condition::any()
                .add(like(outbox_email::Column::Recipient.into_iden()))
                .add(
                    Condition::all()
                        .add(outbox_email::Column::Recipient.eq(FORGOTTEN_RECIPIENT))
                        .add(by_attendee),
                ),
        );
    }
    let query = outbox_email::Entity::find()
        .filter(condition)
        .order_by_desc(outbox_email::Column::CreatedAt)
        .order_by_desc(outbox_email::Column::Id);
    let (rows, total) = super::page_of(db, query, page, per_page).await?;
    let mut rows = rows
        .into_iter()
        .map(email_of)
        .collect::<Result<Vec<_>, _>>()?;
    show_recipients(db, &mut rows).await?;
    Ok((rows, total))
}

/// Every email to `attendee_id` the outbox holds, oldest first.
pub async fn of_attendee(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
) -> Result<Vec<OutboxEmail>, sea_orm::DbErr> {
    outbox_email::Entity::find()
        .filter(outbox_email::Column::AttendeeId.eq(attendee_id))
        .order_by_asc(outbox_email::Column::CreatedAt)
        .order_by_asc(outbox_email::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(email_of)
        .collect()
}

/// The email `id` if it went to an attendee of `conference_id`.
pub async fn find_in_conference(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    id: Uuid,
) -> Result<Option<OutboxEmail>, sea_orm::DbErr> {
    let Some(row) = outbox_email::Entity::find()
        .filter(of_conference(conference_id).add(outbox_email::Column::Id.eq(id)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut rows = [email_of(row)?];
    show_recipients(db, &mut rows).await?;
    let [row] = rows;
    Ok(Some(row))
}

/// Puts the failed email `id` of `conference_id` back in the queue, due at `now` with its
/// attempts reset; returns false (and changes nothing) unless it was failed. The status test
/// sits in the `UPDATE` itself, so two organizers retrying at once queue it once.
pub async fn retry_failed(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let result = outbox_email::Entity::update_many()
        .col_expr(
            outbox_email::Column::Status,
            Expr::value(OutboxStatus::Pending.as_str()),
        )
        .col_expr(outbox_email::Column::Attempts, Expr::value(0))
        .col_expr(outbox_email::Column::DueAt, Expr::value(now))
        .col_expr(
            outbox_email::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(
            of_conference(conference_id)
                .add(outbox_email::Column::Id.eq(id))
                .add(outbox_email::Column::Status.eq(OutboxStatus::Failed.as_str())),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Emails to attendees of `conference_id` (the outbox knows the attendee, not the conference).
fn of_conference(conference_id: Uuid) -> Condition {
    Condition::all().add(
        outbox_email::Column::AttendeeId.in_subquery(
            Query::select()
                .column(attendee::Column::Id)
                .from(attendee::Entity)
                .and_where(attendee::Column::ConferenceId.eq(conference_id))
                .to_owned(),
        ),
    )
}

/// The middle of a reminder's dedupe key, `meetup_reminder:{meetup}:{cause}:{attendee}`: the
/// meetup first, so that the reminders of one meetup are found by their key without a column
/// of their own, then the plan or repair that queued it, so that each publication and repair
/// queues at most one per attendee.
pub fn reminder_scope(meetup_id: Uuid, cause_id: Uuid) -> String {
    format!("{meetup_id}:{cause_id}")
}

/// The reminders of `meetup_id`.
fn reminders_of(meetup_id: Uuid) -> Condition {
    Condition::all()
        .add(outbox_email::Column::Kind.eq(EmailKind::MeetupReminder.as_str()))
        .add(
            outbox_email::Column::DedupeKey
                .starts_with(format!("{}:{meetup_id}:", EmailKind::MeetupReminder)),
        )
}

/// Pending and held by no worker: still free to change or withdraw. A row a worker holds is
/// on its way out and is left alone.
fn unclaimed(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(outbox_email::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .add(
            Condition::any()
                .add(outbox_email::Column::LeaseUntil.is_null())
                .add(outbox_email::Column::LeaseUntil.lt(now)),
        )
}

/// Cancels the reminders of `meetup_id` not yet sent nor being sent, for `attendee_ids` only
/// when given, recording `reason`; returns how many were cancelled.
pub async fn cancel_reminders(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
    attendee_ids: Option<&[Uuid]>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let cancel = |condition: Condition| {
        outbox_email::Entity::update_many()
            .col_expr(
                outbox_email::Column::Status,
                Expr::value(OutboxStatus::Cancelled.as_str()),
            )
            .col_expr(outbox_email::Column::LastError, Expr::value(reason))
            .col_expr(
                outbox_email::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(reminders_of(meetup_id).add(unclaimed(now)).add(condition))
    };
    let Some(ids) = attendee_ids else {
        return Ok(cancel(Condition::all()).exec(db).await?.rows_affected);
    };
    let mut cancelled = 0;
    for chunk in ids.chunks(500) {
        cancelled += cancel(
            Condition::all().add(outbox_email::Column::AttendeeId.is_in(chunk.iter().copied())),
        )
        .exec(db)
        .await?
        .rows_affected;
    }
    Ok(cancelled)
}

/// Those of `attendee_ids` whose reminder of `meetup_id` went out or is going out now (a
/// worker holds it): they are not reminded again.
pub async fn reminded(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
    attendee_ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<HashSet<Uuid>, sea_orm::DbErr> {
    let gone = Condition::any()
        .add(outbox_email::Column::Status.eq(OutboxStatus::Sent.as_str()))
        .add(
            Condition::all()
                .add(outbox_email::Column::Status.eq(OutboxStatus::Pending.as_str()))
                .add(outbox_email::Column::LeaseUntil.gte(now)),
        );
    let mut out = HashSet::new();
    for chunk in attendee_ids.chunks(500) {
        out.extend(
            outbox_email::Entity::find()
                .select_only()
                .column(outbox_email::Column::AttendeeId)
                .filter(
                    reminders_of(meetup_id)
                        .add(gone.clone())
                        .add(outbox_email::Column::AttendeeId.is_in(chunk.iter().copied())),
                )
                .into_tuple::<Option<Uuid>>()
                .all(db)
                .await?
                .into_iter()
                .flatten(),
        );
    }
    Ok(out)
}

/// Moves the reminders of `meetup_id` not yet sent nor being sent to `due_at`, and makes them
/// show the meetup as `meetup` so that they tell the new time; returns how many changed.
pub async fn reschedule_reminders(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
    due_at: DateTime<Utc>,
    meetup: &MeetupShown,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let rows: Vec<(Uuid, String, String)> = outbox_email::Entity::find()
        .select_only()
        .column(outbox_email::Column::Id)
        .column(outbox_email::Column::Kind)
        .column(outbox_email::Column::Payload)
        .filter(reminders_of(meetup_id).add(unclaimed(now)))
        .into_tuple()
        .all(db)
        .await?;
    show_meetup(db, rows, meetup, Some(due_at), now).await
}

/// The kinds that describe one meetup and the recipient's table at it.
const ABOUT_A_TABLE: [EmailKind; 3] = [
    EmailKind::TableIntroduction,
    EmailKind::TableChanged,
    EmailKind::MeetupChanged,
];

/// Makes the table emails to `attendee_ids` about `meetup_id` (introductions and changes) that
/// are not yet sent nor being sent show the meetup as `meetup`, so that one held back (say by
/// a mail server that was down) does not arrive telling the old time; returns how many changed.
pub async fn show_meetup_in_pending(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
    attendee_ids: &[Uuid],
    meetup: &MeetupShown,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let mut changed = 0;
    for chunk in attendee_ids.chunks(500) {
        let rows = unclaimed_table_emails(db, chunk, now).await?;
        // The payload says which meetup; other meetups' emails to the same people stay as they are.
        let about = rows
            .into_iter()
            .filter(|row| read_payload(row).is_ok_and(|p| p.is_about(meetup_id)))
            .collect();
        changed += show_meetup(db, about, meetup, None, now).await?;
    }
    Ok(changed)
}

/// Cancels the table emails to `attendee_ids` about `meetup_id` (introductions and changes)
/// not yet sent nor being sent, recording `reason`: a cancelled meetup seats nobody, so one held
/// back (say by a mail server that was down) must not arrive after the cancellation. Returns
/// how many were cancelled.
pub async fn cancel_table_emails(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
    attendee_ids: &[Uuid],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let mut cancelled = 0;
    for chunk in attendee_ids.chunks(500) {
        let rows = unclaimed_table_emails(db, chunk, now).await?;
        let mut about = Vec::new();
        for row in &rows {
            if read_payload(row)?.meetup().map(|m| m.id) == Some(meetup_id) {
                about.push(row.0);
            }
        }
        if about.is_empty() {
            continue;
        }
        cancelled += outbox_email::Entity::update_many()
            .col_expr(
                outbox_email::Column::Status,
                Expr::value(OutboxStatus::Cancelled.as_str()),
            )
            .col_expr(outbox_email::Column::LastError, Expr::value(reason))
            .col_expr(
                outbox_email::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            // The status test again: a worker may have claimed a row since it was read.
            .filter(unclaimed(now).add(outbox_email::Column::Id.is_in(about)))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(cancelled)
}

/// The table emails (introductions and changes) to `attendee_ids` that no worker has claimed,
/// as (id, kind, payload JSON).
async fn unclaimed_table_emails(
    db: &impl ConnectionTrait,
    attendee_ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<Vec<(Uuid, String, String)>, sea_orm::DbErr> {
    outbox_email::Entity::find()
        .select_only()
        .column(outbox_email::Column::Id)
        .column(outbox_email::Column::Kind)
        .column(outbox_email::Column::Payload)
        .filter(
            unclaimed(now)
                .add(outbox_email::Column::Kind.is_in(ABOUT_A_TABLE.map(EmailKind::as_str)))
                .add(outbox_email::Column::AttendeeId.is_in(attendee_ids.iter().copied())),
        )
        .into_tuple()
        .all(db)
        .await
}

/// The payload of an outbox row (id, kind, payload JSON), read as its kind's struct.
fn read_payload(
    (id, kind, payload): &(Uuid, String, String),
) -> Result<EmailPayload, sea_orm::DbErr> {
    let json = serde_json::from_str(payload)
        .map_err(|e| sea_orm::DbErr::Custom(format!("outbox payload {id}: {e}")))?;
    EmailPayload::from_json(stored("outbox_emails.kind", kind)?, json)
        .map_err(|e| sea_orm::DbErr::Custom(format!("outbox payload {id}: {e}")))
}

/// Makes each of `rows` (id, kind, payload) that is still unclaimed show `meetup`, and moves
/// its due time when `due_at` is given.
async fn show_meetup(
    db: &impl ConnectionTrait,
    rows: Vec<(Uuid, String, String)>,
    meetup: &MeetupShown,
    due_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let mut changed = 0;
    for row in rows {
        let id = row.0;
        let mut payload = read_payload(&row)?;
        if !payload.show_meetup(meetup) {
            continue;
        }
        let mut update = outbox_email::Entity::update_many().col_expr(
            outbox_email::Column::Payload,
            Expr::value(payload.to_json().to_string()),
        );
        if let Some(due_at) = due_at {
            update = update.col_expr(outbox_email::Column::DueAt, Expr::value(due_at));
        }
        // The status test again: a worker may have claimed the row since it was read.
        changed += update
            .filter(unclaimed(now).add(outbox_email::Column::Id.eq(id)))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(changed)
}

/// Pending, due, and held by nobody (never claimed, or the lease ran out).
fn due(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(outbox_email::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .add(outbox_email::Column::DueAt.lte(now))
        .add(
            Condition::any()
                .add(outbox_email::Column::LeaseUntil.is_null())
                .add(outbox_email::Column::LeaseUntil.lt(now)),
        )
}

/// Emails per status (those with none left out), in one grouped COUNT.
pub async fn count_by_status(
    db: &impl ConnectionTrait,
) -> Result<Vec<(String, i64)>, sea_orm::DbErr> {
    outbox_email::Entity::find()
        .select_only()
        .column(outbox_email::Column::Status)
        .column_as(outbox_email::Column::Id.count(), "n")
        .group_by(outbox_email::Column::Status)
        .into_tuple()
        .all(db)
        .await
}
