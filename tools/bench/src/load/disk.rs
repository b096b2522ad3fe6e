//! SQLite on a full and on a read-only filesystem, each a small tmpfs mounted for the
//! purpose (this needs root). Full: the service keeps serving and answers writes 503
//! problem+json naming no internals, logs the cause, and the file stays intact. Read-only: a
//! running server keeps its open file writable (Linux refuses to remount a filesystem
//! read-only while files on it are open for writing), so the server is stopped, the
//! filesystem remounted read-only and the server started on it: SQLite then opens the file
//! read-only, and every write must be answered 503 with the cause logged (or, should start-up
//! fail, the error must name the cause), never a panic. After each, `PRAGMA integrity_check` and every
//! registration accepted before are checked.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, Statement};

use super::traffic::{self, Control, Target};
use super::{Report, Scenario};
use crate::server::Server;
use tablemates::store::Db;

const S: Scenario = Scenario::SqliteDisk;

pub async fn run(report: &mut Report) -> anyhow::Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("tablemates-load-disk")
        .tempdir()?;
    let mount = dir.path().join("fs");
    std::fs::create_dir(&mount)?;
    mount_tmpfs(&mount, "6m")?;
    let full = full_disk(&mount, report).await;
    unmount(&mount);
    full?;
    mount_tmpfs(&mount, "32m")?;
    let read_only = read_only_disk(&mount, report).await;
    unmount(&mount);
    read_only
}

async fn full_disk(mount: &Path, report: &mut Report) -> anyhow::Result<()> {
    let url = seed(mount).await?;
    let server = Server::start_with(
        &url,
        &[("RUST_LOG", "warn"), ("TABLEMATES_LOG_FORMAT", "json")],
    )
    .await?;
    let target = Arc::new(Target {
        base_urls: vec![server.base_url.clone()],
        organizer_token: String::new(),
        attendee_tokens: Vec::new(),
        prefix: "disk".into(),
    });
    // Registrations only, until the disk has been full for a while.
    let control = Control::default();
    let load = tokio::spawn(traffic::register_only(
        target,
        8,
        Duration::from_secs(120),
        control.clone(),
    ));
    let outcome = load.await?;
    let log = server.log_tail();
    drop(server);
    report.figure(
        S,
        "full disk",
        format!(
            "6 MiB tmpfs: {} registrations accepted, then {} answered 503",
            outcome.accepted.len(),
            outcome.unavailable()
        ),
    );
    report.check(
        S,
        "full disk: writes answered 503 problem+json with Retry-After, no other 5xx",
        outcome.unavailable() > 0 && outcome.bad_503.is_none() && outcome.other_5xx() == 0,
        format!(
            "{} × 503, {} other 5xx{}",
            outcome.unavailable(),
            outcome.other_5xx(),
            outcome
                .example_5xx
                .as_deref()
                .map(|e| format!(", e.g. {e}"))
                .unwrap_or_default()
        ),
    );
    let named = log.contains("database or disk is full");
    report.check(
        S,
        "full disk: the log names the cause; no panic",
        named && !log.contains("panicked"),
        log.lines()
            .find(|l| l.contains("disk is full"))
            .map(|l| l.chars().take(220).collect::<String>())
            .unwrap_or_else(|| "no line names it".into()),
    );
    intact(&url, &outcome.accepted, "full disk", report).await
}

async fn read_only_disk(mount: &Path, report: &mut Report) -> anyhow::Result<()> {
    let url = seed(mount).await?;
    let server = Server::start_with(
        &url,
        &[("RUST_LOG", "warn"), ("TABLEMATES_LOG_FORMAT", "json")],
    )
    .await?;
    let target = Arc::new(Target {
        base_urls: vec![server.base_url.clone()],
        organizer_token: String::new(),
        attendee_tokens: Vec::new(),
        prefix: "disk".into(),
    });
    let outcome =
        traffic::register_only(target, 8, Duration::from_secs(2), Control::default()).await;
    drop(server);
    run_command(Command::new("mount").args(["-o", "remount,ro"]).arg(mount))?;
    match Server::start_with(
        &url,
        &[("RUST_LOG", "warn"), ("TABLEMATES_LOG_FORMAT", "json")],
    )
    .await
    {
        // SQLite opens a file it cannot write read-only, and with nothing to migrate the
        // service starts: every write must then be refused 503 with the cause in the log.
        Ok(server) => {
            let target = Arc::new(Target {
                base_urls: vec![server.base_url.clone()],
                organizer_token: String::new(),
                attendee_tokens: Vec::new(),
                prefix: "disk-ro".into(),
            });
            let refused =
                traffic::register_only(target, 4, Duration::from_secs(10), Control::default())
                    .await;
            let log = server.log_tail();
            drop(server);
            report.check(
                S,
                "read-only disk: the server starts; writes answered 503 problem+json, none accepted",
                refused.unavailable() > 0
                    && refused.accepted.is_empty()
                    && refused.bad_503.is_none()
                    && refused.other_5xx() == 0,
                format!(
                    "{} × 503, {} accepted, {} other 5xx",
                    refused.unavailable(),
                    refused.accepted.len(),
                    refused.other_5xx()
                ),
            );
            report.check(
                S,
                "read-only disk: the log names the cause; no panic",
                log.contains("readonly") && !log.contains("panicked"),
                log.lines()
                    .find(|l| l.contains("readonly"))
                    .map(|l| l.chars().take(220).collect::<String>())
                    .unwrap_or_else(|| "no line names it".into()),
            );
        }
        Err(e) => {
            let text = format!("{e:#}").to_lowercase();
            let line = text
                .lines()
                .find(|l| {
                    l.contains("readonly")
                        || l.contains("read-only")
                        || l.contains("unable to open")
                })
                .map(|l| l.chars().take(220).collect::<String>());
            report.check(
                S,
                "read-only disk: start-up refused with the cause named; no panic",
                line.is_some() && !text.contains("panicked"),
                line.unwrap_or_else(|| "no line names the cause".into()),
            );
        }
    }
    run_command(Command::new("mount").args(["-o", "remount,rw"]).arg(mount))?;
    intact(&url, &outcome.accepted, "read-only disk", report).await
}

/// A database file in `folder` with the benchmark's conference, open for registration.
async fn seed(folder: &Path) -> anyhow::Result<String> {
    let url = format!("sqlite://{}?mode=rwc", folder.join("load.db").display());
    let db = Db::connect(&url, 1).await?;
    db.migrate().await?;
    crate::scratch::seed_conference(&db, 1, 8, 10, chrono::Utc::now()).await?;
    db.write
        .execute_unprepared("UPDATE conferences SET registration_open = TRUE")
        .await?;
    db.write.close().await.ok();
    db.read.close().await.ok();
    Ok(url)
}

/// `PRAGMA integrity_check` says ok, and every registration accepted is there once.
async fn intact(
    url: &str,
    accepted: &HashSet<String>,
    what: &str,
    report: &mut Report,
) -> anyhow::Result<()> {
    let db = Db::connect(url, 1).await?;
    let check = db
        .read
        .query_one_raw(Statement::from_string(
            db.backend(),
            "PRAGMA integrity_check".to_owned(),
        ))
        .await?
        .context("no integrity row")?
        .try_get_by_index::<String>(0)?;
    let emails: Vec<String> = db
        .read
        .query_all_raw(Statement::from_string(
            db.backend(),
            "SELECT email FROM attendees WHERE email LIKE 'disk-%'".to_owned(),
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "email"))
        .collect::<Result<_, _>>()?;
    let rows = emails.len();
    let stored: HashSet<String> = emails.into_iter().collect();
    let missing = accepted.difference(&stored).count();
    db.write.close().await.ok();
    db.read.close().await.ok();
    report.check(
        S,
        format!("{what}: integrity_check ok, every accepted registration there once"),
        check == "ok" && missing == 0 && rows == stored.len(),
        format!(
            "integrity_check: {check}; {} accepted, {missing} of them missing, {rows} rows for {} addresses",
            accepted.len(),
            stored.len()
        ),
    );
    Ok(())
}

fn mount_tmpfs(at: &Path, size: &str) -> anyhow::Result<()> {
    run_command(
        Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at),
    )
    .context("mounting a small tmpfs (the sqlite-disk scenario needs root)")
}

fn unmount(at: &Path) {
    if let Err(e) = run_command(Command::new("umount").arg(at)) {
        eprintln!("load: {e:#}");
    }
}

fn run_command(command: &mut Command) -> anyhow::Result<()> {
    let output = command
        .output()
        .with_context(|| format!("running {command:?}"))?;
    if !output.status.success() {
        bail!("{command:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(())
}
