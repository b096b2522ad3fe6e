//! The service's goals in order, turned into weights of the one objective every solver maximises.
//!
//! After the hard rules (sizes, blocks, locks), a seating should, in this order:
//! 1. seat no pair that met before (in an earlier meetup of the series or before it);
//! 2. seat every mutual "want to meet" pair together;
//! 3. seat one-sided wants together as far as capacity allows;
//! 4. then share interests (rarity-weighted), keep colleagues apart.
//!
//! The solvers know only `d(i, j)`, so the order is made lexicographic by scaling: each tier's
//! weight exceeds the most that every tier below it can change in one move or swap. A move of
//! one person touches at most `2k` pairs (`k` = largest table − 1: the table left and the table
//! joined) and a swap at most `4k`, so with `U` = the largest interest-and-affiliation term of
//! any pair,
//!
//! ```text
//! one_sided  = 4k·U + 1
//! mutual     = 4k·(U + one_sided) + 1
//! met_before = 4k·(U + one_sided + mutual) + 1
//! ```
//!
//! and a step that gains in a higher tier is never undone by what it costs below. `U` is bounded
//! without looking at pairs: by Cauchy–Schwarz a pair's interest sum `Σ r_t·w_it·w_jt` is at most
//! the larger of the two people's `Σ r_t·w_it²` ([`ConferenceAffinity::interest_bound`]).
//!
//! With at most 10,000 people at tables of 30 the largest weight stays below 10¹², far inside the
//! 2⁵³ an `f64` holds exactly enough for the solvers' 10⁻⁷ improvement threshold to be a rounding
//! guard and not a tier boundary.

use super::conference::ConferenceAffinity;
use super::model::{Problem, Weights};

/// `problem.weights` with the want and history weights raised to their tiers (see the module
/// docs); the interest and affiliation weights are kept as given.
pub fn tiered(problem: &Problem, affinity: &ConferenceAffinity) -> Weights {
    let base = problem.weights;
    let largest_table = problem.tables.iter().map(|t| t.max).max().unwrap_or(1);
    let others = (largest_table.max(2) as usize - 1).min(problem.people.len().max(2) - 1);
    let touched = 4.0 * others as f64;
    let pair = base.shared_interest.abs() * affinity.interest_bound() + base.same_affiliation.abs();
    let one_sided = touched * pair + 1.0;
    let mutual = touched * (pair + one_sided) + 1.0;
    let met_before = touched * (pair + one_sided + mutual) + 1.0;
    Weights {
        one_sided_want: base.one_sided_want.max(one_sided),
        mutual_want: base.mutual_want.max(mutual),
        met_before: base.met_before.max(met_before),
        ..base
    }
}

/// `problem` with [`tiered`] weights and its affinity rebuilt for them.
pub fn prioritised(
    problem: &Problem,
) -> Result<(Problem, ConferenceAffinity), super::conference::ConferenceError> {
    let affinity = ConferenceAffinity::new(problem)?;
    let weights = tiered(problem, &affinity);
    let problem = Problem {
        weights,
        ..problem.clone()
    };
    Ok((problem, affinity.with_weights(weights)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::affinity::Affinity;
    use crate::matching::model::{Person, TableSpec};

    fn person(interests: &[u32], wants: &[u32]) -> Person {
        Person {
            interests: interests.to_vec(),
            wants: wants.to_vec(),
            ..Person::default()
        }
    }

    #[test]
    fn each_tier_outweighs_everything_a_swap_can_change_below_it() {
        let problem = Problem {
            people: vec![
                person(&[1, 2, 3, 4], &[1]),
                person(&[1, 2, 3, 4], &[0]),
                person(&[1, 2, 3, 4], &[0]),
                person(&[9], &[]),
            ],
            tables: vec![TableSpec::open(2, 2); 2],
            ..Problem::default()
        };
        let (tiered_problem, affinity) = prioritised(&problem).expect("valid");
        let w = tiered_problem.weights;
        let strongest_interest_pair = affinity.parts(0, 2).interests;
        let k = 1.0;
        assert!(w.one_sided_want > 4.0 * k * strongest_interest_pair);
        assert!(w.mutual_want > 4.0 * k * (strongest_interest_pair + w.one_sided_want));
        assert!(w.met_before > 4.0 * k * (w.mutual_want + w.one_sided_want));
        assert_eq!(affinity.weights(), &w);
        assert!(affinity.pair(0, 1) > affinity.pair(0, 2) + affinity.pair(1, 3));
    }

    #[test]
    fn weights_above_their_tier_are_kept() {
        let mut problem = Problem {
            people: vec![person(&[1], &[]), person(&[1], &[])],
            tables: vec![TableSpec::open(2, 2)],
            ..Problem::default()
        };
        problem.weights.met_before = 1e9;
        let (tiered_problem, _) = prioritised(&problem).expect("valid");
        assert_eq!(tiered_problem.weights.met_before, 1e9);
        assert_eq!(
            tiered_problem.weights.shared_interest,
            problem.weights.shared_interest
        );
    }
}
