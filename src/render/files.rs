//! The files of the output that are not rendered from templates: the theme's static files,
//! `robots.txt`, `.nojekyll` and `CNAME`.

use crate::link::Site;
use crate::output::OutputFile;
use crate::reserved;
use crate::theme::Theme;

/// The theme's script for search, of no use on a site without search.
pub(super) const SEARCH_SCRIPT: &str = "search.js";

/// Every such file of `site`; none for a translation, whose site is in a folder of the
/// site's root, where they are.
pub(super) fn of(site: &Site, theme: &Theme) -> Vec<OutputFile> {
    if site.config.is_translation() {
        return Vec::new();
    }
    let wanted = |path: &str| site.config.search || path != SEARCH_SCRIPT;
    let mut files: Vec<OutputFile> = theme
        .static_files
        .iter()
        .filter(|(path, _)| wanted(path))
        .map(|(path, contents)| OutputFile {
            path: path.clone(),
            contents: contents.clone(),
        })
        .collect();
    // Each language has its sitemap.
    let sitemaps: String = std::iter::once(site.config.base_url.clone())
        .chain(
            site.config
                .languages
                .iter()
                .map(|t| site.config.site_url.under(&t.code)),
        )
        .map(|base| format!("Sitemap: {}\n", base.absolute(reserved::SITEMAP)))
        .collect();
    files.push(text_file(
        reserved::ROBOTS,
        format!("User-agent: *\nAllow: /\n\n{sitemaps}"),
    ));
    // GitHub Pages runs Jekyll unless told not to, which would hide files starting with `_`.
    files.push(text_file(reserved::NOJEKYLL, String::new()));
    if let Some(domain) = &site.config.cname {
        files.push(text_file(reserved::CNAME, format!("{domain}\n")));
    }
    files
}

fn text_file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        contents: text.into_bytes(),
    }
}
