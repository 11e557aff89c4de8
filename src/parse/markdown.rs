//! Renders an answer's Markdown to HTML (CommonMark with tables, footnotes, strikethrough, task
//! lists and heading ids), and extracts its plain text and headings.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// An answer, rendered.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// HTML for the entry's own page.
    pub html: String,
    /// The same HTML with every id prefixed, so many answers can share one page (the home page
    /// and category pages) without duplicate ids.
    pub embedded_html: String,
    /// Plain text, for descriptions and feeds.
    pub text: String,
    /// The answer's headings in order.
    pub headings: Vec<Heading>,
}

/// One heading of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub id: String,
    pub title: String,
    pub level: u8,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `markdown`; `id_prefix` makes the ids of `embedded_html` unique on a shared page.
pub fn render(markdown: &str, id_prefix: &str) -> Answer {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let headings = assign_heading_ids(&mut events);
    let text = plain_text(&events);
    let html = to_html(events.iter().cloned());
    let embedded_html = to_html(events.into_iter().map(|event| prefix_ids(event, id_prefix)));
    Answer {
        html,
        embedded_html,
        text,
        headings,
    }
}

fn to_html<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Gives every heading an id: its own `{#id}`, or one made from its text, deduplicated.
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used = std::collections::HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|id| id.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    title.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let slug = crate::slug::slugify(&title);
                if slug.is_empty() {
                    "section".to_string()
                } else {
                    slug
                }
            });
            let mut unique = base.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading {
                id: unique,
                title,
                level,
            });
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn prefix_ids<'a>(event: Event<'a>, prefix: &str) -> Event<'a> {
    let prefixed = |id: &str| CowStr::from(format!("{prefix}-{id}"));
    match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level,
            id: id.map(|id| prefixed(&id)),
            classes,
            attrs,
        }),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Start(Tag::FootnoteDefinition(prefixed(&label)))
        }
        Event::FootnoteReference(label) => Event::FootnoteReference(prefixed(&label)),
        other => other,
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) if !text.ends_with(' ') => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_on() {
        let answer = render(
            "| a |\n|---|\n| b |\n\n~~no~~ - [x] done\n\nNote[^1]\n\n[^1]: x\n",
            "e",
        );
        assert!(answer.html.contains("<table>"), "{}", answer.html);
        assert!(answer.html.contains("<del>no</del>"), "{}", answer.html);
        assert!(answer.html.contains("href=\"#1\""), "{}", answer.html);
        assert!(
            answer.embedded_html.contains("href=\"#e-1\""),
            "{}",
            answer.embedded_html
        );
    }

    #[test]
    fn headings_get_unique_ids_and_custom_ids_are_kept() {
        let answer = render(
            "## Heat or ice\n\n## Heat or ice\n\n### Custom {#mine}\n",
            "e",
        );
        let ids: Vec<_> = answer.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["heat-or-ice", "heat-or-ice-1", "mine"]);
        assert!(
            answer.html.contains("<h2 id=\"heat-or-ice\">"),
            "{}",
            answer.html
        );
        assert!(
            answer.embedded_html.contains("<h3 id=\"e-mine\">"),
            "{}",
            answer.embedded_html
        );
    }

    #[test]
    fn plain_text_separates_blocks() {
        let answer = render("Rest.\n\n1. Ice\n2. *Heat*\n", "e");
        assert_eq!(answer.text, "Rest. Ice Heat");
    }
}
