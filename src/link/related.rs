//! "Related questions": the entries an entry names in `related:`, then the most similar others.
//!
//! Similarity is the cosine of TF-IDF vectors over the words of the question (counted three
//! times), its aliases (twice) and its answer, plus each tag as a term of its own. It is
//! computed through an inverted index, each entry keeping only its strongest terms and very
//! common terms left out of the index, so the cost grows with the number of entries, not its
//! square. Ties go to the entry that comes first on the site: the result is deterministic.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::LinkedEntry;

/// Terms kept per entry: enough to find neighbours, few enough to keep the step fast.
const TERMS_PER_ENTRY: usize = 24;
/// Below this score two entries are not really related.
const MIN_SCORE: f32 = 0.05;

/// For each entry, its explicit `related:` entries, then the most similar ones, `count` in all
/// (explicit ones are all kept, even past `count`).
pub fn related(entries: &[LinkedEntry], count: usize) -> Vec<Vec<usize>> {
    let vectors = tf_idf(entries);
    let postings = postings(&vectors, entries.len());
    (0..entries.len())
        .into_par_iter()
        // Scores accumulate in a dense array per thread, cleared through the list of entries
        // touched: much cheaper than a map per entry.
        .map_init(
            || (vec![0.0_f32; entries.len()], Vec::new()),
            |(scores, touched), i| {
                let mut chosen: Vec<usize> = entries[i].related.clone();
                if chosen.len() >= count {
                    return chosen;
                }
                for &(term, weight) in &vectors[i] {
                    for &(j, other) in &postings[term as usize] {
                        if scores[j] == 0.0 {
                            touched.push(j);
                        }
                        scores[j] += weight * other;
                    }
                }
                let mut ranked: Vec<(usize, f32)> = touched
                    .drain(..)
                    .map(|j| (j, std::mem::take(&mut scores[j])))
                    .filter(|&(j, s)| j != i && s >= MIN_SCORE && !chosen.contains(&j))
                    .collect();
                ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                chosen.extend(
                    ranked
                        .into_iter()
                        .take(count - chosen.len())
                        .map(|(j, _)| j),
                );
                chosen
            },
        )
        .collect()
}

/// Unit-length TF-IDF vectors `(term id, weight)`, each cut to its strongest terms.
fn tf_idf(entries: &[LinkedEntry]) -> Vec<Vec<(u32, f32)>> {
    let counts: Vec<Vec<(u64, f32)>> = entries.par_iter().map(term_counts).collect();
    let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
    let mut document_frequency: Vec<u32> = Vec::new();
    // Ids in the order terms are first met, which is deterministic: entries in site order,
    // each one's terms sorted.
    let with_ids: Vec<Vec<(u32, f32)>> = counts
        .into_iter()
        .map(|terms| {
            terms
                .into_iter()
                .map(|(term, tf)| {
                    let next = ids.len() as u32;
                    let id = *ids.entry(term).or_insert(next);
                    if id as usize == document_frequency.len() {
                        document_frequency.push(0);
                    }
                    document_frequency[id as usize] += 1;
                    (id, tf)
                })
                .collect()
        })
        .collect();
    let n = entries.len() as f32;
    with_ids
        .into_par_iter()
        .map(|terms| {
            let mut vector: Vec<(u32, f32)> = terms
                .into_iter()
                .map(|(id, tf)| {
                    let idf = (n / document_frequency[id as usize] as f32).ln();
                    (id, (1.0 + tf.ln()) * idf)
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
        })
        .collect()
}

/// For each term id, the entries having it, leaving out terms so common they would make the
/// step quadratic while telling little about relatedness.
fn postings(vectors: &[Vec<(u32, f32)>], n: usize) -> Vec<Vec<(usize, f32)>> {
    let limit = (n / 50).max(50);
    let terms = vectors
        .iter()
        .flatten()
        .map(|&(term, _)| term as usize + 1)
        .max()
        .unwrap_or(0);
    let mut postings: Vec<Vec<(usize, f32)>> = vec![Vec::new(); terms];
    for (i, vector) in vectors.iter().enumerate() {
        for &(term, weight) in vector {
            postings[term as usize].push((i, weight));
        }
    }
    for list in &mut postings {
        if list.len() > limit {
            list.clear();
        }
    }
    postings
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
