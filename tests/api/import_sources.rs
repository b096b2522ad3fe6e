//! Files from pretix (order data CSV and JSON) and Indico (registrant CSV) import with their own
//! column names, detected; the consent a source carries only where the organizer names the
//! question that asked for it; cancelled orders withdraw; newcomers are invited by email.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, body, error_fields};

const PRETIX_CSV: &[u8] = include_bytes!("../fixtures/import/pretix-order-positions.csv");
const PRETIX_JSON: &[u8] = include_bytes!("../fixtures/import/pretix-orders.json");
const INDICO_CSV: &[u8] = include_bytes!("../fixtures/import/indico-registrants.csv");

const SEAT_QUESTION: &str = "May we seat you with other attendees at lunch?";

async fn upload(app: &TestApp, token: &str, query: &str, kind: &str, file: &[u8]) -> Response {
    app.client
        .post(app.url(&format!("/api/v1/conferences/conf/attendees/import{query}")))
        .bearer_auth(token)
        .header("content-type", kind)
        .body(file.to_vec())
        .send()
        .await
        .expect("request")
}

/// The 200 report of an upload.
async fn imported(app: &TestApp, token: &str, query: &str, kind: &str, file: &[u8]) -> Value {
    body(upload(app, token, query, kind, file).await, StatusCode::OK).await
}

fn query(pairs: &[(&str, &str)]) -> String {
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("?{encoded}")
}

/// The conference's attendees in the organizer's view, keyed by lowercased email.
async fn by_email(app: &TestApp, token: &str) -> std::collections::BTreeMap<String, Value> {
    let page = body(
        app.get(
            "/api/v1/conferences/conf/attendees?per_page=200",
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| (a["email"].as_str().unwrap_or("").to_lowercase(), a.clone()))
        .collect()
}

fn outcomes(report: &Value) -> Vec<String> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            format!(
                "{} {}{}",
                r["email"].as_str().unwrap_or(""),
                r["outcome"].as_str().unwrap_or(""),
                if r["invited"] == true { " invited" } else { "" }
            )
        })
        .collect()
}

fn mapped(report: &Value) -> Vec<String> {
    report["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| {
            format!(
                "{} -> {}",
                c["column"].as_str().unwrap(),
                c["field"].as_str().unwrap()
            )
        })
        .collect()
}

api_test!(a_pretix_csv_preview_names_source_columns_and_carries_no_consent_unless_mapped);
async fn a_pretix_csv_preview_names_source_columns_and_carries_no_consent_unless_mapped(
    app: TestApp,
) {
    let token = app.conference("conf").await;
    let plain = imported(&app, &token, "?dry_run=true", "text/csv", PRETIX_CSV).await;
    assert_eq!(plain["source"], "pretix_csv", "{plain}");
    assert_eq!(
        mapped(&plain),
        [
            "Status -> status",
            "Email -> order_email",
            "Attendee name -> name",
            "Attendee name: Given name -> given_name",
            "Attendee name: Family name -> family_name",
            "Attendee email -> email",
            "Company -> affiliation",
        ]
    );
    assert!(
        plain["unknown_columns"]
            .as_array()
            .expect("unmapped")
            .contains(&json!(SEAT_QUESTION)),
        "a question nobody mapped is not read as consent: {plain}"
    );
    assert_eq!(
        plain["consents"],
        json!({"privacy": {"carried": false, "column": null},
               "emails": {"carried": false, "column": null}})
    );
    assert_eq!(
        plain["invited"], 3,
        "nobody consented to what pretix did not ask"
    );
    assert_eq!(plain["stored"], false);
    assert_eq!(app.count("attendees", "1 = 1").await, 0);

    let mapping = query(&[
        ("dry_run", "true"),
        ("privacy_consent_column", SEAT_QUESTION),
        (
            "email_consent_column",
            "send me reminders about the lunch tables",
        ),
    ]);
    let preview = imported(&app, &token, &mapping, "text/csv", PRETIX_CSV).await;
    assert_eq!(preview["consents"]["privacy"]["carried"], true);
    assert_eq!(preview["consents"]["privacy"]["column"], SEAT_QUESTION);
    assert_eq!(
        preview["consents"]["emails"]["column"],
        "Send me reminders about the lunch tables"
    );
    assert_eq!(
        outcomes(&preview),
        [
            "mira@example.org created",
            "buyer@example.org created invited",
            "ines@example.org skipped",
            "kofi@example.org created",
            "noor@example.org unpaid",
        ],
        "a ticket without attendee email takes the buyer's; a cancelled order is left out, \
         and so is an order not paid yet, whatever it answered"
    );
    assert_eq!(preview["unpaid"], 1);
    assert_eq!(
        app.count("attendees", "1 = 1").await,
        0,
        "a preview stores nothing"
    );
}

api_test!(a_pretix_csv_imports_consent_where_the_mapped_answer_is_yes_and_invites_the_rest);
async fn a_pretix_csv_imports_consent_where_the_mapped_answer_is_yes_and_invites_the_rest(
    app: TestApp,
) {
    let token = app.conference("conf").await;
    let mapping = query(&[
        ("privacy_consent_column", SEAT_QUESTION),
        (
            "email_consent_column",
            "Send me reminders about the lunch tables",
        ),
    ]);
    let report = imported(&app, &token, &mapping, "text/csv", PRETIX_CSV).await;
    assert_eq!(report["created"], 3, "{report}");
    assert_eq!(report["skipped"], 1);
    assert_eq!(report["unpaid"], 1);
    let people = by_email(&app, &token).await;
    let mira = &people["mira@example.org"];
    assert_eq!(mira["status"], "confirmed");
    assert_eq!(mira["name"], "Mira Okafor");
    assert_eq!(mira["affiliation"], "Fernwood Labs");
    assert!(mira["consents"]["privacy_at"].is_string());
    assert_eq!(mira["consents"]["emails_at"], Value::Null, "she said no");
    let kofi = &people["kofi@example.org"];
    assert!(kofi["consents"]["emails_at"].is_string(), "he said yes");
    let tomas = &people["buyer@example.org"];
    assert_eq!(tomas["name"], "Tomás Lindqvist");
    assert_eq!(tomas["status"], "pending", "invited: not seated, not shown");
    assert_eq!(tomas["consents"]["privacy_at"], Value::Null);
    assert!(!people.contains_key("ines@example.org"));

    // Everyone new is invited to complete their profile, through the outbox.
    assert_eq!(
        app.count("outbox_emails", "kind = 'import_invitation'")
            .await,
        3
    );
    // Accepting from the personal link confirms and records the consent then.
    let link = app.link_token("buyer@example.org").await;
    let page = app
        .get(&format!("/manage?token={link}"), None)
        .await
        .text()
        .await
        .expect("the page");
    assert!(page.contains("Accept and take part"), "{page}");
    let me = body(
        app.post("/api/v1/me/confirm", Some(&link), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me["status"], "confirmed");
    assert!(me["consents"]["privacy_at"].is_string(), "{me}");
    assert_eq!(me["consents"]["emails_at"], Value::Null);

    // Importing again changes nobody's status or consent.
    let again = imported(&app, &token, "", "text/csv", PRETIX_CSV).await;
    assert_eq!([&again["created"], &again["unchanged"]], [0, 3], "{again}");
    let people = by_email(&app, &token).await;
    assert_eq!(people["buyer@example.org"]["status"], "confirmed");
    assert_eq!(
        people["mira@example.org"]["consents"]["privacy_at"],
        mira["consents"]["privacy_at"]
    );
}

api_test!(a_pretix_json_export_maps_questions_by_identifier_skips_add_ons_and_withdraws_cancelled);
async fn a_pretix_json_export_maps_questions_by_identifier_skips_add_ons_and_withdraws_cancelled(
    app: TestApp,
) {
    let token = app.conference("conf").await;
    // Inès is here already (from an earlier file); her order was cancelled since.
    let earlier = b"name,email\nIn\xc3\xa8s Moreau,ines@example.org\n";
    imported(&app, &token, "", "text/csv", earlier).await;
    let mapping = query(&[
        ("dry_run", "true"),
        ("privacy_consent_column", "SEATING"),
        ("email_consent_column", "REMINDERS"),
    ]);
    let preview = imported(&app, &token, &mapping, "application/json", PRETIX_JSON).await;
    assert_eq!(preview["source"], "pretix_json", "{preview}");
    assert_eq!(preview["unknown_columns"], json!(["Order code", "DIET"]));
    assert_eq!(preview["consents"]["privacy"]["column"], "SEATING");
    assert_eq!(
        outcomes(&preview),
        [
            "lena@example.org created",
            "office@example.org created invited",
            "ines@example.org withdrawn",
            "noor@example.org unpaid",
        ],
        "the add-on position is no person; Jonas has no answer, so no consent; Noor has not \
         paid yet"
    );
    assert_eq!(
        preview["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["row"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 3, 4, 5],
        "rows count the file's positions"
    );

    let stored = imported(
        &app,
        &token,
        &mapping.replace("dry_run=true&", ""),
        "application/json",
        PRETIX_JSON,
    )
    .await;
    assert_eq!(stored["withdrawn"], 1, "{stored}");
    let people = by_email(&app, &token).await;
    assert_eq!(people["ines@example.org"]["status"], "withdrawn");
    assert_eq!(people["lena@example.org"]["status"], "confirmed");
    assert_eq!(people["lena@example.org"]["affiliation"], "Nordlys Data");
    assert_eq!(people["office@example.org"]["name"], "Jonas Weber");
    assert_eq!(people["office@example.org"]["status"], "pending");
    assert_eq!(people.len(), 3);
}

api_test!(an_indico_export_reads_its_columns_and_withdrawn_registrations_are_left_out);
async fn an_indico_export_reads_its_columns_and_withdrawn_registrations_are_left_out(app: TestApp) {
    let token = app.conference("conf").await;
    let mapping = query(&[(
        "privacy_consent_column",
        "I agree to be seated with other participants",
    )]);
    let report = imported(&app, &token, &mapping, "text/csv", INDICO_CSV).await;
    assert_eq!(report["source"], "indico_csv", "{report}");
    assert!(mapped(&report).contains(&"Email Address -> email".to_owned()));
    assert!(mapped(&report).contains(&"Position -> role".to_owned()));
    assert_eq!(
        outcomes(&report),
        [
            "amara.nwosu@example.org created",
            "pavel@example.org created invited",
            "yuki.tanaka@example.org skipped",
            "sofia.herrera@example.org created invited",
            "lars@example.org unpaid",
        ],
        "a withdrawn registration is left out, and so is one not paid yet"
    );
    let people = by_email(&app, &token).await;
    let amara = &people["amara.nwosu@example.org"];
    assert_eq!(amara["name"], "Amara Nwosu");
    assert_eq!(amara["affiliation"], "Lagos Institute of Physics");
    assert_eq!(amara["role"], "Research fellow");
    assert_eq!(amara["status"], "confirmed");
    assert_eq!(people["sofia.herrera@example.org"]["status"], "pending");
    assert_eq!(people["sofia.herrera@example.org"]["name"], "Sofía Herrera");
    assert!(!people.contains_key("lars@example.org"), "not paid yet");
}

api_test!(a_consent_column_the_file_lacks_or_a_foreign_body_is_refused_naming_it);
async fn a_consent_column_the_file_lacks_or_a_foreign_body_is_refused_naming_it(app: TestApp) {
    let token = app.conference("conf").await;
    let missing = body(
        upload(
            &app,
            &token,
            &query(&[("privacy_consent_column", "Do you agree?")]),
            "text/csv",
            INDICO_CSV,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&missing), ["privacy_consent_column"]);
    let not_pretix = body(
        upload(&app, &token, "", "application/json", br#"{"people": []}"#).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&not_pretix), ["body"]);
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}
