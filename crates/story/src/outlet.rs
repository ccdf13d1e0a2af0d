//! One outlet's document frequencies: in how many of its recent articles each term appears.
//!
//! The clusterer lowers the weight of a term by the share of the outlet's other articles that
//! carry it (its name, its city, its page furniture say which outlet wrote an article, not
//! which event it reports). A term seen in no other article of the outlet keeps its weight, so
//! only terms seen twice or more need a count. Most of an outlet's distinct terms are seen
//! once (an article's own rare words), and a wire of thousands of outlets holds a table for
//! each: the terms seen once are kept in a small Bloom filter (the doorkeeper of TinyLFU, Einziger
//! et al. 2017) and only the others get a count, six bytes each.
//!
//! The counts decay as a table of at most [`OutletTerms::MAX_TERMS`] distinct terms would:
//! past it, every count is halved and terms that fall to 0 are forgotten, so recent habits
//! weigh more than old ones. A false positive of the filter (about 2% of new terms once the
//! filter is in use) counts a new term as seen once before.

use serde::{Deserialize, Serialize};

use crate::text::Term;

/// Terms of one outlet: a count for each term seen in two or more of its recent articles, and
/// the set of terms seen since the last halving.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct OutletTerms {
    /// Terms counted twice or more, sorted; `counts[i]` belongs to `keys[i]` (a count past
    /// 65,535 stays there).
    keys: Vec<Term>,
    counts: Vec<u16>,
    /// Every term seen since the last halving.
    seen: SeenTerms,
    /// Distinct terms seen exactly once (as far as `seen` can tell).
    once: u32,
}

impl OutletTerms {
    /// Distinct terms an outlet's counts stand for before they are halved.
    pub(crate) const MAX_TERMS: usize = 2_000;

    /// In how many recent articles `term` appears: `None` for a term not seen since the last
    /// halving.
    pub(crate) fn get(&self, term: Term) -> Option<u32> {
        match self.keys.binary_search(&term) {
            Ok(i) => Some(u32::from(self.counts[i])),
            Err(_) => self.seen.contains(term).then_some(1),
        }
    }

    /// Distinct terms with a count of one or more.
    pub(crate) fn len(&self) -> usize {
        self.keys.len() + self.once as usize
    }

    /// Counts each of `terms` (sorted, distinct) once: one article.
    pub(crate) fn count(&mut self, terms: &[(Term, f32)]) {
        let mut second: Vec<Term> = Vec::new();
        for (t, _) in terms {
            match self.keys.binary_search(t) {
                Ok(i) => self.counts[i] = self.counts[i].saturating_add(1),
                Err(_) => {
                    if self.seen.insert(*t) {
                        self.once += 1;
                    } else {
                        self.once = self.once.saturating_sub(1);
                        second.push(*t);
                    }
                }
            }
        }
        if second.is_empty() {
            return;
        }
        // Merge from the back, in place: old and new keys are both sorted.
        let old = self.keys.len();
        let needed = old + second.len();
        if needed > self.keys.capacity() {
            // A quarter more, not double: thousands of outlets each hold a table.
            let room = (old + old / 4).max(needed).max(16) - old;
            self.keys.reserve_exact(room);
            self.counts.reserve_exact(room);
        }
        self.keys.resize(needed, 0);
        self.counts.resize(needed, 0);
        let (mut i, mut j) = (old, second.len());
        for k in (0..needed).rev() {
            if j == 0 {
                break;
            }
            if i > 0 && self.keys[i - 1] > second[j - 1] {
                self.keys[k] = self.keys[i - 1];
                self.counts[k] = self.counts[i - 1];
                i -= 1;
            } else {
                self.keys[k] = second[j - 1];
                self.counts[k] = 2;
                j -= 1;
            }
        }
    }

    /// Halves every count and the outlet's article count `docs`, forgetting terms that fall to
    /// 0; terms that fall to 1 move back to the seen-once set.
    pub(crate) fn decay(&mut self, docs: &mut u64) {
        let mut seen = SeenTerms::default();
        let mut once = 0;
        let mut kept = 0;
        for i in 0..self.keys.len() {
            let n = self.counts[i] / 2;
            if n >= 2 {
                self.keys[kept] = self.keys[i];
                self.counts[kept] = n;
                kept += 1;
            } else {
                // Keys move in sorted order: the seen-once list stays sorted.
                seen.insert(self.keys[i]);
                once += 1;
            }
        }
        self.keys.truncate(kept);
        self.counts.truncate(kept);
        // A halving forgets most terms; the room they took goes back (leaving the quarter
        // `count` grows by), or thousands of outlets would each keep their largest table.
        let room = kept + kept / 4;
        self.keys.shrink_to(room);
        self.counts.shrink_to(room);
        self.seen = seen;
        self.once = once;
        *docs = (*docs / 2).max(1);
    }

    /// Terms with a count of two or more, and the heap bytes of their counts and of the
    /// seen-once set (for the clusterer's census).
    pub(crate) fn census(&self) -> (usize, usize, usize) {
        (
            self.keys.len(),
            self.keys.capacity() * std::mem::size_of::<Term>()
                + self.counts.capacity() * std::mem::size_of::<u16>(),
            self.seen.heap_bytes(),
        )
    }
}

/// Bits of the filter; as many bytes as [`SeenTerms::EXACT_MAX`] terms held exactly.
const FILTER_WORDS: usize = 256;
const FILTER_BITS: u64 = (FILTER_WORDS * 64) as u64;
/// Bits set per term: about 2% false positives at 2,000 terms in 16,384 bits.
const FILTER_HASHES: u64 = 5;

/// A set of terms that can answer "seen before?": a sorted list while small, a Bloom filter
/// of 2 KB once the list would be larger than it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct SeenTerms {
    exact: Vec<Term>,
    /// Empty until the exact list outgrows it.
    filter: Vec<u64>,
}

impl SeenTerms {
    const EXACT_MAX: usize = FILTER_WORDS * 64 / 32;

    fn contains(&self, term: Term) -> bool {
        if self.filter.is_empty() {
            return self.exact.binary_search(&term).is_ok();
        }
        Self::probes(term).all(|b| self.filter[(b / 64) as usize] & (1 << (b % 64)) != 0)
    }

    /// Adds `term`; whether it was new (a filter can answer "not new" for a new term).
    fn insert(&mut self, term: Term) -> bool {
        if self.filter.is_empty() {
            let i = match self.exact.binary_search(&term) {
                Ok(_) => return false,
                Err(i) => i,
            };
            if self.exact.len() < Self::EXACT_MAX {
                if self.exact.capacity() == self.exact.len() {
                    let room = (self.exact.len() / 2)
                        .max(16)
                        .min(Self::EXACT_MAX - self.exact.len());
                    self.exact.reserve_exact(room);
                }
                self.exact.insert(i, term);
                return true;
            }
            self.filter = vec![0; FILTER_WORDS];
            for t in std::mem::take(&mut self.exact) {
                self.set(t);
            }
        }
        !self.set(term)
    }

    /// Sets `term`'s bits; whether all were set already.
    fn set(&mut self, term: Term) -> bool {
        let mut all = true;
        for b in Self::probes(term) {
            let (w, bit) = ((b / 64) as usize, 1u64 << (b % 64));
            all &= self.filter[w] & bit != 0;
            self.filter[w] |= bit;
        }
        all
    }

    /// The bit positions of `term` (double hashing over a 64-bit mix of it).
    fn probes(term: Term) -> impl Iterator<Item = u64> {
        let mut h = u64::from(term).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
        h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 32;
        let (a, b) = (h & 0xFFFF_FFFF, (h >> 32) | 1);
        (0..FILTER_HASHES).map(move |i| a.wrapping_add(i.wrapping_mul(b)) % FILTER_BITS)
    }

    fn heap_bytes(&self) -> usize {
        self.exact.capacity() * std::mem::size_of::<Term>()
            + self.filter.capacity() * std::mem::size_of::<u64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Articles of `n` terms drawn from `vocabulary` terms, sorted and distinct.
    fn articles(count: usize, n: usize, vocabulary: u64) -> Vec<Vec<(Term, f32)>> {
        let mut seed = 7u64;
        (0..count)
            .map(|_| {
                let mut terms: Vec<(Term, f32)> = (0..n)
                    .map(|_| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        (((seed >> 33) % vocabulary) as Term, 1.0)
                    })
                    .collect();
                terms.sort_unstable_by_key(|t| t.0);
                terms.dedup_by_key(|t| t.0);
                terms
            })
            .collect()
    }

    /// Runs `OutletTerms` beside a plain table of counts, halving both past `limit` terms.
    /// Returns the share of the table's terms whose count the outlet's terms got wrong.
    fn against_a_table(docs: &[Vec<(Term, f32)>], limit: usize) -> f64 {
        let mut c = OutletTerms::default();
        let mut table: HashMap<Term, u32> = HashMap::new();
        let (mut wrong, mut checked) = (0usize, 0usize);
        for terms in docs {
            c.count(terms);
            for (t, _) in terms {
                *table.entry(*t).or_default() += 1;
            }
            if c.len() > limit {
                let mut docs = 10;
                c.decay(&mut docs);
                assert_eq!(docs, 5);
                table.retain(|_, n| {
                    *n /= 2;
                    *n > 0
                });
            }
            assert!(c.keys.windows(2).all(|w| w[0] < w[1]), "keys stay sorted");
            assert_eq!(c.keys.len(), c.counts.len());
            for (t, n) in &table {
                checked += 1;
                // A filter may say a new term was seen once before, never the reverse.
                let got = c.get(*t).expect("a counted term is found");
                assert!(got >= *n, "term {t}: {got} < {n}");
                wrong += usize::from(got != *n);
            }
        }
        wrong as f64 / checked as f64
    }

    #[test]
    fn counts_are_exact_while_the_seen_terms_fit_in_a_list() {
        // 300 articles of 20 terms from 500: never more than EXACT_MAX distinct.
        let docs = articles(300, 20, 500);
        assert_eq!(against_a_table(&docs, 400), 0.0);
        let mut c = OutletTerms::default();
        c.count(&docs[0]);
        assert_eq!(c.get(10_000), None);
        assert_eq!(c.len(), docs[0].len());
    }

    #[test]
    fn counts_past_the_list_are_close_to_a_table() {
        // Articles of 150 terms from a vocabulary of 20,000: the table fills to
        // MAX_TERMS and is halved every dozen articles, as on a wire.
        let docs = articles(400, 150, 20_000);
        let wrong = against_a_table(&docs, OutletTerms::MAX_TERMS);
        assert!(wrong > 0.0, "the filter is in use");
        assert!(wrong < 0.02, "{wrong}");
        // Terms seen often keep their counts through a halving.
        let mut c = OutletTerms::default();
        let name = [(7, 1.0)];
        for d in &docs[..100] {
            c.count(d);
            c.count(&name);
            if c.len() > OutletTerms::MAX_TERMS {
                c.decay(&mut 100);
            }
        }
        assert!(c.get(7).unwrap() >= 12, "{:?}", c.get(7));
    }

    #[test]
    fn a_halving_keeps_what_a_table_keeps() {
        let mut c = OutletTerms::default();
        for _ in 0..5 {
            c.count(&[(1, 1.0), (2, 1.0), (3, 1.0)]);
        }
        c.count(&[(2, 1.0), (4, 1.0)]);
        c.count(&[(2, 1.0), (5, 1.0)]);
        // 1 and 3: 5; 2: 7; 4 and 5: 1.
        assert_eq!(c.len(), 5);
        let mut docs = 7;
        c.decay(&mut docs);
        assert_eq!(docs, 3);
        assert_eq!((c.get(1), c.get(2), c.get(3)), (Some(2), Some(3), Some(2)));
        assert_eq!((c.get(4), c.get(5)), (None, None));
        assert_eq!(c.len(), 3);
        c.decay(&mut docs);
        // 1 and 3 fall to 1, 2 to 1: all seen once.
        assert_eq!((c.get(1), c.get(2), c.get(3)), (Some(1), Some(1), Some(1)));
        assert_eq!(c.len(), 3);
        c.count(&[(1, 1.0)]);
        assert_eq!(c.get(1), Some(2));
        assert_eq!(c.len(), 3);
    }
}
