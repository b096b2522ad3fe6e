//! Benchmark runners behind the `tablemates-bench` binary: they read instance files, time the
//! engine or the service and print figures for BENCHMARKS.md. The I/O lives here so `matching`
//! stays pure, and in a crate of its own so the service never links the HTTP client they drive
//! it with.

pub mod cli;
pub mod conference;
pub mod console;
pub mod export;
pub mod golfer;
pub mod load;
pub mod mail;
pub mod mdgp;
pub mod published;
pub mod quality;
pub mod scratch;
pub mod seating;
pub mod server;
