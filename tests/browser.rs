//! Real-browser tests: builds the example site with the real `faqgen` binary and runs
//! `tests/browser/run.mjs` (Playwright driving Debian's Chromium, axe-core, the W3C Nu checker)
//! against it, served under a sub-path and at the root of a host.
//!
//! The tools are installed here when missing, so that `cargo test` is the one command to run:
//! Chromium and Java with apt-get (as root only; otherwise the test fails saying what to install),
//! the Node packages with `npm ci`. A missing tool fails the test; it never skips it.

#![allow(
    clippy::print_stderr,
    reason = "the node suite's report is worth showing with --nocapture"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

const CHROMIUM: &str = "/usr/bin/chromium";

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn suite_dir() -> PathBuf {
    repo_root().join("tests").join("browser")
}

/// Everything the suite needs, set up once for all tests of this file (they run in parallel).
fn ensure_tools() {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(message) = READY.get_or_init(|| {
        ensure_node()?;
        ensure_apt_package(
            Path::new(CHROMIUM).exists(),
            "chromium",
            "Chromium (/usr/bin/chromium)",
        )?;
        ensure_apt_package(
            succeeds(Command::new("java").arg("-version")),
            "default-jre-headless",
            "Java (for the HTML checker)",
        )?;
        ensure_node_modules()
    }) {
        panic!("browser tests cannot run: {message}");
    }
}

fn ensure_node() -> Result<(), String> {
    let version = Command::new("node").arg("--version").output().map_err(|e| {
        format!("`node` not found ({e}): install Node.js 20 or newer, with npm, to run the browser tests")
    })?;
    let text = String::from_utf8_lossy(&version.stdout);
    let major: u32 = text
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 20 {
        return Err(format!(
            "Node.js {} is too old: the browser tests need Node.js 20 or newer",
            text.trim()
        ));
    }
    Ok(())
}

/// Installs a Debian package if `present` is false and we are root; fails saying what is missing otherwise.
fn ensure_apt_package(present: bool, package: &str, what: &str) -> Result<(), String> {
    if present {
        return Ok(());
    }
    if !is_root() {
        return Err(format!(
            "{what} is missing: install it with `sudo apt-get install -y {package}`"
        ));
    }
    // Several packages may be missing on a fresh machine; the package lists need fetching once.
    static UPDATED: OnceLock<Result<(), String>> = OnceLock::new();
    UPDATED
        .get_or_init(|| {
            run_quietly(
                Command::new("apt-get").args(["update", "-qq"]),
                "apt-get update",
            )
        })
        .clone()?;
    run_quietly(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", package])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        &format!("apt-get install {package}"),
    )
}

/// Runs `npm ci` when node_modules is missing or older than the lockfile.
fn ensure_node_modules() -> Result<(), String> {
    let dir = suite_dir();
    let modified = |path: PathBuf| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    // npm ci writes node_modules/.package-lock.json last: its age is the installation's.
    let installed = modified(dir.join("node_modules").join(".package-lock.json"));
    let locked = modified(dir.join("package-lock.json"));
    if installed.is_some() && installed >= locked {
        return Ok(());
    }
    // --ignore-scripts: vnu-jar's install script would try to download a Java of its own.
    run_quietly(
        Command::new("npm")
            .args([
                "ci",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .current_dir(&dir),
        "npm ci in tests/browser",
    )
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn succeeds(command: &mut Command) -> bool {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs a command, keeping its output to show only if it fails.
fn run_quietly(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("{what}: could not start: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}):\n{}{}",
            output.status,
            text(&output.stdout),
            text(&output.stderr)
        ))
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Builds the example site (the repository root) into `dir` for `base_url`.
fn build_site(dir: &Path, base_url: &str) {
    build_site_from(repo_root(), dir, base_url);
}

/// Builds the site whose folder is `root` into `dir` for `base_url`.
fn build_site_from(root: &Path, dir: &Path, base_url: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_faqgen"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--output-dir")
        .arg(dir)
        .args(["--base-url", base_url])
        .output()
        .unwrap_or_else(|e| panic!("could not run faqgen: {e}"));
    assert!(
        output.status.success(),
        "faqgen build --base-url {base_url} failed:\n{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// Runs the node suite with `args` and fails the test, showing its report, unless it passes.
/// The suite bounds its own run time (five minutes), so waiting for it cannot hang.
fn run_suite(args: &[&str]) {
    run_node_script("run.mjs", args);
}

/// Runs `script` of tests/browser/ like [`run_suite`]; each script bounds its own run time.
fn run_node_script(script: &str, args: &[&str]) {
    let started = Instant::now();
    let output = Command::new("node")
        .arg(suite_dir().join(script))
        .args(args)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|e| panic!("could not run node: {e}"));
    let report = format!("{}{}", text(&output.stdout), text(&output.stderr));
    let seconds = started.elapsed().as_secs();
    assert!(
        output.status.success(),
        "browser checks failed ({}, {seconds} s):\n{report}",
        output.status
    );
    eprintln!("{report}({seconds} s)");
}

/// The site published under a sub-path, like a GitHub Pages project site: every check, the
/// browser ones included. Screenshots go to tests/browser/artifacts/.
#[test]
fn site_under_a_sub_path() {
    ensure_tools();
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let site = tmp.path().join("sub");
    build_site(&site, "https://example.org/my-faq/");
    run_suite(&[
        "--site",
        &site.to_string_lossy(),
        "--base-url",
        "https://example.org/my-faq/",
    ]);
}

/// The same site at the root of its host: the link checks only (crawl, sitemap, feed, 404).
#[test]
fn site_at_the_root_of_a_host() {
    ensure_tools();
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let site = tmp.path().join("top");
    build_site(&site, "https://example.org/");
    let only = "crawl,sitemap,feed,not-found page";
    run_suite(&[
        "--site",
        &site.to_string_lossy(),
        "--base-url",
        "https://example.org/",
        "--only",
        only,
    ]);
}

/// The site search (static/search.js) in a real browser, queries typed key by key: the example
/// site under a sub-path (with `ask_url` set in its faqgen.toml), and a generated corpus of
/// 1,000 entries (`../shared/bench/gen_corpus.py`, beside this repository). Screenshots of the
/// open panel go to tests/browser/artifacts/search-*.png; timings are printed, not asserted.
#[test]
fn site_search() {
    ensure_tools();
    let generator = repo_root().join("../shared/bench/gen_corpus.py");
    assert!(
        generator.is_file(),
        "the corpus generator {} is missing: the search test needs the shared bench folder beside this repository",
        generator.display()
    );
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let base_url = "https://example.org/my-faq/";
    let site = tmp.path().join("sub");
    build_site(&site, base_url);

    let corpus = tmp.path().join("corpus");
    let generated = Command::new("python3")
        .arg(&generator)
        .arg("1000")
        .arg(&corpus)
        .output()
        .unwrap_or_else(|e| panic!("could not run python3 {}: {e}", generator.display()));
    assert!(
        generated.status.success(),
        "{} failed:\n{}{}",
        generator.display(),
        text(&generated.stdout),
        text(&generated.stderr)
    );
    let corpus_site = tmp.path().join("corpus-site");
    build_site_from(&corpus, &corpus_site, base_url);

    run_node_script(
        "search.mjs",
        &[
            "--site",
            &site.to_string_lossy(),
            "--content",
            &repo_root().join("content").to_string_lossy(),
            "--base-url",
            base_url,
            "--corpus-site",
            &corpus_site.to_string_lossy(),
            "--corpus-content",
            &corpus.join("content").to_string_lossy(),
            "--corpus-base-url",
            base_url,
        ],
    );
}

/// The live preview (tests/browser/serve.mjs) on a temporary copy of the example site: with
/// `faqgen serve`, an open page reloads by itself after each save, keeping its scroll position;
/// a broken save shows the error overlay over the last good page, and the fix removes it. With
/// `faqgen build --watch`, a save rebuilds the output folder.
#[test]
fn live_preview() {
    ensure_tools();
    run_node_script(
        "serve.mjs",
        &[
            "--faqgen",
            env!("CARGO_BIN_EXE_faqgen"),
            "--site",
            &repo_root().to_string_lossy(),
        ],
    );
}
