//! Secrets the service makes for itself once per deployment and keeps in its database, so
//! every process of a deployment shares them without the operator configuring any.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::entities::server_secret;

/// The secret called `name`, stored as `fresh` if there is none yet. When several processes
/// start at once, the first insert wins and everyone reads the winner's value.
pub async fn get_or_insert(
    db: &impl ConnectionTrait,
    name: &str,
    fresh: &str,
    now: DateTime<Utc>,
) -> Result<String, sea_orm::DbErr> {
    if let Some(value) = get(db, name).await? {
        return Ok(value);
    }
    server_secret::Entity::insert_many([server_secret::ActiveModel {
        name: Set(name.to_owned()),
        value: Set(fresh.to_owned()),
        created_at: Set(now),
    }])
    .on_conflict_do_nothing_on([server_secret::Column::Name])
    .exec_without_returning(db)
    .await?;
    get(db, name).await?.ok_or_else(|| {
        sea_orm::DbErr::RecordNotFound(format!("server secret {name:?} after inserting it"))
    })
}

pub async fn get(db: &impl ConnectionTrait, name: &str) -> Result<Option<String>, sea_orm::DbErr> {
    Ok(server_secret::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .map(|s| s.value))
}
