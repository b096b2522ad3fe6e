//! The organizer's job list: plan runs and automatic repairs, newest first, so a repair that
//! failed is seen without knowing its id.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, body, error_fields, eventually};
use crate::plans::{attendees, meetup, seat_and_publish};

async fn jobs(app: &TestApp, token: &str, query: &str) -> Value {
    body(
        app.get(
            &format!("/api/v1/conferences/conf/jobs{query}"),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

/// Seats eight in a breakfast's eight seats, publishes, and adds a ninth attendee, whom the
/// automatic repair cannot seat; waits for that repair to fail and returns the failed jobs.
pub(crate) async fn a_failed_repair(app: &TestApp, token: &str) -> Value {
    attendees(app, token, 8, "j").await;
    // Two tables of at most four: the eight fill every seat.
    let m = meetup(
        app,
        token,
        json!({"name": "Breakfast", "starts_at": "2037-06-01T08:00:00Z",
               "ends_at": "2037-06-01T09:00:00Z", "table_count": 2,
               "table_min": 3, "table_max": 4}),
    )
    .await;
    seat_and_publish(app, token, m["id"].as_str().expect("meetup id")).await;
    // A ninth person has no seat to take.
    attendees(app, token, 1, "late").await;
    eventually("the repair to fail", Duration::from_secs(20), async || {
        let failed = jobs(app, token, "?status=failed").await;
        if failed["total"].as_u64() >= Some(1) {
            Ok(failed)
        } else {
            Err(failed)
        }
    })
    .await
}

api_test!(an_automatic_repair_that_cannot_be_done_is_listed_as_failed_with_its_reason);
async fn an_automatic_repair_that_cannot_be_done_is_listed_as_failed_with_its_reason(app: TestApp) {
    let token = app.conference("conf").await;
    let failed = a_failed_repair(&app, &token).await;
    assert_eq!(failed["total"], 1, "{failed}");
    let job = &failed["items"][0];
    assert_eq!(job["kind"], "plan_repair");
    assert_eq!(job["progress"], Value::Null, "a repair reports no progress");
    assert!(
        job["error"]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("cannot be repaired")),
        "the reason is given: {job}"
    );

    let errors = crate::contract::validate(
        &crate::contract::spec(),
        &json!({"$ref": "#/components/schemas/JobPage"}),
        &failed,
        "jobs",
    );
    assert!(errors.is_empty(), "{errors:?}");

    // Unfiltered: the repair first (newest), then the run that made the plan.
    let all = jobs(&app, &token, "?per_page=1").await;
    assert_eq!(all["total"], 2, "{all}");
    assert_eq!(all["items"][0]["id"], job["id"]);
    let runs = jobs(&app, &token, "?kind=plan&page=1").await;
    assert_eq!(runs["total"], 1);
    assert_eq!(runs["items"][0]["status"], "succeeded");
    assert_eq!(jobs(&app, &token, "?page=3").await["items"], json!([]));

    let problem = body(
        app.get(
            "/api/v1/conferences/conf/jobs?status=done&kind=run&per_page=0",
            Some(&token),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&problem), ["per_page", "status", "kind"]);
    // Another organizer sees no such conference.
    let other = app.organizer("other@example.org").await;
    body(
        app.get("/api/v1/conferences/conf/jobs", Some(&other)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

/// GET …/jobs/{id}, checked against the Job schema.
async fn job(app: &TestApp, token: &str, id: &str) -> Value {
    let job = body(
        app.get(&format!("/api/v1/conferences/conf/jobs/{id}"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await;
    let errors = crate::contract::validate(
        &crate::contract::spec(),
        &json!({"$ref": "#/components/schemas/Job"}),
        &job,
        "job",
    );
    assert!(errors.is_empty(), "{errors:?}: {job}");
    job
}

/// Twelve attendees of `conf` and a lunch of three tables for them: a run of a second or two.
pub(crate) async fn a_lunch_for_twelve(app: &TestApp, token: &str) -> Value {
    attendees(app, token, 12, "p").await;
    meetup(
        app,
        token,
        json!({"name": "Lunch", "starts_at": "2037-06-01T12:00:00Z",
               "ends_at": "2037-06-01T13:00:00Z", "table_count": 3,
               "table_min": 3, "table_max": 5}),
    )
    .await
}

api_test!(a_plan_run_shows_the_matchers_progress_while_it_runs_and_its_last_when_done);
async fn a_plan_run_shows_the_matchers_progress_while_it_runs_and_its_last_when_done(app: TestApp) {
    let token = app.conference("conf").await;
    let m = a_lunch_for_twelve(&app, &token).await;
    // Without an iteration budget the search takes all of its two seconds: time to watch
    // it. Whether a poll lands while it runs is up to the machine, so what is asserted
    // holds at any speed.
    let queued = body(
        app.post(
            "/api/v1/conferences/conf/plan-runs",
            Some(&token),
            &json!({"meetup_ids": [m["id"]], "seed": 9, "max_seconds": 2}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(queued["progress"], Value::Null, "not started");
    let id = queued["id"].as_str().expect("job id");

    let mut reported = false;
    let done = eventually("the run to end", Duration::from_secs(60), async || {
        let polled = job(&app, &token, id).await;
        let progress = &polled["progress"];
        match polled["status"].as_str() {
            Some("running") if progress.is_null() => {
                assert!(!reported, "a run's progress never goes back to null")
            }
            Some("running") => {
                reported = true;
                let (step, steps) = (&progress["step"], &progress["steps"]);
                assert!(step.as_u64() <= steps.as_u64(), "{progress}");
            }
            Some("queued") => assert!(progress.is_null(), "{polled}"),
            _ => return Ok(polled),
        }
        Err(polled)
    })
    .await;
    assert_eq!(done["status"], "succeeded", "{done}");
    let last = &done["progress"];
    assert_eq!(last["phase"], "done", "{done}");
    let steps = last["steps"].as_u64().expect("steps");
    assert!(steps >= 1, "{last}");
    assert!((1..=steps).contains(&last["step"].as_u64().expect("step")));
    assert!(
        last["best_score"].as_f64().is_some_and(f64::is_finite),
        "{last}"
    );
    let listed = jobs(&app, &token, "?kind=plan").await;
    assert_eq!(listed["items"][0]["progress"], *last);
}
