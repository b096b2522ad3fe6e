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
