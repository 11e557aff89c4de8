//! HTML pages with schema.org `FAQPage` JSON-LD, as other site generators and CMSs publish
//! them: each `Question` becomes an entry, its accepted answer's HTML turned into Markdown.

use std::path::Path;

use serde_json::Value;

use super::{Imported, malformed};
use crate::error::Error;

pub fn read(path: &Path, html: &str) -> Result<Vec<Imported>, Error> {
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
            // Cleaned first: a page's scripts and `javascript:` links stay out of the site.
            let answer = crate::sanitize::clean(&answer);
            let markdown = htmd::convert(&answer).unwrap_or(answer);
            entries.push(Imported {
                question: name,
                answer: markdown,
                category: None,
                tags: Vec::new(),
            });
        }
    }
    if entries.is_empty() {
        return Err(malformed(
            path,
            1,
            "no schema.org FAQPage JSON-LD found (a <script type=\"application/ld+json\"> with \"@type\": \"FAQPage\")",
        ));
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
        let entries = read(Path::new("f.html"), html).unwrap();
        assert_eq!(entries[0].question, "Why?");
        assert_eq!(entries[0].answer, "Because **so**.");
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
