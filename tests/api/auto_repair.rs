//! A published plan of an upcoming meetup repairs itself when people withdraw, opt out, or
//! confirm late: no organizer action, few moves, and only the changed tables are told.

use std::collections::HashSet;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, body, eventually, registration};
use crate::plans::{attendees, meetup, seat_and_publish, seats};

fn dinner(starts_at: &str, ends_at: &str) -> Value {
    json!({
        "name": "Dinner",
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": "Hall B",
        "table_count": 4,
        "table_min": 3,
        "table_max": 5,
    })
}

/// A registered and confirmed attendee; returns their id and the personal-link token they
/// hold now (the next email sent to them replaces it: take `link_token` again then).
async fn confirmed(app: &TestApp, name: &str, email: &str) -> (String, String) {
    body(
        app.register("conf", &registration(name, email)).await,
        StatusCode::ACCEPTED,
    )
    .await;
    let link = app.link_token(email).await;
    let me = body(
        app.post("/api/v1/me/confirm", Some(&link), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    (me["id"].as_str().expect("id").to_owned(), link)
}

/// Seats the meetup and publishes the plan; returns the plan's id.
async fn publish(app: &TestApp, token: &str, meetup_id: &str) -> String {
    seat_and_publish(app, token, meetup_id).await["id"]
        .as_str()
        .expect("plan id")
        .to_owned()
}

/// Waits until the plan's change log has `n` entries; returns the log, oldest first.
pub(crate) async fn changes(app: &TestApp, token: &str, plan_id: &str, n: usize) -> Vec<Value> {
    let path = format!("/api/v1/conferences/conf/plans/{plan_id}/changes");
    eventually(
        format!("the plan to be repaired {n} time(s)"),
        Duration::from_secs(20),
        async || {
            let log = body(app.get(&path, Some(token)).await, StatusCode::OK).await;
            let mut items = log["items"].as_array().expect("items").clone();
            if items.len() >= n {
                items.sort_by_key(|c| c["version"].as_i64());
                return Ok(items);
            }
            Err(format!(
                "{} change(s); jobs: {} queued, {} running, {} done",
                items.len(),
                app.count("jobs", "status = 'queued'").await,
                app.count("jobs", "status = 'running'").await,
                app.count("jobs", "status IN ('succeeded', 'failed')").await
            ))
        },
    )
    .await
}

async fn plan(app: &TestApp, token: &str, plan_id: &str) -> Value {
    body(
        app.get(
            &format!("/api/v1/conferences/conf/plans/{plan_id}"),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

fn tables(change: &Value) -> HashSet<i64> {
    change["changed_tables"]
        .as_array()
        .expect("changed tables")
        .iter()
        .filter_map(Value::as_i64)
        .collect()
}

/// Asserts that exactly the people now at the tables `change` names got "table changed";
/// returns how many that is.
async fn only_changed_tables_told(
    app: &TestApp,
    seating: &std::collections::HashMap<String, i64>,
    change: &Value,
) -> i64 {
    let told = seating
        .values()
        .filter(|t| tables(change).contains(t))
        .count() as i64;
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_changed'").await,
        told,
        "only the changed tables are told"
    );
    told
}

api_test!(a_published_plan_repairs_itself_when_people_withdraw_opt_out_or_confirm_late);
async fn a_published_plan_repairs_itself_when_people_withdraw_opt_out_or_confirm_late(
    app: TestApp,
) {
    let token = app.conference("conf").await;
    attendees(&app, &token, 14, "s").await;
    let (leaver, _) = confirmed(&app, "Leaver", "leaver@example.org").await;
    let (skipper, _) = confirmed(&app, "Skipper", "skipper@example.org").await;
    let m = meetup(
        &app,
        &token,
        dinner("2037-06-01T18:00:00Z", "2037-06-01T20:00:00Z"),
    )
    .await;
    let meetup_id = m["id"].as_str().expect("meetup id").to_owned();
    let plan_id = publish(&app, &token, &meetup_id).await;
    let before = seats(&plan(&app, &token, &plan_id).await);
    assert_eq!(before.len(), 16);

    // A withdrawal: the leaver's table is repaired and told, and they get a cancellation.
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
    let log = changes(&app, &token, &plan_id, 1).await;
    assert_eq!(log[0]["reason"], "0 joined, 1 left");
    assert!(tables(&log[0]).contains(&before[&leaver]));
    let after = seats(&plan(&app, &token, &plan_id).await);
    assert!(!after.contains_key(&leaver), "the leaver is gone");
    let moved = before
        .iter()
        .filter(|(id, t)| after.get(*id).is_some_and(|n| n != *t))
        .count();
    assert!(moved <= 1, "{moved} people moved for one leaver");
    only_changed_tables_told(&app, &after, &log[0]).await;
    assert_eq!(
        app.count("outbox_emails", "kind = 'meetup_cancelled'")
            .await,
        1
    );

    // Opting out of the meetup frees a seat the same way.
    body(
        app.send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/me/meetups/{meetup_id}"),
            Some(&app.link_token("skipper@example.org").await),
            &json!({"attending": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let log = changes(&app, &token, &plan_id, 2).await;
    assert_eq!(log[1]["reason"], "0 joined, 1 left");
    assert!(!seats(&plan(&app, &token, &plan_id).await).contains_key(&skipper));

    // Someone confirming after publication is seated.
    let (late, _) = confirmed(&app, "Late", "late@example.org").await;
    let log = changes(&app, &token, &plan_id, 3).await;
    assert_eq!(log[2]["reason"], "1 joined, 0 left");
    let now = seats(&plan(&app, &token, &plan_id).await);
    assert!(now.contains_key(&late), "the newcomer is seated");
    assert!(tables(&log[2]).contains(&now[&late]));
    assert_eq!(now.len(), 15);
    // Their first table email introduces their table; it does not say the table changed.
    let to_late =
        "attendee_id IN (SELECT id FROM attendees WHERE email = 'late@example.org') AND kind = ";
    assert_eq!(
        app.count("outbox_emails", &format!("{to_late}'table_introduction'"))
            .await,
        1
    );
    assert_eq!(
        app.count("outbox_emails", &format!("{to_late}'table_changed'"))
            .await,
        0
    );
}

api_test!(erasing_a_seated_attendee_tells_their_table_before_the_data_goes);
async fn erasing_a_seated_attendee_tells_their_table_before_the_data_goes(app: TestApp) {
    let token = app.conference("conf").await;
    attendees(&app, &token, 14, "e").await;
    let (eraser, _) = confirmed(&app, "Eraser", "eraser@example.org").await;
    let m = meetup(
        &app,
        &token,
        dinner("2037-06-01T18:00:00Z", "2037-06-01T20:00:00Z"),
    )
    .await;
    let plan_id = publish(&app, &token, m["id"].as_str().expect("meetup id")).await;
    let before = seats(&plan(&app, &token, &plan_id).await);
    let introductions = app
        .count("outbox_emails", "kind = 'table_introduction'")
        .await;

    let res = app
        .send_json(
            reqwest::Method::DELETE,
            "/api/v1/me",
            Some(&app.link_token("eraser@example.org").await),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // The repair ran before the answer: the change is logged already.
    let log = changes(&app, &token, &plan_id, 1).await;
    assert_eq!(
        log[0]["reason"],
        "someone left and deleted their registration"
    );
    assert!(tables(&log[0]).contains(&before[&eraser]));
    let after = seats(&plan(&app, &token, &plan_id).await);
    assert_eq!(after.len(), 14);
    let told = only_changed_tables_told(&app, &after, &log[0]).await;
    assert!(told >= 2, "the former tablemates are told");
    // Nothing of the erased person stays: no row, no email waiting for them.
    assert_eq!(
        app.count("attendees", "email = 'eraser@example.org'").await,
        0
    );
    assert_eq!(
        app.count("outbox_emails", "recipient = 'eraser@example.org'")
            .await,
        0
    );
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        introductions - 1,
        "only the erased person's own introduction went with them"
    );
}

api_test!(a_meetup_that_has_started_is_not_repaired_behind_the_organizers_back);
async fn a_meetup_that_has_started_is_not_repaired_behind_the_organizers_back(app: TestApp) {
    let token = app.conference("conf").await;
    attendees(&app, &token, 12, "p").await;
    let (leaver, _) = confirmed(&app, "Leaver", "leaver@example.org").await;
    let past = meetup(
        &app,
        &token,
        dinner("2020-06-01T18:00:00Z", "2020-06-01T20:00:00Z"),
    )
    .await;
    let past_id = past["id"].as_str().expect("meetup id").to_owned();
    let past_plan = publish(&app, &token, &past_id).await;
    let upcoming = meetup(
        &app,
        &token,
        dinner("2037-06-02T18:00:00Z", "2037-06-02T20:00:00Z"),
    )
    .await;
    let upcoming_id = upcoming["id"].as_str().expect("meetup id").to_owned();
    let upcoming_plan = publish(&app, &token, &upcoming_id).await;

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
    // The upcoming meetup's repair is done once its change is logged; the past one's
    // plan, queued (if at all) by the same withdrawal, has had the same time.
    changes(&app, &token, &upcoming_plan, 1).await;
    let past_log = body(
        app.get(
            &format!("/api/v1/conferences/conf/plans/{past_plan}/changes"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(past_log["items"], json!([]));
    assert!(
        seats(&plan(&app, &token, &past_plan).await).contains_key(&leaver),
        "the past seating stays as it was"
    );
}

api_test!(meetup_times_outside_what_every_database_stores_are_refused);
async fn meetup_times_outside_what_every_database_stores_are_refused(app: TestApp) {
    let token = app.conference("conf").await;
    let problem = body(
        app.post(
            "/api/v1/conferences/conf/meetups",
            Some(&token),
            &dinner("2040-06-01T18:00:00Z", "2040-06-01T20:00:00Z"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        crate::helpers::error_fields(&problem),
        ["starts_at", "ends_at"],
        "{problem}"
    );
    assert_eq!(app.count("meetups", "1 = 1").await, 0);
}

api_test!(the_table_changed_email_says_the_services_reason_in_the_attendees_language);
async fn the_table_changed_email_says_the_services_reason_in_the_attendees_language(app: TestApp) {
    let token = app.conference("conf").await;
    let res = app
        .patch(
            "/api/v1/conferences/conf",
            Some(&token),
            &json!({"default_language": "de"}),
        )
        .await;
    body(res, StatusCode::OK).await;
    attendees(&app, &token, 14, "s").await;
    confirmed(&app, "Leaver", "leaver@example.org").await;
    let m = meetup(
        &app,
        &token,
        dinner("2037-06-01T18:00:00Z", "2037-06-01T20:00:00Z"),
    )
    .await;
    let plan_id = publish(&app, &token, m["id"].as_str().expect("meetup id")).await;
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
    // The change log keeps the service's English; the email says it in German.
    let log = changes(&app, &token, &plan_id, 1).await;
    assert_eq!(log[0]["reason"], "0 joined, 1 left");
    let mail = eventually(
        "a table-changed email to be sent",
        Duration::from_secs(20),
        async || {
            use mail_parser::MessageParser;
            for entry in std::fs::read_dir(app.mail_dir.path()).expect("mail folder") {
                // The mailer may be writing or renaming a file as it is listed: the next look
                // finds it whole.
                let Ok(raw) = std::fs::read(entry.expect("entry").path()) else {
                    continue;
                };
                let Some(message) = MessageParser::default().parse(&raw) else {
                    continue;
                };
                let text = message.body_text(0).unwrap_or_default().into_owned();
                if text.contains("hat sich geändert") {
                    return Ok(text);
                }
            }
            Err("no table-changed email yet".to_owned())
        },
    )
    .await;
    assert!(
        mail.contains("(niemand ist hinzugekommen, eine ist gegangen)"),
        "{mail}"
    );
}
