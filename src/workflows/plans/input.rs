//! Turns stored attendees, meetups and earlier plans into the matcher's input, and back: the
//! engine speaks indices, the service speaks attendee ids and table numbers.

use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::privacy::affiliation_is_explained;
use crate::domain::records::{Meetup, Member, Plan};
use crate::matching::model::{Person, PersonId, Problem, TableSpec, Weights};
use crate::matching::plan::SeriesRound;
use crate::store::meetups::takes_part;

/// Someone a cast can hold: a whole member for a run, or only an attendee id where who takes
/// part and where they sit is all that matters (the feasibility preview).
pub trait CastMember {
    fn id(&self) -> Uuid;
    fn interests(&self) -> &[String] {
        &[]
    }
    fn affiliation(&self) -> Option<&str> {
        None
    }
    fn wants(&self) -> &[Uuid] {
        &[]
    }
}

impl CastMember for Member {
    fn id(&self) -> Uuid {
        self.id
    }
    fn interests(&self) -> &[String] {
        &self.interests
    }
    fn affiliation(&self) -> Option<&str> {
        // A hidden affiliation would show in the plan's explanation ("pairs with one
        // affiliation"), so it does not reach the engine at all.
        self.affiliation
            .as_deref()
            .filter(|_| affiliation_is_explained(self.affiliation_visibility))
    }
    fn wants(&self) -> &[Uuid] {
        &self.wants
    }
}

impl CastMember for Uuid {
    fn id(&self) -> Uuid {
        *self
    }
}

/// The people of a planning run and how to find them: `members[i]` is person `i`.
pub struct Cast<'m, M: CastMember = Member> {
    pub members: Vec<&'m M>,
    index: HashMap<Uuid, PersonId>,
    /// Interest name per interest id of the problem (ids follow name order).
    pub vocabulary: Vec<String>,
}

impl<'m, M: CastMember> Cast<'m, M> {
    /// Everyone in `roster` who takes part in at least one of `meetups`, in roster order.
    pub fn new(roster: &'m [M], meetups: &[(&Meetup, &HashMap<Uuid, bool>)]) -> Self {
        Self::from_members(
            roster
                .iter()
                .filter(|m| {
                    meetups.iter().any(|(meetup, choices)| {
                        takes_part(&meetup.fields, choices.get(&m.id()).copied())
                    })
                })
                .collect(),
        )
    }

    fn from_members(members: Vec<&'m M>) -> Self {
        let index = members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id(), i as PersonId))
            .collect();
        let mut vocabulary: Vec<String> = members
            .iter()
            .flat_map(|m| m.interests().iter().cloned())
            .collect();
        vocabulary.sort();
        vocabulary.dedup();
        Self {
            members,
            index,
            vocabulary,
        }
    }

    /// The members of `roster` whose ids are in `ids`, in roster order.
    pub fn of(roster: &'m [M], ids: &std::collections::HashSet<Uuid>) -> Self {
        Self::from_members(roster.iter().filter(|m| ids.contains(&m.id())).collect())
    }

    pub fn person(&self, id: Uuid) -> Option<PersonId> {
        self.index.get(&id).copied()
    }

    pub fn id(&self, person: PersonId) -> Uuid {
        self.members[person as usize].id()
    }

    /// The engine's people: interests as vocabulary ids, affiliations (case-insensitive) as
    /// ids, wants restricted to people in the cast.
    pub fn people(&self) -> Vec<Person> {
        let interest_id: HashMap<&str, u32> = self
            .vocabulary
            .iter()
            .enumerate()
            .map(|(i, name)| (name.as_str(), i as u32))
            .collect();
        let mut affiliations: BTreeMap<String, u32> = BTreeMap::new();
        self.members
            .iter()
            .map(|m| {
                let mut interests: Vec<u32> = m
                    .interests()
                    .iter()
                    .filter_map(|name| interest_id.get(name.as_str()).copied())
                    .collect();
                interests.sort_unstable();
                interests.dedup();
                let affiliation = m
                    .affiliation()
                    .map(|a| a.trim().to_lowercase())
                    .filter(|a| !a.is_empty())
                    .map(|a| {
                        let next = affiliations.len() as u32;
                        *affiliations.entry(a).or_insert(next)
                    });
                let mut wants: Vec<PersonId> =
                    m.wants().iter().filter_map(|&w| self.person(w)).collect();
                wants.sort_unstable();
                wants.dedup();
                Person {
                    interests,
                    interest_weights: Vec::new(),
                    affiliation,
                    wants,
                    blocks: Vec::new(),
                }
            })
            .collect()
    }

    /// Meeting counts of pairs seated together in `plans` (pairs inside the cast only).
    pub fn history(&self, plans: &[&Plan]) -> Vec<(PersonId, PersonId, u32)> {
        let mut counts: BTreeMap<(PersonId, PersonId), u32> = BTreeMap::new();
        for plan in plans {
            let mut tables: BTreeMap<i32, Vec<PersonId>> = BTreeMap::new();
            for seat in &plan.seats {
                if let Some(p) = self.person(seat.attendee_id) {
                    tables.entry(seat.table_number).or_default().push(p);
                }
            }
            for members in tables.values_mut() {
                members.sort_unstable();
                for (x, &a) in members.iter().enumerate() {
                    for &b in &members[x + 1..] {
                        *counts.entry((a, b)).or_default() += 1;
                    }
                }
            }
        }
        counts.into_iter().map(|((a, b), c)| (a, b, c)).collect()
    }

    /// One meetup as a round: who takes part, its tables, and the locks carried over from
    /// `locks_from` (a draft being re-run) for people and tables that still exist.
    pub fn round(
        &self,
        meetup: &Meetup,
        choices: &HashMap<Uuid, bool>,
        locks_from: Option<&Plan>,
    ) -> SeriesRound {
        let participants: Vec<PersonId> = self
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| takes_part(&meetup.fields, choices.get(&m.id()).copied()))
            .map(|(i, _)| i as PersonId)
            .collect();
        let number_to_index: HashMap<i32, u32> = meetup
            .fields
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.number, i as u32))
            .collect();
        let locked_tables: Vec<i32> = locks_from
            .map(|p| {
                p.tables
                    .iter()
                    .filter(|t| t.locked)
                    .map(|t| t.number)
                    .collect()
            })
            .unwrap_or_default();
        let tables = meetup
            .fields
            .tables
            .iter()
            .map(|t| TableSpec {
                min: t.min.max(0) as u32,
                max: t.max.max(0) as u32,
                locked: locked_tables.contains(&t.number),
            })
            .collect();
        let taking_part: std::collections::HashSet<PersonId> =
            participants.iter().copied().collect();
        let locked_seats = locks_from
            .map(|p| {
                p.seats
                    .iter()
                    .filter(|s| s.locked || locked_tables.contains(&s.table_number))
                    .filter_map(|s| {
                        let person = self.person(s.attendee_id)?;
                        let table = *number_to_index.get(&s.table_number)?;
                        taking_part.contains(&person).then_some((person, table))
                    })
                    .collect()
            })
            .unwrap_or_default();
        SeriesRound {
            participants,
            tables,
            locked_seats,
        }
    }

    /// The base problem of a run: everyone in the cast, default weights, `history`.
    pub fn problem(&self, history: Vec<(PersonId, PersonId, u32)>) -> Problem {
        Problem {
            people: self.people(),
            tables: Vec::new(),
            met_before: history,
            locked_seats: Vec::new(),
            weights: Weights::default(),
        }
    }
}

/// The engine's tables for `meetup`, locked where `locked` says.
pub fn table_specs(meetup: &Meetup, locked: &std::collections::HashSet<i32>) -> Vec<TableSpec> {
    meetup
        .fields
        .tables
        .iter()
        .map(|t| TableSpec {
            min: t.min.max(0) as u32,
            max: t.max.max(0) as u32,
            locked: locked.contains(&t.number),
        })
        .collect()
}

/// Table number → the engine's table index.
pub fn table_index(meetup: &Meetup) -> HashMap<i32, u32> {
    meetup
        .fields
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.number, i as u32))
        .collect()
}

/// SHA-256 (hex) of everything the matcher sees for one run, in a canonical order: two runs
/// with the same hash and seed produce the same plans.
pub fn inputs_hash(base: &Problem, rounds: &[SeriesRound], ids: &[Uuid]) -> String {
    let mut hasher = Sha256::new();
    let canonical = serde_json::json!({
        "ids": ids,
        "people": base.people.iter().map(|p| serde_json::json!([p.interests, p.affiliation, p.wants, p.blocks])).collect::<Vec<_>>(),
        "met_before": base.met_before,
        "weights": [base.weights.shared_interest, base.weights.mutual_want, base.weights.one_sided_want, base.weights.same_affiliation, base.weights.met_before],
        "rounds": rounds.iter().map(|r| serde_json::json!({
            "participants": r.participants,
            "tables": r.tables.iter().map(|t| [t.min, t.max, u32::from(t.locked)]).collect::<Vec<_>>(),
            "locked_seats": r.locked_seats,
        })).collect::<Vec<_>>(),
    });
    hasher.update(canonical.to_string().as_bytes());
    hex::encode(hasher.finalize())
}
