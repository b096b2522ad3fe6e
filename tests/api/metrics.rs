//! `GET /metrics`: the exposition parses as Prometheus text format 0.0.4, its families carry
//! the labels the README lists, requests count under their route pattern (never a path, so
//! never a token), registrations are counted, and a configured token is required.

use std::collections::{BTreeMap, HashMap};

use reqwest::StatusCode;

use crate::helpers::{TestApp, TestBackend, body, registration};

/// Every family the README lists, with its type and labels.
const FAMILIES: [(&str, &str, &[&str]); 11] = [
    (
        "tablemates_http_requests_total",
        "counter",
        &["method", "route", "status"],
    ),
    (
        "tablemates_http_request_duration_seconds",
        "histogram",
        &["method", "route"],
    ),
    ("tablemates_registrations_accepted_total", "counter", &[]),
    ("tablemates_emails_sent_total", "counter", &[]),
    (
        "tablemates_email_send_failures_total",
        "counter",
        &["outcome"],
    ),
    ("tablemates_webhook_attempts_total", "counter", &["outcome"]),
    (
        "tablemates_job_duration_seconds",
        "histogram",
        &["kind", "outcome"],
    ),
    ("tablemates_outbox_emails", "gauge", &["status"]),
    ("tablemates_jobs", "gauge", &["status"]),
    (
        "tablemates_db_pool_connections",
        "gauge",
        &["pool", "state"],
    ),
    ("tablemates_db_pool_max_connections", "gauge", &["pool"]),
];

#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// The exposition, parsed strictly: a line that is neither a `# HELP`/`# TYPE` comment nor a
/// `name{label="value",…} value` sample fails the test.
struct Exposition {
    types: HashMap<String, String>,
    samples: Vec<Sample>,
}

impl Exposition {
    fn parse(text: &str) -> Self {
        let mut types = HashMap::new();
        let mut samples = Vec::new();
        for line in text.lines().filter(|l| !l.is_empty()) {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').expect("# TYPE name type");
                assert!(
                    ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                    "{line}"
                );
                types.insert(name.to_owned(), kind.to_owned());
            } else if line.starts_with("# HELP ") {
                continue;
            } else {
                samples.push(sample(line));
            }
        }
        Self { types, samples }
    }

    fn find(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        self.samples
            .iter()
            .find(|s| {
                s.name == name
                    && labels
                        .iter()
                        .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
            })
            .map(|s| s.value)
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &Sample> {
        self.samples.iter().filter(move |s| s.name == name)
    }
}

fn sample(line: &str) -> Sample {
    let name_end = line
        .find(['{', ' '])
        .unwrap_or_else(|| panic!("no value: {line}"));
    let name = &line[..name_end];
    assert!(
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
        "metric name in {line}"
    );
    let mut labels = BTreeMap::new();
    let mut rest = &line[name_end..];
    if let Some(inner) = rest.strip_prefix('{') {
        let mut chars = inner.char_indices().peekable();
        let mut key = String::new();
        loop {
            let (i, c) = chars.next().unwrap_or_else(|| panic!("unclosed: {line}"));
            match c {
                '}' if key.is_empty() => {
                    rest = &inner[i + 1..];
                    break;
                }
                ',' if key.is_empty() => {}
                '=' => {
                    assert_eq!(chars.next().map(|(_, c)| c), Some('"'), "{line}");
                    let mut value = String::new();
                    loop {
                        match chars.next().map(|(_, c)| c) {
                            Some('"') => break,
                            Some('\\') => match chars.next().map(|(_, c)| c) {
                                Some('n') => value.push('\n'),
                                Some(c @ ('"' | '\\')) => value.push(c),
                                other => panic!("bad escape {other:?} in {line}"),
                            },
                            Some(c) => value.push(c),
                            None => panic!("unterminated value: {line}"),
                        }
                    }
                    labels.insert(std::mem::take(&mut key), value);
                }
                c if c.is_ascii_alphanumeric() || c == '_' => key.push(c),
                _ => panic!("unexpected {c:?} in {line}"),
            }
        }
    }
    let value = rest.trim();
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        v => v
            .parse()
            .unwrap_or_else(|_| panic!("value {v:?} in {line}")),
    };
    Sample {
        name: name.to_owned(),
        labels,
        value,
    }
}

/// The family a sample belongs to (histograms write `_bucket`, `_sum`, `_count`).
fn family_of<'a>(types: &'a HashMap<String, String>, sample: &str) -> Option<&'a str> {
    ["", "_bucket", "_sum", "_count"].iter().find_map(|suffix| {
        let base = sample.strip_suffix(suffix)?;
        types.get_key_value(base).map(|(k, _)| k.as_str())
    })
}

async fn scrape(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.expect("scrape")
}

api_test!(metrics_count_requests_by_route_pattern_and_registrations);
async fn metrics_count_requests_by_route_pattern_and_registrations(app: TestApp) {
    app.conference("metricsconf").await;
    body(
        app.register(
            "metricsconf",
            &registration("Ada Lovelace", "ada@example.org"),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    let missing = app.get("/unsubscribe/tm_uns_NotARealSecret", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let unmatched = app.get("/no/such/path/tm_att_AlsoSecret", None).await;
    assert_eq!(unmatched.status(), StatusCode::NOT_FOUND);

    let res = scrape(&app, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let content_type = res.headers()["content-type"].to_str().expect("ASCII");
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let text = res.text().await.expect("body");
    let metrics = Exposition::parse(&text);

    for (name, kind, labels) in FAMILIES {
        assert_eq!(
            metrics.types.get(name).map(String::as_str),
            Some(kind),
            "{name}"
        );
        for sample in metrics
            .samples
            .iter()
            .filter(|s| family_of(&metrics.types, &s.name) == Some(name))
        {
            let mut keys: Vec<&str> = sample.labels.keys().map(String::as_str).collect();
            keys.retain(|k| *k != "le");
            let mut expected = labels.to_vec();
            expected.sort_unstable();
            assert_eq!(keys, expected, "{sample:?}");
        }
    }
    for sample in &metrics.samples {
        for value in sample.labels.values() {
            assert!(
                !value.contains("tm_") && !value.contains("metricsconf"),
                "a path leaked into a label: {sample:?}"
            );
        }
    }
    let requests = "tablemates_http_requests_total";
    assert_eq!(
        metrics.find(
            requests,
            &[
                ("method", "GET"),
                ("route", "/unsubscribe/{token}"),
                ("status", "404")
            ]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        metrics.find(requests, &[("route", "(unmatched)"), ("status", "404")]),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        metrics.find(
            requests,
            &[
                ("method", "POST"),
                ("route", "/api/v1/public/conferences/{slug}/registrations"),
                ("status", "202")
            ]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        metrics.find(
            "tablemates_http_request_duration_seconds_count",
            &[("method", "GET"), ("route", "/unsubscribe/{token}")]
        ),
        Some(1.0)
    );
    assert_eq!(
        metrics.find("tablemates_registrations_accepted_total", &[]),
        Some(1.0)
    );
    // The confirmation email is in the outbox, pending or already sent.
    let queued: f64 = metrics
        .all("tablemates_outbox_emails")
        .map(|s| s.value)
        .sum();
    assert_eq!(queued, 1.0, "{text}");
    assert_eq!(
        metrics.find("tablemates_jobs", &[("status", "queued")]),
        Some(0.0)
    );
    assert!(
        metrics
            .all("tablemates_db_pool_max_connections")
            .all(|s| s.value >= 1.0)
            && metrics.all("tablemates_db_pool_max_connections").count() >= 1,
        "{text}"
    );
}

const TOKEN: &str = "metrics-scrape-token-0123456789";

api_test!(a_configured_metrics_token_is_required, backend);
async fn a_configured_metrics_token_is_required(backend: &TestBackend) {
    let app = backend
        .spawn_with(&[("TABLEMATES_METRICS_TOKEN", TOKEN)])
        .await;
    for token in [None, Some("wrong-token-wrong-token"), Some("")] {
        let res = scrape(&app, token).await;
        assert_eq!(
            res.headers()
                .get("www-authenticate")
                .and_then(|v| v.to_str().ok()),
            Some("Bearer"),
            "{token:?}"
        );
        let id = res.headers()["x-request-id"]
            .to_str()
            .expect("ASCII")
            .to_owned();
        let problem = body(res, StatusCode::UNAUTHORIZED).await;
        assert_eq!(problem["request_id"], id.as_str());
    }
    let res = scrape(&app, Some(TOKEN)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.expect("body");
    // The refused scrapes were counted, under the route.
    assert_eq!(
        Exposition::parse(&text).find(
            "tablemates_http_requests_total",
            &[("route", "/metrics"), ("status", "401")]
        ),
        Some(3.0),
        "{text}"
    );
}
