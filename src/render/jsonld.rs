//! schema.org structured data, typed, and the one filter that writes it into a page safely.

use serde::Serialize;

use super::view::AnswerHtml;

/// One JSON-LD block of a page.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum JsonLd {
    FaqPage(FaqPage),
    BreadcrumbList(BreadcrumbList),
}

/// The questions and answers of the site; each question appears in exactly one of these.
#[derive(Debug, Serialize)]
pub struct FaqPage {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "mainEntity")]
    pub main_entity: Vec<Question>,
}

#[derive(Debug, Serialize)]
pub struct Question {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    pub url: String,
    #[serde(rename = "acceptedAnswer")]
    pub accepted_answer: AnswerText,
}

#[derive(Debug, Serialize)]
pub struct AnswerText {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The answer's HTML, exactly as the reader sees it.
    pub text: AnswerHtml,
}

#[derive(Debug, Serialize)]
pub struct BreadcrumbList {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "itemListElement")]
    pub items: Vec<ListItem>,
}

#[derive(Debug, Serialize)]
pub struct ListItem {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub position: usize,
    pub name: String,
    pub item: String,
}

const SCHEMA: &str = "https://schema.org";

impl FaqPage {
    pub fn new(questions: impl IntoIterator<Item = (String, String, AnswerHtml)>) -> Self {
        FaqPage {
            context: SCHEMA,
            kind: "FAQPage",
            main_entity: questions
                .into_iter()
                .map(|(name, url, text)| Question {
                    kind: "Question",
                    name,
                    url,
                    accepted_answer: AnswerText {
                        kind: "Answer",
                        text,
                    },
                })
                .collect(),
        }
    }
}

impl BreadcrumbList {
    /// From `(name, absolute URL)` pairs, home first.
    pub fn new(crumbs: impl IntoIterator<Item = (String, String)>) -> Self {
        BreadcrumbList {
            context: SCHEMA,
            kind: "BreadcrumbList",
            items: crumbs
                .into_iter()
                .enumerate()
                .map(|(i, (name, item))| ListItem {
                    kind: "ListItem",
                    position: i + 1,
                    name,
                    item,
                })
                .collect(),
        }
    }
}

/// Serializes `value` as JSON that is safe inside `<script type="application/ld+json">`:
/// `<`, `>` and `&` become `\u003c`, `\u003e` and `\u0026`, so neither `</script>` nor
/// `<!--` in a question can end or confuse the script element.
pub fn to_script_json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(value)?;
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            // Valid JSON, but JavaScript line terminators in older parsers.
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    Ok(safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_break_out() {
        let page = FaqPage::new([(
            "</script><script>alert(1)</script><!-- & -->".to_string(),
            "https://x.org/q/".to_string(),
            AnswerHtml::new(
                &std::sync::Arc::new(crate::link::RenderedAnswer {
                    clean_html: "<p>A</p>".into(),
                    ..Default::default()
                }),
                crate::render::view::AnswerForm::Clean,
            ),
        )]);
        let json = to_script_json(&page).unwrap();
        assert!(
            !json.contains('<') && !json.contains('>') && !json.contains('&'),
            "{json}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back["mainEntity"][0]["name"],
            "</script><script>alert(1)</script><!-- & -->"
        );
        assert_eq!(back["@type"], "FAQPage");
        assert_eq!(back["mainEntity"][0]["acceptedAnswer"]["text"], "<p>A</p>");
    }

    #[test]
    fn breadcrumbs_are_numbered_from_one() {
        let list = BreadcrumbList::new([("Home".to_string(), "https://x.org/".to_string())]);
        let back: serde_json::Value =
            serde_json::from_str(&to_script_json(&list).unwrap()).unwrap();
        assert_eq!(back["itemListElement"][0]["position"], 1);
    }
}
