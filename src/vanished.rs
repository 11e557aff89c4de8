//! Addresses the last build published that the site no longer has. Readers' bookmarks, other
//! sites' links and search engines all point at them: `faqgen check` reads the previous
//! output's sitemaps and warns about each address that is now neither a page nor an old
//! address in some entry's `moved_from:`.

use std::collections::HashSet;
use std::path::Path;

use crate::diagnostic::{self, Diagnostic};
use crate::link::Site;
use crate::reserved::{INDEX_PAGE, SITEMAP};

/// Addresses reported one by one; the rest are counted in one more warning.
const MAX_REPORTED: usize = 20;

/// A warning for each address in the sitemaps of the output at `output` (the site's root's
/// and each language folder's) that `sites` no longer publish. `shown` is how the output's
/// path is written in the warnings.
pub fn check(output: &Path, shown: &Path, sites: &[&Site]) -> Vec<Diagnostic> {
    let Some(first) = sites.first() else {
        return Vec::new();
    };
    let site_url = first.config.site_url.absolute("");
    let published: HashSet<String> = sites
        .iter()
        .flat_map(|site| {
            let folder = site.config.output_folder();
            crate::render::page_files(site).map(move |file| format!("{folder}{file}"))
        })
        .collect();
    let entries: Vec<(String, &Path)> = sites
        .iter()
        .flat_map(|site| {
            let folder = site.config.output_folder();
            site.entries
                .iter()
                .map(move |e| (format!("{folder}{}", e.path), e.entry.file.path.as_path()))
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut gone = 0;
    let mut elsewhere = 0;
    let found = sitemaps(output);
    let first = found
        .first()
        .map(|(path, _)| shown.join(path.strip_prefix(output).unwrap_or(path)));
    for (sitemap, text) in found {
        let shown = shown.join(sitemap.strip_prefix(output).unwrap_or(&sitemap));
        for (url, span) in locations(&text) {
            let Some(path) = url.strip_prefix(site_url.as_str()) else {
                elsewhere += 1;
                continue;
            };
            let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let file = match path.is_empty() || path.ends_with('/') {
                true => format!("{path}{INDEX_PAGE}"),
                false => path.to_string(),
            };
            if published.contains(&file) {
                continue;
            }
            gone += 1;
            if gone > MAX_REPORTED {
                continue;
            }
            let segments: Vec<&str> = path.split('/').collect();
            let is_tag = segments
                .iter()
                .take(2)
                .any(|s| *s == crate::reserved::TAGS_DIR);
            let is_later_page = segments
                .windows(2)
                .any(|w| w[0] == "page" && w[1].parse::<usize>().is_ok());
            let help = match likely_new_home(&path, &entries) {
                _ if is_tag => {
                    "no entry has this tag any more, and its page went with it".to_string()
                }
                _ if is_later_page => {
                    "a list is shorter now, and its last page went with it".to_string()
                }
                Some((now, file)) => format!(
                    "if it is now /{now}, add `moved_from: [\"/{path}\"]` to {}; if it was removed on purpose, nothing to do",
                    file.display()
                ),
                None => format!(
                    "if it moved, add `moved_from: [\"/{path}\"]` to the entry it became; if it was removed on purpose, nothing to do"
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    &shown,
                    &text,
                    span,
                    format!("{url} was published by the last build and is gone, with no redirect"),
                )
                .with_help(help)
                .warning(),
            );
        }
        if gone > MAX_REPORTED {
            let more = gone - MAX_REPORTED;
            diagnostics.push(
                Diagnostic::file_error(
                    &shown,
                    1,
                    1,
                    format!("{more} more addresses of the last build are gone, with no redirect"),
                )
                .warning(),
            );
            gone = MAX_REPORTED;
        }
    }
    if let (true, Some(first)) = (elsewhere > 0, first) {
        diagnostics.push(
            Diagnostic::file_error(&first, 1, 1, format!("{elsewhere} addresses in the last build's sitemaps are not under {site_url}: was it built for another base_url? They are not compared"))
                .warning(),
        );
    }
    diagnostics
}

/// The entry an address that is gone most likely became: one with the same last segment
/// (moved to another category), or else the closest address.
fn likely_new_home<'a>(
    path: &str,
    entries: &'a [(String, &'a Path)],
) -> Option<&'a (String, &'a Path)> {
    let last = |p: &str| {
        p.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let slug = last(path);
    entries.iter().find(|(p, _)| last(p) == slug).or_else(|| {
        let closest = diagnostic::closest(path, entries.iter().map(|(p, _)| p.as_str()))?;
        entries.iter().find(|(p, _)| p == closest)
    })
}

/// The sitemaps of the output at `output`, with their text: the root's and each folder's
/// (a language's).
fn sitemaps(output: &Path) -> Vec<(std::path::PathBuf, String)> {
    let mut paths = vec![output.join(SITEMAP)];
    if let Ok(folders) = std::fs::read_dir(output) {
        let mut found: Vec<_> = folders
            .flatten()
            .map(|f| f.path().join(SITEMAP))
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        paths.extend(found);
    }
    paths
        .into_iter()
        .filter_map(|path| Some((path.clone(), std::fs::read_to_string(&path).ok()?)))
        .collect()
}

/// Each `<loc>` of a sitemap: the URL, unescaped, and where it is written.
fn locations(xml: &str) -> Vec<(String, std::ops::Range<usize>)> {
    const OPEN: &str = "<loc>";
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = xml[at..].find(OPEN).map(|i| at + i + OPEN.len()) {
        let Some(end) = xml[start..].find("</loc>").map(|i| start + i) else {
            break;
        };
        let url = xml[start..end]
            .trim()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        found.push((url, start..end));
        at = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_found_unescaped_where_written() {
        let xml = "<urlset>\n  <url><loc>https://a.org/x/?a=1&amp;b=2</loc></url>\n  <url><loc> https://a.org/y/ </loc></url>\n</urlset>";
        let found = locations(xml);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "https://a.org/x/?a=1&b=2");
        assert_eq!(&xml[found[0].1.clone()], "https://a.org/x/?a=1&amp;b=2");
        assert_eq!(found[1].0, "https://a.org/y/");
        assert!(locations("<loc>never closed").is_empty());
    }
}
