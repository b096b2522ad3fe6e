//! The privacy rule: nothing anyone can observe depends on a detail an attendee keeps to
//! themself ("only me"), except how good the seating is; and an organizer cannot change who an
//! attendee is or what they chose behind their back. Each test reproduces one way the rule was
//! broken.

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestBackend, body, error_fields, registration};
use crate::plans::{meetup, seat_and_publish};

const ATTENDEES: &str = "/api/v1/conferences/conf/attendees";

/// An attendee the organizer added, who keeps an affiliation and a GitHub handle to themself.
async fn quiet_attendee(app: &TestApp, token: &str) -> String {
    let created = body(
        app.post(
            ATTENDEES,
            Some(token),
            &json!({
                "name": "Quiet Person",
                "email": "quiet@example.org",
                "affiliation": "Secret Lab",
                "handles": [{"network": "github", "handle": "ghnobody", "visibility": "nobody"}],
                "interests": ["rust"],
                "visibility": {"affiliation": "nobody"},
                "consents": {"privacy": true},
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    created["id"].as_str().expect("id").to_owned()
}

/// The payloads of the emails of `kind` queued for `recipient`, newest first.
async fn payloads(app: &TestApp, kind: &str, recipient: &str) -> Vec<Value> {
    let sql = format!(
        "SELECT payload FROM outbox_emails WHERE kind = '{kind}' AND recipient = '{recipient}' \
         ORDER BY created_at DESC"
    );
    app.db
        .read
        .query_all_raw(Statement::from_string(app.db.backend(), sql))
        .await
        .expect("outbox query")
        .into_iter()
        .map(|row| {
            let payload: String = row.try_get("", "payload").expect("payload column");
            serde_json::from_str(&payload).expect("payload is JSON")
        })
        .collect()
}

/// The token of the newest link starting with `link` (`/manage?token=`,
/// `/email-change?token=`) in an email sent to `email`: the mailer mints links as it sends.
async fn sent_link(app: &TestApp, email: &str, link: &str) -> String {
    app.wait_until_sent_to(email).await;
    crate::helpers::sent_tokens(app.mail_dir.path(), email, link)
        .pop()
        .unwrap_or_else(|| panic!("a sent email to {email} with {link}"))
}

async fn ask_for_link(app: &TestApp, email: &str) {
    body(
        app.post(
            "/api/v1/public/conferences/conf/access-link",
            None,
            &json!({"email": email}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
}

api_test!(an_organizer_cannot_take_over_an_attendee_by_changing_their_email);
async fn an_organizer_cannot_take_over_an_attendee_by_changing_their_email(app: TestApp) {
    let token = app.conference("conf").await;
    let id = quiet_attendee(&app, &token).await;

    let patched = body(
        app.patch(
            &format!("{ATTENDEES}/{id}"),
            Some(&token),
            &json!({"email": "organizer-inbox@example.org"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(patched["email"], "quiet@example.org", "{patched}");
    assert_eq!(patched["pending_email"], "organizer-inbox@example.org");

    // "Send me my link" answers first and looks the address up afterwards: both requests are
    // in, the one for the address in use has been queued, then the other is checked.
    ask_for_link(&app, "organizer-inbox@example.org").await;
    ask_for_link(&app, "quiet@example.org").await;
    app.wait_for_outbox(
        "kind = 'access_link' AND recipient = 'quiet@example.org'",
        1,
    )
    .await;
    crate::helpers::let_workers_run().await;
    assert_eq!(
        app.count(
            "outbox_emails",
            "kind = 'access_link' AND recipient = 'organizer-inbox@example.org'"
        )
        .await,
        0,
        "no personal link goes to an address that has not confirmed"
    );
    let link = sent_link(&app, "quiet@example.org", "/manage?token=").await;
    let me = body(app.get("/api/v1/me", Some(&link)).await, StatusCode::OK).await;
    assert_eq!(
        me["affiliation"], "Secret Lab",
        "the owner still sees it all"
    );
    assert_eq!(me["pending_email"], "organizer-inbox@example.org");
}

api_test!(an_organizer_cannot_change_who_sees_an_attendees_details);
async fn an_organizer_cannot_change_who_sees_an_attendees_details(app: TestApp) {
    let token = app.conference("conf").await;
    let id = quiet_attendee(&app, &token).await;
    let refused = body(
        app.patch(
            &format!("{ATTENDEES}/{id}"),
            Some(&token),
            &json!({"name": "Renamed", "visibility": {"affiliation": "tablemates"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&refused), ["visibility.affiliation"]);
    assert_eq!(
        app.count(
            "attendees",
            "affiliation_visibility = 'nobody' AND name = 'Quiet Person'"
        )
        .await,
        1,
        "nothing of the refused edit is stored"
    );
    let seen = body(
        app.get(&format!("{ATTENDEES}/{id}"), Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["affiliation"], Value::Null, "{seen}");
}

api_test!(an_organizer_cannot_delete_or_replace_an_attendees_handles);
async fn an_organizer_cannot_delete_or_replace_an_attendees_handles(app: TestApp) {
    let token = app.conference("conf").await;
    let id = quiet_attendee(&app, &token).await;
    for handles in [
        json!([]),
        json!([{"network": "github", "handle": "someoneelse"}]),
    ] {
        let refused = body(
            app.patch(
                &format!("{ATTENDEES}/{id}"),
                Some(&token),
                &json!({"handles": handles}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(error_fields(&refused), ["handles"]);
    }
    assert_eq!(
        app.count("attendee_handles", "handle = 'ghnobody'").await,
        1,
        "the hidden handle is still there"
    );
}

api_test!(an_organizers_email_change_waits_for_the_new_address_and_tells_the_old_one);
async fn an_organizers_email_change_waits_for_the_new_address_and_tells_the_old_one(app: TestApp) {
    let token = app.conference("conf").await;
    let id = quiet_attendee(&app, &token).await;
    body(
        app.patch(
            &format!("{ATTENDEES}/{id}"),
            Some(&token),
            &json!({"email": "new@example.org"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    // A sent email keeps no content: what it said is read from the message itself.
    assert_eq!(
        app.count("outbox_emails", "kind = 'email_change_notice'")
            .await,
        1,
        "the old address is told"
    );
    let manage = sent_link(&app, "quiet@example.org", "/manage?token=").await;
    let me = body(app.get("/api/v1/me", Some(&manage)).await, StatusCode::OK).await;
    assert_eq!(me["email"], "quiet@example.org");
    assert_eq!(me["pending_email"], "new@example.org");

    assert_eq!(
        app.count("outbox_emails", "kind = 'email_change_confirmation'")
            .await,
        1,
        "the new address is asked"
    );
    let confirm_token = sent_link(&app, "new@example.org", "/email-change?token=").await;
    assert!(
        crate::helpers::sent_tokens(app.mail_dir.path(), "new@example.org", "/manage?token=")
            .is_empty(),
        "the address that has not confirmed gets no personal link"
    );
    let page = app
        .get(&format!("/email-change?token={confirm_token}"), None)
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(
        app.count("attendees", "email = 'quiet@example.org'").await,
        1,
        "opening the link changes nothing"
    );

    let confirmed = body(
        app.post(
            "/api/v1/email-change",
            None,
            &json!({"token": confirm_token}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(confirmed["email"], "new@example.org");
    let seen = body(
        app.get(&format!("{ATTENDEES}/{id}"), Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["email"], "new@example.org");
    assert_eq!(seen["pending_email"], Value::Null);
    body(
        app.post(
            "/api/v1/email-change",
            None,
            &json!({"token": confirm_token}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

api_test!(the_attendee_can_cancel_an_email_change_before_it_is_confirmed);
async fn the_attendee_can_cancel_an_email_change_before_it_is_confirmed(app: TestApp) {
    let token = app.conference("conf").await;
    let id = quiet_attendee(&app, &token).await;
    body(
        app.patch(
            &format!("{ATTENDEES}/{id}"),
            Some(&token),
            &json!({"email": "new@example.org"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let link = sent_link(&app, "quiet@example.org", "/manage?token=").await;
    let confirm_token = sent_link(&app, "new@example.org", "/email-change?token=").await;
    let page = app.get(&format!("/manage?token={link}"), None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.expect("page");
    assert!(page.contains("id=\"pending-email\""), "{page}");
    assert!(page.contains("/manage/email-change/cancel"), "{page}");
    let cancelled = body(
        app.send_json(
            reqwest::Method::DELETE,
            "/api/v1/me/pending-email",
            Some(&link),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["pending_email"], Value::Null);
    body(
        app.post(
            "/api/v1/email-change",
            None,
            &json!({"token": confirm_token}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        app.count("attendees", "email = 'quiet@example.org'").await,
        1
    );
}

api_test!(
    registering_a_handle_someone_keeps_to_themself_reveals_nothing,
    backend
);
async fn registering_a_handle_someone_keeps_to_themself_reveals_nothing(backend: &TestBackend) {
    // The mailer is held back: a sent email keeps no payload to read.
    let app = backend
        .spawn_with(&[("TABLEMATES_OUTBOX_POLL_MS", "3600000")])
        .await;
    let token = app.conference("conf").await;
    quiet_attendee(&app, &token).await;
    for (email, handle) in [
        ("guess@example.org", "ghnobody"),
        ("control@example.org", "ghnobodyelse"),
    ] {
        let mut form = registration("Guesser", email);
        form["handles"] = json!([{"network": "github", "handle": handle}]);
        body(app.register("conf", &form).await, StatusCode::ACCEPTED).await;
        let confirmation = &payloads(&app, "registration_confirmation", email).await[0];
        assert_eq!(
            confirmation["handles_claimed_by_someone_else"],
            json!([]),
            "{handle}: {confirmation}"
        );
        assert_eq!(
            app.count(
                "attendee_handles",
                &format!(
                    "handle = '{handle}' AND attendee_id IN \
                     (SELECT id FROM attendees WHERE email = '{email}')"
                )
            )
            .await,
            1,
            "{handle} is registered all the same"
        );
    }
}

api_test!(an_import_dry_run_does_not_answer_guesses_at_hidden_details);
async fn an_import_dry_run_does_not_answer_guesses_at_hidden_details(app: TestApp) {
    let token = app.conference("conf").await;
    quiet_attendee(&app, &token).await;
    let mut answers = Vec::new();
    for guess in ["Secret Lab", "Wrong Guess"] {
        let csv = format!("name,email,affiliation\nQuiet Person,quiet@example.org,{guess}\n");
        let report = body(
            app.client
                .post(app.url(&format!("{ATTENDEES}/import?dry_run=true")))
                .bearer_auth(&token)
                .header("content-type", "text/csv; charset=utf-8")
                .body(csv)
                .send()
                .await
                .expect("request"),
            StatusCode::OK,
        )
        .await;
        answers.push(report["rows"][0]["outcome"].clone());
    }
    assert_eq!(answers[0], answers[1], "{answers:?}");

    // A handle cell is refused whether or not it guesses the hidden handle.
    let csv = "name,email,github\nQuiet Person,quiet@example.org,ghnobody\n";
    let refused = body(
        app.client
            .post(app.url(&format!("{ATTENDEES}/import?dry_run=true")))
            .bearer_auth(&token)
            .header("content-type", "text/csv; charset=utf-8")
            .body(csv)
            .send()
            .await
            .expect("request"),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let report = &refused["report"];
    let row = &report["rows"][0];
    assert_eq!(row["outcome"], "rejected", "{report}");
    assert_eq!(row["errors"][0]["field"], "github", "{report}");
}

/// A meetup with one table of three, so everyone sits together.
async fn one_table(app: &TestApp, token: &str) -> String {
    let created = meetup(
        app,
        token,
        json!({
            "name": "Lunch",
            "starts_at": "2026-06-01T11:30:00Z",
            "ends_at": "2026-06-01T12:30:00Z",
            "location": "Hall B",
            "table_count": 1,
            "table_min": 3,
            "table_max": 5,
        }),
    )
    .await;
    created["id"].as_str().expect("id").to_owned()
}

async fn add(app: &TestApp, token: &str, attendee: Value) -> String {
    let mut full = json!({"interests": ["rust"], "consents": {"privacy": true}});
    for (k, v) in attendee.as_object().expect("an object") {
        full[k] = v.clone();
    }
    let created = body(
        app.post(ATTENDEES, Some(token), &full).await,
        StatusCode::CREATED,
    )
    .await;
    created["id"].as_str().expect("id").to_owned()
}

api_test!(
    a_wish_to_meet_does_not_resolve_through_a_hidden_handle,
    backend
);
async fn a_wish_to_meet_does_not_resolve_through_a_hidden_handle(backend: &TestBackend) {
    // The mailer is held back: a sent email keeps no payload to read.
    let app = backend
        .spawn_with(&[("TABLEMATES_OUTBOX_POLL_MS", "3600000")])
        .await;
    let token = app.conference("conf").await;
    add(
        &app,
        &token,
        json!({"name": "Quiet", "email": "quiet@example.org",
               "handles": [{"network": "github", "handle": "ghnobody", "visibility": "nobody"}],
               "wants_to_meet": [{"network": "github", "handle": "seeker"}]}),
    )
    .await;
    let seeker = add(
        &app,
        &token,
        json!({"name": "Seeker", "email": "seeker@example.org",
               "handles": [{"network": "github", "handle": "seeker"}],
               "wants_to_meet": [{"network": "github", "handle": "ghnobody"}]}),
    )
    .await;
    add(
        &app,
        &token,
        json!({"name": "Third", "email": "third@example.org"}),
    )
    .await;
    let seen = body(
        app.get(&format!("{ATTENDEES}/{seeker}"), Some(&token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        seen["wants_to_meet"][0].get("attendee_id"),
        None,
        "the organizer does not learn who holds the hidden handle: {seen}"
    );

    let lunch = one_table(&app, &token).await;
    seat_and_publish(&app, &token, &lunch).await;
    app.wait_for_outbox("kind = 'table_introduction'", 3).await;
    let letter = &payloads(&app, "table_introduction", "seeker@example.org").await[0];
    let quiet = letter["tablemates"]
        .as_array()
        .expect("tablemates")
        .iter()
        .find(|m| m["name"] == "Quiet")
        .expect("Quiet at the table");
    assert_eq!(quiet["mutual_want"], false, "{letter}");
    assert_eq!(quiet["you_wanted"], false, "{letter}");
    assert_eq!(
        quiet["wanted_you"], true,
        "Quiet's own wish is theirs to show"
    );
}

api_test!(a_table_explanation_does_not_count_hidden_affiliations);
async fn a_table_explanation_does_not_count_hidden_affiliations(app: TestApp) {
    let token = app.conference("conf").await;
    for (name, email) in [("One", "one@example.org"), ("Two", "two@example.org")] {
        add(
            &app,
            &token,
            json!({"name": name, "email": email, "affiliation": "Secret Lab",
                   "visibility": {"affiliation": "nobody"}}),
        )
        .await;
    }
    add(
        &app,
        &token,
        json!({"name": "Three", "email": "three@example.org", "affiliation": "Open Lab"}),
    )
    .await;
    let lunch = one_table(&app, &token).await;
    let plan = seat_and_publish(&app, &token, &lunch).await;
    let explained = &plan["tables"][0]["explanation"];
    assert_eq!(
        explained["score"]["same_affiliation_pairs"], 0,
        "{explained}"
    );
    assert_eq!(explained["score"]["same_affiliation"], 0.0, "{explained}");
}
