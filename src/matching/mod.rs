//! The seating engine: pure, deterministic, no I/O, no clock reads beyond an optional deadline the
//! caller passes in, no unseeded randomness.
//!
//! - `model`: the input and output types; `affinity`: pair weights (dense or from interests).
//! - `priorities`: the order of the goals (no repeats, mutual wants, one-sided wants, interests)
//!   as tier weights of that objective.
//! - `conference`: the conference objective (rarity-weighted shared interests, wants,
//!   affiliations, history) as an `Affinity`; `generator`: synthetic conferences for tests and
//!   benchmarks.
//! - `solver`: the single-round solver (iterated maxima search over a D[i][g] table) for up to
//!   a few thousand people; `mdgp`: the MDGPLIB reader and checker it is measured with.
//!   `generator` and `mdgp` are compiled for unit tests and under the `bench-support` feature
//!   (tools/bench) only: the service never calls them.
//! - `scale`: the solver for very large conferences (no n×n matrix).
//! - `rounds`: several rounds at once or one more round, with no repeated pair when feasible.
//! - `plan`: the entry point the service calls (one meetup or a series; picks the solver);
//!   `progress`: what a running call reports (phase, iterations, best score, convergence).
//! - `rules`: repeats the tables force, and the notes a plan carries when a rule cannot hold.
//! - `feasibility`, `explain`, `repair`: the report before solving, the explanation after it,
//!   and the fewest-moves update of a published plan.

pub mod affinity;
pub mod conference;
pub mod explain;
pub mod feasibility;
#[cfg(any(test, feature = "bench-support"))]
pub mod generator;
#[cfg(any(test, feature = "bench-support"))]
pub mod mdgp;
pub mod model;
pub mod plan;
pub mod preview;
pub mod priorities;
pub mod progress;
pub mod repair;
pub mod rounds;
pub mod rules;
pub mod scale;
pub mod solver;

#[cfg(test)]
mod hard_rules_tests;
