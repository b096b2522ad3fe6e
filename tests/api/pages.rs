//! The HTML pages over HTTP: the front door at `/`, the registration form at `/c/{slug}` and the
//! personal-link page at `/manage`, checked against what the JSON API then reports.

use reqwest::{Client, Response, StatusCode, redirect};
use serde_json::{Value, json};

use crate::helpers::{TestApp, body};

/// A client that shows redirects instead of following them.
fn browser() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .expect("client")
}

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> Response {
    browser()
        .post(app.url(path))
        .form(form)
        .send()
        .await
        .expect("request")
}

async fn get_page(app: &TestApp, path: &str) -> Response {
    browser().get(app.url(path)).send().await.expect("request")
}

fn header(res: &Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// The HTML of a page, asserting its status, media type and security headers first.
async fn html(res: Response, status: StatusCode) -> String {
    let actual = res.status();
    let headers = (
        header(&res, "content-type"),
        header(&res, "content-security-policy"),
        header(&res, "x-content-type-options"),
        header(&res, "referrer-policy"),
    );
    let text = res.text().await.expect("body");
    assert_eq!(actual, status, "{text}");
    assert_eq!(headers.0, "text/html; charset=utf-8");
    assert!(
        headers.1.contains("frame-ancestors 'none'"),
        "{}",
        headers.1
    );
    assert!(
        !headers.1.contains("script-src"),
        "no scripts: {}",
        headers.1
    );
    assert_eq!(headers.2, "nosniff");
    assert_eq!(headers.3, "no-referrer");
    text
}

/// A conference with suggested interests; returns the organizer's token.
async fn conference(app: &TestApp, slug: &str) -> String {
    let token = app.conference(slug).await;
    let res = app
        .patch(
            &format!("/api/v1/conferences/{slug}"),
            Some(&token),
            &json!({"suggested_interests": ["Rust", "Compilers"], "venue": "Lisbon & <online>"}),
        )
        .await;
    body(res, StatusCode::OK).await;
    token
}

const ADA: &[(&str, &str)] = &[
    ("name", "Ada Lovelace"),
    ("email", "ada@pages.test"),
    ("affiliation", "Analytical Engines"),
    ("affiliation_visibility", "organizer"),
    ("role", "Engineer"),
    ("bio", "Notes on the engine."),
    ("bio_visibility", "nobody"),
    ("handle_github", "https://github.com/AdaL"),
    ("handle_github_visibility", "nobody"),
    ("handle_x", ""),
    ("handle_x_visibility", "tablemates"),
    ("interest", "rust"),
    ("interests", "looms, Poetry"),
    ("wanted_0_network", "x"),
    ("wanted_0_handle", "@grace"),
    ("wanted_1_network", "x"),
    ("wanted_1_handle", ""),
    ("consent_privacy", "yes"),
    ("consent_emails", "yes"),
];

async fn me(app: &TestApp, token: &str) -> Value {
    body(app.get("/api/v1/me", Some(token)).await, StatusCode::OK).await
}

api_test!(the_form_registers_exactly_as_the_json_api_would);
async fn the_form_registers_exactly_as_the_json_api_would(app: TestApp) {
    conference(&app, "form-conf").await;
    let page = html(get_page(&app, "/c/form-conf").await, StatusCode::OK).await;
    assert!(page.contains("Test Conference"));
    assert!(
        page.contains("Lisbon &amp; &lt;online&gt;"),
        "escaped: {page}"
    );
    for input in [
        "name=\"name\"",
        "name=\"email\"",
        "name=\"handle_bluesky\"",
        "name=\"handle_website_visibility\"",
        "value=\"compilers\"",
        "name=\"wanted_0_handle\"",
        "name=\"consent_privacy\"",
    ] {
        assert!(page.contains(input), "{input} on the page");
    }

    let done = html(post_form(&app, "/c/form-conf", ADA).await, StatusCode::OK).await;
    assert!(done.contains("Check your email"), "{done}");

    let token = app.link_token("ada@pages.test").await;
    let ada = me(&app, &token).await;
    assert_eq!(ada["status"], "pending");
    assert_eq!(ada["affiliation"], "Analytical Engines");
    assert_eq!(
        ada["visibility"],
        json!({"affiliation": "organizer", "bio": "nobody"})
    );
    assert_eq!(ada["handles"].as_array().map(Vec::len), Some(1));
    assert_eq!(ada["handles"][0]["handle"], "adal");
    assert_eq!(ada["handles"][0]["visibility"], "nobody");
    assert_eq!(ada["interests"], json!(["looms", "poetry", "rust"]));
    assert_eq!(
        ada["wants_to_meet"],
        json!([{"network": "x", "handle": "grace"}])
    );
    assert!(ada["consents"]["emails_at"].is_string(), "{ada}");
}

api_test!(registering_twice_by_form_shows_the_same_page_and_changes_nothing);
async fn registering_twice_by_form_shows_the_same_page_and_changes_nothing(app: TestApp) {
    conference(&app, "twice").await;
    let first = html(post_form(&app, "/c/twice", ADA).await, StatusCode::OK).await;
    let mut changed = ADA.to_vec();
    changed[0] = ("name", "Someone Else");
    let second = html(post_form(&app, "/c/twice", &changed).await, StatusCode::OK).await;
    assert_eq!(first, second, "the pages tell nothing apart");
    assert_eq!(app.count("attendees", "1 = 1").await, 1);
    assert_eq!(
        app.count("outbox_emails", "kind = 'already_registered'")
            .await,
        1
    );
    let ada = me(&app, &app.link_token("ada@pages.test").await).await;
    assert_eq!(ada["name"], "Ada Lovelace");
}

api_test!(invalid_fields_come_back_next_to_their_inputs_with_the_values_kept);
async fn invalid_fields_come_back_next_to_their_inputs_with_the_values_kept(app: TestApp) {
    conference(&app, "invalid").await;
    let mut form = ADA.to_vec();
    form[0] = ("name", "<b>Ada</b> & co");
    form[1] = ("email", "not-an-email");
    form.push(("handle_mastodon", "not a mastodon handle"));
    form.push(("handle_mastodon_visibility", "everyone"));
    form.push(("wanted_1_handle", "@@@"));
    form.retain(|(k, _)| *k != "consent_privacy");
    let page = html(
        post_form(&app, "/c/invalid", &form).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    for id in [
        "email-error",
        "handle_mastodon-error",
        "handle_mastodon_visibility-error",
        "wanted_1_handle-error",
        "consent_privacy-error",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}: {page}");
        assert!(page.contains(&format!("aria-describedby=\"{id}")), "{id}");
    }
    assert!(!page.contains("id=\"name-error\""), "the name is valid");
    assert!(
        page.contains("value=\"&lt;b&gt;Ada&lt;&#x2f;b&gt; &amp; co\""),
        "{page}"
    );
    assert!(!page.contains("<b>Ada"), "typed HTML is escaped");
    assert!(page.contains("value=\"not-an-email\""));
    assert!(page.contains("value=\"Analytical Engines\""));
    assert!(page.contains("Notes on the engine.</textarea>"));
    assert!(page.contains("value=\"@grace\""));
    assert!(page.contains("value=\"looms, Poetry\""));
    assert!(
        page.contains("value=\"rust\" checked"),
        "ticked interests stay ticked"
    );
    assert!(page.contains("<option value=\"nobody\" selected>"));
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

api_test!(unknown_conferences_closed_registration_and_junk_bodies_are_pages);
async fn unknown_conferences_closed_registration_and_junk_bodies_are_pages(app: TestApp) {
    let organizer = conference(&app, "closing").await;
    html(
        get_page(&app, "/c/no-such-conf").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    html(
        post_form(&app, "/c/no-such-conf", ADA).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let json = browser()
        .post(app.url("/c/closing"))
        .json(&json!({"name": "Ada"}))
        .send()
        .await
        .expect("request");
    html(json, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let huge = "x".repeat(70 * 1024);
    let too_large = post_form(&app, "/c/closing", &[("bio", huge.as_str())]).await;
    html(too_large, StatusCode::PAYLOAD_TOO_LARGE).await;
    let junk = browser()
        .post(app.url("/c/closing"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%&&=&name=%FF%FE&wanted_99999999999999999999_handle=x&interest=")
        .send()
        .await
        .expect("request");
    html(junk, StatusCode::UNPROCESSABLE_ENTITY).await;

    let res = app
        .post(
            "/api/v1/conferences/closing/registration/close",
            Some(&organizer),
            &json!({}),
        )
        .await;
    body(res, StatusCode::OK).await;
    let page = html(get_page(&app, "/c/closing").await, StatusCode::OK).await;
    assert!(page.contains("is closed"), "{page}");
    assert!(!page.contains("<form"), "no form while closed");
    let page = html(
        post_form(&app, "/c/closing", ADA).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(page.contains("is closed"));
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
}

/// Registers Ada through the form and returns her personal-link token.
async fn registered(app: &TestApp, slug: &str) -> String {
    conference(app, slug).await;
    html(
        post_form(app, &format!("/c/{slug}"), ADA).await,
        StatusCode::OK,
    )
    .await;
    app.link_token("ada@pages.test").await
}

api_test!(the_manage_page_needs_a_valid_token);
async fn the_manage_page_needs_a_valid_token(app: TestApp) {
    html(get_page(&app, "/manage").await, StatusCode::UNAUTHORIZED).await;
    let page = html(
        get_page(&app, "/manage?token=tm_att_nothing").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(page.contains("not valid or has expired"));
    for path in [
        "/manage",
        "/manage/confirm",
        "/manage/withdraw",
        "/manage/delete",
    ] {
        html(
            post_form(&app, path, &[("token", "tm_att_nothing")]).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        html(post_form(&app, path, &[]).await, StatusCode::UNAUTHORIZED).await;
    }
}

api_test!(opening_the_link_never_confirms_but_the_button_does);
async fn opening_the_link_never_confirms_but_the_button_does(app: TestApp) {
    let token = registered(&app, "confirming").await;
    let link = format!("/manage?token={token}");
    let page = html(get_page(&app, &link).await, StatusCode::OK).await;
    assert!(page.contains("Confirm my registration"));
    assert!(page.contains(&format!("name=\"token\" value=\"{token}\"")));
    html(get_page(&app, &link).await, StatusCode::OK).await;
    assert_eq!(me(&app, &token).await["status"], "pending");

    let res = post_form(&app, "/manage/confirm", &[("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&res, "referrer-policy"), "no-referrer");
    let location = header(&res, "location");
    assert_eq!(location, format!("/manage?token={token}&done=confirmed"));
    assert_eq!(me(&app, &token).await["status"], "confirmed");
    let page = html(get_page(&app, &location).await, StatusCode::OK).await;
    assert!(page.contains("Your registration is confirmed"));
    assert!(!page.contains("Confirm my registration"));
}

api_test!(edits_through_the_page_are_saved_and_shown);
async fn edits_through_the_page_are_saved_and_shown(app: TestApp) {
    let token = registered(&app, "editing").await;
    let page = html(
        get_page(&app, &format!("/manage?token={token}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("value=\"Analytical Engines\""));
    assert!(page.contains("value=\"looms, poetry\""), "{page}");
    assert!(
        !page.contains("name=\"email\""),
        "the email is not editable"
    );

    let edit: &[(&str, &str)] = &[
        ("token", &token),
        ("name", "Ada King"),
        ("affiliation", "Royal Society"),
        ("affiliation_visibility", "tablemates"),
        ("bio", ""),
        ("handle_github", "adal"),
        ("handle_github_visibility", "organizer"),
        ("handle_bluesky", "ada.bsky.social"),
        ("interest", "compilers"),
        ("interests", ""),
        ("wanted_0_network", "github"),
        ("wanted_0_handle", "grace"),
    ];
    let res = post_form(&app, "/manage", edit).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = header(&res, "location");
    assert!(location.ends_with("&done=saved"), "{location}");
    let ada = me(&app, &token).await;
    assert_eq!(ada["name"], "Ada King");
    assert_eq!(ada["email"], "ada@pages.test");
    assert_eq!(ada["affiliation"], "Royal Society");
    assert_eq!(ada["bio"], Value::Null);
    assert_eq!(
        ada["visibility"],
        json!({"affiliation": "tablemates", "bio": "nobody"})
    );
    assert_eq!(ada["interests"], json!(["compilers"]));
    assert_eq!(ada["handles"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        ada["wants_to_meet"],
        json!([{"network": "github", "handle": "grace"}])
    );
    let page = html(get_page(&app, &location).await, StatusCode::OK).await;
    assert!(page.contains("Your changes are saved"));
    assert!(page.contains("value=\"Royal Society\""));

    let mut bad = edit.to_vec();
    bad[1] = ("name", " ");
    bad[6] = ("handle_github_visibility", "the-world");
    let page = html(
        post_form(&app, "/manage", &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(page.contains("id=\"name-error\""), "{page}");
    assert!(page.contains("id=\"handle_github_visibility-error\""));
    assert!(page.contains("value=\"ada.bsky.social\""), "values kept");
    assert_eq!(me(&app, &token).await["name"], "Ada King", "nothing saved");
}

api_test!(a_handle_someone_else_holds_is_a_conflict_on_the_page);
async fn a_handle_someone_else_holds_is_a_conflict_on_the_page(app: TestApp) {
    let token = registered(&app, "taken").await;
    let mut grace = ADA.to_vec();
    grace[1] = ("email", "grace@pages.test");
    grace[7] = ("handle_github", "grace");
    // Only a handle tablemates may see is hers alone; a hidden one would clash with nothing.
    grace[8] = ("handle_github_visibility", "tablemates");
    html(post_form(&app, "/c/taken", &grace).await, StatusCode::OK).await;
    let page = html(
        post_form(
            &app,
            "/manage",
            &[
                ("token", &token),
                ("name", "Ada"),
                ("handle_github", "grace"),
            ],
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(page.contains("id=\"handles-error\""), "{page}");
    assert!(page.contains("belongs to another attendee"));
}

api_test!(withdrawing_and_deleting_ask_first);
async fn withdrawing_and_deleting_ask_first(app: TestApp) {
    let token = registered(&app, "leaving").await;
    let page = html(
        post_form(&app, "/manage/withdraw", &[("token", &token)]).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Yes, withdraw"));
    assert_eq!(me(&app, &token).await["status"], "pending");
    let res = post_form(
        &app,
        "/manage/withdraw",
        &[("token", &token), ("sure", "yes")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(me(&app, &token).await["status"], "withdrawn");
    let page = html(
        get_page(&app, &format!("/manage?token={token}&done=withdrawn")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Take part again"));

    let page = html(
        post_form(&app, "/manage/delete", &[("token", &token)]).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Yes, delete everything"));
    assert_eq!(app.count("attendees", "1 = 1").await, 1);
    let page = html(
        post_form(
            &app,
            "/manage/delete",
            &[("token", &token), ("sure", "yes")],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Your data is deleted"));
    assert_eq!(app.count("attendees", "1 = 1").await, 0);
    html(
        get_page(&app, &format!("/manage?token={token}")).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

api_test!(the_stylesheet_is_served_and_cacheable);
async fn the_stylesheet_is_served_and_cacheable(app: TestApp) {
    let page = html(get_page(&app, "/manage").await, StatusCode::UNAUTHORIZED).await;
    let href = page
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a stylesheet link")
        .to_owned();
    assert!(href.starts_with("/static/site.css?v="), "{href}");
    let res = get_page(&app, &href).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "text/css; charset=utf-8");
    assert!(header(&res, "cache-control").contains("max-age=31536000"));
    assert!(
        res.text()
            .await
            .expect("css")
            .contains("prefers-color-scheme")
    );
}

/// A conference of `organizer` running from `starts` to `ends` days from today (UTC).
async fn conference_on(
    app: &TestApp,
    organizer: &str,
    slug: &str,
    (starts, ends): (i64, i64),
    registration_open: bool,
) {
    let today = chrono::Utc::now().date_naive();
    let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
    let res = app
        .post(
            "/api/v1/conferences",
            Some(organizer),
            &json!({
                "slug": slug,
                "name": format!("Conference {slug}"),
                "venue": "Lisbon & <online>",
                "time_zone": "Europe/Lisbon",
                "starts_on": day(starts),
                "ends_on": day(ends),
                "registration_open": registration_open,
            }),
        )
        .await;
    body(res, StatusCode::CREATED).await;
}

api_test!(the_front_door_lists_the_conferences_open_for_registration_soonest_first);
async fn the_front_door_lists_the_conferences_open_for_registration_soonest_first(app: TestApp) {
    let olga = app.organizer("olga@front.test").await;
    conference_on(&app, &olga, "later-conf", (60, 62), true).await;
    conference_on(&app, &olga, "sooner-conf", (10, 11), true).await;
    conference_on(&app, &olga, "last-day-conf", (-2, 0), true).await;
    conference_on(&app, &olga, "closed-conf", (20, 21), false).await;
    conference_on(&app, &olga, "ended-conf", (-3, -1), true).await;

    let page = html(get_page(&app, "/").await, StatusCode::OK).await;

    let position = |slug: &str| page.find(&format!("href=\"/c/{slug}\""));
    let (last_day, sooner, later) = (
        position("last-day-conf").expect("a conference on its last day is listed"),
        position("sooner-conf").expect("an upcoming conference is listed"),
        position("later-conf").expect("a later conference is listed"),
    );
    assert!(last_day < sooner && sooner < later, "soonest first: {page}");
    assert!(page.contains("Conference sooner-conf"), "{page}");
    assert!(
        page.contains("Lisbon &amp; &lt;online&gt;"),
        "escaped: {page}"
    );
    assert_eq!(position("closed-conf"), None, "closed registration: {page}");
    assert_eq!(position("ended-conf"), None, "ended: {page}");
    assert!(!page.contains("closed-conf") && !page.contains("ended-conf"));
    assert!(
        page.contains(
            "<a class=\"organizers\" href=\"/organizer/sign-in\">Organizers: sign in</a>"
        ),
        "{page}"
    );
    assert!(
        page.contains("same table"),
        "says what the service is: {page}"
    );
}

api_test!(with_no_conference_open_the_front_door_says_so);
async fn with_no_conference_open_the_front_door_says_so(app: TestApp) {
    let olga = app.organizer("olga@front.test").await;
    conference_on(&app, &olga, "closed-conf", (20, 21), false).await;

    let res = get_page(&app, "/").await;
    assert_eq!(header(&res, "x-frame-options"), "DENY");
    assert_eq!(header(&res, "cache-control"), "no-store");
    let page = html(res, StatusCode::OK).await;

    assert!(
        page.contains("No conference is open for registration right now."),
        "{page}"
    );
    assert!(!page.contains("href=\"/c/"), "{page}");
    assert!(page.contains("href=\"/organizer/sign-in\""), "{page}");
}

api_test!(the_manage_page_shows_my_tables_and_lets_me_leave_a_meetup);
async fn the_manage_page_shows_my_tables_and_lets_me_leave_a_meetup(app: TestApp) {
    let organizer = app.conference("conf").await;
    crate::plans::attendees(&app, &organizer, 8, "p").await;
    let lunch = crate::plans::meetup(
        &app,
        &organizer,
        json!({"name": "Lunch", "starts_at": "2036-06-01T11:30:00Z",
               "ends_at": "2036-06-01T12:30:00Z", "location": "Hall B",
               "table_count": 2, "table_min": 3, "table_max": 5}),
    )
    .await;
    let meetup_id = lunch["id"].as_str().expect("meetup id").to_owned();
    crate::plans::seat_and_publish(&app, &organizer, &meetup_id).await;
    let token = app.link_token("p0@example.org").await;

    let page = html(
        get_page(&app, &format!("/manage?token={token}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Your tables"), "{page}");
    // The conference is in Lisbon: 11:30 UTC is 12:30 there in June.
    assert!(
        page.contains("Sunday 1 June 2036, 12:30–13:30 (Europe&#x2f;Lisbon)"),
        "{page}"
    );
    let tables = body(
        app.get("/api/v1/me/tables", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    let mates = tables["items"][0]["tablemates"]
        .as_array()
        .expect("tablemates");
    assert!(!mates.is_empty());
    for mate in mates {
        let name = mate["name"].as_str().expect("a name");
        assert!(page.contains(name), "{name} in {page}");
    }
    assert!(page.contains("I will not come to Lunch"), "{page}");
    // Each handle is shown with its network's name, not bare.
    assert!(
        page.contains(r#"<span class="network">GitHub</span> <a href="#),
        "{page}"
    );

    let ics = get_page(&app, &format!("/manage/calendar.ics?token={token}")).await;
    assert_eq!(ics.status(), StatusCode::OK);
    assert_eq!(header(&ics, "content-type"), "text/calendar; charset=utf-8");
    let ics = ics.text().await.expect("body");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(
        ics.contains(&format!("meetup-{meetup_id}-attendee-")),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART;TZID=Europe/Lisbon:20360601T123000"),
        "{ics}"
    );
    assert!(
        !ics.contains("METHOD:"),
        "a file to import asks nothing: {ics}"
    );
    let from_api = app.get("/api/v1/me/calendar.ics", Some(&token)).await;
    assert_eq!(from_api.status(), StatusCode::OK);
    let csv = get_page(&app, &format!("/manage/tablemates.csv?token={token}")).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(header(&csv, "content-type"), "text/csv; charset=utf-8");
    assert_eq!(header(&csv, "cache-control"), "no-store");
    assert!(
        csv.text()
            .await
            .expect("body")
            .starts_with("Account address")
    );

    for (form, status) in [
        (
            vec![("meetup", meetup_id.as_str()), ("attending", "maybe")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![("meetup", "nope"), ("attending", "no")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let mut form = form;
        form.push(("token", token.as_str()));
        html(post_form(&app, "/manage/meetups", &form).await, status).await;
    }
    let left = post_form(
        &app,
        "/manage/meetups",
        &[
            ("token", &token),
            ("meetup", &meetup_id),
            ("attending", "no"),
        ],
    )
    .await;
    assert_eq!(left.status(), StatusCode::SEE_OTHER);
    assert!(header(&left, "location").contains("done=meetups"));
    let mine = body(
        app.get("/api/v1/me/meetups", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["items"][0]["attending"], false, "{mine}");
    let page = html(
        get_page(&app, &format!("/manage?token={token}&done=meetups")).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Your meetups are saved."), "{page}");
    assert!(page.contains("I will come to Lunch"), "{page}");

    html(
        get_page(&app, "/manage/tablemates.csv?token=tm_att_nothing").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    html(
        post_form(&app, "/manage/meetups", &[("token", "tm_att_nothing")]).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

api_test!(an_attendee_downloads_everything_held_about_them);
async fn an_attendee_downloads_everything_held_about_them(app: TestApp) {
    let token = registered(&app, "conf").await;
    let from_page = get_page(&app, &format!("/manage/data.json?token={token}")).await;
    assert_eq!(from_page.status(), StatusCode::OK);
    assert_eq!(header(&from_page, "cache-control"), "no-store");
    assert!(header(&from_page, "content-disposition").starts_with("attachment"));
    let data: Value = from_page.json().await.expect("JSON");
    let schema = json!({"$ref": "#/components/schemas/MyData"});
    let errors = crate::contract::validate(&crate::contract::spec(), &schema, &data, "$");
    assert!(errors.is_empty(), "{errors:?}\n{data}");
    assert_eq!(data["registration"]["name"], "Ada Lovelace");
    // What she keeps to herself is in her own copy.
    assert_eq!(data["registration"]["bio"], "Notes on the engine.");
    let kinds: Vec<&str> = data["emails"]
        .as_array()
        .expect("emails")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["registration_confirmation"]);
    assert_eq!(data["table_emails"], true);
    let from_api = body(
        app.get("/api/v1/me/data.json", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(from_api["registration"], data["registration"]);
    html(
        get_page(&app, "/manage/data.json?token=tm_att_nothing").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}
