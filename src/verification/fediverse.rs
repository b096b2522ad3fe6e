//! Fediverse accounts (Mastodon and others speaking WebFinger) and web sites: proved by a
//! `rel="me"` link to the verification page on the profile, as Mastodon's own verified links
//! work the other way round.

use serde_json::Value;

use super::fetch::{Fetcher, Side};
use super::{Failure, Page, rel_me};
use crate::domain::VerificationMethod;

/// `handle` is `@user@server`. The profile page is the one WebFinger names (or `/@user` on
/// the server); its `rel="me"` links are looked at first, then the ActivityPub actor's
/// profile fields, where servers that render profiles with scripts keep them.
pub(super) async fn verify(
    fetch: &Fetcher,
    handle: &str,
    page: &Page,
) -> Result<VerificationMethod, Failure> {
    let account = handle.trim_start_matches('@');
    let (user, server) = account.split_once('@').ok_or_else(|| {
        Failure::coded(
            "field-verify-no-server",
            [("handle", handle.into())],
            format!("{handle} names no server"),
        )
    })?;
    let finger_url = fetch.named_url(
        server,
        &format!("/.well-known/webfinger?resource=acct:{user}@{server}"),
    );
    let finger = fetch.json(&finger_url, Side::Named).await.ok();
    let link = |rel: &str| -> Option<String> {
        finger
            .as_ref()?
            .get("links")?
            .as_array()?
            .iter()
            .find(|l| l.get("rel").and_then(Value::as_str) == Some(rel))?
            .get("href")?
            .as_str()
            .map(str::to_owned)
    };
    let profile = link("http://webfinger.net/rel/profile-page")
        .unwrap_or_else(|| fetch.named_url(server, &format!("/@{user}")));
    let html = fetch.text(&profile, Side::Named, "text/html").await;
    if let Ok(html) = &html
        && rel_me::links(html)
            .iter()
            .any(|h| rel_me::names_page(h, &page.url))
    {
        return Ok(VerificationMethod::RelMe);
    }
    if let Some(actor_url) = link("self")
        && let Ok(actor) = fetch
            .text(&actor_url, Side::Named, "application/activity+json")
            .await
        && actor_links_page(&actor, page)
    {
        return Ok(VerificationMethod::RelMe);
    }
    let english = format!(
        "looked for a link to {} with rel=\"me\" on {profile} (a profile field linking to it \
         makes one) and found none",
        page.url
    );
    let (url, profile) = (page.url.clone().into(), profile.into());
    Err(match html.err() {
        None => Failure::coded(
            "field-verify-fediverse-rel-me",
            [("url", url), ("profile", profile)],
            english,
        ),
        Some(why) => Failure::coded(
            "field-verify-fediverse-rel-me-because",
            [
                ("url", url),
                ("profile", profile),
                ("reason", why.to_string().into()),
            ],
            format!("{english}: {why}"),
        ),
    })
}

/// Whether the actor document's profile fields or summary hold a `rel="me"` link to the page.
fn actor_links_page(actor: &str, page: &Page) -> bool {
    let Ok(actor) = serde_json::from_str::<Value>(actor) else {
        return false;
    };
    let mut html = String::new();
    if let Some(summary) = actor.get("summary").and_then(Value::as_str) {
        html.push_str(summary);
    }
    for field in actor
        .get("attachment")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(value) = field.get("value").and_then(Value::as_str) {
            html.push_str(value);
        }
    }
    rel_me::links(&html)
        .iter()
        .any(|h| rel_me::names_page(h, &page.url))
}

/// A web site proves itself the same way: a `rel="me"` link to the page on the named page.
pub(super) async fn verify_site(
    fetch: &Fetcher,
    site: &str,
    page: &Page,
) -> Result<VerificationMethod, Failure> {
    let html = fetch.text(site, Side::Named, "text/html").await?;
    if rel_me::links(&html)
        .iter()
        .any(|h| rel_me::names_page(h, &page.url))
    {
        Ok(VerificationMethod::RelMe)
    } else {
        Err(Failure::coded(
            "field-verify-site-rel-me",
            [("url", page.url.clone().into()), ("site", site.into())],
            format!(
                "looked for a link to {} with rel=\"me\" on {site} and found none",
                page.url
            ),
        ))
    }
}
