//! Meetup reminders: queued with the plan's publication for the time before the meetup, sent
//! over SMTP when due, kept true through repairs and changes of the meetup's time.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, DurationRound, SecondsFormat, TimeDelta, Utc};
use mail_parser::MessageParser;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tablemates::entities::outbox_email;
use tablemates::workflows::LinkSettings;

use crate::helpers::{TestApp, TestBackend, body, let_workers_run};
use crate::mail::{Received, SmtpSink};
use crate::plans::{seat_and_publish, seats};

const REMINDER: &str = "meetup_reminder";

async fn spawn(backend: &TestBackend, sink: &SmtpSink, extra: &[(&str, &str)]) -> TestApp {
    let smtp = sink.url();
    let mut vars = vec![
        ("TABLEMATES_SMTP_URL", smtp.as_str()),
        ("TABLEMATES_OUTBOX_POLL_MS", "20"),
        ("TABLEMATES_MAIL_FROM", "Test Conf <hello@tablemates.test>"),
    ];
    vars.extend_from_slice(extra);
    backend.spawn_with(&vars).await
}

/// One attendee as the tests know them.
#[derive(Debug, Clone)]
struct Person {
    id: String,
    name: String,
    email: String,
}

/// `n` confirmed attendees added by the organizer, agreeing to reminders or not.
async fn people(app: &TestApp, token: &str, n: usize, prefix: &str, emails: bool) -> Vec<Person> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let name = format!("{prefix} {i}");
        let email = format!("{prefix}{i}@example.org");
        let created = body(
            app.post(
                "/api/v1/conferences/conf/attendees",
                Some(token),
                &json!({
                    "name": name,
                    "email": email,
                    "interests": ["rust"],
                    "consents": {"privacy": true, "emails": emails},
                }),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        out.push(Person {
            id: created["id"].as_str().expect("id").to_owned(),
            name,
            email,
        });
    }
    out
}

fn minute(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::minutes(1)).expect("truncate")
}

fn text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A one-hour lunch starting at `starts_at` with `tables` tables of `min`–`max`; its id.
async fn lunch(
    app: &TestApp,
    token: &str,
    starts_at: DateTime<Utc>,
    (tables, min, max): (u32, u32, u32),
) -> String {
    let created = body(
        app.post(
            "/api/v1/conferences/conf/meetups",
            Some(token),
            &json!({
                "name": "Lunch",
                "starts_at": text(starts_at),
                "ends_at": text(starts_at + TimeDelta::hours(1)),
                "location": "Hall B",
                "table_count": tables,
                "table_min": min,
                "table_max": max,
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    created["id"].as_str().expect("id").to_owned()
}

/// Every outbox row of `kind`, oldest first.
async fn rows_of(app: &TestApp, kind: &str) -> Vec<outbox_email::Model> {
    let mut rows = outbox_email::Entity::find()
        .filter(outbox_email::Column::Kind.eq(kind))
        .all(&app.db.read)
        .await
        .expect("outbox rows");
    rows.sort_by_key(|r| (r.created_at, r.id));
    rows
}

/// Every reminder row, oldest first.
async fn reminder_rows(app: &TestApp) -> Vec<outbox_email::Model> {
    rows_of(app, REMINDER).await
}

/// Attendee id → their pending reminder.
async fn pending_reminders(app: &TestApp) -> HashMap<String, outbox_email::Model> {
    let mut out = HashMap::new();
    for row in reminder_rows(app).await {
        if row.status == "pending" {
            let attendee = row.attendee_id.expect("an attendee").to_string();
            assert!(
                out.insert(attendee, row).is_none(),
                "one pending reminder per attendee"
            );
        }
    }
    out
}

fn payload(row: &outbox_email::Model) -> Value {
    serde_json::from_str(&row.payload).expect("payload is JSON")
}

fn tablemate_names(payload: &Value) -> HashSet<String> {
    payload["tablemates"]
        .as_array()
        .expect("tablemates")
        .iter()
        .map(|t| t["name"].as_str().expect("name").to_owned())
        .collect()
}

fn subject(message: &Received) -> String {
    MessageParser::default()
        .parse(&message.data)
        .and_then(|m| m.subject().map(str::to_owned))
        .unwrap_or_default()
}

fn is_reminder(message: &Received) -> bool {
    subject(message).starts_with("Reminder:")
}

api_test!(
    publishing_queues_a_reminder_per_seated_attendee_for_before_a_later_meetup,
    backend
);
async fn publishing_queues_a_reminder_per_seated_attendee_for_before_a_later_meetup(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink, &[]).await;
    let token = app.conference("conf").await;
    let people = people(&app, &token, 6, "far", true).await;
    let starts_at = minute(Utc::now() + TimeDelta::days(10));
    let meetup_id = lunch(&app, &token, starts_at, (2, 3, 3)).await;
    seat_and_publish(&app, &token, &meetup_id).await;

    // The organizer sees one pending reminder per seated attendee, due two hours ahead.
    let page = body(
        app.get(
            "/api/v1/conferences/conf/emails?status=pending&per_page=200",
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let spec = crate::contract::spec();
    let errors = crate::contract::validate(
        &spec,
        &json!({"$ref": "#/components/schemas/EmailPage"}),
        &page,
        "emails",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let reminders: Vec<&Value> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["kind"] == REMINDER)
        .collect();
    let reminded: HashSet<&str> = reminders
        .iter()
        .map(|e| e["attendee_id"].as_str().expect("attendee"))
        .collect();
    let everyone: HashSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(reminded, everyone, "{page}");
    assert_eq!(reminders.len(), 6);
    for e in &reminders {
        let due: DateTime<Utc> = e["due_at"]
            .as_str()
            .expect("a due time")
            .parse()
            .expect("a date-time");
        assert_eq!(due, starts_at - TimeDelta::hours(2), "{e}");
    }

    // The introductions go out; the reminders wait for their time.
    app.wait_for_outbox("status = 'sent' AND kind = 'table_introduction'", 6)
        .await;
    let_workers_run().await;
    let delivered = sink.messages();
    assert_eq!(delivered.len(), 6, "only the introductions");
    assert!(!delivered.iter().any(is_reminder));
    assert_eq!(
        app.count(
            "outbox_emails",
            "status = 'sent' AND kind = 'meetup_reminder'"
        )
        .await,
        0
    );

    // A meetup moved to a time already begun has nothing left to remind of.
    let past = minute(Utc::now() - TimeDelta::hours(1));
    body(
        app.patch(
            &format!("/api/v1/conferences/conf/meetups/{meetup_id}"),
            Some(&token),
            &json!({"starts_at": text(past), "ends_at": text(past + TimeDelta::hours(2))}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let cancelled = body(
        app.get(
            "/api/v1/conferences/conf/emails?status=cancelled&per_page=200",
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["total"], 6, "{cancelled}");
    let errors = crate::contract::validate(
        &spec,
        &json!({"$ref": "#/components/schemas/EmailPage"}),
        &cancelled,
        "emails",
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        cancelled["items"][0]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("begun")),
        "{cancelled}"
    );
    assert!(pending_reminders(&app).await.is_empty());
}

api_test!(
    a_reminder_due_already_is_delivered_with_the_table_and_tablemates,
    backend
);
async fn a_reminder_due_already_is_delivered_with_the_table_and_tablemates(backend: &TestBackend) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink, &[]).await;
    let token = app.conference("conf").await;
    let people = people(&app, &token, 6, "soon", true).await;
    // Within the two hours before the start: due at once.
    let starts_at = minute(Utc::now() + TimeDelta::minutes(61));
    let meetup_id = lunch(&app, &token, starts_at, (2, 3, 3)).await;
    let plan = seat_and_publish(&app, &token, &meetup_id).await;
    let table_of = seats(&plan);

    let delivered = sink.wait_for(12).await;
    let reminders: Vec<&Received> = delivered.iter().filter(|m| is_reminder(m)).collect();
    assert_eq!(reminders.len(), 6);
    for person in &people {
        let table = table_of[&person.id];
        let message = reminders
            .iter()
            .find(|m| m.recipients.contains(&format!("<{}>", person.email)))
            .unwrap_or_else(|| panic!("a reminder to {}", person.email));
        assert_eq!(
            subject(message),
            format!("Reminder: Lunch at Table {table} (Test Conference)")
        );
        let parsed = MessageParser::default()
            .parse(&message.data)
            .expect("a message");
        let text = parsed.body_text(0).expect("a text part").into_owned();
        assert!(text.contains(&format!("Hi {},", person.name)), "{text}");
        for other in &people {
            let same_table = table_of[&other.id] == table && other.id != person.id;
            assert_eq!(
                text.contains(&format!("* {}", other.name)),
                same_table,
                "{} in the reminder to {}: {text}",
                other.name,
                person.name
            );
        }
        let raw = String::from_utf8_lossy(&message.data);
        assert!(raw.contains("List-Unsubscribe: <"), "{raw}");
        assert!(raw.contains("List-Unsubscribe-Post:"), "{raw}");
        assert!(!raw.contains("BEGIN:VCALENDAR"), "no invitation: {raw}");
    }
    app.wait_for_outbox("status = 'sent' AND kind = 'meetup_reminder'", 6)
        .await;
}

api_test!(
    only_attendees_who_agreed_and_did_not_unsubscribe_are_reminded,
    backend
);
async fn only_attendees_who_agreed_and_did_not_unsubscribe_are_reminded(backend: &TestBackend) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink, &[]).await;
    let token = app.conference("conf").await;
    let agreed = people(&app, &token, 5, "yes", true).await;
    let declined = people(&app, &token, 1, "no", false).await;
    let links = LinkSettings {
        base_url: app.address.parse().expect("base URL"),
        access_token_days: 180,
    };
    let unsubscribe = |person: &Person| {
        let (app, links) = (&app, &links);
        let id = person.id.parse().expect("uuid");
        async move {
            let url = tablemates::workflows::unsubscribe::url_for(&app.db.read, id, links)
                .await
                .expect("unsubscribe URL");
            let res = app
                .client
                .post(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click")
                .send()
                .await
                .expect("request");
            assert_eq!(res.status(), StatusCode::OK);
        }
    };
    let gone = &agreed[0];
    unsubscribe(gone).await;
    let starts_at = minute(Utc::now() + TimeDelta::days(3));
    let meetup_id = lunch(&app, &token, starts_at, (2, 3, 3)).await;
    seat_and_publish(&app, &token, &meetup_id).await;

    let pending = pending_reminders(&app).await;
    let reminded: HashSet<&str> = pending.keys().map(String::as_str).collect();
    let expected: HashSet<&str> = agreed[1..].iter().map(|p| p.id.as_str()).collect();
    assert_eq!(reminded, expected);
    assert!(!reminded.contains(declined[0].id.as_str()));
    assert!(
        !reminder_rows(&app)
            .await
            .iter()
            .any(|r| r.attendee_id.map(|a| a.to_string()) == Some(gone.id.clone())),
        "nothing queued for the one who unsubscribed"
    );

    // Unsubscribing later withdraws the reminder still waiting.
    let later = &agreed[1];
    unsubscribe(later).await;
    let pending = pending_reminders(&app).await;
    assert!(!pending.contains_key(&later.id));
    assert_eq!(pending.len(), 3);
    assert_eq!(
        app.count(
            "outbox_emails",
            "kind = 'meetup_reminder' AND status = 'skipped'"
        )
        .await,
        1
    );
}

api_test!(reminders_are_off_when_the_minutes_are_zero, backend);
async fn reminders_are_off_when_the_minutes_are_zero(backend: &TestBackend) {
    let sink = SmtpSink::start().await;
    let app = spawn(
        backend,
        &sink,
        &[("TABLEMATES_REMINDER_MINUTES_BEFORE", "0")],
    )
    .await;
    let token = app.conference("conf").await;
    people(&app, &token, 6, "off", true).await;
    let meetup_id = lunch(&app, &token, Utc::now() + TimeDelta::days(2), (2, 3, 3)).await;
    seat_and_publish(&app, &token, &meetup_id).await;
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        6
    );
    assert!(reminder_rows(&app).await.is_empty());
}

api_test!(
    a_repair_replaces_the_reminders_of_changed_tables_and_cancels_the_leavers,
    backend
);
async fn a_repair_replaces_the_reminders_of_changed_tables_and_cancels_the_leavers(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink, &[]).await;
    let token = app.conference("conf").await;
    let people = people(&app, &token, 7, "rep", true).await;
    let name_of: HashMap<&str, &str> = people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let starts_at = minute(Utc::now() + TimeDelta::days(5));
    let meetup_id = lunch(&app, &token, starts_at, (2, 3, 5)).await;
    let plan = seat_and_publish(&app, &token, &meetup_id).await;
    let plan_id = plan["id"].as_str().expect("plan id").to_owned();
    let before = seats(&plan);
    let first = pending_reminders(&app).await;
    assert_eq!(first.len(), 7);

    // Someone at the table of three leaves: that table falls under its minimum, so one
    // person from the table of four must move to it.
    let small = if before.values().filter(|t| **t == 1).count() == 3 {
        1
    } else {
        2
    };
    let leaver = people
        .iter()
        .find(|p| before[&p.id] == small)
        .expect("someone at the small table");
    let link = app.link_token(&leaver.email).await;
    body(
        app.send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/me/meetups/{meetup_id}"),
            Some(&link),
            &json!({"attending": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // The opt-out repairs the published plan by itself.
    crate::auto_repair::changes(&app, &token, &plan_id, 1).await;
    let repaired = body(
        app.get(
            &format!("/api/v1/conferences/conf/plans/{plan_id}"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let after = seats(&repaired);
    let moved: Vec<&String> = after
        .iter()
        .filter(|(id, t)| before[*id] != **t)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(moved.len(), 1, "{repaired}");

    let now = pending_reminders(&app).await;
    assert!(!now.contains_key(&leaver.id), "the leaver's is gone");
    let leavers = reminder_rows(&app)
        .await
        .into_iter()
        .find(|r| r.attendee_id.map(|a| a.to_string()).as_deref() == Some(&leaver.id))
        .expect("the leaver's reminder");
    assert_eq!(leavers.status, "cancelled");
    assert!(
        leavers
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("left")),
        "{leavers:?}"
    );
    assert_eq!(now.len(), 6);
    for (id, table) in &after {
        let row = &now[id];
        assert_ne!(row.id, first[id].id, "both tables changed");
        assert_eq!(row.due_at, starts_at - TimeDelta::hours(2));
        let p = payload(row);
        assert_eq!(p["table"]["number"], *table, "{p}");
        let mates: HashSet<String> = after
            .iter()
            .filter(|(other, t)| *t == table && *other != id)
            .map(|(other, _)| name_of[other.as_str()].to_owned())
            .collect();
        assert_eq!(tablemate_names(&p), mates);
    }
    assert_eq!(
        app.count(
            "outbox_emails",
            "kind = 'meetup_reminder' AND status = 'cancelled'"
        )
        .await,
        7,
        "every first reminder was replaced or cancelled"
    );

    // A repair with nothing to do queues nothing.
    body(
        app.post(
            &format!("/api/v1/conferences/conf/plans/{plan_id}/repair"),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reminder_rows(&app).await.len(), 13);
}

api_test!(
    an_introduction_held_back_by_the_mail_server_tells_the_meetups_new_place,
    backend
);
async fn an_introduction_held_back_by_the_mail_server_tells_the_meetups_new_place(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    sink.refuse(true);
    let app = spawn(
        backend,
        &sink,
        &[("TABLEMATES_OUTBOX_RETRY_BASE_MS", "600000")],
    )
    .await;
    let token = app.conference("conf").await;
    people(&app, &token, 6, "held", false).await;
    let starts_at = minute(Utc::now() + TimeDelta::days(10));
    let meetup_id = lunch(&app, &token, starts_at, (2, 3, 3)).await;
    seat_and_publish(&app, &token, &meetup_id).await;
    // Every introduction tried once and refused: pending, due again in ten minutes.
    let refused = "kind = 'table_introduction' AND attempts = 1 AND lease_until IS NULL";
    assert_eq!(app.wait_for_outbox(refused, 6).await, 6);
    body(
        app.patch(
            &format!("/api/v1/conferences/conf/meetups/{meetup_id}"),
            Some(&token),
            &json!({"location": "Garden"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let held = rows_of(&app, "table_introduction").await;
    assert_eq!(held.len(), 6);
    for row in &held {
        assert_eq!(row.status, "pending");
        assert_eq!(payload(row)["meetup"]["location"], "Garden");
    }
    let told = rows_of(&app, "meetup_changed").await;
    assert_eq!(told.len(), 6);
    for row in told {
        let p = payload(&row);
        assert_eq!(
            (&p["previous"]["location"], &p["meetup"]["location"]),
            (&json!("Hall B"), &json!("Garden"))
        );
    }
}

api_test!(
    moving_the_meetup_tells_the_seated_and_moves_its_reminders,
    backend
);
async fn moving_the_meetup_tells_the_seated_and_moves_its_reminders(backend: &TestBackend) {
    let sink = SmtpSink::start().await;
    // Retried at once while the server refuses (see below).
    let app = spawn(
        backend,
        &sink,
        &[
            ("TABLEMATES_OUTBOX_RETRY_BASE_MS", "1"),
            ("TABLEMATES_OUTBOX_MAX_ATTEMPTS", "100"),
        ],
    )
    .await;
    let token = app.conference("conf").await;
    people(&app, &token, 6, "move", true).await;
    let starts_at = minute(Utc::now() + TimeDelta::days(10));
    let meetup_id = lunch(&app, &token, starts_at, (2, 3, 3)).await;
    // The server refuses until the emails' content is checked: a sent email keeps none.
    sink.refuse(true);
    seat_and_publish(&app, &token, &meetup_id).await;
    let path = format!("/api/v1/conferences/conf/meetups/{meetup_id}");

    let later = starts_at + TimeDelta::days(10);
    body(
        app.patch(
            &path,
            Some(&token),
            &json!({"starts_at": text(later), "ends_at": text(later + TimeDelta::hours(1)), "location": "Garden"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let pending = pending_reminders(&app).await;
    assert_eq!(pending.len(), 6);
    for row in pending.values() {
        assert_eq!(row.due_at, later - TimeDelta::hours(2));
        let p = payload(row);
        let shown: DateTime<Utc> = p["meetup"]["starts_at"]
            .as_str()
            .expect("starts_at")
            .parse()
            .expect("a date-time");
        assert_eq!(shown, later, "{p}");
        assert_eq!(p["meetup"]["location"], "Garden");
    }
    // Everyone seated hears of it, with what it was and an invitation that replaces theirs.
    let changed = rows_of(&app, "meetup_changed").await;
    assert_eq!(changed.len(), 6);
    let introduced: HashMap<Option<uuid::Uuid>, Value> = rows_of(&app, "table_introduction")
        .await
        .iter()
        .map(|r| (r.attendee_id, payload(r)))
        .collect();
    for row in &changed {
        let p = payload(row);
        assert_eq!(p["previous"]["location"], "Hall B", "{p}");
        assert_eq!(p["meetup"]["location"], "Garden", "{p}");
        assert_eq!(tablemate_names(&p).len(), 2, "{p}");
        // The update's invitation is the next one after the introduction's, even within its second.
        let before = introduced[&row.attendee_id]["calendar"]["sequence"].as_i64();
        assert_eq!(
            p["calendar"]["sequence"].as_i64(),
            before.map(|n| n + 1),
            "{p}"
        );
    }
    sink.refuse(false);
    // A change nobody sees tells nobody.
    body(
        app.patch(&path, Some(&token), &json!({"location": "Garden"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        app.count("outbox_emails", "kind = 'meetup_changed'").await,
        6
    );

    // Moved to within the reminder time: the reminders go out at once.
    let soon = minute(Utc::now() + TimeDelta::minutes(31));
    body(
        app.patch(
            &path,
            Some(&token),
            &json!({"starts_at": text(soon), "ends_at": text(soon + TimeDelta::hours(1))}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // 6 introductions, 2 × 6 changes, 6 reminders.
    let delivered = sink.wait_for(24).await;
    assert_eq!(delivered.iter().filter(|m| is_reminder(m)).count(), 6);
    assert_eq!(
        delivered
            .iter()
            .filter(|m| subject(m).starts_with("Lunch has changed"))
            .count(),
        12
    );
    app.wait_for_outbox("status = 'sent' AND kind = 'meetup_reminder'", 6)
        .await;
}
