//! Data-driven tests of `parse`: each case is a small document and the values expected at
//! paths of its result model (the same model the conformance corpus uses).

use gazette_feed::{Feed, FeedError, ParseOptions, parse};
use serde_json::Value;

/// Looks up `feed.title`, `entries[0].authors[1].email`, `entries.length` in a result.
fn lookup<'a>(root: &'a Value, path: &str) -> Option<Value> {
    let mut cur: &'a Value = root;
    for part in path.split('.') {
        if part == "length"
            && let Some(list) = cur.as_array()
        {
            return Some(Value::from(list.len()));
        }
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, Some(rest.trim_end_matches(']').parse::<usize>().ok()?)),
            None => (part, None),
        };
        cur = cur.get(key)?;
        if let Some(i) = index {
            cur = cur.get(i)?;
        }
    }
    (!cur.is_null()).then(|| cur.clone())
}

fn run(input: &str, opts: &ParseOptions) -> Feed {
    parse(input.as_bytes(), opts).unwrap_or_else(|e| panic!("parse failed: {e}\n{input}"))
}

/// Parses `input` and compares each `(path, expected)`; `None` means the value must be absent.
fn check_with(input: &str, opts: &ParseOptions, expect: &[(&str, Option<&str>)]) {
    let feed = run(input, opts);
    let result = feed.to_result_json();
    for (path, want) in expect {
        let got = lookup(&result, path);
        let got = got.map(|v| match v {
            Value::String(s) => s.trim().to_owned(),
            other => other.to_string(),
        });
        assert_eq!(
            got.as_deref(),
            *want,
            "path {path} in\n{input}\nresult: {result:#}"
        );
    }
}

fn check(input: &str, expect: &[(&str, Option<&str>)]) {
    check_with(input, &ParseOptions::default(), expect);
}

#[test]
fn rss20_channel_and_items() {
    check(
        r#"<?xml version="1.0"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
             xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
        <channel>
          <title>Example News</title><link>https://example.com/</link>
          <description>All the news</description><language>en-us</language>
          <copyright>2024 Example</copyright><ttl>30</ttl>
          <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>
          <managingEditor>editor@example.com (Ed Itor)</managingEditor>
          <lastBuildDate>Tue, 02 Jan 2024 10:00:00 GMT</lastBuildDate>
          <image><url>https://example.com/logo.png</url><title>Logo</title><link>https://example.com/</link></image>
          <category domain="https://example.com/cats">World</category>
          <item>
            <title>First &amp; foremost</title>
            <link>https://example.com/1</link>
            <guid isPermaLink="false">id-1</guid>
            <description>&lt;p&gt;Short&lt;/p&gt;</description>
            <content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded>
            <pubDate>Tue, 02 Jan 2024 09:30:00 +0100</pubDate>
            <dc:creator>Jane Doe</dc:creator>
            <enclosure url="https://example.com/a.mp3" type="audio/mpeg" length="1234"/>
          </item>
          <item><guid>https://example.com/2</guid><title>Second</title></item>
        </channel></rss>"#,
        &[
            ("feed.format", Some("rss20")),
            ("feed.title", Some("Example News")),
            ("feed.link", Some("https://example.com/")),
            ("feed.subtitle", Some("All the news")),
            ("feed.language", Some("en-us")),
            ("feed.rights", Some("2024 Example")),
            ("feed.ttl", Some("30")),
            ("feed.update_period_minutes", Some("30")),
            ("feed.author.name", Some("Ed Itor")),
            ("feed.author.email", Some("editor@example.com")),
            ("feed.updated", Some("2024-01-02T10:00:00Z")),
            ("feed.image.url", Some("https://example.com/logo.png")),
            ("feed.image.title", Some("Logo")),
            ("feed.categories[0].term", Some("World")),
            (
                "feed.categories[0].scheme",
                Some("https://example.com/cats"),
            ),
            ("entries.length", Some("2")),
            ("entries[0].title", Some("First & foremost")),
            ("entries[0].link", Some("https://example.com/1")),
            ("entries[0].id", Some("id-1")),
            ("entries[0].summary", Some("<p>Short</p>")),
            ("entries[0].summary_kind", Some("html")),
            ("entries[0].content", Some("<p>Full <b>text</b></p>")),
            ("entries[0].published", Some("2024-01-02T08:30:00Z")),
            ("entries[0].author.name", Some("Jane Doe")),
            (
                "entries[0].enclosures[0].url",
                Some("https://example.com/a.mp3"),
            ),
            ("entries[0].enclosures[0].type", Some("audio/mpeg")),
            ("entries[0].enclosures[0].length", Some("1234")),
            // A permalink guid stands in for a missing link.
            ("entries[1].link", Some("https://example.com/2")),
            ("entries[1].id", Some("https://example.com/2")),
        ],
    );
}

#[test]
fn rss10_rdf() {
    check(
        r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel rdf:about="https://example.org/"><title>RDF site</title>
            <link>https://example.org/</link><dc:language>fr</dc:language>
            <image rdf:resource="https://example.org/i.png"/></channel>
          <image rdf:about="https://example.org/i.png"><url>https://example.org/i.png</url></image>
          <item rdf:about="https://example.org/a"><title>A</title><link>https://example.org/a</link>
            <dc:date>2004-02-03T04:05:06+02:00</dc:date><dc:subject>Tech</dc:subject></item>
        </rdf:RDF>"#,
        &[
            ("feed.format", Some("rss10")),
            ("feed.title", Some("RDF site")),
            ("feed.language", Some("fr")),
            ("feed.image.url", Some("https://example.org/i.png")),
            ("entries[0].id", Some("https://example.org/a")),
            ("entries[0].updated", Some("2004-02-03T02:05:06Z")),
            ("entries[0].categories[0].term", Some("Tech")),
        ],
    );
}

#[test]
fn atom10_feed() {
    check(
        r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://example.net/blog/">
          <title type="text">Atom &lt;feed&gt;</title>
          <subtitle type="html">&lt;em&gt;sub&lt;/em&gt;</subtitle>
          <link rel="self" href="feed.atom"/><link href="./"/><icon>/favicon.ico</icon>
          <id>urn:uuid:60a76c80</id><updated>2003-12-13T18:30:02Z</updated>
          <author><name>Ann</name><email>ann@example.net</email><uri>/ann</uri></author>
          <category term="tech" scheme="https://example.net/t" label="Technology"/>
          <entry>
            <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <b>entry</b></div></title>
            <link rel="alternate" type="text/html" href="2003/12/13/atom"/>
            <link rel="enclosure" href="/f.ogg" type="audio/ogg" length="99"/>
            <id>tag:example.net,2003:3.2397</id>
            <published>2003-12-13T08:29:29-04:00</published><updated>2003-12-13T18:30:02Z</updated>
            <summary>Plain &amp; simple</summary>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p><a href="x.html">x</a></p></div></content>
            <rights>CC-BY</rights>
          </entry>
        </feed>"#,
        &[
            ("feed.format", Some("atom10")),
            ("feed.title", Some("Atom <feed>")),
            ("feed.title_kind", Some("plain")),
            ("feed.subtitle_kind", Some("html")),
            ("entries[0].title_kind", Some("html")),
            ("entries[0].summary_kind", Some("plain")),
            ("entries[0].content_kind", Some("html")),
            ("feed.subtitle", Some("<em>sub</em>")),
            ("feed.link", Some("https://example.net/blog/")),
            ("feed.language", Some("en")),
            ("feed.id", Some("urn:uuid:60a76c80")),
            ("feed.author.uri", Some("https://example.net/ann")),
            ("feed.image.url", Some("https://example.net/favicon.ico")),
            ("feed.categories[0].label", Some("Technology")),
            ("entries[0].title", Some("<div>An <b>entry</b></div>")),
            (
                "entries[0].link",
                Some("https://example.net/blog/2003/12/13/atom"),
            ),
            (
                "entries[0].enclosures[0].url",
                Some("https://example.net/f.ogg"),
            ),
            ("entries[0].enclosures[0].length", Some("99")),
            ("entries[0].published", Some("2003-12-13T12:29:29Z")),
            ("entries[0].summary", Some("Plain & simple")),
            (
                "entries[0].content",
                Some(r#"<div><p><a href="https://example.net/blog/x.html">x</a></p></div>"#),
            ),
            ("entries[0].rights", Some("CC-BY")),
        ],
    );
}

#[test]
fn atom03_feed() {
    check(
        r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#">
          <title mode="escaped" type="text/html">&lt;b&gt;Old&lt;/b&gt;</title>
          <tagline>Tag line</tagline><modified>2004-01-01T00:00:00Z</modified>
          <copyright>c</copyright>
          <entry><title mode="base64" type="text/html">PGI+aGk8L2I+</title>
            <issued>2003-12-31T10:14:55Z</issued>
            <link rel="alternate" type="text/html" href="http://example.org/e"/>
            <content type="text/html" mode="escaped">&lt;p&gt;body&lt;/p&gt;</content></entry>
        </feed>"#,
        &[
            ("feed.format", Some("atom03")),
            ("feed.title", Some("<b>Old</b>")),
            ("feed.subtitle", Some("Tag line")),
            ("feed.updated", Some("2004-01-01T00:00:00Z")),
            ("feed.rights", Some("c")),
            ("entries[0].title", Some("<b>hi</b>")),
            ("entries[0].published", Some("2003-12-31T10:14:55Z")),
            ("entries[0].content", Some("<p>body</p>")),
        ],
    );
}

#[test]
fn media_rss_images() {
    check(
        r#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
          <item><title>t</title><media:thumbnail url="https://img.example/t.jpg"/></item>
          <item><media:group><media:content url="https://img.example/c.jpg" medium="image"/>
            <media:title>Media title</media:title><media:description>Desc</media:description></media:group></item>
          <item><enclosure url="https://img.example/e.png" type="image/png"/></item>
        </channel></rss>"#,
        &[
            ("entries[0].image", Some("https://img.example/t.jpg")),
            ("entries[1].image", Some("https://img.example/c.jpg")),
            ("entries[1].title", Some("Media title")),
            ("entries[1].title_kind", Some("plain")),
            ("entries[1].summary", Some("Desc")),
            ("entries[2].image", Some("https://img.example/e.png")),
        ],
    );
}

#[test]
fn item_images_and_original_links() {
    check(
        r#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
               xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
          <item><link>http://feeds.example/~r/x/1</link>
            <feedburner:origLink>https://site.example/story-1</feedburner:origLink>
            <media:content url="https://img.example/p.jpg?w=600"/></item>
          <item><image>https://img.example/i.png</image></item>
          <item><media:content url="https://img.example/s.jpg" width="140"/>
            <media:content url="https://img.example/l.jpg" width="460"/>
            <media:content url="https://img.example/m.jpg" width="300"/></item>
        </channel></rss>"#,
        &[
            ("entries[0].link", Some("https://site.example/story-1")),
            ("entries[0].image", Some("https://img.example/p.jpg?w=600")),
            ("entries[1].image", Some("https://img.example/i.png")),
            ("entries[2].image", Some("https://img.example/l.jpg")),
        ],
    );
}

#[test]
fn entities_and_bare_ampersands() {
    check(
        "<rss><channel><title>caf&eacute; &nbsp;&mdash; AT&T</title>\
         <link>http://example/?a=1&b=2&c</link><item><title>&doesnotexist; &#8217;</title></item></channel></rss>",
        &[
            ("feed.title", Some("café \u{a0}\u{2014} AT&T")),
            ("feed.link", Some("http://example/?a=1&b=2&c")),
            ("entries[0].title", Some("&doesnotexist; \u{2019}")),
        ],
    );
}

#[test]
fn empty_tags_dropped_from_html_but_not_from_text() {
    check(
        "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title type='text'>a &lt;&gt; b</title>\
         <summary type='html'><![CDATA[x<>y <b>z</b>]]></summary></entry></feed>",
        &[
            ("entries[0].title", Some("a <> b")),
            ("entries[0].summary", Some("xy <b>z</b>")),
        ],
    );
}

#[test]
fn truncated_document_keeps_what_was_read() {
    let input = "<rss version='2.0'><channel><title>Cut</title><item><title>One</title></item><item><title>Tw";
    let feed = run(input, &ParseOptions::default());
    assert_eq!(feed.title.as_deref(), Some("Cut"));
    assert_eq!(feed.items.len(), 2);
    assert_eq!(feed.items[1].title.as_deref(), Some("Tw"));
    assert!(
        !feed.warnings.is_empty(),
        "a truncated feed must carry a warning"
    );
}

#[test]
fn well_formed_feed_has_no_warnings() {
    let feed = run(
        "<rss version='2.0'><channel><title>x</title></channel></rss>",
        &ParseOptions::default(),
    );
    assert!(feed.warnings.is_empty(), "{:?}", feed.warnings);
}

#[test]
fn document_url_and_content_location() {
    let opts = ParseOptions {
        url: Some("http://127.0.0.1/feeds/rss.xml".into()),
        content_location: Some("http://example.com/base/".into()),
        content_language: Some("de".into()),
        content_type: None,
    };
    check_with(
        r#"<rss version="2.0"><channel><link>/home</link>
           <item><link>a</link><description>&lt;img src="i.png"&gt;</description></item></channel></rss>"#,
        &opts,
        &[
            ("feed.link", Some("http://example.com/home")),
            ("feed.language", Some("de")),
            ("entries[0].link", Some("http://example.com/base/a")),
            (
                "entries[0].summary",
                Some(r#"<img src="http://example.com/base/i.png">"#),
            ),
        ],
    );
}

#[test]
fn http_charset_overrides_declaration() {
    let bytes = b"<?xml version='1.0' encoding='utf-8'?><rss><channel><title>caf\xE9</title></channel></rss>";
    let opts = ParseOptions {
        content_type: Some("application/rss+xml; charset=ISO-8859-1".into()),
        ..Default::default()
    };
    let feed = parse(bytes, &opts).unwrap();
    assert_eq!(feed.title.as_deref(), Some("café"));
}

#[test]
fn itunes_podcast() {
    check(
        r#"<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
          <itunes:image href="https://pod.example/cover.jpg"/>
          <itunes:category text="Technology"><itunes:category text="Podcasting"/></itunes:category>
          <itunes:keywords>one, two, one</itunes:keywords><itunes:author>Host</itunes:author>
          <itunes:summary>About the show</itunes:summary>
        </channel></rss>"#,
        &[
            ("feed.image.url", Some("https://pod.example/cover.jpg")),
            ("feed.categories[0].term", Some("Technology")),
            ("feed.categories[1].term", Some("Podcasting")),
            ("feed.categories[2].term", Some("one")),
            ("feed.categories[3].term", Some("two")),
            ("feed.categories.length", Some("4")),
            ("feed.author.name", Some("Host")),
            ("feed.subtitle", Some("About the show")),
        ],
    );
}

/// Behaviours readers have come to expect from lenient parsers, each pinned by a small case.
#[test]
fn lenient_reader_conventions() {
    // An RSS item with both `description` and `summary`: the second is the full content.
    check(
        "<rss><channel><item><description>short</description><summary>long</summary></item></channel></rss>",
        &[
            ("entries[0].summary", Some("short")),
            ("entries[0].content", Some("long")),
        ],
    );
    // A guid stands in for a missing link only when it is a web URL.
    check_with(
        "<rss><channel><item><guid>12345</guid></item><item><guid>tag:e.com,2024:7</guid></item></channel></rss>",
        &ParseOptions {
            url: Some("https://e.com/feed".into()),
            ..Default::default()
        },
        &[
            ("entries[0].id", Some("12345")),
            ("entries[0].link", None),
            ("entries[1].link", None),
        ],
    );
    // An Atom entry without links falls back to an id that is a web URL.
    check(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>https://e.com/p/1</id></entry>
           <entry><id>tag:e.com,2024:2</id></entry></feed>"#,
        &[
            ("entries[0].link", Some("https://e.com/p/1")),
            ("entries[1].link", None),
        ],
    );
    // Atom content with a binary MIME type is base64.
    check(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="application/octet-stream">PGI+eDwvYj4=</content></entry></feed>"#,
        &[("entries[0].content", Some("<b>x</b>"))],
    );
    check(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="image/png">iVBORw0KGgo=</content></entry></feed>"#,
        &[("entries[0].content", None)],
    );
    // Atom 0.3 links written as text, and the alternate preferred over the enclosure.
    check(
        r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>
           <link rel="enclosure" type="text/html">http://e.com/enc</link>
           <link rel="alternate" type="text/html">http://e.com/alt</link></entry></feed>"#,
        &[("entries[0].link", Some("http://e.com/alt"))],
    );
    // For dates the last readable value wins.
    check(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><updated>2010-12-01T10:14:55Z</updated>
           <updated>2003-12-31T10:14:55Z</updated><updated>not a date</updated></entry></feed>"#,
        &[("entries[0].updated", Some("2003-12-31T10:14:55Z"))],
    );
    // Escaped HTML wrapped in an XHTML div, as some publishing tools write it.
    check(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html"><div xmlns="http://www.w3.org/1999/xhtml">a &lt;b&gt;b&lt;/b&gt;</div></content></entry></feed>"#,
        &[("entries[0].content", Some("a <b>b</b>"))],
    );
    // Windows-1252 punctuation written as C1 code points, and double-encoded UTF-8.
    check(
        "<rss><channel><item><title>don&#146;t</title><description>&#226;&#128;&#166;</description></item></channel></rss>",
        &[
            ("entries[0].title", Some("don\u{2019}t")),
            ("entries[0].summary", Some("\u{2026}")),
        ],
    );
    // Entries carry their own language when they declare one or inherit an `xml:lang`.
    check(
        r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><entry xml:lang="de"><title>t</title></entry><entry/></feed>"#,
        &[
            ("entries[0].language", Some("de")),
            ("entries[1].language", Some("en")),
        ],
    );
    check(
        r#"<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><language>en</language><item><dc:language>fr</dc:language></item><item/></channel></rss>"#,
        &[
            ("entries[0].language", Some("fr")),
            ("entries[1].language", None),
        ],
    );
    // `xml:lang` on the root, with an underscore, gives the feed's language.
    check(
        r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en_US"><title xml:lang="fr">t</title></feed>"#,
        &[("feed.language", Some("en-US"))],
    );
    // A `<!` that is no declaration survives as text.
    check(
        "<rss><channel><item><description>&lt;!' &lt;a href=\"x\"&gt;</description></item></channel></rss>",
        &[("entries[0].summary", Some("&lt;!' <a href=\"x\">"))],
    );
    // SVG inline in XHTML loses its prefixes so it reads as HTML.
    check(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:circle r="1"/></svg:svg></div></content></entry></feed>"#,
        &[(
            "entries[0].content",
            Some(r#"<div><svg><circle r="1"></circle></svg></div>"#),
        )],
    );
}

#[test]
fn errors() {
    let opts = ParseOptions::default();
    assert_eq!(parse(b"", &opts).unwrap_err(), FeedError::Empty);
    assert_eq!(parse(b"  \n ", &opts).unwrap_err(), FeedError::Empty);
    assert!(matches!(
        parse(b"<!DOCTYPE html><html><body>hi</body></html>", &opts),
        Err(FeedError::NotAFeed(_))
    ));
    assert!(matches!(
        parse(b"just some text", &opts),
        Err(FeedError::NotAFeed(_))
    ));
    let gzip = parse(b"\x1f\x8b\x08\x00\x00\x00\x00\x00", &opts).unwrap_err();
    assert!(gzip.to_string().contains("gzip"), "{gzip}");
    let big = vec![b' '; gazette_feed::MAX_FEED_BYTES + 1];
    assert!(matches!(
        parse(&big, &opts),
        Err(FeedError::TooLarge { .. })
    ));
}

/// Parses a fixture file under tests/data with a document URL and checks result paths.
fn check_file(name: &str, url: &str, expect: &[(&str, Option<&str>)]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let opts = ParseOptions {
        url: Some(url.into()),
        ..Default::default()
    };
    check_with(&text, &opts, expect);
}

#[test]
fn publisher_shaped_fixtures() {
    check_file(
        "wordpress.xml",
        "https://chronicle.example/feed/",
        &[
            ("feed.link", Some("https://chronicle.example")),
            ("feed.subtitle", Some("Local news \u{2013} every day")),
            ("feed.update_period_minutes", Some("60")),
            ("feed.warnings.length", Some("0")),
            (
                "entries[0].title",
                Some("Council approves the new bridge & bike lanes"),
            ),
            (
                "entries[0].link",
                Some("https://chronicle.example/2024/02/05/bridge/"),
            ),
            ("entries[0].id", Some("https://chronicle.example/?p=4242")),
            ("entries[0].author.name", Some("Sam Reporter")),
            ("entries[0].categories[1].term", Some("Transport")),
            ("entries[0].published", Some("2024-02-05T18:12:38Z")),
        ],
    );
    let feed = parse(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wordpress.xml"),
        )
        .unwrap(),
        &ParseOptions {
            url: Some("https://chronicle.example/feed/".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let content = feed.items[0].content.as_deref().unwrap();
    assert!(
        content
            .contains(r#"src="https://chronicle.example/wp-content/uploads/2024/02/bridge.jpg""#)
    );
    assert!(
        content
            .contains("https://chronicle.example/wp-content/uploads/2024/02/bridge-300.jpg 300w")
    );

    check_file(
        "youtube.xml",
        "https://www.youtube.example/feeds/videos.xml?channel_id=UC123",
        &[
            ("feed.format", Some("atom10")),
            (
                "feed.link",
                Some("https://www.youtube.example/channel/UC123"),
            ),
            ("feed.author.name", Some("News Channel")),
            (
                "entries[0].link",
                Some("https://www.youtube.example/watch?v=abc"),
            ),
            (
                "entries[0].image",
                Some("https://i.ytimg.example/vi/abc/hqdefault.jpg"),
            ),
            (
                "entries[0].summary",
                Some("Tonight's headlines.\nLine two & more."),
            ),
            ("entries[0].summary_kind", Some("plain")),
            ("entries[0].updated", Some("2024-02-05T19:05:00Z")),
        ],
    );
    check_file(
        "podcast.xml",
        "https://pod.example/feed.xml",
        &[
            ("feed.image.url", Some("https://pod.example/art.jpg")),
            ("feed.rights", Some("\u{a9} 2024 Pod Example")),
            ("feed.author.name", Some("Pod Example")),
            ("feed.categories[1].term", Some("Daily News")),
            ("entries[0].link", Some("https://pod.example/101")),
            ("entries[0].image", Some("https://pod.example/101.jpg")),
            ("entries[0].enclosures[0].length", Some("9876543")),
            ("entries[0].published", Some("2024-02-06T10:00:00Z")),
            ("entries[0].summary", Some("Today: the bridge vote.")),
        ],
    );
}

#[test]
fn items_keep_document_order_wherever_they_sit() {
    check(
        "<rss><channel><item><title>1</title></item></channel><item><title>2</title></item></rss>",
        &[
            ("entries[0].title", Some("1")),
            ("entries[1].title", Some("2")),
        ],
    );
    check(
        r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
           <item><title>a</title></item><channel><title>c</title></channel><item><title>b</title></item></rdf:RDF>"#,
        &[
            ("feed.title", Some("c")),
            ("entries[0].title", Some("a")),
            ("entries[1].title", Some("b")),
        ],
    );
    check(
        "<wrapper><channel><title>w</title><item><title>x</title></item></channel></wrapper>",
        &[("feed.title", Some("w")), ("entries[0].title", Some("x"))],
    );
}

#[test]
fn html_views_of_plain_text() {
    let feed = run(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><summary>a &lt; b
next</summary><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>"#,
        &ParseOptions::default(),
    );
    let e = &feed.items[0];
    assert_eq!(e.summary.as_deref(), Some("a < b\nnext"));
    assert_eq!(e.summary_html().as_deref(), Some("a &lt; b<br>next"));
    assert_eq!(e.content_html().as_deref(), Some("<p>x</p>"));
}

#[test]
fn fixture_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let read = |name: &str| std::fs::read(dir.join(name)).expect("fixture");
    let opts = ParseOptions::default();

    let feed = parse(&read("cp1252_undeclared.xml"), &opts).unwrap();
    assert_eq!(
        feed.items[0].title.as_deref(),
        Some("It\u{2019}s \u{201c}quoted\u{201d}")
    );

    let feed = parse(&read("utf16le_bom.xml"), &opts).unwrap();
    assert_eq!(feed.title.as_deref(), Some("UTF-16 \u{b144}"));

    let feed = parse(&read("cdf.xml"), &opts).unwrap();
    assert_eq!(feed.format, gazette_feed::Format::Cdf);
    assert_eq!(feed.link.as_deref(), Some("http://example.com/"));
    assert_eq!(feed.items[0].summary.as_deref(), Some("Item abstract"));
}

#[test]
fn websub_hubs_and_self() {
    let rss = r#"<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
        <title>T</title><link>https://news.example/</link>
        <atom:link rel="hub" href="https://hub.example/"/>
        <atom:link rel="hub" href="https://hub.example/"/>
        <atom:link rel="self" href="/feed.xml" type="application/rss+xml"/>
        <item><title>A</title><atom:link rel="hub" href="https://item-level.example/"/></item>
        </channel></rss>"#;
    let feed = run(rss, &ParseOptions::default());
    assert_eq!(feed.hubs, ["https://hub.example/"]);
    assert_eq!(feed.link.as_deref(), Some("https://news.example/"));

    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/a/">
        <title>T</title><link rel="self" href="feed.atom"/>
        <link rel="hub" href="https://one.example/hub"/><link rel="hub" href="https://two.example/"/>
        </feed>"#;
    let feed = run(atom, &ParseOptions::default());
    assert_eq!(
        feed.hubs,
        ["https://one.example/hub", "https://two.example/"]
    );
    assert_eq!(
        feed.self_url.as_deref(),
        Some("https://news.example/a/feed.atom")
    );

    let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J",
        "feed_url":"https://news.example/feed.json",
        "hubs":[{"type":"rssCloud","url":"https://cloud.example/"},{"type":"WebSub","url":"https://hub.example/"}],
        "items":[]}"#;
    let feed = run(json, &ParseOptions::default());
    assert_eq!(feed.hubs, ["https://hub.example/"]);
    assert_eq!(
        feed.self_url.as_deref(),
        Some("https://news.example/feed.json")
    );
}
