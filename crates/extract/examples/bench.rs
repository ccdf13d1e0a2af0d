//! Runs the extractor over a benchmark folder and writes predictions.
//!
//! ```text
//! cargo run -p gazette-extract --example bench --profile release -- extraction ../shared/bench/extraction OUT.jsonl
//! cargo run -p gazette-extract --example bench --profile release -- metadata ../shared/bench/metadata OUT.jsonl
//! ```
//!
//! `--slowest` lists the ten pages that took the most CPU time.
//! Add `--baseline` to run plain dom_smoothie (formatted text) instead, for
//! comparison. All pages are loaded first; only the extraction loop is timed,
//! in CPU time of this thread. Peak RSS is the process's `VmHWM`.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use gazette_extract::{Options, extract};
use serde_json::{Value, json};

struct Page {
    id: String,
    url: String,
    bytes: Vec<u8>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let baseline = args.iter().any(|a| a == "--baseline");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if pos.len() != 3 {
        eprintln!("usage: bench extraction|metadata BENCH_DIR OUT.jsonl [--baseline]");
        std::process::exit(2);
    }
    let (mode, dir, out) = (pos[0].as_str(), Path::new(pos[1]), pos[2]);
    let pages = match mode {
        "extraction" => load_extraction(dir),
        "metadata" => load_metadata(dir),
        _ => {
            eprintln!("unknown mode {mode}");
            std::process::exit(2);
        }
    };
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();

    let start_cpu = thread_cpu_seconds();
    let start_wall = std::time::Instant::now();
    let mut lines = Vec::with_capacity(pages.len());
    let mut per_page = Vec::with_capacity(pages.len());
    for page in &pages {
        let before = thread_cpu_seconds();
        let line = if baseline {
            run_baseline(mode, page)
        } else {
            run(mode, page)
        };
        per_page.push((
            thread_cpu_seconds() - before,
            page.id.as_str(),
            page.bytes.len(),
        ));
        lines.push(line.to_string());
    }
    let cpu = thread_cpu_seconds() - start_cpu;
    let wall = start_wall.elapsed().as_secs_f64();

    let mut f = fs::File::create(out).expect("create output");
    for l in &lines {
        writeln!(f, "{l}").expect("write output");
    }
    println!(
        "{} pages ({:.1} MB) in {:.3} CPU s / {:.3} wall s: {:.0} pages per CPU-second, {:.0} pages/s wall; peak RSS {:.1} MB",
        pages.len(),
        bytes as f64 / 1e6,
        cpu,
        wall,
        pages.len() as f64 / cpu,
        pages.len() as f64 / wall,
        peak_rss_mb()
    );
    if args.iter().any(|a| a == "--slowest") {
        per_page.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (secs, id, len) in per_page.iter().take(10) {
            println!("  {:7.2} ms  {:8} bytes  {id}", secs * 1000.0, len);
        }
    }
}

fn run(mode: &str, page: &Page) -> Value {
    let opts = Options {
        url: Some(page.url.clone()),
        http_charset: None,
    };
    let a = extract(&page.bytes, &opts).unwrap_or_default();
    match mode {
        "extraction" => json!({"id": page.id, "articleBody": a.text}),
        _ => json!({
            "case": page.id,
            "title": a.title,
            "byline": a.byline,
            "excerpt": a.excerpt,
            "siteName": a.site_name,
            "publishedTime": a.published.map(|d| d.to_rfc3339()),
            "lang": a.lang,
            "text": a.text,
        }),
    }
}

fn run_baseline(mode: &str, page: &Page) -> Value {
    let html = String::from_utf8_lossy(&page.bytes);
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let parsed = dom_smoothie::Readability::new(html.as_ref(), Some(&page.url), Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let text = parsed
        .as_ref()
        .map(|a| a.text_content.to_string())
        .unwrap_or_default();
    match mode {
        "extraction" => json!({"id": page.id, "articleBody": text}),
        _ => {
            let a = parsed.as_ref();
            json!({
                "case": page.id,
                "title": a.map(|a| a.title.clone()),
                "byline": a.and_then(|a| a.byline.clone()),
                "excerpt": a.and_then(|a| a.excerpt.clone()),
                "siteName": a.and_then(|a| a.site_name.clone()),
                "publishedTime": a.and_then(|a| a.published_time.clone()),
                "lang": a.and_then(|a| a.lang.clone()),
                "text": text,
            })
        }
    }
}

fn load_extraction(dir: &Path) -> Vec<Page> {
    let truth: Value = serde_json::from_str(
        &fs::read_to_string(dir.join("ground-truth.json")).expect("ground-truth.json"),
    )
    .expect("ground truth JSON");
    let ids = fs::read_to_string(dir.join("dev-ids.txt")).expect("dev-ids.txt");
    ids.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|id| {
            let id = id.trim().to_string();
            let gz = fs::read(dir.join("pages").join(format!("{id}.html.gz"))).expect("page");
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut bytes)
                .expect("gunzip");
            let url = truth[&id]["url"].as_str().unwrap_or("").to_string();
            Page { id, url, bytes }
        })
        .collect()
}

fn load_metadata(dir: &Path) -> Vec<Page> {
    let mut names: Vec<String> = fs::read_dir(dir.join("cases"))
        .expect("cases dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("source.html").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let bytes =
                fs::read(dir.join("cases").join(&name).join("source.html")).expect("source.html");
            Page {
                id: name,
                url: "http://fakehost/test/page.html".into(),
                bytes,
            }
        })
        .collect()
}

/// CPU time of the calling thread, from the scheduler's nanosecond counter
/// (falling back to the process's clock ticks).
fn thread_cpu_seconds() -> f64 {
    if let Ok(s) = fs::read_to_string("/proc/thread-self/schedstat")
        && let Some(ns) = s
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<f64>().ok())
    {
        return ns / 1e9;
    }
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    // fields 14 and 15 (utime, stime) are at 11 and 12 after the comm field
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}

fn peak_rss_mb() -> f64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
