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
    let dir = output_place(root, requested)?;
    owned(requested, dir, replace_foreign)
}

/// The real path of the output folder for a site at `root`, or why it can never be one (it is
/// the file system's root, holds the site or its sources, is inside them, or is a file). Whose
/// files it holds is [`output_dir`]'s question too.
pub fn output_place(root: &Path, requested: &Path) -> Result<PathBuf, Error> {
    let refused = |reason| refusal(requested, reason);
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
        _ => Ok(dir),
    }
}

/// `dir` (the output folder `requested`, resolved), if the build may replace it: a folder
/// faqgen wrote, or that is missing or empty, or any when `replace_foreign`.
fn owned(requested: &Path, dir: PathBuf, replace_foreign: bool) -> Result<PathBuf, Error> {
    let refused = |reason| refusal(requested, reason);
    match std::fs::metadata(&dir) {
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

fn refusal(requested: &Path, reason: Refusal) -> Error {
    Error::OutputRefused {
        path: requested.to_path_buf(),
        reason,
    }
}

const MARKER_HEADER: &str =
    "This folder was written by faqgen; each build replaces it whole. Keep nothing else here.\n";

/// The marker's text: a header, then one line per file or folder at the top of the output,
/// with a fingerprint of the paths faqgen wrote under it. Anything added later shows as a new
/// name or a changed fingerprint, so the next build refuses rather than delete it.
pub fn marker_text(paths: &[String]) -> String {
    let mut text = String::from(MARKER_HEADER);
    for (name, fingerprint) in fingerprints(paths.iter().map(String::as_str)) {
        text.push_str(&format!("{fingerprint:016x}\t{name}\n"));
    }
    text
}

/// Per name at the top, a stable hash of the sorted paths under it.
fn fingerprints<'a>(
    paths: impl Iterator<Item = &'a str>,
) -> std::collections::BTreeMap<&'a str, u64> {
    let mut by_name: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for path in paths.filter(|p| *p != MARKER_FILE) {
        let name = path.split('/').next().unwrap_or(path);
        by_name.entry(name).or_default().push(path);
    }
    by_name
        .into_iter()
        .map(|(name, mut paths)| {
            paths.sort_unstable();
            let mut hasher = crate::stable_hash::hasher();
            for path in paths {
                std::hash::Hasher::write(&mut hasher, path.as_bytes());
                std::hash::Hasher::write_u8(&mut hasher, 0);
            }
            (name, std::hash::Hasher::finish(&hasher))
        })
        .collect()
}

/// A few of the files of `dir` that faqgen did not write: everything when it is not marked as
/// faqgen's, else what is not as the marker lists it.
fn foreign_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let shown = |name: &str, is_dir: bool| {
        if is_dir {
            format!("{name}/")
        } else {
            name.to_string()
        }
    };
    let marker_path = dir.join(MARKER_FILE);
    let mut names: Vec<String> = match std::fs::read_to_string(&marker_path) {
        Ok(marker) => {
            let listed: std::collections::HashMap<&str, &str> = marker
                .lines()
                .skip(1)
                .filter_map(|line| line.split_once('\t'))
                .map(|(fingerprint, name)| (name, fingerprint))
                .collect();
            let marked_at = changed_at(&std::fs::metadata(&marker_path)?);
            let present = files_under(dir)?;
            // Only the files under a name whose listing changed are looked at one by one.
            let changed_since = |name: &str| -> std::io::Result<bool> {
                for path in present.iter().filter(|p| p.split('/').next() == Some(name)) {
                    if changed_at(&std::fs::symlink_metadata(dir.join(path))?) > marked_at {
                        return Ok(true);
                    }
                }
                Ok(false)
            };
            let mut foreign = Vec::new();
            for (name, fingerprint) in fingerprints(present.iter().map(String::as_str)) {
                let as_written = match listed.get(name) {
                    None => false,
                    Some(&listed) if listed == format!("{fingerprint:016x}") => true,
                    // Files removed since (a damaged search index, say) leave nothing to lose;
                    // a file added or changed since the marker was written is someone else's.
                    // (File systems stamp times by the clock tick, a few milliseconds: a file
                    // added within a tick of the build's end passes; no person is that quick.)
                    Some(_) => !changed_since(name)?,
                };
                if !as_written {
                    foreign.push(shown(name, dir.join(name).is_dir()));
                }
            }
            foreign
        }
        Err(_) => std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| shown(&e.file_name().to_string_lossy(), e.path().is_dir()))
            .collect(),
    };
    names.sort();
    let more = names.len().saturating_sub(3);
    names.truncate(3);
    if more > 0 {
        names.push(format!("{more} more"));
    }
    Ok(names)
}

/// Every file under `dir`, relative to it with `/`; symbolic links are not followed. Read from
/// the folders alone, without a look at each file: this runs before every build.
fn files_under(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut paths = Vec::new();
    for item in walkdir::WalkDir::new(dir).min_depth(1) {
        let item = item.map_err(std::io::Error::other)?;
        if !item.file_type().is_dir() {
            let relative = item.path().strip_prefix(dir).unwrap_or(item.path());
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            paths.push(parts.join("/"));
        }
    }
    Ok(paths)
}

/// When a file last changed, in nanoseconds: its status change time where there is one (no
/// program can set it back), else its modification time.
fn changed_at(meta: &std::fs::Metadata) -> i128 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())
    }
    #[cfg(not(unix))]
    {
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128)
    }
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

    /// Waits (at most 5 s) until a file written now is stamped later than `file`: file
    /// systems stamp times by the clock tick.
    fn wait_for_the_clock_to_pass(file: &Path) {
        let stamp = changed_at(&std::fs::metadata(file).unwrap());
        let probe = file.with_extension("probe");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            std::fs::write(&probe, "").unwrap();
            if changed_at(&std::fs::metadata(&probe).unwrap()) > stamp {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the clock did not move"
            );
        }
        std::fs::remove_file(probe).unwrap();
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
        std::fs::write(out.join(MARKER_FILE), marker_text(&["notes.txt".into()])).unwrap();
        assert!(output_dir(&root, &out, false).is_ok(), "marked, as listed");
        // Added after faqgen wrote the folder: at the top, or deep inside a folder of its own.
        std::fs::write(out.join(".git"), "gitdir: ../.git/worktrees/public").unwrap();
        assert!(
            refusal(&root, &out).contains("(.git)"),
            "{}",
            refusal(&root, &out)
        );
        std::fs::remove_file(out.join(".git")).unwrap();
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        std::fs::write(
            out.join(MARKER_FILE),
            marker_text(&["notes.txt".into(), "a/b/page.html".into()]),
        )
        .unwrap();
        std::fs::write(out.join("a/b/page.html"), "").unwrap();
        assert!(output_dir(&root, &out, false).is_ok());
        wait_for_the_clock_to_pass(&out.join(MARKER_FILE));
        std::fs::write(out.join("a/b/mine.txt"), "").unwrap();
        assert!(
            refusal(&root, &out).contains("(a/)"),
            "{}",
            refusal(&root, &out)
        );
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
