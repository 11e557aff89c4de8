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

#[test]
fn an_arabic_site_has_no_english_word_of_faqgen_and_reads_right_to_left() {
    let run = SiteTest::new("arabic").build().succeeds();
    // The fixture's content is all in Arabic script: any Latin word is one of faqgen's,
    // but for the two names it keeps (its own and the feed's format).
    let mut english = Vec::new();
    for (path, text) in texts_read(&run) {
        let text = without_fields(&text);
        for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() > 1 && !["faqgen", "Atom"].contains(&word) {
                english.push(format!("{path}: {word} (in {:?})", text.trim()));
            }
        }
    }
    assert!(english.is_empty(), "English words:\n{}", english.join("\n"));

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
    let (english, german) = (table("en"), table("de"));
    // Each run of English words between the fields of a string, unless German has it too
    // ("Tags" would be one).
    let mut pieces: Vec<String> = english
        .iter()
        .flat_map(|(key, text)| {
            let own = german.get(key).cloned().unwrap_or_default();
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
    for (path, text) in texts_read(&run) {
        let text = without_fields(&text);
        for piece in &pieces {
            if text.contains(piece.as_str()) {
                found.push(format!("{path}: {piece:?} in {:?}", text.trim()));
            }
        }
    }
    assert!(found.is_empty(), "English strings:\n{}", found.join("\n"));
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
