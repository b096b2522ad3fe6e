//! The organizer's own API tokens: list (never the secrets), create (the secret once), revoke.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::organizer_tokens::{CreatedToken, TokenIn, TokenList, TokenOut};
use super::extract::{JsonBody, OrganizerAuth, parse_id};
use crate::error::Error;
use crate::workflows::organizers as wf;

pub async fn list(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
) -> Result<HttpResponse, Error> {
    let items = wf::tokens(&state.ctx, organizer.id).await?;
    Ok(HttpResponse::Ok().json(TokenList {
        items: items.into_iter().map(TokenOut::from).collect(),
    }))
}

pub async fn create(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    JsonBody(body): JsonBody<TokenIn>,
) -> Result<HttpResponse, Error> {
    let request = body.into_request()?;
    let (token, secret) = wf::create_token(
        &state.ctx,
        organizer.id,
        request,
        Utc::now(),
        &mut rand::rng(),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(CreatedToken {
            token: TokenOut::from(token),
            secret,
        }))
}

pub async fn revoke(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    id: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&id, "token")?;
    wf::revoke_token(&state.ctx, organizer.id, id, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
