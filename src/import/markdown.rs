//! Markdown with one heading per question: each heading that ends with `?` starts an entry
//! whose answer runs to the next heading at its level or above. Other headings above the
//! questions name their category.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Imported, malformed};
use crate::error::Error;

struct HeadingAt {
    level: u8,
    text: String,
    /// Bytes of the whole heading line(s).
    range: Range<usize>,
}

pub fn read(path: &Path, text: &str) -> Result<Vec<Imported>, Error> {
    let headings = headings(text);
    let mut entries = Vec::new();
    let mut category: Option<(u8, String)> = None;
    for (i, heading) in headings.iter().enumerate() {
        if !heading.text.ends_with('?') {
            // A heading above the questions names their category; one below is part of an answer.
            let is_section = headings[i + 1..]
                .iter()
                .find(|h| h.text.ends_with('?'))
                .is_some_and(|q| q.level > heading.level);
            if is_section {
                category = Some((heading.level, heading.text.clone()));
            }
            continue;
        }
        if category
            .as_ref()
            .is_some_and(|(level, _)| *level >= heading.level)
        {
            category = None;
        }
        let end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= heading.level || h.text.ends_with('?'))
            .map_or(text.len(), |h| h.range.start);
        let answer = text[heading.range.end..end].trim();
        let line = text[..heading.range.start].matches('\n').count() + 1;
        if answer.is_empty() {
            return Err(malformed(
                path,
                line,
                format!("the question “{}” has no answer below it", heading.text),
            ));
        }
        entries.push(Imported {
            question: heading.text.clone(),
            answer: answer.to_string(),
            category: category.as_ref().map(|(_, name)| name.clone()),
            tags: Vec::new(),
        });
    }
    Ok(entries)
}

fn headings(text: &str) -> Vec<HeadingAt> {
    let mut headings = Vec::new();
    let mut current: Option<HeadingAt> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(HeadingAt {
                    level: level as u8,
                    text: String::new(),
                    range,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = current.take() {
                    h.text = h.text.trim().to_string();
                    headings.push(h);
                }
            }
            _ => {}
        }
    }
    headings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_heading_per_question_with_categories() {
        let md = "# Library FAQ\n\n## Loans\n\n### How long can I keep a book?\n\nThree weeks.\n\n#### Renewals\n\nOnline.\n\n### Can I renew?\n\nYes.\n\n## Rooms\n\n### Can I book a room?\n\n- Online\n- At the desk\n";
        let entries = read(Path::new("f.md"), md).unwrap();
        let got: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.question.as_str(),
                    e.category.as_deref(),
                    e.answer.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "How long can I keep a book?",
                    Some("Loans"),
                    "Three weeks.\n\n#### Renewals\n\nOnline."
                ),
                ("Can I renew?", Some("Loans"), "Yes."),
                (
                    "Can I book a room?",
                    Some("Rooms"),
                    "- Online\n- At the desk"
                ),
            ]
        );
    }
}
