//! Typed configuration from `TABLEMATES_*` variables, read through one lookup function: the
//! binary's looks them up in what clap found in flags and the environment (`cli`), tests pass
//! a map instead of touching the process environment.

use std::net::SocketAddr;
use std::str::FromStr;

/// Everything the service reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub listen: SocketAddr,
    /// Where people reach the service; links in emails start with it.
    pub base_url: url::Url,
    /// Size of the database pool (the SQLite writer is always one connection).
    pub db_max_connections: u32,
    /// How long a request waits for a PostgreSQL/MariaDB connection before it is answered
    /// 503: short, so that a lost database fails requests fast instead of holding them.
    pub db_acquire_timeout: std::time::Duration,
    /// Largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Largest attendee file (CSV) the import accepts, in bytes.
    pub max_import_bytes: usize,
    /// How long an attendee's access link stays valid, in days.
    pub access_token_days: i64,
    /// How long before a meetup starts its seated attendees are reminded, in minutes; 0 sends
    /// no reminders.
    pub reminder_minutes_before: u32,
    /// HTTP worker threads; 0 means one per core.
    pub http_workers: usize,
    /// Tasks writing registration batches; 0 means the backend's default (1 for SQLite, whose
    /// writes are serialised anyway, 4 otherwise).
    pub db_writers: usize,
    /// Most registrations one batch transaction writes; 0 means the backend's default (128 on
    /// SQLite, where one writer should take all that waits; 16 otherwise, where several
    /// writers with short transactions measured both faster and with a shorter tail).
    pub db_batch: usize,
    /// Where and how emails are sent, and how the outbox worker paces itself.
    pub mail: crate::mailer::MailSettings,
    /// How long a new organizer API token works unless its creator says otherwise, in days.
    pub organizer_token_days: i64,
    /// The master secret signing keys are derived from; without it the unsubscribe key is
    /// kept in the database, as before.
    pub secret_key: Option<crate::secrets::MasterKey>,
    /// Abuse limits of the forms that send email, per client address and per mailbox.
    pub rate_limits: crate::workflows::rate_limits::Limits,
    /// Proxies whose `X-Forwarded-For` is believed when they are the peer; nobody's otherwise.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How long attendees' data is kept after a conference, and unconfirmed registrations.
    pub retention: crate::workflows::retention::Retention,
    /// The bearer token `GET /metrics` asks for; without one the endpoint is open.
    pub metrics_token: Option<String>,
    /// How long a stopping server waits for requests in flight, and for the job in hand.
    pub shutdown_timeout: std::time::Duration,
    /// Which webhook endpoints are allowed, and how deliveries are sent and retried.
    pub webhooks: crate::webhooks::Settings,
    /// Where handles are proved.
    pub verification: crate::verification::Settings,
}

/// The longest `TABLEMATES_SHUTDOWN_TIMEOUT_SECS`: an orchestrator kills a process that takes
/// longer anyway (Kubernetes waits 30 s by default).
const MAX_SHUTDOWN_SECONDS: u64 = 600;

/// How the log is written: human lines, or one JSON object per line for log collectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// Reads `TABLEMATES_LOG_FORMAT` through `lookup`; it is read apart from [`Config`] because
    /// logging starts before the configuration is read, to report what is wrong with it.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        match lookup("TABLEMATES_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("") | Some("text") => Ok(Self::Text),
            Some("json") => Ok(Self::Json),
            Some(other) => Err(ConfigError {
                variable: "TABLEMATES_LOG_FORMAT".into(),
                message: format!("{other:?} is neither text nor json"),
            }),
        }
    }
}

/// A variable that is present but unusable; start-up stops and names it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: String,
    pub message: String,
}

/// The longest `TABLEMATES_REMINDER_MINUTES_BEFORE`: 30 days.
const MAX_REMINDER_MINUTES: u32 = 30 * 24 * 60;

/// The variables, their defaults and meaning: `--help` lists them (clap's `env` arguments, see
/// `cli`), a test keeps this list equal to what [`Config::from_lookup`] reads, and another
/// keeps the README's table and the help text in step.
pub const VARIABLES: &[(&str, &str, &str)] = &[
    (
        "TABLEMATES_DATABASE_URL",
        "sqlite://tablemates.db?mode=rwc",
        "sqlite://FILE?mode=rwc, postgres://… or mysql://… (MariaDB)",
    ),
    (
        "TABLEMATES_LISTEN",
        "127.0.0.1:8080",
        "address and port to listen on",
    ),
    (
        "TABLEMATES_BASE_URL",
        "http://<listen address>",
        "public URL of the service, used in links",
    ),
    (
        "TABLEMATES_DB_MAX_CONNECTIONS",
        "16",
        "database pool size (PostgreSQL/MariaDB; SQLite writes through one connection)",
    ),
    (
        "TABLEMATES_DB_ACQUIRE_TIMEOUT_MS",
        "10000",
        "how long a request waits for a PostgreSQL/MariaDB connection before it is answered 503 (100–60000)",
    ),
    (
        "TABLEMATES_MAX_BODY_BYTES",
        "65536",
        "largest accepted request body",
    ),
    (
        "TABLEMATES_MAX_IMPORT_BYTES",
        "10485760",
        "largest accepted attendee import file (CSV)",
    ),
    (
        "TABLEMATES_ACCESS_TOKEN_DAYS",
        "180",
        "validity of attendees' personal links",
    ),
    (
        "TABLEMATES_REMINDER_MINUTES_BEFORE",
        "120",
        "how long before a meetup starts its seated attendees get a reminder, in minutes; 0 = no reminders",
    ),
    (
        "TABLEMATES_HTTP_WORKERS",
        "0",
        "HTTP worker threads, 0 = one per core",
    ),
    (
        "TABLEMATES_DB_WRITERS",
        "0",
        "tasks writing registration batches; 0 = 1 on SQLite, 4 on PostgreSQL/MariaDB",
    ),
    (
        "TABLEMATES_DB_BATCH",
        "0",
        "most registrations one batch transaction writes; 0 = 128 on SQLite, 16 on PostgreSQL/MariaDB",
    ),
    (
        "TABLEMATES_SMTP_URL",
        "file://./outbox",
        "where emails go: smtp://[user:pass@]host[:port][?tls=none|opportunistic|required], smtps://…, or file://DIR (one .eml per email)",
    ),
    (
        "TABLEMATES_MAIL_FROM",
        "tablemates <no-reply@localhost>",
        "sender of every email",
    ),
    (
        "TABLEMATES_EMAIL_TEMPLATES_DIR",
        "(none)",
        "folder whose files replace built-in email templates of the same name",
    ),
    (
        "TABLEMATES_OUTBOX_POLL_MS",
        "500",
        "how often the mailer looks for due emails",
    ),
    (
        "TABLEMATES_OUTBOX_RETRY_BASE_MS",
        "30000",
        "wait before the first retry of a failed email; doubles per attempt (with jitter), at most 6 h",
    ),
    (
        "TABLEMATES_OUTBOX_MAX_ATTEMPTS",
        "10",
        "attempts before an email is marked failed",
    ),
    (
        "TABLEMATES_DKIM_SELECTOR",
        "(none)",
        "DKIM selector (s=); set it with the two below to sign every email",
    ),
    (
        "TABLEMATES_DKIM_DOMAIN",
        "(none)",
        "DKIM signing domain (d=), normally the domain of TABLEMATES_MAIL_FROM",
    ),
    (
        "TABLEMATES_DKIM_PRIVATE_KEY_FILE",
        "(none)",
        "PEM private key: RSA (PKCS#1 or PKCS#8) or Ed25519 (PKCS#8)",
    ),
    (
        "TABLEMATES_OUTBOX_BATCH",
        "200",
        "emails claimed per round; also the most a crash can send twice",
    ),
    (
        "TABLEMATES_OUTBOX_LEASE_MS",
        "300000",
        "how long a claimed email stays reserved; a crashed worker's emails are sent again after it",
    ),
    (
        "TABLEMATES_SMTP_CONNECTIONS",
        "8",
        "SMTP connections kept open and sending at the same time",
    ),
    (
        "TABLEMATES_MAIL_RATE_PER_SECOND",
        "0",
        "most emails sent per second, 0 = no limit",
    ),
    (
        "TABLEMATES_ORGANIZER_TOKEN_DAYS",
        "90",
        "how long a new organizer API token works unless its creator says otherwise",
    ),
    (
        "TABLEMATES_SECRET_KEY",
        "(none)",
        "master secret (32+ characters) the unsubscribe-link key is derived from, so the database holds no signing key",
    ),
    (
        "TABLEMATES_RATE_LIMIT_ADDRESS",
        "60",
        "most requests one client address may make to registration, access-link and sign-in per window (429 beyond), 0 = no limit",
    ),
    (
        "TABLEMATES_RATE_LIMIT_ADDRESS_SECONDS",
        "600",
        "length of the client address window, in seconds",
    ),
    (
        "TABLEMATES_RATE_LIMIT_MAILBOX",
        "5",
        "most emails those forms send to one mailbox (+tag folded) per window; beyond, they answer as usual and send nothing; 0 = no limit",
    ),
    (
        "TABLEMATES_RATE_LIMIT_MAILBOX_SECONDS",
        "3600",
        "length of the mailbox window, in seconds",
    ),
    (
        "TABLEMATES_TRUSTED_PROXIES",
        "(none)",
        "comma-separated addresses or networks (10.0.0.0/8) of reverse proxies whose X-Forwarded-For names the client",
    ),
    (
        "TABLEMATES_ERASE_AFTER_DAYS",
        "30",
        "days after a conference's last day its attendees are erased; 0 never",
    ),
    (
        "TABLEMATES_UNCONFIRMED_DAYS",
        "7",
        "days a registration waits for confirmation before it is erased; 0 never",
    ),
    (
        "TABLEMATES_METRICS_TOKEN",
        "(none)",
        "bearer token GET /metrics requires (16+ characters); unset, anyone who reaches the port may scrape it",
    ),
    (
        "TABLEMATES_OUTBOUND_ALLOW_PRIVATE",
        "false",
        "true lets the addresses organizers give (webhook endpoints, pretix installations) be plain http and loopback or private addresses (on the same host or network); false allows only https to public addresses",
    ),
    (
        "TABLEMATES_WEBHOOK_TIMEOUT_MS",
        "10000",
        "how long one webhook request may take, connecting included (100–60000)",
    ),
    (
        "TABLEMATES_WEBHOOK_RETRY_BASE_MS",
        "30000",
        "wait after a webhook delivery's first failed attempt; it doubles with each further one (at most 6 hours)",
    ),
    (
        "TABLEMATES_WEBHOOK_MAX_ATTEMPTS",
        "10",
        "webhook delivery attempts in all before a delivery is marked failed (1–100)",
    ),
    (
        "TABLEMATES_VERIFY_WEB_SCHEME",
        "https",
        "scheme of the addresses a handle names when proving it (its Mastodon server, Bluesky domain, did:web host, web site): https, or http for test stand-ins",
    ),
    (
        "TABLEMATES_VERIFY_CONNECT_TO",
        "(none)",
        "host:port every request to an address a handle names is sent to instead (the name still sent as Host), for test stand-ins; unset, names resolve as usual",
    ),
    (
        "TABLEMATES_VERIFY_PLC_URL",
        "https://plc.directory",
        "the did:plc directory Bluesky DID documents are read from",
    ),
    (
        "TABLEMATES_VERIFY_BSKY_APPVIEW_URL",
        "https://public.api.bsky.app",
        "the Bluesky AppView profiles are read from (app.bsky.actor.getProfile)",
    ),
    (
        "TABLEMATES_VERIFY_GITHUB_API_URL",
        "https://api.github.com",
        "GitHub's REST API, where profiles and gists are read",
    ),
    (
        "TABLEMATES_VERIFY_DNS_SERVER",
        "(system)",
        "ip:port of the DNS server asked for Bluesky's _atproto TXT records; unset, the system's",
    ),
    (
        "TABLEMATES_VERIFY_TIMEOUT_MS",
        "5000",
        "how long one request made to prove a handle may take (100–30000)",
    ),
    (
        "TABLEMATES_LOG_FORMAT",
        "text",
        "text for human-readable log lines, json for one JSON object per line",
    ),
    (
        "TABLEMATES_SHUTDOWN_TIMEOUT_SECS",
        "30",
        "on SIGTERM/SIGINT, how long requests in flight and the running job may take to finish",
    ),
];

impl Config {
    /// Reads the configuration through `lookup`; absent variables take their defaults.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |key: &str| lookup(key).filter(|v| !v.trim().is_empty());
        let database_url = get("TABLEMATES_DATABASE_URL")
            .unwrap_or_else(|| "sqlite://tablemates.db?mode=rwc".to_owned());
        if !["sqlite:", "postgres:", "postgresql:", "mysql:", "mariadb:"]
            .iter()
            .any(|scheme| database_url.starts_with(scheme))
        {
            return Err(ConfigError {
                variable: "TABLEMATES_DATABASE_URL".into(),
                message: "must start with sqlite:, postgres:, postgresql:, mysql: or mariadb:"
                    .into(),
            });
        }
        let listen: SocketAddr = parse(&get, "TABLEMATES_LISTEN", "127.0.0.1:8080")?;
        let base_url = match get("TABLEMATES_BASE_URL") {
            Some(raw) => url::Url::parse(&raw)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| ConfigError {
                    variable: "TABLEMATES_BASE_URL".into(),
                    message: format!("{raw:?} is not an http(s) URL"),
                })?,
            None => url::Url::parse(&format!("http://{listen}")).map_err(|e| ConfigError {
                variable: "TABLEMATES_LISTEN".into(),
                message: e.to_string(),
            })?,
        };
        let db_max_connections: u32 = parse(&get, "TABLEMATES_DB_MAX_CONNECTIONS", "16")?;
        if db_max_connections == 0 {
            return Err(ConfigError {
                variable: "TABLEMATES_DB_MAX_CONNECTIONS".into(),
                message: "must be at least 1".into(),
            });
        }
        let db_acquire_ms: u64 = parse(&get, "TABLEMATES_DB_ACQUIRE_TIMEOUT_MS", "10000")?;
        if !(100..=60_000).contains(&db_acquire_ms) {
            return Err(ConfigError {
                variable: "TABLEMATES_DB_ACQUIRE_TIMEOUT_MS".into(),
                message: format!("{db_acquire_ms} is not between 100 and 60000"),
            });
        }
        let max_body_bytes: usize = parse(&get, "TABLEMATES_MAX_BODY_BYTES", "65536")?;
        let max_import_bytes: usize = parse(&get, "TABLEMATES_MAX_IMPORT_BYTES", "10485760")?;
        let access_token_days: i64 = parse(&get, "TABLEMATES_ACCESS_TOKEN_DAYS", "180")?;
        if !(1..=3650).contains(&access_token_days) {
            return Err(ConfigError {
                variable: "TABLEMATES_ACCESS_TOKEN_DAYS".into(),
                message: "must be between 1 and 3650".into(),
            });
        }
        let reminder_minutes_before: u32 =
            parse(&get, "TABLEMATES_REMINDER_MINUTES_BEFORE", "120")?;
        if reminder_minutes_before > MAX_REMINDER_MINUTES {
            return Err(ConfigError {
                variable: "TABLEMATES_REMINDER_MINUTES_BEFORE".into(),
                message: format!("must be at most {MAX_REMINDER_MINUTES} (30 days)"),
            });
        }
        let http_workers: usize = parse(&get, "TABLEMATES_HTTP_WORKERS", "0")?;
        let db_writers: usize = parse(&get, "TABLEMATES_DB_WRITERS", "0")?;
        if db_writers > 64 {
            return Err(ConfigError {
                variable: "TABLEMATES_DB_WRITERS".into(),
                message: "must be at most 64".into(),
            });
        }
        let mail = mail_settings(&get)?;
        let db_batch: usize = parse(&get, "TABLEMATES_DB_BATCH", "0")?;
        if db_batch > 1000 {
            return Err(ConfigError {
                variable: "TABLEMATES_DB_BATCH".into(),
                message: "must be at most 1000".into(),
            });
        }
        let organizer_token_days: i64 = parse(&get, "TABLEMATES_ORGANIZER_TOKEN_DAYS", "90")?;
        if !(1..=3650).contains(&organizer_token_days) {
            return Err(ConfigError {
                variable: "TABLEMATES_ORGANIZER_TOKEN_DAYS".into(),
                message: "must be between 1 and 3650".into(),
            });
        }
        let secret_key = get("TABLEMATES_SECRET_KEY")
            .map(|raw| crate::secrets::MasterKey::parse(&raw))
            .transpose()
            .map_err(|message| ConfigError {
                variable: "TABLEMATES_SECRET_KEY".into(),
                message,
            })?;
        let (rate_limits, trusted_proxies) = abuse_settings(&get)?;
        let retention = retention(&get)?;
        let metrics_token = get("TABLEMATES_METRICS_TOKEN")
            .map(|token| {
                if token.len() < 16 || !token.bytes().all(|b| b.is_ascii_graphic()) {
                    Err(ConfigError {
                        variable: "TABLEMATES_METRICS_TOKEN".into(),
                        message: "must be at least 16 printable characters without spaces".into(),
                    })
                } else {
                    Ok(token)
                }
            })
            .transpose()?;
        let shutdown_seconds: u64 = parse(&get, "TABLEMATES_SHUTDOWN_TIMEOUT_SECS", "30")?;
        if shutdown_seconds > MAX_SHUTDOWN_SECONDS {
            return Err(ConfigError {
                variable: "TABLEMATES_SHUTDOWN_TIMEOUT_SECS".into(),
                message: format!("must be at most {MAX_SHUTDOWN_SECONDS}"),
            });
        }
        LogFormat::from_lookup(get)?;
        let webhooks = webhook_settings(&get, mail.poll)?;
        let verification = verification_settings(&get, webhooks.allow_private)?;
        Ok(Self {
            database_url,
            listen,
            base_url,
            db_max_connections,
            db_acquire_timeout: std::time::Duration::from_millis(db_acquire_ms),
            max_body_bytes,
            max_import_bytes,
            access_token_days,
            reminder_minutes_before,
            http_workers,
            db_writers,
            db_batch,
            mail,
            organizer_token_days,
            secret_key,
            rate_limits,
            trusted_proxies,
            retention,
            metrics_token,
            shutdown_timeout: std::time::Duration::from_secs(shutdown_seconds),
            webhooks,
            verification,
        })
    }
}

/// Where handles are proved: the real networks unless stand-ins are named.
fn verification_settings(
    get: &impl Fn(&str) -> Option<String>,
    allow_private: bool,
) -> Result<crate::verification::Settings, ConfigError> {
    let defaults = crate::verification::Settings::default();
    let invalid = |variable: &str, message: String| ConfigError {
        variable: variable.to_owned(),
        message,
    };
    let web_scheme = match get("TABLEMATES_VERIFY_WEB_SCHEME")
        .as_deref()
        .map(str::trim)
    {
        None | Some("https") => "https".to_owned(),
        Some("http") => "http".to_owned(),
        Some(other) => {
            return Err(invalid(
                "TABLEMATES_VERIFY_WEB_SCHEME",
                format!("{other:?} is neither https nor http"),
            ));
        }
    };
    let socket = |variable: &str| -> Result<Option<SocketAddr>, ConfigError> {
        get(variable)
            .map(|raw| {
                raw.trim().parse::<SocketAddr>().map_err(|_| {
                    invalid(
                        variable,
                        format!("{raw:?} is not an address like 127.0.0.1:53"),
                    )
                })
            })
            .transpose()
    };
    let base = |variable: &str, default: url::Url| -> Result<url::Url, ConfigError> {
        match get(variable) {
            None => Ok(default),
            Some(raw) => url::Url::parse(raw.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                .ok_or_else(|| invalid(variable, format!("{raw:?} is not an http(s) URL"))),
        }
    };
    let timeout_ms: u64 = parse(get, "TABLEMATES_VERIFY_TIMEOUT_MS", "5000")?;
    if !(100..=30_000).contains(&timeout_ms) {
        return Err(invalid(
            "TABLEMATES_VERIFY_TIMEOUT_MS",
            "must be between 100 and 30000".into(),
        ));
    }
    Ok(crate::verification::Settings {
        web_scheme,
        connect_to: socket("TABLEMATES_VERIFY_CONNECT_TO")?,
        plc_url: base("TABLEMATES_VERIFY_PLC_URL", defaults.plc_url)?,
        appview_url: base("TABLEMATES_VERIFY_BSKY_APPVIEW_URL", defaults.appview_url)?,
        github_api_url: base("TABLEMATES_VERIFY_GITHUB_API_URL", defaults.github_api_url)?,
        dns_server: socket("TABLEMATES_VERIFY_DNS_SERVER")?,
        timeout: std::time::Duration::from_millis(timeout_ms),
        allow_private,
    })
}

/// How webhooks are sent; they are looked for as often as emails.
fn webhook_settings(
    get: &impl Fn(&str) -> Option<String>,
    poll: std::time::Duration,
) -> Result<crate::webhooks::Settings, ConfigError> {
    let within = |variable: &str, range: std::ops::RangeInclusive<u64>, default: &str| {
        let value: u64 = parse(get, variable, default)?;
        if range.contains(&value) {
            Ok(value)
        } else {
            Err(ConfigError {
                variable: variable.to_owned(),
                message: format!("must be between {} and {}", range.start(), range.end()),
            })
        }
    };
    let allow_private = match get("TABLEMATES_OUTBOUND_ALLOW_PRIVATE")
        .map(|v| v.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("false" | "0" | "no") => false,
        Some("true" | "1" | "yes") => true,
        Some(other) => {
            return Err(ConfigError {
                variable: "TABLEMATES_OUTBOUND_ALLOW_PRIVATE".into(),
                message: format!("{other:?} is not true or false"),
            });
        }
    };
    let timeout_ms = within("TABLEMATES_WEBHOOK_TIMEOUT_MS", 100..=60_000, "10000")?;
    let retry_base_ms = within("TABLEMATES_WEBHOOK_RETRY_BASE_MS", 1..=3_600_000, "30000")?;
    let max_attempts = within("TABLEMATES_WEBHOOK_MAX_ATTEMPTS", 1..=100, "10")?;
    Ok(crate::webhooks::Settings {
        allow_private,
        timeout: std::time::Duration::from_millis(timeout_ms),
        retry_base: std::time::Duration::from_millis(retry_base_ms),
        max_attempts: i32::try_from(max_attempts).unwrap_or(100),
        poll,
        ..crate::webhooks::Settings::default()
    })
}

/// The abuse limits and the proxies trusted to name the client.
fn abuse_settings(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<(crate::workflows::rate_limits::Limits, Vec<ipnet::IpNet>), ConfigError> {
    let seconds = |variable: &str, default: &str| -> Result<std::time::Duration, ConfigError> {
        let s: u64 = parse(get, variable, default)?;
        if !(1..=7 * 24 * 3600).contains(&s) {
            return Err(ConfigError {
                variable: variable.to_owned(),
                message: "must be between 1 and 604800 (a week)".into(),
            });
        }
        Ok(std::time::Duration::from_secs(s))
    };
    let limits = crate::workflows::rate_limits::Limits {
        per_address: parse(get, "TABLEMATES_RATE_LIMIT_ADDRESS", "60")?,
        address_window: seconds("TABLEMATES_RATE_LIMIT_ADDRESS_SECONDS", "600")?,
        per_mailbox: parse(get, "TABLEMATES_RATE_LIMIT_MAILBOX", "5")?,
        mailbox_window: seconds("TABLEMATES_RATE_LIMIT_MAILBOX_SECONDS", "3600")?,
    };
    let proxies = get("TABLEMATES_TRUSTED_PROXIES")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<ipnet::IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError {
                    variable: "TABLEMATES_TRUSTED_PROXIES".into(),
                    message: format!("{p:?} is not an IP address or network like 10.0.0.0/8"),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((limits, proxies))
}

/// How long attendees' data is kept.
fn retention(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<crate::workflows::retention::Retention, ConfigError> {
    let days = |variable: &str, default: &str| -> Result<u32, ConfigError> {
        let days: u32 = parse(get, variable, default)?;
        if days > 3650 {
            return Err(ConfigError {
                variable: variable.into(),
                message: "must be at most 3650 (0 keeps the data)".into(),
            });
        }
        Ok(days)
    };
    Ok(crate::workflows::retention::Retention {
        erase_after_days: days("TABLEMATES_ERASE_AFTER_DAYS", "30")?,
        unconfirmed_days: days("TABLEMATES_UNCONFIRMED_DAYS", "7")?,
    })
}

fn mail_settings(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<crate::mailer::MailSettings, ConfigError> {
    let invalid = |variable: &str, message: String| ConfigError {
        variable: variable.to_owned(),
        message,
    };
    let url = get("TABLEMATES_SMTP_URL").unwrap_or_else(|| "file://./outbox".to_owned());
    let transport = crate::mailer::TransportConfig::parse(url.trim())
        .map_err(|m| invalid("TABLEMATES_SMTP_URL", m))?;
    let from =
        get("TABLEMATES_MAIL_FROM").unwrap_or_else(|| "tablemates <no-reply@localhost>".to_owned());
    let from = from.trim().parse().map_err(|e| {
        invalid(
            "TABLEMATES_MAIL_FROM",
            format!("{from:?} is not a mailbox like \"Name <address@example.org>\": {e}"),
        )
    })?;
    let poll_ms: u64 = parse(get, "TABLEMATES_OUTBOX_POLL_MS", "500")?;
    if !(10..=3_600_000).contains(&poll_ms) {
        return Err(invalid(
            "TABLEMATES_OUTBOX_POLL_MS",
            "must be between 10 and 3600000".into(),
        ));
    }
    let retry_base_ms: u64 = parse(get, "TABLEMATES_OUTBOX_RETRY_BASE_MS", "30000")?;
    if !(1..=3_600_000).contains(&retry_base_ms) {
        return Err(invalid(
            "TABLEMATES_OUTBOX_RETRY_BASE_MS",
            "must be between 1 and 3600000".into(),
        ));
    }
    let max_attempts: i32 = parse(get, "TABLEMATES_OUTBOX_MAX_ATTEMPTS", "10")?;
    if !(1..=100).contains(&max_attempts) {
        return Err(invalid(
            "TABLEMATES_OUTBOX_MAX_ATTEMPTS",
            "must be between 1 and 100".into(),
        ));
    }
    let batch: u64 = parse(get, "TABLEMATES_OUTBOX_BATCH", "200")?;
    if !(1..=10_000).contains(&batch) {
        return Err(invalid(
            "TABLEMATES_OUTBOX_BATCH",
            "must be between 1 and 10000".into(),
        ));
    }
    let lease_ms: u64 = parse(get, "TABLEMATES_OUTBOX_LEASE_MS", "300000")?;
    if !(1_000..=86_400_000).contains(&lease_ms) {
        return Err(invalid(
            "TABLEMATES_OUTBOX_LEASE_MS",
            "must be between 1000 and 86400000".into(),
        ));
    }
    let connections: usize = parse(get, "TABLEMATES_SMTP_CONNECTIONS", "8")?;
    if !(1..=64).contains(&connections) {
        return Err(invalid(
            "TABLEMATES_SMTP_CONNECTIONS",
            "must be between 1 and 64".into(),
        ));
    }
    let rate_per_second: u32 = parse(get, "TABLEMATES_MAIL_RATE_PER_SECOND", "0")?;
    Ok(crate::mailer::MailSettings {
        transport,
        from,
        templates_dir: get("TABLEMATES_EMAIL_TEMPLATES_DIR").map(std::path::PathBuf::from),
        poll: std::time::Duration::from_millis(poll_ms),
        retry_base: std::time::Duration::from_millis(retry_base_ms),
        max_attempts,
        dkim: dkim_signer(get)?.map(std::sync::Arc::new),
        batch,
        lease: std::time::Duration::from_millis(lease_ms),
        connections,
        rate_per_second,
    })
}

/// The DKIM signer, when all three variables are set; some but not all is a mistake, and so
/// is a key that cannot be read or used: either stops start-up naming the variable.
fn dkim_signer(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<crate::mailer::dkim::Signer>, ConfigError> {
    const SELECTOR: &str = "TABLEMATES_DKIM_SELECTOR";
    const DOMAIN: &str = "TABLEMATES_DKIM_DOMAIN";
    const KEY_FILE: &str = "TABLEMATES_DKIM_PRIVATE_KEY_FILE";
    let invalid = |variable: &str, message: String| ConfigError {
        variable: variable.to_owned(),
        message,
    };
    let values = [SELECTOR, DOMAIN, KEY_FILE].map(|v| (v, get(v).map(|s| s.trim().to_owned())));
    let (selector, domain, key_file) = match &values {
        [(_, None), (_, None), (_, None)] => return Ok(None),
        [(_, Some(s)), (_, Some(d)), (_, Some(k))] => (s, d, k),
        _ => {
            let missing = values.iter().find(|(_, v)| v.is_none()).map(|(n, _)| *n);
            return Err(invalid(
                missing.unwrap_or(SELECTOR),
                "DKIM needs TABLEMATES_DKIM_SELECTOR, TABLEMATES_DKIM_DOMAIN and \
                 TABLEMATES_DKIM_PRIVATE_KEY_FILE together"
                    .into(),
            ));
        }
    };
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if !selector.split('.').all(label) {
        return Err(invalid(
            SELECTOR,
            format!("{selector:?} is not a DNS label like \"mail2026\""),
        ));
    }
    if !(domain.contains('.') && domain.split('.').all(label)) {
        return Err(invalid(
            DOMAIN,
            format!("{domain:?} is not a domain name like example.org"),
        ));
    }
    let pem = std::fs::read_to_string(key_file)
        .map_err(|e| invalid(KEY_FILE, format!("reading {key_file:?}: {e}")))?;
    crate::mailer::dkim::Signer::from_pem(selector, domain, &pem)
        .map(Some)
        .map_err(|m| invalid(KEY_FILE, format!("{key_file:?}: {m}")))
}

fn parse<T: FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    variable: &str,
    default: &str,
) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    let raw = get(variable).unwrap_or_else(|| default.to_owned());
    raw.trim().parse().map_err(|e: T::Err| ConfigError {
        variable: variable.to_owned(),
        message: format!("{raw:?} is not valid: {e}"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_listed_variables_are_exactly_those_the_configuration_reads() {
        let asked = std::cell::RefCell::new(std::collections::BTreeSet::new());
        let lookup = |key: &str| {
            asked.borrow_mut().insert(key.to_owned());
            None
        };
        Config::from_lookup(lookup).expect("the defaults work");
        LogFormat::from_lookup(lookup).expect("the default works");
        let listed: std::collections::BTreeSet<String> = VARIABLES
            .iter()
            .map(|(name, _, _)| (*name).to_owned())
            .collect();
        assert_eq!(asked.into_inner(), listed);
    }

    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_nothing_installed() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.database_url, "sqlite://tablemates.db?mode=rwc");
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.base_url.as_str(), "http://127.0.0.1:8080/");
    }

    #[test]
    fn observability_settings_default_to_open_metrics_text_logs_and_30_seconds() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.metrics_token, None);
        assert_eq!(c.shutdown_timeout, std::time::Duration::from_secs(30));
        assert_eq!(LogFormat::from_lookup(|_| None), Ok(LogFormat::Text));
        let json = |k: &str| (k == "TABLEMATES_LOG_FORMAT").then(|| "json".to_owned());
        assert_eq!(LogFormat::from_lookup(json), Ok(LogFormat::Json));
    }

    #[test]
    fn bad_observability_settings_name_their_variable() {
        for (variable, value) in [
            ("TABLEMATES_METRICS_TOKEN", "short"),
            ("TABLEMATES_METRICS_TOKEN", "has a space in the middle"),
            ("TABLEMATES_SHUTDOWN_TIMEOUT_SECS", "601"),
            ("TABLEMATES_SHUTDOWN_TIMEOUT_SECS", "-1"),
            ("TABLEMATES_LOG_FORMAT", "xml"),
        ] {
            let err = config(&[(variable, value)]).unwrap_err();
            assert_eq!(err.variable, variable, "{value}");
        }
        let token = "0123456789abcdef";
        let c = config(&[("TABLEMATES_METRICS_TOKEN", token)]).expect("16 characters do");
        assert_eq!(c.metrics_token.as_deref(), Some(token));
    }

    #[test]
    fn a_bad_listen_address_names_the_variable() {
        let err = config(&[("TABLEMATES_LISTEN", "localhost")]).unwrap_err();
        assert_eq!(err.variable, "TABLEMATES_LISTEN");
    }

    #[test]
    fn an_unknown_database_scheme_is_rejected() {
        let err = config(&[("TABLEMATES_DATABASE_URL", "oracle://x")]).unwrap_err();
        assert_eq!(err.variable, "TABLEMATES_DATABASE_URL");
    }

    #[test]
    fn a_non_http_base_url_is_rejected() {
        let err = config(&[("TABLEMATES_BASE_URL", "ftp://example.org")]).unwrap_err();
        assert_eq!(err.variable, "TABLEMATES_BASE_URL");
    }

    #[test]
    fn mail_defaults_write_files_and_bad_mail_settings_name_their_variable() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(
            c.mail.transport,
            crate::mailer::TransportConfig::File {
                dir: "./outbox".into()
            }
        );
        assert_eq!(c.mail.from.email.to_string(), "no-reply@localhost");
        for (variable, value) in [
            ("TABLEMATES_SMTP_URL", "http://mail"),
            ("TABLEMATES_MAIL_FROM", "nobody"),
            ("TABLEMATES_OUTBOX_POLL_MS", "0"),
            ("TABLEMATES_OUTBOX_MAX_ATTEMPTS", "0"),
            ("TABLEMATES_OUTBOX_BATCH", "0"),
            ("TABLEMATES_OUTBOX_LEASE_MS", "10"),
            ("TABLEMATES_SMTP_CONNECTIONS", "0"),
            ("TABLEMATES_MAIL_RATE_PER_SECOND", "-1"),
        ] {
            let err = config(&[(variable, value)]).unwrap_err();
            assert_eq!(err.variable, variable);
        }
    }

    #[test]
    fn dkim_is_off_by_default_and_on_with_all_three_variables() {
        assert!(config(&[]).expect("defaults").mail.dkim.is_none());
        let dir = tempfile::tempdir().expect("temp dir");
        let key = dir.path().join("dkim.pem");
        std::fs::write(&key, crate::mailer::dkim::tests::ed25519_pem([9; 32])).expect("write");
        let key = key.display().to_string();
        let c = config(&[
            ("TABLEMATES_DKIM_SELECTOR", "mail2026"),
            ("TABLEMATES_DKIM_DOMAIN", "tablemates.test"),
            ("TABLEMATES_DKIM_PRIVATE_KEY_FILE", &key),
        ])
        .expect("valid DKIM settings");
        assert!(format!("{:?}", c.mail.dkim).contains("tablemates.test"));
    }

    #[test]
    fn bad_dkim_settings_name_their_variable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let good = dir.path().join("good.pem");
        std::fs::write(&good, crate::mailer::dkim::tests::ed25519_pem([9; 32])).expect("write");
        let bad = dir.path().join("bad.pem");
        std::fs::write(&bad, "not a key").expect("write");
        let (good, bad) = (good.display().to_string(), bad.display().to_string());
        let missing = dir.path().join("missing.pem").display().to_string();
        for (vars, variable) in [
            (
                vec![
                    ("TABLEMATES_DKIM_SELECTOR", "s"),
                    ("TABLEMATES_DKIM_DOMAIN", "x.org"),
                ],
                "TABLEMATES_DKIM_PRIVATE_KEY_FILE",
            ),
            (
                vec![("TABLEMATES_DKIM_PRIVATE_KEY_FILE", good.as_str())],
                "TABLEMATES_DKIM_SELECTOR",
            ),
            (
                vec![
                    ("TABLEMATES_DKIM_SELECTOR", "s"),
                    ("TABLEMATES_DKIM_DOMAIN", "x.org"),
                    ("TABLEMATES_DKIM_PRIVATE_KEY_FILE", bad.as_str()),
                ],
                "TABLEMATES_DKIM_PRIVATE_KEY_FILE",
            ),
            (
                vec![
                    ("TABLEMATES_DKIM_SELECTOR", "s"),
                    ("TABLEMATES_DKIM_DOMAIN", "x.org"),
                    ("TABLEMATES_DKIM_PRIVATE_KEY_FILE", missing.as_str()),
                ],
                "TABLEMATES_DKIM_PRIVATE_KEY_FILE",
            ),
            (
                vec![
                    ("TABLEMATES_DKIM_SELECTOR", "s"),
                    ("TABLEMATES_DKIM_DOMAIN", "not a domain"),
                    ("TABLEMATES_DKIM_PRIVATE_KEY_FILE", good.as_str()),
                ],
                "TABLEMATES_DKIM_DOMAIN",
            ),
            (
                vec![
                    ("TABLEMATES_DKIM_SELECTOR", "s;x=y"),
                    ("TABLEMATES_DKIM_DOMAIN", "x.org"),
                    ("TABLEMATES_DKIM_PRIVATE_KEY_FILE", good.as_str()),
                ],
                "TABLEMATES_DKIM_SELECTOR",
            ),
        ] {
            let err = config(&vars).unwrap_err();
            assert_eq!(err.variable, variable, "{vars:?}: {err}");
        }
    }

    #[test]
    fn reminders_default_to_two_hours_and_zero_turns_them_off() {
        assert_eq!(config(&[]).expect("defaults").reminder_minutes_before, 120);
        let off = config(&[("TABLEMATES_REMINDER_MINUTES_BEFORE", "0")]).expect("valid");
        assert_eq!(off.reminder_minutes_before, 0);
        let day = config(&[("TABLEMATES_REMINDER_MINUTES_BEFORE", " 1440 ")]).expect("valid");
        assert_eq!(day.reminder_minutes_before, 1440);
        for bad in ["-5", "two hours", "43201"] {
            let err = config(&[("TABLEMATES_REMINDER_MINUTES_BEFORE", bad)]).unwrap_err();
            assert_eq!(err.variable, "TABLEMATES_REMINDER_MINUTES_BEFORE", "{bad}");
        }
    }

    #[test]
    fn abuse_limits_have_defaults_and_bad_values_name_their_variable() {
        let c = config(&[]).expect("defaults");
        assert_eq!(c.rate_limits.per_address, 60);
        assert_eq!(c.rate_limits.per_mailbox, 5);
        assert!(c.trusted_proxies.is_empty());
        let c = config(&[("TABLEMATES_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1,::1")])
            .expect("valid proxies");
        assert_eq!(c.trusted_proxies.len(), 3);
        assert!(c.trusted_proxies[1].contains(&"192.0.2.1".parse::<std::net::IpAddr>().unwrap()));
        for (variable, value) in [
            ("TABLEMATES_RATE_LIMIT_ADDRESS", "-1"),
            ("TABLEMATES_RATE_LIMIT_MAILBOX", "many"),
            ("TABLEMATES_RATE_LIMIT_ADDRESS_SECONDS", "0"),
            ("TABLEMATES_RATE_LIMIT_MAILBOX_SECONDS", "99999999"),
            ("TABLEMATES_TRUSTED_PROXIES", "10.0.0.0/8,proxy.local"),
        ] {
            let err = config(&[(variable, value)]).unwrap_err();
            assert_eq!(err.variable, variable, "{value}");
        }
    }

    #[test]
    fn zero_pool_size_is_rejected() {
        let err = config(&[("TABLEMATES_DB_MAX_CONNECTIONS", "0")]).unwrap_err();
        assert_eq!(err.variable, "TABLEMATES_DB_MAX_CONNECTIONS");
    }

    #[test]
    fn the_acquire_timeout_is_bounded() {
        for bad in ["0", "99", "60001", "soon"] {
            let err = config(&[("TABLEMATES_DB_ACQUIRE_TIMEOUT_MS", bad)]).unwrap_err();
            assert_eq!(err.variable, "TABLEMATES_DB_ACQUIRE_TIMEOUT_MS", "{bad}");
        }
        let ok = config(&[("TABLEMATES_DB_ACQUIRE_TIMEOUT_MS", "750")]).expect("valid");
        assert_eq!(ok.db_acquire_timeout, std::time::Duration::from_millis(750));
    }
}
