//! `/email-change`: the page the confirmation link opens. Opening it changes nothing (mail
//! scanners open links); the button confirms.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;

use serde::Serialize;

use super::form::FormBody;
use super::render::{PageError, page};
use super::view::ConferenceView;
use crate::error::Error;
use crate::http::AppState;
use crate::workflows::email_change as wf;

const DEAD_LINK: &str =
    "This link no longer works: it expired, was already used, or the change was cancelled.";

/// What the page shows: the button (`token`), the address now in use, or why not.
#[derive(Default, Serialize)]
struct Shown {
    token: Option<String>,
    email: Option<String>,
    conference: Option<ConferenceView>,
    problem: Option<String>,
}

fn email_change_page(status: StatusCode, shown: Shown) -> Result<HttpResponse, PageError> {
    Ok(page(status, "email_change.html", &shown)?)
}

fn dead_link() -> Result<HttpResponse, PageError> {
    email_change_page(
        StatusCode::GONE,
        Shown {
            problem: Some(DEAD_LINK.to_owned()),
            ..Shown::default()
        },
    )
}

pub async fn show(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let query: std::collections::HashMap<String, String> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let token = query.get("token").map(|t| t.trim()).unwrap_or_default();
    if token.is_empty() || !wf::link_is_live(&state.ctx, token, Utc::now()).await? {
        return dead_link();
    }
    email_change_page(
        StatusCode::OK,
        Shown {
            token: Some(token.to_owned()),
            ..Shown::default()
        },
    )
}

pub async fn confirm(
    state: web::Data<AppState>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    match wf::confirm(&state.ctx, fields.get("token").trim(), Utc::now()).await {
        Ok((attendee, conference)) => {
            crate::http::language::for_conference(
                attendee.fields.language,
                conference.fields.default_language,
            );
            email_change_page(
                StatusCode::OK,
                Shown {
                    email: Some(attendee.fields.email.to_string()),
                    conference: Some(ConferenceView::from(&conference)),
                    ..Shown::default()
                },
            )
        }
        Err(Error::Unauthorized(_)) => dead_link(),
        Err(err @ Error::Conflict { .. }) => email_change_page(
            StatusCode::CONFLICT,
            Shown {
                problem: super::field_message::refusal(&err),
                ..Shown::default()
            },
        ),
        Err(e) => Err(e.into()),
    }
}
