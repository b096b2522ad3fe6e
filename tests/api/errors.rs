//! Bad requests get problem+json with the right status, never actix's plain-text defaults and
//! never a 500.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, TestBackend, body, error_fields, registration};

#[tokio::test]
async fn malformed_bodies_get_400_415_413_and_422_as_problem_json() {
    let app = TestBackend::sqlite()
        .spawn_with(&[("TABLEMATES_MAX_BODY_BYTES", "2048")])
        .await;
    app.conference("conf").await;
    let path = app.url("/api/v1/public/conferences/conf/registrations");

    let res = app
        .client
        .post(&path)
        .header("content-type", "application/json")
        .body("{\"name\":")
        .send()
        .await
        .unwrap();
    body(res, StatusCode::BAD_REQUEST).await;
    let res = app
        .client
        .post(&path)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    body(res, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let res = app.client.post(&path).body("{}").send().await.unwrap();
    body(res, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let huge = json!({"name": "x".repeat(4096)});
    let res = app.client.post(&path).json(&huge).send().await.unwrap();
    body(res, StatusCode::PAYLOAD_TOO_LARGE).await;
    let res = app
        .client
        .post(&path)
        .json(&json!({"name": "A", "email": "a@example.org", "consents": {"privacy": "yes"}}))
        .send()
        .await
        .unwrap();
    let problem = body(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), vec!["consents.privacy"]);
    let res = app
        .client
        .post(&path)
        .json(&json!({"email": "a@example.org", "consents": {"privacy": true}}))
        .send()
        .await
        .unwrap();
    let problem = body(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), vec!["name"]);
    let res = app.client.post(&path).json(&json!({"name": "A", "email": "a@example.org", "consents": {"privacy": true}, "admin": true})).send().await.unwrap();
    let problem = body(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("admin"),
        "{problem}"
    );
    let res = app
        .client
        .post(&path)
        .json(&json!([1, 2]))
        .send()
        .await
        .unwrap();
    body(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

#[tokio::test]
async fn unknown_paths_are_404_and_unsupported_methods_405_with_allow() {
    let app = TestBackend::sqlite().spawn().await;
    body(app.get("/nowhere", None).await, StatusCode::NOT_FOUND).await;
    let res = app
        .client
        .put(app.url("/api/v1/conferences"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET, POST, HEAD")
    );
    body(res, StatusCode::METHOD_NOT_ALLOWED).await;
    let res = app.client.delete(app.url("/healthz")).send().await.unwrap();
    body(res, StatusCode::METHOD_NOT_ALLOWED).await;
    let res = app
        .client
        .put(app.url("/api/v1/me/confirm"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("POST"),
        "no HEAD where there is no GET"
    );
}

#[tokio::test]
async fn head_answers_every_get_route_like_get_without_the_body() {
    let app = TestBackend::sqlite().spawn().await;
    let token = app.conference("conf").await;
    let mut checked = 0;
    for (path, methods) in tablemates::http::ROUTES {
        if !methods.split(", ").any(|m| m == "GET") {
            continue;
        }
        let concrete = path
            .replace("{slug}", "conf")
            .replace("{id}", "00000000-0000-0000-0000-000000000000")
            .replace("{token}", "tm_uns_nothing");
        for auth in [None, Some(token.as_str())] {
            let request = |method: reqwest::Method| {
                let req = app.client.request(method, app.url(&concrete));
                match auth {
                    Some(t) => req.bearer_auth(t),
                    None => req,
                }
            };
            let get = request(reqwest::Method::GET).send().await.expect("GET");
            let head = request(reqwest::Method::HEAD).send().await.expect("HEAD");
            let at = format!("HEAD {concrete} (token: {})", auth.is_some());
            assert_eq!(head.status(), get.status(), "{at}");
            assert_eq!(
                head.headers().get("content-type"),
                get.headers().get("content-type"),
                "{at}"
            );
            assert!(head.bytes().await.expect("body").is_empty(), "{at}");
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} GET routes checked");
}

api_test!(health_and_readiness_answer_on_every_backend);
async fn health_and_readiness_answer_on_every_backend(app: TestApp) {
    let health = body(app.get("/healthz", None).await, StatusCode::OK).await;
    assert_eq!(health["status"], "ok");
    let ready = body(app.get("/readyz", None).await, StatusCode::OK).await;
    assert_eq!(ready["status"], "ready");
}

#[tokio::test]
async fn attendee_endpoints_refuse_missing_and_forged_links() {
    let app = TestBackend::sqlite().spawn().await;
    body(app.get("/api/v1/me", None).await, StatusCode::UNAUTHORIZED).await;
    body(
        app.get("/api/v1/me", Some("tm_att_forged")).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let organizer = app.organizer("o@example.org").await;
    body(
        app.get("/api/v1/me", Some(&organizer)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[tokio::test]
async fn a_fault_of_ours_is_a_bare_500_with_a_request_id_and_no_cause() {
    let app = TestBackend::sqlite().spawn().await;
    let organizer = app.conference("conf").await;
    app.register(
        "conf",
        &crate::helpers::registration("Ada", "ada@example.org"),
    )
    .await;
    sea_orm::ConnectionTrait::execute_unprepared(&app.db.write, "DROP TABLE attendee_handles")
        .await
        .expect("drop a table under the running service");
    let res = app
        .get("/api/v1/conferences/conf/attendees", Some(&organizer))
        .await;
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    let header = res.headers()["x-request-id"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let problem = body(res, StatusCode::INTERNAL_SERVER_ERROR).await;
    assert!(
        problem["request_id"]
            .as_str()
            .is_some_and(|id| id.len() == 36 && id == header),
        "the id of the X-Request-Id header: {problem}"
    );
    let text = problem.to_string();
    assert!(
        !text.contains("attendee_handles"),
        "the cause stays in the log: {text}"
    );
    assert!(problem.get("detail").is_none(), "{problem}");
}

api_test!(a_field_error_of_the_json_api_carries_its_code_beside_the_english_message);
async fn a_field_error_of_the_json_api_carries_its_code_beside_the_english_message(app: TestApp) {
    let token = app.conference("codes").await;
    let mut ada = registration("Ada", "ada.example.org");
    ada["name"] = json!("A".repeat(101));
    let res = app
        .client
        .post(app.url("/api/v1/public/conferences/codes/registrations"))
        .header("accept-language", "de")
        .json(&ada)
        .send()
        .await
        .expect("request");
    let problem = body(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    let errors = problem["errors"].as_array().expect("errors");
    let of = |field: &str| {
        errors
            .iter()
            .find(|e| e["field"] == field)
            .unwrap_or_else(|| panic!("{field} in {problem}"))
            .clone()
    };
    // The API stays English whatever the client's language; the code names the reason.
    assert_eq!(
        of("email"),
        json!({
            "field": "email",
            "message": "must contain exactly one @, like name@example.org",
            "code": "field-email-at",
        })
    );
    assert_eq!(
        of("name"),
        json!({
            "field": "name",
            "message": "must be at most 100 characters (this is 101)",
            "code": "field-too-long-count",
        })
    );

    // A rule the validator checks carries its code too.
    let res = app
        .patch(
            "/api/v1/conferences/codes",
            Some(&token),
            &json!({"name": "", "starts_on": "2026-06-03", "ends_on": "2026-06-01"}),
        )
        .await;
    let problem = body(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    let errors = problem["errors"].as_array().expect("errors");
    assert!(
        errors.contains(&json!({
            "field": "name",
            "message": "must be 1 to 200 characters",
            "code": "field-length-between",
        })),
        "{problem}"
    );
    assert!(
        errors.contains(&json!({
            "field": "ends_on",
            "message": "must not be before starts_on",
            "code": "field-ends-on-before-start",
        })),
        "{problem}"
    );

    // So does a conflict over one field.
    let other = app.organizer("other@organizers.test").await;
    let res = app
        .post(
            "/api/v1/conferences",
            Some(&other),
            &json!({
                "slug": "codes",
                "name": "Another",
                "time_zone": "UTC",
                "starts_on": "2026-06-01",
                "ends_on": "2026-06-02",
            }),
        )
        .await;
    let problem = body(res, StatusCode::CONFLICT).await;
    assert_eq!(
        problem["errors"],
        json!([{
            "field": "slug",
            "message": "the slug \"codes\" is taken",
            "code": "conflict-slug-taken",
        }]),
        "{problem}"
    );
    // The contract allows both families of codes.
    let errors = crate::contract::validate(
        &crate::contract::spec(),
        &json!({"$ref": "#/components/schemas/Problem"}),
        &problem,
        "409",
    );
    assert!(errors.is_empty(), "{errors:?}");
}
