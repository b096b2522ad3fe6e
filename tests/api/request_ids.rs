//! The request id: taken from a sane `X-Request-Id`, else made; echoed in the response header
//! and the same in every problem+json (4xx as well as 5xx) and HTML error page.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, body};

fn id_of(res: &reqwest::Response) -> String {
    res.headers()
        .get("x-request-id")
        .expect("an X-Request-Id header")
        .to_str()
        .expect("ASCII")
        .to_owned()
}

api_test!(every_problem_carries_the_request_id_of_its_header);
async fn every_problem_carries_the_request_id_of_its_header(app: TestApp) {
    let token = app.conference("idconf").await;
    let not_found = app.get("/api/v1/conferences/nope", Some(&token)).await;
    let unauthorized = app.get("/api/v1/conferences", None).await;
    let invalid = app
        .post("/api/v1/conferences", Some(&token), &json!({"slug": "x"}))
        .await;
    let not_allowed = app
        .client
        .put(app.url("/healthz"))
        .send()
        .await
        .expect("request");
    let mut seen = Vec::new();
    for (res, status) in [
        (not_found, StatusCode::NOT_FOUND),
        (unauthorized, StatusCode::UNAUTHORIZED),
        (invalid, StatusCode::UNPROCESSABLE_ENTITY),
        (not_allowed, StatusCode::METHOD_NOT_ALLOWED),
    ] {
        let id = id_of(&res);
        uuid::Uuid::parse_str(&id).expect("a fresh id is a UUID");
        let problem = body(res, status).await;
        assert_eq!(problem["request_id"], id.as_str(), "{status}: {problem}");
        seen.push(id);
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4, "each request has its own id");
}

api_test!(a_sane_incoming_request_id_is_kept_and_a_strange_one_replaced);
async fn a_sane_incoming_request_id_is_kept_and_a_strange_one_replaced(app: TestApp) {
    let call = async |id: &str| {
        app.client
            .get(app.url("/api/v1/conferences/none"))
            .header("x-request-id", id)
            .send()
            .await
            .expect("request")
    };
    let res = call("lb-7:trace.42_x").await;
    assert_eq!(id_of(&res), "lb-7:trace.42_x");
    let problem = body(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["request_id"], "lb-7:trace.42_x");

    for strange in ["has space", "quote\"d", &"a".repeat(129)] {
        let res = call(strange).await;
        let id = id_of(&res);
        assert_ne!(id, strange);
        uuid::Uuid::parse_str(&id).expect("replaced by a UUID");
        let problem = body(res, StatusCode::UNAUTHORIZED).await;
        assert_eq!(problem["request_id"], id.as_str());
    }
}

api_test!(html_error_pages_show_the_request_id);
async fn html_error_pages_show_the_request_id(app: TestApp) {
    let res = app
        .client
        .get(app.url("/unsubscribe/tm_uns_unknown"))
        .header("x-request-id", "page-error-id-1")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(id_of(&res), "page-error-id-1");
    let html = res.text().await.expect("body");
    assert!(html.contains("page-error-id-1"), "{html}");
}
