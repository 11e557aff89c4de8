//! Site search, built in-process: a full-text index made with Pagefind (`pagefind.rs`) and a
//! small index of every question and alias for instant, typo-tolerant suggestions
//! (`suggest.rs`). The browser side is the theme's `search.js`.

mod pagefind;
mod suggest;

use crate::error::Error;
use crate::link::Site;
use crate::render::OutputFile;

/// Folder of the output that holds Pagefind's index and browser assets.
pub const BUNDLE_DIR: &str = "pagefind";
/// The suggestions index, relative to the output root.
pub const QUESTIONS_FILE: &str = "search/questions.json";

/// Every search file of the site.
pub fn files(site: &Site) -> Result<Vec<OutputFile>, Error> {
    let mut files = pagefind::index(site)?;
    files.push(suggest::questions(site));
    Ok(files)
}
