//! The engine's input and output types: plain data, indices instead of ids.
//!
//! Everything the engine knows about a person or a table is here; the store layer converts
//! attendees and meetups into this shape and back.

use std::time::Instant;

/// Index of a person in [`Problem::people`].
pub type PersonId = u32;
/// Index of a table in [`Problem::tables`].
pub type TableId = u32;

/// What the engine knows about one person. Lists are sorted and de-duplicated by whoever builds
/// the problem (`Problem::normalise` does it), so intersections are linear merges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    /// Interest ids (indices into a per-problem vocabulary), sorted, unique.
    pub interests: Vec<u32>,
    /// Optional weight per interest, parallel to `interests`; empty means every weight is 1.
    pub interest_weights: Vec<f32>,
    /// Affiliation id (company, university …); people of one affiliation are kept apart.
    pub affiliation: Option<u32>,
    /// People this person hopes to meet, sorted, unique, never themselves.
    pub wants: Vec<PersonId>,
    /// People this person must not sit with (hard constraint, symmetric once normalised).
    pub blocks: Vec<PersonId>,
}

/// One table: its size bounds and whether it is closed to changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableSpec {
    pub min: u32,
    pub max: u32,
    /// A locked table keeps exactly the people locked to it and takes nobody else.
    pub locked: bool,
}

impl TableSpec {
    /// An unlocked table seating `min` to `max` people.
    pub fn open(min: u32, max: u32) -> Self {
        Self {
            min,
            max,
            locked: false,
        }
    }
}

/// The weights of the objective's parts; see the module docs of the solver for the formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Multiplies the rarity weight of each shared interest.
    pub shared_interest: f64,
    /// Added once for a pair where both want to meet the other.
    pub mutual_want: f64,
    /// Added for a pair where only one wants to meet the other.
    pub one_sided_want: f64,
    /// Subtracted for a pair with the same affiliation.
    pub same_affiliation: f64,
    /// Subtracted per earlier meeting of the pair.
    pub met_before: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            shared_interest: 1.0,
            mutual_want: 6.0,
            one_sided_want: 2.0,
            same_affiliation: 1.5,
            met_before: 10.0,
        }
    }
}

/// A seating problem for one round.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problem {
    pub people: Vec<Person>,
    pub tables: Vec<TableSpec>,
    /// Unordered pairs that already sat together, with how often (`i < j`).
    pub met_before: Vec<(PersonId, PersonId, u32)>,
    /// Seats that must not change.
    pub locked_seats: Vec<(PersonId, TableId)>,
    pub weights: Weights,
}

/// When the search stops. Same input, seed and `max_iterations` (with no deadline) give the same
/// plan; a deadline makes the result depend on the machine's speed, which is the price of an
/// anytime answer in live use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub max_iterations: Option<u64>,
    pub deadline: Option<Instant>,
    /// Also stop once the search has converged: no improvement over a window that grows with
    /// the instance (each solver documents its window). Deterministic like `max_iterations`.
    /// Off, a search with a deadline uses all of it (the benchmark setting).
    pub converge: bool,
}

/// A seating: `table_of[person]` is the table of each person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub table_of: Vec<TableId>,
}
