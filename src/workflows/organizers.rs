//! Organizer accounts: created from the command line, authenticated by API token.

use chrono::{DateTime, Utc};
use rand::RngCore;
use tracing::instrument;

use crate::domain::records::Organizer;
use crate::error::Error;
use crate::secrets;
use crate::store;
use crate::workflows::Context;

/// Creates an organizer (or reuses the one with this email) and issues a new API token; the
/// raw token is returned once and only its hash is kept.
#[instrument(skip_all)]
pub async fn create_with_token(
    ctx: &Context,
    email_normalized: &str,
    name: &str,
    now: DateTime<Utc>,
    rng: &mut impl RngCore,
) -> Result<(Organizer, String), Error> {
    let token = secrets::generate(secrets::ORGANIZER_PREFIX, rng);
    let organizer = match store::organizers::find_by_email(&ctx.db.write, email_normalized).await? {
        Some(existing) => existing,
        None => store::organizers::insert(&ctx.db.write, email_normalized, name, now).await?,
    };
    store::organizers::insert_token(&ctx.db.write, organizer.id, &token.hash, "cli", now).await?;
    Ok((organizer, token.raw))
}

/// The organizer a bearer token belongs to.
pub async fn authenticate(ctx: &Context, raw_token: &str) -> Result<Organizer, Error> {
    store::organizers::find_by_token_hash(&ctx.db.read, &secrets::hash(raw_token))
        .await?
        .ok_or_else(|| Error::Unauthorized("the organizer token is not valid".into()))
}
