//! Golden tests: realistic news pages written for the project, with the
//! clutter real sites carry (share bars, ad markers, teasers, newsletter
//! prompts, cookie banners, comments), and the article we expect from each.
//!
//! Each page `tests/data/NAME.html` has `tests/data/NAME.expected`: the
//! metadata, the sanitized HTML and the text. After an intended change, run
//! `GAZETTE_BLESS=1 cargo test -p gazette-extract --test golden` and review
//! the diff of the `.expected` files.

use std::fmt::Write as _;
use std::path::PathBuf;

use gazette_extract::{Article, Options, extract};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn render(a: &Article) -> String {
    let mut out = String::new();
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "title: {}", opt(&a.title));
    let _ = writeln!(out, "byline: {}", opt(&a.byline));
    let _ = writeln!(out, "excerpt: {}", opt(&a.excerpt));
    let _ = writeln!(out, "site_name: {}", opt(&a.site_name));
    let _ = writeln!(
        out,
        "published: {}",
        a.published.map_or("-".into(), |d| d.to_rfc3339())
    );
    let _ = writeln!(
        out,
        "modified: {}",
        a.modified.map_or("-".into(), |d| d.to_rfc3339())
    );
    let _ = writeln!(out, "lang: {}", opt(&a.lang));
    let _ = writeln!(out, "lead_image: {}", opt(&a.lead_image));
    let _ = writeln!(out, "canonical_url: {}", opt(&a.canonical_url));
    let _ = writeln!(out, "section: {}", opt(&a.section));
    let _ = writeln!(out, "keywords: {}", a.keywords.join(", "));
    let _ = writeln!(out, "word_count: {}", a.word_count);
    let _ = writeln!(out, "quality: {:.2}", a.quality);
    let _ = writeln!(out, "--- html");
    let _ = writeln!(out, "{}", a.html.replace("><", ">\n<"));
    let _ = writeln!(out, "--- text");
    let _ = writeln!(out, "{}", a.text);
    out
}

/// Extracts `NAME.html` and compares with `NAME.expected`; returns the article.
fn check(name: &str, url: &str) -> Article {
    let bytes = std::fs::read(data(&format!("{name}.html"))).expect("test page");
    let opts = Options {
        url: Some(url.to_string()),
        http_charset: None,
    };
    let article = extract(&bytes, &opts).expect("page extracts");
    let got = render(&article);
    let expected_path = data(&format!("{name}.expected"));
    if std::env::var_os("GAZETTE_BLESS").is_some() {
        std::fs::write(&expected_path, &got).expect("write expected");
    } else {
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        assert!(
            got == want,
            "{name}: output differs from {}:\n{got}",
            expected_path.display()
        );
    }
    // Policy checks that hold for every page, whatever the golden file says.
    for banned in [
        "<script",
        "onclick",
        "javascript:",
        "<form",
        "<style",
        "tracker.example",
    ] {
        assert!(
            !article.html.contains(banned),
            "{name}: html contains {banned}"
        );
    }
    for marker in [
        "ADVERTISEMENT",
        "STORY CONTINUES BELOW",
        "Advertisement - scroll",
        "Also read",
        "newsletter",
    ] {
        assert!(
            !article.text.contains(marker),
            "{name}: text contains {marker:?}"
        );
    }
    article
}

#[test]
fn riverside_bridge_local_news() {
    let a = check(
        "riverside-bridge",
        "https://courier.example/local/2024/02/riverside-bridge-repairs",
    );
    assert_eq!(a.byline.as_deref(), Some("Dana Whitfield"));
    assert!(a.text.contains("Weekdays: 5 a.m. to 11 p.m."));
    assert!(a.text.contains("Deck replacement"));
    assert!(!a.text.contains("cookies"));
    assert!(
        !a.text.contains("Finally! That bridge"),
        "comments are not the article"
    );
    assert!(
        a.html
            .contains(r#"src="https://courier.example/media/2024/bearing-closeup.jpg""#),
        "lazy image recovered"
    );
    assert_eq!(
        a.lead_image.as_deref(),
        Some("https://courier.example/media/2024/bridge-lead.jpg")
    );
    assert!(
        a.html.contains("<figcaption>"),
        "the figure keeps its caption in HTML"
    );
    assert!(a.quality > 0.5);
}

#[test]
fn feira_do_livro_portuguese_blog() {
    let a = check(
        "feira-do-livro",
        "https://jornaldovale.example/cultura/2024/05/feira-do-livro",
    );
    assert_eq!(a.lang.as_deref(), Some("pt-BR"));
    assert!(a.html.contains("https://www.youtube.com/embed/abc123XYZ"));
    assert!(
        a.html
            .contains("https://jornaldovale.example/cultura/imagens/feira-1280"),
        "<base> and srcset resolved"
    );
    assert!(!a.text.contains("Leia também"));
    assert!(!a.text.contains("Publicidade"));
}

#[test]
fn harbour_cafe_legacy_encoding() {
    let a = check(
        "harbour-cafe",
        "http://harbourtimes.example/news/cafe-rents",
    );
    assert!(
        a.title
            .as_deref()
            .is_some_and(|t| t.starts_with("Café owners"))
    );
    assert!(a.text.contains("Blue Anchor café"));
    assert!(!a.text.contains("Advertisement"));
    assert!(
        a.html
            .contains(r#"href="http://harbourtimes.example/docs/proposal.html""#)
    );
}
