//! The seating rules as an organizer sees them through the API: mutual "want to meet" pairs
//! seated together and counted in the plan's metrics, and a series whose tables force repeats
//! says so, with the numbers, before anything is published.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, body};
use crate::plans::{meetup, run};

const INTERESTS: [&str; 4] = ["rust", "databases", "ux", "ml"];

/// `n` attendees; attendee `i` holds handle `p{i}` and interest `INTERESTS[i % 4]`, and wants to
/// meet the handles listed for them.
pub(crate) async fn crowd(app: &TestApp, token: &str, n: usize, wants: &[(usize, usize)]) {
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

pub(crate) async fn plan_of(app: &TestApp, token: &str, meetup: &Value) -> Value {
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

pub(crate) fn lunch(day: u32, tables: u32, min: u32, max: u32) -> Value {
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

api_test!(mutual_wants_across_interests_are_seated_together_and_counted);
async fn mutual_wants_across_interests_are_seated_together_and_counted(app: TestApp) {
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
    assert_eq!(job["status"], "succeeded", "{job}");
    let plan = plan_of(&app, &token, &lunch).await;
    let m = &plan["metrics"];
    assert_eq!(m["mutual_wants"], json!({"met": 3, "possible": 3}), "{m}");
    assert_eq!(m["one_sided_wants"], json!({"met": 1, "possible": 1}));
    assert_eq!(m["people_alone"], 0);
    assert_eq!(m["repeats"], 0);
    assert_eq!(m["rules"], json!([]));
}

api_test!(a_series_whose_tables_force_repeats_says_how_many_and_why);
async fn a_series_whose_tables_force_repeats_says_how_many_and_why(app: TestApp) {
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
    assert_eq!(job["status"], "succeeded", "{job}");
    let plan = plan_of(&app, &token, &first).await;
    assert_eq!(plan["metrics"]["rules"], json!([]));
    let plan = plan_of(&app, &token, &second).await;
    let m = &plan["metrics"];
    assert_eq!(m["repeats"], 4, "{m}");
    let rules = m["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert_eq!(rules[0]["rule"], "no_repeats");
    let message = rules[0]["message"].as_str().unwrap();
    assert!(message.contains("at least 4 pairs"), "{message}");
    assert!(message.contains("at most 4 people"), "{message}");
}

/// Table number and attendee id of everyone in `plan`, by name.
fn seats_by_name(plan: &Value) -> std::collections::HashMap<String, (i64, String)> {
    let mut out = std::collections::HashMap::new();
    for table in plan["tables"].as_array().expect("tables") {
        let number = table["number"].as_i64().expect("table number");
        for m in table["members"].as_array().expect("members") {
            out.insert(
                m["name"].as_str().expect("name").to_owned(),
                (number, m["attendee_id"].as_str().expect("id").to_owned()),
            );
        }
    }
    out
}

api_test!(a_hand_change_that_parts_a_mutual_pair_is_noted_until_it_is_undone);
async fn a_hand_change_that_parts_a_mutual_pair_is_noted_until_it_is_undone(app: TestApp) {
    let token = app.conference("conf").await;
    crowd(&app, &token, 12, &[(0, 1), (1, 0)]).await;
    let lunch = meetup(&app, &token, lunch(1, 3, 4, 4)).await;
    let job = run(
        &app,
        &token,
        json!({"meetup_ids": [lunch["id"]], "seed": 2, "iterations": 100}),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let plan = plan_of(&app, &token, &lunch).await;
    assert_eq!(plan["metrics"]["rules"], json!([]));
    let seats = seats_by_name(&plan);
    let (table, one) = seats["Person 1"].clone();
    assert_eq!(seats["Person 0"].0, table, "the pair sits together");
    let (_, other) = seats
        .values()
        .find(|(t, _)| *t != table)
        .expect("someone at another table")
        .clone();
    let adjustments = format!(
        "/api/v1/conferences/conf/plans/{}/adjustments",
        plan["id"].as_str().unwrap()
    );
    let parted = body(
        app.post(
            &adjustments,
            Some(&token),
            &json!({"version": 1, "operations": [{"op": "swap", "a": one, "b": other}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let m = &parted["metrics"];
    assert_eq!(m["mutual_wants"], json!({"met": 0, "possible": 1}), "{m}");
    let rules = m["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert_eq!(rules[0]["rule"], "mutual_wants");
    let message = rules[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("1 of 1 pairs who both asked to meet"),
        "{message}"
    );
    assert!(
        message.contains("after the changes to this plan"),
        "{message}"
    );

    let restored = body(
        app.post(
            &adjustments,
            Some(&token),
            &json!({"version": 2, "operations": [{"op": "swap", "a": one, "b": other}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["metrics"]["rules"], json!([]));
}
