//! Publishing the plans of a series together: one introduction per person listing all their
//! tables with one calendar invitation per meetup (read back from a real SMTP server), all or
//! nothing, through the API and the console's "Publish the whole series" form.

use std::collections::{HashMap, HashSet};

use mail_parser::{MessageParser, MimeHeaders};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::console::sign_in;
use crate::helpers::{TestApp, TestBackend, body, error_fields};
use crate::mail::SmtpSink;
use crate::organizer_console::{csrf_of, get, location, post, text};
use crate::plans::{attendees, meetup, run};

const PEOPLE: usize = 9;

fn round(n: u32) -> Value {
    json!({
        "name": format!("Round {n} lunch"),
        "series": "lunch",
        "starts_at": format!("2026-06-0{n}T11:30:00Z"),
        "ends_at": format!("2026-06-0{n}T12:30:00Z"),
        "location": format!("Hall {n}"),
        "table_count": 3,
        "table_min": 3,
        "table_max": 3,
    })
}

/// Conference `conf` with nine confirmed people and a three-round lunch series seated by one
/// run: the token, the people's ids, and the drafts (id, version, plan) in round order.
async fn seated_series(app: &TestApp) -> (String, Vec<String>, Vec<Value>) {
    let token = app.conference("conf").await;
    let people = attendees(app, &token, PEOPLE, "guest").await;
    let mut rounds = Vec::new();
    for n in 1..=3 {
        rounds.push(meetup(app, &token, round(n)).await);
    }
    let job = run(
        app,
        &token,
        json!({"series": "lunch", "seed": 3, "iterations": 300}),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let mut drafts = Vec::new();
    for m in &rounds {
        let path = format!(
            "/api/v1/conferences/conf/meetups/{}/plan",
            m["id"].as_str().expect("id")
        );
        drafts.push(body(app.get(&path, Some(&token)).await, StatusCode::OK).await);
    }
    (token, people, drafts)
}

fn listed(drafts: &[Value]) -> Value {
    json!({"plans": drafts
        .iter()
        .map(|d| json!({"id": d["id"], "version": d["version"]}))
        .collect::<Vec<_>>()})
}

/// The names at `attendee`'s table in `plan`, `attendee` left out.
fn tablemates(plan: &Value, attendee: &str) -> Vec<String> {
    plan["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| t["members"].as_array().expect("members"))
        .find(|members| members.iter().any(|m| m["attendee_id"] == attendee))
        .unwrap_or_else(|| panic!("{attendee} is seated in {plan}"))
        .iter()
        .filter(|m| m["attendee_id"] != attendee)
        .map(|m| m["name"].as_str().expect("name").to_owned())
        .collect()
}

api_test!(
    publishing_a_series_together_sends_each_person_one_email_with_every_table_and_invitation,
    backend
);
async fn publishing_a_series_together_sends_each_person_one_email_with_every_table_and_invitation(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    let app = backend
        .spawn_with(&[
            ("TABLEMATES_SMTP_URL", &sink.url()),
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
            ("TABLEMATES_MAIL_FROM", "Test Conf <hello@tablemates.test>"),
        ])
        .await;
    let (token, people, drafts) = seated_series(&app).await;
    let publish = |request: Value| {
        let app = &app;
        let token = token.clone();
        async move {
            app.post(
                "/api/v1/conferences/conf/plans/publish",
                Some(&token),
                &request,
            )
            .await
        }
    };

    // One stale version refuses the whole request, and nothing is published.
    let mut stale = listed(&drafts);
    stale["plans"][1]["version"] = json!(99);
    let problem = body(publish(stale).await, StatusCode::CONFLICT).await;
    assert_eq!(error_fields(&problem), ["plans[1].version"], "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Round 2 lunch")),
        "{problem}"
    );
    assert_eq!(app.count("plans", "status = 'published'").await, 0);
    let twice = json!({"plans": [
        {"id": drafts[0]["id"], "version": 1},
        {"id": drafts[0]["id"], "version": 1},
    ]});
    let problem = body(publish(twice).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["plans[1].id"], "{problem}");

    let published = body(publish(listed(&drafts)).await, StatusCode::OK).await;
    let items = published["items"].as_array().expect("items");
    assert_eq!(items.len(), 3, "{published}");
    assert!(
        items.iter().all(|p| p["status"] == "published"),
        "{published}"
    );
    // Publishing again is refused and queues nothing more.
    body(publish(listed(&drafts)).await, StatusCode::CONFLICT).await;

    let messages = sink.wait_for(PEOPLE).await;
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        PEOPLE as i64,
        "one introduction per person"
    );
    let mut per_person: HashMap<String, usize> = HashMap::new();
    for m in &messages {
        for r in &m.recipients {
            *per_person.entry(r.clone()).or_default() += 1;
        }
    }
    for i in 0..PEOPLE {
        assert_eq!(
            per_person.get(&format!("<guest{i}@example.org>")),
            Some(&1),
            "{per_person:?}"
        );
    }

    let ada = &people[0];
    let mine = messages
        .iter()
        .find(|m| m.recipients == ["<guest0@example.org>"])
        .expect("guest 0's email");
    let message = MessageParser::default()
        .parse(&mine.data)
        .expect("a message");
    assert_eq!(
        message.subject(),
        Some("Your tables at 3 meetups (Test Conference)"),
        "{}",
        String::from_utf8_lossy(&mine.data)
    );
    let calendars: Vec<_> = message
        .parts
        .iter()
        .filter(|p| {
            p.content_type()
                .is_some_and(|c| c.ctype() == "text" && c.subtype() == Some("calendar"))
        })
        .collect();
    assert_eq!(calendars.len(), 3, "three invitations");
    let uids: HashSet<String> = calendars
        .iter()
        .map(|p| {
            let ics = p
                .text_contents()
                .expect("calendar text")
                .replace("\r\n ", "");
            let cal: icalendar::Calendar = ics.parse().expect("ICS parses");
            assert_eq!(cal.property_value("METHOD"), Some("REQUEST"));
            ics.lines()
                .find_map(|l| l.strip_prefix("UID:"))
                .expect("a UID")
                .trim()
                .to_owned()
        })
        .collect();
    assert_eq!(uids.len(), 3, "distinct UIDs: {uids:?}");
    let text = message.body_text(0).expect("text").into_owned();
    let html = message.body_html(0).expect("html").into_owned();
    for (n, plan) in drafts.iter().enumerate() {
        let name = format!("Round {} lunch", n + 1);
        assert!(text.contains(&name) && html.contains(&name), "{text}");
        assert!(text.contains(&format!("Where: Hall {}", n + 1)), "{text}");
        for mate in tablemates(plan, ada) {
            assert!(text.contains(&format!("* {mate}")), "{mate} in {text}");
        }
    }
    assert_eq!(
        text.matches("Something to start with").count(),
        3,
        "each table's conversation starter: {text}"
    );
}

api_test!(the_console_publishes_the_whole_series_from_a_meetup_page);
async fn the_console_publishes_the_whole_series_from_a_meetup_page(app: TestApp) {
    let (token, _, drafts) = seated_series(&app).await;
    let session = sign_in(&app, &token).await;
    let path = format!(
        "/organizer/c/conf/meetups/{}",
        drafts[1]["meetup_id"].as_str().expect("meetup id")
    );
    let page = text(get(&app, &path, Some(&session)).await, StatusCode::OK).await;
    assert!(page.contains("Publish the whole series"), "{page}");
    for n in 1..=3 {
        assert!(page.contains(&format!("Round {n} lunch")), "{page}");
    }
    let csrf = csrf_of(&page);
    let meetup_id = drafts[1]["meetup_id"].as_str().expect("id");
    let plans: Vec<String> = drafts
        .iter()
        .map(|d| format!("{}:{}", d["id"].as_str().expect("id"), d["version"]))
        .collect();
    let mut form = vec![("csrf", csrf.clone()), ("meetup", meetup_id.to_owned())];
    form.extend(plans.iter().map(|p| ("plan", p.clone())));

    let send = |form: Vec<(&'static str, String)>| {
        let (app, session) = (&app, session.clone());
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(
                app,
                "/organizer/c/conf/plans/publish",
                Some(&session),
                &pairs,
            )
            .await
        }
    };
    let forged: Vec<(&str, String)> = form.iter().skip(1).cloned().collect();
    let res = send(forged).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("plans", "status = 'published'").await, 0);

    let res = send(form.clone()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), path);
    assert_eq!(app.count("plans", "status = 'published'").await, 3);
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        PEOPLE as i64
    );
    let page = text(get(&app, &path, Some(&session)).await, StatusCode::OK).await;
    assert!(!page.contains("Publish the whole series"), "{page}");

    // Sent again (a second tab): the meetup's page says why nothing happened.
    let res = send(form.clone()).await;
    let page = text(res, StatusCode::CONFLICT).await;
    assert!(page.contains("That did not work"), "{page}");
    assert!(page.contains("only a draft can be published"), "{page}");
}
