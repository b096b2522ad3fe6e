//! Personal links that can be replaced, and no link secrets in the outbox.
//!
//! An attendee token records when a newer one replaced it and when it was last used. Emails
//! queued or sent before this version kept their links (personal, sign-in and unsubscribe
//! links, each a working credential) in the stored payload; those keys are removed here. The
//! mailer mints fresh links when it sends a queued one; for a sent one, only the copy in the
//! recipient's mailbox remains, and it works as before until it expires or is replaced.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AttendeeTokens {
    Table,
    AttendeeId,
    Purpose,
    RevokedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    DedupeKey,
    Payload,
}

/// The payload keys that held a link with a secret in it.
const LINK_KEYS: [&str; 3] = ["manage_url", "unsubscribe_url", "sign_in_url"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in [AttendeeTokens::RevokedAt, AttendeeTokens::LastUsedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AttendeeTokens::Table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_attendee_tokens_attendee_purpose")
                    .table(AttendeeTokens::Table)
                    .col(AttendeeTokens::AttendeeId)
                    .col(AttendeeTokens::Purpose)
                    .to_owned(),
            )
            .await?;
        scrub_outbox(manager).await
    }
}

async fn scrub_outbox(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let mut with_links = Cond::any();
    for key in LINK_KEYS {
        with_links = with_links.add(Expr::col(OutboxEmails::Payload).like(format!("%\"{key}\"%")));
    }
    let select = Query::select()
        .columns([OutboxEmails::DedupeKey, OutboxEmails::Payload])
        .from(OutboxEmails::Table)
        .cond_where(with_links)
        .to_owned();
    for row in db.query_all(&select).await? {
        let key: String = row.try_get("", "dedupe_key")?;
        let stored: String = row.try_get("", "payload")?;
        let Ok(mut payload) = serde_json::from_str::<serde_json::Value>(&stored) else {
            continue;
        };
        let Some(object) = payload.as_object_mut() else {
            continue;
        };
        for link in LINK_KEYS {
            object.remove(link);
        }
        let update = Query::update()
            .table(OutboxEmails::Table)
            .value(OutboxEmails::Payload, payload.to_string())
            .and_where(Expr::col(OutboxEmails::DedupeKey).eq(key))
            .to_owned();
        db.execute(&update).await?;
    }
    Ok(())
}
