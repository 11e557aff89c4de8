//! HTML pages with schema.org `FAQPage` data, as site generators and CMSs publish them, in
//! JSON-LD or in microdata (`itemtype="https://schema.org/Question"`): each `Question` becomes
//! an entry, its accepted answer's HTML turned into Markdown, links kept.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use super::{Document, Imported, malformed};
use crate::error::Error;

pub fn read(path: &Path, html: &str) -> Result<Document, Error> {
    let mut document = Document::new(path);
    let mut entries = read_json_ld(path, html)?;
    let microdata = read_microdata(html);
    if entries.is_empty() {
        entries = microdata;
    } else if !microdata.is_empty() {
        document.note(
            1,
            format!(
                "{} questions in microdata too: the JSON-LD ones were read",
                microdata.len()
            ),
        );
    }
    if entries.is_empty() {
        return Err(malformed(
            path,
            1,
            "no schema.org FAQPage found: neither JSON-LD (a <script type=\"application/ld+json\"> with \"@type\": \"FAQPage\") nor microdata (itemtype=\"https://schema.org/Question\")",
        ));
    }
    document.entries = entries;
    Ok(document)
}

/// The text of a piece of HTML, entities decoded, tags dropped.
pub fn plain_text(html: &str) -> String {
    Html::parse_fragment(html)
        .root_element()
        .text()
        .collect::<String>()
}

/// The answer's HTML as Markdown; cleaned first, so a page's scripts and `javascript:` links
/// stay out of the site.
fn markdown(answer_html: &str) -> String {
    let answer = crate::sanitize::clean(answer_html);
    htmd::convert(&answer).unwrap_or(answer)
}

/// Questions marked up with microdata: `itemtype` ending in `schema.org/Question`, its
/// `itemprop="name"`, and the `itemprop="text"` of its `acceptedAnswer`.
fn read_microdata(html: &str) -> Vec<Imported> {
    let page = Html::parse_document(html);
    let Ok(questions) = Selector::parse("[itemscope][itemtype]") else {
        return Vec::new();
    };
    let is_type = |element: &ElementRef, name: &str| {
        element.value().attr("itemtype").is_some_and(|t| {
            t.trim_end_matches('/')
                .ends_with(&format!("schema.org/{name}"))
        })
    };
    fn props<'a>(element: ElementRef<'a>, prop: &str) -> Option<ElementRef<'a>> {
        let selector = Selector::parse(&format!("[itemprop~=\"{prop}\"]")).ok()?;
        element.select(&selector).next()
    }
    let mut entries = Vec::new();
    for question in page.select(&questions).filter(|q| is_type(q, "Question")) {
        let name = props(question, "name").map(|n| {
            n.value()
                .attr("content")
                .map_or_else(|| n.text().collect::<String>(), str::to_string)
        });
        let answer = props(question, "acceptedAnswer")
            .or_else(|| props(question, "suggestedAnswer"))
            .and_then(|a| props(a, "text"))
            .map(|t| t.inner_html());
        let (Some(name), Some(answer)) = (name, answer) else {
            continue;
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || answer.trim().is_empty() {
            continue;
        }
        entries.push(Imported {
            question: name,
            answer: markdown(&answer),
            line: 1,
            ..Imported::default()
        });
    }
    entries
}

fn read_json_ld(path: &Path, html: &str) -> Result<Vec<Imported>, Error> {
    let mut entries = Vec::new();
    for (json, offset) in json_ld_blocks(html) {
        let start_line = html[..offset].matches('\n').count() + 1;
        let value: Value = serde_json::from_str(json).map_err(|e| {
            malformed(
                path,
                start_line + e.line().saturating_sub(1),
                format!("JSON-LD: {e}"),
            )
        })?;
        let mut questions = Vec::new();
        collect_questions(&value, &mut questions);
        for question in questions {
            let name = text_of(&question["name"]);
            let answer = match &question["acceptedAnswer"] {
                Value::Array(answers) => answers
                    .first()
                    .map(|a| text_of(&a["text"]))
                    .unwrap_or_default(),
                answer => text_of(&answer["text"]),
            };
            if name.is_empty() || answer.is_empty() {
                return Err(malformed(
                    path,
                    start_line,
                    "a Question of the FAQPage has no name or no accepted answer",
                ));
            }
            entries.push(Imported {
                question: name,
                answer: markdown(&answer),
                line: start_line,
                ..Imported::default()
            });
        }
    }
    Ok(entries)
}

/// The Questions of every FAQPage in `value`, also inside `@graph` and arrays.
fn collect_questions(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| collect_questions(item, out)),
        Value::Object(map) => {
            let is_faq = match &map.get("@type") {
                Some(Value::String(t)) => t == "FAQPage",
                Some(Value::Array(types)) => types.iter().any(|t| t == "FAQPage"),
                _ => false,
            };
            if is_faq {
                match map.get("mainEntity") {
                    Some(Value::Array(questions)) => out.extend(questions.iter().cloned()),
                    Some(question) => out.push(question.clone()),
                    None => {}
                }
            } else if let Some(graph) = map.get("@graph") {
                collect_questions(graph, out);
            }
        }
        _ => {}
    }
}

fn text_of(value: &Value) -> String {
    value
        .as_str()
        .map(str::trim)
        .unwrap_or_default()
        .to_string()
}

/// The contents of every `<script type="application/ld+json">`, with their byte offsets.
fn json_ld_blocks(html: &str) -> Vec<(&str, usize)> {
    let lower = html.to_ascii_lowercase();
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| from + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(end) = lower[tag_end..].find("</script").map(|i| tag_end + i) else {
            break;
        };
        if lower[start..tag_end].contains("application/ld+json") {
            blocks.push((&html[tag_end..end], tag_end));
        }
        from = end;
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_from_json_ld_with_answers_as_markdown() {
        let html = r#"<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"FAQPage","mainEntity":[
 {"@type":"Question","name":"Why?","acceptedAnswer":{"@type":"Answer","text":"<p>Because <strong>so</strong>.</p>"}}]}]}
</script></head></html>"#;
        let entries = read(Path::new("f.html"), html).unwrap().entries;
        assert_eq!(entries[0].question, "Why?");
        assert_eq!(entries[0].answer, "Because **so**.");
    }

    #[test]
    fn questions_from_microdata_keep_their_links() {
        let html = r#"<div itemscope itemtype="https://schema.org/FAQPage">
<section itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">
 <h3 itemprop="name">Can I  pay by card?</h3>
 <div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">
  <div itemprop="text"><p>Yes, see <a href="https://example.org/pay">payments</a>.</p></div>
 </div>
</section></div>"#;
        let entries = read(Path::new("f.html"), html).unwrap().entries;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].question, "Can I pay by card?");
        assert_eq!(
            entries[0].answer,
            "Yes, see [payments](https://example.org/pay)."
        );
    }

    #[test]
    fn broken_json_names_its_line() {
        let html = "<html>\n<script type=\"application/ld+json\">\n{\"@type\": \"FAQPage\",\n oops}\n</script>";
        assert_eq!(
            read(Path::new("f.html"), html)
                .unwrap_err()
                .to_string()
                .split(": JSON")
                .next(),
            Some("f.html:4")
        );
    }
}
