//! Pulling attendees from an organizer's pretix event through pretix's REST API.
//!
//! The organizer stores where the event is (installation URL, organizer and event slugs), an
//! API token (sealed under a key derived from `TABLEMATES_SECRET_KEY`, or kept in the database
//! when none is set, like the unsubscribe key; never shown again) and which questions asked
//! for the consents. A pull reads `/api/v1/organizers/{o}/events/{e}/orders/`, following
//! `next` page by page, asking only for orders modified since the cursor of the last complete
//! pull (pretix's `X-Page-Generated` header of its first page, as pretix's documentation
//! advises). The HTTP layer turns the pages into rows and imports them with the file import's
//! own rules, then advances the cursor: a pull that fails part-way leaves the cursor where it
//! was, and pulling again imports the same orders again, which changes nothing.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tracing::instrument;
use url::Url;
use uuid::Uuid;

use crate::domain::ParseError;
use crate::domain::records::{Conference, PretixConnection};
use crate::domain::webhooks::check_url;
use crate::error::Error;
use crate::secrets;
use crate::store;
use crate::workflows::Context;

use super::conferences::get_owned;

/// Most pages one pull follows (pretix pages hold 50 orders): a loop of `next` links ends.
const MAX_PAGES: usize = 2_000;
const TIMEOUT: Duration = Duration::from_secs(30);
const KEY_PURPOSE: &str = "pretix api tokens";
const KEY_NAME: &str = "pretix_token_key";
const WEBHOOK_KEY_PURPOSE: &str = "pretix webhooks";
const WEBHOOK_KEY_NAME: &str = "pretix_webhook_key";

/// What the organizer sends to connect (or reconnect) the conference.
#[derive(Debug, Clone)]
pub struct ConnectionInput {
    pub base_url: Url,
    pub organizer_slug: String,
    pub event_slug: String,
    /// Required the first time; `None` keeps the stored one.
    pub token: Option<String>,
    pub privacy_consent_question: Option<String>,
    pub email_consent_question: Option<String>,
}

/// The pages of one pull, and where the next pull starts once they are imported.
#[derive(Debug)]
pub struct Pulled {
    pub conference_id: Uuid,
    pub pages: Vec<Vec<u8>>,
    pub cursor: String,
    pub connection: PretixConnection,
}

/// Connects the organizer's conference to a pretix event. Changing the installation, organizer
/// or event starts the next pull from the beginning.
#[instrument(skip(ctx, input, now))]
pub async fn connect(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    input: ConnectionInput,
    now: DateTime<Utc>,
) -> Result<PretixConnection, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    // The same rule as a webhook endpoint's: the server fetches what the organizer names.
    let checked = check_url(input.base_url.as_str(), ctx.outbound_allow_private)
        .map_err(|e| Error::rejected("base_url", e))?;
    let key = token_key(ctx).await?;
    let earlier = store::pretix_connections::get(&ctx.db.read, conference.id).await?;
    let base_url = checked.as_str().trim_end_matches('/').to_owned();
    let token_sealed = match (input.token, &earlier) {
        (Some(token), _) => secrets::seal(&key, &token),
        (None, Some(earlier)) => earlier.token_sealed.clone(),
        (None, None) => {
            return Err(Error::rejected(
                "token",
                ParseError::coded(
                    "field-pretix-token",
                    [],
                    "is required to connect: a pretix API token that may read the event's orders",
                ),
            ));
        }
    };
    let same_event = earlier.as_ref().is_some_and(|e| {
        e.base_url == base_url
            && e.organizer_slug == input.organizer_slug
            && e.event_slug == input.event_slug
    });
    let connection = PretixConnection {
        conference_id: conference.id,
        base_url,
        organizer_slug: input.organizer_slug,
        event_slug: input.event_slug,
        token_sealed,
        privacy_consent_question: input.privacy_consent_question,
        email_consent_question: input.email_consent_question,
        cursor: earlier
            .as_ref()
            .filter(|_| same_event)
            .and_then(|e| e.cursor.clone()),
        last_pulled_at: earlier
            .as_ref()
            .filter(|_| same_event)
            .and_then(|e| e.last_pulled_at),
    };
    store::pretix_connections::put(&ctx.db.write, &connection, now).await?;
    Ok(connection)
}

/// The conference's connection (404 when it has none).
pub async fn connection(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
) -> Result<PretixConnection, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    store::pretix_connections::get(&ctx.db.read, conference.id)
        .await?
        .ok_or(Error::NotFound("pretix connection"))
}

/// Reads every page of orders modified since the last complete pull.
#[instrument(skip(ctx, now))]
pub async fn pull(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<Pulled, Error> {
    let connection = connection(ctx, organizer_id, slug).await?;
    let token = token(ctx, &connection).await?;
    let mut url = Url::parse(&format!(
        "{}/api/v1/organizers/{}/events/{}/orders/",
        connection.base_url, connection.organizer_slug, connection.event_slug
    ))
    .map_err(|e| unusable(format!("the orders address cannot be made: {e}")))?;
    if let Some(since) = &connection.cursor {
        url.query_pairs_mut().append_pair("modified_since", since);
    }
    let origin = url.origin();
    let client = client(ctx)?;
    let mut pages = Vec::new();
    let mut cursor = None;
    let mut next = Some(url);
    while let Some(page_url) = next.take() {
        if pages.len() == MAX_PAGES {
            return Err(unusable(format!("pretix sent more than {MAX_PAGES} pages")));
        }
        // The token goes only to the installation the organizer named, never to another host
        // a `next` link might name.
        if page_url.origin() != origin {
            return Err(unusable(format!(
                "pretix's next page is on another host ({page_url}); nothing was imported"
            )));
        }
        let (generated, body) = fetch(&client, &page_url, &token).await?;
        if cursor.is_none() {
            cursor = Some(generated.unwrap_or_else(|| now.to_rfc3339()));
        }
        next = next_page(&body)?;
        pages.push(body);
    }
    Ok(Pulled {
        conference_id: connection.conference_id,
        pages,
        cursor: cursor.unwrap_or_else(|| now.to_rfc3339()),
        connection,
    })
}

/// What pretix posts to a webhook for an order (it signs nothing: only the URL's secret says
/// the call is meant for this conference, and the order itself is fetched from pretix).
#[derive(Debug, Clone)]
pub struct WebhookNotice {
    pub organizer: String,
    pub event: String,
    pub code: String,
    pub action: String,
}

/// The order a webhook names, fetched from pretix, with the conference it is for; `None`
/// for a notice that is not about an order of the connected event (answered, and ignored).
/// A wrong secret is "not found", like a conference that does not exist.
#[instrument(skip(ctx, secret, now))]
pub async fn webhook_order(
    ctx: &Context,
    slug: &str,
    secret: &str,
    notice: &WebhookNotice,
    now: DateTime<Utc>,
) -> Result<Option<(Conference, PretixConnection, Vec<u8>)>, Error> {
    let hidden = || Error::NotFound("pretix webhook");
    let conference = store::conferences::find_by_slug(&ctx.db.read, slug)
        .await?
        .ok_or_else(hidden)?;
    let connection = store::pretix_connections::get(&ctx.db.read, conference.id)
        .await?
        .ok_or_else(hidden)?;
    let expected = webhook_secret(ctx, conference.id).await?;
    if !secrets::same(&expected, secret) {
        return Err(hidden());
    }
    let about_order = notice.action.starts_with("pretix.event.order.")
        && notice.organizer == connection.organizer_slug
        && notice.event == connection.event_slug
        && !notice.code.is_empty()
        && notice.code.chars().all(|c| c.is_ascii_alphanumeric());
    if !about_order {
        return Ok(None);
    }
    let url = Url::parse(&format!(
        "{}/api/v1/organizers/{}/events/{}/orders/{}/",
        connection.base_url, connection.organizer_slug, connection.event_slug, notice.code
    ))
    .map_err(|e| unusable(format!("the order's address cannot be made: {e}")))?;
    let token = token(ctx, &connection).await?;
    let (_, body) = fetch(&client(ctx)?, &url, &token).await?;
    tracing::info!(code = %notice.code, action = %notice.action, at = %now, "pretix webhook");
    Ok(Some((conference, connection, body)))
}

/// The secret in the conference's webhook URL: an HMAC of its id, so nothing is stored and
/// only the service can make it.
pub async fn webhook_secret(ctx: &Context, conference_id: Uuid) -> Result<String, Error> {
    let key = match &ctx.secret_key {
        Some(master) => master.derive(WEBHOOK_KEY_PURPOSE),
        None => super::server_keys::stored(&ctx.db.write, WEBHOOK_KEY_NAME).await?,
    };
    Ok(secrets::keyed_id(&key, conference_id))
}

/// Records that the pull's orders are imported: the next pull starts at `cursor`.
pub async fn advance(
    ctx: &Context,
    conference_id: Uuid,
    cursor: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    store::pretix_connections::advance(&ctx.db.write, conference_id, cursor, now).await?;
    Ok(())
}

/// The webhooks' client: no redirects, no environment proxy, and unless the deployment allows
/// private addresses, only public addresses are connected to, whatever a name resolves to.
fn client(ctx: &Context) -> Result<reqwest::Client, Error> {
    crate::outbound::client(TIMEOUT, ctx.outbound_allow_private)
        .map_err(|e| Error::internal(anyhow::anyhow!("HTTP client: {e}")))
}

async fn token(ctx: &Context, connection: &PretixConnection) -> Result<String, Error> {
    secrets::open(&token_key(ctx).await?, &connection.token_sealed).ok_or_else(|| {
        unusable(
            "the stored token cannot be read (was TABLEMATES_SECRET_KEY changed?); store it again",
        )
    })
}

/// One answer of pretix's API: its `X-Page-Generated` and body; any other status than 2xx
/// is the organizer's to fix.
async fn fetch(
    client: &reqwest::Client,
    url: &Url,
    token: &str,
) -> Result<(Option<String>, Vec<u8>), Error> {
    let response = client
        .get(url.clone())
        .header("Authorization", format!("Token {token}"))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| unusable(format!("pretix did not answer: {e}")))?;
    let status = response.status();
    if !status.is_success() {
        return Err(unusable(format!(
            "pretix answered {status} for {}",
            url.path()
        )));
    }
    let generated = response
        .headers()
        .get("X-Page-Generated")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response
        .bytes()
        .await
        .map_err(|e| unusable(format!("pretix's answer could not be read: {e}")))?;
    Ok((generated, body.to_vec()))
}

/// The `next` link of a page of pretix's list.
fn next_page(body: &[u8]) -> Result<Option<Url>, Error> {
    #[derive(serde::Deserialize)]
    struct Page {
        next: Option<String>,
    }
    let page: Page = serde_json::from_slice(body)
        .map_err(|e| unusable(format!("pretix's answer is not a page of orders: {e}")))?;
    page.next
        .map(|n| Url::parse(&n).map_err(|e| unusable(format!("pretix's next link {n:?}: {e}"))))
        .transpose()
}

/// The key the tokens are sealed under: derived from the master secret, else kept in the
/// database (made once per deployment).
async fn token_key(ctx: &Context) -> Result<Vec<u8>, Error> {
    if let Some(master) = &ctx.secret_key {
        return Ok(master.derive(KEY_PURPOSE));
    }
    super::server_keys::stored(&ctx.db.write, KEY_NAME).await
}

/// pretix could not be used as connected: a conflict with the stored connection, named
/// `pretix`, which the organizer fixes by connecting again or in pretix.
fn unusable(detail: impl Into<String>) -> Error {
    Error::conflict(Some("pretix"), detail)
}
