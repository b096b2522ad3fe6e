//! Accessibility in the browser: axe-core audits every page the browser tests visit, at a
//! phone's and a desktop's width, in the light and the dark colour scheme, and the non-text
//! contrast axe does not measure (focus ring, input borders) is measured here.
//!
//! axe-core comes from npm (`.ci/run` installs it into target/axe); TABLEMATES_AXE_JS names its
//! `axe.min.js` elsewhere. Without it the audits are skipped with a loud notice, unless
//! TABLEMATES_REQUIRE_BROWSER is set (as in CI), where a missing axe fails the test.
//!
//! Colour scheme and width are emulated through Chrome DevTools Protocol commands, which
//! chromedriver relays at `POST /session/{id}/goog/cdp/execute`: WebDriver itself has neither.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fantoccini::Client;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde::Deserialize;
use serde_json::{Value, json};

/// Where `.ci/run` installs axe-core, relative to the package.
const AXE_DEFAULT: &str = "target/axe/node_modules/axe-core/axe.min.js";
/// A phone held upright and a desktop window.
const WIDTHS: [u32; 2] = [390, 1280];
const SCHEMES: [&str; 2] = ["light", "dark"];
/// WCAG 2.2 SC 1.4.11: user interface components and focus indicators.
const NON_TEXT_CONTRAST: f64 = 3.0;

/// One Chrome DevTools Protocol command, sent through chromedriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

pub(super) async fn cdp(browser: &Client, cmd: &'static str, params: Value) {
    browser
        .issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
}

/// Renders the page at `width` CSS pixels, as tall as its content (so a screenshot shows all
/// of it), with `prefers-color-scheme: scheme`.
async fn emulate(browser: &Client, width: u32, scheme: &str) {
    cdp(
        browser,
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
    )
    .await;
    let metrics = |height: u64| json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false});
    cdp(browser, "Emulation.setDeviceMetricsOverride", metrics(800)).await;
    let height = browser
        .execute("return document.documentElement.scrollHeight", vec![])
        .await
        .ok()
        .and_then(|h| h.as_u64())
        .unwrap_or(800);
    cdp(
        browser,
        "Emulation.setDeviceMetricsOverride",
        metrics(height.clamp(800, 8000)),
    )
    .await;
}

/// Back to the browser's own window and colour scheme, for the steps that follow.
async fn reset(browser: &Client) {
    cdp(browser, "Emulation.clearDeviceMetricsOverride", json!({})).await;
    cdp(
        browser,
        "Emulation.setEmulatedMedia",
        json!({"features": []}),
    )
    .await;
}

#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    #[serde(rename = "helpUrl")]
    help_url: String,
    nodes: Vec<Node>,
}

#[derive(Debug, Deserialize)]
struct Node {
    target: Vec<Value>,
    #[serde(rename = "failureSummary")]
    failure_summary: Option<String>,
}

/// The colours around the page's first text input. The focus ring is read from the focused
/// input where the browser shows it for a scripted focus, else from `--focus`, which the
/// stylesheet's one `:focus-visible` rule draws with: after a click Chromium shows no ring for
/// a scripted focus.
#[derive(Debug, Deserialize)]
struct Boundaries {
    background: String,
    field: String,
    border: String,
    outline: String,
}

/// Collects what axe-core (when installed) and the contrast check find on every page view, so
/// one failing test lists every page's problems at once.
pub struct Audit {
    axe: Option<String>,
    screenshots: Option<PathBuf>,
    findings: Vec<String>,
    audited: usize,
}

impl Audit {
    pub fn new() -> Self {
        // target/screenshots unless TABLEMATES_SCREENSHOTS names another folder, or is empty
        // to save none.
        let screenshots = match std::env::var_os("TABLEMATES_SCREENSHOTS") {
            Some(dir) if dir.is_empty() => None,
            Some(dir) => Some(PathBuf::from(dir)),
            None => Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots")),
        };
        if let Some(dir) = &screenshots {
            std::fs::create_dir_all(dir).expect("the screenshot folder");
        }
        Self {
            axe: axe_source(),
            screenshots,
            findings: Vec::new(),
            audited: 0,
        }
    }

    /// Audits the page the browser shows in every width and colour scheme, saving a screenshot
    /// of each as `{name}-{width}-{scheme}.png`, and leaves the browser as it found it.
    pub async fn page(&mut self, browser: &Client, name: &str) {
        for width in WIDTHS {
            for scheme in SCHEMES {
                emulate(browser, width, scheme).await;
                let at = format!("{name} at {width} px, {scheme}");
                if let Some(axe) = &self.axe {
                    let report = run_axe(browser, axe).await;
                    self.findings.extend(report.map(|r| format!("{at}:\n{r}")));
                    self.audited += 1;
                }
                self.findings.extend(
                    non_text_contrast(browser)
                        .await
                        .map(|r| format!("{at}:\n{r}")),
                );
                if let Some(dir) = &self.screenshots {
                    let png = browser.screenshot().await.expect("screenshot");
                    std::fs::write(dir.join(format!("{name}-{width}-{scheme}.png")), png)
                        .expect("saved");
                }
            }
        }
        reset(browser).await;
    }

    /// Fails with every finding, grouped by page, width and scheme.
    pub fn assert_clean(self) {
        assert!(
            self.findings.is_empty(),
            "accessibility problems in {} page views:\n\n{}",
            self.findings.len(),
            self.findings.join("\n")
        );
        if self.axe.is_some() {
            eprintln!("axe-core: {} page views, no violations", self.audited);
        }
    }
}

/// axe-core's source, or `None` after a loud notice where the environment allows skipping.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("TABLEMATES_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(AXE_DEFAULT));
    if let Ok(source) = std::fs::read_to_string(&path) {
        return Some(source);
    }
    crate::skip_loudly(&format!(
        "ACCESSIBILITY AUDIT SKIPPED: no axe-core at {}.\n\
         Install it with `npm install --prefix target/axe axe-core@4`, or name its axe.min.js \
         in TABLEMATES_AXE_JS.",
        path.display()
    ));
    None
}

/// The violations axe-core finds on the page, readably; `None` when there are none.
async fn run_axe(browser: &Client, axe: &str) -> Option<String> {
    // The page's CSP allows no script; WebDriver's scripts run outside it, and so does axe.
    let loaded = browser
        .execute("return typeof window.axe === 'object'", vec![])
        .await
        .expect("a script runs");
    if loaded != Value::Bool(true) {
        browser
            .execute(&format!("{axe}\n;return true;"), vec![])
            .await
            .expect("axe-core loads");
    }
    let violations = browser
        .execute(
            "return axe.run(document, {resultTypes: ['violations']})\
             .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, \
             helpUrl: v.helpUrl, nodes: v.nodes.map(n => ({target: n.target, \
             failureSummary: n.failureSummary}))})));",
            vec![],
        )
        .await
        .expect("axe runs");
    let violations: Vec<Violation> = serde_json::from_value(violations).expect("axe's results");
    if violations.is_empty() {
        return None;
    }
    let mut report = String::new();
    for v in violations {
        let impact = v.impact.as_deref().unwrap_or("unknown impact");
        let _ = writeln!(report, "  {} ({impact}): {} <{}>", v.id, v.help, v.help_url);
        for node in v.nodes {
            let target: Vec<String> = node
                .target
                .iter()
                .map(|t| t.as_str().map_or_else(|| t.to_string(), str::to_owned))
                .collect();
            let summary = node.failure_summary.unwrap_or_default().replace('\n', " ");
            let _ = writeln!(report, "    {}: {summary}", target.join(" > "));
        }
    }
    Some(report)
}

/// The borders of inputs and the focus ring against what surrounds them (WCAG 1.4.11), which
/// axe-core does not check; `None` when they pass or the page has no text input.
async fn non_text_contrast(browser: &Client) -> Option<String> {
    let measured = browser
        .execute(
            "const input = document.querySelector(\"input[type='text'], input[type='email']\");\
             if (!input) return null;\
             const page = getComputedStyle(document.body).backgroundColor;\
             const style = getComputedStyle(input);\
             const field = style.backgroundColor, border = style.borderTopColor;\
             input.focus({preventScroll: true});\
             let outline = input.matches(':focus-visible') \
               ? getComputedStyle(input).outlineColor : null;\
             input.blur();\
             if (!outline) {\
               const probe = document.createElement('span');\
               probe.style.color = 'var(--focus)';\
               document.body.append(probe);\
               outline = getComputedStyle(probe).color;\
               probe.remove();\
             }\
             return {background: page, field, border, outline};",
            vec![],
        )
        .await
        .expect("styles are read");
    let b: Boundaries = serde_json::from_value::<Option<Boundaries>>(measured).expect("colours")?;
    let mut report = String::new();
    for (what, fg, bg) in [
        ("input border against the page", &b.border, &b.background),
        ("input border against the field", &b.border, &b.field),
        ("focus ring against the page", &b.outline, &b.background),
    ] {
        let ratio = contrast(rgb(fg), rgb(bg));
        if ratio < NON_TEXT_CONTRAST {
            let _ = writeln!(
                report,
                "  non-text-contrast: {what}: {fg} on {bg} is {ratio:.2}:1, under {NON_TEXT_CONTRAST}:1"
            );
        }
    }
    (!report.is_empty()).then_some(report)
}

/// `rgb(r, g, b)` or `rgba(r, g, b, a)` as computed styles write colours.
fn rgb(css: &str) -> [f64; 3] {
    let inner = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')');
    let parts: Vec<f64> = inner
        .split(',')
        .map(|p| {
            p.trim()
                .parse()
                .unwrap_or_else(|_| panic!("a colour: {css}"))
        })
        .collect();
    [parts[0], parts[1], parts[2]]
}

/// WCAG 2 contrast ratio of two sRGB colours.
pub fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let luminance = |c: [f64; 3]| {
        let channel = |v: f64| {
            let v = v / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[tokio::test]
async fn the_audit_reports_what_axe_and_the_contrast_check_find() {
    if crate::skip_without_browser() {
        return;
    }
    let Some(axe) = axe_source() else { return };
    let driver = crate::start_driver().await;
    let browser = crate::open_browser(&driver).await;
    let broken = "data:text/html,<title>Broken</title><body style='background:%23fff'>\
                  <img src='x.png'><input type='text' style='border:1px solid %23ddd'>";
    browser.goto(broken).await.expect("the page opens");
    let axe_report = run_axe(&browser, &axe).await;
    let contrast_report = non_text_contrast(&browser).await;
    browser.close().await.ok();
    let axe_report = axe_report.expect("axe finds the violations");
    for expected in [
        "image-alt (critical)",
        "html-has-lang",
        "    img: ",
        "label",
    ] {
        assert!(axe_report.contains(expected), "{expected}: {axe_report}");
    }
    let contrast_report = contrast_report.expect("the border is too faint");
    assert!(
        contrast_report.contains("input border against the page: rgb(221, 221, 221)"),
        "{contrast_report}"
    );
}

#[test]
fn contrast_ratios_match_wcag() {
    let black = [0.0; 3];
    let white = [255.0; 3];
    assert!((contrast(black, white) - 21.0).abs() < 1e-9);
    assert!((contrast(white, white) - 1.0).abs() < 1e-9);
    // #767676 on white is the lightest grey that passes 4.5:1.
    let grey = [118.0; 3];
    assert!((contrast(grey, white) - 4.54).abs() < 0.01);
}
