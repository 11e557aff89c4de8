//! Site search, built in-process: an index of faqgen's own, shaped for FAQs (`index.rs`), cut
//! into small files so that a search loads only what it needs at any size (`files.rs`
//! documents the format). The browser side is the theme's `search.js`: suggestions, typo
//! correction, ranking, excerpts and filters.

mod files;
mod index;
mod language;
mod stamp;
pub mod words;

use std::hash::{Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;

use crate::error::Error;
use crate::link::{LinkedEntry, Site};
use crate::output::OutputFile;

/// Folder of the output that holds the index.
pub const INDEX_DIR: &str = crate::reserved::SEARCH_DIR;
/// The index's first file, relative to the output root.
pub const INDEX_FILE: &str = files::INDEX_FILE;

/// An index that may already be there, so that it need not be built again.
pub enum Previous<'a> {
    Nothing,
    /// The output folder of the last build, of the site at `root`.
    Folder {
        root: &'a Path,
        output: &'a Path,
    },
    /// The fingerprint of the index being served now (`faqgen serve`).
    Served(u64),
}

/// The search files of a site.
pub struct SearchFiles {
    pub files: Vec<OutputFile>,
    pub index: IndexSource,
    /// The fingerprint of what was indexed.
    pub fingerprint: u64,
    /// The stamp to keep once the files are in the output (none when nothing was written).
    pub stamp: Option<stamp::Stamp>,
}

/// Where the index came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexSource {
    Built,
    /// Read back from the previous output folder: its files are in [`SearchFiles::files`].
    Reused,
    /// The served index is the right one: [`SearchFiles::files`] leaves it out.
    Unchanged,
}

/// Whether `path` (relative to the output root) is a file of the index.
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix(INDEX_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The most text of one answer that goes into the search index, in bytes (about 15,000 words,
/// far more than any answer needs): a huge answer must not take gigabytes to index.
pub const MAX_ENTRY_TEXT: usize = 100_000;

/// A warning for each answer whose text goes into the index only in part.
pub fn warnings(site: &Site) -> Vec<crate::Diagnostic> {
    site.entries
        .iter()
        .filter(|e| e.entry.answer.text.len() > MAX_ENTRY_TEXT)
        .map(|e| {
            let file = &e.entry.file;
            let body = e.entry.answer.offset;
            crate::Diagnostic::error(
                &file.path,
                &file.text,
                body..body + 1,
                format!(
                    "the answer has {} KB of text; only its first {} KB are searchable",
                    e.entry.answer.text.len() / 1000,
                    MAX_ENTRY_TEXT / 1000
                ),
            )
            .with_help("split it into several entries, one question each")
            .warning()
        })
        .collect()
}

/// Every search file of the site; when `previous` holds an index made from the same entries,
/// it is kept instead of built again.
pub fn files(site: &Site, previous: Previous) -> Result<SearchFiles, Error> {
    let fingerprint = fingerprint(site);
    let (files, index) = match previous {
        Previous::Served(served) if served == fingerprint => (Vec::new(), IndexSource::Unchanged),
        Previous::Folder { root, output } => match stamp::reusable(root, output, fingerprint) {
            Some(files) => (files, IndexSource::Reused),
            None => (build(site, fingerprint), IndexSource::Built),
        },
        _ => (build(site, fingerprint), IndexSource::Built),
    };
    let stamp = (index != IndexSource::Unchanged).then(|| stamp::Stamp::of(fingerprint, &files));
    Ok(SearchFiles {
        files,
        index,
        fingerprint,
        stamp,
    })
}

fn build(site: &Site, fingerprint: u64) -> Vec<OutputFile> {
    let language = language::Language::of(&site.config.language);
    let documents: Vec<index::Document> = site.entries.iter().map(document).collect();
    let index = index::Index::build(&documents, &language);
    files::write(site, &index, &language, fingerprint)
}

/// What the index reads of an entry.
fn document(entry: &LinkedEntry) -> index::Document<'_> {
    let answer = &entry.entry.answer;
    index::Document {
        question: &entry.entry.question,
        aliases: &entry.entry.aliases,
        headings: answer.headings.iter().map(|h| h.title.as_str()).collect(),
        answer: words::cut(&answer.text, MAX_ENTRY_TEXT),
    }
}

/// Equal for sites whose indexes are equal, within one version of faqgen: everything an index
/// file is made from.
fn fingerprint(site: &Site) -> u64 {
    let hashes: Vec<u64> = site
        .entries
        .par_iter()
        .map(|entry| {
            let mut hasher = crate::stable_hash::hasher();
            let e = &entry.entry;
            (&e.question, &e.aliases, &e.answer.text, &entry.path).hash(&mut hasher);
            (entry.category, &entry.tags).hash(&mut hasher);
            for heading in &e.answer.headings {
                (&heading.title, &heading.id).hash(&mut hasher);
            }
            hasher.finish()
        })
        .collect();
    let mut hasher = crate::stable_hash::hasher();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    site.config.language.hash(&mut hasher);
    for category in &site.categories {
        (&category.title, &category.path, category.entries.len()).hash(&mut hasher);
    }
    for tag in &site.tags {
        (&tag.name, tag.entries.len()).hash(&mut hasher);
    }
    hashes.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    /// Search files stay inside the folder reserved for them, which no page may take.
    #[test]
    fn search_files_are_told_from_pages() {
        assert!(super::is_index_file("search/index.json"));
        assert!(super::is_index_file("search/terms/0.json"));
        assert!(!super::is_index_file("search-tips/index.html"));
        assert!(!super::is_index_file("search"));
        assert_eq!(super::INDEX_DIR, crate::reserved::SEARCH_DIR);
    }

    #[test]
    fn huge_answers_are_cut_at_a_space() {
        let text = "spasm ".repeat(super::MAX_ENTRY_TEXT);
        let cut = super::words::cut(&text, super::MAX_ENTRY_TEXT);
        assert!(cut.len() <= super::MAX_ENTRY_TEXT);
        assert!(cut.ends_with("spasm"));
    }
}
