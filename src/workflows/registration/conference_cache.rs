//! Conferences by slug, remembered for a moment: every registration needs its conference, and
//! reading it per request would add a database round trip to each one under load.

use std::collections::HashMap;
use std::sync::RwLock;

use chrono::{DateTime, Duration, Utc};

use crate::domain::records::Conference;
use crate::error::Error;
use crate::store;
use crate::workflows::Context;

/// How long a conference read stays in use. An organizer closing registration is obeyed by
/// every instance within this time.
const TTL: Duration = Duration::seconds(2);

/// Only conferences that exist are remembered, so the map holds at most one entry per stored
/// conference whatever slugs clients send.
#[derive(Default)]
pub struct ConferenceCache {
    entries: RwLock<HashMap<String, (DateTime<Utc>, Conference)>>,
}

impl ConferenceCache {
    pub async fn get(
        &self,
        ctx: &Context,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<Conference, Error> {
        if let Ok(entries) = self.entries.read()
            && let Some((read_at, conference)) = entries.get(slug)
            && now - *read_at < TTL
            && *read_at <= now
        {
            return Ok(conference.clone());
        }
        let conference = store::conferences::find_by_slug(&ctx.db.read, slug)
            .await?
            .ok_or(Error::NotFound("conference"))?;
        if let Ok(mut entries) = self.entries.write() {
            entries.insert(slug.to_owned(), (now, conference.clone()));
        }
        Ok(conference)
    }
}
