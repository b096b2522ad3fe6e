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
        Self::connect_with(url, max_connections, DEFAULT_ACQUIRE_TIMEOUT).await
    }

    /// [`Db::connect`] with the longest wait for a PostgreSQL/MariaDB connection: past it the
    /// query fails with a pool timeout, which requests answer with 503. SQLite keeps its own
    /// long wait, because its one writer is busy, not lost, when a caller waits for it.
    pub async fn connect_with(
        url: &str,
        max_connections: u32,
        acquire_timeout: Duration,
    ) -> Result<Self, DbErr> {
        let url = match url.strip_prefix("mariadb:") {
            Some(rest) => format!("mysql:{rest}"),
            None => url.to_owned(),
        };
        if url.starts_with("sqlite:") {
            let write = connect_sqlite(sqlite_options(&url, 1)).await?;
            let read = connect_sqlite(sqlite_options(&url, max_connections.clamp(1, 8))).await?;
            Ok(Self { write, read })
        } else {
            let mut options = ConnectOptions::new(url);
            options
                .max_connections(max_connections)
                .min_connections(1)
                .connect_timeout(Duration::from_secs(10))
                .acquire_timeout(acquire_timeout)
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

    /// How many connections each pool holds, busy and idle, and may open: SQLite's writer
    /// and read pool apart, the one pool of the other backends as `shared`.
    pub fn pool_use(&self) -> Vec<crate::metrics::PoolUse> {
        fn of<D: sea_orm::sqlx::Database>(
            pool: &'static str,
            p: &sea_orm::sqlx::Pool<D>,
        ) -> crate::metrics::PoolUse {
            let size = u64::from(p.size());
            let idle = p.num_idle() as u64;
            crate::metrics::PoolUse {
                pool,
                in_use: size.saturating_sub(idle),
                idle,
                max: u64::from(p.options().get_max_connections()),
            }
        }
        match self.backend() {
            DatabaseBackend::Sqlite => vec![
                of("write", self.write.get_sqlite_connection_pool()),
                of("read", self.read.get_sqlite_connection_pool()),
            ],
            DatabaseBackend::Postgres => {
                vec![of("shared", self.write.get_postgres_connection_pool())]
            }
            DatabaseBackend::MySql => vec![of("shared", self.write.get_mysql_connection_pool())],
            _ => Vec::new(),
        }
    }

    /// After an erasure on SQLite, moves the write-ahead log into the database file and
    /// empties it, so that the old versions of erased pages do not wait in the log file. Best
    /// effort: a reader in the middle of a long query keeps the log until the next time.
    pub async fn forget_freed_pages(&self) {
        if self.backend() != DatabaseBackend::Sqlite {
            return;
        }
        use sea_orm::ConnectionTrait;
        if let Err(e) = self
            .write
            .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
        {
            tracing::warn!(error = %e, "emptying the SQLite write-ahead log after an erasure failed");
        }
    }

    /// Applies every pending migration, holding the database's lock for it, so instances that
    /// start at once on one database take turns: the first applies what is pending and the
    /// others find nothing left. Without it each saw the same pending steps and all but one
    /// failed to start ("table already exists"). PostgreSQL: a transaction-scoped advisory
    /// lock, and the steps in that transaction (its DDL is transactional). MariaDB: a named
    /// session lock on the transaction's connection (its DDL commits by itself, the lock stays
    /// with the session). SQLite: an immediate transaction, which takes the file's write lock.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        use sea_orm::{
            ConnectionTrait, SqliteTransactionMode, TransactionOptions, TransactionTrait,
        };
        match self.backend() {
            DatabaseBackend::Postgres => {
                let txn = self.write.begin().await?;
                txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
                    .await?;
                Migrator::up(&txn, None).await?;
                txn.commit().await
            }
            DatabaseBackend::MySql => {
                let txn = self.write.begin().await?;
                let got = txn
                    .query_one_raw(sea_orm::Statement::from_string(
                        DatabaseBackend::MySql,
                        format!(
                            "SELECT GET_LOCK('tablemates_migrations', {MIGRATION_WAIT_S}) AS got"
                        ),
                    ))
                    .await?
                    .and_then(|row| row.try_get::<i64>("", "got").ok());
                if got != Some(1) {
                    return Err(DbErr::Custom(format!(
                        "another instance held the migration lock for {MIGRATION_WAIT_S} s"
                    )));
                }
                let applied = Migrator::up(&txn, None).await;
                let released = txn
                    .execute_unprepared("DO RELEASE_LOCK('tablemates_migrations')")
                    .await;
                txn.commit().await?;
                applied.and(released.map(|_| ()))
            }
            _ => {
                let txn = self
                    .write
                    .begin_with_options(TransactionOptions {
                        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                        ..TransactionOptions::default()
                    })
                    .await?;
                Migrator::up(&txn, None).await?;
                txn.commit().await
            }
        }
    }
}

/// How long opening an SQLite file waits out another process's lock on it.
const SQLITE_OPEN_WAIT: Duration = Duration::from_secs(30);

/// Opens an SQLite pool, trying again while another process holds the file's lock: opening
/// sets the journal mode, which can answer "database is locked" at once, without the busy
/// timeout's wait, while another instance starting on the same new file is migrating it.
async fn connect_sqlite(options: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    let started = std::time::Instant::now();
    loop {
        match Database::connect(options.clone()).await {
            Err(e)
                if e.to_string().contains("database is locked")
                    && started.elapsed() < SQLITE_OPEN_WAIT =>
            {
                tracing::info!(error = %e, "the SQLite file is locked by another process; trying again");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            outcome => return outcome,
        }
    }
}

/// The wait for a server connection when the caller names none.
const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// The PostgreSQL advisory lock key of migrations (any constant the service uses for nothing
/// else: "tblmates" in ASCII).
const MIGRATION_LOCK: i64 = 0x74626c6d61746573;
/// How long an instance waits on MariaDB for another to finish migrating.
const MIGRATION_WAIT_S: u32 = 300;

/// Rows sqlx's SQLite worker may read ahead of the reader, per query.
const ROW_BUFFER: usize = 2_048;

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
                // Deleted and overwritten content is zeroed, not left in free pages of the file.
                .pragma("secure_delete", "ON")
                // sqlx's SQLite worker thread hands rows over a bounded channel; at its default
                // of 50 the worker and the reader take turns row by row once it fills, a thread
                // switch per row (5,000 seats cost more in switching than in SQLite). Room for a
                // large page's rows lets the worker run ahead; memory stays bounded per query.
                .row_buffer_size(ROW_BUFFER)
        })
        .map_sqlx_sqlite_pool_opts(|pool| {
            pool.after_release(super::sqlite_release::keep_if_settled)
        });
    options
}
