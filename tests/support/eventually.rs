//! The one way the test binaries wait for something that happens in the background (an email
//! sent, a job finished, a server up): a poller with a timeout that says what it waited for.

use std::fmt::Display;
use std::time::{Duration, Instant};

/// How often [`eventually`] looks again.
const POLL_EVERY: Duration = Duration::from_millis(20);

/// Waits for something that happens in the background (an email sent, a job finished):
/// calls `probe` every 20 ms until it answers `Ok`, and returns that value. `probe` answers
/// `Err(what it saw instead)`; after `timeout` the test fails, naming `what` it waited for,
/// how long, and the last thing seen.
pub async fn eventually<T, Seen: Display>(
    what: impl Display,
    timeout: Duration,
    mut probe: impl AsyncFnMut() -> Result<T, Seen>,
) -> T {
    let started = Instant::now();
    loop {
        let seen = match probe().await {
            Ok(done) => return done,
            Err(seen) => seen,
        };
        assert!(
            started.elapsed() < timeout,
            "waited {timeout:?} for {what}; last saw {seen}"
        );
        tokio::time::sleep(POLL_EVERY).await;
    }
}
