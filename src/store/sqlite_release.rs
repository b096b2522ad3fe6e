//! A pooled SQLite connection goes back to its pool only when no transaction is left on it.
//!
//! sqlx counts transaction depth itself and turns a nested `BEGIN` into a `SAVEPOINT`. When
//! SQLite ends a transaction on its own (a full disk during a write or a `COMMIT` rolls the
//! whole transaction back), sqlx's later `ROLLBACK` fails with "no transaction is active" and
//! its count stays at one. The next transaction on that connection then becomes a savepoint:
//! once a failed write leaves that savepoint's transaction open, every later "commit" only
//! releases an inner savepoint, and what is answered as stored is never written. (Seen under
//! load on a full disk: 218,586 registrations accepted, 1,279 stored.) A connection handed
//! back with a transaction still counted is therefore closed, and the pool opens a new one.

use std::future::Future;
use std::pin::Pin;

use sea_orm::sqlx::pool::PoolConnectionMetadata;
use sea_orm::sqlx::sqlite::SqliteConnection;
use sea_orm::sqlx::{Connection, Error};

type Verdict<'c> = Pin<Box<dyn Future<Output = Result<bool, Error>> + Send + 'c>>;

/// The pool's `after_release` hook: `true` keeps the connection.
pub fn keep_if_settled(conn: &mut SqliteConnection, _meta: PoolConnectionMetadata) -> Verdict<'_> {
    Box::pin(async move {
        // Nothing queued can raise the count, so a connection at zero is settled.
        if !conn.is_in_transaction() {
            return Ok(true);
        }
        // The rollback of a dropped transaction is queued to the connection's worker without
        // waiting; a round trip behind it lets it finish before the count is read again.
        if let Err(error) = conn.ping().await {
            tracing::warn!(%error, "closing an SQLite connection that failed a ping on release");
            return Ok(false);
        }
        let open = conn.is_in_transaction();
        if open {
            tracing::warn!(
                "closing an SQLite connection released inside a transaction (a failed commit or rollback)"
            );
        }
        Ok(!open)
    })
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};

    use crate::store::Db;

    async fn count(db: &DatabaseConnection) -> i64 {
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM t",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// SQLite ending a transaction behind sqlx's back (as a full disk does), then a failed
    /// write, must not leave later commits on the writer unwritten.
    #[tokio::test]
    async fn a_transaction_sqlite_ended_itself_does_not_swallow_later_commits() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Db::connect(&url, 2).await.unwrap();
        db.write
            .execute_unprepared("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            .await
            .unwrap();

        // SQLite rolls the transaction back by itself; sqlx's rollback on drop then fails.
        let txn = db.write.begin().await.unwrap();
        txn.execute_unprepared("INSERT INTO t (id) VALUES (1)")
            .await
            .unwrap();
        txn.execute_unprepared("ROLLBACK").await.unwrap();
        drop(txn);

        // A write that fails and is rolled back by drop.
        let txn = db.write.begin().await.unwrap();
        txn.execute_unprepared("INSERT INTO t (id) VALUES (2)")
            .await
            .unwrap();
        drop(txn);

        // A write that commits must be there for every other connection.
        let txn = db.write.begin().await.unwrap();
        txn.execute_unprepared("INSERT INTO t (id) VALUES (3)")
            .await
            .unwrap();
        txn.commit().await.unwrap();
        assert_eq!(
            count(&db.read).await,
            1,
            "the committed row is visible to readers"
        );
    }
}
