//! Pulling orders from pretix's REST API, and pretix's webhook. pretix itself does not run here: a stand-in HTTP
//! server on loopback answers with responses recorded after pretix's documented order list
//! (`tests/fixtures/pretix-api/`), checks the token and pages with `next`, and tells the
//! `modified_since` it was asked for.

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestBackend, body, error_fields};

const PAGE_1: &str = include_str!("../fixtures/pretix-api/orders-page-1.json");
const PAGE_2: &str = include_str!("../fixtures/pretix-api/orders-page-2.json");
const MODIFIED: &str = include_str!("../fixtures/pretix-api/orders-modified.json");
const TOKEN: &str = "pretix-api-token-5f1c9e";
const FIRST_GENERATED: &str = "2026-11-05T10:00:00Z";
const SECOND_GENERATED: &str = "2026-11-06T08:00:00Z";
const PATH: &str = "/api/v1/organizers/example/events/exconf26/orders/";
pub(crate) const CONNECTION: &str = "/api/v1/conferences/conf/attendees/import/pretix";

/// The stand-in's log: each request's query string.
type Asked = Arc<Mutex<Vec<String>>>;

async fn orders(
    req: HttpRequest,
    asked: web::Data<Asked>,
    base: web::Data<String>,
) -> HttpResponse {
    let auth = req
        .headers()
        .get("Authorization")
        .and_then(|v| v.to_str().ok());
    if auth != Some(&format!("Token {TOKEN}")) {
        return HttpResponse::Unauthorized().json(json!({"detail": "Invalid token."}));
    }
    if req.path() == format!("{PATH}G7H8J/") {
        asked.lock().expect("log").push("order G7H8J".into());
        let page: Value = serde_json::from_str(MODIFIED).expect("json");
        return HttpResponse::Ok().json(&page["results"][0]);
    }
    if req.path() != PATH {
        return HttpResponse::NotFound().finish();
    }
    let query = req.query_string().to_owned();
    asked.lock().expect("log").push(query.clone());
    let (page, generated) = if query.contains("page=2") {
        (PAGE_2.to_owned(), FIRST_GENERATED)
    } else if query.contains("modified_since=2026-11-06") {
        (
            json!({"count": 0, "next": null, "previous": null, "results": []}).to_string(),
            "2026-11-07T09:00:00Z",
        )
    } else if query.contains("modified_since=") {
        (MODIFIED.to_owned(), SECOND_GENERATED)
    } else {
        (PAGE_1.to_owned(), FIRST_GENERATED)
    };
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("X-Page-Generated", generated))
        .body(page.replace("{base}", base.get_ref()))
}

/// Starts the stand-in on a free loopback port; answers its base URL and request log.
fn stand_in() -> (String, Asked) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let asked: Asked = Arc::default();
    let (log, url) = (asked.clone(), base.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(log.clone()))
            .app_data(web::Data::new(url.clone()))
            .default_service(web::to(orders))
    })
    .workers(1)
    .listen(listener)
    .expect("listen")
    .run();
    tokio::spawn(server);
    (base, asked)
}

/// The service as a deployment that lets organizers name private addresses: the stand-in
/// pretix listens on loopback.
pub(crate) async fn loopback_app(backend: &TestBackend) -> TestApp {
    backend
        .spawn_with(&[("TABLEMATES_OUTBOUND_ALLOW_PRIVATE", "true")])
        .await
}

/// The fields a 422 answer to connecting with `connection` names.
async fn refused_fields(app: &TestApp, token: &str, connection: &Value) -> Vec<String> {
    let refused = body(
        put(app, token, connection).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    error_fields(&refused)
}

pub(crate) async fn put(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .put(app.url(CONNECTION))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn attendees(app: &TestApp, token: &str) -> Value {
    let res = app
        .get(
            "/api/v1/conferences/conf/attendees?per_page=50",
            Some(token),
        )
        .await;
    body(res, StatusCode::OK).await
}

pub(crate) async fn sync(app: &TestApp, token: &str) -> Value {
    body(
        app.post(&format!("{CONNECTION}/sync"), Some(token), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await
}

api_test!(
    a_pull_follows_pages_then_asks_only_for_changes_and_withdraws_cancelled_orders,
    backend
);
async fn a_pull_follows_pages_then_asks_only_for_changes_and_withdraws_cancelled_orders(
    backend: &TestBackend,
) {
    let app = loopback_app(backend).await;
    let token = app.conference("conf").await;
    let (base, asked) = stand_in();
    let mut connection = json!({"base_url": format!("{base}/"), "organizer": "example",
        "event": "exconf26", "privacy_consent_question": "SEATING",
        "email_consent_question": "REMINDERS"});
    let refused = refused_fields(&app, &token, &connection).await;
    assert_eq!(refused, ["token"], "the first connection needs a token");
    connection["token"] = json!(TOKEN);
    let res = put(&app, &token, &connection).await;
    let text = res.text().await.expect("body");
    assert!(!text.contains(TOKEN), "the token is never echoed: {text}");
    let shown: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(shown["token_set"], true);
    assert_eq!(shown["base_url"], base, "without the trailing slash");
    assert_eq!(shown["cursor"], Value::Null);
    assert_eq!(
        app.count(
            "pretix_connections",
            &format!("token_sealed LIKE '%{TOKEN}%'")
        )
        .await,
        0,
        "the token is stored sealed"
    );

    let first = sync(&app, &token).await;
    assert_eq!(first["pages"], 2, "{first}");
    assert_eq!(first["cursor"], FIRST_GENERATED);
    assert_eq!(first["report"]["source"], "pretix_json");
    assert_eq!(first["report"]["created"], 3);
    assert_eq!(first["report"]["invited"], 1, "Jonas answered no question");
    assert_eq!(
        *asked.lock().unwrap(),
        ["", "page=2"],
        "the first pull asks for everything, page by page"
    );
    let people = attendees(&app, &token).await;
    let status_of = |people: &Value, email: &str| {
        people["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["email"] == email)
            .map(|a| a["status"].clone())
    };
    assert_eq!(
        status_of(&people, "lena@example.org"),
        Some(json!("confirmed"))
    );
    assert_eq!(
        status_of(&people, "office@example.org"),
        Some(json!("pending"))
    );
    assert_eq!(
        status_of(&people, "ines@example.org"),
        Some(json!("confirmed"))
    );

    let second = sync(&app, &token).await;
    assert_eq!(
        asked.lock().unwrap().last().map(String::as_str),
        Some("modified_since=2026-11-05T10%3A00%3A00Z"),
        "the next pull asks only for what changed since the first"
    );
    assert_eq!(second["report"]["withdrawn"], 1, "{second}");
    assert_eq!(second["cursor"], SECOND_GENERATED);
    let people = attendees(&app, &token).await;
    assert_eq!(
        status_of(&people, "ines@example.org"),
        Some(json!("withdrawn"))
    );

    let third = sync(&app, &token).await;
    assert_eq!(
        third["report"]["rows"],
        json!([]),
        "nothing changed: {third}"
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 3, "nobody twice");
    let shown = body(app.get(CONNECTION, Some(&token)).await, StatusCode::OK).await;
    assert_eq!(shown["cursor"], "2026-11-07T09:00:00Z");
    assert!(shown["last_pulled_at"].is_string());
}

api_test!(
    a_wrong_token_or_no_connection_is_said_and_nothing_is_imported,
    backend
);
async fn a_wrong_token_or_no_connection_is_said_and_nothing_is_imported(backend: &TestBackend) {
    let app = loopback_app(backend).await;
    let token = app.conference("conf").await;
    body(
        app.get(CONNECTION, Some(&token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    body(
        app.post(&format!("{CONNECTION}/sync"), Some(&token), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let (base, _) = stand_in();
    let connection = json!({"base_url": base, "organizer": "example", "event": "exconf26",
        "token": "not-the-token"});
    body(put(&app, &token, &connection).await, StatusCode::OK).await;
    let problem = body(
        app.post(&format!("{CONNECTION}/sync"), Some(&token), &json!({}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        problem["detail"].as_str().unwrap_or("").contains("401"),
        "{problem}"
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
    let shown = body(app.get(CONNECTION, Some(&token)).await, StatusCode::OK).await;
    assert_eq!(shown["cursor"], Value::Null, "a failed pull moves nothing");
}

api_test!(
    a_webhook_with_the_conference_secret_fetches_the_order_and_withdraws_it_when_cancelled,
    backend
);
async fn a_webhook_with_the_conference_secret_fetches_the_order_and_withdraws_it_when_cancelled(
    backend: &TestBackend,
) {
    let app = loopback_app(backend).await;
    let token = app.conference("conf").await;
    let (base, asked) = stand_in();
    let connection = json!({"base_url": base, "organizer": "example", "event": "exconf26",
        "token": TOKEN, "privacy_consent_question": "SEATING"});
    let shown = body(put(&app, &token, &connection).await, StatusCode::OK).await;
    let hook = url::Url::parse(shown["webhook_url"].as_str().expect("a webhook URL"))
        .expect("a URL")
        .path()
        .to_owned();
    assert!(
        hook.starts_with(&format!("{CONNECTION}/webhook/")),
        "{hook}"
    );
    sync(&app, &token).await;
    let notice = |event: &str| {
        json!({"notification_id": 123455, "organizer": "example", "event": event,
               "code": "G7H8J", "action": "pretix.event.order.canceled"})
    };

    let guessed = format!("{CONNECTION}/webhook/not-the-secret");
    body(
        app.post(&guessed, None, &notice("exconf26")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let other_event = body(
        app.post(&hook, None, &notice("another")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(other_event["imported"], false);
    assert_eq!(asked.lock().unwrap().len(), 2, "nothing fetched for them");

    let done = body(
        app.post(&hook, None, &notice("exconf26")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["report"]["withdrawn"], 1, "{done}");
    assert_eq!(
        asked.lock().unwrap().last().map(String::as_str),
        Some("order G7H8J"),
        "the order is fetched from pretix, not taken from the notice"
    );
    let people = attendees(&app, &token).await;
    let ines = people["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == "ines@example.org")
        .expect("Ines");
    assert_eq!(ines["status"], "withdrawn");
    let again = body(
        app.post(&hook, None, &notice("exconf26")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        again["report"]["unchanged"], 1,
        "pretix may send a notice twice: {again}"
    );
}

api_test!(a_private_or_plain_http_installation_is_refused_by_default);
async fn a_private_or_plain_http_installation_is_refused_by_default(app: TestApp) {
    let token = app.conference("conf").await;
    for base_url in [
        "http://127.0.0.1:9",
        "https://10.0.0.7",
        "https://169.254.169.254",
        "https://pretix.internal",
        "http://pretix.eu",
    ] {
        let connection = json!({"base_url": base_url, "organizer": "example",
            "event": "exconf26", "token": "secret-token"});
        let refused = refused_fields(&app, &token, &connection).await;
        assert_eq!(refused, ["base_url"], "{base_url}");
    }
    body(
        app.get(CONNECTION, Some(&token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
