//! Languages: which language a page and an email are written in (the attendee's choice, else
//! the browser's Accept-Language for pages, else the conference's default), and the fields
//! that choose it.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, body, error_fields, registration};

async fn page(app: &TestApp, path: &str, accept_language: Option<&str>) -> String {
    let mut req = app.client.get(app.url(path));
    if let Some(value) = accept_language {
        req = req.header("accept-language", value);
    }
    let res = req.send().await.expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.expect("body")
}

/// The text part of the newest email sent to `recipient`, with its subject.
fn newest_mail(app: &TestApp, recipient: &str) -> (String, String) {
    use mail_parser::MessageParser;
    let mut newest: Option<(std::time::SystemTime, String, String)> = None;
    for entry in std::fs::read_dir(app.mail_dir.path()).expect("mail folder") {
        let path = entry.expect("entry").path();
        let raw = std::fs::read(&path).expect("readable");
        let Some(message) = MessageParser::default().parse(&raw) else {
            continue;
        };
        let to = message
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .is_some_and(|a| a.eq_ignore_ascii_case(recipient));
        if !to {
            continue;
        }
        let written = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        if newest.as_ref().is_none_or(|(t, ..)| written >= *t) {
            newest = Some((
                written,
                message.subject().unwrap_or_default().to_owned(),
                message.body_text(0).unwrap_or_default().into_owned(),
            ));
        }
    }
    let (_, subject, text) = newest.unwrap_or_else(|| panic!("no email to {recipient}"));
    (subject, text)
}

api_test!(a_page_follows_accept_language_else_the_conference_default);
async fn a_page_follows_accept_language_else_the_conference_default(app: TestApp) {
    let token = app.conference("sprachen").await;

    let english = page(&app, "/c/sprachen", None).await;
    assert!(english.contains(r#"<html lang="en">"#), "{english}");
    assert!(english.contains("Register"), "{english}");

    let german = page(&app, "/c/sprachen", Some("de-DE,de;q=0.9,en;q=0.5")).await;
    assert!(german.contains(r#"<html lang="de">"#), "{german}");
    assert!(german.contains("Anmelden"), "{german}");
    assert!(german.contains("1.–3. Juni 2026"), "{german}");
    assert!(!german.contains("Register"), "{german}");

    let res = app
        .patch(
            "/api/v1/conferences/sprachen",
            Some(&token),
            &json!({"default_language": "de"}),
        )
        .await;
    assert_eq!(body(res, StatusCode::OK).await["default_language"], "de");
    let by_default = page(&app, "/c/sprachen", None).await;
    assert!(by_default.contains(r#"<html lang="de">"#), "{by_default}");
    let asked_english = page(&app, "/c/sprachen", Some("en-GB")).await;
    assert!(
        asked_english.contains(r#"<html lang="en">"#),
        "{asked_english}"
    );
    let home = page(&app, "/", Some("de")).await;
    assert!(home.contains("Lernen Sie die Menschen"), "{home}");
}

api_test!(an_attendee_who_chose_german_gets_german_emails_and_pages);
async fn an_attendee_who_chose_german_gets_german_emails_and_pages(app: TestApp) {
    app.conference("sprachwahl").await;
    let mut ada = registration("Ada", "ada@languages.test");
    ada["language"] = json!("de");
    body(app.register("sprachwahl", &ada).await, StatusCode::ACCEPTED).await;
    body(
        app.register("sprachwahl", &registration("Bob", "bob@languages.test"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;

    let token = app.link_token("ada@languages.test").await;
    let (subject, text) = newest_mail(&app, "ada@languages.test");
    assert_eq!(
        subject,
        "Bitte bestätigen Sie Ihre Anmeldung für Test Conference"
    );
    assert!(text.starts_with("Hallo Ada,"), "{text}");
    let (subject, _) = newest_mail(&app, "bob@languages.test");
    assert_eq!(
        subject,
        "Please confirm your registration for Test Conference"
    );

    // Her choice beats the browser's language on her own page.
    let manage = page(&app, &format!("/manage?token={token}"), Some("en")).await;
    assert!(manage.contains(r#"<html lang="de">"#), "{manage}");
    assert!(
        manage.contains("Ihre Anmeldung für Test Conference"),
        "{manage}"
    );

    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me["language"], "de");
    let back: Value = body(
        app.patch("/api/v1/me", Some(&token), &json!({"language": null}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(back["language"], Value::Null);
    let manage = page(&app, &format!("/manage?token={token}"), None).await;
    assert!(manage.contains(r#"<html lang="en">"#), "{manage}");
}

api_test!(an_unknown_language_is_a_422_naming_the_field);
async fn an_unknown_language_is_a_422_naming_the_field(app: TestApp) {
    let token = app.conference("babel").await;
    let mut ada = registration("Ada", "ada@babel.test");
    ada["language"] = json!("fr");
    let problem = body(
        app.register("babel", &ada).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(error_fields(&problem), ["language"]);
    let res = app
        .patch(
            "/api/v1/conferences/babel",
            Some(&token),
            &json!({"default_language": "klingon"}),
        )
        .await;
    let problem = body(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error_fields(&problem), ["default_language"]);
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

/// A console page of `session`'s, asked for with `accept_language` (or none).
async fn console_page(
    app: &TestApp,
    path: &str,
    session: &str,
    accept_language: Option<&str>,
) -> String {
    let mut req = app
        .client
        .get(app.url(path))
        .header("cookie", format!("tm_session={session}"));
    if let Some(value) = accept_language {
        req = req.header("accept-language", value);
    }
    let res = req.send().await.expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.expect("body")
}

api_test!(the_console_follows_the_organizers_accept_language_else_english);
async fn the_console_follows_the_organizers_accept_language_else_english(app: TestApp) {
    let (token, lunch) = crate::console::conference_with_lunch(&app, 6, 2).await;
    let session = crate::console::sign_in(&app, &token).await;

    let english = console_page(&app, "/organizer/c/conf", &session, None).await;
    assert!(english.contains(r#"<html lang="en">"#), "{english}");
    assert!(english.contains("Meetups"), "{english}");
    assert!(english.contains("no plan"), "{english}");

    let german = console_page(&app, "/organizer/c/conf", &session, Some("de-DE,de;q=0.9")).await;
    assert!(german.contains(r#"<html lang="de">"#), "{german}");
    assert!(german.contains("Treffen"), "{german}");
    assert!(german.contains("kein Plan"), "{german}");
    assert!(german.contains("2 Tische, bis zu 10 Plätze"), "{german}");
    assert!(german.contains("Juni 2026"), "dates in German: {german}");
    for english_word in ["Meetups", "no plan", "Registration", "June"] {
        assert!(!german.contains(english_word), "{english_word}: {german}");
    }

    let meetup = console_page(&app, &lunch, &session, Some("de")).await;
    assert!(meetup.contains(r#"<html lang="de">"#), "{meetup}");
    assert!(
        meetup.contains("Bevor Sie die Platzierung starten"),
        "{meetup}"
    );
    let meetup = console_page(&app, &lunch, &session, Some("fr, en;q=0.5")).await;
    assert!(meetup.contains("Before you run the matcher"), "{meetup}");

    // A language the catalogues lack falls back to English, not to the conference's default.
    let res = app
        .patch(
            "/api/v1/conferences/conf",
            Some(&token),
            &json!({"default_language": "de"}),
        )
        .await;
    assert_eq!(body(res, StatusCode::OK).await["default_language"], "de");
    let french = console_page(&app, "/organizer/c/conf", &session, Some("fr")).await;
    assert!(french.contains(r#"<html lang="en">"#), "{french}");
}

/// `form` posted to `path` as a browser that asks for `accept_language`, with the session
/// cookie when there is one: the status and the page.
async fn post_form_in(
    app: &TestApp,
    path: &str,
    session: Option<&str>,
    accept_language: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut req = app
        .client
        .post(app.url(path))
        .header("accept-language", accept_language)
        .form(form);
    if let Some(session) = session {
        req = req.header("cookie", format!("tm_session={session}"));
    }
    let res = req.send().await.expect("request");
    let status = res.status();
    (status, res.text().await.expect("body"))
}

api_test!(a_german_registration_form_says_what_is_wrong_in_german);
async fn a_german_registration_form_says_what_is_wrong_in_german(app: TestApp) {
    app.conference("fehler").await;
    let long_name = "A".repeat(101);
    let form = [
        ("name", long_name.as_str()),
        ("email", "ada.example.org"),
        ("consent_privacy", "yes"),
    ];
    let (status, german) = post_form_in(&app, "/c/fehler", None, "de-DE,de;q=0.9", &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{german}");
    assert!(german.contains(r#"<html lang="de">"#), "{german}");
    for message in [
        "Ihr Name: darf höchstens 100 Zeichen lang sein (hier sind es 101)",
        "E-Mail-Adresse: muss genau ein @ enthalten, etwa name@example.org",
    ] {
        assert!(german.contains(message), "{message} in {german}");
    }
    for english in [
        "must be at most",
        "must contain exactly one @",
        "this is 101",
    ] {
        assert!(!german.contains(english), "{english} in {german}");
    }

    // Without the privacy consent, the box's message is German too.
    let (status, german) = post_form_in(
        &app,
        "/c/fehler",
        None,
        "de",
        &[("name", "Ada"), ("email", "ada@fehler.test")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{german}");
    assert!(
        german.contains("Einwilligung: muss angekreuzt sein"),
        "{german}"
    );
    assert!(!german.contains("must be true"), "{german}");

    // The same form in English says what the JSON API says.
    let (status, english) = post_form_in(&app, "/c/fehler", None, "en", &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{english}");
    assert!(
        english.contains("must be at most 100 characters (this is 101)"),
        "{english}"
    );
    assert!(
        english.contains("must contain exactly one @, like name@example.org"),
        "{english}"
    );
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

api_test!(a_german_console_form_says_what_is_wrong_in_german);
async fn a_german_console_form_says_what_is_wrong_in_german(app: TestApp) {
    let token = app.organizer("olga@organizers.test").await;
    let session = crate::console_setup::sign_in(&app, &token).await;
    let csrf = crate::console_setup::csrf(&app, "/organizer/conferences/new", &session).await;
    let mut form = crate::console_setup::conference_form(&csrf, "rueckwaerts");
    form[5] = ("ends_on", "2027-05-01");
    form[10] = ("table_max", "51");
    let (status, german) = post_form_in(
        &app,
        "/organizer/conferences/new",
        Some(&session),
        "de",
        &form,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{german}");
    for message in [
        "darf nicht nach dem letzten Tag liegen",
        "darf nicht vor dem ersten Tag liegen",
        "an einem Tisch dürfen höchstens 50 Personen sitzen",
    ] {
        assert!(german.contains(message), "{message} in {german}");
    }
    for english in ["must not be", "must be", "the maximum table size"] {
        assert!(!german.contains(english), "{english} in {german}");
    }
}

api_test!(a_german_run_form_says_why_the_meetup_cannot_be_seated_in_german);
async fn a_german_run_form_says_why_the_meetup_cannot_be_seated_in_german(app: TestApp) {
    let (token, lunch) = crate::console::conference_with_lunch(&app, 7, 1).await;
    let session = crate::console::sign_in(&app, &token).await;
    let page = console_page(&app, &lunch, &session, Some("de")).await;
    let csrf = crate::organizer_console::csrf_of(&page);
    let (status, refused) = post_form_in(
        &app,
        &format!("{lunch}/run"),
        Some(&session),
        "de",
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(
        refused.contains(
            "Tuesday lunch: 7 Personen passen nicht an die Tische, an denen höchstens 5 Platz haben"
        ),
        "{refused}"
    );
    // (The meetup's own feasibility panel below still speaks English: it is no field error.)
    assert!(!refused.contains("Tuesday lunch: 7 people"), "{refused}");
}
