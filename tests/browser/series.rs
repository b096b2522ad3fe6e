//! Publishing a whole series from the console in a real browser: a run seats three lunches, the
//! first lunch's page offers "Publish the whole series", and one click publishes all three;
//! both pages audited with axe.

use serde_json::{Value, json};

use super::a11y::Audit;
use super::eventually::eventually;
use super::{
    App, WAIT, click, find, heading, open_browser, skip_without_browser, start_driver, type_into,
};

#[tokio::test]
async fn an_organizer_publishes_a_whole_series_from_a_meetup_page_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
    app.guests(&["Rust", "CSS", "Accessibility"].repeat(3))
        .await;
    let first_day = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    for n in 0..3 {
        let day = first_day + chrono::Duration::days(n);
        app.create(
            "/api/v1/conferences/browserconf/meetups",
            json!({
                "name": format!("Series lunch {}", n + 1),
                "series": "lunch",
                "starts_at": format!("{day}T12:00:00Z"),
                "ends_at": format!("{day}T13:00:00Z"),
                "location": "Hall B",
                "table_count": 3,
                "table_min": 3,
                "table_max": 3,
            }),
        )
        .await;
    }
    let http = reqwest::Client::new();
    let job: Value = http
        .post(app.url("/api/v1/conferences/browserconf/plan-runs"))
        .bearer_auth(&app.token)
        .json(&json!({"series": "lunch", "seed": 1, "iterations": 200}))
        .send()
        .await
        .expect("run")
        .json()
        .await
        .expect("job");
    let job_url = app.url(&format!(
        "/api/v1/conferences/browserconf/jobs/{}",
        job["id"].as_str().expect("job id")
    ));
    eventually("the series run to succeed", WAIT, async || {
        let job: Value = http
            .get(&job_url)
            .bearer_auth(&app.token)
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        match job["status"].as_str() {
            Some("succeeded") => Ok(()),
            other => Err(format!("{other:?}")),
        }
    })
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
        .expect("the conference");
    heading(&browser, "BrowserConf 2026").await;
    click(&browser, "ul.meetups a").await;
    heading(&browser, "Series lunch 1").await;
    find(&browser, "#series-title").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert!(
        page.contains("Series lunch 2") && page.contains("Series lunch 3"),
        "{page}"
    );
    audit.page(&browser, "s1-series-draft").await;
    click(
        &browser,
        "form[action='/organizer/c/browserconf/plans/publish'] button",
    )
    .await;
    browser
        .wait()
        .at_most(WAIT)
        .for_element(fantoccini::Locator::XPath(
            "//p[span[@class='badge' and normalize-space(.)='published']]",
        ))
        .await
        .expect("the published plan is shown");
    audit.page(&browser, "s2-series-published").await;
    browser
        .goto(&app.url("/organizer/c/browserconf"))
        .await
        .expect("the conference");
    heading(&browser, "BrowserConf 2026").await;
    let page = find(&browser, "main").await.text().await.expect("text");
    assert_eq!(page.matches(" Published\n").count(), 3, "{page}");
    browser.close().await.ok();
    audit.assert_clean();
}
