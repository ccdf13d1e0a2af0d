//! How a process learns that what the site shows has changed.
//!
//! The website keeps rendered pages in memory and must drop them exactly when the entries,
//! stories, topics or sources they show change. [`Changes`] is a counter that grows after such a
//! change: at once for writes made through this process's store (each write method advances
//! it when it returns), and through the database for writes by other processes sharing it,
//! once [`crate::Store::watch_other_processes`] runs: SQLite keeps a counter row that triggers
//! advance in the writing transaction and this process reads a few times a second; PostgreSQL
//! sends a notification when such a transaction commits (`LISTEN gazette_content`).
//! A lost notification connection counts as a change, since notifications sent meanwhile are
//! gone.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How often a SQLite store reads the counter row other processes advance.
pub(crate) const SQLITE_WATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(250);
/// The PostgreSQL notification channel the schema's triggers send on.
pub(crate) const PG_CHANNEL: &str = "gazette_content";

/// A counter of changes to what the site shows. Cheap to clone and to read.
#[derive(Debug, Clone, Default)]
pub struct Changes(Arc<AtomicU64>);

impl Changes {
    /// The current value: equal values mean nothing the site shows changed in between.
    pub fn version(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    /// Records a change now.
    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }

    /// A guard that records a change when dropped: a write method takes one first, and it
    /// counts after the method's transaction has committed (or failed; an extra change only
    /// costs a render).
    pub(crate) fn bump_when_done(&self) -> BumpOnDrop<'_> {
        BumpOnDrop(self)
    }

    /// Whether anything but the watcher still holds the counter.
    pub(crate) fn is_watched_only(&self) -> bool {
        Arc::strong_count(&self.0) <= 1
    }
}

pub(crate) struct BumpOnDrop<'a>(&'a Changes);

impl Drop for BumpOnDrop<'_> {
    fn drop(&mut self) {
        self.0.bump();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_counts_when_it_returns() {
        let c = Changes::default();
        let before = c.version();
        {
            let _w = c.bump_when_done();
            assert_eq!(c.version(), before, "not while the write runs");
        }
        assert_eq!(c.version(), before + 1);
        let other = c.clone();
        other.bump();
        assert_eq!(c.version(), before + 2, "clones share one counter");
        assert!(!c.is_watched_only());
        drop(other);
        assert!(c.is_watched_only());
    }
}
