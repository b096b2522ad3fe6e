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

api_test!(the_organizers_sign_in_email_speaks_the_language_of_the_page_asked_from);
async fn the_organizers_sign_in_email_speaks_the_language_of_the_page_asked_from(app: TestApp) {
    app.conference("conf").await;
    app.conference("other").await;
    let ask = |address: &'static str, accept_language: Option<&'static str>| {
        let mut req = app
            .client
            .post(app.url("/organizer/sign-in"))
            .form(&[("email", address)]);
        if let Some(value) = accept_language {
            req = req.header("accept-language", value);
        }
        req.send()
    };
    let asked = ask("conf@organizers.test", Some("de-DE,de;q=0.9"))
        .await
        .expect("request");
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = ask("other@organizers.test", None).await.expect("request");
    assert_eq!(asked.status(), StatusCode::OK);

    app.wait_until_sent_to("conf@organizers.test").await;
    let (subject, text) = newest_mail(&app, "conf@organizers.test");
    assert_eq!(subject, "Ihr Anmeldelink für tablemates");
    assert!(text.contains("in den nächsten 15 Minuten"), "{text}");
    assert!(text.contains("/organizer/sign-in/link?token="), "{text}");
    assert!(!text.contains("sign in"), "{text}");

    app.wait_until_sent_to("other@organizers.test").await;
    let (subject, text) = newest_mail(&app, "other@organizers.test");
    assert_eq!(subject, "Your tablemates sign-in link");
    assert!(text.contains("for the next 15 minutes"), "{text}");
}

api_test!(the_consoles_rule_notes_preview_problems_and_failed_jobs_speak_german);
async fn the_consoles_rule_notes_preview_problems_and_failed_jobs_speak_german(app: TestApp) {
    use crate::seating_rules::{crowd, lunch};
    let token = app.conference("conf").await;
    crowd(&app, &token, 20, &[]).await;
    // Four tables of five after four tables of five force four repeats (see seating_rules).
    let first = crate::plans::meetup(&app, &token, lunch(1, 4, 5, 5)).await;
    let second = crate::plans::meetup(&app, &token, lunch(2, 4, 5, 5)).await;
    // Twenty people at two tables of at most five: the preview says they do not fit.
    let mut tight = lunch(3, 2, 3, 5);
    tight["series"] = Value::Null;
    let tight = crate::plans::meetup(&app, &token, tight).await;
    let job = crate::plans::run(
        &app,
        &token,
        json!({"meetup_ids": [first["id"], second["id"]], "seed": 1, "iterations": 2000}),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let session = crate::console::sign_in(&app, &token).await;

    let path = |m: &Value| {
        format!(
            "/organizer/c/conf/meetups/{}",
            m["id"].as_str().expect("id")
        )
    };
    // The API keeps the English message and names the sentence and its numbers.
    let plan = crate::seating_rules::plan_of(&app, &token, &second).await;
    let note = &plan["metrics"]["rules"][0];
    assert_eq!(note["code"], "rule-forced-repeats-series", "{note}");
    assert_eq!(note["args"]["floor"], 4, "{note}");
    assert!(
        note["message"]
            .as_str()
            .is_some_and(|m| m.contains("at least 4 pairs"))
    );
    let english = console_page(&app, &path(&second), &session, None).await;
    assert!(
        english.contains("every seating repeats at least 4 pairs"),
        "{english}"
    );
    let german = console_page(&app, &path(&second), &session, Some("de")).await;
    assert!(
        german.contains("wiederholt jede Platzierung mindestens 4 Paare"),
        "{german}"
    );
    assert!(!german.contains("every seating repeats"), "{german}");

    let english = console_page(&app, &path(&tight), &session, None).await;
    assert!(
        english.contains("20 people do not fit at the tables, which hold at most 10"),
        "{english}"
    );
    let german = console_page(&app, &path(&tight), &session, Some("de")).await;
    assert!(
        german.contains("20 Personen passen nicht an die Tische, die höchstens 10 Plätze haben"),
        "{german}"
    );
    assert!(!german.contains("do not fit"), "{german}");
}

api_test!(a_failed_job_is_titled_in_the_consoles_language_and_coded_in_the_api);
async fn a_failed_job_is_titled_in_the_consoles_language_and_coded_in_the_api(app: TestApp) {
    let token = app.conference("conf").await;
    let failed = crate::jobs::a_failed_repair(&app, &token).await;
    let job = &failed["items"][0];
    assert_eq!(job["error"]["title"], "automatic repair failed", "{job}");
    assert_eq!(job["error"]["code"], "job-failed-repair", "{job}");
    let session = crate::console::sign_in(&app, &token).await;
    let path = format!(
        "/organizer/c/conf/jobs/{}",
        job["id"].as_str().expect("job id")
    );
    let german = console_page(&app, &path, &session, Some("de")).await;
    assert!(
        german.contains("Die automatische Reparatur schlug fehl"),
        "{german}"
    );
    let list = console_page(&app, "/organizer/c/conf/jobs", &session, Some("de")).await;
    assert!(
        list.contains("Die automatische Reparatur schlug fehl"),
        "{list}"
    );
    let english = console_page(&app, &path, &session, None).await;
    assert!(english.contains("Automatic repair failed"), "{english}");
}

api_test!(a_missing_page_names_what_is_missing_in_the_pages_language);
async fn a_missing_page_names_what_is_missing_in_the_pages_language(app: TestApp) {
    for (accept, expected, english) in [
        ("de", "Das gesuchte Objekt (Konferenz) gibt es nicht", false),
        ("en", "There is no such conference", true),
    ] {
        let res = app
            .client
            .get(app.url("/c/no-such-conference"))
            .header("accept-language", accept)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let page = res.text().await.expect("body");
        assert!(page.contains(expected), "{page}");
        assert_eq!(page.contains("conference."), english, "{page}");
    }
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

    // A conflict over a field is said next to it, in German too.
    app.conference("belegt").await;
    let form = crate::console_setup::conference_form(&csrf, "belegt");
    let (status, german) = post_form_in(
        &app,
        "/organizer/conferences/new",
        Some(&session),
        "de",
        &form,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{german}");
    assert!(
        german.contains("die Adresse „belegt“ ist schon vergeben"),
        "{german}"
    );
    assert!(!german.contains("is taken"), "{german}");
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
    // The run form's refusal names the meetup; the preview panel says it without the name.
    assert!(!refused.contains("Tuesday lunch: 7 people"), "{refused}");
}

api_test!(refusals_on_pages_are_said_in_the_pages_language_and_coded_in_the_api);
async fn refusals_on_pages_are_said_in_the_pages_language_and_coded_in_the_api(app: TestApp) {
    let token = app.conference("conf").await;
    let ada = [
        ("name", "Ada"),
        ("email", "ada@example.org"),
        ("consent_privacy", "yes"),
    ];
    // An email another attendee has: the console's form says so in German.
    let res = app
        .post(
            "/api/v1/conferences/conf/attendees",
            Some(&token),
            &json!({"name": "Ada", "email": "ada@example.org", "consents": {"privacy": true}}),
        )
        .await;
    body(res, StatusCode::CREATED).await;
    let res = app
        .post(
            "/api/v1/conferences/conf/attendees",
            Some(&token),
            &json!({"name": "Ada Again", "email": "ada@example.org", "consents": {"privacy": true}}),
        )
        .await;
    let problem = body(res, StatusCode::CONFLICT).await;
    assert_eq!(problem["errors"][0]["field"], "email", "{problem}");
    assert_eq!(
        problem["errors"][0]["code"], "conflict-email-taken",
        "{problem}"
    );
    assert_eq!(
        problem["detail"],
        "another attendee of this conference has this email"
    );
    let session = crate::console::sign_in(&app, &token).await;
    let form = console_page(
        &app,
        "/organizer/c/conf/attendees/new",
        &session,
        Some("de"),
    )
    .await;
    let csrf = crate::organizer_console::csrf_of(&form);
    // A form without its session's CSRF token (a tab left open across a new sign-in).
    let (status, german) = post_form_in(
        &app,
        "/organizer/c/conf/attendees",
        Some(&session),
        "de",
        &[
            ("csrf", "stale"),
            ("name", "Grace"),
            ("email", "grace@example.org"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{german}");
    assert!(german.contains("Das Formular ist veraltet"), "{german}");
    // Without the consent box: the organizer is told what it stands for, in German.
    let (status, german) = post_form_in(
        &app,
        "/organizer/c/conf/attendees",
        Some(&session),
        "de",
        &[
            ("csrf", &csrf),
            ("name", "Grace"),
            ("email", "grace@example.org"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{german}");
    assert!(
        german.contains("sobald die Person zugestimmt hat"),
        "{german}"
    );
    assert!(!german.contains("tick this"), "{german}");
    let (status, german) = post_form_in(
        &app,
        "/organizer/c/conf/attendees",
        Some(&session),
        "de",
        &[
            ("csrf", &csrf),
            ("name", "Ada Again"),
            ("email", "ada@example.org"),
            ("consent_privacy", "yes"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{german}");
    assert!(
        german
            .contains("eine andere teilnehmende Person dieser Konferenz hat diese E-Mail-Adresse"),
        "{german}"
    );
    assert!(!german.contains("another attendee"), "{german}");

    // A closed registration: the attendee's form says so in German.
    let res = app
        .post(
            "/api/v1/conferences/conf/registration/close",
            Some(&token),
            &json!({}),
        )
        .await;
    body(res, StatusCode::OK).await;
    let (status, german) = post_form_in(&app, "/c/conf", None, "de", &ada).await;
    assert_eq!(status, StatusCode::CONFLICT, "{german}");
    assert!(
        german.contains("Die Anmeldung für Test Conference ist geschlossen."),
        "{german}"
    );
}
