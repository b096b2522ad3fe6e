//! The pages in a real browser: headless Chromium driven over WebDriver (chromedriver) from the
//! front door through register → email → personal link → confirm → edit → withdraw → delete,
//! a registration with an invalid email and an error page, each page audited with axe-core
//! (see `a11y`). Without Chromium it says so loudly and passes, unless
//! TABLEMATES_REQUIRE_BROWSER is set (as in CI), where a missing browser fails the test.
//!
//! Each audited page is saved as a PNG in every width and colour scheme the audit renders it in,
//! under target/screenshots/, to look at the layout (TABLEMATES_SCREENSHOTS=DIR names another
//! folder; set but empty, it saves none).

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use mail_parser::MessageParser;
use serde_json::json;
use tablemates::config::Config;
use tablemates::startup::Application;

mod a11y;
mod cards;
mod chart;
mod console;
mod console_setup;
#[path = "../support/eventually.rs"]
mod eventually;
mod journey;
mod keyboard;
mod my_tables;
mod people;
mod series;

use a11y::Audit;
use eventually::eventually;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(10);

/// The application on port 0 with a temporary SQLite database and the file mail transport.
struct App {
    address: String,
    /// BrowserConf's organizer's API token (empty before `spawn` makes the conference).
    token: String,
    mail_dir: tempfile::TempDir,
    _db_dir: tempfile::TempDir,
}

impl App {
    /// The application with an empty database, and what it calls its use cases with.
    async fn start() -> (Self, tablemates::workflows::Context) {
        let db_dir = tempfile::tempdir().expect("temp dir");
        let mail_dir = tempfile::tempdir().expect("temp dir for emails");
        let map: HashMap<String, String> = HashMap::from([
            (
                "TABLEMATES_DATABASE_URL".into(),
                format!(
                    "sqlite://{}?mode=rwc",
                    db_dir.path().join("test.db").display()
                ),
            ),
            (
                "TABLEMATES_SMTP_URL".into(),
                format!("file://{}", mail_dir.path().display()),
            ),
            ("TABLEMATES_LISTEN".into(), "127.0.0.1:0".into()),
            ("TABLEMATES_HTTP_WORKERS".into(), "2".into()),
            ("TABLEMATES_OUTBOX_POLL_MS".into(), "20".into()),
            // Every test registers from 127.0.0.1: the abuse limits are counted but out of
            // reach, except in the tests of the limits, which set small ones.
            ("TABLEMATES_RATE_LIMIT_ADDRESS".into(), "1000000".into()),
            ("TABLEMATES_RATE_LIMIT_MAILBOX".into(), "1000000".into()),
        ]);
        let config = Config::from_lookup(|k| map.get(k).cloned()).expect("test config");
        let app = Application::build(config)
            .await
            .expect("application starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let ctx = app.ctx().clone();
        tokio::spawn(app.run_until_stopped());
        (
            Self {
                address,
                token: String::new(),
                mail_dir,
                _db_dir: db_dir,
            },
            ctx,
        )
    }

    /// The application with one open conference, BrowserConf, a month from now.
    async fn spawn() -> Self {
        let (mut app, ctx) = Self::start().await;
        let (_, token) = tablemates::workflows::organizers::create_with_token(
            &ctx,
            "olga@browser.test",
            "Olga Organizer",
            chrono::Utc::now(),
            &mut rand::rng(),
        )
        .await
        .expect("organizer");
        app.token = token;
        // Upcoming whenever the test runs, so the front door lists it.
        let today = chrono::Utc::now().date_naive();
        app.create(
            "/api/v1/conferences",
            json!({
                "slug": "browserconf",
                "name": "BrowserConf 2026",
                "description": "Two days about the web platform.\nBring your questions.",
                "venue": "Lisbon",
                "time_zone": "Europe/Lisbon",
                "starts_on": today + chrono::Duration::days(30),
                "ends_on": today + chrono::Duration::days(31),
                "registration_open": true,
                "suggested_interests": ["Accessibility", "Rust", "CSS"],
            }),
        )
        .await;
        app
    }

    /// Posts `body` to the organizer API at `path` with BrowserConf's organizer's token,
    /// expecting 201.
    async fn create(&self, path: &str, body: serde_json::Value) {
        let res = reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("request");
        assert_eq!(
            res.status(),
            201,
            "{}",
            res.text().await.unwrap_or_default()
        );
    }

    /// Posts `body` with the organizer's token, expecting `status`; the response's JSON.
    async fn post_json(
        &self,
        path: &str,
        body: serde_json::Value,
        status: u16,
    ) -> serde_json::Value {
        let res = reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("request");
        let actual = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(actual, status, "{path}: {text}");
        serde_json::from_str(&text).expect("a JSON response")
    }

    /// Gets `path` with the organizer's token, expecting 200; the response's JSON.
    async fn get_json(&self, path: &str) -> serde_json::Value {
        let res = reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "{path}");
        res.json().await.expect("a JSON response")
    }

    /// A confirmed guest per interest, "Guest {i}" <guest{i}@browser.test>, added by the organizer.
    async fn guests(&self, interests: &[&str]) {
        for (i, interest) in interests.iter().enumerate() {
            self.create(
                "/api/v1/conferences/browserconf/attendees",
                json!({
                    "name": format!("Guest {i}"),
                    "email": format!("guest{i}@browser.test"),
                    "interests": [interest],
                    "consents": {"privacy": true},
                }),
            )
            .await;
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The personal link in the email the mailer writes.
    async fn manage_link(&self) -> String {
        self.link_in_email("/manage?token=").await
    }

    /// The personal link in the newest of at least `emails` emails to `to` carrying one: a
    /// newer email's link replaces the older ones.
    async fn newest_manage_link(&self, to: &str, emails: usize) -> String {
        eventually("the newest email with a personal link", WAIT, async || {
            let mut found: Vec<(std::time::SystemTime, String)> =
                std::fs::read_dir(self.mail_dir.path())
                    .expect("mail folder")
                    .map(|e| e.expect("entry").path())
                    .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                    .filter_map(|path| {
                        let written = std::fs::metadata(&path).ok()?.modified().ok()?;
                        let raw = std::fs::read(&path).ok()?;
                        let message = MessageParser::default().parse(&raw)?;
                        let addressed = message
                            .to()
                            .and_then(|a| a.first())
                            .and_then(|a| a.address())
                            .is_some_and(|a| a.eq_ignore_ascii_case(to));
                        if !addressed {
                            return None;
                        }
                        let text = message.body_text(0)?.into_owned();
                        let link = text
                            .split_whitespace()
                            .find(|w| w.starts_with("http") && w.contains("/manage?token="))?
                            .to_owned();
                        Some((written, link))
                    })
                    .collect();
            if found.len() < emails {
                return Err(format!("{} of {emails} emails", found.len()));
            }
            found.sort();
            Ok(found.pop().expect("an email").1)
        })
        .await
    }

    /// The first link containing `fragment` in an email the mailer has written.
    async fn link_in_email(&self, fragment: &str) -> String {
        eventually("an email with the link to be written", WAIT, async || {
            std::fs::read_dir(self.mail_dir.path())
                .expect("mail folder")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .find_map(|path| {
                    let raw = std::fs::read(&path).ok()?;
                    let message = MessageParser::default().parse(&raw)?;
                    let text = message.body_text(0)?.into_owned();
                    text.split_whitespace()
                        .find(|word| word.starts_with("http") && word.contains(fragment))
                        .map(str::to_owned)
                })
                .ok_or("no email with that link yet")
        })
        .await
    }
}

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

async fn start_driver() -> Driver {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver {
        child,
        port,
        _profile: tempfile::tempdir().expect("profile dir"),
    };
    let status = format!("http://127.0.0.1:{port}/status");
    eventually("chromedriver to answer", WAIT, async || {
        reqwest::get(&status).await.map(drop)
    })
    .await;
    driver
}

async fn open_browser(driver: &Driver) -> Client {
    open_browser_in(driver, "en-US,en").await
}

/// A browser whose `Accept-Language` is `languages` (a comma-separated list).
async fn open_browser_in(driver: &Driver, languages: &str) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1000,3600",
                format!("--user-data-dir={}", driver._profile.path().display()),
                format!("--lang={languages}"),
                format!("--accept-lang={languages}"),
            ],
            "prefs": {"intl.accept_languages": languages},
        }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

async fn find(browser: &Client, css: &str) -> Element {
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
}

async fn type_into(browser: &Client, css: &str, text: &str) {
    let input = find(browser, css).await;
    input.clear().await.expect("clear");
    input.send_keys(text).await.expect("type");
}

async fn choose(browser: &Client, css: &str, value: &str) {
    find(browser, css)
        .await
        .select_by_value(value)
        .await
        .expect("choose");
}

async fn value(browser: &Client, css: &str) -> String {
    find(browser, css)
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

async fn click(browser: &Client, css: &str) {
    find(browser, css).await.click().await.expect("click");
}

/// Waits until the page's `h1` contains `text`. A lookup that a navigation interrupts ("aborted
/// by navigation") is asked again, like one that finds nothing yet.
async fn heading(browser: &Client, text: &str) {
    let xpath = format!("//h1[contains(., '{text}')]");
    eventually(format!("a heading {text:?}"), WAIT, async || {
        browser
            .find(Locator::XPath(&xpath))
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
    .await;
}

/// Waits until the page's `main` says `needle`, and shows what it said instead if it never does.
async fn main_text_with(browser: &Client, needle: &str) -> String {
    eventually(format!("the page to say {needle:?}"), WAIT, async || {
        let main = browser
            .find(Locator::Css("main"))
            .await
            .map_err(|e| e.to_string())?
            .text()
            .await
            .map_err(|e| e.to_string())?;
        if main.contains(needle) {
            Ok(main)
        } else {
            Err(main)
        }
    })
    .await
}

async fn status(browser: &Client) -> String {
    find(browser, "#status")
        .await
        .text()
        .await
        .expect("status")
        .to_lowercase()
}

fn browser_binaries() -> Option<(PathBuf, PathBuf)> {
    let (chromium, driver) = (PathBuf::from(CHROMIUM), PathBuf::from(CHROMEDRIVER));
    (chromium.is_file() && driver.is_file()).then_some((chromium, driver))
}

/// True (after a loud notice) when Chromium is missing and the environment allows skipping.
fn skip_without_browser() -> bool {
    if browser_binaries().is_some() {
        return false;
    }
    skip_loudly(&format!(
        "BROWSER TEST SKIPPED: {CHROMIUM} or {CHROMEDRIVER} is missing.\n\
         Install them with `apt-get install -y chromium chromium-driver`."
    ));
    true
}

/// Prints `notice` where everyone sees it; fails instead where TABLEMATES_REQUIRE_BROWSER says
/// nothing may be skipped.
fn skip_loudly(notice: &str) {
    let notice = format!("\n{bar}\n{notice}\n{bar}\n", bar = "!".repeat(72));
    assert!(
        std::env::var_os("TABLEMATES_REQUIRE_BROWSER").is_none(),
        "TABLEMATES_REQUIRE_BROWSER is set, so nothing may be skipped:{notice}"
    );
    eprintln!("{notice}");
}

#[tokio::test]
async fn an_attendee_registers_confirms_edits_and_withdraws_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    walk_audited(walk).await;
}

/// Runs `walk` against a fresh app in a fresh browser; fails on its error or on anything the
/// audit found on the pages it visited.
async fn walk_audited(
    walk: impl AsyncFnOnce(&App, &Client, &mut Audit) -> Result<(), fantoccini::error::CmdError>,
) {
    let app = App::spawn().await;
    let driver = start_driver().await;
    let browser = open_browser(&driver).await;
    let mut audit = Audit::new();
    let result = walk(&app, &browser, &mut audit).await;
    browser.close().await.ok();
    result.unwrap_or_else(|e| panic!("{e}"));
    audit.assert_clean();
}

async fn walk(
    app: &App,
    browser: &Client,
    audit: &mut Audit,
) -> Result<(), fantoccini::error::CmdError> {
    browser.goto(&app.url("/")).await?;
    heading(browser, "Meet the people behind the handles").await;
    find(browser, "a[href='/organizer/sign-in']").await;
    audit.page(browser, "0-front-door").await;
    click(browser, "a[href='/c/browserconf']").await;
    heading(browser, "BrowserConf 2026").await;
    audit.page(browser, "1-register").await;
    type_into(browser, "#f-name", "Ada Lovelace").await;
    type_into(browser, "#f-email", "ada@browser.test").await;
    type_into(browser, "#f-affiliation", "Analytical Engines").await;
    choose(browser, "#f-affiliation_visibility", "organizer").await;
    type_into(browser, "#f-handle_github", "https://github.com/ada-l").await;
    choose(browser, "#f-handle_github_visibility", "nobody").await;
    click(browser, "input[name='interest'][value='rust']").await;
    type_into(browser, "#f-interests", "looms, poetry").await;
    choose(browser, "#f-wanted_0_network", "github").await;
    type_into(browser, "#f-wanted_0_handle", "grace").await;
    click(browser, "#f-consent_privacy").await;
    click(
        browser,
        "form[action='/c/browserconf'] button[type='submit']",
    )
    .await;
    heading(browser, "Check your email").await;
    audit.page(browser, "2-check-email").await;

    let link = app.manage_link().await;
    browser.goto(&link).await?;
    heading(browser, "Your registration").await;
    assert_eq!(status(browser).await, "pending");
    assert_eq!(value(browser, "#f-affiliation").await, "Analytical Engines");
    assert_eq!(value(browser, "#f-handle_github").await, "ada-l");
    assert_eq!(
        value(browser, "#f-handle_github_visibility").await,
        "nobody"
    );
    assert_eq!(value(browser, "#f-interests").await, "looms, poetry");
    let rust = find(browser, "input[name='interest'][value='rust']").await;
    assert!(
        rust.is_selected().await?,
        "the ticked interest stays ticked"
    );
    audit.page(browser, "3-manage-pending").await;

    click(browser, "form[action='/manage/confirm'] button").await;
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".status-confirmed"))
        .await?;
    assert_eq!(status(browser).await, "confirmed");
    assert!(
        browser
            .current_url()
            .await?
            .as_str()
            .ends_with("done=confirmed")
    );

    type_into(browser, "#f-affiliation", "Royal Society").await;
    choose(browser, "#f-affiliation_visibility", "nobody").await;
    click(browser, "form[action='/manage'] button[type='submit']").await;
    // The page before saving showed a notice too: wait for the saved page's own address.
    eventually("the saved page", WAIT, async || {
        let url = browser.current_url().await.map_err(|e| e.to_string())?;
        if url.as_str().ends_with("done=saved") {
            Ok(())
        } else {
            Err(url.to_string())
        }
    })
    .await;
    find(browser, "p.notice").await;
    assert_eq!(value(browser, "#f-affiliation").await, "Royal Society");
    assert_eq!(value(browser, "#f-affiliation_visibility").await, "nobody");
    assert_eq!(value(browser, "#f-name").await, "Ada Lovelace");
    assert_eq!(status(browser).await, "confirmed");
    audit.page(browser, "4-manage-saved").await;

    click(browser, "form[action='/manage/withdraw'] button").await;
    heading(browser, "Withdraw from BrowserConf 2026?").await;
    audit.page(browser, "5-withdraw-are-you-sure").await;
    click(browser, "button.danger").await;
    find(browser, ".status-withdrawn").await;
    assert_eq!(status(browser).await, "withdrawn");

    click(browser, "form[action='/manage/delete'] button").await;
    heading(browser, "Delete all your data?").await;
    audit.page(browser, "6-delete-are-you-sure").await;
    click(browser, "button.danger").await;
    heading(browser, "Your data is deleted").await;
    audit.page(browser, "7-erased").await;

    browser.goto(&app.url("/c/browserconf")).await?;
    type_into(browser, "#f-name", "Grace Hopper").await;
    type_into(browser, "#f-email", "grace-at-navy").await;
    type_into(browser, "#f-role", "Rear Admiral").await;
    click(browser, "#f-consent_privacy").await;
    click(
        browser,
        "form[action='/c/browserconf'] button[type='submit']",
    )
    .await;
    // The message sits right before the input it is about, and the input points at it.
    let error = find(browser, "#email-error + input#f-email").await;
    assert_eq!(
        error.attr("aria-describedby").await?.as_deref(),
        Some("email-error email-hint")
    );
    assert_eq!(error.attr("aria-invalid").await?.as_deref(), Some("true"));
    assert!(
        !find(browser, "#email-error").await.text().await?.is_empty(),
        "the message is shown"
    );
    assert_eq!(value(browser, "#f-email").await, "grace-at-navy");
    assert_eq!(value(browser, "#f-name").await, "Grace Hopper");
    assert_eq!(value(browser, "#f-role").await, "Rear Admiral");
    assert!(
        find(browser, "#f-consent_privacy")
            .await
            .is_selected()
            .await?
    );
    assert!(
        browser.find(Locator::Css("#name-error")).await.is_err(),
        "a valid field has no message"
    );
    audit.page(browser, "8-register-invalid").await;

    browser.goto(&app.url("/c/no-such-conference")).await?;
    heading(browser, "Not found").await;
    audit.page(browser, "9-error-not-found").await;
    Ok(())
}

/// The chart image on the page as the browser loaded it: its natural width (0 if it did not
/// load) and the SVG it was drawn from, fetched again from the image's address (the browser
/// keeps it, so this reads its copy).
async fn chart(browser: &Client) -> (u64, String) {
    let image = find(browser, "img.chart").await;
    assert_eq!(
        image.attr("alt").await.expect("attr").as_deref(),
        Some(""),
        "a picture; the lists say it in words"
    );
    let loaded = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const img = document.querySelector('img.chart');\
             const read = () => fetch(img.src).then(r => r.text())\
               .then(svg => done([img.naturalWidth, svg]));\
             if (img.complete) { read(); } else { img.addEventListener('load', read); }",
            vec![],
        )
        .await
        .expect("the chart image");
    let width = loaded[0].as_u64().expect("a width");
    let svg = loaded[1].as_str().expect("the svg").to_owned();
    (width, svg)
}

/// An attendee who chooses German registers and sees her own page in German: the pages pass
/// the same audit, `<html lang>` included, in the second language.
#[tokio::test]
async fn an_attendee_who_chooses_german_gets_german_pages_in_a_browser() {
    if skip_without_browser() {
        return;
    }
    walk_audited(german_walk).await;
}

async fn german_walk(
    app: &App,
    browser: &Client,
    audit: &mut Audit,
) -> Result<(), fantoccini::error::CmdError> {
    browser.goto(&app.url("/c/browserconf")).await?;
    type_into(browser, "#f-name", "Käthe Paulus").await;
    type_into(browser, "#f-email", "kaethe@browser.test").await;
    choose(browser, "#f-language", "de").await;
    click(browser, "#f-consent_privacy").await;
    click(
        browser,
        "form[action='/c/browserconf'] button[type='submit']",
    )
    .await;
    heading(browser, "Sehen Sie in Ihr Postfach").await;
    let lang = find(browser, "html").await.attr("lang").await?;
    assert_eq!(lang.as_deref(), Some("de"));
    audit.page(browser, "de-1-check-email").await;

    let link = app.manage_link().await;
    browser.goto(&link).await?;
    heading(browser, "Ihre Anmeldung für BrowserConf 2026").await;
    assert_eq!(value(browser, "#f-language").await, "de");
    audit.page(browser, "de-2-manage").await;
    Ok(())
}
