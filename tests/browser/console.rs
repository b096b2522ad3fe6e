//! The organizer's way into the console in a real browser: from the front door to the sign-in
//! page, the emailed one-time link, the console's list of conferences, a conference's page, a
//! meetup's preview, a run of the matcher watched on its job page, the draft, publishing it,
//! and signing out; every page audited like the attendee's.

use serde_json::json;

use super::a11y::Audit;
use super::{
    App, click, find, heading, open_browser, open_browser_in, skip_without_browser, start_driver,
    type_into,
};

/// Six confirmed guests of BrowserConf, Guest 0 to Guest 5.
pub(super) async fn guests(app: &App) {
    app.guests(&["Rust", "CSS", "Rust", "Accessibility", "CSS", "Rust"])
        .await;
}

/// Six confirmed guests and a lunch of two tables on BrowserConf's first day.
pub(super) async fn lunch_with_guests(app: &App) {
    guests(app).await;
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    app.create(
        "/api/v1/conferences/browserconf/meetups",
        json!({
            "name": "Browser lunch",
            "starts_at": format!("{day}T12:00:00Z"),
            "ends_at": format!("{day}T13:00:00Z"),
            "location": "Hall B",
            "table_count": 2,
            "table_min": 3,
            "table_max": 3,
        }),
    )
    .await;
}

#[tokio::test]
async fn an_organizer_signs_in_runs_the_matcher_publishes_and_signs_out_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
    lunch_with_guests(&app).await;
    let driver = start_driver().await;
    let browser = open_browser(&driver).await;
    let mut audit = Audit::new();

    browser.goto(&app.url("/")).await.expect("front door");
    click(&browser, "a[href='/organizer/sign-in']").await;
    heading(&browser, "Sign in to organize").await;
    audit.page(&browser, "c1-sign-in").await;
    type_into(&browser, "#f-email", "olga@browser.test").await;
    click(&browser, "form[action='/organizer/sign-in'] button").await;
    heading(&browser, "Check your email").await;
    audit.page(&browser, "c2-link-sent").await;

    let link = app.link_in_email("/organizer/sign-in/link?token=").await;
    browser.goto(&link).await.expect("the emailed link");
    heading(&browser, "Sign in to organize").await;
    audit.page(&browser, "c3-link").await;
    click(&browser, "form[action='/organizer/sign-in/link'] button").await;
    heading(&browser, "Your conferences").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(page.contains("BrowserConf 2026"), "{page}");
    assert!(page.contains("olga@browser.test"), "{page}");
    audit.page(&browser, "c4-console").await;

    click(&browser, "a[href='/organizer/c/browserconf']").await;
    heading(&browser, "BrowserConf 2026").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(page.contains("6 confirmed"), "{page}");
    audit.page(&browser, "c5-conference").await;
    click(&browser, "ul.meetups a").await;
    heading(&browser, "Browser lunch").await;
    audit.page(&browser, "c6-meetup").await;
    click(&browser, "form[action$='/run'] button").await;
    heading(&browser, "Seating run").await;
    // The page reloads itself until the run has succeeded and links the draft.
    find(&browser, "p.notice a").await;
    audit.page(&browser, "c7-job").await;
    click(&browser, "p.notice a").await;
    heading(&browser, "Browser lunch").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(page.contains("Guest 5"), "{page}");
    audit.page(&browser, "c8-draft").await;
    click(&browser, "form[action$='/publish'] button").await;
    // The page after publishing has the same heading as the one before it, so wait for what
    // only the published plan shows: reading the old page while it unloads goes stale.
    browser
        .wait()
        .at_most(super::WAIT)
        .for_element(fantoccini::Locator::XPath(
            "//p[span[@class='badge' and normalize-space(.)='published']]",
        ))
        .await
        .expect("the published plan is shown");
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(!page.contains("Nothing published yet"), "{page}");
    audit.page(&browser, "c9-published").await;
    browser
        .goto(&app.url("/organizer/c/browserconf/jobs"))
        .await
        .expect("the job list");
    heading(&browser, "Seating runs and repairs").await;
    audit.page(&browser, "c10-jobs").await;
    // The emails page: the introductions just published, then a filter it does not know.
    browser
        .goto(&app.url("/organizer/c/browserconf/emails"))
        .await
        .expect("the email list");
    heading(&browser, "Emails").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(page.contains("guest5@browser.test"), "{page}");
    audit.page(&browser, "c11-emails").await;
    browser
        .goto(&app.url("/organizer/c/browserconf/emails?kind=spam"))
        .await
        .expect("a bad filter");
    find(&browser, ".error-summary").await;
    audit.page(&browser, "c12-emails-bad-filter").await;

    browser.goto(&app.url("/organizer")).await.expect("console");
    heading(&browser, "Your conferences").await;
    click(&browser, "form[action='/organizer/sign-out'] button").await;
    heading(&browser, "Meet the people behind the handles").await;
    browser.goto(&app.url("/organizer")).await.expect("console");
    heading(&browser, "Sign in to organize").await;
    browser.close().await.ok();
    audit.assert_clean();
}

/// The same way in a browser that asks for German: sign-in, the conference, the meetup, a run
/// and the draft are German, declare `<html lang="de">` and pass the same audit.
#[tokio::test]
async fn an_organizer_whose_browser_asks_for_german_gets_the_console_in_german() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
    lunch_with_guests(&app).await;
    let driver = start_driver().await;
    let browser = open_browser_in(&driver, "de-DE,de").await;
    let mut audit = Audit::new();
    let lang = async |browser: &fantoccini::Client| {
        let html = find(browser, "html").await;
        assert_eq!(
            html.attr("lang").await.expect("attr").as_deref(),
            Some("de")
        );
    };

    browser
        .goto(&app.url("/organizer/sign-in"))
        .await
        .expect("sign-in");
    heading(&browser, "Als Organisationsteam anmelden").await;
    lang(&browser).await;
    audit.page(&browser, "de-c1-sign-in").await;
    type_into(&browser, "#f-email", "olga@browser.test").await;
    click(&browser, "form[action='/organizer/sign-in'] button").await;
    heading(&browser, "Sehen Sie in Ihr Postfach").await;
    let link = app.link_in_email("/organizer/sign-in/link?token=").await;
    browser.goto(&link).await.expect("the emailed link");
    click(&browser, "form[action='/organizer/sign-in/link'] button").await;
    heading(&browser, "Ihre Konferenzen").await;
    audit.page(&browser, "de-c2-console").await;

    click(&browser, "a[href='/organizer/c/browserconf']").await;
    heading(&browser, "BrowserConf 2026").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(page.contains("6 bestätigt"), "{page}");
    assert!(page.contains("kein Plan"), "{page}");
    lang(&browser).await;
    audit.page(&browser, "de-c3-conference").await;
    click(&browser, "ul.meetups a").await;
    heading(&browser, "Browser lunch").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(page.contains("Bevor Sie die Platzierung starten"), "{page}");
    audit.page(&browser, "de-c4-meetup").await;
    click(&browser, "form[action$='/run'] button").await;
    heading(&browser, "Sitzplatzberechnung").await;
    find(&browser, "p.notice a").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(page.contains("Der neue Entwurf ist fertig."), "{page}");
    audit.page(&browser, "de-c5-job").await;
    click(&browser, "p.notice a").await;
    heading(&browser, "Browser lunch").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(page.contains("Den Entwurf anpassen"), "{page}");
    assert!(page.contains("Guest 5"), "{page}");
    lang(&browser).await;
    audit.page(&browser, "de-c6-draft").await;
    browser.close().await.ok();
    audit.assert_clean();
}
