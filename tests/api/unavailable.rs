//! A database server lost under a running service: requests fail fast with 503
//! problem+json (or the HTML error page) and `Retry-After`, and the service recovers by
//! itself once the server is back. The service reaches its database through a TCP relay in
//! this process, so the test cuts every connection and refuses new ones without touching the
//! shared server. SQLite has no connection to lose: its full and read-only disks are in the
//! load and fault suite (`tablemates-bench load --scenario sqlite-disk`).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use crate::helpers::{Backend, TestBackend, body, registration, run_on};

/// The service's wait for a connection in this test; a 503 must come about this fast.
const ACQUIRE_MS: u64 = 500;

/// Forwards connections from its own loopback port to `upstream` until cut.
struct Relay {
    address: SocketAddr,
    upstream: SocketAddr,
    task: Option<JoinHandle<()>>,
}

impl Relay {
    async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("relay port");
        let address = listener.local_addr().expect("relay address");
        Self {
            address,
            upstream,
            task: Some(tokio::spawn(relay(listener, upstream))),
        }
    }

    /// Closes every relayed connection and the listener: new connections are refused.
    async fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    /// Listens on the same port again.
    async fn resume(&mut self) {
        let listener = TcpListener::bind(self.address)
            .await
            .expect("relay port again");
        self.task = Some(tokio::spawn(relay(listener, self.upstream)));
    }
}

/// Aborting this task drops the set, which aborts every connection's copy and closes both ends.
async fn relay(listener: TcpListener, upstream: SocketAddr) {
    let mut connections = JoinSet::new();
    while let Ok((mut client, _)) = listener.accept().await {
        connections.spawn(async move {
            if let Ok(mut server) = TcpStream::connect(upstream).await {
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            }
        });
    }
}

/// `url` with its host and port replaced by `address`.
fn through(url: &str, address: SocketAddr) -> String {
    let mut url = url::Url::parse(url).expect("a database URL");
    url.set_host(Some(&address.ip().to_string())).expect("host");
    url.set_port(Some(address.port())).expect("port");
    url.to_string()
}

fn upstream_of(url: &str) -> SocketAddr {
    let url = url::Url::parse(url).expect("a database URL");
    let host = url.host_str().expect("a host");
    let port = url.port_or_known_default().unwrap_or(match url.scheme() {
        "postgres" | "postgresql" => 5432,
        _ => 3306,
    });
    std::net::ToSocketAddrs::to_socket_addrs(&(host, port))
        .expect("resolve the database host")
        .next()
        .expect("an address")
}

mod a_lost_database_answers_503_and_the_service_recovers {
    use super::*;

    #[tokio::test]
    async fn postgres() {
        run_on(Backend::Postgres, check).await;
    }

    #[tokio::test]
    async fn mysql() {
        run_on(Backend::Mysql, check).await;
    }
}

async fn check(backend: &TestBackend) {
    let database = backend.database().await;
    let mut relay = Relay::start(upstream_of(&database.url)).await;
    let relayed = through(&database.url, relay.address);
    let app = backend
        .spawn_on(
            database,
            &[
                ("TABLEMATES_DATABASE_URL", &relayed),
                ("TABLEMATES_DB_ACQUIRE_TIMEOUT_MS", &ACQUIRE_MS.to_string()),
            ],
        )
        .await;
    let token = app.conference("lost-db").await;
    body(
        app.register("lost-db", &registration("Before", "before@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;

    relay.cut().await;
    let api = [
        (
            "a public read",
            app.get("/api/v1/public/conferences/lost-db", None).await,
        ),
        (
            "an organizer list",
            app.get("/api/v1/conferences/lost-db/attendees", Some(&token))
                .await,
        ),
    ];
    for (what, res) in api {
        assert_unavailable(what, res, "application/problem+json").await;
    }
    let started = Instant::now();
    let res = app
        .register("lost-db", &registration("During", "during@example.org"))
        .await;
    let waited = started.elapsed();
    let problem = assert_unavailable("a registration", res, "application/problem+json").await;
    let problem: serde_json::Value = serde_json::from_str(&problem).expect("problem JSON");
    assert_eq!(problem["type"], "/problems/unavailable");
    assert_eq!(problem["status"], 503);
    assert!(problem["request_id"].is_string(), "{problem}");
    // Fast: the acquire timeout and a retry's worth, not the old 10 s or a hung request.
    assert!(
        waited < Duration::from_millis(ACQUIRE_MS * 16),
        "the registration took {waited:?} to fail"
    );
    let page = app.get("/c/lost-db", None).await;
    assert_unavailable("a page", page, "text/html").await;

    relay.resume().await;
    // The pool opens new connections by itself; no restart of the service.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let res = app
            .register("lost-db", &registration("After", "after@example.org"))
            .await;
        if res.status() == StatusCode::ACCEPTED {
            break;
        }
        let last = format!("{}: {}", res.status(), res.text().await.unwrap_or_default());
        assert!(
            Instant::now() < deadline,
            "never recovered; last answer {last}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The registration refused during the outage is not stored, the others are, once each.
    assert_eq!(
        app.count("attendees", "email = 'before@example.org'").await,
        1
    );
    assert_eq!(
        app.count("attendees", "email = 'during@example.org'").await,
        0
    );
    assert_eq!(
        app.count("attendees", "email = 'after@example.org'").await,
        1
    );
}

/// Checks a 503 of `content_type` with `Retry-After`; returns the body.
async fn assert_unavailable(what: &str, res: reqwest::Response, content_type: &str) -> String {
    let status = res.status();
    let retry_after = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let media = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{what}: {text}");
    assert!(media.starts_with(content_type), "{what}: {media}");
    assert!(retry_after.is_some_and(|s| s >= 1), "{what}: Retry-After");
    text
}
