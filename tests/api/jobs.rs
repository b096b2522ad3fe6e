//! The organizer's job list: plan runs and automatic repairs, newest first, so a repair that
//! failed is seen without knowing its id.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, backends, body, error_fields};
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

#[tokio::test]
async fn an_automatic_repair_that_cannot_be_done_is_listed_as_failed_with_its_reason() {
    for (backend, url) in backends() {
        let app = TestApp::spawn(backend, url).await;
        let token = app.conference("conf").await;
        attendees(&app, &token, 8, "j").await;
        // Two tables of at most four: the eight fill every seat.
        let m = meetup(
            &app,
            &token,
            json!({"name": "Breakfast", "starts_at": "2037-06-01T08:00:00Z",
                   "ends_at": "2037-06-01T09:00:00Z", "table_count": 2,
                   "table_min": 3, "table_max": 4}),
        )
        .await;
        seat_and_publish(&app, &token, m["id"].as_str().expect("meetup id")).await;
        // A ninth person has no seat to take.
        attendees(&app, &token, 1, "late").await;

        let mut failed = Value::Null;
        for _ in 0..400 {
            failed = jobs(&app, &token, "?status=failed").await;
            if failed["total"] == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(failed["total"], 1, "{backend:?}: {failed}");
        let job = &failed["items"][0];
        assert_eq!(job["kind"], "plan_repair", "{backend:?}");
        assert_eq!(
            job["progress"],
            Value::Null,
            "{backend:?}: a repair reports no progress"
        );
        assert!(
            job["error"]["detail"]
                .as_str()
                .is_some_and(|d| d.contains("cannot be repaired")),
            "{backend:?}: the reason is given: {job}"
        );

        let errors = crate::contract::validate(
            &crate::contract::spec(),
            &json!({"$ref": "#/components/schemas/JobPage"}),
            &failed,
            "jobs",
        );
        assert!(errors.is_empty(), "{backend:?}: {errors:?}");

        // Unfiltered: the repair first (newest), then the run that made the plan.
        let all = jobs(&app, &token, "?per_page=1").await;
        assert_eq!(all["total"], 2, "{backend:?}: {all}");
        assert_eq!(all["items"][0]["id"], job["id"]);
        let runs = jobs(&app, &token, "?kind=plan&page=1").await;
        assert_eq!(runs["total"], 1, "{backend:?}");
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
        assert_eq!(
            error_fields(&problem),
            ["per_page", "status", "kind"],
            "{backend:?}"
        );
        // Another organizer sees no such conference.
        let other = app.organizer("other@example.org").await;
        body(
            app.get("/api/v1/conferences/conf/jobs", Some(&other)).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        app.cleanup().await;
    }
}
