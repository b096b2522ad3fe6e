//! Public registration under the abuse limits: the entry point the registration form and the
//! JSON API share.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use super::{AttendeeInput, ConferenceCache, Outcome, Registrar, prepare};
use crate::error::Error;
use crate::workflows::Context;
use crate::workflows::rate_limits::Limiter;

/// Counts the request against `client` (429 over the limit), checks the conference, and
/// registers unless the address's mailbox has had its share of emails: then nothing is stored
/// or sent (`Ok(None)`), and the caller answers exactly as for a registration, so neither the
/// sender learns how busy that inbox is nor does its owner get another email.
#[expect(
    clippy::too_many_arguments,
    reason = "the registration's context, limits and input"
)]
pub async fn register_limited(
    ctx: &Context,
    conferences: &ConferenceCache,
    registrar: &Registrar,
    limiter: &Limiter,
    client: IpAddr,
    slug: &str,
    input: AttendeeInput,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, Error> {
    limiter.check_client(&ctx.db.write, client, now).await?;
    let pending = prepare(ctx, conferences, slug, input, now).await?;
    if !limiter
        .mailbox_allows(&ctx.db.write, &pending.input.fields.email, now)
        .await?
    {
        return Ok(None);
    }
    registrar.register(pending).await.map(Some)
}
