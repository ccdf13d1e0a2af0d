//! The story desk's memory: opens the desk on a store (rebuilding the clusterer's window from
//! it, as `serve` does at start) and prints the process's resident memory before and after.
//!
//! `cargo run --release -p gazette --example desk_memory -- DATA_DIR`
//!
//! With `SMAPS_DIR=DIR` it also copies `/proc/self/smaps` to `DIR/open.smaps` after the rebuild
//! and to `DIR/dropped.smaps` two seconds after the desk is dropped (which mapping holds what:
//! the allocator's arenas, SQLite's in glibc's).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rss_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: desk_memory DATA_DIR");
    let store: std::sync::Arc<dyn gazette_store::Store> = std::sync::Arc::new(
        gazette_store::SqliteStore::open_dir(std::path::Path::new(&dir))
            .await
            .expect("the store opens"),
    );
    println!("store open: RSS {:.1} MB", rss_mb("VmRSS:"));
    let started = std::time::Instant::now();
    let desk = gazette_pipeline::StoryDesk::open(store.clone())
        .await
        .expect("the desk opens");
    println!(
        "desk open in {:.1}s ({} clustered at open): RSS {:.1} MB, peak {:.1} MB",
        started.elapsed().as_secs_f64(),
        desk.clustered_at_open(),
        rss_mb("VmRSS:"),
        rss_mb("VmHWM:")
    );
    print!("{}", desk.memory_report());
    if let Ok(dir) = std::env::var("SMAPS_DIR") {
        let _ = std::fs::copy("/proc/self/smaps", format!("{dir}/open.smaps"));
    }
    // What stays resident once the desk is gone is the allocator's and SQLite's.
    drop(desk);
    println!("desk dropped: RSS {:.1} MB", rss_mb("VmRSS:"));
    if let Ok(dir) = std::env::var("SMAPS_DIR") {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        println!("2 s later: RSS {:.1} MB", rss_mb("VmRSS:"));
        let _ = std::fs::copy("/proc/self/smaps", format!("{dir}/dropped.smaps"));
    }
}
