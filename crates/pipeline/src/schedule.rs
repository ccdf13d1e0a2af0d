//! When to poll a source next: follow its publishing rate, honour what the server asks, back off
//! on failure, and never poll every source at the same second.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Bounds of the polling interval.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub min: Duration,
    pub max: Duration,
    /// The interval for a source whose rate is unknown (no dated entries yet).
    pub default: Duration,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            min: Duration::from_secs(5 * 60),
            max: Duration::from_secs(24 * 3600),
            default: Duration::from_secs(30 * 60),
        }
    }
}

/// The next poll after a success.
///
/// The interval is half the median gap between the feed's recent entries (so that a new entry
/// waits on average a quarter of the source's rhythm), at least any `ttl`/`max-age` the feed or
/// server asked for, within the schedule's bounds, with ±10% jitter derived from `seed`.
pub fn next_poll_after_success(
    now: DateTime<Utc>,
    schedule: &Schedule,
    entry_dates: &[DateTime<Utc>],
    server_hint: Option<Duration>,
    seed: u64,
) -> DateTime<Utc> {
    let mut dates: Vec<_> = entry_dates.iter().copied().filter(|d| *d <= now).collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    dates.truncate(20);
    let gaps: Vec<i64> = dates
        .windows(2)
        .map(|w| (w[0] - w[1]).num_seconds().max(0))
        .collect();
    let mut interval = if gaps.len() >= 2 {
        let mut g = gaps.clone();
        g.sort_unstable();
        Duration::from_secs((g[g.len() / 2] / 2).max(0) as u64)
    } else {
        schedule.default
    };
    // A source silent for much longer than its rhythm slows down too.
    if let Some(latest) = dates.first() {
        let silence = (now - *latest).num_seconds().max(0) as u64;
        interval = interval.max(Duration::from_secs(silence / 4));
    }
    if let Some(hint) = server_hint {
        interval = interval.max(hint);
    }
    let interval = interval.clamp(schedule.min, schedule.max);
    now + jitter(interval, seed)
}

/// The next poll after a failure: exponential back-off from the minimum interval, up to the
/// maximum, or later when the server said when to come back. A failing source is never dropped.
pub fn next_poll_after_failure(
    now: DateTime<Utc>,
    schedule: &Schedule,
    consecutive_failures: i64,
    retry_after: Option<Duration>,
    seed: u64,
) -> DateTime<Utc> {
    let exp = consecutive_failures.clamp(1, 20) as u32 - 1;
    let backoff = schedule
        .min
        .saturating_mul(2u32.saturating_pow(exp))
        .min(schedule.max);
    let wait = retry_after
        .map_or(backoff, |r| r.max(backoff))
        .min(schedule.max.max(Duration::from_secs(1)));
    now + jitter(wait, seed)
}

/// ±10% of `d`, deterministic in `seed`.
fn jitter(d: Duration, seed: u64) -> chrono::Duration {
    // SplitMix64: a well-mixed value from the seed without a random number generator.
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let fraction = (z % 2001) as f64 / 10_000.0 - 0.1; // -0.1 ..= 0.1
    let secs = d.as_secs_f64() * (1.0 + fraction);
    chrono::Duration::milliseconds((secs * 1000.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 14, 12, 0, 0).unwrap()
    }

    fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
        (to - from).num_seconds() as f64 / 60.0
    }

    #[test]
    fn follows_the_publishing_rate() {
        let s = Schedule::default();
        // An entry every hour: poll about every 30 minutes.
        let hourly: Vec<_> = (0..10)
            .map(|h| now() - chrono::Duration::hours(h))
            .collect();
        let m = minutes(now(), next_poll_after_success(now(), &s, &hourly, None, 1));
        assert!((27.0..=33.0).contains(&m), "{m}");
        // An entry a minute: the minimum interval.
        let busy: Vec<_> = (0..10)
            .map(|i| now() - chrono::Duration::minutes(i))
            .collect();
        let m = minutes(now(), next_poll_after_success(now(), &s, &busy, None, 2));
        assert!((4.5..=5.5).contains(&m), "{m}");
        // Weekly: capped at a day.
        let weekly: Vec<_> = (0..5)
            .map(|i| now() - chrono::Duration::days(7 * i))
            .collect();
        let m = minutes(now(), next_poll_after_success(now(), &s, &weekly, None, 3));
        assert!((1296.0..=1584.0).contains(&m), "{m}");
    }

    #[test]
    fn server_hints_and_unknown_rates() {
        let s = Schedule::default();
        let m = minutes(now(), next_poll_after_success(now(), &s, &[], None, 4));
        assert!((27.0..=33.0).contains(&m), "default interval: {m}");
        let m = minutes(
            now(),
            next_poll_after_success(now(), &s, &[], Some(Duration::from_secs(7200)), 5),
        );
        assert!((108.0..=132.0).contains(&m), "ttl of two hours: {m}");
    }

    #[test]
    fn failures_back_off_exponentially_up_to_a_day() {
        let s = Schedule::default();
        let m = |n, ra| minutes(now(), next_poll_after_failure(now(), &s, n, ra, 7));
        assert!((4.5..=5.5).contains(&m(1, None)));
        assert!((9.0..=11.0).contains(&m(2, None)));
        assert!((36.0..=44.0).contains(&m(4, None)));
        assert!((1296.0..=1584.0).contains(&m(50, None)), "capped");
        assert!(
            (54.0..=66.0).contains(&m(1, Some(Duration::from_secs(3600)))),
            "Retry-After"
        );
    }

    #[test]
    fn jitter_spreads_sources() {
        let a = jitter(Duration::from_secs(1000), 1);
        let b = jitter(Duration::from_secs(1000), 2);
        assert_ne!(a, b);
        for seed in 0..200 {
            let j = jitter(Duration::from_secs(1000), seed).num_milliseconds();
            assert!((900_000..=1_100_000).contains(&j));
        }
    }
}
