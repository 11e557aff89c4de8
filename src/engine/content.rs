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
    /// By source path (`causes/x.md`).
    files: BTreeMap<String, File>,
}

/// One file of `content/`, parsed, with a hash of the text it was parsed from.
struct File {
    text_hash: u64,
    parsed: Outcome,
}

enum Outcome {
    Entry(Arc<Entry>),
    /// An entry that did not parse: its source path stays a valid link target.
    FailedEntry(Vec<Diagnostic>),
    Category(Result<CategoryInfo, Vec<Diagnostic>>),
    /// Binary, or not UTF-8.
    Unreadable(Box<Diagnostic>),
}

impl Content {
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
            .filter_map(|(source, _, read)| Some((source, File::parse(read)?)))
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
                    if !unchanged && let Some(file) = File::parse(read) {
                        self.files.insert(source, file);
                    }
                }
            }
        }
        Ok(true)
    }

    /// Everything parsed, in the form the link stage takes.
    pub fn parsed(&self) -> Parsed {
        let mut parsed = Parsed {
            folders: self.folders.iter().cloned().collect(),
            ..Parsed::default()
        };
        for (source, file) in &self.files {
            match &file.parsed {
                Outcome::Entry(entry) => parsed.entries.push(Arc::clone(entry)),
                Outcome::FailedEntry(problems) => {
                    parsed.failed.push(source.clone());
                    parsed.diagnostics.extend(problems.iter().cloned());
                }
                Outcome::Category(Ok(info)) => parsed.categories.push(info.clone()),
                Outcome::Category(Err(problems)) => {
                    parsed.diagnostics.extend(problems.iter().cloned());
                }
                Outcome::Unreadable(diagnostic) => parsed.diagnostics.push((**diagnostic).clone()),
            }
        }
        parsed
    }
}

impl File {
    /// The file parsed; `None` for what is not content.
    fn parse(read: Read) -> Option<File> {
        let (text_hash, parsed) = match read {
            Read::Entry(file) => {
                let text_hash = parse::text_hash(&file.text);
                match parse::hashed_entry(file, text_hash) {
                    Ok(entry) => (text_hash, Outcome::Entry(Arc::new(entry))),
                    Err((_, problems)) => (text_hash, Outcome::FailedEntry(problems)),
                }
            }
            Read::CategoryIndex(file) => (
                parse::text_hash(&file.text),
                Outcome::Category(parse::category(&file)),
            ),
            Read::Unreadable(diagnostic) => (0, Outcome::Unreadable(diagnostic)),
            Read::NotContent => return None,
        };
        Some(File { text_hash, parsed })
    }
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
