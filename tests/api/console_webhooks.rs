//! The console's webhooks page: an organizer adds an endpoint (its secret shown once), sees its
//! latest deliveries, is told what is wrong with a refused form, and removes it.

use reqwest::StatusCode;

use crate::console::signed_in_at;
use crate::helpers::TestApp;
use crate::organizer_console::{csrf_of, get, location, post, text};

api_test!(an_organizer_adds_sees_and_removes_a_webhook_in_the_console);
async fn an_organizer_adds_sees_and_removes_a_webhook_in_the_console(app: TestApp) {
    let token = app.conference("conf").await;
    let session = signed_in_at(&app, &token, "webhooks").await;
    let page = text(
        get(&app, "/organizer/c/conf/webhooks", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("No endpoint yet"), "{page}");
    let csrf = csrf_of(&page);

    let res = post(
        &app,
        "/organizer/c/conf/webhooks",
        Some(&session),
        &[
            ("url", "https://hooks.example.com/in"),
            ("events", "plan.published"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(app.count("webhook_endpoints", "1 = 1").await, 0);

    let refused = text(
        post(
            &app,
            "/organizer/c/conf/webhooks",
            Some(&session),
            &[
                ("csrf", &csrf),
                ("url", "http://10.0.0.1/in"),
                ("description", "kept"),
            ],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.contains("error-summary"), "{refused}");
    assert!(refused.contains("href=\"#f-url\">URL: "), "{refused}");
    assert!(refused.contains("href=\"#f-events\">Events: "), "{refused}");
    assert!(refused.contains("value=\"kept\""), "as typed: {refused}");

    let added = text(
        post(
            &app,
            "/organizer/c/conf/webhooks",
            Some(&session),
            &[
                ("csrf", &csrf),
                ("url", "https://hooks.example.com/in"),
                ("description", "our CRM"),
                ("events", "attendee.confirmed"),
                ("events", "plan.published"),
            ],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let secret = added
        .split("<code id=\"new-secret\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the secret, shown once");
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert!(
        added.contains("attendee.confirmed, plan.published"),
        "{added}"
    );

    // An attendee confirmed: a delivery in the endpoint's log (never delivered: nothing
    // answers at example.com here).
    crate::plans::attendees(&app, &token, 1, "Guest").await;
    let page = text(
        get(&app, "/organizer/c/conf/webhooks", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(!page.contains(secret), "the secret is shown once: {page}");
    assert!(page.contains("our CRM"), "{page}");
    assert!(page.contains("<td>attendee.confirmed</td>"), "{page}");

    let id = page
        .split("/organizer/c/conf/webhooks/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("a remove form")
        .to_owned();
    let res = post(
        &app,
        &format!("/organizer/c/conf/webhooks/{id}/delete"),
        Some(&session),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/organizer/c/conf/webhooks?removed=1");
    let page = text(
        get(&app, "/organizer/c/conf/webhooks?removed=1", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("The endpoint is removed"), "{page}");
    assert!(page.contains("No endpoint yet"), "{page}");
    assert_eq!(app.count("webhook_deliveries", "1 = 1").await, 0);
}
