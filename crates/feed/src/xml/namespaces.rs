//! Namespace URIs of the vocabularies feeds use, mapped to short canonical prefixes.
//!
//! Publishers choose their own prefixes (`dc:`, `DC:`, `d:`) and sometimes variant URIs
//! (trailing slash, `https`, a version typo). Matching on a canonical prefix keeps the mapping
//! code independent of those choices. The core feed vocabularies (RSS 0.9x/1.0/2.0 and both Atom
//! versions) all map to the empty prefix, so `title` means the same thing in each.

/// Maps a namespace URI to its canonical prefix.
pub(super) fn canonical_prefix(uri: &str) -> Option<&'static str> {
    let u = uri.trim().trim_end_matches(['/', '#']).to_ascii_lowercase();
    let u = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"))
        .unwrap_or(&u);
    Some(match u {
        "www.w3.org/2005/atom"
        | "purl.org/atom/ns"
        | "purl.org/rss/1.0"
        | "my.netscape.com/rdf/simple/0.9"
        | "backend.userland.com/rss2"
        | "backend.userland.com/rss"
        | "blogs.law.harvard.edu/tech/rss"
        | "channel.netscape.com/rdf/simple/0.9" => "",
        "www.w3.org/1999/02/22-rdf-syntax-ns" => "rdf",
        "purl.org/dc/elements/1.1" | "purl.org/dc/elements/1.0" => "dc",
        "purl.org/dc/terms" => "dcterms",
        "purl.org/rss/1.0/modules/content" => "content",
        "www.itunes.com/dtds/podcast-1.0.dtd" | "example.com/dtds/podcast-1.0.dtd" => "itunes",
        "search.yahoo.com/mrss" | "video.search.yahoo.com/mrss" | "tools.search.yahoo.com/mrss" => {
            "media"
        }
        "purl.org/rss/1.0/modules/syndication" => "sy",
        "www.w3.org/1999/xhtml" => "xhtml",
        "www.w3.org/xml/1998/namespace" => "xml",
        "webns.net/mvcb" => "admin",
        "purl.org/rss/1.0/modules/image" => "image",
        "backend.userland.com/creativecommonsrssmodule" => "cc",
        "web.resource.org/cc" => "cc",
        "www.google.com/schemas/sitemap/0.84" | "www.sitemaps.org/schemas/sitemap/0.9" => "",
        "www.google.com/schemas/sitemap-news/0.9" => "news",
        "www.google.com/schemas/sitemap-image/1.1" => "image",
        "www.georss.org/georss" => "georss",
        "purl.org/syndication/thread/1.0" => "thr",
        "wellformedweb.org/commentapi" => "wfw",
        "podlove.org/simple-chapters" => "psc",
        "www.w3.org/2003/01/geo/wgs84_pos" => "geo",
        "purl.org/rss/1.0/modules/slash" => "slash",
        "purl.org/rss/1.0/modules/taxonomy" => "taxo",
        "purl.org/rss/1.0/modules/link" => "l",
        "purl.org/net/rss1.1" => "",
        "rssnamespace.org/feedburner/ext/1.0" => "feedburner",
        _ => return None,
    })
}
