//! What a running job reports about itself (a plan run: the matcher's phase, step, iterations,
//! best score and convergence), as JSON text like the jobs' other JSON columns.
//!
//! A column of its own rather than a new type for `progress`: that integer column stays, so
//! processes of the previous release sharing the database during an upgrade go on writing it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    ProgressSnapshot,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Jobs::Table)
                    .add_column(text_null(Jobs::ProgressSnapshot))
                    .to_owned(),
            )
            .await
    }
}
