//! "Related questions": the entries an entry names in `related:`, then the most similar others.
//!
//! Similarity is the cosine of TF-IDF vectors over the words of the question (counted three
//! times), its aliases (twice) and its answer, plus each tag as a term of its own. It is
//! computed through an inverted index, each entry keeping only its strongest terms and very
//! common terms left out of the index, so the cost grows with the number of entries, not its
//! square. Ties go to the entry that comes first on the site: the result is deterministic.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::LinkedEntry;

/// Terms kept per entry: enough to find neighbours, few enough to keep the step fast.
const TERMS_PER_ENTRY: usize = 24;
/// A term in more entries than a fiftieth of the site, but at least `MIN_POSTINGS` and at most
/// `MAX_POSTINGS`, is too common to tell which entries are related. The upper bound keeps the
/// cost of finding an entry's neighbours the same at any size: at 100,000 entries a bound
/// growing with the site made the step quadratic (12 s against 0.3 s at 10,000).
const MIN_POSTINGS: usize = 50;
const MAX_POSTINGS: usize = 200;
/// Below this score two entries are not really related.
const MIN_SCORE: f32 = 0.05;

/// A term (by the hash of its text) and its weight.
type Terms = Arc<[(u64, f32)]>;

/// What the step made, kept with the site so that the next run redoes only what an edit
/// changed: aligned with [`Site::entries`].
#[derive(Debug, Default)]
pub struct Similarity {
    known: Vec<Known>,
    /// Entries having each term.
    document_frequency: FxHashMap<u64, u32>,
    /// For each term, the entries whose vector has it (by index, in order), with its weight.
    postings: Postings,
}

type Postings = FxHashMap<u64, Vec<(usize, f32)>>;

#[derive(Debug, Clone)]
struct Known {
    counts: Terms,
    vector: Terms,
    /// The entries named in `related:`, as they were then.
    chosen: Vec<usize>,
    /// The most similar entries chosen (not those named in `related:`), with their scores.
    similar: Vec<(usize, f32)>,
}

/// For each entry, its explicit `related:` entries, then the most similar ones, `count` in all
/// (explicit ones are all kept, even past `count`). `previous` is the site as last linked
/// with the same settings, with the similarity it kept: entries whose terms and neighbours
/// did not change keep their result, and the answer equals the one computed from nothing.
pub fn related(
    entries: &[LinkedEntry],
    count: usize,
    previous: Option<(&[LinkedEntry], Similarity)>,
) -> (Vec<Vec<usize>>, Similarity) {
    let (old_entries, taken) = match previous {
        Some((old, similarity)) if similarity.known.len() == old.len() => (old, similarity),
        _ => (&[][..], Similarity::default()),
    };
    let Similarity {
        known: old_known,
        document_frequency: old_frequency,
        postings: old_postings,
    } = taken;
    let before: Option<(&[LinkedEntry], &[Known])> =
        (!old_entries.is_empty()).then_some((old_entries, old_known.as_slice()));
    let old_of = old_indexes(entries, old_entries);
    let counts: Vec<Terms> = entries
        .par_iter()
        .zip(&old_of)
        .map(|(entry, &old)| {
            let same = old
                .zip(before)
                .filter(|&(k, (old, _))| Arc::ptr_eq(&old[k].entry, &entry.entry));
            match same {
                Some((k, (_, known))) => Arc::clone(&known[k].counts),
                None => term_counts(entry).into(),
            }
        })
        .collect();
    let n = entries.len();
    // With another number of entries every weight changes: nothing is kept.
    let before = before.filter(|(old, _)| old.len() == n);
    let (document_frequency, changed_terms) = match before {
        Some((_, known)) => updated_frequencies(old_frequency, known, &counts, &old_of),
        None => frequencies(&counts),
    };
    let vectors: Vec<Terms> = (0..n)
        .into_par_iter()
        .map(|i| {
            let kept = old_of[i].zip(before).filter(|&(k, (_, known))| {
                let old = &known[k];
                (Arc::ptr_eq(&old.counts, &counts[i]) || *old.counts == *counts[i])
                    && (changed_terms.is_empty()
                        || !counts[i]
                            .iter()
                            .any(|(term, _)| changed_terms.contains(term)))
            });
            match kept {
                Some((k, (_, known))) => Arc::clone(&known[k].vector),
                None => vector(&counts[i], &document_frequency, n).into(),
            }
        })
        .collect();
    // As many entries as before: the postings of each place whose vector changed are redone
    // (an entry that moved is a change at both places), which gives the postings made anew.
    let postings = match before {
        Some((_, known)) if known.len() == vectors.len() => {
            updated_postings(old_postings, known, &vectors)
        }
        _ => postings(&vectors),
    };
    let limit = (n / 50).clamp(MIN_POSTINGS, MAX_POSTINGS);
    let scoring = Scoring {
        entries,
        vectors: &vectors,
        postings: &postings,
        limit,
    };
    let similar: Vec<Vec<(usize, f32)>> = match before {
        Some((_, known)) => {
            let update = Update::new(&scoring, known, &old_of);
            (0..n)
                .into_par_iter()
                .map_init(
                    || vec![0.0_f32; n],
                    |scores, i| update.similar(i, count, scores),
                )
                .collect()
        }
        None => (0..n)
            .into_par_iter()
            .map_init(
                || vec![0.0_f32; n],
                |scores, i| scoring.similar(i, count, scores),
            )
            .collect(),
    };
    let related = similar
        .iter()
        .zip(entries)
        .map(|(similar, entry)| {
            let mut chosen = entry.related.clone();
            chosen.extend(similar.iter().map(|&(j, _)| j));
            chosen
        })
        .collect();
    let known = counts
        .into_iter()
        .zip(vectors)
        .zip(similar)
        .zip(entries)
        .map(|(((counts, vector), similar), entry)| Known {
            counts,
            vector,
            chosen: entry.related.clone(),
            similar,
        })
        .collect();
    (
        related,
        Similarity {
            known,
            document_frequency,
            postings,
        },
    )
}

/// The number of entries having each term, and every term (none changed: counted anew).
fn frequencies(counts: &[Terms]) -> (FxHashMap<u64, u32>, FxHashSet<u64>) {
    let mut frequency: FxHashMap<u64, u32> = FxHashMap::default();
    for terms in counts {
        for &(term, _) in terms.iter() {
            *frequency.entry(term).or_default() += 1;
        }
    }
    (frequency, FxHashSet::default())
}

/// The position in `old` of each of `entries`, if it was there. Usually every entry is where
/// it was, which is told without a map.
fn old_indexes(entries: &[LinkedEntry], old: &[LinkedEntry]) -> Vec<Option<usize>> {
    let same_place = entries.len() == old.len()
        && entries.iter().zip(old).all(|(new, old)| {
            Arc::ptr_eq(&new.entry, &old.entry) || new.entry.file.source == old.entry.file.source
        });
    if same_place {
        return (0..entries.len()).map(Some).collect();
    }
    let old_index: FxHashMap<&str, usize> = old
        .iter()
        .enumerate()
        .map(|(k, e)| (e.entry.file.source.as_str(), k))
        .collect();
    entries
        .iter()
        .map(|e| old_index.get(e.entry.file.source.as_str()).copied())
        .collect()
}

/// The previous postings, made from the vectors of `known`, redone in place for each place
/// where `vectors` (as many) differs.
fn updated_postings(mut postings: Postings, known: &[Known], vectors: &[Terms]) -> Postings {
    for (i, (old, new)) in known.iter().zip(vectors).enumerate() {
        if Arc::ptr_eq(&old.vector, new) || *old.vector == **new {
            continue;
        }
        for (term, _) in old.vector.iter() {
            if let Some(list) = postings.get_mut(term) {
                if let Ok(at) = list.binary_search_by_key(&i, |&(j, _)| j) {
                    list.remove(at);
                }
                if list.is_empty() {
                    postings.remove(term);
                }
            }
        }
        for &(term, weight) in new.iter() {
            let list = postings.entry(term).or_default();
            match list.binary_search_by_key(&i, |&(j, _)| j) {
                Ok(at) => list[at] = (i, weight),
                Err(at) => list.insert(at, (i, weight)),
            }
        }
    }
    postings
}

/// The previous frequencies, less the terms of entries gone or changed, plus those of entries
/// new or changed; and the terms whose frequency is not what it was.
fn updated_frequencies(
    mut frequency: FxHashMap<u64, u32>,
    known: &[Known],
    counts: &[Terms],
    old_of: &[Option<usize>],
) -> (FxHashMap<u64, u32>, FxHashSet<u64>) {
    let mut delta: FxHashMap<u64, i64> = FxHashMap::default();
    let mut still_there = vec![false; known.len()];
    for (i, terms) in counts.iter().enumerate() {
        let old = old_of[i].map(|k| {
            still_there[k] = true;
            &known[k].counts
        });
        if old.is_some_and(|old| Arc::ptr_eq(old, terms) || **old == **terms) {
            continue;
        }
        for &(term, _) in old.into_iter().flat_map(|t| t.iter()) {
            *delta.entry(term).or_default() -= 1;
        }
        for &(term, _) in terms.iter() {
            *delta.entry(term).or_default() += 1;
        }
    }
    for (k, known) in known.iter().enumerate() {
        if !still_there[k] {
            for &(term, _) in known.counts.iter() {
                *delta.entry(term).or_default() -= 1;
            }
        }
    }
    let mut changed = FxHashSet::default();
    for (term, delta) in delta.into_iter().filter(|&(_, d)| d != 0) {
        changed.insert(term);
        let slot = frequency.entry(term).or_default();
        *slot = (i64::from(*slot) + delta).max(0) as u32;
        if *slot == 0 {
            frequency.remove(&term);
        }
    }
    (frequency, changed)
}

/// The unit-length TF-IDF vector of an entry's term counts, cut to its strongest terms; ties
/// go to the smaller term hash, so the vector depends on nothing but the counts.
fn vector(counts: &[(u64, f32)], frequency: &FxHashMap<u64, u32>, n: usize) -> Vec<(u64, f32)> {
    let n = n as f32;
    let mut vector: Vec<(u64, f32)> = counts
        .iter()
        .map(|&(term, tf)| {
            let df = frequency.get(&term).copied().unwrap_or(1).max(1);
            let idf = (n / df as f32).ln();
            (term, (1.0 + tf.ln()) * idf)
        })
        .filter(|&(_, w)| w > 0.0)
        .collect();
    vector.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    vector.truncate(TERMS_PER_ENTRY);
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    vector
        .iter_mut()
        .for_each(|(_, w)| *w /= norm.max(f32::EPSILON));
    vector
}

/// For each term, the entries whose vector has it, with its weight there.
fn postings(vectors: &[Terms]) -> FxHashMap<u64, Vec<(usize, f32)>> {
    let mut postings: FxHashMap<u64, Vec<(usize, f32)>> = FxHashMap::default();
    for (i, vector) in vectors.iter().enumerate() {
        for &(term, weight) in vector.iter() {
            postings.entry(term).or_default().push((i, weight));
        }
    }
    postings
}

/// What scoring reads: the vectors, and the postings of each term. A term in more than
/// `limit` vectors is left out: so common, it would make the step quadratic while telling
/// little about relatedness.
struct Scoring<'a> {
    entries: &'a [LinkedEntry],
    vectors: &'a [Terms],
    postings: &'a FxHashMap<u64, Vec<(usize, f32)>>,
    limit: usize,
}

impl Scoring<'_> {
    fn counted(&self, term: u64) -> Option<&[(usize, f32)]> {
        self.postings
            .get(&term)
            .map(Vec::as_slice)
            .filter(|list| list.len() <= self.limit)
    }

    /// The entries most similar to entry `i`, with their scores, from all of them. Scores
    /// accumulate in a dense array (`scores`, all zero between calls), much cheaper than a map.
    fn similar(&self, i: usize, count: usize, scores: &mut [f32]) -> Vec<(usize, f32)> {
        let chosen = &self.entries[i].related;
        if chosen.len() >= count {
            return Vec::new();
        }
        let mut touched = Vec::new();
        for &(term, weight) in self.vectors[i].iter() {
            for &(j, other) in self.counted(term).unwrap_or_default() {
                if scores[j] == 0.0 {
                    touched.push(j);
                }
                scores[j] += weight * other;
            }
        }
        let candidates = touched
            .into_iter()
            .map(|j| (j, std::mem::take(&mut scores[j])));
        self.best(i, candidates, count - chosen.len())
    }

    /// The score of the pair (i, j), added up in the order [`Scoring::similar`] adds it.
    fn score(&self, i: usize, j: usize) -> f32 {
        let other = &self.vectors[j];
        let mut score = 0.0;
        for &(term, weight) in self.vectors[i].iter() {
            if let Some(&(_, w)) = other.iter().find(|(t, _)| *t == term)
                && self.counted(term).is_some()
            {
                score += weight * w;
            }
        }
        score
    }

    /// The `take` best of `candidates` for entry `i`: not itself, not named in `related:`,
    /// scoring at least [`MIN_SCORE`]; ties go to the entry whose file comes first.
    fn best(
        &self,
        i: usize,
        candidates: impl Iterator<Item = (usize, f32)>,
        take: usize,
    ) -> Vec<(usize, f32)> {
        let chosen = &self.entries[i].related;
        let source = |j: usize| self.entries[j].entry.file.source.as_str();
        let mut ranked: Vec<(usize, f32)> = candidates
            .filter(|&(j, s)| j != i && s >= MIN_SCORE && !chosen.contains(&j))
            .collect();
        ranked.sort_unstable_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| source(a.0).cmp(source(b.0)))
        });
        ranked.truncate(take);
        ranked
    }
}

/// Redoes, after an edit, only the entries whose neighbours may have changed.
struct Update<'a> {
    scoring: &'a Scoring<'a>,
    before: &'a [Known],
    old_of: &'a [Option<usize>],
    /// New index of each entry of the previous site, if it is still there.
    new_of: Vec<Option<usize>>,
    /// Entries (new indexes) whose vector is not what it was, or that are new.
    changed: FxHashSet<usize>,
    /// Whether an entry of the previous site is gone or has another vector.
    old_changed: Vec<bool>,
    /// Entries sharing a term with a changed vector, before or after the change.
    affected: FxHashSet<usize>,
    /// Terms counted before and left out now, or the other way round.
    flipped: FxHashSet<u64>,
    /// `related:` of each entry of the previous site, as new indexes.
    old_chosen: Vec<Vec<Option<usize>>>,
}

impl<'a> Update<'a> {
    fn new(
        scoring: &'a Scoring<'a>,
        before: &'a [Known],
        old_of: &'a [Option<usize>],
    ) -> Update<'a> {
        let mut new_of = vec![None; before.len()];
        for (i, old) in old_of.iter().enumerate() {
            if let Some(k) = *old {
                new_of[k] = Some(i);
            }
        }
        let changed: FxHashSet<usize> = (0..scoring.vectors.len())
            .filter(|&i| match old_of[i] {
                Some(k) => *before[k].vector != *scoring.vectors[i],
                None => true,
            })
            .collect();
        let old_changed: Vec<bool> = new_of
            .iter()
            .map(|new| new.is_none_or(|i| changed.contains(&i)))
            .collect();
        let mut terms: FxHashSet<u64> = FxHashSet::default();
        for &i in &changed {
            terms.extend(scoring.vectors[i].iter().map(|(t, _)| *t));
        }
        for (k, _) in old_changed.iter().enumerate().filter(|(_, c)| **c) {
            terms.extend(before[k].vector.iter().map(|(t, _)| *t));
        }
        // How many vectors had each of these terms: those that have it now, less the changed
        // ones that have it now, plus the changed or gone ones that had it.
        let mut then: FxHashMap<u64, i64> = FxHashMap::default();
        for &i in &changed {
            for (term, _) in scoring.vectors[i].iter() {
                *then.entry(*term).or_default() -= 1;
            }
        }
        for (k, _) in old_changed.iter().enumerate().filter(|(_, c)| **c) {
            for (term, _) in before[k].vector.iter() {
                *then.entry(*term).or_default() += 1;
            }
        }
        let mut affected = FxHashSet::default();
        let mut flipped = FxHashSet::default();
        for &term in &terms {
            let list = scoring.postings.get(&term).map_or(&[][..], Vec::as_slice);
            let now = list.len();
            let before_count = now as i64 + then.get(&term).copied().unwrap_or(0);
            if (now > scoring.limit) != (before_count > scoring.limit as i64) {
                flipped.insert(term);
            }
            affected.extend(list.iter().map(|&(i, _)| i));
        }
        let old_chosen = before
            .iter()
            .map(|known| known.chosen.iter().map(|&k| new_of[k]).collect())
            .collect();
        Update {
            scoring,
            before,
            old_of,
            new_of,
            changed,
            old_changed,
            affected,
            flipped,
            old_chosen,
        }
    }

    fn similar(&self, i: usize, count: usize, scores: &mut [f32]) -> Vec<(usize, f32)> {
        let Some(k) = self.old_of[i] else {
            return self.scoring.similar(i, count, scores);
        };
        let chosen = &self.scoring.entries[i].related;
        let same_chosen = self.old_chosen[k].len() == chosen.len()
            && self.old_chosen[k]
                .iter()
                .zip(chosen)
                .all(|(a, b)| *a == Some(*b));
        if self.changed.contains(&i) || !same_chosen {
            return self.scoring.similar(i, count, scores);
        }
        let old: Option<Vec<(usize, f32)>> = self.before[k]
            .similar
            .iter()
            .map(|&(j, s)| {
                (!self.old_changed[j])
                    .then_some(self.new_of[j])
                    .flatten()
                    .map(|j| (j, s))
            })
            .collect();
        let Some(old) = old else {
            return self.scoring.similar(i, count, scores);
        };
        if !self.affected.contains(&i) {
            return old;
        }
        let vector = &self.scoring.vectors[i];
        if vector.iter().any(|(t, _)| self.flipped.contains(t)) {
            return self.scoring.similar(i, count, scores);
        }
        let fresh = self
            .changed
            .iter()
            .map(|&j| (j, self.scoring.score(i, j)))
            .filter(|&(_, s)| s > 0.0);
        let take = count.saturating_sub(chosen.len());
        self.scoring.best(i, old.into_iter().chain(fresh), take)
    }
}

/// The entry's terms with their weighted counts, sorted. A term is known by a 64-bit hash of
/// its text, not the text: 10,000 answers' words as strings would be the largest thing in
/// memory for a moment. Two words sharing a hash (odds about 1 in 10^9 for a site's whole
/// vocabulary) would only count as one term.
fn term_counts(entry: &LinkedEntry) -> Vec<(u64, f32)> {
    let mut counts: FxHashMap<u64, f32> = FxHashMap::default();
    let mut add = |text: &str, weight: f32| {
        words(text, |word| {
            *counts.entry(term_key(word)).or_default() += weight
        });
    };
    add(&entry.entry.question, 3.0);
    for alias in &entry.entry.aliases {
        add(alias, 2.0);
    }
    add(&entry.entry.answer.text, 1.0);
    for tag in entry.entry.tags.iter().map(|t| &t.value) {
        *counts
            .entry(term_key(&format!("#{}", tag.to_lowercase())))
            .or_default() += 3.0;
    }
    let mut counts: Vec<(u64, f32)> = counts.into_iter().collect();
    counts.sort_unstable_by_key(|&(term, _)| term);
    counts
}

fn term_key(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// Calls `each` with the lowercase words of three letters or more; runs of Chinese or
/// Japanese characters, which have no spaces, become overlapping pairs of characters.
fn words(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    for run in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        if run.chars().any(is_cjk) {
            let chars: Vec<char> = run.chars().flat_map(char::to_lowercase).collect();
            for pair in chars.windows(2) {
                word.clear();
                word.extend(pair);
                each(&word);
            }
        } else if run.chars().nth(2).is_some() {
            word.clear();
            word.extend(run.chars().flat_map(char::to_lowercase));
            each(&word);
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_and_cjk_is_split_in_pairs() {
        let collect = |text: &str| {
            let mut all = Vec::new();
            words(text, |w| all.push(w.to_owned()));
            all
        };
        assert_eq!(collect("Ice, or HEAT? ok"), ["ice", "heat"]);
        assert_eq!(collect("上背部"), ["上背", "背部"]);
    }
}
