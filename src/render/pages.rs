//! The pages of the site: home, categories, entries, tags and the 404 page. For each, the
//! data its template gets ([`super::view`]) and a key of what it shows, taken without making
//! that data, to tell whether it must be rendered again.

use std::hash::{Hash, Hasher};

use super::jsonld::{FaqPage, JsonLd};
use super::view::*;
use super::{Job, Renderer};
use crate::link::LinkedEntry;
use crate::{paging, reserved};

impl Renderer<'_> {
    /// The entries of `list` on page `page` (from 0) at `size` a page.
    fn page_of(list: &[usize], page: usize, size: usize) -> &[usize] {
        let start = (page * size).min(list.len());
        &list[start..(start + size).min(list.len())]
    }

    /// Where page `page` (from 0) of the list at `path`, of `count` items at `size` a page,
    /// is among its pages; `None` when the list fits on one page.
    fn pagination(&self, path: &str, page: usize, count: usize, size: usize) -> Option<Pagination> {
        let total = paging::page_count(count, size);
        let current = page + 1;
        let url = |number: usize| self.link(&paging::page_path(path, number));
        (total > 1).then(|| Pagination {
            current,
            total,
            previous: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages: paging::window(current, total)
                .into_iter()
                .map(|number| PageLink {
                    number,
                    url: number.map(url).unwrap_or_default(),
                })
                .collect(),
        })
    }

    /// Every entry of top-level category `index` and of its sub-categories, its own first.
    fn entries_under(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let mut stack = vec![index];
        let mut order = Vec::new();
        while let Some(c) = stack.pop() {
            order.push(c);
            stack.extend(self.site.categories[c].children.iter().rev());
        }
        order
            .into_iter()
            .flat_map(move |c| self.site.categories[c].entries.iter().copied())
    }

    /// The entries marked `featured: true`, in the site's order, at most a page of them.
    fn featured(&self) -> Vec<usize> {
        let order = self.site.categories.iter().flat_map(|c| c.entries.iter());
        order
            .copied()
            .filter(|&e| self.site.entries[e].entry.featured)
            .take(self.site.config.page_size)
            .collect()
    }

    /// How many questions each category card of the home page lists: the config's
    /// `home_questions`, or none when the cards are so many that their questions would make
    /// the page heavy (over about 800 elements, where Lighthouse marks a page down).
    fn card_questions(&self) -> usize {
        const MOST_CARDS_WITH_QUESTIONS: usize = 24;
        if self.top_categories().count() > MOST_CARDS_WITH_QUESTIONS {
            0
        } else {
            self.site.config.home_questions
        }
    }

    /// The top-level categories the home page shows as cards.
    fn top_categories(&self) -> impl Iterator<Item = usize> + '_ {
        let categories = self.site.categories.iter().enumerate();
        categories.filter(|(_, c)| c.depth == 1).map(|(i, _)| i)
    }

    /// What page `page` of the home page shows ([`Renderer::home`]): each category card, the
    /// featured entries and the page's share of the top-level entries.
    pub(super) fn home_key(&self, page: usize) -> u64 {
        let config = &self.site.config;
        let per_card = self.card_questions();
        let cards: Vec<_> = self
            .top_categories()
            .filter(|_| page == 0)
            .map(|i| {
                let c = &self.site.categories[i];
                let questions = self.entries_under(i);
                let shown: Vec<u64> = questions.take(per_card).map(|e| self.links()[e]).collect();
                let count = self.entries_under(i).count();
                (&c.title, &c.path, &c.description, count, shown)
            })
            .collect();
        let featured = if page == 0 {
            self.featured()
        } else {
            Vec::new()
        };
        let featured: Vec<u64> = featured.into_iter().map(|e| self.links()[e]).collect();
        let top = &self.site.categories[0].entries;
        let listed: Vec<u64> = Self::page_of(top, page, config.page_size)
            .iter()
            .map(|&e| self.cards()[e])
            .collect();
        let pages = paging::page_count(top.len(), config.page_size);
        let total = self.site.entries.len();
        // Made from the first categories or questions when the config has none.
        let description = config
            .description
            .is_empty()
            .then(|| self.home_description());
        let shown = (cards, featured, listed, description);
        self.page_key(&("index.html", page, pages, total, shown))
    }

    /// What page `page` of category `index` shows ([`Renderer::category`]).
    pub(super) fn category_key(&self, index: usize, page: usize) -> u64 {
        let c = &self.site.categories[index];
        let size = self.site.config.page_size;
        let trail = self.category_trail(index);
        let children: Vec<_> = c
            .children
            .iter()
            .filter(|_| page == 0)
            .map(|&ch| {
                let child = &self.site.categories[ch];
                (&child.title, &child.path, child.entries.len())
            })
            .collect();
        let entries: Vec<u64> = Self::page_of(&c.entries, page, size)
            .iter()
            .map(|&e| self.cards()[e])
            .collect();
        let pages = paging::page_count(c.entries.len(), size);
        self.page_key(&(
            "category.html",
            &c.title,
            &c.description,
            &c.path,
            trail,
            children,
            entries,
            (page, pages),
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
    pub(super) fn tag_key(&self, index: usize, page: usize) -> u64 {
        let t = &self.site.tags[index];
        let entries: Vec<u64> = Self::page_of(&t.entries, page, paging::TAG_PAGE_SIZE)
            .iter()
            .map(|&e| self.links()[e])
            .collect();
        let count = t.entries.len();
        self.page_key(&("tag.html", &t.name, &t.path, entries, page, count))
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

    /// Page `page` (from 0) of the home page.
    pub(super) fn home(&self, page: usize) -> Job {
        let config = &self.site.config;
        let first = page == 0;
        let per_card = self.card_questions();
        let categories = self.top_categories().filter(|_| first).map(|i| {
            let c = &self.site.categories[i];
            CategoryCard {
                title: c.title.clone(),
                url: self.link(&c.path),
                description: c.description.clone(),
                count: self.entries_under(i).count(),
                questions: self
                    .entries_under(i)
                    .take(per_card)
                    .map(|e| self.entry_link(e))
                    .collect(),
            }
        });
        let categories: Vec<_> = categories.collect();
        let featured = if first { self.featured() } else { Vec::new() };
        let top = &self.site.categories[0].entries;
        let shown = Self::page_of(top, page, config.page_size);
        let path = paging::page_path("", page + 1);
        let description = if config.description.is_empty() {
            self.home_description()
        } else {
            config.description.clone()
        };
        let mut meta = self.meta("home", config.title.clone(), description, &path, Vec::new());
        meta.json_ld.extend(self.faq_page(shown));
        let home = HomeView {
            categories,
            featured: featured.into_iter().map(|e| self.entry_link(e)).collect(),
            entries: shown.iter().map(|&e| self.card(e)).collect(),
            pagination: self.pagination("", page, top.len(), config.page_size),
            entry_count: self.site.entries.len(),
        };
        self.number(&mut meta, &home.pagination);
        self.job("index.html", format!("{path}index.html"), meta, Some(home))
    }

    /// A description for a home page whose site has none: its first categories, or else
    /// its first questions.
    fn home_description(&self) -> String {
        let strings = &self.strings;
        let titles: Vec<&str> = self
            .top_categories()
            .take(4)
            .map(|c| self.site.categories[c].title.as_str())
            .collect();
        if titles.is_empty() {
            let questions = self.site.categories[0].entries.iter().take(3);
            let questions: Vec<&str> = questions
                .map(|&e| self.site.entries[e].entry.question.as_str())
                .collect();
            return match questions.is_empty() {
                true => self.site.config.title.clone(),
                false => summary(&questions.join(" ")),
            };
        }
        let topics = titles.join(&strings.get("list_separator"));
        summary(&strings.fill("home_description", &[("topics", &topics)]))
    }

    /// Numbers the page `meta` describes as `pagination` says: its number, and on every page
    /// of a list after the first, its title.
    fn number(&self, meta: &mut PageMeta, pagination: &Option<Pagination>) {
        let Some(pagination) = pagination else { return };
        meta.page_number = pagination.current;
        if pagination.current == 1 {
            return;
        }
        let number = pagination.current.to_string();
        let total = pagination.total.to_string();
        let fill = [
            ("title", meta.title.as_str()),
            ("number", &number),
            ("total", &total),
        ];
        meta.title = self.strings.fill("page_title", &fill);
    }

    /// FAQPage markup for the entries of one page. Each question is marked up exactly once
    /// across the site, as search engines require: on the page of its own category that
    /// lists its answer in full, or on the home page (or its later pages) for top-level
    /// entries.
    pub(super) fn faq_page(&self, entries: &[usize]) -> Option<JsonLd> {
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

    /// Page `page` (from 0) of category `index`.
    pub(super) fn category(&self, index: usize, page: usize) -> Job {
        let c = &self.site.categories[index];
        let size = self.site.config.page_size;
        let description = if c.description.is_empty() {
            self.strings
                .fill("category_description", &[("category", &c.title)])
        } else {
            c.description.clone()
        };
        let path = paging::page_path(&c.path, page + 1);
        let shown = Self::page_of(&c.entries, page, size);
        let mut meta = self.meta(
            "category",
            c.title.clone(),
            description,
            &path,
            self.category_trail(index),
        );
        meta.json_ld.extend(self.faq_page(shown));
        let view = CategoryView {
            title: c.title.clone(),
            description: c.description.clone(),
            subcategories: c
                .children
                .iter()
                .filter(|_| page == 0)
                .map(|&ch| self.category_link(ch))
                .collect(),
            entries: shown.iter().map(|&e| self.card(e)).collect(),
            pagination: self.pagination(&c.path, page, c.entries.len(), size),
        };
        self.number(&mut meta, &view.pagination);
        self.job(
            "category.html",
            format!("{path}index.html"),
            meta,
            Some(view),
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
        // Its date may come from git rather than its text.
        e.updated.as_ref().map(|u| &u.written).hash(&mut hasher);
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
        let mut meta = self.meta(
            "entry",
            e.entry.question.clone(),
            summary(&e.entry.answer.text),
            &e.path,
            trail,
        );
        if self.site.config.markdown_pages {
            meta.markdown_url = Some(self.link(&super::llms::entry_file(e)));
        }
        let siblings = &self.site.categories[e.category].entries;
        let position = siblings.iter().position(|&s| s == index).unwrap_or(0);
        let page = EntryView {
            question: e.entry.question.clone(),
            answer_html: AnswerHtml::new(&e.answer, AnswerForm::Page),
            aliases: e.entry.aliases.clone(),
            contents: contents(&e.entry.answer.headings),
            category: self.category_link(e.category),
            tags: e.tags.iter().map(|&t| self.tag_link(t)).collect(),
            updated: e.updated.as_ref().map(|u| u.date.to_string()),
            updated_display: e.updated.as_ref().map(|u| self.strings.date(u.date)),
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
        let strings = &self.strings;
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

    /// Page `page` (from 0) of tag `index`.
    pub(super) fn tag(&self, index: usize, page: usize) -> Job {
        let t = &self.site.tags[index];
        let trail = vec![
            (self.strings.get("tags"), "tags/".to_string()),
            (t.name.clone(), t.path.clone()),
        ];
        let path = paging::page_path(&t.path, page + 1);
        let mut meta = self.meta(
            "tag",
            self.strings.fill("tagged", &[("tag", &t.name)]),
            self.strings.fill("tagged_description", &[("tag", &t.name)]),
            &path,
            trail,
        );
        let size = paging::TAG_PAGE_SIZE;
        let view = TagView {
            name: t.name.clone(),
            count: t.entries.len(),
            entries: Self::page_of(&t.entries, page, size)
                .iter()
                .map(|&e| self.entry_link(e))
                .collect(),
            pagination: self.pagination(&t.path, page, t.entries.len(), size),
        };
        self.number(&mut meta, &view.pagination);
        self.job("tag.html", format!("{path}index.html"), meta, Some(view))
    }

    pub(super) fn not_found(&self) -> Job {
        let mut meta = self.meta(
            "404",
            self.strings.get("page_not_found"),
            self.strings.get("page_not_found_description"),
            "",
            Vec::new(),
        );
        // GitHub Pages serves 404.html at whatever address was asked for: no canonical URL,
        // and no translations (it is no page's).
        meta.absolute_url = None;
        meta.translations.clear();
        meta.translated = false;
        self.job(
            "404.html",
            reserved::NOT_FOUND_PAGE.into(),
            meta,
            None::<()>,
        )
    }
}

impl Renderer<'_> {
    /// The key of the page at the old address `r`: where it leads.
    pub(super) fn redirect_key(&self, r: usize) -> u64 {
        let entry = &self.site.entries[self.site.redirects()[r].entry];
        self.page_key(&("redirect", &entry.path, &entry.entry.question))
    }

    /// The page at an entry's old address: it sends the reader on at once (keeping the
    /// address's `#fragment`, which only script can read), tells search engines where the
    /// entry is now, and shows a link for the rest.
    pub(super) fn redirect(&self, r: usize) -> Job {
        let redirect = &self.site.redirects()[r];
        let entry = &self.site.entries[redirect.entry];
        let view = RedirectView {
            url: self.link(&entry.path),
            absolute_url: self.absolute(&entry.path),
            question: entry.entry.question.clone(),
        };
        let mut meta = self.meta(
            "redirect",
            entry.entry.question.clone(),
            String::new(),
            &entry.path,
            Vec::new(),
        );
        meta.translations.clear();
        meta.translated = false;
        self.job("redirect.html", redirect.file.clone(), meta, Some(view))
    }
}

/// The sections of an answer worth a list of their own: its headings of levels 2 and 3, when
/// there are at least three (a short answer needs no table of contents).
fn contents(headings: &[crate::parse::Heading]) -> Vec<HeadingLink> {
    const LEAST: usize = 3;
    let listed = headings.iter().filter(|h| (2..=3).contains(&h.level));
    let links: Vec<HeadingLink> = listed
        .map(|h| HeadingLink {
            title: h.title.clone(),
            url: format!("#{}", h.id),
            level: h.level,
        })
        .collect();
    if links.len() >= LEAST {
        links
    } else {
        Vec::new()
    }
}

/// The start of an answer, cut at a word boundary, for meta descriptions.
pub(super) fn summary(text: &str) -> String {
    const LIMIT: usize = 160;
    if text.chars().count() <= LIMIT {
        return text.to_string();
    }
    let cut: String = text.chars().take(LIMIT).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
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
}
