//! The console's attendee pages in a real browser: the list reached from a conference's counts,
//! an attendee's page, the add form refused with its error summary, and a CSV file imported
//! through the form (chosen in the file input, checked, its report read, then imported); every
//! page audited.

use serde_json::json;

use super::a11y::Audit;
use super::{
    App, click, find, heading, open_browser, skip_without_browser, start_driver, type_into,
};

#[tokio::test]
async fn an_organizer_lists_adds_and_imports_attendees_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
    app.create(
        "/api/v1/conferences/browserconf/attendees",
        json!({
            "name": "Quiet Guest",
            "email": "quiet@browser.test",
            "affiliation": "Secret Lab",
            "visibility": {"affiliation": "nobody"},
            "interests": ["Rust"],
            "consents": {"privacy": true},
        }),
    )
    .await;
    let driver = start_driver().await;
    let browser = open_browser(&driver).await;
    let mut audit = Audit::new();

    browser
        .goto(&app.url("/organizer/sign-in"))
        .await
        .expect("sign-in page");
    type_into(&browser, "#f-token", &app.token).await;
    click(&browser, "form[action='/organizer/sign-in/token'] button").await;
    heading(&browser, "Your conferences").await;
    browser
        .goto(&app.url("/organizer/c/browserconf"))
        .await
        .expect("conference page");
    heading(&browser, "BrowserConf 2026").await;
    click(
        &browser,
        "a[href='/organizer/c/browserconf/attendees?status=confirmed']",
    )
    .await;
    heading(&browser, "Attendees").await;
    let page = find(&browser, "#showing").await.text().await.expect("text");
    assert_eq!(page, "Showing 1–1 of 1");
    let main = find(&browser, "main").await.text().await.expect("text");
    assert!(!main.contains("Secret Lab"), "{main}");
    audit.page(&browser, "p1-attendees").await;

    click(&browser, "ul.people a").await;
    heading(&browser, "Quiet Guest").await;
    find(&browser, "#affiliation-hidden").await;
    audit.page(&browser, "p2-attendee").await;

    browser
        .goto(&app.url("/organizer/c/browserconf/attendees/new"))
        .await
        .expect("the add form");
    heading(&browser, "Add an attendee").await;
    type_into(&browser, "#f-name", "Ada Lovelace").await;
    type_into(&browser, "#f-email", "not-an-email").await;
    click(
        &browser,
        "form[action='/organizer/c/browserconf/attendees'] button",
    )
    .await;
    // The refused form has the heading of the empty one: wait for what only it shows.
    find(&browser, ".error-summary").await;
    find(&browser, "#email-error").await;
    audit.page(&browser, "p3-add-refused").await;

    browser
        .goto(&app.url("/organizer/c/browserconf/attendees/import"))
        .await
        .expect("the import form");
    heading(&browser, "Import attendees").await;
    audit.page(&browser, "p4-import").await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "name,email,github,Shoe size\n\
         Ada Lovelace,ada@browser.test,ada,38\n\
         Grace Hopper,not-an-email,grace,40\n",
    )
    .expect("the file is written");
    find(&browser, "#f-file")
        .await
        .send_keys(&file.display().to_string())
        .await
        .expect("the file is chosen");
    click(&browser, "button[value='check']").await;
    let counts = find(&browser, "#report-counts")
        .await
        .text()
        .await
        .expect("text");
    assert!(counts.contains("New attendees\n1"), "{counts}");
    let problems = find(&browser, "ul.problems")
        .await
        .text()
        .await
        .expect("text");
    assert!(problems.contains("Row 3 (not-an-email)"), "{problems}");
    assert!(problems.contains("email:"), "{problems}");
    audit.page(&browser, "p5-import-report").await;

    click(&browser, "#f-skip_invalid").await;
    click(&browser, "#import-now").await;
    let done = find(&browser, "#done-title + p")
        .await
        .text()
        .await
        .expect("text");
    assert!(done.contains("1 added"), "{done}");
    assert!(done.contains("1 invalid rows skipped"), "{done}");
    audit.page(&browser, "p6-imported").await;

    browser.close().await.ok();
    audit.assert_clean();
}
