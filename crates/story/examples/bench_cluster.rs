//! Measures the story clusterer: quality on the clustering benchmark and speed and memory on a
//! synthetic stream. Figures and commands are recorded in `crates/story/BENCHMARKS.md`.
//!
//! ```text
//! cargo run -p gazette-story --release --example bench_cluster -- bench [FILE.jsonl.gz] [PRED.jsonl] [key=value ...]
//! cargo run -p gazette-story --release --example bench_cluster -- baseline [FILE.jsonl.gz] [PRED.jsonl]
//! cargo run -p gazette-story --release --example bench_cluster -- jsonl [FILE.jsonl.gz] [PRED.jsonl]
//! cargo run -p gazette-story --release --example bench_cluster -- synthetic [N] [key=value ...]
//! cargo run -p gazette-story --release --example bench_cluster -- pairs [FILE.jsonl.gz] > PAIRS
//! cargo run -p gazette-story --release --example bench_cluster -- topics [FILE.jsonl.gz]
//! ```
//!
//! `topics` times the story desk's other reading of each article, the names and keyphrases
//! that become topics (`EntityTopics`, with the pipeline's bar: `DESK_MIN_ARTICLES`, `DESK_MIN_SOURCES`),
//! after clustering the file untimed; it prints a digest of what was tagged, to tell a faster
//! version from a different one.
//!
//! `key=value` overrides a `ClusterConfig` field (e.g. `threshold=0.3`). Predictions are
//! scored with `python3 evaluate.py PRED.jsonl [--field cluster_7d]`. `bench` takes the
//! articles as the pipeline does (batches of 500, the first primed while the engine is cold);
//! `BATCH=0` in the environment adds them strictly one at a time.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};

use chrono::{DateTime, Duration, Utc};
use gazette_story::{ClusterConfig, Clusterer, Doc};

const DEFAULT_FILE: &str = "/work/shared/bench/clustering/dev.jsonl.gz";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map_or("bench", String::as_str);
    let positional: Vec<&String> = args[1.min(args.len())..]
        .iter()
        .filter(|a| !a.contains('='))
        .collect();
    let overrides: Vec<&String> = args.iter().filter(|a| a.contains('=')).collect();
    match mode {
        "bench" | "baseline" => {
            let file = positional.first().map_or(DEFAULT_FILE, |s| s.as_str());
            let pred = positional
                .get(1)
                .map_or("/tmp/story-pred.jsonl", |s| s.as_str());
            let (ids, docs) = read_docs(file);
            let cpu0 = cpu_seconds();
            let labels = if mode == "baseline" {
                baseline(&docs)
            } else {
                engine(&docs, config(&overrides))
            };
            let cpu = cpu_seconds() - cpu0;
            let mut out = BufWriter::new(File::create(pred).expect("create predictions"));
            for (d, c) in docs.iter().zip(&labels) {
                writeln!(out, "{{\"id\":{:?},\"cluster\":{c}}}", ids[d.id as usize]).unwrap();
            }
            out.flush().unwrap();
            println!(
                "{mode}: {} articles, {} clusters, {:.3} CPU s, {:.0} articles per CPU-second, predictions in {pred}",
                docs.len(),
                labels
                    .iter()
                    .collect::<std::collections::HashSet<_>>()
                    .len(),
                cpu,
                docs.len() as f64 / cpu
            );
        }
        "jsonl" => {
            // The integrator's entry point, `run_jsonl`, on the same file.
            let file = positional.first().map_or(DEFAULT_FILE, |s| s.as_str());
            let pred = positional
                .get(1)
                .map_or("/tmp/story-pred-jsonl.jsonl", |s| s.as_str());
            let input = BufReader::new(flate2::read::GzDecoder::new(
                File::open(file).expect("open benchmark file"),
            ));
            let out = BufWriter::new(File::create(pred).expect("create predictions"));
            let cpu0 = cpu_seconds();
            let stats = gazette_story::run_jsonl(input, out).expect("run");
            let cpu = cpu_seconds() - cpu0;
            println!(
                "jsonl: {stats:?}, {cpu:.3} CPU s (parsing included), {:.0} articles per CPU-second, predictions in {pred}",
                stats.articles as f64 / cpu
            );
        }
        "synthetic" => {
            let n: usize = positional
                .first()
                .and_then(|s| s.parse().ok())
                .unwrap_or(100_000);
            synthetic(n, config(&overrides));
        }
        "pairs" => {
            // Similarity of every pair within 30 days: `id_a id_b days sim` lines, for error
            // analysis against the labels.
            let file = positional.first().map_or(DEFAULT_FILE, |s| s.as_str());
            let (ids, docs) = read_docs(file);
            let mut cfg = config(&overrides);
            cfg.retention_days = 100_000.0;
            let mut c = Clusterer::new(cfg);
            let mut out = BufWriter::new(std::io::stdout());
            for (i, d) in docs.iter().enumerate() {
                c.add(d);
                for e in docs[..i].iter().rev() {
                    let days = (d.published - e.published).num_days();
                    if days > 30 {
                        break;
                    }
                    let sim = c.similarity(d.id, e.id);
                    if sim > 0.05 {
                        let (a, b) = (&ids[e.id as usize], &ids[d.id as usize]);
                        writeln!(out, "{a} {b} {days} {sim:.4}").unwrap();
                    }
                }
            }
        }
        "topics" => {
            let file = positional.first().map_or(DEFAULT_FILE, |s| s.as_str());
            let (_, docs) = read_docs(file);
            let stories = engine(&docs, config(&overrides));
            let mut outlets: HashMap<&str, u64> = HashMap::new();
            let mut topics = gazette_story::entities::EntityTopics::new(
                gazette_story::entities::DESK_MIN_ARTICLES,
                gazette_story::entities::DESK_MIN_SOURCES,
            );
            let (mut tags, mut digest) = (0usize, 0xcbf2_9ce4_8422_2325_u64);
            let mut mix = |bytes: &[u8]| {
                for b in bytes {
                    digest = (digest ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
                }
            };
            let cpu0 = cpu_seconds();
            for (d, story) in docs.iter().zip(&stories) {
                let n = outlets.len() as u64;
                let outlet = *outlets.entry(d.source.as_str()).or_insert(n);
                for (name, articles) in topics.add(d.id, outlet, *story, &d.title, &d.body) {
                    tags += articles.len();
                    mix(name.as_bytes());
                    for a in articles {
                        mix(&a.to_le_bytes());
                    }
                }
                for gone in topics.take_retracted() {
                    mix(b"retracted");
                    mix(gone.as_bytes());
                }
            }
            let cpu = cpu_seconds() - cpu0;
            println!(
                "topics: {} articles, {tags} tags, digest {digest:016x}, {cpu:.3} CPU s, {:.0} articles per CPU-second",
                docs.len(),
                docs.len() as f64 / cpu
            );
        }
        other => panic!("unknown mode {other}"),
    }
}

fn config(overrides: &[&String]) -> ClusterConfig {
    let mut v = serde_json::to_value(ClusterConfig::default()).unwrap();
    for o in overrides {
        let (k, val) = o.split_once('=').unwrap();
        let parsed: serde_json::Value =
            serde_json::from_str(val).unwrap_or_else(|_| serde_json::Value::String(val.into()));
        v[k] = parsed;
    }
    serde_json::from_value(v).expect("valid configuration")
}

/// The articles of a JSON-lines file, each numbered by its line, with the file's own ids.
fn read_docs(path: &str) -> (Vec<String>, Vec<Doc>) {
    let file = File::open(path).expect("open benchmark file");
    let reader: Box<dyn BufRead> = if path.ends_with(".gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut ids = Vec::new();
    let mut docs = Vec::new();
    for line in reader.lines() {
        let mut v: serde_json::Value = serde_json::from_str(&line.unwrap()).expect("article line");
        let id = v["id"].as_str().expect("an id").to_string();
        v["id"] = serde_json::Value::from(ids.len() as u64);
        docs.push(serde_json::from_value::<Doc>(v).expect("article line"));
        ids.push(id);
    }
    (ids, docs)
}

/// The engine as the pipeline runs it; merges resolved at the end.
fn engine(docs: &[Doc], cfg: ClusterConfig) -> Vec<u64> {
    let mut c = Clusterer::new(cfg);
    let mut merged: HashMap<u64, u64> = HashMap::new();
    let mut labels = Vec::with_capacity(docs.len());
    // The pipeline's way (and `gazette cluster`'s): articles arrive in batches of
    // `BACKLOG_BATCH`, and a batch met while the clusterer is cold is primed first.
    // `BATCH=N` changes the batch, `BATCH=0` adds strictly one article at a time with no
    // priming, `PRIME_ALWAYS=1` primes every batch.
    let batch: usize = std::env::var("BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(gazette_story::cluster::BACKLOG_BATCH);
    let always = std::env::var("PRIME_ALWAYS").is_ok();
    for (i, d) in docs.iter().enumerate() {
        if batch > 0 && i % batch == 0 && (always || c.is_cold()) {
            for p in &docs[i..(i + batch).min(docs.len())] {
                c.prime(p);
            }
        }
        let a = c.add(d);
        for m in &a.merged {
            merged.insert(m.0, a.cluster.0);
        }
        labels.push(a.cluster.0);
    }
    labels
        .into_iter()
        .map(|mut l| {
            while let Some(n) = merged.get(&l) {
                l = *n;
            }
            l
        })
        .collect()
}

/// The benchmark's reference method: TF-IDF (sublinear tf, stop words, max_df 0.5) of title
/// and body fitted on all articles, single pass in stream order, each article joining the
/// nearest centroid with cosine ≥ 0.20 among clusters updated in the last 7 days.
fn baseline(docs: &[Doc]) -> Vec<u64> {
    const STOP: &[&str] = &[
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "he", "in", "is",
        "it", "its", "of", "on", "that", "the", "to", "was", "were", "will", "with", "said", "his",
        "her", "she", "they", "their", "this", "who", "had", "have", "been", "not", "but", "or",
        "after", "when", "police",
    ];
    let tokens: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            format!("{} {}", d.title, d.body)
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 1 && !STOP.contains(w))
                .map(str::to_owned)
                .collect()
        })
        .collect();
    let mut df: HashMap<&str, f32> = HashMap::new();
    for t in &tokens {
        let mut u: Vec<&str> = t.iter().map(String::as_str).collect();
        u.sort_unstable();
        u.dedup();
        for w in u {
            *df.entry(w).or_default() += 1.0;
        }
    }
    let n = docs.len() as f32;
    let vecs: Vec<HashMap<&str, f32>> = tokens
        .iter()
        .map(|t| {
            let mut tf: HashMap<&str, f32> = HashMap::new();
            for w in t {
                *tf.entry(w.as_str()).or_default() += 1.0;
            }
            let mut v: HashMap<&str, f32> = tf
                .into_iter()
                .filter(|(w, _)| df[w] <= 0.5 * n)
                .map(|(w, c)| (w, (1.0 + c.ln()) * ((1.0 + n) / (1.0 + df[w])).ln() + 1.0))
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            v.values_mut().for_each(|x| *x /= norm);
            v
        })
        .collect();
    struct Centroid<'a> {
        sum: HashMap<&'a str, f32>,
        last: DateTime<Utc>,
    }
    let mut clusters: Vec<Centroid> = Vec::new();
    let mut labels = Vec::new();
    for (d, v) in docs.iter().zip(&vecs) {
        let mut best = (usize::MAX, 0.2f32);
        for (i, c) in clusters.iter().enumerate() {
            if d.published - c.last > Duration::days(7) {
                continue;
            }
            let norm = c.sum.values().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            let dot: f32 = v
                .iter()
                .map(|(w, x)| x * c.sum.get(w).copied().unwrap_or(0.0))
                .sum();
            if dot / norm >= best.1 {
                best = (i, dot / norm);
            }
        }
        if best.0 == usize::MAX {
            clusters.push(Centroid {
                sum: v.clone(),
                last: d.published,
            });
            labels.push(clusters.len() as u64 - 1);
        } else {
            let c = &mut clusters[best.0];
            for (w, x) in v {
                *c.sum.entry(w).or_default() += x;
            }
            c.last = d.published;
            labels.push(best.0 as u64);
        }
    }
    labels
}

/// `n` synthetic articles spread over 25 days (all inside the default 30-day window): events
/// of 1–6 articles, each with its own names, place and numbers, over a Zipf-like shared
/// vocabulary. Reports throughput and peak resident memory.
fn synthetic(n: usize, cfg: ClusterConfig) {
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let vocab: Vec<String> = (0..20_000).map(|i| format!("word{i}")).collect();
    let start: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
    let span_secs = 25 * 86_400u64;
    let rss_before = vm_hwm_kib();
    // Articles are generated one at a time and dropped once added, so that the peak memory
    // is the clusterer's, not the input's. Only the time inside `add` is counted.
    let mut c = Clusterer::new(cfg);
    let mut clusters = std::collections::HashSet::new();
    let mut cpu = 0.0;
    let mut added = 0usize;
    let mut event = 0u64;
    while added < n {
        event += 1;
        let names: Vec<String> = (0..4)
            .map(|k| format!("Name{}x{k}", next() % 1_000_000))
            .collect();
        let place = format!("Place{}", next() % 50_000);
        let t0 = span_secs * added as u64 / n as u64;
        let size = 1 + (next() % 6) as usize;
        for a in 0..size {
            let mut body = String::new();
            for s in 0..20 {
                body.push_str(if s == 0 { "" } else { ". " });
                body.push_str(&format!("The {} ", names[(s + a) % 4]));
                for _ in 0..11 {
                    // Zipf-like: small indices far more often.
                    let r = (next() % 1_000_000) as f64 / 1_000_000.0;
                    let idx = ((vocab.len() as f64).powf(r) as usize).min(vocab.len() - 1);
                    body.push_str(&vocab[idx]);
                    body.push(' ');
                }
                body.push_str(&format!("in {place} {}", next() % 100));
            }
            let doc = Doc {
                id: event * 16 + a as u64,
                title: format!("{} {} in {place}", names[0], vocab[(next() % 500) as usize]),
                body,
                published: start + Duration::seconds((t0 + next() % 7200) as i64),
                source: format!("outlet{}.example", next() % 500),
                url: format!("https://outlet.example/{event}/{a}"),
            };
            let cpu0 = cpu_seconds();
            clusters.insert(c.add(&doc).cluster);
            cpu += cpu_seconds() - cpu0;
            added += 1;
            if added == n {
                break;
            }
        }
    }
    println!(
        "synthetic: {added} articles ({event} events), {} in window, {} clusters, {cpu:.2} CPU s in add, {:.0} articles per CPU-second, VmHWM {} MiB (before clustering {} MiB)",
        c.len(),
        clusters.len(),
        added as f64 / cpu,
        vm_hwm_kib() / 1024,
        rss_before / 1024
    );
}

/// CPU time of this thread (user + system), from /proc/thread-self/schedstat.
fn cpu_seconds() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    s.split_whitespace()
        .next()
        .and_then(|x| x.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1).map(|x| x.parse().unwrap_or(0)))
        .unwrap_or(0)
}
