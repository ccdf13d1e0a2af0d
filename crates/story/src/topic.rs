//! Topic normalisation: the many ways sources spell one topic become one slug.
//!
//! "World News", "world" and "WORLD" are one topic, `world`, shown as "World". Feeds also
//! carry categories that are not topics at all (ids, dates, "Uncategorized"); those are dropped.

use gazette_model::Topic;

/// Words that never make a topic on their own.
const NOT_TOPICS: &[&str] = &[
    "uncategorized",
    "uncategorised",
    "general",
    "news",
    "latest",
    "top stories",
    "featured",
    "home",
    "misc",
    "miscellaneous",
    "other",
    "blog",
    "article",
    "articles",
    "story",
    "stories",
];

/// Spellings that mean the same topic, mapped to the slug used for it.
const ALIASES: &[(&str, &str)] = &[
    ("tech", "technology"),
    ("sci-tech", "science-and-technology"),
    ("sport", "sports"),
    ("arts", "culture"),
    ("arts-and-culture", "culture"),
    ("entertainment-and-arts", "culture"),
    ("economy", "business"),
    ("business-and-economy", "business"),
    ("international", "world"),
    ("world-affairs", "world"),
    ("environment", "climate"),
    ("climate-and-environment", "climate"),
    ("health-and-wellness", "health"),
    ("politics-and-government", "politics"),
];

/// Normalises one category name into a topic, or `None` when it is not a usable topic.
pub fn normalize_topic(raw: &str) -> Option<Topic> {
    let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // "World News" → "World"; "News" alone is not a topic.
    let cleaned = strip_suffix_word(&cleaned, "news")
        .unwrap_or(&cleaned)
        .trim();
    let cleaned = cleaned.trim_matches(|c: char| !c.is_alphanumeric());
    let lower = cleaned.to_lowercase();
    if cleaned.is_empty()
        || cleaned.chars().count() > 40
        || NOT_TOPICS.contains(&lower.as_str())
        || !cleaned.chars().any(char::is_alphabetic)
    {
        return None;
    }
    let slug = crate::slugify(&lower.replace('&', " and "), 48);
    if slug.is_empty() {
        return None;
    }
    let slug = ALIASES
        .iter()
        .find(|(from, _)| *from == slug)
        .map_or(slug.clone(), |(_, to)| (*to).to_string());
    Some(Topic {
        name: display_name(&slug),
        slug,
    })
}

/// Normalises a list of category names, keeping the first of each topic.
pub fn topics_from<'a>(raw: impl IntoIterator<Item = &'a str>) -> Vec<Topic> {
    let mut out: Vec<Topic> = Vec::new();
    for r in raw {
        if let Some(t) = normalize_topic(r)
            && !out.iter().any(|o| o.slug == t.slug)
        {
            out.push(t);
        }
        if out.len() >= 8 {
            break;
        }
    }
    out
}

fn strip_suffix_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let (head, last) = s.rsplit_once(' ')?;
    last.eq_ignore_ascii_case(word).then_some(head)
}

/// "science-and-technology" → "Science and Technology": the one display form of a slug, so
/// that every source's spelling shows the same.
fn display_name(slug: &str) -> String {
    const SMALL: &[&str] = &["and", "of", "the", "in", "on", "for", "to", "a"];
    const UPPER: &[&str] = &["ai", "us", "uk", "eu", "un", "nato", "covid"];
    slug.split('-')
        .enumerate()
        .map(|(i, w)| {
            if UPPER.contains(&w) {
                w.to_uppercase()
            } else if i > 0 && SMALL.contains(&w) {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next()
                    .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expect: Option<(&str, &str)>) {
        let got = normalize_topic(raw).map(|t| (t.slug, t.name));
        let expect = expect.map(|(s, n)| (s.to_string(), n.to_string()));
        assert_eq!(got, expect, "normalising {raw:?}");
    }

    #[test]
    fn spellings_of_one_topic_agree() {
        check("World News", Some(("world", "World")));
        check("world", Some(("world", "World")));
        check("  WORLD ", Some(("world", "World")));
        check("International", Some(("world", "World")));
        check("Tech", Some(("technology", "Technology")));
        check(
            "Science & Technology",
            Some(("science-and-technology", "Science and Technology")),
        );
        check("AI", Some(("ai", "AI")));
    }

    #[test]
    fn non_topics_are_dropped() {
        check("Uncategorized", None);
        check("News", None);
        check("12345", None);
        check("", None);
        check(&"x".repeat(60), None);
    }

    #[test]
    fn lists_are_deduplicated_in_order() {
        let t = topics_from(["World News", "Politics", "world", "news"]);
        let slugs: Vec<_> = t.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["world", "politics"]);
    }
}
