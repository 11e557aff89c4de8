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

/// The old addresses of `entries`, and a diagnostic for each that cannot be one.
pub fn of(entries: &[LinkedEntry], base: &BaseUrl) -> (Vec<Redirect>, Vec<Diagnostic>) {
    let mut redirects = Vec::new();
    let mut diagnostics = Vec::new();
    for (e, entry) in entries.iter().enumerate() {
        let file = &entry.entry.file;
        for old in &entry.entry.moved_from {
            match file_of(&old.value, base) {
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
/// root (`/loans/renew/`, `loans/renew/`, with or without the base URL's path) or a full URL
/// under the base URL; an address that names no file gets `index.html` in its folder.
pub fn file_of(written: &str, base: &BaseUrl) -> Result<String, String> {
    let site = base.absolute("");
    let path = if written.contains("://") {
        written.strip_prefix(site.as_str()).ok_or_else(|| {
            format!("`{written}` is not an address of this site, which is published at {site}")
        })?
    } else {
        let rooted = written.strip_prefix('/').unwrap_or(written);
        let base_path = base.path().trim_start_matches('/');
        match rooted.strip_prefix(base_path) {
            Some(under) if !base_path.is_empty() => under,
            _ => rooted,
        }
    };
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
        )
    }

    #[test]
    fn old_addresses_become_files_of_the_output() {
        for written in [
            "/loans/renew/",
            "loans/renew",
            "/my-faq/loans/renew/",
            "https://owner.github.io/my-faq/loans/renew/",
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
    fn addresses_outside_the_site_are_refused() {
        for (written, problem) in [
            (
                "https://elsewhere.org/my-faq/x/",
                "not an address of this site",
            ),
            ("/", "home page"),
            ("/my-faq/", "home page"),
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
