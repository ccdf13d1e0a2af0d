//! Parses every file under a directory and reports failures, panics and the slowest files.
//!
//! Usage: `cargo run -p gazette-feed --example parse_all -- DIR [MUTATIONS]`
//!
//! With MUTATIONS, each file is also parsed that many more times with random cuts, byte flips
//! and splices (deterministic), and only panics are reported.

use std::path::{Path, PathBuf};
use std::time::Instant;

use gazette_feed::{ParseOptions, looks_like_html, parse};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Deterministic xorshift, so a reported panic can be reproduced.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    const NOISE: &[&[u8]] = &[
        b"<",
        b"&",
        b"]]>",
        b"<![CDATA[",
        b"</",
        b"\"",
        b"\xff",
        b"<!--",
        b"&#x",
    ];
    let mut b = bytes.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(b.len() + 1);
        match rng.below(3) {
            0 => b.truncate(at),
            1 if at < b.len() => b[at] = rng.below(256) as u8,
            _ => {
                let n = NOISE[rng.below(NOISE.len())];
                b.splice(at..at, n.iter().copied());
            }
        }
    }
    b
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mutations: usize = std::env::args()
        .nth(2)
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    let (mut ok, mut errors, mut panics, mut html) = (0, 0, 0, 0);
    let mut times = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        if looks_like_html(&bytes) {
            html += 1;
            println!("html?  {}", f.display());
        }
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| parse(&bytes, &ParseOptions::default()));
        times.push((start.elapsed(), f.clone()));
        for i in 0..mutations {
            let m = mutate(&bytes, &mut rng);
            if std::panic::catch_unwind(|| parse(&m, &ParseOptions::default())).is_err() {
                panics += 1;
                println!("PANIC  {} (mutation {i})", f.display());
            }
        }
        match result {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(e)) => {
                errors += 1;
                println!("error  {}: {e}", f.display());
            }
            Err(_) => {
                panics += 1;
                println!("PANIC  {}", f.display());
            }
        }
    }
    times.sort();
    for (t, f) in times.iter().rev().take(3) {
        println!("slow   {} {:?}", f.display(), t);
    }
    println!(
        "{} files: {ok} parsed, {errors} errors, {panics} panics, {html} sniffed as HTML",
        files.len()
    );
}
