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
mod pages;
pub mod view;

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::link::{LinkedEntry, Site};
use crate::reserved;
use crate::theme::Theme;
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
    // Each file, with its key: rendered and handed over when the key is not the last one.
    let file = |file: OutputFile| -> Result<(String, u64), Error> {
        let key = fingerprint(&file.contents);
        let path = file.path.clone();
        if previous.0.get(&path) != Some(&key) {
            sink(file)?;
        }
        Ok((path, key))
    };
    let site_view = site_view(site, theme);
    let renderer = Renderer {
        site,
        theme,
        site_fingerprint: fingerprint(&serde_json::to_string(&site_view).unwrap_or_default()),
        site_view: tera::Value::from_serializable(&site_view),
        links: site.entries.par_iter().map(link_key).collect(),
        cards: site.entries.par_iter().map(card_key).collect(),
    };
    // Each page is compared by a key of what it shows, taken without making its data; the
    // data is made, and the page rendered, only when the key changed. At 10,000 entries most
    // pages are untouched by an edit, and making their data would cost more than the edit.
    let page = |path: String, key: u64, job: &(dyn Fn() -> Job + Sync)| -> Result<_, Error> {
        if previous.0.get(&path) != Some(&key) {
            sink(renderer.render(job())?)?;
        }
        Ok((path, key))
    };
    let mut keys: Vec<(String, u64)> = vec![
        page("index.html".into(), renderer.home_key(), &|| {
            renderer.home()
        })?,
        page(
            format!("{}/{}", reserved::TAGS_DIR, reserved::INDEX_PAGE),
            renderer.tags_key(),
            &|| renderer.tags(),
        )?,
        page(
            reserved::NOT_FOUND_PAGE.into(),
            renderer.key(&"404.html"),
            &|| renderer.not_found(),
        )?,
    ];
    let index = |site_path: &str| format!("{site_path}{}", reserved::INDEX_PAGE);
    keys.extend(in_parallel(
        1..site.categories.len(),
        &page,
        |c| index(&site.categories[c].path),
        |c| renderer.category_key(c),
        |c| renderer.category(c),
    )?);
    keys.extend(in_parallel(
        0..site.entries.len(),
        &page,
        |e| index(&site.entries[e].path),
        |e| renderer.entry_key(e),
        |e| renderer.entry(e),
    )?);
    keys.extend(in_parallel(
        0..site.tags.len(),
        &page,
        |t| index(&site.tags[t].path),
        |t| renderer.tag_key(t),
        |t| renderer.tag(t),
    )?);
    keys.push(page(
        reserved::SITEMAP.into(),
        renderer.sitemap_key(),
        &|| renderer.sitemap(),
    )?);
    let feed = renderer.feed_entries();
    keys.push(page(
        reserved::FEED.into(),
        renderer.feed_key(&feed),
        &|| renderer.feed(&feed),
    )?);

    for output in files::of(site, theme) {
        keys.push(file(output)?);
    }
    Ok(Fingerprints(keys.into_iter().collect()))
}

/// How [`changed`] renders one page: its path, its key, and how to make it if the key changed.
type Page<'a> =
    dyn Fn(String, u64, &(dyn Fn() -> Job + Sync)) -> Result<(String, u64), Error> + Sync + 'a;

/// The pages `range` of one kind (categories, entries or tags), through `page` in parallel,
/// each with its `path`, `key` and `job`.
fn in_parallel(
    range: std::ops::Range<usize>,
    page: &Page,
    path: impl Fn(usize) -> String + Sync + Send,
    key: impl Fn(usize) -> u64 + Sync + Send,
    job: impl Fn(usize) -> Job + Sync + Send,
) -> Result<Vec<(String, u64)>, Error> {
    range
        .into_par_iter()
        .map(|i| page(path(i), key(i), &|| job(i)))
        .collect()
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
    site_view: tera::Value,
    /// A hash of the site's data every page shows (its [`SiteView`]).
    site_fingerprint: u64,
    /// For each entry, a hash of what a link to it shows ([`link_key`]).
    links: Vec<u64>,
    /// For each entry, a hash of what a page listing its answer shows ([`card_key`]).
    cards: Vec<u64>,
}

/// A hash of what a link to an entry shows: its question and address.
fn link_key(e: &LinkedEntry) -> u64 {
    fingerprint(&(&e.entry.question, &e.path))
}

/// A hash of what a page listing an entry's answer shows of it: its question, address,
/// anchor, answer and date (the date for the feed).
fn card_key(e: &LinkedEntry) -> u64 {
    let updated = e.entry.updated.as_ref().map(|u| &u.written);
    fingerprint(&(
        &e.entry.question,
        &e.path,
        &e.anchor,
        e.answer.fingerprint,
        updated,
    ))
}

impl Renderer<'_> {
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
    fn key(&self, parts: &impl Hash) -> u64 {
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
        let home = self.theme.strings.get("home");
        let mut breadcrumbs = vec![Crumb {
            title: home.clone(),
            url: self.link(""),
        }];
        breadcrumbs.extend(trail.iter().map(|(title, path)| Crumb {
            title: title.clone(),
            url: self.link(path),
        }));
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
        PageMeta {
            title,
            description,
            absolute_url: Some(self.absolute(site_path)),
            breadcrumbs,
            json_ld,
            kind,
        }
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
    let asset = |name: &str| {
        let version = theme
            .static_files
            .iter()
            .find(|(path, _)| path == name)
            .map(|(_, bytes)| short_hash(bytes));
        let url = config.base_url.link(name);
        match version {
            Some(v) => format!("{url}?v={v}"),
            None => url,
        }
    };
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
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
            bundle_url: config
                .base_url
                .link(&format!("{}/", reserved::SEARCH_BUNDLE_DIR)),
            questions_url: config.base_url.link(reserved::SEARCH_QUESTIONS_FILE),
            script_url: asset(files::SEARCH_SCRIPT),
            ask_url: config.ask_url.clone(),
        }),
        strings: theme.strings.clone(),
        search_words: theme
            .strings
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
