//! The site for AI assistants, in Markdown, after llmstxt.org's convention: `llms.txt` (the
//! site's title and description, and its questions by category, each linked), `llms-full.txt`
//! (every question with its answer), and each entry as `index.html.md` beside its page (the
//! page's address with `.md` appended). Answers are the author's Markdown, with links made
//! absolute; one whose HTML cleaning changes is made from the cleaned HTML instead.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use super::Renderer;
use crate::link::{LinkedEntry, Site};
use crate::output::OutputFile;

/// The files for assistants, as the renderer makes them.
impl Renderer<'_> {
    /// A hash of every entry's file and links, and of the categories they are under: what
    /// `llms-full.txt` shows.
    pub(super) fn texts(&self) -> u64 {
        let mut hasher = crate::stable_hash::hasher();
        for category in &self.site.categories {
            (&category.title, category.parent, &category.entries).hash(&mut hasher);
        }
        for (e, card) in self.site.entries.iter().zip(self.cards()) {
            (e.entry.text_hash, card).hash(&mut hasher);
        }
        hasher.finish()
    }

    pub(super) fn other_languages_key(&self) -> u64 {
        let others = self.other_languages();
        let pairs: Vec<(&str, &str)> = others
            .iter()
            .map(|o| (o.name.as_str(), o.url.as_str()))
            .collect();
        let mut hasher = crate::stable_hash::hasher();
        pairs.hash(&mut hasher);
        hasher.finish()
    }

    /// The site's other languages, each with the address of its `llms.txt`.
    fn other_languages(&self) -> Vec<Other> {
        let config = &self.site.config;
        config
            .all_languages()
            .filter(|code| *code != config.language)
            .map(|code| {
                let folder = match code == config.default_language {
                    true => config.site_url.clone(),
                    false => config.site_url.under(code),
                };
                Other {
                    name: self.theme.strings_for(code).get("language_name"),
                    url: folder.absolute(LLMS_INDEX),
                }
            })
            .collect()
    }

    pub(super) fn llms_index(&self) -> OutputFile {
        let line = |e: &LinkedEntry| super::pages::summary(first_sentence(&e.entry.answer.text));
        let text = index(self.site, line, &self.other_languages());
        OutputFile {
            path: LLMS_INDEX.to_string(),
            contents: text.into_bytes(),
        }
    }

    pub(super) fn llms_full(&self) -> OutputFile {
        let text = full(self.site, self.site.config.sanitize_html);
        OutputFile {
            path: LLMS_FULL.to_string(),
            contents: text.into_bytes(),
        }
    }

    pub(super) fn entry_markdown_key(&self, e: usize) -> u64 {
        let entry = &self.site.entries[e];
        self.page_key(&(
            "md",
            &entry.path,
            entry.entry.text_hash,
            entry.answer.fingerprint,
        ))
    }

    pub(super) fn entry_markdown(&self, e: usize) -> OutputFile {
        let entry = &self.site.entries[e];
        let text = self::entry(self.site, entry, self.site.config.sanitize_html);
        OutputFile {
            path: entry_file(entry),
            contents: text.into_bytes(),
        }
    }
}

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
                escape(&summary(entry))
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
/// The answers' own headings go three levels down, under the question's `###`, so that no
/// answer can open a section of the file.
pub fn full(site: &Site, sanitize: bool) -> String {
    use rayon::prelude::*;
    let mut out = head(site);
    for (title, entries) in sections(site) {
        let _ = write!(out, "\n## {}\n", escape(&title));
        let answers: Vec<String> = entries
            .par_iter()
            .map(|&e| {
                let entry = &site.entries[e];
                format!(
                    "\n### {}\n\n<{}>\n\n{}\n",
                    escape(&entry.entry.question),
                    site.config.base_url.absolute(&entry.path),
                    demoted(answer(site, entry, sanitize).trim())
                )
            })
            .collect();
        answers.iter().for_each(|answer| out.push_str(answer));
    }
    out
}

/// `markdown` with every ATX heading (`## Title`) three levels lower, outside fenced code.
fn demoted(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 64);
    let mut fence: Option<&str> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(marker)) => fence = Some(marker),
            (Some(open), Some(marker)) if open == marker => fence = None,
            _ => {}
        }
        let indent = line.len() - trimmed.len();
        if fence.is_none() && marker.is_none() && indent < 4 && trimmed.starts_with('#') {
            let level = trimmed.chars().take_while(|&c| c == '#').count();
            let rest = &trimmed[level..];
            if level <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t', '\n'])) {
                out.push_str(&line[..indent]);
                out.push_str(&"#".repeat((level + 3).min(6)));
                out.push_str(rest);
                continue;
            }
        }
        out.push_str(line);
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
        let _ = write!(out, "\n{}\n", escape(notice));
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
            .replace("href=\"/", &format!("href=\"{origin}/"))
            .replace("href=\"#", &format!("href=\"{page}#"));
        return htmd::convert(&html).unwrap_or_default();
    }
    let mut edits: Vec<(std::ops::Range<usize>, String)> = answer
        .links
        .iter()
        .filter_map(|link| {
            // A reference link's span is the whole link: its definition stays as written.
            if file.get(link.span.clone()) != Some(link.destination.as_str()) {
                return None;
            }
            let url = match entry.link_url(&link.destination) {
                Some(url) if url.starts_with('/') => format!("{origin}{url}"),
                Some(url) => url.to_string(),
                None => absolute(&page, &link.destination)?,
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

/// `destination`, written on the page at `page`, as an absolute URL; `None` when it already
/// is one (or has a scheme: `mailto:`).
fn absolute(page: &str, destination: &str) -> Option<String> {
    let has_scheme = destination.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || destination.starts_with("//") {
        return None;
    }
    let base = url::Url::parse(page).ok()?;
    Some(base.join(destination).ok()?.to_string())
}

/// The start of an answer, whole sentences up to the first that makes it 40 characters (a
/// sentence ends at `.`, `?`, `!` or `:` followed by a space, or at a Chinese or Japanese full
/// stop): the line `llms.txt` shows of it, before any code the answer goes on to.
fn first_sentence(text: &str) -> &str {
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
    fn answer_headings_go_under_the_question() {
        let answer = "Intro.\n\n## How\n\n```bash\n# a comment\n```\n\n### Then\n#hashtag\n";
        assert_eq!(
            demoted(answer),
            "Intro.\n\n##### How\n\n```bash\n# a comment\n```\n\n###### Then\n#hashtag\n"
        );
    }

    #[test]
    fn relative_destinations_become_absolute() {
        let page = "https://o.github.io/faq/loans/renew/";
        assert_eq!(
            absolute(page, "/logo.png").as_deref(),
            Some("https://o.github.io/logo.png")
        );
        assert_eq!(
            absolute(page, "other/").as_deref(),
            Some("https://o.github.io/faq/loans/renew/other/")
        );
        assert_eq!(
            absolute(page, "#how").as_deref(),
            Some("https://o.github.io/faq/loans/renew/#how")
        );
        assert_eq!(absolute(page, "mailto:a@b.org"), None);
        assert_eq!(absolute(page, "https://x.org/"), None);
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
