//! Bodies of the email-change confirmation.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::http::extract::ObjectPaths;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailChangeIn {
    pub token: String,
}

impl ObjectPaths for EmailChangeIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl EmailChangeIn {
    pub fn into_token(self) -> Result<String, Error> {
        let token = self.token.trim();
        if token.is_empty() || token.len() > 200 {
            return Err(Error::field(
                "token",
                "must be the token from the emailed link",
            ));
        }
        Ok(token.to_owned())
    }
}

/// The address now in use.
#[derive(Debug, Serialize)]
pub struct EmailChanged {
    pub status: &'static str,
    pub email: String,
}
