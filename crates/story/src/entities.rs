//! Topics found in the text: the people, places and organisations that several outlets write
//! about ("Kestrel Bridge", "Signe Halvorsen") and the keyphrases that recur across stories
//! ("interest rates", "waiting list"), so that readers can follow them.
//!
//! Names are found without a model, from capitalisation: runs of capitalised words in the title
//! and the lead, with connectors such as "of" inside them ("Bank of Northland"), minus words that
//! are capitalised for other reasons (sentence starts, days, months, common openers). A name
//! becomes a topic only with minimum support: it must appear in `min_articles` articles from
//! `min_sources` different sources, so a one-off phrase never becomes a topic.
//!
//! Keyphrases are runs of two or three lower-case content words inside one clause of the title
//! or the lead (no stop word, number, name, adverb, month or role word such as "minister": those
//! make phrases like "last week" or "chief executive" that say nothing about a subject). A
//! keyphrase needs the same support as a name and, besides, must recur in at least two stories:
//! a phrase that only one event's coverage uses ("eastern span") is that story's wording, not a
//! subject.
//!
//! Support is counted from the first articles on, when little says what is common. So a topic
//! stays under watch: a keyphrase found in more than [`GENERIC_SHARE`] of all articles read (and
//! more than [`GENERIC_MIN`]), or a one-word name written in lower case about as often as
//! capitalised ("Police", "Weather": a heading's first word), is generic. It is never promoted,
//! and if it already was, it is reported by [`EntityTopics::take_retracted`] so that its tags
//! can be removed.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::LazyLock;

use hashbrown::HashTable;

/// Words of the lead read for names (the event's names are at the top of a news story).
const LEAD_WORDS: usize = 160;
/// Names kept per article.
const MAX_NAMES: usize = 16;
/// Names tracked at most. Beyond it, names seen in one article only are forgotten, then, while
/// more than half of the most are left, the least recently seen: a desk runs for months, and
/// names seen twice must not pile up. (100,000 left the wire's peak memory where it was and
/// made a third fewer name topics: their third mention came after the prune.)
const MAX_TRACKED: usize = 200_000;
/// The story desk's bar for a name to become a topic: this many articles from this many
/// sources name it (what [`EntityTopics::new`] is given in the pipeline and its benchmark).
pub const DESK_MIN_ARTICLES: usize = 3;
pub const DESK_MIN_SOURCES: usize = 2;

const CONNECTORS: &[&str] = &[
    "of", "de", "del", "da", "van", "von", "der", "al", "la", "le", "du", "for", "and", "&",
];

/// Keyphrases kept per article.
const MAX_PHRASES: usize = 24;
/// A keyphrase in more than this share of the articles read is too common to be a topic...
pub const GENERIC_SHARE: f64 = 0.02;
/// ... once it is in more than this many articles (small collections judge by support alone).
pub const GENERIC_MIN: usize = 8;

/// Lower-case words that never begin, end or sit inside a keyphrase, besides the stop words of
/// [`crate::text`]: number words, quantities, months, parts of the day, reporting verbs, and
/// roles (a role names a person, not a subject).
const NOT_IN_PHRASES: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "percent",
    "cent",
    "half",
    "second",
    "third",
    "next",
    "previous",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "month",
    "months",
    "weeks",
    "morning",
    "afternoon",
    "evening",
    "night",
    "tonight",
    "hour",
    "hours",
    "minute",
    "minutes",
    "said",
    "says",
    "say",
    "told",
    "tells",
    "according",
    "added",
    "asked",
    "chief",
    "executive",
    "minister",
    "president",
    "director",
    "officer",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "secretary",
    "chairman",
    "chairwoman",
    "chair",
    "head",
    "people",
    "thing",
    "things",
    "way",
    "lot",
    "part",
    "number",
    "place",
    "group",
    "others",
    "including",
    "whose",
    "likely",
    "already",
    "almost",
    "though",
    "yet",
    "ago",
    "far",
    // Verbs that are never nouns (ambiguous ones such as "cut" or "rise" stay: "tax cut").
    "expect",
    "expects",
    "rose",
    "fell",
    "risen",
    "fallen",
    "won",
    "took",
    "taken",
    "gave",
    "given",
    "got",
    "went",
    "gone",
    "came",
    "saw",
    "seen",
    "made",
    "began",
    "begun",
    "brought",
    "kept",
    "became",
    "become",
    "becomes",
    "would",
    "could",
    "should",
    "might",
    "must",
    "shall",
    "will",
    "can",
    "get",
    "gets",
    "make",
    "makes",
    "take",
    "takes",
    "give",
    "gives",
    // Prepositions, pronouns and verb forms (irregular ones; regular past forms end in "ed"),
    // and page-furniture words ("click to share", "photo caption"): not subjects.
    "inside",
    "outside",
    "near",
    "nearby",
    "upon",
    "toward",
    "towards",
    "across",
    "behind",
    "beyond",
    "within",
    "without",
    "amid",
    "despite",
    "onto",
    "along",
    "around",
    "someone",
    "something",
    "anyone",
    "everyone",
    "nobody",
    "times",
    "found",
    "shot",
    "shoot",
    "shoots",
    "believe",
    "believes",
    "think",
    "thinks",
    "thought",
    "investigate",
    "investigates",
    "kill",
    "kills",
    "die",
    "dies",
    "went",
    "come",
    "comes",
    "know",
    "knows",
    "knew",
    "known",
    "see",
    "sees",
    "want",
    "wants",
    "seem",
    "seems",
    "appear",
    "appears",
    "remain",
    "remains",
    "continue",
    "continues",
    "tell",
    "held",
    "left",
    "felt",
    "lost",
    "paid",
    "sent",
    "spent",
    "built",
    "led",
    "met",
    "ran",
    "sat",
    "set",
    "stood",
    "taught",
    "understood",
    "wrote",
    "written",
    "spoke",
    "spoken",
    "broke",
    "broken",
    "chose",
    "chosen",
    "drove",
    "driven",
    "fell",
    "flew",
    "grew",
    "grown",
    "hid",
    "hidden",
    "struck",
    "stole",
    "stolen",
    "threw",
    "thrown",
    "woke",
    "wore",
    "worn",
    "please",
    "share",
    "click",
    "subscribe",
    "sign",
    "enable",
    "caption",
    "image",
    "photo",
    "video",
    "close",
    "copyright",
    "reserved",
    "developing",
    "update",
    "updated",
];

/// [`NOT_IN_PHRASES`] and [`NOT_NAMES`] as sets: each word of a lead is looked up in one.
static NOT_IN_PHRASE_SET: LazyLock<HashSet<&str>> =
    LazyLock::new(|| NOT_IN_PHRASES.iter().copied().collect());
static NOT_NAME_SET: LazyLock<HashSet<&str>> =
    LazyLock::new(|| NOT_NAMES.iter().copied().collect());

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
    // Abbreviated dates and page furniture.
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Mon",
    "Tue",
    "Tues",
    "Wed",
    "Thu",
    "Thurs",
    "Fri",
    "Sat",
    "Sun",
    "Share",
    "Caption",
    "Close",
    "Image",
    "Advertisement",
    "Sponsored",
];

/// The first [`LEAD_WORDS`] words of a text: where a news story puts its names and subject.
fn lead(text: &str) -> String {
    text.split_whitespace()
        .take(LEAD_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Candidate names in a title and the lead of a text, most prominent first (title names lead).
pub fn names(title: &str, text: &str) -> Vec<String> {
    names_of(title, &lead(text))
}

fn names_of(title: &str, lead: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in [title, lead] {
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

/// Candidate keyphrases of a title and the lead of a text, lower-cased, most prominent first
/// (title phrases lead, then the lead's by how often they occur), each once.
pub fn keyphrases(title: &str, text: &str) -> Vec<String> {
    keyphrases_of(title, &lead(text))
}

fn keyphrases_of(title: &str, lead: &str) -> Vec<String> {
    let title = phrases_in(title);
    let lead = phrases_in(lead);
    // The title's phrases in order, each once; then the lead's others by how often they occur
    // (a stable sort: equal counts keep their order of appearance).
    let mut taken: HashSet<&str> = HashSet::with_capacity(title.len() + lead.len());
    let mut out: Vec<&str> = Vec::with_capacity(MAX_PHRASES);
    for p in &title {
        if taken.insert(p) {
            out.push(p);
        }
    }
    let mut at: HashMap<&str, usize> = HashMap::with_capacity(lead.len());
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for p in &lead {
        match at.get(p.as_str()) {
            Some(&i) => counts[i].1 += 1,
            None => {
                at.insert(p, counts.len());
                counts.push((p, 1));
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    for (p, _) in counts {
        if out.len() >= MAX_PHRASES {
            break;
        }
        if taken.insert(p) {
            out.push(p);
        }
    }
    out.truncate(MAX_PHRASES);
    out.into_iter().map(str::to_owned).collect()
}

/// A word that can be part of a keyphrase: lower-case letters (a sentence's first word may be
/// capitalised), three or more of them, not a stop word, adverb or excluded word.
fn phrase_word(raw: &str, opens_sentence: bool) -> Option<String> {
    let mut chars = raw.chars();
    let first = chars.next()?;
    if !first.is_alphabetic() || (first.is_uppercase() && !opens_sentence) {
        return None;
    }
    if !raw.chars().all(|c| c.is_alphabetic() || c == '-')
        || raw.chars().skip(1).any(char::is_uppercase)
    {
        return None;
    }
    // Most words are already lower-case ASCII: checked as they are, copied only when kept.
    let lower: std::borrow::Cow<str> = if raw.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        raw.into()
    } else {
        raw.to_lowercase().into()
    };
    let keep = lower.chars().count() >= 3
        && !lower.ends_with("ly")
        // Mostly past tenses ("prices rose", "bridge closed"); "armed police" is lost too.
        && !lower.ends_with("ed")
        && !crate::text::is_stop_word(&lower)
        && !NOT_IN_PHRASE_SET.contains(lower.as_ref());
    keep.then(|| lower.into_owned())
}

/// The two- and three-word keyphrases of one text, in order, with repeats.
fn phrases_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The current run of phrase words inside one clause.
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut Vec<String>| {
        for n in [2, 3] {
            for w in run.windows(n) {
                out.push(w.join(" "));
            }
        }
        run.clear();
    };
    for t in tokens(text) {
        match phrase_word(t.word, t.opens_sentence) {
            Some(w) => run.push(w),
            None => flush(&mut run, &mut out),
        }
        if t.ends_clause {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// One word of running text as the name and keyphrase readers see it.
struct Token<'a> {
    /// Without surrounding punctuation (an `&` is kept) or a possessive "'s".
    word: &'a str,
    /// The first word of a sentence (its capital says nothing).
    opens_sentence: bool,
    /// Punctuation at the word ends its clause: no name or phrase runs past it.
    ends_clause: bool,
}

fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    let mut sentence_start = true;
    text.split_whitespace().map(move |raw| {
        let ends_sentence = raw.ends_with(['.', '!', '?', ':', ';']) || raw.ends_with(".\"");
        let ends_clause = ends_sentence
            || raw.ends_with([',', ')', '"', '\u{201d}'])
            || raw.starts_with(['(', '"', '\u{201c}']);
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("\u{2019}s"))
            .unwrap_or(word);
        let token = Token {
            word,
            opens_sentence: sentence_start,
            ends_clause,
        };
        sentence_start = ends_sentence;
        token
    })
}

/// The distinct lower-case words (three letters or more) of a title and a lead, sorted.
fn lower_case_words<'a>(title: &'a str, lead: &'a str) -> Vec<&'a str> {
    let mut words: Vec<&str> = title
        .split_whitespace()
        .chain(lead.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| {
            w.chars().count() >= 3 && w.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    words
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
        while run.first().is_some_and(|w| NOT_NAME_SET.contains(w)) {
            run.remove(0);
        }
        let good = match run.len() {
            0 => false,
            1 => !opens && run[0].chars().count() >= 4 && !NOT_NAME_SET.contains(run[0]),
            n => n <= 5,
        };
        if good {
            out.push(run.join(" "));
        }
        run.clear();
    };
    for t in tokens(text) {
        let word = t.word;
        if !word.is_empty() && is_capitalised(word) {
            if run.is_empty() {
                run_opens_sentence = t.opens_sentence;
            }
            run.push(word);
        } else if !run.is_empty() && CONNECTORS.contains(&word) {
            run.push(word);
        } else {
            flush(&mut run, run_opens_sentence, &mut out);
        }
        if t.ends_clause {
            flush(&mut run, run_opens_sentence, &mut out);
        }
    }
    flush(&mut run, run_opens_sentence, &mut out);
    out
}

/// The most sources a name's support keeps (the most [`EntityTopics::new`] may ask for).
pub const MAX_MIN_SOURCES: usize = 2;

/// What is known of one name or keyphrase. Only what a decision needs is kept: the articles
/// themselves until the topic is promoted (they are tagged then) or found generic, and at most
/// as many sources and stories as promotion asks for, all as numbers and in place. Most names
/// are seen once: such a name costs its table slot and its text, nothing more. (Sets of every
/// article and source of every name cost about a kilobyte per name; with string ids, 450 bytes;
/// with a list each for articles, sources and stories, about 320: most of the story desk's
/// memory on a large wire.)
///
/// The name is its table's key too (compared without case), sources and stories are kept
/// folded to 32 bits (they are only told apart; two ids alike in 32 bits would have to be
/// 2³² apart), and the earlier articles are a boxed slice, not a vector: 72 bytes a name
/// where a map of lower-cased keys to the name took 112 and a second string.
#[derive(Debug, Default)]
struct Support {
    /// The name as first seen ("Kestrel Bridge"); for a keyphrase `"\0"` and the phrase in
    /// lower case.
    name: Box<str>,
    /// The articles that used it before `last`, while it may still be promoted.
    earlier: Box<[u64]>,
    /// The last article counted: an article is counted once.
    last: u64,
    /// How many articles used it.
    count: u32,
    /// Distinct sources (folded), up to the number promotion needs.
    sources: [u32; MAX_MIN_SOURCES],
    /// Distinct stories of the articles (folded), up to two (kept for keyphrases only).
    stories: [u32; 2],
    /// When it was last counted, as the number of articles read then.
    seen_at: u32,
    sources_seen: u8,
    stories_seen: u8,
    phrase: bool,
    promoted: bool,
    /// Found too common to be a topic: never promoted (again).
    generic: bool,
}

impl Support {
    /// Counts `article`; false when it was counted already.
    fn count_article(&mut self, article: u64, source: u64, story: u64, min_sources: usize) -> bool {
        let (source, story) = (fold(source), fold(story));
        if self.count > 0 && self.last == article {
            return false;
        }
        if self.count > 0 && !self.promoted && !self.generic {
            // A boxed slice, eight bytes less a name than a vector: a list rarely grows past
            // the few articles promotion asks for.
            let mut earlier = std::mem::take(&mut self.earlier).into_vec();
            earlier.push(self.last);
            self.earlier = earlier.into_boxed_slice();
        }
        self.count += 1;
        self.last = article;
        let n = usize::from(self.sources_seen);
        if n < min_sources && !self.sources[..n].contains(&source) {
            self.sources[n] = source;
            self.sources_seen += 1;
        }
        let n = usize::from(self.stories_seen);
        if self.phrase && n < 2 && !self.stories[..n].contains(&story) {
            self.stories[n] = story;
            self.stories_seen += 1;
        }
        true
    }

    /// The topic's name as shown: the name, or the keyphrase in sentence case.
    fn shown(&self) -> String {
        match self.name.strip_prefix('\0') {
            Some(phrase) if self.phrase => {
                let mut shown = phrase.to_string();
                if let Some(first) = shown.get(..1) {
                    let upper = first.to_uppercase();
                    shown.replace_range(..1, &upper);
                }
                shown
            }
            _ => self.name.to_string(),
        }
    }

    /// The articles that used it, while it may still be promoted (taken: none are kept after).
    fn take_articles(&mut self) -> Vec<u64> {
        let mut all = std::mem::take(&mut self.earlier).into_vec();
        if self.count > 0 {
            all.push(self.last);
        }
        all
    }
}

/// An id folded to 32 bits, to be told apart from others.
fn fold(id: u64) -> u32 {
    (id ^ (id >> 32)) as u32
}

/// A key's characters in lower case: names are looked up without case.
fn folded(key: &str) -> impl Iterator<Item = char> + '_ {
    key.chars().flat_map(char::to_lowercase)
}

/// Supports a page of [`Names`] holds.
const NAMES_PAGE: usize = 4_096;

/// The names and keyphrases tracked, each keyed by its own [`Support::name`] without case.
///
/// The supports live in pages of [`NAMES_PAGE`] and the hash table holds their positions (four
/// bytes a slot). A table of the supports themselves has a power of two of 73-byte slots, up
/// to half of them empty: on a week of a large wire it was the desk's largest table (19 MB for
/// 110,000 names). Pages, not one vector, so that neither growing nor pruning ever copies
/// the whole set while the old copy is still held.
#[derive(Debug, Default)]
struct Names {
    /// Positions of the supports, by the name's hash without case.
    index: HashTable<u32>,
    /// Full but for the last.
    pages: Vec<Vec<Support>>,
    hasher: RandomState,
}

impl Names {
    fn hash(hasher: &RandomState, key: &str) -> u64 {
        let mut h = hasher.build_hasher();
        for c in folded(key) {
            h.write_u32(u32::from(c));
        }
        h.finish()
    }

    fn at(pages: &[Vec<Support>], i: u32) -> &Support {
        let i = i as usize;
        &pages[i / NAMES_PAGE][i % NAMES_PAGE]
    }

    fn get(&self, key: &str) -> Option<&Support> {
        let pages = &self.pages;
        self.index
            .find(Self::hash(&self.hasher, key), |&i| {
                folded(&Self::at(pages, i).name).eq(folded(key))
            })
            .map(|&i| Self::at(pages, i))
    }

    /// How many supports `pages` hold.
    fn count(pages: &[Vec<Support>]) -> usize {
        pages
            .last()
            .map_or(0, |last| (pages.len() - 1) * NAMES_PAGE + last.len())
    }

    /// Appends a support and returns its position.
    fn push(pages: &mut Vec<Vec<Support>>, s: Support) -> u32 {
        let i = Self::count(pages);
        if pages.last().is_none_or(|p| p.len() == NAMES_PAGE) {
            pages.push(Vec::with_capacity(NAMES_PAGE));
        }
        if let Some(page) = pages.last_mut() {
            page.push(s);
        }
        i as u32
    }

    /// The support of `key`, made by `new` if it is not tracked yet.
    fn get_or_insert(&mut self, key: &str, new: impl FnOnce() -> Support) -> &mut Support {
        let Names {
            index,
            pages,
            hasher,
        } = self;
        let entry = index.entry(
            Self::hash(hasher, key),
            |&i| folded(&Self::at(pages, i).name).eq(folded(key)),
            |&i| Self::hash(hasher, &Self::at(pages, i).name),
        );
        let i = match entry {
            hashbrown::hash_table::Entry::Occupied(o) => *o.get() as usize,
            hashbrown::hash_table::Entry::Vacant(v) => {
                let i = Self::push(pages, new());
                v.insert(i);
                i as usize
            }
        };
        &mut pages[i / NAMES_PAGE][i % NAMES_PAGE]
    }

    fn len(&self) -> usize {
        Self::count(&self.pages)
    }

    /// Keeps the supports `keep` says to keep, page by page: each page is freed once read, so
    /// the set is never held twice.
    fn retain(&mut self, mut keep: impl FnMut(&mut Support) -> bool) {
        let old = std::mem::take(&mut self.pages);
        for page in old {
            for mut s in page {
                if keep(&mut s) {
                    Self::push(&mut self.pages, s);
                }
            }
        }
        let Names {
            index,
            pages,
            hasher,
        } = self;
        let len = Self::count(pages);
        index.clear();
        index.shrink_to(len, |_| 0);
        for i in 0..len as u32 {
            let hash = Self::hash(hasher, &Self::at(pages, i).name);
            index.insert_unique(hash, i, |&j| Self::hash(hasher, &Self::at(pages, j).name));
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Support> {
        self.pages.iter().flatten()
    }

    /// Estimated heap bytes of the table and the supports (their text and lists aside).
    fn heap_bytes(&self) -> usize {
        crate::heap::table::<u32>(self.index.capacity())
            + self.pages.len() * NAMES_PAGE * std::mem::size_of::<Support>()
    }
}

/// Tracks names and keyphrases across articles and promotes those with enough support to
/// topics.
#[derive(Debug)]
pub struct EntityTopics {
    min_articles: usize,
    min_sources: usize,
    /// By name without case; keyphrases by `"\0"` and the phrase.
    names: Names,
    /// Articles read.
    articles: usize,
    /// Per lower-case word, the articles whose title or lead use it in lower case: a
    /// capitalised word that is just as often written small ("Police", "Weather", "West") is a
    /// common word at the start of a heading, not a name.
    lower: HashMap<String, u32>,
    /// Promoted topics found generic since the last [`EntityTopics::take_retracted`].
    retracted: Vec<String>,
}

impl EntityTopics {
    /// Estimated heap bytes of the names and their support (see `heap.rs`).
    pub fn heap_report(&self) -> Vec<crate::HeapLine> {
        use crate::heap;
        let (mut text, mut lists, mut singletons) = (0, 0, 0);
        for s in self.names.iter() {
            text += heap::text(&s.name);
            lists += heap::slice(&s.earlier);
            singletons += usize::from(s.count <= 1);
        }
        vec![
            crate::HeapLine {
                what: "names (table)",
                count: self.names.len(),
                bytes: self.names.heap_bytes(),
            },
            crate::HeapLine {
                what: "names (text)",
                count: singletons,
                bytes: text,
            },
            crate::HeapLine {
                what: "names (articles, sources)",
                count: self.names.len(),
                bytes: lists,
            },
            crate::HeapLine {
                what: "lower-case words",
                count: self.lower.len(),
                bytes: heap::map(&self.lower)
                    + self.lower.keys().map(|k| heap::text(k)).sum::<usize>(),
            },
        ]
    }

    /// Forgets the names seen in one article only, then, if more than half of
    /// [`MAX_TRACKED`] remain, the least recently seen of them: a prune always frees room
    /// for many articles, so it costs little per article however long the desk runs.
    fn prune(&mut self) {
        self.names.retain(|s| s.count > 1);
        let keep = MAX_TRACKED / 2;
        if self.names.len() > keep {
            let mut seen: Vec<u32> = self.names.iter().map(|s| s.seen_at).collect();
            let cut = seen.len() - keep;
            let oldest_kept = *seen.select_nth_unstable(cut).1;
            self.names.retain(|s| s.seen_at >= oldest_kept);
        }
    }

    /// A name becomes a topic once `min_articles` articles from `min_sources` sources name it
    /// (`min_sources` is at most [`MAX_MIN_SOURCES`]).
    pub fn new(min_articles: usize, min_sources: usize) -> Self {
        EntityTopics {
            min_articles: min_articles.max(1),
            min_sources: min_sources.clamp(1, MAX_MIN_SOURCES),
            names: Names::default(),
            articles: 0,
            lower: HashMap::new(),
            retracted: Vec::new(),
        }
    }

    /// Topics promoted earlier and since found too common to be topics (a keyphrase in more
    /// than [`GENERIC_SHARE`] of the articles, a one-word name as often written in lower
    /// case): their tags should be removed. Each is reported once.
    pub fn take_retracted(&mut self) -> Vec<String> {
        std::mem::take(&mut self.retracted)
    }

    /// Whether a one-word name is a common word: written in lower case in at least half as
    /// many articles as it is capitalised in (and in two at least).
    fn common_word(&self, key: &str, capitalised_in: usize) -> bool {
        !key.contains(' ')
            && self
                .lower
                .get(key)
                .is_some_and(|n| *n >= 2 && 2 * *n as usize >= capitalised_in)
    }

    /// Whether a three-word keyphrase key holds a promoted two-word one.
    fn holds_promoted_phrase(&self, key: &str) -> bool {
        let words: Vec<&str> = key[1..].split(' ').collect();
        words.len() == 3
            && words.windows(2).any(|w| {
                self.names
                    .get(&format!("\0{} {}", w[0], w[1]))
                    .is_some_and(|s| s.promoted)
            })
    }

    /// Reads article `article` (the caller's number for it, e.g. the store's entry id) of
    /// source `source` and story `story`. Returns `(topic, articles)` pairs to tag: for a name
    /// or keyphrase promoted by this article, every article that used it so far; for one
    /// promoted earlier, this article. Keyphrases come back in sentence case ("Interest
    /// rates").
    pub fn add(
        &mut self,
        article: u64,
        source: u64,
        story: u64,
        title: &str,
        text: &str,
    ) -> Vec<(String, Vec<u64>)> {
        if self.names.len() > MAX_TRACKED {
            self.prune();
        }
        if self.lower.len() > MAX_TRACKED {
            self.lower.retain(|_, n| *n > 1);
        }
        self.articles += 1;
        let generic = GENERIC_MIN.max((self.articles as f64 * GENERIC_SHARE) as usize);
        let lead = lead(text);
        for word in lower_case_words(title, &lead) {
            // Most words are known: counted without making a key.
            match self.lower.get_mut(word) {
                Some(n) => *n += 1,
                None => {
                    self.lower.insert(word.to_owned(), 1);
                }
            }
        }
        let candidates = names_of(title, &lead)
            .into_iter()
            .map(|n| (n, false))
            .chain(
                keyphrases_of(title, &lead)
                    .into_iter()
                    .map(|p| (format!("\0{p}"), true)),
            );
        let mut out: Vec<(String, Vec<u64>)> = Vec::new();
        let mut candidates: Vec<(String, bool)> = candidates.collect();
        // Shorter keyphrases first, so that "interest rates" is promoted before "cut interest
        // rates" could be (a longer phrase holding a promoted one adds nothing).
        candidates.sort_by_key(|(k, phrase)| if *phrase { k.len() } else { 0 });
        for (key, phrase) in candidates {
            if phrase && self.holds_promoted_phrase(&key) {
                continue;
            }
            let capitalised_in = self.names.get(&key).map_or(0, |s| s.count as usize) + 1;
            let common = !phrase && self.common_word(&key.to_lowercase(), capitalised_in);
            let s = self.names.get_or_insert(&key, || Support {
                name: key.as_str().into(),
                phrase,
                ..Support::default()
            });
            if !s.count_article(article, source, story, self.min_sources) {
                continue;
            }
            s.seen_at = u32::try_from(self.articles).unwrap_or(u32::MAX);
            if s.generic {
                continue;
            }
            if common || (s.phrase && s.count as usize > generic) {
                s.generic = true;
                s.earlier = Box::default();
                if s.promoted {
                    self.retracted.push(s.shown());
                }
                continue;
            }
            if s.promoted {
                out.push((s.shown(), vec![article]));
            } else if s.count as usize >= self.min_articles
                && usize::from(s.sources_seen) >= self.min_sources
                && (!s.phrase || s.stories_seen >= 2)
            {
                out.push((s.shown(), s.take_articles()));
                s.promoted = true;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sources of the tests.
    const A: u64 = 101;
    const B: u64 = 102;
    const C: u64 = 103;
    const D: u64 = 104;

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
    fn keyphrases_are_runs_of_content_words_within_a_clause() {
        let k = keyphrases(
            "Interest rates cut as inflation eases",
            "The Bank of Northland cut interest rates on Tuesday, chief executive Ines Calder \
             said. Mortgage holders expect lower interest rates; the waiting list fell last \
             week to 4,000 people.",
        );
        assert_eq!(k[0], "interest rates", "{k:?}");
        assert!(k.contains(&"mortgage holders".to_string()), "{k:?}");
        assert!(k.contains(&"waiting list".to_string()), "{k:?}");
        for not in [
            "chief executive",
            "last week",
            "holders expect",
            "bank",
            "rates on",
            "holders expect lower interest",
        ] {
            assert!(!k.iter().any(|x| x == not), "{not} in {k:?}");
        }
        // Without a part-of-speech model, verbs that can be nouns ("cut") stay in candidates;
        // support across stories and sources decides which candidates become topics.
        assert!(k.contains(&"inflation eases".to_string()), "{k:?}");
        assert!(!k.iter().any(|x| x.contains("eases interest")), "{k:?}");
        assert!(
            !k.iter()
                .any(|x| x.contains("calder") || x.contains("northland"))
        );
    }

    #[test]
    fn names_are_found_without_case_and_shown_as_first_seen() {
        assert!(std::mem::size_of::<Support>() <= 72);
        let mut t = EntityTopics::new(1, 1);
        let s = t.names.get_or_insert("Kestrel Bridge", || Support {
            name: "Kestrel Bridge".into(),
            ..Support::default()
        });
        s.count = 1;
        let again = t.names.get_or_insert("KESTREL BRIDGE", Support::default);
        assert_eq!(again.count, 1, "the same name");
        assert_eq!(again.shown(), "Kestrel Bridge");
        assert!(t.names.get("kestrel bridge").is_some());
        assert!(t.names.get("Kestrel Bridges").is_none());
        let phrase = Support {
            name: "\0interest rates".into(),
            phrase: true,
            ..Support::default()
        };
        assert_eq!(phrase.shown(), "Interest rates");
    }

    #[test]
    fn a_full_names_table_forgets_one_off_names_then_the_least_recent() {
        let mut t = EntityTopics::new(3, 2);
        let mut add = |key: String, count: u32, seen_at: u32| {
            *t.names.get_or_insert(&key, Support::default) = Support {
                name: key.as_str().into(),
                count,
                seen_at,
                ..Support::default()
            };
        };
        for i in 0..=MAX_TRACKED as u32 {
            add(format!("name {i}"), 2, i);
        }
        // Seen once, however recently: forgotten first.
        add("one-off".into(), 1, u32::MAX);
        t.prune();
        assert_eq!(t.names.len(), MAX_TRACKED / 2);
        assert!(t.names.get("one-off").is_none());
        assert!(
            t.names.get("name 0").is_none(),
            "the least recently seen go"
        );
        let newest = format!("name {MAX_TRACKED}");
        assert!(t.names.get(&newest).is_some(), "the most recent stay");
        let oldest_kept = t.names.iter().map(|s| s.seen_at).min().unwrap() as usize;
        assert_eq!(oldest_kept, MAX_TRACKED + 1 - MAX_TRACKED / 2);
        // Every name kept is found again, with its own support, across the pages.
        for i in oldest_kept..=MAX_TRACKED {
            let s = t.names.get(&format!("NAME {i}")).expect("a kept name");
            assert_eq!(s.seen_at as usize, i);
        }
        let kept = t.names.len();
        t.names.get_or_insert(&newest, Support::default).count += 1;
        assert_eq!(t.names.len(), kept, "a kept name is not added twice");
        assert_eq!(t.names.get(&newest).map(|s| s.count), Some(3));
        t.names.get_or_insert("a new name", || Support {
            name: "a new name".into(),
            ..Support::default()
        });
        assert_eq!(t.names.len(), kept + 1);
        assert!(t.names.get("A New Name").is_some());
    }

    #[test]
    fn a_keyphrase_becomes_a_topic_only_across_stories() {
        let mut t = EntityTopics::new(3, 2);
        let text = "Officials said the eastern span will need repairs.";
        assert!(t.add(1, A, 1, "Crack found", text).is_empty());
        assert!(t.add(2, B, 1, "Bridge shut", text).is_empty());
        assert!(
            t.add(3, C, 1, "Repairs begin", text).is_empty(),
            "one story's wording is not a topic"
        );
        let mut t = EntityTopics::new(3, 2);
        let rates = "Lenders said interest rates would fall.";
        assert!(t.add(1, A, 1, "Rate cut", rates).is_empty());
        assert!(t.add(2, B, 1, "Vote split", rates).is_empty());
        let promoted = t.add(3, A, 2, "House prices stall", rates);
        assert_eq!(
            promoted,
            vec![("Interest rates".to_string(), vec![1, 2, 3])]
        );
    }

    #[test]
    fn a_topic_that_turns_out_common_is_retracted() {
        let mut t = EntityTopics::new(3, 2);
        let text = "Officers said the gunshot wound was treated.";
        // Promoted early, across two stories and two outlets...
        assert!(t.add(1, A, 1, "x", text).is_empty());
        assert!(t.add(2, B, 1, "x", text).is_empty());
        let promoted = t.add(3, A, 2, "x", text);
        assert!(
            promoted.iter().any(|(n, _)| n == "Gunshot wound"),
            "{promoted:?}"
        );
        // ... then found in far more than GENERIC_SHARE of all articles.
        let mut i = 4;
        while t.take_retracted().is_empty() {
            t.add(i, C, i, "x", text);
            i += 1;
            assert!(i < 100, "never retracted");
        }
        assert_eq!(
            i as usize,
            GENERIC_MIN + 2,
            "retracted once past GENERIC_MIN articles"
        );
        assert!(
            t.add(999, D, 99, "x", text)
                .iter()
                .all(|(n, _)| n != "Gunshot wound"),
            "a generic topic tags nothing more"
        );
        assert!(t.take_retracted().is_empty(), "reported once");
        // A rare phrase in the same stream is not generic.
        for (id, story) in [(1001, 200), (1002, 201), (1003, 202)] {
            t.add(
                id,
                id,
                story,
                "y",
                "Lenders expect the housing market to cool.",
            );
        }
        assert!(t.take_retracted().is_empty());
    }

    #[test]
    fn capitalised_common_words_are_not_names() {
        let mut t = EntityTopics::new(3, 2);
        // "Police" heads every headline, but the leads write "police" too.
        for (i, src) in [A, B, C, D].into_iter().enumerate() {
            let got = t.add(
                i as u64,
                src,
                i as u64,
                "Detroit man hurt, Police say",
                "The victim told police he was hit in Detroit.",
            );
            assert!(got.iter().all(|(n, _)| n != "Police"), "{got:?}");
            if i == 2 {
                assert!(got.iter().any(|(n, _)| n == "Detroit"), "{got:?}");
            }
        }
    }

    #[test]
    fn a_name_needs_support_from_several_sources() {
        let mut t = EntityTopics::new(3, 2);
        assert!(t.add(1, A, 1, "Kestrel Bridge shut", "").is_empty());
        assert!(
            t.add(2, A, 2, "Kestrel Bridge repairs", "").is_empty(),
            "one source is not enough"
        );
        let promoted = t.add(3, B, 3, "Crack on Kestrel Bridge", "");
        assert_eq!(
            promoted,
            vec![("Kestrel Bridge".to_string(), vec![1, 2, 3])]
        );
        assert_eq!(
            t.add(4, C, 4, "Kestrel Bridge reopens", ""),
            vec![("Kestrel Bridge".to_string(), vec![4])]
        );
        assert!(
            t.add(4, C, 4, "Kestrel Bridge reopens", "").is_empty(),
            "an article counts once"
        );
        assert!(t.add(5, A, 5, "Something else entirely", "").is_empty());
    }
}
