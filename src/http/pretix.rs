//! The conference's pretix connection: stored (`PUT`), shown without its token (`GET`), and
//! pulled (`POST …/sync`): pretix's orders since the last pull, imported with the file
//! import's rules (invalid rows are reported and skipped, so one bad order does not hold back
//! the others; they come again when the order changes in pretix).

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::dto::import::{ImportReportOut, from_table};
use super::dto::import_sources::{ConsentColumns, Source, key};
use super::dto::pretix::{PretixConnectionIn, PretixConnectionOut, PretixSyncOut};
use super::dto::pretix_export;
use super::extract::{JsonBody, OrganizerAuth};
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
    Ok(HttpResponse::Ok().json(PretixConnectionOut::from(connection)))
}

pub async fn get(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let connection = wf::connection(&state.ctx, organizer.id, &slug).await?;
    Ok(HttpResponse::Ok().json(PretixConnectionOut::from(connection)))
}

pub async fn sync(
    state: web::Data<AppState>,
    OrganizerAuth(organizer): OrganizerAuth,
    slug: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let now = Utc::now();
    let pulled = wf::pull(&state.ctx, organizer.id, &slug, now).await?;
    let table = pretix_export::pages(&pulled.pages)?;
    // A pull holds only the orders changed since the last one: a question none of them
    // answered is no column here, which means no consent in these rows, not an error.
    let answered = |q: &Option<String>| {
        q.clone()
            .filter(|q| table.headers.iter().any(|h| key(h) == key(q)))
    };
    let consents = ConsentColumns {
        privacy: answered(&pulled.connection.privacy_consent_question),
        emails: answered(&pulled.connection.email_consent_question),
    };
    let parsed = from_table(Source::PretixJson, table, &consents).map_err(|e| {
        Error::conflict(
            Some("pretix"),
            format!("pretix's orders cannot be read: {e}"),
        )
    })?;
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
