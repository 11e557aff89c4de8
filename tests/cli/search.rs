//! The search index: written by the build itself, and not at all with `search = false`.

use crate::harness::SiteTest;

#[test]
fn the_build_writes_the_full_text_index_and_the_suggestions() {
    let run = SiteTest::new("minimal").build().succeeds();
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind-worker.js",
        "pagefind/wasm.en.pagefind",
    ] {
        assert!(run.exists(file), "{file} missing");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&run.text("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 2, "{entry}");
    let questions: serde_json::Value =
        serde_json::from_str(&run.text("search/questions.json")).unwrap();
    assert_eq!(questions["entries"][0][0], "Is there a second question?");
    assert_eq!(questions["entries"][0][1], "basics/second/");
    assert_eq!(
        questions["categories"][questions["entries"][0][2].as_u64().unwrap() as usize],
        "The basics"
    );
    assert_eq!(questions["entries"][0][3][0], "Another one?");
    let home = run.html("index.html");
    assert_eq!(
        home.attrs("[data-search]", "data-bundle"),
        ["/my-faq/pagefind/"]
    );
    assert_eq!(
        home.attrs("[data-search]", "data-questions"),
        ["/my-faq/search/questions.json"]
    );
    assert_eq!(home.count("label[for=search-input]"), 1);
}

#[test]
fn the_language_picks_the_index() {
    let run = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"T\"\nbase_url = \"https://x.org/\"\nlanguage = \"de-AT\"\n",
        )
        .build()
        .succeeds();
    assert!(run.exists("pagefind/wasm.de.pagefind"));
    let entry: serde_json::Value =
        serde_json::from_str(&run.text("pagefind/pagefind-entry.json")).unwrap();
    assert!(entry["languages"]["de"].is_object(), "{entry}");
}

#[test]
fn search_false_writes_no_search_files() {
    let run = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"T\"\nbase_url = \"https://x.org/\"\nsearch = false\n",
        )
        .build()
        .succeeds();
    assert!(!run.exists("pagefind"));
    assert!(!run.exists("search"));
    assert!(!run.exists("search.js"));
    assert_eq!(run.html("index.html").count("[data-search]"), 0);
    assert!(!run.text("index.html").contains("search.js"));
}

#[test]
fn ask_url_reaches_the_page() {
    let run = SiteTest::new("minimal")
        .file("faqgen.toml", "title = \"T\"\nbase_url = \"https://x.org/\"\nask_url = \"https://github.com/o/r/issues/new?title={query}\"\n")
        .build()
        .succeeds();
    assert_eq!(
        run.html("index.html").attrs("[data-search]", "data-ask"),
        ["https://github.com/o/r/issues/new?title={query}"]
    );
}

#[test]
fn a_bad_ask_url_is_located() {
    SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"T\"\nbase_url = \"https://x.org/\"\nask_url = \"github.com/o/r\"\n",
        )
        .build()
        .fails()
        .stderr_has("faqgen.toml:3:11: error: `github.com/o/r` is not a web address");
}

#[test]
fn a_chinese_site_is_indexed_as_chinese() {
    let run = SiteTest::new("chinese").build().succeeds();
    let entry: serde_json::Value =
        serde_json::from_str(&run.text("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["zh"]["page_count"], 3, "{entry}");
    assert_eq!(run.html("index.html").attrs("html", "lang"), ["zh-CN"]);
}

#[test]
fn an_unchanged_index_is_reused_and_a_changed_or_damaged_one_rebuilt() {
    let site = SiteTest::new("minimal");
    site.build()
        .succeeds()
        .stdout_lacks("search index unchanged");
    let bundle = site.root().join("public/pagefind");
    let first = crate::harness::snapshot(&bundle);

    // Nothing changed: nothing is built, the index is the same byte for byte.
    site.build().succeeds().stdout_has("Up to date");
    assert_eq!(crate::harness::snapshot(&bundle), first);

    // A template change alone keeps it too.
    let site = site.file(
        "templates/partials/expand-tools.html",
        "<div data-faq-tools hidden></div>\n",
    );
    site.build().succeeds().stdout_has("search index unchanged");

    // The stamp is kept outside the output, which holds only what visitors need.
    let names: Vec<_> = first.iter().map(|(path, _)| path.clone()).collect();
    assert!(
        !names
            .iter()
            .any(|path| path.to_string_lossy().contains("faqgen")),
        "{names:?}"
    );
    let cache = site.root().join(".faqgen-cache");
    assert!(cache.is_dir());

    // A file of the index lost: rebuilt whole, the file back.
    let entry_json = bundle.join("pagefind-entry.json");
    std::fs::remove_file(&entry_json).unwrap();
    site.build()
        .succeeds()
        .stdout_lacks("search index unchanged");
    assert!(entry_json.exists());

    // An edited answer: rebuilt, and the new word is in the index.
    let edited = std::fs::read_to_string(site.root().join("content/basics/first.md"))
        .unwrap()
        .replace("\n---\n", "\n---\nZyxwords are new here.\n");
    let site = site.file("content/basics/first.md", edited);
    site.build()
        .succeeds()
        .stdout_lacks("search index unchanged");
    assert_ne!(crate::harness::snapshot(&bundle), first);

    // The cache deleted: the index is built again, not lost.
    std::fs::remove_dir_all(&cache).unwrap();
    site.build()
        .succeeds()
        .stdout_lacks("search index unchanged");
    // And the cache is kept again.
    site.build().succeeds().stdout_has("Up to date");
}

#[test]
fn addresses_made_from_the_question_by_the_slug_rule_are_left_out() {
    let entry = |question: &str| format!("---\nquestion: \"{question}\"\n---\nAn answer.\n");
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/can-i-renew-online.md",
            entry("Can I renew online?"),
        )
        .file("content/basics/whats-new.md", entry("What’s new?"))
        .file("content/basics/über-schlaf.md", entry("Über Schlaf"))
        .file("content/basics/renewals.md", entry("How do renewals work?"))
        .build()
        .succeeds();
    let questions: serde_json::Value =
        serde_json::from_str(&run.text("search/questions.json")).unwrap();
    assert_eq!(questions["version"], 3);
    let address = |question: &str| {
        let rows = questions["entries"].as_array().unwrap();
        let row = rows.iter().find(|r| r[0] == question).unwrap();
        row[1].clone()
    };
    // search.js makes these from the question, by the rule of src/slug.rs.
    assert_eq!(address("Can I renew online?"), 0);
    assert_eq!(address("What’s new?"), 0);
    // Not made from the question: written out.
    assert_eq!(address("How do renewals work?"), "basics/renewals/");
    // Made from it, but outside ASCII, where the browser's lower case may differ: written out.
    assert_eq!(address("Über Schlaf"), "basics/über-schlaf/");
}
