//! Handle proofs and the codes naming attendees' public verification pages.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::domain::{SocialHandle, Verified};
use crate::entities::{attendee, attendee_handle};

/// The attendee's verification code, if they have one.
pub async fn code_of(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
) -> Result<Option<String>, sea_orm::DbErr> {
    Ok(attendee::Entity::find_by_id(attendee_id)
        .select_only()
        .column(attendee::Column::VerificationCode)
        .into_tuple::<Option<String>>()
        .one(db)
        .await?
        .flatten())
}

/// Gives the attendee `code` unless they already have one: two first requests at once leave
/// one code, which both then read back with [`code_of`].
pub async fn set_code_if_unset(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    code: &str,
) -> Result<(), sea_orm::DbErr> {
    attendee::Entity::update_many()
        .col_expr(attendee::Column::VerificationCode, Expr::value(code))
        .filter(attendee::Column::Id.eq(attendee_id))
        .filter(attendee::Column::VerificationCode.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The attendee whose page `code` names.
pub async fn attendee_by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<Uuid>, sea_orm::DbErr> {
    attendee::Entity::find()
        .select_only()
        .column(attendee::Column::Id)
        .filter(attendee::Column::VerificationCode.eq(code))
        .into_tuple::<Uuid>()
        .one(db)
        .await
}

/// Records the proof of `handle` if the attendee still holds it exactly so: a proof checked
/// while the handle was being edited proves nothing about the new one. `false` when not.
pub async fn mark_verified(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    handle: &SocialHandle,
    verified: Verified,
) -> Result<bool, sea_orm::DbErr> {
    let result = attendee_handle::Entity::update_many()
        .col_expr(
            attendee_handle::Column::VerifiedAt,
            Expr::value(verified.at),
        )
        .col_expr(
            attendee_handle::Column::VerifiedMethod,
            Expr::value(verified.method.as_str()),
        )
        .filter(attendee_handle::Column::AttendeeId.eq(attendee_id))
        .filter(attendee_handle::Column::Network.eq(handle.network().as_str()))
        .filter(attendee_handle::Column::Handle.eq(handle.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}
