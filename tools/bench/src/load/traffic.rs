//! The clients of a load: each loops over a fixed mix of requests against one of the
//! instances (clients are spread over them) until told to stop, and records every answer by
//! kind: its latency, whether it was 2xx, 4xx, 503 or another 5xx, or no answer at all, and
//! which registrations were accepted.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::scratch::SLUG;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Register,
    Read,
    Edit,
    List,
    Export,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Register => "registration (POST public registrations)",
            Kind::Read => "attendee read (GET /api/v1/me)",
            Kind::Edit => "attendee edit (PATCH /api/v1/me)",
            Kind::List => "organizer list (GET attendees)",
            Kind::Export => "organizer export (GET seats.csv)",
        }
    }
}

/// Out of 20 requests: 8 registrations, 6 reads, 2 edits, 3 lists, 1 export.
const MIX: [Kind; 20] = {
    use Kind::*;
    [
        Register, Read, List, Register, Read, Edit, Register, Read, List, Register, Read, Export,
        Register, Read, Edit, Register, Read, List, Register, Register,
    ]
};

/// What the clients need: where to send, as whom.
pub struct Target {
    pub base_urls: Vec<String>,
    pub organizer_token: String,
    /// Personal-link tokens of seeded attendees, for reads and edits.
    pub attendee_tokens: Vec<String>,
    /// Registrations use `{prefix}-{client}-{n}@example.org`, so runs never collide.
    pub prefix: String,
}

/// Registrations only, until `duration` passes or 200 of them were answered 503 (a full
/// disk has been full for a while).
pub async fn register_only(
    target: Arc<Target>,
    clients: usize,
    duration: Duration,
    control: Control,
) -> Outcome {
    let control = Control {
        only_registrations: true,
        stop_after_503: Some(200),
        ..control
    };
    run(target, clients, duration, control).await
}

#[derive(Debug, Default, Clone)]
pub struct KindStats {
    pub latencies: Vec<Duration>,
    pub ok: u64,
    pub client_errors: u64,
    pub unavailable: u64,
    pub other_5xx: u64,
    pub no_answer: u64,
    /// The slowest 503 (how fast an outage fails).
    pub slowest_503: Duration,
    /// Latencies of 2xx answers that came before [`Control::fault`]: what the server's
    /// queue alone costs under this load, the yardstick for how fast a 503 can be.
    pub ok_before_fault: Vec<Duration>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub kinds: BTreeMap<Kind, KindStats>,
    pub accepted: HashSet<String>,
    pub refused_503: HashSet<String>,
    /// Per instance index: 5xx (503 included) seen from it.
    pub fivexx_by_instance: Vec<u64>,
    pub elapsed: Duration,
    /// Time from [`Control::mark`] to the first 2xx after it, if one came.
    pub first_ok_after_mark: Option<Duration>,
    /// One example body of an unexpected 5xx, for the report.
    pub example_5xx: Option<String>,
    /// An example 503 that was not problem+json with Retry-After (should stay `None`).
    pub bad_503: Option<String>,
}

impl Outcome {
    pub fn total(&self) -> u64 {
        self.kinds
            .values()
            .map(|k| k.latencies.len() as u64 + k.no_answer)
            .sum()
    }
    pub fn other_5xx(&self) -> u64 {
        self.kinds.values().map(|k| k.other_5xx).sum()
    }
    pub fn unavailable(&self) -> u64 {
        self.kinds.values().map(|k| k.unavailable).sum()
    }
    pub fn no_answer(&self) -> u64 {
        self.kinds.values().map(|k| k.no_answer).sum()
    }
}

/// Shared between the clients and whoever runs the load.
#[derive(Clone, Default)]
pub struct Control {
    stop: Arc<AtomicBool>,
    /// When set, the time of the first 2xx after it is recorded (recovery after a fault).
    mark: Arc<Mutex<Option<Instant>>>,
    first_ok: Arc<Mutex<Option<Duration>>>,
    /// When set, answers after it no longer count as healthy traffic.
    fault: Arc<Mutex<Option<Instant>>>,
    only_registrations: bool,
    stop_after_503: Option<u64>,
    unavailable: Arc<std::sync::atomic::AtomicU64>,
}

impl Control {
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }
    /// Starts timing recovery: the next 2xx answer after now is recorded.
    pub fn mark(&self) {
        *self.mark.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        *self.first_ok.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
    /// Marks the moment a fault is injected: 2xx answers that came before it are kept apart as
    /// the healthy baseline.
    pub fn fault(&self) {
        *self.fault.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
    }
    fn before_fault(&self, at: Instant) -> bool {
        self.fault
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_none_or(|fault| at < fault)
    }
    fn saw_ok(&self, at: Instant) {
        let mark = *self.mark.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(mark) = mark
            && at > mark
        {
            let mut first = self.first_ok.lock().unwrap_or_else(|e| e.into_inner());
            if first.is_none() {
                *first = Some(at - mark);
            }
        }
    }
}

/// Runs `clients` clients for `duration` (or until `control` stops them).
pub async fn run(
    target: Arc<Target>,
    clients: usize,
    duration: Duration,
    control: Control,
) -> Outcome {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap_or_default();
    let started = Instant::now();
    let shared = Arc::new(Mutex::new(Outcome {
        fivexx_by_instance: vec![0; target.base_urls.len()],
        ..Outcome::default()
    }));
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (http, target, control, shared) = (
            http.clone(),
            target.clone(),
            control.clone(),
            shared.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut local = Outcome {
                fivexx_by_instance: vec![0; target.base_urls.len()],
                ..Outcome::default()
            };
            let instance = client % target.base_urls.len();
            let mut n = client;
            while started.elapsed() < duration && !control.stop.load(Ordering::SeqCst) {
                let kind = if control.only_registrations {
                    Kind::Register
                } else {
                    MIX[n % MIX.len()]
                };
                one(
                    &http, &target, instance, client, n, kind, &control, &mut local,
                )
                .await;
                n += 1;
            }
            let mut all = shared.lock().unwrap_or_else(|e| e.into_inner());
            merge(&mut all, local);
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let mut outcome = std::mem::take(&mut *shared.lock().unwrap_or_else(|e| e.into_inner()));
    outcome.elapsed = started.elapsed();
    outcome.first_ok_after_mark = *control.first_ok.lock().unwrap_or_else(|e| e.into_inner());
    outcome
}

#[expect(
    clippy::too_many_arguments,
    reason = "one request's whole context, called from one place"
)]
async fn one(
    http: &reqwest::Client,
    target: &Target,
    instance: usize,
    client: usize,
    n: usize,
    kind: Kind,
    control: &Control,
    out: &mut Outcome,
) {
    let base = &target.base_urls[instance];
    let person = target
        .attendee_tokens
        .get(n % target.attendee_tokens.len().max(1))
        .map_or("", String::as_str);
    let email = format!("{}-{client}-{n}@example.org", target.prefix);
    let request = match kind {
        Kind::Register => http
            .post(format!(
                "{base}/api/v1/public/conferences/{SLUG}/registrations"
            ))
            .json(&json!({
                "name": format!("Load Person {client} {n}"),
                "email": email,
                "interests": ["rust", format!("topic-{}", n % 50)],
                "consents": {"privacy": true},
            })),
        Kind::Read => http.get(format!("{base}/api/v1/me")).bearer_auth(person),
        Kind::Edit => http
            .patch(format!("{base}/api/v1/me"))
            .bearer_auth(person)
            .json(&json!({"bio": format!("Edited under load, round {n}")})),
        Kind::List => http
            .get(format!(
                "{base}/api/v1/conferences/{SLUG}/attendees?per_page=50&page={}",
                1 + n % 20
            ))
            .bearer_auth(&target.organizer_token),
        Kind::Export => http
            .get(format!(
                "{base}/api/v1/conferences/{SLUG}/exports/seats.csv"
            ))
            .bearer_auth(&target.organizer_token),
    };
    let sent = Instant::now();
    let stats = out.kinds.entry(kind).or_default();
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) => {
            stats.no_answer += 1;
            // A dead instance refuses at once: a client retrying in a tight loop would only
            // count refusals and starve the live instance of CPU.
            tokio::time::sleep(Duration::from_millis(100)).await;
            return;
        }
    };
    let status = response.status();
    let problem_with_retry = response
        .headers()
        .get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"))
        && response.headers().contains_key("retry-after");
    // The body is read whole, as a client would (an export streams).
    let body = response.bytes().await;
    let took = sent.elapsed();
    stats.latencies.push(took);
    match status.as_u16() {
        200..=299 => {
            stats.ok += 1;
            control.saw_ok(Instant::now());
            if control.before_fault(Instant::now()) {
                stats.ok_before_fault.push(took);
            }
            if kind == Kind::Register {
                out.accepted.insert(email);
            }
        }
        503 => {
            stats.unavailable += 1;
            let seen = control.unavailable.fetch_add(1, Ordering::SeqCst) + 1;
            if control.stop_after_503.is_some_and(|limit| seen >= limit) {
                control.stop();
            }
            stats.slowest_503 = stats.slowest_503.max(took);
            out.fivexx_by_instance[instance] += 1;
            if kind == Kind::Register {
                out.refused_503.insert(email);
            }
            if !problem_with_retry && out.bad_503.is_none() {
                out.bad_503 = Some(String::from_utf8_lossy(&body.unwrap_or_default()).into());
            }
        }
        500..=599 => {
            stats.other_5xx += 1;
            out.fivexx_by_instance[instance] += 1;
            if out.example_5xx.is_none() {
                out.example_5xx = Some(format!(
                    "{status} {}",
                    String::from_utf8_lossy(&body.unwrap_or_default())
                ));
            }
        }
        _ => stats.client_errors += 1,
    }
}

fn merge(all: &mut Outcome, local: Outcome) {
    for (kind, stats) in local.kinds {
        let into = all.kinds.entry(kind).or_default();
        into.latencies.extend(stats.latencies);
        into.ok += stats.ok;
        into.client_errors += stats.client_errors;
        into.unavailable += stats.unavailable;
        into.other_5xx += stats.other_5xx;
        into.no_answer += stats.no_answer;
        into.slowest_503 = into.slowest_503.max(stats.slowest_503);
        into.ok_before_fault.extend(stats.ok_before_fault);
    }
    all.accepted.extend(local.accepted);
    all.refused_503.extend(local.refused_503);
    for (i, n) in local.fivexx_by_instance.into_iter().enumerate() {
        all.fivexx_by_instance[i] += n;
    }
    if all.example_5xx.is_none() {
        all.example_5xx = local.example_5xx;
    }
    if all.bad_503.is_none() {
        all.bad_503 = local.bad_503;
    }
}

/// The `q` quantile (0–1) of `latencies`, sorted in place.
pub fn quantile(latencies: &mut [Duration], q: f64) -> Duration {
    if latencies.is_empty() {
        return Duration::ZERO;
    }
    latencies.sort_unstable();
    let index = ((latencies.len() as f64 - 1.0) * q).round() as usize;
    latencies[index.min(latencies.len() - 1)]
}

/// Per-kind rows for the report: requests, throughput, p50 and p99.
pub fn describe(outcome: &mut Outcome) -> Vec<(String, String)> {
    let seconds = outcome.elapsed.as_secs_f64().max(0.001);
    let mut rows = Vec::new();
    for (kind, stats) in outcome.kinds.iter_mut() {
        let n = stats.latencies.len();
        let p50 = quantile(&mut stats.latencies, 0.50);
        let p99 = quantile(&mut stats.latencies, 0.99);
        rows.push((
            kind.label().to_owned(),
            format!(
                "{n} answered ({} 2xx, {} 4xx, {} 503, {} other 5xx, {} no answer), {:.0}/s, p50 {:.1} ms, p99 {:.1} ms",
                stats.ok,
                stats.client_errors,
                stats.unavailable,
                stats.other_5xx,
                stats.no_answer,
                n as f64 / seconds,
                p50.as_secs_f64() * 1e3,
                p99.as_secs_f64() * 1e3
            ),
        ));
    }
    rows
}
