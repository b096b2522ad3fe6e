//! Running a transaction again when the database aborted it to settle a conflict with a
//! concurrent one (a deadlock, a serialization failure): the remedy PostgreSQL and MariaDB both
//! document. Two instances storing plans at the same moment hit it on MariaDB, whose gap locks
//! on the plans' indexes deadlock concurrent inserts; the run failed although nothing was wrong
//! with it.

use std::time::Duration;

use sea_orm::{DbErr, RuntimeErr};

/// Attempts in all, the first included.
pub const TRIES: u32 = 4;
/// The wait before the second attempt; it doubles each time.
const FIRST_WAIT: Duration = Duration::from_millis(20);

/// Whether attempt number `attempt` (from 1), which failed with `err`, should be followed by
/// another: after waiting, when `err` is a conflict and the attempts are not all spent. Each
/// attempt must be a whole transaction.
pub async fn again(attempt: u32, err: &DbErr) -> bool {
    if attempt >= TRIES || !is_conflict(err) {
        return false;
    }
    tracing::info!(error = %err, attempt, "a transaction lost a conflict; running it again");
    tokio::time::sleep(FIRST_WAIT * 2u32.pow(attempt - 1)).await;
    true
}

/// Whether the database aborted the transaction to settle a conflict: SQLSTATE 40001
/// (serialization failure; MariaDB's deadlock too) or 40P01 (PostgreSQL's deadlock).
pub fn is_conflict(err: &DbErr) -> bool {
    let (DbErr::Conn(RuntimeErr::SqlxError(e))
    | DbErr::Exec(RuntimeErr::SqlxError(e))
    | DbErr::Query(RuntimeErr::SqlxError(e))) = err
    else {
        return false;
    };
    e.as_database_error()
        .and_then(|db| db.code())
        .is_some_and(|code| matches!(code.as_ref(), "40001" | "40P01"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_a_conflict_is_tried_again_and_only_so_often() {
        let other = DbErr::Custom("40001".into());
        assert!(!is_conflict(&other));
        assert!(!again(1, &other).await);
    }
}
