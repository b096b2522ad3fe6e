//! Erasure and retention: a sent email keeps only what its delivery status needs, so the emails
//! already sent forget their address, content and last error here, as the mailer does from now
//! on when it marks one sent.

use sea_orm_migration::prelude::*;

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
        Ok(())
    }
}
