//! The same page in the site's other languages: an entry and its translations (`renew.md`,
//! `renew.fr.md`), a category in each language it has questions in, the home page and the
//! list of tags. Made once every language's site is linked; pages show it as the language
//! switcher and as `hreflang` alternates.

use std::collections::HashMap;

use super::Site;
use crate::url::BaseUrl;

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language {
    /// Its BCP 47 tag.
    pub code: String,
    /// Its name in itself ("Deutsch"), for the switcher.
    pub name: String,
    /// Where its pages are: the site's root, or `/<tag>/` under it.
    pub base_url: BaseUrl,
}

/// Which pages of the site's languages are the same page.
#[derive(Debug, Default)]
pub struct Alternates {
    /// Every language of the site, its own first; empty on a site with one language.
    pub languages: Vec<Language>,
    /// For each language, the group of each of its pages that has one, by site path.
    groups_by_path: Vec<HashMap<String, usize>>,
    /// For each group, the site path of its page in each language (`None`: not translated).
    groups: Vec<Vec<Option<String>>>,
}

impl Alternates {
    /// The alternates of `sites` (the site's own language first, then each translation),
    /// with the name of each language.
    pub fn new(sites: &[&Site], names: Vec<String>) -> Alternates {
        if sites.len() < 2 {
            return Alternates::default();
        }
        let languages = sites
            .iter()
            .zip(names)
            .map(|(site, name)| Language {
                code: site.config.language.clone(),
                name,
                base_url: site.config.base_url.clone(),
            })
            .collect();
        // Pages are the same page when they are made from the same source: an entry's
        // original path, a category's folder; the list of tags is one page in every language.
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut groups: Vec<Vec<Option<String>>> = Vec::new();
        let mut groups_by_path = vec![HashMap::new(); sites.len()];
        for (l, site) in sites.iter().enumerate() {
            let pages = site
                .entries
                .iter()
                .map(|e| (format!("entry:{}", e.entry.file.source), e.path.clone()))
                .chain(
                    site.categories
                        .iter()
                        .map(|c| (format!("category:{}", c.folder), c.path.clone())),
                )
                .chain([("tags".to_string(), "tags/".to_string())]);
            for (key, path) in pages {
                let group = *by_key.entry(key).or_insert_with(|| {
                    groups.push(vec![None; sites.len()]);
                    groups.len() - 1
                });
                groups[group][l] = Some(path.clone());
                groups_by_path[l].insert(path, group);
            }
        }
        Alternates {
            languages,
            groups_by_path,
            groups,
        }
    }

    /// The page at `path` of the language `code` in every language of the site, in order:
    /// its site path there, or `None` where it is not translated.
    pub fn of(&self, code: &str, path: &str) -> Vec<(&Language, Option<&str>)> {
        let Some(l) = self.languages.iter().position(|l| l.code == code) else {
            return Vec::new();
        };
        let group = self.groups_by_path[l].get(path).map(|&g| &self.groups[g]);
        self.languages
            .iter()
            .enumerate()
            .map(|(i, language)| {
                let there = group.and_then(|paths| paths[i].as_deref());
                (language, there)
            })
            .collect()
    }

    /// A hash of it all, for the key of every page that shows it.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = crate::stable_hash::hasher();
        self.languages.hash(&mut hasher);
        self.groups.hash(&mut hasher);
        hasher.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_with_one_language_has_none() {
        let alternates = Alternates::new(&[], Vec::new());
        assert!(alternates.languages.is_empty());
        assert!(alternates.of("en", "").is_empty());
    }
}
