//! Counters of polls, kept where polls are judged: how many ended in new content, a 304 or
//! an error, and how many entries they wrote. Read by the website's `/metrics` endpoint
//! through [`Pipeline::metrics`](crate::Pipeline::metrics); the fetches themselves are
//! counted by the fetcher.

use std::sync::atomic::{AtomicU64, Ordering};

/// Totals since start-up, shared by every clone of a [`Pipeline`](crate::Pipeline).
#[derive(Debug, Default)]
pub struct PollMetrics {
    ok: AtomicU64,
    not_modified: AtomicU64,
    failed: AtomicU64,
    store_errors: AtomicU64,
    inserted: AtomicU64,
    updated: AtomicU64,
    unchanged: AtomicU64,
    extracted: AtomicU64,
}

/// A copy of [`PollMetrics`] for exposition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PollMetricsSnapshot {
    /// Polls that fetched and stored a feed document.
    pub ok: u64,
    /// Polls answered 304.
    pub not_modified: u64,
    /// Polls whose error was recorded on the source (fetch, parse, timeout).
    pub failed: u64,
    /// Polls whose outcome could not be stored at all.
    pub store_errors: u64,
    pub entries_inserted: u64,
    pub entries_updated: u64,
    /// Entries skipped because their feed hash was stored unchanged.
    pub entries_unchanged: u64,
    /// Article pages fetched, extracted and used.
    pub pages_extracted: u64,
}

fn add(counter: &AtomicU64, n: usize) {
    counter.fetch_add(n as u64, Ordering::Relaxed);
}

impl PollMetrics {
    pub(crate) fn success(&self, report: &crate::PollReport) {
        add(
            if report.not_modified {
                &self.not_modified
            } else {
                &self.ok
            },
            1,
        );
        add(&self.inserted, report.inserted);
        add(&self.updated, report.updated);
        add(&self.unchanged, report.unchanged);
        add(&self.extracted, report.extracted);
    }

    pub(crate) fn failure(&self) {
        add(&self.failed, 1);
    }

    pub(crate) fn store_error(&self) {
        add(&self.store_errors, 1);
    }

    /// The current totals.
    pub fn snapshot(&self) -> PollMetricsSnapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        PollMetricsSnapshot {
            ok: get(&self.ok),
            not_modified: get(&self.not_modified),
            failed: get(&self.failed),
            store_errors: get(&self.store_errors),
            entries_inserted: get(&self.inserted),
            entries_updated: get(&self.updated),
            entries_unchanged: get(&self.unchanged),
            pages_extracted: get(&self.extracted),
        }
    }
}
