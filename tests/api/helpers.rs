//! The test harness: `api_test!`, which runs a test on every backend with databases of its own
//! and drops them afterwards; a running application with an HTTP client; the waits for the
//! background workers; and shortcuts for the steps most tests need (an organizer, a
//! conference, an attendee link).

use std::collections::HashMap;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, Once, PoisonError};
use std::time::Duration;

use futures_util::FutureExt;
use reqwest::{Client, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use tablemates::config::Config;
use tablemates::startup::Application;
use tablemates::store::Db;
use uuid::Uuid;

pub use crate::eventually::eventually;

/// Declares an API test that runs once on every backend, as its own `#[tokio::test]` named
/// after the backend: `api_test!(name);` above `async fn name(app: TestApp)` gives
/// `name::sqlite`, `name::postgres` and `name::mysql`, so a failure says which database it
/// was on. A test that starts its applications itself (other configuration, an SMTP server
/// first, two applications, a bare database) takes the backend instead:
/// `api_test!(name, backend);` above `async fn name(backend: &TestBackend)`.
///
/// A server backend whose URL is unset passes without running (see [`TestBackend::from_env`]);
/// every database a test made is dropped when it ends, passed or failed.
macro_rules! api_test {
    ($name:ident) => {
        api_test!(@on_each $name, run_with_app);
    };
    ($name:ident, backend) => {
        api_test!(@on_each $name, run_on);
    };
    (@on_each $name:ident, $runner:ident) => {
        mod $name {
            use crate::helpers::{Backend, $runner};

            #[tokio::test]
            async fn sqlite() {
                $runner(Backend::Sqlite, super::$name).await;
            }

            #[tokio::test]
            async fn postgres() {
                $runner(Backend::Postgres, super::$name).await;
            }

            #[tokio::test]
            async fn mysql() {
                $runner(Backend::Mysql, super::$name).await;
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

impl Backend {
    /// The name its tests end with (`…::postgres`).
    fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
            Self::Mysql => "mysql",
        }
    }

    /// The variable naming this backend's test server; SQLite needs none.
    fn url_variable(self) -> Option<&'static str> {
        match self {
            Self::Sqlite => None,
            Self::Postgres => Some("TABLEMATES_TEST_POSTGRES_URL"),
            Self::Mysql => Some("TABLEMATES_TEST_MYSQL_URL"),
        }
    }
}

/// Runs `test` on a fresh application on `backend` (see [`api_test!`]).
pub async fn run_with_app(backend: Backend, test: impl AsyncFnOnce(TestApp)) {
    run_on(backend, async |backend: &TestBackend| {
        test(backend.spawn().await).await;
    })
    .await;
}

/// Runs `test` on `backend` if this run can reach it, then drops every database the test made,
/// whether it passed or panicked (the panic goes on afterwards).
pub async fn run_on(backend: Backend, test: impl AsyncFnOnce(&TestBackend)) {
    let Some(backend) = TestBackend::from_env(backend) else {
        return;
    };
    let outcome = AssertUnwindSafe(test(&backend)).catch_unwind().await;
    backend.drop_databases().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// One backend under test: it makes the databases (each test's own) and the applications on
/// them, and remembers the server databases so that [`run_on`] can drop them.
pub struct TestBackend {
    pub kind: Backend,
    server_url: Option<String>,
    made: Mutex<Made>,
}

#[derive(Default)]
struct Made {
    databases: Vec<String>,
    connections: Vec<Db>,
}

/// A database of one test's own: its URL, and for SQLite the directory holding the file.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestBackend {
    /// SQLite, for the tests that are about HTTP rather than storage and run there only.
    pub fn sqlite() -> Self {
        Self {
            kind: Backend::Sqlite,
            server_url: None,
            made: Mutex::default(),
        }
    }

    /// The backend if this run can reach it: SQLite always, a server when its URL variable is
    /// set. Otherwise `None`, and the first time the run says so on stderr (past the test
    /// harness's capture), so a run without servers cannot pass for one with them.
    fn from_env(backend: Backend) -> Option<Self> {
        let Some(variable) = backend.url_variable() else {
            return Some(Self::sqlite());
        };
        match std::env::var(variable) {
            Ok(url) => Some(Self {
                kind: backend,
                server_url: Some(url),
                made: Mutex::default(),
            }),
            Err(_) => {
                static POSTGRES: Once = Once::new();
                static MYSQL: Once = Once::new();
                let once = if backend == Backend::Postgres {
                    &POSTGRES
                } else {
                    &MYSQL
                };
                once.call_once(|| {
                    writeln!(
                        std::io::stderr(),
                        "api tests: {variable} is not set, so every *::{} test passes without running",
                        backend.name()
                    )
                    .ok();
                });
                None
            }
        }
    }

    /// A new empty database: a temp SQLite file, or `CREATE DATABASE` on the server.
    pub async fn database(&self) -> TestDatabase {
        let Some(server_url) = &self.server_url else {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
            return TestDatabase {
                url,
                _dir: Some(dir),
            };
        };
        let name = format!("tm_test_{}", Uuid::new_v4().simple());
        let admin = Database::connect(server_url.clone())
            .await
            .expect("connect to the test database server");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create the test database");
        admin.close().await.ok();
        self.made.lock().expect("lock").databases.push(name.clone());
        TestDatabase {
            url: replace_database(server_url, &name),
            _dir: None,
        }
    }

    /// Starts the application on a new database of this backend.
    pub async fn spawn(&self) -> TestApp {
        self.spawn_with(&[]).await
    }

    /// Starts the application with extra configuration variables.
    pub async fn spawn_with(&self, vars: &[(&str, &str)]) -> TestApp {
        let database = self.database().await;
        self.spawn_on(database, vars).await
    }

    /// Starts the application on `database` (reached at its URL unless `vars` names another
    /// TABLEMATES_DATABASE_URL leading to it) with extra configuration variables.
    pub async fn spawn_on(&self, database: TestDatabase, vars: &[(&str, &str)]) -> TestApp {
        if std::env::var_os("TEST_LOG").is_some() {
            tablemates::telemetry::init(tablemates::config::LogFormat::Text);
        }
        let mail_dir = tempfile::tempdir().expect("temp dir for emails");
        let mut map: HashMap<String, String> = HashMap::from([
            (
                "TABLEMATES_SMTP_URL".into(),
                format!("file://{}", mail_dir.path().display()),
            ),
            ("TABLEMATES_DATABASE_URL".into(), database.url.clone()),
            ("TABLEMATES_LISTEN".into(), "127.0.0.1:0".into()),
            ("TABLEMATES_DB_MAX_CONNECTIONS".into(), "8".into()),
            ("TABLEMATES_HTTP_WORKERS".into(), "2".into()),
            // Every test registers from 127.0.0.1: the abuse limits are counted but out of
            // reach, except in the tests of the limits, which set small ones.
            ("TABLEMATES_RATE_LIMIT_ADDRESS".into(), "1000000".into()),
            ("TABLEMATES_RATE_LIMIT_MAILBOX".into(), "1000000".into()),
            // The tests' conferences ended months ago; retention would erase their attendees.
            ("TABLEMATES_ERASE_AFTER_DAYS".into(), "0".into()),
        ]);
        for (k, v) in vars {
            map.insert((*k).into(), (*v).into());
        }
        let config = Config::from_lookup(|k| map.get(k).cloned()).expect("test config");
        let app = Application::build(config)
            .await
            .expect("application starts");
        let port = app.port();
        let db = app.db().clone();
        let ctx = app.ctx().clone();
        self.made.lock().expect("lock").connections.push(db.clone());
        tokio::spawn(app.run_until_stopped());
        TestApp {
            backend: self.kind,
            address: format!("http://127.0.0.1:{port}"),
            client: Client::new(),
            db,
            ctx,
            mail_dir,
            _database: database,
        }
    }

    /// Closes the applications' connections and drops the server databases made so far.
    async fn drop_databases(&self) {
        let Made {
            databases,
            connections,
        } = std::mem::take(&mut *self.made.lock().unwrap_or_else(PoisonError::into_inner));
        for db in connections {
            db.write.close().await.ok();
            db.read.close().await.ok();
        }
        let Some(server_url) = &self.server_url else {
            return;
        };
        if databases.is_empty() {
            return;
        }
        let Ok(admin) = Database::connect(server_url.clone()).await else {
            return;
        };
        let force = if self.kind == Backend::Postgres {
            " WITH (FORCE)"
        } else {
            ""
        };
        for name in databases {
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}{force}"))
                .await
                .ok();
        }
        admin.close().await.ok();
    }
}

/// Gives the background workers (polling every 20 ms in these tests) time to act many times,
/// so that the assertion which follows, that they did *not* do something (send a second copy,
/// retry a failed email, send a reminder early), could fail. Something that must not happen
/// cannot be polled for, so this is the suite's one deliberate wait.
pub async fn let_workers_run() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

pub struct TestApp {
    pub backend: Backend,
    pub address: String,
    pub client: Client,
    pub db: Db,
    /// What the application calls its use cases with.
    pub ctx: tablemates::workflows::Context,
    /// Where the default file transport writes this app's emails (unless a test names
    /// another TABLEMATES_SMTP_URL), so tests never write into the working directory.
    pub mail_dir: tempfile::TempDir,
    _database: TestDatabase,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.send_json(reqwest::Method::POST, path, token, body)
            .await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.send_json(reqwest::Method::PATCH, path, token, body)
            .await
    }

    /// The URL of this app's database, for a second application on the same one.
    pub fn database_url(&self) -> &str {
        &self._database.url
    }

    /// A new organizer and their API token.
    pub async fn organizer(&self, email: &str) -> String {
        let (_, token) = tablemates::workflows::organizers::create_with_token(
            &self.ctx,
            email,
            "Test Organizer",
            chrono::Utc::now(),
            &mut rand::rng(),
        )
        .await
        .expect("organizer created");
        token
    }

    /// A conference with open registration, owned by a new organizer; returns its token.
    pub async fn conference(&self, slug: &str) -> String {
        let token = self.organizer(&format!("{slug}@organizers.test")).await;
        let res = self
            .post(
                "/api/v1/conferences",
                Some(&token),
                &json!({
                    "slug": slug,
                    "name": "Test Conference",
                    "time_zone": "Europe/Lisbon",
                    "starts_on": "2026-06-01",
                    "ends_on": "2026-06-03",
                    "registration_open": true,
                }),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{}",
            res.text().await.unwrap_or_default()
        );
        token
    }

    /// `n` people register publicly at `slug` ("Person {i}", p{i}@example.org), each answered 202.
    pub async fn register_people(&self, slug: &str, n: usize) {
        for i in 0..n {
            body(
                self.register(
                    slug,
                    &registration(&format!("Person {i}"), &format!("p{i}@example.org")),
                )
                .await,
                StatusCode::ACCEPTED,
            )
            .await;
        }
    }

    pub async fn register(&self, slug: &str, body: &Value) -> Response {
        self.post(
            &format!("/api/v1/public/conferences/{slug}/registrations"),
            None,
            body,
        )
        .await
    }

    /// A working personal-link token of the attendee with `email`. The mailer mints links as
    /// it sends, so this waits until every email due to them is sent and reads the newest sent
    /// message carrying one (file transport); when none was sent (the attendee was added by the
    /// organizer, or the app sends over SMTP), it mints one as the operator would.
    pub async fn link_token(&self, email: &str) -> String {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        use tablemates::entities::attendee;
        self.wait_until_sent_to(email).await;
        if let Some(token) = sent_tokens(self.mail_dir.path(), email, "/manage?token=").pop() {
            return token;
        }
        let person = attendee::Entity::find()
            .filter(attendee::Column::EmailNormalized.eq(email.to_lowercase()))
            .one(&self.db.read)
            .await
            .expect("attendee query")
            .unwrap_or_else(|| panic!("no attendee with {email}"));
        let url = tablemates::workflows::attendees::personal_link(
            &self.ctx,
            person.id,
            chrono::Utc::now(),
            &mut rand::rng(),
        )
        .await
        .expect("a personal link");
        url.split("token=").nth(1).expect("a token").to_owned()
    }

    /// Waits (up to 10 s) until no email due to `email` is waiting to be sent.
    pub async fn wait_until_sent_to(&self, email: &str) {
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        use tablemates::entities::outbox_email;
        eventually(
            format!("the emails due to {email} sent"),
            Duration::from_secs(10),
            async || {
                let waiting = outbox_email::Entity::find()
                    .filter(outbox_email::Column::Recipient.eq(email))
                    .filter(outbox_email::Column::Status.eq("pending"))
                    .filter(outbox_email::Column::DueAt.lte(chrono::Utc::now()))
                    .count(&self.db.read)
                    .await
                    .expect("outbox query");
                if waiting == 0 { Ok(()) } else { Err(waiting) }
            },
        )
        .await;
    }

    /// Waits (up to 10 s) until at least `n` outbox rows match a SQL condition; returns how
    /// many do.
    pub async fn wait_for_outbox(&self, condition: &str, n: i64) -> i64 {
        eventually(
            format!("{n} outbox rows with {condition}"),
            Duration::from_secs(10),
            async || {
                let found = self.count("outbox_emails", condition).await;
                if found >= n { Ok(found) } else { Err(found) }
            },
        )
        .await
    }

    /// Waits (up to 30 s) for job `id` of conference `slug` to succeed or fail; returns it.
    pub async fn finished_job(&self, token: &str, slug: &str, id: &str) -> Value {
        let path = format!("/api/v1/conferences/{slug}/jobs/{id}");
        eventually(
            format!("job {id} to finish"),
            Duration::from_secs(30),
            async || {
                let job = body(self.get(&path, Some(token)).await, StatusCode::OK).await;
                if job["status"] == "succeeded" || job["status"] == "failed" {
                    Ok(job)
                } else {
                    Err(job)
                }
            },
        )
        .await
    }

    /// Number of rows in `table` matching a SQL condition.
    pub async fn count(&self, table: &str, condition: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}");
        let row = self
            .db
            .read
            .query_one_raw(Statement::from_string(self.db.backend(), sql))
            .await
            .expect("count query")
            .expect("a count row");
        row.try_get::<i64>("", "n").expect("count")
    }
}

/// The text parts of the messages written to `dir` for `recipient`, oldest sent first (by the
/// time each file was written).
pub fn sent_texts(dir: &std::path::Path, recipient: &str) -> Vec<String> {
    use mail_parser::MessageParser;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("mail folder") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("eml") {
            continue;
        }
        let raw = std::fs::read(&path).expect("readable");
        let Some(message) = MessageParser::default().parse(&raw) else {
            continue;
        };
        let to_recipient = message
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .is_some_and(|a| a.eq_ignore_ascii_case(recipient));
        if !to_recipient {
            continue;
        }
        let written = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        found.push((
            written,
            message.body_text(0).unwrap_or_default().into_owned(),
        ));
    }
    found.sort();
    found.into_iter().map(|(_, text)| text).collect()
}

/// The tokens of the links starting `link` (`/manage?token=`) in the messages written to `dir` for
/// `recipient`, oldest sent first.
pub fn sent_tokens(dir: &std::path::Path, recipient: &str, link: &str) -> Vec<String> {
    sent_texts(dir, recipient)
        .into_iter()
        .filter_map(|text| {
            let start = text.find(link)?;
            Some(
                text[start + link.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect(),
            )
        })
        .collect()
}

fn replace_database(server_url: &str, name: &str) -> String {
    let mut url = url::Url::parse(server_url).expect("server URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// A registration body with sensible defaults that tests override.
pub fn registration(name: &str, email: &str) -> Value {
    json!({
        "name": name,
        "email": email,
        "interests": ["rust"],
        "consents": {"privacy": true},
    })
}

/// The JSON body of a response, asserting the status first.
pub async fn body(res: Response, status: StatusCode) -> Value {
    let actual = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let text = res.text().await.expect("body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    if !status.is_success() {
        assert_eq!(content_type, "application/problem+json", "body: {text}");
    }
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }
}

/// The field names a problem+json body lists.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A payload of `kind` with made-up values, for emails a test queues itself.
pub fn sample_payload(
    kind: tablemates::domain::records::EmailKind,
) -> tablemates::domain::records::EmailPayload {
    use tablemates::domain::records::{EmailKind, EmailPayload};
    let person = json!({
        "attendee_id": "0193f000-0000-7000-8000-000000000001",
        "attendee_name": "Ada Lovelace",
        "conference_name": "Test Conference",
        "conference_slug": "conf",
        "handles_claimed_by_someone_else": [],
        "new_email": "ada@new.example",
        "confirm_url": "http://127.0.0.1/email-change?token=t",
    });
    let mut json = person.clone();
    let meetup = json!({"id": "0193f000-0000-7000-8000-0000000000aa", "name": "Lunch",
        "starts_at": "2026-12-01T11:30:00Z", "ends_at": "2026-12-01T12:30:00Z",
        "time_zone": "UTC", "location": "Hall B"});
    let calendar = json!({"uid": "meetup-m1-attendee-a1@tablemates", "sequence": 0,
        "method": if kind == EmailKind::MeetupCancelled { "CANCEL" } else { "REQUEST" }});
    if kind.is_transactional() {
        // The transactional kinds ignore what they do not name.
    } else {
        json["meetup"] = meetup;
        json["calendar"] = calendar;
        json["table"] = json!({"label": "Table 7", "number": 7});
        json["tablemates"] = json!([]);
        json["shared_interests"] = json!([]);
    }
    EmailPayload::from_json(kind, json).expect("a sample payload of its kind")
}

/// The base URL a `tablemates serve` process prints on its stdout once it listens.
pub fn listening_url(stdout: impl std::io::Read) -> String {
    use std::io::BufRead;
    std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("tablemates is listening on ")
                .map(|u| u.trim_end_matches('/').to_owned())
        })
        .expect("the address it listens on")
}

/// `tablemates serve` on `database_url`, mailing to `smtp_url`, on a port of its own with one
/// HTTP worker; the caller adds variables and chooses where its output goes.
pub fn serve_command(database_url: &str, smtp_url: &str) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tablemates"));
    command
        .arg("serve")
        .env("TABLEMATES_DATABASE_URL", database_url)
        .env("TABLEMATES_SMTP_URL", smtp_url)
        .env("TABLEMATES_LISTEN", "127.0.0.1:0")
        .env("TABLEMATES_MAIL_FROM", "Test Conf <hello@tablemates.test>")
        .env("TABLEMATES_HTTP_WORKERS", "1");
    command
}

/// Starts `command` with `extra` variables, logging at `info` to a piped stderr; returns the
/// process and the base URL it printed once it listened.
pub fn spawn_listening(
    mut command: std::process::Command,
    extra: &[(&str, &str)],
) -> (std::process::Child, String) {
    use std::process::Stdio;
    command
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in extra {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("start the tablemates binary");
    let url = listening_url(child.stdout.take().expect("stdout"));
    (child, url)
}

/// Queues `n` withdrawal confirmations (a kind without a personal link) to p{i}@example.org
/// straight into the outbox of `db`.
pub async fn queue_emails(db: &Db, key: &str, n: usize) {
    let emails = (0..n)
        .map(|i| tablemates::domain::records::NewEmail {
            dedupe_key: format!("{key}:{i}"),
            attendee_id: None,
            recipient: format!("p{i}@example.org"),
            due_at: None,
            payload: sample_payload(tablemates::domain::records::EmailKind::WithdrawalConfirmation),
        })
        .collect();
    tablemates::store::batch::enqueue_emails(&db.write, emails, chrono::Utc::now())
        .await
        .expect("queued");
}
