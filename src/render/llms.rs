//! The site for AI assistants, in Markdown, after llmstxt.org's convention: `llms.txt` (the
//! site's title and description, and its questions by category, each linked), `llms-full.txt`
//! (every question with its answer), and each entry as `index.html.md` beside its page (the
//! page's address with `.md` appended). Answers are the author's Markdown, with links made
//! absolute; one whose HTML cleaning changes is made from the cleaned HTML instead.

use std::fmt::Write as _;

use crate::link::{LinkedEntry, Site};

/// `llms.txt`: the site's title and description, then a section per category with a link to
/// each question's Markdown (or page) and a line of its answer.
pub fn index(site: &Site, summary: impl Fn(&LinkedEntry) -> String, others: &[Other]) -> String {
    let mut out = head(site);
    for (title, entries) in sections(site) {
        let _ = write!(out, "\n## {}\n\n", escape(&title));
        for &e in entries {
            let entry = &site.entries[e];
            let _ = writeln!(
                out,
                "- [{}]({}): {}",
                escape(&entry.entry.question),
                read_url(site, entry),
                summary(entry).replace('\n', " ")
            );
        }
    }
    out.push_str("\n## Optional\n\n");
    let full = site.config.base_url.absolute(LLMS_FULL);
    let _ = writeln!(out, "- [{LLMS_FULL}]({full})");
    for other in others {
        let _ = writeln!(out, "- [{}]({})", escape(&other.name), other.url);
    }
    out
}

/// `llms-full.txt`: the site's title and description, then every question with its answer.
pub fn full(site: &Site, sanitize: bool) -> String {
    let mut out = head(site);
    for (title, entries) in sections(site) {
        let _ = write!(out, "\n## {}\n", escape(&title));
        for &e in entries {
            let entry = &site.entries[e];
            let _ = write!(
                out,
                "\n### {}\n\n<{}>\n\n{}\n",
                escape(&entry.entry.question),
                site.config.base_url.absolute(&entry.path),
                answer(site, entry, sanitize).trim()
            );
        }
    }
    out
}

/// An entry as Markdown: its question as the title, its answer, and its page's address.
pub fn entry(site: &Site, entry: &LinkedEntry, sanitize: bool) -> String {
    format!(
        "# {}\n\n{}\n\n<{}>\n",
        escape(&entry.entry.question),
        answer(site, entry, sanitize).trim(),
        site.config.base_url.absolute(&entry.path)
    )
}

/// The file names, at the root of each language's folder.
pub const LLMS_INDEX: &str = "llms.txt";
pub const LLMS_FULL: &str = "llms-full.txt";
/// An entry's Markdown, in its page's folder: the page's address with `.md` appended.
pub const ENTRY_MARKDOWN: &str = "index.html.md";

/// Another language of the site, for the `Optional` section of `llms.txt`.
#[derive(Debug, Clone)]
pub struct Other {
    pub name: String,
    /// The absolute URL of its `llms.txt`.
    pub url: String,
}

fn head(site: &Site) -> String {
    let config = &site.config;
    let mut out = format!("# {}\n", escape(&config.title));
    if !config.description.trim().is_empty() {
        let _ = write!(
            out,
            "\n> {}\n",
            config.description.trim().replace('\n', " ")
        );
    }
    if let Some(notice) = &config.notice {
        let _ = write!(out, "\n{}\n", notice.trim());
    }
    out
}

/// Each category with entries, in site order, titled by its trail (`Loans › Renewals`); the
/// entries at the top of `content/` first, under the site's title.
fn sections(site: &Site) -> impl Iterator<Item = (String, &[usize])> {
    site.categories
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.entries.is_empty())
        .map(|(c, category)| {
            let title = match category.depth {
                0 => site.config.title.clone(),
                _ => trail(site, c),
            };
            (title, category.entries.as_slice())
        })
}

fn trail(site: &Site, mut c: usize) -> String {
    let mut titles = Vec::new();
    while let Some(category) = site.categories.get(c).filter(|c| c.depth > 0) {
        titles.push(category.title.as_str());
        match category.parent {
            Some(parent) => c = parent,
            None => break,
        }
    }
    titles.reverse();
    titles.join(" › ")
}

/// Where an assistant reads an entry: its Markdown when published, else its page.
fn read_url(site: &Site, entry: &LinkedEntry) -> String {
    let page = &entry.path;
    match site.config.markdown_pages {
        true => site
            .config
            .base_url
            .absolute(&format!("{page}{ENTRY_MARKDOWN}")),
        false => site.config.base_url.absolute(page),
    }
}

/// The answer's Markdown as written, with every link resolved to an absolute URL. An answer
/// with HTML that cleaning changes (when `sanitize`) is made from its cleaned HTML instead, so
/// that nothing cleaning removes from the page is published here.
fn answer(site: &Site, entry: &LinkedEntry, sanitize: bool) -> String {
    let file = &entry.entry.file.text;
    let answer = &entry.entry.answer;
    let base = &site.config.base_url;
    let page = base.absolute(&entry.path);
    let origin = base
        .absolute("")
        .strip_suffix(base.path())
        .unwrap_or_default()
        .to_string();
    if sanitize && answer.needs_cleaning {
        let html = entry
            .answer
            .clean_html
            .replace("href=\"/", &format!("href=\"{origin}/"));
        return htmd::convert(&html).unwrap_or_default();
    }
    let mut edits: Vec<(std::ops::Range<usize>, String)> = answer
        .links
        .iter()
        .filter_map(|link| {
            let url = match entry.link_url(&link.destination) {
                Some(url) if url.starts_with('/') => format!("{origin}{url}"),
                Some(url) => url.to_string(),
                None if link.destination.starts_with('#') => {
                    format!("{page}{}", link.destination)
                }
                None => return None,
            };
            Some((link.span.clone(), url))
        })
        .collect();
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    let start = answer.offset.min(file.len());
    let mut out = String::with_capacity(file.len() - start + 64);
    let mut at = start;
    for (span, replacement) in edits {
        // Spans come from the parser, inside the answer; one inside another is skipped.
        let inside = span.start >= at && span.end <= file.len();
        if !inside || !file.is_char_boundary(span.start) || !file.is_char_boundary(span.end) {
            continue;
        }
        out.push_str(&file[at..span.start]);
        out.push_str(&replacement);
        at = span.end;
    }
    out.push_str(file.get(at..).unwrap_or_default());
    out
}

/// The start of an answer, whole sentences up to the first that makes it 40 characters (a
/// sentence ends at `.`, `?`, `!` or `:` followed by a space, or at a Chinese or Japanese full
/// stop): the line `llms.txt` shows of it, before any code the answer goes on to.
pub fn first_sentence(text: &str) -> &str {
    const ENOUGH: usize = 40;
    let mut from = 0;
    loop {
        let end = text[from..].char_indices().find(|&(i, c)| {
            let next = text[from + i + c.len_utf8()..].chars().next();
            matches!(c, '。' | '？' | '！')
                || (matches!(c, '.' | '?' | '!' | ':') && next.is_none_or(char::is_whitespace))
        });
        let Some((i, c)) = end else {
            return text;
        };
        let at = from + i;
        if c == ':' {
            return text[..at].trim_end();
        }
        let sentence = &text[..at + c.len_utf8()];
        if sentence.chars().count() >= ENOUGH || at + c.len_utf8() >= text.len() {
            return sentence;
        }
        from = at + c.len_utf8();
    }
}

/// Markdown's own characters in plain text (a question, a title), escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if matches!(c, '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The file of the output of `entry`'s Markdown.
pub fn entry_file(entry: &LinkedEntry) -> String {
    format!("{}{ENTRY_MARKDOWN}", entry.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_ends_before_what_follows() {
        assert_eq!(
            first_sentence("You need a Rust toolchain that is new enough. Clone it: git clone"),
            "You need a Rust toolchain that is new enough."
        );
        assert_eq!(
            first_sentence("Yes. Plugins are files: see"),
            "Yes. Plugins are files"
        );
        assert_eq!(first_sentence("Run it again: quill update"), "Run it again");
        assert_eq!(first_sentence("Version 1.2 is out"), "Version 1.2 is out");
        let long = format!("{}。", "予約".repeat(20));
        assert_eq!(first_sentence(&format!("{long}次に")), long);
    }

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(
            escape("What does `*` mean [here]?"),
            "What does \\`\\*\\` mean \\[here\\]?"
        );
        assert_eq!(escape("<b>#1</b>"), "\\<b\\>\\#1\\</b\\>");
    }
}
