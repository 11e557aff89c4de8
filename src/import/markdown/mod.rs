//! Markdown FAQ documents as projects keep them (`FAQ.md`, docs pages): one heading per
//! question, at whatever level the document uses, written in Markdown (`### Why?`, with or
//! without `{#id}`) or in HTML (`<h3 name="why">Why?</h3>`, or a heading after an
//! `<a name="why"></a>`). Headings above the questions are sections (categories, nested as
//! deep as the document goes); a lone top heading is the document's title; a list of links to
//! the document's own headings is its table of contents, and is dropped. Every heading is
//! accounted for in the document's notes: nothing is left out without saying so.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::Options;

use super::{Document, Imported, Section};
use definition_list::{has_definition_questions, read_definition_lists};
use headings::{Heading, answer_headings, bold_paragraphs, headings};
use site_syntax::{
    Contents, append_used_definitions, mask_site_syntax, reference_definitions, tables_of_contents,
};

mod definition_list;
mod headings;
mod site_syntax;

/// The front matter of a Markdown page whose questions are read another way: its title, and
/// a note of what it held.
pub fn read_front_matter(source: &str, document: &mut Document) {
    mask_site_syntax(source, document);
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
    document.question_level = Some(if body_headings.is_empty() {
        crate::import::HEADINGLESS
    } else {
        level
    });

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
                ..Section::default()
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
        let answer_starts = heading.range.end
            + text[heading.range.end..end]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(0);
        document.entries.push(Imported {
            question: heading.text.clone(),
            answer,
            section,
            line: heading.line,
            answer_line: line_of(text, answer_starts),
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
    fn the_question_level_can_be_forced() {
        let md = "## A\n\n### x\n\ntext\n\n## B\n\n### y\n\nmore\n";
        let document = read(Path::new("f.md"), md, Some(2));
        assert_eq!(
            questions(&document),
            [("A", None, "### x\n\ntext"), ("B", None, "### y\n\nmore")]
        );
    }
}
