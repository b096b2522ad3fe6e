//! The feasibility preview: before running the matcher, what the organizer can know about the
//! meetups they are about to seat (who takes part, the seats, what makes a plan impossible, the
//! repeats the table sizes force), computed from the same inputs a run would use.

use tracing::instrument;
use uuid::Uuid;

use super::input::Cast;
use super::run;
use crate::domain::records::{Meetup, Plan};
use crate::error::Error;
use crate::matching::feasibility::IssueKind;
use crate::matching::preview::{RoundPreview, preview as engine_preview};
use crate::store;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;

/// What the organizer asks to preview: the meetups of a run, and whether the drafts' locks stay.
#[derive(Debug, Clone, Default)]
pub struct PreviewRequest {
    pub meetup_ids: Vec<Uuid>,
    pub series: Option<String>,
    pub keep_locks: Option<bool>,
}

/// One meetup of the preview.
#[derive(Debug, Clone)]
pub struct MeetupPreview {
    pub meetup: Meetup,
    pub engine: RoundPreview,
    /// The meetup of the request that forces the repeats, if one does.
    pub forced_by: Option<String>,
    /// People a valid plan cannot seat (every open table with room holds someone they must not
    /// sit with), by name.
    pub without_a_table: Vec<String>,
    /// Every reason no valid plan exists, as the organizer reads it.
    pub problems: Vec<String>,
}

/// The preview of the meetups `request` names, in the order a run would seat them.
#[instrument(skip(ctx, request))]
pub async fn preview(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    request: PreviewRequest,
) -> Result<Vec<MeetupPreview>, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let ids = super::meetups_of(
        ctx,
        &conference,
        &request.meetup_ids,
        request.series.as_deref(),
    )
    .await?;
    let loaded = run::load(ctx, conference.id, &ids).await?;
    let unknown = run::unknown(&loaded, &ids);
    if !unknown.is_empty() {
        return Err(Error::Validation(unknown));
    }
    let prepared = run::prepare(&loaded, request.keep_locks.unwrap_or(true));
    let rounds = engine_preview(&prepared.base, &prepared.rounds);
    Ok(loaded
        .meetups
        .iter()
        .zip(prepared.rounds.iter())
        .zip(rounds)
        .map(|((meetup, round), engine)| {
            let name_of = |local: u32| {
                round
                    .participants
                    .get(local as usize)
                    .map(|&global| prepared.cast.members[global as usize].name.to_string())
            };
            shown(meetup, &loaded.meetups, engine, name_of)
        })
        .collect())
}

/// The preview of one meetup as its console page shows it, with the locks of `draft` (its
/// current draft) kept: the same figures as [`preview`] gives, from who takes part and where
/// they are locked alone. Feasibility needs no one's profile: `confirmed` are the conference's
/// confirmed attendees in roster order; the names of people without a table are looked up when
/// there are any.
#[instrument(skip_all, fields(meetup = %meetup.id))]
pub async fn of_meetup(
    ctx: &Context,
    all: &[Meetup],
    meetup: &Meetup,
    draft: Option<&Plan>,
    confirmed: &[Uuid],
) -> Result<MeetupPreview, Error> {
    let meetups = std::slice::from_ref(meetup);
    let history = run::history(ctx, all, meetups).await?;
    let choices = store::meetups::choices_for_meetup(&ctx.db.read, meetup.id).await?;
    let cast = Cast::new(confirmed, &[(meetup, &choices)]);
    let history: Vec<&Plan> = history.iter().collect();
    let base = cast.problem(cast.history(&history));
    let round = cast.round(meetup, &choices, draft);
    let engine = engine_preview(&base, std::slice::from_ref(&round))
        .pop()
        .ok_or(Error::NotFound("meetup"))?;
    let id_of = |local: u32| {
        round
            .participants
            .get(local as usize)
            .map(|&global| cast.id(global))
    };
    let unseatable: Vec<Uuid> = engine
        .feasibility
        .problems
        .iter()
        .filter_map(|issue| match issue.kind {
            IssueKind::NoTableFor { person } => id_of(person),
            _ => None,
        })
        .collect();
    let names = store::roster::names_of(&ctx.db.read, meetup.conference_id, &unseatable).await?;
    let name_of = |local: u32| id_of(local).and_then(|id| names.get(&id).cloned());
    Ok(shown(meetup, meetups, engine, name_of))
}

/// The organizer's view of `engine`, the preview of `meetup` in a request for `meetups`;
/// `name_of` names a participant by their place in the meetup.
fn shown(
    meetup: &Meetup,
    meetups: &[Meetup],
    engine: RoundPreview,
    name_of: impl Fn(u32) -> Option<String>,
) -> MeetupPreview {
    let mut without_a_table = Vec::new();
    let problems = engine
        .feasibility
        .problems
        .iter()
        .map(|issue| match issue.kind {
            IssueKind::NoTableFor { person } => {
                let name = name_of(person).unwrap_or_default();
                let message = format!(
                    "{name} has no table to go to: every open table with a free seat holds someone locked there whom they must not sit with"
                );
                without_a_table.push(name);
                message
            }
            _ => issue.message.clone(),
        })
        .collect();
    let forced_by = engine
        .forced
        .filter(|f| f.repeats > 0)
        .and_then(|f| meetups.get(f.earlier))
        .map(|m| m.fields.name.clone());
    MeetupPreview {
        meetup: meetup.clone(),
        engine,
        forced_by,
        without_a_table,
        problems,
    }
}
