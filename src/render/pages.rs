//! The pages of the site: home, categories, entries, tags and the 404 page. For each, the
//! data its template gets ([`super::view`]) and a key of what it shows, taken without making
//! that data, to tell whether it must be rendered again.

use std::hash::{Hash, Hasher};

use super::jsonld::{FaqPage, JsonLd};
use super::view::*;
use super::{Job, Renderer};
use crate::link::LinkedEntry;
use crate::reserved;

impl Renderer<'_> {
    /// What the home page shows ([`Renderer::home`]): each category's place and numbers, and
    /// the entries it lists.
    pub(super) fn home_key(&self) -> u64 {
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
                    .map(|&e| self.cards()[e])
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
        self.page_key(&("index.html", limit, self.site.entries.len(), categories))
    }

    /// What the page of category `index` shows ([`Renderer::category`]).
    pub(super) fn category_key(&self, index: usize) -> u64 {
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
        let entries: Vec<u64> = c.entries.iter().map(|&e| self.cards()[e]).collect();
        self.page_key(&(
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
    pub(super) fn tags_key(&self) -> u64 {
        let tags: Vec<_> = self
            .site
            .tags
            .iter()
            .map(|t| (&t.name, &t.path, t.entries.len()))
            .collect();
        self.page_key(&("tags.html", tags))
    }

    /// What the page of tag `index` shows ([`Renderer::tag`]).
    pub(super) fn tag_key(&self, index: usize) -> u64 {
        let t = &self.site.tags[index];
        let entries: Vec<u64> = t.entries.iter().map(|&e| self.links()[e]).collect();
        self.page_key(&("tag.html", &t.name, &t.path, entries))
    }

    pub(super) fn card(&self, entry: usize) -> EntryCard {
        let e = &self.site.entries[entry];
        EntryCard {
            question: e.entry.question.clone(),
            anchor: e.anchor.clone(),
            url: self.link(&e.path),
            answer_html: AnswerHtml::new(&e.answer, AnswerForm::Embedded),
        }
    }

    pub(super) fn home(&self) -> Job {
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
    pub(super) fn faq_page(&self, category: usize) -> Option<JsonLd> {
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

    pub(super) fn category(&self, index: usize) -> Job {
        let c = &self.site.categories[index];
        let description = if c.description.is_empty() {
            let category = c.title.to_lowercase();
            self.theme
                .strings
                .fill("category_description", &[("category", &category)])
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
    pub(super) fn entry_key(&self, index: usize) -> u64 {
        let mut hasher = crate::stable_hash::hasher();
        let shown = |i: usize, hasher: &mut siphasher::sip::SipHasher13| {
            self.links()[i].hash(hasher);
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

    pub(super) fn entry(&self, index: usize) -> Job {
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

    pub(super) fn tags(&self) -> Job {
        let strings = &self.theme.strings;
        let trail = vec![(strings.get("tags"), "tags/".to_string())];
        let meta = self.meta(
            "tags",
            strings.get("tags"),
            strings.fill("tags_description", &[("site", &self.site.config.title)]),
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

    pub(super) fn tag(&self, index: usize) -> Job {
        let t = &self.site.tags[index];
        let trail = vec![
            (self.theme.strings.get("tags"), "tags/".to_string()),
            (t.name.clone(), t.path.clone()),
        ];
        let meta = self.meta(
            "tag",
            self.theme.strings.fill("tagged", &[("tag", &t.name)]),
            self.theme
                .strings
                .fill("tagged_description", &[("tag", &t.name)]),
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

    pub(super) fn not_found(&self) -> Job {
        let mut meta = self.meta(
            "404",
            self.theme.strings.get("page_not_found"),
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
