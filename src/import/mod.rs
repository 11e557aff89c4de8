//! `faqgen import`: an existing FAQ (a plain-text document, a CSV file, Markdown with a heading
//! per question, or HTML pages with schema.org FAQPage JSON-LD) turned into entries, one file
//! per question.

mod csv_file;
mod html;
mod markdown;
mod text;

use std::path::{Path, PathBuf};

use crate::error::Error;

/// One question read from a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub question: String,
    /// The answer, as Markdown.
    pub answer: String,
    /// A category to file it under (a folder below the import's target).
    pub category: Option<String>,
    pub tags: Vec<String>,
}

/// A document that cannot be read as an FAQ: where, and why.
pub(crate) fn malformed(path: &Path, line: usize, message: impl Into<String>) -> Error {
    Error::Import {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// Reads the questions of `path`, choosing the format by its extension.
pub fn read(path: &Path) -> Result<Vec<Imported>, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if extension == "csv" {
        return csv_file::read(path, &bytes);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        malformed(path, line, "not valid UTF-8: save the file as UTF-8")
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let entries = match extension.as_str() {
        "md" | "markdown" => markdown::read(path, text)?,
        "html" | "htm" => html::read(path, text)?,
        _ => text::read(path, text)?,
    };
    if entries.is_empty() {
        return Err(malformed(path, 1, "no questions found"));
    }
    Ok(entries)
}

/// What an import wrote and what it left alone.
#[derive(Debug, Default)]
pub struct Report {
    pub written: Vec<PathBuf>,
    /// Entries that exist already (kept unless `--force`).
    pub skipped: Vec<PathBuf>,
}

/// Writes `entries` as files under `into` (a folder under `content/`, relative to `root`).
pub fn write(root: &Path, into: &str, entries: &[Imported], force: bool) -> Result<Report, Error> {
    let into = into.trim_end_matches('/');
    let inside = Path::new(into)
        .strip_prefix(crate::load::CONTENT_DIR)
        .is_ok()
        && !into.split('/').any(|p| p == ".." || p == ".");
    if !inside {
        return Err(Error::Option(format!(
            "--into {into}: give a folder under content/, e.g. content/imported"
        )));
    }
    // Resolved for real: a symbolic link under content/ must not lead the files elsewhere.
    let resolve = |path: &Path| {
        crate::write::guard::resolve(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })
    };
    let content = resolve(&root.join(crate::load::CONTENT_DIR))?;
    let outside = |folder: &Path| {
        Error::Refused(format!(
            "--into {into}: {} is outside the site's content/ (through a symbolic link); nothing was written there",
            folder.display()
        ))
    };
    if !resolve(&root.join(into))?.starts_with(&content) {
        return Err(outside(Path::new(into)));
    }
    let mut report = Report::default();
    // Two questions of one document with the same slug get numbered, not merged.
    let mut names = crate::slug::UniqueNames::default();
    for entry in entries {
        let mut folder = PathBuf::from(into);
        if let Some(category) = entry
            .category
            .as_deref()
            .map(crate::slug::slugify)
            .filter(|c| !c.is_empty())
        {
            folder.push(category);
        }
        let slug = crate::slug::slugify(&entry.question);
        let base = match crate::slug::shorten(&slug, crate::slug::MAX_MADE_BYTES) {
            "" => "question",
            short => short,
        };
        let name = names.claim(&format!("{}/{base}", folder.display()), 2);
        let path = PathBuf::from(format!("{name}.md"));
        let parent = root.join(&folder);
        if parent.exists() && !resolve(&parent)?.starts_with(&content) {
            return Err(outside(&folder));
        }
        // A link in place of the entry would carry the write to where it points.
        let is_link = std::fs::symlink_metadata(root.join(&path)).is_ok_and(|m| m.is_symlink());
        if is_link {
            return Err(outside(&path));
        }
        if root.join(&path).exists() && !force {
            report.skipped.push(path);
            continue;
        }
        crate::scaffold::write_new(&root.join(&path), &entry_file(entry), true)?;
        report.written.push(path);
    }
    Ok(report)
}

/// The text of an entry file; JSON strings are valid YAML, so any question is safe.
fn entry_file(entry: &Imported) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut text = format!("---\nquestion: {}\n", quote(&entry.question));
    if !entry.tags.is_empty() {
        let tags: Vec<String> = entry.tags.iter().map(|t| quote(t)).collect();
        text.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    text.push_str("---\n");
    text.push_str(entry.answer.trim());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_files_quote_what_yaml_would_misread() {
        let entry = Imported {
            question: "Is \"a: b\" ok?".into(),
            answer: "Yes.\n".into(),
            category: None,
            tags: vec!["x, y".into()],
        };
        assert_eq!(
            entry_file(&entry),
            "---\nquestion: \"Is \\\"a: b\\\" ok?\"\ntags: [\"x, y\"]\n---\nYes.\n"
        );
    }
}
