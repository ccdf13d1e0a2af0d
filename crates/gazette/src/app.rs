//! Wiring: builds the store, fetcher, pipeline and website from the configuration.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use gazette_fetch::{FetchConfig, Fetcher};
use gazette_pipeline::{Pipeline, PipelineConfig, Schedule};
use gazette_store::{PgStore, SqliteStore, Store};

use crate::config::Config;

/// The assembled parts of a running Gazette.
pub struct App {
    pub store: Arc<dyn Store>,
    pub pipeline: Pipeline,
}

impl App {
    /// Opens the database (PostgreSQL at `database_url`, else SQLite in the data directory)
    /// and builds the pipeline.
    pub async fn open(config: Config) -> Result<App> {
        let store: Arc<dyn Store> = if config.database_url.trim().is_empty() {
            Arc::new(
                SqliteStore::open_dir_with(
                    &config.data_dir,
                    connections(
                        config.database_connections,
                        gazette_store::SQLITE_CONNECTIONS,
                    ),
                )
                .await
                .with_context(|| {
                    format!("cannot open the database in {}", config.data_dir.display())
                })?,
            )
        } else {
            Arc::new(
                PgStore::connect_with(
                    config.database_url.trim(),
                    connections(
                        config.database_connections,
                        gazette_store::POSTGRES_CONNECTIONS,
                    ),
                )
                .await
                .with_context(|| {
                    format!(
                        "cannot open the PostgreSQL database {}",
                        config.shown().database_url
                    )
                })?,
            )
        };
        Self::with_store(config, store)
    }

    pub fn with_store(config: Config, store: Arc<dyn Store>) -> Result<App> {
        let fetcher =
            Fetcher::new(fetch_config(&config)).context("cannot build the HTTP client")?;
        let p = &config.polling;
        let pipeline = Pipeline::new(
            store.clone(),
            fetcher,
            PipelineConfig {
                concurrent_sources: p.concurrent_sources.max(1),
                concurrent_pages: p.concurrent_pages.max(1),
                schedule: Schedule {
                    min: Duration::from_secs(p.min_interval_minutes * 60),
                    max: Duration::from_secs(p.max_interval_minutes * 60),
                    default: Duration::from_secs(p.default_interval_minutes * 60),
                },
                websub_site: p.websub.then(|| base_url(&config)),
                ..PipelineConfig::default()
            },
        );
        Ok(App { store, pipeline })
    }
}

/// The public URL of the site: configured, else derived from the listen address.
pub fn base_url(config: &Config) -> String {
    let url = config.site.url.trim().trim_end_matches('/');
    if url.is_empty() {
        format!("http://{}", config.server.listen)
    } else {
        url.to_string()
    }
}

fn fetch_config(config: &Config) -> FetchConfig {
    let f = &config.fetch;
    FetchConfig {
        user_agent: format!(
            "Gazette/{} (+{})",
            env!("CARGO_PKG_VERSION"),
            base_url(config)
        ),
        connect_timeout: Duration::from_secs(f.connect_timeout_seconds.max(1)),
        total_timeout: Duration::from_secs(f.timeout_seconds.max(1)),
        max_feed_bytes: f.max_feed_bytes,
        max_page_bytes: f.max_page_bytes,
        per_host_concurrency: f.per_host_concurrency.max(1),
        per_host_delay: Duration::from_millis(f.per_host_delay_ms),
        max_in_flight: f.max_in_flight.max(1),
        allow_private_addresses: config.allow_private_addresses,
        ..FetchConfig::default()
    }
}

/// The `database_connections` setting: 0 means the store's own default.
fn connections(setting: u32, default: u32) -> u32 {
    if setting == 0 { default } else { setting }
}
