//! Email templates: one folder per kind (`subject.txt`, `body.txt`, `body.html`) plus a shared
//! layout, built into the binary and optionally overridden file by file from a folder.
//!
//! Rendering is pure: a kind and its JSON payload in, subject and both bodies out. HTML is
//! auto-escaped (by the `.html` name) and an undefined variable is an error, so a payload that
//! lacks a field fails loudly instead of mailing someone an empty greeting.

use std::path::Path;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value};

use super::ics::{Invite, Method};
use crate::domain::Language;
use crate::domain::records::{EmailKind, EmailPayload};

/// The calendar method of the invitation a kind carries, if any.
fn calendar_method(kind: EmailKind) -> Option<Method> {
    match kind {
        EmailKind::TableIntroduction | EmailKind::TableChanged | EmailKind::MeetupChanged => {
            Some(Method::Request)
        }
        EmailKind::MeetupCancelled => Some(Method::Cancel),
        EmailKind::RegistrationConfirmation
        | EmailKind::AlreadyRegistered
        | EmailKind::AccessLink
        | EmailKind::WithdrawalConfirmation
        | EmailKind::MeetupReminder
        | EmailKind::OrganizerSignIn
        | EmailKind::EmailChangeConfirmation
        | EmailKind::EmailChangeNotice
        | EmailKind::ImportInvitation => None,
    }
}

/// Every template file, by name, with the source built into the binary.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "layout.txt",
        include_str!("../../email_templates/layout.txt"),
    ),
    (
        "layout.html",
        include_str!("../../email_templates/layout.html"),
    ),
    (
        "registration_confirmation/subject.txt",
        include_str!("../../email_templates/registration_confirmation/subject.txt"),
    ),
    (
        "registration_confirmation/body.txt",
        include_str!("../../email_templates/registration_confirmation/body.txt"),
    ),
    (
        "registration_confirmation/body.html",
        include_str!("../../email_templates/registration_confirmation/body.html"),
    ),
    (
        "import_invitation/subject.txt",
        include_str!("../../email_templates/import_invitation/subject.txt"),
    ),
    (
        "import_invitation/body.txt",
        include_str!("../../email_templates/import_invitation/body.txt"),
    ),
    (
        "import_invitation/body.html",
        include_str!("../../email_templates/import_invitation/body.html"),
    ),
    (
        "organizer_sign_in/subject.txt",
        include_str!("../../email_templates/organizer_sign_in/subject.txt"),
    ),
    (
        "organizer_sign_in/body.txt",
        include_str!("../../email_templates/organizer_sign_in/body.txt"),
    ),
    (
        "organizer_sign_in/body.html",
        include_str!("../../email_templates/organizer_sign_in/body.html"),
    ),
    (
        "already_registered/subject.txt",
        include_str!("../../email_templates/already_registered/subject.txt"),
    ),
    (
        "already_registered/body.txt",
        include_str!("../../email_templates/already_registered/body.txt"),
    ),
    (
        "already_registered/body.html",
        include_str!("../../email_templates/already_registered/body.html"),
    ),
    (
        "email_change_confirmation/subject.txt",
        include_str!("../../email_templates/email_change_confirmation/subject.txt"),
    ),
    (
        "email_change_confirmation/body.txt",
        include_str!("../../email_templates/email_change_confirmation/body.txt"),
    ),
    (
        "email_change_confirmation/body.html",
        include_str!("../../email_templates/email_change_confirmation/body.html"),
    ),
    (
        "email_change_notice/subject.txt",
        include_str!("../../email_templates/email_change_notice/subject.txt"),
    ),
    (
        "email_change_notice/body.txt",
        include_str!("../../email_templates/email_change_notice/body.txt"),
    ),
    (
        "email_change_notice/body.html",
        include_str!("../../email_templates/email_change_notice/body.html"),
    ),
    (
        "partials/table.txt",
        include_str!("../../email_templates/partials/table.txt"),
    ),
    (
        "partials/table.html",
        include_str!("../../email_templates/partials/table.html"),
    ),
    (
        "partials/handle_mark.html",
        include_str!("../../email_templates/partials/handle_mark.html"),
    ),
    (
        "partials/handle_mark.txt",
        include_str!("../../email_templates/partials/handle_mark.txt"),
    ),
    (
        "partials/manage.html",
        include_str!("../../email_templates/partials/manage.html"),
    ),
    (
        "access_link/subject.txt",
        include_str!("../../email_templates/access_link/subject.txt"),
    ),
    (
        "access_link/body.txt",
        include_str!("../../email_templates/access_link/body.txt"),
    ),
    (
        "access_link/body.html",
        include_str!("../../email_templates/access_link/body.html"),
    ),
    (
        "withdrawal_confirmation/subject.txt",
        include_str!("../../email_templates/withdrawal_confirmation/subject.txt"),
    ),
    (
        "withdrawal_confirmation/body.txt",
        include_str!("../../email_templates/withdrawal_confirmation/body.txt"),
    ),
    (
        "withdrawal_confirmation/body.html",
        include_str!("../../email_templates/withdrawal_confirmation/body.html"),
    ),
    (
        "table_introduction/subject.txt",
        include_str!("../../email_templates/table_introduction/subject.txt"),
    ),
    (
        "table_introduction/body.txt",
        include_str!("../../email_templates/table_introduction/body.txt"),
    ),
    (
        "table_introduction/body.html",
        include_str!("../../email_templates/table_introduction/body.html"),
    ),
    (
        "table_changed/subject.txt",
        include_str!("../../email_templates/table_changed/subject.txt"),
    ),
    (
        "table_changed/body.txt",
        include_str!("../../email_templates/table_changed/body.txt"),
    ),
    (
        "table_changed/body.html",
        include_str!("../../email_templates/table_changed/body.html"),
    ),
    (
        "meetup_reminder/subject.txt",
        include_str!("../../email_templates/meetup_reminder/subject.txt"),
    ),
    (
        "meetup_reminder/body.txt",
        include_str!("../../email_templates/meetup_reminder/body.txt"),
    ),
    (
        "meetup_reminder/body.html",
        include_str!("../../email_templates/meetup_reminder/body.html"),
    ),
    (
        "meetup_cancelled/subject.txt",
        include_str!("../../email_templates/meetup_cancelled/subject.txt"),
    ),
    (
        "meetup_cancelled/body.txt",
        include_str!("../../email_templates/meetup_cancelled/body.txt"),
    ),
    (
        "meetup_cancelled/body.html",
        include_str!("../../email_templates/meetup_cancelled/body.html"),
    ),
    (
        "meetup_changed/subject.txt",
        include_str!("../../email_templates/meetup_changed/subject.txt"),
    ),
    (
        "meetup_changed/body.txt",
        include_str!("../../email_templates/meetup_changed/body.txt"),
    ),
    (
        "meetup_changed/body.html",
        include_str!("../../email_templates/meetup_changed/body.html"),
    ),
];

/// A rendered email, ready to be wrapped in a MIME message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    /// One line, trimmed.
    pub subject: String,
    pub text: String,
    pub html: String,
    /// For a non-transactional kind, the one-click unsubscribe target (`List-Unsubscribe`).
    pub unsubscribe_url: Option<String>,
    /// For a meetup introduction, change or cancellation: the invitation to attach.
    pub calendar: Option<Invite>,
    /// For an introduction to several meetups at once (a series published together): the
    /// invitations to the other meetups, attached after `calendar`.
    pub more_calendars: Vec<Invite>,
}

/// Why an email could not be rendered; permanent for the row that caused it.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("reading template {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("template {name}: {source:#}")]
    Template {
        name: String,
        source: minijinja::Error,
    },
    #[error("{kind} payload: {message}")]
    Payload { kind: EmailKind, message: String },
}

/// The compiled templates; cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The templates built into the binary.
    pub fn built_in() -> Result<Self, TemplateError> {
        Self::load(None)
    }

    /// The built-in templates, each replaced by the file of the same name under `dir` where
    /// one exists (e.g. `dir/registration_confirmation/subject.txt`). Syntax errors show up
    /// here, at start-up, not when the first email is due.
    pub fn load(dir: Option<&Path>) -> Result<Self, TemplateError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        super::filters::register(&mut env);
        crate::i18n::register(&mut env);
        env.set_syntax(
            SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .map_err(|source| TemplateError::Template {
                    name: "(syntax settings)".to_owned(),
                    source,
                })?,
        );
        for (name, source) in BUILT_IN {
            let source = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
                Some(path) => {
                    std::fs::read_to_string(&path).map_err(|source| TemplateError::Read {
                        path: path.display().to_string(),
                        source,
                    })?
                }
                None => (*source).to_owned(),
            };
            env.add_template_owned((*name).to_owned(), source)
                .map_err(|source| TemplateError::Template {
                    name: (*name).to_owned(),
                    source,
                })?;
        }
        Ok(Self { env })
    }

    /// Renders an email from what it says and the links minted for it.
    pub fn render_payload(
        &self,
        payload: &EmailPayload,
        links: &super::links::Links,
        language: Language,
    ) -> Result<Rendered, TemplateError> {
        self.render(payload.kind(), &links.add_to(payload.to_json()), language)
    }

    /// Renders `kind` with the variables in `payload` (a JSON object), in `language`.
    pub fn render(
        &self,
        kind: EmailKind,
        payload: &serde_json::Value,
        language: Language,
    ) -> Result<Rendered, TemplateError> {
        let ctx = Value::from(Serde(payload));
        let render = |file: &str| {
            let name = format!("{kind}/{file}");
            crate::i18n::rendering_in(language, || {
                self.env
                    .get_template(&name)
                    .and_then(|t| t.render(ctx.clone()))
            })
            .map_err(|source| TemplateError::Template { name, source })
        };
        let subject = render("subject.txt")?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let payload_error = |message: String| TemplateError::Payload { kind, message };
        let unsubscribe_url = if kind.is_transactional() {
            None
        } else {
            let url = payload
                .get("unsubscribe_url")
                .and_then(serde_json::Value::as_str)
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .ok_or_else(|| payload_error("unsubscribe_url must be an http(s) URL".into()))?;
            Some(url.to_owned())
        };
        let calendar = calendar_method(kind)
            .map(|method| Invite::from_payload(payload, method))
            .transpose()
            .map_err(payload_error)?;
        let more_calendars = more_invites(payload).map_err(payload_error)?;
        Ok(Rendered {
            subject,
            text: tidy_text(&render("body.txt")?),
            html: render("body.html")?,
            unsubscribe_url,
            calendar,
            more_calendars,
        })
    }
}

/// The invitations to the further meetups a letter lists (`more_tables`, each with its own
/// `calendar`), read like the first one's.
fn more_invites(payload: &serde_json::Value) -> Result<Vec<Invite>, String> {
    let Some(more) = payload
        .get("more_tables")
        .and_then(serde_json::Value::as_array)
    else {
        return Ok(Vec::new());
    };
    more.iter()
        .filter(|t| t.get("calendar").is_some_and(|c| !c.is_null()))
        .map(|t| {
            let mut one = t.clone();
            if let Some(name) = payload.get("conference_name") {
                one["conference_name"] = name.clone();
            }
            Invite::from_payload(&one, Method::Request)
        })
        .collect()
}

/// Drops leading blank lines and runs of more than one blank line that conditional blocks
/// leave behind, and ends the text with exactly one newline.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end_matches(['\r', ' ', '\t']);
        let line = if line == "--" { "-- " } else { line };
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if blank_run > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn samples() -> Vec<(EmailKind, serde_json::Value)> {
        let introduction = meetup_payload();
        let mut changed = meetup_payload();
        changed["reason"] = json!("someone joined");
        changed["calendar"]["sequence"] = json!(1);
        let mut reminder = meetup_payload();
        reminder.as_object_mut().expect("object").remove("calendar");
        let mut moved = meetup_payload();
        moved["previous"] = moved["meetup"].clone();
        moved["previous"]["location"] = json!("Hall A <upstairs>");
        moved["meetup"]["starts_at"] = json!("2026-12-02T11:30:00Z");
        moved["meetup"]["ends_at"] = json!("2026-12-02T12:30:00Z");
        moved["calendar"]["sequence"] = json!(3);
        let mut cancelled = json!({
            "attendee_id": "0193f000-0000-7000-8000-000000000001",
            "attendee_name": "Ada <Lovelace>",
            "conference_name": "RustConf & Friends",
            "conference_slug": "rustconf",
            "manage_url": "http://localhost:8080/manage?token=abc",
            "unsubscribe_url": "http://localhost:8080/unsubscribe/tm_uns_xyz",
            "calendar": {"uid": "meetup-m1-attendee-a1@tablemates", "sequence": 2,
                         "method": "CANCEL"},
        });
        cancelled["meetup"] = introduction["meetup"].clone();
        vec![
            (
                EmailKind::RegistrationConfirmation,
                json!({
                    "attendee_name": "Ada <Lovelace>",
                    "conference_name": "RustConf & Friends",
                    "conference_slug": "rustconf",
                    "manage_url": "http://localhost:8080/manage?token=abc",
                    "handles_claimed_by_someone_else": [
                        {"network": "github", "handle": "ada<script>"}
                    ],
                }),
            ),
            (
                EmailKind::AlreadyRegistered,
                json!({
                    "conference_name": "RustConf & Friends",
                    "conference_slug": "rustconf",
                    "manage_url": "http://localhost:8080/manage?token=abc",
                }),
            ),
            (
                EmailKind::AccessLink,
                json!({
                    "attendee_name": "Ada <Lovelace>",
                    "conference_name": "RustConf & Friends",
                    "conference_slug": "rustconf",
                    "manage_url": "http://localhost:8080/manage?token=abc",
                }),
            ),
            (
                EmailKind::WithdrawalConfirmation,
                json!({
                    "attendee_name": "Ada <Lovelace>",
                    "conference_name": "RustConf & Friends",
                    "conference_slug": "rustconf",
                }),
            ),
            (EmailKind::TableIntroduction, introduction),
            (EmailKind::TableChanged, changed),
            (EmailKind::MeetupReminder, reminder),
            (EmailKind::MeetupCancelled, cancelled),
            (EmailKind::MeetupChanged, moved),
            (
                EmailKind::OrganizerSignIn,
                json!({
                    "organizer_name": "Olga & <Co>",
                    "sign_in_url": "http://localhost:8080/organizer/sign-in/link?token=abc",
                    "minutes": 15,
                }),
            ),
            (
                EmailKind::EmailChangeConfirmation,
                json!({
                    "attendee_name": "Ada <Lovelace>",
                    "conference_name": "RustConf & Friends",
                    "conference_slug": "rustconf",
                    "new_email": "ada@new.example",
                    "confirm_url": "http://localhost:8080/email-change?token=abc",
                }),
            ),
            (
                EmailKind::EmailChangeNotice,
                json!({
                    "attendee_name": "Ada <Lovelace>",
                    "conference_name": "RustConf & Friends",
                    "conference_slug": "rustconf",
                    "new_email": "ada@new.example",
                    "manage_url": "http://localhost:8080/manage?token=abc",
                }),
            ),
            (
                EmailKind::ImportInvitation,
                json!({
                    "attendee_name": "Ada <Lovelace>",
                    "conference_name": "RustConf & Friends",
                    "conference_slug": "rustconf",
                    "needs_acceptance": true,
                    "manage_url": "http://localhost:8080/manage?token=abc",
                }),
            ),
        ]
    }

    /// A table introduction exactly as INTRO-PAYLOAD.md describes it, with the awkward cases:
    /// markup in names, a tablemate who shows no affiliation or bio, one with no handles.
    fn meetup_payload() -> serde_json::Value {
        json!({
            "attendee_id": "0193f000-0000-7000-8000-000000000001",
            "attendee_name": "Ada <Lovelace>",
            "conference_name": "RustConf & Friends",
            "conference_slug": "rustconf",
            "meetup": {"id": "0193f000-0000-7000-8000-0000000000aa", "name": "Lunch, day 1",
                       "starts_at": "2026-12-01T11:30:00Z", "ends_at": "2026-12-01T12:30:00Z",
                       "time_zone": "Europe/Berlin", "location": "Hall B"},
            "table": {"label": "Table 7 — by the window", "number": 7},
            "tablemates": [
                {"name": "Bob <b>", "affiliation": "Acme & Co", "bio": "Builds <b>compilers</b>.",
                 "handles": [{"network": "mastodon", "handle": "@bob@hachyderm.io",
                              "url": "https://hachyderm.io/@bob", "verified": true}],
                 "mutual_want": true, "you_wanted": true, "wanted_you": true},
                {"name": "Chen Li", "affiliation": null, "bio": null, "handles": [],
                 "mutual_want": false, "you_wanted": false, "wanted_you": false},
                {"name": "Dana", "handles": [
                    {"network": "github", "handle": "dana", "url": "https://github.com/dana"}]},
            ],
            "shared_interests": [
                {"interest": "rust", "people": ["Ada <Lovelace>", "Bob <b>", "Chen Li"]},
                {"interest": "sourdough", "people": ["Ada <Lovelace>", "Dana"]},
            ],
            "manage_url": "http://localhost:8080/manage?token=abc",
            "unsubscribe_url": "http://localhost:8080/unsubscribe/tm_uns_xyz",
            "calendar": {"uid": "meetup-m1-attendee-a1@tablemates", "sequence": 0,
                         "method": "REQUEST"},
        })
    }

    /// The English introduction of `meetup_payload`.
    fn introduction() -> Rendered {
        Templates::built_in()
            .expect("built-in templates compile")
            .render(
                EmailKind::TableIntroduction,
                &meetup_payload(),
                Language::En,
            )
            .expect("renders")
    }

    #[test]
    fn each_handle_is_shown_with_its_networks_name_in_text_and_html() {
        let r = introduction();
        assert!(r.text.contains("Mastodon: @bob@hachyderm.io"), "{}", r.text);
        assert!(r.text.contains("GitHub: dana"), "{}", r.text);
        assert!(!r.text.contains("github:"), "{}", r.text);
        let html = r.html.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            html.contains("Mastodon:</span> <a href=\"https:&#x2f;&#x2f;hachyderm.io&#x2f;@bob\">@bob@hachyderm.io</a>"),
            "{html}"
        );
        assert!(html.contains("GitHub:</span> <a"), "{html}");
    }

    #[test]
    fn proved_handles_are_marked_verified_and_others_claimed_in_text_and_html() {
        let r = introduction();
        assert!(
            r.text.contains("Mastodon: @bob@hachyderm.io (verified)"),
            "{}",
            r.text
        );
        assert!(r.text.contains("GitHub: dana (claimed)"), "{}", r.text);
        let html = r.html.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            html.contains("@bob@hachyderm.io</a> <span style=\"color:#2f855a;\">✓ verified</span>"),
            "{html}"
        );
        assert!(
            html.contains("dana</a> <span style=\"color:#666;\">(claimed)</span>"),
            "{html}"
        );
    }

    #[test]
    fn an_introduction_to_a_series_lists_every_table_and_carries_an_invitation_for_each() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let mut payload = meetup_payload();
        let mut second = json!({
            "meetup": payload["meetup"].clone(),
            "table": {"label": "Table 2 <corner>", "number": 2},
            "tablemates": [{"name": "Eve & Co", "handles": []}],
            "shared_interests": [{"interest": "ml", "people": ["Ada <Lovelace>", "Eve & Co"]}],
            "calendar": {"uid": "meetup-m2-attendee-a1@tablemates", "sequence": 0,
                         "method": "REQUEST"},
        });
        second["meetup"]["id"] = json!("0193f000-0000-7000-8000-0000000000bb");
        second["meetup"]["name"] = json!("Lunch, day 2");
        second["meetup"]["starts_at"] = json!("2026-12-02T11:30:00Z");
        second["meetup"]["ends_at"] = json!("2026-12-02T12:30:00Z");
        payload["more_tables"] = json!([second]);
        let typed = EmailPayload::from_json(EmailKind::TableIntroduction, payload.clone())
            .expect("a series letter reads as an introduction");
        let r = templates
            .render_payload(&typed, &links_of(&payload), Language::En)
            .expect("renders");
        assert_eq!(r.subject, "Your tables at 2 meetups (RustConf & Friends)");
        for needle in [
            "Lunch, day 1",
            "Lunch, day 2",
            "Bob <b>",
            "Eve & Co",
            "Table 2 <corner>",
        ] {
            assert!(r.text.contains(needle), "{needle} in {}", r.text);
        }
        assert!(r.html.contains("Eve &amp; Co") && r.html.contains("Table 2 &lt;corner&gt;"));
        assert!(!r.html.contains("<corner>"), "escaped: {}", r.html);
        let first = r.calendar.expect("the first invitation");
        assert_eq!(r.more_calendars.len(), 1);
        assert_eq!(r.more_calendars[0].uid, "meetup-m2-attendee-a1@tablemates");
        assert_ne!(first.uid, r.more_calendars[0].uid);
        assert!(r.more_calendars[0].summary.starts_with("Lunch, day 2"));
        // One table only: the introduction reads as before.
        let single = introduction();
        assert!(single.subject.starts_with("Lunch, day 1: you sit at"));
        assert!(single.more_calendars.is_empty());
    }

    /// The links a sample payload names, as the mailer would mint them.
    fn links_of(json: &serde_json::Value) -> crate::mailer::links::Links {
        let get = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        crate::mailer::links::Links {
            manage_url: get("manage_url"),
            unsubscribe_url: get("unsubscribe_url"),
            sign_in_url: get("sign_in_url"),
            confirm_url: get("confirm_url"),
        }
    }

    /// The key each kind cannot do without; removing it must fail the render.
    fn required_key(kind: EmailKind) -> &'static str {
        match kind {
            EmailKind::WithdrawalConfirmation => "attendee_name",
            EmailKind::MeetupCancelled => "meetup",
            EmailKind::OrganizerSignIn => "sign_in_url",
            EmailKind::EmailChangeConfirmation => "confirm_url",
            k if !k.is_transactional() => "table",
            _ => "manage_url",
        }
    }

    #[test]
    fn every_sample_is_its_kinds_struct_and_renders_the_same_from_it() {
        let templates = Templates::built_in().expect("built-in templates compile");
        for (kind, json) in samples() {
            let typed = EmailPayload::from_json(kind, json.clone())
                .unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(typed.kind(), kind);
            let from_struct = templates
                .render_payload(&typed, &links_of(&json), Language::En)
                .expect("renders");
            let from_json = templates
                .render(kind, &json, Language::En)
                .expect("renders");
            assert_eq!(
                (from_struct.subject, from_struct.text, from_struct.html),
                (from_json.subject, from_json.text, from_json.html),
                "{kind}"
            );
        }
    }

    #[test]
    fn every_kind_renders_in_every_language_in_its_own_words() {
        let templates = Templates::built_in().expect("built-in templates compile");
        for (kind, payload) in samples() {
            let en = templates
                .render(kind, &payload, Language::En)
                .unwrap_or_else(|e| panic!("{kind} in English: {e}"));
            let de = templates
                .render(kind, &payload, Language::De)
                .unwrap_or_else(|e| panic!("{kind} in German: {e}"));
            assert_ne!(en.subject, de.subject, "{kind}");
            assert!(
                de.html.contains(r#"<html lang="de">"#),
                "{kind}: {}",
                de.html
            );
            assert!(
                en.html.contains(r#"<html lang="en">"#),
                "{kind}: {}",
                en.html
            );
            assert!(de.text.starts_with("Hallo"), "{kind}: {}", de.text);
            for english in [" you ", " your ", " with ", " link", "Hi "] {
                assert!(
                    !de.text.contains(english),
                    "{kind} says {english:?}: {}",
                    de.text
                );
                assert!(
                    !de.html.contains(english),
                    "{kind} says {english:?}: {}",
                    de.html
                );
            }
        }
    }

    #[test]
    fn every_kind_renders_with_a_sample_payload() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let samples = samples();
        assert_eq!(
            samples.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            <EmailKind as strum::VariantArray>::VARIANTS,
            "one sample per kind"
        );
        for (kind, payload) in samples {
            let r = templates
                .render(kind, &payload, Language::En)
                .unwrap_or_else(|e| panic!("{kind}: {e}"));
            // The sign-in link is about no conference: it names the organizer instead.
            let (name, escaped) = match kind {
                EmailKind::OrganizerSignIn => ("Olga & <Co>", "Olga &amp; &lt;Co&gt;"),
                _ => ("RustConf & Friends", "RustConf &amp; Friends"),
            };
            if kind != EmailKind::OrganizerSignIn {
                assert!(r.subject.contains(name), "{kind}: {r:?}");
            }
            assert!(!r.subject.contains('\n'));
            if payload.get("manage_url").is_some() {
                assert!(r.text.contains("manage?token=abc"), "{kind}: {}", r.text);
                assert!(r.html.contains("manage?token=abc"), "{kind}: {}", r.html);
            }
            assert!(r.text.contains(name), "{kind}: {}", r.text);
            assert!(!r.text.contains("\n\n\n"), "{kind}: {}", r.text);
            assert!(r.html.contains(escaped), "{kind}: {}", r.html);
            assert!(!r.html.contains("<script>"), "{kind}: {}", r.html);
            assert!(!r.html.contains("<Lovelace>"), "{kind}: {}", r.html);
            assert_eq!(
                r.unsubscribe_url.is_some(),
                !kind.is_transactional(),
                "{kind}"
            );
            if r.unsubscribe_url.is_some() {
                assert!(
                    r.text.contains("/unsubscribe/tm_uns_xyz"),
                    "{kind}: {}",
                    r.text
                );
                assert!(
                    r.html.contains("&#x2f;unsubscribe&#x2f;tm_uns_xyz"),
                    "{kind}: {}",
                    r.html
                );
            }
            assert_eq!(
                r.calendar.as_ref().map(|c| c.method),
                calendar_method(kind),
                "{kind}"
            );
        }
    }

    #[test]
    fn an_introduction_shows_the_meetup_the_table_and_each_tablemate() {
        let r = introduction();
        assert_eq!(
            r.subject,
            "Lunch, day 1: you sit at Table 7 — by the window (RustConf & Friends)"
        );
        // minijinja escapes `/` too (`&#x2f;`), which browsers and mail clients read back.
        let html = r.html.replace("&#x2f;", "/");
        for (part, body) in [("text", &r.text), ("html", &html)] {
            for expected in [
                "Tuesday 1 December 2026, 12:30–13:30 (Europe/Berlin)",
                "Hall B",
                "Table 7 — by the window",
                "Chen Li",
                "Dana",
                "@bob@hachyderm.io",
                "https://hachyderm.io/@bob",
                "https://github.com/dana",
                "sourdough",
                "both asked to meet each other",
                "share an interest in sourdough",
            ] {
                assert!(
                    body.contains(expected),
                    "{part} lacks {expected:?}:\n{body}"
                );
            }
        }
        assert!(r.text.contains("* Bob <b> (Acme & Co)"), "{}", r.text);
        assert!(r.text.contains("  Builds <b>compilers</b>."), "{}", r.text);
        assert!(
            r.text.contains("- rust: Ada <Lovelace>, Bob <b>, Chen Li"),
            "{}",
            r.text
        );
        assert!(r.html.contains("Bob &lt;b&gt;"), "{}", r.html);
        assert!(r.html.contains("Acme &amp; Co"), "{}", r.html);
        assert!(
            html.contains("Builds &lt;b&gt;compilers&lt;/b&gt;"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://hachyderm.io/@bob\">@bob@hachyderm.io</a>"),
            "{html}"
        );
        assert_eq!(
            r.text.matches("both asked to meet").count(),
            1,
            "only Bob was a mutual want: {}",
            r.text
        );
        assert!(
            !r.text.contains("Chen Li ("),
            "no empty affiliation: {}",
            r.text
        );
    }

    #[test]
    fn a_table_without_shared_interests_gets_a_generic_starter() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let mut payload = meetup_payload();
        payload["shared_interests"] = json!([]);
        let r = templates
            .render(EmailKind::TableIntroduction, &payload, Language::En)
            .expect("renders");
        assert!(
            r.text
                .contains("which talk you are most looking forward to"),
            "{}",
            r.text
        );
        assert!(!r.text.contains("What your table shares"), "{}", r.text);
    }

    #[test]
    fn a_change_says_why_and_a_cancellation_shows_when() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let samples: std::collections::HashMap<_, _> = samples().into_iter().collect();
        let changed = templates
            .render(
                EmailKind::TableChanged,
                &samples[&EmailKind::TableChanged],
                Language::En,
            )
            .expect("renders");
        assert!(
            changed.text.contains("changed (someone joined)"),
            "{}",
            changed.text
        );
        assert_eq!(changed.calendar.as_ref().map(|c| c.sequence), Some(1));
        let cancelled = templates
            .render(
                EmailKind::MeetupCancelled,
                &samples[&EmailKind::MeetupCancelled],
                Language::En,
            )
            .expect("renders");
        assert!(
            cancelled
                .text
                .contains("Tuesday 1 December 2026, 12:30–13:30"),
            "{}",
            cancelled.text
        );
        assert_eq!(
            cancelled.calendar.as_ref().map(|c| c.method),
            Some(Method::Cancel)
        );
    }

    #[test]
    fn a_cancelled_meetup_says_so_and_a_cancelled_seat_keeps_its_wording() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let samples: std::collections::HashMap<_, _> = samples().into_iter().collect();
        // Stored before meetups could be cancelled: no `meetup_cancelled`, a seat was taken away.
        let seat = &samples[&EmailKind::MeetupCancelled];
        let rendered = templates
            .render(EmailKind::MeetupCancelled, seat, Language::En)
            .expect("renders");
        assert!(
            rendered.text.contains("no longer seated"),
            "{}",
            rendered.text
        );
        assert!(
            !rendered.text.contains("organizers cancelled"),
            "{}",
            rendered.text
        );
        let mut meetup = seat.clone();
        meetup["meetup_cancelled"] = json!(true);
        let rendered = templates
            .render(EmailKind::MeetupCancelled, &meetup, Language::En)
            .expect("renders");
        assert_eq!(
            rendered.subject,
            "Cancelled: Lunch, day 1 (RustConf & Friends)"
        );
        assert!(
            rendered
                .text
                .contains("the organizers cancelled Lunch, day 1"),
            "{}",
            rendered.text
        );
        assert!(
            !rendered.text.contains("no longer seated"),
            "{}",
            rendered.text
        );
        assert!(
            rendered.html.contains("It will not take place"),
            "{}",
            rendered.html
        );
        assert_eq!(
            rendered.calendar.as_ref().map(|c| c.method),
            Some(Method::Cancel)
        );
    }

    #[test]
    fn a_moved_meetup_shows_where_and_when_it_was_and_is_with_a_newer_invitation() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let samples: std::collections::HashMap<_, _> = samples().into_iter().collect();
        let moved = templates
            .render(
                EmailKind::MeetupChanged,
                &samples[&EmailKind::MeetupChanged],
                Language::En,
            )
            .expect("renders");
        assert!(
            moved.text.contains(
                "Tuesday 1 December 2026, 12:30–13:30 (Europe/Berlin), Hall A <upstairs>"
            ),
            "{}",
            moved.text
        );
        assert!(
            moved
                .text
                .contains("Wednesday 2 December 2026, 12:30–13:30"),
            "{}",
            moved.text
        );
        assert!(
            moved.html.contains("Hall A &lt;upstairs&gt;"),
            "{}",
            moved.html
        );
        let invite = moved.calendar.expect("an invitation");
        assert_eq!((invite.method, invite.sequence), (Method::Request, 3));
        assert!(moved.subject.starts_with("Lunch, day 1 has changed"));
    }

    #[test]
    fn a_non_transactional_email_without_an_unsubscribe_url_is_refused() {
        let templates = Templates::built_in().expect("built-in templates compile");
        for (kind, mut payload) in samples().into_iter().filter(|(k, _)| !k.is_transactional()) {
            payload["unsubscribe_url"] = json!("javascript:alert(1)");
            assert!(
                matches!(
                    templates.render(kind, &payload, Language::En),
                    Err(TemplateError::Payload { .. })
                ),
                "{kind}"
            );
        }
    }

    #[test]
    fn the_registration_email_asks_to_confirm_because_nobody_unconfirmed_is_seated() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let payload = samples().remove(0).1;
        let r = templates
            .render(EmailKind::RegistrationConfirmation, &payload, Language::En)
            .expect("renders");
        assert!(
            r.subject.starts_with("Please confirm your registration"),
            "{}",
            r.subject
        );
        for body in [&r.text, &r.html] {
            assert!(
                body.contains("Until you confirm, we will not seat you"),
                "{body}"
            );
            assert!(body.contains("Confirm my registration"), "{body}");
        }
    }

    #[test]
    fn claimed_handles_are_listed_only_when_there_are_some() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let mut payload = samples().remove(0).1;
        let with = templates
            .render(EmailKind::RegistrationConfirmation, &payload, Language::En)
            .expect("renders");
        assert!(with.text.contains("- GitHub: ada<script>"), "{}", with.text);
        assert!(with.html.contains("ada&lt;script&gt;"), "{}", with.html);
        assert!(with.text.contains("Hi Ada <Lovelace>,"), "{}", with.text);
        assert!(with.html.contains("Ada &lt;Lovelace&gt;"), "{}", with.html);
        payload["handles_claimed_by_someone_else"] = json!([]);
        let without = templates
            .render(EmailKind::RegistrationConfirmation, &payload, Language::En)
            .expect("renders");
        assert!(!without.text.contains("Someone else"), "{}", without.text);
        assert!(!without.html.contains("Someone else"), "{}", without.html);
    }

    /// Whether `error`, or an error it wraps (an include's), is about an undefined value.
    fn is_undefined(error: &minijinja::Error) -> bool {
        let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(e) = current {
            if e.downcast_ref::<minijinja::Error>()
                .is_some_and(|m| m.kind() == minijinja::ErrorKind::UndefinedError)
            {
                return true;
            }
            current = e.source();
        }
        false
    }

    #[test]
    fn a_missing_variable_is_an_error() {
        let templates = Templates::built_in().expect("built-in templates compile");
        for (kind, mut payload) in samples() {
            payload
                .as_object_mut()
                .expect("object")
                .remove(required_key(kind));
            let err = templates.render(kind, &payload, Language::En).unwrap_err();
            assert!(
                matches!(&err, TemplateError::Template { source, .. } if is_undefined(source)),
                "{kind}: {err}"
            );
        }
    }

    #[test]
    fn a_file_in_the_override_folder_replaces_the_built_in_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("already_registered");
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(
            folder.join("subject.txt"),
            "Welcome back to {{ conference_name }}",
        )
        .expect("write");
        let templates = Templates::load(Some(dir.path())).expect("loads");
        let (kind, payload) = samples().remove(1);
        let r = templates
            .render(kind, &payload, Language::En)
            .expect("renders");
        assert_eq!(r.subject, "Welcome back to RustConf & Friends");
        assert!(r.text.contains("already registered"), "{}", r.text);
    }

    #[test]
    fn a_broken_override_fails_at_load() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("layout.txt"), "{% block content %}").expect("write");
        assert!(matches!(
            Templates::load(Some(dir.path())),
            Err(TemplateError::Template { .. })
        ));
    }
}
