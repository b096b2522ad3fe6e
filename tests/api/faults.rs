//! Crash and shutdown safety of the outbox. The real `tablemates` binary is killed with
//! SIGKILL while it drains 1,000 queued emails into an SMTP server in this process, then
//! started again: every email must arrive, and a crash may repeat at most the batch that was
//! in flight. A worker told to stop finishes its sends and gives back the rest.

use std::collections::HashMap;
use std::process::{Child, Stdio};
use std::time::Duration;

use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};
use tablemates::domain::records::{EmailPayload, NewEmail, Withdrawal};
use tablemates::entities::outbox_email;
use tablemates::store::Db;
use uuid::Uuid;

use crate::helpers::{TestBackend, eventually, let_workers_run, queue_emails, serve_command};
use crate::mail::SmtpSink;

const EMAILS: usize = 1_000;
const BATCH: usize = 50;
/// Arrivals before the kill: mid-batch, so the batch in flight is partly delivered.
const KILL_AFTER: usize = 325;

/// Starts `tablemates serve` on the scratch database, mailing to `smtp_url`.
fn serve(database_url: &str, smtp_url: &str, extra: &[(&str, &str)]) -> Child {
    let log = std::env::var_os("TEST_LOG").is_some();
    let mut command = serve_command(database_url, smtp_url);
    command
        .env("TABLEMATES_OUTBOX_POLL_MS", "20")
        .env("TABLEMATES_OUTBOX_BATCH", BATCH.to_string())
        .env("TABLEMATES_OUTBOX_LEASE_MS", "2000")
        .env("RUST_LOG", if log { "info" } else { "warn" })
        .stdout(Stdio::null())
        .stderr(if log { Stdio::inherit() } else { Stdio::null() });
    for (k, v) in extra {
        command.env(k, v);
    }
    command.spawn().expect("start the tablemates binary")
}

async fn unsent(db: &Db) -> i64 {
    count(db, "status <> 'sent'").await
}

async fn count(db: &Db, condition: &str) -> i64 {
    let row = db
        .read
        .query_one_raw(sea_orm::Statement::from_string(
            db.backend(),
            format!("SELECT COUNT(*) AS n FROM outbox_emails WHERE {condition}"),
        ))
        .await
        .expect("count query")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("count")
}

api_test!(
    a_server_killed_while_draining_sends_every_email_after_a_restart,
    backend
);
async fn a_server_killed_while_draining_sends_every_email_after_a_restart(backend: &TestBackend) {
    let sink = SmtpSink::start().await;
    let scratch = backend.database().await;
    let db = Db::connect(&scratch.url, 2).await.expect("connect");
    db.migrate().await.expect("migrate");
    let now = chrono::Utc::now();
    let emails = (0..EMAILS)
        .map(|i| NewEmail {
            dedupe_key: format!("kill-test:{i}"),
            attendee_id: None,
            recipient: format!("person{i}@example.org"),
            due_at: None,
            // A kind without a personal link: there is no attendee to mint one for.
            payload: EmailPayload::WithdrawalConfirmation(Withdrawal {
                attendee_name: format!("Person {i}"),
                conference_name: "Test Conference".into(),
                conference_slug: "conf".into(),
            }),
        })
        .collect();
    tablemates::store::batch::enqueue_emails(&db.write, emails, now)
        .await
        .expect("queue the emails");
    let ids: Vec<Uuid> = outbox_email::Entity::find()
        .select_only()
        .column(outbox_email::Column::Id)
        .into_tuple()
        .all(&db.read)
        .await
        .expect("ids");
    assert_eq!(ids.len(), EMAILS);

    // Slowed down so that the kill lands in the middle of the drain.
    let mut first = serve(
        &scratch.url,
        &sink.url(),
        &[("TABLEMATES_MAIL_RATE_PER_SECOND", "200")],
    );
    eventually(
        format!("{KILL_AFTER} emails to arrive before the kill"),
        Duration::from_secs(20),
        async || match sink.count() {
            arrived if arrived >= KILL_AFTER => Ok(()),
            arrived => Err(format!("{arrived} arrived")),
        },
    )
    .await;
    first.kill().expect("SIGKILL");
    first.wait().expect("reaped");
    let at_kill = sink.count();
    assert!(at_kill < EMAILS, "killed while draining");

    let mut second = serve(&scratch.url, &sink.url(), &[]);
    eventually(
        "every email to be sent after the restart",
        Duration::from_secs(20),
        async || match unsent(&db).await {
            0 => Ok(()),
            unsent => Err(format!("{unsent} unsent")),
        },
    )
    .await;
    second.kill().expect("stop");
    second.wait().expect("reaped");

    let mut copies: HashMap<String, usize> = HashMap::new();
    for message in sink.messages() {
        *copies.entry(message.message_id()).or_default() += 1;
    }
    let missing = ids
        .iter()
        .filter(|id| !copies.contains_key(&id.to_string()))
        .count();
    let duplicates: usize = copies.values().map(|n| n - 1).sum();
    println!(
        "killed after {at_kill} of {EMAILS} emails had arrived; after the restart \
         every email arrived, {duplicates} twice (batch size {BATCH})"
    );
    assert_eq!(missing, 0, "every email delivered");
    assert_eq!(copies.len(), EMAILS, "nothing else arrived");
    assert!(
        duplicates <= BATCH,
        "{duplicates} duplicates, more than one batch"
    );
    db.write.close().await.ok();
}

api_test!(
    stopping_the_worker_finishes_the_sends_in_hand_and_gives_back_the_rest,
    backend
);
async fn stopping_the_worker_finishes_the_sends_in_hand_and_gives_back_the_rest(
    backend: &TestBackend,
) {
    use tablemates::mailer::worker::{self, WorkerSettings};
    let sink = SmtpSink::start().await;
    // No application here: its own worker would compete for the rows.
    let scratch = backend.database().await;
    let db = Db::connect(&scratch.url, 2).await.expect("connect");
    db.migrate().await.expect("migrate");
    queue_emails(&db, "stop-test", 40).await;
    let handle = worker::spawn(
        db.clone(),
        tablemates::mailer::Templates::load(None).expect("templates"),
        "Test Conf <hello@tablemates.test>"
            .parse()
            .expect("mailbox"),
        tablemates::mailer::TransportConfig::parse(&sink.url()).expect("URL"),
        WorkerSettings {
            poll: Duration::from_millis(20),
            batch: 40,
            connections: 2,
            rate_per_second: 10,
            ..WorkerSettings::default()
        },
    );
    sink.wait_for(3).await;
    let sent = handle.stop().await;

    let delivered = sink.count();
    assert!(delivered < 40, "stopped before the end");
    assert_eq!(
        sent, delivered as u64,
        "the worker counts what it recorded as sent"
    );
    assert_eq!(
        count(&db, "status = 'sent'").await,
        delivered as i64,
        "every send the server accepted is recorded"
    );
    assert_eq!(
        count(
            &db,
            "status = 'pending' AND lease_until IS NULL AND attempts = 0"
        )
        .await,
        40 - delivered as i64,
        "the rest is given back untried, free to claim at once"
    );
    let_workers_run().await;
    assert_eq!(sink.count(), delivered, "nothing sent after stop");
    db.write.close().await.ok();
}
