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
    assert_eq!(run.html("index.html").count("details.faq"), 2);
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
