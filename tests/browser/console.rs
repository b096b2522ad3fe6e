//! The organizer's way into the console in a real browser: from the front door to the sign-in
//! page, the emailed one-time link, the console's list of conferences, and signing out; every
//! page audited like the attendee's.

use super::a11y::Audit;
use super::{
    App, click, find, heading, open_browser, skip_without_browser, start_driver, type_into,
};

#[tokio::test]
async fn an_organizer_signs_in_from_the_emailed_link_and_signs_out_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
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

    click(&browser, "form[action='/organizer/sign-out'] button").await;
    heading(&browser, "Meet the people behind the handles").await;
    browser.goto(&app.url("/organizer")).await.expect("console");
    heading(&browser, "Sign in to organize").await;
    browser.close().await.ok();
    audit.assert_clean();
}
