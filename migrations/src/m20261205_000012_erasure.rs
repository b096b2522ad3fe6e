//! Erasure and retention: a sent email keeps only what its delivery status needs, so the emails
//! already sent forget their address, content and last error here, as the mailer does from now
//! on when it marks one sent. And the audit log of erasures, which holds no personal data: what
//! kind of erasure, who asked (as a role), when, and how many rows it touched. It names the
//! conference by id without a foreign key, so the record of a deleted conference stays.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    Recipient,
    Payload,
    LastError,
    Status,
}

#[derive(DeriveIden)]
enum Erasures {
    Table,
    Id,
    ConferenceId,
    Kind,
    Actor,
    RowsDeleted,
    EmailsRewritten,
    PlanRecordsAnonymised,
    ErasedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute(
                Query::update()
                    .table(OutboxEmails::Table)
                    .value(OutboxEmails::Recipient, "")
                    .value(OutboxEmails::Payload, "{}")
                    .value(OutboxEmails::LastError, Option::<String>::None)
                    .and_where(Expr::col(OutboxEmails::Status).eq("sent"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Erasures::Table)
                    .col(pk_uuid(Erasures::Id))
                    .col(uuid(Erasures::ConferenceId))
                    .col(string_len(Erasures::Kind, 32))
                    .col(string_len(Erasures::Actor, 16))
                    .col(big_integer(Erasures::RowsDeleted))
                    .col(big_integer(Erasures::EmailsRewritten))
                    .col(big_integer(Erasures::PlanRecordsAnonymised))
                    .col(timestamp_with_time_zone(Erasures::ErasedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_erasures_conference_erased")
                    .table(Erasures::Table)
                    .col(Erasures::ConferenceId)
                    .col(Erasures::ErasedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
