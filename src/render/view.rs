//! The template contract: every value a template can use, typed and documented. This file is
//! the theme author's reference.
//!
//! Every template gets `site` ([`SiteView`]) and `meta` ([`PageMeta`]); each page template also
//! gets `page`, whose type depends on the template:
//!
//! | template        | `page`           | written to                              |
//! |-----------------|------------------|-----------------------------------------|
//! | `index.html`    | [`HomeView`]     | `index.html`                            |
//! | `category.html` | [`CategoryView`] | `<category path>/index.html`            |
//! | `entry.html`    | [`EntryView`]    | `<category path>/<slug>/index.html`     |
//! | `tags.html`     | [`TagsView`]     | `tags/index.html`                       |
//! | `tag.html`      | [`TagView`]      | `tags/<tag>/index.html`, `…/page/<n>/index.html` |
//! | `404.html`      | (none)           | `404.html`                              |
//! | `sitemap.xml`   | [`SitemapView`]  | `sitemap.xml`                           |
//! | `feed.xml`      | [`FeedView`]     | `feed.xml` (Atom)                       |
//!
//! URLs named `url` are root-relative (`/my-faq/causes/`) and work under any host; URLs named
//! `absolute_url` are complete (`https://owner.github.io/my-faq/causes/`).
//! Filters: `json_ld` writes a [`super::jsonld::JsonLd`] value safely into a `<script>`.

use std::sync::Arc;

use serde::Serialize;

use super::jsonld::JsonLd;
use crate::link::RenderedAnswer;

/// An answer's HTML in one of its forms, shared with the linked site rather than copied into
/// each page's data. Written into a template, it is the HTML.
#[derive(Debug, Clone)]
pub struct AnswerHtml {
    answer: Arc<RenderedAnswer>,
    form: AnswerForm,
}

/// Which HTML of a [`RenderedAnswer`].
#[derive(Debug, Clone, Copy)]
pub enum AnswerForm {
    /// Its own page's: heading ids as written, a `#` link beside each heading.
    Page,
    /// On pages listing many answers: ids prefixed.
    Embedded,
    /// Without heading links: structured data and the feed.
    Clean,
}

impl AnswerHtml {
    pub fn new(answer: &Arc<RenderedAnswer>, form: AnswerForm) -> AnswerHtml {
        AnswerHtml {
            answer: Arc::clone(answer),
            form,
        }
    }

    pub fn as_str(&self) -> &str {
        match self.form {
            AnswerForm::Page => &self.answer.page_html,
            AnswerForm::Embedded => &self.answer.embedded_html,
            AnswerForm::Clean => &self.answer.clean_html,
        }
    }
}

impl Serialize for AnswerHtml {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The site as a whole; the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// The direction the language is written in, for `<html dir>`: `ltr` or `rtl`.
    pub direction: &'static str,
    /// A short note shown on every page, if the site has one.
    pub notice: Option<String>,
    /// The home page.
    pub url: String,
    pub absolute_url: String,
    /// The page listing all tags.
    pub tags_url: String,
    /// The Atom feed.
    pub feed_url: String,
    pub feed_absolute_url: String,
    /// The stylesheet, with a version query so browsers fetch it again when it changes.
    pub stylesheet_url: String,
    /// The theme's script (expand all, deep links), versioned like the stylesheet.
    pub script_url: String,
    pub favicon_url: String,
    /// Top-level categories, for navigation.
    pub categories: Vec<CategoryLink>,
    /// The search box's settings; absent when the config says `search = false`.
    pub search: Option<SearchView>,
    /// The words faqgen writes itself, in the site's language (`templates/strings/`), by
    /// key: `site.strings.page_not_found`. Templates mostly read them through the `t`
    /// function, which also picks plural forms and fills in `{…}`:
    /// `{{ t(key="question_count", count=3) }}`.
    pub strings: std::collections::BTreeMap<String, String>,
    /// The search panel's words (the `search_…` strings), by the name of the search box's
    /// attribute that hands them to its script: `data-text-results-other`.
    pub search_words: std::collections::BTreeMap<String, String>,
}

/// What the search box needs (see `static/search.js`).
#[derive(Debug, Serialize)]
pub struct SearchView {
    /// The search index's first file, e.g. `/my-faq/search/index.json`.
    pub index_url: String,
    /// The search script, versioned like the stylesheet.
    pub script_url: String,
    /// Where to ask a question the FAQ lacks; `{query}` is replaced by the query, or the
    /// query is appended.
    pub ask_url: Option<String>,
}

/// What the page layout needs about the current page.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// The page's own title, without the site title.
    pub title: String,
    /// For `<meta name="description">`: a sentence or two.
    pub description: String,
    /// The canonical URL of the page; absent on the 404 page, which has no one address.
    pub absolute_url: Option<String>,
    /// The page as Markdown, for AI assistants (an entry's `index.html.md`, unless
    /// `markdown_pages = false`): a `<link rel="alternate" type="text/markdown">`.
    pub markdown_url: Option<String>,
    /// Home first, the current page last.
    pub breadcrumbs: Vec<Crumb>,
    /// Structured data blocks; write each with `{{ block | json_ld }}`.
    pub json_ld: Vec<JsonLd>,
    /// `home`, `category`, `entry`, `tags`, `tag` or `404`: for CSS hooks.
    pub kind: &'static str,
    /// The address of the navigation's section this page is in (its top-level category, or
    /// the tags); empty when none. The navigation marks the link with this address.
    pub section: String,
    /// Which page of a list split over several this is, from 1; 1 for every other page. Only
    /// the first page of a list is the list's own address (`aria-current="page"`).
    pub page_number: usize,
    /// The page in each language of a multilingual site, this one's first (empty on a site
    /// with one language): the language switcher, and the `hreflang` alternates.
    pub translations: Vec<TranslationLink>,
    /// Whether the page exists in another language too: its `hreflang` alternates are then
    /// the `translations` that are `translated`.
    pub translated: bool,
}

/// The page in one language of the site.
#[derive(Debug, Serialize)]
pub struct TranslationLink {
    /// The language's BCP 47 tag, for `hreflang` and `lang`.
    pub language: String,
    /// Its name in itself: "Deutsch".
    pub name: String,
    /// The same page in that language, or its home page when the page is not translated.
    pub url: String,
    pub absolute_url: String,
    /// Whether the page exists in that language (else `url` is its home page): only those
    /// are `hreflang` alternates.
    pub translated: bool,
    /// Whether this is the page's own language.
    pub current: bool,
}

/// One step of a breadcrumb trail.
#[derive(Debug, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

/// A link to a category.
#[derive(Debug, Serialize, Clone)]
pub struct CategoryLink {
    pub title: String,
    pub url: String,
    /// Entries in the category itself, not counting sub-categories.
    pub count: usize,
}

/// A link to an entry.
#[derive(Debug, Serialize)]
pub struct EntryLink {
    pub question: String,
    pub url: String,
}

/// A link to a tag page.
#[derive(Debug, Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
    /// How many entries carry the tag.
    pub count: usize,
}

/// A question with its answer, for pages that list many (an accordion).
#[derive(Debug, Serialize)]
pub struct EntryCard {
    pub question: String,
    /// Id of the card on the page: `#anchor` opens it.
    pub anchor: String,
    /// The entry's own page.
    pub url: String,
    /// The answer as HTML, with ids prefixed so they are unique on the page; write it with
    /// `| safe`, the only value that is not escaped.
    pub answer_html: AnswerHtml,
}

/// A top-level category as the home page shows it: a card with its first questions.
#[derive(Debug, Serialize)]
pub struct CategoryCard {
    pub title: String,
    pub url: String,
    pub description: String,
    /// Questions in the category and its sub-categories.
    pub count: usize,
    /// Its first questions (the config's `home_questions`; none on a site of more than 24
    /// top-level categories, whose home page would be heavy), its own before its
    /// sub-categories'.
    pub questions: Vec<EntryLink>,
}

/// Where a page is in a list split over several pages (the config's `page_size`).
#[derive(Debug, Serialize)]
pub struct Pagination {
    /// This page's number, from 1.
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The pages to link to, in order: the first, the last and those near this one.
    pub pages: Vec<PageLink>,
}

/// One link of a [`Pagination`]; a gap where page numbers are left out.
#[derive(Debug, Serialize)]
pub struct PageLink {
    /// Absent for a gap.
    pub number: Option<usize>,
    pub url: String,
}

/// `index.html`: a search-first home page. Its first page shows the search box, the
/// categories as cards and the featured questions; the entries at the top of `content/` are
/// listed with their answers, a page at a time (page 2 at `page/2/`, which shows only them).
#[derive(Debug, Serialize)]
pub struct HomeView {
    /// Top-level categories, as cards (none on pages after the first).
    pub categories: Vec<CategoryCard>,
    /// Entries marked `featured: true`, in the site's order, at most `page_size` (none on
    /// pages after the first).
    pub featured: Vec<EntryLink>,
    /// This page's share of the entries at the top of `content/`, which have no category page.
    pub entries: Vec<EntryCard>,
    /// Present when those entries fill more than one page.
    pub pagination: Option<Pagination>,
    /// Number of entries on the site.
    pub entry_count: usize,
}

/// `category.html`: one category's questions and its sub-categories, a page at a time (page
/// 2 at `<category>/page/2/`).
#[derive(Debug, Serialize)]
pub struct CategoryView {
    pub title: String,
    pub description: String,
    /// Shown on the first page only.
    pub subcategories: Vec<CategoryLink>,
    /// This page's questions.
    pub entries: Vec<EntryCard>,
    /// Present when the questions fill more than one page.
    pub pagination: Option<Pagination>,
}

/// `entry.html`: one question and its answer.
#[derive(Debug, Serialize)]
pub struct EntryView {
    pub question: String,
    /// The answer as HTML; write it with `| safe`.
    pub answer_html: AnswerHtml,
    /// Other ways people ask this question.
    pub aliases: Vec<String>,
    /// The answer's sections, for an "On this page" list: present when the answer has at
    /// least three headings (of levels 2 and 3), empty otherwise.
    pub contents: Vec<HeadingLink>,
    pub category: CategoryLink,
    pub tags: Vec<TagLink>,
    /// When the answer was last updated, as `YYYY-MM-DD` (for `<time datetime>`).
    pub updated: Option<String>,
    /// The same date for reading, e.g. `14 October 2026`.
    pub updated_display: Option<String>,
    /// Related questions: the entries named in `related:`, then the most similar others (by
    /// shared tags and words), at most the config's `related_count` in all.
    pub related: Vec<EntryLink>,
    /// Questions whose answers link to this one.
    pub backlinks: Vec<EntryLink>,
    /// The previous and next entries in the category, if any.
    pub previous: Option<EntryLink>,
    pub next: Option<EntryLink>,
}

/// A heading of an answer, for its entry page's list of sections.
#[derive(Debug, Serialize)]
pub struct HeadingLink {
    pub title: String,
    /// `#id` on the entry's page.
    pub url: String,
    /// 2 or 3.
    pub level: u8,
}

/// `tags.html`: all tags.
#[derive(Debug, Serialize)]
pub struct TagsView {
    pub tags: Vec<TagLink>,
}

/// `tag.html`: the entries carrying one tag, a page of them at a time.
#[derive(Debug, Serialize)]
pub struct TagView {
    pub name: String,
    /// Entries with the tag, on all pages.
    pub count: usize,
    /// This page's entries.
    pub entries: Vec<EntryLink>,
    /// Present when the entries fill more than one page.
    pub pagination: Option<Pagination>,
}

/// `redirect.html`: the page at an entry's old address (`moved_from:`).
#[derive(Debug, Serialize)]
pub struct RedirectView {
    /// Where the entry is now: its page's address from the host's root (`/faq/loans/renew/`),
    /// so that a local preview stays local.
    pub url: String,
    /// The same, absolute: the canonical link.
    pub absolute_url: String,
    /// The entry's question, the text of the link to it.
    pub question: String,
}

/// `sitemap.xml`: every page.
#[derive(Debug, Serialize)]
pub struct SitemapView {
    pub urls: Vec<SitemapUrl>,
}

#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    pub absolute_url: String,
    /// `YYYY-MM-DD`, when known.
    pub updated: Option<String>,
    /// The page in the site's other languages, with itself, where it is translated (`hreflang`
    /// alternates); empty when it is in one language only.
    pub translations: Vec<TranslationLink>,
}

/// `feed.xml`: the most recently updated entries, newest first.
#[derive(Debug, Serialize)]
pub struct FeedView {
    /// `YYYY-MM-DDT00:00:00Z` of the newest entry.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub question: String,
    pub absolute_url: String,
    /// `YYYY-MM-DDT00:00:00Z`.
    pub updated: String,
    /// The answer as HTML (the feed template escapes it into the Atom `content`).
    pub answer_html: AnswerHtml,
}
