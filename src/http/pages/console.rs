//! The organizer console's pages for one conference: its overview (`/organizer/c/{slug}`, with
//! registration opened or closed by a form), a meetup's page (the feasibility preview, running
//! the matcher, the draft with its explanations, publishing) and a run's job page, which
//! refreshes itself while the matcher works. Without JavaScript; every form carries the
//! session's CSRF token.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::form::{Fields, FormBody};
use super::organizer::{check_csrf, signed_in_organizer};
use super::plan_page::{PlanFigures, PlanPage, View};
use super::plan_view::RunFormView;
use super::render::{PageError, page, scripted_page, see_other};
use super::view::ConferenceView;
use crate::domain::records::{
    Conference, Job, JobFilter, JobKind, JobResult, JobStatus, Meetup, Organizer,
};
use crate::domain::{AttendeeStatus, Language};
use crate::error::Error;
use crate::http::AppState;
use crate::http::dto::plans::{JobTiming, MeetupPreviewOut, PreviewOut};
use crate::i18n::{self, dates};
use crate::matching::progress::{Phase, Snapshot};
use crate::secrets;
use crate::workflows::console::{self as wf, ConferenceConsole, MeetupConsole, Shown};
use crate::workflows::plans;

pub(super) const SIGN_IN: &str = "/organizer/sign-in";

/// An id from the path; one that is not a UUID names nothing.
pub(super) fn id_of(raw: &str, what: &'static str) -> Result<Uuid, Error> {
    Uuid::parse_str(raw).map_err(|_| Error::NotFound(what))
}

fn conference_path(slug: &str) -> String {
    format!("/organizer/c/{slug}")
}

pub(super) fn meetup_path(slug: &str, meetup_id: Uuid) -> String {
    format!("/organizer/c/{slug}/meetups/{meetup_id}")
}

#[derive(Serialize)]
struct Counts {
    pending: u64,
    confirmed: u64,
    withdrawn: u64,
}

#[derive(Serialize)]
struct MeetupRow {
    id: Uuid,
    name: String,
    time: String,
    location: String,
    tables: usize,
    seats: i64,
    state: &'static str,
    /// The series the meetup belongs to, if any.
    series: Option<String>,
}

fn meetup_row(conference: &Conference, meetup: &Meetup, state: &'static str) -> MeetupRow {
    MeetupRow {
        id: meetup.id,
        name: meetup.fields.name.clone(),
        time: dates::span(
            crate::http::language::current(),
            conference.fields.time_zone,
            meetup.fields.starts_at,
            meetup.fields.ends_at,
        ),
        location: meetup.fields.location.clone(),
        tables: meetup.fields.tables.len(),
        seats: meetup.fields.tables.iter().map(|t| i64::from(t.max)).sum(),
        state,
        series: meetup.fields.series.clone(),
    }
}

/// The catalogue id of the state a cancelled meetup shows instead of its seating.
const CANCELLED: &str = "meetup-state-cancelled";

/// The catalogue id of where a meetup's seating stands.
fn seating_state(published: bool, draft: bool) -> &'static str {
    match (published, draft) {
        (true, true) => "meetup-state-published-draft",
        (true, false) => "meetup-state-published",
        (false, true) => "meetup-state-draft",
        (false, false) => "meetup-state-none",
    }
}

#[derive(Serialize)]
struct ConferencePage {
    conference: ConferenceView,
    time_zone: &'static str,
    attendees: Counts,
    meetups: Vec<MeetupRow>,
    csrf: String,
}

impl ConferencePage {
    fn new(console: ConferenceConsole, csrf: String) -> Self {
        let count = |s| console.attendees.get(&s).copied().unwrap_or(0);
        let conference = &console.conference;
        Self {
            attendees: Counts {
                pending: count(AttendeeStatus::PendingConfirmation),
                confirmed: count(AttendeeStatus::Confirmed),
                withdrawn: count(AttendeeStatus::Withdrawn),
            },
            meetups: console
                .meetups
                .iter()
                .map(|m| {
                    let state = if m.meetup.is_cancelled() {
                        CANCELLED
                    } else {
                        seating_state(m.is_published, m.has_draft)
                    };
                    meetup_row(conference, &m.meetup, state)
                })
                .collect(),
            time_zone: conference.fields.time_zone.as_str(),
            conference: ConferenceView::from(conference),
            csrf,
        }
    }
}

/// A conference's console page: registration, attendee counts, meetups and their seating.
pub async fn conference(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let console = wf::conference(&state.ctx, organizer.id, &slug).await?;
    let context = ConferencePage::new(console, secrets::csrf_token(&raw));
    Ok(page(StatusCode::OK, "organizer_conference.html", &context)?)
}

/// The organizer sending a console form, and their session secret, once the form's CSRF token
/// matches; `None` without a live session.
pub(super) async fn form_sender(
    state: &AppState,
    req: &HttpRequest,
    fields: &Fields,
) -> Result<Option<(Organizer, String)>, Error> {
    let Some((organizer, raw)) = signed_in_organizer(state, req).await? else {
        return Ok(None);
    };
    check_csrf(&raw, fields)?;
    Ok(Some((organizer, raw)))
}

/// Opens or closes registration (`open=true|false`), then back to the conference's page.
pub async fn set_registration(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, _)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let open = match fields.get("open") {
        "true" => true,
        "false" => false,
        _ => return Err(Error::BadRequest("open must be true or false".into()).into()),
    };
    crate::workflows::conferences::set_registration_open(
        &state.ctx,
        organizer.id,
        &slug,
        open,
        Utc::now(),
    )
    .await?;
    Ok(see_other(&conference_path(&slug)))
}

#[derive(Serialize)]
struct MeetupPage {
    /// Cancelled: shown, but nothing more can be done with it.
    cancelled: bool,
    conference: ConferenceView,
    meetup: MeetupRow,
    preview: Option<MeetupPreviewOut>,
    /// The draft's and the published plan's figures, and the one the page shows whole.
    draft: Option<PlanFigures>,
    published: Option<PlanFigures>,
    whole_draft: Option<PlanPage>,
    whole_published: Option<PlanPage>,
    /// Why the last form was refused, sentence by sentence.
    refusal: Vec<String>,
    csrf: String,
    /// The drafts of the series run the draft came from.
    series: Vec<SeriesDraft>,
    /// What the hand adjustment just made did to the draft's score.
    adjusted: Option<super::plan_view::AdjustedNotice>,
    /// The run form's settings as last sent.
    run_form: RunFormView,
}

/// One draft of the series, as the form lists and sends it.
#[derive(Serialize)]
struct SeriesDraft {
    meetup: String,
    time: String,
    id: Uuid,
    version: i32,
}

/// The drafts the meetup page offers to publish together (`series::publish`); empty when its
/// draft came from a run of one meetup.
fn series_drafts(console: &MeetupConsole) -> Vec<SeriesDraft> {
    let zone = &console.conference.fields.time_zone;
    console
        .same_run
        .iter()
        .map(|(meetup, plan)| SeriesDraft {
            meetup: meetup.fields.name.clone(),
            time: dates::span(
                crate::http::language::current(),
                *zone,
                meetup.fields.starts_at,
                meetup.fields.ends_at,
            ),
            id: plan.id,
            version: plan.version,
        })
        .collect()
}

/// The meetup's page showing `view`, with the note `adjusted` of the adjustment just made, if
/// any.
pub(super) fn meetup_page_with(
    status: StatusCode,
    console: MeetupConsole,
    raw: &str,
    refusal: Vec<String>,
    adjusted: Option<super::plan_view::AdjustedQuery>,
    run_form: RunFormView,
) -> Result<HttpResponse, PageError> {
    let adjusted = adjusted.and_then(|q| q.notice(console.draft.as_ref()));
    let state = if console.meetup.is_cancelled() {
        CANCELLED
    } else {
        seating_state(console.published.is_some(), console.draft.is_some())
    };
    let series = series_drafts(&console);
    let draft_figures = console.draft.as_ref().map(PlanFigures::from);
    let names = &console.names;
    let slug = console.conference.slug.as_str();
    let listed = (console.occupied.as_slice(), console.page);
    // Each plan is moved into its page, not copied.
    let (whole_draft, whole_published) = match console.shown {
        Shown::Draft => (
            console
                .draft
                .map(|p| PlanPage::new(p, names, listed, ("draft", slug))),
            None,
        ),
        Shown::Published => (
            None,
            console
                .published_whole
                .map(|p| PlanPage::new(p, names, listed, ("published", slug))),
        ),
    };
    let problems =
        super::preview_text::problems_in(&console.preview, crate::http::language::current());
    let mut preview = PreviewOut::from(vec![console.preview]).meetups.pop();
    if let Some(preview) = &mut preview {
        preview.problems = problems;
    }
    let context = MeetupPage {
        cancelled: console.meetup.is_cancelled(),
        series,
        conference: ConferenceView::from(&console.conference),
        meetup: meetup_row(&console.conference, &console.meetup, state),
        preview,
        draft: draft_figures,
        published: console.published.as_ref().map(PlanFigures::from),
        whole_draft,
        whole_published,
        refusal,
        csrf: secrets::csrf_token(raw),
        adjusted,
        run_form,
    };
    Ok(scripted_page(status, "organizer_meetup.html", &context)?)
}

/// Whether `err` refused a form for a reason the meetup's page shows, rather than failed.
pub(super) fn is_refusal(err: &Error) -> bool {
    matches!(err, Error::Validation(_) | Error::Conflict { .. })
}

/// The meetup's page, with the reasons refusal `err` gives.
pub(super) async fn refused(
    state: &AppState,
    organizer: &Organizer,
    slug: &str,
    meetup_id: Uuid,
    raw: &str,
    err: Error,
) -> Result<HttpResponse, PageError> {
    let page = (slug, meetup_id, raw);
    refused_with(state, organizer, page, err, RunFormView::default()).await
}

/// [`refused`] with the run form showing `run_form`; `page` is (slug, meetup, session secret).
async fn refused_with(
    state: &AppState,
    organizer: &Organizer,
    (slug, meetup_id, raw): (&str, Uuid, &str),
    err: Error,
    run_form: RunFormView,
) -> Result<HttpResponse, PageError> {
    let reasons = match &err {
        Error::Validation(errors) => errors.iter().map(super::field_message::localized).collect(),
        Error::Conflict { .. } => super::field_message::refusal(&err).into_iter().collect(),
        _ => return Err(err.into()),
    };
    let view = View::default();
    let shown = (view.show, view.page);
    let console = wf::meetup(&state.ctx, organizer.id, slug, meetup_id, shown).await?;
    meetup_page_with(err.status_code(), console, raw, reasons, None, run_form)
}

/// A meetup's console page: the preview, the run form, the draft and the published plan.
pub async fn meetup(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "meetup")?;
    let (view, errors) = View::of(req.query_string());
    let shown = (view.show, view.page);
    let console = wf::meetup(&state.ctx, organizer.id, &slug, id, shown).await?;
    let adjusted = super::plan_view::AdjustedQuery::of(&req);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let refusal = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, super::field_message::localized(e)))
        .collect();
    meetup_page_with(
        status,
        console,
        &raw,
        refusal,
        adjusted,
        RunFormView::default(),
    )
}

/// Queues a run of the matcher for this meetup, with a seed from the clock, and goes to its
/// job page; a run refused before it starts shows the meetup's page with the reasons.
pub async fn run(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "meetup")?;
    let sent = RunFormView::of(&fields);
    let request = match super::plan_view::run_request(&fields, id) {
        Ok(request) => request,
        Err(err) => return refused_with(&state, &organizer, (&slug, id, &raw), err, sent).await,
    };
    match plans::start_run(&state.ctx, organizer.id, &slug, request, Utc::now()).await {
        Ok(job) => {
            state.jobs.wake();
            Ok(see_other(&format!("/organizer/c/{slug}/jobs/{}", job.id)))
        }
        Err(err) => {
            let err = super::plan_view::labelled(err);
            refused_with(&state, &organizer, (&slug, id, &raw), err, sent).await
        }
    }
}

/// A form about one plan at the version the page showed, from a signed-in organizer.
pub(super) struct PlanForm {
    pub organizer: Organizer,
    /// The session's secret.
    pub raw: String,
    pub slug: String,
    pub plan_id: Uuid,
    pub version: i32,
}

/// The sender, plan and version of a plan's form; `None` without a live session.
pub(super) async fn plan_form(
    state: &AppState,
    req: &HttpRequest,
    path: web::Path<(String, String)>,
    fields: &Fields,
) -> Result<Option<PlanForm>, Error> {
    let Some((organizer, raw)) = form_sender(state, req, fields).await? else {
        return Ok(None);
    };
    let (slug, id) = path.into_inner();
    let plan_id = id_of(&id, "plan")?;
    let Ok(version) = fields.get("version").parse::<i32>() else {
        return Err(Error::BadRequest("the form names no plan version".into()));
    };
    Ok(Some(PlanForm {
        organizer,
        raw,
        slug,
        plan_id,
        version,
    }))
}

/// Publishes a draft at the version the page showed, then back to its meetup's page; a stale
/// version or another refusal shows that page with the reason.
pub async fn publish(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some(PlanForm {
        organizer,
        raw,
        slug,
        plan_id,
        version,
    }) = plan_form(&state, &req, path, &fields).await?
    else {
        return Ok(see_other(SIGN_IN));
    };
    let published = plans::edit::publish(
        &state.ctx,
        organizer.id,
        &slug,
        plan_id,
        version,
        Utc::now(),
    )
    .await;
    match published {
        Ok(view) => Ok(see_other(&meetup_path(&slug, view.plan.meetup_id))),
        Err(err) if is_refusal(&err) => {
            let (meetup, _) = plans::get(&state.ctx, organizer.id, &slug, plan_id).await?;
            refused(&state, &organizer, &slug, meetup.id, &raw, err).await
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Serialize)]
struct ProgressView {
    phase: &'static str,
    step: u32,
    steps: u32,
    iterations: u64,
    best_score: Option<String>,
    converged_percent: u32,
}

impl From<Snapshot> for ProgressView {
    fn from(s: Snapshot) -> Self {
        Self {
            phase: match s.phase {
                Phase::Checking => "job-phase-checking",
                Phase::Constructing => "job-phase-constructing",
                Phase::Searching => "job-phase-searching",
                Phase::Explaining => "job-phase-explaining",
                Phase::Done => "job-phase-done",
            },
            step: s.step,
            steps: s.steps,
            iterations: s.iterations,
            best_score: s.best_score.map(|b| format!("{b:.3}")),
            converged_percent: (s.converged.clamp(0.0, 1.0) * 100.0).round() as u32,
        }
    }
}

#[derive(Serialize)]
struct JobPage {
    slug: String,
    id: Uuid,
    status: &'static str,
    running: bool,
    succeeded: bool,
    progress: Option<ProgressView>,
    timing: TimingView,
    /// The meetups whose new drafts a finished run made.
    meetups: Vec<Uuid>,
    error: Option<JobErrorView>,
}

/// A failed job's title in the console's language; one that failed before failures had codes
/// keeps its English.
fn failure_title(error: &crate::domain::records::JobError) -> String {
    error
        .code
        .as_deref()
        .and_then(|code| i18n::translate(crate::http::language::current(), code, &[]).ok())
        .unwrap_or_else(|| error.title.clone())
}

#[derive(Serialize)]
struct JobErrorView {
    title: String,
    detail: Option<String>,
    errors: Vec<String>,
}

/// A job's times in words: "12.3 s", "2 min 5 s".
#[derive(Serialize)]
struct TimingView {
    elapsed: Option<String>,
    budget: Option<String>,
    left: Option<String>,
}

fn duration_text(seconds: f64) -> String {
    if seconds < 60.0 {
        let text = format!("{seconds:.1} s");
        match crate::http::language::current() {
            Language::En => text,
            Language::De => text.replace('.', ","),
        }
    } else {
        let whole = seconds.round() as u64;
        format!("{} min {} s", whole / 60, whole % 60)
    }
}

impl From<JobTiming> for TimingView {
    fn from(t: JobTiming) -> Self {
        Self {
            elapsed: t.elapsed_seconds.map(duration_text),
            budget: t.budget_seconds.map(duration_text),
            left: t.seconds_left.map(duration_text),
        }
    }
}

impl JobPage {
    fn new(slug: String, job: Job, now: DateTime<Utc>) -> Self {
        let meetups = match &job.result {
            Some(JobResult::Plans { plans, .. }) => plans.iter().map(|p| p.meetup_id).collect(),
            _ => Vec::new(),
        };
        Self {
            timing: TimingView::from(JobTiming::of(&job, now)),
            id: job.id,
            status: job.status.as_str(),
            running: matches!(job.status, JobStatus::Queued | JobStatus::Running),
            succeeded: job.status == JobStatus::Succeeded,
            progress: job
                .progress
                .and_then(|p| serde_json::from_value::<Snapshot>(p).ok())
                .map(ProgressView::from),
            meetups,
            error: job.error.map(|e| JobErrorView {
                title: failure_title(&e),
                detail: e.detail,
                errors: e
                    .errors
                    .into_iter()
                    .map(|f| super::field_message::stored(f.code.as_deref(), &f.args, &f.message))
                    .collect(),
            }),
            slug,
        }
    }
}

/// How many jobs the list shows: the newest; the API pages through the rest.
const JOBS_SHOWN: u64 = 50;

#[derive(Serialize)]
struct JobRow {
    id: Uuid,
    kind: &'static str,
    status: JobStatus,
    created: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct JobsPage {
    conference: ConferenceView,
    jobs: Vec<JobRow>,
    total: u64,
}

/// The conference's seating runs and automatic repairs, newest first.
pub async fn jobs(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, _)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference =
        crate::workflows::conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    let (items, total) = plans::jobs(
        &state.ctx,
        organizer.id,
        &slug,
        &JobFilter::default(),
        1,
        JOBS_SHOWN,
    )
    .await?;
    let zone = conference.fields.time_zone;
    let language = crate::http::language::current();
    let jobs = items
        .into_iter()
        .map(|j| JobRow {
            id: j.id,
            kind: match j.kind {
                JobKind::Plan => "job-kind-plan",
                JobKind::PlanRepair => "job-kind-repair",
            },
            status: j.status,
            created: dates::date_time(
                language,
                j.created_at.with_timezone(&zone.tz()).naive_local(),
            ),
            error: j.error.map(|e| match &e.detail {
                Some(detail) => format!("{}: {detail}", failure_title(&e)),
                None => failure_title(&e),
            }),
        })
        .collect();
    let context = JobsPage {
        conference: ConferenceView::from(&conference),
        jobs,
        total,
    };
    Ok(page(StatusCode::OK, "organizer_jobs.html", &context)?)
}

/// A job's page; while the job runs, its script follows it (see `console.js`).
pub async fn job(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, _)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "job")?;
    let job = plans::job(&state.ctx, organizer.id, &slug, id).await?;
    Ok(scripted_page(
        StatusCode::OK,
        "organizer_job.html",
        &JobPage::new(slug, job, Utc::now()),
    )?)
}
