//! Plain-text FAQ documents: a question is a line of its own ending with `?`; the paragraphs
//! after it are its answer. Numbered and bulleted lines become Markdown lists. A title line
//! that repeats the first question is not a second entry.

use std::path::Path;

use super::{Document, Imported, malformed};
use crate::error::Error;

pub fn read(path: &Path, text: &str) -> Result<Document, Error> {
    let mut entries: Vec<Imported> = Vec::new();
    let mut answer: Vec<String> = Vec::new();
    let mut question: Option<(String, usize)> = None;
    for (block, line) in blocks(text) {
        let is_question = block.len() == 1
            && block[0].trim_end().ends_with('?')
            && !block[0].starts_with([' ', '\t']);
        if !is_question {
            if question.is_some() {
                answer.push(markdown_block(&block));
            }
            continue;
        }
        let next = block[0].trim().to_string();
        match question.take() {
            // A title that repeats the question below it.
            Some((previous, _)) if previous == next && answer.is_empty() => {}
            Some((previous, at)) => entries.push(finish(path, previous, at, &mut answer)?),
            None => {}
        }
        question = Some((next, line));
    }
    if let Some((previous, at)) = question {
        entries.push(finish(path, previous, at, &mut answer)?);
    }
    let mut document = Document::new(path);
    document.entries = entries;
    Ok(document)
}

fn finish(
    path: &Path,
    question: String,
    line: usize,
    answer: &mut Vec<String>,
) -> Result<Imported, Error> {
    if answer.is_empty() {
        return Err(malformed(
            path,
            line,
            format!("the question “{question}” has no answer below it"),
        ));
    }
    let answer = std::mem::take(answer).join("\n\n");
    Ok(Imported {
        question,
        answer,
        line,
        ..Imported::default()
    })
}

/// Blocks of non-blank lines, each with the line number it starts on.
fn blocks(text: &str) -> Vec<(Vec<&str>, usize)> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = 1;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push((std::mem::take(&mut current), start));
            }
        } else {
            if current.is_empty() {
                start = i + 1;
            }
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        blocks.push((current, start));
    }
    blocks
}

/// A block as Markdown: list lines become list items, other lines join the item or paragraph.
fn markdown_block(block: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in block {
        let line = line.trim();
        match list_item(line) {
            Some(item) => out.push(item),
            None => match out.last_mut() {
                Some(last) => {
                    last.push(' ');
                    last.push_str(line);
                }
                None => out.push(line.to_string()),
            },
        }
    }
    out.join("\n")
}

/// `1. Text`, `2) Text`, `- Text`, `* Text`, `• Text` as a Markdown list item.
fn list_item(line: &str) -> Option<String> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(text) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(format!("{}. {}", &line[..digits], text.trim()));
        }
    }
    ["- ", "* ", "• ", "– "]
        .iter()
        .find_map(|bullet| line.strip_prefix(bullet))
        .map(|text| format!("- {}", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_answers_lists_and_a_repeated_title() {
        let text = "Why?\n\nWhy?\n\nBecause it is\nso.\n\nHow?\n\nLike this:\n\n  1. One.\n  2. Two\n     more.\n";
        let entries = read(Path::new("faq.txt"), text).unwrap().entries;
        let questions: Vec<_> = entries.iter().map(|e| e.question.as_str()).collect();
        assert_eq!(questions, ["Why?", "How?"]);
        assert_eq!(entries[0].answer, "Because it is so.");
        assert_eq!(entries[1].answer, "Like this:\n\n1. One.\n2. Two more.");
    }

    #[test]
    fn a_question_without_answer_is_an_error_with_its_line() {
        let error = read(Path::new("faq.txt"), "Why?\n\nBecause.\n\nHow?\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "faq.txt:5: the question “How?” has no answer below it"
        );
    }
}
