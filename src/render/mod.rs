//! Stage 4, render: the linked site through the theme's templates into every file of the
//! output. Pages render in parallel, each handed to a sink as soon as it is made (the build
//! writes it; `serve` keeps it in memory); nothing here touches the disk.
//!
//! What it makes, by module: `pages` (home, categories, entries, tags, 404), `feeds` (sitemap
//! and Atom feed), `files` (the theme's static files and the site's plain files); `view` is
//! the data templates get, `jsonld` the structured data in pages.

mod feeds;
mod files;
pub mod jsonld;
pub mod llms;
mod pages;
pub mod view;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::link::{LinkedEntry, Site};
use crate::theme::Theme;
use crate::{paging, reserved};
use jsonld::{BreadcrumbList, JsonLd};
use view::*;

pub use crate::output::{Output, OutputFile};

/// One page to render: which template, where to, and its data.
struct Job {
    template: &'static str,
    path: String,
    meta: PageMeta,
    page: Option<Box<dyn View>>,
}

/// A page's data, turned into a template's value only if the page is rendered.
trait View: Send {
    fn value(&self) -> tera::Value;
}

impl<T: Serialize + Send> View for T {
    fn value(&self) -> tera::Value {
        tera::Value::from_serializable(self)
    }
}

/// The fingerprint of every file of the output as last rendered: a file whose fingerprint is
/// the same is the same, and is not rendered again. Valid while the settings and theme stay
/// the same.
#[derive(Debug, Default)]
pub struct Fingerprints(std::collections::HashMap<String, u64>);

impl Fingerprints {
    /// Paths in `self` that `newer` no longer has.
    pub fn removed_in<'a>(&'a self, newer: &'a Fingerprints) -> impl Iterator<Item = &'a str> {
        self.0
            .keys()
            .filter(|path| !newer.0.contains_key(*path))
            .map(String::as_str)
    }
}

/// Renders `site` with `theme` into memory, files sorted by path.
pub fn site(site: &Site, theme: &Theme) -> Result<Output, Error> {
    let files = std::sync::Mutex::new(Vec::new());
    each(site, theme, &|file| {
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    })?;
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files })
}

/// Renders `site` with `theme`, handing each file to `sink` as soon as it is made, from
/// several threads: a build writes pages while others render, and never holds them all.
pub fn each(
    site: &Site,
    theme: &Theme,
    sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    changed(site, theme, &Fingerprints::default(), sink).map(drop)
}

/// Renders the files of `site` whose fingerprint is not in `previous` (the fingerprints of
/// the last rendering, with the same settings and theme), handing each to `sink`; returns
/// the fingerprints of every file.
pub fn changed(
    site: &Site,
    theme: &Theme,
    previous: &Fingerprints,
    sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
) -> Result<Fingerprints, Error> {
    let files = files::of(site, theme);
    let renderer = Renderer::new(site, theme);
    // Made once, each in parallel, before the pages that all use them.
    let _ = (renderer.links(), renderer.cards(), renderer.feed_entries());
    // Each page is compared by a key of what it shows, taken without making its data; the
    // data is made, and the page rendered, only when the key changed. At 10,000 entries most
    // pages are untouched by an edit, and making their data would cost more than the edit.
    let keys = listing(site, &files)
        .into_par_iter()
        .map(|(path, made)| {
            let key = renderer.key(made, &files);
            if previous.0.get(&path) != Some(&key) {
                sink(renderer.make(made, &files)?)?;
            }
            Ok((path, key))
        })
        .collect::<Result<_, Error>>()?;
    Ok(Fingerprints(keys))
}

/// The files of one site, each made only when it is asked for: `faqgen serve` renders the
/// page a reader opens, not every page after every edit, as Hugo's fast render mode does.
pub struct OnDemand {
    site: Arc<Site>,
    theme: Arc<Theme>,
    files: Vec<OutputFile>,
    /// Made by [`OnDemand::prepare`] or the first request, whichever comes first: at 10,000
    /// entries it takes a few milliseconds that need not delay telling the pages.
    paths: OnceLock<HashMap<String, Made>>,
}

impl OnDemand {
    pub fn new(site: Arc<Site>, theme: Arc<Theme>) -> OnDemand {
        let files = files::of(&site, &theme);
        OnDemand {
            site,
            theme,
            files,
            paths: OnceLock::new(),
        }
    }

    /// Lists the output now, so that the first request finds it made.
    pub fn prepare(&self) {
        self.paths();
    }

    fn paths(&self) -> &HashMap<String, Made> {
        self.paths
            .get_or_init(|| listing(&self.site, &self.files).into_iter().collect())
    }

    /// Whether the output has a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.paths().contains_key(path)
    }

    /// Every path of the output, in no order.
    pub fn all_paths(&self) -> impl Iterator<Item = &str> {
        self.paths().keys().map(String::as_str)
    }

    /// The file at `path`, made now exactly as a build makes it; `None` when there is none.
    pub fn file(&self, path: &str) -> Option<Result<OutputFile, Error>> {
        let made = *self.paths().get(path)?;
        Some(Renderer::new(&self.site, &self.theme).make(made, &self.files))
    }
}

/// What makes one file of the output.
#[derive(Debug, Clone, Copy)]
enum Made {
    /// A page of the home page, from 0 (later pages list top-level entries).
    Home(usize),
    Tags,
    NotFound,
    /// A category, and its page from 0.
    Category(usize, usize),
    Entry(usize),
    /// A tag, and its page from 0.
    Tag(usize, usize),
    Sitemap,
    Feed,
    /// The page at an entry's old address, by index into [`Site::redirects`].
    Redirect(usize),
    /// `llms.txt`, `llms-full.txt`, and an entry's Markdown: the site for AI assistants.
    LlmsIndex,
    LlmsFull,
    EntryMarkdown(usize),
    /// A file that is not rendered, by its index in [`files::of`].
    File(usize),
}

/// Every file of the output of `site`, whose plain `files` are given, with what makes it: the
/// one list behind a build, an incremental build and the preview.
fn listing(site: &Site, files: &[OutputFile]) -> Vec<(String, Made)> {
    let index = |site_path: &str| format!("{site_path}{}", reserved::INDEX_PAGE);
    let size = site.config.page_size;
    /// Each page file of a list split over several, with its number from 0.
    fn pages(path: &str, count: usize, size: usize) -> impl Iterator<Item = (String, usize)> + '_ {
        let pages = paging::paths(path, count, size).enumerate();
        pages.map(|(p, path)| (format!("{path}{}", reserved::INDEX_PAGE), p))
    }
    let top = site.categories.first().map_or(0, |c| c.entries.len());
    let mut list: Vec<(String, Made)> = pages("", top, size)
        .map(|(path, p)| (path, Made::Home(p)))
        .collect();
    list.push((
        format!("{}/{}", reserved::TAGS_DIR, reserved::INDEX_PAGE),
        Made::Tags,
    ));
    // Each language has its 404 page: GitHub Pages serves the root's for every missing
    // address; other hosts, and `faqgen serve`, the one of the language's folder.
    list.push((reserved::NOT_FOUND_PAGE.to_string(), Made::NotFound));
    list.reserve(site.categories.len() + site.entries.len() + site.tags.len() + files.len() + 2);
    for (c, category) in site.categories.iter().enumerate().skip(1) {
        let each = pages(&category.path, category.entries.len(), size);
        list.extend(each.map(|(path, p)| (path, Made::Category(c, p))));
    }
    let entries = site.entries.iter().enumerate();
    list.extend(entries.map(|(e, entry)| (index(&entry.path), Made::Entry(e))));
    for (t, tag) in site.tags.iter().enumerate() {
        let each = pages(&tag.path, tag.entries.len(), paging::TAG_PAGE_SIZE);
        list.extend(each.map(|(path, p)| (path, Made::Tag(t, p))));
    }
    let redirects = site.redirects().iter().enumerate();
    list.extend(redirects.map(|(r, redirect)| (redirect.file.clone(), Made::Redirect(r))));
    if site.config.llms_txt {
        list.push((llms::LLMS_INDEX.to_string(), Made::LlmsIndex));
        list.push((llms::LLMS_FULL.to_string(), Made::LlmsFull));
    }
    if site.config.markdown_pages {
        let entries = site.entries.iter().enumerate();
        list.extend(entries.map(|(e, entry)| (llms::entry_file(entry), Made::EntryMarkdown(e))));
    }
    list.push((reserved::SITEMAP.to_string(), Made::Sitemap));
    list.push((reserved::FEED.to_string(), Made::Feed));
    let plain = files.iter().enumerate();
    list.extend(plain.map(|(i, file)| (file.path.clone(), Made::File(i))));
    list
}

/// The files of the pages of `site` (the rendered ones: not its theme's static files), as
/// paths under its output folder: `loans/renew/index.html`, old addresses included.
pub fn page_files(site: &Site) -> impl Iterator<Item = String> {
    listing(site, &[]).into_iter().map(|(path, _)| path)
}

/// A hash of `value`, to compare with the same taken earlier in the same process.
fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = crate::stable_hash::hasher();
    value.hash(&mut hasher);
    hasher.finish()
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// The words faqgen writes, in the site's language.
    strings: &'a crate::strings::Strings,
    site_view: tera::Value,
    /// A hash of the site's data every page shows (its [`SiteView`]).
    site_fingerprint: u64,
    /// For each entry, a hash of what a link to it shows ([`link_key`]); made when first
    /// asked for, as are the next two: rendering one page on demand needs none of them.
    links: OnceLock<Vec<u64>>,
    /// For each entry, a hash of what a page listing its answer shows ([`card_key`]).
    cards: OnceLock<Vec<u64>>,
    /// The entries the feed shows ([`Renderer::newest`]).
    feed: OnceLock<Vec<usize>>,
}

/// A hash of what a link to an entry shows: its question and address.
fn link_key(e: &LinkedEntry) -> u64 {
    fingerprint(&(&e.entry.question, &e.path))
}

/// A hash of what a page listing an entry's answer shows of it: its question, address,
/// anchor, answer and date (the date for the feed).
fn card_key(e: &LinkedEntry) -> u64 {
    let updated = e.updated.as_ref().map(|u| &u.written);
    fingerprint(&(
        &e.entry.question,
        &e.path,
        &e.anchor,
        e.answer.fingerprint,
        updated,
    ))
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme) -> Renderer<'a> {
        let site_view = site_view(site, theme);
        Renderer {
            site,
            theme,
            strings: theme.strings_for(&site.config.language),
            site_fingerprint: fingerprint(&(
                serde_json::to_string(&site_view).unwrap_or_default(),
                site.alternates.fingerprint(),
            )),
            site_view: tera::Value::from_serializable(&site_view),
            links: OnceLock::new(),
            cards: OnceLock::new(),
            feed: OnceLock::new(),
        }
    }

    fn links(&self) -> &[u64] {
        self.links
            .get_or_init(|| self.site.entries.par_iter().map(link_key).collect())
    }

    fn cards(&self) -> &[u64] {
        self.cards
            .get_or_init(|| self.site.entries.par_iter().map(card_key).collect())
    }

    fn feed_entries(&self) -> &[usize] {
        self.feed.get_or_init(|| self.newest())
    }

    /// The key of the file `made` makes: equal keys, equal files.
    fn key(&self, made: Made, files: &[OutputFile]) -> u64 {
        match made {
            Made::Home(p) => self.home_key(p),
            Made::Tags => self.tags_key(),
            Made::NotFound => self.page_key(&"404.html"),
            Made::Category(c, p) => self.category_key(c, p),
            Made::Entry(e) => self.entry_key(e),
            Made::Tag(t, p) => self.tag_key(t, p),
            Made::Sitemap => self.sitemap_key(),
            Made::Feed => self.feed_key(self.feed_entries()),
            Made::Redirect(r) => self.redirect_key(r),
            Made::LlmsIndex => {
                self.page_key(&("llms.txt", self.texts(), self.other_languages_key()))
            }
            Made::LlmsFull => self.page_key(&("llms-full.txt", self.texts())),
            Made::EntryMarkdown(e) => self.entry_markdown_key(e),
            Made::File(i) => fingerprint(&files[i].contents),
        }
    }

    /// The file `made` makes.
    fn make(&self, made: Made, files: &[OutputFile]) -> Result<OutputFile, Error> {
        let job = match made {
            Made::Home(p) => self.home(p),
            Made::Tags => self.tags(),
            Made::NotFound => self.not_found(),
            Made::Category(c, p) => self.category(c, p),
            Made::Entry(e) => self.entry(e),
            Made::Tag(t, p) => self.tag(t, p),
            Made::Sitemap => self.sitemap(),
            Made::Feed => self.feed(self.feed_entries()),
            Made::Redirect(r) => self.redirect(r),
            Made::LlmsIndex => return Ok(self.llms_index()),
            Made::LlmsFull => return Ok(self.llms_full()),
            Made::EntryMarkdown(e) => return Ok(self.entry_markdown(e)),
            Made::File(i) => return Ok(files[i].clone()),
        };
        self.render(job)
    }

    fn render(&self, job: Job) -> Result<OutputFile, Error> {
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_view.clone());
        context.insert("meta", &job.meta);
        if let Some(page) = job.page {
            context.insert_value("page", page.value());
        }
        let html = self
            .theme
            .tera
            .render(job.template, &context)
            .map_err(|e| {
                Error::Template(format!("{} (rendering {}): {e}", job.template, job.path))
            })?;
        Ok(OutputFile {
            path: job.path,
            contents: html.into_bytes(),
        })
    }

    fn link(&self, path: &str) -> String {
        self.site.config.base_url.link(path)
    }

    fn absolute(&self, path: &str) -> String {
        self.site.config.base_url.absolute(path)
    }

    fn job<V: Serialize + Send + 'static>(
        &self,
        template: &'static str,
        path: String,
        meta: PageMeta,
        page: Option<V>,
    ) -> Job {
        Job {
            template,
            path,
            meta,
            page: page.map(|page| Box::new(page) as Box<dyn View>),
        }
    }

    /// A page's key: `parts` and what every page shows of the site.
    fn page_key(&self, parts: &impl Hash) -> u64 {
        fingerprint(&(self.site_fingerprint, parts))
    }

    fn meta(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        site_path: &str,
        trail: Vec<(String, String)>,
    ) -> PageMeta {
        let home = self.strings.get("home");
        let mut breadcrumbs = vec![Crumb {
            title: home.clone(),
            url: self.link(""),
        }];
        breadcrumbs.extend(trail.iter().map(|(title, path)| Crumb {
            title: title.clone(),
            url: self.link(path),
        }));
        let section = trail
            .first()
            .map(|(_, path)| self.link(path))
            .unwrap_or_default();
        let json_ld = if trail.is_empty() {
            Vec::new()
        } else {
            let crumbs = std::iter::once((home, self.absolute(""))).chain(
                trail
                    .into_iter()
                    .map(|(title, path)| (title, self.absolute(&path))),
            );
            vec![JsonLd::BreadcrumbList(BreadcrumbList::new(crumbs))]
        };
        let translations = self.translations(site_path);
        PageMeta {
            title,
            description,
            absolute_url: Some(self.absolute(site_path)),
            markdown_url: None,
            breadcrumbs,
            json_ld,
            kind,
            section,
            page_number: 1,
            translated: translations.iter().filter(|t| t.translated).count() > 1,
            translations,
        }
    }

    /// The page at `site_path` in each language of the site.
    fn translations(&self, site_path: &str) -> Vec<TranslationLink> {
        let own = &self.site.config.language;
        let alternates = &self.site.alternates;
        alternates
            .of(own, site_path)
            .into_iter()
            .map(|(language, path)| TranslationLink {
                language: language.code.clone(),
                name: language.name.clone(),
                url: language.base_url.link(path.unwrap_or_default()),
                absolute_url: language.base_url.absolute(path.unwrap_or_default()),
                translated: path.is_some(),
                current: language.code == *own,
            })
            .collect()
    }

    /// Breadcrumb steps for a category: its ancestors and itself, top-level first.
    fn category_trail(&self, mut category: usize) -> Vec<(String, String)> {
        let mut trail = Vec::new();
        while category != 0 {
            let c = &self.site.categories[category];
            trail.push((c.title.clone(), c.path.clone()));
            category = c.parent.unwrap_or(0);
        }
        trail.reverse();
        trail
    }

    fn category_link(&self, category: usize) -> CategoryLink {
        let c = &self.site.categories[category];
        CategoryLink {
            title: c.title.clone(),
            url: self.link(&c.path),
            count: c.entries.len(),
        }
    }

    fn entry_link(&self, entry: usize) -> EntryLink {
        let e = &self.site.entries[entry];
        EntryLink {
            question: e.entry.question.clone(),
            url: self.link(&e.path),
        }
    }

    fn tag_link(&self, tag: usize) -> TagLink {
        let t = &self.site.tags[tag];
        TagLink {
            name: t.name.clone(),
            url: self.link(&t.path),
            count: t.entries.len(),
        }
    }
}

fn site_view(site: &Site, theme: &Theme) -> SiteView {
    let config = &site.config;
    let strings = theme.strings_for(&config.language);
    let asset = |name: &str| {
        let version = theme
            .static_files
            .iter()
            .find(|(path, _)| path == name)
            .map(|(_, bytes)| short_hash(bytes));
        let url = config.site_url.link(name);
        match version {
            Some(v) => format!("{url}?v={v}"),
            None => url,
        }
    };
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        direction: if strings.right_to_left() {
            "rtl"
        } else {
            "ltr"
        },
        notice: config.notice.clone(),
        url: config.base_url.link(""),
        absolute_url: config.base_url.absolute(""),
        tags_url: config.base_url.link("tags/"),
        feed_url: config.base_url.link(reserved::FEED),
        feed_absolute_url: config.base_url.absolute(reserved::FEED),
        stylesheet_url: asset("style.css"),
        script_url: asset("faqgen.js"),
        favicon_url: asset("favicon.svg"),
        categories: site
            .categories
            .iter()
            .filter(|c| c.depth == 1)
            .map(|c| CategoryLink {
                title: c.title.clone(),
                url: config.base_url.link(&c.path),
                count: c.entries.len(),
            })
            .collect(),
        search: config.search.then(|| SearchView {
            index_url: config.base_url.link(crate::search::INDEX_FILE),
            script_url: asset(files::SEARCH_SCRIPT),
            ask_url: config.ask_url.clone(),
        }),
        strings: strings.table().clone(),
        search_words: strings
            .group("search_")
            .into_iter()
            .map(|(key, text)| (format!("data-text-{}", key.replace('_', "-")), text))
            .collect(),
    }
}

fn short_hash(bytes: &[u8]) -> String {
    let mut hasher = crate::stable_hash::hasher();
    bytes.hash(&mut hasher);
    format!("{:08x}", hasher.finish() as u32)
}
