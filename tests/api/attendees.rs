//! Attendees manage themselves through their link; organizers list, search and edit them.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, body, error_fields, registration};

api_test!(an_attendee_reads_updates_confirms_and_withdraws_with_their_link);
async fn an_attendee_reads_updates_confirms_and_withdraws_with_their_link(app: TestApp) {
    app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let token = app.link_token("ada@example.org").await;

    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me["status"], "pending");
    let confirmed = body(
        app.post("/api/v1/me/confirm", Some(&token), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(confirmed["status"], "confirmed");
    assert!(confirmed["confirmed_at"].is_string());

    let updated = body(
        app.patch(
            "/api/v1/me",
            Some(&token),
            &json!({
                "affiliation": "Babbage & Co",
                "interests": ["Mathematics", "poetry"],
                "handles": [{"network": "bluesky", "handle": "@ada.bsky.social"}],
                "visibility": {"affiliation": "organizer"}
            }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated["affiliation"], "Babbage & Co");
    assert_eq!(updated["interests"], json!(["mathematics", "poetry"]));
    assert_eq!(updated["handles"][0]["handle"], "ada.bsky.social");
    assert_eq!(updated["visibility"]["affiliation"], "organizer");
    assert_eq!(updated["name"], "Ada", "fields not sent stay");

    let cleared = body(
        app.patch("/api/v1/me", Some(&token), &json!({"affiliation": null}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cleared["affiliation"], json!(null));

    let problem = body(
        app.patch(
            "/api/v1/me",
            Some(&token),
            &json!({"email": "other@example.org"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&problem), vec!["email"]);

    let withdrawn = body(
        app.post("/api/v1/me/withdraw", Some(&token), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(withdrawn["status"], "withdrawn");
    let back = body(
        app.post("/api/v1/me/confirm", Some(&token), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        back["status"], "confirmed",
        "confirming again takes a withdrawn attendee back"
    );
}

api_test!(erasing_deletes_every_row_that_holds_the_attendees_data);
async fn erasing_deletes_every_row_that_holds_the_attendees_data(app: TestApp) {
    app.conference("conf").await;
    let mut ada = registration("Ada", "ada@example.org");
    ada["handles"] = json!([{"network": "github", "handle": "ada"}]);
    ada["wants_to_meet"] = json!([{"network": "github", "handle": "grace"}]);
    body(app.register("conf", &ada).await, StatusCode::ACCEPTED).await;
    body(
        app.register("conf", &registration("Bob", "bob@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let token = app.link_token("ada@example.org").await;
    let res = app
        .client
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    assert_eq!(
        app.count("attendees", "email_normalized = 'ada@example.org'")
            .await,
        0
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 1, "others stay");
    assert_eq!(app.count("attendee_handles", "1 = 1").await, 0);
    assert_eq!(app.count("wanted_connections", "1 = 1").await, 0);
    assert_eq!(
        app.count("attendee_interests", "1 = 1").await,
        1,
        "Bob's link stays"
    );
    assert_eq!(
        app.count("attendee_tokens", "1 = 1").await,
        1,
        "Bob's token stays"
    );
    assert_eq!(
        app.count("outbox_emails", "recipient = 'ada@example.org'")
            .await,
        0
    );
    body(
        app.get("/api/v1/me", Some(&token)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

api_test!(organizers_page_search_and_filter_attendees);
async fn organizers_page_search_and_filter_attendees(app: TestApp) {
    let organizer = app.conference("conf").await;
    for i in 0..7 {
        let mut r = registration(&format!("Person {i}"), &format!("p{i}@example.org"));
        if i == 3 {
            r["affiliation"] = json!("Needle_Corp 100%");
        }
        if i == 6 {
            r["affiliation"] = json!("Secretive Ltd");
            r["visibility"] = json!({"affiliation": "nobody"});
        }
        body(app.register("conf", &r).await, StatusCode::ACCEPTED).await;
    }
    let token = app.link_token("p5@example.org").await;
    app.post("/api/v1/me/confirm", Some(&token), &json!({}))
        .await;

    let page = body(
        app.get(
            "/api/v1/conferences/conf/attendees?page=2&per_page=3",
            Some(&organizer),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["total"], 7);
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Person 3", "Person 4", "Person 5"]);

    let found = body(
        app.get(
            "/api/v1/conferences/conf/attendees?q=needle_corp%20100%25",
            Some(&organizer),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["total"], 1);
    let wildcard = body(
        app.get("/api/v1/conferences/conf/attendees?q=_", Some(&organizer))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(wildcard["total"], 1, "_ is a character, not a wildcard");
    let hidden = body(
        app.get(
            "/api/v1/conferences/conf/attendees?q=secretive",
            Some(&organizer),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        hidden["total"], 0,
        "a hidden affiliation cannot be found by searching"
    );
    let confirmed = body(
        app.get(
            "/api/v1/conferences/conf/attendees?status=confirmed",
            Some(&organizer),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(confirmed["total"], 1);
    assert_eq!(confirmed["items"][0]["name"], "Person 5");

    let one = body(
        app.get(
            &format!(
                "/api/v1/conferences/conf/attendees/{}",
                confirmed["items"][0]["id"].as_str().unwrap()
            ),
            Some(&organizer),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(one["email"], "p5@example.org");

    let problem = body(
        app.get(
            "/api/v1/conferences/conf/attendees?page=0&per_page=500&status=maybe",
            Some(&organizer),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(fields, vec!["page", "per_page", "status"]);
    body(
        app.get(
            "/api/v1/conferences/conf/attendees/not-a-uuid",
            Some(&organizer),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

api_test!(an_organizer_adding_or_editing_a_duplicate_email_gets_409);
async fn an_organizer_adding_or_editing_a_duplicate_email_gets_409(app: TestApp) {
    let organizer = app.conference("conf").await;
    let ada = body(
        app.post(
            "/api/v1/conferences/conf/attendees",
            Some(&organizer),
            &registration("Ada", "ada@example.org"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(ada["status"], "confirmed");
    let problem = body(
        app.post(
            "/api/v1/conferences/conf/attendees",
            Some(&organizer),
            &registration("Ada 2", "ADA@example.org"),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(error_fields(&problem), vec!["email"]);
    let bob = body(
        app.post(
            "/api/v1/conferences/conf/attendees",
            Some(&organizer),
            &registration("Bob", "bob@example.org"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!(
        "/api/v1/conferences/conf/attendees/{}",
        bob["id"].as_str().unwrap()
    );
    let problem = body(
        app.patch(
            &path,
            Some(&organizer),
            &json!({"email": "ada@example.org", "name": "Robert"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(error_fields(&problem), vec!["email"]);
    let unchanged = body(app.get(&path, Some(&organizer)).await, StatusCode::OK).await;
    assert_eq!(unchanged["name"], "Bob", "a refused edit changes nothing");
    let renamed = body(
        app.patch(
            &path,
            Some(&organizer),
            &json!({"email": "robert@example.org", "name": "Robert"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["name"], "Robert");
    assert_eq!(
        renamed["pending_email"], "robert@example.org",
        "a new address waits until it confirms"
    );
}
