//! Any bytes, with any Content-Type charset, must parse without a panic, a hang or unbounded
//! memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (head, body) = data.split_at(data.len().min(16));
    let charset = String::from_utf8_lossy(head).into_owned();
    let opts = gazette_feed::ParseOptions {
        url: Some("https://fuzz.example/dir/feed.xml".into()),
        content_type: Some(format!("application/xml; charset={charset}")),
        ..Default::default()
    };
    if let Ok(feed) = gazette_feed::parse(body, &opts) {
        let _ = feed.to_result_json();
        for e in &feed.entries {
            let _ = (e.summary_html(), e.content_html());
        }
    }
    let _ = gazette_feed::parse(data, &gazette_feed::ParseOptions::default());
});
