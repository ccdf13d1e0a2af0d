//! View types: what templates see. Domain types stay off the wire, so storage and themes can
//! change independently; every field here is already formatted for display.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use gazette_model::{EntryCard, EntryId, TopicCount, Weather};
use serde::Serialize;

/// Site-wide values every page shows.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub name: String,
    pub tagline: Option<String>,
    pub description: String,
    pub lang: String,
    pub stylesheet: String,
    /// The public base URL, without a trailing slash (canonical links of site-wide pages).
    pub url: String,
}

/// The header: today's date, the weather and the topic navigation.
#[derive(Debug, Serialize)]
pub struct HeaderView {
    pub today: String,
    pub today_iso: String,
    pub weather: Option<WeatherView>,
    pub nav: Vec<TopicView>,
}

#[derive(Debug, Serialize)]
pub struct WeatherView {
    /// "14.1 °C"
    pub temperature: String,
    pub city: String,
    pub condition: &'static str,
    /// A CSS icon class suffix: sun, cloud, rain, snow, fog, storm.
    pub icon: &'static str,
}

impl WeatherView {
    pub fn new(w: &Weather) -> Self {
        let icon = match w.code {
            Some(0) => "sun",
            Some(1..=3) => "cloud",
            Some(45 | 48) => "fog",
            Some(51..=67 | 80..=82) => "rain",
            Some(71..=77 | 85..=86) => "snow",
            Some(95..=99) => "storm",
            _ => "sun",
        };
        WeatherView {
            temperature: format!("{:.1} °C", w.temperature_c),
            city: w.city.clone(),
            condition: w.condition(),
            icon,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    pub slug: String,
    pub name: String,
    pub count: Option<i64>,
}

impl From<&TopicCount> for TopicView {
    fn from(t: &TopicCount) -> Self {
        TopicView {
            slug: t.topic.slug.clone(),
            name: t.topic.name.clone(),
            count: Some(t.entries),
        }
    }
}

/// A story card.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub href: String,
    pub title: String,
    pub source_id: i64,
    pub source_name: String,
    pub time_ago: String,
    pub published_iso: String,
    pub published_human: String,
    pub excerpt: Option<String>,
    pub image_url: Option<String>,
    /// The story's "Full coverage" page, when several articles report it.
    pub story_href: Option<String>,
    /// Distinct sources covering the story (1 for a single article).
    pub sources: i64,
}

impl CardView {
    /// A story's card: its lead article, with how many sources cover it.
    pub fn for_story(s: &gazette_store::StoryCard, now: DateTime<Utc>, tz: Tz) -> Self {
        let mut card = CardView::new(&s.card, now, tz);
        card.sources = s.sources;
        card.story_href = (s.articles > 1).then(|| format!("/story/{}", s.story_id));
        card
    }

    pub fn new(c: &EntryCard, now: DateTime<Utc>, tz: Tz) -> Self {
        CardView {
            href: article_path(c.id, &c.title),
            title: c.title.clone(),
            source_id: c.source_id.0,
            source_name: c.source_name.clone(),
            time_ago: time_ago(c.published, now, tz),
            published_iso: c
                .published
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            published_human: human_time(c.published, tz),
            excerpt: c
                .summary
                .as_deref()
                .map(|s| gazette_story::excerpt(s, 180))
                .filter(|s| !s.is_empty()),
            image_url: c.image_url.clone(),
            story_href: None,
            sources: 1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HotView {
    pub card: CardView,
    pub views: i64,
}

/// Previous and next page links.
#[derive(Debug, Serialize)]
pub struct PagerView {
    pub number: u32,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl PagerView {
    pub fn new(base: &str, number: u32, has_more: bool) -> Self {
        let sep = if base.contains('?') { '&' } else { '?' };
        let link = |n: u32| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}{sep}page={n}")
            }
        };
        PagerView {
            number,
            prev: (number > 1).then(|| link(number - 1)),
            next: has_more.then(|| link(number + 1)),
        }
    }
}

/// The path of an article page: `/article/{id}/{slug}`.
pub fn article_path(id: EntryId, title: &str) -> String {
    let slug = gazette_story::slugify(title, 80);
    if slug.is_empty() {
        format!("/article/{id}/story")
    } else {
        format!("/article/{id}/{slug}")
    }
}

/// "just now", "5 min ago", "3 h ago", "2 d ago", then the date.
pub fn time_ago(t: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> String {
    let secs = (now - t).num_seconds();
    match secs {
        ..60 => "just now".into(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        86_400..604_800 => format!("{} d ago", secs / 86_400),
        _ => t.with_timezone(&tz).format("%b %-d, %Y").to_string(),
    }
}

/// "Feb 14, 2026, 10:40 IST"
pub fn human_time(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .format("%b %-d, %Y, %H:%M %Z")
        .to_string()
}

/// Anonymous view counts waiting to be written: (entry, day) → count. No cookies, no addresses.
#[derive(Debug, Default)]
pub struct ViewCounter {
    pending: Mutex<HashMap<(EntryId, i64), i64>>,
}

impl ViewCounter {
    pub fn count(&self, entry: EntryId, now: DateTime<Utc>) {
        let day = now.timestamp().div_euclid(86_400);
        if let Ok(mut p) = self.pending.lock() {
            // Bounded: a flood of distinct ids cannot grow memory without limit.
            if p.len() < 100_000 || p.contains_key(&(entry, day)) {
                *p.entry((entry, day)).or_default() += 1;
            }
        }
    }

    pub fn take(&self) -> Vec<(EntryId, i64, i64)> {
        let Ok(mut p) = self.pending.lock() else {
            return Vec::new();
        };
        p.drain().map(|((e, d), n)| (e, d, n)).collect()
    }
}

/// True for user agents of crawlers and link previewers, whose requests are not counted as views.
pub fn is_bot(user_agent: &str) -> bool {
    const MARKERS: &[&str] = &[
        "bot",
        "crawl",
        "spider",
        "slurp",
        "preview",
        "facebookexternalhit",
        "embedly",
        "monitor",
        "headless",
        "python-requests",
        "curl/",
        "wget/",
        "httpclient",
        "feedfetcher",
    ];
    let ua = user_agent.to_ascii_lowercase();
    ua.is_empty() || MARKERS.iter().any(|m| ua.contains(m))
}

/// The sidebar and navigation lists, cached for a short time so that a page costs one or two
/// queries instead of four.
#[derive(Debug, Default)]
pub struct WidgetCache {
    /// When the widgets were read, the content version they were read at, the widgets.
    slot: Mutex<Option<(Instant, u64, Widgets)>>,
    /// Advanced whenever the widgets put differ from the ones before (pages show them).
    generation: std::sync::atomic::AtomicU64,
}

#[derive(Debug, Clone, Default)]
pub struct Widgets {
    pub nav: Vec<TopicView>,
    pub topics: Vec<TopicView>,
    pub hot: Vec<HotView>,
}

pub const WIDGET_TTL: Duration = Duration::from_secs(30);

impl Widgets {
    /// Nothing to show: a site before its first entries.
    fn is_empty(&self) -> bool {
        self.nav.is_empty() && self.topics.is_empty() && self.hot.is_empty()
    }

    /// Whether a page would show the same thing with `other` (compared as the templates see
    /// them).
    fn same_as(&self, other: &Widgets) -> bool {
        let seen = |w: &Widgets| serde_json::to_vec(&(&w.nav, &w.topics, &w.hot)).ok();
        seen(self) == seen(other)
    }
}

impl WidgetCache {
    /// The widgets, unless they are older than [`WIDGET_TTL`] or are empty lists read before
    /// the content changed (`content`, the store's change counter): a new site shows its first
    /// stories in the sidebar and their sections in the navigation at once, not up to half a
    /// minute later. Once any list has something, changes wait for the TTL.
    pub fn get(&self, content: u64) -> Option<Widgets> {
        let slot = self.slot.lock().ok()?;
        let (at, read_at, w) = slot.as_ref()?;
        let stale = at.elapsed() >= WIDGET_TTL || (w.is_empty() && *read_at != content);
        (!stale).then(|| w.clone())
    }

    /// Keeps `w`, read from the store at content version `content`.
    pub fn put(&self, w: Widgets, content: u64) {
        if let Ok(mut slot) = self.slot.lock() {
            let changed = slot.as_ref().is_none_or(|(_, _, old)| !old.same_as(&w));
            *slot = Some((Instant::now(), content, w));
            if changed {
                self.generation
                    .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
            }
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn empty_widgets_are_read_again_once_content_arrives() {
        let cache = WidgetCache::default();
        assert!(cache.get(0).is_none(), "nothing read yet");
        cache.put(Widgets::default(), 1);
        assert!(cache.get(1).is_some(), "nothing changed since");
        assert!(cache.get(2).is_none(), "the first entries: read again");
        let before = cache.generation();
        let section = TopicView {
            slug: "transport".into(),
            name: "Transport".into(),
            count: Some(3),
        };
        cache.put(
            Widgets {
                nav: vec![section],
                ..Widgets::default()
            },
            2,
        );
        assert_eq!(cache.generation(), before + 1, "pages show the new lists");
        assert!(
            cache.get(3).is_some(),
            "with something to show, a change waits for the TTL"
        );
    }

    #[test]
    fn relative_times() {
        let now = Utc.with_ymd_and_hms(2026, 2, 14, 12, 0, 0).unwrap();
        let tz: Tz = "Asia/Kolkata".parse().unwrap();
        let ago = |s: i64| time_ago(now - chrono::Duration::seconds(s), now, tz);
        assert_eq!(ago(5), "just now");
        assert_eq!(ago(300), "5 min ago");
        assert_eq!(ago(7200), "2 h ago");
        assert_eq!(ago(3 * 86_400), "3 d ago");
        assert_eq!(ago(30 * 86_400), "Jan 15, 2026");
        assert_eq!(human_time(now, tz), "Feb 14, 2026, 17:30 IST");
    }

    #[test]
    fn pager_links() {
        let p = PagerView::new("/topic/world", 2, true);
        assert_eq!(p.prev.as_deref(), Some("/topic/world"));
        assert_eq!(p.next.as_deref(), Some("/topic/world?page=3"));
        let p = PagerView::new("/search?q=x", 1, false);
        assert_eq!((p.prev, p.next), (None, None));
    }

    #[test]
    fn bots_are_recognised() {
        assert!(is_bot("Mozilla/5.0 (compatible; Googlebot/2.1)"));
        assert!(is_bot(""));
        assert!(!is_bot("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"));
    }

    #[test]
    fn view_counter_batches() {
        let c = ViewCounter::default();
        let now = Utc::now();
        c.count(EntryId(1), now);
        c.count(EntryId(1), now);
        c.count(EntryId(2), now);
        let mut batch = c.take();
        batch.sort();
        assert_eq!(batch.len(), 2);
        assert_eq!(batch[0].2, 2);
        assert!(c.take().is_empty());
    }
}
