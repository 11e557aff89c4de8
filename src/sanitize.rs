//! Answers are safe by default: the HTML an answer may hold is ordinary document HTML (tables,
//! footnotes, details, images, headings with ids), with no scripts, no event handlers and no
//! link that runs code. [`clean`] enforces that with ammonia; [`unsafe_parts`] finds, in the
//! raw HTML an author wrote, what `clean` will remove, so each removal can be reported where
//! it is written. Both follow the one allowlist below.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// Tags an answer may hold.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Tags removed with everything inside them, not only their tags.
const REMOVED_WITH_CONTENT: &[&str] = &["script", "style"];

/// Attributes any allowed tag may have.
const GENERIC_ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "title",
    "lang",
    "dir",
    "aria-hidden",
    "aria-label",
];

/// Attributes particular tags may have.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "name"]),
    ("img", &["src", "alt", "width", "height", "loading"]),
    ("th", &["colspan", "rowspan", "scope", "style"]),
    ("td", &["colspan", "rowspan", "style"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("details", &["open"]),
    // faqgen's own blocks of code are focusable, so that a wide one scrolls from the keyboard.
    ("pre", &["tabindex"]),
    ("input", &["type", "checked", "disabled"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
];

/// Schemes a link or image may use; relative links are always allowed.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite", "action", "formaction", "poster"];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
                .collect::<HashMap<&str, HashSet<&str>>>(),
        )
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|tag, attribute, value| {
            keep_attribute(tag, attribute, value).then_some(Cow::Borrowed(value))
        });
    builder
});

/// The values the allowlist of attributes does not settle: a style only aligns table cells
/// (as Markdown tables do), and an input is only a task list's checkbox.
fn keep_attribute(tag: &str, attribute: &str, value: &str) -> bool {
    match (tag, attribute) {
        (_, "style") => matches!(
            value.trim().trim_end_matches(';'),
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        ("input", "type") => value.eq_ignore_ascii_case("checkbox"),
        ("pre", "tabindex") => value.trim() == "0",
        _ => true,
    }
}

/// `html` with everything outside the allowlist removed.
pub fn clean(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// Whether `url` may be a link: relative, or with an allowed scheme. Browsers ignore tabs,
/// line breaks and leading spaces in a scheme (`java\tscript:`), so this does too.
pub fn url_is_allowed(url: &str) -> bool {
    let squeezed: String = url
        .trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(32)
        .collect();
    let Some(colon) = squeezed.find(':') else {
        return true;
    };
    let scheme = &squeezed[..colon];
    // `a/b:c`, `?x:y` and `#x:y` are relative: a scheme comes before any of these.
    if scheme.contains(['/', '?', '#']) {
        return true;
    }
    URL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
}

/// Something in an author's raw HTML that [`clean`] removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafePart {
    /// Byte range in the HTML fragment.
    pub span: Range<usize>,
    pub message: String,
}

/// What [`clean`] will remove from the raw HTML `fragment`, with where each is written.
/// A quick reading of the tags, made to report and not to decide: `clean` decides.
pub fn unsafe_parts(fragment: &str) -> Vec<UnsafePart> {
    let mut found = Vec::new();
    let bytes = fragment.as_bytes();
    let mut at = 0;
    while let Some(i) = fragment[at..].find('<') {
        let start = at + i;
        at = start + 1;
        let name_len = fragment[at..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        if name_len == 0 || !bytes[at].is_ascii_alphabetic() {
            continue; // a closing tag, a comment, a doctype, or a lone `<`
        }
        let name = fragment[at..at + name_len].to_ascii_lowercase();
        if !TAGS.contains(&name.as_str()) {
            found.push(UnsafePart {
                span: start..at + name_len,
                message: format!("`<{name}>` is not allowed in an answer and is removed"),
            });
            at += name_len;
            continue;
        }
        let tag_end = end_of_tag(fragment, at + name_len);
        for (attribute, value, span) in attributes(fragment, at + name_len, tag_end) {
            let allowed = GENERIC_ATTRIBUTES.contains(&attribute.as_str())
                || TAG_ATTRIBUTES
                    .iter()
                    .any(|(tag, list)| *tag == name && list.contains(&attribute.as_str()));
            let message = if attribute.starts_with("on") {
                format!("the event handler `{attribute}` is not allowed and is removed")
            } else if !allowed {
                format!("the attribute `{attribute}` of `<{name}>` is not allowed and is removed")
            } else if URL_ATTRIBUTES.contains(&attribute.as_str()) && !url_is_allowed(value) {
                format!("{} is not allowed and is removed", describe_url(value))
            } else if !keep_attribute(&name, &attribute, value) {
                format!(
                    "the attribute `{attribute}=\"{value}\"` of `<{name}>` is not allowed and is removed"
                )
            } else {
                continue;
            };
            found.push(UnsafePart { span, message });
        }
        // Each byte is read once: the scan goes on after the tag, which may end the fragment.
        at = tag_end;
    }
    found
}

/// Whether a heading attribute written as `{key=value}` in Markdown may stay.
pub fn heading_attribute_is_allowed(name: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&name.to_ascii_lowercase().as_str())
}

/// How a refused URL is named in a message: `a javascript: link`.
pub fn describe_url(url: &str) -> String {
    let scheme: String = url
        .trim()
        .chars()
        .take_while(|c| *c != ':')
        .filter(|c| !c.is_whitespace())
        .take(20)
        .collect::<String>()
        .to_ascii_lowercase();
    format!("a `{scheme}:` link")
}

/// Where the tag that goes on at `from` ends (after its `>`), skipping quoted values.
fn end_of_tag(fragment: &str, from: usize) -> usize {
    let mut quote = None;
    for (i, c) in fragment[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return from + i + 1,
            _ => {}
        }
    }
    fragment.len()
}

/// The attributes between `from` and `to`: lowercase name, value, and the span of the whole
/// `name="value"`.
fn attributes(fragment: &str, from: usize, to: usize) -> Vec<(String, &str, Range<usize>)> {
    let text = &fragment[..to];
    let mut found = Vec::new();
    let mut at = from;
    let skip = |at: &mut usize, pred: &dyn Fn(char) -> bool| {
        while let Some(c) = text[*at..].chars().next().filter(|c| pred(*c)) {
            *at += c.len_utf8();
        }
    };
    loop {
        skip(&mut at, &|c| c.is_whitespace() || c == '/');
        let start = at;
        skip(&mut at, &|c| {
            !c.is_whitespace() && !matches!(c, '=' | '>' | '/')
        });
        if at == start {
            return found;
        }
        let name = text[start..at].to_ascii_lowercase();
        skip(&mut at, &char::is_whitespace);
        let mut value = "";
        if text[at..].starts_with('=') {
            at += 1;
            skip(&mut at, &char::is_whitespace);
            match text[at..].chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = text[at + 1..].find(q).map_or(text.len(), |i| at + 1 + i);
                    value = &text[at + 1..end];
                    at = (end + 1).min(text.len());
                }
                _ => {
                    let begin = at;
                    skip(&mut at, &|c| !c.is_whitespace() && c != '>');
                    value = &text[begin..at];
                }
            }
        }
        found.push((name, value, start..at));
    }
}

/// `text` made safe to write into HTML as text.
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing to a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_code_links_are_removed() {
        let html = r#"<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">a</a> <a href=" JaVa&#09;script:x">b</a> <img src="data:text/html,x"> <iframe src="https://x"></iframe></p>"#;
        let cleaned = clean(html);
        for gone in [
            "onclick",
            "script",
            "alert",
            "javascript",
            "data:",
            "iframe",
        ] {
            assert!(
                !cleaned.to_ascii_lowercase().contains(gone),
                "{gone}: {cleaned}"
            );
        }
        assert!(cleaned.starts_with("<p>Hi"), "{cleaned}");
    }

    #[test]
    fn ordinary_markdown_html_is_kept() {
        let html = concat!(
            "<h2 id=\"a\">A<a class=\"heading-anchor\" href=\"#a\"><span aria-hidden=\"true\">#</span></a></h2>",
            "<table><thead><tr><th style=\"text-align: center\">x</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
            "<details open=\"\"><summary>More</summary><p>Yes</p></details>",
            "<p><img src=\"/x.png\" alt=\"x\"><sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>",
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">done</li></ul>",
            "<p><a href=\"https://example.org/\">e</a> <a href=\"mailto:a@b.c\">m</a> <a href=\"../x/\">r</a></p>",
        );
        assert_eq!(clean(html), html);
    }

    #[test]
    fn schemes() {
        for ok in [
            "https://a",
            "/x",
            "x.html",
            "#top",
            "mailto:a@b",
            "a/b:c",
            "?q=a:b",
        ] {
            assert!(url_is_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:x",
            " JAVASCRIPT:x",
            "java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!url_is_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn unsafe_parts_are_found_where_written() {
        let fragment = r#"<p onclick="x()">Hi</p><script>bad()</script><a href='javascript:x'>a</a><td style="color:red">"#;
        let parts = unsafe_parts(fragment);
        let found: Vec<(&str, &str)> = parts
            .iter()
            .map(|p| (&fragment[p.span.clone()], p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "onclick=\"x()\"",
                    "the event handler `onclick` is not allowed and is removed"
                ),
                (
                    "<script",
                    "`<script>` is not allowed in an answer and is removed"
                ),
                (
                    "href='javascript:x'",
                    "a `javascript:` link is not allowed and is removed"
                ),
                (
                    "style=\"color:red\"",
                    "the attribute `style=\"color:red\"` of `<td>` is not allowed and is removed"
                ),
            ]
        );
        assert!(unsafe_parts("<!-- a note --><br/><em>x</em></p>").is_empty());
    }
}
