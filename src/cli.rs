//! The command line: `serve` (default), `migrate` and `organizer create`. The benchmarks are
//! their own binary, `tablemates-bench` (tools/bench), so the service never links their HTTP
//! client.
//!
//! Every configuration variable is also a clap argument with `env`, so `--help` lists them
//! with their defaults and meaning, and each can be given as a flag too (`--listen` for
//! `TABLEMATES_LISTEN`). clap reads the environment; the values then reach
//! [`Config::from_lookup`](crate::config::Config::from_lookup) through [`Parsed::lookup`],
//! which checks and types them, as tests do with a map.

use clap::{Arg, ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config::VARIABLES;

#[derive(Debug, Parser)]
#[command(
    name = "tablemates",
    version,
    about = "Seats a conference's attendees at tables."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service (the default); applies migrations first.
    Serve {
        /// Fill an empty database with a sample conference of fictional people and a lunch
        /// series of three meetups, and print an organizer token to explore it with.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage organizer accounts.
    #[command(subcommand)]
    Organizer(OrganizerCommand),
}

#[derive(Debug, Subcommand)]
pub enum OrganizerCommand {
    /// Create an organizer (or reuse the one with this email) and print a new API token once.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
}

/// The command line with one argument per configuration variable.
pub fn command() -> clap::Command {
    let mut command = Cli::command().next_line_help(true);
    for (name, default, meaning) in VARIABLES {
        let long = name
            .trim_start_matches("TABLEMATES_")
            .to_ascii_lowercase()
            .replace('_', "-");
        command = command.arg(
            Arg::new(*name)
                .long(long)
                .env(*name)
                .value_name("VALUE")
                // Secrets such as TABLEMATES_SECRET_KEY must not show in help output.
                .hide_env_values(true)
                .global(true)
                .help_heading("Configuration (flag or environment variable)")
                .help(format!("{meaning} [default: {default}]")),
        );
    }
    command
}

/// The parsed command line: the command and the configuration values clap found in flags
/// and the environment.
#[derive(Debug)]
pub struct Parsed {
    pub cli: Cli,
    values: std::collections::HashMap<String, String>,
}

impl Parsed {
    /// Parses `args` (the program name first); `--help`, `--version` and mistakes come back
    /// as clap's error, which prints itself and exits with `Error::exit`.
    pub fn from_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = command().try_get_matches_from(args)?;
        let cli = Cli::from_arg_matches(&matches)?;
        let mut values = std::collections::HashMap::new();
        collect(&matches, &mut values);
        Ok(Self { cli, values })
    }

    /// The value of variable `name` from its flag or the environment, for `Config::from_lookup`.
    pub fn lookup(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned()
    }
}

/// The configuration values of `matches` and of its subcommand's (a flag after the subcommand
/// lands there).
fn collect(matches: &ArgMatches, into: &mut std::collections::HashMap<String, String>) {
    for (name, _, _) in VARIABLES {
        if let Ok(Some(value)) = matches.try_get_one::<String>(name) {
            into.insert((*name).to_owned(), value.clone());
        }
    }
    if let Some((_, sub)) = matches.subcommand() {
        collect(sub, into);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_or_a_variable_reaches_the_lookup_and_help_hides_values() {
        let parsed =
            Parsed::from_args(["tablemates", "serve", "--listen", "127.0.0.1:9"]).expect("parses");
        assert_eq!(
            parsed.lookup("TABLEMATES_LISTEN").as_deref(),
            Some("127.0.0.1:9")
        );
        assert_eq!(parsed.lookup("TABLEMATES_SMTP_URL"), None);
        assert!(matches!(
            parsed.cli.command,
            Some(Command::Serve { demo: false })
        ));
        let help = command().render_long_help().to_string();
        for (name, _, _) in VARIABLES {
            assert!(help.contains(&format!("[env: {name}")), "{name} in {help}");
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }
}
