//! Co-organizers: an owner adds organizers to a conference by email as owners or helpers; a
//! helper runs the conference (API and console) but cannot manage its organizers; removing
//! someone takes the conference away from them.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, body, error_fields};
use crate::organizer_console::{get, text};

const ORGANIZERS: &str = "/api/v1/conferences/conf/organizers";

async fn delete(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.send_json(
        Method::DELETE,
        &format!("{ORGANIZERS}/{id}"),
        Some(token),
        &json!({}),
    )
    .await
}

api_test!(a_helper_runs_the_conference_but_cannot_manage_its_organizers);
async fn a_helper_runs_the_conference_but_cannot_manage_its_organizers(app: TestApp) {
    let owner = app.conference("conf").await;
    let helper = app.organizer("helper@organizers.test").await;
    body(
        app.get("/api/v1/conferences/conf", Some(&helper)).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let added = body(
        app.post(
            ORGANIZERS,
            Some(&owner),
            &json!({"email": "Helper@Organizers.test"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(added["role"], "helper");
    assert_eq!(added["creator"], false);
    let helper_id = added["organizer_id"].as_str().expect("id").to_owned();

    // Everything an organizer does with the conference…
    body(
        app.get("/api/v1/conferences/conf", Some(&helper)).await,
        StatusCode::OK,
    )
    .await;
    let mine = body(
        app.get("/api/v1/conferences", Some(&helper)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["items"][0]["slug"], "conf", "{mine}");
    let renamed = body(
        app.patch(
            "/api/v1/conferences/conf",
            Some(&helper),
            &json!({"name": "Renamed"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["name"], "Renamed");
    crate::plans::attendees(&app, &helper, 1, "speaker").await;
    let session = crate::console::sign_in(&app, &helper).await;
    let home = text(
        get(&app, "/organizer", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(home.contains("/organizer/c/conf"), "{home}");
    text(
        get(&app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;

    // …but managing its organizers.
    let listed = body(app.get(ORGANIZERS, Some(&helper)).await, StatusCode::OK).await;
    let items = listed["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{listed}");
    assert_eq!(items[0]["email"], "conf@organizers.test");
    assert_eq!(
        (items[0]["role"].clone(), items[0]["creator"].clone()),
        (json!("owner"), json!(true))
    );
    assert_eq!(items[1]["email"], "helper@organizers.test");
    let creator_id = items[0]["organizer_id"].as_str().expect("id").to_owned();
    let problem = body(
        app.post(
            ORGANIZERS,
            Some(&helper),
            &json!({"email": "friend@organizers.test", "name": "Friend"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("helper"),
        "{problem}"
    );
    body(
        delete(&app, &helper, &creator_id).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // Nor can a helper delete the conference.
    body(
        app.send_json(
            Method::DELETE,
            "/api/v1/conferences/conf",
            Some(&helper),
            &json!({}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    body(
        app.get("/api/v1/conferences/conf", Some(&owner)).await,
        StatusCode::OK,
    )
    .await;

    // The owner removes the helper: the conference is gone for them.
    assert_eq!(
        delete(&app, &owner, &helper_id).await.status(),
        StatusCode::NO_CONTENT
    );
    body(
        app.get("/api/v1/conferences/conf", Some(&helper)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    body(
        delete(&app, &owner, &helper_id).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    body(
        delete(&app, &owner, &creator_id).await,
        StatusCode::CONFLICT,
    )
    .await;
    body(
        delete(&app, &owner, "not-a-uuid").await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

api_test!(an_owner_adds_organizers_with_accounts_or_without_and_bad_requests_are_named);
async fn an_owner_adds_organizers_with_accounts_or_without_and_bad_requests_are_named(
    app: TestApp,
) {
    let owner = app.conference("conf").await;
    for (request, field) in [
        (json!({"email": "not an address"}), "email"),
        (
            json!({"email": "a@organizers.test", "role": "boss"}),
            "role",
        ),
        (json!({"email": "new@organizers.test"}), "name"),
    ] {
        let problem: Value = body(
            app.post(ORGANIZERS, Some(&owner), &request).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(error_fields(&problem), vec![field], "{request}");
    }
    let added = body(
        app.post(
            ORGANIZERS,
            Some(&owner),
            &json!({"email": "new@organizers.test", "name": "New Owner", "role": "owner"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (added["name"].clone(), added["role"].clone()),
        (json!("New Owner"), json!("owner"))
    );
    for again in ["new@organizers.test", "conf@organizers.test"] {
        let problem = body(
            app.post(ORGANIZERS, Some(&owner), &json!({"email": again}))
                .await,
            StatusCode::CONFLICT,
        )
        .await;
        assert_eq!(error_fields(&problem), vec!["email"]);
    }
    // A co-owner manages the organizers too.
    let (_, co_owner) = tablemates::workflows::organizers::create_with_token(
        &app.ctx,
        "new@organizers.test",
        "New Owner",
        chrono::Utc::now(),
        &mut rand::rng(),
    )
    .await
    .expect("a token for the new account");
    body(
        app.post(
            ORGANIZERS,
            Some(&co_owner),
            &json!({"email": "third@organizers.test", "name": "Third"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let stranger = app.organizer("stranger@organizers.test").await;
    body(
        app.get(ORGANIZERS, Some(&stranger)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
