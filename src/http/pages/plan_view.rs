//! What the console's meetup page shows about a plan and its forms: the people and tables the
//! adjustment forms offer, the note on what the last
//! adjustment did to the score, and the run form's settings read into a run request.

use std::collections::HashMap;

use actix_web::{HttpRequest, web};
use serde::Serialize;
use uuid::Uuid;

use super::form::Fields;
use crate::domain::records::Plan;
use crate::error::{Error, FieldError};
use crate::http::dto::plans::{MemberOut, PlanOut};
use crate::workflows::plans::RunRequest;

/// One seated person, as the adjustment forms offer them.
#[derive(Serialize)]
pub struct PersonView {
    id: Uuid,
    name: String,
    locked: bool,
}

impl From<&MemberOut> for PersonView {
    fn from(m: &MemberOut) -> Self {
        Self {
            id: m.attendee_id,
            name: m.name.clone(),
            locked: m.locked,
        }
    }
}

/// A table someone can be moved to.
#[derive(Serialize)]
pub struct TableChoice {
    number: i32,
    label: String,
}

/// Every table of the plan, empty ones too.
pub fn choices(plan: &PlanOut) -> Vec<TableChoice> {
    plan.tables
        .iter()
        .map(|t| TableChoice {
            number: t.number,
            label: t.label.clone(),
        })
        .collect()
}

/// The tables whose people `new` changed from `old`, each with its score in `old`, as the
/// meetup page's `tables` query value: `1:4.2,3:0.5`.
pub fn changed_tables(old: &Plan, new: &Plan) -> String {
    let members = |plan: &Plan| {
        let mut tables: HashMap<i32, std::collections::BTreeSet<Uuid>> = HashMap::new();
        for s in &plan.seats {
            tables
                .entry(s.table_number)
                .or_default()
                .insert(s.attendee_id);
        }
        tables
    };
    let (before, after) = (members(old), members(new));
    old.tables
        .iter()
        .filter(|t| before.get(&t.number) != after.get(&t.number))
        .map(|t| format!("{}:{}", t.number, score_of(t)))
        .collect::<Vec<_>>()
        .join(",")
}

/// A table's score as its explanation states it.
fn score_of(table: &crate::domain::records::PlanTable) -> f64 {
    table.explanation["score"]["total"].as_f64().unwrap_or(0.0)
}

/// What the meetup page's address says about an adjustment just made: the draft's version it
/// made, the plan's score before it and the changed tables' scores before it.
pub struct AdjustedQuery {
    version: i32,
    before: f64,
    tables: Vec<(i32, f64)>,
}

/// The note the meetup page shows after an adjustment.
#[derive(Serialize)]
pub struct AdjustedNotice {
    version: i32,
    before: String,
    after: String,
    change: String,
    better: bool,
    worse: bool,
    tables: Vec<TableChange>,
}

/// One table the adjustment changed, and its score before and after.
#[derive(Serialize)]
pub struct TableChange {
    label: String,
    before: String,
    after: String,
    change: String,
}

/// How many changed tables the note names at most (a move or swap changes two).
const TABLES_NOTED: usize = 4;

impl AdjustedQuery {
    /// `?adjusted=VERSION&before=SCORE`, if the address carries both.
    pub fn of(req: &HttpRequest) -> Option<Self> {
        let query = web::Query::<HashMap<String, String>>::from_query(req.query_string()).ok()?;
        let tables = query
            .get("tables")
            .map(String::as_str)
            .unwrap_or_default()
            .split(',')
            .filter_map(|pair| {
                let (number, score) = pair.split_once(':')?;
                let score: f64 = score.parse().ok().filter(|s: &f64| s.is_finite())?;
                Some((number.parse().ok()?, score))
            })
            .take(TABLES_NOTED)
            .collect();
        Some(Self {
            tables,
            version: query.get("adjusted")?.parse().ok()?,
            before: query
                .get("before")?
                .parse()
                .ok()
                .filter(|b: &f64| b.is_finite())?,
        })
    }

    /// The note, while `draft` is still the version the adjustment made.
    pub fn notice(self, draft: Option<&Plan>) -> Option<AdjustedNotice> {
        let draft = draft.filter(|d| d.version == self.version)?;
        let after = draft.metrics["objective"].as_f64()?;
        let change = after - self.before;
        let tables = self
            .tables
            .iter()
            .filter_map(|&(number, before)| {
                let table = draft.tables.iter().find(|t| t.number == number)?;
                let after = score_of(table);
                Some(TableChange {
                    label: table.label.clone(),
                    before: format!("{before:.3}"),
                    after: format!("{after:.3}"),
                    change: format!("{:+.3}", after - before),
                })
            })
            .collect();
        Some(AdjustedNotice {
            tables,
            version: self.version,
            before: format!("{:.3}", self.before),
            after: format!("{after:.3}"),
            change: format!("{change:+.3}"),
            better: change > 0.0005,
            worse: change < -0.0005,
        })
    }
}

/// The run form's settings as sent, to show again when the run is refused; its settings are
/// open then, so the field the refusal names is in view.
#[derive(Serialize)]
pub struct RunFormView {
    max_seconds: String,
    seed: String,
    keep_locks: bool,
    series: bool,
    open: bool,
}

impl Default for RunFormView {
    fn default() -> Self {
        Self {
            max_seconds: String::new(),
            seed: String::new(),
            keep_locks: true,
            series: false,
            open: false,
        }
    }
}

impl RunFormView {
    pub fn of(fields: &Fields) -> Self {
        Self {
            max_seconds: fields.get("max_seconds").to_owned(),
            seed: fields.get("seed").to_owned(),
            keep_locks: fields.get("keep_locks") != "false",
            series: !fields.get("series").is_empty(),
            open: true,
        }
    }
}

/// The run form's optional fields as a run of meetup `meetup_id`: a time budget in seconds, a
/// seed, whether locked seats stay (`keep_locks=true|false`) and, with `series` naming the
/// meetup's series, every meetup of that series seated together. Empty fields take the API's
/// defaults.
pub fn run_request(fields: &Fields, meetup_id: Uuid) -> Result<RunRequest, Error> {
    let language = crate::http::language::current();
    let message = |id: &str| crate::i18n::text(language, id, &[]);
    let mut errors = Vec::new();
    let max_seconds = match fields.get("max_seconds").trim() {
        "" => None,
        text => text.parse::<f64>().map_or_else(
            |_| {
                errors.push(FieldError::new("max_seconds", message("run-error-budget")));
                None
            },
            Some,
        ),
    };
    let seed = match fields.get("seed").trim() {
        "" => None,
        text => text.parse::<u64>().map_or_else(
            |_| {
                errors.push(FieldError::new("seed", message("run-error-seed")));
                None
            },
            Some,
        ),
    };
    let keep_locks = match fields.get("keep_locks") {
        "" => None,
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            errors.push(FieldError::new("keep_locks", message("run-error-locks")));
            None
        }
    };
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let series = Some(fields.get("series").trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    Ok(RunRequest {
        meetup_ids: if series.is_some() {
            Vec::new()
        } else {
            vec![meetup_id]
        },
        series,
        seed,
        max_seconds,
        keep_locks,
        ..RunRequest::default()
    })
}

/// `err` with each refused run field's message led by the name the run form gives it (the
/// message itself is the API's, which stays English).
pub fn labelled(err: Error) -> Error {
    let language = crate::http::language::current();
    match err {
        Error::Validation(errors) => Error::Validation(
            errors
                .into_iter()
                .map(|e| {
                    let label = match e.field.as_str() {
                        "max_seconds" => "run-budget-label",
                        "seed" => "run-seed-label",
                        "series" => "run-series-label",
                        _ => return e,
                    };
                    let label = crate::i18n::text(language, label, &[]);
                    let message = super::field_message::localized(&e);
                    FieldError::new(e.field, format!("{label} {message}"))
                })
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::json;

    use super::super::plan_chart::chart;
    use super::*;
    use crate::domain::records::{PlanStatus, PlanTable, Seat};

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// Two tables: 1 with people 1–4 (mutual 1–2, one-sided 3→4, mostly rust), 2 with 5–6; pair
    /// 3–4 meets again and so does 1–5, who sit apart; table 3 is empty.
    fn stored() -> Plan {
        let table = |number: i32, explanation: serde_json::Value| PlanTable {
            number,
            label: format!("Table {number}"),
            min: 1,
            max: 5,
            locked: false,
            explanation,
        };
        let seat = |n: u128, table_number: i32| Seat {
            attendee_id: id(n),
            table_number,
            locked: false,
        };
        Plan {
            id: id(100),
            meetup_id: id(101),
            job_id: None,
            status: PlanStatus::Draft,
            version: 1,
            seed: 0,
            params: json!({}),
            inputs_hash: String::new(),
            metrics: json!({"objective": 2.5, "repeated_pairs": [
                {"a": id(3), "b": id(4), "times_before": 1},
                {"a": id(1), "b": id(5), "times_before": 1},
            ]}),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            published_at: None,
            tables: vec![
                table(
                    1,
                    json!({
                        "shared_interests": [
                            {"interest": "go", "attendee_ids": [id(1), id(2)]},
                            {"interest": "rust", "attendee_ids": [id(1), id(3), id(4)]},
                        ],
                        "wanted_pairs": [
                            {"a": id(1), "b": id(2), "mutual": true},
                            {"a": id(3), "b": id(4), "mutual": false},
                        ],
                    }),
                ),
                table(2, json!({"shared_interests": [], "wanted_pairs": []})),
                table(3, json!({})),
            ],
            seats: vec![
                seat(1, 1),
                seat(2, 1),
                seat(3, 1),
                seat(4, 1),
                seat(5, 2),
                seat(6, 2),
            ],
        }
    }

    fn plan() -> PlanOut {
        let names = (1..=6).map(|n| (id(n), format!("P{n}"))).collect();
        PlanOut::new(stored(), &names)
    }

    #[test]
    fn the_chart_shows_the_most_shared_interest_mutual_pairs_and_repeats_at_one_table() {
        let chart = chart(&plan());
        assert_eq!(
            chart.matches("<circle").count(),
            2,
            "the empty table is left out"
        );
        assert!(chart.contains(">Table 1 · rust</text>"), "{chart}");
        assert!(
            chart.contains(">Table 2 · no shared interest</text>"),
            "{chart}"
        );
        assert_eq!(
            chart.matches("<line class=\"m\"").count(),
            2,
            "the legend and the one mutual pair: {chart}"
        );
        assert_eq!(
            chart.matches("<line class=\"r\"").count(),
            2,
            "the legend and 3–4; 1–5 sit apart: {chart}"
        );
        assert!(chart.contains(">P3 ↻</text>") && chart.contains(">P4 ↻</text>"));
        assert!(chart.contains(">P1</text>") && chart.contains(">P5</text>"));
    }

    #[test]
    fn every_table_is_a_move_target_and_the_note_needs_the_version_it_made() {
        let plan = plan();
        let numbers: Vec<i32> = choices(&plan).iter().map(|c| c.number).collect();
        assert_eq!(numbers, vec![1, 2, 3]);
        let draft = Plan {
            version: 2,
            metrics: json!({"objective": 3.0}),
            ..stored()
        };
        let query = |version| AdjustedQuery {
            version,
            before: 2.5,
            tables: vec![(1, 1.0), (9, 1.0)],
        };
        let note = query(2).notice(Some(&draft)).expect("a note");
        assert_eq!(
            (note.after.as_str(), note.change.as_str()),
            ("3.000", "+0.500")
        );
        assert!(note.better && !note.worse);
        let [table] = note.tables.as_slice() else {
            panic!("table 1 only: table 9 does not exist");
        };
        assert_eq!(
            (table.label.as_str(), table.before.as_str()),
            ("Table 1", "1.000")
        );
        assert!(query(1).notice(Some(&draft)).is_none(), "another version");
        assert!(query(2).notice(None).is_none());
    }
}
