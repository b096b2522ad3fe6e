//! Pair affinities: the weight `d(i, j)` the objective sums inside tables.
//!
//! Two sources: a dense matrix (MDGPLIB benchmark instances) and a sparse one computed from
//! interests, wants, affiliations and history (conferences, where an n×n matrix is impossible).

use super::model::PersonId;

/// Symmetric pair weights with `d(i, i) = 0`. `Sync` so that search threads can share one.
pub trait Affinity: Sync {
    /// Number of people.
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `d(i, j)`; symmetric.
    fn pair(&self, i: PersonId, j: PersonId) -> f64;
}

/// A full matrix, row-major, `n × n`, for instances that come as one (MDGPLIB).
#[derive(Debug, Clone, PartialEq)]
pub struct DenseAffinity {
    n: usize,
    d: Vec<f64>,
}

impl DenseAffinity {
    /// An all-zero matrix for `n` people.
    pub fn zeros(n: usize) -> Self {
        Self {
            n,
            d: vec![0.0; n * n],
        }
    }

    /// Sets `d(i, j)` and `d(j, i)`.
    pub fn set(&mut self, i: PersonId, j: PersonId, value: f64) {
        let (i, j) = (i as usize, j as usize);
        self.d[i * self.n + j] = value;
        self.d[j * self.n + i] = value;
    }

    /// Row `i` of the matrix: the hot path of dense solvers reads it directly.
    pub fn row(&self, i: PersonId) -> &[f64] {
        let i = i as usize;
        &self.d[i * self.n..(i + 1) * self.n]
    }
}

impl Affinity for DenseAffinity {
    fn len(&self) -> usize {
        self.n
    }

    fn pair(&self, i: PersonId, j: PersonId) -> f64 {
        self.d[i as usize * self.n + j as usize]
    }
}
