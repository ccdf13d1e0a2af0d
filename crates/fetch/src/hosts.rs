//! Politeness towards each host: at most N requests in flight, a minimum time
//! between the starts of two requests (raised by robots.txt `Crawl-delay`), and a
//! pause when the host answered 429/503 with `Retry-After`, so that the other
//! requests queued for it fail fast instead of hammering it. Beside it, one global
//! limit on requests in flight across all hosts.
//!
//! The order of waiting is what lets thousands of hosts share a small global limit: a
//! request first waits for its host's turn holding nothing global, then takes a global
//! slot (and the caller's gate, if any: the pipeline's bound on pages in hand), and
//! only then stamps the host's turn. A request that waited for a global slot while
//! another request of its host started goes back to waiting for the host, so two
//! starts to one host are never closer than its delay, however long the global queue.

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
    /// Requests in flight to all hosts together.
    in_flight: Arc<Semaphore>,
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

/// Held while a request to a host is in flight. When it is dropped (the response read),
/// the host's next turn is at least its delay away: the delay runs from the end of a request
/// as well as from its start, so that a request slowed on its way (a new connection, a busy
/// machine) cannot arrive at the host closer than the delay to the next one.
pub(crate) struct HostPermit {
    _permit: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
    state: Arc<HostState>,
    delay: Duration,
}

impl Drop for HostPermit {
    fn drop(&mut self) {
        let mut turn = self.state.turn.lock().unwrap_or_else(|e| e.into_inner());
        turn.next = turn.next.max(Instant::now() + self.delay);
    }
}

/// The key politeness is kept under: the host alone, since ports and schemes of one
/// name are usually one server (an http → https redirect is two requests to it).
pub(crate) fn host_key(url: &Url) -> String {
    url.host_str().unwrap_or("").to_ascii_lowercase()
}

impl Hosts {
    pub(crate) fn new(concurrency: usize, delay: Duration, max_in_flight: usize) -> Self {
        Self {
            concurrency: concurrency.max(1),
            delay,
            map: Mutex::new(HashMap::new()),
            in_flight: Arc::new(Semaphore::new(max_in_flight.max(1))),
        }
    }

    /// Requests in flight now, to all hosts together.
    pub(crate) fn in_flight(&self, max: usize) -> usize {
        max.max(1)
            .saturating_sub(self.in_flight.available_permits())
    }

    /// A global slot alone, for requests that skip per-host politeness but still count
    /// (robots.txt).
    pub(crate) async fn global_slot(&self) -> OwnedSemaphorePermit {
        self.in_flight
            .clone()
            .acquire_owned()
            .await
            .expect("the global semaphore is never closed")
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

    /// Waits for a free slot of the host, the host's turn, a global slot and a slot of
    /// `gate` (unless `gate_held`), in that order; the request may start when this returns.
    /// The host and global slots are freed when the [`HostPermit`] is dropped; the gate's
    /// slot is returned to the caller, who keeps it as long as the body is in hand.
    pub(crate) async fn acquire(
        &self,
        key: &str,
        gate: Option<&Arc<Semaphore>>,
    ) -> (HostPermit, Option<OwnedSemaphorePermit>) {
        let state = self.state(key);
        let permit = state
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        loop {
            let turn_at = {
                let turn = state.turn.lock().unwrap_or_else(|e| e.into_inner());
                turn.next.max(Instant::now())
            };
            tokio::time::sleep_until(turn_at).await;
            let gated = match gate {
                Some(g) => Some(
                    g.clone()
                        .acquire_owned()
                        .await
                        .expect("gates are never closed"),
                ),
                None => None,
            };
            let global = self.global_slot().await;
            let mut turn = state.turn.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            if now >= turn.next {
                let delay = turn.crawl_delay.map_or(self.delay, |c| c.max(self.delay));
                turn.next = now + delay;
                drop(turn);
                return (
                    HostPermit {
                        _permit: permit,
                        _global: global,
                        state: state.clone(),
                        delay,
                    },
                    gated,
                );
            }
            // Another request to this host started while this one waited for the global
            // slots: wait for the host's next turn, holding nothing global meanwhile.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn spaces_requests_to_one_host_and_not_across_hosts() {
        let hosts = Hosts::new(4, Duration::from_millis(200), 16);
        let t0 = Instant::now();
        let _a = hosts.acquire("a", None).await;
        let _b = hosts.acquire("b", None).await;
        assert!(t0.elapsed() < Duration::from_millis(150));
        let _a2 = hosts.acquire("a", None).await;
        assert!(t0.elapsed() >= Duration::from_millis(200));
    }

    #[test]
    fn pause_is_per_host_capped_and_only_extended() {
        let hosts = Hosts::new(1, Duration::ZERO, 1);
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
        let hosts = Hosts::new(4, Duration::from_millis(10), 16);
        hosts.set_crawl_delay("a", Some(Duration::from_millis(150)));
        let t0 = Instant::now();
        drop(hosts.acquire("a", None).await);
        drop(hosts.acquire("a", None).await);
        assert!(t0.elapsed() >= Duration::from_millis(150));
    }

    #[tokio::test]
    async fn the_delay_also_runs_from_the_end_of_a_request() {
        let hosts = Hosts::new(2, Duration::from_millis(150), 16);
        let t0 = Instant::now();
        let (slow, _) = hosts.acquire("a", None).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        drop(slow);
        let ended = Instant::now();
        drop(hosts.acquire("a", None).await);
        assert!(
            ended.elapsed() >= Duration::from_millis(150),
            "a full delay after the end"
        );
        assert!(t0.elapsed() >= Duration::from_millis(450));
    }

    #[tokio::test]
    async fn a_request_held_up_by_the_global_limit_keeps_its_host_polite() {
        // One global slot, held by host "b" for 300 ms: host "a"'s first request waits for
        // it, and its second still starts a full delay after the first really started.
        let hosts = Arc::new(Hosts::new(2, Duration::from_millis(200), 1));
        let held = hosts.acquire("b", None).await;
        let t0 = Instant::now();
        let (h1, h2) = (hosts.clone(), hosts.clone());
        let first = tokio::spawn(async move {
            let p = h1.acquire("a", None).await;
            let at = Instant::now();
            drop(p);
            at
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let second = tokio::spawn(async move {
            let p = h2.acquire("a", None).await;
            let at = Instant::now();
            drop(p);
            at
        });
        tokio::time::sleep(Duration::from_millis(250)).await;
        drop(held);
        let (a1, a2) = (first.await.unwrap(), second.await.unwrap());
        assert!(
            a1 >= t0 + Duration::from_millis(250),
            "waited for the global slot"
        );
        let gap = a2
            .saturating_duration_since(a1)
            .max(a1.saturating_duration_since(a2));
        assert!(gap >= Duration::from_millis(195), "starts {gap:?} apart");
    }

    #[tokio::test]
    async fn the_global_limit_bounds_requests_across_hosts_and_gates_are_kept() {
        let hosts = Hosts::new(2, Duration::ZERO, 2);
        let gate = Arc::new(Semaphore::new(1));
        let (a, gated) = hosts.acquire("a", Some(&gate)).await;
        assert!(gated.is_some());
        assert_eq!(hosts.in_flight(2), 1);
        let _b = hosts.acquire("b", None).await;
        assert_eq!(hosts.in_flight(2), 2);
        let blocked = tokio::time::timeout(Duration::from_millis(100), hosts.acquire("c", None));
        assert!(
            blocked.await.is_err(),
            "a third host waits for a global slot"
        );
        drop(a);
        assert_eq!(
            gate.available_permits(),
            0,
            "the gate is the caller's until dropped"
        );
        drop(gated);
        assert_eq!(gate.available_permits(), 1);
    }
}
