//! `/manage`: the attendee's own page behind their personal link. It shows the registration,
//! confirms, edits, withdraws and erases it; every change is a POST carrying the token in a
//! hidden field (mail scanners follow links, so a GET never changes anything) and answers with a
//! 303 back to the page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Serialize;
use uuid::Uuid;

use super::form::{AttendeeForm, Fields, FormBody, FormErrors, Suggestion};
use super::render::{PageError, page, see_other};
use super::view::{ConferenceView, MeetupChoiceView, MyTableView, RegistrationView};
use crate::domain::records::{Attendee, Conference};
use crate::error::Error;
use crate::http::{AppState, language};
use crate::workflows;
use crate::workflows::attendees as wf;

/// The message id of what the page says after a change, named in the `done` query parameter
/// of the redirect (the catalogue tests list these ids, which no template names literally).
const NOTICES: &[(&str, &str)] = &[
    ("saved", "notice-saved"),
    ("confirmed", "notice-confirmed"),
    ("withdrawn", "notice-withdrawn"),
    ("meetups", "notice-meetups"),
    ("verified", "notice-verified"),
    ("email_kept", "notice-email-kept"),
];

fn required_token(raw: &str) -> Result<&str, Error> {
    let token = raw.trim();
    if token.is_empty() {
        return Err(Error::Unauthorized(
            "open the personal link from your email".into(),
        ));
    }
    Ok(token)
}

async fn attendee_id(state: &AppState, token: &str) -> Result<Uuid, Error> {
    wf::authenticate(&state.ctx, required_token(token)?, Utc::now()).await
}

/// The query string's pairs; one that cannot be read has none, so its token is missing (401).
fn query_of(req: &HttpRequest) -> Fields {
    Fields(serde_urlencoded::from_str(req.query_string()).unwrap_or_default())
}

/// `/manage?token=…&done=…` for the redirect after a change.
fn manage_url(token: &str, done: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .append_pair("done", done)
        .finish();
    format!("/manage?{query}")
}

#[derive(Serialize)]
struct ManagePage<'a> {
    conference: ConferenceView,
    registration: RegistrationView,
    /// The attendee's tables at published meetups.
    tables: Vec<MyTableView>,
    meetups: Vec<MeetupChoiceView>,
    form: &'a AttendeeForm,
    suggestions: Vec<Suggestion>,
    #[serde(flatten)]
    errors: FormErrors,
    token: &'a str,
    notice: Option<&'static str>,
    verification: VerificationView,
}

/// The attendee's verification page and their handles' proofs; `failure` says why the last
/// check found no proof.
#[derive(Serialize)]
struct VerificationView {
    page_url: String,
    handles: Vec<crate::http::dto::attendees::HandleOut>,
    failure: Option<String>,
}

#[expect(
    clippy::too_many_arguments,
    reason = "what the page shows: the registration, its form and errors, tables and meetups"
)]
async fn manage_page(
    state: &AppState,
    status: StatusCode,
    attendee: &Attendee,
    conference: &Conference,
    form: &AttendeeForm,
    errors: FormErrors,
    token: &str,
    notice: Option<&'static str>,
    failure: Option<String>,
) -> Result<HttpResponse, PageError> {
    let zone = conference.fields.time_zone;
    let proofs = workflows::verification::status(&state.ctx, attendee.id, &rand::random()).await?;
    let verification = VerificationView {
        page_url: proofs.page_url,
        handles: proofs.handles.into_iter().map(Into::into).collect(),
        failure,
    };
    let tables = workflows::exports::me::tables(&state.ctx, attendee.id)
        .await?
        .into_iter()
        .map(|t| MyTableView::new(t, zone, attendee.id))
        .collect();
    let meetups = workflows::meetups::mine(&state.ctx, attendee.id)
        .await?
        .iter()
        .map(|m| MeetupChoiceView::new(m, zone))
        .collect();
    let context = ManagePage {
        conference: ConferenceView::from(conference),
        registration: RegistrationView::from(attendee),
        tables,
        meetups,
        form,
        suggestions: form.suggestions(&conference.fields.suggested_interests),
        errors,
        token,
        notice,
        verification,
    };
    Ok(page(status, "manage.html", &context)?)
}

/// The registration, with the buttons and the edit form.
pub async fn show(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let query = query_of(&req);
    let token = query.get("token");
    let id = attendee_id(&state, token).await?;
    let attendee = wf::me(&state.ctx, id).await?;
    let conference = workflows::conferences::of_attendee(&state.ctx, &attendee).await?;
    language::for_conference(attendee.fields.language, conference.fields.default_language);
    let notice = NOTICES
        .iter()
        .find(|(done, _)| *done == query.get("done"))
        .map(|(_, text)| *text);
    let form = AttendeeForm::from_attendee(&attendee, &conference.fields.suggested_interests);
    manage_page(
        &state,
        StatusCode::OK,
        &attendee,
        &conference,
        &form,
        FormErrors::default(),
        token.trim(),
        notice,
        None,
    )
    .await
}

/// Saves the edit form; invalid fields re-render it with the values kept.
pub async fn update(
    state: web::Data<AppState>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let token = fields.get("token").trim();
    let id = attendee_id(&state, token).await?;
    let form = AttendeeForm::from_fields(&fields);
    let saved = async {
        let changes = form.to_patch().into_changes()?;
        wf::update_me(&state.ctx, id, changes, Utc::now()).await
    }
    .await;
    match saved {
        Ok(_) => Ok(see_other(&manage_url(token, "saved"))),
        Err(err) => {
            let Some(errors) = form.errors_of(&err) else {
                return Err(err.into());
            };
            let status = actix_web::ResponseError::status_code(&err);
            let attendee = wf::me(&state.ctx, id).await?;
            let conference = workflows::conferences::of_attendee(&state.ctx, &attendee).await?;
            language::for_conference(attendee.fields.language, conference.fields.default_language);
            let mut form = form;
            form.email = attendee.fields.email.to_string();
            manage_page(
                &state,
                status,
                &attendee,
                &conference,
                &form,
                errors,
                token,
                None,
                None,
            )
            .await
        }
    }
}

/// Checks one handle (`network`) against its network; a handle not proved re-renders the
/// page (422) saying what was looked for.
pub async fn verify_handle(
    state: web::Data<AppState>,
    client: crate::http::client_address::ClientAddress,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let token = fields.get("token").trim();
    let id = attendee_id(&state, token).await?;
    state
        .limiter
        .check_client(&state.ctx.db.write, client.0, Utc::now())
        .await?;
    let network = fields
        .get("network")
        .parse()
        .map_err(|e: crate::domain::ParseError| Error::rejected("network", e))?;
    let checked =
        workflows::verification::verify(&state.ctx, id, network, &rand::random(), Utc::now()).await;
    match checked {
        Ok(_) => Ok(see_other(&manage_url(token, "verified"))),
        Err(Error::Validation(errors)) => {
            let failure = errors
                .into_iter()
                .map(|e| super::field_message::localized(&e))
                .collect::<Vec<_>>()
                .join("; ");
            let attendee = wf::me(&state.ctx, id).await?;
            let conference = workflows::conferences::of_attendee(&state.ctx, &attendee).await?;
            let form =
                AttendeeForm::from_attendee(&attendee, &conference.fields.suggested_interests);
            manage_page(
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                &attendee,
                &conference,
                &form,
                FormErrors::default(),
                token,
                None,
                Some(failure),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// Takes part in a meetup, or not (`attending=yes|no`); a published plan is repaired.
pub async fn set_meetup(
    state: web::Data<AppState>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let token = fields.get("token").trim();
    let id = attendee_id(&state, token).await?;
    let meetup = Uuid::parse_str(fields.get("meetup").trim())
        .map_err(|_| Error::field("meetup", "must be a meetup's id"))?;
    let attending = match fields.get("attending") {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(
                Error::rejected("attending", crate::http::reasons::either(&["yes", "no"])).into(),
            );
        }
    };
    workflows::meetups::set_attending(&state.ctx, id, meetup, attending, Utc::now()).await?;
    state.jobs.wake();
    Ok(see_other(&manage_url(token, "meetups")))
}

/// The attendee's tables as a calendar file.
pub async fn calendar_ics(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let id = attendee_id(&state, query_of(&req).get("token")).await?;
    let ics = workflows::exports::me::calendar(&state.ctx, id, Utc::now()).await?;
    Ok(crate::http::me::calendar_file(ics))
}

/// Everything held about the attendee, as a JSON file to keep.
pub async fn data_json(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let id = attendee_id(&state, query_of(&req).get("token")).await?;
    let held = wf::held_about(&state.ctx, id).await?;
    Ok(crate::http::me::my_data(
        crate::http::dto::attendees::MyDataOut::new(held, Utc::now()),
    ))
}

/// The people the attendee sat with, as a Mastodon follow-import file.
pub async fn tablemates_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let id = attendee_id(&state, query_of(&req).get("token")).await?;
    let mates = workflows::exports::me::tablemates(&state.ctx, id).await?;
    let body = workflows::exports::me::mastodon_follows(&mates)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"tablemates-following.csv\"",
        ))
        .insert_header((actix_web::http::header::REFERRER_POLICY, "no-referrer"))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .insert_header((actix_web::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(body))
}

/// The double opt-in, and the way back after withdrawing.
pub async fn confirm(
    state: web::Data<AppState>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let token = fields.get("token").trim();
    let id = attendee_id(&state, token).await?;
    wf::confirm(&state.ctx, id, Utc::now()).await?;
    // A published plan may need repairing now.
    state.jobs.wake();
    Ok(see_other(&manage_url(token, "confirmed")))
}

/// The attendee cancels an email change an organizer asked for.
pub async fn cancel_email_change(
    state: web::Data<AppState>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let token = fields.get("token").trim();
    let id = attendee_id(&state, token).await?;
    workflows::email_change::cancel(&state.ctx, id, Utc::now()).await?;
    Ok(see_other(&manage_url(token, "email_kept")))
}

#[derive(Serialize)]
struct AreYouSure<'a> {
    conference: ConferenceView,
    action: &'static str,
    token: &'a str,
}

/// Asks before an irreversible or weighty step unless the form says `sure=yes`.
async fn are_you_sure(
    state: &AppState,
    id: Uuid,
    token: &str,
    action: &'static str,
) -> Result<HttpResponse, PageError> {
    let attendee = wf::me(&state.ctx, id).await?;
    let conference = workflows::conferences::of_attendee(&state.ctx, &attendee).await?;
    language::for_conference(attendee.fields.language, conference.fields.default_language);
    Ok(page(
        StatusCode::OK,
        "are_you_sure.html",
        &AreYouSure {
            conference: ConferenceView::from(&conference),
            action,
            token,
        },
    )?)
}

pub async fn withdraw(
    state: web::Data<AppState>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let token = fields.get("token").trim();
    let id = attendee_id(&state, token).await?;
    if fields.get("sure") != "yes" {
        return are_you_sure(&state, id, token, "withdraw").await;
    }
    wf::withdraw(&state.ctx, id, Utc::now()).await?;
    // A published plan may need repairing now.
    state.jobs.wake();
    Ok(see_other(&manage_url(token, "withdrawn")))
}

#[derive(Serialize)]
struct ErasedPage {
    conference: ConferenceView,
}

/// Erases everything the attendee gave. The link stops working, so the answer is a page of its
/// own rather than a redirect back.
pub async fn erase(
    state: web::Data<AppState>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let token = fields.get("token").trim();
    let id = attendee_id(&state, token).await?;
    if fields.get("sure") != "yes" {
        return are_you_sure(&state, id, token, "delete").await;
    }
    let attendee = wf::me(&state.ctx, id).await?;
    let conference = workflows::conferences::of_attendee(&state.ctx, &attendee).await?;
    language::for_conference(attendee.fields.language, conference.fields.default_language);
    wf::erase(&state.ctx, id, Utc::now()).await?;
    Ok(page(
        StatusCode::OK,
        "erased.html",
        &ErasedPage {
            conference: ConferenceView::from(&conference),
        },
    )?)
}
