//! Organizers signing in with a browser: the one-time links emailed to them, and the sessions a
//! used link (or an API token typed into the sign-in page) opens. Only SHA-256 hashes of the
//! secrets are stored, as for the other tokens.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrganizerSignInLinks {
    Table,
    Id,
    OrganizerId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OrganizerSessions {
    Table,
    Id,
    OrganizerId,
    TokenHash,
    ExpiresAt,
    CreatedAt,
}

fn to_organizer(name: &str, from: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from_tbl(from)
        .from_col(Alias::new("organizer_id"))
        .to(Organizers::Table, Organizers::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrganizerSignInLinks::Table)
                    .col(pk_uuid(OrganizerSignInLinks::Id))
                    .col(uuid(OrganizerSignInLinks::OrganizerId))
                    .col(string_len_uniq(OrganizerSignInLinks::TokenHash, 64))
                    .col(timestamp_with_time_zone(OrganizerSignInLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(OrganizerSignInLinks::UsedAt))
                    .col(timestamp_with_time_zone(OrganizerSignInLinks::CreatedAt))
                    .foreign_key(&mut to_organizer(
                        "fk_organizer_sign_in_links_organizer",
                        OrganizerSignInLinks::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganizerSessions::Table)
                    .col(pk_uuid(OrganizerSessions::Id))
                    .col(uuid(OrganizerSessions::OrganizerId))
                    .col(string_len_uniq(OrganizerSessions::TokenHash, 64))
                    .col(timestamp_with_time_zone(OrganizerSessions::ExpiresAt))
                    .col(timestamp_with_time_zone(OrganizerSessions::CreatedAt))
                    .foreign_key(&mut to_organizer(
                        "fk_organizer_sessions_organizer",
                        OrganizerSessions::Table,
                    ))
                    .to_owned(),
            )
            .await
    }
}
