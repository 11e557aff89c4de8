//! Inputs people really have: byte order marks, folders of drafts, dates with times,
//! existing files, and sizes that used to cost quadratic time.

use crate::harness::SiteTest;

#[test]
fn a_folder_of_drafts_is_not_an_empty_category() {
    let draft =
        "---\nquestion: Not yet?\ndraft: true\ntags: [x]\n---\nSoon, in a few more words.\n";
    let site = SiteTest::new("minimal")
        .file("content/aaa-soon/one.md", draft)
        .file("content/aaa-soon/later/two.md", draft);
    let run = site.build().succeeds();
    assert!(!run.exists("aaa-soon/index.html"));
    assert!(!run.text("sitemap.xml").contains("aaa-soon"));
    assert!(!run.text("index.html").contains("aaa-soon"));
    // With --drafts it is there.
    let run = site.build_with(&["--drafts"]).succeeds();
    assert!(run.exists("aaa-soon/index.html") && run.exists("aaa-soon/later/index.html"));
}
