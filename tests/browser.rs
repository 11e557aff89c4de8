//! Real-browser tests: builds sites with the real `faqgen` binary and runs the Node scripts
//! of `tests/browser/` (Playwright driving Debian's Chromium, axe-core, the W3C Nu checker)
//! against them.
//!
//! Not part of `cargo test`, which stays hermetic: this target is run by `tests/run.sh`
//! (`cargo test --test browser`), after it has installed Chromium, Java and the npm packages.
//! A missing tool fails the test, saying what to install; it never skips it.

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

/// Fails the test, saying what is missing, unless every tool the suite needs is there.
fn ensure_tools() {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(message) = READY.get_or_init(|| {
        let install = "run `bash tests/run.sh`, which installs it";
        if node_major().is_none_or(|major| major < 20) {
            return Err("Node.js 20 or newer is missing: install Node.js (with npm) from your system's packages".into());
        }
        if !Path::new(CHROMIUM).exists() {
            return Err(format!("Chromium ({CHROMIUM}) is missing: {install}"));
        }
        if !succeeds(Command::new("java").arg("-version")) {
            return Err(format!("Java (for the HTML checker) is missing: {install}"));
        }
        if !suite_dir().join("node_modules/playwright-core").is_dir() {
            return Err(format!(
                "the npm packages of tests/browser are missing: {install}"
            ));
        }
        Ok(())
    }) {
        panic!("browser tests cannot run: {message}");
    }
}

/// The major version of `node` on the PATH.
fn node_major() -> Option<u32> {
    let output = Command::new("node").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&output.stdout);
    version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()?
        .parse()
        .ok()
}

fn succeeds(command: &mut Command) -> bool {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
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

/// A software project's FAQ (tests/fixtures/software): highlighted code in both colour
/// schemes, the copy button, its old addresses leading on (with and without script), and the
/// accessibility and HTML checks on its pages.
#[test]
fn code_in_answers() {
    ensure_tools();
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let site = tmp.path().join("software");
    let fixture = repo_root().join("tests").join("fixtures").join("software");
    build_site_from(&fixture, &site, "https://example.org/quill/");
    run_suite(&[
        "--site",
        &site.to_string_lossy(),
        "--base-url",
        "https://example.org/quill/",
        "--only",
        "code,redirects,accessibility,html validity",
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
/// 1,000 entries (`tests/browser/corpus.mjs`). Screenshots of the
/// open panel go to tests/browser/artifacts/search-*.png; timings are printed, not asserted.
#[test]
fn site_search() {
    ensure_tools();
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let base_url = "https://example.org/my-faq/";
    let site = tmp.path().join("sub");
    build_site(&site, base_url);

    let corpus = tmp.path().join("corpus");
    let generated = Command::new("node")
        .arg(suite_dir().join("corpus.mjs"))
        .arg("1000")
        .arg(&corpus)
        .output()
        .unwrap_or_else(|e| panic!("could not run node corpus.mjs: {e}"));
    assert!(
        generated.status.success(),
        "corpus.mjs failed:\n{}{}",
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

/// Sites in other languages (tests/browser/languages.mjs): the bilingual fixture searched in
/// each of its languages and switched between them, the Arabic one right to left, the Chinese
/// and Japanese ones searched by their words; axe on their pages.
#[test]
fn languages() {
    ensure_tools();
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let base_url = "https://example.org/faq/";
    let fixtures = repo_root().join("tests").join("fixtures");
    let mut args = vec!["--base-url".to_string(), base_url.to_string()];
    for name in ["bilingual", "arabic", "chinese", "japanese"] {
        let dir = tmp.path().join(name);
        build_site_from(&fixtures.join(name), &dir, base_url);
        args.push(format!("--{name}"));
        args.push(dir.to_string_lossy().into_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_node_script("languages.mjs", &args);
}
