//! The `tablemates-bench` binary: parse the command line, then run one benchmark.

use clap::Parser;
use tablemates_bench::cli::{Cli, Command};

fn main() -> anyhow::Result<()> {
    tablemates::process::start(run())
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tablemates::telemetry::init(tablemates::config::LogFormat::Text);
    match cli.command {
        Command::Conference(args) => tablemates_bench::conference::run(args)?,
        Command::Console(args) => tablemates_bench::console::run(args).await?,
        Command::Golfer(args) => tablemates_bench::golfer::run(&args)?,
        Command::Mdgp(args) => tablemates_bench::mdgp::run(&args)?,
        Command::Quality(args) => tablemates_bench::quality::run(&args)?,
        Command::Mail(args) => tablemates_bench::mail::run(args).await?,
        Command::Export(args) => tablemates_bench::export::run(args).await?,
        Command::Seating(args) => tablemates_bench::seating::run(args).await?,
        Command::Load(args) => tablemates_bench::load::run(args).await?,
    }
    Ok(())
}
