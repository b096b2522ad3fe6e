//! A meetup can be cancelled after its plan was published: the row stays (the plan, its seats
//! and the emails sent name it), marked with the time it was cancelled.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Meetups {
    Table,
    CancelledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Meetups::Table)
                    .add_column(timestamp_with_time_zone_null(Meetups::CancelledAt))
                    .to_owned(),
            )
            .await
    }
}
