//! The `tablemates` binary: parse the command line and configuration, then hand over to the
//! library.

use anyhow::Context;
use tablemates::cli::{Command, OrganizerCommand, Parsed};
use tablemates::config::Config;
use tablemates::domain::{EmailAddress, PersonName};
use tablemates::startup::Application;
use tablemates::store::Db;
use tablemates::{telemetry, workflows};

fn main() -> anyhow::Result<()> {
    tablemates::process::start(run())
}

async fn run() -> anyhow::Result<()> {
    let mut parsed = Parsed::from_args(std::env::args_os()).unwrap_or_else(|e| e.exit());
    let command = parsed.cli.command.take();
    // A bad value is reported by `Config::from_lookup`, in the text log it falls back to.
    telemetry::init(
        tablemates::config::LogFormat::from_lookup(|k| parsed.lookup(k))
            .unwrap_or(tablemates::config::LogFormat::Text),
    );
    let config = || Config::from_lookup(|k| parsed.lookup(k)).context("invalid configuration");
    match command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => {
            let config = config()?;
            let app = Application::build(config.clone()).await?;
            let mut url = config.base_url.clone();
            if config.listen.port() == 0 {
                let _ = url.set_port(Some(app.port()));
            }
            if demo {
                match tablemates::demo::seed(app.ctx()).await? {
                    Some(d) => {
                        println!(
                            "demo: {} fictional attendees and a lunch series at {}c/{}",
                            d.attendees, url, d.slug
                        );
                        println!("demo: {} is seated and published", d.published);
                        println!(
                            "demo organizer API token (shown once): {}",
                            d.organizer_token
                        );
                        println!(
                            "demo organizer sign-in (once, 15 minutes): {}",
                            d.sign_in_url
                        );
                        println!(
                            "demo attendee's personal page (until their next email replaces it): {}",
                            d.attendee_manage_url
                        );
                    }
                    None => {
                        println!("demo: the database already holds a conference; left as it is")
                    }
                }
            }
            println!("tablemates is listening on {url}");
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let config = config()?;
            let db = Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            println!("migrations applied");
        }
        Command::Organizer(OrganizerCommand::Create { email, name }) => {
            let email = EmailAddress::parse(&email)
                .map_err(|e| anyhow::anyhow!("--email: {}", e.message()))?;
            let name =
                PersonName::parse(&name).map_err(|e| anyhow::anyhow!("--name: {}", e.message()))?;
            let config = config()?;
            let db = Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            let ctx = tablemates::startup::context(db, &config, config.base_url.clone());
            let now = chrono::Utc::now();
            let (organizer, token) = workflows::organizers::create_with_token(
                &ctx,
                email.normalized(),
                name.as_str(),
                now,
                &mut rand::rng(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            let expires = now + chrono::Duration::days(ctx.organizer_token_days);
            println!("organizer {} <{}>", organizer.name, organizer.email);
            println!(
                "scope full; expires {} (TABLEMATES_ORGANIZER_TOKEN_DAYS); list and revoke tokens at /api/v1/organizer/tokens",
                expires.format("%Y-%m-%d %H:%M UTC")
            );
            println!("API token (shown once, keep it secret): {token}");
        }
    }
    Ok(())
}
