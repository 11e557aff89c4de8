//! What a successful build writes.

use crate::harness::SiteTest;

#[test]
fn writes_every_page_and_file() {
    let run = SiteTest::new("minimal").build().succeeds();
    for path in [
        "index.html",
        "basics/index.html",
        "basics/first/index.html",
        "basics/second/index.html",
        "tags/index.html",
        "tags/start/index.html",
        "tags/getting-started/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "feed.xml",
        "style.css",
        "faqgen.js",
    ] {
        assert!(run.exists(path), "{path} was not written");
    }
    assert!(
        !run.exists("CNAME"),
        "CNAME written without a custom domain"
    );
    assert!(!run.stdout.contains("CNAME"), "{}", run.stdout);
}

#[test]
fn prints_a_one_line_summary() {
    let run = SiteTest::new("minimal").build().succeeds();
    let lines: Vec<_> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(
        lines[0].starts_with("Built 2 entries in 1 category: 8 pages in "),
        "{}",
        lines[0]
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn home_page_is_search_first_with_a_card_per_category() {
    let run = SiteTest::new("minimal").build().succeeds();
    let home = run.html("index.html");
    // The site's title is in the header: the heading does not repeat it.
    assert_eq!(home.text(".brand"), "Minimal FAQ");
    assert_eq!(home.text("h1"), "How can we help?");
    // The search box is in the page as written, not added by its script.
    assert_eq!(home.count(".hero [data-search]:not([hidden]) input"), 1);
    assert_eq!(home.texts(".category-card h3 a"), ["The basics"]);
    assert_eq!(
        home.texts(".category-card .card-questions a"),
        ["Is there a second question?", "What is the first question?"]
    );
    // Answers are on the category's page, not on the home page.
    assert_eq!(home.count("details.faq"), 0);
}

#[test]
fn category_page_is_an_accordion_with_deep_links() {
    let run = SiteTest::new("minimal").build().succeeds();
    let page = run.html("basics/index.html");
    // Sorted by weight, then question.
    assert_eq!(
        page.texts("details.faq > summary"),
        ["Is there a second question?", "What is the first question?"]
    );
    assert_eq!(page.attrs("details.faq", "id"), ["second", "first"]);
    assert_eq!(page.count("[data-faq-expand-all]"), 1);
    assert_eq!(page.count("[data-faq-collapse-all]"), 1);
    assert_eq!(page.texts("details.faq .faq-answer strong"), ["this"]);
    // Ids inside answers are prefixed so that many answers can share the page.
    assert_eq!(
        page.attrs("details.faq h2", "id"),
        ["basics-first-a-heading"]
    );
    // The navigation shows the section the page is in.
    assert_eq!(
        page.attrs(".site-nav a[aria-current]", "href"),
        ["/my-faq/basics/"]
    );
    let entry = run.html("basics/first/index.html");
    assert_eq!(
        entry.attrs(".site-nav a[aria-current=true]", "href"),
        ["/my-faq/basics/"]
    );
}

#[test]
fn entry_page_has_breadcrumb_answer_tags_and_date() {
    let run = SiteTest::new("minimal").build().succeeds();
    let page = run.html("basics/first/index.html");
    assert_eq!(page.text("h1"), "What is the first question?");
    assert_eq!(
        page.texts("nav[aria-label=Breadcrumb] a"),
        ["Home", "The basics", "What is the first question?"]
    );
    assert_eq!(
        page.attrs("nav[aria-label=Breadcrumb] a", "href")[0],
        "/my-faq/"
    );
    assert_eq!(page.attrs("h2#a-heading", "id"), ["a-heading"]);
    assert_eq!(page.texts(".tag-list a"), ["Getting started", "start"]);
    assert_eq!(page.attrs("time", "datetime"), ["2026-03-04"]);
    assert_eq!(page.text("time"), "March 4, 2026");
    let second = run.html("basics/second/index.html");
    assert_eq!(second.texts(".aliases li"), ["Another one?"]);
    assert_eq!(
        second.attrs("[aria-labelledby=related-heading] a", "href"),
        ["/my-faq/basics/first/"]
    );
}

#[test]
fn tag_pages_list_their_entries() {
    let run = SiteTest::new("minimal").build().succeeds();
    let tags = run.html("tags/index.html");
    // The number is shown; screen readers read it with its word instead.
    assert_eq!(tags.texts(".tag-cloud a [aria-hidden]"), ["1", "2"]);
    assert_eq!(
        tags.texts(".tag-cloud a .visually-hidden"),
        ["1 question", "2 questions"]
    );
    assert_eq!(
        run.html("tags/start/index.html").texts(".link-list a"),
        ["Is there a second question?", "What is the first question?"]
    );
}

#[test]
fn category_page_lists_questions_and_sub_categories() {
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/deeper/third.md",
            "---\nquestion: A third?\n---\nYes.\n",
        )
        .build()
        .succeeds();
    let page = run.html("basics/index.html");
    assert_eq!(page.text("h1"), "The basics");
    assert_eq!(page.texts(".subcategories a"), ["Deeper 1 question"]);
    assert_eq!(page.count("details.faq"), 2);
    assert_eq!(
        run.html("basics/deeper/third/index.html")
            .texts("nav[aria-label=Breadcrumb] a"),
        ["Home", "The basics", "Deeper", "A third?"]
    );
}

#[test]
fn a_category_without_index_is_titled_from_its_folder() {
    let run = SiteTest::new("minimal")
        .remove("content/basics/_index.md")
        .build()
        .succeeds();
    assert_eq!(run.html("basics/index.html").text("h1"), "Basics");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::new("minimal").file(
        "content/basics/draft.md",
        "---\nquestion: Unfinished?\ndraft: true\n---\nSoon.\n",
    );
    let run = site.build().succeeds();
    assert!(!run.exists("basics/draft/index.html"));
    assert!(!run.text("index.html").contains("Unfinished?"));
    let run = site
        .build_with(&["--drafts"])
        .succeeds()
        .stdout_has("Built 3 entries");
    assert!(run.exists("basics/draft/index.html"));
}

#[test]
fn cname_is_written_for_a_custom_domain() {
    let run = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"T\"\nbase_url = \"https://faq.example.org/\"\ncname = \"faq.example.org\"\n",
        )
        .build()
        .succeeds()
        .stdout_has("GitHub Pages deployed by Actions does not read it: set the custom domain in the repository's Settings → Pages");
    assert_eq!(run.text("CNAME"), "faq.example.org\n");
}

#[test]
fn output_dir_option_is_honoured() {
    let site = SiteTest::new("minimal");
    let out = site.root().join("elsewhere/site");
    site.build_with(&["--output-dir", out.to_str().unwrap()])
        .succeeds();
    assert!(out.join("index.html").exists());
    assert!(!site.root().join("public").exists());
}

#[test]
fn escapes_everything_but_the_answer() {
    let run = SiteTest::new("minimal")
        .file("content/basics/x.md", "---\nquestion: Is <b>bold</b> & \"quoted\" safe?\ntags: [\"<i>\"]\n---\nThe *answer* is <em>HTML</em>.\n")
        .build()
        .succeeds();
    let page = run.html("basics/x/index.html");
    assert_eq!(page.text("h1"), "Is <b>bold</b> & \"quoted\" safe?");
    assert_eq!(page.count("h1 b"), 0);
    assert_eq!(page.texts(".answer em"), ["answer", "HTML"]);
    assert_eq!(page.texts(".tag-list a"), ["<i>"]);
}

#[test]
fn feed_and_sitemap_list_the_entries() {
    let run = SiteTest::new("minimal").build().succeeds();
    let sitemap = run.text("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://owner.github.io/my-faq/basics/first/</loc><lastmod>2026-03-04</lastmod>"
        ),
        "{sitemap}"
    );
    assert_eq!(
        sitemap.matches("<loc>").count(),
        7,
        "every page but the 404: {sitemap}"
    );
    let feed = run.text("feed.xml");
    // Only dated entries are in the feed (Atom needs a date per entry).
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
    assert!(
        feed.contains("<updated>2026-03-04T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(
        feed.contains("&lt;p&gt;The first answer.&lt;/p&gt;"),
        "{feed}"
    );
    assert_eq!(
        run.text("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://owner.github.io/my-faq/sitemap.xml\n"
    );
}

/// The minimal fixture's settings, with `more` after them.
const MINIMAL_CONFIG: &str =
    "title = \"Minimal FAQ\"\nbase_url = \"https://owner.github.io/my-faq/\"\n";

#[test]
fn the_words_faqgen_writes_come_from_the_table_of_strings_a_site_can_change() {
    let site = SiteTest::new("minimal").file(
        "faqgen.toml",
        format!(
            "{MINIMAL_CONFIG}[strings]\nhome = \"Startseite\"\ntagged = \"Mit Schlagwort „{{tag}}“\"\n\
             heading_link = \"Link <zu> diesem Abschnitt\"\n\
             search_nothing = \"Keine Frage passt zu „{{query}}“.\"\n\
             search_results_few = \"{{count}} wyniki\"\n"
        ),
    );
    let run = site.build().succeeds();
    let entry = run.html("basics/first/index.html");
    assert_eq!(entry.texts(".breadcrumb a")[0], "Startseite");
    assert!(
        entry
            .texts(".heading-anchor .visually-hidden")
            .contains(&"Link <zu> diesem Abschnitt".to_string()),
        "{:?}",
        entry.texts(".heading-anchor")
    );
    // The search panel's words reach its script through the search box's attributes: the
    // site's, the built-in ones it kept, and a plural form English does not have.
    for (attribute, words) in [
        ("data-text-nothing", "Keine Frage passt zu „{query}“."),
        ("data-text-results-other", "{count} results"),
        ("data-text-results-few", "{count} wyniki"),
    ] {
        assert_eq!(
            entry.attrs("[data-search]", attribute),
            [words],
            "{attribute}"
        );
    }
    let tag = run.html("tags/start/index.html");
    assert_eq!(tag.text("h1"), "Mit Schlagwort „start“");
    // Strings the site did not change keep their built-in words.
    assert_eq!(
        run.html("404.html").text("title"),
        "Page not found · Minimal FAQ"
    );

    // A key the table does not have is an error at its line, naming the closest one.
    let run = site
        .file(
            "faqgen.toml",
            format!("{MINIMAL_CONFIG}\n[strings]\nhom = \"Start\"\n"),
        )
        .build()
        .fails();
    assert_eq!(
        run.diagnostic_lines()[0],
        "faqgen.toml:5:1: error: unknown string `hom`"
    );
    run.stderr_has("did you mean `home`?");
}

#[test]
fn the_old_table_of_strings_is_refused_with_where_it_went() {
    SiteTest::new("minimal")
        .file("templates/strings.toml", "home = \"Start\"\n")
        .build()
        .fails()
        .stderr_has("templates/strings.toml")
        .stderr_has("`[strings]`");
}

/// A running `faqgen build --watch`.
struct Watching {
    process: crate::harness::Running,
    site: SiteTest,
}

impl Watching {
    /// Starts it, and waits until its first build is written.
    fn start(site: SiteTest) -> Watching {
        let (process, _) =
            crate::harness::Running::start(site.root(), &["build", "--watch"], |line| {
                line.starts_with("Watching ")
            });
        Watching { process, site }
    }

    /// Waits (at most 10 s) until the output file `path` satisfies `holds`.
    fn wait_until(&self, path: &str, what: &str, holds: impl Fn(Option<String>) -> bool) {
        let file = self.site.root().join("public").join(path);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !holds(std::fs::read_to_string(&file).ok()) {
            assert!(
                std::time::Instant::now() < deadline,
                "{path}: still not {what}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

#[test]
fn build_watch_writes_each_edit_and_keeps_the_output_through_a_broken_one() {
    let watching = Watching::start(SiteTest::new("minimal"));
    let first = watching.site.root().join("content/basics/first.md");
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(
        &first,
        text.replace("The first answer.", "A rewritten answer."),
    )
    .unwrap();
    watching.wait_until("basics/first/index.html", "rewritten", |page| {
        page.is_some_and(|p| p.contains("A rewritten answer."))
    });

    std::fs::remove_file(watching.site.root().join("content/basics/second.md")).unwrap();
    watching.wait_until("basics/second/index.html", "gone", |page| page.is_none());

    // A broken file: nothing is written, the last output stays; fixed, it is built again.
    // (Lines printed so far are left behind: a save seen half-written may have failed too.)
    watching.process.skip_stderr();
    std::fs::write(&first, "---\nquestion: [broken\n---\nA broken answer.\n").unwrap();
    watching.process.wait_for_stderr("nothing was written");
    let page = std::fs::read_to_string(watching.site.root().join("public/basics/first/index.html"));
    assert!(page.unwrap().contains("A rewritten answer."));
    std::fs::write(
        watching.site.root().join("content/basics/third.md"),
        "---\nquestion: A third question?\n---\nThe third answer.\n",
    )
    .unwrap();
    std::fs::write(&first, text.replace("The first answer.", "A fixed answer.")).unwrap();
    watching.wait_until("basics/first/index.html", "fixed", |page| {
        page.is_some_and(|p| p.contains("A fixed answer."))
    });
    watching.wait_until("basics/third/index.html", "written", |page| {
        page.is_some_and(|p| p.contains("The third answer."))
    });
}

#[test]
fn a_build_with_nothing_changed_writes_nothing_and_says_so() {
    let one = "---\nquestion: One?\ntags: [x]\n---\nSee [the home page](/).\n";
    let site = SiteTest::new("minimal").file("content/basics/one.md", one);
    let args = ["--base-url", "https://faq.example.org/"];
    site.build_with(&args).succeeds().stdout_has("Built ");
    let out = site.root().join("public");
    let written = crate::harness::snapshot(&out);
    let modified = |path: &str| {
        std::fs::metadata(out.join(path))
            .unwrap()
            .modified()
            .unwrap()
    };
    let home_written = modified("index.html");

    // Nothing changed: nothing written, and the last build's warnings are shown again.
    site.build_with(&args)
        .succeeds()
        .stdout_has("Up to date: nothing changed since the last build")
        .stderr_has("content/basics/one.md:5:21: warning: root-absolute link `/`");
    assert_eq!(crate::harness::snapshot(&out), written);
    assert_eq!(modified("index.html"), home_written);

    // Another base URL is another site (here, one that fails); the failed build wrote
    // nothing, so the output is still that of the first.
    site.build().fails().stderr_has("root-absolute link");
    site.build_with(&args).succeeds().stdout_has("Up to date");

    // An answer edited, a page of the output edited or deleted, the record damaged: built
    // again, and the output is what a clean build makes.
    let site = site.file("content/basics/one.md", one.replace("See", "Read"));
    site.build_with(&args).succeeds().stdout_has("Built ");
    let rebuilt = crate::harness::snapshot(&out);
    std::fs::write(out.join("index.html"), "edited by hand").unwrap();
    site.build_with(&args).succeeds().stdout_has("Built ");
    assert_eq!(crate::harness::snapshot(&out), rebuilt);
    std::fs::remove_file(out.join("404.html")).unwrap();
    site.build_with(&args).succeeds().stdout_has("Built ");
    assert_eq!(crate::harness::snapshot(&out), rebuilt);
    site.build_with(&args).succeeds().stdout_has("Up to date");
    let cache = site.root().join(".faqgen-cache");
    for record in std::fs::read_dir(&cache).unwrap() {
        let path = record.unwrap().path();
        if path.to_string_lossy().contains("build-") {
            std::fs::write(&path, "{\"format\": 1, \"inputs\":").unwrap();
        }
    }
    site.build_with(&args).succeeds().stdout_has("Built ");
    assert_eq!(crate::harness::snapshot(&out), rebuilt);
    std::fs::remove_dir_all(&cache).unwrap();
    site.build_with(&args).succeeds().stdout_has("Built ");
    site.build_with(&args).succeeds().stdout_has("Up to date");
}

#[test]
fn the_feed_holds_the_twenty_newest_entries_newest_first() {
    // 30 dated entries, their days out of order, two on each day: ties go to the address.
    let mut site = SiteTest::new("minimal");
    for i in 0..30 {
        let day = 1 + (i * 7) % 15;
        let entry =
            format!("---\nquestion: Question {i}?\nupdated: 2026-05-{day:02}\n---\nAnswer {i}.\n");
        site = site.file(&format!("content/basics/q{i:02}.md"), entry);
    }
    let feed = site.build().succeeds().text("feed.xml");
    let titles: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .filter_map(|entry| entry.split("<title>").nth(1)?.split("</title>").next())
        .collect();
    // Newest day first; on one day, the file that comes first (q03 before q18).
    let mut expected: Vec<(u32, u32)> = (0..30).map(|i| (1 + (i * 7) % 15, i)).collect();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let expected: Vec<String> = expected
        .iter()
        .take(20)
        .map(|(_, i)| format!("Question {i}?"))
        .collect();
    assert_eq!(titles, expected, "{feed}");
}
