//! Live progress of one planning call, written by the engine and read by whoever waits for it
//! (the job runner shows it on the job). Plain atomics: the engine stays free of I/O and clocks,
//! and a reader on another thread never blocks the search.

use std::sync::atomic::{AtomicU8, AtomicU32, AtomicU64, Ordering};

/// What the engine is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Checking that the request can be seated at all.
    Checking,
    /// Building first seatings.
    Constructing,
    /// Improving them (local search).
    Searching,
    /// Explaining the result.
    Explaining,
    /// Finished.
    Done,
}

impl Phase {
    const ALL: [Phase; 5] = [
        Phase::Checking,
        Phase::Constructing,
        Phase::Searching,
        Phase::Explaining,
        Phase::Done,
    ];
}

/// A consistent-enough copy of [`Progress`] for display: each field is read atomically, the
/// whole is not (a reader may see the iteration count of one step and the score of the next).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    pub phase: Phase,
    /// The meetup being seated (1-based) when a series is planned round by round; the rounds
    /// planned together count as one.
    pub step: u32,
    /// Steps in the whole call.
    pub steps: u32,
    /// Search iterations of the current step so far (all lanes).
    pub iterations: u64,
    /// Best objective of the current step so far, if the search has started.
    pub best_score: Option<f64>,
    /// How close the current step's search is to its stop rule, from 0 to 1: the share of the
    /// convergence window passed without improvement, or of the budget used, whichever is larger.
    pub converged: f64,
}

/// Progress shared between the engine (writer) and one or more readers.
#[derive(Debug)]
pub struct Progress {
    phase: AtomicU8,
    step: AtomicU32,
    steps: AtomicU32,
    iterations: AtomicU64,
    best_bits: AtomicU64,
    converged_permille: AtomicU32,
}

const NO_SCORE: u64 = u64::MAX;

impl Default for Progress {
    fn default() -> Self {
        Self {
            phase: AtomicU8::new(0),
            step: AtomicU32::new(0),
            steps: AtomicU32::new(1),
            iterations: AtomicU64::new(0),
            best_bits: AtomicU64::new(NO_SCORE),
            converged_permille: AtomicU32::new(0),
        }
    }
}

impl Progress {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn snapshot(&self) -> Snapshot {
        let phase = Phase::ALL
            .get(self.phase.load(Ordering::Relaxed) as usize)
            .copied()
            .unwrap_or(Phase::Done);
        let bits = self.best_bits.load(Ordering::Relaxed);
        Snapshot {
            phase,
            step: self.step.load(Ordering::Relaxed),
            steps: self.steps.load(Ordering::Relaxed),
            iterations: self.iterations.load(Ordering::Relaxed),
            best_score: (bits != NO_SCORE).then(|| f64::from_bits(bits)),
            converged: f64::from(self.converged_permille.load(Ordering::Relaxed)) / 1000.0,
        }
    }

    pub fn set_phase(&self, phase: Phase) {
        let index = Phase::ALL.iter().position(|p| *p == phase).unwrap_or(0);
        self.phase.store(index as u8, Ordering::Relaxed);
    }

    /// Starts step `step` (1-based) of `steps`: iterations, score and convergence start over.
    pub fn start_step(&self, step: u32, steps: u32) {
        self.step.store(step, Ordering::Relaxed);
        self.steps.store(steps.max(1), Ordering::Relaxed);
        self.iterations.store(0, Ordering::Relaxed);
        self.best_bits.store(NO_SCORE, Ordering::Relaxed);
        self.converged_permille.store(0, Ordering::Relaxed);
        self.set_phase(Phase::Constructing);
    }

    /// Counts `n` more iterations of the current step.
    pub fn add_iterations(&self, n: u64) {
        self.iterations.fetch_add(n, Ordering::Relaxed);
    }

    /// Offers a score; the best offered in the current step is kept (several lanes may offer).
    pub fn offer_score(&self, score: f64) {
        if !score.is_finite() {
            return;
        }
        let _ = self
            .best_bits
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
                (bits == NO_SCORE || f64::from_bits(bits) < score).then(|| score.to_bits())
            });
    }

    /// Sets how close the current step is to stopping (clamped to 0..=1); with several lanes the
    /// last report is shown.
    pub fn set_converged(&self, share: f64) {
        let permille = (share.clamp(0.0, 1.0) * 1000.0).round() as u32;
        self.converged_permille.store(permille, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_keeps_the_best_score_and_starts_over_on_the_next() {
        let p = Progress::new();
        assert_eq!(p.snapshot().best_score, None);
        p.start_step(1, 2);
        p.offer_score(5.0);
        p.offer_score(3.0);
        p.add_iterations(7);
        p.set_phase(Phase::Searching);
        p.set_converged(0.25);
        let s = p.snapshot();
        assert_eq!((s.step, s.steps, s.iterations), (1, 2, 7));
        assert_eq!(s.best_score, Some(5.0));
        assert_eq!(s.phase, Phase::Searching);
        assert!((s.converged - 0.25).abs() < 1e-9);
        p.start_step(2, 2);
        let s = p.snapshot();
        assert_eq!((s.step, s.iterations, s.best_score), (2, 0, None));
        assert_eq!(s.phase, Phase::Constructing);
    }

    #[test]
    fn negative_scores_are_kept_too() {
        let p = Progress::new();
        p.offer_score(-4.0);
        p.offer_score(-9.0);
        assert_eq!(p.snapshot().best_score, Some(-4.0));
    }
}
