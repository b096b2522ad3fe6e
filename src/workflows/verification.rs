//! Proving handles: the attendee's verification page, checking a handle against its network,
//! and recording the proof. Any later edit of the handle clears it (`store::attendees`).

use chrono::{DateTime, Utc};
use tracing::instrument;
use uuid::Uuid;

use super::Context;
use crate::domain::records::Handle;
use crate::domain::verification::{CODE_BYTES, code_from_bytes, is_code};
use crate::domain::{Network, ParseError, Verified, Visibility};
use crate::error::Error;
use crate::store;
use crate::verification::{Page, Verifier};

/// An attendee's handles with their proofs, and the page their profiles should link to.
#[derive(Debug, Clone)]
pub struct Status {
    pub page_url: String,
    pub handles: Vec<Handle>,
}

/// What the public verification page shows: the handles the attendee lets tablemates see,
/// nothing else about them.
#[derive(Debug, Clone)]
pub struct PublicPage {
    pub page_url: String,
    pub handles: Vec<Handle>,
}

/// The attendee's verification page address, drawing its code (from `fresh`) the first time.
async fn page_of(
    ctx: &Context,
    attendee_id: Uuid,
    fresh: &[u8; CODE_BYTES],
) -> Result<Page, Error> {
    let code = match store::verification::code_of(&ctx.db.read, attendee_id).await? {
        Some(code) => code,
        None => {
            store::verification::set_code_if_unset(
                &ctx.db.write,
                attendee_id,
                &code_from_bytes(fresh),
            )
            .await?;
            store::verification::code_of(&ctx.db.write, attendee_id)
                .await?
                .ok_or(Error::NotFound("registration"))?
        }
    };
    Ok(Page {
        url: crate::domain::links::verification_url(&ctx.links.base_url, &code),
    })
}

/// The attendee's handles and verification page.
#[instrument(skip(ctx, fresh))]
pub async fn status(
    ctx: &Context,
    attendee_id: Uuid,
    fresh: &[u8; CODE_BYTES],
) -> Result<Status, Error> {
    let attendee = store::attendees::find(&ctx.db.read, attendee_id)
        .await?
        .ok_or(Error::NotFound("registration"))?;
    let page = page_of(ctx, attendee_id, fresh).await?;
    Ok(Status {
        page_url: page.url,
        handles: attendee.handles,
    })
}

/// Checks the attendee's handle on `network` against the network and records the proof; a
/// handle that cannot be proved is refused (422) with what was looked for and where.
#[instrument(skip(ctx, fresh, now))]
pub async fn verify(
    ctx: &Context,
    attendee_id: Uuid,
    network: Network,
    fresh: &[u8; CODE_BYTES],
    now: DateTime<Utc>,
) -> Result<Status, Error> {
    let attendee = store::attendees::find(&ctx.db.read, attendee_id)
        .await?
        .ok_or(Error::NotFound("registration"))?;
    let handle = attendee
        .handles
        .iter()
        .find(|h| h.network() == network)
        .ok_or_else(|| {
            Error::rejected(
                "network",
                ParseError::coded(
                    "field-verify-no-handle",
                    [("network", network.display_name().into())],
                    format!(
                        "you have no {} handle to verify; add it first",
                        network.display_name()
                    ),
                ),
            )
        })?;
    let page = page_of(ctx, attendee_id, fresh).await?;
    let verifier = Verifier::new(ctx.verification.clone()).map_err(Error::Internal)?;
    let method = verifier
        .verify(&handle.handle, &page)
        .await
        .map_err(|failure| Error::rejected("network", failure.0))?;
    let proved = Verified { method, at: now };
    if !store::verification::mark_verified(&ctx.db.write, attendee_id, &handle.handle, proved)
        .await?
    {
        return Err(Error::refused(
            Some("network"),
            crate::domain::ParseError::coded(
                "conflict-handle-changed",
                [],
                "the handle changed while it was being checked; verify it again",
            ),
        ));
    }
    status(ctx, attendee_id, fresh).await
}

/// The public page `code` names; not found for anything that is not a live code.
#[instrument(skip(ctx, code))]
pub async fn public_page(ctx: &Context, code: &str) -> Result<PublicPage, Error> {
    if !is_code(code) {
        return Err(Error::NotFound("verification page"));
    }
    let attendee_id = store::verification::attendee_by_code(&ctx.db.read, code)
        .await?
        .ok_or(Error::NotFound("verification page"))?;
    let attendee = store::attendees::find(&ctx.db.read, attendee_id)
        .await?
        .ok_or(Error::NotFound("verification page"))?;
    Ok(PublicPage {
        page_url: crate::domain::links::verification_url(&ctx.links.base_url, code),
        handles: attendee
            .handles
            .into_iter()
            .filter(|h| h.visibility == Visibility::Tablemates)
            .collect(),
    })
}
