//! Publishing a whole series from a meetup's console page: when the draft came from a run that
//! seated several meetups, the page lists that run's drafts (`console::series_drafts`) and one
//! form publishes them all together (one introduction email per person, listing all their
//! tables).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use uuid::Uuid;

use super::console::{SIGN_IN, form_sender, id_of, is_refusal, meetup_path, refused};
use super::form::FormBody;
use super::render::{PageError, see_other};
use crate::error::Error;
use crate::http::AppState;
use crate::workflows::plans::together::publish_together;

/// Publishes every draft the form lists (`plan=ID:VERSION`, repeated) together, all or nothing,
/// then back to the meetup's page (`meetup`); a refusal shows that page with the reason.
pub async fn publish(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, raw)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let meetup_id = id_of(fields.get("meetup"), "meetup")?;
    let items = fields
        .0
        .iter()
        .filter(|(name, _)| name == "plan")
        .map(|(_, value)| {
            let (id, version) = value.split_once(':')?;
            Some((Uuid::parse_str(id).ok()?, version.parse::<i32>().ok()?))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| Error::BadRequest("each plan must be ID:VERSION".into()))?;
    let published = publish_together(&state.ctx, organizer.id, &slug, &items, Utc::now()).await;
    match published {
        Ok(_) => Ok(see_other(&meetup_path(&slug, meetup_id))),
        Err(err) if is_refusal(&err) => {
            refused(&state, &organizer, &slug, meetup_id, &raw, err).await
        }
        Err(err) => Err(err.into()),
    }
}
