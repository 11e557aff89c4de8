//! "Related questions": the entries an entry names in `related:`, then the most similar others.
//!
//! Similarity is the cosine of TF-IDF vectors over the words of the question (counted three
//! times), its aliases (twice) and its answer, plus each tag as a term of its own. It is
//! computed through an inverted index, each entry keeping only its strongest terms and very
//! common terms left out of the index, so the cost grows with the number of entries, not its
//! square. Ties go to the entry that comes first on the site: the result is deterministic.

use std::collections::HashMap;

use rayon::prelude::*;

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
        .map(|i| {
            let mut chosen: Vec<usize> = entries[i].related.clone();
            if chosen.len() >= count {
                return chosen;
            }
            let mut scores: HashMap<usize, f32> = HashMap::new();
            for &(term, weight) in &vectors[i] {
                for &(j, other) in postings.get(&term).map_or(&[][..], Vec::as_slice) {
                    if j != i {
                        *scores.entry(j).or_default() += weight * other;
                    }
                }
            }
            let mut ranked: Vec<(usize, f32)> = scores
                .into_iter()
                .filter(|&(j, s)| s >= MIN_SCORE && !chosen.contains(&j))
                .collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            chosen.extend(
                ranked
                    .into_iter()
                    .take(count - chosen.len())
                    .map(|(j, _)| j),
            );
            chosen
        })
        .collect()
}

/// Unit-length TF-IDF vectors `(term id, weight)`, each cut to its strongest terms.
fn tf_idf(entries: &[LinkedEntry]) -> Vec<Vec<(u32, f32)>> {
    let counts: Vec<HashMap<String, f32>> = entries.par_iter().map(term_counts).collect();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut document_frequency: Vec<u32> = Vec::new();
    for terms in &counts {
        for term in terms.keys() {
            let next = ids.len() as u32;
            let id = *ids.entry(term.as_str()).or_insert(next);
            if id as usize == document_frequency.len() {
                document_frequency.push(0);
            }
            document_frequency[id as usize] += 1;
        }
    }
    let n = entries.len() as f32;
    counts
        .par_iter()
        .map(|terms| {
            let mut vector: Vec<(u32, f32)> = terms
                .iter()
                .map(|(term, &tf)| {
                    let id = ids[term.as_str()];
                    let idf = (n / document_frequency[id as usize] as f32).ln();
                    (id, (1.0 + tf.ln()) * idf)
                })
                .filter(|&(_, w)| w > 0.0)
                .collect();
            vector.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            vector.truncate(TERMS_PER_ENTRY);
            let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            vector
                .iter_mut()
                .for_each(|(_, w)| *w /= norm.max(f32::EPSILON));
            vector
        })
        .collect()
}

/// term → entries having it, leaving out terms so common they would make the step quadratic
/// while telling little about relatedness.
fn postings(vectors: &[Vec<(u32, f32)>], n: usize) -> HashMap<u32, Vec<(usize, f32)>> {
    let limit = (n / 50).max(50);
    let mut postings: HashMap<u32, Vec<(usize, f32)>> = HashMap::new();
    for (i, vector) in vectors.iter().enumerate() {
        for &(term, weight) in vector {
            postings.entry(term).or_default().push((i, weight));
        }
    }
    postings.retain(|_, list| list.len() <= limit);
    postings
}

fn term_counts(entry: &LinkedEntry) -> HashMap<String, f32> {
    let mut counts = HashMap::new();
    let mut add = |text: &str, weight: f32| {
        for word in words(text) {
            *counts.entry(word).or_default() += weight;
        }
    };
    add(&entry.entry.question, 3.0);
    for alias in &entry.entry.aliases {
        add(alias, 2.0);
    }
    add(&entry.entry.answer.text, 1.0);
    for tag in &entry.entry.tags {
        *counts
            .entry(format!("#{}", tag.to_lowercase()))
            .or_default() += 3.0;
    }
    counts
}

/// Lowercase words of three letters or more; runs of Chinese or Japanese characters, which
/// have no spaces, become overlapping pairs of characters.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for run in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        let chars: Vec<char> = run.chars().flat_map(char::to_lowercase).collect();
        if chars.iter().any(|&c| is_cjk(c)) {
            words.extend(chars.windows(2).map(|pair| pair.iter().collect::<String>()));
        } else if chars.len() >= 3 {
            words.push(chars.into_iter().collect());
        }
    }
    words
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_and_cjk_is_split_in_pairs() {
        assert_eq!(words("Ice, or HEAT? ok"), ["ice", "heat"]);
        assert_eq!(words("上背部"), ["上背", "背部"]);
    }
}
