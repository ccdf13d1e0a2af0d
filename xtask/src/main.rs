//! Project automation: benchmark and conformance runs against `../shared`, and the CI gates that
//! compare them with the figures recorded in `xtask/baselines.json`.
//!
//! ```text
//! cargo xtask conformance-feeds   # feed conformance corpus, check.py summary
//! cargo xtask bench-extract       # extraction + metadata benchmarks: F1 and pages per CPU-second
//! cargo xtask gates               # both, failing when a figure falls below its recorded baseline
//! cargo xtask bench-feeds         # 20,000-item RSS feed: our parser vs Python feedparser, one run
//! cargo xtask bench-cluster       # `gazette cluster` on the clustering DEV split, scored both ways
//! cargo xtask bench-portal        # release binary with the demo: cold start, page latency, memory
//! cargo xtask bench-wire          # release binary polling a generated wire of 2,000 outlets
//! cargo xtask bench-serve         # the site on bench-wire's 100,000-article store beside nginx
//! cargo xtask wire-cluster        # bench-wire's articles through `gazette cluster`, scored
//! ```
//!
//! `bench-wire` (in `bench_wire.rs`, its wire in `wire.rs` and `wire_server.rs`) is the
//! acceptance benchmark of polling at an aggregator's scale: 2,000 summary-only feeds of 50
//! entries, each on its own loopback address, every article page fetched with politeness on,
//! in the default configuration; it reports time, memory and CPU of both rounds, what the
//! publishers' server saw, and the stories scored against the generated events. Like
//! `bench-portal` and `bench-feeds` it needs nothing from `../shared`.

mod bench_serve;
mod bench_wire;
mod wire;
mod wire_server;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use serde_json::Value;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()?;
    let shared = root.join("../shared");
    let task = args.first().map(String::as_str).unwrap_or("help");
    if !matches!(
        task,
        "help" | "bench-portal" | "bench-feeds" | "bench-wire" | "bench-serve" | "wire-cluster"
    ) {
        ensure!(
            shared.is_dir(),
            "{} not found: the benchmark data lives there",
            shared.display()
        );
    }
    let shared = shared.canonicalize().unwrap_or(shared);
    match task {
        "conformance-feeds" => conformance_feeds(&root, &shared).map(|_| ()),
        "bench-extract" => bench_extract(&root, &shared).map(|_| ()),
        "gates" => gates(&root, &shared),
        "bench-portal" => bench_portal(&root),
        "bench-cluster" => bench_cluster(&root, &shared),
        "bench-feeds" => bench_feeds(&root),
        "bench-wire" => bench_wire::bench_wire(&root, &args[1..]),
        "bench-serve" => bench_serve::bench_serve(&root, &args[1..]),
        "wire-cluster" => bench_wire::wire_cluster(&root, &args[1..]),
        _ => {
            println!(
                "usage: cargo xtask conformance-feeds | bench-extract | bench-cluster | gates | bench-portal | bench-feeds | bench-wire [--outlets N] [--entries E] [--database-url URL [--processes 2]] [--seed S] [--keep] [--serve-only] [--no-build] | bench-serve [--store DATA_DIR] [--duration S] [--connections 2,50] | wire-cluster [--outlets N] [--entries E] [--seed S]"
            );
            Ok(())
        }
    }
}

fn run(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {cmd:?}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!(
            "{cmd:?} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(stdout)
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// `cargo run --quiet --release -p PACKAGE --example EXAMPLE --`, in the workspace: add the
/// example's own arguments.
fn example(root: &Path, package: &str, example: &str) -> Command {
    let mut cmd = cargo();
    cmd.current_dir(root).args([
        "run",
        "--quiet",
        "--release",
        "-p",
        package,
        "--example",
        example,
        "--",
    ]);
    cmd
}

fn out_dir(root: &Path) -> Result<PathBuf> {
    let dir = root.join("target/xtask");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Runs the feed conformance corpus; returns the number of passing cases.
fn conformance_feeds(root: &Path, shared: &Path) -> Result<u64> {
    let corpus = shared.join("conformance/feeds");
    let results = out_dir(root)?.join("feed-results.jsonl");
    run(example(root, "gazette-feed", "conformance")
        .arg(&corpus)
        .arg(&results))?;
    let summary = run(Command::new("python3")
        .arg(corpus.join("check.py"))
        .arg(&results)
        .arg("--by-category"))?;
    print!("{summary}");
    let line = summary
        .lines()
        .find(|l| l.starts_with("cases:"))
        .context("check.py printed no `cases:` line")?;
    let passed = line
        .split_whitespace()
        .skip_while(|w| *w != "passed:")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .context("cannot read the pass count")?;
    Ok(passed)
}

struct ExtractFigures {
    f1: f64,
    pages_per_cpu_second: f64,
}

/// Runs the extract crate's bench example in one mode over a shared set; returns its log.
fn run_extract_bench(root: &Path, mode: &str, set: &Path, pred: &Path) -> Result<String> {
    run(example(root, "gazette-extract", "bench")
        .arg(mode)
        .arg(set)
        .arg(pred))
}

/// Runs the extraction benchmark (and the metadata set, printed for reference).
fn bench_extract(root: &Path, shared: &Path) -> Result<ExtractFigures> {
    let out = out_dir(root)?;
    let pred = out.join("extract-pred.jsonl");
    let log = run_extract_bench(root, "extraction", &shared.join("bench/extraction"), &pred)?;
    print!("{log}");
    let speed = log
        .lines()
        .find_map(|l| {
            let l = l.to_ascii_lowercase();
            let i = l.find("pages per cpu-second")?;
            l[..i].split_whitespace().last()?.parse::<f64>().ok()
        })
        .unwrap_or(0.0);
    let scored = run(Command::new("python3")
        .arg(shared.join("bench/extraction/evaluate.py"))
        .arg(&pred)
        .arg("--json")
        .args(["--bootstrap", "0"]))?;
    let v: Value = serde_json::from_str(&scored).context("evaluate.py --json output")?;
    let f1 = v["f1"].as_f64().context("no f1 in evaluate.py output")?;
    println!(
        "extraction: F1 {f1:.4}  precision {:.4}  recall {:.4}  pages per CPU-second {speed:.0}",
        v["precision"].as_f64().unwrap_or(0.0),
        v["recall"].as_f64().unwrap_or(0.0)
    );
    let meta_pred = out.join("metadata-pred.jsonl");
    run_extract_bench(root, "metadata", &shared.join("bench/metadata"), &meta_pred)?;
    print!(
        "{}",
        run(Command::new("python3")
            .arg(shared.join("bench/metadata/evaluate.py"))
            .arg(&meta_pred))?
    );
    Ok(ExtractFigures {
        f1,
        pages_per_cpu_second: speed,
    })
}

fn gates(root: &Path, shared: &Path) -> Result<()> {
    let baselines: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("xtask/baselines.json"))?)?;
    let mut failures = Vec::new();

    let passed = conformance_feeds(root, shared)?;
    let want = baselines["feeds"]["passed_cases"]
        .as_u64()
        .context("baselines.json: feeds.passed_cases")?;
    if passed < want {
        failures.push(format!(
            "feed conformance: {passed} cases pass, the recorded figure is {want}"
        ));
    }

    let extract = bench_extract(root, shared)?;
    let want = baselines["extract"]["f1"]
        .as_f64()
        .context("baselines.json: extract.f1")?;
    if extract.f1 < want - 0.005 {
        failures.push(format!(
            "extraction F1 {:.4} is more than 0.005 below the recorded {want:.4}",
            extract.f1
        ));
    }
    println!(
        "gates: feeds {passed} cases (recorded {}), extraction F1 {:.4} (recorded {want:.4}), {:.0} pages per CPU-second",
        baselines["feeds"]["passed_cases"], extract.f1, extract.pages_per_cpu_second
    );

    // Clustering is deterministic: any drop is a change of behaviour, not noise.
    let scores = cluster_scores(root, shared)?;
    for (name, got) in [
        ("bcubed_incidents", scores.bcubed),
        ("pairwise_incidents", scores.pairwise),
        ("pairwise_7d", scores.pairwise_7d),
    ] {
        let want = baselines["cluster"][name]
            .as_f64()
            .with_context(|| format!("baselines.json: cluster.{name}"))?;
        if got < want - 0.0005 {
            failures.push(format!(
                "clustering {name} {got:.4} is below the recorded {want:.4}"
            ));
        }
    }
    println!(
        "gates: clustering BCubed {:.4}, pairwise {:.4} (incidents), pairwise {:.4} (cluster_7d)",
        scores.bcubed, scores.pairwise, scores.pairwise_7d
    );
    if !failures.is_empty() {
        bail!("gates failed:\n  {}", failures.join("\n  "));
    }
    Ok(())
}

/// Cold start, article latency under `wrk -c2` and resident memory of the release binary serving
/// the offline demo. Needs `wrk` on the PATH.
fn bench_portal(root: &Path) -> Result<()> {
    use std::time::Instant;
    run(cargo()
        .current_dir(root)
        .args(["build", "--quiet", "--release", "-p", "gazette"]))?;
    let data = tempdir_path(root)?;
    let listen = "127.0.0.1:18089";
    let base = format!("http://{listen}");
    let started = Instant::now();
    let mut server = Command::new(root.join("target/release/gazette"))
        .args(["--data-dir"])
        .arg(&data)
        .args(["serve", "--demo", "--listen", listen])
        .env("GAZETTE_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .context("cannot start the release binary")?;
    let result = (|| -> Result<()> {
        let first_page = wait_for(&base, "/", |_| true, started)?;
        // The demo is complete when the front page shows story cards with their coverage.
        let full_page = wait_for(&base, "/", |body| body.contains("sources</a>"), started)?;
        println!(
            "cold start: first rendered page after {first_page:?}; demo fully ingested and clustered on the page after {full_page:?}"
        );
        let home = http_get(&base, "/")?;
        let article = home
            .split("href=\"")
            .map(|s| s.split('"').next().unwrap_or("").replace("&#x2f;", "/"))
            .find(|h| h.starts_with("/article/"))
            .context("no article link on the home page")?;
        let rss_before = vm_rss_kb(server.id())?;
        let wrk = run(Command::new("wrk")
            .args(["-t1", "-c2", "-d20s", "--latency"])
            .arg(format!("{base}{article}")))?;
        print!("{wrk}");
        let pick = |label: &str| {
            wrk.lines()
                .find(|l| l.trim_start().starts_with(label))
                .map(|l| l.trim().to_string())
                .unwrap_or_default()
        };
        println!(
            "article page {article}: p50 [{}], p99 [{}], {}",
            pick("50%"),
            pick("99%"),
            pick("Requests/sec")
        );
        let rss_after = vm_rss_kb(server.id())?;
        println!(
            "resident memory with the demo loaded: {:.1} MB before the load run, {:.1} MB after",
            rss_before as f64 / 1024.0,
            rss_after as f64 / 1024.0
        );
        Ok(())
    })();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&data);
    result
}

fn tempdir_path(root: &Path) -> Result<PathBuf> {
    let dir = out_dir(root)?.join(format!("portal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(dir)
}

fn wait_for(
    base: &str,
    path: &str,
    ok: impl Fn(&str) -> bool,
    since: std::time::Instant,
) -> Result<std::time::Duration> {
    while since.elapsed() < std::time::Duration::from_secs(60) {
        if let Ok(body) = http_get(base, path)
            && ok(&body)
        {
            return Ok(since.elapsed());
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    bail!("{base}{path} did not answer as expected within 60 s")
}

/// A plain HTTP/1.1 GET over loopback; returns the body of a 200 response.
fn http_get(base: &str, path: &str) -> Result<String> {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr)?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: xtask\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = String::new();
    s.read_to_string(&mut raw)?;
    ensure!(raw.starts_with("HTTP/1.1 200"), "not 200");
    Ok(raw)
}

fn vm_rss_kb(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .context("no VmRSS")
}

/// Runs `gazette cluster` (the pipeline's engine) over the clustering DEV split and scores it
/// against the incident labels and the 7-day story labels.
fn bench_cluster(root: &Path, shared: &Path) -> Result<()> {
    run(cargo()
        .current_dir(root)
        .args(["build", "--quiet", "--release", "-p", "gazette"]))?;
    let input = shared.join("bench/clustering/dev.jsonl.gz");
    let pred = out_dir(root)?.join("cluster-pred.jsonl");
    let started = std::time::Instant::now();
    let out = Command::new(root.join("target/release/gazette"))
        .arg("cluster")
        .arg(&input)
        .output()
        .context("cannot run gazette cluster")?;
    let wall = started.elapsed();
    ensure!(
        out.status.success(),
        "gazette cluster failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&pred, &out.stdout)?;
    let lines = out.stdout.iter().filter(|b| **b == b'\n').count();
    println!(
        "{lines} articles clustered in {:.2} s wall (process start and decompression included)",
        wall.as_secs_f64()
    );
    let evaluate = shared.join("bench/clustering/evaluate.py");
    println!("-- incident labels");
    print!(
        "{}",
        run(Command::new("python3").arg(&evaluate).arg(&pred))?
    );
    println!("-- cluster_7d labels");
    print!(
        "{}",
        run(Command::new("python3")
            .arg(&evaluate)
            .arg(&pred)
            .args(["--field", "cluster_7d"]))?
    );
    Ok(())
}

/// DEV clustering scores of the engine behind `gazette cluster` (`run_jsonl`, through the
/// story crate's example so that no release build of the whole binary is needed).
struct ClusterScores {
    bcubed: f64,
    pairwise: f64,
    pairwise_7d: f64,
}

fn cluster_scores(root: &Path, shared: &Path) -> Result<ClusterScores> {
    let input = shared.join("bench/clustering/dev.jsonl.gz");
    let pred = out_dir(root)?.join("cluster-gate-pred.jsonl");
    run(example(root, "gazette-story", "bench_cluster")
        .arg("jsonl")
        .arg(&input)
        .arg(&pred))?;
    let evaluate = shared.join("bench/clustering/evaluate.py");
    let score = |field: Option<&str>| -> Result<Value> {
        let mut cmd = Command::new("python3");
        cmd.arg(&evaluate).arg(&pred).arg("--json");
        if let Some(f) = field {
            cmd.args(["--field", f]);
        }
        Ok(serde_json::from_str(&run(&mut cmd)?)?)
    };
    let incidents = score(None)?;
    let seven = score(Some("cluster_7d"))?;
    let get = |v: &Value, path: [&str; 2]| -> Result<f64> {
        v[path[0]][path[1]]
            .as_f64()
            .with_context(|| format!("evaluate.py --json: no {}.{}", path[0], path[1]))
    };
    Ok(ClusterScores {
        bcubed: get(&incidents, ["bcubed", "f1"])?,
        pairwise: get(&incidents, ["pairwise", "f1"])?,
        pairwise_7d: get(&seven, ["pairwise", "f1"])?,
    })
}

/// Parses one generated 20,000-item RSS feed with our parser (release build, best of 5) and with
/// Python feedparser (when installed: `pip install feedparser`), and prints both and the ratio.
fn bench_feeds(root: &Path) -> Result<()> {
    let doc = out_dir(root)?.join("bench-20000.xml");
    let ours = run(example(root, "gazette-feed", "feed_bench")
        .args(["20000", "5"])
        .env("FEED_BENCH_WRITE", &doc))?;
    print!("{ours}");
    let script = "import sys,time,feedparser\nb=open(sys.argv[1],'rb').read()\nt=time.process_time()\nd=feedparser.parse(b)\ns=time.process_time()-t\nprint(f'feedparser {feedparser.__version__}: {len(d.entries)} entries in {s:.3f} CPU s: {len(b)/s/1e6:.2f} MB/s')";
    match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&doc)
        .output()
    {
        Ok(o) if o.status.success() => print!("{}", String::from_utf8_lossy(&o.stdout)),
        _ => println!("Python feedparser is not installed (pip install feedparser): no comparison"),
    }
    Ok(())
}
