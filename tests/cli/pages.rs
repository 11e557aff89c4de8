//! Pages that stay light at any size: long lists split over pages, a search-first home page,
//! and the size budgets checked on generated sites of 1,000 and 10,000 entries.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::harness::{Page, SiteTest};

/// A site with `count` entries in `basics/`, `page_size` to a page.
fn category_of(count: usize, page_size: usize) -> SiteTest {
    let mut site = SiteTest::new("minimal")
        .remove("content/basics/first.md")
        .remove("content/basics/second.md")
        .file(
            "faqgen.toml",
            format!(
                "title = \"Paged\"\nbase_url = \"https://owner.github.io/my-faq/\"\npage_size = {page_size}\n"
            ),
        );
    for n in 1..=count {
        site = site.file(
            &format!("content/basics/q{n:02}.md"),
            format!("---\nquestion: Question {n:02}?\nweight: {n}\n---\nAnswer {n}.\n"),
        );
    }
    site
}

#[test]
fn a_long_category_is_split_into_pages() {
    let run = category_of(5, 2).build().succeeds();
    let questions = |path: &str| run.html(path).texts("details.faq > summary");
    assert_eq!(
        questions("basics/index.html"),
        ["Question 01?", "Question 02?"]
    );
    assert_eq!(
        questions("basics/page/2/index.html"),
        ["Question 03?", "Question 04?"]
    );
    assert_eq!(questions("basics/page/3/index.html"), ["Question 05?"]);
    assert!(!run.exists("basics/page/4/index.html"));
    assert!(
        !run.exists("basics/page/1/index.html"),
        "page 1 is the category's own address"
    );

    let second = run.html("basics/page/2/index.html");
    assert_eq!(second.text("title"), "The basics (page 2 of 3) · Paged");
    assert_eq!(
        second.attrs("link[rel=canonical]", "href"),
        ["https://owner.github.io/my-faq/basics/page/2/"]
    );
    assert_eq!(
        second.texts(".pagination ol a .visually-hidden"),
        ["Page 1", "Page 2", "Page 3"]
    );
    assert_eq!(
        second.attrs(".pagination a[aria-current=page]", "href"),
        ["/my-faq/basics/page/2/"]
    );
    assert_eq!(second.attrs("a[rel=prev]", "href"), ["/my-faq/basics/"]);
    // The category's own address is page 1: on page 2 its links are "in this section".
    assert_eq!(
        second.attrs(".site-nav a[aria-current=true]", "href"),
        ["/my-faq/basics/"]
    );
    assert_eq!(
        second.attrs(".breadcrumb a[aria-current=page]", "href"),
        Vec::<String>::new()
    );
    // The sitemap lists every page, so that crawlers reach each question's markup.
    let sitemap = run.text("sitemap.xml");
    for page in ["basics/", "basics/page/2/", "basics/page/3/"] {
        let url = format!("<loc>https://owner.github.io/my-faq/{page}</loc>");
        assert!(
            sitemap.contains(&url),
            "{url} not in the sitemap:\n{sitemap}"
        );
    }
    assert_eq!(
        second.attrs("a[rel=next]", "href"),
        ["/my-faq/basics/page/3/"]
    );
    // Each question is marked up once: on the page that shows its answer.
    let marked = |page: &Page| -> Vec<String> {
        let blocks = page.json_ld();
        let faq = blocks.iter().find(|b| b["@type"] == "FAQPage");
        let questions = faq.map(|f| f["mainEntity"].as_array().cloned().unwrap_or_default());
        questions
            .unwrap_or_default()
            .iter()
            .map(|q| q["name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(marked(&second), ["Question 03?", "Question 04?"]);
    assert_eq!(
        marked(&run.html("basics/index.html")),
        ["Question 01?", "Question 02?"]
    );
}

#[test]
fn a_short_category_has_no_pager() {
    let run = category_of(2, 2).build().succeeds();
    assert_eq!(run.html("basics/index.html").count(".pagination"), 0);
    assert!(!run.exists("basics/page"));
}

#[test]
fn entries_without_a_category_page_through_the_home_page() {
    let mut site = SiteTest::with_no_entries().file(
        "faqgen.toml",
        "title = \"Flat\"\nbase_url = \"https://x.org/faq/\"\npage_size = 3\n",
    );
    for n in 1..=7 {
        site = site.file(
            &format!("content/q{n}.md"),
            format!("---\nquestion: Flat {n}?\nweight: {n}\n---\nYes.\n"),
        );
    }
    let run = site.build().succeeds();
    let home = run.html("index.html");
    assert_eq!(
        home.texts("details.faq > summary"),
        ["Flat 1?", "Flat 2?", "Flat 3?"]
    );
    assert_eq!(home.attrs("a[rel=next]", "href"), ["/faq/page/2/"]);
    let last = run.html("page/3/index.html");
    assert_eq!(last.texts("details.faq > summary"), ["Flat 7?"]);
    assert_eq!(last.text("h1"), "Flat (page 3 of 3)");
    assert_eq!(last.text("title"), "Flat (page 3 of 3) · Flat");
    // Only the first page is the home page itself.
    assert_eq!(home.attrs(".brand[aria-current=page]", "href"), ["/faq/"]);
    assert_eq!(last.count(".brand[aria-current]"), 0);
    // One search box a page: in the first page's hero, in the header of the others.
    assert_eq!(home.count(".hero [data-search]"), 1);
    assert_eq!(home.count(".header-row [data-search]"), 0);
    assert_eq!(last.count(".header-row [data-search]"), 1);
    // A site without a description gets one from its questions.
    assert_eq!(
        home.attrs("meta[name=description]", "content"),
        ["Flat 1? Flat 2? Flat 3?"]
    );
}

#[test]
fn featured_questions_come_first_on_the_home_page() {
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/third.md",
            "---\nquestion: What do most people ask?\nfeatured: true\n---\nThis.\n",
        )
        .build()
        .succeeds();
    let home = run.html("index.html");
    assert_eq!(home.texts(".featured-list a"), ["What do most people ask?"]);
    assert_eq!(
        home.attrs(".featured-list a", "href"),
        ["/my-faq/basics/third/"]
    );
}

#[test]
fn a_category_card_shows_its_first_questions_and_counts_all() {
    let run = category_of(7, 20)
        .file(
            "content/basics/deeper/sub.md",
            "---\nquestion: Below?\n---\nYes.\n",
        )
        .build()
        .succeeds();
    let home = run.html("index.html");
    // 5 questions (`home_questions`), the category's own before its sub-categories'.
    assert_eq!(
        home.texts(".card-questions a"),
        [
            "Question 01?",
            "Question 02?",
            "Question 03?",
            "Question 04?",
            "Question 05?"
        ]
    );
    assert_eq!(home.text(".card-more a"), "All 8 questions in The basics");
}

#[test]
fn every_page_has_a_meta_description() {
    let run = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"No description\"\nbase_url = \"https://owner.github.io/my-faq/\"\n",
        )
        .build()
        .succeeds();
    for page in [
        "index.html",
        "404.html",
        "basics/index.html",
        "basics/first/index.html",
        "tags/index.html",
        "tags/start/index.html",
    ] {
        let html = run.html(page);
        let description = html.attrs("meta[name=description]", "content");
        assert!(
            description.len() == 1 && description[0].len() > 10,
            "{page}: {description:?}"
        );
    }
    assert_eq!(
        run.html("index.html")
            .attrs("meta[name=description]", "content"),
        ["Answers to questions about The basics."]
    );
}

#[test]
fn a_long_answer_lists_its_sections() {
    let answer = "---\nquestion: Long?\n---\nIntro.\n\n## One\n\nA.\n\n### One and a half\n\nB.\n\n## Two\n\nC.\n";
    let run = SiteTest::new("minimal")
        .file("content/basics/long.md", answer)
        .build()
        .succeeds();
    let page = run.html("basics/long/index.html");
    assert_eq!(page.texts(".contents a"), ["One", "One and a half", "Two"]);
    assert_eq!(
        page.attrs(".contents a", "href"),
        ["#one", "#one-and-a-half", "#two"]
    );
    // A short answer (one heading) has no list.
    assert_eq!(run.html("basics/first/index.html").count(".contents"), 0);
}

#[test]
fn a_page_of_a_list_cannot_be_taken_by_an_entry() {
    category_of(3, 2)
        .file(
            "content/basics/page/2.md",
            "---\nquestion: Am I page two?\n---\nNo.\n",
        )
        .build()
        .fails()
        .stderr_has("content/basics/page/2.md:1:1: error: the URL /basics/page/2/ is also used by faqgen's own page 2 of /basics/");
}

#[test]
fn a_page_of_a_list_cannot_be_taken_by_a_folder() {
    category_of(3, 2)
        .file(
            "content/basics/page/2/inside.md",
            "---\nquestion: Where am I?\n---\nHidden.\n",
        )
        .build()
        .fails()
        .stderr_has("content/basics/page/2/:1:1: error: the URL /basics/page/2/ is also used by faqgen's own page 2 of /basics/");
}

#[test]
fn page_size_zero_is_an_error() {
    SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"T\"\nbase_url = \"https://x.org/\"\npage_size = 0\n",
        )
        .build()
        .fails()
        .stderr_has("faqgen.toml:3:13: error: `page_size` is 0");
}

// --- Budgets on generated sites ----------------------------------------------------------

/// Page budgets (issue 16), in gzipped bytes as GitHub Pages sends them, and DOM elements.
const HOME_BUDGET: usize = 50 * 1024;
const LIST_BUDGET: usize = 100 * 1024;
const ENTRY_BUDGET: usize = 15 * 1024;
const DOM_BUDGET: usize = 1500;

/// Writes a site of `count` entries shaped like a real FAQ (and like the benchmark corpus):
/// about √count/2 categories, answers of paragraphs, headings, lists, code and a table now
/// and then, tags from a shared set, links to other entries.
fn generated(count: usize) -> SiteTest {
    const WORDS: &[&str] = &[
        "account",
        "password",
        "invoice",
        "refund",
        "delivery",
        "parcel",
        "profile",
        "device",
        "browser",
        "backup",
        "booking",
        "ticket",
        "library",
        "loan",
        "membership",
        "patient",
        "clinic",
        "appointment",
        "insurance",
        "claim",
        "subscription",
        "licence",
        "printer",
        "battery",
        "network",
        "storage",
        "report",
        "receipt",
        "warranty",
        "repair",
    ];
    let site = SiteTest::empty().file(
        "faqgen.toml",
        "title = \"Generated FAQ\"\nbase_url = \"https://owner.github.io/big-faq/\"\n",
    );
    let categories = ((count as f64).sqrt() / 2.0).max(1.0) as usize;
    let word = |n: usize| WORDS[n % WORDS.len()];
    let sentence = |seed: usize, length: usize| {
        let mut text = String::new();
        for i in 0..length {
            let _ = write!(text, "{} ", word(seed * 7 + i * 13 + i * i));
        }
        format!("The {}.", text.trim_end())
    };
    let content = site.root().join("content");
    for c in 0..categories {
        let dir = content.join(format!("c{c:03}"));
        std::fs::create_dir_all(&dir).expect("category folder");
        let index = format!(
            "---\ntitle: \"{} help\"\ndescription: \"{}\"\nweight: {c}\n---\n",
            word(c),
            sentence(c, 12)
        );
        std::fs::write(dir.join("_index.md"), index).expect("_index.md");
    }
    for e in 0..count {
        let c = e % categories;
        let mut text = format!(
            "---\nquestion: \"How do I change the {} of my {} number {e}?\"\ntags: [{}, {}]\nweight: {e}\n---\n",
            word(e),
            word(e / 3),
            word(e % 17),
            word(e % 23 + 5)
        );
        for p in 0..(2 + e % 4) {
            let _ = writeln!(text, "{}\n", sentence(e + p, 20 + (e + p) % 30));
            if p == 1 {
                let _ = writeln!(text, "## The {} step\n", word(e + p));
                let _ = writeln!(
                    text,
                    "- {}\n- {}\n- `{}`\n",
                    sentence(e, 6),
                    sentence(p, 5),
                    word(e + 3)
                );
            }
        }
        if e % 5 == 0 {
            let _ = writeln!(
                text,
                "| {} | {} |\n|---|---|\n| 1 | 2 |\n",
                word(e),
                word(e + 1)
            );
        }
        let other = (e * 31 + 7) % count;
        let _ = writeln!(
            text,
            "See [the other question](@/c{:03}/q{other}.md).",
            other % categories
        );
        let path = content.join(format!("c{c:03}/q{e}.md"));
        let mut file = std::fs::File::create(path).expect("entry file");
        file.write_all(text.as_bytes()).expect("write entry");
    }
    site
}

/// Checks the pages of a build of `count` generated entries against the budgets: the size
/// of every page, and the elements of every page but the entries, of which the largest are
/// counted (parsing ten thousand pages would take minutes in a debug build).
fn check_budgets(count: usize) {
    const ENTRIES_PARSED: usize = 20;
    let site = generated(count);
    site.build().succeeds();
    let out = site.root().join("public");
    let mut over = Vec::new();
    let mut entries = Vec::new();
    let mut pages = 0;
    for file in walkdir::WalkDir::new(&out) {
        let file = file.expect("walk output");
        if file.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(file.path()).expect("read page");
        let path = file.path().strip_prefix(&out).expect("inside output");
        let kind = kind_of(&html).to_string();
        let budget = match kind.as_str() {
            "home" => HOME_BUDGET,
            "category" | "tag" | "tags" => LIST_BUDGET,
            _ => ENTRY_BUDGET,
        };
        let size = gzipped(html.as_bytes());
        if size > budget {
            over.push(format!(
                "{} ({kind}): {size} bytes gzipped, over {budget}",
                path.display()
            ));
        }
        if kind == "entry" {
            entries.push((html.len(), path.to_path_buf(), html));
            entries.sort_by_key(|e| std::cmp::Reverse(e.0));
            entries.truncate(ENTRIES_PARSED);
        } else {
            over.extend(too_many_elements(path, &html));
        }
    }
    for (_, path, html) in &entries {
        over.extend(too_many_elements(path, html));
    }
    assert!(pages > count, "only {pages} pages for {count} entries");
    assert!(
        over.is_empty(),
        "{} pages over budget:\n{}",
        over.len(),
        over.join("\n")
    );
}

/// A line for the report when the page at `path` has more elements than the budget.
fn too_many_elements(path: &std::path::Path, html: &str) -> Option<String> {
    let elements = Page(scraper::Html::parse_document(html)).count("*");
    (elements > DOM_BUDGET)
        .then(|| format!("{}: {elements} elements, over {DOM_BUDGET}", path.display()))
}

/// The page's kind, from the body's class the theme gives it (`kind-entry`).
fn kind_of(html: &str) -> &str {
    let start = html.find("<body class=\"kind-").map_or(0, |i| i + 18);
    let rest = &html[start..];
    &rest[..rest.find('"').unwrap_or(0)]
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

#[test]
fn every_page_of_a_1000_entry_site_is_within_budget() {
    check_budgets(1000);
}

#[test]
fn every_page_of_a_10000_entry_site_is_within_budget() {
    check_budgets(10_000);
}
