//! FAQ lint for `faqgen check`: what builds fine but reads badly. Near-duplicate questions,
//! entries without tags, questions without a question mark, answers of a few words, and
//! answers not updated for a long time.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::link::{LinkedEntry, Site};

/// An answer shorter than this many words is probably unfinished.
const MIN_ANSWER_WORDS: usize = 5;
/// Two questions whose content words overlap this much (Jaccard) ask the same thing.
const DUPLICATE_SIMILARITY: f32 = 0.8;

/// Every lint warning of the site, with today's date for staleness.
pub fn site(site: &Site, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for entry in &site.entries {
        warnings.extend(entry_warnings(entry, site.config.stale_after_days, today));
    }
    warnings.extend(near_duplicates(site));
    warnings
}

/// The translations of a multilingual site (`sites`: its own language first): each entry
/// missing in a language, warned at the original and naming the languages; and each
/// translation whose original was updated after it (by their `updated` dates).
pub fn translations(sites: &[&Site]) -> Vec<Diagnostic> {
    let Some((own, others)) = sites.split_first() else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    // Translations whose original is gone (renamed or removed since).
    let originals: HashSet<&str> = own
        .entries
        .iter()
        .map(|e| e.entry.file.source.as_str())
        .collect();
    for translation in others.iter().flat_map(|site| &site.entries) {
        let source = translation.entry.file.source.as_str();
        if originals.contains(source) {
            continue;
        }
        let file = &translation.entry.file;
        let mut warning = Diagnostic::error(
            &file.path,
            &file.text,
            translation.entry.spans.question.clone(),
            format!("translation of `content/{source}`, which does not exist"),
        )
        .warning();
        if let Some(close) = crate::diagnostic::closest(source, originals.iter().copied()) {
            warning = warning.with_help(format!("did its original become `content/{close}`?"));
        }
        warnings.push(warning);
    }
    let by_source: Vec<HashMap<&str, &LinkedEntry>> = others
        .iter()
        .map(|site| {
            let entries = site.entries.iter();
            entries.map(|e| (e.entry.file.source.as_str(), e)).collect()
        })
        .collect();
    for original in &own.entries {
        let source = original.entry.file.source.as_str();
        let missing: Vec<&str> = others
            .iter()
            .zip(&by_source)
            .filter(|(_, entries)| !entries.contains_key(source))
            .map(|(site, _)| site.config.language.as_str())
            .collect();
        let file = &original.entry.file;
        if !missing.is_empty() {
            let (stem, languages) = (source.trim_end_matches(".md"), missing.join(", "));
            warnings.push(
                Diagnostic::error(
                    &file.path,
                    &file.text,
                    original.entry.spans.question.clone(),
                    format!("not translated into {languages}"),
                )
                .with_help(format!(
                    "write its translation beside it, as `content/{stem}.{}.md`",
                    missing[0]
                ))
                .warning(),
            );
        }
        let Some(updated) = &original.updated else {
            continue;
        };
        for translation in by_source.iter().filter_map(|entries| entries.get(source)) {
            let own = &translation.entry;
            let older = translation
                .updated
                .as_ref()
                .is_none_or(|u| u.at < updated.at);
            if older {
                let span = own
                    .spans
                    .updated
                    .clone()
                    .unwrap_or(own.spans.question.clone());
                let when = translation
                    .updated
                    .as_ref()
                    .map_or("has no `updated` date".to_string(), |u| {
                        format!("was updated on {}", u.date)
                    });
                warnings.push(
                    Diagnostic::error(&own.file.path, &own.file.text, span, format!("this translation may be out of date: it {when}, its original ({}) on {}", file.path.display(), updated.date))
                        .with_help("bring it up to date with the original, then set its `updated` date")
                        .warning(),
                );
            }
        }
    }
    warnings
}

fn entry_warnings(
    entry: &LinkedEntry,
    stale_after_days: Option<u32>,
    today: jiff::civil::Date,
) -> Vec<Diagnostic> {
    let file = &entry.entry.file;
    let e = &entry.entry;
    let warn = |span: Range<usize>, message: String, help: &str| {
        Diagnostic::error(&file.path, &file.text, span, message)
            .with_help(help)
            .warning()
    };
    let question = e.spans.question.clone();
    let mut warnings = Vec::new();
    if e.tags.is_empty() {
        warnings.push(warn(
            question.clone(),
            "entry has no tags".into(),
            "add `tags: [...]` so readers can find related questions",
        ));
    }
    if !e.question.ends_with(['?', '？', '¿', '؟']) {
        let end = question.end;
        warnings.push(warn(
            end.saturating_sub(1)..end,
            "the question does not end with `?`".into(),
            "phrase it as readers would ask it",
        ));
    }
    let words = e.answer.text.split_whitespace().count();
    if words < MIN_ANSWER_WORDS {
        let first_word = e.answer.text.split_whitespace().next().unwrap_or_default();
        let body = file
            .text
            .get(e.answer.offset..)
            .and_then(|answer| answer.find(first_word))
            .map_or(0..0, |at| {
                let start = e.answer.offset + at;
                start..start + first_word.len()
            });
        warnings.push(warn(
            body,
            format!(
                "the answer has only {words} word{}",
                if words == 1 { "" } else { "s" }
            ),
            "a short answer is often an unfinished one",
        ));
    }
    if let (Some(days), Some(updated)) = (stale_after_days, &entry.updated) {
        let age = i64::from(
            updated
                .date
                .until(today)
                .map(|span| span.get_days())
                .unwrap_or(0),
        );
        if age > i64::from(days) {
            let (span, message, help) = match updated.from_git {
                true => (
                    e.spans.question.clone(),
                    format!(
                        "not updated for {age} days (stale after {days}): its last commit is of {}",
                        updated.date
                    ),
                    "check that the answer still holds, then commit it or set `updated:`",
                ),
                false => (
                    e.spans.updated.clone().unwrap_or(0..0),
                    format!("not updated for {age} days (stale after {days})"),
                    "check that the answer still holds, then update `updated:`",
                ),
            };
            warnings.push(warn(span, message, help));
        }
    }
    warnings
}

/// One question or alias, for duplicate detection.
struct Asked<'a> {
    entry: usize,
    text: &'a str,
    /// Where it is written in the entry's file.
    span: Range<usize>,
    words: HashSet<String>,
}

/// Questions (or aliases) that ask what an earlier entry asks: each reported once, against the
/// first it repeats. Texts with the same words are grouped first, so 10,000 copies of one
/// question cost as little as 10,000 different ones; other candidates come from an index of
/// each text's rarest words, and at most [`MAX_CANDIDATES`] are compared per word, so the
/// cost never grows with the square of the number of entries.
fn near_duplicates(site: &Site) -> Vec<Diagnostic> {
    let english = site.config.language.starts_with("en");
    let asked: Vec<Asked> = site
        .entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            let spans = &e.entry.spans;
            std::iter::once((&e.entry.question, &spans.question))
                .chain(e.entry.aliases.iter().zip(&spans.aliases))
                .map(move |(text, span)| (i, text, span))
        })
        .map(|(entry, text, span)| Asked {
            entry,
            text,
            span: span.clone(),
            words: content_words(text, english),
        })
        .filter(|a| a.words.len() >= 2)
        .collect();
    let mut warnings = Vec::new();
    let mut reported: HashSet<usize> = HashSet::new();
    // Same words: one group, each later entry reported against the group's first.
    let mut first_with: HashMap<Vec<&str>, usize> = HashMap::new();
    let mut distinct: Vec<usize> = Vec::new();
    for (k, a) in asked.iter().enumerate() {
        let mut key: Vec<&str> = a.words.iter().map(String::as_str).collect();
        key.sort_unstable();
        match first_with.get(&key) {
            Some(&first) => {
                let b = &asked[first];
                if b.entry != a.entry && reported.insert(a.entry) {
                    warnings.push(duplicate(site, b, a));
                }
            }
            None => {
                first_with.insert(key, k);
                distinct.push(k);
            }
        }
    }
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for &k in &distinct {
        for w in &asked[k].words {
            *frequency.entry(w.as_str()).or_default() += 1;
        }
    }
    let rarest = |a: &'_ Asked<'_>| -> Vec<String> {
        let mut words: Vec<&String> = a.words.iter().collect();
        words.sort_by_key(|w| (frequency[w.as_str()], w.as_str()));
        words.into_iter().take(2).cloned().collect()
    };
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for &k in &distinct {
        let a = &asked[k];
        if reported.contains(&a.entry) {
            continue;
        }
        let earlier = rarest(a).into_iter().find_map(|w| {
            let candidates = index.get(&w)?;
            candidates
                .iter()
                .take(MAX_CANDIDATES)
                .copied()
                .find(|&other| {
                    let b = &asked[other];
                    b.entry != a.entry && jaccard(&a.words, &b.words) >= DUPLICATE_SIMILARITY
                })
        });
        match earlier {
            Some(other) => {
                reported.insert(a.entry);
                warnings.push(duplicate(site, &asked[other], a));
            }
            None => {
                for w in rarest(a) {
                    index.entry(w).or_default().push(k);
                }
            }
        }
    }
    warnings
}

/// Candidates compared per word of a text: bounds the work on a site where thousands of
/// questions share their rarest words.
const MAX_CANDIDATES: usize = 256;

fn duplicate(site: &Site, a: &Asked, b: &Asked) -> Diagnostic {
    let file = &site.entries[b.entry].entry.file;
    let other = &site.entries[a.entry].entry.file;
    let other_line = other
        .text
        .get(..a.span.start)
        .unwrap_or_default()
        .matches('\n')
        .count()
        + 1;
    Diagnostic::error(
        &file.path,
        &file.text,
        b.span.clone(),
        format!(
            "“{}” nearly repeats “{}” at {}:{}",
            b.text,
            a.text,
            other.path.display(),
            other_line
        ),
    )
    .with_help("merge the two entries, or make the second an alias of the first")
    .warning()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    a.intersection(b).count() as f32 / a.union(b).count().max(1) as f32
}

/// Lowercase words, without the little words every question shares (for English sites).
fn content_words(text: &str, english: bool) -> HashSet<String> {
    const STOP: &[&str] = &[
        "a", "an", "and", "are", "can", "do", "does", "for", "how", "i", "in", "is", "it", "my",
        "of", "on", "or", "should", "the", "to", "what", "when", "where", "which", "who", "why",
        "with", "you", "your",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !english || !STOP.contains(&w.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_drop_little_words() {
        let words = content_words("How do I renew my library card?", true);
        let mut words: Vec<_> = words.into_iter().collect();
        words.sort();
        assert_eq!(words, ["card", "library", "renew"]);
    }

    #[test]
    fn jaccard_of_equal_sets_is_one() {
        let a = content_words("renew library card", true);
        assert!((jaccard(&a, &a) - 1.0).abs() < 1e-6);
        let b = content_words("renew parking permit", true);
        assert!(jaccard(&a, &b) < 0.5);
    }
}
