//! The suggestions index: every question and alias with its entry's address and category, in
//! one small JSON file. The browser matches typed words against it with trigrams (`search.js`),
//! so suggestions appear at once and survive typos and any word order.

use serde::Serialize;

use crate::link::Site;
use crate::render::OutputFile;

/// `questions.json`, written compactly: an array of rows rather than objects keeps it small.
#[derive(Serialize)]
struct QuestionIndex<'a> {
    /// Format version, for the browser script.
    version: u8,
    /// Category titles; rows refer to them by position.
    categories: Vec<&'a str>,
    /// `[question, path under the site root, category position, [aliases]]`.
    entries: Vec<(&'a str, &'a str, usize, &'a [String])>,
}

pub fn questions(site: &Site) -> OutputFile {
    let index = QuestionIndex {
        version: 1,
        categories: site.categories.iter().map(|c| c.title.as_str()).collect(),
        entries: site
            .entries
            .iter()
            .map(|e| {
                (
                    e.entry.question.as_str(),
                    e.path.as_str(),
                    e.category,
                    e.entry.aliases.as_slice(),
                )
            })
            .collect(),
    };
    OutputFile {
        path: super::QUESTIONS_FILE.to_string(),
        // Serializing plain strings and numbers cannot fail.
        contents: serde_json::to_vec(&index).unwrap_or_default(),
    }
}
