//! Organizers import attendees from CSV files: aliases, delimiters, all-or-nothing, dry runs,
//! updates by email, limits, and the per-row report.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestBackend, body, error_fields, registration};

const BASIC: &[u8] = include_bytes!("../fixtures/import/basic.csv");
const EXCEL: &[u8] = include_bytes!("../fixtures/import/excel-semicolon.csv");
const INVALID: &[u8] = include_bytes!("../fixtures/import/invalid-rows.csv");

async fn upload(app: &TestApp, token: &str, path: &str, csv: impl Into<Vec<u8>>) -> Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.into())
        .send()
        .await
        .expect("request")
}

fn import_path(slug: &str, query: &str) -> String {
    format!("/api/v1/conferences/{slug}/attendees/import{query}")
}

/// The conference's attendees in the organizer's view, by lowercased email.
async fn attendees(app: &TestApp, token: &str, slug: &str) -> Vec<Value> {
    let page = body(
        app.get(
            &format!("/api/v1/conferences/{slug}/attendees?per_page=200"),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mut items = page["items"].as_array().expect("items").clone();
    items.sort_by_key(|a| a["email"].as_str().unwrap_or("").to_lowercase());
    items
}

fn outcomes(report: &Value) -> Vec<(u64, String)> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().expect("row"),
                r["outcome"].as_str().expect("outcome").to_owned(),
            )
        })
        .collect()
}

fn counts(report: &Value) -> [u64; 4] {
    ["created", "updated", "unchanged", "rejected"].map(|k| report[k].as_u64().expect(k))
}

api_test!(a_file_without_consent_columns_invites_everyone_it_creates);
async fn a_file_without_consent_columns_invites_everyone_it_creates(app: TestApp) {
    let token = app.conference("conf").await;
    let report = body(
        upload(&app, &token, &import_path("conf", ""), BASIC).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&report), [3, 0, 0, 0], "{report}");
    assert_eq!(report["stored"], true);
    assert_eq!(report["unknown_columns"], json!([]));
    assert_eq!(
        outcomes(&report),
        [
            (2, "created".into()),
            (3, "created".into()),
            (4, "created".into())
        ]
    );
    assert!(report["rows"][0]["attendee_id"].is_string());

    let list = attendees(&app, &token, "conf").await;
    assert_eq!(list.len(), 3);
    let ada = &list[0];
    assert_eq!(ada["status"], "pending", "invited until she accepts");
    assert_eq!(ada["consents"]["privacy_at"], Value::Null);
    assert_eq!(ada["affiliation"], "Analytical Engines");
    assert_eq!(ada["role"], "Mathematician");
    assert_eq!(ada["interests"], json!(["looms", "poetry", "rust"]));
    assert_eq!(ada["consents"]["emails_at"], Value::Null);
    let handles: Vec<String> = ada["handles"]
        .as_array()
        .expect("handles")
        .iter()
        .map(|h| format!("{}:{}", h["network"], h["handle"]).replace('"', ""))
        .collect();
    assert_eq!(handles, ["github:ada-l", "mastodon:@ada@hachyderm.io"]);
    assert_eq!(ada["wants_to_meet"][0]["handle"], "grace-h");
    assert_eq!(
        ada["wants_to_meet"][0]["attendee_id"], list[2]["id"],
        "a wanted handle resolves to the imported attendee holding it"
    );
    assert_eq!(list[2]["email"], "Grace@Example.org");
    assert_eq!(list[1]["affiliation"], Value::Null);
    assert_eq!(report["invited"], 3);
    assert_eq!(
        app.count("outbox_emails", "kind = 'import_invitation'")
            .await,
        3,
        "each newcomer is invited to complete their profile"
    );
}

api_test!(a_tablemates_file_carries_its_own_consent_columns);
async fn a_tablemates_file_carries_its_own_consent_columns(app: TestApp) {
    let token = app.conference("conf").await;
    let csv = "name,email,privacy_consent,email_consent\n\
               Ada,ada@example.org,yes,no\n\
               Grace,grace@example.org,true,true\n\
               Alan,alan@example.org,,yes\n";
    let report = body(
        upload(&app, &token, &import_path("conf", ""), csv).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report["consents"]["privacy"]["column"], "privacy_consent");
    assert_eq!(report["invited"], 1, "{report}");
    let list = attendees(&app, &token, "conf").await;
    let (ada, alan, grace) = (&list[0], &list[1], &list[2]);
    assert_eq!(ada["status"], "confirmed");
    assert!(ada["consents"]["privacy_at"].is_string());
    assert_eq!(ada["consents"]["emails_at"], Value::Null);
    assert!(grace["consents"]["emails_at"].is_string());
    assert_eq!(alan["status"], "pending", "no privacy consent: invited");
    assert!(
        alan["consents"]["emails_at"].is_string(),
        "the email consent the row carries is kept for when he accepts"
    );
}

api_test!(an_excel_file_with_bom_semicolons_and_aliases_imports_and_lists_unknown_columns);
async fn an_excel_file_with_bom_semicolons_and_aliases_imports_and_lists_unknown_columns(
    app: TestApp,
) {
    let token = app.conference("conf").await;
    let report = body(
        upload(&app, &token, &import_path("conf", ""), EXCEL).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&report), [2, 0, 0, 0], "{report}");
    assert_eq!(report["unknown_columns"], json!(["Shoe size"]));
    let list = attendees(&app, &token, "conf").await;
    let (dorothy, katherine) = (&list[0], &list[1]);
    assert_eq!(katherine["name"], "Katherine Johnson");
    assert_eq!(katherine["affiliation"], "NASA");
    assert_eq!(katherine["role"], "Mathematician; orbits");
    assert_eq!(katherine["handles"][0]["network"], "x");
    assert_eq!(katherine["handles"][0]["handle"], "kjohnson");
    assert_eq!(katherine["interests"], json!(["orbits", "trajectories"]));
    assert_eq!(dorothy["interests"], json!(["fortran"]));
    assert_eq!(dorothy["wants_to_meet"][0]["attendee_id"], katherine["id"]);
}

api_test!(a_file_with_invalid_rows_imports_nothing_unless_asked_to_skip_them);
async fn a_file_with_invalid_rows_imports_nothing_unless_asked_to_skip_them(app: TestApp) {
    let token = app.conference("conf").await;
    let problem = body(
        upload(&app, &token, &import_path("conf", ""), INVALID).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["type"], "/problems/validation");
    let errors: Vec<(u64, String)> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| (e["row"].as_u64().expect("row"), e["field"].to_string()))
        .collect();
    assert_eq!(
        errors,
        [
            (3, "\"email\"".into()),
            (4, "\"email\"".into()),
            (5, "\"github\"".into())
        ],
        "{problem}"
    );
    assert!(
        problem["errors"][1]["message"]
            .as_str()
            .is_some_and(|m| m.contains("row 2")),
        "a repeated email names the first row: {problem}"
    );
    assert_eq!(problem["report"]["stored"], false);
    assert_eq!(counts(&problem["report"]), [2, 0, 0, 3]);
    assert_eq!(app.count("attendees", "1 = 1").await, 0, "nothing stored");

    let report = body(
        upload(
            &app,
            &token,
            &import_path("conf", "?skip_invalid=true"),
            INVALID,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&report), [2, 0, 0, 3]);
    assert_eq!(
        outcomes(&report),
        [
            (2, "created".into()),
            (3, "rejected".into()),
            (4, "rejected".into()),
            (5, "rejected".into()),
            (6, "created".into())
        ]
    );
    assert_eq!(report["rows"][1]["email"], "not-an-email");
    assert_eq!(report["rows"][3]["errors"][0]["column"], "github");
    assert!(report["rows"][1].get("attendee_id").is_none());
    assert_eq!(app.count("attendees", "1 = 1").await, 2);
}

api_test!(a_dry_run_answers_like_the_import_and_stores_nothing);
async fn a_dry_run_answers_like_the_import_and_stores_nothing(app: TestApp) {
    let token = app.conference("conf").await;
    let report = body(
        upload(&app, &token, &import_path("conf", "?dry_run=true"), BASIC).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&report), [3, 0, 0, 0]);
    assert_eq!(
        (report["stored"].clone(), report["dry_run"].clone()),
        (json!(false), json!(true))
    );
    assert!(report["rows"][0].get("attendee_id").is_none());
    let problem = body(
        upload(&app, &token, &import_path("conf", "?dry_run=true"), INVALID).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["report"]["rejected"], 3);
    let skipped = body(
        upload(
            &app,
            &token,
            &import_path("conf", "?dry_run=true&skip_invalid=true"),
            INVALID,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&skipped), [2, 0, 0, 3]);
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

api_test!(importing_again_matches_by_email_changes_nothing_and_keeps_status);
async fn importing_again_matches_by_email_changes_nothing_and_keeps_status(app: TestApp) {
    let token = app.conference("conf").await;
    // Her handle is hers to change: the file may repeat it, not change it.
    let mut grace = registration("Grace", "grace@example.org");
    grace["handles"] = json!([{"network": "github", "handle": "grace-h"}]);
    body(app.register("conf", &grace).await, StatusCode::ACCEPTED).await;
    let link = app.link_token("grace@example.org").await;
    body(
        app.post("/api/v1/me/withdraw", Some(&link), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    body(
        app.patch(
            "/api/v1/me",
            Some(&link),
            &json!({"bio": "Compilers", "visibility": {"affiliation": "organizer"}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    let first = body(
        upload(&app, &token, &import_path("conf", ""), BASIC).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&first), [2, 1, 0, 0], "{first}");
    assert_eq!(first["rows"][1]["outcome"], "updated");
    let list = attendees(&app, &token, "conf").await;
    assert_eq!(list.len(), 3, "no duplicate for Grace");
    let grace = &list[2];
    assert_eq!(
        grace["status"], "withdrawn",
        "a withdrawn attendee stays withdrawn"
    );
    assert_eq!(grace["affiliation"], "US Navy");
    assert_eq!(grace["visibility"]["affiliation"], "organizer");
    assert_eq!(grace["bio"], "Compilers", "the file has no bio column");
    assert_eq!(grace["interests"], json!(["cobol", "compilers"]));
    let me = body(app.get("/api/v1/me", Some(&link)).await, StatusCode::OK).await;
    assert_eq!(me["id"], grace["id"], "her link still works");

    let again = body(
        upload(&app, &token, &import_path("conf", ""), BASIC).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&again), [0, 0, 3, 0], "{again}");
    assert_eq!(attendees(&app, &token, "conf").await, list);

    let edited = String::from_utf8(BASIC.to_vec())
        .expect("UTF-8")
        .replace("Analytical Engines,Mathematician,ada-l", ",Poet,ada-l");
    let changed = body(
        upload(&app, &token, &import_path("conf", ""), edited).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&changed), [0, 1, 2, 0]);
    let ada = &attendees(&app, &token, "conf").await[0];
    assert_eq!(ada["affiliation"], Value::Null, "an empty cell clears");
    assert_eq!(ada["role"], "Poet");
    assert_eq!(app.count("attendees", "1 = 1").await, 3);
}

api_test!(a_handle_another_attendee_holds_rejects_the_row);
async fn a_handle_another_attendee_holds_rejects_the_row(app: TestApp) {
    let token = app.conference("conf").await;
    let mut holder = registration("Holder", "holder@example.org");
    holder["handles"] = json!([{"network": "github", "handle": "ada-l"}]);
    body(app.register("conf", &holder).await, StatusCode::ACCEPTED).await;
    let report = body(
        upload(
            &app,
            &token,
            &import_path("conf", "?skip_invalid=true"),
            BASIC,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&report), [2, 0, 0, 1], "{report}");
    assert_eq!(report["rows"][0]["errors"][0]["field"], "github");
    assert!(
        report["rows"][0]["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("another attendee")),
        "{report}"
    );
}

api_test!(an_unknown_or_someone_elses_conference_is_not_found);
async fn an_unknown_or_someone_elses_conference_is_not_found(app: TestApp) {
    app.conference("theirs").await;
    let mine = app.conference("mine").await;
    for slug in ["theirs", "nowhere"] {
        let problem = body(
            upload(&app, &mine, &import_path(slug, ""), BASIC).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(problem["detail"], "no such conference", "{slug}");
    }
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

api_test!(
    files_over_the_import_limit_are_413_and_the_json_limit_does_not_apply,
    backend
);
async fn files_over_the_import_limit_are_413_and_the_json_limit_does_not_apply(
    backend: &TestBackend,
) {
    let app = backend
        .spawn_with(&[("TABLEMATES_MAX_IMPORT_BYTES", "200000")])
        .await;
    let token = app.conference("conf").await;
    let mut csv = String::from("name,email,interests\n");
    for i in 0..2000 {
        csv.push_str(&format!(
            "Person {i},p{i}@example.org,topic {}|rust\n",
            i % 40
        ));
    }
    assert!(csv.len() > 65_536 && csv.len() < 200_000);
    let report = body(
        upload(&app, &token, &import_path("conf", ""), csv.clone()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts(&report), [2000, 0, 0, 0]);
    assert_eq!(app.count("attendees", "1 = 1").await, 2000);

    while csv.len() <= 200_000 {
        csv.push_str("Someone,someone@example.org,\n");
    }
    let problem = body(
        upload(&app, &token, &import_path("conf", ""), csv).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert_eq!(problem["type"], "/problems/payload-too-large");
    assert_eq!(app.count("attendees", "1 = 1").await, 2000);
}

api_test!(unreadable_files_are_refused_naming_the_problem);
async fn unreadable_files_are_refused_naming_the_problem(app: TestApp) {
    let token = app.conference("conf").await;
    let path = import_path("conf", "");
    let problem = body(
        upload(&app, &token, &path, "full name,company\nAda,Engines\n").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&problem), ["email"]);

    let problem = body(
        upload(
            &app,
            &token,
            &path,
            b"name,email\nJos\xe9,jose@example.org\n".to_vec(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&problem), ["body"]);

    let problem = body(
        upload(
            &app,
            &token,
            &import_path("conf", "?skip_invalid=yes"),
            BASIC,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&problem), ["skip_invalid"]);

    let res = app
        .client
        .post(app.url(&path))
        .bearer_auth(&token)
        .header("content-type", "application/xml")
        .body("<people/>")
        .send()
        .await
        .expect("request");
    body(res, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;

    let res = app
        .client
        .post(app.url(&path))
        .bearer_auth(&token)
        .json(&json!({"name": "Ada"}))
        .send()
        .await
        .expect("request");
    let problem = body(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        error_fields(&problem),
        ["body"],
        "JSON is read as a pretix export"
    );

    let res = app
        .client
        .post(app.url(&path))
        .header("content-type", "text/csv")
        .body(BASIC)
        .send()
        .await
        .expect("request");
    body(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

api_test!(reports_and_refusals_match_their_documented_schemas);
async fn reports_and_refusals_match_their_documented_schemas(app: TestApp) {
    let spec = crate::contract::spec();
    let report_schema = json!({"$ref": "#/components/schemas/ImportReport"});
    let problem_schema = json!({"$ref": "#/components/schemas/Problem"});
    let token = app.conference("conf").await;
    let mut checked = Vec::new();
    for (query, csv, status, schema) in [
        ("", EXCEL, StatusCode::OK, &report_schema),
        ("?dry_run=true", BASIC, StatusCode::OK, &report_schema),
        (
            "?skip_invalid=true",
            INVALID,
            StatusCode::OK,
            &report_schema,
        ),
        (
            "",
            INVALID,
            StatusCode::UNPROCESSABLE_ENTITY,
            &problem_schema,
        ),
    ] {
        let value = body(
            upload(&app, &token, &import_path("conf", query), csv).await,
            status,
        )
        .await;
        let errors = crate::contract::validate(&spec, schema, &value, "$");
        assert_eq!(errors, Vec::<String>::new(), "{query}: {value}");
        checked.push(value);
    }
    assert!(
        checked[3]["report"]["rows"][1]["errors"][0]["column"].is_string(),
        "the refusal's report is checked too: {}",
        checked[3]
    );
}
