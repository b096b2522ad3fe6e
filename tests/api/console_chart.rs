//! The meetup page's seating chart and its hand adjustments by form: move, swap, lock and
//! unlock through the same workflow as the API, a stale version answered with the plan as it is
//! now, bad input named on the page; and the run form's optional settings.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::console::{conference_with_lunch, hidden, sign_in};
use crate::helpers::{TestApp, body};
use crate::organizer_console::{csrf_of, get, location, post, text};
use crate::plans::{meetup, run};

/// The draft's tables as the page lists them: (number, [(attendee id, name, locked)]).
type Seating = Vec<(i32, Vec<(String, String, bool)>)>;

fn seating(page: &str) -> Seating {
    page.split("<section class=\"table\"")
        .skip(1)
        .filter_map(|section| {
            let head = section.split('>').next()?;
            let number = head.split("data-table=\"").nth(1)?.split('"').next()?;
            let body = section.split("</section>").next()?;
            let people = body
                .split("<li data-attendee=\"")
                .skip(1)
                .map(|li| {
                    let (id, rest) = li.split_once("\">").expect("an id");
                    let item = rest.split("</li>").next().expect("an item");
                    let name = item.split(" <span").next().expect("a name");
                    (id.to_owned(), name.to_owned(), item.contains(">locked<"))
                })
                .collect();
            Some((number.parse().ok()?, people))
        })
        .collect()
}

/// The address of the chart image on `page`.
fn chart_src(page: &str) -> String {
    page.split("<img class=\"chart")
        .nth(1)
        .and_then(|rest| rest.split("src=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("a chart image: {page}"))
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The seating chart `page` shows, fetched from the image's own address as a browser would;
/// with the page's version it may be kept.
async fn chart_of(app: &TestApp, session: &str, page: &str) -> String {
    let src = chart_src(page);
    let res = get(app, &src, Some(session)).await;
    assert_eq!(res.status(), StatusCode::OK, "{src}");
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "image/svg+xml; charset=utf-8");
    assert_eq!(header("cache-control"), "private, max-age=86400, immutable");
    res.text().await.expect("the chart")
}

/// The names the chart draws at table `number` (cut to the chart's 15 characters).
fn charted_at(chart: &str, number: i32) -> Vec<String> {
    chart
        .split("<g transform=")
        .skip(1)
        .find(|table| table.contains(&format!(">Table {number} · ")))
        .map(|table| {
            table
                .split("<text")
                .skip(1)
                // Names; not the caption (`l`) or the flags (`f`) under the table.
                .filter(|text| {
                    !text.starts_with(" class=\"l\"") && !text.starts_with(" class=\"f\"")
                })
                .filter_map(|text| text.split('>').nth(1)?.split('<').next())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn table_of(seating: &Seating, id: &str) -> i32 {
    seating
        .iter()
        .find(|(_, people)| people.iter().any(|p| p.0 == id))
        .map(|(n, _)| *n)
        .unwrap_or_else(|| panic!("{id} seated in {seating:?}"))
}

/// A signed-in organizer's meetup with a draft seating 8 people at two tables of 3 to 5.
async fn a_draft(app: &TestApp) -> Draft<'_> {
    let (token, meetup_path) = conference_with_lunch(app, 8, 2).await;
    let meetup_id = meetup_path.rsplit('/').next().expect("id").to_owned();
    let job = run(
        app,
        &token,
        json!({"meetup_ids": [meetup_id], "seed": 5, "iterations": 50}),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let session = sign_in(app, &token).await;
    let res = get(app, &meetup_path, Some(&session)).await;
    let csp = res
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'"),
        "the drag script may run: {csp}"
    );
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let page = text(res, StatusCode::OK).await;
    let script = page
        .split("<script src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the console's script")
        .to_owned();
    let served = get(app, &script, None).await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(
        served.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(
        served.text().await.expect("body").contains("form.submit()"),
        "the drag and drop submits the move form"
    );
    let action = page
        .split("action=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|action| action.ends_with("/adjust"))
        .expect("an adjust form")
        .to_owned();
    Draft {
        app,
        token,
        session,
        meetup_path,
        action,
    }
}

/// Posts one adjustment with the page's CSRF token and version.
async fn adjust(
    app: &TestApp,
    session: &str,
    action: &str,
    page: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = csrf_of(page);
    let version = hidden(page, "version");
    let mut form = vec![("csrf", csrf.as_str()), ("version", version.as_str())];
    form.extend_from_slice(fields);
    post(app, action, Some(session), &form).await
}

/// A signed-in organizer looking at a draft on its meetup's page.
struct Draft<'a> {
    app: &'a TestApp,
    /// The organizer's API token.
    token: String,
    session: String,
    meetup_path: String,
    action: String,
}

impl Draft<'_> {
    /// The meetup's page now.
    async fn page(&self) -> String {
        text(
            get(self.app, &self.meetup_path, Some(&self.session)).await,
            StatusCode::OK,
        )
        .await
    }

    /// The page after an adjustment the plan accepts, sent from `page`.
    async fn accepted(&self, page: &str, fields: &[(&str, &str)]) -> String {
        let res = adjust(self.app, &self.session, &self.action, page, fields).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{fields:?}");
        let next = location(&res).to_owned();
        text(
            get(self.app, &next, Some(&self.session)).await,
            StatusCode::OK,
        )
        .await
    }

    /// The page refusing an adjustment sent from `page` with `status`.
    async fn refused(&self, page: &str, fields: &[(&str, &str)], status: StatusCode) -> String {
        text(
            adjust(self.app, &self.session, &self.action, page, fields).await,
            status,
        )
        .await
    }
}

api_test!(moving_someone_by_form_shows_the_move_on_the_chart_and_what_it_did_to_the_score);
async fn moving_someone_by_form_shows_the_move_on_the_chart_and_what_it_did_to_the_score(
    app: TestApp,
) {
    let draft = a_draft(&app).await;
    let Draft {
        session,
        meetup_path,
        action,
        ..
    } = &draft;
    let page = draft.page().await;
    assert!(
        page.contains("<img class=\"chart cols2\""),
        "a chart: {page}"
    );
    assert!(
        page.contains("alt=\"\""),
        "a picture the lists say in words: {page}"
    );
    let chart = chart_of(&app, session, &page).await;
    assert!(chart.contains(">Table 1 · "), "captions: {chart}");
    assert!(chart.contains(">mostly "), "a legend: {chart}");
    let before = seating(&page);
    assert_eq!(before.len(), 2, "{before:?}");
    assert_eq!(before.iter().map(|t| t.1.len()).sum::<usize>(), 8);
    let (from, people) = before.iter().max_by_key(|t| t.1.len()).expect("a table");
    let to = before.iter().find(|t| t.0 != *from).expect("another").0;
    let (who, name, _) = people[0].clone();
    let to_text = to.to_string();

    // Without the CSRF token nothing moves.
    let forged = post(
        &app,
        action,
        Some(session),
        &[
            ("version", "1"),
            ("op", "move"),
            ("attendee_id", &who),
            ("table", &to_text),
        ],
    )
    .await;
    text(forged, StatusCode::FORBIDDEN).await;

    let moved = adjust(
        &app,
        session,
        action,
        &page,
        &[("op", "move"), ("attendee_id", &who), ("table", &to_text)],
    )
    .await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let next = location(&moved).to_owned();
    assert!(
        next.starts_with(&format!("{meetup_path}?adjusted=2&before=")),
        "{next}"
    );
    let after = text(get(&app, &next, Some(session)).await, StatusCode::OK).await;
    assert!(
        after.contains("Your change is saved as version 2. The plan's score went from "),
        "{after}"
    );
    assert_eq!(table_of(&seating(&after), &who), to, "{after}");
    let short: String = name.chars().take(15).collect();
    let moved_chart = chart_of(&app, session, &after).await;
    assert!(
        charted_at(&moved_chart, to)
            .iter()
            .any(|n| n.starts_with(short.trim_end())),
        "{name} drawn at table {to}: {moved_chart}"
    );
    assert!(
        !charted_at(&chart, to)
            .iter()
            .any(|n| n.starts_with(short.trim_end())),
        "and not before: {chart}"
    );
    let note = after
        .split("Tables changed: ")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_else(|| panic!("the tables the move changed: {after}"));
    assert!(note.contains(&format!("Table {from} from ")), "{note}");
    assert!(note.contains(&format!("Table {to} from ")), "{note}");
    assert!(after.contains(&format!(">{name}")), "{after}");
    assert!(after.contains("Version 2."), "{after}");

    // The form of a page loaded before the move is stale: the page says so and shows the plan
    // as it is now; nothing changes.
    let back = from.to_string();
    let stale = draft
        .refused(
            &page,
            &[("op", "move"), ("attendee_id", &who), ("table", &back)],
            StatusCode::CONFLICT,
        )
        .await;
    assert!(
        stale.contains("The plan changed since you loaded it"),
        "{stale}"
    );
    assert!(
        stale.contains("Version 2."),
        "the plan as it is now: {stale}"
    );
    assert_eq!(table_of(&seating(&stale), &who), to, "{stale}");

    // Bad input is named on the page, and changes nothing.
    for (fields, message) in [
        (
            [("op", "move"), ("attendee_id", "nobody"), ("table", &back)],
            "Choose a person",
        ),
        (
            [("op", "move"), ("attendee_id", &who), ("table", "")],
            "Choose the table to move them to",
        ),
        (
            [("op", "move"), ("attendee_id", &who), ("table", "99")],
            "This meetup has no table 99",
        ),
        (
            [("op", "teleport"), ("attendee_id", &who), ("table", &back)],
            "Choose move, swap, lock or unlock",
        ),
    ] {
        let page = draft
            .refused(&after, &fields, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert!(page.contains(message), "{message}: {page}");
        assert!(page.contains("That did not work"), "{page}");
    }
    let mut page = draft.page().await;
    assert!(page.contains("Version 2."), "{page}");
    assert!(
        !page.contains("Your change is saved"),
        "the note belongs to the address after a change: {page}"
    );

    // Filled to its 5 seats, a table takes nobody more.
    loop {
        let now = seating(&page);
        let (_, there) = now.iter().find(|t| t.0 == to).expect("the table");
        let (_, others) = now.iter().find(|t| t.0 == *from).expect("the other");
        let fields = [
            ("op", "move"),
            ("attendee_id", others[0].0.as_str()),
            ("table", to_text.as_str()),
        ];
        if there.len() == 5 {
            let full = draft
                .refused(&page, &fields, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
            assert!(
                full.contains(&format!("Table {to} is full (5 seats)")),
                "{full}"
            );
            break;
        }
        page = draft.accepted(&page, &fields).await;
    }
}

api_test!(the_chart_is_kept_per_plan_version_and_only_for_its_organizer);
async fn the_chart_is_kept_per_plan_version_and_only_for_its_organizer(app: TestApp) {
    let draft = a_draft(&app).await;
    let page = draft.page().await;
    let src = chart_src(&page);
    assert!(src.ends_with("/chart.svg?v=1"), "{src}");
    chart_of(&app, &draft.session, &page).await;
    let header = |res: &reqwest::Response, name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };

    // Another version than the plan's, or none: the plan as it is now, not kept; the chart
    // loads nothing and runs nothing.
    let path = src.split('?').next().expect("a path");
    for query in ["?v=7", ""] {
        let res = get(&app, &format!("{path}{query}"), Some(&draft.session)).await;
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        assert_eq!(header(&res, "cache-control").as_deref(), Some("no-store"));
        let csp = header(&res, "content-security-policy").unwrap_or_default();
        assert!(csp.starts_with("default-src 'none'"), "{csp}");
        assert!(res.text().await.expect("svg").contains("<circle"));
    }
    // The legend is in the console's language, so what the browser keeps varies with it.
    let res = get(&app, &src, Some(&draft.session)).await;
    assert_eq!(header(&res, "vary").as_deref(), Some("Accept-Language"));
    assert!(res.text().await.expect("svg").contains(">mostly "));
    let german = app
        .client
        .get(app.url(&src))
        .header("cookie", format!("tm_session={}", draft.session))
        .header("accept-language", "de")
        .send()
        .await
        .expect("request");
    let german = german.text().await.expect("svg");
    assert!(german.contains(">meist "), "{german}");
    assert!(!german.contains(">mostly "), "{german}");
    // A version that is not a number is named.
    let bad = text(
        get(&app, &format!("{path}?v=two"), Some(&draft.session)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad.contains("must be a plan version"), "{bad}");
    // Without a session, to the sign-in page; another organizer's plan names nothing here.
    let res = get(&app, &src, None).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/organizer/sign-in");
    let other = app.conference("other").await;
    let stranger = sign_in(&app, &other).await;
    text(
        get(&app, &src, Some(&stranger)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let foreign = src.replace("/c/conf/", "/c/other/");
    text(
        get(&app, &foreign, Some(&stranger)).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // Signing out clears what the browser kept.
    let csrf = csrf_of(&page);
    let res = post(
        &app,
        "/organizer/sign-out",
        Some(&draft.session),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        header(&res, "clear-site-data").as_deref(),
        Some("\"cache\"")
    );
}

api_test!(swapping_and_locking_by_form_change_the_draft_and_a_locked_seat_stays);
async fn swapping_and_locking_by_form_change_the_draft_and_a_locked_seat_stays(app: TestApp) {
    let draft = a_draft(&app).await;
    let page = draft.page().await;
    let before = seating(&page);
    let (ta, a) = (before[0].0, before[0].1[0].0.clone());
    let (tb, b) = (before[1].0, before[1].1[0].0.clone());
    let back = ta.to_string();
    let move_a_back = [("op", "move"), ("attendee_id", &a), ("table", &back)];

    let page = draft
        .accepted(&page, &[("op", "swap"), ("a", &a), ("b", &b)])
        .await;
    let now = seating(&page);
    assert_eq!((table_of(&now, &a), table_of(&now, &b)), (tb, ta), "{page}");

    let same = draft
        .refused(
            &page,
            &[("op", "swap"), ("a", &a), ("b", &a)],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert!(
        same.contains("Choose two different people to swap"),
        "{same}"
    );

    let page = draft
        .accepted(&page, &[("op", "lock"), ("attendee_id", &a)])
        .await;
    let seat = seating(&page)
        .into_iter()
        .flat_map(|t| t.1)
        .find(|p| p.0 == a)
        .expect("seated");
    assert!(seat.2, "a locked badge: {page}");
    let locked = draft
        .refused(&page, &move_a_back, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(
        locked.contains("This seat is locked; unlock it first"),
        "{locked}"
    );

    let page = draft
        .accepted(&page, &[("op", "unlock"), ("attendee_id", &a)])
        .await;
    assert!(
        !page.contains("<span class=\"badge\">locked</span>"),
        "{page}"
    );
    let page = draft.accepted(&page, &move_a_back).await;
    assert_eq!(table_of(&seating(&page), &a), ta, "{page}");
}

api_test!(the_preview_counts_the_drafts_locked_table_whichever_plan_the_page_shows);
async fn the_preview_counts_the_drafts_locked_table_whichever_plan_the_page_shows(app: TestApp) {
    // The page loads the draft whole only when it shows it; shown the published plan, it loads
    // only the draft's locks, which the preview must still count.
    let draft = a_draft(&app).await;
    let seats = |page: &str| {
        page.split("<dt>Seats a valid plan fills</dt><dd>")
            .nth(1)
            .and_then(|rest| rest.split("</dd>").next())
            .expect("the preview's seats")
            .to_owned()
    };
    let page = draft.page().await;
    assert_eq!(seats(&page), "6 to 10", "two open tables of 3 to 5");
    let locked_table = seating(&page)[0].clone();
    let plan = draft.action.trim_end_matches("/adjust");
    let plan_id = plan.rsplit('/').next().expect("the plan's id");
    let version: i64 = hidden(&page, "version").parse().expect("a version");
    body(
        app.post(
            &format!("/api/v1/conferences/conf/plans/{plan_id}/adjustments"),
            Some(&draft.token),
            &json!({"version": version, "operations": [
                {"op": "lock_table", "table": locked_table.0}
            ]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // A locked table holds exactly its people; the other holds 3 to 5.
    let people = locked_table.1.len();
    let expected = format!("{} to {}", people + 3, people + 5);
    assert_eq!(seats(&draft.page().await), expected);
    let published_view = text(
        get(
            &app,
            &format!("{}?show=published", draft.meetup_path),
            Some(&draft.session),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seats(&published_view), expected, "{published_view}");
}

api_test!(the_run_form_takes_a_time_budget_a_seed_locks_and_the_whole_series);
async fn the_run_form_takes_a_time_budget_a_seed_locks_and_the_whole_series(app: TestApp) {
    let (token, meetup_path) = conference_with_lunch(&app, 8, 2).await;
    let session = sign_in(&app, &token).await;
    let page = text(
        get(&app, &meetup_path, Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(page.contains("Time budget in seconds"), "{page}");
    assert!(!page.contains("Seat the whole series"), "no series: {page}");
    let csrf = csrf_of(&page);
    let run_path = format!("{meetup_path}/run");

    for (fields, message) in [
        (
            vec![("max_seconds", "soon")],
            "Time budget: write a number of seconds",
        ),
        (
            vec![("max_seconds", "0")],
            "Time budget: must be more than 0",
        ),
        (
            vec![("max_seconds", "1000")],
            "Time budget: must be more than 0 and at most 300",
        ),
        (vec![("seed", "-1")], "Seed: write a whole number"),
        (vec![("keep_locks", "maybe")], "Locked seats: choose"),
    ] {
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend(fields);
        let refused = text(
            post(&app, &run_path, Some(&session), &form).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(refused.contains(message), "{message}: {refused}");
        assert!(refused.contains("<details open>"), "{refused}");
    }
    let kept = text(
        post(
            &app,
            &run_path,
            Some(&session),
            &[
                ("csrf", &csrf),
                ("max_seconds", "soon"),
                ("seed", "7"),
                ("keep_locks", "false"),
            ],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        kept.contains("name=\"max_seconds\" value=\"soon\""),
        "{kept}"
    );
    assert!(kept.contains("name=\"seed\" value=\"7\""), "{kept}");
    assert!(
        kept.contains("name=\"keep_locks\" value=\"false\" checked"),
        "{kept}"
    );
    assert_eq!(app.count("jobs", "1 = 1").await, 0, "nothing was queued");

    let queued = post(
        &app,
        &run_path,
        Some(&session),
        &[
            ("csrf", &csrf),
            ("max_seconds", "5"),
            ("seed", "42"),
            ("keep_locks", "false"),
        ],
    )
    .await;
    assert_eq!(queued.status(), StatusCode::SEE_OTHER);
    let job_id = location(&queued).rsplit('/').next().expect("id").to_owned();
    let job = body(
        app.get(
            &format!("/api/v1/conferences/conf/jobs/{job_id}"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(job["params"]["seed"], 42, "{job}");
    assert_eq!(job["params"]["max_seconds"], 5.0, "{job}");
    assert_eq!(job["params"]["keep_locks"], false, "{job}");
    assert_eq!(job["budget_seconds"], 5.0, "{job}");
    let job = app.finished_job(&token, "conf", &job_id).await;
    assert!(job["elapsed_seconds"].as_f64().is_some(), "{job}");
    assert!(job["seconds_left"].is_null(), "not running: {job}");
    let job_page = text(
        get(&app, location(&queued), Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(job_page.contains("<dt>Time elapsed</dt><dd>"), "{job_page}");
    assert!(
        job_page.contains("<dt>Time budget</dt><dd>5.0 s; it stops sooner when it converges</dd>"),
        "{job_page}"
    );

    // Two meetups of one series: the form offers to seat them together.
    let mut ids = Vec::new();
    for day in [3, 4] {
        let created = meetup(
            &app,
            &token,
            json!({
                "name": format!("Lunch {day}"),
                "series": "lunch",
                "starts_at": format!("2026-06-0{day}T11:30:00Z"),
                "ends_at": format!("2026-06-0{day}T12:30:00Z"),
                "table_count": 2, "table_min": 3, "table_max": 5,
            }),
        )
        .await;
        ids.push(created["id"].as_str().expect("id").to_owned());
    }
    let series_path = format!("/organizer/c/conf/meetups/{}", ids[0]);
    let page = text(
        get(&app, &series_path, Some(&session)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        page.contains("Seat the whole series “lunch” together"),
        "{page}"
    );
    let queued = post(
        &app,
        &format!("{series_path}/run"),
        Some(&session),
        &[("csrf", &csrf), ("series", "lunch")],
    )
    .await;
    assert_eq!(queued.status(), StatusCode::SEE_OTHER);
    let job_id = location(&queued).rsplit('/').next().expect("id").to_owned();
    let job: Value = body(
        app.get(
            &format!("/api/v1/conferences/conf/jobs/{job_id}"),
            Some(&token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mut seated: Vec<String> = job["params"]["meetup_ids"]
        .as_array()
        .expect("meetup ids")
        .iter()
        .map(|v| v.as_str().expect("id").to_owned())
        .collect();
    seated.sort();
    ids.sort();
    assert_eq!(seated, ids, "{job}");
    app.finished_job(&token, "conf", &job_id).await;
}

api_test!(sixty_tables_of_ten_make_one_page_with_the_chart_and_every_form);
async fn sixty_tables_of_ten_make_one_page_with_the_chart_and_every_form(app: TestApp) {
    let token = app.conference("conf").await;
    crate::plans::attendees(&app, &token, 600, "Guest").await;
    let created = meetup(
        &app,
        &token,
        json!({
            "name": "Big dinner",
            "starts_at": "2026-06-02T18:00:00Z",
            "ends_at": "2026-06-02T20:00:00Z",
            "table_count": 60, "table_min": 8, "table_max": 10,
        }),
    )
    .await;
    let id = created["id"].as_str().expect("id");
    let job = run(
        &app,
        &token,
        json!({"meetup_ids": [id], "seed": 1, "iterations": 1}),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let session = sign_in(&app, &token).await;
    let page = text(
        get(
            &app,
            &format!("/organizer/c/conf/meetups/{id}"),
            Some(&session),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.matches("<img class=\"chart").count(), 1);
    let chart = chart_of(&app, &session, &page).await;
    // One chart (the draft's): 60 tables, everyone named on it.
    assert_eq!(chart.matches("<circle").count(), 60);
    assert_eq!(chart.matches("Guest ").count(), 600);
    assert_eq!(seating(&page).len(), 60);
    // The run and publish forms, and each table's move and lock forms; no swap form, whose
    // two menus of everyone would outweigh the rest of the page at this size.
    assert_eq!(page.matches("<form method=\"post\"").count(), 2 + 60 * 2);
    assert!(page.contains("move each to the other"), "{page}");
    // At more than 30 tables each move form takes a table number, suggested from one list of
    // the tables, rather than a menu of all the others each.
    assert_eq!(page.matches("<datalist id=\"table-numbers\">").count(), 1);
    assert_eq!(page.matches("list=\"table-numbers\"").count(), 60);
    assert!(!page.contains("id=\"move-1-to\" name=\"table\"><option"));
    assert!(page.len() < 1_000_000, "{} bytes", page.len());
}

api_test!(a_plan_of_seventy_tables_lists_sixty_a_page_and_charts_them_all);
async fn a_plan_of_seventy_tables_lists_sixty_a_page_and_charts_them_all(app: TestApp) {
    let token = app.conference("conf").await;
    crate::plans::attendees(&app, &token, 210, "Guest").await;
    let created = meetup(
        &app,
        &token,
        json!({
            "name": "Big lunch",
            "starts_at": "2026-06-02T12:00:00Z",
            "ends_at": "2026-06-02T13:00:00Z",
            "table_count": 70, "table_min": 2, "table_max": 4,
        }),
    )
    .await;
    let id = created["id"].as_str().expect("id");
    crate::plans::seat_and_publish(&app, &token, id).await;
    let job = run(
        &app,
        &token,
        json!({"meetup_ids": [id], "seed": 2, "iterations": 1}),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let session = sign_in(&app, &token).await;
    let path = format!("/organizer/c/conf/meetups/{id}");
    let shown = async |query: &str, status: StatusCode| {
        text(
            get(&app, &format!("{path}{query}"), Some(&session)).await,
            status,
        )
        .await
    };

    // The draft whole: one chart of all 70 tables and the first 60 listed with their forms;
    // the published plan by its figures, with a link to see it whole.
    let first = shown("", StatusCode::OK).await;
    assert_eq!(first.matches("<img class=\"chart").count(), 1);
    let chart = chart_of(&app, &session, &first).await;
    assert_eq!(chart.matches("<circle").count(), 70);
    assert_eq!(seating(&first).len(), 60);
    assert!(first.contains("Tables 1–60 of 70"), "{first}");
    assert!(first.contains("page=2#draft-tables"), "{first}");
    assert!(first.contains("?show=published#published"), "{first}");

    // The second page lists the other ten, and its forms say which page they are on; a page
    // past the end is the last.
    let second = shown("?page=2", StatusCode::OK).await;
    let listed = seating(&second);
    assert_eq!(listed.len(), 10);
    assert!(second.contains("Tables 61–70 of 70"), "{second}");
    assert!(second.contains("name=\"page\" value=\"2\""), "{second}");
    assert_eq!(seating(&shown("?page=9", StatusCode::OK).await), listed);
    assert!(listed.iter().all(|(number, _)| *number > 1));

    // The published plan whole on request: its chart and tables, without the draft's forms.
    let published = shown("?show=published&page=2", StatusCode::OK).await;
    assert!(published.contains("Tables 61–70 of 70"), "{published}");
    assert_eq!(published.matches("<section class=\"table\"").count(), 10);
    assert!(seating(&published).is_empty(), "no adjustment forms");
    assert!(published.contains("?show=draft#draft"), "{published}");

    // Parameters that mean nothing are named, and the page still shows.
    let bad = shown("?page=abc&show=all", StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(bad.contains("must be a whole number from 1"), "{bad}");
    assert!(bad.contains("must be draft or published"), "{bad}");
    assert!(bad.contains("Tables 1–60 of 70"), "{bad}");

    // A move made from the second page comes back to it.
    let action = second
        .split("action=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|action| action.ends_with("/adjust"))
        .expect("an adjust form")
        .to_owned();
    let who = listed[0].1[0].0.clone();
    let to = seating(&first)
        .iter()
        .find(|(_, people)| people.len() < 4)
        .map(|(number, _)| number.to_string())
        .expect("a table on the first page with a free seat");
    let res = adjust(
        &app,
        &session,
        &action,
        &second,
        &[
            ("op", "move"),
            ("attendee_id", &who),
            ("table", &to),
            ("page", "2"),
        ],
    )
    .await;
    let status = res.status();
    if status != StatusCode::SEE_OTHER {
        panic!("{status}: {}", res.text().await.unwrap_or_default());
    }
    let next = location(&res).to_owned();
    assert!(next.contains("page=2"), "{next}");
    let after = text(get(&app, &next, Some(&session)).await, StatusCode::OK).await;
    assert!(after.contains("Your change is saved"), "{after}");
    assert!(after.contains("Tables 61–70 of 70"), "{after}");
    assert!(
        seating(&after)
            .iter()
            .all(|(_, people)| people.iter().all(|p| p.0 != who))
    );
}
