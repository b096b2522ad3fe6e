//! The service under measurement, in a child process: a benchmark seeds a database, then runs
//! the service binary as `tablemates serve` on it and talks to it over HTTP, as a client
//! would. The child's memory and CPU figures are the server's own: neither the seeding nor the
//! client is in them.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use anyhow::{Context, bail};

/// Lines of the child's log kept for an error message.
const LOG_TAIL: usize = 40;
/// Longest wait for the child to listen (it applies migrations first, a no-op here).
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A running `tablemates serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base_url: String,
    log: Arc<Mutex<VecDeque<String>>>,
    /// Where the child's file mail transport writes (plan runs send no email; this keeps any
    /// out of the working directory).
    _mail: tempfile::TempDir,
}

/// The child's resident memory, from `/proc/PID/status` (Linux), in KiB.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// `VmRSS`: now.
    pub rss_kib: u64,
    /// `VmHWM`: the peak since the child started.
    pub peak_kib: u64,
}

/// `TABLEMATES_BIN` if set, else `tablemates` beside this executable: cargo builds both binaries
/// into one folder per profile, so a release runner measures a release server.
pub fn service_executable() -> anyhow::Result<PathBuf> {
    let exe = match std::env::var_os("TABLEMATES_BIN") {
        Some(path) => PathBuf::from(path),
        None => std::env::current_exe()
            .context("finding this executable")?
            .with_file_name(format!("tablemates{}", std::env::consts::EXE_SUFFIX)),
    };
    anyhow::ensure!(
        exe.is_file(),
        "no service binary at {}: build it with the same profile (e.g. `cargo build --release \
         --bin tablemates`) or set TABLEMATES_BIN",
        exe.display()
    );
    Ok(exe)
}

impl Server {
    /// Starts the server on `database_url` (already migrated and seeded) on a free port, with the
    /// rest of its configuration from this process's environment, and waits until it listens.
    pub async fn start(database_url: &str) -> anyhow::Result<Self> {
        Self::start_with(database_url, &[]).await
    }

    /// [`Server::start`] with `extra` variables set last, over the defaults (e.g. a
    /// `TABLEMATES_SMTP_URL` of a real SMTP server instead of the file transport).
    pub async fn start_with(database_url: &str, extra: &[(&str, &str)]) -> anyhow::Result<Self> {
        let exe = service_executable()?;
        let mail = tempfile::tempdir().context("a temporary folder for emails")?;
        let mut command = Command::new(exe);
        // A benchmark registers thousands from one address: the abuse limits are off unless
        // this process's environment sets them.
        // The seeded conference ended months before today: retention would erase its
        // attendees (and the benchmark's own registrations) mid-run unless it is off too.
        for variable in [
            "TABLEMATES_RATE_LIMIT_ADDRESS",
            "TABLEMATES_RATE_LIMIT_MAILBOX",
            "TABLEMATES_ERASE_AFTER_DAYS",
            "TABLEMATES_UNCONFIRMED_DAYS",
        ] {
            if std::env::var_os(variable).is_none() {
                command.env(variable, "0");
            }
        }
        let mut child = command
            .arg("serve")
            .env("TABLEMATES_DATABASE_URL", database_url)
            .env("TABLEMATES_LISTEN", "127.0.0.1:0")
            .env_remove("TABLEMATES_BASE_URL")
            .env(
                "TABLEMATES_SMTP_URL",
                format!("file://{}", mail.path().display()),
            )
            .envs(extra.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting `tablemates serve`")?;
        let log = Arc::new(Mutex::new(VecDeque::new()));
        let (url_tx, url_rx) = mpsc::channel();
        // Both pipes are drained to the end, or a chatty child would block on a full pipe.
        if let Some(stdout) = child.stdout.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if let Some(url) = line.strip_prefix("tablemates is listening on ") {
                        let _ = url_tx.send(url.trim_end_matches('/').to_owned());
                    }
                }
            });
        }
        let mut reading_stderr = None;
        if let Some(stderr) = child.stderr.take() {
            let log = Arc::clone(&log);
            reading_stderr = Some(std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Ok(mut tail) = log.lock() {
                        if tail.len() == LOG_TAIL {
                            tail.pop_front();
                        }
                        tail.push_back(line);
                    }
                }
            }));
        }
        let waited =
            tokio::task::spawn_blocking(move || url_rx.recv_timeout(START_TIMEOUT)).await?;
        let mut server = Self {
            child,
            base_url: String::new(),
            log,
            _mail: mail,
        };
        match waited {
            Ok(url) => {
                server.base_url = url;
                Ok(server)
            }
            Err(_) => {
                let _ = server.child.kill();
                let _ = server.child.wait();
                // The child is gone, so its stderr ends: read it to the end for the message.
                if let Some(reading) = reading_stderr {
                    let _ = reading.join();
                }
                bail!(
                    "the server did not start listening; its last log lines:\n{}",
                    server.log_tail()
                )
            }
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the child with SIGKILL, as a crash would: no shutdown, nothing given back.
    pub fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill().context("killing the server")?;
        self.child.wait().context("reaping the killed server")?;
        Ok(())
    }

    /// Whether the child has exited, and with what status.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// The child's memory now and at its peak, if `/proc` tells.
    pub fn memory(&self) -> Option<Memory> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        };
        Some(Memory {
            rss_kib: field("VmRSS:")?,
            peak_kib: field("VmHWM:")?,
        })
    }

    /// CPU time the child has used so far, all threads, user and system (`/proc/PID/stat`,
    /// counted in ticks of 1/100 s, Linux's USER_HZ).
    pub fn cpu_seconds(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).ok()?;
        // The command name (field 2) may hold spaces; the fields after it start at `state`.
        let rest = &stat[stat.rfind(')')? + 1..];
        let mut fields = rest.split_whitespace().skip(11);
        let user: u64 = fields.next()?.parse().ok()?;
        let system: u64 = fields.next()?.parse().ok()?;
        Some((user + system) as f64 / 100.0)
    }

    /// The server's last log lines (its stderr), for error messages.
    pub fn log_tail(&self) -> String {
        self.log
            .lock()
            .map(|tail| tail.iter().cloned().collect::<Vec<_>>().join("\n"))
            .unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Fails with the server's log tail when a response is not `expected`; returns its body.
pub async fn expect_status(
    server: &Server,
    response: reqwest::Response,
    expected: reqwest::StatusCode,
    what: &str,
) -> anyhow::Result<String> {
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if status != expected {
        bail!(
            "{what}: expected {expected}, got {status}: {body}\nserver log:\n{}",
            server.log_tail()
        );
    }
    Ok(body)
}
