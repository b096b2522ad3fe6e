//! The organizer console's conference, meetup and job pages, walked as a browser walks them:
//! preview, run the matcher, watch the job, look at the draft, publish; registration opened and
//! closed by a form; every form guarded by the session's CSRF token; another organizer's
//! conference not found.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, body, eventually};
use crate::jobs::a_failed_repair;
use crate::organizer_console::{csrf_of, get, location, post, session_cookie, text};
use crate::plans::{attendees, meetup};

/// Signs in with the organizer's API token; returns the session cookie's value.
pub(crate) async fn sign_in(app: &TestApp, token: &str) -> String {
    let res = post(app, "/organizer/sign-in/token", None, &[("token", token)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    session_cookie(&res)
}

/// Checks that console page `page` of conference `conf` sends a visitor without a session to
/// sign in and that the conference's page links it, then returns a session of `token`'s.
pub(crate) async fn signed_in_at(app: &TestApp, token: &str, page: &str) -> String {
    let path = format!("/organizer/c/conf/{page}");
    let res = get(app, &path, None).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/organizer/sign-in");
    let session = sign_in(app, token).await;
    let overview = text(
        get(app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(overview.contains(&format!("href=\"{path}\"")), "{overview}");
    session
}

fn lunch(tables: u32) -> Value {
    json!({
        "name": "Tuesday lunch",
        "starts_at": "2026-06-02T11:30:00Z",
        "ends_at": "2026-06-02T12:30:00Z",
        "location": "Hall B",
        "table_count": tables,
        "table_min": 3,
        "table_max": 5,
    })
}

/// Conference `conf` with `people` confirmed attendees and a lunch at `tables` tables: its
/// organizer's token and the lunch's console path.
pub(crate) async fn conference_with_lunch(
    app: &TestApp,
    people: usize,
    tables: u32,
) -> (String, String) {
    let token = app.conference("conf").await;
    attendees(app, &token, people, "Guest").await;
    let lunch = meetup(app, &token, lunch(tables)).await;
    let path = format!(
        "/organizer/c/conf/meetups/{}",
        lunch["id"].as_str().expect("id")
    );
    (token, path)
}

/// The value of the hidden field `name` in `page`.
pub(crate) fn hidden(page: &str, name: &str) -> String {
    page.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("a {name} field in {page}"))
        .to_owned()
}

api_test!(an_organizer_previews_runs_and_publishes_a_meetup_from_the_console);
async fn an_organizer_previews_runs_and_publishes_a_meetup_from_the_console(app: TestApp) {
    let (token, meetup_path) = conference_with_lunch(&app, 8, 2).await;
    let session = sign_in(&app, &token).await;

    let home = text(
        get(&app, "/organizer", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(home.contains("href=\"/organizer/c/conf\""), "{home}");
    let conference = text(
        get(&app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(conference.contains("Test Conference"), "{conference}");
    assert!(conference.contains("1–3 June 2026"), "{conference}");
    assert!(
        conference.contains("<strong>8</strong> confirmed"),
        "{conference}"
    );
    assert!(
        conference.contains("<strong>0</strong> pending"),
        "{conference}"
    );
    assert!(
        conference.contains(&format!("href=\"{meetup_path}\"")),
        "{conference}"
    );
    assert!(conference.contains("Tuesday lunch"), "{conference}");
    // 11:30 UTC is 12:30 in Lisbon in June.
    assert!(
        conference.contains("Tuesday 2 June 2026, 12:30–13:30 (Europe&#x2f;Lisbon)"),
        "{conference}"
    );
    assert!(conference.contains("no plan"), "{conference}");

    let page = text(
        get(&app, &meetup_path, Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("People taking part</dt><dd>8</dd>"),
        "the preview: {page}"
    );
    assert!(
        page.contains("Everyone taking part can be seated"),
        "{page}"
    );
    assert!(page.contains("No draft"), "{page}");
    let csrf = csrf_of(&page);

    let run_path = format!("{meetup_path}/run");
    text(
        post(&app, &run_path, Some(&session), &[]).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    text(
        post(
            &app,
            &run_path,
            Some(&session),
            &[("csrf", &"0".repeat(64))],
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(app.count("jobs", "1 = 1").await, 0, "nothing was queued");
    let queued = post(&app, &run_path, Some(&session), &[("csrf", &csrf)]).await;
    assert_eq!(queued.status(), StatusCode::SEE_OTHER);
    let job_path = location(&queued).to_owned();
    assert!(
        job_path.starts_with("/organizer/c/conf/jobs/"),
        "{job_path}"
    );
    assert_eq!(app.count("jobs", "1 = 1").await, 1);

    let finished = eventually(
        "the job page to say succeeded",
        Duration::from_secs(30),
        async || {
            let page = text(get(&app, &job_path, Some(&session)).await, StatusCode::OK).await;
            if page.contains(">succeeded<") {
                Ok(page)
            } else {
                assert!(!page.contains(">failed<"), "{page}");
                // Followed by the script, with a link to check again without it.
                assert!(
                    page.contains("<div id=\"job-live\" data-running>"),
                    "{page}"
                );
                assert!(page.contains(">Check again</a>"), "{page}");
                assert!(!page.contains("http-equiv"), "no meta refresh: {page}");
                Err(page)
            }
        },
    )
    .await;
    assert!(
        !finished.contains("data-running") && !finished.contains("console.js"),
        "a finished job is not followed: {finished}"
    );
    assert!(
        finished.contains(&format!("href=\"{meetup_path}\"")),
        "{finished}"
    );
    assert!(
        finished.contains("Iterations"),
        "the last progress: {finished}"
    );
    // The conference's job list shows the run, linking to its page.
    let list = text(
        get(&app, "/organizer/c/conf/jobs", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(list.contains(&format!("href=\"{job_path}\"")), "{list}");
    assert!(list.contains("Seating run"), "{list}");
    assert!(list.contains("succeeded"), "{list}");
    let conference_page = text(
        get(&app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(conference_page.contains("href=\"/organizer/c/conf/jobs\""));

    let draft = text(
        get(&app, &meetup_path, Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    for i in 0..8 {
        assert!(draft.contains(&format!(">Guest {i}</li>")), "{draft}");
    }
    assert!(draft.contains("Shared interests: "), "{draft}");
    assert!(draft.contains("Mutual wishes to meet met"), "{draft}");
    let conference = text(
        get(&app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(conference.contains(">draft<"), "{conference}");

    let publish_path = draft
        .split("action=\"")
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .find(|action| action.ends_with("/publish"))
        .expect("a publish form")
        .to_owned();
    let version = hidden(&draft, "version");
    text(
        post(
            &app,
            &publish_path,
            Some(&session),
            &[("version", &version)],
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        0
    );
    let published = post(
        &app,
        &publish_path,
        Some(&session),
        &[("csrf", &csrf), ("version", &version)],
    )
    .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&published), meetup_path);
    let page = text(
        get(&app, &meetup_path, Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("<span class=\"badge\">published</span>"),
        "{page}"
    );
    assert!(!page.contains("Nothing published yet"), "{page}");
    // The published plan's exports are one click away and download with the session alone.
    let seats = page
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.contains("/exports/seats.csv?meetup_id="))
        .expect("a seats download")
        .replace("&amp;", "&");
    let csv = get(&app, &seats, Some(&session)).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.expect("body");
    assert_eq!(
        csv.lines().count(),
        1 + 8,
        "a header and everyone seated: {csv}"
    );
    assert!(page.contains("/exports/cards.html?meetup_id="), "{page}");
    assert_eq!(
        app.count("outbox_emails", "kind = 'table_introduction'")
            .await,
        8,
        "everyone seated is introduced"
    );

    // Publishing the same draft again is refused on the page, with the reason.
    let again = text(
        post(
            &app,
            &publish_path,
            Some(&session),
            &[("csrf", &csrf), ("version", &version)],
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(again.contains("only a draft can be published"), "{again}");
    assert!(
        again.contains("Tuesday lunch"),
        "the meetup's page: {again}"
    );
}

api_test!(a_run_that_cannot_succeed_is_refused_on_the_meetups_page);
async fn a_run_that_cannot_succeed_is_refused_on_the_meetups_page(app: TestApp) {
    let (token, meetup_path) = conference_with_lunch(&app, 7, 1).await;
    let session = sign_in(&app, &token).await;
    let page = text(
        get(&app, &meetup_path, Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("No valid plan exists yet"), "{page}");
    let refused = text(
        post(
            &app,
            &format!("{meetup_path}/run"),
            Some(&session),
            &[("csrf", &csrf_of(&page))],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.contains("That did not work"), "{refused}");
    assert!(
        refused.contains("Tuesday lunch: 7 people do not fit at the tables, which hold at most 5"),
        "{refused}"
    );
    assert_eq!(app.count("jobs", "1 = 1").await, 0, "nothing was queued");
}

api_test!(registration_is_opened_and_closed_with_the_form_and_its_csrf_token);
async fn registration_is_opened_and_closed_with_the_form_and_its_csrf_token(app: TestApp) {
    let token = app.conference("conf").await;
    let session = sign_in(&app, &token).await;
    let is_open = async || {
        body(
            app.get("/api/v1/conferences/conf", Some(&token)).await,
            StatusCode::OK,
        )
        .await["registration_open"]
            .clone()
    };
    let page = text(
        get(&app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("registration open"), "{page}");
    let csrf = csrf_of(&page);
    let path = "/organizer/c/conf/registration";
    text(
        post(&app, path, Some(&session), &[("open", "false")]).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(is_open().await, true, "nothing changed");
    let closed = post(
        &app,
        path,
        Some(&session),
        &[("csrf", &csrf), ("open", "false")],
    )
    .await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&closed), "/organizer/c/conf");
    assert_eq!(is_open().await, false);
    let page = text(
        get(&app, "/organizer/c/conf", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("registration closed"), "{page}");
    assert!(page.contains("Open registration"), "{page}");
    let opened = post(
        &app,
        path,
        Some(&session),
        &[("csrf", &csrf), ("open", "true")],
    )
    .await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    assert_eq!(is_open().await, true);
    text(
        post(
            &app,
            path,
            Some(&session),
            &[("csrf", &csrf), ("open", "maybe")],
        )
        .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    let anonymous = post(&app, path, None, &[("csrf", &csrf), ("open", "false")]).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&anonymous), "/organizer/sign-in");
    assert_eq!(is_open().await, true);
}

api_test!(another_organizers_conference_is_not_found_in_the_console);
async fn another_organizers_conference_is_not_found_in_the_console(app: TestApp) {
    let (_, meetup_path) = conference_with_lunch(&app, 8, 2).await;
    let other = app.conference("other").await;
    let session = sign_in(&app, &other).await;
    let own = text(
        get(&app, "/organizer/c/other", Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    let csrf = csrf_of(&own);
    for path in [
        "/organizer/c/conf".to_owned(),
        meetup_path.clone(),
        "/organizer/c/nowhere".to_owned(),
        "/organizer/c/other/meetups/not-a-uuid".to_owned(),
        "/organizer/c/other/jobs/00000000-0000-0000-0000-000000000000".to_owned(),
        "/organizer/c/conf/jobs".to_owned(),
    ] {
        let page = text(
            get(&app, &path, Some(&session)).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        assert!(page.contains("There is no such"), "{path}: {page}");
    }
    text(
        post(
            &app,
            &format!("{meetup_path}/run"),
            Some(&session),
            &[("csrf", &csrf)],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    text(
        post(
            &app,
            "/organizer/c/conf/registration",
            Some(&session),
            &[("csrf", &csrf), ("open", "false")],
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(app.count("jobs", "1 = 1").await, 0, "nothing was queued");
    let anonymous = get(&app, "/organizer/c/conf", None).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&anonymous), "/organizer/sign-in");
}

api_test!(a_failed_job_says_why_and_stops_refreshing);
async fn a_failed_job_says_why_and_stops_refreshing(app: TestApp) {
    let token = app.conference("conf").await;
    let failed = a_failed_repair(&app, &token).await["items"][0]["id"]
        .as_str()
        .expect("a failed job")
        .to_owned();
    let session = sign_in(&app, &token).await;
    let page = text(
        get(
            &app,
            &format!("/organizer/c/conf/jobs/{failed}"),
            Some(&session),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains(">failed<"), "{page}");
    assert!(page.contains("cannot be repaired"), "the reason: {page}");
    assert!(
        !page.contains("data-running") && !page.contains("console.js"),
        "a finished job is not followed: {page}"
    );
}
