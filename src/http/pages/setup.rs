//! The console's setup pages: a new conference and its edit page, a new meetup, a new series of
//! meetups (several rounds in one go), a meetup's edit page, and cancelling a meetup after a
//! confirmation. Forms are checked by the JSON API's rules; a refused form comes back with an
//! error summary and every value as typed, a form that succeeds redirects (303).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use chrono::Utc;
use serde::Serialize;
use uuid::Uuid;

use super::console::{form_sender, id_of, meetup_path};
use super::form::{FormBody, FormErrors};
use super::organizer::signed_in_organizer;
use super::render::{PageError, page, see_other};
use super::setup_form::{
    ConferenceForm, MAX_ROUNDS, MeetupForm, conference_field, conference_label, errors_of,
    meetup_field, meetup_label, merged,
};
use super::view::ConferenceView;
use crate::domain::records::{Conference, Meetup};
use crate::error::Error;
use crate::http::AppState;
use crate::secrets;
use crate::workflows::{conferences, console, meetups};

const SIGN_IN: &str = "/organizer/sign-in";

#[derive(Serialize)]
struct ConferenceFormPage<'a> {
    /// The conference being edited; `None` for a new one.
    editing: Option<ConferenceView>,
    form: &'a ConferenceForm,
    csrf: String,
    #[serde(flatten)]
    errors: FormErrors,
}

fn conference_form(
    status: StatusCode,
    editing: Option<&Conference>,
    form: &ConferenceForm,
    raw: &str,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let context = ConferenceFormPage {
        editing: editing.map(ConferenceView::from),
        form,
        csrf: secrets::csrf_token(raw),
        errors,
    };
    Ok(page(status, "organizer_conference_form.html", &context)?)
}

/// The form again with the reasons `err` gives, or `err` as a page when it is not about the
/// form.
fn refused<T>(
    err: Error,
    field_of: fn(&str) -> String,
    label_of: fn(&str) -> &'static str,
    show: impl FnOnce(StatusCode, FormErrors) -> Result<T, PageError>,
) -> Result<T, PageError> {
    match errors_of(&err, field_of, label_of) {
        Some(errors) => show(err.status_code(), errors),
        None => Err(err.into()),
    }
}

/// The form for a new conference.
pub async fn new_conference(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let Some((_, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    conference_form(
        StatusCode::OK,
        None,
        &ConferenceForm::blank(),
        &raw,
        FormErrors::default(),
    )
}

/// Creates the conference, then its console page.
pub async fn create_conference(
    state: web::Data<AppState>,
    req: HttpRequest,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let form = ConferenceForm::from_fields(&fields);
    let (body, parsed) = form.to_create();
    let created = match merged(parsed, body.into_parts()) {
        Ok((slug, values, open)) => {
            conferences::create(&state.ctx, organizer.id, &slug, &values, open, Utc::now()).await
        }
        Err(e) => Err(e),
    };
    match created {
        Ok(c) => Ok(see_other(&format!("/organizer/c/{}", c.slug))),
        Err(err) => refused(err, conference_field, conference_label, |status, errors| {
            conference_form(status, None, &form, &raw, errors)
        }),
    }
}

/// The form to change a conference, filled in.
pub async fn edit_conference(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    conference_form(
        StatusCode::OK,
        Some(&conference),
        &ConferenceForm::from_conference(&conference),
        &raw,
        FormErrors::default(),
    )
}

/// Saves the conference's fields, then its console page.
pub async fn update_conference(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    let mut form = ConferenceForm::from_fields(&fields);
    // The address is not editable: the form shows the stored one.
    form.slug = conference.slug.to_string();
    let (body, parsed) = form.to_patch();
    let updated = conferences::update(
        &state.ctx,
        organizer.id,
        &slug,
        |current| merged(parsed, body.apply(current)),
        Utc::now(),
    )
    .await;
    match updated {
        Ok(c) => Ok(see_other(&format!("/organizer/c/{}", c.slug))),
        Err(err) => refused(err, conference_field, conference_label, |status, errors| {
            conference_form(status, Some(&conference), &form, &raw, errors)
        }),
    }
}

/// Which meetup form a page shows.
#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Mode {
    New,
    Series,
    Edit,
}

#[derive(Serialize)]
struct MeetupFormPage<'a> {
    mode: Mode,
    conference: ConferenceView,
    time_zone: &'static str,
    /// The meetup being edited.
    meetup_id: Option<Uuid>,
    meetup_name: Option<String>,
    max_rounds: u32,
    form: &'a MeetupForm,
    csrf: String,
    #[serde(flatten)]
    errors: FormErrors,
}

fn meetup_form(
    status: StatusCode,
    mode: Mode,
    conference: &Conference,
    editing: Option<&Meetup>,
    form: &MeetupForm,
    raw: &str,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let context = MeetupFormPage {
        mode,
        conference: ConferenceView::from(conference),
        time_zone: conference.fields.time_zone.as_str(),
        meetup_id: editing.map(|m| m.id),
        meetup_name: editing.map(|m| m.fields.name.clone()),
        max_rounds: MAX_ROUNDS,
        form,
        csrf: secrets::csrf_token(raw),
        errors,
    };
    Ok(page(status, "organizer_meetup_form.html", &context)?)
}

async fn blank_meetup_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    mode: Mode,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    let form = MeetupForm::blank(&conference);
    meetup_form(
        StatusCode::OK,
        mode,
        &conference,
        None,
        &form,
        &raw,
        FormErrors::default(),
    )
}

/// The form for a new meetup.
pub async fn new_meetup(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    blank_meetup_form(state, req, slug, Mode::New).await
}

/// The form for a new series: several rounds of one meetup, days apart.
pub async fn new_series(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    blank_meetup_form(state, req, slug, Mode::Series).await
}

/// Creates the meetup, then its console page.
pub async fn create_meetup(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    let form = MeetupForm::from_fields(&fields);
    let created = meetups::create(
        &state.ctx,
        organizer.id,
        &slug,
        |conference| {
            let (body, parsed) = form.to_create(conference);
            merged(parsed, body.into_fields(conference))
        },
        Utc::now(),
    )
    .await;
    match created {
        Ok(m) => Ok(see_other(&meetup_path(&slug, m.id))),
        Err(err) => refused(err, meetup_field, meetup_label, |status, errors| {
            meetup_form(status, Mode::New, &conference, None, &form, &raw, errors)
        }),
    }
}

/// Creates every round of the series in one go (all or none), then the conference's page.
pub async fn create_series(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    let form = MeetupForm::from_fields(&fields);
    let created = meetups::create_series(
        &state.ctx,
        organizer.id,
        &slug,
        |conference| form.to_series(conference),
        Utc::now(),
    )
    .await;
    match created {
        Ok(_) => Ok(see_other(&format!("/organizer/c/{slug}"))),
        Err(err) => refused(err, meetup_field, meetup_label, |status, errors| {
            meetup_form(status, Mode::Series, &conference, None, &form, &raw, errors)
        }),
    }
}

/// The form to change a meetup, filled in, its times local to the conference.
pub async fn edit_meetup(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "meetup")?;
    let conference = conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    let meetup = meetups::get(&state.ctx, organizer.id, &slug, id).await?;
    let form = MeetupForm::from_meetup(&meetup, conference.fields.time_zone);
    meetup_form(
        StatusCode::OK,
        Mode::Edit,
        &conference,
        Some(&meetup),
        &form,
        &raw,
        FormErrors::default(),
    )
}

/// Saves the meetup's changes (telling the people seated when its time, name or place
/// changed), then its console page. Tables under a published plan cannot change: the form
/// says so.
pub async fn update_meetup(
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
    let conference = conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    let meetup = meetups::get(&state.ctx, organizer.id, &slug, id).await?;
    let form = MeetupForm::from_fields(&fields);
    let zone = conference.fields.time_zone;
    let updated = meetups::update(
        &state.ctx,
        organizer.id,
        &slug,
        id,
        |current| {
            let (body, parsed) = form.to_patch(current, zone);
            merged(parsed, body.apply(current))
        },
        Utc::now(),
    )
    .await;
    match updated {
        Ok(m) => Ok(see_other(&meetup_path(&slug, m.id))),
        Err(err) => refused(err, meetup_field, meetup_label, |status, errors| {
            meetup_form(
                status,
                Mode::Edit,
                &conference,
                Some(&meetup),
                &form,
                &raw,
                errors,
            )
        }),
    }
}

#[derive(Serialize)]
struct CancelPage {
    conference: ConferenceView,
    meetup_id: Uuid,
    meetup_name: String,
    time: String,
    /// How many people its published plan seats (they are emailed).
    seated: Option<u64>,
    /// It has started: nobody is emailed any more.
    started: bool,
    csrf: String,
}

/// "Cancel this meetup?": what cancelling does, and the button that does it.
pub async fn confirm_cancel(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "meetup")?;
    let found = console::meetup_to_cancel(&state.ctx, organizer.id, &slug, id).await?;
    if found.meetup.is_cancelled() {
        return Ok(see_other(&meetup_path(&slug, id)));
    }
    let context = CancelPage {
        meetup_id: id,
        meetup_name: found.meetup.fields.name.clone(),
        time: found
            .conference
            .fields
            .time_zone
            .span(found.meetup.fields.starts_at, found.meetup.fields.ends_at),
        seated: found.seated,
        started: found.meetup.fields.starts_at <= Utc::now(),
        conference: ConferenceView::from(&found.conference),
        csrf: secrets::csrf_token(&raw),
    };
    Ok(page(
        StatusCode::OK,
        "organizer_cancel_meetup.html",
        &context,
    )?)
}

/// Cancels the meetup (everyone seated is emailed), then its console page, which shows it
/// cancelled.
pub async fn cancel(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, _)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "meetup")?;
    meetups::cancel(&state.ctx, organizer.id, &slug, id, Utc::now()).await?;
    Ok(see_other(&meetup_path(&slug, id)))
}
