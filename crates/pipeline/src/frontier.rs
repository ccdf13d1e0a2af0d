//! The frontier of a round: which due source starts next.
//!
//! Sources are claimed from the store a bounded number at a time (with PostgreSQL several
//! processes claim from one table, each only what it can start), queued by host, and started
//! host by host in turn: at most `concurrent_sources` in progress, and no more sources of one
//! host at once than the host takes requests at once. Sources that share a host therefore share
//! its budget and never fill the round's slots waiting for it; one huge source holds one slot;
//! a source waiting for its host's turn holds no request slot (the fetcher's global limit is
//! taken only when the turn comes). The round ends when nothing due is left and every poll
//! started has been written.
//!
//! With PostgreSQL the store leases each claimed source's host to this process: another
//! process claims no source of that host until this one releases it (when it has nothing left
//! there this round) or its lease runs out, and leases of hosts still worked on are renewed.
//! Two processes together therefore never exceed one host's politeness.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use chrono::Utc;
use gazette_model::Source;
use gazette_store::StoreError;
use tokio::task::JoinSet;

use crate::writer::Writer;
use crate::{Pipeline, RoundReport};

/// Sources claimed per store round trip, at most.
const CLAIM: usize = 256;

/// How often the leases of hosts still worked on are renewed (they last 15 minutes).
const RENEW: Duration = Duration::from_secs(60);

/// The key sources share politeness under: their feed's host, as the fetcher keys hosts.
fn host_of(source: &Source) -> String {
    gazette_store::host_key(&source.url)
}

/// Claimed sources waiting to start, by host, with the hosts in turn order.
#[derive(Default)]
struct Queue {
    by_host: HashMap<String, VecDeque<Source>>,
    turns: VecDeque<String>,
    len: usize,
    /// Sources in progress per host.
    open: HashMap<String, usize>,
}

impl Queue {
    fn push(&mut self, source: Source) {
        let host = host_of(&source);
        let queue = self.by_host.entry(host.clone()).or_default();
        if queue.is_empty() {
            self.turns.push_back(host);
        }
        queue.push_back(source);
        self.len += 1;
    }

    /// The next source whose host has room, taking hosts in turn.
    fn pop(&mut self, per_host: usize) -> Option<(String, Source)> {
        for _ in 0..self.turns.len() {
            let host = self.turns.pop_front()?;
            if self.open.get(&host).copied().unwrap_or(0) >= per_host {
                self.turns.push_back(host);
                continue;
            }
            let queue = self.by_host.get_mut(&host)?;
            let source = queue.pop_front()?;
            if queue.is_empty() {
                self.by_host.remove(&host);
            } else {
                self.turns.push_back(host.clone());
            }
            self.len -= 1;
            *self.open.entry(host.clone()).or_default() += 1;
            return Some((host, source));
        }
        None
    }

    /// A source of `host` finished; true when nothing of the host is left in progress or
    /// queued.
    fn done(&mut self, host: &str) -> bool {
        if let Some(n) = self.open.get_mut(host) {
            *n -= 1;
            if *n == 0 {
                self.open.remove(host);
            }
        }
        !self.open.contains_key(host) && !self.by_host.contains_key(host)
    }

    /// Takes every queued source out (the round is stopping); returns them and the hosts
    /// that have nothing left in progress.
    fn take_waiting(&mut self) -> (Vec<Source>, Vec<String>) {
        let mut idle = Vec::new();
        let mut sources = Vec::new();
        for (host, queue) in self.by_host.drain() {
            if !self.open.contains_key(&host) {
                idle.push(host);
            }
            sources.extend(queue);
        }
        self.turns.clear();
        self.len = 0;
        (sources, idle)
    }

    /// Hosts with sources in progress or queued.
    fn hosts(&self) -> Vec<String> {
        let mut hosts: Vec<String> = self
            .open
            .keys()
            .chain(self.by_host.keys())
            .cloned()
            .collect();
        hosts.sort_unstable();
        hosts.dedup();
        hosts
    }
}

/// One poll of the round, as a task of its own.
async fn start(
    p: Pipeline,
    writer: Writer,
    source: Source,
) -> Result<crate::PollReport, crate::StoreFailed> {
    crate::ingest::poll_source(&p, &source, &writer).await
}

pub(crate) async fn run_round(
    p: &Pipeline,
    writer: &Writer,
    force: bool,
) -> Result<RoundReport, StoreError> {
    let limit = p.cfg.concurrent_sources.max(1);
    let per_host = p.fetcher.config().per_host_concurrency.max(1);
    let mut forced = if force {
        Some(p.store.list_sources().await?.into_iter())
    } else {
        None
    };
    let mut queue = Queue::default();
    // Each poll is a task of its own: it goes on while this loop awaits the store (claims,
    // host leases). Polled from here instead, as a set of futures, a poll that had been given
    // a database connection could not use it (nor give it back) until this loop's own store
    // call returned, and that call waited for a connection: the round stalled at a wave of
    // finished polls with every connection promised to a poll nobody polled.
    let mut running: JoinSet<Result<crate::PollReport, crate::StoreFailed>> = JoinSet::new();
    let mut host_of_poll: HashMap<tokio::task::Id, String> = HashMap::new();
    let mut exhausted = false;
    let mut round = RoundReport::default();
    let mut finished_hosts = Vec::new();
    let mut renewed = Instant::now();
    loop {
        if finished_hosts.len() >= 64 || (running.is_empty() && !finished_hosts.is_empty()) {
            p.store.release_hosts(&finished_hosts).await?;
            finished_hosts.clear();
        }
        if renewed.elapsed() >= RENEW {
            p.store.hold_hosts(&queue.hosts()).await?;
            renewed = Instant::now();
        }
        // Start what the queue allows, and claim only what can start soon: enough to fill the
        // free slots, never more than a few rounds' worth waiting behind busy hosts. What is
        // claimed starts at once: a claim waits for no other. Once the process is stopping,
        // nothing more is claimed or started: the queued sources are due again at once (for
        // the next process) and the round ends with the polls already running.
        if p.stop.is_stopped() && !(exhausted && queue.len == 0) {
            exhausted = true;
            let (waiting, idle) = queue.take_waiting();
            let now = Utc::now();
            for s in &waiting {
                p.store.set_next_poll(s.id, now).await?;
            }
            round.sources -= waiting.len();
            finished_hosts.extend(idle);
        }
        loop {
            while running.len() < limit {
                let Some((host, source)) = queue.pop(per_host) else {
                    break;
                };
                let poll = running.spawn(start(p.clone(), writer.clone(), source));
                host_of_poll.insert(poll.id(), host);
            }
            let free = limit.saturating_sub(running.len()).max(1);
            if exhausted || queue.len >= free || queue.len >= 4 * limit {
                break;
            }
            let want = (free - queue.len).clamp(1, CLAIM);
            let batch: Vec<Source> = match forced.as_mut() {
                Some(all) => all.by_ref().take(want).collect(),
                None => p.store.due_sources(Utc::now(), want as u32).await?,
            };
            exhausted = batch.len() < want;
            round.sources += batch.len();
            for s in batch {
                queue.push(s);
            }
        }
        if running.is_empty() {
            if exhausted && queue.len == 0 {
                p.store.release_hosts(&finished_hosts).await?;
                return Ok(round);
            }
            continue;
        }
        let (id, report) = match running.join_next_with_id().await {
            Some(Ok((id, report))) => (id, report),
            // A poll that panicked: counted as failed; its source is due again when its
            // claim runs out.
            Some(Err(e)) => (
                e.id(),
                Err(crate::StoreFailed(format!(
                    "the poll ended without a report: {e}"
                ))),
            ),
            None => continue,
        };
        let host = host_of_poll.remove(&id).unwrap_or_default();
        if queue.done(&host) {
            finished_hosts.push(host);
        }
        match report {
            Ok(r) => {
                round.failed += usize::from(r.error.is_some());
                round.not_modified += usize::from(r.not_modified);
                round.inserted += r.inserted;
                round.updated += r.updated;
                round.lost += r.lost;
            }
            Err(e) => {
                round.failed += 1;
                tracing::error!(error = %e, "could not store a poll");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: i64, url: &str) -> Source {
        Source {
            id: gazette_model::SourceId(id),
            url: url.into(),
            name: String::new(),
            site_url: None,
            topic: None,
            extract_mode: gazette_model::ExtractMode::Auto,
            etag: None,
            last_modified: None,
            last_success: None,
            last_error: None,
            consecutive_failures: 0,
            next_poll: Utc::now(),
            created_at: Utc::now(),
            entries: 0,
            retired_at: None,
            pushed_until: None,
        }
    }

    #[test]
    fn hosts_take_turns_and_a_busy_host_waits() {
        let mut q = Queue::default();
        for (i, url) in [
            "https://big.example/a",
            "https://big.example/b",
            "https://big.example/c",
            "https://one.example/feed",
            "https://two.example/feed",
        ]
        .iter()
        .enumerate()
        {
            q.push(source(i as i64, url));
        }
        let order: Vec<String> = std::iter::from_fn(|| q.pop(1).map(|(h, _)| h)).collect();
        assert_eq!(order, ["big.example", "one.example", "two.example"]);
        assert_eq!(q.len, 2, "big.example's other sources wait for its first");
        assert!(q.done("one.example"), "nothing of one.example is left");
        assert!(
            !q.done("big.example"),
            "big.example still has sources queued"
        );
        assert_eq!(q.pop(1).map(|(_, s)| s.id.0), Some(1));
        assert!(q.pop(1).is_none());
        assert_eq!(q.hosts(), ["big.example", "two.example"]);
    }
}
