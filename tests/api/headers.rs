//! Headers every response carries unless its handler set its own: personal data is neither
//! cached nor sniffed, no link leaks through a referrer, every HTML page (the unsubscribe page
//! included) refuses framing and foreign content, and HSTS is sent when the service is served
//! over HTTPS.

use reqwest::{Response, StatusCode};

use crate::helpers::{TestApp, TestBackend};

fn header<'a>(res: &'a Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn assert_private(res: &Response, what: &str) {
    assert_eq!(header(res, "cache-control"), "no-store", "{what}");
    assert_eq!(header(res, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(res, "referrer-policy"), "no-referrer", "{what}");
}

api_test!(json_with_personal_data_is_neither_cached_nor_sniffed);
async fn json_with_personal_data_is_neither_cached_nor_sniffed(app: TestApp) {
    let token = app.conference("headers-conf").await;
    let listed = app
        .get("/api/v1/conferences/headers-conf/attendees", Some(&token))
        .await;
    assert_eq!(listed.status(), StatusCode::OK);
    assert_private(&listed, "the attendee list");
    let refused = app
        .get("/api/v1/conferences/headers-conf/attendees", None)
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_private(&refused, "a refusal");
    assert_eq!(header(&listed, "strict-transport-security"), "");
}

api_test!(the_unsubscribe_page_refuses_framing_and_foreign_content);
async fn the_unsubscribe_page_refuses_framing_and_foreign_content(app: TestApp) {
    let res = app.get("/unsubscribe/tm_uns_nonsense", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let csp = header(&res, "content-security-policy");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(header(&res, "x-frame-options"), "DENY");
    assert_private(&res, "the unsubscribe page");
}

#[tokio::test]
async fn hsts_is_sent_when_the_service_is_served_over_https() {
    let app = TestBackend::sqlite()
        .spawn_with(&[("TABLEMATES_BASE_URL", "https://tablemates.example/")])
        .await;
    let res = app.get("/healthz", None).await;
    assert_eq!(
        header(&res, "strict-transport-security"),
        "max-age=31536000"
    );
    // The stylesheet keeps the long cache its handler chose.
    let page = app
        .get("/", None)
        .await
        .text()
        .await
        .expect("the front door");
    let href = page
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a stylesheet link")
        .replace("&#x2f;", "/");
    let css = app.get(&href, None).await;
    assert_eq!(css.status(), StatusCode::OK, "{href}");
    assert!(header(&css, "cache-control").contains("immutable"));
}
