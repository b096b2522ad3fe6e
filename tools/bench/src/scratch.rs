//! A throw-away database for a benchmark: a SQLite file in a temporary folder, or a database
//! created on a PostgreSQL or MariaDB server (as the API tests do) and dropped afterwards.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, Database};

use tablemates::domain::records::{Conference, ConferenceFields};
use tablemates::store::{self, Db};

/// The slug of the conference every benchmark seeds.
pub const SLUG: &str = "bench";

/// Seeds the benchmark's organizer and its conference (`days` long from 2026-06-01, tables of
/// `table_min..=table_max`); returns the conference and the organizer's API token.
pub async fn seed_conference(
    db: &Db,
    days: u64,
    table_min: i32,
    table_max: i32,
    now: DateTime<Utc>,
) -> anyhow::Result<(Conference, String)> {
    // Creating an organizer mints no link and sends no email: the settings are never read.
    let ctx = context(db)?;
    let (organizer, token) = tablemates::workflows::organizers::create_with_token(
        &ctx,
        "bench@example.org",
        "Bench",
        now,
        &mut rand::rng(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("creating the organizer: {e}"))?;
    let day = NaiveDate::from_ymd_opt(2026, 6, 1).context("a date")?;
    let conference = store::conferences::insert(
        &db.write,
        organizer.id,
        &SLUG.parse().context("a slug")?,
        &ConferenceFields {
            name: "Bench Conference".into(),
            description: String::new(),
            venue: String::new(),
            time_zone: "Europe/Lisbon".parse().context("a time zone")?,
            starts_on: day,
            ends_on: day + chrono::Days::new(days),
            suggested_interests: Vec::new(),
            table_min,
            table_max,
            default_language: tablemates::domain::Language::En,
        },
        false,
        now,
    )
    .await?
    .context("the conference")?;
    Ok((conference, token))
}

/// The use cases' context on `db`, for seeding through workflows (organizers, personal links
/// that work for a day).
pub fn context(db: &Db) -> anyhow::Result<tablemates::workflows::Context> {
    Ok(tablemates::workflows::Context {
        db: db.clone(),
        links: tablemates::workflows::LinkSettings {
            base_url: "http://127.0.0.1/".parse().context("a URL")?,
            access_token_days: 1,
        },
        reminders: tablemates::workflows::reminders::Reminders { minutes_before: 0 },
        organizer_token_days: 1,
        secret_key: None,
        metrics: Default::default(),
        outbound_allow_private: false,
        verification: Default::default(),
    })
}

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

    /// Migrates the database and runs `seed` on it, then closes the connections: the server
    /// under test opens its own, and SQLite's file is then the server's alone. Returns what
    /// `seed` returned, the backend, and the time it all took.
    pub async fn seeded<T>(
        &self,
        seed: impl AsyncFnOnce(&Db) -> anyhow::Result<T>,
    ) -> anyhow::Result<(T, sea_orm::DatabaseBackend, std::time::Duration)> {
        let db = Db::connect(&self.url, 4).await?;
        db.migrate().await?;
        let clock = std::time::Instant::now();
        let seeded = seed(&db).await?;
        let took = clock.elapsed();
        let backend = db.backend();
        db.write.close().await.ok();
        db.read.close().await.ok();
        Ok((seeded, backend, took))
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
