//! One-click unsubscribe (RFC 8058): the link every non-transactional email carries, and what
//! following it does.
//!
//! The token is the attendee's id signed with HMAC-SHA256, not a random token stored per
//! attendee. The key is derived from the deployment's master secret (`TABLEMATES_SECRET_KEY`),
//! so, like the other secrets, nothing in the database signs a link; a deployment without one
//! keeps a key the service made once in its database (`server_secrets`), as before. A key kept
//! there before the master secret was configured still verifies the links it signed (they are
//! in people's inboxes), and signs nothing new; deleting that row revokes them. So:
//! minting one costs no write, so a plan of 10,000 introductions adds no rows; the same
//! link works from every email the person got; and there is nothing per token to expire or
//! clean up. Erasing an attendee leaves their links pointing at nobody (404). Replacing the
//! key revokes every link at once. The id in the token is not secret: it grants nothing alone.

use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};
use tracing::instrument;
use uuid::Uuid;

use crate::domain::records::EmailKind;
use crate::error::Error;
use crate::secrets;
use crate::store;
use crate::workflows::Context;

use super::LinkSettings;

/// Name of the signing key in `server_secrets`.
const KEY_NAME: &str = "unsubscribe_hmac_v1";

/// What the key is derived for, from the master secret.
const PURPOSE: &str = "unsubscribe links";

/// The key unsubscribe links are signed with, and the older one whose links still verify.
/// Load it once to mint many links.
#[derive(Clone)]
pub struct UnsubscribeKey(Vec<u8>, Option<Vec<u8>>);

impl std::fmt::Debug for UnsubscribeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UnsubscribeKey(…)")
    }
}

impl UnsubscribeKey {
    /// The key derived from `master`, also accepting the links of a key kept in the database
    /// before; without `master`, [`UnsubscribeKey::load`].
    pub async fn load_with(
        db: &impl ConnectionTrait,
        master: Option<&secrets::MasterKey>,
    ) -> Result<Self, Error> {
        let Some(master) = master else {
            return Self::load(db).await;
        };
        let stored = match store::server_secrets::get(db, KEY_NAME).await? {
            Some(stored) => Some(decode(stored)?),
            None => None,
        };
        Ok(Self(master.derive(PURPOSE), stored))
    }

    /// Reads the key kept in the database, making it first if this deployment has none yet.
    /// `Application::build` calls this at start-up, so requests normally only read.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, Error> {
        Ok(Self(super::server_keys::stored(db, KEY_NAME).await?, None))
    }

    /// The attendee's one-click unsubscribe URL (`{base}/unsubscribe/{token}`): the
    /// `unsubscribe_url` of every non-transactional email payload.
    pub fn url_for(&self, attendee_id: Uuid, links: &LinkSettings) -> String {
        crate::domain::links::unsubscribe_url(
            &links.base_url,
            &secrets::unsubscribe_token(&self.0, attendee_id),
        )
    }

    /// The key itself, for the mailer, which signs the links as it sends.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    fn attendee(&self, token: &str) -> Option<Uuid> {
        secrets::verify_unsubscribe_token(&self.0, token).or_else(|| {
            self.1
                .as_deref()
                .and_then(|older| secrets::verify_unsubscribe_token(older, token))
        })
    }
}

fn decode(stored: String) -> Result<Vec<u8>, Error> {
    base64::engine::general_purpose::STANDARD
        .decode(stored)
        .map_err(|e| Error::internal(anyhow::anyhow!("stored unsubscribe key: {e}")))
}

/// The unsubscribe URL for one attendee, inside the caller's transaction. To mint many, load
/// an [`UnsubscribeKey`] once and call its `url_for`.
pub async fn url_for(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    links: &LinkSettings,
) -> Result<String, Error> {
    Ok(UnsubscribeKey::load(db).await?.url_for(attendee_id, links))
}

/// Who a valid unsubscribe link belongs to, for the confirmation page.
#[derive(Debug, Clone)]
pub struct Subscriber {
    pub attendee_id: Uuid,
    pub conference_name: String,
    pub unsubscribed: bool,
}

/// The attendee behind `token`, without changing anything (a GET must not unsubscribe: mail
/// scanners open links). An invalid token and an erased attendee are both "not found".
pub async fn check(ctx: &Context, token: &str) -> Result<Subscriber, Error> {
    let key = UnsubscribeKey::load_with(&ctx.db.read, ctx.secret_key.as_ref()).await?;
    let attendee_id = key
        .attendee(token)
        .ok_or(Error::NotFound("unsubscribe link"))?;
    subscriber(&ctx.db.read, attendee_id).await
}

/// Unsubscribes the attendee behind `token` from non-transactional email and withdraws such
/// emails still waiting in the outbox, in one transaction. Doing it again changes nothing.
#[instrument(skip_all)]
pub async fn unsubscribe(
    ctx: &Context,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Subscriber, Error> {
    let txn = ctx.db.write.begin().await?;
    let key = UnsubscribeKey::load_with(&txn, ctx.secret_key.as_ref()).await?;
    let attendee_id = key
        .attendee(token)
        .ok_or(Error::NotFound("unsubscribe link"))?;
    let mut found = subscriber(&txn, attendee_id).await?;
    let changed = store::email_preferences::unsubscribe(&txn, attendee_id, now).await?;
    let skipped =
        store::email_preferences::skip_queued(&txn, attendee_id, &EmailKind::optional(), now)
            .await?;
    txn.commit().await?;
    tracing::info!(%attendee_id, changed, skipped, "unsubscribed");
    found.unsubscribed = true;
    Ok(found)
}

async fn subscriber(db: &impl ConnectionTrait, attendee_id: Uuid) -> Result<Subscriber, Error> {
    let not_found = || Error::NotFound("unsubscribe link");
    let attendee = store::attendees::find(db, attendee_id)
        .await?
        .ok_or_else(not_found)?;
    let conference = store::conferences::find_by_id(db, attendee.conference_id)
        .await?
        .ok_or_else(not_found)?;
    Ok(Subscriber {
        attendee_id,
        conference_name: conference.fields.name,
        unsubscribed: !store::email_preferences::wants_table_emails(db, attendee_id).await?,
    })
}
