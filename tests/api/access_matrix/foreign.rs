//! Conference B's own things (a meetup with a draft plan, its job, an email, an attendee, its
//! organizer) and a token of B's account, for the cells where A's rightful credential names
//! them under A's conference: each must be as unknown there as something that does not exist.

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::json;

use super::fixture::{OTHER_CONFERENCE, first_item, id, token};
use crate::helpers::{TestApp, body};

/// What B's attendees are called: no answer to A may contain it.
pub const PEOPLE: &str = "bforeign";

/// B's values by parameter key (`meetups/{id}`), and `meetup_id` for the query.
pub async fn build(app: &TestApp, other: &str) -> HashMap<&'static str, String> {
    let base = format!("/api/v1/conferences/{OTHER_CONFERENCE}");
    let webhook = super::fixture::webhook(app, other, OTHER_CONFERENCE).await;
    let mut attendees = Vec::new();
    for i in 0..3 {
        let added = body(
            app.post(
                &format!("{base}/attendees"),
                Some(other),
                &json!({"name": format!("{PEOPLE} {i}"), "email": format!("{PEOPLE}{i}@example.org"),
                        "consents": {"privacy": true}}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        attendees.push(id(&added));
    }
    let meetup = id(&body(
        app.post(
            &format!("{base}/meetups"),
            Some(other),
            &json!({"name": "B lunch", "starts_at": "2026-06-01T11:30:00Z",
                    "ends_at": "2026-06-01T12:30:00Z", "table_count": 1,
                    "table_min": 2, "table_max": 4}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await);
    let job = body(
        app.post(
            &format!("{base}/plan-runs"),
            Some(other),
            &json!({"meetup_ids": [meetup], "seed": 1, "iterations": 10}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let job = app.finished_job(other, OTHER_CONFERENCE, &id(&job)).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let plan = body(
        app.get(&format!("{base}/meetups/{meetup}/plan"), Some(other))
            .await,
        StatusCode::OK,
    )
    .await;
    let b_token = token(app, other, json!({"label": "B's own"})).await;
    HashMap::from([
        ("meetups/{id}", meetup.clone()),
        ("plans/{id}", id(&plan)),
        ("jobs/{id}", id(&job)),
        (
            "emails/{id}",
            first_item(app, other, OTHER_CONFERENCE, "emails").await,
        ),
        ("attendees/{id}", attendees[0].clone()),
        (
            "organizers/{organizer_id}",
            first_item(app, other, OTHER_CONFERENCE, "organizers").await,
        ),
        ("tokens/{id}", id(&b_token)),
        (
            "deliveries/{delivery_id}",
            first_item(
                app,
                other,
                OTHER_CONFERENCE,
                &format!("webhooks/{webhook}/deliveries"),
            )
            .await,
        ),
        ("webhooks/{id}", webhook),
        ("meetup_id", meetup),
    ])
}
