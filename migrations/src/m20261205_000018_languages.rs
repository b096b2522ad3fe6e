//! Languages: an attendee's chosen language for pages and emails (none until they choose), and
//! a conference's default language for everyone who has not chosen.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attendees {
    Table,
    Language,
}

#[derive(DeriveIden)]
enum Conferences {
    Table,
    DefaultLanguage,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Attendees::Table)
                    .add_column(string_len_null(Attendees::Language, 8))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Conferences::Table)
                    .add_column(string_len(Conferences::DefaultLanguage, 8).default("en"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Conferences::Table)
                    .drop_column(Conferences::DefaultLanguage)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Attendees::Table)
                    .drop_column(Attendees::Language)
                    .to_owned(),
            )
            .await
    }
}
