//! A Zola or Hugo content folder of FAQ pages: one Markdown file per question (or a page
//! bundle's `index.md`), TOML (`+++`) or YAML (`---`) front matter with `title` as the
//! question, the body as the answer; subfolders are sections, titled by their `_index.md`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

use super::{Document, Imported, Section, malformed};
use crate::error::Error;

/// Front-matter keys that faqgen reads; the others are reported, not imported.
const READ_KEYS: &[&str] = &[
    "title",
    "weight",
    "tags",
    "taxonomies",
    "date",
    "lastmod",
    "updated",
    "draft",
    "aliases",
];

pub fn read(root: &Path) -> Result<Document, Error> {
    let all: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .collect();
    let relative = |e: &walkdir::DirEntry| {
        e.path()
            .strip_prefix(root)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/")
    };
    // Translations are either side by side (`faq.fr.md` beside `faq.md`, as Zola and Hugo
    // name them) or in a folder per language (`en/faq.md`, `fr/faq.md`). Each file's language
    // ("" without one) and its path without it:
    let in_folders = language_folders(&all.iter().map(relative).collect::<Vec<_>>());
    let mut languages: BTreeMap<String, Vec<(String, std::path::PathBuf)>> = BTreeMap::new();
    let mut outside = Vec::new();
    for file in &all {
        let path = relative(file);
        let (language, path) = match in_folders {
            true => match path.split_once('/') {
                Some((language, rest)) => (language.to_ascii_lowercase(), rest.to_string()),
                None => {
                    outside.push(path);
                    continue;
                }
            },
            false => match translation_of(&path) {
                Some(language) => {
                    let stem = &path[..path.len() - ".md".len() - language.len() - 1];
                    (language, format!("{stem}.md"))
                }
                None => (String::new(), path),
            },
        };
        languages
            .entry(language)
            .or_default()
            .push((path, file.path().to_path_buf()));
    }
    // The site's own language: the files without a suffix, else English, else the language
    // with the most files. The others are its translations.
    let own = if languages.contains_key("") {
        String::new()
    } else if languages.contains_key("en") {
        "en".to_string()
    } else {
        languages
            .iter()
            .max_by_key(|(_, files)| files.len())
            .map(|(l, _)| l.clone())
            .unwrap_or_default()
    };
    let own_files = languages.remove(&own).unwrap_or_default();
    let mut document = read_language(root, &own_files)?;
    for path in outside {
        document.note(
            1,
            format!("{path}: outside the folders of the languages: not imported"),
        );
    }
    for (language, files) in languages {
        let source = match in_folders {
            true => root.join(&language),
            false => std::path::PathBuf::from(format!("{} ({language})", root.display())),
        };
        let mut translation = read_language(&source, &files)?;
        translation.language = Some(language.clone());
        document.note(
            1,
            format!(
                "{} file{} in `{language}`: imported as translations, beside their originals (`x.{language}.md`); publish them with `[languages.{language}]` in faqgen.toml",
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            ),
        );
        document.translations.push(translation);
    }
    Ok(document)
}

/// Whether the files (paths relative to the folder) are in a folder per language: every
/// top-level folder is named like a language (`en`, `fr`, `pt-br`), there are two or more,
/// and no question is outside them.
fn language_folders(paths: &[String]) -> bool {
    let mut folders = std::collections::BTreeSet::new();
    let mut inside: HashMap<&str, usize> = HashMap::new();
    for path in paths {
        match path.split_once('/') {
            Some((folder, rest)) if is_language(folder) => {
                folders.insert(folder);
                *inside.entry(rest).or_insert(0) += 1;
            }
            Some(_) => return false,
            None if path.starts_with("_index") => {}
            None => return false,
        }
    }
    // The same page in two of them: two-letter folders of one language (`ui/`, `db/`) are
    // not languages.
    folders.len() >= 2 && inside.values().any(|&count| count >= 2)
}

/// The questions and sections of one language's `files` (each with its path relative to the
/// folder, without the language, and on disk); `source` names where they were read.
fn read_language(source: &Path, files: &[(String, std::path::PathBuf)]) -> Result<Document, Error> {
    let mut document = Document::new(source);
    let mut sections: HashMap<String, usize> = HashMap::new();
    let mut unread: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for (relative, path) in files {
        let relative = relative.clone();
        let text = super::utf8(
            path,
            std::fs::read(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?,
        )?;
        let (front, body) = split(path, &text)?;
        // The answer's first line in its file, after the front matter.
        let answer_line = text[..text.len() - body.trim_start().len()]
            .matches('\n')
            .count()
            + 1;
        // Without its language: `_index.en.md` is an `_index.md`, `index.fr.md` an `index.md`.
        let name = relative.rsplit('/').next().unwrap_or_default().to_string();
        // A page bundle (`question/index.md`) is its folder's entry, not a section.
        let folder = match relative.rsplit_once('/') {
            Some((folder, _)) if name == "index.md" => {
                folder.rsplit_once('/').map_or("", |(parent, _)| parent)
            }
            Some((folder, _)) => folder,
            None => "",
        };
        let title = front
            .get("title")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default()
            .to_string();
        if name == "_index.md" {
            if folder.is_empty() {
                document.title = Some(title).filter(|t| !t.is_empty());
                document.intro = body.trim().to_string();
            } else {
                let s = section(&mut document, &mut sections, folder);
                if !title.is_empty() {
                    document.sections[s].title = title;
                }
                document.sections[s].description = body.trim().to_string();
            }
            continue;
        }
        if title.is_empty() {
            document.note(
                1,
                format!("{relative}: skipped, it has no `title` (the question)"),
            );
            continue;
        }
        // A title that states a topic ("Brush stroke won't end") with the question in the
        // summary: the summary is what readers ask.
        let summary = front
            .get("summary")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| s.ends_with('?') && !title.ends_with('?'));
        let title = match summary {
            Some(question) => {
                document.note(
                    1,
                    format!("{relative}: “{title}”: its `summary` is the question: “{question}”"),
                );
                question.to_string()
            }
            None => title,
        };
        if body.trim().is_empty() {
            document.note(
                1,
                format!("{relative}: “{title}” skipped, it has no answer"),
            );
            continue;
        }
        // Taxonomies other than tags (Zola's `[taxonomies] categories = [...]`) are reported
        // like any other key.
        let other_taxonomies = front
            .get("taxonomies")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|t| t.keys())
            .filter(|k| k.as_str() != "tags")
            .map(|k| format!("taxonomies.{k}"));
        let summary_used = summary.is_some();
        let keys = front
            .keys()
            .filter(|k| !READ_KEYS.contains(&k.as_str()))
            .filter(|k| !(summary_used && k.as_str() == "summary"))
            .cloned()
            .chain(other_taxonomies);
        for key in keys {
            let seen = unread.entry(key).or_insert((0, relative.clone()));
            seen.0 += 1;
        }
        // Hugo's links to pages (`{{< relref "printing" >}}`) name the page: a link the import
        // can follow.
        let body = page_references(body);
        if body.contains("{{<") || body.contains("{{%") || body.contains("{% ") {
            document.note(
                1,
                format!(
                    "{relative}: warning: the answer uses shortcodes, which faqgen shows as written"
                ),
            );
        }
        let section = (!folder.is_empty()).then(|| section(&mut document, &mut sections, folder));
        let mut s = section;
        while let Some(i) = s {
            document.sections[i].questions += 1;
            s = document.sections[i].parent;
        }
        let updated = ["updated", "lastmod", "date"]
            .iter()
            .find_map(|k| front.get(*k))
            .and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                other => other
                    .get("$__toml_private_datetime")
                    .and_then(Value::as_str)
                    .map(String::from),
            })
            .and_then(|date| date.get(..10).map(String::from))
            .filter(|d| jiff::civil::Date::strptime("%Y-%m-%d", d).is_ok());
        let tags = front
            .get("tags")
            .or_else(|| front.get("taxonomies").and_then(|t| t.get("tags")))
            .and_then(Value::as_array)
            .map(|tags| {
                tags.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let mut anchors = vec![format!("file:{relative}")];
        // The addresses it had before (Zola's and Hugo's `aliases`) are its old addresses in
        // faqgen too (`moved_from`), and still name it in links.
        let moved_from: Vec<String> = front
            .get("aliases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        for alias in &moved_from {
            if let Some(last) = alias
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .filter(|l| !l.is_empty())
            {
                anchors.push(format!("file:{last}"));
            }
        }
        if name == "index.md" {
            anchors.push(format!(
                "file:{}",
                relative.rsplit_once('/').map_or("", |(folder, _)| folder)
            ));
        }
        let slug = if name == "index.md" {
            relative
                .rsplit_once('/')
                .and_then(|(folder, _)| folder.rsplit('/').next())
        } else {
            Some(name.trim_end_matches(".md"))
        };
        document.entries.push(Imported {
            question: title,
            answer: body.trim().to_string(),
            answer_line,
            file: Some(relative.clone()),
            slug: slug.map(String::from),
            section,
            tags,
            weight: front.get("weight").and_then(Value::as_i64),
            draft: front.get("draft").and_then(Value::as_bool).unwrap_or(false),
            updated,
            moved_from,
            line: 1,
            anchors,
            ..Imported::default()
        });
    }
    for (key, (count, first)) in unread {
        document.note(
            1,
            format!(
                "front-matter key `{key}` (in {count} file{}, first {first}): not imported",
                if count == 1 { "" } else { "s" },
            ),
        );
    }
    Ok(document)
}

/// `text` with Hugo's `{{< relref "x" >}}` and `{{< ref "x" >}}` replaced by `x`.
fn page_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{<") {
        let Some(end) = rest[start..].find(">}}").map(|e| start + e + 3) else {
            break;
        };
        let inner = rest[start + 3..end - 3].trim();
        let name = inner
            .strip_prefix("relref")
            .or_else(|| inner.strip_prefix("ref"))
            .map(|n| n.trim().trim_matches('"'));
        out.push_str(&rest[..start]);
        match name {
            Some(name) if !name.is_empty() && !name.contains(' ') => out.push_str(name),
            _ => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The language of a translation's file name (`renew.fr.md`, `_index.pt-br.md`), as Zola and
/// Hugo name them.
fn translation_of(name: &str) -> Option<String> {
    let stem = name.strip_suffix(".md")?;
    let (_, suffix) = stem.rsplit_once('.')?;
    is_language(suffix).then(|| suffix.to_ascii_lowercase())
}

/// Whether `name` looks like a language tag, as file and folder names write them: `fr`,
/// `pt-br`, `zh-hans`.
fn is_language(name: &str) -> bool {
    (match name.split_once('-') {
        Some((language, region)) => language.len() == 2 && (2..=4).contains(&region.len()),
        None => name.len() == 2,
    }) && name.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        && crate::strings::is_known_language(name)
}

/// The section of `folder` (relative to the root), made with its parents if need be.
fn section(document: &mut Document, sections: &mut HashMap<String, usize>, folder: &str) -> usize {
    if let Some(&s) = sections.get(folder) {
        return s;
    }
    let (parent, name) = match folder.rsplit_once('/') {
        Some((parent, name)) => (Some(section(document, sections, parent)), name),
        None => (None, folder),
    };
    document.sections.push(Section {
        title: name.replace(['-', '_'], " "),
        slug: Some(name.to_string()),
        parent,
        line: 1,
        ..Section::default()
    });
    let s = document.sections.len() - 1;
    sections.insert(folder.to_string(), s);
    s
}

/// Front matter (as a JSON value) and body.
fn split<'a>(
    path: &Path,
    text: &'a str,
) -> Result<(serde_json::Map<String, Value>, &'a str), Error> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    for (fence, is_toml) in [("+++", true), ("---", false)] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let Some(end) = rest.find(&format!("\n{fence}")) else {
            return Err(malformed(
                path,
                1,
                format!("front matter opened with `{fence}` is never closed"),
            ));
        };
        let front = &rest[..end];
        let body = rest[end + 1 + fence.len()..].trim_start_matches(['\r', '\n']);
        let value: Value = if is_toml {
            toml::from_str(front)
                .map_err(|e| malformed(path, 2, format!("TOML front matter: {}", e.message())))?
        } else {
            serde_yaml::from_str(front).map_err(|e| {
                malformed(
                    path,
                    1 + e.location().map_or(1, |l| l.line()),
                    format!("YAML front matter: {e}"),
                )
            })?
        };
        return match value {
            Value::Object(map) => Ok((map, body)),
            Value::Null => Ok((serde_json::Map::new(), body)),
            _ => Err(malformed(path, 2, "front matter is not a table of keys")),
        };
    }
    Ok((serde_json::Map::new(), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_yaml_pages_in_sections() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("billing/refund")).unwrap();
        std::fs::write(root.join("_index.md"), "+++\ntitle = \"Help\"\n+++\n").unwrap();
        std::fs::write(
            root.join("billing/_index.md"),
            "---\ntitle: Billing and payments\n---\nMoney.\n",
        )
        .unwrap();
        std::fs::write(root.join("billing/card.md"), "+++\ntitle = \"Can I pay by card?\"\nweight = 2\ndate = 2024-03-05\n[taxonomies]\ntags = [\"cards\"]\n[extra]\nicon = \"x\"\n+++\nYes.\n").unwrap();
        std::fs::write(
            root.join("billing/refund/index.md"),
            "---\ntitle: Refunds?\ndraft: true\n---\nWithin 30 days.\n",
        )
        .unwrap();
        let document = read(root).unwrap();
        assert_eq!(document.title.as_deref(), Some("Help"));
        assert_eq!(document.sections[0].title, "Billing and payments");
        let card = &document.entries[0];
        assert_eq!(
            (card.question.as_str(), card.weight, card.tags.clone()),
            ("Can I pay by card?", Some(2), vec!["cards".to_string()])
        );
        assert_eq!(card.updated.as_deref(), Some("2024-03-05"));
        let refund = &document.entries[1];
        assert!(refund.draft && refund.section == Some(0));
        assert!(
            document.notes.iter().any(|(_, n)| n.contains("`extra`")),
            "{:?}",
            document.notes
        );
    }

    #[test]
    fn hugo_page_references_name_the_page() {
        assert_eq!(
            page_references(
                "See [this]({{< relref \"printing\" >}}) and {{< figure src=\"x\" >}}."
            ),
            "See [this](printing) and {{< figure src=\"x\" >}}."
        );
    }

    #[test]
    fn translations_side_by_side_are_read_as_translations() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, text) in [
            ("_index.en.md", "---\ntitle: Help\n---\n"),
            ("_index.fr.md", "---\ntitle: Aide\n---\n"),
            (
                "colors.en.md",
                "---\ntitle: Why red?\n---\nToo many trackers.\n",
            ),
            (
                "colors.fr.md",
                "---\ntitle: Pourquoi rouge ?\n---\nTrop de pisteurs.\n",
            ),
        ] {
            std::fs::write(root.join(name), text).unwrap();
        }
        let document = read(root).unwrap();
        assert_eq!(document.title.as_deref(), Some("Help"));
        let questions = |d: &Document| -> Vec<String> {
            d.entries.iter().map(|e| e.question.clone()).collect()
        };
        assert_eq!(questions(&document), ["Why red?"]);
        let french = &document.translations[0];
        assert_eq!(french.language.as_deref(), Some("fr"));
        assert_eq!(questions(french), ["Pourquoi rouge ?"]);
        assert_eq!(french.entries[0].file, document.entries[0].file);
        assert!(
            document.notes[0]
                .1
                .starts_with("2 files in `fr`: imported as translations")
        );
        assert_eq!(translation_of("renew.pt-br.md").as_deref(), Some("pt-br"));
        assert_eq!(translation_of("version.1.2.md"), None);
    }

    #[test]
    fn a_folder_per_language_is_read_as_translations() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, text) in [
            (
                "en/loans/renew.md",
                "---\ntitle: How do I renew?\n---\nOnline.\n",
            ),
            (
                "fr/loans/renew.md",
                "---\ntitle: Comment renouveler ?\n---\nEn ligne.\n",
            ),
            ("fr/loans/_index.md", "---\ntitle: Prêts\n---\n"),
        ] {
            std::fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
            std::fs::write(root.join(name), text).unwrap();
        }
        let document = read(root).unwrap();
        assert_eq!(document.entries[0].file.as_deref(), Some("loans/renew.md"));
        let french = &document.translations[0];
        assert_eq!(french.entries[0].file.as_deref(), Some("loans/renew.md"));
        assert_eq!(french.sections[0].title, "Prêts");
        assert_eq!(french.source, root.join("fr"));
        assert!(!language_folders(&["en/a.md".into(), "docs/b.md".into()]));
        assert!(!language_folders(&["en/a.md".into()]));
        // Two-letter folders that are not languages, or share no page.
        assert!(!language_folders(&[
            "ui/theme.md".into(),
            "db/theme.md".into()
        ]));
        assert!(!language_folders(&["en/a.md".into(), "fr/b.md".into()]));
        assert_eq!(translation_of("config.js.md"), None);
    }
}
