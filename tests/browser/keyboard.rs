//! The console's main path with the keyboard alone: every step is reached with Tab and taken
//! with Enter (or typed), as someone who cannot use a mouse would, and every control focus
//! lands on on the way shows the focus ring. Clicking would pass on pages a keyboard cannot
//! work; pressing keys cannot.

use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{Value, json};

use super::console::lunch_with_guests;
use super::{App, find, heading, open_browser, skip_without_browser, start_driver};

/// More Tabs than any console page has controls before the one a step needs.
const MAX_TABS: usize = 80;

/// Presses and releases keys on whatever has focus, through the WebDriver actions API (not
/// by sending keys to an element, which would focus it first).
async fn press(browser: &Client, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".into());
    for &key in keys {
        actions = actions
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
    }
    browser.perform_actions(actions).await.expect("key presses");
}

async fn press_key(browser: &Client, key: Key) {
    press(browser, &[char::from(key)]).await;
}

async fn type_text(browser: &Client, text: &str) {
    press(browser, &text.chars().collect::<Vec<_>>()).await;
}

/// What has focus: whether it matches `css`, whether the focus ring is drawn, and its markup
/// for messages.
async fn focused(browser: &Client, css: &str) -> (bool, bool, String) {
    let script = "const e = document.activeElement; const s = getComputedStyle(e); \
                  return [e.matches(arguments[0]), \
                          e === document.body || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2), \
                          e.outerHTML.slice(0, 160)];";
    let found = browser
        .execute(script, vec![json!(css)])
        .await
        .expect("the focused element");
    let field = |i: usize| found.get(i).cloned().unwrap_or(Value::Null);
    (
        field(0).as_bool().unwrap_or(false),
        field(1).as_bool().unwrap_or(false),
        field(2).as_str().unwrap_or_default().to_owned(),
    )
}

/// Tabs forward from the top of the page until the control matching `css` has focus,
/// checking that each control on the way shows the focus ring.
async fn tab_to(browser: &Client, css: &str) {
    // Focus starts again at the top of the document, as after a page load.
    browser
        .execute("document.activeElement && document.activeElement.blur(); window.getSelection().removeAllRanges();", vec![])
        .await
        .expect("blur");
    for _ in 0..MAX_TABS {
        press_key(browser, Key::Tab).await;
        let (hit, ring, html) = focused(browser, css).await;
        assert!(ring, "no visible focus ring on {html}");
        if hit {
            return;
        }
    }
    panic!("{MAX_TABS} Tabs never reached {css}");
}

/// Tabs to `css` and presses Enter on it.
async fn activate(browser: &Client, css: &str) {
    tab_to(browser, css).await;
    press_key(browser, Key::Enter).await;
}

#[tokio::test]
async fn an_organizer_signs_in_runs_publishes_and_signs_out_with_the_keyboard_alone() {
    if skip_without_browser() {
        return;
    }
    let app = App::spawn().await;
    lunch_with_guests(&app).await;
    let driver = start_driver().await;
    let browser = open_browser(&driver).await;

    browser.goto(&app.url("/")).await.expect("front door");
    heading(&browser, "Meet the people behind the handles").await;
    // The skip link is the first stop, so keyboard users need not walk the header.
    press_key(&browser, Key::Tab).await;
    let (skip, _, html) = focused(&browser, "a.skip").await;
    assert!(skip, "the first Tab lands on {html}, not the skip link");

    activate(&browser, "a[href='/organizer/sign-in']").await;
    heading(&browser, "Sign in to organize").await;
    tab_to(&browser, "#f-email").await;
    type_text(&browser, "olga@browser.test").await;
    press_key(&browser, Key::Enter).await;
    heading(&browser, "Check your email").await;

    // Opening the emailed link is the mail program's part; from there on, keys again.
    let link = app.link_in_email("/organizer/sign-in/link?token=").await;
    browser.goto(&link).await.expect("the emailed link");
    heading(&browser, "Sign in to organize").await;
    activate(&browser, "form[action='/organizer/sign-in/link'] button").await;
    heading(&browser, "Your conferences").await;

    activate(&browser, "a[href='/organizer/c/browserconf']").await;
    heading(&browser, "BrowserConf 2026").await;
    activate(&browser, "ul.meetups a").await;
    heading(&browser, "Browser lunch").await;
    activate(&browser, "form[action$='/run'] button").await;
    heading(&browser, "Seating run").await;
    // The job page reloads itself until the draft is linked.
    find(&browser, "p.notice a").await;
    activate(&browser, "p.notice a").await;
    find(&browser, "form[action$='/publish'] button").await;

    activate(&browser, "form[action$='/publish'] button").await;
    browser
        .wait()
        .at_most(super::WAIT)
        .for_element(fantoccini::Locator::XPath(
            "//p[span[@class='badge' and normalize-space(.)='published']]",
        ))
        .await
        .expect("the published plan is shown");

    browser.goto(&app.url("/organizer")).await.expect("console");
    heading(&browser, "Your conferences").await;
    activate(&browser, "form[action='/organizer/sign-out'] button").await;
    heading(&browser, "Meet the people behind the handles").await;
    browser.close().await.ok();
}
