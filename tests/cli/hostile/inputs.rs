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

/// A site of one entry whose answer is `answer`.
fn one_answer(answer: &str) -> SiteTest {
    SiteTest::new("minimal").file(
        "content/basics/big.md",
        format!("---\nquestion: How big can an answer be?\ntags: [x]\n---\n{answer}"),
    )
}

#[test]
fn ten_thousand_identical_headings_get_numbered_ids() {
    let run = one_answer(&"## Same\n\nText.\n\n".repeat(10_000))
        .build()
        .succeeds();
    let page = run.html("basics/big/index.html");
    let ids = page.attrs(".answer h2", "id");
    assert_eq!(ids.len(), 10_000);
    assert_eq!(
        (ids[0].as_str(), ids[9_999].as_str()),
        ("same", "same-9999")
    );
}

#[test]
fn a_list_nested_a_hundred_thousand_deep_builds() {
    // Indexed as plain text past 64 levels: the search index stays quick to build.
    one_answer(&format!("{}deep\n", "- ".repeat(100_000)))
        .build()
        .succeeds();
    one_answer(&format!("{}deep\n", "> ".repeat(100_000)))
        .build()
        .succeeds();
}

#[test]
fn a_huge_answer_is_searchable_in_part_and_says_so() {
    let words: Vec<String> = (0..60_000).map(|i| format!("w{i}")).collect();
    let run = one_answer(&format!("{}\n", words.join(" ")))
        .build()
        .succeeds()
        .stderr_has("content/basics/big.md:5:1: warning: the answer has 408 KB of text; only its first 100 KB are searchable");
    // The words past the first 100 KB are not in the index; those before are.
    let words = run.text("search/words/0.json");
    assert!(words.contains("\"w100\""), "the start is indexed");
    assert!(!words.contains("\"w59999\""), "the end is not");
}

#[test]
fn thousands_of_identical_questions_are_one_warning_each() {
    let mut site = SiteTest::new("minimal");
    for i in 0..2_000 {
        site = site.file(
            &format!("content/same/q{i}.md"),
            "---\nquestion: The same question again?\ntags: [x]\n---\nThe same answer, in enough words.\n",
        );
    }
    let run = site.run(&["check"]).succeeds();
    let repeats = run
        .diagnostic_lines()
        .iter()
        .filter(|l| l.contains("nearly repeats"))
        .count();
    assert_eq!(repeats, 1_999, "each copy once, against the first");
    assert!(
        run.stderr
            .contains("nearly repeats “The same question again?” at content/same/q0.md:2")
    );
}
