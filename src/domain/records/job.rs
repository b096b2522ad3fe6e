//! Background jobs: plan runs and automatic repairs, claimed with a lease by any server process.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

named_enum! {
    /// What a job does.
    pub enum JobKind {
        /// Seat a meetup (or a series) and store the result as a draft plan.
        Plan,
        /// Repair a published plan after someone left, opted out or confirmed late.
        PlanRepair,
    }
}

named_enum! {
    /// Where a job stands.
    pub enum JobStatus {
        Queued,
        Running,
        Succeeded,
        Failed,
    }
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: Uuid,
    pub conference_id: Uuid,
    pub kind: JobKind,
    pub status: JobStatus,
    /// What the job last reported about its progress while running, if anything.
    pub progress: Option<serde_json::Value>,
    pub params: serde_json::Value,
    pub result: Option<JobResult>,
    pub error: Option<JobError>,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// What a job that succeeded reports, shown to organizers as the job's `result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum JobResult {
    /// A plan run stored a draft for each meetup.
    Plans {
        plans: Vec<PlanMade>,
        inputs_hash: String,
        seconds: f64,
    },
    /// A repair changed a published plan (or found nothing to change).
    Repaired {
        plan_id: Uuid,
        change_id: Option<Uuid>,
        changed_tables: Vec<i32>,
    },
    /// A repair found its plan no longer in need of it.
    RepairSkipped { plan_id: Uuid, skipped: String },
}

/// One draft a plan run stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanMade {
    pub meetup_id: Uuid,
    pub plan_id: Uuid,
}

/// Why a job failed, shaped like a problem document (a title, a detail, per-field errors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobError {
    pub title: String,
    /// Which failure `title` names, for pages in another language; jobs that failed before
    /// failures had codes lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<JobFieldError>,
    /// The database was out of reach: another try may succeed, so the runner gives the job
    /// back instead of recording the failure. Never stored.
    #[serde(skip)]
    pub transient: bool,
}

/// One field a job found invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobFieldError {
    pub field: String,
    pub message: String,
    /// The reason's catalogue code and values, so pages say it in their language; errors
    /// stored before codes lack them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub args: std::collections::BTreeMap<String, crate::domain::MessageArg>,
}

/// The ways a job fails, each with its English title and a catalogue id for other languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobFailure {
    InvalidParameters,
    LoadingFailed,
    MeetupCancelled,
    NoLongerSeatable,
    MatcherStopped,
    NoPlan,
    StoringFailed,
    RepairFailed,
}

impl JobFailure {
    pub const ALL: [Self; 8] = [
        Self::InvalidParameters,
        Self::LoadingFailed,
        Self::MeetupCancelled,
        Self::NoLongerSeatable,
        Self::MatcherStopped,
        Self::NoPlan,
        Self::StoringFailed,
        Self::RepairFailed,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::InvalidParameters => "invalid job parameters",
            Self::LoadingFailed => "loading the inputs failed",
            Self::MeetupCancelled => "a meetup of the run was cancelled",
            Self::NoLongerSeatable => "the meetups can no longer be seated",
            Self::MatcherStopped => "the matcher stopped",
            Self::NoPlan => "no plan was made",
            Self::StoringFailed => "storing the plans failed",
            Self::RepairFailed => "automatic repair failed",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::InvalidParameters => "job-failed-parameters",
            Self::LoadingFailed => "job-failed-loading",
            Self::MeetupCancelled => "job-failed-cancelled",
            Self::NoLongerSeatable => "job-failed-unseatable",
            Self::MatcherStopped => "job-failed-matcher",
            Self::NoPlan => "job-failed-no-plan",
            Self::StoringFailed => "job-failed-storing",
            Self::RepairFailed => "job-failed-repair",
        }
    }
}

impl JobError {
    /// A failure of kind `failure`, with no detail yet.
    pub fn of(failure: JobFailure) -> Self {
        Self {
            title: failure.title().to_owned(),
            code: Some(failure.code().to_owned()),
            detail: None,
            errors: Vec::new(),
            transient: false,
        }
    }

    /// A failure of kind `failure` with the cause as its detail.
    pub fn new(failure: JobFailure, detail: impl std::fmt::Display) -> Self {
        Self {
            title: failure.title().to_owned(),
            code: Some(failure.code().to_owned()),
            detail: Some(detail.to_string()),
            errors: Vec::new(),
            transient: false,
        }
    }
}

/// How a job ended.
pub type JobOutcome = Result<JobResult, JobError>;

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

/// Which of a conference's jobs an organizer lists.
#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    pub status: Option<JobStatus>,
    pub kind: Option<JobKind>,
}
