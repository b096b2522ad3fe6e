//! Graceful shutdown of the real binary: on SIGTERM or SIGINT it stops accepting, answers the
//! request in flight, lets the mailer finish the sends in hand and give back the rest (no row
//! left under a lease), and exits 0 within a bound.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus};
use std::sync::mpsc;
use std::time::Duration;

use sea_orm::ConnectionTrait;
use tablemates::store::Db;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use reqwest::StatusCode;
use serde_json::json;

use crate::eventually::eventually;
use crate::helpers::{TestApp, TestBackend, body, queue_emails, serve_command, spawn_listening};
use crate::mail::SmtpSink;
use crate::plans::{attendees, meetup};

/// How long the process may take to exit after the signal; the server's own shutdown
/// timeout is set longer, so a process that waits for it out fails here.
const EXIT_WITHIN: Duration = Duration::from_secs(8);

/// A running `tablemates serve`, its URL, and its log lines as they come.
struct Server {
    child: Child,
    url: String,
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(database_url: &str, smtp_url: &str, extra: &[(&str, &str)]) -> Self {
        let mut command = serve_command(database_url, smtp_url);
        command.env("TABLEMATES_SHUTDOWN_TIMEOUT_SECS", "30");
        let (mut child, url) = spawn_listening(command, extra);
        let stderr = child.stderr.take().expect("stderr");
        let (send, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if std::env::var_os("TEST_LOG").is_some() {
                    eprintln!("{line}");
                }
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, url, log }
    }

    /// Sends `signal` (`TERM`, `INT`) and waits until the server logs that it is stopping.
    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal}");
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains("stopping:") => return,
                Ok(_) => {}
                Err(e) => panic!("the server never said it was stopping after SIG{signal}: {e}"),
            }
        }
    }

    async fn exit_status(&mut self) -> ExitStatus {
        eventually("the process to exit", EXIT_WITHIN, async || {
            match self.child.try_wait() {
                Ok(Some(status)) => Ok(status),
                Ok(None) => Err("still running"),
                Err(_) => Err("not waitable"),
            }
        })
        .await
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.child.kill().ok();
            self.child.wait().ok();
        }
    }
}

/// Reads one HTTP/1.1 response with a `Content-Length` body off `stream`; `what` names it in a
/// failure.
async fn read_response(stream: &mut tokio::net::TcpStream, what: &str) -> String {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .expect("an answer in time")
            .expect("read");
        assert!(
            n > 0,
            "connection closed before the answer to {what} was whole: {}",
            String::from_utf8_lossy(&raw)
        );
        raw.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&raw).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().ok())?
                })
                .unwrap_or(0);
            if body.len() >= length {
                return text;
            }
        }
    }
}

api_test!(
    sigterm_answers_the_request_in_flight_then_exits_zero,
    backend
);
async fn sigterm_answers_the_request_in_flight_then_exits_zero(backend: &TestBackend) {
    let scratch = backend.database().await;
    let mail = tempfile::tempdir().expect("temp dir");
    let mut server = Server::start(
        &scratch.url,
        &format!("file://{}", mail.path().display()),
        &[],
    );
    let address = server.url.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    // A first request answered on the connection proves a worker holds it.
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .expect("write");
    assert!(
        read_response(&mut stream, "the first request")
            .await
            .starts_with("HTTP/1.1 200")
    );
    // The second request's body is sent only after the signal. A request the server has not
    // begun to read when the signal comes is not in flight (actix closes such a connection),
    // so the test waits for the server's `100 Continue`: it has parsed the head and its
    // handler is waiting for the body.
    let body = br#"{"name": "Ada Lovelace", "email": "ada@example.org", "interests": ["rust"], "consents": {"privacy": true}}"#;
    let head = format!(
        "POST /api/v1/public/conferences/no-such-conf/registrations HTTP/1.1\r\nHost: t\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let interim = read_response(&mut stream, "the head of the request in flight").await;
    assert!(interim.starts_with("HTTP/1.1 100"), "{interim}");

    server.signal("TERM");
    stream.write_all(body).await.expect("write");
    let answer = read_response(&mut stream, "the request in flight").await;
    assert!(
        answer.starts_with("HTTP/1.1 404"),
        "the request in flight is answered: {answer}"
    );
    assert!(answer.contains("/problems/not-found"), "{answer}");

    let status = server.exit_status().await;
    assert!(status.success(), "exit status {status:?}");
    // Nothing listens any more.
    assert!(tokio::net::TcpStream::connect(&address).await.is_err());
}

const EMAILS: usize = 300;

api_test!(
    sigint_while_sending_finishes_the_sends_in_hand_and_gives_back_the_rest,
    backend
);
async fn sigint_while_sending_finishes_the_sends_in_hand_and_gives_back_the_rest(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    let scratch = backend.database().await;
    let db = Db::connect(&scratch.url, 2).await.expect("connect");
    db.migrate().await.expect("migrate");
    queue_emails(&db, "shutdown-test", EMAILS).await;
    let mut server = Server::start(
        &scratch.url,
        &sink.url(),
        &[
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
            ("TABLEMATES_OUTBOX_BATCH", "100"),
            // Long, so that a row left under its lease would still be under it at the end.
            ("TABLEMATES_OUTBOX_LEASE_MS", "600000"),
            ("TABLEMATES_MAIL_RATE_PER_SECOND", "100"),
        ],
    );
    sink.wait_for(20).await;
    server.signal("INT");
    let status = server.exit_status().await;
    assert!(status.success(), "exit status {status:?}");

    let delivered = sink.count();
    let count = async |condition: &str| -> i64 {
        db.read
            .query_one_raw(sea_orm::Statement::from_string(
                db.backend(),
                format!("SELECT COUNT(*) AS n FROM outbox_emails WHERE {condition}"),
            ))
            .await
            .expect("count query")
            .expect("a row")
            .try_get::<i64>("", "n")
            .expect("count")
    };
    assert!(delivered < EMAILS, "stopped before the end");
    assert_eq!(
        count("status = 'sent'").await,
        delivered as i64,
        "every send the server accepted is recorded"
    );
    assert_eq!(
        count("lease_until IS NOT NULL").await,
        0,
        "nothing is left under a lease"
    );
    assert_eq!(
        count("status = 'pending' AND attempts = 0").await,
        (EMAILS - delivered) as i64,
        "the rest waits, untried, for the next process"
    );
    let mut ids: Vec<String> = sink.messages().iter().map(|m| m.message_id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), delivered, "no email went out twice");
    db.write.close().await.ok();
}

api_test!(a_job_still_running_at_the_timeout_is_given_back_and_taken_over_at_once);
async fn a_job_still_running_at_the_timeout_is_given_back_and_taken_over_at_once(app: TestApp) {
    let token = app.conference("conf").await;
    // Big enough that seating it takes the debug build far longer than the test needs to
    // see the job running and send the signal.
    attendees(&app, &token, 240, "s").await;
    let m = meetup(
        &app,
        &token,
        json!({"name": "Dinner", "starts_at": "2037-06-01T19:00:00Z",
               "ends_at": "2037-06-01T21:00:00Z", "table_count": 48,
               "table_min": 4, "table_max": 6}),
    )
    .await;
    // A second server process on the same database, with no time to finish a job when it
    // stops. `app` is the other instance, whose runner looks for work every 2 s.
    let mail = tempfile::tempdir().expect("temp dir");
    let mut server = Server::start(
        app.database_url(),
        &format!("file://{}", mail.path().display()),
        &[("TABLEMATES_SHUTDOWN_TIMEOUT_SECS", "0")],
    );
    let job = body(
        app.client
            .post(format!("{}/api/v1/conferences/conf/plan-runs", server.url))
            .bearer_auth(&token)
            .json(&json!({"meetup_ids": [m["id"]], "max_seconds": 20.0, "seed": 1}))
            .send()
            .await
            .expect("request"),
        StatusCode::ACCEPTED,
    )
    .await;
    let id = job["id"].as_str().expect("job id").to_owned();
    let path = format!("/api/v1/conferences/conf/jobs/{id}");
    let status = async || body(app.get(&path, Some(&token)).await, StatusCode::OK).await;
    eventually(
        "the job to start",
        Duration::from_secs(10),
        async || match status().await {
            job if job["status"] == "running" => Ok(()),
            job => Err(job),
        },
    )
    .await;
    server.signal("TERM");
    let exit = server.exit_status().await;
    assert!(exit.success(), "exit status {exit:?}");
    // What the stopped process said about jobs until it exited, to tell a failure below.
    let said: Vec<String> = server
        .log
        .iter()
        .filter(|line| line.contains("job"))
        .collect();

    // Taken over by the other instance at its next look, long before the stopped process's
    // 60-second lease would have run out, and run from the start again.
    let done = eventually(
        format!("job {id} to be taken over and finished; the stopped process said {said:#?}"),
        Duration::from_secs(30),
        async || match status().await {
            job if job["status"] == "succeeded" || job["status"] == "failed" => Ok(job),
            job => Err(job),
        },
    )
    .await;
    assert_eq!(done["status"], "succeeded", "{done}");
    let stored =
        tablemates::store::jobs::find(&app.db.read, uuid::Uuid::parse_str(&id).expect("a UUID"))
            .await
            .expect("read the job")
            .expect("the job");
    assert_eq!(
        stored.attempts, 2,
        "run twice: once abandoned, once to the end"
    );
}
