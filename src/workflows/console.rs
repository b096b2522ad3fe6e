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

/// How many of a plan's tables the meetup page lists at a time: every list on one page made a
/// meetup of 600 tables three megabytes and 300 ms to serve, while the chart (a resource of its
/// own) keeps the whole plan in view.
pub const TABLES_PER_PAGE: usize = 60;

/// The positions page `page` (1-based; past the end, the last) of `total` listed items covers,
/// `per_page` a page, and the page it is.
pub fn page_range(total: usize, page: usize, per_page: usize) -> (usize, std::ops::Range<usize>) {
    let pages = total.div_ceil(per_page.max(1)).max(1);
    let page = page.clamp(1, pages);
    let start = (page - 1) * per_page;
    (page, start..(start + per_page).min(total))
}

/// A meetup as its console page shows it.
pub struct MeetupConsole {
    pub conference: Conference,
    pub meetup: Meetup,
    /// What a run of this meetup alone would face now.
    pub preview: MeetupPreview,
    /// The current draft: when the page shows it, with the seats of the listed tables and the
    /// locks, else with only the locks (its locks shape the preview).
    pub draft: Option<Plan>,
    /// The published plan's header.
    pub published: Option<PlanSummary>,
    /// The published plan with the listed tables' seats, when the page shows it.
    pub published_whole: Option<Plan>,
    /// The plan the page shows whole.
    pub shown: Shown,
    /// The numbers of the shown plan's tables that seat someone, and the page of them listed
    /// (1-based, within bounds).
    pub occupied: Vec<i32>,
    pub page: usize,
    /// The names of the people seated at the listed tables of the plan shown whole.
    pub names: HashMap<Uuid, String>,
    /// When `draft` came from a run that seated several meetups (a series): that run's drafts
    /// still current, `draft` among them, which can be published together.
    pub same_run: Vec<(Meetup, PlanSummary)>,
}

/// The organizer's meetup with its preview, its current draft and published plans, and page
/// `page` of the tables of the one `show` names. Only the listed tables' seats are loaded (and
/// the locks, which the preview needs): the chart of the whole plan is a resource of its own
/// ([`plan_chart`]), which the browser keeps per plan version.
pub async fn meetup(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    meetup_id: Uuid,
    (show, page): (Shown, usize),
) -> Result<MeetupConsole, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let db = &ctx.db.read;
    // The address names the meetup, so its plans' headers load beside the conference's
    // meetups and confirmed attendees, each query on a connection of its own; a meetup of
    // another conference is refused below, before anything of it is shown.
    let (all, draft, published, confirmed) = tokio::try_join!(
        store::meetups::list(db, conference.id),
        store::plans::latest_summary_with_status(db, meetup_id, PlanStatus::Draft),
        store::plans::latest_summary_with_status(db, meetup_id, PlanStatus::Published),
        // Who can take part, for the preview.
        store::roster::confirmed_ids(db, conference.id),
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
    let shown_id = match shown {
        Shown::Draft => draft.as_ref(),
        Shown::Published => published.as_ref(),
    }
    .map(|p| p.id);
    let occupied = match shown_id {
        Some(id) => store::plans::occupied_tables(db, id).await?,
        None => Vec::new(),
    };
    let (page, range) = page_range(occupied.len(), page, TABLES_PER_PAGE);
    let listed_tables = SeatsLoaded::LocksAnd(occupied[range].to_vec());
    let (draft_seats, published_seats) = match shown {
        Shown::Draft => (listed_tables, None),
        Shown::Published => (SeatsLoaded::Locks, Some(listed_tables)),
    };
    let seating = |plan: Option<Uuid>, which: Option<SeatsLoaded>| async move {
        match (plan, which) {
            (Some(id), Some(which)) => store::plans::find_seating(db, id, which).await,
            _ => Ok(None),
        }
    };
    let (draft, published_whole) = tokio::try_join!(
        seating(draft.as_ref().map(|p| p.id), Some(draft_seats)),
        seating(published.as_ref().map(|p| p.id), published_seats),
    )?;
    // The names of the people the page lists (and of those locked elsewhere, which it does not
    // show but which cost nothing to name).
    let seated: Vec<Uuid> = draft
        .iter()
        .chain(&published_whole)
        .flat_map(|p| p.seats.iter().map(|s| s.attendee_id))
        .collect();
    let same_run = async {
        match &draft {
            Some(d) => crate::workflows::plans::together::drafts_of_same_run(ctx, &all, d).await,
            None => Ok(Vec::new()),
        }
    };
    let (preview, same_run, names) = tokio::try_join!(
        of_meetup(ctx, &all, &meetup, draft.as_ref(), &confirmed),
        same_run,
        async { Ok(store::roster::names_of(db, conference.id, &seated).await?) },
    )?;
    Ok(MeetupConsole {
        conference,
        meetup,
        preview,
        draft,
        published,
        published_whole,
        shown,
        occupied,
        page,
        names,
        same_run,
    })
}

/// A plan of the organizer's conference, whole, with the names of the people it seats: what
/// its seating chart draws.
pub async fn plan_chart(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    plan_id: Uuid,
) -> Result<(Plan, HashMap<Uuid, String>), Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let db = &ctx.db.read;
    let (plan, names) = tokio::try_join!(
        store::plans::find(db, plan_id),
        store::roster::names(db, conference.id),
    )?;
    let plan = plan.ok_or(Error::NotFound("plan"))?;
    // The plan must be of one of this conference's meetups: ids of another organizer's plans
    // name nothing here.
    store::meetups::find(db, conference.id, plan.meetup_id)
        .await?
        .ok_or(Error::NotFound("plan"))?;
    Ok((plan, names))
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
