//! Entries without `updated:` take the date of their file's last commit when the site is in
//! a git repository: on the page, in the sitemap and feed, and for the stale-answer lint.

use std::path::Path;
use std::process::Command;

use crate::harness::SiteTest;

/// Runs git in `dir` with no user or system configuration, committing as a fixed author.
fn git(dir: &Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Ada", "-c", "user.email=ada@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

const UNDATED: &str =
    "---\nquestion: Is this one dated?\ntags: [x]\n---\nBy its last commit, which git records.\n";

/// The minimal fixture in a repository: everything committed in 2025, then `undated.md`
/// changed in 2026.
fn committed_site(config_extra: &str) -> SiteTest {
    let site = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            format!("title = \"Minimal FAQ\"\nbase_url = \"https://owner.github.io/my-faq/\"\n{config_extra}"),
        )
        .file("content/basics/undated.md", UNDATED)
        .file(
            "content/basics/old.md",
            "---\nquestion: Is this one old?\ntags: [x]\n---\nYes: committed once, long ago, never since.\n",
        );
    let root = site.root().to_path_buf();
    git(&root, &["init", "-q"], "2025-01-01T00:00:00Z");
    git(&root, &["add", "."], "2025-01-01T00:00:00Z");
    git(
        &root,
        &["commit", "-q", "-m", "first"],
        "2025-03-04T10:00:00+01:00",
    );
    let site = site.file(
        "content/basics/undated.md",
        UNDATED.replace("By its", "By the"),
    );
    git(
        &root,
        &["commit", "-q", "-am", "reworded"],
        "2026-10-20T09:30:00+02:00",
    );
    site
}

#[test]
fn an_entry_without_updated_takes_its_last_commits_date() {
    let site = committed_site("");
    let run = site.build().succeeds();
    let page = run.html("basics/undated/index.html");
    assert_eq!(page.attrs(".entry-meta time", "datetime"), ["2026-10-20"]);
    assert_eq!(page.text(".entry-meta time"), "October 20, 2026");
    assert_eq!(
        run.html("basics/old/index.html")
            .attrs(".entry-meta time", "datetime"),
        ["2025-03-04"]
    );
    // A written `updated:` wins over git.
    assert_eq!(
        run.html("basics/first/index.html")
            .attrs(".entry-meta time", "datetime"),
        ["2026-03-04"]
    );
    let sitemap = run.text("sitemap.xml");
    assert!(
        sitemap.contains("basics/undated/</loc><lastmod>2026-10-20T09:30:00+02:00</lastmod>"),
        "{sitemap}"
    );
    let feed = run.text("feed.xml");
    assert!(feed.contains("2026-10-20T09:30:00+02:00"), "{feed}");
    // Changed, not yet committed: still the last commit's date. Then committed, with no
    // other change: the next build dates the entry anew.
    let site = site.file("content/basics/old.md", "---\nquestion: Is this one old?\ntags: [x]\n---\nNot any more: changed and committed again.\n");
    let run = site.build().succeeds();
    assert_eq!(
        run.html("basics/old/index.html")
            .attrs(".entry-meta time", "datetime"),
        ["2025-03-04"]
    );
    git(
        site.root(),
        &["commit", "-q", "-am", "again"],
        "2026-11-01T08:00:00Z",
    );
    let run = site.build().succeeds().stdout_lacks("Up to date");
    assert_eq!(
        run.html("basics/old/index.html")
            .attrs(".entry-meta time", "datetime"),
        ["2026-11-01"]
    );
}

#[test]
fn the_stale_answer_lint_reads_git_dates() {
    let site = committed_site("stale_after_days = 365\n");
    let run = site.run(&["check"]).succeeds();
    let stale: Vec<&str> = run
        .diagnostic_lines()
        .into_iter()
        .filter(|l| l.contains("not updated"))
        .collect();
    // old.md's last commit is of 2025-03-04: stale by any today after 2026-03-04.
    assert!(
        stale.iter().any(|l| l
            .starts_with("content/basics/old.md:2:11: warning: not updated for ")
            && l.ends_with("its last commit is of 2025-03-04")),
        "{stale:#?}"
    );
    run.stderr_has("then commit it or set `updated:`");
}

#[test]
fn git_dates_can_be_turned_off_and_a_shallow_clone_gives_none() {
    let site = committed_site("git_dates = false\n");
    let run = site.build().succeeds();
    assert_eq!(
        run.html("basics/undated/index.html")
            .count(".entry-meta time"),
        0
    );

    let site = committed_site("");
    let clone = site.root().join("clone");
    let source = format!("file://{}", site.root().display());
    git(
        site.root(),
        &["clone", "-q", "--depth", "1", &source, "clone"],
        "2026-01-01T00:00:00Z",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_faqgen"))
        .arg("--root")
        .arg(&clone)
        .arg("build")
        .output()
        .expect("faqgen runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr
            .contains("faqgen.toml:1:1: warning: the site is in a shallow clone of its repository"),
        "{stderr}"
    );
    let page = std::fs::read_to_string(clone.join("public/basics/undated/index.html")).unwrap();
    assert!(!page.contains("<time"), "no date from a shallow history");
}
