//! Unsubscribing (RFC 8058 one-click and the page behind the link), asking for one's personal
//! link again, and the withdrawal confirmation: over HTTP, reading the emails the app writes
//! through its file transport.

use std::path::Path;

use mail_parser::{MessageParser, MimeHeaders};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use tablemates::domain::records::{EmailKind, EmailPayload, NewEmail};
use tablemates::store::outbox;
use tablemates::workflows::LinkSettings;
use tablemates::workflows::unsubscribe::UnsubscribeKey;
use uuid::Uuid;

use crate::helpers::{TestApp, TestBackend, body, error_fields, let_workers_run, registration};

async fn spawn(backend: &TestBackend) -> TestApp {
    backend
        .spawn_with(&[
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
            ("TABLEMATES_MAIL_FROM", "Test Conf <hello@tablemates.test>"),
        ])
        .await
}

fn links(app: &TestApp) -> LinkSettings {
    LinkSettings {
        base_url: app.address.parse().expect("base URL"),
        access_token_days: 180,
    }
}

/// Registers Ada and returns her attendee id and personal-link token.
async fn ada(app: &TestApp) -> (Uuid, String) {
    app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let token = app.link_token("ada@example.org").await;
    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    let id = me["id"].as_str().expect("id").parse().expect("uuid");
    (id, token)
}

async fn unsubscribe_url(app: &TestApp, attendee_id: Uuid) -> String {
    tablemates::workflows::unsubscribe::url_for(&app.db.read, attendee_id, &links(app))
        .await
        .expect("unsubscribe URL")
}

async fn one_click(app: &TestApp, url: &str) -> reqwest::Response {
    app.client
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("request")
}

/// A person following the link gets an HTML page, errors included.
async fn html_page(res: reqwest::Response, status: StatusCode) -> String {
    let actual = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let text = res.text().await.expect("body");
    assert_eq!(actual, status, "{text}");
    assert!(
        content_type.starts_with("text/html"),
        "{content_type}: {text}"
    );
    text
}

/// Every email the file transport wrote, as (subject, raw bytes).
fn emails(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("mail folder") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("eml") {
            continue;
        }
        let raw = std::fs::read(&path).expect("readable");
        let subject = MessageParser::default()
            .parse(&raw)
            .and_then(|m| m.subject().map(str::to_owned))
            .unwrap_or_default();
        out.push((subject, raw));
    }
    out
}

fn emails_with_subject(dir: &Path, subject: &str) -> Vec<Vec<u8>> {
    emails(dir)
        .into_iter()
        .filter(|(s, _)| s == subject)
        .map(|(_, raw)| raw)
        .collect()
}

/// A pending email of `kind` for the attendee, due in an hour so the worker leaves it alone.
async fn queue_later(app: &TestApp, kind: EmailKind, attendee_id: Uuid) {
    let queued = outbox::enqueue(
        &app.db.write,
        NewEmail {
            dedupe_key: format!("{kind}:test:{attendee_id}"),
            attendee_id: Some(attendee_id),
            recipient: "ada@example.org".into(),
            due_at: Some(chrono::Utc::now() + chrono::Duration::hours(1)),
            payload: crate::helpers::sample_payload(kind),
        },
        chrono::Utc::now(),
    )
    .await
    .expect("enqueue");
    assert!(queued);
}

api_test!(
    one_click_unsubscribe_works_once_and_repeats_harmlessly,
    backend
);
async fn one_click_unsubscribe_works_once_and_repeats_harmlessly(backend: &TestBackend) {
    let app = spawn(backend).await;
    let (id, _) = ada(&app).await;
    queue_later(&app, EmailKind::TableIntroduction, id).await;
    queue_later(&app, EmailKind::AccessLink, id).await;
    let url = unsubscribe_url(&app, id).await;
    assert!(url.starts_with(&format!("{}/unsubscribe/tm_uns_", app.address)));

    for _ in 0..2 {
        let res = one_click(&app, &url).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/html")
        );
        let page = res.text().await.expect("body");
        assert!(page.contains("You are unsubscribed"), "{page}");
        assert!(page.contains("Test Conference"), "{page}");
    }

    assert_eq!(
        app.count("email_preferences", "unsubscribed_at IS NOT NULL")
            .await,
        1
    );
    assert!(
        !tablemates::store::email_preferences::wants_table_emails(&app.db.read, id)
            .await
            .expect("query")
    );
    assert_eq!(
        app.count(
            "outbox_emails",
            "kind = 'table_introduction' AND status = 'skipped'"
        )
        .await,
        1,
        "the queued introduction is withdrawn"
    );
    assert_eq!(
        app.count(
            "outbox_emails",
            "kind = 'access_link' AND status = 'pending'"
        )
        .await,
        1,
        "transactional email still goes out"
    );
}

api_test!(
    opening_the_link_shows_a_button_and_unsubscribes_nobody,
    backend
);
async fn opening_the_link_shows_a_button_and_unsubscribes_nobody(backend: &TestBackend) {
    let app = spawn(backend).await;
    let (id, _) = ada(&app).await;
    let url = unsubscribe_url(&app, id).await;

    let res = app.client.get(&url).send().await.expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.expect("body");
    assert!(page.contains("<form method=\"post\">"), "{page}");
    assert!(page.contains("name=\"List-Unsubscribe\""), "{page}");
    assert!(page.contains("Test Conference"), "{page}");
    assert!(
        tablemates::store::email_preferences::wants_table_emails(&app.db.read, id)
            .await
            .expect("query"),
        "a GET must not unsubscribe"
    );
    assert_eq!(app.count("email_preferences", "1 = 1").await, 0);

    one_click(&app, &url).await;
    let page = app
        .client
        .get(&url)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(page.contains("You are unsubscribed"), "{page}");
    assert!(!page.contains("<form"), "{page}");
}

api_test!(a_bad_or_forged_token_is_a_404_page, backend);
async fn a_bad_or_forged_token_is_a_404_page(backend: &TestBackend) {
    let app = spawn(backend).await;
    let (id, _) = ada(&app).await;
    let forged = tablemates::secrets::unsubscribe_token(b"not the server's key", id);
    for token in ["tm_uns_nonsense", "x", forged.as_str()] {
        let path = format!("/unsubscribe/{token}");
        html_page(app.get(&path, None).await, StatusCode::NOT_FOUND).await;
        html_page(
            one_click(&app, &app.url(&path)).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    assert_eq!(app.count("email_preferences", "1 = 1").await, 0);
}

api_test!(
    an_erased_attendee_leaves_no_preference_and_their_link_finds_nobody,
    backend
);
async fn an_erased_attendee_leaves_no_preference_and_their_link_finds_nobody(
    backend: &TestBackend,
) {
    let app = spawn(backend).await;
    let (id, token) = ada(&app).await;
    let url = unsubscribe_url(&app, id).await;
    assert_eq!(one_click(&app, &url).await.status(), StatusCode::OK);
    let res = app
        .client
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("email_preferences", "1 = 1").await, 0);
    html_page(one_click(&app, &url).await, StatusCode::NOT_FOUND).await;
}

api_test!(
    asking_for_a_link_with_an_unknown_email_answers_202_and_sends_nothing,
    backend
);
async fn asking_for_a_link_with_an_unknown_email_answers_202_and_sends_nothing(
    backend: &TestBackend,
) {
    let app = spawn(backend).await;
    ada(&app).await;
    let answer = body(
        app.post(
            "/api/v1/public/conferences/conf/access-link",
            None,
            &json!({"email": "nobody@example.org"}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(answer["status"], "accepted");
    app.wait_for_outbox("status = 'sent'", 1).await;
    let_workers_run().await;
    assert_eq!(app.count("outbox_emails", "1 = 1").await, 1);
    assert_eq!(
        emails(app.mail_dir.path()).len(),
        1,
        "only the confirmation"
    );

    let problem = body(
        app.post(
            "/api/v1/public/conferences/conf/access-link",
            None,
            &json!({"email": "not an address"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&problem), vec!["email"]);
    body(
        app.post(
            "/api/v1/public/conferences/nope/access-link",
            None,
            &json!({"email": "ada@example.org"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

api_test!(
    asking_for_a_link_twice_sends_one_email_whose_link_works,
    backend
);
async fn asking_for_a_link_twice_sends_one_email_whose_link_works(backend: &TestBackend) {
    let app = spawn(backend).await;
    ada(&app).await;
    for typed in ["ada@example.org", " ADA@example.org "] {
        let answer = body(
            app.post(
                "/api/v1/public/conferences/conf/access-link",
                None,
                &json!({"email": typed}),
            )
            .await,
            StatusCode::ACCEPTED,
        )
        .await;
        assert_eq!(answer["status"], "accepted");
    }
    app.wait_for_outbox("kind = 'access_link' AND status = 'sent'", 1)
        .await;
    let_workers_run().await;
    assert_eq!(
        app.count("outbox_emails", "kind = 'access_link'").await,
        1,
        "one per hour"
    );
    let sent = emails_with_subject(
        app.mail_dir.path(),
        "Your personal link for Test Conference",
    );
    assert_eq!(sent.len(), 1);
    let message = MessageParser::default().parse(&sent[0]).expect("MIME");
    assert_eq!(
        message
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
        Some("ada@example.org")
    );
    assert!(
        message.header_raw("List-Unsubscribe").is_none(),
        "transactional"
    );
    let text = message.body_text(0).expect("text part");
    let start = text.find("/manage?token=").expect("a manage link") + "/manage?token=".len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me["name"], "Ada Lovelace");
}

api_test!(withdrawing_sends_one_confirmation, backend);
async fn withdrawing_sends_one_confirmation(backend: &TestBackend) {
    let app = spawn(backend).await;
    let (_, token) = ada(&app).await;
    for _ in 0..2 {
        let me = body(
            app.post("/api/v1/me/withdraw", Some(&token), &json!({}))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(me["status"], "withdrawn");
    }
    app.wait_for_outbox("kind = 'withdrawal_confirmation' AND status = 'sent'", 1)
        .await;
    let_workers_run().await;
    assert_eq!(
        app.count("outbox_emails", "kind = 'withdrawal_confirmation'")
            .await,
        1
    );
    let sent = emails_with_subject(
        app.mail_dir.path(),
        "You have withdrawn from Test Conference",
    );
    assert_eq!(sent.len(), 1);
    let text = MessageParser::default()
        .parse(&sent[0])
        .expect("MIME")
        .body_text(0)
        .expect("text")
        .into_owned();
    assert!(text.contains("Hi Ada Lovelace,"), "{text}");
}

api_test!(
    a_sent_introduction_carries_a_calendar_invite_and_a_working_unsubscribe_header,
    backend
);
async fn a_sent_introduction_carries_a_calendar_invite_and_a_working_unsubscribe_header(
    backend: &TestBackend,
) {
    let app = spawn(backend).await;
    let (id, _) = ada(&app).await;
    let key = UnsubscribeKey::load(&app.db.read).await.expect("key");
    let unsubscribe = key.url_for(id, &links(&app));
    let payload: Value = json!({
        "attendee_id": id, "attendee_name": "Ada Lovelace",
        "conference_name": "Test Conference", "conference_slug": "conf",
        "meetup": {"id": "0193f000-0000-7000-8000-0000000000aa", "name": "Lunch, day 1", "starts_at": "2026-12-01T11:30:00Z",
                   "ends_at": "2026-12-01T12:30:00Z", "time_zone": "Europe/Berlin",
                   "location": "Hall B"},
        "table": {"label": "Table 7", "number": 7},
        "tablemates": [{"name": "Bob", "affiliation": null, "bio": null, "handles": [],
                        "mutual_want": false, "you_wanted": false, "wanted_you": false}],
        "shared_interests": [{"interest": "rust", "people": ["Ada Lovelace", "Bob"]}],
        "manage_url": format!("{}/manage?token=x", app.address),
        "unsubscribe_url": unsubscribe,
        "calendar": {"uid": format!("meetup-m1-attendee-{id}@tablemates"), "sequence": 0,
                     "method": "REQUEST"},
    });
    outbox::enqueue(
        &app.db.write,
        NewEmail {
            dedupe_key: format!("table_introduction:p1:{id}"),
            attendee_id: Some(id),
            recipient: "ada@example.org".into(),
            due_at: None,
            payload: EmailPayload::from_json(EmailKind::TableIntroduction, payload)
                .expect("an introduction"),
        },
        chrono::Utc::now(),
    )
    .await
    .expect("enqueue");
    app.wait_for_outbox("kind = 'table_introduction' AND status = 'sent'", 1)
        .await;

    let sent = emails_with_subject(
        app.mail_dir.path(),
        "Lunch, day 1: you sit at Table 7 (Test Conference)",
    );
    assert_eq!(sent.len(), 1);
    let message = MessageParser::default().parse(&sent[0]).expect("MIME");
    let root = message.content_type().expect("content type");
    assert_eq!(root.subtype(), Some("mixed"));
    assert_eq!(
        message.header_raw("List-Unsubscribe").map(str::trim),
        Some(format!("<{unsubscribe}>").as_str())
    );
    assert_eq!(
        message.header_raw("List-Unsubscribe-Post").map(str::trim),
        Some("List-Unsubscribe=One-Click")
    );
    let calendar = message
        .attachments()
        .find(|a| {
            a.content_type()
                .is_some_and(|c| c.subtype() == Some("calendar"))
        })
        .expect("a calendar attachment");
    let ics = calendar
        .text_contents()
        .expect("ICS text")
        .replace("\r\n ", "");
    assert!(
        ics.contains(&format!("UID:meetup-m1-attendee-{id}@tablemates")),
        "{ics}"
    );
    assert!(ics.contains("METHOD:REQUEST"), "{ics}");
    // 11:30 UTC in December is 12:30 in Berlin.
    assert!(
        ics.contains("DTSTART;TZID=Europe/Berlin:20261201T123000"),
        "{ics}"
    );

    assert_eq!(one_click(&app, &unsubscribe).await.status(), StatusCode::OK);
    assert!(
        !tablemates::store::email_preferences::wants_table_emails(&app.db.read, id)
            .await
            .expect("query")
    );
}

api_test!(
    the_worker_hook_skips_a_pending_email_and_leaves_a_sent_one,
    backend
);
async fn the_worker_hook_skips_a_pending_email_and_leaves_a_sent_one(backend: &TestBackend) {
    let app = spawn(backend).await;
    let (id, _) = ada(&app).await;
    app.wait_for_outbox("status = 'sent'", 1).await;
    queue_later(&app, EmailKind::MeetupReminder, id).await;
    let ids: Vec<(Uuid, String)> = tablemates::entities::outbox_email::Entity::find()
        .all(&app.db.read)
        .await
        .expect("rows")
        .into_iter()
        .map(|r| (r.id, r.kind))
        .collect();
    for (email_id, _) in &ids {
        tablemates::store::email_preferences::mark_skipped(&app.db.write, *email_id)
            .await
            .expect("update");
    }
    assert_eq!(
        app.count(
            "outbox_emails",
            "kind = 'meetup_reminder' AND status = 'skipped'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count(
            "outbox_emails",
            "kind = 'registration_confirmation' AND status = 'sent'"
        )
        .await,
        1,
        "a sent email stays sent"
    );
}
