//! The command line: `serve` (default), `migrate`, `organizer create`, and the benchmarks.

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
    /// Measure the matching engine and the service (release builds; figures go to BENCHMARKS.md).
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Seat a synthetic conference (Zipf interests, wants, affiliations) and report quality,
    /// time and peak memory.
    Conference(crate::bench::conference::ConferenceArgs),
    /// Solve MDGPLIB instances and compare with the best-known values (a file, or a folder with
    /// --runs/--jobs for the whole batch).
    Mdgp(crate::bench::mdgp::MdgpArgs),
    /// Plan several rounds with no repeated pair (social golfer instances and conference cases).
    Golfer(crate::bench::golfer::GolferArgs),
    /// Queue N emails and time the outbox worker sending them to an SMTP server (e.g.
    /// Postfix's smtp-sink); see benches/mail.sh.
    Mail(crate::bench::mail::MailArgs),
    /// Seed a scratch database with published plans, serve it from a child process and time the
    /// seats CSV export over HTTP; reports the server process's peak memory.
    Export(crate::bench::export::ExportArgs),
    /// Seed a scratch database with a synthetic conference, serve it from a child process and
    /// time a plan run through the API: POST the run, poll the job until the plans are stored.
    Seating(crate::bench::seating::SeatingArgs),
    /// Seat synthetic conferences (60, 500, 5,000 people; one meetup and a series of three) with
    /// the engine and two baselines, and report wants met, repeats, people alone, blocks and
    /// time, computed from the seatings; --write puts the table into BENCHMARKS.md.
    Quality(crate::bench::quality::QualityArgs),
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
