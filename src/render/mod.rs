//! Stage 4, render: the linked site through the theme's templates into every file of the
//! output. Pages render in parallel, each handed to a sink as soon as it is made (the build
//! writes it; `serve` keeps it in memory); nothing here touches the disk.

pub mod jsonld;
pub mod view;

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::link::{LinkedEntry, Site};
use crate::reserved;
use crate::theme::Theme;
use jsonld::{BreadcrumbList, FaqPage, JsonLd};
use view::*;

const SEARCH_SCRIPT: &str = "search.js";

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
    let page = |path: String, key: u64, job: &(dyn Fn() -> Job + Sync)| {
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
    let categories: Vec<_> = (1..site.categories.len())
        .into_par_iter()
        .map(|c| {
            let path = format!("{}{}", site.categories[c].path, reserved::INDEX_PAGE);
            page(path, renderer.category_key(c), &|| renderer.category(c))
        })
        .collect::<Result<_, Error>>()?;
    let entries: Vec<_> = (0..site.entries.len())
        .into_par_iter()
        .map(|e| {
            let path = format!("{}{}", site.entries[e].path, reserved::INDEX_PAGE);
            page(path, renderer.entry_key(e), &|| renderer.entry(e))
        })
        .collect::<Result<_, Error>>()?;
    let tags: Vec<_> = (0..site.tags.len())
        .into_par_iter()
        .map(|t| {
            let path = format!("{}{}", site.tags[t].path, reserved::INDEX_PAGE);
            page(path, renderer.tag_key(t), &|| renderer.tag(t))
        })
        .collect::<Result<_, Error>>()?;
    keys.extend(categories.into_iter().chain(entries).chain(tags));
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

    // The search script is part of the theme but has no use on a site without search.
    let wanted = |path: &str| site.config.search || path != SEARCH_SCRIPT;
    for (path, contents) in theme.static_files.iter().filter(|(path, _)| wanted(path)) {
        keys.push(file(OutputFile {
            path: path.clone(),
            contents: contents.clone(),
        })?);
    }
    keys.push(file(text_file(
        reserved::ROBOTS,
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.config.base_url.absolute(reserved::SITEMAP)
        ),
    ))?);
    // GitHub Pages runs Jekyll unless told not to, which would hide files starting with `_`.
    keys.push(file(text_file(reserved::NOJEKYLL, String::new()))?);
    if let Some(domain) = &site.config.cname {
        keys.push(file(text_file(reserved::CNAME, format!("{domain}\n")))?);
    }
    Ok(Fingerprints(keys.into_iter().collect()))
}

/// A hash of `value`, to compare with the same taken earlier in the same process.
fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = crate::stable_hash::hasher();
    value.hash(&mut hasher);
    hasher.finish()
}

fn text_file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        contents: text.into_bytes(),
    }
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

    /// What the home page shows ([`Renderer::home`]): each category's place and numbers, and
    /// the entries it lists.
    fn home_key(&self) -> u64 {
        let limit = self.site.config.home_questions;
        let categories: Vec<_> = self
            .site
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let listed = if i == 0 { c.entries.len() } else { limit };
                let shown: Vec<u64> = c
                    .entries
                    .iter()
                    .take(listed)
                    .map(|&e| self.cards[e])
                    .collect();
                (
                    &c.title,
                    &c.path,
                    &c.description,
                    c.depth,
                    c.entries.len(),
                    c.children.len(),
                    shown,
                )
            })
            .collect();
        self.key(&("index.html", limit, self.site.entries.len(), categories))
    }

    /// What the page of category `index` shows ([`Renderer::category`]).
    fn category_key(&self, index: usize) -> u64 {
        let c = &self.site.categories[index];
        let trail = self.category_trail(index);
        let children: Vec<_> = c
            .children
            .iter()
            .map(|&ch| {
                let child = &self.site.categories[ch];
                (&child.title, &child.path, child.entries.len())
            })
            .collect();
        let entries: Vec<u64> = c.entries.iter().map(|&e| self.cards[e]).collect();
        self.key(&(
            "category.html",
            &c.title,
            &c.description,
            &c.path,
            trail,
            children,
            entries,
        ))
    }

    /// What the list of tags shows ([`Renderer::tags`]).
    fn tags_key(&self) -> u64 {
        let tags: Vec<_> = self
            .site
            .tags
            .iter()
            .map(|t| (&t.name, &t.path, t.entries.len()))
            .collect();
        self.key(&("tags.html", tags))
    }

    /// What the page of tag `index` shows ([`Renderer::tag`]).
    fn tag_key(&self, index: usize) -> u64 {
        let t = &self.site.tags[index];
        let entries: Vec<u64> = t.entries.iter().map(|&e| self.links[e]).collect();
        self.key(&("tag.html", &t.name, &t.path, entries))
    }

    /// What the sitemap lists ([`Renderer::sitemap`]): every page's address, and the dates of
    /// entries.
    fn sitemap_key(&self) -> u64 {
        let site = self.site;
        let categories: Vec<&str> = site.categories.iter().map(|c| c.path.as_str()).collect();
        let tags: Vec<&str> = site.tags.iter().map(|t| t.path.as_str()).collect();
        let entries: Vec<_> = site
            .entries
            .iter()
            .map(|e| (&e.path, e.entry.updated.as_ref().map(|u| &u.written)))
            .collect();
        self.key(&("sitemap.xml", categories, entries, tags))
    }

    /// What the feed shows ([`Renderer::feed`]) of its `entries`.
    fn feed_key(&self, entries: &[usize]) -> u64 {
        let shown: Vec<u64> = entries.iter().map(|&e| self.cards[e]).collect();
        self.key(&("feed.xml", shown))
    }

    fn meta(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        site_path: &str,
        trail: Vec<(String, String)>,
    ) -> PageMeta {
        let mut breadcrumbs = vec![Crumb {
            title: "Home".into(),
            url: self.link(""),
        }];
        breadcrumbs.extend(trail.iter().map(|(title, path)| Crumb {
            title: title.clone(),
            url: self.link(path),
        }));
        let json_ld = if trail.is_empty() {
            Vec::new()
        } else {
            let crumbs = std::iter::once(("Home".to_string(), self.absolute(""))).chain(
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

    fn card(&self, entry: usize) -> EntryCard {
        let e = &self.site.entries[entry];
        EntryCard {
            question: e.entry.question.clone(),
            anchor: e.anchor.clone(),
            url: self.link(&e.path),
            answer_html: AnswerHtml::new(&e.answer, AnswerForm::Embedded),
        }
    }

    fn home(&self) -> Job {
        let config = &self.site.config;
        let limit = config.home_questions;
        let sections = self
            .site
            .categories
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.entries.is_empty() || (c.depth > 0 && !c.children.is_empty()))
            .map(|(i, c)| {
                // Entries at the top level have no category page to list the rest: the home
                // page lists them all.
                let limit = if i == 0 { usize::MAX } else { limit };
                Section {
                    category: (i != 0).then(|| self.category_link(i)),
                    description: c.description.clone(),
                    depth: c.depth,
                    entries: c
                        .entries
                        .iter()
                        .take(limit)
                        .map(|&e| self.card(e))
                        .collect(),
                    more: c.entries.len().saturating_sub(limit),
                }
            })
            .collect();
        let mut meta = self.meta(
            "home",
            config.title.clone(),
            config.description.clone(),
            "",
            Vec::new(),
        );
        meta.json_ld.extend(self.faq_page(0));
        let page = HomeView {
            sections,
            entry_count: self.site.entries.len(),
        };
        self.job("index.html", "index.html".into(), meta, Some(page))
    }

    /// FAQPage markup for the entries of one category. Each question is marked up exactly
    /// once across the site, as search engines require: on the page of its own category
    /// (which lists every answer in full), or on the home page for top-level entries.
    fn faq_page(&self, category: usize) -> Option<JsonLd> {
        let entries = &self.site.categories[category].entries;
        (!entries.is_empty()).then(|| {
            JsonLd::FaqPage(FaqPage::new(entries.iter().map(|&e| {
                let e = &self.site.entries[e];
                (
                    e.entry.question.clone(),
                    self.absolute(&e.path),
                    AnswerHtml::new(&e.answer, AnswerForm::Clean),
                )
            })))
        })
    }

    fn category(&self, index: usize) -> Job {
        let c = &self.site.categories[index];
        let description = if c.description.is_empty() {
            format!("Questions about {}.", c.title.to_lowercase())
        } else {
            c.description.clone()
        };
        let mut meta = self.meta(
            "category",
            c.title.clone(),
            description,
            &c.path,
            self.category_trail(index),
        );
        meta.json_ld.extend(self.faq_page(index));
        let page = CategoryView {
            title: c.title.clone(),
            description: c.description.clone(),
            subcategories: c
                .children
                .iter()
                .map(|&ch| self.category_link(ch))
                .collect(),
            entries: c.entries.iter().map(|&e| self.card(e)).collect(),
        };
        self.job(
            "category.html",
            format!("{}index.html", c.path),
            meta,
            Some(page),
        )
    }

    /// A hash of what entry `index`'s page is made from ([`Renderer::entry`]), taken without
    /// making it: the entry's file and answer, its place, its category, tags, and links to
    /// other entries. `tests/incremental.rs` checks that nothing it shows is missed.
    fn entry_key(&self, index: usize) -> u64 {
        let mut hasher = crate::stable_hash::hasher();
        let shown = |i: usize, hasher: &mut siphasher::sip::SipHasher13| {
            self.links[i].hash(hasher);
        };
        let e = &self.site.entries[index];
        (self.site_fingerprint, "entry.html").hash(&mut hasher);
        (e.entry.text_hash, e.answer.fingerprint, &e.path).hash(&mut hasher);
        let mut category = Some(e.category);
        while let Some(c) = category {
            let c = &self.site.categories[c];
            (&c.title, &c.path, c.entries.len()).hash(&mut hasher);
            category = c.parent;
        }
        for &t in &e.tags {
            let tag = &self.site.tags[t];
            (&tag.name, &tag.path, tag.entries.len()).hash(&mut hasher);
        }
        for list in [&e.related, &e.backlinks] {
            list.len().hash(&mut hasher);
            for &i in list {
                shown(i, &mut hasher);
            }
        }
        let siblings = &self.site.categories[e.category].entries;
        let position = siblings.iter().position(|&s| s == index).unwrap_or(0);
        for neighbour in [position.checked_sub(1), Some(position + 1)] {
            match neighbour.and_then(|p| siblings.get(p)) {
                Some(&i) => shown(i, &mut hasher),
                None => 0_u8.hash(&mut hasher),
            }
        }
        hasher.finish()
    }

    fn entry(&self, index: usize) -> Job {
        let e: &LinkedEntry = &self.site.entries[index];
        let mut trail = self.category_trail(e.category);
        trail.push((e.entry.question.clone(), e.path.clone()));
        let meta = self.meta(
            "entry",
            e.entry.question.clone(),
            summary(&e.entry.answer.text),
            &e.path,
            trail,
        );
        let siblings = &self.site.categories[e.category].entries;
        let position = siblings.iter().position(|&s| s == index).unwrap_or(0);
        let page = EntryView {
            question: e.entry.question.clone(),
            answer_html: AnswerHtml::new(&e.answer, AnswerForm::Page),
            aliases: e.entry.aliases.clone(),
            category: self.category_link(e.category),
            tags: e.tags.iter().map(|&t| self.tag_link(t)).collect(),
            updated: e.entry.updated.as_ref().map(|u| u.date.to_string()),
            updated_display: e
                .entry
                .updated
                .as_ref()
                .map(|u| readable_date(u.date, &self.site.config.language)),
            related: e.related.iter().map(|&r| self.entry_link(r)).collect(),
            backlinks: e.backlinks.iter().map(|&b| self.entry_link(b)).collect(),
            previous: position
                .checked_sub(1)
                .map(|p| self.entry_link(siblings[p])),
            next: siblings.get(position + 1).map(|&n| self.entry_link(n)),
        };
        self.job(
            "entry.html",
            format!("{}index.html", e.path),
            meta,
            Some(page),
        )
    }

    fn tags(&self) -> Job {
        let trail = vec![("Tags".to_string(), "tags/".to_string())];
        let meta = self.meta(
            "tags",
            "Tags".into(),
            format!("Every topic of {}.", self.site.config.title),
            "tags/",
            trail,
        );
        let page = TagsView {
            tags: (0..self.site.tags.len())
                .map(|t| self.tag_link(t))
                .collect(),
        };
        self.job(
            "tags.html",
            format!("{}/{}", reserved::TAGS_DIR, reserved::INDEX_PAGE),
            meta,
            Some(page),
        )
    }

    fn tag(&self, index: usize) -> Job {
        let t = &self.site.tags[index];
        let trail = vec![
            ("Tags".to_string(), "tags/".to_string()),
            (t.name.clone(), t.path.clone()),
        ];
        let meta = self.meta(
            "tag",
            format!("Tagged “{}”", t.name),
            format!("Questions tagged {}.", t.name),
            &t.path,
            trail,
        );
        let page = TagView {
            name: t.name.clone(),
            entries: t.entries.iter().map(|&e| self.entry_link(e)).collect(),
        };
        self.job(
            "tag.html",
            format!("{}index.html", t.path),
            meta,
            Some(page),
        )
    }

    fn not_found(&self) -> Job {
        let mut meta = self.meta(
            "404",
            "Page not found".into(),
            String::new(),
            "",
            Vec::new(),
        );
        // GitHub Pages serves 404.html at whatever address was asked for: no canonical URL.
        meta.absolute_url = None;
        self.job(
            "404.html",
            reserved::NOT_FOUND_PAGE.into(),
            meta,
            None::<()>,
        )
    }

    /// The sitemap: every page but the 404 page, entries with their date.
    fn sitemap(&self) -> Job {
        let site = self.site;
        let url = |path: &str, updated: Option<String>| SitemapUrl {
            absolute_url: self.absolute(path),
            updated,
        };
        let urls = [url("", None), url("tags/", None)]
            .into_iter()
            .chain(site.categories.iter().skip(1).map(|c| url(&c.path, None)))
            .chain(site.entries.iter().map(|e| {
                let updated = e.entry.updated.as_ref().map(|u| u.written.clone());
                url(&e.path, updated)
            }))
            .chain(site.tags.iter().map(|t| url(&t.path, None)))
            .collect();
        let meta = self.meta(
            "sitemap",
            "Sitemap".into(),
            String::new(),
            "sitemap.xml",
            Vec::new(),
        );
        self.job(
            "sitemap.xml",
            reserved::SITEMAP.into(),
            meta,
            Some(SitemapView { urls }),
        )
    }

    /// The entries of the feed: the most recently updated (those with an `updated` date).
    fn feed_entries(&self) -> Vec<usize> {
        const FEED_LENGTH: usize = 20;
        let entries = &self.site.entries;
        let mut dated: Vec<usize> = (0..entries.len())
            .filter(|&e| entries[e].entry.updated.is_some())
            .collect();
        let moment = |e: usize| entries[e].entry.updated.as_ref().map(|u| u.at);
        dated.sort_by(|&a, &b| {
            moment(b)
                .cmp(&moment(a))
                .then_with(|| entries[a].path.cmp(&entries[b].path))
        });
        dated.truncate(FEED_LENGTH);
        dated
    }

    /// The Atom feed of `entries` ([`Renderer::feed_entries`]).
    fn feed(&self, entries: &[usize]) -> Job {
        let dated: Vec<&LinkedEntry> = entries.iter().map(|&e| &self.site.entries[e]).collect();
        // Atom wants RFC 3339: a day is its midnight in UTC; a moment keeps its own offset.
        let timestamp = |e: &LinkedEntry| match &e.entry.updated {
            Some(u) if u.written.len() > 10 => u.written.clone(),
            Some(u) => format!("{}T00:00:00Z", u.date),
            None => String::new(),
        };
        let entries: Vec<FeedEntry> = dated
            .iter()
            .map(|e| FeedEntry {
                question: e.entry.question.clone(),
                absolute_url: self.absolute(&e.path),
                updated: timestamp(e),
                answer_html: AnswerHtml::new(&e.answer, AnswerForm::Clean),
            })
            .collect();
        let updated = dated
            .first()
            .map(|e| timestamp(e))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let meta = self.meta(
            "feed",
            self.site.config.title.clone(),
            self.site.config.description.clone(),
            "feed.xml",
            Vec::new(),
        );
        self.job(
            "feed.xml",
            reserved::FEED.into(),
            meta,
            Some(FeedView { updated, entries }),
        )
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
            script_url: asset(SEARCH_SCRIPT),
            ask_url: config.ask_url.clone(),
        }),
    }
}

fn short_hash(bytes: &[u8]) -> String {
    let mut hasher = crate::stable_hash::hasher();
    bytes.hash(&mut hasher);
    format!("{:08x}", hasher.finish() as u32)
}

/// The start of an answer, cut at a word boundary, for meta descriptions.
fn summary(text: &str) -> String {
    const LIMIT: usize = 160;
    if text.chars().count() <= LIMIT {
        return text.to_string();
    }
    let cut: String = text.chars().take(LIMIT).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

fn readable_date(date: jiff::civil::Date, language: &str) -> String {
    if language == "en" || language.starts_with("en-") {
        date.strftime("%-d %B %Y").to_string()
    } else {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_cuts_at_a_word() {
        assert_eq!(summary("Short."), "Short.");
        let long = "word ".repeat(50);
        let cut = summary(&long);
        assert!(
            cut.ends_with("word…") && cut.chars().count() <= 161,
            "{cut}"
        );
    }

    #[test]
    fn english_dates_are_spelled_out() {
        let date = jiff::civil::date(2026, 10, 4);
        assert_eq!(readable_date(date, "en"), "4 October 2026");
        assert_eq!(readable_date(date, "de"), "2026-10-04");
    }
}
