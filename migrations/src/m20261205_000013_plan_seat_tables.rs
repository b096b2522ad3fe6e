//! An index of a plan's seats by table: the console's meetup page lists a plan 60 tables at a
//! time, and with it both the plan's occupied table numbers and one page's seats are read from
//! the index (it holds every column a seat has) instead of from all of the plan's seats, which
//! the primary key keeps in attendee order.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PlanSeats {
    Table,
    PlanId,
    TableNumber,
    AttendeeId,
    Locked,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_plan_seats_plan_table")
                    .table(PlanSeats::Table)
                    .col(PlanSeats::PlanId)
                    .col(PlanSeats::TableNumber)
                    .col(PlanSeats::AttendeeId)
                    .col(PlanSeats::Locked)
                    .to_owned(),
            )
            .await
    }
}
