//! The parser must never panic, whatever the input. Seed feeds are cut, corrupted and spliced
//! deterministically, and proptest adds arbitrary bytes and XML-ish fragments.

use gazette_feed::{ParseOptions, discover, looks_like_html, parse};
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T &amp; &eacute;</title><link>http://e.com/</link><item><title>A</title><description>&lt;p&gt;x&lt;/p&gt;</description><pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate><media:thumbnail url="i.jpg"/><enclosure url="a.mp3" length="12" type="audio/mpeg"/></item></channel></rss>"#,
    r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://e.com/"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>x</b></div></title><entry><id>1</id><content type="html">&lt;a href="/x"&gt;y&lt;/a&gt;</content><author><name>N</name></author><updated>2003-12-31T10:14:55Z</updated></entry></feed>"#,
    r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item rdf:about="http://e.com/1"><title>I</title></item></rdf:RDF>"#,
    r#"<!DOCTYPE rss [<!ENTITY a "x&#38;y"><!ENTITY b "&a;&a;">]><rss><channel><title>&b;</title></channel></rss>"#,
    r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","content_html":"<p>x</p>","date_published":"2020-01-01T00:00:00Z"}]}"#,
    r#"<opml version="2.0"><body><outline text="a" xmlUrl="http://e.com/f"/></body></opml>"#,
];

/// A small deterministic generator so the loop test needs no seed management.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn exercise(bytes: &[u8]) {
    let opts = ParseOptions {
        url: Some("http://example.com/feed".into()),
        ..Default::default()
    };
    if let Ok(feed) = parse(bytes, &opts) {
        let _ = feed.to_result_json();
    }
    let text = String::from_utf8_lossy(bytes);
    let _ = discover(&text, "http://example.com/");
    let _ = gazette_feed::discover_anchors(&text, "http://example.com/");
    let _ = looks_like_html(bytes);
    let _ = gazette_feed::opml::parse(bytes);
    let _ = gazette_feed::sitemap::parse(bytes);
}

#[test]
fn every_truncation_of_the_seeds() {
    for seed in SEEDS {
        let b = seed.as_bytes();
        for cut in 0..=b.len() {
            exercise(&b[..cut]);
        }
    }
}

#[test]
fn mutated_seeds() {
    const NOISE: &[&[u8]] = &[
        b"<",
        b">",
        b"&",
        b"&amp;",
        b"&#x;",
        b"&#99999999;",
        b"]]>",
        b"<![CDATA[",
        b"</item>",
        b"<item>",
        b"\"",
        b"'",
        b"\xff",
        b"\xc3",
        b"\0",
        b"<!--",
        b"xml:base=\"::\"",
        b"<!DOCTYPE x [<!ENTITY e \"&e;\">]>",
        b"&e;",
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for seed in SEEDS {
        for _ in 0..400 {
            let mut b = seed.as_bytes().to_vec();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(b.len() + 1);
                match rng.below(4) {
                    0 => {
                        let n = NOISE[rng.below(NOISE.len())];
                        b.splice(at..at, n.iter().copied());
                    }
                    1 if at < b.len() => {
                        let end = (at + rng.below(16)).min(b.len());
                        b.drain(at..end);
                    }
                    2 if at < b.len() => b[at] = rng.next() as u8,
                    _ => {
                        let other = SEEDS[rng.below(SEEDS.len())].as_bytes();
                        let from = rng.below(other.len());
                        let to = (from + rng.below(64)).min(other.len());
                        b.splice(at..at, other[from..to].iter().copied());
                    }
                }
            }
            exercise(&b);
        }
    }
}

#[test]
fn deep_nesting_and_entity_bombs_are_bounded() {
    let deep = format!("<rss><channel>{}</channel></rss>", "<item>".repeat(50_000));
    exercise(deep.as_bytes());
    let lol = r#"<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss><channel><title>&lol3;</title></channel></rss>"#;
    let feed = parse(lol.as_bytes(), &ParseOptions::default()).unwrap();
    assert!(feed.title.unwrap_or_default().len() < 10_000);
}

/// Inputs shaped to make naive code quadratic; each must finish quickly (a regression would
/// take minutes rather than fail).
#[test]
fn hostile_shapes_stay_linear() {
    let many_categories = format!(
        "<rss><channel><item>{}</item></channel></rss>",
        (0..100_000)
            .map(|i| format!("<category>c{i}</category>"))
            .collect::<String>()
    );
    let feed = parse(many_categories.as_bytes(), &ParseOptions::default()).unwrap();
    assert!(feed.items[0].categories.len() <= 128);

    let unclosed_cdata = format!(
        "<rss><channel><title>{}</title></channel></rss>",
        "<![CDATA[x".repeat(100_000)
    );
    exercise(unclosed_cdata.as_bytes());

    let many_attributes = format!(
        "<rss><channel>{}</channel></rss>",
        format!(
            "<item {}/>",
            (0..2_000)
                .map(|i| format!("a:x{i}='1' xmlns:n{i}='u{i}' "))
                .collect::<String>()
        )
        .repeat(20)
    );
    exercise(many_attributes.as_bytes());

    let many_entities = format!(
        "<rss><channel><title>{}</title></channel></rss>",
        (0..100_000).map(|i| format!("&e{i};")).collect::<String>()
    );
    exercise(many_entities.as_bytes());

    let amplified = format!(
        "<!DOCTYPE rss [<!ENTITY big \"{}\">]><rss><channel><title>{}</title></channel></rss>",
        "x".repeat(4000),
        "&big;".repeat(100_000)
    );
    let feed = parse(amplified.as_bytes(), &ParseOptions::default()).unwrap();
    assert!(feed.title.unwrap_or_default().len() < 2_000_000);

    let many_outlines = format!(
        "<opml><body>{}</body></opml>",
        (0..50_000)
            .map(|i| format!("<outline xmlUrl='http://e.com/{i}'/>"))
            .collect::<String>()
    );
    let opml = gazette_feed::opml::parse(many_outlines.as_bytes()).unwrap();
    assert_eq!(opml.subscriptions().len(), 50_000);

    let many_links = (0..50_000)
        .map(|i| format!("<link rel=alternate type=application/rss+xml href=/f{i}>"))
        .collect::<String>();
    assert!(discover(&many_links, "http://e.com/").len() <= 64);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        exercise(&bytes);
    }

    #[test]
    fn xmlish_fragments(parts in proptest::collection::vec(
        prop_oneof![
            Just("<rss>".to_owned()), Just("<channel>".to_owned()), Just("<item>".to_owned()),
            Just("</item>".to_owned()), Just("<title>".to_owned()), Just("</title>".to_owned()),
            Just("<feed xmlns='http://www.w3.org/2005/Atom'>".to_owned()), Just("<entry>".to_owned()),
            Just("<content type='xhtml'>".to_owned()), Just("&amp;".to_owned()), Just("&".to_owned()),
            Just("<![CDATA[".to_owned()), Just("]]>".to_owned()), Just("<link href='/x'/>".to_owned()),
            "[a-z &;<>/=\"']{0,12}",
        ],
        0..40,
    )) {
        exercise(parts.concat().as_bytes());
    }
}
