//! `import` and `new` write only inside the site's content/, never carry unsafe links in, and
//! make file names that any file system takes.

use crate::harness::{SiteTest, snapshot};

#[test]
fn an_faqpage_import_leaves_scripts_and_code_links_behind() {
    let page = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"FAQPage","mainEntity":[{"@type":"Question","name":"Is it safe?","acceptedAnswer":{"@type":"Answer","text":"<p>Yes, <a href=\"javascript:alert(1)\">click</a>, <a href=\"data:text/html,x\">here</a> or <a href=\"https://example.org/\">there</a>.<script>alert(2)<\/script><img src=x onerror=alert(3)></p>"}}]}</script>"#;
    let site = SiteTest::with_no_entries().file("page.html", page);
    let html = site.root().join("page.html");
    site.run(&["import", html.to_str().unwrap(), "--into", "content/faq"])
        .succeeds();
    let written = std::fs::read_to_string(site.root().join("content/faq/is-it-safe.md")).unwrap();
    for gone in ["javascript:", "data:", "alert", "onerror", "<script"] {
        assert!(!written.contains(gone), "{gone} was imported:\n{written}");
    }
    assert!(written.contains("https://example.org/"), "{written}");
    site.build().succeeds().stderr_lacks("warning");
}

#[cfg(unix)]
#[test]
fn a_symlinked_into_cannot_lead_outside_the_site() {
    let site = SiteTest::with_no_entries().file("faq.txt", "Why?\n\nBecause.\n");
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/elsewhere")).unwrap();
    let before = snapshot(site.root());
    let faq = site.root().join("faq.txt");
    site.run(&[
        "import",
        faq.to_str().unwrap(),
        "--into",
        "content/elsewhere",
    ])
    .fails()
    .stderr_has("is outside the site's content/");
    assert_eq!(snapshot(site.root()), before);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn long_questions_make_short_file_names() {
    let long = format!("Why {}?", "is this question so very long ".repeat(12));
    let site =
        SiteTest::with_no_entries().file("faq.txt", format!("{long}\n\nBecause it rambles on.\n"));
    let faq = site.root().join("faq.txt");
    site.run(&["import", faq.to_str().unwrap(), "--into", "content/faq"])
        .succeeds();
    site.run(&["new", &long, "--category", "drafts"]).succeeds();
    for folder in ["content/faq", "content/drafts"] {
        let names: Vec<String> = std::fs::read_dir(site.root().join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(
            names[0].len() <= 83,
            "{} bytes: {}",
            names[0].len(),
            names[0]
        );
        assert!(names[0].starts_with("why-is-this-question") && names[0].ends_with(".md"));
    }
    site.build_with(&["--drafts"]).succeeds();
}

#[test]
fn ten_thousand_identical_questions_import_in_linear_time() {
    let mut csv = String::from("question,answer\n");
    for _ in 0..10_000 {
        csv.push_str("Same question?,Same answer.\n");
    }
    let site = SiteTest::with_no_entries().file("faq.csv", csv);
    let faq = site.root().join("faq.csv");
    site.run(&["import", faq.to_str().unwrap(), "--into", "content/faq"])
        .succeeds()
        .stdout_has("Imported 10000 of 10000");
    let folder = site.root().join("content/faq");
    assert!(folder.join("same-question.md").is_file());
    assert!(folder.join("same-question-10000.md").is_file());
}

#[cfg(unix)]
#[test]
fn a_symlinked_entry_file_is_not_written_through() {
    let site = SiteTest::with_no_entries().file("faq.txt", "Why?\n\nBecause.\n");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("x.md");
    std::fs::create_dir_all(site.root().join("content/faq")).unwrap();
    // Dangling: writing through it would create a file outside the site.
    std::os::unix::fs::symlink(&target, site.root().join("content/faq/why.md")).unwrap();
    let faq = site.root().join("faq.txt");
    for force in [false, true] {
        let mut args = vec!["import", faq.to_str().unwrap(), "--into", "content/faq"];
        if force {
            args.push("--force");
        }
        site.run(&args)
            .fails()
            .stderr_has("is outside the site's content/");
        assert!(
            !target.exists(),
            "written through the link (force: {force})"
        );
    }
}
