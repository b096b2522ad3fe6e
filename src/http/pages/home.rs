//! `/`: the front door, saying what the service is for and listing the conferences that take
//! registrations, each linking to its registration page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use super::render::{PageError, page};
use super::view::ConferenceView;
use crate::http::AppState;
use crate::workflows;

#[derive(Serialize)]
struct HomePage {
    conferences: Vec<ConferenceView>,
}

/// The front door. "Today" is the UTC date: a conference is listed until its last day is over
/// everywhere the service runs, which errs on the side of showing it a few hours too long.
pub async fn show(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let open =
        workflows::conferences::open_for_registration(&state.ctx, Utc::now().date_naive()).await?;
    let context = HomePage {
        conferences: open.iter().map(ConferenceView::from).collect(),
    };
    Ok(page(StatusCode::OK, "home.html", &context)?)
}
