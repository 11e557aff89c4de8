//! The site for AI assistants: `llms.txt`, `llms-full.txt`, and each entry as Markdown beside
//! its page, with settings to turn them off.

use crate::harness::SiteTest;

#[test]
fn llms_txt_lists_every_question_by_category_with_a_link_to_its_markdown() {
    let run = SiteTest::new("software").build().succeeds();
    let index = run.text("llms.txt");
    assert!(
        index.starts_with(
            "# Quill FAQ\n\n> Questions about Quill, a small command-line note keeper"
        ),
        "{index}"
    );
    let sections: Vec<&str> = index.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        sections,
        [
            "## Installing",
            "## Configuration",
            "## Troubleshooting",
            "## Optional"
        ]
    );
    let base = "https://quill.example.org/faq/";
    let links: Vec<&str> = index
        .lines()
        .filter_map(|l| l.strip_prefix("- ["))
        .filter_map(|l| l.split("](").nth(1))
        .map(|l| &l[..l.find(')').unwrap()])
        .collect();
    assert_eq!(links.len(), 6, "5 questions and llms-full.txt: {index}");
    for link in &links {
        let file = link
            .strip_prefix(base)
            .expect("absolute, under the base URL");
        assert!(run.exists(file), "{file} is linked but not written");
    }
    assert!(index.contains(
        "- [Why does Quill say \"permission denied\"?](https://quill.example.org/faq/troubleshooting/permission-denied/index.html.md): Your notes folder belongs to another user.\n"
    ), "{index}");
    // Neither file is a page: no sitemap entry, no search.
    let sitemap = run.text("sitemap.xml");
    assert!(
        !sitemap.contains("llms") && !sitemap.contains(".md<"),
        "{sitemap}"
    );
}

#[test]
fn llms_full_txt_and_each_entrys_markdown_hold_the_answers_with_absolute_links() {
    let run = SiteTest::new("software").build().succeeds();
    let full = run.text("llms-full.txt");
    for question in [
        "### How do I build Quill from source?",
        "### How do I upgrade to a new version?",
        "### Can I write a plugin?",
        "### Where does Quill keep its settings?",
        "### Why does Quill say \"permission denied\"?",
    ] {
        assert!(full.contains(&format!("\n{question}\n")), "{question}");
    }
    assert!(
        full.contains("```python\ndef run(note):"),
        "code as written"
    );
    assert!(
        full.contains("[how to upgrade](https://quill.example.org/faq/install/upgrade/)"),
        "an @/ link made absolute: {full}"
    );
    let entry = run.text("install/build-from-source/index.html.md");
    assert!(
        entry.starts_with("# How do I build Quill from source?\n\nYou need a Rust toolchain."),
        "{entry}"
    );
    assert!(entry.contains("[how to upgrade](https://quill.example.org/faq/install/upgrade/)"));
    assert!(entry.ends_with("<https://quill.example.org/faq/install/build-from-source/>\n"));
    let page = run.html("install/build-from-source/index.html");
    assert_eq!(
        page.attrs("link[rel=alternate][type='text/markdown']", "href"),
        ["/faq/install/build-from-source/index.html.md"]
    );
}

#[test]
fn what_cleaning_removes_from_an_answer_is_not_in_its_markdown() {
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/hostile.md",
            "---\nquestion: \"What about [this] *one*?\"\n---\nSee <span onclick=\"steal()\">here</span> and [there](javascript:alert(1)).\n\n<script>alert(2)</script>\n",
        )
        .build()
        .succeeds();
    for file in ["basics/hostile/index.html.md", "llms-full.txt"] {
        let text = run.text(file);
        for removed in ["onclick", "javascript:", "<script"] {
            assert!(!text.contains(removed), "{removed} in {file}: {text}");
        }
    }
    let index = run.text("llms.txt");
    assert!(
        index.contains("- [What about \\[this\\] \\*one\\*?]("),
        "{index}"
    );
}

#[test]
fn each_language_has_its_own_and_each_can_be_turned_off() {
    let run = SiteTest::new("bilingual").build().succeeds();
    let root = run.text("llms.txt");
    let french = run.text("fr/llms.txt");
    assert!(french.starts_with("# FAQ de la bibliothèque\n"), "{french}");
    assert!(root.contains("/fr/llms.txt)"), "{root}");
    assert!(french.contains("- [English](https://"), "{french}");
    assert!(run.exists("fr/loans/limit/index.html.md"));

    let config = "title = \"Minimal FAQ\"\nbase_url = \"https://owner.github.io/my-faq/\"\n";
    let run = SiteTest::new("minimal")
        .file("faqgen.toml", format!("{config}llms_txt = false\n"))
        .build()
        .succeeds();
    assert!(!run.exists("llms.txt") && !run.exists("llms-full.txt"));
    assert!(run.exists("basics/first/index.html.md"));

    let run = SiteTest::new("minimal")
        .file("faqgen.toml", format!("{config}markdown_pages = false\n"))
        .build()
        .succeeds();
    assert!(!run.exists("basics/first/index.html.md"));
    assert_eq!(
        run.html("basics/first/index.html")
            .count("link[type='text/markdown']"),
        0
    );
    assert!(
        run.text("llms.txt")
            .contains("(https://owner.github.io/my-faq/basics/first/): "),
        "links to the pages instead"
    );
}

#[test]
fn answers_keep_their_shape_in_the_files_for_assistants() {
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/shape.md",
            "---\nquestion: How is this shaped?\n---\nA [reference link][r], a [titled](@/basics/first.md \"about basics/first.md\"), an ![image](/logo.png) and [a page](other/).\n\n## Optional\n\nNot a section of llms.txt.\n\n```bash\n# a comment, not a heading\n```\n\n[r]: @/basics/second.md\n",
        )
        .file(
            "content/basics/summary.md",
            "---\nquestion: Is the summary escaped?\n---\nClick [here](https://x.org/) or <b>this</b> now, please, for the rest of it.\n",
        )
        .build()
        .succeeds();
    let full = run.text("llms-full.txt");
    let answer = &full[full.find("### How is this shaped?").unwrap()..];
    assert!(
        answer.contains("A [reference link][r], "),
        "link text kept: {answer}"
    );
    assert!(
        answer.contains(
            "[titled](https://owner.github.io/my-faq/basics/first/ \"about basics/first.md\")"
        ),
        "{answer}"
    );
    assert!(
        answer.contains("[a page](https://owner.github.io/my-faq/basics/shape/other/)"),
        "{answer}"
    );
    assert!(
        answer.contains("\n##### Optional\n"),
        "headings under the question: {answer}"
    );
    assert!(
        answer.contains("\n# a comment, not a heading\n"),
        "{answer}"
    );
    assert_eq!(
        full.matches("\n## ").count(),
        1,
        "one section, the category's: {full}"
    );
    let index = run.text("llms.txt");
    assert!(
        index.contains("): Click here or \\<b\\>this\\</b\\> now, please, for the rest of it.\n")
            || index.contains("): Click here or this now, please, for the rest of it.\n"),
        "{index}"
    );
}
