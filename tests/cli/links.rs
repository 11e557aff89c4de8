//! Links between answers: `@/` and relative `.md` links, heading anchors, every broken link
//! reported at once, backlinks and related questions.

use crate::harness::SiteTest;

const TWO: &str = "---\nquestion: Two?\ntags: [x]\n---\n## Part B\n\nText about part b.\n";

fn site_with(one: &str) -> SiteTest {
    SiteTest::new("minimal")
        .file("content/a/two.md", TWO)
        .file("content/a/one.md", one)
}

#[test]
fn links_resolve_to_entry_urls_and_headings() {
    let one = "---\nquestion: One?\n---\nSee [two](@/a/two.md), [part](@/a/two.md#part-b), [rel](two.md#part-b), [up](../basics/first.md) and [here](#local).\n\n## Local\n";
    let run = site_with(one).build().succeeds();
    let page = run.html("a/one/index.html");
    assert_eq!(
        page.attrs(".answer p a", "href"),
        [
            "/my-faq/a/two/",
            "/my-faq/a/two/#part-b",
            "/my-faq/a/two/#part-b",
            "/my-faq/basics/first/",
            "#local"
        ]
    );
    // On the category page the same-page link follows the prefixed heading id.
    let category = run.html("a/index.html");
    assert!(
        category
            .attrs("details.faq a", "href")
            .contains(&"#a-one-local".to_string())
    );
    assert_eq!(category.count("#a-one-local"), 1);
}

#[test]
fn headings_have_a_link_to_themselves() {
    let run = site_with("---\nquestion: One?\n---\nA.\n")
        .build()
        .succeeds();
    let page = run.html("a/two/index.html");
    assert_eq!(
        page.attrs("h2#part-b a.heading-anchor", "href"),
        ["#part-b"]
    );
}

#[test]
fn backlinks_list_the_questions_that_link_here() {
    let run = site_with("---\nquestion: One?\n---\nSee [two](@/a/two.md) and [again](two.md).\n")
        .build()
        .succeeds();
    assert_eq!(
        run.html("a/two/index.html")
            .texts("[aria-labelledby=backlinks-heading] a"),
        ["One?"]
    );
    assert_eq!(
        run.html("a/one/index.html")
            .count("[aria-labelledby=backlinks-heading]"),
        0
    );
}

#[test]
fn every_broken_link_is_reported_with_a_suggestion() {
    let one = "---\nquestion: One?\n---\nSee [a](@/a/tow.md) and [b](@/a/two.md#part-c).\n\nThen [c](#nowhere) and [d](missing.md).\n";
    let run = site_with(one).build().fails();
    let lines: Vec<_> = run
        .diagnostic_lines()
        .into_iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "content/a/one.md:4:9: error: link to a missing entry: `a/tow.md`",
            "content/a/one.md:4:29: error: `a/two.md` has no heading `#part-c`",
            "content/a/one.md:6:10: error: this answer has no heading `#nowhere`",
            "content/a/one.md:6:28: warning: link to `missing.md`, which is not an entry of this site: it is kept as written and will be broken",
        ],
        "{}",
        run.stderr
    );
    run.stderr_has("help: did you mean `@/a/two.md`?")
        .stderr_has("help: did you mean `#part-b`?")
        .stderr_has("help: that answer has no headings");
}

#[test]
fn a_root_absolute_link_is_an_error_under_a_sub_path() {
    let one = "---\nquestion: One?\n---\nSee [two](/a/two/).\n";
    site_with(one)
        .build()
        .fails()
        .stderr_has("content/a/one.md:4:11: error: root-absolute link `/a/two/` breaks when the site is served under a sub-path")
        .stderr_has("help: link the entry by its file instead: `@/a/two.md`");
}

#[test]
fn a_root_absolute_link_is_a_warning_at_the_root_of_a_host() {
    let one = "---\nquestion: One?\n---\nSee [two](/a/two/).\n";
    site_with(one)
        .build_with(&["--base-url", "https://faq.example.org/"])
        .succeeds()
        .stderr_has("content/a/one.md:4:11: warning: root-absolute link `/a/two/`");
}

#[test]
fn a_link_to_a_broken_entry_is_not_reported_twice() {
    let run = site_with("---\nquestion: One?\n---\nSee [two](@/a/two.md).\n")
        .file("content/a/two.md", "---\nquestion: [\n---\nA.\n")
        .build()
        .fails();
    assert_eq!(run.diagnostic_lines().len(), 1, "{}", run.stderr);
    assert!(
        run.diagnostic_lines()[0].starts_with("content/a/two.md:"),
        "{}",
        run.stderr
    );
}

#[test]
fn related_questions_list_named_ones_first_then_similar_ones() {
    let run = SiteTest::new("minimal")
        .file("content/heat/ice.md", "---\nquestion: Should I use ice on a sore shoulder?\ntags: [shoulder]\nrelated: [heat/rest.md]\n---\nIce calms a sore shoulder muscle.\n")
        .file("content/heat/heat.md", "---\nquestion: Should I use heat on a sore shoulder?\ntags: [shoulder]\n---\nHeat relaxes a sore shoulder muscle.\n")
        .file("content/heat/rest.md", "---\nquestion: How long should I rest?\n---\nA day or two.\n")
        .file("content/heat/cards.md", "---\nquestion: Can I renew a library card?\n---\nAt the desk.\n")
        .build()
        .succeeds();
    let related = run
        .html("heat/ice/index.html")
        .texts("[aria-labelledby=related-heading] a");
    assert_eq!(
        related,
        [
            "How long should I rest?",
            "Should I use heat on a sore shoulder?"
        ]
    );
}

#[test]
fn related_count_limits_the_list() {
    let mut site = SiteTest::new("minimal").file(
        "faqgen.toml",
        "title = \"T\"\nbase_url = \"https://x.org/\"\nrelated_count = 1\n",
    );
    for i in 0..4 {
        site = site.file(&format!("content/s/q{i}.md"), format!("---\nquestion: Sore shoulder question {i}?\ntags: [shoulder]\n---\nShoulder muscle answer {i}.\n"));
    }
    let run = site.build().succeeds();
    assert_eq!(
        run.html("s/q0/index.html")
            .count("[aria-labelledby=related-heading] a"),
        1
    );
}

/// A relative link to a file that is no entry warns, and suggests an entry only when its file
/// name is close: sharing a folder is no likeness.
#[test]
fn a_relative_link_to_no_entry_warns_with_a_suggestion_by_file_name() {
    let one = "---\nquestion: One?\n---\nSee [a](tow.md) and [b](api/ipc-main.md).\n";
    let run = site_with(one).build().succeeds();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning: link to"))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("did you mean").count(),
        1,
        "{}",
        run.stderr
    );
    run.stderr_has("help: did you mean `@/a/two.md`?");
}
