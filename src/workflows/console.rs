//! What the organizer console's pages show at a glance: a conference with its attendee counts
//! and the state of each meetup's seating, and a meetup with its feasibility preview and its
//! draft and published plans.

use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::AttendeeStatus;
use crate::domain::records::{Conference, Meetup, Plan, PlanStatus, PlanSummary};
use crate::error::Error;
use crate::store;
use crate::store::plans::SeatsLoaded;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;
use crate::workflows::plans::preview::{MeetupPreview, of_meetup};

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

/// Which of a meetup's plans its page shows whole (chart and tables); the other shows its
/// figures. Whole plans are what make the page heavy, so it loads one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    /// The draft, or the published plan while there is no draft.
    #[default]
    Draft,
    Published,
}

/// A meetup as its console page shows it.
pub struct MeetupConsole {
    pub conference: Conference,
    pub meetup: Meetup,
    /// What a run of this meetup alone would face now.
    pub preview: MeetupPreview,
    /// The current draft: whole when the page shows it, else with only its locked seats (its
    /// locks shape the preview).
    pub draft: Option<Plan>,
    /// The published plan's header.
    pub published: Option<PlanSummary>,
    /// The published plan whole, when the page shows it.
    pub published_whole: Option<Plan>,
    /// The plan the page shows whole.
    pub shown: Shown,
    /// The names of the conference's attendees, for the plan shown whole.
    pub names: HashMap<Uuid, String>,
    /// When `draft` came from a run that seated several meetups (a series): that run's drafts
    /// still current, `draft` among them, which can be published together.
    pub same_run: Vec<(Meetup, PlanSummary)>,
}

/// The organizer's meetup with its preview and its current draft and published plans, each
/// plan loaded once.
pub async fn meetup(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    meetup_id: Uuid,
    show: Shown,
) -> Result<MeetupConsole, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let db = &ctx.db.read;
    // The address names the meetup, so its plans load beside the conference's meetups and
    // names, each query on a connection of its own; a meetup of another conference is refused
    // below, before anything of it is shown. The draft is loaded whole only when shown: the
    // preview needs only its locks.
    let draft_seats = match show {
        Shown::Draft => SeatsLoaded::All,
        Shown::Published => SeatsLoaded::Locks,
    };
    let published_whole = async {
        match show {
            Shown::Published => {
                store::plans::latest_with_status(db, meetup_id, PlanStatus::Published).await
            }
            Shown::Draft => Ok(None),
        }
    };
    let (all, draft, published, published_whole, listed) = tokio::try_join!(
        store::meetups::list(db, conference.id),
        store::plans::latest_with_status_seating(db, meetup_id, PlanStatus::Draft, draft_seats),
        store::plans::latest_summary_with_status(db, meetup_id, PlanStatus::Published),
        published_whole,
        // One list of everyone serves both the preview (who is confirmed) and the plans (names).
        store::roster::listed(db, conference.id),
    )?;
    let meetup = all
        .iter()
        .find(|m| m.id == meetup_id)
        .cloned()
        .ok_or(Error::NotFound("meetup"))?;
    let shown = if draft.is_none() {
        Shown::Published
    } else {
        show
    };
    let published_whole = match (&published, shown, published_whole) {
        (Some(_), Shown::Published, Some(whole)) => Some(whole),
        // No draft to show: the published plan is shown instead.
        (Some(p), Shown::Published, None) => store::plans::find(db, p.id).await?,
        _ => None,
    };
    let confirmed: Vec<Uuid> = listed
        .iter()
        .filter(|(_, _, status)| *status == AttendeeStatus::Confirmed)
        .map(|(id, _, _)| *id)
        .collect();
    let names: HashMap<Uuid, String> = listed.into_iter().map(|(id, name, _)| (id, name)).collect();
    let same_run = async {
        match &draft {
            Some(d) => crate::workflows::plans::together::drafts_of_same_run(ctx, &all, d).await,
            None => Ok(Vec::new()),
        }
    };
    let (preview, same_run) = tokio::try_join!(
        of_meetup(ctx, &all, &meetup, draft.as_ref(), &confirmed, &names),
        same_run,
    )?;
    Ok(MeetupConsole {
        conference,
        meetup,
        preview,
        draft,
        published,
        published_whole,
        shown,
        names,
        same_run,
    })
}

/// A meetup about to be cancelled: how many its published plan seats (none without one).
pub struct MeetupToCancel {
    pub conference: Conference,
    pub meetup: Meetup,
    pub seated: Option<u64>,
}

/// The organizer's meetup with the number of people its published plan seats.
pub async fn meetup_to_cancel(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    meetup_id: Uuid,
) -> Result<MeetupToCancel, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let meetup = store::meetups::find(&ctx.db.read, conference.id, meetup_id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    let published =
        store::plans::latest_summary_with_status(&ctx.db.read, meetup.id, PlanStatus::Published)
            .await?;
    let seated = match published {
        Some(p) => Some(store::plans::seat_count(&ctx.db.read, p.id).await?),
        None => None,
    };
    Ok(MeetupToCancel {
        conference,
        meetup,
        seated,
    })
}
