//! An organizer sets a conference up in a real browser: a new conference (first refused, with
//! its error summary), a meetup entered in the conference's local time, its edit page, the
//! series form, and cancelling the meetup after confirming; every page audited.

use fantoccini::{Client, Locator};

use super::a11y::Audit;
use super::{
    App, click, find, heading, open_browser, skip_without_browser, start_driver, type_into,
};

/// Sets a date or time input, whose typing rules depend on the browser's locale.
pub(super) async fn set_value(browser: &Client, css: &str, value: &str) {
    find(browser, css).await;
    browser
        .execute(
            "document.querySelector(arguments[0]).value = arguments[1];",
            vec![css.into(), value.into()],
        )
        .await
        .expect("set the value");
}

/// Waits for an element only the page after a form's submission has.
async fn wait_for(browser: &Client, xpath: &str) {
    browser
        .wait()
        .at_most(super::WAIT)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("no {xpath}: {e}"));
}

#[tokio::test]
async fn an_organizer_creates_a_conference_and_a_meetup_and_cancels_it_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
    let driver = start_driver().await;
    let browser = open_browser(&driver).await;
    let mut audit = Audit::new();
    let first = chrono::Utc::now().date_naive() + chrono::Duration::days(60);
    let last = first + chrono::Duration::days(1);

    browser
        .goto(&app.url("/organizer/sign-in"))
        .await
        .expect("sign-in page");
    type_into(&browser, "#f-token", &app.token).await;
    click(&browser, "form[action='/organizer/sign-in/token'] button").await;
    heading(&browser, "Your conferences").await;
    click(&browser, "a[href='/organizer/conferences/new']").await;
    heading(&browser, "New conference").await;
    audit.page(&browser, "s1-new-conference").await;

    click(&browser, "form[action='/organizer/conferences/new'] button").await;
    find(&browser, ".error-summary").await;
    audit.page(&browser, "s2-conference-refused").await;
    type_into(&browser, "#f-name", "Setup Days").await;
    type_into(&browser, "#f-slug", "setupdays").await;
    type_into(&browser, "#f-time_zone", "Europe/Berlin").await;
    set_value(&browser, "#f-starts_on", &first.to_string()).await;
    set_value(&browser, "#f-ends_on", &last.to_string()).await;
    click(&browser, "form[action='/organizer/conferences/new'] button").await;
    heading(&browser, "Setup Days").await;
    audit.page(&browser, "s3-conference").await;

    click(&browser, "a[href='/organizer/c/setupdays/new-meetup']").await;
    heading(&browser, "New meetup").await;
    audit.page(&browser, "s4-new-meetup").await;
    type_into(&browser, "#f-name", "Setup lunch").await;
    set_value(&browser, "#f-starts_at", &format!("{first}T12:30")).await;
    set_value(&browser, "#f-ends_at", &format!("{first}T13:30")).await;
    type_into(&browser, "#f-location", "Hall B").await;
    type_into(&browser, "#f-table_count", "2").await;
    click(
        &browser,
        "form[action='/organizer/c/setupdays/new-meetup'] button",
    )
    .await;
    heading(&browser, "Setup lunch").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(page.contains("12:30–13:30 (Europe/Berlin)"), "{page}");
    audit.page(&browser, "s5-meetup").await;

    click(&browser, "a[href$='/edit']").await;
    heading(&browser, "Edit Setup lunch").await;
    assert_eq!(
        super::value(&browser, "#f-starts_at").await,
        format!("{first}T12:30")
    );
    audit.page(&browser, "s6-edit-meetup").await;
    browser.back().await.expect("back");
    click(&browser, "a[href$='/cancel']").await;
    heading(&browser, "Cancel Setup lunch?").await;
    audit.page(&browser, "s7-cancel").await;
    click(&browser, "form[action$='/cancel'] button").await;
    wait_for(&browser, "//p[contains(@class, 'notice')]/strong").await;
    audit.page(&browser, "s8-cancelled").await;

    browser
        .goto(&app.url("/organizer/c/setupdays/new-series"))
        .await
        .expect("series form");
    heading(&browser, "New series").await;
    audit.page(&browser, "s9-new-series").await;
    browser
        .goto(&app.url("/organizer/c/setupdays/edit"))
        .await
        .expect("conference's edit page");
    heading(&browser, "Edit Setup Days").await;
    audit.page(&browser, "s10-edit-conference").await;
    browser.close().await.ok();
    audit.assert_clean();
}
