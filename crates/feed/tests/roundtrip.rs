//! Well-formed feeds written from arbitrary values must read back as those values: escaping,
//! CDATA, entities and white space handling agree with the writer's side of the contract.

use gazette_feed::{ParseOptions, TextKind, parse};
use proptest::prelude::*;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `s` with each `<!` that opens no comment, DOCTYPE or CDATA section escaped, as the parser
/// returns HTML text.
fn bogus_declarations_escaped(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("<!") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let upper = after.to_ascii_uppercase();
        if after.starts_with("--") || upper.starts_with("DOCTYPE") || upper.starts_with("[CDATA[") {
            out.push_str("<!");
        } else {
            out.push_str("&lt;!");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn cdata(s: &str) -> String {
    format!("<![CDATA[{}]]>", s.replace("]]>", "]]]]><![CDATA[>"))
}

/// Text a feed can carry: no control characters, no surrounding white space (values are
/// trimmed), not empty.
fn text() -> impl Strategy<Value = String> {
    const TRICKY: &[&str] = &[
        "&",
        "&amp;",
        "&nbsp;",
        "&#38;",
        "&eacute;",
        "<",
        ">",
        "<b>",
        "]]>",
        "<![CDATA[",
        "\"",
        "'",
        "\u{e9}",
        "\u{20ac}",
        "\u{1f600}",
        " ",
        "a",
        "AT&T",
        "<!--",
    ];
    let tricky = proptest::collection::vec(proptest::sample::select(TRICKY), 1..8)
        .prop_map(|parts| parts.concat());
    prop_oneof!["[^\\x00-\\x1f\\x7f-\\u{9f}]{1,40}", tricky]
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("not empty", |s| !s.is_empty())
}

fn url() -> impl Strategy<Value = String> {
    "[a-z]{1,10}(/[a-z0-9]{1,8}){0,3}(\\?[a-z]=[a-z0-9&;=]{0,10})?"
        .prop_map(|p| format!("https://example.com/{p}"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn rss_round_trip(title in text(), summary in text(), link in url(), author in text()) {
        // Text that looks like markup or entities must come back as written, whichever way the
        // writer protected it.
        let doc = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>{}</title><link>{}</link><item><title>{}</title><link>{}</link><description>{}</description><dc:creator>{}</dc:creator></item></channel></rss>",
            escape(&title), escape(&link), cdata(&title), escape(&link), escape(&summary), escape(&author)
        );
        let feed = parse(doc.as_bytes(), &ParseOptions::default()).unwrap();
        prop_assert!(feed.warnings.is_empty(), "{:?}", feed.warnings);
        // RSS text is HTML: a `<!` that opens no declaration comes back escaped, which reads
        // the same, and an SGML empty tag `<>` is dropped (as the reference parser does).
        let as_html = bogus_declarations_escaped(&title).replace("<>", "");
        let as_html = Some(as_html.trim()).filter(|t| !t.is_empty());
        prop_assert_eq!(feed.title.as_deref(), as_html);
        prop_assert_eq!(feed.link.as_deref(), Some(link.as_str()));
        let e = &feed.items[0];
        prop_assert_eq!(e.title.as_deref(), as_html);
        prop_assert_eq!(e.link.as_deref(), Some(link.as_str()));
        if !summary.contains('<') {
            // With `<` the description is HTML and may gain escaping for bogus declarations.
            prop_assert_eq!(e.summary.as_deref(), Some(summary.as_str()));
        }
        // No empty authors; a name with letters is always kept.
        prop_assert!(e.authors.iter().all(|p| p.name.is_some() || p.email.is_some()));
        if author.chars().any(char::is_alphanumeric) {
            prop_assert!(!e.authors.is_empty());
        }
    }

    #[test]
    fn atom_text_round_trip(title in text(), summary in text(), id in url()) {
        let doc = format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">{}</title><entry><id>{}</id><title>{}</title><summary type=\"text\">{}</summary></entry></feed>",
            escape(&title), escape(&id), escape(&title), escape(&summary)
        );
        let feed = parse(doc.as_bytes(), &ParseOptions::default()).unwrap();
        prop_assert!(feed.warnings.is_empty(), "{:?}", feed.warnings);
        prop_assert_eq!(feed.title.as_deref(), Some(title.as_str()));
        prop_assert_eq!(feed.title_kind, TextKind::Plain);
        let e = &feed.items[0];
        prop_assert_eq!(e.id.as_deref(), Some(id.as_str()));
        prop_assert_eq!(e.title.as_deref(), Some(title.as_str()));
        prop_assert_eq!(e.summary.as_deref(), Some(summary.as_str()));
        prop_assert_eq!(e.summary_kind, TextKind::Plain);
    }
}

mod dates {
    use chrono::{DateTime, FixedOffset, TimeZone, Utc};
    use gazette_feed::parse_date;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 300,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Every common spelling of an instant reads back as that instant.
        #[test]
        fn spellings_of_an_instant(secs in 0i64..4_102_444_800, offset_min in -720i32..=840) {
            let instant: DateTime<Utc> = Utc.timestamp_opt(secs, 0).unwrap();
            let zone = FixedOffset::east_opt(offset_min * 60).unwrap();
            let local = instant.with_timezone(&zone);
            let spellings = [
                local.to_rfc2822(),
                local.to_rfc3339(),
                instant.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
                instant.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                local.format("%Y-%m-%d %H:%M:%S %z").to_string(),
                local.format("%d %B %Y %H:%M:%S %:z").to_string(),
                instant.format("%a %b %e %H:%M:%S %Y").to_string(),
                instant.format("%Y%m%dT%H%M%SZ").to_string(),
            ];
            for s in spellings {
                prop_assert_eq!(parse_date(&s), Some(instant), "{}", s);
            }
        }
    }
}

mod opml_and_json {
    use gazette_feed::opml::{self, Subscription};
    use gazette_feed::{ParseOptions, TextKind, parse};
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = String> {
        "[^\\x00-\\x1f\\x7f-\\u{9f}]{1,20}"
            .prop_map(|s| s.trim().to_owned())
            .prop_filter("not empty", |s| !s.is_empty())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 100,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Exported subscriptions import back unchanged, folders included.
        #[test]
        fn opml_export_imports_back(
            subs in proptest::collection::vec(
                (name(), "[a-z]{1,8}", proptest::collection::vec(name(), 0..3)),
                1..8,
            )
        ) {
            let subs: Vec<Subscription> = subs
                .into_iter()
                .enumerate()
                .map(|(i, (title, path, folder))| Subscription {
                    xml_url: format!("https://example.com/{path}/{i}?a=1&b=2"),
                    title: Some(title),
                    html_url: None,
                    folder,
                })
                .collect();
            let back = opml::parse(opml::export("Mine", &subs).as_bytes()).unwrap();
            prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
            let mut got = back.subscriptions();
            let mut want = subs.clone();
            got.sort_by(|a, b| a.xml_url.cmp(&b.xml_url));
            want.sort_by(|a, b| a.xml_url.cmp(&b.xml_url));
            prop_assert_eq!(got, want);
        }

        /// JSON Feed values come back as serialised.
        #[test]
        fn json_feed_round_trip(title in name(), text in name(), id in name()) {
            let doc = serde_json::json!({
                "version": "https://jsonfeed.org/version/1.1",
                "title": title,
                "items": [{"id": id, "title": title, "content_text": text, "summary": text}],
            });
            let feed = parse(doc.to_string().as_bytes(), &ParseOptions::default()).unwrap();
            prop_assert_eq!(feed.title.as_deref(), Some(title.as_str()));
            let e = &feed.items[0];
            prop_assert_eq!(e.id.as_deref(), Some(id.as_str()));
            prop_assert_eq!(e.content.as_deref(), Some(text.as_str()));
            prop_assert_eq!(e.content_kind, TextKind::Plain);
            prop_assert_eq!(e.summary.as_deref(), Some(text.as_str()));
        }
    }
}
