//! Plain async functions over `&impl ConnectionTrait`: the only code that touches entities.
//! Callers own transactions; every function here works inside or outside one.

pub mod attendees;
pub mod batch;
pub mod calendar_sequences;
pub mod conference_organizers;
pub mod conferences;
pub mod db;
pub mod email_preferences;
pub mod erasure;
pub mod jobs;
pub mod languages;
pub mod lease;
pub mod meetups;
pub mod organizer_sessions;
pub mod organizer_tokens;
pub mod organizers;
pub mod outbox;
pub mod plans;
pub mod pretix_connections;
pub mod rate_limits;
pub mod retry;
pub mod roster;
pub mod server_secrets;
pub mod sqlite_release;
pub mod tokens;
pub mod unavailable;
pub mod verification;
pub mod webhooks;

pub use db::Db;

/// Page `page` (1-based) of `per_page` rows of `query`, and how many rows the whole query has.
async fn page_of<E>(
    db: &impl sea_orm::ConnectionTrait,
    query: sea_orm::Select<E>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<E::Model>, u64), sea_orm::DbErr>
where
    E: sea_orm::EntityTrait,
    E::Model: Sync,
{
    use sea_orm::{PaginatorTrait, QuerySelect};
    let total = query.clone().count(db).await?;
    let rows = query
        .offset(page.saturating_sub(1).saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Whether the backend's affected-row count tells an `ON CONFLICT DO NOTHING` insert from a
/// skipped one. MySQL/MariaDB's polyfill (`ON DUPLICATE KEY UPDATE id = id`) counts a matched
/// duplicate as affected, so there the row must be read back.
fn conflict_counts_are_reliable(db: &impl sea_orm::ConnectionTrait) -> bool {
    db.get_database_backend() != sea_orm::DatabaseBackend::MySql
}

/// Rows an insert-or-skip reported as written, where the count can be trusted.
fn inserted_rows(
    db: &impl sea_orm::ConnectionTrait,
    result: &sea_orm::TryInsertResult<u64>,
) -> Option<u64> {
    if !conflict_counts_are_reliable(db) {
        return None;
    }
    Some(match result {
        sea_orm::TryInsertResult::Inserted(n) => *n,
        _ => 0,
    })
}

/// A value read from a column the service itself writes (a status, a kind, a network), parsed
/// back into its type. A value it cannot parse was not written by this service: it is reported
/// as a database error naming the column rather than guessed at.
fn stored<T: std::str::FromStr>(column: &str, raw: &str) -> Result<T, sea_orm::DbErr> {
    raw.parse()
        .map_err(|_| sea_orm::DbErr::Type(format!("{column} holds {raw:?}, which is not valid")))
}
