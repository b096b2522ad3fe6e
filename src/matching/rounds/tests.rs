//! Property and scenario tests of multi-round planning.
