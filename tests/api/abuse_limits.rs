//! Abuse limits of the forms that send email: per client address (429 with `Retry-After`, on
//! the API and on the pages, counted across every process of a deployment) and per mailbox
//! (`+tag` folded; answered as usual, nothing sent). And "send me my link" answering before it
//! looks the address up.

use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, Database, TransactionTrait};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, TestBackend, body, registration};

const SLUG: &str = "conf";

fn registrations() -> String {
    format!("/api/v1/public/conferences/{SLUG}/registrations")
}

fn access_link() -> String {
    format!("/api/v1/public/conferences/{SLUG}/access-link")
}

async fn form(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    forwarded: Option<&str>,
) -> Response {
    let mut request = app.client.post(app.url(path)).form(fields);
    if let Some(ip) = forwarded {
        request = request.header("x-forwarded-for", ip);
    }
    request.send().await.expect("request")
}

fn retry_after(res: &Response) -> u64 {
    res.headers()
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .expect("ascii")
        .parse()
        .expect("whole seconds")
}

api_test!(
    a_client_over_its_limit_gets_429_with_retry_after_on_every_form,
    backend
);
async fn a_client_over_its_limit_gets_429_with_retry_after_on_every_form(backend: &TestBackend) {
    let app = backend
        .spawn_with(&[("TABLEMATES_RATE_LIMIT_ADDRESS", "3")])
        .await;
    app.conference(SLUG).await;
    app.organizer("org@example.org").await;
    for i in 0..2 {
        let person = registration("Someone", &format!("p{i}@example.org"));
        body(
            app.post(&registrations(), None, &person).await,
            StatusCode::ACCEPTED,
        )
        .await;
    }
    body(
        app.post(&access_link(), None, &json!({"email": "p0@example.org"}))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;

    let res = app
        .post(
            &registrations(),
            None,
            &registration("Late", "late@example.org"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&res);
    assert!((1..=600).contains(&wait), "{wait}");
    let problem = body(res, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(problem["status"], 429);
    assert_eq!(problem["type"], "/problems/too-many-requests");
    assert_eq!(
        app.count("attendees", "email = 'late@example.org'").await,
        0,
        "nothing stored"
    );

    let res = app
        .post(&access_link(), None, &json!({"email": "p0@example.org"}))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    retry_after(&res);

    for (path, fields) in [
        (
            format!("/c/{SLUG}"),
            vec![
                ("name", "Page"),
                ("email", "page@example.org"),
                ("consent_privacy", "yes"),
            ],
        ),
        (
            "/organizer/sign-in".to_owned(),
            vec![("email", "org@example.org")],
        ),
        (
            "/organizer/sign-in/token".to_owned(),
            vec![("token", "tm_org_nope")],
        ),
    ] {
        let res = form(&app, &path, &fields, None).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
        retry_after(&res);
        let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(
            content_type.starts_with("text/html"),
            "{path}: {content_type}"
        );
        let page = res.text().await.unwrap();
        assert!(page.contains("Too many requests"), "{path}: {page}");
    }
}

api_test!(
    the_address_limit_holds_across_two_processes_on_one_database,
    backend
);
async fn the_address_limit_holds_across_two_processes_on_one_database(backend: &TestBackend) {
    let limit = [("TABLEMATES_RATE_LIMIT_ADDRESS", "2")];
    let first = backend.spawn_with(&limit).await;
    first.conference(SLUG).await;
    let url = first.database_url().to_owned();
    let second = backend
        .spawn_with(&[limit[0], ("TABLEMATES_DATABASE_URL", &url)])
        .await;
    for (app, email, status) in [
        (&first, "a@example.org", StatusCode::ACCEPTED),
        (&second, "b@example.org", StatusCode::ACCEPTED),
        (&first, "c@example.org", StatusCode::TOO_MANY_REQUESTS),
        (&second, "d@example.org", StatusCode::TOO_MANY_REQUESTS),
    ] {
        let res = app
            .post(&registrations(), None, &registration("X", email))
            .await;
        body(res, status).await;
    }
}

#[tokio::test]
async fn x_forwarded_for_names_the_client_only_behind_a_trusted_proxy() {
    let backend = TestBackend::sqlite();
    let limit = ("TABLEMATES_RATE_LIMIT_ADDRESS", "1");
    let login = |email| [("email", email)];

    let direct = backend.spawn_with(&[limit]).await;
    let res = form(
        &direct,
        "/organizer/sign-in",
        &login("a@example.org"),
        Some("192.0.2.1"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = form(
        &direct,
        "/organizer/sign-in",
        &login("a@example.org"),
        Some("192.0.2.2"),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a forged header does not make a new client"
    );

    let proxied = backend
        .spawn_with(&[limit, ("TABLEMATES_TRUSTED_PROXIES", "127.0.0.1")])
        .await;
    for (client, status) in [
        ("192.0.2.1", StatusCode::OK),
        ("192.0.2.2", StatusCode::OK),
        ("198.51.100.7, 192.0.2.1", StatusCode::TOO_MANY_REQUESTS),
    ] {
        let res = form(
            &proxied,
            "/organizer/sign-in",
            &login("a@example.org"),
            Some(client),
        )
        .await;
        assert_eq!(res.status(), status, "{client}");
    }
}

api_test!(
    plus_tagged_registrations_send_one_mailbox_only_its_share,
    backend
);
async fn plus_tagged_registrations_send_one_mailbox_only_its_share(backend: &TestBackend) {
    let app = backend
        .spawn_with(&[
            ("TABLEMATES_RATE_LIMIT_MAILBOX", "2"),
            // Held back: a sent email keeps no recipient, so the count below reads queued rows.
            ("TABLEMATES_OUTBOX_POLL_MS", "3600000"),
        ])
        .await;
    app.conference(SLUG).await;
    let mut answers: Vec<Value> = Vec::new();
    for i in 0..6 {
        let email = format!("Victim+{i}@Example.org");
        let person = registration("Chosen by the attacker", &email);
        answers.push(
            body(
                app.post(&registrations(), None, &person).await,
                StatusCode::ACCEPTED,
            )
            .await,
        );
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    body(
        app.post(
            &access_link(),
            None,
            &json!({"email": "victim+0@example.org"}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let other = registration("Someone else", "other@example.org");
    body(
        app.post(&registrations(), None, &other).await,
        StatusCode::ACCEPTED,
    )
    .await;

    app.wait_for_outbox("recipient = 'other@example.org'", 1)
        .await;
    crate::helpers::let_workers_run().await;
    assert_eq!(
        app.count("outbox_emails", "LOWER(recipient) LIKE 'victim%'")
            .await,
        2,
        "two emails to the victim's mailbox, not seven"
    );
    assert_eq!(
        app.count("attendees", "LOWER(email) LIKE 'victim%'").await,
        2
    );
}

/// Holds a lock that keeps every other connection from reading `attendees` until dropped
/// (PostgreSQL and MariaDB; SQLite readers are never blocked).
async fn lock_attendees(app: &TestApp) -> Option<sea_orm::DatabaseTransaction> {
    let sql = match app.backend {
        Backend::Sqlite => return None,
        Backend::Postgres => "LOCK TABLE attendees IN ACCESS EXCLUSIVE MODE",
        Backend::Mysql => "LOCK TABLES attendees WRITE",
    };
    let db = Database::connect(app.database_url())
        .await
        .expect("connect");
    let txn = db.begin().await.expect("begin");
    txn.execute_unprepared(sql).await.expect("lock");
    Some(txn)
}

/// Everything of an answer but its `date`.
async fn answer(res: Response) -> (StatusCode, Vec<(String, String)>, String) {
    let status = res.status();
    let mut headers: Vec<(String, String)> = res
        .headers()
        .iter()
        // Every answer has a time and an id of its own, whoever asked.
        .filter(|(name, _)| *name != "date" && *name != "x-request-id")
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("?").to_owned()))
        .collect();
    headers.sort();
    (status, headers, res.text().await.expect("body"))
}

api_test!(
    asking_for_a_link_answers_alike_before_looking_the_address_up,
    backend
);
async fn asking_for_a_link_answers_alike_before_looking_the_address_up(backend: &TestBackend) {
    let app = backend.spawn().await;
    app.conference(SLUG).await;
    body(
        app.post(
            &registrations(),
            None,
            &registration("Ada", "ada@example.org"),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    app.wait_for_outbox("kind = 'registration_confirmation'", 1)
        .await;

    let lock = lock_attendees(&app).await;
    // While nobody can read the attendees, both are answered all the same.
    let known = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        app.post(&access_link(), None, &json!({"email": "ada@example.org"})),
    )
    .await
    .expect("answered without reading the attendees");
    let unknown = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        app.post(
            &access_link(),
            None,
            &json!({"email": "nobody@example.org"}),
        ),
    )
    .await
    .expect("answered without reading the attendees");
    if let Some(txn) = lock {
        if app.backend == Backend::Mysql {
            txn.execute_unprepared("UNLOCK TABLES")
                .await
                .expect("unlock");
        }
        txn.rollback().await.expect("release");
    }
    let (known, unknown) = (answer(known).await, answer(unknown).await);
    assert_eq!(known.0, StatusCode::ACCEPTED, "{known:?}");
    assert_eq!(known, unknown);

    app.wait_for_outbox("kind = 'access_link' AND recipient = 'ada@example.org'", 1)
        .await;
    crate::helpers::let_workers_run().await;
    assert_eq!(app.count("outbox_emails", "kind = 'access_link'").await, 1);
}
