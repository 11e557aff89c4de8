//! The full-text index: one lean record per entry (not the whole page) fed to the `pagefind`
//! crate, which builds the chunked index and provides its browser assets.

use std::hash::{Hash, Hasher};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::error::Error;
use crate::link::{LinkedEntry, Site};
use crate::output::OutputFile;
use crate::sanitize::escape;

/// Pagefind's weights run from 0 to 10; answer text has 1. A query that is the question or one
/// of its aliases must put the entry first, so both weigh far above the answer.
const QUESTION_WEIGHT: u8 = 10;
const ALIAS_WEIGHT: u8 = 9;
const TOPIC_WEIGHT: u8 = 3;

/// What Pagefind indexes: the site's language and, per entry, its URL and record. Records
/// are made as they are needed, never all kept: at 10,000 entries they would add 30 MB to a
/// build whose index already takes most of its memory.
pub struct Records<'a> {
    site: &'a Site,
    language: String,
}

impl<'a> Records<'a> {
    pub fn of(site: &'a Site) -> Records<'a> {
        Records {
            site,
            language: primary_language(&site.config.language),
        }
    }

    fn entry(&self, entry: &LinkedEntry) -> (String, String) {
        (
            self.site.config.base_url.link(&entry.path),
            record(self.site, entry, &self.language),
        )
    }

    /// Equal for equal records, and so for equal indexes, within one version of faqgen (which
    /// pins the Pagefind it builds with).
    pub fn fingerprint(&self) -> u64 {
        let hashes: Vec<u64> = self
            .site
            .entries
            .par_iter()
            .map(|entry| {
                let mut hasher = crate::stable_hash::hasher();
                self.entry(entry).hash(&mut hasher);
                hasher.finish()
            })
            .collect();
        let mut hasher = crate::stable_hash::hasher();
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        self.language.hash(&mut hasher);
        hashes.hash(&mut hasher);
        hasher.finish()
    }
}

/// Builds the index of every entry and returns its files, under [`super::BUNDLE_DIR`].
pub fn index(records: Records) -> Result<Vec<OutputFile>, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Search(format!("cannot start the indexer: {e}")))?;
    runtime.block_on(build(records))
}

async fn build(records: Records<'_>) -> Result<Vec<OutputFile>, Error> {
    let config = PagefindServiceConfig::builder()
        .force_language(records.language.clone())
        .build();
    let mut index = PagefindIndex::new(Some(config)).map_err(search_error)?;
    for entry in &records.site.entries {
        let (url, record) = records.entry(entry);
        index
            .add_html_file(None, Some(url), record)
            .await
            .map_err(search_error)?;
    }
    let files = index.get_files().await.map_err(search_error)?;
    Ok(files
        .into_iter()
        .filter(|file| !is_unused_ui(&file.filename))
        .map(|file| OutputFile {
            path: format!("{}/{}", super::BUNDLE_DIR, slash_path(&file.filename)),
            contents: file.contents,
        })
        .collect())
}

/// Pagefind's ready-made search interfaces and highlighter: faqgen's theme has its own
/// (`search.js`), so they would only add unused files to every site.
fn is_unused_ui(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    [
        "pagefind-ui",
        "pagefind-component-ui",
        "pagefind-modular-ui",
        "pagefind-highlight",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
}

/// The filter values of one entry, as Pagefind gets them.
pub(super) struct EntryFilters {
    /// None for an entry at the top of `content/`.
    pub category: Option<String>,
    pub tags: Vec<String>,
}

fn entry_filters(site: &Site, entry: &LinkedEntry) -> EntryFilters {
    EntryFilters {
        category: (entry.category != 0)
            .then(|| filter_value(&site.categories[entry.category].title)),
        tags: entry
            .tags
            .iter()
            .map(|&t| filter_value(&site.tags[t].name))
            .collect(),
    }
}

/// Every entry's filter values, in the order of [`Site::entries`]: the suggestions index lists
/// them, with their counts, so that the browser need not ask Pagefind for them.
pub(super) fn filter_values(site: &Site) -> Vec<EntryFilters> {
    site.entries
        .iter()
        .map(|entry| entry_filters(site, entry))
        .collect()
}

/// The HTML Pagefind indexes for one entry: the question and aliases weighted high, the
/// answer, its category and tags as words and as filters.
fn record(site: &Site, entry: &LinkedEntry, language: &str) -> String {
    let category = &site.categories[entry.category];
    let filters = entry_filters(site, entry);
    let mut html = format!("<html lang=\"{}\"><body>", escape(language));
    html.push_str(&format!(
        "<h1 data-pagefind-weight=\"{QUESTION_WEIGHT}\">{}</h1>",
        escape(&entry.entry.question)
    ));
    for alias in &entry.entry.aliases {
        html.push_str(&format!(
            "<p data-pagefind-weight=\"{ALIAS_WEIGHT}\">{}</p>",
            escape(alias)
        ));
    }
    match searchable_text(entry) {
        // Pagefind's cost grows faster than the size or the nesting of the HTML it reads: an
        // answer past the limits is indexed as the start of its plain text.
        Some(text) => html.push_str(&format!("<p>{}</p>", escape(text))),
        None => html.push_str(&entry.answer.clean_html),
    }
    let mut topics: Vec<&str> = entry
        .tags
        .iter()
        .map(|&t| site.tags[t].name.as_str())
        .collect();
    if let Some(value) = &filters.category {
        topics.push(&category.title);
        html.push_str(&format!(
            "<span data-pagefind-filter=\"category:{}\"></span>",
            escape(value)
        ));
        html.push_str(&format!(
            "<span data-pagefind-meta=\"category:{}\"></span>",
            escape(value)
        ));
    }
    for value in &filters.tags {
        html.push_str(&format!(
            "<span data-pagefind-filter=\"tag:{}\"></span>",
            escape(value)
        ));
    }
    html.push_str(&format!(
        "<p data-pagefind-weight=\"{TOPIC_WEIGHT}\">{}</p>",
        escape(&topics.join(" · "))
    ));
    html.push_str("</body></html>");
    html
}

/// The most text of one answer that goes into the search index, in bytes (about 15,000 words,
/// far more than any answer needs): a huge answer must not take gigabytes to index.
pub const MAX_ENTRY_TEXT: usize = 100_000;

/// Deeper nesting than this is indexed as plain text.
const MAX_INDEXED_DEPTH: usize = 64;

/// The plain text to index instead of the answer's HTML, cut to [`MAX_ENTRY_TEXT`], when the
/// answer is too large or nests too deep; `None` for every ordinary answer.
fn searchable_text(entry: &LinkedEntry) -> Option<&str> {
    let answer = &entry.entry.answer;
    if answer.text.len() <= MAX_ENTRY_TEXT && answer.depth <= MAX_INDEXED_DEPTH {
        return None;
    }
    let text = &answer.text;
    let mut end = text.len().min(MAX_ENTRY_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    Some(match cut.rfind(char::is_whitespace) {
        Some(space) if end < text.len() => &cut[..space],
        _ => cut,
    })
}

/// Pagefind reads `name:value` attributes and splits them at commas: keep values plain. Also
/// trimmed, with runs of white space made one space, as Pagefind would: the values listed in the
/// suggestions index are then exactly the index's.
fn filter_value(value: &str) -> String {
    value
        .replace(',', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `pt-BR` → `pt`: Pagefind picks its stemmer by the primary language subtag.
fn primary_language(tag: &str) -> String {
    tag.split('-').next().unwrap_or("en").to_ascii_lowercase()
}

fn slash_path(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn search_error(error: anyhow::Error) -> Error {
    Error::Search(format!("{error:#}"))
}
