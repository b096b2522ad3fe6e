//! One search lane: descent, maxima search and perturbation (Iterated Maxima Search).
//!
//! - *Descent*: first-improvement over the move neighbourhood (one person to another table, both
//!   tables staying within bounds), then the swap neighbourhood (two people trading seats), repeated
//!   until a full pass finds nothing that gains more than [`EPSILON`]. Swaps are scanned person by
//!   person, table by table; a whole table is skipped when an upper bound on the swap gain (the
//!   person's gain from joining it, plus the best any of its members gains from coming over, minus
//!   twice the person's smallest weight) shows no swap with it can gain. After a swap the person
//!   keeps scanning from their new table. This pruning makes a pass several times cheaper than
//!   scanning all `n²/2` pairs and visits the same neighbourhood. A pass only looks at pairs of
//!   tables of which one changed since a pass last found nothing there ([`State::dirty`]): after
//!   a perturbation of a local optimum that is a handful of tables, not all of them (at 500
//!   people, a third less CPU per iteration).
//! - *Maxima search*: from a local optimum, apply a few weak perturbation steps (each the best of
//!   about `k` random feasible moves or swaps, `k` = number of movable people), descend, and keep
//!   the result if it beats the best local optimum of this search; stop after `patience` rounds
//!   without gain. It explores the local optima near the current one.
//! - *Strong perturbation*: `L` random feasible moves or swaps (`L ≈ n/m`; `1.5·n/m` above 400
//!   people when the search does not stop on convergence) applied to the current solution,
//!   whatever they cost, to reach a new region. When tables have slack, one in
//!   [`RESHAPE_ONE_IN`] is a *reshape* instead (one table filled to its maximum or drained to its
//!   minimum, see `reshape.rs`), which changes the table sizes more than random steps ever would.
//! - *Return to the best*: after [`elite_window`] iterations without a better seating, the walk
//!   restarts from the best seating found.
//!
//! The lane keeps the best solution seen and runs in stretches between meetings with the other
//! lanes, where a stalled lane may take over a better lane's best seating ([`Lane::adopt`]).
//! All randomness comes from the lane's seeded generator; the deadline is the only clock read,
//! so without one the lane is fully deterministic.

use super::construct;
use super::instance::Instance;
use super::recombine;
use super::reshape;
use super::rng::SplitMix;
use super::state::State;
use super::{Mode, SolveOptions};
use crate::matching::progress::{Phase, Progress};
use std::time::Instant;

/// Smallest gain that counts as an improvement; far below the 0.001 resolution of MDGPLIB weights
/// and far above the rounding of the incremental tables.
pub(super) const EPSILON: f64 = 1e-7;

/// Outer iterations (strong perturbation + maxima search) when the caller sets no budget at all.
pub(super) const DEFAULT_MAX_ITERATIONS: u64 = 200;

/// The incremental tables are recomputed from scratch this often (outer iterations) so that
/// rounding never accumulates.
const REBUILD_EVERY: u64 = 512;

/// Outer iterations without a better seating after which a lane has converged (when the budget
/// asks to stop then): a tenth of the people, at least [`MIN_WINDOW`], and never less than half
/// the iterations it took to find the current best, so a lane still improving late keeps going.
fn convergence_window(people: usize) -> u64 {
    (people as u64 / 10).max(MIN_WINDOW)
}

/// The smallest convergence window (outer iterations). At 500 people one iteration takes about
/// 7 ms here, so 150 iterations are about a second per lane. A window of 50 stopped the single
/// lunch of 500 (`tablemates-bench quality`) 1.2 % of rare interests short of 30 s of search;
/// 150, with the lanes meeting and the smaller strong perturbation, closes most of that
/// (BENCHMARKS.md, "Item 3").
const MIN_WINDOW: u64 = 150;

/// Outer iterations between two meetings of the lanes (see `run_lanes` in `mod.rs`): half the
/// smallest convergence window, so a lane stuck below another one's best is moved there well
/// before it would count as converged.
pub(super) fn meeting_interval(people: usize) -> u64 {
    convergence_window(people) / 2
}

/// Outer iterations without a better seating after which the walk goes back to the best seating
/// found (and again after as many more): the number of people, at least [`MIN_ELITE_WINDOW`].
/// The plain walk of Iterated Maxima Search can drift for thousands of iterations through local
/// optima worse than its best; returning to the best keeps it searching where the good seatings
/// are. Measured on MDGPLIB (10 seeds at n = 120, 3 s): the worst seed went from 0.34 % to 0.15 %
/// from the best-known value on RanReal_n120_ds_01 and the mean gap from 0.17 % to 0.03 %; a
/// window of 300 at n = 120 or 100 at n = 240 helped less.
fn elite_window(people: usize) -> u64 {
    (people as u64).max(MIN_ELITE_WINDOW)
}

/// The smallest window of [`elite_window`].
const MIN_ELITE_WINDOW: u64 = 100;

/// Whether outer iteration `iteration` starts again from the best seating: every `window`
/// iterations after the one that found it, so a lane that keeps improving is never pulled back,
/// and a stuck one is pulled back again and again rather than only once.
fn returns_to_best(iteration: u64, best_iteration: u64, window: u64) -> bool {
    iteration > best_iteration && (iteration - best_iteration).is_multiple_of(window)
}

/// When tables have slack, one strong perturbation in this many is a [`reshape`] instead: rare
/// enough that the walk still explores each shape, frequent enough that a poor shape chosen early
/// is left within a fraction of a second (one in 4 and one in 16 both freed every stuck seed of
/// Geo_n120_ds_01; one in 4 cost 0.07 % on RanReal_n120_ds_01).
const RESHAPE_ONE_IN: usize = 16;

/// Recombinations per lane in [`Mode::Thorough`]. Each grants the lane a new convergence window,
/// so they bound the extra time: at 500 people, four took the lunch's search from about 1 s to
/// 3–15 s of wall time (BENCHMARKS.md, "Recombination").
const THOROUGH_RECOMBINATIONS: u32 = 4;

/// Tuning of one lane.
#[derive(Debug, Clone, Copy)]
pub(super) struct Params {
    /// Greedy constructions (each followed by a descent) whose best starts the search.
    pub constructions: usize,
    /// Weak perturbation steps between two descents of a maxima search.
    pub weak_steps: usize,
    /// Descents without gain after which a maxima search ends.
    pub patience: usize,
    /// Random moves or swaps of a strong perturbation.
    pub strong_steps: usize,
    /// Times a lane behind the best one walks on from a recombination rather than adopting.
    pub recombinations: u32,
}

impl Params {
    /// `converge`: the search stops once converged (the service's runs). Those take the strong
    /// perturbation of `n/m` steps at every size: on the conference instances of
    /// `tablemates-bench quality` (500 people, seeds 1–5) `1.5·n/m` left 0.4 % more of the
    /// rare interests on the table within the same convergence window. The benchmark path keeps
    /// `1.5·n/m` above 400 people, tuned on MDGPLIB with a deadline.
    pub fn for_instance(inst: &Instance, mode: Mode, converge: bool) -> Self {
        let per_table = inst.n / inst.m.max(1);
        let strong_steps = if inst.n <= 400 || converge {
            per_table
        } else {
            per_table * 3 / 2
        }
        .max(2);
        match mode {
            Mode::Quality => Self {
                constructions: 10,
                weak_steps: 3,
                patience: 3,
                strong_steps,
                recombinations: 0,
            },
            Mode::Thorough => Self {
                recombinations: THOROUGH_RECOMBINATIONS,
                ..Self::for_instance(inst, Mode::Quality, converge)
            },
            Mode::Fast => Self {
                constructions: 2,
                weak_steps: 3,
                patience: 3,
                strong_steps,
                recombinations: 0,
            },
        }
    }
}

/// What a lane found.
#[derive(Debug, Clone)]
pub(super) struct LaneResult {
    pub table: Vec<u32>,
    pub objective: f64,
    pub iterations: u64,
    pub best_iteration: u64,
}

/// Stop rule shared by all loops of a lane.
#[derive(Debug, Clone, Copy)]
struct Stop {
    deadline: Option<Instant>,
}

impl Stop {
    fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

/// One lane of Iterated Maxima Search, run in stretches so that lanes can meet between them
/// (see [`Lane::adopt`]). Running it to `u64::MAX` in one stretch or in many gives the same walk.
pub(super) struct Lane<'a> {
    inst: &'a Instance,
    progress: &'a Progress,
    params: Params,
    stop: Stop,
    converge: bool,
    max_iterations: u64,
    elite_window: u64,
    sc: Scratch,
    rng: SplitMix,
    current: State,
    best: State,
    local_best: State,
    iterations: u64,
    best_iteration: u64,
    /// Set when the lane stopped for good: converged, out of iterations or past the deadline.
    done: bool,
    /// Times this lane walked on from a recombination.
    recombinations: u32,
}

impl<'a> Lane<'a> {
    /// Starts a lane from `start` (or from greedy constructions), improved by a descent.
    pub fn start(
        inst: &'a Instance,
        start: Option<&[u32]>,
        options: &SolveOptions,
        mut rng: SplitMix,
        progress: &'a Progress,
    ) -> Self {
        let params = Params::for_instance(inst, options.mode, options.budget.converge);
        let stop = Stop {
            deadline: options.budget.deadline,
        };
        let max_iterations = match (options.budget.max_iterations, options.budget.deadline) {
            (Some(k), _) => k,
            (None, Some(_)) => u64::MAX,
            (None, None) => DEFAULT_MAX_ITERATIONS,
        };
        let mut sc = Scratch::new(inst);
        let current = match start {
            Some(table) => {
                let mut s = State::new(inst, table.to_vec());
                descent(inst, &mut s, &mut sc, stop);
                s
            }
            None => best_construction(inst, params.constructions, &mut sc, stop, &mut rng),
        };
        progress.set_phase(Phase::Searching);
        progress.offer_score(current.objective);
        Self {
            inst,
            progress,
            params,
            stop,
            converge: options.budget.converge,
            max_iterations,
            elite_window: elite_window(inst.n),
            sc,
            rng,
            best: current.clone(),
            local_best: current.clone(),
            current,
            iterations: 0,
            best_iteration: 0,
            done: false,
            recombinations: 0,
        }
    }

    pub fn objective(&self) -> f64 {
        self.best.objective
    }

    pub fn done(&self) -> bool {
        self.done
    }

    /// The convergence window given the iteration of the best seating.
    fn window(&self) -> u64 {
        convergence_window(self.inst.n).max(self.best_iteration / 2)
    }

    /// Runs outer iterations until iteration `until` or until the lane stops for good.
    pub fn run(&mut self, until: u64) {
        let inst = self.inst;
        while self.iterations < until {
            if self.iterations >= self.max_iterations
                || self.stop.expired()
                || inst.movable.is_empty()
                || (self.converge && self.iterations - self.best_iteration >= self.window())
            {
                self.done = true;
                return;
            }
            self.iterations += 1;
            if self.iterations.is_multiple_of(REBUILD_EVERY) {
                self.current.rebuild(inst);
            }
            if returns_to_best(self.iterations, self.best_iteration, self.elite_window) {
                self.current.copy_from(&self.best);
            }
            let rng = &mut self.rng;
            let reshaped = inst.has_slack
                && rng.below(RESHAPE_ONE_IN) == 0
                && reshape::reshape(inst, &mut self.current, rng);
            if !reshaped {
                perturb(inst, &mut self.current, self.params.strong_steps, rng);
            }
            if self.search_around() {
                self.best_iteration = self.iterations;
            }
            self.progress.add_iterations(1);
            if self.converge {
                let stalled = (self.iterations - self.best_iteration) as f64;
                self.progress.set_converged(stalled / self.window() as f64);
            }
        }
    }

    /// Whether the lane found a better seating of its own after iteration `iteration`.
    pub fn improved_since(&self, iteration: u64) -> bool {
        self.best_iteration > iteration
    }

    /// Takes over another lane's better best seating: the walk goes on from there, and the lane
    /// counts it as found now, so a converged lane searches around it for a new window.
    pub fn adopt(&mut self, other: &Lane) {
        self.best.copy_from(&other.best);
        self.current.copy_from(&other.best);
        self.best_iteration = self.iterations;
        self.done = false;
    }

    /// Whether the lane may still [`Lane::recombine`] instead of adopting: recombinations left
    /// in its mode, and no one locked to an open table.
    pub fn can_recombine(&self) -> bool {
        self.recombinations < self.params.recombinations
            && self.inst.fixed.iter().all(Option::is_none)
    }

    /// Instead of taking over a better lane's seating, walks on from a child of that seating and
    /// its own best (see `recombine.rs`), after a maxima search from it. The lane keeps its own
    /// best, so the two lanes stay two different parents for the next recombination; it counts
    /// the child as found now, like an adopted seating.
    pub fn recombine(&mut self, other: &Lane) {
        let inst = self.inst;
        let child = recombine::crossover(inst, &self.best.table, &other.best.table, &mut self.rng);
        self.recombinations += 1;
        self.current = State::new(inst, child);
        self.search_around();
        self.best_iteration = self.iterations;
        self.done = false;
    }

    /// A maxima search from the current seating; keeps its result as the best when better, and
    /// says whether it was.
    fn search_around(&mut self) -> bool {
        maxima_search(
            self.inst,
            &mut self.current,
            &mut self.local_best,
            &mut self.sc,
            &self.params,
            self.stop,
            &mut self.rng,
        );
        let better = self.current.objective > self.best.objective + EPSILON;
        if better {
            self.best.copy_from(&self.current);
            self.progress.offer_score(self.best.objective);
        }
        better
    }

    pub fn finish(mut self) -> LaneResult {
        self.best.rebuild(self.inst);
        LaneResult {
            table: self.best.table,
            objective: self.best.objective,
            iterations: self.iterations,
            best_iteration: self.best_iteration,
        }
    }
}

/// The best of `count` greedy constructions, each improved by a descent (at least one is built,
/// whatever the deadline says, so that there is always a feasible answer).
fn best_construction(
    inst: &Instance,
    count: usize,
    sc: &mut Scratch,
    stop: Stop,
    rng: &mut SplitMix,
) -> State {
    let mut best = State::new(inst, construct::greedy(inst, rng));
    descent(inst, &mut best, sc, stop);
    for _ in 1..count {
        if stop.expired() {
            break;
        }
        let mut s = State::new(inst, construct::greedy(inst, rng));
        descent(inst, &mut s, sc, stop);
        if s.objective > best.objective + EPSILON {
            best = s;
        }
    }
    best
}

/// Explores local optima around `current`; leaves the best one found in `current`.
fn maxima_search(
    inst: &Instance,
    current: &mut State,
    local_best: &mut State,
    sc: &mut Scratch,
    params: &Params,
    stop: Stop,
    rng: &mut SplitMix,
) {
    local_best.copy_from(current);
    let mut misses = 0;
    let mut first = true;
    loop {
        descent(inst, current, sc, stop);
        if first || current.objective > local_best.objective + EPSILON {
            local_best.copy_from(current);
            misses = 0;
            first = false;
        } else {
            misses += 1;
        }
        if misses >= params.patience || stop.expired() {
            break;
        }
        current.copy_from(local_best);
        for _ in 0..params.weak_steps {
            weak_step(inst, current, rng);
        }
    }
    current.copy_from(local_best);
}

/// A pass looks at the dirty tables alone only when there are at least [`RESTRICT_FROM_TABLES`]
/// tables and at most this share of them (numerator, denominator) is dirty. A restricted pass
/// visits moves and swaps in another order than a full one, so the walk changes; it pays where
/// few of many tables changed (a conference lunch of 500 at 56 tables: a third less CPU per
/// iteration, the same quality over five seeds), not where a perturbation touches a large share
/// of few tables (MDGPLIB at n = 120, 10 tables: no faster, and over 5 seeds 0.01 points
/// further from the best-known values at the same iteration count, restricted at every pass or
/// only up to a quarter of the tables).
const RESTRICT_UP_TO: (usize, usize) = (1, 4);

/// See [`RESTRICT_UP_TO`]. MDGPLIB's instances have at most 20 tables and search exactly as
/// with full passes.
const RESTRICT_FROM_TABLES: usize = 32;

/// Buffers of the descent, allocated once per lane.
#[derive(Debug, Clone)]
pub(super) struct Scratch {
    /// Movable people grouped by table: table `h` owns `order[start[h]..start[h + 1]]`.
    order: Vec<u32>,
    start: Vec<usize>,
    cursor: Vec<usize>,
    /// Position of each person in `order`.
    slot: Vec<usize>,
    /// `best_return[h * m + g] = max_{j at h} (D[j][g] − D[j][h])`: the most any person at `h`
    /// gains by going to `g`, an upper bound on their half of a swap. Only the entries of pairs
    /// with a table in `checking` are kept.
    best_return: Vec<f64>,
    /// The tables a pass looks at (the state's dirty tables when the pass began), as flags and
    /// as a list in table order.
    checking: Vec<bool>,
    checking_list: Vec<usize>,
    /// Whether the pass looks at every table (then `checking` is all true).
    all: bool,
}

impl Scratch {
    pub fn new(inst: &Instance) -> Self {
        Self {
            order: vec![0; inst.n],
            start: vec![0; inst.m + 1],
            cursor: vec![0; inst.m],
            slot: vec![0; inst.n],
            best_return: vec![0.0; inst.m * inst.m],
            checking: vec![false; inst.m],
            checking_list: Vec::with_capacity(inst.m),
            all: true,
        }
    }

    /// Takes the state's dirty tables as the tables of the next pass; the state starts clean,
    /// and every table the pass changes is marked dirty again.
    /// With few tables, or more than [`RESTRICT_UP_TO`] of them dirty, the pass looks at all of
    /// them, in the same order as a pass with every table dirty.
    fn take_dirty(&mut self, s: &mut State) {
        let m = s.dirty.len();
        let dirty = s.dirty.iter().filter(|&&d| d).count();
        self.checking_list.clear();
        self.all = m < RESTRICT_FROM_TABLES || dirty * RESTRICT_UP_TO.1 > m * RESTRICT_UP_TO.0;
        if self.all {
            self.checking.iter_mut().for_each(|c| *c = true);
            self.checking_list.extend(0..m);
        } else {
            self.checking.copy_from_slice(&s.dirty);
            self.checking_list.extend((0..m).filter(|&g| s.dirty[g]));
        }
        s.dirty.iter_mut().for_each(|d| *d = false);
    }
}

/// First-improvement descent over moves and swaps until a local optimum (or the deadline).
/// Each pass looks only at pairs of tables of which one changed since the last pass that found
/// no gain there (see [`State::dirty`]); after a perturbation of a local optimum that is a few
/// tables instead of all of them, and the descent ends at the same kind of local optimum: no
/// move or swap anywhere gains.
fn descent(inst: &Instance, s: &mut State, sc: &mut Scratch, stop: Stop) {
    loop {
        sc.take_dirty(s);
        if sc.checking_list.is_empty() {
            return;
        }
        let moved = inst.has_slack && move_pass(inst, s, sc);
        let swapped = swap_pass(inst, s, sc);
        if !(moved || swapped) {
            return;
        }
        if stop.expired() {
            // Stopped before this pass's tables were looked at again: they stay unverified.
            for &g in &sc.checking_list {
                s.dirty[g] = true;
            }
            return;
        }
    }
}

/// One pass over the feasible single moves from or to a table being checked, applying each
/// improving one at once.
fn move_pass(inst: &Instance, s: &mut State, sc: &Scratch) -> bool {
    let m = inst.m;
    let mut improved = false;
    for &i in &inst.movable {
        let i = i as usize;
        if sc.all || sc.checking[s.table[i] as usize] {
            for h in 0..m {
                improved |= try_move(inst, s, i, h);
            }
        } else {
            for &h in &sc.checking_list {
                improved |= try_move(inst, s, i, h);
            }
        }
    }
    improved
}

/// Moves `i` to `h` if that is allowed and gains; whether it did. Always inlined: it runs for
/// every person and table of a pass, and as a call it cost MDGPLIB at n = 480 a fifth more CPU
/// per iteration.
#[inline(always)]
fn try_move(inst: &Instance, s: &mut State, i: usize, h: usize) -> bool {
    let gains = s.move_allowed(inst, i, h) && s.move_delta(inst.m, i, h) > EPSILON;
    if gains {
        s.apply_move(inst, i, h);
    }
    gains
}

/// One pass over the swaps between a table being checked and any other, applying each
/// improving one at once. A table pair `(g, h)` is skipped for person `i` at `g` when even the
/// best return from `h` cannot make the swap gain:
/// `D[i][h] − D[i][g] + best_return[h][g] − 2·row_min[i] ≤ ε`. The bounds are computed at the start
/// of the pass; after a swap they may be stale, but only for pairs with a table the swap changed,
/// which the next pass looks at again.
fn swap_pass(inst: &Instance, s: &mut State, sc: &mut Scratch) -> bool {
    let m = inst.m;
    sc.start.iter_mut().for_each(|x| *x = 0);
    for &i in &inst.movable {
        sc.start[s.table[i as usize] as usize + 1] += 1;
    }
    for g in 0..m {
        sc.start[g + 1] += sc.start[g];
    }
    sc.cursor.copy_from_slice(&sc.start[..m]);
    for &i in &inst.movable {
        let t = s.table[i as usize] as usize;
        sc.order[sc.cursor[t]] = i;
        sc.slot[i as usize] = sc.cursor[t];
        sc.cursor[t] += 1;
    }
    if sc.all {
        return full_swap_pass(inst, s, sc);
    }
    best_returns(inst, s, sc);

    let mut improved = false;
    for &i in &inst.movable {
        let i = i as usize;
        let mut g = s.table[i] as usize;
        // After a swap the person scans again from their new table.
        'scan: loop {
            if sc.checking[g] {
                for step in 1..m {
                    let h = if g + step < m { g + step } else { g + step - m };
                    if swap_into(inst, s, sc, i, g, h) {
                        improved = true;
                        g = h;
                        continue 'scan;
                    }
                }
            } else {
                for k in 0..sc.checking_list.len() {
                    let h = sc.checking_list[k];
                    if h != g && swap_into(inst, s, sc, i, g, h) {
                        improved = true;
                        g = h;
                        continue 'scan;
                    }
                }
            }
            break;
        }
    }
    improved
}

/// [`swap_pass`] over every pair of tables: the same swaps as a restricted pass with every
/// table being checked, in a loop kept apart because it is the hot path of every instance with
/// few tables (MDGPLIB: a quarter more CPU per iteration when it went through [`swap_into`]).
fn full_swap_pass(inst: &Instance, s: &mut State, sc: &mut Scratch) -> bool {
    let m = inst.m;
    sc.best_return
        .iter_mut()
        .for_each(|x| *x = f64::NEG_INFINITY);
    for &j in &inst.movable {
        let j = j as usize;
        let h = s.table[j] as usize;
        let row = &s.gain[j * m..(j + 1) * m];
        let own = row[h];
        let bound = &mut sc.best_return[h * m..(h + 1) * m];
        for (b, &x) in bound.iter_mut().zip(row) {
            *b = b.max(x - own);
        }
    }
    let mut improved = false;
    for &i in &inst.movable {
        let i = i as usize;
        let row_i = inst.row(i);
        let threshold = EPSILON + 2.0 * inst.row_min[i];
        let mut g = s.table[i] as usize;
        let mut step = 1;
        while step < m {
            let h = if g + step < m { g + step } else { g + step - m };
            step += 1;
            let a = s.gain[i * m + h] - s.gain[i * m + g];
            if a + sc.best_return[h * m + g] <= threshold {
                continue;
            }
            for k in sc.start[h]..sc.start[h + 1] {
                let j = sc.order[k] as usize;
                let gj = &s.gain[j * m..(j + 1) * m];
                let delta = a + gj[g] - gj[h] - 2.0 * row_i[j];
                if delta > EPSILON {
                    s.apply_swap(inst, i, j);
                    let (si, sj) = (sc.slot[i], sc.slot[j]);
                    sc.order.swap(si, sj);
                    sc.slot[i] = sj;
                    sc.slot[j] = si;
                    improved = true;
                    g = h;
                    step = 1;
                    break;
                }
            }
        }
    }
    improved
}

/// Fills the entries of `best_return` that the pass reads: pairs with a table being checked.
fn best_returns(inst: &Instance, s: &State, sc: &mut Scratch) {
    let m = inst.m;
    for h in 0..m {
        let bound = &mut sc.best_return[h * m..(h + 1) * m];
        if sc.checking[h] {
            bound.iter_mut().for_each(|x| *x = f64::NEG_INFINITY);
        } else {
            for &g in &sc.checking_list {
                bound[g] = f64::NEG_INFINITY;
            }
        }
    }
    for &j in &inst.movable {
        let j = j as usize;
        let h = s.table[j] as usize;
        let row = &s.gain[j * m..(j + 1) * m];
        let own = row[h];
        let bound = &mut sc.best_return[h * m..(h + 1) * m];
        if sc.checking[h] {
            for (b, &x) in bound.iter_mut().zip(row) {
                *b = b.max(x - own);
            }
        } else {
            for &g in &sc.checking_list {
                bound[g] = bound[g].max(row[g] - own);
            }
        }
    }
}

/// Swaps person `i` (at `g`) with the first person at `h` whose swap gains, if the bound lets
/// any; whether it swapped.
#[inline]
fn swap_into(
    inst: &Instance,
    s: &mut State,
    sc: &mut Scratch,
    i: usize,
    g: usize,
    h: usize,
) -> bool {
    let m = inst.m;
    let a = s.gain[i * m + h] - s.gain[i * m + g];
    if a + sc.best_return[h * m + g] <= EPSILON + 2.0 * inst.row_min[i] {
        return false;
    }
    let row_i = inst.row(i);
    for k in sc.start[h]..sc.start[h + 1] {
        let j = sc.order[k] as usize;
        let gj = &s.gain[j * m..(j + 1) * m];
        let delta = a + gj[g] - gj[h] - 2.0 * row_i[j];
        if delta > EPSILON {
            s.apply_swap(inst, i, j);
            let (si, sj) = (sc.slot[i], sc.slot[j]);
            sc.order.swap(si, sj);
            sc.slot[i] = sj;
            sc.slot[j] = si;
            return true;
        }
    }
    false
}

/// A random feasible neighbour: `Move(i, h)` or `Swap(i, j)`.
#[derive(Debug, Clone, Copy)]
enum Neighbour {
    Move(usize, usize),
    Swap(usize, usize),
}

/// Draws a uniformly random move or swap (moves only when some table has slack); `None` if the
/// draw is infeasible, so that callers can retry.
fn random_neighbour(inst: &Instance, s: &State, rng: &mut SplitMix) -> Option<Neighbour> {
    let k = inst.movable.len();
    let moves = if inst.has_slack { k * inst.m } else { 0 };
    let swaps = k * k.saturating_sub(1) / 2;
    if moves + swaps == 0 {
        return None;
    }
    let i = inst.movable[rng.below(k)] as usize;
    if rng.below(moves + swaps) < moves {
        let h = rng.below(inst.m);
        s.move_allowed(inst, i, h).then_some(Neighbour::Move(i, h))
    } else {
        let j = inst.movable[rng.below(k)] as usize;
        (s.table[i] != s.table[j]).then_some(Neighbour::Swap(i, j))
    }
}

fn apply(inst: &Instance, s: &mut State, neighbour: Neighbour) {
    match neighbour {
        Neighbour::Move(i, h) => s.apply_move(inst, i, h),
        Neighbour::Swap(i, j) => s.apply_swap(inst, i, j),
    }
}

fn delta(inst: &Instance, s: &State, neighbour: Neighbour) -> f64 {
    match neighbour {
        Neighbour::Move(i, h) => s.move_delta(inst.m, i, h),
        Neighbour::Swap(i, j) => s.swap_delta(inst, i, j),
    }
}

/// Applies the best of about `k` random feasible neighbours, even if it loses.
fn weak_step(inst: &Instance, s: &mut State, rng: &mut SplitMix) {
    let k = inst.movable.len();
    let mut best: Option<(Neighbour, f64)> = None;
    let mut seen = 0;
    for _ in 0..8 * k.max(1) {
        if let Some(nb) = random_neighbour(inst, s, rng) {
            let d = delta(inst, s, nb);
            if best.is_none_or(|(_, b)| d > b) {
                best = Some((nb, d));
            }
            seen += 1;
            if seen >= k {
                break;
            }
        }
    }
    if let Some((nb, _)) = best {
        apply(inst, s, nb);
    }
}

/// Applies `steps` random feasible moves or swaps, whatever they cost.
fn perturb(inst: &Instance, s: &mut State, steps: usize, rng: &mut SplitMix) {
    let mut done = 0;
    for _ in 0..8 * steps.max(1) {
        if done >= steps {
            break;
        }
        if let Some(nb) = random_neighbour(inst, s, rng) {
            apply(inst, s, nb);
            done += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::affinity::DenseAffinity;
    use crate::matching::model::TableSpec;
    use crate::matching::solver::Constraints;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn the_walk_returns_to_the_best_only_after_each_full_window_without_a_better_seating() {
        let window = elite_window(120);
        assert_eq!(window, 120);
        assert_eq!(elite_window(30), MIN_ELITE_WINDOW);
        let pulled: Vec<u64> = (1..=400)
            .filter(|&it| returns_to_best(it, 37, window))
            .collect();
        assert_eq!(pulled, vec![157, 277, 397]);
        assert!(!returns_to_best(37, 37, window));
        assert!((1..=400).all(|it| !returns_to_best(it, it, window)));
    }

    /// The descent after a perturbation of a local optimum looks only at the tables the
    /// perturbation changed; it must still end where nothing anywhere gains.
    #[test]
    fn a_descent_from_a_perturbed_local_optimum_ends_where_no_move_or_swap_gains() {
        for seed in 0..20 {
            let n = 160;
            let a = random_affinity(n, -20.0, seed);
            let tables: Vec<TableSpec> = (0..40)
                .map(|t| TableSpec {
                    min: 3 + t % 2,
                    max: 6,
                    locked: false,
                })
                .collect();
            let (inst, _) = Instance::build(&a, &tables, &Constraints::default()).expect("valid");
            let mut fast = SplitMix::for_lane(seed, 0);
            let mut s = State::new(&inst, construct::greedy(&inst, &mut fast));
            let mut sc = Scratch::new(&inst);
            let stop = Stop { deadline: None };
            descent(&inst, &mut s, &mut sc, stop);
            for round in 0..10 {
                assert!(
                    s.dirty.iter().all(|d| !d),
                    "seed {seed}: clean after a descent"
                );
                perturb(&inst, &mut s, 1 + round % 3, &mut fast);
                let dirty = s.dirty.iter().filter(|&&d| d).count();
                assert!(
                    inst.m >= RESTRICT_FROM_TABLES
                        && dirty * RESTRICT_UP_TO.1 <= inst.m * RESTRICT_UP_TO.0,
                    "the descent looks at the dirty tables alone"
                );
                descent(&inst, &mut s, &mut sc, stop);
                assert_local_optimum(&inst, &s, seed);
                let mut fresh = s.clone();
                fresh.rebuild(&inst);
                assert!((fresh.objective - s.objective).abs() < 1e-6);
            }
        }
    }

    fn random_affinity(n: usize, low: f64, seed: u64) -> DenseAffinity {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut a = DenseAffinity::zeros(n);
        for i in 0..n {
            for j in i + 1..n {
                a.set(i as u32, j as u32, rng.random_range(low..100.0));
            }
        }
        a
    }

    fn assert_local_optimum(inst: &Instance, s: &State, seed: u64) {
        for i in 0..inst.n {
            for h in 0..inst.m {
                if s.move_allowed(inst, i, h) {
                    assert!(
                        s.move_delta(inst.m, i, h) <= EPSILON,
                        "seed {seed}: move {i}->{h}"
                    );
                }
            }
            for j in 0..inst.n {
                if s.table[i] != s.table[j] {
                    assert!(
                        s.swap_delta(inst, i, j) <= EPSILON,
                        "seed {seed}: swap {i},{j}"
                    );
                }
            }
        }
    }

    #[test]
    fn descent_ends_where_no_move_or_swap_gains() {
        for seed in 0..20 {
            let n = 40;
            let a = random_affinity(n, 0.0, seed);
            let tables = [
                TableSpec {
                    min: 5,
                    max: 12,
                    locked: false,
                },
                TableSpec {
                    min: 8,
                    max: 8,
                    locked: false,
                },
                TableSpec {
                    min: 5,
                    max: 15,
                    locked: false,
                },
                TableSpec {
                    min: 3,
                    max: 10,
                    locked: false,
                },
            ];
            let (inst, _) = Instance::build(&a, &tables, &Constraints::default()).expect("valid");
            let mut fast = SplitMix::for_lane(seed, 0);
            let mut s = State::new(&inst, construct::greedy(&inst, &mut fast));
            perturb(&inst, &mut s, 30, &mut fast);
            let mut sc = Scratch::new(&inst);
            descent(&inst, &mut s, &mut sc, Stop { deadline: None });
            assert_local_optimum(&inst, &s, seed);
        }
    }
}
