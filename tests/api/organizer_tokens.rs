//! Organizer API tokens: listed without their secrets, made with a scope and an expiry,
//! revoked at once; an expired or revoked token is 401, and a read-scope token reads and
//! exports but changes nothing (403 naming the scope).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tablemates::domain::records::TokenScope;
use tablemates::workflows::organizers::{self, TokenRequest};

use crate::helpers::{TestApp, body, error_fields};

const TOKENS: &str = "/api/v1/organizer/tokens";

async fn make(app: &TestApp, token: &str, request: Value) -> Value {
    body(
        app.post(TOKENS, Some(token), &request).await,
        StatusCode::CREATED,
    )
    .await
}

api_test!(an_organizer_lists_makes_and_revokes_tokens_and_a_revoked_one_is_refused);
async fn an_organizer_lists_makes_and_revokes_tokens_and_a_revoked_one_is_refused(app: TestApp) {
    let cli = app.organizer("olga@organizers.test").await;
    let made = make(&app, &cli, json!({"label": "CI export", "scope": "read"})).await;
    let secret = made["secret"]
        .as_str()
        .expect("the secret, once")
        .to_owned();
    assert!(secret.starts_with("tm_org_"), "{made}");
    assert_eq!(made["scope"], "read");
    assert!(made["last_used_at"].is_null());

    body(
        app.get("/api/v1/conferences", Some(&secret)).await,
        StatusCode::OK,
    )
    .await;
    let listed = app.get(TOKENS, Some(&cli)).await;
    let text = listed.text().await.expect("body");
    assert!(!text.contains("tm_org_"), "never a secret: {text}");
    let listed: Value = serde_json::from_str(&text).expect("JSON");
    let items = listed["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{listed}");
    let ci = items
        .iter()
        .find(|t| t["id"] == made["id"])
        .expect("the new one");
    assert_eq!(ci["label"], "CI export");
    assert!(ci["last_used_at"].is_string(), "its use is recorded: {ci}");
    assert!(
        ci["expires_at"].as_str() > ci["created_at"].as_str(),
        "{ci}"
    );
    assert!(ci.get("secret").is_none());

    let path = format!("{TOKENS}/{}", made["id"].as_str().expect("id"));
    for _ in 0..2 {
        let res = app
            .send_json(Method::DELETE, &path, Some(&cli), &json!({}))
            .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
    let problem = body(
        app.get("/api/v1/conferences", Some(&secret)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("revoked"),
        "{problem}"
    );
    // Another organizer's token, and ids that name nothing.
    let other = app.organizer("other@organizers.test").await;
    for (token, id) in [
        (&other, made["id"].as_str().expect("id")),
        (&cli, "0193f000-0000-7000-8000-000000000000"),
        (&cli, "not-a-uuid"),
    ] {
        body(
            app.send_json(
                Method::DELETE,
                &format!("{TOKENS}/{id}"),
                Some(token),
                &json!({}),
            )
            .await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
}

api_test!(a_read_token_reads_and_exports_but_any_change_is_403_naming_the_scope);
async fn a_read_token_reads_and_exports_but_any_change_is_403_naming_the_scope(app: TestApp) {
    let full = app.conference("conf").await;
    let read = make(&app, &full, json!({"label": "viewer", "scope": "read"})).await;
    let read = read["secret"].as_str().expect("secret").to_owned();
    for path in [
        "/api/v1/conferences",
        "/api/v1/conferences/conf",
        "/api/v1/conferences/conf/attendees",
        "/api/v1/conferences/conf/exports/seats.json",
        TOKENS,
    ] {
        let res = app.get(path, Some(&read)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
    let csv = app
        .get(
            "/api/v1/conferences/conf/exports/seats.csv?access_token=x",
            None,
        )
        .await;
    assert_eq!(csv.status(), StatusCode::UNAUTHORIZED);
    let csv = app
        .get(
            &format!("/api/v1/conferences/conf/exports/seats.csv?access_token={read}"),
            None,
        )
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    for (method, path, request) in [
        (
            Method::POST,
            "/api/v1/conferences",
            json!({"slug": "other", "name": "Other", "time_zone": "Europe/Lisbon",
                   "starts_on": "2026-06-01", "ends_on": "2026-06-03"}),
        ),
        (
            Method::PATCH,
            "/api/v1/conferences/conf",
            json!({"name": "Renamed"}),
        ),
        (
            Method::POST,
            "/api/v1/conferences/conf/registration/close",
            json!({}),
        ),
        (Method::POST, TOKENS, json!({"label": "escalate"})),
    ] {
        let problem = body(
            app.send_json(method.clone(), path, Some(&read), &request)
                .await,
            StatusCode::FORBIDDEN,
        )
        .await;
        assert_eq!(problem["type"], "/problems/forbidden");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("scope is read"),
            "{method} {path}: {problem}"
        );
    }
    let conference = body(
        app.get("/api/v1/conferences/conf", Some(&full)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(conference["name"], "Test Conference", "nothing changed");
    assert_eq!(conference["registration_open"], true);
}

api_test!(an_expired_token_is_refused_with_401);
async fn an_expired_token_is_refused_with_401(app: TestApp) {
    let (organizer, _) = organizers::create_with_token(
        &app.ctx,
        "olga@organizers.test",
        "Olga",
        chrono::Utc::now(),
        &mut rand::rng(),
    )
    .await
    .expect("organizer");
    let (_, expired) = organizers::create_token(
        &app.ctx,
        organizer.id,
        TokenRequest {
            label: "old".into(),
            scope: TokenScope::Full,
            days: Some(1),
        },
        chrono::Utc::now() - chrono::Duration::days(2),
        &mut rand::rng(),
    )
    .await
    .expect("token");
    let problem = body(
        app.get("/api/v1/conferences", Some(&expired)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("expired"),
        "{problem}"
    );
}

api_test!(a_token_request_with_bad_fields_is_422_naming_each);
async fn a_token_request_with_bad_fields_is_422_naming_each(app: TestApp) {
    let token = app.organizer("olga@organizers.test").await;
    for (request, field) in [
        (json!({"label": "  "}), "label"),
        (json!({"label": "x".repeat(101)}), "label"),
        (json!({"label": "ci", "scope": "admin"}), "scope"),
        (
            json!({"label": "ci", "expires_in_days": 0}),
            "expires_in_days",
        ),
        (
            json!({"label": "ci", "expires_in_days": 3651}),
            "expires_in_days",
        ),
        (json!({"scope": "full"}), "label"),
    ] {
        let problem = body(
            app.post(TOKENS, Some(&token), &request).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(error_fields(&problem), vec![field], "{request}");
    }
    let made = make(&app, &token, json!({"label": "ci", "expires_in_days": 7})).await;
    assert_eq!(made["scope"], "full");
}

api_test!(a_dead_or_read_scope_token_with_an_invalid_body_gets_the_guards_answer);
async fn a_dead_or_read_scope_token_with_an_invalid_body_gets_the_guards_answer(app: TestApp) {
    let full = app.conference("conf").await;
    let read = make(&app, &full, json!({"label": "viewer", "scope": "read"})).await;
    let read = read["secret"].as_str().expect("secret").to_owned();
    let unknown = format!("tm_org_{}", "A".repeat(43));
    let attendee_token = format!("tm_att_{}", "A".repeat(43));
    // The body is refused at once while the token needs the database: the token still answers.
    let invalid = json!({"matrix_unknown_field": true});
    for _ in 0..5 {
        for (token, status) in [
            (&unknown, StatusCode::UNAUTHORIZED),
            (&read, StatusCode::FORBIDDEN),
        ] {
            body(
                app.patch("/api/v1/conferences/conf", Some(token), &invalid)
                    .await,
                status,
            )
            .await;
        }
        body(
            app.patch("/api/v1/me", Some(&attendee_token), &invalid)
                .await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
    body(
        app.patch("/api/v1/conferences/conf", Some(&full), &invalid)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}
