//! Organizer API tokens expire, can be revoked, and carry a scope (`full`, or `read`: read and
//! export only). Tokens made before this version keep full scope and expire 90 days after the
//! upgrade, so nobody is locked out at once and no token works forever.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OrganizerTokens {
    Table,
    Scope,
    ExpiresAt,
    RevokedAt,
}

/// How long a token made before expiry existed works after the upgrade.
const GRACE_DAYS: i64 = 90;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        let columns = [
            string_len(OrganizerTokens::Scope, 8)
                .default("full")
                .to_owned(),
            timestamp_with_time_zone_null(OrganizerTokens::ExpiresAt),
            timestamp_with_time_zone_null(OrganizerTokens::RevokedAt),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(OrganizerTokens::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        let expires_at = chrono::Utc::now() + chrono::Duration::days(GRACE_DAYS);
        manager
            .exec_stmt(
                Query::update()
                    .table(OrganizerTokens::Table)
                    .value(OrganizerTokens::ExpiresAt, expires_at)
                    .and_where(Expr::col(OrganizerTokens::ExpiresAt).is_null())
                    .to_owned(),
            )
            .await
    }
}
