//! The console's setup pages as a browser uses them: a conference created and edited, a meetup
//! created and edited in the conference's local time, a series created in one go (or not at
//! all), refused forms shown with their errors and values, CSRF and sessions enforced; and a
//! published meetup cancelled, from the API and from the console, with its emails.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tablemates::mailer::Templates;
use tablemates::mailer::ics::Method;
use tablemates::workflows::LinkSettings;

use crate::helpers::{TestApp, body};
use crate::organizer_console::{csrf_of, get, location, post, session_cookie, text};
use crate::plans::{meetup, seat_and_publish};

pub(crate) async fn sign_in(app: &TestApp, token: &str) -> String {
    let res = post(app, "/organizer/sign-in/token", None, &[("token", token)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    session_cookie(&res)
}

/// The CSRF token of the page at `path`.
pub(crate) async fn csrf(app: &TestApp, path: &str, session: &str) -> String {
    csrf_of(&text(get(app, path, Some(session)).await, StatusCode::OK).await)
}

async fn api(app: &TestApp, path: &str, token: &str) -> Value {
    body(app.get(path, Some(token)).await, StatusCode::OK).await
}

pub(crate) fn conference_form<'a>(csrf: &'a str, slug: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("name", "Rust Days"),
        ("slug", slug),
        ("time_zone", "Europe/Berlin"),
        ("starts_on", "2027-05-10"),
        ("ends_on", "2027-05-12"),
        ("venue", "Kulturbrauerei"),
        ("description", "Three days of Rust."),
        ("suggested_interests", "compilers, Embedded"),
        ("table_min", "3"),
        ("table_max", "6"),
        ("registration_open", "yes"),
    ]
}

api_test!(an_organizer_creates_and_edits_a_conference_in_the_console);
async fn an_organizer_creates_and_edits_a_conference_in_the_console(app: TestApp) {
    let token = app.organizer("olga@organizers.test").await;
    let session = sign_in(&app, &token).await;
    let home = text(
        get(&app, "/organizer", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        home.contains("href=\"/organizer/conferences/new\""),
        "{home}"
    );
    let csrf = csrf(&app, "/organizer/conferences/new", &session).await;

    let res = post(
        &app,
        "/organizer/conferences/new",
        Some(&session),
        &conference_form(&csrf, "rustdays"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/organizer/c/rustdays");
    let stored = api(&app, "/api/v1/conferences/rustdays", &token).await;
    assert_eq!(stored["name"], "Rust Days");
    assert_eq!(stored["time_zone"], "Europe/Berlin");
    assert_eq!(stored["starts_on"], "2027-05-10");
    assert_eq!(stored["registration_open"], true);
    assert_eq!(
        stored["suggested_interests"],
        json!(["compilers", "embedded"])
    );
    assert_eq!(stored["table_size"], json!({"min": 3, "max": 6}));

    let edit = text(
        get(&app, "/organizer/c/rustdays/edit", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(edit.contains("value=\"Kulturbrauerei\""), "{edit}");
    assert!(edit.contains("value=\"2027-05-12\""), "{edit}");
    let mut changed = conference_form(&csrf, "ignored");
    changed[1] = ("name", "Rust Days 2027");
    changed[6] = ("venue", "Alte Münze");
    let res = post(&app, "/organizer/c/rustdays/edit", Some(&session), &changed).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/organizer/c/rustdays");
    let stored = api(&app, "/api/v1/conferences/rustdays", &token).await;
    assert_eq!(stored["name"], "Rust Days 2027");
    assert_eq!(stored["venue"], "Alte Münze");
    assert_eq!(stored["slug"], "rustdays", "the address does not change");
}

api_test!(a_refused_conference_form_comes_back_with_its_errors_and_values);
async fn a_refused_conference_form_comes_back_with_its_errors_and_values(app: TestApp) {
    let token = app.conference("taken").await;
    let session = sign_in(&app, &token).await;
    let csrf = csrf(&app, "/organizer/conferences/new", &session).await;
    let mut form = conference_form(&csrf, "Not A Slug!");
    form[3] = ("time_zone", "Mars/Olympus");
    form[4] = ("starts_on", "10 May");
    form[9] = ("table_min", "three");
    let page = text(
        post(&app, "/organizer/conferences/new", Some(&session), &form).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("Please check these fields"), "{page}");
    for (target, label) in [
        ("f-slug", "Address:"),
        ("f-time_zone", "Time zone: must be an IANA time zone"),
        ("f-starts_on", "First day: must be a date"),
        (
            "f-table_min",
            "Fewest people at a table: must be a whole number",
        ),
    ] {
        assert!(
            page.contains(&format!("<a href=\"#{target}\">{label}")),
            "{target} in {page}"
        );
    }
    assert!(
        !page.contains("must not be before starts_on"),
        "an unreadable date is not compared: {page}"
    );
    assert!(page.contains("value=\"Mars&#x2f;Olympus\""), "{page}");
    assert!(page.contains("value=\"10 May\""), "{page}");
    assert!(page.contains("aria-invalid=\"true\""), "{page}");

    let page = text(
        post(
            &app,
            "/organizer/conferences/new",
            Some(&session),
            &conference_form(&csrf, "taken"),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(page.contains("is taken"), "{page}");
    assert!(page.contains("value=\"Kulturbrauerei\""), "{page}");
    assert_eq!(app.count("conferences", "1 = 1").await, 1);
}

api_test!(setup_forms_need_a_session_and_its_csrf_token);
async fn setup_forms_need_a_session_and_its_csrf_token(app: TestApp) {
    let token = app.conference("conf").await;
    let lunch = meetup(&app, &token, lunch_json("2027-06-02T11:30:00Z")).await;
    let id = lunch["id"].as_str().expect("id");
    let pages = [
        "/organizer/conferences/new".to_owned(),
        "/organizer/c/conf/edit".to_owned(),
        "/organizer/c/conf/new-meetup".to_owned(),
        "/organizer/c/conf/new-series".to_owned(),
        format!("/organizer/c/conf/meetups/{id}/edit"),
        format!("/organizer/c/conf/meetups/{id}/cancel"),
    ];
    for path in &pages {
        let res = get(&app, path, None).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&res), "/organizer/sign-in", "{path}");
        let res = post(&app, path, None, &[("csrf", "x"), ("name", "Nope")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&res), "/organizer/sign-in", "{path}");
    }
    let session = sign_in(&app, &token).await;
    for path in &pages {
        text(get(&app, path, Some(&session)).await, StatusCode::OK).await;
        let mut form = conference_form("not-the-token", "other");
        form.extend([("table_count", "2"), ("rounds", "2"), ("days_apart", "1")]);
        let res = post(&app, path, Some(&session), &form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(app.count("conferences", "1 = 1").await, 1);
    assert_eq!(app.count("meetups", "1 = 1").await, 1);
    assert_eq!(app.count("meetups", "cancelled_at IS NULL").await, 1);
    let stored = api(&app, "/api/v1/conferences/conf", &token).await;
    assert_eq!(stored["name"], "Test Conference");
}

fn lunch_json(starts_at: &str) -> Value {
    let starts: chrono::DateTime<chrono::Utc> = starts_at.parse().expect("time");
    json!({
        "name": "Lunch",
        "starts_at": starts_at,
        "ends_at": (starts + chrono::TimeDelta::hours(1)).to_rfc3339(),
        "location": "Hall B",
        "table_count": 2,
        "table_min": 3,
        "table_max": 5,
    })
}

fn meetup_form<'a>(csrf: &'a str, starts: &'a str, ends: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("name", "Tuesday lunch"),
        ("series", ""),
        ("starts_at", starts),
        ("ends_at", ends),
        ("location", "Hall B"),
        ("table_count", "3"),
        ("table_min", "2"),
        ("table_max", "4"),
    ]
}

api_test!(an_organizer_creates_and_edits_a_meetup_in_the_conferences_local_time);
async fn an_organizer_creates_and_edits_a_meetup_in_the_conferences_local_time(app: TestApp) {
    // Test Conference is in Europe/Lisbon: an hour ahead of UTC in June.
    let token = app.conference("conf").await;
    let session = sign_in(&app, &token).await;
    let console = text(
        get(&app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        console.contains("href=\"/organizer/c/conf/new-meetup\""),
        "{console}"
    );
    let csrf = csrf(&app, "/organizer/c/conf/new-meetup", &session).await;
    let res = post(
        &app,
        "/organizer/c/conf/new-meetup",
        Some(&session),
        &meetup_form(&csrf, "2026-06-02T12:30", "2026-06-02T13:30"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page_path = location(&res).to_owned();
    let id = page_path.rsplit('/').next().expect("id").to_owned();
    assert_eq!(page_path, format!("/organizer/c/conf/meetups/{id}"));
    let stored = api(
        &app,
        &format!("/api/v1/conferences/conf/meetups/{id}"),
        &token,
    )
    .await;
    assert_eq!(stored["starts_at"], "2026-06-02T11:30:00Z");
    assert_eq!(stored["ends_at"], "2026-06-02T12:30:00Z");
    assert_eq!(stored["tables"].as_array().map(Vec::len), Some(3));
    assert_eq!(stored["tables"][0]["max"], 4);
    assert_eq!(stored["series"], Value::Null);

    let edit_path = format!("/organizer/c/conf/meetups/{id}/edit");
    let edit = text(get(&app, &edit_path, Some(&session)).await, StatusCode::OK).await;
    assert!(edit.contains("value=\"2026-06-02T12:30\""), "{edit}");
    let mut form = meetup_form(&csrf, "2026-06-02T13:00", "2026-06-02T14:00");
    form[5] = ("location", "Hall C");
    let res = post(&app, &edit_path, Some(&session), &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), page_path);
    let stored = api(
        &app,
        &format!("/api/v1/conferences/conf/meetups/{id}"),
        &token,
    )
    .await;
    assert_eq!(stored["starts_at"], "2026-06-02T12:00:00Z");
    assert_eq!(stored["location"], "Hall C");
    assert_eq!(stored["tables"].as_array().map(Vec::len), Some(3));

    // Ends before it starts, and a time the clocks skip (Lisbon, 29 March 2026, 01:00–02:00).
    let page = text(
        post(
            &app,
            &edit_path,
            Some(&session),
            &meetup_form(&csrf, "2026-03-29T01:30", "2026-03-28T12:00"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("Starts: does not exist in Europe"), "{page}");
    assert!(page.contains("value=\"2026-03-29T01:30\""), "{page}");
    let page = text(
        post(
            &app,
            &edit_path,
            Some(&session),
            &meetup_form(&csrf, "2026-06-02T13:00", "2026-06-02T12:00"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("Ends: must be after starts_at"), "{page}");
    let stored = api(
        &app,
        &format!("/api/v1/conferences/conf/meetups/{id}"),
        &token,
    )
    .await;
    assert_eq!(
        stored["starts_at"], "2026-06-02T12:00:00Z",
        "nothing changed"
    );
}

api_test!(tables_under_a_published_plan_cannot_change_and_the_form_says_so);
async fn tables_under_a_published_plan_cannot_change_and_the_form_says_so(app: TestApp) {
    let token = app.conference("conf").await;
    crate::plans::attendees(&app, &token, 6, "Guest").await;
    let lunch = meetup(&app, &token, lunch_json("2026-06-02T11:30:00Z")).await;
    let id = lunch["id"].as_str().expect("id");
    seat_and_publish(&app, &token, id).await;
    let session = sign_in(&app, &token).await;
    let edit_path = format!("/organizer/c/conf/meetups/{id}/edit");
    let csrf = csrf(&app, &edit_path, &session).await;
    let mut form = meetup_form(&csrf, "2026-06-02T12:30", "2026-06-02T13:30");
    form[6] = ("table_count", "4");
    form[7] = ("table_min", "3");
    form[8] = ("table_max", "5");
    let page = text(
        post(&app, &edit_path, Some(&session), &form).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        page.contains("Number of tables: this meetup has a published plan"),
        "{page}"
    );
    assert!(page.contains("value=\"4\""), "{page}");
    let stored = api(
        &app,
        &format!("/api/v1/conferences/conf/meetups/{id}"),
        &token,
    )
    .await;
    assert_eq!(stored["tables"].as_array().map(Vec::len), Some(2));
}

fn series_form<'a>(csrf: &'a str, rounds: &'a str, table_max: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("name", "Lunch"),
        ("series", ""),
        ("starts_at", "2026-06-01T12:30"),
        ("ends_at", "2026-06-01T13:30"),
        ("rounds", rounds),
        ("days_apart", "1"),
        ("location", "Hall B"),
        ("opt_in_only", "yes"),
        ("table_count", "2"),
        ("table_min", "3"),
        ("table_max", table_max),
    ]
}

api_test!(a_series_form_creates_every_round_or_none);
async fn a_series_form_creates_every_round_or_none(app: TestApp) {
    let token = app.conference("conf").await;
    let session = sign_in(&app, &token).await;
    let csrf = csrf(&app, "/organizer/c/conf/new-series", &session).await;

    let page = text(
        post(
            &app,
            "/organizer/c/conf/new-series",
            Some(&session),
            &series_form(&csrf, "3", "2"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        page.contains("Fewest people at a table: the minimum table size must not be larger"),
        "{page}"
    );
    let page = text(
        post(
            &app,
            "/organizer/c/conf/new-series",
            Some(&session),
            &series_form(&csrf, "1", "5"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("Rounds: must be 2 to 30"), "{page}");
    assert_eq!(app.count("meetups", "1 = 1").await, 0, "nothing half-made");

    let res = post(
        &app,
        "/organizer/c/conf/new-series",
        Some(&session),
        &series_form(&csrf, "3", "5"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/organizer/c/conf");
    let list = api(&app, "/api/v1/conferences/conf/meetups", &token).await;
    let items = list["items"].as_array().expect("items");
    let summary: Vec<(String, String, String)> = items
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap_or_default().to_owned(),
                m["series"].as_str().unwrap_or_default().to_owned(),
                m["starts_at"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Lunch, round 1", "Lunch", "2026-06-01T11:30:00Z"),
            ("Lunch, round 2", "Lunch", "2026-06-02T11:30:00Z"),
            ("Lunch, round 3", "Lunch", "2026-06-03T11:30:00Z"),
        ]
        .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    assert!(items.iter().all(|m| m["opt_in_only"] == true));
    assert!(
        items
            .iter()
            .all(|m| m["tables"].as_array().map(Vec::len) == Some(2))
    );
}

/// `n` confirmed attendees who agreed to reminders; their emails.
async fn guests(app: &TestApp, token: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..n {
        let email = format!("guest{i}@example.org");
        body(
            app.post(
                "/api/v1/conferences/conf/attendees",
                Some(token),
                &json!({
                    "name": format!("Guest {i}"),
                    "email": email,
                    "interests": ["rust"],
                    "consents": {"privacy": true, "emails": true},
                }),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        out.push(email);
    }
    out
}

/// A published lunch in 2027 for six guests, one of whom unsubscribed: the organizer's token,
/// the lunch's id and the guests' emails.
async fn published_lunch(app: &TestApp) -> (String, String, Vec<String>) {
    let token = app.conference("conf").await;
    let emails = guests(app, &token, 6).await;
    let lunch = meetup(app, &token, lunch_json("2027-06-02T11:30:00Z")).await;
    let id = lunch["id"].as_str().expect("id").to_owned();
    seat_and_publish(app, &token, &id).await;
    let me = body(
        app.get("/api/v1/me", Some(&app.link_token(&emails[5]).await))
            .await,
        StatusCode::OK,
    )
    .await;
    let links = LinkSettings {
        base_url: app.address.parse().expect("base URL"),
        access_token_days: 180,
    };
    let url = tablemates::workflows::unsubscribe::url_for(
        &app.db.read,
        me["id"].as_str().expect("id").parse().expect("uuid"),
        &links,
    )
    .await
    .expect("unsubscribe URL");
    let res = app
        .client
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("request");
    assert!(res.status().is_success(), "{}", res.status());
    (token, id, emails)
}

/// The payloads of the cancellation emails queued.
async fn cancellation_payloads(app: &TestApp) -> Vec<Value> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use tablemates::entities::outbox_email;
    outbox_email::Entity::find()
        .filter(outbox_email::Column::Kind.eq("meetup_cancelled"))
        .all(&app.db.read)
        .await
        .expect("outbox")
        .into_iter()
        .map(|row| serde_json::from_str(&row.payload).expect("JSON"))
        .collect()
}

api_test!(cancelling_a_published_meetup_tells_everyone_seated_and_stops_it);
async fn cancelling_a_published_meetup_tells_everyone_seated_and_stops_it(app: TestApp) {
    let (token, id, emails) = published_lunch(&app).await;
    let reminders = "kind = 'meetup_reminder' AND status = 'pending'";
    assert!(
        app.count("outbox_emails", reminders).await > 0,
        "reminders queued"
    );
    let path = format!("/api/v1/conferences/conf/meetups/{id}/cancel");

    let cancelled = body(
        app.post(&path, Some(&token), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert!(cancelled["cancelled_at"].is_string(), "{cancelled}");
    let payloads = cancellation_payloads(&app).await;
    assert_eq!(
        payloads.len(),
        5,
        "one per seated person but the unsubscribed"
    );
    assert!(
        payloads.iter().all(|p| !p["attendee_name"]
            .as_str()
            .unwrap_or_default()
            .ends_with('5')),
        "{payloads:?}"
    );
    let templates = Templates::built_in().expect("templates");
    for payload in &payloads {
        assert_eq!(payload["meetup_cancelled"], true);
        // The mailer adds the links as it sends.
        let mut payload = payload.clone();
        payload["manage_url"] = json!("http://127.0.0.1/manage?token=t");
        payload["unsubscribe_url"] = json!("http://127.0.0.1/unsubscribe/t");
        let rendered = templates
            .render(
                tablemates::domain::records::EmailKind::MeetupCancelled,
                &payload,
                tablemates::domain::Language::En,
            )
            .expect("renders");
        assert!(
            rendered.subject.starts_with("Cancelled: Lunch"),
            "{}",
            rendered.subject
        );
        assert!(
            rendered.text.contains("the organizers cancelled Lunch"),
            "{}",
            rendered.text
        );
        assert_eq!(rendered.calendar.map(|c| c.method), Some(Method::Cancel));
    }
    assert_eq!(
        app.count("outbox_emails", reminders).await,
        0,
        "reminders cancelled"
    );

    // Again: the same answer, nobody mailed twice.
    let again = body(
        app.post(&path, Some(&token), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["cancelled_at"], cancelled["cancelled_at"]);
    assert_eq!(cancellation_payloads(&app).await.len(), 5);

    // It can no longer be run, nor joined; attendees no longer see it.
    let res = app
        .post(
            "/api/v1/conferences/conf/plan-runs",
            Some(&token),
            &json!({"meetup_ids": [id]}),
        )
        .await;
    let problem = body(res, StatusCode::CONFLICT).await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("was cancelled"),
        "{problem}"
    );
    let guest = app.link_token(&emails[0]).await;
    let mine = body(
        app.get("/api/v1/me/meetups", Some(&guest)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["items"], json!([]));
    let tables = body(
        app.get("/api/v1/me/tables", Some(&guest)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(tables["items"], json!([]), "{tables}");
    let res = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/me/meetups/{id}"),
            Some(&guest),
            &json!({"attending": false}),
        )
        .await;
    body(res, StatusCode::CONFLICT).await;
}

api_test!(an_organizer_cancels_a_meetup_from_its_console_page_after_confirming);
async fn an_organizer_cancels_a_meetup_from_its_console_page_after_confirming(app: TestApp) {
    let (token, id, _) = published_lunch(&app).await;
    let session = sign_in(&app, &token).await;
    let page_path = format!("/organizer/c/conf/meetups/{id}");
    let cancel_path = format!("{page_path}/cancel");
    let page = text(get(&app, &page_path, Some(&session)).await, StatusCode::OK).await;
    assert!(page.contains(&format!("href=\"{cancel_path}\"")), "{page}");
    let confirm = text(
        get(&app, &cancel_path, Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(confirm.contains("Cancel Lunch?"), "{confirm}");
    assert!(confirm.contains("seats 6 people"), "{confirm}");
    assert_eq!(
        app.count("meetups", "cancelled_at IS NOT NULL").await,
        0,
        "asking changes nothing"
    );

    let res = post(
        &app,
        &cancel_path,
        Some(&session),
        &[("csrf", &csrf_of(&confirm))],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), page_path);
    assert_eq!(cancellation_payloads(&app).await.len(), 5);
    let page = text(get(&app, &page_path, Some(&session)).await, StatusCode::OK).await;
    assert!(page.contains("This meetup was cancelled"), "{page}");
    assert!(!page.contains("Run the matcher</button>"), "{page}");
    let console = text(
        get(&app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        console.contains("<span class=\"badge\">cancelled</span>"),
        "{console}"
    );
    // The run form of a page opened earlier is refused with the reason.
    let res = post(
        &app,
        &format!("{page_path}/run"),
        Some(&session),
        &[("csrf", &csrf_of(&confirm))],
    )
    .await;
    let refused = text(res, StatusCode::CONFLICT).await;
    assert!(refused.contains("was cancelled"), "{refused}");
}

api_test!(
    table_emails_not_sent_yet_are_withdrawn_when_the_meetup_is_cancelled,
    backend
);
async fn table_emails_not_sent_yet_are_withdrawn_when_the_meetup_is_cancelled(
    backend: &crate::helpers::TestBackend,
) {
    // Nothing listens on the discard port: every email stays queued, to be retried.
    let app = backend
        .spawn_with(&[("TABLEMATES_SMTP_URL", "smtp://127.0.0.1:9")])
        .await;
    let (token, id, _) = published_lunch(&app).await;
    let held = "kind = 'table_introduction' AND status = 'pending'";
    assert_eq!(
        app.count("outbox_emails", held).await,
        5,
        "introductions held back (unsubscribing withdrew the sixth)"
    );
    body(
        app.post(
            &format!("/api/v1/conferences/conf/meetups/{id}/cancel"),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(app.count("outbox_emails", held).await, 0);
    assert_eq!(
        app.count(
            "outbox_emails",
            "kind = 'table_introduction' AND status = 'cancelled' \
             AND last_error = 'not sent: the meetup was cancelled'"
        )
        .await,
        5
    );
    assert_eq!(cancellation_payloads(&app).await.len(), 5);
}
