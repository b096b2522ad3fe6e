//! The search budget as the phases see it: an iteration count and an optional deadline.

use std::time::{Duration, Instant};

use crate::matching::model::Budget;

/// Iterations used when a [`Budget`] sets neither a count nor a deadline.
pub const DEFAULT_MAX_ITERATIONS: u64 = 2_000_000;

/// Counts iterations and compares `Instant::now()` with the deadline every 64 of them, so a
/// budget without a deadline never reads the clock and stays deterministic.
#[derive(Debug, Clone, Copy)]
pub(super) struct Clock {
    pub used: u64,
    limit: u64,
    deadline: Option<Instant>,
    stopped: bool,
    /// The budget asks to stop on convergence (each phase decides what that means).
    pub converge: bool,
}

impl Clock {
    pub(super) fn new(budget: Budget) -> Self {
        let limit = match (budget.max_iterations, budget.deadline) {
            (Some(m), _) => m,
            (None, Some(_)) => u64::MAX,
            (None, None) => DEFAULT_MAX_ITERATIONS,
        };
        Self {
            used: 0,
            limit,
            deadline: budget.deadline,
            stopped: false,
            converge: budget.converge,
        }
    }

    /// A clock for a first phase that may use `share` (0..=1) of what is left of this one; the
    /// iterations it uses are to be added back with [`Clock::absorb`].
    pub(super) fn share(&self, share: f64) -> Self {
        let left = self.limit.saturating_sub(self.used);
        let limit = if left == u64::MAX {
            u64::MAX
        } else {
            (left as f64 * share) as u64
        };
        let deadline = self.deadline.map(|d| {
            let now = Instant::now();
            let rest = d.saturating_duration_since(now);
            now + Duration::from_secs_f64(rest.as_secs_f64() * share)
        });
        Self {
            used: 0,
            limit,
            deadline,
            stopped: false,
            converge: self.converge,
        }
    }

    pub(super) fn absorb(&mut self, phase: &Clock) {
        self.used = self.used.saturating_add(phase.used);
    }

    /// True when the deadline (if any) has passed; reads the time only when there is one.
    pub(super) fn past_deadline(&self) -> bool {
        self.stopped || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Counts one iteration; true when the budget is spent.
    #[inline]
    pub(super) fn tick(&mut self) -> bool {
        if self.stopped {
            return true;
        }
        self.used += 1;
        if self.used > self.limit {
            self.stopped = true;
        } else if self.used.is_multiple_of(64)
            && let Some(d) = self.deadline
            && Instant::now() >= d
        {
            self.stopped = true;
        }
        self.stopped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iteration_limit_stops_after_that_many_ticks() {
        let mut c = Clock::new(Budget {
            converge: false,
            max_iterations: Some(3),
            deadline: None,
        });
        assert!(!c.tick() && !c.tick() && !c.tick());
        assert!(c.tick());
    }

    #[test]
    fn a_share_gets_its_part_of_what_is_left() {
        let mut c = Clock::new(Budget {
            converge: false,
            max_iterations: Some(100),
            deadline: None,
        });
        for _ in 0..20 {
            c.tick();
        }
        let mut phase = c.share(0.5);
        let mut n = 0;
        while !phase.tick() {
            n += 1;
        }
        assert_eq!(n, 40);
        c.absorb(&phase);
        assert_eq!(c.used, 61);
    }
}
