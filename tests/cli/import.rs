//! `faqgen import` of the FAQ structures real projects keep, each reproduced by a fixture in
//! tests/fixtures/import/: after the import, the site builds as it is, with no hand edits.

use crate::harness::{Run, SiteTest};

/// A site with no entries, and the import of the fixture `source` into `content/<into>` with
/// the `extra` options.
fn import(source: &str, into: &str, extra: &[&str]) -> (SiteTest, Run) {
    let site = SiteTest::with_no_entries();
    let (source, into) = (fixture(source), format!("content/{into}"));
    let mut args = vec!["import", source.as_str(), "--into", into.as_str()];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    (site, run)
}

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A README-style FAQ: a table of contents, questions as `<h3 name>` HTML, a code block that
/// opens an answer, a table, an image, links between questions in Markdown and in HTML.
#[test]
fn html_headings_with_a_table_of_contents() {
    let (site, run) = import(
        "toolbox-faq.md",
        "toolbox",
        &["--source-url", "https://github.com/o/toolbox/blob/main/"],
    );
    run.succeeds()
        .stdout_has(
            "toolbox-faq.md:3: table of contents (4 links to the document's headings): dropped",
        )
        .stdout_has("toolbox-faq.md: 4 questions in 0 sections")
        .stdout_has("Imported 4 of 4 questions into content/toolbox");
    let run = site.build().succeeds().stdout_has("Built 4 entries");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    // Document order, and the title names the category.
    let category = run.html("toolbox/index.html");
    assert_eq!(category.text("h1"), "Frequently asked questions");
    assert_eq!(
        category.texts("details.faq > summary"),
        [
            "Where does the tool look for its settings?",
            "How do I turn the colours off?",
            "Why is a file missing from the results?",
            "Can I run it on a server without a terminal?",
        ]
    );
    let settings = run.html("toolbox/where-does-the-tool-look-for-its-settings/index.html");
    assert!(
        settings
            .text(".answer > pre:first-child code")
            .starts_with("$ toolbox --show-settings"),
        "the code block that opens the answer stays a code block"
    );
    assert_eq!(
        settings.attrs(".answer a", "href"),
        [
            "https://github.com/o/toolbox/blob/main/GUIDE.md#settings",
            "/faq/toolbox/how-do-i-turn-the-colours-off/",
        ]
    );
    assert_eq!(
        run.html("toolbox/how-do-i-turn-the-colours-off/index.html")
            .count(".answer table tr"),
        3
    );
    let missing = run.html("toolbox/why-is-a-file-missing-from-the-results/index.html");
    assert_eq!(
        missing.attrs(".answer a", "href"),
        ["/faq/toolbox/where-does-the-tool-look-for-its-settings/"],
        "<a href=\"#settings\"> became a link to the entry"
    );
    assert_eq!(
        missing.attrs(".answer img", "src"),
        ["https://github.com/o/toolbox/raw/main/docs/hidden.png"]
    );
    assert_eq!(
        run.html("toolbox/can-i-run-it-on-a-server-without-a-terminal/index.html")
            .text(".answer pre code"),
        "toolbox --no-tty run"
    );
}

/// Without --source-url, links to the source's other files are kept and are warnings of the
/// import and of the build, which still succeeds.
#[test]
fn file_links_without_a_source_url_are_warnings() {
    let (site, run) = import("toolbox-faq.md", "toolbox", &[]);
    run.succeeds().stdout_has(
        "warning: link to `GUIDE.md#settings` (a file of the source, not imported) kept as written",
    );
    site.build()
        .succeeds()
        .stderr_has("warning: link to `GUIDE.md#settings`, which is not an entry of this site");
}

/// A troubleshooting page: problem headings without question marks under sections, `{#id}`
/// and `<a name>` anchors, a "back to top" link, a section with no question, a heading with
/// nothing below it. Every section is counted and each one skipped is named.
#[test]
fn problem_headings_in_sections() {
    let (site, run) = import("device-help.md", "scanner", &[]);
    run.succeeds()
        .stdout_has("device-help.md:43: “Ordering a new calibration sheet”: skipped, nothing is written below it")
        .stdout_has("device-help.md:45: section “Contributing”: skipped, no question below it (its text is not imported)")
        .stdout_has("“Driver keeps failing”: 1 “back to top” link dropped")
        .stdout_has("device-help.md: 5 questions in 3 sections (1 section skipped, named above)");
    let run = site
        .build()
        .succeeds()
        .stdout_has("Built 5 entries in 3 categories");
    let scanner = run.html("scanner/index.html");
    assert_eq!(scanner.text("h1"), "Scanner help");
    let connected = run.html("scanner/getting-connected/index.html");
    assert_eq!(connected.text("h1"), "Getting connected");
    assert_eq!(
        connected.texts("details.faq > summary"),
        [
            "Device not detected",
            "Driver keeps failing",
            "Scans come out blank"
        ]
    );
    let detected = run.html("scanner/getting-connected/device-not-detected/index.html");
    assert_eq!(
        detected.attrs(".answer li a", "href"),
        ["/faq/scanner/getting-connected/driver-keeps-failing/"],
        "a link to an <a name> anchor"
    );
    assert_eq!(
        detected.attrs(".answer h4", "id"),
        ["on-windows"],
        "a sub-heading stays in its answer"
    );
    assert_eq!(
        run.html("scanner/scan-quality/index.html")
            .texts("details.faq > summary"),
        ["Lines across every page", "Colours look washed out"]
    );
}

/// Markdown questions one level up from the guess: --question-level picks them.
#[test]
fn the_question_level_can_be_chosen() {
    let (site, run) = import(
        "device-help.md",
        "scanner",
        &["--question-level", "2", "--dry-run"],
    );
    run.succeeds()
        .stdout_has("would write content/scanner/getting-connected.md")
        .stdout_has("Dry run: ");
    assert!(
        !site.root().join("content/scanner").exists(),
        "a dry run writes nothing"
    );
}

/// Jekyll and Hugo data files: grouped YAML with tags, flat JSON with other key names.
#[test]
fn yaml_and_json_data_files() {
    let site = SiteTest::with_no_entries();
    site.run(&[
        "import",
        &fixture("faq.yml"),
        &fixture("faq.json"),
        "--into",
        "content/help",
    ])
    .succeeds()
    .stdout_has("faq.yml:12: key `id` (in 1 question): not imported")
    .stdout_has("Imported 5 of 5 questions");
    let run = site.build().succeeds().stdout_has("Built 5 entries");
    let fee = run.html("help/membership/is-there-a-fee/index.html");
    assert_eq!(fee.texts(".answer strong"), ["two euros"]);
    assert_eq!(
        run.html("help/membership/who-can-join/index.html")
            .texts(".tag-list a"),
        ["joining"]
    );
    assert_eq!(
        run.html("help/can-i-bring-my-dog/index.html")
            .texts(".tag-list a"),
        ["dogs", "visits"]
    );
    assert_eq!(
        run.html("help/membership/index.html")
            .texts("details.faq > summary"),
        ["Who can join?", "Is there a fee?"]
    );
}

/// Zola (TOML front matter, `@/` links) and Hugo (YAML, page bundles) content folders.
#[test]
fn zola_and_hugo_content_folders() {
    let (site, run) = import("zola-faq", "library", &[]);
    run.succeeds()
        .stdout_has("front-matter key `extra` (in 1 file, first borrowing/fines.md): not imported")
        .stdout_has("front-matter key `taxonomies.categories` (in 1 file, first borrowing/renew.md): not imported")
        .stdout_lacks("front-matter key `aliases`");
    site.run(&["import", &fixture("hugo-faq"), "--into", "content/visits"])
        .succeeds()
        .stdout_has("front-matter key `categories`")
        .stdout_has("hugo-faq: 3 questions in 1 section")
        .stdout_has(
            "visiting/late.md: “Late opening”: its `summary` is the question: “Are you open late?”",
        );
    let run = site.build().succeeds().stdout_has("Built 5 entries");
    let borrowing = run.html("library/borrowing/index.html");
    assert_eq!(
        borrowing.texts("details.faq > summary"),
        ["Are there late fines?", "How do I renew a loan?"],
        "the source's weights"
    );
    let renew = run.html("library/borrowing/renew/index.html");
    assert_eq!(
        renew.attrs(".answer a", "href"),
        ["/faq/library/borrowing/fines/"]
    );
    assert_eq!(renew.texts(".tag-list a"), ["loans"]);
    // Zola's `aliases` (old addresses) are faqgen's `moved_from`: the old address leads on.
    let old = run.html("help/renewals/index.html");
    assert_eq!(
        old.attrs("meta[http-equiv=refresh]", "content"),
        ["0; url=/faq/library/borrowing/renew/"]
    );
    let parking = run.html("visits/visiting/parking/index.html");
    assert_eq!(parking.texts(".tag-list a"), ["access", "parking"]);
    // A VitePress-style callout, as a quote with its title.
    let fines = run.html("library/borrowing/fines/index.html");
    assert_eq!(fines.texts(".answer blockquote strong"), ["Lost books"]);
    // Links between pages by their address and by Hugo's relref.
    assert_eq!(
        run.html("library/borrowing/fines/index.html")
            .attrs(".answer a", "href"),
        [
            "/faq/library/borrowing/renew/",
            "/faq/library/borrowing/renew/"
        ]
    );
    assert_eq!(
        run.html("visits/visiting/wifi/index.html")
            .attrs(".answer a", "href"),
        ["/faq/visits/visiting/parking/"]
    );
}

/// A Hugo site with a folder per language: the other language's pages become translations
/// beside their originals, which a site listing the language publishes under its folder.
#[test]
fn a_folder_per_language_becomes_translations_beside_the_originals() {
    let (site, run) = import("hugo-multilingual", "library", &[]);
    run.succeeds()
        .stdout_has("3 files in `fr`: imported as translations")
        .stdout_has("`[languages.fr]`");
    for path in [
        "content/library/loans/renew.md",
        "content/library/loans/renew.fr.md",
        "content/library/loans/limit.fr.md",
        "content/library/loans/_index.fr.md",
    ] {
        assert!(site.root().join(path).is_file(), "{path} missing");
    }
    let site = site.file(
        "faqgen.toml",
        "title = \"Imported\"\nbase_url = \"https://x.org/faq/\"\n[languages.fr]\n",
    );
    let run = site.build().succeeds();
    let french = run.html("fr/library/loans/renew/index.html");
    assert_eq!(french.text("h1"), "Comment renouveler un prêt ?");
    assert_eq!(
        french.attrs(".answer a", "href"),
        ["/faq/fr/library/loans/limit/"]
    );
    assert_eq!(run.html("fr/library/loans/index.html").text("h1"), "Prêts");
    assert_eq!(
        french.attrs(".languages a", "href"),
        ["/faq/library/loans/renew/", "/faq/fr/library/loans/renew/"]
    );
}

/// A page with schema.org microdata: the answers' links kept, absolute with --source-url.
#[test]
fn microdata_pages() {
    let (site, run) = import(
        "microdata.html",
        "account",
        &["--source-url", "https://help.example.org/faq/"],
    );
    run.succeeds().stdout_has("Imported 2 of 2 questions");
    let run = site.build().succeeds();
    assert_eq!(
        run.html("account/how-do-i-reset-my-password/index.html")
            .attrs(".answer a", "href"),
        ["https://help.example.org/account/reset"]
    );
}

#[test]
fn import_outside_a_site_says_to_run_init() {
    let site = SiteTest::empty();
    site.run(&["import", &fixture("faq.yml"), "--into", "content/x"])
        .fails()
        .stderr_has("run `faqgen init`");
}

/// A Jekyll docs page: front matter, a kramdown `{:toc}`, reference links defined at the end
/// of the document, HTML images, a heading ending in `!`.
#[test]
fn a_jekyll_docs_page_with_reference_links() {
    let (site, run) = import(
        "jekyll-docs-faq.md",
        "bikes",
        &["--source-url", "https://github.com/o/bikes/blob/main/docs/"],
    );
    run.succeeds()
        .stdout_has("jekyll-docs-faq.md:1: front matter (last_review_date): not imported")
        .stdout_has("jekyll-docs-faq.md:7: table of contents (kramdown `{:toc}`): dropped")
        .stdout_has("jekyll-docs-faq.md: 3 questions in 0 sections");
    let run = site.build().succeeds().stdout_has("Built 3 entries");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(
        run.html("bikes/index.html").text("h1"),
        "Questions about the bike share (FAQ)"
    );
    assert_eq!(
        run.html("bikes/how-do-i-unlock-a-bike/index.html")
            .attrs(".answer a", "href"),
        [
            "https://bikes.example.org/card",
            "https://github.com/o/bikes/blob/main/docs/stations.md",
        ]
    );
    let lock = run.html("bikes/my-bike-will-not-lock/index.html");
    assert_eq!(
        lock.attrs(".answer a", "href"),
        ["https://github.com/o/bikes/blob/main/docs/maps/stations.md"]
    );
    assert_eq!(
        lock.attrs(".answer img", "src"),
        ["https://github.com/o/bikes/raw/main/docs/img/dock.png"]
    );
    let train = run.html("bikes/can-i-take-a-bike-on-the-train/index.html");
    assert_eq!(
        train.attrs(".answer a", "href"),
        ["/faq/bikes/how-do-i-unlock-a-bike/"]
    );
    assert!(
        !train.text(".answer").contains("{:"),
        "kramdown attributes are not shown"
    );
}

/// Questions as the terms of definition lists, as Hugo's documentation writes its FAQ, with
/// the title from the front matter.
#[test]
fn questions_in_definition_lists() {
    let (site, run) = import("definition-list-faq.md", "archive", &[]);
    run.succeeds()
        .stdout_has("definition-list-faq.md:1: front matter (title, weight): not imported")
        .stdout_has("the text after the last question (1 lines): not imported")
        .stdout_has("definition-list-faq.md: 3 questions in 0 sections");
    let run = site.build().succeeds().stdout_has("Built 3 entries");
    let archive = run.html("archive/index.html");
    assert_eq!(archive.text("h1"), "Common questions about the archive");
    assert_eq!(
        archive.texts("details.faq > summary"),
        [
            "Can I photograph documents?",
            "How do I order a box in advance?",
            "Are pencils allowed?"
        ]
    );
    let order = run.html("archive/how-do-i-order-a-box-in-advance/index.html");
    assert!(
        order
            .text(".answer pre code")
            .starts_with("To: reading-room@example.org")
    );
    assert_eq!(
        order.texts(".answer p").last().map(String::as_str),
        Some("We keep it for a week.")
    );
    assert_eq!(
        run.html("archive/can-i-photograph-documents/index.html")
            .attrs(".answer a", "href"),
        ["https://archive.example.org/catalogue"]
    );
}

/// Questions as paragraphs in bold with an anchor inside, separated by rules, under a title.
#[test]
fn questions_in_bold_paragraphs() {
    let (site, run) = import("bold-questions.md", "scanner", &[]);
    run.succeeds()
        .stdout_has(
            "bold-questions.md:8: table of contents (2 links to the document's headings): dropped",
        )
        .stdout_has("bold-questions.md: 2 questions in 0 sections")
        .stdout_has(
            "bold-questions.md:25: a `<style>` block of the page (not part of an answer): dropped",
        );
    let run = site.build().succeeds().stdout_has("Built 2 entries");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let listed = run.html("scanner/why-is-my-app-listed/index.html");
    assert_eq!(
        listed.text(".answer"),
        "Every public app is scanned; the first answer says how."
    );
    assert_eq!(
        listed.attrs(".answer a", "href"),
        ["/faq/scanner/what-does-the-scanner-look-for/"]
    );
    assert_eq!(
        listed.count(".answer hr"),
        0,
        "the rules between questions are gone"
    );
}

/// A Markdown page whose FAQ is schema.org microdata in HTML: the declared questions are read,
/// not the page's headings.
#[test]
fn microdata_inside_a_markdown_page() {
    let (site, run) = import("microdata-in-markdown.md", "converter", &[]);
    run.succeeds()
        .stdout_has("read the page's schema.org FAQPage (2 questions), not its headings")
        .stdout_has("Imported 2 of 2 questions");
    let run = site.build().succeeds();
    assert_eq!(
        run.html("converter/index.html")
            .texts("details.faq > summary"),
        ["Does it keep the fonts?", "Can it convert scanned pages?"]
    );
    assert_eq!(
        run.html("converter/does-it-keep-the-fonts/index.html")
            .attrs(".answer a", "href"),
        ["https://example.org/fonts"]
    );
}

/// A second import, or its dry run, says what exists and is kept; --force replaces entries but
/// never a category's `_index.md`.
#[test]
fn importing_again_keeps_what_exists_and_says_so() {
    let site = SiteTest::with_no_entries();
    let yml = fixture("faq.yml");
    let import = |extra: &[&str]| {
        let mut args = vec!["import", yml.as_str(), "--into", "content/help"];
        args.extend_from_slice(extra);
        site.run(&args).succeeds()
    };
    import(&[]).stdout_has("Imported 3 of 3 questions into content/help");
    import(&["--dry-run"])
        .stdout_has("would skip content/help/membership/who-can-join.md (it exists; --force replaces it)")
        .stdout_has("Dry run: would import 0 of 3 questions into content/help (3 exist already); nothing was written");
    std::fs::write(
        site.root().join("content/help/membership/who-can-join.md"),
        "---\nquestion: Mine?\n---\nMine.\n",
    )
    .unwrap();
    import(&[]).stdout_has("Imported 0 of 3 questions into content/help (3 exist already)");
    import(&["--force"])
        .stdout_has("wrote   content/help/membership/who-can-join.md")
        .stdout_has("skipped content/help/membership/_index.md (it exists; a category's _index.md is kept, even with --force)")
        .stdout_has("Imported 3 of 3 questions");
}

#[test]
fn a_markdown_file_with_nothing_to_read_as_questions_says_why() {
    let site = SiteTest::with_no_entries().file("notes.md", "Just a paragraph.\n\nAnd another.\n");
    let notes = site.root().join("notes.md");
    site.run(&["import", notes.to_str().unwrap(), "--into", "content/x"])
        .fails()
        .stderr_has("notes.md:1: no questions found (it has no headings, no paragraphs in bold and no definition lists to read as questions)");
}
