//! `cargo xtask bench-serve`: the public site at portal scale, beside nginx serving the same
//! bytes.
//!
//! The store is the one `cargo xtask bench-wire --keep` builds (2,000 outlets × 50 articles:
//! every page fetched, extracted, clustered and tagged through the release binary in its
//! default configuration), or any data directory given with `--store`. A copy of it, migrated
//! first by `gazette source list`, is served by `gazette serve --no-poll` (the wire's outlets
//! are gone; polling them would only log errors) in the default configuration; nginx serves
//! the bytes of the same pages as static files. wrk, on the same two cores, measures each page
//! at each connection count against both in turn; then the server's memory is read, and a
//! second server with the page cache off measures what a miss costs (one connection, so the
//! figures are render times).

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};

const USAGE: &str = "usage: cargo xtask bench-serve [--store DATA_DIR] [--outlets N (2000)] \
[--entries E (50)] [--duration SECONDS (10)] [--connections 2,50] [--no-build]";

const GAZETTE: &str = "127.0.0.1:18093";
const GAZETTE_UNCACHED: &str = "127.0.0.1:18094";
const NGINX: &str = "127.0.0.1:18095";

struct Options {
    store: Option<PathBuf>,
    outlets: usize,
    entries: usize,
    duration: u64,
    connections: Vec<u32>,
    no_build: bool,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options {
        store: None,
        outlets: 2000,
        entries: 50,
        duration: 10,
        connections: vec![2, 50],
        no_build: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .with_context(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--store" => o.store = Some(PathBuf::from(value()?)),
            "--outlets" => o.outlets = value()?.parse().context("--outlets")?,
            "--entries" => o.entries = value()?.parse().context("--entries")?,
            "--duration" => o.duration = value()?.parse().context("--duration")?,
            "--connections" => {
                o.connections = value()?
                    .split(',')
                    .map(|c| c.trim().parse().context("--connections"))
                    .collect::<Result<_>>()?;
            }
            "--no-build" => o.no_build = true,
            _ => bail!("unknown argument {arg}\n{USAGE}"),
        }
    }
    ensure!(o.duration >= 1 && !o.connections.is_empty(), "{USAGE}");
    Ok(o)
}

/// One wrk run's figures.
#[derive(Debug, Clone, Default)]
struct Load {
    rps: f64,
    p50: String,
    p99: String,
    errors: bool,
}

/// One page at one connection count, on Gazette and on nginx.
struct Row {
    page: String,
    connections: u32,
    bytes: usize,
    gazette: Load,
    nginx: Load,
}

pub fn bench_serve(root: &Path, args: &[String]) -> Result<()> {
    let opts = parse(args)?;
    for tool in ["wrk", "nginx"] {
        ensure!(
            Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .stdout(Stdio::null())
                .status()?
                .success(),
            "{tool} is not installed (apt-get install -y wrk nginx)"
        );
    }
    if !opts.no_build {
        println!("building the release binary (cargo build --release -p gazette)...");
        let status = crate::cargo()
            .current_dir(root)
            .args(["build", "--release", "-p", "gazette"])
            .status()?;
        ensure!(status.success(), "cargo build --release -p gazette failed");
    }
    let source = match &opts.store {
        Some(dir) => dir.clone(),
        None => build_store(root, &opts)?,
    };
    ensure!(
        source.join("gazette.db").exists(),
        "{} holds no gazette.db",
        source.display()
    );
    let work = crate::out_dir(root)?.join("bench-serve");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let data = work.join("data");
    println!("copying {} to {}...", source.display(), data.display());
    let status = Command::new("cp")
        .arg("-a")
        .arg(&source)
        .arg(&data)
        .status()?;
    ensure!(status.success(), "cannot copy the store");

    let bin = root.join("target/release/gazette");
    // A store written by an older binary is migrated first, by a process of its own: run by the
    // server, a migration's work (0020 rewrites a million rows) stays in its heap and in the
    // memory figure (BENCHMARKS.md, 2026-12-08).
    let migrated = Command::new(&bin)
        .arg("--data-dir")
        .arg(&data)
        .args(["source", "list"])
        .stdout(std::process::Stdio::null())
        .status()?;
    ensure!(migrated.success(), "gazette cannot open the copied store");
    let started = Instant::now();
    let (mut server, rebuilt) = start_gazette(&bin, &data, GAZETTE, None)?;
    let result = (|| -> Result<()> {
        wait_healthy(GAZETTE, started)?;
        println!("gazette serve answered after {:?}", started.elapsed());
        let desk = wait_desk(&rebuilt, started)?;
        let (rss, hwm) = memory(server.id())?;
        println!(
            "the story desk was rebuilt after {desk:.1?}; server memory then {:.0} MB (peak {:.0} MB)",
            rss as f64 / 1024.0,
            hwm as f64 / 1024.0
        );
        let health = String::from_utf8_lossy(&get(GAZETTE, "/healthz")?.1).into_owned();
        let entries = health
            .lines()
            .find_map(|l| l.strip_prefix("entries "))
            .unwrap_or("?")
            .to_string();
        let home = String::from_utf8_lossy(&get(GAZETTE, "/")?.1).replace("&#x2f;", "/");
        let link = |prefix: &str| -> Result<String> {
            home.split("href=\"")
                .filter_map(|s| s.split('"').next())
                .find(|h| h.starts_with(prefix))
                .map(str::to_string)
                .with_context(|| format!("no {prefix} link on the home page"))
        };
        let article = link("/article/")?;
        let topic = link("/topic/")?;
        // A word of the article's title, as a reader would search for it.
        let article_html = String::from_utf8_lossy(&get(GAZETTE, &article)?.1).into_owned();
        let title = article_html
            .split("<h1")
            .nth(1)
            .and_then(|s| s.split('>').nth(1))
            .and_then(|s| s.split('<').next())
            .unwrap_or("harbour");
        let word = title
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() >= 5)
            .max_by_key(|w| w.len())
            .unwrap_or("harbour")
            .to_lowercase();
        let search = format!("/search?q={word}");
        let pages = [
            ("article", article.clone()),
            ("home", "/".to_string()),
            ("topic", topic.clone()),
            ("search", search.clone()),
        ];

        // nginx serves each page's bytes, as Gazette sends them without compression.
        let nginx_root = work.join("nginx/root");
        std::fs::create_dir_all(&nginx_root)?;
        for (name, path) in &pages {
            let (status, body) = get(GAZETTE, path)?;
            ensure!(status == 200, "{path} answered {status}");
            std::fs::write(nginx_root.join(format!("{name}.html")), body)?;
        }
        let mut nginx = start_nginx(&work.join("nginx"))?;
        let loads = (|| -> Result<Vec<Row>> {
            wait_healthy_nginx(Instant::now())?;
            let mut rows = Vec::new();
            let before = crate::bench_wire::loadavg();
            println!("load average before the runs: {before}");
            for (name, path) in &pages {
                let size = std::fs::metadata(nginx_root.join(format!("{name}.html")))?.len();
                let mut conns = opts.connections.clone();
                if *name == "search" && !conns.contains(&1) {
                    conns.insert(0, 1);
                }
                for &c in &conns {
                    let g = wrk(GAZETTE, path, c, opts.duration)?;
                    let n = wrk(NGINX, &format!("/{name}.html"), c, opts.duration)?;
                    println!(
                        "{name:8} c={c:<3} gazette {:>9.0} req/s p50 {:>9} p99 {:>9}{} | nginx {:>9.0} req/s | {:.1}%",
                        g.rps,
                        g.p50,
                        g.p99,
                        if g.errors { " (errors)" } else { "" },
                        n.rps,
                        100.0 * g.rps / n.rps.max(1.0)
                    );
                    rows.push(Row {
                        page: name.to_string(),
                        connections: c,
                        bytes: size as usize,
                        gazette: g,
                        nginx: n,
                    });
                }
            }
            Ok(rows)
        })();
        // SIGTERM: the master stops its workers first. SIGKILL (`Child::kill`) left them
        // running, orphaned, into the next benchmark.
        let stopped = Command::new("kill")
            .args(["-TERM", &nginx.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = nginx.kill();
        }
        let _ = nginx.wait();
        let loads = loads?;
        let (rss, hwm) = memory(server.id())?;
        let after = crate::bench_wire::loadavg();
        let _ = server.kill();
        let _ = server.wait();

        // Misses: the same pages rendered every time (page cache off), one reader at a time.
        let (mut uncached, uncached_desk) =
            start_gazette(&bin, &data, GAZETTE_UNCACHED, Some("0"))?;
        let misses = (|| -> Result<Vec<(String, Load)>> {
            let started = Instant::now();
            wait_healthy(GAZETTE_UNCACHED, started)?;
            wait_desk(&uncached_desk, started)?;
            let mut rows = Vec::new();
            for (name, path) in &pages {
                let l = wrk(GAZETTE_UNCACHED, path, 1, opts.duration)?;
                println!(
                    "miss {name:8} c=1 {:>7.0} req/s p50 {:>9} p99 {:>9}",
                    l.rps, l.p50, l.p99
                );
                rows.push((name.to_string(), l));
            }
            Ok(rows)
        })();
        let _ = uncached.kill();
        let _ = uncached.wait();
        let misses = misses?;

        let mut out = String::new();
        let _ = writeln!(
            out,
            "\n{entries} articles stored; pages: article {article}, topic {topic}, search {search}"
        );
        let _ = writeln!(
            out,
            "| page | bytes | connections | Gazette req/s | nginx req/s | Gazette / nginx | Gazette p50 | Gazette p99 |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
        for Row {
            page: name,
            connections: c,
            bytes: size,
            gazette: g,
            nginx: n,
        } in &loads
        {
            let _ = writeln!(
                out,
                "| {name} | {size} | {c} | {:.0} | {:.0} | {:.1}% | {} | {} |",
                g.rps,
                n.rps,
                100.0 * g.rps / n.rps.max(1.0),
                g.p50,
                g.p99
            );
        }
        let _ = writeln!(
            out,
            "\n| miss (page cache off, 1 connection) | req/s | p50 | p99 |"
        );
        let _ = writeln!(out, "|---|---|---|---|");
        for (name, l) in &misses {
            let _ = writeln!(out, "| {name} | {:.0} | {} | {} |", l.rps, l.p50, l.p99);
        }
        let _ = writeln!(
            out,
            "\nserver memory after the runs: {:.1} MB resident (peak {:.1} MB); load average after: {after}",
            rss as f64 / 1024.0,
            hwm as f64 / 1024.0
        );
        print!("{out}");
        Ok(())
    })();
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// Builds the store with `cargo xtask bench-wire --keep` and returns its data directory.
fn build_store(root: &Path, opts: &Options) -> Result<PathBuf> {
    println!(
        "building a store: cargo xtask bench-wire --keep --outlets {} --entries {}",
        opts.outlets, opts.entries
    );
    let started = std::time::SystemTime::now();
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
            "--keep",
        ])
        .args(["--outlets", &opts.outlets.to_string()])
        .args(["--entries", &opts.entries.to_string()])
        .arg("--no-build")
        .env("BENCH_WIRE_OPTIMISED", "1")
        .status()?;
    ensure!(status.success(), "bench-wire failed");
    // The run directory it kept: the newest under target/bench-wire.
    let mut newest: Option<(std::time::SystemTime, PathBuf)> = None;
    for dir in std::fs::read_dir(root.join("target/bench-wire"))? {
        let dir = dir?.path();
        let data = dir.join("data");
        let Ok(modified) = std::fs::metadata(&data).and_then(|m| m.modified()) else {
            continue;
        };
        if modified >= started && newest.as_ref().is_none_or(|(t, _)| modified > *t) {
            newest = Some((modified, data));
        }
    }
    newest
        .map(|(_, d)| d)
        .context("bench-wire kept no data directory")
}

/// Starts `gazette serve` on the store (no polling, no weather). The returned flag turns true
/// once the story desk has rebuilt its window: until then a core is busy with it, and the
/// figures are taken after, as a site runs between restarts.
fn start_gazette(
    bin: &Path,
    data: &Path,
    listen: &str,
    cache_mb: Option<&str>,
) -> Result<(Child, Arc<AtomicBool>)> {
    let mut cmd = Command::new(bin);
    for (key, _) in std::env::vars() {
        if key.starts_with("GAZETTE_") {
            cmd.env_remove(key);
        }
    }
    cmd.arg("--data-dir")
        .arg(data)
        .args(["serve", "--no-poll", "--listen", listen])
        .env("GAZETTE_LOG", "info")
        .env("GAZETTE_WEATHER_CITY", "")
        .current_dir(data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(mb) = cache_mb {
        cmd.env("GAZETTE_SITE_PAGE_CACHE_MB", mb);
    }
    let mut child = cmd.spawn().context("cannot start the release binary")?;
    let rebuilt = Arc::new(AtomicBool::new(false));
    let stderr = child.stderr.take().context("no stderr")?;
    let flag = rebuilt.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains("story desk rebuilt") {
                flag.store(true, Ordering::SeqCst);
            } else if line.contains("WARN") || line.contains("ERROR") {
                eprintln!("gazette: {line}");
            }
        }
    });
    Ok((child, rebuilt))
}

/// Waits for the story desk's rebuild (at most ten minutes); returns how long it took.
fn wait_desk(rebuilt: &AtomicBool, started: Instant) -> Result<Duration> {
    while !rebuilt.load(Ordering::SeqCst) {
        ensure!(
            started.elapsed() < Duration::from_secs(600),
            "the story desk was not rebuilt within ten minutes"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(started.elapsed())
}

fn start_nginx(dir: &Path) -> Result<Child> {
    let conf = dir.join("nginx.conf");
    let d = dir.display();
    std::fs::write(
        &conf,
        format!(
            "daemon off;\nworker_processes auto;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             events {{ worker_connections 4096; }}\n\
             http {{\n  access_log off;\n  sendfile on; tcp_nopush on; keepalive_requests 100000;\n\
             \x20 server {{ listen {NGINX}; root {d}/root; default_type text/html; }}\n}}\n"
        ),
    )?;
    Command::new("nginx")
        .arg("-c")
        .arg(&conf)
        .arg("-p")
        .arg(dir)
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start nginx")
}

fn wait_healthy(addr: &str, since: Instant) -> Result<()> {
    while since.elapsed() < Duration::from_secs(120) {
        if matches!(get(addr, "/healthz"), Ok((200, _))) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("{addr} did not become healthy within 120 s")
}

fn wait_healthy_nginx(since: Instant) -> Result<()> {
    while since.elapsed() < Duration::from_secs(10) {
        if matches!(get(NGINX, "/home.html"), Ok((200, _))) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    bail!("nginx did not start")
}

/// A GET over loopback without compression: the status and the body.
fn get(addr: &str, path: &str) -> Result<(u16, Vec<u8>)> {
    let mut s = std::net::TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: Mozilla/5.0 (bench)\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = &raw[split + 4..];
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(body)
    } else {
        body.to_vec()
    };
    Ok((status, body))
}

fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = s.windows(2).position(|w| w == b"\r\n") {
        let Ok(n) = usize::from_str_radix(String::from_utf8_lossy(&s[..eol]).trim(), 16) else {
            break;
        };
        let rest = &s[eol + 2..];
        if n == 0 || rest.len() < n {
            break;
        }
        out.extend_from_slice(&rest[..n]);
        s = rest[n..].strip_prefix(b"\r\n").unwrap_or(&rest[n..]);
    }
    out
}

/// `wrk -t2 -cN -dD --latency` (one thread for one connection).
fn wrk(addr: &str, path: &str, connections: u32, seconds: u64) -> Result<Load> {
    let threads = connections.min(2);
    let out = Command::new("wrk")
        .args([
            format!("-t{threads}"),
            format!("-c{connections}"),
            format!("-d{seconds}s"),
            "--latency".into(),
            format!("http://{addr}{path}"),
        ])
        .output()
        .context("cannot run wrk")?;
    ensure!(
        out.status.success(),
        "wrk failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let pick = |label: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(label))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("?")
            .to_string()
    };
    Ok(Load {
        rps: pick("Requests/sec:").parse().unwrap_or(0.0),
        p50: pick("50%"),
        p99: pick("99%"),
        errors: text.contains("Non-2xx") || text.contains("Socket errors"),
    })
}

/// Resident and peak memory of a process, in kB.
fn memory(pid: u32) -> Result<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .with_context(|| format!("no {name}"))
    };
    Ok((field("VmRSS:")?, field("VmHWM:")?))
}
