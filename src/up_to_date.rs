//! Whether `faqgen build` has anything to do: a record of the last build, kept in the site's
//! cache folder (outside the output), says from which inputs it made which output. When the
//! inputs and the output are still as recorded, the build is skipped: at 10,000 entries a
//! check costs a tenth of a build.
//!
//! The inputs are everything a build reads: `faqgen.toml`, every file and folder under
//! `content/`, `templates/` and `static/` (hidden ones too: a superset never skips wrongly),
//! the options that change the output, and the faqgen binary itself (by size and modification
//! time: a rebuilt faqgen, whose embedded theme may differ, builds again). Each is compared by
//! its metadata, as Git's index does: kind, size, modification and change times (a folder's
//! change when an entry is added, removed or renamed in it), so nothing is read or listed.
//! A file modified within two seconds of the recorded scan could have changed within one tick
//! of the file system's clock; its contents are compared too. The output is compared the same
//! way, file by file and folder by folder. A record that is missing, damaged or of another
//! version only means the site is built again.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::{BuildOptions, Diagnostic};

/// The record's format; a record of another format is not read.
const FORMAT: u32 = 2;

/// Files modified this close (2 s) before the inputs were recorded have their contents
/// compared: within one tick of a coarse file-system clock, two versions of a file of the same
/// size can have the same times.
const RACY_NANOS: u64 = 2_000_000_000;

/// What the last build of an output folder read and wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    format: u32,
    inputs: Inputs,
    pub entries: usize,
    pub categories: usize,
    pub pages: usize,
    /// The warnings it printed, printed again when the build is skipped.
    pub warnings: Vec<Diagnostic>,
    /// Every file and folder it wrote, relative to the output.
    output: Vec<(String, Stat)>,
}

/// Everything a build reads, as it was when the build started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    /// A hash of faqgen's version and binary and of the build's options.
    settings: u64,
    /// When the inputs were looked at, in nanoseconds since 1970.
    taken: u64,
    /// Each input path (relative to the site; the site's own folders too, even when missing),
    /// with its metadata and, when it changed within a tick of the scan, a hash of its contents
    /// (a folder's: the names in it).
    files: Vec<(String, Stat, u64)>,
}

/// What the file system says about a path: kind ([`Kind`] as a number), size (0 for folders),
/// and modification and change times in nanoseconds. A tuple, to keep the record small: it
/// has one per file of the site and of its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stat(u8, u64, u64, u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Missing = 0,
    Folder = 1,
    File = 2,
    /// A device, a socket, …: nothing faqgen reads or writes.
    Other = 3,
}

impl Stat {
    fn of(meta: std::io::Result<std::fs::Metadata>) -> Stat {
        let Ok(meta) = meta else {
            return Stat(Kind::Missing as u8, 0, 0, 0);
        };
        let kind = if meta.is_dir() {
            Kind::Folder
        } else if meta.is_file() {
            Kind::File
        } else {
            Kind::Other
        };
        let size = if meta.is_file() { meta.len() } else { 0 };
        Stat(
            kind as u8,
            size,
            nanos(meta.modified().ok()),
            changed(&meta),
        )
    }

    fn is(self, kind: Kind) -> bool {
        self.0 == kind as u8
    }

    fn size(self) -> u64 {
        self.1
    }

    fn modified(self) -> u64 {
        self.2
    }
}

fn nanos(time: Option<SystemTime>) -> u64 {
    time.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}

/// The change time: set by the system on every change of contents or metadata, which no
/// program can set back (unlike the modification time).
#[cfg(unix)]
fn changed(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let seconds = u64::try_from(meta.ctime()).unwrap_or(0);
    let nanos = u64::try_from(meta.ctime_nsec()).unwrap_or(0);
    seconds.saturating_mul(1_000_000_000).saturating_add(nanos)
}

#[cfg(not(unix))]
fn changed(_: &std::fs::Metadata) -> u64 {
    0
}

/// The folders of a site a build reads, and its settings file.
const INPUT_FOLDERS: [&str; 3] = [
    crate::load::CONTENT_DIR,
    crate::theme::TEMPLATES_DIR,
    crate::theme::STATIC_DIR,
];

impl Inputs {
    /// Everything a build with `options` reads, now; None when some input cannot be read (the
    /// build then runs, and reports it).
    pub fn scan(options: &BuildOptions) -> Option<Inputs> {
        let taken = nanos(Some(SystemTime::now()));
        let root = &options.root;
        let mut folders = Vec::new();
        let mut paths = vec![PathBuf::from(crate::config::FILE_NAME)];
        for folder in INPUT_FOLDERS {
            let top = root.join(folder);
            if !top.exists() {
                paths.push(PathBuf::from(folder));
                continue;
            }
            for item in WalkDir::new(&top).follow_links(true).sort_by_file_name() {
                let item = item.ok()?;
                let relative = item.path().strip_prefix(root).ok()?;
                if item.file_type().is_dir() {
                    // Looked at as the walk comes to it, before its entries are listed: a
                    // file added after the listing changes the folder after this look.
                    let stat = Stat::of(std::fs::metadata(item.path()));
                    let names = racy_hash(item.path(), stat, taken)?;
                    folders.push((crate::load::source_path(relative), stat, names));
                } else {
                    paths.push(relative.to_path_buf());
                }
            }
        }
        let mut files: Vec<(String, Stat, u64)> = paths
            .par_iter()
            .map(|relative| {
                let path = root.join(relative);
                // Looked at before it is read: a change after the look shows as another time.
                let stat = Stat::of(std::fs::metadata(&path));
                let hash = racy_hash(&path, stat, taken)?;
                Some((crate::load::source_path(relative), stat, hash))
            })
            .collect::<Option<_>>()?;
        files.extend(folders);
        Some(Inputs {
            settings: settings(options)?,
            taken,
            files,
        })
    }

    /// Whether every input is still as recorded.
    fn unchanged(&self, options: &BuildOptions) -> bool {
        settings(options) == Some(self.settings)
            && self.files.par_iter().all(|(relative, stat, hash)| {
                let path = options.root.join(relative);
                Stat::of(std::fs::metadata(&path)) == *stat
                    && racy_hash(&path, *stat, self.taken) == Some(*hash)
            })
    }
}

/// For a path whose look (`stat`) came within a tick of the clock of the scan at `taken`, where
/// the same times may hide a change, a hash of its contents (a folder's: the names in it);
/// 0 for any other, which is told by its times alone. Only these are ever read.
fn racy_hash(path: &Path, stat: Stat, taken: u64) -> Option<u64> {
    if stat.modified().saturating_add(RACY_NANOS) < taken {
        return Some(0);
    }
    if stat.is(Kind::Folder) {
        names_hash(path)
    } else if stat.is(Kind::File) {
        std::fs::read(path).ok().map(|bytes| content_hash(&bytes))
    } else {
        Some(0)
    }
}

/// A hash of the names in `folder`, sorted.
fn names_hash(folder: &Path) -> Option<u64> {
    let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(folder)
        .ok()?
        .map(|item| item.map(|item| item.file_name()))
        .collect::<Result<_, _>>()
        .ok()?;
    names.sort_unstable();
    let mut hasher = crate::stable_hash::hasher();
    names.hash(&mut hasher);
    Some(hasher.finish())
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = crate::stable_hash::hasher();
    hasher.write(bytes);
    hasher.finish()
}

/// faqgen itself and the options that change what a build writes.
fn settings(options: &BuildOptions) -> Option<u64> {
    let mut hasher = crate::stable_hash::hasher();
    (FORMAT, env!("CARGO_PKG_VERSION")).hash(&mut hasher);
    let binary = Stat::of(std::fs::metadata(std::env::current_exe().ok()?));
    binary.is(Kind::File).then_some(())?;
    (binary.size(), binary.modified()).hash(&mut hasher);
    (&options.base_url, options.drafts).hash(&mut hasher);
    // Entries without `updated:` are dated by their last commit: a new commit is a change.
    crate::git_dates::head(&options.root).hash(&mut hasher);
    Some(hasher.finish())
}

impl Record {
    /// The record of a build from `inputs` that wrote the files `written` (paths relative to
    /// `output`, looked at on the disk with their folders).
    pub fn new(
        inputs: Inputs,
        output: &Path,
        written: &[String],
        counts: (usize, usize, usize),
        warnings: Vec<Diagnostic>,
    ) -> Option<Record> {
        let (entries, categories, pages) = counts;
        Some(Record {
            format: FORMAT,
            inputs,
            entries,
            categories,
            pages,
            warnings,
            output: look_at(output, written)?,
        })
    }

    /// The record kept for the output folder `output` of the site of `options`, if its
    /// inputs and the folder are still as that build left them.
    pub fn matching(options: &BuildOptions, output: &Path) -> Option<Record> {
        let bytes = std::fs::read(path(&options.root, output)).ok()?;
        let record: Record = serde_json::from_slice(&bytes).ok()?;
        let same_output = || {
            Stat::of(std::fs::symlink_metadata(output)).is(Kind::Folder)
                && record.output.par_iter().all(|(relative, stat)| {
                    Stat::of(std::fs::symlink_metadata(output.join(relative))) == *stat
                })
        };
        (record.format == FORMAT && record.inputs.unchanged(options) && same_output())
            .then_some(record)
    }

    /// Keeps the record for the site at `root`.
    pub fn save(&self, root: &Path, output: &Path) {
        if let Ok(bytes) = serde_json::to_vec(self) {
            crate::cache::save(&path(root, output), &bytes);
        }
    }

    /// Forgets the record of `output`: done before the output changes, so that a build
    /// stopped half-way is never taken for a finished one.
    pub fn forget(root: &Path, output: &Path) {
        crate::cache::forget(&path(root, output));
    }
}

fn path(root: &Path, output: &Path) -> PathBuf {
    crate::cache::file(root, output, "build", "json")
}

/// The files `written` in `output`, with every folder that holds them and the output itself
/// (as ""), in order; None if one is not a file or folder as faqgen writes.
fn look_at(output: &Path, written: &[String]) -> Option<Vec<(String, Stat)>> {
    let mut paths: Vec<&str> = vec![""];
    for file in written {
        paths.push(file);
        paths.extend(file.match_indices('/').map(|(at, _)| &file[..at]));
    }
    paths.sort_unstable();
    paths.dedup();
    paths
        .par_iter()
        .map(|relative| {
            let stat = Stat::of(std::fs::symlink_metadata(output.join(relative)));
            (stat.is(Kind::Folder) || stat.is(Kind::File)).then(|| (relative.to_string(), stat))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Site(PathBuf);

    impl Site {
        fn new(name: &str) -> Site {
            let root = std::env::temp_dir()
                .join(format!("faqgen-up-to-date-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            std::fs::create_dir_all(root.join("content/a")).unwrap();
            std::fs::create_dir_all(root.join("public/a")).unwrap();
            std::fs::write(root.join("faqgen.toml"), "title = \"T\"\n").unwrap();
            std::fs::write(root.join("content/a/x.md"), "x").unwrap();
            std::fs::write(root.join("public/index.html"), "home").unwrap();
            std::fs::write(root.join("public/a/index.html"), "a").unwrap();
            Site(root)
        }

        fn options(&self) -> BuildOptions {
            BuildOptions {
                root: self.0.clone(),
                output_dir: None,
                base_url: None,
                drafts: false,
                replace_output: false,
            }
        }

        fn output(&self) -> PathBuf {
            self.0.join("public")
        }

        fn record(&self) {
            let inputs = Inputs::scan(&self.options()).unwrap();
            let written = ["index.html".to_string(), "a/index.html".to_string()];
            Record::new(inputs, &self.output(), &written, (1, 1, 2), Vec::new())
                .unwrap()
                .save(&self.0, &self.output());
        }

        fn skips(&self) -> bool {
            Record::matching(&self.options(), &self.output()).is_some()
        }

        fn kept(&self) -> Record {
            let kept = path(&self.0, &self.output());
            serde_json::from_slice(&std::fs::read(&kept).unwrap()).unwrap()
        }

        fn recorded_hash(&self, input: &str) -> u64 {
            let record = self.kept();
            let found = record
                .inputs
                .files
                .iter()
                .find(|(path, _, _)| path == input);
            found.unwrap().2
        }

        /// Changes the recorded hash of the input `input`, as if it had changed after the
        /// scan within one tick: same metadata, other contents.
        fn change_recorded_hash(&self, input: &str) {
            let mut record = self.kept();
            for (path, _, hash) in &mut record.inputs.files {
                if path == input {
                    *hash ^= 1;
                }
            }
            record.save(&self.0, &self.output());
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn the_same_inputs_and_an_untouched_output_skip_the_build() {
        let site = Site::new("same");
        site.record();
        assert!(site.skips());
    }

    #[test]
    fn any_change_of_the_inputs_builds_again() {
        let site = Site::new("inputs");
        let changes: [&dyn Fn(&Path); 5] = [
            &|root| std::fs::write(root.join("content/a/x.md"), "y").unwrap(),
            &|root| std::fs::create_dir(root.join("content/b")).unwrap(),
            &|root| std::fs::write(root.join("faqgen.toml"), "title = \"U\"\n").unwrap(),
            &|root| {
                std::fs::create_dir_all(root.join("templates")).unwrap();
                std::fs::write(root.join("templates/base.html"), "b").unwrap();
            },
            &|root| {
                std::fs::rename(root.join("content/a/x.md"), root.join("content/a/z.md")).unwrap()
            },
        ];
        for (i, change) in changes.iter().enumerate() {
            site.record();
            change(&site.0);
            assert!(!site.skips(), "change {i}");
        }
        site.record();
        let drafts = BuildOptions {
            drafts: true,
            ..site.options()
        };
        assert!(
            Record::matching(&drafts, &site.output()).is_none(),
            "an option"
        );
        assert!(site.skips());
    }

    #[test]
    fn any_change_of_the_output_builds_again() {
        let changes: [&dyn Fn(&Path); 4] = [
            &|out| std::fs::write(out.join("index.html"), "HOME!").unwrap(),
            &|out| std::fs::remove_file(out.join("a/index.html")).unwrap(),
            &|out| std::fs::write(out.join("extra.html"), "").unwrap(),
            &|out| std::fs::create_dir(out.join("b")).unwrap(),
        ];
        for (i, change) in changes.iter().enumerate() {
            let site = Site::new(&format!("output-{i}"));
            site.record();
            change(&site.output());
            assert!(!site.skips(), "change {i}");
        }
    }

    #[test]
    fn a_file_changed_within_a_tick_of_the_clock_is_told_by_its_contents() {
        let site = Site::new("racy");
        site.record();
        assert!(site.skips());
        // Written just now: within the tick, so its contents were read and hashed.
        assert_eq!(site.recorded_hash("content/a/x.md"), content_hash(b"x"));
        site.change_recorded_hash("content/a/x.md");
        assert!(!site.skips());
    }

    #[test]
    fn a_folder_changed_within_a_tick_of_the_clock_is_told_by_its_names() {
        let site = Site::new("racy-folder");
        site.record();
        assert!(site.skips());
        assert_eq!(
            site.recorded_hash("content/a"),
            names_hash(&site.0.join("content/a")).unwrap()
        );
        // As if a file had been added to `content/a` within the tick of the recorded look.
        site.change_recorded_hash("content/a");
        assert!(!site.skips());
    }

    #[test]
    fn a_damaged_or_missing_record_builds_again() {
        let site = Site::new("damaged");
        site.record();
        let kept = path(&site.0, &site.output());
        std::fs::write(&kept, "{\"format\":1,").unwrap();
        assert!(!site.skips(), "damaged");
        Record::forget(&site.0, &site.output());
        assert!(!site.skips(), "missing");
    }
}
