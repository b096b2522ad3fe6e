//! Several `tablemates serve` processes on one database, as an operator runs them behind a load
//! balancer: started at the same moment on a new database, each applies the migrations it finds
//! pending and none applies one twice; plan runs queued through both at once are claimed by
//! both, each exactly once; and the automatic repairs that people joining through both at once
//! queue are each run once, seating everyone.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tablemates::store::Db;

use crate::helpers::{TestBackend, eventually};

/// A `tablemates serve` process with its log.
struct Instance {
    child: Child,
    log: PathBuf,
}

impl Instance {
    /// Starts `tablemates serve` on `database_url`, on a port of its own, mailing into and
    /// logging to files under `dir`.
    fn start(database_url: &str, dir: &Path, name: &str) -> Self {
        let log = dir.join(format!("{name}.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_tablemates"))
            .arg("serve")
            .env("TABLEMATES_DATABASE_URL", database_url)
            .env("TABLEMATES_SMTP_URL", format!("file://{}", dir.display()))
            .env("TABLEMATES_LISTEN", "127.0.0.1:0")
            .env("TABLEMATES_HTTP_WORKERS", "1")
            .env("TABLEMATES_ERASE_AFTER_DAYS", "0")
            .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("start the tablemates binary");
        Self { child, log }
    }

    /// Waits until the instance says it is listening, and returns its address; its log if it
    /// ends first.
    fn listening(&mut self) -> Result<String, String> {
        let stdout = BufReader::new(self.child.stdout.take().expect("stdout"));
        for line in stdout.lines() {
            let line = line.expect("a line");
            if let Some(url) = line.strip_prefix("tablemates is listening on ") {
                return Ok(url.trim_end_matches('/').to_owned());
            }
        }
        Err(format!("{:?}: {}", self.child.wait(), self.log_text()))
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

api_test!(
    instances_started_at_once_on_a_new_database_migrate_it_once,
    backend
);
async fn instances_started_at_once_on_a_new_database_migrate_it_once(backend: &TestBackend) {
    // More than two, so that the race is likely to be lost without the lock.
    const INSTANCES: usize = 4;
    let scratch = backend.database().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut instances: Vec<Instance> = (0..INSTANCES)
        .map(|i| Instance::start(&scratch.url, dir.path(), &format!("i{i}")))
        .collect();
    let outcomes: Vec<_> = instances.iter_mut().map(Instance::listening).collect();
    drop(instances);
    for (i, outcome) in outcomes.iter().enumerate() {
        if let Err(why) = outcome {
            panic!("instance {i} of {INSTANCES} did not come up: {why}");
        }
    }

    // Each migration is recorded once, and there is nothing left to apply.
    let db = Db::connect(&scratch.url, 1).await.expect("connect");
    let versions = column(&db, "SELECT version FROM seaql_migrations").await;
    let mut distinct = versions.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), versions.len(), "a migration applied twice");
    use migrations::MigratorTrait;
    assert_eq!(versions.len(), migrations::Migrator::migrations().len());
    db.migrate().await.expect("nothing left to apply");
    db.write.close().await.ok();
}

/// The text values of a one-column query.
async fn column(db: &Db, sql: &str) -> Vec<String> {
    db.write
        .query_all_raw(Statement::from_string(db.backend(), sql))
        .await
        .expect(sql)
        .iter()
        .map(|row| {
            row.try_get_by_index::<String>(0)
                .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
                .or_else(|_| row.try_get_by_index::<i32>(0).map(|n| n.to_string()))
                .expect("a value")
        })
        .collect()
}

api_test!(
    plan_runs_queued_through_two_instances_at_once_are_each_run_once,
    backend
);
async fn plan_runs_queued_through_two_instances_at_once_are_each_run_once(backend: &TestBackend) {
    const MEETUPS: usize = 6;
    let scratch = backend.database().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::connect(&scratch.url, 2).await.expect("connect");
    db.migrate().await.expect("migrate");
    let mut first = Instance::start(&scratch.url, dir.path(), "first");
    let mut second = Instance::start(&scratch.url, dir.path(), "second");
    let url = first.listening().expect("the first instance");
    let second_url = second.listening().expect("the second instance");
    let token = organizer_token(&scratch.url, dir.path());
    let api = Api {
        client: reqwest::Client::new(),
        url,
        token,
    };
    let other = Api {
        url: second_url,
        ..api.clone()
    };

    api.send(
        "/api/v1/conferences",
        json!({
            "slug": "conf", "name": "Two Instances", "time_zone": "Europe/Lisbon",
            "starts_on": "2036-06-01", "ends_on": "2036-06-03", "registration_open": true,
        }),
    )
    .await;
    for i in 0..40 {
        let interest = ["rust", "go", "css"][i % 3];
        api.send(
            "/api/v1/conferences/conf/attendees",
            json!({
                "name": format!("Guest {i}"), "email": format!("guest{i}@example.org"),
                "interests": [interest], "consents": {"privacy": true},
            }),
        )
        .await;
    }
    let mut meetups = Vec::new();
    for m in 0..MEETUPS {
        let meetup = api
            .send(
                "/api/v1/conferences/conf/meetups",
                json!({
                    "name": format!("Lunch {m}"),
                    "starts_at": format!("2036-06-01T1{m}:00:00Z"),
                    "ends_at": format!("2036-06-01T1{m}:45:00Z"),
                    "table_count": 5, "table_min": 6, "table_max": 10,
                }),
            )
            .await;
        meetups.push(meetup["id"].clone());
    }
    // All runs queued at once, half through each instance: each wakes its own job runner, and
    // both runners claim from the same queue at the same moment.
    let queued = meetups.iter().enumerate().map(|(m, id)| {
        let through = if m % 2 == 0 { &api } else { &other };
        through.send(
            "/api/v1/conferences/conf/plan-runs",
            json!({
                "meetup_ids": [id], "seed": m, "max_seconds": 1,
            }),
        )
    });
    let jobs: Vec<String> = futures_util::future::join_all(queued)
        .await
        .iter()
        .map(|job| job["id"].as_str().expect("a job id").to_owned())
        .collect();
    for id in &jobs {
        let path = format!("/api/v1/conferences/conf/jobs/{id}");
        let job = eventually(
            format!("job {id} to finish"),
            Duration::from_secs(60),
            async || {
                let job = api.get(&path).await;
                match job["status"].as_str() {
                    Some("succeeded") => Ok(job),
                    Some("failed") => panic!("{job}"),
                    _ => Err(job),
                }
            },
        )
        .await;
        assert_eq!(job["status"], "succeeded");
    }

    // Each job was claimed once, and each meetup has one plan.
    let attempts = column(&db, "SELECT attempts FROM jobs").await;
    assert_eq!(attempts, vec!["1".to_owned(); MEETUPS], "claims per job");
    let plans = column(
        &db,
        "SELECT COUNT(*) FROM plans UNION ALL SELECT COUNT(DISTINCT meetup_id) FROM plans",
    )
    .await;
    assert_eq!(
        plans,
        vec![MEETUPS.to_string(); 2],
        "plans, meetups with a plan"
    );
    // And both instances ran some: the claims were a real race.
    let started = |instance: &Instance| instance.log_text().matches("job started").count();
    let (by_first, by_second) = (started(&first), started(&second));
    assert_eq!(by_first + by_second, MEETUPS);
    assert!(
        by_first > 0 && by_second > 0,
        "runs started by each instance: {by_first} and {by_second}"
    );

    // Published, each plan repairs itself when people join: four join at once, two through
    // each instance, and each commit queues a repair of every plan (or shares one waiting).
    for id in &meetups {
        let draft = api
            .get(&format!(
                "/api/v1/conferences/conf/meetups/{}/plan",
                id.as_str().expect("id")
            ))
            .await;
        let path = format!(
            "/api/v1/conferences/conf/plans/{}/publish",
            draft["id"].as_str().expect("a plan id")
        );
        api.post(&path, json!({"version": draft["version"]}), StatusCode::OK)
            .await;
    }
    let joined = (0..4).map(|i| {
        let through = if i % 2 == 0 { &api } else { &other };
        through.send(
            "/api/v1/conferences/conf/attendees",
            json!({
                "name": format!("Late {i}"), "email": format!("late{i}@example.org"),
                "interests": ["rust"], "consents": {"privacy": true},
            }),
        )
    });
    futures_util::future::join_all(joined).await;
    eventually(
        "every repair to finish",
        Duration::from_secs(60),
        async || {
            let open = column(&db, "SELECT COUNT(*) FROM jobs WHERE finished_at IS NULL").await;
            if open == ["0"] {
                Ok(())
            } else {
                Err(format!("{open:?} unfinished"))
            }
        },
    )
    .await;
    let statuses = column(&db, "SELECT DISTINCT status FROM jobs").await;
    let errors = column(&db, "SELECT error FROM jobs WHERE error IS NOT NULL").await;
    assert_eq!(
        statuses,
        ["succeeded"],
        "no repair failed on a plan changed under it: {errors:?}"
    );
    let attempts = column(&db, "SELECT DISTINCT attempts FROM jobs").await;
    assert_eq!(attempts, ["1"], "each repair claimed once");
    let seated = column(
        &db,
        "SELECT COUNT(*) FROM plan_seats WHERE plan_id IN \
         (SELECT id FROM plans WHERE status = 'published')",
    )
    .await;
    assert_eq!(
        seated,
        [(MEETUPS * 44).to_string()],
        "everyone seated once in every plan"
    );
    let repairs = |instance: &Instance| instance.log_text().matches("plan_repair").count();
    eprintln!(
        "repairs started by each instance: {} and {}",
        repairs(&first),
        repairs(&second)
    );
    db.write.close().await.ok();
}

/// An organizer made with `tablemates organizer create`; their API token.
fn organizer_token(database_url: &str, dir: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_tablemates"))
        .args([
            "organizer",
            "create",
            "--email",
            "ops@example.org",
            "--name",
            "Ops",
        ])
        .env("TABLEMATES_DATABASE_URL", database_url)
        .env("TABLEMATES_SMTP_URL", format!("file://{}", dir.display()))
        .output()
        .expect("run tablemates organizer create");
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|line| line.split("keep it secret): ").nth(1))
        .unwrap_or_else(|| {
            panic!(
                "a token: {stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
        .trim()
        .to_owned()
}

/// The API of one instance, as the organizer.
#[derive(Clone)]
struct Api {
    client: reqwest::Client,
    url: String,
    token: String,
}

impl Api {
    /// Posts `body`; the created or accepted resource.
    async fn send(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.posted(path, body).await;
        assert!(
            status == StatusCode::CREATED || status == StatusCode::ACCEPTED,
            "{path}: {status} {answer}"
        );
        answer
    }

    /// Posts `body`, expecting `status`; the answer.
    async fn post(&self, path: &str, body: Value, status: StatusCode) -> Value {
        let (got, answer) = self.posted(path, body).await;
        assert_eq!(got, status, "{path}: {answer}");
        answer
    }

    async fn posted(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let res = self
            .client
            .post(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect(path);
        let status = res.status();
        (status, res.json().await.unwrap_or_default())
    }

    async fn get(&self, path: &str) -> Value {
        let res = self
            .client
            .get(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect(path);
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.json().await.expect("JSON")
    }
}
