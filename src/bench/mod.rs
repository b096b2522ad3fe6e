//! Benchmark runners behind `tablemates bench …`: they read instance files, time the engine or
//! the service and print figures for BENCHMARKS.md. The I/O lives here so `matching` stays pure.

pub mod conference;
pub mod export;
pub mod golfer;
pub mod mail;
pub mod mdgp;
pub mod quality;
pub mod scratch;
pub mod seating;
pub mod server;
