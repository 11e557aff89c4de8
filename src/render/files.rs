//! The files of the output that are not rendered from templates: the theme's static files,
//! `robots.txt`, `.nojekyll` and `CNAME`.

use crate::link::Site;
use crate::output::OutputFile;
use crate::reserved;
use crate::theme::Theme;

/// The theme's script for search, of no use on a site without search.
pub(super) const SEARCH_SCRIPT: &str = "search.js";

/// Every such file of `site`.
pub(super) fn of(site: &Site, theme: &Theme) -> Vec<OutputFile> {
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
    files.push(text_file(
        reserved::ROBOTS,
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.config.base_url.absolute(reserved::SITEMAP)
        ),
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
