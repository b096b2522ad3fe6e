//! The verifier's HTTP requests: the outbound client (timeout, no redirects, public addresses
//! only unless allowed), a cap on what a response may weigh, and the stand-in routing of
//! [`Settings::connect_to`].

use reqwest::header::{ACCEPT, HOST};

use super::{Failure, Settings};

/// The most a fetched document may weigh: profile pages run to a few hundred kilobytes.
const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(Clone)]
pub(super) struct Fetcher {
    client: reqwest::Client,
    web_scheme: String,
    connect_to: Option<std::net::SocketAddr>,
}

/// Which side an address belongs to: the handle's own (its server, its domain), or one of
/// the configured services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Named,
    Service,
}

impl Fetcher {
    pub(super) fn new(settings: &Settings) -> anyhow::Result<Self> {
        Ok(Self {
            client: crate::outbound::client(settings.timeout, settings.allow_private)?,
            web_scheme: settings.web_scheme.clone(),
            connect_to: settings.connect_to,
        })
    }

    /// `https://{host}{path_and_query}` in the configured scheme.
    pub(super) fn named_url(&self, host: &str, path_and_query: &str) -> String {
        format!("{}://{host}{path_and_query}", self.web_scheme)
    }

    /// The body of a 200 answer to GET `url`, as text; anything else is a [`Failure`] naming
    /// the address.
    pub(super) async fn text(
        &self,
        url: &str,
        side: Side,
        accept: &str,
    ) -> Result<String, Failure> {
        let shown = url.to_owned();
        let mut target = url::Url::parse(url).map_err(|_| {
            Failure::coded(
                "field-verify-not-web-address",
                [("url", shown.clone().into())],
                format!("{shown} is not a web address"),
            )
        })?;
        let mut request_host = None;
        if side == Side::Named {
            let host = target
                .host_str()
                .ok_or_else(|| {
                    Failure::coded(
                        "field-verify-no-host",
                        [("url", shown.clone().into())],
                        format!("{shown} names no host"),
                    )
                })?
                .to_owned();
            if target.scheme() != self.web_scheme {
                let _ = target.set_scheme(&self.web_scheme);
            }
            if let Some(addr) = self.connect_to {
                let _ = target.set_ip_host(addr.ip());
                let _ = target.set_port(Some(addr.port()));
                request_host = Some(host);
            }
        }
        let mut request = self.client.get(target).header(ACCEPT, accept);
        if let Some(host) = request_host {
            request = request.header(HOST, host);
        }
        let response = request.send().await.map_err(|e| {
            Failure::coded(
                "field-verify-fetch",
                [
                    ("url", shown.clone().into()),
                    ("reason", reason(&e).to_string().into()),
                ],
                format!("could not fetch {shown}: {}", reason(&e)),
            )
        })?;
        let status = response.status();
        if !status.is_success() {
            return Err(Failure::coded(
                "field-verify-status",
                [
                    ("url", shown.clone().into()),
                    ("status", status.to_string().into()),
                ],
                format!("{shown} answered {status}"),
            ));
        }
        let mut body = Vec::new();
        let mut response = response;
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            Failure::coded(
                "field-verify-read",
                [
                    ("url", shown.clone().into()),
                    ("reason", reason(&e).to_string().into()),
                ],
                format!("could not read {shown}: {}", reason(&e)),
            )
        })? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(Failure::coded(
                    "field-verify-too-large",
                    [
                        ("url", shown.clone().into()),
                        ("size", (MAX_BODY_BYTES / 1024).into()),
                    ],
                    format!("{shown} is larger than {} KiB", MAX_BODY_BYTES / 1024),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// The JSON answer to GET `url`.
    pub(super) async fn json(&self, url: &str, side: Side) -> Result<serde_json::Value, Failure> {
        let text = self.text(url, side, "application/json").await?;
        serde_json::from_str(&text).map_err(|_| {
            Failure::coded(
                "field-verify-not-json",
                [("url", url.into())],
                format!("{url} did not answer JSON"),
            )
        })
    }
}

/// The cause a person can act on, without the client's internals.
fn reason(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "it took too long"
    } else if error.is_connect() {
        "no connection (or not to a public address)"
    } else {
        "the request failed"
    }
}
