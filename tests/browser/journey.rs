//! The organizer's whole journey in one browser session, as the console issue describes it: sign
//! in from the emailed link, create a conference and a lunch, import 45 people from a CSV file
//! (checked first), read the feasibility preview, run the matcher and watch its job page, see
//! the seating chart, move one person, publish, download the seats export and sign out. Each
//! step goes through the page a person would use; every page is audited.

use std::time::Duration;

use fantoccini::{Client, Locator};

use super::a11y::{Audit, cdp};
use super::console_setup::set_value;
use super::eventually::eventually;
use super::{
    App, click, find, heading, main_text_with, open_browser, skip_without_browser, start_driver,
    type_into,
};

const PEOPLE: usize = 45;
const INTERESTS: [&str; 5] = ["rust", "css", "databases", "accessibility", "compilers"];

async fn text_of(browser: &Client, css: &str) -> String {
    find(browser, css).await.text().await.expect("text")
}

/// 45 people with two interests each, as a CSV file an organizer would export elsewhere, from a
/// form that asked for their consent to be seated (without that column they would be invited
/// to accept first, and not take part yet).
fn people_csv() -> String {
    let mut csv = String::from("name,email,interests,privacy_consent\n");
    for i in 0..PEOPLE {
        let a = INTERESTS[i % INTERESTS.len()];
        let b = INTERESTS[(i / INTERESTS.len()) % INTERESTS.len()];
        csv.push_str(&format!(
            "Person {i},person{i}@journey.test,\"{a}; {b}\",yes\n"
        ));
    }
    csv
}

#[tokio::test]
async fn an_organizer_goes_from_sign_in_to_a_published_lunch_and_its_export_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
    let driver = start_driver().await;
    let browser = open_browser(&driver).await;
    let mut audit = Audit::new();
    let files = tempfile::tempdir().expect("a folder for the CSV and the download");

    // Signing in from the captured email.
    browser.goto(&app.url("/")).await.expect("front door");
    click(&browser, "a[href='/organizer/sign-in']").await;
    heading(&browser, "Sign in to organize").await;
    type_into(&browser, "#f-email", "olga@browser.test").await;
    click(&browser, "form[action='/organizer/sign-in'] button").await;
    heading(&browser, "Check your email").await;
    let link = app.link_in_email("/organizer/sign-in/link?token=").await;
    browser.goto(&link).await.expect("the emailed link");
    click(&browser, "form[action='/organizer/sign-in/link'] button").await;
    heading(&browser, "Your conferences").await;

    // A conference and a lunch of five tables of 8 to 10.
    let first = chrono::Utc::now().date_naive() + chrono::Duration::days(45);
    click(&browser, "a[href='/organizer/conferences/new']").await;
    heading(&browser, "New conference").await;
    type_into(&browser, "#f-name", "Journey Days").await;
    type_into(&browser, "#f-slug", "journey").await;
    type_into(&browser, "#f-time_zone", "Europe/Lisbon").await;
    set_value(&browser, "#f-starts_on", &first.to_string()).await;
    set_value(&browser, "#f-ends_on", &first.to_string()).await;
    click(&browser, "form[action='/organizer/conferences/new'] button").await;
    heading(&browser, "Journey Days").await;
    click(&browser, "a[href='/organizer/c/journey/new-meetup']").await;
    heading(&browser, "New meetup").await;
    type_into(&browser, "#f-name", "Journey lunch").await;
    set_value(&browser, "#f-starts_at", &format!("{first}T12:30")).await;
    set_value(&browser, "#f-ends_at", &format!("{first}T13:30")).await;
    type_into(&browser, "#f-location", "Hall C").await;
    type_into(&browser, "#f-table_count", "5").await;
    type_into(&browser, "#f-table_min", "8").await;
    type_into(&browser, "#f-table_max", "10").await;
    click(
        &browser,
        "form[action='/organizer/c/journey/new-meetup'] button",
    )
    .await;
    heading(&browser, "Journey lunch").await;
    let lunch = browser.current_url().await.expect("the lunch's address");
    audit.page(&browser, "j1-empty-lunch").await;

    // 45 people from a CSV file: checked first, then imported.
    let csv = files.path().join("people.csv");
    std::fs::write(&csv, people_csv()).expect("the CSV file");
    browser
        .goto(&app.url("/organizer/c/journey/attendees/import"))
        .await
        .expect("the import page");
    heading(&browser, "Import attendees").await;
    find(&browser, "#f-file")
        .await
        .send_keys(&csv.display().to_string())
        .await
        .expect("the file is chosen");
    click(&browser, "button[value='check']").await;
    let counts = text_of(&browser, "#report-counts").await;
    assert!(counts.contains(&PEOPLE.to_string()), "{counts}");
    audit.page(&browser, "j2-import-checked").await;
    click(&browser, "#import-now").await;
    let done = text_of(&browser, "#done-title + p").await;
    assert!(done.contains(&PEOPLE.to_string()), "{done}");

    // The preview, then a run watched on its job page.
    browser.goto(lunch.as_str()).await.expect("the lunch");
    heading(&browser, "Journey lunch").await;
    let preview = text_of(&browser, "section[aria-labelledby='preview-title']").await;
    assert!(
        preview.contains(&format!("People taking part\n{PEOPLE}")),
        "{preview}"
    );
    assert!(
        preview.contains("Everyone taking part can be seated"),
        "{preview}"
    );
    click(&browser, "form[action$='/run'] button").await;
    heading(&browser, "Seating run").await;
    let status = text_of(&browser, "p[role='status']").await;
    assert!(status.contains("This run has"), "{status}");
    audit.page(&browser, "j3-job").await;
    find(&browser, "p.notice a").await;
    click(&browser, "p.notice a").await;

    // The chart, and one person moved by hand.
    let (width, chart) = super::chart(&browser).await;
    assert!(width > 0, "the chart loaded");
    assert_eq!(chart.matches("<circle").count(), 5, "five tables drawn");
    assert_eq!(
        chart.matches("Person ").count(),
        PEOPLE,
        "everyone on the chart"
    );
    audit.page(&browser, "j4-draft").await;
    // From the fullest table to the emptiest, so both stay within 8 to 10 and the draft can
    // still be published (a move that breaks the bounds is kept, but publishing refuses it).
    let mut sizes = Vec::new();
    for section in browser
        .find_all(Locator::Css("section.table[data-table]"))
        .await
        .expect("the draft's tables")
    {
        let number = section
            .attr("data-table")
            .await
            .expect("attr")
            .expect("a table number");
        let people = section
            .find_all(Locator::Css("li[data-attendee]"))
            .await
            .expect("its people")
            .len();
        sizes.push((people, number));
    }
    sizes.sort();
    let (to, from) = (sizes[0].1.clone(), sizes[sizes.len() - 1].1.clone());
    assert!(sizes[0].0 < sizes[sizes.len() - 1].0, "{sizes:?}");
    let form = format!("section.table[data-table='{from}'] form.move");
    let who = find(
        &browser,
        &format!("{form} select[name='attendee_id'] option"),
    )
    .await
    .text()
    .await
    .expect("a name");
    super::choose(&browser, &format!("{form} select[name='table']"), &to).await;
    click(&browser, &format!("{form} button")).await;
    main_text_with(&browser, "Your change is saved as version 2").await;
    let names = |list: String| list.lines().map(str::to_owned).collect::<Vec<_>>();
    let left = names(text_of(&browser, &format!("section.table[data-table='{from}'] ul")).await);
    let joined = names(text_of(&browser, &format!("section.table[data-table='{to}'] ul")).await);
    assert!(!left.contains(&who), "{who} left table {from}: {left:?}");
    assert!(joined.contains(&who), "{who} joined table {to}: {joined:?}");

    // Publishing, then the seats export as the browser saves it.
    click(&browser, "form[action$='/publish'] button").await;
    // The page keeps its heading: wait for what only the published plan shows.
    main_text_with(&browser, "table cards to print").await;
    audit.page(&browser, "j5-published").await;
    cdp(
        &browser,
        "Browser.setDownloadBehavior",
        serde_json::json!({"behavior": "allow", "downloadPath": files.path().display().to_string()}),
    )
    .await;
    click(&browser, "a[href*='/exports/seats.csv']").await;
    let rows = eventually(
        "the export to be saved",
        Duration::from_secs(10),
        async || {
            let saved = std::fs::read_dir(files.path())
                .map_err(|e| e.to_string())?
                .flatten()
                .map(|f| f.path())
                .find(|p| p.to_string_lossy().ends_with("seats.csv"))
                .ok_or("no seats.csv yet")?;
            let text = std::fs::read_to_string(&saved).map_err(|e| e.to_string())?;
            let rows = text.lines().count();
            // Whole once the header and one row per person are in.
            if rows == PEOPLE + 1 {
                Ok(text)
            } else {
                Err(format!("{rows} lines so far"))
            }
        },
    )
    .await;
    assert!(rows.contains(&who), "{who} is in the export");

    browser.goto(&app.url("/organizer")).await.expect("console");
    heading(&browser, "Your conferences").await;
    click(&browser, "form[action='/organizer/sign-out'] button").await;
    heading(&browser, "Meet the people behind the handles").await;
    browser.close().await.ok();
    audit.assert_clean();
}
