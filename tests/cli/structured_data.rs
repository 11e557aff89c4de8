//! schema.org JSON-LD: each question marked up once, breadcrumbs, and no way to break out.

use crate::harness::{SiteTest, snapshot};

#[test]
fn each_question_is_marked_up_exactly_once_with_the_visible_text() {
    let run = SiteTest::new("minimal")
        .file(
            "content/top.md",
            "---\nquestion: A top-level question?\n---\nAt the top.\n",
        )
        .build()
        .succeeds();
    let mut questions = Vec::new();
    for (path, bytes) in snapshot(&run.out) {
        if path.extension().is_some_and(|e| e == "html") {
            let page = crate::harness::Page(scraper::Html::parse_document(
                &String::from_utf8(bytes).unwrap(),
            ));
            for block in page
                .json_ld()
                .into_iter()
                .filter(|b| b["@type"] == "FAQPage")
            {
                for q in block["mainEntity"].as_array().unwrap() {
                    questions.push((
                        q["name"].as_str().unwrap().to_string(),
                        q["acceptedAnswer"]["text"].as_str().unwrap().to_string(),
                    ));
                }
            }
        }
    }
    questions.sort();
    let names: Vec<_> = questions.iter().map(|q| q.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "A top-level question?",
            "Is there a second question?",
            "What is the first question?"
        ]
    );
    let entry = run.html("basics/second/index.html");
    let answer_html: String = entry
        .0
        .select(&scraper::Selector::parse(".answer").unwrap())
        .next()
        .unwrap()
        .inner_html();
    assert_eq!(answer_html.trim(), questions[1].1.trim());
}

#[test]
fn breadcrumbs_are_marked_up_on_entry_and_category_pages() {
    let run = SiteTest::new("minimal").build().succeeds();
    let blocks = run.html("basics/first/index.html").json_ld();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0]["@type"], "BreadcrumbList");
    let items: Vec<_> = blocks[0]["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        items,
        [
            "https://owner.github.io/my-faq/",
            "https://owner.github.io/my-faq/basics/",
            "https://owner.github.io/my-faq/basics/first/"
        ]
    );
    let category = run.html("basics/index.html").json_ld();
    let types: Vec<_> = category
        .iter()
        .map(|b| b["@type"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(types, ["BreadcrumbList", "FAQPage"]);
}

#[test]
fn a_hostile_question_cannot_break_out_of_the_script() {
    let hostile = "Does </script><script>alert(1)</script> or <!-- break it?";
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/hostile.md",
            format!("---\nquestion: '{hostile}'\n---\nNo.\n"),
        )
        .build()
        .succeeds();
    let raw = run.text("basics/index.html");
    // Escaped as \u003c…, the hostile text never appears as markup in the page source.
    assert!(!raw.contains("<script>alert"), "{raw}");
    assert!(!raw.contains("<!--"), "{raw}");
    let page = run.html("basics/index.html");
    let scripts = page.texts("script");
    assert!(
        scripts.iter().all(|s| !s.starts_with("alert")),
        "a script element was injected: {scripts:?}"
    );
    let faq = page
        .json_ld()
        .into_iter()
        .find(|b| b["@type"] == "FAQPage")
        .unwrap();
    let names: Vec<_> = faq["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.iter().any(|n| n == hostile), "{names:?}");
}
