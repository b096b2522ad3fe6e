//! What the service writes to its log about requests: the route, the status and the target,
//! with every bearer secret in a URL blanked, so the log cannot hand a working link to whoever
//! reads it; with `TABLEMATES_LOG_FORMAT=json`, one JSON object per line, each line of a
//! request naming its id. Runs the real binary, whose stderr is the log an operator sees.

use std::io::Read;
use std::process::Child;

use serde_json::Value;

use crate::helpers::{serve_command, spawn_listening};

/// Starts `tablemates serve` on a scratch SQLite database with `extra` variables; returns the
/// process, with its stderr piped, and its base URL.
fn serve(dir: &std::path::Path, extra: &[(&str, &str)]) -> (Child, String) {
    let command = serve_command(
        &format!("sqlite://{}?mode=rwc", dir.join("logs.db").display()),
        &format!("file://{}", dir.display()),
    );
    spawn_listening(command, extra)
}

/// Stops the server and returns everything it logged.
fn stop(mut child: Child) -> String {
    child.kill().ok();
    child.wait().ok();
    let mut log = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut log)
        .expect("the log");
    log
}

#[tokio::test]
async fn request_logs_blank_the_tokens_in_urls() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (child, url) = serve(dir.path(), &[]);
    let client = reqwest::Client::new();
    let secrets = [
        "tm_att_PersonalLinkSecret",
        "tm_uns_UnsubscribeSecret",
        "tm_org_OrganizerSecret",
        "tm_sin_SignInSecret",
    ];
    for path in [
        format!("/manage?token={}", secrets[0]),
        format!("/unsubscribe/{}", secrets[1]),
        format!("/api/v1/conferences?access_token={}", secrets[2]),
        format!("/organizer/sign-in/link?token={}", secrets[3]),
    ] {
        client
            .get(format!("{url}{path}"))
            .send()
            .await
            .expect("request");
    }
    let log = stop(child);
    for secret in secrets {
        assert!(!log.contains(secret), "{secret} is in the log:\n{log}");
    }
    // The requests were logged, so the test saw the lines it checks.
    assert!(log.contains("/unsubscribe/[redacted]"), "{log}");
    assert!(log.contains("access_token=[redacted]"), "{log}");
}

#[tokio::test]
async fn json_logs_are_one_object_per_line_with_the_request_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (child, url) = serve(dir.path(), &[("TABLEMATES_LOG_FORMAT", "json")]);
    let client = reqwest::Client::new();
    let ids = ["json-log-404", "json-log-401"];
    for (id, path) in ids
        .iter()
        .zip(["/unsubscribe/tm_uns_Secret", "/api/v1/conferences"])
    {
        let res = client
            .get(format!("{url}{path}"))
            .header("x-request-id", *id)
            .send()
            .await
            .expect("request");
        assert_eq!(res.headers()["x-request-id"], *id);
    }
    let log = stop(child);
    let lines: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    for line in &lines {
        assert!(
            line["timestamp"].is_string() && line["level"].is_string(),
            "{line}"
        );
        // Every line written inside a request names the request's id.
        for span in line["spans"].as_array().into_iter().flatten() {
            if span["name"] == "HTTP request" {
                assert!(span["request_id"].is_string(), "{line}");
            }
        }
    }
    for id in ids {
        let finished: Vec<&Value> = lines
            .iter()
            .filter(|l| l["message"] == "request finished")
            .filter(|l| {
                l["spans"]
                    .as_array()
                    .is_some_and(|spans| spans.iter().any(|s| s["request_id"] == id))
            })
            .collect();
        assert_eq!(finished.len(), 1, "one access line for {id}:\n{log}");
    }
    assert!(!log.contains("tm_uns_Secret"), "{log}");
}
