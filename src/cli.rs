//! The command line: `serve` (default), `migrate` and `organizer create`. The benchmarks are
//! their own binary, `tablemates-bench` (tools/bench), so the service never links their HTTP
//! client.

use clap::{Parser, Subcommand};

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
