//! The draft's seating chart and hand adjustments in a real browser: the chart drawn beside the
//! table lists, one person moved to another table with the form, then one dragged there with the
//! console's script; every page audited.

use fantoccini::{Client, Locator};
use serde_json::json;

use super::a11y::Audit;
use super::{
    App, WAIT, click, find, heading, open_browser, skip_without_browser, start_driver, type_into,
};

/// Six confirmed guests and a lunch of two tables of 2 to 4, so anyone can change tables.
async fn roomy_lunch(app: &App) {
    super::console::guests(app).await;
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    app.create(
        "/api/v1/conferences/browserconf/meetups",
        json!({
            "name": "Roomy lunch",
            "starts_at": format!("{day}T12:00:00Z"),
            "ends_at": format!("{day}T13:00:00Z"),
            "table_count": 2,
            "table_min": 2,
            "table_max": 4,
        }),
    )
    .await;
}

/// The draft's tables: (number, names listed), in page order.
async fn tables(browser: &Client) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for section in browser
        .find_all(Locator::Css("section.table[data-table]"))
        .await
        .expect("tables")
    {
        let number = section
            .attr("data-table")
            .await
            .expect("attr")
            .expect("a number");
        let mut names = Vec::new();
        for li in section
            .find_all(Locator::Css("li[data-attendee]"))
            .await
            .expect("people")
        {
            names.push(li.text().await.expect("name"));
        }
        out.push((number, names));
    }
    out
}

/// Waits for the note only the page after an adjustment shows, for version `version`.
async fn saved_as(browser: &Client, version: u32) {
    let xpath = format!(
        "//p[@role='status' and contains(., 'Your change is saved as version {version}.')]"
    );
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("the note of version {version}: {e}"));
}

#[tokio::test]
async fn an_organizer_moves_someone_by_form_and_by_dragging_and_sees_the_chart() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
    roomy_lunch(&app).await;
    let driver = start_driver().await;
    let browser = open_browser(&driver).await;
    let mut audit = Audit::new();

    browser
        .goto(&app.url("/organizer/sign-in"))
        .await
        .expect("sign-in");
    type_into(&browser, "#f-token", &app.token).await;
    click(&browser, "form[action='/organizer/sign-in/token'] button").await;
    heading(&browser, "Your conferences").await;
    click(&browser, "a[href='/organizer/c/browserconf']").await;
    heading(&browser, "BrowserConf 2026").await;
    click(&browser, "ul.meetups a").await;
    heading(&browser, "Roomy lunch").await;
    click(&browser, "form[action$='/run'] button").await;
    heading(&browser, "Seating run").await;
    find(&browser, "p.notice a").await;
    click(&browser, "p.notice a").await;
    heading(&browser, "Roomy lunch").await;

    let (width, svg) = super::chart(&browser).await;
    assert!(width > 0, "the chart loaded");
    let before = tables(&browser).await;
    assert_eq!(
        svg.matches("<circle").count(),
        before.iter().filter(|t| !t.1.is_empty()).count()
    );
    audit.page(&browser, "ch1-draft").await;

    // Move the first person of the fuller table to the other one with its form.
    let (from, people) = before.iter().max_by_key(|t| t.1.len()).expect("a table");
    let (to, _) = before.iter().find(|t| t.0 != *from).expect("another table");
    let who = people[0].clone();
    let form = format!("form.move[data-table='{from}']");
    super::choose(&browser, &format!("{form} select[name='table']"), to).await;
    let chosen = super::value(&browser, &format!("{form} select[name='attendee_id']")).await;
    assert!(!chosen.is_empty());
    click(&browser, &format!("{form} button")).await;
    saved_as(&browser, 2).await;
    let after = tables(&browser).await;
    let now_at = after.iter().find(|t| t.0 == *to).expect("the table");
    assert!(now_at.1.contains(&who), "{who} at table {to}: {after:?}");
    let (width, svg) = super::chart(&browser).await;
    assert!(width > 0, "the new version's chart loaded");
    assert!(svg.contains(&format!(">{who}<")), "{svg}");
    audit.page(&browser, "ch2-moved").await;

    // With the script, dragging a name onto another table submits the same move.
    let li = find(
        &browser,
        &format!("section[data-table='{to}'] li[data-attendee]"),
    )
    .await;
    assert_eq!(
        li.attr("draggable").await.expect("attr").as_deref(),
        Some("true"),
        "the script ran (the CSP lets it)"
    );
    let dragged = li.text().await.expect("name");
    browser
        .execute(
            "const [li, target] = arguments; const data = new DataTransfer();
             li.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
             target.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));
             target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));",
            vec![
                serde_json::to_value(&li).expect("element"),
                serde_json::to_value(
                    find(&browser, &format!("section.table[data-table='{from}']")).await,
                )
                .expect("element"),
            ],
        )
        .await
        .expect("drag and drop");
    saved_as(&browser, 3).await;
    let after = tables(&browser).await;
    let back_at = after.iter().find(|t| t.0 == *from).expect("the table");
    assert!(
        back_at.1.contains(&dragged),
        "{dragged} at table {from}: {after:?}"
    );
    browser.close().await.ok();
    audit.assert_clean();
}
