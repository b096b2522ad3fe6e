//! Erasure and retention: a sent email keeps only its delivery status; erasing an attendee
//! leaves none of their data in any row of any table (nor, on SQLite, in the file's free pages).

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use tablemates::workflows::retention::{self, Retention, Swept};

use crate::helpers::{Backend, TestApp, TestBackend, body, registration};
use crate::plans::{attendees, meetup, seat_and_publish};

api_test!(a_sent_email_keeps_only_its_delivery_status);
async fn a_sent_email_keeps_only_its_delivery_status(app: TestApp) {
    let org = app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    app.wait_for_outbox("status = 'sent'", 1).await;

    let row = app
        .db
        .read
        .query_one_raw(Statement::from_string(
            app.db.backend(),
            "SELECT kind, recipient, payload, last_error FROM outbox_emails",
        ))
        .await
        .expect("outbox query")
        .expect("the email");
    let column = |name: &str| row.try_get::<Option<String>>("", name).expect(name);
    assert_eq!(column("kind").as_deref(), Some("registration_confirmation"));
    assert_eq!(
        column("recipient").as_deref(),
        Some(""),
        "the address is gone"
    );
    assert_eq!(
        column("payload").as_deref(),
        Some("{}"),
        "the content is gone"
    );
    assert_eq!(column("last_error"), None);

    // The delivery list still says whom it went to: the attendee's address.
    let page = body(
        app.get("/api/v1/conferences/conf/emails", Some(&org)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["items"][0]["recipient"], "ada@example.org", "{page}");
    assert_eq!(page["items"][0]["status"], "sent", "{page}");
}

/// Everything that is the erased person's, as they typed it.
const ZEB: [&str; 7] = [
    "Zebulon Quaxworth",
    "zebulon.quaxworth@erase.test",
    "Quaxworth Umbrella Works",
    "Restores antique barometers on weekends",
    "zquaxworth",
    "barometer restoration",
    "umbrella engineering",
];

/// The erased person and eight others seated with them; returns the person's id.
async fn seated_with_others(app: &TestApp, token: &str) -> String {
    let [
        name,
        email,
        affiliation,
        bio,
        handle,
        own_interest,
        other_interest,
    ] = ZEB;
    let zeb = body(
        app.post(
            "/api/v1/conferences/conf/attendees",
            Some(token),
            &json!({
                "name": name,
                "email": email,
                "affiliation": affiliation,
                "bio": bio,
                "interests": ["rust", own_interest, other_interest],
                "handles": [{"network": "github", "handle": handle}],
                "wants_to_meet": [{"network": "github", "handle": "p1"}],
                "visibility": {"affiliation": "tablemates", "bio": "tablemates"},
                "consents": {"privacy": true, "emails": true},
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let others = attendees(app, token, 8, "p").await;
    // Someone wants to meet them, by their handle.
    body(
        app.patch(
            &format!("/api/v1/conferences/conf/attendees/{}", others[0]),
            Some(token),
            &json!({"wants_to_meet": [{"network": "github", "handle": handle}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let m = meetup(
        app,
        token,
        json!({
            "name": "Dinner",
            "starts_at": "2037-06-01T18:00:00Z",
            "ends_at": "2037-06-01T20:00:00Z",
            "location": "Hall B",
            "table_count": 2,
            "table_min": 3,
            "table_max": 6,
        }),
    )
    .await;
    seat_and_publish(app, token, m["id"].as_str().expect("meetup id")).await;
    zeb["id"].as_str().expect("id").to_owned()
}

api_test!(
    erasing_an_attendee_leaves_nothing_of_them_in_any_table,
    backend
);
async fn erasing_an_attendee_leaves_nothing_of_them_in_any_table(backend: &TestBackend) {
    // The mailer waits an hour between rounds, so the tablemates' introductions still hold
    // their content when the erasure comes.
    let app = backend
        .spawn_with(&[("TABLEMATES_OUTBOX_POLL_MS", "3600000")])
        .await;
    let token = app.conference("conf").await;
    let id = seated_with_others(&app, &token).await;
    let introductions = "kind = 'table_introduction' AND status = 'pending'";
    assert_eq!(app.count("outbox_emails", introductions).await, 9);
    let before = dump(&app).await;
    assert!(
        ZEB.iter().all(|value| before.contains(value)),
        "the dump sees the person before the erasure"
    );

    erase_self(&app, &id).await;

    let after = dump(&app).await;
    let simple = id.replace('-', "").to_lowercase();
    for value in ZEB.iter().copied().chain([id.as_str(), simple.as_str()]) {
        let found: Vec<&str> = after
            .lines()
            .filter(|line| line.to_lowercase().contains(&value.to_lowercase()))
            .collect();
        assert!(found.is_empty(), "{value:?} is still stored: {found:#?}");
    }
    // The tablemates' introductions were rewritten, not dropped.
    assert_eq!(app.count("outbox_emails", introductions).await, 8);
    let log = body(
        app.get("/api/v1/conferences/conf/erasures", Some(&token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"].as_array().map(Vec::len), Some(1), "{log}");
    let entry = &log["items"][0];
    assert_eq!(
        (&entry["kind"], &entry["actor"]),
        (&json!("attendee"), &json!("attendee"))
    );
    assert!(entry["emails_rewritten"].as_u64() >= Some(2), "{entry}");
    assert!(
        entry["plan_records_anonymised"].as_u64() >= Some(1),
        "{entry}"
    );
    assert!(entry["rows_deleted"].as_u64() >= Some(5), "{entry}");
    if app.backend == Backend::Sqlite {
        let raw = database_files(&app).await;
        let uuid = uuid::Uuid::parse_str(&id).expect("uuid");
        for value in ZEB
            .iter()
            .map(|v| v.as_bytes().to_vec())
            .chain([id.as_bytes().to_vec(), uuid.as_bytes().to_vec()])
        {
            assert!(
                !raw.windows(value.len()).any(|w| w == value.as_slice()),
                "{:?} is still in the database file",
                String::from_utf8_lossy(&value)
            );
        }
    }
}

/// Every value of every column of every table the database catalogue lists, one line per value
/// (`table.column: value`); binary values (ids on MariaDB and SQLite) as hexadecimal.
async fn dump(app: &TestApp) -> String {
    let (tables, columns) = match app.backend {
        Backend::Sqlite => (
            "SELECT name FROM sqlite_master WHERE type = 'table'",
            "SELECT name, type AS kind FROM pragma_table_info(?)",
        ),
        Backend::Postgres => (
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
            "SELECT column_name AS name, data_type AS kind FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = ?",
        ),
        Backend::Mysql => (
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
            "SELECT column_name AS name, data_type AS kind FROM information_schema.columns \
             WHERE table_schema = DATABASE() AND table_name = ?",
        ),
    };
    let rows = async |sql: &str, table: Option<&str>| {
        let sql = match table {
            Some(t) => sql.replace('?', &format!("'{t}'")),
            None => sql.to_owned(),
        };
        app.db
            .read
            .query_all_raw(Statement::from_string(app.db.backend(), sql))
            .await
            .expect("catalogue query")
    };
    let mut out = String::new();
    let tables: Vec<String> = rows(tables, None)
        .await
        .iter()
        .map(|row| row.try_get("", "name").expect("a table name"))
        .collect();
    assert!(
        tables.len() > 20,
        "the catalogue lists the tables: {tables:?}"
    );
    for table in tables {
        for column in rows(columns, Some(&table)).await {
            let name: String = column.try_get("", "name").expect("a column name");
            let kind: String = column.try_get("", "kind").expect("a column type");
            let value = match app.backend {
                Backend::Sqlite => format!(
                    "CASE WHEN typeof(\"{name}\") = 'blob' THEN hex(\"{name}\") \
                     ELSE CAST(\"{name}\" AS TEXT) END"
                ),
                Backend::Postgres => format!("CAST(\"{name}\" AS TEXT)"),
                Backend::Mysql if kind.contains("binary") || kind.contains("blob") => {
                    format!("HEX(`{name}`)")
                }
                Backend::Mysql => format!("CAST(`{name}` AS CHAR)"),
            };
            let from = match app.backend {
                Backend::Mysql => format!("`{table}`"),
                _ => format!("\"{table}\""),
            };
            let values = app
                .db
                .read
                .query_all_raw(Statement::from_string(
                    app.db.backend(),
                    format!("SELECT {value} AS v FROM {from}"),
                ))
                .await
                .unwrap_or_else(|e| panic!("reading {table}.{name}: {e}"));
            for row in values {
                let value: Option<String> = row.try_get("", "v").expect("a value");
                if let Some(value) = value {
                    out.push_str(&format!("{table}.{name}: {value}\n"));
                }
            }
        }
    }
    out
}

/// The bytes of the SQLite database file and of its write-ahead log.
async fn database_files(app: &TestApp) -> Vec<u8> {
    let row = app
        .db
        .read
        .query_one_raw(Statement::from_string(
            app.db.backend(),
            "SELECT file FROM pragma_database_list WHERE name = 'main'",
        ))
        .await
        .expect("database list")
        .expect("the main database");
    let path: String = row.try_get("", "file").expect("file");
    let mut raw = std::fs::read(&path).expect("the database file");
    raw.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    raw
}

api_test!(an_organizer_deletes_a_conference_with_everything_in_it);
async fn an_organizer_deletes_a_conference_with_everything_in_it(app: TestApp) {
    let token = app.conference("conf").await;
    seated_with_others(&app, &token).await;
    let other = app.conference("other").await;
    body(
        app.register("other", &registration("Grace Hopper", "grace@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;

    // Another organizer cannot delete it.
    let res = app
        .send_json(
            reqwest::Method::DELETE,
            "/api/v1/conferences/conf",
            Some(&other),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .send_json(
            reqwest::Method::DELETE,
            "/api/v1/conferences/conf",
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let after = dump(&app).await;
    for value in ZEB.iter().copied().chain(["p0@example.org", "Dinner"]) {
        assert!(!after.contains(value), "{value:?} is still stored");
    }
    for table in [
        "attendees",
        "meetups",
        "plans",
        "plan_tables",
        "jobs",
        "outbox_emails",
    ] {
        let left = app.count(table, "1 = 1").await;
        let expected = i64::from(table == "attendees" || table == "outbox_emails");
        assert_eq!(
            left, expected,
            "{table}: only the other conference's rows stay"
        );
    }
    assert_eq!(app.count("conferences", "slug = 'other'").await, 1);
    assert_eq!(
        app.count("erasures", "kind = 'conference' AND actor = 'organizer'")
            .await,
        1
    );
    // Gone: deleting again, or reading it, is not found.
    let res = app
        .send_json(
            reqwest::Method::DELETE,
            "/api/v1/conferences/conf",
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    body(
        app.get("/api/v1/conferences/conf", Some(&token)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

/// Runs retention as the background task would at `now`.
async fn sweep(app: &TestApp, erase_after_days: u32, now: &str) -> Swept {
    let now = chrono::DateTime::parse_from_rfc3339(now)
        .expect("a time")
        .to_utc();
    let retention = Retention {
        erase_after_days,
        unconfirmed_days: 7,
    };
    retention::run(&app.ctx, retention, now)
        .await
        .expect("retention runs")
}

api_test!(registrations_never_confirmed_expire_after_their_days);
async fn registrations_never_confirmed_expire_after_their_days(app: TestApp) {
    let token = app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    attendees(&app, &token, 1, "confirmed").await;
    let registered = chrono::Utc::now();
    let at = |days: i64| (registered + chrono::Duration::days(days)).to_rfc3339();

    assert_eq!(sweep(&app, 0, &at(6)).await.registrations_expired, 0);
    assert_eq!(app.count("attendees", "1 = 1").await, 2);
    let swept = sweep(&app, 0, &at(8)).await;
    assert_eq!(swept.registrations_expired, 1);
    assert_eq!(app.count("attendees", "email = 'ada@example.org'").await, 0);
    assert_eq!(
        app.count("attendees", "1 = 1").await,
        1,
        "the confirmed one stays"
    );
    assert_eq!(
        app.count(
            "erasures",
            "kind = 'expired_registration' AND actor = 'retention'"
        )
        .await,
        1
    );
    assert_eq!(
        sweep(&app, 0, &at(9)).await,
        Swept::default(),
        "nothing is done twice"
    );
    assert_eq!(app.count("erasures", "1 = 1").await, 1);
}

api_test!(a_conference_s_attendees_are_erased_days_after_it_ends);
async fn a_conference_s_attendees_are_erased_days_after_it_ends(app: TestApp) {
    // The test conference ends on 3 June 2026.
    let token = app.conference("conf").await;
    seated_with_others(&app, &token).await;
    assert_eq!(
        sweep(&app, 30, "2026-07-03T12:00:00Z")
            .await
            .conferences_erased,
        0
    );
    assert_eq!(
        sweep(&app, 0, "2036-01-01T00:00:00Z")
            .await
            .conferences_erased,
        0,
        "0 keeps them"
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 9);

    let swept = sweep(&app, 30, "2026-07-04T12:00:00Z").await;
    assert_eq!(swept.conferences_erased, 1);
    for table in [
        "attendees",
        "plans",
        "plan_seats",
        "jobs",
        "outbox_emails",
        "interests",
    ] {
        assert_eq!(app.count(table, "1 = 1").await, 0, "{table}");
    }
    let after = dump(&app).await;
    for value in ZEB {
        assert!(!after.contains(value), "{value:?} is still stored");
    }
    // The organizer's own data stays: the conference and its meetup.
    assert_eq!(app.count("conferences", "1 = 1").await, 1);
    assert_eq!(app.count("meetups", "1 = 1").await, 1);
    let log = body(
        app.get("/api/v1/conferences/conf/erasures", Some(&token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"][0]["kind"], "conference_ended", "{log}");
    assert_eq!(log["items"][0]["actor"], "retention", "{log}");
}

api_test!(expired_tokens_and_sessions_are_purged);
async fn expired_tokens_and_sessions_are_purged(app: TestApp) {
    app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    // The mailer mints the personal link as it sends the confirmation.
    app.wait_until_sent_to("ada@example.org").await;
    assert_eq!(app.count("attendee_tokens", "1 = 1").await, 1);
    let expired = chrono::Utc::now() + chrono::Duration::days(400);
    let swept = retention::run(
        &app.ctx,
        Retention {
            erase_after_days: 0,
            unconfirmed_days: 0,
        },
        expired,
    )
    .await
    .expect("retention runs");
    assert_eq!(swept.expired_secrets, 1);
    assert_eq!(app.count("attendee_tokens", "1 = 1").await, 0);
    assert_eq!(
        app.count("attendees", "1 = 1").await,
        1,
        "the registration stays"
    );
}

/// Attendee `id` deletes their registration through a fresh personal link (204).
pub(crate) async fn erase_self(app: &TestApp, id: &str) {
    let link = tablemates::workflows::attendees::personal_link(
        &app.ctx,
        id.parse().expect("uuid"),
        chrono::Utc::now(),
        &mut rand::rng(),
    )
    .await
    .expect("a link");
    let link = link.split("token=").nth(1).expect("token").to_owned();
    let res = app
        .send_json(
            reqwest::Method::DELETE,
            "/api/v1/me",
            Some(&link),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}
