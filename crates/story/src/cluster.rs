//! Online story clustering: articles from different outlets about one event become one story,
//! decided as each article arrives.
//!
//! Method (see `BENCHMARKS.md` for the figures behind each choice):
//! 1. Each article becomes a sparse TF-IDF vector of its title and the start of its body.
//!    Capitalised words (people, places, organisations), pairs of them ("Cerise Avenue") and
//!    numbers weigh more: articles about the same kind of event share their vocabulary, and
//!    only names and numbers tell two events apart. Document frequencies are counted over
//!    every article seen, so rare names are recognised even when the window is nearly empty.
//! 2. Exact and near duplicates (same canonical URL, same text fingerprint, SimHash within a
//!    few bits) join the story of their original and are reported as duplicates.
//! 3. Otherwise the article is compared, through an inverted index, with the articles of the
//!    window. An article published within [`ClusterConfig::link_days`] of it links when the
//!    cosine reaches [`ClusterConfig::threshold`], or [`ClusterConfig::near_name_threshold`]
//!    when both share a rare pair of capitalised words (a person's or a street's name). An
//!    article further apart links only as a follow-up (the arrest, the trial): a cosine of
//!    [`ClusterConfig::followup_threshold`] (rising with the gap), or
//!    [`ClusterConfig::followup_name_threshold`] with one shared rare name, or
//!    [`ClusterConfig::followup_names_threshold`] with two or more. The ages the articles
//!    give their people ("a 20-year-old man") are compared as well: one age in common links a
//!    pair within `link_days` from [`ClusterConfig::age_threshold`]; ages with none in common
//!    (two people, two incidents of one kind) keep a pair without a shared rare name apart below
//!    [`ClusterConfig::age_contradiction_below`], and keep a follow-up apart unless it shares
//!    two rare names. The streets they name ("Cerise Avenue", "the 13500 block of W.
//!    Phillip") are compared the same way, with the story instead of one article: below
//!    [`ClusterConfig::street_contradiction_below`] an article does not join, nor merge, a
//!    story whose articles name only other streets (two shootings on one night in one city
//!    are two stories), and a follow-up naming other streets than its article is another
//!    incident. Two articles of one outlet first lose the terms that outlet
//!    uses in most of its articles (its name, its city, its page furniture), so that an
//!    outlet's reports of different local events do not look alike.
//! 4. The article joins the story of its best link; every other story it links to at
//!    [`ClusterConfig::merge_threshold`] is merged in: the article is the evidence that joins
//!    them. Linking article to article (not to a centroid) lets a story follow its event as
//!    the coverage moves on.
//! 5. Articles older than [`ClusterConfig::retention_days`] before the newest one are evicted
//!    with their index entries, and the earliest added first whenever the window holds
//!    [`ClusterConfig::max_articles`], so memory is bounded by the window whatever the
//!    wire. Document frequencies (global and per outlet) live in tables of bounded size whose
//!    counts are halved when full.
//!
//! State survives a restart in one of two ways. Either serialise the [`Clusterer`] (it is
//! `Serialize` and `Deserialize`; JSON works) and load it on start, which keeps everything,
//! document frequencies included. Or rebuild it: call [`Clusterer::restore`] with each stored
//! article of the last `retention_days` and its stored story id, in `published` order; the
//! stories keep their ids and new articles link to them as before, only the document
//! frequencies restart from those articles.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::dedup::{NEAR_DUPLICATE_BITS, canonical_url, fingerprint_of, simhash_of};
use crate::index::{Index, Part};
use crate::outlet::OutletTerms;
use crate::text::{Marks, Term, Weights, Word, features, features_of, words};

/// An article as the clusterer needs it. `body` is plain text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Doc {
    /// The caller's number for the article, stable across calls: the store's entry id (the
    /// pipeline), or the article's line (`gazette cluster`).
    pub id: u64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// When the article was published. The window follows the newest date seen, so the
    /// caller clamps dates to the time of fetching: one article dated years ahead would
    /// otherwise evict the whole window.
    pub published: DateTime<Utc>,
    /// The outlet (host name or source id): duplicates and stories list their outlets.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub url: String,
}

/// A story's id. Ids are never reused; after a merge the absorbed id is reported once in
/// [`Assignment::merged`] and never returned again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClusterId(pub u64);

impl fmt::Display for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Every tunable of the clusterer, with the defaults measured in `BENCHMARKS.md`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterConfig {
    /// An article joins a story only through an article published at most this many days
    /// before or after it: a story goes quiet after a week without coverage.
    pub link_days: f64,
    /// Articles are kept this many days behind the newest one (for late links, duplicates
    /// and related stories), then evicted. Never less than `link_days`.
    pub retention_days: f64,
    /// Articles kept at most, whatever their age: past it the earliest added are evicted
    /// first (on a live wire, the oldest published). Bounds
    /// the memory on a large wire (about 3.3 KB an article in the pipeline's desk: a
    /// 2,000-outlet wire brings 100,000 articles a week, and 120 days of it would be 1.7
    /// million); a small site never reaches it.
    pub max_articles: usize,
    /// Related stories ([`Clusterer::related`]) come from articles published at most this
    /// many days before or after the article.
    pub related_days: f64,
    /// Smallest cosine between an article and its closest article to join that story.
    pub threshold: f32,
    /// Smallest cosine to a second story for the article to merge that story in.
    pub merge_threshold: f32,
    /// Words of the body analysed (the lead carries the event; page furniture comes last).
    pub body_words: usize,
    /// Terms kept per article (the heaviest).
    pub max_terms: usize,
    /// Count of a title word relative to a body word.
    pub title_weight: f32,
    /// Factor of capitalised words.
    pub name_weight: f32,
    /// Factor of two capitalised words in a row.
    pub name_pair_weight: f32,
    /// Factor of numbers.
    pub number_weight: f32,
    /// Pseudo-count of outlet articles without a term: a term in every article of an outlet
    /// weighs `smoothing / (articles − 1 + smoothing)` of its weight in that outlet's next
    /// article.
    pub outlet_smoothing: f32,
    /// Smallest cosine to link articles further apart than `link_days` (follow-ups: the
    /// arrest, the trial); above 1 turns such links off.
    pub followup_threshold: f32,
    /// Added to `followup_threshold` for each day beyond `link_days`: the older the story,
    /// the more a follow-up must resemble it.
    pub followup_per_day: f32,
    /// Follow-ups also link when they share a rare name pair (seen in at most this many
    /// articles; 0 turns it off) and reach `followup_name_threshold`.
    pub followup_name_df: u32,
    /// While fewer articles than this have been seen the clusterer is cold: a backlog should
    /// be primed ([`Clusterer::prime`]) before it is added.
    pub cold_start_docs: u64,
    /// Smallest cosine of two articles within `link_days` sharing a rare name pair for them
    /// to link (below `threshold`).
    pub near_name_threshold: f32,
    /// Smallest cosine of two articles within `link_days` that give one same age ("a
    /// 20-year-old man") for them to link (below `threshold`).
    pub age_threshold: f32,
    /// Two articles within `link_days` whose ages have none in common and that share no rare
    /// name pair link only from this cosine on.
    pub age_contradiction_below: f32,
    /// Streets named and none in common are two incidents: below this cosine an article
    /// within `link_days` does not join (or merge) a story whose articles name only other
    /// streets unless it shares a rare name pair with the article it links to; a follow-up
    /// never links to an article naming other streets unless they share two (as for ages).
    /// 0 turns both off.
    pub street_contradiction_below: f32,
    /// Smallest cosine of a follow-up sharing two rare name pairs or more.
    pub followup_names_threshold: f32,
    /// Smallest cosine of a follow-up sharing a rare name pair.
    pub followup_name_threshold: f32,
    /// The story in this place of an article's ranking of stories (0 is the closest) stands
    /// for the crowd of look-alikes: on a dense wire, an article about a flood is close to
    /// every other flood's story, and a weak link must stand out from them (`crowd_margin`).
    pub crowd_rank: usize,
    /// A link scoring below `crowd_below` counts only when it beats the story in place
    /// `crowd_rank` by this much; 0 turns the rule off.
    pub crowd_margin: f32,
    pub crowd_below: f32,
    /// Posting lists longer than this are not scanned for candidates (see `max_candidates`).
    pub max_postings: usize,
    /// Candidates rescored exactly when a long posting list was skipped.
    pub max_candidates: usize,
    /// Terms in more than this share of all articles seen are ignored.
    pub max_df: f32,
    /// Document frequencies are kept for at most this many terms; past it, all counts are
    /// halved (terms seen once are forgotten).
    pub max_vocabulary: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            link_days: 7.0,
            retention_days: 120.0,
            max_articles: 150_000,
            related_days: 30.0,
            threshold: 0.17,
            merge_threshold: 0.35,
            body_words: 600,
            max_terms: 48,
            title_weight: 1.0,
            name_weight: 1.5,
            name_pair_weight: 1.5,
            number_weight: 1.2,
            outlet_smoothing: 3.0,
            followup_threshold: 0.3,
            followup_per_day: 0.01,
            followup_name_df: 2,
            cold_start_docs: 500,
            followup_name_threshold: 0.5,
            followup_names_threshold: 0.3,
            near_name_threshold: 0.05,
            age_threshold: 0.1,
            age_contradiction_below: 0.2,
            street_contradiction_below: 0.5,
            crowd_rank: 4,
            crowd_margin: 0.15,
            crowd_below: 0.4,
            max_postings: 1000,
            max_candidates: 200,
            max_df: 0.5,
            max_vocabulary: 1_000_000,
        }
    }
}

/// What happened to an added article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The article's story.
    pub cluster: ClusterId,
    /// The id of the article it duplicates (same canonical URL, same text, or a near copy):
    /// show it once, listing both outlets.
    pub duplicate_of: Option<u64>,
    /// Stories merged into `cluster` because of this article: the caller re-labels their
    /// articles.
    pub merged: Vec<ClusterId>,
    /// True when the article started a new story.
    pub new_cluster: bool,
}

/// Another story related to an article, from [`Clusterer::related`].
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// The closest article of that story.
    pub id: u64,
    pub cluster: ClusterId,
    /// Cosine similarity, in `0..=1`.
    pub score: f32,
}

/// A story as the clusterer currently holds it (articles of the window only).
#[derive(Debug, Clone, PartialEq)]
pub struct StoryView<'a> {
    pub cluster: ClusterId,
    /// Article ids in the order they were added.
    pub articles: Vec<u64>,
    /// Distinct outlets, in order of first appearance.
    pub sources: Vec<&'a str>,
    pub first_published: DateTime<Utc>,
    pub last_published: DateTime<Utc>,
}

/// An article held in the window: what the engine keeps of a [`Doc`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Held {
    id: u64,
    /// Its outlet's number in [`Clusterer::outlets`], [`NO_OUTLET`] when it has none.
    source: u32,
    published: i64,
    cluster: ClusterId,
    /// Rare name pairs of the article (document frequency at most `followup_name_df` when
    /// it was added), sorted: the evidence for follow-ups.
    names: Box<[Term]>,
    /// The ages it gives its people: one in common is evidence of one incident, none in
    /// common evidence of two.
    #[serde(default)]
    ages: Marks,
    /// The streets it names: none in common is evidence of two incidents.
    #[serde(default)]
    streets: Marks,
    url_key: u64,
    fingerprint: u64,
    simhash: u64,
    /// Duplicates are not indexed: their original stands for them.
    indexed: bool,
}

/// A story as the engine holds it (see [`ClusterId`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Cluster {
    /// Sequence numbers of its articles in the window.
    members: Vec<Seq>,
    /// Shaped by an editor ([`Clusterer::place`], [`Clusterer::pin`]): never merged with
    /// another story by the engine (new articles still join it).
    #[serde(default)]
    pinned: bool,
    /// The streets its articles name, kept as they join, merge and leave (gathered from the
    /// members for every candidate story, it was 8% of the clusterer's time on a wire). A
    /// state saved before streets were read loads without them: the rule is then silent for
    /// those stories until they change.
    #[serde(default)]
    streets: Marks,
}

impl Cluster {
    /// Adds an article of the window.
    fn join(&mut self, seq: Seq, streets: Marks) {
        self.members.push(seq);
        self.streets = self.streets.union(streets);
    }

    /// Takes in the articles of a story merged into this one.
    fn absorb(&mut self, other: Cluster) {
        self.members.extend(other.members);
        self.streets = self.streets.union(other.streets);
    }

    /// Removes an article; the streets are gathered again from the others.
    fn leave(&mut self, seq: Seq, entries: &FastMap<Seq, Held>) {
        self.members.retain(|m| *m != seq);
        self.streets = self
            .members
            .iter()
            .filter_map(|m| entries.get(m))
            .fold(Marks::default(), |u, e| u.union(e.streets));
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Outlet {
    name: Box<str>,
    docs: u32,
    df: OutletTerms,
}

/// The outlet number of an article without an outlet.
const NO_OUTLET: u32 = u32::MAX;

/// Halves document frequencies and their article count, forgetting terms that fall to 0:
/// the table then holds an exponentially decayed count, bounded in size, in which recent
/// habits weigh more than old ones.
fn decay(df: &mut FastMap<Term, u32>, docs: &mut u64) {
    df.retain(|_, n| {
        *n /= 2;
        *n > 0
    });
    *docs = (*docs / 2).max(1);
}

/// The online clusterer. Add articles roughly in publication order with [`Clusterer::add`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Clusterer {
    cfg: ClusterConfig,
    next_seq: Seq,
    /// No article of the window has a sequence number below this one.
    low_seq: Seq,
    next_cluster: u64,
    /// Articles in the window, by sequence number.
    entries: FastMap<Seq, Held>,
    by_id: FastMap<u64, Seq>,
    /// Sequence numbers in order of publication, for eviction.
    timeline: BTreeSet<(i64, Seq)>,
    newest: i64,
    stories: FastMap<ClusterId, Cluster>,
    /// term → (seq, weight) of indexed articles, in order of sequence number; entries of
    /// evicted articles are removed lazily (they are skipped when met).
    index: Index,
    /// Document frequency of each term over all articles seen.
    df: FastMap<Term, u32>,
    docs_seen: u64,
    /// Per outlet: articles seen and document frequencies of their terms.
    outlets: Vec<Outlet>,
    /// Outlet name → its number in `outlets`.
    outlet_ids: HashMap<Box<str>, u32>,
    exact: FastMap<u64, Seq>,
    /// Canonical URL hash → sequence number.
    urls: FastMap<u64, Seq>,
    /// SimHash split in eight 8-bit bands: two hashes within 7 bits agree on one band.
    bands: [FastMap<u8, Vec<Seq>>; 8],
    /// The SimHash of each sequence number from `low_seq` to `next_seq` (an evicted one's
    /// stays until the low end passes it). A band's list holds hundreds of articles on a
    /// large window; the near-duplicate check reads their hashes here, eight bytes each in
    /// order, instead of in the articles' table (a cache miss each).
    #[serde(skip)]
    sims: VecDeque<u64>,
    /// Ids of articles counted by [`Clusterer::prime`] and not added yet.
    #[serde(default)]
    primed: std::collections::HashSet<u64, BuildHasherDefault<MixHasher>>,
    /// Document frequencies of the primed articles not added yet: subtracted when judging
    /// whether a name is rare.
    #[serde(default)]
    primed_df: FastMap<Term, u32>,
    /// The article linked last and the similarities found then (at or above the linking
    /// floor), for [`Clusterer::related_of_added`].
    #[serde(skip)]
    linked: Option<(Seq, Vec<(Seq, f32)>)>,
    /// Indexed articles evicted since the posting lists were last swept.
    #[serde(default)]
    stale: usize,
}

/// How many stored articles the pipeline clusters at a time (and `gazette cluster` reads at a
/// time): the most a cold engine primes at once.
pub const BACKLOG_BATCH: usize = 500;

/// Articles primed and not added yet, at most (a backlog is clustered in batches far smaller).
const MAX_PRIMED: usize = 100_000;

const DAY: f64 = 86_400.0;

/// A term or an article with a weight of a normalised vector, to 1/65,535: six bytes where a
/// `(u32, f32)` pair takes eight. Every weight is rounded so, whether it is an article's being
/// added or one held in the index (whose postings, `index::Posting`, keep the same 16 bits);
/// the rounding moves a cosine by less than 10⁻⁴.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(from = "(u32, u16)", into = "(u32, u16)")]
#[repr(C, packed(2))]
pub(crate) struct Weighted {
    key: u32,
    weight: u16,
}

impl Weighted {
    pub(crate) fn new(key: u32, weight: f32) -> Self {
        Weighted {
            key,
            weight: (weight.clamp(0.0, 1.0) * 65_535.0).round() as u16,
        }
    }

    pub(crate) fn key(self) -> u32 {
        self.key
    }

    /// The weight as stored, in 65,535ths.
    pub(crate) fn weight_bits(self) -> u16 {
        self.weight
    }

    pub(crate) fn weight(self) -> f32 {
        f32::from(self.weight) * (1.0 / 65_535.0)
    }
}

impl fmt::Debug for Weighted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.key(), self.weight())
    }
}

impl From<(u32, u16)> for Weighted {
    fn from((key, weight): (u32, u16)) -> Self {
        Weighted { key, weight }
    }
}

impl From<Weighted> for (u32, u16) {
    fn from(w: Weighted) -> Self {
        (w.key, w.weight)
    }
}

/// A term and its weight, however stored.
trait TermWeight: Copy {
    fn term(self) -> Term;
    fn weight(self) -> f32;
}

impl TermWeight for (Term, f32) {
    fn term(self) -> Term {
        self.0
    }
    fn weight(self) -> f32 {
        self.1
    }
}

impl TermWeight for Weighted {
    fn term(self) -> Term {
        self.key()
    }
    fn weight(self) -> f32 {
        Weighted::weight(self)
    }
}

/// The number an article has in the window. It wraps after 2³² additions, which is harmless:
/// no window holds anywhere near that many articles.
pub(crate) type Seq = u32;

/// A hasher for keys that are numbers (term hashes, sequence numbers, story ids): one
/// SplitMix64 finaliser instead of SipHash, which the hot loops would otherwise spend most of
/// their time in. The keys are not attacker-chosen in a way that matters: a flood of
/// colliding terms only slows clustering down.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }

    fn write_u64(&mut self, x: u64) {
        let mut z = (self.0 ^ x).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        self.0 = z ^ (z >> 31);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;

/// Bodies shorter than this many words are never text duplicates (only URL duplicates).
const MIN_DUPLICATE_WORDS: usize = 50;

impl Clusterer {
    pub fn new(cfg: ClusterConfig) -> Self {
        Clusterer {
            cfg,
            next_seq: 0,
            low_seq: 0,
            next_cluster: 1,
            entries: FastMap::default(),
            by_id: FastMap::default(),
            timeline: BTreeSet::new(),
            newest: i64::MIN,
            stories: FastMap::default(),
            index: Index::default(),
            df: FastMap::default(),
            docs_seen: 0,
            outlets: Vec::new(),
            outlet_ids: HashMap::new(),
            exact: FastMap::default(),
            urls: FastMap::default(),
            bands: Default::default(),
            sims: VecDeque::new(),
            primed: Default::default(),
            primed_df: Default::default(),
            linked: None,
            stale: 0,
        }
    }

    pub fn config(&self) -> &ClusterConfig {
        &self.cfg
    }

    /// Number of articles held in the window.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Articles counted into the document frequencies (added or primed; halved with the
    /// tables when they fill up).
    pub fn articles_seen(&self) -> u64 {
        self.docs_seen
    }

    /// Gives back the room the window's lists grew into (they double as they fill): for after
    /// a rebuild, when no list is about to grow much.
    pub fn compact(&mut self) {
        self.index.compact();
        for story in self.stories.values_mut() {
            story.members.shrink_to_fit();
        }
        for band in &mut self.bands {
            for list in band.values_mut() {
                list.shrink_to_fit();
            }
        }
        self.entries.shrink_to_fit();
        self.by_id.shrink_to_fit();
        self.sims.shrink_to_fit();
    }

    /// Estimated heap bytes of each of the window's structures (see `heap.rs`).
    pub fn heap_report(&self) -> Vec<crate::HeapLine> {
        use crate::heap;
        let line = |what, count, bytes| crate::HeapLine { what, count, bytes };
        let names: usize = self.entries.values().map(|e| heap::slice(&e.names)).sum();
        let (index_terms, posting_count, postings) = self.index.heap();
        let members: usize = self.stories.values().map(|s| heap::vec(&s.members)).sum();
        let (mut counted, mut counted_bytes, mut seen_bytes) = (0, 0, 0);
        for o in &self.outlets {
            let (n, counts, seen) = o.df.census();
            counted += n;
            counted_bytes += counts;
            seen_bytes += seen;
        }
        let outlet_names: usize = self.outlets.iter().map(|o| heap::text(&o.name)).sum();
        let bands: usize = self
            .bands
            .iter()
            .map(|b| heap::map(b) + b.values().map(heap::vec).sum::<usize>())
            .sum::<usize>()
            + self.sims.capacity() * std::mem::size_of::<u64>();
        vec![
            line(
                "articles (table)",
                self.entries.len(),
                heap::map(&self.entries),
            ),
            line("article ids", self.entries.len(), heap::map(&self.by_id)),
            line("article name pairs", self.entries.len(), names),
            line("timeline", self.timeline.len(), heap::btree(&self.timeline)),
            line("postings (terms)", self.index.term_slots(), index_terms),
            line("postings", posting_count, postings),
            line(
                "stories",
                self.stories.len(),
                heap::map(&self.stories) + members,
            ),
            line("term frequencies", self.df.len(), heap::map(&self.df)),
            line(
                "outlets",
                self.outlets.len(),
                heap::vec(&self.outlets) + heap::map(&self.outlet_ids) + outlet_names,
            ),
            line("outlets' terms counted", counted, counted_bytes),
            line("outlets' terms seen", self.outlets.len(), seen_bytes),
            line(
                "duplicates (exact, url)",
                self.exact.len() + self.urls.len(),
                heap::map(&self.exact) + heap::map(&self.urls),
            ),
            line("near-duplicate bands", 8, bands),
            line(
                "primed",
                self.primed.len(),
                heap::set(&self.primed) + heap::map(&self.primed_df),
            ),
        ]
    }

    /// Adds an article and returns its story. Adding an id already in the window returns its
    /// current story and changes nothing.
    pub fn add(&mut self, doc: &Doc) -> Assignment {
        self.insert(doc, None)
    }

    /// Puts back an article whose story is already known (stored), without deciding
    /// anything: how the pipeline rebuilds the window on start, calling it for the stored
    /// articles of the last `retention_days` in `published` order, each with its stored
    /// story id. Later [`Clusterer::add`] calls never reuse those ids. Returns `cluster`
    /// (or the article's story when its id is already in the window).
    pub fn restore(&mut self, doc: &Doc, cluster: ClusterId) -> ClusterId {
        self.next_cluster = self.next_cluster.max(cluster.0.saturating_add(1));
        self.insert(doc, Some(cluster)).cluster
    }

    fn insert(&mut self, doc: &Doc, known: Option<ClusterId>) -> Assignment {
        if let Some(c) = self.cluster_of(doc.id) {
            return Assignment {
                cluster: c,
                duplicate_of: None,
                merged: Vec::new(),
                new_cluster: false,
            };
        }
        let published = doc.published.timestamp();
        if published > self.newest {
            self.newest = published;
            self.evict();
        } else if self.entries.len() >= self.cfg.max_articles.max(1) {
            self.evict();
        }
        self.sync_sims();
        let seq = self.next_seq;
        self.next_seq = self.next_seq.wrapping_add(1);

        let url_key = if doc.url.trim().is_empty() {
            0
        } else {
            crate::text::hash_str(&canonical_url(&doc.url))
        };
        // Short texts (error pages, teasers) are too alike to call copies of each other.
        let long_enough = doc
            .body
            .split_whitespace()
            .take(MIN_DUPLICATE_WORDS)
            .count()
            >= MIN_DUPLICATE_WORDS;
        // The words are read once for everything derived from them.
        let (title_words, body_words) = (words(&doc.title), words(&doc.body));
        let fingerprint = if long_enough {
            fingerprint_of(&body_words)
        } else {
            0
        };
        let sim = simhash_of(&body_words);
        let counted = self.primed.remove(&doc.id);
        let terms = self.vectorise(&title_words, &body_words, &doc.source, counted);
        let crate::text::Evidence {
            names: pairs,
            ages,
            streets,
        } = crate::text::evidence_of(&title_words, &body_words, self.cfg.body_words);
        drop((title_words, body_words));
        let names: Vec<Term> = if self.cfg.followup_name_df > 0 {
            pairs
                .into_iter()
                .filter(|h| {
                    self.df.get(h).is_some_and(|n| {
                        // Saturating: the tables halve their counts when full, the pending
                        // counts do not.
                        n.saturating_sub(self.primed_df.get(h).copied().unwrap_or(0))
                            <= self.cfg.followup_name_df
                    })
                })
                .collect()
        } else {
            Vec::new()
        };

        let original = match known {
            Some(_) => None,
            None => self.find_duplicate(url_key, fingerprint, sim, published),
        };
        let (cluster, merged, new_cluster, duplicate_of) = match (known, original) {
            (Some(c), _) => (c, Vec::new(), false, None),
            (None, Some(orig)) => {
                // A copy is not indexed (its original stands for it), so its vector is not
                // kept: what it is related to is found now.
                self.linked = Some((seq, self.scores(&terms, self.link_floor())));
                let e = &self.entries[&orig];
                (e.cluster, Vec::new(), false, Some(e.id))
            }
            (None, None) => {
                let (c, m, n, scored) = self.link(&terms, &names, ages, streets, published);
                self.linked = Some((seq, scored));
                (c, m, n, None)
            }
        };
        let indexed = duplicate_of.is_none();
        if indexed {
            self.index.add(seq, &terms);
            if fingerprint != 0 {
                self.exact.entry(fingerprint).or_insert(seq);
                for (b, band) in self.bands.iter_mut().enumerate() {
                    band.entry((sim >> (8 * b)) as u8).or_default().push(seq);
                }
            }
        }
        if url_key != 0 {
            self.urls.entry(url_key).or_insert(seq);
        }
        self.stories.entry(cluster).or_default().join(seq, streets);
        self.timeline.insert((published, seq));
        self.by_id.insert(doc.id, seq);
        let source = if doc.source.is_empty() {
            NO_OUTLET
        } else {
            self.outlet_id(&doc.source)
        };
        self.entries.insert(
            seq,
            Held {
                id: doc.id,
                source,
                published,
                cluster,
                names: names.into(),
                ages,
                streets,
                url_key,
                fingerprint,
                simhash: sim,
                indexed,
            },
        );
        self.sims.push_back(sim);
        Assignment {
            cluster,
            duplicate_of,
            merged,
            new_cluster,
        }
    }

    /// An editor's decision: moves an article of the window into story `target` (a story of
    /// its own when `None`, or when `target` is not in the window) and pins the story it lands
    /// in, so that the engine never merges it with another. Returns that story, `None` when the
    /// article is not in the window.
    pub fn place(&mut self, id: u64, target: Option<ClusterId>) -> Option<ClusterId> {
        let seq = *self.by_id.get(&id)?;
        let from = self.entries[&seq].cluster;
        let to = match target.filter(|t| self.stories.contains_key(t)) {
            Some(t) => t,
            None => {
                let c = ClusterId(self.next_cluster);
                self.next_cluster += 1;
                c
            }
        };
        if from != to {
            if let Some(story) = self.stories.get_mut(&from) {
                story.leave(seq, &self.entries);
                if story.members.is_empty() {
                    self.stories.remove(&from);
                }
            }
            let streets = self.entries[&seq].streets;
            self.stories.entry(to).or_default().join(seq, streets);
            if let Some(e) = self.entries.get_mut(&seq) {
                e.cluster = to;
            }
        }
        self.pin(to);
        Some(to)
    }

    /// Pins a story (an editor shaped it): the engine never merges it with another.
    pub fn pin(&mut self, cluster: ClusterId) {
        if let Some(story) = self.stories.get_mut(&cluster) {
            story.pinned = true;
        }
    }

    /// The current story of an article in the window (after merges), `None` once evicted.
    pub fn cluster_of(&self, id: u64) -> Option<ClusterId> {
        self.by_id.get(&id).map(|s| self.entries[s].cluster)
    }

    /// The articles and outlets of a story, from the window.
    pub fn story(&self, cluster: ClusterId) -> Option<StoryView<'_>> {
        let story = self.stories.get(&cluster)?;
        let mut articles = Vec::new();
        let mut sources: Vec<&str> = Vec::new();
        let mut first = i64::MAX;
        let mut last = i64::MIN;
        for s in &story.members {
            let e = &self.entries[s];
            articles.push(e.id);
            if let Some(o) = self.outlets.get(e.source as usize)
                && !sources.contains(&&*o.name)
            {
                sources.push(&o.name);
            }
            first = first.min(e.published);
            last = last.max(e.published);
        }
        Some(StoryView {
            cluster,
            articles,
            sources,
            first_published: DateTime::from_timestamp(first, 0).unwrap_or_default(),
            last_published: DateTime::from_timestamp(last, 0).unwrap_or_default(),
        })
    }

    /// The stories most similar to an article, best first: one entry per story, never the
    /// article's own story (which holds its duplicates), from the articles of the window
    /// published within [`ClusterConfig::related_days`] of it.
    ///
    /// The window keeps no vector per article (its postings are its vector), so this one is
    /// read back from the index, a scan of every posting list: for tools and tests. The story
    /// desk asks [`Clusterer::related_of_added`], which needs no scan.
    pub fn related(&self, id: u64, limit: usize) -> Vec<Related> {
        let Some(seq) = self.by_id.get(&id) else {
            return Vec::new();
        };
        let e = &self.entries[seq];
        self.rank_related(e, self.scores(&self.vector_of(*seq), 0.0), limit)
    }

    /// The vector of an indexed article of the window, read back from the posting lists
    /// (sorted by term; empty for a copy, which is not indexed).
    fn vector_of(&self, seq: Seq) -> Vec<Weighted> {
        self.index.vector_of(seq)
    }

    /// [`Clusterer::related`] for the article [`Clusterer::add`]ed last, those scoring at least
    /// `min_score`, from the similarities computed when it was linked instead of a second scan
    /// of the window (the story desk asks this of every new article). The same stories as
    /// `related` keeps at that score, but for the rare candidate beyond the scan's cap. Falls
    /// back to `related` for an article not linked by the last `add` (a duplicate, a restored
    /// one) or a `min_score` under the linking floor.
    pub fn related_of_added(&self, id: u64, limit: usize, min_score: f32) -> Vec<Related> {
        let Some(seq) = self.by_id.get(&id) else {
            return Vec::new();
        };
        let mut out = match &self.linked {
            Some((linked, scored)) if linked == seq && min_score >= self.link_floor() => {
                let e = &self.entries[seq];
                let scored = scored.iter().copied().filter(|(_, s)| *s >= min_score);
                self.rank_related(e, scored, limit)
            }
            _ => self.related(id, limit),
        };
        out.retain(|r| r.score >= min_score);
        out
    }

    fn rank_related(
        &self,
        e: &Held,
        scores: impl IntoIterator<Item = (Seq, f32)>,
        limit: usize,
    ) -> Vec<Related> {
        let span = (self.cfg.related_days * DAY) as i64;
        let mut best: HashMap<ClusterId, (Seq, f32)> = HashMap::new();
        for (s, score) in scores {
            let Some(other) = self.entries.get(&s) else {
                continue;
            };
            let c = other.cluster;
            if c == e.cluster || (other.published - e.published).abs() > span {
                continue;
            }
            let slot = best.entry(c).or_insert((s, score));
            if score > slot.1 {
                *slot = (s, score);
            }
        }
        let mut out: Vec<Related> = best
            .into_iter()
            .map(|(cluster, (s, score))| Related {
                id: self.entries[&s].id,
                cluster,
                score: score.min(1.0),
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        out.truncate(limit);
        out
    }

    /// Cosine similarity of two articles in the window (0 when either is unknown).
    /// Like [`Clusterer::related`], it reads both vectors back from the index: for tools.
    pub fn similarity(&self, a: u64, b: u64) -> f32 {
        match (self.by_id.get(&a), self.by_id.get(&b)) {
            (Some(x), Some(y)) => dot(&self.vector_of(*x), &self.vector_of(*y)),
            _ => 0.0,
        }
    }

    fn weights(&self) -> Weights {
        Weights {
            title: self.cfg.title_weight,
            name: self.cfg.name_weight,
            name_pair: self.cfg.name_pair_weight,
            number: self.cfg.number_weight,
        }
    }

    /// Counts an article's features into the document frequencies, global and of its outlet.
    /// The number of the outlet named `source` (not empty), a new one for a new name.
    fn outlet_id(&mut self, source: &str) -> u32 {
        if let Some(i) = self.outlet_ids.get(source) {
            return *i;
        }
        let i = self.outlets.len() as u32;
        self.outlets.push(Outlet {
            name: source.into(),
            ..Outlet::default()
        });
        self.outlet_ids.insert(source.into(), i);
        i
    }

    fn count(&mut self, raw: &[(Term, f32)], source: &str) {
        self.docs_seen += 1;
        for (t, _) in raw {
            *self.df.entry(*t).or_insert(0) += 1;
        }
        if self.df.len() > self.cfg.max_vocabulary {
            decay(&mut self.df, &mut self.docs_seen);
        }
        // The outlet's own habits: terms in most of its articles (its name, its city, its
        // page furniture) say which outlet wrote an article, not which event it reports.
        if !source.is_empty() {
            let i = self.outlet_id(source);
            let o = &mut self.outlets[i as usize];
            o.docs += 1;
            o.df.count(raw);
            if o.df.len() > OutletTerms::MAX_TERMS {
                let mut docs = u64::from(o.docs);
                o.df.decay(&mut docs);
                o.docs = docs as u32;
            }
        }
    }

    /// Counts an article that is already at hand into the document frequencies ahead of its
    /// [`Clusterer::add`] (which then does not count it again).
    ///
    /// For the backlog of a cold clusterer ([`Clusterer::is_cold`]): when a first poll brings
    /// hundreds of articles, priming them all first gives the first decisions word weights
    /// from the whole backlog instead of from the handful of articles before them, where
    /// every word looks rare and unrelated stories look alike. Only the weights: whether a
    /// name is rare (the evidence of the name rules) is still judged on the articles added so
    /// far, or one event's coverage in the backlog would make its own names look common.
    /// Priming a warm clusterer's batches does not help (measured in `BENCHMARKS.md`).
    /// `gazette cluster` ([`crate::run_jsonl`]) reads its file in the pipeline's batches and
    /// primes the same way; adding articles one by one without priming stays strictly online.
    pub fn prime(&mut self, doc: &Doc) {
        if self.by_id.contains_key(&doc.id)
            || self.primed.len() >= MAX_PRIMED
            || !self.primed.insert(doc.id)
        {
            return;
        }
        let raw = features(&doc.title, &doc.body, self.cfg.body_words, &self.weights());
        self.count(&raw, &doc.source);
        for (t, _) in &raw {
            *self.primed_df.entry(*t).or_insert(0) += 1;
        }
    }

    /// The start of every batch of a backlog ([`BACKLOG_BATCH`] articles at a time, about to
    /// be [`Clusterer::add`]ed in order): while the engine is cold ([`Clusterer::is_cold`]) the
    /// whole batch is [`Clusterer::prime`]d first; a warm engine takes it as it comes. The one
    /// cold-start protocol of the story desk and `gazette cluster`.
    pub fn begin_batch<'a>(&mut self, docs: impl IntoIterator<Item = &'a Doc>) {
        if self.is_cold() {
            for doc in docs {
                self.prime(doc);
            }
        }
    }

    /// Whether the clusterer has seen too few articles for its document frequencies to mean
    /// much ([`ClusterConfig::cold_start_docs`]): the time to [`Clusterer::prime`] a backlog.
    pub fn is_cold(&self) -> bool {
        self.docs_seen < self.cfg.cold_start_docs
    }

    /// The article's TF-IDF vector: normalised, sorted by term. Updates the document
    /// frequencies with the article first unless it was `counted` already ([`Self::prime`]).
    fn vectorise(
        &mut self,
        title: &[Word],
        body: &[Word],
        source: &str,
        counted: bool,
    ) -> Vec<(Term, f32)> {
        let raw = features_of(title, body, self.cfg.body_words, &self.weights());
        if counted {
            // Counted when primed: it is no longer pending.
            for (t, _) in &raw {
                if let Some(n) = self.primed_df.get_mut(t) {
                    *n -= 1;
                    if *n == 0 {
                        self.primed_df.remove(t);
                    }
                }
            }
        } else {
            self.count(&raw, source);
        }
        let smoothing = self.cfg.outlet_smoothing;
        let outlet = (!source.is_empty())
            .then(|| self.outlet_ids.get(source))
            .flatten()
            .map(|i| &self.outlets[*i as usize])
            .filter(|o| o.docs > 1);
        let outlet_factor = |t: &Term| -> f32 {
            match outlet {
                Some(o) => {
                    let docs = o.docs;
                    let others = o.df.get(*t).unwrap_or(1).saturating_sub(1) as f32;
                    (1.0 - others / (docs as f32 - 1.0 + smoothing)).max(0.0)
                }
                _ => 1.0,
            }
        };
        let n = self.docs_seen as f32;
        let max_df = (self.cfg.max_df * n).max(2.0);
        let weigh = |raw: Vec<(Term, f32)>, max_terms: usize| {
            let mut v: Vec<(Term, f32)> = raw
                .into_iter()
                .filter_map(|(t, tf)| {
                    let df = self.df.get(&t).copied().unwrap_or(1) as f32;
                    if df > max_df {
                        return None;
                    }
                    let idf = ((n + 1.0) / df).ln() * outlet_factor(&t);
                    (idf > 0.0).then_some((t, tf * idf))
                })
                .collect();
            if v.len() > max_terms {
                v.select_nth_unstable_by(max_terms, |a, b| b.1.total_cmp(&a.1));
                v.truncate(max_terms);
            }
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                // Rounded as the window stores it (`Weighted`), so that an article scores
                // the same whether it is the one being added or one already held.
                v.iter_mut()
                    .for_each(|(t, w)| *w = Weighted::new(*t, *w / norm).weight());
            }
            v.sort_unstable_by_key(|(t, _)| *t);
            // The vector was collected in place from all the article's terms: give back the
            // room of the dropped ones, since it is kept for the whole window.
            v.shrink_to_fit();
            v
        };
        weigh(raw, self.cfg.max_terms)
    }

    /// Dot products of a vector with every indexed article sharing a term.
    ///
    /// Candidates come from the terms whose posting lists are at most `max_postings` long
    /// (common terms would make every addition scan the whole window); when a term was
    /// skipped, the `max_candidates` best candidates are rescored exactly.
    ///
    /// Scores accumulate in a dense array over the window's sequence numbers
    /// (`low_seq..next_seq`), not in a hash map: this loop is most of the clusterer's time.
    fn scores<T: TermWeight>(&self, terms: &[T], min_score: f32) -> Vec<(Seq, f32)> {
        let base = self.low_seq;
        let range = self.next_seq.wrapping_sub(base) as usize;
        let mut acc = vec![0.0f32; range];
        let mut touched: Vec<Seq> = Vec::new();
        // Every term's lists (a part in each segment of the index that has the term) are
        // looked up first: the lookups do not wait for each other.
        let mut parts: Vec<(usize, Part<'_>)> = Vec::with_capacity(terms.len() * 4);
        for (k, tw) in terms.iter().enumerate() {
            parts.extend(self.index.parts(tw.term()).map(|l| (k, l)));
        }
        let mut lens = vec![0usize; terms.len()];
        for (k, l) in &parts {
            lens[*k] += l.list.len();
        }
        // Long lists passed over: read only for the best candidates.
        let long = |k: usize| lens[k] > self.cfg.max_postings;
        let mut skipped = false;
        for (k, part) in &parts {
            if long(*k) {
                skipped = true;
                continue;
            }
            let w = terms[*k].weight();
            for p in part.list {
                let s = part.seq(*p);
                let i = s.wrapping_sub(base) as usize;
                if i >= range {
                    continue; // evicted before the current low end
                }
                if acc[i] == 0.0 {
                    touched.push(s);
                }
                acc[i] += w * p.weight();
            }
        }
        let mut ranked: Vec<(Seq, f32)> = touched
            .into_iter()
            .map(|s| (s, acc[s.wrapping_sub(base) as usize]))
            .collect();
        if skipped {
            if ranked.len() > self.cfg.max_candidates {
                ranked.select_nth_unstable_by(self.cfg.max_candidates, |a, b| b.1.total_cmp(&a.1));
                ranked.truncate(self.cfg.max_candidates);
            }
            let long_parts: Vec<(usize, Part<'_>)> =
                parts.into_iter().filter(|(k, _)| long(*k)).collect();
            // The exact cosine: what the long lists add, found in them term by term. A list
            // is in order of sequence number: each is walked once, the candidates taken in
            // that order too.
            ranked.retain(|(s, _)| self.entries.contains_key(s));
            let mut order: Vec<(Seq, usize)> = ranked
                .iter()
                .enumerate()
                .map(|(i, (s, _))| (*s, i))
                .collect();
            order.sort_unstable_by_key(|(s, _)| s.wrapping_sub(base));
            let mut rest = vec![0.0f32; ranked.len()];
            for (k, part) in &long_parts {
                let w = terms[*k].weight();
                part.find_each(&order, |i, p| rest[i] += w * p.weight());
            }
            return ranked
                .into_iter()
                .zip(rest)
                .map(|((s, partial), rest)| (s, partial + rest))
                .filter(|(_, score)| *score >= min_score)
                .collect();
        }
        ranked.retain(|(s, score)| *score >= min_score && self.entries.contains_key(s));
        ranked
    }

    fn find_duplicate(
        &self,
        url_key: u64,
        fingerprint: u64,
        sim: u64,
        _published: i64,
    ) -> Option<Seq> {
        if url_key != 0
            && let Some(s) = self.urls.get(&url_key)
            && self.entries.contains_key(s)
        {
            return Some(*s);
        }
        if fingerprint == 0 {
            return None;
        }
        if let Some(s) = self.exact.get(&fingerprint)
            && self.entries.contains_key(s)
        {
            return Some(*s);
        }
        for (b, band) in self.bands.iter().enumerate() {
            if let Some(list) = band.get(&((sim >> (8 * b)) as u8)) {
                for s in list {
                    let i = s.wrapping_sub(self.low_seq) as usize;
                    if self
                        .sims
                        .get(i)
                        .is_some_and(|h| (h ^ sim).count_ones() <= NEAR_DUPLICATE_BITS)
                        && self.entries.contains_key(s)
                    {
                        return Some(*s);
                    }
                }
            }
        }
        None
    }

    /// Makes `sims` start at `low_seq` and end at `next_seq`: drops the hashes the low end
    /// has passed, or rebuilds them from the window (after a state is loaded).
    fn sync_sims(&mut self) {
        let range = self.next_seq.wrapping_sub(self.low_seq) as usize;
        if self.sims.len() > range {
            self.sims.drain(..self.sims.len() - range);
        } else if self.sims.len() < range {
            self.sims = (0..range)
                .map(|i| {
                    let s = self.low_seq.wrapping_add(i as Seq);
                    self.entries.get(&s).map_or(0, |e| e.simhash)
                })
                .collect();
        }
    }

    /// The streets the articles of a story name.
    fn story_streets(&self, c: ClusterId) -> Marks {
        self.stories
            .get(&c)
            .map_or(Marks::default(), |story| story.streets)
    }

    /// The least similarity any rule links two articles at.
    fn link_floor(&self) -> f32 {
        self.cfg
            .threshold
            .min(self.cfg.near_name_threshold)
            .min(self.cfg.age_threshold)
            .min(self.cfg.followup_threshold)
            .min(self.cfg.followup_name_threshold)
            .min(self.cfg.merge_threshold)
    }

    /// Chooses the story of a new (non-duplicate) article; merges the stories it joins.
    fn link(
        &mut self,
        terms: &[(Term, f32)],
        names: &[Term],
        ages: Marks,
        streets: Marks,
        published: i64,
    ) -> (ClusterId, Vec<ClusterId>, bool, Vec<(Seq, f32)>) {
        let span = (self.cfg.link_days * DAY) as i64;
        let mut by_cluster: FastMap<ClusterId, f32> = FastMap::default();
        let scored = self.scores(terms, self.link_floor());
        for &(s, score) in &scored {
            let e = &self.entries[&s];
            let gap = (e.published - published).abs();
            // A follow-up counts as the link threshold reached when it reaches its own.
            let score = if gap > span {
                let shared = shared_count(names, &e.names);
                let named = (score >= self.cfg.followup_name_threshold && shared >= 1)
                    || (score >= self.cfg.followup_names_threshold && shared >= 2);
                let extra_days = (gap - span) as f32 / DAY as f32;
                let needed = self.cfg.followup_threshold + self.cfg.followup_per_day * extra_days;
                if score < needed && !named {
                    continue;
                }
                // A follow-up about people of other ages is another incident, unless two rare
                // names say otherwise.
                if ages.contradict(e.ages) && shared < 2 {
                    continue;
                }
                // The same for streets: compared with the article it resembles (a story that
                // ran for weeks may have moved from street to street).
                if self.cfg.street_contradiction_below > 0.0
                    && streets.contradict(e.streets)
                    && shared < 2
                {
                    continue;
                }
                self.cfg.merge_threshold.max(self.cfg.threshold)
            } else if score < self.cfg.street_contradiction_below
                && !streets.is_empty()
                && !shares_any(names, &e.names)
                && streets.contradict(self.story_streets(e.cluster))
            {
                // Reports from two streets: two incidents of one kind.
                continue;
            } else if score < self.cfg.threshold {
                // Below the threshold, a shared rare name or a shared age is the evidence.
                if (score >= self.cfg.near_name_threshold && shares_any(names, &e.names))
                    || (score >= self.cfg.age_threshold && ages.agree(e.ages))
                {
                    self.cfg.threshold
                } else {
                    score
                }
            } else if score < self.cfg.age_contradiction_below
                && ages.contradict(e.ages)
                && !shares_any(names, &e.names)
            {
                // Reports of two people of different ages: two incidents of one kind.
                continue;
            } else {
                score
            };
            let slot = by_cluster.entry(e.cluster).or_insert(0.0);
            *slot = slot.max(score);
        }
        let mut ranked: Vec<(ClusterId, f32)> = by_cluster.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // With tens of thousands of articles in the link window, a look-alike of another
        // event above `threshold` is nearly certain, and single links chain events of one kind
        // into stories of hundreds. A weak link counts only when it stands out from the crowd
        // (a sparse window has no crowd: the rule is then silent).
        if self.cfg.crowd_margin > 0.0
            && let Some(&(_, best)) = ranked.first()
            && best < self.cfg.crowd_below
        {
            let crowd = ranked.get(self.cfg.crowd_rank.max(1)).map_or(0.0, |r| r.1);
            if best - crowd < self.cfg.crowd_margin {
                ranked.clear();
            }
        }
        match ranked.first() {
            Some(&(best, score)) if score >= self.cfg.threshold => {
                let pinned = |c: &ClusterId| self.stories.get(c).is_some_and(|s| s.pinned);
                // An editor's story merges with nothing: the article joins the best one only.
                let others: Vec<ClusterId> = if pinned(&best) {
                    Vec::new()
                } else {
                    let mut streets = self.story_streets(best);
                    let mut others = Vec::new();
                    for &(c, s) in &ranked[1..] {
                        if s < self.cfg.merge_threshold || pinned(&c) {
                            continue;
                        }
                        if s < self.cfg.street_contradiction_below {
                            let theirs = self.story_streets(c);
                            if streets.contradict(theirs) {
                                continue;
                            }
                            streets = streets.union(theirs);
                        }
                        others.push(c);
                    }
                    others
                };
                if others.is_empty() {
                    return (best, Vec::new(), false, scored);
                }
                // The largest story survives, so the fewest articles change story.
                let mut all = others;
                all.push(best);
                all.sort_by_key(|c| {
                    (
                        std::cmp::Reverse(self.stories.get(c).map_or(0, |s| s.members.len())),
                        *c,
                    )
                });
                let keep = all[0];
                let merged = all[1..].to_vec();
                for m in &merged {
                    if let Some(story) = self.stories.remove(m) {
                        for s in &story.members {
                            if let Some(e) = self.entries.get_mut(s) {
                                e.cluster = keep;
                            }
                        }
                        self.stories.entry(keep).or_default().absorb(story);
                    }
                }
                (keep, merged, false, scored)
            }
            _ => {
                let c = ClusterId(self.next_cluster);
                self.next_cluster += 1;
                (c, Vec::new(), true, scored)
            }
        }
    }

    /// Drops articles older than the retention window and their index entries.
    fn evict(&mut self) {
        self.evict_old();
        while self.low_seq != self.next_seq && !self.entries.contains_key(&self.low_seq) {
            self.low_seq = self.low_seq.wrapping_add(1);
        }
        self.index.drop_before(self.low_seq, self.next_seq);
    }

    fn evict_old(&mut self) {
        let keep = self.cfg.retention_days.max(self.cfg.link_days);
        let horizon = self.newest - (keep * DAY) as i64;
        // Past the retention: the oldest published first.
        while let Some(&(t, seq)) = self.timeline.first() {
            if t >= horizon {
                break;
            }
            self.timeline.pop_first();
            self.remove_held(seq);
        }
        // Room for the article about to enter: the earliest added first. On a live wire that
        // is the oldest published too; a backlog read out of order (the desk reads the entries
        // without a story by publication, and new ones arrive meanwhile) keeps the articles it
        // read last, the ones the next are about, instead of evicting each old article as soon
        // as the next one comes.
        let most = self.cfg.max_articles.max(1);
        while self.entries.len() >= most {
            while self.low_seq != self.next_seq && !self.entries.contains_key(&self.low_seq) {
                self.low_seq = self.low_seq.wrapping_add(1);
            }
            let seq = self.low_seq;
            let Some(published) = self.entries.get(&seq).map(|e| e.published) else {
                break;
            };
            self.timeline.remove(&(published, seq));
            self.remove_held(seq);
        }
        // An evicted article's postings stay (scans skip them) until they could be an eighth
        // of the index; then every list drops its evicted entries at once.
        if self.stale > 0 && self.stale * 8 >= self.entries.len() {
            self.sweep();
        }
    }

    /// Takes an article out of the window (its postings stay until the next sweep); its place
    /// in the timeline is the caller's to remove.
    fn remove_held(&mut self, seq: Seq) {
        let Some(e) = self.entries.remove(&seq) else {
            return;
        };
        self.by_id.remove(&e.id);
        if self.urls.get(&e.url_key) == Some(&seq) {
            self.urls.remove(&e.url_key);
        }
        if let Some(story) = self.stories.get_mut(&e.cluster) {
            story.leave(seq, &self.entries);
            if story.members.is_empty() {
                self.stories.remove(&e.cluster);
            }
        }
        if !e.indexed {
            return;
        }
        self.stale += 1;
        if self.exact.get(&e.fingerprint) == Some(&seq) {
            self.exact.remove(&e.fingerprint);
        }
        if e.fingerprint == 0 {
            return;
        }
        for (b, band) in self.bands.iter_mut().enumerate() {
            let key = (e.simhash >> (8 * b)) as u8;
            if let Some(list) = band.get_mut(&key) {
                list.retain(|s| *s != seq);
                if list.is_empty() {
                    band.remove(&key);
                }
            }
        }
    }

    /// Drops the postings of evicted articles from every list.
    fn sweep(&mut self) {
        let entries = &self.entries;
        self.index.sweep(|s| entries.contains_key(&s));
        self.stale = 0;
    }
}

/// How many elements two sorted lists share.
fn shared_count(a: &[Term], b: &[Term]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// True when two sorted lists share an element.
fn shares_any(a: &[Term], b: &[Term]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

fn dot<A: TermWeight, B: TermWeight>(a: &[A], b: &[B]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].term().cmp(&b[j].term()) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].weight() * b[j].weight();
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number of a test article named with letters and digits.
    fn n(id: &str) -> u64 {
        u64::from_str_radix(id, 36).expect("an id of letters and digits")
    }

    fn doc(id: &str, day: u32, source: &str, title: &str, body: &str) -> Doc {
        Doc {
            id: n(id),
            title: title.into(),
            body: body.into(),
            published: format!("2026-03-{day:02}T10:00:00Z").parse().unwrap(),
            source: source.into(),
            url: format!("https://{source}/{id}"),
        }
    }

    /// Background articles so that document frequencies mean something.
    fn background(c: &mut Clusterer) {
        let topics = [
            (
                "Council passes budget",
                "The city council approved the annual budget after a long debate over library hours and road repairs.",
            ),
            (
                "Storm brings flooding",
                "Heavy rain flooded several streets and the river rose above its banks overnight, officials reported.",
            ),
            (
                "School board election",
                "Voters chose three new members of the school board in an election with low turnout this spring.",
            ),
            (
                "Museum reopens",
                "The art museum reopened after renovations with a new gallery of regional painters and sculptors.",
            ),
        ];
        for (i, (t, b)) in topics.iter().enumerate() {
            c.add(&doc(&format!("bg{i}"), 1, "bg.example", t, b));
        }
    }

    /// A dense stream: `events` events of ten kinds, each in its own town with its own
    /// official, figure and details, each reported by three outlets. Three words in four come
    /// from the kind's vocabulary, so events of a kind look alike (cosine ~0.1, now and then
    /// above `threshold`, as floods in different towns do) while only an event's own reports
    /// share its names and details (~0.5–0.7). Returns each article's story and event.
    fn look_alike_wire(cfg: ClusterConfig, events: usize) -> Vec<(ClusterId, usize)> {
        const KINDS: usize = 10;
        const VOCABULARY: usize = 60;
        let mut seed = 0x5eed_u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let syllables = [
            "bar", "wen", "tor", "lin", "mer", "dos", "kal", "rin", "ost", "vel", "pra", "sud",
            "gom", "fey", "lut", "nax",
        ];
        let word = |n: usize, next: &mut dyn FnMut() -> usize| -> String {
            (0..n)
                .map(|_| syllables[next() % syllables.len()])
                .collect()
        };
        let name = |n: usize, next: &mut dyn FnMut() -> usize| -> String {
            let mut w = word(n, next);
            w[..1].make_ascii_uppercase();
            w
        };
        let kinds: Vec<Vec<String>> = (0..KINDS)
            .map(|_| (0..VOCABULARY).map(|_| word(3, &mut next)).collect())
            .collect();
        let mut docs = Vec::new();
        for e in 0..events {
            let kind = &kinds[e % kinds.len()];
            let town = name(4, &mut next);
            let official = format!("{} {}", name(2, &mut next), name(4, &mut next));
            let figure = 100 + e * 7;
            // The event's own details, which its reports share.
            let own: Vec<String> = (0..30).map(|_| word(3, &mut next)).collect();
            for outlet in 0..3 {
                let mut body = format!("{official} said {figure} people in {town} were affected. ");
                for s in 0..4 {
                    for i in 0..10 {
                        let pool = if i % 4 != 0 { kind } else { &own };
                        body.push_str(&pool[next() % pool.len()]);
                        body.push(' ');
                    }
                    body.push_str(if s == 1 { &town } else { "today" });
                    body.push_str(". ");
                }
                let d = doc(
                    &format!("f{e}x{outlet}"),
                    3,
                    &format!("outlet{outlet}.example"),
                    &format!("{} in {town}", kind[e % 7]),
                    &body,
                );
                docs.push((d, e));
            }
        }
        // As the pipeline takes a backlog: primed first, then added one at a time.
        let mut c = Clusterer::new(cfg);
        c.begin_batch(docs.iter().map(|(d, _)| d));
        docs.iter().map(|(d, e)| (c.add(d).cluster, *e)).collect()
    }

    /// Stories holding articles of more than one event, and events split over stories.
    fn mixed_and_split(labels: &[(ClusterId, usize)]) -> (usize, usize) {
        let mut events_of: HashMap<ClusterId, std::collections::HashSet<usize>> = HashMap::new();
        let mut stories_of: HashMap<usize, std::collections::HashSet<ClusterId>> = HashMap::new();
        for (c, e) in labels {
            events_of.entry(*c).or_default().insert(*e);
            stories_of.entry(*e).or_default().insert(*c);
        }
        (
            events_of.values().filter(|e| e.len() > 1).count(),
            stories_of.values().filter(|s| s.len() > 1).count(),
        )
    }

    #[test]
    fn a_weak_link_must_stand_out_from_a_crowd_of_look_alikes() {
        let events = 300;
        let without = mixed_and_split(&look_alike_wire(
            ClusterConfig {
                crowd_margin: 0.0,
                ..ClusterConfig::default()
            },
            events,
        ));
        let with = mixed_and_split(&look_alike_wire(ClusterConfig::default(), events));
        // Without the rule, floods in different towns chain together; with it, each town's
        // flood is one story of its own, and no more of them are split.
        assert!(
            without.0 > 0,
            "the stream is dense enough to chain: {without:?}"
        );
        assert_eq!(
            with.0, 0,
            "stories mixing events: {with:?} (without the rule {without:?})"
        );
        assert!(with.1 <= without.1, "{with:?} {without:?}");
    }

    const FIRE_A: &str = "Firefighters battled a blaze at the Marlowe Textile warehouse on \
        Quarry Road in Eastbrook late Tuesday. Fire Chief Dana Okafor said two firefighters \
        suffered minor injuries and the cause of the Marlowe fire is under investigation.";
    const FIRE_B: &str = "A fire destroyed the Marlowe Textile warehouse in Eastbrook. Chief \
        Dana Okafor said crews from three towns fought the flames on Quarry Road for six \
        hours; two firefighters were treated for minor injuries.";
    const BRIDGE: &str = "The Kestrel Bridge over the Alder River reopened to traffic on \
        Wednesday after eight months of repairs, the state transport department said, ahead \
        of the summer season when ferry crossings to Pellham Island peak.";

    #[test]
    fn an_editors_split_holds_when_a_new_article_matches_both_sides() {
        let mut c = Clusterer::new(ClusterConfig::default());
        background(&mut c);
        let a = c.add(&doc(
            "a",
            2,
            "one.example",
            "Marlowe warehouse fire",
            FIRE_A,
        ));
        let b = c.add(&doc(
            "b",
            2,
            "two.example",
            "Fire destroys Marlowe warehouse",
            FIRE_B,
        ));
        assert_eq!(
            a.cluster, b.cluster,
            "the engine puts the two reports together"
        );
        // The editor says they are different stories.
        let own = c.place(n("b"), None).unwrap();
        assert_ne!(own, a.cluster);
        assert_eq!(c.cluster_of(n("b")), Some(own));
        assert_eq!(c.story(a.cluster).unwrap().articles, vec![n("a")]);
        // A third report close to both would merge them; the editor's story merges nothing.
        let third = format!("{FIRE_A} {FIRE_B}");
        let t = c.add(&doc(
            "c",
            2,
            "three.example",
            "Marlowe warehouse fire",
            &third,
        ));
        assert!(t.merged.is_empty(), "{t:?}");
        assert_ne!(c.cluster_of(n("a")), c.cluster_of(n("b")));
        // Moved back in by the editor: together again, and pinned there.
        assert_eq!(c.place(n("b"), Some(a.cluster)), Some(a.cluster));
        assert_eq!(c.cluster_of(n("b")), c.cluster_of(n("a")));
        assert!(c.story(own).is_none(), "an emptied story is gone");
        assert_eq!(c.place(n("nobody"), None), None);
    }

    #[test]
    fn a_primed_article_is_counted_once() {
        let mut c = Clusterer::new(ClusterConfig {
            cold_start_docs: 3,
            ..ClusterConfig::default()
        });
        let docs = [
            doc(
                "a",
                1,
                "x",
                "Ferry fares rise",
                "Fjordline raises fares from January.",
            ),
            doc(
                "b",
                1,
                "y",
                "Bridge shut",
                "The Kestrel Bridge is closed for repairs.",
            ),
            doc(
                "c",
                2,
                "z",
                "Cup final",
                "Harbour City won the National Cup final.",
            ),
        ];
        assert!(c.is_cold());
        for d in &docs {
            c.prime(d);
            c.prime(d);
        }
        assert_eq!(c.articles_seen(), 3, "priming twice counts once");
        assert!(!c.is_cold());
        for d in &docs {
            c.add(d);
        }
        assert_eq!(
            c.articles_seen(),
            3,
            "adding a primed article does not count it again"
        );
        assert!(c.primed.is_empty() && c.primed_df.is_empty());
        c.prime(&docs[0]);
        assert_eq!(
            c.articles_seen(),
            3,
            "an article in the window is not primed"
        );
    }

    #[test]
    fn coverage_of_one_event_by_two_outlets_is_one_story() {
        let mut c = Clusterer::new(ClusterConfig::default());
        background(&mut c);
        let a = c.add(&doc(
            "a",
            3,
            "one.example",
            "Fire at Marlowe warehouse",
            FIRE_A,
        ));
        let b = c.add(&doc(
            "b",
            3,
            "two.example",
            "Warehouse fire in Eastbrook",
            FIRE_B,
        ));
        let x = c.add(&doc(
            "x",
            3,
            "one.example",
            "Kestrel Bridge reopens",
            BRIDGE,
        ));
        assert!(a.new_cluster);
        assert_eq!(a.cluster, b.cluster);
        assert_ne!(a.cluster, x.cluster);
        assert_eq!(b.duplicate_of, None);
        let story = c.story(a.cluster).unwrap();
        assert_eq!(story.articles, [n("a"), n("b")]);
        assert_eq!(story.sources, ["one.example", "two.example"]);
    }

    /// Two reports of a shooting, alike but for the victim's age, `days` apart (lower case, so
    /// that no rare name pair decides for the ages): the stories they end in.
    fn shooting_reports(cfg: ClusterConfig, days: u32, second_age: u32) -> (ClusterId, ClusterId) {
        let text = |age: u32, street: &str| {
            format!(
                "a {age}-year-old man was shot late on friday near the corner of {street} \
                 street and the river path, police said. the man was taken to the county \
                 hospital in serious condition and officers are looking for a grey sedan."
            )
        };
        let mut c = Clusterer::new(cfg);
        background(&mut c);
        c.add(&doc(
            "a",
            2,
            "one.example",
            "man shot near river path",
            &text(20, "elm"),
        ));
        c.add(&doc(
            "b",
            2 + days,
            "two.example",
            "shooting near river path",
            &text(second_age, "oak"),
        ));
        (c.cluster_of(n("a")).unwrap(), c.cluster_of(n("b")).unwrap())
    }

    #[test]
    fn reports_of_people_of_other_ages_are_other_incidents() {
        // Inside the link window: the pair would link on its cosine, but not when its ages say
        // these are two people.
        let cfg = ClusterConfig {
            threshold: 0.05,
            age_contradiction_below: 0.99,
            ..ClusterConfig::default()
        };
        let (a, b) = shooting_reports(cfg.clone(), 1, 20);
        assert_eq!(a, b);
        let (a, b) = shooting_reports(cfg, 1, 34);
        assert_ne!(a, b);
        // A follow-up weeks later: the same.
        let cfg = ClusterConfig {
            followup_threshold: 0.5,
            followup_per_day: 0.0,
            ..ClusterConfig::default()
        };
        let (a, b) = shooting_reports(cfg.clone(), 20, 20);
        assert_eq!(a, b);
        let (a, b) = shooting_reports(cfg, 20, 34);
        assert_ne!(a, b);
    }

    /// Reports of a shooting, alike but for the street named (none when empty), each `(name,
    /// day, street)`: the stories they end in.
    fn street_reports(cfg: ClusterConfig, reports: &[(&str, u32, &str)]) -> Vec<ClusterId> {
        let mut c = Clusterer::new(cfg);
        background(&mut c);
        for (k, (name, day, street)) in reports.iter().enumerate() {
            let place = if street.is_empty() {
                "near the river path".to_string()
            } else {
                format!("in the 1200 block of {street}")
            };
            let body = format!(
                "a man was shot late on friday {place}, police said. the man was taken to \
                 the county hospital in serious condition and officers are looking for a grey \
                 sedan seen leaving the area."
            );
            let source = format!("outlet{k}.example");
            c.add(&doc(name, *day, &source, "man shot late on friday", &body));
        }
        reports
            .iter()
            .map(|(name, _, _)| c.cluster_of(n(name)).unwrap())
            .collect()
    }

    #[test]
    fn reports_from_other_streets_are_other_incidents() {
        let cfg = ClusterConfig {
            threshold: 0.05,
            street_contradiction_below: 0.99,
            ..ClusterConfig::default()
        };
        let same = street_reports(cfg.clone(), &[("a", 2, "Elm"), ("b", 3, "Elm")]);
        assert_eq!(same[0], same[1]);
        let other = street_reports(cfg.clone(), &[("a", 2, "Elm"), ("b", 3, "Oak")]);
        assert_ne!(other[0], other[1]);
        // A report without a street joins either; another street is compared with the story's.
        let story = street_reports(
            cfg.clone(),
            &[("a", 2, "Elm"), ("b", 2, ""), ("c", 3, "Oak")],
        );
        assert_eq!(story[0], story[1]);
        assert_ne!(story[2], story[0]);
        // The rule off: one story.
        let off = ClusterConfig {
            street_contradiction_below: 0.0,
            ..cfg
        };
        let other = street_reports(off, &[("a", 2, "Elm"), ("b", 3, "Oak")]);
        assert_eq!(other[0], other[1]);
        // A follow-up weeks later: the same.
        let cfg = ClusterConfig {
            followup_threshold: 0.3,
            followup_per_day: 0.0,
            ..ClusterConfig::default()
        };
        let same = street_reports(cfg.clone(), &[("a", 2, "Elm"), ("b", 22, "Elm")]);
        assert_eq!(same[0], same[1]);
        let other = street_reports(cfg, &[("a", 2, "Elm"), ("b", 22, "Oak")]);
        assert_ne!(other[0], other[1]);
    }

    #[test]
    fn one_same_age_links_a_pair_below_the_threshold() {
        let cfg = ClusterConfig {
            threshold: 0.99,
            merge_threshold: 0.99,
            near_name_threshold: 0.99,
            age_threshold: 0.05,
            ..ClusterConfig::default()
        };
        let (a, b) = shooting_reports(cfg.clone(), 1, 20);
        assert_eq!(a, b);
        let (a, b) = shooting_reports(cfg, 1, 34);
        assert_ne!(a, b);
    }

    #[test]
    fn copies_are_duplicates_shown_with_their_outlets() {
        let mut c = Clusterer::new(ClusterConfig::default());
        background(&mut c);
        let body = format!("{FIRE_A} {FIRE_B} {BRIDGE}");
        let a = c.add(&doc("a", 3, "wire.example", "Warehouse fire", &body));
        let copy = format!("{body} Copyright 2026 The Courier.");
        let b = c.add(&doc("b", 3, "courier.example", "Warehouse fire", &copy));
        assert_eq!(b.duplicate_of, Some(n("a")));
        assert_eq!(b.cluster, a.cluster);
        // The same page reached through a tracking URL.
        let mut d = doc("c", 3, "wire.example", "Other", BRIDGE);
        d.url = "https://www.wire.example/a?utm_source=rss".into();
        assert_eq!(c.add(&d).duplicate_of, Some(n("a")));
        assert_eq!(c.story(a.cluster).unwrap().sources.len(), 2);
    }

    #[test]
    fn the_window_keeps_at_most_max_articles_the_oldest_leaving_first() {
        let cfg = ClusterConfig {
            max_articles: 10,
            ..ClusterConfig::default()
        };
        let mut c = Clusterer::new(cfg);
        for i in 0..25u32 {
            c.add(&doc(
                &format!("n{i}"),
                1 + i / 5,
                "one.example",
                &format!("Report number {i} from the harbour"),
                BRIDGE,
            ));
            assert!(c.len() <= 10);
        }
        assert_eq!(c.len(), 10);
        assert_eq!(c.cluster_of(n("n0")), None, "the oldest left first");
        assert_eq!(c.cluster_of(n("n14")), None);
        assert!(c.cluster_of(n("n15")).is_some() && c.cluster_of(n("n24")).is_some());
    }

    #[test]
    fn a_full_window_read_newest_first_keeps_what_it_read_last() {
        // A backlog read out of publication order: each day's two reports come together, the
        // days from the newest back. A full window evicts the earliest added, so the second
        // report of a day still finds the first (evicting the oldest published would take the
        // first out as the second comes).
        let cfg = ClusterConfig {
            max_articles: 3,
            ..ClusterConfig::default()
        };
        let mut c = Clusterer::new(cfg);
        // Document frequencies from more than the handful of articles below (the window
        // itself keeps none of these).
        let filler = [
            "The city council approved the annual budget after a long debate over library hours.",
            "Heavy rain flooded several streets and the river rose above its banks overnight.",
            "Voters chose three new members of the school board in an election with low turnout.",
            "The art museum reopened after renovations with a new gallery of regional painters.",
            "The football club signed a young striker from the second division for the season.",
        ];
        for (i, text) in filler.iter().cycle().take(20).enumerate() {
            c.add(&doc(
                &format!("f{i}"),
                1,
                &format!("f{i}.example"),
                "Local news",
                text,
            ));
        }
        let days = [
            ("Fire at Marlowe warehouse", FIRE_A, FIRE_B),
            ("Kestrel Bridge reopens", BRIDGE, BRIDGE),
        ];
        for (day, (title, first, second)) in [(9u32, days[0]), (5, days[1]), (2, days[0])] {
            // Outlets of their own: no outlet habit between the days.
            let (one, two) = (format!("one{day}.example"), format!("two{day}.example"));
            let a = c.add(&doc(&format!("a{day}"), day, &one, title, first));
            let b = c.add(&doc(&format!("b{day}"), day, &two, title, second));
            assert_eq!(a.cluster, b.cluster, "day {day}");
            assert!(c.len() <= 3);
        }
        assert_eq!(c.cluster_of(n("a9")), None, "the earliest added left first");
    }

    #[test]
    fn articles_far_apart_in_time_start_new_stories_and_old_ones_are_evicted() {
        let cfg = ClusterConfig {
            retention_days: 10.0,
            followup_threshold: 2.0,
            followup_name_df: 0,
            ..ClusterConfig::default()
        };
        let mut c = Clusterer::new(cfg);
        background(&mut c);
        let a = c.add(&doc(
            "a",
            1,
            "one.example",
            "Fire at Marlowe warehouse",
            FIRE_A,
        ));
        let b = c.add(&doc(
            "b",
            9,
            "two.example",
            "Warehouse fire in Eastbrook",
            FIRE_B,
        ));
        assert_ne!(a.cluster, b.cluster, "8 days apart is beyond link_days");
        c.add(&doc(
            "x",
            25,
            "one.example",
            "Kestrel Bridge reopens",
            BRIDGE,
        ));
        assert_eq!(c.cluster_of(n("a")), None);
        assert_eq!(c.len(), 1);
        // The evicted articles' postings are gone, only x's are left.
        let x = c.by_id[&n("x")];
        assert!(!c.index.is_empty());
        assert!(c.index.all().iter().all(|s| *s == x));
    }

    #[test]
    fn an_article_joining_two_stories_merges_them() {
        let cfg = ClusterConfig {
            threshold: 0.3,
            merge_threshold: 0.3,
            near_name_threshold: 1.0,
            ..ClusterConfig::default()
        };
        let mut c = Clusterer::new(cfg);
        background(&mut c);
        let a = c.add(&doc(
            "a",
            3,
            "one.example",
            "Fire at Marlowe warehouse",
            FIRE_A,
        ));
        let x = c.add(&doc(
            "x",
            3,
            "two.example",
            "Kestrel Bridge reopens",
            BRIDGE,
        ));
        assert_ne!(a.cluster, x.cluster);
        let both = format!("{FIRE_A} {BRIDGE}");
        let m = c.add(&doc("m", 3, "three.example", "Eastbrook roundup", &both));
        assert_eq!(m.merged.len(), 1);
        assert_eq!(c.cluster_of(n("a")), c.cluster_of(n("x")));
        assert_eq!(c.cluster_of(n("a")), Some(m.cluster));
    }

    #[test]
    fn related_of_the_article_just_added_matches_a_fresh_scan() {
        let mut c = Clusterer::new(ClusterConfig::default());
        background(&mut c);
        let docs = [
            ("a", "Fire at Marlowe warehouse", FIRE_A),
            ("b", "Warehouse fire in Eastbrook", FIRE_B),
            ("x", "Kestrel Bridge reopens", BRIDGE),
            (
                "z",
                "Marlowe warehouse fire: bridge traffic diverted",
                FIRE_B,
            ),
        ];
        for (i, (id, title, body)) in docs.into_iter().enumerate() {
            c.add(&doc(
                id,
                3,
                if i % 2 == 0 {
                    "one.example"
                } else {
                    "two.example"
                },
                title,
                body,
            ));
            let fresh: Vec<Related> = c
                .related(n(id), 6)
                .into_iter()
                .filter(|r| r.score >= 0.08)
                .collect();
            assert_eq!(c.related_of_added(n(id), 6, 0.08), fresh, "{id}");
        }
    }

    #[test]
    fn a_copy_is_related_to_what_its_original_is_related_to() {
        // A copy is not indexed and its vector is not kept: what it is related to is found
        // when it is added.
        // No follow-ups: an article about the fire two weeks later is a story of its own.
        let mut c = Clusterer::new(ClusterConfig {
            followup_threshold: 2.0,
            followup_name_df: 0,
            ..ClusterConfig::default()
        });
        background(&mut c);
        let later = c.add(&doc("x", 17, "one.example", "Marlowe Textile fire", FIRE_A));
        let body = format!("{FIRE_A} {FIRE_B}");
        let a = c.add(&doc("a", 3, "wire.example", "Warehouse fire", &body));
        assert_ne!(a.cluster, later.cluster);
        let copy = format!("{body} Copyright 2026 The Courier.");
        let b = c.add(&doc("b", 3, "courier.example", "Warehouse fire", &copy));
        assert_eq!(b.duplicate_of, Some(n("a")));
        let related = c.related_of_added(n("b"), 6, 0.08);
        let mut original = c.related(n("a"), 6);
        original.retain(|r| r.score >= 0.08);
        assert!(!related.is_empty());
        assert_eq!(
            related.iter().map(|r| r.id).collect::<Vec<_>>(),
            original.iter().map(|r| r.id).collect::<Vec<_>>()
        );
        assert!(related.iter().all(|r| r.cluster != a.cluster));
    }

    #[test]
    fn related_never_lists_the_own_story() {
        let mut c = Clusterer::new(ClusterConfig::default());
        background(&mut c);
        c.add(&doc(
            "a",
            3,
            "one.example",
            "Fire at Marlowe warehouse",
            FIRE_A,
        ));
        c.add(&doc(
            "b",
            3,
            "two.example",
            "Warehouse fire in Eastbrook",
            FIRE_B,
        ));
        c.add(&doc(
            "x",
            3,
            "one.example",
            "Kestrel Bridge reopens",
            BRIDGE,
        ));
        c.add(&doc(
            "y",
            20,
            "two.example",
            "Marlowe warehouse fire",
            FIRE_B,
        ));
        let r = c.related(n("a"), 5);
        assert!(r.iter().all(|r| r.id != n("a") && r.id != n("b")));
        let cfg = ClusterConfig {
            related_days: 5.0,
            ..c.config().clone()
        };
        c.cfg = cfg;
        assert!(
            c.related(n("a"), 5).iter().all(|r| r.id != n("y")),
            "17 days apart"
        );
        assert!(c.similarity(n("a"), n("b")) > c.similarity(n("a"), n("x")));
    }

    #[test]
    fn state_survives_serialisation() {
        let mut c = Clusterer::new(ClusterConfig::default());
        background(&mut c);
        let a = c.add(&doc(
            "a",
            3,
            "one.example",
            "Fire at Marlowe warehouse",
            FIRE_A,
        ));
        // Long enough to be checked for near copies.
        let long = format!("{FIRE_A} {FIRE_B} {FIRE_A}");
        c.add(&doc("l", 3, "four.example", "Marlowe fire", &long));
        let json = serde_json::to_string(&c).unwrap();
        let mut restored: Clusterer = serde_json::from_str(&json).unwrap();
        let b = restored.add(&doc(
            "b",
            3,
            "two.example",
            "Warehouse fire in Eastbrook",
            FIRE_B,
        ));
        assert_eq!(b.cluster, a.cluster);
        assert_eq!(restored.add(&doc("a", 3, "", "", "")).cluster, a.cluster);
        // The near-duplicate check still knows the hashes of the articles held before.
        let near = long.replacen("blaze", "fire", 1);
        let copy = restored.add(&doc("m", 3, "three.example", "Marlowe fire", &near));
        assert_eq!(copy.duplicate_of, Some(n("l")), "a near copy of l");
    }

    #[test]
    fn a_window_rebuilt_from_stored_stories_keeps_their_ids() {
        let mut c = Clusterer::new(ClusterConfig::default());
        background(&mut c);
        let stored = ClusterId(41);
        assert_eq!(
            c.restore(
                &doc("a", 3, "one.example", "Fire at Marlowe warehouse", FIRE_A),
                stored
            ),
            stored
        );
        let b = c.add(&doc(
            "b",
            3,
            "two.example",
            "Warehouse fire in Eastbrook",
            FIRE_B,
        ));
        assert_eq!(b.cluster, stored);
        let x = c.add(&doc(
            "x",
            3,
            "one.example",
            "Kestrel Bridge reopens",
            BRIDGE,
        ));
        assert!(x.cluster.0 > 41, "new stories never reuse restored ids");
    }

    #[test]
    fn odd_articles_never_panic() {
        let mut c = Clusterer::new(ClusterConfig::default());
        let long = "word ".repeat(20_000);
        let odd = [
            ("", ""),
            ("   ", "\u{0}\u{feff}"),
            ("Ünïcödé 日本語 ÆØÅ", "Straße ’s ' '' O'Neil’s — “quoted”"),
            ("A", &long[..]),
            ("12345 67890", "1 2 3 4 5 6 7 8 9 10 11 12"),
        ];
        for (i, (t, b)) in odd.iter().enumerate() {
            let mut d = doc(&format!("o{i}"), 3, "", t, b);
            d.url = ["", "not a url", "https://", "mailto:x@y"][i % 4].into();
            c.add(&d);
        }
        // Out of order, far in the past and far in the future.
        c.add(&doc("past", 1, "x", "Old", FIRE_A));
        let mut future = doc("future", 3, "x", "Later", FIRE_B);
        future.published = "2030-01-01T00:00:00Z".parse().unwrap();
        c.add(&future);
        c.add(&doc("late", 2, "y", "Late", BRIDGE));
        assert!(c.related(n("o2"), 3).len() <= 3);
    }
}
