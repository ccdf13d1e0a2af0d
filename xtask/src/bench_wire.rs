//! `cargo xtask bench-wire`: the release binary, in its default configuration, following a
//! generated aggregator's wire (2,000 outlets of 50 summary-only entries by default, each outlet
//! on its own loopback address, every article page fetched and extracted, politeness on).
//!
//! Round 1 polls from an empty database, round 2 polls again with `--force` while every feed
//! answers 304. The figures come from three sides: the gazette process (wall time, peak memory
//! and CPU sampled from /proc), the wire's server (what was requested, politeness as seen by
//! the publisher) and the database (entries, stories, and the clustering scored against the
//! events the generator knows). The summary is printed as table lines for BENCHMARKS.md.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};

use crate::wire::{self, Params, civil};
use crate::wire_server::{self, ReqKind, Round, Stats};

const USAGE: &str = "usage: cargo xtask bench-wire [--outlets N (2000)] [--entries E (50)] \
[--database-url postgres://... [--processes 2]] [--seed S] [--keep] [--serve-only] [--no-build]";

struct Options {
    outlets: usize,
    entries: usize,
    database_url: Option<String>,
    processes: usize,
    seed: u64,
    keep: bool,
    serve_only: bool,
    no_build: bool,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options {
        outlets: 2000,
        entries: 50,
        database_url: None,
        processes: 1,
        seed: 0x6a7a_e77e,
        keep: false,
        serve_only: false,
        no_build: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || -> Result<String> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .with_context(|| format!("{name} needs a value\n{USAGE}"))
        };
        match name {
            "--outlets" => o.outlets = value()?.parse().context("--outlets")?,
            "--entries" => o.entries = value()?.parse().context("--entries")?,
            "--database-url" => o.database_url = Some(value()?),
            "--processes" => o.processes = value()?.parse().context("--processes")?,
            "--seed" => o.seed = value()?.parse().context("--seed")?,
            "--keep" => o.keep = true,
            "--serve-only" => o.serve_only = true,
            "--no-build" => o.no_build = true,
            _ => bail!("unknown argument {arg}\n{USAGE}"),
        }
    }
    ensure!(o.outlets >= 1 && o.entries >= 1, "{USAGE}");
    ensure!(
        (1..=2).contains(&o.processes),
        "--processes is 1 or 2\n{USAGE}"
    );
    ensure!(
        o.processes == 1 || o.database_url.is_some(),
        "--processes 2 needs --database-url: SQLite is one process's database"
    );
    Ok(o)
}

pub fn bench_wire(root: &Path, args: &[String]) -> Result<()> {
    let opts = parse(args)?;
    if cfg!(debug_assertions) && std::env::var_os("BENCH_WIRE_OPTIMISED").is_none() {
        // The wire's server shares the cores with the process measured, and generating 1.5 GB
        // of pages takes a minute unoptimised: the benchmark runs from a release build of xtask.
        let status = crate::cargo()
            .current_dir(root)
            .args([
                "run",
                "--quiet",
                "--release",
                "-p",
                "xtask",
                "--",
                "bench-wire",
            ])
            .args(args)
            .env("BENCH_WIRE_OPTIMISED", "1")
            .status()
            .context("cannot run cargo")?;
        std::process::exit(status.code().unwrap_or(1));
    }
    let command_line = format!("cargo xtask bench-wire {}", args.join(" "))
        .trim_end()
        .to_string();
    let bin = root.join("target/release/gazette");
    if !opts.serve_only && !opts.no_build {
        println!("building the release binary (cargo build --release -p gazette)...");
        let status = crate::cargo()
            .current_dir(root)
            .args(["build", "--release", "-p", "gazette"])
            .status()
            .context("cannot run cargo")?;
        ensure!(
            status.success(),
            "cargo build --release -p gazette failed ({status}): the benchmark needs the release binary"
        );
    }
    if !opts.serve_only {
        ensure!(bin.is_file(), "{} is missing", bin.display());
    }
    let work = root
        .join("target/bench-wire")
        .join(format!("run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;

    let started = Instant::now();
    let listeners = wire_server::bind(opts.outlets)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let generated = wire::generate(&Params {
        outlets: opts.outlets,
        entries: opts.entries,
        seed: opts.seed,
        now,
        port: listeners.port,
    });
    let gen_time = started.elapsed();
    let opml = work.join("wire.opml");
    std::fs::write(&opml, &generated.opml)?;
    let g = generated.stats.clone();
    println!(
        "wire: {} outlets on 127.1.x.y:{} ({} RSS, {} Atom, {} JSON Feed), {} articles about {} events \
         (outlets per event: mean {:.2}, max {}, {} single-outlet), {} distinct event places; \
         pages {:.1} KB on average, {:.0} MB in all; generated in {:.1} s",
        opts.outlets,
        listeners.port,
        g.rss,
        g.atom,
        g.json,
        g.articles,
        g.events,
        g.mean_k(),
        g.max_k,
        g.single_outlet_events,
        g.distinct_places,
        g.page_bytes as f64 / g.articles.max(1) as f64 / 1024.0,
        (g.page_bytes + g.feed_bytes) as f64 / 1e6,
        gen_time.as_secs_f64()
    );
    let truth = generated.truth;
    let event_kinds = generated.event_kinds;
    // The truth beside the data, for looking into a run afterwards (`--keep`).
    let mut tsv = String::from("url\tevent\tkind\n");
    for (url, &event) in &truth {
        let _ = writeln!(tsv, "{url}\t{event}\t{}", event_kinds[event as usize]);
    }
    std::fs::write(work.join("truth.tsv"), tsv)?;
    let stats = wire_server::serve(listeners, generated.sites)?;

    if opts.serve_only {
        println!("OPML: {}", opml.display());
        println!("a feed: {}", generated.sample_feed);
        println!("a page: {}", generated.sample_page);
        println!(
            "try: curl -si {} | head -20; then again with -H 'If-None-Match: <its ETag>'",
            generated.sample_feed
        );
        println!("serving until interrupted (Ctrl-C)");
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }

    // After the build and the generation, which load the machine themselves.
    let load_start = loadavg();
    let ctx = Ctx {
        bin,
        work: work.clone(),
        data: work.join("data"),
        opts: &opts,
        stats: &stats,
        ticks: clock_ticks(),
    };
    let outcome = ctx.run(&opml, &truth, &event_kinds);
    let report = outcome.as_ref().ok().map(|o| {
        summary(
            &opts,
            &g,
            o,
            &command_line,
            &load_start,
            &git_describe(root),
            now,
        )
    });
    if opts.keep {
        println!(
            "kept {} (data directory, OPML, truth.tsv, gazette's logs)",
            work.display()
        );
    } else {
        let _ = std::fs::remove_dir_all(&work);
    }
    if opts.database_url.is_some() {
        println!(
            "the PostgreSQL database still holds this run's data: drop it before the next run"
        );
    }
    let outcome = outcome?;
    print!("{}", report.unwrap_or_default());
    if !outcome.failures.is_empty() {
        bail!("gazette failed:\n  {}", outcome.failures.join("\n  "));
    }
    Ok(())
}

struct Ctx<'a> {
    bin: PathBuf,
    work: PathBuf,
    data: PathBuf,
    opts: &'a Options,
    stats: &'a Stats,
    ticks: f64,
}

/// One gazette process of a round.
struct Proc {
    wall: Duration,
    peak_kb: u64,
    cpu_sampled: f64,
    status: ExitStatus,
    last_line: String,
    stderr_tail: String,
}

struct RoundResult {
    procs: Vec<Proc>,
    wall: Duration,
    /// utime + stime of the children, from this process's cutime/cstime after reaping them.
    cpu: f64,
    server: Round,
    /// CPU of this process (the wire's server, mostly) during the round.
    server_cpu: f64,
    load_after: String,
}

struct Outcome {
    import_wall: Duration,
    import_line: String,
    round1: RoundResult,
    round2: Option<RoundResult>,
    db: Option<DbFigures>,
    failures: Vec<String>,
}

impl Ctx<'_> {
    fn gazette(&self) -> Command {
        let mut c = Command::new(&self.bin);
        // The default configuration: nothing inherited may change a setting.
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("GAZETTE_") {
                c.env_remove(k);
            }
        }
        c.env("GAZETTE_DATA_DIR", &self.data)
            .env("GAZETTE_ALLOW_PRIVATE_ADDRESSES", "1")
            // No gazette.toml here.
            .current_dir(&self.work);
        if let Some(url) = &self.opts.database_url {
            c.env("GAZETTE_DATABASE_URL", url);
        }
        c
    }

    fn run(
        &self,
        opml: &Path,
        truth: &HashMap<String, u32>,
        event_kinds: &[&str],
    ) -> Result<Outcome> {
        if let Some(url) = &self.opts.database_url {
            // A table that does not exist yet is a fresh database: fine.
            if let Ok(out) = psql(url, "SELECT count(*) FROM sources")
                && out.trim() != "0"
            {
                bail!("the database at --database-url already has sources: give an empty one");
            }
        }
        let mut failures = Vec::new();
        let t = Instant::now();
        let out = self
            .gazette()
            .arg("opml")
            .arg("import")
            .arg(opml)
            .output()
            .context("cannot run gazette")?;
        let import_wall = t.elapsed();
        let import_line = last_line(&String::from_utf8_lossy(&out.stdout));
        ensure!(
            out.status.success(),
            "gazette opml import failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "opml import: {:.2} s: {import_line}",
            import_wall.as_secs_f64()
        );
        let _ = self.stats.take();

        let round1 = self.round(
            "round1",
            (0..self.opts.processes)
                .map(|_| {
                    let mut c = self.gazette();
                    c.args(["poll", "--once"]);
                    c
                })
                .collect(),
        )?;
        for (i, p) in round1.procs.iter().enumerate() {
            if !p.status.success() {
                failures.push(format!(
                    "round 1 process {}: {} ({})",
                    i + 1,
                    p.status,
                    p.stderr_tail
                ));
            }
        }
        let db = match self.db_figures(truth, event_kinds) {
            Ok(f) => Some(f),
            Err(e) => {
                println!("cannot read the results from the database: {e:#}");
                None
            }
        };
        let round2 = if round1.procs.iter().all(|p| p.status.success()) {
            let mut c = self.gazette();
            c.args(["poll", "--once", "--force"]);
            let r = self.round("round2", vec![c])?;
            if !r.procs[0].status.success() {
                failures.push(format!(
                    "round 2: {} ({})",
                    r.procs[0].status, r.procs[0].stderr_tail
                ));
            }
            Some(r)
        } else {
            None
        };
        Ok(Outcome {
            import_wall,
            import_line,
            round1,
            round2,
            db,
            failures,
        })
    }

    /// Runs `cmds` together and samples each one's memory and CPU every 50 ms until all exit.
    fn round(&self, label: &str, cmds: Vec<Command>) -> Result<RoundResult> {
        struct Running {
            child: std::process::Child,
            hwm_kb: u64,
            rss_kb: u64,
            cpu_ticks: u64,
            done: Option<(ExitStatus, Duration)>,
        }
        println!(
            "{label}: {} ...",
            cmds.first()
                .map(|c| c
                    .get_args()
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join(" "))
                .unwrap_or_default()
        );
        let cpu_before = children_ticks();
        let own_before = own_ticks();
        let started = Instant::now();
        let mut kids = Vec::new();
        for (i, mut cmd) in cmds.into_iter().enumerate() {
            cmd.stdout(File::create(self.work.join(format!("{label}-{i}.stdout")))?)
                .stderr(File::create(self.work.join(format!("{label}-{i}.stderr")))?);
            kids.push(Running {
                child: cmd.spawn().context("cannot start gazette")?,
                hwm_kb: 0,
                rss_kb: 0,
                cpu_ticks: 0,
                done: None,
            });
        }
        let mut last_report = Instant::now();
        loop {
            let mut running = 0;
            for k in kids.iter_mut().filter(|k| k.done.is_none()) {
                let pid = k.child.id();
                if let Some((hwm, rss)) = proc_memory(pid) {
                    k.hwm_kb = k.hwm_kb.max(hwm);
                    k.rss_kb = k.rss_kb.max(rss);
                }
                if let Some(t) = proc_cpu_ticks(pid) {
                    k.cpu_ticks = t;
                }
                match k.child.try_wait()? {
                    Some(status) => k.done = Some((status, started.elapsed())),
                    None => running += 1,
                }
            }
            if running == 0 {
                break;
            }
            if last_report.elapsed() >= Duration::from_secs(30) {
                last_report = Instant::now();
                let (feeds, pages, other) = self.stats.progress();
                let gazette: Vec<String> = kids
                    .iter()
                    .filter(|k| k.done.is_none())
                    .filter_map(|k| {
                        let (_, rss) = proc_memory(k.child.id())?;
                        Some(format!(
                            "{:.0} MB, CPU {:.0} s",
                            rss as f64 / 1024.0,
                            k.cpu_ticks as f64 / self.ticks
                        ))
                    })
                    .collect();
                println!(
                    "  {label} {:>5.0} s: {} feed, {} page and {} other requests served; gazette now {}",
                    started.elapsed().as_secs_f64(),
                    thousands(feeds),
                    thousands(pages),
                    thousands(other),
                    gazette.join(" / ")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let wall = started.elapsed();
        let cpu = children_ticks().saturating_sub(cpu_before) as f64 / self.ticks;
        let server_cpu = own_ticks().saturating_sub(own_before) as f64 / self.ticks;
        let server = self.stats.take();
        let procs = kids
            .into_iter()
            .enumerate()
            .map(|(i, k)| {
                let (status, wall) = k.done.unwrap_or_else(|| unreachable!("every child exited"));
                let stdout = std::fs::read_to_string(self.work.join(format!("{label}-{i}.stdout")))
                    .unwrap_or_default();
                let stderr = std::fs::read_to_string(self.work.join(format!("{label}-{i}.stderr")))
                    .unwrap_or_default();
                let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
                Proc {
                    wall,
                    peak_kb: k.hwm_kb.max(k.rss_kb),
                    cpu_sampled: k.cpu_ticks as f64 / self.ticks,
                    status,
                    last_line: last_line(&stdout),
                    stderr_tail: tail.into_iter().rev().collect::<Vec<_>>().join(" | "),
                }
            })
            .collect::<Vec<_>>();
        for (i, p) in procs.iter().enumerate() {
            println!(
                "  {label} process {}: {} in {:.1} s, peak {:.1} MB, CPU {:.1} s (sampled): {}",
                i + 1,
                p.status,
                p.wall.as_secs_f64(),
                p.peak_kb as f64 / 1024.0,
                p.cpu_sampled,
                p.last_line
            );
        }
        Ok(RoundResult {
            procs,
            wall,
            cpu,
            server,
            server_cpu,
            load_after: loadavg(),
        })
    }

    fn query(&self, sqlite: &str, postgres: &str) -> Result<Vec<Vec<String>>> {
        let out = match &self.opts.database_url {
            Some(url) => psql(url, postgres)?,
            None => {
                let script = "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nw=sys.stdout.write\nfor r in c.execute(sys.argv[2]):\n    w('\\t'.join('' if v is None else str(v).replace('\\t',' ').replace('\\n',' ') for v in r)+'\\n')\n";
                crate::run(
                    Command::new("python3")
                        .arg("-c")
                        .arg(script)
                        .arg(self.data.join("gazette.db"))
                        .arg(sqlite),
                )?
            }
        };
        Ok(out
            .lines()
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect())
    }

    fn db_figures(&self, truth: &HashMap<String, u32>, event_kinds: &[&str]) -> Result<DbFigures> {
        let select = "SELECT url, story_id, source_id, CASE WHEN extracted THEN 1 ELSE 0 END, \
                      CASE WHEN duplicate_of IS NULL THEN 0 ELSE 1 END FROM entries";
        let rows = self.query(select, select)?;
        let entries: Vec<Entry> = rows
            .iter()
            .filter(|r| r.len() >= 5)
            .map(|r| Entry {
                event: truth.get(&r[0]).copied(),
                story: r[1].parse().ok(),
                source: r[2].parse().unwrap_or(-1),
                extracted: r[3] == "1",
                duplicate: r[4] == "1",
            })
            .collect();
        let errors = self.query(
            "SELECT coalesce(last_error, '') FROM sources",
            "SELECT replace(replace(coalesce(last_error, ''), chr(9), ' '), chr(10), ' ') FROM sources",
        )?;
        let size = if self.opts.database_url.is_none() {
            ["gazette.db", "gazette.db-wal"]
                .iter()
                .filter_map(|f| std::fs::metadata(self.data.join(f)).ok())
                .map(|m| m.len())
                .sum()
        } else {
            0
        };
        Ok(figures(
            &entries,
            errors.iter().map(|r| r.join(" ")).collect(),
            event_kinds,
            size,
        ))
    }
}

struct Entry {
    event: Option<u32>,
    story: Option<i64>,
    source: i64,
    extracted: bool,
    duplicate: bool,
}

struct DbFigures {
    entries: usize,
    without_story: usize,
    extracted: usize,
    duplicates: usize,
    unknown_urls: usize,
    stories: usize,
    multi_source_stories: usize,
    multi_outlet_events: usize,
    largest: String,
    scores: Scores,
    failing_sources: usize,
    top_errors: Vec<(String, usize)>,
    db_bytes: u64,
}

fn figures(
    entries: &[Entry],
    errors: Vec<String>,
    event_kinds: &[&str],
    db_bytes: u64,
) -> DbFigures {
    let mut stories: HashMap<i64, Vec<&Entry>> = HashMap::new();
    for e in entries {
        if let Some(s) = e.story {
            stories.entry(s).or_default().push(e);
        }
    }
    let sources_of = |list: &[&Entry]| list.iter().map(|e| e.source).collect::<HashSet<_>>().len();
    let multi_source_stories = stories.values().filter(|l| sources_of(l) >= 2).count();
    let largest = stories
        .iter()
        .max_by_key(|(id, l)| (l.len(), std::cmp::Reverse(**id)))
        .map_or_else(
            || "none".to_string(),
            |(id, l)| {
                let mut events: HashMap<u32, usize> = HashMap::new();
                for e in l.iter().filter_map(|e| e.event) {
                    *events.entry(e).or_default() += 1;
                }
                let mut top: Vec<(u32, usize)> = events.into_iter().collect();
                top.sort_by_key(|&(e, n)| (std::cmp::Reverse(n), e));
                let kinds: Vec<String> = top
                    .iter()
                    .take(3)
                    .map(|&(e, n)| {
                        format!(
                            "{n} × {}",
                            event_kinds.get(e as usize).copied().unwrap_or("?")
                        )
                    })
                    .collect();
                format!(
                    "story {id}: {} articles, {} sources, {} event{} ({})",
                    l.len(),
                    sources_of(l),
                    top.len(),
                    if top.len() == 1 { "" } else { "s" },
                    kinds.join(", ")
                )
            },
        );
    let mut per_event: HashMap<u32, usize> = HashMap::new();
    for e in entries.iter().filter_map(|e| e.event) {
        *per_event.entry(e).or_default() += 1;
    }
    let labelled: Vec<(i64, u32)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            // An entry without a story is a story of its own.
            let story = e.story.unwrap_or(-1 - i as i64);
            e.event.map(|ev| (story, ev))
        })
        .collect();
    let mut by_error: HashMap<String, usize> = HashMap::new();
    for e in errors.iter().filter(|e| !e.trim().is_empty()) {
        let short: String = e.chars().take(120).collect();
        *by_error.entry(short).or_default() += 1;
    }
    let failing_sources = by_error.values().sum();
    let mut top_errors: Vec<(String, usize)> = by_error.into_iter().collect();
    top_errors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top_errors.truncate(3);
    DbFigures {
        entries: entries.len(),
        without_story: entries.iter().filter(|e| e.story.is_none()).count(),
        extracted: entries.iter().filter(|e| e.extracted).count(),
        duplicates: entries.iter().filter(|e| e.duplicate).count(),
        unknown_urls: entries.iter().filter(|e| e.event.is_none()).count(),
        stories: stories.len(),
        multi_source_stories,
        multi_outlet_events: per_event.values().filter(|&&n| n >= 2).count(),
        largest,
        scores: score(&labelled),
        failing_sources,
        top_errors,
        db_bytes,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub pairwise_p: f64,
    pub pairwise_r: f64,
    pub pairwise_f1: f64,
    pub bcubed_p: f64,
    pub bcubed_r: f64,
    pub bcubed_f1: f64,
}

/// Pairwise and BCubed precision, recall and F1 of predicted clusters against true classes;
/// `items` are (predicted cluster, true class) pairs.
pub fn score(items: &[(i64, u32)]) -> Scores {
    let mut cells: HashMap<(i64, u32), u64> = HashMap::new();
    let mut pred: HashMap<i64, u64> = HashMap::new();
    let mut gold: HashMap<u32, u64> = HashMap::new();
    for &(p, g) in items {
        *cells.entry((p, g)).or_default() += 1;
        *pred.entry(p).or_default() += 1;
        *gold.entry(g).or_default() += 1;
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let tp: u64 = cells.values().map(|&n| pairs(n)).sum();
    let pred_pairs: u64 = pred.values().map(|&n| pairs(n)).sum();
    let gold_pairs: u64 = gold.values().map(|&n| pairs(n)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let f1 = |p: f64, r: f64| {
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    };
    let n = items.len().max(1) as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(p, g), &c) in &cells {
        let c = c as f64;
        bp += c * c / pred[&p] as f64;
        br += c * c / gold[&g] as f64;
    }
    let (pp, pr) = (ratio(tp, pred_pairs), ratio(tp, gold_pairs));
    let (bp, br) = if items.is_empty() {
        (1.0, 1.0)
    } else {
        (bp / n, br / n)
    };
    Scores {
        pairwise_p: pp,
        pairwise_r: pr,
        pairwise_f1: f1(pp, pr),
        bcubed_p: bp,
        bcubed_r: br,
        bcubed_f1: f1(bp, br),
    }
}

fn summary(
    opts: &Options,
    g: &wire::WireStats,
    o: &Outcome,
    command_line: &str,
    load_start: &str,
    code: &str,
    now: u64,
) -> String {
    let (y, m, d) = civil(now);
    let date = format!("{y}-{m:02}-{d:02}");
    let load1 = |s: &str| s.split_whitespace().next().unwrap_or("?").to_string();
    let r1 = &o.round1;
    let r1_load = format!("{}–{}", load1(load_start), load1(&r1.load_after));
    let backend = if opts.database_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let mut s = String::new();
    let mut line = |figure: &str, value: String, load: &str| {
        let _ = writeln!(s, "| {date} | {figure} | {value} | {load} |");
    };
    line(
        &format!(
            "bench-wire: {} outlets × {} summary-only entries ({} RSS / {} Atom / {} JSON Feed; \
             {} events, {:.2} outlets per event, max {}, {} covered by one outlet; pages {:.1} KB), \
             each outlet on its own 127.1.x.y, {backend}, default configuration, code {code}",
            thousands(opts.outlets),
            opts.entries,
            g.rss,
            g.atom,
            g.json,
            thousands(g.events),
            g.mean_k(),
            g.max_k,
            thousands(g.single_outlet_events),
            g.page_bytes as f64 / g.articles.max(1) as f64 / 1024.0
        ),
        "—".into(),
        &load1(load_start),
    );
    line(
        &format!("`gazette opml import` of {} feeds", thousands(opts.outlets)),
        format!("{:.2} s ({})", o.import_wall.as_secs_f64(), o.import_line),
        "—",
    );
    let entries = o.db.as_ref().map_or(0, |d| d.entries);
    let r1_value = if r1.procs.len() == 1 {
        let p = &r1.procs[0];
        format!(
            "{:.1} s / {:.0} entries/s / {:.1} s ({:.1} s sampled) / {:.1} MB",
            r1.wall.as_secs_f64(),
            entries as f64 / r1.wall.as_secs_f64().max(1e-9),
            r1.cpu,
            p.cpu_sampled,
            p.peak_kb as f64 / 1024.0
        )
    } else {
        let each: Vec<String> = r1
            .procs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!(
                    "process {}: {:.1} s, {:.1} MB, CPU {:.1} s sampled",
                    i + 1,
                    p.wall.as_secs_f64(),
                    p.peak_kb as f64 / 1024.0,
                    p.cpu_sampled
                )
            })
            .collect();
        format!(
            "{:.1} s / {:.0} entries/s / {:.1} s (both) / {}",
            r1.wall.as_secs_f64(),
            entries as f64 / r1.wall.as_secs_f64().max(1e-9),
            r1.cpu,
            each.join("; ")
        )
    };
    line(
        &format!(
            "round 1 (`poll --once`{}, empty database): wall / entries per second / CPU / peak memory",
            if r1.procs.len() > 1 {
                ", two processes started together"
            } else {
                ""
            }
        ),
        r1_value,
        &r1_load,
    );
    line(
        "round 1 requests served: feeds 200 / pages 200 / robots.txt / 404 / other statuses; \
         connections opened / malformed requests; CPU of the wire's server",
        format!(
            "{} / {} / {} / {} / {}; {} / {}; {:.1} s",
            thousands(r1.server.count(ReqKind::Feed, 200)),
            thousands(r1.server.count(ReqKind::Page, 200)),
            thousands(r1.server.count_kind(ReqKind::Robots)),
            thousands(r1.server.count_status(404)),
            thousands(
                r1.server.requests.len()
                    - r1.server.count_status(200)
                    - r1.server.count_status(404)
            ),
            thousands(r1.server.connections as usize),
            r1.server.bad_requests,
            r1.server_cpu
        ),
        &r1_load,
    );
    let pol = r1.server.politeness();
    let ms = |d: Option<Duration>| {
        d.map_or("—".into(), |d| format!("{:.0} ms", d.as_secs_f64() * 1e3))
    };
    line(
        "round 1 politeness seen by the server: min gap between two feed/page requests to one host \
         (any request, robots.txt included) / gaps under 950 ms / max in flight to one host / max in flight in all",
        format!(
            "{} ({}) / {} of {} / {} / {}",
            ms(pol.min_gap),
            ms(pol.min_gap_all),
            thousands(pol.under_950ms),
            thousands(pol.gaps),
            r1.server.max_host_in_flight,
            r1.server.max_in_flight
        ),
        &r1_load,
    );
    if let Some(db) = &o.db {
        line(
            "database after round 1: entries (of N×E) / without a story / completed from their page / \
             marked duplicates / stories / stories with ≥ 2 sources (events with ≥ 2 outlets)",
            format!(
                "{} (of {}) / {} / {} / {} / {} / {} ({})",
                thousands(db.entries),
                thousands(g.articles),
                thousands(db.without_story),
                thousands(db.extracted),
                thousands(db.duplicates),
                thousands(db.stories),
                thousands(db.multi_source_stories),
                thousands(db.multi_outlet_events)
            ),
            "—",
        );
        line("largest story", db.largest.clone(), "—");
        let sc = &db.scores;
        line(
            "clustering against the generated events: pairwise precision / recall / F1; BCubed precision / recall / F1",
            format!(
                "{:.3} / {:.3} / {:.3}; {:.3} / {:.3} / {:.3}",
                sc.pairwise_p,
                sc.pairwise_r,
                sc.pairwise_f1,
                sc.bcubed_p,
                sc.bcubed_r,
                sc.bcubed_f1
            ),
            "—",
        );
        if db.failing_sources > 0 || db.unknown_urls > 0 {
            let errors: Vec<String> = db
                .top_errors
                .iter()
                .map(|(e, n)| format!("{n} × {e}"))
                .collect();
            line(
                "sources with an error / entries whose URL is not a generated article",
                format!(
                    "{} ({}) / {}",
                    thousands(db.failing_sources),
                    errors.join("; "),
                    thousands(db.unknown_urls)
                ),
                "—",
            );
        }
        if db.db_bytes > 0 {
            line(
                "SQLite database after round 1 (gazette.db + WAL)",
                format!("{:.0} MB", db.db_bytes as f64 / 1e6),
                "—",
            );
        }
    }
    if let Some(r2) = &o.round2 {
        let p = &r2.procs[0];
        line(
            "round 2 (`poll --once --force`, every feed 304): wall / CPU / peak memory; feeds answered 304 / other requests; CPU of the wire's server",
            format!(
                "{:.1} s / {:.1} s ({:.1} s sampled) / {:.1} MB; {} of {} / {}; {:.1} s",
                r2.wall.as_secs_f64(),
                r2.cpu,
                p.cpu_sampled,
                p.peak_kb as f64 / 1024.0,
                thousands(r2.server.count(ReqKind::Feed, 304)),
                thousands(opts.outlets),
                thousands(r2.server.requests.len() - r2.server.count(ReqKind::Feed, 304)),
                r2.server_cpu
            ),
            &format!("{}–{}", load1(&r1.load_after), load1(&r2.load_after)),
        );
    }
    let mut out = String::from("\n## bench-wire summary\n\n");
    let _ = writeln!(out, "command: `{command_line}`");
    let _ = writeln!(
        out,
        "load (/proc/loadavg): start {load_start}; after round 1 {}{}",
        r1.load_after,
        o.round2.as_ref().map_or(String::new(), |r| format!(
            "; after round 2 {}",
            r.load_after
        ))
    );
    let _ = writeln!(
        out,
        "CPU is utime + stime: the first figure from the reaped children's totals, \
         the sampled one from /proc/PID/stat every 50 ms (last sample before exit). \
         Peak memory is the larger of VmHWM and VmRSS, sampled every 50 ms."
    );
    for (label, r) in [("round 1", Some(r1)), ("round 2", o.round2.as_ref())] {
        if let Some(r) = r {
            for p in &r.procs {
                let _ = writeln!(out, "gazette stdout, {label}: {}", p.last_line);
            }
        }
    }
    out.push_str("\n| date | figure | value | load |\n|---|---|---|---|\n");
    out.push_str(&s);
    out.push_str("\nTargets:\n");
    let mut check = |ok: bool, what: String| {
        let _ = writeln!(out, "- [{}] {what}", if ok { "x" } else { " " });
    };
    if let Some(db) = &o.db {
        check(
            db.entries == g.articles,
            format!("every article stored: {} of {}", db.entries, g.articles),
        );
        check(
            db.without_story == 0,
            format!("no entry without a story: {}", db.without_story),
        );
    }
    check(
        pol.under_950ms == 0,
        format!(
            "per-host delay kept (no two feed/page requests to one host under 950 ms apart): {}",
            pol.under_950ms
        ),
    );
    if let Some(r2) = &o.round2 {
        let not_modified = r2.server.count(ReqKind::Feed, 304);
        check(
            not_modified == opts.outlets,
            format!(
                "round 2: every feed 304: {not_modified} of {}",
                opts.outlets
            ),
        );
        check(
            r2.wall < Duration::from_secs(20),
            format!("round 2 under 20 s: {:.1} s", r2.wall.as_secs_f64()),
        );
    }
    out
}

fn psql(url: &str, query: &str) -> Result<String> {
    crate::run(
        Command::new("psql")
            .arg(url)
            .args(["-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c"])
            .arg(query),
    )
}

fn last_line(s: &str) -> String {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(crate) fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "?".into())
}

/// (VmHWM, VmRSS) in kB; `None` once the process is gone (or a zombie).
fn proc_memory(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// Fields of /proc/PID/stat after the command name (which may hold spaces), from field 3 on.
fn stat_fields(path: &str) -> Option<Vec<u64>> {
    let stat = std::fs::read_to_string(path).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    Some(
        rest.split_whitespace()
            .map(|f| f.parse().unwrap_or(0))
            .collect(),
    )
}

/// utime + stime of a process, in clock ticks.
fn proc_cpu_ticks(pid: u32) -> Option<u64> {
    let f = stat_fields(&format!("/proc/{pid}/stat"))?;
    Some(f.get(11)? + f.get(12)?)
}

/// utime + stime of this process.
fn own_ticks() -> u64 {
    stat_fields("/proc/self/stat")
        .and_then(|f| Some(f.get(11)? + f.get(12)?))
        .unwrap_or(0)
}

/// cutime + cstime of this process: the CPU of every child reaped so far.
fn children_ticks() -> u64 {
    stat_fields("/proc/self/stat")
        .and_then(|f| Some(f.get(13)? + f.get(14)?))
        .unwrap_or(0)
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

fn git_describe(root: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let head = git(&["rev-parse", "--short", "HEAD"]);
    let dirty = !git(&["status", "--porcelain", "--", "crates"]).is_empty();
    if dirty {
        format!("{head} + uncommitted changes in crates/")
    } else {
        head
    }
}

/// `cargo xtask wire-cluster [--outlets N] [--entries E] [--seed S]`: the wire's articles
/// (their text as written, not fetched) through `gazette cluster`, scored against the
/// generated events, with the largest stories: the clusterer's loop on news at the wire's size
/// in a minute instead of a whole `bench-wire`.
pub fn wire_cluster(root: &Path, args: &[String]) -> Result<()> {
    let opts = parse(args)?;
    let bin = root.join("target/release/gazette");
    ensure!(
        bin.exists(),
        "{} is missing: cargo build --release -p gazette",
        bin.display()
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let params = Params {
        outlets: opts.outlets,
        entries: opts.entries,
        seed: opts.seed,
        now,
        port: 80,
    };
    let dir = root.join("target/xtask");
    std::fs::create_dir_all(&dir)?;
    let input = dir.join("wire-articles.jsonl");
    let n = {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&input)?);
        let n = wire::write_articles_jsonl(&params, &mut out)?;
        std::io::Write::flush(&mut out)?;
        n
    };
    let mut event_of: HashMap<String, u32> = HashMap::new();
    for line in std::fs::read_to_string(&input)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        event_of.insert(
            v["id"].as_str().unwrap_or_default().to_string(),
            v["event"].as_u64().unwrap_or_default() as u32,
        );
    }
    let started = Instant::now();
    let out = std::process::Command::new(&bin)
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
    let mut items: Vec<(i64, u32)> = Vec::with_capacity(n);
    let mut sizes: HashMap<i64, (usize, std::collections::HashSet<u32>)> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let id = v["id"].as_str().unwrap_or_default();
        let cluster = v["cluster"].as_i64().unwrap_or_default();
        let Some(event) = event_of.get(id) else {
            continue;
        };
        items.push((cluster, *event));
        let s = sizes.entry(cluster).or_default();
        s.0 += 1;
        s.1.insert(*event);
    }
    let sc = score(&items);
    let mut largest: Vec<(usize, usize)> = sizes.values().map(|(n, e)| (*n, e.len())).collect();
    largest.sort_unstable_by(|a, b| b.cmp(a));
    largest.truncate(5);
    println!(
        "{} articles ({} outlets × {}), clustered in {:.1} s wall; {} stories",
        items.len(),
        opts.outlets,
        opts.entries,
        wall.as_secs_f64(),
        sizes.len()
    );
    println!(
        "pairwise P {:.3} R {:.3} F1 {:.3}; BCubed P {:.3} R {:.3} F1 {:.3}",
        sc.pairwise_p, sc.pairwise_r, sc.pairwise_f1, sc.bcubed_p, sc.bcubed_r, sc.bcubed_f1
    );
    println!("largest stories (articles, events): {largest:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_merged_clusterings() {
        let perfect = score(&[(1, 10), (1, 10), (2, 20), (3, 30), (3, 30), (3, 30)]);
        assert_eq!(perfect.pairwise_f1, 1.0);
        assert_eq!(perfect.bcubed_f1, 1.0);
        // Everything in one story: recall stays perfect, precision falls.
        let merged = score(&[(1, 10), (1, 10), (1, 20), (1, 20)]);
        assert_eq!(merged.pairwise_r, 1.0);
        assert!((merged.pairwise_p - 2.0 / 6.0).abs() < 1e-9);
        assert!((merged.bcubed_p - 0.5).abs() < 1e-9);
        // Every article alone: precision is vacuous, recall zero.
        let split = score(&[(1, 10), (2, 10), (3, 20), (4, 20)]);
        assert_eq!(split.pairwise_r, 0.0);
        assert!((split.bcubed_r - 0.5).abs() < 1e-9);
    }

    #[test]
    fn options() {
        let o = parse(&["--outlets".into(), "20".into(), "--entries=10".into()]).unwrap();
        assert_eq!((o.outlets, o.entries, o.processes), (20, 10, 1));
        assert!(parse(&["--processes".into(), "2".into()]).is_err());
        assert!(parse(&["--bogus".into()]).is_err());
    }
}
