//! The words faqgen itself writes into pages, in the site's language: one table per language
//! (`templates/strings/<tag>.toml`, compiled into the binary), so that none of them is written
//! in Rust or in a template. The table of the site's `language` is laid over the English one
//! (which has every key), and the `[strings]` of `faqgen.toml` over both.
//!
//! Counted strings (`question_count_one`, `question_count_other`, …) are chosen by the
//! language's Unicode CLDR plural rules, and dates are written in the language's long form:
//! both from ICU4X, never from rules written here.

use std::collections::BTreeMap;

use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_locale::{LanguageIdentifier, LocaleDirectionality, LocaleExpander};
use icu_plurals::{PluralCategory, PluralRuleType, PluralRules};
use include_dir::{Dir, include_dir};

use crate::error::Error;

/// The built-in tables, one file per language, named by its BCP 47 tag.
static TABLES: Dir = include_dir!("$CARGO_MANIFEST_DIR/templates/strings");

/// The table every other is laid over: it has every key.
const ENGLISH: &str = "en";

/// The theme folder the tables are in, under `templates/`.
pub const DIR: &str = "strings";

/// The suffixes of a counted string's forms, one per CLDR plural category.
const PLURAL_FORMS: [&str; 6] = ["_zero", "_one", "_two", "_few", "_many", "_other"];

/// The words of one language, with its plural rules and its way of writing dates.
pub struct Strings {
    /// The BCP 47 tag they are for, as the site wrote it.
    language: String,
    table: BTreeMap<String, String>,
    plurals: Option<PluralRules>,
    dates: Option<DateTimeFormatter<YMD>>,
    right_to_left: bool,
}

impl Strings {
    /// The words of `language`: its table in `tables` (if there is one) over the English one,
    /// and `site`'s strings (checked by the config against [`is_known_key`]) over both.
    pub fn new(language: &str, tables: &Tables, site: &BTreeMap<String, String>) -> Strings {
        let mut table = Tables::english().clone();
        // A site's own English table, if any, changes the forms it names.
        table.extend(tables.0.get(ENGLISH).cloned().unwrap_or_default());
        match tables.for_language(language) {
            Some(own) => language_over(&mut table, own.clone()),
            // Named by its tag rather than as "English", until the site names it.
            None => {
                table.insert("language_name".into(), language.to_string());
            }
        }
        // The site's strings change only the forms they name.
        table.extend(site.clone());
        let id: Option<LanguageIdentifier> = language.parse().ok();
        let plurals = id
            .as_ref()
            .and_then(|id| PluralRules::try_new(id.into(), PluralRuleType::Cardinal.into()).ok());
        let dates = id
            .as_ref()
            .and_then(|id| DateTimeFormatter::try_new(id.into(), YMD::long()).ok());
        let right_to_left = id.as_ref().is_some_and(|id| {
            let mut id = id.clone();
            LocaleExpander::new_extended().maximize(&mut id);
            LocaleDirectionality::new_extended().is_right_to_left(&id)
        });
        Strings {
            language: language.to_string(),
            table,
            plurals,
            dates,
            right_to_left,
        }
    }

    /// The English words alone.
    pub fn english() -> Strings {
        Strings::new(ENGLISH, &Tables::built_in(), &BTreeMap::new())
    }

    /// Whether the language is written from right to left (Arabic, Hebrew, Persian, …).
    pub fn right_to_left(&self) -> bool {
        self.right_to_left
    }

    /// The string `key` as written, `{…}` and all; None for a key no table has.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.table.get(key).map(String::as_str)
    }

    /// The form of the counted string `base` for `count`: `base_few` for 3 in Polish, or
    /// `base_other` when the table has no form for the count's plural category.
    pub fn counted_text(&self, base: &str, count: u64) -> Option<&str> {
        let category = self
            .plurals
            .as_ref()
            .map_or(PluralCategory::Other, |rules| rules.category_for(count));
        let form = format!("{base}_{}", category_name(category));
        self.text(&form)
            .or_else(|| self.text(&format!("{base}_other")))
    }

    /// The string `key`, each `{name}` in it replaced by its value in `values`.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.text(key).unwrap_or(key), values)
    }

    /// The string `key`, as written.
    pub fn get(&self, key: &str) -> String {
        self.fill(key, &[])
    }

    /// `date` written out in the language's long form ("4 October 2026", "4. Oktober 2026",
    /// "2026年10月4日"); as `2026-10-04` for a language ICU does not know.
    pub fn date(&self, date: jiff::civil::Date) -> String {
        let iso = icu_calendar::Date::try_new_iso(
            date.year().into(),
            date.month() as u8,
            date.day() as u8,
        );
        match (&self.dates, iso) {
            (Some(dates), Ok(iso)) => dates.format(&iso).to_string(),
            _ => date.to_string(),
        }
    }

    /// The strings whose key starts with `prefix`, by the rest of their key: the words a
    /// script needs (`preview_` gives `{"title_one": …}`).
    pub fn group(&self, prefix: &str) -> BTreeMap<String, String> {
        self.table
            .iter()
            .filter_map(|(key, value)| Some((key.strip_prefix(prefix)?.to_string(), value.clone())))
            .collect()
    }

    /// Every string, by key: what templates read as `site.strings`.
    pub fn table(&self) -> &BTreeMap<String, String> {
        &self.table
    }
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("language", &self.language)
            .field("right_to_left", &self.right_to_left)
            .finish_non_exhaustive()
    }
}

/// Whether a site may set `key` in its `[strings]`: a key of the built-in tables, or another
/// plural form of a counted one (`search_results_few` beside `search_results_other`), as
/// languages need forms English does not have.
pub fn is_known_key(key: &str) -> bool {
    let english = english_keys();
    english.contains(key)
        || plural_base(key).is_some_and(|base| english.contains(&format!("{base}_other")))
}

/// Every key of the built-in tables, for suggesting the closest to a mistyped one.
pub fn known_keys() -> Vec<String> {
    english_keys().iter().cloned().collect()
}

/// The keys of the English table, read once.
fn english_keys() -> &'static std::collections::BTreeSet<String> {
    static KEYS: std::sync::OnceLock<std::collections::BTreeSet<String>> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| Tables::english().keys().cloned().collect())
}

/// The tables of strings, by language tag: the built-in ones, with the site's own files
/// (`templates/strings/<tag>.toml`) laid over those of the same name.
#[derive(Debug, Clone, Default)]
pub struct Tables(BTreeMap<String, BTreeMap<String, String>>);

impl Tables {
    /// The tables faqgen ships.
    pub fn built_in() -> Tables {
        static BUILT_IN: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
        BUILT_IN
            .get_or_init(|| {
                Tables(
                    TABLES
                        .files()
                        .filter_map(|file| {
                            let tag = file.path().file_stem()?.to_str()?.to_string();
                            Some((tag, parse(Some(file))))
                        })
                        .collect(),
                )
            })
            .clone()
    }

    /// The built-in English table, which has every key.
    fn english() -> &'static BTreeMap<String, String> {
        static ENGLISH_TABLE: std::sync::OnceLock<BTreeMap<String, String>> =
            std::sync::OnceLock::new();
        ENGLISH_TABLE.get_or_init(|| parse(TABLES.get_file(format!("{ENGLISH}.toml"))))
    }

    /// These tables with the site's files `(name relative to templates/strings/, text)` laid
    /// over those of the same name, key by key (or added, for a language faqgen has no table
    /// for). A key no built-in table has is an error, with the closest as a suggestion.
    pub fn with_site(mut self, files: Vec<(String, Vec<u8>)>) -> Result<Tables, Error> {
        for (name, bytes) in files {
            let path = format!("{}/{DIR}/{name}", crate::theme::TEMPLATES_DIR);
            let Some(tag) = name.strip_suffix(".toml") else {
                return Err(Error::Template(format!(
                    "{path}: not a table of strings (they are named by their language, e.g. `de.toml`)"
                )));
            };
            let text = String::from_utf8_lossy(&bytes);
            let table: BTreeMap<String, String> =
                toml::from_str(&text).map_err(|e| Error::Template(format!("{path}: {e}")))?;
            if let Some(key) = table.keys().find(|key| !is_known_key(key)) {
                let known = known_keys();
                let hint = crate::diagnostic::closest(key, known.iter().map(String::as_str))
                    .map(|close| format!("; did you mean `{close}`?"))
                    .unwrap_or_default();
                return Err(Error::Template(format!(
                    "{path}: unknown string `{key}`{hint}"
                )));
            }
            self.0.entry(tag.to_string()).or_default().extend(table);
        }
        Ok(self)
    }

    /// Whether there is a table for `language`.
    pub fn has(&self, language: &str) -> bool {
        self.for_language(language).is_some()
    }

    /// The table for `language`: the one of the same language and script, so that `pt-BR`
    /// takes `pt` and `zh-CN` takes `zh-Hans`, but `zh-TW` (traditional script) none.
    fn for_language(&self, language: &str) -> Option<&BTreeMap<String, String>> {
        let expander = LocaleExpander::new_extended();
        let likely = |tag: &str| {
            let mut id: LanguageIdentifier = tag.parse().ok()?;
            expander.maximize(&mut id);
            Some((id.language, id.script))
        };
        // Its own table first (`pt-BR.toml` for `pt-BR`), then its language's (`pt.toml`).
        if let Some((_, table)) = self
            .0
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(language))
        {
            return Some(table);
        }
        let wanted = likely(language)?;
        self.0
            .iter()
            .find(|(tag, _)| likely(tag) == Some(wanted))
            .map(|(_, table)| table)
    }
}

/// Whether `tag` names a language Unicode's CLDR knows (`fr`, `pt-BR`), and not just any
/// letters (`db`, `ui`): one whose likely script is known.
pub fn is_known_language(tag: &str) -> bool {
    let Ok(id) = tag.parse::<LanguageIdentifier>() else {
        return false;
    };
    let mut language = LanguageIdentifier::from(id.language);
    !id.language.is_unknown()
        && LocaleExpander::new_extended().maximize(&mut language)
            == icu_locale::TransformResult::Modified
}

/// Whether faqgen ships a table for `language`.
pub fn has_built_in(language: &str) -> bool {
    Tables::built_in().has(language)
}

/// A language's table laid over English: a counted string it has any form of replaces all of
/// English's forms of it, so that a language without a `_one` form is not left English's.
fn language_over(table: &mut BTreeMap<String, String>, over: BTreeMap<String, String>) {
    for key in over.keys() {
        if let Some(base) = plural_base(key) {
            for form in PLURAL_FORMS {
                if !over.contains_key(&format!("{base}{form}")) {
                    table.remove(&format!("{base}{form}"));
                }
            }
        }
    }
    table.extend(over);
}

/// The counted string a plural form belongs to: `results` for `results_few`.
fn plural_base(key: &str) -> Option<&str> {
    PLURAL_FORMS.iter().find_map(|form| key.strip_suffix(form))
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// `text` with each `{name}` replaced by its value in `values`.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut text = text.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// A built-in table. They are tested to parse (below), so a table that did not would be
/// faqgen's bug, and English fills in for it.
fn parse(file: Option<&include_dir::File>) -> BTreeMap<String, String> {
    file.and_then(|file| file.contents_utf8())
        .and_then(|text| toml::from_str(text).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counted string `base` for `count`, as `t()` fills it in.
    fn count(strings: &Strings, base: &str, count: u64) -> String {
        let text = strings.counted_text(base, count).unwrap_or(base);
        fill(text, &[("count", &count.to_string())])
    }

    fn site(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_site_changes_the_keys_it_names() {
        let strings = Strings::new("en", &Tables::built_in(), &site(&[("home", "Start")]));
        assert_eq!(strings.get("home"), "Start");
        assert_eq!(
            strings.fill("tagged", &[("tag", "sleep")]),
            "Tagged “sleep”"
        );
    }

    #[test]
    fn a_language_takes_its_own_table_and_english_for_the_rest() {
        let german = Strings::new("de-CH", &Tables::built_in(), &BTreeMap::new());
        assert_eq!(german.get("home"), "Startseite");
        let unknown = Strings::new("sw", &Tables::built_in(), &site(&[("home", "Nyumbani")]));
        assert_eq!(unknown.get("home"), "Nyumbani");
        assert_eq!(unknown.get("tags"), "Tags");
        assert_eq!(unknown.get("language_name"), "sw");
        assert!(!has_built_in("sw"));
    }

    #[test]
    fn tables_are_matched_by_language_and_script() {
        assert!(has_built_in("pt-BR"));
        assert!(has_built_in("zh-CN"));
        assert!(has_built_in("zh"));
        assert!(!has_built_in("zh-TW"));
        assert!(has_built_in("ar-EG"));
        assert!(!has_built_in("not a tag"));
    }

    #[test]
    fn counts_follow_the_language_plural_rules() {
        let english = Strings::english();
        assert_eq!(count(&english, "question_count", 1), "1 question");
        assert_eq!(count(&english, "question_count", 0), "0 questions");
        let polish = Strings::new("pl", &Tables::built_in(), &BTreeMap::new());
        let forms: Vec<String> = [1, 3, 5, 22]
            .iter()
            .map(|&n| count(&polish, "question_count", n))
            .collect();
        assert_eq!(forms, ["1 pytanie", "3 pytania", "5 pytań", "22 pytania"]);
        // Japanese has one form: English's "_one" is not left in its table.
        let japanese = Strings::new("ja", &Tables::built_in(), &BTreeMap::new());
        assert!(japanese.text("question_count_one").is_none());
        assert_eq!(
            count(&japanese, "question_count", 1),
            count(&japanese, "question_count", 2).replace('2', "1")
        );
    }

    #[test]
    fn dates_are_written_in_the_language() {
        let date = jiff::civil::date(2026, 10, 4);
        assert_eq!(Strings::english().date(date), "October 4, 2026");
        assert_eq!(
            Strings::new("en-GB", &Tables::built_in(), &BTreeMap::new()).date(date),
            "4 October 2026"
        );
        assert_eq!(
            Strings::new("de", &Tables::built_in(), &BTreeMap::new()).date(date),
            "4. Oktober 2026"
        );
        assert_eq!(
            Strings::new("ja", &Tables::built_in(), &BTreeMap::new()).date(date),
            "2026年10月4日"
        );
    }

    #[test]
    fn direction_comes_from_the_script() {
        for tag in ["ar", "he", "fa", "ur", "ar-Latn"] {
            let rtl = Strings::new(tag, &Tables::built_in(), &BTreeMap::new()).right_to_left();
            assert_eq!(rtl, tag != "ar-Latn", "{tag}");
        }
        assert!(!Strings::new("de", &Tables::built_in(), &BTreeMap::new()).right_to_left());
    }

    #[test]
    fn a_site_table_replaces_the_built_in_one_and_is_checked() {
        let tables = Tables::built_in()
            .with_site(vec![("sw.toml".into(), b"home = \"Nyumbani\"\n".to_vec())])
            .unwrap();
        assert!(tables.has("sw"));
        let brazil = Tables::built_in()
            .with_site(vec![(
                "pt-BR.toml".into(),
                "home = \"Página inicial\"\n".as_bytes().to_vec(),
            )])
            .unwrap();
        assert_eq!(
            Strings::new("pt-BR", &brazil, &BTreeMap::new()).get("home"),
            "Página inicial"
        );
        let strings = Strings::new("sw", &tables, &BTreeMap::new());
        assert_eq!(strings.get("home"), "Nyumbani");
        let german = Tables::built_in()
            .with_site(vec![("de.toml".into(), b"home = \"Start\"\n".to_vec())])
            .unwrap();
        let german = Strings::new("de", &german, &BTreeMap::new());
        assert_eq!(german.get("home"), "Start");
        assert_eq!(german.get("menu"), "Menü");
        let error = Tables::built_in()
            .with_site(vec![("de.toml".into(), b"hom = \"Start\"\n".to_vec())])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("templates/strings/de.toml: unknown string `hom`; did you mean `home`?"),
            "{error}"
        );
    }

    #[test]
    fn known_languages_are_told_from_other_letters() {
        for tag in ["fr", "pt-BR", "zh-Hans", "he", "sw", "de-CH"] {
            assert!(is_known_language(tag), "{tag}");
        }
        for tag in ["db", "ui", "js", "und", "not a tag", "x1"] {
            assert!(!is_known_language(tag), "{tag}");
        }
    }

    #[test]
    fn keys_a_site_may_set() {
        assert!(is_known_key("home"));
        assert!(is_known_key("search_results_few"));
        assert!(!is_known_key("home_few"));
        assert!(!is_known_key("hom"));
    }

    /// Every built-in table parses, has every key of the English one (a counted string in
    /// each plural form its language has, and `_other`), keeps each string's `{…}` fields, and
    /// has no key English lacks.
    #[test]
    fn every_built_in_table_is_complete() {
        let english = parse(TABLES.get_file("en.toml"));
        assert!(english.len() > 80);
        let fields = |text: &str| -> std::collections::BTreeSet<String> {
            text.split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
                .collect()
        };
        let mut languages = Vec::new();
        for file in TABLES.files() {
            let tag = file.path().file_stem().unwrap().to_str().unwrap();
            languages.push(tag.to_string());
            let text = file.contents_utf8().unwrap();
            let table: BTreeMap<String, String> =
                toml::from_str(text).unwrap_or_else(|e| panic!("{tag}: {e}"));
            let id: LanguageIdentifier = tag.parse().unwrap();
            let rules =
                PluralRules::try_new((&id).into(), PluralRuleType::Cardinal.into()).unwrap();
            for (key, value) in &english {
                match plural_base(key) {
                    Some(base) => {
                        let other = format!("{base}_other");
                        assert!(table.contains_key(&other), "{tag}: {other} missing");
                        for category in rules.categories() {
                            let form = format!("{base}_{}", category_name(category));
                            if category != PluralCategory::Other && !table.contains_key(&form) {
                                panic!("{tag}: {form} missing");
                            }
                        }
                    }
                    None => {
                        let own = table
                            .get(key)
                            .unwrap_or_else(|| panic!("{tag}: {key} missing"));
                        assert_eq!(fields(own), fields(value), "{tag}: {key}");
                    }
                }
            }
            for key in table.keys() {
                let known = english.contains_key(key)
                    || plural_base(key)
                        .is_some_and(|b| english.contains_key(&format!("{b}_other")));
                assert!(known, "{tag}: {key} is not a key of en.toml");
            }
        }
        languages.sort();
        assert_eq!(
            languages,
            [
                "ar", "de", "en", "es", "fr", "it", "ja", "nl", "pl", "pt", "zh-Hans"
            ]
        );
    }
}
