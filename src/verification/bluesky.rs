//! Bluesky accounts: handle → DID (HTTPS well-known file, else the `_atproto` TXT record) →
//! DID document (did:plc from the PLC directory, did:web from its host), which must name the
//! handle back; then the profile's description (from the AppView) or the DID document must
//! name the verification page.

use serde_json::Value;

use super::dns::TxtResolver;
use super::fetch::{Fetcher, Side};
use super::{Failure, Page, Settings};
use crate::domain::VerificationMethod;
use crate::domain::is_bluesky_did as is_did;

pub(super) async fn verify(
    fetch: &Fetcher,
    dns: &TxtResolver,
    settings: &Settings,
    handle: &str,
    page: &Page,
) -> Result<VerificationMethod, Failure> {
    let (did, method) = if is_did(handle) {
        (handle.to_owned(), VerificationMethod::AtprotoDid)
    } else {
        resolve_handle(fetch, dns, handle).await?
    };
    let document = did_document(fetch, settings, &did).await?;
    if method != VerificationMethod::AtprotoDid {
        let names_back = document
            .get("alsoKnownAs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(|aka| aka.eq_ignore_ascii_case(&format!("at://{handle}")));
        if !names_back {
            return Err(Failure::coded(
                "field-verify-bluesky-aka",
                [("did", did.clone().into()), ("handle", handle.into())],
                format!(
                    "the DID document of {did} does not name at://{handle} in alsoKnownAs, so the \
                 handle is not that account's"
                ),
            ));
        }
    }
    if page.is_named_in(&document.to_string()) {
        return Ok(method);
    }
    let mut profile_url = settings.appview_url.clone();
    profile_url.set_path("/xrpc/app.bsky.actor.getProfile");
    profile_url.query_pairs_mut().append_pair("actor", &did);
    let profile = fetch.json(profile_url.as_str(), Side::Service).await?;
    let description = profile
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    if page.is_named_in(description) {
        Ok(method)
    } else {
        Err(Failure::coded(
            "field-verify-bluesky-profile",
            [
                ("mention", page.mention().into()),
                ("did", did.clone().into()),
            ],
            format!(
                "looked for {} in the profile description of {did} and found it not there",
                page.mention()
            ),
        ))
    }
}

/// The DID the handle names, through its domain's well-known file or DNS.
async fn resolve_handle(
    fetch: &Fetcher,
    dns: &TxtResolver,
    handle: &str,
) -> Result<(String, VerificationMethod), Failure> {
    let well_known = fetch.named_url(handle, "/.well-known/atproto-did");
    if let Ok(text) = fetch.text(&well_known, Side::Named, "text/plain").await {
        let did = text.trim().to_ascii_lowercase();
        if is_did(&did) {
            return Ok((did, VerificationMethod::AtprotoWellKnown));
        }
    }
    let name = format!("_atproto.{handle}");
    for record in dns.txt(&name).await? {
        if let Some(did) = record.trim().strip_prefix("did=") {
            let did = did.trim().to_ascii_lowercase();
            if is_did(&did) {
                return Ok((did, VerificationMethod::AtprotoDns));
            }
        }
    }
    Err(Failure::coded(
        "field-verify-bluesky-no-did",
        [
            ("url", well_known.clone().into()),
            ("name", name.clone().into()),
        ],
        format!(
            "looked for a DID at {well_known} and in a TXT record {name} (did=did:plc:… or \
         did=did:web:…) and found none"
        ),
    ))
}

async fn did_document(fetch: &Fetcher, settings: &Settings, did: &str) -> Result<Value, Failure> {
    let document = if let Some(host) = did.strip_prefix("did:web:") {
        fetch
            .json(&fetch.named_url(host, "/.well-known/did.json"), Side::Named)
            .await?
    } else {
        let mut url = settings.plc_url.clone();
        url.set_path(&format!("/{did}"));
        fetch.json(url.as_str(), Side::Service).await?
    };
    if document.get("id").and_then(Value::as_str) == Some(did) {
        Ok(document)
    } else {
        Err(Failure::coded(
            "field-verify-bluesky-document",
            [("did", did.into())],
            format!("the DID document found for {did} is not {did}'s"),
        ))
    }
}
