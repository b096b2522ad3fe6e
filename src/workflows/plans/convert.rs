//! From the engine's seating and explanation (indices) to what a stored plan holds (attendee
//! ids, table numbers, JSON explanations and metrics).

use std::collections::HashSet;

use serde_json::{Value, json};
use uuid::Uuid;

use super::input::Cast;
use crate::domain::records::{Meetup, PlanTable, Seat};
use crate::matching::explain::{PlanReport, TableReport};
use crate::matching::model::{PersonId, TableId};
use crate::matching::plan::SolverKind;
use crate::matching::rules::RuleNote;

/// The stored form of one meetup's seating.
pub struct Contents {
    pub tables: Vec<PlanTable>,
    pub seats: Vec<Seat>,
    pub metrics: Value,
}

/// `table_of[local]` is the table index of `participants[local]` (global person indices into
/// `cast`); `report` is the engine's explanation in the same local indices.
pub struct Seating<'a> {
    pub participants: &'a [PersonId],
    pub table_of: &'a [TableId],
    pub report: &'a PlanReport,
    pub solver: Option<SolverKind>,
    /// Seats and tables that stay locked.
    pub locked_people: &'a HashSet<Uuid>,
    pub locked_tables: &'a HashSet<i32>,
    /// The rules this seating does not fully keep, and why.
    pub notes: &'a [RuleNote],
}

pub fn contents(cast: &Cast<'_>, meetup: &Meetup, seating: &Seating<'_>) -> Contents {
    let id_of = |local: PersonId| cast.id(seating.participants[local as usize]);
    let defs = &meetup.fields.tables;
    let seats = seating
        .table_of
        .iter()
        .enumerate()
        .map(|(local, &t)| {
            let attendee_id = id_of(local as PersonId);
            let table_number = defs[t as usize].number;
            Seat {
                attendee_id,
                table_number,
                locked: seating.locked_people.contains(&attendee_id)
                    || seating.locked_tables.contains(&table_number),
            }
        })
        .collect();
    let tables = defs
        .iter()
        .zip(&seating.report.tables)
        .map(|(def, report)| PlanTable {
            number: def.number,
            label: def.label.clone(),
            min: def.min,
            max: def.max,
            locked: seating.locked_tables.contains(&def.number),
            explanation: explanation(cast, report, &id_of),
        })
        .collect();
    let m = &seating.report.metrics;
    let metrics = json!({
        "people": seating.participants.len(),
        "tables": defs.len(),
        "solver": seating.solver,
        "objective": round3(m.objective),
        "orphans": m.orphans.iter().map(|&p| id_of(p)).collect::<Vec<_>>(),
        "repeated_pairs": m.repeated_pairs.iter().map(|&(a, b, times)| json!({"a": id_of(a), "b": id_of(b), "times_before": times})).collect::<Vec<_>>(),
        "min_shared_interests": m.min_shared_interests,
        "mean_shared_interests": round3(m.mean_shared_interests),
        "wanted_pairs_seated": seating.report.tables.iter().map(|t| t.wanted_pairs.len()).sum::<usize>(),
        "mutual_pairs_seated": seating.report.tables.iter().map(|t| t.wanted_pairs.iter().filter(|w| w.mutual).count()).sum::<usize>(),
        "mutual_wants": m.mutual_wants,
        "one_sided_wants": m.one_sided_wants,
        "people_alone": m.people_alone.len(),
        "people_sharing_no_interest": m.orphans.len(),
        "repeats": m.repeated_pairs.len(),
        "rules": seating.notes,
        "size_violations": m.size_violations.iter().map(|v| json!({"table": defs[v.table as usize].number, "size": v.size, "min": v.min, "max": v.max})).collect::<Vec<_>>(),
    });
    Contents {
        tables,
        seats,
        metrics,
    }
}

fn explanation(cast: &Cast<'_>, report: &TableReport, id_of: &dyn Fn(PersonId) -> Uuid) -> Value {
    let s = &report.score;
    json!({
        "shared_interests": report.shared_interests.iter().map(|si| json!({
            "interest": cast.vocabulary.get(si.interest as usize),
            "attendee_ids": si.people.iter().map(|&p| id_of(p)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "wanted_pairs": report.wanted_pairs.iter().map(|w| json!({
            "a": id_of(w.a), "b": id_of(w.b), "mutual": w.mutual,
        })).collect::<Vec<_>>(),
        "score": {
            "total": round3(s.affinity),
            "interests": round3(s.interests_and_rest),
            "wants": round3(s.wants),
            "same_affiliation": round3(s.same_affiliation),
            "met_before": round3(s.met_before),
            "same_affiliation_pairs": s.same_affiliation_pairs,
            "repeated_pairs": s.repeated_pairs,
        },
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
