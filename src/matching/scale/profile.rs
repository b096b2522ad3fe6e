//! The profile of a table minus one member: what a newcomer would add there, computed in
//! `O(newcomer's interests + wants + history)` instead of one pair evaluation per member.

use super::seating::Seating;
use crate::matching::conference::ConferenceAffinity;
use crate::matching::model::{PersonId, TableId};

/// What a newcomer would find at the profiled table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Newcomer {
    /// `Σ d(j, k)` over the profiled members `k`, up to float rounding.
    pub(super) affinity: f64,
    /// Some member holds one of the newcomer's interests.
    pub(super) shares_interest: bool,
    /// Some member blocks the newcomer or is blocked by them.
    pub(super) blocked: bool,
}

/// Per dense interest, `Σ w_kt` and the number of holders among the members of `table` other than
/// `except`; entries outside `touched` are zero.
pub(super) struct Profile {
    sum: Vec<f64>,
    count: Vec<u32>,
    touched: Vec<u32>,
    /// `(affiliation, members holding it)`.
    affiliations: Vec<(u32, u32)>,
    table: TableId,
    except: PersonId,
}

impl Profile {
    pub(super) fn new(vocabulary: usize) -> Self {
        Self {
            sum: vec![0.0; vocabulary],
            count: vec![0; vocabulary],
            touched: Vec::new(),
            affiliations: Vec::new(),
            table: TableId::MAX,
            except: PersonId::MAX,
        }
    }

    /// Profiles the members of `table` other than `except`.
    pub(super) fn load(
        &mut self,
        affinity: &ConferenceAffinity,
        seating: &Seating,
        table: TableId,
        except: PersonId,
    ) {
        for &t in &self.touched {
            self.sum[t as usize] = 0.0;
            self.count[t as usize] = 0;
        }
        self.touched.clear();
        self.affiliations.clear();
        self.table = table;
        self.except = except;
        for &k in seating.members(table) {
            if k == except {
                continue;
            }
            let weights = affinity.interest_weights_of(k);
            for (x, &t) in affinity.interests_of(k).iter().enumerate() {
                let t = t as usize;
                if self.count[t] == 0 {
                    self.touched.push(t as u32);
                }
                self.count[t] += 1;
                self.sum[t] += f64::from(weights[x]);
            }
            if let Some(a) = affinity.affiliation_of(k) {
                match self.affiliations.iter_mut().find(|e| e.0 == a) {
                    Some(e) => e.1 += 1,
                    None => self.affiliations.push((a, 1)),
                }
            }
        }
    }

    /// What `j` (not a member of the profiled table) would add to it.
    pub(super) fn newcomer(
        &self,
        affinity: &ConferenceAffinity,
        table_of: &[TableId],
        j: PersonId,
    ) -> Newcomer {
        let here = |q: PersonId| q != self.except && table_of[q as usize] == self.table;
        let weights = affinity.weights();
        let mut interests = 0.0;
        let mut shares_interest = false;
        let jw = affinity.interest_weights_of(j);
        for (x, &t) in affinity.interests_of(j).iter().enumerate() {
            let t = t as usize;
            if self.count[t] > 0 {
                shares_interest = true;
                interests += affinity.rarity(t as u32) * f64::from(jw[x]) * self.sum[t];
            }
        }
        let mut total = weights.shared_interest * interests;
        let wants = affinity.wants_of(j);
        for &q in wants {
            if here(q) {
                total += affinity.want_bonus(j, q);
            }
        }
        for &q in affinity.wanted_by(j) {
            if here(q) && wants.binary_search(&q).is_err() {
                total += affinity.want_bonus(j, q);
            }
        }
        if let Some(a) = affinity.affiliation_of(j)
            && let Some(e) = self.affiliations.iter().find(|e| e.0 == a)
        {
            total -= weights.same_affiliation * f64::from(e.1);
        }
        for &(q, times) in affinity.met_of(j) {
            if here(q) {
                total -= weights.met_before * f64::from(times);
            }
        }
        Newcomer {
            affinity: total,
            shares_interest,
            blocked: affinity.blocks_of(j).iter().any(|&q| here(q)),
        }
    }
}
