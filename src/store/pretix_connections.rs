//! The `pretix_connections` table: one row per conference that pulls from pretix.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::domain::records::PretixConnection;
use crate::entities::pretix_connection;

pub async fn get(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<Option<PretixConnection>, sea_orm::DbErr> {
    Ok(pretix_connection::Entity::find_by_id(conference_id)
        .one(db)
        .await?
        .map(|row| PretixConnection {
            conference_id: row.conference_id,
            base_url: row.base_url,
            organizer_slug: row.organizer_slug,
            event_slug: row.event_slug,
            token_sealed: row.token_sealed,
            privacy_consent_question: row.privacy_consent_question,
            email_consent_question: row.email_consent_question,
            cursor: row.cursor,
            last_pulled_at: row.last_pulled_at,
        }))
}

/// Stores the connection, replacing the conference's earlier one; the cursor is `c.cursor`
/// (the workflow clears it when the event changes).
pub async fn put(
    db: &impl ConnectionTrait,
    c: &PretixConnection,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    use pretix_connection::Column as C;
    pretix_connection::Entity::insert(pretix_connection::ActiveModel {
        conference_id: Set(c.conference_id),
        base_url: Set(c.base_url.clone()),
        organizer_slug: Set(c.organizer_slug.clone()),
        event_slug: Set(c.event_slug.clone()),
        token_sealed: Set(c.token_sealed.clone()),
        privacy_consent_question: Set(c.privacy_consent_question.clone()),
        email_consent_question: Set(c.email_consent_question.clone()),
        cursor: Set(c.cursor.clone()),
        last_pulled_at: Set(c.last_pulled_at),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(C::ConferenceId)
            .update_columns([
                C::BaseUrl,
                C::OrganizerSlug,
                C::EventSlug,
                C::TokenSealed,
                C::PrivacyConsentQuestion,
                C::EmailConsentQuestion,
                C::Cursor,
                C::LastPulledAt,
                C::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Records a complete pull: the next one starts from `cursor`.
pub async fn advance(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    cursor: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    pretix_connection::Entity::update(pretix_connection::ActiveModel {
        conference_id: Set(conference_id),
        cursor: Set(Some(cursor.to_owned())),
        last_pulled_at: Set(Some(now)),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}
