//! Plan, run and job bodies.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::domain::records::{
    Change, Job, JobError, JobKind, JobResult, JobStatus, Plan, PlanStatus, PlanSummary,
};
use crate::error::Error;
use crate::http::extract::ObjectPaths;
use crate::http::reasons;
use crate::workflows::plans::RunRequest;
use crate::workflows::plans::edit::Operation;
use crate::workflows::plans::preview::{MeetupPreview, PreviewRequest};

/// A request to run the matcher.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RunIn {
    #[serde(default)]
    pub meetup_ids: Vec<Uuid>,
    #[serde(default)]
    pub series: Option<String>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub seed: Option<u64>,
    #[serde(default, deserialize_with = "super::whole_number::optional")]
    pub iterations: Option<u64>,
    #[serde(default)]
    pub max_seconds: Option<f64>,
    #[serde(default)]
    pub keep_locks: Option<bool>,
}

impl ObjectPaths for RunIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl From<RunIn> for RunRequest {
    fn from(r: RunIn) -> Self {
        Self {
            meetup_ids: r.meetup_ids,
            series: r.series,
            seed: r.seed,
            iterations: r.iterations,
            max_seconds: r.max_seconds,
            keep_locks: r.keep_locks,
        }
    }
}

/// A request to preview a run: the same meetups and locks, nothing searched or stored.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PreviewIn {
    #[serde(default)]
    pub meetup_ids: Vec<Uuid>,
    #[serde(default)]
    pub series: Option<String>,
    #[serde(default)]
    pub keep_locks: Option<bool>,
}

impl ObjectPaths for PreviewIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl From<PreviewIn> for PreviewRequest {
    fn from(p: PreviewIn) -> Self {
        Self {
            meetup_ids: p.meetup_ids,
            series: p.series,
            keep_locks: p.keep_locks,
        }
    }
}

/// What a run of these meetups would face.
#[derive(Debug, Serialize)]
pub struct PreviewOut {
    /// Every meetup can be seated and no repeat is forced by the table sizes (necessary
    /// conditions: the search may still find the seating hard).
    pub repeat_free: bool,
    pub meetups: Vec<MeetupPreviewOut>,
}

#[derive(Debug, Serialize)]
pub struct MeetupPreviewOut {
    pub meetup_id: Uuid,
    pub name: String,
    /// Confirmed attendees who take part.
    pub people: u64,
    pub tables: usize,
    /// The fewest and most people a valid plan seats, locks included.
    pub seats: SeatsOut,
    pub feasible: bool,
    /// Every reason no valid plan exists; empty when none was found.
    pub problems: Vec<String>,
    pub people_without_a_table: Vec<String>,
    /// At least this many pairs meet again, whatever the search does.
    pub repeats_forced: u64,
    /// The earlier meetup of the request whose fewer tables force them.
    pub repeats_forced_by: Option<String>,
    /// The most further rounds without a repeat the tables allow (`null`: no bound).
    pub repeat_free_rounds: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct SeatsOut {
    pub min: u64,
    pub max: u64,
}

impl From<Vec<MeetupPreview>> for PreviewOut {
    fn from(list: Vec<MeetupPreview>) -> Self {
        let meetups: Vec<MeetupPreviewOut> = list
            .into_iter()
            .map(|p| {
                let report = &p.engine.feasibility;
                MeetupPreviewOut {
                    meetup_id: p.meetup.id,
                    name: p.meetup.fields.name.clone(),
                    people: p.engine.people,
                    tables: p.meetup.fields.tables.len(),
                    seats: SeatsOut {
                        min: report.effective_min_seats,
                        max: report.effective_max_seats,
                    },
                    feasible: report.is_feasible(),
                    problems: p.problems,
                    people_without_a_table: p.without_a_table,
                    repeats_forced: p.engine.forced.map_or(0, |f| f.repeats),
                    repeats_forced_by: p.forced_by,
                    repeat_free_rounds: report.rounds.upper_bound,
                }
            })
            .collect();
        Self {
            repeat_free: meetups.iter().all(|m| m.feasible && m.repeats_forced == 0),
            meetups,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct JobOut {
    pub id: Uuid,
    pub kind: JobKind,
    pub status: JobStatus,
    /// The matcher's last report (`matching::progress::Snapshot`); `null` until it reports.
    pub progress: Option<Value>,
    pub params: Value,
    pub result: Option<JobResult>,
    pub error: Option<JobError>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Seconds since the job started (to when it finished, once it has); `null` before.
    pub elapsed_seconds: Option<f64>,
    /// A run's time budget in seconds; `null` for a job without one.
    pub budget_seconds: Option<f64>,
    /// While a run runs: its budget minus the time elapsed, at least 0 (it stops sooner when
    /// it converges); `null` otherwise.
    pub seconds_left: Option<f64>,
}

/// How long a job has run, and for a run how much of its time budget is left.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct JobTiming {
    pub elapsed_seconds: Option<f64>,
    pub budget_seconds: Option<f64>,
    pub seconds_left: Option<f64>,
}

impl JobTiming {
    /// `job`'s timing at `now`, to the tenth of a second.
    pub fn of(job: &Job, now: DateTime<Utc>) -> Self {
        let tenths = |x: f64| (x * 10.0).round() / 10.0;
        let elapsed = job.started_at.map(|started| {
            let end = job.finished_at.unwrap_or(now);
            ((end - started).num_milliseconds().max(0) as f64) / 1000.0
        });
        let budget = match job.kind {
            JobKind::Plan => job.params["max_seconds"].as_f64(),
            JobKind::PlanRepair => None,
        };
        let left = match (job.status, elapsed, budget) {
            (JobStatus::Running, Some(elapsed), Some(budget)) => Some((budget - elapsed).max(0.0)),
            _ => None,
        };
        Self {
            elapsed_seconds: elapsed.map(tenths),
            budget_seconds: budget,
            seconds_left: left.map(tenths),
        }
    }
}

impl JobOut {
    /// The job as the API shows it at `now`.
    pub fn at(j: Job, now: DateTime<Utc>) -> Self {
        let timing = JobTiming::of(&j, now);
        Self {
            elapsed_seconds: timing.elapsed_seconds,
            budget_seconds: timing.budget_seconds,
            seconds_left: timing.seconds_left,
            id: j.id,
            kind: j.kind,
            status: j.status,
            progress: j.progress,
            params: j.params,
            result: j.result,
            error: j.error,
            created_at: j.created_at,
            started_at: j.started_at,
            finished_at: j.finished_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct JobPage {
    pub items: Vec<JobOut>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// Query of the organizer's job list; numbers arrive as text so a bad one is reported under
/// its own name.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobListQuery {
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub status: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MemberOut {
    pub attendee_id: Uuid,
    pub name: String,
    pub locked: bool,
}

#[derive(Debug, Serialize)]
pub struct PlanTableOut {
    pub number: i32,
    pub label: String,
    pub min: i32,
    pub max: i32,
    pub locked: bool,
    pub members: Vec<MemberOut>,
    pub explanation: Value,
}

#[derive(Debug, Serialize)]
pub struct PlanOut {
    pub id: Uuid,
    pub meetup_id: Uuid,
    pub job_id: Option<Uuid>,
    pub status: PlanStatus,
    pub version: i32,
    pub seed: u64,
    pub params: Value,
    pub inputs_hash: String,
    pub metrics: Value,
    pub tables: Vec<PlanTableOut>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl PlanOut {
    pub fn new(plan: Plan, names: &HashMap<Uuid, String>) -> Self {
        // Grouped once: filtering every seat per table was 3 million steps at 600 tables.
        let mut seated: HashMap<i32, Vec<MemberOut>> = HashMap::new();
        for s in &plan.seats {
            seated.entry(s.table_number).or_default().push(MemberOut {
                attendee_id: s.attendee_id,
                name: names.get(&s.attendee_id).cloned().unwrap_or_default(),
                locked: s.locked,
            });
        }
        let tables = plan
            .tables
            .into_iter()
            .map(|t| PlanTableOut {
                members: seated.remove(&t.number).unwrap_or_default(),
                number: t.number,
                label: t.label,
                min: t.min,
                max: t.max,
                locked: t.locked,
                explanation: t.explanation,
            })
            .collect();
        Self {
            id: plan.id,
            meetup_id: plan.meetup_id,
            job_id: plan.job_id,
            status: plan.status,
            version: plan.version,
            seed: plan.seed,
            params: plan.params,
            inputs_hash: plan.inputs_hash,
            metrics: plan.metrics,
            tables,
            created_at: plan.created_at,
            updated_at: plan.updated_at,
            published_at: plan.published_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PlanSummaryOut {
    pub id: Uuid,
    pub status: PlanStatus,
    pub version: i32,
    pub seed: u64,
    pub inputs_hash: String,
    pub metrics: Value,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl From<PlanSummary> for PlanSummaryOut {
    fn from(p: PlanSummary) -> Self {
        Self {
            id: p.id,
            status: p.status,
            version: p.version,
            seed: p.seed,
            inputs_hash: p.inputs_hash,
            metrics: p.metrics,
            created_at: p.created_at,
            published_at: p.published_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PlanList {
    pub items: Vec<PlanSummaryOut>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum OperationIn {
    Move {
        attendee_id: Uuid,
        #[serde(deserialize_with = "super::whole_number::exact")]
        table: i32,
    },
    Swap {
        a: Uuid,
        b: Uuid,
    },
    LockSeat {
        attendee_id: Uuid,
    },
    UnlockSeat {
        attendee_id: Uuid,
    },
    LockTable {
        #[serde(deserialize_with = "super::whole_number::exact")]
        table: i32,
    },
    UnlockTable {
        #[serde(deserialize_with = "super::whole_number::exact")]
        table: i32,
    },
}

impl From<OperationIn> for Operation {
    fn from(op: OperationIn) -> Self {
        match op {
            OperationIn::Move { attendee_id, table } => Operation::Move { attendee_id, table },
            OperationIn::Swap { a, b } => Operation::Swap { a, b },
            OperationIn::LockSeat { attendee_id } => Operation::LockSeat { attendee_id },
            OperationIn::UnlockSeat { attendee_id } => Operation::UnlockSeat { attendee_id },
            OperationIn::LockTable { table } => Operation::LockTable { table },
            OperationIn::UnlockTable { table } => Operation::UnlockTable { table },
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdjustIn {
    #[serde(deserialize_with = "super::whole_number::exact")]
    pub version: i32,
    pub operations: Vec<OperationIn>,
}

impl ObjectPaths for AdjustIn {
    const OBJECT_PATHS: &'static [&'static str] = &["", "operations[]"];
}

impl AdjustIn {
    pub fn into_operations(self) -> Result<(i32, Vec<Operation>), Error> {
        if self.operations.is_empty() {
            return Err(Error::field("operations", "list at least one operation"));
        }
        if self.operations.len() > 1000 {
            return Err(Error::field(
                "operations",
                "at most 1,000 operations at once",
            ));
        }
        Ok((
            self.version,
            self.operations.into_iter().map(Into::into).collect(),
        ))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishIn {
    #[serde(deserialize_with = "super::whole_number::exact")]
    pub version: i32,
}

impl ObjectPaths for PublishIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RepairIn {
    #[serde(default)]
    pub reason: Option<String>,
}

impl ObjectPaths for RepairIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl RepairIn {
    pub fn reason(self) -> Result<Option<String>, Error> {
        match self
            .reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
        {
            Some(r) if r.chars().count() > 500 => {
                Err(Error::rejected("reason", reasons::too_long(500)))
            }
            other => Ok(other),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ChangeOut {
    pub id: Uuid,
    #[serde(deserialize_with = "super::whole_number::exact")]
    pub version: i32,
    pub reason: String,
    pub moves: Value,
    pub changed_tables: Vec<i32>,
    pub created_at: DateTime<Utc>,
}

impl From<Change> for ChangeOut {
    fn from(c: Change) -> Self {
        Self {
            id: c.id,
            version: c.version,
            reason: c.reason,
            moves: c.moves,
            changed_tables: c.changed_tables,
            created_at: c.created_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ChangeList {
    pub items: Vec<ChangeOut>,
}

#[derive(Debug, Serialize)]
pub struct RepairOut {
    pub plan: PlanOut,
    pub change: Option<ChangeOut>,
}

/// Several drafts to publish together, each at the version the organizer looked at.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishTogetherIn {
    pub plans: Vec<PlanVersionIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanVersionIn {
    pub id: Uuid,
    #[serde(deserialize_with = "super::whole_number::exact")]
    pub version: i32,
}

impl ObjectPaths for PublishTogetherIn {
    const OBJECT_PATHS: &'static [&'static str] = &["", "plans[]"];
}

impl PublishTogetherIn {
    pub fn items(&self) -> Vec<(Uuid, i32)> {
        self.plans.iter().map(|p| (p.id, p.version)).collect()
    }
}

/// A plan as a publication of several reports it.
#[derive(Debug, Serialize)]
pub struct PublishedOut {
    pub id: Uuid,
    pub meetup_id: Uuid,
    pub job_id: Option<Uuid>,
    pub status: PlanStatus,
    pub version: i32,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct PublishedList {
    pub items: Vec<PublishedOut>,
}

impl From<Vec<Plan>> for PublishedList {
    fn from(plans: Vec<Plan>) -> Self {
        Self {
            items: plans
                .into_iter()
                .map(|p| PublishedOut {
                    id: p.id,
                    meetup_id: p.meetup_id,
                    job_id: p.job_id,
                    status: p.status,
                    version: p.version,
                    published_at: p.published_at,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;

    fn job(status: JobStatus, kind: JobKind, finished: bool) -> Job {
        let at = |s| {
            Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, s)
                .single()
                .expect("time")
        };
        Job {
            id: Uuid::nil(),
            conference_id: Uuid::nil(),
            kind,
            status,
            params: json!({"max_seconds": 30.0}),
            progress: None,
            result: None,
            error: None,
            attempts: 1,
            created_at: at(0),
            started_at: Some(at(2)),
            finished_at: finished.then(|| at(14)),
        }
    }

    #[test]
    fn a_running_run_has_its_budget_less_the_time_elapsed_left() {
        let now = Utc
            .with_ymd_and_hms(2026, 6, 1, 12, 0, 12)
            .single()
            .expect("time")
            + chrono::Duration::milliseconds(500);
        let t = JobTiming::of(&job(JobStatus::Running, JobKind::Plan, false), now);
        assert_eq!(t.elapsed_seconds, Some(10.5));
        assert_eq!(t.budget_seconds, Some(30.0));
        assert_eq!(t.seconds_left, Some(19.5));
        let late = now + chrono::Duration::seconds(60);
        let t = JobTiming::of(&job(JobStatus::Running, JobKind::Plan, false), late);
        assert_eq!(t.seconds_left, Some(0.0), "never below zero");
    }

    #[test]
    fn a_finished_job_counts_to_its_end_and_a_repair_has_no_budget() {
        let now = Utc
            .with_ymd_and_hms(2026, 6, 1, 13, 0, 0)
            .single()
            .expect("time");
        let t = JobTiming::of(&job(JobStatus::Succeeded, JobKind::Plan, true), now);
        assert_eq!((t.elapsed_seconds, t.seconds_left), (Some(12.0), None));
        let t = JobTiming::of(&job(JobStatus::Running, JobKind::PlanRepair, false), now);
        assert_eq!((t.budget_seconds, t.seconds_left), (None, None));
        let mut queued = job(JobStatus::Queued, JobKind::Plan, false);
        queued.started_at = None;
        assert_eq!(JobTiming::of(&queued, now).elapsed_seconds, None);
    }
}
