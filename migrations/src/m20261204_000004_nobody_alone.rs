//! Nobody sits alone: table minimums of 1, allowed until now, become 2 for conferences and
//! meetup tables, so stored sizes keep passing the validation new ones go through and a plan run
//! never seats a table of one again.
//!
//! Maximums below 2 (a table of exactly one) are raised first, so no table ends up with its
//! minimum over its maximum. Plans already made (`plan_tables`) keep the bounds they were made
//! under: they record what was, and a draft seating somebody alone can still be adjusted and
//! published as it is.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Conferences {
    Table,
    TableMin,
    TableMax,
}

#[derive(DeriveIden)]
enum MeetupTables {
    Table,
    MinSize,
    MaxSize,
}

/// The smallest table size from now on.
const LEAST: i32 = 2;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, min, max) in [
            (
                Conferences::Table.into_iden(),
                Conferences::TableMin.into_iden(),
                Conferences::TableMax.into_iden(),
            ),
            (
                MeetupTables::Table.into_iden(),
                MeetupTables::MinSize.into_iden(),
                MeetupTables::MaxSize.into_iden(),
            ),
        ] {
            for column in [max, min] {
                manager
                    .execute(
                        Query::update()
                            .table(table.clone())
                            .value(column.clone(), LEAST)
                            .and_where(Expr::col(column).lt(LEAST))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}
