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
    /// A hash of everything the page is made from, but the site's settings and theme.
    fingerprint: u64,
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
    let fingerprints = std::sync::Mutex::new(std::collections::HashMap::new());
    let keep = |path: &str, fingerprint: u64| {
        let unchanged = previous.0.get(path) == Some(&fingerprint);
        fingerprints
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_string(), fingerprint);
        !unchanged
    };
    let sink = &|file: OutputFile| sink(file);
    let render = |renderer: &Renderer, job: Job| -> Result<(), Error> {
        if keep(&job.path, job.fingerprint) {
            sink(renderer.render(job)?)?;
        }
        Ok(())
    };
    let file = |file: OutputFile| -> Result<(), Error> {
        if keep(&file.path, fingerprint(&file.contents)) {
            sink(file)?;
        }
        Ok(())
    };
    let site_view = site_view(site, theme);
    let renderer = Renderer {
        site,
        theme,
        site_fingerprint: fingerprint(&site_view),
        site_view: tera::Value::from_serializable(&site_view),
    };
    let mut jobs = vec![renderer.home(), renderer.tags(), renderer.not_found()];
    jobs.extend((1..site.categories.len()).map(|c| renderer.category(c)));
    // Entry pages are made, rendered and handed over in one pass: the data of 10,000 pages is
    // never all alive at once. The sitemap only keeps their addresses.
    let entry_pages: Vec<(Option<String>, String)> = (0..site.entries.len())
        .into_par_iter()
        .map(|e| {
            let site_path = &site.entries[e].path;
            let path = format!("{site_path}{}", reserved::INDEX_PAGE);
            // The page's data is made only when the page is rendered again: at 10,000 entries
            // most pages are untouched by an edit, and making their data would cost more than
            // the edit itself.
            if keep(&path, renderer.entry_key(e)) {
                let job = renderer.entry(e);
                sink(renderer.render(job)?)?;
            }
            Ok((Some(renderer.absolute(site_path)), path))
        })
        .collect::<Result<_, Error>>()?;
    let tag_jobs: Vec<Job> = (0..site.tags.len()).map(|t| renderer.tag(t)).collect();
    let listed: Vec<(Option<String>, &str)> = jobs
        .iter()
        .map(|job| (job.meta.absolute_url.clone(), job.path.as_str()))
        .chain(
            entry_pages
                .iter()
                .map(|(url, path)| (url.clone(), path.as_str())),
        )
        .chain(
            tag_jobs
                .iter()
                .map(|job| (job.meta.absolute_url.clone(), job.path.as_str())),
        )
        .collect();
    let sitemap = renderer.sitemap(&listed);
    jobs.extend(tag_jobs);
    jobs.push(sitemap);
    jobs.push(renderer.feed());
    jobs.into_par_iter()
        .try_for_each(|job| render(&renderer, job))?;

    // The search script is part of the theme but has no use on a site without search.
    let wanted = |path: &str| site.config.search || path != SEARCH_SCRIPT;
    for (path, contents) in theme.static_files.iter().filter(|(path, _)| wanted(path)) {
        file(OutputFile {
            path: path.clone(),
            contents: contents.clone(),
        })?;
    }
    file(text_file(
        reserved::ROBOTS,
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.config.base_url.absolute(reserved::SITEMAP)
        ),
    ))?;
    // GitHub Pages runs Jekyll unless told not to, which would hide files starting with `_`.
    file(text_file(reserved::NOJEKYLL, String::new()))?;
    if let Some(domain) = &site.config.cname {
        file(text_file(reserved::CNAME, format!("{domain}\n")))?;
    }
    Ok(Fingerprints(
        fingerprints
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    ))
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
    site_fingerprint: u64,
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

    fn job<V: Serialize + Hash + Send + 'static>(
        &self,
        template: &'static str,
        path: String,
        meta: PageMeta,
        page: Option<V>,
    ) -> Job {
        let fingerprint = fingerprint(&(self.site_fingerprint, template, &path, &meta, &page));
        Job {
            template,
            path,
            meta,
            page: page.map(|page| Box::new(page) as Box<dyn View>),
            fingerprint,
        }
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
    /// making it: the entry's file and answer, its place, its category, tags, and the
    /// entries it links to. `tests/incremental.rs` checks that nothing it shows is missed.
    fn entry_key(&self, index: usize) -> u64 {
        let mut hasher = crate::stable_hash::hasher();
        let shown = |i: usize, hasher: &mut siphasher::sip::SipHasher13| {
            let e = &self.site.entries[i];
            (e.entry.text_hash, e.answer.fingerprint, &e.path, &e.anchor).hash(hasher);
        };
        let e = &self.site.entries[index];
        (self.site_fingerprint, "entry.html").hash(&mut hasher);
        shown(index, &mut hasher);
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

    /// The sitemap of `pages`: each page's absolute URL (None for pages left out) and path.
    fn sitemap(&self, pages: &[(Option<String>, &str)]) -> Job {
        // One lookup table, not a scan of every entry per page: the sitemap lists them all.
        let updated: std::collections::HashMap<&str, &str> = self
            .site
            .entries
            .iter()
            .filter_map(|e| Some((e.path.as_str(), e.entry.updated.as_ref()?.written.as_str())))
            .collect();
        let updated_of = |path: &str| updated.get(path).map(|w| w.to_string());
        let urls = pages
            .iter()
            .filter_map(|(url, path)| {
                url.clone()
                    .map(|url| (url, path.trim_end_matches("index.html")))
            })
            .map(|(absolute_url, path)| SitemapUrl {
                absolute_url,
                updated: updated_of(path),
            })
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

    /// The Atom feed of the most recently updated entries (those with an `updated` date).
    fn feed(&self) -> Job {
        const FEED_LENGTH: usize = 20;
        let mut dated: Vec<&LinkedEntry> = self
            .site
            .entries
            .iter()
            .filter(|e| e.entry.updated.is_some())
            .collect();
        let moment = |e: &LinkedEntry| e.entry.updated.as_ref().map(|u| u.at);
        dated.sort_by(|a, b| moment(b).cmp(&moment(a)).then_with(|| a.path.cmp(&b.path)));
        dated.truncate(FEED_LENGTH);
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
