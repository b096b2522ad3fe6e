//! `tablemates-bench seating`: seats a synthetic conference through the API, end to end. A
//! scratch database is seeded (not timed) with confirmed attendees drawn by
//! `matching::generator` (Zipf interests from a shared vocabulary, affiliations, handles and
//! wanted connections, some mutual) and one meetup, or a series of them, with tables of 8–10.
//! The service then runs in a child process and the benchmark times what an organizer waits
//! for: `POST …/plan-runs` (202 and a job), polling `GET …/jobs/{id}` until it succeeded, the
//! plans stored. It reports the job's own timestamps, the matcher's time and each plan's
//! metrics.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::scratch::Scratch;
use super::server::{self, Server, expect_status};
use tablemates::domain::records::NewAttendee;
use tablemates::domain::records::{AttendeeFields, Handle, MeetupFields, TableDef, Wanted};
use tablemates::domain::{EmailAddress, PersonName};
use tablemates::domain::{Network, SocialHandle};
use tablemates::matching::generator::{ConferenceSpec, generate};
use tablemates::matching::model::Problem;
use tablemates::store::{self, Db};

/// Options of the seating benchmark.
#[derive(Debug, Clone, clap::Args)]
pub struct SeatingArgs {
    /// Confirmed attendees, all taking part in every meetup.
    #[arg(long, default_value_t = 5_000)]
    pub people: usize,
    /// Meetups of one series planned in the one run (nobody should meet twice).
    #[arg(long, default_value_t = 1)]
    pub rounds: usize,
    #[arg(long, default_value_t = 8)]
    pub table_min: u32,
    #[arg(long, default_value_t = 10)]
    pub table_max: u32,
    /// Seed of the synthetic conference and of the run.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// `iterations` of the run request; by default none is sent (the engine's default).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// `max_seconds` of the run request; by default none is sent (the service's default).
    #[arg(long)]
    pub max_seconds: Option<f64>,
    /// A PostgreSQL or MariaDB server (e.g. postgres://postgres@127.0.0.1:5432/postgres) to
    /// create a scratch database on, dropped afterwards; the default is a temporary SQLite file.
    #[arg(long)]
    pub database_url: Option<String>,
}

use super::scratch::SLUG;
/// How often the job is polled: the resolution of the wall time.
const POLL: Duration = Duration::from_millis(20);
/// Longest the benchmark waits for the job (the service caps a run's search at 300 s).
const GIVE_UP: Duration = Duration::from_secs(600);

/// Seeds, serves, runs and prints a report plus one `RESULT` line for scripts.
pub async fn run(args: SeatingArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.people > 1, "--people must be at least 2");
    anyhow::ensure!(args.rounds > 0, "--rounds must be at least 1");
    // Before seeding, which takes a while at full size, rather than after it.
    server::service_executable()?;
    let scratch = Scratch::create(args.database_url.as_deref()).await?;
    let result = seed_and_measure(&args, &scratch).await;
    scratch.remove().await;
    result
}

/// What the seeding made, for the run request and the report.
pub struct Seeded {
    pub token: String,
    pub meetup_ids: Vec<Uuid>,
    tables: usize,
    mutual_pairs: usize,
    one_sided_wants: usize,
    mean_interests: f64,
}

async fn seed_and_measure(args: &SeatingArgs, scratch: &Scratch) -> anyhow::Result<()> {
    let (seeded, backend, took) = scratch
        .seeded(async |db| seed(db, args, Utc::now()).await)
        .await?;
    println!(
        "seeded         {:>8.2} s: {} confirmed attendees ({:.1} interests each from a vocabulary of 500, \
         {} mutual want pairs, {} one-sided wants), {} meetup(s) of {} tables of {}-{}, {backend:?}",
        took.as_secs_f64(),
        args.people,
        seeded.mean_interests,
        seeded.mutual_pairs,
        seeded.one_sided_wants,
        args.rounds,
        seeded.tables,
        args.table_min,
        args.table_max
    );

    let server = Server::start(&scratch.url).await?;
    let client = reqwest::Client::new();
    let mut request = json!({"meetup_ids": seeded.meetup_ids, "seed": args.seed});
    if let Some(iterations) = args.iterations {
        request["iterations"] = json!(iterations);
    }
    if let Some(seconds) = args.max_seconds {
        request["max_seconds"] = json!(seconds);
    }
    let cpu_before = server.cpu_seconds();
    let started = Instant::now();
    let response = client
        .post(server.url(&format!("/api/v1/conferences/{SLUG}/plan-runs")))
        .bearer_auth(&seeded.token)
        .json(&request)
        .send()
        .await
        .context("posting the run")?;
    let body = expect_status(&server, response, StatusCode::ACCEPTED, "the run").await?;
    let accepted = started.elapsed();
    let job: JobView = serde_json::from_str(&body).context("the job in the 202")?;
    let job_url = server.url(&format!("/api/v1/conferences/{SLUG}/jobs/{}", job.id));
    let mut polls = 0u32;
    let job = loop {
        let response = client
            .get(&job_url)
            .bearer_auth(&seeded.token)
            .send()
            .await?;
        let body = expect_status(&server, response, StatusCode::OK, "polling the job").await?;
        polls += 1;
        let job: JobView = serde_json::from_str(&body).context("the polled job")?;
        match job.status.as_str() {
            "succeeded" => break job,
            "failed" => bail!(
                "the job failed: {}\nserver log:\n{}",
                job.error.unwrap_or_default(),
                server.log_tail()
            ),
            _ if started.elapsed() > GIVE_UP => bail!("the job did not finish in {GIVE_UP:?}"),
            _ => tokio::time::sleep(POLL).await,
        }
    };
    let wall = started.elapsed();
    let cpu = server
        .cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let memory = server.memory();

    let result = job.result.clone().unwrap_or_default();
    let plan_ids: Vec<Uuid> = result["plans"]
        .as_array()
        .map(|plans| {
            plans
                .iter()
                .filter_map(|p| p["plan_id"].as_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    anyhow::ensure!(
        plan_ids.len() == args.rounds,
        "the job stored {} plans for {} meetups: {result}",
        plan_ids.len(),
        args.rounds
    );
    let fetch = Instant::now();
    let mut plans = Vec::new();
    for id in &plan_ids {
        let response = client
            .get(server.url(&format!("/api/v1/conferences/{SLUG}/plans/{id}")))
            .bearer_auth(&seeded.token)
            .send()
            .await?;
        let body = expect_status(&server, response, StatusCode::OK, "reading a plan").await?;
        plans.push(serde_json::from_str::<Value>(&body).context("a plan")?);
    }
    let fetched = fetch.elapsed();
    drop(server);

    report(&Report {
        args,
        backend,
        job: &job,
        plans: &plans,
        accepted,
        wall,
        polls,
        fetched,
        cpu,
        peak_mib: memory.map(|m| m.peak_kib as f64 / 1024.0),
    })
}

/// The job as `GET …/jobs/{id}` shows it.
#[derive(Debug, Deserialize)]
struct JobView {
    id: Uuid,
    status: String,
    params: Value,
    result: Option<Value>,
    error: Option<Value>,
    created_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
}

struct Report<'a> {
    args: &'a SeatingArgs,
    backend: sea_orm::DatabaseBackend,
    job: &'a JobView,
    plans: &'a [Value],
    accepted: Duration,
    wall: Duration,
    polls: u32,
    fetched: Duration,
    cpu: Option<f64>,
    peak_mib: Option<f64>,
}

fn report(r: &Report<'_>) -> anyhow::Result<()> {
    let between = |a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>| {
        a.zip(b)
            .map(|(a, b)| (b - a).num_microseconds().unwrap_or_default() as f64 / 1e6)
    };
    let job = r.job;
    let queued = between(Some(job.created_at), job.started_at);
    let ran = between(job.started_at, job.finished_at);
    let created_to_finished = between(Some(job.created_at), job.finished_at);
    let matcher = job.result.as_ref().and_then(|v| v["seconds"].as_f64());
    let secs = |s: Option<f64>| s.map_or("?".to_owned(), |s| format!("{s:.3}"));
    println!(
        "request        {:>8.3} s  POST plan-runs → 202 (checks the run: loads the roster, validates)",
        r.accepted.as_secs_f64()
    );
    println!(
        "job            {:>8} s  created → finished (job timestamps): created → started {} s, ran {} s, of which the matcher {} s",
        secs(created_to_finished),
        secs(queued),
        secs(ran),
        secs(matcher)
    );
    println!(
        "                          (created is the request's arrival, so created → started holds the request's checks; \
         the run's rest is loading the inputs again, converting and storing the plans)"
    );
    let stamps = [Some(job.created_at), job.started_at, job.finished_at];
    if stamps
        .iter()
        .flatten()
        .all(|t| t.timestamp_subsec_micros() == 0)
    {
        println!(
            "                          (this database keeps whole seconds only: read the job times from the wall time)"
        );
    }
    println!(
        "wall           {:>8.3} s  POST sent → job seen succeeded ({} polls every {} ms)",
        r.wall.as_secs_f64(),
        r.polls,
        POLL.as_millis()
    );
    println!(
        "plans read     {:>8.3} s  GET of the {} stored plan(s)",
        r.fetched.as_secs_f64(),
        r.plans.len()
    );
    if let Some(cpu) = r.cpu {
        println!(
            "server cpu     {cpu:>8.2} s  during the wall time, all threads (wall × cores available: {:.1} s)",
            r.wall.as_secs_f64()
                * std::thread::available_parallelism().map_or(1, |n| n.get()) as f64
        );
    }
    if let Some(peak) = r.peak_mib {
        println!("server memory  {peak:>8.1} MiB peak (VmHWM of the server process)");
    }
    let params = &job.params;
    println!(
        "budget         iterations {}, max_seconds {}, seed {} (iterations null: the engine's default; \
         above 3,000 people the sparse solver searches until a sweep improves nothing or max_seconds passes)",
        params["iterations"], params["max_seconds"], params["seed"]
    );
    let mut repeats_total = 0usize;
    for (i, plan) in r.plans.iter().enumerate() {
        let m = &plan["metrics"];
        let count = |key: &str| m[key].as_array().map_or(0, Vec::len);
        let seated: usize = plan["tables"]
            .as_array()
            .map(|tables| {
                tables
                    .iter()
                    .map(|t| t["members"].as_array().map_or(0, Vec::len))
                    .sum()
            })
            .unwrap_or(0);
        anyhow::ensure!(
            seated == r.args.people,
            "plan {} seats {seated} of {} people",
            i + 1,
            r.args.people
        );
        repeats_total += count("repeated_pairs");
        println!(
            "plan {}         solver {}, {} seated at {} tables, objective {}, orphans {}, repeated pairs {}, \
             wanted pairs seated {} (mutual {}), shared interests min {} mean {}, size violations {}",
            i + 1,
            m["solver"],
            seated,
            m["tables"],
            m["objective"],
            count("orphans"),
            count("repeated_pairs"),
            m["wanted_pairs_seated"],
            m["mutual_pairs_seated"],
            m["min_shared_interests"],
            m["mean_shared_interests"],
            count("size_violations"),
        );
    }
    let objective: f64 = r
        .plans
        .iter()
        .filter_map(|p| p["metrics"]["objective"].as_f64())
        .sum();
    println!(
        "RESULT backend={:?} people={} rounds={} seed={} wall_s={:.3} request_s={:.3} job_s={} created_to_started_s={} run_s={} matcher_s={} \
         objective={objective:.1} repeated_pairs={repeats_total} server_cpu_s={:.2} server_peak_mib={:.1}",
        r.backend,
        r.args.people,
        r.args.rounds,
        r.args.seed,
        r.wall.as_secs_f64(),
        r.accepted.as_secs_f64(),
        secs(created_to_finished),
        secs(queued),
        secs(ran),
        secs(matcher),
        r.cpu.unwrap_or(f64::NAN),
        r.peak_mib.unwrap_or(f64::NAN)
    );
    Ok(())
}

/// Seeds the organizer, conference, attendees and meetups through the store.
pub async fn seed(db: &Db, args: &SeatingArgs, now: DateTime<Utc>) -> anyhow::Result<Seeded> {
    let tables = table_count(args.people, args.table_min, args.table_max)?;
    let mut spec = ConferenceSpec::new(args.people, args.seed);
    spec.table_min = args.table_min;
    spec.table_max = args.table_max;
    let problem = generate(&spec).context("generating the conference")?;

    let (conference, token) = super::scratch::seed_conference(
        db,
        args.rounds as u64,
        args.table_min as i32,
        args.table_max as i32,
        now,
    )
    .await?;
    seed_attendees(db, conference.id, &problem, now).await?;

    let mut meetup_ids = Vec::new();
    for round in 0..args.rounds {
        let starts_at = conference
            .fields
            .starts_on
            .and_hms_opt(12, 30, 0)
            .context("a time")?
            .and_utc()
            + chrono::Duration::days(round as i64);
        let meetup = store::meetups::insert(
            &db.write,
            conference.id,
            &MeetupFields {
                name: format!("Lunch, day {}", round + 1),
                series: Some("lunch".into()),
                starts_at,
                ends_at: starts_at + chrono::Duration::hours(1),
                location: "Hall B".into(),
                opt_in_only: false,
                tables: (1..=tables as i32)
                    .map(|n| TableDef {
                        number: n,
                        label: format!("Table {n}"),
                        min: args.table_min as i32,
                        max: args.table_max as i32,
                    })
                    .collect(),
            },
            now,
        )
        .await?;
        meetup_ids.push(meetup.id);
    }

    let wants = |i: usize, j: u32| problem.people[j as usize].wants.contains(&(i as u32));
    let (mut mutual, mut one_sided) = (0, 0);
    for (i, p) in problem.people.iter().enumerate() {
        for &j in &p.wants {
            if !wants(i, j) {
                one_sided += 1;
            } else if (i as u32) < j {
                mutual += 1;
            }
        }
    }
    let interests: usize = problem.people.iter().map(|p| p.interests.len()).sum();
    Ok(Seeded {
        token,
        meetup_ids,
        tables,
        mutual_pairs: mutual,
        one_sided_wants: one_sided,
        mean_interests: interests as f64 / args.people as f64,
    })
}

/// Tables near the middle of the bounds, so the head count always fits.
fn table_count(people: usize, min: u32, max: u32) -> anyhow::Result<usize> {
    anyhow::ensure!(0 < min && min <= max, "need 0 < --table-min ≤ --table-max");
    let (min, max) = (min as usize, max as usize);
    let (fewest, most) = (people.div_ceil(max), people / min);
    anyhow::ensure!(
        fewest <= most,
        "{people} people cannot fill whole tables of {min}-{max}"
    );
    Ok((people * 2).div_ceil(min + max).clamp(fewest, most))
}

/// Attendees, handles, interests and wanted connections, a thousand people per round trip.
async fn seed_attendees(
    db: &Db,
    conference_id: Uuid,
    problem: &Problem,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let github = |i: usize| -> anyhow::Result<SocialHandle> {
        SocialHandle::parse(Network::Github, &format!("dev-{i}"))
            .map_err(|e| anyhow::anyhow!("a handle: {}", e.message()))
    };
    let ids: Vec<Uuid> = problem.people.iter().map(|_| Uuid::now_v7()).collect();
    for start in (0..problem.people.len()).step_by(1_000) {
        let end = (start + 1_000).min(problem.people.len());
        let fields: Vec<AttendeeFields> = (start..end)
            .map(|i| AttendeeFields {
                name: PersonName::parse(&format!(
                    "{} {}",
                    FIRST[i % FIRST.len()],
                    LAST[(i / FIRST.len()) % LAST.len()]
                ))
                .expect("a valid name"),
                email: EmailAddress::parse(&format!("attendee{i}@example.org"))
                    .expect("a valid address"),
                affiliation: problem.people[i]
                    .affiliation
                    .map(|a| format!("Organisation {a}")),
                role: None,
                bio: None,
                affiliation_visibility: tablemates::domain::Visibility::Tablemates,
                bio_visibility: tablemates::domain::Visibility::Tablemates,
                language: None,
            })
            .collect();
        let rows: Vec<NewAttendee<'_>> = fields
            .iter()
            .zip(&ids[start..end])
            .map(|(f, id)| NewAttendee {
                id: *id,
                conference_id,
                fields: f,
                status: tablemates::domain::AttendeeStatus::Confirmed,
                privacy_consent_at: Some(now),
                email_consent_at: None,
                confirmed_at: Some(now),
            })
            .collect();
        store::batch::insert_attendees(&db.write, &rows, now).await?;

        let handles = (start..end)
            .map(|i| {
                Ok(vec![Handle {
                    handle: github(i)?,
                    visibility: tablemates::domain::Visibility::Tablemates,
                    verified: None,
                }])
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let items: Vec<(Uuid, Uuid, &[Handle])> = (start..end)
            .zip(&handles)
            .map(|(i, h)| (ids[i], conference_id, h.as_slice()))
            .collect();
        store::batch::insert_handles(&db.write, &items).await?;

        let interests: Vec<Vec<String>> = (start..end)
            .map(|i| {
                problem.people[i]
                    .interests
                    .iter()
                    .map(|&k| interest_name(k as usize))
                    .collect()
            })
            .collect();
        let items: Vec<(Uuid, Uuid, &[String])> = (start..end)
            .zip(&interests)
            .map(|(i, names)| (conference_id, ids[i], names.as_slice()))
            .collect();
        store::batch::link_interests(&db.write, &items).await?;

        let wanted = (start..end)
            .map(|i| {
                problem.people[i]
                    .wants
                    .iter()
                    .map(|&j| {
                        Ok(Wanted {
                            handle: github(j as usize)?,
                        })
                    })
                    .collect::<anyhow::Result<Vec<_>>>()
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let items: Vec<(Uuid, Uuid, &[Wanted])> = (start..end)
            .zip(&wanted)
            .map(|(i, w)| (ids[i], conference_id, w.as_slice()))
            .collect();
        store::batch::insert_wanted(&db.write, &items).await?;
    }
    Ok(())
}

/// The name of interest `k` (0 = the most popular): the fifty topics first, then the same
/// topics narrowed down, so the long tail reads like real sub-topics.
fn interest_name(k: usize) -> String {
    let topic = TOPICS[k % TOPICS.len()];
    match k / TOPICS.len() {
        0 => topic.to_owned(),
        n => format!("{topic} {}", NARROWER[(n - 1) % NARROWER.len()]),
    }
}

const TOPICS: [&str; 50] = [
    "rust",
    "python",
    "go",
    "javascript",
    "typescript",
    "java",
    "kotlin",
    "swift",
    "c++",
    "haskell",
    "elixir",
    "databases",
    "postgresql",
    "distributed systems",
    "kubernetes",
    "observability",
    "security",
    "cryptography",
    "machine learning",
    "data engineering",
    "compilers",
    "webassembly",
    "embedded",
    "robotics",
    "game development",
    "accessibility",
    "ux design",
    "frontend",
    "mobile",
    "devops",
    "testing",
    "open source",
    "community building",
    "education",
    "privacy",
    "networking",
    "cloud costs",
    "performance",
    "concurrency",
    "functional programming",
    "type systems",
    "api design",
    "search",
    "recommender systems",
    "mlops",
    "edge computing",
    "sustainability",
    "career growth",
    "developer experience",
    "documentation",
];

const NARROWER: [&str; 9] = [
    "in production",
    "at scale",
    "tooling",
    "for beginners",
    "research",
    "internals",
    "ecosystem",
    "best practices",
    "case studies",
];

const FIRST: [&str; 16] = [
    "Ada", "Alan", "Barbara", "Dennis", "Edsger", "Frances", "Grace", "John", "Karen", "Ken",
    "Leslie", "Margaret", "Radia", "Sophie", "Tony", "Yukihiro",
];

const LAST: [&str; 16] = [
    "Allen",
    "Backus",
    "Dijkstra",
    "Hamilton",
    "Hopper",
    "Hoare",
    "Kernighan",
    "Lamport",
    "Liskov",
    "Lovelace",
    "Matsumoto",
    "Perlman",
    "Ritchie",
    "Spärck Jones",
    "Turing",
    "Wilson",
];
