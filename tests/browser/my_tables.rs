//! An attendee's side after seating, in a real browser: they register on the conference's page,
//! confirm from the emailed link, and once the organizer has published the lunch they see their
//! table, time, place and tablemates on their page, opt out of the dinner, and download what the
//! service holds about them; every page audited like the others.

use std::time::Duration;

use serde_json::{Value, json};

use super::a11y::Audit;
use super::eventually::eventually;
use super::{
    App, click, find, heading, open_browser, skip_without_browser, start_driver, type_into,
};

/// Five confirmed guests sharing Rust, a lunch of two tables of three and a dinner; returns
/// the lunch's and the dinner's ids.
async fn lunch_and_dinner(app: &App) -> (String, String) {
    for i in 0..5 {
        app.create(
            "/api/v1/conferences/browserconf/attendees",
            json!({
                "name": format!("Tablemate {i}"),
                "email": format!("mate{i}@browser.test"),
                "interests": ["Rust"],
                "consents": {"privacy": true},
            }),
        )
        .await;
    }
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    let mut ids = Vec::new();
    for (name, hour) in [("Lunch", 12), ("Dinner", 19)] {
        let meetup = app
            .post_json(
                "/api/v1/conferences/browserconf/meetups",
                json!({
                    "name": name,
                    "starts_at": format!("{day}T{hour}:00:00Z"),
                    "ends_at": format!("{day}T{}:00:00Z", hour + 1),
                    "location": "Hall B",
                    "table_count": 2,
                    "table_min": 3,
                    "table_max": 3,
                }),
                201,
            )
            .await;
        ids.push(meetup["id"].as_str().expect("an id").to_owned());
    }
    (ids[0].clone(), ids[1].clone())
}

/// Runs the matcher on the meetup through the API, waits for the job and publishes the draft.
async fn seat_and_publish(app: &App, meetup: &str) {
    let job = app
        .post_json(
            "/api/v1/conferences/browserconf/plan-runs",
            json!({"meetup_ids": [meetup]}),
            202,
        )
        .await;
    let job_path = format!(
        "/api/v1/conferences/browserconf/jobs/{}",
        job["id"].as_str().expect("a job id")
    );
    let plan = eventually("the run to finish", Duration::from_secs(30), async || {
        let job = app.get_json(&job_path).await;
        match job["status"].as_str() {
            Some("succeeded") => Ok(job["result"]["plans"][0]["plan_id"].clone()),
            other => Err(format!("{other:?}: {job}")),
        }
    })
    .await;
    let plan = plan.as_str().expect("a plan id");
    app.post_json(
        &format!("/api/v1/conferences/browserconf/plans/{plan}/publish"),
        json!({"version": 1}),
        200,
    )
    .await;
}

#[tokio::test]
async fn an_attendee_sees_their_table_opts_out_and_downloads_their_data_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
    let (lunch, _dinner) = lunch_and_dinner(&app).await;
    let driver = start_driver().await;
    let browser = open_browser(&driver).await;
    let mut audit = Audit::new();

    browser
        .goto(&app.url("/c/browserconf"))
        .await
        .expect("register");
    heading(&browser, "BrowserConf 2026").await;
    type_into(&browser, "#f-name", "Ada Lovelace").await;
    type_into(&browser, "#f-email", "ada@browser.test").await;
    click(&browser, "input[name='interest'][value='rust']").await;
    click(&browser, "#f-consent_privacy").await;
    click(
        &browser,
        "form[action='/c/browserconf'] button[type='submit']",
    )
    .await;
    heading(&browser, "Check your email").await;
    let link = app.manage_link().await;
    browser.goto(&link).await.expect("the emailed link");
    heading(&browser, "Your registration").await;
    click(&browser, "form[action='/manage/confirm'] button").await;
    find(&browser, ".status-confirmed").await;

    seat_and_publish(&app, &lunch).await;
    // The introduction's link replaces the one the attendee confirmed with: they follow it.
    let link = app.newest_manage_link("ada@browser.test", 2).await;
    browser.goto(&link).await.expect("the introduction's link");
    let tables = find(&browser, "section[aria-labelledby='tables-title']").await;
    let text = tables.text().await.expect("text");
    assert!(text.contains("Lunch: Table"), "{text}");
    assert!(text.contains("Hall B"), "{text}");
    let mates = browser
        .find_all(fantoccini::Locator::Css("article.my-table li"))
        .await
        .expect("tablemates");
    assert_eq!(
        mates.len(),
        2,
        "a table of three shows two tablemates: {text}"
    );
    assert!(text.contains("You share: rust"), "{text}");
    audit.page(&browser, "a1-my-tables").await;

    browser
        .find(fantoccini::Locator::XPath(
            "//form[@action='/manage/meetups']//button[contains(., 'I will not come to Dinner')]",
        ))
        .await
        .expect("the dinner's opt-out button")
        .click()
        .await
        .expect("click");
    // Only the page after the choice says the attendee stays away from a meetup.
    let choices = eventually("the opt-out to show", Duration::from_secs(10), async || {
        let text = browser
            .find(fantoccini::Locator::Css(
                "section[aria-labelledby='meetups-title']",
            ))
            .await
            .map_err(|e| e.to_string())?
            .text()
            .await
            .map_err(|e| e.to_string())?;
        if text.contains("you do not take part") {
            Ok(text)
        } else {
            Err(text)
        }
    })
    .await;
    assert!(choices.contains("I will come to Dinner"), "{choices}");
    assert!(choices.contains("I will not come to Lunch"), "{choices}");
    audit.page(&browser, "a2-opted-out").await;

    // The download, saved by the browser itself into a folder of the test's.
    let downloads = tempfile::tempdir().expect("a download folder");
    super::a11y::cdp(
        &browser,
        "Browser.setDownloadBehavior",
        json!({"behavior": "allow", "downloadPath": downloads.path().display().to_string()}),
    )
    .await;
    click(&browser, "a[href^='/manage/data.json']").await;
    // Chromium may show the file under its name before the last byte is in: wait for it whole.
    let data: Value = eventually(
        "the download to be saved",
        Duration::from_secs(10),
        async || {
            let saved = downloads.path().join("my-tablemates-data.json");
            let text = std::fs::read_to_string(&saved).map_err(|e| {
                let seen: Vec<_> = std::fs::read_dir(downloads.path())
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|f| f.file_name())
                    .collect();
                format!("{e}; the folder holds {seen:?}")
            })?;
            serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))
        },
    )
    .await;
    let dump = data.to_string();
    assert!(dump.contains("ada@browser.test"), "{dump}");
    assert!(dump.contains("Lunch"), "{dump}");
    browser.close().await.ok();
    audit.assert_clean();
}
