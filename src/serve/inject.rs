//! What a served page gets that a built page never has: the live-reload client, told the
//! build it came from and a fingerprint of the page's shell.
//!
//! The shell is everything an in-place update keeps: the `<body>` outside `<main>` (header,
//! search, footer, which scripts have changed as they ran, so the browser cannot compare them
//! itself) and the URLs the `<head>` loads (versioned, so they change with the files). When a
//! rebuilt page has the same shell, the client swaps its `<main>` in place instead of reloading.

use std::hash::{DefaultHasher, Hash, Hasher};

/// Where the reload client is served: outside any site's base path.
pub const LIVE_SCRIPT: &str = "/__faqgen/live.js";
/// Its event stream.
pub const LIVE_EVENTS: &str = "/__faqgen/events";

/// The page with the reload client added before `</body>`.
pub fn live_script(html: &[u8], generation: u64) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let tag = format!(
        "<script src=\"{LIVE_SCRIPT}\" data-generation=\"{generation}\" data-shell=\"{:016x}\" data-events=\"{LIVE_EVENTS}\" defer></script>\n",
        shell_fingerprint(&html)
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{tag}").into_bytes(),
    }
}

/// A hash of the page's shell. Only compared within one run of the server, so the hasher
/// need not be stable across versions.
fn shell_fingerprint(html: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    let body = html.find("<body").unwrap_or(html.len());
    for url in loaded_urls(&html[..body]) {
        url.hash(&mut hasher);
    }
    let rest = &html[body..];
    match (rest.find("<main"), rest.rfind("</main>")) {
        (Some(start), Some(end)) if start < end => {
            rest[..start].hash(&mut hasher);
            rest[end..].hash(&mut hasher);
        }
        // No <main> to swap: any change is a change of shell.
        _ => rest.hash(&mut hasher),
    }
    hasher.finish()
}

/// The `href` and `src` values of the head: its styles, scripts and links. The rest of the
/// head (title, description, structured data) follows the content and is updated in place.
fn loaded_urls(head: &str) -> impl Iterator<Item = &str> {
    ["href=\"", "src=\""]
        .into_iter()
        .flat_map(move |attribute| {
            head.match_indices(attribute).filter_map(move |(at, _)| {
                let value = &head[at + attribute.len()..];
                value.find('"').map(|end| &value[..end])
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, header: &str, main: &str) -> String {
        format!(
            "<html><head>{head}</head><body class=\"kind-entry\"><header>{header}</header><main id=\"main\">{main}</main><footer>f</footer></body></html>"
        )
    }

    #[test]
    fn the_client_goes_before_the_end_of_the_body() {
        let html =
            String::from_utf8(live_script(b"<html><body><p>x</p></body></html>", 7)).unwrap();
        assert!(html.contains("data-generation=\"7\""), "{html}");
        assert!(html.ends_with("defer></script>\n</body></html>"), "{html}");
    }

    #[test]
    fn content_and_metadata_changes_keep_the_shell() {
        let head = "<title>Q1</title><link rel=\"stylesheet\" href=\"/s.css?v=1\">";
        let before = page(head, "Site", "<p>Old answer</p>");
        let after = page(
            "<title>Q2</title><meta name=\"description\" content=\"new\"><link rel=\"stylesheet\" href=\"/s.css?v=1\">",
            "Site",
            "<p>New answer</p>",
        );
        assert_eq!(shell_fingerprint(&before), shell_fingerprint(&after));
    }

    #[test]
    fn header_and_asset_changes_change_the_shell() {
        let head = "<link rel=\"stylesheet\" href=\"/s.css?v=1\">";
        let base = shell_fingerprint(&page(head, "Site", "a"));
        let retitled = shell_fingerprint(&page(head, "Renamed site", "a"));
        let restyled = shell_fingerprint(&page(
            "<link rel=\"stylesheet\" href=\"/s.css?v=2\">",
            "Site",
            "a",
        ));
        assert_ne!(base, retitled);
        assert_ne!(base, restyled);
        assert_ne!(
            shell_fingerprint("<body>x</body>"),
            shell_fingerprint("<body>y</body>")
        );
    }
}
