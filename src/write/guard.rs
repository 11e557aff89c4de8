//! Decides whether a folder may become the output: the build replaces it whole, so it must be
//! faqgen's own. Paths are resolved for real first (symbolic links, `..`), so that no spelling
//! of a path can reach the site's sources or a folder of someone else's.

use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::{config, load, theme};

/// The file every output folder holds, written first: it tells the next build (and a person
/// looking at the folder) that faqgen wrote it and may replace it.
pub use crate::reserved::OUTPUT_MARKER as MARKER_FILE;

/// Why a folder cannot be the output.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("it is the file system's root")]
    FileSystemRoot,
    #[error("it is a file, not a folder")]
    IsAFile,
    #[error("it is the site's folder, or a folder above it")]
    HoldsTheSite,
    #[error("it is or holds the site's {0}")]
    HoldsSources(&'static str),
    #[error("it is inside the site's {0}")]
    InsideSources(&'static str),
    #[error(
        "it holds files faqgen did not write ({}); pass --replace-output to replace them, or choose another folder",
        .0.join(", ")
    )]
    NotFaqgens(Vec<String>),
}

/// The real path of the output folder for a site at `root`, or why the folder must not be
/// replaced. `replace_foreign` lets a folder that faqgen did not write be replaced anyway.
pub fn output_dir(root: &Path, requested: &Path, replace_foreign: bool) -> Result<PathBuf, Error> {
    let refused = |reason| Error::OutputRefused {
        path: requested.to_path_buf(),
        reason,
    };
    let dir = resolve(requested).map_err(|source| Error::Read {
        path: requested.to_path_buf(),
        source,
    })?;
    let root = resolve(root).map_err(|source| Error::Read {
        path: root.to_path_buf(),
        source,
    })?;
    if dir.parent().is_none() {
        return Err(refused(Refusal::FileSystemRoot));
    }
    if root.starts_with(&dir) {
        return Err(refused(Refusal::HoldsTheSite));
    }
    let sources = [
        (load::CONTENT_DIR, "content/ folder"),
        (theme::TEMPLATES_DIR, "templates/ folder"),
        (theme::STATIC_DIR, "static/ folder"),
        (config::FILE_NAME, "faqgen.toml"),
    ];
    for (name, what) in sources {
        // Each resolved on its own: `content/` may be a link to a folder elsewhere.
        let source = resolve(&root.join(name)).unwrap_or_else(|_| root.join(name));
        if source.starts_with(&dir) {
            return Err(refused(Refusal::HoldsSources(what)));
        }
        if dir.starts_with(&source) {
            return Err(refused(Refusal::InsideSources(what)));
        }
    }
    match std::fs::metadata(&dir) {
        Ok(meta) if !meta.is_dir() => Err(refused(Refusal::IsAFile)),
        Ok(_) if !replace_foreign => {
            let foreign = foreign_files(&dir).map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            })?;
            if foreign.is_empty() {
                Ok(dir)
            } else {
                Err(refused(Refusal::NotFaqgens(foreign)))
            }
        }
        _ => Ok(dir),
    }
}

/// A few of the files of `dir` when it is neither empty nor marked as faqgen's.
fn foreign_files(dir: &Path) -> std::io::Result<Vec<String>> {
    if dir.join(MARKER_FILE).is_file() {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir() { name + "/" } else { name }
        })
        .collect();
    names.sort();
    let more = names.len().saturating_sub(3);
    names.truncate(3);
    if more > 0 {
        names.push(format!("{more} more"));
    }
    Ok(names)
}

/// `path` made absolute with every symbolic link and `..` resolved, as the file system will
/// resolve it; the part that does not exist yet is taken as written (it holds no links).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            // `resolved` has no links left, so its parent is the real one.
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                let next = resolved.join(name);
                resolved = if std::fs::symlink_metadata(&next).is_ok() {
                    next.canonicalize().unwrap_or(next)
                } else {
                    next
                };
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("site/content")).unwrap();
        std::fs::write(tmp.path().join("site/faqgen.toml"), "").unwrap();
        tmp
    }

    fn refusal(root: &Path, dir: &Path) -> String {
        match output_dir(root, dir, false) {
            Err(Error::OutputRefused { reason, .. }) => reason.to_string(),
            other => panic!("{} accepted: {other:?}", dir.display()),
        }
    }

    #[test]
    fn the_sources_are_refused_however_spelled() {
        let tmp = site();
        let root = tmp.path().join("site");
        assert!(refusal(&root, &root.join("x/../content")).contains("content/"));
        assert!(refusal(&root, &root.join("content/a")).contains("inside"));
        assert!(refusal(&root, &root.join("faqgen.toml")).contains("faqgen.toml"));
        assert!(refusal(&root, &root.join(".")).contains("site's folder"));
        assert!(refusal(&root, tmp.path()).contains("site's folder"));
        assert!(refusal(&root, Path::new("/")).contains("root"));
        #[cfg(unix)]
        {
            let link = tmp.path().join("link");
            std::os::unix::fs::symlink(&root, &link).unwrap();
            assert!(refusal(&link, &root.join("content")).contains("content/"));
            assert!(refusal(&root, &link.join("content")).contains("content/"));
        }
    }

    #[test]
    fn only_empty_missing_or_marked_folders_are_replaced() {
        let tmp = site();
        let root = tmp.path().join("site");
        let out = root.join("public");
        assert!(output_dir(&root, &out, false).is_ok(), "missing");
        std::fs::create_dir(&out).unwrap();
        assert!(output_dir(&root, &out, false).is_ok(), "empty");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(refusal(&root, &out).contains("notes.txt"));
        assert!(output_dir(&root, &out, true).is_ok(), "--replace-output");
        std::fs::write(out.join(MARKER_FILE), "").unwrap();
        assert!(output_dir(&root, &out, false).is_ok(), "marked");
        std::fs::write(root.join("file.html"), "").unwrap();
        assert!(refusal(&root, &root.join("file.html")).contains("a file"));
    }

    #[test]
    fn resolves_parent_segments_of_missing_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().canonicalize().unwrap();
        assert_eq!(resolve(&real.join("a/b/../../c")).unwrap(), real.join("c"));
    }
}
