//! Every URL is right when the site lives under a sub-path, and `--base-url` overrides it.

use crate::harness::SiteTest;

fn every_link(run: &crate::harness::Run, page: &str) -> Vec<String> {
    let html = run.html(page);
    let mut links = html.attrs("a[href]", "href");
    links.extend(html.attrs("link[href]", "href"));
    links.extend(html.attrs("script[src]", "src"));
    links
}

#[test]
fn every_link_stays_under_the_sub_path() {
    let run = SiteTest::new("minimal").build().succeeds();
    for page in [
        "index.html",
        "basics/index.html",
        "basics/first/index.html",
        "tags/index.html",
        "tags/start/index.html",
        "404.html",
    ] {
        for link in every_link(&run, page) {
            assert!(
                link.starts_with("/my-faq/")
                    || link.starts_with("https://owner.github.io/my-faq/")
                    || link.starts_with('#'),
                "{page}: {link} leaves /my-faq/"
            );
            // Root-relative links must name a file the build wrote.
            if let Some(path) = link.strip_prefix("/my-faq/") {
                let path = path.split(['?', '#']).next().unwrap();
                let file = if path.is_empty() || path.ends_with('/') {
                    format!("{path}index.html")
                } else {
                    path.to_string()
                };
                assert!(run.exists(&file), "{page}: {link} leads nowhere");
            }
        }
    }
    assert_eq!(
        run.html("index.html").attrs("link[rel=canonical]", "href"),
        ["https://owner.github.io/my-faq/"]
    );
}

#[test]
fn the_404_page_works_at_any_depth() {
    let run = SiteTest::new("minimal").build().succeeds();
    let page = run.html("404.html");
    assert_eq!(page.count("link[rel=canonical]"), 0);
    for link in every_link(&run, "404.html") {
        assert!(
            link.starts_with("/my-faq/") || link.starts_with("https://") || link.starts_with('#'),
            "relative link {link} breaks when served at another depth"
        );
    }
}

#[test]
fn base_url_option_overrides_the_config() {
    let run = SiteTest::new("minimal")
        .build_with(&["--base-url", "http://127.0.0.1:8000/preview"])
        .succeeds();
    assert_eq!(
        run.html("basics/index.html")
            .attrs("link[rel=canonical]", "href"),
        ["http://127.0.0.1:8000/preview/basics/"]
    );
    assert!(
        run.text("sitemap.xml")
            .contains("<loc>http://127.0.0.1:8000/preview/basics/first/</loc>")
    );
    assert!(
        run.text("feed.xml")
            .contains("href=\"http://127.0.0.1:8000/preview/feed.xml\"")
    );
    let breadcrumbs = run.html("basics/first/index.html").json_ld();
    assert_eq!(
        breadcrumbs[0]["itemListElement"][0]["item"],
        "http://127.0.0.1:8000/preview/"
    );
}

#[test]
fn a_bad_base_url_option_is_refused() {
    SiteTest::new("minimal")
        .build_with(&["--base-url", "localhost"])
        .fails()
        .stderr_has("--base-url: base URL `localhost` must start with https:// or http://");
}
