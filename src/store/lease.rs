//! Claiming due rows of a work table (the email outbox, webhook deliveries) under a lease, so
//! that two workers (or two processes) racing never both get a row. PostgreSQL locks the
//! candidates with `FOR UPDATE SKIP LOCKED` inside the claiming `UPDATE`; MariaDB does the same
//! in a short transaction (it has no `UPDATE … RETURNING` and no `LIMIT` in an `IN` subquery);
//! SQLite runs the whole `UPDATE … RETURNING` under its single write lock. A worker that dies
//! mid-work leaves its lease to expire; the row is then claimed again.

use sea_orm::sea_query::{Expr, LockBehavior, LockType, Order, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseBackend, DatabaseConnection, EntityTrait, IsolationLevel,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait, Value,
};
use uuid::Uuid;

/// The columns a claim reads and writes.
pub struct Claim<C> {
    pub id: C,
    /// Rows are claimed in the order of this column, earliest first.
    pub order: C,
    /// Set to the end of the lease.
    pub lease_until: C,
}

/// Claims up to `limit` rows of `E` matching `due` by setting their lease column to `until`,
/// and returns the rows this caller claimed (unordered).
pub async fn claim<E>(
    db: &DatabaseConnection,
    columns: Claim<E::Column>,
    due: Condition,
    until: impl Into<Value> + Clone,
    limit: u64,
) -> Result<Vec<E::Model>, sea_orm::DbErr>
where
    E: EntityTrait,
    E::Model: Sync,
{
    if limit == 0 {
        return Ok(Vec::new());
    }
    let Claim {
        id,
        order,
        lease_until,
    } = columns;
    match db.get_database_backend() {
        DatabaseBackend::MySql => {
            let txn = db
                .begin_with_config(Some(IsolationLevel::ReadCommitted), None)
                .await?;
            let ids: Vec<Uuid> = E::find()
                .select_only()
                .column(id)
                .filter(due)
                .order_by_asc(order)
                .limit(limit)
                .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                .into_tuple()
                .all(&txn)
                .await?;
            if ids.is_empty() {
                txn.commit().await?;
                return Ok(Vec::new());
            }
            E::update_many()
                .col_expr(lease_until, Expr::value(until))
                .filter(id.is_in(ids.iter().copied()))
                .exec(&txn)
                .await?;
            let rows = E::find().filter(id.is_in(ids)).all(&txn).await?;
            txn.commit().await?;
            Ok(rows)
        }
        backend => {
            let table = E::default().table_ref();
            let candidates = Query::select()
                .column(id)
                .from(table.clone())
                .cond_where(due)
                .order_by(order, Order::Asc)
                .limit(limit)
                .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                .to_owned();
            let claim = Query::update()
                .table(table)
                .value(lease_until, until)
                .and_where(id.in_subquery(candidates))
                .returning_all()
                .to_owned();
            E::find().from_raw_sql(backend.build(&claim)).all(db).await
        }
    }
}
