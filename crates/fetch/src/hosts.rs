//! Politeness towards each host: at most N requests in flight, and a minimum time
//! between the starts of two requests (raised by robots.txt `Crawl-delay`).
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
                Arc::strong_count(state) > 1 || turn.next > now || turn.crawl_delay.is_some()
            });
        }
        map.entry(key.to_owned())
            .or_insert_with(|| {
                Arc::new(HostState {
                    permits: Arc::new(Semaphore::new(self.concurrency)),
                    turn: Mutex::new(Turn {
                        next: Instant::now(),
                        crawl_delay: None,
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
        let hosts = Hosts::new(4, Duration::from_millis(100));
        let t0 = Instant::now();
        let _a = hosts.acquire("a").await;
        let _b = hosts.acquire("b").await;
        assert!(t0.elapsed() < Duration::from_millis(50));
        let _a2 = hosts.acquire("a").await;
        assert!(t0.elapsed() >= Duration::from_millis(100));
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
