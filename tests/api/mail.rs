//! Email over real SMTP: the app talks TCP to a small SMTP server started by the test, and the
//! test reads the messages back, follows their links, and makes the server refuse or vanish.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mail_parser::MessageParser;
use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{TestApp, TestBackend, body, eventually, let_workers_run, registration};

/// A minimal SMTP server: accepts every message (or answers `451` to `RCPT` while refusing,
/// or hangs up after a message's data without answering while `drop_after_data` counts down)
/// and keeps what it accepted with its envelope recipients.
pub(crate) struct SmtpSink {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    refuse: Arc<AtomicBool>,
    drop_after_data: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub(crate) recipients: Vec<String>,
    pub(crate) data: Vec<u8>,
}

impl Received {
    /// The id in the `Message-ID` header (`<id@domain>`): the outbox row's id.
    pub(crate) fn message_id(&self) -> String {
        let text = String::from_utf8_lossy(&self.data);
        let start = text.find("Message-ID: <").expect("a Message-ID header") + 13;
        text[start..]
            .chars()
            .take_while(|c| *c != '@' && *c != '>')
            .collect()
    }
}

impl SmtpSink {
    pub(crate) async fn start() -> Self {
        Self::start_on("127.0.0.1:0".parse().expect("address")).await
    }

    async fn start_on(addr: SocketAddr) -> Self {
        let listener = TcpListener::bind(addr).await.expect("bind SMTP sink");
        let addr = listener.local_addr().expect("local address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let refuse = Arc::new(AtomicBool::new(false));
        let drop_after_data = Arc::new(AtomicUsize::new(0));
        let faults = Faults {
            refuse: refuse.clone(),
            drop_after_data: drop_after_data.clone(),
        };
        let r = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, r.clone(), faults.clone()));
            }
        });
        Self {
            addr,
            received,
            refuse,
            drop_after_data,
            task,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub(crate) fn refuse(&self, refuse: bool) {
        self.refuse.store(refuse, Ordering::SeqCst);
    }

    pub(crate) fn count(&self) -> usize {
        self.received.lock().expect("lock").len()
    }

    pub(crate) fn messages(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits until at least `n` messages arrived; panics after a few seconds.
    pub(crate) async fn wait_for(&self, n: usize) -> Vec<Received> {
        eventually(
            format!("{n} messages at the SMTP server"),
            Duration::from_secs(5),
            async || {
                let got = self.messages();
                if got.len() >= n {
                    Ok(got)
                } else {
                    Err(format!("{} messages", got.len()))
                }
            },
        )
        .await
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The ways the sink can misbehave, switched on by the test.
#[derive(Clone)]
struct Faults {
    refuse: Arc<AtomicBool>,
    drop_after_data: Arc<AtomicUsize>,
}

async fn session(stream: TcpStream, received: Arc<Mutex<Vec<Received>>>, faults: Faults) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let mut recipients = Vec::new();
    let mut line = String::new();
    if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if command.starts_with("HELO") || command.starts_with("NOOP") {
            b"250 ok\r\n"
        } else if command.starts_with("MAIL FROM:") || command.starts_with("RSET") {
            recipients.clear();
            b"250 ok\r\n"
        } else if command.starts_with("RCPT TO:") {
            if faults.refuse.load(Ordering::SeqCst) {
                b"451 4.3.0 try again later\r\n"
            } else {
                recipients.push(line.trim_end()[8..].trim().to_owned());
                b"250 ok\r\n"
            }
        } else if command == "DATA" {
            if write.write_all(b"354 go ahead\r\n").await.is_err() {
                return;
            }
            let mut data = Vec::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" {
                    break;
                }
                let unstuffed = line.strip_prefix('.').unwrap_or(&line);
                data.extend_from_slice(unstuffed.as_bytes());
            }
            let hang_up = faults
                .drop_after_data
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if hang_up {
                return;
            }
            received.lock().expect("lock").push(Received {
                recipients: std::mem::take(&mut recipients),
                data,
            });
            b"250 queued\r\n"
        } else if command == "QUIT" {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"502 not implemented\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// The app, configured to mail through `smtp_url` and to poll and retry quickly.
async fn spawn(backend: &TestBackend, smtp_url: &str) -> TestApp {
    backend
        .spawn_with(&[
            ("TABLEMATES_SMTP_URL", smtp_url),
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
            ("TABLEMATES_OUTBOX_RETRY_BASE_MS", "50"),
            ("TABLEMATES_MAIL_FROM", "Test Conf <hello@tablemates.test>"),
        ])
        .await
}

/// Subject, text body and HTML body of a raw message, after checking its headers.
fn parse(raw: &[u8], to: &str) -> (String, String, String) {
    let message = MessageParser::default()
        .parse(raw)
        .unwrap_or_else(|| panic!("not a message: {}", String::from_utf8_lossy(raw)));
    let header_text = String::from_utf8_lossy(raw);
    assert!(
        header_text.contains("Content-Type: multipart/alternative"),
        "{header_text}"
    );
    assert_eq!(
        message
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
        Some(to)
    );
    assert_eq!(
        message
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
        Some("hello@tablemates.test")
    );
    assert!(
        message
            .message_id()
            .is_some_and(|id| id.ends_with("@tablemates.test")),
        "{header_text}"
    );
    assert!(message.date().is_some(), "{header_text}");
    let text = message.body_text(0).expect("a text part").into_owned();
    let html = message.body_html(0).expect("an HTML part").into_owned();
    assert!(html.contains("<a href="), "{html}");
    (message.subject().expect("a subject").to_owned(), text, html)
}

/// The token of the personal link in an email's text.
fn link_token(text: &str) -> String {
    let start = text.find("/manage?token=").expect("a manage link") + "/manage?token=".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

api_test!(
    registering_sends_one_confirmation_whose_link_opens_the_registration,
    backend
);
async fn registering_sends_one_confirmation_whose_link_opens_the_registration(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink.url()).await;
    app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;

    let messages = sink.wait_for(1).await;
    app.wait_for_outbox("status = 'sent' AND sent_at IS NOT NULL", 1)
        .await;
    let_workers_run().await;
    assert_eq!(sink.messages().len(), 1, "sent exactly once");
    assert_eq!(messages[0].recipients, vec!["<ada@example.org>"]);
    let (subject, text, html) = parse(&messages[0].data, "ada@example.org");
    assert_eq!(
        subject,
        "Please confirm your registration for Test Conference"
    );
    assert!(text.contains("Hi Ada Lovelace,"), "{text}");
    let token = link_token(&text);
    assert!(html.contains(&token), "{html}");
    let me = body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me["name"], "Ada Lovelace");
    assert_eq!(
        app.count("outbox_emails", "status = 'sent' AND attempts = 0")
            .await,
        1
    );
}

api_test!(
    registering_again_sends_an_already_registered_email_with_a_working_link,
    backend
);
async fn registering_again_sends_an_already_registered_email_with_a_working_link(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink.url()).await;
    app.conference("conf").await;
    let ada = registration("Ada Lovelace", "ada@example.org");
    body(app.register("conf", &ada).await, StatusCode::ACCEPTED).await;
    sink.wait_for(1).await;
    body(app.register("conf", &ada).await, StatusCode::ACCEPTED).await;

    let messages = sink.wait_for(2).await;
    let (subject, text, _) = parse(&messages[1].data, "ada@example.org");
    assert_eq!(subject, "You're already registered for Test Conference");
    assert!(text.contains("nothing was changed"), "{text}");
    let token = link_token(&text);
    body(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    app.wait_for_outbox("kind = 'already_registered' AND status = 'sent'", 1)
        .await;
    let_workers_run().await;
    assert_eq!(sink.messages().len(), 2);
}

api_test!(
    a_refusing_server_gets_the_email_later_with_the_attempts_counted,
    backend
);
async fn a_refusing_server_gets_the_email_later_with_the_attempts_counted(backend: &TestBackend) {
    let sink = SmtpSink::start().await;
    sink.refuse.store(true, Ordering::SeqCst);
    let app = spawn(backend, &sink.url()).await;
    app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;

    app.wait_for_outbox("status = 'pending' AND attempts >= 2", 1)
        .await;
    assert!(sink.messages().is_empty());
    assert_eq!(
        app.count("outbox_emails", "last_error LIKE '%451%'").await,
        1,
        "the server's answer is kept"
    );
    sink.refuse.store(false, Ordering::SeqCst);

    let messages = sink.wait_for(1).await;
    app.wait_for_outbox("status = 'sent'", 1).await;
    let (subject, _, _) = parse(&messages[0].data, "ada@example.org");
    assert!(subject.contains("Test Conference"));
    assert_eq!(
        app.count("outbox_emails", "status = 'sent' AND attempts >= 2")
            .await,
        1
    );
    let_workers_run().await;
    assert_eq!(sink.messages().len(), 1, "delivered once");
}

api_test!(
    an_email_waits_while_nothing_listens_and_goes_out_once_the_server_is_back,
    backend
);
async fn an_email_waits_while_nothing_listens_and_goes_out_once_the_server_is_back(
    backend: &TestBackend,
) {
    let addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        probe.local_addr().expect("address")
    };
    let app = spawn(backend, &format!("smtp://{addr}")).await;
    app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    app.wait_for_outbox("status = 'pending' AND attempts >= 1", 1)
        .await;

    let sink = SmtpSink::start_on(addr).await;
    sink.wait_for(1).await;
    app.wait_for_outbox("status = 'sent'", 1).await;
    assert_eq!(app.count("outbox_emails", "1 = 1").await, 1);
}

api_test!(
    the_default_file_transport_writes_an_eml_file_per_email,
    backend
);
async fn the_default_file_transport_writes_an_eml_file_per_email(backend: &TestBackend) {
    let app = backend
        .spawn_with(&[
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
            ("TABLEMATES_MAIL_FROM", "Test Conf <hello@tablemates.test>"),
        ])
        .await;
    app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    app.wait_for_outbox("status = 'sent'", 1).await;

    let files: Vec<_> = std::fs::read_dir(app.mail_dir.path())
        .expect("mail folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    let raw = std::fs::read(&files[0]).expect("readable");
    let (subject, text, _) = parse(&raw, "ada@example.org");
    assert_eq!(
        subject,
        "Please confirm your registration for Test Conference"
    );
    body(
        app.get("/api/v1/me", Some(&link_token(&text))).await,
        StatusCode::OK,
    )
    .await;
}

api_test!(concurrent_claimers_never_get_the_same_email, backend);
async fn concurrent_claimers_never_get_the_same_email(backend: &TestBackend) {
    // No application here: its own worker would compete for the rows.
    let scratch = backend.database().await;
    let db = tablemates::store::Db::connect(&scratch.url, 4)
        .await
        .expect("connect");
    db.migrate().await.expect("migrate");
    let now = chrono::Utc::now();
    for i in 0..60 {
        let email = tablemates::domain::records::NewEmail {
            dedupe_key: format!("claim-test:{i}"),
            attendee_id: None,
            recipient: format!("p{i}@example.org"),
            due_at: None,
            payload: crate::helpers::sample_payload(
                tablemates::domain::records::EmailKind::AlreadyRegistered,
            ),
        };
        assert!(
            tablemates::store::outbox::enqueue(&db.write, email, now)
                .await
                .expect("enqueued")
        );
    }
    let claimers = (0..4).map(|_| {
        let db = db.write.clone();
        tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let rows = tablemates::store::outbox::claim_due(
                    &db,
                    chrono::Utc::now(),
                    chrono::Duration::minutes(5),
                    7,
                )
                .await
                .expect("claim");
                if rows.is_empty() {
                    return mine;
                }
                mine.extend(rows.into_iter().map(|r| r.id));
            }
        })
    });
    let mut all = Vec::new();
    for claimer in claimers.collect::<Vec<_>>() {
        all.extend(claimer.await.expect("claimer"));
    }
    let distinct: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), 60, "every row claimed");
    assert_eq!(distinct.len(), 60, "no row claimed twice");
    db.write.close().await.ok();
}

api_test!(
    an_email_refused_max_attempts_times_is_marked_failed_and_left_alone,
    backend
);
async fn an_email_refused_max_attempts_times_is_marked_failed_and_left_alone(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    sink.refuse.store(true, Ordering::SeqCst);
    let app = backend
        .spawn_with(&[
            ("TABLEMATES_SMTP_URL", &sink.url()),
            ("TABLEMATES_OUTBOX_POLL_MS", "20"),
            ("TABLEMATES_OUTBOX_RETRY_BASE_MS", "20"),
            ("TABLEMATES_OUTBOX_MAX_ATTEMPTS", "3"),
        ])
        .await;
    app.conference("conf").await;
    body(
        app.register("conf", &registration("Ada Lovelace", "ada@example.org"))
            .await,
        StatusCode::ACCEPTED,
    )
    .await;

    app.wait_for_outbox("status = 'failed'", 1).await;
    sink.refuse.store(false, Ordering::SeqCst);
    let_workers_run().await;
    assert_eq!(
        app.count(
            "outbox_emails",
            "status = 'failed' AND attempts = 3 AND last_error LIKE '%451%'"
        )
        .await,
        1
    );
    assert!(sink.messages().is_empty(), "no further attempt");
}

api_test!(
    a_server_that_hangs_up_after_the_data_still_gets_every_email_exactly_once,
    backend
);
async fn a_server_that_hangs_up_after_the_data_still_gets_every_email_exactly_once(
    backend: &TestBackend,
) {
    let sink = SmtpSink::start().await;
    sink.drop_after_data.store(4, Ordering::SeqCst);
    let app = spawn(backend, &sink.url()).await;
    app.conference("conf").await;
    app.register_people("conf", 6).await;
    app.wait_for_outbox("status = 'sent'", 6).await;
    assert_eq!(
        app.count("outbox_emails", "status = 'sent'").await,
        6,
        "every email sent"
    );
    assert_eq!(
        sink.drop_after_data.load(Ordering::SeqCst),
        0,
        "the server hung up four times"
    );
    let messages = sink.messages();
    let ids: std::collections::HashSet<_> = messages.iter().map(Received::message_id).collect();
    assert_eq!((messages.len(), ids.len()), (6, 6), "each accepted once");
}
