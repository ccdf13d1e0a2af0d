//! The clusterer's inverted index: for each term, the postings (sequence number and weight) of
//! the window's indexed articles that carry it, in order of sequence number.
//!
//! The postings are most of the story desk's memory (48 an article, six bytes each), so the
//! index keeps them the way a search engine's segments do rather than as one growing vector
//! per term. New articles go to a small table of per-term vectors (`recent`); every
//! [`FREEZE_POSTINGS`] postings it is frozen into a [`Segment`]: its terms sorted, their lists
//! one after another in a single vector of exactly their size. Adjacent segments of similar
//! size are merged, up to [`MAX_SEGMENT_POSTINGS`], so a window holds a few large segments and
//! a handful of small ones. A term's list is then the concatenation of its lists in each
//! segment, oldest first, and in `recent`: still in order of sequence number.
//!
//! Against a table of 215,000 growing vectors on a week of a 2,000-outlet wire this removes a
//! vector header and an allocation per term, the room vectors grow into, and the holes their
//! reallocations leave in the allocator's pages; merging never holds more than one segment's
//! worth twice. A segment whose articles have all left the window is dropped whole.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use serde::{Deserialize, Serialize};

use crate::cluster::{MixHasher, Seq, Weighted};
use crate::text::Term;

/// Postings of `recent` frozen into a segment at once (about 1,400 articles).
pub(crate) const FREEZE_POSTINGS: usize = 1 << 16;

/// Segments are merged up to about this many postings (six bytes each; a freeze's worth more
/// at most): the most a merge copies while the parts are still held. A lookup reads every
/// segment, so larger segments make fewer of them.
pub(crate) const MAX_SEGMENT_POSTINGS: usize = 1 << 21;

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;

/// A frozen part of the index: the postings of a run of consecutive sequence numbers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Segment {
    /// Distinct terms, sorted, each with the end of its list in `lists` (where the next
    /// term's begins): side by side, a lookup reads one cache line for both.
    terms: Vec<(Term, u32)>,
    lists: Vec<Weighted>,
    /// `dir[b]..dir[b + 1]` are the positions in `terms` of the terms whose top `bits` bits
    /// are `b`: a lookup reads a bucket of two or three terms, not a binary search.
    dir: Vec<u32>,
    bits: u32,
    /// The lowest and highest sequence numbers it holds.
    first: Seq,
    last: Seq,
}

impl Segment {
    /// An empty segment with room for `terms` terms and `postings` postings, to be filled with
    /// [`Segment::push`] in order of term and closed with [`Segment::seal`].
    fn with_capacity(terms: usize, postings: usize) -> Self {
        Segment {
            terms: Vec::with_capacity(terms),
            lists: Vec::with_capacity(postings),
            ..Segment::default()
        }
    }

    /// Appends the list of `t` (greater than every term so far): the postings `fill` adds to
    /// the vector it is given. A term left without postings is not kept.
    fn push(&mut self, t: Term, fill: impl FnOnce(&mut Vec<Weighted>)) {
        let before = self.lists.len();
        fill(&mut self.lists);
        if self.lists.len() > before {
            self.terms.push((t, self.lists.len() as u32));
        }
    }

    /// Gives back the room not used and fills `dir`, `first` and `last`.
    fn seal(mut self) -> Self {
        self.terms.shrink_to_fit();
        self.lists.shrink_to_fit();
        let n = self.terms.len();
        // About two terms a bucket.
        self.bits = (usize::BITS - n.leading_zeros()).saturating_sub(2).min(24);
        let buckets = 1usize << self.bits;
        self.dir = Vec::with_capacity(buckets + 1);
        let mut i = 0;
        for b in 0..buckets {
            while i < n && self.bucket(self.terms[i].0) < b {
                i += 1;
            }
            self.dir.push(i as u32);
        }
        self.dir.push(n as u32);
        self.first = self.lists.iter().map(|p| p.key()).min().unwrap_or(0);
        self.last = self.lists.iter().map(|p| p.key()).max().unwrap_or(0);
        self
    }

    fn bucket(&self, t: Term) -> usize {
        (u64::from(t) >> (32 - self.bits)) as usize
    }

    /// The postings of the `i`-th term.
    fn list_at(&self, i: usize) -> &[Weighted] {
        let start = if i == 0 { 0 } else { self.terms[i - 1].1 };
        &self.lists[start as usize..self.terms[i].1 as usize]
    }

    /// The postings of `t` here (empty when it has none).
    fn list(&self, t: Term) -> &[Weighted] {
        let b = self.bucket(t);
        let (lo, hi) = (self.dir[b] as usize, self.dir[b + 1] as usize);
        match self.terms[lo..hi].iter().position(|x| x.0 == t) {
            Some(i) => self.list_at(lo + i),
            None => &[],
        }
    }

    fn iter(&self) -> impl Iterator<Item = (Term, &[Weighted])> {
        self.terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.0, self.list_at(i)))
    }

    /// Two adjacent segments as one (`self` the older).
    fn merge(&self, newer: &Segment) -> Segment {
        let (a, b) = (&self.terms, &newer.terms);
        // The terms of both, counted first so that the vectors are made to measure.
        let (mut i, mut j, mut terms) = (0, 0, 0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.0 == y.0 => (i, j) = (i + 1, j + 1),
                (Some(x), Some(y)) if x.0 < y.0 => i += 1,
                (Some(_), None) => i += 1,
                _ => j += 1,
            }
            terms += 1;
        }
        let mut s = Segment::with_capacity(terms, self.lists.len() + newer.lists.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    s.push(x.0, |l| {
                        l.extend_from_slice(self.list_at(i));
                        l.extend_from_slice(newer.list_at(j));
                    });
                    (i, j) = (i + 1, j + 1);
                }
                (Some(x), Some(y)) if x.0 < y.0 => {
                    s.push(x.0, |l| l.extend_from_slice(self.list_at(i)));
                    i += 1;
                }
                (Some(x), None) => {
                    s.push(x.0, |l| l.extend_from_slice(self.list_at(i)));
                    i += 1;
                }
                (_, Some(y)) => {
                    s.push(y.0, |l| l.extend_from_slice(newer.list_at(j)));
                    j += 1;
                }
                (None, None) => break,
            }
        }
        s.seal()
    }

    /// This segment without the postings `live` rejects.
    fn filtered(&self, live: &impl Fn(Seq) -> bool) -> Segment {
        let kept = self.lists.iter().filter(|p| live(p.key())).count();
        let mut s = Segment::with_capacity(self.terms.len(), kept);
        for (t, list) in self.iter() {
            s.push(t, |l| {
                l.extend(list.iter().copied().filter(|p| live(p.key())))
            });
        }
        s.seal()
    }

    fn heap_bytes(&self) -> usize {
        use crate::heap;
        heap::vec(&self.terms) + heap::vec(&self.dir)
    }
}

/// The inverted index (see the module's documentation).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Index {
    /// Oldest first: every sequence number of a segment is below those of the next.
    segments: Vec<Segment>,
    /// Postings added since the last freeze, by term.
    recent: FastMap<Term, Vec<Weighted>>,
    recent_postings: usize,
}

impl Index {
    /// Adds the postings of article `seq`, newer than every article indexed so far.
    pub(crate) fn add(&mut self, seq: Seq, terms: &[(Term, f32)]) {
        for (t, w) in terms {
            self.recent
                .entry(*t)
                .or_default()
                .push(Weighted::new(seq, *w));
        }
        self.recent_postings += terms.len();
        if self.recent_postings >= FREEZE_POSTINGS {
            self.freeze();
        }
    }

    /// Freezes `recent` into a segment and merges the newest segments of similar size.
    pub(crate) fn freeze(&mut self) {
        if self.recent_postings > 0 {
            let mut lists: Vec<(Term, Vec<Weighted>)> = self.recent.drain().collect();
            lists.sort_unstable_by_key(|(t, _)| *t);
            let mut segment = Segment::with_capacity(lists.len(), self.recent_postings);
            for (t, list) in lists {
                segment.push(t, |l| l.extend_from_slice(&list));
            }
            let segment = segment.seal();
            self.recent_postings = 0;
            self.segments.push(segment);
        }
        while let [.., older, newer] = self.segments.as_slice() {
            let (a, b) = (older.lists.len(), newer.lists.len());
            if a > 2 * b || a + b > MAX_SEGMENT_POSTINGS + FREEZE_POSTINGS {
                break;
            }
            let merged = older.merge(newer);
            self.segments.pop();
            self.segments.pop();
            self.segments.push(merged);
        }
    }

    /// The parts of the postings of `t` (one a segment that has it, and the recent one), in
    /// order of sequence number.
    pub(crate) fn parts(&self, t: Term) -> impl Iterator<Item = &[Weighted]> {
        self.segments
            .iter()
            .map(move |s| s.list(t))
            .chain(self.recent.get(&t).map(Vec::as_slice))
            .filter(|l| !l.is_empty())
    }

    /// The `(term, weight)` postings of article `seq` (its vector), sorted by term: a scan of
    /// the whole index, for tools.
    pub(crate) fn vector_of(&self, seq: Seq) -> Vec<Weighted> {
        let found = |(t, l): (Term, &[Weighted])| {
            l.iter()
                .find(|p| p.key() == seq)
                .map(|p| Weighted::from((t, p.weight_bits())))
        };
        let mut v: Vec<Weighted> = self
            .segments
            .iter()
            .filter(|s| s.first <= seq && seq <= s.last)
            .flat_map(|s| s.iter().filter_map(found))
            .chain(
                self.recent
                    .iter()
                    .filter_map(|(t, l)| found((*t, l.as_slice()))),
            )
            .collect();
        v.sort_unstable_by_key(|w| w.key());
        v
    }

    /// Drops the segments whose articles all precede `low` (they have left the window).
    pub(crate) fn drop_before(&mut self, low: Seq, next: Seq) {
        let range = next.wrapping_sub(low);
        self.segments.retain(|s| s.last.wrapping_sub(low) < range);
    }

    /// Drops every posting `live` rejects, giving back its room.
    pub(crate) fn sweep(&mut self, live: impl Fn(Seq) -> bool) {
        for s in &mut self.segments {
            *s = s.filtered(&live);
        }
        self.segments.retain(|s| !s.terms.is_empty());
        self.recent.retain(|_, list| {
            list.retain(|p| live(p.key()));
            if list.capacity() > 2 * list.len() + 8 {
                list.shrink_to_fit();
            }
            !list.is_empty()
        });
        self.recent_postings = self.recent.values().map(Vec::len).sum();
    }

    /// Freezes what is recent and gives back the room of the recent table: for after a
    /// rebuild.
    pub(crate) fn compact(&mut self) {
        self.freeze();
        self.recent.shrink_to_fit();
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.segments.is_empty() && self.recent.is_empty()
    }

    /// Every posting, for tests.
    #[cfg(test)]
    pub(crate) fn all(&self) -> impl Iterator<Item = Weighted> + '_ {
        self.segments
            .iter()
            .flat_map(|s| s.lists.iter().copied())
            .chain(self.recent.values().flatten().copied())
    }

    /// Estimated heap bytes: `(terms and their directories, postings, postings' bytes)`.
    pub(crate) fn heap(&self) -> (usize, usize, usize) {
        use crate::heap;
        let terms =
            self.segments.iter().map(Segment::heap_bytes).sum::<usize>() + heap::map(&self.recent);
        let count =
            self.segments.iter().map(|s| s.lists.len()).sum::<usize>() + self.recent_postings;
        let bytes = self
            .segments
            .iter()
            .map(|s| heap::vec(&s.lists))
            .sum::<usize>()
            + self.recent.values().map(heap::vec).sum::<usize>();
        (terms, count, bytes)
    }

    /// Distinct terms over the segments and `recent` (a term in several counts once each).
    pub(crate) fn term_slots(&self) -> usize {
        self.segments.iter().map(|s| s.terms.len()).sum::<usize>() + self.recent.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index built by adding `articles` (terms of each) one after another, and the plain
    /// per-term lists it must equal.
    fn both(articles: &[Vec<(Term, f32)>]) -> (Index, HashMap<Term, Vec<(Seq, u16)>>) {
        let mut index = Index::default();
        let mut plain: HashMap<Term, Vec<(Seq, u16)>> = HashMap::new();
        for (seq, terms) in articles.iter().enumerate() {
            index.add(seq as Seq, terms);
            for (t, w) in terms {
                let p = Weighted::new(seq as Seq, *w);
                plain
                    .entry(*t)
                    .or_default()
                    .push((p.key(), p.weight_bits()));
            }
        }
        (index, plain)
    }

    fn lists(index: &Index, t: Term) -> Vec<(Seq, u16)> {
        index
            .parts(t)
            .flatten()
            .map(|p| (p.key(), p.weight_bits()))
            .collect()
    }

    /// Articles of 40 terms drawn from a vocabulary of common and rare terms (a simple
    /// deterministic generator: no randomness crate).
    fn articles(n: usize) -> Vec<Vec<(Term, f32)>> {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..n)
            .map(|_| {
                let mut terms: Vec<(Term, f32)> = (0..40)
                    .map(|k| {
                        let r = next();
                        // A third from 200 common terms, the rest from a large vocabulary.
                        let t = if k % 3 == 0 {
                            (r % 200) as u32 * 0x0100_0193
                        } else {
                            r as u32
                        };
                        (t, (r >> 40) as f32 / (1u64 << 24) as f32)
                    })
                    .collect();
                terms.sort_unstable_by_key(|(t, _)| *t);
                terms.dedup_by_key(|(t, _)| *t);
                terms
            })
            .collect()
    }

    #[test]
    fn segments_hold_every_list_in_order_of_sequence_number() {
        let docs = articles(6_000);
        let (index, plain) = both(&docs);
        assert!(
            index.segments.len() >= 2,
            "{} segments",
            index.segments.len()
        );
        for (t, want) in &plain {
            assert_eq!(&lists(&index, *t), want, "term {t}");
        }
        assert_eq!(
            index.parts(12_345).count(),
            0,
            "an unknown term has no postings"
        );
        let seq = 4_321;
        let vector: Vec<(Term, u16)> = index
            .vector_of(seq)
            .into_iter()
            .map(|w| (w.key(), w.weight_bits()))
            .collect();
        let want: Vec<(Term, u16)> = docs[seq as usize]
            .iter()
            .map(|(t, w)| (*t, Weighted::new(seq, *w).weight_bits()))
            .collect();
        assert_eq!(vector, want);
        assert!(
            index
                .segments
                .iter()
                .all(|s| s.lists.len() <= MAX_SEGMENT_POSTINGS)
        );
    }

    #[test]
    fn a_sweep_and_a_dropped_segment_leave_only_live_postings() {
        let docs = articles(5_000);
        let (mut index, plain) = both(&docs);
        index.compact();
        assert!(index.recent.is_empty());
        let segments = index.segments.len();
        // The first 4,000 articles leave: whole segments go, the rest is swept.
        index.drop_before(4_000, 5_000);
        assert!(index.segments.len() < segments);
        index.sweep(|s| s >= 4_000);
        for (t, want) in &plain {
            let live: Vec<(Seq, u16)> = want.iter().copied().filter(|(s, _)| *s >= 4_000).collect();
            assert_eq!(lists(&index, *t), live, "term {t}");
        }
        assert!(index.all().all(|p| p.key() >= 4_000));
        // New articles still go after the old ones.
        index.add(5_000, &[(7, 0.5)]);
        assert_eq!(lists(&index, 7).last().map(|p| p.0), Some(5_000));
    }
}
