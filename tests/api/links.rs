//! Links that cannot be reused: no outbox row holds a working link, the mailer mints the
//! personal link as it sends, a newer personal link replaces the older one (which then says
//! so), several emails sent together share one link, and a link's use is recorded.

use reqwest::StatusCode;
use sea_orm::{EntityTrait, TransactionTrait};
use serde_json::json;
use tablemates::domain::records::{EmailKind, NewEmail};
use tablemates::entities::outbox_email;
use tablemates::secrets::PREFIXES;
use uuid::Uuid;

use crate::helpers::{TestApp, TestBackend, body, registration, sample_payload};

async fn spawn(backend: &TestBackend) -> TestApp {
    backend
        .spawn_with(&[("TABLEMATES_OUTBOX_POLL_MS", "20")])
        .await
}

/// Every outbox row in full (every column), with any token of the service's found in it.
async fn secrets_in_outbox(app: &TestApp) -> Vec<String> {
    outbox_email::Entity::find()
        .all(&app.db.read)
        .await
        .expect("outbox rows")
        .iter()
        .map(|row| format!("{row:?}"))
        .filter(|row| PREFIXES.iter().any(|p| row.contains(p)))
        .collect()
}

async fn register_ada(app: &TestApp) -> Uuid {
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let token = app.link_token("ada@example.org").await;
    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    me["id"].as_str().expect("id").parse().expect("uuid")
}

api_test!(no_outbox_row_holds_a_working_link_queued_or_sent, backend);
async fn no_outbox_row_holds_a_working_link_queued_or_sent(backend: &TestBackend) {
    let app = spawn(backend).await;
    let organizer = app.conference("conf").await;
    // Every kind of link: personal (confirmation, repeat, access link), sign-in, and the
    // unsubscribe link of the introductions a published plan sends.
    register_ada(&app).await;
    app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
        .await;
    app.post(
        "/api/v1/public/conferences/conf/access-link",
        None,
        &json!({"email": "ada@example.org"}),
    )
    .await;
    app.client
        .post(app.url("/organizer/sign-in"))
        .form(&[("email", "conf@organizers.test")])
        .send()
        .await
        .expect("request");
    crate::plans::attendees(&app, &organizer, 6, "guest").await;
    let meetup = crate::plans::meetup(
        &app,
        &organizer,
        json!({"name": "Lunch", "starts_at": "2026-06-01T11:30:00Z",
               "ends_at": "2026-06-01T12:30:00Z", "location": "Hall B",
               "table_count": 2, "table_min": 3, "table_max": 5}),
    )
    .await;
    crate::plans::seat_and_publish(&app, &organizer, meetup["id"].as_str().expect("id")).await;
    assert_eq!(
        secrets_in_outbox(&app).await,
        Vec::<String>::new(),
        "queued"
    );

    for address in [
        "ada@example.org",
        "conf@organizers.test",
        "guest0@example.org",
    ] {
        app.wait_until_sent_to(address).await;
    }
    assert!(
        app.count(
            "outbox_emails",
            "kind = 'table_introduction' AND status = 'sent'"
        )
        .await
            >= 6
    );
    assert_eq!(secrets_in_outbox(&app).await, Vec::<String>::new(), "sent");
    // The links went out in the messages themselves.
    let written: String = std::fs::read_dir(app.mail_dir.path())
        .expect("mail folder")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).unwrap_or_default())
        .collect();
    for prefix in ["tm_att_", "tm_sin_", "tm_uns_"] {
        assert!(written.contains(prefix), "a sent message carries {prefix}");
    }
}

api_test!(
    a_link_from_an_older_email_stops_working_once_a_newer_one_is_sent,
    backend
);
async fn a_link_from_an_older_email_stops_working_once_a_newer_one_is_sent(backend: &TestBackend) {
    let app = spawn(backend).await;
    app.conference("conf").await;
    register_ada(&app).await;
    let older = app.link_token("ada@example.org").await;
    body(
        app.post(
            "/api/v1/public/conferences/conf/access-link",
            None,
            &json!({"email": "ada@example.org"}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    app.wait_for_outbox("kind = 'access_link' AND status = 'sent'", 1)
        .await;
    let newer = app.link_token("ada@example.org").await;
    assert_ne!(older, newer);
    body(app.get("/api/v1/me", Some(&newer)).await, StatusCode::OK).await;

    let problem = body(
        app.get("/api/v1/me", Some(&older)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(problem["type"], "/problems/link-replaced", "{problem}");
    let detail = problem["detail"].as_str().expect("detail");
    assert!(
        detail.contains("/api/v1/public/conferences/conf/access-link"),
        "{detail}"
    );
    let page = app
        .client
        .get(app.url(&format!("/manage?token={older}")))
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), StatusCode::UNAUTHORIZED);
    let html = page.text().await.expect("page").replace("&#x2f;", "/");
    assert!(html.contains("This link was replaced"), "{html}");
    assert!(html.contains("/c/conf"), "{html}");
    assert_eq!(
        app.count("attendee_tokens", "revoked_at IS NULL").await,
        1,
        "one live link"
    );
}

api_test!(
    emails_sent_together_to_one_person_share_one_working_link,
    backend
);
async fn emails_sent_together_to_one_person_share_one_working_link(backend: &TestBackend) {
    let app = spawn(backend).await;
    app.conference("conf").await;
    let ada = register_ada(&app).await;
    // Queued in one transaction, so the mailer sees all three at once and one batch claims
    // them (a due time a moment away was not enough when queueing took longer under load).
    let due = chrono::Utc::now();
    let txn = app.db.write.begin().await.expect("begin");
    for (i, kind) in [
        EmailKind::AlreadyRegistered,
        EmailKind::AccessLink,
        EmailKind::AlreadyRegistered,
    ]
    .into_iter()
    .enumerate()
    {
        tablemates::store::outbox::enqueue(
            &txn,
            NewEmail {
                dedupe_key: format!("together:{i}:{ada}"),
                attendee_id: Some(ada),
                recipient: "ada@example.org".into(),
                due_at: Some(due),
                payload: sample_payload(kind),
            },
            chrono::Utc::now(),
        )
        .await
        .expect("queued");
    }
    txn.commit().await.expect("commit");
    app.wait_for_outbox("dedupe_key LIKE 'together:%' AND status = 'sent'", 3)
        .await;
    let tokens =
        crate::helpers::sent_tokens(app.mail_dir.path(), "ada@example.org", "/manage?token=");
    let together = &tokens[tokens.len() - 3..];
    assert!(together.iter().all(|t| *t == together[0]), "{together:?}");
    body(
        app.get("/api/v1/me", Some(&together[0])).await,
        StatusCode::OK,
    )
    .await;
}

api_test!(using_a_link_is_recorded_and_it_keeps_its_expiry, backend);
async fn using_a_link_is_recorded_and_it_keeps_its_expiry(backend: &TestBackend) {
    let app = spawn(backend).await;
    app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let token = app.link_token("ada@example.org").await;
    let hash = tablemates::secrets::hash(&token);
    let this = format!("token_hash = '{hash}'");
    assert_eq!(
        app.count(
            "attendee_tokens",
            &format!("{this} AND last_used_at IS NULL")
        )
        .await,
        1
    );
    body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(
        app.count(
            "attendee_tokens",
            &format!("{this} AND last_used_at IS NOT NULL AND expires_at > created_at")
        )
        .await,
        1
    );
}

api_test!(
    with_a_master_secret_no_signing_key_is_stored_and_older_links_still_work,
    backend
);
async fn with_a_master_secret_no_signing_key_is_stored_and_older_links_still_work(
    backend: &TestBackend,
) {
    let app = backend
        .spawn_with(&[
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
            ("TABLEMATES_SECRET_KEY", "0123456789abcdef0123456789abcdef"),
        ])
        .await;
    assert_eq!(
        app.count("server_secrets", "1 = 1").await,
        0,
        "no key stored"
    );
    let organizer = app.conference("conf").await;
    crate::plans::attendees(&app, &organizer, 6, "guest").await;
    let meetup = crate::plans::meetup(
        &app,
        &organizer,
        json!({"name": "Lunch", "starts_at": "2026-06-01T11:30:00Z",
               "ends_at": "2026-06-01T12:30:00Z", "location": "Hall B",
               "table_count": 2, "table_min": 3, "table_max": 5}),
    )
    .await;
    crate::plans::seat_and_publish(&app, &organizer, meetup["id"].as_str().expect("id")).await;
    app.wait_until_sent_to("guest0@example.org").await;
    let sent =
        crate::helpers::sent_tokens(app.mail_dir.path(), "guest0@example.org", "/unsubscribe/");
    let token = sent
        .last()
        .expect("an unsubscribe link in the introduction");
    let page = app
        .client
        .get(app.url(&format!("/unsubscribe/{token}")))
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(app.count("server_secrets", "1 = 1").await, 0, "still none");

    // A key kept in the database before the secret was configured signed links people hold.
    let older = b"a key from before the master secret";
    tablemates::store::server_secrets::get_or_insert(
        &app.db.write,
        "unsubscribe_hmac_v1",
        &base64_encode(older),
        chrono::Utc::now(),
    )
    .await
    .expect("stored");
    let guest: Uuid = app_attendee_id(&app, "guest1@example.org").await;
    let old_link = tablemates::secrets::unsubscribe_token(older, guest);
    let page = app
        .client
        .get(app.url(&format!("/unsubscribe/{old_link}")))
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), StatusCode::OK);
    let forged = tablemates::secrets::unsubscribe_token(b"some other key", guest);
    let page = app
        .client
        .get(app.url(&format!("/unsubscribe/{forged}")))
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn app_attendee_id(app: &TestApp, email: &str) -> Uuid {
    use sea_orm::{ColumnTrait, QueryFilter};
    use tablemates::entities::attendee;
    attendee::Entity::find()
        .filter(attendee::Column::EmailNormalized.eq(email))
        .one(&app.db.read)
        .await
        .expect("query")
        .expect("attendee")
        .id
}
