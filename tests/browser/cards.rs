//! The printable table cards in a real browser: the demo conference's first lunch is seated
//! and published, then the organizer opens the cards page. Every table has its card with its
//! label and its people, and Chromium's own "print to PDF" on A4 puts every card whole on one
//! sheet (label, every name, the topics line at its foot), two to a sheet where they fit,
//! without the screen-only introduction. The page passes the same accessibility audit as the
//! attendee pages.

use std::collections::BTreeSet;

use fantoccini::Locator;
use fantoccini::wd::PrintConfiguration;
use serde_json::{Value, json};

use crate::a11y::Audit;
use crate::eventually::eventually;
use crate::{App, WAIT, open_browser, skip_without_browser, start_driver};

struct Api {
    client: reqwest::Client,
    app_url: String,
    token: String,
}

impl Api {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.app_url))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let res = request.send().await.expect("request");
        let status = res.status();
        let text = res.text().await.expect("body");
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).expect("JSON")
    }
}

/// Seats and publishes the demo's first lunch; returns the meetup id and the published plan.
async fn publish_first_lunch(api: &Api, slug: &str) -> (String, Value) {
    let meetups = api
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/conferences/{slug}/meetups"),
            None,
        )
        .await;
    let meetup = meetups["items"]
        .as_array()
        .expect("meetups")
        .iter()
        .min_by_key(|m| m["starts_at"].as_str().map(str::to_owned))
        .expect("a meetup")
        .clone();
    let meetup_id = meetup["id"].as_str().expect("id").to_owned();
    let job = api
        .call(
            reqwest::Method::POST,
            &format!("/api/v1/conferences/{slug}/plan-runs"),
            Some(json!({"meetup_ids": [meetup_id], "seed": 1, "iterations": 200})),
        )
        .await;
    let job_path = format!(
        "/api/v1/conferences/{slug}/jobs/{}",
        job["id"].as_str().expect("job id")
    );
    eventually("the plan run to finish", WAIT, async || {
        let job = api.call(reqwest::Method::GET, &job_path, None).await;
        assert_ne!(job["status"], "failed", "{job}");
        if job["status"] == "succeeded" {
            Ok(())
        } else {
            Err(job)
        }
    })
    .await;
    let draft = api
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/conferences/{slug}/meetups/{meetup_id}/plan"),
            None,
        )
        .await;
    let plan_id = draft["id"].as_str().expect("plan id");
    let published = api
        .call(
            reqwest::Method::POST,
            &format!("/api/v1/conferences/{slug}/plans/{plan_id}/publish"),
            Some(json!({"version": draft["version"]})),
        )
        .await;
    (meetup_id, published)
}

/// Text as PDF extraction renders it comparably: Chromium's PDFs split words into runs and use
/// ligatures, so compare letters and digits only.
fn plain(text: &str) -> String {
    [
        ('\u{FB00}', "ff"),
        ('\u{FB01}', "fi"),
        ('\u{FB02}', "fl"),
        ('\u{FB03}', "ffi"),
        ('\u{FB04}', "ffl"),
    ]
    .iter()
    .fold(text.to_owned(), |t, (ligature, letters)| {
        t.replace(*ligature, letters)
    })
    .chars()
    .filter(|c| c.is_alphanumeric())
    .flat_map(char::to_lowercase)
    .collect()
}

#[tokio::test]
async fn table_cards_show_every_table_and_print_two_to_an_a4_sheet() {
    if skip_without_browser() {
        return;
    }
    let (app, ctx) = App::start().await;
    let demo = tablemates::demo::seed(&ctx)
        .await
        .expect("the demo seeds")
        .expect("the database was empty");
    let api = Api {
        client: reqwest::Client::new(),
        app_url: app.url(""),
        token: demo.organizer_token.clone(),
    };
    let (meetup_id, plan) = publish_first_lunch(&api, demo.slug).await;
    let expected: Vec<(String, BTreeSet<String>)> = plan["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| {
            let names = t["members"]
                .as_array()
                .expect("members")
                .iter()
                .map(|m| m["name"].as_str().expect("name").to_owned())
                .collect();
            (t["label"].as_str().expect("label").to_owned(), names)
        })
        .collect();
    assert!(expected.len() >= 4, "the demo lunch has several tables");

    let driver = start_driver().await;
    let browser = open_browser(&driver).await;
    let url = app.url(&format!(
        "/api/v1/conferences/{}/exports/cards.html?meetup_id={meetup_id}&access_token={}",
        demo.slug, demo.organizer_token
    ));
    let mut audit = Audit::new();
    let result = check_cards(&browser, &url, &expected, &mut audit).await;
    browser.close().await.ok();
    result.unwrap_or_else(|e| panic!("{e}"));
    audit.assert_clean();
}

async fn check_cards(
    browser: &fantoccini::Client,
    url: &str,
    expected: &[(String, BTreeSet<String>)],
    audit: &mut Audit,
) -> Result<(), fantoccini::error::CmdError> {
    browser.goto(url).await?;
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("section.card"))
        .await?;
    audit.page(browser, "10-table-cards").await;
    let cards = browser.find_all(Locator::Css("section.card")).await?;
    assert_eq!(cards.len(), expected.len(), "one card per table");
    let mut topics = Vec::new();
    let heading = cards[0]
        .find(Locator::Css(".card-meetup"))
        .await?
        .text()
        .await?;
    for (card, (label, names)) in cards.iter().zip(expected) {
        let shown = card.find(Locator::Css(".card-label")).await?.text().await?;
        assert_eq!(&shown, label);
        let mut people = BTreeSet::new();
        for name in card.find_all(Locator::Css(".card-name")).await? {
            people.insert(name.text().await?);
        }
        assert_eq!(&people, names, "the people of {label}");
        let mut foot = String::new();
        for line in card.find_all(Locator::Css(".card-topics")).await? {
            foot = line.text().await?;
        }
        topics.push(foot);
    }
    let a4 = PrintConfiguration::builder()
        .size(fantoccini::wd::PrintSize::A4)
        .build()
        .expect("a print configuration");
    let pdf = browser.print(a4).await?;
    let document = lopdf::Document::load_mem(&pdf).expect("Chromium prints a PDF");
    let sheets: Vec<String> = document
        .get_pages()
        .keys()
        .map(|&n| plain(&document.extract_text(&[n]).expect("text of a page")))
        .collect();
    // Every card opens with the meetup's line: count the cards on each sheet.
    let per_sheet: Vec<usize> = sheets
        .iter()
        .map(|s| s.matches(&plain(&heading)).count())
        .collect();
    assert_eq!(
        per_sheet.iter().sum::<usize>(),
        expected.len(),
        "{per_sheet:?}"
    );
    assert!(
        per_sheet.iter().all(|&n| (1..=2).contains(&n)) && per_sheet.contains(&2),
        "one or two cards to a sheet, two where they fit: {per_sheet:?}"
    );
    assert!(
        sheets.iter().all(|s| !s.contains(&plain("does not print"))),
        "the introduction is for the screen only"
    );
    for (i, (label, names)) in expected.iter().enumerate() {
        let first = plain(names.first().expect("a seated table"));
        let sheet = sheets
            .iter()
            .find(|s| s.contains(&first) && s.contains(&plain(label)))
            .unwrap_or_else(|| panic!("no sheet has both {label} and {first}: {sheets:#?}"));
        for name in names {
            assert!(
                sheet.contains(&plain(name)),
                "{name} is printed on the sheet of {label}"
            );
        }
        assert!(
            sheet.contains(&plain(&topics[i])),
            "the foot of {label} ({}) is printed whole",
            topics[i]
        );
    }
    Ok(())
}
