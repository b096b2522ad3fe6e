//! Imported attendees who have not consented yet: an import from a source that did not ask for
//! tablemates' privacy consent stores the person as invited (`invited_at` set) until they
//! accept from their personal link. `privacy_consent_at` stays NOT NULL (changing a column's
//! nullability means rebuilding the table on SQLite); while `invited_at` is set its value is
//! the time of the invitation and the service reads it as "no consent".

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attendees {
    Table,
    InvitedAt,
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
            .await
    }
}
