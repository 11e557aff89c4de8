//! Every path of the output is claimed once, before anything is rendered: faqgen's own files
//! and folders first, then the theme's static files, category folders, entries named after
//! their file, entries with a `slug:`, and tags. A second claim on a path (or on a folder that a
//! file already is, or the reverse) is a diagnostic where the second claimant wrote it, so the
//! entry that copied a slug is told, not the one it copied. Paths are compared without case:
//! on macOS and Windows `Loans/` and `loans/` are one folder.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::{Category, LinkedEntry, Tag};
use crate::diagnostic::Diagnostic;
use crate::paging;
use crate::reserved::{self, INDEX_PAGE, MAX_NAME_BYTES};

/// Who wants a path. Borrowed from the site: at 10,000 entries, claims are made on every
/// change of front matter.
#[derive(Debug, Clone)]
enum Owner<'a> {
    /// faqgen itself: one of [`reserved::ROOT_FILES`] or [`reserved::ROOT_DIRS`].
    Faqgen(String),
    /// A file of the theme's `static/` (the site's or the built-in one).
    Theme(&'a str),
    /// A category's page, by folder under `content/`.
    Category(&'a str),
    /// An entry's page, by file.
    Entry(&'a Path),
    /// A tag's page, by name.
    Tag(&'a str),
    /// An old address of an entry, by file.
    Redirect(&'a Path),
}

impl fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Faqgen(what) => write!(f, "faqgen's own {what}"),
            Owner::Theme(path) => write!(f, "the static file static/{path}"),
            Owner::Category(folder) => write!(f, "the category folder content/{folder}/"),
            Owner::Entry(path) => write!(f, "the entry {}", path.display()),
            Owner::Tag(name) => write!(f, "the tag `{name}`"),
            Owner::Redirect(path) => {
                write!(f, "an old address in `moved_from` of {}", path.display())
            }
        }
    }
}

/// Where a claimant wrote what made its path, for the diagnostic.
struct Place<'a> {
    path: &'a Path,
    text: &'a str,
    span: Range<usize>,
}

/// Paths taken so far, by their lowercase form.
#[derive(Default)]
struct Claims<'a> {
    files: FxHashMap<String, Owner<'a>>,
    /// Folders that hold a claimed file, with the first file's owner.
    dirs: FxHashMap<String, Owner<'a>>,
}

impl<'a> Claims<'a> {
    /// Claims the file `path` for `owner`; on a clash, returns who has it.
    fn claim(&mut self, path: &str, owner: Owner<'a>) -> Result<(), Owner<'a>> {
        let key = path.to_lowercase();
        let folders: Vec<&str> = key.match_indices('/').map(|(i, _)| &key[..i]).collect();
        // A folder that belongs to faqgen whole: nothing else may put files in it.
        let first = folders.first().copied().unwrap_or(key.as_str());
        if let Some((_, what)) = reserved::ROOT_DIRS.iter().find(|(dir, _)| *dir == first) {
            let allowed = matches!(&owner, Owner::Faqgen(_))
                || (first == reserved::TAGS_DIR && matches!(&owner, Owner::Tag(_)));
            if !allowed {
                return Err(Owner::Faqgen(format!("folder `{first}/` for {what}")));
            }
        }
        if let Some(other) = self.files.get(&key).or_else(|| self.dirs.get(&key)) {
            return Err(other.clone());
        }
        if let Some(other) = folders.iter().find_map(|f| self.files.get(*f)) {
            return Err(other.clone());
        }
        for folder in folders {
            self.dirs
                .entry(folder.to_string())
                .or_insert_with(|| owner.clone());
        }
        self.files.insert(key, owner);
        Ok(())
    }
}

impl<'a> Claims<'a> {
    /// Claims the page at `path` (`basics/first/`), whose last segment `segment` was made from
    /// `name`; on failure, the message: why the name cannot be a file, or who has the page.
    fn page(
        &mut self,
        name: &str,
        segment: &str,
        path: &str,
        owner: Owner<'a>,
        what: &str,
    ) -> Result<(), String> {
        if let Some(problem) = name_problem(name, segment) {
            return Err(problem);
        }
        self.claim(&format!("{path}{INDEX_PAGE}"), owner)
            .map_err(|other| format!("the {what} /{path} is also used by {other}"))
    }
}

/// What the link stage hands over to be claimed.
pub struct Claimants<'a> {
    pub categories: &'a [Category],
    pub entries: &'a [LinkedEntry],
    pub tags: &'a [Tag],
    /// The entries' old addresses.
    pub redirects: &'a [super::redirects::Redirect],
    /// Whether `llms.txt` and `llms-full.txt` are written (`llms_txt`), and each entry's
    /// Markdown beside its page (`markdown_pages`).
    pub llms_txt: bool,
    pub markdown_pages: bool,
    /// Paths of the theme's static files, relative to the output root.
    pub theme_files: &'a [String],
    /// Questions per page of a category (the config's `page_size`): the pages after the
    /// first are faqgen's.
    pub page_size: usize,
}

/// Claims every path of the output, returning a diagnostic for each path claimed twice and
/// each name that cannot be a file.
pub fn check<'a>(claimants: &Claimants<'a>) -> Vec<Diagnostic> {
    let Claimants {
        categories,
        entries,
        tags,
        redirects,
        theme_files,
        page_size,
        llms_txt,
        markdown_pages,
    } = claimants;
    let mut claims = Claims::default();
    let mut diagnostics = Vec::new();
    let llms = [
        crate::render::llms::LLMS_INDEX,
        crate::render::llms::LLMS_FULL,
    ];
    let llms = llms.iter().filter(|_| *llms_txt);
    for name in reserved::ROOT_FILES.iter().chain(llms) {
        let _ = claims.claim(name, Owner::Faqgen(format!("`{name}`")));
    }
    let _ = claims.claim(
        &format!("{}/{INDEX_PAGE}", reserved::TAGS_DIR),
        Owner::Faqgen("list of tags".into()),
    );
    for path in theme_files.iter() {
        if let Err(other) = claims.claim(path, Owner::Theme(path)) {
            let file = Path::new(crate::theme::STATIC_DIR).join(path);
            diagnostics.push(
                Diagnostic::file_error(&file, 1, 1, format!("/{path} is also {other}"))
                    .with_help("rename or remove this file"),
            );
        }
    }
    // The later pages of long lists, before the categories and entries that could take
    // their address (a folder `loans/page/2/` would hide questions 21 to 40 of `loans/`).
    let lists = categories
        .iter()
        .map(|c| (&c.path, c.entries.len(), *page_size));
    let tag_lists = tags
        .iter()
        .map(|t| (&t.path, t.entries.len(), paging::TAG_PAGE_SIZE));
    for (path, count, size) in lists.chain(tag_lists) {
        for (later, page) in paging::paths(path, count, size).enumerate().skip(1) {
            let page = format!("{page}{INDEX_PAGE}");
            let what = format!("page {} of /{path}", later + 1);
            let _ = claims.claim(&page, Owner::Faqgen(what));
        }
    }
    // Categories whose own URL is taken: their entries' clashes would only repeat it.
    let mut unclaimed = vec![false; categories.len()];
    for (c, category) in categories.iter().enumerate().filter(|(_, c)| c.depth > 0) {
        let folder = format!("{}/{}/", crate::load::CONTENT_DIR, category.folder);
        let place = |message: String| Diagnostic::file_error(Path::new(&folder), 1, 1, message);
        let names = category.folder.split('/').zip(category.path.split('/'));
        if let Some(problem) = names.map(|(n, s)| name_problem(n, s)).find_map(|p| p) {
            diagnostics.push(place(problem).with_help("rename the folder"));
            unclaimed[c] = true;
            continue;
        }
        let page = format!("{}{INDEX_PAGE}", category.path);
        if let Err(other) = claims.claim(&page, Owner::Category(&category.folder)) {
            let message = format!("the URL /{} is also used by {other}", category.path);
            diagnostics.push(place(message).with_help("rename one of the folders"));
            unclaimed[c] = true;
        }
    }
    // Entries named after their file first: when a `slug:` copies another entry's URL, the
    // `slug:` line is where the problem is.
    let (named, slugged): (Vec<_>, Vec<_>) = entries
        .iter()
        .filter(|e| !unclaimed[e.category])
        .partition(|e| e.entry.spans.slug.is_none());
    for entry in named.into_iter().chain(slugged) {
        let file = &entry.entry.file;
        let place = Place {
            path: &file.path,
            text: &file.text,
            span: entry.entry.spans.slug.clone().unwrap_or(0..3),
        };
        let help = if entry.entry.spans.slug.is_some() {
            "give it another `slug:`"
        } else {
            "rename the file, or give it another URL with `slug:`"
        };
        let name = match entry.entry.spans.slug {
            Some(_) => &entry.entry.slug,
            None => file.stem(),
        };
        let owner = Owner::Entry(&file.path);
        let claimed = claims.page(name, &entry.entry.slug, &entry.path, owner.clone(), "URL");
        match claimed {
            Err(message) => diagnostics.push(located(&place, message).with_help(help)),
            // Beside the page, its Markdown: nothing else may take that name.
            Ok(()) if *markdown_pages => {
                let _ = claims.claim(&crate::render::llms::entry_file(entry), owner);
            }
            Ok(()) => {}
        }
    }
    for tag in tags.iter() {
        let (e, span) = &tag.written_at;
        let file = &entries[*e].entry.file;
        let place = Place {
            path: &file.path,
            text: &file.text,
            span: span.clone(),
        };
        let slug = tag.path.trim_start_matches("tags/").trim_end_matches('/');
        let owner = Owner::Tag(&tag.name);
        let claimed = claims.page(&tag.name, slug, &tag.path, owner, "tag's URL");
        if let Err(message) = claimed {
            diagnostics.push(located(&place, message).with_help("rename the tag"));
        }
    }
    // Old addresses last: a page that is published is never hidden by a redirect.
    for redirect in redirects.iter() {
        let file = &entries[redirect.entry].entry.file;
        let place = Place {
            path: &file.path,
            text: &file.text,
            span: redirect.span.clone(),
        };
        let folder = redirect.file.trim_end_matches(INDEX_PAGE);
        if let Err(other) = claims.claim(&redirect.file, Owner::Redirect(&file.path)) {
            let message = format!("the old address /{folder} is in use by {other}");
            diagnostics.push(located(&place, message).with_help(
                "an old address gets a redirect only while nothing else is published there; remove it from `moved_from`",
            ));
        }
    }
    diagnostics
}

fn located(place: &Place, message: String) -> Diagnostic {
    Diagnostic::error(place.path, place.text, place.span.clone(), message)
}

/// Why the URL segment `segment`, made from `name`, cannot be a folder of the output.
pub(super) fn name_problem(name: &str, segment: &str) -> Option<String> {
    if segment.is_empty() || segment == "." || segment == ".." {
        Some(format!(
            "`{name}` cannot be part of a URL: nothing is left of it once made URL-safe"
        ))
    } else if is_reserved_on_windows(segment) {
        Some(format!(
            "`{name}` cannot be a file name on Windows, where the site may be built or cloned"
        ))
    } else if segment.len() > MAX_NAME_BYTES {
        Some(format!(
            "`{}…` is too long for a file name ({} bytes; file systems take {MAX_NAME_BYTES})",
            name.chars().take(24).collect::<String>(),
            segment.len()
        ))
    } else {
        None
    }
}

/// Names Windows keeps for devices (`con`, `nul`, `com1`, … with any extension), and names
/// ending in a dot or a space, which it cannot store.
fn is_reserved_on_windows(segment: &str) -> bool {
    let stem = segment
        .split('.')
        .next()
        .unwrap_or(segment)
        .to_ascii_lowercase();
    let device = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    device || segment.ends_with(['.', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_claimed_once_whatever_its_case() {
        let mut claims = Claims::default();
        claims
            .claim("a-b/index.html", Owner::Category("A B"))
            .unwrap();
        let other = claims
            .claim("A-B/index.html", Owner::Category("a-b"))
            .unwrap_err();
        assert_eq!(other.to_string(), "the category folder content/A B/");
    }

    #[test]
    fn a_file_and_a_folder_cannot_share_a_path() {
        let mut claims = Claims::default();
        claims
            .claim("style.css", Owner::Theme("style.css"))
            .unwrap();
        assert!(
            claims
                .claim("style.css/index.html", Owner::Tag("x"))
                .is_err()
        );
        claims.claim("a/index.html", Owner::Category("a")).unwrap();
        assert!(claims.claim("a", Owner::Theme("a")).is_err());
        assert!(
            claims
                .claim("a/index.html/index.html", Owner::Entry(Path::new("x")))
                .is_err()
        );
    }

    #[test]
    fn faqgens_folders_are_its_own() {
        let mut claims = Claims::default();
        for dir in ["tags", "search"] {
            let err = claims
                .claim(&format!("{dir}/index.html"), Owner::Category(dir))
                .unwrap_err();
            assert!(err.to_string().starts_with("faqgen's own folder"), "{err}");
        }
        claims.claim("tags/x/index.html", Owner::Tag("x")).unwrap();
    }

    #[test]
    fn names_that_cannot_be_files() {
        assert!(name_problem("???", "").unwrap().contains("nothing is left"));
        assert!(name_problem("..", "..").is_some());
        let long = "a".repeat(300);
        assert!(name_problem(&long, &long).unwrap().contains("300 bytes"));
        assert!(name_problem("ok", "ok").is_none());
        for windows in ["con", "NUL.txt", "com1", "lpt9", "a."] {
            assert!(
                name_problem(windows, windows).unwrap().contains("Windows"),
                "{windows}"
            );
        }
        assert!(name_problem("console", "console").is_none());
        assert!(name_problem("com10", "com10").is_none());
    }
}
