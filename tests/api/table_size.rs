//! Nobody sits alone: a table minimum below 2 is refused wherever an organizer can give one,
//! naming the field and storing nothing; an unnamed minimum is 3; and minimums of 1 stored
//! before the rule are raised by a migration so plan runs go on working.

use migrations::{Migrator, MigratorTrait};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{TestApp, body};
use crate::plans::{attendees, meetup, run};

const ALONE: &str = "a table needs at least 2 people: nobody should sit alone";

fn conference(slug: &str, table_size: Option<Value>) -> Value {
    let mut c = json!({
        "slug": slug, "name": "Tables", "time_zone": "UTC",
        "starts_on": "2026-06-01", "ends_on": "2026-06-02",
    });
    if let Some(size) = table_size {
        c["table_size"] = size;
    }
    c
}

fn dinner(extra: Value) -> Value {
    let mut m = json!({"name": "Dinner", "starts_at": "2026-06-01T19:00:00Z",
                       "ends_at": "2026-06-01T21:00:00Z"});
    for (k, v) in extra.as_object().expect("an object") {
        m[k] = v.clone();
    }
    m
}

/// The problem's `errors` as (field, message) pairs.
fn errors(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().expect("field").to_owned(),
                e["message"].as_str().expect("message").to_owned(),
            )
        })
        .collect()
}

fn alone(field: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), ALONE.to_owned())]
}

api_test!(a_conference_table_minimum_of_one_is_refused_and_an_unnamed_one_is_3);
async fn a_conference_table_minimum_of_one_is_refused_and_an_unnamed_one_is_3(app: TestApp) {
    let token = app.organizer("olga@example.org").await;
    let org = Some(token.as_str());
    let refused = body(
        app.post(
            "/api/v1/conferences",
            org,
            &conference("lonely", Some(json!({"min": 1, "max": 8}))),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(errors(&refused), alone("table_size.min"));
    let listed = body(app.get("/api/v1/conferences", org).await, StatusCode::OK).await;
    assert_eq!(listed["items"], json!([]), "nothing stored");

    let created = body(
        app.post("/api/v1/conferences", org, &conference("conf", None))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["table_size"], json!({"min": 3, "max": 8}));

    let refused = body(
        app.patch(
            "/api/v1/conferences/conf",
            org,
            &json!({"name": "Renamed", "table_size": {"min": 1, "max": 1}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(errors(&refused), alone("table_size.min"));
    let kept = body(
        app.get("/api/v1/conferences/conf", org).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(kept["name"], "Tables", "nothing changed");
    assert_eq!(kept["table_size"], json!({"min": 3, "max": 8}));
}

api_test!(a_meetup_table_minimum_of_one_is_refused_naming_the_field_that_gave_it);
async fn a_meetup_table_minimum_of_one_is_refused_naming_the_field_that_gave_it(app: TestApp) {
    let token = app.conference("conf").await;
    let org = Some(token.as_str());
    let meetups = "/api/v1/conferences/conf/meetups";
    for (extra, field) in [
        (json!({"table_count": 4, "table_min": 1}), "table_min"),
        (json!({"tables": [{}, {}], "table_min": 1}), "table_min"),
        (
            json!({"tables": [{}, {}, {}, {"min": 1, "max": 4}]}),
            "tables[3].min",
        ),
        (
            json!({"tables": [{"min": 0}], "table_min": 2}),
            "tables[0].min",
        ),
    ] {
        let refused = body(
            app.post(meetups, org, &dinner(extra.clone())).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(errors(&refused), alone(field), "{extra}");
    }
    let listed = body(app.get(meetups, org).await, StatusCode::OK).await;
    assert_eq!(listed["items"], json!([]), "nothing stored");

    // Unnamed sizes come from the conference, whose unnamed minimum is 3.
    let created = meetup(&app, &token, dinner(json!({"table_count": 2}))).await;
    for t in created["tables"].as_array().expect("tables") {
        assert_eq!((&t["min"], &t["max"]), (&json!(3), &json!(8)));
    }
    let id = created["id"].as_str().expect("id");
    let one = format!("{meetups}/{id}");
    for (patch, field) in [
        (json!({"table_min": 1}), "table_min"),
        (json!({"table_count": 3, "table_min": 1}), "table_min"),
        (json!({"tables": [{"min": 1}]}), "tables[0].min"),
    ] {
        let refused = body(
            app.patch(&one, org, &patch).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(errors(&refused), alone(field), "{patch}");
    }
    let kept = body(app.get(&one, org).await, StatusCode::OK).await;
    assert_eq!(kept["tables"], created["tables"], "unchanged");

    // A minimum above the conference's maximum names the request's field once, not
    // every table it would have made.
    let refused = body(
        app.post(
            meetups,
            org,
            &dinner(json!({"table_count": 3, "table_min": 9})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        errors(&refused),
        vec![(
            "table_min".to_owned(),
            "the minimum table size must not be larger than the maximum".to_owned()
        )]
    );
}

api_test!(stored_table_minimums_of_one_are_raised_to_2_and_plan_runs_seat_nobody_alone);
async fn stored_table_minimums_of_one_are_raised_to_2_and_plan_runs_seat_nobody_alone(
    app: TestApp,
) {
    let token = app.conference("conf").await;
    attendees(&app, &token, 7, "p").await;
    let m = meetup(
        &app,
        &token,
        dinner(
            json!({"tables": [{"min": 2, "max": 2}, {"min": 2, "max": 4}, {"min": 2, "max": 4}]}),
        ),
    )
    .await;
    let id = m["id"].as_str().expect("id");
    // Rows as the previous release could store them: tables of one allowed, one table of
    // exactly one.
    let sql = |s: &str| Statement::from_string(app.db.backend(), s.to_owned());
    for statement in [
        "UPDATE conferences SET table_min = 1, table_max = 1".to_owned(),
        "UPDATE meetup_tables SET min_size = 1".to_owned(),
        "UPDATE meetup_tables SET max_size = 1 WHERE number = 1".to_owned(),
        "DELETE FROM seaql_migrations WHERE version = 'm20261204_000004_nobody_alone'".to_owned(),
    ] {
        app.db
            .write
            .execute_raw(sql(&statement))
            .await
            .expect("old rows");
    }
    Migrator::up(&app.db.write, None)
        .await
        .expect("the migration runs");

    let conf = body(
        app.get("/api/v1/conferences/conf", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(conf["table_size"], json!({"min": 2, "max": 2}));
    let raised = body(
        app.get(
            &format!("/api/v1/conferences/conf/meetups/{id}"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let sizes: Vec<(i64, i64)> = raised["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| (t["min"].as_i64().unwrap(), t["max"].as_i64().unwrap()))
        .collect();
    assert_eq!(sizes, [(2, 2), (2, 4), (2, 4)]);

    let job = run(
        &app,
        &token,
        json!({"meetup_ids": [id], "seed": 3, "iterations": 200}),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let plan = body(
        app.get(
            &format!("/api/v1/conferences/conf/meetups/{id}/plan"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mut seated = 0;
    for t in plan["tables"].as_array().expect("tables") {
        let n = t["members"].as_array().expect("members").len();
        assert_ne!(n, 1, "somebody sits alone: {plan}");
        seated += n;
    }
    assert_eq!(seated, 7);
}
