//! Entries that moved keep their old addresses (`moved_from:`), and `faqgen check` warns when
//! an address of the last build disappears without one.

use crate::harness::SiteTest;

const UPGRADE: &str = "---\nquestion: How do I upgrade to a new version?\nmoved_from:\n  - /install/update/\n  - https://quill.example.org/faq/old-upgrade.html\n  - /faq/install/updating\n---\nRun the installer again.\n";

#[test]
fn each_old_address_gets_a_page_that_leads_to_the_entry() {
    let run = SiteTest::new("software")
        .file("content/install/upgrade.md", UPGRADE)
        .build()
        .succeeds();
    let now = "/faq/install/upgrade/";
    let canonical = "https://quill.example.org/faq/install/upgrade/";
    for old in [
        "install/update/index.html",
        "old-upgrade.html",
        "install/updating/index.html",
    ] {
        let page = run.html(old);
        assert_eq!(
            page.attrs("meta[http-equiv=refresh]", "content"),
            [format!("0; url={now}")],
            "{old}"
        );
        assert_eq!(
            page.attrs("link[rel=canonical]", "href"),
            [canonical],
            "{old}"
        );
        assert_eq!(page.attrs("meta[name=robots]", "content"), ["noindex"]);
        assert_eq!(page.attrs("body a", "href"), [now], "a visible link");
        assert_eq!(page.text("body a"), "How do I upgrade to a new version?");
        // Script keeps the `#fragment` the reader asked for, which a refresh would drop.
        let script = page.text("script");
        assert!(
            script.contains(&format!("location.replace(\"{now}\" + location.hash)")),
            "{script}"
        );
    }
    // Old addresses are neither in the sitemap nor in search.
    let sitemap = run.text("sitemap.xml");
    assert!(sitemap.contains(canonical));
    for old in ["install/update/", "old-upgrade", "install/updating/"] {
        assert!(!sitemap.contains(old), "{old} in the sitemap");
    }
    for file in walkdir::WalkDir::new(run.out.join("search")) {
        let file = file.unwrap();
        if file.file_type().is_file() {
            let bytes = std::fs::read(file.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("install/update/"),
                "{}",
                file.path().display()
            );
        }
    }
}

#[test]
fn a_translation_keeps_its_old_addresses_under_its_language() {
    let run = SiteTest::new("bilingual")
        .file(
            "content/loans/renew.fr.md",
            "---\nquestion: Comment prolonger un prêt ?\nmoved_from: [/prets/prolonger/, /fr/prets/renouveler/]\n---\nEn ligne.\n",
        )
        .build()
        .succeeds();
    let page = run.html("fr/prets/prolonger/index.html");
    let now = page.attrs("link[rel=canonical]", "href");
    assert_eq!(now.len(), 1);
    assert!(now[0].ends_with("/fr/loans/renew/"), "{now:?}");
    assert_eq!(page.attrs("html", "lang"), ["fr"]);
    assert!(!run.exists("prets/prolonger/index.html"));
    assert!(
        run.exists("fr/prets/renouveler/index.html"),
        "with its folder written"
    );
    assert!(!run.exists("fr/fr/prets/renouveler/index.html"));
}

#[test]
fn an_old_address_in_a_languages_folder_belongs_to_the_translation() {
    let run = SiteTest::new("bilingual")
        .file(
            "content/loans/late.md",
            "---\nquestion: What if I return a book late?\nmoved_from: [/fr/loans/renew/]\n---\nA fine.\n",
        )
        .build()
        .fails();
    run.stderr_has("content/loans/late.md:3:14: error: the old address /fr/loans/renew/ is in the folder of the site's `fr` pages");
}

#[test]
fn old_addresses_that_cannot_be_redirects_are_errors_where_written() {
    let run = SiteTest::new("software")
        .file(
            "content/install/upgrade.md",
            "---\nquestion: How do I upgrade?\nmoved_from:\n  - /config/plugins/\n  - https://elsewhere.org/faq/x/\n  - /\n  - /install/upgrade/\n---\nAgain.\n",
        )
        .file(
            "content/install/other.md",
            "---\nquestion: Another?\nmoved_from: [/old/]\n---\nYes.\n",
        )
        .file(
            "content/install/third.md",
            "---\nquestion: A third?\nmoved_from: [/old/, /install/upgrade/index.html.md, /con/]\n---\nYes.\n",
        )
        .build()
        .fails();
    let lines = run.diagnostic_lines();
    let expected = [
        "content/install/upgrade.md:4:5: error: the old address /config/plugins/ is in use by the entry content/config/plugins.md",
        "content/install/upgrade.md:5:5: error: `https://elsewhere.org/faq/x/` is not an address of this site, which is published at https://quill.example.org/faq/",
        "content/install/upgrade.md:6:5: error: `/` is the site's home page, which is never an old address",
        "content/install/upgrade.md:7:5: error: `/install/upgrade/` is the entry's address now, not an old one",
        // The second in the site's order (questions sort "A third?" first) is told.
        "content/install/other.md:3:14: error: the old address /old/ is in use by an old address in `moved_from` of content/install/third.md",
        "content/install/third.md:3:21: error: the old address /install/upgrade/index.html.md/ is in use by the entry content/install/upgrade.md",
        "content/install/third.md:3:53: error: `con` cannot be a file name on Windows, where the site may be built or cloned",
    ];
    for line in expected {
        assert!(lines.contains(&line), "missing {line:?} in {lines:#?}");
    }
}

#[test]
fn check_warns_about_addresses_of_the_last_build_that_are_gone() {
    let site = SiteTest::new("software");
    site.build().succeeds();
    // Renamed, and moved to another category, without a redirect.
    let site = site
        .remove("content/install/upgrade.md")
        .file(
            "content/install/upgrading.md",
            "---\nquestion: How do I upgrade to a new version?\ntags: [install]\n---\nRun the installer again, and your notes stay.\n",
        )
        .remove("content/config/plugins.md")
        .file(
            "content/troubleshooting/plugins.md",
            "---\nquestion: Can I write a plugin?\ntags: [plugins]\n---\nYes, in Python, with a run function.\n",
        )
        .file(
            "content/install/build-from-source.md",
            "---\nquestion: How do I build Quill from source?\ntags: [install, rust]\n---\nWith cargo, and then see [upgrading](@/install/upgrading.md).\n",
        );
    let run = site.run(&["check"]).succeeds();
    let lines = run.diagnostic_lines();
    let gone: Vec<&&str> = lines.iter().filter(|l| l.contains("is gone")).collect();
    assert_eq!(gone.len(), 2, "{lines:#?}");
    assert!(gone.iter().any(|l| l.starts_with("public/sitemap.xml:") && l.contains("warning: https://quill.example.org/faq/install/upgrade/ was published by the last build and is gone, with no redirect")), "{gone:#?}");
    run.stderr_has("if it is now /troubleshooting/plugins/, add `moved_from: [\"/config/plugins/\"]` to content/troubleshooting/plugins.md");
    // No entry has the tag `errors` once its only entry drops it: its page is gone, and
    // `moved_from` could not keep it.
    let denied = "content/troubleshooting/permission-denied.md";
    let original = std::fs::read_to_string(site.root().join(denied)).unwrap();
    let site = site.file(
        denied,
        "---\nquestion: Why does Quill say \"permission denied\"?\ntags: [install]\n---\nYour notes folder belongs to another user.\n",
    );
    site.run(&["check"])
        .succeeds()
        .stderr_has("tags/errors/ was published by the last build and is gone")
        .stderr_has("no entry has this tag any more");
    let site = site.file(denied, original);
    // With the old addresses kept, nothing is gone.
    let site = site
        .file(
            "content/install/upgrading.md",
            "---\nquestion: How do I upgrade to a new version?\ntags: [install]\nmoved_from: [/install/upgrade/]\n---\nRun the installer again, and your notes stay.\n",
        )
        .file(
            "content/troubleshooting/plugins.md",
            "---\nquestion: Can I write a plugin?\ntags: [plugins]\nmoved_from: [/config/plugins/]\n---\nYes, in Python, with a run function.\n",
        );
    site.run(&["check"]).succeeds().stderr_lacks("is gone");
    // Another output folder is compared when named; none at all is no warning.
    site.run(&["check", "--output-dir", "elsewhere"])
        .succeeds()
        .stderr_lacks("is gone");
}
