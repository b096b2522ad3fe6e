//! The body of "send me my link again".

use serde::{Deserialize, Serialize};

use crate::domain::EmailAddress;
use crate::error::Error;
use crate::http::extract::ObjectPaths;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessLinkIn {
    pub email: String,
}

impl ObjectPaths for AccessLinkIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl AccessLinkIn {
    /// A malformed address is a 422 on `email`; a well-formed one says nothing about whether
    /// anyone registered with it.
    pub fn into_email(self) -> Result<EmailAddress, Error> {
        EmailAddress::parse(&self.email).map_err(|e| Error::rejected("email", e))
    }
}

/// The same answer whether or not the address is registered.
#[derive(Debug, Serialize)]
pub struct AccessLinkAccepted {
    pub status: &'static str,
    pub detail: &'static str,
}
