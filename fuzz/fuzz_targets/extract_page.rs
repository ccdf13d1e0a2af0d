//! Any bytes must extract (or be refused) without a panic; sanitizing and text conversion too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = gazette_extract::Options { url: Some("https://fuzz.example/a/b.html".into()), http_charset: None };
    if let Ok(a) = gazette_extract::extract(data, &opts) {
        let _ = gazette_extract::html_to_text(&a.html);
    }
    let text = String::from_utf8_lossy(data);
    let clean = gazette_extract::sanitize_html(&text, Some("https://fuzz.example/"));
    let _ = gazette_extract::html_to_text(&clean);
});
