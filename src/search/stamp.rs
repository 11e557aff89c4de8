//! The stamp of a built full-text index, kept in the site's cache folder (outside the output:
//! nothing there that a visitor does not need), so that a later build can tell whether the
//! index it would make is the one already in the output: the slowest step of a build (seconds
//! at 10,000 entries) is then skipped when no entry changed, as after a template edit.
//!
//! The stamp holds the fingerprint of the records indexed, and the number, total size and a
//! hash of the index's files: an index damaged, half deleted or replaced since is never
//! reused, and a stamp damaged or deleted only means the index is built again.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::output::OutputFile;

const MAGIC: &str = "faqgen-index 3";

/// The stamp of one index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    fingerprint: u64,
    files: usize,
    bytes: usize,
    digest: u64,
}

impl Stamp {
    /// The stamp of an index made from records with `fingerprint`, whose files are `files`.
    pub fn of(fingerprint: u64, files: &[OutputFile]) -> Stamp {
        Stamp {
            fingerprint,
            files: files.len(),
            bytes: files.iter().map(|f| f.contents.len()).sum(),
            digest: digest(files),
        }
    }

    fn text(&self) -> String {
        format!(
            "{MAGIC} {:016x} {} {} {:016x}\n",
            self.fingerprint, self.files, self.bytes, self.digest
        )
    }

    fn parse(text: &[u8]) -> Option<Stamp> {
        let text = std::str::from_utf8(text).ok()?;
        let mut fields = text.trim_end().strip_prefix(MAGIC)?.split_whitespace();
        let stamp = Stamp {
            fingerprint: u64::from_str_radix(fields.next()?, 16).ok()?,
            files: fields.next()?.parse().ok()?,
            bytes: fields.next()?.parse().ok()?,
            digest: u64::from_str_radix(fields.next()?, 16).ok()?,
        };
        fields.next().is_none().then_some(stamp)
    }

    /// Keeps the stamp of the index now in the output folder `output` of the site at `root`.
    pub fn save(&self, root: &Path, output: &Path) {
        crate::cache::save(&path(root, output), self.text().as_bytes());
    }
}

/// The index files in the output folder `output` of the site at `root`, if the stamp kept
/// for it says they were made from records with `fingerprint`, and they are the files it
/// describes.
pub fn reusable(root: &Path, output: &Path, fingerprint: u64) -> Option<Vec<OutputFile>> {
    let stamp = Stamp::parse(&std::fs::read(path(root, output)).ok()?)?;
    if stamp.fingerprint != fingerprint {
        return None;
    }
    let bundle = output.join(super::INDEX_DIR);
    let mut files = Vec::with_capacity(stamp.files);
    for item in walkdir::WalkDir::new(&bundle).sort_by_file_name() {
        let item = item.ok()?;
        if !item.file_type().is_file() {
            continue;
        }
        let relative = item.path().strip_prefix(output).ok()?;
        let path = relative
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<Vec<_>>>()?
            .join("/");
        files.push(OutputFile {
            path,
            contents: std::fs::read(item.path()).ok()?,
        });
    }
    (Stamp::of(fingerprint, &files) == stamp).then_some(files)
}

/// Where the stamp for the output folder `output` is kept.
fn path(root: &Path, output: &Path) -> PathBuf {
    crate::cache::file(root, output, "search-index", "txt")
}

/// A hash of the files' paths and contents, in any order.
fn digest(files: &[OutputFile]) -> u64 {
    let mut sorted: Vec<&OutputFile> = files.iter().collect();
    sorted.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    let mut hasher = crate::stable_hash::hasher();
    for file in sorted {
        (&file.path, &file.contents).hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: contents.as_bytes().to_vec(),
        }
    }

    fn write(dir: &Path, files: &[OutputFile]) {
        for f in files {
            let path = dir.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &f.contents).unwrap();
        }
    }

    #[test]
    fn an_intact_index_with_the_same_fingerprint_is_reused() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, output) = (tmp.path(), tmp.path().join("public"));
        let index = vec![
            file("search/terms/0.json", "words"),
            file("search/index.json", "meta"),
        ];
        write(&output, &index);
        // Made in one order, read back in another.
        Stamp::of(42, &index).save(root, &output);
        let reused = reusable(root, &output, 42).expect("reused");
        let paths: Vec<&str> = reused.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["search/index.json", "search/terms/0.json"]);
        assert!(reusable(root, &output, 43).is_none(), "other records");
        assert!(
            reusable(root, &tmp.path().join("elsewhere"), 42).is_none(),
            "another output folder"
        );
        assert!(
            !output
                .join("search")
                .read_dir()
                .unwrap()
                .any(|f| { f.unwrap().file_name().to_string_lossy().contains("faqgen") })
        );
    }

    #[test]
    fn a_damaged_index_or_stamp_is_not_reused() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, output) = (tmp.path(), tmp.path().join("public"));
        let index = vec![file("search/index.json", "meta"), file("search/b", "bb")];
        write(&output, &index);
        Stamp::of(7, &index).save(root, &output);
        std::fs::remove_file(output.join("search/b")).unwrap();
        assert!(reusable(root, &output, 7).is_none(), "a file missing");
        write(&output, &[file("search/b", "b")]);
        assert!(
            reusable(root, &output, 7).is_none(),
            "a file of another size"
        );
        write(&output, &[file("search/b", "xy")]);
        assert!(
            reusable(root, &output, 7).is_none(),
            "a file of the same size, changed"
        );
        write(&output, &[file("search/b", "bb")]);
        assert!(reusable(root, &output, 7).is_some(), "the same files again");
        std::fs::write(path(root, &output), "faqgen-index 3 garbage").unwrap();
        assert!(reusable(root, &output, 7).is_none(), "a damaged stamp");
        std::fs::remove_dir_all(root.join(crate::reserved::CACHE_DIR)).unwrap();
        assert!(reusable(root, &output, 7).is_none(), "no stamp");
    }
}
