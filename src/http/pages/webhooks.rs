//! The console's webhooks page (`/organizer/c/{slug}/webhooks`): the conference's endpoints,
//! each with its latest deliveries, a form to add one (its secret is shown on the answer, once)
//! and a button to remove one; the same workflows as the `/api/v1/…/webhooks` routes.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Serialize;
use uuid::Uuid;

use super::console::{SIGN_IN, form_sender, id_of};
use super::form::{Fields, FormBody};
use super::render::{PageError, page, see_other};
use super::view::ConferenceView;
use crate::domain::records::Conference;
use crate::domain::webhooks::EventType;
use crate::error::Error;
use crate::http::AppState;
use crate::i18n::dates;
use crate::secrets;
use crate::workflows::webhooks::EndpointInput;
use crate::workflows::{conferences, webhooks};

/// Deliveries shown under each endpoint.
const LATEST: u64 = 10;

#[derive(Serialize)]
struct DeliveryRow {
    kind: &'static str,
    status: &'static str,
    attempts: i32,
    code: Option<i32>,
    last_error: Option<String>,
    created: String,
}

#[derive(Serialize)]
struct EndpointRow {
    id: Uuid,
    url: String,
    description: Option<String>,
    events: Vec<&'static str>,
    enabled: bool,
    deliveries: Vec<DeliveryRow>,
    total: u64,
}

/// What the add form holds, kept as typed so that a refused form shows it again.
#[derive(Serialize, Default)]
struct AddForm {
    url: String,
    description: String,
    events: Vec<String>,
}

#[derive(Serialize)]
struct WebhooksPage {
    conference: ConferenceView,
    endpoints: Vec<EndpointRow>,
    event_names: Vec<&'static str>,
    form: AddForm,
    errors: HashMap<String, Vec<String>>,
    /// The secret of the endpoint just added: shown this once.
    secret: Option<String>,
    notice: Option<String>,
    csrf: String,
}

/// Everything the page shows besides the form's state.
async fn render(
    state: &AppState,
    organizer_id: Uuid,
    conference: &Conference,
    raw: &str,
    status: StatusCode,
    extra: (
        AddForm,
        HashMap<String, Vec<String>>,
        Option<String>,
        Option<String>,
    ),
) -> Result<HttpResponse, PageError> {
    let (form, errors, secret, notice) = extra;
    let slug = conference.slug.as_str();
    let zone = conference.fields.time_zone;
    let language = crate::http::language::current();
    let when = |t: chrono::DateTime<Utc>| {
        dates::date_time_seconds(language, t.with_timezone(&zone.tz()).naive_local())
    };
    let mut endpoints = Vec::new();
    for e in webhooks::list(&state.ctx, organizer_id, slug).await? {
        let (deliveries, total) =
            webhooks::deliveries(&state.ctx, organizer_id, slug, e.id, 1, LATEST).await?;
        endpoints.push(EndpointRow {
            id: e.id,
            url: e.url,
            description: e.description,
            events: e.events.iter().map(|t| t.as_str()).collect(),
            enabled: e.enabled,
            deliveries: deliveries
                .into_iter()
                .map(|d| DeliveryRow {
                    kind: d.event_type.as_str(),
                    status: d.status.as_str(),
                    attempts: d.attempts,
                    code: d.last_status_code,
                    last_error: d.last_error,
                    created: when(d.created_at),
                })
                .collect(),
            total,
        });
    }
    let context = WebhooksPage {
        conference: ConferenceView::from(conference),
        endpoints,
        event_names: EventType::ALL.iter().map(|t| t.as_str()).collect(),
        form,
        errors,
        secret,
        notice,
        csrf: secrets::csrf_token(raw),
    };
    Ok(page(status, "organizer_webhooks.html", &context)?)
}

/// The conference's endpoints and their latest deliveries.
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = super::organizer::signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    let notice =
        (query.get("removed").map(String::as_str) == Some("1")).then(|| "hooks-removed".to_owned());
    let extra = (AddForm::default(), HashMap::new(), None, notice);
    render(
        &state,
        organizer.id,
        &conference,
        &raw,
        StatusCode::OK,
        extra,
    )
    .await
}

fn add_form(fields: &Fields) -> AddForm {
    AddForm {
        url: fields.get("url").trim().to_owned(),
        description: fields.get("description").trim().to_owned(),
        events: fields.all("events").map(str::to_owned).collect(),
    }
}

/// Adds an endpoint and answers the page with its secret, shown this once (no redirect: the
/// secret is in this answer only); a refused form comes back with what was wrong (422).
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let conference = conferences::get_owned(&state.ctx, organizer.id, &slug).await?;
    let form = add_form(&fields);
    let input = EndpointInput {
        url: Some(form.url.clone()),
        events: Some(form.events.clone()),
        description: Some(Some(form.description.clone()).filter(|d| !d.is_empty())),
        enabled: Some(true),
    };
    let made = webhooks::create(
        &state.ctx,
        organizer.id,
        &slug,
        input,
        Utc::now(),
        &mut rand::rng(),
    )
    .await;
    let (status, extra) = match made {
        Ok(endpoint) => (
            StatusCode::OK,
            (
                AddForm::default(),
                HashMap::new(),
                Some(endpoint.secret),
                None,
            ),
        ),
        Err(Error::Validation(list)) => {
            let mut errors: HashMap<String, Vec<String>> = HashMap::new();
            for e in list {
                // `events[1]` is the events checkboxes' error.
                let name = e.field.split('[').next().unwrap_or_default().to_owned();
                errors
                    .entry(name)
                    .or_default()
                    .push(super::field_message::localized(&e));
            }
            (StatusCode::UNPROCESSABLE_ENTITY, (form, errors, None, None))
        }
        Err(err) => return Err(err.into()),
    };
    render(&state, organizer.id, &conference, &raw, status, extra).await
}

/// Removes an endpoint, then back to the page (303).
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, _)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "webhook endpoint")?;
    webhooks::delete(&state.ctx, organizer.id, &slug, id).await?;
    Ok(see_other(&format!(
        "/organizer/c/{slug}/webhooks?removed=1"
    )))
}
