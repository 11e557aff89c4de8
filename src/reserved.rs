//! The paths faqgen writes on its own account, in one list: the link stage keeps every page,
//! category and tag off them, render and search write their files under these names, and the
//! output guard knows its marker by it.

/// The output's home page, and the page file of every folder.
pub const INDEX_PAGE: &str = "index.html";
pub const NOT_FOUND_PAGE: &str = "404.html";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const FEED: &str = "feed.xml";
/// GitHub Pages' custom-domain file.
pub const CNAME: &str = "CNAME";
/// Tells GitHub Pages not to run Jekyll, which would hide files starting with `_`.
pub const NOJEKYLL: &str = ".nojekyll";
/// Marks a folder as faqgen's output, which the next build may replace.
pub const OUTPUT_MARKER: &str = ".faqgen-output";
/// The tag pages: `tags/index.html` and `tags/<tag>/index.html`.
pub const TAGS_DIR: &str = "tags";
/// The search index.
pub const SEARCH_DIR: &str = "search";
/// The pages after the first of a long list: `loans/page/2/` (see [`crate::paging`]).
pub const PAGE_DIR: &str = "page";

/// The folder of the site (beside `faqgen.toml`) where faqgen keeps what it may reuse from
/// one build to the next; never published, and safe to delete.
pub const CACHE_DIR: &str = ".faqgen-cache";

/// Files at the output's root that faqgen writes besides the theme's static files.
pub const ROOT_FILES: &[&str] = &[
    INDEX_PAGE,
    NOT_FOUND_PAGE,
    SITEMAP,
    ROBOTS,
    FEED,
    CNAME,
    NOJEKYLL,
    OUTPUT_MARKER,
];

/// Folders at the output's root that belong to faqgen whole, and what fills each.
pub const ROOT_DIRS: &[(&str, &str)] = &[
    (TAGS_DIR, "the tag pages"),
    (SEARCH_DIR, "the search index"),
];

/// The longest file or folder name that common file systems accept, in bytes.
pub const MAX_NAME_BYTES: usize = 255;
