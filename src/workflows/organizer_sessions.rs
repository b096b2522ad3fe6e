//! Organizers in a browser: an emailed one-time link (or their API token, typed into the sign-in
//! page) opens a session, which a cookie carries until it expires or they sign out. Asking for a
//! link answers the same whether the address belongs to an organizer or not, so the page tells
//! nobody who organizes here.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::TransactionTrait;
use tracing::instrument;

use crate::domain::records::{EmailPayload, NewEmail, Organizer, OrganizerSignIn, TokenScope};
use crate::domain::{EmailAddress, Language};
use crate::error::Error;
use crate::secrets;
use crate::store;
use crate::workflows::Context;

/// How long an emailed sign-in link works.
pub const LINK_MINUTES: i64 = 15;
/// How long a session lasts after signing in; then the organizer signs in again.
pub const SESSION_HOURS: i64 = 12;
/// At most one sign-in email per organizer in this many minutes, so the form cannot be used to
/// flood an inbox; the link of the one sent still works for the rest of its time.
const EMAIL_EVERY_MINUTES: i64 = 5;

/// A session just opened: `raw` goes into the cookie, once.
pub struct NewSession {
    pub raw: String,
    pub organizer: Organizer,
    pub expires_at: DateTime<Utc>,
}

/// Emails a sign-in link, in `language`, to the organizer with this address, if there is one. The mailer
/// mints the link when it sends the email, so its minutes count from then and the outbox
/// never holds it.
#[instrument(skip_all)]
pub async fn request_link(
    ctx: &Context,
    email: &EmailAddress,
    language: Language,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let Some(organizer) =
        store::organizers::find_by_email(&ctx.db.read, email.normalized()).await?
    else {
        return Ok(());
    };
    let window = now.timestamp() / (EMAIL_EVERY_MINUTES * 60);
    store::outbox::enqueue(
        &ctx.db.write,
        NewEmail {
            dedupe_key: format!("organizer_sign_in:{}:{window}", organizer.id),
            attendee_id: None,
            recipient: organizer.email.to_string(),
            due_at: None,
            payload: EmailPayload::OrganizerSignIn(OrganizerSignIn {
                organizer_id: Some(organizer.id),
                organizer_name: organizer.name.to_string(),
                minutes: LINK_MINUTES,
                language: Some(language),
            }),
        },
        now,
    )
    .await?;
    Ok(())
}

/// A sign-in link for the organizer, returned instead of emailed: for an operator at the
/// server (the demo prints one).
pub async fn mint_link(
    ctx: &Context,
    organizer_id: uuid::Uuid,
    now: DateTime<Utc>,
    rng: &mut impl RngCore,
) -> Result<String, Error> {
    let token = secrets::generate(secrets::SIGN_IN_PREFIX, rng);
    let expires_at = now + Duration::minutes(LINK_MINUTES);
    store::organizer_sessions::insert_link(
        &ctx.db.write,
        organizer_id,
        &token.hash,
        expires_at,
        now,
    )
    .await?;
    Ok(ctx.links.sign_in_url(&token.raw))
}

/// Whether the sign-in link still works (shown before the organizer presses "Sign in", so a
/// mail scanner following the link does not use it up).
pub async fn link_is_live(ctx: &Context, raw: &str, now: DateTime<Utc>) -> Result<bool, Error> {
    Ok(store::organizer_sessions::link_is_live(&ctx.db.read, &secrets::hash(raw), now).await?)
}

/// Uses the sign-in link and opens a session.
#[instrument(skip_all)]
pub async fn sign_in_with_link(
    ctx: &Context,
    raw: &str,
    now: DateTime<Utc>,
    rng: &mut impl RngCore,
) -> Result<NewSession, Error> {
    let txn = ctx.db.write.begin().await?;
    let organizer_id = store::organizer_sessions::use_link(&txn, &secrets::hash(raw), now)
        .await?
        .ok_or_else(|| Error::Unauthorized("the sign-in link was used or has expired".into()))?;
    let session = open(&txn, organizer_id, now, rng).await?;
    txn.commit().await?;
    Ok(session)
}

/// Opens a session for the organizer whose API token this is.
#[instrument(skip_all)]
pub async fn sign_in_with_token(
    ctx: &Context,
    api_token: &str,
    now: DateTime<Utc>,
    rng: &mut impl RngCore,
) -> Result<NewSession, Error> {
    let signed_in = super::organizers::authenticate(ctx, api_token.trim(), now).await?;
    // A console session may change anything, so only a full-scope token opens one.
    if signed_in.scope != TokenScope::Full {
        return Err(Error::Forbidden(format!(
            "this token's scope is {}: only a full-scope token signs in to the console",
            signed_in.scope
        )));
    }
    open(&ctx.db.write, signed_in.organizer.id, now, rng).await
}

async fn open(
    db: &impl sea_orm::ConnectionTrait,
    organizer_id: uuid::Uuid,
    now: DateTime<Utc>,
    rng: &mut impl RngCore,
) -> Result<NewSession, Error> {
    let organizer = store::organizers::find_by_id(db, organizer_id)
        .await?
        .ok_or(Error::NotFound("organizer"))?;
    let token = secrets::generate(secrets::SESSION_PREFIX, rng);
    let expires_at = now + Duration::hours(SESSION_HOURS);
    store::organizer_sessions::insert_session(db, organizer_id, &token.hash, expires_at, now)
        .await?;
    Ok(NewSession {
        raw: token.raw,
        organizer,
        expires_at,
    })
}

/// The organizer of the session the cookie carries.
pub async fn organizer(ctx: &Context, raw: &str, now: DateTime<Utc>) -> Result<Organizer, Error> {
    let id = store::organizer_sessions::session_organizer(&ctx.db.read, &secrets::hash(raw), now)
        .await?
        .ok_or_else(|| Error::Unauthorized("the session has ended; sign in again".into()))?;
    store::organizers::find_by_id(&ctx.db.read, id)
        .await?
        .ok_or_else(|| Error::Unauthorized("the session has ended; sign in again".into()))
}

/// Ends the session (signing out).
pub async fn sign_out(ctx: &Context, raw: &str) -> Result<(), Error> {
    Ok(store::organizer_sessions::delete_session(&ctx.db.write, &secrets::hash(raw)).await?)
}
