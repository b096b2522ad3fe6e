//! Verified handles.
//!
//! A handle row remembers when and how its holder proved it (`verified_at`, `verified_method`,
//! both NULL while the handle is only claimed). An attendee's public verification page is
//! named by `verification_code`, drawn the first time they ask for it; unique where set.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attendees {
    Table,
    VerificationCode,
}

#[derive(DeriveIden)]
enum AttendeeHandles {
    Table,
    VerifiedAt,
    VerifiedMethod,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds only one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(AttendeeHandles::Table)
                    .add_column(timestamp_with_time_zone_null(AttendeeHandles::VerifiedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AttendeeHandles::Table)
                    .add_column(string_len_null(AttendeeHandles::VerifiedMethod, 32))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Attendees::Table)
                    .add_column(string_len_null(Attendees::VerificationCode, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_attendees_verification_code")
                    .table(Attendees::Table)
                    .col(Attendees::VerificationCode)
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
