//! Plan runs: checked and queued as a job by the request, computed by the job runner.
//!
//! A run seats one meetup or several (a series planned together so nobody meets twice). The
//! request is validated at once (meetups exist, somebody takes part, the head count fits the
//! tables, locks can hold) so a hopeless run is a 422 rather than a failed job; the search
//! itself runs in the background, writing the matcher's progress to the job as it goes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::convert::{Seating, contents};
use super::input::{Cast, inputs_hash};
use crate::domain::records::{
    Job, JobError, JobFailure, JobFieldError, JobOutcome, JobResult, Meetup, NewPlan, Plan,
    PlanMade, PlanStatus,
};
use crate::domain::{AttendeeStatus, MessageArg, ParseError};
use crate::error::{Error, FieldError};
use crate::matching::feasibility;
use crate::matching::model::{Budget, Problem};
use crate::matching::plan::{PlanOptions, SeriesRound, seat_series_observed};
use crate::matching::progress::{Progress, Snapshot};
use crate::matching::solver::Mode;
use crate::store;
use crate::store::plans;
use crate::workflows::Context;

/// Longest a run may search, whatever it asks for.
pub const MAX_SECONDS: f64 = 300.0;
/// How often a running run writes the matcher's progress to its job: often enough for a
/// progress bar, rare enough to cost the database nothing worth measuring.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);

/// What a run was asked to do; stored as the job's parameters and with every plan it makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunParams {
    pub meetup_ids: Vec<Uuid>,
    pub seed: u64,
    /// Search iterations: with the same inputs and seed, the same plan. `None`: the engine's
    /// default for the problem's size.
    pub iterations: Option<u64>,
    /// Wall-clock cap on the search; a run stopped by it may differ between machines.
    pub max_seconds: f64,
    /// Keep the seats and tables locked in the meetups' current drafts.
    pub keep_locks: bool,
}

/// Everything a run reads, loaded once.
pub(super) struct Loaded {
    pub meetups: Vec<Meetup>,
    pub roster: Vec<crate::domain::records::Member>,
    pub choices: Vec<HashMap<Uuid, bool>>,
    /// Plans of the same series outside the run, whose pairs count as having met.
    pub history: Vec<Plan>,
    /// The current draft per meetup (for its locks), if any.
    pub drafts: Vec<Option<Plan>>,
}

pub(super) async fn load(
    ctx: &Context,
    conference_id: Uuid,
    meetup_ids: &[Uuid],
) -> Result<Loaded, Error> {
    let all = store::meetups::list(&ctx.db.read, conference_id).await?;
    let wanted: HashSet<Uuid> = meetup_ids.iter().copied().collect();
    let meetups: Vec<Meetup> = all
        .iter()
        .filter(|m| wanted.contains(&m.id))
        .cloned()
        .collect();
    let history = history(ctx, &all, &meetups).await?;
    let mut choices = Vec::with_capacity(meetups.len());
    let mut drafts = Vec::with_capacity(meetups.len());
    for m in &meetups {
        choices.push(store::meetups::choices_for_meetup(&ctx.db.read, m.id).await?);
        drafts.push(plans::latest_with_status(&ctx.db.read, m.id, PlanStatus::Draft).await?);
    }
    let roster =
        store::roster::load(&ctx.db.read, conference_id, Some(AttendeeStatus::Confirmed)).await?;
    Ok(Loaded {
        meetups,
        roster,
        choices,
        history,
        drafts,
    })
}

/// The plans of the other meetups in the series of `meetups` (of `all`, the conference's): the
/// published plan of each, or its draft while none is published. Their pairs have met.
pub(super) async fn history(
    ctx: &Context,
    all: &[Meetup],
    meetups: &[Meetup],
) -> Result<Vec<Plan>, Error> {
    let series: HashSet<&str> = meetups
        .iter()
        .filter_map(|m| m.fields.series.as_deref())
        .collect();
    let mut history = Vec::new();
    for other in all.iter().filter(|m| {
        // A cancelled meetup's tables never sat: its pairs have not met.
        !meetups.iter().any(|w| w.id == m.id)
            && !m.is_cancelled()
            && m.fields
                .series
                .as_deref()
                .is_some_and(|s| series.contains(s))
    }) {
        let plan = match plans::latest_with_status(&ctx.db.read, other.id, PlanStatus::Published)
            .await?
        {
            Some(p) => Some(p),
            None => plans::latest_with_status(&ctx.db.read, other.id, PlanStatus::Draft).await?,
        };
        history.extend(plan);
    }
    Ok(history)
}

/// The engine's input for a run.
pub(super) struct Prepared<'a> {
    pub cast: Cast<'a>,
    pub base: Problem,
    pub rounds: Vec<SeriesRound>,
    pub hash: String,
}

pub(super) fn prepare<'a>(loaded: &'a Loaded, keep_locks: bool) -> Prepared<'a> {
    let pairs: Vec<(&Meetup, &HashMap<Uuid, bool>)> =
        loaded.meetups.iter().zip(&loaded.choices).collect();
    let cast = Cast::new(&loaded.roster, &pairs);
    let history_plans: Vec<&Plan> = loaded.history.iter().collect();
    let base = cast.problem(cast.history(&history_plans));
    let rounds: Vec<SeriesRound> = loaded
        .meetups
        .iter()
        .zip(&loaded.choices)
        .zip(&loaded.drafts)
        .map(|((m, c), draft)| cast.round(m, c, if keep_locks { draft.as_ref() } else { None }))
        .collect();
    let ids: Vec<Uuid> = cast.members.iter().map(|m| m.id).collect();
    let hash = inputs_hash(&base, &rounds, &ids);
    Prepared {
        cast,
        base,
        rounds,
        hash,
    }
}

/// A field error for each of `ids` that names no meetup of the conference.
pub(super) fn unknown(loaded: &Loaded, ids: &[Uuid]) -> Vec<FieldError> {
    ids.iter()
        .enumerate()
        .filter(|(_, id)| !loaded.meetups.iter().any(|m| m.id == **id))
        .map(|(i, _)| {
            FieldError::coded(
                format!("meetup_ids[{i}]"),
                ParseError::coded(
                    "field-run-unknown-meetup",
                    [],
                    "no such meetup in this conference",
                ),
            )
        })
        .collect()
}

/// Checks a run before it is queued: every meetup exists, seats somebody, and can be seated.
pub(super) fn validate(
    loaded: &Loaded,
    prepared: &Prepared<'_>,
    ids: &[Uuid],
) -> Result<(), Error> {
    let mut errors = unknown(loaded, ids);
    for (m, round) in loaded.meetups.iter().zip(&prepared.rounds) {
        let field = format!(
            "meetup_ids[{}]",
            ids.iter().position(|x| *x == m.id).unwrap_or(0)
        );
        if round.participants.is_empty() {
            errors.push(FieldError::coded(
                field,
                ParseError::coded(
                    "field-run-nobody",
                    [("meetup", m.fields.name.clone().into())],
                    format!(
                        "nobody takes part in {:?}: no confirmed attendee is seated there",
                        m.fields.name
                    ),
                ),
            ));
            continue;
        }
        let problem = Problem {
            people: round
                .participants
                .iter()
                .map(|_| Default::default())
                .collect(),
            tables: round.tables.clone(),
            locked_seats: round
                .locked_seats
                .iter()
                .filter_map(|&(g, t)| {
                    round
                        .participants
                        .binary_search(&g)
                        .ok()
                        .map(|l| (l as u32, t))
                })
                .collect(),
            ..Problem::default()
        };
        let report = feasibility::check(&problem);
        for issue in &report.problems {
            let message = format!("{}: {}", m.fields.name, issue.message);
            errors.push(match run_form_reason(&report, issue, m, &message) {
                Some(reason) => FieldError::coded(field.clone(), reason),
                None => FieldError::new(field.clone(), message),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(errors))
    }
}

/// The reasons an organizer meets on the run form, coded so pages can say them in their
/// language: too few or too many people for the tables, and the locks of a draft kept that no
/// seating can honour (said with the tables' own numbers). A reference to nobody is the
/// service's fault, not the organizer's, and stays English.
fn run_form_reason(
    report: &feasibility::FeasibilityReport,
    issue: &feasibility::Issue,
    meetup: &Meetup,
    message: &str,
) -> Option<ParseError> {
    use feasibility::IssueKind;
    let name = meetup.fields.name.as_str();
    let number = |t: u32| {
        meetup
            .fields
            .tables
            .get(t as usize)
            .map_or(i64::from(t) + 1, |d| i64::from(d.number))
    };
    let reason = |code: &'static str, values: Vec<(&'static str, i64)>, english: String| {
        let mut args = vec![("meetup", MessageArg::from(name))];
        args.extend(values.into_iter().map(|(k, v)| (k, MessageArg::Number(v))));
        ParseError::coded_with(code, args, format!("{name}: {english}"))
    };
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    Some(match issue.kind {
        IssueKind::TooFewPeople { people, min_seats } if min_seats == report.min_seats => {
            ParseError::coded(
                "field-run-too-few",
                [
                    ("meetup", name.into()),
                    ("people", people.into()),
                    ("seats", min_seats.into()),
                ],
                message,
            )
        }
        IssueKind::TooManyPeople { people, max_seats } if max_seats == report.max_seats => {
            ParseError::coded(
                "field-run-too-many",
                [
                    ("meetup", name.into()),
                    ("people", people.into()),
                    ("seats", max_seats.into()),
                ],
                message,
            )
        }
        IssueKind::TooFewPeople { people, min_seats } => reason(
            "field-run-too-few-locks",
            vec![
                ("people", i64::from(people)),
                ("seats", count(min_seats)),
                ("minimums", count(report.min_seats)),
            ],
            format!(
                "{people} people cannot fill the tables, which need at least {min_seats} with the locks (the tables' minimums add up to {})",
                report.min_seats
            ),
        ),
        IssueKind::TooManyPeople { people, max_seats } => reason(
            "field-run-too-many-locks",
            vec![
                ("people", i64::from(people)),
                ("seats", count(max_seats)),
                ("maximums", count(report.max_seats)),
            ],
            format!(
                "{people} people do not fit at the tables, which hold at most {max_seats} with the locks (the tables' maximums add up to {})",
                report.max_seats
            ),
        ),
        IssueKind::TableBoundsInverted { table, min, max } => reason(
            "field-run-bounds-inverted",
            vec![
                ("table", number(table)),
                ("min", i64::from(min)),
                ("max", i64::from(max)),
            ],
            format!(
                "table {} has a minimum of {min} above its maximum of {max}",
                number(table)
            ),
        ),
        IssueKind::LockedSeatsOverCapacity { table, locked, max } => reason(
            "field-run-locked-over",
            vec![
                ("table", number(table)),
                ("locked", i64::from(locked)),
                ("max", i64::from(max)),
            ],
            format!(
                "{locked} people are locked to table {}, which seats at most {max}",
                number(table)
            ),
        ),
        IssueKind::LockedTableUnderMinimum { table, locked, min } => reason(
            "field-run-locked-under",
            vec![
                ("table", number(table)),
                ("locked", i64::from(locked)),
                ("min", i64::from(min)),
            ],
            format!(
                "table {} is locked with {locked} people but needs at least {min}",
                number(table)
            ),
        ),
        IssueKind::BlockedPairLockedTogether { table, .. } => reason(
            "field-run-blocked-together",
            vec![("table", number(table))],
            format!(
                "two people who must not sit together are both locked to table {}",
                number(table)
            ),
        ),
        IssueKind::NoTableFor { .. } => reason(
            "field-run-no-table",
            Vec::new(),
            "someone has no table to go to: every open table with a free seat holds someone locked there whom they must not sit with".to_owned(),
        ),
        IssueKind::LockedSeatUnknownPerson { .. }
        | IssueKind::LockedSeatUnknownTable { .. }
        | IssueKind::PersonLockedTwice { .. }
        | IssueKind::UnknownPerson { .. } => return None,
    })
}

/// Computes and stores the plans of a claimed run job; `Ok` holds the job's result, `Err` the
/// error the job reports.
pub async fn execute(ctx: &Context, job: &Job, now: impl Fn() -> DateTime<Utc>) -> JobOutcome {
    let params: RunParams = serde_json::from_value(job.params.clone())
        .map_err(|e| JobError::new(JobFailure::InvalidParameters, e))?;
    let loaded = load(ctx, job.conference_id, &params.meetup_ids)
        .await
        .map_err(|e| super::job_error(JobFailure::LoadingFailed, e))?;
    if let Some(cancelled) = loaded.meetups.iter().find(|m| m.is_cancelled()) {
        return Err(JobError::new(
            JobFailure::MeetupCancelled,
            format!(
                "{:?} was cancelled after the run was queued",
                cancelled.fields.name
            ),
        ));
    }
    let prepared = prepare(&loaded, params.keep_locks);
    if let Err(Error::Validation(errors)) = validate(&loaded, &prepared, &params.meetup_ids) {
        return Err(JobError {
            errors: errors
                .into_iter()
                .map(|e| JobFieldError {
                    field: e.field,
                    message: e.message,
                    code: e.code.map(str::to_owned),
                    args: e
                        .args
                        .into_iter()
                        .map(|(name, value)| (name.to_owned(), value))
                        .collect(),
                })
                .collect(),
            ..JobError::of(JobFailure::NoLongerSeatable)
        });
    }
    let started = std::time::Instant::now();
    let options = PlanOptions {
        seed: params.seed,
        budget: Budget {
            converge: true,
            max_iterations: params.iterations,
            deadline: Some(started + std::time::Duration::from_secs_f64(params.max_seconds)),
        },
        lanes: 2,
        mode: Mode::Quality,
    };
    let base = prepared.base.clone();
    let rounds = prepared.rounds.clone();
    let progress = Arc::new(Progress::new());
    let engine = {
        let progress = Arc::clone(&progress);
        tokio::task::spawn_blocking(move || {
            seat_series_observed(&base, &rounds, &options, &progress)
        })
    };
    let outcome = reporting(ctx, job.id, &progress, engine)
        .await
        .map_err(|e| JobError::new(JobFailure::MatcherStopped, e))?;
    let seated = match outcome {
        Ok(seated) => seated,
        Err(e) => {
            report(ctx, job.id, progress.snapshot()).await;
            return Err(JobError::new(JobFailure::NoPlan, e));
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let last = progress.snapshot();

    let mut drafts = Vec::new();
    for (i, (meetup, seating)) in loaded.meetups.iter().zip(&seated).enumerate() {
        let locks = prepared.rounds[i]
            .locked_seats
            .iter()
            .map(|&(g, _)| prepared.cast.id(g))
            .collect();
        let locked_tables = meetup
            .fields
            .tables
            .iter()
            .zip(&prepared.rounds[i].tables)
            .filter(|(_, spec)| spec.locked)
            .map(|(def, _)| def.number)
            .collect();
        let table_of: Vec<u32> = seating
            .participants
            .iter()
            .map(|&g| seating.table_of[g as usize].unwrap_or(0))
            .collect();
        let c = contents(
            &prepared.cast,
            meetup,
            &Seating {
                participants: &seating.participants,
                table_of: &table_of,
                report: &seating.report,
                solver: Some(seating.solver),
                locked_people: &locks,
                locked_tables: &locked_tables,
                notes: &seating.notes,
            },
        );
        let mut metrics = c.metrics;
        metrics["seconds"] = json!((seconds * 1000.0).round() / 1000.0);
        let new = NewPlan {
            meetup_id: meetup.id,
            job_id: Some(job.id),
            seed: params.seed,
            params: serde_json::to_value(&params).unwrap_or_default(),
            inputs_hash: prepared.hash.clone(),
            metrics,
            tables: c.tables,
            seats: c.seats,
        };
        drafts.push(new);
    }
    // One transaction for every meetup's draft, run again if it loses a conflict with another
    // instance's (each attempt starts from nothing stored).
    let mut attempt = 1;
    let ids = loop {
        match store_drafts(ctx, &drafts, now()).await {
            Err(e) if store::retry::again(attempt, &e).await => attempt += 1,
            stored => break stored,
        }
    }
    .map_err(|e| super::job_error(JobFailure::StoringFailed, e.into()))?;
    let made = drafts
        .iter()
        .zip(ids)
        .map(|(new, plan_id)| PlanMade {
            meetup_id: new.meetup_id,
            plan_id,
        })
        .collect();
    // After the plans' transaction, whose failure would fail the run (a failed statement aborts
    // a PostgreSQL transaction), and before the job is marked finished, so a finished job never
    // shows an older progress.
    report(ctx, job.id, last).await;
    Ok(JobResult::Plans {
        plans: made,
        inputs_hash: prepared.hash,
        seconds,
    })
}

/// Stores `drafts` in one transaction; their ids.
async fn store_drafts(
    ctx: &Context,
    drafts: &[NewPlan],
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, sea_orm::DbErr> {
    let txn = ctx.db.write.begin().await?;
    let mut ids = Vec::with_capacity(drafts.len());
    for new in drafts {
        ids.push(plans::insert_draft(&txn, new, now).await?);
    }
    txn.commit().await?;
    Ok(ids)
}

/// Awaits the matcher, writing its progress to the job every [`PROGRESS_EVERY`] (the first at
/// once) until it ends.
async fn reporting<T>(
    ctx: &Context,
    job: Uuid,
    progress: &Progress,
    mut engine: tokio::task::JoinHandle<T>,
) -> Result<T, tokio::task::JoinError> {
    let mut ticks = tokio::time::interval(PROGRESS_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            biased;
            ended = &mut engine => return ended,
            _ = ticks.tick() => report(ctx, job, progress.snapshot()).await,
        }
    }
}

/// Writes one progress report. A report that cannot be written is only logged: progress is for
/// people watching, and the run goes on without it.
async fn report(ctx: &Context, job: Uuid, snapshot: Snapshot) {
    if let Err(e) = store::jobs::set_progress(&ctx.db.write, job, &json!(snapshot)).await {
        tracing::warn!(error = %e, job = %job, "recording a run's progress failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::{MeetupFields, TableDef};
    use crate::matching::model::TableSpec;

    fn lunch(numbers: &[i32]) -> Meetup {
        let at = chrono::DateTime::<Utc>::UNIX_EPOCH;
        Meetup {
            id: Uuid::nil(),
            conference_id: Uuid::nil(),
            fields: MeetupFields {
                name: "Lunch".into(),
                series: None,
                starts_at: at,
                ends_at: at,
                location: String::new(),
                opt_in_only: false,
                tables: numbers
                    .iter()
                    .map(|&number| TableDef {
                        number,
                        label: format!("Table {number}"),
                        min: 2,
                        max: 3,
                    })
                    .collect(),
            },
            cancelled_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    /// The reasons of every problem of `problem` for a meetup whose tables are numbered
    /// `numbers`, in English and German.
    fn reasons(problem: &Problem, numbers: &[i32]) -> Vec<(String, String)> {
        let meetup = lunch(numbers);
        let report = feasibility::check(problem);
        assert!(!report.problems.is_empty());
        report
            .problems
            .iter()
            .map(|issue| {
                let reason = run_form_reason(&report, issue, &meetup, &issue.message)
                    .expect("a reason the organizer can act on");
                let error = FieldError::coded("meetup_ids[0]", reason);
                let said = |language| {
                    let args: Vec<(&str, crate::i18n::Arg)> = error
                        .args
                        .iter()
                        .map(|(name, value)| {
                            let value = match value {
                                MessageArg::Number(n) => crate::i18n::Arg::Number(*n),
                                MessageArg::Text(t) => crate::i18n::Arg::Text(t.clone()),
                            };
                            (*name, value)
                        })
                        .collect();
                    crate::i18n::translate(language, error.code.expect("coded"), &args)
                        .expect("in the catalogue")
                };
                assert_eq!(said(crate::domain::Language::En), error.message);
                (error.message.clone(), said(crate::domain::Language::De))
            })
            .collect()
    }

    #[test]
    fn locks_no_seating_can_honour_are_said_with_the_tables_own_numbers_in_both_languages() {
        // Four people locked to the second table (number 12), which seats three.
        let problem = Problem {
            people: vec![Default::default(); 5],
            tables: vec![TableSpec::open(2, 3), TableSpec::open(2, 3)],
            locked_seats: (0..4).map(|p| (p, 1)).collect(),
            ..Problem::default()
        };
        let said = reasons(&problem, &[11, 12]);
        assert!(
            said.iter().any(|(english, german)| english
                == "Lunch: 4 people are locked to table 12, which seats at most 3"
                && german
                    == "Lunch: 4 Personen sind an Tisch 12 fixiert, der höchstens 3 Plätze hat"),
            "{said:?}"
        );
    }
}
