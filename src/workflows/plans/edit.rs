//! Hand adjustments of a draft (move, swap, lock, unlock) and publication.
//!
//! Every change names the plan version it was made against and is applied all-or-nothing; the
//! explanation and metrics are recomputed from the engine's explainer, so "why is X here" stays
//! true after a hand edit.

use crate::domain::webhooks::Event;
use crate::workflows::webhooks;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use tracing::instrument;
use uuid::Uuid;

use super::convert::{Seating, contents};
use super::input::{Cast, table_index, table_specs};
use super::notify::{Mailing, introductions};
use crate::domain::records::{Meetup, Plan, PlanStatus, Seat};
use crate::domain::{AttendeeStatus, ParseError};
use crate::error::{Error, FieldError};
use crate::matching::explain::explain;
use crate::matching::model::{Assignment, PersonId, Problem, TableId};
use crate::matching::priorities::prioritised;
use crate::matching::rules::{self, MissedPairs, Origin, SeatingFacts, most_forced};
use crate::store;
use crate::store::meetups::takes_part;
use crate::store::plans;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;

/// One hand adjustment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    Move { attendee_id: Uuid, table: i32 },
    Swap { a: Uuid, b: Uuid },
    LockSeat { attendee_id: Uuid },
    UnlockSeat { attendee_id: Uuid },
    LockTable { table: i32 },
    UnlockTable { table: i32 },
}

/// Applies `operations` to draft `plan_id` at `version`, all or nothing.
#[instrument(skip(ctx, operations, now))]
pub async fn adjust(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    plan_id: Uuid,
    version: i32,
    operations: &[Operation],
    now: DateTime<Utc>,
) -> Result<super::PlanView, Error> {
    let (meetup, plan) = super::get(ctx, organizer_id, slug, plan_id).await?;
    super::refuse_if_cancelled(&meetup, "adjusted")?;
    if plan.status != PlanStatus::Draft {
        let status = plan.status.to_string();
        return Err(Error::refused(
            Some("status"),
            ParseError::coded(
                "conflict-adjust-not-draft",
                [("status", status.as_str().into())],
                format!(
                    "this plan is {status}; only a draft can be adjusted (a published plan changes through repair)"
                ),
            ),
        ));
    }
    check_version(&plan, version)?;
    let mut seats: BTreeMap<Uuid, Seat> = plan.seats.iter().map(|s| (s.attendee_id, *s)).collect();
    let mut locked_tables: HashSet<i32> = plan
        .tables
        .iter()
        .filter(|t| t.locked)
        .map(|t| t.number)
        .collect();
    let tables: HashMap<i32, (i32, i32)> = plan
        .tables
        .iter()
        .map(|t| (t.number, (t.min, t.max)))
        .collect();
    let mut errors = Vec::new();
    for (i, op) in operations.iter().enumerate() {
        if let Err(e) = apply(op, &mut seats, &mut locked_tables, &tables) {
            errors.push(FieldError::new(format!("operations[{i}].{}", e.0), e.1));
            break;
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let seats: Vec<Seat> = seats.into_values().collect();
    let roster = store::roster::load(&ctx.db.read, meetup.conference_id, None).await?;
    let history = super::run::load(ctx, meetup.conference_id, &[meetup.id])
        .await?
        .history;
    let recomputed = explain_seats(&roster, &meetup, &seats, &locked_tables, &history)?;
    let txn = ctx.db.write.begin().await?;
    if !plans::bump_version(&txn, plan.id, version, &recomputed.metrics, now).await? {
        return Err(stale(version));
    }
    plans::replace_contents(&txn, plan.id, &recomputed.tables, &seats).await?;
    txn.commit().await?;
    let plan = plans::find(&ctx.db.read, plan.id)
        .await?
        .ok_or(Error::NotFound("plan"))?;
    super::view(ctx, meetup.conference_id, plan).await
}

/// Why one operation cannot be applied: (sub-field, message).
struct OpError(&'static str, String);

fn apply(
    op: &Operation,
    seats: &mut BTreeMap<Uuid, Seat>,
    locked_tables: &mut HashSet<i32>,
    tables: &HashMap<i32, (i32, i32)>,
) -> Result<(), OpError> {
    let size = |seats: &BTreeMap<Uuid, Seat>, t: i32| {
        seats.values().filter(|s| s.table_number == t).count() as i32
    };
    let seat_of = |seats: &BTreeMap<Uuid, Seat>, id: Uuid, field: &'static str| {
        seats
            .get(&id)
            .copied()
            .ok_or_else(|| OpError(field, format!("attendee {id} is not seated in this plan")))
    };
    let known_table = |t: i32| {
        if tables.contains_key(&t) {
            Ok(())
        } else {
            Err(OpError("table", format!("this meetup has no table {t}")))
        }
    };
    match *op {
        Operation::Move { attendee_id, table } => {
            known_table(table)?;
            let seat = seat_of(seats, attendee_id, "attendee_id")?;
            if seat.locked {
                return Err(OpError(
                    "attendee_id",
                    "this seat is locked; unlock it first".into(),
                ));
            }
            if locked_tables.contains(&seat.table_number) || locked_tables.contains(&table) {
                return Err(OpError(
                    "table",
                    "a locked table keeps its people; unlock it first".into(),
                ));
            }
            if seat.table_number != table {
                let max = tables[&table].1;
                if size(seats, table) >= max {
                    return Err(OpError(
                        "table",
                        format!("table {table} is full ({max} seats)"),
                    ));
                }
            }
            seats.insert(
                attendee_id,
                Seat {
                    table_number: table,
                    ..seat
                },
            );
        }
        Operation::Swap { a, b } => {
            let sa = seat_of(seats, a, "a")?;
            let sb = seat_of(seats, b, "b")?;
            for (s, field) in [(sa, "a"), (sb, "b")] {
                if s.locked || locked_tables.contains(&s.table_number) {
                    return Err(OpError(
                        field,
                        "this seat or its table is locked; unlock it first".into(),
                    ));
                }
            }
            seats.insert(
                a,
                Seat {
                    table_number: sb.table_number,
                    ..sa
                },
            );
            seats.insert(
                b,
                Seat {
                    table_number: sa.table_number,
                    ..sb
                },
            );
        }
        Operation::LockSeat { attendee_id } | Operation::UnlockSeat { attendee_id } => {
            let seat = seat_of(seats, attendee_id, "attendee_id")?;
            let locked = matches!(op, Operation::LockSeat { .. });
            seats.insert(attendee_id, Seat { locked, ..seat });
        }
        Operation::LockTable { table } => {
            known_table(table)?;
            let (min, _) = tables[&table];
            if size(seats, table) < min {
                return Err(OpError(
                    "table",
                    format!(
                        "table {table} holds fewer than its minimum of {min}; a locked table must stay valid"
                    ),
                ));
            }
            locked_tables.insert(table);
        }
        Operation::UnlockTable { table } => {
            known_table(table)?;
            locked_tables.remove(&table);
        }
    }
    Ok(())
}

fn check_version(plan: &Plan, version: i32) -> Result<(), Error> {
    if plan.version == version {
        Ok(())
    } else {
        Err(stale(version))
    }
}

pub(super) fn stale(version: i32) -> Error {
    Error::refused(
        Some("version"),
        ParseError::coded(
            "conflict-plan-changed",
            [("version", version.into())],
            format!("the plan changed since version {version}; reload it and try again"),
        ),
    )
}

/// The stored contents of `seats` with a fresh explanation.
pub(super) fn explain_seats(
    roster: &[crate::domain::records::Member],
    meetup: &Meetup,
    seats: &[Seat],
    locked_tables: &HashSet<i32>,
    history: &[Plan],
) -> Result<super::convert::Contents, Error> {
    let seated: HashSet<Uuid> = seats.iter().map(|s| s.attendee_id).collect();
    let cast = Cast::of(roster, &seated);
    let history_plans: Vec<&Plan> = history.iter().collect();
    let index_of: HashMap<i32, TableId> = table_index(meetup);
    let mut table_of = vec![0 as TableId; cast.members.len()];
    for s in seats {
        let (Some(p), Some(&t)) = (cast.person(s.attendee_id), index_of.get(&s.table_number))
        else {
            return Err(Error::internal(anyhow::anyhow!(
                "seat of {} at table {} does not fit the meetup",
                s.attendee_id,
                s.table_number
            )));
        };
        table_of[p as usize] = t;
    }
    let problem = Problem {
        tables: table_specs(meetup, locked_tables),
        ..cast.problem(cast.history(&history_plans))
    };
    let (prioritised_problem, affinity) = prioritised(&problem).map_err(Error::internal)?;
    let assignment = Assignment {
        table_of: table_of.clone(),
    };
    let report = explain(&prioritised_problem, &affinity, &assignment).map_err(Error::internal)?;
    let covering = history
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            let there: HashSet<Uuid> = h.seats.iter().map(|s| s.attendee_id).collect();
            seated.is_subset(&there)
        })
        .map(|(i, h)| (i, h.tables.len() as u64));
    let people = cast.members.len() as u64;
    let notes = rules::notes(&SeatingFacts {
        tables: &problem.tables,
        people,
        forced: most_forced(&problem.tables, people, covering),
        repeats: report.metrics.repeated_pairs.len() as u64,
        missed: mutual_pairs_missed(&problem, &table_of),
        people_alone: report.metrics.people_alone.len(),
        origin: Origin::Adjusted,
    });
    let participants: Vec<PersonId> = (0..cast.members.len() as PersonId).collect();
    let locked_people: HashSet<Uuid> = seats
        .iter()
        .filter(|s| s.locked)
        .map(|s| s.attendee_id)
        .collect();
    Ok(contents(
        &cast,
        meetup,
        &Seating {
            participants: &participants,
            table_of: &table_of,
            report: &report,
            solver: None,
            locked_people: &locked_people,
            locked_tables,
            notes: &notes,
        },
    ))
}

/// Mutual want pairs (neither blocking the other) seated apart in `table_of` who have not sat
/// together at another meetup either, of all such pairs.
fn mutual_pairs_missed(problem: &Problem, table_of: &[TableId]) -> MissedPairs {
    let met: HashSet<(PersonId, PersonId)> =
        problem.met_before.iter().map(|&(a, b, _)| (a, b)).collect();
    let (mut missed, mut possible) = (0, 0);
    for (p, person) in problem.people.iter().enumerate() {
        let p = p as PersonId;
        for &q in person.wants.iter().filter(|&&q| q > p) {
            let other = &problem.people[q as usize];
            if !other.wants.contains(&p) || person.blocks.contains(&q) || other.blocks.contains(&p)
            {
                continue;
            }
            possible += 1;
            if table_of[p as usize] != table_of[q as usize] && !met.contains(&(p, q)) {
                missed += 1;
            }
        }
    }
    MissedPairs::AtThisMeetup { missed, possible }
}

/// Who should be seated at `meetup` now: confirmed attendees taking part.
pub(super) async fn current_participants(
    ctx: &Context,
    meetup: &Meetup,
) -> Result<HashSet<Uuid>, Error> {
    let roster = store::roster::load(
        &ctx.db.read,
        meetup.conference_id,
        Some(AttendeeStatus::Confirmed),
    )
    .await?;
    let choices = store::meetups::choices_for_meetup(&ctx.db.read, meetup.id).await?;
    Ok(roster
        .iter()
        .filter(|m| takes_part(&meetup.fields, choices.get(&m.id).copied()))
        .map(|m| m.id)
        .collect())
}

/// Publishes draft `plan_id` at `version`. Refused when the plan no longer seats exactly the
/// people who take part now, or breaks a table's size bounds.
#[instrument(skip(ctx, now))]
pub async fn publish(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    plan_id: Uuid,
    version: i32,
    now: DateTime<Utc>,
) -> Result<super::PlanView, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let (meetup, plan) = super::get(ctx, organizer_id, slug, plan_id).await?;
    check_publishable(ctx, &meetup, &plan, version).await?;
    let txn = ctx.db.write.begin().await?;
    if !plans::publish(&txn, plan.id, meetup.id, version, now).await? {
        return Err(stale(version));
    }
    let mailing = Mailing {
        conference: &conference,
        meetup: &meetup,
        reminders: ctx.reminders,
        now,
    };
    introductions(&txn, &mailing, plan.id).await?;
    let published = Event::PlanPublished {
        meetup_id: meetup.id,
        plan_id: plan.id,
        version,
    };
    webhooks::emit(&txn, &conference, &[published], now).await?;
    txn.commit().await?;
    let plan = plans::find(&ctx.db.read, plan.id)
        .await?
        .ok_or(Error::NotFound("plan"))?;
    super::view(ctx, meetup.conference_id, plan).await
}

/// Why draft `plan` of `meetup` cannot be published at `version`, if it cannot: it is no
/// longer a draft or at that version, no longer seats exactly the people who take part now, or
/// breaks a table's size bounds.
pub(super) async fn check_publishable(
    ctx: &Context,
    meetup: &Meetup,
    plan: &Plan,
    version: i32,
) -> Result<(), Error> {
    super::refuse_if_cancelled(meetup, "published")?;
    if plan.status != PlanStatus::Draft {
        let status = plan.status.to_string();
        return Err(Error::refused(
            Some("status"),
            ParseError::coded(
                "conflict-publish-not-draft",
                [("status", status.as_str().into())],
                format!("this plan is {status}; only a draft can be published"),
            ),
        ));
    }
    check_version(plan, version)?;
    let seated: HashSet<Uuid> = plan.seats.iter().map(|s| s.attendee_id).collect();
    let now_taking_part = current_participants(ctx, meetup).await?;
    let joined = now_taking_part.difference(&seated).count();
    let left = seated.difference(&now_taking_part).count();
    if joined > 0 || left > 0 {
        return Err(Error::refused(
            Some("plan"),
            ParseError::coded(
                "conflict-roster-changed",
                [("joined", joined.into()), ("left", left.into())],
                format!(
                    "the plan no longer matches the attendees: {joined} joined and {left} left since it was made; run the matcher again"
                ),
            ),
        ));
    }
    let mut sizes: BTreeMap<i32, i32> = BTreeMap::new();
    for s in &plan.seats {
        *sizes.entry(s.table_number).or_default() += 1;
    }
    for t in &plan.tables {
        let size = sizes.get(&t.number).copied().unwrap_or(0);
        if size != 0 && (size < t.min || size > t.max) {
            return Err(Error::refused(
                Some("plan"),
                ParseError::coded(
                    "conflict-table-out-of-bounds",
                    [
                        ("table", t.number.into()),
                        ("size", size.into()),
                        ("min", t.min.into()),
                        ("max", t.max.into()),
                    ],
                    format!(
                        "table {} seats {size}, outside its bounds {}–{}; adjust the plan first",
                        t.number, t.min, t.max
                    ),
                ),
            ));
        }
    }
    Ok(())
}
