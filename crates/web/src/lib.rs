//! The public website: server-rendered HTML pages, outgoing feeds, a sitemap and health checks.
//!
//! This is the only crate that knows HTTP, HTML templates and the JSON served to browsers. It reads
//! through an `Arc<dyn Store>`; it writes only editors' decisions, through the authenticated
//! admin under `/admin` ([`admin`]), and anonymous
//! view counts (no cookies, no addresses), batched in memory and flushed periodically.
//!
//! Templates are embedded and rendered with minijinja with HTML autoescaping forced on for every
//! template, including a site owner's overrides from the theme directory.

pub mod admin;
mod ads;
pub mod cache;
mod error;
mod handlers;
pub mod media;
mod router;
mod security;
pub mod server;
mod structured;
mod templates;
mod views;
mod weather;
pub mod websub;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono_tz::Tz;
use gazette_store::Store;

pub use ads::insert_ad_slots;
pub use handlers::metrics::PollCounts;
pub use router::router;
pub use server::{ServerLimits, serve};
pub use templates::TemplateError;
pub use views::article_path;
pub use weather::{WeatherCache, WeatherSettings};

/// How the site looks and what it says about itself.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub name: String,
    pub tagline: Option<String>,
    pub description: String,
    /// Absolute base URL used for canonical links, feeds and the sitemap (no trailing slash).
    pub base_url: String,
    /// The `lang` of pages.
    pub lang: String,
    pub time_zone: Tz,
    pub ads: AdConfig,
    /// A directory whose `templates/*.html` and `static/style.css` override the embedded theme.
    pub theme_dir: Option<PathBuf>,
    /// Entries per page on lists.
    pub page_size: u32,
    /// Bytes of rendered pages kept in memory (all encodings counted); 0 turns the cache off.
    pub page_cache_bytes: u64,
    /// The Content-Security-Policy of pages; `None` for the theme's own (see `security`).
    pub content_security_policy: Option<String>,
    /// A WebSub hub the feeds name and that is told when they change ([`websub`]).
    pub websub_hub: Option<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            name: "Gazette".into(),
            tagline: None,
            description: String::new(),
            base_url: "http://localhost:8080".into(),
            lang: "en".into(),
            time_zone: chrono_tz::UTC,
            ads: AdConfig::default(),
            theme_dir: None,
            page_size: 24,
            page_cache_bytes: 64 * 1024 * 1024,
            content_security_policy: None,
            websub_hub: None,
        }
    }
}

/// In-article ad slots.
#[derive(Debug, Clone)]
pub struct AdConfig {
    /// Insert a slot after every `every_paragraphs` top-level paragraphs; 0 turns slots off.
    pub every_paragraphs: usize,
    /// The label shown in each slot.
    pub label: String,
    /// An HTML snippet from the site owner placed in each slot (trusted: it comes from config).
    pub html: Option<String>,
}

impl Default for AdConfig {
    fn default() -> Self {
        AdConfig {
            every_paragraphs: 4,
            label: "STORY CONTINUES BELOW THIS AD".into(),
            html: None,
        }
    }
}

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    /// The site as the configuration file and environment say.
    configured_site: SiteConfig,
    /// The site as shown: the configuration with the settings stored by the admin over it.
    site: std::sync::RwLock<Arc<SiteConfig>>,
    stored_settings: std::sync::RwLock<admin::StoredSettings>,
    admin: admin::Admin,
    /// Set by the binary: lets the admin discover feeds and poll sources now.
    pipeline: std::sync::OnceLock<gazette_pipeline::Pipeline>,
    templates: templates::Templates,
    weather: WeatherCache,
    views: views::ViewCounter,
    widgets: views::WidgetCache,
    metrics: std::sync::OnceLock<handlers::metrics::MetricsSources>,
    /// Set once by [`AppState::set_media_proxy`]; the templates' `media` filter reads it too.
    media: Arc<std::sync::OnceLock<media::MediaProxy>>,
    pages: cache::PageCache,
    /// Built at the first response, once the media proxy is known.
    security: std::sync::OnceLock<security::SecurityHeaders>,
    /// The store's counter of changes to what pages show.
    changes: gazette_store::Changes,
}

impl AppState {
    /// Loads templates (embedded, then the theme's overrides) and prepares shared state.
    pub fn new(
        store: Arc<dyn Store>,
        site: SiteConfig,
        weather: WeatherCache,
    ) -> Result<Self, TemplateError> {
        let media: Arc<std::sync::OnceLock<media::MediaProxy>> = Arc::default();
        let templates = templates::Templates::load(site.theme_dir.as_deref(), media.clone())?;
        Ok(AppState {
            inner: Arc::new(Inner {
                media,
                pages: cache::PageCache::new(site.page_cache_bytes),
                security: std::sync::OnceLock::new(),
                changes: store.changes(),
                store,
                site: std::sync::RwLock::new(Arc::new(site.clone())),
                configured_site: site,
                stored_settings: Default::default(),
                admin: admin::Admin::new(),
                pipeline: std::sync::OnceLock::new(),
                templates,
                weather,
                views: views::ViewCounter::default(),
                widgets: views::WidgetCache::default(),
                metrics: std::sync::OnceLock::new(),
            }),
        })
    }

    /// Writes counted views to the store every `period` until the task is dropped. Call once.
    pub fn spawn_view_flusher(&self, period: Duration) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                state.flush_views().await;
            }
        })
    }

    /// Writes counted views to the store now (also used at shutdown).
    pub async fn flush_views(&self) {
        let batch = self.inner.views.take();
        if batch.is_empty() {
            return;
        }
        if let Err(e) = self.inner.store.record_views(&batch).await {
            tracing::warn!(error = %e, views = batch.len(), "could not record article views");
        }
    }

    /// Serves stories' images from the site's own `/media/...` addresses from now on
    /// (see [`media`]). Later calls are ignored.
    pub fn set_media_proxy(&self, proxy: media::MediaProxy) {
        let _ = self.inner.media.set(proxy);
    }

    /// Refreshes the navigation, topic chips and hot list every `period` until the task is
    /// dropped, so that cached pages are rendered again when those change (and only then).
    pub fn spawn_widget_refresher(&self, period: Duration) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = state.reload_settings().await {
                    tracing::warn!(error = %e, "cannot read the stored site settings");
                }
                if let Err(e) = state.refresh_widgets().await {
                    tracing::warn!(error = %e, "cannot refresh the hot list and topics");
                }
            }
        })
    }

    /// What cached pages must have been rendered under to be served.
    pub fn stamp(&self) -> cache::Stamp {
        cache::Stamp {
            content: self.inner.changes.version(),
            widgets: self.inner.widgets.generation(),
            weather: self.inner.weather.generation(),
        }
    }

    /// The rendered-page cache (for its figures).
    pub fn page_cache(&self) -> &cache::PageCache {
        &self.inner.pages
    }

    fn security(&self) -> &security::SecurityHeaders {
        self.inner.security.get_or_init(|| {
            security::SecurityHeaders::new(
                &self.inner.configured_site.base_url,
                self.inner
                    .configured_site
                    .content_security_policy
                    .as_deref(),
                self.media().is_some(),
            )
        })
    }

    fn pages(&self) -> &cache::PageCache {
        &self.inner.pages
    }

    fn count_view(&self, id: gazette_model::EntryId) {
        self.inner.views.count(id, chrono::Utc::now());
    }

    fn media(&self) -> Option<&media::MediaProxy> {
        self.inner.media.get()
    }

    fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }
    /// The site as shown now (the admin's stored settings over the configuration).
    fn site(&self) -> Arc<SiteConfig> {
        self.inner
            .site
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Lets the admin find a site's feed and poll sources at once, through the same pipeline
    /// the scheduler runs. Later calls are ignored.
    pub fn set_pipeline(&self, pipeline: gazette_pipeline::Pipeline) {
        let _ = self.inner.pipeline.set(pipeline);
    }

    /// Reads the settings stored by the admin and applies them over the configuration: the
    /// site's name, URL, time zone, ads, and the weather's city.
    pub async fn reload_settings(&self) -> Result<(), gazette_store::StoreError> {
        let stored = admin::StoredSettings::new(self.inner.store.settings().await?);
        let mut current = self
            .inner
            .stored_settings
            .write()
            .unwrap_or_else(|e| e.into_inner());
        if *current == stored {
            return Ok(());
        }
        let site = stored.apply(&self.inner.configured_site);
        if let Some((city, lat, lon)) = stored.weather() {
            self.inner.weather.relocate(&city, lat, lon);
        }
        *self.inner.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
        *current = stored;
        // Pages rendered under the old settings must go.
        self.inner.changes.bump();
        Ok(())
    }

    /// The site as the configuration file and environment say, before stored settings.
    fn configured_site(&self) -> &SiteConfig {
        &self.inner.configured_site
    }

    fn stored_settings(&self) -> admin::StoredSettings {
        self.inner
            .stored_settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}
