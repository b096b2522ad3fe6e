//! `tablemates serve --demo`: fills an empty database with a sample conference of fictional
//! people (handles, interests, wanted connections) and a lunch series of three meetups, and
//! seats and publishes the first lunch, so a newcomer sees a seating, its introduction emails
//! and its exports at once. It goes through the same request bodies and workflows as the API,
//! so the sample is exactly what real use produces.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use crate::http::dto::attendees::AttendeeIn;
use crate::http::dto::conferences::ConferenceIn;
use crate::http::dto::meetups::MeetupIn;
use anyhow::Context as _;

use crate::domain::records::JobResult;
use crate::store;
use crate::workflows;
use crate::workflows::Context;

pub const SLUG: &str = "demo-conf";
const PEOPLE: usize = 60;

const FIRST: [&str; 30] = [
    "Ada", "Bram", "Chidi", "Dana", "Emeka", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kaia", "Lior",
    "Mira", "Nils", "Oona", "Pavel", "Quinn", "Rosa", "Sami", "Tova", "Ugo", "Vera", "Wen", "Xavi",
    "Yara", "Zeno", "Alba", "Bodhi", "Cleo", "Dario",
];
const LAST: [&str; 20] = [
    "Quillfeather",
    "Brightwater",
    "Osterkamp",
    "Valdemoro",
    "Lindqvist",
    "Okonkwo-Vale",
    "Marchetti",
    "Halloran",
    "Tanaka-Reyes",
    "Dubrovsky",
    "Fairweather",
    "Nakashima",
    "Oyelaran",
    "Castellano",
    "Weatherby",
    "Kowalczyk",
    "Abernathy",
    "Sørlie",
    "Ferreira",
    "Ashdown",
];
const ORGS: [&str; 8] = [
    "Lanternfish Labs",
    "Cobalt Cooperative",
    "Umbra University",
    "Nimbus Networks",
    "Quayside Games",
    "Orchard Analytics",
    "Fjord Systems",
    "Independent",
];
const TOPICS: [&str; 18] = [
    "rust",
    "webassembly",
    "databases",
    "distributed systems",
    "machine learning",
    "ux",
    "accessibility",
    "security",
    "compilers",
    "open source",
    "devops",
    "embedded",
    "testing",
    "observability",
    "type systems",
    "community",
    "education",
    "climate tech",
];

/// What the demo created, for the start-up message.
pub struct Demo {
    pub organizer_token: String,
    /// Signs the demo organizer in to the console (once, for a few minutes).
    pub sign_in_url: String,
    /// The personal page of one demo attendee, seated at the published lunch.
    pub attendee_manage_url: String,
    pub slug: &'static str,
    pub attendees: usize,
    /// The meetup seated and published.
    pub published: String,
}

/// Longest the demo waits for its lunch to be seated.
const SEATING_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Seeds the sample when the database holds no conference yet; `None` when it does.
pub async fn seed(ctx: &Context) -> anyhow::Result<Option<Demo>> {
    if store::conferences::count(&ctx.db.read).await? > 0 {
        return Ok(None);
    }
    let now = Utc::now();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let (organizer, token) = workflows::organizers::create_with_token(
        ctx,
        "organizer@demo.invalid",
        "Demo Organizer",
        now,
        &mut rand::rng(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let starts_on = (now + Duration::days(30)).date_naive();
    let conference: ConferenceIn = serde_json::from_value(json!({
        "slug": SLUG,
        "name": "Tablemates Demo Conference",
        "description": "A sample conference of fictional people, made by `tablemates serve --demo`.",
        "venue": "Harbour Hall",
        "time_zone": "Europe/Lisbon",
        "starts_on": starts_on,
        "ends_on": starts_on + Duration::days(2),
        "registration_open": true,
        "suggested_interests": TOPICS,
        "table_size": {"min": 5, "max": 7},
    }))?;
    let (slug, fields, open) = conference
        .into_parts()
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    workflows::conferences::create(ctx, organizer.id, &slug, &fields, open, now)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;

    let mut people = Vec::with_capacity(PEOPLE);
    for i in 0..PEOPLE {
        let body: AttendeeIn = serde_json::from_value(person(i, &mut rng))?;
        let input = body.into_input().map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let created = workflows::attendees::create(ctx, organizer.id, SLUG, input, now)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        people.push(created.id);
    }
    let mut lunches = Vec::new();
    for day in 0..3 {
        let date = starts_on + Duration::days(day);
        let body: MeetupIn = serde_json::from_value(json!({
            "name": format!("Lunch, day {}", day + 1),
            "series": "lunch",
            "starts_at": lunch_time(date, 11),
            "ends_at": lunch_time(date, 12),
            "location": "The long room, first floor",
            "tables": (1..=10).map(|n| json!({"label": table_label(n)})).collect::<Vec<_>>(),
        }))?;
        let lunch =
            workflows::meetups::create(ctx, organizer.id, SLUG, |c| body.into_fields(c), now)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        lunches.push(lunch);
    }
    let first = lunches.first().context("the demo has lunches")?;
    publish_seating(ctx, organizer.id, first.id).await?;
    let sign_in_url =
        workflows::organizer_sessions::mint_link(ctx, organizer.id, Utc::now(), &mut rand::rng())
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let attendee_manage_url = workflows::attendees::personal_link(
        ctx,
        *people.first().context("the demo has people")?,
        Utc::now(),
        &mut rand::rng(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(Some(Demo {
        organizer_token: token,
        sign_in_url,
        attendee_manage_url,
        slug: SLUG,
        attendees: PEOPLE,
        published: first.fields.name.clone(),
    }))
}

/// Seats `meetup_id` through the job runner, as an organizer's run would be, and publishes the
/// draft, which queues everyone's introduction.
async fn publish_seating(
    ctx: &Context,
    organizer_id: uuid::Uuid,
    meetup_id: uuid::Uuid,
) -> anyhow::Result<()> {
    let request = workflows::plans::RunRequest {
        meetup_ids: vec![meetup_id],
        seed: Some(1),
        ..Default::default()
    };
    let job = workflows::plans::start_run(ctx, organizer_id, SLUG, request, Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let started = std::time::Instant::now();
    let result = loop {
        let job = workflows::plans::job(ctx, organizer_id, SLUG, job.id)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        if let Some(error) = job.error {
            anyhow::bail!("seating the demo lunch failed: {error}");
        }
        if let Some(result) = job.result {
            break result;
        }
        if started.elapsed() > SEATING_WAIT {
            anyhow::bail!("seating the demo lunch took more than {SEATING_WAIT:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let JobResult::Plans { plans, .. } = result else {
        anyhow::bail!("the demo's run reported no plans");
    };
    let made = plans.first().context("the demo's run made a plan")?;
    let (_, plan) = workflows::plans::get(ctx, organizer_id, SLUG, made.plan_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    workflows::plans::edit::publish(ctx, organizer_id, SLUG, plan.id, plan.version, Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(())
}

fn lunch_time(date: NaiveDate, hour_utc: u32) -> String {
    Utc.from_utc_datetime(&date.and_hms_opt(hour_utc, 30, 0).unwrap_or_default())
        .to_rfc3339()
}

fn table_label(n: usize) -> String {
    match n {
        1 => "Table 1 — by the window".to_owned(),
        5 => "Table 5 — under the skylight".to_owned(),
        10 => "Table 10 — next to the coffee".to_owned(),
        _ => format!("Table {n}"),
    }
}

fn login(i: usize) -> String {
    let first = FIRST[i % FIRST.len()].to_lowercase();
    let last: String = LAST[i % LAST.len()]
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_lowercase();
    format!("{first}{last}")
}

fn person(i: usize, rng: &mut ChaCha8Rng) -> serde_json::Value {
    let name = format!("{} {}", FIRST[i % FIRST.len()], LAST[i % LAST.len()]);
    let me = login(i);
    let how_many = rng.random_range(2..=5);
    let interests: Vec<&str> = TOPICS.choose_multiple(rng, how_many).copied().collect();
    let wants: Vec<serde_json::Value> = (0..rng.random_range(0..=2))
        .map(|_| rng.random_range(0..PEOPLE))
        .filter(|&j| j != i)
        .map(|j| json!({"network": "github", "handle": login(j)}))
        .collect();
    json!({
        "name": name,
        "email": format!("{me}@demo.invalid"),
        "affiliation": ORGS[rng.random_range(0..ORGS.len())],
        "bio": format!("Fictional attendee #{}, here for {}.", i + 1, interests.join(" and ")),
        "handles": [
            {"network": "github", "handle": me, "visibility": "tablemates"},
            {"network": "mastodon", "handle": format!("@{me}@demo.social"), "visibility": "tablemates"},
        ],
        "interests": interests,
        "wants_to_meet": wants,
        "visibility": {"affiliation": "tablemates", "bio": "tablemates"},
        "consents": {"privacy": true},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_person_is_a_valid_registration() {
        let mut rng = ChaCha8Rng::seed_from_u64(2026);
        for i in 0..PEOPLE {
            let body: AttendeeIn = serde_json::from_value(person(i, &mut rng)).expect("shape");
            body.into_input().expect("valid");
        }
    }
}
