//! The console's email delivery page: the conference's outbox with filters and paging, the
//! last error of a failed email, and its "Retry" button, against a real SMTP server that first
//! refuses.

use std::time::Duration;

use reqwest::StatusCode;

use crate::console::{sign_in, signed_in_at};
use crate::emails::failed_registrations;
use crate::helpers::{TestApp, TestBackend, eventually};
use crate::organizer_console::{csrf_of, get, location, post, text};

api_test!(
    an_organizer_sees_failed_emails_in_the_console_and_retries_one,
    backend
);
async fn an_organizer_sees_failed_emails_in_the_console_and_retries_one(backend: &TestBackend) {
    let (sink, app, token) = failed_registrations(backend).await;

    let session = signed_in_at(&app, &token, "emails").await;
    let page = text(
        get(&app, "/organizer/c/conf/emails", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("<h1>Emails</h1>"), "{page}");
    assert!(
        page.contains("ada@example.org") && page.contains("grace@example.org"),
        "{page}"
    );
    assert!(page.contains("registration confirmation"), "{page}");
    assert!(page.contains("1 attempt"), "{page}");
    assert!(
        page.contains("Last error:") && page.contains("451"),
        "{page}"
    );
    assert_eq!(page.matches(">Retry<").count(), 2, "{page}");
    // Newest first: Grace registered last.
    assert!(
        page.find("grace@example.org") < page.find("ada@example.org"),
        "{page}"
    );

    let only_ada = text(
        get(
            &app,
            "/organizer/c/conf/emails?status=failed&q=ADA",
            Some(&session),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(only_ada.contains("ada@example.org"), "{only_ada}");
    assert!(!only_ada.contains("grace@example.org"), "{only_ada}");
    let none = text(
        get(&app, "/organizer/c/conf/emails?status=sent", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(none.contains("No email matches"), "{none}");
    let other_kind = text(
        get(
            &app,
            "/organizer/c/conf/emails?kind=meetup_reminder",
            Some(&session),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(other_kind.contains("No email matches"), "{other_kind}");
    let bad = text(
        get(&app, "/organizer/c/conf/emails?kind=spam", Some(&session)).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(
        bad.contains("error-summary") && bad.contains("must be one of"),
        "{bad}"
    );
    assert!(
        bad.contains("href=\"#f-kind\">Kind: "),
        "named by its label: {bad}"
    );

    let id = only_ada
        .split("/organizer/c/conf/emails/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("a retry form")
        .to_owned();
    let retry = format!("/organizer/c/conf/emails/{id}/retry");
    let back = "status=failed&q=ADA";
    let res = post(&app, &retry, Some(&session), &[("back", back)]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("outbox_emails", "status = 'failed'").await, 2);

    sink.refuse(false);
    let csrf = csrf_of(&only_ada);
    let res = post(
        &app,
        &retry,
        Some(&session),
        &[("csrf", csrf.as_str()), ("back", back)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        "/organizer/c/conf/emails?status=failed&q=ADA&retried=1"
    );
    let received = sink.wait_for(1).await;
    assert_eq!(received[0].recipients, ["<ada@example.org>"]);
    eventually(
        "Ada's email marked sent",
        Duration::from_secs(10),
        async || {
            let page = text(
                get(&app, "/organizer/c/conf/emails?status=sent", Some(&session)).await,
                StatusCode::OK,
            )
            .await;
            if page.contains("ada@example.org") {
                Ok(())
            } else {
                Err("not yet")
            }
        },
    )
    .await;

    // Retried again from a stale page: nothing changes and the list says so.
    let res = post(
        &app,
        &retry,
        Some(&session),
        &[("csrf", csrf.as_str()), ("back", "")],
    )
    .await;
    assert_eq!(location(&res), "/organizer/c/conf/emails?retried=0");
    let page = text(
        get(&app, location(&res), Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("no longer failed"), "{page}");
    assert_eq!(sink.count(), 1, "sent once");
}

api_test!(the_email_list_pages_newest_first_and_keeps_its_filters_across_pages);
async fn the_email_list_pages_newest_first_and_keeps_its_filters_across_pages(app: TestApp) {
    let token = app.conference("conf").await;
    app.register_people("conf", 51).await;
    app.wait_for_outbox("kind = 'registration_confirmation'", 51)
        .await;
    let session = sign_in(&app, &token).await;
    let first = text(
        get(&app, "/organizer/c/conf/emails?q=example", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(first.contains("1–50 of 51."), "{first}");
    assert!(first.contains("p50@example.org"), "newest first: {first}");
    assert!(!first.contains("p0@example.org<"), "{first}");
    assert!(
        first.contains("href=\"/organizer/c/conf/emails?q=example&amp;page=2\">Older</a>"),
        "{first}"
    );
    assert!(!first.contains(">Newer</a>"), "{first}");
    let second = text(
        get(
            &app,
            "/organizer/c/conf/emails?q=example&page=2",
            Some(&session),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(second.contains("51–51 of 51."), "{second}");
    assert!(second.contains("p0@example.org"), "{second}");
    assert!(
        second.contains("href=\"/organizer/c/conf/emails?q=example\">Newer</a>"),
        "{second}"
    );
    assert!(!second.contains(">Older</a>"), "{second}");
}
