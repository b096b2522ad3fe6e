//! What the service writes to its log about requests: the route, the status and the target,
//! with every bearer secret in a URL blanked, so the log cannot hand a working link to whoever
//! reads it. Runs the real binary, whose stderr is the log an operator sees.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

#[tokio::test]
async fn request_logs_blank_the_tokens_in_urls() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tablemates"))
        .arg("serve")
        .env(
            "TABLEMATES_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.path().join("logs.db").display()),
        )
        .env(
            "TABLEMATES_SMTP_URL",
            format!("file://{}", dir.path().display()),
        )
        .env("TABLEMATES_LISTEN", "127.0.0.1:0")
        .env("TABLEMATES_HTTP_WORKERS", "1")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the tablemates binary");
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let url = stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("tablemates is listening on ")
                .map(|u| u.trim_end_matches('/').to_owned())
        })
        .expect("the address it listens on");
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
    child.kill().ok();
    child.wait().ok();
    let mut log = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut log)
        .expect("the log");
    for secret in secrets {
        assert!(!log.contains(secret), "{secret} is in the log:\n{log}");
    }
    // The requests were logged, so the test saw the lines it checks.
    assert!(log.contains("/unsubscribe/[redacted]"), "{log}");
    assert!(log.contains("access_token=[redacted]"), "{log}");
}
