//! `gazette serve`: the website plus background polling, optionally over the offline demo wire.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use gazette_model::ExtractMode;
use gazette_store::{NewSource, SqliteStore, StoreError};
use gazette_web::{AdConfig, AppState, SiteConfig, WeatherCache, WeatherSettings};

use crate::app::{App, base_url};
use crate::config::Config;

pub struct ServeOptions {
    pub demo: bool,
    pub poll: bool,
}

pub async fn serve(mut config: Config, opts: ServeOptions) -> Result<()> {
    let started = Instant::now();
    let listener = tokio::net::TcpListener::bind(&config.server.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.server.listen))?;
    let addr = listener.local_addr()?;
    config.server.listen = addr.to_string();

    let (app, _wire) = if opts.demo {
        let (app, wire) = demo_app(&mut config).await?;
        (app, Some(wire))
    } else {
        (App::open(config.clone()).await?, None)
    };

    let weather = WeatherCache::default();
    // Without a configured city the refresher waits until an editor names one in the admin.
    let _weather_task = {
        weather.spawn_refresher(
            WeatherSettings {
                city: config.weather.city.clone(),
                latitude: config.weather.latitude,
                longitude: config.weather.longitude,
                api_base: config.weather.api_base.clone(),
                geocoding_base: config.weather.geocoding_base.clone(),
            },
            app.pipeline.fetcher().clone(),
            Duration::from_secs(config.weather.refresh_minutes * 60),
        )
    };
    let polls = app.pipeline.clone();
    let state = AppState::new(app.store.clone(), site_config(&config)?, weather)?.with_metrics(
        app.pipeline.fetcher().clone(),
        move || {
            let s = polls.metrics().snapshot();
            let g = polls.gauges();
            gazette_web::PollCounts {
                ok: s.ok,
                not_modified: s.not_modified,
                failed: s.failed,
                store_errors: s.store_errors,
                entries_inserted: s.entries_inserted,
                entries_updated: s.entries_updated,
                entries_unchanged: s.entries_unchanged,
                pages_extracted: s.pages_extracted,
                cpu_jobs: g.cpu_jobs as u64,
                pages_in_hand: g.pages_in_hand as u64,
            }
        },
    );
    if config.site.proxy_images {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create {}", config.data_dir.display()))?;
        let key_path = config.data_dir.join("media.key");
        let key = gazette_web::media::MediaProxy::load_key(&key_path)
            .with_context(|| format!("cannot read or create {}", key_path.display()))?;
        state.set_media_proxy(gazette_web::media::MediaProxy::new(
            &key,
            app.pipeline.fetcher().clone(),
        ));
    }
    state.set_pipeline(app.pipeline.clone());
    state
        .reload_settings()
        .await
        .context("cannot read the site settings stored by the admin")?;
    // With a WebSub hub configured, it is told within a minute which feeds changed.
    let _hub = state.spawn_hub_pinger(app.pipeline.fetcher().clone(), Duration::from_secs(60));
    let _flusher = state.spawn_view_flusher(Duration::from_secs(10));
    // Cached pages follow the hot list and topics, and the writes of other processes (a
    // `gazette poll` beside this one, or other servers on one PostgreSQL database).
    let _widgets = state.spawn_widget_refresher(Duration::from_secs(30));
    app.store
        .watch_other_processes()
        .await
        .context("cannot follow the database's changes")?;
    // Rebuilding the clusterer reads the whole window: it runs beside the server, which answers
    // at once (stories already stored are shown meanwhile). With PostgreSQL one of the
    // processes serving the site runs the desk, and another takes over when that one stops.
    let desk_every = Duration::from_millis(if opts.demo { 500 } else { 5000 });
    let stop = app.pipeline.stop_signal().clone();
    let desk_task = gazette_pipeline::StoryDesk::spawn_when_leading(
        app.store.clone(),
        desk_every,
        stop.clone(),
    );
    let retention =
        gazette_pipeline::Retention::spawn_if_set(config.retention_days, app.store.clone());
    // The first tick comes at once: new sources (all of the demo's) are due immediately.
    let poller = opts.poll.then(|| {
        app.pipeline
            .spawn_scheduler(Duration::from_secs(config.polling.tick_seconds.max(1)))
    });

    let router = gazette_web::router(state.clone());
    tracing::info!(url = %base_url(&config), startup_ms = started.elapsed().as_millis() as u64, "serving");
    println!(
        "Gazette is serving {} (Ctrl-C or SIGTERM stops it)",
        base_url(&config)
    );
    let limits = gazette_web::ServerLimits {
        max_connections: config.server.max_connections,
        header_timeout: Duration::from_secs(config.server.header_timeout_seconds),
        drain_timeout: Duration::from_secs(config.server.shutdown_seconds),
    };
    // On SIGTERM or Ctrl-C the server stops accepting and drains while the pipeline stops
    // claiming work; both get `shutdown_seconds` from the signal, then the rest is cut off.
    let grace = Duration::from_secs(config.server.shutdown_seconds);
    let signalled = Arc::new(std::sync::OnceLock::new());
    let on_signal = {
        let (stop, signalled) = (stop.clone(), signalled.clone());
        async move {
            let _ = signalled.set(crate::shutdown::stop_on_signal(stop, grace).await);
        }
    };
    let served = gazette_web::serve(listener, router, limits, on_signal).await;
    let work = std::iter::once(desk_task).chain(poller).collect();
    crate::shutdown::finish(&stop, work, retention, grace, signalled.get().copied()).await;
    state.flush_views().await;
    served.context("server failed")?;
    tracing::info!("stopped");
    Ok(())
}

/// The offline demo: starts the in-process news wire, points the configuration at it and
/// returns an app over a fresh SQLite database that follows the wire's sources. The wire runs
/// as long as the returned handle lives.
async fn demo_app(config: &mut Config) -> Result<(App, gazette_demo::Wire)> {
    let wire = gazette_demo::start("127.0.0.1:0".parse()?)
        .await
        .context("cannot start the demo news wire")?;
    // The wire is this process's own loopback server: the SSRF guard must let it through
    // and there is no publisher to be polite to.
    config.allow_private_addresses = true;
    config.fetch.per_host_delay_ms = 0;
    config.fetch.per_host_concurrency = 8;
    config.weather.api_base = wire.weather_base.clone();
    config.weather.geocoding_base = wire.weather_base.clone();
    // A fresh database each start: the wire's port changes from run to run.
    let dir = config.data_dir.join("demo");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("cannot reset {}", dir.display()))?;
    }
    let store = SqliteStore::open_dir(&dir).await?;
    let app = App::with_store(config.clone(), Arc::new(store))?;
    for s in &wire.sources {
        match app
            .store
            .add_source(NewSource {
                url: s.feed_url.clone(),
                name: Some(s.name.clone()),
                extract_mode: ExtractMode::Auto,
            })
            .await
        {
            Ok(_) | Err(StoreError::DuplicateSource(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    tracing::info!(wire = %wire.base_url, sources = wire.sources.len(), data_dir = %dir.display(), "demo news wire started");
    Ok((app, wire))
}

pub fn site_config(config: &Config) -> Result<SiteConfig> {
    let s = &config.site;
    let nonempty = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    Ok(SiteConfig {
        name: s.name.clone(),
        tagline: nonempty(&s.tagline),
        description: s.description.clone(),
        base_url: base_url(config),
        lang: s.lang.clone(),
        time_zone: config.time_zone()?,
        ads: AdConfig {
            every_paragraphs: config.ads.every_paragraphs,
            label: config.ads.label.clone(),
            html: nonempty(&config.ads.html),
        },
        theme_dir: nonempty(&s.theme_dir).map(Into::into),
        page_size: s.page_size,
        page_cache_bytes: s.page_cache_mb.saturating_mul(1024 * 1024),
        content_security_policy: nonempty(&s.content_security_policy),
        websub_hub: nonempty(&s.websub_hub).filter(|h| gazette_model::web_link(h).is_some()),
    })
}
