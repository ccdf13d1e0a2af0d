//! The generated news wire of `cargo xtask bench-wire`: outlets, the events they cover and every
//! outlet's own article about each, rendered as feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) and
//! article pages, all bytes made before the benchmark starts.
//!
//! The text has to be shaped like news or the benchmark measures nothing: a clusterer fed a few
//! repeated words finds every article a candidate for every story. So events have a kind (31,
//! each with its own vocabulary, headlines and sentences), a place, people, organisations,
//! concrete details and numbers, and know only some of their kind's facts; the outlets covering
//! one event share those facts, and some of the wire copy's wording, but write them in their
//! own words and order, with facts any event has (who said what, what comes next) and
//! background sentences drawn Zipf-like from a broad vocabulary. Names are rare (generated from
//! syllables), places recur now and then across unrelated events, as in real news.
//!
//! Measured against the clustering DEV split of real news (one topic, IDF within it): two
//! articles about one event have a median TF-IDF cosine of 0.66 here and 0.31 there; about two
//! events of one kind, 0.046 here and 0.025 there. Articles about one event are more alike
//! than real ones, articles about different events of a kind somewhat more alike too, and
//! each kind is about a thirtieth of the wire, denser than a real topic: read the clustering
//! scores as a stress test rather than as gazette's quality on real news of this volume.
//!
//! Everything follows from one seed (splitmix64), except the times, which are relative to the
//! start of the run.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::wire_server::{Body, Doc, DocKind, Site, addr};

/// splitmix64: small, fast, and the same stream on every machine.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A stream of its own for one thing (an event, an article), whatever order they are made in.
    fn derive(seed: u64, what: u64, index: u64) -> Self {
        let mut r = Rng(seed ^ what.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.0 ^= r
            .next_u64()
            .wrapping_add(index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + (self.next_u64() >> 11) % (hi - lo + 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    /// A word of a list ordered from the most common, drawn roughly as in real text (Zipf):
    /// the first few words most of the time, the tail rarely. Uniform draws from a few
    /// hundred words would make every filler word as rare, and as telling, as a topic word.
    pub fn zipf<T: Copy>(&mut self, xs: &[T]) -> T {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        xs[((xs.len() as f64) * u.powf(2.5)) as usize % xs.len()]
    }

    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

/// What a benchmark run asks for.
#[derive(Debug, Clone)]
pub struct Params {
    pub outlets: usize,
    pub entries: usize,
    pub seed: u64,
    /// Unix seconds at the start of the run: every article is published before it.
    pub now: u64,
    pub port: u16,
}

/// The generated wire: one [`Site`] per outlet (index = its loopback address), the OPML that
/// follows them all, and the truth the clustering is scored against.
pub struct Wire {
    pub sites: Vec<Site>,
    pub opml: String,
    /// Article URL → event index.
    pub truth: HashMap<String, u32>,
    /// Event index → its kind's name.
    pub event_kinds: Vec<&'static str>,
    pub stats: WireStats,
    /// A page about an event covered by three outlets or more, and its outlet's feed: for
    /// looking at by hand (`--serve-only`).
    pub sample_page: String,
    pub sample_feed: String,
}

#[derive(Debug, Default, Clone)]
pub struct WireStats {
    pub events: usize,
    pub articles: usize,
    pub max_k: usize,
    pub single_outlet_events: usize,
    pub rss: usize,
    pub atom: usize,
    pub json: usize,
    pub page_bytes: u64,
    pub feed_bytes: u64,
    pub distinct_places: usize,
}

impl WireStats {
    pub fn mean_k(&self) -> f64 {
        self.articles as f64 / self.events.max(1) as f64
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Rss,
    Atom,
    Json,
}

struct Outlet {
    name: String,
    home: String,
    base: String,
    host: String,
    format: Format,
    feed_path: &'static str,
    path_style: usize,
    /// The outlet's name for each of [`SECTIONS`].
    sections: Vec<&'static str>,
    reporters: Vec<String>,
    tagline: String,
    /// RSS guids: the permalink, or an opaque id.
    guid_is_link: bool,
}

struct Person {
    first: &'static str,
    last: String,
    /// With its article: "the fire chief", "a resident".
    role: &'static str,
}

struct Event {
    kind: usize,
    start: u64,
    place: String,
    place2: String,
    street: String,
    venue: String,
    thing: String,
    thing2: String,
    org: String,
    org2: String,
    people: Vec<Person>,
    n: [u64; 3],
    money: u64,
    pct: u64,
    minute: u64,
    ordinal: &'static str,
    small: &'static str,
    year: u64,
    /// More years of the event's story (since when, the last time), apart from `year`.
    years: [u64; 3],
    clock: String,
    racetime: String,
    /// Which of the kind's facts, leads and headlines this event has: what is known about one
    /// event is not what is known about another of its kind.
    facts: Vec<usize>,
    generic: Vec<usize>,
    leads: Vec<usize>,
    headlines: Vec<usize>,
    /// Concrete details of this event ("the disused tannery"), in every outlet's report.
    details: [String; 4],
    /// Seeds the wording outlets copy from the same wire story or press release.
    wire: u64,
}

struct Article {
    id: u64,
    event: u32,
    kind: usize,
    outlet: u32,
    published: u64,
    headline: String,
    path: String,
    url: String,
    reporter: usize,
    summary: String,
    paragraphs: Vec<String>,
}

/// Generates the whole wire.
pub fn generate(p: &Params) -> Wire {
    let Draft {
        outlets,
        events,
        members,
        articles,
    } = draft(p);
    render(p, outlets, events, members, articles)
}

/// The wire before its pages and feeds are written: outlets, events, and every article's text.
struct Draft {
    outlets: Vec<Outlet>,
    events: Vec<Event>,
    members: Vec<Vec<u32>>,
    articles: Vec<Article>,
}

/// The wire's articles as `gazette cluster` reads them, one JSON object a line (`id` is the
/// article's URL, `body` its paragraphs, `source` its outlet's name), each with its event's
/// number as `event`: for scoring the clusterer on the wire's text without fetching it.
pub fn write_articles_jsonl(p: &Params, out: &mut impl std::io::Write) -> std::io::Result<usize> {
    let d = draft(p);
    let mut order: Vec<&Article> = d.articles.iter().collect();
    order.sort_by_key(|a| (a.published, a.id));
    for a in &order {
        let line = serde_json::json!({
            "id": a.url,
            "title": a.headline,
            "body": a.paragraphs.join("\n\n"),
            "published": rfc3339(a.published),
            "source": d.outlets[a.outlet as usize].name,
            "url": a.url,
            "event": a.event,
        });
        writeln!(out, "{line}")?;
    }
    Ok(order.len())
}

fn rfc3339(secs: u64) -> String {
    let (y, m, d) = civil(secs);
    let s = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn draft(p: &Params) -> Draft {
    let mut rng = Rng::new(p.seed);
    let mut places = name_pool(PLACE_ONSETS, PLACE_MIDDLES, PLACE_ENDINGS, &mut rng);
    let majors: Vec<String> = places.drain(..60.min(places.len() / 4)).collect();
    let mut next_place = 0usize;
    let mut fresh_place = |rng: &mut Rng| -> String {
        let name = places[next_place % places.len()].clone();
        next_place += 1;
        if next_place > places.len() {
            // Past the pool (huge runs only): a second word keeps names apart.
            format!(
                "{name} {}",
                rng.pick(&["North", "South", "East", "West", "Upper"])
            )
        } else {
            name
        }
    };

    let outlets: Vec<Outlet> = (0..p.outlets)
        .map(|i| {
            let home = fresh_place(&mut rng);
            make_outlet(i, &home, p.port, &mut rng)
        })
        .collect();

    // Events with k distinct outlets each, cut from a shuffled list of every outlet's E slots:
    // every outlet ends up with exactly E articles, and an event never has one outlet twice.
    let mut pool: Vec<u32> = (0..p.outlets as u32)
        .flat_map(|o| std::iter::repeat_n(o, p.entries))
        .collect();
    rng.shuffle(&mut pool);
    let mut members: Vec<Vec<u32>> = Vec::new();
    while !pool.is_empty() {
        let k = draw_k(&mut rng).min(pool.len());
        let mut chosen: Vec<u32> = Vec::with_capacity(k);
        let mut i = pool.len();
        let mut scanned = 0;
        while chosen.len() < k && i > 0 && scanned < 256 {
            i -= 1;
            scanned += 1;
            let o = pool[i];
            if !chosen.contains(&o) {
                chosen.push(o);
                pool.swap_remove(i);
            }
        }
        members.push(chosen);
    }

    let mut used_places: Vec<String> = Vec::new();
    let events: Vec<Event> = (0..members.len())
        .map(|e| {
            let mut r = Rng::derive(p.seed, 1, e as u64);
            let kind = r.below(KINDS.len());
            // Most events happen somewhere new; some in a big city, some where an unrelated
            // story happened before.
            let roll = r.below(100);
            let place = if roll < 10 {
                majors[r.below(majors.len())].clone()
            } else if roll < 18 && !used_places.is_empty() {
                used_places[r.below(used_places.len())].clone()
            } else {
                let place = fresh_place(&mut r);
                used_places.push(place.clone());
                place
            };
            let place2 = if r.chance(0.5) {
                majors[r.below(majors.len())].clone()
            } else {
                fresh_place(&mut r)
            };
            make_event(&mut r, kind, p.now, place, place2)
        })
        .collect();

    let mut articles: Vec<Article> = Vec::with_capacity(p.outlets * p.entries);
    for (e, outs) in members.iter().enumerate() {
        let ev = &events[e];
        let kind = &KINDS[ev.kind];
        for &o in outs {
            let id = articles.len() as u64;
            let outlet = &outlets[o as usize];
            let mut r = Rng::derive(p.seed, 2, id);
            let latest = p.now.saturating_sub(60).max(ev.start);
            let span = (latest - ev.start).min(10 * 3600);
            let published = ev.start + r.range(0, span);
            let mut slots = Slots::new(ev, &outlet.name);
            slots.mentioned = [true; 3];
            let headline = sentence(kind.headlines[r.pick(&ev.headlines)], &mut slots, &mut r);
            let section = outlet.sections[kind.section];
            let path = article_path(outlet.path_style, section, &headline, id, published);
            let url = format!("{}{}", outlet.base, path);
            let reporter = r.below(outlet.reporters.len());
            articles.push(Article {
                id,
                event: e as u32,
                kind: ev.kind,
                outlet: o,
                published,
                headline,
                path,
                url,
                reporter,
                summary: String::new(),
                paragraphs: Vec::new(),
            });
        }
    }
    // The bodies are most of the work and each has its own stream: written on every core.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = articles.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in articles.chunks_mut(chunk) {
            let (events, outlets) = (&events, &outlets);
            scope.spawn(move || {
                for a in part.iter_mut() {
                    let mut r = Rng::derive(p.seed, 3, a.id);
                    let ev = &events[a.event as usize];
                    a.paragraphs = write_body(ev, &outlets[a.outlet as usize].name, &mut r);
                    a.summary = summary_of(&a.paragraphs[0], &mut r);
                }
            });
        }
    });
    Draft {
        outlets,
        events,
        members,
        articles,
    }
}

fn render(
    p: &Params,
    outlets: Vec<Outlet>,
    events: Vec<Event>,
    members: Vec<Vec<u32>>,
    articles: Vec<Article>,
) -> Wire {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let mut by_outlet: Vec<Vec<usize>> = vec![Vec::new(); p.outlets];
    for (i, a) in articles.iter().enumerate() {
        by_outlet[a.outlet as usize].push(i);
    }
    let mut stats = WireStats {
        events: events.len(),
        articles: articles.len(),
        max_k: members.iter().map(Vec::len).max().unwrap_or(0),
        single_outlet_events: members.iter().filter(|m| m.len() == 1).count(),
        distinct_places: {
            let mut all: Vec<&str> = events.iter().map(|e| e.place.as_str()).collect();
            all.sort_unstable();
            all.dedup();
            all.len()
        },
        ..WireStats::default()
    };
    for list in &mut by_outlet {
        list.sort_by_key(|&i| std::cmp::Reverse(articles[i].published));
    }
    let outlet_chunk = p.outlets.div_ceil(threads).max(1);
    // Pages are held as they are up to this size (the server then only copies bytes, as
    // nginx does), compressed beyond it (see `Body`).
    let compress = p.outlets * p.entries > PLAIN_PAGES_UP_TO;
    let parts: Vec<(Vec<Site>, WireStats)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..p.outlets)
            .step_by(outlet_chunk)
            .map(|from| {
                let to = (from + outlet_chunk).min(p.outlets);
                let (articles, events, outlets, by_outlet) =
                    (&articles, &events, &outlets, &by_outlet);
                scope.spawn(move || {
                    let mut part = WireStats::default();
                    let sites = (from..to)
                        .map(|o| {
                            render_site(
                                &outlets[o],
                                &by_outlet[o],
                                articles,
                                events,
                                p.now,
                                compress,
                                &mut part,
                            )
                        })
                        .collect();
                    (sites, part)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut sites = Vec::with_capacity(p.outlets);
    for (part_sites, part) in parts {
        sites.extend(part_sites);
        stats.rss += part.rss;
        stats.atom += part.atom;
        stats.json += part.json;
        stats.page_bytes += part.page_bytes;
        stats.feed_bytes += part.feed_bytes;
    }

    let mut opml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head><title>bench-wire outlets</title></head>\n<body>\n",
    );
    for o in &outlets {
        let _ = writeln!(
            opml,
            "<outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}{2}\" htmlUrl=\"{1}/\"/>",
            esc(&o.name),
            o.base,
            o.feed_path
        );
    }
    opml.push_str("</body>\n</opml>\n");

    let sample = articles
        .iter()
        .find(|a| members[a.event as usize].len() >= 3)
        .or(articles.first());
    let (sample_page, sample_feed) = sample.map_or_else(Default::default, |a| {
        let o = &outlets[a.outlet as usize];
        (a.url.clone(), format!("{}{}", o.base, o.feed_path))
    });
    Wire {
        sites,
        opml,
        truth: articles.iter().map(|a| (a.url.clone(), a.event)).collect(),
        event_kinds: events.iter().map(|e| KINDS[e.kind].name).collect(),
        stats,
        sample_page,
        sample_feed,
    }
}

/// Articles up to which the wire's pages are held as they are: ~1.5 GB at 100,000, the size
/// of the figures in BENCHMARKS.md. Beyond it they are held compressed, and the server spends
/// ~70 µs inflating each page it serves (at 100,000 articles its CPU went 5.4 → 12.7 s).
const PLAIN_PAGES_UP_TO: usize = 200_000;

/// One outlet's site: its article pages, its feed and its robots.txt. `list` holds its
/// articles, newest first.
fn render_site(
    outlet: &Outlet,
    list: &[usize],
    articles: &[Article],
    events: &[Event],
    now: u64,
    compress: bool,
    stats: &mut WireStats,
) -> Site {
    let mut docs = HashMap::with_capacity(list.len() + 2);
    for (pos, &i) in list.iter().enumerate() {
        let a = &articles[i];
        // Related links: the outlet's other articles, as a real page lists them.
        let related: Vec<&Article> = (1..=5)
            .map(|d| &articles[list[(pos + d * 7) % list.len()]])
            .filter(|r| r.url != a.url)
            .collect();
        let page = render_page(outlet, a, &events[a.event as usize], &related);
        stats.page_bytes += page.len() as u64;
        docs.insert(
            a.path.clone(),
            Doc {
                kind: DocKind::Page,
                content_type: "text/html; charset=utf-8",
                body: if compress {
                    Body::deflated(page.as_bytes())
                } else {
                    Body::Plain(page.into_bytes())
                },
                modified: a.published,
            },
        );
    }
    let newest = list.first().map_or(now, |&i| articles[i].published);
    let items: Vec<&Article> = list.iter().map(|&i| &articles[i]).collect();
    let (feed, content_type) = match outlet.format {
        Format::Rss => {
            stats.rss += 1;
            (
                render_rss(outlet, &items),
                "application/rss+xml; charset=utf-8",
            )
        }
        Format::Atom => {
            stats.atom += 1;
            (
                render_atom(outlet, &items, newest),
                "application/atom+xml; charset=utf-8",
            )
        }
        Format::Json => {
            stats.json += 1;
            (
                render_json(outlet, &items),
                "application/feed+json; charset=utf-8",
            )
        }
    };
    stats.feed_bytes += feed.len() as u64;
    docs.insert(
        outlet.feed_path.to_string(),
        Doc {
            kind: DocKind::Feed,
            content_type,
            body: Body::Plain(feed.into_bytes()),
            modified: newest,
        },
    );
    docs.insert(
        "/robots.txt".to_string(),
        Doc {
            kind: DocKind::Robots,
            content_type: "text/plain; charset=utf-8",
            body: Body::Plain(
                format!(
                    "# {}: crawlers welcome\nUser-agent: *\nDisallow:\n",
                    outlet.name
                )
                .into_bytes(),
            ),
            modified: now.saturating_sub(30 * 86_400),
        },
    );
    Site { docs }
}

/// Outlets per event: many alone, a mean near 3, at most 12.
fn draw_k(rng: &mut Rng) -> usize {
    if rng.chance(0.35) {
        return 1;
    }
    let mut k = 2;
    while k < 12 && rng.chance(0.66) {
        k += 1;
    }
    k
}

fn make_outlet(i: usize, home: &str, port: u16, rng: &mut Rng) -> Outlet {
    let host = format!("{}:{port}", addr(i));
    let roll = rng.below(100);
    let (format, feed_path) = if roll < 80 {
        (
            Format::Rss,
            rng.pick(&[
                "/rss.xml",
                "/feed/",
                "/feeds/news.xml",
                "/index.rss",
                "/rss",
            ]),
        )
    } else if roll < 95 {
        (
            Format::Atom,
            rng.pick(&["/atom.xml", "/feed.atom", "/feeds/all.atom"]),
        )
    } else {
        (
            Format::Json,
            rng.pick(&["/feed.json", "/feeds/latest.json"]),
        )
    };
    let pattern = rng.pick(OUTLET_NAMES);
    let name = pattern.replace("{}", home);
    let reporters = (0..rng.range(4, 9))
        .map(|_| format!("{} {}", rng.pick(FIRST_NAMES), surname(rng)))
        .collect();
    Outlet {
        tagline: format!(
            "{} from {home} and {}",
            rng.pick(&[
                "News, sport and opinion",
                "Independent journalism",
                "The stories that matter",
                "Your daily news",
                "Local news and views"
            ]),
            rng.pick(&[
                "beyond",
                "around the region",
                "the world",
                "the valley",
                "the coast"
            ])
        ),
        name,
        home: home.to_string(),
        base: format!("http://{host}"),
        host,
        format,
        feed_path,
        path_style: rng.below(5),
        sections: SECTIONS.iter().map(|s| rng.pick(s)).collect(),
        reporters,
        guid_is_link: rng.chance(0.5),
    }
}

fn make_event(r: &mut Rng, kind_index: usize, now: u64, place: String, place2: String) -> Event {
    let kind = &KINDS[kind_index];
    let start = now - r.range(300, 6 * 86_400);
    let mut b = EventNames {
        place: &place,
        place2: &place2,
    };
    let thing = expand_str(r.pick(kind.things), &mut b, r);
    let thing2 = expand_str(r.pick(kind.things2), &mut b, r);
    let org = expand_str(kind.org, &mut b, r);
    let mut org2 = expand_str(kind.org2, &mut b, r);
    if org2 == org {
        org2 = expand_str(kind.org2, &mut b, r);
    }
    let venue = expand_str(kind.venue, &mut b, r);
    let street = format!(
        "{} {}",
        gen_name(r),
        r.pick(&[
            "Street",
            "Road",
            "Avenue",
            "Lane",
            "Way",
            "Drive",
            "Boulevard",
            "Hill"
        ])
    );
    let people = (0..if r.chance(0.35) { 2 } else { 3 })
        .map(|j| Person {
            first: r.pick(FIRST_NAMES),
            last: surname(r),
            role: kind.roles[j],
        })
        .collect();
    let mut n = [0; 3];
    for (v, &(lo, hi)) in n.iter_mut().zip(kind.nums.iter()) {
        *v = r.range(lo, hi);
    }
    if kind.ordered && n[0] <= n[1] {
        n.swap(0, 1);
        if n[0] == n[1] {
            n[0] += 1;
        }
    }
    Event {
        kind: kind_index,
        start,
        street,
        venue,
        thing,
        thing2,
        org,
        org2,
        people,
        n,
        money: r.range(kind.money.0, kind.money.1),
        pct: r.range(kind.pct.0, kind.pct.1),
        minute: r.range(4, 88),
        ordinal: r.pick(&["second", "third", "fourth", "fifth", "sixth", "seventh"]),
        small: r.pick(&["two", "three", "four", "five", "six"]),
        year: r.range(2009, 2021),
        years: [
            r.range(1995, 2008),
            r.range(2010, 2023),
            r.range(2000, 2022),
        ],
        clock: format!(
            "{}.{:02}{}",
            r.range(1, 11),
            r.range(0, 11) * 5,
            if r.chance(0.5) { "am" } else { "pm" }
        ),
        racetime: format!("2:{:02}:{:02}", r.range(4, 29), r.range(0, 59)),
        facts: subset(r, kind.facts.len(), 0.6, 4),
        generic: subset(r, GENERIC_FACTS.len(), 0.3, 5),
        leads: subset(r, kind.leads.len(), 0.6, 1),
        headlines: subset(r, kind.headlines.len(), 0.6, 2),
        details: [detail(r), detail(r), detail(r), detail(r)],
        wire: r.next_u64(),
        place,
        place2,
    }
}

/// Indices of about `share` of `n` items, at least `min` (and at most `n`).
fn subset(r: &mut Rng, n: usize, share: f64, min: usize) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    r.shuffle(&mut all);
    let keep = ((n as f64 * share).round() as usize).clamp(min.min(n), n);
    all.truncate(keep);
    all
}

fn detail(r: &mut Rng) -> String {
    format!("{} {}", r.pick(DETAIL_ADJECTIVES), r.pick(DETAIL_NOUNS))
}

// ---- names ----

/// Every name the syllables make, deduplicated and shuffled.
fn name_pool(onsets: &[&str], middles: &[&str], endings: &[&str], rng: &mut Rng) -> Vec<String> {
    let mut all = Vec::with_capacity(onsets.len() * middles.len() * endings.len());
    for o in onsets {
        for m in middles {
            for e in endings {
                all.push(format!("{o}{m}{e}"));
            }
        }
    }
    all.sort_unstable();
    all.dedup();
    rng.shuffle(&mut all);
    all
}

fn surname(r: &mut Rng) -> String {
    format!(
        "{}{}{}",
        r.pick(SURNAME_ONSETS),
        r.pick(SURNAME_MIDDLES),
        r.pick(SURNAME_ENDINGS)
    )
}

/// A proper name for a company, street or storm: a surname or a place-like word.
fn gen_name(r: &mut Rng) -> String {
    if r.chance(0.5) {
        surname(r)
    } else {
        format!(
            "{}{}{}",
            r.pick(PLACE_ONSETS),
            r.pick(PLACE_MIDDLES),
            r.pick(PLACE_ENDINGS)
        )
    }
}

// ---- templates ----

/// Fills `{slot}`s of a template.
trait Fill {
    fn fill(&mut self, name: &str, rng: &mut Rng, out: &mut String);

    /// The seed of the wire copy being followed, if any (see [`expand`]).
    fn wire(&self) -> Option<u64> {
        None
    }
}

/// How often an outlet keeps the wording of the wire copy rather than its own.
const WIRE_WORDING: f64 = 0.5;

/// Expands a template: `[a|b|c]` picks one alternative (nested alternatives and slots
/// allowed), `{slot}` asks `slots`. Following a wire copy, half the choices are the copy's:
/// outlets rewriting one press release or agency story share much of its wording.
fn expand(t: &str, slots: &mut impl Fill, rng: &mut Rng, out: &mut String) {
    let b = t.as_bytes();
    let (mut i, mut lit) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'[' => {
                out.push_str(&t[lit..i]);
                let (mut depth, mut j) = (0usize, i);
                let mut cuts = vec![i];
                loop {
                    match b[j] {
                        b'[' => depth += 1,
                        b']' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        b'|' if depth == 1 => cuts.push(j),
                        _ => {}
                    }
                    j += 1;
                }
                cuts.push(j);
                let n = cuts.len() - 1;
                let k = match slots.wire() {
                    Some(seed) if rng.chance(WIRE_WORDING) => {
                        (Rng::derive(seed, fnv(&b[i..=j]), i as u64).next_u64() % n as u64) as usize
                    }
                    _ => rng.below(n),
                };
                expand(&t[cuts[k] + 1..cuts[k + 1]], slots, rng, out);
                i = j + 1;
                lit = i;
            }
            b'{' => {
                out.push_str(&t[lit..i]);
                let end = i + t[i..].find('}').expect("unclosed slot in a template");
                slots.fill(&t[i + 1..end], rng, out);
                i = end + 1;
                lit = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&t[lit..]);
}

fn expand_str(t: &str, slots: &mut impl Fill, rng: &mut Rng) -> String {
    let mut out = String::new();
    expand(t, slots, rng, &mut out);
    out
}

/// Slots of an event's own names, while the event is made.
struct EventNames<'a> {
    place: &'a str,
    place2: &'a str,
}

impl Fill for EventNames<'_> {
    fn fill(&mut self, name: &str, rng: &mut Rng, out: &mut String) {
        match name {
            "place" => out.push_str(self.place),
            "place2" => out.push_str(self.place2),
            "gen" => out.push_str(&gen_name(rng)),
            "party" => out.push_str(rng.pick(PARTIES)),
            _ => panic!("unknown event slot {{{name}}}"),
        }
    }
}

/// Slots of one article: the event's facts, and background words drawn afresh at each use.
struct Slots<'a> {
    ev: &'a Event,
    outlet: &'a str,
    /// Whether each person was named in full already (later mentions use the surname).
    mentioned: [bool; 3],
}

impl<'a> Slots<'a> {
    fn new(ev: &'a Event, outlet: &'a str) -> Self {
        Slots {
            ev,
            outlet,
            mentioned: [false; 3],
        }
    }

    fn person(&mut self, j: usize, out: &mut String) {
        let j = j.min(self.ev.people.len() - 1);
        let p = &self.ev.people[j];
        if !self.mentioned[j] {
            self.mentioned[j] = true;
            out.push_str(p.first);
            out.push(' ');
        }
        out.push_str(&p.last);
    }
}

impl Fill for Slots<'_> {
    fn wire(&self) -> Option<u64> {
        Some(self.ev.wire)
    }

    fn fill(&mut self, name: &str, rng: &mut Rng, out: &mut String) {
        let ev = self.ev;
        match name {
            "detail1" => out.push_str(&ev.details[0]),
            "detail2" => out.push_str(&ev.details[1]),
            "detail3" => out.push_str(&ev.details[2]),
            "detail4" => out.push_str(&ev.details[3]),
            "place" => out.push_str(&ev.place),
            "place2" => out.push_str(&ev.place2),
            "street" => out.push_str(&ev.street),
            "venue" => out.push_str(&ev.venue),
            "thing" => out.push_str(&ev.thing),
            "a_thing" | "A_thing" => {
                let vowel = ev.thing.starts_with(['a', 'e', 'i', 'o', 'u']);
                out.push_str(match (name == "A_thing", vowel) {
                    (true, true) => "An ",
                    (true, false) => "A ",
                    (false, true) => "an ",
                    (false, false) => "a ",
                });
                out.push_str(&ev.thing);
            }
            "thing2" => out.push_str(&ev.thing2),
            "org" => out.push_str(&ev.org),
            "org2" => out.push_str(&ev.org2),
            "p1" => self.person(0, out),
            "p2" => self.person(1, out),
            "p3" => self.person(2, out),
            "p1last" | "p2last" | "p3last" => {
                let j = (name.as_bytes()[1] - b'1') as usize;
                out.push_str(&ev.people[j.min(ev.people.len() - 1)].last);
            }
            "p1role" | "p2role" | "p3role" => {
                let j = (name.as_bytes()[1] - b'1') as usize;
                out.push_str(bare_role(ev.people[j.min(ev.people.len() - 1)].role));
            }
            "n1" => out.push_str(&thousands(ev.n[0])),
            "n2" => out.push_str(&thousands(ev.n[1])),
            "n3" => out.push_str(&thousands(ev.n[2])),
            "money" => out.push_str(&money(ev.money)),
            "pct" => {
                let _ = write!(out, "{}", ev.pct);
            }
            "minute" => {
                let _ = write!(out, "{}", ev.minute);
            }
            "ordinal" => out.push_str(ev.ordinal),
            "small" => out.push_str(ev.small),
            "year" => {
                let _ = write!(out, "{}", ev.year);
            }
            "year2" | "year3" | "year4" => {
                let _ = write!(out, "{}", ev.years[(name.as_bytes()[4] - b'2') as usize]);
            }
            "clock" => out.push_str(&ev.clock),
            "racetime" => out.push_str(&ev.racetime),
            "day" => out.push_str(WEEKDAYS[weekday(ev.start)]),
            "month" => out.push_str(MONTHS[civil(ev.start).1 as usize - 1]),
            "date" => {
                let (_, m, d) = civil(ev.start);
                let _ = write!(out, "{} {d}", MONTHS[m as usize - 1]);
            }
            "outlet" => out.push_str(self.outlet),
            "population" => {
                // A town's population is a fact about the town: the same in every article.
                let h = fnv(ev.place.as_bytes());
                out.push_str(&thousands(2_000 + h % 400_000 / 100 * 100));
            }
            "noun" => out.push_str(rng.zipf(NOUNS)),
            "nouns" => out.push_str(rng.zipf(PLURALS)),
            "adj" => out.push_str(rng.zipf(ADJECTIVES)),
            "feel" => out.push_str(rng.zipf(FEELINGS)),
            "group" => out.push_str(rng.zipf(GROUPS)),
            "verb" => out.push_str(rng.zipf(VERBS)),
            "change" => out.push_str(rng.zipf(CHANGES)),
            "time" => out.push_str(rng.zipf(TIMES)),
            "area" => {
                let area = rng.pick(AREAS);
                if area == "{place}" {
                    out.push_str(&ev.place);
                } else {
                    out.push_str(area);
                }
            }
            "orgg" => out.push_str(rng.zipf(GENERIC_ORGS)),
            "anyyear" => {
                let _ = write!(out, "{}", rng.range(2008, 2024));
            }
            "a_adj" => {
                let adj = rng.zipf(ADJECTIVES);
                out.push_str(if adj.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an "
                } else {
                    "a "
                });
                out.push_str(adj);
            }
            _ => panic!("unknown article slot {{{name}}}"),
        }
    }
}

fn bare_role(role: &str) -> &str {
    role.strip_prefix("the ")
        .or_else(|| role.strip_prefix("an "))
        .or_else(|| role.strip_prefix("a "))
        .unwrap_or(role)
}

/// A sentence from a template: expanded, with the spaces an empty alternative leaves tidied
/// away, and a capital letter.
fn sentence(t: &str, slots: &mut Slots, rng: &mut Rng) -> String {
    let text = expand_str(t, slots, rng);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::with_capacity(text.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // "a 18-year-old", "a 80-bed unit": numbers are read aloud.
        let next = words.get(i + 1).copied().unwrap_or("");
        match *w {
            "a" if an_number(next) => out.push_str("an"),
            "A" if an_number(next) => out.push_str("An"),
            _ => out.push_str(w),
        }
    }
    capitalize(&out.replace(" ,", ","))
}

/// Whether a number written in digits is read with a vowel first: 8, 80, 8,000, 11, 18.
fn an_number(word: &str) -> bool {
    let lead: String = word
        .trim_start_matches('$')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let after = &word[word.find(|c: char| c.is_ascii_digit()).unwrap_or(0) + lead.len()..];
    !lead.is_empty()
        && !word.starts_with('$')
        && (lead.starts_with('8')
            || ((lead == "11" || lead == "18") && !after.starts_with(|c: char| c.is_ascii_digit())))
}

/// Upper-cases the first letter when the text starts with one (after any opening quote):
/// "$6.2 billion" stays as it is.
fn capitalize(s: &str) -> String {
    let body = s.trim_start_matches(['“', '‘', '"', '\'']);
    let mut chars = body.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => {
            let mut out = String::with_capacity(s.len());
            out.push_str(&s[..s.len() - body.len()]);
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
        _ => s.to_string(),
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// One outlet's article body about an event: 6–10 paragraphs, about 400 words. The lead and
/// the kind's facts carry the event's names and numbers; quotes are attributed to its people;
/// background sentences and the kind's context are spread between them, as in a real report,
/// rather than left for the end.
fn write_body(ev: &Event, outlet: &str, r: &mut Rng) -> Vec<String> {
    enum Item<'t> {
        Fact(&'t str),
        Quote(usize, &'t str),
        Context(&'t str),
    }
    let kind = &KINDS[ev.kind];
    let mut s = Slots::new(ev, outlet);
    let has_p3 = ev.people.len() >= 3;
    let mut facts: Vec<&str> = ev
        .facts
        .iter()
        .map(|&i| kind.facts[i])
        .filter(|t| has_p3 || !t.contains("{p3"))
        .collect();
    r.shuffle(&mut facts);
    facts.truncate(r.range(3, 5) as usize);
    let mut generic: Vec<&str> = ev.generic.iter().map(|&i| GENERIC_FACTS[i]).collect();
    r.shuffle(&mut generic);
    generic.truncate(r.range(3, 5) as usize);
    let mut details: Vec<&str> = DETAIL_SENTENCES.to_vec();
    r.shuffle(&mut details);
    details.truncate(r.range(2, 4) as usize);
    let mut quotes: Vec<(usize, &str)> =
        (0..ev.people.len()).map(|j| (j, kind.quotes[j])).collect();
    r.shuffle(&mut quotes);
    quotes.truncate(r.range(2, 3) as usize);
    if r.chance(0.4) {
        quotes.push((r.below(ev.people.len()), r.pick(GENERIC_QUOTES)));
    }
    let mut context: Vec<&str> = kind.context.to_vec();
    r.shuffle(&mut context);
    context.truncate(r.range(1, 2) as usize);

    let mut lead = sentence(kind.leads[r.pick(&ev.leads)], &mut s, r);
    if r.chance(0.4)
        && let Some(f) = facts.pop()
    {
        push_sentence(&mut lead, &sentence(f, &mut s, r));
    }
    let mut items: Vec<Item> = facts.iter().map(|&f| Item::Fact(f)).collect();
    items.extend(generic.iter().map(|&g| Item::Fact(g)));
    items.extend(quotes.iter().map(|&(j, q)| Item::Quote(j, q)));
    items.extend(context.iter().map(|&c| Item::Context(c)));
    items.extend(details.iter().map(|&d| Item::Context(d)));
    r.shuffle(&mut items);
    // The paragraph after the lead carries the story on, not the background.
    if let Some(pos) = items.iter().position(|i| matches!(i, Item::Fact(_))) {
        items.swap(0, pos);
    }
    let mut sentences: Vec<(bool, String)> = items
        .iter()
        .map(|item| match *item {
            Item::Fact(t) | Item::Context(t) => (false, sentence(t, &mut s, r)),
            Item::Quote(j, t) => (true, quote(&mut s, j, t, r)),
        })
        .collect();
    // Background sentences name no one, so they can go anywhere after the second paragraph's
    // opening without upsetting who is introduced first.
    let target = r.range(370, 440) as usize;
    let mut total = words(&lead) + sentences.iter().map(|(_, t)| words(t)).sum::<usize>();
    let mut frames: Vec<&str> = BACKGROUND.to_vec();
    r.shuffle(&mut frames);
    while total < target
        && let Some(frame) = frames.pop()
    {
        let text = sentence(frame, &mut s, r);
        total += words(&text);
        let at = 1 + r.below(sentences.len().max(1));
        sentences.insert(at.min(sentences.len()), (false, text));
    }

    let n_par = r.range(6, 10) as usize;
    let rest: usize = sentences.iter().map(|(_, t)| words(t)).sum();
    let budget = (rest / (n_par - 1)).max(20);
    let mut paragraphs = vec![lead];
    let (mut par, mut wc) = (String::new(), 0);
    for (is_quote, text) in sentences {
        let w = words(&text);
        // A quote often opens its own paragraph, the way reporters set them.
        let quote_break = is_quote && wc >= budget / 2 && r.chance(0.6);
        if wc > 0 && (wc + w > budget + budget / 5 || quote_break) {
            paragraphs.push(std::mem::take(&mut par));
            wc = 0;
        }
        push_sentence(&mut par, &text);
        wc += w;
    }
    if !par.is_empty() {
        paragraphs.push(par);
    }
    paragraphs
}

fn push_sentence(par: &mut String, text: &str) {
    if !par.is_empty() {
        par.push(' ');
    }
    par.push_str(text);
}

/// A quote with its attribution: the speaker in full with the role at the first mention, by
/// surname afterwards.
fn quote(s: &mut Slots, j: usize, template: &str, r: &mut Rng) -> String {
    let q = sentence(template, s, r);
    let j = j.min(s.ev.people.len() - 1);
    let person = &s.ev.people[j];
    let first_mention = !s.mentioned[j];
    s.mentioned[j] = true;
    let full = format!("{} {}", person.first, person.last);
    let last = &person.last;
    let role = person.role;
    if first_mention {
        match r.below(4) {
            0 => format!("“{q},” said {full}, {role}."),
            1 => format!("{full}, {role}, said: “{q}.”"),
            2 => format!("“{q},” {full}, {role}, told {}.", s.outlet),
            _ => format!("“{q},” {full}, {role}, said."),
        }
    } else {
        match r.below(4) {
            0 => format!("“{q},” {last} said."),
            1 => format!("“{q},” {last} added."),
            2 => format!("{last} said: “{q}.”"),
            _ => format!("“{q},” said {last}."),
        }
    }
}

/// The feed's description: the lead, sometimes with the sentence after it.
fn summary_of(first_paragraph: &str, r: &mut Rng) -> String {
    let mut ends = first_paragraph
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .filter(|&i| i > 60);
    let cut = match (ends.next(), ends.next()) {
        (Some(_), Some(second)) if r.chance(0.3) => second,
        (Some(first), _) => first,
        _ => first_paragraph.len(),
    };
    first_paragraph[..cut].trim().to_string()
}

// ---- rendering ----

fn esc(s: &str) -> String {
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

fn slug(s: &str, max_words: usize) -> String {
    let mut out = String::new();
    for w in s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(max_words)
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.to_ascii_lowercase());
    }
    out
}

fn article_path(style: usize, section: &str, headline: &str, id: u64, published: u64) -> String {
    let (y, m, d) = civil(published);
    let s = slug(headline, 8);
    let sec = slug(section, 3);
    match style {
        0 => format!("/news/{sec}/{s}-{id}.html"),
        1 => format!("/{y}/{m:02}/{d:02}/{s}-{id}/"),
        2 => format!("/article/{id}/{s}"),
        3 => format!("/{sec}/{y}/{m:02}/{s}-{id}"),
        _ => format!("/stories/{id}-{s}.html"),
    }
}

fn render_page(o: &Outlet, a: &Article, ev: &Event, related: &[&Article]) -> String {
    let kind = &KINDS[ev.kind];
    let section = o.sections[kind.section];
    let sec_slug = slug(section, 3);
    let reporter = &o.reporters[a.reporter];
    let headline = esc(&a.headline);
    let summary = esc(&a.summary);
    let iso = iso8601(a.published);
    let ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.headline,
        "description": a.summary,
        "datePublished": iso,
        "dateModified": iso,
        "author": [{"@type": "Person", "name": reporter}],
        "publisher": {"@type": "Organization", "name": o.name},
        "mainEntityOfPage": a.url,
        "articleSection": section,
        "image": [format!("{}/images/{}.jpg", o.base, slug(&a.headline, 3))],
    })
    .to_string()
    .replace("</", "<\\/");
    let mut h = String::with_capacity(14_000);
    let _ = write!(
        h,
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{headline} | {name}</title>
<meta name="description" content="{summary}">
<meta name="author" content="{reporter}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{name}">
<meta property="og:title" content="{headline}">
<meta property="og:description" content="{summary}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{base}/images/{img}.jpg">
<meta property="article:published_time" content="{iso}">
<meta property="article:section" content="{section_e}">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" title="{name}" href="{base}{feed}">
<link rel="stylesheet" href="/static/css/site.min.css?v=4.12.0">
<link rel="icon" href="/favicon.ico">
<style>
:root{{--brand:#8b1a1a;--ink:#1d1d1f;--muted:#6b6b6b;--rule:#e3e3e3}}
body{{margin:0;font:17px/1.6 Georgia,'Times New Roman',serif;color:var(--ink);background:#fff}}
.top-bar{{background:#111;color:#ddd;font:13px/1.4 Helvetica,Arial,sans-serif;padding:6px 16px;display:flex;justify-content:space-between}}
.site-header{{border-bottom:3px solid var(--brand);padding:12px 16px}}
.masthead a{{font:700 34px/1.1 Georgia,serif;color:var(--ink);text-decoration:none}}
.main-nav ul{{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:14px;font:600 14px Helvetica,Arial,sans-serif}}
.main-nav a{{color:var(--ink);text-decoration:none;text-transform:uppercase}}
main{{max-width:1120px;margin:0 auto;padding:16px;display:grid;grid-template-columns:minmax(0,1fr) 320px;gap:32px}}
.story h1{{font-size:38px;line-height:1.15;margin:8px 0}}
.dek{{font-size:20px;color:var(--muted)}}
.byline,.dateline{{font:14px Helvetica,Arial,sans-serif;color:var(--muted)}}
.share-bar a{{display:inline-block;margin-right:8px;padding:4px 10px;border:1px solid var(--rule);border-radius:16px;font:13px Helvetica,Arial,sans-serif}}
.ad-slot,.ad-marker{{margin:24px 0;padding:12px;background:#f5f5f5;text-align:center;font:11px Helvetica,Arial,sans-serif;letter-spacing:.1em;color:#999}}
.related-articles li,.most-read li{{margin-bottom:10px;font:15px/1.35 Helvetica,Arial,sans-serif}}
.newsletter-signup{{background:#fbf6ee;padding:16px;border-top:3px solid var(--brand)}}
.site-footer{{background:#111;color:#bbb;font:13px/1.6 Helvetica,Arial,sans-serif;padding:24px 16px}}
.site-footer a{{color:#ddd}}
@media (max-width:800px){{main{{grid-template-columns:1fr}}.story h1{{font-size:28px}}}}
</style>
<script type="application/ld+json">{ld}</script>
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{"pageType":"article","section":"{sec_slug}","articleId":"{id}"}});</script>
</head>
<body class="article-page section-{sec_slug}">
<a class="skip-link" href="#main-content">Skip to content</a>
<div class="top-bar"><span class="today">{today}</span><span class="account"><a href="/subscribe?src=topbar">Subscribe</a> · <a href="/account/login">Sign in</a></span></div>
<header class="site-header" role="banner">
<div class="masthead"><a href="/" rel="home">{name}</a><p class="tagline">{tagline}</p></div>
<nav class="main-nav" aria-label="Sections"><ul>
"##,
        name = esc(&o.name),
        url = a.url,
        base = o.base,
        img = slug(&a.headline, 3),
        section_e = esc(section),
        feed = o.feed_path,
        id = 7_000_000 + a.id * 7,
        today = human_date(a.published),
        tagline = esc(&o.tagline),
    );
    h.push_str("<li><a href=\"/\">Home</a></li>\n");
    for s in &o.sections {
        let _ = writeln!(h, "<li><a href=\"/{}/\">{}</a></li>", slug(s, 3), esc(s));
    }
    h.push_str("<li><a href=\"/opinion/\">Opinion</a></li>\n<li><a href=\"/puzzles/\">Puzzles</a></li>\n<li><a href=\"/obituaries/\">Obituaries</a></li>\n</ul></nav>\n</header>\n");
    let _ = write!(
        h,
        r##"<div class="breaking-ticker" role="region" aria-label="Latest"><strong>Latest:</strong> <a href="{}">{}</a></div>
<main id="main-content">
<div class="content-column">
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/{sec_slug}/">{}</a></nav>
<article class="story" itemscope itemtype="https://schema.org/NewsArticle">
<header class="story-header">
<span class="kicker">{}</span>
<h1 itemprop="headline">{headline}</h1>
<p class="dek">{summary}</p>
<div class="byline">By <a rel="author" href="/staff/{}/">{}</a>, {}</div>
<div class="dateline"><time datetime="{iso}" itemprop="datePublished">{}</time></div>
</header>
<div class="share-bar" aria-label="Share this article"><span class="share-label">Share this article</span>
<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={}">Facebook</a>
<a class="share-x" href="https://x.com/intent/post?url={}">X</a>
<a class="share-whatsapp" href="https://wa.me/?text={}">WhatsApp</a>
<a class="share-email" href="mailto:?subject={}">Email</a>
<button class="share-copy" type="button">Copy link</button></div>
<figure class="lead-image"><img src="/images/{}.jpg" alt="{}" width="1200" height="675" loading="eager"><figcaption>{}. Photo: {} / {}</figcaption></figure>
<div class="story-body" itemprop="articleBody">
"##,
        related.first().map_or(a.url.as_str(), |r| r.url.as_str()),
        related
            .first()
            .map_or(headline.clone(), |r| esc(&r.headline)),
        esc(section),
        esc(section),
        slug(reporter, 3),
        esc(reporter),
        esc(&o.name),
        human_time(a.published),
        a.url,
        a.url,
        a.url,
        headline,
        slug(&a.headline, 3),
        esc(&ev.place),
        esc(&ev.place),
        esc(&o.reporters[(a.reporter + 1) % o.reporters.len()]),
        esc(&o.name),
    );
    for (i, p) in a.paragraphs.iter().enumerate() {
        let _ = writeln!(h, "<p>{}</p>", esc(p));
        if i == 1 {
            h.push_str("<div class=\"ad-slot\" aria-hidden=\"true\"><div class=\"ad-label\">ADVERTISEMENT</div><div class=\"ad-unit\" id=\"ad-mid-1\" data-size=\"300x250\"></div></div>\n");
        } else if i == 4 && a.paragraphs.len() > 6 {
            h.push_str("<div class=\"ad-marker\">STORY CONTINUES BELOW THIS AD</div>\n<div class=\"ad-slot\" aria-hidden=\"true\"><div class=\"ad-unit\" id=\"ad-mid-2\" data-size=\"728x90\"></div></div>\n");
        }
    }
    let _ = write!(
        h,
        r##"</div>
<div class="tags"><span>Topics:</span> <a href="/{sec_slug}/">{}</a> <a href="/tag/{}/">{}</a></div>
<p class="corrections">Spotted an error? <a href="/corrections/">Tell us</a>.</p>
</article>
<section class="newsletter-signup" aria-label="Newsletter">
<h2>Get the morning briefing</h2>
<p>The day's top stories from {}, in your inbox before 7am. Free, every weekday.</p>
<form action="/newsletter/subscribe" method="post"><label for="nl-email">Email address</label><input id="nl-email" type="email" name="email" placeholder="you@example.com"><button type="submit">Sign up</button></form>
<p class="fine-print">By signing up you agree to our <a href="/privacy/">privacy policy</a>. You can unsubscribe at any time.</p>
</section>
</div>
<aside class="sidebar">
<section class="related-articles" aria-label="Related articles"><h2>Related articles</h2><ul>
"##,
        esc(section),
        slug(&ev.place, 2),
        esc(&ev.place),
        esc(&o.name),
    );
    for r in related {
        let _ = writeln!(
            h,
            "<li><a href=\"{}\">{}</a> <span class=\"time\">{}</span></li>",
            r.url,
            esc(&r.headline),
            human_date(r.published)
        );
    }
    h.push_str("</ul></section>\n<section class=\"most-read\" aria-label=\"Most read\"><h2>Most read</h2><ol>\n");
    for r in related.iter().rev().take(4) {
        let _ = writeln!(h, "<li><a href=\"{}\">{}</a></li>", r.url, esc(&r.headline));
    }
    let year = civil(a.published).0;
    let _ = write!(
        h,
        r##"</ol></section>
<div class="ad-slot ad-sidebar" aria-hidden="true"><div class="ad-label">ADVERTISEMENT</div><div class="ad-unit" id="ad-side-1" data-size="300x600"></div></div>
</aside>
</main>
<footer class="site-footer" role="contentinfo">
<nav aria-label="Footer"><ul>
<li><a href="/about/">About us</a></li><li><a href="/contact/">Contact</a></li><li><a href="/advertise/">Advertise with us</a></li>
<li><a href="/careers/">Careers</a></li><li><a href="/terms/">Terms of use</a></li><li><a href="/privacy/">Privacy policy</a></li>
<li><a href="/cookies/">Cookie settings</a></li><li><a href="/corrections/">Corrections</a></li><li><a href="{}">RSS</a></li>
</ul></nav>
<p>{} is published by {} Media Group, {} Market Street, {}.</p>
<p>© {year} {}. All rights reserved. No part of this site may be reproduced without our permission.</p>
</footer>
<script src="/static/js/site.min.js?v=4.12.0" defer></script>
<script>(function(){{var b=document.querySelector('.share-copy');if(b)b.addEventListener('click',function(){{navigator.clipboard&&navigator.clipboard.writeText(location.href)}})}})();</script>
</body>
</html>
"##,
        o.feed_path,
        esc(&o.name),
        esc(o.name.trim_start_matches("The ")),
        o.reporters.len() * 17 + 3,
        esc(&o.home),
        esc(&o.name),
    );
    h
}

fn render_rss(o: &Outlet, items: &[&Article]) -> String {
    let mut x = String::with_capacity(items.len() * 700 + 600);
    let _ = write!(
        x,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{}</title>
<link>{}/</link>
<description>{}</description>
<language>en</language>
<lastBuildDate>{}</lastBuildDate>
<atom:link href="{}{}" rel="self" type="application/rss+xml"/>
<ttl>15</ttl>
"#,
        esc(&o.name),
        o.base,
        esc(&o.tagline),
        http_date(items.first().map_or(0, |a| a.published)),
        o.base,
        o.feed_path
    );
    for a in items {
        let kind = &KINDS[a.kind];
        let guid = if o.guid_is_link {
            format!("<guid isPermaLink=\"true\">{}</guid>", a.url)
        } else {
            format!(
                "<guid isPermaLink=\"false\">{}-{}</guid>",
                slug(&o.name, 3),
                a.id
            )
        };
        let _ = write!(
            x,
            "<item>\n<title>{}</title>\n<link>{}</link>\n{guid}\n<pubDate>{}</pubDate>\n<dc:creator>{}</dc:creator>\n<category>{}</category>\n<description>{}</description>\n</item>\n",
            esc(&a.headline),
            a.url,
            http_date(a.published),
            esc(&o.reporters[a.reporter]),
            esc(o.sections[kind.section]),
            esc(&a.summary),
        );
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

fn render_atom(o: &Outlet, items: &[&Article], newest: u64) -> String {
    let mut x = String::with_capacity(items.len() * 800 + 600);
    let _ = write!(
        x,
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>{}</title>
<subtitle>{}</subtitle>
<id>{}/</id>
<link rel="alternate" type="text/html" href="{}/"/>
<link rel="self" type="application/atom+xml" href="{}{}"/>
<updated>{}</updated>
"#,
        esc(&o.name),
        esc(&o.tagline),
        o.base,
        o.base,
        o.base,
        o.feed_path,
        iso8601(newest)
    );
    for a in items {
        let kind = &KINDS[a.kind];
        let _ = write!(
            x,
            "<entry>\n<title type=\"text\">{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>tag:{},{}:{}</id>\n<published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<category term=\"{}\"/>\n<summary type=\"text\">{}</summary>\n</entry>\n",
            esc(&a.headline),
            a.url,
            o.host.split(':').next().unwrap_or(""),
            civil(a.published).0,
            a.path,
            iso8601(a.published),
            iso8601(a.published),
            esc(&o.reporters[a.reporter]),
            esc(o.sections[kind.section]),
            esc(&a.summary),
        );
    }
    x.push_str("</feed>\n");
    x
}

fn render_json(o: &Outlet, items: &[&Article]) -> String {
    let items: Vec<serde_json::Value> = items
        .iter()
        .map(|a| {
            let kind = &KINDS[a.kind];
            serde_json::json!({
                "id": a.url,
                "url": a.url,
                "title": a.headline,
                "summary": a.summary,
                "content_text": a.summary,
                "date_published": iso8601(a.published),
                "authors": [{"name": o.reporters[a.reporter]}],
                "tags": [o.sections[kind.section]],
            })
        })
        .collect();
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": o.name,
        "description": o.tagline,
        "home_page_url": format!("{}/", o.base),
        "feed_url": format!("{}{}", o.base, o.feed_path),
        "language": "en",
        "items": items,
    });
    serde_json::to_string_pretty(&feed).unwrap_or_default()
}

// ---- numbers and dates ----

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `units` of $100,000: "$450,000", "$4.5 million", "$1.2 billion".
fn money(units: u64) -> String {
    if units >= 10_000 {
        let tenths = units / 1_000;
        if tenths.is_multiple_of(10) {
            format!("${} billion", tenths / 10)
        } else {
            format!("${}.{} billion", tenths / 10, tenths % 10)
        }
    } else if units >= 10 {
        if units.is_multiple_of(10) {
            format!("${} million", units / 10)
        } else {
            format!("${}.{} million", units / 10, units % 10)
        }
    } else {
        format!("${},000", units * 100)
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Monday = 0 (1970-01-01 was a Thursday).
fn weekday(secs: u64) -> usize {
    ((secs / 86_400 + 3) % 7) as usize
}

/// (year, month, day) of Unix seconds, UTC (Howard Hinnant's civil_from_days).
pub fn civil(secs: u64) -> (i64, u32, u32) {
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days since 1970-01-01 of a civil date (the inverse of [`civil`]).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// IMF-fixdate, as in HTTP headers and RSS: "Tue, 10 Feb 2026 08:30:00 GMT".
pub fn http_date(secs: u64) -> String {
    let (y, m, d) = civil(secs);
    let t = secs % 86_400;
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        &WEEKDAYS[weekday(secs)][..3],
        &MONTHS[m as usize - 1][..3],
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// Parses an IMF-fixdate; `None` for anything else (RFC 9110 says to ignore such a header).
pub fn parse_http_date(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let d: u32 = day.parse().ok()?;
    let m = MONTHS
        .iter()
        .position(|n| n[..3].eq_ignore_ascii_case(month))? as u32
        + 1;
    let y: i64 = year.parse().ok()?;
    let hms: Vec<u64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [hh, mm, ss] = hms.as_slice() else {
        return None;
    };
    if !(1..=31).contains(&d) || *hh > 23 || *mm > 59 || *ss > 60 {
        return None;
    }
    let days = u64::try_from(days_from_civil(y, m, d)).ok()?;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

fn iso8601(secs: u64) -> String {
    let (y, m, d) = civil(secs);
    let t = secs % 86_400;
    format!(
        "{y}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

fn human_date(secs: u64) -> String {
    let (y, m, d) = civil(secs);
    format!(
        "{}, {d} {} {y}",
        WEEKDAYS[weekday(secs)],
        MONTHS[m as usize - 1]
    )
}

fn human_time(secs: u64) -> String {
    let t = secs % 86_400;
    format!(
        "Published {} at {:02}:{:02} UTC",
        human_date(secs),
        t / 3600,
        t / 60 % 60
    )
}

// ---- vocabulary ----

/// Each base section with the names outlets give it.
#[rustfmt::skip]
const SECTIONS: &[&[&str]] = &[
    &["Local", "Local News", "Metro", "City", "Region"],
    &["Weather", "Weather News"],
    &["Politics", "Government", "Politics & Policy"],
    &["Education", "Schools"],
    &["Courts", "Justice", "Law"],
    &["Crime", "Police & Crime", "Public Safety"],
    &["Transport", "Transportation", "Travel"],
    &["Sport", "Sports"],
    &["Business", "Economy", "Money"],
    &["Health", "Health & Wellbeing"],
    &["Science", "Science & Research"],
    &["World", "International", "World News"],
    &["Arts", "Culture", "Entertainment"],
    &["Environment", "Climate", "Nature"],
    &["Property", "Housing", "Real Estate"],
    &["Technology", "Tech", "Science & Tech"],
];
const LOCAL: usize = 0;
const WEATHER: usize = 1;
const POLITICS: usize = 2;
const EDUCATION: usize = 3;
const COURTS: usize = 4;
const CRIME: usize = 5;
const TRANSPORT: usize = 6;
const SPORT: usize = 7;
const BUSINESS: usize = 8;
const HEALTH: usize = 9;
const SCIENCE: usize = 10;
const WORLD: usize = 11;
const ARTS: usize = 12;
const ENVIRONMENT: usize = 13;
const PROPERTY: usize = 14;
const TECHNOLOGY: usize = 15;

#[rustfmt::skip]
const OUTLET_NAMES: &[&str] = &[
    "The {} Ledger", "{} Daily", "The {} Herald", "The {} Courier", "{} Evening Post", "{} Today",
    "The {} Tribune", "The {} Chronicle", "The {} Observer", "{} Sentinel", "The {} Star",
    "The {} Times", "{} Record", "The {} Dispatch", "{} Bulletin", "The {} Mercury",
    "The {} Examiner", "The {} Clarion", "{} Express", "{} News", "The {} Advertiser",
    "{} Weekly Journal", "The {} Post", "{} Live",
];

#[rustfmt::skip]
const PARTIES: &[&str] = &[
    "Civic Party", "Progressive Alliance", "Reform Party", "Green Party", "Liberal Party",
    "People's Party", "Labour Party", "Conservative Party", "Independents' Alliance",
    "Social Democrats",
];

#[rustfmt::skip]
const PLACE_ONSETS: &[&str] = &[
    "Kor", "Elm", "Ash", "Bran", "Cal", "Dun", "Fal", "Gil", "Har", "Ives", "Kel", "Lan", "Mar",
    "Nor", "Orm", "Pen", "Quar", "Ros", "Sal", "Tor", "Ul", "Ven", "Wes", "Yar", "Zel", "Bel",
    "Cres", "Dal", "Ever", "Fern", "Glen", "Hol", "Ing", "Lyn", "Mer", "Oak", "Red", "Stan",
    "Thorn", "Wil", "Ald", "Bry", "Car", "Del", "Eas", "Gran", "Hav", "Kin", "Lor", "Mil", "Ned",
    "Pol", "Rav", "Sev", "Tam", "Vor", "Wyn", "Ast", "Brim", "Cor",
];
#[rustfmt::skip]
const PLACE_MIDDLES: &[&str] = &[
    "", "", "a", "e", "i", "o", "s", "en", "er", "ing", "ow", "ar",
];
#[rustfmt::skip]
const PLACE_ENDINGS: &[&str] = &[
    "vath", "brook", "ford", "vale", "ton", "mouth", "wick", "field", "haven", "by", "stead",
    "more", "gate", "ridge", "port", "holm", "ley", "bury", "dale", "wood", "worth", "minster",
    "combe", "hurst", "ness", "thorpe", "well", "marsh", "crest", "ova", "ara", "eth", "ane",
    "oria", "enza", "ovo", "ach", "ost", "imba", "enne", "is", "avia", "ern", "ul", "osa", "ith",
    "ard", "und", "esk", "ington",
];
#[rustfmt::skip]
const SURNAME_ONSETS: &[&str] = &[
    "Ad", "Bar", "Bel", "Bran", "Cal", "Car", "Dal", "Dor", "Ed", "Fal", "Fen", "Gar", "Gil",
    "Hal", "Har", "Ives", "Jar", "Kel", "Kes", "Lan", "Lor", "Mar", "Mol", "Nor", "Ost", "Pel",
    "Quin", "Rav", "Ros", "Sel", "Stan", "Tal", "Tor", "Ul", "Var", "Vel", "Wes", "Wil", "Yar",
    "Zel", "Ash", "Brom", "Cres", "Drum", "Elm", "Fitz", "Grim", "Holl", "Ink", "Lund",
];
#[rustfmt::skip]
const SURNAME_MIDDLES: &[&str] = &["", "", "", "a", "e", "i", "o", "an", "er", "in", "el", "or"];
#[rustfmt::skip]
const SURNAME_ENDINGS: &[&str] = &[
    "wick", "ford", "holt", "stad", "ley", "man", "sen", "ova", "etti", "ski", "berg", "ridge",
    "well", "croft", "ani", "ez", "ic", "ard", "mont", "ier", "by", "son", "ton", "ow", "ak",
    "ers", "dottir", "ovic", "elli", "ham", "worth", "stone", "field", "ind", "quist",
];
#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Maria", "James", "Aisha", "Tomas", "Priya", "Daniel", "Elena", "Samuel", "Nadia", "Oliver",
    "Grace", "Mateo", "Hannah", "Ravi", "Sofia", "Lucas", "Amara", "Jonas", "Chloe", "Omar",
    "Ingrid", "Felix", "Leila", "Marcus", "Yara", "Hugo", "Zara", "Emil", "Rosa", "Victor", "Mei",
    "Patrick", "Ana", "Kwame", "Julia", "Arjun", "Clara", "Diego", "Fatima", "Henrik", "Isabel",
    "Kenji", "Laura", "Malik", "Nora", "Oscar", "Paula", "Rahul", "Sara", "Theo", "Ursula", "Vera",
    "Walter", "Xavier", "Yusuf", "Zoe", "Adam", "Beatrice", "Carlos", "Dina", "Erik", "Farah",
    "George", "Helen", "Ibrahim", "Jana", "Karl", "Lina", "Mohammed", "Nina", "Otto", "Petra",
    "Quentin", "Rania", "Stefan", "Tara", "Uma", "Viktor", "Wendy", "Yasmin", "Alan", "Bianca",
    "Colin", "Daria", "Edward", "Fiona", "Gustav", "Hana", "Ivan", "Joanna", "Kofi", "Lucia",
    "Martin", "Naomi", "Pablo", "Rita", "Simon", "Tessa", "Anton", "Bella", "Caleb", "Delia",
    "Elias", "Freya", "Gabriel", "Hilde", "Igor", "Jade", "Kai", "Lotte", "Milan", "Nell", "Orla",
    "Pieter", "Ruth", "Soren", "Talia", "Wiktor", "Agnes", "Bruno",
];

#[rustfmt::skip]
const NOUNS: &[&str] = &[
    "decision", "plan", "proposal", "issue", "change", "project", "programme", "review", "policy",
    "question", "debate", "report", "process", "situation", "development", "measure", "scheme",
    "initiative", "investment", "agreement", "dispute", "problem", "concern", "challenge", "effort",
    "strategy", "budget", "service", "system", "network", "response", "announcement",
    "consultation", "inquiry", "investigation", "survey", "assessment", "schedule", "timetable",
    "deadline", "contract", "arrangement", "priority", "commitment", "approach", "framework",
    "option", "outcome", "result", "impact", "cost", "risk", "benefit", "demand", "shortage",
    "increase", "decline", "trend", "delay", "setback", "milestone", "target", "standard", "rule",
    "requirement", "regulation", "guideline", "procedure", "complaint", "appeal", "petition",
    "meeting", "session", "hearing", "vote", "campaign", "partnership", "episode", "incident",
    "announcement", "warning", "forecast", "estimate", "figure", "finding", "recommendation",
    "compromise", "reversal", "extension", "overhaul", "upgrade", "closure", "expansion", "reform",
    "shake-up", "crackdown", "pilot", "trial", "audit", "bid", "deal", "offer", "ruling", "verdict",
    "move",
    "allocation", "ambition", "anniversary", "argument", "backlog", "balance", "ban", "blueprint",
    "boost", "boundary", "breakthrough", "briefing", "burden", "calendar", "candidacy", "cap",
    "capacity", "ceiling", "census", "charter", "claim", "clampdown", "coalition", "code",
    "collapse", "commission", "concession", "condition", "conference", "consensus", "constraint",
    "controversy", "conversion", "correction", "council", "criterion", "cutback", "deficit",
    "delegation", "demonstration", "designation", "dialogue", "dilemma", "directive", "disclosure",
    "discount", "downturn", "draft", "duty", "edition", "election", "emergency", "endorsement",
    "enquiry", "entitlement", "exemption", "exercise", "exhibition", "experiment", "exposure",
    "fallout", "feasibility study", "fine", "forum", "freeze", "fund", "gap", "gesture", "grant",
    "guarantee", "handover", "headline", "hike", "hurdle", "idea", "inspection", "instalment",
    "intervention", "inventory", "itinerary", "jurisdiction", "launch", "lawsuit", "lease",
    "legacy", "levy", "licence", "limit", "loophole", "loss", "mandate", "manifesto", "margin",
    "memo", "merger", "mission", "moratorium", "motion", "notice", "objection", "obligation",
    "opening", "ordinance", "overspend", "pact", "pardon", "penalty", "pension", "permit", "phase",
    "pledge", "poll", "precedent", "premium", "prize", "profile", "projection", "prospect",
    "protest", "provision", "purchase", "quota", "rally", "rebate", "rebuild", "recession",
    "referendum", "refund", "rehearsal", "relaunch", "rental", "repeal", "rescue", "reserve",
    "restructuring", "revenue", "revision", "rollout", "route", "row", "safeguard", "sanction",
    "scandal", "scrutiny", "settlement", "shortfall", "showcase", "slowdown", "snapshot",
    "spending round", "spike", "stake", "stalemate", "statement", "stoppage", "subsidy", "summit",
    "surcharge", "surge", "suspension", "takeover", "tally", "tender", "threshold", "tour",
    "transfer", "transition", "treaty", "tribute", "turnaround", "turnout", "ultimatum", "upheaval",
    "venture", "veto", "visit", "waiver", "walkout", "windfall", "workshop", "wrangle",
];
#[rustfmt::skip]
const PLURALS: &[&str] = &[
    "decisions", "plans", "proposals", "services", "costs", "prices", "rents", "wages", "jobs",
    "roads", "schools", "homes", "budgets", "families", "households", "businesses", "shops",
    "workers", "residents", "councils", "delays", "repairs", "complaints", "concerns", "questions",
    "figures", "numbers", "levels", "standards", "rules", "changes", "projects", "programmes",
    "facilities", "buildings", "neighbourhoods", "communities", "markets", "investments", "savings",
    "taxes", "fees", "fares", "bills", "benefits", "grants", "loans", "contracts", "schemes",
    "policies", "priorities", "options", "risks", "pressures", "shortages", "reports", "surveys",
    "records", "results", "targets", "deadlines", "meetings", "hearings", "campaigns",
    "partnerships", "incidents", "events", "waiting lists", "insurance premiums", "energy bills",
    "bus routes", "parking charges", "opening hours", "staffing levels", "public finances",
    "interest rates", "supply chains", "local services", "planning rules", "building costs",
    "visitor numbers", "tourism revenues", "road works",
    "allowances", "apprenticeships", "arrears", "assets", "audits", "backlogs", "ballots",
    "bonuses", "bookings", "boundaries", "branches", "bursaries", "buyers", "caravans", "careers",
    "cargo volumes", "charges", "checkpoints", "childcare places", "clinics", "closures",
    "commuter numbers", "concessions", "consultants", "contractors", "council tenants", "crossings",
    "customers", "cycle lanes", "dividends", "donations", "drainage works", "dues", "earnings",
    "emissions", "enrolments", "exports", "exemptions", "expenses", "ferries", "fines", "footpaths",
    "freight rates", "fuel prices", "gardens", "guidelines", "harvests", "holidays",
    "hospital beds", "imports", "incentives", "inspections", "installations", "inventories",
    "jobseekers", "kiosks", "lanes", "layoffs", "leases", "libraries", "licences", "livelihoods",
    "margins", "meals", "memberships", "mortgages", "museums", "overdrafts", "overtime hours",
    "parks", "passengers", "pavements", "payrolls", "pensions", "permits", "pitches", "playgrounds",
    "polls", "profits", "property values", "quotas", "rail links", "rates", "rebates", "refunds",
    "rentals", "reserves", "revenues", "salaries", "sales", "sanctions", "scholarships", "seats",
    "settlements", "shifts", "shipments", "signatures", "stalls", "subsidies", "suppliers",
    "surpluses", "tariffs", "tenancies", "tickets", "timetables", "tolls", "tourists",
    "trade flows", "traffic volumes", "trains", "trials", "tuition fees", "vacancies", "valuations",
    "vehicles", "visas", "voters", "vouchers", "wards", "warehouses", "waste collections",
    "water bills", "workloads", "yields",
];
#[rustfmt::skip]
const ADJECTIVES: &[&str] = &[
    "significant", "major", "minor", "serious", "unusual", "familiar", "difficult", "complex",
    "urgent", "gradual", "sudden", "modest", "substantial", "considerable", "limited", "wider",
    "broader", "local", "regional", "national", "public", "private", "economic", "social",
    "political", "financial", "practical", "technical", "legal", "environmental", "historic",
    "recent", "current", "previous", "long-term", "short-term", "temporary", "permanent", "growing",
    "rising", "falling", "steady", "uncertain", "unclear", "obvious", "important", "crucial",
    "central", "careful", "detailed", "early", "initial", "final", "further", "additional",
    "separate", "similar", "different", "costly", "expensive", "affordable", "reliable", "fragile",
    "stable", "busy", "crowded", "remote", "rural", "urban", "older", "ageing", "modern",
    "traditional", "persistent", "seasonal", "unexpected", "lasting", "widespread", "sharp", "slow",
    "fresh", "overdue", "controversial", "ambitious", "cautious",
    "abrupt", "accelerated", "acute", "adjacent", "advanced", "alternative", "ample", "annual",
    "anticipated", "apparent", "average", "balanced", "basic", "bilateral", "binding", "bold",
    "brief", "bruising", "bureaucratic", "civic", "clear-cut", "collective", "commercial",
    "comparable", "competitive", "comprehensive", "conditional", "confidential", "considered",
    "consistent", "constructive", "contentious", "continuous", "conventional", "coordinated",
    "critical", "cross-party", "cumulative", "daily", "decisive", "deferred", "delicate",
    "democratic", "dense", "diplomatic", "direct", "disputed", "distinct", "domestic", "dramatic",
    "durable", "efficient", "elaborate", "emergency", "emerging", "essential", "exceptional",
    "excessive", "existing", "experimental", "explicit", "extended", "external", "fair", "fiscal",
    "flexible", "formal", "frequent", "fundamental", "generous", "genuine", "global", "hasty",
    "heavy", "hidden", "high-profile", "improvised", "incremental", "independent", "informal",
    "intense", "interim", "internal", "joint", "landmark", "lengthy", "marginal", "massive",
    "measured", "mixed", "moderate", "monthly", "multi-year", "municipal", "narrow", "negotiated",
    "nominal", "notable", "occasional", "official", "ongoing", "orderly", "outdated", "parallel",
    "partial", "patchy", "phased", "piecemeal", "pivotal", "popular", "preliminary", "pressing",
    "prolonged", "provisional", "quarterly", "radical", "rapid", "reduced", "regular", "renewed",
    "repeated", "rigorous", "robust", "routine", "scheduled", "secondary", "selective", "sensitive",
    "sizeable", "sluggish", "solid", "specialist", "specific", "standard", "statutory", "strategic",
    "strict", "structural", "subdued", "substantive", "subtle", "sustained", "swift", "symbolic",
    "systematic", "tentative", "thorough", "tight", "tough", "transitional", "unanimous",
    "underlying", "uneven", "unprecedented", "unresolved", "upcoming", "variable", "visible",
    "volatile", "voluntary", "weekly", "welcome",
];
#[rustfmt::skip]
const FEELINGS: &[&str] = &[
    "relieved", "frustrated", "cautious", "hopeful", "worried", "angry", "disappointed",
    "optimistic", "sceptical", "pleased", "concerned", "surprised", "uneasy", "confident",
    "divided", "unconvinced", "encouraged",
];
#[rustfmt::skip]
const GROUPS: &[&str] = &[
    "residents", "officials", "business owners", "experts", "analysts", "campaigners",
    "local leaders", "councillors", "economists", "engineers", "teachers", "parents", "shopkeepers",
    "commuters", "farmers", "landlords", "tenants", "employers", "union leaders", "critics",
    "supporters", "observers", "neighbours", "volunteers", "community groups", "health workers",
    "planners", "lawmakers", "voters", "taxpayers", "young people", "older residents", "families",
    "small businesses", "academics", "researchers", "consultants", "advocates", "charities",
    "retailers", "hoteliers", "drivers", "cyclists", "students", "pensioners", "investors",
    "accountants", "architects", "bankers", "bus operators", "business leaders", "care workers",
    "carers", "city planners", "civil servants", "conservationists", "dentists", "developers",
    "doctors", "electricians", "estate agents", "factory workers", "fishermen", "freelancers",
    "graduates", "grocers", "head teachers", "homeowners", "hospital managers", "insurers",
    "junior doctors", "lawyers", "lecturers", "librarians", "local historians", "market traders",
    "midwives", "nurses", "opposition councillors", "parish councillors", "pharmacists",
    "postal workers", "property owners", "publicans", "rail unions", "residents' associations",
    "restaurateurs", "scientists", "shop stewards", "social workers", "sports clubs",
    "taxi drivers", "trade unions", "travel agents", "trustees", "vets", "youth workers",
];
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "raised", "renewed", "sharpened", "revived", "prompted", "fuelled", "reopened", "deepened",
    "highlighted", "underlined", "triggered", "intensified",
    "complicated", "stirred", "inflamed", "exposed", "underscored", "reignited", "widened",
    "settled", "eased", "muddied",
];
#[rustfmt::skip]
const CHANGES: &[&str] = &[
    "risen", "fallen", "doubled", "changed little", "barely moved", "grown steadily", "climbed",
    "slipped", "edged up", "dropped sharply",
];
#[rustfmt::skip]
const TIMES: &[&str] = &[
    "in recent years", "over the past decade", "since the pandemic", "last year", "this year",
    "in the coming months", "next year", "in the months ahead", "for some time", "for years",
    "in the long run", "over the summer", "before the end of the year", "in the short term",
    "for now", "so far this year", "over the next decade", "in the weeks ahead",
    "since the last election", "over the winter",
    "in the past few months", "over the last three years", "since the spring",
    "for the foreseeable future", "by the end of next year", "within a decade",
    "over the coming winter", "in the next budget", "before the summer holidays",
    "after the new year", "during the next financial year", "in the medium term",
    "at the next election", "over the past two winters",
];
#[rustfmt::skip]
const AREAS: &[&str] = &[
    "the region", "the county", "the city", "the area", "the wider region", "the province",
    "neighbouring towns", "the surrounding villages", "the district", "the valley", "the coast",
    "the country", "nearby communities", "{place}", "{place}", "{place}",
];
#[rustfmt::skip]
const GENERIC_ORGS: &[&str] = &[
    "the national statistics office", "the local chamber of commerce", "a regional think tank",
    "the state auditor", "a university research group", "an independent review",
    "the regional development agency", "a consumer group", "a trade association", "the ombudsman",
    "the county council", "the finance ministry",
];

const GENERIC_QUOTES: &[&str] = &[
    "[We will|We are going to] keep [working|talking] with [everyone|all those] involved[ until this is resolved|]",
    "[There is|There's] [a lot|much] [still|] to do, and [we know|we are aware] [people|residents] [want answers|are waiting]",
    "[It has been|This has been] a [difficult|hard|long] [few days|week] for [everyone|the whole community] [in {place}|here]",
    "[I think|I believe] [most people|people in {place}] [understand|can see] what is at stake",
    "[We owe it to|We have a duty to] [the people of {place}|the community] to get this right",
];

/// Background sentences: the general texture of a report, drawn from a broad vocabulary so
/// that no two articles share it.
const BACKGROUND: &[&str] = &[
    "{group} [pointed to|cited|raised] {adj} {nouns} and {adj} {nouns} as [reasons for caution|causes for concern|signs of change].",
    "[The|Its] {noun} [came|arrived] [alongside|amid] {adj} {nouns} [in|across] {area}.",
    "{group} [welcomed|questioned|criticised] the {noun}, [citing|pointing to] {nouns} {time}.",
    "[Some|Several|A few] {group} [called for|asked for|pressed for] {a_adj} {noun} [on|of] {nouns}.",
    "[Talk of|Debate over|Questions about] {nouns} [dominated|shaped|coloured] {a_adj} {noun} {time}.",
    "The {noun} [comes|arrives] at a time when {group} [across|in] {area} are [grappling with|dealing with|worried about] {adj} {nouns}.",
    "{group} [have|had] [long|repeatedly|for years] [argued|warned|complained] that {nouns} in {area} [were|are] [too expensive|too slow|too complicated|unreliable|stretched].",
    "[Many|Some|Several] {group} said they [were|felt] {feel} about the {noun}, [while others|although others] [were|remained] {feel}.",
    "[According to {orgg},|Figures from {orgg} show that|Data from {orgg} suggest that] {nouns} [in|across] {area} have {change} {time}.",
    "The {noun} [has|had] {verb} [questions|debate|concerns] about {adj} {nouns} [in {area}|locally].",
    "[It is|It was] not [yet|] clear [how|whether] the {noun} [will|would] [affect|change] {nouns} {time}.",
    "{group} [are expected|were expected|are likely] to [watch|follow] the {noun} [closely|with interest] {time}.",
    "A further {noun} [is|was] [planned|expected|scheduled] [for the autumn|for next spring|in the new year|in the coming weeks].",
    "[In|Across] {area}, {group} [have|had] [already|] [begun|started] to [prepare|adjust|plan] for {adj} {nouns}.",
    "[Some|A number of] {group} [questioned|doubted] whether the {noun} [would|could] [deliver|bring] the {adj} {nouns} [it promised|that were promised].",
    "The [last|previous] {noun} of this kind, in {anyyear}, [led to|resulted in|brought] {adj} {nouns} [for|across] {area}.",
    "[Questions|Doubts] [remain|remained] about [the funding of|who will pay for|the timetable for] the {noun}.",
    "[Local|Regional] {nouns} [have|had] [struggled|been under pressure] {time}, [and|as] {group} [point|pointed] to {adj} {nouns}.",
    "{group} [in {area}|nearby] [said|say] they [hoped|expected] the {noun} would [bring|lead to] {adj} {nouns} {time}.",
    "[The|That] {noun} [is|was] [one of several|among a number of] {adj} {nouns} [facing|before] {group} {time}.",
    "[Critics|Opponents] [said|argued] the {noun} [did not go far enough|went too far|came too late], [while|and] [supporters|others] [called it|described it as] [{a_adj} step|overdue|a sensible compromise].",
    "There [has|had] been [growing|renewed|fresh] [interest in|debate over|attention to] {adj} {nouns} [in|across] {area} {time}.",
    "[Officials|Authorities] [promised|pledged] a [full|detailed|formal] [report|review|assessment|update] [by|before] [the end of the year|the summer|next month].",
    "The [wider|broader] [picture|context] [is|remains] one of {adj} {nouns} and {adj} {nouns}, {group} [say|note].",
    "What happens next [will|may] [depend|hinge] on [the {noun}|funding|decisions by {group}] {time}.",
    "[For|Among] {group}, the [main|chief|biggest] [worry|concern|question] [is|remains] {adj} {nouns}.",
    "The {noun} [reflects|mirrors|echoes] {a_adj} [trend|pattern] [seen|visible] [across|in] {area} {time}.",
    "[Similar|Comparable] {nouns} [in|elsewhere in] {area} [have|had] [taken|needed] [months|years] to [resolve|complete|settle].",
    "[Residents of|People in] {place} [have|had] [seen|witnessed|lived through] [a number of|several] {adj} {nouns} {time}.",
    "[A report|A survey|An audit|A review|A study] [published|released] [last year|in {anyyear}] [found|concluded] that {nouns} [in {area}|locally] [were|remained] {adj}.",
    "{group} and {group} [met|held talks] [over|during] [the weekend|the following days|the week] to discuss the {noun}.",
    "[Nobody|No one] at {orgg} was [available|immediately available] [for comment|to comment] on the {noun}.",
    "The [timing|scale] of the {noun} [surprised|caught out|frustrated] [some|many] {group}.",
    "[Even so|Still|Nonetheless], {group} [said|insisted] that {adj} {nouns} [were|remained] [the priority|the main priority|a priority] {time}.",
    "[In the meantime|Meanwhile], {nouns} and {nouns} [will|would] [continue|carry on] [as normal|as before|largely unchanged].",
    "The {noun} [drew|attracted] [comment|attention|reaction] from {group} [across|in] {area}[ on social media| within hours|].",
    "[Data|Records] [from|kept by] {orgg} [suggest|show] that {adj} {nouns} [are|have become] [more common|less common|more frequent] {time}.",
    "[Those|People] affected [were|have been] [offered|given] [advice|support|information] [by|through] {orgg}.",
    "[As costs rise|As prices rise|As demand grows|While costs keep rising], {group} say they are under [growing|increasing] pressure over {nouns}.",
    "{place} [has|had] a population of [about|around|roughly] {population}, and [its economy|much of its economy] [depends|relies] on {nouns} and {nouns}.",
    "[Visitors|Travellers] [to|heading to] {place} [were advised|are advised] to [check ahead|allow extra time] [before setting out|for journeys].",
    "A [spokesperson|representative] for {orgg} said {nouns} [were|would be] [kept|placed] under review.",
    "[Longer term|In the long run], {group} [want|expect|hope for] {adj} {nouns} and a [clearer|firmer] [plan|commitment] on {nouns}.",
    "[This|That] [is|was] {a_adj} [test|challenge] for {group} [in {area}|locally] {time}.",
    "[Updates|Further details] [will be|are expected to be] [published|shared|posted] [on the council's website|on local radio|on social media] as [they become available|the situation develops].",
    "[Several|Some] {group} [told|said to] {outlet} that the {noun} had {verb} [old|long-standing] [tensions|arguments] over {nouns}.",
    "[It|The {noun}] [follows|came after] {a_adj} {noun} [earlier this year|last autumn|in {anyyear}] that [left|put] {nouns} under strain.",
    "[Analysts|Observers] [said|noted] the {noun} [was|is] [unlikely|not expected] to [change|alter] {nouns} [much|significantly] {time}.",
    "{group} [were|had been] [told|informed] [of|about] the {noun} [only|just] [days|hours] [before|earlier], [some|several] said.",
    "A further {noun} [could|might] [still|yet] [be|prove] [needed|necessary], [according to|said] {orgg}.",
];

#[rustfmt::skip]
const DETAIL_ADJECTIVES: &[&str] = &[
    "old", "disused", "Victorian", "red-brick", "listed", "derelict", "newly built", "historic",
    "timber", "concrete", "former", "municipal", "riverside", "hilltop", "renovated", "empty",
    "boarded-up", "Edwardian", "stone", "glass-fronted", "council-owned", "privately owned",
    "half-finished", "community-run", "century-old", "converted", "waterfront", "art deco",
];
#[rustfmt::skip]
const DETAIL_NOUNS: &[&str] = &[
    "tannery", "clock tower", "railway shed", "chapel", "flour mill", "market hall", "cinema",
    "lido", "allotments", "footbridge", "sawmill", "brewery", "fire station", "bandstand",
    "quarry", "ferry terminal", "multi-storey car park", "library", "granary", "orchard",
    "cemetery", "velodrome", "ice rink", "textile mill", "water tower", "signal box",
    "lighthouse", "canal basin", "tram depot", "bus garage", "pumping station", "windmill",
    "marina", "gasworks", "boathouse", "rope works", "tollhouse", "observatory", "greenhouse",
    "print works", "dairy", "foundry", "corn exchange", "assembly rooms", "almshouses",
    "pier", "roller rink", "post office", "courthouse", "swimming baths", "drill hall",
    "cattle market", "abbey ruins", "viaduct arches", "shopping arcade", "skate park",
    "bowling green", "rugby ground", "scout hut", "tithe barn", "coach station", "pottery",
    "boatyard", "ice factory", "laundry", "waterworks", "seed warehouse", "cooperage",
    "glasshouse", "mill pond", "petrol station", "youth club", "bingo hall", "chandlery",
    "slipway", "fish market", "lock keeper's cottage", "maltings", "distillery", "hat factory",
];
/// Facts any event has (who said what, where, what comes next), filled with its own names:
/// most of a real report, and what keeps reports of one kind from reading alike.
const GENERIC_FACTS: &[&str] = &[
    "{org} [said|confirmed] [in a statement|on its website|in a short post] on {day} that it [was reviewing|would look into] what happened near {venue}.",
    "[A spokesperson|A representative|A press officer] for {org2} said [it|the organisation] would [cooperate fully|answer questions] [once|when] [the facts were clear|more was known].",
    "{p1} [is expected to|will] [give|provide] [an update|more details] at a [briefing|press conference] [at|near] {venue} [later in the week|in the coming days].",
    "{p2} [first|initially] [spoke|talked] to [local radio|a regional newspaper|neighbours] on {day}, before [posting|sharing] [a longer account|photos] online.",
    "[Councillors|Officials] in {place} [are due to|will] [discuss|debate] [the matter|what happened] at a meeting in {month}.",
    "The [news|events] of {day} [brought|drew] [calls|messages] to {org} from [across {place}|neighbouring {place2}|as far away as {place2}].",
    "{org} has [operated|worked] in {place} since {year2}, [according to|said] [its website|public records|{p1}].",
    "[Residents|Neighbours] on {street} said [they|many] had [heard|learned] [the news|about it] from [a neighbour|social media|{outlet}] before any [official|public] [announcement|statement].",
    "{p1} [said|added] that [more|further] [information|details] would [follow|be released] once {org2} had been [consulted|heard].",
    "The [last|previous] time {place} [made the headlines|was in the news] was in {year3}, [residents|older residents] [recalled|noted].",
    "{org} and {org2} [have worked together|have clashed] [before|in the past], [most recently|notably] in {year4}.",
    "[The full text of the statement|The statement] was [posted|published] [on the website of {org}|by {org}] [late on {day}|on {day} evening].",
    "[Reporters|Camera crews] [gathered|waited] [outside|near] {venue} [for much of {day}|through the afternoon].",
    "An online petition [about|over] [the issue|what happened] had [gathered|drawn] [hundreds of|more than a thousand] signatures [in {place} and {place2}|from {place}] [by {day}|within days].",
    "{org2} [said|confirmed] it had been in contact with {org} [and|but] [declined|did not want] to [comment further|say more].",
    "[Traffic|Buses] on {street} [was|were] [diverted|slowed] [for part of {day}|for several hours], [the council said|according to the council].",
    "[Officials in|People in] [neighbouring|nearby] {place2} said they [had faced|remembered] [something similar|a similar situation] in {year3}.",
    "[Local|Regional] [radio|television] [carried|broadcast] [updates|reports] from {venue} [throughout|for much of] {day}.",
    "[Questions|Further questions] have been [sent|put] to {org} about [the timeline|the costs|who knew what and when].",
    "{p1} has [spent|worked] [years|much of a career] in {place}, [colleagues said|according to colleagues].",
    "The [mayor|council leader] of {place} [said|wrote] on social media that [the town|{place}] was following [events|developments] [closely|with interest].",
    "{p2} said the [past few days|week] had been [a blur|unlike anything|exhausting] [for|in] {place}[ and on {street}|].",
    "[A|One] [resident|neighbour] [of|on] {street}, [giving only a first name|who did not want to be named], said [everyone there was talking about it|people in {place} had strong opinions].",
    "{org} [is expected to|will] [publish|set out] [a fuller account|its findings|a timeline] [before|by the end of] {month}.",
];

/// Sentences around an event's own details: kind-agnostic, carrying what is specific to it.
const DETAIL_SENTENCES: &[&str] = &[
    "The {detail1} on {street} [was|had been] [cordoned off|closed to the public|at the centre of attention] [on {day}|for much of the day].",
    "[Crowds|Onlookers|Neighbours] gathered near the {detail2} [as the news spread|during the afternoon|on {day} evening].",
    "[Locals|Residents] [know|remember] the {detail1} [as a landmark|as a meeting place|from childhood], [and|while] [many|some] [shared photos of it|posted about it] online.",
    "[Plans|Proposals] to [restore|redevelop|sell] the {detail2} [had been|were] [discussed|shelved] [before|long before] {day}.",
    "[Images|Footage] shared [online|on social media] showed the {detail1} [and|with] the {detail2} [behind it|in the background].",
    "[The area around|Streets near] the {detail2} [stayed|remained] [busy|closed|quiet] [into the evening|until late on {day}], [witnesses said|according to witnesses].",
    "[Between|Around] the {detail3} and the {detail4}, [traffic|foot traffic] [slowed|backed up|thinned] [through the afternoon|as word got around].",
    "The {detail3}, [a few streets|a short walk|minutes] from {street}, [became|served as] [a gathering point|the place to meet|a point of reference] [for residents|for reporters|for families].",
    "[Many in {place}|Older residents] [recalled|remembered] when the {detail4} [drew crowds|was the heart of the neighbourhood|opened].",
    "[Signs|Notices] [went up|appeared] at the {detail3} [on {day}|that morning] [asking|telling] [visitors|people] to [keep clear|use another entrance].",
    "[Volunteers|Neighbours] [set up|ran] [a table|a stall|a tea urn] [outside|beside] the {detail4} [for those waiting|for anyone affected].",
    "The {detail1} and the {detail3} [both|each] [appear|feature] in [the council's|a recent] [plans|review] for {street}.",
    "[One|A] [regular|local] at the {detail2} said the [mood|atmosphere] [was tense|was subdued|was calm] [all day|that evening].",
    "[Parking|Access] near the {detail4} was [restricted|suspended] [on {day}|for the rest of the day], [officials said|according to officials].",
    "[Photos|Pictures] of the {detail1} [were|had been] [shared|posted] [widely|thousands of times] [by {day} evening|within hours].",
];

/// One kind of event: its section, the people it involves and its own words.
struct Kind {
    name: &'static str,
    section: usize,
    /// The roles of the event's first, second and third person, with their article.
    roles: [&'static str; 3],
    things: &'static [&'static str],
    things2: &'static [&'static str],
    org: &'static str,
    org2: &'static str,
    venue: &'static str,
    /// Ranges of `{n1}`, `{n2}`, `{n3}`.
    nums: [(u64, u64); 3],
    /// Range of `{money}` in units of $100,000.
    money: (u64, u64),
    pct: (u64, u64),
    /// `{n1}` beats `{n2}` (a winner's score or votes).
    ordered: bool,
    headlines: &'static [&'static str],
    leads: &'static [&'static str],
    facts: &'static [&'static str],
    /// What the first, second and third person say.
    quotes: [&'static str; 3],
    context: &'static [&'static str],
}

#[rustfmt::skip]
const KINDS: &[Kind] = &[
    Kind {
        name: "fire",
        section: LOCAL,
        roles: ["the fire chief", "a resident", "a local business owner"],
        things: &[
            "warehouse", "apartment block", "timber yard", "furniture factory", "school gymnasium",
            "row of shops", "recycling plant", "hotel", "church hall", "bakery",
        ],
        things2: &["roof", "upper floors", "storage area"],
        org: "the {place} [Fire and Rescue Service|Fire Department|Fire Brigade|County Fire Service|Fire Authority]",
        org2: "{gen} [Logistics|Holdings|Properties|Trading]",
        venue: "{gen} [Park|Square|Green|Crossroads]",
        nums: [(18, 140), (12, 650), (2, 16)],
        money: (3, 450),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "Fire [destroys|guts|tears through] {thing} in {place}",
            "{n1} firefighters [battle|tackle] [blaze|fire] at {place} {thing}",
            "{place} {thing} fire forces {n2} [residents|people] from homes",
            "[Huge|Major|Large] fire at {street} {thing} [under control|brought under control] after {n3} hours",
            "Investigators [probe|examine] cause of {place} {thing} fire",
        ],
        leads: &[
            "[A fire|A large fire|Fire] [tore through|destroyed|gutted] {a_thing} on {street} in {place} on {day}, forcing {n2} [residents|people] from nearby homes.",
            "{n1} firefighters [spent|needed] {n3} hours bringing a fire at {a_thing} in {place} under control on {day}.",
            "[Crews|Firefighters] from {org} [battled|fought] a [blaze|fire] at {a_thing} in {place} [on {day}|through {day} night], and {n2} people were evacuated.",
        ],
        facts: &[
            "The fire was reported [at about|shortly after] {clock} and [spread quickly through|spread from the {thing2} into|sent thick smoke across] [the {street} area|the neighbourhood|{place}].",
            "{org} said {n1} firefighters and [a dozen|several|more than ten] engines were sent to the scene.",
            "{p1}, the {p1role}, said crews had [contained|stopped] the fire after {n3} hours[ but would stay overnight| and were damping down hotspots].",
            "[About|Around|Some] {n2} residents were [evacuated|moved] to [a school hall|a community centre|a sports hall] [nearby|in {place}] and [most|many] were [allowed home|expected home] [by the evening|the next day].",
            "The {thing}, owned by {org2}, [was|had been] [badly damaged|largely destroyed]; early estimates [put|placed] the damage at {money}.",
            "[No one|Nobody] was [seriously hurt|killed], [although|but] [a few|several] people were treated for smoke inhalation.",
            "Investigators [have not yet determined|are still working to establish] [the cause|what started the fire], and {org} asked anyone with [photos|video|information] to come forward.",
            "{street} [remained|was] closed [on {day}|overnight] while [engineers|inspectors] checked the [building's|structure's] safety.",
            "{p3}, [the owner of a business|a {p3role}] on {street}, said [the smoke|the flames] [could be seen|was visible] from across {place}.",
            "It was the {ordinal} [serious|major] fire in {place} [this year|in twelve months], according to {org}.",
        ],
        quotes: [
            "[The crews did|Our crews did] an [extraordinary|outstanding|incredible] job to stop it [spreading|reaching the houses] on {street}",
            "[We heard|I heard] a [loud bang|crack] and then [the whole roof|everything] was [on fire|in flames]",
            "[We have lost|I have lost] [everything|years of work] [in one night|in a few hours], but [nobody was hurt|everyone got out] and that is what matters",
        ],
        context: &[
            "Fire services [across the region|in the county] have [warned|reminded] [businesses|building owners] to check [alarms|sprinklers|wiring] [this season|regularly].",
            "[Older|Industrial] buildings [with timber roofs|without sprinklers] are [especially|particularly] vulnerable to fast-spreading fires, [experts|fire officers] say.",
        ],
    },
    Kind {
        name: "flood",
        section: WEATHER,
        roles: [
            "the emergency manager",
            "a homeowner",
            "the council engineer",
        ],
        things: &[
            "the River {gen}", "the {gen} Brook", "the {gen} Canal", "the {gen} Water",
        ],
        things2: &["flood wall", "embankment", "drainage system"],
        org: "the {place} [Emergency Management Office|Civil Protection Agency|emergency services|Flood Response Team|Resilience Forum]",
        org2: "the {gen} [Valley Water Authority|Rivers Trust|Drainage Board|Catchment Agency]",
        venue: "{gen} [Bridge|Meadows|Weir|Embankment]",
        nums: [(30, 900), (40, 260), (4, 120)],
        money: (10, 900),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "Floods [swamp|inundate] {n1} homes in {place}",
            "{thing} bursts its banks in {place} after {n2} mm of rain",
            "[Rescuers|Crews] [pull|lift] {n3} people from floodwater in {place}",
            "{place} counts cost of [flooding|floods] as {thing} [recedes|falls]",
        ],
        leads: &[
            "[Floodwater|Flooding] [swamped|inundated] {n1} homes in {place} on {day} after {thing} burst its banks [following|after] {n2} millimetres of rain.",
            "Emergency crews rescued {n3} people from [cars and homes|flooded streets] in {place} on {day} as {thing} [rose|climbed] to [a record|its highest] level.",
        ],
        facts: &[
            "{n2} millimetres of rain fell [in 24 hours|over two days|overnight], [more than|almost] [a month's|two months'] [worth|average] for [the area|{place}], [forecasters|the weather service] said.",
            "{org} opened [shelters|evacuation centres] and [said|reported] that {n3} people had been [rescued|helped to safety] [by boat|from rooftops|from cars].",
            "{p1}, the {p1role}, said the water on {street} had [reached|risen to] [waist height|a metre|knee height] [at its peak|by the afternoon].",
            "[Early estimates|Insurers' first estimates] [put|placed] the damage at {money}, [although|but] {org} said the figure [could|was likely to] rise.",
            "{org2} said [its pumps|its defences] had been overwhelmed and that [levels|the river] [should fall|would keep falling] [by {day}|over the weekend].",
            "Roads [into|around] {place}, [including {street}|among them {street}], [remained|were] closed and [trains|buses] [were cancelled|did not run].",
            "{p2}, [a {p2role}|who lives] on {street}, said [the water|floodwater] [came in|entered the house] [within minutes|in less than an hour].",
            "{p3}, the {p3role}, said [repairs to|work on] the {thing2} had been [delayed|postponed] [for years|since the last floods].",
            "It is the worst flooding [in {place}|along {thing}] [in living memory|since records began], [residents|officials] said.",
        ],
        quotes: [
            "[We|The crews] [went street by street|worked through the night] [to get people out|to reach everyone]",
            "[Everything on the ground floor is gone|We lost the kitchen, the furniture, the lot]",
            "[The defences were|This {thing2} was] [never designed|not built] for [this much rain|a flood of this size]",
        ],
        context: &[
            "[Climate scientists|Forecasters] [say|warn] [heavy downpours|extreme rainfall] [are becoming|have become] more frequent [in the region|across the country].",
            "[Insurers|Homeowners' groups] have [long|repeatedly] [called for|urged] more spending on flood defences [in river towns|along the valley].",
        ],
    },
    Kind {
        name: "storm",
        section: WEATHER,
        roles: ["a meteorologist", "a spokesperson", "a resident"],
        things: &["Storm {gen}"],
        things2: &["amber", "red", "yellow"],
        org: "the {gen} [Regional Weather Office|Meteorological Service|Weather Centre|Forecasting Bureau]",
        org2: "{gen} [Power and Light|Electricity|Grid|Energy Networks]",
        venue: "{gen} [Point|Head|Heights|Ridge]",
        nums: [(90, 190), (2000, 120_000), (10, 300)],
        money: (5, 800),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{thing} [batters|lashes|sweeps across] {place} with {n1} km/h gusts",
            "{n2} homes without power as {thing} [hits|strikes] {place}",
            "{thing}: [flights cancelled|trees down] and [roads closed|power cut] in {place}",
            "Clean-up begins in {place} after {thing}",
        ],
        leads: &[
            "{thing} [brought|sent] gusts of up to {n1} km/h [across|into] {place} on {day}, [toppling trees|tearing off roofs] and [cutting power to {n2} homes|leaving {n2} homes without electricity].",
            "[Thousands of|Many] residents of {place} woke on {day} to [fallen trees|flooded roads|damaged roofs] after {thing} [swept through|passed over] the area, [cutting power to {n2} homes|leaving {n2} homes without power].",
        ],
        facts: &[
            "The strongest gust, {n1} km/h, was [recorded|measured] [near|at] {venue}, {org} said.",
            "{org2} said {n2} customers [lost power|were without electricity] at the peak and [crews|engineers] [expected to|hoped to] [restore most|reconnect most] [by {day}|within two days].",
            "{n3} flights [were cancelled|were grounded] at {place} airport and [ferry|rail] services [were suspended|did not run].",
            "{p1}, a {p1role} at {org}, said {thing} had [deepened|strengthened] [rapidly|faster than expected] [over the sea|before landfall].",
            "[Fallen trees|Debris] [blocked|closed] {street} and [several|dozens of] other roads, and [schools|some schools] [closed|shut for the day].",
            "[Insurers|Early estimates] [put|placed] the cost of the damage at [around|about] {money}.",
            "{p2}, [a {p2role} for {org2}|speaking for {org2}], [asked|urged] people to [stay away from|report] [fallen power lines|damaged cables].",
            "{p3}, [a {p3role}|who lives] [near {venue}|on {street}], said [part of the roof|the chimney|a tree] [came down|fell] [in the night|shortly after midnight].",
            "An {thing2} warning [for wind|for wind and rain] [remained|stayed] in place [until {day}|for the coast], {org} said.",
        ],
        quotes: [
            "[The storm|It] [developed|intensified] [very quickly|faster than our models suggested] [over the warm sea|in the last 24 hours]",
            "[Crews are|Our engineers are] working [around the clock|through the night] [to restore supply|to get everyone back on]",
            "[It sounded like|It was like] a train [going over|passing over] the house [all night|for hours]",
        ],
        context: &[
            "Storms [of this strength|this strong] [are unusual|are rare] [this early in the season|at this time of year], [forecasters|meteorologists] said.",
            "[Power networks|Utilities] have [faced|drawn] [criticism|questions] over [how long|the time] it takes to [restore supply|reconnect homes] after [big storms|severe weather].",
        ],
    },
    Kind {
        name: "election",
        section: POLITICS,
        roles: ["the candidate", "the incumbent", "the returning officer"],
        things: &[
            "mayoral election", "council election", "by-election", "regional assembly vote",
        ],
        things2: &[
            "housing", "public transport", "lower taxes", "cleaner streets", "the town budget",
        ],
        org: "the {party}",
        org2: "the {party}",
        venue: "[{gen} Leisure Centre|{place} Town Hall|the {gen} Civic Centre]",
        nums: [(2000, 90_000), (1500, 80_000), (3, 40)],
        money: (1, 30),
        pct: (25, 75),
        ordered: true,
        headlines: &[
            "{p1} wins {place} {thing}",
            "{p1} [elected|voted in] in {place} by {n1} votes to {n2}",
            "{place} {thing}: {p2last} [concedes|ousted] as turnout hits {pct}%",
            "[Upset|Landslide] in {place} as {org} [takes|wins] {thing}",
        ],
        leads: &[
            "{p1}, {org}'s candidate, won the {place} {thing} on {day} with {n1} votes, [defeating|beating] {p2}, the {p2role}, who [received|won] {n2}.",
            "Voters in {place} [elected|chose] {p1} of {org} in {day}'s {thing}, [ending the tenure of|unseating] {p2}.",
        ],
        facts: &[
            "Turnout was {pct} per cent, the {p3role}, {p3}, [said|announced] [shortly after midnight|early on {day}|at the count].",
            "{p1} [campaigned|ran] on {thing2}, promising [a review of|a freeze on|new spending on] [council tax|bus fares|road repairs|youth services].",
            "The count at {venue} [ran|went] [past midnight|into the early hours] and a recount was [requested|held] in one ward.",
            "{p2}, [who had held the seat since|in office since] {year}, [congratulated|did not congratulate] [the winner|{p1}] [in a short speech|on social media].",
            "{org} [now|will] [hold|control] {n3} seats on the [council|assembly] of {place}.",
            "[Analysts|Local observers] said the result [reflected|showed] [frustration with|anger over] [rising rents|potholes|bus cuts|the closure of the hospital] in {place}.",
            "{p1} [will be|is to be] sworn in [next week|at the start of the month] at {venue}.",
            "The margin, {n1} votes to {n2}, was [one of the closest|among the most decisive] [in {place}'s history|in decades].",
        ],
        quotes: [
            "[The people of {place}|Voters] [asked for change|have spoken] [and we will deliver it|and I intend to repay their trust]",
            "[The voters have spoken|I accept the result] [and I wish {p1last} well|and I congratulate my opponent]",
            "[The count was|Everything was] [orderly|carried out properly], and the result [is final|stands]",
        ],
        context: &[
            "Local elections [across the country|this year] have [seen|produced] [several|a series of] [upsets|surprises] [for sitting mayors|for incumbents].",
            "[Researchers|Electoral analysts] say turnout in local elections has [fallen|been falling] for a decade.",
        ],
    },
    Kind {
        name: "school budget",
        section: EDUCATION,
        roles: ["the superintendent", "the school board chair", "a parent"],
        things: &[
            "teaching assistants", "music lessons", "school bus routes", "after-school clubs",
            "library staff", "art classes",
        ],
        things2: &[
            "lower state funding", "rising pension costs", "the end of federal grants",
        ],
        org: "the {place} [School District|Board of Education|Unified School District|Education Authority|Schools Trust]",
        org2: "{gen} [Elementary|Primary|Middle] School",
        venue: "{gen} [High School|Academy|Community College|Secondary School]",
        nums: [(5, 140), (1200, 48_000), (3, 60)],
        money: (80, 3500),
        pct: (1, 12),
        ordered: false,
        headlines: &[
            "{place} school budget cuts {n1} [jobs|posts]",
            "{org} approves {money} budget [with|after] {pct}% cuts",
            "Parents [protest|rally against] [cuts to|loss of] {thing} in {place} schools",
            "{place} board votes to [cut|scrap] {thing}",
        ],
        leads: &[
            "{org} [approved|passed] a {money} budget on {day} that [cuts|eliminates] {n1} [positions|jobs] and [reduces|scales back] {thing} across its {n3} schools.",
            "[Parents|Dozens of parents] [packed|filled] a board meeting in {place} on {day} as members [voted|agreed] to cut spending by {pct} per cent, [including|with cuts to] {thing}.",
        ],
        facts: &[
            "The district [serves|educates] about {n2} students in {n3} schools, and [officials|the {p1role}] said [enrolment|student numbers] had [fallen|dropped] [for three years|since the pandemic].",
            "{p1}, the {p1role}, said the {pct} per cent cut was [needed|unavoidable] to [close a gap|balance the books] [left by|after] {thing2}.",
            "The vote [followed|came after] [more than three hours|four hours] of [public comment|testimony] from [parents|teachers|students] at {venue}.",
            "{p2}, the {p2role}, said [the board|members] had [looked at every option|considered closing a school] [before|instead of] cutting {thing}.",
            "[Teachers' union|Union] [representatives|leaders] [said|warned] [the cuts|losing {n1} jobs] would [mean|lead to] [larger classes|fewer support staff] [at {org2}|in every school].",
            "{p3}, a {p3role} [whose children attend|with two children at] {org2}, said [families|parents] had [not been consulted|learned of the plan from the news].",
            "[The budget|The plan] [still needs|must still receive] [approval from|a final vote by] the city council of {place} [next month|by the end of {month}].",
            "[Officials|The district] said no school would close [this year|for now], [but|though] [a review|a study] of [buildings|enrolment] [would begin|was planned] in the autumn.",
        ],
        quotes: [
            "[Nobody|None of us] [wanted|wants] to make these cuts, but [the numbers|the money] [do not add up|is simply not there]",
            "[We owe it to|We have a duty to] [the students|the families of {place}] to [be honest|keep the schools solvent]",
            "[My daughter|My son] [loves|depends on] {thing}, and [now|next year] [it is|it will be] gone",
        ],
        context: &[
            "School districts [across the state|nationwide] are [facing|confronting] [budget gaps|deficits] as [pandemic-era|emergency] funding [runs out|ends].",
            "[Falling birth rates have|Lower enrolment has] [left|put] [many|several] districts [with half-empty schools|under pressure to consolidate].",
        ],
    },
    Kind {
        name: "court ruling",
        section: COURTS,
        roles: ["the judge", "a lawyer", "a plaintiff"],
        things: &[
            "zoning", "pension", "land", "contract", "environmental", "employment",
        ],
        things2: &[
            "the 2017 contract", "state law", "the planning consent", "the lease",
        ],
        org: "the {place} [District|Superior|High] Court",
        org2: "{gen} [Developments|Holdings|Industries|Group]",
        venue: "{gen} House",
        nums: [(2, 3400), (12, 180), (3, 45)],
        money: (2, 600),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "Court rules against {org2} in {place} {thing} case",
            "Judge orders {org2} to pay {money}",
            "{place} [residents|plaintiffs] win {thing} [case|lawsuit] against {org2}",
            "{org2} to appeal after {place} court ruling",
        ],
        leads: &[
            "A judge in {place} ruled on {day} that {org2} [must pay|owes] {money} to {n1} [residents|former workers|landowners] in {a_thing} dispute dating back [years|to {year}].",
            "{org} [sided with|found in favour of] {n1} plaintiffs on {day}, [ordering|and ordered] {org2} to [pay|hand over] {money} [in damages|in compensation] in {a_thing} case.",
        ],
        facts: &[
            "In a {n2}-page [ruling|decision], {p1}, the presiding {p1role}, [wrote|found] that the company had [breached|ignored] [its obligations|the agreement] under {thing2}.",
            "The [trial|hearing] [lasted|ran for] {n3} days [and heard|with evidence from] [dozens of witnesses|experts on both sides].",
            "{p2}, the {p2role} [representing|for] the plaintiffs, called the ruling [a victory|vindication] [for {place}|for ordinary people].",
            "{org2} said [in a statement|through a spokesperson] that it [would appeal|was reviewing the decision] and [denied|rejected] [any wrongdoing|the findings].",
            "{p3}, [one of the plaintiffs|a {p3role} in the case], said [the fight|the case] had [taken|lasted] [years|most of a decade].",
            "[The judge|{p1}] [also|further] [ordered|required] the company to [cover|pay] [legal costs|the plaintiffs' costs] and to [submit|file] [a remediation plan|new accounts] within [60|90] days.",
            "[Legal experts|Lawyers not involved in the case] said the [ruling|decision] could [set a precedent|affect similar cases] [across the state|elsewhere].",
            "The case [began|was filed] [when|after] [residents|workers] [in {place}|on {street}] [complained|discovered] that [payments|promised repairs|pension contributions] [had stopped|never arrived].",
        ],
        quotes: [
            "[The evidence|The record] [leaves no doubt|shows clearly] that the company [knew|was aware] of the [problem|risk] [for years|from the start]",
            "[Today|This ruling] [proves|shows] that [no company|nobody] is above the law[ in {place}|]",
            "[We waited|I waited] [years|a very long time] for this, [and|but] [it was worth it|it is not over]",
        ],
        context: &[
            "[Disputes|Lawsuits] over {thing} [matters|agreements] have [grown|risen] [in number|sharply] [in recent years|since 2020], [court data show|according to court records].",
            "Appeals in such cases can [take|last] [a year or more|several years], [lawyers say|legal experts note].",
        ],
    },
    Kind {
        name: "police arrest",
        section: CRIME,
        roles: ["the detective inspector", "the shop manager", "a neighbour"],
        things: &[
            "jewellery store", "pharmacy", "bank branch", "petrol station", "warehouse",
            "electronics shop",
        ],
        things2: &["armed robbery", "burglary", "handling stolen goods"],
        org: "[the {place} Police Department|{place} Police|the {place} Sheriff's Office|the {place} Constabulary|{place} Metropolitan Police]",
        org2: "{gen} [Jewellers|Pharmacy|Savings Bank|Electronics|Fuel]",
        venue: "{gen} Court",
        nums: [(19, 58), (8, 60), (2, 30)],
        money: (1, 120),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "[Arrest|Man arrested|Suspect arrested] after {place} {thing} robbery",
            "Police [charge|arrest] {n1}-year-old over {org2} [raid|robbery]",
            "{money} [haul|stolen] in {place} {thing} [raid|heist], police say",
            "{place} police [make arrest|detain suspect] after {n3}-day [hunt|search]",
        ],
        leads: &[
            "Police in {place} arrested a {n1}-year-old [man|suspect] on {day} in connection with [the robbery|a raid] at {org2}, {a_thing} on {street}, in which {money} [in goods|in cash and jewellery] was [taken|stolen].",
            "{org} said on {day} that [it had detained|officers had arrested] a {n1}-year-old suspect {n3} days after [the armed robbery|a break-in] at {a_thing} on {street}.",
        ],
        facts: &[
            "{p1}, the [{p1role}|detective leading the case], said {n2} officers had [been involved in|worked on] the [search|investigation] and [reviewed|examined] [hours of CCTV|security footage].",
            "The suspect, [whose name has not been released|who has not been named], [is due to appear|will appear] [in court|before magistrates] at {venue} [on {day}|later this week].",
            "[Officers|Detectives] [recovered|found] [part of|most of] the [stolen goods|haul] [at an address|in a flat|in a car] in {place2}.",
            "{p2}, the {p2role} [of|at] {org2}, said [staff|the two employees] [were threatened|were unhurt but shaken] [during|in] the [raid|robbery].",
            "[Police|{org}] [said|believe] [a second person|an accomplice] [may have been|was] involved and [appealed|asked] for witnesses.",
            "{p3}, a {p3role} [on {street}|who lives nearby], said [the street|the area] had [been quiet|felt safe] [until now|for years].",
            "[Charges|The charges] [include|are expected to include] {thing2} and [possession of a weapon|criminal damage], [police said|according to {org}].",
            "The [robbery|raid] [happened|took place] at about {clock} [and lasted|and was over in] [minutes|less than five minutes].",
        ],
        quotes: [
            "[This was|It was] a [brazen|planned|violent] [crime|robbery], and [the arrest|today's arrest] [shows|is the result of] [what patient police work can do|the help we had from the public]",
            "[They were|It was] over in [two minutes|seconds], but [my staff|we] will [remember it|be shaken] for a long time",
            "[Everyone|We all] [knows|know] [the shop|the family who run it] [on {street}|here]; [this has|it has] shaken [the whole street|everybody]",
        ],
        context: &[
            "[Police figures|Official statistics] show [robberies|break-ins] at [small businesses|shops] have [risen|increased] [in the past year|since last year].",
            "[Shop owners|Retailers' groups] have [called for|asked for] more [patrols|street lighting] [in town centres|after dark].",
        ],
    },
    Kind {
        name: "transit strike",
        section: TRANSPORT,
        roles: ["the union leader", "a spokesperson", "a commuter"],
        things: &[
            "bus drivers", "train drivers", "tram operators", "subway workers", "ferry crews",
        ],
        things2: &[
            "shorter shifts", "better rest breaks", "more staff on night routes",
        ],
        org: "the {gen} [Transport Workers' Union|Transit Union|Rail and Bus Workers' Association|Drivers' Guild]",
        org2: "[the {place} Transit Authority|{place} Metro|{place} Bus Company|the {place} Transport Executive|{place} Rail]",
        venue: "{gen} [Depot|Interchange|Garage|Terminus]",
        nums: [(300, 9000), (1, 14), (20_000, 900_000)],
        money: (10, 300),
        pct: (3, 15),
        ordered: false,
        headlines: &[
            "{place} {thing} to strike for {n2} days",
            "[Commuters face chaos|Travel disruption] as {thing} [walk out|strike] in {place}",
            "{org} [rejects|turns down] pay offer as {place} strike [looms|begins]",
            "Talks fail as {place} transit strike [begins|goes ahead]",
        ],
        leads: &[
            "{n1} {thing} in {place} [walked out|began a {n2}-day strike] on {day}, [halting|disrupting] services used by {n3} passengers a day, after talks with {org2} [broke down|collapsed].",
            "{org} [announced|called] a {n2}-day strike by {thing} in {place} [starting|from] {day}, [saying|arguing] that a pay offer [fell short of|was well below] the {pct} per cent its members want.",
        ],
        facts: &[
            "The union [is demanding|wants] [a rise of|a pay increase of] {pct} per cent [and|as well as] {thing2}.",
            "{org2} said it [had offered|put forward] [a rise|an increase] [below|lower than] the union's demand and [called|described] the strike [unnecessary|disappointing].",
            "{p1}, the {p1role}, said [members|workers] had [voted|backed the action] by [a large margin|nine to one] [in a ballot|last month].",
            "[About|Some] {n3} people [use|rely on] the [network|services] [every day|on a typical weekday], [according to {org2}|figures from {org2} show].",
            "{p2}, [a {p2role} for {org2}|speaking for {org2}], said [a reduced|a skeleton] service [would run|would operate] on [two lines|some routes] [during the strike|at peak hours].",
            "[Schools|Hospitals|Employers] in {place} [told|asked] [staff|pupils] to [work from home|allow extra time] [where possible|during the strike].",
            "{p3}, a {p3role} [from|in] {place2}, said [the journey|getting to work] [had taken|took] [two hours|three times as long] [on {day}|that morning].",
            "[Talks|Negotiations] [are expected|could] [resume|restart] [later this week|at the weekend] [with|through] [a mediator|a conciliation service].",
        ],
        quotes: [
            "[Our members|Drivers] [have not had|did not get] a real pay rise [in years|since {year}], and [they have had enough|patience has run out]",
            "[We urge|We ask] the union to [come back to the table|call off the action] so that [passengers are not|the city is not] [punished|held hostage]",
            "[I support|I understand] the [drivers|workers], but [I cannot|we cannot] [afford|lose] [another day's pay|a week of this]",
        ],
        context: &[
            "[Transport workers|Transit staff] in [several|other] cities have [held|staged] [strikes|walkouts] [this year|in recent months] over [pay|working conditions].",
            "[Ridership has|Passenger numbers have] [not fully recovered|only partly recovered] [since the pandemic|from the pandemic], [squeezing|straining] [transit budgets|operators' finances].",
        ],
    },
    Kind {
        name: "football match",
        section: SPORT,
        roles: ["the manager", "the captain", "the goalkeeper"],
        things: &["league match", "cup tie", "derby", "semi-final"],
        things2: &["a header", "a low shot", "the penalty spot", "a free kick"],
        org: "{place} [United|Rovers|City|Athletic|Wanderers|Town]",
        org2: "{place2} [FC|Albion|County|Rangers|Dynamo]",
        venue: "{gen} [Park|Road|Stadium|Lane]",
        nums: [(1, 5), (0, 4), (4000, 52_000)],
        money: (1, 30),
        pct: (5, 40),
        ordered: true,
        headlines: &[
            "{org} [beat|defeat|edge] {org2} {n1}-{n2}",
            "{p2last} [scores|stars] as {org} [sink|see off] {org2}",
            "{org} {n1} {org2} {n2}: match report",
            "{org} [climb|move up] after {n1}-{n2} win [over|against] {org2}",
        ],
        leads: &[
            "{org} beat {org2} {n1}-{n2} at {venue} on {day}, with captain {p2} [scoring|netting] the opener in front of {n3} [fans|supporters].",
            "{p2} [inspired|led] {org} to a {n1}-{n2} [win|victory] over {org2} in {day}'s {thing} at {venue}.",
        ],
        facts: &[
            "{p2} [opened the scoring|put {org} ahead] in the {minute}th minute [with|from] {thing2}.",
            "{org2} [pulled one back|responded] [before half-time|early in the second half], [but|only for] {org} to [restore|extend] [the lead|their advantage] [soon after|within minutes].",
            "{p3}, {org2}'s {p3role}, [made|produced] [several|a string of] [fine saves|important stops] to keep the score [respectable|close].",
            "The crowd of {n3} was [the largest|a season high] at {venue} [this season|since the ground reopened].",
            "{p1}, the {org} {p1role}, said the [team|squad] had [deserved|earned] the [win|three points] [after a difficult week|after two defeats].",
            "The [result|win] [lifts|moves] {org} [to|into] {ordinal} place in the table, {small} points [behind|off] the leaders.",
            "{org2} have now gone {small} [games|matches] without a win, and [their|the] manager [faces|is under] [growing pressure|questions from fans].",
            "{org} [travel|play] away [next week|at the weekend] [while|and] {org2} [host|face] [the leaders|a relegation rival].",
        ],
        quotes: [
            "[I thought we|We] [were|played] [excellent|superb] [from the first minute|in the first half] and the [fans|supporters] [drove us on|were brilliant]",
            "[It is|It's] [always special|a great feeling] to score [at {venue}|in front of these fans], but [the team|the win] [is what matters|matters most]",
            "[We|We've] [conceded|gave away] [sloppy|soft] goals [again|today] and [we have to|we need to] [look at ourselves|be better]",
        ],
        context: &[
            "[Attendances|Crowds] [across the league|in the division] have [risen|grown] [this season|since ticket prices were frozen].",
            "[Injuries have|Fixture congestion has] [hit|affected] [several clubs|many squads] [this month|in recent weeks].",
        ],
    },
    Kind {
        name: "basketball game",
        section: SPORT,
        roles: ["the coach", "a guard", "a forward"],
        things: &["regular-season game", "playoff game", "conference game"],
        things2: &["14-2", "12-0", "10-3", "16-4"],
        org: "the {place} [Hawks|Comets|Miners|Pioneers|Foxes|Stallions]",
        org2: "the {place2} [Rockets|Bears|Titans|Owls|Blazers|Kings]",
        venue: "{gen} [Arena|Centre|Fieldhouse]",
        nums: [(78, 124), (70, 118), (18, 46)],
        money: (1, 30),
        pct: (5, 40),
        ordered: true,
        headlines: &[
            "{org} [beat|top|hold off] {org2} {n1}-{n2}",
            "{p2last} scores {n3} as {org} [beat|down] {org2}",
            "{org} [extend|stretch] winning run with {n1}-{n2} win",
            "{p2last}'s {n3} points [lift|carry] {org} past {org2}",
        ],
        leads: &[
            "{p2} scored {n3} points as {org} [beat|defeated] {org2} {n1}-{n2} at {venue} on {day}.",
            "{org} [held off|overcame] a late [rally|charge] from {org2} to win {n1}-{n2} in {a_thing} at {venue} on {day}, with {n3} points from {p2}.",
        ],
        facts: &[
            "{p2}, a {p2role}, [made|hit] [a string of|several] three-pointers and [added|pulled down] [a handful of|several] rebounds.",
            "{org2} led [at half-time|after the third quarter] before {org} [went on|put together] a {thing2} run.",
            "{p3}, a {p3role} for {org2}, [led|topped] the visitors in scoring [but|and] [fouled out|missed two late free throws].",
            "{p1}, the {p1role} of {org}, [praised|credited] the [defence|bench] for [the comeback|the second-half turnaround].",
            "The [win|victory] was {org}'s {ordinal} in a row and [keeps|puts] them [in playoff position|near the top of the conference].",
            "A [sell-out|near-capacity] crowd [watched|attended] the game at {venue}.",
            "{org2} [have|had] now lost {small} of their last [six|seven] games.",
            "{org} [host|play] {place} rivals [next week|at the weekend] [before|ahead of] a [long|four-game] road trip.",
        ],
        quotes: [
            "[The guys|The players] [never stopped|kept] [believing|fighting], and [the defence|our defence] [won us|turned] the game",
            "[I was just|I'm just] [taking|making] the shots [they gave me|that were there], and [the team|my teammates] found me",
            "[We|We've] [let it slip|gave it away] in the fourth quarter, and [that is|that's] on us",
        ],
        context: &[
            "[Attendance across the league is|Crowds in the conference are] up [this season|on last year], [league figures show|the league said].",
            "[Three-point shooting|The pace of play] has [changed|transformed] the [game|league] [in recent seasons|over the past decade], [coaches|analysts] say.",
        ],
    },
    Kind {
        name: "company earnings",
        section: BUSINESS,
        roles: [
            "the chief executive",
            "the chief financial officer",
            "an analyst",
        ],
        things: &["quarterly", "half-year", "annual"],
        things2: &[
            "its main products", "its new range", "exports", "online sales",
        ],
        org: "{gen} [Holdings|Group|Industries|Foods|Logistics|Pharmaceuticals|Retail]",
        org2: "{gen} [Capital|Securities|Partners]",
        venue: "{gen} Tower",
        nums: [(100, 4000), (800, 40_000), (1, 12)],
        money: (1000, 90_000),
        pct: (2, 30),
        ordered: false,
        headlines: &[
            "{org} profit [jumps|climbs|rises] {pct}% [on strong demand|as sales grow]",
            "{org} shares [climb|rise|jump] {n3}% after {thing} results",
            "{org} [reports|posts] {money} in {thing} revenue, [beating|ahead of] forecasts",
            "{org} to add {n1} jobs after [strong|record] {thing} results",
        ],
        leads: &[
            "{org} said on {day} that its {thing} profit [rose|increased|climbed] {pct} per cent on revenue of {money}, [beating|ahead of] analysts' forecasts, and its shares [rose|gained|jumped] {n3} per cent.",
            "Shares in {org}, the {place}-based [company|group], [rose|climbed] {n3} per cent on {day} after it reported a {pct} per cent [rise|jump] in {thing} profit.",
        ],
        facts: &[
            "Revenue [reached|came to|was] {money}, [driven by|helped by] [strong demand for|higher sales of] {thing2} [in {place2}|abroad|at home].",
            "{p1}, the {p1role}, said the company [planned to|would] [hire|add] {n1} [staff|workers] [over the next year|by the end of next year], [mostly|many of them] in {place}.",
            "{p2}, the {p2role}, said [costs|margins] had [improved|stabilised] [after|thanks to] [lower energy prices|cheaper shipping|a reorganisation] [last year|in the spring].",
            "{p3}, {p3role} at {org2}, said the results were [stronger than expected|a clear beat], [but|though] [warned|cautioned] that [demand|consumer spending] [could|might] [slow|weaken] [next year|later in the year].",
            "The company [raised|increased] its [dividend|full-year forecast] and [said|announced] it would [buy back shares|open a new plant in {place2}|expand its warehouse in {place}].",
            "[Founded|Started] in {place}, {org} [employs|has] [about|around|more than] {n2} people.",
            "[Investors|Analysts] had [expected|forecast] [a smaller rise|weaker figures] [because of|given] [higher interest rates|a slowdown in orders].",
            "The figures cover the period to the end of {month}.",
        ],
        quotes: [
            "[We|Our teams] [delivered|had] [a strong|an excellent] [quarter|period], and we are [confident|optimistic] about the [year ahead|rest of the year]",
            "[Our cost programme is|The savings we made are] [paying off|now showing in the numbers]",
            "[These are|This is] [solid|impressive] [numbers|results], but [the market|investors] will [want to see|watch] whether [growth|demand] [holds up|lasts]",
        ],
        context: &[
            "[Companies|Listed firms] in the sector have [reported|posted] [mixed|uneven] results [this season|this quarter] as [consumers|customers] [cut back|watch spending].",
            "[Central bank|Interest rate] decisions [remain|are still] [a worry|a concern] for [investors|markets] [this year|in the months ahead].",
        ],
    },
    Kind {
        name: "factory closure",
        section: BUSINESS,
        roles: ["the plant manager", "the union representative", "a worker"],
        things: &[
            "car parts", "steel", "paper", "textile", "food processing", "glass", "battery",
            "furniture",
        ],
        things2: &[
            "rising energy costs", "falling orders", "competition from imports",
            "the loss of a major customer",
        ],
        org: "{gen} [Manufacturing|Industries|Works|Components]",
        org2: "the {gen} [Workers' Union|Federation of Labour]",
        venue: "{gen} Industrial Estate",
        nums: [(80, 2400), (12, 110), (2, 18)],
        money: (10, 500),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{org} to close {place} {thing} plant, [cutting|with the loss of] {n1} jobs",
            "{n1} jobs [lost|to go] as {thing} factory in {place} [closes|shuts]",
            "'[A hammer blow|Devastating]': {place} [reacts to|reels from] {org} closure",
            "{place} {thing} plant to shut after {n2} years",
        ],
        leads: &[
            "{org} [said|announced] on {day} that it [will close|plans to close] its {thing} plant in {place} within {n3} months, [putting|with] {n1} jobs [at risk|to go].",
            "[Workers|Staff] at the {org} {thing} factory in {place} were told on {day} that the plant, which has [operated|run] for {n2} years, [will close|is to shut] with the loss of {n1} jobs.",
        ],
        facts: &[
            "The company [blamed|cited] {thing2} and said [production|output] would [move|be moved] to [a plant in {place2}|its site in {place2}].",
            "{p1}, the {p1role}, told [staff|workers] [at a meeting|in a meeting on the shop floor] [on {day}|that morning] that [the decision|the closure] [was final|had been taken at head office].",
            "{org2} said it [would|will] [fight|challenge] the closure and [called on|urged] [the government|ministers|the council of {place}] to [step in|intervene].",
            "{p2}, the {p2role} at the plant, said [members|workers] had [accepted|agreed to] [a pay freeze|shorter hours] in {year} to [keep|save] the [site|factory] open.",
            "The plant, which opened {n2} years ago, [is|was once] [one of the largest employers|the biggest employer] in {place}.",
            "{p3}, a {p3role} at the plant since {year}, said [the news|the announcement] [came as a shock|was expected but still hurt].",
            "[The council|Local officials] [in {place}|] said [a task force|a jobs fair] [would|will] [help|support] [workers|those affected] [find new jobs|retrain].",
            "[Suppliers|Local businesses] [around|near] the [plant|site] [could|may] [face|see] [losses|reduced orders], [the chamber of commerce|business groups] [warned|said].",
        ],
        quotes: [
            "[This was|It was] [not an easy decision|a painful decision], and [we will|we'll] [support|help] every [employee|worker] [through it|in the months ahead]",
            "[Our members|These workers] [gave|have given] [everything|years] to this [company|plant], and this is how they are [repaid|thanked]",
            "[My father|My mother] worked here [before me|too]. [I do not know|I don't know] what [I will|I'll] do now",
        ],
        context: &[
            "[Manufacturing|Factory] employment [in the region|across the country] has [fallen|declined] [for several years|steadily], [official figures show|according to official data].",
            "[Energy-intensive|Heavy] industries have [been hit hardest|struggled most] by [high power prices|rising costs] [since 2022|in recent years].",
        ],
    },
    Kind {
        name: "hospital opening",
        section: HEALTH,
        roles: ["the chief executive", "a health official", "a nurse"],
        things: &[
            "emergency department", "cancer centre", "children's wing", "maternity unit",
            "mental health unit", "cardiac unit",
        ],
        things2: &[
            "single rooms", "a rooftop garden", "a family room", "new scanners",
        ],
        org: "[{place} [General|Memorial|Royal|Community|University] Hospital|the {place} Infirmary|{place} Medical Centre|St {gen}'s Hospital]",
        org2: "the {gen} [Health Trust|Health Board|Care Partnership|Healthcare Foundation]",
        venue: "{gen} [Wing|Pavilion|Building|House]",
        nums: [(20, 320), (40, 900), (2, 12)],
        money: (150, 6500),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "New {thing} opens at {org}",
            "{org} [unveils|opens] {money} {thing}",
            "{place} [gets|welcomes] {n1}-bed {thing}",
            "First patients [treated|arrive] at {place}'s new {thing}",
        ],
        leads: &[
            "A new {n1}-bed {thing} [opened|admitted its first patients] at {org} on {day}, [after|following] {n3} years of [planning|campaigning] and a {money} [building programme|investment].",
            "{org} [opened|unveiled] its {money} {thing} on {day}, [adding|with] {n1} beds and {n2} [new staff|jobs].",
        ],
        facts: &[
            "{p1}, the {p1role} of {org}, said the [unit|new wing] would [cut waiting times|ease pressure on] [the emergency department|wards] [across {place}|in the region].",
            "The {thing} [cost|was built for] {money}, [paid for|funded] [largely|mostly] by {org2} [and|with] [a public appeal|donations|state funds].",
            "{org} [has hired|hired] {n2} [nurses, doctors and support staff|staff] [for the unit|to run it], [many|some] [from|trained in] {place} and {place2}.",
            "[Construction|Building work] [began|started] in {year} and was [delayed|held up] [by|because of] [the pandemic|supply problems|a shortage of builders].",
            "{p2}, [a {p2role}|speaking for {org2}], [called|described] the [opening|unit] [a milestone|a turning point] for [health care|patients] in {place}.",
            "{p3}, a {p3role} [who will work|working] [in the new unit|on the ward], said [staff|the team] had [trained|prepared] [for months|since the spring].",
            "The [building|wing] [includes|has] {thing2} and [was designed|was planned] [with|after consulting] [patients|families].",
            "[Campaigners|Residents] [in {place}|] had [pushed|fought] for [a new unit|the expansion] since the old ward was [closed|declared unsafe] in {year}.",
        ],
        quotes: [
            "[This|Today] is [a great day|a proud day] for [{place}|our patients], and the [result|product] of [years|a long effort] of hard work",
            "[Patients|People in {place}] [deserve|should have] [modern care|world-class care] [close to home|on their doorstep]",
            "[We have|We've] [waited|wanted] [a long time|years] for [a proper space|rooms like these], and [the team|everyone] [cannot wait|is ready] to [start|get going]",
        ],
        context: &[
            "[Hospitals|Health services] [across the country|nationally] [face|report] [record demand|long waiting lists] and [staff shortages|a shortage of nurses].",
            "[Health officials|Planners] say [new units|more beds] [alone|by themselves] [will not|cannot] [fix|solve] [waiting times|the backlog] without more staff.",
        ],
    },
    Kind {
        name: "bridge repair",
        section: TRANSPORT,
        roles: ["the city engineer", "a council member", "a shop owner"],
        things: &[
            "the {gen} Bridge", "the {gen} Street Bridge", "the {gen} Viaduct",
        ],
        things2: &["corrosion", "cracking", "worn bearings"],
        org: "[the {place} Department of Public Works|{place} Highways|the {place} Roads Department|the {place} Infrastructure Office|{place} City Engineering]",
        org2: "{gen} [Construction|Civil Engineering|Contractors]",
        venue: "{gen} [Quay|Wharf|Embankment|Crossing]",
        nums: [(4000, 80_000), (2, 30), (45, 130)],
        money: (12, 900),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{thing} to close for {n2} months of repairs",
            "{place} [approves|signs off] {money} repair of {thing}",
            "[Cracks|Corrosion] found in {n3}-year-old {place} bridge",
            "[Detours|Diversions] [begin|start] as {thing} closes",
        ],
        leads: &[
            "{thing} in {place}, [used by|which carries] {n1} vehicles a day, will close for {n2} months [from|starting] {day} for a {money} repair, {org} said.",
            "[Engineers|Inspectors] [found|discovered] {thing2} in [the steel beams|the supports] of {thing} in {place}, and {org} [announced|said] on {day} that it would [close|shut] the {n3}-year-old [crossing|bridge] for {n2} months.",
        ],
        facts: &[
            "The [work|repair], [costing|estimated at] {money}, [will|is to] be [carried out|done] by {org2}, [which won|after it won] the [contract|tender] in {month}.",
            "{p1}, the {p1role}, said [an inspection|a routine inspection] had [found|revealed] {thing2} [in|on] [several|two] [beams|supports].",
            "[Drivers|Motorists] [will be|are being] [diverted|sent] [via|along] {street}, which [could add|will add] time to journeys at peak hours.",
            "[Pedestrians and cyclists|People on foot and bikes] [will still be able to cross|can still cross] on a [temporary walkway|footbridge] [during the work|for most of the closure].",
            "{p2}, a {p2role} [for the area|representing the ward], said [residents|businesses] [needed|wanted] [more notice|clear information] [about|on] the [diversions|detours].",
            "{p3}, [who runs|the {p3role} of] a [cafe|shop|bakery] [near the bridge|on {street}], said [trade|business] [could|would] [fall|suffer] during the closure.",
            "The bridge [was built|opened] {n3} years ago and was last [fully repaired|renovated] in {year}.",
            "{org} said the bridge was [safe|not in danger] [but|and] that the [repairs|work] [could not wait|were needed] [to avoid|to prevent] [weight limits|a longer closure later].",
        ],
        quotes: [
            "[The bridge is safe today|There is no immediate danger], but [if we wait|without this work] we would [have to|need to] close it [for much longer|for good]",
            "[People|Residents] [understand|accept] the work is needed; [what they want|what they ask for] is [proper notice|a plan for traffic]",
            "[Half my customers|Most of my trade] [come|comes] [over that bridge|across the river], [so|and] [this will hurt|I am worried]",
        ],
        context: &[
            "[Thousands of|Many] bridges [across the country|nationwide] [need|are due for] [major repairs|repair], [according to|a recent report by] [engineering groups|the transport ministry].",
            "[Ageing|Old] infrastructure [has become|is] [a major issue|a central issue] [for councils|for city budgets] as construction prices rise.",
        ],
    },
    Kind {
        name: "road crash",
        section: LOCAL,
        roles: ["a police spokesperson", "a witness", "a paramedic"],
        things: &[
            "lorry", "bus", "delivery van", "tractor", "minibus", "tanker",
        ],
        things2: &["lost control", "skidded", "crossed into the other lane"],
        org: "[{place} Police|the {place} Highway Patrol|{place} Traffic Police|the {place} Constabulary]",
        org2: "the {gen} [Ambulance Service|Ambulance Trust|Emergency Medical Service|Paramedic Service]",
        venue: "{gen} [Junction|Roundabout|Interchange|Crossroads]",
        nums: [(2, 14), (1, 22), (2, 11)],
        money: (1, 30),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{n2} [hurt|injured] in {n1}-vehicle crash [on|near] {street}",
            "{thing} crash closes {street} in {place} for {n3} hours",
            "[Pile-up|Crash] [near|outside] {place}: {n2} taken to hospital",
            "Police appeal for witnesses after {place} {thing} crash",
        ],
        leads: &[
            "{n2} people were [taken to hospital|injured] after {a_thing} [collided with|hit] [other vehicles|several cars] on {street} near {place} on {day}, in a crash involving {n1} vehicles.",
            "{street} [near|outside] {place} was closed for {n3} hours on {day} after a {n1}-vehicle [crash|collision] involving {a_thing} left {n2} people [hurt|injured].",
        ],
        facts: &[
            "{org} said the [crash|collision] [happened|occurred] at about {clock} [when|after] the {thing} {thing2} near {venue}.",
            "{org2} [sent|dispatched] {small} ambulances [and|as well as] [an air ambulance|a rapid response car], and {n2} people were [treated|taken to hospital].",
            "{p3}, a {p3role} with {org2}, said [some|several] of the injured had [serious but stable injuries|been in a serious condition].",
            "{p1}, a {p1role} for {org}, [asked|appealed to] [drivers|anyone] [with dashcam footage|who saw the crash] to [come forward|contact police].",
            "{p2}, [a {p2role}|who was driving behind the {thing}], said [the traffic|the road] [had been|was] [wet|busy|slow] and [the {thing}|it] [appeared|seemed] to [brake suddenly|swerve].",
            "The road [reopened|was reopened] [shortly after|just before] [midday|the evening rush] once [investigators|crash investigators] had [finished|completed] their [work|examination of the scene].",
            "The driver of the {thing} [was|has been] [questioned|spoken to] [by police|by officers] [but|and] no arrest has been made.",
            "[Residents|Local councillors] have [long|repeatedly] [called|asked] for [a lower speed limit|speed cameras|a new junction] on {street}.",
        ],
        quotes: [
            "[We are|We're] [appealing|asking] [to|for] anyone who [saw|witnessed] [the crash|what happened] [and|but] has not yet [spoken to us|come forward]",
            "[There was|I heard] a [huge|terrible] [bang|noise] and [then|suddenly] [glass|debris] [everywhere|all over the road]",
            "[Crews|Our crews] [worked|were on scene] [quickly|within minutes] [to free|and helped] [those trapped|the people in the cars]",
        ],
        context: &[
            "[Figures published|Data released] [this year|last month] show [serious crashes|road injuries] [on rural roads|in the county] [have risen|rose] [for a second year|again].",
            "[Road safety groups|Campaigners] say [heavy vehicles|lorries] on [narrow|older] roads [pose|present] [a growing|a particular] risk.",
        ],
    },
    Kind {
        name: "scientific study",
        section: SCIENCE,
        roles: [
            "the lead author",
            "a co-author",
            "an independent researcher",
        ],
        things: &[
            "sleep", "gut bacteria", "coral reefs", "memory", "air pollution", "bird migration",
            "soil carbon", "childhood asthma", "honeybees", "ocean warming",
        ],
        things2: &[
            "Journal of {gen} Research", "{gen} Letters", "Annals of {gen} Science",
        ],
        org: "[the University of {place}|{place} University|the {place} Institute of Technology|{gen} College, {place}]",
        org2: "the {gen} [Institute|Research Centre|Laboratory|Observatory]",
        venue: "{gen} [Laboratory|Field Station|Research Park|Hall]",
        nums: [(120, 48_000), (2, 25), (3, 20)],
        money: (5, 400),
        pct: (5, 60),
        ordered: false,
        headlines: &[
            "{org} study [finds|reveals] new [clues|evidence] on {thing}",
            "Researchers in {place} track {thing} in {n1} [participants|samples]",
            "{thing}: {n2}-year study [points to|suggests] {pct}% difference",
            "{p1last}'s team [publishes|reports] {thing} findings",
        ],
        leads: &[
            "Researchers at {org} [have found|reported on {day}] that [changes in|differences in] {thing} [were linked to|accounted for] a {pct} per cent difference in the outcomes they measured, in a study of {n1} [participants|samples] over {n2} years.",
            "A {n2}-year study [led by|from] {org} [and|with] {org2} [suggests|found] that {thing} [matters|may matter] more than [previously thought|scientists had assumed], [its authors said|the team said] on {day}.",
        ],
        facts: &[
            "The study, [published|which appeared] in the {thing2}, [followed|tracked] {n1} [participants|samples] [over|for] {n2} years.",
            "{p1}, the study's {p1role}, said the [team|researchers] [were surprised|had not expected] [by the size of the effect|the difference to be so large].",
            "[The researchers|The team] [used|combined] [field data|hospital records|satellite images|lab experiments] [from|collected in] {place} and {place2}.",
            "{p2}, a {p2role} [from|at] {org2}, said the findings [needed|would need] to be [confirmed|repeated] in [larger|other] [groups|populations|regions].",
            "{p3}, {p3role} who was not involved, [called|described] the [work|study] [careful|important|a useful step] [but|and] [said|noted] that it [could not prove|did not show] cause and effect.",
            "The [project|work] was [funded|paid for] by {money} in [grants|public research funding].",
            "[The authors|The team] [now|next] [plan|hope] to [study|follow] [a larger group|other regions] over the next [few years|decade].",
            "[Earlier|Previous] studies [had|have] [suggested|hinted at] [a similar|a weaker] [link|effect], [but|though] with [much smaller|far fewer] [samples|participants].",
        ],
        quotes: [
            "[We did not expect|Nobody expected] the [effect|difference] to be [this large|so clear], and it changes how we think about {thing}",
            "[This is|These are] [one study|early results], and [it needs to be|we need it] [repeated|confirmed] [elsewhere|before anyone changes their habits]",
            "[It is|This is] [careful|solid] work, but [correlation|association] is not [causation|proof], and the authors [say so|are clear about that]",
        ],
        context: &[
            "Research on {thing} has [grown|expanded] [rapidly|quickly] [over the past decade|in recent years] [as|with] [new tools|cheaper sequencing|better sensors] [became available|arrived].",
            "[Scientists|Researchers] [caution|warn] that [single studies|individual papers] [rarely|seldom] [settle|answer] questions [on their own|by themselves].",
        ],
    },
    Kind {
        name: "trade deal",
        section: WORLD,
        roles: ["the trade minister", "the chief negotiator", "an economist"],
        things: &[
            "agricultural goods", "car parts", "steel", "fish", "wine", "medicines", "textiles",
            "machinery",
        ],
        things2: &["exporters", "farmers", "manufacturers"],
        org: "the {place} [Ministry of Trade|Trade Department|Ministry of Commerce|Export Agency]",
        org2: "the {place2} [Chamber of Commerce|Exporters' Association|Business Council|Federation of Industry]",
        venue: "{gen} [Palace|House|Conference Centre|Castle]",
        nums: [(200, 9000), (2, 15), (1000, 60_000)],
        money: (2000, 90_000),
        pct: (5, 45),
        ordered: false,
        headlines: &[
            "{place} and {place2} sign trade deal",
            "{place}-{place2} [deal|pact] to cut tariffs on {thing}",
            "Trade [agreement|pact] [worth|covering] {money} [agreed|signed] by {place} and {place2}",
            "{place} {thing2} [welcome|wary of] {place2} trade deal",
        ],
        leads: &[
            "{place} and {place2} signed a trade agreement on {day} that will [cut|remove] tariffs on {n1} [products|goods], including {thing}, over {n2} years, [their governments|officials from both sides] said.",
            "[Negotiators|Officials] from {place} and {place2} [concluded|finalised] a trade [deal|agreement] on {day} covering {money} of annual trade and [phasing out|cutting] tariffs of up to {pct} per cent on {thing}.",
        ],
        facts: &[
            "{p1}, {place}'s {p1role}, [said|told reporters] the [agreement|deal] would [open|give] {thing2} [access to|a foothold in] [a growing market|new markets] in {place2}.",
            "Tariffs [on|covering] {thing}, [currently|now] as high as {pct} per cent, [will|are to] [fall|be cut] [to zero|gradually] over {n2} years.",
            "{org2} said the deal [could|would] [support|create] [about|up to] {n3} jobs [in|across] [both countries|{place2}].",
            "{p2}, [who led the talks|the {p2role}] for {place2}, said the talks had [taken|lasted] [several years|years] and [nearly collapsed|stalled] [twice|more than once].",
            "{thing2} in {place} [were divided|have been split], [with some|some] [welcoming|fearing] [new competition|cheaper imports] from {place2}.",
            "{p3}, {p3role} based in {place}, said the [gains|benefits] [would be|were likely to be] [modest|uneven] [at first|in the early years].",
            "The [agreement|deal] [must still be|still needs to be] [ratified|approved] by [the parliaments|lawmakers] [of both countries|in both capitals], [which could take|a process that may take] [months|a year].",
            "Trade between {place} and {place2} [was worth|reached] {money} last year[, official figures show|].",
        ],
        quotes: [
            "[This agreement|The deal] [means|will mean] [more jobs|new opportunities] for [our farmers|our exporters] and [lower prices|more choice] for [families|consumers]",
            "[Both sides|We] [had to|needed to] [give ground|make difficult choices], [but|and] [the result|what we have] is [balanced|fair]",
            "[The headline|The numbers] [look|sound] [impressive|big], [but|yet] [the real test|what matters] is [how quickly|whether] tariffs [actually fall|come down]",
        ],
        context: &[
            "[Governments|Countries] [around the world|in the region] have [rushed|moved] to [sign|strike] [bilateral|regional] trade deals [as|while] [global talks|wider negotiations] [stall|have stalled].",
            "[Economists|Trade experts] [say|note] that [smaller|bilateral] deals [tend to|often] [bring|deliver] [modest|limited] [gains|growth] at first.",
        ],
    },
    Kind {
        name: "festival",
        section: ARTS,
        roles: ["the festival director", "a musician", "a volunteer"],
        things: &[
            "music", "food", "film", "jazz", "folk", "literature", "lantern", "street theatre",
        ],
        things2: &["the {gen} [Festival|Fair|Weekend]"],
        org: "the {gen} [Arts Trust|Festival Society|Cultural Foundation|Arts Council]",
        org2: "{gen} [Events|Productions]",
        venue: "{gen} [Park|Green|Fields|Quay]",
        nums: [(3000, 140_000), (20, 600), (2, 10)],
        money: (2, 400),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{thing2} [draws|attracts] {n1} [visitors|people] to {place}",
            "{place} {thing} festival [opens|returns] [with|featuring] {n2} [acts|performers]",
            "[Crowds|Thousands] [flock|head] to {venue} for {thing2}",
            "{p2last} [headlines|opens] {thing2} in {place}",
        ],
        leads: &[
            "[More than|About] {n1} people [are expected at|attended] {thing2}, {place}'s {n3}-day {thing} festival, which [opened|began] at {venue} on {day}.",
            "{thing2} [returned|opened] to {place} on {day} with {n2} [performers|acts] and [a programme|a line-up] [spread|running] over {n3} days at {venue}.",
        ],
        facts: &[
            "{p1}, the {p1role}, said [ticket sales|advance sales] were [the highest|up sharply] [since the festival began|on last year].",
            "{p2}, a {p2role} [from {place2}|who grew up in {place}], [opened|headlined] the [first night|programme] in front of a [packed|full] [crowd|field].",
            "[Organisers|{org}] [said|estimated] the festival [brings|would bring] {money} [into|to] the local economy [each year|over the {n3} days].",
            "{p3}, a {p3role}, said [hundreds|dozens] of [residents|volunteers] had [helped|turned out to] [set up|run] [stages|stalls|the site] at {venue}.",
            "[Roads around|Streets near] {venue} [will be|are] [closed|restricted] during the festival, and [extra|late] [buses|trains] [will run|are running] from {place2}.",
            "The festival [began|started] in {year} as a [small|one-day] [gathering|event] [in a pub garden|in the town square] and has grown [every year|steadily].",
            "[This year's|The] programme [includes|features] [workshops|talks|a children's area|late-night sets] [and|as well as] [food stalls|a craft market] run by [local|{place}] [traders|businesses].",
            "{org}, which [runs|organises] the event, [received|won] [a grant|funding] from the arts council [this year|for the first time].",
        ],
        quotes: [
            "[We|The team] [started|planned] [this|the programme] [a year ago|last autumn], and seeing {venue} [full|this full] [makes it all worth it|is the best feeling]",
            "[Playing|Performing] [in {place}|here] [always|really] feels like [coming home|a homecoming]",
            "[It is|It's] [hard work|long days], [but|and] [the atmosphere|the people] [make|makes] it [worth it|special]",
        ],
        context: &[
            "[Summer|Outdoor] festivals [across the region|nationwide] have [reported|seen] [strong|record] [ticket sales|demand] [this year|after a difficult few years].",
            "[Rising costs|Higher costs] for [security|insurance|staging] have [forced|pushed] [some|several] [smaller|independent] festivals to [close|cancel] [in recent years|this year].",
        ],
    },
    Kind {
        name: "museum exhibition",
        section: ARTS,
        roles: ["the curator", "the artist", "the museum director"],
        things: &[
            "paintings", "photographs", "sculptures", "textiles", "maps", "ceramics", "manuscripts",
            "prints",
        ],
        things2: &["a barn", "an attic", "a warehouse", "a private archive"],
        org: "[the {place} Museum of [Art|History|Modern Art]|the {gen} Gallery|the {place} City Museum|the {gen} Collection]",
        org2: "the {gen} [Foundation|Bequest|Trust|Society]",
        venue: "the {gen} [Room|Hall|Wing|Galleries]",
        nums: [(20, 400), (2, 18), (2, 9)],
        money: (5, 800),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{org} [opens|unveils] {p2last} [retrospective|exhibition]",
            "{n1} {thing} by {p2} go on show in {place}",
            "[First|Rare] look at {p2last}'s {thing} [at|in] {org}",
            "{place} museum [shows|displays] [lost|rarely seen] {thing} by {p2}",
        ],
        leads: &[
            "{org} [opened|unveiled] an exhibition of {n1} {thing} by {p2} on {day}, the [largest|first major] [show|survey] of the {p2role}'s work in {place}.",
            "[More than|Some] {n1} {thing} by {p2}, [many|several] [never shown|not seen in public] before, [went on display|opened to the public] at {org} on {day}.",
        ],
        facts: &[
            "{p1}, the {p1role} [who organised|behind] the show, said [it had taken|the project took] [years|several years] to [track down|gather] works [held|kept] in {n2} countries.",
            "The exhibition [runs|will run] for {n3} months in {venue} and [includes|features] loans from {org2} [and|as well as] [private collectors|other museums].",
            "{p2}, born in {place2}, [worked|lived] for [most|much] of [a long|a] career in {place} [and|but] [was|remained] [little known|overlooked] [outside it|abroad].",
            "{p3}, the {p3role}, said the [museum|gallery] had [bought|acquired] [one of the works|a key piece] for {money} in {month}.",
            "[Tickets|Admission] [cost|costs] [the same as|less than] [a cinema ticket|other major shows], and [entry is free|admission is free] for [children|students].",
            "[Critics|Early reviews] have praised the [hanging|way the show is arranged] [and|as well as] [the|its] [catalogue|new research].",
            "[A series of|Several] [talks|workshops|tours] [will accompany|run alongside] the exhibition, [including|with] [one|a talk] by {p1}.",
            "[Many of the|Several] {thing} had been [stored|kept] [for decades|for years] in {thing2} [in {place2}|] until they were found in {year}.",
        ],
        quotes: [
            "[Every|Each] [room|wall] [tells|shows] a [different|new] [part|chapter] of the [story|life], and [visitors|people] will [see|discover] [things|works] [nobody has seen|never shown] before",
            "[I never imagined|I didn't expect] [to see|seeing] [all of them|my work] [in one place|together like this]",
            "[This show|The exhibition] is [exactly|] what a museum [should do|is for]: [bringing|to bring] [forgotten|overlooked] [work|artists] [back into the light|to the public]",
        ],
        context: &[
            "[Museums|Galleries] [across the country|in the region] [have|report] [record|strong] [visitor numbers|attendance] [this year|after years of decline].",
            "[Shows|Exhibitions] [built around|devoted to] [overlooked|lesser-known] artists have [become|grown] [more common|popular] as [museums|curators] [rethink|revisit] their collections.",
        ],
    },
    Kind {
        name: "wildlife return",
        section: ENVIRONMENT,
        roles: ["an ecologist", "a park ranger", "a volunteer"],
        things: &[
            "otters", "white storks", "sea turtles", "red kites", "beavers", "lynx", "bats",
            "salmon", "wild bees", "seals",
        ],
        things2: &[
            "clean water", "quiet habitat", "protection from disturbance",
        ],
        org: "the {gen} [Wildlife Trust|Conservation Society|Nature Partnership|Rewilding Project]",
        org2: "{gen} [National Park|Nature Reserve|Wetlands]",
        venue: "{gen} [Marsh|Woods|Fen|Moor]",
        nums: [(6, 900), (5, 120), (40, 8000)],
        money: (5, 300),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{thing} return to {place} after {n2} years",
            "[Rare|Record number of] {thing} [spotted|counted] at {org2}",
            "{org} counts {n1} {thing} in {place} [survey|census]",
            "[Rewilding|Conservation] [boost|success] as {thing} [breed|settle] near {place}",
        ],
        leads: &[
            "{thing} have [returned to|been found breeding in] {org2} near {place} for the first time in {n2} years, {org} said on {day}, with {n1} counted.",
            "[A survey|A count] by {org} [found|recorded] {n1} {thing} [across|in] {org2}, near {place}, the highest number in {n2} years, [the trust said|officials said] on {day}.",
        ],
        facts: &[
            "{p1}, {p1role} [with|at] {org}, said [the animals|they] had [probably|likely] [spread|moved in] from [colonies|populations] [near {place2}|along the coast].",
            "The [reserve|area] [covers|spans] {n3} hectares and has been [restored|flooded|replanted] [over the past|during the last] [decade|few years].",
            "{p2}, a {p2role} at {org2}, said [staff|rangers] first [noticed|spotted] [tracks|signs] in {month} [before|and then] [cameras|trail cameras] [confirmed|captured] [them|the animals].",
            "{p3}, a {p3role} who has [counted|surveyed] [wildlife|birds] at {venue} since {year}, [called|described] the [sighting|count] [extraordinary|the best news in years].",
            "[Conservationists|The trust] [warned|cautioned] that [the population|numbers] [remained|remain] [fragile|small] and [depends|depend] on {thing2}.",
            "[Visitors|The public] [are being asked|were asked] to [keep dogs on leads|stay on paths|keep their distance] [near|around] [the site|the breeding area].",
            "{org} [spent|invested] {money} [on|in] [restoring|reconnecting] [wetlands|woodland|the river] around {place} [over|during] [the last decade|the past few years].",
            "The return of {thing} [is seen|was described] as [a sign|an indicator] of [a healthier|an improving] [ecosystem|river|landscape], [ecologists say|experts said].",
        ],
        quotes: [
            "[It is|This is] [the clearest sign yet|a real sign] that [the restoration|the work] is [working|paying off]",
            "[When I saw|The first time I saw] [them|the footage], [I|honestly, I] [could not believe it|thought it was a mistake]",
            "[I have waited|We waited] [most of my life|decades] to see {thing} [here|back in {place}]",
        ],
        context: &[
            "Conservation groups say many native species have [declined|fallen] [sharply|steeply] [over the past half century|in the last fifty years].",
            "[Rewilding|Habitat restoration] projects have [spread|multiplied] [across the region|in recent years], [often|many of them] [backed|funded] by [landowners|charities].",
        ],
    },
    Kind {
        name: "drought",
        section: ENVIRONMENT,
        roles: ["the managing director", "a farmer", "a hydrologist"],
        things: &[
            "a hosepipe ban", "water restrictions", "irrigation limits", "emergency rationing",
        ],
        things2: &["washing cars", "filling pools", "watering lawns"],
        org: "[{place} Water|the {place} Water Board|{place} Utilities|the {gen} Water Company]",
        org2: "the {gen} [Reservoir|Dam|Lake|Aquifer]",
        venue: "{gen} [Farm|Orchards|Fields|Estate]",
        nums: [(8000, 400_000), (20, 90), (80, 180)],
        money: (20, 2000),
        pct: (12, 48),
        ordered: false,
        headlines: &[
            "{place} [imposes|announces] {thing} as {org2} [falls|drops] to {pct}%",
            "{n2} days without rain: {place} [farmers|growers] [fear|count] [losses|the cost]",
            "{thing} for {n1} households in {place}",
            "{org2} [at|hits] record low as drought [grips|tightens grip on] {place}",
        ],
        leads: &[
            "{org} [imposed|announced] {thing} for {n1} households on {day} after {n2} days without [significant|meaningful] rain left {org2} at {pct} per cent of capacity.",
            "[Farmers|Residents] [in|around] {place} [face|are facing] {thing} [from|starting] {day}, [with|as] {org2} [down to|at] {pct} per cent after {n2} dry days.",
        ],
        facts: &[
            "{p1}, the {p1role} of {org}, said [households|customers] [should|were asked to] [keep|limit] [use|consumption] [to|below] {n3} litres per person a day.",
            "{org2}, [which supplies|the main source for] [most of {place}|the area], is [normally|usually] [much fuller|far higher] at this time of year.",
            "{p2}, a {p2role} [near|outside] {place}, said [crops|the harvest] [could|would] [fail|be cut by half] [without|unless there is] rain [within weeks|soon].",
            "{p3}, a {p3role} [at|with] [the university|a research institute] in {place2}, said [groundwater|river flows] [were|had fallen to] the lowest [levels|level] [seen|recorded] since {year}.",
            "{thing2} [is|are] [banned|forbidden] under the rules, and [fines|penalties] [can|may] [apply|be imposed] on [those|households] [who ignore them|breaking them].",
            "{org} said it [would|will] [spend|invest] {money} [on|to] [fixing leaks|fix leaks] and a [new pipeline|second intake] from {place2}.",
            "[Leaks|Leakage] [account|accounts] for [about|roughly] [a fifth|a quarter] of [water lost|supply] [in {place}|across the network], [critics|campaigners] [say|point out].",
            "The [restrictions|rules] will [stay|remain] in place until {org2} recovers, [officials|{org}] said.",
        ],
        quotes: [
            "[We do not|We don't] [take this step|impose restrictions] lightly, [but|yet] [every litre|every drop] [saved now|we save] [matters|counts] [for the summer|later]",
            "[I have|I've] never [seen|known] the [fields|ground|soil] this dry in {month}",
            "[This is|It is] [not a one-off|no longer unusual]; [dry spells|droughts] [like this|of this length] are [becoming|now] [more common|the pattern]",
        ],
        context: &[
            "[Drought|Dry weather] has [affected|hit] [large parts of|much of] the [region|country] [this year|since spring], [raising|with] [concerns|worries] about [food prices|harvests].",
            "[Water companies|Utilities] have [faced|come under] [criticism|pressure] over [leaks|investment] [and|as well as] [profits|dividends].",
        ],
    },
    Kind {
        name: "housing development",
        section: PROPERTY,
        roles: ["a developer", "the planning committee chair", "a resident"],
        things: &[
            "apartments", "homes", "townhouses", "affordable homes", "student flats",
            "retirement flats",
        ],
        things2: &[
            "a park", "a health centre", "shops on the ground floor", "a new bus stop",
        ],
        org: "{gen} [Homes|Developments|Living]",
        org2: "the {place} [Planning Committee|Planning Board|Development Control Committee|Zoning Commission]",
        venue: "[{place} Town Hall|the {gen} Rooms|{place} Civic Centre]",
        nums: [(40, 2400), (3, 32), (2, 8)],
        money: (100, 9000),
        pct: (10, 45),
        ordered: false,
        headlines: &[
            "{place} [approves|backs] {n1} {thing} on {street}",
            "{n2}-storey [tower|block] [plan|scheme] [divides|splits] {place}",
            "{org} [wins|gets] [approval|go-ahead] for {money} {place} scheme",
            "[Residents object|Objections pour in] to {n1} new {thing} in {place}",
        ],
        leads: &[
            "{org2} [approved|gave the go-ahead to] plans on {day} for {n1} {thing} on {street} in {place}, [including|with] a {n2}-storey [tower|block], [despite|after] [objections|hundreds of objections] from residents.",
            "{org} [won|received] [approval|planning permission] on {day} for a {money} [scheme|development] of {n1} {thing} [on|at] [a former|the old] [factory site|car park|depot] on {street} in {place}.",
        ],
        facts: &[
            "{pct} per cent of the [homes|units] [will be|are to be] [sold or rented|offered] [below market rates|as affordable housing], [below|short of] the council's own target.",
            "{p1}, [{p1role}|a director at {org}], said [building work|construction] [could|would] [start|begin] [next year|within months] and [take|last] {n3} years.",
            "{p2}, the {p2role}, said [the committee|members] had [weighed|balanced] [the need for homes|housing demand] against [concerns about|worries over] [traffic|height|parking|schools].",
            "{p3}, a {p3role} [on {street}|nearby] who [led|organised] [a petition|the objections], said the [tower|building] [would|will] [block|overshadow] [light|views] for [neighbouring|existing] homes.",
            "[The vote|The decision] was [close|narrow] after a [heated|long] meeting at {venue}.",
            "Rents in {place} have [risen|climbed] [sharply|steeply] since {year}, [council figures show|estate agents say].",
            "The [scheme|plans] [also|will] [include|includes] {thing2} and [contributions|payments] towards [schools and roads|local infrastructure].",
            "[Opponents|Objectors] could still ask [the minister|the national government] to [review|call in] the decision.",
        ],
        quotes: [
            "[{place} needs|The city needs] [homes|these homes], and [this scheme|our plan] [delivers|will deliver] [them|homes people can afford]",
            "[No decision|Nothing] about housing [pleases|will please] everyone, but [the need|the demand] for homes [in {place}|here] is [urgent|real]",
            "[Nobody is|We are not] against [new homes|housing]; [we are|we're] against a [tower|block] that [does not fit|doesn't belong on] {street}",
        ],
        context: &[
            "[House prices|Rents] [across the country|nationwide] have [outpaced|risen faster than] [wages|earnings] for [a decade|years], [leaving|pricing] many young people out of the market.",
            "[Councils|Local authorities] [are under|face] [pressure|government pressure] to [approve|build] [more homes|new housing] [faster|more quickly].",
        ],
    },
    Kind {
        name: "startup funding",
        section: TECHNOLOGY,
        roles: ["the founder", "an investor", "the chief technology officer"],
        things: &[
            "battery recycling", "farm robotics", "medical imaging", "payments",
            "language learning", "logistics software", "solar storage", "cybersecurity",
        ],
        things2: &["machine learning", "sensors", "custom chips"],
        org: "{gen} [Labs|AI|Robotics|Systems|Technologies]",
        org2: "{gen} [Ventures|Capital|Partners]",
        venue: "{gen} [Campus|Works|Yard|Exchange]",
        nums: [(8, 600), (20, 5000), (2, 40)],
        money: (20, 4000),
        pct: (10, 60),
        ordered: false,
        headlines: &[
            "{org} raises {money} [for|to expand] {thing} [platform|technology]",
            "{place} {thing} start-up {org} [lands|secures] {money}",
            "{org2} [leads|backs] {money} round in {org}",
            "{org} to [double|grow] staff after {money} [funding|investment]",
        ],
        leads: &[
            "{org}, a {place} start-up working on {thing}, said on {day} that it had raised {money} in a funding round led by {org2}.",
            "{thing} company {org} [has secured|raised] {money} from [investors led by|a group led by] {org2}, [it said|the company announced] on {day}, and plans to [expand|hire] in {place2}.",
        ],
        facts: &[
            "{p1}, the company's {p1role}, said the [money|funding] would [pay for|be used for] [hiring engineers|more staff] and [expanding|an office] in {place2}.",
            "[Founded|Started] in {year}, {org} has {n1} [employees|staff] and [works|says it works] with {n2} [customers|businesses] in {n3} countries.",
            "{p2}, [a partner|{p2role}] at {org2}, said [the firm|{org}] [was|had become] [a leader|one of the leaders] in {thing}.",
            "The round [values|valued] the company at [far more than|several times] the amount raised, [according to|said] [people familiar with the deal|a person familiar with the matter].",
            "{p3}, the {p3role}, said [the product|its software] [uses|relies on] {thing2} and can [cut costs|save time] for [customers|clients] by up to {pct} per cent.",
            "[Investment|Venture funding] in {thing} [start-ups|companies] [has|had] [fallen|slowed] [this year|since 2022] as [investors|funds] [became|grew] [more cautious|pickier].",
            "{org} [previously raised|had raised] [money|an earlier round] from [angel investors|a university fund] [in {place}|] and from [a government grant|a regional development agency].",
            "[The company|{org}] [plans|intends] to [open an office|set up a team] in {place2} [next year|by the end of the year].",
        ],
        quotes: [
            "[We|Our team] [started|built] {org} because {thing} [was stuck|had not changed] [in the past|for decades], and [customers|our clients] [want|need] [something better|a better tool]",
            "[We|Our fund] [backed|invested in] [{org}|this team] because [they|the founders] [understand|know] their customers better than anyone",
            "[The hard part|What is hard] is [not the code|not the technology]; [it is|it's] [making it work|getting it to work] in the real world",
        ],
        context: &[
            "[Start-up|Venture] funding [globally|worldwide] [fell|dropped] [sharply|steeply] after [its peak|the boom] of 2021, [though|but] [some sectors|certain areas] [have|are] [recovered|recovering].",
            "[Governments|Regional agencies] have [launched|set up] [funds|programmes] to [keep|help] [start-ups|young companies] from moving abroad.",
        ],
    },
    Kind {
        name: "cyberattack",
        section: TECHNOLOGY,
        roles: [
            "the chief information officer",
            "a security researcher",
            "a customer",
        ],
        things: &["ransomware attack", "data breach", "cyberattack"],
        things2: &["{gen} Spider", "{gen}Locker", "Black {gen}"],
        org: "{gen} [Insurance|Bank|Health|Telecom|Retail]",
        org2: "{gen} [Security|Cyber|Shield|Forensics|Defence Labs]",
        venue: "{gen} [House|Plaza|Centre|Park]",
        nums: [(2000, 900_000), (1, 21), (50, 4000)],
        money: (5, 900),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{org} hit by {thing}; {n1} customers [affected|at risk]",
            "{thing} at {org} [exposes|leaks] data of {n1} [people|customers]",
            "{org} systems down for {n2} days after {thing}",
            "Hackers [claim|say they took] {n3}GB from {org}",
        ],
        leads: &[
            "{org} said on {day} that {a_thing} had [exposed|compromised] the [personal data|records] of {n1} customers, and that [some of its|its] systems had been [offline|down] for {n2} days.",
            "{A_thing} [at|on] {org}, [based|headquartered] in {place}, [took|knocked] [its systems|its website and app] offline for {n2} days and exposed data of {n1} customers, the company [confirmed|said] on {day}.",
        ],
        facts: &[
            "{p1}, the {p1role} of {org}, said the [company|firm] [detected|discovered] the [intrusion|attack] [over a weekend|on a Saturday night] and [shut down|isolated] [affected|its] systems.",
            "[A group|Hackers] [calling itself|known as] {thing2} [claimed responsibility|said it was responsible] and [said|claimed] it had [taken|stolen] {n3} gigabytes of [data|files].",
            "{org2}, [a security firm|a cybersecurity company] [hired|brought in] [by|to help] {org}, is [investigating|examining] how the [attackers|hackers] [got in|gained access].",
            "{p2}, a {p2role} [at|with] {org2}, said the attack [appeared|seemed] to have [begun|started] [with|through] [a phishing email|stolen passwords|an unpatched server].",
            "[Customers|Affected customers] [are being|will be] [contacted|notified] [by email|by letter] and [offered|given] [free credit monitoring|identity protection] [for a year|for two years].",
            "{p3}, a {p3role} in {place}, said [the|a] [notice|letter] [about the breach|from {org}] [arrived|came] [days|a week] after [news reports|the news].",
            "[Regulators|The data protection authority] [said|confirmed] [it had been|they had been] [informed|notified] and [could|might] [open|launch] [an inquiry|an investigation].",
            "{org} [did not say|declined to say] whether it [had paid|would pay] a ransom to {thing2}.",
        ],
        quotes: [
            "[We take|We have always taken] the [security|protection] of [customer data|our customers' information] [extremely seriously|very seriously], and [we are sorry|we apologise] [for the disruption|to everyone affected]",
            "[Attacks like this|These attacks] [usually|almost always] [start|begin] with [something small|a single password]",
            "[I found out|We found out] [from the news|on social media], [not from the company|before any letter arrived]",
        ],
        context: &[
            "[Security firms|Industry reports] say [ransomware|cyber] attacks on [companies|public bodies] have [risen|increased] [sharply|steadily] in recent years.",
            "[Insurers|Regulators] are [pushing|pressing] [firms|companies] to [adopt|use] [multi-factor authentication|better backups] and [regular|frequent] [security|staff] training.",
        ],
    },
    Kind {
        name: "disease outbreak",
        section: HEALTH,
        roles: ["the public health director", "a doctor", "a parent"],
        things: &[
            "measles", "norovirus", "whooping cough", "salmonella", "legionnaires' disease",
            "hepatitis A", "mumps",
        ],
        things2: &["fever", "a rash", "vomiting", "a persistent cough"],
        org: "[the {place} Public Health Department|the {place} Board of Health|{place} County Health Services|the {place} Health Agency|the {gen} Health Authority]",
        org2: "{gen} [Primary School|Care Home|Restaurant|Hotel]",
        venue: "[{place} General Hospital|the {gen} Infirmary|St {gen}'s Hospital|{place} Medical Centre]",
        nums: [(4, 240), (1, 30), (100, 5000)],
        money: (1, 30),
        pct: (70, 92),
        ordered: false,
        headlines: &[
            "{thing} outbreak in {place}: {n1} cases [confirmed|reported]",
            "{n2} in hospital as {thing} [spreads|cases rise] in {place}",
            "{place} [health officials|officials] [trace|link] {thing} cases to {org2}",
            "[Clinics|Vaccination clinics] [open|set up] after {place} {thing} outbreak",
        ],
        leads: &[
            "[Health officials|{org}] in {place} [confirmed|reported] {n1} cases of {thing} on {day}, [with|and said] {n2} people [in hospital|had been admitted to hospital].",
            "An outbreak of {thing} [linked to|traced to] {org2} in {place} has [grown|risen] to {n1} cases, with {n2} people in hospital, {org} said on {day}.",
        ],
        facts: &[
            "{p1}, the {p1role}, said [most|the majority] of [the cases|those infected] [were|had been] [linked|connected] to {org2} and that [contact tracing|investigations] [were continuing|continued].",
            "{org} [opened|set up] [extra|pop-up] [clinics|vaccination sessions] [offering|with] {n3} [appointments|slots] [this week|over the weekend].",
            "{p2}, a {p2role} at {venue}, said [patients|those admitted] [were|had been] [stable|responding to treatment] [and|but] [doctors|staff] [were|remained] [watchful|on alert].",
            "{org2} [closed|was closed] [temporarily|for cleaning] [on {day}|this week] and is [working|cooperating] with [inspectors|health officials].",
            "{p3}, a {p3role} [whose child|whose son|whose daughter] [attends|goes to] [school|nursery] [in {place}|nearby], said [families|parents] had [received|been sent] [letters|messages] about [symptoms|what to watch for].",
            "[Symptoms|Early symptoms] [include|can include] {thing2} and [tiredness|stomach cramps], and anyone with symptoms [should|was told to] [stay home|call their doctor first].",
            "Vaccination rates in {place} have [fallen|dropped] to about {pct} per cent [in some schools|among young children], [officials|{p1}] said.",
            "[It is|This is] the [largest|biggest] outbreak of {thing} [in {place}|in the region] since {year}, [according to|said] {org}.",
        ],
        quotes: [
            "The risk to the public [remains|is still] [low|small], but [we are|we're] [asking|urging] [everyone|people] to [check|make sure] [their vaccinations|they are up to date]",
            "[We are seeing|We're seeing] [more|new] [patients|cases] [each day|every day], [mostly|and most are] [children and older people|young children]",
            "[You|We] [do not|don't] [think|expect] it [will|could] happen [here|in {place}], [and then|until] [it does|the letter arrives]",
        ],
        context: &[
            "[Public health experts|Doctors] have [warned|cautioned] that [falling|lower] vaccination rates [since the pandemic|in recent years] [leave|have left] [communities|children] [exposed|vulnerable] to [outbreaks|diseases once under control].",
            "[Outbreaks|Cases] of [food-borne|infectious] illness [often|typically] [peak|rise] [in the summer|during warmer months|in winter], [health agencies|officials] [note|say].",
        ],
    },
    Kind {
        name: "power outage",
        section: LOCAL,
        roles: ["a spokesperson", "a business owner", "an engineer"],
        things: &[
            "substation fire", "cable fault", "transformer failure", "equipment failure",
        ],
        things2: &["the 1970s", "the 1960s", "decades ago"],
        org: "{gen} [Energy|Power|Electric]",
        org2: "the {place} [Chamber of Commerce|Business Association]",
        venue: "the {gen} [substation|switching station|power station|grid depot]",
        nums: [(3000, 300_000), (2, 40), (20, 400)],
        money: (5, 300),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{n1} [homes|customers] [lose power|without power] in {place}",
            "{thing} [blacks out|plunges] {place} into darkness for {n2} hours",
            "{org} [restores|brings back] power to {place} after {n2}-hour [outage|blackout]",
            "[Questions|Anger] over {place} [blackout|power cut]",
        ],
        leads: &[
            "{A_thing} [cut|knocked out] power to {n1} [homes and businesses|customers] in {place} on {day}, and some [were|remained] without electricity for {n2} hours.",
            "{org} [said|confirmed] on {day} that [power|supply] had been [restored|brought back] to {n1} customers in {place} after {a_thing} [caused|led to] a {n2}-hour [blackout|outage].",
        ],
        facts: &[
            "{p1}, {p1role} for {org}, said {n3} engineers [worked|were sent] [through the night|around the clock] to [repair|replace] [the damaged equipment|cables] at {venue}.",
            "[Traffic lights|Trams|Lifts] [stopped working|failed] [across|in] [central|parts of] {place}, and police [directed traffic|were sent] to [major|busy] junctions.",
            "{p2}, [who owns|the {p2role} of] a [restaurant|shop|cafe] on {street}, said [food|stock] [worth|valued at] [thousands|a great deal] had [to be thrown away|spoiled].",
            "{org2} said [businesses|members] [in the area|on {street}] [lost|faced] [a day's|a full day of] [trade|takings] and [asked|called on] {org} for [compensation|an explanation].",
            "{p3}, {p3role} [familiar with|who has worked on] the [network|grid], said [parts of|much of] the [equipment|system] in {place} [dated|dates] from {thing2}.",
            "[Hospitals|The hospital] [switched|ran] [to|on] [backup generators|emergency power] and [patients|care] [were|was] not [affected|disrupted], {org} said.",
            "{org} [said|promised] it would [investigate|review] the [cause|failure] and [publish|share] [its findings|a report] [within|in] [weeks|a month].",
            "Households without power for more than twelve hours [may be|are] [entitled|eligible] to [compensation|a payment] under [the regulator's rules|industry rules].",
        ],
        quotes: [
            "[We know|We understand] how [difficult|disruptive] [this was|the outage was] and [we apologise|we are sorry] [to every customer|to everyone affected]",
            "[We had|I had] a fridge full of stock and [no idea|nobody told us] [when|how long] [it would come back|the power would be off]",
            "[Networks|Grids] [like this|this old] [need|require] [serious investment|constant investment]; [failures|faults] [like this|of this kind] are [a warning|not a surprise]",
        ],
        context: &[
            "[Regulators|Consumer groups] say [long|lengthy] [power cuts|outages] have become more [frequent|common] [in the region|as demand grows].",
            "[Grid operators|Utilities] [plan|are planning] [large|major] [investments|upgrades] to [cope with|handle] [electric cars|heat pumps|new housing].",
        ],
    },
    Kind {
        name: "airport expansion",
        section: TRANSPORT,
        roles: [
            "the airport chief executive",
            "a campaigner",
            "an airline executive",
        ],
        things: &[
            "second runway", "new terminal", "runway extension", "cargo hub",
        ],
        things2: &["noise", "night flights", "traffic"],
        org: "{place} [Airport|International Airport]",
        org2: "{gen} [Air|Airways|Airlines]",
        venue: "{gen} Terminal",
        nums: [(5000, 90_000), (2, 40), (300, 12_000)],
        money: (1500, 90_000),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{org} [unveils|gets go-ahead for] {thing}",
            "{money} {thing} [plan|approved] at {org}",
            "[Residents fight|Campaigners vow to fight] {org} {thing}",
            "{org} {thing} [to create|could create] {n3} jobs",
        ],
        leads: &[
            "{org} [announced|unveiled] plans on {day} for a {money} {thing} that would [allow|add] {n1} more flights a year and [lift|raise] capacity to {n2} million passengers.",
            "[Plans|A plan] for a {money} {thing} at {org} [won|received] [approval|government approval] on {day}, [despite|over] [fierce|strong] opposition from [residents|campaigners] in {place} and {place2}.",
        ],
        facts: &[
            "{p1}, the {p1role}, said the [project|{thing}] would [create|support] {n3} jobs and [bring|attract] [new routes|long-haul routes] to {place}.",
            "{p2}, [a {p2role}|who leads a residents' group] [in|from] {place2}, said {thing2} already [kept|keep] [families|people] awake and [vowed|promised] to [challenge|fight] the decision [in court|at every stage].",
            "{org2}, [the airport's|its] [largest|biggest] [airline|carrier], [welcomed|backed] the [plan|decision] and said it [would|could] [base|station] [more aircraft|new planes] there.",
            "{p3}, {p3role} at {org2}, said [demand|bookings] had [returned|recovered] to [pre-pandemic|2019] levels [on most routes|this year].",
            "[Environmental groups|Climate campaigners] [said|argued] the [expansion|plan] [was|is] [incompatible|at odds] with [the country's|national] [climate targets|emissions goals].",
            "[Construction|Work] [could begin|is expected to start] once [final approvals|remaining permits] are [granted|in place].",
            "The [current|existing] terminal was last [extended|expanded] in {year} and [is|has been] [running|operating] [near|at] capacity [at peak times|in summer].",
            "[A public|The] [consultation|inquiry] [drew|received] [thousands of|many thousands of] [responses|comments], [most|many] of them [opposed|against] the {thing}.",
        ],
        quotes: [
            "[This|The {thing}] [is|will be] [the biggest|a major] [investment|boost] [in {place}|for the region] [in a generation|for decades]",
            "[They|The airport] [promised|said] there would be no extra {thing2} [last time|before], [and|but] [look|see] [where we are|what happened]",
            "[Our passengers|Customers] [want|are asking for] [more routes|direct flights], and [this|the expansion] [lets us|means we can] [provide them|deliver them]",
        ],
        context: &[
            "[Airport expansions|Runway projects] [across Europe|around the world] [have faced|face] [legal challenges|opposition] over [noise|climate concerns].",
            "[Air travel|Passenger traffic] has [largely|mostly] [recovered|rebounded] since the pandemic, [putting|adding] [pressure|strain] on [crowded|busy] [terminals|airports].",
        ],
    },
    Kind {
        name: "marathon",
        section: SPORT,
        roles: ["the race director", "the winner", "an amateur runner"],
        things: &["marathon", "half marathon", "10K", "ultramarathon"],
        things2: &["the {place} [City|Harbour|Riverside|Spring] [Marathon|Run]"],
        org: "the {place} [Athletics Club|Harriers|Road Runners|Running Club]",
        org2: "the {gen} [Children's Hospital|Hospice|Cancer Trust|Community Foundation]",
        venue: "{gen} [Square|Park|Promenade]",
        nums: [(1500, 42_000), (2, 60), (21, 39)],
        money: (2, 60),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{p2} wins {thing2}",
            "{p2last} [first|victorious] at {thing2} in {racetime}",
            "{n1} runners [take to|fill] the streets for {thing2}",
            "{thing2}: {p2last} [wins|takes the title] as {n1} [run|take part]",
        ],
        leads: &[
            "{p2} won {thing2} on {day} in {racetime}, [leading|ahead of] a field of {n1} runners [through|around] the streets of {place}.",
            "{n1} [runners|participants] [took part in|started] {thing2} on {day}, [with|and] {p2} crossing the line first in {racetime}.",
        ],
        facts: &[
            "{p2}, {n3}, [pulled away|broke clear] [from|of] the [leading group|pack] in the closing kilometres and [won|finished] [comfortably|well clear].",
            "{p1}, the {p1role}, said [the event|this year's race] had raised {money} for {org2} with [a record|the largest] field.",
            "{p3}, {p3role} from {place2}, [finished|completed the course] [in just over four hours|in under five hours] while raising money for [a hospice|a cancer charity].",
            "The [course|route] [started|began] at {venue} and [passed|ran past] [the harbour|the cathedral|the old town|the river] before [finishing|ending] back at {venue}.",
            "[Medical teams|Volunteers] [treated|helped] [dozens of|several] runners [for|with] [heat|exhaustion|blisters] [along the route|at the finish].",
            "[Roads|Streets] in [central {place}|{place}] were closed until [mid-afternoon|the early evening] [and|while] [buses|trams] [were diverted|ran on diversions].",
            "The race was first run in {year} with [a few hundred|several hundred] [runners|entrants].",
            "{p2} [said|told reporters] at the finish that the crowds [on|along] the [course|route] had [carried|pushed] the runners through the final kilometres.",
        ],
        quotes: [
            "[Every year|Each year] [the race|it] [grows|gets bigger], and [the people of {place}|our volunteers] [make|are what make] it [special|possible]",
            "[The last few kilometres|The final stretch] [were|was] [very hard|painful], but [the crowd|the noise] [kept me going|carried me home]",
            "[I trained|I've trained] [all winter|for months] for this, [and|so] [crossing the line|finishing] [was|felt] [unbelievable|emotional]",
        ],
        context: &[
            "[Road running|Mass-participation running] has [boomed|grown rapidly] since the pandemic, with [many|several] [races|marathons] [reporting record entries|selling out in hours].",
            "[Race organisers|Organisers] [face|say they face] [rising|higher] costs for [security|road closures|insurance].",
        ],
    },
    Kind {
        name: "protest",
        section: POLITICS,
        roles: ["an organiser", "the police commander", "a shop worker"],
        things: &[
            "rent increases", "a planned incinerator", "school closures", "fuel prices",
            "a new motorway", "cuts to bus routes", "the closure of the hospital",
        ],
        things2: &[
            "public order offences", "criminal damage", "blocking the road",
        ],
        org: "the {gen} [Coalition|Campaign|Alliance]",
        org2: "[{place} Police|the {place} Police Department|{place} Constabulary]",
        venue: "{gen} [Square|Plaza|Common|Green]",
        nums: [(200, 40_000), (1, 24), (1000, 90_000)],
        money: (1, 30),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{n1} march in {place} against {thing}",
            "{place} protest over {thing} [draws|brings out] {n1} [people|marchers]",
            "{n2} arrested as {place} protest over {thing} [turns tense|ends]",
            "[Marchers|Protesters] [deliver|hand in] {n3}-signature petition in {place}",
        ],
        leads: &[
            "About {n1} people [marched|rallied] [through|in] {place} on {day} [to protest against|against] {thing}, [and|with] police [arresting|detaining] {n2} people as the march ended.",
            "[Protesters|Demonstrators] [filled|packed] {venue} in {place} on {day}, [where|and] {org} [handed in|delivered] a petition against {thing} signed by {n3} people.",
        ],
        facts: &[
            "{p1}, [{p1role} with {org}|who helped organise the march], said [the turnout|the crowd] [showed|proved] how strongly people felt about {thing}.",
            "{org2} [estimated|put] the crowd at {n1} and said {n2} people [were arrested|had been detained] on suspicion of {thing2}.",
            "{p2}, the {p2role}, said [the march|the protest] had been [largely peaceful|mostly calm] [and|but] that officers [intervened|moved in] when [a small group|some protesters] [blocked|tried to block] {street}.",
            "The [march|procession] [started|began] [at|outside] [the railway station|the university] and [ended|finished] at {venue}[ with speeches|, where speakers addressed the crowd|].",
            "{p3}, a {p3role} [on {street}|whose shop was on the route], said [the march|the crowd] [was|had been] [loud but peaceful|noisy but good-natured].",
            "[City officials|The council] said [in a statement|that evening] that [it|they] [would|will] [consider|review] [the petition|residents' concerns] at [its next meeting|a meeting in {month}].",
            "[Organisers|{org}] [plan|have planned] [further|more] [protests|action] in {place} and {place2} [in the coming weeks|next month].",
            "[Opposition|Anger] over {thing} has [grown|risen] since the [plans|proposal] [were|was] [announced|made public] in {year}.",
        ],
        quotes: [
            "[We are not going away|We will not go away], and [the council|the people in charge] [need|needs] to [listen|start listening]",
            "[The vast majority|Most people] [protested|were] [peacefully|peaceful], and we [thank them|are grateful] for [that|their cooperation]",
            "[It was|They were] [loud|noisy], [but|and] [no trouble|nobody caused trouble] on this street",
        ],
        context: &[
            "[Protests|Demonstrations] over [living costs|local services] have [spread|multiplied] [across the country|in many cities] [this year|in recent months].",
            "Police forces face [growing|increasing] [scrutiny|questions] over how they handle [protests|demonstrations].",
        ],
    },
    Kind {
        name: "resignation",
        section: POLITICS,
        roles: ["the official", "the party leader", "a political analyst"],
        things: &[
            "transport minister", "finance minister", "deputy mayor", "health minister",
            "housing minister", "city treasurer",
        ],
        things2: &["a construction company", "a law firm", "a consultancy"],
        org: "the {place} [City Council|Regional Government|Assembly]",
        org2: "the {party}",
        venue: "[{place} City Hall|the {gen} Chamber|{place} Town Hall]",
        nums: [(1, 14), (2, 60), (2, 9)],
        money: (5, 900),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{place} {thing} {p1} resigns",
            "{p1last} quits as {thing} [after|amid] {money} contract row",
            "[Pressure mounts|Calls grow for inquiry] after {p1last} [resigns|steps down]",
            "{place} {thing} resigns [in|over] {money} contract row",
        ],
        leads: &[
            "{p1}, the {thing} of {place}, resigned on {day} after {n3} weeks of [pressure|questions] over a {money} contract awarded to a company [linked to|run by] [a relative|a former business partner].",
            "{place}'s {thing}, {p1}, [stepped down|quit] on {day}, [saying|and said] the row over a {money} contract had become [a distraction|impossible to ignore].",
        ],
        facts: &[
            "{p1}, who had [served|been in post] for {n1} years, [denied|has denied] [any wrongdoing|breaking any rules] in a [resignation letter|statement].",
            "{p2}, the {p2role} of {org2}, [thanked|praised] {p1} for [years of service|their service] and said a [successor|replacement] [would be|will be] named [within days|next week].",
            "[Opposition|Rival] [councillors|members] had [called for|demanded] [an inquiry|an independent investigation] into how the contract was awarded.",
            "The contract, [worth|valued at] {money}, [was|had been] [awarded|signed] without [competitive tender|open bidding] in {month}, [documents show|according to documents seen by reporters].",
            "{p3}, a {p3role} [at the university of {place2}|at a think tank in {place}], said the [resignation|episode] [could|would] [damage|hurt] {org2} [before|ahead of] the next election.",
            "[An ethics|The standards] [commissioner|watchdog] [said|confirmed] that [its|an] inquiry [would|will] [continue|go ahead] [despite|regardless of] the resignation.",
            "{org} [will|is to] [hold|debate] [a motion|an emergency session] on [the contract|procurement rules] [next week|at {venue}].",
            "Before [entering|going into] politics, {p1} [ran|worked for] {thing2} in {place}.",
        ],
        quotes: [
            "[I have done nothing wrong|I have broken no rules], but [I will not|I won't] [let this|allow this row to] [distract from|overshadow] the work of [the government|the council]",
            "{p1last} has [served|given] [{place}|the city] [with dedication|well], and [I respect|we respect] the decision",
            "[Resignations like this|This kind of resignation] [rarely|seldom] [end|ends] the [story|matter]; the [questions|inquiry] [will|are likely to] [continue|go on]",
        ],
        context: &[
            "[Public trust|Trust] in [local government|politicians] has [fallen|declined] [in recent years|steadily], [polls show|surveys suggest].",
            "[Procurement|Contract] rules in [public bodies|local government] have [been tightened|come under scrutiny] after [a string of|several] [scandals|controversies] elsewhere.",
        ],
    },
    Kind {
        name: "ferry rescue",
        section: WORLD,
        roles: ["the coastguard commander", "a passenger", "a spokesperson"],
        things: &[
            "ferry", "fishing boat", "cargo ship", "passenger ferry", "yacht",
        ],
        things2: &[
            "ran aground", "caught fire", "began taking on water", "lost power",
        ],
        org: "[the {place} Coastguard|the {place} Lifeboat Station|the {place} Maritime Rescue Centre|the {place} Port Authority]",
        org2: "{gen} [Ferries|Shipping|Marine Lines]",
        venue: "{gen} [Harbour|Docks|Pier|Marina]",
        nums: [(6, 420), (1, 12), (2, 20)],
        money: (1, 30),
        pct: (5, 40),
        ordered: false,
        headlines: &[
            "{n1} rescued as {thing} {thing2} off {place}",
            "{n2} missing after {thing} [accident|incident] off {place}",
            "Coastguard [rescues|saves] {n1} from {org2} {thing}",
            "[Search continues|Divers search] for {n2} missing off {place}",
        ],
        leads: &[
            "{org} [rescued|brought ashore] {n1} people on {day} after {a_thing} operated by {org2} {thing2} off {place}, and {n2} [people|crew members] [were still missing|remained missing].",
            "[Rescuers|Lifeboat crews] [worked|searched] for {n3} hours [off|near] {place} on {day} after {a_thing} {thing2}, [saving|and saved] {n1} [passengers and crew|people]; {n2} are missing.",
        ],
        facts: &[
            "{p1}, the {p1role}, said [helicopters|lifeboats] and [fishing boats|nearby ships] [joined|took part in] the [rescue|operation] [in|despite] [rough seas|high winds|poor visibility].",
            "{org2} said [the vessel|the {thing}] [was|had been] [travelling|sailing] from {place} to {place2} when it {thing2}.",
            "{p2}, a {p2role} [from|travelling to] {place2}, said [passengers|people] [were|had been] [told|ordered] to [put on lifejackets|gather on deck] [and|before] [boarding|climbing into] [lifeboats|life rafts].",
            "{p3}, a {p3role} for {org2}, said the company was [cooperating|working closely] with [investigators|the authorities] and had [set up|opened] a [helpline|support centre] for [families|relatives].",
            "[The|All the] [rescued|survivors] were taken to {venue} [where|and] [some|several] were treated for [hypothermia|minor injuries|shock].",
            "[The search|Searches] for the {n2} [missing|people still missing] [continued|resumed] [at first light|overnight], {org} said.",
            "[Maritime|Accident] investigators [from {place2}|] have [opened|launched] [an inquiry|an investigation] [into|to establish] [the cause|what went wrong].",
            "The {thing}, [built|launched] in {year}, had passed [its last|a] [safety inspection|inspection] in {month}, {org2} said.",
        ],
        quotes: [
            "[Conditions were|The conditions were] [very difficult|extremely difficult], and [the crews|our teams] [did|performed] [remarkable work|heroically] [to reach them|in the dark]",
            "[The ship|It] [tilted|started to lean] and [everyone|people] [started screaming|ran for the lifejackets]; [I thought|we thought] [we would not make it|that was the end]",
            "[Our thoughts are with|We are thinking of] the families of those missing, and [we will|we'll] [support|help] them [in every way we can|however we can]",
        ],
        context: &[
            "[Ferry|Maritime] accidents in the region have [prompted|led to] [calls|demands] for [stricter|tougher] [safety rules|inspections] [on older vessels|for older ships].",
            "[Busy|Crowded] [summer|holiday] routes [often|regularly] [push|stretch] [ageing|older] fleets [to their limits|hard], [experts|maritime experts] say.",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every template of every kind expands with every slot known and no syntax left over.
    #[test]
    fn templates_expand() {
        let now = 1_780_000_000;
        for seed in 0..40u64 {
            let mut r = Rng::new(seed);
            let ev = make_event(
                &mut r,
                seed as usize % KINDS.len(),
                now,
                "Korvath".into(),
                "Elmsbrook".into(),
            );
            let kind = &KINDS[ev.kind];
            let mut s = Slots::new(&ev, "The Korvath Ledger");
            let all = kind
                .headlines
                .iter()
                .chain(kind.leads)
                .chain(kind.facts)
                .chain(kind.quotes.iter())
                .chain(kind.context)
                .chain(BACKGROUND)
                .chain(DETAIL_SENTENCES)
                .chain(GENERIC_FACTS)
                .chain(GENERIC_QUOTES);
            for t in all {
                let text = expand_str(t, &mut s, &mut r);
                assert!(
                    !text.contains(['{', '}', '[', ']', '|']),
                    "{}: {t} gave {text}",
                    kind.name
                );
            }
        }
    }

    #[test]
    fn every_outlet_gets_exactly_its_entries() {
        let p = Params {
            outlets: 30,
            entries: 7,
            seed: 1,
            now: 1_780_000_000,
            port: 8000,
        };
        let w = generate(&p);
        assert_eq!(w.truth.len(), 30 * 7);
        for (i, site) in w.sites.iter().enumerate() {
            let pages = site
                .docs
                .values()
                .filter(|d| d.kind == DocKind::Page)
                .count();
            assert_eq!(pages, 7, "outlet {i}");
            assert!(site.docs.contains_key("/robots.txt"));
        }
        for url in w.truth.keys() {
            assert!(url.starts_with("http://127.1.0."), "{url}");
        }
        let again = generate(&p);
        assert_eq!(w.opml, again.opml);
        assert_eq!(w.truth, again.truth);
    }

    #[test]
    fn article_reads_like_news() {
        let mut r = Rng::new(7);
        let ev = make_event(
            &mut r,
            0,
            1_780_000_000,
            "Korvath".into(),
            "Elmsbrook".into(),
        );
        let body = write_body(&ev, "The Korvath Ledger", &mut Rng::new(8));
        let words: usize = body.iter().map(|p| words(p)).sum();
        assert!((6..=11).contains(&body.len()), "{} paragraphs", body.len());
        assert!((300..=560).contains(&words), "{words} words");
        assert!(body.iter().any(|p| p.contains(&ev.people[0].last)));
    }

    #[test]
    fn articles_before_numbers() {
        for (n, an) in [
            ("8", true),
            ("80-bed", true),
            ("8,000", true),
            ("11-year-old", true),
            ("18", true),
            ("180", false),
            ("110", false),
            ("19-year-old", false),
            ("$8", false),
        ] {
            assert_eq!(an_number(n), an, "{n}");
        }
    }

    #[test]
    fn capital_letters() {
        assert_eq!(capitalize("the court ruled"), "The court ruled");
        assert_eq!(capitalize("“we will,” she said"), "“We will,” she said");
        assert_eq!(capitalize("$6.2 billion plan"), "$6.2 billion plan");
        assert_eq!(capitalize("'a hammer blow'"), "'A hammer blow'");
    }

    #[test]
    fn http_dates_round_trip() {
        for t in [0u64, 951_782_400, 1_780_000_123, 4_102_444_799] {
            assert_eq!(parse_http_date(&http_date(t)), Some(t), "{}", http_date(t));
        }
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("garbage"), None);
    }
}
