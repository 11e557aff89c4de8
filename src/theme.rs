//! The theme: Tera templates and static files. The built-in theme (the repository's
//! `templates/` and `static/`) is compiled into the binary; a site's own files override it
//! file by file.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use tera::{Kwargs, State, Tera, Value};
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::Error;
use crate::render::jsonld;
use crate::strings::{self, Strings, Tables};

static BUILT_IN_TEMPLATES: Dir = include_dir!("$CARGO_MANIFEST_DIR/templates");
static BUILT_IN_STATIC: Dir = include_dir!("$CARGO_MANIFEST_DIR/static");

pub const TEMPLATES_DIR: &str = "templates";
pub const STATIC_DIR: &str = "static";

/// Compiled templates and the static files to copy to the output's root.
pub struct Theme {
    pub tera: Tera,
    /// `(path relative to the output root, contents)`, site files replacing built-in ones.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// The words faqgen writes into pages itself, in the site's own language.
    pub strings: Arc<Strings>,
    /// The same in each of the site's other languages, by tag.
    translations: Arc<BTreeMap<String, Arc<Strings>>>,
    /// What in the site's own templates works, but not as it should.
    pub warnings: Vec<crate::Diagnostic>,
}

/// The built-in theme, overridden by the files in `root/templates` and `root/static`, speaking
/// the language of `config`.
pub fn load(root: &Path, config: &Config) -> Result<Theme, Error> {
    let mut templates = embedded(&BUILT_IN_TEMPLATES);
    take_strings(&mut templates)?;
    let mut site_templates = read_dir(&root.join(TEMPLATES_DIR))?;
    let tables = Tables::built_in().with_site(take_strings(&mut site_templates)?)?;
    let strings = Arc::new(Strings::new(&config.language, &tables, &config.strings));
    let translations: Arc<BTreeMap<String, Arc<Strings>>> = Arc::new(
        config
            .languages
            .iter()
            .map(|t| {
                let words = Strings::new(&t.code, &tables, &t.strings);
                (t.code.clone(), Arc::new(words))
            })
            .collect(),
    );
    let mut warnings: Vec<crate::Diagnostic> =
        site_templates.iter().filter_map(template_warning).collect();
    if !tables.has(&config.language) {
        warnings.extend(config.untranslated.clone());
    }
    for translation in &config.languages {
        if !tables.has(&translation.code) {
            warnings.extend(translation.untranslated.clone());
        }
    }
    overlay(&mut templates, site_templates);
    let mut static_files = embedded(&BUILT_IN_STATIC);
    overlay(&mut static_files, read_dir(&root.join(STATIC_DIR))?);

    let mut tera = Tera::new();
    tera.register_filter("json_ld", json_ld);
    let (own, others) = (Arc::clone(&strings), Arc::clone(&translations));
    tera.register_function("t", move |kwargs: Kwargs, state: &State| {
        // In the language of the page's site.
        let site: Option<Value> = state.get("site").ok().flatten();
        let language = site.as_ref().and_then(|s| s.get_from_path("language"));
        let words = language
            .and_then(Value::as_str)
            .and_then(|l| others.get(l))
            .unwrap_or(&own);
        translate(words, kwargs, state)
    });
    let sources: Vec<(String, String)> = templates
        .into_iter()
        .map(|(name, bytes)| {
            String::from_utf8(bytes)
                .map(|text| (name.clone(), text))
                .map_err(|_| Error::Template(format!("{name} is not UTF-8 text")))
        })
        .collect::<Result<_, _>>()?;
    tera.add_raw_templates(sources)
        .map_err(|e| Error::Template(e.to_string()))?;
    Ok(Theme {
        tera,
        static_files,
        strings,
        translations,
        warnings,
    })
}

impl Theme {
    /// The words faqgen writes in `language`, one of the site's.
    pub fn strings_for(&self, language: &str) -> &Strings {
        self.translations.get(language).unwrap_or(&self.strings)
    }
}

/// A site's own copy of the search box that does not hand the panel's words to its script (a
/// copy made before they were in the table of strings): its messages would show their keys.
fn template_warning((name, bytes): &(String, Vec<u8>)) -> Option<crate::Diagnostic> {
    const SEARCH_BOX: &str = "partials/search.html";
    let text = String::from_utf8_lossy(bytes);
    let hands_words = text.contains("search_words") || text.contains("data-text-");
    (name == SEARCH_BOX && text.contains("data-search") && !hands_words).then(|| {
        let path = Path::new(TEMPLATES_DIR).join(SEARCH_BOX);
        crate::Diagnostic::file_error(
            &path,
            1,
            1,
            "the search box hands no words to the search panel (no `data-text-…` attributes): its messages would show their keys",
        )
        .with_help("add `{% for attribute, text in site.search_words %} {{ attribute }}=\"{{ text }}\"{% endfor %}` to the element with `data-search`, as the built-in partial does")
        .warning()
    })
}

/// Takes the tables of strings out of `templates` (they are not templates): their names
/// relative to `strings/`, and their text.
fn take_strings(templates: &mut Vec<(String, Vec<u8>)>) -> Result<Vec<(String, Vec<u8>)>, Error> {
    if templates.iter().any(|(name, _)| name == "strings.toml") {
        // Where a site changed faqgen's words before they came in several languages.
        return Err(Error::Template(format!(
            "{TEMPLATES_DIR}/strings.toml: a site's own words are now set in faqgen.toml's `[strings]` table (or in {TEMPLATES_DIR}/{}/LANGUAGE.toml); move them there",
            strings::DIR
        )));
    }
    let prefix = format!("{}/", strings::DIR);
    let (tables, others) = std::mem::take(templates)
        .into_iter()
        .partition(|(name, _)| name.starts_with(&prefix));
    *templates = others;
    Ok(tables
        .into_iter()
        .map(|(name, bytes): (String, Vec<u8>)| (name[prefix.len()..].to_string(), bytes))
        .collect())
}

/// `{{ t(key="updated", date=…) }}`: the string `key` in the site's language, HTML-escaped,
/// with each other argument put in place of its `{name}`: escaped, unless it is marked safe
/// (a link built in the template). With `count`, the plural form for it is taken.
fn translate(strings: &Strings, kwargs: Kwargs, state: &State) -> tera::TeraResult<Value> {
    let key: &str = kwargs.must_get("key")?;
    let count: Option<u64> = kwargs.get("count")?;
    let text = match count {
        Some(count) => strings.counted_text(key, count),
        None => strings.text(key),
    };
    let text = text.ok_or_else(|| tera::Error::message(format!("unknown string `{key}`")))?;
    // The fields are filled in one pass over the string, so that a value holding `{x}` is
    // never filled in again.
    let mut values = std::collections::HashMap::new();
    for (name, value) in kwargs.iter() {
        let name = name.as_str().unwrap_or_default();
        if name == "key" {
            continue;
        }
        let filled = match (value.is_safe(), value.as_str()) {
            (true, Some(safe)) => safe.to_string(),
            (false, Some(text)) => state.escape(text)?,
            _ => state.escape(&value.to_string())?,
        };
        values.insert(name, filled);
    }
    let mut html = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let field = rest[open + 1..]
            .find('}')
            .map(|close| &rest[open + 1..open + 1 + close])
            .filter(|name| values.contains_key(name));
        html.push_str(&state.escape(&rest[..open])?);
        match field {
            Some(name) => {
                html.push_str(&values[name]);
                rest = &rest[open + name.len() + 2..];
            }
            None => {
                html.push('{');
                rest = &rest[open + 1..];
            }
        }
    }
    html.push_str(&state.escape(rest)?);
    Ok(Value::safe_string(&html))
}

fn embedded(dir: &Dir) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for file in dir.files() {
            files.push((slash_path(file.path()), file.contents().to_vec()));
        }
        stack.extend(dir.dirs());
    }
    files.sort();
    files
}

/// Every file under `dir`, by path relative to it; none if the folder does not exist.
fn read_dir(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Error> {
    files_under(dir)?
        .into_iter()
        .map(|(name, path)| {
            std::fs::read(&path)
                .map(|contents| (name, contents))
                .map_err(|source| Error::Read { path, source })
        })
        .collect()
}

/// The paths of the theme's static files in the output: the built-in ones and the site's.
pub fn static_paths(root: &Path) -> Result<Vec<String>, Error> {
    let mut paths: Vec<String> = embedded(&BUILT_IN_STATIC)
        .into_iter()
        .map(|(name, _)| name)
        .chain(
            files_under(&root.join(STATIC_DIR))?
                .into_iter()
                .map(|(name, _)| name),
        )
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// Every file under `dir` that stays inside the site and is not hidden: its path relative to
/// `dir` (with `/`), and on disk.
fn files_under(dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let site = dir
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .unwrap_or_else(|| dir.to_path_buf());
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    for item in walker.filter_entry(|e| crate::load::stays_inside(&site, e)) {
        let item = item.map_err(|e| Error::Read {
            path: dir.to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        let hidden = item.file_name().to_string_lossy().starts_with('.');
        if item.file_type().is_file() && !hidden {
            let name = slash_path(item.path().strip_prefix(dir).unwrap_or(item.path()));
            files.push((name, item.into_path()));
        }
    }
    Ok(files)
}

fn overlay(base: &mut Vec<(String, Vec<u8>)>, site: Vec<(String, Vec<u8>)>) {
    for (name, contents) in site {
        match base.iter_mut().find(|(existing, _)| *existing == name) {
            Some(slot) => slot.1 = contents,
            None => base.push((name, contents)),
        }
    }
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `{{ value | json_ld }}`: structured data that cannot break out of its `<script>`.
fn json_ld(value: Value, _: Kwargs, _: &State) -> tera::TeraResult<Value> {
    let json = jsonld::to_script_json(&value).map_err(|e| tera::Error::message(e.to_string()))?;
    Ok(Value::safe_string(&json))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded theme is the one on disk: nothing forgotten, nothing stale.
    #[test]
    fn embedded_theme_matches_the_folders() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            embedded(&BUILT_IN_TEMPLATES),
            read_dir(&root.join(TEMPLATES_DIR)).unwrap()
        );
        assert_eq!(
            embedded(&BUILT_IN_STATIC),
            read_dir(&root.join(STATIC_DIR)).unwrap()
        );
    }

    #[test]
    fn site_files_override_by_name() {
        let mut base = vec![("a.html".to_string(), b"built-in".to_vec())];
        overlay(
            &mut base,
            vec![
                ("a.html".into(), b"site".to_vec()),
                ("b.html".into(), b"new".to_vec()),
            ],
        );
        assert_eq!(
            base,
            [
                ("a.html".to_string(), b"site".to_vec()),
                ("b.html".into(), b"new".to_vec())
            ]
        );
    }

    #[test]
    fn t_escapes_fills_each_field_once_and_counts() {
        let strings = Arc::new(Strings::english());
        let mut tera = Tera::new();
        tera.register_function("t", move |kwargs: Kwargs, state: &State| {
            translate(&strings, kwargs, state)
        });
        tera.add_raw_template(
            "t.html",
            r#"{{ t(key="tagged", tag="<b>{site}</b>") }}|{% set d %}<time>x</time>{% endset %}{{ t(key="updated", date=d) }}|{{ t(key="question_count", count=1) }}|{{ t(key="question_count", count=2) }}"#,
        )
        .unwrap();
        let out = tera.render("t.html", &tera::Context::new()).unwrap();
        assert_eq!(
            out,
            "Tagged “&lt;b&gt;{site}&lt;/b&gt;”|Updated <time>x</time>|1 question|2 questions"
        );
    }

    #[test]
    fn json_ld_filter_escapes() {
        let mut tera = Tera::new();
        tera.register_filter("json_ld", json_ld);
        tera.add_raw_template("t.html", "{{ v | json_ld }}")
            .unwrap();
        let mut context = tera::Context::new();
        context.insert("v", &serde_json::json!({"name": "</script><!--"}));
        let out = tera.render("t.html", &context).unwrap();
        assert_eq!(out, r#"{"name":"\u003c/script\u003e\u003c!--"}"#);
    }
}
