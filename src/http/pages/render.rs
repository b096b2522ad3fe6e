//! HTML rendering for the pages: the templates built into the binary, the security headers every
//! page carries, the stylesheet, and `PageError`, which shows any failure as a page instead of
//! problem+json.

use std::sync::LazyLock;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::{Language, Network};
use crate::error::{Error, RETRY_UNAVAILABLE_AFTER};
use crate::i18n::Arg;

/// Every page template, by name, with the source built into the binary. The `.html` names
/// switch on minijinja's auto-escaping.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "layout.html",
        include_str!("../../../web_templates/layout.html"),
    ),
    (
        "home.html",
        include_str!("../../../web_templates/home.html"),
    ),
    (
        "fields.html",
        include_str!("../../../web_templates/fields.html"),
    ),
    (
        "conference.html",
        include_str!("../../../web_templates/conference.html"),
    ),
    (
        "check_email.html",
        include_str!("../../../web_templates/check_email.html"),
    ),
    (
        "manage.html",
        include_str!("../../../web_templates/manage.html"),
    ),
    (
        "are_you_sure.html",
        include_str!("../../../web_templates/are_you_sure.html"),
    ),
    (
        "erased.html",
        include_str!("../../../web_templates/erased.html"),
    ),
    (
        "manage_verification.html",
        include_str!("../../../web_templates/manage_verification.html"),
    ),
    (
        "handle_mark.html",
        include_str!("../../../web_templates/handle_mark.html"),
    ),
    (
        "verification.html",
        include_str!("../../../web_templates/verification.html"),
    ),
    (
        "cards.html",
        include_str!("../../../web_templates/cards.html"),
    ),
    (
        "error.html",
        include_str!("../../../web_templates/error.html"),
    ),
    (
        "organizer_sign_in.html",
        include_str!("../../../web_templates/organizer_sign_in.html"),
    ),
    (
        "organizer_link_sent.html",
        include_str!("../../../web_templates/organizer_link_sent.html"),
    ),
    (
        "organizer_link.html",
        include_str!("../../../web_templates/organizer_link.html"),
    ),
    (
        "organizer_home.html",
        include_str!("../../../web_templates/organizer_home.html"),
    ),
    (
        "organizer_conference.html",
        include_str!("../../../web_templates/organizer_conference.html"),
    ),
    (
        "organizer_meetup.html",
        include_str!("../../../web_templates/organizer_meetup.html"),
    ),
    (
        "organizer_jobs.html",
        include_str!("../../../web_templates/organizer_jobs.html"),
    ),
    (
        "organizer_job.html",
        include_str!("../../../web_templates/organizer_job.html"),
    ),
    (
        "organizer_attendees.html",
        include_str!("../../../web_templates/organizer_attendees.html"),
    ),
    (
        "organizer_attendee.html",
        include_str!("../../../web_templates/organizer_attendee.html"),
    ),
    (
        "organizer_import.html",
        include_str!("../../../web_templates/organizer_import.html"),
    ),
    (
        "organizer_conference_form.html",
        include_str!("../../../web_templates/organizer_conference_form.html"),
    ),
    (
        "organizer_meetup_form.html",
        include_str!("../../../web_templates/organizer_meetup_form.html"),
    ),
    (
        "organizer_cancel_meetup.html",
        include_str!("../../../web_templates/organizer_cancel_meetup.html"),
    ),
    (
        "organizer_emails.html",
        include_str!("../../../web_templates/organizer_emails.html"),
    ),
    (
        "organizer_webhooks.html",
        include_str!("../../../web_templates/organizer_webhooks.html"),
    ),
    (
        "organizer_plan_chart.html",
        include_str!("../../../web_templates/organizer_plan_chart.html"),
    ),
    (
        "organizer_plan_adjust.html",
        include_str!("../../../web_templates/organizer_plan_adjust.html"),
    ),
    (
        "organizer_table_forms.html",
        include_str!("../../../web_templates/organizer_table_forms.html"),
    ),
    (
        "organizer_run_form.html",
        include_str!("../../../web_templates/organizer_run_form.html"),
    ),
    (
        "email_change.html",
        include_str!("../../../web_templates/email_change.html"),
    ),
];

/// The one stylesheet, served at [`STYLESHEET_PATH`].
pub const STYLESHEET: &str = include_str!("../../../web_templates/site.css");
pub const STYLESHEET_PATH: &str = "/static/site.css";

/// Pages refer to the stylesheet with its content hash in the query, so it can be cached for a
/// year and a new build is still fetched at once.
static STYLESHEET_VERSION: LazyLock<String> =
    LazyLock::new(|| hex::encode(&Sha256::digest(STYLESHEET.as_bytes())[..6]));

/// No inline scripts or styles, nothing from elsewhere, forms only to this origin, never framed.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                   frame-ancestors 'none'; base-uri 'none'";

/// [`CSP`] plus scripts from this origin, which may fetch from it: only the console's meetup
/// page (drag and drop) and a running job's page (following the run); every other page runs
/// no script at all.
const CSP_WITH_SCRIPT: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
                               connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                               base-uri 'none'";

/// The console's drag-and-drop script, served at [`CONSOLE_SCRIPT_PATH`]; pages work without it.
pub const CONSOLE_SCRIPT: &str = include_str!("../../../web_templates/console.js");
pub const CONSOLE_SCRIPT_PATH: &str = "/static/console.js";

static CONSOLE_SCRIPT_VERSION: LazyLock<String> =
    LazyLock::new(|| hex::encode(&Sha256::digest(CONSOLE_SCRIPT.as_bytes())[..6]));

/// Serves the console's script.
pub async fn console_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(CONSOLE_SCRIPT)
}

/// The visibility choices, as (value, label), in the order the forms offer them.
const VISIBILITY_CHOICES: [(&str, &str); 3] = [
    ("tablemates", "Tablemates and organizers"),
    ("organizer", "Organizers only"),
    ("nobody", "Only me"),
];

static ENV: LazyLock<Result<Environment<'static>, minijinja::Error>> = LazyLock::new(environment);

fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    // Above this many tables a draft's move forms take a table number (with one shared list of
    // suggestions) instead of a menu of every table each: the page would grow with its square.
    env.add_global("many_tables", 30);
    env.add_global(
        "stylesheet",
        Value::from_safe_string(format!("{STYLESHEET_PATH}?v={}", *STYLESHEET_VERSION)),
    );
    env.add_global(
        "console_script",
        Value::from_safe_string(format!(
            "{CONSOLE_SCRIPT_PATH}?v={}",
            *CONSOLE_SCRIPT_VERSION
        )),
    );
    env.add_global("visibilities", Value::from(Serde(VISIBILITY_CHOICES)));
    env.add_global(
        "languages",
        Value::from(Serde(
            Language::ALL
                .iter()
                .map(|l| (l.as_str(), l.native_name()))
                .collect::<Vec<_>>(),
        )),
    );
    env.add_global(
        "networks",
        Value::from(Serde(
            Network::ALL
                .iter()
                .map(|n| (n.as_str(), n.display_name()))
                .collect::<Vec<_>>(),
        )),
    );
    crate::i18n::register(&mut env);
    env.add_filter("sentence", |text: String| sentence(&text));
    env.add_filter("network_name", |raw: String| Network::display_name_of(&raw));
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// Renders `template` with `context` into an HTML string, in the request's page language.
pub fn render(template: &str, context: &impl Serialize) -> Result<String, Error> {
    render_in(crate::http::language::current(), template, context)
}

/// Renders `template` with `context` into an HTML string in `language`.
pub fn render_in(
    language: Language,
    template: &str,
    context: &impl Serialize,
) -> Result<String, Error> {
    let env = ENV
        .as_ref()
        .map_err(|e| Error::internal(anyhow::anyhow!("{e:#}")))?;
    crate::i18n::rendering_in(language, || {
        env.get_template(template)
            .and_then(|t| t.render(Value::from(Serde(context))))
    })
    .map_err(|e| Error::internal(anyhow::anyhow!("rendering {template}: {e:#}")))
}

/// A page with the headers every page carries. Pages may show personal data and carry the
/// personal-link token in forms and URLs, so nothing is cached and no referrer leaves.
pub fn page(
    status: StatusCode,
    template: &str,
    context: &impl Serialize,
) -> Result<HttpResponse, Error> {
    let body = render(template, context)?;
    Ok(secured(HttpResponse::build(status))
        .content_type(mime::TEXT_HTML_UTF_8)
        .body(body))
}

/// [`page`] for a page that loads the console's script from this origin.
pub fn scripted_page(
    status: StatusCode,
    template: &str,
    context: &impl Serialize,
) -> Result<HttpResponse, Error> {
    let mut res = page(status, template, context)?;
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(CSP_WITH_SCRIPT),
    );
    Ok(res)
}

fn secured(mut builder: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    builder
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    builder
}

/// A 303 See Other to `location`, so reloading the page that follows does not post again.
pub fn see_other(location: &str) -> HttpResponse {
    secured(HttpResponse::SeeOther())
        .insert_header((header::LOCATION, location))
        .finish()
}

/// Serves the stylesheet.
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(STYLESHEET)
}

/// Any failure of a page handler, answered with an HTML page of the same status the JSON API
/// would use.
#[derive(Debug)]
pub struct PageError(pub Error);

impl From<Error> for PageError {
    fn from(err: Error) -> Self {
        Self(err)
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

#[derive(Serialize)]
struct ErrorPage {
    title: String,
    message: String,
    request_id: Option<String>,
}

/// Why a form without its session's CSRF token is refused; the error page says it in the
/// page's language (`error-stale-form`).
pub(super) const STALE_FORM: &str = "the form is out of date: reload the page and try again";

/// Why a form too large to read is refused; the error page says it in the page's language
/// (`error-form-too-large`).
pub(super) const FORM_TOO_LARGE: &str = "the form is larger than the service accepts";

/// What a missing page was, in `language`: `Error::NotFound` names it in English.
fn what_in(language: crate::domain::Language, what: &str) -> String {
    crate::i18n::translate(language, &format!("what-{}", what.replace(' ', "-")), &[])
        .unwrap_or_else(|_| what.to_owned())
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let language = crate::http::language::current();
        let text = |id: &str, args: &[(&str, Arg)]| crate::i18n::text(language, id, args);
        let (title, message) = match &self.0 {
            Error::NotFound(what) => (
                text("error-not-found-title", &[]),
                text(
                    "error-not-found",
                    &[("what", Arg::Text(what_in(language, what)))],
                ),
            ),
            Error::Unauthorized(_) => (text("error-link-title", &[]), text("error-link", &[])),
            Error::LinkReplaced { conference_slug } => (
                text("error-link-replaced-title", &[]),
                text(
                    "error-link-replaced",
                    &[("path", Arg::Text(format!("/c/{conference_slug}")))],
                ),
            ),
            Error::Conflict { .. } => (
                text("error-conflict-title", &[]),
                sentence(&super::field_message::refusal(&self.0).unwrap_or_default()),
            ),
            // The details below are the API's own words, which stay English.
            Error::Validation(errors) => (
                text("error-invalid-title", &[]),
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Error::Forbidden(d) if d == STALE_FORM => (
                text("error-request-title", &[]),
                text("error-stale-form", &[]),
            ),
            Error::PayloadTooLarge(d) if d == FORM_TOO_LARGE => (
                text("error-request-title", &[]),
                text("error-form-too-large", &[]),
            ),
            Error::BadRequest(d)
            | Error::PayloadTooLarge(d)
            | Error::UnsupportedMediaType(d)
            | Error::Forbidden(d) => (text("error-request-title", &[]), sentence(d)),
            Error::TooManyRequests { retry_after } => (
                text("error-too-many-title", &[]),
                text(
                    "error-too-many",
                    &[("minutes", Arg::Number(retry_after.div_ceil(60) as i64))],
                ),
            ),
            Error::Unavailable(cause) => {
                crate::http::problem::log_unavailable(cause);
                (
                    text("error-unavailable-title", &[]),
                    text(
                        "error-unavailable",
                        &[("seconds", Arg::Number(RETRY_UNAVAILABLE_AFTER as i64))],
                    ),
                )
            }
            Error::Internal(cause) => {
                tracing::error!(
                    request_id = crate::http::request_id::current().unwrap_or_default(),
                    error = ?cause,
                    "internal error"
                );
                (
                    text("error-internal-title", &[]),
                    text("error-internal", &[]),
                )
            }
        };
        let context = ErrorPage {
            title: title.clone(),
            message,
            request_id: crate::http::request_id::current(),
        };
        match page(status, "error.html", &context) {
            Ok(mut response) => {
                let retry_after = match &self.0 {
                    Error::TooManyRequests { retry_after } => Some(*retry_after),
                    Error::Unavailable(_) => Some(RETRY_UNAVAILABLE_AFTER),
                    _ => None,
                };
                if let Some(retry_after) = retry_after {
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, header::HeaderValue::from(retry_after));
                }
                response
            }
            Err(err) => {
                tracing::error!(error = ?err, "the error page could not be rendered");
                HttpResponse::build(status)
                    .content_type(mime::TEXT_PLAIN_UTF_8)
                    .body(title)
            }
        }
    }
}

/// `detail` with a capital letter and a full stop, as a page shows it.
fn sentence(detail: &str) -> String {
    let mut chars = detail.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Visibility;

    #[test]
    fn every_template_compiles() {
        let env = environment().expect("templates compile");
        for (name, _) in TEMPLATES {
            env.get_template(name).expect(name);
        }
    }

    /// What a page names a message by outside a loop or a condition: a value, or an id.
    fn context() -> Value {
        minijinja::context! {
            registration => minijinja::context! { status => "pending" },
            meetup => minijinja::context! { state => "meetup-state-draft" },
            status => "running",
        }
    }

    /// Every page renders in every language, its calls to `t` included; with undefined values
    /// allowed, since here no page gets the context its handler builds (the API tests render
    /// them with real ones).
    #[test]
    fn every_template_renders_in_every_language() {
        let mut env = environment().expect("templates compile");
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        for language in Language::ALL {
            for (name, _) in TEMPLATES {
                let html = crate::i18n::rendering_in(language, || {
                    env.get_template(name).and_then(|t| t.render(context()))
                })
                .unwrap_or_else(|e| panic!("{name} in {language}: {e:#}"));
                if html.contains("<html") {
                    assert!(
                        html.contains(&format!(r#"<html lang="{language}">"#)),
                        "{name} in {language}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_visibility_is_offered() {
        let offered: Vec<&str> = VISIBILITY_CHOICES.iter().map(|(v, _)| *v).collect();
        for visibility in Visibility::ALL {
            assert!(offered.contains(&visibility.as_str()), "{visibility}");
        }
        assert_eq!(offered.len(), Visibility::ALL.len());
    }

    #[test]
    fn error_pages_escape_what_they_show() {
        let html = render(
            "error.html",
            &ErrorPage {
                title: "Not found".into(),
                message: "<script>alert(1)</script>".into(),
                request_id: None,
            },
        )
        .expect("renders");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn details_read_as_sentences() {
        assert_eq!(
            sentence("registration for X is closed"),
            "Registration for X is closed."
        );
        assert_eq!(sentence("Done."), "Done.");
    }
}
