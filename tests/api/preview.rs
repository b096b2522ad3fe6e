//! The feasibility preview: what a run would face, answered at once and without queueing or
//! storing anything, in the shape the contract documents.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::contract::{spec, validate};
use crate::helpers::{TestApp, body, error_fields};
use crate::plans::meetup;
use crate::seating_rules::{crowd, lunch};

async fn preview(app: &TestApp, token: &str, request: &Value) -> Value {
    let shown = body(
        app.post(
            "/api/v1/conferences/conf/plan-runs/preview",
            Some(token),
            request,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let schema = json!({"$ref": "#/components/schemas/RunPreview"});
    let errors = validate(&spec(), &schema, &shown, "$");
    assert!(errors.is_empty(), "{errors:?}\n{shown}");
    shown
}

api_test!(a_preview_counts_people_seats_and_the_repeats_the_tables_force);
async fn a_preview_counts_people_seats_and_the_repeats_the_tables_force(app: TestApp) {
    let token = app.conference("conf").await;
    crowd(&app, &token, 20, &[]).await;
    // Four tables of five twice: each later table of five draws on only four earlier tables.
    let first = meetup(&app, &token, lunch(1, 4, 5, 5)).await;
    let second = meetup(&app, &token, lunch(2, 4, 5, 5)).await;
    let shown = preview(&app, &token, &json!({"series": "lunch"})).await;
    assert_eq!(shown["repeat_free"], false, "{shown}");
    let meetups = shown["meetups"].as_array().expect("meetups");
    assert_eq!(meetups.len(), 2);
    let of = |m: &Value| {
        meetups
            .iter()
            .find(|p| p["meetup_id"] == m["id"])
            .cloned()
            .expect("the meetup is previewed")
    };
    let (a, b) = (of(&first), of(&second));
    for p in [&a, &b] {
        assert_eq!(p["people"], 20);
        assert_eq!(p["tables"], 4);
        assert_eq!(p["seats"], json!({"min": 20, "max": 20}));
        assert_eq!(p["feasible"], true);
        assert_eq!(p["problems"], json!([]));
    }
    assert_eq!(a["repeats_forced"], 0);
    assert_eq!(a["repeats_forced_by"], Value::Null);
    assert_eq!(b["repeats_forced"], 4, "{b}");
    assert_eq!(b["repeats_forced_by"], "Lunch 1");
    assert_eq!(
        app.count("jobs", "1 = 1").await,
        0,
        "a preview queues nothing"
    );
    assert_eq!(
        app.count("plans", "1 = 1").await,
        0,
        "a preview stores nothing"
    );

    // Five tables of four at the second lunch: four people from four earlier tables, no repeat.
    let third = meetup(
        &app,
        &token,
        json!({"name": "Lunch 3", "starts_at": "2026-06-03T11:30:00Z",
               "ends_at": "2026-06-03T12:30:00Z", "table_count": 5, "table_min": 4,
               "table_max": 4}),
    )
    .await;
    let shown = preview(
        &app,
        &token,
        &json!({"meetup_ids": [first["id"], third["id"]]}),
    )
    .await;
    assert_eq!(shown["repeat_free"], true, "{shown}");
}

api_test!(a_meetup_that_cannot_be_seated_is_previewed_with_its_reasons);
async fn a_meetup_that_cannot_be_seated_is_previewed_with_its_reasons(app: TestApp) {
    let token = app.conference("conf").await;
    crowd(&app, &token, 20, &[]).await;
    let small = meetup(&app, &token, lunch(1, 3, 3, 5)).await;
    let shown = preview(&app, &token, &json!({"meetup_ids": [small["id"]]})).await;
    let p = &shown["meetups"][0];
    assert_eq!(shown["repeat_free"], false);
    assert_eq!(p["feasible"], false, "{p}");
    assert_eq!(p["seats"], json!({"min": 9, "max": 15}));
    let problems = p["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].as_str().unwrap().contains("20 people"),
        "{problems:?}"
    );
    // The same request to run is refused: the preview says why before anyone asks.
    body(
        app.post(
            "/api/v1/conferences/conf/plan-runs",
            Some(&token),
            &json!({"meetup_ids": [small["id"]]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}

api_test!(a_preview_of_nothing_or_of_unknown_meetups_names_the_field);
async fn a_preview_of_nothing_or_of_unknown_meetups_names_the_field(app: TestApp) {
    let token = app.conference("conf").await;
    let path = "/api/v1/conferences/conf/plan-runs/preview";
    for (request, fields) in [
        (json!({}), vec!["meetup_ids", "series"]),
        (
            json!({"meetup_ids": ["00000000-0000-0000-0000-000000000000"]}),
            vec!["meetup_ids[0]"],
        ),
        (json!({"series": "nope"}), vec!["series"]),
    ] {
        let problem = body(
            app.post(path, Some(&token), &request).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(error_fields(&problem), fields, "{request}");
    }
    let unknown_field = body(
        app.post(path, Some(&token), &json!({"seed": 1})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&unknown_field), vec!["seed"]);
    body(
        app.post(path, None, &json!({"series": "lunch"})).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}
