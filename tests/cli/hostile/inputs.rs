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

#[test]
fn a_byte_order_mark_is_accepted() {
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/windows.md",
            "\u{FEFF}---\nquestion: Saved on Windows?\ntags: [x]\n---\nWith a byte order mark, in a few words.\n",
        )
        .file(
            "faqgen.toml",
            "\u{FEFF}title = \"BOM\"\nbase_url = \"https://owner.github.io/my-faq/\"\n",
        )
        .build()
        .succeeds();
    assert_eq!(
        run.html("basics/windows/index.html").text("h1"),
        "Saved on Windows?"
    );
}

#[test]
fn a_date_with_a_time_keeps_its_meaning_or_is_an_error() {
    let late = "---\nquestion: Late?\ntags: [x]\nupdated: 2026-11-26T23:30:00-08:00\n---\nUpdated late in the evening.\n";
    let run = SiteTest::new("minimal")
        .file("content/basics/late.md", late)
        .build()
        .succeeds();
    // The page shows the day as written; the sitemap and feed keep the moment and its offset.
    let page = run.html("basics/late/index.html");
    assert_eq!(page.attrs(".entry-meta time", "datetime"), ["2026-11-26"]);
    assert!(
        run.text("sitemap.xml")
            .contains("<lastmod>2026-11-26T23:30:00-08:00</lastmod>")
    );
    assert!(
        run.text("feed.xml")
            .contains("<updated>2026-11-26T23:30:00-08:00</updated>")
    );
    // A time without its offset could be any of 26 moments: an error, not a guess.
    SiteTest::new("minimal")
        .file(
            "content/basics/late.md",
            late.replace("T23:30:00-08:00", "T23:30:00"),
        )
        .build()
        .fails()
        .stderr_has("content/basics/late.md:4:10: error: `2026-11-26T23:30:00` is not a date")
        .stderr_has("a time needs its offset");
}
