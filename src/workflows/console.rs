//! What the organizer console's pages show at a glance: a conference with its attendee counts
//! and the state of each meetup's seating, and a meetup with its feasibility preview and its
//! draft and published plans.

use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::AttendeeStatus;
use crate::domain::records::{Conference, Meetup, Plan, PlanStatus};
use crate::error::Error;
use crate::store;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;
use crate::workflows::plans::preview::{MeetupPreview, PreviewRequest, preview};

/// A conference as its console page shows it.
pub struct ConferenceConsole {
    pub conference: Conference,
    /// Attendees at each status; a status nobody has is absent.
    pub attendees: HashMap<AttendeeStatus, u64>,
    /// The meetups in time order, each with whether it has a draft and a published plan.
    pub meetups: Vec<MeetupSeating>,
}

pub struct MeetupSeating {
    pub meetup: Meetup,
    pub has_draft: bool,
    pub is_published: bool,
}

/// The organizer's conference with its counts and its meetups' seating states; a fixed number
/// of queries however many attendees and meetups it has.
pub async fn conference(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
) -> Result<ConferenceConsole, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let attendees = store::attendees::count_by_status(&ctx.db.read, conference.id).await?;
    let meetups = store::meetups::list(&ctx.db.read, conference.id).await?;
    let ids: Vec<Uuid> = meetups.iter().map(|m| m.id).collect();
    let live = store::plans::live_statuses(&ctx.db.read, &ids).await?;
    let has = |id: Uuid, status: PlanStatus| live.contains(&(id, status));
    let meetups = meetups
        .into_iter()
        .map(|meetup| MeetupSeating {
            has_draft: has(meetup.id, PlanStatus::Draft),
            is_published: has(meetup.id, PlanStatus::Published),
            meetup,
        })
        .collect();
    Ok(ConferenceConsole {
        conference,
        attendees,
        meetups,
    })
}

/// A meetup as its console page shows it.
pub struct MeetupConsole {
    pub conference: Conference,
    pub meetup: Meetup,
    /// What a run of this meetup alone would face now.
    pub preview: MeetupPreview,
    pub draft: Option<Plan>,
    pub published: Option<Plan>,
    /// The names of the people the plans seat (empty without a plan).
    pub names: HashMap<Uuid, String>,
    /// When `draft` came from a run that seated several meetups (a series): that run's drafts
    /// still current, `draft` among them, which can be published together.
    pub same_run: Vec<(Meetup, Plan)>,
}

/// The organizer's meetup with its preview and its current draft and published plans.
pub async fn meetup(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    meetup_id: Uuid,
) -> Result<MeetupConsole, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let meetup = store::meetups::find(&ctx.db.read, conference.id, meetup_id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    let request = PreviewRequest {
        meetup_ids: vec![meetup.id],
        ..PreviewRequest::default()
    };
    let preview = preview(ctx, organizer_id, slug, request)
        .await?
        .pop()
        .ok_or(Error::NotFound("meetup"))?;
    let draft =
        store::plans::latest_with_status(&ctx.db.read, meetup.id, PlanStatus::Draft).await?;
    let published =
        store::plans::latest_with_status(&ctx.db.read, meetup.id, PlanStatus::Published).await?;
    let names = if draft.is_some() || published.is_some() {
        store::roster::names(&ctx.db.read, conference.id).await?
    } else {
        HashMap::new()
    };
    let same_run = match &draft {
        Some(d) => {
            crate::workflows::plans::together::drafts_of_same_run(ctx, organizer_id, slug, d)
                .await?
        }
        None => Vec::new(),
    };
    Ok(MeetupConsole {
        conference,
        meetup,
        preview,
        draft,
        published,
        names,
        same_run,
    })
}
