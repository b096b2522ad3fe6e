//! The test harness: a running application per backend with its own database, an HTTP client,
//! and shortcuts for the steps most tests need (an organizer, a conference, an attendee link).

use std::collections::HashMap;
use std::time::Duration;

use reqwest::{Client, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use tablemates::config::Config;
use tablemates::startup::Application;
use tablemates::store::Db;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

/// Every backend this run can reach: SQLite always, the others when their URL is set.
pub fn backends() -> Vec<(Backend, Option<String>)> {
    let mut list = vec![(Backend::Sqlite, None)];
    if let Ok(url) = std::env::var("TABLEMATES_TEST_POSTGRES_URL") {
        list.push((Backend::Postgres, Some(url)));
    }
    if let Ok(url) = std::env::var("TABLEMATES_TEST_MYSQL_URL") {
        list.push((Backend::Mysql, Some(url)));
    }
    list
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
    cleanup: Cleanup,
}

enum Cleanup {
    File(
        #[expect(dead_code, reason = "held so the directory lives as long as the app")]
        tempfile::TempDir,
    ),
    Database {
        server_url: String,
        name: String,
    },
}

impl TestApp {
    pub async fn spawn(backend: Backend, server_url: Option<String>) -> Self {
        Self::spawn_with(backend, server_url, &[]).await
    }

    /// Starts the application with extra configuration variables.
    pub async fn spawn_with(
        backend: Backend,
        server_url: Option<String>,
        vars: &[(&str, &str)],
    ) -> Self {
        if std::env::var_os("TEST_LOG").is_some() {
            tablemates::telemetry::init();
        }
        let (database_url, cleanup) = match (backend, server_url) {
            (Backend::Sqlite, _) => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                (url, Cleanup::File(dir))
            }
            (_, Some(server_url)) => {
                let name = format!("tm_test_{}", Uuid::new_v4().simple());
                let admin = Database::connect(server_url.clone())
                    .await
                    .expect("connect to the test database server");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create the test database");
                admin.close().await.ok();
                let url = replace_database(&server_url, &name);
                (url, Cleanup::Database { server_url, name })
            }
            (_, None) => unreachable!("server backends always come with a URL"),
        };
        let mail_dir = tempfile::tempdir().expect("temp dir for emails");
        let mut map: HashMap<String, String> = HashMap::from([
            (
                "TABLEMATES_SMTP_URL".into(),
                format!("file://{}", mail_dir.path().display()),
            ),
            ("TABLEMATES_DATABASE_URL".into(), database_url),
            ("TABLEMATES_LISTEN".into(), "127.0.0.1:0".into()),
            ("TABLEMATES_DB_MAX_CONNECTIONS".into(), "8".into()),
            ("TABLEMATES_HTTP_WORKERS".into(), "2".into()),
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
        tokio::spawn(app.run_until_stopped());
        Self {
            backend,
            address: format!("http://127.0.0.1:{port}"),
            client: Client::new(),
            db,
            ctx,
            mail_dir,
            cleanup,
        }
    }

    /// Drops a server database; a temp SQLite directory goes away with `self`.
    pub async fn cleanup(self) {
        if let Cleanup::Database { server_url, name } = &self.cleanup {
            self.db.write.clone().close().await.ok();
            if let Ok(admin) = Database::connect(server_url.clone()).await {
                let force = if self.backend == Backend::Postgres {
                    " WITH (FORCE)"
                } else {
                    ""
                };
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}{force}"))
                    .await
                    .ok();
                admin.close().await.ok();
            }
        }
    }

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

    pub async fn register(&self, slug: &str, body: &Value) -> Response {
        self.post(
            &format!("/api/v1/public/conferences/{slug}/registrations"),
            None,
            body,
        )
        .await
    }

    /// The personal-link token of the newest email queued for `email`, read from the outbox
    /// (the mailer would send it).
    pub async fn link_token(&self, email: &str) -> String {
        let sql = format!(
            "SELECT payload FROM outbox_emails WHERE recipient = {} ORDER BY created_at DESC",
            quote(email)
        );
        let row = self
            .db
            .read
            .query_one_raw(Statement::from_string(self.db.backend(), sql))
            .await
            .expect("outbox query")
            .unwrap_or_else(|| panic!("no email queued for {email}"));
        let payload: String = row.try_get("", "payload").expect("payload column");
        let payload: Value = serde_json::from_str(&payload).expect("payload is JSON");
        let url = payload["manage_url"]
            .as_str()
            .expect("manage_url")
            .to_owned();
        url.split("token=").nth(1).expect("token in URL").to_owned()
    }

    /// Waits (up to 10 s) until at least `n` outbox rows match a SQL condition; returns how
    /// many do.
    pub async fn wait_for_outbox(&self, condition: &str, n: i64) -> i64 {
        for _ in 0..400 {
            let found = self.count("outbox_emails", condition).await;
            if found >= n {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "expected {n} outbox rows with {condition}, found {}",
            self.count("outbox_emails", condition).await
        );
    }

    /// Waits (up to 30 s) for job `id` of conference `slug` to succeed or fail; returns it.
    pub async fn finished_job(&self, token: &str, slug: &str, id: &str) -> Value {
        for _ in 0..600 {
            let job = body(
                self.get(
                    &format!("/api/v1/conferences/{slug}/jobs/{id}"),
                    Some(token),
                )
                .await,
                StatusCode::OK,
            )
            .await;
            if job["status"] == "succeeded" || job["status"] == "failed" {
                return job;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("job {id} did not finish");
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

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
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
