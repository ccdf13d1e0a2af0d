//! Named-entity topics: the people, places and organisations that several outlets write about
//! become topics ("Kestrel Bridge", "Signe Halvorsen"), so that readers can follow them.
//!
//! Names are found without a model, from capitalisation: runs of capitalised words in the title
//! and the lead, with connectors such as "of" inside them ("Bank of Northland"), minus words that
//! are capitalised for other reasons (sentence starts, days, months, common openers). A name
//! becomes a topic only with minimum support: it must appear in `min_articles` articles from
//! `min_sources` different sources, so a one-off phrase never becomes a topic.

use std::collections::{BTreeSet, HashMap};

/// Words of the lead read for names (the event's names are at the top of a news story).
const LEAD_WORDS: usize = 160;
/// Names kept per article.
const MAX_NAMES: usize = 16;
/// Names tracked at most; beyond it, names seen in one article only are forgotten.
const MAX_TRACKED: usize = 200_000;

const CONNECTORS: &[&str] = &[
    "of", "de", "del", "da", "van", "von", "der", "al", "la", "le", "du", "for", "and", "&",
];

/// Capitalised words that are not names on their own.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "After",
    "Before",
    "As",
    "But",
    "And",
    "Or",
    "If",
    "When",
    "While",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "You",
    "I",
    "His",
    "Her",
    "Their",
    "Our",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "There",
    "Here",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Now",
    "New",
    "More",
    "Most",
    "Some",
    "All",
    "Not",
    "No",
    "Yes",
    "According",
    "Read",
    "Also",
    "Update",
    "Updated",
    "Photo",
    "Video",
    "Watch",
    "Live",
    "Breaking",
    "Exclusive",
    "Opinion",
    "Analysis",
    "One",
    "Two",
    "Three",
];

/// Candidate names in a title and the lead of a text, most prominent first (title names lead).
pub fn names(title: &str, text: &str) -> Vec<String> {
    let lead: String = text
        .split_whitespace()
        .take(LEAD_WORDS)
        .collect::<Vec<_>>()
        .join(" ");
    let mut out: Vec<String> = Vec::new();
    for part in [title, lead.as_str()] {
        for name in names_in(part) {
            if !out.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                out.push(name);
            }
            if out.len() >= MAX_NAMES {
                return out;
            }
        }
    }
    out
}

fn is_capitalised(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

fn names_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    // Whether the current run began a sentence: a lone capitalised word there is no name.
    let mut run_opens_sentence = false;
    let flush = |run: &mut Vec<&str>, opens: bool, out: &mut Vec<String>| {
        while run.last().is_some_and(|w| CONNECTORS.contains(w)) {
            run.pop();
        }
        while run.first().is_some_and(|w| NOT_NAMES.contains(w)) {
            run.remove(0);
        }
        let good = match run.len() {
            0 => false,
            1 => !opens && run[0].chars().count() >= 4 && !NOT_NAMES.contains(&run[0]),
            n => n <= 5,
        };
        if good {
            out.push(run.join(" "));
        }
        run.clear();
    };
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let ends_sentence = raw.ends_with(['.', '!', '?', ':', ';']) || raw.ends_with(".\"");
        let breaks = ends_sentence
            || raw.ends_with([',', ')', '"', '\u{201d}'])
            || raw.starts_with(['(', '"', '\u{201c}']);
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("\u{2019}s"))
            .unwrap_or(word);
        if !word.is_empty() && is_capitalised(word) {
            if run.is_empty() {
                run_opens_sentence = sentence_start;
            }
            run.push(word);
        } else if !run.is_empty() && CONNECTORS.contains(&word) {
            run.push(word);
        } else {
            flush(&mut run, run_opens_sentence, &mut out);
        }
        if breaks {
            flush(&mut run, run_opens_sentence, &mut out);
        }
        sentence_start = ends_sentence;
    }
    flush(&mut run, run_opens_sentence, &mut out);
    out
}

#[derive(Debug, Default)]
struct Support {
    name: String,
    articles: BTreeSet<String>,
    sources: BTreeSet<String>,
    promoted: bool,
}

/// Tracks names across articles and promotes those with enough support to topics.
#[derive(Debug)]
pub struct EntityTopics {
    min_articles: usize,
    min_sources: usize,
    names: HashMap<String, Support>,
}

impl EntityTopics {
    /// A name becomes a topic once `min_articles` articles from `min_sources` sources name it.
    pub fn new(min_articles: usize, min_sources: usize) -> Self {
        EntityTopics {
            min_articles: min_articles.max(1),
            min_sources: min_sources.max(1),
            names: HashMap::new(),
        }
    }

    /// Reads an article. Returns `(name, articles)` pairs to tag: for a name promoted by this
    /// article, every article that named it so far; for a name promoted earlier, this article.
    pub fn add(
        &mut self,
        article: &str,
        source: &str,
        title: &str,
        text: &str,
    ) -> Vec<(String, Vec<String>)> {
        if self.names.len() > MAX_TRACKED {
            self.names.retain(|_, s| s.articles.len() > 1);
        }
        let mut out = Vec::new();
        for name in names(title, text) {
            let key = name.to_lowercase();
            let s = self.names.entry(key).or_insert_with(|| Support {
                name: name.clone(),
                ..Support::default()
            });
            if !s.articles.insert(article.to_string()) {
                continue;
            }
            s.sources.insert(source.to_string());
            if s.promoted {
                out.push((s.name.clone(), vec![article.to_string()]));
            } else if s.articles.len() >= self.min_articles && s.sources.len() >= self.min_sources {
                s.promoted = true;
                out.push((s.name.clone(), s.articles.iter().cloned().collect()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_people_places_and_organisations() {
        let n = names(
            "Kestrel Bridge closed after crack found",
            "Engineers at Harbour City Council said on Tuesday that the Kestrel Bridge will stay shut. \
             Mayor Ines Calder met the Bank of Northland. The closure, officials said, is temporary.",
        );
        assert_eq!(n[0], "Kestrel Bridge");
        for want in [
            "Harbour City Council",
            "Mayor Ines Calder",
            "Bank of Northland",
        ] {
            assert!(n.iter().any(|x| x == want), "{want} in {n:?}");
        }
        for not in ["Tuesday", "Engineers", "The", "Mayor"] {
            assert!(!n.iter().any(|x| x == not), "{not} is not a name: {n:?}");
        }
    }

    #[test]
    fn sentence_starts_and_short_words_are_not_names() {
        assert!(names("", "Officials said nothing. Later they left.").is_empty());
        assert_eq!(names("", "Talks in Varnia ended."), vec!["Varnia"]);
    }

    #[test]
    fn a_name_needs_support_from_several_sources() {
        let mut t = EntityTopics::new(3, 2);
        assert!(t.add("1", "a", "Kestrel Bridge shut", "").is_empty());
        assert!(
            t.add("2", "a", "Kestrel Bridge repairs", "").is_empty(),
            "one source is not enough"
        );
        let promoted = t.add("3", "b", "Crack on Kestrel Bridge", "");
        assert_eq!(
            promoted,
            vec![(
                "Kestrel Bridge".to_string(),
                vec!["1".into(), "2".into(), "3".into()]
            )]
        );
        assert_eq!(
            t.add("4", "c", "Kestrel Bridge reopens", ""),
            vec![("Kestrel Bridge".to_string(), vec!["4".into()])]
        );
        assert!(
            t.add("4", "c", "Kestrel Bridge reopens", "").is_empty(),
            "an article counts once"
        );
        assert!(t.add("5", "a", "Something else entirely", "").is_empty());
    }
}
