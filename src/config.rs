//! The site's settings, read from `faqgen.toml` at the site root.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{self, Diagnostic};
use crate::url::BaseUrl;

pub const FILE_NAME: &str = "faqgen.toml";

/// Settings of one site. Built from `faqgen.toml`, then adjusted by command-line options.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's name, shown in every page header and in the feed.
    pub title: String,
    /// One or two sentences under the title on the home page and in search-engine snippets.
    pub description: String,
    /// Where the site is published; every URL is made from it.
    pub base_url: BaseUrl,
    /// BCP 47 language tag of the content, e.g. `en` or `pt-BR`.
    pub language: String,
    /// A short note shown on every page (for example "not medical advice").
    pub notice: Option<String>,
    /// A custom domain for GitHub Pages; written to `CNAME`.
    pub cname: Option<String>,
    /// Questions listed under each category on the home page (the category's pages list all
    /// of its own): the home page stays light on sites with thousands of entries.
    pub home_questions: usize,
    /// Questions, with their answers, on each page of a category (and of the entries at the
    /// top of `content/`, which the home page lists); more go on `page/2/`, `page/3/`, …
    /// Keeps every page quick to load and to render on a phone.
    pub page_size: usize,
    /// Build the search index and show the search box (`search = false` turns both off).
    pub search: bool,
    /// Where to ask a question the FAQ does not answer, e.g. a GitHub new-issue URL; the
    /// search query is put in place of `{query}`, or appended.
    pub ask_url: Option<String>,
    /// How many related questions an entry page shows at most.
    pub related_count: usize,
    /// `faqgen check` warns about entries not updated for this many days.
    pub stale_after_days: Option<u32>,
    /// Remove scripts, event handlers and code-running links from answers (`false` publishes
    /// answers' HTML as written: for sites that trust every author).
    pub sanitize_html: bool,
    /// Highlight fenced code in answers at build time (`highlight_code = false` leaves it
    /// plain, in the text colour).
    pub highlight_code: bool,
    /// Date entries without `updated:` by the last commit of their file, when the site is in
    /// a git repository (`git_dates = false` leaves them undated).
    pub git_dates: bool,
    /// Write `llms.txt` and `llms-full.txt`: the site in Markdown, for AI assistants.
    pub llms_txt: bool,
    /// Publish each entry as Markdown beside its page (`index.html.md`).
    pub markdown_pages: bool,
    /// The site's own words for faqgen's strings (`[strings]`), by key, over the built-in
    /// table of its language.
    pub strings: BTreeMap<String, String>,
    /// The site's other languages (`[languages.fr]`), in the order of their tags: each is
    /// published under `/<tag>/`, from translations written beside the originals
    /// (`renew.fr.md` beside `renew.md`).
    pub languages: Vec<Translation>,
    /// The site's own language, at its root (a translation's config has its own `language`).
    pub default_language: String,
    /// The address of the whole site: a translation's `base_url` is under it.
    pub site_url: BaseUrl,
    /// A warning for a `language` faqgen ships no words for, at its line in the file: the
    /// theme reports it unless the site has a table of its own for the language.
    pub untranslated: Option<Diagnostic>,
}

/// One more language of the site: what changes from the site's own settings in it.
#[derive(Debug, Clone)]
pub struct Translation {
    /// Its BCP 47 tag, as written (`fr`, `pt-BR`): the folder it is published in, and the
    /// suffix of its files (`renew.fr.md`).
    pub code: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub notice: Option<String>,
    /// Its own words for faqgen's strings, over the built-in table of the language.
    pub strings: BTreeMap<String, String>,
    /// A warning for a language faqgen ships no words for, as for the site's own.
    pub untranslated: Option<Diagnostic>,
}

impl Config {
    /// The settings of the site in `translation`: published under `/<tag>/`, with its own
    /// title, description, notice and strings.
    pub fn translated(&self, translation: &Translation) -> Config {
        let mut config = self.clone();
        config.language = translation.code.clone();
        config.base_url = self.site_url.under(&translation.code);
        if let Some(title) = &translation.title {
            config.title = title.clone();
        }
        if let Some(description) = &translation.description {
            config.description = description.clone();
        }
        if let Some(notice) = &translation.notice {
            config.notice = Some(notice.clone()).filter(|n| !n.trim().is_empty());
        }
        config.strings = translation.strings.clone();
        config.untranslated = None;
        config
    }

    /// Whether these are the settings of a translation, under the site's root.
    pub fn is_translation(&self) -> bool {
        self.language != self.default_language
    }

    /// The folder of the output these settings' site is written in: `fr/` for a
    /// translation, `""` for the site's own language (its root).
    pub fn output_folder(&self) -> String {
        match self.is_translation() {
            true => format!("{}/", self.language),
            false => String::new(),
        }
    }

    /// Every language of the site: its own, then the others.
    pub fn all_languages(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.default_language.as_str())
            .chain(self.languages.iter().map(|t| t.code.as_str()))
    }
}

/// `[languages.<tag>]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    title: Option<String>,
    description: Option<String>,
    notice: Option<String>,
    #[serde(default)]
    strings: BTreeMap<String, toml::Spanned<String>>,
}

/// The keys `faqgen.toml` accepts, as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    notice: Option<String>,
    cname: Option<String>,
    #[serde(default = "default_home_questions")]
    home_questions: usize,
    #[serde(default = "default_page_size")]
    page_size: usize,
    #[serde(default = "default_true")]
    search: bool,
    ask_url: Option<String>,
    #[serde(default = "default_related_count")]
    related_count: usize,
    stale_after_days: Option<u32>,
    #[serde(default = "default_true")]
    sanitize_html: bool,
    #[serde(default = "default_true")]
    highlight_code: bool,
    #[serde(default = "default_true")]
    git_dates: bool,
    #[serde(default = "default_true")]
    llms_txt: bool,
    #[serde(default = "default_true")]
    markdown_pages: bool,
    #[serde(default)]
    strings: BTreeMap<String, toml::Spanned<String>>,
    #[serde(default)]
    languages: BTreeMap<String, toml::Spanned<TranslationFile>>,
}

fn default_related_count() -> usize {
    5
}

fn default_true() -> bool {
    true
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "notice",
    "cname",
    "home_questions",
    "page_size",
    "search",
    "ask_url",
    "related_count",
    "stale_after_days",
    "sanitize_html",
    "highlight_code",
    "git_dates",
    "llms_txt",
    "markdown_pages",
    "strings",
    "languages",
];

fn default_home_questions() -> usize {
    5
}

fn default_page_size() -> usize {
    20
}

fn default_language() -> String {
    "en".to_string()
}

/// Parses the text of `faqgen.toml` (found at `path`, relative to the site root).
pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let file: ConfigFile = toml::from_str(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let diagnostic = match diagnostic::unknown_key(error.message(), KEYS) {
            Some((message, help)) => Diagnostic::error(path, text, span, message).with_help(help),
            None => Diagnostic::error(path, text, span, error.message().trim()),
        };
        vec![diagnostic]
    })?;
    let ConfigFile {
        title,
        description,
        base_url,
        language,
        notice,
        cname,
        home_questions,
        page_size,
        search,
        ask_url,
        related_count,
        stale_after_days,
        sanitize_html,
        highlight_code,
        git_dates,
        llms_txt,
        markdown_pages,
        strings,
        languages,
    } = file;
    let mut problems = Vec::new();
    let at = |key: &str| span_of_key(text, key);
    let base_url = BaseUrl::parse(&base_url)
        .map_err(|e| {
            problems.push(
                Diagnostic::error(path, text, at("base_url"), e.to_string())
                    .with_help("for GitHub Pages, use https://OWNER.github.io/REPOSITORY/"),
            )
        })
        .ok();
    if title.trim().is_empty() {
        problems.push(Diagnostic::error(
            path,
            text,
            at("title"),
            "`title` is empty",
        ));
    }
    if !is_language_tag(&language) {
        problems.push(
            Diagnostic::error(
                path,
                text,
                at("language"),
                format!("`{language}` is not a language tag"),
            )
            .with_help("use a BCP 47 tag such as `en`, `de` or `pt-BR`"),
        );
    }
    let cname = cname
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    if let Some(domain) = &cname
        && domain.contains(['/', ':', ' '])
    {
        problems.push(
            Diagnostic::error(
                path,
                text,
                at("cname"),
                format!("`{domain}` is not a domain name"),
            )
            .with_help("write only the host, e.g. `faq.example.org`"),
        );
    }
    let ask_url = ask_url
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty());
    if let Some(url) = &ask_url
        && !url.starts_with("https://")
        && !url.starts_with("http://")
        && !url.starts_with("mailto:")
    {
        problems.push(
            Diagnostic::error(
                path,
                text,
                at("ask_url"),
                format!("`{url}` is not a web address"),
            )
            .with_help("e.g. `https://github.com/OWNER/REPO/issues/new?title={query}`"),
        );
    }
    if page_size == 0 {
        problems.push(
            Diagnostic::error(path, text, at("page_size"), "`page_size` is 0")
                .with_help("give the number of questions per page, e.g. `page_size = 20`"),
        );
    }
    problems.extend(unknown_strings(path, text, &strings));
    let mut translations = Vec::new();
    for (code, table) in languages {
        let span = table.span();
        let table = table.into_inner();
        let twice = translations
            .iter()
            .any(|t: &Translation| t.code.eq_ignore_ascii_case(&code));
        if twice {
            problems.push(
                Diagnostic::error(
                    path,
                    text,
                    key_before(text, span.clone(), "["),
                    format!("`[languages.{code}]`: the language is listed twice"),
                )
                .with_help("list each language once: its folder is named by its tag"),
            );
            continue;
        }
        if !is_language_tag(&code) || code.eq_ignore_ascii_case(&language) {
            let why = match is_language_tag(&code) {
                true => "is the site's own `language`",
                false => "is not a language tag",
            };
            problems.push(
                Diagnostic::error(
                    path,
                    text,
                    span,
                    format!("`[languages.{code}]`: `{code}` {why}"),
                )
                .with_help(
                    "name each other language of the site by its BCP 47 tag: `[languages.fr]`",
                ),
            );
            continue;
        }
        problems.extend(unknown_strings(path, text, &table.strings));
        let strings = plain(table.strings);
        let untranslated =
            untranslated_warning(path, text, key_before(text, span, "["), &code, &strings);
        translations.push(Translation {
            untranslated,
            code,
            title: table.title,
            description: table.description,
            notice: table.notice,
            strings,
        });
    }
    let strings = plain(strings);
    let untranslated = untranslated_warning(path, text, at("language"), &language, &strings);
    match base_url {
        Some(base_url) if problems.is_empty() => Ok(Config {
            title,
            description,
            site_url: base_url.clone(),
            base_url,
            default_language: language.clone(),
            languages: translations,
            language,
            notice: notice.filter(|n| !n.trim().is_empty()),
            cname,
            home_questions,
            page_size,
            search,
            ask_url,
            related_count,
            stale_after_days,
            sanitize_html,
            highlight_code,
            git_dates,
            llms_txt,
            markdown_pages,
            strings,
            untranslated,
        }),
        _ => Err(problems),
    }
}

/// The tags of `[languages]` in the `faqgen.toml` of `root`, read leniently: of a file that
/// has other errors too, so that its translations are not also reported as files in a
/// language the site lacks.
pub fn languages_written(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join(FILE_NAME)).unwrap_or_default();
    let table: toml::Table = toml::from_str(&text).unwrap_or_default();
    table
        .get("languages")
        .and_then(toml::Value::as_table)
        .map(|languages| languages.keys().cloned().collect())
        .unwrap_or_default()
}

/// Reads and parses `faqgen.toml` in `root`.
pub fn load(root: &Path) -> Result<Result<Config, Vec<Diagnostic>>, crate::Error> {
    let path = root.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(parse(
            Path::new(FILE_NAME),
            text.strip_prefix('\u{FEFF}').unwrap_or(&text),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(crate::Error::NotASite {
            root: root.to_path_buf(),
            missing: FILE_NAME,
        }),
        Err(source) => Err(crate::Error::Read { path, source }),
    }
}

/// Byte range of `key = …`'s value on its line, for pointing at a bad value.
fn span_of_key(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let start = offset + (line.len() - trimmed.len());
            let value_start = start + key.len() + rest.find('=').unwrap_or(0) + 1;
            let value_len = line[value_start - offset..].trim_end().len();
            let leading = line[value_start - offset..].len()
                - line[value_start - offset..].trim_start().len();
            return value_start + leading..value_start + value_len;
        }
        offset += line.len();
    }
    0..0
}

/// A warning for a `language` (written at `span`) faqgen ships no words for, unless `strings`
/// gives them all.
fn untranslated_warning(
    path: &Path,
    text: &str,
    span: std::ops::Range<usize>,
    language: &str,
    strings: &BTreeMap<String, String>,
) -> Option<Diagnostic> {
    if !is_language_tag(language) || crate::strings::has_built_in(language) {
        return None;
    }
    let english = crate::strings::known_keys()
        .iter()
        .filter(|key| !strings.contains_key(key.as_str()))
        .count();
    (english > 0).then(|| {
        Diagnostic::error(
            path,
            text,
            span,
            format!("faqgen has no words of its own in `{language}`: {english} of its strings stay in English"),
        )
        .with_help("translate them in a `[strings]` table or in templates/strings/LANGUAGE.toml (the keys are those of faqgen's templates/strings/en.toml), or pick a language faqgen has: ar, de, en, es, fr, it, ja, nl, pl, pt, zh-Hans")
        .warning()
    })
}

/// An error for each key of a `[strings]` table that is not one of faqgen's strings.
fn unknown_strings(
    path: &Path,
    text: &str,
    strings: &BTreeMap<String, toml::Spanned<String>>,
) -> Vec<Diagnostic> {
    let known = crate::strings::known_keys();
    strings
        .iter()
        .filter(|(key, _)| !crate::strings::is_known_key(key))
        .map(|(key, value)| {
            let diagnostic = Diagnostic::error(
                path,
                text,
                key_before(text, value.span(), key),
                format!("unknown string `{key}`"),
            );
            match diagnostic::closest(key, known.iter().map(String::as_str)) {
                Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                None => {
                    diagnostic.with_help("the keys are those of faqgen's templates/strings/en.toml")
                }
            }
        })
        .collect()
}

/// A table of strings without the places they were written.
fn plain(strings: BTreeMap<String, toml::Spanned<String>>) -> BTreeMap<String, String> {
    strings
        .into_iter()
        .map(|(key, value)| (key, value.into_inner()))
        .collect()
}

/// The span of `key` on the line of its value at `value`, when it is written there as is
/// (`hom = "Start"`); else the value's.
fn key_before(text: &str, value: std::ops::Range<usize>, key: &str) -> std::ops::Range<usize> {
    let line_start = text[..value.start].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..value.start];
    let indent = line.len() - line.trim_start().len();
    match line.trim_start().starts_with(key) {
        true => line_start + indent..line_start + indent + key.len(),
        false => value,
    }
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(Path::new(FILE_NAME), text)
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let config = parse_str("title = \"T\"\nbase_url = \"https://o.github.io/faq\"\n").unwrap();
        assert_eq!(config.language, "en");
        assert_eq!(config.base_url.path(), "/faq/");
        assert_eq!(config.notice, None);
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let errors =
            parse_str("title = \"T\"\nbase_url = \"https://x.org/\"\ntitel = \"x\"\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (3, 1, "unknown key `titel`")
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn strings_are_checked_against_the_table() {
        let config = parse_str(
            "title = \"T\"\nbase_url = \"https://x.org/\"\n[strings]\nhome = \"Start\"\nsearch_results_few = \"{count} wyniki\"\n",
        )
        .unwrap();
        assert_eq!(config.strings["home"], "Start");
        assert!(config.untranslated.is_none());
        let errors = parse_str(
            "title = \"T\"\nbase_url = \"https://x.org/\"\n[strings]\n  hom = \"Start\"\n",
        )
        .unwrap_err();
        let e = &errors[0];
        assert_eq!((e.line, e.column), (4, 3));
        assert_eq!(e.message, "unknown string `hom`");
        assert_eq!(e.help.as_deref(), Some("did you mean `home`?"));
    }

    #[test]
    fn a_language_without_a_table_is_a_warning() {
        let config =
            parse_str("title = \"T\"\nbase_url = \"https://x.org/\"\nlanguage = \"sw\"\n").unwrap();
        let warning = config.untranslated.unwrap();
        assert!(!warning.is_error());
        assert_eq!((warning.line, warning.column), (3, 12));
        assert!(
            warning.message.contains("no words of its own in `sw`"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn bad_values_are_all_reported() {
        let errors =
            parse_str("title = \"T\"\nbase_url = \"x.org\"\nlanguage = \"english language\"\n")
                .unwrap_err();
        let lines: Vec<_> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(lines, vec![(2, 12), (3, 12)]);
    }
}
