//! The suggestions index: every question and alias with its entry's address and category, in
//! one small JSON file. The browser matches typed words against it with trigrams (`search.js`),
//! so suggestions appear at once and survive typos and any word order. It also lists the
//! search filters' values, so that the filters show without loading Pagefind's filter index.
//!
//! Every byte of it is downloaded on the first use of the search box, so it is kept small:
//! rows rather than objects, and an entry's address left out whenever the browser can make it
//! from the question (see [`Address`]).

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::link::{LinkedEntry, Site};
use crate::output::OutputFile;

/// Format version, for the browser script.
const VERSION: u8 = 3;

/// `questions.json`.
#[derive(serde::Serialize)]
struct QuestionIndex<'a> {
    version: u8,
    /// Category titles; rows refer to them by position.
    categories: Vec<&'a str>,
    /// Each category's site path (`causes/`), by the same position.
    paths: Vec<&'a str>,
    /// Every value of each full-text filter, with its number of entries, as the Pagefind index
    /// has them.
    filters: Filters,
    /// `[question, address, category position, aliases]`; the aliases only when there are any.
    entries: Vec<Row<'a>>,
}

#[derive(serde::Serialize)]
struct Filters {
    category: Vec<(String, usize)>,
    tag: Vec<(String, usize)>,
}

struct Row<'a> {
    question: &'a str,
    address: Address<'a>,
    category: usize,
    aliases: &'a [String],
}

/// Where an entry's page is. Most entries' slugs are their question made into a slug by the
/// one slug rule ([`crate::slug::slugify`]), which `search.js` applies too: those are written
/// as `0`, the others as their whole site path.
enum Address<'a> {
    /// The category's path, then the question made into a slug.
    Derived,
    Path(&'a str),
}

fn address<'a>(site: &Site, entry: &'a LinkedEntry) -> Address<'a> {
    let category = site.categories[entry.category].path.as_str();
    let question = &entry.entry.question;
    // The browser's lower-casing differs from Rust's in rare cases (a final sigma); only
    // questions in ASCII, and its typographic apostrophe, are left to it.
    let reproducible = question.chars().all(|c| c.is_ascii() || c == '’');
    let slug = crate::slug::slugify(question);
    let derived = reproducible
        && !slug.is_empty()
        && entry
            .path
            .strip_prefix(category)
            .and_then(|rest| rest.strip_suffix('/'))
            == Some(slug.as_str());
    if derived {
        Address::Derived
    } else {
        Address::Path(&entry.path)
    }
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let with_aliases = !self.aliases.is_empty();
        let mut row = serializer.serialize_seq(Some(if with_aliases { 4 } else { 3 }))?;
        row.serialize_element(self.question)?;
        match self.address {
            Address::Derived => row.serialize_element(&0)?,
            Address::Path(path) => row.serialize_element(path)?,
        }
        row.serialize_element(&self.category)?;
        if with_aliases {
            row.serialize_element(self.aliases)?;
        }
        row.end()
    }
}

/// Each filter value of `values` (one per entry and filter value) with its number of entries,
/// in the order of first appearance.
fn counted<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, value) in values.enumerate() {
        counts.entry(value).or_insert((i, 0)).1 += 1;
    }
    let mut list: Vec<_> = counts.into_iter().collect();
    list.sort_by_key(|(_, (first, _))| *first);
    list.into_iter()
        .map(|(value, (_, count))| (value.to_string(), count))
        .collect()
}

pub fn questions(site: &Site) -> OutputFile {
    let filter_values = super::pagefind::filter_values(site);
    let index = QuestionIndex {
        version: VERSION,
        categories: site.categories.iter().map(|c| c.title.as_str()).collect(),
        paths: site.categories.iter().map(|c| c.path.as_str()).collect(),
        filters: Filters {
            category: counted(filter_values.iter().filter_map(|f| f.category.as_deref())),
            tag: counted(
                filter_values
                    .iter()
                    .flat_map(|f| f.tags.iter().map(String::as_str)),
            ),
        },
        entries: site
            .entries
            .iter()
            .map(|e| Row {
                question: e.entry.question.as_str(),
                address: address(site, e),
                category: e.category,
                aliases: e.entry.aliases.as_slice(),
            })
            .collect(),
    };
    OutputFile {
        path: super::QUESTIONS_FILE.to_string(),
        // Serializing plain strings and numbers cannot fail.
        contents: serde_json::to_vec(&index).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_first_appearance_order() {
        assert_eq!(
            counted(["b", "a", "b", "c"].into_iter()),
            [("b".into(), 2), ("a".into(), 1), ("c".into(), 1)]
        );
    }
}
