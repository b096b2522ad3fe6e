//! The organizer's view of email delivery: listing a conference's emails with their status,
//! filtering them, and retrying a failed one, against a real SMTP server that first refuses.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestBackend, body, error_fields, let_workers_run, registration};
use crate::mail::SmtpSink;

api_test!(
    organizers_see_failed_emails_and_can_send_them_again,
    backend
);
async fn organizers_see_failed_emails_and_can_send_them_again(backend: &TestBackend) {
    let (sink, app, org) = failed_registrations(backend).await;
    let other = app.conference("other").await;

    let list = |query: &'static str| {
        let app = &app;
        let org = org.clone();
        async move {
            app.get(
                &format!("/api/v1/conferences/conf/emails{query}"),
                Some(&org),
            )
            .await
        }
    };
    let page = body(list("").await, StatusCode::OK).await;
    assert_eq!(page["total"], 2, "{page}");
    let items = page["items"].as_array().expect("items");
    let ada = items
        .iter()
        .find(|e| e["recipient"] == "ada@example.org")
        .unwrap_or_else(|| panic!("Ada's email is listed: {page}"))
        .clone();
    assert_eq!(ada["kind"], "registration_confirmation");
    assert_eq!(ada["status"], "failed");
    assert_eq!(ada["attempts"], 1);
    assert!(
        ada["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("451")),
        "{ada}"
    );
    assert_eq!(
        (ada["due_at"].clone(), ada["sent_at"].clone()),
        (Value::Null, Value::Null)
    );
    let ada_id = ada["id"].as_str().expect("id").to_owned();
    let ada_attendee = ada["attendee_id"].as_str().expect("attendee id").to_owned();

    let by_attendee = body(
        app.get(
            &format!("/api/v1/conferences/conf/emails?attendee_id={ada_attendee}"),
            Some(&org),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_attendee["total"], 1);
    assert_eq!(by_attendee["items"][0]["id"], ada_id.as_str());
    let sent = body(list("?status=sent").await, StatusCode::OK).await;
    assert_eq!(sent["total"], 0);
    let one = body(
        list("?status=failed&per_page=1&page=2").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (one["total"].clone(), one["items"].as_array().map(Vec::len)),
        (json!(2), Some(1))
    );
    let problem = body(
        list("?status=lost&attendee_id=7&per_page=0&page=x").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(fields, ["attendee_id", "page", "per_page", "status"]);
    body(list("?sort=asc").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    body(
        app.get("/api/v1/conferences/conf/emails", None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    body(
        app.get("/api/v1/conferences/conf/emails", Some(&other))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let empty = body(
        app.get("/api/v1/conferences/other/emails", Some(&other))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(empty["total"], 0, "another conference's emails stay apart");

    let retry = |slug: &str, id: &str, token: &str| {
        let path = format!("/api/v1/conferences/{slug}/emails/{id}/retry");
        let token = token.to_owned();
        let app = &app;
        async move { app.post(&path, Some(&token), &Value::Null).await }
    };
    body(retry("other", &ada_id, &other).await, StatusCode::NOT_FOUND).await;
    body(
        retry("conf", "00000000-0000-0000-0000-000000000000", &org).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    body(
        retry("conf", "not-an-id", &org).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    sink.refuse(false);
    let queued = body(retry("conf", &ada_id, &org).await, StatusCode::OK).await;
    assert_eq!(queued["status"], "pending");
    assert_eq!(queued["attempts"], 0);
    assert_eq!(queued["last_error"], Value::Null);
    assert!(queued["due_at"].is_string(), "{queued}");
    let delivered = sink.wait_for(1).await;
    assert!(
        delivered[0]
            .recipients
            .contains(&"<ada@example.org>".to_owned())
    );
    app.wait_for_outbox("status = 'sent'", 1).await;

    let problem = body(retry("conf", &ada_id, &org).await, StatusCode::CONFLICT).await;
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("sent")),
        "{problem}"
    );
    let sent = body(list("?status=sent").await, StatusCode::OK).await;
    assert_eq!(sent["items"][0]["id"], ada_id.as_str());
    assert!(sent["items"][0]["sent_at"].is_string(), "{sent}");
    let_workers_run().await;
    assert_eq!(sink.count(), 1, "Grace's failed email stays failed");
}

/// Ada and Grace register at `conf` while the mail server refuses, with one attempt allowed:
/// both confirmations have failed. The server (still refusing), the app and the organizer's
/// token.
pub(crate) async fn failed_registrations(backend: &TestBackend) -> (SmtpSink, TestApp, String) {
    let sink = SmtpSink::start().await;
    sink.refuse(true);
    let app = backend
        .spawn_with(&[
            ("TABLEMATES_SMTP_URL", &sink.url()),
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
            ("TABLEMATES_OUTBOX_MAX_ATTEMPTS", "1"),
            ("TABLEMATES_MAIL_FROM", "Test Conf <hello@tablemates.test>"),
        ])
        .await;
    let org = app.conference("conf").await;
    for (name, email) in [
        ("Ada Lovelace", "ada@example.org"),
        ("Grace Hopper", "grace@example.org"),
    ] {
        body(
            app.register("conf", &registration(name, email)).await,
            StatusCode::ACCEPTED,
        )
        .await;
    }
    app.wait_for_outbox("status = 'failed'", 2).await;
    (sink, app, org)
}
