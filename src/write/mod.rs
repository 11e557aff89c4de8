//! Stage 5, write: the only writing of the site. Everything goes into a staging folder beside
//! the output, which is then swapped in, so a failed or killed build leaves the previous
//! output exactly as it was. `guard` decides first whether the output may be replaced at all.

pub mod guard;

use std::path::{Path, PathBuf};

pub use guard::{MARKER_FILE, Refusal};

use crate::error::Error;
use crate::output::OutputFile;

/// An output folder being written. Files go into a staging folder beside `dir` as they come
/// (from several threads: a build hands each page over as soon as it is rendered, so the
/// site is never all in memory), and [`Staging::commit`] swaps it in. Dropped without a
/// commit, after an error, the staging folder is removed and `dir` is untouched.
pub struct Staging {
    dir: PathBuf,
    staging: PathBuf,
    committed: bool,
    /// Every file written, for the marker's list of what is faqgen's.
    written: std::sync::Mutex<Vec<String>>,
}

impl Staging {
    pub fn create(dir: &Path) -> Result<Self, Error> {
        let (parent, prefix) = staging_place(dir);
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_path_buf(),
            source,
        })?;
        remove_leftovers(parent, &prefix);
        let staging = parent.join(format!("{prefix}{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|source| Error::Write {
                path: staging.clone(),
                source,
            })?;
        }
        // A site with no files still gets its folder; the marker goes in first, so that even
        // a staging folder left by a killed build is known to be faqgen's.
        std::fs::create_dir(&staging).map_err(|source| Error::Write {
            path: staging.clone(),
            source,
        })?;
        write_marker(&staging, &[])?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            staging,
            committed: false,
            written: std::sync::Mutex::default(),
        })
    }

    pub fn write(&self, file: &OutputFile) -> Result<(), Error> {
        let path = self.staging.join(&file.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| Error::Write {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, &file.contents).map_err(|source| Error::Write { path, source })?;
        if let Ok(mut written) = self.written.lock() {
            written.push(file.path.clone());
        }
        Ok(())
    }

    /// Puts the written files in place of the output folder's; returns the path of every
    /// file now in it.
    pub fn commit(mut self) -> Result<Vec<String>, Error> {
        self.committed = true;
        let mut written =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let result =
            write_marker(&self.staging, &written).and_then(|()| swap_in(&self.staging, &self.dir));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        written.push(MARKER_FILE.to_string());
        result.map(|()| written)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Writes the marker into `folder`, listing what faqgen wrote there (`paths`).
fn write_marker(folder: &Path, paths: &[String]) -> Result<(), Error> {
    let marker = folder.join(MARKER_FILE);
    std::fs::write(&marker, guard::marker_text(paths)).map_err(|source| Error::Write {
        path: marker,
        source,
    })
}

/// The folder that holds the output `dir`, and the name of the staging folders made there.
fn staging_place(dir: &Path) -> (&Path, String) {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    (parent, format!(".{name}.staging-"))
}

/// Removes what killed builds left beside the output `dir`, as every build does: for a build
/// that finds nothing to write.
pub fn tidy(dir: &Path) {
    let (parent, prefix) = staging_place(dir);
    remove_leftovers(parent, &prefix);
}

/// Removes the staging folders that killed builds left beside the output: only folders named
/// as faqgen names them, holding its marker, made by a process that is gone.
fn remove_leftovers(parent: &Path, prefix: &str) {
    let Ok(items) = std::fs::read_dir(parent) else {
        return;
    };
    for item in items.filter_map(Result::ok) {
        let name = item.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix) else {
            continue;
        };
        // `<pid>`, or `<pid>.old` for the previous output being removed.
        let pid = rest.split('.').next().unwrap_or_default();
        let path = item.path();
        let is_dir = item.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && path.join(MARKER_FILE).is_file() && !process_is_running(pid) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Whether the process `pid` is running; when that cannot be told, it is taken to be.
fn process_is_running(pid: &str) -> bool {
    if pid.parse::<u32>().is_err() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid).exists()
    } else {
        true
    }
}

/// Where the previous output waits to be removed when folders cannot be exchanged: named
/// after the staging folder (`.public.staging-<pid>.old`), so that if a killed build leaves it,
/// the next one knows it for faqgen's.
fn previous_output(staging: &Path) -> PathBuf {
    let mut name = staging.as_os_str().to_os_string();
    name.push(".old");
    PathBuf::from(name)
}

/// Puts `staging` at `dir`. On Linux the two folders are exchanged in one atomic rename, so
/// `dir` is never missing, not even for an instant.
fn swap_in(staging: &Path, dir: &Path) -> Result<(), Error> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if !dir.exists() {
        return std::fs::rename(staging, dir).map_err(write_error(dir));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, dir, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous output.
            return std::fs::remove_dir_all(staging).map_err(write_error(staging));
        }
    }
    let old = previous_output(staging);
    std::fs::rename(dir, &old).map_err(write_error(dir))?;
    if let Err(source) = std::fs::rename(staging, dir) {
        // Put the previous output back: a failed build leaves it as it was.
        let _ = std::fs::rename(&old, dir);
        return Err(Error::Write {
            path: dir.to_path_buf(),
            source,
        });
    }
    std::fs::remove_dir_all(&old).map_err(write_error(&old))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;

    fn output(output: &Output, dir: &Path) -> Result<(), Error> {
        let staging = Staging::create(dir)?;
        output
            .files
            .iter()
            .try_for_each(|file| staging.write(file))?;
        staging.commit().map(drop)
    }

    fn site(files: &[(&str, &str)]) -> Output {
        Output {
            files: files
                .iter()
                .map(|(p, c)| OutputFile {
                    path: p.to_string(),
                    contents: c.as_bytes().to_vec(),
                })
                .collect(),
        }
    }

    #[test]
    fn replaces_the_previous_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        output(
            &site(&[("index.html", "one"), ("old/index.html", "x")]),
            &dir,
        )
        .unwrap();
        output(
            &site(&[("index.html", "two"), ("a/b/index.html", "y")]),
            &dir,
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "two"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("a/b/index.html")).unwrap(),
            "y"
        );
        assert!(!dir.join("old").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders left behind");
        assert!(
            dir.join(MARKER_FILE).is_file(),
            "the output is marked as faqgen's"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        output(&site(&[("index.html", "one")]), &dir).unwrap();
        // A file and a folder at the same path cannot both be written.
        let result = output(&site(&[("index.html", "two"), ("index.html/x", "y")]), &dir);
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "one"
        );
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let folder = |name: &str, marked: bool| {
            let path = tmp.path().join(name);
            std::fs::create_dir(&path).unwrap();
            if marked {
                std::fs::write(path.join(MARKER_FILE), "").unwrap();
            }
            path
        };
        // No process has a number this large on Linux (pid_max is at most 2^22).
        let killed = folder(".public.staging-999999999", true);
        let killed_old = previous_output(&folder(".public.staging-999999998", false));
        std::fs::create_dir(&killed_old).unwrap();
        std::fs::write(killed_old.join(MARKER_FILE), "").unwrap();
        let unmarked = folder(".public.staging-999999997", false);
        let running = folder(&format!(".public.staging-{}-x", std::process::id()), true);
        let other_output = folder(".docs.staging-999999999", true);
        output(&site(&[("index.html", "one")]), &dir).unwrap();
        assert!(!killed.exists() && !killed_old.exists());
        assert!(unmarked.exists() && other_output.exists());
        assert!(running.exists() || !cfg!(target_os = "linux"));
    }

    #[test]
    fn an_abandoned_staging_folder_is_removed_and_the_output_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        output(&site(&[("index.html", "one")]), &dir).unwrap();
        {
            let staging = Staging::create(&dir).unwrap();
            staging
                .write(&OutputFile {
                    path: "index.html".into(),
                    contents: b"half".to_vec(),
                })
                .unwrap();
            // Dropped here, as when rendering fails half way.
        }
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "one"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder left behind");
    }
}
