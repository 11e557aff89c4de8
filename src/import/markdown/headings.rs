//! The headings of a Markdown document, however they are written: Markdown (`### Why?`,
//! `{#id}`), HTML (`<h3 name="why">`), after an `<a name>` anchor, or as a paragraph in bold;
//! each with every name the document may link it by.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{line_of, options};

/// A heading of the document, in Markdown or HTML.
#[derive(Debug)]
pub(super) struct Heading {
    pub(super) level: u8,
    pub(super) text: String,
    /// The names the document links it by: its `{#id}`, `name`/`id` attributes, `<a name>`
    /// anchors just before it, and the id GitHub gives it.
    pub(super) anchors: Vec<String>,
    /// From the start of the anchors before it to the end of the heading.
    pub(super) range: Range<usize>,
    pub(super) line: usize,
}

/// The ids a site generator may have given a heading, so that the document's own links find
/// it: GitHub's, and the one of VitePress, Docusaurus and Hugo (every run of other characters
/// one hyphen: `what-s-new`).
fn automatic_ids(text: &str) -> Vec<String> {
    let github = github_id(text);
    let mut loose = String::new();
    for c in text.trim().to_lowercase().chars() {
        if c.is_alphanumeric() || c == '_' {
            loose.push(c);
        } else if !loose.is_empty() && !loose.ends_with('-') {
            loose.push('-');
        }
    }
    let loose = loose.trim_end_matches('-').to_string();
    if loose == github {
        vec![github]
    } else {
        vec![github, loose]
    }
}

/// The id GitHub gives a heading: lower case, spaces to hyphens, other punctuation dropped.
fn github_id(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every heading of `text`, in order, with the anchors that name it.
pub(super) fn headings(text: &str) -> Vec<Heading> {
    let mut headings: Vec<Heading> = Vec::new();
    let mut current: Option<Heading> = None;
    // `<a name>` anchors on their own, waiting for the heading they stand before.
    let mut pending: Option<(Vec<String>, usize)> = None;
    let mut html_block: Option<(String, usize)> = None;
    // A paragraph that may hold nothing but anchors (`<a name="x"></a>` is inline HTML).
    let mut paragraph: Option<(String, usize, bool)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if let Some((html, _, only_anchors)) = paragraph.as_mut() {
            match &event {
                Event::InlineHtml(h) => html.push_str(h),
                Event::SoftBreak | Event::HardBreak => {}
                Event::Text(t) if t.trim().is_empty() => {}
                Event::End(TagEnd::Paragraph) => {}
                _ => *only_anchors = false,
            }
        }
        match event {
            Event::Start(Tag::Paragraph) if current.is_none() => {
                paragraph = Some((String::new(), range.start, true));
            }
            Event::End(TagEnd::Paragraph) if current.is_none() => {
                if let Some((html, start, true)) = paragraph.take()
                    && !html.is_empty()
                    && is_only_anchors(&html)
                {
                    wait_for_heading(&mut pending, &html, start);
                } else {
                    pending = None;
                }
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                let (mut anchors, start) = pending.take().unwrap_or((Vec::new(), range.start));
                anchors.extend(id.map(|id| id.to_string()));
                current = Some(Heading {
                    level: level as u8,
                    text: String::new(),
                    anchors,
                    range: start..range.end,
                    line: line_of(text, range.start),
                });
            }
            Event::Text(t) | Event::Code(t) if current.is_some() => {
                if let Some(h) = current.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::InlineHtml(html) if current.is_some() => {
                if let Some(h) = current.as_mut() {
                    h.anchors.extend(attribute_values(&html, &["name", "id"]));
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = current.take() {
                    h.text = collapse_spaces(&h.text);
                    h.anchors.extend(automatic_ids(&h.text));
                    headings.push(h);
                }
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some((String::new(), range.start)),
            Event::Html(html) => {
                if let Some((block, _)) = html_block.as_mut() {
                    block.push_str(&html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let Some((block, start)) = html_block.take() else {
                    continue;
                };
                if let Some((level, inner, mut anchors)) = html_heading(&block) {
                    let (mut before, start) = pending.take().unwrap_or((Vec::new(), start));
                    before.append(&mut anchors);
                    // Backticks in an HTML heading are not code marks; the question is plain text.
                    let words =
                        collapse_spaces(&crate::import::html::plain_text(&inner).replace('`', ""));
                    before.extend(automatic_ids(&words));
                    headings.push(Heading {
                        level,
                        text: words,
                        anchors: before,
                        range: start..range.end,
                        line: line_of(text, start),
                    });
                } else if is_only_anchors(&block) {
                    wait_for_heading(&mut pending, &block, start);
                    continue;
                }
                pending = None;
            }
            Event::Start(_) | Event::Code(_) | Event::Rule
                if current.is_none() && paragraph.is_none() =>
            {
                pending = None;
            }
            _ => {}
        }
    }
    headings
}

/// Keeps the anchors of `html` (which starts at `start`) for the heading that follows it.
fn wait_for_heading(pending: &mut Option<(Vec<String>, usize)>, html: &str, start: usize) {
    let anchors = attribute_values(html, &["name", "id"]);
    match pending {
        Some((earlier, _)) => earlier.extend(anchors),
        None => *pending = Some((anchors, start)),
    }
}

pub(super) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `<h3 …>Text</h3>` as a whole HTML block: its level, inner HTML and `name`/`id` values.
fn html_heading(block: &str) -> Option<(u8, String, Vec<String>)> {
    let trimmed = block.trim();
    let lower = trimmed.to_ascii_lowercase();
    // Anchors may stand before the heading in the same block.
    let start = lower.find("<h")?;
    let level = lower[start + 2..].chars().next()?.to_digit(10)?;
    if !(1..=6).contains(&level) || !is_only_anchors(&trimmed[..start]) {
        return None;
    }
    let close = format!("</h{level}>");
    let open_end = start + lower[start..].find('>')? + 1;
    let close_at = lower.find(&close)?;
    if !lower[close_at + close.len()..].trim().is_empty() || close_at < open_end {
        return None;
    }
    let anchors = attribute_values(&trimmed[..close_at], &["name", "id"]);
    Some((
        level as u8,
        trimmed[open_end..close_at].to_string(),
        anchors,
    ))
}

/// Whether `html` holds only empty anchors (`<a name="x"></a>`, `<a id="x"/>`) and spaces.
fn is_only_anchors(html: &str) -> bool {
    let mut rest = html.trim();
    while !rest.is_empty() {
        let lower = rest.to_ascii_lowercase();
        let is_anchor = lower.starts_with("<a ") || lower.starts_with("</a>");
        let Some(end) = rest.find('>') else {
            return false;
        };
        if !is_anchor {
            return false;
        }
        rest = rest[end + 1..].trim_start();
    }
    true
}

/// The values of the attributes `names` in every tag of `html`.
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    let lower = html.to_ascii_lowercase();
    for name in names {
        let mut from = 0;
        while let Some(found) = lower[from..].find(&format!("{name}=")) {
            let at = from + found;
            from = at + name.len() + 1;
            let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
            if !before_ok {
                continue;
            }
            let rest = &html[from..];
            let value = match rest.chars().next() {
                Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next(),
                _ => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
            };
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                values.push(value.to_string());
            }
        }
    }
    values
}

/// The ids of the headings inside an answer, as the entry's page gives them.
pub(super) fn answer_headings(text: &str, range: Range<usize>) -> Vec<(String, String)> {
    headings(&text[range])
        .into_iter()
        .flat_map(|h| {
            let id = crate::slug::slugify(&h.text);
            h.anchors.into_iter().map(move |a| (a, id.clone()))
        })
        .collect()
}

/// Paragraphs after `after` that are nothing but bold text (and anchors): questions written
/// as `**What is a tracker? <a name="trackers"></a>**`, as headings of level 7.
pub(super) fn bold_paragraphs(text: &str, after: usize) -> Vec<Heading> {
    let mut found = Vec::new();
    // (start, text, anchors, inside strong, still only bold)
    let mut paragraph: Option<(usize, String, Vec<String>, bool, bool)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if range.start < after {
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                paragraph = Some((range.start, String::new(), Vec::new(), false, true));
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some((start, words, mut anchors, _, true)) = paragraph.take() {
                    let words = collapse_spaces(&words);
                    if !words.is_empty() {
                        anchors.extend(automatic_ids(&words));
                        found.push(Heading {
                            level: 7,
                            text: words,
                            anchors,
                            range: start..range.end,
                            line: line_of(text, start),
                        });
                    }
                }
            }
            _ => {
                let Some((_, words, anchors, strong, only_bold)) = paragraph.as_mut() else {
                    continue;
                };
                match event {
                    Event::Start(Tag::Strong) if !*strong && words.is_empty() => *strong = true,
                    Event::End(TagEnd::Strong) if *strong => *strong = false,
                    Event::Text(t) | Event::Code(t) if *strong => words.push_str(&t),
                    Event::Text(t) if t.trim().is_empty() => {}
                    Event::SoftBreak | Event::HardBreak => words.push(' '),
                    Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) if *strong => {}
                    Event::InlineHtml(html) if is_only_anchors(&html) => {
                        anchors.extend(attribute_values(&html, &["name", "id"]));
                    }
                    _ => *only_bold = false,
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_answer_to_the_ids_other_generators_give_them() {
        assert_eq!(automatic_ids("What's new?"), ["whats-new", "what-s-new"]);
        assert_eq!(
            automatic_ids("Dev Containers / VS Code"),
            ["dev-containers--vs-code", "dev-containers-vs-code"]
        );
        assert_eq!(automatic_ids("Plain words"), ["plain-words"]);
    }
}
