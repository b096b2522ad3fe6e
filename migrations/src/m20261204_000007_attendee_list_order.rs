//! Indexes for the organizer's attendee list, which pages a conference's attendees in the order
//! they registered, optionally by status: with them a page reads its rows from the index
//! instead of sorting every attendee of the conference, and the count of a status is an index
//! range.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attendees {
    Table,
    ConferenceId,
    Status,
    CreatedAt,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_attendees_conference_created")
                    .table(Attendees::Table)
                    .col(Attendees::ConferenceId)
                    .col(Attendees::CreatedAt)
                    .col(Attendees::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attendees_conference_status_created")
                    .table(Attendees::Table)
                    .col(Attendees::ConferenceId)
                    .col(Attendees::Status)
                    .col(Attendees::CreatedAt)
                    .col(Attendees::Id)
                    .to_owned(),
            )
            .await
    }
}
