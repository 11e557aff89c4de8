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
    let site = SiteTest::new("minimal").file("templates/base.html", "{% block x %}{% endblock %}");
    let root = site.root().to_path_buf();
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
        (root.parent().unwrap().to_path_buf(), "a folder above it"),
        ("/".into(), "it is the file system's root"),
    ] {
        refused(&site, &dir, &[], reason, &root);
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

#[test]
fn an_empty_or_faqgen_written_folder_is_replaced() {
    let site = SiteTest::new("minimal");
    std::fs::create_dir(site.root().join("public")).unwrap();
    site.build().succeeds();
    let run = site.build().succeeds();
    assert!(run.exists(".faqgen-output"));
    // A file the user adds to the output later is theirs: the next build refuses.
    std::fs::remove_file(run.out.join(".faqgen-output")).unwrap();
    let before = snapshot(site.root());
    site.build()
        .fails()
        .stderr_has("it holds files faqgen did not write");
    assert_eq!(snapshot(site.root()), before);
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
