//! The console's email delivery page (`/organizer/c/{slug}/emails`): the conference's outbox,
//! newest first, filtered by status, kind and recipient, paged; a failed email shows its last
//! error and attempts and can be queued again with a button (the same workflow as
//! `POST /api/v1/conferences/{slug}/emails/{id}/retry`).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Serialize;
use uuid::Uuid;

use super::console::{SIGN_IN, form_sender, id_of};
use super::form::FormBody;
use super::render::{PageError, page, see_other};
use super::view::ConferenceView;
use crate::domain::records::{EmailFilter, EmailKind, OutboxStatus};
use crate::error::{Error, FieldErrors};
use crate::http::AppState;
use crate::http::extract::one_of;
use crate::i18n::dates;
use crate::secrets;
use crate::workflows::{conferences, emails};

/// Emails per page.
const PER_PAGE: u64 = 50;
/// Longest recipient search kept.
const MAX_QUERY: usize = 254;

/// The filters as the query string gives them, kept as typed so the form shows them again.
#[derive(Serialize, Default, Clone)]
struct Filters {
    status: String,
    kind: String,
    q: String,
    page: u64,
}

impl Filters {
    fn from_query(query: &HashMap<String, String>) -> Self {
        let get = |k: &str| {
            query
                .get(k)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        Self {
            status: get("status"),
            kind: get("kind"),
            q: get("q").chars().take(MAX_QUERY).collect(),
            page: get("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    /// The query string of these filters at `page`.
    fn query_at(&self, page: u64) -> String {
        let mut pairs = Vec::new();
        for (k, v) in [
            ("status", &self.status),
            ("kind", &self.kind),
            ("q", &self.q),
        ] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// The workflow's filter, or the fields that are not valid with their messages.
    fn to_filter(&self) -> Result<EmailFilter, HashMap<String, Vec<String>>> {
        let mut errors = FieldErrors::default();
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let status: Option<OutboxStatus> =
            one_of(&mut errors, "status", some(&self.status).as_deref());
        let kind: Option<EmailKind> = one_of(&mut errors, "kind", some(&self.kind).as_deref());
        match errors.finish() {
            Ok(()) => Ok(EmailFilter {
                status,
                kind,
                recipient: some(&self.q),
                ..EmailFilter::default()
            }),
            Err(Error::Validation(list)) => {
                let mut out: HashMap<String, Vec<String>> = HashMap::new();
                for e in list {
                    let message = super::field_message::localized(&e);
                    out.entry(e.field).or_default().push(message);
                }
                Err(out)
            }
            Err(_) => Err(HashMap::new()),
        }
    }
}

#[derive(Serialize)]
struct EmailRow {
    id: Uuid,
    kind: &'static str,
    recipient: String,
    status: &'static str,
    failed: bool,
    attempts: i32,
    last_error: Option<String>,
    created: String,
    sent: Option<String>,
}

/// Every value of a filter; the page names each from the catalogue.
fn choices<T>() -> Vec<&'static str>
where
    T: strum::VariantArray + Copy + 'static,
    for<'a> &'a T: Into<&'static str>,
{
    T::VARIANTS.iter().map(Into::into).collect()
}

#[derive(Serialize)]
struct EmailsPage {
    conference: ConferenceView,
    filters: Filters,
    statuses: Vec<&'static str>,
    kinds: Vec<&'static str>,
    errors: HashMap<String, Vec<String>>,
    emails: Vec<EmailRow>,
    total: u64,
    first: u64,
    last: u64,
    newer: Option<String>,
    older: Option<String>,
    /// The query string of this page, for the retry forms to come back to.
    back: String,
    notice: Option<&'static str>,
    csrf: String,
}

/// The conference's emails, newest first, with the filters of the query string.
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
    let filters = Filters::from_query(&query);
    let zone = conference.fields.time_zone;
    let language = crate::http::language::current();
    let when = |t: chrono::DateTime<Utc>| {
        dates::date_time(language, t.with_timezone(&zone.tz()).naive_local())
    };
    let (status, errors, items, total) = match filters.to_filter() {
        Ok(filter) => {
            let found = emails::list(
                &state.ctx,
                organizer.id,
                &slug,
                &filter,
                filters.page,
                PER_PAGE,
            )
            .await?;
            (StatusCode::OK, HashMap::new(), found.items, found.total)
        }
        Err(errors) => (StatusCode::BAD_REQUEST, errors, Vec::new(), 0),
    };
    let shown = items.len() as u64;
    let first = (filters.page - 1) * PER_PAGE + 1;
    let emails = items
        .into_iter()
        .map(|e| EmailRow {
            id: e.id,
            kind: e.kind.as_str(),
            recipient: e.recipient,
            status: e.status.as_str(),
            failed: e.status == OutboxStatus::Failed,
            attempts: e.attempts,
            last_error: e.last_error,
            created: when(e.created_at),
            sent: e.sent_at.map(when),
        })
        .collect();
    let notice = match query.get("retried").map(String::as_str) {
        Some("1") => Some("emails-retried"),
        Some("0") => Some("emails-not-failed"),
        _ => None,
    };
    let context = EmailsPage {
        conference: ConferenceView::from(&conference),
        statuses: choices::<OutboxStatus>(),
        kinds: choices::<EmailKind>(),
        errors,
        emails,
        total,
        first,
        last: first + shown.saturating_sub(1),
        newer: (filters.page > 1).then(|| filters.query_at(filters.page - 1)),
        older: (filters.page * PER_PAGE < total).then(|| filters.query_at(filters.page + 1)),
        back: filters.query_at(filters.page),
        filters,
        notice,
        csrf: secrets::csrf_token(&raw),
    };
    Ok(page(status, "organizer_emails.html", &context)?)
}

/// Queues a failed email again, then back to the list it was on (303).
pub async fn retry(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    FormBody(fields): FormBody,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, _)) = form_sender(&state, &req, &fields).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let id = id_of(&id, "email")?;
    // An email that is no longer failed (retried in another tab, say) is said so on the list.
    let outcome = match emails::retry(&state.ctx, organizer.id, &slug, id, Utc::now()).await {
        Ok(_) => "retried=1",
        Err(Error::Conflict { .. }) => "retried=0",
        Err(err) => return Err(err.into()),
    };
    // Only the list's own filters come back, re-encoded: never a redirect elsewhere.
    let back: HashMap<String, String> =
        serde_urlencoded::from_str(fields.get("back")).unwrap_or_default();
    let back = Filters::from_query(&back);
    let mut query = back.query_at(back.page);
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(outcome);
    Ok(see_other(&format!("/organizer/c/{slug}/emails?{query}")))
}
