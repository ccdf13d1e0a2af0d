//! Estimates of the heap memory the story desk's structures hold, from their capacities: what
//! a memory report lists (`Clusterer::heap_report`, `EntityTopics::heap_report`). Estimates,
//! not measurements: the allocator's rounding and the hash tables' exact layout are ignored.

use std::collections::{BTreeSet, HashMap};
use std::mem::size_of;

/// A hash table's slots for `capacity` entries (hashbrown: a power of two, 7/8 full at most),
/// each with its control byte.
pub fn map<K, V, S>(m: &HashMap<K, V, S>) -> usize {
    table::<(K, V)>(m.capacity())
}

pub(crate) fn set<K, S>(s: &std::collections::HashSet<K, S>) -> usize {
    table::<K>(s.capacity())
}

/// A hash table's slots for `capacity` entries of `T`.
pub(crate) fn table<T>(capacity: usize) -> usize {
    if capacity == 0 {
        return 0;
    }
    let buckets = (capacity * 8 / 7).next_power_of_two();
    buckets * (size_of::<T>() + 1)
}

/// A vector's room, used or not.
pub(crate) fn vec<T>(v: &Vec<T>) -> usize {
    v.capacity() * size_of::<T>()
}

/// A boxed slice's elements.
pub(crate) fn slice<T>(v: &[T]) -> usize {
    std::mem::size_of_val(v)
}

/// A B-tree set's elements with its nodes' room (about two thirds full).
pub(crate) fn btree<T>(s: &BTreeSet<T>) -> usize {
    s.len() * size_of::<T>() * 3 / 2
}

/// A string's heap bytes.
pub(crate) fn text(s: &str) -> usize {
    s.len()
}

/// One line of a report: what, how many, bytes.
#[derive(Debug, Clone)]
pub struct HeapLine {
    pub what: &'static str,
    pub count: usize,
    pub bytes: usize,
}

impl std::fmt::Display for HeapLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:<28} {:>10} {:>9.1} MB",
            self.what,
            self.count,
            self.bytes as f64 / 1_048_576.0
        )
    }
}
