//! Several `tablemates serve` processes on one database, as an operator runs them behind a load
//! balancer: started at the same moment on a new database, each applies the migrations it finds
//! pending, they never apply one twice, and every one of them comes up.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use sea_orm::{ConnectionTrait, Statement};
use tablemates::store::Db;

use crate::helpers::TestBackend;

/// Instances started together; more than two, so that the race is likely to be lost.
const INSTANCES: usize = 4;

/// Starts `tablemates serve` on `database_url`, on a port of its own, mailing into `outbox`.
fn serve(database_url: &str, outbox: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tablemates"))
        .arg("serve")
        .env("TABLEMATES_DATABASE_URL", database_url)
        .env(
            "TABLEMATES_SMTP_URL",
            format!("file://{}", outbox.display()),
        )
        .env("TABLEMATES_LISTEN", "127.0.0.1:0")
        .env("TABLEMATES_HTTP_WORKERS", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the tablemates binary")
}

/// Waits until `child` says it is listening; its stderr if it ends first.
fn listening(child: &mut Child) -> Result<(), String> {
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    for line in stdout.lines() {
        if line
            .expect("a line")
            .starts_with("tablemates is listening on ")
        {
            return Ok(());
        }
    }
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr).ok();
    }
    Err(format!("{:?}: {stderr}", child.wait()))
}

api_test!(
    instances_started_at_once_on_a_new_database_migrate_it_once,
    backend
);
async fn instances_started_at_once_on_a_new_database_migrate_it_once(backend: &TestBackend) {
    let scratch = backend.database().await;
    let outbox = tempfile::tempdir().expect("temp dir");
    let mut children: Vec<Child> = (0..INSTANCES)
        .map(|_| serve(&scratch.url, outbox.path()))
        .collect();
    let outcomes: Vec<Result<(), String>> = children.iter_mut().map(listening).collect();
    for child in &mut children {
        child.kill().ok();
        child.wait().ok();
    }
    for (i, outcome) in outcomes.iter().enumerate() {
        if let Err(why) = outcome {
            panic!("instance {i} of {INSTANCES} did not come up: {why}");
        }
    }

    // Each migration is recorded once, and there is nothing left to apply.
    let db = Db::connect(&scratch.url, 1).await.expect("connect");
    let backend_kind = db.write.get_database_backend();
    let rows = db
        .write
        .query_all_raw(Statement::from_string(
            backend_kind,
            "SELECT version FROM seaql_migrations",
        ))
        .await
        .expect("the applied migrations");
    let mut versions: Vec<String> = rows
        .iter()
        .map(|row| row.try_get::<String>("", "version").expect("a version"))
        .collect();
    let applied = versions.len();
    versions.sort();
    versions.dedup();
    assert_eq!(versions.len(), applied, "a migration applied twice");
    use migrations::MigratorTrait;
    assert_eq!(applied, migrations::Migrator::migrations().len());
    db.migrate().await.expect("nothing left to apply");
}
