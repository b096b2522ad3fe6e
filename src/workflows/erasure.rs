//! Erasure: an attendee's data leaves every row in one transaction (see
//! [`store::erasure`](crate::store::erasure)), an organizer deletes a whole conference, and each
//! erasure leaves an entry without personal data in the audit log. On SQLite the freed pages
//! are zeroed and the write-ahead log emptied afterwards.

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use tracing::instrument;
use uuid::Uuid;

use super::conferences::{get_as_owner, get_owned};
use crate::domain::erasure::{Erased, ErasureActor, ErasureKind, ErasureRecord};
use crate::domain::records::Attendee;
use crate::error::Error;
use crate::store;
use crate::store::erasure::Touched;
use crate::workflows::Context;

/// The most audit entries one listing returns.
const LISTED: u64 = 500;

/// What names `attendee` inside rows that stay.
fn erased(attendee: &Attendee) -> Erased {
    Erased {
        id: attendee.id,
        name: attendee.fields.name.to_string(),
        affiliation: attendee.fields.affiliation.clone(),
        bio: attendee.fields.bio.clone(),
    }
}

/// Deletes the attendee's rows and cuts them out of the rows that stay, and logs it, all at
/// once.
#[instrument(skip_all, fields(attendee = %attendee.id, ?kind, ?actor))]
pub(super) async fn erase_attendee(
    ctx: &Context,
    attendee: &Attendee,
    kind: ErasureKind,
    actor: ErasureActor,
    now: DateTime<Utc>,
) -> Result<Touched, Error> {
    let txn = ctx.db.write.begin().await?;
    let touched =
        store::erasure::erase_attendee(&txn, attendee.conference_id, &erased(attendee)).await?;
    if touched.rows_deleted == 0 {
        // Erased already (by another process at the same moment): nothing to log.
        txn.rollback().await?;
        return Ok(touched);
    }
    store::erasure::record(&txn, attendee.conference_id, kind, actor, touched, now).await?;
    txn.commit().await?;
    ctx.db.forget_freed_pages().await;
    tracing::info!(?touched, "attendee erased");
    Ok(touched)
}

/// The organizer deletes their conference with everything in it. The audit entry outlives it
/// (for the operator; the organizer can no longer name the conference).
#[instrument(skip(ctx, now))]
pub async fn delete_conference(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    // A helper runs the conference; only its owners may end it.
    let conference = get_as_owner(ctx, organizer_id, slug).await?;
    let txn = ctx.db.write.begin().await?;
    let rows_deleted = store::erasure::delete_conference(&txn, conference.id).await?;
    let touched = Touched {
        rows_deleted,
        ..Touched::default()
    };
    store::erasure::record(
        &txn,
        conference.id,
        ErasureKind::Conference,
        ErasureActor::Organizer,
        touched,
        now,
    )
    .await?;
    txn.commit().await?;
    ctx.db.forget_freed_pages().await;
    tracing::info!(conference = %conference.id, rows_deleted, "conference deleted");
    Ok(())
}

/// The conference's audit log of erasures, newest first.
pub async fn list(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
) -> Result<Vec<ErasureRecord>, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    Ok(store::erasure::list_for_conference(&ctx.db.read, conference.id, LISTED).await?)
}
