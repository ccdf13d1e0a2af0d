//! OPML and sitemap documents from users and sites: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(opml) = gazette_feed::opml::parse(data) {
        let subs = opml.subscriptions();
        let _ = gazette_feed::opml::export("fuzz", &subs);
    }
    let _ = gazette_feed::sitemap::parse(data);
    let html = String::from_utf8_lossy(data);
    let _ = gazette_feed::discover(&html, "https://fuzz.example/");
});
