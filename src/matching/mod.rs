//! The seating engine: pure, deterministic, no I/O, no clock reads beyond an optional deadline the
//! caller passes in, no unseeded randomness.

pub mod affinity;
pub mod explain;
pub mod feasibility;
pub mod model;
pub mod repair;
