//! `/c/{slug}`: a conference's public page with the registration form, and its submission,
//! which goes through the same conversion and workflow as the JSON registration.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use super::form::{AttendeeForm, FormBody, FormErrors, Suggestion};
use super::render::{PageError, page};
use super::view::ConferenceView;
use crate::domain::records::Conference;
use crate::error::Error;
use crate::http::client_address::ClientAddress;
use crate::http::{AppState, language};
use crate::workflows;

#[derive(Serialize)]
struct RegisterPage<'a> {
    conference: ConferenceView,
    form: &'a AttendeeForm,
    suggestions: Vec<Suggestion>,
    #[serde(flatten)]
    errors: FormErrors,
    /// A problem that concerns no single field (e.g. registration closed meanwhile).
    notice: Option<String>,
}

fn register_page(
    status: StatusCode,
    conference: &Conference,
    form: &AttendeeForm,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<HttpResponse, PageError> {
    let context = RegisterPage {
        conference: ConferenceView::from(conference),
        form,
        suggestions: form.suggestions(&conference.fields.suggested_interests),
        errors,
        notice,
    };
    Ok(page(status, "conference.html", &context)?)
}

/// The conference and, while registration is open, the form.
pub async fn show(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let conference = workflows::conferences::public(&state.ctx, &slug).await?;
    language::for_conference(None, conference.fields.default_language);
    register_page(
        StatusCode::OK,
        &conference,
        &AttendeeForm::blank(),
        FormErrors::default(),
        None,
    )
}

#[derive(Serialize)]
struct CheckEmailPage {
    conference: ConferenceView,
}

/// Registers, or quietly re-sends the link of an existing registration: the same page either
/// way, as the JSON API answers the same 202.
pub async fn submit(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    client: ClientAddress,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let conference = workflows::conferences::public(&state.ctx, &slug).await?;
    let form = AttendeeForm::from_fields(&fields);
    language::for_conference(
        form.language.parse().ok(),
        conference.fields.default_language,
    );
    if !conference.registration_open {
        return register_page(
            StatusCode::CONFLICT,
            &conference,
            &form,
            FormErrors::default(),
            None,
        );
    }
    let registered = async {
        let input = form.to_registration().into_input()?;
        workflows::registration::register_limited(
            &state.ctx,
            &state.conferences,
            &state.registrar,
            &state.limiter,
            client.0,
            &slug,
            input,
            Utc::now(),
        )
        .await
    }
    .await;
    match registered {
        Ok(_) => Ok(page(
            StatusCode::OK,
            "check_email.html",
            &CheckEmailPage {
                conference: ConferenceView::from(&conference),
            },
        )?),
        Err(err) => {
            let status = actix_web::ResponseError::status_code(&err);
            match (form.errors_of(&err), err) {
                (Some(errors), _) => register_page(status, &conference, &form, errors, None),
                (None, err @ Error::Conflict { .. }) => register_page(
                    status,
                    &conference,
                    &form,
                    FormErrors::default(),
                    super::field_message::refusal(&err),
                ),
                (None, err) => Err(err.into()),
            }
        }
    }
}
