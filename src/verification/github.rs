//! GitHub accounts: the profile's web site (`blog`) or bio, or the description of one of the
//! account's public gists, names the verification page.

use serde_json::Value;

use super::fetch::{Fetcher, Side};
use super::{Failure, Page, Settings};
use crate::domain::VerificationMethod;

/// Gists looked through: the newest page of them, enough for one made for the purpose.
const GISTS: u32 = 30;

pub(super) async fn verify(
    fetch: &Fetcher,
    settings: &Settings,
    login: &str,
    page: &Page,
) -> Result<VerificationMethod, Failure> {
    let api = |path: &str| {
        let mut url = settings.github_api_url.clone();
        url.set_path(path);
        url
    };
    let user = fetch
        .json(api(&format!("/users/{login}")).as_str(), Side::Service)
        .await?;
    let in_profile = ["blog", "bio"].iter().any(|field| {
        user.get(field)
            .and_then(Value::as_str)
            .is_some_and(|text| page.is_named_in(text))
    });
    if in_profile {
        return Ok(VerificationMethod::GithubProfile);
    }
    let mut gists_url = api(&format!("/users/{login}/gists"));
    gists_url
        .query_pairs_mut()
        .append_pair("per_page", &GISTS.to_string());
    let gists = fetch.json(gists_url.as_str(), Side::Service).await?;
    let in_gist = gists.as_array().into_iter().flatten().any(|gist| {
        gist.get("description")
            .and_then(Value::as_str)
            .is_some_and(|text| page.is_named_in(text))
    });
    if in_gist {
        Ok(VerificationMethod::GithubGist)
    } else {
        Err(Failure::coded(
            "field-verify-github",
            [
                ("mention", page.mention().into()),
                ("login", login.into()),
                ("gists", GISTS.into()),
            ],
            format!(
                "looked for {} in the web site and bio of github.com/{login} and in the \
             descriptions of its newest {GISTS} public gists and found it in none",
                page.mention()
            ),
        ))
    }
}
