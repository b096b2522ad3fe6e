//! The demo sample: an empty database gets a conference a newcomer can seat at once; a database
//! that holds anything is left alone.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, body};

api_test!(the_demo_fills_an_empty_database_and_its_lunch_series_seats_everyone);
async fn the_demo_fills_an_empty_database_and_its_lunch_series_seats_everyone(app: TestApp) {
    let demo = tablemates::demo::seed(&app.ctx)
        .await
        .expect("seeded")
        .expect("the database was empty");
    let token = demo.organizer_token;
    let meetups = body(
        app.get("/api/v1/conferences/demo-conf/meetups", Some(&token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(meetups["items"].as_array().unwrap().len(), 3);
    // The first lunch is seated and published at once: everyone has their introduction.
    let first = meetups["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == demo.published)
        .expect("the published lunch");
    let plan = body(
        app.get(
            &format!(
                "/api/v1/conferences/demo-conf/meetups/{}/plan?status=published",
                first["id"].as_str().unwrap()
            ),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(plan["status"], "published");
    assert_eq!(crate::plans::seats(&plan).len(), demo.attendees);
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        demo.attendees as i64
    );
    // The printed links open the console's sign-in and an attendee's own page.
    for url in [&demo.sign_in_url, &demo.attendee_manage_url] {
        assert!(url.starts_with(&app.address), "{url}");
        let res = app.client.get(url).send().await.expect("request");
        let status = res.status();
        let page = res.text().await.expect("page");
        // The attendee's printed link is replaced once the mailer sends them their
        // introduction, which may already have happened.
        let replaced = url == &demo.attendee_manage_url
            && status == StatusCode::UNAUTHORIZED
            && page.contains("This link was replaced");
        assert!(status == StatusCode::OK || replaced, "{url}: {status}");
    }
    let job = body(
        app.post(
            "/api/v1/conferences/demo-conf/plan-runs",
            Some(&token),
            &json!({"series": "lunch", "seed": 1, "iterations": 500}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let finished = app
        .finished_job(&token, "demo-conf", job["id"].as_str().expect("job id"))
        .await;
    assert_eq!(finished["status"], "succeeded", "{finished}");
    assert_eq!(finished["result"]["plans"].as_array().unwrap().len(), 3);

    assert!(
        tablemates::demo::seed(&app.ctx)
            .await
            .expect("ran")
            .is_none(),
        "a second seeding changes nothing"
    );
    assert_eq!(app.count("conferences", "1 = 1").await, 1);
}
