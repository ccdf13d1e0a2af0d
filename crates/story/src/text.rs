//! The one text analysis shared by dedup, clustering and related stories: words, stop words,
//! capitalised names and their hashed features.
//!
//! Terms are hashed (64-bit FNV-1a, folded to the 32-bit [`Term`]) so that the clustering
//! window stores small numbers, not strings. The
//! analysis is deliberately simple and language-light (English stop words, capitalisation as the
//! sign of a name): what separates two news events is who, where and how many, and those are
//! capitalised words and numbers in nearly every Latin-script language.

use std::sync::LazyLock;

use hashbrown::HashTable;
use serde::{Deserialize, Serialize};

/// English function words and the most generic news verbs: they say nothing about which event
/// an article reports.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "s",
    "t",
    "d",
    "ll",
    "m",
    "re",
    "ve",
    "one",
    "two",
    "told",
    "according",
    "may",
    "like",
    "get",
    "got",
    "news",
    "read",
    "click",
    "share",
    "comments",
    "comment",
    "video",
    "photo",
    "photos",
    "image",
    "copyright",
    "reserved",
    "rights",
    "http",
    "https",
    "www",
    "com",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "am",
    "pm",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tomorrow",
    "week",
    "year",
    "years",
    "day",
    "days",
    "time",
    "new",
    "last",
    "first",
    "many",
    "much",
    "even",
    "well",
    "back",
    "still",
    "around",
    "since",
    "another",
    "us",
    "per",
    "via",
    "s",
    "however",
    "though",
    "although",
];

/// The stop words by their [`hash_str`] (a word's hash is at hand wherever words are read).
static STOP_SET: LazyLock<HashTable<&'static str>> = LazyLock::new(|| {
    let mut set = HashTable::new();
    for w in STOP_WORDS {
        let hash = hash_str(w);
        if set.find(hash, |s| s == w).is_none() {
            set.insert_unique(hash, *w, |s| hash_str(s));
        }
    }
    set
});

fn is_stop(set: &HashTable<&'static str>, word: &str, hash: u64) -> bool {
    word.len() <= 12 && set.find(hash, |s| *s == word).is_some()
}

/// True for a lower-case word that never identifies an event.
pub(crate) fn is_stop_word(word: &str) -> bool {
    is_stop(&STOP_SET, word, hash_str(word))
}

/// 64-bit FNV-1a: stable across runs and platforms, so hashed terms can be persisted.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A term of the clustering window: the 64-bit hash of a word or a pair of names, folded to
/// 32 bits. Half the memory of the window's vectors, postings and frequency tables; two terms
/// share a number with odds of about one in four billion per pair (a vocabulary of a million
/// terms has about a hundred such pairs, each a word weighing a little like another).
pub(crate) type Term = u32;

/// Folds a 64-bit hash to a [`Term`].
pub(crate) fn term(h: u64) -> Term {
    (h ^ (h >> 32)) as u32
}

/// Mixes two term hashes into the hash of the pair (order matters).
pub(crate) fn hash_pair(a: u64, b: u64) -> u64 {
    let mut x = a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^ (x >> 29)
}

/// One word of a text as the analysis sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    /// Lower-cased, without apostrophes or surrounding punctuation.
    pub lower: String,
    /// Starts with a capital letter and is not the first word of a sentence, or is all
    /// capitals (datelines): the sign of a name.
    pub capitalised: bool,
    /// Directly follows the previous word with only spaces between (no punctuation), so that
    /// two capitalised words in a row form one name.
    pub joined: bool,
    /// Starts with a capital letter, wherever it stands ("W. Phillip St.": a name after an
    /// abbreviation's full stop is not `capitalised`).
    pub upper: bool,
    /// [`hash_str`] of `lower`.
    pub hash: u64,
    /// `lower` is a stop word ([`is_stop_word`]).
    pub stop: bool,
}

/// Splits a text into words, keeping the signs of names. Apostrophes inside a word are
/// dropped ("O'Neil" → "oneil", "Gillis’" → "gillis"; a possessive "'s" is removed).
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut joined = false;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, n)) = chars.peek() {
                if n.is_alphanumeric() {
                    end = i + n.len_utf8();
                    chars.next();
                } else if (n == '\'' || n == '’') && {
                    let mut look = chars.clone();
                    look.next();
                    look.peek().is_some_and(|(_, a)| a.is_alphanumeric())
                } {
                    chars.next();
                    end = i + n.len_utf8();
                } else {
                    break;
                }
            }
            let raw = &text[start..end];
            let raw = raw
                .strip_suffix("'s")
                .or_else(|| raw.strip_suffix("’s"))
                .unwrap_or(raw);
            // Most words are plain ASCII: lower-cased in one pass, the same result as the
            // general path below (a hot loop of the story desk on a large wire).
            let lower: String = if raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
                raw.to_ascii_lowercase()
            } else {
                raw.chars()
                    .filter(|c| *c != '\'' && *c != '’')
                    .flat_map(char::to_lowercase)
                    .collect()
            };
            let first_upper = raw.chars().next().is_some_and(char::is_uppercase);
            let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
            let all_caps = letters >= 2 && raw.chars().all(|c| !c.is_lowercase());
            let capitalised = (first_upper && !sentence_start) || all_caps;
            let hash = hash_str(&lower);
            out.push(Word {
                stop: is_stop(&STOP_SET, &lower, hash),
                lower,
                capitalised,
                joined,
                upper: first_upper,
                hash,
            });
            sentence_start = false;
            joined = true;
        } else if c == ' ' || c == '\u{a0}' || c == '\t' {
            // Spaces keep a name together.
        } else {
            joined = false;
            if matches!(
                c,
                '.' | '!' | '?' | '\n' | '"' | '“' | '”' | ':' | '—' | '|'
            ) {
                sentence_start = true;
            }
        }
    }
    out
}

/// How much a feature counts before inverse document frequency.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Weights {
    /// Factor for every occurrence in the title.
    pub title: f32,
    /// Factor for capitalised words (names of people, places, organisations).
    pub name: f32,
    /// Factor for two capitalised words in a row ("Cerise Avenue").
    pub name_pair: f32,
    /// Factor for numbers (ages, counts, street numbers).
    pub number: f32,
}

/// Counted features of one article: `(term, weight)`, sorted by term. The weight is the
/// sublinear count `1 + ln(count)` (title occurrences counted `Weights::title` times) times
/// the largest class factor the term had (name, pair of names, number).
pub(crate) fn features(
    title: &str,
    body: &str,
    max_body_words: usize,
    w: &Weights,
) -> Vec<(Term, f32)> {
    features_of(&words(title), &words(body), max_body_words, w)
}

/// [`features`] of a title and body already split into [`words`] (an article's words are
/// read once for all that is derived from them).
pub(crate) fn features_of(
    title: &[Word],
    body: &[Word],
    max_body_words: usize,
    w: &Weights,
) -> Vec<(Term, f32)> {
    // (term, count, class factor)
    let mut acc: Vec<(Term, f32, f32)> = Vec::with_capacity(256);
    let mut add_text = |ws: &[Word], count: f32, limit: usize| {
        let mut prev_name: Option<u64> = None;
        for word in ws.iter().take(limit) {
            if word.stop || word.lower.chars().count() < 2 {
                prev_name = None;
                continue;
            }
            let h = word.hash;
            let is_number = word.lower.chars().all(|c| c.is_ascii_digit());
            let class = if is_number {
                w.number
            } else if word.capitalised {
                w.name
            } else {
                1.0
            };
            acc.push((term(h), count, class));
            if word.capitalised && !is_number {
                if let Some(p) = prev_name.filter(|_| word.joined) {
                    acc.push((term(hash_pair(p, h)), count, w.name_pair));
                }
                prev_name = Some(h);
            } else {
                prev_name = None;
            }
        }
    };
    add_text(title, w.title, 64);
    add_text(body, 1.0, max_body_words);
    acc.sort_unstable_by_key(|(h, _, _)| *h);
    let mut merged: Vec<(Term, f32, f32)> = Vec::with_capacity(acc.len());
    for (h, c, f) in acc {
        match merged.last_mut() {
            Some((lh, lc, lf)) if *lh == h => {
                *lc += c;
                *lf = lf.max(f);
            }
            _ => merged.push((h, c, f)),
        }
    }
    merged
        .into_iter()
        .map(|(h, c, f)| (h, (1.0 + c.max(1.0).ln()) * f))
        .collect()
}

/// What tells one incident from another of its kind, read from a title and the start of a
/// body (see [`evidence_of`]).
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Evidence {
    /// Pairs of capitalised words in a row ("Orlando Collins", "Cerise Avenue"), sorted and
    /// deduplicated: the same hashes as the pair features of [`features`].
    pub names: Vec<Term>,
    /// The ages of the people it is about ("a 20-year-old man").
    pub ages: Marks,
    /// The streets it names ("Cerise Avenue", "W. Madison St."), by the consonants of the
    /// name ("Phillip" and "Philip" are one street): where an incident happened.
    pub streets: Marks,
}

/// [`Evidence`] of a title and body.
#[cfg(test)]
pub(crate) fn evidence(title: &str, body: &str, max_body_words: usize) -> Evidence {
    evidence_of(&words(title), &words(body), max_body_words)
}

/// The last word of a street's name ("Avenue", "St."), lower-cased. Not "Court" (the courts
/// of law outnumber the streets in crime news) nor "Way" ("United Way").
const STREET_KINDS: [&str; 21] = [
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "drive",
    "dr",
    "lane",
    "ln",
    "place",
    "pl",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "terrace",
    "circle",
    "trail",
];

/// Words before a street's kind that do not name it ("West Madison Street" is Madison).
const NOT_A_STREET_NAME: [&str; 9] = ["north", "south", "east", "west", "n", "s", "e", "w", "the"];

/// [`Evidence`] of a title and body already split into [`words`]: the title's first 64 words
/// and the body's first `max_body_words`.
pub(crate) fn evidence_of(title: &[Word], body: &[Word], max_body_words: usize) -> Evidence {
    let mut out = Evidence::default();
    for (ws, limit) in [(title, 64), (body, max_body_words)] {
        let mut prev: Option<u64> = None;
        let ws = &ws[..ws.len().min(limit)];
        for (i, word) in ws.iter().enumerate() {
            let number = word.lower.bytes().all(|b| b.is_ascii_digit());
            if number {
                // "a 20-year-old man", "20 years old"; "aged 20".
                let next = |k: usize| ws.get(i + k).map(|w| w.lower.as_str());
                let prev_word = i.checked_sub(1).map(|k| ws[k].lower.as_str());
                if ((matches!(next(1), Some("year" | "years")) && next(2) == Some("old"))
                    || prev_word == Some("aged"))
                    && let Ok(age) = word.lower.parse::<usize>()
                {
                    out.ages.insert(age);
                }
            }
            for name in streets_named_at(ws, i).into_iter().flatten() {
                out.streets.insert(street_mark(&name.lower));
            }
            let useful = !word.stop && word.lower.chars().count() >= 2 && !number;
            if useful && word.capitalised {
                let h = word.hash;
                if let Some(p) = prev.filter(|_| word.joined) {
                    out.names.push(term(hash_pair(p, h)));
                }
                prev = Some(h);
            } else {
                prev = None;
            }
        }
    }
    out.names.sort_unstable();
    out.names.dedup();
    out
}

/// The words naming the streets that `ws[i]` completes: the one before a street's kind
/// ("Cerise Avenue", "W. Phillip St."), both of a corner ("Main and Elm streets"), or the first
/// after "block of" that is not a direction ("the 13500 block of South Cerise": a police
/// blotter's address, without the kind).
fn streets_named_at(ws: &[Word], i: usize) -> [Option<&Word>; 2] {
    let word = &ws[i];
    let not_a_name = |w: &&Word| NOT_A_STREET_NAME.contains(&w.lower.as_str());
    let kind = word.lower.as_str();
    let names = if word.upper && word.joined && i > 0 && STREET_KINDS.contains(&kind) {
        [Some(&ws[i - 1]), None]
    } else if matches!(kind, "streets" | "avenues" | "roads" | "boulevards")
        && i >= 3
        && ws[i - 2].lower == "and"
    {
        [Some(&ws[i - 3]), Some(&ws[i - 1])]
    } else if kind == "block" && ws.get(i + 1).is_some_and(|w| w.lower == "of") {
        let mut first = ws.get(i + 2..).unwrap_or_default().iter().take(3);
        [first.find(|w| !not_a_name(w)), None]
    } else {
        [None, None]
    };
    names.map(|n| n.filter(|w| w.upper && !not_a_name(w)))
}

/// A street's mark in [`Marks`]: from the consonants of its name.
fn street_mark(name: &str) -> usize {
    1 + (hash_str(&consonants(name)) % 127) as usize
}

/// A word's first letter and its later consonants, a repeated one once: spellings of a name
/// that differ in a vowel or a doubled letter ("Phillip", "Philip"; "Killiam", "Kiliam") agree.
fn consonants(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, c) in word.chars().enumerate() {
        if i > 0 && (matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') || out.ends_with(c)) {
            continue;
        }
        out.push(c);
    }
    out
}

/// A small set of marks, 1 to 127: the ages an article gives its people (a mark an age), or
/// the streets it names (a mark from a name's hash: two streets share a mark by chance one
/// time in 127). Two words of bits: eight-byte aligned, as the rest of an article held in
/// the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Marks([u64; 2]);

impl Marks {
    /// `n` is a mark from 1 to 127; anything else is not kept (an age of 0 or 300).
    fn insert(&mut self, n: usize) {
        if (1..128).contains(&n) {
            self.0[n / 64] |= 1 << (n % 64);
        }
    }

    /// The marks of either.
    pub(crate) fn union(self, other: Marks) -> Marks {
        Marks([self.0[0] | other.0[0], self.0[1] | other.0[1]])
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == [0, 0]
    }

    /// Both have marks and one of them is the same.
    pub(crate) fn agree(self, other: Marks) -> bool {
        self.0[0] & other.0[0] != 0 || self.0[1] & other.0[1] != 0
    }

    /// Both have marks and none is the same: two people, two places.
    pub(crate) fn contradict(self, other: Marks) -> bool {
        !self.is_empty() && !other.is_empty() && !self.agree(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_read_from_the_title_and_the_lead() {
        let ages = evidence(
            "Teen, 17, hurt",
            "A 20-year-old man and a woman 34 years old were shot; a girl aged 9 was not. \
             The bar opened 20 years ago at 150 Main Street, 2015 year-end; aged 300.",
            600,
        )
        .ages;
        let mut expected = Marks::default();
        for a in [20, 34, 9] {
            expected.insert(a);
        }
        assert_eq!(ages, expected);
        // Past the words read, an age is not seen.
        let late = evidence("", "one two three a 41-year-old", 3).ages;
        assert!(late.is_empty());
        let other = evidence("", "A 41-year-old man", 600).ages;
        assert!(ages.contradict(other) && !ages.agree(other));
        assert!(ages.agree(expected) && !ages.contradict(expected));
        let none = Marks::default();
        assert!(!ages.contradict(none) && !none.agree(none));
    }

    #[test]
    fn streets_are_read_by_their_names() {
        let a = evidence(
            "Man shot on Cerise Avenue",
            "It happened in the 13500 block of W. Phillip St. near North Avenue, then at \
             Grand and Oak streets. \
             Police Headquarters on The Street said so. Avenue of the Stars.",
            600,
        )
        .streets;
        let mut expected = Marks::default();
        for name in ["cerise", "phillip", "grand", "oak"] {
            expected.insert(street_mark(name));
        }
        assert_eq!(a, expected);
        // Another spelling of the name, another kind of street: the same street.
        let b = evidence("", "shots on Philip Road", 600).streets;
        assert!(a.agree(b) && !a.contradict(b));
        let c = evidence("", "shots on South Ashland Avenue", 600).streets;
        assert!(a.contradict(c));
        // Courts are not streets; a street's kind alone is not a street.
        let none = evidence("", "Cook County Circuit Court. Street gangs", 600).streets;
        assert!(none.is_empty() && !a.contradict(none));
        assert_eq!(consonants("killiam"), consonants("kiliam"));
        assert_ne!(consonants("madison"), consonants("monroe"));
    }

    #[test]
    fn names_are_capitalised_words_inside_sentences() {
        let ws = words("Police said Bernard Gillis’ car. Then O'Neil left");
        let caps: Vec<_> = ws
            .iter()
            .map(|w| (w.lower.as_str(), w.capitalised))
            .collect();
        assert_eq!(
            caps,
            [
                ("police", false),
                ("said", false),
                ("bernard", true),
                ("gillis", true),
                ("car", false),
                ("then", false),
                ("oneil", true),
                ("left", false)
            ]
        );
    }

    #[test]
    fn datelines_in_capitals_are_names() {
        let ws = words("HAWTHORNE — A man");
        assert!(ws[0].capitalised);
        assert!(!ws[1].capitalised);
    }

    #[test]
    fn possessives_are_dropped() {
        let ws = words("the county's sheriff");
        assert_eq!(ws[1].lower, "county");
    }

    #[test]
    fn features_merge_repeats_and_pair_names() {
        let w = Weights {
            title: 2.0,
            name: 1.0,
            name_pair: 1.0,
            number: 1.0,
        };
        let f = features(
            "Gillis shot",
            "Police said Bernard Gillis was shot.",
            100,
            &w,
        );
        let get = |t: &str| f.iter().find(|(h, _)| *h == term(hash_str(t))).map(|x| x.1);
        assert_eq!(get("gillis"), Some(1.0 + 3f32.ln()));
        assert_eq!(get("shot"), Some(1.0 + 3f32.ln()));
        assert_eq!(get("the"), None);
        let pair = term(hash_pair(hash_str("bernard"), hash_str("gillis")));
        assert!(f.iter().any(|(h, _)| *h == pair));
    }
}
