//! The conference's pretix connection: stored (`PUT`), shown without its token (`GET`), and
//! pulled (`POST …/sync`): pretix's orders since the last pull, imported with the file
//! import's rules (invalid rows are reported and skipped, so one bad order does not hold back
//! the others; they come again when the order changes in pretix). pretix's webhook (`POST
//! …/webhook/{secret}`) names an order, which is fetched from pretix and imported the same way.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::import::{ImportReportOut, ParsedImport, from_table};
use super::dto::import_sources::{ConsentColumns, Source, Table, key};
use super::dto::pretix::{PretixConnectionIn, PretixConnectionOut, PretixSyncOut, PretixWebhookIn};
use super::dto::pretix_export;
use super::extract::{JsonBody, OrganizerAuth};
use crate::domain::records::PretixConnection;
use crate::error::Error;
use crate::workflows::import::{self as import_wf, ImportOptions};
use crate::workflows::pretix as wf;

pub async fn put(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
    JsonBody(body): JsonBody<PretixConnectionIn>,
) -> Result<HttpResponse, Error> {
    let input = body.into_input()?;
    let connection = wf::connect(&state.ctx, organizer.id, &slug, input, Utc::now()).await?;
    shown(&state, &slug, connection).await
}

pub async fn get(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let connection = wf::connection(&state.ctx, organizer.id, &slug).await?;
    shown(&state, &slug, connection).await
}

async fn shown(
    state: &AppState,
    slug: &str,
    connection: PretixConnection,
) -> Result<HttpResponse, Error> {
    let secret = wf::webhook_secret(&state.ctx, connection.conference_id).await?;
    let url = state
        .ctx
        .links
        .base_url
        .join(&format!(
            "/api/v1/conferences/{slug}/attendees/import/pretix/webhook/{secret}"
        ))
        .map_err(|e| Error::internal(anyhow::anyhow!("webhook URL: {e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(PretixConnectionOut::new(connection, url.to_string())))
}

/// pretix's webhook: the order it names is fetched from pretix and imported (or withdrawn).
/// Anything not about an order of the connected event is answered 200 and ignored, so pretix
/// does not retry it; a pretix that cannot be reached is a 409, which pretix retries.
pub async fn webhook(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<PretixWebhookIn>,
) -> Result<HttpResponse, Error> {
    let (slug, secret) = path.into_inner();
    let now = Utc::now();
    let notice = wf::WebhookNotice {
        organizer: body.organizer,
        event: body.event,
        code: body.code,
        action: body.action,
    };
    let Some((conference, connection, order)) =
        wf::webhook_order(&state.ctx, &slug, &secret, &notice, now).await?
    else {
        return Ok(HttpResponse::Ok().json(serde_json::json!({"imported": false})));
    };
    let parsed = read(pretix_export::order(&order)?, &connection)?;
    let options = ImportOptions {
        skip_invalid: true,
        dry_run: false,
    };
    let report = import_wf::import_into(&state.ctx, &conference, parsed.file, options, now).await?;
    state.jobs.wake();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "imported": true,
        "report": ImportReportOut::new(report, parsed.meta, false),
    })))
}

/// pretix's orders as rows, with the connection's consent questions. Orders hold only some
/// answers: a question none of them answered is no column here, which means no consent in
/// these rows, not an error.
fn read(table: Table, connection: &PretixConnection) -> Result<ParsedImport, Error> {
    let answered = |q: &Option<String>| {
        q.clone()
            .filter(|q| table.headers.iter().any(|h| key(h) == key(q)))
    };
    let consents = ConsentColumns {
        privacy: answered(&connection.privacy_consent_question),
        emails: answered(&connection.email_consent_question),
    };
    from_table(Source::PretixJson, table, &consents).map_err(|e| {
        Error::conflict(
            Some("pretix"),
            format!("pretix's orders cannot be read: {e}"),
        )
    })
}

pub async fn sync(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let now = Utc::now();
    let pulled = wf::pull(&state.ctx, organizer.id, &slug, now).await?;
    let parsed = read(pretix_export::pages(&pulled.pages)?, &pulled.connection)?;
    let options = ImportOptions {
        skip_invalid: true,
        dry_run: false,
    };
    let report =
        import_wf::import(&state.ctx, organizer.id, &slug, parsed.file, options, now).await?;
    wf::advance(&state.ctx, pulled.conference_id, &pulled.cursor, now).await?;
    // Newcomers may need seating in a published plan.
    state.jobs.wake();
    Ok(HttpResponse::Ok().json(PretixSyncOut {
        pages: pulled.pages.len(),
        cursor: pulled.cursor,
        report: ImportReportOut::new(report, parsed.meta, false),
    }))
}
