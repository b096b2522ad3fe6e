//! An attendee's own view of published plans: their tables in every meetup, and the people they
//! sat with as a follow list. Tablemates appear only as [`visible`] shows them.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::{SharedInterest, planned};
use crate::domain::records::{CalendarShown, Member, VisibleHandle};
use crate::error::Error;
use crate::mailer::ics::{FileEvent, calendar_file};
use crate::store;
use crate::workflows::Context;
use crate::workflows::tablemate::{VisibleMate, visible};

/// One meetup where the attendee has a seat.
#[derive(Debug, Clone, Serialize)]
pub struct MyTable {
    pub meetup_id: Uuid,
    pub meetup: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub time_zone: String,
    pub table_number: i32,
    pub table_label: String,
    pub tablemates: Vec<VisibleMate>,
    /// The table's shared interests among the people listed (the attendee included, by id).
    pub shared_interests: Vec<SharedInterest>,
}

/// A tablemate across all meetups, with the handles they show to tablemates.
#[derive(Debug, Clone, Serialize)]
pub struct Tablemate {
    pub attendee_id: Uuid,
    pub name: String,
    pub handles: Vec<VisibleHandle>,
    /// The meetups where the two sat together.
    pub meetups: Vec<String>,
}

/// The attendee's tables in every meetup with a published plan, in meetup order.
pub async fn tables(ctx: &Context, attendee_id: Uuid) -> Result<Vec<MyTable>, Error> {
    let me = store::attendees::find(&ctx.db.read, attendee_id)
        .await?
        .ok_or(Error::NotFound("registration"))?;
    let conference = store::conferences::find_by_id(&ctx.db.read, me.conference_id)
        .await?
        .ok_or(Error::NotFound("conference"))?;
    let members: HashMap<Uuid, Member> = store::roster::load(&ctx.db.read, me.conference_id, None)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut out = Vec::new();
    let meetups = store::meetups::list(&ctx.db.read, me.conference_id).await?;
    for meetup in meetups.into_iter().filter(|m| !m.is_cancelled()) {
        let Some(plan) = planned(ctx, &meetup).await? else {
            continue;
        };
        let Some(table) = plan.tables.iter().find(|t| t.members.contains(&me.id)) else {
            continue;
        };
        let mut tablemates: Vec<VisibleMate> = table
            .members
            .iter()
            .filter(|id| **id != me.id)
            .filter_map(|id| members.get(id))
            .map(visible)
            .collect();
        tablemates.sort_by(|a, b| a.name.cmp(&b.name));
        out.push(MyTable {
            meetup_id: meetup.id,
            meetup: meetup.fields.name.clone(),
            starts_at: meetup.fields.starts_at,
            ends_at: meetup.fields.ends_at,
            location: meetup.fields.location.clone(),
            time_zone: conference.fields.time_zone.to_string(),
            table_number: table.number,
            table_label: table.label.clone(),
            tablemates,
            shared_interests: table.shared.clone(),
        });
    }
    Ok(out)
}

/// Everyone the attendee sat with across published meetups, once each, by name.
pub async fn tablemates(ctx: &Context, attendee_id: Uuid) -> Result<Vec<Tablemate>, Error> {
    let mut by_id: BTreeMap<Uuid, Tablemate> = BTreeMap::new();
    for table in tables(ctx, attendee_id).await? {
        for mate in table.tablemates {
            by_id
                .entry(mate.attendee_id)
                .or_insert_with(|| Tablemate {
                    attendee_id: mate.attendee_id,
                    name: mate.name.clone(),
                    handles: mate.handles.clone(),
                    meetups: Vec::new(),
                })
                .meetups
                .push(table.meetup.clone());
        }
    }
    let mut out: Vec<Tablemate> = by_id.into_values().collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.attendee_id.cmp(&b.attendee_id)));
    Ok(out)
}

/// Mastodon's follow-import CSV (Preferences → Import and export → Import, "Following list")
/// of the tablemates who show a Mastodon account to tablemates.
pub fn mastodon_follows(mates: &[Tablemate]) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "Account address",
        "Show boosts",
        "Notify on new posts",
        "Languages",
    ])
    .map_err(Error::internal)?;
    let mut seen = std::collections::HashSet::new();
    for mate in mates {
        for handle in mate.handles.iter().filter(|h| h.network == "mastodon") {
            let address = handle.handle.trim_start_matches('@');
            if seen.insert(address.to_owned()) {
                w.write_record([address, "true", "false", ""])
                    .map_err(Error::internal)?;
            }
        }
    }
    w.into_inner().map_err(Error::internal)
}

/// The attendee's tables as a calendar file: one event per published meetup where they sit.
pub async fn calendar(
    ctx: &Context,
    attendee_id: Uuid,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let conference = {
        let me = store::attendees::find(&ctx.db.read, attendee_id)
            .await?
            .ok_or(Error::NotFound("registration"))?;
        store::conferences::find_by_id(&ctx.db.read, me.conference_id)
            .await?
            .ok_or(Error::NotFound("conference"))?
            .fields
    };
    let conference_name = &conference.name;
    let sequences = store::calendar_sequences::of_attendee(&ctx.db.read, attendee_id).await?;
    let events: Vec<FileEvent> = tables(ctx, attendee_id)
        .await?
        .into_iter()
        .map(|t| {
            let names: Vec<&str> = t.tablemates.iter().map(|m| m.name.as_str()).collect();
            FileEvent {
                uid: CalendarShown::uid_for(t.meetup_id, attendee_id),
                sequence: sequences
                    .get(&t.meetup_id)
                    .map_or(0, |n| u32::try_from(*n).unwrap_or(u32::MAX)),
                starts_at: t.starts_at,
                ends_at: t.ends_at,
                summary: format!("{} ({conference_name})", t.meetup),
                location: Some(t.location.clone()).filter(|l| !l.trim().is_empty()),
                description: format!("Your table: {}\nWith: {}", t.table_label, names.join(", ")),
            }
        })
        .collect();
    Ok(calendar_file(&events, conference.time_zone.tz(), now))
}
