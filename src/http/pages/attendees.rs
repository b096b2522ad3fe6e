//! The console's attendee pages for one conference: the list (`/organizer/c/{slug}/attendees`,
//! searched, filtered by status and paged through GET parameters so a result can be linked),
//! the form to add an attendee and each attendee's page with the edit form. They read the list
//! query and convert the forms with the JSON API's own rules, and show an attendee exactly as
//! the organizer API does: what the attendee hid from organizers is neither shown nor
//! overwritten.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use chrono::Utc;
use serde::Serialize;
use uuid::Uuid;

use super::console::{SIGN_IN, form_sender, id_of};
use super::field_message::localized;
use super::form::{AttendeeForm, Fields, FormBody, FormErrors, SummaryItem};
use super::organizer::signed_in_organizer;
use super::render::{PageError, page, see_other};
use super::view::ConferenceView;
use crate::domain::privacy::Observer;
use crate::domain::records::{Attendee, Conference};
use crate::domain::{AttendeeStatus, EmailAddress};
use crate::error::Error;
use crate::http::AppState;
use crate::http::attendees::list_request;
use crate::http::dto::attendees::{AttendeeListQuery, AttendeeOut, Viewer};
use crate::i18n::Arg;
use crate::secrets;
use crate::workflows::attendees as wf;
use crate::workflows::conferences::get_owned;

fn attendee_path(slug: &str, id: Uuid) -> String {
    format!("/organizer/c/{slug}/attendees/{id}")
}

/// The catalogue id of how the console names a status.
fn status_words(status: AttendeeStatus) -> &'static str {
    match status {
        AttendeeStatus::PendingConfirmation => "console-status-pending",
        AttendeeStatus::Confirmed => "console-status-confirmed",
        AttendeeStatus::Withdrawn => "console-status-withdrawn",
    }
}

/// `4812` as the page's language writes it: "4,812" or "4.812".
pub(super) fn thousands(n: u64) -> String {
    super::field_message::number(
        crate::http::language::current(),
        i64::try_from(n).unwrap_or(i64::MAX),
    )
}

#[derive(Serialize)]
struct Row {
    id: Uuid,
    name: String,
    email: String,
    affiliation: Option<String>,
    /// The attendee hid their affiliation from organizers.
    affiliation_hidden: bool,
    status: &'static str,
    interests: String,
}

impl From<Attendee> for Row {
    fn from(a: Attendee) -> Self {
        let status = status_words(a.status);
        let out = AttendeeOut::new(a, Viewer::Organizer);
        Self {
            affiliation_hidden: !out.visibility.affiliation.organizers_see(),
            id: out.id,
            name: out.name,
            email: out.email,
            affiliation: out.affiliation,
            status,
            interests: out.interests.join(", "),
        }
    }
}

/// The search form's values, as typed.
#[derive(Serialize, Default)]
struct Search {
    q: String,
    status: String,
}

#[derive(Serialize)]
struct ListPage {
    conference: ConferenceView,
    search: Search,
    statuses: Vec<(&'static str, &'static str)>,
    rows: Vec<Row>,
    /// "51–100 of 4,812", or `None` when the page is empty.
    showing: Option<String>,
    total: String,
    /// Query strings of the neighbouring pages.
    previous: Option<String>,
    next: Option<String>,
    /// The query string of the first page, for a page past the end.
    first: Option<String>,
    filtered: bool,
    #[serde(flatten)]
    errors: FormErrors,
}

/// The query string of page `page` of this search.
fn page_query(search: &Search, page: u64, per_page: u64) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if !search.q.is_empty() {
        query.append_pair("q", &search.q);
    }
    if !search.status.is_empty() {
        query.append_pair("status", &search.status);
    }
    if per_page != DEFAULT_PER_PAGE {
        query.append_pair("per_page", &per_page.to_string());
    }
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    query.finish()
}

const DEFAULT_PER_PAGE: u64 = 50;

/// The search box's fields on the form: `q` and `status`, summary entries pointing at them.
fn search_errors(err: &Error) -> Option<FormErrors> {
    let Error::Validation(list) = err else {
        return None;
    };
    let mut out = FormErrors::default();
    for e in list {
        let field = match e.field.as_str() {
            "q" | "status" => e.field.clone(),
            _ => "search".to_owned(),
        };
        let label = crate::i18n::text(
            crate::http::language::current(),
            match field.as_str() {
                "q" => "people-search",
                "status" => "console-status",
                _ => "people-the-address",
            },
            &[],
        );
        out.summary.push(SummaryItem {
            target: if field == "search" {
                "error-summary-title".to_owned()
            } else {
                format!("f-{field}")
            },
            text: format!("{label}: {} ({})", localized(e), e.field),
        });
        out.errors.entry(field).or_default().push(localized(e));
    }
    Some(out)
}

/// The conference's attendees, 50 a page, searched by name, email or affiliation and filtered
/// by status. One page query and one count, whatever the conference's size.
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, _)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = get_owned(&state.ctx, organizer.id, &slug).await?;
    let pairs: HashMap<String, String> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let given = |name: &str| pairs.get(name).filter(|v| !v.trim().is_empty()).cloned();
    let search = Search {
        q: pairs.get("q").cloned().unwrap_or_default(),
        status: pairs.get("status").cloned().unwrap_or_default(),
    };
    let query = AttendeeListQuery {
        page: given("page"),
        per_page: given("per_page"),
        q: given("q"),
        status: given("status"),
    };
    let statuses = AttendeeStatus::ALL
        .into_iter()
        .map(|s| (s.as_str(), status_words(s)))
        .collect();
    let mut context = ListPage {
        conference: ConferenceView::from(&conference),
        statuses,
        rows: Vec::new(),
        showing: None,
        total: String::new(),
        previous: None,
        next: None,
        first: None,
        filtered: !search.q.trim().is_empty() || !search.status.is_empty(),
        errors: FormErrors::default(),
        search,
    };
    let (filter, page_number, per_page) = match list_request(query) {
        Ok(request) => request,
        Err(err) => {
            let status = err.status_code();
            context.errors = search_errors(&err).ok_or(err)?;
            return Ok(page(status, "organizer_attendees.html", &context)?);
        }
    };
    let found = wf::list(
        &state.ctx,
        organizer.id,
        &slug,
        &filter,
        page_number,
        per_page,
    )
    .await?;
    let start = (page_number - 1).saturating_mul(per_page);
    let shown = found.items.len() as u64;
    if shown > 0 {
        context.showing = Some(crate::i18n::text(
            crate::http::language::current(),
            "people-showing",
            &[
                ("first", Arg::Text(thousands(start + 1))),
                ("last", Arg::Text(thousands(start + shown))),
                ("total", Arg::Text(thousands(found.total))),
            ],
        ));
    } else if page_number > 1 && found.total > 0 {
        context.first = Some(page_query(&context.search, 1, per_page));
    }
    if page_number > 1 && shown > 0 {
        context.previous = Some(page_query(&context.search, page_number - 1, per_page));
    }
    if start + shown < found.total && shown > 0 {
        context.next = Some(page_query(&context.search, page_number + 1, per_page));
    }
    context.total = thousands(found.total);
    context.rows = found.items.into_iter().map(Row::from).collect();
    Ok(page(StatusCode::OK, "organizer_attendees.html", &context)?)
}

/// Whether the attendee hid their affiliation from organizers.
struct Hidden {
    affiliation: bool,
}

impl Hidden {
    fn of(attendee: &Attendee) -> Self {
        Self {
            affiliation: !Observer::Organizer.sees(attendee.fields.affiliation_visibility),
        }
    }

    fn none() -> Self {
        Self { affiliation: false }
    }
}

/// The edit form of a stored attendee as the organizer may see it: what the attendee hid from
/// organizers is blank (the page shows that it is hidden), and so are the bio and the handles,
/// which the form does not edit (the page lists the handles the organizer may see).
fn form_of(attendee: &Attendee, hidden: &Hidden) -> AttendeeForm {
    let mut form = AttendeeForm::from_attendee(attendee, &[]);
    if hidden.affiliation {
        form.affiliation.clear();
    }
    form.bio.clear();
    for row in &mut form.handles {
        row.value.clear();
    }
    form
}

/// How the organizer's form labels its fields, for the error summary.
fn label(form: &AttendeeForm, field: &str) -> String {
    let id = match field {
        "name" => "att-name",
        "affiliation" => "label-affiliation",
        "handles" => "att-handles",
        "wanted" => "att-wants",
        "consent_privacy" => "att-consent-storing",
        "consent_emails" => "att-consent-to-emails",
        _ => return form.label_of(field),
    };
    crate::i18n::text(crate::http::language::current(), id, &[])
}

#[derive(Serialize)]
struct AttendeePage<'a> {
    conference: ConferenceView,
    /// `None` on the page that adds an attendee.
    attendee: Option<AttendeeOut>,
    status: Option<&'static str>,
    form: &'a AttendeeForm,
    hidden_affiliation: bool,
    notice: Option<&'static str>,
    /// A refusal that concerns no single field.
    refusal: Option<String>,
    #[serde(flatten)]
    errors: FormErrors,
    csrf: String,
}

struct Shown<'a> {
    conference: &'a Conference,
    attendee: Option<Attendee>,
    form: &'a AttendeeForm,
    notice: Option<&'static str>,
    refusal: Option<String>,
    errors: FormErrors,
    raw: &'a str,
}

fn attendee_page(status: StatusCode, shown: Shown<'_>) -> Result<HttpResponse, PageError> {
    let hidden = shown
        .attendee
        .as_ref()
        .map_or_else(Hidden::none, Hidden::of);
    let context = AttendeePage {
        conference: ConferenceView::from(shown.conference),
        status: shown.attendee.as_ref().map(|a| status_words(a.status)),
        attendee: shown
            .attendee
            .map(|a| AttendeeOut::new(a, Viewer::Organizer)),
        form: shown.form,
        hidden_affiliation: hidden.affiliation,
        notice: shown.notice,
        refusal: shown.refusal,
        errors: shown.errors,
        csrf: secrets::csrf_token(shown.raw),
    };
    Ok(page(status, "organizer_attendee.html", &context)?)
}

/// What the page says after a change, named in the `done` query parameter of the redirect.
const NOTICES: &[(&str, &str)] = &[("added", "att-added"), ("saved", "att-saved")];

/// The form's errors for `err`, or the sentence of a refusal that names no field; any other
/// failure is the error page.
fn refusal_of(form: &AttendeeForm, err: Error) -> Result<(FormErrors, Option<String>), Error> {
    if let Some(errors) = form.errors_labelled(&err, |f| label(form, f)) {
        return Ok((errors, None));
    }
    match err {
        Error::Conflict { .. } => Ok((FormErrors::default(), super::field_message::refusal(&err))),
        err => Err(err),
    }
}

/// The registration's consent message speaks to the attendee; the organizer is told what the
/// box stands for instead.
fn reword_consent(errors: &mut FormErrors) {
    const FIELD: &str = "consent_privacy";
    if let Some(messages) = errors.errors.get_mut(FIELD) {
        let message = crate::i18n::text(
            crate::http::language::current(),
            "att-error-consent-privacy",
            &[],
        );
        *messages = vec![message.clone()];
        for item in &mut errors.summary {
            if item.target == format!("f-{FIELD}") {
                item.text = format!("{}: {message}", label(&AttendeeForm::default(), FIELD));
            }
        }
    }
}

/// The empty form for adding an attendee.
pub async fn new_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = get_owned(&state.ctx, organizer.id, &slug).await?;
    let form = AttendeeForm::blank();
    attendee_page(
        StatusCode::OK,
        Shown {
            conference: &conference,
            attendee: None,
            form: &form,
            notice: None,
            refusal: None,
            errors: FormErrors::default(),
            raw: &raw,
        },
    )
}

/// Adds a confirmed attendee, as `POST /api/v1/conferences/{slug}/attendees` does, then to
/// their page; invalid fields show the form again with the values kept.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = get_owned(&state.ctx, organizer.id, &slug).await?;
    let form = AttendeeForm::from_fields(&fields);
    let created = async {
        let input = form.to_registration().into_input()?;
        wf::create(&state.ctx, organizer.id, &slug, input, Utc::now()).await
    }
    .await;
    match created {
        Ok(attendee) => {
            // A published plan may need repairing now.
            state.jobs.wake();
            Ok(see_other(&format!(
                "{}?done=added",
                attendee_path(&slug, attendee.id)
            )))
        }
        Err(err) => {
            let status = err.status_code();
            let (mut errors, refusal) = refusal_of(&form, err)?;
            reword_consent(&mut errors);
            attendee_page(
                status,
                Shown {
                    conference: &conference,
                    attendee: None,
                    form: &form,
                    notice: None,
                    refusal,
                    errors,
                    raw: &raw,
                },
            )
        }
    }
}

/// An attendee's page: what the organizer may see of them, and the edit form.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "attendee")?;
    let conference = get_owned(&state.ctx, organizer.id, &slug).await?;
    let attendee = wf::get(&state.ctx, organizer.id, &slug, id).await?;
    let form = form_of(&attendee, &Hidden::of(&attendee));
    let done = Fields(serde_urlencoded::from_str(req.query_string()).unwrap_or_default());
    let notice = NOTICES
        .iter()
        .find(|(name, _)| *name == done.get("done"))
        .map(|(_, text)| *text);
    attendee_page(
        StatusCode::OK,
        Shown {
            conference: &conference,
            attendee: Some(attendee),
            form: &form,
            notice,
            refusal: None,
            errors: FormErrors::default(),
            raw: &raw,
        },
    )
}

/// Saves the edit form, as `PATCH /api/v1/conferences/{slug}/attendees/{id}` would with the
/// fields the organizer may see; then back to the attendee's page.
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "attendee")?;
    let conference = get_owned(&state.ctx, organizer.id, &slug).await?;
    let attendee = wf::get(&state.ctx, organizer.id, &slug, id).await?;
    let hidden = Hidden::of(&attendee);
    let form = AttendeeForm::from_fields(&fields);
    let submitted = form.clone();
    let updated = async {
        let mut patch = submitted.to_patch();
        // The form always carries the address in use; sending it would cancel a change waiting
        // for the new address to confirm.
        let same_email = EmailAddress::parse(&submitted.email)
            .is_ok_and(|e| e.normalized() == attendee.fields.email.normalized());
        patch.email = (!same_email).then(|| submitted.email.clone());
        patch.bio = None;
        // Visibility and handles are the attendee's: the form offers neither.
        patch.visibility = None;
        patch.handles = None;
        if hidden.affiliation {
            patch.affiliation = None;
        }
        let changes = patch.into_changes()?;
        wf::update(&state.ctx, organizer.id, &slug, id, changes, Utc::now()).await
    }
    .await;
    match updated {
        Ok(_) => Ok(see_other(&format!(
            "{}?done=saved",
            attendee_path(&slug, id)
        ))),
        Err(err) => {
            let status = err.status_code();
            let (errors, refusal) = refusal_of(&submitted, err)?;
            attendee_page(
                status,
                Shown {
                    conference: &conference,
                    attendee: Some(attendee),
                    form: &form,
                    notice: None,
                    refusal,
                    errors,
                    raw: &raw,
                },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(4812), "4,812");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn page_queries_keep_the_search_and_leave_out_defaults() {
        let search = Search {
            q: "a&b".into(),
            status: "confirmed".into(),
        };
        assert_eq!(page_query(&search, 1, 50), "q=a%26b&status=confirmed");
        assert_eq!(page_query(&Search::default(), 3, 10), "per_page=10&page=3");
    }
}
