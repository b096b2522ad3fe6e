//! The service's Prometheus metrics: what the request middleware, the registration workflow,
//! the outbox worker and the job runner count, and the gauges read at scrape time. One
//! registry per `Application`, not a process-wide one, so that applications started side by
//! side (the API tests) count only their own traffic.

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Names carry this prefix, so the service's families sort together in a shared Prometheus.
const PREFIX: &str = "tablemates";

/// Request latency bounds, in seconds: a page or registration takes milliseconds, an export
/// of a large conference seconds.
const REQUEST_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Job duration bounds, in seconds: a small plan runs in well under a second, a large series
/// for minutes.
const JOB_BUCKETS: [f64; 11] = [
    0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0,
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FailureLabels {
    /// `retry` when the email will be tried again, `failed` when it was given up on.
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    kind: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolName {
    pool: &'static str,
}

/// A connection pool's use at one moment.
#[derive(Debug, Clone, Copy)]
pub struct PoolUse {
    /// `write` and `read` for SQLite's writer and read pool; `shared` for the one pool of
    /// PostgreSQL and MariaDB.
    pub pool: &'static str,
    pub in_use: u64,
    pub idle: u64,
    pub max: u64,
}

/// What is read from the database at scrape time.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Outbox rows per status, every status named (zero when there is none).
    pub outbox: Vec<(String, i64)>,
    /// Jobs per status, every status named.
    pub jobs: Vec<(String, i64)>,
    pub pools: Vec<PoolUse>,
}

/// Cheap to clone: every clone counts into the same registry.
#[derive(Clone, Debug)]
pub struct Metrics(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Family<RouteLabels, Histogram>,
    registrations: Counter,
    emails_sent: Counter,
    send_failures: Family<FailureLabels, Counter>,
    webhook_attempts: Family<FailureLabels, Counter>,
    job_seconds: Family<JobLabels, Histogram>,
    outbox: Family<StatusLabel, Gauge>,
    jobs: Family<StatusLabel, Gauge>,
    pool_connections: Family<PoolLabels, Gauge>,
    pool_max: Family<PoolName, Gauge>,
}

fn request_histogram() -> Histogram {
    Histogram::new(REQUEST_BUCKETS)
}

fn job_histogram() -> Histogram {
    Histogram::new(JOB_BUCKETS)
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix(PREFIX);
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, matched route pattern and status",
            requests.clone(),
        );
        let request_seconds =
            Family::<RouteLabels, Histogram>::new_with_constructor(request_histogram as fn() -> _);
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its response, by method and matched route pattern",
            request_seconds.clone(),
        );
        let registrations = Counter::default();
        registry.register(
            "registrations_accepted",
            "New attendees registered through the public form or API (repeats not counted)",
            registrations.clone(),
        );
        let emails_sent = Counter::default();
        registry.register(
            "emails_sent",
            "Emails the outbox worker handed to the mail server and recorded as sent",
            emails_sent.clone(),
        );
        let send_failures = Family::<FailureLabels, Counter>::default();
        // Both outcomes from the start, so an alert on their rate has a series before the
        // first failure.
        for outcome in ["retry", "failed"] {
            drop(send_failures.get_or_create(&FailureLabels { outcome }));
        }
        registry.register(
            "email_send_failures",
            "Failed sending attempts: outcome=retry will be tried again, outcome=failed was given up on",
            send_failures.clone(),
        );
        let webhook_attempts = Family::<FailureLabels, Counter>::default();
        for outcome in ["delivered", "retry", "failed"] {
            drop(webhook_attempts.get_or_create(&FailureLabels { outcome }));
        }
        registry.register(
            "webhook_attempts",
            "Webhook delivery attempts: outcome=delivered got a 2xx, retry will be tried again, failed was given up on",
            webhook_attempts.clone(),
        );
        let job_seconds =
            Family::<JobLabels, Histogram>::new_with_constructor(job_histogram as fn() -> _);
        registry.register(
            "job_duration_seconds",
            "How long background jobs ran, by kind and outcome (succeeded, failed)",
            job_seconds.clone(),
        );
        let outbox = Family::<StatusLabel, Gauge>::default();
        registry.register(
            "outbox_emails",
            "Emails in the outbox by status, read at scrape time",
            outbox.clone(),
        );
        let jobs = Family::<StatusLabel, Gauge>::default();
        registry.register(
            "jobs",
            "Background jobs by status (queued is the queue depth), read at scrape time",
            jobs.clone(),
        );
        let pool_connections = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Open database connections by pool and state (in_use, idle)",
            pool_connections.clone(),
        );
        let pool_max = Family::<PoolName, Gauge>::default();
        registry.register(
            "db_pool_max_connections",
            "The most connections each database pool opens",
            pool_max.clone(),
        );
        Self(Arc::new(Inner {
            registry,
            requests,
            request_seconds,
            registrations,
            emails_sent,
            send_failures,
            webhook_attempts,
            job_seconds,
            outbox,
            jobs,
            pool_connections,
            pool_max,
        }))
    }
}

impl Metrics {
    /// Counts one answered request. `route` is the matched pattern (`/c/{slug}`), never the
    /// path: paths carry tokens and would make a series per visitor.
    /// Counts one request; `route` is moved into the labels (one allocation per request on
    /// the hot path, not four).
    pub fn request(&self, method: &'static str, route: String, status: u16, seconds: f64) {
        let by_route = RouteLabels { method, route };
        self.0
            .request_seconds
            .get_or_create(&by_route)
            .observe(seconds);
        self.0
            .requests
            .get_or_create(&RequestLabels {
                method,
                route: by_route.route,
                status,
            })
            .inc();
    }

    pub fn registrations_accepted(&self, count: u64) {
        self.0.registrations.inc_by(count);
    }

    pub fn emails_sent(&self, count: u64) {
        self.0.emails_sent.inc_by(count);
    }

    /// One failed attempt; `given_up` when no retry was scheduled.
    pub fn email_send_failed(&self, given_up: bool) {
        let outcome = if given_up { "failed" } else { "retry" };
        self.0
            .send_failures
            .get_or_create(&FailureLabels { outcome })
            .inc();
    }

    /// One webhook delivery attempt: `delivered`, `retry` or `failed`.
    pub fn webhook_attempt(&self, outcome: &'static str) {
        self.0
            .webhook_attempts
            .get_or_create(&FailureLabels { outcome })
            .inc();
    }

    /// Makes the duration series of every job kind exist from the start, empty, so that the
    /// family is in the exposition before the first job ends.
    pub fn declare_job_kinds<'a>(&self, kinds: impl IntoIterator<Item = &'a str>) {
        for kind in kinds {
            for outcome in ["succeeded", "failed"] {
                drop(self.0.job_seconds.get_or_create(&JobLabels {
                    kind: kind.to_owned(),
                    outcome,
                }));
            }
        }
    }

    pub fn job_finished(&self, kind: &str, succeeded: bool, seconds: f64) {
        let outcome = if succeeded { "succeeded" } else { "failed" };
        self.0
            .job_seconds
            .get_or_create(&JobLabels {
                kind: kind.to_owned(),
                outcome,
            })
            .observe(seconds);
    }

    /// The exposition (Prometheus text format 0.0.4), with the gauges set from `snapshot`.
    pub fn render(&self, snapshot: &Snapshot) -> String {
        let inner = &self.0;
        for (family, counts) in [
            (&inner.outbox, &snapshot.outbox),
            (&inner.jobs, &snapshot.jobs),
        ] {
            for (status, n) in counts {
                family
                    .get_or_create(&StatusLabel {
                        status: status.clone(),
                    })
                    .set(*n);
            }
        }
        for pool in &snapshot.pools {
            for (state, n) in [("in_use", pool.in_use), ("idle", pool.idle)] {
                inner
                    .pool_connections
                    .get_or_create(&PoolLabels {
                        pool: pool.pool,
                        state,
                    })
                    .set(gauge_value(n));
            }
            inner
                .pool_max
                .get_or_create(&PoolName { pool: pool.pool })
                .set(gauge_value(pool.max));
        }
        let mut out = String::new();
        // Writing into a String cannot fail; the encoder's error type is fmt's.
        if let Err(e) =
            prometheus_client::encoding::prometheus_text::encode(&mut out, &inner.registry)
        {
            tracing::error!(error = %e, "encoding the metrics failed");
        }
        out
    }
}

fn gauge_value(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_names_every_family_with_its_labels() {
        let metrics = Metrics::default();
        metrics.request("GET", "/c/{slug}".to_owned(), 404, 0.002);
        metrics.registrations_accepted(2);
        metrics.email_send_failed(false);
        metrics.job_finished("plan", true, 0.3);
        let text = metrics.render(&Snapshot {
            outbox: vec![("pending".into(), 3)],
            jobs: vec![("queued".into(), 1)],
            pools: vec![PoolUse {
                pool: "shared",
                in_use: 1,
                idle: 2,
                max: 8,
            }],
        });
        for line in [
            r#"tablemates_http_requests_total{method="GET",route="/c/{slug}",status="404"} 1"#,
            r#"tablemates_http_request_duration_seconds_bucket{method="GET",route="/c/{slug}",le="0.0025"} 1"#,
            "tablemates_registrations_accepted_total 2",
            r#"tablemates_email_send_failures_total{outcome="retry"} 1"#,
            r#"tablemates_job_duration_seconds_count{kind="plan",outcome="succeeded"} 1"#,
            r#"tablemates_outbox_emails{status="pending"} 3"#,
            r#"tablemates_jobs{status="queued"} 1"#,
            r#"tablemates_db_pool_connections{pool="shared",state="idle"} 2"#,
            r#"tablemates_db_pool_max_connections{pool="shared"} 8"#,
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing in\n{text}");
        }
    }
}
