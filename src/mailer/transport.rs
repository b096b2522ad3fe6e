//! Where messages go: an SMTP server (plain, STARTTLS or implicit TLS, with optional login)
//! or a folder that receives one `.eml` file per message, chosen by one URL.
//!
//! SMTP connections are opened here, not by lettre's pool, so that the socket has
//! `TCP_NODELAY` set: lettre 0.11.23 leaves Nagle on and then waits ~40 ms per message for
//! the server's delayed ACK (TOOLCHAIN.md). A `Sender` keeps its connection open between
//! messages and reopens it when the server has closed it.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;

/// How long to wait for a TCP connection, and for the server during one message.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const SEND_TIMEOUT: Duration = Duration::from_secs(60);

/// When to encrypt an SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Never (`?tls=none`; the default for loopback hosts).
    None,
    /// STARTTLS when the server offers it (the default for other hosts).
    Opportunistic,
    /// STARTTLS or fail (`?tls=required`).
    Required,
    /// TLS from the first byte (`smtps://`).
    Implicit,
}

/// A parsed `TABLEMATES_SMTP_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum TransportConfig {
    /// `file:///abs/dir` or `file://./relative/dir`: one `.eml` file per message.
    File { dir: PathBuf },
    /// `smtp://[user:pass@]host[:port][?tls=none|opportunistic|required]` or
    /// `smtps://[user:pass@]host[:port]`.
    Smtp {
        host: String,
        port: u16,
        tls: Tls,
        login: Option<(String, String)>,
    },
}

impl std::fmt::Debug for TransportConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File { dir } => f.debug_struct("File").field("dir", dir).finish(),
            Self::Smtp {
                host,
                port,
                tls,
                login,
            } => f
                .debug_struct("Smtp")
                .field("host", host)
                .field("port", port)
                .field("tls", tls)
                .field("user", &login.as_ref().map(|(user, _)| user))
                .finish_non_exhaustive(),
        }
    }
}

impl TransportConfig {
    /// Parses a transport URL; the message names what is wrong, never the password.
    pub fn parse(raw: &str) -> Result<Self, String> {
        if let Some(path) = raw.strip_prefix("file://") {
            if path.is_empty() {
                return Err("a file: URL needs a folder, e.g. file://./outbox".into());
            }
            return Ok(Self::File {
                dir: PathBuf::from(path),
            });
        }
        let url = url::Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
        let implicit = match url.scheme() {
            "smtp" => false,
            "smtps" => true,
            other => {
                return Err(format!(
                    "unknown scheme {other:?}: use smtp://, smtps:// or file://"
                ));
            }
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("an SMTP URL needs a host")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = url.port().unwrap_or(if implicit { 465 } else { 25 });
        let loopback = host == "localhost"
            || host
                .parse::<IpAddr>()
                .map(|ip| ip.is_loopback())
                .unwrap_or(false);
        let mut tls = match (implicit, loopback) {
            (true, _) => Tls::Implicit,
            (false, true) => Tls::None,
            (false, false) => Tls::Opportunistic,
        };
        for (key, value) in url.query_pairs() {
            match (key.as_ref(), value.as_ref(), implicit) {
                ("tls", "none", false) => tls = Tls::None,
                ("tls", "opportunistic", false) => tls = Tls::Opportunistic,
                ("tls", "required", false) => tls = Tls::Required,
                ("tls", _, true) => return Err("smtps:// is always TLS; drop ?tls=".into()),
                ("tls", other, _) => {
                    return Err(format!(
                        "tls={other:?}: use none, opportunistic or required"
                    ));
                }
                (other, _, _) => return Err(format!("unknown parameter {other:?}")),
            }
        }
        let login = if url.username().is_empty() {
            None
        } else {
            let decode = |s: &str| {
                url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            Some((decode(url.username()), decode(url.password().unwrap_or(""))))
        };
        Ok(Self::Smtp {
            host,
            port,
            tls,
            login,
        })
    }
}

/// Why a message was not delivered; every kind is worth another attempt later.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("writing {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("connecting to {server}: {message}")]
    Connect { server: String, message: String },
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("the SMTP server did not answer within {0:?}")]
    Timeout(Duration),
}

/// Delivers messages one at a time over one transport, keeping an SMTP connection open.
pub struct Sender {
    config: TransportConfig,
    hello: ClientId,
    connection: Option<AsyncSmtpConnection>,
}

impl Sender {
    pub fn new(config: TransportConfig) -> Self {
        Self {
            config,
            hello: ClientId::default(),
            connection: None,
        }
    }

    /// Delivers the formatted message `bytes` (named `id` in the file transport).
    pub async fn send(
        &mut self,
        id: &str,
        envelope: &Envelope,
        bytes: &[u8],
    ) -> Result<(), SendError> {
        match &self.config {
            TransportConfig::File { dir } => write_file(dir, id, bytes).await,
            TransportConfig::Smtp { .. } => {
                let reused = self.connection.is_some();
                match self.send_smtp(envelope, bytes).await {
                    Err(SendError::Smtp(e)) if reused && e.status().is_none() => {
                        tracing::debug!(error = %e, "reused SMTP connection failed; reconnecting");
                        self.send_smtp(envelope, bytes).await
                    }
                    result => result,
                }
            }
        }
    }

    /// Says goodbye to the SMTP server, if connected.
    pub async fn close(&mut self) {
        if let Some(mut connection) = self.connection.take() {
            let _ = tokio::time::timeout(CONNECT_TIMEOUT, connection.quit()).await;
        }
    }

    /// Sends over the open connection, opening one first if needed. lettre ends a
    /// connection on any error (it sends `QUIT`), so only a successful send keeps it.
    async fn send_smtp(&mut self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SendError> {
        let mut connection = match self.connection.take() {
            Some(c) if !c.has_broken() => c,
            _ => self.connect().await?,
        };
        match tokio::time::timeout(SEND_TIMEOUT, connection.send(envelope, bytes)).await {
            Ok(Ok(_)) => {
                self.connection = Some(connection);
                Ok(())
            }
            Ok(Err(e)) => Err(e.into()),
            Err(_) => Err(SendError::Timeout(SEND_TIMEOUT)),
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let TransportConfig::Smtp {
            host,
            port,
            tls,
            login,
        } = &self.config
        else {
            unreachable!("connect is only called for SMTP");
        };
        let server = format!("{host}:{port}");
        let connect_error = |message: String| SendError::Connect {
            server: server.clone(),
            message,
        };
        let tls_parameters = || TlsParameters::new(host.clone()).map_err(SendError::Smtp);
        let mut connection = if *tls == Tls::Implicit {
            // lettre wraps the socket itself for implicit TLS, so Nagle stays on here.
            let connecting = AsyncSmtpConnection::connect_tokio1(
                (host.as_str(), *port),
                Some(CONNECT_TIMEOUT),
                &self.hello,
                Some(tls_parameters()?),
                None,
            );
            tokio::time::timeout(CONNECT_TIMEOUT * 2, connecting)
                .await
                .map_err(|_| SendError::Timeout(CONNECT_TIMEOUT * 2))??
        } else {
            let stream = tokio::time::timeout(
                CONNECT_TIMEOUT,
                tokio::net::TcpStream::connect((host.as_str(), *port)),
            )
            .await
            .map_err(|_| SendError::Timeout(CONNECT_TIMEOUT))?
            .map_err(|e| connect_error(e.to_string()))?;
            stream
                .set_nodelay(true)
                .map_err(|e| connect_error(e.to_string()))?;
            let greeting =
                AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello);
            let mut connection = tokio::time::timeout(CONNECT_TIMEOUT, greeting)
                .await
                .map_err(|_| SendError::Timeout(CONNECT_TIMEOUT))??;
            let offered = connection.can_starttls();
            match (tls, offered) {
                (Tls::Required, false) => {
                    return Err(connect_error(
                        "the server does not offer STARTTLS (tls=required)".into(),
                    ));
                }
                (Tls::Required | Tls::Opportunistic, true) => {
                    connection.starttls(tls_parameters()?, &self.hello).await?;
                }
                _ => {}
            }
            connection
        };
        if let Some((user, password)) = login {
            let credentials = Credentials::new(user.clone(), password.clone());
            connection
                .auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                .await?;
        }
        Ok(connection)
    }
}

/// Writes `bytes` to `dir/<id>.eml` through a temporary name, so a reader never sees half a
/// message.
async fn write_file(dir: &std::path::Path, id: &str, bytes: &[u8]) -> Result<(), SendError> {
    let error = |path: &std::path::Path| {
        let path = path.display().to_string();
        move |source| SendError::File { path, source }
    };
    tokio::fs::create_dir_all(dir).await.map_err(error(dir))?;
    let target = dir.join(format!("{id}.eml"));
    let partial = dir.join(format!(".{id}.eml.partial"));
    tokio::fs::write(&partial, bytes)
        .await
        .map_err(error(&partial))?;
    tokio::fs::rename(&partial, &target)
        .await
        .map_err(error(&target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_name_a_folder_relative_or_absolute() {
        assert_eq!(
            TransportConfig::parse("file://./outbox"),
            Ok(TransportConfig::File {
                dir: PathBuf::from("./outbox")
            })
        );
        assert_eq!(
            TransportConfig::parse("file:///var/mail/tm"),
            Ok(TransportConfig::File {
                dir: PathBuf::from("/var/mail/tm")
            })
        );
        assert!(TransportConfig::parse("file://").is_err());
    }

    #[test]
    fn smtp_urls_carry_host_port_tls_and_login() {
        assert_eq!(
            TransportConfig::parse("smtp://127.0.0.1:2525"),
            Ok(TransportConfig::Smtp {
                host: "127.0.0.1".into(),
                port: 2525,
                tls: Tls::None,
                login: None
            })
        );
        assert_eq!(
            TransportConfig::parse("smtp://me%40x.org:p%2Fw+d@mail.example.org:587?tls=required"),
            Ok(TransportConfig::Smtp {
                host: "mail.example.org".into(),
                port: 587,
                tls: Tls::Required,
                login: Some(("me@x.org".into(), "p/w+d".into()))
            })
        );
        assert_eq!(
            TransportConfig::parse("smtp://mail.example.org"),
            Ok(TransportConfig::Smtp {
                host: "mail.example.org".into(),
                port: 25,
                tls: Tls::Opportunistic,
                login: None
            })
        );
        assert_eq!(
            TransportConfig::parse("smtps://mail.example.org"),
            Ok(TransportConfig::Smtp {
                host: "mail.example.org".into(),
                port: 465,
                tls: Tls::Implicit,
                login: None
            })
        );
    }

    #[test]
    fn bad_transport_urls_are_rejected_without_echoing_secrets() {
        for bad in [
            "http://x",
            "smtp://",
            "smtp://h?tls=maybe",
            "smtps://h?tls=none",
            "smtp://h?x=1",
        ] {
            assert!(TransportConfig::parse(bad).is_err(), "{bad}");
        }
        let err = TransportConfig::parse("smtp://u:secret@h?tls=maybe").unwrap_err();
        assert!(!err.contains("secret"), "{err}");
        let debug = format!(
            "{:?}",
            TransportConfig::parse("smtp://u:secret@h").expect("valid")
        );
        assert!(!debug.contains("secret"), "{debug}");
    }

    #[tokio::test]
    async fn the_file_transport_writes_one_eml_per_message() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut sender = Sender::new(TransportConfig::File {
            dir: dir.path().join("mail"),
        });
        let envelope = Envelope::new(
            Some("a@example.org".parse().expect("address")),
            vec!["b@example.org".parse().expect("address")],
        )
        .expect("envelope");
        sender
            .send("one", &envelope, b"Subject: hi\r\n\r\nbody\r\n")
            .await
            .expect("written");
        let written = std::fs::read(dir.path().join("mail/one.eml")).expect("file exists");
        assert_eq!(written, b"Subject: hi\r\n\r\nbody\r\n");
        assert_eq!(
            std::fs::read_dir(dir.path().join("mail"))
                .expect("dir")
                .count(),
            1
        );
    }
}
