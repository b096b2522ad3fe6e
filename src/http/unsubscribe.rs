//! The unsubscribe link of non-transactional emails. `POST` is RFC 8058's one-click
//! unsubscribe, sent by mail clients (body `List-Unsubscribe=One-Click`) or by the button on
//! the page that `GET` shows. `GET` changes nothing, because mail scanners and link previews
//! open every link in an email.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use minijinja::HtmlEscape;

use super::AppState;
use super::pages::PageError;
use crate::i18n::{self, Arg};
use crate::workflows::unsubscribe as wf;

/// The confirmation page with its button; says so if the attendee already unsubscribed.
pub async fn page(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let subscriber = wf::check(&state.ctx, &token).await?;
    let body = if subscriber.unsubscribed {
        done_text(&subscriber.conference_name)
    } else {
        format!(
            "<h1>{}</h1>\n<p>{}</p>\n\
             <form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" \
             value=\"One-Click\"><button type=\"submit\">{}</button></form>",
            text("unsubscribe-title", &[]),
            text(
                "unsubscribe-explain",
                &conference(&subscriber.conference_name)
            ),
            text("unsubscribe-button", &[]),
        )
    };
    Ok(html(&body))
}

/// Unsubscribes; the body is not needed (the token is the authority) and not checked, so
/// clients that post it in another encoding still work. Repeating it is harmless.
pub async fn unsubscribe(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let subscriber = wf::unsubscribe(&state.ctx, &token, Utc::now()).await?;
    Ok(html(&done_text(&subscriber.conference_name)))
}

fn done_text(conference_name: &str) -> String {
    format!(
        "<h1>{}</h1>\n<p>{}</p>",
        text("unsubscribe-done-title", &[]),
        text("unsubscribe-done", &conference(conference_name)),
    )
}

/// A catalogue message in the request's language, escaped for HTML as a whole (its text and
/// the conference name it may carry).
fn text(id: &str, args: &[(&str, Arg)]) -> String {
    HtmlEscape(&i18n::text(super::language::current(), id, args)).to_string()
}

fn conference(name: &str) -> [(&'static str, Arg); 1] {
    [("conference", Arg::Text(name.to_owned()))]
}

fn html(body: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        // Its one style is inline; nothing else may load, and nobody may frame it.
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ))
        .insert_header(("X-Frame-Options", "DENY"))
        .body(format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta name=\"robots\" content=\"noindex\"><title>{}</title></head>\
             <body style=\"font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em;\
             line-height:1.5\">\n{body}\n</body></html>\n",
            super::language::current(),
            text("unsubscribe-page-title", &[]),
        ))
}
