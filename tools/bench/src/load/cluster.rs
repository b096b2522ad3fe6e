//! A PostgreSQL cluster of the suite's own, in a temporary folder on a free port, so the
//! suite may stop and start it without disturbing anyone else's server. It runs as the
//! `postgres` OS user when this process is root (PostgreSQL refuses to run as root).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    /// Holds the data folder; removed when dropped.
    dir: tempfile::TempDir,
    pub port: u16,
    as_postgres: bool,
}

impl Cluster {
    pub async fn start(bin: Option<&Path>) -> anyhow::Result<Self> {
        let bin = match bin {
            Some(bin) => bin.to_owned(),
            None => newest_bin()?,
        };
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("tablemates-load-pg")
            .tempdir()
            .context("a folder for the cluster")?;
        let data = dir.path().join("data");
        let port = free_port()?;
        let cluster = Self {
            bin,
            data,
            dir,
            port,
            as_postgres,
        };
        if as_postgres {
            run(Command::new("chown").args([
                "-R",
                "postgres:postgres",
                &cluster.dir.path().display().to_string(),
            ]))?;
        }
        cluster.pg(
            "initdb",
            &[
                "-D",
                &cluster.data.display().to_string(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        )?;
        cluster.start_server()?;
        Ok(cluster)
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    pub fn start_server(&self) -> anyhow::Result<()> {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c max_connections=300",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("postgres.log").display().to_string();
        self.pg(
            "pg_ctl",
            &[
                "-D",
                &self.data.display().to_string(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        )
    }

    /// Stops the server at once (`-m fast`: sessions are ended, nothing is lost).
    pub fn stop_server(&self) -> anyhow::Result<()> {
        self.pg(
            "pg_ctl",
            &[
                "-D",
                &self.data.display().to_string(),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
        )
    }

    pub fn stop(self) {
        if let Err(e) = self.stop_server() {
            eprintln!("load: stopping the private PostgreSQL cluster: {e:#}");
        }
    }

    fn pg(&self, program: &str, args: &[&str]) -> anyhow::Result<()> {
        let program = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        command.args(args).current_dir(self.dir.path());
        run(&mut command)
    }
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn newest_bin() -> anyhow::Result<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .context("no /usr/lib/postgresql: pass --pg-bin")?
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, bin)| bin)
        .context("no PostgreSQL under /usr/lib/postgresql: pass --pg-bin")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}
