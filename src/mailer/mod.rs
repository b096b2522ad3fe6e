//! The mailer: renders queued emails from templates and delivers them over SMTP or into a
//! folder, driven by a worker that drains the outbox table.
//!
//! Layer rule: the mailer uses `store` and `domain`, never `http` or `workflows`. Workflows
//! only write outbox rows (in their own transaction); this module alone sends.

pub mod dkim;
mod filters;
pub mod ics;
pub mod links;
pub mod message;
pub mod templates;
pub mod transport;
mod vtimezone;
pub mod worker;

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;

pub use links::LinkSettings;
pub use templates::{Rendered, TemplateError, Templates};
pub use transport::{Sender, TransportConfig};
pub use worker::{Handle, WorkerSettings, retry_delay};

/// The mail settings from the configuration.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub transport: TransportConfig,
    pub from: Mailbox,
    /// Folder whose files replace the built-in templates of the same name.
    pub templates_dir: Option<PathBuf>,
    /// How often the worker looks for due emails when the outbox is idle.
    pub poll: Duration,
    /// Delay before the first retry; each further retry waits twice as long (with jitter).
    pub retry_base: Duration,
    /// Attempts before an email is marked failed for good.
    pub max_attempts: i32,
    /// Signs every message when set (`TABLEMATES_DKIM_*`).
    pub dkim: Option<std::sync::Arc<dkim::Signer>>,
    /// Rows claimed per round (and the most a crash can send twice).
    pub batch: u64,
    /// How long a claimed row stays reserved for the worker that claimed it.
    pub lease: Duration,
    /// SMTP connections sending at the same time.
    pub connections: usize,
    /// Most emails per second over all connections; 0 for no limit.
    pub rate_per_second: u32,
}

/// Loads the templates and starts the outbox worker.
pub fn start(
    db: crate::store::Db,
    settings: &MailSettings,
    links: LinkSettings,
    metrics: crate::metrics::Metrics,
) -> Result<Handle, TemplateError> {
    let templates = Templates::load(settings.templates_dir.as_deref())?;
    Ok(worker::spawn(
        db,
        templates,
        settings.from.clone(),
        settings.transport.clone(),
        WorkerSettings {
            poll: settings.poll,
            batch: settings.batch,
            lease: settings.lease,
            retry_base: settings.retry_base,
            max_attempts: settings.max_attempts,
            connections: settings.connections,
            rate_per_second: settings.rate_per_second,
            dkim: settings.dkim.clone(),
            links: Some(std::sync::Arc::new(links)),
            metrics,
        },
    ))
}
