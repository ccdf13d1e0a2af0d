//! The batch form of the clusterer behind `gazette cluster FILE.jsonl`: articles in, one story
//! label per article out, through the same engine, taken the way the pipeline takes them.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cluster::{BACKLOG_BATCH, ClusterConfig, ClusterId, Clusterer, Doc};

/// Counts of a [`run_jsonl`] run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Articles clustered.
    pub articles: usize,
    /// Lines that were not an article (blank, invalid JSON, missing `id` or `published`),
    /// skipped with their line numbers (the first 20).
    pub skipped: usize,
    pub skipped_lines: Vec<usize>,
    /// Distinct stories in the output.
    pub clusters: usize,
    /// Articles found to duplicate an earlier one.
    pub duplicates: usize,
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    cluster: u64,
}

/// An input line: the article with the caller's own id, which the engine knows by its number
/// (the line's place among the articles read).
#[derive(Deserialize)]
struct Article {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    published: DateTime<Utc>,
    #[serde(default)]
    source: String,
    #[serde(default)]
    url: String,
}

/// Reads one article per line (`{"id","title","body","published","source","url"}`, extra
/// fields ignored, `published` in RFC 3339), clusters them in the order given with the
/// default [`ClusterConfig`], and writes `{"id","cluster"}` per article in input order.
/// Stories merged later are reported under their final id, so the output is written once the
/// input ends. Bad lines are skipped and counted, never fatal; only IO errors are.
///
/// The articles are taken as the pipeline takes stored entries: in batches of
/// [`BACKLOG_BATCH`], each article decided in turn, and a batch met while the engine is cold
/// ([`Clusterer::is_cold`]) primed first ([`Clusterer::prime`]: word weights only, read
/// ahead within that batch).
pub fn run_jsonl(input: impl BufRead, output: impl Write) -> io::Result<RunStats> {
    run_jsonl_with(input, output, ClusterConfig::default())
}

/// [`run_jsonl`] with a chosen configuration.
pub fn run_jsonl_with(
    input: impl BufRead,
    mut output: impl Write,
    cfg: ClusterConfig,
) -> io::Result<RunStats> {
    let mut engine = Clusterer::new(cfg);
    let mut stats = RunStats::default();
    // The caller's ids, by the engine's number for each article.
    let mut ids: Vec<String> = Vec::new();
    let mut order: Vec<(u64, ClusterId)> = Vec::new();
    // Every merge ever made, so that early articles get their story's final id.
    let mut merged_into: HashMap<ClusterId, ClusterId> = HashMap::new();
    let mut batch: Vec<Doc> = Vec::with_capacity(BACKLOG_BATCH);
    let mut run = |batch: &mut Vec<Doc>, stats: &mut RunStats| {
        engine.begin_batch(batch.iter());
        for doc in batch.drain(..) {
            let a = engine.add(&doc);
            for m in &a.merged {
                merged_into.insert(*m, a.cluster);
            }
            stats.articles += 1;
            stats.duplicates += usize::from(a.duplicate_of.is_some());
            order.push((doc.id, a.cluster));
        }
    };
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Article>(&line) {
            Ok(a) if !a.id.is_empty() => {
                batch.push(Doc {
                    id: ids.len() as u64,
                    title: a.title,
                    body: a.body,
                    published: a.published,
                    source: a.source,
                    url: a.url,
                });
                ids.push(a.id);
                if batch.len() == BACKLOG_BATCH {
                    run(&mut batch, &mut stats);
                }
            }
            _ => {
                stats.skipped += 1;
                if stats.skipped_lines.len() < 20 {
                    stats.skipped_lines.push(n + 1);
                }
            }
        }
    }
    run(&mut batch, &mut stats);
    let resolve = |mut c: ClusterId| {
        while let Some(next) = merged_into.get(&c) {
            c = *next;
        }
        c
    };
    let mut distinct = std::collections::HashSet::new();
    for (n, c) in &order {
        let c = resolve(*c);
        distinct.insert(c);
        let id = &ids[*n as usize];
        serde_json::to_writer(&mut output, &Line { id, cluster: c.0 })?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    stats.clusters = distinct.len();
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_lines_out_bad_lines_skipped() {
        let input = r#"{"id":"a","title":"Kestrel bridge reopens","body":"The Kestrel bridge reopened on Monday.","published":"2026-03-01T08:00:00Z","source":"x.example","url":"https://x.example/a"}
not json
{"id":"b","title":"Kestrel bridge reopens after repairs","body":"Drivers crossed the Kestrel bridge again.","published":"2026-03-01T09:00:00Z","source":"y.example","url":"https://y.example/b","extra":1}

{"title":"no id","published":"2026-03-01T09:00:00Z"}
"#;
        let mut out = Vec::new();
        let stats = run_jsonl(input.as_bytes(), &mut out).unwrap();
        assert_eq!(stats.articles, 2);
        assert_eq!(stats.skipped, 2);
        assert_eq!(stats.skipped_lines, [2, 5]);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["id"], "a");
        assert!(lines[0]["cluster"].is_u64());
    }
}
