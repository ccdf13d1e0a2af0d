//! OPML subscription lists: importing a reader's exported subscriptions and exporting ours.
//!
//! Import is as lenient as feed parsing (OPML 1.0 and 2.0, any attribute case, `url` for
//! `xmlUrl`, folders nested to any depth, broken XML repaired with warnings). Export writes
//! OPML 2.0 with one nested outline per folder.

use crate::error::FeedError;
use crate::xml::{self, Element, escape_into};

/// One `<outline>`: a feed when it has an `xml_url`, a folder when it has children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The `text` attribute, else `title`.
    pub title: Option<String>,
    /// The feed URL (`xmlUrl`).
    pub xml_url: Option<String>,
    /// The site URL (`htmlUrl`).
    pub html_url: Option<String>,
    /// The `type` attribute (`rss`, `atom`, ...).
    pub kind: Option<String>,
    pub children: Vec<Outline>,
}

/// A parsed OPML document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opml {
    pub title: Option<String>,
    pub outlines: Vec<Outline>,
    /// What had to be repaired while reading.
    pub warnings: Vec<String>,
}

/// A feed to follow, with the folders it sits in (outermost first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subscription {
    pub xml_url: String,
    pub title: Option<String>,
    pub html_url: Option<String>,
    pub folder: Vec<String>,
}

/// Reads an OPML document.
pub fn parse(bytes: &[u8]) -> Result<Opml, FeedError> {
    let mut warnings = Vec::new();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FeedError::Empty);
    }
    let text = crate::encoding::decode(bytes, None, None, &mut warnings).text;
    let doc = xml::parse(&text, None, None);
    warnings.extend(doc.warnings);
    let Some(root) = doc.root.filter(|r| r.local == "opml") else {
        return Err(FeedError::NotAFeed(
            "not OPML: no <opml> document element".into(),
        ));
    };
    let title = root
        .child("", "head")
        .and_then(|h| h.child("", "title"))
        .and_then(Element::text_opt);
    let outlines = root
        .child("", "body")
        .map(read_outlines)
        .unwrap_or_default();
    Ok(Opml {
        title,
        outlines,
        warnings,
    })
}

fn read_outlines(parent: &Element) -> Vec<Outline> {
    parent
        .elements()
        .filter(|e| e.local == "outline")
        .map(|e| {
            let attr = |n: &str| e.attr(n).map(str::trim).filter(|v| !v.is_empty());
            let kind = attr("type").map(str::to_ascii_lowercase);
            let xml_url = attr("xmlurl").or_else(|| {
                // OPML 1.0 lists written by some tools put the feed URL in `url`.
                attr("url").filter(|_| {
                    kind.as_deref()
                        .is_some_and(|k| matches!(k, "rss" | "atom" | "feed"))
                })
            });
            Outline {
                title: attr("text").or_else(|| attr("title")).map(str::to_owned),
                xml_url: xml_url.map(str::to_owned),
                html_url: attr("htmlurl").map(str::to_owned),
                kind,
                children: read_outlines(e),
            }
        })
        .collect()
}

impl Opml {
    /// Every feed in the document, depth first, with its folder path; duplicates (same URL)
    /// keep their first place.
    pub fn subscriptions(&self) -> Vec<Subscription> {
        let mut out = Vec::new();
        let mut path = Vec::new();
        let mut seen = std::collections::HashSet::new();
        collect(&self.outlines, &mut path, &mut seen, &mut out);
        out
    }
}

fn collect<'a>(
    outlines: &'a [Outline],
    path: &mut Vec<String>,
    seen: &mut std::collections::HashSet<&'a str>,
    out: &mut Vec<Subscription>,
) {
    for o in outlines {
        if let Some(url) = &o.xml_url
            && seen.insert(url.as_str())
        {
            out.push(Subscription {
                xml_url: url.clone(),
                title: o.title.clone(),
                html_url: o.html_url.clone(),
                folder: path.clone(),
            });
        }
        if !o.children.is_empty() {
            let pushed = o.xml_url.is_none();
            if pushed {
                path.push(o.title.clone().unwrap_or_default());
            }
            collect(&o.children, path, seen, out);
            if pushed {
                path.pop();
            }
        }
    }
}

/// Writes subscriptions as an OPML 2.0 document, one nested outline per folder (folders in
/// the order they first appear).
pub fn export(title: &str, subscriptions: &[Subscription]) -> String {
    let mut root = Folder::default();
    for s in subscriptions {
        let mut node = &mut root;
        for name in &s.folder {
            let i = match node.folders.iter().position(|(n, _)| n == name) {
                Some(i) => i,
                None => {
                    node.folders.push((name.clone(), Folder::default()));
                    node.folders.len() - 1
                }
            };
            node = &mut node.folders[i].1;
        }
        node.feeds.push(s);
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head><title>",
    );
    escape_into(title, false, &mut out);
    out.push_str("</title></head>\n<body>\n");
    write_folder(&root, 1, &mut out);
    out.push_str("</body>\n</opml>\n");
    out
}

#[derive(Default)]
struct Folder<'a> {
    feeds: Vec<&'a Subscription>,
    folders: Vec<(String, Folder<'a>)>,
}

fn write_folder(folder: &Folder<'_>, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    for s in &folder.feeds {
        let text = s.title.as_deref().unwrap_or(&s.xml_url);
        out.push_str(&indent);
        out.push_str("<outline type=\"rss\" text=\"");
        escape_into(text, true, out);
        out.push_str("\" title=\"");
        escape_into(text, true, out);
        out.push_str("\" xmlUrl=\"");
        escape_into(&s.xml_url, true, out);
        out.push('"');
        if let Some(h) = &s.html_url {
            out.push_str(" htmlUrl=\"");
            escape_into(h, true, out);
            out.push('"');
        }
        out.push_str("/>\n");
    }
    for (name, sub) in &folder.folders {
        out.push_str(&indent);
        out.push_str("<outline text=\"");
        escape_into(name, true, out);
        out.push_str("\">\n");
        write_folder(sub, depth + 1, out);
        out.push_str(&indent);
        out.push_str("</outline>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_nested_and_sloppy() {
        let doc = br#"<?xml version="1.0"?>
        <opml version="1.0"><head><title>My feeds</title></head><body>
          <outline text="News">
            <outline text="World" type="rss" xmlUrl="https://a.example/rss" htmlUrl="https://a.example/"/>
            <outline title="Deep"><outline text="Tech &amp; Science" type="rss" xmlurl="https://b.example/feed"/></outline>
          </outline>
          <outline text="Old style" type="rss" url="https://c.example/index.xml"/>
          <outline text="dup" xmlUrl="https://a.example/rss"/>
          <outline text="Unclosed" xmlUrl="https://d.example/atom">
        </body></opml>"#;
        let opml = parse(doc).unwrap();
        assert_eq!(opml.title.as_deref(), Some("My feeds"));
        let subs = opml.subscriptions();
        let urls: Vec<_> = subs.iter().map(|s| s.xml_url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example/rss",
                "https://b.example/feed",
                "https://c.example/index.xml",
                "https://d.example/atom"
            ]
        );
        assert_eq!(subs[1].folder, ["News", "Deep"]);
        assert_eq!(subs[1].title.as_deref(), Some("Tech & Science"));
        assert!(!opml.warnings.is_empty());
    }

    #[test]
    fn export_round_trips() {
        let subs = vec![
            Subscription {
                xml_url: "https://a.example/rss?x=1&y=2".into(),
                title: Some("A \"quoted\" <feed>".into()),
                html_url: Some("https://a.example/".into()),
                folder: vec!["News".into(), "World".into()],
            },
            Subscription {
                xml_url: "https://b.example/feed".into(),
                title: None,
                html_url: None,
                folder: vec![],
            },
        ];
        let text = export("Gazette", &subs);
        let back = parse(text.as_bytes()).unwrap();
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_eq!(back.title.as_deref(), Some("Gazette"));
        let mut again = back.subscriptions();
        again.sort_by(|a, b| a.xml_url.cmp(&b.xml_url));
        assert_eq!(again[0], subs[0]);
        assert_eq!(again[1].xml_url, subs[1].xml_url);
        assert!(parse(b"<rss/>").is_err());
    }
}
