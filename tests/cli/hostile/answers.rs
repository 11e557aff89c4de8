//! Answers are safe by default: scripts, event handlers and code-running links are removed from
//! every page an answer is published on, each removal a warning where it is written.

use crate::harness::SiteTest;

const HOSTILE: &str = "---\nquestion: Is this safe?\ntags: [x]\nupdated: 2026-11-01\n---\nHello <script>alert('s')</script> there.\n\n<p onclick=\"alert('c')\">Click</p>\n\n[a](javascript:alert('l')) and <a href=\"JaVaScRiPt:alert('h')\">b</a>\n\n![i](data:text/html,alert)\n\n<iframe src=\"https://example.org/\"></iframe>\n";

/// Pages an answer is published on: its own, its category's, the home page, and the feed.
const PAGES: &[&str] = &["basics/hostile/index.html", "basics/index.html", "feed.xml"];

#[test]
fn unsafe_html_is_removed_everywhere_with_a_warning_where_written() {
    let run = SiteTest::new("minimal")
        .file("content/basics/hostile.md", HOSTILE)
        .build()
        .succeeds();
    assert_eq!(
        run.diagnostic_lines(),
        [
            "content/basics/hostile.md:6:7: warning: `<script>` is not allowed in an answer and is removed",
            "content/basics/hostile.md:8:4: warning: the event handler `onclick` is not allowed and is removed",
            "content/basics/hostile.md:10:5: warning: a `javascript:` link is not allowed and is removed",
            "content/basics/hostile.md:10:35: warning: a `javascript:` link is not allowed and is removed",
            "content/basics/hostile.md:12:6: warning: a `data:` link is not allowed and is removed",
            "content/basics/hostile.md:14:1: warning: `<iframe>` is not allowed in an answer and is removed",
        ],
        "{}",
        run.stderr
    );
    for page in PAGES {
        let html = run.text(page).to_lowercase();
        for gone in [
            "<script>alert",
            "onclick",
            "javascript:",
            "data:text",
            "<iframe",
            "alert(",
        ] {
            assert!(!html.contains(gone), "{page} still has {gone}");
        }
        assert!(
            html.contains("click"),
            "{page} lost the text around what was removed"
        );
    }
    // The page's own scripts are still there: only the answer was cleaned.
    assert!(run.text("index.html").contains("<script"));
}

#[test]
fn ordinary_html_is_kept_and_nothing_is_reported() {
    let answer = "---\nquestion: Is this fine?\ntags: [x]\n---\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\nText[^n] with <kbd>Ctrl</kbd> and <mark>this</mark>.\n\n[^n]: A note.\n\n<details><summary>More</summary>\n\nHidden *text*.\n\n</details>\n\n![logo](/logo.png \"Logo\")\n\n## Heading {#custom}\n\n- [x] done\n";
    let run = SiteTest::new("minimal")
        .file("content/basics/fine.md", answer)
        .build()
        .succeeds()
        .stderr_lacks("warning");
    let page = run.html("basics/fine/index.html");
    assert_eq!(
        page.count(".answer table th[style=\"text-align: center\"]"),
        1
    );
    assert_eq!(page.texts(".answer kbd"), ["Ctrl"]);
    assert_eq!(page.count(".answer details summary"), 1);
    assert_eq!(page.count(".answer .footnote-definition"), 1);
    assert_eq!(page.attrs(".answer img", "src"), ["/logo.png"]);
    assert_eq!(page.count(".answer h2#custom"), 1);
    assert_eq!(page.count(".answer input[type=checkbox][checked]"), 1);
}

#[test]
fn a_site_that_trusts_its_authors_can_opt_out() {
    let site = SiteTest::new("minimal").file("content/basics/hostile.md", HOSTILE);
    let config = std::fs::read_to_string(site.root().join("faqgen.toml")).unwrap();
    let run = site
        .file("faqgen.toml", format!("{config}sanitize_html = false\n"))
        .build()
        .succeeds()
        .stderr_lacks("warning");
    assert!(
        run.text("basics/hostile/index.html")
            .contains("<script>alert('s')</script>")
    );
}

#[test]
fn heading_attributes_and_tags_over_several_lines_are_caught_too() {
    let answer = "---\nquestion: Sneaky?\ntags: [x]\n---\n## Hi {#hi .note tabindex=0 onfocus=alert(1)}\n\n<div\n  onclick=\"alert(2)\">Text</div>\n";
    let run = SiteTest::new("minimal")
        .file("content/basics/sneaky.md", answer)
        .build()
        .succeeds();
    assert_eq!(
        run.diagnostic_lines(),
        [
            "content/basics/sneaky.md:5:18: warning: the heading attribute `tabindex` is not allowed and is removed",
            "content/basics/sneaky.md:5:29: warning: the heading attribute `onfocus` is not allowed and is removed",
            "content/basics/sneaky.md:8:3: warning: the event handler `onclick` is not allowed and is removed",
        ],
        "{}",
        run.stderr
    );
    for page in [
        "basics/sneaky/index.html",
        "basics/index.html",
        "index.html",
    ] {
        let html = run.text(page);
        assert!(
            !html.contains("onfocus") && !html.contains("onclick"),
            "{page}"
        );
    }
    let page = run.html("basics/sneaky/index.html");
    assert_eq!(page.count(".answer h2#hi.note"), 1, "id and class are kept");
}

#[test]
fn a_flood_of_removals_is_a_few_warnings() {
    let answer = format!(
        "---\nquestion: Flood?\ntags: [x]\n---\n{}\n",
        "<b onclick=\"x()\">b</b> ".repeat(10_000)
    );
    let run = SiteTest::new("minimal")
        .file("content/basics/flood.md", answer)
        .build()
        .succeeds()
        .stderr_has("content/basics/flood.md:5:")
        .stderr_has("9980 more parts of this answer are not allowed and are removed");
    assert_eq!(run.diagnostic_lines().len(), 21);
    assert!(!run.text("basics/flood/index.html").contains("onclick"));
}
