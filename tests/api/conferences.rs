//! Organizers manage their conferences; nobody else sees them.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, TestBackend, body, error_fields};

api_test!(an_organizer_creates_updates_lists_and_toggles_registration);
async fn an_organizer_creates_updates_lists_and_toggles_registration(app: TestApp) {
    let token = app.organizer("olga@example.org").await;
    let created = body(
        app.post(
            "/api/v1/conferences",
            Some(&token),
            &json!({
                "slug": "rustfest-2026",
                "name": "RustFest",
                "description": "Three days of Rust",
                "venue": "Lisbon Congress Centre",
                "time_zone": "Europe/Lisbon",
                "starts_on": "2026-06-01",
                "ends_on": "2026-06-03",
                "suggested_interests": ["Rust", " WebAssembly ", "rust"],
                "table_size": {"min": 5, "max": 7}
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["slug"], "rustfest-2026");
    assert_eq!(created["registration_open"], false);
    assert_eq!(
        created["suggested_interests"],
        json!(["rust", "webassembly"])
    );
    assert_eq!(created["table_size"], json!({"min": 5, "max": 7}));

    let updated = body(
        app.patch(
            "/api/v1/conferences/rustfest-2026",
            Some(&token),
            &json!({"name": "RustFest Lisbon", "table_size": {"min": 4, "max": 8}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated["name"], "RustFest Lisbon");
    assert_eq!(
        updated["venue"], "Lisbon Congress Centre",
        "untouched fields stay"
    );

    let opened = body(
        app.post(
            "/api/v1/conferences/rustfest-2026/registration/open",
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(opened["registration_open"], true);
    let public = body(
        app.get("/api/v1/public/conferences/rustfest-2026", None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["registration_open"], true);
    assert!(
        public.get("id").is_none(),
        "the public view has no ids: {public}"
    );

    let closed = body(
        app.post(
            "/api/v1/conferences/rustfest-2026/registration/close",
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed["registration_open"], false);

    let list = body(
        app.get("/api/v1/conferences", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
}

api_test!(another_organizers_conference_is_not_found_rather_than_forbidden);
async fn another_organizers_conference_is_not_found_rather_than_forbidden(app: TestApp) {
    let _owner = app.conference("owned-conf").await;
    let other = app.organizer("other@example.org").await;
    for path in [
        "/api/v1/conferences/owned-conf",
        "/api/v1/conferences/owned-conf/attendees",
    ] {
        body(app.get(path, Some(&other)).await, StatusCode::NOT_FOUND).await;
    }
    body(
        app.patch(
            "/api/v1/conferences/owned-conf",
            Some(&other),
            &json!({"name": "Mine"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let list = body(
        app.get("/api/v1/conferences", Some(&other)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"], json!([]));
}

api_test!(a_taken_slug_is_a_conflict_naming_the_slug);
async fn a_taken_slug_is_a_conflict_naming_the_slug(app: TestApp) {
    let token = app.conference("taken").await;
    let problem = body(
        app.post(
            "/api/v1/conferences",
            Some(&token),
            &json!({"slug": "taken", "name": "Again", "time_zone": "UTC",
                    "starts_on": "2026-01-01", "ends_on": "2026-01-01"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(error_fields(&problem), vec!["slug"]);
}

#[tokio::test]
async fn invalid_conference_fields_are_all_listed() {
    let app = TestBackend::sqlite().spawn().await;
    let token = app.organizer("v@example.org").await;
    let problem = body(
        app.post(
            "/api/v1/conferences",
            Some(&token),
            &json!({
                "slug": "Bad Slug!",
                "name": "",
                "time_zone": "Mars/Olympus",
                "starts_on": "2026-06-03",
                "ends_on": "2026-06-01",
                "suggested_interests": [""],
                "table_size": {"min": 9, "max": 3}
            }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut fields = error_fields(&problem);
    fields.sort();
    fields.dedup();
    assert_eq!(
        fields,
        vec![
            "ends_on",
            "name",
            "slug",
            "starts_on",
            "suggested_interests[0]",
            "table_size.max",
            "table_size.min",
            "time_zone"
        ]
    );
    let problem = body(
        app.post(
            "/api/v1/conferences",
            Some(&token),
            &json!({"slug": "ok-slug", "name": "x", "time_zone": "UTC",
                    "starts_on": "not-a-date", "ends_on": "2026-01-01"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&problem), vec!["starts_on"]);
}

#[tokio::test]
async fn organizer_endpoints_need_a_valid_token() {
    let app = TestBackend::sqlite().spawn().await;
    let res = app.get("/api/v1/conferences", None).await;
    assert_eq!(
        res.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer")
    );
    body(res, StatusCode::UNAUTHORIZED).await;
    body(
        app.get("/api/v1/conferences", Some("tm_org_forged")).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[tokio::test]
async fn the_cli_creates_an_organizer_whose_token_works() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tablemates"))
        .args([
            "organizer",
            "create",
            "--email",
            "Cli@Example.org",
            "--name",
            "Cli User",
        ])
        .env("TABLEMATES_DATABASE_URL", &db_url)
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let token = stdout
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().last())
        .expect("a token line")
        .to_owned();
    assert!(token.starts_with("tm_org_"), "{stdout}");
    let stored: Vec<u8> = std::fs::read(dir.path().join("cli.db")).expect("db file");
    assert!(
        !String::from_utf8_lossy(&stored).contains(&token),
        "only a hash of the token is stored"
    );
    let app = TestBackend::sqlite()
        .spawn_with(&[("TABLEMATES_DATABASE_URL", &db_url)])
        .await;
    body(
        app.get("/api/v1/conferences", Some(&token)).await,
        StatusCode::OK,
    )
    .await;

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_tablemates"))
        .args(["organizer", "create", "--email", "nope", "--name", "X"])
        .env("TABLEMATES_DATABASE_URL", &db_url)
        .output()
        .expect("the binary runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--email"));
}

#[tokio::test]
async fn a_bad_configuration_value_stops_start_up_naming_the_variable() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tablemates"))
        .arg("migrate")
        .env("TABLEMATES_LISTEN", "not-an-address")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("TABLEMATES_LISTEN"),
        "{output:?}"
    );
}
