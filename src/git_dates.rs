//! When an entry has no `updated:` date, the date of the last commit that touched its file, so
//! that a site kept in git gets dates (and the stale-answer lint works) without anyone writing
//! them. One `git log` walks the history once for the whole site, newest first: the first
//! commit that names a file is the last that touched it. (Hugo's `enableGitInfo` does the same.)

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use crate::diagnostic::Diagnostic;
use crate::parse::Updated;

/// The date of the last commit of each file of the site's content, by path from the site's
/// root (`content/loans/renew.md`).
#[derive(Debug, Default)]
pub struct GitDates {
    by_file: HashMap<String, Updated>,
}

/// Marks the start of a commit in `git log`'s output (a byte no date or file name holds).
const COMMIT: char = '\u{1}';

/// The commit the site's repository is at (`None` outside a repository): a build after a
/// commit dates entries anew.
pub fn head(root: &Path) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

impl GitDates {
    /// The dates of the files under `content/` of the site at `root`, from its repository's
    /// history; empty, with no warning, when the site is not in a git repository or git is
    /// not installed. A shallow clone gets no dates and a warning: its oldest commit would
    /// look like the last change of every file it holds.
    pub fn read(root: &Path) -> (GitDates, Option<Diagnostic>) {
        let git = |args: &[&str]| {
            Command::new("git")
                .arg("-C")
                .arg(root)
                .args(["-c", "log.showSignature=false"])
                .args(args)
                .output()
                .ok()
                .filter(|output| output.status.success())
                .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        };
        let Some(shallow) = git(&["rev-parse", "--is-shallow-repository"]) else {
            return (GitDates::default(), None);
        };
        if shallow.trim() == "true" {
            let warning = Diagnostic::file_error(
                Path::new(crate::config::FILE_NAME),
                1,
                1,
                "the site is in a shallow clone of its repository: entries without `updated:` get no date from git",
            )
            .with_help("fetch the whole history (`fetch-depth: 0` for actions/checkout), or set `git_dates = false`")
            .warning();
            return (GitDates::default(), Some(warning));
        }
        let log = git(&[
            "log",
            "--no-merges",
            "--format=%x01%aI",
            "--name-only",
            "-z",
            "--relative",
            "--",
            crate::load::CONTENT_DIR,
        ]);
        (GitDates::parse(&log.unwrap_or_default()), None)
    }

    /// Reads `git log --format=%x01%aI --name-only -z`, newest commit first.
    fn parse(log: &str) -> GitDates {
        let mut by_file = HashMap::new();
        let mut date: Option<Updated> = None;
        for field in log.split('\0') {
            let field = field.trim_start_matches('\n');
            if let Some(written) = field.strip_prefix(COMMIT) {
                date = Updated::parse(written.trim()).ok().map(|mut updated| {
                    updated.from_git = true;
                    updated
                });
            } else if let Some(date) = date.as_ref().filter(|_| !field.is_empty()) {
                by_file
                    .entry(field.to_string())
                    .or_insert_with(|| date.clone());
            }
        }
        GitDates { by_file }
    }

    /// The date of the last commit of the file at `path` (from the site's root).
    pub fn of(&self, path: &Path) -> Option<&Updated> {
        let path = path.to_str()?;
        // Git writes `/` on every system.
        match std::path::MAIN_SEPARATOR {
            '/' => self.by_file.get(path),
            separator => self.by_file.get(&path.replace(separator, "/")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_gives_its_date() {
        let log = "\u{1}2026-10-04T10:00:00+02:00\0\ncontent/a.md\0content/b c.md\0\u{1}2025-01-01T00:00:00Z\0\ncontent/a.md\0content/old.md\0";
        let dates = GitDates::parse(log);
        let date = |path: &str| dates.of(Path::new(path)).map(|u| u.date.to_string());
        assert_eq!(date("content/a.md").as_deref(), Some("2026-10-04"));
        assert_eq!(date("content/b c.md").as_deref(), Some("2026-10-04"));
        assert_eq!(date("content/old.md").as_deref(), Some("2025-01-01"));
        assert_eq!(date("content/none.md"), None);
        assert!(dates.of(Path::new("content/a.md")).unwrap().from_git);
    }
}
