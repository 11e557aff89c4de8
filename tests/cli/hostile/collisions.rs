//! Two things never share one URL, and every name can become a file: each clash is an error
//! where the second claimant wrote it, from `build` and `check` alike, all in one run.

use crate::harness::{SiteTest, snapshot};

/// The minimal site with `files` added: build fails with exactly `expected` diagnostics (the
/// first line of each), check reports the same, and the previous output is untouched.
fn clashes(files: &[(&str, &str)], expected: &[&str]) {
    let mut site = SiteTest::new("minimal");
    site.build().succeeds();
    for (path, text) in files {
        site = site.file(path, text);
    }
    let before = snapshot(site.root());
    let run = site.build().fails().stderr_lacks("panicked");
    assert_eq!(run.diagnostic_lines(), expected, "{}", run.stderr);
    assert_eq!(
        snapshot(site.root()),
        before,
        "the failed build changed files"
    );
    let check = site.run(&["check"]).fails();
    let errors: Vec<&str> = check
        .diagnostic_lines()
        .into_iter()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(errors, expected, "{}", check.stderr);
}

fn entry(question: &str, extra: &str) -> String {
    format!("---\nquestion: {question}\n{extra}---\nAn answer of a few words here.\n")
}

#[test]
fn folders_that_make_the_same_url() {
    clashes(
        &[
            ("content/A B/x.md", &entry("X?", "")),
            ("content/a-b/y.md", &entry("Y?", "")),
        ],
        &[
            "content/a-b/:1:1: error: the URL /a-b/ is also used by the category folder content/A B/",
        ],
    );
}

#[test]
fn folders_that_differ_only_in_case() {
    clashes(
        &[
            ("content/Loans/x.md", &entry("X?", "")),
            ("content/loans/y.md", &entry("Y?", "")),
        ],
        &[
            "content/loans/:1:1: error: the URL /loans/ is also used by the category folder content/Loans/",
        ],
    );
}

#[test]
fn a_copied_slug_is_reported_on_its_slug_line() {
    clashes(
        &[("content/basics/copy.md", &entry("Copy?", "slug: first\n"))],
        &[
            "content/basics/copy.md:3:7: error: the URL /basics/first/ is also used by the entry content/basics/first.md",
        ],
    );
}

#[test]
fn faqgens_own_folders_and_files_are_taken() {
    clashes(
        &[
            ("content/tags/x.md", &entry("X?", "")),
            ("content/a.md", &entry("A?", "slug: style.css\n")),
            ("content/b.md", &entry("B?", "slug: search.js\n")),
            ("content/c.md", &entry("C?", "slug: favicon.svg\n")),
            ("content/d.md", &entry("D?", "slug: .nojekyll\n")),
            ("content/e.md", &entry("E?", "slug: index.html\n")),
            ("content/basics/f.md", &entry("F?", "slug: index.html\n")),
            ("content/g.md", &entry("G?", "slug: search\n")),
            ("content/h.md", &entry("H?", "slug: sitemap.xml\n")),
        ],
        &[
            "content/a.md:3:7: error: the URL /style.css/ is also used by the static file static/style.css",
            "content/b.md:3:7: error: the URL /search.js/ is also used by the static file static/search.js",
            "content/basics/f.md:3:7: error: the URL /basics/index.html/ is also used by the category folder content/basics/",
            "content/c.md:3:7: error: the URL /favicon.svg/ is also used by the static file static/favicon.svg",
            "content/d.md:3:7: error: the URL /.nojekyll/ is also used by faqgen's own `.nojekyll`",
            "content/e.md:3:7: error: the URL /index.html/ is also used by faqgen's own `index.html`",
            "content/g.md:3:7: error: the URL /search/ is also used by faqgen's own folder `search/` for the search index",
            "content/h.md:3:7: error: the URL /sitemap.xml/ is also used by faqgen's own `sitemap.xml`",
            "content/tags/:1:1: error: the URL /tags/ is also used by faqgen's own folder `tags/` for the tag pages",
        ],
    );
}

#[test]
fn tags_that_cannot_be_pages() {
    clashes(
        &[
            ("content/basics/x.md", &entry("X?", "tags: [start, '..']\n")),
            ("content/basics/y.md", &entry("Y?", "tags: ['???']\n")),
            ("content/basics/z.md", &entry("Z?", "tags: [index.html]\n")),
        ],
        &[
            "content/basics/x.md:3:15: error: `..` cannot be part of a URL: nothing is left of it once made URL-safe",
            "content/basics/y.md:3:8: error: `???` cannot be part of a URL: nothing is left of it once made URL-safe",
            "content/basics/z.md:3:8: error: the tag's URL /tags/index.html/ is also used by faqgen's own list of tags",
        ],
    );
}

#[test]
fn names_too_long_for_a_file() {
    let long = "a".repeat(300);
    clashes(
        &[
            (
                "content/basics/x.md",
                &entry("X?", &format!("slug: {long}\n")),
            ),
            (
                "content/basics/y.md",
                &entry("Y?", &format!("tags: [{long}]\n")),
            ),
        ],
        &[
            "content/basics/x.md:3:7: error: `aaaaaaaaaaaaaaaaaaaaaaaa…` is too long for a file name (300 bytes; file systems take 255)",
            "content/basics/y.md:3:8: error: `aaaaaaaaaaaaaaaaaaaaaaaa…` is too long for a file name (300 bytes; file systems take 255)",
        ],
    );
}

#[test]
fn every_clash_is_reported_in_one_run() {
    clashes(
        &[
            ("content/A B/x.md", &entry("X?", "tags: ['???']\n")),
            ("content/a-b/y.md", &entry("Y?", "slug: x\n")),
            ("content/basics/copy.md", &entry("Copy?", "slug: first\n")),
        ],
        &[
            "content/A B/x.md:3:8: error: `???` cannot be part of a URL: nothing is left of it once made URL-safe",
            "content/a-b/:1:1: error: the URL /a-b/ is also used by the category folder content/A B/",
            "content/basics/copy.md:3:7: error: the URL /basics/first/ is also used by the entry content/basics/first.md",
        ],
    );
}
