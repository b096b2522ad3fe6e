//! Co-organizers: besides the organizer who created it (its first owner, still
//! `conferences.organizer_id`), a conference may have more organizers, each an `owner` (may
//! also manage the conference's organizers) or a `helper` (everything else).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ConferenceOrganizers {
    Table,
    Id,
    ConferenceId,
    OrganizerId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Conferences {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organizers {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ConferenceOrganizers::Table)
                    .col(pk_uuid(ConferenceOrganizers::Id))
                    .col(uuid(ConferenceOrganizers::ConferenceId))
                    .col(uuid(ConferenceOrganizers::OrganizerId))
                    .col(string_len(ConferenceOrganizers::Role, 8))
                    .col(timestamp_with_time_zone(ConferenceOrganizers::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conference_organizers_conference")
                            .from(
                                ConferenceOrganizers::Table,
                                ConferenceOrganizers::ConferenceId,
                            )
                            .to(Conferences::Table, Conferences::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conference_organizers_organizer")
                            .from(
                                ConferenceOrganizers::Table,
                                ConferenceOrganizers::OrganizerId,
                            )
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_conference_organizers_member")
                    .table(ConferenceOrganizers::Table)
                    .col(ConferenceOrganizers::ConferenceId)
                    .col(ConferenceOrganizers::OrganizerId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conference_organizers_organizer")
                    .table(ConferenceOrganizers::Table)
                    .col(ConferenceOrganizers::OrganizerId)
                    .to_owned(),
            )
            .await
    }
}
