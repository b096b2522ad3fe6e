//! Imports from other registration systems.
//!
//! Imported attendees who have not consented yet: an import from a source that did not ask for
//! tablemates' privacy consent stores the person as invited (`invited_at` set) until they
//! accept from their personal link. `privacy_consent_at` stays NOT NULL (changing a column's
//! nullability means rebuilding the table on SQLite); while `invited_at` is set its value is
//! the time of the invitation and the service reads it as "no consent".
//!
//! A conference's pretix connection: where its orders are pulled from, the API token (sealed,
//! never stored in the clear), which questions carry the consents, and the cursor of the last
//! pull (pretix's `X-Page-Generated`, sent back as `modified_since`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attendees {
    Table,
    InvitedAt,
}

#[derive(DeriveIden)]
enum Conferences {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PretixConnections {
    Table,
    ConferenceId,
    BaseUrl,
    OrganizerSlug,
    EventSlug,
    TokenSealed,
    PrivacyConsentQuestion,
    EmailConsentQuestion,
    Cursor,
    LastPulledAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Attendees::Table)
                    .add_column(timestamp_with_time_zone_null(Attendees::InvitedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PretixConnections::Table)
                    .col(uuid(PretixConnections::ConferenceId).primary_key())
                    .col(string_len(PretixConnections::BaseUrl, 500))
                    .col(string_len(PretixConnections::OrganizerSlug, 200))
                    .col(string_len(PretixConnections::EventSlug, 200))
                    .col(text(PretixConnections::TokenSealed))
                    .col(string_len_null(
                        PretixConnections::PrivacyConsentQuestion,
                        200,
                    ))
                    .col(string_len_null(
                        PretixConnections::EmailConsentQuestion,
                        200,
                    ))
                    .col(string_len_null(PretixConnections::Cursor, 64))
                    .col(timestamp_with_time_zone_null(
                        PretixConnections::LastPulledAt,
                    ))
                    .col(timestamp_with_time_zone(PretixConnections::CreatedAt))
                    .col(timestamp_with_time_zone(PretixConnections::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pretix_connections_conference")
                            .from(PretixConnections::Table, PretixConnections::ConferenceId)
                            .to(Conferences::Table, Conferences::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }
}
