//! The static HTTP/1.1 server behind `cargo xtask bench-wire`: one listener per outlet on its
//! own loopback address (127.1.x.y, one shared port), answering from bytes generated before the
//! run, with validators (ETag, Last-Modified) and 304s like a real publisher's server.
//!
//! It also records every request (kind, status, host, start time) and how many are in flight,
//! so that the benchmark can check gazette's politeness and the round-2 304s from the server's
//! side. Plain std threads: a blocking accept per address and a thread per connection with a
//! small stack; it must never panic on a bad request, only answer 400 and close.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};

use crate::wire::{http_date, parse_http_date};

const STACK: usize = 128 * 1024;
const MAX_LINE: usize = 8 * 1024;
const MAX_HEADERS: usize = 100;
/// An idle keep-alive connection is closed after this (gazette drops its own after 5 s).
const IDLE: Duration = Duration::from_secs(30);
/// Outlets per /24: 127.1.x.1 to 127.1.x.250.
const PER_BLOCK: usize = 250;
pub const MAX_OUTLETS: usize = 255 * PER_BLOCK;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Feed,
    Page,
    Robots,
}

/// One document of an outlet's site.
pub struct Doc {
    pub kind: DocKind,
    pub content_type: &'static str,
    pub body: Body,
    /// Unix seconds, for Last-Modified.
    pub modified: u64,
}

/// A document's bytes. On a large wire article pages are held compressed: 1,000,000 articles
/// hold ~14 GB of pages as they are (the generator was killed at 24 GB); a page is inflated
/// when it is asked for (~70 µs, counted in the server's CPU). See `wire::PLAIN_PAGES_UP_TO`.
pub enum Body {
    Plain(Vec<u8>),
    Deflated { bytes: Vec<u8>, len: usize },
}

impl Body {
    /// Holds `bytes` compressed.
    pub fn deflated(bytes: &[u8]) -> Body {
        use std::io::Write;
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        // Writing into a vector cannot fail.
        let _ = e.write_all(bytes);
        let mut packed = e.finish().unwrap_or_default();
        packed.shrink_to_fit();
        Body::Deflated {
            bytes: packed,
            len: bytes.len(),
        }
    }

    /// The document's length as served.
    pub fn len(&self) -> usize {
        match self {
            Body::Plain(b) => b.len(),
            Body::Deflated { len, .. } => *len,
        }
    }

    /// The document's bytes as served.
    pub fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self {
            Body::Plain(b) => std::borrow::Cow::Borrowed(b),
            Body::Deflated { bytes, len } => {
                use std::io::Read;
                let mut out = Vec::with_capacity(*len);
                let _ = flate2::read::DeflateDecoder::new(bytes.as_slice()).read_to_end(&mut out);
                std::borrow::Cow::Owned(out)
            }
        }
    }
}

/// One outlet's documents by path.
pub struct Site {
    pub docs: HashMap<String, Doc>,
}

/// The loopback address of outlet `i`.
pub fn addr(i: usize) -> Ipv4Addr {
    Ipv4Addr::new(127, 1, (i / PER_BLOCK) as u8, (i % PER_BLOCK + 1) as u8)
}

/// Listeners bound before the content exists, since the feeds and pages carry absolute URLs
/// with the port.
pub struct Listeners {
    pub port: u16,
    list: Vec<TcpListener>,
}

/// Binds one listener per outlet on one port (an ephemeral one free on every address).
pub fn bind(n: usize) -> Result<Listeners> {
    ensure!(
        (1..=MAX_OUTLETS).contains(&n),
        "between 1 and {MAX_OUTLETS} outlets"
    );
    let mut last_error = None;
    for _ in 0..20 {
        let first = TcpListener::bind(SocketAddrV4::new(addr(0), 0))
            .with_context(|| format!("cannot listen on {}", addr(0)))?;
        let port = first.local_addr()?.port();
        let mut list = vec![first];
        let mut ok = true;
        for i in 1..n {
            match TcpListener::bind(SocketAddrV4::new(addr(i), port)) {
                Ok(l) => list.push(l),
                Err(e) => {
                    last_error = Some(format!("{}:{port}: {e}", addr(i)));
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return Ok(Listeners { port, list });
        }
    }
    bail!(
        "cannot bind {n} loopback addresses on one port: {}",
        last_error.unwrap_or_default()
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReqKind {
    Feed,
    Page,
    Robots,
    Other,
}

/// One request as the server saw it.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub host: u32,
    pub kind: ReqKind,
    pub status: u16,
    /// Microseconds since the server started, when the request line arrived.
    pub start_us: u64,
}

/// What the server counts, shared with its threads.
pub struct Stats {
    epoch: Instant,
    log: Mutex<Vec<Request>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    host_in_flight: Vec<AtomicUsize>,
    max_host_in_flight: AtomicUsize,
    bad_requests: AtomicU64,
    connections: AtomicU64,
}

/// The requests of one round and the peaks reached during it.
pub struct Round {
    pub requests: Vec<Request>,
    pub max_in_flight: usize,
    pub max_host_in_flight: usize,
    pub bad_requests: u64,
    pub connections: u64,
}

impl Stats {
    /// Hands over what was recorded since the last call and starts counting afresh.
    pub fn take(&self) -> Round {
        let requests = std::mem::take(&mut *self.log.lock().unwrap_or_else(|e| e.into_inner()));
        let now = self.in_flight.load(Ordering::Relaxed);
        let host_now = self
            .host_in_flight
            .iter()
            .map(|h| h.load(Ordering::Relaxed))
            .max()
            .unwrap_or(0);
        Round {
            requests,
            max_in_flight: self.max_in_flight.swap(now, Ordering::Relaxed),
            max_host_in_flight: self.max_host_in_flight.swap(host_now, Ordering::Relaxed),
            bad_requests: self.bad_requests.swap(0, Ordering::Relaxed),
            connections: self.connections.swap(0, Ordering::Relaxed),
        }
    }

    /// Requests recorded since the last [`Stats::take`], by kind: feeds, pages, others.
    pub fn progress(&self) -> (usize, usize, usize) {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let feeds = log.iter().filter(|r| r.kind == ReqKind::Feed).count();
        let pages = log.iter().filter(|r| r.kind == ReqKind::Page).count();
        (feeds, pages, log.len() - feeds - pages)
    }
}

/// Politeness as the server saw it: the gaps between the starts of two feed or page requests
/// to one host (robots.txt is fetched beside the page that needs it, outside the host's turn).
pub struct Politeness {
    pub min_gap: Option<Duration>,
    pub gaps: usize,
    pub under_950ms: usize,
    /// The same over every request, robots.txt included.
    pub min_gap_all: Option<Duration>,
}

impl Round {
    pub fn count(&self, kind: ReqKind, status: u16) -> usize {
        self.requests
            .iter()
            .filter(|r| r.kind == kind && r.status == status)
            .count()
    }

    pub fn count_kind(&self, kind: ReqKind) -> usize {
        self.requests.iter().filter(|r| r.kind == kind).count()
    }

    pub fn count_status(&self, status: u16) -> usize {
        self.requests.iter().filter(|r| r.status == status).count()
    }

    pub fn politeness(&self) -> Politeness {
        let mut by_host: HashMap<u32, Vec<(u64, bool)>> = HashMap::new();
        for r in &self.requests {
            let polite = matches!(r.kind, ReqKind::Feed | ReqKind::Page);
            by_host
                .entry(r.host)
                .or_default()
                .push((r.start_us, polite));
        }
        let (mut min_gap, mut min_gap_all) = (u64::MAX, u64::MAX);
        let (mut gaps, mut under) = (0, 0);
        for list in by_host.values_mut() {
            list.sort_unstable();
            for w in list.windows(2) {
                min_gap_all = min_gap_all.min(w[1].0 - w[0].0);
            }
            let polite: Vec<u64> = list.iter().filter(|r| r.1).map(|r| r.0).collect();
            for w in polite.windows(2) {
                let gap = w[1] - w[0];
                gaps += 1;
                min_gap = min_gap.min(gap);
                if gap < 950_000 {
                    under += 1;
                }
            }
        }
        let some = |us: u64| (us != u64::MAX).then(|| Duration::from_micros(us));
        Politeness {
            min_gap: some(min_gap),
            gaps,
            under_950ms: under,
            min_gap_all: some(min_gap_all),
        }
    }
}

/// A document ready to serve: its validators computed once.
struct Served {
    doc: Doc,
    etag: String,
    last_modified: String,
}

/// Starts serving `sites[i]` on listener `i`; returns the shared counters. The threads live as
/// long as the process.
pub fn serve(listeners: Listeners, sites: Vec<Site>) -> Result<Arc<Stats>> {
    ensure!(listeners.list.len() == sites.len(), "one site per listener");
    let stats = Arc::new(Stats {
        epoch: Instant::now(),
        log: Mutex::new(Vec::new()),
        in_flight: AtomicUsize::new(0),
        max_in_flight: AtomicUsize::new(0),
        host_in_flight: (0..sites.len()).map(|_| AtomicUsize::new(0)).collect(),
        max_host_in_flight: AtomicUsize::new(0),
        bad_requests: AtomicU64::new(0),
        connections: AtomicU64::new(0),
    });
    for (i, (listener, site)) in listeners.list.into_iter().zip(sites).enumerate() {
        let docs: Arc<HashMap<String, Served>> = Arc::new(
            site.docs
                .into_iter()
                .map(|(path, doc)| {
                    // nginx's validator: modification time and length, no pass over the bytes.
                    let served = Served {
                        etag: format!("\"{:x}-{:x}\"", doc.modified, doc.body.len()),
                        last_modified: http_date(doc.modified),
                        doc,
                    };
                    (path, served)
                })
                .collect(),
        );
        let stats = stats.clone();
        std::thread::Builder::new()
            .name(format!("wire-accept-{i}"))
            .stack_size(STACK)
            .spawn(move || accept_loop(listener, i as u32, docs, stats))
            .context("cannot start an accept thread")?;
    }
    Ok(stats)
}

fn accept_loop(
    listener: TcpListener,
    host: u32,
    docs: Arc<HashMap<String, Served>>,
    stats: Arc<Stats>,
) {
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stats.connections.fetch_add(1, Ordering::Relaxed);
                let (docs, stats) = (docs.clone(), stats.clone());
                // A connection that cannot get a thread is dropped: the client sees a reset,
                // as from an overloaded server.
                let _ = std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn(move || connection(stream, host, &docs, &stats));
            }
            // Out of descriptors or a connection reset before accept: try again shortly.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

struct Parsed {
    head_only: bool,
    path: String,
    keep_alive: bool,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
}

enum Bad {
    /// The peer closed or timed out: nothing to answer.
    Gone,
    /// A request we will not serve: answer with this status and close.
    Status(u16),
}

fn connection(stream: TcpStream, host: u32, docs: &HashMap<String, Served>, stats: &Stats) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    let mut line = Vec::with_capacity(256);
    loop {
        let (parsed, started) = match read_request(&mut reader, &mut line) {
            Ok(p) => p,
            Err(Bad::Gone) => return,
            Err(Bad::Status(status)) => {
                stats.bad_requests.fetch_add(1, Ordering::Relaxed);
                let _ = respond(&mut writer, status, &[], b"bad request\n", false, false);
                return;
            }
        };
        let _flight = InFlight::enter(stats, host);
        let path = parsed.path.split(['?', '#']).next().unwrap_or("");
        let (status, kind, keep_alive) = match docs.get(path) {
            Some(served) => {
                let kind = match served.doc.kind {
                    DocKind::Feed => ReqKind::Feed,
                    DocKind::Page => ReqKind::Page,
                    DocKind::Robots => ReqKind::Robots,
                };
                let status = if not_modified(&parsed, served) {
                    304
                } else {
                    200
                };
                let headers = [
                    ("Content-Type", served.doc.content_type),
                    ("ETag", served.etag.as_str()),
                    ("Last-Modified", served.last_modified.as_str()),
                ];
                let bytes = if status == 304 {
                    std::borrow::Cow::Borrowed(&b""[..])
                } else {
                    served.doc.body.bytes()
                };
                let body: &[u8] = &bytes;
                let ok = respond(
                    &mut writer,
                    status,
                    &headers,
                    body,
                    parsed.head_only || status == 304,
                    parsed.keep_alive,
                )
                .is_ok();
                (status, kind, ok && parsed.keep_alive)
            }
            None => {
                let ok = respond(
                    &mut writer,
                    404,
                    &[("Content-Type", "text/plain; charset=utf-8")],
                    b"not found\n",
                    parsed.head_only,
                    parsed.keep_alive,
                )
                .is_ok();
                (404, ReqKind::Other, ok && parsed.keep_alive)
            }
        };
        stats
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Request {
                host,
                kind,
                status,
                start_us: started.duration_since(stats.epoch).as_micros() as u64,
            });
        if !keep_alive {
            return;
        }
    }
}

/// Counts a request in flight from its parsing to the end of its response.
struct InFlight<'a> {
    stats: &'a Stats,
    host: usize,
}

impl<'a> InFlight<'a> {
    fn enter(stats: &'a Stats, host: u32) -> Self {
        let host = host as usize;
        let now = stats.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        stats.max_in_flight.fetch_max(now, Ordering::Relaxed);
        let h = stats.host_in_flight[host].fetch_add(1, Ordering::Relaxed) + 1;
        stats.max_host_in_flight.fetch_max(h, Ordering::Relaxed);
        InFlight { stats, host }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.stats.in_flight.fetch_sub(1, Ordering::Relaxed);
        self.stats.host_in_flight[self.host].fetch_sub(1, Ordering::Relaxed);
    }
}

/// RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison); otherwise
/// If-Modified-Since, when it is a valid date, for GET and HEAD.
fn not_modified(req: &Parsed, served: &Served) -> bool {
    if let Some(inm) = &req.if_none_match {
        let ours = served.etag.trim_start_matches("W/");
        return inm
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours);
    }
    req.if_modified_since
        .as_deref()
        .and_then(parse_http_date)
        .is_some_and(|since| served.doc.modified <= since)
}

/// Reads one line (up to [`MAX_LINE`] bytes) into `buf`, without its line ending.
fn read_line(reader: &mut BufReader<TcpStream>, buf: &mut Vec<u8>) -> Result<(), Bad> {
    buf.clear();
    let n = reader
        .by_ref()
        .take(MAX_LINE as u64)
        .read_until(b'\n', buf)
        .map_err(|_| Bad::Gone)?;
    if n == 0 {
        return Err(Bad::Gone);
    }
    if buf.last() != Some(&b'\n') {
        return Err(if n >= MAX_LINE {
            Bad::Status(431)
        } else {
            Bad::Gone
        });
    }
    buf.pop();
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(())
}

fn read_request(
    reader: &mut BufReader<TcpStream>,
    line: &mut Vec<u8>,
) -> Result<(Parsed, Instant), Bad> {
    // RFC 9112 §2.2: empty lines before a request line are ignored.
    let mut blank = 0;
    loop {
        read_line(reader, line)?;
        if !line.is_empty() {
            break;
        }
        blank += 1;
        if blank > 8 {
            return Err(Bad::Status(400));
        }
    }
    let started = Instant::now();
    let request_line = String::from_utf8_lossy(line).into_owned();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Bad::Status(400));
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(Bad::Status(400)),
    };
    let mut keep_alive = http11;
    let (mut if_none_match, mut if_modified_since) = (None, None);
    let mut content_length = 0u64;
    let mut headers = 0;
    loop {
        read_line(reader, line)?;
        if line.is_empty() {
            break;
        }
        headers += 1;
        if headers > MAX_HEADERS {
            return Err(Bad::Status(431));
        }
        let text = String::from_utf8_lossy(line);
        let Some((name, value)) = text.split_once(':') else {
            return Err(Bad::Status(400));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "connection" => {
                let v = value.to_ascii_lowercase();
                if v.contains("close") {
                    keep_alive = false;
                } else if v.contains("keep-alive") {
                    keep_alive = true;
                }
            }
            "if-none-match" => if_none_match = Some(value.to_string()),
            "if-modified-since" => if_modified_since = Some(value.to_string()),
            "content-length" => {
                content_length = value.parse().map_err(|_| Bad::Status(400))?;
            }
            "transfer-encoding" => return Err(Bad::Status(501)),
            _ => {}
        }
    }
    if content_length > 64 * 1024 {
        return Err(Bad::Status(413));
    }
    if content_length > 0 {
        let mut sink = Vec::new();
        let got = reader
            .by_ref()
            .take(content_length)
            .read_to_end(&mut sink)
            .map_err(|_| Bad::Gone)?;
        if got as u64 != content_length {
            return Err(Bad::Gone);
        }
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(Bad::Status(405)),
    };
    // Absolute form (`GET http://host/path`) is allowed by RFC 9112; only the path matters.
    let path = match target.strip_prefix("http://") {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]).to_string(),
        None if target.starts_with('/') => target.to_string(),
        None => return Err(Bad::Status(400)),
    };
    Ok((
        Parsed {
            head_only,
            path,
            keep_alive,
            if_none_match,
            if_modified_since,
        },
        started,
    ))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        _ => "Unknown",
    }
}

fn respond(
    w: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    no_body: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nDate: {}\r\nServer: bench-wire\r\n",
        reason(status),
        http_date(now)
    );
    for (name, value) in headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    if status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    if status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    w.write_all(head.as_bytes())?;
    if !no_body {
        w.write_all(body)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_held_compressed_is_served_as_it_was_written() {
        let page = "<p>The bridge reopens on Monday.</p>\n".repeat(300);
        let body = Body::deflated(page.as_bytes());
        let Body::Deflated { bytes, .. } = &body else {
            panic!("pages are held compressed");
        };
        assert!(bytes.len() < page.len() / 10, "{} bytes held", bytes.len());
        assert_eq!(
            body.len(),
            page.len(),
            "the length served (and in the ETag)"
        );
        assert_eq!(&*body.bytes(), page.as_bytes());
        assert_eq!(&*Body::Plain(b"feed".to_vec()).bytes(), b"feed");
    }
}
