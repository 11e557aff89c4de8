//! Site search, built in-process: a full-text index made with Pagefind (`pagefind.rs`) and a
//! small index of every question and alias for instant, typo-tolerant suggestions
//! (`suggest.rs`). The browser side is the theme's `search.js`.

mod pagefind;
mod stamp;
mod suggest;

use std::path::Path;

use crate::error::Error;
use crate::link::Site;
use crate::output::OutputFile;

/// Folder of the output that holds Pagefind's index and browser assets.
pub const BUNDLE_DIR: &str = crate::reserved::SEARCH_BUNDLE_DIR;
/// The suggestions index, relative to the output root.
pub const QUESTIONS_FILE: &str = crate::reserved::SEARCH_QUESTIONS_FILE;

/// An index that may already be there, so that it need not be built again.
pub enum Previous<'a> {
    Nothing,
    /// The output folder of the last build, of the site at `root`.
    Folder {
        root: &'a Path,
        output: &'a Path,
    },
    /// The fingerprint of the records of the index being served now (`faqgen serve`).
    Served(u64),
}

/// The search files of a site.
pub struct SearchFiles {
    pub files: Vec<OutputFile>,
    pub index: IndexSource,
    /// The fingerprint of the records indexed.
    pub fingerprint: u64,
    /// The stamp to keep once the files are in the output (none when nothing was written).
    pub stamp: Option<stamp::Stamp>,
}

/// Where the full-text index came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexSource {
    Built,
    /// Read back from the previous output folder: its files are in [`SearchFiles::files`].
    Reused,
    /// The served index is the right one: [`SearchFiles::files`] leaves it out.
    Unchanged,
}

/// Whether `path` (relative to the output root) is a file of the full-text index.
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix(BUNDLE_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether `path` is one of the search files: the full-text index or the suggestions.
pub fn is_search_file(path: &str) -> bool {
    is_index_file(path) || path == QUESTIONS_FILE
}

/// A warning for each answer whose text goes into the index only in part.
pub fn warnings(site: &Site) -> Vec<crate::Diagnostic> {
    site.entries
        .iter()
        .filter(|e| e.entry.answer.text.len() > pagefind::MAX_ENTRY_TEXT)
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
                    pagefind::MAX_ENTRY_TEXT / 1000
                ),
            )
            .with_help("split it into several entries, one question each")
            .warning()
        })
        .collect()
}

/// Every search file of the site. Building the full-text index is the slowest step of a
/// build: when `previous` holds one made from the same records, it is reused instead.
pub fn files(site: &Site, previous: Previous) -> Result<SearchFiles, Error> {
    let records = pagefind::Records::of(site);
    let fingerprint = records.fingerprint();
    let (mut files, index) = match previous {
        Previous::Served(served) if served == fingerprint => (Vec::new(), IndexSource::Unchanged),
        Previous::Folder { root, output } => match stamp::reusable(root, output, fingerprint) {
            Some(files) => (files, IndexSource::Reused),
            None => (pagefind::index(records)?, IndexSource::Built),
        },
        _ => (pagefind::index(records)?, IndexSource::Built),
    };
    let stamp = (index != IndexSource::Unchanged).then(|| stamp::Stamp::of(fingerprint, &files));
    files.push(suggest::questions(site));
    Ok(SearchFiles {
        files,
        index,
        fingerprint,
        stamp,
    })
}

#[cfg(test)]
mod tests {
    /// Search files stay inside the folders reserved for them, which no page may take.
    #[test]
    fn search_files_are_told_from_pages() {
        assert!(super::is_search_file("pagefind/pagefind-entry.json"));
        assert!(super::is_search_file("search/questions.json"));
        assert!(!super::is_search_file("pagefind-tips/index.html"));
        assert!(!super::is_index_file("pagefind"));
    }

    #[test]
    fn search_files_live_in_reserved_folders() {
        let (folder, _) = super::QUESTIONS_FILE.split_once('/').unwrap();
        assert_eq!(folder, crate::reserved::SEARCH_DIR);
        assert_eq!(super::BUNDLE_DIR, crate::reserved::SEARCH_BUNDLE_DIR);
    }
}
