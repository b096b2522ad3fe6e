//! Exports of published plans: the organizer's rows (one per seat, one per table) streamed as CSV
//! or JSON in chunks, one meetup at a time, the printable table cards, and an attendee's own
//! tables and tablemates. Whatever an attendee sees or a card prints goes through
//! [`tablemate::visible`](crate::workflows::tablemate::visible).

mod format;
pub mod me;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::domain::privacy::Observer;
use crate::domain::records::{Conference, Meetup, Member, Plan, PlanStatus};
use crate::domain::{Language, TimeZone};
use crate::error::Error;
use crate::store;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;
use crate::workflows::tablemate::{VisibleMate, visible};

pub use format::{Format, Kind, neutralise};

/// Bytes handed to the sink at a time: big enough that channel overhead vanishes, small enough
/// that memory stays flat whatever the export's size.
const CHUNK: usize = 64 * 1024;

/// One interest of a table and the members who hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SharedInterest {
    pub interest: String,
    pub attendee_ids: Vec<Uuid>,
}

/// One table of a published plan.
#[derive(Debug, Clone)]
pub struct PlannedTable {
    pub number: i32,
    pub label: String,
    /// In plan order (by attendee id).
    pub members: Vec<Uuid>,
    pub shared: Vec<SharedInterest>,
}

/// A meetup with its published plan.
#[derive(Debug, Clone)]
pub struct PlannedMeetup {
    pub meetup: Meetup,
    pub tables: Vec<PlannedTable>,
}

/// Everything an organizer export reads before its first byte: the conference's people and the
/// meetups to export. Plans are read one meetup at a time while writing.
pub struct Source {
    pub conference_slug: String,
    pub time_zone: Tz,
    pub members: HashMap<Uuid, Member>,
    pub meetups: Vec<Meetup>,
}

/// One row per attendee per meetup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatRow {
    pub meetup_id: Uuid,
    pub meetup: String,
    pub starts_at: String,
    pub table_number: i32,
    pub table_label: String,
    pub attendee_id: Uuid,
    pub name: String,
    pub email: String,
    pub affiliation: Option<String>,
    pub tablemates: Vec<String>,
    pub shared_interests: Vec<String>,
}

/// One row per table per meetup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    pub meetup_id: Uuid,
    pub meetup: String,
    pub starts_at: String,
    pub table_number: i32,
    pub table_label: String,
    pub size: usize,
    /// The members' ids, in the order of `members`.
    pub attendee_ids: Vec<Uuid>,
    pub members: Vec<String>,
    pub shared_topics: Vec<String>,
}

/// `at` in `tz` as people read it on a sheet (`2026-06-01 12:30`).
pub fn local_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Checks the organizer's access and the filter, and loads the people; the export itself is
/// written by [`write`]. A named meetup must exist and have a published plan.
pub async fn source(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    meetup_id: Option<Uuid>,
) -> Result<Source, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    source_of(ctx, &conference, meetup_id).await
}

/// [`source`] of a conference whose access is checked.
async fn source_of(
    ctx: &Context,
    conference: &Conference,
    meetup_id: Option<Uuid>,
) -> Result<Source, Error> {
    let meetups = match meetup_id {
        Some(id) => {
            let meetup = store::meetups::find(&ctx.db.read, conference.id, id)
                .await?
                .ok_or(Error::NotFound("meetup"))?;
            if store::plans::list_for_meetup(&ctx.db.read, id)
                .await?
                .iter()
                .all(|p| p.status != PlanStatus::Published)
            {
                return Err(Error::NotFound("published plan"));
            }
            vec![meetup]
        }
        None => store::meetups::list(&ctx.db.read, conference.id).await?,
    };
    source_for(
        ctx,
        conference.id,
        conference.slug.as_str(),
        conference.fields.time_zone,
        meetups,
    )
    .await
}

/// The export source of `meetups` of a conference, without an access check (benchmarks and
/// the organizer workflow above).
pub async fn source_for(
    ctx: &Context,
    conference_id: Uuid,
    slug: &str,
    time_zone: TimeZone,
    meetups: Vec<Meetup>,
) -> Result<Source, Error> {
    let time_zone: Tz = time_zone.tz();
    let members = store::roster::load(&ctx.db.read, conference_id, None)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    Ok(Source {
        conference_slug: slug.to_owned(),
        time_zone,
        members,
        meetups,
    })
}

/// The meetup's published plan as tables with their shared interests; `None` when it has none.
pub async fn planned(ctx: &Context, meetup: &Meetup) -> Result<Option<PlannedMeetup>, Error> {
    let Some(plan) =
        store::plans::latest_with_status(&ctx.db.read, meetup.id, PlanStatus::Published).await?
    else {
        return Ok(None);
    };
    Ok(Some(PlannedMeetup {
        meetup: meetup.clone(),
        tables: tables_of(&plan),
    }))
}

fn tables_of(plan: &Plan) -> Vec<PlannedTable> {
    let mut members: HashMap<i32, Vec<Uuid>> = HashMap::new();
    for seat in &plan.seats {
        members
            .entry(seat.table_number)
            .or_default()
            .push(seat.attendee_id);
    }
    plan.tables
        .iter()
        .map(|t| PlannedTable {
            number: t.number,
            label: t.label.clone(),
            members: members.remove(&t.number).unwrap_or_default(),
            shared: t
                .explanation
                .get("shared_interests")
                .cloned()
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default(),
        })
        .collect()
}

/// What an organizer sees of an affiliation: everything except what the attendee keeps to
/// themselves.
fn organizer_affiliation(member: &Member) -> Option<String> {
    Observer::Organizer.reveal(member.affiliation_visibility, member.affiliation.clone())
}

fn name_of(source: &Source, id: Uuid) -> String {
    source
        .members
        .get(&id)
        .map_or_else(|| "(removed)".to_owned(), |m| m.name.to_string())
}

impl Source {
    /// The seat rows of one planned meetup, by table then name.
    pub fn seat_rows(&self, planned: &PlannedMeetup) -> Vec<SeatRow> {
        let starts_at = local_time(planned.meetup.fields.starts_at, self.time_zone);
        let mut rows = Vec::new();
        for table in &planned.tables {
            let mut seated: Vec<(&Uuid, String)> = table
                .members
                .iter()
                .map(|id| (id, name_of(self, *id)))
                .collect();
            seated.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)));
            for (id, name) in &seated {
                let member = self.members.get(id);
                rows.push(SeatRow {
                    meetup_id: planned.meetup.id,
                    meetup: planned.meetup.fields.name.clone(),
                    starts_at: starts_at.clone(),
                    table_number: table.number,
                    table_label: table.label.clone(),
                    attendee_id: **id,
                    name: name.clone(),
                    email: member.map(|m| m.email.to_string()).unwrap_or_default(),
                    affiliation: member.and_then(organizer_affiliation),
                    tablemates: seated
                        .iter()
                        .filter(|(other, _)| other != id)
                        .map(|(_, n)| n.clone())
                        .collect(),
                    shared_interests: table
                        .shared
                        .iter()
                        .filter(|s| s.attendee_ids.contains(id))
                        .map(|s| s.interest.clone())
                        .collect(),
                });
            }
        }
        rows
    }

    /// The table rows of one planned meetup.
    pub fn table_rows(&self, planned: &PlannedMeetup) -> Vec<TableRow> {
        let starts_at = local_time(planned.meetup.fields.starts_at, self.time_zone);
        planned
            .tables
            .iter()
            .map(|table| {
                let mut members: Vec<(String, Uuid)> = table
                    .members
                    .iter()
                    .map(|id| (name_of(self, *id), *id))
                    .collect();
                members.sort();
                TableRow {
                    meetup_id: planned.meetup.id,
                    meetup: planned.meetup.fields.name.clone(),
                    starts_at: starts_at.clone(),
                    table_number: table.number,
                    table_label: table.label.clone(),
                    size: table.members.len(),
                    attendee_ids: members.iter().map(|(_, id)| *id).collect(),
                    members: members.into_iter().map(|(name, _)| name).collect(),
                    shared_topics: table.shared.iter().map(|s| s.interest.clone()).collect(),
                }
            })
            .collect()
    }
}

/// Writes the export to `sink` in chunks of about [`CHUNK`] bytes, reading one meetup's plan at a
/// time; returns the number of rows. Stops early (without error) when the receiver hangs up.
pub async fn write(
    ctx: &Context,
    source: &Source,
    kind: Kind,
    format: Format,
    bom: bool,
    sink: &mpsc::Sender<Vec<u8>>,
) -> Result<u64, Error> {
    let mut out = format::Writer::new(kind, format, bom);
    let mut rows = 0;
    for meetup in &source.meetups {
        let Some(planned) = planned(ctx, meetup).await? else {
            continue;
        };
        match kind {
            Kind::Seats => {
                for row in source.seat_rows(&planned) {
                    out.seat(&row)?;
                    rows += 1;
                    if out.len() >= CHUNK && sink.send(out.take()).await.is_err() {
                        return Ok(rows);
                    }
                }
            }
            Kind::Tables => {
                for row in source.table_rows(&planned) {
                    out.table(&row)?;
                    rows += 1;
                    if out.len() >= CHUNK && sink.send(out.take()).await.is_err() {
                        return Ok(rows);
                    }
                }
            }
        }
    }
    let rest = out.finish()?;
    if !rest.is_empty() {
        let _ = sink.send(rest).await;
    }
    Ok(rows)
}

/// One printable card.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub number: i32,
    pub label: String,
    pub members: Vec<VisibleMate>,
    pub shared_topics: Vec<String>,
}

/// The cards of one meetup, with what the page needs to write its time for the attendees who
/// read them: the conference's zone and default language.
#[derive(Debug, Clone)]
pub struct Cards {
    pub meetup: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: TimeZone,
    pub language: Language,
    pub location: String,
    pub cards: Vec<Card>,
}

/// The table cards of a meetup's published plan.
pub async fn cards(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    meetup_id: Uuid,
) -> Result<Cards, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let source = source_of(ctx, &conference, Some(meetup_id)).await?;
    let meetup = &source.meetups[0];
    let planned = planned(ctx, meetup)
        .await?
        .ok_or(Error::NotFound("published plan"))?;
    let cards = planned
        .tables
        .iter()
        .map(|t| {
            let mut members: Vec<VisibleMate> = t
                .members
                .iter()
                .filter_map(|id| source.members.get(id))
                .map(visible)
                .collect();
            members.sort_by(|a, b| a.name.cmp(&b.name));
            Card {
                number: t.number,
                label: t.label.clone(),
                members,
                shared_topics: t.shared.iter().map(|s| s.interest.clone()).collect(),
            }
        })
        .collect();
    Ok(Cards {
        meetup: meetup.fields.name.clone(),
        starts_at: meetup.fields.starts_at,
        ends_at: meetup.fields.ends_at,
        time_zone: conference.fields.time_zone,
        language: conference.fields.default_language,
        location: meetup.fields.location.clone(),
        cards,
    })
}
