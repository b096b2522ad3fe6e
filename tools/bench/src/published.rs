//! A conference whose meetups all have published plans, seeded through the store functions
//! (not HTTP, which would time the seeding instead of what a benchmark measures): the export
//! and console benchmarks serve it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use tablemates::domain::records::{
    AttendeeFields, Handle, MeetupFields, NewAttendee, NewPlan, PlanTable, Seat, TableDef,
};
use tablemates::domain::{EmailAddress, PersonName};
use tablemates::store::{self, Db};

/// How big the seeded conference is: everyone is seated in every meetup, spread evenly over
/// `tables` tables.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub people: usize,
    pub meetups: usize,
    pub tables: usize,
    /// Also a newer draft of each meetup, seating everyone differently (what an organizer
    /// adjusting a plan after publishing it looks at).
    pub drafts: bool,
}

/// What a benchmark needs to talk to the seeded conference.
pub struct Seeded {
    /// The organizer's API token.
    pub token: String,
    pub meetup_ids: Vec<Uuid>,
}

const INTERESTS: [&str; 12] = [
    "rust",
    "databases",
    "ux",
    "ml",
    "security",
    "devops",
    "compilers",
    "web",
    "embedded",
    "testing",
    "accessibility",
    "privacy",
];

/// Seeds the organizer, the conference, its confirmed attendees (three interests and a
/// Mastodon handle each) and one published plan per meetup, each seating everyone differently.
pub async fn seed(db: &Db, shape: Shape, now: DateTime<Utc>) -> anyhow::Result<Seeded> {
    anyhow::ensure!(
        shape.people > 0 && shape.meetups > 0 && (1..=shape.people).contains(&shape.tables),
        "sizes must be positive, with no more tables than people"
    );
    let table_max = shape.people.div_ceil(shape.tables) as i32;
    let (conference, token) =
        super::scratch::seed_conference(db, 0, table_max, table_max, now).await?;
    let ids = seed_attendees(db, conference.id, shape.people, now).await?;
    let mut meetup_ids = Vec::with_capacity(shape.meetups);
    for m in 0..shape.meetups {
        let starts_at = conference_start(now) + Duration::days(m as i64);
        let meetup = store::meetups::insert(
            &db.write,
            conference.id,
            &MeetupFields {
                name: format!("Lunch {}", m + 1),
                series: Some("lunch".into()),
                starts_at,
                ends_at: starts_at + Duration::hours(1),
                location: "Hall B".into(),
                opt_in_only: false,
                tables: (1..=shape.tables as i32)
                    .map(|n| TableDef {
                        number: n,
                        label: format!("Table {n}"),
                        min: 1,
                        max: table_max,
                    })
                    .collect(),
            },
            now,
        )
        .await?;
        let plan = seating(&ids, shape.tables, m, table_max);
        let plan_id = store::plans::insert_draft(
            &db.write,
            &NewPlan {
                meetup_id: meetup.id,
                job_id: None,
                seed: 1,
                params: serde_json::json!({}),
                inputs_hash: String::new(),
                metrics: serde_json::json!({}),
                tables: plan.0,
                seats: plan.1,
            },
            now,
        )
        .await?;
        anyhow::ensure!(
            store::plans::publish(&db.write, plan_id, meetup.id, 1, now).await?,
            "published"
        );
        if shape.drafts {
            let (tables, seats) = seating(&ids, shape.tables, m + 1, table_max);
            store::plans::insert_draft(
                &db.write,
                &NewPlan {
                    meetup_id: meetup.id,
                    job_id: None,
                    seed: 2,
                    params: serde_json::json!({}),
                    inputs_hash: String::new(),
                    metrics: serde_json::json!({}),
                    tables,
                    seats,
                },
                now,
            )
            .await?;
        }
        meetup_ids.push(meetup.id);
    }
    Ok(Seeded { token, meetup_ids })
}

async fn seed_attendees(
    db: &Db,
    cid: Uuid,
    people: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Uuid>> {
    let mut ids = Vec::with_capacity(people);
    for start in (0..people).step_by(2000) {
        let end = (start + 2000).min(people);
        let fields: Vec<AttendeeFields> = (start..end)
            .map(|i| AttendeeFields {
                name: PersonName::parse(&format!("Attendee Number {i}")).expect("a valid name"),
                email: EmailAddress::parse(&format!("attendee{i}@example.org"))
                    .expect("a valid address"),
                affiliation: Some(format!("Organisation {}", i % 700)),
                role: None,
                bio: None,
                affiliation_visibility: tablemates::domain::Visibility::Tablemates,
                bio_visibility: tablemates::domain::Visibility::Tablemates,
                language: None,
            })
            .collect();
        let chunk_ids: Vec<Uuid> = fields.iter().map(|_| Uuid::now_v7()).collect();
        let rows: Vec<NewAttendee<'_>> = fields
            .iter()
            .zip(&chunk_ids)
            .map(|(f, id)| NewAttendee {
                id: *id,
                conference_id: cid,
                fields: f,
                status: tablemates::domain::AttendeeStatus::Confirmed,
                privacy_consent_at: Some(now),
                email_consent_at: None,
                confirmed_at: Some(now),
            })
            .collect();
        store::batch::insert_attendees(&db.write, &rows, now).await?;
        let handles: Vec<Vec<Handle>> = (start..end)
            .map(|i| {
                vec![Handle {
                    handle: tablemates::domain::SocialHandle::parse(
                        tablemates::domain::Network::Mastodon,
                        &format!("@person{i}@example.social"),
                    )
                    .expect("a valid handle"),
                    visibility: tablemates::domain::Visibility::Tablemates,
                    verified: None,
                }]
            })
            .collect();
        let handle_items: Vec<(Uuid, Uuid, &[Handle])> = chunk_ids
            .iter()
            .zip(&handles)
            .map(|(id, h)| (*id, cid, h.as_slice()))
            .collect();
        store::batch::insert_handles(&db.write, &handle_items).await?;
        let interests: Vec<Vec<String>> = (start..end)
            .map(|i| {
                (0..3)
                    .map(|k| INTERESTS[(i * 7 + k * 5) % INTERESTS.len()].to_owned())
                    .collect()
            })
            .collect();
        let interest_items: Vec<(Uuid, Uuid, &[String])> = chunk_ids
            .iter()
            .zip(&interests)
            .map(|(id, names)| (cid, *id, names.as_slice()))
            .collect();
        store::batch::link_interests(&db.write, &interest_items).await?;
        ids.extend(chunk_ids);
    }
    Ok(ids)
}

/// Meetup `m`'s tables and seats: a different seating each meetup, striding through the
/// attendees by a step coprime with their number so everyone is seated once, and spreading
/// them evenly over the tables in seat order.
fn seating(ids: &[Uuid], tables: usize, m: usize, table_max: i32) -> (Vec<PlanTable>, Vec<Seat>) {
    let people = ids.len();
    let mut stride = 1 + m * 3;
    while gcd(stride, people) != 1 {
        stride += 1;
    }
    let seats: Vec<Seat> = (0..people)
        .map(|i| Seat {
            attendee_id: ids[(i * stride) % people],
            table_number: (i * tables / people) as i32 + 1,
            locked: false,
        })
        .collect();
    // Seats are in table order, so each table's members are one run of them.
    let plan_tables = seats
        .chunk_by(|a, b| a.table_number == b.table_number)
        .map(|members| {
            let n = members[0].table_number;
            PlanTable {
                number: n,
                label: format!("Table {n}"),
                min: 1,
                max: table_max,
                locked: false,
                explanation: serde_json::json!({"shared_interests": [{
                    "interest": INTERESTS[n as usize % INTERESTS.len()],
                    "attendee_ids": members.iter().take(3).map(|s| s.attendee_id).collect::<Vec<_>>(),
                }]}),
            }
        })
        .collect();
    (plan_tables, seats)
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn conference_start(now: DateTime<Utc>) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 6, 1)
        .and_then(|d| d.and_hms_opt(11, 30, 0))
        .map_or(now, |t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyone_is_seated_once_and_tables_differ_by_at_most_one() {
        let ids: Vec<Uuid> = (0..5000).map(|_| Uuid::now_v7()).collect();
        let (tables, seats) = seating(&ids, 600, 1, 9);
        assert_eq!(tables.len(), 600);
        let mut seen: Vec<Uuid> = seats.iter().map(|s| s.attendee_id).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 5000);
        let mut sizes = std::collections::HashMap::new();
        for s in &seats {
            *sizes.entry(s.table_number).or_insert(0) += 1;
        }
        assert_eq!(sizes.values().min(), Some(&8));
        assert_eq!(sizes.values().max(), Some(&9));
    }
}
