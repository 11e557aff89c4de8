//! The stamp written beside a built full-text index, so that a later build can tell whether
//! the index it would make is the one already there: the slowest step of a build (seconds at
//! 10,000 entries) is then skipped when no entry changed, as after a template edit.
//!
//! The stamp holds the fingerprint of the records indexed, and the number and total size of
//! the index's files, so that an index damaged or half deleted since is never reused.

use std::path::Path;

use crate::output::OutputFile;

/// The stamp's path, relative to the output root: inside the index's folder.
pub const STAMP_FILE: &str = "pagefind/faqgen-index.txt";
const MAGIC: &str = "faqgen-index 1";

/// The stamp of an index made from records with `fingerprint`, whose files are `files`.
pub fn of(fingerprint: u64, files: &[OutputFile]) -> OutputFile {
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    OutputFile {
        path: STAMP_FILE.to_string(),
        contents: format!("{MAGIC} {fingerprint:016x} {} {bytes}\n", files.len()).into_bytes(),
    }
}

/// The fingerprint a stamp records, if it is one.
pub fn fingerprint(stamp: &[u8]) -> Option<u64> {
    parse(stamp).map(|(fingerprint, _, _)| fingerprint)
}

fn parse(stamp: &[u8]) -> Option<(u64, usize, usize)> {
    let text = std::str::from_utf8(stamp).ok()?;
    let rest = text.trim_end().strip_prefix(MAGIC)?;
    let mut fields = rest.split_whitespace();
    let fingerprint = u64::from_str_radix(fields.next()?, 16).ok()?;
    let count = fields.next()?.parse().ok()?;
    let bytes = fields.next()?.parse().ok()?;
    fields
        .next()
        .is_none()
        .then_some((fingerprint, count, bytes))
}

/// The index files in the output folder `dir`, if its stamp says they were made from records
/// with `fingerprint` and they are all there, unchanged in number and size.
pub fn reusable(dir: &Path, fingerprint: u64) -> Option<Vec<OutputFile>> {
    let stamp = std::fs::read(dir.join(STAMP_FILE)).ok()?;
    let (stamped, count, bytes) = parse(&stamp)?;
    if stamped != fingerprint {
        return None;
    }
    let bundle = dir.join(super::BUNDLE_DIR);
    let mut files = Vec::with_capacity(count);
    for item in walkdir::WalkDir::new(&bundle).sort_by_file_name() {
        let item = item.ok()?;
        if !item.file_type().is_file() {
            continue;
        }
        let relative = item.path().strip_prefix(dir).ok()?;
        let path = relative
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<Vec<_>>>()?
            .join("/");
        if path == STAMP_FILE {
            continue;
        }
        files.push(OutputFile {
            path,
            contents: std::fs::read(item.path()).ok()?,
        });
    }
    let found: usize = files.iter().map(|f| f.contents.len()).sum();
    (files.len() == count && found == bytes).then_some(files)
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
        let index = vec![
            file("pagefind/a.pf_meta", "meta"),
            file("pagefind/index/x.pf_index", "words"),
        ];
        write(tmp.path(), &index);
        write(tmp.path(), &[of(42, &index)]);
        let reused = reusable(tmp.path(), 42).expect("reused");
        let paths: Vec<&str> = reused.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["pagefind/a.pf_meta", "pagefind/index/x.pf_index"]);
        assert!(reusable(tmp.path(), 43).is_none(), "other records");
        assert_eq!(fingerprint(&of(42, &index).contents), Some(42));
    }

    #[test]
    fn a_damaged_index_is_not_reused() {
        let tmp = tempfile::tempdir().unwrap();
        let index = vec![file("pagefind/a.pf_meta", "meta"), file("pagefind/b", "bb")];
        write(tmp.path(), &index);
        write(tmp.path(), &[of(7, &index)]);
        std::fs::remove_file(tmp.path().join("pagefind/b")).unwrap();
        assert!(reusable(tmp.path(), 7).is_none(), "a file missing");
        write(tmp.path(), &[file("pagefind/b", "b")]);
        assert!(reusable(tmp.path(), 7).is_none(), "a file of another size");
        assert!(
            reusable(&tmp.path().join("nothing"), 7).is_none(),
            "no output"
        );
        assert_eq!(fingerprint(b"something else"), None);
    }
}
