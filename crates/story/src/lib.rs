//! What an article is about and which stored entry it is: entry identity, duplicates, story
//! clusters, topics, related stories, trending scores, slugs and excerpts.
//!
//! This crate is pure: strings in, values out. The pipeline calls it while ingesting and the
//! website calls it for URLs, excerpts and rankings, so both agree on every name.
//!
//! - [`dedup`]: canonical URLs, exact and near-duplicate text keys.
//! - [`cluster`]: the online story clusterer; [`run_jsonl`] is its batch form.
//! - [`entities`]: names and keyphrases that several outlets use, promoted to topics.
//! - [`trending`]: the "Hot this week" score.
//! - [`topic`]: topic normalisation.
//!
//! How the other crates use it: the pipeline's story desk keeps one [`Clusterer`], takes stored
//! entries in batches ([`Clusterer::begin_batch`], then [`Clusterer::add`] for each), stores the
//! returned story ids, re-labels the entries of every story in [`Assignment::merged`], and
//! shows a duplicate ([`Assignment::duplicate_of`]) once with its outlets; it records each new
//! article's closest articles of other stories ([`Clusterer::related`]) for "Related Articles".
//! On start it rebuilds the window with [`Clusterer::restore`]. The website ranks "Hot this
//! week" with [`trending::hot_score`].

pub mod cluster;
pub mod dedup;
pub mod entities;
mod heap;
mod index;
mod jsonl;
mod outlet;
pub use heap::{HeapLine, map as map_heap_bytes};
mod text;
pub mod topic;
pub mod trending;

pub use cluster::{Assignment, ClusterConfig, ClusterId, Clusterer, Doc};
pub use jsonl::{RunStats, run_jsonl, run_jsonl_with};
pub use topic::{normalize_topic, topics_from};

use sha2::{Digest, Sha256};

/// The identity that decides whether a feed item is a new entry or a change to a stored one:
/// the feed's guid/id, else its link, else a hash of title and date.
///
/// Guids are kept as given (they are opaque); links are trimmed. An item with none of these
/// has the identity of its title alone, so that it is at least stored once.
pub fn entry_identity(
    guid: Option<&str>,
    link: Option<&str>,
    title: Option<&str>,
    date: Option<&str>,
) -> String {
    let clean = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    if let Some(guid) = clean(guid) {
        return format!("guid:{guid}");
    }
    if let Some(link) = clean(link) {
        return format!("link:{link}");
    }
    let title = clean(title).unwrap_or_default();
    let date = clean(date).unwrap_or_default();
    format!("hash:{}", short_hash(&[&title, &date]))
}

/// A stable hex digest of several strings (length-prefixed so that field boundaries count).
pub fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    let digest = h.finalize();
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// A URL slug: lowercase letters and digits joined by single hyphens, at most `max` bytes,
/// cut at a word boundary. Non-ASCII letters are kept (browsers display them fine).
pub fn slugify(text: &str, max: usize) -> String {
    let mut slug = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        let extra = if slug.is_empty() {
            word.len()
        } else {
            word.len() + 1
        };
        if slug.len() + extra > max {
            if slug.is_empty() {
                // One very long word: cut it at a char boundary.
                slug = word
                    .chars()
                    .scan(0, |n, c| {
                        *n += c.len_utf8();
                        (*n <= max).then_some(c)
                    })
                    .collect();
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    slug
}

/// The first `max_chars` characters of a text, cut at a word boundary with an ellipsis.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', '-', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_prefers_guid_then_link_then_hash() {
        assert_eq!(
            entry_identity(Some(" g1 "), Some("l"), None, None),
            "guid:g1"
        );
        assert_eq!(
            entry_identity(Some(""), Some("https://x/a"), None, None),
            "link:https://x/a"
        );
        let a = entry_identity(None, None, Some("Title"), Some("2026-01-01"));
        let b = entry_identity(None, None, Some("Title"), Some("2026-01-02"));
        assert!(a.starts_with("hash:"));
        assert_ne!(a, b);
        assert_eq!(
            a,
            entry_identity(None, Some("  "), Some("Title"), Some("2026-01-01"))
        );
    }

    #[test]
    fn hash_respects_field_boundaries() {
        assert_ne!(short_hash(&["ab", "c"]), short_hash(&["a", "bc"]));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Storm hits the coast: 3 towns flooded!", 80),
            "storm-hits-the-coast-3-towns-flooded"
        );
        assert_eq!(slugify("Zürich’s Café", 80), "zürich-s-café");
        assert_eq!(slugify("one two three", 8), "one-two");
        assert_eq!(slugify("abcdefghij", 4), "abcd");
        assert_eq!(slugify("!!!", 10), "");
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short  text", 50), "short text");
        assert_eq!(
            excerpt("the quick brown fox jumps over", 17),
            "the quick brown…"
        );
    }
}
