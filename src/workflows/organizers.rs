//! Organizer accounts and their API tokens: created from the command line or by the organizer
//! over the API, each with a scope and an expiry, listed (never the secret), revoked, and
//! authenticated with their last use recorded.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use tracing::instrument;
use uuid::Uuid;

use crate::domain::ParseError;
use crate::domain::records::{Organizer, OrganizerToken, TokenScope};
use crate::error::Error;
use crate::secrets;
use crate::store;
use crate::store::organizer_tokens::NewOrganizerToken;
use crate::workflows::Context;

/// Longest life a token may be given, in days (ten years).
pub const MAX_TOKEN_DAYS: i64 = 3650;
/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// A token's use is written down at most this often, so a busy client does not make a write
/// per request.
const RECORD_USE_EVERY_MINUTES: i64 = 1;

/// The organizer behind a live token, and what the token may do.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub organizer: Organizer,
    pub scope: TokenScope,
}

/// What a new token is for: a label its owner recognises, its scope and its life in days
/// (the deployment's default when `None`).
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub label: String,
    pub scope: TokenScope,
    pub days: Option<i64>,
}

/// Creates an organizer (or reuses the one with this email) and issues a new full-scope API
/// token with the deployment's default life; the raw token is returned once and only its hash
/// is kept.
#[instrument(skip_all)]
pub async fn create_with_token(
    ctx: &Context,
    email_normalized: &str,
    name: &str,
    now: DateTime<Utc>,
    rng: &mut impl RngCore,
) -> Result<(Organizer, String), Error> {
    let organizer = match store::organizers::find_by_email(&ctx.db.write, email_normalized).await? {
        Some(existing) => existing,
        None => store::organizers::insert(&ctx.db.write, email_normalized, name, now).await?,
    };
    let request = TokenRequest {
        label: "cli".to_owned(),
        scope: TokenScope::Full,
        days: None,
    };
    let (_, raw) = create_token(ctx, organizer.id, request, now, rng).await?;
    Ok((organizer, raw))
}

/// Issues a new token to the organizer; the raw token is in the answer only.
#[instrument(skip_all)]
pub async fn create_token(
    ctx: &Context,
    organizer_id: Uuid,
    request: TokenRequest,
    now: DateTime<Utc>,
    rng: &mut impl RngCore,
) -> Result<(OrganizerToken, String), Error> {
    let label = request.label.trim();
    if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS {
        return Err(Error::rejected(
            "label",
            ParseError::coded(
                "field-length-between",
                [("min", 1.into()), ("max", MAX_LABEL_CHARS.into())],
                format!("must be 1 to {MAX_LABEL_CHARS} characters"),
            ),
        ));
    }
    let days = request.days.unwrap_or(ctx.organizer_token_days);
    if !(1..=MAX_TOKEN_DAYS).contains(&days) {
        return Err(Error::rejected(
            "expires_in_days",
            ParseError::coded(
                "field-days-between",
                [("min", 1.into()), ("max", MAX_TOKEN_DAYS.into())],
                format!("must be between 1 and {MAX_TOKEN_DAYS}"),
            ),
        ));
    }
    let token = secrets::generate(secrets::ORGANIZER_PREFIX, rng);
    let stored = store::organizer_tokens::insert(
        &ctx.db.write,
        NewOrganizerToken {
            organizer_id,
            token_hash: &token.hash,
            label,
            scope: request.scope,
            expires_at: now + Duration::days(days),
        },
        now,
    )
    .await?;
    tracing::info!(token_id = %stored.id, scope = %stored.scope, "organizer token created");
    Ok((stored, token.raw))
}

/// The organizer's tokens, newest first, with revoked and expired ones.
pub async fn tokens(ctx: &Context, organizer_id: Uuid) -> Result<Vec<OrganizerToken>, Error> {
    Ok(store::organizer_tokens::list(&ctx.db.read, organizer_id).await?)
}

/// Revokes one of the organizer's tokens at once; another organizer's token is "not found".
#[instrument(skip(ctx, now))]
pub async fn revoke_token(
    ctx: &Context,
    organizer_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if store::organizer_tokens::revoke(&ctx.db.write, organizer_id, id, now).await? {
        Ok(())
    } else {
        Err(Error::NotFound("token"))
    }
}

/// The organizer a live bearer token belongs to, and its scope; its use is recorded. An
/// unknown, expired or revoked token is 401.
pub async fn authenticate(
    ctx: &Context,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<Authenticated, Error> {
    let found =
        store::organizer_tokens::find_by_hash(&ctx.db.read, &secrets::hash(raw_token)).await?;
    let Some((token, organizer)) = found else {
        return Err(Error::Unauthorized(
            "the organizer token is not valid".into(),
        ));
    };
    if token.revoked_at.is_some() {
        return Err(Error::Unauthorized(
            "the organizer token was revoked".into(),
        ));
    }
    if token.expires_at <= now {
        return Err(Error::Unauthorized(
            "the organizer token has expired; create a new one".into(),
        ));
    }
    if token
        .last_used_at
        .is_none_or(|at| now - at >= Duration::minutes(RECORD_USE_EVERY_MINUTES))
    {
        store::organizer_tokens::record_use(&ctx.db.write, token.id, now).await?;
    }
    Ok(Authenticated {
        organizer,
        scope: token.scope,
    })
}
