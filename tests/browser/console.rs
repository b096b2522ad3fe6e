//! The organizer's way into the console in a real browser: from the front door to the sign-in
//! page, the emailed one-time link, the console's list of conferences, a conference's page, a
//! meetup's preview, a run of the matcher watched on its job page, the draft, publishing it,
//! and signing out; every page audited like the attendee's.

use serde_json::json;

use super::a11y::Audit;
use fantoccini::Client;

use super::{
    App, Driver, click, find, heading, open_browser_in, skip_without_browser, start_driver,
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

/// What the console's pages say on the way from sign-in to a draft, in one language.
struct Words {
    /// The browser's `Accept-Language`, and the `<html lang>` the pages declare.
    accept: &'static str,
    lang: &'static str,
    /// Prefix of the audit's page names.
    audit: &'static str,
    sign_in: &'static str,
    link_sent: &'static str,
    conferences: &'static str,
    confirmed: &'static str,
    no_plan: &'static str,
    before_run: &'static str,
    job: &'static str,
    draft_ready: &'static str,
    adjust: &'static str,
}

const ENGLISH: Words = Words {
    accept: "en-US,en",
    lang: "en",
    audit: "",
    sign_in: "Sign in to organize",
    link_sent: "Check your email",
    conferences: "Your conferences",
    confirmed: "6 confirmed",
    no_plan: "no plan",
    before_run: "Before you run the matcher",
    job: "Seating run",
    draft_ready: "The new draft is ready.",
    adjust: "Adjust the draft",
};

const GERMAN: Words = Words {
    accept: "de-DE,de",
    lang: "de",
    audit: "de-",
    sign_in: "Als Organisationsteam anmelden",
    link_sent: "Sehen Sie in Ihr Postfach",
    conferences: "Ihre Konferenzen",
    confirmed: "6 bestätigt",
    no_plan: "kein Plan",
    before_run: "Bevor Sie die Platzierung starten",
    job: "Sitzplatzberechnung",
    draft_ready: "Der neue Entwurf ist fertig.",
    adjust: "Den Entwurf anpassen",
};

/// The text of the page's `<main>`, checked to be in `words`' language.
async fn main_text(browser: &Client, words: &Words) -> String {
    let lang = find(browser, "html")
        .await
        .attr("lang")
        .await
        .expect("attr");
    assert_eq!(lang.as_deref(), Some(words.lang));
    find(browser, "main").await.text().await.expect("text")
}

/// From the front door to a signed-in console, a conference, a meetup, a run of the matcher
/// and its draft, every page audited; returns the browser on the draft.
async fn sign_in_and_run(app: &App, driver: &Driver, audit: &mut Audit, words: &Words) -> Client {
    let browser = open_browser_in(driver, words.accept).await;
    let page = |name: &str| format!("{}{name}", words.audit);

    browser.goto(&app.url("/")).await.expect("front door");
    click(&browser, "a[href='/organizer/sign-in']").await;
    heading(&browser, words.sign_in).await;
    main_text(&browser, words).await;
    audit.page(&browser, &page("c1-sign-in")).await;
    type_into(&browser, "#f-email", "olga@browser.test").await;
    click(&browser, "form[action='/organizer/sign-in'] button").await;
    heading(&browser, words.link_sent).await;
    audit.page(&browser, &page("c2-link-sent")).await;

    let link = app.link_in_email("/organizer/sign-in/link?token=").await;
    browser.goto(&link).await.expect("the emailed link");
    heading(&browser, words.sign_in).await;
    audit.page(&browser, &page("c3-link")).await;
    click(&browser, "form[action='/organizer/sign-in/link'] button").await;
    heading(&browser, words.conferences).await;
    let text = main_text(&browser, words).await;
    assert!(text.contains("BrowserConf 2026"), "{text}");
    assert!(text.contains("olga@browser.test"), "{text}");
    audit.page(&browser, &page("c4-console")).await;

    click(&browser, "a[href='/organizer/c/browserconf']").await;
    heading(&browser, "BrowserConf 2026").await;
    let text = main_text(&browser, words).await;
    assert!(text.contains(words.confirmed), "{text}");
    // Badges are capitalised by the stylesheet, which the text read here follows.
    assert!(
        text.to_lowercase().contains(&words.no_plan.to_lowercase()),
        "{text}"
    );
    audit.page(&browser, &page("c5-conference")).await;
    click(&browser, "ul.meetups a").await;
    heading(&browser, "Browser lunch").await;
    let text = main_text(&browser, words).await;
    assert!(text.contains(words.before_run), "{text}");
    audit.page(&browser, &page("c6-meetup")).await;
    click(&browser, "form[action$='/run'] button").await;
    heading(&browser, words.job).await;
    // The page reloads itself until the run has succeeded and links the draft.
    find(&browser, "p.notice a").await;
    let text = main_text(&browser, words).await;
    assert!(text.contains(words.draft_ready), "{text}");
    audit.page(&browser, &page("c7-job")).await;
    click(&browser, "p.notice a").await;
    heading(&browser, "Browser lunch").await;
    let text = main_text(&browser, words).await;
    assert!(text.contains("Guest 5"), "{text}");
    assert!(text.contains(words.adjust), "{text}");
    audit.page(&browser, &page("c8-draft")).await;
    browser
}

/// A fresh app with the lunch and its guests, and a browser that asked in `words`' language
/// walked to the draft (the driver is returned to keep it running).
async fn draft_in(words: &Words) -> (App, Driver, Client, Audit) {
    let app = App::spawn().await;
    lunch_with_guests(&app).await;
    let driver = start_driver().await;
    let mut audit = Audit::new();
    let browser = sign_in_and_run(&app, &driver, &mut audit, words).await;
    (app, driver, browser, audit)
}

#[tokio::test]
async fn an_organizer_signs_in_runs_the_matcher_publishes_and_signs_out_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    let (app, _driver, browser, mut audit) = draft_in(&ENGLISH).await;
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

/// The same way in a browser that asks for German: every page from sign-in to the draft is
/// German, declares `<html lang="de">` and passes the same audit.
#[tokio::test]
async fn an_organizer_whose_browser_asks_for_german_gets_the_console_in_german() {
    if skip_without_browser() {
        return;
    }
    let (_app, _driver, browser, audit) = draft_in(&GERMAN).await;
    browser.close().await.ok();
    audit.assert_clean();
}
