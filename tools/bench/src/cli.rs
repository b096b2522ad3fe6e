//! The `tablemates-bench` command line: one subcommand per benchmark, with the flags
//! `tablemates bench …` had before the runners left the service binary.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "tablemates-bench",
    version,
    about = "Measures the tablemates matching engine and service (release builds; figures go to BENCHMARKS.md)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Seed a conference of 5,000 attendees with a published plan of 600 tables, serve it from
    /// a child process and time each organizer console page over HTTP with a session cookie.
    Console(crate::console::ConsoleArgs),
    /// Seat a synthetic conference (Zipf interests, wants, affiliations) and report quality,
    /// time and peak memory.
    Conference(crate::conference::ConferenceArgs),
    /// Solve MDGPLIB instances and compare with the best-known values (a file, or a folder with
    /// --runs/--jobs for the whole batch).
    Mdgp(crate::mdgp::MdgpArgs),
    /// Plan several rounds with no repeated pair (social golfer instances and conference cases).
    Golfer(crate::golfer::GolferArgs),
    /// Queue N emails and time the outbox worker sending them to an SMTP server (e.g.
    /// Postfix's smtp-sink); see benches/mail.sh.
    Mail(crate::mail::MailArgs),
    /// Seed a scratch database with published plans, serve it from a child process and time the
    /// seats CSV export over HTTP; reports the server process's peak memory.
    Export(crate::export::ExportArgs),
    /// Seed a scratch database with a synthetic conference, serve it from a child process and
    /// time a plan run through the API: POST the run, poll the job until the plans are stored.
    Seating(crate::seating::SeatingArgs),
    /// Seat synthetic conferences (60, 500, 5,000 people; one meetup and a series of three) with
    /// the engine and two baselines, and report wants met, repeats, people alone, blocks and
    /// time, computed from the seatings; --write puts the table into BENCHMARKS.md.
    Quality(crate::quality::QualityArgs),
    /// The load and fault suite: mixed traffic on two instances on one PostgreSQL, an outbox
    /// flood into an SMTP sink, PostgreSQL restarted and an instance killed under load, SQLite
    /// on full and read-only disks; prints a Markdown table and exits non-zero when a check
    /// fails. Needs root (private PostgreSQL cluster as `postgres`, tmpfs mounts).
    Load(crate::load::LoadArgs),
}
