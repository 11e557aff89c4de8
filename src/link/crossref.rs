//! Links between answers: resolves `@/path.md#id` and relative `.md` links to URLs, checks
//! every heading they name and every same-page `#id`, flags root-absolute links that break
//! under a sub-path, renders the answers, and records backlinks.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::LinkedEntry;
use crate::diagnostic::{self, Diagnostic};
use crate::parse::markdown::to_html;
use crate::parse::{Entry, Style};
use crate::url::BaseUrl;

/// An answer rendered three ways, with its links resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedAnswer {
    /// For the entry's own page: heading ids as written, with a `#` link beside each heading.
    pub page_html: String,
    /// For pages listing many answers: every id prefixed so they stay unique.
    pub embedded_html: String,
    /// Without heading links, for structured data, the feed and the search index.
    pub clean_html: String,
    /// A hash of the three: pages that show the answer compare it instead of its HTML.
    pub fingerprint: u64,
}

/// What a link in an answer points at.
#[derive(Debug, PartialEq, Eq)]
enum Destination<'a> {
    /// Another entry, by source path under `content/`, and maybe one of its headings.
    Entry {
        source: String,
        fragment: Option<&'a str>,
    },
    /// A heading of the same answer.
    SamePage(&'a str),
    /// `/something/`: right only when the site lives at the root of its host.
    RootAbsolute(&'a str),
    /// `https://…`, `mailto:…` and anything else faqgen does not check at build time.
    Other,
}

/// Where the links of a site's answers lead: its own address, and for a translation, the site
/// of the original language, where a link to an entry not translated goes instead.
#[derive(Debug, Clone, Copy)]
pub struct Addresses<'a> {
    pub base: &'a BaseUrl,
    pub original: Option<&'a super::Site>,
}

/// The site in the original language, its entries by source path: where a translation's link
/// to an entry not translated goes.
struct Original<'a> {
    site: &'a super::Site,
    by_source: HashMap<&'a str, &'a LinkedEntry>,
}

impl<'a> Original<'a> {
    fn of(site: &'a super::Site) -> Original<'a> {
        let by_source = site
            .entries
            .iter()
            .map(|e| (e.entry.file.source.as_str(), e))
            .collect();
        Original { site, by_source }
    }
}

/// How answers are rendered: the site's settings and the label of heading links.
#[derive(Debug, Clone, Copy)]
pub struct AnswerStyle<'a> {
    /// Clean answers of anything unsafe (`sanitize_html`).
    pub sanitize: bool,
    /// Highlight fenced code (`highlight_code`).
    pub highlight: bool,
    /// The screen-reader label of the `#` link beside each heading.
    pub heading_link: &'a str,
    /// Highlighted blocks kept from earlier builds.
    pub highlights: &'a crate::highlight::Cache,
}

/// Resolves the links of every answer, renders the answers (cleaned of anything unsafe unless
/// `style.sanitize` is off) and fills in backlinks. What `previous` (the site as last linked, with
/// the same settings) made is reused: an answer whose entry and links' URLs are the same
/// keeps its HTML; when `aligned` (the previous site has the same entries at the same
/// places), an entry whose file and whose links' targets are the same keeps its resolved
/// links.
pub fn answers(
    entries: &mut [LinkedEntry],
    known: &HashSet<String>,
    addresses: Addresses,
    style: AnswerStyle,
    previous: Option<&super::Site>,
    aligned: bool,
) -> Vec<Diagnostic> {
    let index_of: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.entry.file.source.as_str(), i))
        .collect();
    let before: Vec<Option<&LinkedEntry>> = match previous {
        Some(site) if aligned => site.entries.iter().map(Some).collect(),
        Some(site) => {
            let old: HashMap<&str, &LinkedEntry> = site
                .entries
                .iter()
                .map(|e| (e.entry.file.source.as_str(), e))
                .collect();
            entries
                .iter()
                .map(|e| old.get(e.entry.file.source.as_str()).copied())
                .collect()
        }
        None => vec![None; entries.len()],
    };
    let same_file =
        |i: usize| before[i].is_some_and(|old| Arc::ptr_eq(&old.entry, &entries[i].entry));
    let original = addresses.original.map(Original::of);
    let resolved: Vec<Arc<Resolved>> = (0..entries.len())
        .into_par_iter()
        .map(|i| {
            // A translation's links are resolved again each time: one that leads to the
            // original language's site, or to nothing yet, depends on that site too.
            let kept = before[i].filter(|old| {
                aligned
                    && addresses.original.is_none()
                    && same_file(i)
                    && old.resolved.targets.iter().all(|&t| same_file(t))
            });
            match kept {
                Some(old) => Arc::clone(&old.resolved),
                None => Arc::new(resolve(
                    i,
                    entries,
                    &index_of,
                    known,
                    addresses.base,
                    original.as_ref(),
                )),
            }
        })
        .collect();
    let mut diagnostics = Vec::new();
    if style.sanitize {
        diagnostics.extend(entries.iter().flat_map(unsafe_part_warnings));
    }
    if style.highlight {
        diagnostics.extend(entries.iter().flat_map(unknown_language_warnings));
    }
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    for (i, r) in resolved.iter().enumerate() {
        diagnostics.extend(r.diagnostics.iter().cloned());
        for &target in &r.targets {
            if target != i && backlinks[target].last() != Some(&i) {
                backlinks[target].push(i);
            }
        }
    }
    let answers: Vec<Arc<RenderedAnswer>> = (0..entries.len())
        .into_par_iter()
        .map(|i| {
            let unchanged =
                before[i].filter(|old| same_file(i) && old.resolved.urls == resolved[i].urls);
            match unchanged {
                Some(old) => Arc::clone(&old.answer),
                None => Arc::new(render(&entries[i].entry, &resolved[i].urls, style)),
            }
        })
        .collect();
    for (((entry, links), answer), resolved) in
        entries.iter_mut().zip(backlinks).zip(answers).zip(resolved)
    {
        entry.backlinks = links;
        entry.answer = answer;
        entry.resolved = resolved;
    }
    diagnostics
}

/// The answer of `entry` as HTML, three ways, with its links replaced by `urls`.
fn render(entry: &Entry, urls: &HashMap<String, String>, style: AnswerStyle) -> RenderedAnswer {
    let prefix = crate::slug::slugify(entry.file.source.trim_end_matches(".md"));
    let events = entry.answer.events(&entry.file.text);
    // Highlighted once for the two pages readers see; structured data and the feed, read by
    // programs without the stylesheet, keep the code plain.
    let highlighted = crate::highlight::code_blocks(&events, style.highlight, style.highlights);
    let mut rendered = RenderedAnswer {
        page_html: to_html(
            &highlighted,
            urls,
            Style {
                id_prefix: None,
                heading_link: Some(style.heading_link),
            },
        ),
        embedded_html: to_html(
            &highlighted,
            urls,
            Style {
                id_prefix: Some(&prefix),
                heading_link: None,
            },
        ),
        clean_html: to_html(&events, urls, Style::default()),
        fingerprint: 0,
    };
    if style.sanitize && entry.answer.needs_cleaning {
        for html in [
            &mut rendered.page_html,
            &mut rendered.embedded_html,
            &mut rendered.clean_html,
        ] {
            *html = crate::sanitize::clean(html);
        }
    }
    rendered.fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut hasher = crate::stable_hash::hasher();
        (
            &rendered.page_html,
            &rendered.embedded_html,
            &rendered.clean_html,
        )
            .hash(&mut hasher);
        hasher.finish()
    };
    rendered
}

/// Removals reported one by one in an answer; the rest are counted in one more warning, so
/// that a hostile file of a million handlers costs a few lines, not a million.
const MAX_REMOVALS_REPORTED: usize = 20;

/// A warning at each thing cleaning removes from an entry's answer.
fn unsafe_part_warnings(entry: &LinkedEntry) -> Vec<Diagnostic> {
    let file = &entry.entry.file;
    let parts = &entry.entry.answer.unsafe_parts;
    let warning = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::error(&file.path, &file.text, span, message)
            .with_help("answers are published without it; `sanitize_html = false` in faqgen.toml keeps answers' HTML as written, for sites that trust every author")
            .warning()
    };
    let mut warnings: Vec<Diagnostic> = parts
        .iter()
        .take(MAX_REMOVALS_REPORTED)
        .map(|part| warning(part.span.clone(), part.message.clone()))
        .collect();
    if let Some(next) = parts.get(MAX_REMOVALS_REPORTED) {
        let more = parts.len() - MAX_REMOVALS_REPORTED;
        warnings.push(warning(
            next.span.clone(),
            format!("{more} more parts of this answer are not allowed and are removed"),
        ));
    }
    warnings
}

/// A warning at each fenced block in a language faqgen has no grammar for.
fn unknown_language_warnings(entry: &LinkedEntry) -> impl Iterator<Item = Diagnostic> + '_ {
    let file = &entry.entry.file;
    entry.entry.answer.unknown_languages.iter().map(|unknown| {
        let help = match crate::highlight::closest_known(&unknown.name) {
            Some(known) => format!("did you mean `{known}`? (`text` shows a block plain without a warning)"),
            None => "write `text` for a block that is not code; the language names faqgen knows are the file extensions of bat's grammars (`rs`, `py`, `sh`, `toml`, …)".to_string(),
        };
        Diagnostic::error(
            &file.path,
            &file.text,
            unknown.span.clone(),
            format!("no grammar for the code language `{}`: the block is shown without highlighting", unknown.name),
        )
        .with_help(help)
        .warning()
    })
}

/// The links of one answer, resolved.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Destination as written → URL to write instead.
    urls: HashMap<String, String>,
    /// Entries linked to.
    targets: Vec<usize>,
    diagnostics: Vec<Diagnostic>,
}

impl Resolved {
    /// The URL a destination written in the answer resolves to, when it is another entry's.
    pub fn url(&self, destination: &str) -> Option<&str> {
        self.urls.get(destination).map(String::as_str)
    }
}

fn resolve(
    i: usize,
    entries: &[LinkedEntry],
    index_of: &HashMap<&str, usize>,
    known: &HashSet<String>,
    base: &BaseUrl,
    original: Option<&Original>,
) -> Resolved {
    let entry = &entries[i].entry;
    let file = &entry.file;
    let mut resolved = Resolved {
        urls: HashMap::new(),
        targets: Vec::new(),
        diagnostics: Vec::new(),
    };
    for link in &entry.answer.links {
        let error =
            |message: String| Diagnostic::error(&file.path, &file.text, link.span.clone(), message);
        match classify(&link.destination, file.folder()) {
            Destination::Entry { source, fragment } => match index_of.get(source.as_str()) {
                Some(&target) => {
                    let target_entry = &entries[target];
                    let mut url = base.link(&target_entry.path);
                    if let Some(fragment) = fragment {
                        let headings = &target_entry.entry.answer.headings;
                        if !headings.iter().any(|h| h.id == fragment) {
                            let mut d = error(format!("`{source}` has no heading `#{fragment}`"));
                            d = with_heading_help(d, fragment, headings);
                            resolved.diagnostics.push(d);
                        }
                        url = format!("{url}#{fragment}");
                    }
                    resolved.targets.push(target);
                    resolved.urls.insert(link.destination.clone(), url);
                }
                // An entry that failed to parse has its own errors; a draft is left out on purpose.
                None if known.contains(&source) => {}
                // In a translation, an entry not translated yet: its original, in its language.
                None if original.is_some_and(|o| o.by_source.contains_key(source.as_str())) => {
                    if let Some(original) = original
                        && let Some(target) = original.by_source.get(source.as_str())
                    {
                        let site = original.site;
                        let url = site.config.base_url.link(&target.path);
                        let url = match fragment {
                            Some(fragment) => {
                                let headings = &target.entry.answer.headings;
                                if !headings.iter().any(|h| h.id == fragment) {
                                    let d =
                                        error(format!("`{source}` has no heading `#{fragment}`"));
                                    resolved
                                        .diagnostics
                                        .push(with_heading_help(d, fragment, headings));
                                }
                                format!("{url}#{fragment}")
                            }
                            None => url,
                        };
                        resolved.urls.insert(link.destination.clone(), url);
                    }
                }
                // A file link as GitHub reads it (`guide.md`), e.g. kept by `import` from a
                // document whose other files were not imported: broken on the site, but a
                // warning, so that an import builds as it is.
                None if !link.destination.starts_with("@/") => {
                    let mut d = error(format!("link to `{}`, which is not an entry of this site: it is kept as written and will be broken", link.destination)).warning();
                    // Compared by file name: a shared folder alone (`faq/…`) is no likeness.
                    let file_name =
                        |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
                    let names: Vec<(String, &str)> =
                        known.iter().map(|k| (file_name(k), k.as_str())).collect();
                    let close = diagnostic::closest(
                        &file_name(&source),
                        names.iter().map(|(n, _)| n.as_str()),
                    )
                    .and_then(|name| names.iter().find(|(n, _)| n == name).map(|(_, path)| *path));
                    d = match close {
                        Some(close) => d.with_help(format!("did you mean `@/{close}`?")),
                        None => d.with_help(
                            "link entries as `@/category/file.md`; for a file elsewhere use its full URL",
                        ),
                    };
                    resolved.diagnostics.push(d);
                }
                None => {
                    let mut d = error(format!("link to a missing entry: `{source}`"));
                    d = match diagnostic::closest(&source, known.iter().map(String::as_str)) {
                        Some(close) => d.with_help(format!("did you mean `@/{close}`?")),
                        None => d.with_help(
                            "link entries by their path under content/, e.g. `@/category/file.md`",
                        ),
                    };
                    resolved.diagnostics.push(d);
                }
            },
            Destination::SamePage(fragment) => {
                let headings = &entry.answer.headings;
                if !headings.iter().any(|h| h.id == fragment) {
                    let d = error(format!("this answer has no heading `#{fragment}`"));
                    resolved
                        .diagnostics
                        .push(with_heading_help(d, fragment, headings));
                }
            }
            Destination::RootAbsolute(path) => {
                let site_path = path.trim_start_matches('/');
                let site_path = site_path
                    .strip_prefix(base.path().trim_start_matches('/'))
                    .unwrap_or(site_path);
                let help = match entries
                    .iter()
                    .find(|e| e.path == site_path || e.path.trim_end_matches('/') == site_path)
                {
                    Some(target) => format!(
                        "link the entry by its file instead: `@/{}`",
                        target.entry.file.source
                    ),
                    None => "link entries as `@/category/file.md`; for other pages use a full URL"
                        .to_string(),
                };
                let d = Diagnostic::error(&file.path, &file.text, link.span.clone(), format!("root-absolute link `{path}` breaks when the site is served under a sub-path")).with_help(help);
                // Under a sub-path it is broken; at the root of a host it works, but is fragile.
                resolved
                    .diagnostics
                    .push(if base.path() == "/" { d.warning() } else { d });
            }
            Destination::Other => {}
        }
    }
    resolved
}

fn with_heading_help(
    d: Diagnostic,
    fragment: &str,
    headings: &[crate::parse::Heading],
) -> Diagnostic {
    match diagnostic::closest(fragment, headings.iter().map(|h| h.id.as_str())) {
        Some(close) => d.with_help(format!("did you mean `#{close}`?")),
        None if headings.is_empty() => d.with_help("that answer has no headings"),
        None => d.with_help(format!(
            "its headings are {}",
            headings
                .iter()
                .map(|h| format!("`#{}`", h.id))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Sorts a destination written in `folder` (relative to `content/`) into what it points at.
fn classify<'a>(destination: &'a str, folder: &str) -> Destination<'a> {
    let (path, fragment) = match destination.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (destination, None),
    };
    if let Some(source) = path.strip_prefix("@/") {
        return Destination::Entry {
            source: normalize(source).unwrap_or_else(|| source.to_string()),
            fragment,
        };
    }
    if path.is_empty() {
        return fragment
            .filter(|f| !f.is_empty())
            .map_or(Destination::Other, Destination::SamePage);
    }
    let has_scheme = path.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || path.starts_with("//") {
        return Destination::Other;
    }
    if path.starts_with('/') {
        return Destination::RootAbsolute(destination);
    }
    if path.ends_with(".md") {
        let joined = if folder.is_empty() {
            path.to_string()
        } else {
            format!("{folder}/{path}")
        };
        // A path that climbs out of content/ cannot name an entry; keep it as written.
        let source = normalize(&joined).unwrap_or(joined);
        return Destination::Entry { source, fragment };
    }
    Destination::Other
}

/// Resolves `.` and `..` in a `/`-separated path; `None` if it climbs above its root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(source: &str, fragment: Option<&'static str>) -> Destination<'static> {
        Destination::Entry {
            source: source.to_string(),
            fragment,
        }
    }

    #[test]
    fn classifies_destinations() {
        assert_eq!(classify("@/a/b.md", "x"), entry("a/b.md", None));
        assert_eq!(classify("@/a/b.md#h", "x"), entry("a/b.md", Some("h")));
        assert_eq!(classify("b.md", "a"), entry("a/b.md", None));
        assert_eq!(classify("../c/d.md#h", "a/b"), entry("a/c/d.md", Some("h")));
        assert_eq!(classify("./d.md", ""), entry("d.md", None));
        assert_eq!(classify("#here", "a"), Destination::SamePage("here"));
        assert_eq!(
            classify("/causes/", "a"),
            Destination::RootAbsolute("/causes/")
        );
        assert_eq!(classify("https://x.org/a.md", "a"), Destination::Other);
        assert_eq!(classify("mailto:a@b.c", "a"), Destination::Other);
        assert_eq!(classify("//cdn.org/x", "a"), Destination::Other);
        assert_eq!(classify("image.png", "a"), Destination::Other);
    }

    #[test]
    fn normalize_stays_inside() {
        assert_eq!(normalize("a/./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("../x.md"), None);
    }
}
