//! Related stories and keyphrases: what links an article to other stories that are not its
//! own, and the names and phrases that make topics.
//!
//! Two ways to rank, for two places:
//! - [`crate::cluster::Clusterer::related`] uses the clusterer's TF-IDF vectors for the
//!   articles of its window (30 days by default): the best ranking, available where the
//!   clusterer lives.
//! - [`keywords`] + [`similarity`] need no state: the pipeline stores each article's
//!   keyphrases, and the store or website ranks candidates (say, the last 30 days sharing a
//!   keyphrase) by [`similarity`] with [`rank`], which drops the article itself, its
//!   duplicates and its own story.

use std::collections::HashMap;

use crate::text::{is_stop_word, words};

/// A keyphrase of an article with its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// Lower-case words joined by single spaces: "bernard gillis", "hawthorne", "flood".
    pub phrase: String,
    /// True for names (capitalised words): people, places, organisations.
    pub name: bool,
    pub weight: f32,
}

/// The `limit` heaviest keyphrases of an article, heaviest first: names (runs of capitalised
/// words, up to three) weigh more than other words, title occurrences three times more than
/// body ones; only the first 400 body words count.
pub fn keywords(title: &str, body: &str, limit: usize) -> Vec<Keyword> {
    let mut acc: HashMap<String, (f32, bool)> = HashMap::new();
    for (text, factor, max) in [(title, 3.0f32, 64usize), (body, 1.0, 400)] {
        let ws = words(text);
        let mut run: Vec<&str> = Vec::new();
        let flush = |run: &mut Vec<&str>, acc: &mut HashMap<String, (f32, bool)>| {
            if !run.is_empty() && run.len() <= 3 {
                let e = acc.entry(run.join(" ")).or_insert((0.0, true));
                e.0 += factor * (1.0 + 0.5 * run.len() as f32);
                e.1 = true;
            }
            run.clear();
        };
        for w in ws.iter().take(max) {
            let useful = !is_stop_word(&w.lower)
                && w.lower.chars().count() > 2
                && !w.lower.chars().all(|c| c.is_ascii_digit());
            if w.capitalised && useful {
                if !w.joined {
                    flush(&mut run, &mut acc);
                }
                run.push(&w.lower);
                continue;
            }
            flush(&mut run, &mut acc);
            if useful {
                acc.entry(w.lower.clone()).or_insert((0.0, false)).0 += factor;
            }
        }
        flush(&mut run, &mut acc);
    }
    let mut out: Vec<Keyword> = acc
        .into_iter()
        .map(|(phrase, (weight, name))| Keyword {
            phrase,
            name,
            weight: if name { weight * 1.5 } else { weight },
        })
        .collect();
    out.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.phrase.cmp(&b.phrase)));
    out.truncate(limit);
    out
}

/// Similarity of two articles from their keyphrases, in `0..=1`: the weighted Jaccard of
/// their keyphrase weights (each list normalised to sum 1), names counting double.
pub fn similarity(a: &[Keyword], b: &[Keyword]) -> f32 {
    let (na, nb) = (normalised(a), normalised(b));
    let (mut min, mut max) = (0.0f32, 0.0f32);
    for (p, wa) in &na {
        let wb = nb.get(p).copied().unwrap_or(0.0);
        min += wa.min(wb);
        max += wa.max(wb);
    }
    max += nb
        .iter()
        .filter(|(p, _)| !na.contains_key(*p))
        .map(|(_, w)| w)
        .sum::<f32>();
    if max > 0.0 { min / max } else { 0.0 }
}

fn normalised(ks: &[Keyword]) -> HashMap<&str, f32> {
    let w = |k: &Keyword| if k.name { k.weight * 2.0 } else { k.weight };
    let total: f32 = ks.iter().map(w).sum();
    if total <= 0.0 {
        return HashMap::new();
    }
    ks.iter()
        .map(|k| (k.phrase.as_str(), w(k) / total))
        .collect()
}

/// A candidate for the related list of an article.
#[derive(Debug, Clone)]
pub struct Candidate<'a, Id> {
    pub id: Id,
    /// Its story; candidates of the article's own story are dropped, and only the best
    /// candidate of each story is kept.
    pub cluster: u64,
    pub keywords: &'a [Keyword],
}

/// Ranks candidates by [`similarity`] to an article of story `cluster`: never the article's
/// own story (itself and its duplicates belong to it), one entry per story, scores above
/// `min_score` only, best first, at most `limit`.
pub fn rank<Id: Clone>(
    cluster: u64,
    keywords: &[Keyword],
    candidates: &[Candidate<'_, Id>],
    min_score: f32,
    limit: usize,
) -> Vec<(Id, f32)> {
    let mut best: HashMap<u64, (usize, f32)> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        if c.cluster == cluster {
            continue;
        }
        let s = similarity(keywords, c.keywords);
        if s <= min_score {
            continue;
        }
        let slot = best.entry(c.cluster).or_insert((i, s));
        if s > slot.1 {
            *slot = (i, s);
        }
    }
    let mut out: Vec<(usize, f32)> = best.into_values().collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.into_iter()
        .take(limit)
        .map(|(i, s)| (candidates[i].id.clone(), s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_phrases_and_weigh_most() {
        let k = keywords(
            "Flood closes Kestrel Bridge",
            "The river rose overnight. Engineers said the Kestrel Bridge would stay closed, \
             the river authority said.",
            5,
        );
        assert_eq!(k[0].phrase, "kestrel bridge");
        assert!(k[0].name);
        assert!(k.iter().any(|k| k.phrase == "river" && !k.name));
    }

    #[test]
    fn related_ranking_skips_own_story_and_keeps_one_per_story() {
        let a = keywords(
            "Kestrel Bridge closed by flood",
            "The Kestrel Bridge flood.",
            10,
        );
        let b = keywords("Kestrel Bridge reopens", "The Kestrel Bridge reopened.", 10);
        let c = keywords(
            "Kestrel Bridge repairs",
            "Kestrel Bridge repairs begin.",
            10,
        );
        let d = keywords("Budget vote", "The council voted on the budget.", 10);
        let cands = [
            Candidate {
                id: "self-dup",
                cluster: 1,
                keywords: &a[..],
            },
            Candidate {
                id: "b",
                cluster: 2,
                keywords: &b[..],
            },
            Candidate {
                id: "c",
                cluster: 2,
                keywords: &c[..],
            },
            Candidate {
                id: "d",
                cluster: 3,
                keywords: &d[..],
            },
        ];
        let r = rank(1, &a, &cands, 0.01, 5);
        assert_eq!(r.len(), 1);
        assert!(r[0].0 == "b" || r[0].0 == "c");
        assert!(similarity(&a, &a) > 0.99);
        assert_eq!(similarity(&a, &[]), 0.0);
    }
}
