//! Bad input: every problem at `path:line:col`, all of them at once, and nothing lost.

use crate::harness::{SiteTest, snapshot};

/// Builds the minimal site with `file` added at `path`, expecting failure.
fn broken(path: &str, text: impl AsRef<[u8]>) -> crate::harness::Run {
    SiteTest::new("minimal")
        .file(path, text)
        .build()
        .fails()
        .stderr_lacks("panicked")
}

#[test]
fn yaml_syntax_error_is_at_the_line_of_the_file() {
    let run = broken(
        "content/basics/bad.md",
        "---\nquestion: Why?\ntags: [one, two\nweight: 1\n---\nA.\n",
    );
    let lines = run.diagnostic_lines();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("content/basics/bad.md:4:"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_key_gets_a_suggestion() {
    broken(
        "content/basics/bad.md",
        "---\nquestion: Why?\ntgas: [x]\n---\nA.\n",
    )
    .stderr_has("content/basics/bad.md:3:1: error: unknown key `tgas`")
    .stderr_has("3 | tgas: [x]")
    .stderr_has("help: did you mean `tags`?");
}

#[test]
fn missing_question() {
    broken("content/basics/bad.md", "---\ntags: [x]\n---\nA.\n")
        .stderr_has("content/basics/bad.md:1:1: error: missing `question`")
        .stderr_has("help: add a line `question: How do I …?` to the front matter");
}

#[test]
fn wrong_type() {
    broken(
        "content/basics/bad.md",
        "---\nquestion: Why?\nweight: heavy\n---\nA.\n",
    )
    .stderr_has(
        "content/basics/bad.md:3:9: error: weight: invalid type: string \"heavy\", expected i64",
    );
}

#[test]
fn missing_closing_fence() {
    broken(
        "content/basics/bad.md",
        "---\nquestion: Why?\n\nThe answer.\n",
    )
    .stderr_has("content/basics/bad.md:1:1: error: the front matter is not closed")
    .stderr_has("help: add a `---` line after the front matter");
}

#[test]
fn missing_front_matter() {
    broken("content/basics/bad.md", "Just an answer.\n")
        .stderr_has("content/basics/bad.md:1:1: error: missing front matter: the file must start with a `---` line");
}

#[test]
fn empty_answer() {
    broken("content/basics/bad.md", "---\nquestion: Why?\n---\n\n  \n")
        .stderr_has("content/basics/bad.md:3:1: error: the answer is empty");
}

#[test]
fn related_path_that_does_not_exist() {
    broken(
        "content/basics/bad.md",
        "---\nquestion: Why?\nrelated:\n  - basics/frist.md\n---\nA.\n",
    )
    .stderr_has("content/basics/bad.md:4:5: error: related entry `basics/frist.md` does not exist")
    .stderr_has("help: did you mean `basics/first.md`?");
}

#[test]
fn bad_date() {
    broken(
        "content/basics/bad.md",
        "---\nquestion: Why?\nupdated: 2026-13-01\n---\nA.\n",
    )
    .stderr_has("content/basics/bad.md:3:10: error: `2026-13-01` is not a date")
    .stderr_has("help: write the date as YYYY-MM-DD");
}

#[test]
fn not_utf8() {
    broken(
        "content/basics/bad.md",
        b"---\nquestion: Caf\xE9?\n---\nA.\n".as_slice(),
    )
    .stderr_has("content/basics/bad.md:2:14: error: not valid UTF-8 (byte 0xE9)");
}

#[test]
fn binary_file() {
    broken(
        "content/basics/photo.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(),
    )
    .stderr_has("content/basics/photo.md:3:1: error: binary file");
}

#[test]
fn empty_file() {
    broken("content/basics/empty.md", "")
        .stderr_has("content/basics/empty.md:1:1: error: empty file");
}

#[test]
fn bad_category_index() {
    broken(
        "content/basics/_index.md",
        "---\ntitle: Basics\nweigth: 2\n---\n",
    )
    .stderr_has("content/basics/_index.md:3:1: error: unknown key `weigth`")
    .stderr_has("did you mean `weight`?");
}

#[test]
fn config_errors_are_located_too() {
    SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"T\"\nbase_url = \"https://x.org/\"\nlanguge = \"de\"\n",
        )
        .build()
        .fails()
        .stderr_has("faqgen.toml:3:1: error: unknown key `languge`")
        .stderr_has("did you mean `language`?");
}

#[test]
fn every_error_of_every_file_is_reported_at_once() {
    let run = SiteTest::new("minimal")
        .file("faqgen.toml", "title = \"T\"\nbase_url = \"nowhere\"\n")
        .file(
            "content/basics/a.md",
            "---\nquestion: A?\nslug: bad slug\nupdated: later\n---\nA.\n",
        )
        .file("content/basics/b.md", "---\nquestoin: B?\n---\nB.\n")
        .file("content/c.md", "")
        .build()
        .fails();
    let lines = run.diagnostic_lines();
    assert_eq!(
        lines
            .iter()
            .map(|l| l.split(": error").next().unwrap())
            .collect::<Vec<_>>(),
        [
            "content/basics/a.md:3:7",
            "content/basics/a.md:4:10",
            "content/basics/b.md:2:1",
            "content/c.md:1:1",
            "faqgen.toml:2:12"
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: build failed with 5 errors in 4 files; nothing was written\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = SiteTest::new("minimal");
    let run = site.build().succeeds();
    let before = snapshot(&run.out);
    assert!(!before.is_empty());
    let site = site.file(
        "content/basics/first.md",
        "---\nquestion: [broken\n---\nA.\n",
    );
    site.build().fails();
    assert_eq!(snapshot(&run.out), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.') && n != ".faqgen-cache")
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_missing_site_gets_a_one_line_explanation() {
    let run = SiteTest::empty().build().fails();
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("faqgen.toml not found"),
        "{}",
        run.stderr
    );
    let run = SiteTest::empty()
        .file(
            "faqgen.toml",
            "title = \"T\"\nbase_url = \"https://x.org/\"\n",
        )
        .build()
        .fails();
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/ not found"), "{}", run.stderr);
}

#[test]
fn files_that_are_not_markdown_or_are_hidden_are_ignored() {
    SiteTest::new("minimal")
        .file("content/basics/.first.md.swp", b"\0\0binary".as_slice())
        .file("content/basics/notes.txt", "not an entry")
        .build()
        .succeeds();
}
