//! Builds the application exactly as production runs it: connect, migrate, bind, wire routes,
//! start the outbox mailer.
//! Tests call `Application::build` with port 0 and talk to the port it reports.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::config::Config;
use crate::http::log_span::RedactedRootSpan;
use crate::http::{self, AppState};
use crate::store::Db;
use crate::workflows::LinkSettings;
use crate::workflows::registration::Registrar;
use crate::workflows::reminders::Reminders;

/// How often the job runner looks for jobs queued by other server processes.
const JOB_POLL: std::time::Duration = std::time::Duration::from_secs(2);
/// How often counters of ended rate limit windows are deleted.
const RATE_LIMIT_PURGE: std::time::Duration = std::time::Duration::from_secs(300);

/// What the use cases are called with, from the configuration; `base_url` is the configured
/// one, or that with the port actually bound.
pub fn context(db: Db, config: &Config, base_url: url::Url) -> crate::workflows::Context {
    crate::workflows::Context {
        db,
        links: LinkSettings {
            base_url,
            access_token_days: config.access_token_days,
        },
        reminders: Reminders {
            minutes_before: config.reminder_minutes_before,
        },
        organizer_token_days: config.organizer_token_days,
        secret_key: config.secret_key.clone(),
        metrics: crate::metrics::Metrics::default(),
        outbound_allow_private: config.webhooks.allow_private,
        verification: config.verification.clone(),
    }
}

pub struct Application {
    port: u16,
    server: Server,
    ctx: crate::workflows::Context,
    mailer: crate::mailer::Handle,
    webhooks: crate::webhooks::Handle,
    jobs: crate::workflows::jobs::Runner,
    retention: tokio::task::JoinHandle<()>,
    shutdown_timeout: std::time::Duration,
    /// Listened to from the build on, before the binary says it listens.
    signals: Option<crate::shutdown::Signals>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect_with(
            &config.database_url,
            config.db_max_connections,
            config.db_acquire_timeout,
        )
        .await
        .context("connecting to the database")?;
        db.migrate().await.context("applying migrations")?;
        if config.secret_key.is_none() {
            tracing::warn!(
                "TABLEMATES_SECRET_KEY is not set: the unsubscribe-link key is kept in the database"
            );
        }
        // Made here, once, so that requests only ever read it.
        let unsubscribe_key = crate::workflows::unsubscribe::UnsubscribeKey::load_with(
            &db.write,
            config.secret_key.as_ref(),
        )
        .await
        .context("making the unsubscribe link key")?;
        let limiter = crate::workflows::rate_limits::Limiter::load(
            &db.write,
            config.rate_limits,
            config.secret_key.as_ref(),
        )
        .await
        .context("making the rate limit key")?;
        crate::workflows::rate_limits::start_purger(db.write.clone(), RATE_LIMIT_PURGE);
        let listener = TcpListener::bind(config.listen)
            .with_context(|| format!("binding {}", config.listen))?;
        let port = listener.local_addr()?.port();
        let mut base_url = config.base_url.clone();
        if config.listen.port() == 0 && base_url.port() == Some(0) {
            base_url
                .set_port(Some(port))
                .map_err(|()| anyhow::anyhow!("cannot set the port of the base URL"))?;
        }
        let sqlite = db.backend() == sea_orm::DatabaseBackend::Sqlite;
        let writers = match config.db_writers {
            0 if sqlite => 1,
            0 => 4,
            n => n,
        };
        let batch = match config.db_batch {
            0 if sqlite => 128,
            0 => 16,
            n => n,
        };
        let waker = crate::workflows::jobs::Waker::default();
        let ctx = context(db.clone(), &config, base_url);
        let jobs = crate::workflows::jobs::start(ctx.clone(), waker.clone(), JOB_POLL);
        let retention = crate::workflows::retention::start(ctx.clone(), config.retention);
        let app_ctx = ctx.clone();
        let state = web::Data::new(AppState {
            registrar: Registrar::start(ctx.clone(), writers, batch),
            ctx,
            conferences: Default::default(),
            jobs: waker.clone(),
            max_import_bytes: config.max_import_bytes,
            limiter,
            trusted_proxies: config.trusted_proxies.clone(),
            metrics_token: config.metrics_token.clone(),
        });
        let max_body = config.max_body_bytes;
        let mut server = HttpServer::new(move || {
            App::new()
                .wrap(actix_web::middleware::from_fn(http::language::negotiate))
                .wrap(actix_web::middleware::from_fn(http::security_headers::add))
                .wrap(TracingLogger::<RedactedRootSpan>::new())
                .wrap(actix_web::middleware::from_fn(http::metrics::count))
                .wrap(actix_web::middleware::from_fn(http::request_id::assign))
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(max_body))
                .configure(http::configure)
        })
        .listen(listener)?
        // Signals are handled in `run_until_stopped`, the same for SIGINT as for SIGTERM
        // (actix's own handling stops at once on SIGINT), and the workers stop alongside.
        .disable_signals()
        .shutdown_timeout(config.shutdown_timeout.as_secs());
        if config.http_workers > 0 {
            server = server.workers(config.http_workers);
        }
        let links = crate::mailer::LinkSettings {
            base_url: app_ctx.links.base_url.clone(),
            access_token_days: config.access_token_days,
            unsubscribe_key: unsubscribe_key.bytes().to_vec(),
        };
        let mailer = crate::mailer::start(db.clone(), &config.mail, links, app_ctx.metrics.clone())
            .context("loading the email templates")?;
        let webhooks =
            crate::webhooks::spawn(db.clone(), config.webhooks.clone(), app_ctx.metrics.clone())
                .context("making the webhook client")?;
        Ok(Self {
            port,
            server: server.run(),
            ctx: app_ctx,
            mailer,
            webhooks,
            jobs,
            retention,
            shutdown_timeout: config.shutdown_timeout,
            signals: Some(crate::shutdown::Signals::listen()),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The database the application uses, for tools that run beside it.
    pub fn db(&self) -> &Db {
        &self.ctx.db
    }

    /// What the application calls its use cases with, for tools that run beside it (the demo
    /// seed, tests).
    pub fn ctx(&self) -> &crate::workflows::Context {
        &self.ctx
    }

    /// Serves until SIGTERM or SIGINT, then stops gracefully: no new connections, requests in
    /// flight answered (for up to the shutdown timeout), and at the same time the mailer
    /// finishes the sends in hand and gives back the emails it claimed but did not start, and
    /// the job runner finishes its job or, past the timeout, gives it back. Nothing is left
    /// under a lease, so another instance takes the rest at once.
    pub async fn run_until_stopped(mut self) -> std::io::Result<()> {
        let signals = self.signals.take();
        self.run_until(async move {
            let Some(signals) = signals else {
                return std::future::pending().await;
            };
            let name = signals.recv().await;
            tracing::info!(
                signal = name,
                "stopping: draining requests, finishing the emails and the job in hand"
            );
        })
        .await
    }

    /// As [`Self::run_until_stopped`], stopping when `stop` completes.
    pub async fn run_until(self, stop: impl Future<Output = ()>) -> std::io::Result<()> {
        let handle = self.server.handle();
        let mut server = self.server;
        let stopped_itself = tokio::select! {
            result = &mut server => Some(result),
            () = stop => None,
        };
        let started = std::time::Instant::now();
        let (result, (), sent, ()) = tokio::join!(
            async {
                match stopped_itself {
                    Some(result) => result,
                    None => {
                        // The command is sent by the call; the server future, which must
                        // be polled to carry it out, completes when it is done.
                        drop(handle.stop(true));
                        server.await
                    }
                }
            },
            self.jobs.stop(self.shutdown_timeout),
            self.mailer.stop(),
            self.webhooks.stop(),
        );
        self.retention.abort();
        tracing::info!(
            seconds = started.elapsed().as_secs_f64(),
            emails_sent = sent,
            "stopped"
        );
        result
    }
}
