//! The seating rules as an organizer sees them through the API: mutual "want to meet" pairs
//! seated together and counted in the plan's metrics, and a series whose tables force repeats
//! says so, with the numbers, before anything is published.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, backends, body};
use crate::plans::{meetup, run};

const INTERESTS: [&str; 4] = ["rust", "databases", "ux", "ml"];

/// `n` attendees; attendee `i` holds handle `p{i}` and interest `INTERESTS[i % 4]`, and wants to
/// meet the handles listed for them.
async fn crowd(app: &TestApp, token: &str, n: usize, wants: &[(usize, usize)]) {
    for i in 0..n {
        let wanted: Vec<Value> = wants
            .iter()
            .filter(|(a, _)| *a == i)
            .map(|(_, b)| json!({"network": "github", "handle": format!("p{b}")}))
            .collect();
        let res = app
            .post(
                "/api/v1/conferences/conf/attendees",
                Some(token),
                &json!({
                    "name": format!("Person {i}"),
                    "email": format!("p{i}@example.org"),
                    "interests": [INTERESTS[i % 4]],
                    "handles": [{"network": "github", "handle": format!("p{i}")}],
                    "wants_to_meet": wanted,
                    "consents": {"privacy": true},
                }),
            )
            .await;
        body(res, StatusCode::CREATED).await;
    }
}

async fn plan_of(app: &TestApp, token: &str, meetup: &Value) -> Value {
    let id = meetup["id"].as_str().expect("meetup id");
    body(
        app.get(
            &format!("/api/v1/conferences/conf/meetups/{id}/plan"),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

fn lunch(day: u32, tables: u32, min: u32, max: u32) -> Value {
    json!({
        "name": format!("Lunch {day}"),
        "series": "lunch",
        "starts_at": format!("2026-06-0{day}T11:30:00Z"),
        "ends_at": format!("2026-06-0{day}T12:30:00Z"),
        "location": "Hall B",
        "table_count": tables,
        "table_min": min,
        "table_max": max,
    })
}

#[tokio::test]
async fn mutual_wants_across_interests_are_seated_together_and_counted() {
    for (backend, url) in backends() {
        let app = TestApp::spawn(backend, url).await;
        let token = app.conference("conf").await;
        // Pairs who share no interest (i % 4 differs), each wanting the other; 9 wants 3 alone.
        let pairs = [(0, 1), (1, 0), (6, 11), (11, 6), (12, 17), (17, 12), (9, 3)];
        crowd(&app, &token, 24, &pairs).await;
        let lunch = meetup(&app, &token, lunch(1, 6, 3, 5)).await;
        let job = run(
            &app,
            &token,
            json!({"meetup_ids": [lunch["id"]], "seed": 3, "iterations": 100}),
        )
        .await;
        assert_eq!(job["status"], "succeeded", "{backend:?}: {job}");
        let plan = plan_of(&app, &token, &lunch).await;
        let m = &plan["metrics"];
        assert_eq!(
            m["mutual_wants"],
            json!({"met": 3, "possible": 3}),
            "{backend:?}: {m}"
        );
        assert_eq!(
            m["one_sided_wants"],
            json!({"met": 1, "possible": 1}),
            "{backend:?}"
        );
        assert_eq!(m["people_alone"], 0);
        assert_eq!(m["repeats"], 0);
        assert_eq!(m["rules"], json!([]));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_series_whose_tables_force_repeats_says_how_many_and_why() {
    for (backend, url) in backends() {
        let app = TestApp::spawn(backend, url).await;
        let token = app.conference("conf").await;
        crowd(&app, &token, 20, &[]).await;
        // Four tables of five: a later table takes five people from four earlier tables.
        let first = meetup(&app, &token, lunch(1, 4, 5, 5)).await;
        let second = meetup(&app, &token, lunch(2, 4, 5, 5)).await;
        let job = run(
            &app,
            &token,
            json!({"series": "lunch", "seed": 1, "iterations": 2000}),
        )
        .await;
        assert_eq!(job["status"], "succeeded", "{backend:?}: {job}");
        let plan = plan_of(&app, &token, &first).await;
        assert_eq!(plan["metrics"]["rules"], json!([]));
        let plan = plan_of(&app, &token, &second).await;
        let m = &plan["metrics"];
        assert_eq!(m["repeats"], 4, "{backend:?}: {m}");
        let rules = m["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), 1, "{rules:?}");
        assert_eq!(rules[0]["rule"], "no_repeats");
        let message = rules[0]["message"].as_str().unwrap();
        assert!(message.contains("at least 4 pairs"), "{message}");
        assert!(message.contains("at most 4 people"), "{message}");
        app.cleanup().await;
    }
}
