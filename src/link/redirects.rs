//! Entries that moved keep their old addresses: each address in an entry's `moved_from:` gets
//! a small page that sends readers, and search engines, on to where the entry is now. (Zola
//! and Hugo call theirs `aliases`; faqgen's aliases are other ways to ask the question.)

use std::ops::Range;

use super::LinkedEntry;
use crate::diagnostic::Diagnostic;
use crate::reserved::INDEX_PAGE;
use crate::url::BaseUrl;

/// An old address of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The file of the output that answers at the old address: `loans/renew/index.html`, or
    /// `renew.html` for an old address that named a file.
    pub file: String,
    /// The entry it leads to, by index into the site's entries.
    pub entry: usize,
    /// Where the old address is written in the entry's file.
    pub span: Range<usize>,
}

/// The old addresses of `entries`, of the site at `base` (in the output's folder `folder`:
/// `fr/` for a translation), and a diagnostic for each that cannot be one.
pub fn of(
    entries: &[LinkedEntry],
    base: &BaseUrl,
    folder: &str,
) -> (Vec<Redirect>, Vec<Diagnostic>) {
    let mut redirects = Vec::new();
    let mut diagnostics = Vec::new();
    for (e, entry) in entries.iter().enumerate() {
        let file = &entry.entry.file;
        for old in &entry.entry.moved_from {
            match file_of(&old.value, base, folder) {
                Ok(path) if path == format!("{}{INDEX_PAGE}", entry.path) => diagnostics.push(
                    Diagnostic::error(&file.path, &file.text, old.span.clone(), format!("`{}` is the entry's address now, not an old one", old.value))
                        .with_help("remove it from `moved_from`"),
                ),
                Ok(path) => redirects.push(Redirect {
                    file: path,
                    entry: e,
                    span: old.span.clone(),
                }),
                Err(message) => diagnostics.push(
                    Diagnostic::error(&file.path, &file.text, old.span.clone(), message)
                        .with_help(format!("write the old address as a path of the site, as `/loans/renew-a-loan/`, or as a full URL under {}", base.absolute(""))),
                ),
            }
        }
    }
    (redirects, diagnostics)
}

/// The file of the output that answers at the old address `written`: a path from the site's
/// root (`/loans/renew/`, `loans/renew/`, with or without the base URL's path, or in a
/// translation with or without its language's folder `folder`) or a full URL under the base
/// URL (`http` or `https`); an address that names no file gets `index.html` in its folder.
pub fn file_of(written: &str, base: &BaseUrl, folder: &str) -> Result<String, String> {
    let site = base.absolute("");
    let without_scheme = |url: &str| {
        url.split_once("://")
            .map_or(url, |(_, rest)| rest)
            .to_string()
    };
    let path = if written.contains("://") {
        let (written_rest, site_rest) = (without_scheme(written), without_scheme(&site));
        match written_rest.strip_prefix(site_rest.as_str()) {
            Some(path) => path.to_string(),
            None => {
                return Err(format!(
                    "`{written}` is not an address of this site, which is published at {site}"
                ));
            }
        }
    } else {
        let rooted = written.trim_start_matches('/');
        let base_path = base.path().trim_matches('/');
        let under_base = match rooted.strip_prefix(base_path) {
            Some(under)
                if !base_path.is_empty() && (under.is_empty() || under.starts_with('/')) =>
            {
                under.trim_start_matches('/')
            }
            _ => rooted,
        };
        let under_folder = match under_base.strip_prefix(folder.trim_end_matches('/')) {
            Some(under) if !folder.is_empty() && (under.is_empty() || under.starts_with('/')) => {
                under.trim_start_matches('/')
            }
            _ => under_base,
        };
        under_folder.to_string()
    };
    let path = path.as_str();
    if path.contains(['?', '#']) {
        return Err(format!(
            "`{written}` has a query or a fragment: an old address is a path, and a reader's `#fragment` is kept by the redirect"
        ));
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| format!("`{written}` is not valid UTF-8 once decoded"))?;
    let segments: Vec<&str> = decoded.trim_end_matches('/').split('/').collect();
    if decoded.trim_matches('/').is_empty() {
        return Err(format!(
            "`{written}` is the site's home page, which is never an old address"
        ));
    }
    for segment in &segments {
        if segment.is_empty() || *segment == "." || *segment == ".." {
            return Err(format!(
                "`{written}` has an empty, `.` or `..` segment: old addresses stay inside the site"
            ));
        }
        if segment.contains(|c: char| c.is_control() || "\\:*\"<>|".contains(c)) {
            return Err(format!(
                "`{segment}` cannot be a file or folder name on every system the site may be built on"
            ));
        }
        if let Some(problem) = super::claims::name_problem(segment, segment) {
            return Err(problem);
        }
    }
    let names_file = !decoded.ends_with('/')
        && segments
            .last()
            .is_some_and(|last| last.ends_with(".html") || last.ends_with(".htm"));
    Ok(if names_file {
        segments.join("/")
    } else {
        format!("{}/{INDEX_PAGE}", segments.join("/"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(written: &str) -> Result<String, String> {
        file_of(
            written,
            &BaseUrl::parse("https://owner.github.io/my-faq/").unwrap(),
            "",
        )
    }

    #[test]
    fn old_addresses_become_files_of_the_output() {
        for written in [
            "/loans/renew/",
            "loans/renew",
            "/my-faq/loans/renew/",
            "https://owner.github.io/my-faq/loans/renew/",
            "http://owner.github.io/my-faq/loans/renew/",
        ] {
            assert_eq!(
                file(written).as_deref(),
                Ok("loans/renew/index.html"),
                "{written}"
            );
        }
        assert_eq!(file("/faq/renew.html").as_deref(), Ok("faq/renew.html"));
        assert_eq!(
            file("/caf%C3%A9/").as_deref(),
            Ok("café/index.html"),
            "decoded as the file system names it"
        );
    }

    #[test]
    fn a_translations_old_addresses_may_name_its_folder() {
        let base = BaseUrl::parse("https://owner.github.io/my-faq/fr/").unwrap();
        for written in ["/fr/prets/", "/prets/", "/my-faq/fr/prets/"] {
            assert_eq!(
                file_of(written, &base, "fr/").as_deref(),
                Ok("prets/index.html"),
                "{written}"
            );
        }
    }

    #[test]
    fn addresses_outside_the_site_are_refused() {
        let long = format!("/{}/", "a".repeat(300));
        for (written, problem) in [
            (
                "https://elsewhere.org/my-faq/x/",
                "not an address of this site",
            ),
            ("/", "home page"),
            ("/my-faq/", "home page"),
            ("/my-faq", "home page"),
            ("/con/", "Windows"),
            (long.as_str(), "too long"),
            ("/a/../../etc/", "`..`"),
            ("/a//b/", "empty"),
            ("/a/?page=2", "query"),
            ("/a/b:c/", "file or folder name"),
        ] {
            let message = file(written).unwrap_err();
            assert!(message.contains(problem), "{written}: {message}");
        }
    }
}
