//! The index in memory: every word of the site with its stem, and every stem with the entries
//! that hold it, each scored. The ranking is decided here, at build time, as far as it can be:
//! the browser adds up the scores of the query's words and rewards entries that match every
//! word, and in their question (`search.js`).
//!
//! An entry's score for a stem is BM25F: its question, aliases, headings and answer are fields
//! of different weights, and the answer's length is normalised (a word in a short answer says
//! more than in a long one):
//!
//! ```text
//! tf    = 6·(in question) + 4·(in aliases) + 2·(in headings) + (in answer)
//! score = idf · tf·(k1 + 1) / (tf + k1·(1 − b + b·answer length / average answer length))
//! idf   = ln(1 + (N − n + 0.5) / (n + 0.5))      n: entries with the stem, N: all entries
//! ```
//!
//! with k1 = 1.2, b = 0.75, stored as a whole number, ten times the score, from 1 to 255.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::language::Language;
use super::words;

const QUESTION_WEIGHT: f64 = 6.0;
const ALIAS_WEIGHT: f64 = 4.0;
const HEADING_WEIGHT: f64 = 2.0;
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Scores are stored as `score × SCALE`, rounded, from 1 to 255.
const SCALE: f64 = 10.0;

/// Where a stem appears in an entry: bits of [`Posting::fields`].
pub const IN_QUESTION: u8 = 1;
pub const IN_ALIAS: u8 = 2;

/// What the index reads of one entry.
pub struct Document<'a> {
    pub question: &'a str,
    pub aliases: &'a [String],
    pub headings: Vec<&'a str>,
    pub answer: &'a str,
}

/// One entry holding one stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The entry's number, its position in the site's entries.
    pub entry: u32,
    /// Ten times its BM25F score, 1 to 255.
    pub score: u8,
    /// [`IN_QUESTION`], [`IN_ALIAS`].
    pub fields: u8,
}

/// A word of the site, folded.
#[derive(Debug)]
pub struct Word {
    pub text: String,
    /// Its stem, a position in [`Index::terms`].
    pub term: u32,
    /// How many entries hold it.
    pub entries: u32,
}

/// A stem and the entries that hold it, in entry order.
#[derive(Debug)]
pub struct Term {
    pub stem: String,
    pub postings: Vec<Posting>,
}

pub struct Index {
    /// Sorted as the browser compares strings (UTF-16 code units).
    pub words: Vec<Word>,
    /// Sorted the same way.
    pub terms: Vec<Term>,
    pub entries: usize,
}

/// How often a word appears in each field of one entry.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    question: u32,
    alias: u32,
    heading: u32,
    answer: u32,
}

impl Counts {
    fn is_empty(&self) -> bool {
        self.question == 0 && self.alias == 0 && self.heading == 0 && self.answer == 0
    }

    fn add(&mut self, other: Counts) {
        self.question += other.question;
        self.alias += other.alias;
        self.heading += other.heading;
        self.answer += other.answer;
    }

    fn fields(&self) -> u8 {
        let mut fields = 0;
        if self.question > 0 {
            fields |= IN_QUESTION;
        }
        if self.alias > 0 {
            fields |= IN_ALIAS;
        }
        fields
    }

    fn weighted(&self) -> f64 {
        QUESTION_WEIGHT * f64::from(self.question)
            + ALIAS_WEIGHT * f64::from(self.alias)
            + HEADING_WEIGHT * f64::from(self.heading)
            + f64::from(self.answer)
    }
}

/// Entries are counted in chunks of this many, each with a vocabulary of its own: a word is
/// stored once per chunk, not once per entry.
const CHUNK: usize = 128;

/// The words of a chunk of entries, each once, and each entry's counts of them.
struct Chunk {
    vocabulary: Vec<Box<str>>,
    /// Per entry: its words (positions in `vocabulary`) with their counts, and its answer's
    /// length in words.
    entries: Vec<(Vec<(u32, Counts)>, u32)>,
}

fn count(documents: &[Document]) -> Chunk {
    let mut ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut vocabulary: Vec<Box<str>> = Vec::new();
    // Counts of the entry being read, by word, and the words it has touched.
    let mut counts: Vec<Counts> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    let mut entries = Vec::with_capacity(documents.len());
    for document in documents {
        let mut add = |text: &str, field: fn(&mut Counts) -> &mut u32| {
            let mut n = 0;
            words::each(text, |word| {
                n += 1;
                let id = match ids.get(word) {
                    Some(&id) => id,
                    None => {
                        let id = vocabulary.len() as u32;
                        ids.insert(word.into(), id);
                        vocabulary.push(word.into());
                        counts.push(Counts::default());
                        id
                    }
                };
                let slot = &mut counts[id as usize];
                if slot.is_empty() {
                    touched.push(id);
                }
                *field(slot) += 1;
            });
            n
        };
        add(document.question, |c| &mut c.question);
        for alias in document.aliases {
            add(alias, |c| &mut c.alias);
        }
        for heading in &document.headings {
            add(heading, |c| &mut c.heading);
        }
        let length = add(document.answer, |c| &mut c.answer);
        let words = touched
            .drain(..)
            .map(|id| (id, std::mem::take(&mut counts[id as usize])))
            .collect();
        entries.push((words, length));
    }
    Chunk {
        vocabulary,
        entries,
    }
}

/// Orders strings as JavaScript does (by UTF-16 code unit), so that the browser's binary
/// searches over the index's sorted keys agree with the build's.
pub fn browser_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

impl Index {
    pub fn build(documents: &[Document], language: &Language) -> Index {
        let chunks: Vec<Chunk> = documents.par_chunks(CHUNK).map(count).collect();

        // The vocabulary: each distinct word once, with the number of entries holding it.
        let mut word_ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut word_texts: Vec<&str> = Vec::new();
        let mut word_entries: Vec<u32> = Vec::new();
        let local_to_global: Vec<Vec<u32>> = chunks
            .iter()
            .map(|chunk| {
                chunk
                    .vocabulary
                    .iter()
                    .map(|word| {
                        *word_ids.entry(word).or_insert_with(|| {
                            word_texts.push(word);
                            word_entries.push(0);
                            (word_texts.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();

        // Each word's stem, made once per word.
        let stems: Vec<String> = word_texts.par_iter().map(|w| language.stem(w)).collect();
        let mut term_ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut term_stems: Vec<&str> = Vec::new();
        let word_terms: Vec<u32> = stems
            .iter()
            .map(|stem| {
                *term_ids.entry(stem.as_str()).or_insert_with(|| {
                    term_stems.push(stem.as_str());
                    (term_stems.len() - 1) as u32
                })
            })
            .collect();

        // Each entry's counts by stem (its words' counts added up); then how many entries hold
        // each word and each stem.
        let by_term: Vec<Vec<(u32, Counts)>> = chunks
            .par_iter()
            .zip(&local_to_global)
            .flat_map_iter(|(chunk, global)| {
                chunk.entries.iter().map(|(words, _)| {
                    let mut terms: Vec<(u32, Counts)> = words
                        .iter()
                        .map(|(local, counts)| {
                            (word_terms[global[*local as usize] as usize], *counts)
                        })
                        .collect();
                    terms.sort_unstable_by_key(|(term, _)| *term);
                    terms.dedup_by(|(term, counts), (kept_term, kept)| {
                        let same = term == kept_term;
                        if same {
                            kept.add(*counts);
                        }
                        same
                    });
                    terms
                })
            })
            .collect();
        for (chunk, global) in chunks.iter().zip(&local_to_global) {
            for (words, _) in &chunk.entries {
                for (local, _) in words {
                    word_entries[global[*local as usize] as usize] += 1;
                }
            }
        }
        let lengths: Vec<u32> = chunks
            .iter()
            .flat_map(|chunk| chunk.entries.iter().map(|(_, length)| *length))
            .collect();
        let mut term_entries = vec![0u32; term_stems.len()];
        for entry in &by_term {
            for (term, _) in entry {
                term_entries[*term as usize] += 1;
            }
        }

        let total = documents.len() as f64;
        let average_length =
            (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / total.max(1.0)).max(1.0);
        // A stop word tells something in a question ("lost and found"), next to nothing in an
        // answer, where nearly every entry has it: its postings keep the questions and aliases
        // only, which keeps the longest lists of the index small.
        let mut stop_terms = vec![false; term_stems.len()];
        for (word, term) in word_texts.iter().zip(&word_terms) {
            if language.is_stop_word(word) {
                stop_terms[*term as usize] = true;
            }
        }
        let mut postings: Vec<Vec<Posting>> = term_entries
            .iter()
            .zip(&stop_terms)
            .map(|(&n, &stop)| Vec::with_capacity(if stop { 0 } else { n as usize }))
            .collect();
        for (entry, terms) in by_term.iter().enumerate() {
            let length_norm = 1.0 - B + B * f64::from(lengths[entry]) / average_length;
            for (term, counts) in terms {
                if stop_terms[*term as usize] && counts.fields() == 0 {
                    continue;
                }
                let n = f64::from(term_entries[*term as usize]);
                let idf = (1.0 + (total - n + 0.5) / (n + 0.5)).ln();
                let tf = counts.weighted();
                let score = idf * tf * (K1 + 1.0) / (tf + K1 * length_norm);
                postings[*term as usize].push(Posting {
                    entry: entry as u32,
                    score: (score * SCALE).round().clamp(1.0, 255.0) as u8,
                    fields: counts.fields(),
                });
            }
        }

        // Sorted as the browser sorts; word rows point at their term's new position.
        let mut term_order: Vec<u32> = (0..term_stems.len() as u32).collect();
        term_order.sort_by(|&a, &b| browser_order(term_stems[a as usize], term_stems[b as usize]));
        let mut new_term = vec![0u32; term_stems.len()];
        for (position, &old) in term_order.iter().enumerate() {
            new_term[old as usize] = position as u32;
        }
        let mut postings: Vec<Option<Vec<Posting>>> = postings.into_iter().map(Some).collect();
        let terms = term_order
            .iter()
            .map(|&old| Term {
                stem: term_stems[old as usize].to_string(),
                postings: postings[old as usize].take().unwrap_or_default(),
            })
            .collect();
        let mut words: Vec<Word> = word_texts
            .iter()
            .enumerate()
            .map(|(id, text)| Word {
                text: text.to_string(),
                term: new_term[word_terms[id] as usize],
                entries: word_entries[id],
            })
            .collect();
        words.sort_by(|a, b| browser_order(&a.text, &b.text));
        Index {
            words,
            terms,
            entries: documents.len(),
        }
    }

    /// The postings of the stem of `word`, if the site has the word.
    #[cfg(test)]
    pub fn postings(&self, word: &str) -> &[Posting] {
        self.words
            .binary_search_by(|w| browser_order(&w.text, word))
            .map(|i| self.terms[self.words[i].term as usize].postings.as_slice())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document<'a>(question: &'a str, answer: &'a str) -> Document<'a> {
        Document {
            question,
            aliases: &[],
            headings: Vec::new(),
            answer,
        }
    }

    fn score(index: &Index, word: &str, entry: u32) -> u8 {
        index
            .postings(word)
            .iter()
            .find(|p| p.entry == entry)
            .map_or(0, |p| p.score)
    }

    #[test]
    fn inflections_are_one_term() {
        let english = Language::of("en");
        let index = Index::build(
            &[
                document("Which stretches help?", "Gentle stretching."),
                document("When to rest", "Rest a day."),
            ],
            &english,
        );
        let postings = index.postings("stretches");
        assert_eq!(postings, index.postings("stretching"));
        assert_eq!(postings.len(), 1);
        assert_eq!(postings[0].fields, IN_QUESTION);
        assert!(
            index.postings("stretched").is_empty(),
            "not a word of the site"
        );
    }

    #[test]
    fn a_word_in_the_question_outweighs_the_same_word_in_an_answer() {
        let english = Language::of("en");
        let index = Index::build(
            &[
                document("Is ice good?", "It helps."),
                document("What helps?", "Ice helps."),
                document("Anything else?", "Rest."),
            ],
            &english,
        );
        assert!(score(&index, "ice", 0) > score(&index, "ice", 1));
        assert_eq!(index.postings("ice")[1].fields, 0);
    }

    #[test]
    fn a_rare_word_outweighs_a_common_one() {
        let english = Language::of("en");
        let index = Index::build(
            &[
                document("One", "back spasm ibuprofen"),
                document("Two", "back spasm"),
                document("Three", "back rest"),
            ],
            &english,
        );
        assert!(score(&index, "ibuprofen", 0) > score(&index, "spasm", 0));
        assert!(score(&index, "spasm", 0) > score(&index, "back", 0));
    }

    #[test]
    fn a_word_in_a_short_answer_outweighs_it_in_a_long_one() {
        let english = Language::of("en");
        let long = format!("heat {}", "word ".repeat(200));
        let index = Index::build(
            &[
                document("A", "heat helps"),
                document("B", &long),
                document("C", "rest"),
            ],
            &english,
        );
        assert!(score(&index, "heat", 0) > score(&index, "heat", 1));
    }

    #[test]
    fn aliases_are_their_own_field() {
        let english = Language::of("en");
        let aliases = vec!["Muscle cramp".to_string()];
        let index = Index::build(
            &[
                Document {
                    question: "What is a spasm?",
                    aliases: &aliases,
                    headings: Vec::new(),
                    answer: "A tight muscle.",
                },
                document("Other", "text"),
            ],
            &english,
        );
        assert_eq!(index.postings("cramp")[0].fields, IN_ALIAS);
        assert_eq!(index.postings("muscle")[0].fields, IN_ALIAS);
    }

    #[test]
    fn stop_words_are_indexed_in_questions_only() {
        let english = Language::of("en");
        let index = Index::build(
            &[
                document("Lost and found?", "Ask at the desk."),
                document("Fines", "Pay online and at the desk."),
            ],
            &english,
        );
        let and: Vec<u32> = index.postings("and").iter().map(|p| p.entry).collect();
        assert_eq!(and, [0]);
        assert_eq!(index.postings("desk").len(), 2);
    }

    #[test]
    fn keys_are_sorted_as_the_browser_sorts_them() {
        let english = Language::of("en");
        let index = Index::build(&[document("ﬀ 𝐀 a", "b")], &english);
        let texts: Vec<&str> = index.words.iter().map(|w| w.text.as_str()).collect();
        // By code point U+FB00 comes before U+1D400; in UTF-16 after it (0xFB00 > 0xD835).
        assert_eq!(texts, ["a", "b", "𝐀", "ﬀ"]);
    }
}
