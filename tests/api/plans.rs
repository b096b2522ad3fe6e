//! Meetups, plan runs as jobs, hand adjustments, publication with introductions, and repair
//! after people come and go.

use std::collections::{HashMap, HashSet};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, body, error_fields};

const INTERESTS: [&str; 6] = ["rust", "databases", "ux", "ml", "security", "devops"];

/// `n` confirmed attendees added by the organizer; returns their ids in order.
pub(crate) async fn attendees(app: &TestApp, token: &str, n: usize, prefix: &str) -> Vec<String> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let res = app
            .post(
                "/api/v1/conferences/conf/attendees",
                Some(token),
                &json!({
                    "name": format!("{prefix} {i}"),
                    "email": format!("{prefix}{i}@example.org"),
                    "affiliation": format!("Org {}", i % 5),
                    "interests": [INTERESTS[i % 6], INTERESTS[(i / 2) % 6]],
                    "handles": [{"network": "github", "handle": format!("{prefix}{i}")}],
                    "visibility": {"affiliation": "tablemates"},
                    "consents": {"privacy": true},
                }),
            )
            .await;
        let created = body(res, StatusCode::CREATED).await;
        ids.push(created["id"].as_str().expect("id").to_owned());
    }
    ids
}

pub(crate) async fn meetup(app: &TestApp, token: &str, body_json: Value) -> Value {
    body(
        app.post("/api/v1/conferences/conf/meetups", Some(token), &body_json)
            .await,
        StatusCode::CREATED,
    )
    .await
}

fn lunch(name: &str, day: u32, tables: u32) -> Value {
    json!({
        "name": name,
        "series": "lunch",
        "starts_at": format!("2026-06-0{day}T11:30:00Z"),
        "ends_at": format!("2026-06-0{day}T12:30:00Z"),
        "location": "Hall B",
        "table_count": tables,
        "table_min": 3,
        "table_max": 5,
    })
}

/// Runs the matcher and waits for the job; returns the finished job.
pub(crate) async fn run(app: &TestApp, token: &str, request: Value) -> Value {
    let job = body(
        app.post("/api/v1/conferences/conf/plan-runs", Some(token), &request)
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    app.finished_job(token, "conf", job["id"].as_str().expect("job id"))
        .await
}

/// Seats the meetup (seed 5, 50 iterations) and publishes the draft; returns the published plan.
pub(crate) async fn seat_and_publish(app: &TestApp, token: &str, meetup_id: &str) -> Value {
    let job = run(
        app,
        token,
        json!({"meetup_ids": [meetup_id], "seed": 5, "iterations": 50}),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let draft = body(
        app.get(
            &format!("/api/v1/conferences/conf/meetups/{meetup_id}/plan"),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    body(
        app.post(
            &format!(
                "/api/v1/conferences/conf/plans/{}/publish",
                draft["id"].as_str().expect("plan id")
            ),
            Some(token),
            &json!({"version": draft["version"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

pub(crate) fn seats(plan: &Value) -> HashMap<String, i64> {
    plan["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .flat_map(|t| {
            let number = t["number"].as_i64().expect("number");
            t["members"]
                .as_array()
                .expect("members")
                .iter()
                .map(move |m| (m["attendee_id"].as_str().expect("id").to_owned(), number))
        })
        .collect()
}

fn pairs(plan: &Value) -> HashSet<(String, String)> {
    let mut out = HashSet::new();
    for t in plan["tables"].as_array().expect("tables") {
        let ids: Vec<&str> = t["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| m["attendee_id"].as_str().expect("id"))
            .collect();
        for a in &ids {
            for b in &ids {
                if a < b {
                    out.insert((a.to_string(), b.to_string()));
                }
            }
        }
    }
    out
}

api_test!(meetups_are_created_listed_changed_and_validated);
async fn meetups_are_created_listed_changed_and_validated(app: TestApp) {
    let token = app.conference("conf").await;
    let created = meetup(
        &app,
        &token,
        json!({
            "name": "Dinner",
            "starts_at": "2026-06-01T19:00:00Z",
            "ends_at": "2026-06-01T21:00:00Z",
            "tables": [{"label": "Table 1 — by the window", "min": 2, "max": 4}, {}],
        }),
    )
    .await;
    assert_eq!(created["tables"][0]["label"], "Table 1 — by the window");
    assert_eq!(created["tables"][1]["label"], "Table 2");
    assert_eq!(created["tables"][1]["min"], 3, "conference default size");
    let id = created["id"].as_str().unwrap();

    let listed = body(
        app.get("/api/v1/conferences/conf/meetups", Some(&token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    let changed = body(
        app.patch(
            &format!("/api/v1/conferences/conf/meetups/{id}"),
            Some(&token),
            &json!({"location": "Garden", "table_count": 3, "table_min": 5, "table_max": 6}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["location"], "Garden");
    assert_eq!(changed["tables"].as_array().unwrap().len(), 3);
    assert_eq!(changed["name"], "Dinner", "fields not sent stay");

    let bad = body(
        app.post(
            "/api/v1/conferences/conf/meetups",
            Some(&token),
            &json!({
                "name": " ",
                "starts_at": "2026-06-01T19:00:00Z",
                "ends_at": "2026-06-01T18:00:00Z",
                "tables": [{"min": 6, "max": 2}],
            }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fields = error_fields(&bad);
    for f in [
        "name",
        "starts_at",
        "ends_at",
        "tables[0].min",
        "tables[0].max",
    ] {
        assert!(fields.contains(&f.to_owned()), "{f} missing in {fields:?}");
    }
    let neither = body(
        app.post(
            "/api/v1/conferences/conf/meetups",
            Some(&token),
            &json!({"name": "x", "starts_at": "2026-06-01T19:00:00Z", "ends_at": "2026-06-01T20:00:00Z"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&neither), vec!["tables"]);

    let other = app.organizer("other@organizers.test").await;
    body(
        app.get(
            &format!("/api/v1/conferences/conf/meetups/{id}"),
            Some(&other),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let res = app
        .send_json(
            reqwest::Method::DELETE,
            &format!("/api/v1/conferences/conf/meetups/{id}"),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

api_test!(a_series_run_seats_everyone_once_per_meetup_and_nobody_meets_twice);
async fn a_series_run_seats_everyone_once_per_meetup_and_nobody_meets_twice(app: TestApp) {
    let token = app.conference("conf").await;
    let ids = attendees(&app, &token, 24, "person").await;
    let first = meetup(&app, &token, lunch("Lunch 1", 1, 6)).await;
    let second = meetup(&app, &token, lunch("Lunch 2", 2, 6)).await;

    let job = run(
        &app,
        &token,
        json!({"series": "lunch", "seed": 7, "iterations": 2000}),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let made = job["result"]["plans"].as_array().expect("plans");
    assert_eq!(made.len(), 2);

    let mut all_pairs = Vec::new();
    for m in [&first, &second] {
        let plan = body(
            app.get(
                &format!(
                    "/api/v1/conferences/conf/meetups/{}/plan",
                    m["id"].as_str().unwrap()
                ),
                Some(&token),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(plan["status"], "draft");
        let seated = seats(&plan);
        assert_eq!(seated.len(), 24, "everyone seated once");
        assert!(ids.iter().all(|id| seated.contains_key(id)));
        for t in plan["tables"].as_array().unwrap() {
            let n = t["members"].as_array().unwrap().len();
            assert!((3..=5).contains(&n), "table size {n}");
            assert!(t["explanation"]["shared_interests"].is_array());
        }
        assert!(plan["metrics"]["objective"].is_number());
        assert_eq!(plan["inputs_hash"].as_str().unwrap().len(), 64);
        all_pairs.push(pairs(&plan));
    }
    assert!(
        all_pairs[0].is_disjoint(&all_pairs[1]),
        "no pair meets twice in the series"
    );
}

api_test!(the_same_inputs_and_seed_give_the_same_plan);
async fn the_same_inputs_and_seed_give_the_same_plan(app: TestApp) {
    let token = app.conference("conf").await;
    attendees(&app, &token, 15, "p").await;
    let m = meetup(&app, &token, lunch("Lunch 1", 1, 4)).await;
    let id = m["id"].as_str().unwrap().to_owned();
    let request = json!({"meetup_ids": [id], "seed": 42, "iterations": 50});
    let a = run(&app, &token, request.clone()).await;
    let b = run(&app, &token, request).await;
    let plan = |job: &Value| {
        job["result"]["plans"][0]["plan_id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let pa = body(
        app.get(
            &format!("/api/v1/conferences/conf/plans/{}", plan(&a)),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let pb = body(
        app.get(
            &format!("/api/v1/conferences/conf/plans/{}", plan(&b)),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(pa["inputs_hash"], pb["inputs_hash"]);
    assert_eq!(seats(&pa), seats(&pb));
    assert_eq!(
        pa["status"], "superseded",
        "the newer draft replaces the older"
    );
}

api_test!(hopeless_runs_are_refused_before_any_job_is_queued);
async fn hopeless_runs_are_refused_before_any_job_is_queued(app: TestApp) {
    let token = app.conference("conf").await;
    let empty = meetup(&app, &token, lunch("Lunch 1", 1, 2)).await;
    let id = empty["id"].as_str().unwrap();
    let nobody = body(
        app.post(
            "/api/v1/conferences/conf/plan-runs",
            Some(&token),
            &json!({"meetup_ids": [id]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&nobody), vec!["meetup_ids[0]"]);

    attendees(&app, &token, 20, "q").await;
    let too_many = body(
        app.post(
            "/api/v1/conferences/conf/plan-runs",
            Some(&token),
            &json!({"meetup_ids": [id]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        too_many["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Lunch 1"),
        "{too_many}"
    );
    for bad in [
        json!({}),
        json!({"meetup_ids": ["00000000-0000-0000-0000-000000000000"]}),
        json!({"series": "nope"}),
        json!({"meetup_ids": [id], "max_seconds": 0}),
        json!({"meetup_ids": [id, id]}),
    ] {
        body(
            app.post("/api/v1/conferences/conf/plan-runs", Some(&token), &bad)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    assert_eq!(app.count("jobs", "1 = 1").await, 0, "nothing was queued");
}

api_test!(a_draft_is_adjusted_locked_rerun_with_its_locks_and_published);
async fn a_draft_is_adjusted_locked_rerun_with_its_locks_and_published(app: TestApp) {
    let token = app.conference("conf").await;
    attendees(&app, &token, 12, "r").await;
    let m = meetup(&app, &token, lunch("Lunch 1", 1, 3)).await;
    let meetup_id = m["id"].as_str().unwrap().to_owned();
    run(
        &app,
        &token,
        json!({"meetup_ids": [meetup_id], "seed": 1, "iterations": 50}),
    )
    .await;
    let plan = body(
        app.get(
            &format!("/api/v1/conferences/conf/meetups/{meetup_id}/plan"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let plan_id = plan["id"].as_str().unwrap().to_owned();
    let before = seats(&plan);
    let tables = plan["tables"].as_array().unwrap();
    let a = tables[0]["members"][0]["attendee_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = tables[1]["members"][0]["attendee_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let adjustments = format!("/api/v1/conferences/conf/plans/{plan_id}/adjustments");

    let swapped = body(
        app.post(
            &adjustments,
            Some(&token),
            &json!({"version": 1, "operations": [
                {"op": "swap", "a": a, "b": b},
                {"op": "lock_seat", "attendee_id": a},
            ]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(swapped["version"], 2);
    let after = seats(&swapped);
    assert_eq!(after[&a], before[&b]);
    assert_eq!(after[&b], before[&a]);

    // A stale version, a move to a full table and a move of a locked seat change nothing.
    body(
        app.post(
            &adjustments,
            Some(&token),
            &json!({"version": 1, "operations": [{"op": "unlock_seat", "attendee_id": a}]}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    let full_table = tables
        .iter()
        .find(|t| t["members"].as_array().unwrap().len() == 5);
    if let Some(full) = full_table {
        let n = full["number"].as_i64().unwrap();
        let mover = after
            .iter()
            .find(|(id, t)| **t != n && **id != a)
            .unwrap()
            .0
            .clone();
        let refused = body(
            app.post(&adjustments, Some(&token), &json!({"version": 2, "operations": [{"op": "move", "attendee_id": mover, "table": n}]}))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(error_fields(&refused), vec!["operations[0].table"]);
    }
    let locked = body(
        app.post(
            &adjustments,
            Some(&token),
            &json!({"version": 2, "operations": [{"op": "move", "attendee_id": a, "table": 3}]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&locked), vec!["operations[0].attendee_id"]);

    // Re-running keeps the lock.
    let rerun = run(
        &app,
        &token,
        json!({"meetup_ids": [meetup_id], "seed": 99, "iterations": 50}),
    )
    .await;
    assert_eq!(rerun["status"], "succeeded", "{rerun}");
    let new_plan = body(
        app.get(
            &format!("/api/v1/conferences/conf/meetups/{meetup_id}/plan"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seats(&new_plan)[&a], after[&a], "the locked seat stayed");
    let new_id = new_plan["id"].as_str().unwrap().to_owned();

    let published = body(
        app.post(
            &format!("/api/v1/conferences/conf/plans/{new_id}/publish"),
            Some(&token),
            &json!({"version": 1}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(published["status"], "published");
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        12,
        "one introduction per seated attendee"
    );
    // The mailer renders and sends them: each with the table, the tablemates and an invite.
    app.wait_for_outbox("kind = 'table_introduction' AND status = 'sent'", 12)
        .await;
    let sent: Vec<String> = std::fs::read_dir(app.mail_dir.path())
        .expect("mail folder")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("readable"))
        .filter(|text| text.contains("BEGIN:VCALENDAR"))
        .collect();
    assert_eq!(sent.len(), 12, "every introduction was delivered");
    let first_table: Vec<&str> = published["tables"][0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    let to_first = sent
        .iter()
        .find(|text| text.contains(first_table[0]) && text.contains(first_table[1]))
        .expect("an introduction naming two people of the first table");
    assert!(to_first.contains("List-Unsubscribe"), "{to_first}");
    assert!(to_first.contains("METHOD:REQUEST"), "{to_first}");
    assert!(to_first.contains("Lunch 1"), "{to_first}");
    // Publishing again, or adjusting a published plan, is refused and sends nothing more.
    body(
        app.post(
            &format!("/api/v1/conferences/conf/plans/{new_id}/publish"),
            Some(&token),
            &json!({"version": 1}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    body(
        app.post(
            &format!("/api/v1/conferences/conf/plans/{new_id}/adjustments"),
            Some(&token),
            &json!({"version": 1, "operations": [{"op": "lock_table", "table": 1}]}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        12
    );
}

api_test!(publishing_a_stale_plan_is_refused_and_repair_moves_few_and_tells_only_changed_tables);
async fn publishing_a_stale_plan_is_refused_and_repair_moves_few_and_tells_only_changed_tables(
    app: TestApp,
) {
    let token = app.conference("conf").await;
    attendees(&app, &token, 15, "s").await;
    body(
        app.register(
            "conf",
            &crate::helpers::registration("Leaver", "leaver@example.org"),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let leaver_link = app.link_token("leaver@example.org").await;
    let leaver = body(
        app.post("/api/v1/me/confirm", Some(&leaver_link), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let leaver = &leaver;
    let m = meetup(&app, &token, lunch("Lunch 1", 1, 4)).await;
    let meetup_id = m["id"].as_str().unwrap().to_owned();
    run(
        &app,
        &token,
        json!({"meetup_ids": [meetup_id], "seed": 3, "iterations": 50}),
    )
    .await;
    let plan = body(
        app.get(
            &format!("/api/v1/conferences/conf/meetups/{meetup_id}/plan"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let plan_id = plan["id"].as_str().unwrap().to_owned();

    // Someone registers after the run: the draft no longer matches.
    body(
        app.register(
            "conf",
            &crate::helpers::registration("Late", "late@example.org"),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let link = app.link_token("late@example.org").await;
    let me = body(
        app.post("/api/v1/me/confirm", Some(&link), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let late = me["id"].as_str().unwrap().to_owned();
    let stale = body(
        app.post(
            &format!("/api/v1/conferences/conf/plans/{plan_id}/publish"),
            Some(&token),
            &json!({"version": 1}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        stale["detail"].as_str().unwrap().contains("1 joined"),
        "{stale}"
    );
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        0
    );

    // The late one opts out of this meetup: the draft matches again and is published.
    let attending = |yes: bool| json!({"attending": yes});
    let choice = format!("/api/v1/me/meetups/{meetup_id}");
    body(
        app.send_json(
            reqwest::Method::PUT,
            &choice,
            Some(&link),
            &attending(false),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    body(
        app.post(
            &format!("/api/v1/conferences/conf/plans/{plan_id}/publish"),
            Some(&token),
            &json!({"version": 1}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let before = seats(
        &body(
            app.get(
                &format!("/api/v1/conferences/conf/plans/{plan_id}"),
                Some(&token),
            )
            .await,
            StatusCode::OK,
        )
        .await,
    );

    // Then they opt in again and someone else withdraws: repair.
    body(
        app.send_json(reqwest::Method::PUT, &choice, Some(&link), &attending(true))
            .await,
        StatusCode::OK,
    )
    .await;
    body(
        app.post(
            "/api/v1/me/withdraw",
            Some(&app.link_token("leaver@example.org").await),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    let repaired = body(
        app.post(
            &format!("/api/v1/conferences/conf/plans/{plan_id}/repair"),
            Some(&token),
            &json!({"reason": "late registration"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let after = seats(&repaired["plan"]);
    assert!(after.contains_key(&late), "the newcomer is seated");
    assert!(!after.contains_key(leaver), "the leaver is not");
    let moved_seated = before
        .iter()
        .filter(|(id, t)| after.get(*id).is_some_and(|n| n != *t))
        .count();
    assert!(
        moved_seated <= 1,
        "at most one seated person moved, got {moved_seated}"
    );
    let change = &repaired["change"];
    assert_eq!(change["reason"], "late registration");
    let changed: HashSet<i64> = change["changed_tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert!(
        changed.contains(&before[leaver]),
        "the leaver's table changed"
    );
    assert!(
        changed.contains(&after[&late]),
        "the newcomer's table changed"
    );
    let told = app.count("outbox_emails", "kind = 'table_changed'").await;
    let at_changed = after.values().filter(|t| changed.contains(t)).count() as i64;
    assert_eq!(
        told,
        at_changed - 1,
        "only the changed tables are told, the newcomer apart"
    );
    let to_late =
        "attendee_id IN (SELECT id FROM attendees WHERE email = 'late@example.org') AND kind = ";
    assert_eq!(
        app.count("outbox_emails", &format!("{to_late}'table_introduction'"))
            .await,
        1,
        "the newcomer is introduced"
    );
    assert_eq!(
        app.count("outbox_emails", &format!("{to_late}'table_changed'"))
            .await,
        0
    );
    assert_eq!(
        app.count("outbox_emails", "kind = 'meetup_cancelled'")
            .await,
        1
    );
    let log = body(
        app.get(
            &format!("/api/v1/conferences/conf/plans/{plan_id}/changes"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"].as_array().unwrap().len(), 1);

    // Nothing left to repair: no new change.
    let again = body(
        app.post(
            &format!("/api/v1/conferences/conf/plans/{plan_id}/repair"),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["change"], Value::Null);
}

api_test!(attendees_see_their_meetups_and_opt_out_of_one);
async fn attendees_see_their_meetups_and_opt_out_of_one(app: TestApp) {
    let token = app.conference("conf").await;
    let m = meetup(&app, &token, lunch("Lunch 1", 1, 2)).await;
    let id = m["id"].as_str().unwrap();
    body(
        app.register(
            "conf",
            &crate::helpers::registration("Ada", "ada@example.org"),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let link = app.link_token("ada@example.org").await;
    let mine = body(
        app.get("/api/v1/me/meetups", Some(&link)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["items"][0]["attending"], true);
    let out = body(
        app.send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/me/meetups/{id}"),
            Some(&link),
            &json!({"attending": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(out["attending"], false);
    let mine = body(
        app.get("/api/v1/me/meetups", Some(&link)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["items"][0]["attending"], false);
    body(
        app.send_json(
            reqwest::Method::PUT,
            "/api/v1/me/meetups/00000000-0000-0000-0000-000000000000",
            Some(&link),
            &json!({"attending": true}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
