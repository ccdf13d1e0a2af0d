//! Measures parsing throughput on a generated 20,000-item RSS 2.0 feed.
//!
//! Usage: `cargo run -p gazette-feed --example feed_bench [ITEMS] [ROUNDS]`

use std::time::Instant;

use gazette_feed::{ParseOptions, parse};

fn generate(items: usize) -> String {
    let mut s = String::with_capacity(items * 700);
    s.push_str(
        r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Benchmark feed</title><link>https://bench.example/</link><description>Generated</description>
"#,
    );
    for i in 0..items {
        s.push_str(&format!(
            r#"<item><title>Item {i}: caf&eacute; &amp; news</title><link>/articles/{i}</link>
<guid isPermaLink="false">bench-{i}</guid><pubDate>Thu, 01 Jan 2004 19:48:{:02} GMT</pubDate>
<dc:creator>Author {i}</dc:creator><category>cat{}</category>
<description>&lt;p&gt;Summary of item {i} with a &lt;a href="/rel/{i}"&gt;relative link&lt;/a&gt;.&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Full text of item {i}. <img src="/img/{i}.jpg"> Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>]]></content:encoded>
<media:thumbnail url="https://bench.example/t/{i}.jpg"/></item>
"#,
            i % 60,
            i % 17
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

fn main() {
    let mut args = std::env::args().skip(1);
    let items: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let doc = generate(items);
    // `FEED_BENCH_WRITE=PATH` saves the document, so that other parsers can be timed on it.
    if let Ok(path) = std::env::var("FEED_BENCH_WRITE") {
        std::fs::write(&path, &doc).expect("write the benchmark document");
    }
    let opts = ParseOptions {
        url: Some("https://bench.example/feed.xml".into()),
        ..Default::default()
    };
    let mb = doc.len() as f64 / 1_000_000.0;
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        let feed = parse(doc.as_bytes(), &opts).expect("the generated feed parses");
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(feed.items.len(), items);
        best = best.min(secs);
    }
    println!(
        "{items} items, {mb:.1} MB: best of {rounds} rounds {:.0} ms, {:.1} MB/s",
        best * 1000.0,
        mb / best
    );
}
