//! The links of an imported answer, made to work on the new site: a link to another question of
//! the document (`#colors`, `<a href="#colors">`) becomes an `@/` link to its entry; a link to
//! a file of the source's project becomes absolute when the source's address is known, and is
//! otherwise kept and reported; a link to something that is no page of the new site (the
//! document's title, a section) keeps its text and loses its link, and says so.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// What an `#anchor` of the source names.
#[derive(Debug, Clone)]
pub enum Target {
    /// An entry (or a heading in one), as an `@/` link.
    Entry(String),
    /// Something that is not a page of the new site.
    NotAQuestion(&'static str),
}

pub struct Rewritten {
    pub text: String,
    /// What changed that the user should know, each with its byte offset in the answer.
    pub notes: Vec<(usize, String)>,
}

/// `answer` with its links rewritten; what changed that the user should know.
pub fn rewrite(
    answer: &str,
    targets: &HashMap<&str, Target>,
    source_url: Option<&url::Url>,
) -> Rewritten {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut notes = Vec::new();
    let dropped = back_to_top(answer, targets);
    if let Some(first) = dropped.first() {
        notes.push((
            first.start,
            format!(
                "{} “back to top” link{} dropped",
                dropped.len(),
                if dropped.len() == 1 { "" } else { "s" }
            ),
        ));
    }
    let without_back_links: String;
    let answer = if dropped.is_empty() {
        answer
    } else {
        let mut kept = String::new();
        let mut at = 0;
        for range in &dropped {
            kept.push_str(&answer[at..range.start]);
            at = range.end;
        }
        kept.push_str(&answer[at..]);
        without_back_links = kept.trim_end().to_string();
        &without_back_links
    };

    let parser = Parser::new_ext(answer, Options::all());
    // Reference definitions first: `[x]: #colors` serves every `[text][x]`.
    for (_, definition) in parser.reference_definitions().iter() {
        let span = definition.span.clone();
        if let Some(at) = answer[span.clone()].find(definition.dest.as_ref()) {
            let dest_range = span.start + at..span.start + at + definition.dest.len();
            let at = Noted {
                offset: span.start,
                image: false,
            };
            match destination(&definition.dest, targets, source_url, at, &mut notes) {
                Change::To(new) => edits.push((dest_range, new)),
                Change::Unlink | Change::Keep => {}
            }
        }
    }
    let mut stack: Vec<Option<Range<usize>>> = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let image = matches!(tag, Tag::Image { .. });
                let (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = tag else {
                    continue;
                };
                let written = &answer[range.clone()];
                // An inline link names its destination after `](`; a reference one does not.
                let inline_at = written
                    .rfind("](")
                    .and_then(|open| written[open..].find(dest_url.as_ref()).map(|i| open + i));
                let Some(at) = inline_at.filter(|_| !dest_url.is_empty()) else {
                    stack.push(None);
                    continue;
                };
                let noted = Noted {
                    offset: range.start,
                    image,
                };
                match destination(&dest_url, targets, source_url, noted, &mut notes) {
                    Change::To(new) => {
                        edits.push((range.start + at..range.start + at + dest_url.len(), new));
                        stack.push(None);
                    }
                    Change::Unlink => stack.push(Some(range)),
                    Change::Keep => stack.push(None),
                }
            }
            Event::End(pulldown_cmark::TagEnd::Link | pulldown_cmark::TagEnd::Image) => {
                if let Some(Some(range)) = stack.pop() {
                    // The link's text, without its brackets and destination.
                    let written = &answer[range.clone()];
                    let text_end = written.rfind("](").unwrap_or(written.len());
                    let text = written.get(1..text_end).unwrap_or(written);
                    edits.push((range, text.to_string()));
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                html_links(
                    answer, &range, &html, targets, source_url, &mut notes, &mut edits,
                );
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut text = String::with_capacity(answer.len());
    let mut at = 0;
    for (range, new) in edits {
        if range.start < at {
            continue;
        }
        text.push_str(&answer[at..range.start]);
        text.push_str(&new);
        at = range.end;
    }
    text.push_str(&answer[at..]);
    Rewritten { text, notes }
}

enum Change {
    To(String),
    Unlink,
    Keep,
}

/// Where a destination is written, and whether it is an image's.
#[derive(Clone, Copy)]
struct Noted {
    offset: usize,
    image: bool,
}

/// Whether `base` is a file's page on a code host (`…/blob/main/docs/`): relative paths are
/// files of the repository there, but a path from the root (`/guide/x`) is a page of the
/// project's own site, which the code host does not have.
fn is_code_host(base: &url::Url) -> bool {
    let path = base.path();
    path.contains("/blob/")
        || path.contains("/tree/")
        || path.contains("/-/blob/")
        || path.contains("/src/branch/")
}

fn destination(
    dest: &str,
    targets: &HashMap<&str, Target>,
    source_url: Option<&url::Url>,
    at: Noted,
    notes: &mut Vec<(usize, String)>,
) -> Change {
    let mut note = |message: String| notes.push((at.offset, message));
    if let Some(fragment) = dest.strip_prefix('#') {
        let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        return match targets
            .get(fragment)
            .or_else(|| targets.get(decoded.as_ref()))
            .or_else(|| targets.get(fragment.to_lowercase().as_str()))
        {
            Some(Target::Entry(link)) => Change::To(link.clone()),
            Some(Target::NotAQuestion(what)) => {
                note(format!(
                    "link to `{dest}` ({what}, not a question): its text kept, the link removed"
                ));
                Change::Unlink
            }
            None => {
                note(format!(
                    "link to `{dest}`, which names nothing in the document: its text kept, the link removed"
                ));
                Change::Unlink
            }
        };
    }
    if let Some(link) = file_target(dest, targets) {
        return Change::To(link);
    }
    let has_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || dest.starts_with("//") || dest.starts_with("@/") {
        return Change::Keep;
    }
    let from_root = dest.starts_with('/');
    let base = source_url.filter(|base| !(from_root && is_code_host(base)));
    let code_host = base.is_some_and(is_code_host);
    match base.and_then(|base| base.join(dest).ok()) {
        // A code host shows a file's page at `blob/`; an image must come from `raw/`.
        Some(absolute) if at.image && code_host => {
            Change::To(absolute.to_string().replacen("/blob/", "/raw/", 1))
        }
        Some(absolute) => Change::To(absolute.to_string()),
        None if from_root => {
            let hint = match source_url {
                Some(_) => "give --source-url the address of the published site to keep it",
                None => "give --source-url to keep it",
            };
            note(format!(
                "link to `{dest}` (a path on the source's site): its text kept, the link removed; {hint}"
            ));
            Change::Unlink
        }
        None => {
            note(format!(
                "warning: link to `{dest}` (a file of the source, not imported) kept as written; it will not work on the site: give --source-url to make it absolute"
            ));
            Change::Keep
        }
    }
}

/// A link to another imported file (`@/faq/card.md`, `../card.md#x`, as Zola and GitHub
/// write them): the `@/` link to its entry, the fragment kept.
fn file_target(dest: &str, targets: &HashMap<&str, Target>) -> Option<String> {
    let (path, fragment) = dest
        .split_once('#')
        .map_or((dest, None), |(p, f)| (p, Some(f)));
    let has_scheme = path.contains("://") || path.starts_with("mailto:");
    if path.is_empty() || has_scheme {
        return None;
    }
    let by_address = !(path.starts_with("@/") || path.ends_with(".md"));
    let names_file: Box<dyn Fn(&str) -> bool> = if by_address {
        // A page of the same folder by its address (`/faq/who-runs-it/`, `who-runs-it`), as
        // Zola and Hugo pages link each other: its last part names the file.
        let last = path.trim_end_matches('/').rsplit('/').next()?.to_string();
        Box::new(move |file: &str| {
            let stem = file.trim_end_matches(".md").trim_end_matches("/index");
            !last.is_empty() && stem.rsplit('/').next().unwrap_or(stem) == last
        })
    } else {
        let path: Vec<&str> = path
            .trim_start_matches("@/")
            .split('/')
            .filter(|p| !matches!(*p, "" | "." | ".."))
            .collect();
        let path = path.join("/");
        Box::new(move |file: &str| {
            path == file
                || path.ends_with(&format!("/{file}"))
                || file.ends_with(&format!("/{path}"))
        })
    };
    // The first file in name order, so that the link does not depend on the map's order.
    let (_, link) = targets
        .iter()
        .filter_map(|(key, target)| match (key.strip_prefix("file:"), target) {
            (Some(file), Target::Entry(link)) if names_file(file) => Some((*key, link)),
            _ => None,
        })
        .min_by_key(|(key, _)| *key)?;
    Some(match fragment {
        Some(f) => format!("{link}#{f}"),
        None => link.clone(),
    })
}

/// `href`/`src` values of a piece of inline or block HTML. `<a href="#x">text</a>` becomes a
/// Markdown link, which the build resolves; a relative `href` or `src` becomes absolute.
fn html_links(
    answer: &str,
    range: &Range<usize>,
    html: &str,
    targets: &HashMap<&str, Target>,
    source_url: Option<&url::Url>,
    notes: &mut Vec<(usize, String)>,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    for attribute in ["href=\"", "src=\"", "href='", "src='"] {
        let quote = attribute.chars().last().unwrap_or('"');
        let mut from = 0;
        while let Some(found) = html[from..].find(attribute) {
            let start = from + found + attribute.len();
            let Some(len) = html[start..].find(quote) else {
                break;
            };
            from = start + len;
            let dest = &html[start..start + len];
            let absolute = range.start + start..range.start + start + len;
            let at = Noted {
                offset: range.start + start,
                image: attribute.starts_with("src"),
            };
            let change = destination(dest, targets, source_url, at, notes);
            // The whole `<a …>text</a>`, when its text is plain.
            let element = || {
                let tag_start = range.start + html[..start].rfind('<')?;
                let rest = &answer[range.start + from..];
                let inner_start = rest.find('>')? + 1;
                let close = rest.find("</a>")?;
                let inner = rest.get(inner_start..close)?;
                (!inner.contains('<')).then(|| {
                    (
                        tag_start..range.start + from + close + "</a>".len(),
                        inner.to_string(),
                    )
                })
            };
            let is_link = attribute.starts_with("href");
            match change {
                // An `@/` link works in Markdown only.
                Change::To(link) if link.starts_with("@/") && is_link => {
                    if let Some((whole, inner)) = element() {
                        edits.push((whole, format!("[{inner}]({link})")));
                    }
                }
                Change::To(new) => edits.push((absolute, new)),
                Change::Unlink if is_link => {
                    if let Some((whole, inner)) = element() {
                        edits.push((whole, inner));
                    }
                }
                Change::Unlink | Change::Keep => {}
            }
        }
    }
}

/// Paragraphs that are nothing but a link back to the top (`[Back to top](#top)`), which the
/// entry's page does not need.
fn back_to_top(answer: &str, targets: &HashMap<&str, Target>) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(answer, Options::all()).into_offset_iter() {
        if !matches!(event, Event::Start(Tag::Paragraph)) {
            continue;
        }
        let written = answer[range.clone()].trim();
        let fragment = written
            .strip_prefix('[')
            .and_then(|rest| rest.split_once("](#"))
            .filter(|(text, _)| !text.contains(']'))
            .and_then(|(_, rest)| rest.strip_suffix(')'));
        let is_top = fragment.is_some_and(|f| {
            matches!(targets.get(f), Some(Target::NotAQuestion(_)))
                || matches!(f, "top" | "contents" | "table-of-contents" | "toc")
        });
        if is_top {
            found.push(range);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> HashMap<&'static str, Target> {
        HashMap::from([
            ("colors", Target::Entry("@/faq/colors.md".to_string())),
            ("top", Target::NotAQuestion("the document's title")),
        ])
    }

    #[test]
    fn links_to_questions_become_at_links_and_files_absolute() {
        let base = url::Url::parse("https://github.com/o/r/blob/main/docs/").unwrap();
        let answer = "See [colors](#colors), [ref][c], <a href=\"#colors\">the colours</a>, [guide](guide.md), ![x](img/x.png) and [back](#top).\n\n[c]: #colors\n";
        let out = rewrite(answer, &targets(), Some(&base));
        assert_eq!(
            out.text,
            "See [colors](@/faq/colors.md), [ref][c], [the colours](@/faq/colors.md), [guide](https://github.com/o/r/blob/main/docs/guide.md), ![x](https://github.com/o/r/raw/main/docs/img/x.png) and back.\n\n[c]: @/faq/colors.md\n"
        );
        assert_eq!(out.notes.len(), 1, "{:?}", out.notes);
    }

    #[test]
    fn without_a_source_url_file_links_are_kept_and_reported() {
        let out = rewrite("[guide](../guide.md) [gone](#nowhere)", &targets(), None);
        assert_eq!(out.text, "[guide](../guide.md) gone");
        assert!(out.notes[0].1.contains("`../guide.md`") && out.notes[0].1.starts_with("warning"));
        assert!(out.notes[1].1.contains("names nothing"));
    }

    #[test]
    fn paths_from_the_root_need_the_published_site_not_the_repository() {
        let repository = url::Url::parse("https://github.com/o/r/blob/main/docs/").unwrap();
        let out = rewrite(
            "[team](/about/team) and [guide](guide.md)",
            &targets(),
            Some(&repository),
        );
        assert_eq!(
            out.text,
            "team and [guide](https://github.com/o/r/blob/main/docs/guide.md)"
        );
        assert!(
            out.notes[0].1.contains("the address of the published site"),
            "{:?}",
            out.notes
        );
        let site = url::Url::parse("https://example.org/docs/faq/").unwrap();
        let out = rewrite("[team](/about/team)", &targets(), Some(&site));
        assert_eq!(out.text, "[team](https://example.org/about/team)");
        assert!(out.notes.is_empty());
    }
}
