//! Prints the result model of one feed file as JSON.
//!
//! Usage: `cargo run -p gazette-feed --example dump -- FILE [URL]`

use gazette_feed::{ParseOptions, parse};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump FILE [URL]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let opts = ParseOptions {
        url: args.next(),
        ..Default::default()
    };
    match parse(&bytes, &opts) {
        Ok(feed) => println!(
            "{}",
            serde_json::to_string_pretty(&feed.to_result_json()).unwrap_or_default()
        ),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
