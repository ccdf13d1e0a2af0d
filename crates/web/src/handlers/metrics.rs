//! `/metrics`: the fetcher's and the poller's counters and a few gauges read from the store,
//! in Prometheus' text exposition format (0.0.4). Written by hand: the format is a few lines
//! of text, and a metrics library would be among the heaviest dependencies of the crate.
//!
//! The counters live where they are measured (`Fetcher::metrics`, `Pipeline::metrics`); the
//! binary hands them over with [`AppState::with_metrics`]. Without them the endpoint still
//! serves the store's gauges.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_fetch::{FetchMetricsSnapshot, Fetcher};

use crate::AppState;

/// The poller's totals, as the binary reads them from the pipeline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PollCounts {
    pub ok: u64,
    pub not_modified: u64,
    pub failed: u64,
    pub store_errors: u64,
    pub entries_inserted: u64,
    pub entries_updated: u64,
    pub entries_unchanged: u64,
    pub pages_extracted: u64,
    /// Now, not totals: parse and extraction jobs queued for the CPU pool or running on it, and
    /// article pages in hand (from their request to the end of their extraction).
    pub cpu_jobs: u64,
    pub pages_in_hand: u64,
}

/// Where `/metrics` reads the counters of the running process.
#[derive(Clone)]
pub(crate) struct MetricsSources {
    fetcher: Fetcher,
    polls: Arc<dyn Fn() -> PollCounts + Send + Sync>,
}

impl AppState {
    /// Serves the counters of `fetcher` and those `polls` returns on `/metrics`. Call once,
    /// at start-up; later calls are ignored.
    pub fn with_metrics(
        self,
        fetcher: Fetcher,
        polls: impl Fn() -> PollCounts + Send + Sync + 'static,
    ) -> Self {
        let _ = self.inner.metrics.set(MetricsSources {
            fetcher,
            polls: Arc::new(polls),
        });
        self
    }
}

/// Gauges read from the store at scrape time.
#[derive(Debug, Clone, Copy, Default)]
struct StoreGauges {
    sources_ok: u64,
    sources_failing: u64,
    entries: i64,
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let gauges = async {
        let sources = state.store().list_sources().await?;
        let failing = sources
            .iter()
            .filter(|s| s.consecutive_failures > 0)
            .count() as u64;
        Ok::<_, gazette_store::StoreError>(StoreGauges {
            sources_ok: sources.len() as u64 - failing,
            sources_failing: failing,
            entries: state.store().count_entries().await?,
        })
    }
    .await;
    let gauges = match gauges {
        Ok(g) => Some(g),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the store did not answer");
            None
        }
    };
    let counters = state.inner.metrics.get().map(|m| {
        (
            m.fetcher.metrics().snapshot(),
            (m.polls)(),
            m.fetcher.in_flight() as u64,
        )
    });
    let mut body = render(counters.as_ref(), gauges);
    render_page_cache(&mut body, state.page_cache());
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// The rendered-page cache's figures: hits and misses since start, and what it holds.
fn render_page_cache(out: &mut String, cache: &crate::cache::PageCache) {
    use std::sync::atomic::Ordering;
    family(
        out,
        "gazette_page_cache_requests_total",
        "counter",
        "Requests for cacheable pages by outcome (hit: served from memory; miss: rendered).",
    );
    let hits = cache.hits.load(Ordering::Relaxed);
    let misses = cache.misses.load(Ordering::Relaxed);
    let _ = writeln!(
        out,
        "gazette_page_cache_requests_total{{outcome=\"hit\"}} {hits}"
    );
    let _ = writeln!(
        out,
        "gazette_page_cache_requests_total{{outcome=\"miss\"}} {misses}"
    );
    family(
        out,
        "gazette_page_cache_bytes",
        "gauge",
        "Bytes of rendered pages held, all encodings counted.",
    );
    let _ = writeln!(out, "gazette_page_cache_bytes {}", cache.bytes());
}

fn render(
    counters: Option<&(FetchMetricsSnapshot, PollCounts, u64)>,
    gauges: Option<StoreGauges>,
) -> String {
    let mut out = String::with_capacity(8 * 1024);
    if let Some((fetch, polls, in_flight)) = counters {
        family(
            &mut out,
            "gazette_fetches_total",
            "counter",
            "Fetches by kind and outcome (ok, not_modified, or the error's code).",
        );
        for (kind, outcome, n) in &fetch.outcomes {
            let _ = writeln!(
                out,
                "gazette_fetches_total{{kind=\"{kind}\",outcome=\"{outcome}\"}} {n}"
            );
        }
        family(
            &mut out,
            "gazette_fetch_duration_seconds",
            "histogram",
            "Time from the start of a fetch to its result, waits for the host's turn included.",
        );
        let name = "gazette_fetch_duration_seconds";
        for (kind, h) in &fetch.latency {
            for (le, n) in &h.cumulative {
                let _ = writeln!(out, "{name}_bucket{{kind=\"{kind}\",le=\"{le}\"}} {n}");
            }
            let _ = writeln!(
                out,
                "{name}_bucket{{kind=\"{kind}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(out, "{name}_sum{{kind=\"{kind}\"}} {}", h.sum_seconds);
            let _ = writeln!(out, "{name}_count{{kind=\"{kind}\"}} {}", h.count);
        }
        family(
            &mut out,
            "gazette_polls_total",
            "counter",
            "Polls of a source by outcome (failed: the error is recorded on the source).",
        );
        for (outcome, n) in [
            ("ok", polls.ok),
            ("not_modified", polls.not_modified),
            ("failed", polls.failed),
            ("store_error", polls.store_errors),
        ] {
            let _ = writeln!(out, "gazette_polls_total{{outcome=\"{outcome}\"}} {n}");
        }
        family(
            &mut out,
            "gazette_poll_entries_total",
            "counter",
            "Feed entries seen by polls: inserted, updated, or skipped as unchanged.",
        );
        for (change, n) in [
            ("inserted", polls.entries_inserted),
            ("updated", polls.entries_updated),
            ("unchanged", polls.entries_unchanged),
        ] {
            let _ = writeln!(out, "gazette_poll_entries_total{{change=\"{change}\"}} {n}");
        }
        family(
            &mut out,
            "gazette_pages_extracted_total",
            "counter",
            "Article pages fetched, extracted and used instead of the feed's content.",
        );
        let _ = writeln!(
            out,
            "gazette_pages_extracted_total {}",
            polls.pages_extracted
        );
        family(
            &mut out,
            "gazette_in_progress",
            "gauge",
            "Work in progress by stage: requests in flight, article pages in hand (request to \
             end of extraction), jobs queued for or running on the CPU pool.",
        );
        for (stage, n) in [
            ("requests", *in_flight),
            ("pages_in_hand", polls.pages_in_hand),
            ("cpu_jobs", polls.cpu_jobs),
        ] {
            let _ = writeln!(out, "gazette_in_progress{{stage=\"{stage}\"}} {n}");
        }
    }
    if let Some(g) = gauges {
        family(
            &mut out,
            "gazette_sources",
            "gauge",
            "Followed sources by health (failing: the last poll failed).",
        );
        let _ = writeln!(out, "gazette_sources{{health=\"ok\"}} {}", g.sources_ok);
        let _ = writeln!(
            out,
            "gazette_sources{{health=\"failing\"}} {}",
            g.sources_failing
        );
        family(&mut out, "gazette_entries", "gauge", "Stored entries.");
        let _ = writeln!(out, "gazette_entries {}", g.entries);
    }
    family(
        &mut out,
        "gazette_store_up",
        "gauge",
        "1 when the store answered this scrape.",
    );
    let _ = writeln!(out, "gazette_store_up {}", u8::from(gauges.is_some()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_has_every_family_once_and_valid_lines() {
        let fetch = gazette_fetch::FetchMetrics::default().snapshot();
        let polls = PollCounts {
            ok: 3,
            failed: 1,
            entries_inserted: 40,
            ..PollCounts::default()
        };
        let gauges = StoreGauges {
            sources_ok: 3,
            sources_failing: 1,
            entries: 40,
        };
        let text = render(Some(&(fetch, polls, 0)), Some(gauges));
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let (series, value) = line.rsplit_once(' ').unwrap();
            assert!(value.parse::<f64>().is_ok(), "{line}");
            assert!(series.starts_with("gazette_"), "{line}");
        }
        assert!(text.contains("gazette_fetches_total{kind=\"feed\",outcome=\"timeout\"} 0"));
        assert!(
            text.contains("gazette_fetch_duration_seconds_bucket{kind=\"page\",le=\"+Inf\"} 0")
        );
        assert!(text.contains("gazette_polls_total{outcome=\"failed\"} 1"));
        assert!(text.contains("gazette_poll_entries_total{change=\"inserted\"} 40"));
        assert!(text.contains("gazette_sources{health=\"failing\"} 1"));
        assert!(text.contains("gazette_store_up 1"));
        assert_eq!(text.matches("# TYPE gazette_fetches_total ").count(), 1);

        let bare = render(None, None);
        assert_eq!(bare.trim_end().lines().last(), Some("gazette_store_up 0"));
    }
}
