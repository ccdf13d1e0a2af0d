//! A stop signal for the long-running tasks (the poll scheduler, the story desk, retention).
//!
//! When the process is asked to stop (SIGTERM, Ctrl-C), [`Stop::stop`] is called once: the
//! scheduler starts no new round, the frontier claims no more sources and starts no queued
//! poll (the polls already running finish), the desk finishes the batch in hand and returns.
//! The caller waits for the tasks up to its own deadline ([`finish_within`]) and aborts what
//! is left; the store's transactions keep an aborted poll whole (its source's validators move
//! only with its last part, so the revision is read again).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Shared by clones: stopping one stops all.
#[derive(Debug, Clone)]
pub struct Stop {
    tx: Arc<watch::Sender<bool>>,
}

impl Default for Stop {
    fn default() -> Self {
        Stop {
            tx: Arc::new(watch::Sender::new(false)),
        }
    }
}

impl Stop {
    /// Asks every task that holds a clone to stop.
    pub fn stop(&self) {
        self.tx.send_replace(true);
    }

    pub fn is_stopped(&self) -> bool {
        *self.tx.borrow()
    }

    /// Completes once [`Stop::stop`] has been called (at once if it was).
    pub async fn stopped(&self) {
        let mut rx = self.tx.subscribe();
        // The sender lives as long as `self`: `wait_for` cannot fail while we hold it.
        let _ = rx.wait_for(|stopped| *stopped).await;
    }
}

/// Waits for `tasks` to end for at most `within`, then aborts those still running. Returns
/// how many had to be aborted.
pub async fn finish_within(tasks: Vec<JoinHandle<()>>, within: Duration) -> usize {
    let deadline = tokio::time::Instant::now() + within;
    let mut aborted = 0;
    for mut task in tasks {
        if tokio::time::timeout_at(deadline, &mut task).await.is_err() {
            task.abort();
            let _ = task.await;
            aborted += 1;
        }
    }
    aborted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stop_reaches_every_clone_and_slow_tasks_are_cut_at_the_deadline() {
        let stop = Stop::default();
        let waiter = {
            let stop = stop.clone();
            tokio::spawn(async move { stop.stopped().await })
        };
        assert!(!stop.is_stopped());
        stop.clone().stop();
        assert!(stop.is_stopped());
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("a waiting task learns of the stop")
            .unwrap();
        // Already stopped: completes at once.
        stop.stopped().await;

        let quick = tokio::spawn(async {});
        let stuck = tokio::spawn(std::future::pending::<()>());
        let started = std::time::Instant::now();
        assert_eq!(
            finish_within(vec![quick, stuck], Duration::from_millis(200)).await,
            1
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
