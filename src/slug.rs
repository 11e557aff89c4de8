//! URL-safe names made from text: entry slugs, tag pages and heading ids.

/// The one slug rule: lowercase words joined by `-`; letters and digits of any script are
/// kept, apostrophes dropped, everything else separates. `slugify` in `static/search.js`
/// follows it too: `tests/fixtures/slugs.json` holds the cases both are tested against.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') && c != '\'' && c != '’' {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Longest slug that `new` and `import` make from a question, in bytes: long enough to
/// read, well under what a file system takes.
pub const MAX_MADE_BYTES: usize = 80;

/// `slug` cut to at most `max` bytes, at the end of a word when there is one.
pub fn shorten(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    let mut end = max;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    match cut.rfind('-') {
        Some(i) if i > 0 => &cut[..i],
        _ => cut,
    }
}

/// Makes names unique by numbering repeats (`a`, `a-2`, …), in time linear in the number of
/// names however many of them repeat: 10,000 identical headings or questions cost as little
/// as 10,000 different ones.
#[derive(Debug, Default)]
pub struct UniqueNames {
    used: std::collections::HashSet<String>,
    /// The next number to try for each name.
    next: std::collections::HashMap<String, usize>,
}

impl UniqueNames {
    /// `base` if it is free, else `base-N` for the first free N counting from `first`.
    pub fn claim(&mut self, base: &str, first: usize) -> String {
        let n = self.next.entry(base.to_string()).or_insert(first);
        let mut name = base.to_string();
        while !self.used.insert(name.clone()) {
            name = format!("{base}-{n}");
            *n += 1;
        }
        name
    }
}

/// Whether `slug` can be used as one URL path segment as it is.
pub fn is_valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_cases() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/slugs.json")).unwrap();
        let cases = cases["cases"].as_array().unwrap();
        assert!(cases.len() > 10);
        for case in cases {
            let (text, slug) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
            assert_eq!(slugify(text), slug, "the slug of {text:?}");
        }
    }

    #[test]
    fn slugify_words() {
        assert_eq!(
            slugify("What causes Upper-Back spasms?"),
            "what-causes-upper-back-spasms"
        );
        assert_eq!(slugify("  Don't panic!  "), "dont-panic");
        assert_eq!(slugify("Émile & co"), "émile-co");
        assert_eq!(slugify("背中の痛み"), "背中の痛み");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn long_slugs_are_cut_at_a_word() {
        assert_eq!(shorten("short", 80), "short");
        assert_eq!(shorten("one-two-three", 9), "one-two");
        assert_eq!(shorten("onetwothree", 5), "onetw");
        // Never inside a character.
        assert_eq!(shorten("ééé", 5), "éé");
    }

    #[test]
    fn repeated_names_are_numbered() {
        let mut names = UniqueNames::default();
        let got: Vec<String> = ["a", "a", "a-2", "a", "b"]
            .iter()
            .map(|n| names.claim(n, 2))
            .collect();
        assert_eq!(got, ["a", "a-2", "a-2-2", "a-3", "b"]);
    }

    #[test]
    fn valid_slugs() {
        assert!(is_valid("upper-back_2"));
        assert!(!is_valid(""));
        assert!(!is_valid(".."));
        assert!(!is_valid("a/b"));
        assert!(!is_valid("a b"));
    }
}
