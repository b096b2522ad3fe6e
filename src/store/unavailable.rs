//! Which database errors mean "the database is out of reach now" rather than "this request or
//! our code is wrong": the ones a client should retry later (503), while a restarted server
//! comes back or an operator frees the disk, instead of seeing a 500.

use sea_orm::{DbErr, RuntimeErr};

/// Whether `err` says the database cannot be used now: no connection came free before the
/// acquire timeout, a connection was lost (refused, reset, closed), the server is shutting
/// down or starting up, or SQLite's disk is full, read-only or failing.
pub fn is_unavailable(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => sqlx_unavailable(e),
        DbErr::Conn(_) => true,
        _ => false,
    }
}

fn sqlx_unavailable(err: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error as E;
    match err {
        E::Io(_) | E::Tls(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed => true,
        E::Database(db) => {
            let sqlite = db
                .try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()
                .is_some();
            db.code()
                .is_some_and(|code| unavailable_code(&code, sqlite))
        }
        _ => false,
    }
}

/// SQLSTATE class 08 (connection exception) and 57P01–57P03 (PostgreSQL shutting down,
/// crashed, or not yet accepting connections; MariaDB reports its shutdown as 08S01), and
/// SQLite's numeric codes whose primary part is SQLITE_READONLY (8), SQLITE_IOERR (10),
/// SQLITE_FULL (13) or SQLITE_CANTOPEN (14).
fn unavailable_code(code: &str, sqlite: bool) -> bool {
    if sqlite {
        return code
            .parse::<i32>()
            .is_ok_and(|code| matches!(code & 0xff, 8 | 10 | 13 | 14));
    }
    code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::ConnAcquireErr;

    #[test]
    fn lost_connections_and_full_disks_are_unavailable_and_bad_queries_are_not() {
        assert!(is_unavailable(&DbErr::ConnectionAcquire(
            ConnAcquireErr::Timeout
        )));
        let io = sea_orm::sqlx::Error::Io(std::io::ErrorKind::ConnectionRefused.into());
        assert!(is_unavailable(&DbErr::Query(RuntimeErr::SqlxError(
            io.into()
        ))));
        assert!(!is_unavailable(&DbErr::Query(RuntimeErr::SqlxError(
            sea_orm::sqlx::Error::RowNotFound.into()
        ))));
        assert!(!is_unavailable(&DbErr::Custom("08006".into())));
        for code in ["08006", "08S01", "57P01", "57P03"] {
            assert!(unavailable_code(code, false), "{code}");
        }
        for code in ["23505", "40001", "42P01", "13"] {
            assert!(!unavailable_code(code, false), "{code}");
        }
        for code in ["13", "8", "1032", "266"] {
            assert!(unavailable_code(code, true), "{code}");
        }
        for code in ["19", "2067", "5", "08006"] {
            assert!(!unavailable_code(code, true), "{code}");
        }
    }
}
