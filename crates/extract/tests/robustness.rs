//! Robustness: `extract` and the helpers never panic, whatever the bytes,
//! and refuse only unusable input.

use gazette_extract::{
    ExtractError, MAX_INPUT_BYTES, Options, decode, extract, html_to_text, sanitize_html,
};
use proptest::prelude::*;

const SEED_PAGE: &[u8] = include_bytes!("data/riverside-bridge.html");

fn opts() -> Options {
    Options {
        url: Some("https://news.example/a/b.html".into()),
        http_charset: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = extract(&bytes, &opts());
        let _ = decode(&bytes, Some("utf-8"));
    }

    #[test]
    fn tag_soup_never_panics(s in r#"(<(p|div|a|table|tr|td|ul|li|img|br|h1|script|noscript|picture|source|iframe|figure)( (src|href|class|data-src|srcset)="[a-z:/. ]{0,12}")?>|</(p|div|a|table|td|li|h1|script)>|[a-zA-Z .,]{0,20}|&[a-z#0-9]{0,6};?){0,80}"#) {
        let _ = extract(s.as_bytes(), &opts());
        let _ = sanitize_html(&s, Some("https://news.example/"));
        let _ = html_to_text(&s);
    }

    #[test]
    fn mutated_pages_never_panic(cuts in proptest::collection::vec((0usize..SEED_PAGE.len(), any::<u8>()), 0..24), truncate in 0usize..SEED_PAGE.len()) {
        let mut page = SEED_PAGE.to_vec();
        for (at, byte) in cuts {
            page[at] = byte;
        }
        page.truncate(truncate.max(1));
        let _ = extract(&page, &opts());
    }
}

#[test]
fn empty_input_is_refused() {
    assert_eq!(extract(b"", &opts()), Err(ExtractError::Empty));
    assert_eq!(extract(b"  \n\t ", &opts()), Err(ExtractError::Empty));
}

#[test]
fn oversized_input_is_refused() {
    let big = vec![b'a'; MAX_INPUT_BYTES + 1];
    assert!(matches!(
        extract(&big, &opts()),
        Err(ExtractError::TooLarge { .. })
    ));
}

#[test]
fn binary_input_is_refused() {
    assert!(matches!(
        extract(b"\x89PNG\r\n\x1a\n\0\0\0", &opts()),
        Err(ExtractError::NotHtml(_))
    ));
    assert!(matches!(
        extract(b"%PDF-1.7 ...", &opts()),
        Err(ExtractError::NotHtml(_))
    ));
    assert!(matches!(
        extract(b"just some words", &opts()),
        Err(ExtractError::NotHtml(_))
    ));
}

#[test]
fn very_deep_nesting_does_not_overflow() {
    let mut page = String::from("<html><body>");
    for _ in 0..50_000 {
        page.push_str("<div><span>");
    }
    page.push_str("deep text");
    let _ = extract(page.as_bytes(), &opts());
    let _ = html_to_text(&page);
    let _ = sanitize_html(&page, None);
}

#[test]
fn a_bad_url_is_ignored() {
    let opts = Options {
        url: Some("not a url".into()),
        http_charset: Some("no-such-charset".into()),
    };
    assert!(extract(SEED_PAGE, &opts).is_ok());
}

#[test]
fn a_javascript_base_is_ignored_and_the_body_kept() {
    let page = SEED_PAGE;
    let text = String::from_utf8_lossy(page);
    let hostile = text.replacen(
        "<head>",
        "<head><base href=\"javascript:alert(document.domain)//\">",
        1,
    );
    assert_ne!(hostile, text, "the seed page has a <head>");
    let plain = extract(page, &opts()).unwrap();
    let a = extract(hostile.as_bytes(), &opts()).unwrap();
    assert!(!a.text.is_empty(), "the body survives");
    assert_eq!(a.text, plain.text);
    assert!(!a.html.to_ascii_lowercase().contains("javascript:"));
}

#[test]
fn unterminated_style_or_svg_in_feed_html_keeps_the_rest() {
    for fragment in [
        "<p>First paragraph.</p><style>p { color: red }<p>Second paragraph.</p>",
        "<p>First paragraph.</p><svg viewBox=\"0 0 1 1\"><p>Second paragraph.</p>",
    ] {
        let text = html_to_text(fragment);
        assert!(text.contains("Second paragraph."), "{fragment} → {text:?}");
        let html = sanitize_html(fragment, Some("https://news.example/"));
        assert!(html.contains("Second paragraph."), "{fragment} → {html:?}");
    }
}
