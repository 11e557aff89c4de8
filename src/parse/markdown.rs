//! Parses an answer's Markdown (CommonMark with tables, footnotes, strikethrough, task lists and
//! heading ids) into events kept for rendering once its links are resolved, and extracts its
//! plain text, headings and links.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::highlight::{self, UnknownLanguage};
use crate::sanitize::{self, UnsafePart};

/// An answer, parsed; rendered to HTML by [`to_html`] once links are resolved.
#[derive(Debug, Default)]
pub struct Answer {
    /// The parsed events, until the first rendering takes them: they are the largest part of
    /// a parsed site (about 90 MB at 10,000 entries). A later rendering (in `serve`, when a
    /// link target moved) parses the body again, which gives the same events.
    events: std::sync::Mutex<Vec<Event<'static>>>,
    /// Plain text, for descriptions, similarity and lint.
    pub text: String,
    /// The answer's headings in order.
    pub headings: Vec<Heading>,
    /// Every link in the answer, in order.
    pub links: Vec<Link>,
    /// Raw HTML or a link with a scheme that may run code: the HTML needs cleaning.
    pub needs_cleaning: bool,
    /// What cleaning will remove, located in the entry's file.
    pub unsafe_parts: Vec<UnsafePart>,
    /// Fenced code blocks in a language faqgen has no grammar for.
    pub unknown_languages: Vec<UnknownLanguage>,
    /// How deep its blocks and spans nest (a list in a list in a quote is 3).
    pub depth: usize,
    /// Where the answer starts in its file (after the front matter).
    pub offset: usize,
}

/// One heading of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub id: String,
    pub title: String,
    pub level: u8,
}

/// A link written in an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written: `@/causes/x.md#id`, `../x.md`, `#id`, `https://…`.
    pub destination: String,
    /// Byte range of the destination in the entry's file.
    pub span: Range<usize>,
}

/// How to render an answer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style<'a> {
    /// Prefix for every id (and same-page link), so many answers can share one page.
    pub id_prefix: Option<&'a str>,
    /// A visible `#` link beside each heading, for copying a link to that section, with this
    /// label for screen readers (`heading_link` in the theme's strings).
    pub heading_link: Option<&'a str>,
}

/// The Markdown extensions faqgen renders (`import` reads sources with the same ones).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses `markdown`, the body of a file that starts at byte `offset` of that file.
pub fn parse(markdown: &str, offset: usize) -> Answer {
    let mut events = Vec::new();
    let mut links = Vec::new();
    let mut needs_cleaning = false;
    let mut unsafe_parts = Vec::new();
    let mut unknown_languages = Vec::new();
    let (mut level, mut depth) = (0usize, 0usize);
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match &event {
            Event::Start(_) => {
                level += 1;
                depth = depth.max(level);
            }
            Event::End(_) => level = level.saturating_sub(1),
            _ => {}
        }
        match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let span = destination_span(markdown, range.clone(), dest_url);
                let is_link = matches!(&event, Event::Start(Tag::Link { .. }));
                if !sanitize::url_is_allowed(dest_url) {
                    needs_cleaning = true;
                    unsafe_parts.push(UnsafePart {
                        span: offset + span.start..offset + span.end,
                        message: format!(
                            "{} is not allowed and is removed",
                            sanitize::describe_url(dest_url)
                        ),
                    });
                } else if is_link {
                    links.push(Link {
                        destination: dest_url.to_string(),
                        span: offset + span.start..offset + span.end,
                    });
                }
            }
            // A block of HTML is read whole, as written, so that a tag spread over several
            // lines is read as one; its lines then come as `Html` events, already read.
            Event::Start(Tag::HtmlBlock) => {
                needs_cleaning = true;
                let at = offset + range.start;
                unsafe_parts.extend(located(&markdown[range.clone()], at));
            }
            Event::Html(_) => {}
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                if matches!(highlight::language(info), highlight::Language::Unknown) {
                    let name = highlight::name(info);
                    let written = &markdown[range.clone()];
                    let start = range.start + written.find(name).unwrap_or(0);
                    unknown_languages.push(UnknownLanguage {
                        span: offset + start..offset + start + name.len(),
                        name: name.to_string(),
                    });
                }
            }
            Event::InlineHtml(html) => {
                needs_cleaning = true;
                let written = &markdown[range.clone()];
                let at = offset + range.start + written.find(html.as_ref()).unwrap_or(0);
                unsafe_parts.extend(located(html, at));
            }
            // `## Title {onclick=…}`: attributes beyond the ordinary ones are removed too.
            Event::Start(Tag::Heading { attrs, .. }) => {
                for (name, _) in attrs {
                    needs_cleaning = true;
                    if sanitize::heading_attribute_is_allowed(name) {
                        continue;
                    }
                    let written = &markdown[range.clone()];
                    let start = range.start + written.rfind(name.as_ref()).unwrap_or(0);
                    unsafe_parts.push(UnsafePart {
                        span: offset + start..offset + start + name.len(),
                        message: format!(
                            "the heading attribute `{name}` is not allowed and is removed"
                        ),
                    });
                }
            }
            _ => {}
        }
        events.push(event.into_static());
    }
    let headings = assign_heading_ids(&mut events);
    let text = plain_text(&events);
    Answer {
        events: std::sync::Mutex::new(events),
        text,
        headings,
        links,
        needs_cleaning,
        unsafe_parts,
        unknown_languages,
        depth,
        offset,
    }
}

/// What cleaning removes from the raw HTML `html`, written at byte `at` of the file.
fn located(html: &str, at: usize) -> impl Iterator<Item = UnsafePart> {
    sanitize::unsafe_parts(html)
        .into_iter()
        .map(move |part| UnsafePart {
            span: at + part.span.start..at + part.span.end,
            message: part.message,
        })
}

/// Where the destination of the link or image written at `range` is: the destination itself,
/// not the link text (or the whole link when it cannot be found, as for a reference link).
fn destination_span(markdown: &str, range: Range<usize>, destination: &str) -> Range<usize> {
    let written = &markdown[range.clone()];
    // After the last `](` that precedes it: not in the link's text, nor in its title.
    let after = written.rfind("](").map_or(0, |i| i + 2);
    match written[after..].find(destination) {
        Some(i) if !destination.is_empty() => {
            let start = range.start + after + i;
            start..start + destination.len()
        }
        _ => range,
    }
}

impl Answer {
    /// The answer's events: those kept from parsing the first time, the body of `file_text`
    /// (the entry's file, which the answer was parsed from) parsed again after that.
    pub fn events(&self, file_text: &str) -> Vec<Event<'static>> {
        let kept = self
            .events
            .lock()
            .map(|mut events| std::mem::take(&mut *events))
            .unwrap_or_default();
        if !kept.is_empty() {
            return kept;
        }
        let body = file_text.get(self.offset..).unwrap_or_default();
        let parsed = parse(body, self.offset);
        parsed.events.into_inner().unwrap_or_default()
    }
}

/// HTML of an answer's `events`, with each link destination replaced as `resolved` says.
pub fn to_html(
    events: &[Event<'static>],
    resolved: &HashMap<String, String>,
    style: Style,
) -> String {
    let mut heading_id: Option<String> = None;
    let events = events.iter().cloned().flat_map(|event| {
            let mut extra = None;
            let event = match event {
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest_url = match resolved.get(dest_url.as_ref()) {
                        Some(url) => CowStr::from(url.clone()),
                        None => dest_url,
                    };
                    Event::Start(Tag::Link { link_type, dest_url, title, id })
                }
                Event::Start(Tag::Heading { ref id, .. }) => {
                    heading_id = id.as_ref().map(|id| id.to_string());
                    event
                }
                Event::End(TagEnd::Heading(_)) if style.heading_link.is_some() => {
                    if let (Some(id), Some(label)) = (heading_id.take(), style.heading_link) {
                        let escaped = sanitize::escape(label);
                        extra = Some(Event::InlineHtml(CowStr::from(format!(
                            "<a class=\"heading-anchor\" href=\"#{id}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">{escaped}</span></a>"
                        ))));
                    }
                    event
                }
                other => other,
            };
            let event = match style.id_prefix {
                Some(prefix) => prefix_ids(event, prefix),
                None => event,
            };
            extra.into_iter().chain(std::iter::once(event))
        });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Gives every heading an id: its own `{#id}`, or one made from its text, deduplicated.
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut ids = crate::slug::UniqueNames::default();
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
            let unique = ids.claim(&base, 1);
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
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if dest_url.starts_with('#') => {
            let dest_url = CowStr::from(format!("#{prefix}-{}", &dest_url[1..]));
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    // Inside an inline `<script>` or `<style>`: code, not words (and removed from the page).
    let mut in_code_tag = false;
    for event in events {
        match event {
            Event::InlineHtml(html) => {
                let tag = html.trim_start().to_ascii_lowercase();
                if tag.starts_with("<script") || tag.starts_with("<style") {
                    in_code_tag = true;
                } else if tag.starts_with("</script") || tag.starts_with("</style") {
                    in_code_tag = false;
                }
            }
            Event::Text(_) if in_code_tag => {}
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

    fn html(markdown: &str, style: Style) -> String {
        to_html(&parse(markdown, 0).events(markdown), &HashMap::new(), style)
    }

    #[test]
    fn events_are_parsed_again_once_taken() {
        let file = "---\nquestion: Q?\n---\nSome *answer* with [a link](@/x.md).\n";
        let offset = file.find("Some").unwrap();
        let answer = parse(&file[offset..], offset);
        let first = answer.events(file);
        assert!(!first.is_empty());
        assert_eq!(answer.events(file), first);
    }

    #[test]
    fn extensions_are_on() {
        let md = "| a |\n|---|\n| b |\n\n~~no~~ - [x] done\n\nNote[^1]\n\n[^1]: x\n";
        let plain = html(md, Style::default());
        assert!(plain.contains("<table>"), "{plain}");
        assert!(plain.contains("<del>no</del>"), "{plain}");
        assert!(plain.contains("href=\"#1\""), "{plain}");
        let embedded = html(
            md,
            Style {
                id_prefix: Some("e"),
                heading_link: None,
            },
        );
        assert!(embedded.contains("href=\"#e-1\""), "{embedded}");
    }

    #[test]
    fn headings_get_unique_ids_and_custom_ids_are_kept() {
        let answer = parse(
            "## Heat or ice\n\n## Heat or ice\n\n### Custom {#mine}\n",
            0,
        );
        let ids: Vec<_> = answer.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["heat-or-ice", "heat-or-ice-1", "mine"]);
        let events = answer.events("");
        let plain = to_html(&events, &HashMap::new(), Style::default());
        assert!(
            plain.contains("<h2 id=\"heat-or-ice\">Heat or ice</h2>"),
            "{plain}"
        );
        let embedded = to_html(
            &events,
            &HashMap::new(),
            Style {
                id_prefix: Some("e"),
                heading_link: None,
            },
        );
        assert!(embedded.contains("<h3 id=\"e-mine\">"), "{embedded}");
    }

    #[test]
    fn heading_anchors_link_to_their_heading() {
        let page = html(
            "## Rest\n",
            Style {
                id_prefix: None,
                heading_link: Some("Link to this section"),
            },
        );
        assert!(
            page.contains("<h2 id=\"rest\">Rest<a class=\"heading-anchor\" href=\"#rest\">"),
            "{page}"
        );
    }

    #[test]
    fn links_are_found_with_their_position_and_rewritten() {
        let body = "See [that](@/a/b.md#x) and [this](#here).\n";
        let answer = parse(body, 100);
        let found: Vec<_> = answer
            .links
            .iter()
            .map(|l| (l.destination.as_str(), l.span.clone()))
            .collect();
        assert_eq!(found, [("@/a/b.md#x", 111..121), ("#here", 134..139)]);
        assert_eq!(&body[11..21], "@/a/b.md#x");
        let resolved = HashMap::from([("@/a/b.md#x".to_string(), "/faq/a/b/#x".to_string())]);
        let events = answer.events("");
        let page = to_html(&events, &resolved, Style::default());
        assert!(page.contains("href=\"/faq/a/b/#x\""), "{page}");
        let embedded = to_html(
            &events,
            &resolved,
            Style {
                id_prefix: Some("e"),
                heading_link: None,
            },
        );
        assert!(embedded.contains("href=\"#e-here\""), "{embedded}");
    }

    #[test]
    fn unknown_code_languages_are_found_where_written() {
        let body = "Run:\n\n```bash\nls\n```\n\n~~~ rusty,ignore\nx\n~~~\n";
        let answer = parse(body, 10);
        let found: Vec<_> = answer
            .unknown_languages
            .iter()
            .map(|u| (u.name.as_str(), u.span.clone()))
            .collect();
        assert_eq!(found, [("rusty", 36..41)]);
        assert_eq!(&body[26..31], "rusty");
    }

    #[test]
    fn a_destination_is_found_after_the_text_and_before_the_title() {
        let body = "[x.md](x.md \"about x.md\") and [ref][r]\n\n[r]: y.md\n";
        let answer = parse(body, 0);
        assert_eq!(answer.links[0].span, 7..11);
        // A reference link's destination is not in the link: the whole link is given.
        assert_eq!(&body[answer.links[1].span.clone()], "[ref][r]");
    }

    #[test]
    fn plain_text_separates_blocks() {
        assert_eq!(
            parse("Rest.\n\n1. Ice\n2. *Heat*\n", 0).text,
            "Rest. Ice Heat"
        );
    }
}
