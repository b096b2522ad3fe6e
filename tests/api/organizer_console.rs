//! The organizer console in a browser's shoes: signing in from the emailed one-time link or
//! with the API token, the session cookie's attributes, the console page, sign-out guarded by
//! the session's CSRF token, and exports downloaded with the session alone.

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Client, Response, StatusCode, redirect};
use sea_orm::ConnectionTrait;

use crate::helpers::TestApp;

/// A browser that shows redirects instead of following them and keeps no cookies by itself.
fn browser() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .expect("client")
}

pub(crate) async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> Response {
    let mut req = browser().post(app.url(path)).form(form);
    if let Some(cookie) = cookie {
        req = req.header(COOKIE, format!("tm_session={cookie}"));
    }
    req.send().await.expect("request")
}

pub(crate) async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> Response {
    let mut req = browser().get(app.url(path));
    if let Some(cookie) = cookie {
        req = req.header(COOKIE, format!("tm_session={cookie}"));
    }
    req.send().await.expect("request")
}

pub(crate) async fn text(res: Response, status: StatusCode) -> String {
    let actual = res.status();
    let body = res.text().await.expect("body");
    assert_eq!(actual, status, "{body}");
    body
}

pub(crate) fn location(res: &Response) -> &str {
    res.headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The session cookie a sign-in set, checking its attributes.
pub(crate) fn session_cookie(res: &Response) -> String {
    let set = res
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a Set-Cookie header")
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(set.contains(attribute), "{attribute} in {set}");
    }
    assert!(!set.contains("Secure"), "plain http: {set}");
    let value = set
        .split(';')
        .next()
        .and_then(|kv| kv.strip_prefix("tm_session="))
        .expect("the tm_session cookie");
    assert!(value.starts_with("tm_ses_"), "{value}");
    value.to_owned()
}

/// The one-time token of the newest sign-in email to `address`, read from the sent message
/// (the mailer mints it as it sends).
async fn link_token(app: &TestApp, address: &str) -> String {
    app.wait_until_sent_to(address).await;
    crate::helpers::sent_tokens(
        app.mail_dir.path(),
        address,
        "/organizer/sign-in/link?token=",
    )
    .pop()
    .expect("a sent sign-in email")
}

/// The CSRF token of the first form of a console page.
pub(crate) fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSRF field")
        .to_owned()
}

api_test!(an_organizer_signs_in_from_the_emailed_link_and_signs_out_with_the_form);
async fn an_organizer_signs_in_from_the_emailed_link_and_signs_out_with_the_form(app: TestApp) {
    app.conference("conf").await;
    let me = "conf@organizers.test";
    let sent = text(
        post(&app, "/organizer/sign-in", None, &[("email", me)]).await,
        StatusCode::OK,
    )
    .await;
    assert!(sent.contains("Check your email"), "{sent}");
    // An address nobody organizes with gets the very same page, and no email.
    let nobody = text(
        post(
            &app,
            "/organizer/sign-in",
            None,
            &[("email", "nobody@example.org")],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(nobody, sent, "the page tells nobody who organizes here");
    assert_eq!(
        app.count("outbox_emails", "kind = 'organizer_sign_in'")
            .await,
        1
    );
    // Asking again at once sends no second email: the first link still works.
    post(&app, "/organizer/sign-in", None, &[("email", me)]).await;
    assert_eq!(
        app.count("outbox_emails", "kind = 'organizer_sign_in'")
            .await,
        1
    );

    let token = link_token(&app, me).await;
    let path = format!("/organizer/sign-in/link?token={token}");
    // Opening the link (as a mail scanner would) shows a button and uses nothing up.
    for _ in 0..2 {
        let page = text(get(&app, &path, None).await, StatusCode::OK).await;
        assert!(page.contains("name=\"token\""), "{page}");
    }
    let signed_in = post(&app, "/organizer/sign-in/link", None, &[("token", &token)]).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), "/organizer");
    let session = session_cookie(&signed_in);
    // The link works once.
    let again = text(
        post(&app, "/organizer/sign-in/link", None, &[("token", &token)]).await,
        StatusCode::GONE,
    )
    .await;
    assert!(again.contains("used already or has expired"), "{again}");
    text(get(&app, &path, None).await, StatusCode::GONE).await;

    let console = text(
        get(&app, "/organizer", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(console.contains("Test Conference"), "{console}");
    assert!(console.contains(me), "{console}");
    let anonymous = get(&app, "/organizer", None).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&anonymous), "/organizer/sign-in");

    // The session downloads exports: no token in the address.
    let export = get(
        &app,
        "/api/v1/conferences/conf/exports/seats.csv",
        Some(&session),
    )
    .await;
    assert_eq!(export.status(), StatusCode::OK);
    let export = get(&app, "/api/v1/conferences/conf/exports/seats.csv", None).await;
    assert_eq!(export.status(), StatusCode::UNAUTHORIZED);

    // Sign-out needs the session's CSRF token; without it nothing changes.
    let csrf = csrf_of(&console);
    for forged in [vec![], vec![("csrf", "0".repeat(64))]] {
        let form: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
        text(
            post(&app, "/organizer/sign-out", Some(&session), &form).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    text(
        get(&app, "/organizer", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    let out = post(
        &app,
        "/organizer/sign-out",
        Some(&session),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&out), "/");
    let removal = out
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(removal.contains("Max-Age=0"), "{removal}");
    let after = get(&app, "/organizer", Some(&session)).await;
    assert_eq!(
        after.status(),
        StatusCode::SEE_OTHER,
        "the session has ended"
    );
    // An ended session is no session, as on every console page: signing it out again, with
    // its old form or with none, goes on to sign in (not a 403 for the form, not `/`).
    for csrf in [csrf.as_str(), ""] {
        let again = post(
            &app,
            "/organizer/sign-out",
            Some(&session),
            &[("csrf", csrf)],
        )
        .await;
        assert_eq!(again.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&again), "/organizer/sign-in");
    }
}

api_test!(the_api_token_signs_in_too_and_a_wrong_one_is_named);
async fn the_api_token_signs_in_too_and_a_wrong_one_is_named(app: TestApp) {
    let token = app.conference("conf").await;
    let signed_in = post(&app, "/organizer/sign-in/token", None, &[("token", &token)]).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let session = session_cookie(&signed_in);
    text(
        get(&app, "/organizer", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    let wrong = text(
        post(
            &app,
            "/organizer/sign-in/token",
            None,
            &[("token", "tm_org_nope")],
        )
        .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(wrong.contains("not a valid organizer token"), "{wrong}");
    assert!(wrong.contains("aria-invalid=\"true\""), "{wrong}");
    let bad_email = text(
        post(
            &app,
            "/organizer/sign-in",
            None,
            &[("email", "not an address")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad_email.contains("f-email"), "{bad_email}");
}

api_test!(expired_links_and_sessions_sign_nobody_in);
async fn expired_links_and_sessions_sign_nobody_in(app: TestApp) {
    let api_token = app.conference("conf").await;
    let me = "conf@organizers.test";
    post(&app, "/organizer/sign-in", None, &[("email", me)]).await;
    let token = link_token(&app, me).await;
    let session = session_cookie(
        &post(
            &app,
            "/organizer/sign-in/token",
            None,
            &[("token", &api_token)],
        )
        .await,
    );
    for table in ["organizer_sign_in_links", "organizer_sessions"] {
        app.db
            .write
            .execute_unprepared(&format!(
                "UPDATE {table} SET expires_at = '2001-01-01 00:00:00'"
            ))
            .await
            .expect("expire");
    }
    text(
        post(&app, "/organizer/sign-in/link", None, &[("token", &token)]).await,
        StatusCode::GONE,
    )
    .await;
    let console = get(&app, "/organizer", Some(&session)).await;
    assert_eq!(console.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&console), "/organizer/sign-in");
}
