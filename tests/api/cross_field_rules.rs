//! Rules over two fields, which openapi.yaml can only describe in words: the 422 names every
//! field of the rule, so a client can mark either one. And whole numbers as JSON Schema's
//! `integer` counts them: `22.0` is 22 wherever the contract says `integer`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, body, error_fields};

const CONFERENCES: &str = "/api/v1/conferences";
const MEETUPS: &str = "/api/v1/conferences/conf/meetups";

fn conference(extra: Value) -> Value {
    let mut c = json!({
        "slug": "rules", "name": "Rules", "time_zone": "UTC",
        "starts_on": "2026-06-01", "ends_on": "2026-06-02",
    });
    for (k, v) in extra.as_object().expect("an object") {
        c[k] = v.clone();
    }
    c
}

fn dinner(extra: Value) -> Value {
    let mut m = json!({"name": "Dinner", "starts_at": "2026-06-01T19:00:00Z",
                       "ends_at": "2026-06-01T21:00:00Z", "table_count": 2});
    for (k, v) in extra.as_object().expect("an object") {
        m[k] = v.clone();
    }
    m
}

/// The fields a 422 names.
async fn refused(res: reqwest::Response) -> Vec<String> {
    error_fields(&body(res, StatusCode::UNPROCESSABLE_ENTITY).await)
}

api_test!(a_rule_over_two_fields_is_a_422_naming_both);
async fn a_rule_over_two_fields_is_a_422_naming_both(app: TestApp) {
    let token = app.conference("conf").await;
    let org = Some(token.as_str());

    for (extra, fields) in [
        (
            json!({"table_size": {"min": 49, "max": 2}}),
            ["table_size.min", "table_size.max"],
        ),
        (
            json!({"starts_on": "2026-06-03", "ends_on": "2026-06-01"}),
            ["starts_on", "ends_on"],
        ),
    ] {
        let created = app.post(CONFERENCES, org, &conference(extra.clone())).await;
        assert_eq!(refused(created).await, fields, "create {extra}");
        let patched = app.patch("/api/v1/conferences/conf", org, &extra).await;
        assert_eq!(refused(patched).await, fields, "patch {extra}");
    }

    for (extra, fields) in [
        (
            json!({"starts_at": "2026-06-01T21:00:00Z", "ends_at": "2026-06-01T19:00:00Z"}),
            vec!["starts_at", "ends_at"],
        ),
        (
            json!({"tables": [{"min": 2, "max": 4}], "table_count": 2}),
            vec!["tables", "table_count"],
        ),
        (
            json!({"table_min": 9, "table_max": 4}),
            vec!["table_min", "table_max"],
        ),
        (
            json!({"table_count": null, "tables": [{"min": 6, "max": 3}]}),
            vec!["tables[0].min", "tables[0].max"],
        ),
    ] {
        let res = app.post(MEETUPS, org, &dinner(extra.clone())).await;
        assert_eq!(refused(res).await, fields, "{extra}");
    }

    for path in ["plan-runs", "plan-runs/preview"] {
        let path = format!("/api/v1/conferences/conf/{path}");
        let neither = app.post(&path, org, &json!({})).await;
        assert_eq!(refused(neither).await, ["meetup_ids", "series"]);
        let both = json!({"meetup_ids": ["00000000-0000-0000-0000-000000000000"], "series": "s"});
        let both = app.post(&path, org, &both).await;
        assert_eq!(refused(both).await, ["meetup_ids", "series"]);
    }
    assert_eq!(app.count("meetups", "1 = 1").await, 0, "nothing stored");
}

api_test!(whole_numbers_written_with_a_zero_fraction_are_integers);
async fn whole_numbers_written_with_a_zero_fraction_are_integers(app: TestApp) {
    let token = app.conference("conf").await;
    let org = Some(token.as_str());

    let created = app
        .post(
            MEETUPS,
            org,
            &dinner(json!({"table_count": 3.0, "table_min": 2.0, "table_max": 5.0})),
        )
        .await;
    let created = body(created, StatusCode::CREATED).await;
    let tables = created["tables"].as_array().expect("tables");
    assert_eq!(tables.len(), 3);
    assert_eq!(
        (&tables[0]["min"], &tables[0]["max"]),
        (&json!(2), &json!(5))
    );

    let patched = app
        .patch(
            "/api/v1/conferences/conf",
            org,
            &json!({"table_size": {"min": 22.0, "max": 30}}),
        )
        .await;
    let patched = body(patched, StatusCode::OK).await;
    assert_eq!(patched["table_size"], json!({"min": 22, "max": 30}));

    // A fraction is no whole number, and a number too big for the field is not taken either.
    for (extra, field) in [
        (json!({"table_count": 2.5}), "table_count"),
        (json!({"table_max": 1e300}), "table_max"),
    ] {
        let res = app.post(MEETUPS, org, &dinner(extra.clone())).await;
        assert_eq!(refused(res).await, [field], "{extra}");
    }
}
