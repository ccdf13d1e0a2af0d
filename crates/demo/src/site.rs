//! Where things live on the wire and when they were published.
//!
//! Every renderer asks the [`Site`] for URLs and dates, so that feeds, pages and images agree on
//! them exactly: a feed's `<link>` is the page's canonical URL, and a feed's date is the page's
//! `article:published_time`.

use chrono::{DateTime, Datelike, Duration, DurationRound, Utc};

use crate::content::{Article, Outlet};

/// The base URL and the clock of one running wire.
#[derive(Debug, Clone)]
pub struct Site {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base_url: String,
    /// The start of the wire, truncated to the minute; `hours_ago` counts back from it.
    pub started: DateTime<Utc>,
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
    pub fn new(base_url: String, now: DateTime<Utc>) -> Site {
        let started = now.duration_trunc(Duration::minutes(1)).unwrap_or(now);
        Site { base_url, started }
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
        if h.is_multiple_of(3) {
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
