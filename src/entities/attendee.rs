//! Row of `attendees`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendees")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub name: String,
    pub email: String,
    pub email_normalized: String,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub bio: Option<String>,
    pub status: String,
    pub affiliation_visibility: String,
    pub bio_visibility: String,
    pub privacy_consent_at: DateTimeUtc,
    pub email_consent_at: Option<DateTimeUtc>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub pending_email: Option<String>,
    pub pending_email_normalized: Option<String>,
    /// Set while an imported attendee has not accepted (and so not consented) yet.
    pub invited_at: Option<DateTimeUtc>,
    /// Names the attendee's public verification page (`/v/{code}`) once they asked for it.
    pub verification_code: Option<String>,
    /// `en` or `de`; none until the attendee chooses.
    pub language: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
