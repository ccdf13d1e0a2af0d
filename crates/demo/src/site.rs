//! Where things live on the wire and when they were published.
//!
//! Every renderer asks the [`Site`] for URLs and dates, so that feeds, pages and images agree on
//! them exactly: a feed's `<link>` is the page's canonical URL, and a feed's date is the page's
//! `article:published_time`.

use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, DurationRound, Utc};

use crate::content::{Article, Outlet, articles_of};

/// What time it is on the wire.
#[derive(Debug, Clone, Copy)]
enum Clock {
    /// Always this moment: documents never change (tests, snapshots).
    Frozen(DateTime<Utc>),
    /// The start plus the real time elapsed since this instant: scheduled stories appear.
    Live(Instant),
}

/// The base URL and the clock of one running wire.
#[derive(Debug, Clone)]
pub struct Site {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base_url: String,
    /// The start of the wire, truncated to the minute; `hours_ago` counts back from it.
    pub started: DateTime<Utc>,
    clock: Clock,
}

/// FNV-1a: a small stable hash, so that derived colours, minutes and ETags never change between
/// runs or Rust versions.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Site {
    /// A wire started at `now` whose clock stays there.
    pub fn new(base_url: String, now: DateTime<Utc>) -> Site {
        let started = now.duration_trunc(Duration::minutes(1)).unwrap_or(now);
        Site {
            base_url,
            started,
            clock: Clock::Frozen(started),
        }
    }

    /// A wire started at `now` whose clock runs with real time.
    pub fn live(base_url: String, now: DateTime<Utc>) -> Site {
        let mut site = Site::new(base_url, now);
        site.clock = Clock::Live(Instant::now());
        site
    }

    /// The same wire, seen with its clock frozen at `now`.
    pub fn at(&self, now: DateTime<Utc>) -> Site {
        Site {
            clock: Clock::Frozen(now),
            ..self.clone()
        }
    }

    /// The wire's current time.
    pub fn now(&self) -> DateTime<Utc> {
        match self.clock {
            Clock::Frozen(t) => t,
            Clock::Live(origin) => {
                self.started + Duration::from_std(origin.elapsed()).unwrap_or_default()
            }
        }
    }

    /// Whether `a` is out: published at or before the wire's current time.
    pub fn is_out(&self, a: &Article) -> bool {
        self.published(a) <= self.now()
    }

    /// The articles of an outlet that are out, newest first.
    pub fn stories_of<'a>(
        &'a self,
        outlet: &'a str,
    ) -> impl Iterator<Item = &'static Article> + 'a {
        articles_of(outlet).filter(|a| self.is_out(a))
    }

    /// Publication time: `hours_ago` before the start, to the minute.
    pub fn published(&self, a: &Article) -> DateTime<Utc> {
        let seconds = (a.hours_ago * 3600.0).round() as i64;
        let t = self.started - Duration::seconds(seconds);
        t.duration_trunc(Duration::minutes(1)).unwrap_or(t)
    }

    /// Last modification: about one article in three was corrected a while after publication.
    pub fn updated(&self, a: &Article) -> DateTime<Utc> {
        let published = self.published(a);
        let h = stable_hash(a.slug.as_bytes());
        if h.is_multiple_of(3) && published < self.started {
            let later = published + Duration::minutes(20 + (h % 97) as i64);
            later.min(self.started)
        } else {
            published
        }
    }

    /// `/{outlet}/{yyyy}/{mm}/{slug}.html`
    pub fn article_path(&self, a: &Article) -> String {
        let p = self.published(a);
        format!(
            "/{}/{:04}/{:02}/{}.html",
            a.outlet,
            p.year(),
            p.month(),
            a.slug
        )
    }

    pub fn article_url(&self, a: &Article) -> String {
        format!("{}{}", self.base_url, self.article_path(a))
    }

    pub fn image_url(&self, a: &Article) -> String {
        format!("{}/img/{}.svg", self.base_url, a.slug)
    }

    pub fn feed_url(&self, o: &Outlet) -> String {
        format!("{}/{}/feed", self.base_url, o.slug)
    }

    pub fn home_url(&self, o: &Outlet) -> String {
        format!("{}/{}/", self.base_url, o.slug)
    }
}

/// Escapes text for HTML and XML content and double-quoted attribute values. Apostrophes stay
/// as they are, as most publishing systems leave them.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{articles, scheduled};

    #[test]
    fn a_live_clock_runs_from_the_start_and_a_frozen_one_does_not() {
        let now = Utc::now();
        let live = Site::live("http://w".into(), now);
        let frozen = Site::new("http://w".into(), now);
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(live.now() > live.started);
        assert_eq!(frozen.now(), frozen.started);
        assert!(articles().iter().all(|a| frozen.is_out(a)));
        assert!(scheduled().iter().all(|a| !live.is_out(a)));
        let later = live.at(live.started + Duration::hours(1));
        assert!(scheduled().iter().all(|a| later.is_out(a)));
    }

    #[test]
    fn updates_never_precede_publication_nor_follow_the_start() {
        let site = Site::new("http://w".into(), Utc::now());
        for a in articles() {
            assert!(site.updated(a) >= site.published(a) && site.updated(a) <= site.started);
        }
        for a in scheduled() {
            assert_eq!(site.updated(a), site.published(a));
        }
    }
}
