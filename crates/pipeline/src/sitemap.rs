//! News sitemaps as sources, for sites that publish no feed: each URL of a (news) sitemap becomes
//! an entry whose text comes from its page. A sitemap index is followed one level down, to its
//! most recent sitemaps.

use gazette_feed::sitemap::{Sitemap, SitemapUrl};
use gazette_fetch::{FeedFetch, Fetched, Validators};

use crate::Pipeline;
use crate::ingest::PollError;

/// Child sitemaps of an index read per poll (the most recent ones).
const INDEX_CHILDREN: usize = 3;

/// True when the document's first element is a sitemap's.
pub(crate) fn looks_like_sitemap(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_ascii_lowercase();
    let first = head
        .match_indices('<')
        .map(|(i, _)| &head[i + 1..])
        .find(|t| !t.starts_with('?') && !t.starts_with('!'));
    first.is_some_and(|t| t.starts_with("urlset") || t.starts_with("sitemapindex"))
}

/// The entries of a sitemap source, newest first, at most `limit`.
pub(crate) async fn read(
    p: &Pipeline,
    fetched: &Fetched,
    limit: usize,
) -> Result<Vec<gazette_feed::Item>, PollError> {
    let mut urls = match parse(&fetched.body, &fetched.final_url)? {
        Sitemap::UrlSet(urls) => urls,
        Sitemap::Index(mut children) => {
            // Newest first: by lastmod when given, else the index's own order read backwards
            // (indexes list older sitemaps first).
            children.reverse();
            children.sort_by_key(|c| std::cmp::Reverse(c.lastmod));
            let mut urls = Vec::new();
            for child in children.iter().take(INDEX_CHILDREN) {
                match p
                    .fetcher
                    .fetch_feed(&child.loc, &Validators::default())
                    .await
                {
                    Ok(FeedFetch::Fetched(f)) => {
                        if let Ok(Sitemap::UrlSet(more)) = parse(&f.body, &f.final_url) {
                            urls.extend(more);
                        }
                    }
                    Ok(FeedFetch::NotModified { .. }) => {}
                    Err(e) => {
                        tracing::info!(sitemap = %child.loc, error = %e, "child sitemap not read")
                    }
                }
            }
            urls
        }
    };
    let date = |u: &SitemapUrl| {
        u.news
            .as_ref()
            .and_then(|n| n.publication_date)
            .or(u.lastmod)
    };
    urls.sort_by_key(|u| std::cmp::Reverse(date(u)));
    urls.truncate(limit);
    Ok(urls
        .into_iter()
        .filter(|u| u.loc.starts_with("http://") || u.loc.starts_with("https://"))
        .map(to_entry)
        .collect())
}

fn parse(body: &[u8], url: &str) -> Result<Sitemap, PollError> {
    gazette_feed::sitemap::parse(body)
        .map_err(|e| PollError::new(format!("cannot read the sitemap {url}: {e}")))
}

fn to_entry(u: SitemapUrl) -> gazette_feed::Item {
    let news = u.news.unwrap_or_default();
    gazette_feed::Item {
        id: Some(u.loc.clone()),
        link: Some(u.loc),
        title: news.title,
        published: news.publication_date.or(u.lastmod),
        updated: u.lastmod,
        categories: news
            .keywords
            .into_iter()
            .map(|k| gazette_feed::Category {
                term: k,
                ..Default::default()
            })
            .collect(),
        image: u.images.into_iter().next(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_sitemaps_not_feeds() {
        assert!(looks_like_sitemap(
            b"<?xml version=\"1.0\"?>\n<urlset xmlns=\"x\"><url/></urlset>"
        ));
        assert!(looks_like_sitemap(
            b"\xef\xbb\xbf<!-- generated -->\n<sitemapindex>"
        ));
        assert!(!looks_like_sitemap(
            b"<?xml version=\"1.0\"?><rss version=\"2.0\"/>"
        ));
        assert!(!looks_like_sitemap(b"garbage"));
    }
}
