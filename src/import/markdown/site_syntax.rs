//! What other site generators put in a Markdown document that is not part of any answer:
//! front matter and kramdown attribute lines (masked, offsets kept), tables of contents, and
//! the link reference definitions that answers share.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::headings::Heading;
use super::{Document, line_of, options};

/// A list (or a heading over a list) that only links to the document's own headings.
#[derive(Debug)]
pub(super) struct Contents {
    pub(super) range: Range<usize>,
    pub(super) links: usize,
}

/// Lists whose links mostly go to the document's own headings: tables of contents.
pub(super) fn tables_of_contents<'a>(
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

/// A link reference definition (`[label]: destination "title"`), wherever it is written.
pub(super) struct Definition {
    pub(super) label: String,
    pub(super) range: Range<usize>,
    pub(super) written: String,
}

pub(super) fn reference_definitions(text: &str) -> Vec<Definition> {
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
pub(super) fn append_used_definitions(answer: &mut String, definitions: &[Definition]) {
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
pub(super) fn mask_site_syntax(source: &str, document: &mut Document) -> String {
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
    let mut fence: Option<&str> = None;
    let mut skip_until = 0;
    for line in source.split_inclusive('\n') {
        let range = offset..offset + line.len();
        offset += line.len();
        let trimmed = line.trim();
        if range.start < skip_until {
            continue;
        }
        // Nothing inside a code block is the page's own.
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(open);
            continue;
        }
        // A page's own `<style>` or `<script>` (Vue components, anchor styling): not part of
        // any answer, where the build would remove it anyway.
        let lower = line.to_ascii_lowercase();
        if let Some(tag) = ["script", "style"]
            .into_iter()
            .find(|tag| lower.starts_with(&format!("<{tag}")))
        {
            let close = format!("</{tag}>");
            let end = source[range.start..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(source.len(), |at| range.start + at + close.len());
            let end = source[end..].find('\n').map_or(source.len(), |nl| end + nl);
            document.note(
                line_of(source, range.start),
                format!("a `<{tag}>` block of the page (not part of an answer): dropped"),
            );
            blank(range.start..end);
            skip_until = end;
            continue;
        }
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
