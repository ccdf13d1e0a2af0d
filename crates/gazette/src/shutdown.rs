//! Stopping gracefully: SIGTERM (systemd, Docker, Kubernetes) and SIGINT (Ctrl-C) both start
//! the same bounded shutdown. The server stops accepting and answers the requests in flight,
//! the pipeline claims and starts no new work ([`gazette_pipeline::Stop`]), and what is still
//! running when `server.shutdown_seconds` have passed is cut off (the store's transactions
//! keep it whole; a cut-off poll is read again by the next process).

use std::time::{Duration, Instant};

use gazette_pipeline::Stop;
use tokio::task::JoinHandle;

/// Completes when the process is asked to stop; returns the signal's name for the log.
async fn signal() -> &'static str {
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
fn announce(signal: &str, grace: Duration) {
    tracing::info!(
        signal,
        grace_seconds = grace.as_secs(),
        "stopping: no new work; finishing what is in hand"
    );
}

/// Waits for a stop signal, logs it and stops the pipeline's work; returns when it came.
pub async fn stop_on_signal(stop: Stop, grace: Duration) -> Instant {
    let signal = signal().await;
    let at = Instant::now();
    announce(signal, grace);
    stop.stop();
    at
}

/// After the stop: `background` (tasks with nothing in hand worth finishing) is aborted, and
/// `work` (the scheduler, the desk) gets what is left of `grace` since `signalled` (all of it
/// when the stop did not come from a signal), then is cut off.
pub async fn finish(
    stop: &Stop,
    work: Vec<JoinHandle<()>>,
    background: impl IntoIterator<Item = JoinHandle<()>>,
    grace: Duration,
    signalled: Option<Instant>,
) {
    stop.stop();
    for task in background {
        task.abort();
    }
    let left = grace.saturating_sub(signalled.map_or(Duration::ZERO, |at| at.elapsed()));
    let cut = gazette_pipeline::finish_within(work, left).await;
    if cut > 0 {
        tracing::warn!(
            tasks = cut,
            "work still running at the shutdown deadline was cut off; it is redone at the next start"
        );
    }
}
