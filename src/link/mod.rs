//! Stage 3, link: turns parsed entries into a site. Drops drafts (and the folders left with
//! nothing to publish), builds the category tree, gives every entry its URL, resolves
//! `related:` paths, resolves the links between answers (`crossref`), finds related questions
//! (`related`), gathers tags, and claims every output path once (`claims`).

pub mod alternates;
mod claims;
pub mod crossref;
pub mod redirects;
pub mod related;

pub use crossref::RenderedAnswer;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::parse::{CategoryInfo, Entry, Parsed};

/// The whole site, linked: every entry has a URL, a category, tags and related entries.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// In reading order: categories in tree order, entries by weight then question.
    pub entries: Vec<LinkedEntry>,
    /// In tree order (parents before children); index 0 is the top level (the home page).
    pub categories: Vec<Category>,
    /// Sorted by name.
    pub tags: Vec<Tag>,
    /// The same pages in the site's other languages (set once every language is linked).
    pub alternates: Arc<alternates::Alternates>,
    /// What finding related questions made, kept for the next link after an edit, which
    /// takes it (only the latest site is ever linked from; a site whose similarity was taken
    /// and that is linked from again computes it anew).
    similarity: std::sync::Mutex<related::Similarity>,
    /// The categories, addresses and tags, which depend on front matter only, kept for the
    /// next link after an edit.
    structure: Structure,
}

/// What linking made from front matter alone (and file and folder names), and a key of all
/// it was made from: when an edit leaves the key the same, it is reused as it is.
#[derive(Debug, Default)]
struct Structure {
    key: u64,
    /// Source paths of every entry, drafts and entries that failed to parse included.
    known: Arc<std::collections::HashSet<String>>,
    /// The entries' old addresses (`moved_from:`).
    redirects: Arc<Vec<redirects::Redirect>>,
    /// The problems found making it.
    diagnostics: Vec<Diagnostic>,
}

/// An entry with its place in the site.
#[derive(Debug)]
pub struct LinkedEntry {
    /// Shared with the engine's cache of parsed files: unchanged files are not parsed again.
    pub entry: Arc<Entry>,
    /// Site path of its page: `causes/random-spasms/`.
    pub path: String,
    /// Id of its answer on pages that list many answers (the home page); `#anchor` opens it.
    pub anchor: String,
    pub category: usize,
    /// Related entries, indexes into [`Site::entries`]: those named in `related:`, then the
    /// most similar others.
    pub related: Vec<usize>,
    /// Those named in `related:`, found.
    pub named_related: Vec<usize>,
    /// Entries whose answers link to this one.
    pub backlinks: Vec<usize>,
    /// The answer as HTML, links resolved.
    pub answer: Arc<RenderedAnswer>,
    /// The answer's links, resolved: kept for the next link after an edit.
    resolved: Arc<crossref::Resolved>,
    /// Indexes into [`Site::tags`].
    pub tags: Vec<usize>,
    /// When the answer was last updated: its `updated:`, or else its file's last commit.
    pub updated: Option<crate::parse::Updated>,
}

/// A folder of `content/`.
#[derive(Debug, Clone)]
pub struct Category {
    /// Folder relative to `content/` (`""` for the top level).
    pub folder: String,
    /// Site path of its page: `causes/` (`""` for the top level).
    pub path: String,
    pub title: String,
    pub description: String,
    pub weight: i64,
    pub parent: Option<usize>,
    /// 0 for the top level, 1 for its folders, …
    pub depth: usize,
    /// Indexes into [`Site::entries`], in order.
    pub entries: Vec<usize>,
    /// Indexes into [`Site::categories`], in order.
    pub children: Vec<usize>,
}

/// A tag and the entries that carry it.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    /// Site path of its page: `tags/self-care/`.
    pub path: String,
    pub entries: Vec<usize>,
    /// The first place the tag is written: an index into [`Site::entries`] and a byte range
    /// in that entry's file.
    pub written_at: (usize, std::ops::Range<usize>),
}

/// What linking takes besides the content and config.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// Keep entries marked `draft: true`.
    pub drafts: bool,
    /// The paths the theme's static files take in the output.
    pub theme_files: &'a [String],
    /// The label of the link beside each heading of an answer (the theme's `heading_link`).
    pub heading_link: &'a str,
    /// For a translation, the site in the original language: a link to an entry not
    /// translated leads there.
    pub original: Option<&'a Site>,
    /// The dates of entries' last commits, for those without `updated:`.
    pub git_dates: &'a crate::git_dates::GitDates,
    /// Highlighted blocks of code kept from earlier builds.
    pub highlights: &'a crate::highlight::Cache,
}

/// Links `parsed` into a site. What `previous` (the site as last linked with the same config
/// and settings) already made is reused where its inputs are the same.
pub fn site(
    config: Config,
    parsed: Parsed,
    settings: Settings,
    previous: Option<&Site>,
) -> (Site, Vec<Diagnostic>) {
    let Settings {
        drafts,
        theme_files,
        heading_link,
        original,
        git_dates,
        highlights,
    } = settings;
    let key = structure_key(&parsed, drafts, theme_files, &config);
    let same = previous.filter(|site| site.structure.key == key);
    let (mut linked, categories, tags, structure) = match same {
        Some(site) => reuse_structure(site, parsed.entries),
        None => new_structure(parsed, drafts, theme_files, &config, key),
    };
    for entry in &mut linked {
        entry.updated =
            (entry.entry.updated.clone()).or_else(|| git_dates.of(&entry.entry.file.path).cloned());
    }
    let mut diagnostics = structure.diagnostics.clone();
    // A structure made again (a question or tags edited) usually leaves every address where
    // it was: links then resolve as before, and are not resolved again.
    let aligned =
        same.is_some() || previous.is_some_and(|site| same_places(site, &linked, &structure));
    let addresses = crossref::Addresses {
        base: &config.base_url,
        original,
    };
    diagnostics.extend(crossref::answers(
        &mut linked,
        &structure.known,
        addresses,
        crossref::AnswerStyle {
            sanitize: config.sanitize_html,
            highlight: config.highlight_code,
            heading_link,
            highlights,
        },
        previous,
        aligned,
    ));
    let before = previous.map(|site| {
        let taken = site
            .similarity
            .lock()
            .map(|mut kept| std::mem::take(&mut *kept))
            .unwrap_or_default();
        (site.entries.as_slice(), taken)
    });
    let (similar, similarity) = related::related(&linked, config.related_count, before);
    for (entry, related) in linked.iter_mut().zip(similar) {
        entry.related = related;
    }
    (
        Site {
            config,
            entries: linked,
            categories,
            tags,
            alternates: Arc::default(),
            similarity: std::sync::Mutex::new(similarity),
            structure,
        },
        diagnostics,
    )
}

impl LinkedEntry {
    /// The URL a link written in the answer leads to, when it is to another entry (root-
    /// relative: `/my-faq/loans/renew/#how`).
    pub fn link_url(&self, destination: &str) -> Option<&str> {
        self.resolved.url(destination)
    }
}

impl Site {
    /// The entries' old addresses (`moved_from:`), each with the page it leads to.
    pub fn redirects(&self) -> &[redirects::Redirect] {
        &self.structure.redirects
    }
}

/// Whether `site` has the same entries as `linked` at the same places and addresses, and knew
/// the same files: what a link resolves to depends on nothing else of the structure.
fn same_places(site: &Site, linked: &[LinkedEntry], structure: &Structure) -> bool {
    site.entries.len() == linked.len()
        && site.structure.known == structure.known
        && site.entries.iter().zip(linked).all(|(old, new)| {
            old.entry.file.source == new.entry.file.source && old.path == new.path
        })
}

/// A hash of everything [`new_structure`] reads.
fn structure_key(parsed: &Parsed, drafts: bool, theme_files: &[String], config: &Config) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::stable_hash::hasher();
    (
        drafts,
        theme_files,
        config.page_size,
        config.base_url.absolute(""),
        config.output_folder(),
        (config.llms_txt, config.markdown_pages),
        &parsed.folders,
        &parsed.categories,
        &parsed.failed,
    )
        .hash(&mut hasher);
    for entry in &parsed.entries {
        (&entry.file.source, entry.front_hash).hash(&mut hasher);
    }
    hasher.finish()
}

type Linked = (Vec<LinkedEntry>, Vec<Category>, Vec<Tag>, Structure);

/// The categories, entries in order with their addresses, and tags of `parsed`.
fn new_structure(
    parsed: Parsed,
    drafts: bool,
    theme_files: &[String],
    config: &Config,
    key: u64,
) -> Linked {
    let Parsed {
        entries,
        categories: infos,
        folders,
        failed,
        diagnostics: _,
    } = parsed;
    let mut diagnostics = Vec::new();
    let known: std::collections::HashSet<String> = entries
        .iter()
        .map(|e| e.file.source.clone())
        .chain(failed.iter().cloned())
        .collect();
    let entries: Vec<Arc<Entry>> = entries.into_iter().filter(|e| drafts || !e.draft).collect();
    let folders = published_folders(folders, &entries);

    let mut categories = category_tree(&folders, &infos);
    let entries = order_entries(entries, &mut categories);
    let mut linked: Vec<LinkedEntry> = entries
        .into_iter()
        .map(|(entry, category)| LinkedEntry {
            path: format!("{}{}/", categories[category].path, entry.slug),
            anchor: entry.slug.clone(),
            entry,
            category,
            related: Vec::new(),
            named_related: Vec::new(),
            backlinks: Vec::new(),
            answer: Arc::default(),
            resolved: Arc::default(),
            tags: Vec::new(),
            updated: None,
        })
        .collect();
    unique_anchors(&mut linked);
    resolve_related(&mut linked, &known, &mut diagnostics);
    let tags = gather_tags(&mut linked);
    let (redirects, problems) = redirects::of(&linked, &config.base_url, &config.output_folder());
    diagnostics.extend(problems);
    diagnostics.extend(claims::check(&claims::Claimants {
        categories: &categories,
        entries: &linked,
        tags: &tags,
        redirects: &redirects,
        theme_files,
        page_size: config.page_size,
        llms_txt: config.llms_txt,
        markdown_pages: config.markdown_pages,
    }));
    let structure = Structure {
        key,
        known: Arc::new(known),
        redirects: Arc::new(redirects),
        diagnostics,
    };
    (linked, categories, tags, structure)
}

/// The structure of `site`, with the newly parsed `entries` (the same files, whose front
/// matter is the same) in their places.
fn reuse_structure(site: &Site, entries: Vec<Arc<Entry>>) -> Linked {
    let by_source: HashMap<&str, &Arc<Entry>> = entries
        .iter()
        .map(|e| (e.file.source.as_str(), e))
        .collect();
    let linked = site
        .entries
        .iter()
        .map(|old| LinkedEntry {
            entry: by_source
                .get(old.entry.file.source.as_str())
                .map_or_else(|| Arc::clone(&old.entry), |e| Arc::clone(e)),
            path: old.path.clone(),
            anchor: old.anchor.clone(),
            category: old.category,
            related: old.named_related.clone(),
            named_related: old.named_related.clone(),
            backlinks: Vec::new(),
            answer: Arc::default(),
            resolved: Arc::default(),
            tags: old.tags.clone(),
            updated: None,
        })
        .collect();
    let structure = Structure {
        key: site.structure.key,
        known: Arc::clone(&site.structure.known),
        redirects: Arc::clone(&site.structure.redirects),
        diagnostics: site.structure.diagnostics.clone(),
    };
    (
        linked,
        site.categories.clone(),
        site.tags.clone(),
        structure,
    )
}

/// One category per folder, in tree order, each after its parent and sorted among siblings.
fn category_tree(folders: &[String], infos: &[CategoryInfo]) -> Vec<Category> {
    let info_of: HashMap<&str, &CategoryInfo> =
        infos.iter().map(|i| (i.folder.as_str(), i)).collect();
    let make = |folder: &str, parent: Option<usize>, depth: usize| {
        let info = info_of.get(folder);
        let name = folder.rsplit('/').next().unwrap_or_default();
        let path: String = folder
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| url_segment(s).into_owned() + "/")
            .collect();
        Category {
            folder: folder.to_string(),
            path,
            title: info
                .and_then(|i| i.title.clone())
                .unwrap_or_else(|| title_from_folder(name)),
            description: info.map(|i| i.description.clone()).unwrap_or_default(),
            weight: info.map_or(0, |i| i.weight),
            parent,
            depth,
            entries: Vec::new(),
            children: Vec::new(),
        }
    };
    // Build in any order, then renumber in tree order.
    let mut unordered = vec![make("", None, 0)];
    let mut index_of: HashMap<String, usize> = HashMap::from([(String::new(), 0)]);
    let mut sorted_folders: Vec<&String> = folders.iter().collect();
    sorted_folders.sort_by_key(|f| f.matches('/').count());
    for folder in sorted_folders {
        let parent_folder = folder.rsplit_once('/').map_or("", |(p, _)| p);
        let parent = index_of.get(parent_folder).copied().unwrap_or(0);
        let depth = unordered[parent].depth + 1;
        unordered.push(make(folder, Some(parent), depth));
        index_of.insert(folder.clone(), unordered.len() - 1);
        let child = unordered.len() - 1;
        unordered[parent].children.push(child);
    }
    for i in 0..unordered.len() {
        let mut children = std::mem::take(&mut unordered[i].children);
        children.sort_by(|&a, &b| {
            (unordered[a].weight, &unordered[a].title)
                .cmp(&(unordered[b].weight, &unordered[b].title))
        });
        unordered[i].children = children;
    }
    let mut order = Vec::with_capacity(unordered.len());
    let mut stack = vec![0];
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(unordered[i].children.iter().rev());
    }
    let mut new_index = vec![0; unordered.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Category>> = unordered.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&old| slots[old].take())
        .map(|mut c| {
            c.parent = c.parent.map(|p| new_index[p]);
            c.children = c.children.iter().map(|&ch| new_index[ch]).collect();
            c
        })
        .collect()
}

/// Sorts entries into their categories, returning them in site order with their category.
fn order_entries(
    entries: Vec<Arc<Entry>>,
    categories: &mut [Category],
) -> Vec<(Arc<Entry>, usize)> {
    let index_of: HashMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.folder.as_str(), i))
        .collect();
    let mut by_category: BTreeMap<usize, Vec<Arc<Entry>>> = BTreeMap::new();
    for entry in entries {
        let category = index_of.get(entry.file.folder()).copied().unwrap_or(0);
        by_category.entry(category).or_default().push(entry);
    }
    let mut ordered = Vec::new();
    for (category, mut entries) in by_category {
        entries.sort_by(|a, b| {
            (a.weight, &a.question, &a.file.source).cmp(&(b.weight, &b.question, &b.file.source))
        });
        for entry in entries {
            categories[category].entries.push(ordered.len());
            ordered.push((entry, category));
        }
    }
    ordered
}

/// The folders with something to publish: an entry in them or below them. A folder whose
/// entries are all drafts is not an empty category on the site.
fn published_folders(folders: Vec<String>, entries: &[Arc<Entry>]) -> Vec<String> {
    let used: std::collections::HashSet<&str> = entries
        .iter()
        .flat_map(|e| {
            let folder = e.file.folder();
            folder
                .match_indices('/')
                .map(move |(i, _)| &folder[..i])
                .chain(std::iter::once(folder))
        })
        .collect();
    folders
        .into_iter()
        .filter(|f| used.contains(f.as_str()))
        .collect()
}

/// Entries in different categories may share a slug; on the home page their anchors must not.
fn unique_anchors(entries: &mut [LinkedEntry]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for entry in entries.iter() {
        *count.entry(entry.anchor.clone()).or_default() += 1;
    }
    for entry in entries.iter_mut() {
        if count[&entry.anchor] > 1 {
            entry.anchor = crate::slug::slugify(entry.entry.file.source.trim_end_matches(".md"));
        }
    }
}

fn resolve_related(
    entries: &mut [LinkedEntry],
    known: &std::collections::HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let index_of: HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.entry.file.source.clone(), i))
        .collect();
    #[allow(clippy::needless_range_loop)] // entries[i] is mutated after reading its paths
    for i in 0..entries.len() {
        let mut related = Vec::new();
        for path in &entries[i].entry.related {
            match index_of.get(&path.source) {
                Some(&target) if target != i && !related.contains(&target) => related.push(target),
                Some(_) => {}
                None if known.contains(&path.source) => {} // a draft, or an entry that failed to parse
                None => {
                    let file = &entries[i].entry.file;
                    let mut d = Diagnostic::error(
                        &file.path,
                        &file.text,
                        path.span.clone(),
                        format!("related entry `{}` does not exist", path.source),
                    );
                    if let Some(close) =
                        diagnostic::closest(&path.source, known.iter().map(String::as_str))
                    {
                        d = d.with_help(format!("did you mean `{close}`?"));
                    } else {
                        d = d.with_help("write the path of an entry relative to content/, e.g. `category/file.md`");
                    }
                    diagnostics.push(d);
                }
            }
        }
        entries[i].named_related = related.clone();
        entries[i].related = related;
    }
}

/// Collects tags; names that make the same URL (`Self care`, `self-care`) are one tag.
fn gather_tags(entries: &mut [LinkedEntry]) -> Vec<Tag> {
    use std::borrow::Cow;
    let mut by_slug: rustc_hash::FxHashMap<String, Tag> = Default::default();
    for (i, entry) in entries.iter().enumerate() {
        for written in &entry.entry.tags {
            let name = &written.value;
            // Most tags are written as their slug: no new string to look them up.
            let slug = url_segment(name);
            // Names with nothing URL-safe in them are kept apart, so that each is reported.
            let key: Cow<str> = if slug.is_empty() {
                Cow::Owned(format!("\0{name}"))
            } else {
                Cow::Borrowed(&slug)
            };
            let tag = match by_slug.get_mut(key.as_ref()) {
                Some(tag) => tag,
                None => by_slug.entry(key.into_owned()).or_insert_with(|| Tag {
                    name: name.clone(),
                    path: format!("{}/{slug}/", crate::reserved::TAGS_DIR),
                    entries: Vec::new(),
                    written_at: (i, written.span.clone()),
                }),
            };
            if tag.entries.last() != Some(&i) {
                tag.entries.push(i);
            }
        }
    }
    let mut tags: Vec<(String, Tag)> = by_slug.into_iter().collect();
    tags.sort_by_cached_key(|(key, tag)| (tag.name.to_lowercase(), key.clone()));
    let tags: Vec<Tag> = tags.into_iter().map(|(_, tag)| tag).collect();
    for (t, tag) in tags.iter().enumerate() {
        for &e in &tag.entries {
            entries[e].tags.push(t);
        }
    }
    tags
}

/// The name as a URL segment; most names are one already, and are not copied.
fn url_segment(name: &str) -> std::borrow::Cow<'_, str> {
    if crate::slug::is_valid(name) {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(crate::slug::slugify(name))
    }
}

/// `when-to-see-a-doctor` → `When to see a doctor`.
fn title_from_folder(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(folder: &str, weight: i64) -> CategoryInfo {
        CategoryInfo {
            folder: folder.into(),
            source: format!("{folder}/_index.md"),
            language: None,
            title: None,
            description: String::new(),
            weight,
        }
    }

    #[test]
    fn categories_are_in_tree_order_by_weight() {
        let folders = ["b".to_string(), "a".into(), "a/z".into(), "a/y".into()];
        let tree = category_tree(
            &folders,
            &[info("b", 1), info("a", 2), info("a/z", 0), info("a/y", 1)],
        );
        let order: Vec<_> = tree.iter().map(|c| c.folder.as_str()).collect();
        assert_eq!(order, ["", "b", "a", "a/z", "a/y"]);
        assert_eq!(tree[3].parent, Some(2));
        assert_eq!(tree[2].children, [3, 4]);
        assert_eq!(tree[3].path, "a/z/");
        assert_eq!(tree[3].depth, 2);
    }

    #[test]
    fn folder_titles() {
        assert_eq!(
            title_from_folder("when-to-see-a-doctor"),
            "When to see a doctor"
        );
        assert_eq!(url_segment("Self care"), "self-care");
    }
}
