//! Bodies of the organizer's own API tokens: what creating one takes, and how one is shown
//! (never its secret, except once in the answer that created it).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::records::{OrganizerToken, TokenScope};
use crate::error::{Error, FieldErrors};
use crate::http::extract::ObjectPaths;
use crate::http::reasons;
use crate::workflows::organizers::TokenRequest;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenIn {
    pub label: String,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub expires_in_days: Option<i64>,
}

impl ObjectPaths for TokenIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl TokenIn {
    /// The scope is `full` unless named; an unknown one is a 422 on `scope`.
    pub fn into_request(self) -> Result<TokenRequest, Error> {
        let mut errors = FieldErrors::default();
        let scope = match self.scope.as_deref().map(str::trim) {
            None => Some(TokenScope::Full),
            Some(raw) => errors.check(
                "scope",
                raw.parse::<TokenScope>()
                    .map_err(|_| reasons::must_be(<TokenScope as strum::VariantArray>::VARIANTS)),
            ),
        };
        errors.finish()?;
        Ok(TokenRequest {
            label: self.label,
            scope: scope.unwrap_or(TokenScope::Read),
            days: self.expires_in_days,
        })
    }
}

#[derive(Debug, Serialize)]
pub struct TokenOut {
    pub id: Uuid,
    pub label: String,
    pub scope: TokenScope,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<OrganizerToken> for TokenOut {
    fn from(t: OrganizerToken) -> Self {
        Self {
            id: t.id,
            label: t.label,
            scope: t.scope,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TokenList {
    pub items: Vec<TokenOut>,
}

/// A new token: shown with its secret, this once.
#[derive(Debug, Serialize)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub token: TokenOut,
    pub secret: String,
}
