//! Stopping gracefully: SIGTERM (systemd, Docker, Kubernetes) and SIGINT (Ctrl-C) both start
//! the same bounded shutdown. The server stops accepting and answers the requests in flight,
//! the pipeline claims and starts no new work ([`gazette_pipeline::Stop`]), and what is still
//! running when `server.shutdown_seconds` have passed is cut off (the store's transactions
//! keep it whole; a cut-off poll is read again by the next process).

use std::time::Duration;

/// Completes when the process is asked to stop; returns the signal's name for the log.
pub async fn signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                return tokio::select! {
                    _ = tokio::signal::ctrl_c() => "SIGINT",
                    _ = term.recv() => "SIGTERM",
                };
            }
            Err(e) => tracing::warn!(error = %e, "cannot listen for SIGTERM; Ctrl-C still stops"),
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    "SIGINT"
}

/// Logs the stop and the time given to the work in hand.
pub fn announce(signal: &str, grace: Duration) {
    tracing::info!(
        signal,
        grace_seconds = grace.as_secs(),
        "stopping: no new work; finishing what is in hand"
    );
}
