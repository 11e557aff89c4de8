//! `faqgen init` and `faqgen new`: a new site from the starter in `scaffold/starter/`
//! (compiled in), and a new entry from a question.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::error::Error;

static STARTER: Dir = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");

/// Written into the starter's workflow, so a new site is built with the faqgen that made it,
/// installed from where that faqgen's releases are published.
const VERSION_PLACEHOLDER: &str = "FAQGEN_VERSION_PLACEHOLDER";
const REPOSITORY_PLACEHOLDER: &str = "FAQGEN_REPOSITORY_PLACEHOLDER";

/// What `init` wrote, and what it found there already and left alone.
#[derive(Debug, Default)]
pub struct Report {
    /// Relative to the site's folder.
    pub written: Vec<PathBuf>,
    /// Starter files that exist already: never overwritten.
    pub kept: Vec<PathBuf>,
}

/// Writes a new site into `dir`; refuses a folder that already holds one unless `force`.
/// A file that exists is never overwritten, not even with `force`: it is listed as kept.
pub fn site(dir: &Path, force: bool) -> Result<Report, Error> {
    let existing = [crate::config::FILE_NAME, crate::load::CONTENT_DIR]
        .into_iter()
        .find(|name| dir.join(name).exists());
    if let (Some(name), false) = (existing, force) {
        return Err(Error::Refused(format!(
            "{} already holds a site ({name} exists); nothing was written. Run `faqgen serve` to preview it, or `faqgen init --force` to add the starter files it lacks (existing files are kept)",
            dir.display()
        )));
    }
    let mut report = Report::default();
    let mut stack = vec![&STARTER];
    while let Some(folder) = stack.pop() {
        for file in folder.files() {
            let text = String::from_utf8_lossy(file.contents())
                .replace(VERSION_PLACEHOLDER, env!("CARGO_PKG_VERSION"))
                .replace(REPOSITORY_PLACEHOLDER, env!("CARGO_PKG_REPOSITORY"));
            match write_new(&dir.join(file.path()), &text, false) {
                Ok(()) => report.written.push(file.path().to_path_buf()),
                Err(Error::Refused(_)) => report.kept.push(file.path().to_path_buf()),
                Err(error) => return Err(error),
            }
        }
        stack.extend(folder.dirs());
    }
    report.written.sort();
    report.kept.sort();
    Ok(report)
}

/// Writes a draft entry for `question` in `content/<category>/`, named after the question.
/// Returns its path relative to `root`.
pub fn entry(root: &Path, question: &str, category: Option<&str>) -> Result<PathBuf, Error> {
    // A site is where faqgen.toml is, as for every other command.
    for (path, missing) in [
        (
            root.join(crate::config::FILE_NAME),
            crate::config::FILE_NAME,
        ),
        (root.join(crate::load::CONTENT_DIR), "content/"),
    ] {
        if !path.exists() {
            return Err(Error::NotASite {
                root: root.to_path_buf(),
                missing,
            });
        }
    }
    let question = question.trim();
    let slug = crate::slug::slugify(question);
    let slug = crate::slug::shorten(&slug, crate::slug::MAX_MADE_BYTES);
    if slug.is_empty() {
        return Err(Error::Option(format!(
            "cannot make a file name from the question `{question}`"
        )));
    }
    let folder = category.map(|c| c.trim_matches('/')).unwrap_or_default();
    if folder
        .split('/')
        .any(|part| matches!(part, "." | "..") || part.contains('\\'))
        || Path::new(folder).is_absolute()
    {
        return Err(Error::Option(format!(
            "--category {folder}: give a folder under content/, like `billing/cards`"
        )));
    }
    let relative = Path::new(crate::load::CONTENT_DIR)
        .join(folder)
        .join(format!("{slug}.md"));
    let today = jiff::ZonedDateTime::now().date();
    // A JSON string is a valid YAML string: quotes and colons in the question stay safe.
    let quoted = serde_json::to_string(question).unwrap_or_default();
    let text = format!(
        "---\nquestion: {quoted}\ntags: []\naliases: []\nrelated: []\nupdated: {today}\n# Remove this line when the answer is ready to publish.\ndraft: true\n---\nWrite the answer here, in Markdown.\n"
    );
    write_new(&root.join(&relative), &text, false)?;
    Ok(relative)
}

/// Writes `text` to `path`, creating folders; an existing file is kept unless `overwrite`.
pub(crate) fn write_new(path: &Path, text: &str, overwrite: bool) -> Result<(), Error> {
    let write_error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    if overwrite {
        return std::fs::write(path, text).map_err(write_error);
    }
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Refused(format!(
                    "{} already exists; nothing was written",
                    path.display()
                ))
            } else {
                write_error(e)
            }
        })?;
    file.write_all(text.as_bytes()).map_err(write_error)
}
