//! Getting started: `faqgen init`, `faqgen new`, and `faqgen import` of existing FAQs.

use crate::harness::SiteTest;

/// A plain-text FAQ as people keep them: a title, questions on lines of their own, answers
/// below, one with a numbered list.
const TEXT_FAQ: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/library-faq.txt"
);

#[test]
fn init_creates_a_site_that_builds_and_checks_cleanly() {
    let site = SiteTest::empty();
    site.run(&["init"])
        .succeeds()
        .stdout_has("created")
        .stdout_has("Next steps");
    for file in [
        "faqgen.toml",
        ".gitignore",
        ".github/workflows/pages.yml",
        "content/getting-started/_index.md",
        "content/account/reset-password.md",
    ] {
        assert!(site.root().join(file).exists(), "{file}");
    }
    let run = site
        .build()
        .succeeds()
        .stdout_has("Built 4 entries in 2 categories");
    assert_eq!(
        run.html("account/reset-password/index.html").text("h1"),
        "How do I reset my password?"
    );
    site.run(&["check", "--deny-warnings"])
        .succeeds()
        .stderr_has("check: no problems in 4 entries");
    // The sample entry shows every front-matter key.
    let sample =
        std::fs::read_to_string(site.root().join("content/getting-started/what-is-this.md"))
            .unwrap();
    for key in [
        "question:",
        "slug:",
        "tags:",
        "aliases:",
        "related:",
        "weight:",
        "updated:",
        "draft:",
    ] {
        assert!(sample.contains(key), "the sample lacks {key}");
    }
}

#[test]
fn init_refuses_a_folder_that_holds_a_site() {
    let site = SiteTest::new("minimal");
    let before = std::fs::read_to_string(site.root().join("faqgen.toml")).unwrap();
    site.run(&["init"])
        .fails()
        .stderr_has("already holds a site (faqgen.toml exists); nothing was written");
    assert_eq!(
        std::fs::read_to_string(site.root().join("faqgen.toml")).unwrap(),
        before
    );
    // --force adds the starter's missing files, and still overwrites none.
    site.run(&["init", "--force"])
        .succeeds()
        .stdout_has("kept    ")
        .stdout_has("faqgen.toml (it exists; not overwritten)");
    assert_eq!(
        std::fs::read_to_string(site.root().join("faqgen.toml")).unwrap(),
        before
    );
    let workflow =
        std::fs::read_to_string(site.root().join(".github/workflows/pages.yml")).unwrap();
    assert!(
        workflow.contains("fetch-depth: 0"),
        "the whole history, for dates from git"
    );
}

#[test]
fn init_never_overwrites_a_file_that_exists() {
    let site = SiteTest::empty()
        .file(".gitignore", "my-own-rules\n")
        .file(".github/workflows/pages.yml", "name: mine\n");
    site.run(&["init"])
        .succeeds()
        .stdout_has(".gitignore (it exists; not overwritten)")
        .stdout_has("pages.yml (it exists; not overwritten)")
        .stdout_has("created ");
    assert_eq!(
        std::fs::read_to_string(site.root().join(".gitignore")).unwrap(),
        "my-own-rules\n"
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join(".github/workflows/pages.yml")).unwrap(),
        "name: mine\n"
    );
    assert!(site.root().join("faqgen.toml").is_file());
}

/// The steps of the workflow `init` writes, read as GitHub reads them (actionlint checks it too,
/// in tests/run.sh).
#[test]
fn the_workflow_checks_builds_and_publishes_only_the_default_branch() {
    let site = SiteTest::empty();
    site.run(&["init"])
        .succeeds()
        .stdout_has("publishes the pushes")
        .stdout_has(&format!(
            "faqgen {} from {}/releases",
            env!("CARGO_PKG_VERSION"),
            env!("CARGO_PKG_REPOSITORY")
        ));
    let text = std::fs::read_to_string(site.root().join(".github/workflows/pages.yml")).unwrap();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("the workflow is YAML");
    assert_eq!(
        workflow["env"]["FAQGEN_GIT_REF"], "",
        "the release, unless told otherwise"
    );
    let permissions = &workflow["permissions"];
    assert_eq!(permissions["contents"], "read");
    assert_eq!(permissions["pages"], "write");
    assert_eq!(permissions["id-token"], "write");
    assert_eq!(workflow["on"]["push"]["branches"][0], "main");
    assert!(
        workflow["on"]["pull_request"].is_null() && workflow["on"].get("pull_request").is_some(),
        "pull requests are built"
    );

    // A pinned release, from where this faqgen's releases are published, with a fallback.
    assert_eq!(workflow["env"]["FAQGEN_VERSION"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        workflow["env"]["FAQGEN_REPOSITORY"],
        env!("CARGO_PKG_REPOSITORY")
    );
    let steps = workflow["jobs"]["build"]["steps"].as_sequence().unwrap();
    let position = |what: &dyn Fn(&serde_yaml::Value) -> bool, name: &str| {
        steps
            .iter()
            .position(what)
            .unwrap_or_else(|| panic!("no step {name} in {steps:?}"))
    };
    let uses = |action: &'static str| {
        move |s: &serde_yaml::Value| s["uses"].as_str().is_some_and(|u| u.starts_with(action))
    };
    let runs = |command: &'static str| {
        move |s: &serde_yaml::Value| s["run"].as_str().is_some_and(|r| r.contains(command))
    };
    let checkout = position(&uses("actions/checkout@"), "checkout");
    let cache = position(&uses("actions/cache/restore@"), "cache");
    let save = position(&uses("actions/cache/save@"), "cache save");
    let install = position(&runs("/releases/download/v$FAQGEN_VERSION/"), "install");
    let check = position(&runs("faqgen check"), "check");
    let build = position(&runs("faqgen build --base-url"), "build");
    let upload = position(&uses("actions/upload-pages-artifact@"), "upload");
    assert!(
        checkout < cache
            && cache < install
            && install < save
            && save < check
            && check < build
            && build < upload
    );
    // Only a pinned faqgen is kept: a build of a branch would outlive the branch.
    assert_eq!(steps[save]["if"], "steps.install.outputs.pinned == 'true'");
    assert!(
        steps[cache]["with"]["path"]
            .as_str()
            .unwrap()
            .ends_with("/faqgen")
    );
    assert_eq!(
        steps[install]["if"],
        "steps.cache.outputs.cache-hit != 'true'"
    );
    let script = steps[install]["run"].as_str().unwrap();
    for part in [
        "sha256sum",
        "git ls-remote --exit-code --tags \"$FAQGEN_REPOSITORY\" \"refs/tags/v$FAQGEN_VERSION\"",
        "::warning::faqgen $FAQGEN_VERSION is not released at $FAQGEN_REPOSITORY yet",
        "cargo install --locked --git \"$FAQGEN_REPOSITORY\" faqgen\n  pinned=false",
        "cargo install --locked --git \"$FAQGEN_REPOSITORY\" --rev \"$FAQGEN_GIT_REF\" faqgen",
        "cargo install --locked --git \"$FAQGEN_REPOSITORY\" --tag \"v$FAQGEN_VERSION\" faqgen",
    ] {
        assert!(script.contains(part), "{part} not in {script}");
    }

    // Published from pushes once Pages is on; a pull request is never published.
    let address = position(&|s: &serde_yaml::Value| s["id"] == "address", "address");
    assert!(
        steps[address]["run"]
            .as_str()
            .unwrap()
            .contains("[ \"$EVENT\" != pull_request ]")
    );
    assert_eq!(
        steps[upload]["if"],
        "steps.address.outputs.publish == 'true'"
    );
    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["if"], "needs.build.outputs.publish == 'true'");
    assert_eq!(deploy["environment"]["name"], "github-pages");
    assert!(
        deploy["steps"][0]["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/deploy-pages@")
    );
}

#[test]
fn new_writes_a_draft_entry_and_refuses_to_overwrite() {
    let site = SiteTest::new("minimal");
    let run = site
        .run(&["new", "Can I pay: by card?", "--category", "billing"])
        .succeeds();
    assert!(
        run.stdout
            .trim_end()
            .ends_with("content/billing/can-i-pay-by-card.md"),
        "{}",
        run.stdout
    );
    site.build().succeeds().stdout_has("Built 2 entries");
    let run = site
        .build_with(&["--drafts"])
        .succeeds()
        .stdout_has("Built 3 entries");
    assert_eq!(
        run.html("billing/can-i-pay-by-card/index.html").text("h1"),
        "Can I pay: by card?"
    );
    site.run(&["new", "Can I pay: by card?", "--category", "billing"])
        .fails()
        .stderr_has("already exists; nothing was written");
    site.run(&["new", "Sneaky?", "--category", "../outside"])
        .fails()
        .stderr_has("give a folder under content/");
}

#[test]
fn a_text_faq_imports_one_entry_per_question_with_its_lists() {
    let text = std::fs::read_to_string(TEXT_FAQ).expect("the text FAQ");
    let mut expected: Vec<&str> = text
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| l.ends_with('?'))
        .collect();
    expected.dedup();
    let site = SiteTest::with_no_entries();
    site.run(&["import", TEXT_FAQ, "--into", "content/library"])
        .succeeds()
        .stdout_has("Imported 6 of 6 questions");
    let run = site.build().succeeds().stdout_has("Built 6 entries");
    let category = run.html("library/index.html");
    let mut questions = category.texts("details.faq > summary");
    questions.sort();
    expected.sort();
    assert_eq!(questions, expected);
    let renew = run.html("library/how-do-i-renew-a-loan/index.html");
    assert_eq!(
        renew.count(".answer ol > li"),
        4,
        "the numbered list stays a list"
    );
    // Importing again writes nothing over the entries.
    site.run(&["import", TEXT_FAQ, "--into", "content/library"])
        .succeeds()
        .stdout_has("Imported 0 of 6")
        .stdout_has("skipped");
}

#[test]
fn csv_import_reads_quoted_fields_and_a_bom() {
    let site = SiteTest::with_no_entries().file(
        "faq.csv",
        "\u{FEFF}question,answer,category,tags\n\"Can I pay, later?\",\"Yes.\n\nWithin 30 days.\",Billing,\"money; time\"\nWhy?,Because.,,\n",
    );
    let csv = site.root().join("faq.csv");
    site.run(&["import", csv.to_str().unwrap(), "--into", "content/faq"])
        .succeeds()
        .stdout_has("Imported 2 of 2");
    let run = site.build().succeeds();
    let page = run.html("faq/billing/can-i-pay-later/index.html");
    assert_eq!(page.text("h1"), "Can I pay, later?");
    assert_eq!(page.texts(".answer p"), ["Yes.", "Within 30 days."]);
    assert_eq!(page.texts(".tag-list a"), ["money", "time"]);
}

#[test]
fn csv_without_an_answer_column_names_the_line() {
    let site = SiteTest::with_no_entries().file("faq.csv", "question,reply\nWhy?,Because.\n");
    let csv = site.root().join("faq.csv");
    site.run(&["import", csv.to_str().unwrap(), "--into", "content/faq"])
        .fails()
        .stderr_has("faq.csv:1: the header has no `answer` column (it has: question, reply)");
    let site = SiteTest::with_no_entries().file(
        "faq.csv",
        "question,answer\nWhy?,Because.\n\"Unclosed,x\nHow?\n",
    );
    let csv = site.root().join("faq.csv");
    site.run(&["import", csv.to_str().unwrap(), "--into", "content/faq"])
        .fails()
        .stderr_has("faq.csv:3:");
}

#[test]
fn markdown_and_html_imports_build() {
    let site = SiteTest::with_no_entries()
        .file("faq.md", "# FAQ\n\n## Cards\n\n### How do I get a card?\n\nAt the desk.\n\n### Is it free?\n\nYes, **free**.\n")
        .file(
            "old.html",
            r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"FAQPage","mainEntity":[{"@type":"Question","name":"Are you open on Sunday?","acceptedAnswer":{"@type":"Answer","text":"<p>Only <em>in winter</em>.</p><ul><li>10–16</li></ul>"}}]}</script></head><body></body></html>"#,
        );
    let (md, html) = (site.root().join("faq.md"), site.root().join("old.html"));
    site.run(&[
        "import",
        md.to_str().unwrap(),
        html.to_str().unwrap(),
        "--into",
        "content/faq",
    ])
    .succeeds()
    .stdout_has("Imported 3 of 3");
    let run = site.build().succeeds();
    assert_eq!(
        run.html("faq/cards/is-it-free/index.html")
            .texts(".answer strong"),
        ["free"]
    );
    let sunday = run.html("faq/are-you-open-on-sunday/index.html");
    assert_eq!(sunday.texts(".answer em"), ["in winter"]);
    assert_eq!(sunday.texts(".answer li"), ["10–16"]);
}

/// The usage lines of the README name exactly the flags each command has.
#[test]
fn the_readme_usage_lines_match_the_real_flags() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README");
    let usage = readme
        .split("## Using faqgen\n\n```\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a usage block under ## Using faqgen");
    let flags_in = |text: &str| -> std::collections::BTreeSet<String> {
        text.split(|c: char| c.is_whitespace() || "[]|,".contains(c))
            .filter(|word| word.starts_with("--") && word.len() > 2)
            .map(|word| word.split('=').next().unwrap_or(word).to_string())
            .collect()
    };
    let site = SiteTest::empty();
    let mut commands = 0;
    for line in usage.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let command = words
            .iter()
            .skip(1)
            .find(|w| !w.starts_with('[') && !w.starts_with('-') && **w != "DIR]")
            .expect("a command on each usage line");
        let help = site.run(&[command, "--help"]).succeeds().stdout;
        let mut documented = flags_in(line);
        documented.remove("--root");
        // The options' own lines, not their descriptions.
        let option_lines: String = help
            .lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with('-'))
            .map(|l| l.split("  ").next().unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let mut real = flags_in(&option_lines);
        real.remove("--help");
        real.remove("--root");
        assert_eq!(documented, real, "the README's `{command}` line");
        commands += 1;
    }
    assert_eq!(commands, 6, "{usage}");
}

/// The published package builds a faqgen with its theme and starter: nothing they are made of
/// is excluded, and what the Pages workflow installs from (the repository's releases) is named.
#[test]
fn the_package_carries_the_theme_and_names_its_releases() {
    let manifest: toml::Table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .expect("Cargo.toml")
            .parse()
            .expect("Cargo.toml is TOML");
    let package = manifest["package"].as_table().expect("[package]");
    let excluded: Vec<&str> = package["exclude"]
        .as_array()
        .expect("an exclude list")
        .iter()
        .filter_map(|e| e.as_str())
        .collect();
    for needed in [
        "/src/",
        "/templates/",
        "/static/",
        "/Cargo.lock",
        "/README.md",
        "/LICENSE",
    ] {
        assert!(
            !excluded
                .iter()
                .any(|e| needed.starts_with(e.trim_end_matches('/'))),
            "{needed} is excluded by {excluded:?}"
        );
    }
    assert!(
        package.get("include").is_none(),
        "an include list would leave out what is not named"
    );
    assert_eq!(
        package["repository"].as_str(),
        Some(env!("CARGO_PKG_REPOSITORY"))
    );
    assert!(!env!("CARGO_PKG_REPOSITORY").is_empty());
    let binstall = &package["metadata"]["binstall"];
    assert!(
        binstall["pkg-url"]
            .as_str()
            .unwrap()
            .starts_with("{ repo }/releases/download/v{ version }/")
    );
}

#[test]
fn new_outside_a_site_says_to_run_init() {
    let site = SiteTest::empty().file("content/.keep", "");
    site.run(&["new", "Why?"])
        .fails()
        .stderr_has("faqgen.toml not found. To start one here, run `faqgen init`");
    assert!(!site.root().join("content/why.md").exists());
}

/// CI (`.ci/run`) ends with the README quick start's test command, as the README writes it.
#[test]
fn ci_runs_the_readme_test_command() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let quick_start = &readme[readme.find("## Quick start").unwrap()..];
    let block = &quick_start[quick_start.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let test_command = block.lines().nth(1).expect("the second command: the tests");
    assert!(
        test_command.starts_with("bash tests/run.sh"),
        "{test_command}"
    );
    let ci = std::fs::read_to_string(repo.join(".ci/run")).unwrap();
    assert_eq!(ci.trim_end().lines().last(), Some(test_command));
}
