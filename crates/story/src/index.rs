//! The clusterer's inverted index: for each term, the postings (sequence number and weight) of
//! the window's indexed articles that carry it, in order of sequence number.
//!
//! The postings are most of the story desk's memory (48 an article), so the index keeps them
//! the way a search engine's segments do rather than as one growing vector per term. New
//! articles go to a small table of per-term vectors (`recent`); every [`FREEZE_POSTINGS`]
//! postings it is frozen into a [`Segment`]: its terms sorted, their lists one after another in
//! a single vector of exactly their size. Adjacent segments of similar size are merged, up to
//! [`MAX_SEGMENT_POSTINGS`], so a window holds a few large segments and a handful of small
//! ones. A term's list is then the concatenation of its lists in each segment, oldest first,
//! and in `recent`: still in order of sequence number.
//!
//! Against a table of 215,000 growing vectors on a week of a 2,000-outlet wire this removes a
//! vector header and an allocation per term, the room vectors grow into, and the holes their
//! reallocations leave in the allocator's pages; merging never holds more than one segment's
//! worth twice. A segment whose articles have all left the window is dropped whole.
//!
//! A part (a segment, or `recent`) spans fewer than 65,536 sequence numbers, so a posting
//! stores its article as an offset from the part's base: four bytes a posting
//! ([`Posting`]) where a sequence number and a weight take six.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use serde::{Deserialize, Serialize};

use crate::cluster::{MixHasher, Seq, Weighted};
use crate::text::Term;

/// Postings of `recent` frozen into a segment at once (about 1,400 articles).
pub(crate) const FREEZE_POSTINGS: usize = 1 << 16;

/// Segments are merged up to about this many postings (a freeze's worth more at most): the
/// most a merge copies while the parts are still held. A lookup reads every segment, so
/// larger segments make fewer of them.
pub(crate) const MAX_SEGMENT_POSTINGS: usize = 1 << 21;

/// The most sequence numbers one part spans, less one: its postings' offsets are 16-bit.
const MAX_SPAN: Seq = u16::MAX as Seq;

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;

/// An article's posting in a part: its sequence number less the part's base, and its term's
/// weight in 65,535ths (as [`Weighted`] rounds it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Posting {
    off: u16,
    weight: u16,
}

impl Posting {
    pub(crate) fn weight(self) -> f32 {
        f32::from(self.weight) * (1.0 / 65_535.0)
    }
}

/// The postings of one term in one part, with the base their offsets count from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part<'a> {
    pub(crate) base: Seq,
    pub(crate) list: &'a [Posting],
}

impl Part<'_> {
    /// The sequence number of a posting of this part.
    pub(crate) fn seq(&self, p: Posting) -> Seq {
        self.base.wrapping_add(Seq::from(p.off))
    }

    /// Calls `found(i, posting)` for each `(seq, i)` of `seqs` that has a posting here.
    /// `seqs` is in order of sequence number (as the window counts it: from its low end), so
    /// the list is walked once, galloping from one candidate's place to the next.
    pub(crate) fn find_each(&self, seqs: &[(Seq, usize)], mut found: impl FnMut(usize, Posting)) {
        let (Some(first), Some(last)) = (self.list.first(), self.list.last()) else {
            return;
        };
        let mut pos = 0;
        for &(seq, i) in seqs {
            let Ok(off) = u16::try_from(seq.wrapping_sub(self.base)) else {
                continue;
            };
            if off < first.off {
                continue;
            }
            if off > last.off {
                break;
            }
            // The first posting at or past `off`, from `pos` on: a doubling step, then a
            // binary search inside it.
            let mut step = 1;
            while pos + step < self.list.len() && self.list[pos + step].off < off {
                step *= 2;
            }
            let end = (pos + step + 1).min(self.list.len());
            let from = pos + step / 2;
            pos = from + self.list[from..end].partition_point(|p| p.off < off);
            match self.list.get(pos) {
                Some(p) if p.off == off => found(i, *p),
                Some(_) => {}
                None => break,
            }
        }
    }

    /// The posting of article `seq` here, if it has one (binary search, once `seq` is known
    /// to lie between the part's first and last posting: a candidate is looked for in every
    /// part of a long list, and most do not cover it).
    pub(crate) fn find(&self, seq: Seq) -> Option<Posting> {
        let off = u16::try_from(seq.wrapping_sub(self.base)).ok()?;
        let (first, last) = (self.list.first()?, self.list.last()?);
        if off < first.off || off > last.off {
            return None;
        }
        self.list
            .binary_search_by_key(&off, |p| p.off)
            .ok()
            .map(|i| self.list[i])
    }
}

/// A frozen part of the index: the postings of a run of consecutive sequence numbers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Segment {
    /// Distinct terms, sorted, each with the end of its list in `lists` (where the next
    /// term's begins): side by side, a lookup reads one cache line for both.
    terms: Vec<(Term, u32)>,
    lists: Vec<Posting>,
    /// `dir[b]..dir[b + 1]` are the positions in `terms` of the terms whose top `bits` bits
    /// are `b`: a lookup reads a bucket of two or three terms, not a binary search.
    dir: Vec<u32>,
    bits: u32,
    /// What the offsets count from (no article here is below it), and the highest sequence
    /// number held.
    base: Seq,
    last: Seq,
}

impl Segment {
    /// An empty segment of offsets from `base`, with room for `terms` terms and `postings`
    /// postings, to be filled with [`Segment::push`] in order of term and closed with
    /// [`Segment::seal`].
    fn with_capacity(base: Seq, terms: usize, postings: usize) -> Self {
        Segment {
            terms: Vec::with_capacity(terms),
            lists: Vec::with_capacity(postings),
            base,
            ..Segment::default()
        }
    }

    /// Appends the list of `t` (greater than every term so far): the postings `fill` adds to
    /// the vector it is given. A term left without postings is not kept.
    fn push(&mut self, t: Term, fill: impl FnOnce(&mut Vec<Posting>)) {
        let before = self.lists.len();
        fill(&mut self.lists);
        if self.lists.len() > before {
            self.terms.push((t, self.lists.len() as u32));
        }
    }

    /// Gives back the room not used and fills `dir` and `last`.
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
        let top = self.lists.iter().map(|p| p.off).max().unwrap_or(0);
        self.last = self.base.wrapping_add(Seq::from(top));
        self
    }

    fn bucket(&self, t: Term) -> usize {
        (u64::from(t) >> (32 - self.bits)) as usize
    }

    /// The postings of the `i`-th term.
    fn list_at(&self, i: usize) -> &[Posting] {
        let start = if i == 0 { 0 } else { self.terms[i - 1].1 };
        &self.lists[start as usize..self.terms[i].1 as usize]
    }

    /// The postings of `t` here (empty when it has none).
    fn list(&self, t: Term) -> &[Posting] {
        let b = self.bucket(t);
        let (lo, hi) = (self.dir[b] as usize, self.dir[b + 1] as usize);
        match self.terms[lo..hi].iter().position(|x| x.0 == t) {
            Some(i) => self.list_at(lo + i),
            None => &[],
        }
    }

    fn iter(&self) -> impl Iterator<Item = (Term, &[Posting])> {
        self.terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.0, self.list_at(i)))
    }

    /// Two adjacent segments as one (`self` the older), when they span at most `MAX_SPAN`
    /// sequence numbers together.
    fn merge(&self, newer: &Segment) -> Segment {
        let (a, b) = (&self.terms, &newer.terms);
        // The newer's offsets, counted from this one's base.
        let shift = newer.base.wrapping_sub(self.base) as u16;
        let shifted = |l: &mut Vec<Posting>, list: &[Posting]| {
            l.extend(list.iter().map(|p| Posting {
                off: p.off + shift,
                weight: p.weight,
            }));
        };
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
        let mut s = Segment::with_capacity(self.base, terms, self.lists.len() + newer.lists.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    s.push(x.0, |l| {
                        l.extend_from_slice(self.list_at(i));
                        shifted(l, newer.list_at(j));
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
                    s.push(y.0, |l| shifted(l, newer.list_at(j)));
                    j += 1;
                }
                (None, None) => break,
            }
        }
        s.seal()
    }

    /// This segment without the postings `live` rejects.
    fn filtered(&self, live: &impl Fn(Seq) -> bool) -> Segment {
        let base = self.base;
        let keep = |p: &Posting| live(base.wrapping_add(Seq::from(p.off)));
        let kept = self.lists.iter().filter(|p| keep(p)).count();
        let mut s = Segment::with_capacity(base, self.terms.len(), kept);
        for (t, list) in self.iter() {
            s.push(t, |l| l.extend(list.iter().copied().filter(|p| keep(p))));
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
    /// Postings added since the last freeze, by term, offsets from `recent_base`.
    recent: FastMap<Term, Vec<Posting>>,
    recent_base: Seq,
    recent_postings: usize,
}

impl Index {
    /// Adds the postings of article `seq`, newer than every article indexed so far.
    pub(crate) fn add(&mut self, seq: Seq, terms: &[(Term, f32)]) {
        if self.recent_postings > 0 && seq.wrapping_sub(self.recent_base) > MAX_SPAN {
            // Articles without postings (copies) took the numbers between.
            self.freeze();
        }
        if self.recent_postings == 0 {
            self.recent_base = seq;
        }
        let off = seq.wrapping_sub(self.recent_base) as u16;
        for (t, w) in terms {
            self.recent.entry(*t).or_default().push(Posting {
                off,
                weight: Weighted::new(seq, *w).weight_bits(),
            });
        }
        self.recent_postings += terms.len();
        if self.recent_postings >= FREEZE_POSTINGS {
            self.freeze();
        }
    }

    /// Freezes `recent` into a segment and merges the newest segments of similar size.
    pub(crate) fn freeze(&mut self) {
        if self.recent_postings > 0 {
            let mut lists: Vec<(Term, Vec<Posting>)> = self.recent.drain().collect();
            lists.sort_unstable_by_key(|(t, _)| *t);
            let mut segment =
                Segment::with_capacity(self.recent_base, lists.len(), self.recent_postings);
            for (t, list) in lists {
                segment.push(t, |l| l.extend_from_slice(&list));
            }
            self.recent_postings = 0;
            self.segments.push(segment.seal());
        }
        while let [.., older, newer] = self.segments.as_slice() {
            let (a, b) = (older.lists.len(), newer.lists.len());
            if a > 2 * b
                || a + b > MAX_SEGMENT_POSTINGS + FREEZE_POSTINGS
                || newer.last.wrapping_sub(older.base) > MAX_SPAN
            {
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
    pub(crate) fn parts(&self, t: Term) -> impl Iterator<Item = Part<'_>> {
        self.segments
            .iter()
            .map(move |s| Part {
                base: s.base,
                list: s.list(t),
            })
            .chain(self.recent.get(&t).map(|l| Part {
                base: self.recent_base,
                list: l,
            }))
            .filter(|p| !p.list.is_empty())
    }

    /// The `(term, weight)` postings of article `seq` (its vector), sorted by term: a scan of
    /// the whole index, for tools.
    pub(crate) fn vector_of(&self, seq: Seq) -> Vec<Weighted> {
        let found = |base: Seq, t: Term, list: &[Posting]| {
            Part { base, list }
                .find(seq)
                .map(|p| Weighted::from((t, p.weight)))
        };
        let mut v: Vec<Weighted> = self
            .segments
            .iter()
            .flat_map(|s| s.iter().filter_map(|(t, l)| found(s.base, t, l)))
            .chain(
                self.recent
                    .iter()
                    .filter_map(|(t, l)| found(self.recent_base, *t, l)),
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
        let base = self.recent_base;
        self.recent.retain(|_, list| {
            list.retain(|p| live(base.wrapping_add(Seq::from(p.off))));
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

    /// The sequence number of every posting, for tests.
    #[cfg(test)]
    pub(crate) fn all(&self) -> Vec<Seq> {
        let mut all = Vec::new();
        for s in &self.segments {
            all.extend(
                s.lists
                    .iter()
                    .map(|p| s.base.wrapping_add(Seq::from(p.off))),
            );
        }
        for l in self.recent.values() {
            all.extend(
                l.iter()
                    .map(|p| self.recent_base.wrapping_add(Seq::from(p.off))),
            );
        }
        all
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

    /// The index built by adding `articles` (terms of each) one after another, article `i`
    /// under sequence number `i * step` (the numbers between are copies, not indexed), and
    /// the plain per-term lists it must equal.
    fn both(articles: &[Vec<(Term, f32)>], step: Seq) -> (Index, HashMap<Term, Vec<(Seq, u16)>>) {
        let mut index = Index::default();
        let mut plain: HashMap<Term, Vec<(Seq, u16)>> = HashMap::new();
        for (i, terms) in articles.iter().enumerate() {
            let seq = i as Seq * step;
            index.add(seq, terms);
            for (t, w) in terms {
                let p = Weighted::new(seq, *w);
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
            .flat_map(|part| part.list.iter().map(move |p| (part.seq(*p), p.weight)))
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
        // Consecutive numbers; then numbers 23 apart, so that parts end on their span.
        for step in [1, 23] {
            let (index, plain) = both(&docs, step);
            assert!(
                index.segments.len() >= 2,
                "{} segments",
                index.segments.len()
            );
            for (t, want) in &plain {
                assert_eq!(&lists(&index, *t), want, "term {t}, step {step}");
            }
            assert_eq!(
                index.parts(12_345).count(),
                0,
                "an unknown term has no postings"
            );
            let i = 4_321;
            let seq = i as Seq * step;
            let vector: Vec<(Term, u16)> = index
                .vector_of(seq)
                .into_iter()
                .map(|w| (w.key(), w.weight_bits()))
                .collect();
            let want: Vec<(Term, u16)> = docs[i]
                .iter()
                .map(|(t, w)| (*t, Weighted::new(seq, *w).weight_bits()))
                .collect();
            assert_eq!(vector, want);
            for s in &index.segments {
                assert!(s.lists.len() <= MAX_SEGMENT_POSTINGS + FREEZE_POSTINGS);
                assert!(s.last.wrapping_sub(s.base) <= MAX_SPAN);
            }
        }
    }

    #[test]
    fn a_walk_of_a_list_finds_what_searches_one_by_one_find() {
        let docs = articles(6_000);
        let (index, _) = both(&docs, 7);
        // Candidates in order, some with a posting and some without, some beyond every part.
        let seqs: Vec<(Seq, usize)> = (0..9_000u32)
            .step_by(5)
            .map(|s| (s * 7 + s % 3, s as usize))
            .collect();
        let mut found = 0;
        for t in (0..200u32).map(|r| r * 0x0100_0193) {
            for part in index.parts(t) {
                let mut walked = Vec::new();
                part.find_each(&seqs, |i, p| walked.push((i, p)));
                let searched: Vec<(usize, Posting)> = seqs
                    .iter()
                    .filter_map(|&(s, i)| part.find(s).map(|p| (i, p)))
                    .collect();
                found += searched.len();
                assert_eq!(walked, searched, "term {t}");
            }
        }
        assert!(
            found > 1_000,
            "{found} postings found: the candidates are in the lists"
        );
    }

    #[test]
    fn a_sweep_and_a_dropped_segment_leave_only_live_postings() {
        let docs = articles(5_000);
        let (mut index, plain) = both(&docs, 1);
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
        assert!(index.all().iter().all(|s| *s >= 4_000));
        // New articles still go after the old ones, however far after.
        index.add(5_000, &[(7, 0.5)]);
        index.add(5_000 + 3 * MAX_SPAN, &[(7, 0.25)]);
        let sevens: Vec<Seq> = lists(&index, 7).iter().map(|p| p.0).collect();
        assert_eq!(sevens[sevens.len() - 2..], [5_000, 5_000 + 3 * MAX_SPAN]);
    }
}
