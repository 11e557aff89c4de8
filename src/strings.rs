//! The words faqgen itself writes into pages, in one table (`templates/strings.toml`), so that
//! none of them is written in Rust: the built-in table, with a site's own
//! `templates/strings.toml` changing the keys it names.

use std::collections::BTreeMap;

use crate::error::Error;

/// The table's file, in the theme's templates folder.
pub const FILE: &str = "strings.toml";

/// Every string, by key.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The built-in table `built_in`, with the site's `site` (if any) over it. A key the
    /// built-in table lacks is an error, with the closest key as a suggestion.
    pub fn load(built_in: &str, site: Option<&str>) -> Result<Strings, Error> {
        let mut strings = parse(built_in, "built-in")?;
        if let Some(site) = site {
            let path = format!("templates/{FILE}");
            for (key, value) in parse(site, &path)? {
                if !strings.contains_key(&key) && !is_plural_form(&strings, &key) {
                    let known = strings.keys().map(String::as_str);
                    let hint = crate::diagnostic::closest(&key, known)
                        .map(|close| format!("; did you mean `{close}`?"))
                        .unwrap_or_default();
                    return Err(Error::Template(format!(
                        "{path}: unknown string `{key}`{hint}"
                    )));
                }
                strings.insert(key, value);
            }
        }
        Ok(Strings(strings))
    }

    /// The string `key`, each `{name}` in it replaced by its value in `values`.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.0.get(key).cloned().unwrap_or_else(|| key.to_string());
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The string `key`, as written.
    pub fn get(&self, key: &str) -> String {
        self.fill(key, &[])
    }

    /// The strings whose key starts with `prefix`, by the rest of their key: the words a
    /// script needs (`preview_` gives `{"title_one": …}`).
    pub fn group(&self, prefix: &str) -> BTreeMap<String, String> {
        self.0
            .iter()
            .filter_map(|(key, value)| Some((key.strip_prefix(prefix)?.to_string(), value.clone())))
            .collect()
    }

    /// The built-in table alone.
    pub fn built_in() -> Strings {
        Strings::load(crate::theme::BUILT_IN_STRINGS, None).unwrap_or_default()
    }
}

/// Whether `key` is another plural form of a counted string (`search_results_few` beside
/// `search_results_other`): languages need forms English does not have.
fn is_plural_form(strings: &BTreeMap<String, String>, key: &str) -> bool {
    ["_zero", "_two", "_few", "_many"].iter().any(|form| {
        key.strip_suffix(form)
            .is_some_and(|base| strings.contains_key(&format!("{base}_other")))
    })
}

fn parse(text: &str, origin: &str) -> Result<BTreeMap<String, String>, Error> {
    toml::from_str(text).map_err(|e| Error::Template(format!("{origin} {FILE}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILT_IN: &str = "home = \"Home\"\ntagged = \"Tagged “{tag}”\"\n";

    #[test]
    fn a_site_changes_the_keys_it_names() {
        let strings = Strings::load(BUILT_IN, Some("home = \"Start\"\n")).unwrap();
        assert_eq!(strings.get("home"), "Start");
        assert_eq!(
            strings.fill("tagged", &[("tag", "Schlaf")]),
            "Tagged “Schlaf”"
        );
    }

    #[test]
    fn a_group_is_the_keys_with_its_prefix_without_it() {
        let strings = Strings::load("a_x = \"1\"\na_y = \"2\"\nb_x = \"3\"\n", None).unwrap();
        let group = strings.group("a_");
        assert_eq!(group.len(), 2);
        assert_eq!(group["x"], "1");
        assert_eq!(group["y"], "2");
    }

    #[test]
    fn a_counted_string_takes_the_plural_forms_its_language_needs() {
        let built_in = "results_one = \"1\"\nresults_other = \"n\"\n";
        let strings = Strings::load(built_in, Some("results_few = \"{count} wyniki\"\n")).unwrap();
        assert_eq!(strings.get("results_few"), "{count} wyniki");
        assert!(Strings::load(built_in, Some("home_few = \"x\"\n")).is_err());
    }

    #[test]
    fn an_unknown_key_is_an_error_with_a_suggestion() {
        let error = Strings::load(BUILT_IN, Some("hom = \"Start\"\n")).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("unknown string `hom`"), "{message}");
        assert!(message.contains("did you mean `home`?"), "{message}");
    }

    #[test]
    fn the_built_in_table_has_every_key_the_code_uses() {
        let built_in = include_str!("../templates/strings.toml");
        let strings = Strings::load(built_in, None).unwrap();
        for key in [
            "home",
            "tags",
            "tags_description",
            "tagged",
            "tagged_description",
            "category_description",
            "page_not_found",
            "sitemap",
            "heading_link",
            "search_nothing",
            "search_results_other",
            "preview_title_other",
            "preview_note",
        ] {
            assert!(strings.0.contains_key(key), "{key} missing");
        }
    }
}
