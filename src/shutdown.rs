//! The signals that stop the service: SIGTERM (what orchestrators and systemd send) and SIGINT
//! (Ctrl-C), both answered with the same graceful stop.

/// Listening starts when this is made: a signal that arrives between then and the wait is
/// kept, not left to its default action (which ends the process at once).
pub struct Signals {
    #[cfg(unix)]
    listening: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    pub fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let listening = match (
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
            ) {
                (Ok(term), Ok(int)) => Some((term, int)),
                (Err(e), _) | (_, Err(e)) => {
                    tracing::error!(error = %e, "cannot listen for signals; only a kill stops the server");
                    None
                }
            };
            Self { listening }
        }
        #[cfg(not(unix))]
        Self {}
    }

    /// Completes on the first signal, naming it.
    pub async fn recv(self) -> &'static str {
        #[cfg(unix)]
        {
            let Some((mut term, mut int)) = self.listening else {
                return std::future::pending().await;
            };
            tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}
