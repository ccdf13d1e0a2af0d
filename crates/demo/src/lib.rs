//! Gazette's demo wire: an in-process, offline news wire of fictional outlets.
//!
//! `gazette serve --demo` starts it so that a newcomer sees a full portal within seconds and
//! without internet, and tests of other crates start it to run the real pipeline end to end: the
//! pipeline fetches the wire's feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1), fetches and extracts its
//! cluttered article pages, downloads its lead images and asks its Open-Meteo stand-in for the
//! weather, exactly as it would from real outlets.
//!
//! The material (see `content/`) is original and fictional, dated relative to the moment the
//! wire starts so the demo always looks fresh. Several events are covered by two to four outlets
//! with different wording and the same facts, for clustering; categories use each outlet's own
//! spelling, for topic normalisation.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let wire = gazette_demo::start("127.0.0.1:0".parse().unwrap()).await?;
//! for source in &wire.sources {
//!     println!("{}: {}", source.name, source.feed_url);
//! }
//! // Keep `wire` alive while it is needed: dropping it stops the server.
//! # Ok(())
//! # }
//! ```
//!
//! **Invariant:** the wire never reaches the network beyond the socket it listens on (checked by
//! `tests/tidy.rs`).

mod content;
mod feeds;
mod image;
mod pages;
mod server;
mod site;
mod weather;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use chrono::{DateTime, Utc};
use tokio::task::JoinHandle;

pub use content::{
    Article, FeedFormat, Outlet, TOPICS, article, articles, events, outlet, outlets, scheduled,
    validate,
};
pub use image::{HEIGHT as IMAGE_HEIGHT, WIDTH as IMAGE_WIDTH};

/// One outlet of a running wire, as a user would add it to Gazette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSource {
    /// The outlet's display name, e.g. "The Daily Ledger".
    pub name: String,
    /// `http://127.0.0.1:PORT/{outlet}/feed`
    pub feed_url: String,
    /// `http://127.0.0.1:PORT/{outlet}/`, whose `<link rel="alternate">` points at the feed.
    pub home_url: String,
}

/// A running wire. The server stops when the `Wire` is dropped: keep it alive as long as the
/// portal or the test needs it.
#[derive(Debug)]
pub struct Wire {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base_url: String,
    /// Every outlet, in the order of [`outlets`].
    pub sources: Vec<DemoSource>,
    /// Base URL of the Open-Meteo compatible endpoint (`{weather_base}/v1/forecast`); equal to
    /// `base_url`.
    pub weather_base: String,
    snapshot: Snapshot,
    server: JoinHandle<()>,
}

/// Binds `addr` (e.g. `127.0.0.1:0` for any free port), spawns the server on the current tokio
/// runtime and returns at once. Articles are dated against the current time, and the clock runs:
/// the [`scheduled`] stories appear in their feeds during the first hour, as real news would.
///
/// # Panics
/// Outside a tokio runtime.
pub async fn start(addr: SocketAddr) -> std::io::Result<Wire> {
    serve(addr, |base_url| Snapshot {
        site: site::Site::live(base_url, Utc::now()),
    })
    .await
}

/// Like [`start`], with the wire's clock pinned to `now` and never moving: documents then depend
/// only on `now` and the port (golden files), and scheduled stories never appear.
pub async fn start_at(addr: SocketAddr, now: DateTime<Utc>) -> std::io::Result<Wire> {
    serve(addr, |base_url| Snapshot::new(&base_url, now)).await
}

async fn serve(
    addr: SocketAddr,
    snapshot: impl FnOnce(String) -> Snapshot,
) -> std::io::Result<Wire> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    // A wildcard bind still needs a URL a client can fetch.
    let ip = match local.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let base_url = format!("http://{}", SocketAddr::new(ip, local.port()));
    let snapshot = snapshot(base_url.clone());
    let sources = outlets()
        .iter()
        .map(|o| DemoSource {
            name: o.name.clone(),
            feed_url: snapshot.site.feed_url(o),
            home_url: snapshot.site.home_url(o),
        })
        .collect();
    let app = server::router(snapshot.site.clone());
    let server = tokio::spawn(async move {
        // The listener is already bound; serving ends only with an IO error or when aborted.
        let _ = axum::serve(listener, app).await;
    });
    Ok(Wire {
        weather_base: base_url.clone(),
        base_url,
        sources,
        snapshot,
        server,
    })
}

/// The wire's documents rendered without a server, for tests that want the bytes only (parser
/// and extractor golden files). A running [`Wire`] serves exactly these documents.
#[derive(Debug, Clone)]
pub struct Snapshot {
    site: site::Site,
}

impl Snapshot {
    /// The documents as a wire at `base_url` (e.g. `http://127.0.0.1:8080`) started at `now`
    /// would serve them.
    pub fn new(base_url: &str, now: DateTime<Utc>) -> Snapshot {
        Snapshot {
            site: site::Site::new(base_url.trim_end_matches('/').to_string(), now),
        }
    }

    /// The same wire, seen at `now` (later than the start to see [`scheduled`] stories).
    pub fn at(&self, now: DateTime<Utc>) -> Snapshot {
        Snapshot {
            site: self.site.at(now),
        }
    }

    /// The moment `hours_ago` counts back from (the start of the wire, to the minute).
    pub fn started_at(&self) -> DateTime<Utc> {
        self.site.started
    }

    /// When the wire says `a` was published.
    pub fn published(&self, a: &Article) -> DateTime<Utc> {
        self.site.published(a)
    }

    /// When the wire says `a` was last modified (equal to or after `published`).
    pub fn updated(&self, a: &Article) -> DateTime<Utc> {
        self.site.updated(a)
    }

    /// The canonical URL of `a`'s page, as its feed links it.
    pub fn article_url(&self, a: &Article) -> String {
        self.site.article_url(a)
    }

    /// The URL of `a`'s lead image.
    pub fn image_url(&self, a: &Article) -> String {
        self.site.image_url(a)
    }

    /// The feed URL of the outlet with slug `outlet`.
    pub fn feed_url(&self, outlet: &str) -> Option<String> {
        content::outlet(outlet).map(|o| self.site.feed_url(o))
    }

    /// The feed document of the outlet with slug `outlet`, in its format.
    pub fn feed(&self, outlet: &str) -> Option<String> {
        content::outlet(outlet).map(|o| feeds::render(&self.site, o))
    }

    /// The home page of the outlet with slug `outlet`.
    pub fn home_page(&self, outlet: &str) -> Option<String> {
        content::outlet(outlet).map(|o| pages::home_page(&self.site, o))
    }

    /// The article page of the article with slug `slug`, with all its clutter; `None` for an
    /// unknown slug or a story not yet out. This is text: an outlet with a legacy `charset`
    /// serves it encoded in that charset.
    pub fn article_page(&self, slug: &str) -> Option<String> {
        let a = content::article(slug).filter(|a| self.site.is_out(a))?;
        let o = content::outlet(&a.outlet)?;
        Some(pages::article_page(&self.site, o, a))
    }

    /// The SVG lead image of the article with slug `slug`.
    pub fn image(&self, slug: &str) -> Option<String> {
        let a = content::article(slug)?;
        let o = content::outlet(&a.outlet)?;
        Some(image::svg(a, &o.name))
    }
}

impl Wire {
    /// The documents this wire serves, rendered in process.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The moment `hours_ago` counts back from (the start of the wire, to the minute).
    pub fn started_at(&self) -> DateTime<Utc> {
        self.snapshot.started_at()
    }

    /// When the wire says `a` was published.
    pub fn published(&self, a: &Article) -> DateTime<Utc> {
        self.snapshot.published(a)
    }

    /// When the wire says `a` was last modified (equal to or after [`Wire::published`]).
    pub fn updated(&self, a: &Article) -> DateTime<Utc> {
        self.snapshot.updated(a)
    }

    /// The canonical URL of `a`'s page, as its feed links it.
    pub fn article_url(&self, a: &Article) -> String {
        self.snapshot.article_url(a)
    }

    /// The URL of `a`'s lead image.
    pub fn image_url(&self, a: &Article) -> String {
        self.snapshot.image_url(a)
    }

    /// The feed URL of the outlet with slug `outlet`.
    pub fn feed_url(&self, outlet: &str) -> Option<String> {
        self.snapshot.feed_url(outlet)
    }
}

impl Drop for Wire {
    fn drop(&mut self) {
        self.server.abort();
    }
}
