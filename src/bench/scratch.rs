//! A throw-away database for a benchmark: a SQLite file in a temporary folder, or a database
//! created on a PostgreSQL or MariaDB server (as the API tests do) and dropped afterwards.

use anyhow::Context;
use sea_orm::{ConnectionTrait, Database};

/// The database a benchmark seeds and serves; call [`Scratch::remove`] when done.
pub struct Scratch {
    /// Connection URL of the scratch database itself.
    pub url: String,
    place: Place,
}

enum Place {
    /// Removed with the folder when dropped.
    File(
        #[expect(dead_code, reason = "held so the folder lives as long as the database")]
        tempfile::TempDir,
    ),
    Server {
        server_url: String,
        name: String,
    },
}

impl Scratch {
    /// A new SQLite file, or with `server_url` (`postgres://…`, `mysql://…`) a new database on
    /// that server, named `tm_bench_<uuid>`.
    pub async fn create(server_url: Option<&str>) -> anyhow::Result<Self> {
        let Some(server_url) = server_url else {
            let dir = tempfile::tempdir().context("a temporary folder")?;
            let url = format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("bench.db").display()
            );
            return Ok(Self {
                url,
                place: Place::File(dir),
            });
        };
        anyhow::ensure!(
            !server_url.starts_with("sqlite:"),
            "--database-url names a database server (postgres://… or mysql://…); SQLite is the default"
        );
        let server_url = server_url.replace("mariadb://", "mysql://");
        let name = format!("tm_bench_{}", uuid::Uuid::new_v4().simple());
        let url = with_database(&server_url, &name)?;
        let admin = Database::connect(server_url.clone())
            .await
            .with_context(|| format!("connecting to {server_url}"))?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .context("creating the scratch database")?;
        admin.close().await.ok();
        Ok(Self {
            url,
            place: Place::Server { server_url, name },
        })
    }

    /// Drops a server database (closing other sessions on PostgreSQL); a SQLite folder goes
    /// with `self`.
    pub async fn remove(self) {
        if let Place::Server { server_url, name } = &self.place
            && let Ok(admin) = Database::connect(server_url.clone()).await
        {
            let force = if server_url.starts_with("postgres") {
                " WITH (FORCE)"
            } else {
                ""
            };
            if let Err(e) = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}{force}"))
                .await
            {
                eprintln!("could not drop the scratch database {name}: {e}");
            }
            admin.close().await.ok();
        }
    }
}

/// `server_url` with its database path replaced by `name`, query kept.
fn with_database(server_url: &str, name: &str) -> anyhow::Result<String> {
    let mut url =
        url::Url::parse(server_url).with_context(|| format!("{server_url:?} is not a URL"))?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_and_keeps_the_query() {
        let url = |s: &str| with_database(s, "x").ok();
        assert_eq!(
            url("postgres://postgres@127.0.0.1:5432/postgres").as_deref(),
            Some("postgres://postgres@127.0.0.1:5432/x")
        );
        assert_eq!(
            url("mysql://root@127.0.0.1:3306/test?ssl-mode=disabled").as_deref(),
            Some("mysql://root@127.0.0.1:3306/x?ssl-mode=disabled")
        );
        assert_eq!(
            url("postgres://localhost").as_deref(),
            Some("postgres://localhost/x")
        );
    }
}
