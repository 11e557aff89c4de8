//! The built-in theme, and a site's own templates and static files over it.

use crate::harness::SiteTest;

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let run = SiteTest::new("minimal")
        .file("templates/entry.html", "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.question }}</p>{% endblock content %}")
        .build()
        .succeeds();
    assert_eq!(
        run.html("basics/first/index.html").text("p.mine"),
        "What is the first question?"
    );
    // Other templates are still the built-in ones.
    assert_eq!(run.html("basics/index.html").count("details.faq"), 2);
}

#[test]
fn site_static_files_are_copied_over_the_built_in_ones() {
    let run = SiteTest::new("minimal")
        .file("static/style.css", "body { color: red }")
        .file("static/images/logo.svg", "<svg/>")
        .build()
        .succeeds();
    assert_eq!(run.text("style.css"), "body { color: red }");
    assert_eq!(run.text("images/logo.svg"), "<svg/>");
    assert!(run.exists("faqgen.js"));
}

#[test]
fn a_broken_template_is_an_error_not_a_panic() {
    SiteTest::new("minimal")
        .file("templates/entry.html", "{% if %}")
        .build()
        .fails()
        .stderr_has("template error")
        .stderr_lacks("panicked");
}

#[test]
fn a_copy_of_the_search_box_without_the_panels_words_is_a_warning() {
    let old_copy = "<div class=\"wrap search\" data-search hidden data-index=\"{{ site.search.index_url }}\"><input id=\"search-input\"></div>\n";
    let site = SiteTest::new("minimal").file("templates/partials/search.html", old_copy);
    site.build()
        .succeeds()
        .stderr_has("templates/partials/search.html:1:1: warning: the search box hands no words to the search panel")
        .stderr_has("site.search_words");
    // The built-in partial, copied as it is now, hands them.
    let built_in = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/partials/search.html"),
    )
    .unwrap();
    site.file("templates/partials/search.html", built_in)
        .build()
        .succeeds()
        .stderr_lacks("search box hands no words");
}
