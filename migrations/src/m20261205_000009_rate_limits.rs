//! Counters of the abuse limits: requests per client address and emails per mailbox, in fixed
//! windows. Kept in the database so every process of a deployment counts together. A bucket is
//! an HMAC of what it counts (never the address itself); times are Unix seconds, which every
//! backend stores as a plain integer.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RateLimitHits {
    Table,
    Bucket,
    WindowStart,
    ExpiresAt,
    Hits,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RateLimitHits::Table)
                    .if_not_exists()
                    .col(string_len(RateLimitHits::Bucket, 64))
                    .col(big_integer(RateLimitHits::WindowStart))
                    .col(big_integer(RateLimitHits::ExpiresAt))
                    .col(integer(RateLimitHits::Hits))
                    .primary_key(
                        Index::create()
                            .col(RateLimitHits::Bucket)
                            .col(RateLimitHits::WindowStart),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_limit_hits_expires_at")
                    .table(RateLimitHits::Table)
                    .col(RateLimitHits::ExpiresAt)
                    .to_owned(),
            )
            .await
    }
}
