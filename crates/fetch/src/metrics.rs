//! Counters of every fetch, kept where the fetches happen so that nothing can forget to
//! count: outcomes by kind and a latency histogram. Lock-free (relaxed atomics), read
//! by the website's `/metrics` endpoint through [`Fetcher::metrics`](crate::Fetcher::metrics).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::FetchError;

/// The kinds of fetch that are counted (and `post`: pings of WebSub hubs), in the order of the
/// arrays below.
pub const FETCH_KINDS: [&str; 5] = ["feed", "page", "json", "image", "post"];

/// Every outcome a fetch can have: `ok`, `not_modified` (a 304 to a conditional feed
/// request), then each [`FetchError::code`].
pub const FETCH_OUTCOMES: [&str; 21] = [
    "ok",
    "not_modified",
    "invalid_url",
    "unsupported_scheme",
    "blocked",
    "dns",
    "connect",
    "timeout",
    "too_slow",
    "too_large",
    "too_many_redirects",
    "redirect_loop",
    "status",
    "host_backoff",
    "robots_disallowed",
    "robots_unavailable",
    "json",
    "not_image",
    "decode",
    "io",
    "other",
];

/// Upper bounds (seconds) of the latency histogram's buckets; `+Inf` is implied.
pub const LATENCY_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

const KINDS: usize = FETCH_KINDS.len();
const OUTCOMES: usize = FETCH_OUTCOMES.len();
const BUCKETS: usize = LATENCY_BUCKETS.len() + 1;

/// Totals since start-up, shared by every clone of a [`Fetcher`](crate::Fetcher).
#[derive(Debug)]
pub struct FetchMetrics {
    outcomes: [[AtomicU64; OUTCOMES]; KINDS],
    /// Per kind, the count of fetches in each bucket (not cumulative; the last is `+Inf`).
    buckets: [[AtomicU64; BUCKETS]; KINDS],
    /// Per kind, the sum of durations in microseconds.
    micros: [AtomicU64; KINDS],
}

impl Default for FetchMetrics {
    fn default() -> Self {
        FetchMetrics {
            outcomes: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))),
            buckets: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))),
            micros: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

/// A consistent-enough copy of [`FetchMetrics`] for exposition (each value is read
/// atomically; a fetch finishing during the read may be half counted).
#[derive(Debug, Clone, PartialEq)]
pub struct FetchMetricsSnapshot {
    /// `(kind, outcome, count)` for every kind and outcome, zeros included.
    pub outcomes: Vec<(&'static str, &'static str, u64)>,
    /// One histogram per kind.
    pub latency: Vec<(&'static str, LatencyHistogram)>,
}

/// Fetch durations of one kind: time from the call to its result, waits for the host's
/// turn included (that is what the pipeline waits for).
#[derive(Debug, Clone, PartialEq)]
pub struct LatencyHistogram {
    /// Cumulative counts for each bound of [`LATENCY_BUCKETS`].
    pub cumulative: Vec<(f64, u64)>,
    /// Every fetch (the `+Inf` bucket).
    pub count: u64,
    pub sum_seconds: f64,
}

fn outcome_index(outcome: Result<bool, &FetchError>) -> usize {
    let name = match outcome {
        Ok(false) => "ok",
        Ok(true) => "not_modified",
        Err(e) => e.code(),
    };
    FETCH_OUTCOMES
        .iter()
        .position(|o| *o == name)
        .unwrap_or(OUTCOMES - 1)
}

impl FetchMetrics {
    /// Counts one finished fetch. `outcome` is `Ok(not_modified)` or the error.
    pub(crate) fn record(&self, kind: &str, elapsed: Duration, outcome: Result<bool, &FetchError>) {
        let Some(k) = FETCH_KINDS.iter().position(|n| *n == kind) else {
            return;
        };
        self.outcomes[k][outcome_index(outcome)].fetch_add(1, Ordering::Relaxed);
        let secs = elapsed.as_secs_f64();
        let bucket = LATENCY_BUCKETS
            .iter()
            .position(|le| secs <= *le)
            .unwrap_or(BUCKETS - 1);
        self.buckets[k][bucket].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.micros[k].fetch_add(micros, Ordering::Relaxed);
    }

    /// The current totals.
    pub fn snapshot(&self) -> FetchMetricsSnapshot {
        let mut outcomes = Vec::with_capacity(KINDS * OUTCOMES);
        let mut latency = Vec::with_capacity(KINDS);
        for (k, kind) in FETCH_KINDS.iter().enumerate() {
            for (o, outcome) in FETCH_OUTCOMES.iter().enumerate() {
                outcomes.push((*kind, *outcome, self.outcomes[k][o].load(Ordering::Relaxed)));
            }
            let mut running = 0;
            let cumulative = LATENCY_BUCKETS
                .iter()
                .enumerate()
                .map(|(b, le)| {
                    running += self.buckets[k][b].load(Ordering::Relaxed);
                    (*le, running)
                })
                .collect();
            let count = running + self.buckets[k][BUCKETS - 1].load(Ordering::Relaxed);
            let sum_seconds = self.micros[k].load(Ordering::Relaxed) as f64 / 1e6;
            latency.push((
                *kind,
                LatencyHistogram {
                    cumulative,
                    count,
                    sum_seconds,
                },
            ));
        }
        FetchMetricsSnapshot { outcomes, latency }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_an_outcome() {
        let e = FetchError::Other("x".into());
        assert_eq!(FETCH_OUTCOMES[outcome_index(Err(&e))], "other");
        let status = FetchError::Status {
            url: "u".into(),
            status: 500,
            retry_after: None,
        };
        assert_eq!(FETCH_OUTCOMES[outcome_index(Err(&status))], "status");
        // Every code named by FetchError::code is listed, so none falls into "other".
        let src = include_str!("error.rs");
        for code in src
            .split("=> \"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            assert!(FETCH_OUTCOMES.contains(&code), "{code} is not counted");
        }
    }

    #[test]
    fn histogram_is_cumulative() {
        let m = FetchMetrics::default();
        m.record("feed", Duration::from_millis(3), Ok(false));
        m.record("feed", Duration::from_millis(70), Ok(true));
        m.record(
            "feed",
            Duration::from_secs(60),
            Err(&FetchError::Other("x".into())),
        );
        m.record("robots", Duration::from_millis(1), Ok(false));
        let s = m.snapshot();
        let feed = &s.latency[0].1;
        assert_eq!(feed.count, 3);
        assert_eq!(feed.cumulative[0], (0.005, 1));
        assert_eq!(feed.cumulative[3], (0.05, 1));
        assert_eq!(feed.cumulative[4], (0.1, 2));
        assert_eq!(feed.cumulative.last().unwrap().1, 2, "60 s is only in +Inf");
        assert!((feed.sum_seconds - 60.073).abs() < 1e-6);
        let count = |k, o| {
            s.outcomes
                .iter()
                .find(|(kk, oo, _)| *kk == k && *oo == o)
                .unwrap()
                .2
        };
        assert_eq!(count("feed", "ok"), 1);
        assert_eq!(count("feed", "not_modified"), 1);
        assert_eq!(count("feed", "other"), 1);
        assert_eq!(count("page", "ok"), 0);
    }
}
