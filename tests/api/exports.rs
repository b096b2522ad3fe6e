//! Organizer exports of a published plan (CSV, JSON, table cards) and an attendee's own tables
//! and Mastodon follow list, checked for content, spreadsheet safety and consent.

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, body};

const SLUG: &str = "conf";

/// (name, email, affiliation, affiliation visibility, handles)
fn people() -> Vec<Value> {
    let person = |name: &str, email: &str, affiliation: &str, vis: &str, handles: Value| {
        json!({
            "name": name,
            "email": email,
            "affiliation": affiliation,
            "interests": ["rust", "databases"],
            "handles": handles,
            "visibility": {"affiliation": vis},
            "consents": {"privacy": true},
        })
    };
    vec![
        person(
            "Ada Lovelace",
            "ada@example.org",
            "Engines Ltd",
            "tablemates",
            json!([
                {"network": "mastodon", "handle": "@ada@hachyderm.io", "visibility": "tablemates"},
                {"network": "github", "handle": "ada-secret", "visibility": "organizer"},
            ]),
        ),
        person(
            "=HYPERLINK(\"http://evil.example\")",
            "eve@example.org",
            "+1",
            "tablemates",
            json!([{"network": "mastodon", "handle": "@hidden@mastodon.social", "visibility": "organizer"}]),
        ),
        person(
            "Bob Babbage",
            "bob@example.org",
            "Hidden Inc",
            "nobody",
            json!([]),
        ),
        person(
            "Cy Clone",
            "cy@example.org",
            "Cy Corp",
            "organizer",
            json!([]),
        ),
        person(
            "Dee Dee",
            "dee@example.org",
            "Dee Labs",
            "tablemates",
            json!([{"network": "mastodon", "handle": "@dee@fosstodon.org", "visibility": "tablemates"}]),
        ),
        person(
            "Fay Fern",
            "fay@example.org",
            "Fern Co",
            "tablemates",
            json!([]),
        ),
    ]
}

/// A conference with six attendees, one lunch of two tables of three, seated and published;
/// returns (organizer token, meetup id).
async fn published(app: &TestApp) -> (String, String) {
    let token = app.conference(SLUG).await;
    for p in people() {
        body(
            app.post(
                &format!("/api/v1/conferences/{SLUG}/attendees"),
                Some(&token),
                &p,
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
    let meetup = body(
        app.post(
            &format!("/api/v1/conferences/{SLUG}/meetups"),
            Some(&token),
            &json!({
                "name": "Lunch 1",
                "starts_at": "2026-06-01T11:30:00Z",
                "ends_at": "2026-06-01T12:30:00Z",
                "location": "Hall B",
                "table_count": 2, "table_min": 3, "table_max": 3,
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let meetup_id = meetup["id"].as_str().expect("id").to_owned();
    let job = body(
        app.post(
            &format!("/api/v1/conferences/{SLUG}/plan-runs"),
            Some(&token),
            &json!({"meetup_ids": [meetup_id], "seed": 1, "iterations": 50}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let job = app
        .finished_job(&token, SLUG, job["id"].as_str().expect("job id"))
        .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let plan = body(
        app.get(
            &format!("/api/v1/conferences/{SLUG}/meetups/{meetup_id}/plan"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let plan_id = plan["id"].as_str().expect("plan id");
    body(
        app.post(
            &format!("/api/v1/conferences/{SLUG}/plans/{plan_id}/publish"),
            Some(&token),
            &json!({"version": 1}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    (token, meetup_id)
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// The body of a successful download, after checking the headers every export carries.
async fn download(app: &TestApp, path: &str, token: Option<&str>, media: &str) -> Vec<u8> {
    let res = app.get(path, token).await;
    let status = res.status();
    let content_type = header(&res, "content-type");
    let disposition = header(&res, "content-disposition");
    let headers = (
        header(&res, "cache-control"),
        header(&res, "referrer-policy"),
    );
    let bytes = res.bytes().await.expect("body").to_vec();
    assert_eq!(
        status,
        StatusCode::OK,
        "{path}: {}",
        String::from_utf8_lossy(&bytes)
    );
    assert!(content_type.starts_with(media), "{path}: {content_type}");
    if media == "text/csv" {
        assert_eq!(content_type, "text/csv; charset=utf-8");
    }
    if path.contains("/exports/") && !path.contains("cards.html") {
        assert!(
            disposition.starts_with("attachment; filename=\""),
            "{disposition}"
        );
    }
    assert_eq!(headers, ("no-store".into(), "no-referrer".into()), "{path}");
    bytes
}

fn records(bytes: &[u8]) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

/// The columns of `seats.csv`, in order.
const SEAT_COLUMNS: [&str; 11] = [
    "meetup_id",
    "meetup",
    "starts_at",
    "table_number",
    "table_label",
    "attendee_id",
    "name",
    "email",
    "affiliation",
    "tablemates",
    "shared_interests",
];

fn split(cell: &str) -> Vec<String> {
    let mut items: Vec<String> = cell
        .split("; ")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    items.sort();
    items
}

api_test!(seats_and_tables_export_as_safe_csv_and_as_json);
async fn seats_and_tables_export_as_safe_csv_and_as_json(app: TestApp) {
    let (token, meetup_id) = published(&app).await;
    let base = format!("/api/v1/conferences/{SLUG}/exports");

    let seats = download(&app, &format!("{base}/seats.csv"), Some(&token), "text/csv").await;
    assert!(!seats.starts_with(b"\xEF\xBB\xBF"), "no BOM unless asked");
    let (head, rows) = records(&seats);
    assert_eq!(head, SEAT_COLUMNS);
    assert_eq!(rows.len(), 6, "one row per seat");
    let by_name: HashMap<&str, &HashMap<String, String>> =
        rows.iter().map(|r| (r["name"].as_str(), r)).collect();
    let mut ids = std::collections::HashSet::new();
    for row in &rows {
        assert_eq!(row["meetup_id"], meetup_id);
        assert!(
            ids.insert(row["attendee_id"].clone()),
            "one row per attendee"
        );
        row["attendee_id"]
            .parse::<uuid::Uuid>()
            .expect("an attendee id");
        assert_eq!(row["meetup"], "Lunch 1");
        assert_eq!(row["starts_at"], "2026-06-01 12:30", "Lisbon summer time");
        assert_eq!(row["table_label"], format!("Table {}", row["table_number"]));
        let mates = split(&row["tablemates"]);
        assert_eq!(mates.len(), 2, "{row:?}");
        for mate in &mates {
            let other = by_name[mate.as_str()];
            assert_eq!(other["table_number"], row["table_number"], "{row:?}");
        }
        assert!(
            !mates.contains(&row["name"]),
            "nobody is their own tablemate"
        );
        assert_eq!(
            split(&row["shared_interests"]),
            ["databases", "rust"],
            "{row:?}"
        );
    }
    let evil = by_name["'=HYPERLINK(\"http://evil.example\")"];
    assert_eq!(evil["affiliation"], "'+1", "formulas are neutralised");
    assert_eq!(evil["email"], "eve@example.org");
    assert_eq!(by_name["Bob Babbage"]["affiliation"], "", "nobody: hidden");
    assert_eq!(
        by_name["Cy Clone"]["affiliation"], "Cy Corp",
        "organizers see it"
    );

    let with_bom = download(
        &app,
        &format!("{base}/seats.csv?bom=true&meetup_id={meetup_id}"),
        Some(&token),
        "text/csv",
    )
    .await;
    assert_eq!(&with_bom[..3], b"\xEF\xBB\xBF");
    assert_eq!(&with_bom[3..], &seats[..], "the same rows after the BOM");

    let tables = download(
        &app,
        &format!("{base}/tables.csv"),
        Some(&token),
        "text/csv",
    )
    .await;
    let (head, table_rows) = records(&tables);
    assert_eq!(
        head,
        [
            "meetup_id",
            "meetup",
            "starts_at",
            "table_number",
            "table_label",
            "size",
            "attendee_ids",
            "members",
            "shared_topics"
        ]
    );
    // The columns both files have mean the same in both.
    let shared: Vec<&String> = head
        .iter()
        .filter(|h| SEAT_COLUMNS.contains(&h.as_str()))
        .collect();
    assert_eq!(
        shared,
        [
            "meetup_id",
            "meetup",
            "starts_at",
            "table_number",
            "table_label"
        ]
    );
    assert_eq!(table_rows.len(), 2);
    let by_id: HashMap<&str, &HashMap<String, String>> = rows
        .iter()
        .map(|r| (r["attendee_id"].as_str(), r))
        .collect();
    for t in &table_rows {
        assert_eq!(t["size"], "3");
        assert_eq!(t["meetup_id"], meetup_id);
        let members = split(&t["members"]);
        assert_eq!(members.len(), 3);
        for m in &members {
            assert_eq!(by_name[m.as_str()]["table_number"], t["table_number"]);
        }
        // Ids in the order of the names: each id's seat row has that name, at this table.
        let names: Vec<&str> = t["members"].split("; ").collect();
        let ids: Vec<&str> = t["attendee_ids"].split("; ").collect();
        assert_eq!(ids.len(), 3, "{t:?}");
        for (id, name) in ids.iter().zip(&names) {
            let seat = by_id[id];
            assert_eq!(
                (
                    seat["name"].as_str(),
                    &seat["table_number"],
                    &seat["table_label"]
                ),
                (*name, &t["table_number"], &t["table_label"])
            );
        }
        assert_eq!(split(&t["shared_topics"]), ["databases", "rust"]);
    }

    let json_seats: Value = serde_json::from_slice(
        &download(
            &app,
            &format!("{base}/seats.json"),
            Some(&token),
            "application/json",
        )
        .await,
    )
    .expect("JSON");
    let json_seats = json_seats.as_array().expect("an array");
    assert_eq!(json_seats.len(), 6);
    let evil_json = json_seats
        .iter()
        .find(|s| s["email"] == "eve@example.org")
        .expect("eve");
    assert_eq!(
        evil_json["name"], "=HYPERLINK(\"http://evil.example\")",
        "JSON is not a spreadsheet"
    );
    assert_eq!(evil_json["tablemates"].as_array().expect("list").len(), 2);
    let json_tables: Value = serde_json::from_slice(
        &download(
            &app,
            &format!("{base}/tables.json"),
            Some(&token),
            "application/json",
        )
        .await,
    )
    .expect("JSON");
    assert_eq!(json_tables.as_array().expect("an array").len(), 2);
    assert_eq!(json_tables[0]["size"], 3);
}

api_test!(exports_take_the_token_from_the_query_and_refuse_bad_input);
async fn exports_take_the_token_from_the_query_and_refuse_bad_input(app: TestApp) {
    let (token, meetup_id) = published(&app).await;
    let base = format!("/api/v1/conferences/{SLUG}/exports");

    let by_query = download(
        &app,
        &format!("{base}/tables.csv?access_token={token}"),
        None,
        "text/csv",
    )
    .await;
    assert_eq!(records(&by_query).1.len(), 2);

    for path in [
        format!("{base}/tables.csv?access_token=wrong"),
        format!("{base}/seats.json"),
    ] {
        let res = app.get(&path, None).await;
        assert_eq!(
            res.headers()
                .get("www-authenticate")
                .map(|v| v.to_str().unwrap()),
            Some("Bearer")
        );
        body(res, StatusCode::UNAUTHORIZED).await;
    }
    let res = app
        .get(&format!("{base}/seats.csv?access_token=wrong"), None)
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // The query token is for downloads only.
    let res = app
        .get(
            &format!("/api/v1/conferences/{SLUG}?access_token={token}"),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let problem = body(
        app.get(&format!("{base}/seats.csv?meetup_id=nope"), Some(&token))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "meetup_id");
    body(
        app.get(
            &format!("{base}/seats.csv?meetup_id=00000000-0000-0000-0000-000000000000"),
            Some(&token),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    body(
        app.get("/api/v1/conferences/other/exports/seats.csv", Some(&token))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // A meetup without a published plan has nothing to export.
    let draft_only = body(
        app.post(
            &format!("/api/v1/conferences/{SLUG}/meetups"),
            Some(&token),
            &json!({"name": "Dinner", "starts_at": "2026-06-02T19:00:00Z",
                    "ends_at": "2026-06-02T21:00:00Z", "table_count": 2}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let dinner = draft_only["id"].as_str().unwrap();
    body(
        app.get(
            &format!("{base}/seats.csv?meetup_id={dinner}"),
            Some(&token),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let all = download(&app, &format!("{base}/seats.csv"), Some(&token), "text/csv").await;
    assert_eq!(
        records(&all).1.len(),
        6,
        "only the published meetup: {meetup_id}"
    );
}

api_test!(table_cards_show_only_what_people_share_with_tablemates);
async fn table_cards_show_only_what_people_share_with_tablemates(app: TestApp) {
    let (token, meetup_id) = published(&app).await;
    let path = format!(
        "/api/v1/conferences/{SLUG}/exports/cards.html?meetup_id={meetup_id}&access_token={token}"
    );
    let res = app.get(&path, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-security-policy").contains("default-src 'none'"));
    assert_eq!(header(&res, "cache-control"), "no-store");
    assert_eq!(header(&res, "referrer-policy"), "no-referrer");
    let html = res.text().await.expect("body");
    assert_eq!(html.matches("class=\"card\"").count(), 2, "{html}");
    for shown in [
        "Table 1",
        "Table 2",
        "Lunch 1",
        "1 June 2026, 12:30",
        "Hall B",
        "Mastodon @ada@hachyderm.io",
        "Mastodon @dee@fosstodon.org",
        "Engines Ltd",
        "Dee Labs",
        "Ada Lovelace",
        "Bob Babbage",
        "rust",
    ] {
        assert!(html.contains(shown), "{shown} is on a card: {html}");
    }
    for hidden in [
        "ada-secret",
        "hidden@mastodon.social",
        "Hidden Inc",
        "Cy Corp",
        "@example.org",
        "<script",
    ] {
        assert!(!html.contains(hidden), "{hidden} is not on a card");
    }
    assert!(
        html.contains("=HYPERLINK(&quot;http:"),
        "names are escaped, not run"
    );

    let res = app
        .get(
            &format!("/api/v1/conferences/{SLUG}/exports/cards.html?meetup_id={meetup_id}&access_token=wrong"),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(&res, "www-authenticate"), "Bearer");
    assert!(header(&res, "content-type").starts_with("text/html"));
    let res = app
        .get(
            &format!("/api/v1/conferences/{SLUG}/exports/cards.html"),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("meetup_id"));
}

/// The personal-link token of the attendee with `email`.
async fn attendee_token(app: &TestApp, email: &str) -> String {
    app.post(
        &format!("/api/v1/public/conferences/{SLUG}/access-link"),
        None,
        &json!({ "email": email }),
    )
    .await;
    app.link_token(email).await
}

api_test!(attendees_see_their_tables_and_can_follow_their_tablemates);
async fn attendees_see_their_tables_and_can_follow_their_tablemates(app: TestApp) {
    let (token, meetup_id) = published(&app).await;
    let seats: Value = serde_json::from_slice(
        &download(
            &app,
            &format!("/api/v1/conferences/{SLUG}/exports/seats.json"),
            Some(&token),
            "application/json",
        )
        .await,
    )
    .unwrap();
    let seats = seats.as_array().unwrap();
    let table_of =
        |email: &str| seats.iter().find(|s| s["email"] == email).unwrap()["table_number"].clone();
    let ada_table = table_of("ada@example.org");
    // Someone at Ada's table, and someone at the other one.
    let near = seats
        .iter()
        .find(|s| s["table_number"] == ada_table && s["email"] != "ada@example.org")
        .unwrap()["email"]
        .as_str()
        .unwrap()
        .to_owned();
    let near_token = attendee_token(&app, &near).await;

    let mine = download(
        &app,
        "/api/v1/me/tables",
        Some(&near_token),
        "application/json",
    )
    .await;
    let mine: Value = serde_json::from_slice(&mine).unwrap();
    let items = mine["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["meetup_id"], meetup_id.as_str());
    assert_eq!(items[0]["meetup"], "Lunch 1");
    assert_eq!(items[0]["location"], "Hall B");
    assert_eq!(items[0]["table_number"], ada_table);
    let mates = items[0]["tablemates"].as_array().unwrap();
    assert_eq!(mates.len(), 2);
    let text = mates.iter().map(Value::to_string).collect::<String>();
    for hidden in [
        "@example.org",
        "ada-secret",
        "hidden@mastodon.social",
        "Hidden Inc",
        "Cy Corp",
    ] {
        assert!(!text.contains(hidden), "{hidden} is not shown: {text}");
    }
    let ada = mates
        .iter()
        .find(|m| m["name"] == "Ada Lovelace")
        .expect("Ada");
    assert_eq!(ada["affiliation"], "Engines Ltd");
    assert_eq!(
        ada["handles"],
        json!([{"network": "mastodon", "handle": "@ada@hachyderm.io", "url": "https://hachyderm.io/@ada", "verified": false}])
    );
    assert!(
        items[0]["shared_interests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["interest"] == "rust"),
        "{mine}"
    );

    let csv = download(
        &app,
        "/api/v1/me/tablemates.csv",
        Some(&near_token),
        "text/csv",
    )
    .await;
    let csv = String::from_utf8(csv).unwrap();
    let mut lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.remove(0),
        "Account address,Show boosts,Notify on new posts,Languages"
    );
    let mut expected = vec!["ada@hachyderm.io,true,false,"];
    let dee_near = table_of("dee@example.org") == ada_table && near != "dee@example.org";
    if dee_near {
        expected.push("dee@fosstodon.org,true,false,");
    }
    lines.sort();
    assert_eq!(lines, expected);

    let follow: Value = serde_json::from_slice(
        &download(
            &app,
            "/api/v1/me/tablemates.json",
            Some(&near_token),
            "application/json",
        )
        .await,
    )
    .unwrap();
    assert_eq!(follow["items"].as_array().unwrap().len(), 2);
    assert!(!follow["items"].to_string().contains("@example.org"));

    let res = app.get("/api/v1/me/tables", None).await;
    assert_eq!(header(&res, "www-authenticate"), "Bearer");
    body(res, StatusCode::UNAUTHORIZED).await;
}

api_test!(table_cards_are_in_the_conference_language_unless_the_organizer_asks);
async fn table_cards_are_in_the_conference_language_unless_the_organizer_asks(app: TestApp) {
    let (token, meetup_id) = published(&app).await;
    let path = format!(
        "/api/v1/conferences/{SLUG}/exports/cards.html?meetup_id={meetup_id}&access_token={token}"
    );
    let cards = |extra: &'static str, accept_language: &'static str| {
        let req = app
            .client
            .get(app.url(&format!("{path}{extra}")))
            .header("accept-language", accept_language);
        async move { req.send().await.expect("request") }
    };

    // The attendees read the cards: the organizer's browser does not choose their language.
    let english = cards("", "de").await.text().await.expect("body");
    assert!(english.contains(r#"<html lang="en">"#), "{english}");
    assert!(english.contains("Talk about: "), "{english}");
    let asked = cards("&lang=de", "en").await.text().await.expect("body");
    assert!(asked.contains(r#"<html lang="de">"#), "{asked}");
    assert!(asked.contains("Gesprächsthemen: "), "{asked}");
    assert!(asked.contains("1. Juni 2026, 12:30"), "{asked}");
    assert!(!asked.contains("Talk about"), "{asked}");

    let res = app
        .patch(
            &format!("/api/v1/conferences/{SLUG}"),
            Some(&token),
            &json!({"default_language": "de"}),
        )
        .await;
    assert_eq!(body(res, StatusCode::OK).await["default_language"], "de");
    let german = cards("", "en").await.text().await.expect("body");
    assert!(german.contains(r#"<html lang="de">"#), "{german}");
    assert!(german.contains("Tischkarten: Lunch 1"), "{german}");
    let english = cards("&lang=en", "de").await.text().await.expect("body");
    assert!(english.contains("Table cards: Lunch 1"), "{english}");

    let res = cards("&lang=fr", "en").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(page.contains("lang"), "the page names the field: {page}");
}
