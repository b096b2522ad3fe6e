//! Abuse limits: how many requests one client address may make to the forms that send email
//! (registration, "send me my link", organizer sign-in), and how many of those emails one
//! mailbox may be sent, each in a fixed window. The counters live in the database, so the
//! limits hold across every process of a deployment; a bucket is an HMAC of what it counts
//! under a key of the deployment's own, so the table holds no address a dictionary could
//! recover.
//!
//! Over the address limit the client gets 429 with `Retry-After`: it learns only about its own
//! requests. Over the mailbox limit the request is answered as usual and sends nothing: a 429
//! there would tell anyone how busy someone else's inbox is.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sea_orm::ConnectionTrait;
use sha2::Sha256;

use crate::domain::EmailAddress;
use crate::error::Error;
use crate::store;
use crate::store::rate_limits::Hit;

/// Name of the bucket key in `server_secrets`.
const KEY_NAME: &str = "rate_limit_hmac_v1";

/// The configured limits; a count of 0 turns that limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_address: u32,
    pub address_window: Duration,
    pub per_mailbox: u32,
    pub mailbox_window: Duration,
}

/// Counts requests and emails against [`Limits`]. Cheap to clone.
#[derive(Clone)]
pub struct Limiter {
    limits: Limits,
    key: Arc<[u8]>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Limiter {
    /// Reads the bucket key, making it first if this deployment has none yet.
    pub async fn load(
        db: &impl ConnectionTrait,
        limits: Limits,
        master: Option<&crate::secrets::MasterKey>,
    ) -> Result<Self, Error> {
        // Like the unsubscribe key: derived from the master secret when there is one, so the
        // database holds no key.
        if let Some(master) = master {
            return Ok(Self {
                limits,
                key: master.derive("rate limit buckets").into(),
            });
        }
        let key = super::server_keys::stored(db, KEY_NAME).await?;
        Ok(Self {
            limits,
            key: key.into(),
        })
    }

    /// Counts one request from `client`; over the limit, [`Error::TooManyRequests`] with the
    /// seconds until the window ends.
    pub async fn check_client(
        &self,
        db: &impl ConnectionTrait,
        client: IpAddr,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let (limit, window) = (self.limits.per_address, self.limits.address_window);
        match self
            .count(db, &client_key(client), limit, window, now)
            .await?
        {
            Some(retry_after) => Err(Error::TooManyRequests { retry_after }),
            None => Ok(()),
        }
    }

    /// Counts one email to `email`'s mailbox (`+tag` folded); `false` when the mailbox has had
    /// its share this window and nothing should be sent.
    pub async fn mailbox_allows(
        &self,
        db: &impl ConnectionTrait,
        email: &EmailAddress,
        now: DateTime<Utc>,
    ) -> Result<bool, Error> {
        let (limit, window) = (self.limits.per_mailbox, self.limits.mailbox_window);
        let key = format!("mailbox:{}", email.mailbox());
        let over = self.count(db, &key, limit, window, now).await?;
        if over.is_some() {
            tracing::warn!(mailbox = %email.masked(), "mailbox over its email limit: nothing sent");
        }
        Ok(over.is_none())
    }

    /// Adds one to `key`'s count; `Some(seconds until the window ends)` when that went over
    /// `limit`.
    async fn count(
        &self,
        db: &impl ConnectionTrait,
        key: &str,
        limit: u32,
        window: Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<u64>, Error> {
        if limit == 0 {
            return Ok(None);
        }
        let length = window.as_secs().max(1) as i64;
        let now = now.timestamp();
        let window_start = now - now.rem_euclid(length);
        let hit = Hit {
            bucket: self.bucket(key),
            window_start,
            expires_at: window_start + length,
        };
        let count = store::rate_limits::hit(db, std::slice::from_ref(&hit))
            .await?
            .first()
            .copied()
            .unwrap_or(i32::MAX);
        let over = i64::from(count) > i64::from(limit);
        Ok(over.then(|| (window_start + length - now).max(1) as u64))
    }

    fn bucket(&self, key: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key)
            .expect("HMAC takes a key of any length");
        mac.update(key.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// The bucket of a client address: an IPv6 client counts by its /64, which one host or
/// household commonly holds whole.
fn client_key(client: IpAddr) -> String {
    match client {
        IpAddr::V4(v4) => format!("client:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("client:{v4}"),
            None => {
                let s = v6.segments();
                format!("client:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Deletes counters of ended windows every `every`, so the table stays the size of the
/// current windows.
pub fn start_purger(db: sea_orm::DatabaseConnection, every: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if let Err(e) = store::rate_limits::purge(&db, Utc::now().timestamp()).await {
                tracing::warn!(error = %e, "purging ended rate limit windows failed");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_count_by_their_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        let v4: IpAddr = "192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), client_key(v4));
    }
}
