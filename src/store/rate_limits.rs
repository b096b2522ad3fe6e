//! The counters behind the abuse limits (`rate_limit_hits`): one row per bucket and window.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::rate_limit_hit::{self, Column, Entity};

/// One count to take: the bucket (a keyed hash), its window's start and when the row may go,
/// in Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub bucket: String,
    pub window_start: i64,
    pub expires_at: i64,
}

/// Adds one to each bucket's count in its window and returns the counts afterwards, in the
/// order given. One statement for all of them, in bucket order, so that two requests counting
/// the same buckets lock them in the same order. The counts read back may include other
/// requests' hits made in between, which only errs on the side of limiting.
pub async fn hit(db: &impl ConnectionTrait, hits: &[Hit]) -> Result<Vec<i32>, sea_orm::DbErr> {
    if hits.is_empty() {
        return Ok(Vec::new());
    }
    let mut sorted: Vec<&Hit> = hits.iter().collect();
    sorted.sort_by(|a, b| (&a.bucket, a.window_start).cmp(&(&b.bucket, b.window_start)));
    sorted.dedup();
    let rows = sorted.iter().map(|h| rate_limit_hit::ActiveModel {
        bucket: Set(h.bucket.clone()),
        window_start: Set(h.window_start),
        expires_at: Set(h.expires_at),
        hits: Set(1),
    });
    Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([Column::Bucket, Column::WindowStart])
                .value(Column::Hits, Expr::col((Entity, Column::Hits)).add(1))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let mut which = Condition::any();
    for h in &sorted {
        which = which.add(
            Column::Bucket
                .eq(h.bucket.as_str())
                .and(Column::WindowStart.eq(h.window_start)),
        );
    }
    let found = Entity::find().filter(which).all(db).await?;
    Ok(hits
        .iter()
        .map(|h| {
            found
                .iter()
                .find(|r| r.bucket == h.bucket && r.window_start == h.window_start)
                .map_or(i32::MAX, |r| r.hits)
        })
        .collect())
}

/// Deletes the rows whose window has ended; returns how many.
pub async fn purge(db: &impl ConnectionTrait, now: i64) -> Result<u64, sea_orm::DbErr> {
    Ok(Entity::delete_many()
        .filter(Column::ExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected)
}
