//! Bodies of the handle verification routes.

use serde::{Deserialize, Serialize};

use super::attendees::HandleOut;
use crate::domain::Network;
use crate::error::Error;
use crate::http::extract::ObjectPaths;
use crate::workflows::verification::Status;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyIn {
    pub network: String,
}

impl ObjectPaths for VerifyIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl VerifyIn {
    pub fn network(&self) -> Result<Network, Error> {
        self.network
            .parse()
            .map_err(|e: crate::domain::ParseError| Error::rejected("network", e))
    }
}

/// The attendee's handles with their proofs, and the page their profiles should link to.
#[derive(Debug, Serialize)]
pub struct VerificationOut {
    pub page_url: String,
    pub handles: Vec<HandleOut>,
}

impl From<Status> for VerificationOut {
    fn from(status: Status) -> Self {
        Self {
            page_url: status.page_url,
            handles: status.handles.into_iter().map(HandleOut::from).collect(),
        }
    }
}
