//! Erasure: an attendee's data leaves every row in one transaction (see
//! [`store::erasure`](crate::store::erasure)), and on SQLite the freed pages are zeroed and the
//! write-ahead log emptied.

use sea_orm::TransactionTrait;
use tracing::instrument;

use crate::domain::erasure::Erased;
use crate::domain::records::Attendee;
use crate::error::Error;
use crate::store;
use crate::workflows::Context;

/// What names `attendee` inside rows that stay.
fn erased(attendee: &Attendee) -> Erased {
    Erased {
        id: attendee.id,
        name: attendee.fields.name.to_string(),
        affiliation: attendee.fields.affiliation.clone(),
        bio: attendee.fields.bio.clone(),
    }
}

/// Deletes the attendee's rows and cuts them out of the rows that stay, all at once.
#[instrument(skip_all, fields(attendee = %attendee.id))]
pub(super) async fn erase_attendee(
    ctx: &Context,
    attendee: &Attendee,
) -> Result<store::erasure::Touched, Error> {
    let txn = ctx.db.write.begin().await?;
    let touched =
        store::erasure::erase_attendee(&txn, attendee.conference_id, &erased(attendee)).await?;
    txn.commit().await?;
    ctx.db.forget_freed_pages().await;
    tracing::info!(?touched, "attendee erased");
    Ok(touched)
}
