//! FAQ data files, as Jekyll (`_data/faq.yml`) and Hugo (`data/faq.yaml`, `.json`, `.toml`)
//! sites keep them: a list of question/answer pairs, under whichever names the site chose
//! (`question`/`answer`, `q`/`a`, `title`/`content`, …), either flat, grouped in sections
//! (`- title: Billing` with `questions: [...]`), or as a map from section to list.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{Document, Imported, malformed};
use crate::error::Error;

const QUESTION_KEYS: &[&str] = &["question", "q", "title", "name", "faq", "query"];
const ANSWER_KEYS: &[&str] = &[
    "answer", "a", "content", "text", "body", "response", "reply",
];
const TAG_KEYS: &[&str] = &["tags", "keywords"];
/// Keys of a group that name it, and keys that hold its questions.
const SECTION_TITLE_KEYS: &[&str] = &["title", "name", "section", "category", "heading", "group"];
const LIST_KEYS: &[&str] = &["questions", "faqs", "faq", "items", "entries", "qa", "list"];
/// A question's own key naming its section.
const SECTION_KEYS: &[&str] = &["category", "section", "group"];

pub fn read(path: &Path, text: &str, extension: &str) -> Result<Document, Error> {
    let value: Value = match extension {
        "json" => serde_json::from_str(text)
            .map_err(|e| malformed(path, e.line(), format!("JSON: {e}")))?,
        "toml" => toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
            malformed(path, line, format!("TOML: {}", e.message()))
        })?,
        _ => yaml_documents(path, text)?,
    };
    let mut reader = Reader {
        text,
        document: Document::new(path),
        unread_keys: BTreeMap::new(),
    };
    reader.value(&value, None);
    let Reader {
        mut document,
        unread_keys,
        ..
    } = reader;
    for (key, (count, line)) in unread_keys {
        document.note(
            line,
            format!(
                "key `{key}` (in {count} question{}): not imported",
                if count == 1 { "" } else { "s" }
            ),
        );
    }
    Ok(document)
}

/// Every document of a YAML file (Jekyll data files often open and close with `---`), their
/// lists joined.
fn yaml_documents(path: &Path, text: &str) -> Result<Value, Error> {
    use serde::Deserialize;
    let mut documents = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        let value = Value::deserialize(document).map_err(|e| {
            malformed(
                path,
                e.location().map_or(1, |l| l.line()),
                format!("YAML: {e}"),
            )
        })?;
        if !value.is_null() {
            documents.push(value);
        }
    }
    Ok(match documents.len() {
        1 => documents.remove(0),
        _ if documents.iter().all(Value::is_array) => Value::Array(
            documents
                .into_iter()
                .flat_map(|d| match d {
                    Value::Array(items) => items,
                    _ => Vec::new(),
                })
                .collect(),
        ),
        _ => Value::Array(documents),
    })
}

struct Reader<'a> {
    text: &'a str,
    document: Document,
    /// Keys of questions that were not read: how many questions have them, first line.
    unread_keys: BTreeMap<String, (usize, usize)>,
}

impl Reader<'_> {
    fn value(&mut self, value: &Value, section: Option<usize>) {
        match value {
            Value::Array(items) => {
                for item in items {
                    self.item(item, section);
                }
            }
            Value::Object(map) => {
                if let Some((_, list)) = map
                    .iter()
                    .find(|(k, v)| is_one_of(k, LIST_KEYS) && v.is_array())
                {
                    // A file with a title and its questions: the title names the document.
                    if section.is_none()
                        && let Some(title) = string_of(map, SECTION_TITLE_KEYS)
                    {
                        self.document.title = Some(title);
                    }
                    self.value(list, section);
                    return;
                }
                // A map from section to its questions.
                for (name, list) in map {
                    if list.is_array() || list.is_object() {
                        let line = self.line_of(name);
                        let s = self.section(name, section, line);
                        self.value(list, Some(s));
                    } else {
                        let line = self.line_of(name);
                        self.document.note(
                            line,
                            format!("key `{name}`: not imported (not a list of questions)"),
                        );
                    }
                }
            }
            other => {
                self.document
                    .note(1, format!("{other}: not imported (not a question)"));
            }
        }
    }

    fn item(&mut self, item: &Value, section: Option<usize>) {
        let Value::Object(map) = item else {
            let line = item.as_str().map_or(1, |s| self.line_of(s));
            self.document.note(
                line,
                "an item that is not a question and its answer: not imported",
            );
            return;
        };
        let question = string_of(map, QUESTION_KEYS);
        let answer = string_of(map, ANSWER_KEYS);
        match (question, answer) {
            (Some(question), Some(answer)) => {
                let line = self.line_of(&question);
                let section = match string_of(map, SECTION_KEYS).filter(|_| section.is_none()) {
                    Some(name) => Some(self.section(&name, None, line)),
                    None => section,
                };
                let mut used: Vec<&str> = Vec::new();
                for keys in [QUESTION_KEYS, ANSWER_KEYS, TAG_KEYS, SECTION_KEYS] {
                    if let Some(key) = map.keys().find(|k| is_one_of(k, keys)) {
                        used.push(key);
                    }
                }
                for key in map.keys().filter(|k| !used.contains(&k.as_str())) {
                    let seen = self.unread_keys.entry(key.clone()).or_insert((0, line));
                    seen.0 += 1;
                }
                let tags = map
                    .iter()
                    .find(|(k, _)| is_one_of(k, TAG_KEYS))
                    .map(|(_, v)| tags_of(v))
                    .unwrap_or_default();
                let mut s = section;
                while let Some(i) = s {
                    self.document.sections[i].questions += 1;
                    s = self.document.sections[i].parent;
                }
                if answer.contains("{{") || answer.contains("{%") {
                    self.document.note(
                        line,
                        format!("“{question}”: warning: the answer uses template tags (`{{{{ … }}}}`, `{{% … %}}`), which faqgen shows as written"),
                    );
                }
                self.document.entries.push(Imported {
                    question: question.split_whitespace().collect::<Vec<_>>().join(" "),
                    answer,
                    section,
                    tags,
                    line,
                    ..Imported::default()
                });
            }
            _ if map.len() == 1 && map.values().all(|v| v.is_array()) => {
                // `- Billing: [questions]`: a section named by its only key.
                for (name, list) in map {
                    let line = self.line_of(name);
                    let s = self.section(name, section, line);
                    self.value(list, Some(s));
                }
            }
            _ => {
                // A group: its title, and its questions in a list.
                let list = map
                    .iter()
                    .find(|(k, v)| is_one_of(k, LIST_KEYS) && v.is_array());
                match (string_of(map, SECTION_TITLE_KEYS), list) {
                    (Some(title), Some((_, list))) => {
                        let line = self.line_of(&title);
                        let s = self.section(&title, section, line);
                        if let Some(description) = string_of(map, &["description", "desc", "intro"])
                        {
                            self.document.sections[s].description = description;
                        }
                        self.value(list, Some(s));
                    }
                    _ => {
                        let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                        let line = keys.first().map_or(1, |k| self.line_of(k));
                        self.document.note(
                            line,
                            format!(
                                "an item with keys {} is neither a question with its answer nor a group of them: not imported",
                                keys.join(", ")
                            ),
                        );
                    }
                }
            }
        }
    }

    fn section(&mut self, title: &str, parent: Option<usize>, line: usize) -> usize {
        // A key written in lower case (`- "device support":`) is a name a site's template
        // capitalises; a title is shown as written.
        let title = if title.chars().any(char::is_uppercase) {
            title.to_string()
        } else {
            super::capitalized(title)
        };
        self.document.sections.push(super::Section {
            title,
            parent,
            line,
            ..super::Section::default()
        });
        self.document.sections.len() - 1
    }

    /// The line where `needle` first appears in the file (1 if it does not as written).
    fn line_of(&self, needle: &str) -> usize {
        let first_line = needle.lines().next().unwrap_or_default();
        self.text
            .find(first_line)
            .map_or(1, |at| self.text[..at].matches('\n').count() + 1)
    }
}

fn is_one_of(key: &str, keys: &[&str]) -> bool {
    keys.iter().any(|k| key.eq_ignore_ascii_case(k))
}

/// The first of `keys` (in their order of preference) whose value is a non-empty string.
fn string_of(map: &serde_json::Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|wanted| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(wanted))
            .and_then(|(_, v)| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    })
}

fn tags_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
        Value::String(list) => list
            .split([',', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_jekyll_list_with_other_key_names() {
        let yaml =
            "- q: Can I renew?\n  a: Yes, twice.\n  id: 7\n- q: Late fees?\n  a: |\n    None.\n";
        let document = read(Path::new("faq.yml"), yaml, "yml").unwrap();
        let got: Vec<_> = document
            .entries
            .iter()
            .map(|e| (e.question.as_str(), e.answer.trim(), e.line))
            .collect();
        assert_eq!(
            got,
            [
                ("Can I renew?", "Yes, twice.", 1),
                ("Late fees?", "None.", 4)
            ]
        );
        assert_eq!(
            document.notes,
            [(1, "key `id` (in 1 question): not imported".to_string())]
        );
    }

    #[test]
    fn several_documents_and_sections_named_by_their_only_key() {
        let yaml = "---\n- Setup:\n    - question: Which port?\n      response: Any free one.\n---\n- Use:\n    - question: How fast?\n      response: Fast.\n";
        let document = read(Path::new("faq.yml"), yaml, "yml").unwrap();
        let got: Vec<_> = document
            .entries
            .iter()
            .map(|e| {
                (
                    e.question.as_str(),
                    document.sections[e.section.unwrap()].title.as_str(),
                )
            })
            .collect();
        assert_eq!(got, [("Which port?", "Setup"), ("How fast?", "Use")]);
        let yaml = "- device support:\n    - question: Mine?\n      answer: Listed ones.\n";
        let document = read(Path::new("faq.yml"), yaml, "yml").unwrap();
        assert_eq!(document.sections[0].title, "Device support");
    }

    #[test]
    fn groups_and_maps_become_sections() {
        let yaml = "- title: Loans\n  questions:\n    - question: How long?\n      answer: Three weeks.\n      tags: [loans]\n- title: Rooms\n  questions:\n    - question: Can I book?\n      answer: Online.\n";
        let document = read(Path::new("faq.yml"), yaml, "yml").unwrap();
        let sections: Vec<_> = document
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.questions))
            .collect();
        assert_eq!(sections, [("Loans", 1), ("Rooms", 1)]);
        assert_eq!(document.entries[0].tags, ["loans"]);
        assert_eq!(document.entries[1].section, Some(1));

        let json = r#"{"billing": [{"question": "Card?", "answer": "Yes."}], "account": [{"question": "Email?", "answer": "In settings."}]}"#;
        let document = read(Path::new("faq.json"), json, "json").unwrap();
        let sections: Vec<_> = document.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(sections, ["Billing", "Account"]);
    }
}
