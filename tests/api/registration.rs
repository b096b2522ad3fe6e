//! Public registration: 202 for new and repeated emails alike, nothing overwritten, nothing
//! revealed, exactly one attendee however many times one email registers at once.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, TestBackend, body, error_fields, registration};

api_test!(registering_stores_a_pending_attendee_and_queues_a_confirmation);
async fn registering_stores_a_pending_attendee_and_queues_a_confirmation(app: TestApp) {
    let organizer = app.conference("conf").await;
    let res = app
        .register(
            "conf",
            &json!({
                "name": "Ada Lovelace",
                "email": "Ada@Example.org",
                "affiliation": "Analytical Engines",
                "role": "Engineer",
                "bio": "Notes on the engine.",
                "handles": [
                    {"network": "mastodon", "handle": "ada@hachyderm.io"},
                    {"network": "x", "handle": "@Ada_L", "visibility": "organizer"},
                    {"network": "github", "handle": "https://github.com/AdaL"}
                ],
                "interests": ["Rust", "  compilers ", "rust"],
                "wants_to_meet": [{"network": "github", "handle": "grace"}],
                "visibility": {"bio": "nobody"},
                "consents": {"privacy": true, "emails": true}
            }),
        )
        .await;
    let accepted = body(res, StatusCode::ACCEPTED).await;
    assert_eq!(accepted["status"], "accepted");

    let list = body(
        app.get("/api/v1/conferences/conf/attendees", Some(&organizer))
            .await,
        StatusCode::OK,
    )
    .await;
    let ada = &list["items"][0];
    assert_eq!(ada["status"], "pending");
    assert_eq!(ada["email"], "Ada@Example.org");
    assert_eq!(ada["interests"], json!(["compilers", "rust"]));
    assert_eq!(
        ada["bio"],
        json!(null),
        "bio marked nobody is hidden from organizers"
    );
    let handles: Vec<(String, String)> = ada["handles"]
        .as_array()
        .expect("handles")
        .iter()
        .map(|h| {
            (
                h["network"].as_str().unwrap().into(),
                h["handle"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        handles,
        vec![
            ("github".into(), "adal".into()),
            ("mastodon".into(), "@ada@hachyderm.io".into()),
            ("x".into(), "ada_l".into()),
        ]
    );
    assert_eq!(
        app.count("outbox_emails", "kind = 'registration_confirmation'")
            .await,
        1
    );
}

api_test!(a_repeated_email_gets_the_same_answer_and_changes_nothing);
async fn a_repeated_email_gets_the_same_answer_and_changes_nothing(app: TestApp) {
    let organizer = app.conference("conf").await;
    let first = app
        .register("conf", &registration("Ada", "ada@example.org"))
        .await;
    let first_status = first.status();
    let first_body = first.text().await.unwrap();
    let mut changed = registration("Mallory", "ADA@example.org");
    changed["interests"] = json!(["lockpicking"]);
    let second = app.register("conf", &changed).await;
    assert_eq!(second.status(), first_status);
    assert_eq!(
        second.text().await.unwrap(),
        first_body,
        "identical answers"
    );

    let list = body(
        app.get("/api/v1/conferences/conf/attendees", Some(&organizer))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["name"], "Ada");
    assert_eq!(list["items"][0]["interests"], json!(["rust"]));
    assert_eq!(
        app.count("outbox_emails", "kind = 'already_registered'")
            .await,
        1
    );
}

api_test!(one_hundred_simultaneous_registrations_with_one_email_store_one_attendee);
async fn one_hundred_simultaneous_registrations_with_one_email_store_one_attendee(app: TestApp) {
    app.conference("rush").await;
    let requests = (0..100).map(|i| {
        let app = &app;
        async move {
            let mut body = registration(&format!("Racer {i}"), "racer@example.org");
            body["interests"] = json!([format!("topic {}", i % 7), "racing"]);
            app.register("rush", &body).await.status()
        }
    });
    let statuses = futures_util::future::join_all(requests).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::ACCEPTED),
        "{statuses:?}"
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 1);
    assert_eq!(
        app.count("outbox_emails", "kind = 'registration_confirmation'")
            .await,
        1
    );
}

api_test!(closed_registration_and_unknown_conferences_are_refused_clearly);
async fn closed_registration_and_unknown_conferences_are_refused_clearly(app: TestApp) {
    let organizer = app.conference("conf").await;
    body(
        app.register("no-such-conf", &registration("A", "a@example.org"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    app.post(
        "/api/v1/conferences/conf/registration/close",
        Some(&organizer),
        &json!({}),
    )
    .await;
    let problem = body(
        app.register("conf", &registration("A", "a@example.org"))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        problem["detail"].as_str().unwrap_or("").contains("closed"),
        "{problem}"
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

#[tokio::test]
async fn every_invalid_registration_field_is_named() {
    let app = TestBackend::sqlite().spawn().await;
    app.conference("conf").await;
    let problem = body(
        app.register(
            "conf",
            &json!({
                "name": " ",
                "email": "not-an-email",
                "bio": "x".repeat(501),
                "handles": [
                    {"network": "x", "handle": "this_is_far_too_long"},
                    {"network": "mastodon", "handle": "@nobody"},
                    {"network": "bluesky", "handle": "no dots"},
                    {"network": "linkedin", "handle": "https://example.org/in/x"},
                    {"network": "github", "handle": "-bad-"},
                    {"network": "myspace", "handle": "tom"}
                ],
                "interests": ["ok", "", "y".repeat(65)],
                "wants_to_meet": [{"network": "website", "handle": "ftp://example.org"}],
                "visibility": {"affiliation": "everyone"},
                "consents": {"privacy": false}
            }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(
        fields,
        vec![
            "bio",
            "consents.privacy",
            "email",
            "handles[0].handle",
            "handles[1].handle",
            "handles[2].handle",
            "handles[3].handle",
            "handles[4].handle",
            "handles[5].network",
            "interests[1]",
            "interests[2]",
            "name",
            "visibility.affiliation",
            "wants_to_meet[0].handle",
        ],
        "{problem}"
    );
    for error in problem["errors"].as_array().unwrap() {
        assert!(
            error["message"].as_str().is_some_and(|m| m.len() > 5),
            "{error}"
        );
    }
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

#[tokio::test]
async fn list_limits_are_enforced() {
    let app = TestBackend::sqlite().spawn().await;
    app.conference("conf").await;
    let mut too_many = registration("A", "a@example.org");
    too_many["interests"] = json!((0..31).map(|i| format!("topic {i}")).collect::<Vec<_>>());
    too_many["wants_to_meet"] = json!(
        (0..51)
            .map(|i| json!({"network": "github", "handle": format!("user{i}")}))
            .collect::<Vec<_>>()
    );
    let problem = body(
        app.register("conf", &too_many).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(fields, vec!["interests", "wants_to_meet"]);
    let mut two_per_network = registration("A", "a@example.org");
    two_per_network["handles"] = json!([
        {"network": "github", "handle": "one"},
        {"network": "github", "handle": "two"}
    ]);
    let problem = body(
        app.register("conf", &two_per_network).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&problem), vec!["handles[1].network"]);
}

api_test!(wanted_connections_resolve_whichever_registers_first);
async fn wanted_connections_resolve_whichever_registers_first(app: TestApp) {
    let organizer = app.conference("conf").await;
    let mut ada = registration("Ada", "ada@example.org");
    ada["handles"] = json!([{"network": "github", "handle": "ada"}]);
    ada["wants_to_meet"] = json!([{"network": "github", "handle": "Grace"}]);
    body(app.register("conf", &ada).await, StatusCode::ACCEPTED).await;
    let mut grace = registration("Grace", "grace@example.org");
    grace["handles"] = json!([{"network": "github", "handle": "grace"}]);
    grace["wants_to_meet"] = json!([{"network": "github", "handle": "ada"}]);
    body(app.register("conf", &grace).await, StatusCode::ACCEPTED).await;

    let list = body(
        app.get("/api/v1/conferences/conf/attendees", Some(&organizer))
            .await,
        StatusCode::OK,
    )
    .await;
    let items = list["items"].as_array().unwrap();
    let (ada, grace) = (&items[0], &items[1]);
    assert_eq!(ada["wants_to_meet"][0]["attendee_id"], grace["id"]);
    assert_eq!(grace["wants_to_meet"][0]["attendee_id"], ada["id"]);

    let token = app.link_token("ada@example.org").await;
    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert!(
        me["wants_to_meet"][0].get("attendee_id").is_none(),
        "attendees do not learn who else registered: {me}"
    );
}

api_test!(a_handle_claimed_by_another_attendee_is_left_out_not_overwritten);
async fn a_handle_claimed_by_another_attendee_is_left_out_not_overwritten(app: TestApp) {
    let organizer = app.conference("conf").await;
    let mut first = registration("First", "first@example.org");
    first["handles"] = json!([{"network": "github", "handle": "same"}]);
    body(app.register("conf", &first).await, StatusCode::ACCEPTED).await;
    let mut second = registration("Second", "second@example.org");
    second["handles"] = json!([
        {"network": "github", "handle": "SAME"},
        {"network": "x", "handle": "second"}
    ]);
    body(app.register("conf", &second).await, StatusCode::ACCEPTED).await;
    let list = body(
        app.get("/api/v1/conferences/conf/attendees", Some(&organizer))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"][0]["handles"][0]["handle"], "same");
    let second_handles = &list["items"][1]["handles"];
    assert_eq!(
        second_handles.as_array().map(Vec::len),
        Some(1),
        "{second_handles}"
    );
    assert_eq!(second_handles[0]["network"], "x");
}
