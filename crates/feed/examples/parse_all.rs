//! Parses every file under a directory and reports failures, panics and the slowest files.
//!
//! Usage: `cargo run -p gazette-feed --example parse_all -- DIR`

use std::path::{Path, PathBuf};
use std::time::Instant;

use gazette_feed::{ParseOptions, parse};

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

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    let (mut ok, mut errors, mut panics) = (0, 0, 0);
    let mut times = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| parse(&bytes, &ParseOptions::default()));
        times.push((start.elapsed(), f.clone()));
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
        "{} files: {ok} parsed, {errors} errors, {panics} panics",
        files.len()
    );
}
