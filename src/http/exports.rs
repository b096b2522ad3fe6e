//! Organizer exports of published plans (CSV, JSON, printable table cards) and an attendee's own
//! tables and follow list. Organizer exports also accept the token as `?access_token=` (RFC 6750
//! §2.3) because a browser opening a link cannot send a header; such answers are never cached
//! and send no referrer, so the token does not leak from history or to other sites.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use futures_util::stream;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use uuid::Uuid;

use super::AppState;
use super::extract::{AttendeeAuth, OrganizerQueryAuth, Query};
use super::pages::{PageError, page};
use crate::domain::Language;
use crate::error::Error;
use crate::i18n::dates;
use crate::workflows::exports::{self as wf, Format, Kind, me};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    #[serde(default)]
    meetup_id: Option<String>,
    #[serde(default)]
    bom: Option<bool>,
    /// Read by [`OrganizerQueryAuth`]; listed so it is not an unknown parameter.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "the extractor reads the token from the query itself"
    )]
    access_token: Option<String>,
}

/// The table cards' query: [`ExportQuery`]'s meetup and token, and the cards' language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardsQuery {
    #[serde(default)]
    meetup_id: Option<String>,
    /// `en` or `de`; without it, the conference's default language.
    #[serde(default)]
    lang: Option<String>,
    /// Read by [`OrganizerQueryAuth`]; listed so it is not an unknown parameter.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "the extractor reads the token from the query itself"
    )]
    access_token: Option<String>,
}

fn meetup_id(raw: Option<&str>) -> Result<Option<Uuid>, Error> {
    raw.map(|r| {
        Uuid::parse_str(r).map_err(|_| Error::field("meetup_id", "must be a meetup's UUID"))
    })
    .transpose()
}

fn private(builder: &mut actix_web::HttpResponseBuilder) -> &mut actix_web::HttpResponseBuilder {
    builder
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
}

async fn export(
    state: web::Data<AppState>,
    organizer_id: Uuid,
    slug: &str,
    query: ExportQuery,
    kind: Kind,
    format: Format,
) -> Result<HttpResponse, Error> {
    let filter = meetup_id(query.meetup_id.as_deref())?;
    let source = wf::source(&state.ctx, organizer_id, slug, filter).await?;
    let bom = query.bom.unwrap_or(false) && format == Format::Csv;
    let (name, content_type) = match (kind, format) {
        (Kind::Seats, Format::Csv) => ("seats.csv", "text/csv; charset=utf-8"),
        (Kind::Tables, Format::Csv) => ("tables.csv", "text/csv; charset=utf-8"),
        (Kind::Seats, Format::Json) => ("seats.json", "application/json"),
        (Kind::Tables, Format::Json) => ("tables.json", "application/json"),
    };
    let filename = format!("{}-{name}", source.conference_slug);
    // A small bounded channel: the writer waits for the client, so memory stays flat.
    let (tx, rx) = mpsc::channel::<Vec<u8>>(4);
    let ctx = state.ctx.clone();
    tokio::spawn(async move {
        if let Err(err) = wf::write(&ctx, &source, kind, format, bom, &tx).await {
            // The status line is gone already; the client sees a truncated body.
            tracing::error!(error = ?err, "an export failed while streaming");
        }
    });
    let body = stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, Error>(web::Bytes::from(chunk)), rx))
    });
    Ok(private(&mut HttpResponse::Ok())
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .streaming(body))
}

macro_rules! export_handler {
    ($name:ident, $kind:expr, $format:expr) => {
        pub async fn $name(
            state: web::Data<AppState>,
            OrganizerQueryAuth(organizer): OrganizerQueryAuth,
            slug: web::Path<String>,
            Query(query): Query<ExportQuery>,
        ) -> Result<HttpResponse, Error> {
            export(state, organizer.id, &slug, query, $kind, $format).await
        }
    };
}

export_handler!(seats_csv, Kind::Seats, Format::Csv);
export_handler!(tables_csv, Kind::Tables, Format::Csv);
export_handler!(seats_json, Kind::Seats, Format::Json);
export_handler!(tables_json, Kind::Tables, Format::Json);

/// The cards page: the meetup's time written in the cards' language, in the conference's zone.
#[derive(Serialize)]
struct CardsPage {
    meetup: String,
    /// The whole span, for the page's heading line.
    time: String,
    /// The start, for every card's top line.
    starts: String,
    location: String,
    cards: Vec<wf::Card>,
}

impl CardsPage {
    fn new(language: Language, cards: wf::Cards) -> Self {
        let local = cards
            .starts_at
            .with_timezone(&cards.time_zone.tz())
            .naive_local();
        Self {
            time: dates::span(language, cards.time_zone, cards.starts_at, cards.ends_at),
            starts: dates::date_time(language, local),
            meetup: cards.meetup,
            location: cards.location,
            cards: cards.cards,
        }
    }
}

/// The printable table cards of one meetup; failures are pages (a 401 still names the scheme).
pub async fn cards(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> HttpResponse {
    let result = async {
        let organizer = OrganizerQueryAuth::authenticate(&req).await?;
        let Query(query) = Query::<CardsQuery>::parse(&req)?;
        let id = meetup_id(query.meetup_id.as_deref())?
            .ok_or_else(|| Error::field("meetup_id", "name the meetup to print cards for"))?;
        let language = match query.lang.as_deref() {
            Some(raw) => Some(
                raw.parse::<Language>()
                    .map_err(|_| Error::field("lang", "must be one of: en, de"))?,
            ),
            None => None,
        };
        let cards = wf::cards(&state.ctx, organizer.id, &slug, id).await?;
        // Attendees read the cards at the table, so they are in the conference's language
        // rather than the organizer's browser's, unless the organizer asks for another.
        let language = crate::http::language::choose(language.unwrap_or(cards.language));
        page(
            StatusCode::OK,
            "cards.html",
            &CardsPage::new(language, cards),
        )
    }
    .await;
    match result {
        Ok(response) => response,
        Err(err) => {
            let unauthorized = matches!(err, Error::Unauthorized(_));
            let mut response = PageError(err).error_response();
            if unauthorized {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
            }
            response
        }
    }
}

pub async fn my_tables(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let items = me::tables(&state.ctx, id).await?;
    Ok(private(&mut HttpResponse::Ok()).json(serde_json::json!({ "items": items })))
}

pub async fn my_tablemates_json(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let items = me::tablemates(&state.ctx, id).await?;
    Ok(private(&mut HttpResponse::Ok()).json(serde_json::json!({ "items": items })))
}

pub async fn my_tablemates_csv(
    state: web::Data<AppState>,
    AttendeeAuth(id): AttendeeAuth,
) -> Result<HttpResponse, Error> {
    let mates = me::tablemates(&state.ctx, id).await?;
    let body = me::mastodon_follows(&mates)?;
    Ok(private(&mut HttpResponse::Ok())
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"tablemates-following.csv\"",
        ))
        .body(body))
}
