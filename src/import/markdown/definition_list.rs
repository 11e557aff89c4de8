//! Questions as the terms of definition lists (`Why?` then `: Because.`), as Hugo's
//! documentation writes its FAQ.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::headings::collapse_spaces;
use super::site_syntax::{Contents, Definition, append_used_definitions};
use super::{Document, Imported, line_of, options, without, without_rules};

/// Whether `text` has questions as the terms of definition lists (`Why?` then `: Because.`),
/// as Hugo's documentation writes its FAQ.
pub(super) fn has_definition_questions(text: &str) -> bool {
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
pub(super) fn read_definition_lists(
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
                    answer_line: line_of(text, range.start),
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
pub(super) fn dedent(text: &str) -> String {
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
