//! The index as files, under `search/`. Everything is JSON, and split so that a search loads
//! only what it needs, whatever the size of the site: the words and stems are cut into
//! shards by alphabetical range (a query word loads the one shard its range falls in), and
//! each entry's text is a file of its own (a result loads the entries it shows).
//!
//! ## Format, version 1
//!
//! **`search/index.json`**, the only file loaded before the first query:
//!
//! ```json
//! {
//!   "version": 1,
//!   "id": "8c1f…",              // changes with the content: shards are asked for with ?v=id
//!   "language": "en",
//!   "entries": 16,              // entries are numbered 0..entries, in the site's order
//!   "words": ["", "d", "m"],    // the first word of each words shard: words/0.json, …
//!   "terms": ["", "e", "r"],    // the first stem of each terms shard: terms/0.json, …
//!   "stop": ["a", "how", …],    // the language's stop words, folded
//!   "rules": [["ing", ""], ["ies", "i"], …],   // see below
//!   "categories": [["Causes", "causes/", 4], …],   // title, site path, entries
//!   "tags": [["neck", 3], …]                     // name, entries
//! }
//! ```
//!
//! Keys are folded words (`words.rs`: lower case, accents removed) and sorted by UTF-16 code
//! unit, as JavaScript compares strings; shard *i* holds the keys from its first key up to the
//! next shard's.
//!
//! **`search/words/<i>.json`**: `[[word, stem, entries], …]`, every word of the site with the
//! number of entries that hold it. `stem` is `0` when the stem is the word itself, a number
//! *n* when it is the word's first *n* UTF-16 code units, otherwise the stem itself. The
//! browser finds a typed word here, completes a word being typed, and corrects a misspelt one
//! against the words of the same first two letters.
//!
//! **`search/terms/<i>.json`**: `{stem: [Δentry, code, Δentry, code, …], …}`, the entries that
//! hold each stem, in order, each as the difference from the previous entry's number (the
//! first from 0) and `code = score × 4 + fields`: `score` is ten times the entry's BM25F score
//! for the stem, 1 to 255 (`index.rs`); `fields` has bit 1 when the stem is in the question,
//! bit 2 when in an alias. The stem of a stop word lists only the entries that have it in
//! their question or an alias.
//!
//! **`rules`** stem a query word the site does not have ("stretches" when the site only says
//! "stretching"): each is a word ending and what the stemmer made of it, learnt from the site's
//! own words ("stretching" → "stretch" gives `["ing", ""]`), most frequent first. A word ending
//! in the first gives a candidate stem; a candidate that is a stem of the site counts.
//!
//! **`search/entry/<n>.json`**: what a result shows of entry *n*:
//! `{"q": question, "u": site path, "c": category, "a": [aliases], "t": answer text,
//! "h": [[offset, heading, anchor], …], "g": [tag, …]}`. `c` and `g` are positions in
//! `categories` and `tags`; `t` is the answer's plain text, cut after about
//! [`EXCERPT_TEXT`] bytes; `offset` is where a heading starts in it, in UTF-16 code units.
//!
//! **`search/filters.json`**, loaded once a filter is chosen:
//! `{"category": [[Δentry, …], …], "tag": [[Δentry, …], …]}`, the entries of each category and
//! tag, by the positions of `categories` and `tags`.

use std::fmt::Write;

use rayon::prelude::*;

use super::index::{Index, Posting};
use super::language::Language;
use super::words::utf16_len;
use crate::link::Site;
use crate::output::OutputFile;

pub const VERSION: u8 = 1;
/// The most of an answer's text that an entry's file holds for excerpts, in bytes.
pub const EXCERPT_TEXT: usize = 6_000;
/// Shards are cut once they pass these sizes (bytes of JSON, before compression): a query
/// of three words loads about three of each, well under the 150 KB a first query may cost.
const WORDS_SHARD: usize = 12_000;
const TERMS_SHARD: usize = 24_000;
/// Rules kept: the frequent ones do nearly all the work.
const MAX_RULES: usize = 120;
/// The longest word ending a rule may remove, in characters.
const MAX_RULE_ENDING: usize = 6;

/// Paths under the output root.
pub const INDEX_FILE: &str = "search/index.json";

pub fn write(site: &Site, index: &Index, language: &Language, id: u64) -> Vec<OutputFile> {
    let words = shards(
        index.words.iter().map(|word| {
            let stem = &index.terms[word.term as usize].stem;
            let mut row = String::from("[");
            push_string(&mut row, &word.text);
            row.push(',');
            if *stem == word.text {
                row.push('0');
            } else if word.text.starts_with(stem.as_str()) {
                let _ = write!(row, "{}", utf16_len(stem));
            } else {
                push_string(&mut row, stem);
            }
            let _ = write!(row, ",{}]", word.entries);
            (word.text.as_str(), row)
        }),
        WORDS_SHARD,
        ('[', ']'),
    );
    let terms = shards(
        index.terms.iter().map(|term| {
            let mut row = String::new();
            push_string(&mut row, &term.stem);
            row.push(':');
            push_postings(&mut row, &term.postings);
            (term.stem.as_str(), row)
        }),
        TERMS_SHARD,
        ('{', '}'),
    );

    let mut files = Vec::with_capacity(site.entries.len() + words.len() + terms.len() + 2);
    files.push(OutputFile {
        path: INDEX_FILE.to_string(),
        contents: meta(site, index, language, id, &words, &terms).into_bytes(),
    });
    files.push(OutputFile {
        path: "search/filters.json".to_string(),
        contents: filters(site).into_bytes(),
    });
    for (folder, list) in [("words", words), ("terms", terms)] {
        files.extend(
            list.into_iter()
                .enumerate()
                .map(|(i, (_, json))| OutputFile {
                    path: format!("search/{folder}/{i}.json"),
                    contents: json.into_bytes(),
                }),
        );
    }
    files.par_extend(
        site.entries
            .par_iter()
            .enumerate()
            .map(|(n, entry)| OutputFile {
                path: format!("search/entry/{n}.json"),
                contents: entry_file(entry).into_bytes(),
            }),
    );
    files
}

fn meta(
    site: &Site,
    index: &Index,
    language: &Language,
    id: u64,
    words: &[(String, String)],
    terms: &[(String, String)],
) -> String {
    let first_keys = |list: &[(String, String)]| -> Vec<String> {
        list.iter().map(|(key, _)| key.clone()).collect()
    };
    let meta = serde_json::json!({
        "version": VERSION,
        "id": format!("{id:016x}"),
        "language": language.code,
        "entries": index.entries,
        "words": first_keys(words),
        "terms": first_keys(terms),
        "stop": language.stop_words,
        "rules": rules(index),
        "categories": site.categories.iter()
            .map(|c| serde_json::json!([c.title, c.path, c.entries.len()]))
            .collect::<Vec<_>>(),
        "tags": site.tags.iter()
            .map(|t| serde_json::json!([t.name, t.entries.len()]))
            .collect::<Vec<_>>(),
    });
    meta.to_string()
}

/// The word endings the stemmer removed or rewrote in the site's words, most frequent first
/// (see the format above).
fn rules(index: &Index) -> Vec<(String, String)> {
    let mut counts: rustc_hash::FxHashMap<(String, String), usize> = Default::default();
    for word in &index.words {
        let stem = &index.terms[word.term as usize].stem;
        if *stem == word.text {
            continue;
        }
        let common = word
            .text
            .chars()
            .zip(stem.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let ending: String = word.text.chars().skip(common).collect();
        let replacement: String = stem.chars().skip(common).collect();
        if !ending.is_empty() && ending.chars().count() <= MAX_RULE_ENDING {
            *counts.entry((ending, replacement)).or_default() += 1;
        }
    }
    let mut rules: Vec<((String, String), usize)> = counts.into_iter().collect();
    rules.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rules
        .into_iter()
        .take(MAX_RULES)
        .map(|(rule, _)| rule)
        .collect()
}

fn filters(site: &Site) -> String {
    let mut categories = vec![Vec::new(); site.categories.len()];
    let mut tags = vec![Vec::new(); site.tags.len()];
    for (n, entry) in site.entries.iter().enumerate() {
        categories[entry.category].push(n as u32);
        for &tag in &entry.tags {
            tags[tag].push(n as u32);
        }
    }
    let lists = |lists: Vec<Vec<u32>>| -> Vec<Vec<u32>> { lists.into_iter().map(deltas).collect() };
    serde_json::json!({ "category": lists(categories), "tag": lists(tags) }).to_string()
}

fn deltas(entries: Vec<u32>) -> Vec<u32> {
    let mut previous = 0;
    entries
        .into_iter()
        .map(|n| {
            let delta = n - previous;
            previous = n;
            delta
        })
        .collect()
}

fn entry_file(entry: &crate::link::LinkedEntry) -> String {
    let text = super::words::cut(&entry.entry.answer.text, EXCERPT_TEXT);
    let mut headings = Vec::new();
    let mut from = 0;
    for heading in &entry.entry.answer.headings {
        if let Some(at) = text[from..].find(heading.title.as_str()) {
            let at = from + at;
            headings.push(serde_json::json!([
                utf16_len(&text[..at]),
                heading.title,
                heading.id
            ]));
            from = at + heading.title.len();
        }
    }
    serde_json::json!({
        "q": entry.entry.question,
        "u": entry.path,
        "c": entry.category,
        "a": entry.entry.aliases,
        "t": text,
        "h": headings,
        "g": entry.tags,
    })
    .to_string()
}

/// Cuts rows (already in key order) into shards of about `target` bytes: each shard's first
/// key and its JSON (`open`, the rows separated by commas, `close`).
fn shards<'a>(
    rows: impl Iterator<Item = (&'a str, String)>,
    target: usize,
    (open, close): (char, char),
) -> Vec<(String, String)> {
    let mut shards: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for (key, row) in rows {
        if let Some((_, json)) = &current
            && json.len() + row.len() > target
        {
            shards.extend(current.take());
        }
        match &mut current {
            Some((_, json)) => {
                json.push(',');
                json.push_str(&row);
            }
            None => {
                // The first shard starts at "": every key at all falls in some shard.
                let first = if shards.is_empty() { "" } else { key };
                current = Some((first.to_string(), format!("{open}{row}")));
            }
        }
    }
    shards.extend(current);
    if shards.is_empty() {
        shards.push((String::new(), format!("{open}")));
    }
    for (_, json) in &mut shards {
        json.push(close);
    }
    shards
}

fn push_string(out: &mut String, text: &str) {
    // A string always serializes.
    out.push_str(&serde_json::to_string(text).unwrap_or_default());
}

fn push_postings(out: &mut String, postings: &[Posting]) {
    out.push('[');
    let mut previous = 0;
    for (i, posting) in postings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let code = u32::from(posting.score) * 4 + u32::from(posting.fields);
        let _ = write!(out, "{},{}", posting.entry - previous, code);
        previous = posting.entry;
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cut_at_the_target_and_start_with_their_first_key() {
        let rows = ["a", "b", "c", "d"].map(|k| (k, format!("\"{k}{}\"", "x".repeat(8))));
        let shards = shards(rows.into_iter(), 25, ('[', ']'));
        let keys: Vec<&str> = shards.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["", "c"]);
        assert_eq!(shards[0].1, "[\"axxxxxxxx\",\"bxxxxxxxx\"]");
        let parsed: Vec<String> = serde_json::from_str(&shards[1].1).unwrap();
        assert_eq!(parsed.len(), 2);
    }

    #[test]
    fn an_empty_index_still_has_one_shard() {
        let shards = shards(std::iter::empty(), 10, ('{', '}'));
        assert_eq!(shards, [(String::new(), "{}".to_string())]);
    }

    #[test]
    fn postings_are_deltas_and_codes() {
        let mut out = String::new();
        push_postings(
            &mut out,
            &[
                Posting {
                    entry: 3,
                    score: 10,
                    fields: 1,
                },
                Posting {
                    entry: 7,
                    score: 2,
                    fields: 0,
                },
            ],
        );
        assert_eq!(out, "[3,41,4,8]");
    }

    #[test]
    fn rules_are_learnt_from_the_sites_words() {
        let english = Language::of("en");
        let document = super::super::index::Document {
            question: "stretching stretches running runs",
            aliases: &[],
            headings: Vec::new(),
            answer: "happy happiness",
        };
        let index = Index::build(&[document], &english);
        let rules = rules(&index);
        assert!(
            rules.contains(&("ing".to_string(), String::new())),
            "{rules:?}"
        );
        assert!(
            rules.contains(&("y".to_string(), "i".to_string())),
            "{rules:?}"
        );
    }

    #[test]
    fn long_texts_are_cut_at_a_space() {
        let text = "word ".repeat(2_000);
        let cut = super::super::words::cut(&text, EXCERPT_TEXT);
        assert!(cut.len() <= EXCERPT_TEXT && cut.ends_with("word"));
    }
}
