//! Adjusting a draft from the meetup's console page: the move, swap and lock forms, which call
//! the same workflow as the JSON API's adjustments. After a change the page says what it did to
//! the plan's score; a stale version shows the plan as it is now with that reason.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use uuid::Uuid;

use super::console::{PlanForm, meetup_path, plan_form, refused};
use super::form::{Fields, FormBody};
use super::plan_view::changed_tables;
use super::render::{PageError, see_other};
use crate::error::{Error, FieldError};
use crate::http::AppState;
use crate::workflows::plans::{self, edit::Operation};

const SIGN_IN: &str = "/organizer/sign-in";

/// The operation a form asks for, or why it cannot be read.
fn operation(fields: &Fields) -> Result<Operation, Error> {
    let language = crate::http::language::current();
    let message = |id: &str| crate::i18n::text(language, id, &[]);
    let person = |name: &str| {
        Uuid::parse_str(fields.get(name))
            .map_err(|_| FieldError::new(name, message("adjust-error-person")))
    };
    let op = match fields.get("op") {
        "move" => {
            let attendee_id = person("attendee_id");
            let table = fields
                .get("table")
                .parse::<i32>()
                .map_err(|_| FieldError::new("table", message("adjust-error-table")));
            match (attendee_id, table) {
                (Ok(attendee_id), Ok(table)) => Ok(Operation::Move { attendee_id, table }),
                (a, t) => Err([a.err(), t.err()].into_iter().flatten().collect()),
            }
        }
        "swap" => match (person("a"), person("b")) {
            (Ok(a), Ok(b)) if a == b => {
                Err(vec![FieldError::new("b", message("adjust-error-same"))])
            }
            (Ok(a), Ok(b)) => Ok(Operation::Swap { a, b }),
            (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect()),
        },
        "lock" => person("attendee_id")
            .map(|attendee_id| Operation::LockSeat { attendee_id })
            .map_err(|e| vec![e]),
        "unlock" => person("attendee_id")
            .map(|attendee_id| Operation::UnlockSeat { attendee_id })
            .map_err(|e| vec![e]),
        _ => Err(vec![FieldError::new("op", message("adjust-error-op"))]),
    };
    op.map_err(Error::Validation)
}

/// Moves, swaps, locks or unlocks one person of a draft at the version the page showed, then
/// back to the meetup's page with what the change did to the score; bad input, a refused change
/// or a stale version show that page with the reason.
pub async fn adjust(
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
    let (meetup, plan) = plans::get(&state.ctx, organizer.id, &slug, plan_id).await?;
    let operations = match operation(&fields) {
        Ok(op) => vec![op],
        Err(err) => return refused(&state, &organizer, &slug, meetup.id, &raw, err).await,
    };
    let before = plan.metrics["objective"].as_f64().unwrap_or(0.0);
    let adjusted = plans::edit::adjust(
        &state.ctx,
        organizer.id,
        &slug,
        plan_id,
        version,
        &operations,
        Utc::now(),
    )
    .await;
    match adjusted {
        Ok(view) => {
            // Back to the page of tables the form was on, not the first of ten.
            let page = match fields.get("page").parse::<usize>() {
                Ok(n) if n > 1 => format!("&page={n}"),
                _ => String::new(),
            };
            Ok(see_other(&format!(
                "{}?adjusted={}&before={before}&tables={}{page}#draft",
                meetup_path(&slug, meetup.id),
                view.plan.version,
                changed_tables(&plan, &view.plan),
            )))
        }
        Err(Error::Conflict { field, .. }) if field.as_deref() == Some("version") => {
            let err = Error::conflict(
                Some("version"),
                crate::i18n::text(crate::http::language::current(), "adjust-error-stale", &[]),
            );
            refused(&state, &organizer, &slug, meetup.id, &raw, err).await
        }
        Err(err) => refused(&state, &organizer, &slug, meetup.id, &raw, err).await,
    }
}
