//! Keys the service makes for itself when no `TABLEMATES_SECRET_KEY` is set: 32 random bytes
//! kept in `server_secrets` under a name, made by the first process that asks.

use base64::Engine;
use chrono::Utc;
use rand::RngCore;
use sea_orm::ConnectionTrait;

use crate::error::Error;
use crate::store;

/// The key called `name`, making it first if this deployment has none yet.
pub async fn stored(db: &impl ConnectionTrait, name: &str) -> Result<Vec<u8>, Error> {
    let mut fresh = [0u8; 32];
    rand::rng().fill_bytes(&mut fresh);
    let stored = store::server_secrets::get_or_insert(
        db,
        name,
        &base64::engine::general_purpose::STANDARD.encode(fresh),
        Utc::now(),
    )
    .await?;
    decode(name, stored)
}

/// A key as `server_secrets` keeps it (base64).
pub fn decode(name: &str, stored: String) -> Result<Vec<u8>, Error> {
    base64::engine::general_purpose::STANDARD
        .decode(stored)
        .map_err(|e| Error::internal(anyhow::anyhow!("stored key {name}: {e}")))
}
