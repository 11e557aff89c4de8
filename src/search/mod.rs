//! Site search, built in-process: a full-text index made with Pagefind (`pagefind.rs`) and a
//! small index of every question and alias for instant, typo-tolerant suggestions
//! (`suggest.rs`). The browser side is the theme's `search.js`.

mod pagefind;
mod stamp;
mod suggest;

use std::path::Path;

use crate::error::Error;
use crate::link::Site;
use crate::render::OutputFile;

pub use stamp::STAMP_FILE;

/// Folder of the output that holds Pagefind's index and browser assets.
pub const BUNDLE_DIR: &str = crate::reserved::SEARCH_BUNDLE_DIR;
/// The suggestions index, relative to the output root.
pub const QUESTIONS_FILE: &str = "search/questions.json";

/// An index that may already be there, so that it need not be built again.
pub enum Previous<'a> {
    Nothing,
    /// The output folder of the last build.
    Folder(&'a Path),
    /// The stamp of the index being served now (`faqgen serve`).
    Served(&'a [u8]),
}

/// The search files of a site.
pub struct SearchFiles {
    pub files: Vec<OutputFile>,
    pub index: IndexSource,
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

/// Every search file of the site. Building the full-text index is the slowest step of a
/// build: when `previous` holds one made from the same records, it is reused instead.
pub fn files(site: &Site, previous: Previous) -> Result<SearchFiles, Error> {
    let records = pagefind::Records::of(site);
    let fingerprint = records.fingerprint();
    let (mut files, index) = match previous {
        Previous::Served(served) if stamp::fingerprint(served) == Some(fingerprint) => {
            (Vec::new(), IndexSource::Unchanged)
        }
        Previous::Folder(dir) => match stamp::reusable(dir, fingerprint) {
            Some(files) => (files, IndexSource::Reused),
            None => (pagefind::index(records)?, IndexSource::Built),
        },
        _ => (pagefind::index(records)?, IndexSource::Built),
    };
    if index != IndexSource::Unchanged {
        files.push(stamp::of(fingerprint, &files));
    }
    files.push(suggest::questions(site));
    Ok(SearchFiles { files, index })
}

#[cfg(test)]
mod tests {
    /// Search files stay inside the folders reserved for them, which no page may take.
    #[test]
    fn search_files_live_in_reserved_folders() {
        let (folder, _) = super::QUESTIONS_FILE.split_once('/').unwrap();
        assert_eq!(folder, crate::reserved::SEARCH_DIR);
        assert_eq!(super::BUNDLE_DIR, crate::reserved::SEARCH_BUNDLE_DIR);
    }
}
