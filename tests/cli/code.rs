//! Code in answers: highlighted when the site is built, no script needed; an unknown language
//! is a warning where it is written, and its block stays plain.

use crate::harness::SiteTest;

const CODE_ENTRY: &str = "---\nquestion: How do I install it?\n---\nRun:\n\n```bash\ncargo install faqgen # once\n```\n\nThen write `faqgen.toml`:\n\n```toml\ntitle = \"My FAQ\"\n```\n\nAnd some Rust:\n\n```rust,ignore\nfn main() { let s = \"<b>\"; }\n```\n";

#[test]
fn fenced_code_is_highlighted_in_the_html() {
    let run = SiteTest::new("minimal")
        .file("content/basics/code.md", CODE_ENTRY)
        .build()
        .succeeds()
        .stderr_lacks("warning");
    let page = run.html("basics/code/index.html");
    assert_eq!(
        page.attrs(".answer pre > code", "class"),
        ["language-bash", "language-toml", "language-rust"]
    );
    assert_eq!(
        page.exact_texts(".answer .language-bash .hl-c"),
        ["# once\n"]
    );
    assert_eq!(page.texts(".answer .language-rust .hl-k"), ["fn", "let"]);
    assert_eq!(page.texts(".answer .language-rust .hl-s"), ["\"<b>\""]);
    assert_eq!(page.texts(".answer .language-toml .hl-s"), ["\"My FAQ\""]);
    // Highlighting adds markup, never changes the code.
    assert_eq!(
        page.exact_texts(".answer pre > code"),
        [
            "cargo install faqgen # once\n",
            "title = \"My FAQ\"\n",
            "fn main() { let s = \"<b>\"; }\n"
        ]
    );
    // The category page, which lists the answer, shows it highlighted too; structured data
    // (read by programs, without the stylesheet) has the code plain.
    let category = run.html("basics/index.html");
    assert_eq!(
        category.texts(".faq-answer .language-rust .hl-k"),
        ["fn", "let"]
    );
    let answer = page.json_ld().into_iter().find(|b| b["@type"] == "FAQPage");
    if let Some(block) = answer {
        assert!(!block.to_string().contains("hl-"), "{block}");
    }
    let json_ld = category.json_ld();
    let faq = json_ld.iter().find(|b| b["@type"] == "FAQPage").unwrap();
    let text = faq["mainEntity"].to_string();
    assert!(text.contains("cargo install faqgen"), "{text}");
    assert!(!text.contains("hl-"), "{text}");
    // Both colour schemes colour every kind of token.
    let css = run.text("style.css");
    for kind in ["c", "s", "n", "k", "f", "t", "g", "a"] {
        assert!(
            css.contains(&format!(".hl-{kind} {{")),
            "no rule for hl-{kind}"
        );
    }
    assert_eq!(css.matches("--hl-keyword:").count(), 2, "light and dark");
}

#[test]
fn a_shell_session_marks_its_prompts_and_highlights_only_its_commands() {
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/session.md",
            "---\nquestion: Which version do I have?\n---\nAsk it:\n\n```console\n$ quill --version\nquill 2.1.0 (for x86_64)\n$ echo done\ndone\n```\n",
        )
        .build()
        .succeeds()
        .stderr_lacks("warning");
    let page = run.html("basics/session/index.html");
    assert_eq!(page.exact_texts(".answer .hl-p"), ["$ ", "$ "]);
    assert_eq!(page.texts(".answer .hl-f"), ["quill", "echo"]);
    // The output is shown as written, outside every span.
    assert_eq!(
        page.exact_texts(".answer pre > code"),
        ["$ quill --version\nquill 2.1.0 (for x86_64)\n$ echo done\ndone\n"]
    );
    assert_eq!(
        page.exact_texts(".answer .hl-o"),
        ["quill 2.1.0 (for x86_64)\n", "done\n"]
    );
    assert_eq!(page.texts(".answer .hl-n"), Vec::<String>::new());
    let css = run.text("style.css");
    assert!(css.contains("-webkit-user-select: none; user-select: none; }"));
}

#[test]
fn yaml_nested_too_deep_for_its_tree_sitter_grammar_is_still_highlighted() {
    // tree-sitter-yaml's scanner aborts the process at about 250 levels: such a block goes to
    // the TextMate grammar, and the build goes on.
    let deep = format!("{}x", "- ".repeat(300));
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/deep.md",
            format!(
                "---\nquestion: How deep?\n---\n```yaml\n{deep}\n```\n\n```yaml\nkey: 1\n```\n"
            ),
        )
        .build()
        .succeeds();
    let page = run.html("basics/deep/index.html");
    assert_eq!(
        page.exact_texts(".answer pre > code")[0],
        format!("{deep}\n")
    );
    assert_eq!(page.texts(".answer .hl-a"), ["key"]);
}

#[test]
fn an_unknown_language_is_a_warning_at_its_place_and_the_block_stays_plain() {
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/code.md",
            "---\nquestion: Which language?\n---\nThis one:\n\n```rusty\nfn main() {}\n```\n\n```text\nnot code\n```\n",
        )
        .build()
        .succeeds()
        .stderr_has("content/basics/code.md:6:4: warning: no grammar for the code language `rusty`: the block is shown without highlighting")
        .stderr_has("did you mean `rust`?")
        .stderr_lacks("`text`:");
    let page = run.html("basics/code/index.html");
    assert_eq!(
        page.attrs(".answer pre > code", "class"),
        ["language-rusty", "language-text"]
    );
    assert_eq!(page.count(".answer pre span"), 0);
    assert_eq!(page.exact_texts(".answer pre > code")[0], "fn main() {}\n");
}

#[test]
fn highlighting_can_be_turned_off() {
    let run = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"Minimal FAQ\"\nbase_url = \"https://owner.github.io/my-faq/\"\nhighlight_code = false\n",
        )
        .file("content/basics/code.md", CODE_ENTRY.replace("rust,ignore", "rusty"))
        .build()
        .succeeds()
        .stderr_lacks("rusty");
    let page = run.html("basics/code/index.html");
    assert_eq!(page.count(".answer pre > code"), 3);
    assert_eq!(page.count(".answer pre span"), 0);
}

#[test]
fn the_copy_button_speaks_the_sites_language() {
    let run = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"Minimal FAQ\"\nbase_url = \"https://owner.github.io/my-faq/\"\nlanguage = \"de\"\n",
        )
        .build()
        .succeeds();
    let page = run.html("basics/first/index.html");
    assert_eq!(page.attrs("script[data-copy]", "data-copy"), ["Kopieren"]);
    assert_eq!(page.attrs("script[data-copy]", "data-copied"), ["Kopiert"]);
}

#[test]
fn a_rebuild_reuses_the_blocks_the_last_build_highlighted() {
    let site = SiteTest::new("minimal").file("content/basics/code.md", CODE_ENTRY);
    site.build().succeeds();
    let cache = std::fs::read_dir(site.root().join(".faqgen-cache"))
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("highlight-")
        })
        .expect("the highlighted blocks are kept");
    // What is kept is what the next build shows: marked here, the mark comes out.
    let kept = std::fs::read(&cache).unwrap();
    let mut marked = kept.clone();
    for i in 0..marked.len().saturating_sub(4) {
        if &marked[i..i + 4] == b"hl-k" {
            marked[i + 3] = b'K';
        }
    }
    assert_ne!(marked, kept);
    std::fs::write(&cache, &marked).unwrap();
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    let run = site.build().succeeds();
    let page = run.html("basics/code/index.html");
    assert_eq!(page.texts(".answer .language-rust .hl-K"), ["fn", "let"]);
    // A damaged cache is no cache: the blocks are highlighted again.
    std::fs::write(&cache, b"damaged").unwrap();
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    let run = site.build().succeeds();
    let page = run.html("basics/code/index.html");
    assert_eq!(page.texts(".answer .language-rust .hl-k"), ["fn", "let"]);
}
