//! Stage 1, load: the only reading of `content/`. Walks the folder, reads every Markdown file
//! as UTF-8 text and lists every folder (each is a category).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::error::Error;

pub const CONTENT_DIR: &str = "content";
pub const CATEGORY_INDEX: &str = "_index.md";

/// One Markdown file of the content, read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, as shown in diagnostics: `content/causes/x.md`.
    pub path: PathBuf,
    /// Path relative to `content/` with `/` separators: `causes/x.md`. Links use this form.
    pub source: String,
    pub text: String,
}

impl SourceFile {
    /// The category folder the file is in, relative to `content/` (`""` for the top level).
    pub fn folder(&self) -> &str {
        self.source
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder)
    }

    /// The file name without `.md`.
    pub fn stem(&self) -> &str {
        let name = self.source.rsplit('/').next().unwrap_or_default();
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// Everything `content/` holds.
#[derive(Debug, Default)]
pub struct Sources {
    /// One per question.
    pub entries: Vec<SourceFile>,
    /// The `_index.md` files that describe categories.
    pub category_indexes: Vec<SourceFile>,
    /// Every folder under `content/`, relative to it, parents before children.
    pub folders: Vec<String>,
    /// Files that could not be read as text (binary, not UTF-8).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `content/` under `root`.
pub fn sources(root: &Path) -> Result<Sources, Error> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Error::NotASite {
            root: root.to_path_buf(),
            missing: "content/",
        });
    }
    let mut sources = Sources::default();
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // Hidden files and folders are editor and VCS droppings, not content.
        .filter_entry(|e| {
            e.depth() == 0
                || (!e.file_name().to_string_lossy().starts_with('.') && stays_inside(&site, e))
        });
    for item in walker {
        let item = item.map_err(|e| Error::Read {
            path: e.path().map_or_else(|| content.clone(), Path::to_path_buf),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        let relative = item.path().strip_prefix(&content).unwrap_or(item.path());
        let source = source_path(relative);
        if item.file_type().is_dir() {
            if item.depth() > 0 {
                sources.folders.push(source);
            }
            continue;
        }
        match read(&content, &source)? {
            Read::Entry(file) => sources.entries.push(file),
            Read::CategoryIndex(file) => sources.category_indexes.push(file),
            Read::Unreadable(diagnostic) => sources.diagnostics.push(*diagnostic),
            Read::NotContent => {}
        }
    }
    Ok(sources)
}

/// `causes/x.md` for `content/causes/x.md`: `/` separators on every system.
pub(crate) fn source_path(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What one file of `content/` turned out to be.
#[derive(Debug)]
pub enum Read {
    Entry(SourceFile),
    CategoryIndex(SourceFile),
    /// Binary, or not UTF-8.
    Unreadable(Box<Diagnostic>),
    /// Not a Markdown file: images and the like are not content.
    NotContent,
}

/// Reads the file at `source` (relative to the `content` folder), as the walk does: the one
/// place that decides what a file of `content/` is.
pub fn read(content: &Path, source: &str) -> Result<Read, Error> {
    let relative = Path::new(source);
    if relative.extension().is_none_or(|ext| ext != "md") {
        return Ok(Read::NotContent);
    }
    let full = content.join(relative);
    let path = Path::new(CONTENT_DIR).join(relative);
    let bytes = std::fs::read(&full).map_err(|e| Error::Read {
        path: full.clone(),
        source: e,
    })?;
    let text = match decode(&path, bytes) {
        // Editors on Windows start UTF-8 files with a byte order mark; it is not content.
        Ok(text) => match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => text,
        },
        Err(diagnostic) => return Ok(Read::Unreadable(diagnostic)),
    };
    let file = SourceFile {
        path,
        source: source.to_string(),
        text,
    };
    Ok(
        if relative
            .file_name()
            .is_some_and(|n| is_category_index(&n.to_string_lossy()))
        {
            Read::CategoryIndex(file)
        } else {
            Read::Entry(file)
        },
    )
}

/// Whether a file named `name` describes its folder: `_index.md`, or its translation
/// (`_index.fr.md`).
pub fn is_category_index(name: &str) -> bool {
    name == CATEGORY_INDEX || name.starts_with("_index.") && name.ends_with(".md")
}

/// Whether a walked file or folder is really inside the site: a symbolic link that points
/// out of it is left out, so nothing outside the site can be published or served.
pub(crate) fn stays_inside(site: &Path, item: &walkdir::DirEntry) -> bool {
    !item.path_is_symlink()
        || item
            .path()
            .canonicalize()
            .is_ok_and(|target| target.starts_with(site))
}

/// UTF-8 text of a file, or a diagnostic at the first byte that is not text.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    let position_of = |valid: &[u8]| {
        let valid = String::from_utf8_lossy(valid);
        let line = valid.matches('\n').count() + 1;
        let column = valid
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        (line, column)
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position_of(&bytes[..nul]);
        return Err(Box::new(
            Diagnostic::file_error(
                path,
                line,
                column,
                "binary file: an entry must be Markdown text",
            )
            .with_help("move images and other files to static/"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let (line, column) = position_of(&bytes[..valid]);
        Box::new(
            Diagnostic::file_error(
                path,
                line,
                column,
                format!("not valid UTF-8 (byte 0x{:02X})", bytes[valid]),
            )
            .with_help("save the file as UTF-8"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let d = decode(Path::new("a.md"), b"ok\nab\xFFc".to_vec()).unwrap_err();
        assert_eq!((d.line, d.column), (2, 3));
        assert!(d.message.contains("0xFF"), "{}", d.message);
    }

    #[test]
    fn binary_is_refused() {
        let d = decode(Path::new("a.png"), b"\x89PNG\r\n\x1a\n\0\0".to_vec()).unwrap_err();
        assert!(d.message.starts_with("binary file"));
    }

    #[test]
    fn folder_and_stem() {
        let file = SourceFile {
            path: PathBuf::new(),
            source: "a/b/c.md".into(),
            text: String::new(),
        };
        assert_eq!((file.folder(), file.stem()), ("a/b", "c"));
        let top = SourceFile {
            path: PathBuf::new(),
            source: "c.md".into(),
            text: String::new(),
        };
        assert_eq!((top.folder(), top.stem()), ("", "c"));
    }
}
