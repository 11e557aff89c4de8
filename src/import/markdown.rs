//! Markdown FAQ documents as projects keep them (`FAQ.md`, docs pages): one heading per
//! question, at whatever level the document uses, written in Markdown (`### Why?`, with or
//! without `{#id}`) or in HTML (`<h3 name="why">Why?</h3>`, or a heading after an
//! `<a name="why"></a>`). Headings above the questions are sections (categories, nested as
//! deep as the document goes); a lone top heading is the document's title; a list of links to
//! the document's own headings is its table of contents, and is dropped. Every heading is
//! accounted for in the document's notes: nothing is left out without saying so.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Document, Imported, Section};

/// A heading of the document, in Markdown or HTML.
#[derive(Debug)]
struct Heading {
    level: u8,
    text: String,
    /// The names the document links it by: its `{#id}`, `name`/`id` attributes, `<a name>`
    /// anchors just before it, and the id GitHub gives it.
    anchors: Vec<String>,
    /// From the start of the anchors before it to the end of the heading.
    range: Range<usize>,
    line: usize,
}

/// A list (or a heading over a list) that only links to the document's own headings.
#[derive(Debug)]
struct Contents {
    range: Range<usize>,
    links: usize,
}

/// Reads the questions of a Markdown document. `question_level` (1–6) overrides the guess of
/// which heading level holds the questions.
pub fn read(path: &Path, source: &str, question_level: Option<u8>) -> Document {
    let mut document = Document::new(path);
    let masked = mask_site_syntax(source, &mut document);
    let text = masked.as_str();
    let mut headings = headings(text);
    // Paragraphs in bold may be the questions (see below): a list of links to them is a table
    // of contents too.
    let bold_candidates = bold_paragraphs(text, 0);
    let mut contents = tables_of_contents(text, headings.iter().chain(&bold_candidates));
    let definitions = reference_definitions(text);
    // Definitions are taken out of the answers, and each answer gets the ones it uses.
    contents.extend(definitions.iter().map(|d| Contents {
        range: d.range.clone(),
        links: 0,
    }));
    // A heading that only introduces the table of contents goes with it, unless it is the
    // first heading: that one names the document.
    let mut dropped_headings = Vec::new();
    for toc in contents.iter_mut().filter(|c| c.links > 0) {
        let line = line_of(text, toc.range.start);
        document.note(
            line,
            format!(
                "table of contents ({} links to the document's headings): dropped",
                toc.links
            ),
        );
        if let Some(i) = headings
            .iter()
            .position(|h| h.range.end <= toc.range.start && body_is(text, h, &toc.range, &headings))
            && i > 0
        {
            toc.range.start = headings[i].range.start;
            dropped_headings.push(i);
        }
    }
    for i in dropped_headings.into_iter().rev() {
        headings.remove(i);
    }

    let title_level = headings.iter().map(|h| h.level).min();
    let has_title = title_level.is_some_and(|level| {
        headings.first().is_some_and(|h| h.level == level)
            && headings.iter().filter(|h| h.level == level).count() == 1
    });
    if !has_title && !headings.iter().any(|h| h.level <= 2) && has_definition_questions(text) {
        read_definition_lists(text, &contents, &definitions, &mut document);
        return document;
    }
    let body_headings: &[Heading] = if has_title {
        document.title = Some(headings[0].text.clone());
        document.title_anchors = headings[0].anchors.clone();
        &headings[1..]
    } else {
        &headings
    };
    // No heading below the title: the questions may be paragraphs in bold (`**Why?**`).
    let bold: Vec<Heading>;
    let body_headings: &[Heading] = if body_headings.is_empty() {
        let after = if has_title { headings[0].range.end } else { 0 };
        bold = bold_candidates
            .into_iter()
            .filter(|b| b.range.start >= after)
            .collect();
        &bold
    } else {
        body_headings
    };
    let level = question_level.unwrap_or_else(|| guess_question_level(body_headings));
    document.question_level = Some(level);

    // The text between the title and the first heading: the document's introduction.
    let intro_start = if has_title { headings[0].range.end } else { 0 };
    let intro_end = body_headings.first().map_or(text.len(), |h| h.range.start);
    document.intro = without_rules(&without(text, intro_start..intro_end, &contents));

    // Sections open above the current heading, by level: (level, index in document.sections).
    let mut open: Vec<(u8, usize)> = Vec::new();
    for (i, heading) in body_headings.iter().enumerate() {
        let next = |pred: &dyn Fn(&Heading) -> bool| {
            body_headings[i + 1..]
                .iter()
                .find(|h| pred(h))
                .map_or(text.len(), |h| h.range.start)
        };
        let end_of_own_text = next(&|_| true);
        let own_text = without(text, heading.range.end..end_of_own_text, &contents);
        open.retain(|&(l, _)| l < heading.level);
        let has_questions_below = body_headings[i + 1..]
            .iter()
            .take_while(|h| h.level > heading.level)
            .any(|h| h.level == level);
        if heading.level < level && (has_questions_below || !heading.text.ends_with('?')) {
            let parent = open.last().map(|&(_, s)| s);
            document.sections.push(Section {
                title: heading.text.clone(),
                anchors: heading.anchors.clone(),
                parent,
                line: heading.line,
                description: without_rules(&own_text),
                questions: 0,
            });
            open.push((heading.level, document.sections.len() - 1));
            continue;
        }
        if heading.level > level {
            // Inside an answer (taken with it below), or below a section before its first
            // question (kept in the section's text).
            continue;
        }
        // A question: at the question level, or a lone question above it.
        let end = next(&|h| h.level <= heading.level.max(level));
        let mut answer = without_rules(&without(text, heading.range.end..end, &contents));
        append_used_definitions(&mut answer, &definitions);
        let section = open.last().map(|&(_, s)| s);
        if answer.trim().is_empty() {
            document.note(
                heading.line,
                format!("“{}”: skipped, nothing is written below it", heading.text),
            );
            continue;
        }
        if let Some(s) = section {
            document.sections[s].questions += 1;
        }
        document.entries.push(Imported {
            question: heading.text.clone(),
            answer,
            section,
            line: heading.line,
            anchors: heading.anchors.clone(),
            answer_anchors: answer_headings(text, heading.range.end..end),
            ..Imported::default()
        });
    }
    // Counted up the tree: a section holds the questions of its subsections too.
    for i in (0..document.sections.len()).rev() {
        if let Some(parent) = document.sections[i].parent {
            document.sections[parent].questions += document.sections[i].questions;
        }
    }
    let empty: Vec<(usize, String, bool)> = document
        .sections
        .iter()
        .filter(|s| s.questions == 0)
        .map(|s| (s.line, s.title.clone(), !s.description.is_empty()))
        .collect();
    for (line, title, has_text) in empty {
        let text = if has_text {
            " (its text is not imported)"
        } else {
            ""
        };
        document.note(
            line,
            format!("section “{title}”: skipped, no question below it{text}"),
        );
    }
    document
}

/// Whether `text` has questions as the terms of definition lists (`Why?` then `: Because.`),
/// as Hugo's documentation writes its FAQ.
fn has_definition_questions(text: &str) -> bool {
    let mut in_title = false;
    let mut questions = 0;
    for event in Parser::new_ext(text, options() | Options::ENABLE_DEFINITION_LIST) {
        match event {
            Event::Start(Tag::DefinitionListTitle) => in_title = true,
            Event::End(TagEnd::DefinitionListTitle) => in_title = false,
            Event::Text(t) if in_title && t.trim_end().ends_with('?') => questions += 1,
            _ => {}
        }
    }
    questions >= 2
}

/// Questions as definition-list terms, their definitions as answers (the `: ` marker and the
/// indentation of the definition's lines taken off).
fn read_definition_lists(
    text: &str,
    contents: &[Contents],
    definitions: &[Definition],
    document: &mut Document,
) {
    let mut question: Option<(String, usize)> = None;
    let mut in_title = false;
    let mut first_list = None;
    let mut last_end = 0;
    for (event, range) in
        Parser::new_ext(text, options() | Options::ENABLE_DEFINITION_LIST).into_offset_iter()
    {
        match event {
            Event::Start(Tag::DefinitionList) => {
                first_list.get_or_insert(range.start);
            }
            // (The list's own range may run over the paragraph after it.)
            Event::End(TagEnd::DefinitionListDefinition) => last_end = range.end,
            Event::Start(Tag::DefinitionListTitle) => {
                in_title = true;
                question = Some((String::new(), line_of(text, range.start)));
            }
            Event::End(TagEnd::DefinitionListTitle) => in_title = false,
            Event::Text(t) | Event::Code(t) if in_title => {
                if let Some((q, _)) = question.as_mut() {
                    q.push_str(&t);
                }
            }
            Event::Start(Tag::DefinitionListDefinition) => {
                let Some((q, line)) = question.take() else {
                    continue;
                };
                let written = without(text, range.clone(), contents);
                let mut answer = dedent(written.trim_start().trim_start_matches(':'));
                append_used_definitions(&mut answer, definitions);
                document.entries.push(Imported {
                    question: collapse_spaces(&q),
                    answer,
                    line,
                    ..Imported::default()
                });
            }
            _ => {}
        }
    }
    let before = without(text, 0..first_list.unwrap_or(0), contents);
    document.intro = without_rules(&before);
    let after = without(text, last_end..text.len(), contents);
    if !after.trim().is_empty() {
        document.note(
            line_of(text, last_end + (text.len() - last_end).min(1)),
            format!(
                "the text after the last question ({} lines): not imported",
                after.lines().count()
            ),
        );
    }
}

/// A definition's text without the indentation its continuation lines share.
fn dedent(text: &str) -> String {
    let first = text.trim_start_matches(' ');
    let mut lines = first.lines();
    let head = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = head.to_string();
    for line in rest {
        out.push('\n');
        out.push_str(
            line.get(indent.min(line.len())..)
                .unwrap_or(line.trim_start()),
        );
    }
    out.trim_end().to_string()
}

/// `answer` without the thematic breaks (`---`) that separate questions in some documents.
fn without_rules(answer: &str) -> String {
    let is_rule = |line: &str| {
        let line = line.trim();
        line.len() >= 3
            && ["-", "*", "_"]
                .iter()
                .any(|c| line.replace(' ', "").chars().all(|x| x.to_string() == *c))
    };
    let lines: Vec<&str> = answer.lines().collect();
    let start = lines
        .iter()
        .position(|l| !is_rule(l) && !l.trim().is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !is_rule(l) && !l.trim().is_empty())
        .map_or(start, |i| i + 1);
    lines[start..end.max(start)].join("\n")
}

/// Paragraphs after `after` that are nothing but bold text (and anchors): questions written
/// as `**What is a tracker? <a name="trackers"></a>**`, as headings of level 7.
fn bold_paragraphs(text: &str, after: usize) -> Vec<Heading> {
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

/// A link reference definition (`[label]: destination "title"`), wherever it is written.
struct Definition {
    label: String,
    range: Range<usize>,
    written: String,
}

fn reference_definitions(text: &str) -> Vec<Definition> {
    let parser = Parser::new_ext(text, options());
    let mut found: Vec<Definition> = parser
        .reference_definitions()
        .iter()
        .map(|(label, definition)| Definition {
            label: label.to_lowercase(),
            range: definition.span.clone(),
            written: text[definition.span.clone()].trim().to_string(),
        })
        .collect();
    found.sort_by_key(|d| d.range.start);
    found
}

/// Appends to `answer` the definitions its reference links (`[text][label]`, `[label]`) use.
fn append_used_definitions(answer: &mut String, definitions: &[Definition]) {
    let lower = answer.to_lowercase();
    let used: Vec<&str> = definitions
        .iter()
        .filter(|d| lower.contains(&format!("[{}]", d.label)))
        .map(|d| d.written.as_str())
        .collect();
    if !used.is_empty() {
        answer.push_str("\n\n");
        answer.push_str(&used.join("\n"));
    }
}

/// `source` with what other site generators read and faqgen does not blanked out, offsets
/// and lines kept: Jekyll and Hugo front matter, kramdown attribute lines (`{:toc}`,
/// `{: .note}`), and the one-line list that kramdown replaces with a table of contents.
fn mask_site_syntax(source: &str, document: &mut Document) -> String {
    let mut bytes = source.as_bytes().to_vec();
    let mut blank = |range: Range<usize>| {
        for b in &mut bytes[range] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    if let Some(rest) = source.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---\n")
    {
        let keys: Vec<&str> = rest[..end]
            .lines()
            .filter(|l| !l.starts_with([' ', '-', '#']) && l.contains(':'))
            .filter_map(|l| l.split(':').next())
            .collect();
        document.note(
            1,
            format!("front matter ({}): not imported", keys.join(", ")),
        );
        // Its title names the document when no heading does.
        if let Ok(serde_yaml::Value::Mapping(front)) =
            serde_yaml::from_str::<serde_yaml::Value>(&rest[..end])
            && let Some(title) = front.get("title").and_then(|t| t.as_str())
        {
            document.title = Some(title.trim().to_string()).filter(|t| !t.is_empty());
        }
        blank(0..4 + end + 5);
    }
    let mut offset = 0;
    let mut previous: Option<Range<usize>> = None;
    for line in source.split_inclusive('\n') {
        let range = offset..offset + line.len();
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with("{:") && trimmed.ends_with('}') {
            if trimmed.replace(' ', "") == "{:toc}"
                && let Some(list) = previous.take()
            {
                document.note(
                    line_of(source, list.start),
                    "table of contents (kramdown `{:toc}`): dropped",
                );
                blank(list);
            }
            blank(range);
            continue;
        }
        if !trimmed.is_empty() {
            previous = (trimmed.starts_with("* ")
                || trimmed.starts_with("- ")
                || trimmed.starts_with("1. "))
            .then_some(range);
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| source.to_string())
}

/// The level that holds the questions: the one with the most headings ending in `?`; when
/// none does (a troubleshooting page: "Device not detected"), the one with the most distinct
/// headings; the shallower on a tie.
fn guess_question_level(headings: &[Heading]) -> u8 {
    // 7: paragraphs in bold.
    (1..=7u8)
        .filter(|&level| headings.iter().any(|h| h.level == level))
        .max_by_key(|&level| {
            let at_level = || headings.iter().filter(move |h| h.level == level);
            let questions = at_level().filter(|h| h.text.ends_with('?')).count();
            let distinct: std::collections::HashSet<&str> =
                at_level().map(|h| h.text.as_str()).collect();
            (questions, distinct.len(), std::cmp::Reverse(level))
        })
        .unwrap_or(2)
}

/// Whether everything between `heading` and the next heading is `range`.
fn body_is(text: &str, heading: &Heading, range: &Range<usize>, headings: &[Heading]) -> bool {
    let next = headings
        .iter()
        .find(|h| h.range.start > heading.range.start)
        .map_or(text.len(), |h| h.range.start);
    next >= range.end
        && text[heading.range.end..range.start].trim().is_empty()
        && text[range.end..next].trim().is_empty()
}

/// `text[range]` without the tables of contents inside it, leading blank lines and trailing
/// white space (leading spaces are kept: they may make a code block).
fn without(text: &str, range: Range<usize>, contents: &[Contents]) -> String {
    let mut kept = String::new();
    let mut at = range.start;
    for toc in contents
        .iter()
        .filter(|t| t.range.start >= range.start && t.range.end <= range.end)
    {
        kept.push_str(&text[at..toc.range.start]);
        at = toc.range.end;
    }
    kept.push_str(&text[at..range.end]);
    let start = kept
        .char_indices()
        .scan(0, |line_start, (i, c)| {
            if c == '\n' {
                *line_start = i + 1;
            }
            Some((*line_start, c))
        })
        .find(|(_, c)| !c.is_whitespace())
        .map_or(kept.len(), |(line_start, _)| line_start);
    kept[start..].trim_end().to_string()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// Read as the site will render it.
fn options() -> Options {
    crate::parse::markdown::options()
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
pub(super) fn github_id(text: &str) -> String {
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
fn headings(text: &str) -> Vec<Heading> {
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
                    let anchors = attribute_values(&html, &["name", "id"]);
                    pending = Some(match pending.take() {
                        Some((mut earlier, at)) => {
                            earlier.extend(anchors);
                            (earlier, at)
                        }
                        None => (anchors, start),
                    });
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
                    let words = collapse_spaces(&super::html::plain_text(&inner));
                    before.extend(automatic_ids(&words));
                    headings.push(Heading {
                        level,
                        text: words,
                        anchors: before,
                        range: start..range.end,
                        line: line_of(text, start),
                    });
                } else if is_only_anchors(&block) {
                    let anchors = attribute_values(&block, &["name", "id"]);
                    pending = Some(match pending.take() {
                        Some((mut earlier, at)) => {
                            earlier.extend(anchors);
                            (earlier, at)
                        }
                        None => (anchors, start),
                    });
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

fn collapse_spaces(text: &str) -> String {
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
fn answer_headings(text: &str, range: Range<usize>) -> Vec<(String, String)> {
    headings(&text[range])
        .into_iter()
        .flat_map(|h| {
            let id = crate::slug::slugify(&h.text);
            h.anchors.into_iter().map(move |a| (a, id.clone()))
        })
        .collect()
}

/// Lists whose links mostly go to the document's own headings: tables of contents.
fn tables_of_contents<'a>(
    text: &str,
    headings: impl Iterator<Item = &'a Heading>,
) -> Vec<Contents> {
    let anchors: std::collections::HashSet<&str> = headings
        .flat_map(|h| h.anchors.iter().map(String::as_str))
        .collect();
    let mut found = Vec::new();
    let mut depth = 0;
    let mut list: Option<(usize, usize, usize, usize)> = None; // start, links, internal, items
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => {
                if depth == 0 {
                    list = Some((range.start, 0, 0, 0));
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                if depth == 0
                    && let Some((start, links, internal, items)) = list.take()
                    && internal >= 2
                    && internal * 10 >= items * 8
                    && internal == links
                {
                    found.push(Contents {
                        range: start..range.end,
                        links: internal,
                    });
                }
            }
            Event::Start(Tag::Item) => {
                if let Some(l) = list.as_mut() {
                    l.3 += 1;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(l) = list.as_mut() {
                    l.1 += 1;
                    if dest_url
                        .strip_prefix('#')
                        .is_some_and(|id| anchors.contains(id))
                    {
                        l.2 += 1;
                    }
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions(document: &Document) -> Vec<(&str, Option<&str>, &str)> {
        document
            .entries
            .iter()
            .map(|e| {
                (
                    e.question.as_str(),
                    e.section.map(|s| document.sections[s].title.as_str()),
                    e.answer.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn sections_above_questions_and_sub_headings_inside_answers() {
        let md = "# Library FAQ\n\n## Loans\n\n### How long can I keep a book?\n\nThree weeks.\n\n#### Renewals\n\nOnline.\n\n### Can I renew?\n\nYes.\n\n## Rooms\n\n### Can I book a room?\n\n- Online\n- At the desk\n";
        let document = read(Path::new("f.md"), md, None);
        assert_eq!(document.title.as_deref(), Some("Library FAQ"));
        assert_eq!(document.question_level, Some(3));
        assert_eq!(
            questions(&document),
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

    #[test]
    fn questions_without_question_marks_and_an_indented_code_block_first() {
        let md = "# Help\n\n## Printer offline\n\n    lpstat -p\n\nThen restart it.\n\n## Paper jams\n\nOpen the back.\n";
        let document = read(Path::new("f.md"), md, None);
        assert_eq!(
            questions(&document),
            [
                ("Printer offline", None, "    lpstat -p\n\nThen restart it."),
                ("Paper jams", None, "Open the back."),
            ]
        );
    }

    #[test]
    fn html_headings_anchors_and_a_table_of_contents() {
        let md = "# FAQ\n\n- [One?](#one)\n- [Two?](#second)\n\n<h2 name=\"one\">One?</h2>\n\nFirst.\n\n<a name=\"second\"></a>\n\n## Two? {#two}\n\nSecond, see [one](#one).\n";
        let document = read(Path::new("f.md"), md, None);
        assert_eq!(
            questions(&document),
            [
                ("One?", None, "First."),
                ("Two?", None, "Second, see [one](#one).")
            ]
        );
        assert_eq!(document.entries[0].anchors, ["one", "one"]);
        assert_eq!(document.entries[1].anchors, ["second", "two", "two"]);
        assert_eq!(document.notes.len(), 1, "{:?}", document.notes);
        assert!(
            document.notes[0]
                .1
                .starts_with("table of contents (2 links")
        );
    }

    #[test]
    fn headings_answer_to_the_ids_other_generators_give_them() {
        assert_eq!(automatic_ids("What's new?"), ["whats-new", "what-s-new"]);
        assert_eq!(
            automatic_ids("Dev Containers / VS Code"),
            ["dev-containers--vs-code", "dev-containers-vs-code"]
        );
        assert_eq!(automatic_ids("Plain words"), ["plain-words"]);
    }

    #[test]
    fn the_question_level_can_be_forced() {
        let md = "## A\n\n### x\n\ntext\n\n## B\n\n### y\n\nmore\n";
        let document = read(Path::new("f.md"), md, Some(2));
        assert_eq!(
            questions(&document),
            [("A", None, "### x\n\ntext"), ("B", None, "### y\n\nmore")]
        );
    }
}
