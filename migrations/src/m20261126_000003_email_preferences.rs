//! Attendees' choice to get no more non-transactional email (table introductions, changes,
//! reminders), and server-held secrets such as the key that signs unsubscribe links.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attendees {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum EmailPreferences {
    Table,
    AttendeeId,
    UnsubscribedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ServerSecrets {
    Table,
    Name,
    Value,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EmailPreferences::Table)
                    .col(pk_uuid(EmailPreferences::AttendeeId))
                    .col(timestamp_with_time_zone_null(
                        EmailPreferences::UnsubscribedAt,
                    ))
                    .col(timestamp_with_time_zone(EmailPreferences::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_preferences_attendee")
                            .from(EmailPreferences::Table, EmailPreferences::AttendeeId)
                            .to(Attendees::Table, Attendees::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ServerSecrets::Table)
                    .col(string_len(ServerSecrets::Name, 64).primary_key())
                    .col(string_len(ServerSecrets::Value, 128))
                    .col(timestamp_with_time_zone(ServerSecrets::CreatedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
