//! The search index (src/search/files.rs): written by the build itself, and not at all with
//! `search = false`.

use crate::harness::SiteTest;

fn json(run: &crate::harness::Run, path: &str) -> serde_json::Value {
    serde_json::from_str(&run.text(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The words of a words shard, with their stems as the browser reads them.
fn words(shard: &serde_json::Value) -> Vec<(String, String)> {
    shard
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let word = row[0].as_str().unwrap().to_string();
            let stem = match &row[1] {
                serde_json::Value::Number(n) if n.as_u64() == Some(0) => word.clone(),
                serde_json::Value::Number(n) => {
                    let units: Vec<u16> = word.encode_utf16().collect();
                    String::from_utf16(&units[..n.as_u64().unwrap() as usize]).unwrap()
                }
                other => other.as_str().unwrap().to_string(),
            };
            (word, stem)
        })
        .collect()
}

#[test]
fn the_build_writes_the_index() {
    let run = SiteTest::new("minimal").build().succeeds();
    let meta = json(&run, "search/index.json");
    assert_eq!(meta["version"], 1);
    assert_eq!(meta["entries"], 2);
    assert_eq!(meta["language"], "en");
    assert_eq!(meta["words"], serde_json::json!([""]));
    assert_eq!(
        meta["categories"][1],
        serde_json::json!(["The basics", "basics/", 2])
    );
    assert!(
        meta["stop"].as_array().unwrap().contains(&"dont".into()),
        "{meta}"
    );

    // Entries are numbered in the site's order: the second question comes first by weight.
    let entry = json(&run, "search/entry/0.json");
    assert_eq!(entry["q"], "Is there a second question?");
    assert_eq!(entry["u"], "basics/second/");
    assert_eq!(entry["c"], 1);
    assert_eq!(entry["a"], serde_json::json!(["Another one?"]));
    assert_eq!(entry["t"], "Yes, this one is the second question.");
    let first = json(&run, "search/entry/1.json");
    let heading = &first["h"][0];
    assert_eq!(heading[1], "A heading");
    assert_eq!(heading[2], "a-heading");
    let at = heading[0].as_u64().unwrap() as usize;
    assert!(
        first["t"].as_str().unwrap()[at..].starts_with("A heading"),
        "{first}"
    );

    // "questions" and "question" are one stem; the entry with it in its question says so.
    let words = words(&json(&run, "search/words/0.json"));
    assert!(
        words.contains(&("question".into(), "question".into())),
        "{words:?}"
    );
    let terms = json(&run, "search/terms/0.json");
    let postings = terms["question"].as_array().unwrap();
    assert_eq!(postings.len(), 4, "both entries: {postings:?}");
    assert_eq!(postings[1].as_u64().unwrap() & 1, 1, "in the question");
    let alias = terms["anoth"]
        .as_array()
        .expect("the alias's words are indexed");
    assert_eq!(alias[1].as_u64().unwrap() & 3, 2, "in an alias only");

    let home = run.html("index.html");
    assert_eq!(
        home.attrs("[data-search]", "data-index"),
        ["/my-faq/search/index.json"]
    );
    assert_eq!(home.count("label[for=search-input]"), 1);
}

#[test]
fn the_language_picks_the_stemmer_and_the_stop_words() {
    let run = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"T\"\nbase_url = \"https://x.org/\"\nlanguage = \"de-AT\"\n",
        )
        .file(
            "content/basics/third.md",
            "---\nquestion: Wie lange dauern Rückenschmerzen?\n---\nMeistens nur einige Tage.\n",
        )
        .build()
        .succeeds();
    let meta = json(&run, "search/index.json");
    assert_eq!(meta["language"], "de");
    assert!(
        meta["stop"].as_array().unwrap().contains(&"und".into()),
        "{meta}"
    );
    let words = words(&json(&run, "search/words/0.json"));
    assert!(
        words.contains(&("ruckenschmerzen".into(), "ruckenschmerz".into())),
        "{words:?}"
    );
}

#[test]
fn the_index_is_loaded_in_small_pieces_at_any_size() {
    // 600 entries, each with words of its own: the words and stems no longer fit in one file.
    let mut site = SiteTest::new("minimal");
    for n in 0..600 {
        site = site.file(
            &format!("content/basics/entry-{n}.md"),
            format!("---\nquestion: How does gadget {n} work?\n---\nGadget {n} uses wordnumber{n} and thing{n}x.\n"),
        );
    }
    let run = site.build().succeeds();
    let meta = json(&run, "search/index.json");
    for kind in ["words", "terms"] {
        let first_keys: Vec<&str> = meta[kind]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert!(first_keys.len() > 2, "{kind}: {first_keys:?}");
        assert_eq!(first_keys[0], "");
        assert!(first_keys.windows(2).all(|w| w[0] < w[1]), "{first_keys:?}");
        for (i, first) in first_keys.iter().enumerate() {
            let text = run.text(&format!("search/{kind}/{i}.json"));
            assert!(
                text.len() < 40_000,
                "{kind}/{i}.json has {} bytes",
                text.len()
            );
            // Every key of the shard is in its range: from its first key to the next shard's.
            let shard: serde_json::Value = serde_json::from_str(&text).unwrap();
            let keys: Vec<String> = match &shard {
                serde_json::Value::Array(rows) => rows
                    .iter()
                    .map(|r| r[0].as_str().unwrap().to_string())
                    .collect(),
                serde_json::Value::Object(map) => map.keys().cloned().collect(),
                _ => panic!("{kind}/{i}.json"),
            };
            let next = first_keys.get(i + 1);
            assert!(
                keys.iter()
                    .all(|k| k.as_str() >= *first && next.is_none_or(|n| k.as_str() < *n)),
                "{kind}/{i}.json"
            );
        }
        assert!(!run.exists(&format!("search/{kind}/{}.json", first_keys.len())));
    }
    assert!(run.exists("search/entry/601.json"));
    assert!(!run.exists("search/entry/602.json"));
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
    let meta = json(&run, "search/index.json");
    assert_eq!(meta["language"], "zh");
    assert_eq!(meta["entries"], 3);
    // Without spaces between words, text is indexed as pairs of characters.
    let words = words(&json(&run, "search/words/0.json"));
    assert!(words.iter().any(|(w, _)| w == "背部"), "{words:?}");
    assert!(words.iter().all(|(w, s)| w == s), "no stemming: {words:?}");
    assert_eq!(run.html("index.html").attrs("html", "lang"), ["zh-CN"]);
}

#[test]
fn an_unchanged_index_is_reused_and_a_changed_or_damaged_one_rebuilt() {
    let site = SiteTest::new("minimal");
    site.build()
        .succeeds()
        .stdout_lacks("search index unchanged");
    let bundle = site.root().join("public/search");
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
    let entry_json = bundle.join("index.json");
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
