//! Calendar invitations as a calendar reads them: local times in the conference's zone with
//! its VTIMEZONE, and a SEQUENCE that grows by one with each update of the same event, however
//! quickly the updates follow each other.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use icalendar::{Calendar, CalendarComponent, Component};
use mail_parser::{MessageParser, MimeHeaders};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, TestBackend, body};
use crate::mail::{Received, SmtpSink};
use crate::plans::{attendees, meetup, seat_and_publish};

/// One invitation as a calendar program reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Read {
    method: String,
    sequence: u32,
    wall_start: String,
    starts_at: DateTime<Utc>,
}

/// The invitations in `message`, read with the `icalendar` crate's parser; the start instant
/// is resolved through the file's own VTIMEZONE (the latest observance begun by then), not
/// through this machine's tz data.
fn invitations(message: &Received) -> Vec<Read> {
    calendar_texts(message).iter().map(|t| read(t)).collect()
}

/// The raw calendar parts of `message`.
fn calendar_texts(message: &Received) -> Vec<String> {
    let parsed = MessageParser::default()
        .parse(&message.data)
        .expect("a message");
    parsed
        .parts
        .iter()
        .filter(|p| {
            p.content_type()
                .is_some_and(|c| c.subtype() == Some("calendar"))
        })
        .map(|p| p.text_contents().expect("calendar text").to_owned())
        .collect()
}

/// The same invitations read by Python's `icalendar` package through `.ci/ics_check.py`,
/// when TABLEMATES_TEST_ICS_CHECK names the Python that has it (CI installs it; see
/// `.ci/ics-check.sh`); `None` without it.
fn read_by_python(texts: &[String]) -> Option<Vec<Read>> {
    let python = std::env::var("TABLEMATES_TEST_ICS_CHECK").ok()?;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files: Vec<std::path::PathBuf> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.path().join(format!("{i}.ics"));
            std::fs::write(&path, text).expect("write the file");
            path
        })
        .collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/ics_check.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .args(&files)
        .output()
        .expect("run the Python check");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = String::from_utf8(out.stdout).expect("UTF-8");
    Some(
        lines
            .lines()
            .map(|line| {
                let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
                Read {
                    method: v["method"].as_str().expect("method").to_owned(),
                    sequence: u32::try_from(v["sequence"].as_u64().expect("sequence"))
                        .expect("small"),
                    wall_start: format!(
                        "{} {}",
                        v["tzid"].as_str().expect("tzid"),
                        v["wall"].as_str().expect("wall")
                    ),
                    starts_at: v["utc"].as_str().expect("utc").parse().expect("a time"),
                }
            })
            .collect(),
    )
}

/// What khal, a terminal calendar (PyPI), lists between 28 March and 2 April 2036 after
/// importing `texts`, with its local zone set to `zone`: "date start–end" per event. `None`
/// unless TABLEMATES_TEST_KHAL names the khal program (`.ci/ics-check.sh` installs it).
fn listed_by_khal(texts: &[&String], zone: &str) -> Option<Vec<String>> {
    let khal = std::env::var("TABLEMATES_TEST_KHAL").ok()?;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let calendar = dir.path().join("cal");
    std::fs::create_dir(&calendar).expect("the calendar folder");
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[calendars]\n[[cal]]\npath = {}\ntype = calendar\n\n[locale]\ntimeformat = %H:%M\n\
             dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n\
             longdatetimeformat = %Y-%m-%d %H:%M\nlocal_timezone = {zone}\ndefault_timezone = {zone}\n\n\
             [sqlite]\npath = {}\n",
            calendar.display(),
            dir.path().join("khal.db").display()
        ),
    )
    .expect("the configuration");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(&khal)
            .arg("-c")
            .arg(&config)
            .args(args)
            .output()
            .expect("run khal");
        assert!(out.status.success(), "khal {args:?}: {out:?}");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    for (i, text) in texts.iter().enumerate() {
        let file = dir.path().join(format!("{i}.ics"));
        std::fs::write(&file, text).expect("write the file");
        run(&[
            "import",
            "--batch",
            "-a",
            "cal",
            file.to_str().expect("a UTF-8 path"),
        ]);
    }
    let listed = run(&["list", "--format", "{start}-{end-time}", "2036-03-28", "6d"]);
    Some(
        listed
            .lines()
            .filter(|l| l.starts_with("2036-"))
            .map(str::to_owned)
            .collect(),
    )
}

/// The UID line of a calendar text.
fn first_uid(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "");
    unfolded
        .lines()
        .find(|l| l.starts_with("UID:"))
        .expect("a UID")
        .to_owned()
}

fn read(ics: &str) -> Read {
    let calendar: Calendar = ics.parse().unwrap_or_else(|e| panic!("{e}\n{ics}"));
    let event = calendar.events().next().expect("an event");
    let start = event.properties().get("DTSTART").expect("DTSTART");
    let tzid = start.params().get("TZID").expect("a TZID").value();
    let local =
        NaiveDateTime::parse_from_str(start.value(), "%Y%m%dT%H%M%S").expect("a local time");
    let zone = calendar
        .iter()
        .find_map(|c| match c {
            CalendarComponent::Other(o) if o.component_kind() == "VTIMEZONE" => Some(o),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a VTIMEZONE: {ics}"));
    assert_eq!(zone.property_value("TZID"), Some(tzid), "{ics}");
    let (_, offset) = zone
        .components()
        .iter()
        .filter_map(|o| {
            let begun =
                NaiveDateTime::parse_from_str(o.property_value("DTSTART")?, "%Y%m%dT%H%M%S")
                    .ok()?;
            let to = o.property_value("TZOFFSETTO")?;
            let sign = if to.starts_with('-') { -1 } else { 1 };
            let minutes = to[1..3].parse::<i64>().ok()? * 60 + to[3..5].parse::<i64>().ok()?;
            (begun <= local).then_some((begun, sign * minutes))
        })
        .max()
        .unwrap_or_else(|| panic!("an observance in force: {ics}"));
    Read {
        method: calendar
            .property_value("METHOD")
            .unwrap_or_default()
            .to_owned(),
        sequence: event.get_sequence().expect("a SEQUENCE"),
        wall_start: format!("{tzid} {}", local.format("%Y-%m-%d %H:%M")),
        starts_at: (local - chrono::Duration::minutes(offset)).and_utc(),
    }
}

/// A conference of six attendees and an hour's lunch at two tables of three from `starts_at`,
/// seated and published: the organizer's token and the meetup's id.
async fn published_lunch(app: &TestApp, starts_at: &str) -> (String, String) {
    let token = app.conference("conf").await;
    attendees(app, &token, 6, "cal").await;
    let starts: DateTime<Utc> = starts_at.parse().expect("a time");
    let lunch = meetup(
        app,
        &token,
        json!({"name": "Lunch", "starts_at": starts_at,
               "ends_at": (starts + chrono::Duration::hours(1)).to_rfc3339(),
               "location": "Hall B", "table_count": 2, "table_min": 3, "table_max": 3}),
    )
    .await;
    let meetup_id = lunch["id"].as_str().expect("meetup id").to_owned();
    seat_and_publish(app, &token, &meetup_id).await;
    (token, meetup_id)
}

api_test!(
    updates_in_one_second_get_consecutive_sequences_at_the_same_local_hour_across_a_clock_change,
    backend
);
async fn updates_in_one_second_get_consecutive_sequences_at_the_same_local_hour_across_a_clock_change(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    let smtp = sink.url();
    let app = backend
        .spawn_with(&[
            ("TABLEMATES_SMTP_URL", smtp.as_str()),
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
        ])
        .await;
    // Lisbon is UTC+0 until 01:00 UTC on 30 March 2036 and UTC+1 after: 11:30 local is
    // 11:30 UTC on the 29th and 10:30 UTC on the 31st.
    let (token, meetup_id) = published_lunch(&app, "2036-03-29T11:30:00Z").await;
    // Sent before the move: a queued email would be rewritten to show the meetup as moved.
    sink.wait_for(6).await;
    let path = format!("/api/v1/conferences/conf/meetups/{meetup_id}");
    // Two updates straight after each other (usually within one second).
    for change in [
        json!({"starts_at": "2036-03-31T10:30:00Z", "ends_at": "2036-03-31T11:30:00Z"}),
        json!({"location": "Garden"}),
    ] {
        body(
            app.patch(&path, Some(&token), &change).await,
            StatusCode::OK,
        )
        .await;
    }
    let messages = sink.wait_for(18).await;
    let mut by_person: BTreeMap<String, Vec<Read>> = BTreeMap::new();
    let mut texts = Vec::new();
    for message in &messages {
        texts.extend(calendar_texts(message));
        for invite in invitations(message) {
            by_person
                .entry(message.recipients.join(","))
                .or_default()
                .push(invite);
        }
    }
    if let Some(python) = read_by_python(&texts) {
        let ours: Vec<Read> = texts.iter().map(|t| read(t)).collect();
        assert_eq!(python, ours, "Python's icalendar reads the files as we do");
    }
    // One person's first invitation (before the clock change) and another's last (after).
    let first = texts
        .iter()
        .find(|t| read(t).starts_at.to_rfc3339().starts_with("2036-03-29"))
        .expect("an invitation before the move");
    let last = texts
        .iter()
        .filter(|t| !t.contains(&first_uid(first)))
        .max_by_key(|t| read(t).sequence)
        .expect("another person's last invitation");
    if let Some(shown) = listed_by_khal(&[first, last], "Europe/Lisbon") {
        assert_eq!(shown, ["2036-03-29 11:30-12:30", "2036-03-31 11:30-12:30"]);
        // New York is on summer time from 9 March: UTC-4 both days.
        let shown = listed_by_khal(&[first, last], "America/New_York").expect("khal");
        assert_eq!(shown, ["2036-03-29 07:30-08:30", "2036-03-31 06:30-07:30"]);
    }
    assert_eq!(by_person.len(), 6, "{by_person:?}");
    for (who, mut invites) in by_person {
        invites.sort_by_key(|i| i.sequence);
        let sequences: Vec<u32> = invites.iter().map(|i| i.sequence).collect();
        let first = sequences[0];
        assert_eq!(
            sequences,
            [first, first + 1, first + 2],
            "{who}: {invites:?}"
        );
        assert!(invites.iter().all(|i| i.method == "REQUEST"), "{invites:?}");
        let starts: Vec<(&str, DateTime<Utc>)> = invites
            .iter()
            .map(|i| (i.wall_start.as_str(), i.starts_at))
            .collect();
        let utc = |s: &str| s.parse::<DateTime<Utc>>().expect("time");
        assert_eq!(
            starts,
            [
                (
                    "Europe/Lisbon 2036-03-29 11:30",
                    utc("2036-03-29T11:30:00Z")
                ),
                (
                    "Europe/Lisbon 2036-03-31 11:30",
                    utc("2036-03-31T10:30:00Z")
                ),
                (
                    "Europe/Lisbon 2036-03-31 11:30",
                    utc("2036-03-31T10:30:00Z")
                ),
            ],
            "{who}"
        );
    }
}

/// The SEQUENCE of the last invitation of every attendee's event, as stored (what was sent
/// may already have forgotten its payload).
async fn counters(app: &TestApp) -> Vec<i64> {
    use sea_orm::EntityTrait;
    tablemates::entities::calendar_sequence::Entity::find()
        .all(&app.db.read)
        .await
        .expect("the counters")
        .into_iter()
        .map(|r| r.sequence)
        .collect()
}

/// Puts the schema back to before the counter (running `more` statements too), migrates,
/// and moves the meetup to the garden, which sends everyone seated an updated invitation.
async fn upgrade_then_move(app: &TestApp, token: &str, meetup_id: &str, more: &[&str]) {
    use migrations::{Migrator, MigratorTrait};
    use sea_orm::ConnectionTrait;

    let sql = |s: &str| sea_orm::Statement::from_string(app.db.backend(), s.to_owned());
    let undo = [
        "DROP TABLE calendar_sequences",
        "DELETE FROM seaql_migrations WHERE version = 'm20261205_000014_calendar_sequences'",
    ];
    for statement in undo.iter().chain(more) {
        app.db
            .write
            .execute_raw(sql(statement))
            .await
            .expect("the old schema");
    }
    Migrator::up(&app.db.write, None)
        .await
        .expect("the migration runs");
    let path = format!("/api/v1/conferences/conf/meetups/{meetup_id}");
    body(
        app.patch(&path, Some(token), &json!({"location": "Garden"}))
            .await,
        StatusCode::OK,
    )
    .await;
}

api_test!(after_the_upgrade_an_update_outnumbers_every_clock_numbered_invitation);
/// Invitations sent before the counter were numbered by the clock (seconds since 2026); the
/// first update after the upgrade must carry a higher number, or calendars would ignore it:
/// above the clock now, and above any higher number a queued invitation holds.
async fn after_the_upgrade_an_update_outnumbers_every_clock_numbered_invitation(app: TestApp) {
    use tablemates::domain::records::{EmailKind, NewEmail};

    use crate::helpers::sample_payload;

    let (token, meetup_id) = published_lunch(&app, "2036-06-01T11:30:00Z").await;
    // An invitation queued by the previous release with a number above today's clock (it is
    // due late, so it stays queued and keeps its payload), and the schema before the counter.
    let clock_numbered = 2_000_000_000;
    let mut payload = sample_payload(EmailKind::TableIntroduction);
    for (_, calendar) in payload.calendars_mut() {
        calendar.sequence = clock_numbered;
    }
    let later = "2100-01-01T00:00:00Z".parse().expect("a time");
    tablemates::store::batch::enqueue_emails(
        &app.db.write,
        vec![NewEmail {
            dedupe_key: "table_introduction:old".into(),
            attendee_id: None,
            recipient: "old@example.org".into(),
            payload,
            due_at: Some(later),
        }],
        Utc::now(),
    )
    .await
    .expect("queued");
    upgrade_then_move(&app, &token, &meetup_id, &[]).await;
    let changed = counters(&app).await;
    assert_eq!(changed, [clock_numbered + 1; 6]);
}

api_test!(a_database_that_sent_invitations_starts_its_counters_above_the_clock);
async fn a_database_that_sent_invitations_starts_its_counters_above_the_clock(app: TestApp) {
    let (token, meetup_id) = published_lunch(&app, "2036-06-01T11:30:00Z").await;
    let before = (Utc::now()
        - "2026-01-01T00:00:00Z"
            .parse::<DateTime<Utc>>()
            .expect("epoch"))
    .num_seconds();
    // Sent emails keep no payload: only the clock bounds their numbers.
    upgrade_then_move(
        &app,
        &token,
        &meetup_id,
        &["UPDATE outbox_emails SET payload = '{}'"],
    )
    .await;
    let changed = counters(&app).await;
    assert_eq!(changed.len(), 6);
    assert!(
        changed.iter().all(|n| *n > before),
        "{changed:?} > {before}"
    );
}
