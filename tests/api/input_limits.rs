//! Edge input: dates outside the years every backend stores (2000–2037) are a 422 naming the
//! field, on the API and the console; one-line fields refuse line breaks; names lose the
//! invisible characters that disguise them; handles fit their column and addresses hold no
//! invisible characters.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::console_setup::{conference_form, csrf, sign_in};
use crate::helpers::{TestApp, body, error_fields, registration};
use crate::organizer_console::{post, text};

const SLUG: &str = "conf";
const OUT_OF_RANGE: [&str; 5] = [
    "-0001-06-01",
    "0001-06-01",
    "1999-12-31",
    "2038-01-01",
    "9999-12-31",
];

fn conference(starts_on: &str, ends_on: &str) -> Value {
    json!({
        "slug": "dated", "name": "Dated", "time_zone": "Pacific/Kiritimati",
        "starts_on": starts_on, "ends_on": ends_on,
    })
}

fn meetup(starts_at: &str, ends_at: &str) -> Value {
    json!({"name": "Lunch", "starts_at": starts_at, "ends_at": ends_at, "table_count": 2})
}

async fn refused(res: reqwest::Response) -> Vec<String> {
    error_fields(&body(res, StatusCode::UNPROCESSABLE_ENTITY).await)
}

api_test!(dates_outside_2000_to_2037_are_422_naming_the_field_and_the_edges_read_back);
async fn dates_outside_2000_to_2037_are_422_naming_the_field_and_the_edges_read_back(app: TestApp) {
    let token = app.conference(SLUG).await;
    let meetups = format!("/api/v1/conferences/{SLUG}/meetups");
    for day in OUT_OF_RANGE {
        let fields = refused(
            app.post("/api/v1/conferences", Some(&token), &conference(day, day))
                .await,
        )
        .await;
        assert!(
            fields.contains(&"starts_on".to_owned()) && fields.contains(&"ends_on".to_owned()),
            "{day}: {fields:?}"
        );
        let patch = json!({"starts_on": day, "ends_on": day});
        let path = format!("/api/v1/conferences/{SLUG}");
        let fields = refused(app.patch(&path, Some(&token), &patch).await).await;
        assert!(
            fields.contains(&"starts_on".to_owned()),
            "{day}: {fields:?}"
        );
        let body = meetup(&format!("{day}T10:00:00Z"), &format!("{day}T11:00:00Z"));
        let fields = refused(app.post(&meetups, Some(&token), &body).await).await;
        assert!(
            fields.contains(&"starts_at".to_owned()),
            "{day}: {fields:?}"
        );
    }
    let stored = body(
        app.get(&format!("/api/v1/conferences/{SLUG}"), Some(&token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(stored["starts_on"], "2026-06-01", "nothing half-written");

    let created = body(
        app.post(
            "/api/v1/conferences",
            Some(&token),
            &conference("2000-01-01", "2037-12-31"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let read = body(
        app.get("/api/v1/conferences/dated", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    for got in [&created, &read] {
        assert_eq!(got["starts_on"], "2000-01-01");
        assert_eq!(got["ends_on"], "2037-12-31");
    }
    let last = meetup("2037-12-31T22:00:00Z", "2037-12-31T23:59:00Z");
    let created = body(
        app.post(&meetups, Some(&token), &last).await,
        StatusCode::CREATED,
    )
    .await;
    let read = body(
        app.get(
            &format!("{meetups}/{}", created["id"].as_str().unwrap()),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(read["starts_at"], "2037-12-31T22:00:00Z");
    assert_eq!(read["ends_at"], "2037-12-31T23:59:00Z");
}

api_test!(the_console_refuses_a_conference_in_year_one_naming_the_field);
async fn the_console_refuses_a_conference_in_year_one_naming_the_field(app: TestApp) {
    let token = app.organizer("olga@organizers.test").await;
    let session = sign_in(&app, &token).await;
    let csrf = csrf(&app, "/organizer/conferences/new", &session).await;
    let mut form = conference_form(&csrf, "ancient");
    form[4] = ("starts_on", "0001-05-10");
    form[5] = ("ends_on", "9999-05-12");
    let page = text(
        post(&app, "/organizer/conferences/new", Some(&session), &form).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        page.contains("must be between 2000-01-01 and 2037-12-31"),
        "{page}"
    );
    assert!(
        page.contains("f-starts_on") && page.contains("f-ends_on"),
        "{page}"
    );
    assert_eq!(app.count("conferences", "slug = 'ancient'").await, 0);
}

api_test!(one_line_fields_refuse_line_breaks_and_names_lose_invisible_characters);
async fn one_line_fields_refuse_line_breaks_and_names_lose_invisible_characters(app: TestApp) {
    let token = app.conference(SLUG).await;
    let registrations = format!("/api/v1/public/conferences/{SLUG}/registrations");
    for (field, value) in [
        ("name", "Ada\rLovelace"),
        ("affiliation", "Analytical\nEngines"),
        ("role", "Lead\u{2028}Engineer"),
    ] {
        let mut person = registration("Ada", "ada@example.org");
        person[field] = json!(value);
        let fields = refused(app.post(&registrations, None, &person).await).await;
        assert_eq!(fields, vec![field.to_owned()], "{value:?}");
    }
    let disguised = registration(
        "\u{202E}ecilA\u{202C}\u{200B} Smith\u{FEFF}",
        "alice@example.org",
    );
    body(
        app.post(&registrations, None, &disguised).await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(app.count("attendees", "name = 'ecilA Smith'").await, 1);

    let meetups = format!("/api/v1/conferences/{SLUG}/meetups");
    let times = ("2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z");
    for (field, change) in [
        ("location", json!({"location": "Hall B\rX-INJECTED:1"})),
        (
            "name",
            json!({"name": "Lunch\nATTENDEE:mailto:x@example.org"}),
        ),
        ("series", json!({"series": "Lun\rches"})),
        (
            "tables[0].label",
            json!({"table_count": null, "tables": [{"label": "By the\rwindow"}]}),
        ),
    ] {
        let mut body = meetup(times.0, times.1);
        for (k, v) in change.as_object().unwrap() {
            if v.is_null() {
                body.as_object_mut().unwrap().remove(k);
            } else {
                body[k] = v.clone();
            }
        }
        let fields = refused(app.post(&meetups, Some(&token), &body).await).await;
        assert_eq!(fields, vec![field.to_owned()], "{change}");
    }
    let conference_path = format!("/api/v1/conferences/{SLUG}");
    for (field, value) in [("name", "Rust\rConf"), ("venue", "Hall\nB")] {
        let fields = refused(
            app.patch(&conference_path, Some(&token), &json!({ field: value }))
                .await,
        )
        .await;
        assert_eq!(fields, vec![field.to_owned()], "{value:?}");
    }
    let renamed = body(
        app.patch(
            &conference_path,
            Some(&token),
            &json!({"name": "\u{2067}Rust\u{2069}Conf\u{200D}"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["name"], "RustConf");
}

api_test!(handles_longer_than_their_column_and_disguised_emails_are_422_naming_the_field);
async fn handles_longer_than_their_column_and_disguised_emails_are_422_naming_the_field(
    app: TestApp,
) {
    app.conference(SLUG).await;
    let registrations = format!("/api/v1/public/conferences/{SLUG}/registrations");
    // Both are short as typed and only outgrow the 255-character column written out in full:
    // the web address percent-encoded, the Mastodon account with its server.
    let site = format!("example.org/{}", "é".repeat(60));
    let server = format!("{0}.{0}.{0}.social", "b".repeat(63));
    let account = format!("@{}@{server}", "a".repeat(64));
    for (network, handle) in [("website", site.as_str()), ("mastodon", &account)] {
        let mut person = registration("Ada", "ada@example.org");
        person["handles"] = json!([{"network": network, "handle": handle}]);
        let fields = refused(app.post(&registrations, None, &person).await).await;
        assert_eq!(fields, ["handles[0].handle"], "{network}");
    }
    for email in ["ada\u{200B}@example.org", "\u{202E}ada@example.org"] {
        let fields = refused(
            app.post(&registrations, None, &registration("Ada", email))
                .await,
        )
        .await;
        assert_eq!(fields, ["email"], "{email:?}");
    }
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}
