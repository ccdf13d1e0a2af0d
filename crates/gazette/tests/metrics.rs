//! `/metrics` over real HTTP, wired the way the binary wires it: the fetcher's and the
//! pipeline's counters after a round of polling, in Prometheus' text format.

mod support;

use std::sync::Arc;
use std::time::Duration;

use gazette_fetch::{FetchConfig, Fetcher};
use gazette_model::ExtractMode;
use gazette_pipeline::{Pipeline, PipelineConfig};
use gazette_store::{NewSource, SqliteStore, Store};
use gazette_web::{AdConfig, AppState, PollCounts, SiteConfig, WeatherCache};
use support::{get_page, start_fixture};

fn site() -> SiteConfig {
    SiteConfig {
        name: "Metrics Gazette".into(),
        tagline: None,
        description: "Test portal".into(),
        base_url: "http://portal.test".into(),
        lang: "en".into(),
        time_zone: chrono_tz::UTC,
        ads: AdConfig::default(),
        theme_dir: None,
        page_size: 24,
        ..SiteConfig::default()
    }
}

/// The value of one series (`name{labels}`) in an exposition.
fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no series {series} in:\n{text}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_fetches_polls_and_source_health() {
    let fixture = start_fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).await.unwrap());
    for url in [
        format!("{}/rss.xml", fixture.base),
        fixture.closed_url.clone(),
    ] {
        store
            .add_source(NewSource {
                url,
                name: None,
                extract_mode: ExtractMode::Auto,
            })
            .await
            .unwrap();
    }
    let fetcher = Fetcher::new(FetchConfig {
        allow_private_addresses: true,
        per_host_delay: Duration::ZERO,
        total_timeout: Duration::from_secs(3),
        ..FetchConfig::default()
    })
    .unwrap();
    let pipeline = Pipeline::new(store.clone(), fetcher, PipelineConfig::default());
    pipeline.poll_due(true).await.unwrap();
    pipeline.poll_due(true).await.unwrap();

    let polls = pipeline.clone();
    let state = AppState::new(store.clone(), site(), WeatherCache::default())
        .unwrap()
        .with_metrics(pipeline.fetcher().clone(), move || {
            let s = polls.metrics().snapshot();
            PollCounts {
                ok: s.ok,
                not_modified: s.not_modified,
                failed: s.failed,
                store_errors: s.store_errors,
                entries_inserted: s.entries_inserted,
                entries_updated: s.entries_updated,
                entries_unchanged: s.entries_unchanged,
                pages_extracted: s.pages_extracted,
                cpu_jobs: polls.gauges().cpu_jobs as u64,
                pages_in_hand: polls.gauges().pages_in_hand as u64,
            }
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let web = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, gazette_web::router(state)).await;
    });

    let page = get_page(&web, "/metrics").await;
    assert_eq!(page.status, 200);
    assert!(
        page.headers.contains("text/plain; version=0.0.4"),
        "{}",
        page.headers
    );
    let text = page.body;
    assert_eq!(
        value(&text, r#"gazette_fetches_total{kind="feed",outcome="ok"}"#),
        1.0
    );
    assert_eq!(
        value(
            &text,
            r#"gazette_fetches_total{kind="feed",outcome="not_modified"}"#
        ),
        1.0
    );
    assert_eq!(
        value(
            &text,
            r#"gazette_fetches_total{kind="feed",outcome="connect"}"#
        ),
        2.0
    );
    assert_eq!(
        value(&text, r#"gazette_fetches_total{kind="page",outcome="ok"}"#),
        2.0,
        "the fixture's two partial entries were completed from their pages"
    );
    assert_eq!(
        value(
            &text,
            r#"gazette_fetch_duration_seconds_count{kind="feed"}"#
        ),
        4.0
    );
    assert_eq!(
        value(
            &text,
            r#"gazette_fetch_duration_seconds_bucket{kind="feed",le="+Inf"}"#
        ),
        4.0
    );
    assert_eq!(value(&text, r#"gazette_polls_total{outcome="ok"}"#), 1.0);
    assert_eq!(
        value(&text, r#"gazette_polls_total{outcome="not_modified"}"#),
        1.0
    );
    assert_eq!(
        value(&text, r#"gazette_polls_total{outcome="failed"}"#),
        2.0
    );
    assert_eq!(
        value(&text, r#"gazette_poll_entries_total{change="inserted"}"#),
        2.0
    );
    assert_eq!(value(&text, r#"gazette_sources{health="ok"}"#), 1.0);
    assert_eq!(value(&text, r#"gazette_sources{health="failing"}"#), 1.0);
    assert_eq!(value(&text, "gazette_entries"), 2.0);
    assert_eq!(value(&text, "gazette_store_up"), 1.0);
    // Nothing is in progress once the polls are done.
    for stage in ["requests", "pages_in_hand", "cpu_jobs"] {
        assert_eq!(
            value(&text, &format!("gazette_in_progress{{stage=\"{stage}\"}}")),
            0.0
        );
    }
}
