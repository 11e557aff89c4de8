//! A site in another language: every word faqgen writes itself is in that language, its
//! counts take the language's plural forms, its dates are written its way, and a language
//! written right to left is marked so.

use std::collections::BTreeMap;
use std::path::Path;

use scraper::{Html, Node};

use crate::harness::{Run, SiteTest};

/// Attributes whose values a reader sees or hears.
const READ_ATTRIBUTES: [&str; 4] = ["title", "aria-label", "placeholder", "alt"];

/// The `<meta>` elements whose `content` is read (by search engines and link previews).
const READ_META: [&str; 4] = ["description", "og:title", "og:site_name", "og:description"];

/// The built-in table of strings of `language`.
fn table(language: &str) -> BTreeMap<String, String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("templates/strings/{language}.toml"));
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every text a reader of the output meets: each page's text (not its scripts or
/// structured data), the attributes read out, the search panel's words, and the feed.
fn texts_read(run: &Run) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for file in walkdir::WalkDir::new(&run.out) {
        let file = file.unwrap();
        let path = file
            .path()
            .strip_prefix(&run.out)
            .unwrap()
            .to_string_lossy()
            .to_string();
        if path.ends_with(".html") {
            let html = Html::parse_document(&run.text(&path));
            for node in html.tree.nodes() {
                match node.value() {
                    Node::Text(text) => {
                        let in_code = node.ancestors().any(|a| {
                            a.value().as_element().is_some_and(|e| {
                                matches!(e.name(), "script" | "style" | "noscript")
                            })
                        });
                        if !in_code {
                            texts.push((path.clone(), text.to_string()));
                        }
                    }
                    Node::Element(element) => {
                        let meta = element.attr("name").or(element.attr("property"));
                        if element.name() == "meta" && meta.is_some_and(|m| READ_META.contains(&m))
                        {
                            texts.push((
                                path.clone(),
                                element.attr("content").unwrap_or_default().to_string(),
                            ));
                        }
                        for (name, value) in element.attrs() {
                            if READ_ATTRIBUTES.contains(&name) || name.starts_with("data-text-") {
                                texts.push((path.clone(), value.to_string()));
                            }
                        }
                    }
                    _ => {}
                }
            }
        } else if path == "feed.xml" {
            // Its titles (the entries' content is the site's own).
            let feed = Html::parse_fragment(&run.text(&path));
            let titles = scraper::Selector::parse("title, subtitle, name").unwrap();
            for element in feed.select(&titles) {
                texts.push((path.clone(), element.text().collect()));
            }
        }
    }
    texts
}

/// `text` without its `{…}` fields, which faqgen fills in.
fn without_fields(text: &str) -> String {
    let mut out = String::new();
    let mut in_field = false;
    for c in text.chars() {
        match c {
            '{' => in_field = true,
            '}' => in_field = false,
            _ if !in_field => out.push(c),
            _ => {}
        }
    }
    out
}

/// Fails, naming them, if the pages under `folder` of `run`'s output hold any of the strings
/// of faqgen's English table that the table of `language` does not share.
fn assert_no_english_strings(run: &Run, language: &str, folder: &str) {
    let (english, own) = (table("en"), table(language));
    // Each run of English words between the fields of a string, unless the language has it
    // too ("Tags" in German); the name of the language is the switcher's.
    let mut pieces: Vec<String> = english
        .iter()
        .filter(|(key, _)| *key != "language_name")
        .flat_map(|(key, text)| {
            let own = own.get(key).cloned().unwrap_or_default();
            without_fields(text)
                .split(['“', '”', '(', ')', ':', ',', '.'])
                .map(str::trim)
                .filter(|piece| piece.len() > 3 && !own.contains(piece))
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    pieces.sort();
    pieces.dedup();
    assert!(pieces.len() > 60, "{pieces:?}");
    let mut found = Vec::new();
    for (path, text) in texts_read(run) {
        if !path.starts_with(folder) {
            continue;
        }
        let text = without_fields(&text);
        for piece in &pieces {
            if text.contains(piece.as_str()) {
                found.push(format!("{path}: {piece:?} in {:?}", text.trim()));
            }
        }
    }
    assert!(found.is_empty(), "English strings:\n{}", found.join("\n"));
}

/// Fails, naming them, if the output of a site whose content has no Latin letters holds any
/// Latin word: one of faqgen's, but for the two names it keeps (its own and the feed's
/// format).
fn assert_no_latin_words(run: &Run) {
    let mut english = Vec::new();
    for (path, text) in texts_read(run) {
        let text = without_fields(&text);
        for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() > 1 && !["faqgen", "Atom"].contains(&word) {
                english.push(format!("{path}: {word} (in {:?})", text.trim()));
            }
        }
    }
    assert!(english.is_empty(), "English words:\n{}", english.join("\n"));
}

#[test]
fn japanese_and_chinese_sites_have_no_english_word_of_faqgen() {
    let japanese = SiteTest::new("japanese").build().succeeds();
    assert_no_latin_words(&japanese);
    assert_eq!(japanese.html("index.html").attrs("html", "dir"), ["ltr"]);
    assert_no_latin_words(&SiteTest::new("chinese").build().succeeds());
}

#[test]
fn an_arabic_site_has_no_english_word_of_faqgen_and_reads_right_to_left() {
    let run = SiteTest::new("arabic").build().succeeds();
    assert_no_latin_words(&run);

    let home = run.html("index.html");
    assert_eq!(home.attrs("html", "lang"), ["ar"]);
    assert_eq!(home.attrs("html", "dir"), ["rtl"]);
    // Three questions about loans: Arabic's "few" form.
    let arabic = table("ar");
    assert_eq!(
        home.texts(".category-card-title .visually-hidden")[0],
        arabic["question_count_few"].replace("{count}", "3")
    );
    let entry = run.html("loans/renew/index.html");
    assert_eq!(entry.text("time"), "4 أكتوبر 2026");
    assert_eq!(entry.text(".contents h2"), arabic["contents"]);
    let second = run.html("loans/page/2/index.html");
    let title = arabic["page_title"]
        .replace("{title}", "الإعارة")
        .replace("{number}", "2")
        .replace("{total}", "2");
    assert_eq!(second.text("h1"), title);
}

#[test]
fn a_german_site_has_none_of_the_english_strings() {
    let run = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"Minimal FAQ\"\nbase_url = \"https://owner.github.io/my-faq/\"\nlanguage = \"de\"\n\
             notice = \"Keine Beratung.\"\n",
        )
        .file("content/basics/_index.md", "---\ntitle: Grundlagen\n---\n")
        .file(
            "content/basics/first.md",
            "---\nquestion: Wie fange ich an?\ntags: [Anfang]\nupdated: 2026-03-04\n---\nSo.\n\n## Eins\n\n## Zwei\n\n## Drei\n",
        )
        .file(
            "content/basics/second.md",
            "---\nquestion: Gibt es eine zweite Frage?\ntags: [Anfang]\naliases: [Noch eine?]\nrelated: [basics/first.md]\n---\nJa.\n",
        )
        .build()
        .succeeds();
    assert_no_english_strings(&run, "de", "");
    let entry = run.html("basics/first/index.html");
    assert_eq!(entry.attrs("html", "lang"), ["de"]);
    assert_eq!(entry.attrs("html", "dir"), ["ltr"]);
    assert_eq!(entry.text("time"), "4. März 2026");
}

#[test]
fn a_language_without_a_table_is_a_warning_until_the_site_translates_it() {
    let config =
        "title = \"T\"\nbase_url = \"https://owner.github.io/my-faq/\"\nlanguage = \"sw\"\n";
    let site = SiteTest::new("minimal").file("faqgen.toml", config);
    site.build()
        .succeeds()
        .stderr_has("faqgen.toml:3:12: warning: faqgen has no words of its own in `sw`");
    let run = site
        .file("templates/strings/sw.toml", "home = \"Nyumbani\"\n")
        .build()
        .succeeds()
        .stderr_lacks("no words of its own");
    assert_eq!(
        run.html("basics/index.html").texts(".breadcrumb a")[0],
        "Nyumbani"
    );
}

#[test]
fn a_bilingual_site_has_each_language_in_its_folder_linked_to_the_other() {
    let run = SiteTest::new("bilingual").build().succeeds();
    // Each language is a site of its own: home, categories, entries, tags, feed, sitemap,
    // search index and 404 page; the theme's files and robots.txt are at the root only.
    for path in [
        "index.html",
        "fr/index.html",
        "fr/loans/index.html",
        "fr/loans/renew/index.html",
        "fr/cards/new-card/index.html",
        "fr/tags/prêts/index.html",
        "fr/feed.xml",
        "fr/sitemap.xml",
        "fr/search/index.json",
        "fr/404.html",
        "search/index.json",
    ] {
        assert!(run.exists(path), "{path} missing");
    }
    for path in ["fr/style.css", "fr/robots.txt", "fr/loans/late/index.html"] {
        assert!(!run.exists(path), "{path} should not be written");
    }
    // faqgen's own words are French in French.
    assert_no_english_strings(&run, "fr", "fr/");
    let french = run.html("fr/loans/renew/index.html");
    assert_eq!(french.attrs("html", "lang"), ["fr"]);
    assert_eq!(french.text(".brand"), "FAQ de la bibliothèque");
    assert_eq!(french.text("h1"), "Comment renouveler un prêt ?");
    assert_eq!(french.texts(".breadcrumb a")[1], "Prêts");
    // Its links stay in its language, but for a question not translated yet, whose original
    // they lead to; the theme's files are the root's.
    assert_eq!(
        french.attrs(".answer a", "href"),
        ["/library/fr/loans/limit/", "/library/loans/late/"]
    );
    assert!(french.attrs("link[rel=stylesheet]", "href")[0].starts_with("/library/style.css"));
    assert_eq!(
        french.attrs("[data-search]", "data-index"),
        ["/library/fr/search/index.json"]
    );
    // The switcher goes to the same question in English; hreflang names both, and English
    // as the default.
    assert_eq!(french.texts(".languages a"), ["English", "Français"]);
    assert_eq!(
        french.attrs(".languages a", "href"),
        ["/library/loans/renew/", "/library/fr/loans/renew/"]
    );
    assert_eq!(french.attrs(".languages a[aria-current]", "lang"), ["fr"]);
    assert_eq!(
        french.attrs("link[rel=alternate][hreflang]", "hreflang"),
        ["en", "fr", "x-default"]
    );
    // A question not translated: its switcher goes to the French home page, and it names no
    // French alternate.
    let late = run.html("loans/late/index.html");
    assert_eq!(
        late.attrs(".languages a", "href"),
        ["/library/loans/late/", "/library/fr/"]
    );
    assert!(
        late.attrs("link[rel=alternate][hreflang]", "hreflang")
            .is_empty()
    );
    // The 404 page is no page's translation.
    let not_found = run.html("404.html");
    assert!(not_found.attrs("link[hreflang]", "href").is_empty());
    assert_eq!(not_found.count(".languages"), 0);
    // A category without its own French description takes the original's.
    assert_eq!(run.html("fr/cards/index.html").text("h1"), "Library cards");

    // One feed and one sitemap per language; the sitemap names each page's translations.
    let feed = run.text("fr/feed.xml");
    assert!(feed.contains("xml:lang=\"fr\""), "{feed}");
    assert!(feed.contains("Comment renouveler un prêt ?"), "{feed}");
    assert!(!feed.contains("How do I renew"), "{feed}");
    let sitemap = run.text("sitemap.xml");
    assert!(
        sitemap.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://owner.github.io/library/fr/loans/renew/\"/>"
        ),
        "{sitemap}"
    );
    assert!(!sitemap.contains("/fr/loans/late/"), "{sitemap}");
    assert_eq!(
        run.text("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://owner.github.io/library/sitemap.xml\n\
         Sitemap: https://owner.github.io/library/fr/sitemap.xml\n"
    );
    // One search index per language: the French one has only French questions.
    let words = std::fs::read_dir(run.out.join("fr/search/words"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(words.contains("renouvel"), "{words}");
    assert!(!words.contains("\"renew"), "{words}");
}

#[test]
fn a_translation_into_a_language_the_site_lacks_is_an_error() {
    SiteTest::new("bilingual")
        .file("content/loans/_index.de.md", "---\ntitle: Ausleihe\n---\n")
        .build()
        .fails()
        .stderr_has("content/loans/_index.de.md:1:1: error: `_index.de.md` describes its folder in `de`, which is not a language of the site")
        .stderr_has("add `[languages.de]` to faqgen.toml");
    // An entry named as a translation into a language the site does not list.
    SiteTest::new("bilingual")
        .file("content/loans/renew.de.md", "---\nquestion: Wie?\n---\nSo.\n")
        .build()
        .fails()
        .stderr_has("content/loans/renew.de.md:1:1: error: `renew.de.md` is named as a translation into `de`, which is not a language of the site");
    // A name that only looks like one is an entry like any other.
    SiteTest::new("bilingual")
        .file(
            "content/loans/config.js.md",
            "---\nquestion: Which config.js?\n---\nThis one.\n",
        )
        .build()
        .succeeds();
    let twice = "title = \"T\"\nbase_url = \"https://x.org/\"\n[languages.fr]\n[languages.FR]\n";
    SiteTest::new("bilingual")
        .file("faqgen.toml", twice)
        .build()
        .fails()
        .stderr_has("faqgen.toml:3:1: error: `[languages.fr]`: the language is listed twice")
        .stderr_lacks("which is not a language of the site");
    SiteTest::new("bilingual")
        .file("content/fr.md", "---\nquestion: Why?\n---\nBecause.\n")
        .build()
        .fails()
        .stderr_has(
            "content/fr.md:1:1: error: this entry takes the address of the site's `fr` pages",
        );
}

#[test]
fn check_reports_missing_and_stale_translations() {
    let site = SiteTest::new("bilingual");
    let run = site.run(&["check"]);
    run.stderr_has("content/loans/late.md:2:11: warning: not translated into fr")
        .stderr_has("write its translation beside it, as `content/loans/late.fr.md`")
        .stderr_lacks("content/loans/renew.md:2:11: warning: not translated")
        .stderr_lacks("out of date");
    let site = site.file(
        "content/loans/renewal.fr.md",
        "---\nquestion: Comment ?\n---\nAinsi.\n",
    );
    site.run(&["check"])
        .stderr_has("content/loans/renewal.fr.md:2:11: warning: translation of `content/loans/renewal.md`, which does not exist")
        .stderr_has("did its original become `content/loans/renew.md`?");
    let site = site.remove("content/loans/renewal.fr.md");
    site.file(
        "content/loans/renew.fr.md",
        "---\nquestion: Comment renouveler un prêt ?\nupdated: 2026-09-01\n---\nDeux fois.\n",
    )
    .run(&["check"])
    .stderr_has(
        "content/loans/renew.fr.md:3:10: warning: this translation may be out of date: it was updated on 2026-09-01, its original (content/loans/renew.md) on 2026-10-04",
    );
}
