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

/// Topics from the names in many articles: each keyphrase marked as a name (see
/// [`crate::related::keywords`]) that appears in at least `min_support` of the given articles
/// becomes a topic ("kestrel bridge" → `kestrel-bridge`, "Kestrel Bridge"), most supported
/// first, at most `max`. Pass the keyphrases of a recent window (say, the last week's
/// articles); a name becomes a topic only once enough coverage mentions it.
pub fn topics_from_names(
    articles: &[Vec<crate::related::Keyword>],
    min_support: usize,
    max: usize,
) -> Vec<(Topic, usize)> {
    let mut support: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for keywords in articles {
        let mut seen: Vec<&str> = keywords
            .iter()
            .filter(|k| k.name)
            .map(|k| k.phrase.as_str())
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for phrase in seen {
            *support.entry(phrase).or_insert(0) += 1;
        }
    }
    let mut out: Vec<(&str, usize)> = support
        .into_iter()
        .filter(|(_, n)| *n >= min_support.max(1))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    out.into_iter()
        .filter_map(|(phrase, n)| {
            let slug = crate::slugify(phrase, 48);
            (!slug.is_empty() && !NOT_TOPICS.contains(&phrase)).then(|| {
                (
                    Topic {
                        name: display_name(&slug),
                        slug,
                    },
                    n,
                )
            })
        })
        .take(max)
        .collect()
}

#[cfg(test)]
mod name_topic_tests {
    use super::*;
    use crate::related::keywords;

    #[test]
    fn names_in_enough_articles_become_topics() {
        let arts = [
            keywords(
                "Kestrel Bridge closed",
                "Engineers closed the Kestrel Bridge.",
                10,
            ),
            keywords(
                "Repairs begin",
                "Work on the Kestrel Bridge began on Monday.",
                10,
            ),
            keywords(
                "Budget passes",
                "The Pellham council passed its budget.",
                10,
            ),
        ];
        let topics = topics_from_names(&arts, 2, 5);
        assert_eq!(topics.len(), 1);
        assert_eq!(topics[0].0.slug, "kestrel-bridge");
        assert_eq!(topics[0].0.name, "Kestrel Bridge");
        assert_eq!(topics[0].1, 2);
    }
}
