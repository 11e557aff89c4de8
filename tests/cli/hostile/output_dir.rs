//! `--output-dir` can never replace or hide the site's sources or a folder faqgen did not write.

use std::path::Path;

use crate::harness::{SiteTest, snapshot};

/// Runs `faqgen build --output-dir <dir>` (and any `extra` arguments), which must be refused
/// with `reason`, leaving every file under `watched` exactly as it was.
fn refused(site: &SiteTest, dir: &Path, extra: &[&str], reason: &str, watched: &Path) {
    let before = snapshot(watched);
    let mut args = vec!["--output-dir", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    site.build_with(&args)
        .fails()
        .stderr_has("refusing to write the site into")
        .stderr_has(reason)
        .stderr_has("nothing was changed");
    assert_eq!(snapshot(watched), before, "{} changed", watched.display());
}

#[test]
fn the_sources_are_refused_however_the_path_is_spelled() {
    // The site is a folder of a temporary folder: refusing the folder above it is tested on
    // that temporary folder, never on the machine's own (`/` is refused in the unit tests).
    let site = SiteTest::new_in("minimal", "outer/site")
        .file("templates/base.html", "{% block x %}{% endblock %}");
    let root = site.root().to_path_buf();
    let outer = root.parent().unwrap().to_path_buf();
    for (dir, reason) in [
        (
            root.join("x/../content"),
            "it is or holds the site's content/ folder",
        ),
        (
            root.join("content/basics"),
            "it is inside the site's content/ folder",
        ),
        (root.join("templates"), "templates/ folder"),
        (root.join("static"), "static/ folder"),
        (root.join("faqgen.toml"), "faqgen.toml"),
        (
            root.clone(),
            "it is the site's folder, or a folder above it",
        ),
        (
            root.join("content/.."),
            "it is the site's folder, or a folder above it",
        ),
        (outer.clone(), "a folder above it"),
        (outer.join("site/../../outer"), "a folder above it"),
    ] {
        refused(&site, &dir, &[], reason, &outer);
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_root_or_output_cannot_reach_the_sources() {
    let site = SiteTest::new("minimal");
    let outside = tempfile::tempdir().unwrap();
    let link = outside.path().join("link-to-site");
    std::os::unix::fs::symlink(site.root(), &link).unwrap();
    // Through the link to the site: still the site's content/.
    refused(
        &site,
        &link.join("content"),
        &[],
        "content/ folder",
        site.root(),
    );
    let via_output = outside.path().join("out");
    std::os::unix::fs::symlink(site.root().join("content"), &via_output).unwrap();
    refused(&site, &via_output, &[], "content/ folder", site.root());
    // --root given through the link, output inside the real site's content/.
    let before = snapshot(site.root());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_faqgen"))
        .arg("--root")
        .arg(&link)
        .args(["build", "--output-dir"])
        .arg(site.root().join("content"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("content/ folder"));
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn an_existing_file_is_refused() {
    let site = SiteTest::new("minimal").file("notes.html", "mine");
    let root = site.root().to_path_buf();
    refused(
        &site,
        &root.join("notes.html"),
        &[],
        "it is a file, not a folder",
        &root,
    );
    // Not even with --replace-output.
    refused(
        &site,
        &root.join("notes.html"),
        &["--replace-output"],
        "a file",
        &root,
    );
}

#[test]
fn a_folder_faqgen_did_not_write_is_refused_naming_its_files() {
    let site = SiteTest::new("minimal")
        .file("docs/index.md", "# My project")
        .file("docs/guide/setup.md", "setup")
        .file("docs/logo.png", "png")
        .file("docs/z.txt", "z");
    let docs = site.root().join("docs");
    refused(
        &site,
        &docs,
        &[],
        "it holds files faqgen did not write (guide/, index.md, logo.png, 1 more); pass --replace-output",
        site.root(),
    );
    // Asked for explicitly, it is replaced, and then it is faqgen's.
    site.build_with(&["--output-dir", docs.to_str().unwrap(), "--replace-output"])
        .succeeds();
    assert!(docs.join("index.html").is_file() && !docs.join("index.md").exists());
    assert!(docs.join(".faqgen-output").is_file());
    site.build_with(&["--output-dir", docs.to_str().unwrap()])
        .succeeds();
}

#[cfg(unix)]
#[test]
fn an_empty_or_faqgen_written_folder_is_replaced() {
    let site = SiteTest::new("minimal");
    std::fs::create_dir(site.root().join("public")).unwrap();
    site.build().succeeds();
    let run = site.build().succeeds();
    assert!(run.exists(".faqgen-output"));
    // A file the user adds to the output later is theirs: the next build refuses, naming it.
    // (A `public/` that is a git worktree of the gh-pages branch holds such a `.git` file.)
    std::fs::write(run.out.join(".git"), "gitdir: ../.git/worktrees/public\n").unwrap();
    wait_for_the_clock_to_pass(&run.out.join(".faqgen-output"));
    std::fs::write(run.out.join("basics/my-notes.txt"), "mine").unwrap();
    let before = snapshot(site.root());
    site.build()
        .fails()
        .stderr_has("it holds files faqgen did not write (.git, basics/)");
    assert_eq!(snapshot(site.root()), before);
    // Without the marker it is not faqgen's at all.
    std::fs::remove_file(run.out.join(".faqgen-output")).unwrap();
    std::fs::remove_file(run.out.join(".git")).unwrap();
    std::fs::remove_file(run.out.join("basics/my-notes.txt")).unwrap();
    site.build()
        .fails()
        .stderr_has("it holds files faqgen did not write");
}

#[test]
fn a_killed_builds_staging_folder_is_removed_by_the_next_build() {
    let site = SiteTest::new("minimal");
    site.build().succeeds();
    // As a killed build leaves it: named as faqgen names it, marked, its process gone.
    let leftover = site.root().join(".public.staging-999999999");
    std::fs::create_dir(&leftover).unwrap();
    std::fs::write(leftover.join(".faqgen-output"), "").unwrap();
    std::fs::write(leftover.join("index.html"), "half").unwrap();
    // Named like one, but not marked: not faqgen's, kept.
    let lookalike = site.root().join(".public.staging-999999998");
    std::fs::create_dir(&lookalike).unwrap();
    std::fs::write(lookalike.join("keep.txt"), "mine").unwrap();
    site.build().succeeds();
    assert!(
        !leftover.exists(),
        "the leftover staging folder is still there"
    );
    assert_eq!(
        std::fs::read_to_string(lookalike.join("keep.txt")).unwrap(),
        "mine"
    );
}

#[cfg(unix)]
/// Waits (at most 5 s) until a file written now is stamped later than `file` (file systems
/// stamp times by the clock tick, a few milliseconds): what is written next is newer than it.
fn wait_for_the_clock_to_pass(file: &Path) {
    use std::os::unix::fs::MetadataExt;
    let stamp = |path: &Path| {
        let meta = std::fs::metadata(path).unwrap();
        (meta.ctime(), meta.ctime_nsec())
    };
    let before = stamp(file);
    let probe = file.with_extension("probe");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        std::fs::write(&probe, "").unwrap();
        if stamp(&probe) > before {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the clock did not move"
        );
    }
    std::fs::remove_file(probe).unwrap();
}
