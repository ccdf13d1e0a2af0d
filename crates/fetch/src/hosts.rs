//! Politeness towards each host: at most N requests in flight, a minimum time
//! between the starts of two requests (raised by robots.txt `Crawl-delay`), and a
//! pause when the host answered 429/503 with `Retry-After`, so that the other
//! requests queued for it fail fast instead of hammering it.
//!
//! Slots are reserved under a short lock and then slept for outside it, so concurrent
//! callers queue up one delay apart instead of all waking at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

use crate::config::MAX_CRAWL_DELAY;

/// Ceiling on a pause asked for by `Retry-After`: a hostile or confused server cannot
/// silence a host for days. The scheduler still gets the full value in the error.
pub(crate) const MAX_HOST_PAUSE: Duration = Duration::from_secs(60 * 60);

/// The politeness state of every host this process has talked to.
pub(crate) struct Hosts {
    concurrency: usize,
    delay: Duration,
    map: Mutex<HashMap<String, Arc<HostState>>>,
}

struct HostState {
    permits: Arc<Semaphore>,
    turn: Mutex<Turn>,
}

struct Turn {
    /// Earliest start of the next request.
    next: Instant,
    /// Crawl-delay from robots.txt, if larger than the configured delay.
    crawl_delay: Option<Duration>,
    /// The host asked us (Retry-After) to stay away until then.
    paused_until: Option<Instant>,
}

/// Held while a request to a host is in flight.
pub(crate) struct HostPermit {
    _permit: OwnedSemaphorePermit,
}

/// The key politeness is kept under: the host alone, since ports and schemes of one
/// name are usually one server (an http → https redirect is two requests to it).
pub(crate) fn host_key(url: &Url) -> String {
    url.host_str().unwrap_or("").to_ascii_lowercase()
}

impl Hosts {
    pub(crate) fn new(concurrency: usize, delay: Duration) -> Self {
        Self {
            concurrency: concurrency.max(1),
            delay,
            map: Mutex::new(HashMap::new()),
        }
    }

    fn state(&self, key: &str) -> Arc<HostState> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > crate::fetcher::PRUNE_AT {
            // Forget hosts nobody is using and whose turn has passed; a Crawl-delay
            // is kept until its robots.txt is reloaded.
            let now = Instant::now();
            map.retain(|_, state| {
                let turn = state.turn.lock().unwrap_or_else(|e| e.into_inner());
                Arc::strong_count(state) > 1
                    || turn.next > now
                    || turn.crawl_delay.is_some()
                    || turn.paused_until.is_some_and(|p| p > now)
            });
        }
        map.entry(key.to_owned())
            .or_insert_with(|| {
                Arc::new(HostState {
                    permits: Arc::new(Semaphore::new(self.concurrency)),
                    turn: Mutex::new(Turn {
                        next: Instant::now(),
                        crawl_delay: None,
                        paused_until: None,
                    }),
                })
            })
            .clone()
    }

    /// Records a robots.txt `Crawl-delay` for the host (capped at [`MAX_CRAWL_DELAY`]).
    pub(crate) fn set_crawl_delay(&self, key: &str, delay: Option<Duration>) {
        let state = self.state(key);
        let mut turn = state.turn.lock().unwrap_or_else(|e| e.into_inner());
        turn.crawl_delay = delay.map(|d| d.min(MAX_CRAWL_DELAY));
    }

    /// Keeps requests away from the host for `wait` (capped at [`MAX_HOST_PAUSE`]).
    pub(crate) fn pause(&self, key: &str, wait: Duration) {
        let state = self.state(key);
        let mut turn = state.turn.lock().unwrap_or_else(|e| e.into_inner());
        let until = Instant::now() + wait.min(MAX_HOST_PAUSE);
        turn.paused_until = Some(turn.paused_until.map_or(until, |p| p.max(until)));
    }

    /// How long the host still asked us to wait, if it did.
    pub(crate) fn paused(&self, key: &str) -> Option<Duration> {
        let state = self.state(key);
        let turn = state.turn.lock().unwrap_or_else(|e| e.into_inner());
        let left = turn.paused_until?.checked_duration_since(Instant::now())?;
        (!left.is_zero()).then_some(left)
    }

    /// Waits for a free slot and for the host's turn; the request may start when this
    /// returns and the slot is freed when the permit is dropped.
    pub(crate) async fn acquire(&self, key: &str) -> HostPermit {
        let state = self.state(key);
        let permit = state
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        let start = {
            let mut turn = state.turn.lock().unwrap_or_else(|e| e.into_inner());
            let delay = turn.crawl_delay.map_or(self.delay, |c| c.max(self.delay));
            let start = turn.next.max(Instant::now());
            turn.next = start + delay;
            start
        };
        tokio::time::sleep_until(start).await;
        HostPermit { _permit: permit }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn spaces_requests_to_one_host_and_not_across_hosts() {
        let hosts = Hosts::new(4, Duration::from_millis(200));
        let t0 = Instant::now();
        let _a = hosts.acquire("a").await;
        let _b = hosts.acquire("b").await;
        assert!(t0.elapsed() < Duration::from_millis(150));
        let _a2 = hosts.acquire("a").await;
        assert!(t0.elapsed() >= Duration::from_millis(200));
    }

    #[test]
    fn pause_is_per_host_capped_and_only_extended() {
        let hosts = Hosts::new(1, Duration::ZERO);
        assert_eq!(hosts.paused("a"), None);
        hosts.pause("a", Duration::from_secs(10 * 24 * 3600));
        let left = hosts.paused("a").unwrap();
        assert!(left <= MAX_HOST_PAUSE && left > MAX_HOST_PAUSE - Duration::from_secs(5));
        hosts.pause("a", Duration::from_secs(1));
        assert!(hosts.paused("a").unwrap() > Duration::from_secs(60));
        assert_eq!(hosts.paused("b"), None);
    }

    #[tokio::test]
    async fn crawl_delay_raises_the_delay() {
        let hosts = Hosts::new(4, Duration::from_millis(10));
        hosts.set_crawl_delay("a", Some(Duration::from_millis(150)));
        let t0 = Instant::now();
        drop(hosts.acquire("a").await);
        drop(hosts.acquire("a").await);
        assert!(t0.elapsed() >= Duration::from_millis(150));
    }
}
