//! The engine's copy of `content/`: every file as last read and parsed. After an edit only the
//! files named by the watcher are read again, and only the files whose text changed are
//! parsed again; anything the watcher cannot say for sure (a folder created, renamed or
//! deleted, a symbolic link) is answered by walking the whole folder, as a clean build does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, Read};
use crate::parse::{self, CategoryInfo, Entry, Parsed};

/// `content/` as last read: folders and files, each file parsed.
#[derive(Default)]
pub struct Content {
    folders: BTreeSet<String>,
    /// By source path (`causes/x.md`, `causes/x.fr.md`).
    files: BTreeMap<String, File>,
    /// The site's other languages: a file named with one of them (`x.fr.md`) is a
    /// translation.
    languages: Vec<String>,
}

/// One file of `content/`, parsed, with a hash of the text it was parsed from.
struct File {
    text_hash: u64,
    parsed: Outcome,
}

enum Outcome {
    Entry(Arc<Entry>),
    /// An entry that did not parse: its source path (an original's, for a translation) stays
    /// a valid link target in its language.
    FailedEntry {
        language: Option<String>,
        source: String,
        problems: Vec<Diagnostic>,
    },
    Category(Result<CategoryInfo, Vec<Diagnostic>>),
    /// Binary, or not UTF-8.
    Unreadable(Box<Diagnostic>),
}

impl Content {
    /// Sets the site's other languages; returns whether they changed, which makes every file
    /// parsed again (what is a translation changed).
    pub fn set_languages(&mut self, languages: Vec<String>) -> bool {
        if languages == self.languages {
            return false;
        }
        self.languages = languages;
        self.files.clear();
        true
    }

    /// Reads the whole of `content/` under `root`, parsing only the files whose text is not
    /// the one parsed last time.
    pub fn reload_all(&mut self, root: &Path) -> Result<(), Error> {
        let sources = load::sources(root)?;
        let mut previous = std::mem::take(&mut self.files);
        self.folders = sources.folders.into_iter().collect();
        let mut read: Vec<Read> = sources.entries.into_iter().map(Read::Entry).collect();
        read.extend(
            sources
                .category_indexes
                .into_iter()
                .map(Read::CategoryIndex),
        );
        let unreadable = sources.diagnostics;
        let (kept, changed): (Vec<_>, Vec<_>) = read
            .into_iter()
            .filter_map(|read| {
                let source = source_of(&read)?.to_string();
                let old = previous
                    .remove(&source)
                    .filter(|old| Some(old.text_hash) == text_of(&read).map(parse::text_hash));
                Some((source, old, read))
            })
            .partition(|(_, old, _)| old.is_some());
        self.files = kept
            .into_iter()
            .filter_map(|(source, old, _)| Some((source, old?)))
            .collect();
        let parsed: Vec<(String, File)> = changed
            .into_par_iter()
            .filter_map(|(source, _, read)| Some((source, File::parse(read, &self.languages)?)))
            .collect();
        self.files.extend(parsed);
        for diagnostic in unreadable {
            let source = source_of_path(&diagnostic.path);
            self.files.insert(
                source,
                File {
                    text_hash: 0,
                    parsed: Outcome::Unreadable(Box::new(diagnostic)),
                },
            );
        }
        Ok(())
    }

    /// Reads again the files at `paths` (relative to `content/`). Returns `false`, having
    /// changed nothing, when a path is not a plain Markdown file in a folder already known:
    /// then only a walk of the whole folder can tell what changed.
    pub fn reload_files(&mut self, root: &Path, paths: &[String]) -> Result<bool, Error> {
        let content = root.join(load::CONTENT_DIR);
        let mut updates = Vec::new();
        for source in paths {
            let full = content.join(source);
            let folder = source.rsplit_once('/').map_or("", |(folder, _)| folder);
            let known_folder = folder.is_empty() || self.folders.contains(folder);
            let hidden = source.split('/').any(|part| part.starts_with('.'));
            if hidden || !known_folder {
                return Ok(false);
            }
            match std::fs::symlink_metadata(&full) {
                Ok(meta) if meta.is_file() => {
                    updates.push((source.clone(), Some(load::read(&content, source)?)));
                }
                // A folder that is still there: its files have their own events.
                Ok(meta) if meta.is_dir() && self.folders.contains(source.as_str()) => {}
                Ok(_) => return Ok(false),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if self.folders.contains(source.as_str()) {
                        return Ok(false);
                    }
                    updates.push((source.clone(), None));
                }
                Err(source_error) => {
                    return Err(Error::Read {
                        path: full,
                        source: source_error,
                    });
                }
            }
        }
        for (source, read) in updates {
            match read {
                None | Some(Read::NotContent) => {
                    self.files.remove(&source);
                }
                Some(read) => {
                    let unchanged = self.files.get(&source).is_some_and(|old| {
                        Some(old.text_hash) == text_of(&read).map(parse::text_hash)
                    });
                    if !unchanged && let Some(file) = File::parse(read, &self.languages) {
                        self.files.insert(source, file);
                    }
                }
            }
        }
        Ok(true)
    }

    /// Everything parsed, in the form the link stage takes: the site's own language first,
    /// then each of `languages` in order (with every problem in the first).
    pub fn parsed(&self) -> Vec<Parsed> {
        let count = 1 + self.languages.len();
        let mut parsed: Vec<Parsed> = (0..count).map(|_| Parsed::default()).collect();
        let slot = |language: &Option<String>| {
            language
                .as_ref()
                .and_then(|l| self.languages.iter().position(|x| x == l))
                .map_or(0, |i| i + 1)
        };
        parsed[0].folders = self.folders.iter().cloned().collect();
        for file in self.files.values() {
            match &file.parsed {
                Outcome::Entry(entry) => parsed[slot(&entry.language)]
                    .entries
                    .push(Arc::clone(entry)),
                Outcome::FailedEntry {
                    language,
                    source,
                    problems,
                } => {
                    parsed[slot(language)].failed.push(source.clone());
                    parsed[0].diagnostics.extend(problems.iter().cloned());
                }
                Outcome::Category(Ok(info)) => {
                    parsed[slot(&info.language)].categories.push(info.clone())
                }
                Outcome::Category(Err(problems)) => {
                    parsed[0].diagnostics.extend(problems.iter().cloned());
                }
                Outcome::Unreadable(diagnostic) => {
                    parsed[0].diagnostics.push((**diagnostic).clone())
                }
            }
        }
        let (own, translations) = parsed.split_at_mut(1);
        for translation in translations {
            translation_folders(&own[0], translation);
        }
        parsed
    }
}

/// Gives a translation the folders of its entries (and their parents), each described by
/// its translated `_index.<tag>.md` or else by the original's: a language's site has the
/// categories it has questions in.
fn translation_folders(own: &Parsed, translation: &mut Parsed) {
    let mut folders = BTreeSet::new();
    let sources = translation
        .entries
        .iter()
        .map(|e| e.file.source.as_str())
        .chain(translation.failed.iter().map(String::as_str));
    for source in sources {
        let mut folder = source.rsplit_once('/').map_or("", |(folder, _)| folder);
        while !folder.is_empty() && folders.insert(folder.to_string()) {
            folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
    translation
        .categories
        .retain(|c| folders.contains(&c.folder));
    for info in &own.categories {
        let translated = translation
            .categories
            .iter()
            .any(|c| c.folder == info.folder);
        if folders.contains(&info.folder) && !translated {
            translation.categories.push(info.clone());
        }
    }
    // Parents before children, as the walk lists them.
    translation.folders = own
        .folders
        .iter()
        .filter(|f| folders.contains(*f))
        .cloned()
        .collect();
}

/// The language and original source path of a translation's file: `("fr", "causes/x.md")`
/// for `causes/x.fr.md` when `fr` is one of `languages`.
fn translation_of(source: &str, languages: &[String]) -> Option<(String, String)> {
    let (suffix, original) = language_suffix(source)?;
    let language = languages.iter().find(|l| l.eq_ignore_ascii_case(suffix))?;
    Some((language.clone(), original))
}

/// The suffix of a file named like a translation (`x.fr.md`: `fr`, whatever the site's
/// languages), and the original's source path.
fn language_suffix(source: &str) -> Option<(&str, String)> {
    let stem = source.strip_suffix(".md")?;
    let (original, suffix) = stem.rsplit_once('.')?;
    let named = !original.is_empty() && !original.ends_with('/');
    named.then(|| (suffix, format!("{original}.md")))
}

/// An error for an entry named as a translation into a language the site does not list
/// (`renew.de.md` without `[languages.de]`): published as it is, it would be a page of the
/// site's own language at `renew.de/`.
fn unlisted_translation(file: &load::SourceFile, languages: &[String]) -> Option<Diagnostic> {
    let (tag, _) = language_suffix(&file.source)?;
    let listed = languages.iter().any(|l| l.eq_ignore_ascii_case(tag));
    let name = file.source.rsplit('/').next().unwrap_or_default();
    (!listed && crate::strings::is_known_language(tag)).then(|| {
        Diagnostic::file_error(
            &file.path,
            1,
            1,
            format!("`{name}` is named as a translation into `{tag}`, which is not a language of the site"),
        )
        .with_help(format!(
            "add `[languages.{tag}]` to faqgen.toml, or rename the file without `.{tag}`"
        ))
    })
}

impl File {
    /// The file parsed; `None` for what is not content.
    fn parse(read: Read, languages: &[String]) -> Option<File> {
        let (text_hash, parsed) = match read {
            Read::Entry(mut file) => {
                let text_hash = parse::text_hash(&file.text);
                if let Some(problem) = unlisted_translation(&file, languages) {
                    let parsed = Outcome::FailedEntry {
                        language: None,
                        source: file.source,
                        problems: vec![problem],
                    };
                    return Some(File { text_hash, parsed });
                }
                // A translation is parsed as its original's file, in its language: its URL
                // and links are made the way the original's are.
                let language =
                    translation_of(&file.source, languages).map(|(language, original)| {
                        file.source = original;
                        language
                    });
                match parse::hashed_entry(file, text_hash) {
                    Ok(mut entry) => {
                        entry.language = language;
                        (text_hash, Outcome::Entry(Arc::new(entry)))
                    }
                    Err((source, problems)) => (
                        text_hash,
                        Outcome::FailedEntry {
                            language,
                            source,
                            problems,
                        },
                    ),
                }
            }
            Read::CategoryIndex(file) => (
                parse::text_hash(&file.text),
                Outcome::Category(category(&file, languages)),
            ),
            Read::Unreadable(diagnostic) => (0, Outcome::Unreadable(diagnostic)),
            Read::NotContent => return None,
        };
        Some(File { text_hash, parsed })
    }
}

/// A category's `_index.md`, or its translation `_index.<tag>.md` into one of `languages`.
fn category(
    file: &load::SourceFile,
    languages: &[String],
) -> Result<CategoryInfo, Vec<Diagnostic>> {
    let name = file.source.rsplit('/').next().unwrap_or_default();
    let language = match name
        .strip_prefix("_index.")
        .and_then(|n| n.strip_suffix(".md"))
    {
        Some(tag) if !tag.is_empty() => {
            match languages.iter().find(|l| l.eq_ignore_ascii_case(tag)) {
                Some(language) => Some(language.clone()),
                None => {
                    return Err(vec![
                    Diagnostic::file_error(
                        &file.path,
                        1,
                        1,
                        format!("`{name}` describes its folder in `{tag}`, which is not a language of the site"),
                    )
                    .with_help(format!(
                        "add `[languages.{tag}]` to faqgen.toml, or rename the file `_index.md`"
                    )),
                ]);
                }
            }
        }
        _ => None,
    };
    let mut info = parse::category(file)?;
    info.language = language;
    Ok(info)
}

fn source_of(read: &Read) -> Option<&str> {
    match read {
        Read::Entry(file) | Read::CategoryIndex(file) => Some(&file.source),
        _ => None,
    }
}

/// The text `read` holds, if any: a parsed file is kept while its text hashes the same.
fn text_of(read: &Read) -> Option<&str> {
    match read {
        Read::Entry(file) | Read::CategoryIndex(file) => Some(&file.text),
        Read::Unreadable(_) | Read::NotContent => None,
    }
}

/// `causes/x.md` for the diagnostic path `content/causes/x.md`.
fn source_of_path(path: &Path) -> String {
    load::source_path(path.strip_prefix(load::CONTENT_DIR).unwrap_or(path))
}
