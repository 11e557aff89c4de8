//! The site's cache folder (`.faqgen-cache/`, beside `faqgen.toml`, never in the output): what
//! one run keeps for the next. Anything in it may be missing, old or damaged; a reader then
//! finds nothing usable and the work is done again, so it can never make a result wrong.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Where the cached `kind` for the output folder `output` of the site at `root` is kept: one
/// per output folder (`kind-<hash of the folder's real path>.<extension>`).
pub fn file(root: &Path, output: &Path, kind: &str, extension: &str) -> PathBuf {
    let output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let mut hasher = crate::stable_hash::hasher();
    output.hash(&mut hasher);
    root.join(crate::reserved::CACHE_DIR)
        .join(format!("{kind}-{:016x}.{extension}", hasher.finish()))
}

/// Keeps `contents` at `path`, best effort: a cache that cannot be written only means the
/// work is done again next time. Written beside and renamed into place, so that a reader
/// never sees half a file.
pub fn save(path: &Path, contents: &[u8]) {
    let Some(folder) = path.parent() else { return };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    if std::fs::write(&partial, contents).is_err() || std::fs::rename(&partial, path).is_err() {
        let _ = std::fs::remove_file(&partial);
    }
}

/// Forgets what is kept at `path`.
pub fn forget(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_per_output_folder_and_kind() {
        let root = Path::new("/site");
        let a = file(root, Path::new("/site/public"), "build", "json");
        let b = file(root, Path::new("/elsewhere/public"), "build", "json");
        let c = file(root, Path::new("/site/public"), "search-index", "txt");
        assert_ne!(a, b);
        assert_ne!(a.file_name(), c.file_name());
        assert!(a.starts_with("/site/.faqgen-cache"), "{}", a.display());
    }

    #[test]
    fn saved_contents_are_read_back_and_forgotten() {
        let dir = std::env::temp_dir().join(format!("faqgen-cache-test-{}", std::process::id()));
        let path = dir.join(".faqgen-cache/x.txt");
        save(&path, b"kept");
        assert_eq!(std::fs::read(&path).unwrap(), b"kept");
        forget(&path);
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
