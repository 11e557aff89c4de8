//! The sitemap and the Atom feed, with the keys of what they list.

use super::view::*;
use super::{Job, Renderer};
use crate::link::LinkedEntry;
use crate::{paging, reserved};

impl Renderer<'_> {
    /// What the sitemap lists ([`Renderer::sitemap`]): every page's address, and the dates of
    /// entries.
    pub(super) fn sitemap_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        // Hashed as it is walked: at 10,000 entries, no list is made for a key.
        let site = self.site;
        let mut hasher = crate::stable_hash::hasher();
        ("sitemap.xml", site.categories.len()).hash(&mut hasher);
        for category in &site.categories {
            (&category.path, category.entries.len()).hash(&mut hasher);
        }
        site.entries.len().hash(&mut hasher);
        for e in &site.entries {
            (&e.path, e.updated.as_ref().map(|u| &u.written)).hash(&mut hasher);
        }
        site.tags.len().hash(&mut hasher);
        for tag in &site.tags {
            (&tag.path, tag.entries.len()).hash(&mut hasher);
        }
        self.page_key(&hasher.finish())
    }

    /// What the feed shows ([`Renderer::feed`]) of its `entries`.
    pub(super) fn feed_key(&self, entries: &[usize]) -> u64 {
        let shown: Vec<u64> = entries.iter().map(|&e| self.cards()[e]).collect();
        self.page_key(&("feed.xml", shown))
    }

    /// The sitemap: every page but the 404 page, entries with their date.
    pub(super) fn sitemap(&self) -> Job {
        let site = self.site;
        let url = |path: &str, updated: Option<String>| {
            let mut translations = self.translations(path);
            translations.retain(|t| t.translated);
            if translations.len() < 2 {
                translations.clear();
            }
            SitemapUrl {
                absolute_url: self.absolute(path),
                updated,
                translations,
            }
        };
        // Every page of a list split over several: the later ones carry the structured data
        // of their questions.
        let pages = paging::paths;
        let size = site.config.page_size;
        let top = site.categories.first().map_or(0, |c| c.entries.len());
        let lists = site.categories.iter().skip(1);
        let urls = pages("", top, size)
            .map(|path| url(&path, None))
            .chain([url("tags/", None)])
            .chain(lists.flat_map(|c| pages(&c.path, c.entries.len(), size).map(|p| url(&p, None))))
            .chain(site.entries.iter().map(|e| {
                let updated = e.updated.as_ref().map(|u| u.written.clone());
                url(&e.path, updated)
            }))
            .chain(site.tags.iter().flat_map(|t| {
                pages(&t.path, t.entries.len(), paging::TAG_PAGE_SIZE).map(|p| url(&p, None))
            }))
            .collect();
        let meta = self.meta(
            "sitemap",
            self.strings.get("sitemap"),
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
    pub(super) fn newest(&self) -> Vec<usize> {
        const FEED_LENGTH: usize = 20;
        let entries = &self.site.entries;
        let mut dated: Vec<usize> = (0..entries.len())
            .filter(|&e| entries[e].updated.is_some())
            .collect();
        let moment = |e: usize| entries[e].updated.as_ref().map(|u| u.at);
        let newest_first = |&a: &usize, &b: &usize| {
            moment(b)
                .cmp(&moment(a))
                .then_with(|| entries[a].path.cmp(&entries[b].path))
        };
        // Only the newest are sorted: the others are set apart in linear time.
        if dated.len() > FEED_LENGTH {
            dated.select_nth_unstable_by(FEED_LENGTH - 1, newest_first);
            dated.truncate(FEED_LENGTH);
        }
        dated.sort_by(newest_first);
        dated
    }

    /// The Atom feed of `entries` ([`Renderer::newest`]).
    pub(super) fn feed(&self, entries: &[usize]) -> Job {
        let dated: Vec<&LinkedEntry> = entries.iter().map(|&e| &self.site.entries[e]).collect();
        // Atom wants RFC 3339: a day is its midnight in UTC; a moment keeps its own offset.
        let timestamp = |e: &LinkedEntry| match &e.updated {
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
